from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.atlas.importing import checksum_of, values_import
from sinergi.atlas.messages import describe
from sinergi.atlas.models import BatchKind, BatchStatus
from sinergi.atlas.services import import_batch_create
from sinergi.core.access import principal_for
from sinergi.core.models import User

# Share of the bar each stage fills when it starts: reading, checking, saving, done.
_STAGES = {"reading": 0.05, "checking": 0.45, "saving": 0.8, "done": 1.0}
_WIDTH = 30
SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = "Import indicator values from a CSV or XLSX file (long or wide layout)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, change nothing"
        )
        parser.add_argument(
            "--user", help="import as this user (their regions only); default: any region"
        )

    def _bar(self, stage: str, done: int, total: int) -> None:
        share = _STAGES.get(stage, 0.0)
        filled = int(share * _WIDTH)
        rows = _("%(done)d/%(total)d rows") % {"done": done, "total": total} if total else ""
        line = f"\r[{'#' * filled}{'.' * (_WIDTH - filled)}] {share:4.0%} {stage:<9} {rows}"
        sys.stderr.write(line)
        if stage == "done":
            sys.stderr.write("\n")
        sys.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No such user: %(name)s") % {"name": options["user"]})
        data = path.read_bytes()
        batch = import_batch_create(
            kind=BatchKind.CLI,
            created_by=user,
            filename=path.name,
            checksum=checksum_of(data),
            dry_run=options["dry_run"],
        )
        batch = values_import(
            batch=batch,
            data=data,
            principal=principal_for(user) if user is not None else None,
            progress=self._bar,
        )
        self._report(batch.status, batch)

    def _report(self, status: str, batch: Any) -> None:
        counts = {
            "inserted": batch.inserted,
            "updated": batch.updated,
            "unchanged": batch.unchanged,
        }
        if status == BatchStatus.SUCCEEDED:
            self.stdout.write(
                _("Imported: %(inserted)d added, %(updated)d changed, %(unchanged)d unchanged.")
                % counts
            )
        elif status == BatchStatus.PREVIEWED:
            self.stdout.write(
                _(
                    "Dry run, nothing changed: %(inserted)d would be added, %(updated)d "
                    "changed, %(unchanged)d unchanged."
                )
                % counts
            )
        else:
            sys.stderr.write("\n")
            for error in batch.errors[:SHOWN_ERRORS]:
                shown = describe(error)
                self.stderr.write(
                    _("row %(row)s, column %(column)s, value %(value)r: %(reason)s %(suggestion)s")
                    % shown
                )
            if batch.error_count > SHOWN_ERRORS:
                self.stderr.write(
                    _("… and %(more)d more (full report: GET /api/v1/atlas/imports/%(id)d/errors)")
                    % {"more": batch.error_count - SHOWN_ERRORS, "id": batch.pk}
                )
            raise CommandError(
                _("%(count)d error(s): nothing was imported.") % {"count": batch.error_count}
            )
