"""The synergy demo: published needs, one adopted, pledges and a first scenario; idempotent."""

from __future__ import annotations

from sinergi.synergy.models import EtalaseNeed, PlanScenario, Pledge, RecommendationWeights
from sinergi.web.demo import demo_seed


def test_the_demo_fills_the_etalase_and_the_plan(db: None) -> None:
    demo_seed()
    assert EtalaseNeed.objects.count() == 3
    assert list(EtalaseNeed.objects.exclude(status="open").values_list("status", flat=True)) == [
        "partly"
    ]
    assert Pledge.objects.count() == 3
    assert PlanScenario.objects.count() == 1
    assert RecommendationWeights.objects.count() == 1
    demo_seed()
    assert EtalaseNeed.objects.count() == 3 and PlanScenario.objects.count() == 1
