"""NIK handling: the number itself is never stored, logged or returned.

``nik_hash`` is an HMAC-SHA256 keyed with ``settings.NIK_HASH_KEY`` (from the environment), so
the same person can be recognised across groups and imports without keeping the number, and
someone holding the database alone cannot test guesses. ``nik_mask`` keeps the first four
digits (the province and regency of registration) and the last four.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

NIK_PATTERN = re.compile(r"^\d{16}$")


def nik_clean(raw: str) -> str | None:
    """The 16-digit NIK without spaces or dots, or None if it is not one."""
    digits = re.sub(r"[\s.\-]", "", raw or "")
    return digits if NIK_PATTERN.match(digits) else None


def nik_hash(nik: str) -> str:
    key = str(settings.NIK_HASH_KEY).encode()
    return hmac.new(key, nik.encode(), hashlib.sha256).hexdigest()


def nik_mask(nik: str) -> str:
    return f"{nik[:4]}{'*' * 8}{nik[-4:]}"


def mask_free_text(value: str) -> str:
    """Mask anything NIK-shaped in a value echoed back in an error report."""
    return re.sub(r"\d{16}", lambda m: nik_mask(m.group(0)), value)
