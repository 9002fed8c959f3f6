"""Buyer-to-product suggestions: category first, then distance (no database)."""

from __future__ import annotations

import pytest

from sinergi.kube.engines.suggestions import MISMATCH_KM, UNKNOWN_KM, suggest

BANDUNG = (-6.91, 107.61)
JAKARTA = (-6.2, 106.82)
SURABAYA = (-7.25, 112.75)


def test_matching_category_beats_a_closer_mismatch() -> None:
    result = suggest(
        buyer_categories=["crafts"],
        buyer_lat=JAKARTA[0],
        buyer_lng=JAKARTA[1],
        categories=["food_processing", "crafts", "crafts"],
        lats=[JAKARTA[0], SURABAYA[0], BANDUNG[0]],
        lngs=[JAKARTA[1], SURABAYA[1], BANDUNG[1]],
        limit=3,
    )
    assert [s.index for s in result] == [2, 1, 0]
    assert [s.category_match for s in result] == [True, True, False]
    # Jakarta to Bandung is about 117 km; the mismatch in Jakarta itself costs 1,000 km.
    assert result[0].distance_km == pytest.approx(117, abs=5)
    assert result[2].cost == pytest.approx(MISMATCH_KM, abs=0.1)


def test_unknown_locations_rank_last_and_no_categories_match_all() -> None:
    result = suggest(
        buyer_categories=[],
        buyer_lat=BANDUNG[0],
        buyer_lng=BANDUNG[1],
        categories=["trade", "services"],
        lats=[None, SURABAYA[0]],
        lngs=[None, SURABAYA[1]],
    )
    assert [s.index for s in result] == [1, 0]
    assert result[1].distance_km is None
    assert result[1].cost == UNKNOWN_KM
    assert all(s.category_match for s in result)


def test_a_buyer_without_location_is_ranked_by_category_only() -> None:
    result = suggest(
        buyer_categories=["trade"],
        buyer_lat=None,
        buyer_lng=None,
        categories=["services", "trade"],
        lats=[BANDUNG[0], SURABAYA[0]],
        lngs=[BANDUNG[1], SURABAYA[1]],
        limit=1,
    )
    assert [s.index for s in result] == [1]


def test_empty_inputs() -> None:
    assert (
        suggest(buyer_categories=[], buyer_lat=0, buyer_lng=0, categories=[], lats=[], lngs=[])
        == []
    )
    assert (
        suggest(
            buyer_categories=[],
            buyer_lat=0,
            buyer_lng=0,
            categories=["trade"],
            lats=[0],
            lngs=[0],
            limit=0,
        )
        == []
    )
