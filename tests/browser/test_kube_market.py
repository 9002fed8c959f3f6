"""Pasar KUBE in headless Chromium against the real server and its demo: the catalogue's
search and filters, a buyer's inquiry, the group side's quote, the buyer's confirmation, the
delivery, and the revenue it books in the group's ledger."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PageProblems, screenshot
from tests.browser.test_partners import sign_in


def test_catalogue_search_and_filters(page: Page, sinergi_url: str, problems: PageProblems) -> None:
    page.goto(sinergi_url + "/")
    page.get_by_role("link", name="Pasar KUBE").first.click()
    expect(page.locator("h1")).to_have_text("Pasar KUBE")
    total = int(page.locator("#result-count").inner_text().split()[0].replace(".", ""))
    assert total > 100
    screenshot(page, "kube-market-catalogue")
    page.locator("#id_q").fill("KERIPIK singkong")
    page.get_by_role("button", name="Cari").click()
    cards = page.locator("#catalogue .product-card h2")
    expect(cards.first).to_contain_text("Keripik Singkong")
    assert all("Keripik Singkong" in name for name in cards.all_inner_texts())
    page.locator("#id_q").fill("")
    page.locator("#id_category").select_option("crafts")
    page.locator("#id_region").select_option("35")
    page.locator("#id_price_min").fill("60000")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#catalogue .product-card").first).to_be_visible()
    for text in page.locator("#catalogue .product-card").all_inner_texts():
        assert "Kerajinan" in text
        price = int(re.search(r"Rp ([\d.]+)", text).group(1).replace(".", ""))  # type: ignore[union-attr]
        assert price >= 60_000
    screenshot(page, "kube-market-catalogue-filtered")
    assert problems.items == []


def test_inquiry_quote_confirm_deliver_books_revenue(
    page: Page, browser: Browser, sinergi_url: str, problems: PageProblems
) -> None:
    # The buyer finds a Kota Bandung product and asks for a quote.
    sign_in(page, sinergi_url, "pembeli")
    page.goto(sinergi_url + "/pasar/?region=32.73")
    page.locator("#catalogue .product-card h2 a").first.click()
    product = page.locator("h1").inner_text()
    page.locator("#id_quantity").fill("7")
    page.locator("#id_message").fill("Untuk acara kantor")
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.locator(".messages")).to_contain_text("Permintaan Anda telah dikirim")
    expect(page.locator("#order-history")).to_contain_text("Permintaan baru")
    order_url = page.url
    screenshot(page, "kube-market-inquiry-sent")

    # The group side (the Kota Bandung coordinator) quotes.
    seller_context = browser.new_context(viewport={"width": 1400, "height": 900})
    seller = seller_context.new_page()
    seller_problems = PageProblems(seller)
    sign_in(seller, sinergi_url, "dinsos.bandung")
    seller.goto(order_url)
    expect(seller.locator("#order-facts")).to_contain_text(product)
    seller.locator("#unit-price").fill("12000")
    seller.get_by_role("button", name="Kirim penawaran").click()
    expect(seller.locator("#order-total")).to_contain_text("84.000")
    screenshot(seller, "kube-market-quoted")

    # The buyer confirms.
    page.reload()
    page.get_by_role("button", name="Konfirmasi pesanan").click()
    expect(page.locator("#order-history")).to_contain_text("Dikonfirmasi")

    # The group side delivers: the revenue lands in the group's ledger.
    seller.reload()
    seller.get_by_role("button", name="Tandai sudah dikirim").click()
    expect(seller.locator("#order-history")).to_contain_text("Terkirim")
    order_number = order_url.rstrip("/").rsplit("/", 1)[-1]
    seller.get_by_role("link", name="Buku kas kelompok").click()
    expect(seller.locator("#revenue-lines")).to_contain_text(f"#{order_number}")
    expect(seller.locator("#revenue-lines")).to_contain_text("84.000")
    expect(seller.locator("#health")).to_be_visible()
    screenshot(seller, "kube-market-ledger")
    seller.locator("#revenue-lines").scroll_into_view_if_needed()
    screenshot(seller, "kube-market-ledger-revenue")

    # Both sides see the order in their lists.
    page.goto(sinergi_url + "/pasar/pesanan/")
    expect(page.locator("#orders")).to_contain_text(f"#{order_number}")
    screenshot(page, "kube-market-buyer-orders")
    seller.goto(sinergi_url + "/pasar/pesanan/")
    expect(seller.locator("#orders")).to_contain_text(f"#{order_number}")
    assert problems.items == [] and seller_problems.items == []
    seller_context.close()
