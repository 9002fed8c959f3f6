"""Aggregation across levels through ``/api/v1/synergy/…``, hand-computed.

Sumatera Barat (13): Kota Solok (13.72: districts 13.72.01, 13.72.02) and Kota Padang Panjang
(13.74: districts 13.74.01, 13.74.02). LUT need in 2026: districts 100, 100, 200, 200; the two
regencies 200 and 400, the province's 17 other regencies 0 (so the province's need, 600, is
complete at every level). Approved reach, each with the same declared figures:

- Mitra A at 13.72, 300 people: apportioned 150 / 150 to its districts;
- Mitra B at 13.74.01, 50 people;
- Mitra C at province 13, 30 people: 10 / 20 to the two regencies (200 : 400), then 5 / 5 and
  10 / 10 to their districts.

Districts reach 155, 155, 60, 10: gaps 0, 0, 140, 190, over-coverage 55, 55, 0, 0. Kota Solok
reaches 310 for 200 (110 over-covered), Padang Panjang 70 for 400 (gap 330). The province
reaches 380 for 600: its gap is 330, not 600 - 380 = 220, and 110 people are over-covered.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from sinergi.interventions.models import Indicator, Intervention
from sinergi.interventions.report_services import (
    ValueEntry,
    report_approve,
    report_create,
    report_submit,
    report_update,
)
from sinergi.interventions.services import LocationEntry
from sinergi.partners.models import Organisation
from sinergi.synergy.needs import need_snapshot
from tests.interventions.factories import intervention, library_indicator, tracked
from tests.partners.factories import OrganisationFactory
from tests.synergy.helpers import need_import

pytestmark = pytest.mark.usefixtures("stats")
BASE = "/api/v1/synergy"
OTHER_REGENCIES = [f"13.{n:02d}" for n in (*range(1, 13), 71, 73, 75, 76, 77)]


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    """2026 is this year (the table's year axis and default year depend on today)."""
    moment = datetime(2026, 8, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    with time_machine.travel(moment, tick=False):
        yield


def _approved(work: Intervention, indicator: Indicator, people: int) -> None:
    """An approved report of ``people`` reached on the indicator that counts people."""
    line = tracked(work, indicator, target=people)
    report = report_create(actor=None, intervention=work, period="2026-Q2")
    report = report_update(
        actor=None,
        report=report,
        narrative="",
        values={line.pk: ValueEntry(Decimal(people))},
        version=report.version,
    )
    report_approve(actor=None, report=report_submit(actor=None, report=report))


@pytest.fixture
def tree(mitra_a: Organisation, mitra_b: Organisation) -> None:
    need_import(
        [
            ("13", "LUT", "2026", 600),
            ("13.72", "LUT", "2026", 200),
            ("13.74", "LUT", "2026", 400),
            ("13.72.01", "LUT", "2026", 100),
            ("13.72.02", "LUT", "2026", 100),
            ("13.74.01", "LUT", "2026", 200),
            ("13.74.02", "LUT", "2026", 200),
            *((code, "LUT", "2026", 0) for code in OTHER_REGENCIES),
        ]
    )
    mitra_c = OrganisationFactory.create(name="Mitra C Provinsi", home_region_id="13")
    indicator = library_indicator(counts_reached=True)
    for organisation, code, people in (
        (mitra_a, "13.72", 300),
        (mitra_b, "13.74.01", 50),
        (mitra_c, "13", 30),
    ):
        work = intervention(organisation, locations=[LocationEntry(code, people, people)])
        _approved(work, indicator, people)


def _rows(client: Client, query: str) -> dict[str, dict[str, Any]]:
    response = client.get(f"{BASE}/coverage?group=LUT&year=2026&{query}")
    assert response.status_code == 200, response.content
    return {row["code"]: row["figures"] for row in response.json()["rows"]}


@pytest.mark.usefixtures("tree")
def test_the_province_gap_sums_unmet_need_and_over_coverage_is_apart(client: Client) -> None:
    province = _rows(client, "level=province")["13"]
    assert province["need"] == 600 and province["reached"] == 380
    assert province["coverage"] == pytest.approx(380 / 600, abs=1e-4)
    assert province["gap"] == 330  # not 600 - 380 = 220
    assert province["over_covered"] == 110
    assert province["gap_combined"] == 330 and province["over_covered_combined"] == 110
    assert province["unknown_regions"] == 0 and province["gap_need"] == 600
    assert province["organisations"] == 3 and province["apportioned_organisations"] == 0


@pytest.mark.usefixtures("tree")
def test_regencies_and_districts_carry_the_hand_computed_figures(client: Client) -> None:
    regencies = _rows(client, "level=regency&parent=13")
    solok, padang_panjang = regencies["13.72"], regencies["13.74"]
    assert (solok["reached"], solok["gap"], solok["over_covered"]) == (310, 0, 110)
    assert (padang_panjang["reached"], padang_panjang["gap"]) == (70, 330)
    assert padang_panjang["over_covered"] == 0
    # Mitra C works at province level: present in both regencies through apportioning.
    assert solok["organisations"] == 1 and solok["apportioned_organisations"] == 1
    assert regencies["13.01"]["gap"] == 0 and regencies["13.01"]["reached"] == 0
    districts = _rows(client, "level=district&parent=13.74")
    assert districts["13.74.01"]["reached"] == 60 and districts["13.74.01"]["gap"] == 140
    assert districts["13.74.02"]["reached"] == 10 and districts["13.74.02"]["gap"] == 190


@pytest.mark.usefixtures("tree")
def test_overlaps_list_apportioned_presence_by_name_and_kind(client: Client) -> None:
    body = client.get(f"{BASE}/overlaps?level=district&parent=13.74&group=LUT&year=2026").json()
    (item,) = body["items"]  # 13.74.02 has Mitra C alone: no overlap
    assert item["code"] == "13.74.01"
    assert item["kinds"] == ["apportioned"]
    assert item["organisations"] == ["Mitra B Peduli"]
    assert item["apportioned_organisations"] == ["Mitra C Provinsi"]
    assert item["hidden_organisations"] == 0
    province = client.get(f"{BASE}/overlaps?level=province&group=LUT&year=2026").json()
    sumbar = next(i for i in province["items"] if i["code"] == "13")
    assert sumbar["kinds"] == ["organisations", "over_covered"]
    assert sumbar["over_covered"] is True and sumbar["figures"]["over_covered_combined"] == 110


@pytest.mark.usefixtures("tree")
def test_blank_spots_carry_the_gap_and_no_overlap_kind(client: Client) -> None:
    body = client.get(f"{BASE}/gaps?level=district&parent=13.74&group=LUT&year=2026").json()
    (spot,) = body["items"]  # 10 of 200 reached: 5 %
    assert spot["code"] == "13.74.02" and spot["figures"]["gap_combined"] == 190
    assert spot["kinds"] == [] and spot["apportioned_organisations"] == []


@pytest.mark.usefixtures("tree")
def test_an_unknown_parent_is_a_404_and_a_bad_level_a_422(client: Client) -> None:
    assert client.get(f"{BASE}/overlaps?level=district&parent=13.99").status_code == 404
    assert client.get(f"{BASE}/coverage?level=village&group=LUT").status_code == 422


@pytest.mark.usefixtures("tree")
def test_recommendations_and_the_plan_read_the_same_summed_unmet_need(
    mitra_b: Organisation,
) -> None:
    """300 more people in 13.74.01 over-cover it by 160 while 13.74.02 still lacks 190: Kota
    Padang Panjang's unmet need is 190 for the engines too, not 400 - 370 = 30."""
    indicator = Indicator.objects.get(counts_reached=True)
    work = intervention(mitra_b, ref="MORE-01", locations=[LocationEntry("13.74.01", 300, 300)])
    _approved(work, indicator, 300)
    cells = need_snapshot(2026).cells
    gap = {
        (str(region), str(group)): float(value)
        for region, group, value in zip(cells.regions, cells.groups, cells.gap, strict=True)
    }
    assert gap[("13.74", "LUT")] == 190
    assert gap[("13.72", "LUT")] == 0  # over-covered by 110: no unmet need, never negative
