"""Text folding for matching what people type. Pure functions."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def search_key(text: str) -> str:
    """Lower case, no accents or punctuation, single spaces: 'Kab. Bandung' → 'kab bandung'."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_text.lower()).strip()
