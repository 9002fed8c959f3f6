"""Recommendations, the plan and the etalase in headless Chromium against the real server
(demo data): a coordinator publishes a need, a partner adopts it and the planned intervention
appears; the partner's recommendations; the national plan with its comparison charts."""

from __future__ import annotations

from playwright.sync_api import FilePayload, Page, expect

from tests.browser.conftest import PageProblems, screenshot
from tests.browser.test_partners import sign_in


def test_a_coordinator_publishes_and_a_partner_adopts(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    sign_in(page, sinergi_url, "dinsos.jabar")
    page.goto(sinergi_url + "/sinergi/etalase/")
    expect(page.locator("#needs")).to_contain_text("Rehabilitasi korban NAPZA")
    page.get_by_role("link", name="Terbitkan kebutuhan").click()
    page.locator("#id_region").fill("32.73")
    page.locator("#id_target_group").select_option("NAPZA")
    page.locator("#id_title").fill("Pendampingan pasca-rehabilitasi NAPZA (uji peramban)")
    page.locator("#id_people").fill("80")
    page.locator("#id_budget_idr").fill("240000000")
    evidence: FilePayload = {
        "name": "bukti.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n%%EOF\n",
    }
    page.locator("#id_evidence").set_input_files(files=evidence)
    screenshot(page, "synergy-etalase-publish")
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    expect(page.locator("#need-status")).to_have_text("Terbuka")
    need_url = page.url
    page.context.clear_cookies()

    sign_in(page, sinergi_url, "mitra")
    page.goto(sinergi_url + "/sinergi/etalase/?status=open&target_group=NAPZA")
    page.get_by_role("link", name="Pendampingan pasca-rehabilitasi NAPZA (uji peramban)").click()
    page.locator("#id_people").fill("80")
    page.locator("#id_budget_idr").fill("240000000")
    screenshot(page, "synergy-etalase-adopt")
    page.get_by_role("button", name="Adopsi", exact=True).click()
    # The adoption is a planned intervention of the partner, linked to the need.
    expect(page.locator("h1")).to_have_text("Pendampingan pasca-rehabilitasi NAPZA (uji peramban)")
    expect(page.locator("body")).to_contain_text("ETALASE-")
    screenshot(page, "synergy-etalase-intervention")
    page.goto(need_url)
    expect(page.locator("#need-status")).to_have_text("Diadopsi")
    expect(page.locator("#adoptions")).to_contain_text("PT Sehat Bangsa Farma (Demo)")
    screenshot(page, "synergy-etalase-adopted")
    assert problems.items == []


def test_a_partner_sees_where_it_can_help_most(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    sign_in(page, sinergi_url, "mitra")
    page.goto(sinergi_url + "/sinergi/rekomendasi/")
    expect(page.locator("h1")).to_contain_text("PT Sehat Bangsa Farma (Demo)")
    rows = page.locator("#recommendations tbody tr")
    expect(rows.first).to_contain_text("membutuhkan bantuan")
    assert rows.count() >= 5
    screenshot(page, "synergy-recommendations")
    rows.first.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("Siapa yang cocok")
    expect(page.locator("#recommendations")).to_be_visible()
    screenshot(page, "synergy-recommendations-region")
    assert problems.items == []


def test_a_planner_compares_scenarios(page: Page, sinergi_url: str, problems: PageProblems) -> None:
    sign_in(page, sinergi_url, "admin")
    page.goto(sinergi_url + "/sinergi/rencana/")
    expect(page.locator("#scenarios")).to_contain_text("Dasar (Demo)")
    form = page.locator("#scenario-form")
    form.locator("#id_name").fill("Biaya lansia naik")
    form.locator("#id_cost_group").select_option("LUT")
    form.locator("#id_cost_idr").fill("4000000")
    form.get_by_role("button", name="Hitung dan simpan").click()
    expect(page.locator(".messages")).to_contain_text("Biaya lansia naik")
    expect(page.locator("#scenario-charts svg")).to_have_count(3)
    expect(page.locator("#scenarios")).to_contain_text("Biaya lansia naik")
    screenshot(page, "synergy-plan")
    assert problems.items == []
    # A download aborts the page's own request by design: checked apart from the problems.
    with page.expect_download() as download:
        page.locator("#scenarios a", has_text="XLSX").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
