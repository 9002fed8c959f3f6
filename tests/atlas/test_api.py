"""The atlas API: catalogue, values (compact, cached per data version, fast path), profiles,
exports, weights and imports; allowed, outsider and invalid-input cases."""

from __future__ import annotations

import csv
import gzip
import io
import json
from typing import Any

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from sinergi.atlas.cache import atlas_cache
from sinergi.atlas.models import BatchStatus, ImportBatch
from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.core.taxonomy import PPKS
from tests.atlas.conftest import csv_bytes, upload

pytestmark = pytest.mark.usefixtures("stats")
PERIOD = "2031"


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


# --- catalogue -----------------------------------------------------------------------------


def test_the_catalogue_lists_every_indicator_with_its_periods(client: Client) -> None:
    response = client.get("/api/v1/atlas/indicators")
    assert response.status_code == 200
    by_key = {item["key"]: item for item in response.json()}
    assert {group.key for group in PPKS} <= by_key.keys()
    p0 = by_key["poverty_rate"]
    assert p0["direction"] == "higher_worse" and p0["unit"] == "percent" and p0["sdgs"] == ["SDG1"]
    assert "2021" in p0["periods"]["regency"]
    assert "2024-03" in p0["periods"]["province"]
    assert by_key["ODHA"]["sensitive"] is True and by_key["ODHA"]["suppress_below"] == 10


def test_one_catalogue_entry_and_an_unknown_key(client: Client) -> None:
    assert client.get("/api/v1/atlas/indicators/gini").json()["name_id"] == "Rasio Gini"
    problem(client.get("/api/v1/atlas/indicators/nope"), 404)
    problem(client.get("/api/v1/atlas/indicators/no%20pe"), 422)


# --- values --------------------------------------------------------------------------------


def test_values_are_a_compact_code_to_value_document(client: Client) -> None:
    response = client.get("/api/v1/atlas/values/poverty_rate?level=province&period=2021-03")
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == "2021-03" and body["level"] == "province"
    # BPS: Jawa Barat P0 March 2021 = 8.40 % (poverty_province_2015_2025.csv)
    assert body["values"]["32"] == 8.4
    assert body["rolled_up"] == [] and body["suppressed"] == []
    assert response["ETag"] and response["Cache-Control"].startswith("public")


def test_the_default_period_is_the_latest_with_good_coverage(client: Client) -> None:
    # Regency P0 exists for 2022-2024 in Jawa Barat only; 2021 covers all 514 regencies.
    body = client.get("/api/v1/atlas/values/poverty_rate?level=regency").json()
    assert body["period"] == "2021"
    assert len(body["values"]) == 514


def test_values_within_a_parent_and_rolled_up_counts(client: Client) -> None:
    # Jawa Barat's 27 regencies all publish their number of poor for 2015 (the province's
    # own figures are for March and September): the annual province figure is their sum,
    # marked as rolled up. In 2010 Pangandaran did not exist yet: 26 of 27, no sum.
    body = client.get("/api/v1/atlas/values/poor_population?level=province&period=2015").json()
    assert body["rolled_up"] == ["32"]
    regencies = client.get(
        "/api/v1/atlas/values/poor_population?level=regency&period=2015&parent=32"
    ).json()
    assert len(regencies["values"]) == 27
    assert body["values"]["32"] == sum(regencies["values"].values())
    partial = client.get("/api/v1/atlas/values/poor_population?level=province&period=2010")
    assert partial.json()["values"] == {}  # figures below, but no province is complete


def test_rates_never_roll_up(client: Client) -> None:
    # Regency P0 exists for all of Jawa Barat in 2015, yet the province gets no annual
    # 2015 rate: an average of rates would need weights, a sum would be nonsense.
    response = client.get("/api/v1/atlas/values/poverty_rate?level=province&period=2015")
    assert response.status_code == 404


def test_the_fast_path_serves_the_same_bytes_and_revalidates(client: Client) -> None:
    url = "/api/v1/atlas/values/hdi?level=regency&period=2021"
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    plain = client.get(url)
    assert json.loads(gzip.decompress(first.content)) == plain.json()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_fresh_import_shows_in_the_values_at_once(client: Client, nadia: User) -> None:
    url = f"/api/v1/atlas/values/FM?level=regency&period={PERIOD}"
    problem(client.get(url), 404)
    content = csv_bytes(
        [["kode_wilayah", "indikator", "periode", "nilai"], ["32.73", "FM", PERIOD, "9"]]
    )
    signed_in = Client()
    signed_in.force_login(nadia)
    assert (
        signed_in.post("/api/v1/atlas/imports", {"file": upload("a.csv", content)}).status_code
        == 202
    )
    assert client.get(url).json()["values"] == {"32.73": 9}


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/atlas/values/nope?level=province", 404),
        ("/api/v1/atlas/values/hdi?level=province&period=1999", 404),
        ("/api/v1/atlas/values/hdi?level=village", 422),
        ("/api/v1/atlas/values/hdi?level=province&period=2021-13", 422),
        ("/api/v1/atlas/values/hdi?level=province&parent=32", 422),
        ("/api/v1/atlas/values/hdi?level=regency&parent=99", 404),
    ],
)
def test_bad_value_requests_are_problems(client: Client, url: str, status: int) -> None:
    problem(client.get(url), status)


# --- profile, exports, templates -----------------------------------------------------------


def test_a_region_profile(client: Client) -> None:
    body = client.get("/api/v1/atlas/regions/3273/profile").json()
    assert body["region"] == {"code": "32.73", "name": "Kota Bandung", "level": "regency"}
    headline = {h["key"]: h for h in body["headline"]}
    assert headline["hdi"]["period"] == "2021" and headline["hdi"]["value"] == 81.96
    assert len(headline["poverty_rate"]["trend"]) > 10  # Jawa Barat series 2010-2024
    need = body["need_index"]
    assert need["year"] == "2021" and need["ranked_national"] == 514
    assert 1 <= need["rank_within_parent"] <= need["ranked_within_parent"] == 27
    fm = next(p for p in body["people_in_need"] if p["group"] == "FM")
    assert fm["method"] == "official"  # Jawa Barat publishes its number of poor
    assert {s["name"] for s in body["sources"]} >= {
        "BPS: indikator sosial ekonomi kabupaten/kota 2021"
    }
    problem(client.get("/api/v1/atlas/regions/99.99/profile"), 404)
    problem(client.get("/api/v1/atlas/regions/x/profile"), 422)


def test_modelled_people_in_need_say_how(client: Client) -> None:
    body = client.get("/api/v1/atlas/regions/35.78/profile").json()
    fm = next(p for p in body["people_in_need"] if p["group"] == "FM")
    assert fm["method"] == "modelled" and fm["period"] == "2021"
    # P0 2021 Kota Surabaya 5.23 % x population 2024 (registry), rounded to whole people
    values = client.get("/api/v1/atlas/values/poverty_rate?level=regency&period=2021").json()
    population = client.get("/api/v1/atlas/values/population?level=regency").json()
    expected = round(values["values"]["35.78"] / 100 * population["values"]["35.78"])
    assert fm["value"] == expected


@pytest.mark.parametrize("fmt", ["csv", "hxl", "xlsx", "geojson"])
def test_any_layer_exports_in_four_formats(client: Client, fmt: str) -> None:
    response = client.get(
        f"/api/v1/atlas/exports/poverty_rate?level=regency&period=2021&parent=32&format={fmt}"
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if fmt in ("csv", "hxl"):
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        data = rows[2:] if fmt == "hxl" else rows[1:]
        assert len(data) == 27
        if fmt == "hxl":
            assert rows[1][0] == "#adm2+code" and "#indicator+value+num" in rows[1]
        bandung = next(row for row in data if row[0] == "32.73")
        assert bandung[1] == "Kota Bandung" and float(bandung[6]) == 4.37  # P0 2021 = 4.37 %
    elif fmt == "xlsx":
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
        assert len(sheet.to_python()) == 28
    else:
        collection = response.json()
        assert len(collection["features"]) == 27
        assert collection["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_templates_in_both_layouts(client: Client) -> None:
    long = client.get("/api/v1/atlas/templates/long?format=csv").content.decode().splitlines()
    assert long[0].startswith("kode_wilayah,indikator,periode,nilai")
    assert long[1].startswith("#loc+code,#indicator+code")
    wide = client.get("/api/v1/atlas/templates/wide?format=csv&indicators=FM,PD").content.decode()
    assert wide.splitlines()[0] == "kode_wilayah,nama_wilayah,periode,FM,PD"
    xlsx = client.get("/api/v1/atlas/templates/wide").content
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(xlsx))
    assert len(workbook.get_sheet_by_index(0).to_python()[0]) == 3 + 26
    problem(client.get("/api/v1/atlas/templates/wide?indicators=NOPE"), 404)
    problem(client.get("/api/v1/atlas/templates/tall"), 422)


# --- weights -------------------------------------------------------------------------------


def test_weights_are_public_and_editable_by_national_admins(
    client_for: Any, nadia: User, rahmat: User
) -> None:
    current = client_for(None).get("/api/v1/atlas/need-index/weights").json()
    assert sum(c["share"] for c in current["components"]) == pytest.approx(1.0)
    body = json.dumps({"weights": {"poverty_rate": 1, "hdi": 1}})
    problem(client_for(None).put("/api/v1/atlas/need-index/weights", body, "application/json"), 401)
    problem(
        client_for(rahmat).put("/api/v1/atlas/need-index/weights", body, "application/json"), 403
    )
    response = client_for(nadia).put("/api/v1/atlas/need-index/weights", body, "application/json")
    assert response.status_code == 200
    assert [(c["key"], c["share"]) for c in response.json()["components"]] == [
        ("poverty_rate", 0.5),
        ("hdi", 0.5),
    ]
    bad = json.dumps({"weights": {"population": 1}})  # neither better nor worse
    problem(client_for(nadia).put("/api/v1/atlas/need-index/weights", bad, "application/json"), 422)


# --- imports -------------------------------------------------------------------------------

GOOD = csv_bytes([["kode_wilayah", "indikator", "periode", "nilai"], ["32.73", "FM", PERIOD, "5"]])
OUTSIDE = csv_bytes(
    [["kode_wilayah", "indikator", "periode", "nilai"], ["35.78", "FM", PERIOD, "5"]]
)


def test_an_upload_is_processed_and_reports_its_outcome(client_for: Any, rahmat: User) -> None:
    client = client_for(rahmat)
    response = client.post("/api/v1/atlas/imports", {"file": upload("good.csv", GOOD)})
    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["inserted"], body["layout"]) == ("succeeded", 1, "long")
    detail = client.get(f"/api/v1/atlas/imports/{body['id']}").json()
    assert detail["rows_total"] == detail["rows_done"] == 1


def test_a_rejected_upload_has_a_full_error_report(client_for: Any, rahmat: User) -> None:
    client = client_for(rahmat)
    body = client.post("/api/v1/atlas/imports", {"file": upload("out.csv", OUTSIDE)}).json()
    assert body["status"] == "rejected" and body["error_count"] == 1
    report = client.get(f"/api/v1/atlas/imports/{body['id']}/errors").json()
    error = report["errors"][0]
    assert (error["row"], error["column"], error["value"], error["reason_code"]) == (
        2,
        "kode_wilayah",
        "35.78",
        "outside_scope",
    )
    assert "32" in error["suggestion"]
    as_csv = client.get(f"/api/v1/atlas/imports/{body['id']}/errors?format=csv")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert "35.78" in as_csv.content.decode()


def test_a_dry_run_upload_changes_nothing(client_for: Any, nadia: User) -> None:
    response = client_for(nadia).post(
        "/api/v1/atlas/imports", {"file": upload("good.csv", GOOD), "dry_run": "true"}
    )
    assert response.json()["status"] == "previewed"
    assert (
        client_for(None).get(f"/api/v1/atlas/values/FM?level=regency&period={PERIOD}").status_code
        == 404
    )


def test_who_may_import(client_for: Any, citra: User, django_user_model: Any) -> None:
    problem(client_for(None).post("/api/v1/atlas/imports", {"file": upload("g.csv", GOOD)}), 401)
    partner = django_user_model.objects.create_user(username="mitra-x", password="x-long-pass-9")
    problem(client_for(partner).post("/api/v1/atlas/imports", {"file": upload("g.csv", GOOD)}), 403)
    problem(client_for(citra).post("/api/v1/atlas/imports", {"file": upload("g.pdf", GOOD)}), 422)


def test_an_import_is_invisible_to_other_users(
    client_for: Any, rahmat: User, citra: User, nadia: User
) -> None:
    batch_id = (
        client_for(rahmat)
        .post("/api/v1/atlas/imports", {"file": upload("g.csv", GOOD)})
        .json()["id"]
    )
    problem(client_for(citra).get(f"/api/v1/atlas/imports/{batch_id}"), 404)
    problem(client_for(citra).get(f"/api/v1/atlas/imports/{batch_id}/errors"), 404)
    assert client_for(nadia).get(f"/api/v1/atlas/imports/{batch_id}").status_code == 200
    assert [b["id"] for b in client_for(citra).get("/api/v1/atlas/imports").json()["items"]] == []


def test_the_import_list_costs_a_fixed_number_of_queries(
    client_for: Any, nadia: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(nadia)
    for name in ("a.csv", "b.csv", "c.csv"):
        client.post("/api/v1/atlas/imports", {"file": upload(name, GOOD)})
    principal_for(nadia)
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/atlas/imports?limit=50").json()
    assert body["count"] >= 3
    assert ImportBatch.objects.filter(status=BatchStatus.SUCCEEDED, filename="a.csv").exists()


def test_empty_parameters_are_problems_not_defaults(client: Client) -> None:
    problem(client.get("/api/v1/atlas/values/hdi?level=province&parent="), 422)
    problem(client.get("/api/v1/atlas/values/hdi?level=province&period="), 422)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/atlas/indicators",
        "/api/v1/atlas/values/pin.FM?level=regency",
        "/api/v1/atlas/need-index/weights",
    ],
)
def test_warm_reads_touch_no_database(
    client: Client, url: str, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    monkeypatch.setattr(atlas_cache, "RECHECK_SECONDS", 3600.0)
    assert client.get(url).status_code == 200  # builds the per-version memo
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
