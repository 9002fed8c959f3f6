"""The KUBE section of a region's pages and map panel (registered in ``KubeConfig.ready``):
aggregate counts only — groups, members, groups per stage, capital, groups mentored — never
names or personal data, since region pages are public."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.translation import gettext as _

from sinergi.kube.models import Stage
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
    ]
    return RegionSection(
        key="kube",
        title=_("KUBE joint business groups"),
        facts=facts,
        link_label=_("KUBE dashboard for this region"),
        link_url=reverse("kube:dashboard") + f"?region={code}",
    )
