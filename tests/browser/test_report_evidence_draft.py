"""Attaching or removing an evidence file keeps the narrative being typed: it is saved as the
draft first ("Draf disimpan") and is still there when the page comes back."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems, screenshot
from tests.browser.test_partners import sign_in


def test_evidence_changes_keep_the_typed_narrative(
    page: Page, sinergi_url: str, problems: PageProblems, tmp_path: Path
) -> None:
    sign_in(page, sinergi_url, "mitra")
    page.goto(sinergi_url + "/kegiatan/saya/")
    page.locator("#due a, #returned a").first.click()
    report_url = page.url
    narrative = page.locator("#id_narrative")
    narrative.fill("Kunjungan ke 12 rumah; belum disimpan sebelum foto dilampirkan.")
    photo = tmp_path / "foto-draf.png"
    Image.new("RGB", (40, 30), (11, 110, 79)).save(photo)
    page.locator("#evidence-title").fill("Foto draf")
    page.locator("#evidence-file").set_input_files(str(photo))
    page.get_by_role("button", name="Tambahkan berkas bukti").click()
    messages = page.locator(".messages")
    expect(messages).to_contain_text("Draf disimpan")
    expect(messages).to_contain_text("Berkas bukti ditambahkan")
    expect(narrative).to_have_value(
        "Kunjungan ke 12 rumah; belum disimpan sebelum foto dilampirkan."
    )
    row = page.locator("#evidence-files tr", has_text="Foto draf")
    expect(row).to_have_count(1)

    narrative.fill("Narasi diubah lalu berkas dihapus.")
    row.locator("button").click()
    expect(page.locator(".messages")).to_contain_text("Draf disimpan")
    expect(page.locator("#evidence-files tr", has_text="Foto draf")).to_have_count(0)
    # Stored, not only echoed: a fresh load of the report shows it.
    page.goto(report_url)
    expect(page.locator("#id_narrative")).to_have_value("Narasi diubah lalu berkas dihapus.")
    screenshot(page, "interventions-evidence-draft")
    assert problems.items == []
