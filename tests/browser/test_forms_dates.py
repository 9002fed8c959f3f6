"""Date inputs keep their dates in both languages: the intervention, agreement and KUBE group
edit forms show the stored date in the picker (ISO value), a new date typed there is stored
(checked through the API), and the dates not touched stay as they were."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems, screenshot
from tests.browser.test_partners import sign_in

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _language(page: Page, base: str, language: str) -> None:
    """What the language switch stores: the ``django_language`` cookie (none: Indonesian)."""
    page.context.clear_cookies(name="django_language")
    if language != "id":
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])


def _edit_date(page: Page, edit_url: str, field: str, new: str, kept: str | None) -> str | None:
    """Open the edit form, check the picker shows the stored dates, set ``field``, save.
    Returns the untouched ``kept`` field's value as the form showed it."""
    page.goto(edit_url)
    date_input = page.locator(f"#id_{field}")
    expect(date_input).to_have_attribute("type", "date")
    before = date_input.input_value()
    assert before == "" or ISO.match(before), before
    kept_value = page.locator(f"#id_{kept}").input_value() if kept else None
    if kept:
        assert kept_value and ISO.match(kept_value), f"{kept} shown as {kept_value!r}"
    date_input.fill(new)
    page.locator(f"form:has(#id_{field}) button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/ubah/" not in url)
    return kept_value


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_intervention_form_keeps_and_saves_dates(
    page: Page, sinergi_url: str, problems: PageProblems, language: str
) -> None:
    sign_in(page, sinergi_url, "mitra")
    _language(page, sinergi_url, language)
    page.goto(sinergi_url + "/kegiatan/saya/")
    # "All its interventions": the list filtered to the partner's organisation.
    page.locator("main a[href^='/kegiatan/?organisation=']").first.click()
    hrefs = page.locator("main a[href]").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    link = next((h for h in hrefs if re.fullmatch(r"/kegiatan/\d+/", h)), None)
    assert link, "no intervention on the partner's page"
    intervention_id = int(link.strip("/").split("/")[-1])
    new = "2027-03-31" if language == "id" else "2027-04-30"
    start = _edit_date(page, f"{sinergi_url}{link}ubah/", "end_date", new, kept="start_date")
    expect(page.locator(".messages")).to_be_visible()
    stored = page.request.get(f"{sinergi_url}/api/v1/interventions/{intervention_id}").json()
    assert (stored["start_date"], stored["end_date"]) == (start, new)
    screenshot(page, f"forms-dates-intervention-{language}")
    assert problems.items == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_agreement_and_group_forms_save_dates(
    page: Page, sinergi_url: str, problems: PageProblems, language: str
) -> None:
    sign_in(page, sinergi_url, "admin")
    _language(page, sinergi_url, language)
    page.goto(sinergi_url + "/kesepakatan/")
    page.locator("#agreements a[href^='/kesepakatan/']").first.click()
    agreement_id = int(page.url.rstrip("/").split("/")[-1])
    new = "2028-12-31" if language == "id" else "2028-11-30"
    _edit_date(page, f"{sinergi_url}/kesepakatan/{agreement_id}/ubah/", "valid_until", new, None)
    stored = page.request.get(f"{sinergi_url}/api/v1/agreements/{agreement_id}").json()
    assert stored["valid_until"] == new

    page.goto(sinergi_url + "/kube/")
    page.locator("#group-table a[href^='/kube/kelompok/']").first.click()
    group_id = int(page.url.rstrip("/").split("/")[-1])
    formed = "2024-02-29" if language == "id" else "2024-03-01"
    _edit_date(page, f"{sinergi_url}/kube/kelompok/{group_id}/ubah/", "formed_on", formed, None)
    stored = page.request.get(f"{sinergi_url}/api/v1/kube/groups/{group_id}").json()
    assert stored["formed_on"] == formed
    screenshot(page, f"forms-dates-group-{language}")
    assert problems.items == []
