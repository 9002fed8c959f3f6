"""Atlas test setup: the shipped statistics loaded once per worker (like the region registry),
background tasks run in the request, and the per-process atlas cache rechecked on every read
so one test never sees another's rolled-back data."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.atlas.cache import atlas_cache
from sinergi.atlas.loading import statistics_load

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session")
def _statistics(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        statistics_load()


@pytest.fixture(autouse=True)
def _atlas_isolation(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    settings.TASKS = IMMEDIATE
    monkeypatch.setattr(atlas_cache, "RECHECK_SECONDS", 0.0)
    atlas_cache.invalidate()
    yield
    atlas_cache.invalidate()


@pytest.fixture
def stats(_statistics: None, db: None) -> None:
    """The catalogue and the shipped official statistics, in a test transaction."""


def csv_bytes(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for index, row in enumerate(rows):
        sheet.write_row(index, 0, row)
    workbook.close()
    return output.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
