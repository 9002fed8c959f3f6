"""The metric registry: what a commitment can promise, and where its progress comes from.

A commitment names a metric by key ("mentor 100 KUBE" → ``kube_mentored``, target 100). Until an
app that keeps the underlying records exists, progress is what the parties report
(``ProgressReport``: the cumulative value as of a date, the latest one counting). An app that
keeps those records (interventions, KUBE) registers a *source* for the metric from its
``AppConfig.ready()``::

    from sinergi.partners.metrics import metric_source_register

    def kube_mentored(commitments):  # one or two queries for the whole batch
        return {c.id: Decimal(count) for c, count in ...}

    metric_source_register("kube_mentored", kube_mentored)

From then on progress for that metric is computed from the records, and reports are kept as
history only. A source takes the whole batch of commitments on a page, so a list costs a fixed
number of queries, and returns the value reached per commitment id (missing ids count as 0).

Progress counts *verified* records only (for people reached: results in approved reports). A
source whose records wait for verification returns a ``MetricValues`` instead, with the waiting
figure as ``pending``: it is shown beside the progress ("reported, not yet approved") and never
added to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from sinergi.partners.models import Commitment


@dataclass(frozen=True)
class MetricValues:
    """A source's figures per commitment id: ``counted`` from verified records (the progress),
    ``pending`` from records still waiting for verification (shown beside, never added)."""

    counted: Mapping[int, Decimal]
    pending: Mapping[int, Decimal] = field(default_factory=dict)


# A plain mapping is a source with nothing pending (every record it counts is verified).
MetricSource = Callable[[Sequence["Commitment"]], "Mapping[int, Decimal] | MetricValues"]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    unit: str | Promise


# Units have a context: "groups" alone is Django's word for user groups, translated as such.
METRICS: dict[str, Metric] = {
    metric.key: metric
    for metric in (
        Metric("kube_mentored", _("KUBE groups mentored"), pgettext_lazy("metric unit", "groups")),
        Metric(
            "kube_market_linked",
            _("KUBE groups linked to markets"),
            pgettext_lazy("metric unit", "groups"),
        ),
        Metric("people_reached", _("People reached"), pgettext_lazy("metric unit", "people")),
        Metric(
            "people_rehabilitated",
            _("People rehabilitated"),
            pgettext_lazy("metric unit", "people"),
        ),
        Metric("regions_covered", _("Regions covered"), pgettext_lazy("metric unit", "regions")),
        Metric(
            "sessions_held",
            _("Training or mentoring sessions held"),
            pgettext_lazy("metric unit", "sessions"),
        ),
        Metric("funds_disbursed", _("Funds disbursed"), pgettext_lazy("metric unit", "rupiah")),
    )
}

_SOURCES: dict[str, MetricSource] = {}


def metric_get(key: str) -> Metric | None:
    return METRICS.get(key)


def metric_source_register(key: str, source: MetricSource) -> None:
    """Let an app compute a metric from its own records. One source per metric."""
    if key not in METRICS:
        raise KeyError(f"unknown metric {key!r}; add it to METRICS first")
    if key in _SOURCES and _SOURCES[key] is not source:
        raise ValueError(f"metric {key!r} already has a source")
    _SOURCES[key] = source


def metric_source(key: str) -> MetricSource | None:
    return _SOURCES.get(key)


def metric_values(values: Mapping[int, Decimal] | MetricValues) -> MetricValues:
    """Either shape a source may return, as ``MetricValues``."""
    return values if isinstance(values, MetricValues) else MetricValues(counted=values)
