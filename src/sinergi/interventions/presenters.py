"""Models to API shapes (reads only; related rows come prefetched from the selectors)."""

from __future__ import annotations

from dataclasses import dataclass

from sinergi.core.access import Principal
from sinergi.interventions.access import intervention_rights
from sinergi.interventions.models import (
    Indicator,
    Intervention,
    InterventionLocation,
    Report,
)
from sinergi.interventions.reach import intervention_reach_shares
from sinergi.interventions.schemas import (
    ImportReportOut,
    ImportRowOut,
    IndicatorOut,
    InterventionDetailOut,
    InterventionOut,
    LocationOut,
    OrganisationRefOut,
    PartyOut,
    ReportOut,
    ResultOut,
    ResultPeriodOut,
    ValueOut,
)
from sinergi.interventions.selectors import IndicatorResult
from sinergi.interventions.spreadsheet import ImportReport


@dataclass(frozen=True)
class LocationReach:
    """One location of an intervention as a page shows it: its part of the approved reach
    (what counts) beside the figure the organisation declared for it."""

    location: InterventionLocation
    approved: int
    declared: int


def approved_by_location(intervention: Intervention) -> dict[str, int]:
    """The intervention's approved reach shared over its locations (``counting.apportion``):
    reports give one figure for the whole intervention, the declared figures weigh it."""
    return intervention_reach_shares(intervention).approved


def location_reach(intervention: Intervention) -> list[LocationReach]:
    shares = approved_by_location(intervention)
    return [
        LocationReach(location=loc, approved=shares.get(loc.region_id, 0), declared=loc.reached)
        for loc in intervention.locations.all()
    ]


def _base(intervention: Intervention) -> dict[str, object]:
    shares = approved_by_location(intervention)
    return {
        "id": intervention.pk,
        "ref": intervention.ref,
        "title": intervention.title,
        "organisation": OrganisationRefOut(
            id=intervention.organisation_id, name=intervention.organisation.name
        ),
        "function": intervention.function,
        "programme": intervention.programme,
        "status": intervention.status,
        "start_date": intervention.start_date,
        "end_date": intervention.end_date,
        "unit": intervention.unit,
        "targeted": intervention.targeted,
        "reached": intervention.reached,
        "reached_declared": intervention.reached,
        "reached_approved": intervention.reached_approved,
        "reached_pending": intervention.reached_pending,
        "visibility": intervention.visibility,
        "target_groups": sorted(g.key for g in intervention.target_groups.all()),
        "locations": [
            LocationOut(
                region=loc.region_id,
                name=loc.region.name,
                level=loc.region.level,
                targeted=loc.targeted,
                reached=loc.reached,
                reached_approved=shares.get(loc.region_id, 0),
            )
            for loc in intervention.locations.all()
        ],
    }


def intervention_out(intervention: Intervention) -> InterventionOut:
    return InterventionOut.model_validate(_base(intervention))


def intervention_detail_out(
    intervention: Intervention, principal: Principal
) -> InterventionDetailOut:
    rights = intervention_rights(principal, intervention)
    return InterventionDetailOut.model_validate(
        _base(intervention)
        | {
            "description": intervention.description,
            "budget_idr": intervention.budget_idr,
            "spend_idr": intervention.spend_idr,
            "location_mode": intervention.location_mode,
            "breakdown": intervention.breakdown,
            "parties": [
                PartyOut(
                    organisation=OrganisationRefOut(id=p.organisation_id, name=p.organisation.name),
                    role=p.role,
                )
                for p in intervention.parties.all()
            ],
            "agreement": intervention.agreement_id,
            "version": intervention.version,
            "can_edit": rights.edit,
            "can_review": rights.review,
        }
    )


def indicator_out(indicator: Indicator) -> IndicatorOut:
    return IndicatorOut(
        id=indicator.pk,
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        function=indicator.function,
        programme=indicator.programme,
        sdgs=list(indicator.sdgs),
        counts_reached=indicator.counts_reached,
        custom=indicator.organisation_id is not None,
        organisation=indicator.organisation_id,
    )


def result_out(result: IndicatorResult) -> ResultOut:
    tracked = result.tracked
    return ResultOut(
        id=tracked.pk,
        indicator=indicator_out(tracked.indicator),
        baseline=tracked.baseline,
        target=tracked.target,
        targets=dict(tracked.targets),
        approved_total=result.approved_total,
        percent=result.percent,
        per_period=result.per_period,
        periods=[
            ResultPeriodOut(
                period=row.period,
                start=row.start,
                end=row.end,
                target=row.target,
                value=row.value,
                status=row.status,
                approved=row.approved,
                cumulative=row.cumulative,
            )
            for row in result.periods
        ],
    )


def report_out(report: Report) -> ReportOut:
    return ReportOut(
        id=report.pk,
        intervention=report.intervention_id,
        period=report.period,
        due_on=report.due_on,
        status=report.status,
        narrative=report.narrative,
        review_comment=report.review_comment,
        submitted_at=report.submitted_at,
        reviewed_at=report.reviewed_at,
        version=report.version,
        values=[
            ValueOut(
                indicator=v.indicator_id,
                code=v.indicator.indicator.code,
                value=v.value,
                breakdown=dict(v.breakdown),
            )
            for v in report.values.all()
        ],
    )


def import_report_out(report: ImportReport) -> ImportReportOut:
    return ImportReportOut(
        dry_run=report.dry_run,
        created=report.count("create"),
        updated=report.count("update"),
        unchanged=report.count("unchanged"),
        rows=[
            ImportRowOut(
                row=r.row,
                action=r.action,
                ref=r.ref,
                organisation=r.organisation,
                intervention=r.intervention_id,
            )
            for r in report.rows
        ],
    )
