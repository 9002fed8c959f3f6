from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.core.models import User
from sinergi.core.tabular import ImportRejected, UnreadableFile
from sinergi.partners.imports import organisations_import
from sinergi.partners.selectors import user_by_username


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV or XLSX file: all or nothing, matched on legal "
        "identifier or exact name so nothing is duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only; change nothing")
        parser.add_argument("--user", help="record the changes under this username")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        actor: User | None = None
        if options["user"]:
            actor = user_by_username(username=options["user"])
            if actor is None:
                raise CommandError(_("No user is called %(name)s.") % {"name": options["user"]})
        try:
            with path.open("rb") as file:
                report = organisations_import(
                    file=file, filename=path.name, actor=actor, dry_run=options["dry_run"]
                )
        except OSError as error:
            raise CommandError(str(error)) from error
        except UnreadableFile as error:
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
