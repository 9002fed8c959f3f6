"""Listeners hear about created and changed interventions once the transaction commits."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from sinergi.interventions import listeners
from sinergi.interventions.services import intervention_update
from sinergi.partners.models import Organisation
from tests.interventions.factories import data, intervention


@pytest.fixture
def heard() -> Iterator[list[list[int]]]:
    calls: list[list[int]] = []

    def listener(ids: Sequence[int]) -> None:
        calls.append(list(ids))

    listeners.intervention_listener_register(listener)
    listeners.intervention_listener_register(listener)  # once only
    yield calls
    listeners._LISTENERS.remove(listener)


def test_create_and_update_are_announced_after_commit(
    mitra_a: Organisation,
    heard: list[list[int]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as pending:
        made = intervention(mitra_a)
    assert heard == []  # nothing before the commit
    for callback in pending:
        callback()
    assert heard == [[made.pk]]
    with django_capture_on_commit_callbacks(execute=True):
        intervention_update(
            actor=None, intervention=made, data=data(ref=made.ref, title="Baru"), version=1
        )
    assert heard == [[made.pk], [made.pk]]
    with django_capture_on_commit_callbacks(execute=True):  # no change: nothing to announce
        intervention_update(
            actor=None, intervention=made, data=data(ref=made.ref, title="Baru"), version=2
        )
    assert heard == [[made.pk], [made.pk]]
