"""One small world for the persona matrices: Mitra A (Bandung) with its team, Mitra B
(Surabaya), the ministry, an active agreement between the ministry and Mitra A with a
commitment, a document, a contact and a pending invitation."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sinergi.core.models import User
from sinergi.partners.agreement_services import document_add
from sinergi.partners.models import (
    Agreement,
    AgreementDocument,
    Commitment,
    Invitation,
    Organisation,
    OrganisationContact,
)
from sinergi.partners.selectors import token_hash
from tests.partners.factories import CommitmentFactory

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PERSONAS = ("nadia", "rahmat", "citra", "alice", "bob", "vera", "charlie", "anonymous")


@dataclass
class World:
    mitra_a: Organisation
    mitra_b: Organisation
    kemensos: Organisation
    agreement: Agreement
    commitment: Commitment
    document: AgreementDocument
    contact: OrganisationContact
    invitation: Invitation
    users: dict[str, User | None]


def build_world(
    request: pytest.FixtureRequest,
    mitra_a: Organisation,
    mitra_b: Organisation,
    kemensos: Organisation,
    agreement_a: Agreement,
) -> World:
    users: dict[str, User | None] = {
        name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"
    }
    users["anonymous"] = None
    commitment: Commitment = CommitmentFactory.create(
        agreement=agreement_a, organisation=mitra_a, target=Decimal(100), deadline=date(2027, 6, 30)
    )
    document = document_add(
        actor=None, agreement=agreement_a, file=io.BytesIO(PDF), filename="pks.pdf"
    )
    contact = OrganisationContact.objects.create(organisation=mitra_a, name="Siti", email="s@x.id")
    invitation = Invitation.objects.create(
        organisation=mitra_a,
        email="calon@example.org",
        role="partner_viewer",
        token_hash=token_hash("token-for-tests"),
        expires_at=timezone.now() + timedelta(days=3),
    )
    return World(
        mitra_a, mitra_b, kemensos, agreement_a, commitment, document, contact, invitation, users
    )
