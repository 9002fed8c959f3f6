"""Pasar KUBE pages: the public catalogue and product pages, buyer sign-up, the orders pages
of both sides, the group side's products, and the monthly ledger with the health score.

Each view parses its input, asks ``kube.market_access`` for the object (404 for what the user
may not see, 403 for what they may see but not change), calls a service or selector and
renders. An invalid form comes back with its errors and status 422.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.atlas.charts import trend_svg
from sinergi.atlas.profiles import TrendPoint
from sinergi.core.access import principal_for
from sinergi.core.calendar import add_months, month_start
from sinergi.core.models import User
from sinergi.kube import market_forms as forms
from sinergi.kube import market_services as services
from sinergi.kube.access import get_group_for_user, group_rights, managed_groups_q
from sinergi.kube.engines.orders import TransitionError, actions_for
from sinergi.kube.market_access import (
    buyer_of,
    get_ledger_group_for_user,
    get_order_for_user,
    get_product_for_user,
    get_public_product,
)
from sinergi.kube.market_api import transition_problem
from sinergi.kube.market_selectors import (
    CatalogueFilters,
    catalogue_page_query,
    catalogue_query,
    catalogue_regions,
    health_score_for_group,
    ledger_month_get,
    ledger_monthly_series,
    order_events,
    order_list_for_buyer,
    order_list_for_seller,
    order_revenue_lines,
    product_list_for_group,
    product_photo_get,
    suggestions_for_buyer,
)
from sinergi.kube.models import Group, OrderStatus, Product
from sinergi.partners.forms import show_errors
from sinergi.partners.selectors import region_options

PAGE_SIZE = 24
MONTH = r"[1-9]\d{3}-(0[1-9]|1[0-2])"
INVALID = 422


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


# --- public ----------------------------------------------------------------------------------


def catalogue_page(request: HttpRequest) -> HttpResponse:
    form = forms.CatalogueForm(request.GET or None, regions=catalogue_regions())
    valid = not form.is_bound or form.is_valid()
    data = form.cleaned_data if form.is_bound and valid else {}
    filters = CatalogueFilters(
        q=data.get("q") or None,
        category=data.get("category") or None,
        region=data.get("region") or None,
        price_min=data.get("price_min"),
        price_max=data.get("price_max"),
    )
    found = catalogue_page_query(catalogue_query(filters)) if valid else Product.objects.none()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    buyer = buyer_of(request.user)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "buyer": buyer,
        "suggestions": suggestions_for_buyer(buyer, limit=4) if buyer and not data else [],
    }
    return render(request, "kube/market/catalogue.html", context, status=200 if valid else INVALID)


def product_page(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_public_product(product_id)
    buyer = buyer_of(request.user)
    form = forms.InquiryForm(request.POST or None)
    if request.method == "POST":
        if buyer is None:
            raise PermissionDenied(_("Only buyers send inquiries; register as a buyer first."))
        if form.is_valid():
            try:
                order = services.order_inquire(
                    actor=_user(request),
                    buyer=buyer,
                    product=product,
                    quantity=form.cleaned_data["quantity"],
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                show_errors(form, error, {})
            else:
                messages.success(request, _("Your inquiry was sent to the group."))
                return redirect("pasar:order-detail", order_id=order.pk)
    context = {
        "product": product,
        "photos": list(product.photos.all()),
        "form": form,
        "buyer": buyer,
    }
    status = INVALID if form.is_bound and form.errors else 200
    return render(request, "kube/market/product.html", context, status=status)


def product_photo(request: HttpRequest, product_id: int, photo_id: int) -> FileResponse:
    """A product photo: public for active products, else for those who see the group."""
    product = Product.objects.filter(pk=product_id).only("pk", "active", "group_id").first()
    if product is None:
        raise Http404
    if not product.active:
        product = get_product_for_user(request.user, product_id)
    photo = product_photo_get(product, photo_id)
    if photo is None:
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def buyer_signup(request: HttpRequest) -> HttpResponse:
    form = forms.BuyerSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            buyer = services.buyer_register(
                username=data["username"],
                password=data["password"],
                profile=services.BuyerProfile(
                    buyer_type=data["buyer_type"],
                    name=data["name"],
                    home_region_code=data["home_region"],
                    contact_name=data["contact_name"],
                    phone=data["phone"],
                    email=data["email"],
                    categories=data["categories"],
                ),
            )
        except ValidationError as error:
            show_errors(form, error, {"user": "username"})
        else:
            login(request, buyer.user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, _("Welcome! Find products and send inquiries."))
            return redirect("pasar:catalogue")
    status = INVALID if form.is_bound and form.errors else 200
    return render(
        request,
        "kube/market/signup.html",
        {"form": form, "regions": region_options()},
        status=status,
    )


# --- orders ----------------------------------------------------------------------------------


@login_required
def order_list_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    buyer = buyer_of(user)
    status = request.GET.get("status") or None
    if status not in (None, *OrderStatus.values):
        status = None
    side = request.GET.get("side") or ("buyer" if buyer else "seller")
    if side == "buyer" and buyer is not None:
        found = order_list_for_buyer(buyer, status=status)
    else:
        side = "seller"
        found = order_list_for_seller(principal_for(user), status=status)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "side": side,
        "status": status or "",
        "query": urlencode({"side": side, "status": status or ""}),
        "statuses": OrderStatus.choices,
        "buyer": buyer,
        "sells": Group.objects.filter(managed_groups_q(principal_for(user))).exists(),
    }
    return render(request, "kube/market/orders.html", context)


@login_required
def order_detail_page(request: HttpRequest, order_id: int) -> HttpResponse:
    user = _user(request)
    order, parties = get_order_for_user(user, order_id)
    form = forms.TransitionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.order_transition(
                    actor=user,
                    order=order,
                    action=data["action"],
                    parties=parties,
                    unit_price=data.get("unit_price"),
                    delivered_on=data.get("delivered_on"),
                    note=data.get("note") or "",
                )
            except TransitionError as error:
                problem = transition_problem(error)
                messages.error(request, problem.detail)
                status = problem.status
            except ValidationError as error:
                show_errors(form, error, {})
                status = INVALID
            else:
                messages.success(request, _("The order was updated."))
                return redirect("pasar:order-detail", order_id=order.pk)
        else:
            status = INVALID
        order, parties = get_order_for_user(user, order_id)
    context = {
        "order": order,
        "events": order_events(order),
        "actions": actions_for(order.status, parties),
        "form": form,
        "seller": "seller" in parties,
        "today": timezone.localdate(),
    }
    return render(request, "kube/market/order.html", context, status=status)


# --- the group side: products and ledger -----------------------------------------------------


@login_required
def seller_groups_page(request: HttpRequest) -> HttpResponse:
    """The groups whose products, orders and ledger the user keeps."""
    groups = Group.objects.filter(managed_groups_q(principal_for(request.user))).select_related(
        "village"
    )
    page = Paginator(groups.order_by("name", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "kube/market/groups.html", {"page": page})


@login_required
def group_products_page(request: HttpRequest, group_id: int) -> HttpResponse:
    user = _user(request)
    group = get_group_for_user(user, group_id)
    editable = group_rights(principal_for(user), group).edit
    if not editable:
        raise Http404
    form = forms.ProductForm(request.POST or None, initial={"category": group.business_category})
    if request.method == "POST" and form.is_valid():
        try:
            services.product_create(actor=user, group=group, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error, {})
        else:
            messages.success(request, _("The product was added."))
            return redirect("pasar:group-products", group_id=group.pk)
    context = {
        "group": group,
        "products": product_list_for_group(group),
        "orders": list(order_list_for_seller(principal_for(user), group=group)[:20]),
        "form": form,
    }
    status = INVALID if form.is_bound and form.errors else 200
    return render(request, "kube/market/group_products.html", context, status=status)


@login_required
def product_edit_page(request: HttpRequest, product_id: int) -> HttpResponse:
    user = _user(request)
    product = get_product_for_user(user, product_id, write=True)
    initial = {f: getattr(product, f) for f in forms.ProductForm.base_fields}
    form = forms.ProductForm(request.POST or None, initial=initial)
    photo_form = forms.PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        try:
            if "photo" in request.FILES:
                if photo_form.is_valid():
                    services.product_photo_add(
                        actor=user, product=product, file=photo_form.cleaned_data["photo"]
                    )
                    messages.success(request, _("The photo was added."))
                    return redirect("pasar:product-edit", product_id=product.pk)
            elif form.is_valid():
                services.product_update(actor=user, product=product, **form.cleaned_data)
                messages.success(request, _("The product was saved."))
                return redirect("pasar:group-products", group_id=product.group_id)
        except ValidationError as error:
            show_errors(photo_form if "photo" in request.FILES else form, error, {})
    context = {
        "product": product,
        "photos": list(product.photos.all()),
        "form": form,
        "photo_form": photo_form,
    }
    status = INVALID if request.method == "POST" else 200
    return render(request, "kube/market/product_edit.html", context, status=status)


@login_required
@require_POST
def product_photo_delete(request: HttpRequest, product_id: int, photo_id: int) -> HttpResponse:
    product = get_product_for_user(request.user, product_id, write=True)
    photo = product_photo_get(product, photo_id)
    if photo is None:
        raise Http404
    services.product_photo_remove(actor=_user(request), photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect("pasar:product-edit", product_id=product.pk)


def _ledger_chart(rows: list[Any]) -> str:
    points = [TrendPoint(r.month.strftime("%Y-%m"), float(r.revenue), False) for r in rows]
    return trend_svg(points, y_title=_("Revenue (Rp)"), width=560, money=True)


def _ledger_initial(request: HttpRequest, group: Group) -> dict[str, Any]:
    """The month to enter (``?month=YYYY-MM`` to correct one; default this month), with the
    figures already entered for it."""
    month = month_start(timezone.localdate())
    text = request.GET.get("month", "")
    if re.fullmatch(MONTH, text):
        month = min(month, date(int(text[:4]), int(text[5:7]), 1))
    initial: dict[str, Any] = {"month": month.strftime("%Y-%m")}
    entered = ledger_month_get(group, month)
    if entered is not None:
        for field in ("other_revenue", "costs", "savings", "iks", "note"):
            initial[field] = getattr(entered, field)
    return initial


@login_required
def ledger_page(request: HttpRequest, group_id: int) -> HttpResponse:
    user = _user(request)
    group = get_ledger_group_for_user(user, group_id)
    this_month = month_start(timezone.localdate())
    form = forms.LedgerForm(request.POST or None, initial=_ledger_initial(request, group))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.ledger_month_save(
                    actor=user,
                    group=group,
                    month=form.month_start(),
                    other_revenue=data["other_revenue"],
                    costs=data["costs"],
                    savings=data["savings"],
                    iks=data["iks"],
                    note=data["note"],
                )
            except ValidationError as error:
                show_errors(form, error, {})
            else:
                messages.success(request, _("The ledger was saved."))
                return redirect("pasar:ledger", group_id=group.pk)
        status = INVALID
    rows = ledger_monthly_series([group.pk], add_months(this_month, -11), this_month)[group.pk]
    context = {
        "group": group,
        "rows": list(reversed(rows)),
        "chart": _ledger_chart(rows),
        "health": health_score_for_group(group),
        "lines": order_revenue_lines(group, this_month),
        "form": form,
        "totals": {
            "revenue": sum(r.revenue for r in rows),
            "profit": sum(r.profit for r in rows),
        },
    }
    return render(request, "kube/market/ledger.html", context, status=status)
