"""The Pasar KUBE demo: data for every page and chart, labelled, idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sinergi.kube.market_demo import BUYER_LOGIN, market_demo_seed
from sinergi.kube.market_selectors import health_scores
from sinergi.kube.models import Buyer, BuyerType, Group, LedgerMonth, Order, OrderStatus, Product
from sinergi.web.demo import demo_seed

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_market_in_every_state() -> None:
    demo_seed()
    groups = Group.objects.filter(is_demo=True)
    assert Product.objects.filter(group__in=groups).count() > groups.count()
    assert set(Buyer.objects.values_list("buyer_type", flat=True)) == set(BuyerType.values)
    assert all(b.is_demo and "Demo" in b.name for b in Buyer.objects.all())
    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    login_orders = Order.objects.filter(buyer__user__username=BUYER_LOGIN)
    assert set(login_orders.values_list("status", flat=True)) == set(OrderStatus.values)
    assert login_orders.filter(group__village__code__startswith="32.73.").count() >= 6
    assert LedgerMonth.objects.filter(group__in=groups).count() == 12 * groups.count()
    bands = {s.band for s in health_scores(list(groups.values_list("pk", flat=True))).values()}
    assert len(bands) >= 2
    # Idempotent.
    assert market_demo_seed(admin=None, today=timezone.localdate()) == 0
