"""Writes for interventions, their indicators and progress reports. Every write is audited
with the fields it changed.

Edits use optimistic concurrency: the caller names the ``version`` it read, and a stale one
raises ``StaleVersion`` (a 409 in the API) instead of silently overwriting someone's change.
A report moves draft → submitted → approved, or submitted → returned → submitted…; an
approved report is locked until a reviewer reopens it (audited, with a reason).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sinergi.core.calendar import quarter_bounds
from sinergi.core.models import User
from sinergi.core.services import audit_record
from sinergi.core.taxonomy import PPKS, PROGRAMMES, SDGS, SECTORS
from sinergi.interventions import counting
from sinergi.interventions.listeners import interventions_changed
from sinergi.interventions.models import (
    BREAKDOWN,
    Indicator,
    Intervention,
    InterventionIndicator,
    InterventionLocation,
    InterventionParty,
    InterventionTargetGroup,
    LocationMode,
    PartyRole,
    Status,
    Unit,
    Visibility,
)
from sinergi.partners.models import Organisation
from sinergi.regions.models import Region

FUNCTION_KEYS = frozenset(term.key for term in SECTORS)
PROGRAMME_KEYS = frozenset(term.key for term in PROGRAMMES)
PPKS_KEYS = frozenset(term.key for term in PPKS)
SDG_KEYS = frozenset(term.key for term in SDGS)
PERIOD = re.compile(r"^(\d{4})-Q([1-4])$")
REPORT_GRACE = timedelta(days=30)


class StaleVersion(Exception):  # noqa: N818 - reads as what the caller sent
    """Someone else changed the record since the caller read it."""

    def __init__(self, current: int) -> None:
        super().__init__(f"stale version; the current one is {current}")
        self.current = current


class Locked(Exception):  # noqa: N818
    """An approved report cannot change until it is reopened."""


@dataclass(frozen=True)
class LocationEntry:
    region: str
    targeted: int = 0
    reached: int = 0


@dataclass
class InterventionData:
    ref: str
    title: str
    function: str
    description: str = ""
    programme: str = ""
    status: str = Status.PLANNED
    start_date: date | None = None
    end_date: date | None = None
    budget_idr: int | None = None
    spend_idr: int | None = None
    unit: str = Unit.PERSONS
    location_mode: str = LocationMode.PER_LOCATION
    # Totals: used as given in "split" mode; computed from the locations otherwise.
    targeted: int = 0
    reached: int = 0
    breakdown: dict[str, dict[str, int]] = field(default_factory=dict)
    target_groups: list[str] = field(default_factory=list)
    locations: list[LocationEntry] = field(default_factory=list)
    parties: list[tuple[int, str]] = field(default_factory=list)
    agreement_id: int | None = None
    visibility: str = Visibility.PUBLIC


def intervention_statistics_refresh() -> None:
    """Refresh the query planner's statistics of the intervention tables after a bulk
    write (an import, the synthetic dataset): with them the list picks the right index for
    rare and common filters alike. SQLite samples (``analysis_limit``); PostgreSQL's
    ANALYZE samples by itself."""
    tables = [
        model._meta.db_table
        for model in (
            Intervention,
            InterventionLocation,
            InterventionTargetGroup,
            InterventionParty,
        )
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def period_due_on(period: str) -> date:
    """A quarter's report is due 30 days after the quarter ends."""
    match = PERIOD.match(period)
    if match is None:
        raise ValidationError({"period": _("Write the period as YYYY-Qn, e.g. 2026-Q1.")})
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise ValidationError({"period": _("Write the period as YYYY-Qn, e.g. 2026-Q1.")})
    return quarter_bounds(period)[1] + REPORT_GRACE


def _check_text(data: InterventionData, errors: dict[str, list[str]]) -> None:
    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.ref.strip():
        bad("ref", _("Give the intervention a reference."))
    elif len(data.ref) > 64:
        bad("ref", _("At most 64 characters."))
    if not data.title.strip():
        bad("title", _("Give the intervention a title."))
    elif len(data.title) > 300:
        bad("title", _("At most 300 characters."))


# Enum ``.values`` builds a new list on every call: a bulk import checks 50,000 rows.
CHOICE_VALUES = {
    name: frozenset(choices.values)
    for name, choices in (
        ("status", Status),
        ("unit", Unit),
        ("location_mode", LocationMode),
        ("visibility", Visibility),
    )
}
PARTY_ROLES = frozenset(PartyRole.values)


def _check_choices(data: InterventionData, errors: dict[str, list[str]]) -> None:
    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.function not in FUNCTION_KEYS:
        bad("function", _("Unknown function or sector."))
    if data.programme and data.programme not in PROGRAMME_KEYS:
        bad("programme", _("Unknown government programme."))
    unknown = sorted(set(data.target_groups) - PPKS_KEYS)
    if unknown:
        bad("target_groups", _("Unknown target groups: %(keys)s.") % {"keys": ", ".join(unknown)})
    for name, values in CHOICE_VALUES.items():
        if getattr(data, name) not in values:
            bad(name, _("Unknown value."))
    if any(role not in PARTY_ROLES for _id, role in data.parties):
        bad("parties", _("Unknown role."))


def _check_numbers(data: InterventionData, errors: dict[str, list[str]]) -> None:
    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.start_date and data.end_date and data.end_date < data.start_date:
        bad("end_date", _("The end date is before the start date."))
    for name in ("budget_idr", "spend_idr", "targeted", "reached"):
        value = getattr(data, name)
        if value is not None and value < 0:
            bad(name, _("Must not be negative."))


def _check_figures(data: InterventionData, errors: dict[str, list[str]]) -> None:
    codes = [entry.region for entry in data.locations]
    if not codes:
        errors.setdefault("locations", []).append(_("Name at least one location."))
        return
    if len(set(codes)) != len(codes):
        errors.setdefault("locations", []).append(_("A region is listed twice."))
    if any(entry.targeted < 0 or entry.reached < 0 for entry in data.locations):
        errors.setdefault("locations", []).append(_("Must not be negative."))
    for figure in ("targeted", "reached"):
        excess = counting.nesting_excess(
            {entry.region: getattr(entry, figure) for entry in data.locations}
        )
        for code, inner in sorted(excess.items()):
            message = _(
                "The regions inside %(code)s add up to %(inner)s %(figure)s, more than its own "
                "figure: finer locations are a breakdown of the wider one, not an addition."
            )
            errors.setdefault("locations", []).append(
                message % {"code": code, "inner": inner, "figure": figure}
            )
    totals = totals_of(data)
    for figure, parts in data.breakdown.items():
        if figure not in ("targeted", "reached") or set(parts) - set(BREAKDOWN):
            errors.setdefault("breakdown", []).append(_("Unknown disaggregation."))
            continue
        if any(value < 0 or value > totals[figure] for value in parts.values()) or (
            parts.get("female", 0) + parts.get("male", 0) > totals[figure]
            or parts.get("children", 0) + parts.get("adults", 0) + parts.get("elderly", 0)
            > totals[figure]
        ):
            errors.setdefault("breakdown", []).append(
                _("A disaggregated figure is larger than the total.")
            )


def totals_of(data: InterventionData) -> dict[str, int]:
    if data.location_mode == LocationMode.SPLIT:
        return {"targeted": data.targeted, "reached": data.reached}
    outer = set(counting.outermost(e.region for e in data.locations))
    counted = [e for e in data.locations if e.region in outer]
    return {
        "targeted": sum(e.targeted for e in counted),
        "reached": sum(e.reached for e in counted),
    }


def intervention_clean(
    data: InterventionData, *, known_regions: set[str] | None = None
) -> InterventionData:
    """Check everything about ``data``; raise ``ValidationError`` with every problem.

    ``known_regions`` lets a bulk import check all its regions with one query."""
    errors: dict[str, list[str]] = {}
    _check_text(data, errors)
    _check_choices(data, errors)
    _check_numbers(data, errors)
    _check_figures(data, errors)
    codes = {entry.region for entry in data.locations}
    if known_regions is None:
        known_regions = set(
            Region.objects.filter(code__in=codes, retired_on__isnull=True).values_list(
                "code", flat=True
            )
        )
    missing = sorted(codes - known_regions)
    if missing:
        errors.setdefault("locations", []).append(
            _("No current region has the code %(codes)s.") % {"codes": ", ".join(missing)}
        )
    if errors:
        raise ValidationError(errors)
    return data


def location_entries(
    data: InterventionData, population: Mapping[str, int] | None = None
) -> list[LocationEntry]:
    """The locations ``data`` stands for, with their figures (``population`` by code: the
    split weights, looked up when not given)."""
    entries = data.locations
    if data.location_mode == LocationMode.SPLIT:
        # One total split across the outermost locations in proportion to population.
        codes = counting.outermost(e.region for e in entries)
        known = population
        if known is None:
            found = Region.objects.filter(code__in=codes).values_list("code", "population")
            known = {code: people or 0 for code, people in found}
        weights = {code: known.get(code) or 0 for code in codes}
        targeted = counting.split(data.targeted, weights)
        reached = counting.split(data.reached, weights)
        entries = [LocationEntry(code, targeted[code], reached[code]) for code in codes]
    return list(entries)


def location_rows(intervention: Intervention, data: InterventionData) -> list[InterventionLocation]:
    return [
        InterventionLocation(
            intervention=intervention, region_id=e.region, targeted=e.targeted, reached=e.reached
        )
        for e in location_entries(data)
    ]


SCALAR_FIELDS = (
    "ref",
    "title",
    "description",
    "function",
    "programme",
    "status",
    "start_date",
    "end_date",
    "budget_idr",
    "spend_idr",
    "unit",
    "location_mode",
    "breakdown",
    "agreement_id",
    "visibility",
)


def intervention_assign(intervention: Intervention, data: InterventionData) -> None:
    """Set the intervention's own fields (not its related rows) from ``data``."""
    totals = totals_of(data)
    for name in SCALAR_FIELDS:
        setattr(intervention, name, getattr(data, name))
    intervention.targeted, intervention.reached = totals["targeted"], totals["reached"]


SNAPSHOT_FIELDS = (
    *("ref", "title", "description", "function", "programme", "status", "start_date"),
    *("end_date", "budget_idr", "spend_idr", "unit", "location_mode", "targeted", "reached"),
    *("breakdown", "agreement_id", "visibility"),
)


def snapshot_of(
    intervention: Intervention,
    *,
    target_groups: Iterable[str],
    locations: Iterable[LocationEntry],
    parties: Iterable[tuple[int, str]],
) -> dict[str, Any]:
    """The comparable state of an intervention with the given related rows."""
    fields = {name: getattr(intervention, name) for name in SNAPSHOT_FIELDS}
    return snapshot_from(fields, target_groups=target_groups, locations=locations, parties=parties)


def snapshot_from(
    fields: Mapping[str, Any],
    *,
    target_groups: Iterable[str],
    locations: Iterable[LocationEntry],
    parties: Iterable[tuple[int, str]],
) -> dict[str, Any]:
    """``snapshot_of`` from the intervention's field values (a bulk import builds no model
    instance for the interventions it creates)."""
    snapshot = {name: fields[name] for name in SNAPSHOT_FIELDS}
    for name in ("start_date", "end_date"):
        snapshot[name] = snapshot[name].isoformat() if snapshot[name] else None
    snapshot["target_groups"] = sorted(set(target_groups))
    snapshot["locations"] = [
        f"{loc.region}:{loc.targeted}:{loc.reached}"
        for loc in sorted(locations, key=lambda loc: loc.region)
    ]
    snapshot["parties"] = sorted(f"{org_id}:{role}" for org_id, role in parties)
    return snapshot


def intervention_snapshot(intervention: Intervention) -> dict[str, Any]:
    """The comparable state of an intervention, for audit diffs and import change checks."""
    return snapshot_of(
        intervention,
        target_groups=[g.key for g in intervention.target_groups.all()],
        locations=[
            LocationEntry(loc.region_id, loc.targeted, loc.reached)
            for loc in intervention.locations.all()
        ],
        parties=[(p.organisation_id, p.role) for p in intervention.parties.all()],
    )


def _apply(intervention: Intervention, data: InterventionData) -> None:
    intervention_assign(intervention, data)
    intervention.full_clean(exclude=["organisation", "agreement", "created_by"])
    intervention.save()
    intervention.locations.all().delete()
    InterventionLocation.objects.bulk_create(location_rows(intervention, data))
    intervention.target_groups.all().delete()
    InterventionTargetGroup.objects.bulk_create(
        InterventionTargetGroup(intervention=intervention, key=key)
        for key in sorted(set(data.target_groups))
    )
    intervention.parties.all().delete()
    InterventionParty.objects.bulk_create(
        InterventionParty(intervention=intervention, organisation_id=org_id, role=role)
        for org_id, role in sorted(set(data.parties))
    )


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: {"from": before.get(name), "to": value}
        for name, value in after.items()
        if before.get(name) != value
    }


@transaction.atomic
def intervention_create(
    *,
    actor: User | None,
    organisation: Organisation,
    data: InterventionData,
    known_regions: set[str] | None = None,
) -> Intervention:
    intervention_clean(data, known_regions=known_regions)
    if Intervention.objects.filter(organisation=organisation, ref=data.ref).exists():
        raise ValidationError({"ref": _("This organisation already uses this reference.")})
    intervention = Intervention(organisation=organisation, created_by=actor)
    _apply(intervention, data)
    audit_record(
        actor=actor,
        action="intervention.create",
        target_type="intervention",
        target_id=str(intervention.pk),
        changes=changes_between({}, intervention_snapshot(intervention)),
    )
    interventions_changed([intervention.pk])
    return intervention


@transaction.atomic
def intervention_update(
    *,
    actor: User | None,
    intervention: Intervention,
    data: InterventionData,
    version: int | None,
    known_regions: set[str] | None = None,
) -> Intervention:
    """Replace the intervention's fields, locations, target groups and parties with ``data``.
    ``version`` is the one the caller read (None only for trusted bulk imports that matched
    the row in the same transaction)."""
    intervention_clean(data, known_regions=known_regions)
    current = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if version is not None and version != current.version:
        raise StaleVersion(current.version)
    if data.ref != current.ref and (
        Intervention.objects.filter(organisation_id=current.organisation_id, ref=data.ref)
        .exclude(pk=current.pk)
        .exists()
    ):
        raise ValidationError({"ref": _("This organisation already uses this reference.")})
    before = intervention_snapshot(current)
    _apply(current, data)
    after = intervention_snapshot(current)
    changes = changes_between(before, after)
    if changes:
        Intervention.objects.filter(pk=current.pk).update(version=F("version") + 1)
        current.refresh_from_db(fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            action="intervention.update",
            target_type="intervention",
            target_id=str(current.pk),
            changes=changes,
        )
        interventions_changed([current.pk])
    return current


# --- results framework -------------------------------------------------------------------


def check_indicator(
    *, function: str, programme: str, tags: list[str], errors: dict[str, list[str]]
) -> None:
    if function and function not in FUNCTION_KEYS:
        errors["function"] = [_("Unknown function or sector.")]
    if programme and programme not in PROGRAMME_KEYS:
        errors["programme"] = [_("Unknown government programme.")]
    if set(tags) - SDG_KEYS:
        errors["sdgs"] = [_("Unknown value.")]


@transaction.atomic
def indicator_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    unit: str,
    function: str = "",
    programme: str = "",
    sdgs: Iterable[str] = (),
    counts_reached: bool = False,
    organisation: Organisation | None = None,
) -> Indicator:
    """A library indicator (no organisation) or an organisation's custom one;
    ``counts_reached`` marks one whose approved values are the people reached."""
    tags = sorted(set(sdgs))
    errors: dict[str, list[str]] = {}
    check_indicator(function=function, programme=programme, tags=tags, errors=errors)
    if Indicator.objects.filter(code=code).exists():
        errors["code"] = [_("An indicator already has this code.")]
    if errors:
        raise ValidationError(errors)
    indicator = Indicator(
        code=code,
        name=name,
        unit=unit,
        function=function,
        programme=programme,
        sdgs=tags,
        counts_reached=counts_reached,
        organisation=organisation,
    )
    indicator.full_clean()
    indicator.save()
    audit_record(
        actor=actor,
        action="indicator.create",
        target_type="indicator",
        target_id=str(indicator.pk),
        changes={
            "code": code,
            "counts_reached": counts_reached,
            "organisation_id": organisation.pk if organisation else None,
        },
    )
    return indicator


@transaction.atomic
def intervention_indicator_set(
    *,
    actor: User | None,
    intervention: Intervention,
    indicator: Indicator,
    baseline: Decimal,
    target: Decimal,
    targets: Mapping[str, Decimal] | None = None,
) -> InterventionIndicator:
    """Track ``indicator`` for the intervention (or change its baseline and targets)."""
    if indicator.organisation_id not in (None, intervention.organisation_id):
        raise ValidationError({"indicator": _("This custom indicator is another organisation's.")})
    per_period = {period: str(value) for period, value in sorted((targets or {}).items())}
    for period in per_period:
        period_due_on(period)
    if target < 0 or baseline < 0:
        raise ValidationError({"target": _("Must not be negative.")})
    if (
        indicator.counts_reached
        and InterventionIndicator.objects.filter(
            intervention=intervention, indicator__counts_reached=True
        )
        .exclude(indicator=indicator)
        .exists()
    ):
        raise ValidationError(
            {
                "indicator": _(
                    "This intervention already tracks an indicator that counts people reached."
                )
            }
        )
    tracked, created = InterventionIndicator.objects.update_or_create(
        intervention=intervention,
        indicator=indicator,
        defaults={"baseline": baseline, "target": target, "targets": per_period},
    )
    audit_record(
        actor=actor,
        action="intervention.indicator_set",
        target_type="intervention",
        target_id=str(intervention.pk),
        changes={
            "indicator": indicator.code,
            "baseline": str(baseline),
            "target": str(target),
            "targets": per_period,
            "created": created,
        },
    )
    return tracked
