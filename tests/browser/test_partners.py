"""Partners in headless Chromium against the real server: the invitation flow end to end (the
email is read from the server's mail folder), the directory and an agreement's progress."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DEMO_PASSWORD, PageProblems, screenshot

COMPANY = "PT Sehat Bangsa Farma (Demo)"


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/akun/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".who")).to_be_visible()


def invitation_link(mail_dir: Path, address: str) -> str:
    """The link in the newest email to ``address`` (the server writes one file per email)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
            text = path.read_text(encoding="utf-8")
            if address in text:
                match = re.search(r"(http://\S+/mitra/undangan/[^/\s]+/)", text)
                assert match is not None, text
                return match.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no email to {address} in {mail_dir}")


def test_a_partner_admin_invites_a_colleague_who_joins(
    page: Page,
    browser: Browser,
    sinergi_url: str,
    sinergi_data_dir: Path,
    problems: PageProblems,
) -> None:
    sign_in(page, sinergi_url, "mitra")
    page.get_by_role("link", name="Mitra", exact=True).click()
    page.get_by_role("link", name="Organisasi saya").click()
    expect(page.locator("h1")).to_contain_text(COMPANY)
    page.get_by_role("link", name="Tim", exact=True).click()
    expect(page.locator("#members")).to_contain_text("mitra")
    page.locator("#id_email").fill("dewi.browser@example.org")
    page.locator("#id_role").select_option("partner_editor")
    page.get_by_role("button", name="Kirim undangan").click()
    expect(page.locator(".messages")).to_contain_text(
        "Undangan dikirim ke dewi.browser@example.org"
    )
    expect(page.locator("#invitations")).to_contain_text("dewi.browser@example.org")
    screenshot(page, "partners-team-invited")

    link = invitation_link(sinergi_data_dir / "mail", "dewi.browser@example.org")
    assert link.startswith(sinergi_url)
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    newcomer = context.new_page()
    newcomer_problems = PageProblems(newcomer)
    newcomer.goto(link)
    expect(newcomer.locator("h1")).to_contain_text(f"Bergabung dengan {COMPANY}")
    newcomer.get_by_label("Nama lengkap").fill("Dewi Lestari")
    newcomer.get_by_label("Nama pengguna").fill("dewi.browser")
    newcomer.get_by_label("Pilih kata sandi").fill("terang-bulan-di-kota-2026")
    newcomer.get_by_label("Ulangi kata sandi").fill("terang-bulan-di-kota-2026")
    screenshot(newcomer, "partners-invitation-accept")
    newcomer.get_by_role("button", name="Buat akun dan bergabung").click()
    expect(newcomer.locator("h1")).to_contain_text(COMPANY)
    expect(newcomer.locator(".messages")).to_contain_text("Selamat bergabung")
    expect(newcomer.locator(".who")).to_have_text("Dewi Lestari")
    screenshot(newcomer, "partners-joined")
    context.close()

    page.reload()
    expect(page.locator("#members")).to_contain_text("Dewi Lestari")
    expect(page.locator("#members")).to_contain_text("dewi.browser@example.org")
    screenshot(page, "partners-team")
    assert problems.items == []
    assert newcomer_problems.items == []


def test_the_directory_filters_by_passion(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    page.goto(sinergi_url + "/mitra/")
    expect(page.locator("#result-count")).to_contain_text("6 organisasi")
    screenshot(page, "partners-directory")
    page.get_by_label("Kelompok sasaran").select_option("LUT")
    page.locator(".filters").get_by_role("button").click()
    expect(page.locator(".cards")).to_contain_text("PT Energi Lestari Kaltim (Demo)")
    expect(page.locator(".cards")).not_to_contain_text(COMPANY)
    page.get_by_role("link", name="PT Energi Lestari Kaltim (Demo)").click()
    expect(page.locator(".profile")).to_contain_text("Lanjut Usia Terlantar")
    expect(page.locator(".profile")).to_contain_text("ring 1")
    screenshot(page, "partners-profile")
    assert problems.items == []


def test_an_agreement_shows_progress_per_commitment(
    page: Page, sinergi_url: str, problems: PageProblems
) -> None:
    sign_in(page, sinergi_url, "admin")
    page.get_by_role("link", name="Kesepakatan", exact=True).click()
    expect(page.locator("#agreements")).to_contain_text("Nota Kesepahaman Pendampingan")
    screenshot(page, "partners-agreements")
    page.locator("#agreements").get_by_role("link", name="Nota Kesepahaman Pendampingan").click()
    bars = page.get_by_role("progressbar")
    expect(bars).to_have_count(2)
    for index in range(2):  # computed by the KUBE module where it registers the metric
        expect(bars.nth(index)).to_have_attribute("aria-valuenow", re.compile(r"^\d{1,3}$"))
    expect(page.locator("#commitment-list")).to_contain_text("dari 50 kelompok")
    expect(page.locator("#parties")).to_contain_text("Direktur Jenderal Pemberdayaan Sosial (Demo)")
    screenshot(page, "partners-agreement")
    page.goto(sinergi_url + "/kesepakatan/peringatan/")
    expect(page.locator(".alerts")).to_contain_text("Jatuh tempo dalam 20 hari")
    screenshot(page, "partners-alerts")
    assert problems.items == []
