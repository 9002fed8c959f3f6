"""The atlas in headless Chromium: the layer picker, level switch, classification and
legend on the map, hover values, and a region's profile page with its PDF."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, PageProblems, screenshot
from tests.browser.test_map import wait_ready


def choose_layer(page: Page, key: str) -> None:
    page.select_option("#layer-picker", key)
    page.wait_for_function(f"document.body.dataset.mapLayer === '{key}'")
    wait_ready(page)


def test_the_picker_groups_layers_by_theme_and_colours_the_map(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/peta/")
    wait_ready(page)
    groups = page.locator("#layer-picker optgroup")
    labels = [groups.nth(i).get_attribute("label") for i in range(groups.count())]
    assert "Indeks kebutuhan" in labels
    assert "Kemiskinan" in labels
    assert "Penerima pelayanan kesejahteraan sosial (PPKS)" in labels or any(
        "PPKS" in (label or "") for label in labels
    )
    assert page.locator("#layer-picker option").count() > 26  # every PPKS group has a map
    choose_layer(page, "poverty_rate")
    expect(page.locator("#legend")).to_contain_text("Persentase penduduk miskin")
    assert int(page.locator("body").get_attribute("data-map-values") or 0) >= 34
    period = page.locator("#period-picker").input_value()
    assert period.startswith("20")
    page.locator('path[data-code="32"]').first.hover()
    expect(page.locator(".leaflet-tooltip")).to_contain_text("Jawa Barat")
    expect(page.locator(".leaflet-tooltip")).to_contain_text("%")
    screenshot(page, "atlas-map-poverty-rate")
    assert problems.items == []


def test_the_level_switch_and_classification_redraw_the_legend(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/peta/")
    wait_ready(page)
    choose_layer(page, "pin.FM")
    district = page.locator('#level-switch button[data-level="district"]')
    expect(district).to_be_disabled()  # districts come within a chosen area
    page.locator('#level-switch button[data-level="regency"]').click()
    page.wait_for_function("document.body.dataset.mapLevel === 'regency'")
    wait_ready(page)
    expect(page.locator("body")).to_have_attribute("data-map-features", "514")
    assert int(page.locator("body").get_attribute("data-map-values") or 0) > 400
    expect(page.locator("#layer-note")).to_contain_text("≈")  # modelled estimates say so
    quantiles = page.locator("#legend").inner_text()
    page.select_option("#class-picker", "natural_breaks")
    expect(page.locator("body")).to_have_attribute("data-map-classification", "natural_breaks")
    expect(page.locator("#legend")).to_contain_text("Jenks")
    assert page.locator("#legend").inner_text() != quantiles
    expect(page.locator("#legend")).to_contain_text("Tidak ada data")
    screenshot(page, "atlas-map-pin-fm-regencies")

    page.locator('path[data-code="32.73"]').first.dispatch_event("click")
    page.wait_for_function("document.body.dataset.mapLevel === 'district'")
    wait_ready(page)
    expect(page.locator("#facts-profile")).to_have_attribute("href", "/atlas/wilayah/32.73/")
    page.locator('#level-switch button[data-level="regency"]').click()
    page.wait_for_function("document.body.dataset.mapLevel === 'regency'")
    wait_ready(page)
    expect(page.locator("body")).to_have_attribute("data-map-parent", "32")
    page.locator('#level-switch button[data-level="district"]').click()
    page.wait_for_function("document.body.dataset.mapLevel === 'district'")
    wait_ready(page)
    expect(page.locator("#layer-note")).to_contain_text("DEMO")  # district counts are demo data
    assert int(page.locator("body").get_attribute("data-map-values") or 0) == int(
        page.locator("body").get_attribute("data-map-features") or -1
    )
    screenshot(page, "atlas-map-pin-fm-districts")
    assert problems.items == []


def test_the_need_index_shows_its_method_beside_the_map(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/peta/")
    wait_ready(page)
    choose_layer(page, "need_index")
    expect(page.locator("#layer-method")).to_be_visible()
    expect(page.locator("#layer-method")).to_contain_text("Persentase penduduk miskin (P0)")
    expect(page.locator("#layer-downloads a")).to_have_count(4)
    screenshot(page, "atlas-map-need-index")
    assert problems.items == []


def test_a_region_profile_with_trends_ranks_people_in_need_and_pdf(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/atlas/wilayah/32.73/")
    expect(page.locator("#profile-name")).to_have_text("Kota Bandung")
    expect(page.locator("#need-index")).to_contain_text("Peringkat")
    assert page.locator("#headline .figure-card").count() >= 8
    assert page.locator("#headline .trend svg").count() >= 2
    expect(page.locator("#pin-table tbody tr")).to_have_count(26)
    expect(page.locator(".demo-banner")).to_be_visible()
    assert page.locator("#sources li").count() >= 3
    expect(page.locator("#profile-map svg")).to_have_count(1)
    screenshot(page, "atlas-profile-32.73")
    page.screenshot(path=str(ARTIFACTS / "atlas-profile-32.73-full.png"), full_page=True)
    pdf = page.request.get(sinergi_url + "/atlas/wilayah/32.73/pdf/")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert problems.items == []
