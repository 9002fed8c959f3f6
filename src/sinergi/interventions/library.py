"""The shipped standard indicator library (``sinergi/data/indicators/library.csv``).

A fresh install needs indicators before any intervention can report a value, so ``sinergi
init`` and ``sinergi load-reference`` load this file (``load_indicators``). Each row names
its ministry function or partner sector and government programme (``core.taxonomy`` keys),
the SDG *targets* it serves (``1.3``; the library keeps the goals, ``SDG1``, because that is
what interventions and the API filter on) and whether its values are people or families
reached (``counts_reached``: what coverage counts once approved).

Loading follows the reference-data rules (CONTRIBUTING, "Add reference data"): every row is
checked before anything is written; rows are created and updated in bulk; the file's
checksum and row count are recorded, and a run with the same file and all its rows present
changes nothing. Only library rows (no organisation) are written: an organisation's own
indicator is never touched, even when it holds a code the file uses (that row is reported
and skipped, so the install still starts).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from sinergi.core.services import audit_record
from sinergi.core.taxonomy import PROGRAMMES, SECTORS
from sinergi.interventions.models import Indicator, InterventionIndicator
from sinergi.interventions.reach import intervention_reach_refresh
from sinergi.regions.models import ReferenceDataset
from sinergi.regions.reference import ReferenceDataError

LIBRARY_FILE = Path(__file__).resolve().parent.parent / "data" / "indicators" / "library.csv"
DATASET = "indicator-library"
COLUMNS = ("code", "name", "unit", "function", "programme", "sdg_targets", "counts_reached")
# An SDG target: goal 1 to 17, then a number or a letter (the "means of implementation" targets).
SDG_TARGET = re.compile(r"^(1[0-7]|[1-9])\.([0-9]{1,2}|[a-c])$")
CODE = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{2}$")
FLAGS = {"true": True, "false": False}
# The fields the file owns: what a load compares and writes.
SYNCED = ("name", "unit", "function", "programme", "sdgs", "counts_reached")


@dataclass(frozen=True)
class LibraryRow:
    code: str
    name: str
    unit: str
    function: str
    programme: str
    sdg_targets: tuple[str, ...]
    counts_reached: bool

    @property
    def sdgs(self) -> list[str]:
        """The goals of the targets, as the library stores them (``SDG1``), sorted."""
        return sorted({f"SDG{target.split('.')[0]}" for target in self.sdg_targets})


@dataclass
class LibraryReport:
    changed: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Codes the file uses that an organisation's own indicator already holds: skipped.
    conflicts: list[str] = field(default_factory=list)


def file_checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _row(number: int, raw: dict[str, str], problems: list[str]) -> LibraryRow | None:
    where = f"line {number}"
    cells = {name: (raw.get(name) or "").strip() for name in COLUMNS}
    start = len(problems)
    if not CODE.match(cells["code"]):
        problems.append(f"{where}: code {cells['code']!r} is not like PS-01")
    problems.extend(f"{where}: {name} is empty" for name in ("name", "unit") if not cells[name])
    if cells["function"] not in {term.key for term in SECTORS}:
        problems.append(f"{where}: unknown function or sector {cells['function']!r}")
    if cells["programme"] and cells["programme"] not in {term.key for term in PROGRAMMES}:
        problems.append(f"{where}: unknown programme {cells['programme']!r}")
    targets = tuple(t.strip() for t in cells["sdg_targets"].split(";") if t.strip())
    if not targets or any(not SDG_TARGET.match(t) for t in targets):
        problems.append(f"{where}: SDG targets {cells['sdg_targets']!r} are not like 1.3;10.2")
    if cells["counts_reached"] not in FLAGS:
        problems.append(f"{where}: counts_reached must be true or false")
    if len(problems) > start:
        return None
    return LibraryRow(
        code=cells["code"],
        name=cells["name"],
        unit=cells["unit"],
        function=cells["function"],
        programme=cells["programme"],
        sdg_targets=targets,
        counts_reached=FLAGS[cells["counts_reached"]],
    )


def library_read(path: Path = LIBRARY_FILE) -> list[LibraryRow]:
    """Every row of the library file, checked; ``ReferenceDataError`` lists every problem."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ReferenceDataError([f"{path.name}: the columns must be {', '.join(COLUMNS)}"])
        problems: list[str] = []
        rows = [_row(number, raw, problems) for number, raw in enumerate(reader, start=2)]
    codes = [row.code for row in rows if row is not None]
    problems += [
        f"code {code} appears twice" for code in sorted(set(codes)) if codes.count(code) > 1
    ]
    if problems:
        raise ReferenceDataError(problems)
    return [row for row in rows if row is not None]


def _differs(indicator: Indicator, row: LibraryRow) -> bool:
    return any(getattr(indicator, name) != getattr(row, name) for name in SYNCED)


@transaction.atomic
def indicator_library_load(*, path: Path = LIBRARY_FILE, force: bool = False) -> LibraryReport:
    """Create the missing library indicators and bring changed ones to the file's values.

    Skipped entirely when the file's checksum is the one last loaded and every one of its
    codes is in the library: so an admin's later edit of a shipped row (through the API)
    stands until the file itself changes. Raises ``ReferenceDataError`` before writing
    anything if the file is inconsistent.
    """
    checksum = file_checksum(path)
    rows = library_read(path)
    codes = [row.code for row in rows]
    stored = ReferenceDataset.objects.filter(name=DATASET).first()
    present = Indicator.objects.filter(code__in=codes, organisation__isnull=True).count()
    if not force and stored is not None and stored.checksum == checksum and present == len(rows):
        return LibraryReport(changed=False, unchanged=len(rows))
    existing = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    was_counting = {i.pk: i.counts_reached for i in existing.values()}
    report = LibraryReport(changed=False)
    missing: list[Indicator] = []
    changed: list[Indicator] = []
    for row in rows:
        indicator = existing.get(row.code)
        if indicator is None:
            missing.append(Indicator(code=row.code, organisation=None))
            indicator = missing[-1]
        elif indicator.organisation_id is not None:
            report.conflicts.append(row.code)
            continue
        elif _differs(indicator, row):
            changed.append(indicator)
        else:
            report.unchanged += 1
            continue
        for name in SYNCED:
            setattr(indicator, name, getattr(row, name))
    flipped = [i.pk for i in changed if i.counts_reached != was_counting[i.pk]]
    Indicator.objects.bulk_create(missing)
    Indicator.objects.bulk_update(changed, list(SYNCED))
    if flipped:
        # Reach is the approved values of the indicator that counts people: when a shipped
        # indicator starts or stops counting, the interventions tracking it count anew.
        intervention_reach_refresh(
            intervention_ids=InterventionIndicator.objects.filter(
                indicator_id__in=flipped
            ).values_list("intervention_id", flat=True)
        )
    report.created, report.updated = len(missing), len(changed)
    report.changed = bool(missing or changed)
    ReferenceDataset.objects.update_or_create(
        name=DATASET, defaults={"checksum": checksum, "row_count": len(rows)}
    )
    if report.changed:
        audit_record(
            actor=None,
            action="indicator.library_load",
            target_type="dataset",
            target_id=DATASET,
            changes={
                "created": report.created,
                "updated": report.updated,
                "conflicts": report.conflicts,
            },
        )
    return report
