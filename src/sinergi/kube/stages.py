"""Stage criteria (docs/methods/kube-stages.md), derived from the Kemensos stage
descriptions: a pure function from the criteria an assessor ticked to the stage."""

from __future__ import annotations

from collections.abc import Iterable

TUMBUH = (
    "has_mentor",
    "officers_formed",
    "received_capital",
    "has_nameboard",
    "activity_started",
)
BERKEMBANG = (
    "officers_run_activities",
    "profit_to_capital_and_welfare",
    "iks_started",
    "confidence_rising",
)
MAJU = (
    "profit_and_capital_growing",
    "iks_regular",
    "business_well_managed",
    "economic_relations",
    "solid_social_relations",
)
CRITERIA = TUMBUH + BERKEMBANG + MAJU
# How many of a stage's criteria must hold (the higher stage needs the lower one too).
BERKEMBANG_NEEDS = 3
MAJU_NEEDS = 4


def unknown_criteria(criteria: Iterable[str]) -> list[str]:
    return sorted(set(criteria) - set(CRITERIA))


def stage_for(criteria: Iterable[str]) -> str:
    """'tumbuh', 'berkembang' or 'maju'. Raises ValueError on unknown criteria."""
    met = set(criteria)
    unknown = unknown_criteria(met)
    if unknown:
        raise ValueError(", ".join(unknown))
    developing = len(met & set(BERKEMBANG)) >= BERKEMBANG_NEEDS
    if developing and len(met & set(MAJU)) >= MAJU_NEEDS:
        return "maju"
    return "berkembang" if developing else "tumbuh"
