"""Money chart axes speak the reader's abbreviations: Indonesian "jt" for juta (never "M",
which Indonesian readers take for miliar), English "M"."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from sinergi.kube.charts import capital_svg, revenue_trend_svg

pytestmark = pytest.mark.django_db


def _labels(svg: str) -> list[str]:
    return re.findall(r">([^<>]+)</text>", svg)


def test_capital_axis_uses_juta_in_indonesian_and_m_in_english() -> None:
    with translation.override("id"):
        indonesian = _labels(capital_svg(2_500_000, 20_000_000))
    with translation.override("en"):
        english = _labels(capital_svg(2_500_000, 20_000_000))
    assert "10 jt" in indonesian and "2 jt" in indonesian
    assert not any(label.endswith(("M", "k")) for label in indonesian)
    assert "10M" in english and "2M" in english


def test_revenue_axis_in_miliar_and_billions() -> None:
    points = [("2026-01", 1_500_000_000, 0), ("2026-02", 3_000_000_000, 1_000_000_000)]
    with translation.override("id"):
        indonesian = _labels(revenue_trend_svg(points))
    with translation.override("en"):
        english = _labels(revenue_trend_svg(points))
    assert "1 M" in indonesian and "3 M" in indonesian and "3 jt" not in indonesian
    assert "1B" in english and "3B" in english
