"""Read a rendered form the way a browser submits it: every named field's current value."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormValues(HTMLParser):
    def __init__(self, form_id: str | None) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = form_id is None
        self.values: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.select: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form" and self.form_id is not None:
            self.inside = found.get("id") == self.form_id
        # A control may name its form with form="…" from anywhere in the page.
        owner = found.get("form")
        belongs = owner == self.form_id if owner and self.form_id else self.inside
        if not belongs:
            return
        name = found.get("name")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in found:
                return
            if kind not in {"submit", "button", "file"}:
                self.values.append((name, found.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in found:
            self.values.append((self.select, found.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea is not None:
            self.values.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.form_id is not None:
            self.inside = False


def form_values(html: str, form_id: str | None = None) -> dict[str, str | list[str]]:
    """What submitting the form unchanged would post (lists where a name repeats)."""
    parser = _FormValues(form_id)
    parser.feed(html)
    merged: dict[str, str | list[str]] = {}
    for name, value in parser.values:
        if name in merged:
            previous = merged[name]
            merged[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            merged[name] = value
    return merged
