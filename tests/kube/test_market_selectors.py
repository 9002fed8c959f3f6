"""The reads other pages build on: ledger series, health scores, order counts, market links,
the catalogue and suggestions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sinergi.core.calendar import months_between
from sinergi.kube.market_selectors import (
    CatalogueFilters,
    catalogue_list,
    health_score_for_group,
    health_scores,
    market_links,
    order_counts,
    revenue_by_group,
    suggestions_for_buyer,
)
from sinergi.kube.market_services import ledger_month_save
from sinergi.kube.mentoring import assignment_accept, session_record
from sinergi.kube.models import Assignment
from tests.kube.factories import SURABAYA_VILLAGE, group, mentor
from tests.kube.market_factories import buyer, order, product

pytestmark = pytest.mark.django_db


def test_months_between_crosses_years() -> None:
    assert months_between(date(2025, 11, 30), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert months_between(date(2026, 2, 1), date(2026, 1, 1)) == []


def test_health_score_from_the_database_matches_the_engine_by_hand(
    django_assert_num_queries: Any,
) -> None:
    the_group, other = group(), group(name="KUBE Anggrek", village="32.73.01.1002")
    item = product(the_group)
    first, second = buyer(), buyer(name="Toko Dua")
    # 10 units at Rp 14,000 delivered in June 2026 by two buyers -> revenue 280,000 in June.
    for who in (first, second):
        order(who, item, quantity=10, until="delivered", delivered_on=date(2026, 6, 10))
    ledger_month_save(
        actor=None,
        group=the_group,
        month=date(2026, 6, 1),
        other_revenue=Decimal(0),
        costs=Decimal(238_000),
        savings=Decimal(10_000),
        iks=Decimal(10_000),
    )
    the_mentor = mentor()
    assignment = Assignment.objects.create(group=the_group, mentor=the_mentor)
    assignment = assignment_accept(actor=None, assignment=assignment)
    for day in (5, 20):
        session_record(
            actor=None,
            assignment=assignment,
            held_on=date(2026, 6, day),
            topics="Pembukuan",
            attendance=5,
        )
    with django_assert_num_queries(4):
        scores = health_scores([the_group.pk, other.pk], as_of=date(2026, 6, 30))
    # trend: recent 280,000, prior 0 -> 1; margin 42,000 / 280,000 = 0.15 -> 0.5;
    # savings + IKS in 1 of 12 months each -> 2 / 24; buyers 2 / 3; sessions 2 / 6.
    expected = 100 * (0.25 * 1 + 0.25 * 0.5 + 0.2 * (2 / 24) + 0.15 * (2 / 3) + 0.15 * (2 / 6))
    assert scores[the_group.pk].score == round(expected, 1)
    assert scores[other.pk].score == 0.0
    assert health_score_for_group(the_group, as_of=date(2026, 6, 30)) == scores[the_group.pk]
    assert revenue_by_group([the_group.pk], date(2026, 1, 1), date(2026, 12, 1)) == {
        the_group.pk: 280_000
    }


def test_order_counts_and_market_links() -> None:
    the_group = group()
    item = product(the_group)
    one, two = buyer(), buyer(name="Toko Dua")
    order(one, item, until="paid")
    order(one, item, until="confirmed")
    order(two, item)
    order(two, item, until="cancelled")
    assert order_counts([the_group.pk]) == {
        the_group.pk: {"paid": 1, "confirmed": 1, "new": 1, "cancelled": 1}
    }
    # Only confirmed, delivered or paid orders count as a link: buyer two has none.
    assert market_links([the_group.pk]) == {the_group.pk: 1}


def test_catalogue_search_filters_and_pages(django_assert_num_queries: Any) -> None:
    bandung = group()
    surabaya = group(name="KUBE Surabaya", village=SURABAYA_VILLAGE)
    product(bandung, name="Kopi Ciwidéy", price=50_000)
    product(bandung, name="Keripik Pisang", price=10_000)
    product(surabaya, name="Batik Tulis", category="crafts", price=250_000)
    product(surabaya, name="Kopi Lama", active=False)
    with django_assert_num_queries(3):
        items, total = catalogue_list(CatalogueFilters(q="KOPI ciwidey"))
    assert ([p.name for p in items], total) == (["Kopi Ciwidéy"], 1)
    assert catalogue_list(CatalogueFilters(category="crafts"))[1] == 1
    assert catalogue_list(CatalogueFilters(region="32.73"))[1] == 2
    assert catalogue_list(CatalogueFilters(region="35"))[1] == 1
    price_band = CatalogueFilters(price_min=Decimal(20_000), price_max=Decimal(100_000))
    assert [p.name for p in catalogue_list(price_band)[0]] == ["Kopi Ciwidéy"]
    newest_first = [p.name for p in catalogue_list(CatalogueFilters())[0]]
    assert newest_first == ["Batik Tulis", "Keripik Pisang", "Kopi Ciwidéy"]
    page, total = catalogue_list(CatalogueFilters(), limit=1, offset=1)
    assert (len(page), total) == (1, 3)


def test_suggestions_prefer_category_then_distance() -> None:
    bandung = group()
    surabaya = group(name="KUBE Surabaya", village=SURABAYA_VILLAGE)
    near = product(bandung, name="Dodol")
    far = product(surabaya, name="Kerupuk")
    crafts = product(bandung, name="Anyaman", category="crafts")
    who = buyer(home="32.73", categories=("food_processing",))
    ranked = suggestions_for_buyer(who)
    assert [s.product.pk for s in ranked] == [near.pk, far.pk, crafts.pk]
    assert ranked[0].reason.category_match and not ranked[2].reason.category_match
    limited = buyer(home="32.73", regions=("35",), name="Jatim saja")
    assert [s.product.pk for s in suggestions_for_buyer(limited)] == [far.pk]
