"""The partners part of the demo scenario (called from ``web.demo.demo_seed``).

Fictional organisations with distinct passions and footprints, every name marked "(Demo)":
the ministry; a pharmaceutical company rehabilitating NAPZA victims in Jawa Timur; an education
foundation in Nusa Tenggara Timur; an energy company caring for the elderly around its sites in
Kalimantan Timur; a women entrepreneurs' association with an MoU to mentor KUBE and open markets
for them; and a provincial Dinsos. Identifiers are made up. Dates are set relative to the day
the demo is seeded, so the alerts panel always has something to show. Idempotent: records that
exist already (by name or agreement number) are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sinergi.core.models import Role, User
from sinergi.core.services import role_assign
from sinergi.core.text import search_key
from sinergi.partners.agreement_services import (
    AgreementFields,
    CommitmentFields,
    PartyInput,
    agreement_create,
    agreement_status_change,
    commitment_create,
    progress_report_create,
)
from sinergi.partners.models import Agreement, AgreementStatus, FootprintKind, Organisation
from sinergi.partners.selectors import user_by_username
from sinergi.partners.services import (
    FootprintEntry,
    OrganisationFields,
    organisation_create,
    organisation_verify,
)

KEMENSOS = "Kementerian Sosial Republik Indonesia (Demo)"
NAPZA_COMPANY = "PT Sehat Bangsa Farma (Demo)"
FOUNDATION = "Yayasan Cerdas Nusantara (Demo)"
ELDERLY_COMPANY = "PT Energi Lestari Kaltim (Demo)"
ASSOCIATION = "Perkumpulan Wanita Pengusaha Nusantara (Demo)"
DINSOS = "Dinas Sosial Provinsi Jawa Barat (Demo)"
DEMO_PARTNER_ADMIN = "mitra"  # web.demo's partner admin account acts for NAPZA_COMPANY

OPERATES, RING_1 = FootprintKind.OPERATES, FootprintKind.RING_1
MOU_REGENCIES = ["32.04", "32.05", "32.06", "33.02", "35.09"]

ORGANISATIONS: list[tuple[OrganisationFields, bool]] = [
    (
        OrganisationFields(
            name=KEMENSOS,
            short_name="Kemensos",
            type="ministry",
            description="Demo: kementerian yang menyelenggarakan urusan sosial.",
            website="https://kemensos.example",
            home_region="31.71",
            nationwide=True,
            active_since=1945,
            sectors=[
                "perlindungan_sosial",
                "jaminan_sosial",
                "penanganan_fakir_miskin",
                "rehabilitasi_sosial",
                "pemberdayaan_sosial",
            ],
            target_groups=["FM", "LUT", "PD", "AT", "NAPZA"],
            sdgs=["SDG1", "SDG2", "SDG10", "SDG17"],
        ),
        True,
    ),
    (
        OrganisationFields(
            name=NAPZA_COMPANY,
            short_name="SBF",
            type="private_company",
            description=(
                "Demo: perusahaan farmasi yang mendanai rehabilitasi sosial korban "
                "penyalahgunaan NAPZA di sekitar pabriknya di Jawa Timur."
            ),
            nib="9120000000001",
            npwp="000000000000001",
            website="https://sehatbangsa.example",
            email="csr@sehatbangsa.example",
            home_region="35.78",
            budget_band="10b_50b",
            active_since=2009,
            sectors=["rehabilitasi_sosial", "kesehatan"],
            target_groups=["NAPZA", "ODHA"],
            sdgs=["SDG3", "SDG10"],
            footprint=[
                FootprintEntry("35", OPERATES),
                FootprintEntry("35.25", RING_1),
                FootprintEntry("35.15", RING_1),
            ],
        ),
        True,
    ),
    (
        OrganisationFields(
            name=FOUNDATION,
            type="foundation",
            description=(
                "Demo: yayasan beasiswa dan pendampingan belajar anak dari keluarga miskin."
            ),
            ahu_number="AHU-0000001.AH.01.04.DEMO",
            website="https://cerdasnusantara.example",
            home_region="31.74",
            budget_band="1b_10b",
            active_since=2014,
            sectors=["pendidikan"],
            target_groups=["AT", "FM"],
            sdgs=["SDG4", "SDG1"],
            footprint=[
                FootprintEntry("53.01", OPERATES),
                FootprintEntry("53.02", OPERATES),
                FootprintEntry("53.03", OPERATES),
            ],
        ),
        False,
    ),
    (
        OrganisationFields(
            name=ELDERLY_COMPANY,
            type="private_company",
            description=(
                "Demo: perusahaan energi yang merawat lansia terlantar di sekitar wilayah "
                "operasinya di Kalimantan Timur."
            ),
            nib="9120000000002",
            tjsl_mandatory=True,
            home_region="64.72",
            budget_band="gt_50b",
            active_since=1998,
            sectors=["perlindungan_sosial", "kesehatan"],
            target_groups=["LUT"],
            sdgs=["SDG1", "SDG3"],
            footprint=[
                FootprintEntry("64.03", RING_1),
                FootprintEntry("64.72", RING_1),
                FootprintEntry("64.71", OPERATES),
            ],
        ),
        False,
    ),
    (
        OrganisationFields(
            name=ASSOCIATION,
            short_name="WPN",
            type="association",
            description=(
                "Demo: perkumpulan pengusaha perempuan yang mendampingi KUBE keluarga miskin "
                "dan membuka akses pasar bagi produknya."
            ),
            ahu_number="AHU-0000002.AH.01.07.DEMO",
            home_region="31.74",
            budget_band="100m_1b",
            active_since=1990,
            sectors=["pemberdayaan_sosial", "ekonomi"],
            target_groups=["PRSE", "FM"],
            sdgs=["SDG5", "SDG8", "SDG1"],
            footprint=[FootprintEntry(code, OPERATES) for code in MOU_REGENCIES],
        ),
        True,
    ),
    (
        OrganisationFields(
            name=DINSOS,
            short_name="Dinsos Jabar",
            type="regional_government",
            description="Demo: dinas sosial provinsi.",
            home_region="32",
            sectors=["perlindungan_sosial", "penanganan_fakir_miskin", "pemberdayaan_sosial"],
            target_groups=["FM", "LUT", "PD"],
            footprint=[FootprintEntry("32", OPERATES)],
        ),
        True,
    ),
]


@dataclass
class DemoAgreement:
    fields: AgreementFields
    activate: bool
    # (description, metric, target, days to deadline, region, committing party, reports)
    commitments: list[tuple[str, str, int, int, str | None, str, list[tuple[int, int]]]] = field(
        default_factory=list
    )


def _agreements(ids: dict[str, int], today: date) -> list[DemoAgreement]:
    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    mou = DemoAgreement(
        AgreementFields(
            kind="mou",
            number="DEMO/MOU/001/2025",
            title="Nota Kesepahaman Pendampingan dan Akses Pasar KUBE (Demo)",
            summary=(
                "Demo: anggota perkumpulan mendampingi KUBE dan menghubungkan produknya ke pasar."
            ),
            place="Jakarta",
            signed_on=day(-420),
            valid_from=day(-420),
            valid_until=day(675),
            parties=[
                PartyInput(
                    ids[KEMENSOS],
                    "Demo Santoso",
                    "Direktur Jenderal Pemberdayaan Sosial (Demo)",
                    "DEMO-KEMENSOS/01",
                ),
                PartyInput(ids[ASSOCIATION], "Demo Rahayu", "Ketua Umum (Demo)", "DEMO-WPN/07"),
            ],
            functions=["pemberdayaan_sosial", "penanganan_fakir_miskin"],
            programmes=["KUBE", "PROKUS"],
            target_groups=["FM", "PRSE"],
            regions=MOU_REGENCIES,
        ),
        activate=True,
        commitments=[
            (
                "Mendampingi 100 KUBE di 5 kabupaten",
                "kube_mentored",
                100,
                405,
                None,
                ASSOCIATION,
                [(-240, 24), (-60, 58)],
            ),
            (
                "Menghubungkan 50 KUBE dengan pembeli",
                "kube_market_linked",
                50,
                20,
                None,
                ASSOCIATION,
                [(-30, 31)],
            ),
        ],
    )
    pks = DemoAgreement(
        AgreementFields(
            kind="pks",
            number="DEMO/PKS/014/2024",
            title="Perjanjian Kerja Sama Rehabilitasi Sosial Korban NAPZA di Jawa Timur (Demo)",
            place="Surabaya",
            signed_on=day(-680),
            valid_from=day(-680),
            valid_until=day(45),
            parties=[
                PartyInput(
                    ids[KEMENSOS],
                    "Demo Wibowo",
                    "Direktur Rehabilitasi Sosial (Demo)",
                    "DEMO-KEMENSOS/14",
                ),
                PartyInput(ids[NAPZA_COMPANY], "Demo Hartanto", "Presiden Direktur (Demo)", ""),
            ],
            functions=["rehabilitasi_sosial"],
            programmes=["ATENSI"],
            target_groups=["NAPZA"],
            regions=["35"],
        ),
        activate=True,
        commitments=[
            (
                "Membiayai rehabilitasi 500 korban NAPZA di Jawa Timur",
                "people_rehabilitated",
                500,
                45,
                "35",
                NAPZA_COMPANY,
                [(-200, 180), (-20, 320)],
            ),
            # Counted from the approved reports of the interventions under this PKS.
            (
                "Menjangkau 600 korban NAPZA dengan rehabilitasi berbasis komunitas",
                "people_reached",
                600,
                45,
                "35",
                NAPZA_COMPANY,
                [],
            ),
        ],
    )
    draft = DemoAgreement(
        AgreementFields(
            kind="pks",
            number="",
            title="Draf PKS Pendampingan KUBE di Jawa Barat (Demo)",
            valid_from=day(30),
            valid_until=day(760),
            parties=[
                PartyInput(ids[DINSOS], "", "Kepala Dinas Sosial (Demo)", ""),
                PartyInput(ids[ASSOCIATION], "", "Ketua DPD Jawa Barat (Demo)", ""),
            ],
            programmes=["KUBE"],
            regions=["32.04", "32.05", "32.06"],
        ),
        activate=False,
    )
    return [mou, pks, draft]


def _organisations(admin: User | None) -> dict[str, int]:
    ids: dict[str, int] = {}
    for fields, verified in ORGANISATIONS:
        name = fields["name"]
        existing = Organisation.objects.filter(name_key=search_key(name)).first()
        organisation = existing or organisation_create(actor=admin, fields=fields)
        if existing is None and verified and admin is not None:
            organisation_verify(actor=admin, organisation=organisation, verified=True)
        ids[name] = organisation.pk
    return ids


def _agreement(plan: DemoAgreement, ids: dict[str, int], admin: User | None, today: date) -> None:
    if Agreement.objects.filter(title=plan.fields["title"]).exists():
        return
    agreement = agreement_create(actor=admin, fields=plan.fields)
    made = []
    for description, metric, target, days, region, party, reports in plan.commitments:
        fields = CommitmentFields(
            description=description + " (Demo)",
            metric=metric,
            target=Decimal(target),
            deadline=today + timedelta(days=days),
            region=region,
            organisation_id=ids[party],
        )
        made.append((commitment_create(actor=admin, agreement=agreement, fields=fields), reports))
    if plan.activate:
        agreement_status_change(actor=admin, agreement=agreement, status=AgreementStatus.ACTIVE)
    for commitment, reports in made:
        for offset, value in reports:
            progress_report_create(
                actor=admin,
                commitment=commitment,
                value=Decimal(value),
                as_of=today + timedelta(days=offset),
                note="Demo",
            )


@transaction.atomic
def partners_demo_seed(*, today: date | None = None) -> list[str]:
    """Create the demo organisations and agreements; make ``mitra`` partner admin of the
    NAPZA company. Returns the demo organisations' names. Idempotent."""
    today = today or timezone.localdate()
    admin = user_by_username(username="admin")
    ids = _organisations(admin)
    for plan in _agreements(ids, today):
        _agreement(plan, ids, admin, today)
    partner = user_by_username(username=DEMO_PARTNER_ADMIN)
    if partner is not None:
        role_assign(
            user=partner,
            role=Role.PARTNER_ADMIN,
            organisation_id=ids[NAPZA_COMPANY],
            assigned_by=admin,
        )
    return list(ids)
