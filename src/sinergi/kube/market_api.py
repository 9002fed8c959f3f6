"""KUBE market endpoints (``/api/v1/kube/…``): the public catalogue, products and photos,
buyers and suggestions, inquiries and orders, the monthly ledger and business health.

The catalogue needs no session and shows no personal data. Everything else needs one: 401
without; something out of reach is a 404 (an order is seen only by its buyer and the group
side); an action the caller's side may not take is a 403; an order in the wrong state for an
action is a 409 naming the states.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import File, Query, Router, Status, UploadedFile

from sinergi.core.access import principal_for
from sinergi.core.calendar import add_months, month_start
from sinergi.core.problems import ApiError
from sinergi.core.schemas import Problem
from sinergi.kube import market_presenters as present
from sinergi.kube import market_services as services
from sinergi.kube.access import get_group_for_user
from sinergi.kube.engines.orders import Party, TransitionError, actions_for
from sinergi.kube.market_access import (
    buyer_of,
    get_ledger_group_for_user,
    get_order_for_user,
    get_product_for_user,
    get_public_product,
)
from sinergi.kube.market_schemas import (
    BuyerIn,
    BuyerOut,
    BuyerProfileIn,
    CataloguePage,
    CatalogueQuery,
    InquiryIn,
    LedgerIn,
    LedgerOut,
    LedgerQuery,
    LedgerRowOut,
    Month,
    OrderDetailOut,
    OrderPage,
    OrderQuery,
    PhotoOut,
    ProductIn,
    ProductOut,
    PublicProductOut,
    SuggestionOut,
    TransitionIn,
)
from sinergi.kube.market_selectors import (
    CatalogueFilters,
    catalogue_list,
    health_score_for_group,
    ledger_monthly_series,
    order_events,
    order_list_for_buyer,
    order_list_for_seller,
    product_list_for_group,
    product_photo_get,
    suggestions_for_buyer,
)
from sinergi.kube.models import Buyer, Order, OrderStatus
from sinergi.partners.api_common import (
    PUBLIC_ERRORS,
    SIGNED_IN,
    SIGNED_IN_ERRORS,
    actor,
    allowed,
    region_filter,
)

router = Router(tags=["kube-market"], auth=SIGNED_IN)
ORDER_ERRORS = {**SIGNED_IN_ERRORS, 409: Problem}
MAX_LEDGER_MONTHS = 60


# --- public catalogue ------------------------------------------------------------------------


@router.get("/kube/catalogue", auth=None, response={200: CataloguePage, **PUBLIC_ERRORS})
def catalogue(request: HttpRequest, filters: Query[CatalogueQuery]) -> CataloguePage:
    """Active products of all groups: search by name (accents and case ignored), filter by
    category, region (province or regency) and price. No personal data."""
    if (
        filters.price_min is not None
        and filters.price_max is not None
        and filters.price_min > filters.price_max
    ):
        raise ApiError(422, _("The lowest price is above the highest."), field=["price_min"])
    items, total = catalogue_list(
        CatalogueFilters(
            q=filters.q,
            category=filters.category,
            region=region_filter(filters.region) if filters.region else None,
            price_min=filters.price_min,
            price_max=filters.price_max,
        ),
        limit=filters.limit,
        offset=filters.offset,
    )
    return CataloguePage(
        items=[present.public_product_out(p) for p in items],
        count=total,
        limit=filters.limit,
        offset=filters.offset,
    )


@router.get(
    "/kube/catalogue/{product_id}", auth=None, response={200: PublicProductOut, **PUBLIC_ERRORS}
)
def catalogue_product(request: HttpRequest, product_id: int) -> PublicProductOut:
    return present.public_product_out(get_public_product(product_id))


# --- products (the group side) ---------------------------------------------------------------


@router.get(
    "/kube/groups/{group_id}/products", response={200: list[ProductOut], **SIGNED_IN_ERRORS}
)
def product_index(request: HttpRequest, group_id: int) -> list[ProductOut]:
    group = get_group_for_user(actor(request), group_id)
    return [present.product_out(p) for p in product_list_for_group(group)]


@router.post("/kube/groups/{group_id}/products", response={201: ProductOut, **SIGNED_IN_ERRORS})
def product_new(request: HttpRequest, group_id: int, payload: ProductIn) -> Status[ProductOut]:
    user = actor(request)
    group = allowed(lambda: get_group_for_user(user, group_id, write=True))
    product = services.product_create(actor=user, group=group, **payload.dict())
    return Status(201, present.product_out(get_product_for_user(user, product.pk)))


@router.put("/kube/products/{product_id}", response={200: ProductOut, **SIGNED_IN_ERRORS})
def product_change(request: HttpRequest, product_id: int, payload: ProductIn) -> ProductOut:
    user = actor(request)
    product = allowed(lambda: get_product_for_user(user, product_id, write=True))
    services.product_update(actor=user, product=product, **payload.dict())
    return present.product_out(get_product_for_user(user, product_id))


@router.post("/kube/products/{product_id}/photos", response={201: PhotoOut, **SIGNED_IN_ERRORS})
def product_photo_new(
    request: HttpRequest, product_id: int, file: File[UploadedFile]
) -> Status[PhotoOut]:
    """Upload a photo (PNG, JPEG, WebP or GIF; checked by content, resized to 800 px)."""
    user = actor(request)
    product = allowed(lambda: get_product_for_user(user, product_id, write=True))
    if file.file is None:
        raise ApiError(422, _("Upload a file."), field=["file"])
    photo = services.product_photo_add(actor=user, product=product, file=file.file)
    return Status(201, PhotoOut(id=photo.pk, url=present.photo_url(photo)))


@router.api_operation(
    ["DELETE"],
    "/kube/products/{product_id}/photos/{photo_id}",
    response={204: None, **SIGNED_IN_ERRORS},
)
def product_photo_delete(request: HttpRequest, product_id: int, photo_id: int) -> Status[None]:
    user = actor(request)
    product = allowed(lambda: get_product_for_user(user, product_id, write=True))
    photo = product_photo_get(product, photo_id)
    if photo is None:
        raise ApiError(404, _("No such photo."))
    services.product_photo_remove(actor=user, photo=photo)
    return Status(204, None)


# --- buyers ----------------------------------------------------------------------------------


def _own_buyer(request: HttpRequest) -> Buyer:
    buyer = buyer_of(actor(request))
    if buyer is None:
        raise ApiError(404, _("This account has no buyer profile."))
    return buyer


def _profile(payload: BuyerProfileIn) -> services.BuyerProfile:
    return services.BuyerProfile(
        buyer_type=payload.buyer_type,
        name=payload.name,
        home_region_code=region_filter(payload.home_region),
        contact_name=payload.contact_name,
        phone=payload.phone,
        email=payload.email,
        categories=payload.categories,
        region_codes=[region_filter(code) for code in payload.regions],
    )


@router.post("/kube/buyers", response={201: BuyerOut, **SIGNED_IN_ERRORS})
def buyer_new(request: HttpRequest, payload: BuyerIn) -> Status[BuyerOut]:
    """Register a buyer with a new account (national admins and regional coordinators)."""
    user = actor(request)
    principal = principal_for(user)
    if not (principal.is_national_admin or principal.coordinated_regions()):
        raise ApiError(403, _("Only coordinators and national admins register buyers."))
    buyer = services.buyer_register(
        actor=user, username=payload.username, password=payload.password, profile=_profile(payload)
    )
    return Status(201, present.buyer_out(buyer))


@router.get("/kube/buyers/me", response={200: BuyerOut, **SIGNED_IN_ERRORS})
def buyer_me(request: HttpRequest) -> BuyerOut:
    return present.buyer_out(_own_buyer(request))


@router.put("/kube/buyers/me", response={200: BuyerOut, **SIGNED_IN_ERRORS})
def buyer_me_change(request: HttpRequest, payload: BuyerProfileIn) -> BuyerOut:
    buyer = _own_buyer(request)
    services.buyer_update(actor=actor(request), buyer=buyer, profile=_profile(payload))
    return present.buyer_out(_own_buyer(request))


@router.get("/kube/buyers/me/suggestions", response={200: list[SuggestionOut], **SIGNED_IN_ERRORS})
def buyer_suggestions(request: HttpRequest, limit: int = 10) -> list[SuggestionOut]:
    """Products for this buyer: its categories first, then the nearest (region centroids)."""
    if not 1 <= limit <= 50:
        raise ApiError(422, _("Ask for between 1 and 50 suggestions."), field=["limit"])
    return [
        SuggestionOut(
            product=present.public_product_out(s.product),
            category_match=s.reason.category_match,
            distance_km=s.reason.distance_km,
        )
        for s in suggestions_for_buyer(_own_buyer(request), limit=limit)
    ]


# --- inquiries and orders --------------------------------------------------------------------


def _order_detail(order: Order, parties: frozenset[Party]) -> OrderDetailOut:
    return present.order_detail_out(order, order_events(order), actions_for(order.status, parties))


@router.post("/kube/orders", response={201: OrderDetailOut, **SIGNED_IN_ERRORS})
def order_new(request: HttpRequest, payload: InquiryIn) -> Status[OrderDetailOut]:
    """A buyer's inquiry about a catalogue product (an order in state ``new``)."""
    user = actor(request)
    buyer = buyer_of(user)
    if buyer is None:
        raise ApiError(403, _("Only buyers send inquiries; register as a buyer first."))
    product = get_public_product(payload.product_id)
    order = services.order_inquire(
        actor=user,
        buyer=buyer,
        product=product,
        quantity=payload.quantity,
        message=payload.message,
    )
    return Status(201, _order_detail(*get_order_for_user(user, order.pk)))


@router.get("/kube/orders", response={200: OrderPage, **SIGNED_IN_ERRORS})
def order_index(request: HttpRequest, filters: Query[OrderQuery]) -> OrderPage:
    """The caller's own orders: as buyer, or for the groups they manage (the seller side)."""
    user = actor(request)
    buyer = buyer_of(user)
    side = filters.side or ("buyer" if buyer is not None else "seller")
    if side == "buyer":
        if buyer is None:
            raise ApiError(404, _("This account has no buyer profile."))
        query = order_list_for_buyer(buyer, status=filters.status)
        if filters.group_id is not None:
            query = query.filter(group_id=filters.group_id)
    else:
        group = get_group_for_user(user, filters.group_id) if filters.group_id else None
        query = order_list_for_seller(principal_for(user), status=filters.status, group=group)
    total = query.count()
    page = list(query[filters.offset : filters.offset + filters.limit])
    return OrderPage(
        items=[present.order_out(o) for o in page],
        count=total,
        limit=filters.limit,
        offset=filters.offset,
    )


@router.get("/kube/orders/{order_id}", response={200: OrderDetailOut, **SIGNED_IN_ERRORS})
def order_show(request: HttpRequest, order_id: int) -> OrderDetailOut:
    return _order_detail(*get_order_for_user(actor(request), order_id))


ACTION_DONE = {
    "quote": gettext_lazy("quoted"),
    "confirm": gettext_lazy("confirmed"),
    "deliver": gettext_lazy("marked as delivered"),
    "pay": gettext_lazy("marked as paid"),
    "cancel": gettext_lazy("cancelled"),
}


def transition_problem(error: TransitionError) -> ApiError:
    """409 for an order in the wrong state (naming the states), 403 for the wrong side."""
    if error.kind == "party":
        return ApiError(403, _("This step belongs to the other side of the order."))
    names = dict(OrderStatus.choices)
    return ApiError(
        409,
        _("An order that is %(status)s cannot be %(action)s; only one that is %(allowed)s can.")
        % {
            "status": str(names.get(error.status, error.status)).lower(),
            "action": ACTION_DONE.get(error.action, error.action),
            "allowed": _(" or ").join(str(names[s]).lower() for s in error.allowed_from),
        },
        field=["action"],
    )


@router.post("/kube/orders/{order_id}/transitions", response={200: OrderDetailOut, **ORDER_ERRORS})
def order_move(request: HttpRequest, order_id: int, payload: TransitionIn) -> OrderDetailOut:
    """quote (group side, with ``unit_price``), confirm (buyer), deliver (group side; books
    the revenue in the ledger), pay (group side, payment received), cancel (either side,
    before delivery)."""
    user = actor(request)
    order, parties = get_order_for_user(user, order_id)
    try:
        order = services.order_transition(
            actor=user,
            order=order,
            action=payload.action,
            parties=parties,
            unit_price=payload.unit_price,
            delivered_on=payload.delivered_on,
            note=payload.note,
        )
    except TransitionError as error:
        raise transition_problem(error) from error
    return _order_detail(*get_order_for_user(user, order.pk))


# --- ledger and health -----------------------------------------------------------------------


def parse_month(value: str, field: str) -> date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError as error:
        raise ApiError(422, _("Give a month as YYYY-MM."), field=[field]) from error


@router.get("/kube/groups/{group_id}/ledger", response={200: LedgerOut, **SIGNED_IN_ERRORS})
def ledger_show(request: HttpRequest, group_id: int, filters: Query[LedgerQuery]) -> LedgerOut:
    """Monthly revenue (orders and other), costs, profit, savings and IKS, and the health
    score (group facilitator, coordinators and facilitators in scope, national admins)."""
    group = get_ledger_group_for_user(actor(request), group_id)
    end = parse_month(filters.end, "end") if filters.end else month_start(timezone.localdate())
    start = parse_month(filters.start, "start") if filters.start else add_months(end, -11)
    apart = (end.year - start.year) * 12 + end.month - start.month
    if not 0 <= apart < MAX_LEDGER_MONTHS:
        raise ApiError(
            422,
            _("Choose a start before the end, at most %(count)d months apart.")
            % {"count": MAX_LEDGER_MONTHS},
            field=["start"],
        )
    rows = ledger_monthly_series([group.pk], start, end)[group.pk]
    return LedgerOut(
        group_id=group.pk,
        months=[present.ledger_row_out(r) for r in rows],
        health=present.health_out(health_score_for_group(group)),
    )


@router.put(
    "/kube/groups/{group_id}/ledger/{month}", response={200: LedgerRowOut, **SIGNED_IN_ERRORS}
)
def ledger_enter(
    request: HttpRequest, group_id: int, month: Month, payload: LedgerIn
) -> LedgerRowOut:
    """Enter or correct one month's figures; order revenue is booked by deliveries."""
    user = actor(request)
    group = allowed(lambda: get_ledger_group_for_user(user, group_id, write=True))
    first = parse_month(month, "month")
    services.ledger_month_save(actor=user, group=group, month=first, **payload.dict())
    [row] = ledger_monthly_series([group.pk], first, first)[group.pk]
    return present.ledger_row_out(row)
