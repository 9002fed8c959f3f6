"""The KUBE section of a region's pages and map panel (registered in ``KubeConfig.ready``):
aggregate counts only — groups, members, groups per stage, capital, groups mentored — never
names or personal data, since region pages are public."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.calendar import add_months, month_start
from sinergi.kube.market_selectors import revenue_by_group
from sinergi.kube.models import Group, Stage
from sinergi.kube.selectors import region_kube_summary
from sinergi.regions.sections import RegionFact, RegionSection


def kube_region_section(code: str) -> RegionSection | None:
    summary = region_kube_summary(code)
    if not summary.groups:
        return None
    labels = dict(Stage.choices)
    facts = [
        RegionFact(_("Groups"), intcomma(summary.groups)),
        RegionFact(_("Member households"), intcomma(summary.members)),
        *(RegionFact(labels[stage], intcomma(n)) for stage, n in summary.by_stage.items()),
        RegionFact(_("Capital received"), "Rp " + intcomma(summary.capital)),
        RegionFact(_("Groups with an active mentor"), intcomma(summary.mentored)),
        RegionFact(_("Revenue, last 12 months"), "Rp " + intcomma(_revenue(code))),
    ]
    return RegionSection(
        key="kube",
        title=_("KUBE joint business groups"),
        facts=facts,
        link_label=_("KUBE dashboard for this region"),
        link_url=reverse("kube:dashboard") + f"?region={code}",
    )


def _revenue(code: str) -> int:
    """The region's groups' ledger revenue over the last twelve months (three queries)."""
    today = timezone.localdate()
    ids = Group.objects.filter(
        Q(village_id=code) | Q(village__code__startswith=code + ".")
    ).values_list("pk", flat=True)
    start = add_months(month_start(today), -11)
    return int(sum(revenue_by_group(list(ids), start, today).values()))
