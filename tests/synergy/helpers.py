"""Need figures for synergy tests, imported through the atlas like any user's file."""

from __future__ import annotations

from sinergi.atlas.importing import values_import
from sinergi.atlas.models import BatchStatus
from sinergi.atlas.services import import_batch_create
from tests.atlas.conftest import csv_bytes


def need_import(rows: list[tuple[str, str, str, int]]) -> None:
    """(region code, target group, period, people in need) rows."""
    data = csv_bytes(
        [["kode_wilayah", "indikator", "periode", "nilai"]]
        + [[code, group, period, str(value)] for code, group, period, value in rows]
    )
    batch = import_batch_create(kind="cli", created_by=None, filename="need.csv")
    assert values_import(batch=batch, data=data, principal=None).status == BatchStatus.SUCCEEDED
