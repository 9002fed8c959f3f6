"""Writes for organisations and their teams. Agreement writes live in ``agreement_services``.

Every write runs in a transaction and appends an audit event on the organisation
(``target_type="organisation"``) whose ``changes`` hold field diffs as ``{field: [old, new]}``,
so the organisation's history shows who changed what and when. Personal data (contact
people, invited email addresses) is never copied into the audit log: it records ids instead.
Callers check permissions with ``partners.access`` first.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import IO, Any, NamedTuple, TypedDict

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.models import PARTNER_ROLES, Role, RoleAssignment, User
from sinergi.core.services import audit_record, role_assign, user_create
from sinergi.core.text import search_key
from sinergi.partners import cleaning
from sinergi.partners.files import logo_prepare
from sinergi.partners.mail import MailNotSent, mail_send
from sinergi.partners.models import (
    COMPANY_TYPES,
    BudgetBand,
    FocusKind,
    FootprintKind,
    Invitation,
    Organisation,
    OrganisationContact,
    OrganisationFocus,
    OrganisationFootprint,
    OrganisationType,
)
from sinergi.partners.selectors import account_exists, token_hash
from sinergi.regions.codes import normalise_code

INVITATION_DAYS = 14
# Changing any of these by someone who may not verify withdraws the verification.
IDENTITY_FIELDS = ("name", "type", "nib", "npwp", "ahu_number", "home_region")
SCALAR_FIELDS = (
    "name",
    "short_name",
    "type",
    "psks",
    "nib",
    "npwp",
    "ahu_number",
    "tjsl_mandatory",
    "description",
    "website",
    "email",
    "phone",
    "address",
    "home_region",
    "nationwide",
    "budget_band",
    "active_since",
)
FOCUS_FIELDS = {
    "sectors": FocusKind.SECTOR,
    "target_groups": FocusKind.TARGET_GROUP,
    "sdgs": FocusKind.SDG,
}


class FootprintEntry(NamedTuple):
    region: str  # a Kemendagri code, dotted or compact
    kind: str = FootprintKind.OPERATES


class OrganisationFields(TypedDict, total=False):
    """What a create or update may set; an update changes only the keys present."""

    name: str
    short_name: str
    type: str
    psks: str
    nib: str
    npwp: str
    ahu_number: str
    tjsl_mandatory: bool
    description: str
    website: str
    email: str
    phone: str
    address: str
    home_region: str | None  # region code
    nationwide: bool
    budget_band: str
    active_since: int | None
    sectors: Sequence[str]
    target_groups: Sequence[str]
    sdgs: Sequence[str]
    footprint: Sequence[FootprintEntry]


def _checks() -> dict[str, cleaning.Check]:
    """One check per organisation field (see ``cleaning``)."""
    return {
        "name": cleaning.text_check("name", 200, required=True),
        "short_name": cleaning.text_check("short_name", 50),
        "ahu_number": cleaning.text_check("ahu_number", 100),
        "address": cleaning.text_check("address", 300),
        "description": cleaning.text_check("description", 5000),
        "nib": lambda v: cleaning.digits(str(v or ""), field="nib", lengths=(13,), label="NIB"),
        "npwp": lambda v: cleaning.digits(
            str(v or ""), field="npwp", lengths=(15, 16), label="NPWP"
        ),
        "email": lambda v: cleaning.email(str(v or "")),
        "website": lambda v: cleaning.website(str(v or "")),
        "phone": lambda v: cleaning.phone(str(v or "")),
        "active_since": cleaning.year,
        "type": cleaning.choice_check("type", OrganisationType.values),
        "budget_band": cleaning.choice_check("budget_band", BudgetBand.values, blank=True),
        "psks": cleaning.choice_check("psks", cleaning.PSKS_KEYS, blank=True),
        "tjsl_mandatory": bool,
        "nationwide": bool,
        "home_region": cleaning.region_check("home_region"),
        "sectors": cleaning.keys_check("sectors", cleaning.SECTOR_KEYS),
        "target_groups": cleaning.keys_check("target_groups", cleaning.TARGET_GROUP_KEYS),
        "sdgs": cleaning.keys_check("sdgs", cleaning.SDG_KEYS),
        "footprint": _clean_footprint,
    }


def organisation_clean(fields: OrganisationFields, *, partial: bool) -> dict[str, Any]:
    """Normalised values for the keys in ``fields`` (all required ones unless ``partial``),
    or one ValidationError naming every bad field."""
    errors = cleaning.Errors()
    if not partial:
        cleaning.require(fields, ("name", "type"), errors)
    clean = cleaning.run_checks(fields, _checks(), errors)
    errors.raise_if_any()
    return clean


def _clean_footprint(entries: Sequence[FootprintEntry]) -> list[tuple[str, str]]:
    pairs = [FootprintEntry(*entry) for entry in entries if FootprintEntry(*entry).region.strip()]
    if any(pair.kind not in FootprintKind.values for pair in pairs):
        raise ValidationError({"footprint": _("Choose one of the listed values.")})
    cleaning.region_codes([pair.region for pair in pairs], field="footprint")
    by_code: dict[str, str] = {}
    for pair in pairs:
        code = normalise_code(pair.region)
        # Ring 1 wins when a region is listed both ways: the obligation is the stronger fact.
        if by_code.get(code) != FootprintKind.RING_1:
            by_code[code] = pair.kind
    return sorted(by_code.items())


def _check_unique(clean: dict[str, Any], *, exclude: int | None) -> None:
    others = Organisation.objects.exclude(pk=exclude) if exclude else Organisation.objects.all()
    errors = cleaning.Errors()
    if "name" in clean and others.filter(name_key=search_key(clean["name"])).exists():
        errors.add("name", _("An organisation with this name is already registered."))
    for field in ("nib", "npwp", "ahu_number"):
        if clean.get(field) and others.filter(**{field: clean[field]}).exists():
            errors.add(field, _("Another organisation already has this identifier."))
    errors.raise_if_any()


def organisation_snapshot(organisation: Organisation) -> dict[str, Any]:
    """The fields history compares, as JSON values."""
    snapshot: dict[str, Any] = {
        field: getattr(organisation, field) for field in SCALAR_FIELDS if field != "home_region"
    }
    snapshot["home_region"] = organisation.home_region_id
    focus = list(OrganisationFocus.objects.filter(organisation=organisation))
    for field, kind in FOCUS_FIELDS.items():
        snapshot[field] = sorted(f.key for f in focus if f.kind == kind)
    snapshot["footprint"] = [
        f"{code}:{kind}"
        for code, kind in OrganisationFootprint.objects.filter(organisation=organisation)
        .order_by("region_id")
        .values_list("region_id", "kind")
    ]
    return snapshot


def field_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def _apply(organisation: Organisation, clean: dict[str, Any]) -> None:
    for field in SCALAR_FIELDS:
        if field == "home_region" and field in clean:
            organisation.home_region_id = clean[field]
        elif field in clean:
            setattr(organisation, field, clean[field])
    if "name" in clean:
        organisation.name_key = search_key(clean["name"])
    organisation.save()
    for field, kind in FOCUS_FIELDS.items():
        if field in clean:
            OrganisationFocus.objects.filter(organisation=organisation, kind=kind).delete()
            OrganisationFocus.objects.bulk_create(
                OrganisationFocus(organisation=organisation, kind=kind, key=key)
                for key in clean[field]
            )
    if "footprint" in clean:
        OrganisationFootprint.objects.filter(organisation=organisation).delete()
        OrganisationFootprint.objects.bulk_create(
            OrganisationFootprint(organisation=organisation, region_id=code, kind=kind)
            for code, kind in clean["footprint"]
        )


def _default_psks(clean: dict[str, Any]) -> None:
    """Companies are the PSKS "Dunia Usaha", NGOs "LKS", unless said otherwise."""
    if not clean.get("psks"):
        if clean.get("type") in COMPANY_TYPES:
            clean["psks"] = "DUNIA_USAHA"
        elif clean.get("type") == OrganisationType.NGO:
            clean["psks"] = "LKS"


def _audit(actor: User | None, organisation: Organisation, action: str, changes: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type="organisation",
        target_id=str(organisation.pk),
        changes=changes,
    )


@transaction.atomic
def organisation_create(*, actor: User | None, fields: OrganisationFields) -> Organisation:
    """Register an organisation. Name and legal identifiers are unique (folded name), so the
    same organisation is never registered twice; it starts unverified."""
    clean = organisation_clean(fields, partial=False)
    _default_psks(clean)
    _check_unique(clean, exclude=None)
    organisation = Organisation()
    _apply(organisation, clean)
    empty = dict.fromkeys(organisation_snapshot(organisation))
    changes = {
        key: value
        for key, value in field_diff(empty, organisation_snapshot(organisation)).items()
        if value[1] not in ("", [], False, None)
    }
    _audit(actor, organisation, "organisation.create", changes)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: User | None,
    organisation: Organisation,
    fields: OrganisationFields,
    may_verify: bool,
) -> dict[str, list[Any]]:
    """Change the given fields; returns the diff (empty: nothing changed, nothing logged).

    A change to the name, type, legal identifiers or registered region by someone who may
    not verify withdraws the verification: it vouched for the old identity."""
    clean = organisation_clean(fields, partial=True)
    _check_unique(clean, exclude=organisation.pk)
    before = organisation_snapshot(organisation)
    _apply(organisation, clean)
    changes = field_diff(before, organisation_snapshot(organisation))
    if organisation.verified_at and not may_verify and set(changes) & set(IDENTITY_FIELDS):
        organisation.verified_at = None
        organisation.verified_by = None
        organisation.save(update_fields=["verified_at", "verified_by"])
        changes["verified"] = [True, False]
    if changes:
        _audit(actor, organisation, "organisation.update", changes)
    return changes


@transaction.atomic
def organisation_verify(*, actor: User, organisation: Organisation, verified: bool) -> None:
    """Mark the organisation as checked (or withdraw it). Idempotent."""
    if organisation.is_verified == verified:
        return
    organisation.verified_at = timezone.now() if verified else None
    organisation.verified_by = actor if verified else None
    organisation.save(update_fields=["verified_at", "verified_by", "updated_at"])
    _audit(actor, organisation, "organisation.verify", {"verified": [not verified, verified]})


@transaction.atomic
def organisation_archive(*, actor: User, organisation: Organisation) -> None:
    """Hide the organisation everywhere but keep its row, so role assignments, agreements and
    history that point at its id stay valid. Idempotent."""
    if organisation.archived_at is not None:
        return
    organisation.archived_at = timezone.now()
    organisation.save(update_fields=["archived_at", "updated_at"])
    _audit(actor, organisation, "organisation.archive", {"archived": [False, True]})


@transaction.atomic
def organisation_logo_set(
    *, actor: User | None, organisation: Organisation, file: IO[bytes]
) -> None:
    """Store a validated, resized PNG as the logo (replacing any previous one)."""
    checked = logo_prepare(file)
    old = organisation.logo.name or ""
    name = f"logos/organisation-{organisation.pk}-{checked.sha256[:12]}.png"
    if name != old:
        storage = organisation.logo.storage
        saved = storage.save(name, ContentFile(checked.content))
        organisation.logo.name = saved
        organisation.save(update_fields=["logo", "updated_at"])
        if old:
            transaction.on_commit(lambda: storage.delete(old))
        _audit(actor, organisation, "organisation.logo", {"logo": [old or None, saved]})


@transaction.atomic
def organisation_logo_remove(*, actor: User | None, organisation: Organisation) -> None:
    if not organisation.logo:
        return
    old, storage = organisation.logo.name or "", organisation.logo.storage
    organisation.logo.name = ""
    organisation.save(update_fields=["logo", "updated_at"])
    transaction.on_commit(lambda: storage.delete(old))
    _audit(actor, organisation, "organisation.logo", {"logo": [old, None]})


@transaction.atomic
def organisation_contact_add(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
) -> OrganisationContact:
    errors = cleaning.Errors()
    values: dict[str, str] = {}
    for field, value, check in (
        ("name", name, lambda v: cleaning.text(v, field="name", max_length=200, required=True)),
        ("position", position, lambda v: cleaning.text(v, field="position", max_length=200)),
        ("email", email, cleaning.email),
        ("phone", phone, cleaning.phone),
    ):
        try:
            values[field] = check(value)
        except ValidationError as error:
            errors.capture(field, error)
    errors.raise_if_any()
    contact = OrganisationContact.objects.create(organisation=organisation, **values)
    _audit(actor, organisation, "organisation.contact_add", {"contact": [None, contact.pk]})
    return contact


@transaction.atomic
def organisation_contact_remove(*, actor: User | None, contact: OrganisationContact) -> None:
    organisation, contact_id = contact.organisation, contact.pk
    contact.delete()
    _audit(actor, organisation, "organisation.contact_remove", {"contact": [contact_id, None]})


# Team ---------------------------------------------------------------------------------------


def _partner_role(role: str) -> Role:
    if role not in PARTNER_ROLES:
        raise ValidationError({"role": _("Choose partner admin, editor or viewer.")})
    return Role(role)


def _memberships(organisation: Organisation, user: User) -> Any:
    return RoleAssignment.objects.filter(
        organisation_id=organisation.pk, user=user, role__in=PARTNER_ROLES
    )


@transaction.atomic
def invitation_create(
    *,
    actor: User | None,
    organisation: Organisation,
    email: str,
    role: str,
    link_base: str,
) -> Invitation:
    """Invite someone by email to act for the organisation. The email carries a one-time link
    (valid 14 days); only its hash is stored. A new invitation to the same address replaces
    any pending one. If the email cannot be sent nothing is saved."""
    address = cleaning.email(email)
    if not address:
        raise ValidationError({"email": _("Enter a valid email address.")})
    partner_role = _partner_role(role)
    if RoleAssignment.objects.filter(
        organisation_id=organisation.pk, role__in=PARTNER_ROLES, user__email__iexact=address
    ).exists():
        raise ValidationError({"email": _("Someone with this email is already in the team.")})
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email=address, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=address,
        role=partner_role,
        token_hash=token_hash(token),
        invited_by=actor,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    _audit(
        actor,
        organisation,
        "organisation.invite",
        {"invitation": [None, invitation.pk], "role": [None, str(partner_role)]},
    )
    link = link_base.rstrip("/") + reverse("partners:invitation-accept", args=[token])
    try:
        mail_send(
            to=[address],
            template="invitation",
            context={
                "organisation": organisation,
                "role": Role(partner_role).label,
                "inviter": actor.display_name() if actor else "Sinergi",
                "link": link,
                "days": INVITATION_DAYS,
            },
        )
    except MailNotSent:
        raise ValidationError(
            {"email": _("The invitation email could not be sent; try again later.")}
        ) from None
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: User | None, invitation: Invitation) -> None:
    if invitation.revoked_at is not None or invitation.accepted_at is not None:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _audit(
        actor,
        invitation.organisation,
        "organisation.invitation_revoke",
        {"invitation": [invitation.pk, None]},
    )


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    username: str = "",
    full_name: str = "",
    password: str = "",
) -> User:
    """Join the organisation: as the signed-in ``user``, or as a new account (with the
    invited email address) whose password Django's validators check. One use only."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at or locked.revoked_at or locked.expires_at <= timezone.now():
        raise ValidationError({"invitation": _("This invitation is no longer valid.")})
    if user is None:
        if account_exists(email=locked.email):
            raise ValidationError(
                {"username": _("An account with this email exists: sign in first, then accept.")}
            )
        username = cleaning.text(username, field="username", max_length=150, required=True)
        full_name = cleaning.text(full_name, field="full_name", max_length=200)
        try:
            validate_password(password, User(username=username, email=locked.email))
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
        user = user_create(
            username=username, password=password, email=locked.email, full_name=full_name
        )
    role = Role(locked.role)
    previous = list(_memberships(locked.organisation, user).values_list("role", flat=True))
    _memberships(locked.organisation, user).exclude(role=role).delete()
    role_assign(
        user=user, role=role, organisation_id=locked.organisation_id, assigned_by=locked.invited_by
    )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    _audit(
        user,
        locked.organisation,
        "organisation.member_join",
        {"member": [None, user.pk], "role": [previous[0] if previous else None, str(role)]},
    )
    return user


def _remaining_admins(organisation: Organisation, without: User) -> int:
    return (
        RoleAssignment.objects.filter(organisation_id=organisation.pk, role=Role.PARTNER_ADMIN)
        .exclude(user=without)
        .count()
    )


@transaction.atomic
def member_role_change(
    *, actor: User | None, organisation: Organisation, member: User, role: str
) -> None:
    """Give a team member another partner role. The last partner admin keeps the role, so
    the organisation is never left without someone to manage its team."""
    new_role = _partner_role(role)
    current = list(_memberships(organisation, member).values_list("role", flat=True))
    if not current:
        raise ValidationError({"member": _("This person is not in the team.")})
    if current == [new_role]:
        return
    if Role.PARTNER_ADMIN in current and new_role != Role.PARTNER_ADMIN:
        _require_another_admin(organisation, member)
    _memberships(organisation, member).delete()
    role_assign(user=member, role=new_role, organisation_id=organisation.pk, assigned_by=actor)
    _audit(
        actor,
        organisation,
        "organisation.member_role",
        {"member": [member.pk, member.pk], "role": [current[0], str(new_role)]},
    )


@transaction.atomic
def member_remove(*, actor: User | None, organisation: Organisation, member: User) -> None:
    current = list(_memberships(organisation, member).values_list("role", flat=True))
    if not current:
        return
    if Role.PARTNER_ADMIN in current:
        _require_another_admin(organisation, member)
    _memberships(organisation, member).delete()
    _audit(
        actor,
        organisation,
        "organisation.member_remove",
        {"member": [member.pk, None], "role": [current[0], None]},
    )


def _require_another_admin(organisation: Organisation, member: User) -> None:
    if _remaining_admins(organisation, member) == 0:
        raise ValidationError(
            {"role": _("The team needs at least one partner admin: appoint another first.")}
        )
