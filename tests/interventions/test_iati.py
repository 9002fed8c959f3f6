"""The IATI activity export: it validates against the official 2.03 schema (and a broken
document does not), uses IATI codelist values, carries results, and only public work."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from sinergi.core.models import User
from sinergi.interventions.iati import iati_errors
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
    assert iati_errors(response.content) == []


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
    assert iati_errors(response.content) == []
    assert client.get("/kegiatan/mitra/999999/iati.xml").status_code == 404
