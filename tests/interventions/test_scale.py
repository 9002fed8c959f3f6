"""Interventions at national scale: the bulk import path (all-or-nothing, audited per
changed intervention, a statement count that does not grow per row) and the list (a
constant number of queries per page whatever the filters and page size, a capped count,
region totals in one query, each person counted once)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from sinergi.core.models import AuditEvent, User
from sinergi.core.tabular import ImportRejected
from sinergi.interventions import selectors, views
from sinergi.interventions.models import Intervention, InterventionParty
from sinergi.interventions.selectors import InterventionFilters, intervention_list, region_figures
from sinergi.interventions.services import InterventionData, LocationEntry, intervention_create
from sinergi.interventions.spreadsheet import interventions_import
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention

pytestmark = pytest.mark.django_db
HEADER = ["ref", "title", "function", "target_group", "region_code", "targeted", "reached"]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def _file(count: int, *, reached: int = 4) -> bytes:
    rows = []
    for n in range(count):
        rows.append(
            [f"B-{n}", f"Kegiatan {n}", "pendidikan", "LUT;FM", "32.73.01", "10", str(reached)]
        )
        rows.append([f"B-{n}", f"Kegiatan {n}", "pendidikan", "LUT;FM", "32.73.02", "20", "5"])
    return _csv(rows)


def _import(raw: bytes, organisation: Organisation, *, dry_run: bool = False) -> Any:
    return interventions_import(
        file=io.BytesIO(raw),
        filename="3w.csv",
        actor=None,
        organisation=organisation,
        dry_run=dry_run,
    )


def _statements(raw: bytes, organisation: Organisation) -> int:
    with CaptureQueriesContext(connection) as captured:
        _import(raw, organisation)
    return len(captured)


def test_the_bulk_import_costs_the_same_statements_for_more_rows(mitra_a: Organisation) -> None:
    few = _statements(_file(3), mitra_a)
    Intervention.objects.all().delete()
    many = _statements(_file(20), mitra_a)
    assert Intervention.objects.count() == 20
    # 40 rows cost what 6 do: bulk statements (they grow only with rows / batch size).
    assert many == few


def test_one_audit_event_per_created_or_changed_intervention(mitra_a: Organisation) -> None:
    partner = Organisation.objects.create(
        name="Mitra Pendana", name_key="mitra pendana", type="foundation"
    )
    _import(_file(4), mitra_a)
    assert AuditEvent.objects.filter(action="intervention.create").count() == 4
    created = AuditEvent.objects.filter(action="intervention.create").first()
    assert created is not None and created.changes["locations"]["to"] == [
        "32.73.01:10:4",
        "32.73.02:20:5",
    ]
    first = Intervention.objects.get(ref="B-0")
    InterventionParty.objects.create(intervention=first, organisation=partner, role="funder")
    # Change one intervention's figure: only it is updated, versioned and audited.
    rows = list(csv.reader(io.StringIO(_file(4).decode())))
    rows[1][6] = "9"
    report = _import(_csv(rows[1:]), mitra_a)
    assert [r.action for r in report.rows] == ["update", "unchanged", "unchanged", "unchanged"]
    updates = AuditEvent.objects.filter(action="intervention.update")
    assert updates.count() == 1 and updates.get().target_id == str(first.pk)
    assert updates.get().changes["reached"] == {"from": 9, "to": 14}
    first.refresh_from_db()
    assert (first.version, first.reached) == (2, 14)
    # Partner organisations are kept; locations replaced in place, never duplicated.
    assert list(first.parties.values_list("organisation_id", flat=True)) == [partner.pk]
    assert first.locations.count() == 2
    assert Intervention.objects.get(ref="B-1").version == 1


def test_a_bulk_created_intervention_is_stored_as_the_service_stores_one(
    mitra_a: Organisation,
) -> None:
    # The bulk path writes values straight to the driver: choices left at their default
    # (enum members), dates, JSON and totals must land exactly as through the service.
    _import(_file(1), mitra_a)
    made = intervention_create(
        actor=None,
        organisation=mitra_a,
        data=InterventionData(
            ref="B-1",
            title="Kegiatan 0",
            function="pendidikan",
            target_groups=["LUT", "FM"],
            locations=[LocationEntry("32.73.01", 10, 4), LocationEntry("32.73.02", 20, 5)],
        ),
    )
    skip = {"id", "ref", "created_at", "updated_at"}
    names = [f.attname for f in Intervention._meta.concrete_fields if f.attname not in skip]
    stored = {
        row.pop("ref"): row
        for row in Intervention.objects.order_by().values("ref", *names, "created_at")
    }
    assert stored["B-0"].pop("created_at") is not None
    stored["B-1"].pop("created_at")
    assert stored["B-0"] == stored["B-1"]
    assert (stored["B-0"]["status"], stored["B-0"]["targeted"]) == ("planned", 30)
    changes = {
        event.target_id: {k: v for k, v in event.changes.items() if k != "ref"}
        for event in AuditEvent.objects.filter(action="intervention.create")
    }
    bulk_pk = str(Intervention.objects.get(ref="B-0").pk)
    assert changes[bulk_pk] == changes[str(made.pk)]


def test_a_bad_row_in_a_big_file_changes_nothing(mitra_a: Organisation) -> None:
    rows = list(csv.reader(io.StringIO(_file(30).decode())))[1:]
    rows[41][5] = "99999999999"  # beyond what the column holds
    rows[7][4] = "99.99"  # no such region
    with pytest.raises(ImportRejected) as rejected:
        _import(_csv(rows), mitra_a)
    problems = {(e.row, e.column) for e in rejected.value.errors}
    assert (43, "targeted") in problems and (9, "region_code") in problems
    assert not Intervention.objects.exists()
    assert not AuditEvent.objects.filter(target_type="intervention").exists()


def test_a_dry_run_of_a_big_file_writes_nothing(mitra_a: Organisation) -> None:
    report = _import(_file(20), mitra_a, dry_run=True)
    assert report.count("create") == 20 and not Intervention.objects.exists()


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


FILTERS = [
    "",
    "function=pendidikan",
    "programme=PKH",
    "target_group=FM",
    "status=ongoing",
    "region=32",
    "region=32.73.01",
    "active_from=2026-01-01&active_until=2026-06-30",
    "function=pendidikan&target_group=LUT&region=32.73&status=ongoing",
]


@pytest.mark.parametrize("persona", ["anonymous", "partner", "coordinator"])
def test_every_filter_costs_the_same_queries_whatever_the_data_and_page_size(
    persona: str,
    client_for: Any,
    mitra_a: Organisation,
    mitra_b: Organisation,
    vera: User,
    rahmat: User,
) -> None:
    client = client_for({"anonymous": None, "partner": vera, "coordinator": rahmat}[persona])
    # One match for every filter from the start (an empty page skips the prefetches).
    intervention(
        mitra_a,
        function="pendidikan",
        programme="PKH",
        target_groups=["FM", "LUT"],
        locations=[LocationEntry("32.73.01", 5, 1)],
    )

    def costs() -> list[int]:
        found = [_queries(client, f"/kegiatan/?{query}") for query in FILTERS]
        found += [
            _queries(client, f"/api/v1/interventions?{query}&limit={limit}")
            for query in FILTERS
            for limit in (1, 50)
        ]
        return found

    few = costs()
    for n in range(12):
        intervention(
            mitra_b if n % 2 else mitra_a,
            function="pendidikan",
            programme="PKH",
            target_groups=["FM", "LUT"],
            visibility="internal" if n % 3 == 0 else "public",
            locations=[
                LocationEntry("32", 50, 10),
                LocationEntry("32.73", 20, 5),
                LocationEntry("32.73.01", 5, 1),
                LocationEntry("35.78", 5, 1),
            ],
        )
    assert costs() == few
    # No intervention is listed twice, however many of its locations and groups match.
    body = client.get("/api/v1/interventions?region=32&target_group=FM&limit=200").json()
    ids = [item["id"] for item in body["items"]]
    assert len(ids) == len(set(ids)) == body["count"] > 0


def test_counts_are_capped(client_for: Any, mitra_a: Organisation, monkeypatch: Any) -> None:
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    from sinergi.interventions import api

    monkeypatch.setattr(api, "COUNT_CAP", 3)
    for _ in range(5):
        intervention(mitra_a)
    client = client_for(None)
    body = client.get("/api/v1/interventions?limit=2").json()
    assert (body["count"], body["count_capped"], len(body["items"])) == (3, True, 2)
    assert client.get("/api/v1/interventions?limit=2&offset=4").json()["items"]  # still served
    page = client.get("/kegiatan/").content.decode()
    assert "3" in page and ("Lebih dari" in page or "More than" in page)
    exact = client.get("/api/v1/interventions?function=pendidikan").json()
    assert (exact["count"], exact["count_capped"]) == (0, False)


def test_region_totals_count_each_person_once_in_two_queries(mitra_a: Organisation) -> None:
    # Province, regency and district of one intervention inside 32: only the province counts.
    intervention(
        mitra_a,
        locations=[
            LocationEntry("32", 1000, 100),
            LocationEntry("32.73", 300, 30),
            LocationEntry("32.73.01", 50, 5),
        ],
    )
    # Seen from the regency: the regency (its district is a breakdown); the province is wider.
    intervention(
        mitra_a, locations=[LocationEntry("32.73.01", 20, 2), LocationEntry("32.04", 7, 1)]
    )
    intervention(mitra_a, function="pendidikan", locations=[LocationEntry("32.73.02", 3, 3)])

    def totals(region: str, **filters: Any) -> dict[str, int]:
        found = intervention_list(
            visible=Q(), filters=InterventionFilters(region=region, **filters)
        )
        with CaptureQueriesContext(connection) as captured:
            result = region_figures(interventions=found, region=region)
        # One aggregate of the location figures, one read of the locations with reach.
        assert len(captured) == 2
        # No report was approved or submitted: nothing is reached yet, whatever is declared.
        assert (result.approved, result.pending) == (0, 0)
        return {"targeted": result.targeted, "declared": result.declared}

    assert totals("32") == {"targeted": 1000 + 27 + 3, "declared": 100 + 3 + 3}
    assert totals("32.73") == {"targeted": 300 + 20 + 3, "declared": 30 + 2 + 3}
    assert totals("32.73", function="pendidikan") == {"targeted": 3, "declared": 3}
    assert totals("32.73.01") == {"targeted": 50 + 20, "declared": 5 + 2}
    assert totals("35") == {"targeted": 0, "declared": 0}
