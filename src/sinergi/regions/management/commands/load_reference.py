from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sinergi.regions.services import reference_load


class Command(BaseCommand):
    help = "Load the shipped region registry and boundaries (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Reload even if unchanged.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = reference_load(force=options["force"], progress=self.stdout.write)
        if not report.changed:
            self.stdout.write(_("Reference data is already up to date: nothing changed."))
            return
        for name, changes in ((_("Regions"), report.regions), (_("Boundaries"), report.boundaries)):
            self.stdout.write(
                _("%(name)s: %(inserted)d added, %(updated)d updated, %(unchanged)d unchanged")
                % {"name": name, **vars(changes)}
            )
        self.stdout.write(
            _("%(bundles)d map layers built in %(seconds).1f s")
            % {"bundles": report.bundles_built, "seconds": report.seconds}
        )
