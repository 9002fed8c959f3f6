"""Trusted numbers, end to end against the real server (demo data): a partner reports people
reached, the Synergy panel, the agreement's commitment and the organisation report show it only
as "dilaporkan, belum disetujui"; once a reviewer approves the report, all three count it.

Other browser tests share the server (and may approve demo reports), so every figure is read
before and compared by difference, never by an absolute demo number.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from sinergi.core.calendar import quarters_before
from tests.browser.conftest import CONDITION_TIMEOUT_MS, PageProblems, screenshot
from tests.browser.test_partners import sign_in

INTERVENTION = "Rehabilitasi sosial korban NAPZA berbasis komunitas"  # SBF-REHAB-01, Jawa Timur
AGREEMENT = "Perjanjian Kerja Sama Rehabilitasi Sosial Korban NAPZA di Jawa Timur (Demo)"
COMMITMENT = "Menjangkau 600 korban NAPZA"
DASHBOARD = "/sinergi/?region=35&group=NAPZA"
READY = "document.body.dataset.synergyReady === 'true'"
PEOPLE = 45


def number(text: str) -> int:
    """The first whole number in ``text``, Indonesian or English digit grouping."""
    match = re.search(r"\d[\d.,]*", text)
    assert match is not None, text
    return int(re.sub(r"[.,]", "", match.group(0)))


def eventually(page: Page, read: Callable[[], int], wanted: int) -> None:
    """Reload until ``read()`` gives ``wanted``: another gunicorn worker notices a change
    through the interventions' last update within a few seconds."""
    deadline = time.monotonic() + CONDITION_TIMEOUT_MS / 1000
    seen = read()
    while seen != wanted and time.monotonic() < deadline:
        page.wait_for_timeout(500)  # a poll interval between reloads, not a wait for a result
        page.reload()
        seen = read()
    assert seen == wanted


def panel(page: Page) -> tuple[int, int]:
    """(reached, reported-not-approved) in the Synergy panel for Jawa Timur, NAPZA."""
    page.wait_for_function(READY)
    reached = number(page.locator("#region-reached").inner_text())
    pending = number(page.locator("#region-pending").inner_text())
    return reached, pending


def commitment_value(page: Page) -> int:
    article = page.locator("article.commitment", has_text=COMMITMENT)
    return number(article.locator("p.meta strong").inner_text())


def organisation_report_reached(page: Page, base: str) -> int:
    link = page.locator("a[id^='report-pdf-']").first
    response = page.request.get(base + str(link.get_attribute("href")))
    assert response.ok and response.body().startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    # The figure stands on its own line under its label (the pending one on the next).
    match = re.search(r"Terjangkau \(disetujui\)\s*\n\s*(\d[\d.]*)\s*\n", text)
    assert match is not None, text[:2000]
    return int(match.group(1).replace(".", ""))


def submit_a_report(partner: Page) -> str:
    """As the partner: report ``PEOPLE`` reached on the demo's NAPZA work and submit it; the
    intervention page then shows them as reported, not approved. Returns the report's URL."""
    partner.get_by_role("link", name="Semua kegiatannya").first.click()
    partner.locator("#intervention-table").get_by_role("link", name=INTERVENTION).first.click()
    approved_before = number(partner.locator("#reach .reach-approved").inner_text())
    # A quarter the demo left without a report (it reports at most the last three).
    partner.locator("#period").fill(quarters_before(datetime.now(tz=UTC).date(), 6)[0])
    partner.get_by_role("button", name="Mulai laporan").click()
    value = partner.get_by_label(re.compile("Penerima manfaat yang selesai rehabilitasi sosial"))
    value.fill(str(PEOPLE))
    partner.get_by_role("button", name="Ajukan untuk ditinjau").click()
    expect(partner.locator("#report-status")).to_have_text("Diajukan")
    report_url = partner.url
    partner.get_by_role("link", name=INTERVENTION).click()
    expect(partner.locator("#reach .reach-approved")).to_have_text(str(approved_before))
    expect(partner.locator("#reach .reach-pending")).to_contain_text("dilaporkan, belum disetujui")

    return report_url


def test_a_report_counts_only_once_it_is_approved(
    page: Page, browser: Browser, sinergi_url: str, problems: PageProblems
) -> None:
    sign_in(page, sinergi_url, "admin")
    page.goto(sinergi_url + DASHBOARD)
    reached, pending = panel(page)
    page.goto(sinergi_url + "/kesepakatan/")
    page.locator("#agreements").get_by_role("link", name=AGREEMENT).click()
    agreement_url = page.url
    committed = commitment_value(page)

    partner_context = browser.new_context(locale="id-ID")
    partner = partner_context.new_page()
    partner.set_default_timeout(CONDITION_TIMEOUT_MS)
    sign_in(partner, sinergi_url, "mitra")
    partner.goto(sinergi_url + "/kegiatan/saya/")
    reported = organisation_report_reached(partner, sinergi_url)
    report_url = submit_a_report(partner)
    # Submitted: shown beside the counted figures, never in them.
    page.goto(sinergi_url + DASHBOARD)
    eventually(page, lambda: panel(page)[1], pending + PEOPLE)
    assert panel(page)[0] == reached
    expect(page.locator("#region-pending")).to_contain_text("dilaporkan, belum disetujui")
    screenshot(page, "trusted-synergy-pending")
    page.goto(agreement_url)
    assert commitment_value(page) == committed
    pending_line = page.locator("article.commitment", has_text=COMMITMENT).locator(".pending")
    expect(pending_line).to_contain_text("belum disetujui")
    partner.goto(sinergi_url + "/kegiatan/saya/")
    assert organisation_report_reached(partner, sinergi_url) == reported

    # Approved: counted everywhere.
    page.goto(report_url)
    page.get_by_role("button", name="Setujui").click()
    expect(page.locator(".messages")).to_contain_text("disetujui")
    page.goto(sinergi_url + DASHBOARD)
    eventually(page, lambda: panel(page)[0], reached + PEOPLE)
    assert panel(page)[1] == pending
    screenshot(page, "trusted-synergy-approved")
    page.goto(agreement_url)
    eventually(page, lambda: commitment_value(page), committed + PEOPLE)
    page.locator("article.commitment", has_text=COMMITMENT).scroll_into_view_if_needed()
    screenshot(page, "trusted-agreement-approved")
    partner.goto(sinergi_url + "/kegiatan/saya/")
    assert organisation_report_reached(partner, sinergi_url) == reported + PEOPLE
    partner_context.close()
    assert problems.items == []
