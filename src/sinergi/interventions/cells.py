"""Spreadsheet cells that cannot run as formulas (CSV injection), and back.

A downloaded CSV opens in Excel or LibreOffice, which run a cell beginning with ``=``, ``+``,
``-``, ``@`` (or a tab or carriage return before one) as a formula: a title typed by a partner
could then fetch or execute something on a reader's machine. Such text goes out with a leading
apostrophe (the spreadsheets' own "this is text" mark, OWASP's advice), and the upload takes the
apostrophe off again, so an export re-imports to the same records. Numbers go out as numbers.
"""

from __future__ import annotations

from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def formula_unsafe(text: str) -> str:
    """The text an exported cell stood for (``formula_safe`` undone)."""
    if text.startswith("'") and text[1:].startswith(_TRIGGERS):
        return text[1:]
    return text
