from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.core.tabular import ImportRejected, UnreadableFile
from sinergi.core.text import search_key
from sinergi.interventions.selectors import organisations_by_name
from sinergi.interventions.spreadsheet import interventions_import


class Command(BaseCommand):
    help = (
        "Import interventions from a 3W CSV or XLSX file (one row per intervention and "
        "location): all or nothing, matched on each organisation's own reference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", help="the lead organisation of every row (name)")
        parser.add_argument("--dry-run", action="store_true", help="check only; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        organisation = None
        if options["organisation"]:
            key = search_key(options["organisation"])
            organisation = organisations_by_name(names=[key]).get(key)
            if organisation is None:
                raise CommandError(
                    _("No organisation is called %(name)s.") % {"name": options["organisation"]}
                )
        try:
            with path.open("rb") as file:
                report = interventions_import(
                    file=file,
                    filename=path.name,
                    actor=None,
                    organisation=organisation,
                    dry_run=options["dry_run"],
                )
        except (OSError, UnreadableFile) as error:
            raise CommandError(str(error)) from error
        except ImportRejected as rejected:
            for e in rejected.errors:
                self.stderr.write(f"{e.row}\t{e.column}\t{e.value}\t{e.reason}")
            raise CommandError(
                _("%(count)s error(s); nothing was imported.") % {"count": len(rejected.errors)}
            ) from rejected
        summary = _("%(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": report.count("create"),
            "updated": report.count("update"),
            "unchanged": report.count("unchanged"),
        }
        if report.dry_run:
            summary = _("Dry run, nothing changed: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
