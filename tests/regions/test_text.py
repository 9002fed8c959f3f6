import pytest

from sinergi.regions.text import core_name, search_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Kota Bandung", "kota bandung"),
        ("KAB. Aceh  Selatan", "kab aceh selatan"),
        ("Sérang", "serang"),
        ("Pulau-Pulau Batu", "pulau pulau batu"),
        ("  ", ""),
    ],
)
def test_search_key_folds_case_accents_and_punctuation(name: str, key: str) -> None:
    assert search_key(name) == key


def test_core_name_drops_administrative_prefixes() -> None:
    assert core_name("kota bandung") == "bandung"
    assert core_name("kabupaten bandung barat") == "bandung barat"
    assert core_name("kotabaru") == "kotabaru"
