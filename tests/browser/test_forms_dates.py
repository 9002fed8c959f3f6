"""Date inputs keep their dates in both languages: the intervention and agreement edit forms
show the stored date in the picker (ISO value), a new date typed there (and in a KUBE group's
capital form: the group edit form has no date) is stored, checked through the API, and the
dates not touched stay as they were."""

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


def _edit_date(
    page: Page, edit_url: str, field: str, new: str, kept: str | None, *, opened: bool = False
) -> str | None:
    """Open the edit form (unless ``opened``), check the picker shows the stored dates, set
    ``field``, save. Returns the untouched ``kept`` field's value as the form showed it."""
    if not opened:
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
    page.wait_for_url(lambda url: url != edit_url)
    return kept_value


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_intervention_form_keeps_and_saves_dates(
    page: Page, sinergi_url: str, problems: PageProblems, language: str
) -> None:
    sign_in(page, sinergi_url, "mitra")
    _language(page, sinergi_url, language)
    # The partner's own intervention: the one its due (or returned) report belongs to.
    page.goto(sinergi_url + "/kegiatan/saya/")
    page.locator("#due a, #returned a").first.click()
    page.locator("p.meta a[href^='/kegiatan/']").first.click()
    # Until the intervention page has loaded, going on to its edit form aborts it.
    page.wait_for_url(re.compile(r"/kegiatan/\d+/$"), wait_until="load")
    link = "/" + page.url.split("/", 3)[3]
    assert re.fullmatch(r"/kegiatan/\d+/", link), link
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
    received = "2026-02-27" if language == "id" else "2026-03-02"
    capital_url = f"{sinergi_url}/kube/kelompok/{group_id}/modal/"
    page.goto(capital_url)
    page.locator("#id_amount").fill("1234567")
    page.locator("#id_source").select_option("ministry")
    _edit_date(page, capital_url, "received_on", received, None, opened=True)
    stored = page.request.get(f"{sinergi_url}/api/v1/kube/groups/{group_id}").json()
    assert {"received_on": received, "amount": "1234567"} in [
        {"received_on": g["received_on"], "amount": str(g["amount"]).split(".")[0]}
        for g in stored["grants"]
    ]
    screenshot(page, f"forms-dates-group-{language}")
    assert problems.items == []
