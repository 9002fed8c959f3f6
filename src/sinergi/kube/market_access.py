"""Who may see and change market records (products, buyers, orders, ledgers).

- Products are public while active (the catalogue). They are managed by whoever may change
  their group (``kube.access.group_rights``): its facilitator, a coordinator or facilitator in
  scope, a national admin.
- An order is seen by its buyer and by whoever may change its group; nobody else (404). Which
  transitions each side may take is decided by ``kube.engines.orders``.
- A group's ledger is seen and entered by whoever may change the group.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from sinergi.core.access import principal_for
from sinergi.kube.access import AnyUser, get_group_for_user, group_rights
from sinergi.kube.engines.orders import Party
from sinergi.kube.models import Buyer, Group, Order, Product


def get_product_for_user(user: AnyUser, product_id: int, *, write: bool = False) -> Product:
    """A product of a group the user may see (with ``write``: may change), else 404/403."""
    product = Product.objects.filter(pk=product_id).select_related("group").first()
    if product is None:
        raise Http404
    group = get_group_for_user(user, product.group_id, write=write)
    product.group = group
    return product


def get_public_product(product_id: int) -> Product:
    """An active product, for anyone (the catalogue)."""
    product = (
        Product.objects.filter(pk=product_id, active=True)
        .select_related("group", "group__village", "group__village__parent__parent")
        .first()
    )
    if product is None:
        raise Http404
    return product


def buyer_of(user: AnyUser) -> Buyer | None:
    """The user's buyer profile, if any."""
    if not user.is_authenticated:
        return None
    return Buyer.objects.filter(user_id=user.pk).select_related("home_region").first()


def get_buyer_for_user(user: AnyUser, buyer_id: int, *, write: bool = False) -> Buyer:
    """A buyer's profile: its own user and national admins see and change it; coordinators
    see buyers (they register them); anyone else gets a 404."""
    principal = principal_for(user)
    buyer = Buyer.objects.filter(pk=buyer_id).select_related("home_region").first()
    if buyer is None or not principal.is_authenticated:
        raise Http404
    own = buyer.user_id == principal.user_id
    if not (own or principal.is_national_admin or principal.coordinated_regions()):
        raise Http404
    if write and not (own or principal.is_national_admin):
        raise PermissionDenied(_("You may not change this buyer."))
    return buyer


def order_parties(user: AnyUser, order: Order) -> frozenset[Party]:
    """The sides ``user`` acts for on ``order`` (empty when neither)."""
    principal = principal_for(user)
    parties: set[Party] = set()
    if principal.user_id is not None and order.buyer.user_id == principal.user_id:
        parties.add(Party.BUYER)
    if principal.user_id is not None and group_rights(principal, order.group).edit:
        parties.add(Party.SELLER)
    return frozenset(parties)


def get_order_for_user(user: AnyUser, order_id: int) -> tuple[Order, frozenset[Party]]:
    """The order and the sides the user acts for; outsiders get a 404."""
    order = (
        Order.objects.filter(pk=order_id)
        .select_related("buyer", "product", "group", "group__village")
        .first()
    )
    if order is None:
        raise Http404
    parties = order_parties(user, order)
    if not parties:
        raise Http404
    return order, parties


def get_ledger_group_for_user(user: AnyUser, group_id: int, *, write: bool = False) -> Group:
    """A group whose ledger the user may see (and, with ``write``, enter): group managers."""
    group = get_group_for_user(user, group_id)
    if not group_rights(principal_for(user), group).edit:
        if write:
            raise PermissionDenied(_("You may not enter this group's ledger."))
        raise Http404
    return group
