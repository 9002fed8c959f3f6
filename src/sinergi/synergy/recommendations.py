"""The recommendation adapter: organisations' passion and footprint from the partners app, the
unmet-need snapshot, the weights in force; the engine ranks, this module words the reasons."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.core.taxonomy import PPKS
from sinergi.partners.models import FocusKind, Organisation, OrganisationFocus
from sinergi.synergy.engines import recommend as engine
from sinergi.synergy.needs import NeedSnapshot, need_snapshot
from sinergi.synergy.plan_selectors import recommendation_weights

GROUPS = {group.key: group for group in PPKS}


@dataclass(frozen=True)
class Recommendation:
    region: str
    region_name: str
    target_group: str
    target_group_name: str
    organisation_id: int
    organisation_name: str
    score: float
    need: float
    gap: float
    coverage_percent: float | None
    others: int
    distance_km: float | None
    in_footprint: bool
    reason: str


def _profile(organisation: Organisation, snapshot: NeedSnapshot) -> engine.Organisation:
    """Passion and footprint of an organisation whose focus and footprint are prefetched."""
    groups = frozenset(f.key for f in organisation.focus.all() if f.kind == FocusKind.TARGET_GROUP)
    footprint = tuple(f.region_id for f in organisation.footprint.all())
    sites = footprint or ((organisation.home_region_id,) if organisation.home_region_id else ())
    points = tuple(snapshot.centroids[c] for c in sites if c in snapshot.centroids)
    return engine.Organisation(organisation.pk, groups, footprint, points)


def _organisations() -> list[Organisation]:
    return list(
        Organisation.objects.filter(archived_at__isnull=True)
        .prefetch_related(
            Prefetch(
                "focus", queryset=OrganisationFocus.objects.filter(kind=FocusKind.TARGET_GROUP)
            ),
            "footprint",
        )
        .order_by("pk")
    )


def reason(candidate: engine.Candidate, region_name: str, group: str, *, own: bool) -> str:
    """The candidate's reasons in plain words (the active language)."""
    label = GROUPS[group].label if group in GROUPS else group
    parts = [
        _("%(region)s: %(need)s %(group)s in need")
        % {"region": region_name, "need": intcomma(round(candidate.need)), "group": label}
    ]
    if not math.isnan(candidate.coverage):
        parts.append(_("%(percent)s %% covered") % {"percent": round(candidate.coverage * 100)})
    if candidate.others:
        parts.append(
            ngettext(
                "%(count)s other partner active",
                "%(count)s other partners active",
                candidate.others,
            )
            % {"count": candidate.others}
        )
    else:
        parts.append(_("no other partner active"))
    text = ", ".join(parts)
    if candidate.in_footprint:
        where = _("inside your footprint") if own else _("inside its footprint")
        return f"{text}; {where}"
    if not math.isnan(candidate.distance_km):
        km = intcomma(round(candidate.distance_km))
        where = (
            _("%(km)s km from your nearest site") if own else _("%(km)s km from its nearest site")
        ) % {"km": km}
        return f"{text}; {where}"
    return text


def _row(
    snapshot: NeedSnapshot, candidate: engine.Candidate, organisation_name: str, *, own: bool
) -> Recommendation:
    cells = snapshot.cells
    code, group = str(cells.regions[candidate.cell]), str(cells.groups[candidate.cell])
    name = snapshot.names.get(code, code)
    return Recommendation(
        region=code,
        region_name=name,
        target_group=group,
        target_group_name=GROUPS[group].label if group in GROUPS else group,
        organisation_id=candidate.organisation,
        organisation_name=organisation_name,
        score=round(candidate.score, 4),
        need=candidate.need,
        gap=candidate.gap,
        coverage_percent=None if math.isnan(candidate.coverage) else candidate.coverage * 100,
        others=candidate.others,
        distance_km=None if math.isnan(candidate.distance_km) else candidate.distance_km,
        in_footprint=candidate.in_footprint,
        reason=reason(candidate, name, group, own=own),
    )


def for_organisation(
    *, organisation: Organisation, year: int, limit: int = 20
) -> list[Recommendation]:
    """Where this organisation's passion meets the largest unmet need, best first."""
    snapshot = need_snapshot(year)
    profile = (
        Organisation.objects.filter(pk=organisation.pk)
        .prefetch_related(
            Prefetch(
                "focus", queryset=OrganisationFocus.objects.filter(kind=FocusKind.TARGET_GROUP)
            ),
            "footprint",
        )
        .get()
    )
    found = engine.for_organisation(
        snapshot.cells, _profile(profile, snapshot), recommendation_weights(), limit=limit
    )
    return [_row(snapshot, c, organisation.name, own=True) for c in found]


def for_region(*, region: str, year: int, limit: int = 20) -> list[Recommendation]:
    """The organisations whose passion and footprint fit the region's largest gaps."""
    snapshot = need_snapshot(year)
    organisations = _organisations()
    names = {o.pk: o.name for o in organisations}
    profiles = [_profile(o, snapshot) for o in organisations]
    found = engine.for_region(
        snapshot.cells, region, profiles, recommendation_weights(), limit=limit
    )
    return [_row(snapshot, c, names[c.organisation], own=False) for c in found]
