"""API shapes shared by every app: RFC 7807 problems, and the current user."""

from __future__ import annotations

from ninja import Schema


class FieldError(Schema):
    loc: list[str | int]
    msg: str


class Problem(Schema):
    """An RFC 7807 problem document (served as application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


class ScopeOut(Schema):
    role: str
    region_code: str
    organisation_id: int | None


class MeOut(Schema):
    authenticated: bool
    username: str | None
    name: str | None
    is_national_admin: bool
    scopes: list[ScopeOut]
