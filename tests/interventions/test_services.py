from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sinergi.core.models import AuditEvent
from sinergi.interventions.models import InterventionLocation
from sinergi.interventions.services import (
    LocationEntry,
    StaleVersion,
    intervention_create,
    intervention_update,
)
from sinergi.partners.models import Organisation
from tests.interventions.factories import data, intervention

pytestmark = pytest.mark.django_db


def test_a_province_wide_entry_does_not_double_count_its_own_regencies(
    mitra_a: Organisation,
) -> None:
    made = intervention(
        mitra_a,
        locations=[
            LocationEntry("32", 1000, 400),
            LocationEntry("32.73", 300, 100),
            LocationEntry("35.78", 50, 10),
        ],
    )
    assert (made.targeted, made.reached) == (1050, 410)


def test_a_breakdown_larger_than_its_region_is_refused(mitra_a: Organisation) -> None:
    with pytest.raises(ValidationError) as caught:
        intervention(
            mitra_a, locations=[LocationEntry("32", 100, 0), LocationEntry("32.73", 150, 0)]
        )
    assert "locations" in caught.value.message_dict


def test_every_problem_is_reported_at_once(mitra_a: Organisation) -> None:
    with pytest.raises(ValidationError) as caught:
        intervention(
            mitra_a,
            function="astrologi",
            programme="XYZ",
            target_groups=["NOPE"],
            start_date=date(2026, 5, 1),
            end_date=date(2026, 1, 1),
            locations=[LocationEntry("99.99", 1, 0)],
        )
    assert set(caught.value.message_dict) == {
        "function",
        "programme",
        "target_groups",
        "end_date",
        "locations",
    }


def test_split_mode_shares_one_total_by_population(mitra_a: Organisation) -> None:
    made = intervention(
        mitra_a,
        location_mode="split",
        targeted=1000,
        reached=0,
        locations=[LocationEntry("32.73"), LocationEntry("32.04")],
    )
    shares = dict(
        InterventionLocation.objects.filter(intervention=made).values_list("region_id", "targeted")
    )
    assert sum(shares.values()) == 1000 == made.targeted
    # Kabupaten Bandung (32.04) has more people than Kota Bandung (32.73).
    assert shares["32.04"] > shares["32.73"] > 0


def test_update_with_a_stale_version_is_a_conflict_and_changes_nothing(
    mitra_a: Organisation,
) -> None:
    made = intervention(mitra_a, title="Asli")
    first = intervention_update(
        actor=None, intervention=made, data=data(ref=made.ref, title="Edit 1"), version=1
    )
    assert first.version == 2
    with pytest.raises(StaleVersion) as caught:
        intervention_update(
            actor=None, intervention=made, data=data(ref=made.ref, title="Edit 2"), version=1
        )
    assert caught.value.current == 2
    made.refresh_from_db()
    assert made.title == "Edit 1"


def test_updates_are_audited_with_field_diffs(mitra_a: Organisation) -> None:
    made = intervention(mitra_a, title="Sebelum")
    intervention_update(
        actor=None,
        intervention=made,
        data=data(ref=made.ref, title="Sesudah", locations=[LocationEntry("32.73", 100, 90)]),
        version=made.version,
    )
    event = AuditEvent.objects.get(action="intervention.update", target_id=str(made.pk))
    assert event.changes["title"] == {"from": "Sebelum", "to": "Sesudah"}
    assert event.changes["reached"] == {"from": 40, "to": 90}


def test_an_unchanged_update_keeps_the_version(mitra_a: Organisation) -> None:
    made = intervention(mitra_a, ref="SAMA", title="Sama")
    again = intervention_update(
        actor=None, intervention=made, data=data(ref="SAMA", title="Sama"), version=1
    )
    assert again.version == 1


def test_refs_are_unique_per_organisation_only(
    mitra_a: Organisation, mitra_b: Organisation
) -> None:
    intervention(mitra_a, ref="R-1")
    intervention(mitra_b, ref="R-1")
    with pytest.raises(ValidationError):
        intervention_create(actor=None, organisation=mitra_a, data=data(ref="R-1"))
