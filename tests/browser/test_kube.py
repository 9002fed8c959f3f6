"""KUBE pages in headless Chromium against the real server (demo data): the groups list and
map to a group profile with its charts; a coordinator runs the matching and accepts a
proposal; a mentor logs a session; members are masked for the coordinator and hidden from a
partner without scope; the dashboard and the KUBE section of a region page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems, screenshot
from tests.browser.test_partners import sign_in


def test_groups_list_map_and_profile_with_charts(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    sign_in(page, sinergi_url, "admin")
    page.get_by_role("link", name="KUBE", exact=True).click()
    table = page.locator("#group-table")
    expect(table).to_contain_text("(Demo)")
    page.wait_for_function("Number(document.getElementById('kube-map').dataset.points || 0) > 0")
    expect(page.locator("path.kube-marker").first).to_be_visible()
    page.locator("#id_stage").select_option("maju")
    page.get_by_role("button", name="Terapkan saringan").click()
    expect(table.locator(".stage-maju").first).to_be_visible()
    expect(table.locator(".stage-tumbuh")).to_have_count(0)
    screenshot(page, "kube-list")
    table.locator("a").first.click()
    expect(page.locator("#group-stage")).to_have_text(re.compile("maju", re.I))
    for chart in ("#stage-chart", "#capital-chart", "#session-chart", "#revenue-chart"):
        expect(page.locator(f"{chart} svg").first).to_be_visible()
    expect(page.locator("#assessments tbody tr")).not_to_have_count(0)
    screenshot(page, "kube-profile")
    page.goto(sinergi_url + "/kube/dasbor/")
    expect(page.locator("#dashboard-table")).to_contain_text("Jawa Barat")
    expect(page.locator("#graduation-chart svg")).to_be_visible()
    screenshot(page, "kube-dashboard")
    page.goto(sinergi_url + "/wilayah/32.73/")
    expect(page.locator("#section-kube")).to_contain_text("Kelompok")
    assert problems.items == []


def test_a_coordinator_runs_the_matching_and_accepts_a_proposal(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    sign_in(page, sinergi_url, "dinsos.jabar")
    page.goto(sinergi_url + "/kube/pencocokan/")
    expect(page.locator("#id_region")).to_have_value("32")
    page.get_by_role("button", name="Jalankan pencocokan").click()
    expect(page.locator(".messages")).to_contain_text("usulan")
    rows = page.locator("#proposals tbody tr")
    expect(rows.first).to_be_visible()
    expect(rows.first.locator(".reasons")).to_contain_text("km")
    before = rows.count()
    group_name = rows.first.locator("td").first.locator("a").inner_text()
    screenshot(page, "kube-matching")
    rows.first.get_by_role("button", name="Terima").click()
    expect(page.locator(".messages")).to_contain_text("Usulan diterima")
    expect(page.locator("#proposals tbody tr")).to_have_count(before - 1)
    expect(page.locator("#active-assignments")).to_contain_text(group_name)
    assert problems.items == []


def test_a_mentor_logs_a_session(page: Page, sinergi_url: str, problems: PageProblems) -> None:
    sign_in(page, sinergi_url, "mentor")
    page.goto(sinergi_url + "/kube/mentor/")  # a mentor lands on their own page
    expect(page.locator("#mentor-name")).to_contain_text("(Demo)")
    page.get_by_role("link", name="Catat sesi").first.click()
    page.locator("#id_topics").fill("Uji peramban: harga pokok produksi")
    page.locator("#id_action_items").fill("Hitung HPP\nPasang label harga")
    page.locator("#id_attendance").fill("4")
    screenshot(page, "kube-session-form")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".messages")).to_contain_text("Sesi tercatat")
    expect(page.locator("main")).to_contain_text("Uji peramban: harga pokok produksi")
    screenshot(page, "kube-mentor")
    assert problems.items == []


def test_members_are_masked_and_hidden_from_a_partner_without_scope(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    sign_in(page, sinergi_url, "dinsos.bandung")
    page.goto(sinergi_url + "/kube/")
    page.locator("#group-table a").first.click()
    page.locator("#members-link").click()
    cells = page.locator("#member-table code.nik")
    expect(cells.first).to_be_visible()
    for text in cells.all_inner_texts():
        assert re.fullmatch(r"\d{4}\*{8}\d{4}", text), text
    members_url = page.url
    screenshot(page, "kube-members")
    page.context.clear_cookies()  # signed out
    sign_in(page, sinergi_url, "mitra")
    page.goto(sinergi_url + "/kube/")
    expect(page.locator("#group-table")).to_have_count(0)
    # Let the page finish its own requests (map layer, icon): leaving mid-request aborts them.
    page.wait_for_load_state("networkidle")
    response = page.goto(members_url)
    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text("****")
    # The only problems: the expected 404 of the members page, and the console saying so.
    assert set(problems.items) == {
        f"HTTP 404: {members_url}",
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)",
    }
