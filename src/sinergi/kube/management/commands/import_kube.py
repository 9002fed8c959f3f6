from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.core.access import principal_for
from sinergi.core.models import User
from sinergi.core.tabular import ImportRejected, UnreadableFile
from sinergi.kube.imports import kube_import
from sinergi.partners.selectors import user_by_username


class Command(BaseCommand):
    help = (
        "Import KUBE groups and their members from a CSV or XLSX file (one row per member): "
        "all or nothing; a person listed twice or already in a group is reported, not merged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only; change nothing")
        parser.add_argument("--user", help="import as this user (only their regions)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        actor: User | None = None
        scope: tuple[str, ...] | None = None
        if options["user"]:
            actor = user_by_username(username=options["user"])
            if actor is None:
                raise CommandError(_("No user is called %(name)s.") % {"name": options["user"]})
            principal = principal_for(actor)
            scope = None if principal.is_national_admin else principal.coordinated_regions()
        try:
            with path.open("rb") as file:
                report = kube_import(
                    file=file,
                    filename=path.name,
                    actor=actor,
                    dry_run=options["dry_run"],
                    region_scope=scope,
                )
        except (OSError, UnreadableFile) as error:
            raise CommandError(str(error)) from error
        except ImportRejected as rejected:
            # Values in the report are already masked: never a NIK on the terminal.
            for e in rejected.errors:
                self.stderr.write(f"{e.row}\t{e.column}\t{e.value}\t{e.reason}")
            raise CommandError(
                _("%(count)s error(s); nothing was imported.") % {"count": len(rejected.errors)}
            ) from rejected
        summary = _("%(groups)s groups with %(members)s members.") % {
            "groups": report.groups,
            "members": report.members,
        }
        if report.dry_run:
            summary = _("Dry run, nothing changed: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
