"""Services for the results framework: changing an indicator, removing a tracked one,
making an organisation's own indicator from an intervention."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sinergi.core.models import AuditEvent, User
from sinergi.interventions.indicator_services import (
    indicator_update,
    intervention_custom_indicator_add,
    intervention_indicator_remove,
)
from sinergi.interventions.models import Indicator, InterventionIndicator
from sinergi.interventions.report_services import ValueEntry, report_create, report_update
from sinergi.interventions.services import indicator_create
from sinergi.partners.models import Organisation
from tests.interventions.factories import intervention, library_indicator, tracked

pytestmark = pytest.mark.django_db


class TestIndicatorUpdate:
    def test_it_changes_the_fields_and_audits_old_and_new(self, nadia: User) -> None:
        indicator = library_indicator()
        indicator_update(
            actor=nadia,
            indicator=indicator,
            changes={"name": "Nama baru", "sdgs": ["SDG3", "SDG1", "SDG3"]},
        )
        indicator.refresh_from_db()
        assert indicator.name == "Nama baru" and indicator.sdgs == ["SDG1", "SDG3"]
        event = AuditEvent.objects.get(action="indicator.update")
        assert event.changes["name"] == {
            "from": "Penerima manfaat yang direhabilitasi",
            "to": "Nama baru",
        }
        assert "sdgs" not in event.changes or event.changes["sdgs"]["to"] == ["SDG1", "SDG3"]

    def test_it_refuses_unknown_keys_and_the_code(self, nadia: User) -> None:
        indicator = library_indicator()
        with pytest.raises(ValidationError) as refused:
            indicator_update(actor=nadia, indicator=indicator, changes={"code": "X-01"})
        assert set(refused.value.message_dict) == {"code"}
        with pytest.raises(ValidationError) as refused:
            indicator_update(
                actor=nadia, indicator=indicator, changes={"function": "bukan", "sdgs": ["SDG99"]}
            )
        assert set(refused.value.message_dict) == {"function", "sdgs"}
        indicator.refresh_from_db()
        assert indicator.code == "RS-01" and indicator.function == "rehabilitasi_sosial"

    def test_it_refuses_a_second_counting_indicator_in_an_intervention(
        self, nadia: User, mitra_a: Organisation
    ) -> None:
        counting = indicator_create(
            actor=None, code="A-01", name="Orang", unit="orang", counts_reached=True
        )
        other = library_indicator("B-01")
        work = intervention(mitra_a)
        tracked(work, counting)
        tracked(work, other)
        with pytest.raises(ValidationError) as refused:
            indicator_update(actor=nadia, indicator=other, changes={"counts_reached": True})
        assert "counts_reached" in refused.value.message_dict
        assert not Indicator.objects.get(pk=other.pk).counts_reached


class TestInterventionIndicatorRemove:
    def test_it_removes_an_indicator_without_values_and_audits(
        self, alice: User, mitra_a: Organisation
    ) -> None:
        work = intervention(mitra_a)
        followed = tracked(work, library_indicator())
        intervention_indicator_remove(actor=alice, tracked=followed)
        assert not InterventionIndicator.objects.filter(pk=followed.pk).exists()
        assert Indicator.objects.filter(code="RS-01").exists()  # the library keeps it
        event = AuditEvent.objects.get(action="intervention.indicator_remove")
        assert event.target_id == str(work.pk) and event.changes == {"indicator": "RS-01"}

    def test_it_keeps_an_indicator_with_a_draft_value(
        self, alice: User, mitra_a: Organisation
    ) -> None:
        work = intervention(mitra_a)
        followed = tracked(work, library_indicator())
        report = report_create(actor=alice, intervention=work, period="2026-Q1")
        report_update(
            actor=alice,
            report=report,
            narrative="",
            values={followed.pk: ValueEntry(Decimal(3))},
            version=report.version,
        )
        with pytest.raises(ValidationError):
            intervention_indicator_remove(actor=alice, tracked=followed)
        assert InterventionIndicator.objects.filter(pk=followed.pk).exists()


class TestInterventionCustomIndicatorAdd:
    def test_it_makes_the_organisations_indicator_with_a_generated_code(
        self, alice: User, mitra_a: Organisation
    ) -> None:
        work = intervention(mitra_a)
        first = intervention_custom_indicator_add(
            actor=alice,
            intervention=work,
            name="Sumur bor",
            unit="unit",
            baseline=Decimal(0),
            target=Decimal(4),
        )
        second = intervention_custom_indicator_add(
            actor=alice,
            intervention=intervention(mitra_a),
            name="Jamban",
            unit="unit",
            baseline=Decimal(0),
            target=Decimal(4),
        )
        assert first.indicator.organisation_id == mitra_a.pk
        assert first.indicator.code == f"M{mitra_a.pk}-001"
        assert second.indicator.code == f"M{mitra_a.pk}-002"

    def test_a_refused_target_leaves_no_orphan_indicator(
        self, alice: User, mitra_a: Organisation
    ) -> None:
        work = intervention(mitra_a)
        with pytest.raises(ValidationError):
            intervention_custom_indicator_add(
                actor=alice,
                intervention=work,
                name="Sumur bor",
                unit="unit",
                baseline=Decimal(0),
                target=Decimal(4),
                targets={"2026-Q5": Decimal(1)},
            )
        assert not Indicator.objects.filter(organisation=mitra_a).exists()
