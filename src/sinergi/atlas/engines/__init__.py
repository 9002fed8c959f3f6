"""Analytics engines of the atlas: pure functions over numpy/Arrow, no Django (an
import-linter contract holds them to it). Each is registered here by name, so a new method is
added like a new entry, and adapters look engines up instead of importing them ad hoc."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sinergi.atlas.engines import classify, need_index, people_in_need, rollup

ENGINES: dict[str, Callable[..., Any]] = {
    "rollup": rollup.roll_up,
    "need_index": need_index.compute,
    "ranks": need_index.ranks,
    "people_in_need": people_in_need.people_in_need,
    **{f"classify.{name}": method for name, method in classify.METHODS.items()},
}
