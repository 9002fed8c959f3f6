"""Interventions in headless Chromium against the real server (demo data): the list and map,
the create form with its region picker, and a reviewer approving from the queue."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems, screenshot
from tests.browser.test_partners import sign_in


def test_the_list_and_map_show_public_work_and_filter(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/kegiatan/")
    table = page.locator("#intervention-table")
    expect(table).to_contain_text("Rehabilitasi sosial korban NAPZA")
    # Internal demo work (Dinsos' PKH graduation) is not shown to the public.
    expect(table).not_to_contain_text("graduasi keluarga PKH")
    page.wait_for_function(
        "Number(document.getElementById('intervention-map').dataset.points || 0) > 0"
    )
    expect(page.locator("path.intervention-marker").first).to_be_visible()
    screenshot(page, "interventions-list-map")
    page.locator("#id_function").select_option("pendidikan")
    page.get_by_role("button", name="Terapkan saringan").click()
    expect(table).to_contain_text("Beasiswa dan rumah belajar")
    expect(table).not_to_contain_text("NAPZA")
    assert problems.items == []


def test_a_partner_records_an_intervention_with_the_region_picker(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    sign_in(page, sinergi_url, "mitra")
    page.goto(sinergi_url + "/kegiatan/saya/")
    page.get_by_role("link", name="Kegiatan baru").first.click()
    page.locator("#id_ref").fill("SBF-BROWSER-01")
    page.locator("#id_title").fill("Konseling adiksi keliling")
    page.locator("#id_function").select_option("rehabilitasi_sosial")
    page.locator("#region-search").fill("Surabaya")
    option = page.locator("#region-results li", has_text="35.78")
    option.click()
    expect(page.locator("#id_locations")).to_have_value("35.78 0 0")
    page.locator("#id_locations").fill("35.78 120 30")
    screenshot(page, "interventions-form")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("h1")).to_have_text("Konseling adiksi keliling")
    expect(page.locator("#locations")).to_contain_text("Kota Surabaya")
    screenshot(page, "interventions-detail")
    assert problems.items == []


def test_a_national_admin_approves_from_the_queue(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    sign_in(page, sinergi_url, "admin")
    page.goto(sinergi_url + "/kegiatan/tinjauan/")
    cards = page.locator("#queue > li")
    before = cards.count()
    assert before >= 1
    screenshot(page, "interventions-queue")
    cards.first.get_by_role("button", name="Setujui").click()
    expect(page.locator(".messages")).to_contain_text("disetujui")
    expect(cards).to_have_count(before - 1)
    assert problems.items == []
