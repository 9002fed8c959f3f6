"""Demo records for the synergy pages: a few needs published in the etalase by the Jawa Barat
coordinator (one adopted by the demo partner), pledges for this year, the default weights
and a first plan scenario. Everything is labelled "(Demo)". Idempotent."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from sinergi.partners.demo import DEMO_PARTNER_ADMIN, ELDERLY_COMPANY, FOUNDATION, NAPZA_COMPANY
from sinergi.partners.models import Organisation
from sinergi.partners.selectors import user_by_username
from sinergi.synergy.engines.recommend import Weights
from sinergi.synergy.etalase_services import AdoptionData, NeedData, need_adopt, need_publish
from sinergi.synergy.models import EtalaseNeed, PlanScenario, RecommendationWeights
from sinergi.synergy.plan_services import pledge_set, recommendation_weights_set, scenario_create

COORDINATOR = "dinsos.jabar"


@dataclass(frozen=True)
class DemoNeed:
    data: NeedData
    adopted_people: int = 0


NEEDS = (
    DemoNeed(
        NeedData(
            "32.73", "NAPZA", "Rehabilitasi korban NAPZA berbasis masyarakat (Demo)", 120,
            540_000_000, "Demo: hasil asesmen Dinsos Kota Bandung; 120 orang menunggu layanan.",
        ),
        adopted_people=60,
    ),
    DemoNeed(
        NeedData(
            "32.01", "LUT", "Pendampingan lansia terlantar di Kabupaten Bogor (Demo)", 450,
            1_080_000_000, "Demo: lansia tanpa pengasuh yang terverifikasi di DTKS.",
        )
    ),
    DemoNeed(
        NeedData(
            "32.04", "FM", "Modal usaha KUBE untuk keluarga miskin (Demo)", 300, 600_000_000,
            "Demo: usulan Musrenbang desa yang belum didanai APBD.",
        )
    ),
)  # fmt: skip
PLEDGES = (
    (NAPZA_COMPANY, 2_000_000_000),
    (ELDERLY_COMPANY, 5_000_000_000),
    (FOUNDATION, 1_500_000_000),
)


def _needs() -> int:
    coordinator = user_by_username(username=COORDINATOR)
    partner = user_by_username(username=DEMO_PARTNER_ADMIN)
    company = Organisation.objects.filter(name=NAPZA_COMPANY).first()
    if coordinator is None:
        return 0
    created = 0
    for item in NEEDS:
        if EtalaseNeed.objects.filter(title=item.data.title).exists():
            continue
        need = need_publish(actor=coordinator, data=item.data)
        created += 1
        if item.adopted_people and partner is not None and company is not None:
            data = AdoptionData(item.adopted_people, "rehabilitasi_sosial", 270_000_000)
            need_adopt(actor=partner, need=need, organisation=company, data=data)
    return created


@transaction.atomic
def synergy_demo_seed() -> int:
    """The demo etalase, pledges, weights and a first scenario; the number of needs added."""
    created = _needs()
    if not RecommendationWeights.objects.exists():
        defaults = Weights()
        recommendation_weights_set(actor=None, values=asdict(defaults))
    year = timezone.localdate().year
    admin = user_by_username(username="admin")
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in=[n for n, _a in PLEDGES])
    }
    for name, amount in PLEDGES:
        if name in organisations:
            pledge_set(actor=admin, organisation=organisations[name], year=year, amount_idr=amount)
    if organisations and not PlanScenario.objects.exists():
        scenario_create(actor=admin, name="Dasar (Demo)", year=year, changes={})
    return created
