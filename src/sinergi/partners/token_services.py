"""Writes for an organisation's API tokens (the model and the bearer check are in
``core.tokens``: core sits below partners, as for role assignments, decision 0006/0007).

Who may call these is decided by the caller through ``get_organisation_private_for_user``
with ``manage_team`` (partner admins and national admins); a token itself acts as an editor
and so can never create or revoke tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.models import ApiToken, User
from sinergi.core.services import audit_record
from sinergi.core.tokens import token_digest, token_secret_new
from sinergi.partners.models import Organisation

MAX_ACTIVE_TOKENS = 20


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _audit(actor: User, organisation: Organisation, action: str, token: ApiToken) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type="organisation",
        target_id=str(organisation.pk),
        changes={"api_token": token.pk, "name": token.name, "prefix": token.prefix},
    )


@transaction.atomic
def organisation_token_create(*, actor: User, organisation: Organisation, name: str) -> NewToken:
    """Make a token for the organisation's own systems. The secret is returned once; only
    its SHA-256 is kept."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError({"name": _("Name the token (at most 100 characters).")})
    if organisation.archived_at is not None:
        raise ValidationError({"name": _("An archived organisation gets no new tokens.")})
    active = ApiToken.objects.filter(organisation_id=organisation.pk, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {
                "name": _("Revoke an unused token first (at most %(n)s active).")
                % {"n": MAX_ACTIVE_TOKENS}
            }
        )
    secret = token_secret_new()
    token = ApiToken.objects.create(
        organisation_id=organisation.pk,
        name=name,
        prefix=secret[:10],
        digest=token_digest(secret),
        created_by=actor,
    )
    _audit(actor, organisation, "organisation.api_token_create", token)
    return NewToken(token=token, secret=secret)


@transaction.atomic
def organisation_token_revoke(*, actor: User, organisation: Organisation, token: ApiToken) -> None:
    """Revoke at once: the next request with it is a 401. Revoking twice changes nothing."""
    if token.organisation_id != organisation.pk:
        raise ValidationError({"token": _("This token is another organisation's.")})
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _audit(actor, organisation, "organisation.api_token_revoke", token)
