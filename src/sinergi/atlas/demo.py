"""Demo people-in-need counts so every PPKS target group has a map in the demo scenario.

Kemensos publishes no PPKS counts by region that we could ship (SOURCES.md), so the demo
generates them: for every district, a count per target group drawn around an illustrative
rate per 1,000 people times the district's share of its regency's population. They are
*not* estimates of anything. They land in a batch of kind ``demo`` whose source says so, and
every map, profile and export that shows them marks them as demo data.
"""

from __future__ import annotations

import hashlib

import numpy as np
from django.db import transaction

from sinergi.atlas.catalogue import PEOPLE_IN_NEED
from sinergi.atlas.engines import cells
from sinergi.atlas.models import BatchKind, BatchStatus, ImportBatch, Indicator
from sinergi.atlas.services import (
    catalogue_sync,
    import_batch_create,
    import_batch_finish,
    series_land,
    source_ensure,
)
from sinergi.regions.models import Region

DEMO_PERIOD = "2024"
DEMO_SOURCE = "DEMO: data contoh Sinergi, bukan angka resmi / demo data, not official figures"
SEED = 20_24
# Illustrative rates per 1,000 people (not published figures): they only shape the demo.
RATES_PER_1000 = {
    "ABT": 1.2,
    "AT": 4.0,
    "ABH": 0.3,
    "AJ": 0.5,
    "ADK": 1.5,
    "AKTK": 0.4,
    "AMPK": 0.6,
    "LUT": 9.0,
    "PD": 8.0,
    "TS": 0.2,
    "GLD": 0.3,
    "PGM": 0.4,
    "PML": 1.0,
    "KMIN": 0.1,
    "BWBLP": 0.5,
    "ODHA": 0.2,
    "NAPZA": 0.6,
    "KTR": 0.05,
    "KTK": 0.8,
    "PMBS": 0.4,
    "KBA": 3.0,
    "KBS": 0.2,
    "PRSE": 6.0,
    "FM": 95.0,
    "KBSP": 1.0,
    "KAT": 0.7,
}


def _district_people() -> tuple[list[str], np.ndarray]:
    """District codes and a rough head count each (regency population split evenly)."""
    regencies = dict(Region.objects.filter(level=2).values_list("code", "population"))
    districts = list(Region.objects.filter(level=3).order_by("code").values_list("code", flat=True))
    per_regency: dict[str, int] = {}
    for code in districts:
        per_regency[code[:5]] = per_regency.get(code[:5], 0) + 1
    people = np.array(
        [(regencies.get(code[:5]) or 0) / per_regency[code[:5]] for code in districts]
    )
    return districts, people


def demo_counts() -> dict[str, tuple[list[str], np.ndarray]]:
    """Target group → (district codes, whole-number counts); the same every run."""
    rng = np.random.default_rng(SEED)
    districts, people = _district_people()
    counts = {}
    for spec in PEOPLE_IN_NEED:
        rate = RATES_PER_1000[spec.key] / 1000
        noise = rng.lognormal(mean=0.0, sigma=0.6, size=len(districts))
        counts[spec.key] = (districts, np.round(people * rate * noise))
    return counts


@transaction.atomic
def atlas_demo_seed() -> int:
    """Land the demo counts (idempotent: an identical demo batch is not landed twice).
    Returns the number of values added or changed."""
    catalogue_sync()
    counts = demo_counts()
    digest = hashlib.sha256()
    for key, (codes, values) in sorted(counts.items()):
        digest.update(key.encode())
        digest.update("".join(codes).encode())
        digest.update(values.tobytes())
    checksum = digest.hexdigest()
    if ImportBatch.objects.filter(
        kind=BatchKind.DEMO, status=BatchStatus.SUCCEEDED, checksum=checksum
    ).exists():
        return 0
    source = source_ensure(name=DEMO_SOURCE, publication="Sinergi demo scenario")
    batch = import_batch_create(
        kind=BatchKind.DEMO, created_by=None, filename="demo", checksum=checksum, source=source
    )
    ids = dict(Indicator.objects.filter(key__in=counts).values_list("key", "pk"))
    tables = {
        (ids[key], 3, DEMO_PERIOD): cells.make(codes=codes, values=values, batch=batch.pk)
        for key, (codes, values) in counts.items()
    }
    report = series_land(batch=batch, tables=tables)
    import_batch_finish(batch=batch, status=BatchStatus.SUCCEEDED, counts=report.counts())
    return report.inserted + report.updated
