"""Writes for KUBE market linkage: products and photos, buyers, inquiries and orders, and the
monthly ledger. Every write is audited (no personal data in the audit log).

Revenue booking: an order's revenue is booked when it is **delivered** (accrual: the group has
earned it), in the month of the delivery date, as one ``OrderRevenue`` line tied to the order.
Payment later changes nothing in the ledger. The unique order column on ``OrderRevenue`` means
an order can never be booked twice, and delivered or paid orders cannot be cancelled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.calendar import month_start
from sinergi.core.models import Role, User
from sinergi.core.services import audit_record, role_assign, user_create
from sinergi.core.text import search_key
from sinergi.kube.engines.orders import Party, next_status
from sinergi.kube.models import (
    MAX_PRODUCT_PHOTOS,
    BusinessCategory,
    Buyer,
    BuyerType,
    Group,
    LedgerMonth,
    Order,
    OrderEvent,
    OrderRevenue,
    OrderStatus,
    Product,
    ProductPhoto,
)
from sinergi.partners.files import MAX_LOGO_BYTES, image_prepare
from sinergi.regions.models import Region

PHOTO_SIZE = 800
MAX_MONEY = Decimal("999999999999")


def _audit(
    actor: User | None, action: str, kind: str, pk: int, changes: Mapping[str, object]
) -> None:
    audit_record(
        actor=actor, action=action, target_type=kind, target_id=str(pk), changes=dict(changes)
    )


def _product_check(*, name: str, category: str, unit: str, price: Decimal, capacity: int) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("A name is required.")
    if category not in BusinessCategory.values:
        errors["category"] = _("Unknown business type.")
    if not unit.strip():
        errors["unit"] = _("Give the unit the price is for (e.g. kg, pack).")
    if not 0 < price <= MAX_MONEY:
        errors["price"] = _("The price must be positive.")
    if capacity < 0:
        errors["monthly_capacity"] = _("The capacity cannot be negative.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def product_create(
    *,
    actor: User | None,
    group: Group,
    name: str,
    category: str,
    unit: str,
    price: Decimal,
    monthly_capacity: int,
    description: str = "",
    active: bool = True,
) -> Product:
    _product_check(name=name, category=category, unit=unit, price=price, capacity=monthly_capacity)
    product = Product.objects.create(
        group=group,
        name=name.strip(),
        search_name=search_key(name),
        category=category,
        unit=unit.strip(),
        price=price,
        monthly_capacity=monthly_capacity,
        description=description.strip(),
        active=active,
    )
    _audit(actor, "kube.product.create", "kube_product", product.pk, {"group": group.pk})
    return product


@transaction.atomic
def product_update(
    *,
    actor: User | None,
    product: Product,
    name: str,
    category: str,
    unit: str,
    price: Decimal,
    monthly_capacity: int,
    description: str,
    active: bool,
) -> Product:
    _product_check(name=name, category=category, unit=unit, price=price, capacity=monthly_capacity)
    before = {"price": str(product.price), "active": product.active}
    product.name = name.strip()
    product.search_name = search_key(name)
    product.category = category
    product.unit = unit.strip()
    product.price = price
    product.monthly_capacity = monthly_capacity
    product.description = description.strip()
    product.active = active
    product.save()
    after = {"price": str(product.price), "active": product.active}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    _audit(actor, "kube.product.update", "kube_product", product.pk, changes)
    return product


@transaction.atomic
def product_photo_add(*, actor: User | None, product: Product, file: IO[bytes]) -> ProductPhoto:
    """Validate the image by its content, resize it (at most 800 px) and store it privately."""
    if product.photos.count() >= MAX_PRODUCT_PHOTOS:
        raise ValidationError(
            {"photo": _("A product has at most %(count)d photos.") % {"count": MAX_PRODUCT_PHOTOS}}
        )
    too_large = _("The photo is larger than %(megabytes)s MB.") % {
        "megabytes": MAX_LOGO_BYTES // 2**20
    }
    checked = image_prepare(file, field="photo", size=PHOTO_SIZE, too_large=too_large)
    photo = ProductPhoto(product=product)
    photo.image.save(
        f"kube/products/{product.pk}-{checked.sha256[:12]}.png",
        ContentFile(checked.content),
        save=False,
    )
    photo.save()
    _audit(actor, "kube.product.photo", "kube_product", product.pk, {"photo": photo.pk})
    return photo


@transaction.atomic
def product_photo_remove(*, actor: User | None, photo: ProductPhoto) -> None:
    name, storage, product_id = photo.image.name or "", photo.image.storage, photo.product_id
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
    _audit(actor, "kube.product.photo_remove", "kube_product", product_id, {})


@dataclass(frozen=True)
class BuyerProfile:
    """What a buyer tells about itself (sign-up, registration by an admin, or its own edit)."""

    buyer_type: str
    name: str
    home_region_code: str
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    categories: Sequence[str] = ()
    region_codes: Sequence[str] = ()


def _profile_check(profile: BuyerProfile) -> tuple[Region, list[Region]]:
    """The buyer's location and regions of interest, or ValidationError with every problem."""
    errors: dict[str, str] = {}
    if profile.buyer_type not in BuyerType.values:
        errors["buyer_type"] = _("Unknown buyer type.")
    if not profile.name.strip():
        errors["name"] = _("A name is required.")
    unknown = sorted(set(profile.categories) - set(BusinessCategory.values))
    if unknown:
        errors["categories"] = _("Unknown categories: %(names)s.") % {"names": ", ".join(unknown)}
    home = Region.objects.filter(pk=profile.home_region_code, retired_on__isnull=True).first()
    if home is None:
        errors["home_region"] = _("Choose an existing region.")
    regions = list(Region.objects.filter(pk__in=set(profile.region_codes), retired_on__isnull=True))
    missing = sorted(set(profile.region_codes) - {r.pk for r in regions})
    if missing:
        errors["regions"] = _("Unknown regions: %(codes)s.") % {"codes": ", ".join(missing)}
    if errors or home is None:
        raise ValidationError(errors)
    return home, regions


def _profile_apply(buyer: Buyer, profile: BuyerProfile, home: Region) -> None:
    buyer.buyer_type = profile.buyer_type
    buyer.name = profile.name.strip()
    buyer.home_region = home
    buyer.contact_name = profile.contact_name.strip()
    buyer.phone = profile.phone.strip()
    buyer.email = profile.email.strip()
    buyer.categories = sorted(set(profile.categories))


@transaction.atomic
def buyer_create(
    *, actor: User | None, user: User, profile: BuyerProfile, is_demo: bool = False
) -> Buyer:
    """A buyer profile for ``user``, who gets the buyer role. One profile per user."""
    home, regions = _profile_check(profile)
    if Buyer.objects.filter(user=user).exists():
        raise ValidationError({"user": _("This account already has a buyer profile.")})
    buyer = Buyer(user=user, is_demo=is_demo)
    _profile_apply(buyer, profile, home)
    buyer.save()
    buyer.regions.set(regions)
    role_assign(user=user, role=Role.BUYER, assigned_by=actor)
    _audit(actor, "kube.buyer.create", "kube_buyer", buyer.pk, {"type": profile.buyer_type})
    return buyer


@transaction.atomic
def buyer_register(
    *,
    username: str,
    password: str,
    profile: BuyerProfile,
    actor: User | None = None,
    is_demo: bool = False,
) -> Buyer:
    """A new account and its buyer profile, all or nothing: self sign-up (no ``actor``) or
    registered by an admin or coordinator (``actor``)."""
    _profile_check(profile)
    user = user_create(
        username=username,
        password=password,
        email=profile.email,
        full_name=profile.contact_name,
        created_by=actor,
    )
    return buyer_create(actor=actor or user, user=user, profile=profile, is_demo=is_demo)


@transaction.atomic
def buyer_update(*, actor: User | None, buyer: Buyer, profile: BuyerProfile) -> Buyer:
    home, regions = _profile_check(profile)
    _profile_apply(buyer, profile, home)
    buyer.save()
    buyer.regions.set(regions)
    _audit(actor, "kube.buyer.update", "kube_buyer", buyer.pk, {})
    return buyer


@transaction.atomic
def order_inquire(
    *, actor: User | None, buyer: Buyer, product: Product, quantity: int, message: str = ""
) -> Order:
    """A buyer's inquiry about an active product: a new order waiting for the group's quote."""
    if not product.active:
        raise ValidationError({"product_id": _("This product is not offered at the moment.")})
    if quantity < 1:
        raise ValidationError({"quantity": _("Ask for at least one unit.")})
    order = Order.objects.create(
        buyer=buyer,
        product=product,
        group_id=product.group_id,
        quantity=quantity,
        message=message.strip(),
    )
    OrderEvent.objects.create(order=order, from_status="", to_status=OrderStatus.NEW, actor=actor)
    _audit(actor, "kube.order.inquire", "kube_order", order.pk, {"product": product.pk})
    return order


@transaction.atomic
def order_transition(
    *,
    actor: User | None,
    order: Order,
    action: str,
    parties: frozenset[Party],
    unit_price: Decimal | None = None,
    delivered_on: date | None = None,
    note: str = "",
) -> Order:
    """Move an order along the state machine (``kube.engines.orders``). Raises
    TransitionError for a wrong state or party, ValidationError for missing input.

    ``quote`` needs ``unit_price`` (total = unit price times quantity); ``deliver`` books the
    revenue in the month of ``delivered_on`` (default: today)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    target = next_status(order.status, action, parties)
    now = timezone.now()
    if action == "quote":
        if unit_price is None or not 0 < unit_price <= MAX_MONEY:
            raise ValidationError({"unit_price": _("Quote a positive price per unit.")})
        order.unit_price = unit_price
        order.total = unit_price * order.quantity
        order.quote_note = note.strip()
        order.quoted_at = now
    elif action == "deliver":
        day = delivered_on or timezone.localdate()
        if day > timezone.localdate():
            raise ValidationError({"delivered_on": _("The delivery date cannot be in the future.")})
        order.delivered_on = day
        order.delivered_at = now
    else:
        setattr(order, f"{target}_at", now)
    previous = order.status
    order.status = target
    order.save()
    OrderEvent.objects.create(
        order=order, from_status=previous, to_status=target, actor=actor, note=note.strip()
    )
    if action == "deliver":
        _revenue_book(order)
    _audit(actor, f"kube.order.{action}", "kube_order", order.pk, {"status": [previous, target]})
    return order


def _revenue_book(order: Order) -> OrderRevenue:
    """One revenue line per delivered order (get_or_create on the unique order column)."""
    assert order.delivered_on is not None and order.total is not None  # noqa: S101
    line, _created = OrderRevenue.objects.get_or_create(
        order=order,
        defaults={
            "group_id": order.group_id,
            "month": month_start(order.delivered_on),
            "amount": order.total,
        },
    )
    return line


@transaction.atomic
def ledger_month_save(
    *,
    actor: User | None,
    group: Group,
    month: date,
    other_revenue: Decimal,
    costs: Decimal,
    savings: Decimal,
    iks: Decimal,
    note: str = "",
) -> LedgerMonth:
    """Enter (or correct) a group's figures for one month. Order revenue is not entered here:
    delivered orders book it themselves."""
    first = month_start(month)
    if first > month_start(timezone.localdate()):
        raise ValidationError({"month": _("A ledger cannot be kept for a future month.")})
    figures = {"other_revenue": other_revenue, "costs": costs, "savings": savings, "iks": iks}
    errors = {
        k: _("Give an amount between 0 and %(max)s.") % {"max": f"{MAX_MONEY:,}"}
        for k, v in figures.items()
        if not 0 <= v <= MAX_MONEY
    }
    if errors:
        raise ValidationError(errors)
    ledger, created = LedgerMonth.objects.update_or_create(
        group=group, month=first, defaults={**figures, "note": note.strip(), "updated_by": actor}
    )
    _audit(
        actor,
        "kube.ledger.save",
        "kube_group",
        group.pk,
        {"month": first.isoformat(), "created": created},
    )
    return ledger
