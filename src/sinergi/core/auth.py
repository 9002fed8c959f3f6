"""Sign-in with a rate limit that holds across worker processes.

The limit sits in the authentication backend, so it guards every way in that authenticates a
password: the login page, the admin login and anything calling ``authenticate``. Failures are
counted per username in the database (``LoginFailure``): five within fifteen minutes block that
username until the window passes. The cost is that someone can lock a known username for a few
minutes; an IP-based limit would instead lock out every user behind one office proxy.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from sinergi.core.models import User
from sinergi.core.selectors import login_blocked
from sinergi.core.services import login_failure_record, login_failures_clear

BLOCKED_ATTRIBUTE = "sinergi_login_blocked"


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


class RateLimitedModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        if login_blocked(username=username):
            if request is not None:
                setattr(request, BLOCKED_ATTRIBUTE, True)  # the login page explains why
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(username=username, ip=_client_ip(request))
        else:
            login_failures_clear(username=username)
        return user
