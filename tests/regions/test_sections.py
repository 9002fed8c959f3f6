"""The region-section registry that higher apps fill from their AppConfig.ready()."""

from __future__ import annotations

import pytest

from sinergi.regions import sections
from sinergi.regions.sections import (
    RegionFact,
    RegionSection,
    region_section_register,
    region_sections,
)


def test_providers_are_asked_in_order_and_may_stay_silent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sections, "_PROVIDERS", {})

    def first(code: str) -> RegionSection | None:
        return RegionSection("a", "A", [RegionFact("n", code)])

    def silent(code: str) -> RegionSection | None:
        return None

    region_section_register("a", first)
    region_section_register("a", first)  # the same provider again is harmless
    region_section_register("b", silent)
    assert [(s.key, s.facts[0].value) for s in region_sections("32")] == [("a", "32")]
    with pytest.raises(ValueError, match="already"):
        region_section_register("a", silent)
