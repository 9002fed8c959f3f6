"""The catalogue, the shipped statistics loader and the demo: complete, idempotent, faithful
to the files."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from sinergi.atlas.catalogue import CATALOGUE, DEFAULT_NEED_INDEX_WEIGHTS
from sinergi.atlas.demo import atlas_demo_seed
from sinergi.atlas.engines import cells
from sinergi.atlas.engines.people_in_need import Method
from sinergi.atlas.loading import statistics_load
from sinergi.atlas.models import (
    BatchKind,
    ImportBatch,
    Indicator,
    NeedIndexWeight,
    Series,
    SeriesRevision,
)
from sinergi.atlas.selectors import layer_get, layer_periods
from sinergi.atlas.services import catalogue_sync
from sinergi.atlas.statistics import read_statistics
from sinergi.core.taxonomy import PPKS, PSKS

pytestmark = pytest.mark.usefixtures("stats")


def test_the_catalogue_has_all_26_ppks_groups_as_people_in_need() -> None:
    rows = {i.key: i for i in Indicator.objects.filter(kind="people_in_need")}
    assert len(PPKS) == 26
    assert set(rows) == {group.key for group in PPKS}
    for group in PPKS:
        row = rows[group.key]
        assert row.name_id == group.name_id and row.name_en == group.name_en
        assert row.sensitive is group.sensitive
        assert row.suppress_below == (10 if group.sensitive else 0)
        assert row.additive and row.whole_numbers and row.pin_group == group.key
        assert row.taxonomy_version == "permensos-8-2012"


def test_the_catalogue_has_the_official_statistics_and_psks_resources() -> None:
    keys = set(Indicator.objects.values_list("key", flat=True))
    assert {
        "population",
        "poverty_rate",
        "poor_population",
        "poverty_line",
        "open_unemployment",
        "labour_force_participation",
        "gini",
        "hdi",
        "life_expectancy",
        "mean_years_schooling",
        "per_capita_expenditure",
        "sanitation_access",
        "drinking_water_access",
    } <= keys
    assert {term.key for term in PSKS} <= set(
        Indicator.objects.filter(kind="resource").values_list("key", flat=True)
    )
    assert Indicator.objects.count() == len(CATALOGUE)
    assert not Indicator.objects.filter(kind="statistic", direction="", additive=True).exists()
    # rates never roll up; counts do
    assert not Indicator.objects.get(key="poverty_rate").additive
    assert Indicator.objects.get(key="poor_population").additive


def test_catalogue_sync_is_idempotent_and_keeps_tuned_thresholds() -> None:
    Indicator.objects.filter(key="ODHA").update(suppress_below=20)
    NeedIndexWeight.objects.filter(indicator__key="gini").update(weight=0.5)
    assert catalogue_sync() == 0
    assert Indicator.objects.get(key="ODHA").suppress_below == 20
    assert NeedIndexWeight.objects.get(indicator__key="gini").weight == 0.5
    assert set(NeedIndexWeight.objects.values_list("indicator__key", flat=True)) == set(
        DEFAULT_NEED_INDEX_WEIGHTS
    )


def test_loading_the_statistics_again_changes_nothing() -> None:
    series = Series.objects.count()
    report = statistics_load()
    assert not report.changed
    assert Series.objects.count() == series
    out = StringIO()
    call_command("load_statistics", stdout=out)
    assert "tidak ada perubahan" in out.getvalue()  # "nothing changed"


def test_a_forced_reload_rewrites_nothing_that_is_equal() -> None:
    revisions = SeriesRevision.objects.count()
    report = statistics_load(force=True)
    assert (report.inserted, report.updated) == (0, 0)
    assert SeriesRevision.objects.count() == revisions


def test_every_shipped_figure_is_loaded_as_published() -> None:
    rows, conflicts = read_statistics()
    assert all(c.kept.value == c.dropped.value for c in conflicts)  # the only overlap agrees
    by_series: dict[tuple[str, int, str], dict[str, float]] = {}
    for row in rows:
        by_series.setdefault((row.indicator, row.level, row.period), {})[row.code] = row.value
    stored = {
        (s.indicator.key, s.level, s.period): s
        for s in Series.objects.select_related("indicator").filter(batch__kind=BatchKind.REFERENCE)
    }
    for key, expected in by_series.items():
        table = cells.decode(bytes(stored[key].cells))
        loaded = dict(zip(table["code"].to_pylist(), table["value"].to_pylist(), strict=True))
        assert {code: loaded[code] for code in expected} == expected, key


def test_pre_split_papua_figures_keep_their_note_and_break_flag() -> None:
    series = Series.objects.get(indicator__key="poverty_rate", level=1, period="2015-03")
    cell = cells.lookup(cells.decode(bytes(series.cells)), "91")
    assert cell is not None and cell["boundary_break"] is True
    assert "pre-split" in str(cell["note"])
    jabar = cells.lookup(cells.decode(bytes(series.cells)), "32")
    assert jabar is not None and jabar["boundary_break"] is False


def test_population_comes_from_the_registry() -> None:
    layer = layer_get(key="population", level=2, period="2024")
    assert layer is not None and layer.value_at("32.73") == 2_591_763


def test_the_demo_gives_every_target_group_a_map_and_is_idempotent() -> None:
    assert atlas_demo_seed() > 0
    assert atlas_demo_seed() == 0
    assert ImportBatch.objects.filter(kind=BatchKind.DEMO).count() == 1
    for group in PPKS:
        assert "2024" in layer_periods(key=f"pin.{group.key}", level=3), group.key
        layer = layer_get(key=f"pin.{group.key}", level=1, period="2024")
        assert layer is not None and not np.isnan(layer.values).any()  # every province
        official = layer.methods == Method.OFFICIAL if layer.methods is not None else None
        assert official is not None
        if group.key == "FM":
            # Jawa Barat's regencies publish their number of poor for 2024: the official
            # count wins over the demo sum there, and only there.
            assert official.tolist() == [code == "32" for code in layer.codes]
        else:
            assert not official.any()
        assert (layer.demo == ~official).all()
        assert layer.rolled_up.all()  # demo sums of districts, or Jawa Barat's regencies
