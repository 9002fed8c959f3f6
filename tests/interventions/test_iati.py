"""The IATI activity export: it validates against the official 2.03 schema (and a broken
document does not), uses IATI codelist values, carries results, and only public work."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from sinergi.core.models import User
from sinergi.interventions.iati import budget_slices, iati_errors
from sinergi.interventions.models import Intervention
from sinergi.interventions.report_services import (
    ValueEntry,
    report_approve,
    report_create,
    report_submit,
    report_update,
)
from sinergi.interventions.services import LocationEntry, intervention_indicator_set
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention, library_indicator
from tests.interventions.iati_rules import iati_rule_errors, iati_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(mitra_a: Organisation, mitra_b: Organisation, bob: User, nadia: User) -> Intervention:
    work = intervention(
        mitra_a,
        ref="PUB-1",
        title="Rehabilitasi lansia",
        budget_idr=250_000_000,
        spend_idr=100_000_000,
        programme="ATENSI",
        locations=[LocationEntry("32.73", 100, 40), LocationEntry("32", 150, 60)],
        parties=[(mitra_b.pk, "funder")],
    )
    indicator = intervention_indicator_set(
        actor=None,
        intervention=work,
        indicator=library_indicator(),
        baseline=Decimal(5),
        target=Decimal(100),
        targets={"2026-Q1": Decimal(25), "2026-Q2": Decimal(25)},
    )
    report = report_create(actor=bob, intervention=work, period="2026-Q1")
    report = report_update(
        actor=bob,
        report=report,
        narrative="",
        values={indicator.pk: ValueEntry(Decimal(30))},
        version=report.version,
    )
    report_approve(actor=nadia, report=report_submit(actor=bob, report=report))
    return work


def _get(client: Any, organisation: Organisation) -> Any:
    return client.get(f"/api/v1/organisations/{organisation.pk}/iati.xml")


def test_the_export_validates_against_the_official_schema(
    published: Intervention, mitra_a: Organisation, client: Any
) -> None:
    response = _get(client, mitra_a)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert iati_valid(response.content) == []


def test_a_broken_document_fails_validation(
    published: Intervention, mitra_a: Organisation, client: Any
) -> None:
    root = etree.fromstring(_get(client, mitra_a).content)
    activity = root.find("iati-activity")
    activity.remove(activity.find("reporting-org"))  # required by the schema
    broken = etree.tostring(root)
    assert iati_errors(broken)
    # Elements out of the schema's order fail too.
    root = etree.fromstring(_get(client, mitra_a).content)
    activity = root.find("iati-activity")
    title = activity.find("title")
    activity.remove(title)
    activity.append(title)
    assert iati_errors(etree.tostring(root))
    assert iati_errors(b"<iati-activities version='2.03'/>")  # no activity at all
    assert iati_errors(b"<not xml")


def test_it_uses_iati_codelist_values(
    published: Intervention, mitra_a: Organisation, mitra_b: Organisation, client: Any
) -> None:
    root = etree.fromstring(_get(client, mitra_a).content)
    assert root.get("version") == "2.03"
    activity = root.find("iati-activity")
    assert activity.get("default-currency") == "IDR"
    assert activity.findtext("iati-identifier") == f"ID-SINERGI-{mitra_a.pk}-PUB-1"
    assert activity.find("activity-status").get("code") == "2"  # implementation
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates == {"2": "2026-01-01", "3": "2026-12-31"}  # actual start, planned end
    roles = {
        (p.get("ref"), p.get("role"), p.get("type")) for p in activity.findall("participating-org")
    }
    assert roles == {
        (f"ID-SINERGI-{mitra_a.pk}", "4", "70"),  # the lead implements; a private company
        (f"ID-SINERGI-{mitra_b.pk}", "1", "60"),  # a funding foundation
    }
    sector = activity.find("sector")
    assert (sector.get("vocabulary"), sector.get("code")) == ("1", "16010")
    assert activity.find("recipient-country").get("code") == "ID"
    features = sorted(
        loc.find("feature-designation").get("code") for loc in activity.findall("location")
    )
    assert features == ["ADM1", "ADM2"]
    budget = activity.find("budget/value")
    assert (budget.text, budget.get("currency")) == ("250000000", "IDR")
    assert activity.find("transaction/transaction-type").get("code") == "4"
    assert activity.find("tag").get("code") == "ATENSI"


def test_results_carry_baseline_targets_and_approved_actuals(
    published: Intervention, mitra_a: Organisation, client: Any
) -> None:
    root = etree.fromstring(_get(client, mitra_a).content)
    indicator = root.find("iati-activity/result/indicator")
    assert indicator.find("baseline").get("value") == "5"
    periods = [
        (
            p.find("period-start").get("iso-date"),
            p.find("target").get("value") if p.find("target") is not None else None,
            p.find("actual").get("value") if p.find("actual") is not None else None,
        )
        for p in indicator.findall("period")
    ]
    assert periods == [("2026-01-01", "25", "30"), ("2026-04-01", "25", None)]


def test_internal_and_undated_interventions_are_left_out(
    published: Intervention, mitra_a: Organisation, client: Any
) -> None:
    intervention(mitra_a, ref="INT-1", visibility="internal")
    intervention(mitra_a, ref="NODATE", start_date=None, end_date=None)
    root = etree.fromstring(_get(client, mitra_a).content)
    refs = [a.find("other-identifier").get("ref") for a in root.findall("iati-activity")]
    assert refs == ["PUB-1"]


def test_an_organisation_without_public_work_is_a_404_problem(
    mitra_b: Organisation, client: Any
) -> None:
    intervention(mitra_b, ref="INT-2", visibility="internal")
    response = _get(client, mitra_b)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_organisation_and_invalid_id(client: Any) -> None:
    assert client.get("/api/v1/organisations/999999/iati.xml").status_code == 404
    assert client.get("/api/v1/organisations/abc/iati.xml").status_code == 422


def test_the_file_url_serves_the_same_document(
    published: Intervention, mitra_a: Organisation, client: Any
) -> None:
    response = client.get(f"/kegiatan/mitra/{mitra_a.pk}/iati.xml")
    assert response.status_code == 200
    assert iati_valid(response.content) == []
    assert client.get("/kegiatan/mitra/999999/iati.xml").status_code == 404


def _budgets(document: bytes, ref: str) -> list[tuple[str | None, ...]]:
    root = etree.fromstring(document)
    (activity,) = (
        a for a in root.findall("iati-activity") if a.find("other-identifier").get("ref") == ref
    )
    return [
        (
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            b.find("value").text,
            b.find("value").get("value-date"),
        )
        for b in activity.findall("budget")
    ]


def test_a_budget_over_several_years_is_split_per_calendar_year_by_days(
    published: Intervention, mitra_a: Organisation, client: Any
) -> None:
    # 1 July 2026 to 31 March 2028: 184 + 365 + 91 = 640 days (2028 is a leap year, but
    # only January to March of it count). 1,000,000,001 rupiah: 287,500,000.29, 570,312,500.57
    # and 142,187,500.14; the rupiah left over goes to the largest remainder (2027).
    intervention(
        mitra_a,
        ref="MULTI",
        budget_idr=1_000_000_001,
        start_date=date(2026, 7, 1),
        end_date=date(2028, 3, 31),
    )
    response = _get(client, mitra_a)
    assert iati_valid(response.content) == []
    assert _budgets(response.content, "MULTI") == [
        ("2026-07-01", "2026-12-31", "287500000", "2026-07-01"),
        ("2027-01-01", "2027-12-31", "570312501", "2027-01-01"),
        ("2028-01-01", "2028-03-31", "142187500", "2028-01-01"),
    ]
    assert _budgets(response.content, "PUB-1") == [
        ("2026-01-01", "2026-12-31", "250000000", "2026-01-01")
    ]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # A one-day last year joins a short neighbour…
        (date(2026, 5, 1), date(2027, 1, 1), [("2026-05-01", "2027-01-01", 245)]),
        # …and takes a day from a whole one (which keeps 364 days).
        (
            date(2026, 1, 1),
            date(2027, 1, 1),
            [("2026-01-01", "2026-12-30", 244), ("2026-12-31", "2027-01-01", 1)],
        ),
        # A one-day first year likewise; two days across New Year make one period.
        (
            date(2026, 12, 31),
            date(2027, 6, 30),
            [("2026-12-31", "2027-06-30", 245)],
        ),
        (date(2026, 12, 31), date(2027, 1, 1), [("2026-12-31", "2027-01-01", 245)]),
        # A leap year is a whole year: 366 days in one period.
        (date(2028, 1, 1), date(2028, 12, 31), [("2028-01-01", "2028-12-31", 245)]),
        # A one-day activity has no period IATI accepts.
        (date(2026, 3, 3), date(2026, 3, 3), []),
    ],
)
def test_budget_slices_keep_every_period_within_iatis_rules(
    start: date, end: date, expected: list[tuple[str, str, int]]
) -> None:
    slices = budget_slices(245, start, end)
    assert [(s.start.isoformat(), s.end.isoformat(), s.amount) for s in slices] == expected
    assert sum(s.amount for s in slices) == (245 if expected else 0)


def test_the_rules_helper_catches_what_the_schema_lets_through(
    published: Intervention, mitra_a: Organisation, client: Any
) -> None:
    root = etree.fromstring(_get(client, mitra_a).content)
    budget = root.find("iati-activity/budget")
    budget.find("period-start").set("iso-date", "2025-06-01")  # 19 months: over a year
    del budget.find("value").attrib["value-date"]
    twin = etree.fromstring(etree.tostring(budget))
    twin.find("value").set("value-date", "2026-01-01")
    budget.addnext(twin)  # the same period twice: overlapping
    errors = iati_rule_errors(etree.tostring(root))
    assert [e.split(": ", 1)[1] for e in errors] == [
        "budget value without a value-date",
        "budget period 2025-06-01 to 2026-12-31 is over a year",
        "budget period 2025-06-01 to 2026-12-31 is over a year",
        "budget periods overlap at 2025-06-01",
    ]


def test_actuals_and_reach_come_from_approved_reports_only(
    published: Intervention, mitra_a: Organisation, bob: User, client: Any
) -> None:
    # Q1 (30) is approved; Q2 (20) is submitted and waits: it is no actual yet.
    tracked_indicator = published.indicators.get()
    type(tracked_indicator.indicator).objects.filter(pk=tracked_indicator.indicator_id).update(
        counts_reached=True
    )
    report = report_create(actor=bob, intervention=published, period="2026-Q2")
    report = report_update(
        actor=bob,
        report=report,
        narrative="",
        values={tracked_indicator.pk: ValueEntry(Decimal(20))},
        version=report.version,
    )
    report_submit(actor=bob, report=report)
    published.refresh_from_db()
    # Declared 60 (the outermost location, Jawa Barat), approved 30, pending 20.
    assert (published.reached, published.reached_approved, published.reached_pending) == (
        60,
        30,
        20,
    )
    document = _get(client, mitra_a).content
    assert iati_valid(document) == []
    actuals = [a.get("value") for a in etree.fromstring(document).iter("actual")]
    assert actuals == ["30"]  # adds up to the approved reach, nothing else
