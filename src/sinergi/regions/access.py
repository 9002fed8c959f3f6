"""The chokepoint for reading regions. Regions are public facts; unknown codes are 404s."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404
from django.utils.translation import gettext as _

from sinergi.regions.codes import normalise_code
from sinergi.regions.models import Region
from sinergi.regions.selectors import region_get, region_get_by_bps

KEMENDAGRI = "kemendagri"
BPS = "bps"


def get_region_for_user(
    user: AbstractBaseUser | AnonymousUser | None, code: str, *, system: str = KEMENDAGRI
) -> Region:
    """The region for a Kemendagri (dotted or compact) or BPS code, or Http404.

    Raises ``InvalidCodeError`` (a ValueError) for text that is not a code at all, so callers
    can answer 422 for malformed input and 404 for well-formed codes that do not exist.
    """
    if system == BPS:
        region = region_get_by_bps(bps_code=code.strip())
    else:
        region = region_get(code=normalise_code(code))
    if region is None:
        raise Http404(_("No region has the code %(code)s.") % {"code": code})
    return region
