"""Region-name normalisation. Pure functions."""

from __future__ import annotations

from sinergi.core.text import search_key

__all__ = ["core_name", "search_key"]

# Prefixes people often leave out or abbreviate when they type a regency or city name.
_ADMIN_PREFIXES = ("kabupaten ", "kab ", "kota ", "kota administrasi ", "provinsi ", "prov ")


def core_name(key: str) -> str:
    """The search key without an administrative prefix: 'kota bandung' → 'bandung'."""
    for prefix in _ADMIN_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key
