"""The shared pager of paginated lists (web/_pager.html)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


def _pager(number: int, query: str) -> str:
    page = Paginator(list(range(60)), 25).get_page(number)
    with translation.override("en"):
        return render_to_string("web/_pager.html", {"page": page, "query": query})


def test_links_keep_the_filters_and_name_the_page_once() -> None:
    html = _pager(2, "status=ongoing&q=lansia")  # as QueryDict.urlencode() gives it
    assert 'href="?status=ongoing&amp;q=lansia&amp;page=1"' in html
    assert 'href="?status=ongoing&amp;q=lansia&amp;page=3"' in html
    assert "Page 2 of 3" in html


def test_without_filters_the_links_are_the_page_alone() -> None:
    html = _pager(1, "")
    assert 'href="?page=2"' in html and "Previous" not in html


def test_a_single_page_has_no_pager() -> None:
    page = Paginator(list(range(5)), 25).get_page(1)
    assert render_to_string("web/_pager.html", {"page": page, "query": ""}).strip() == ""
