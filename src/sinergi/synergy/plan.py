"""The allocation-plan adapter: pledges, unit costs, scopes and the unmet-need snapshot in; the
LP, the greedy baseline and the current pattern out, measured alike and worded for people.

A scenario's ``changes`` is a small JSON document, validated by the API schema and the form::

    {"budgets": {"<organisation id>": <IDR>}, "unit_costs": {"<group>": <IDR>},
     "bounds": [{"region": "32.01", "minimum": <IDR>, "maximum": <IDR or null>}]}
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from sinergi.core.taxonomy import PPKS
from sinergi.interventions import counting
from sinergi.interventions.models import Intervention, Status
from sinergi.partners.models import FocusKind, Organisation, OrganisationFocus
from sinergi.synergy.engines import allocation as engine
from sinergi.synergy.needs import NeedSnapshot, need_snapshot, regency_of
from sinergi.synergy.plan_selectors import pledge_list, unit_cost_list

MILLION = 1_000_000
ALL_GROUPS = frozenset(group.key for group in PPKS)
GROUP_LABELS = {group.key: group.label for group in PPKS}


@dataclass(frozen=True)
class Built:
    problem: engine.Problem
    snapshot: NeedSnapshot
    organisations: dict[int, str]  # funder id → name


def _funder(organisation: Organisation, budget_idr: int) -> engine.Funder:
    groups = frozenset(f.key for f in organisation.focus.all()) or ALL_GROUPS
    if organisation.nationwide:
        scope = None
    else:
        roots = tuple(f.region_id for f in organisation.footprint.all())
        if not roots and organisation.home_region_id:
            roots = (organisation.home_region_id,)
        # A footprint below regency level scopes the organisation to that regency.
        scope = tuple(sorted({regency_of(r) or r for r in roots})) or None
    return engine.Funder(organisation.pk, budget_idr / MILLION, groups, scope)


def _current(
    year: int, cells: dict[tuple[str, str], int], funders: set[int]
) -> dict[int, dict[int, float]]:
    """Each funder's share of its current interventions' budgets per cell (budget split over
    its outermost regency locations by targeted, then equally over its target groups)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    active = (
        Intervention.objects.filter(organisation_id__in=funders, budget_idr__gt=0)
        .exclude(status=Status.CANCELLED)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .prefetch_related("locations", "target_groups")
    )
    spend: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for item in active:
        figures = {loc.region_id: loc.targeted for loc in item.locations.all()}
        groups = [t.key for t in item.target_groups.all()]
        places = [c for c in counting.outermost(figures) if regency_of(c)]
        if not places or not groups:
            continue
        total = sum(figures[c] for c in places)
        budget = item.budget_idr or 0
        for code in places:
            share = figures[code] / total if total else 1 / len(places)
            for group in groups:
                cell = cells.get((regency_of(code) or code, group))
                if cell is not None:
                    spend[item.organisation_id][cell] += budget * share / len(groups)
    shares: dict[int, dict[int, float]] = {}
    for funder, by_cell in spend.items():
        whole = sum(by_cell.values())
        shares[funder] = {cell: value / whole for cell, value in by_cell.items()}
    return shares


def build(*, year: int, changes: dict[str, Any]) -> Built:
    """The engine's problem for ``year`` with a scenario's changes applied."""
    snapshot = need_snapshot(year)
    cells_in = snapshot.cells
    gaps = cells_in.gap
    costs = {row.target_group: row.cost_idr for row in unit_cost_list()}
    costs.update({k: int(v) for k, v in changes.get("unit_costs", {}).items()})
    cells = tuple(
        engine.Cell(str(r), str(g), float(gap), float(w))
        for r, g, gap, w in zip(
            cells_in.regions, cells_in.groups, gaps, snapshot.weights, strict=True
        )
    )
    budgets = {p.organisation_id: p.amount_idr for p in pledge_list(year=year)}
    budgets.update({int(k): int(v) for k, v in changes.get("budgets", {}).items()})
    organisations = (
        Organisation.objects.filter(pk__in=budgets, archived_at__isnull=True)
        .prefetch_related(
            Prefetch(
                "focus", queryset=OrganisationFocus.objects.filter(kind=FocusKind.TARGET_GROUP)
            ),
            "footprint",
        )
        .order_by("pk")
    )
    funders = tuple(_funder(o, budgets[o.pk]) for o in organisations)
    bounds = tuple(
        engine.Bounds(
            b["region"],
            (b.get("minimum") or 0) / MILLION,
            None if b.get("maximum") is None else b["maximum"] / MILLION,
        )
        for b in changes.get("bounds", [])
    )
    index = {(c.region, c.group): i for i, c in enumerate(cells)}
    problem = engine.Problem(
        cells=cells,
        funders=funders,
        unit_costs={k: v / MILLION for k, v in costs.items()},
        bounds=bounds,
        current=_current(year, index, {f.id for f in funders}),
    )
    return Built(problem, snapshot, {o.pk: o.name for o in organisations})


def explain(explanation: engine.Explanation, names: dict[str, str]) -> str:
    """Why there is no plan, in plain words naming the constraint."""
    regions = ", ".join(names.get(r, r) for r in explanation.regions)
    amount = intcomma(round(explanation.amount * MILLION))
    available = intcomma(round(explanation.available * MILLION))
    texts = {
        engine.Issue.NO_CELLS: _("There is no unmet need to allocate to in this year."),
        engine.Issue.NO_BUDGET: _("No organisation has pledged a budget for this year."),
        engine.Issue.NO_PAIRS: _(
            "No pledging organisation may fund any cell with unmet need: check their target "
            "groups and geographic scope."
        ),
        engine.Issue.MISSING_COST: _("These target groups have no unit cost: %(groups)s.")
        % {"groups": ", ".join(explanation.groups)},
        engine.Issue.MIN_ABOVE_MAX: _("The minimum for %(regions)s is above its maximum.")
        % {"regions": regions},
        engine.Issue.MIN_ABOVE_FUNDABLE: _(
            "The minimum of Rp %(amount)s for %(regions)s cannot be met: at most Rp "
            "%(available)s can go there (its unmet need at unit cost, and the budgets of the "
            "organisations allowed to work there)."
        )
        % {"amount": amount, "regions": regions, "available": available},
        engine.Issue.MINS_ABOVE_BUDGET: _(
            "The regional minimums add up to Rp %(amount)s, more than the Rp %(available)s "
            "pledged in total (regions: %(regions)s)."
        )
        % {"amount": amount, "available": available, "regions": regions},
        engine.Issue.MINS_JOINTLY: _(
            "The regional minimums for %(regions)s cannot all be met at once with the "
            "organisations and budgets available; lower one of them."
        )
        % {"regions": regions},
    }
    return texts[explanation.issue]


def _metrics(metrics: engine.Metrics) -> dict[str, float]:
    return {
        "people": metrics.people,  # made whole by ``people_whole``
        "weighted": round(metrics.weighted, 1),
        "regions": metrics.regions,
        "spend_idr": round(metrics.spend * MILLION),
    }


def _rows(built: Built, allocation: engine.Allocation) -> list[dict[str, Any]]:
    pairs, problem = allocation.pairs, built.problem
    spend = allocation.spend()
    rows = []
    for p in np.flatnonzero(allocation.people > 1e-6):
        cell = problem.cells[pairs.cell[p]]
        funder = problem.funders[pairs.funder[p]]
        rows.append(
            {
                "organisation_id": funder.id,
                "organisation": built.organisations.get(funder.id, str(funder.id)),
                "region": cell.region,
                "region_name": built.snapshot.names.get(cell.region, cell.region),
                "target_group": cell.group,
                "people": float(allocation.people[p]),  # made whole by ``people_whole``
                "amount_idr": round(float(spend[p]) * MILLION),
            }
        )
    rows.sort(
        key=lambda r: (-r["amount_idr"], r["organisation_id"], r["region"], r["target_group"])
    )
    return rows


def people_whole(outcome: dict[str, Any]) -> dict[str, Any]:
    """The outcome with people as whole numbers (docs/methods/allocation.md, "Whole people").

    The plan's rows are rounded together by largest remainder (``engine.whole_people``) and
    the plan's total is their sum, so the rows always add up to the total shown; the greedy and
    current patterns have no rows and are rounded half up. Idempotent: scenarios stored before
    this rule (with 2,083.3 people) are shaped the same way when read."""
    if not outcome.get("feasible"):
        return outcome
    shaped = dict(outcome)
    rows = [dict(row) for row in outcome.get("rows", [])]
    for row, whole in zip(rows, engine.whole_people([row["people"] for row in rows]), strict=True):
        row["people"] = whole
    shaped["rows"] = rows
    for key in ("plan", "greedy", "current"):
        if isinstance(outcome.get(key), dict):
            shaped[key] = {**outcome[key], "people": int(float(outcome[key]["people"]) + 0.5)}
    if rows and isinstance(outcome.get("plan"), dict):
        shaped["plan"]["people"] = sum(row["people"] for row in rows)
    return shaped


def run(*, year: int, changes: dict[str, Any]) -> dict[str, Any]:
    """The plan and its comparisons as a JSON-ready outcome (stored on scenarios)."""
    built = build(year=year, changes=changes)
    try:
        plan = engine.allocate(built.problem)
    except engine.Infeasible as error:
        return {
            "feasible": False,
            "explanation": explain(error.explanation, built.snapshot.names),
            "issue": error.explanation.issue.value,
        }
    return people_whole(
        {
            "feasible": True,
            "explanation": "",
            "issue": "",
            "plan": _metrics(engine.measure(built.problem, plan)),
            "greedy": _metrics(engine.measure(built.problem, engine.greedy(built.problem))),
            "current": _metrics(engine.measure(built.problem, engine.current(built.problem))),
            "rows": _rows(built, plan),
        }
    )
