"""The search engine on a small hand-made index (no database)."""

from sinergi.regions.search import build_index, search
from sinergi.regions.text import search_key

ROWS = [
    ("32", "Jawa Barat", 1, 50_000_000),
    ("32.04", "Kabupaten Bandung", 2, 3_800_000),
    ("32.17", "Kabupaten Bandung Barat", 2, 1_800_000),
    ("32.73", "Kota Bandung", 2, 2_500_000),
    ("32.73.01", "Sukasari", 3, None),
    ("32.73.01.1001", "Bandung Kulon", 4, None),
    ("35", "Jawa Timur", 1, 41_000_000),
    ("35.78", "Kota Surabaya", 2, 3_000_000),
    ("35.78.01.1001", "Bandungan", 4, None),
    ("33.22", "Kabupaten Semarang", 2, 1_000_000),
]
INDEX = build_index((code, search_key(name), level, pop) for code, name, level, pop in ROWS)


def codes(query: str, **kwargs: object) -> list[str]:
    return [m.code for m in search(INDEX, query, **kwargs)]  # type: ignore[arg-type]


def test_exact_name_without_prefix_ranks_first_bigger_regions_before_smaller() -> None:
    assert codes("bandung")[:2] == ["32.04", "32.73"]


def test_a_typo_still_finds_bandung() -> None:
    found = codes("bandng")
    assert found[:2] == ["32.04", "32.73"]


def test_case_and_accents_are_ignored() -> None:
    assert codes("KOTA BANDÜNG")[0] == "32.73"


def test_prefix_matches_rank_before_word_matches_before_fuzzy() -> None:
    found = codes("bandung b")
    assert found[0] == "32.17"


def test_word_prefix_inside_a_name_matches() -> None:
    assert "32.73.01.1001" in codes("kulon")


def test_filters_by_level_and_subtree() -> None:
    assert codes("bandung", level=4) == ["32.73.01.1001", "35.78.01.1001"]
    assert codes("bandung", level=4, within="35") == ["35.78.01.1001"]


def test_codes_match_exactly_then_by_prefix() -> None:
    assert codes("32.73")[0] == "32.73"
    assert codes("3273") == ["32.73", "32.73.01", "32.73.01.1001"]


def test_nonsense_and_empty_queries_find_nothing() -> None:
    assert codes("zzqxv") == []
    assert codes("  ") == []
