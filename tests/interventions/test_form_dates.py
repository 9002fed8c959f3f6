"""Editing an intervention in either language keeps its dates: the edit form shows them as ISO
(what the browser's date picker accepts) and saving the form unchanged stores them again."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings

from sinergi.core.models import User
from sinergi.interventions.models import Intervention
from sinergi.partners.models import Organisation
from tests.formpage import form_values
from tests.interventions.factories import intervention

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", [None, "en"])
def test_saving_the_edit_form_unchanged_keeps_the_dates(
    client_for: Any, bob: User, mitra_a: Organisation, language: str | None
) -> None:
    made = intervention(mitra_a, start_date=date(2026, 2, 3), end_date=date(2026, 11, 30))
    client = client_for(bob)
    if language:  # None: no cookie, the Indonesian default
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/kegiatan/{made.pk}/ubah/")
    assert page.headers["Content-Language"] == (language or "id")
    values = form_values(page.content.decode(), "intervention-form")
    assert values["start_date"] == "2026-02-03" and values["end_date"] == "2026-11-30"

    response = client.post(f"/kegiatan/{made.pk}/ubah/", values)
    assert response.status_code == 302
    saved = Intervention.objects.get(pk=made.pk)
    assert (saved.start_date, saved.end_date) == (date(2026, 2, 3), date(2026, 11, 30))


@pytest.mark.parametrize("language", [None, "en"])
def test_a_date_typed_in_iso_is_stored_in_either_language(
    client_for: Any, bob: User, mitra_a: Organisation, language: str | None
) -> None:
    made = intervention(mitra_a)
    client = client_for(bob)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    values = form_values(client.get(f"/kegiatan/{made.pk}/ubah/").content.decode())
    values["end_date"] = "2027-01-31"
    assert client.post(f"/kegiatan/{made.pk}/ubah/", values).status_code == 302
    assert Intervention.objects.get(pk=made.pk).end_date == date(2027, 1, 31)
