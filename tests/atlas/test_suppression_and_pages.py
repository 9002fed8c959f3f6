"""Small counts of sensitive groups are withheld on public views; the profile page, its PDF,
the import pages and the CLI."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from sinergi.atlas import views
from sinergi.atlas.importing import values_import
from sinergi.atlas.models import BatchStatus, ImportBatch
from sinergi.atlas.services import import_batch_create
from sinergi.core.models import User
from tests.atlas.conftest import csv_bytes, upload

pytestmark = pytest.mark.usefixtures("stats")
PERIOD = "2031"
SMALL = csv_bytes(
    [
        ["kode_wilayah", "indikator", "periode", "nilai"],
        ["32.73", "ODHA", PERIOD, "4"],  # sensitive, small: withheld in public
        ["32.01", "ODHA", PERIOD, "25"],  # sensitive, large enough: shown
        ["32.04", "ODHA", PERIOD, "0"],  # zero identifies nobody: shown
        ["32.73", "LUT", PERIOD, "3"],  # not sensitive: shown
    ]
)


@pytest.fixture
def small_counts(db: None) -> None:
    batch = import_batch_create(kind="cli", created_by=None, filename="s.csv")
    assert values_import(batch=batch, data=SMALL, principal=None).status == BatchStatus.SUCCEEDED


@pytest.mark.usefixtures("small_counts")
def test_public_values_withhold_small_sensitive_counts(client: Client) -> None:
    body = client.get(f"/api/v1/atlas/values/pin.ODHA?level=regency&period={PERIOD}").json()
    assert body["values"] == {"32.01": 25, "32.04": 0}
    assert body["suppressed"] == ["32.73"]
    lut = client.get(f"/api/v1/atlas/values/LUT?level=regency&period={PERIOD}").json()
    assert lut["values"] == {"32.73": 3}


@pytest.mark.usefixtures("small_counts")
def test_exports_withhold_them_too(client: Client) -> None:
    text = client.get(
        f"/api/v1/atlas/exports/ODHA?level=regency&period={PERIOD}&format=csv"
    ).content.decode()
    row = next(line for line in text.splitlines() if line.startswith("32.73,"))
    assert ",,people,suppressed" in row
    assert ",4," not in row


@pytest.mark.usefixtures("small_counts")
def test_the_profile_withholds_them_from_the_public_but_not_from_their_coordinator(
    client_for: Any, rahmat: User, citra: User
) -> None:
    def odha(user: User | None) -> dict[str, Any]:
        body = client_for(user).get("/api/v1/atlas/regions/32.73/profile").json()
        return next(p for p in body["people_in_need"] if p["group"] == "ODHA")

    assert odha(None)["value"] is None and odha(None)["suppressed"] is True
    assert odha(citra)["suppressed"] is True  # Jawa Timur's coordinator: a public view
    assert odha(rahmat)["value"] == 4 and odha(rahmat)["suppressed"] is False


def test_the_profile_page_shows_need_index_trends_and_people_in_need(client: Client) -> None:
    response = client.get("/atlas/wilayah/32.73/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="need-score"' in html and "Peringkat" in html
    assert html.count('class="card figure-card"') >= 8
    assert html.count("<svg") >= 3  # the map and trend charts, rendered on the server
    assert html.count('data-group="') == 26
    assert client.get("/atlas/wilayah/3273/").status_code == 301
    assert client.get("/atlas/wilayah/99.99/").status_code == 404


def test_the_region_page_links_to_its_profile(client: Client) -> None:
    html = client.get("/wilayah/32.73/").content.decode()
    assert 'href="/atlas/wilayah/32.73/"' in html


def test_the_pdf_renders_with_its_map_and_charts(client: Client) -> None:
    response = client.get("/atlas/wilayah/32.73/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    # The map and the charts are SVG images drawn into the PDF as vector forms.
    assert pdf.count(b"/Subtype /Form") >= 3


def test_the_need_index_method_page_lists_the_weights(client: Client) -> None:
    html = client.get("/atlas/metode/indeks-kebutuhan/").content.decode()
    assert "Persentase penduduk miskin (P0)" in html and "30%" in html


def test_the_import_page_uploads_and_shows_the_outcome(client_for: Any, rahmat: User) -> None:
    client = client_for(rahmat)
    assert client.get("/atlas/impor/").status_code == 200
    bad = csv_bytes(
        [["kode_wilayah", "indikator", "periode", "nilai"], ["35.78", "FM", PERIOD, "1"]]
    )
    response = client.post("/atlas/impor/", {"file": upload("bad.csv", bad)})
    assert response.status_code == 302
    status = client.get(response["Location"])
    html = status.content.decode()
    assert "35.78" in html and 'id="import-errors"' in html


def test_the_import_page_is_for_coordinators_and_admins(
    client_for: Any, django_user_model: Any
) -> None:
    partner = django_user_model.objects.create_user(username="mitra-y", password="x-long-pass-9")
    assert client_for(partner).get("/atlas/impor/").status_code == 403
    assert client_for(None).get("/atlas/impor/").status_code == 302  # to the sign-in page


def test_the_cli_imports_with_a_dry_run_and_reports_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(
        csv_bytes([["kode_wilayah", "indikator", "periode", "nilai"], ["32.73", "FM", PERIOD, "7"]])
    )
    out = StringIO()
    call_command("import_indicators", str(good), "--dry-run", stdout=out, stderr=StringIO())
    assert ImportBatch.objects.get(filename="good.csv").status == BatchStatus.PREVIEWED
    call_command("import_indicators", str(good), stdout=out, stderr=StringIO())
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_bytes([["kode_wilayah", "indikator", "periode", "nilai"], ["32.73", "FM", "20x1", "7"]])
    )
    errors = StringIO()
    with pytest.raises(CommandError, match="1"):
        call_command("import_indicators", str(bad), stdout=StringIO(), stderr=errors)
    assert "20x1" in errors.getvalue()


def test_the_pdf_is_drawn_from_a_page_with_its_map_and_charts(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []

    def draw(html: str) -> bytes:
        drawn.append(html)
        return b"%PDF-"

    monkeypatch.setattr(views, "html_to_pdf", draw)
    client.get("/atlas/wilayah/32.73/pdf/")
    (html,) = drawn
    assert 'id="pdf-map" src="data:image/svg+xml;base64,' in html
    assert html.count('class="chart" src="data:image/svg+xml;base64,') >= 2
    assert "Kota Bandung" in html
