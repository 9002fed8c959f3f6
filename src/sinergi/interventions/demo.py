"""The interventions part of the demo scenario (called from ``web.demo.demo_seed`` after the
partners demo): each demo partner gets interventions that match its passion, tracked
indicators from the library, and progress reports in every state (approved, submitted,
returned, an overdue draft); the people-counting indicators give them approved and pending
reach. Periods are set relative to the day the demo is seeded.
Idempotent: an organisation's intervention with the same ref is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sinergi.core.calendar import quarters_before
from sinergi.core.text import search_key
from sinergi.interventions.demo_evidence import demo_evidence_add
from sinergi.interventions.library import indicator_library_load
from sinergi.interventions.models import Indicator, Intervention
from sinergi.interventions.reach import intervention_reach_refresh
from sinergi.interventions.report_services import (
    ValueEntry,
    report_approve,
    report_create,
    report_return,
    report_submit,
    report_update,
)
from sinergi.interventions.services import (
    REPORT_GRACE,
    InterventionData,
    LocationEntry,
    intervention_create,
    intervention_indicator_set,
)
from sinergi.partners.demo import (
    ASSOCIATION,
    DINSOS,
    ELDERLY_COMPANY,
    FOUNDATION,
    NAPZA_COMPANY,
)
from sinergi.partners.models import Organisation
from sinergi.partners.selectors import agreement_id_by_number, user_by_username
from sinergi.regions.models import Region

# The demo tracks indicators of the shipped library (data/indicators/library.csv), by code.
LIBRARY = ("RS-01", "PS-01", "PD-01", "PM-01", "PM-02", "PKH-01")


@dataclass(frozen=True)
class DemoIntervention:
    organisation: str
    ref: str
    title: str
    function: str
    programme: str
    groups: list[str]
    locations: list[tuple[str, int, int]]
    indicator: str
    target: int
    values: list[int]  # per period, oldest first
    states: list[str]  # the report state per period
    extra: dict[str, object] = field(default_factory=dict)
    agreement: str = ""  # the number of the demo agreement the work delivers on


PLANS = (
    DemoIntervention(
        NAPZA_COMPANY,
        "SBF-REHAB-01",
        "Rehabilitasi sosial korban NAPZA berbasis komunitas",
        "rehabilitasi_sosial",
        "ATENSI",
        ["NAPZA"],
        [("35", 600, 310), ("35.78", 250, 140), ("35.25", 120, 60)],
        "RS-01",
        600,
        [90, 110, 110],
        ["approved", "approved", "submitted"],
        {"budget_idr": 2_400_000_000, "spend_idr": 1_150_000_000},
        agreement="DEMO/PKS/014/2024",
    ),
    DemoIntervention(
        NAPZA_COMPANY,
        "SBF-REHAB-02",
        "Pendampingan keluarga pasca-rehabilitasi",
        "rehabilitasi_sosial",
        "",
        ["NAPZA", "KBSP"],
        [("35.15", 80, 20)],
        "RS-01",
        80,
        [8, 12],
        ["approved", "returned"],
        {"visibility": "internal", "unit": "households"},
    ),
    DemoIntervention(
        FOUNDATION,
        "YCN-EDU-01",
        "Beasiswa dan rumah belajar anak di Nusa Tenggara Timur",
        "pendidikan",
        "",
        ["AT", "FM"],
        [("53.71", 400, 260), ("53.01", 300, 150)],
        "PD-01",
        700,
        [150, 130, 130],
        ["approved", "returned", "draft"],
        {"budget_idr": 900_000_000},
    ),
    DemoIntervention(
        ELDERLY_COMPANY,
        "ELK-LANSIA-01",
        "Pendampingan lansia di sekitar wilayah operasi",
        "perlindungan_sosial",
        "ATENSI",
        ["LUT"],
        [("64.72", 300, 180), ("64.71", 200, 90)],
        "PS-01",
        500,
        [120, 150],
        ["approved", "submitted"],
        {"budget_idr": 1_200_000_000},
    ),
    DemoIntervention(
        ASSOCIATION,
        "WPN-KUBE-01",
        "Mentoring KUBE dan akses pasar daring",
        "pemberdayaan_sosial",
        "KUBE",
        ["FM", "PRSE"],
        [("32.04", 40, 25), ("32.05", 30, 12), ("33.02", 30, 10)],
        "PM-01",
        100,
        [20, 27],
        ["approved", "draft"],
        {"unit": "groups", "status": "ongoing"},
    ),
    DemoIntervention(
        DINSOS,
        "DINSOS-PKH-01",
        "Pendampingan graduasi keluarga PKH Jawa Barat",
        "perlindungan_sosial",
        "PKH",
        ["FM"],
        [("32.73", 0, 0), ("32.04", 0, 0), ("32.77", 0, 0)],
        "PKH-01",
        5000,
        [1500],
        ["submitted"],
        {
            "location_mode": "split",
            "targeted": 5000,
            "reached": 1500,
            "visibility": "internal",
            "unit": "households",
        },
    ),
)


CENT = Decimal("0.01")


def _library() -> dict[str, Indicator]:
    # The same loader as `sinergi init`: a demo seeded on a bare database still finds them.
    indicator_library_load()
    return {i.code: i for i in Indicator.objects.filter(code__in=LIBRARY, organisation=None)}


def _seed_one(
    plan: DemoIntervention, organisation: Organisation, indicator: Indicator, today: date
) -> None:
    partner = user_by_username(username="mitra")
    reviewer = user_by_username(username="admin")
    known = set(
        Region.objects.filter(code__in=[c for c, _t, _r in plan.locations]).values_list(
            "code", flat=True
        )
    )
    # The periods end with the latest quarter whose report is already due, so the demo's draft
    # is overdue on any day: in a quarter's first 30 days the quarter that just ended is not
    # due yet, and counting back from today alone left nothing to remind about every January.
    periods = quarters_before(today - REPORT_GRACE - timedelta(days=1), len(plan.values))
    data = InterventionData(
        ref=plan.ref,
        title=plan.title,
        function=plan.function,
        programme=plan.programme,
        status="ongoing",
        start_date=date(int(periods[0][:4]), (int(periods[0][-1]) - 1) * 3 + 1, 1),
        end_date=date(today.year + 1, 12, 31),
        target_groups=plan.groups,
        locations=[LocationEntry(c, t, r) for c, t, r in plan.locations if c in known],
    )
    for name, value in plan.extra.items():
        setattr(data, name, value)
    if plan.agreement:
        data.agreement_id = agreement_id_by_number(number=plan.agreement)
    intervention = intervention_create(actor=partner, organisation=organisation, data=data)
    tracked = intervention_indicator_set(
        actor=partner,
        intervention=intervention,
        indicator=indicator,
        baseline=Decimal(0),
        target=Decimal(plan.target),
        # An even share of the target per reported quarter, so the period view has targets.
        targets={p: (Decimal(plan.target) / len(periods)).quantize(CENT) for p in periods},
    )
    for period, value, state in zip(periods, plan.values, plan.states, strict=True):
        report = report_create(actor=partner, intervention=intervention, period=period)
        report = report_update(
            actor=partner,
            report=report,
            narrative=f"Capaian {period}: kegiatan berjalan sesuai rencana.",
            values={tracked.pk: ValueEntry(Decimal(value))},
            version=report.version,
        )
        demo_evidence_add(actor=partner, report=report, value=Decimal(value))
        if state == "draft":
            continue
        report = report_submit(actor=partner, report=report)
        if state == "approved":
            report_approve(actor=reviewer, report=report)
        elif state == "returned":
            report_return(
                actor=reviewer,
                report=report,
                comment="Mohon lampirkan daftar hadir dan foto kegiatan sebagai bukti.",
            )


@transaction.atomic
def interventions_demo_seed(*, today: date | None = None) -> int:
    """Create the demo interventions; the number created. Idempotent."""
    today = today or timezone.localdate()
    library = _library()
    names = {search_key(plan.organisation) for plan in PLANS}
    organisations = {o.name_key: o for o in Organisation.objects.filter(name_key__in=names)}
    created = 0
    for plan in PLANS:
        organisation = organisations.get(search_key(plan.organisation))
        if (
            organisation is None
            or Intervention.objects.filter(organisation=organisation, ref=plan.ref).exists()
        ):
            continue
        _seed_one(plan, organisation, library[plan.indicator], today)
        created += 1
    # The report transitions keep the reach already; recounting once more makes the demo's
    # approved and pending figures right even where its reports were seeded before.
    refs = [plan.ref for plan in PLANS]
    intervention_reach_refresh(
        intervention_ids=Intervention.objects.filter(ref__in=refs).values_list("pk", flat=True)
    )
    return created
