"""The synthetic national dataset (``sinergi demo --scale national``) for benchmarks and load
tests: district-level people in need for every PPKS target group and year (in the atlas),
~5,000 organisations with focus and footprint, and ~200,000 interventions with locations at
mixed levels across several years.

Nothing here is real and everything says so: organisation names start with ``[Sintetis]``,
every intervention carries ``synthetic=True`` and a ``SYN-`` reference, and the atlas values
land in a batch whose source is :data:`SYNTHETIC_SOURCE` (kind ``demo``, so every map and
profile marks them as demo data). It refuses to run twice, and refuses to land its counts
into any series that already holds non-demo (official or uploaded) people-in-need figures.

Deterministic: the same :class:`NationalScale` (seed included) gives the same rows. Written in
bulk (a few hundred INSERT statements), see docs/synthetic-data.md.

From Python::

    from sinergi.interventions.synthetic import NationalScale, national_generate
    report = national_generate(NationalScale(organisations=5_000, interventions=200_000))
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.atlas.catalogue import PEOPLE_IN_NEED
from sinergi.atlas.demo import RATES_PER_1000
from sinergi.atlas.engines import cells
from sinergi.atlas.models import BatchKind, BatchStatus, ImportBatch, Series
from sinergi.atlas.models import Indicator as AtlasIndicator
from sinergi.atlas.services import (
    catalogue_sync,
    import_batch_create,
    import_batch_finish,
    series_land,
    source_ensure,
)
from sinergi.core.models import User
from sinergi.core.services import audit_record
from sinergi.core.taxonomy import FUNCTIONS, PPKS, PROGRAMMES, SECTORS
from sinergi.core.text import search_key
from sinergi.interventions.models import (
    Intervention,
    InterventionLocation,
    InterventionTargetGroup,
    Status,
    Visibility,
)
from sinergi.interventions.services import intervention_statistics_refresh
from sinergi.partners.models import (
    BudgetBand,
    FocusKind,
    FootprintKind,
    Organisation,
    OrganisationFocus,
    OrganisationFootprint,
    OrganisationType,
)
from sinergi.regions.models import Region

ORGANISATION_PREFIX = "[Sintetis] "
REF_PREFIX = "SYN-"
SYNTHETIC_SOURCE = (
    "SINTETIS: data nasional sintetis Sinergi untuk uji beban, bukan angka resmi / "
    "synthetic national data for load tests, not official figures"
)
SYNTHETIC_FILENAME = "synthetic-national"
DESCRIPTION = (
    "Data sintetis untuk uji beban: bukan organisasi atau kegiatan nyata. "
    "Synthetic load-test data: not a real organisation or activity."
)
_BATCH = 2_000
_TYPES = (
    (OrganisationType.PRIVATE_COMPANY, "PT", 0.25),
    (OrganisationType.STATE_OWNED, "BUMN", 0.05),
    (OrganisationType.FOUNDATION, "Yayasan", 0.25),
    (OrganisationType.NGO, "LKS", 0.25),
    (OrganisationType.ASSOCIATION, "Perkumpulan", 0.08),
    (OrganisationType.UNIVERSITY, "Universitas", 0.04),
    (OrganisationType.COMMUNITY, "Komunitas", 0.08),
)
_WORDS = (
    *("Harapan", "Sejahtera", "Peduli", "Mandiri", "Bersama", "Nusantara", "Cahaya", "Amanah"),
    *("Lestari", "Makmur", "Sentosa", "Berkah", "Insan", "Karya", "Bakti", "Sahabat"),
)


class SyntheticRefused(Exception):  # noqa: N818 - reads as what happened
    """The dataset cannot be generated here (already there, no registry, official figures)."""


@dataclass(frozen=True)
class NationalScale:
    organisations: int = 5_000
    interventions: int = 200_000
    years: tuple[int, ...] = (2022, 2023, 2024, 2025)
    seed: int = 20_260

    def digest(self) -> str:
        text = f"{self.organisations}:{self.interventions}:{self.years}:{self.seed}"
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class NationalReport:
    organisations: int = 0
    interventions: int = 0
    locations: int = 0
    target_groups: int = 0
    pin_values: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def national_exists() -> bool:
    return Intervention.objects.filter(synthetic=True).exists() or (
        Organisation.objects.filter(name__startswith=ORGANISATION_PREFIX).exists()
    )


@dataclass(frozen=True)
class _Registry:
    provinces: list[str]
    regencies: list[str]
    districts_of: dict[str, list[str]]  # regency code -> its district codes
    regencies_of: dict[str, list[str]]  # province code -> its regency codes


def _registry() -> _Registry:
    rows = Region.objects.filter(level__lte=3, retired_on__isnull=True).order_by("code")
    provinces, regencies = [], []
    districts_of: dict[str, list[str]] = {}
    regencies_of: dict[str, list[str]] = {}
    for code, level in rows.values_list("code", "level"):
        if level == 1:
            provinces.append(code)
        elif level == 2:
            regencies.append(code)
            regencies_of.setdefault(code[:2], []).append(code)
        else:
            districts_of.setdefault(code[:5], []).append(code)
    regencies = [code for code in regencies if districts_of.get(code)]
    if not regencies:
        raise SyntheticRefused(_("Load the regions first (sinergi init)."))
    return _Registry(provinces, regencies, districts_of, regencies_of)


def _check_no_official_figures(indicator_ids: list[int], years: tuple[int, ...]) -> None:
    """Refuse to land next to people-in-need values that are not demo data."""
    demo = set(ImportBatch.objects.filter(kind=BatchKind.DEMO).values_list("pk", flat=True))
    series = Series.objects.filter(
        indicator_id__in=indicator_ids, period__in=[str(y) for y in years]
    )
    for blob in series.values_list("cells", flat=True):
        batches = set(cells.decode(bytes(blob)).column("batch").to_pylist())
        if batches - demo:
            raise SyntheticRefused(
                _(
                    "The atlas already holds non-demo people-in-need figures for these years; "
                    "synthetic figures are never mixed with them."
                )
            )


def _people_in_need(scale: NationalScale, registry: _Registry, batch: ImportBatch) -> int:
    """District x PPKS group x year counts: rate x district head count x noise x trend."""
    rng = np.random.default_rng(scale.seed)
    population = dict(Region.objects.filter(level=2).values_list("code", "population"))
    codes = [d for r in registry.regencies for d in registry.districts_of[r]]
    people = np.array(
        [(population.get(c[:5]) or 50_000) / len(registry.districts_of[c[:5]]) for c in codes]
    )
    ids = dict(
        AtlasIndicator.objects.filter(key__in=[s.key for s in PEOPLE_IN_NEED]).values_list(
            "key", "pk"
        )
    )
    _check_no_official_figures(list(ids.values()), scale.years)
    tables = {}
    for spec in PEOPLE_IN_NEED:
        base = people * RATES_PER_1000[spec.key] / 1000 * rng.lognormal(0.0, 0.6, len(codes))
        for step, year in enumerate(scale.years):
            trend = (1 - 0.03 * step) * rng.lognormal(0.0, 0.08, len(codes))
            values = np.round(base * trend)
            tables[(ids[spec.key], 3, str(year))] = cells.make(
                codes=codes, values=values, batch=batch.pk
            )
    report = series_land(batch=batch, tables=tables)
    import_batch_finish(batch=batch, status=BatchStatus.SUCCEEDED, counts=report.counts())
    return report.inserted + report.updated


def _organisations(
    scale: NationalScale, registry: _Registry, rng: np.random.Generator
) -> tuple[list[Organisation], list[list[str]], list[list[str]], list[list[str]]]:
    """Organisations with their sectors, target groups and footprint regencies (empty: all)."""
    kinds = rng.choice(len(_TYPES), size=scale.organisations, p=[t[2] for t in _TYPES])
    bands = list(BudgetBand.values)
    sector_keys = [t.key for t in SECTORS]
    function_keys = [t.key for t in FUNCTIONS]
    group_keys = [g.key for g in PPKS]
    organisations: list[Organisation] = []
    sectors: list[list[str]] = []
    groups: list[list[str]] = []
    footprints: list[list[str]] = []
    for index in range(scale.organisations):
        kind, word, _share = _TYPES[int(kinds[index])]
        home = registry.regencies[int(rng.integers(len(registry.regencies)))]
        words = rng.choice(len(_WORDS), size=2, replace=False)
        name = f"{ORGANISATION_PREFIX}{word} {_WORDS[words[0]]} {_WORDS[words[1]]} {index + 1:05d}"
        nationwide = bool(rng.random() < 0.03)
        organisations.append(
            Organisation(
                name=name,
                name_key=search_key(name),
                type=kind,
                psks={"private_company": "DUNIA_USAHA", "state_owned": "DUNIA_USAHA"}.get(
                    kind, "LKS" if kind == OrganisationType.NGO else ""
                ),
                description=DESCRIPTION,
                home_region_id=home,
                nationwide=nationwide,
                budget_band=bands[int(rng.integers(len(bands)))],
                active_since=int(rng.integers(1990, scale.years[0] + 1)),
            )
        )
        own = [function_keys[int(rng.integers(len(function_keys)))]]
        own += [sector_keys[int(rng.integers(len(sector_keys)))]] * int(rng.random() < 0.5)
        sectors.append(sorted(set(own)))
        drawn = rng.integers(len(group_keys), size=int(rng.integers(1, 4)))
        groups.append(sorted({group_keys[int(i)] for i in drawn}))
        if nationwide:
            footprints.append([])
            continue
        province = registry.regencies_of[home[:2]]
        extra = int(rng.integers(0, 5))
        picks = {home, *(province[int(i)] for i in rng.integers(len(province), size=extra))}
        if rng.random() < 0.2:  # some work in a second province as well
            picks.add(registry.regencies[int(rng.integers(len(registry.regencies)))])
        footprints.append(sorted(picks))
    return organisations, sectors, groups, footprints


def _locations(
    pool: list[str], count: int, registry: _Registry, rng: np.random.Generator
) -> list[tuple[str, int]]:
    """Up to ``count`` locations (code, level) at mixed levels, none inside another."""
    chosen: list[tuple[str, int]] = []
    for _attempt in range(count * 2):
        regency = pool[int(rng.integers(len(pool)))]
        draw = rng.random()
        if draw < 0.1:
            code, level = regency[:2], 1
        elif draw < 0.55:
            code, level = regency, 2
        else:
            districts = registry.districts_of[regency]
            code, level = districts[int(rng.integers(len(districts)))], 3
        if all(
            not code.startswith(c + ".") and not c.startswith(code + ".") and c != code
            for c, _level in chosen
        ):
            chosen.append((code, level))
        if len(chosen) == count:
            break
    return chosen


_SCALE_BY_LEVEL = {1: 20.0, 2: 4.0, 3: 1.0}
# Share of the targeted people reached so far, by status (completed: the rest, 0.9).
_REACHED_SHARE: dict[str, float] = {Status.PLANNED: 0.0, Status.ONGOING: 0.5, Status.CANCELLED: 0.1}


def _status(start: date, end: date, today: date, cancelled: bool) -> str:
    if cancelled:
        return Status.CANCELLED
    if end < today:
        return Status.COMPLETED
    return Status.PLANNED if start > today else Status.ONGOING


def _interventions(
    scale: NationalScale,
    registry: _Registry,
    rng: np.random.Generator,
    organisations: list[Organisation],
    plans: tuple[list[list[str]], list[list[str]], list[list[str]]],
    report: NationalReport,
) -> None:
    sectors, groups, footprints = plans
    weights = rng.lognormal(0.0, 1.0, len(organisations))
    owners = rng.choice(len(organisations), size=scale.interventions, p=weights / weights.sum())
    programmes = [t.key for t in PROGRAMMES]
    today = date(scale.years[-1], 7, 1)
    first = date(scale.years[0], 1, 1)
    span = (date(scale.years[-1], 12, 31) - first).days
    counts = rng.choice([1, 2, 3, 4, 5], size=scale.interventions, p=[0.5, 0.25, 0.15, 0.06, 0.04])
    made: list[Intervention] = []
    located: list[list[tuple[str, int, int]]] = []
    chosen_groups: list[list[str]] = []
    for n in range(scale.interventions):
        owner = int(owners[n])
        start = first + timedelta(days=int(rng.integers(span)))
        end = start + timedelta(days=int(rng.integers(60, 730)))
        status = _status(start, end, today, bool(rng.random() < 0.03))
        share = _REACHED_SHARE.get(status, 0.9)
        pool = footprints[owner] or registry.regencies
        places = []
        for code, level in _locations(pool, int(counts[n]), registry, rng):
            targeted = int(rng.lognormal(5.0, 0.8) * _SCALE_BY_LEVEL[level])
            places.append((code, targeted, int(targeted * share * rng.uniform(0.7, 1.1))))
        own_groups = groups[owner]
        pick = rng.integers(len(own_groups), size=int(rng.integers(1, 3)))
        chosen_groups.append(sorted({own_groups[int(i)] for i in pick}))
        located.append(places)
        own_sectors = sectors[owner]
        made.append(
            Intervention(
                organisation=organisations[owner],
                ref=f"{REF_PREFIX}{start.year}-{n + 1:06d}",
                title=f"[Sintetis] Kegiatan {chosen_groups[-1][0]} {n + 1:06d}",
                description=DESCRIPTION,
                function=own_sectors[int(rng.integers(len(own_sectors)))],
                programme=programmes[int(rng.integers(len(programmes)))]
                if rng.random() < 0.4
                else "",
                status=status,
                start_date=start,
                end_date=end,
                budget_idr=int(rng.lognormal(19.5, 1.0)) // 1000 * 1000,
                targeted=sum(p[1] for p in places),
                reached=sum(p[2] for p in places),
                # No reports are generated, and coverage counts approved reach only: most of
                # the declared reach is taken as approved, and ongoing work has a last
                # report waiting for approval.
                reached_approved=sum(p[2] for p in places) * 9 // 10,
                reached_pending=sum(p[2] for p in places) // 20 if status == Status.ONGOING else 0,
                visibility=Visibility.INTERNAL if rng.random() < 0.1 else Visibility.PUBLIC,
                synthetic=True,
            )
        )
    Intervention.objects.bulk_create(made, batch_size=_BATCH)
    locations = [
        InterventionLocation(intervention=i, region_id=code, targeted=t, reached=r)
        for i, places in zip(made, located, strict=True)
        for code, t, r in places
    ]
    InterventionLocation.objects.bulk_create(locations, batch_size=_BATCH * 2)
    keys = [
        InterventionTargetGroup(intervention=i, key=key)
        for i, own in zip(made, chosen_groups, strict=True)
        for key in own
    ]
    InterventionTargetGroup.objects.bulk_create(keys, batch_size=_BATCH * 2)
    report.interventions, report.locations, report.target_groups = (
        len(made),
        len(locations),
        len(keys),
    )


@transaction.atomic
def national_generate(
    scale: NationalScale | None = None, *, actor: User | None = None
) -> NationalReport:
    """Generate the synthetic national dataset (see the module doc). Raises
    ``SyntheticRefused`` (nothing written) if it is already there, the regions are not
    loaded, or the atlas holds non-demo people-in-need figures for the same years."""
    scale = scale or NationalScale()
    report = NationalReport()
    if national_exists():
        raise SyntheticRefused(
            _("The synthetic national dataset is already in this database; it is made once.")
        )
    clock = time.perf_counter()
    registry = _registry()
    catalogue_sync()
    source = source_ensure(name=SYNTHETIC_SOURCE, publication="Sinergi synthetic national scale")
    batch = import_batch_create(
        kind=BatchKind.DEMO,
        created_by=actor,
        filename=SYNTHETIC_FILENAME,
        checksum=scale.digest(),
        source=source,
    )
    report.pin_values = _people_in_need(scale, registry, batch)
    report.seconds["people_in_need"] = time.perf_counter() - clock
    clock = time.perf_counter()
    rng = np.random.default_rng(scale.seed + 1)
    organisations, sectors, groups, footprints = _organisations(scale, registry, rng)
    Organisation.objects.bulk_create(organisations, batch_size=_BATCH)
    focus = [
        OrganisationFocus(organisation=o, kind=kind, key=key)
        for o, own_sectors, own_groups in zip(organisations, sectors, groups, strict=True)
        for kind, keys in ((FocusKind.SECTOR, own_sectors), (FocusKind.TARGET_GROUP, own_groups))
        for key in keys
    ]
    OrganisationFocus.objects.bulk_create(focus, batch_size=_BATCH * 2)
    OrganisationFootprint.objects.bulk_create(
        (
            OrganisationFootprint(organisation=o, region_id=code, kind=FootprintKind.OPERATES)
            for o, own in zip(organisations, footprints, strict=True)
            for code in own
        ),
        batch_size=_BATCH * 2,
    )
    report.organisations = len(organisations)
    report.seconds["organisations"] = time.perf_counter() - clock
    clock = time.perf_counter()
    _interventions(scale, registry, rng, organisations, (sectors, groups, footprints), report)
    intervention_statistics_refresh()
    report.seconds["interventions"] = time.perf_counter() - clock
    audit_record(
        actor=actor,
        action="synthetic.national.generate",
        target_type="import_batch",
        target_id=str(batch.pk),
        changes={
            "seed": scale.seed,
            "years": list(scale.years),
            "organisations": report.organisations,
            "interventions": report.interventions,
            "locations": report.locations,
            "people_in_need_values": report.pin_values,
        },
    )
    return report
