"""The Synergy dashboard in headless Chromium against the real server (demo data): the national
coverage map, drilling down into Jawa Barat, the gap view, and who may see which organisations
in the overlap table."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems, screenshot
from tests.browser.test_partners import sign_in

READY = "document.body.dataset.synergyReady === 'true'"


def test_the_dashboard_maps_coverage_and_drills_down(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/")
    page.locator("header nav a[href='/sinergi/']").click()
    expect(page.locator("h1")).to_contain_text("Sinergi")
    page.wait_for_function(READY)
    assert page.evaluate("Number(document.body.dataset.synergyRegions)") == 38
    expect(page.locator("#map-legend")).to_contain_text("Cakupan")
    screenshot(page, "synergy-national")
    # Down into Jawa Barat: its regencies, with the demo's overlapping work for the poor.
    page.locator("path.leaflet-interactive").first.wait_for()
    page.goto(sinergi_url + "/sinergi/?region=32&group=FM")
    page.wait_for_function(READY)
    assert page.evaluate("Number(document.body.dataset.synergyRegions)") == 27
    expect(page.locator("#breadcrumb")).to_contain_text("Jawa Barat")
    expect(page.locator("#region-summary")).to_contain_text("Cakupan, gabungan")
    # Over-coverage is shown apart from the gap (summed over the regions below).
    expect(page.locator("#region-summary")).to_contain_text("Kelebihan cakupan (gabungan)")
    expect(page.locator("#summary-over-covered")).to_have_text(re.compile(r"^[\d.]+$"))
    assert page.evaluate("Number(document.body.dataset.synergyOverlaps)") >= 1
    expect(page.locator("path.overlap-region").first).to_be_attached()
    table = page.locator("#overlap-table")
    expect(table).to_contain_text("Kabupaten Bandung")
    expect(table.locator("thead")).to_contain_text("Kelebihan cakupan")
    # The Dinsos PKH work is internal: counted, not named to the public.
    expect(table).to_contain_text("organisasi lain (tidak publik)")
    screenshot(page, "synergy-jawa-barat-coverage")
    page.get_by_role("button", name="Kesenjangan").click()
    expect(page.locator("#map-legend")).to_contain_text("belum terjangkau")
    assert page.evaluate("document.body.dataset.synergyMeasure") == "gap"
    screenshot(page, "synergy-jawa-barat-gap")
    # Clicking a regency goes down to its districts.
    page.locator("#blank-spots a").first.click()
    page.wait_for_function(READY)
    expect(page.locator("#synergy-map")).to_have_attribute("data-level", "district")
    screenshot(page, "synergy-regency")
    assert problems.items == []


def test_a_national_admin_sees_every_organisation_in_the_overlaps(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    sign_in(page, sinergi_url, "admin")
    page.goto(sinergi_url + "/sinergi/?region=32&group=FM")
    page.wait_for_function(READY)
    table = page.locator("#overlap-table")
    expect(table).not_to_contain_text("tidak publik")
    expect(table).to_contain_text("Dinas Sosial")
    screenshot(page, "synergy-admin-overlaps")
    assert problems.items == []
