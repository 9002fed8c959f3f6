from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sinergi.web.demo import demo_password, demo_seed


class Command(BaseCommand):
    help = "Create the demo scenario (labelled demo accounts). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = demo_seed()
        self.stdout.write(
            _("Demo logins (password: %(password)s):") % {"password": demo_password()}
        )
        for account in accounts:
            self.stdout.write(f"  {account.username:<16} {account.description}")
