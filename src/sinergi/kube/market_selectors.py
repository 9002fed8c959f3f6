"""Reads for KUBE market linkage: the public catalogue, suggestions, orders, ledgers and the
business-health score. Each returns what a page or endpoint shows in a fixed number of queries.

For other pages (dashboards, group profiles, region profiles) the stable entry points are:

- ``ledger_monthly_series(group_ids, start, end)``: ``{group_id: [LedgerRow, …]}`` per month;
- ``revenue_by_group(group_ids, start, end)``: total revenue per group;
- ``health_scores(group_ids, as_of=…)`` / ``health_score_for_group(group, as_of=…)``;
- ``order_counts(group_ids)``: ``{group_id: {status: count}}``;
- ``market_links(group_ids, start, end)``: distinct buyers with a confirmed/delivered/paid
  order per group.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from sinergi.core.access import Principal
from sinergi.core.calendar import add_months, month_start, months_between
from sinergi.core.text import search_key
from sinergi.kube.access import managed_groups_q
from sinergi.kube.engines.health import (
    WINDOW_MONTHS,
    HealthInput,
    HealthScore,
    MonthFigures,
    health_score,
)
from sinergi.kube.engines.suggestions import Suggestion, suggest
from sinergi.kube.mentoring import region_centroids as centroids
from sinergi.kube.models import (
    Buyer,
    Group,
    LedgerMonth,
    Order,
    OrderEvent,
    OrderRevenue,
    OrderStatus,
    Product,
    ProductPhoto,
    Session,
)
from sinergi.regions.models import Region

CATALOGUE_RELATED = ("group", "group__village__parent__parent__parent")


# --- catalogue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFilters:
    q: str | None = None
    category: str | None = None
    region: str | None = None  # province or regency code (any level): the group's village within
    price_min: Decimal | None = None
    price_max: Decimal | None = None


def catalogue_query(filters: CatalogueFilters) -> QuerySet[Product]:
    """Active products matching the filters (accent- and case-insensitive name search)."""
    query = Product.objects.filter(active=True)
    if filters.q and search_key(filters.q):
        for word in search_key(filters.q).split():
            query = query.filter(search_name__contains=word)
    if filters.category:
        query = query.filter(category=filters.category)
    if filters.region:
        code = filters.region
        query = query.filter(
            Q(group__village_id=code) | Q(group__village__code__startswith=code + ".")
        )
    if filters.price_min is not None:
        query = query.filter(price__gte=filters.price_min)
    if filters.price_max is not None:
        query = query.filter(price__lte=filters.price_max)
    return query


def catalogue_list(
    filters: CatalogueFilters, *, limit: int = 24, offset: int = 0
) -> tuple[list[Product], int]:
    """One page of the public catalogue and the total (three queries: count, page, photos)."""
    query = catalogue_query(filters)
    return list(catalogue_page_query(query)[offset : offset + limit]), query.count()


def catalogue_page_query(query: QuerySet[Product]) -> QuerySet[Product]:
    """What a catalogue page shows of each product, newest first."""
    return (
        query.select_related(*CATALOGUE_RELATED)
        .prefetch_related("photos")
        .order_by("-created_at", "-id")
    )


def catalogue_regions() -> list[tuple[str, str]]:
    """Provinces and regencies that have active products, as (code, label), for the filter
    (two queries)."""
    villages = set(Product.objects.filter(active=True).values_list("group__village_id", flat=True))
    codes = {v[:2] for v in villages} | {v[:5] for v in villages}
    names = dict(Region.objects.filter(pk__in=codes).values_list("pk", "name"))
    return [
        (code, names.get(code, code) if len(code) == 2 else f"— {names.get(code, code)}")
        for code in sorted(codes)
    ]


def product_list_for_group(group: Group) -> list[Product]:
    """All products of a group, active or not, with photos and order counts."""
    return list(
        group.products.prefetch_related("photos")
        .annotate(order_count=Count("orders"))
        .order_by("-active", "name", "id")
    )


def product_photo_get(product: Product, photo_id: int) -> ProductPhoto | None:
    return ProductPhoto.objects.filter(product=product, pk=photo_id).first()


# --- suggestions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductSuggestion:
    product: Product
    reason: Suggestion


def _known(value: float) -> float | None:
    return None if math.isnan(value) else value


def suggestions_for_buyer(buyer: Buyer, *, limit: int = 10) -> list[ProductSuggestion]:
    """Active products for a buyer by category match and centroid distance (three queries).

    Candidates are restricted to the buyer's regions of interest when it named any."""
    query = Product.objects.filter(active=True)
    codes = [r.pk for r in buyer.regions.all()]
    if codes:
        in_regions = Q(pk__in=[])
        for code in codes:
            in_regions |= Q(group__village_id=code) | Q(group__village__code__startswith=code + ".")
        query = query.filter(in_regions)
    candidates = list(query.select_related(*CATALOGUE_RELATED).order_by("id")[:5000])
    where = centroids({p.group.village_id for p in candidates} | {buyer.home_region_id})
    home = where[buyer.home_region_id]
    located = [where[p.group.village_id] for p in candidates]
    ranked = suggest(
        buyer_categories=list(buyer.categories),
        buyer_lat=_known(home[0]),
        buyer_lng=_known(home[1]),
        categories=[p.category for p in candidates],
        lats=[_known(lat) for lat, _lng in located],
        lngs=[_known(lng) for _lat, lng in located],
        limit=limit,
    )
    return [ProductSuggestion(candidates[s.index], s) for s in ranked]


# --- orders ----------------------------------------------------------------------------------


def _order_related(query: QuerySet[Order]) -> QuerySet[Order]:
    return query.select_related("buyer", "product", "group", "group__village")


def order_list_for_buyer(buyer: Buyer, *, status: str | None = None) -> QuerySet[Order]:
    query = Order.objects.filter(buyer=buyer)
    if status:
        query = query.filter(status=status)
    return _order_related(query).order_by("-created_at", "-id")


def order_list_for_seller(
    principal: Principal, *, status: str | None = None, group: Group | None = None
) -> QuerySet[Order]:
    """Orders of the groups the principal may change (the group side)."""
    query = Order.objects.filter(group__in=Group.objects.filter(managed_groups_q(principal)))
    if group is not None:
        query = query.filter(group=group)
    if status:
        query = query.filter(status=status)
    return _order_related(query).order_by("-created_at", "-id")


def order_events(order: Order) -> list[OrderEvent]:
    return list(order.events.select_related("actor").order_by("at", "id"))


def order_counts(group_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """``{group_id: {status: count}}`` (one query; statuses without orders are absent)."""
    result: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Order.objects.filter(group_id__in=list(group_ids))
        .values_list("group_id", "status")
        .annotate(n=Count("id"))
    )
    for group_id, status, count in rows:
        result[group_id][status] = count
    return dict(result)


def market_links(
    group_ids: Iterable[int], start: date | None = None, end: date | None = None
) -> dict[int, int]:
    """Distinct buyers per group with a market link in [start, end] (inclusive; open ends
    allowed): an order delivered (or delivered and paid) within the period, or confirmed by
    the period's end and awaiting delivery. One query."""
    delivered = Q(status__in=(OrderStatus.DELIVERED, OrderStatus.PAID))
    confirmed = Q(status=OrderStatus.CONFIRMED)
    if start is not None:
        delivered &= Q(delivered_on__gte=start)
    if end is not None:
        delivered &= Q(delivered_on__lte=end)
        confirmed &= Q(confirmed_at__date__lte=end)
    rows = (
        Order.objects.filter(Q(group_id__in=list(group_ids)) & (delivered | confirmed))
        .values("group_id")
        .annotate(n=Count("buyer_id", distinct=True))
    )
    return {row["group_id"]: row["n"] for row in rows}


# --- ledger and health -----------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    month: date
    order_revenue: Decimal
    other_revenue: Decimal
    costs: Decimal
    savings: Decimal
    iks: Decimal
    entered: bool  # the facilitator entered figures for this month

    @property
    def revenue(self) -> Decimal:
        return self.order_revenue + self.other_revenue

    @property
    def profit(self) -> Decimal:
        return self.revenue - self.costs


def ledger_monthly_series(
    group_ids: Iterable[int], start: date, end: date
) -> dict[int, list[LedgerRow]]:
    """Every month from ``start`` to ``end`` for each group (zeros where nothing was
    entered or booked). Two queries for any number of groups."""
    ids = list(group_ids)
    months = months_between(start, end)
    if not months:
        return {group_id: [] for group_id in ids}
    first, last = months[0], months[-1]
    entered = {
        (row.group_id, row.month): row
        for row in LedgerMonth.objects.filter(group_id__in=ids, month__gte=first, month__lte=last)
    }
    booked: dict[tuple[int, date], Decimal] = {
        (row["group_id"], row["month"]): row["total"] or Decimal(0)
        for row in OrderRevenue.objects.filter(group_id__in=ids, month__gte=first, month__lte=last)
        .values("group_id", "month")
        .annotate(total=Sum("amount"))
    }
    zero = Decimal(0)
    result: dict[int, list[LedgerRow]] = {}
    for group_id in ids:
        rows = []
        for month in months:
            ledger = entered.get((group_id, month))
            rows.append(
                LedgerRow(
                    month=month,
                    order_revenue=booked.get((group_id, month), zero),
                    other_revenue=ledger.other_revenue if ledger else zero,
                    costs=ledger.costs if ledger else zero,
                    savings=ledger.savings if ledger else zero,
                    iks=ledger.iks if ledger else zero,
                    entered=ledger is not None,
                )
            )
        result[group_id] = rows
    return result


def ledger_month_get(group: Group, month: date) -> LedgerMonth | None:
    """The figures entered for one month, if any (to correct them)."""
    return LedgerMonth.objects.filter(group=group, month=month_start(month)).first()


def revenue_by_group(group_ids: Iterable[int], start: date, end: date) -> dict[int, Decimal]:
    """Total revenue (orders + other) per group over the months from ``start`` to ``end``."""
    series = ledger_monthly_series(group_ids, start, end)
    return {gid: sum((r.revenue for r in rows), Decimal(0)) for gid, rows in series.items()}


def order_revenue_lines(group: Group, month: date) -> list[OrderRevenue]:
    """The order lines behind a month's order revenue (traceable to each order)."""
    return list(
        OrderRevenue.objects.filter(group=group, month=month_start(month))
        .select_related("order", "order__buyer", "order__product")
        .order_by("id")
    )


def health_scores(group_ids: Iterable[int], *, as_of: date | None = None) -> dict[int, HealthScore]:
    """Business-health scores for many groups over the 12 months up to ``as_of``'s month
    (default: this month). Four queries for any number of groups."""
    ids = list(group_ids)
    today = as_of or timezone.localdate()
    last = month_start(today)
    first = add_months(last, 1 - WINDOW_MONTHS)
    series = ledger_monthly_series(ids, first, last)
    buyers = market_links(ids, first, today)
    six_months_ago = add_months(last, -5)
    sessions = dict(
        Session.objects.filter(
            assignment__group_id__in=ids, held_on__gte=six_months_ago, held_on__lte=today
        )
        .values("assignment__group_id")
        .annotate(n=Count("id"))
        .values_list("assignment__group_id", "n")
    )
    return {
        gid: health_score(
            HealthInput(
                months=[
                    MonthFigures(
                        revenue=float(r.revenue),
                        costs=float(r.costs),
                        savings=float(r.savings),
                        iks=float(r.iks),
                    )
                    for r in series[gid]
                ],
                buyers=buyers.get(gid, 0),
                sessions_6m=int(sessions.get(gid, 0)),
            )
        )
        for gid in ids
    }


def health_score_for_group(group: Group, *, as_of: date | None = None) -> HealthScore:
    return health_scores([group.pk], as_of=as_of)[group.pk]
