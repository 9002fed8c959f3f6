"""Sections that higher apps add to a region's pages (``/wilayah/<code>/`` and the atlas
profile): the region app cannot import them, so they register a *provider* from their
``AppConfig.ready()``::

    from sinergi.regions.sections import region_section_register

    def kube_section(code):  # a fixed number of queries
        return RegionSection(key="kube", title=_("KUBE"), facts=[...], link=...)

    region_section_register("kube", kube_section)

A provider gets the region code and returns a ``RegionSection`` (or ``None`` when it has
nothing to say about the region). Sections hold aggregate, non-personal figures only: region
pages are public.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class RegionFact:
    label: str | Promise
    value: str


@dataclass(frozen=True)
class RegionSection:
    key: str
    title: str | Promise
    facts: list[RegionFact] = field(default_factory=list)
    note: str | Promise = ""
    link_label: str | Promise = ""
    link_url: str = ""


SectionProvider = Callable[[str], RegionSection | None]

_PROVIDERS: dict[str, SectionProvider] = {}


def region_section_register(key: str, provider: SectionProvider) -> None:
    """One provider per key; registering the same one twice is harmless."""
    if key in _PROVIDERS and _PROVIDERS[key] is not provider:
        raise ValueError(f"region section {key!r} already has a provider")
    _PROVIDERS[key] = provider


def region_sections(code: str) -> list[RegionSection]:
    """Every registered section for the region, in registration order."""
    sections = []
    for provider in _PROVIDERS.values():
        section = provider(code)
        if section is not None:
            sections.append(section)
    return sections
