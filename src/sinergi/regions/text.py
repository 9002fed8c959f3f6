"""Text normalisation for region names. Pure functions."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Prefixes people often leave out or abbreviate when they type a regency or city name.
_ADMIN_PREFIXES = ("kabupaten ", "kab ", "kota ", "kota administrasi ", "provinsi ", "prov ")


def search_key(text: str) -> str:
    """Lower case, no accents or punctuation, single spaces: 'Kab. Bandung' → 'kab bandung'."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_text.lower()).strip()


def core_name(key: str) -> str:
    """The search key without an administrative prefix: 'kota bandung' → 'bandung'."""
    for prefix in _ADMIN_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key
