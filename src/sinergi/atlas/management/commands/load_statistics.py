from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sinergi.atlas.loading import statistics_load


class Command(BaseCommand):
    help = "Load the shipped official statistics into the atlas (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Reload even if unchanged.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = statistics_load(force=options["force"], progress=self.stdout.write)
        if not report.changed:
            self.stdout.write(_("Official statistics are already up to date: nothing changed."))
            return
        self.stdout.write(
            _(
                "Official statistics: %(inserted)d values added, %(updated)d updated, "
                "%(unchanged)d unchanged, in %(series)d series (%(seconds).1f s)"
            )
            % {
                "inserted": report.inserted,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "series": report.series,
                "seconds": report.seconds,
            }
        )
