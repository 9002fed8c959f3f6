"""Home, region page and API docs in headless Chromium: everything is served locally."""

from __future__ import annotations

from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import PageProblems, screenshot


def test_home_page_says_what_sinergi_is(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/")
    expect(page.locator("h1")).to_contain_text("Petakan permasalahan sosial")
    expect(page.locator(".stats")).to_contain_text("83.762")
    screenshot(page, "home")
    assert problems.items == []


def test_region_page_links_down_and_to_the_map(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/wilayah/35.78/")
    expect(page.locator("h1")).to_have_text("Kota Surabaya")
    page.get_by_role("link", name="Tampilkan di peta").click()
    page.wait_for_function("document.body.dataset.mapParent === '35.78'")
    screenshot(page, "region-page-to-map")
    assert problems.items == []


def test_api_docs_load_with_nothing_from_outside(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    requested: list[str] = []

    def remember(request: Request) -> None:
        requested.append(request.url)

    page.on("request", remember)
    page.goto(sinergi_url + "/api/v1/docs")
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/regions/{code}")
    screenshot(page, "api-docs")
    outside = [url for url in requested if not url.startswith((sinergi_url, "data:"))]
    assert outside == []
    assert problems.items == []
