from django.utils import translation

from sinergi.core.taxonomy import (
    FUNCTIONS,
    PPKS,
    PPKS_BY_KEY,
    PROGRAMMES,
    PSKS,
    SDGS,
    SENSITIVE_PPKS,
    choices,
)


def test_the_catalogues_are_complete_and_keys_unique() -> None:
    assert len(PPKS) == 26 and len(PPKS_BY_KEY) == 26
    assert len(PSKS) == 12 and len(SDGS) == 17 and len(FUNCTIONS) == 5
    assert {"PKH", "BPNT", "SEMBAKO", "RASTRA", "ATENSI", "KUBE"} <= {p.key for p in PROGRAMMES}


def test_health_criminal_record_child_and_disability_groups_are_sensitive() -> None:
    children = {g.key for g in PPKS if g.atensi_cluster == "anak"}
    assert children <= SENSITIVE_PPKS
    assert {"ODHA", "NAPZA", "BWBLP", "TS", "KMIN", "KTR", "PD"} <= SENSITIVE_PPKS
    assert not {"FM", "LUT", "KBA"} & SENSITIVE_PPKS


def test_labels_follow_the_active_language_with_official_names_verbatim() -> None:
    with translation.override("id"):
        assert PPKS_BY_KEY["LUT"].label == "Lanjut Usia Terlantar"
    with translation.override("en"):
        assert dict(choices(PPKS))["LUT"] == "Neglected elderly person"
