"""Who wants to hear that interventions changed. A higher app (synergy keeps a coverage table
up to date) registers a listener from its ``AppConfig.ready()``; the services call
``interventions_changed`` and the listeners run once the transaction commits, with the ids of
the interventions created, changed or removed. Listeners must not write to the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction

ChangeListener = Callable[[Sequence[int]], None]

_LISTENERS: list[ChangeListener] = []


def intervention_listener_register(listener: ChangeListener) -> None:
    """Add a listener (once; registering the same one again does nothing)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def interventions_changed(ids: Sequence[int]) -> None:
    """Tell every listener, after the current transaction commits, about ``ids``."""
    changed = list(ids)

    def notify() -> None:
        for listener in _LISTENERS:
            listener(changed)

    transaction.on_commit(notify)
