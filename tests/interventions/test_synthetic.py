from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from sinergi.atlas.demo import atlas_demo_seed
from sinergi.atlas.engines import cells
from sinergi.atlas.models import BatchKind, ImportBatch, Series
from sinergi.atlas.services import import_batch_create, series_land
from sinergi.core.models import AuditEvent
from sinergi.core.taxonomy import PPKS
from sinergi.interventions import counting
from sinergi.interventions.models import Intervention, InterventionLocation
from sinergi.interventions.synthetic import (
    ORGANISATION_PREFIX,
    SYNTHETIC_SOURCE,
    NationalScale,
    SyntheticRefused,
    national_generate,
)
from sinergi.partners.models import Organisation, OrganisationFocus
from sinergi.regions.models import Region

pytestmark = pytest.mark.django_db
TINY = NationalScale(organisations=20, interventions=150, years=(2023, 2024), seed=7)


def _snapshot() -> list[tuple[str, int, int, str]]:
    return sorted(
        Intervention.objects.values_list("ref", "targeted", "reached", "organisation__name")
    )


def test_a_tiny_national_dataset_is_labelled_counted_and_deterministic() -> None:
    report = national_generate(TINY)
    assert (report.organisations, report.interventions) == (20, 150)
    organisations = Organisation.objects.filter(name__startswith=ORGANISATION_PREFIX)
    assert organisations.count() == 20
    assert not OrganisationFocus.objects.exclude(organisation__in=organisations).exists()
    interventions = Intervention.objects.all()
    assert interventions.count() == 150
    assert all(i.synthetic and i.ref.startswith("SYN-") for i in interventions)
    assert all("[Sintetis]" in i.title for i in interventions)
    assert InterventionLocation.objects.count() == report.locations
    levels = set(
        Region.objects.filter(
            code__in=InterventionLocation.objects.values("region_id")
        ).values_list("level", flat=True)
    )
    assert levels <= {1, 2, 3} and len(levels) >= 2  # mixed levels
    for intervention in interventions.prefetch_related("locations")[:50]:
        figures = {loc.region_id: loc.targeted for loc in intervention.locations.all()}
        assert intervention.targeted == counting.total(figures)  # never double counted
    # Every PPKS group has district-level values for every year, from a synthetic source.
    series = Series.objects.filter(level=3, indicator__key__in=[g.key for g in PPKS])
    assert series.count() == len(PPKS) * 2
    batch = ImportBatch.objects.get(filename="synthetic-national")
    assert batch.kind == BatchKind.DEMO and batch.source is not None
    assert batch.source.name == SYNTHETIC_SOURCE
    assert AuditEvent.objects.filter(action="synthetic.national.generate").count() == 1
    first = _snapshot()
    Intervention.objects.all().delete()  # (the run is deterministic: same seed, same rows)
    Organisation.objects.filter(name__startswith=ORGANISATION_PREFIX).delete()
    national_generate(TINY)
    assert [row[:3] for row in _snapshot()] == [row[:3] for row in first]


def test_it_refuses_to_run_twice_and_changes_nothing() -> None:
    national_generate(TINY)
    before = Intervention.objects.count()
    with pytest.raises(CommandError, match=r"sudah ada|already"):
        call_command("seed_national", "--organisations", "5", "--interventions", "5")
    assert Intervention.objects.count() == before


def test_official_figures_are_never_mixed_with_synthetic_ones() -> None:
    from sinergi.atlas.models import Indicator

    atlas_demo_seed()  # demo counts may be replaced (kept as revisions) ...
    official = import_batch_create(kind=BatchKind.CLI, created_by=None, filename="pin.csv")
    indicator = Indicator.objects.get(key="LUT")
    table = cells.make(codes=["32.73.01"], values=[123.0], batch=official.pk)
    series_land(batch=official, tables={(indicator.pk, 3, "2023"): table})
    with pytest.raises(SyntheticRefused, match="non-demo"):
        national_generate(TINY)
    assert not Intervention.objects.exists()
    assert not Organisation.objects.filter(name__startswith=ORGANISATION_PREFIX).exists()
    stored = Series.objects.get(indicator=indicator, level=3, period="2023")
    assert cells.decode(bytes(stored.cells)).num_rows == 1  # the official value untouched


def test_demo_figures_of_another_year_are_left_alone() -> None:
    atlas_demo_seed()
    before = {s.indicator_id: bytes(s.cells) for s in Series.objects.filter(level=3, period="2024")}
    national_generate(NationalScale(organisations=3, interventions=3, years=(2022,), seed=1))
    after = {s.indicator_id: bytes(s.cells) for s in Series.objects.filter(level=3, period="2024")}
    assert after == before
