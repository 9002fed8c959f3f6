"""The order state machine (pure; documented in docs/kube.md "Orders").

::

    new ──quote──▶ quoted ──confirm──▶ confirmed ──deliver──▶ delivered ──pay──▶ paid
     │               │                    │
     └──────cancel───┴────────cancel──────┘──▶ cancelled

Each action belongs to one party: the **seller** (whoever may change the group: its
facilitator, a coordinator or facilitator in scope, a national admin) quotes, delivers and
records payment received; the **buyer** confirms a quote. Either side may cancel before
delivery. Delivered and paid orders are never cancelled: their revenue is booked.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Party(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"


@dataclass(frozen=True)
class Transition:
    action: str
    source: frozenset[str]
    target: str
    parties: frozenset[Party]


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("quote", frozenset({"new"}), "quoted", frozenset({Party.SELLER})),
        Transition("confirm", frozenset({"quoted"}), "confirmed", frozenset({Party.BUYER})),
        Transition("deliver", frozenset({"confirmed"}), "delivered", frozenset({Party.SELLER})),
        Transition("pay", frozenset({"delivered"}), "paid", frozenset({Party.SELLER})),
        Transition(
            "cancel",
            frozenset({"new", "quoted", "confirmed"}),
            "cancelled",
            frozenset({Party.BUYER, Party.SELLER}),
        ),
    )
}

STATUSES = ("new", "quoted", "confirmed", "delivered", "paid", "cancelled")


class TransitionError(Exception):
    """An action the order's state or the acting party does not allow.

    ``kind`` is ``"state"`` (the order is in the wrong state: a conflict) or ``"party"`` (this
    side may not take the action)."""

    def __init__(self, kind: str, action: str, status: str, allowed_from: tuple[str, ...]) -> None:
        super().__init__(f"{action} from {status}")
        self.kind = kind
        self.action = action
        self.status = status
        self.allowed_from = allowed_from


def next_status(status: str, action: str, parties: frozenset[Party]) -> str:
    """The status after ``action`` taken by someone acting as ``parties`` (one can be both,
    e.g. a national admin who is also the buyer), or TransitionError."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError("unknown", action, status, ())
    allowed_from = tuple(s for s in STATUSES if s in transition.source)
    if status not in transition.source:
        raise TransitionError("state", action, status, allowed_from)
    if not parties & transition.parties:
        raise TransitionError("party", action, status, allowed_from)
    return transition.target


def actions_for(status: str, parties: frozenset[Party]) -> list[str]:
    """The actions these parties may take on an order in ``status`` (for buttons)."""
    return [t.action for t in TRANSITIONS.values() if status in t.source and parties & t.parties]
