import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from sinergi.core.models import AuditEvent, User
from sinergi.partners.agreement_services import (
    AgreementFields,
    PartyInput,
    agreement_create,
    agreement_expire_due,
    agreement_status_change,
    agreement_update,
    commitment_create,
    commitment_update,
    document_add,
    document_remove,
    progress_report_create,
)
from sinergi.partners.files import MAX_DOCUMENT_BYTES
from sinergi.partners.models import Agreement, AgreementDocument, Commitment, Organisation
from tests.dates import jakarta_moment
from tests.partners.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def history(agreement: Agreement) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(target_type="agreement", target_id=str(agreement.pk)).order_by(
            "id"
        )
    )


def mou(kemensos: Organisation, partner: Organisation, **extra: object) -> AgreementFields:
    fields = AgreementFields(
        kind="mou",
        number="01/MOU/2026",
        title="Nota Kesepahaman Pendampingan KUBE",
        signed_on=date(2026, 4, 2),
        valid_from=date(2026, 4, 2),
        valid_until=date(2028, 4, 1),
        parties=[
            PartyInput(kemensos.pk, "Hartono Laras", "Direktur Jenderal Pemberdayaan Sosial"),
            PartyInput(partner.pk, "Elza Syarief", "Ketua Umum"),
        ],
        functions=["pemberdayaan_sosial"],
        programmes=["KUBE"],
        target_groups=["FM"],
        regions=["3204", "32.05"],
    )
    fields.update(extra)  # type: ignore[typeddict-item]
    return fields


class TestAgreementCreate:
    def test_it_records_a_draft_with_signatories_as_written(
        self, nadia: User, kemensos: Organisation, mitra_a: Organisation
    ) -> None:
        agreement = agreement_create(actor=nadia, fields=mou(kemensos, mitra_a))
        assert agreement.status == "draft"
        parties = list(agreement.parties.all())
        assert [(p.organisation_id, p.signatory_name, p.signatory_title) for p in parties] == [
            (kemensos.pk, "Hartono Laras", "Direktur Jenderal Pemberdayaan Sosial"),
            (mitra_a.pk, "Elza Syarief", "Ketua Umum"),
        ]
        assert sorted(agreement.regions.values_list("code", flat=True)) == ["32.04", "32.05"]
        [event] = history(agreement)
        assert event.action == "agreement.create"
        assert event.changes["programmes"] == [None, ["KUBE"]]

    @pytest.mark.parametrize(
        ("parties", "message"),
        [
            ("one", "dua pihak"),  # "at least two parties"
            ("twice", "satu kali"),  # "each organisation signs once"
        ],
    )
    def test_it_needs_two_distinct_parties(
        self,
        nadia: User,
        kemensos: Organisation,
        mitra_a: Organisation,
        parties: str,
        message: str,
    ) -> None:
        chosen = {
            "one": [PartyInput(kemensos.pk)],
            "twice": [PartyInput(kemensos.pk), PartyInput(kemensos.pk)],
        }[parties]
        with pytest.raises(ValidationError) as caught:
            agreement_create(actor=nadia, fields=mou(kemensos, mitra_a, parties=chosen))
        assert message in caught.value.message_dict["parties"][0]
        assert Agreement.objects.count() == 0

    def test_it_reports_every_bad_field(
        self, nadia: User, kemensos: Organisation, mitra_a: Organisation
    ) -> None:
        fields = mou(
            kemensos,
            mitra_a,
            kind="treaty",
            valid_until=date(2020, 1, 1),
            functions=["magic"],
            regions=["99.99"],
        )
        with pytest.raises(ValidationError) as caught:
            agreement_create(actor=nadia, fields=fields)
        assert set(caught.value.message_dict) == {"kind", "valid_until", "functions", "regions"}

    def test_numbers_are_unique(
        self, nadia: User, kemensos: Organisation, mitra_a: Organisation
    ) -> None:
        agreement_create(actor=nadia, fields=mou(kemensos, mitra_a))
        with pytest.raises(ValidationError) as caught:
            agreement_create(actor=nadia, fields=mou(kemensos, mitra_a, title="Lain"))
        assert list(caught.value.message_dict) == ["number"]


class TestAgreementUpdate:
    def test_it_logs_the_changed_fields_only(
        self, nadia: User, kemensos: Organisation, mitra_a: Organisation
    ) -> None:
        agreement = agreement_create(actor=nadia, fields=mou(kemensos, mitra_a))
        changes = agreement_update(
            actor=nadia,
            agreement=agreement,
            fields={
                "valid_until": date(2029, 4, 1),
                "regions": ["32.04"],
                "title": agreement.title,
            },
        )
        assert changes == {
            "valid_until": ["2028-04-01", "2029-04-01"],
            "regions": [["32.04", "32.05"], ["32.04"]],
        }
        assert history(agreement)[-1].changes == changes

    def test_a_committed_party_cannot_be_dropped(
        self, nadia: User, agreement_a: Agreement, mitra_a: Organisation, mitra_b: Organisation
    ) -> None:
        CommitmentFactory.create(agreement=agreement_a, organisation=mitra_a)
        kemensos_id = agreement_a.parties.exclude(organisation=mitra_a).get().organisation_id
        with pytest.raises(ValidationError):
            agreement_update(
                actor=nadia,
                agreement=agreement_a,
                fields={"parties": [PartyInput(kemensos_id, "X"), PartyInput(mitra_b.pk, "Y")]},
            )


# ``mou`` is valid from 2 April 2026 to 1 April 2028: activating it is refused once that has
# passed, so the status tests run on a day inside the period.
IN_THE_MOU_PERIOD = jakarta_moment(date(2026, 6, 1))


class TestStatus:
    @time_machine.travel(IN_THE_MOU_PERIOD, tick=False)
    def test_activation_needs_the_signing_date_and_every_signatory(
        self, nadia: User, kemensos: Organisation, mitra_a: Organisation
    ) -> None:
        fields = mou(
            kemensos,
            mitra_a,
            signed_on=None,
            parties=[PartyInput(kemensos.pk, "Hartono Laras"), PartyInput(mitra_a.pk, "")],
        )
        agreement = agreement_create(actor=nadia, fields=fields)
        with pytest.raises(ValidationError) as caught:
            agreement_status_change(actor=nadia, agreement=agreement, status="active")
        assert set(caught.value.message_dict) == {"signed_on", "parties"}

    @time_machine.travel(IN_THE_MOU_PERIOD, tick=False)
    def test_the_lifecycle_is_logged_and_dead_ends_are_refused(
        self, nadia: User, kemensos: Organisation, mitra_a: Organisation
    ) -> None:
        agreement = agreement_create(actor=nadia, fields=mou(kemensos, mitra_a))
        agreement_status_change(actor=nadia, agreement=agreement, status="active")
        with pytest.raises(ValidationError):
            agreement_status_change(actor=nadia, agreement=agreement, status="terminated")
        agreement_status_change(
            actor=nadia, agreement=agreement, status="terminated", reason="Mitra bubar"
        )
        with pytest.raises(ValidationError):
            agreement_status_change(actor=nadia, agreement=agreement, status="active")
        agreement.refresh_from_db()
        assert agreement.end_reason == "Mitra bubar"
        assert agreement.ended_on == timezone.localdate()
        assert [e.changes.get("status") for e in history(agreement)[1:]] == [
            ["draft", "active"],
            ["active", "terminated"],
        ]

    def test_ended_agreements_expire(self, agreement_a: Agreement) -> None:
        last_day = agreement_a.valid_until
        assert last_day is not None
        assert agreement_expire_due(today=last_day) == []
        assert agreement_expire_due(today=last_day + timedelta(days=1)) == [agreement_a]
        agreement_a.refresh_from_db()
        assert agreement_a.status == "expired" and agreement_a.ended_on == agreement_a.valid_until
        assert history(agreement_a)[-1].actor is None  # done by the system


class TestCommitments:
    def test_a_commitment_is_checked_and_logged(
        self, nadia: User, agreement_a: Agreement, mitra_a: Organisation, mitra_b: Organisation
    ) -> None:
        commitment = commitment_create(
            actor=nadia,
            agreement=agreement_a,
            fields={
                "description": "Mendampingi 100 KUBE di 5 kabupaten",
                "metric": "kube_mentored",
                "target": "100",
                "deadline": date(2026, 12, 31),
                "region": "32",
                "organisation_id": mitra_a.pk,
            },
        )
        assert commitment.target == Decimal("100.00") and commitment.region_id == "32"
        with pytest.raises(ValidationError) as caught:
            commitment_create(
                actor=nadia,
                agreement=agreement_a,
                fields={
                    "description": "x",
                    "metric": "happiness",
                    "target": 0,
                    "deadline": date(2026, 12, 31),
                    "organisation_id": mitra_b.pk,
                },
            )
        assert set(caught.value.message_dict) == {"metric", "target", "organisation_id"}
        changes = commitment_update(actor=nadia, commitment=commitment, fields={"target": 120})
        assert changes["target"] == ["100.00", "120.00"]
        assert [e.action for e in history(agreement_a)] == [
            "agreement.commitment_add",
            "agreement.commitment_update",
        ]

    def test_progress_is_cumulative_and_not_in_the_future(
        self, nadia: User, agreement_a: Agreement
    ) -> None:
        commitment: Commitment = CommitmentFactory.create(agreement=agreement_a)
        today = timezone.localdate()
        report = progress_report_create(
            actor=nadia, commitment=commitment, value=40, as_of=today, note="Triwulan 1"
        )
        assert report.value == Decimal(40)
        with pytest.raises(ValidationError) as caught:
            progress_report_create(
                actor=nadia, commitment=commitment, value=-1, as_of=today + timedelta(days=1)
            )
        assert set(caught.value.message_dict) == {"value", "as_of"}
        assert history(agreement_a)[-1].changes["value"] == [None, "40.00"]

    def test_no_progress_on_a_draft(self, nadia: User, agreement_a: Agreement) -> None:
        agreement_a.status = "draft"
        agreement_a.save()
        commitment: Commitment = CommitmentFactory.create(agreement=agreement_a)
        with pytest.raises(ValidationError):
            progress_report_create(
                actor=nadia, commitment=commitment, value=1, as_of=timezone.localdate()
            )


class TestDocuments:
    def test_a_pdf_is_stored_privately_with_its_checksum(
        self, nadia: User, agreement_a: Agreement, private_files: Path
    ) -> None:
        document = document_add(
            actor=nadia,
            agreement=agreement_a,
            file=io.BytesIO(PDF),
            filename="MoU bertanda tangan.pdf",
        )
        assert document.title == "MoU bertanda tangan.pdf" and document.size == len(PDF)
        stored = private_files / (document.file.name or "")
        assert stored.read_bytes() == PDF
        assert history(agreement_a)[-1].changes["sha256"][1] == document.sha256
        with pytest.raises(ValueError, match="no URL"):
            document.file.url  # noqa: B018
        document_id = document.pk
        document_remove(actor=nadia, document=document)
        assert not AgreementDocument.objects.exists()
        assert history(agreement_a)[-1].changes == {"document": [document_id, None]}

    @pytest.mark.parametrize(
        ("content", "name"),
        [
            (b"MZ\x90\x00 an executable", "kontrak.pdf"),  # right name, wrong content
            (PDF, "kontrak.exe"),  # right content, wrong name
            (b"%PDF-1.7 truncated without an end marker", "kontrak.pdf"),
            (b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES + b"%%EOF", "besar.pdf"),
        ],
    )
    def test_anything_but_a_whole_pdf_under_the_limit_is_refused(
        self, nadia: User, agreement_a: Agreement, content: bytes, name: str
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            document_add(
                actor=nadia, agreement=agreement_a, file=io.BytesIO(content), filename=name
            )
        assert "file" in caught.value.message_dict
        assert not AgreementDocument.objects.exists()
