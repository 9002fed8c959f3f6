"""The map page in headless Chromium against a running server."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems, screenshot


def wait_ready(page: Page) -> None:
    page.wait_for_function("document.body.dataset.mapReady === 'true'", timeout=30_000)


def test_the_national_map_loads_cleanly(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/peta/")
    wait_ready(page)
    expect(page.locator("body")).to_have_attribute("data-map-level", "province")
    expect(page.locator("body")).to_have_attribute("data-map-features", "38")
    assert page.locator("path[data-code]").count() >= 38
    expect(page.locator("#legend")).to_contain_text("Kepadatan penduduk")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    screenshot(page, "map-national")
    assert problems.items == []


def test_drill_from_province_to_regency_to_district(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/peta/")
    wait_ready(page)
    page.locator('path[data-code="32"]').first.dispatch_event("click")
    page.wait_for_function("document.body.dataset.mapLevel === 'regency'")
    wait_ready(page)
    expect(page.locator("body")).to_have_attribute("data-map-parent", "32")
    expect(page.locator("#facts-name")).to_have_text("Jawa Barat")
    expect(page.locator("#breadcrumb")).to_contain_text("Jawa Barat")
    screenshot(page, "map-province-32")

    page.locator('path[data-code="32.73"]').first.dispatch_event("click")
    page.wait_for_function("document.body.dataset.mapLevel === 'district'")
    wait_ready(page)
    expect(page.locator("body")).to_have_attribute("data-map-features", "30")
    expect(page.locator("#facts")).to_contain_text("2.591.763")
    screenshot(page, "map-regency-32.73")

    page.locator('path[data-code="32.73.01"]').first.dispatch_event("click")
    page.wait_for_function("document.body.dataset.mapSelected === '32.73.01'")
    wait_ready(page)
    crumbs = page.locator("#breadcrumb li")
    expect(crumbs).to_have_count(4)
    expect(page).to_have_url(re.compile(r"wilayah=32\.73\.01$"))
    screenshot(page, "map-district-32.73.01")

    crumbs.nth(1).locator("button").click()  # back up to the province
    page.wait_for_function("document.body.dataset.mapParent === '32'")
    assert problems.items == []


def test_search_jumps_to_a_village(page: Page, sinergi_url: str, problems: PageProblems) -> None:
    page.goto(sinergi_url + "/peta/")
    wait_ready(page)
    page.fill("#region-search", "cipaganti")
    option = page.locator("#search-results [role=option]", has_text="Kota Bandung").first
    expect(option).to_contain_text("Coblong")
    option.dispatch_event("mousedown")
    page.wait_for_function("document.body.dataset.mapSelected === '32.73.02'")
    wait_ready(page)
    expect(page.locator("#facts-name")).to_have_text("Cipaganti")
    expect(page.locator("#breadcrumb")).to_contain_text("Coblong")
    expect(page.locator('path[data-code="32.73.02"]')).to_have_count(1)
    expect(page.locator("path.village-marker")).to_have_count(1)
    expect(page.locator(".leaflet-tooltip")).to_contain_text("Cipaganti")
    expect(page).to_have_url(re.compile(r"wilayah=32\.73\.02\.1001$"))
    screenshot(page, "map-village-search")
    assert problems.items == []


def test_typos_are_forgiven_and_the_keyboard_works(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/peta/")
    wait_ready(page)
    page.fill("#region-search", "surabya")
    expect(page.locator("#search-results [role=option]").first).to_contain_text("Surabaya")
    page.press("#region-search", "ArrowDown")
    page.press("#region-search", "Enter")
    page.wait_for_function("document.body.dataset.mapParent === '35.78'")
    assert problems.items == []


def test_english_is_one_click_away(page: Page, sinergi_url: str, problems: PageProblems) -> None:
    page.goto(sinergi_url + "/peta/?wilayah=35.78")
    wait_ready(page)
    page.locator("button[value=en]").click()
    wait_ready(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#legend")).to_contain_text("Population density")
    expect(page.locator("#facts-name")).to_have_text("Kota Surabaya")
    screenshot(page, "map-english")
    assert problems.items == []


def test_sign_in_as_a_demo_coordinator(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/akun/masuk/")
    page.fill("#id_username", "dinsos.jabar")
    page.fill("#id_password", "browser-demo-passphrase")
    page.click("main form button[type=submit]")
    expect(page.locator(".who")).to_contain_text("Dinsos Provinsi Jawa Barat")
    screenshot(page, "home-signed-in")
    assert problems.items == []
