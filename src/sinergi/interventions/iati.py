"""An organisation's public interventions as an IATI activity file (standard 2.03).

The document validates against the official schema shipped in ``sinergi/data/iati-2.03``
(provenance in ``sinergi/data/SOURCES.md``) and uses IATI codelist values: ActivityStatus,
ActivityDateType, OrganisationRole, OrganisationType, SectorVocabulary 1 (OECD DAC CRS
5-digit purpose codes), BudgetType/BudgetStatus, TransactionType, GeographicLocationReach,
GeographicExactness, GeographicLocationClass, GeographicVocabulary, ResultType and
IndicatorMeasure. The mappings from Sinergi's own keys are below and in
docs/methods/interventions-iati.md.

Organisations have no registered IATI identifier in Sinergi, so their ``ref`` is
``ID-SINERGI-<number>`` (an identifier in this registry, not one from IATI's registration
agencies); an activity's identifier is that ref, a dash and the organisation's own ``ref``.
Interventions without a start date cannot be published (IATI needs at least one activity
date) and are left out.

IATI wants budget periods of at most a year, starting before they end and not overlapping: an
intervention's budget is split into one ``<budget>`` per calendar year it runs in, in
proportion to its days in that year, in whole rupiah that add up to the budget exactly
(``budget_slices``). Results carry approved values only (``PeriodRow.approved``); what a
partner declared, or submitted without approval yet, is never published as an actual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.db.models import Q
from lxml import etree

from sinergi.core.taxonomy import PROGRAMMES
from sinergi.interventions import counting
from sinergi.interventions.models import Intervention, PartyRole, Status, Visibility
from sinergi.interventions.selectors import (
    IndicatorResult,
    InterventionFilters,
    intervention_list,
    results_by_intervention,
)
from sinergi.partners.models import Organisation, OrganisationType
from sinergi.regions.codes import Level

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "iati-2.03"
VERSION = "2.03"
CURRENCY = "IDR"
COUNTRY = "ID"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"

# ActivityStatus: 1 pipeline, 2 implementation, 4 closed, 5 cancelled.
ACTIVITY_STATUS = {
    Status.PLANNED: "1",
    Status.ONGOING: "2",
    Status.COMPLETED: "4",
    Status.CANCELLED: "5",
}
# OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing.
ROLE = {PartyRole.FUNDER: "1", PartyRole.ACCOUNTABLE: "2", PartyRole.IMPLEMENTER: "4"}
# OrganisationType: 10 government, 11 local government, 15 other public sector, 22 national
# NGO, 24 partner-country-based NGO, 60 foundation, 70 private sector, 80 academic, 90 other.
ORGANISATION_TYPE: dict[str, str] = {
    OrganisationType.MINISTRY: "10",
    OrganisationType.REGIONAL_GOVERNMENT: "11",
    OrganisationType.STATE_OWNED: "15",
    OrganisationType.PRIVATE_COMPANY: "70",
    OrganisationType.FOUNDATION: "60",
    OrganisationType.ASSOCIATION: "22",
    OrganisationType.NGO: "24",
    OrganisationType.UNIVERSITY: "80",
    OrganisationType.COMMUNITY: "90",
}
# OECD DAC CRS purpose codes (SectorVocabulary 1) for Sinergi's functions and sectors.
DAC_PURPOSE = {
    "perlindungan_sosial": "16010",  # social protection
    "jaminan_sosial": "16010",
    "penanganan_fakir_miskin": "16010",
    "rehabilitasi_sosial": "16010",
    "pemberdayaan_sosial": "16010",
    "pendidikan": "11110",  # education policy and administrative management
    "kesehatan": "12220",  # basic health care
    "ekonomi": "16020",  # employment creation
    "bencana": "74020",  # multi-hazard response preparedness
    "lingkungan": "41010",  # environmental policy and administrative management
    "infrastruktur": "16040",  # low-cost housing
    "air_sanitasi": "14030",  # basic drinking water supply and basic sanitation
}
DAC_OTHER = "16010"
# GeographicLocationClass 1 (administrative region); feature designation by level.
FEATURE = {
    Level.PROVINCE: "ADM1",
    Level.REGENCY: "ADM2",
    Level.DISTRICT: "ADM3",
    Level.VILLAGE: "ADM4",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def organisation_ref(organisation: Organisation) -> str:
    return f"ID-SINERGI-{organisation.pk}"


def _text(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    etree.SubElement(element, "narrative").text = text
    return element


def _org(parent: etree._Element, tag: str, organisation: Organisation, **extra: str) -> None:
    attributes = {"ref": organisation_ref(organisation), **extra}
    kind = ORGANISATION_TYPE.get(organisation.type)
    if kind:
        attributes["type"] = kind
    _text(parent, tag, organisation.name, **attributes)


def _dates(activity: etree._Element, intervention: Intervention) -> None:
    started = intervention.status in (Status.ONGOING, Status.COMPLETED)
    ended = intervention.status == Status.COMPLETED
    # ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
    if intervention.start_date:
        kind = "2" if started else "1"
        etree.SubElement(
            activity,
            "activity-date",
            {"type": kind, "iso-date": intervention.start_date.isoformat()},
        )
    if intervention.end_date:
        kind = "4" if ended else "3"
        etree.SubElement(
            activity, "activity-date", {"type": kind, "iso-date": intervention.end_date.isoformat()}
        )


def _locations(activity: etree._Element, intervention: Intervention) -> None:
    for location in intervention.locations.all():
        region = location.region
        element = etree.SubElement(activity, "location", {"ref": f"ID-KEMENDAGRI-{region.code}"})
        # GeographicLocationReach 2: where the intended beneficiaries live.
        etree.SubElement(element, "location-reach", {"code": "2"})
        _text(element, "name", region.name)
        etree.SubElement(
            element, "administrative", {"vocabulary": "A4", "level": "0", "code": COUNTRY}
        )
        if region.centroid_lat is not None and region.centroid_lng is not None:
            point = etree.SubElement(element, "point", {"srsName": WGS84})
            etree.SubElement(
                point, "pos"
            ).text = f"{region.centroid_lat:.5f} {region.centroid_lng:.5f}"
            # GeographicExactness 2: approximate (the region's centroid).
            etree.SubElement(element, "exactness", {"code": "2"})
        etree.SubElement(element, "location-class", {"code": "1"})
        etree.SubElement(element, "feature-designation", {"code": FEATURE[Level(region.level)]})


def _money(parent: etree._Element, tag: str, amount: int, on: date) -> None:
    value = etree.SubElement(parent, tag, {"currency": CURRENCY, "value-date": on.isoformat()})
    value.text = str(amount)


@dataclass(frozen=True)
class BudgetSlice:
    start: date
    end: date  # inclusive, as IATI's period-end
    amount: int  # whole rupiah

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _within_a_year(start: date, end: date) -> bool:
    # At most a year: ends before the same day a year on (1 Jan to 31 Dec, 31 Dec to 30 Dec).
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        anniversary = date(start.year + 1, 3, 1)
    return end < anniversary


def _calendar_periods(start: date, end: date) -> list[tuple[date, date]]:
    periods = [
        (max(start, date(year, 1, 1)), min(end, date(year, 12, 31)))
        for year in range(start.year, end.year + 1)
    ]
    # A one-day period (a start on 31 December, an end on 1 January) cannot start before it
    # ends: it joins its neighbour when that stays within a year, else takes a day from it
    # (a neighbour that is a whole year keeps 364 or 365 days).
    if len(periods) > 1 and periods[0][0] == periods[0][1]:
        (first, _), (_, second_end) = periods[0], periods[1]
        if _within_a_year(first, second_end):
            periods[:2] = [(first, second_end)]
        else:
            day = first + timedelta(days=1)
            periods[:2] = [(first, day), (day + timedelta(days=1), second_end)]
    if len(periods) > 1 and periods[-1][0] == periods[-1][1]:
        (before_start, _), (last, _) = periods[-2], periods[-1]
        if _within_a_year(before_start, last):
            periods[-2:] = [(before_start, last)]
        else:
            day = last - timedelta(days=1)
            periods[-2:] = [(before_start, day - timedelta(days=1)), (day, last)]
    return periods


def budget_slices(amount: int, start: date, end: date) -> list[BudgetSlice]:
    """The budget per calendar year of ``start``…``end`` (inclusive), in proportion to the
    days, whole rupiah by the largest remainder so that the slices add up to ``amount``.
    Empty when the activity does not last at least two days (IATI periods start before they
    end)."""
    if end <= start:
        return []
    periods = _calendar_periods(start, end)
    days = {first.isoformat(): (last - first).days + 1 for first, last in periods}
    shares = counting.split(amount, days)
    return [BudgetSlice(first, last, shares[first.isoformat()]) for first, last in periods]


def _finance(activity: etree._Element, intervention: Intervention, today: date) -> None:
    start, end = intervention.start_date, intervention.end_date
    if intervention.budget_idr is not None and start and end:
        for piece in budget_slices(intervention.budget_idr, start, end):
            # BudgetType 1 original, BudgetStatus 1 indicative.
            budget = etree.SubElement(activity, "budget", {"type": "1", "status": "1"})
            etree.SubElement(budget, "period-start", {"iso-date": piece.start.isoformat()})
            etree.SubElement(budget, "period-end", {"iso-date": piece.end.isoformat()})
            _money(budget, "value", piece.amount, piece.start)
    if intervention.spend_idr:
        # TransactionType 4: expenditure, dated when the record was last updated (or the end).
        on = min(end, today) if end else today
        transaction = etree.SubElement(activity, "transaction")
        etree.SubElement(transaction, "transaction-type", {"code": "4"})
        etree.SubElement(transaction, "transaction-date", {"iso-date": on.isoformat()})
        _money(transaction, "value", intervention.spend_idr, on)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _results(
    activity: etree._Element,
    intervention: Intervention,
    results: list[IndicatorResult],
    today: date,
) -> None:
    for result in results:
        indicator = result.tracked.indicator
        # ResultType 1: output; aggregation-status 0: values are not meant to be summed.
        element = etree.SubElement(activity, "result", {"type": "1", "aggregation-status": "0"})
        _text(element, "title", indicator.name)
        # IndicatorMeasure 1: unit; ascending: a higher value is better.
        measure = etree.SubElement(element, "indicator", {"measure": "1", "ascending": "1"})
        _text(measure, "title", f"{indicator.name} ({indicator.unit})")
        year = intervention.start_date.year if intervention.start_date else today.year
        baseline = {"year": str(year), "value": _number(result.tracked.baseline)}
        if intervention.start_date:
            baseline["iso-date"] = intervention.start_date.isoformat()
        etree.SubElement(measure, "baseline", baseline)
        for row in result.periods:
            if row.target is None and row.approved is None:
                continue
            period = etree.SubElement(measure, "period")
            etree.SubElement(period, "period-start", {"iso-date": row.start.isoformat()})
            etree.SubElement(period, "period-end", {"iso-date": row.end.isoformat()})
            if row.target is not None:
                etree.SubElement(period, "target", {"value": _number(row.target)})
            if row.approved is not None:
                etree.SubElement(period, "actual", {"value": _number(row.approved)})


def _activity(
    root: etree._Element,
    intervention: Intervention,
    results: list[IndicatorResult],
    today: date,
) -> None:
    lead = intervention.organisation
    activity = etree.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": intervention.updated_at.isoformat(timespec="seconds"),
            XML_LANG: "id",
            "default-currency": CURRENCY,
        },
    )
    identifier = f"{organisation_ref(lead)}-{intervention.ref}"
    etree.SubElement(activity, "iati-identifier").text = identifier
    _org(activity, "reporting-org", lead)
    _text(activity, "title", intervention.title)
    # DescriptionType 1: general.
    _text(activity, "description", intervention.description or intervention.title, type="1")
    _org(activity, "participating-org", lead, role=ROLE[PartyRole.IMPLEMENTER])
    for party in intervention.parties.all():
        _org(activity, "participating-org", party.organisation, role=ROLE[PartyRole(party.role)])
    etree.SubElement(
        activity,
        "other-identifier",
        {"ref": intervention.ref, "type": "A1"},  # A1: the reporting organisation's own ref
    )
    etree.SubElement(
        activity, "activity-status", {"code": ACTIVITY_STATUS[Status(intervention.status)]}
    )
    _dates(activity, intervention)
    etree.SubElement(activity, "recipient-country", {"code": COUNTRY, "percentage": "100"})
    _locations(activity, intervention)
    purpose = DAC_PURPOSE.get(intervention.function, DAC_OTHER)
    etree.SubElement(activity, "sector", {"vocabulary": "1", "code": purpose, "percentage": "100"})
    if intervention.programme:
        programme = next((p for p in PROGRAMMES if p.key == intervention.programme), None)
        # TagVocabulary 99: the reporting organisation's own tags (the programme it supports).
        label = programme.name_id if programme else intervention.programme
        _text(activity, "tag", label, vocabulary="99", code=intervention.programme)
    _finance(activity, intervention, today)
    _results(activity, intervention, results, today)


def iati_document(
    *,
    interventions: list[Intervention],
    results: dict[int, list[IndicatorResult]],
    generated: datetime,
) -> bytes:
    """The IATI activities document for these interventions (those with a start date)."""
    root = etree.Element(
        "iati-activities",
        {"version": VERSION, "generated-datetime": generated.isoformat(timespec="seconds")},
    )
    for intervention in interventions:
        if intervention.start_date is None:
            continue
        _activity(root, intervention, results.get(intervention.pk, []), generated.date())
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def iati_schema() -> etree.XMLSchema:
    """The official IATI 2.03 activity schema (its includes resolve beside it)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH / "iati-activities-schema.xsd")))


def iati_errors(document: bytes) -> list[str]:
    """Schema errors of an IATI document; empty when it validates."""
    schema = iati_schema()
    try:
        parsed = etree.fromstring(document)
    except etree.XMLSyntaxError as error:
        return [str(error)]
    if schema.validate(parsed):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def organisation_public_interventions(organisation: Organisation) -> list[Intervention]:
    """The public interventions this organisation leads (what it may publish to IATI)."""
    return list(
        intervention_list(
            visible=Q(visibility=Visibility.PUBLIC),
            filters=InterventionFilters(organisation=organisation.pk),
        ).filter(organisation=organisation)
    )


def organisation_iati(organisation: Organisation, *, generated: datetime) -> bytes | None:
    """The organisation's IATI file, or None when it has no public, dated intervention
    (an IATI file must hold at least one activity)."""
    found = [i for i in organisation_public_interventions(organisation) if i.start_date]
    if not found:
        return None
    results = results_by_intervention(intervention_ids=[i.pk for i in found])
    return iati_document(interventions=found, results=results, generated=generated)
