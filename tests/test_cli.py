import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from sinergi.core.models import RoleAssignment, User
from sinergi.web.demo import DEMO_ACCOUNTS


def test_the_sinergi_command_lists_its_subcommands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sinergi.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for command in ("init", "serve", "load-reference", "demo", "manage"):
        assert command in result.stdout


@pytest.mark.django_db
def test_load_reference_says_when_nothing_changed() -> None:
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "tidak ada perubahan" in out.getvalue()  # "nothing changed"


@pytest.mark.django_db
def test_seed_demo_creates_one_login_per_role_and_is_idempotent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SINERGI_DEMO_PASSWORD", "demo-passphrase-for-tests")
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    usernames = [account.username for account in DEMO_ACCOUNTS]
    assert User.objects.filter(username__in=usernames).count() == len(usernames)
    assert User.objects.get(username="admin").check_password("demo-passphrase-for-tests")
    roles = set(
        RoleAssignment.objects.filter(user__username__in=usernames).values_list(
            "user__username", "role", "region_code"
        )
    )
    assert ("dinsos.jabar", "regional_coordinator", "32") in roles
    assert len(roles) == len(usernames)
    assert "demo-passphrase-for-tests" in out.getvalue()
