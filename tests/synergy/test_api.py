"""Synergy endpoints: coverage, blank spots and overlaps; visibility and invalid input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sinergi.core.models import User
from sinergi.interventions.services import LocationEntry
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention
from tests.synergy.helpers import need_import, reach_report, reached_intervention

pytestmark = pytest.mark.usefixtures("stats")
BASE = "/api/v1/synergy"
REGENCIES = "level=regency&parent=32&group=LUT&year=2026"


@pytest.fixture
def scene(mitra_a: Organisation, mitra_b: Organisation) -> None:
    need_import(
        [
            ("32.73", "LUT", "2026", 1000),
            ("32.04", "LUT", "2026", 500),
            ("32.73", "ODHA", "2026", 5),
        ]
    )
    reached_intervention(mitra_a)  # Kota Bandung, LUT, reached 40 (public)
    reached_intervention(
        mitra_b,
        visibility="internal",
        locations=[LocationEntry("32.73", 20, 10)],
    )


def _row(body: dict[str, Any], code: str) -> dict[str, Any]:
    return next(row for row in body["rows"] if row["code"] == code)


@pytest.mark.usefixtures("scene")
def test_coverage_per_regency(client: Client) -> None:
    body = client.get(f"{BASE}/coverage?{REGENCIES}").json()
    assert body["level"] == "regency" and body["year"] == 2026 and body["parent"] == "32"
    assert 2026 in body["years"]
    bandung = _row(body, "32.73")
    assert bandung["name"] == "Kota Bandung"
    figures = bandung["figures"]
    assert figures["need"] == 1000 and figures["reached"] == 50
    assert figures["coverage"] == 0.05 and figures["gap"] == 950
    assert figures["organisations"] == 2 and not figures["suppressed"]
    assert all(row["code"].startswith("32.") for row in body["rows"])
    assert _row(body, "32.04")["figures"]["coverage"] == 0


@pytest.mark.usefixtures("scene")
def test_small_counts_of_sensitive_groups_are_withheld_from_the_public(
    client: Client, client_for: Callable[[User | None], Client], nadia: User, rahmat: User
) -> None:
    query = f"{BASE}/coverage?level=regency&parent=32&group=ODHA&year=2026"
    public = _row(client.get(query).json(), "32.73")["figures"]
    assert public["suppressed"] and public["need"] is None
    for user in (nadia, rahmat):
        assert _row(client_for(user).get(query).json(), "32.73")["figures"]["need"] == 5


@pytest.mark.usefixtures("scene")
def test_blank_spots(client: Client) -> None:
    body = client.get(f"{BASE}/gaps?{REGENCIES}&limit=5").json()
    codes = [item["code"] for item in body["items"]]
    assert codes == ["32.73", "32.04"]  # 950 then 500 not reached
    assert body["items"][0]["figures"]["gap_combined"] == 950
    assert body["items"][0]["organisations"] == []  # blank spots name nobody


@pytest.mark.usefixtures("scene")
def test_overlaps_name_only_what_the_viewer_may_see(
    client: Client,
    client_for: Callable[[User | None], Client],
    charlie: User,
    rahmat: User,
    citra: User,
) -> None:
    def seen(c: Client) -> tuple[list[str], int]:
        body = c.get(f"{BASE}/overlaps?{REGENCIES}").json()
        item = next(i for i in body["items"] if i["code"] == "32.73")
        return item["organisations"], item["hidden_organisations"]

    assert seen(client) == (["Mitra A Sejahtera"], 1)
    assert seen(client_for(citra)) == (["Mitra A Sejahtera"], 1)
    both = (["Mitra A Sejahtera", "Mitra B Peduli"], 0)
    assert seen(client_for(charlie)) == both  # its own organisation
    assert seen(client_for(rahmat)) == both  # the coordinator of Jawa Barat


@pytest.mark.usefixtures("scene")
@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("level=village", 422),
        ("group=XYZ", 422),
        ("group=lut", 422),
        ("parent=abc", 422),
        ("level=province&parent=32", 422),
        ("parent=99", 404),
        ("year=1950", 404),
        ("year=abc", 422),
        ("limit=0", 422),
    ],
)
def test_invalid_input(client: Client, query: str, status: int) -> None:
    for path in ("coverage", "gaps", "overlaps"):
        if path == "coverage" and query.startswith("limit"):
            continue
        response = client.get(f"{BASE}/{path}?{query}")
        assert response.status_code == status, (path, query, response.content)
        assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.usefixtures("scene")
def test_list_endpoints_use_a_fixed_number_of_queries(
    client: Client, mitra_a: Organisation
) -> None:
    def count(path: str) -> int:
        client.get(f"{BASE}/{path}?{REGENCIES}")  # warm the snapshot
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{BASE}/{path}?{REGENCIES}").status_code == 200
        return len(queries)

    before = {path: count(path) for path in ("coverage", "gaps", "overlaps")}
    for code in ("32.04", "32.01", "32.02"):
        reached_intervention(mitra_a, locations=[LocationEntry(code, 10, 5)])
    after = {path: count(path) for path in ("coverage", "gaps", "overlaps")}
    assert after == before
    # Tests recheck the data versions on every read (three small queries each time); in
    # production they are re-read at most every two seconds.
    assert max(after.values()) <= 12


@pytest.mark.usefixtures("scene")
def test_reported_but_unapproved_reach_is_shown_beside_never_counted(
    client: Client,
    mitra_a: Organisation,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    waiting = intervention(mitra_a, locations=[LocationEntry("32.04", 50, 30)])
    with django_capture_on_commit_callbacks(execute=True):
        reach_report(waiting, 12, approve=False)
    body = client.get(f"{BASE}/coverage?{REGENCIES}").json()
    garut = _row(body, "32.04")["figures"]
    assert garut["reached"] == 0 and garut["reached_pending"] == 12
    assert garut["coverage"] == 0 and garut["gap"] == 500
    assert _row(body, "32.73")["figures"]["reached_pending"] == 0
    spots = client.get(f"{BASE}/gaps?level=regency&parent=32&group=LUT&year=2026").json()
    spot = next(row for row in spots["items"] if row["code"] == "32.04")
    assert spot["figures"]["reached_pending"] == 12 and spot["figures"]["gap"] == 500
