import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinergi.regions.codes import (
    InvalidCodeError,
    Level,
    ancestors_of,
    compact,
    level_of,
    normalise_code,
    parent_of,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("32", "32"),
        ("32.73", "32.73"),
        ("3273", "32.73"),
        (" 327301 ", "32.73.01"),
        ("3273011001", "32.73.01.1001"),
        ("32.73.01.1001", "32.73.01.1001"),
    ],
)
def test_it_accepts_dotted_and_compact_codes(text: str, expected: str) -> None:
    assert normalise_code(text) == expected


@pytest.mark.parametrize("text", ["", "3", "327", "32.7", "32.73.01.100", "abc", "32-73", "32..73"])
def test_it_rejects_text_that_is_not_a_code(text: str) -> None:
    with pytest.raises(InvalidCodeError, match="not a Kemendagri code"):
        normalise_code(text)


segments = st.tuples(
    st.integers(10, 99), st.integers(1, 99), st.integers(1, 99), st.integers(1000, 3999)
)


@given(segments, st.integers(1, 4))
def test_compact_and_dotted_forms_round_trip(parts: tuple[int, int, int, int], depth: int) -> None:
    widths = (2, 2, 2, 4)
    dotted = ".".join(str(p).zfill(w) for p, w in zip(parts[:depth], widths, strict=False))
    assert normalise_code(compact(dotted)) == dotted
    assert level_of(dotted) == Level(depth)


def test_parents_and_ancestors_follow_the_code() -> None:
    assert parent_of("32.73.01.1001") == "32.73.01"
    assert parent_of("32") is None
    assert ancestors_of("32.73.01.1001") == ["32", "32.73", "32.73.01"]
    assert ancestors_of("32") == []
