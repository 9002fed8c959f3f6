"""An organisation's PDF report: the interventions it leads that the reader may see, each
indicator's results against its targets (with the period chart), and a map of where it
works. WeasyPrint renders it offline (``atlas.pdf``); charts and map are embedded SVGs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from sinergi.atlas.pages import svg_data_uri
from sinergi.atlas.pdf import html_to_pdf
from sinergi.core.access import Principal
from sinergi.interventions.access import visible_interventions_q
from sinergi.interventions.charts import result_periods_svg, work_map_svg
from sinergi.interventions.models import Intervention
from sinergi.interventions.selectors import (
    InterventionFilters,
    intervention_list,
    province_boundaries,
    results_by_intervention,
)
from sinergi.partners.models import Organisation

MAX_INTERVENTIONS = 200


def _map(interventions: list[Intervention]) -> str:
    points = []
    provinces_worked: set[str] = set()
    for intervention in interventions:
        for location in intervention.locations.all():
            region = location.region
            provinces_worked.add(region.code[:2])
            if region.centroid_lat is None or region.centroid_lng is None:
                continue
            points.append(
                {
                    "lat": region.centroid_lat,
                    "lng": region.centroid_lng,
                    "targeted": location.targeted,
                }
            )
    provinces = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"worked": code in provinces_worked},
            "geometry": json.loads(geometry),
        }
        for code, geometry in province_boundaries()
    ]
    svg = work_map_svg(provinces, points)
    return svg_data_uri(svg) if svg else ""


def organisation_report_context(
    organisation: Organisation, principal: Principal, *, now: datetime
) -> dict[str, Any]:
    found = list(
        intervention_list(
            visible=visible_interventions_q(principal),
            filters=InterventionFilters(organisation=organisation.pk),
        ).filter(organisation=organisation)[:MAX_INTERVENTIONS]
    )
    results = results_by_intervention(intervention_ids=[i.pk for i in found])
    sections = []
    for intervention in found:
        rows = []
        for result in results.get(intervention.pk, []):
            chart = result_periods_svg(result, width=300)
            rows.append({"result": result, "chart": svg_data_uri(chart) if chart else ""})
        sections.append({"intervention": intervention, "results": rows})
    return {
        "organisation": organisation,
        "sections": sections,
        "map_image": _map(found),
        "generated": now,
        "truncated": len(found) == MAX_INTERVENTIONS,
        "totals": {
            "count": len(found),
            "targeted": sum(i.targeted for i in found),
            # Approved reach is what the report counts; what waits for review is shown
            # beside it, and the declared figures are not reported at all.
            "reached": sum(i.reached_approved for i in found),
            "pending": sum(i.reached_pending for i in found),
            "budget": sum(i.budget_idr or 0 for i in found),
        },
    }


def organisation_report_pdf(organisation: Organisation, principal: Principal) -> bytes:
    context = organisation_report_context(organisation, principal, now=timezone.now())
    return html_to_pdf(render_to_string("interventions/organisation_pdf.html", context))
