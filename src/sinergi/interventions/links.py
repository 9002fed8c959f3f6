"""The organisation page's download links to this app's organisation exports."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sinergi.partners.links import organisation_links_register
from sinergi.partners.models import Organisation


def organisation_downloads(organisation: Organisation) -> list[tuple[str | Promise, str]]:
    return [
        (
            _("Organisation report (PDF)"),
            reverse("interventions:report-pdf", args=[organisation.pk]),
        ),
        (
            _("Public interventions as IATI (XML)"),
            reverse("interventions:iati", args=[organisation.pk]),
        ),
    ]


def register_organisation_links() -> None:
    organisation_links_register(organisation_downloads)
