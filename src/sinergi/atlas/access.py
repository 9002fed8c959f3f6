"""Who may see and change what in the atlas.

Published indicators and their values are public facts (with small counts of sensitive
target groups suppressed on public views). Importing is for national admins and regional
coordinators, each row only for regions in their scope (checked row by row in validation).
An import batch is visible to whoever brought it and to national admins; to anyone else it
does not exist (404).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404
from django.utils.translation import gettext as _

from sinergi.atlas.layers import IndicatorInfo
from sinergi.atlas.models import ImportBatch
from sinergi.atlas.selectors import import_batch_get, indicator_get
from sinergi.core.access import Principal, principal_for

AnyUser = AbstractBaseUser | AnonymousUser | None


def get_indicator_for_user(user: AnyUser, key: str) -> IndicatorInfo:
    info = indicator_get(key=key)
    if info is None:
        raise Http404(_("No published indicator has the key %(key)s.") % {"key": key})
    return info


def can_import(principal: Principal) -> bool:
    return principal.is_national_admin or bool(principal.coordinated_regions())


def can_edit_weights(principal: Principal) -> bool:
    return principal.is_national_admin


def sees_full_figures(principal: Principal, code: str) -> bool:
    """Unsuppressed small counts: national admins, and coordinators for their own area."""
    return principal.is_authenticated and principal.covers_region(code)


def get_import_batch_for_user(user: AnyUser, batch_id: int) -> ImportBatch:
    principal = principal_for(user)
    batch = import_batch_get(batch_id=batch_id) if principal.is_authenticated else None
    if batch is None or not (
        principal.is_national_admin or batch.created_by_id == principal.user_id
    ):
        raise Http404(_("No import %(id)s.") % {"id": batch_id})
    return batch
