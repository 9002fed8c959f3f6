"""Downloads that apps above partners offer on an organisation's page (the interventions
app's PDF report and IATI file), registered from their ``AppConfig.ready()`` like the metric
sources (``partners.metrics``), so partners never imports them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from sinergi.partners.models import Organisation

# (label, url) pairs for one organisation; no database query (the page costs the same).
LinkProvider = Callable[["Organisation"], list[tuple[str | Promise, str]]]
_PROVIDERS: list[LinkProvider] = []


def organisation_links_register(provider: LinkProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def organisation_links(organisation: Organisation) -> list[tuple[str | Promise, str]]:
    return [link for provider in _PROVIDERS for link in provider(organisation)]
