"""Form pieces every app shares.

Dates: a browser's ``<input type="date">`` only understands ISO ``yyyy-mm-dd`` as its value,
whatever the page's language. Django's ``DateInput`` without an explicit format renders the
active locale's first input format instead (``%d-%m-%Y`` in Indonesian), which the browser
rejects and shows as an empty field, so saving the form unchanged blanked the stored dates.
Every date field therefore renders with :class:`IsoDateInput`; parsing already accepts ISO in
every language because Django appends the ISO formats to each locale's ``DATE_INPUT_FORMATS``
(``ISO_INPUT_FORMATS`` in ``django.utils.formats``), which a test holds us to.
"""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """A native date picker whose value is always ISO, in any language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)
