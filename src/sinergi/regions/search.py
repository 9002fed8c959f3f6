"""Region-name search: case- and accent-insensitive, by prefix and fuzzily. Pure functions.

Matches are ranked in tiers, then by similarity, level (provinces before villages) and
population:

0. the name (with or without "Kabupaten"/"Kota") or the code equals the query;
1. the name or the code starts with the query;
2. a word of the name starts with the query;
3. the name is similar to the query (rapidfuzz ``ratio`` ≥ a cutoff), which forgives typos
   such as "bandng" for Bandung.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from sinergi.regions.text import core_name, search_key

MAX_MATCHES = 500
_CODE_QUERY = re.compile(r"^[\d.]+$")


@dataclass(frozen=True)
class SearchIndex:
    codes: tuple[str, ...]
    keys: tuple[str, ...]
    cores: tuple[str, ...]
    levels: tuple[int, ...]
    populations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Match:
    code: str
    tier: int
    score: float


def build_index(rows: Iterable[tuple[str, str, int, int | None]]) -> SearchIndex:
    """``rows`` are (code, search key, level, population) tuples."""
    materialised = list(rows)
    return SearchIndex(
        codes=tuple(row[0] for row in materialised),
        keys=tuple(row[1] for row in materialised),
        cores=tuple(core_name(row[1]) for row in materialised),
        levels=tuple(row[2] for row in materialised),
        populations=tuple(row[3] or 0 for row in materialised),
    )


def _candidates(index: SearchIndex, level: int | None, within: str | None) -> list[int]:
    prefix = within + "." if within else None
    return [
        i
        for i, code in enumerate(index.codes)
        if (level is None or index.levels[i] == level)
        and (prefix is None or code.startswith(prefix))
    ]


def _code_matches(index: SearchIndex, query: str, candidates: list[int]) -> dict[int, Match]:
    wanted = query.replace(".", "")
    found: dict[int, Match] = {}
    for i in candidates:
        flat = index.codes[i].replace(".", "")
        if flat == wanted:
            found[i] = Match(index.codes[i], 0, 100.0)
        elif flat.startswith(wanted):
            found[i] = Match(index.codes[i], 1, 100.0)
    return found


def _name_matches(index: SearchIndex, query: str, candidates: list[int]) -> dict[int, Match]:
    found: dict[int, Match] = {}
    spaced = " " + query
    for i in candidates:
        key, core = index.keys[i], index.cores[i]
        if query in (key, core):
            found[i] = Match(index.codes[i], 0, 100.0)
        elif key.startswith(query) or core.startswith(query):
            found[i] = Match(index.codes[i], 1, 100.0)
        elif spaced in " " + key:
            found[i] = Match(index.codes[i], 2, 100.0)
    cutoff = 85.0 if len(query) <= 4 else 75.0
    choices = {i: index.cores[i] for i in candidates if i not in found}
    for _choice, score, i in process.extract(
        query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=MAX_MATCHES
    ):
        found[i] = Match(index.codes[i], 3, float(score))
    return found


def search(
    index: SearchIndex, query: str, *, level: int | None = None, within: str | None = None
) -> list[Match]:
    """Best matches first, at most ``MAX_MATCHES``; an empty query matches nothing."""
    text = query.strip()
    candidates = _candidates(index, level, within)
    if _CODE_QUERY.match(text):
        found = _code_matches(index, text, candidates)
    else:
        key = search_key(text)
        if not key:
            return []
        found = _name_matches(index, key, candidates)
    ranked = sorted(
        found.items(),
        key=lambda item: (
            item[1].tier,
            -item[1].score,
            index.levels[item[0]],
            -index.populations[item[0]],
            item[1].code,
        ),
    )
    return [match for _i, match in ranked[:MAX_MATCHES]]
