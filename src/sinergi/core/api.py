"""Account endpoints: who am I and what may I see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from sinergi.core.access import principal_for
from sinergi.core.schemas import MeOut, ScopeOut

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, summary="The signed-in user and their scopes")
def me(request: HttpRequest) -> MeOut:
    principal = principal_for(request.user)
    user = request.user if principal.is_authenticated else None
    return MeOut(
        authenticated=principal.is_authenticated,
        username=user.get_username() if user is not None else None,
        name=getattr(user, "full_name", "") or (user.get_username() if user else None),
        is_national_admin=principal.is_national_admin,
        scopes=[
            ScopeOut(role=s.role, region_code=s.region_code, organisation_id=s.organisation_id)
            for s in principal.scopes
        ],
    )
