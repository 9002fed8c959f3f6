"""A small synergy world: people in need for two target groups in three regencies (Kab.
Bogor 32.01 and Kota Bandung 32.73 in rahmat's Jawa Barat, Surabaya 35.78 in citra's Jawa
Timur), Mitra A in Bandung caring for the elderly (admin alice), Mitra B in Surabaya (admin
charlie) already reaching 400 elderly people in Bandung."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np
import pytest

from sinergi.atlas.cache import atlas_cache
from sinergi.atlas.engines import cells
from sinergi.atlas.models import BatchStatus, Indicator
from sinergi.atlas.services import (
    catalogue_sync,
    import_batch_create,
    import_batch_finish,
    series_land,
    source_ensure,
)
from sinergi.core.models import Role, User
from sinergi.interventions.services import LocationEntry
from sinergi.partners.models import FocusKind, Organisation
from sinergi.synergy.needs import need_memo
from tests.partners.factories import OrganisationFactory, focus, footprint, member
from tests.synergy.helpers import reached_intervention

YEAR = 2026
NEED = {
    "LUT": {"32.01": 12300, "32.73": 5000, "35.78": 8000},
    "FM": {"32.01": 20000, "32.73": 3000},
}


@pytest.fixture(autouse=True)
def _plan_caches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(atlas_cache, "RECHECK_SECONDS", 0.0)
    monkeypatch.setattr(need_memo, "RECHECK_SECONDS", 0.0)
    atlas_cache.invalidate()
    need_memo.invalidate()
    yield
    atlas_cache.invalidate()
    need_memo.invalidate()


def land_need(need: dict[str, dict[str, int]], period: str = str(YEAR)) -> None:
    catalogue_sync()
    source = source_ensure(name="Uji sinergi", publication="test")
    batch = import_batch_create(
        kind="upload", created_by=None, filename="t", checksum="t", source=source
    )
    ids = dict(Indicator.objects.filter(key__in=need).values_list("key", "pk"))
    tables = {
        (ids[key], 2, period): cells.make(
            codes=sorted(by_code),
            values=np.array([by_code[c] for c in sorted(by_code)], dtype=float),
            batch=batch.pk,
        )
        for key, by_code in need.items()
    }
    report = series_land(batch=batch, tables=tables)
    import_batch_finish(batch=batch, status=BatchStatus.SUCCEEDED, counts=report.counts())


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    land_need(NEED)
    mitra_a: Organisation = OrganisationFactory.create(
        name="Mitra A Sejahtera", home_region_id="32.73"
    )
    focus(mitra_a, FocusKind.TARGET_GROUP, "LUT")
    footprint(mitra_a, "32.73")
    mitra_b: Organisation = OrganisationFactory.create(
        name="Mitra B Peduli", home_region_id="35.78"
    )
    focus(mitra_b, FocusKind.TARGET_GROUP, "LUT", "FM")
    footprint(mitra_b, "35.78")
    reached_intervention(
        mitra_b,
        locations=[LocationEntry("32.73", 500, 400)],
        target_groups=["LUT"],
        budget_idr=1_000_000_000,
        start_date=date(YEAR, 1, 1),
        end_date=date(YEAR, 12, 31),
    )
    return {
        "mitra_a": mitra_a,
        "mitra_b": mitra_b,
        "alice": member(mitra_a, Role.PARTNER_ADMIN, "alice"),
        "charlie": member(mitra_b, Role.PARTNER_ADMIN, "charlie"),
    }


def user(world: dict[str, Any], name: str) -> User:
    found: User = world[name]
    return found
