"""The order state machine: every allowed move, every refused one, and who may move it."""

from __future__ import annotations

import itertools

import pytest

from sinergi.kube.engines.orders import (
    STATUSES,
    TRANSITIONS,
    Party,
    TransitionError,
    actions_for,
    next_status,
)

BUYER = frozenset({Party.BUYER})
SELLER = frozenset({Party.SELLER})
BOTH = BUYER | SELLER

ALLOWED = {
    ("new", "quote"): ("quoted", SELLER),
    ("quoted", "confirm"): ("confirmed", BUYER),
    ("confirmed", "deliver"): ("delivered", SELLER),
    ("delivered", "pay"): ("paid", SELLER),
    ("new", "cancel"): ("cancelled", BOTH),
    ("quoted", "cancel"): ("cancelled", BOTH),
    ("confirmed", "cancel"): ("cancelled", BOTH),
}


@pytest.mark.parametrize(("status", "action"), list(itertools.product(STATUSES, TRANSITIONS)))
def test_the_full_table_of_moves(status: str, action: str) -> None:
    expected = ALLOWED.get((status, action))
    for party in (BUYER, SELLER):
        if expected is not None and party & expected[1]:
            assert next_status(status, action, party) == expected[0]
        else:
            with pytest.raises(TransitionError) as refused:
                next_status(status, action, party)
            assert refused.value.kind == ("party" if expected else "state")
            assert refused.value.status == status


def test_a_refused_state_names_the_states_it_could_have_moved_from() -> None:
    with pytest.raises(TransitionError) as refused:
        next_status("paid", "cancel", BOTH)
    assert refused.value.allowed_from == ("new", "quoted", "confirmed")


def test_it_refuses_unknown_actions() -> None:
    with pytest.raises(TransitionError) as refused:
        next_status("new", "teleport", BOTH)
    assert refused.value.kind == "unknown"


def test_nobody_acts_without_a_side() -> None:
    with pytest.raises(TransitionError):
        next_status("new", "cancel", frozenset())


def test_actions_offered_per_side() -> None:
    assert actions_for("new", SELLER) == ["quote", "cancel"]
    assert actions_for("new", BUYER) == ["cancel"]
    assert actions_for("quoted", BUYER) == ["confirm", "cancel"]
    assert actions_for("delivered", BUYER) == []
    assert actions_for("paid", BOTH) == []
