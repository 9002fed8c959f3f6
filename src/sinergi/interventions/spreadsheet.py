"""The 3W spreadsheet round trip: download an organisation's interventions as CSV or XLSX (one
row per intervention and location), edit, upload.

Rows are matched on the lead organisation's own ``ref``: a known ref updates that
intervention in place (its locations become exactly the file's rows for it), a new ref creates
one, so uploading the same file twice changes nothing the second time. The shared import
contract applies (``core.tabular``): every problem in the file is reported, and a file with
any problem changes nothing. Headers may be the column names below, their Indonesian names,
or HXL hashtags; an HXL tag row under the header (as in the HXL export) is skipped.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.core.models import User
from sinergi.core.tabular import ImportRejected, RowError, header_key, map_headers, read_table
from sinergi.core.taxonomy import PPKS, PROGRAMMES, SECTORS, Term
from sinergi.core.text import search_key
from sinergi.interventions import counting
from sinergi.interventions.bulk import BulkItem, interventions_write_bulk
from sinergi.interventions.cells import formula_unsafe
from sinergi.interventions.models import LocationMode, Status, Unit, Visibility
from sinergi.interventions.selectors import (
    StoredIntervention,
    interventions_by_ref,
    organisations_by_name,
)
from sinergi.interventions.services import (
    SCALAR_FIELDS,
    InterventionData,
    LocationEntry,
    intervention_clean,
)
from sinergi.partners.models import Organisation
from sinergi.regions.codes import InvalidCodeError, normalise_code
from sinergi.regions.models import Region

MAX_ROWS = 60_000
# What the database columns hold (the service's full_clean checked it row by row).
LARGEST = {"budget_idr": 2**63 - 1, "targeted": 2**31 - 1, "reached": 2**31 - 1}
# Column, HXL hashtag, and other accepted headers (Indonesian first).
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ref", "#activity+id", ("referensi", "kode kegiatan", "reference", "#activity+code")),
    ("organisation", "#org+name", ("organisasi", "organization", "#org")),
    ("title", "#activity+name", ("judul", "nama kegiatan")),
    ("function", "#sector", ("fungsi", "sektor", "sector")),
    ("programme", "#sector+programme", ("program", "program pemerintah", "program")),
    ("target_group", "#group+ppks", ("kelompok sasaran", "ppks", "target groups")),
    ("region_code", "#loc+code", ("kode wilayah", "kode", "region")),
    ("region_name", "#loc+name", ("nama wilayah", "wilayah", "region name")),
    ("start_date", "#date+start", ("tanggal mulai", "mulai", "start")),
    ("end_date", "#date+end", ("tanggal selesai", "selesai", "end")),
    ("status", "#status", ()),
    ("budget_idr", "#value+budget", ("anggaran", "anggaran idr", "budget")),
    ("targeted", "#targeted", ("sasaran", "jumlah sasaran")),
    (
        "reached",
        "#reached",
        # The HXL export names the declared figure beside the approved and pending ones.
        ("terjangkau", "jumlah terjangkau", "reached_declared", "#reached+declared"),
    ),
    ("unit", "#meta+unit", ("satuan",)),
    ("location_mode", "#meta+locations", ("cara angka wilayah",)),
    ("visibility", "#meta+visibility", ("visibilitas",)),
    ("description", "#description", ("deskripsi", "uraian")),
)
ADMIN_LEVELS = ("adm1", "adm2", "adm3", "adm4")
# Columns the HXL export adds for readers, computed rather than typed (the breakdown flag, the
# approved and pending reach from reports): an upload of that export skips them.
BREAKDOWN_HEADER = (
    "breakdown (1 = inside another row's location of the same activity: leave out of sums)"
)
EXPORT_ONLY: tuple[tuple[str, str], ...] = (
    (BREAKDOWN_HEADER, "#meta+breakdown"),
    ("reached_approved", "#reached+approved"),
    ("reached_pending", "#reached+pending"),
)
IGNORED = {header_key(header) for pair in EXPORT_ONLY for header in pair}
ALIASES: dict[str, str] = {}
for _name, _tag, _others in COLUMNS:
    for _header in (_name, _tag, *_others):
        ALIASES[header_key(_header)] = _name
for _level in ADMIN_LEVELS:
    for _header in (f"#{_level}+code", _level, f"{_level}_code"):
        ALIASES[header_key(_header)] = _level
# Fields of the intervention itself: equal on every row of the same ref.
INTERVENTION_FIELDS = (
    "title",
    "function",
    "programme",
    "target_group",
    "start_date",
    "end_date",
    "status",
    "budget_idr",
    "unit",
    "location_mode",
    "visibility",
    "description",
)
_LIST_SPLIT = re.compile(r"[;,|]")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class ImportRow:
    row: int
    action: str  # create | update | unchanged
    ref: str
    organisation: str
    intervention_id: int | None


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per phase

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def _lookup(terms: tuple[Term, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for term in terms:
        for text in (term.key, term.name_id, term.name_en):
            found[search_key(text)] = term.key
    return found


def _choice_lookup(choices: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for language in ("en", "id"):
        with translation.override(language):
            for value, label in choices.choices:
                found[search_key(str(label))] = value
                found[search_key(value)] = value
    return found


class _Vocabulary:
    def __init__(self) -> None:
        self.functions = _lookup(SECTORS)
        self.programmes = _lookup(PROGRAMMES)
        self.groups = _lookup(PPKS)
        self.choices = {
            "status": _choice_lookup(Status),
            "unit": _choice_lookup(Unit),
            "location_mode": _choice_lookup(LocationMode),
            "visibility": _choice_lookup(Visibility),
        }


def _parse_date(text: str) -> date | None:
    match = _DATE.match(text)
    if match:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _DMY.match(text)
    if match:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    raise ValueError(text)


def _parse_int(text: str) -> int:
    cleaned = re.sub(r"^rp\.?", "", text.strip().casefold()).strip()
    cleaned = re.sub(r"[\s.,]", "", cleaned)
    if not cleaned.isdigit():
        raise ValueError(text)
    return int(cleaned)


class _Row:
    """One row's cells by field, parsed, with the errors found on the way."""

    def __init__(self, number: int, cells: list[str], sheet: _Sheet) -> None:
        self.number, self.cells, self.sheet = number, cells, sheet
        self.errors: list[RowError] = []
        self.values: dict[str, Any] = {}

    def cell(self, name: str) -> str:
        index = self.sheet.columns.get(name)
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""

    def fail(self, name: str, reason: str, value: str | None = None) -> None:
        shown = self.cell(name) if value is None else value
        self.errors.append(RowError(self.number, self.sheet.header(name), shown, reason))

    def parse(self, name: str, parser: Callable[[str], Any], reason: str) -> None:
        if self.cell(name):
            try:
                self.values[name] = parser(self.cell(name))
            except ValueError:
                self.fail(name, reason)

    def read(self, vocabulary: _Vocabulary) -> None:
        for name in ("ref", "title", "description"):
            self.values[name] = self.cell(name)
        if not self.values["ref"]:
            self.fail("ref", _("Give each row the intervention's reference."))
        if not self.values["title"]:
            self.fail("title", _("Give the intervention a title."))
        self._choices(vocabulary)
        self._target_groups(vocabulary)
        bad_date = _("Write the date as YYYY-MM-DD.")
        self.parse("start_date", _parse_date, bad_date)
        self.parse("end_date", _parse_date, bad_date)
        bad_number = _("Write a whole number without decimals.")
        for name, largest in LARGEST.items():
            self.parse(name, _parse_int, bad_number)
            if self.values.get(name, 0) > largest:
                self.fail(name, _("At most %(largest)s.") % {"largest": largest})
        self.values["region"] = self._region()

    def _choices(self, vocabulary: _Vocabulary) -> None:
        for name, lookup in (
            ("function", vocabulary.functions),
            ("programme", vocabulary.programmes),
            *vocabulary.choices.items(),
        ):
            if self.cell(name):
                value = lookup.get(search_key(self.cell(name)))
                if value is None:
                    self.fail(name, _("Unknown value."))
                self.values[name] = value
        if not self.cell("function"):
            self.fail("function", _("Name the function or sector."))

    def _target_groups(self, vocabulary: _Vocabulary) -> None:
        groups: list[str] = []
        unknown: list[str] = []
        for part in _LIST_SPLIT.split(self.cell("target_group")):
            if part.strip():
                key = vocabulary.groups.get(search_key(part))
                (groups if key else unknown).append(key or part.strip())
        if unknown:
            reason = _("Unknown target groups: %(values)s.") % {"values": ", ".join(unknown)}
            self.fail("target_group", reason)
        self.values["target_group"] = tuple(sorted(set(groups)))

    def _region(self) -> str:
        """The deepest code given (region_code, or adm4 … adm1), consistent with the rest."""
        given: list[tuple[str, str]] = []
        for name in (*ADMIN_LEVELS, "region_code"):
            if self.cell(name):
                try:
                    given.append((name, normalise_code(self.cell(name))))
                except InvalidCodeError:
                    self.fail(name, _("Not a Kemendagri region code."))
                    return ""
        if not given:
            self.fail("region_code", _("Give the region code of the location."), "")
            return ""
        deepest = max(given, key=lambda item: item[1].count("."))[1]
        for name, code in given:
            if not counting.within(deepest, code):
                self.fail(name, _("This code does not contain %(code)s.") % {"code": deepest})
        return deepest


class _Sheet:
    def __init__(self, headers: list[str], columns: dict[str, int]) -> None:
        self.headers, self.columns = headers, columns

    def header(self, name: str) -> str:
        index = self.columns.get(name)
        return self.headers[index] if index is not None else name


@dataclass
class _Group:
    organisation: Organisation
    rows: list[_Row]


def _owner(
    row: _Row,
    organisation: Organisation | None,
    known: dict[str, Organisation],
    keys: dict[str, str],
) -> Organisation | None:
    if not row.cell("organisation"):
        if organisation is None:
            row.fail("organisation", _("Name the lead organisation."), "")
        return organisation
    named = known.get(keys[row.cell("organisation")])
    if named is None:
        row.fail("organisation", _("No registered organisation has this name."))
        return None
    if organisation is not None and named.pk != organisation.pk:
        row.fail("organisation", _("This file is for %(name)s.") % {"name": organisation.name})
        return None
    return named


def _group(
    rows: list[_Row], organisation: Organisation | None, sheet: _Sheet
) -> dict[tuple[int, str], _Group]:
    keys: dict[str, str] = {}  # each name's search key, once (a few hundred names, many rows)
    for row in rows:
        name = row.cell("organisation")
        if name and name not in keys:
            keys[name] = search_key(name)
    known = organisations_by_name(names=set(keys.values()))
    groups: dict[tuple[int, str], _Group] = {}
    for row in rows:
        owner = _owner(row, organisation, known, keys)
        if owner is None or not row.values["ref"]:
            continue
        key = (owner.pk, row.values["ref"])
        group = groups.setdefault(key, _Group(owner, []))
        if group.rows:
            first = group.rows[0]  # compared below
            for name in INTERVENTION_FIELDS:
                if name in sheet.columns and row.values.get(name) != first.values.get(name):
                    reason = _("Differs from row %(row)s of the same reference.")
                    row.fail(name, reason % {"row": first.number})
            if row.values["region"] in {r.values["region"] for r in group.rows}:
                reason = _("Same reference and region as row %(row)s.") % {"row": first.number}
                row.fail("region_code", reason, row.values["region"])
        group.rows.append(row)
    return groups


def _data(group: _Group, existing: StoredIntervention | None, sheet: _Sheet) -> InterventionData:
    """The intervention the rows describe; columns the file does not have keep their value."""
    first = group.rows[0].values
    data = InterventionData(ref=first["ref"], title=first["title"], function="")
    if existing is not None:
        for name in SCALAR_FIELDS:
            if name not in ("ref", "title"):
                setattr(data, name, getattr(existing.intervention, name))
        data.target_groups = list(existing.target_groups)
        data.parties = list(existing.parties)
    for name in ("function", "programme", "status", "unit", "location_mode", "visibility"):
        if name in sheet.columns:
            setattr(data, name, first.get(name) or getattr(InterventionData, name, ""))
    for name in ("start_date", "end_date", "budget_idr", "description"):
        if name in sheet.columns:
            setattr(data, name, first.get(name) or (None if name != "description" else ""))
    if "target_group" in sheet.columns:
        data.target_groups = list(first["target_group"])
    data.locations = [
        LocationEntry(
            row.values["region"], row.values.get("targeted", 0), row.values.get("reached", 0)
        )
        for row in group.rows
    ]
    if data.location_mode == LocationMode.SPLIT:
        data.targeted = sum(entry.targeted for entry in data.locations)
        data.reached = sum(entry.reached for entry in data.locations)
    return data


def _unchanged(
    stored: StoredIntervention, data: InterventionData, population: dict[str, int]
) -> bool:
    existing = stored.intervention
    entries = data.locations
    if data.location_mode == LocationMode.SPLIT:
        codes = counting.outermost(e.region for e in entries)
        weights = {code: population.get(code, 0) for code in codes}
        targeted, reached = (
            counting.split(data.targeted, weights),
            counting.split(data.reached, weights),
        )
        entries = [LocationEntry(c, targeted[c], reached[c]) for c in codes]
    planned = {
        "title": data.title,
        "description": data.description,
        "function": data.function,
        "programme": data.programme,
        "status": data.status,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "budget_idr": data.budget_idr,
        "unit": data.unit,
        "location_mode": data.location_mode,
        "visibility": data.visibility,
    }
    if any(getattr(existing, name) != value for name, value in planned.items()):
        return False
    if sorted(stored.target_groups) != sorted(set(data.target_groups)):
        return False
    current = sorted(stored.locations)
    return current == sorted((e.region, e.targeted, e.reached) for e in entries)


def _validation_errors(error: ValidationError, group: _Group, sheet: _Sheet) -> list[RowError]:
    column = {"locations": "region_code", "target_groups": "target_group", "ref": "ref"}
    first = group.rows[0]
    found = []
    for name, messages in error.message_dict.items():
        header = sheet.header(column.get(name, name))
        value = first.cell(column.get(name, name))
        found += [RowError(first.number, header, value, message) for message in messages]
    return found


def _header_errors(columns: dict[str, int], unknown: list[str], fixed: bool) -> list[RowError]:
    errors = [
        RowError(1, header, header, _("Unknown column.")) for header in unknown if header.strip()
    ]
    required = ["ref", "title", "function"] + ([] if fixed else ["organisation"])
    for name in required:
        if name not in columns:
            reason = _("The file needs a %(column)s column.") % {"column": name}
            errors.append(RowError(1, name, "", reason))
    if not ({"region_code", *ADMIN_LEVELS} & set(columns)):
        reason = _("The file needs a %(column)s column.") % {"column": "region_code"}
        errors.append(RowError(1, "region_code", "", reason))
    return errors


def _is_tag_row(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell.strip()]
    return bool(filled) and all(cell.strip().startswith("#") for cell in filled)


@dataclass
class CheckedRows:
    """A file read and every row checked on its own (no database involved)."""

    sheet: _Sheet
    rows: list[_Row]


def interventions_read_rows(
    file: IO[bytes], *, filename: str, fixed_organisation: bool = False
) -> CheckedRows:
    """Read the file and check its headers and every row by itself (cells, codes, keys,
    dates, numbers), without touching the database. Raises ``UnreadableFile``, or
    ``ImportRejected`` for header problems; row problems stay on the rows."""
    table = read_table(file, filename=filename)
    columns, unknown = map_headers(table.headers, ALIASES)
    unknown = [header for header in unknown if header_key(header) not in IGNORED]
    errors = _header_errors(columns, unknown, fixed_organisation)
    raw = [(index + 2, cells) for index, cells in enumerate(table.rows)]
    if raw and _is_tag_row(raw[0][1]):
        raw = raw[1:]
    if len(raw) > MAX_ROWS:
        reason = _("Split the file: at most %(count)s rows.") % {"count": MAX_ROWS}
        errors.append(RowError(1, "", str(len(raw)), reason))
    if errors:
        raise ImportRejected(errors)
    sheet = _Sheet(table.headers, columns)
    vocabulary = _Vocabulary()
    rows = []
    for number, cells in raw:
        if any(cell.strip() for cell in cells):
            row = _Row(number, [formula_unsafe(cell) for cell in cells], sheet)
            row.read(vocabulary)
            rows.append(row)
    return CheckedRows(sheet, rows)


@dataclass
class _Plan:
    group: _Group
    found: StoredIntervention | None
    data: InterventionData


def _plan(
    rows: list[_Row],
    groups: dict[tuple[int, str], _Group],
    sheet: _Sheet,
    may_write: Callable[[Organisation], bool] | None,
) -> tuple[list[_Plan], set[str], dict[str, int]]:
    for owner in {g.organisation for g in groups.values()}:
        if may_write is not None and not may_write(owner):
            reason = _("You may not change this organisation's interventions.")
            first = next(g.rows[0] for g in groups.values() if g.organisation == owner)
            first.fail("organisation", reason, owner.name)
    codes = {row.values["region"] for row in rows if row.values["region"]}
    regions = dict(
        Region.objects.filter(code__in=codes, retired_on__isnull=True).values_list(
            "code", "population"
        )
    )
    known_regions, population = set(regions), {k: v or 0 for k, v in regions.items()}
    for row in rows:  # on the row that names it, not only the intervention's first row
        if row.values["region"] and row.values["region"] not in known_regions:
            reason = _("No current region has the code %(codes)s.")
            row.fail("region_code", reason % {"codes": row.values["region"]}, row.values["region"])
    existing = interventions_by_ref(organisation_ids={key[0] for key in groups})
    plans: list[_Plan] = []
    errors: list[RowError] = []
    for key, group in groups.items():
        if any(row.errors for row in group.rows):
            continue
        data = _data(group, existing.get(key), sheet)
        try:
            intervention_clean(data, known_regions=known_regions)
        except ValidationError as error:
            errors += _validation_errors(error, group, sheet)
            continue
        plans.append(_Plan(group, existing.get(key), data))
    errors += [error for row in rows for error in row.errors]
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.column)))
    return plans, known_regions, population


def _write(
    plans: list[_Plan], actor: User | None, dry_run: bool, population: dict[str, int]
) -> list[ImportRow]:
    """What each planned intervention becomes; unless ``dry_run``, written in bulk."""
    rows: list[ImportRow] = []
    todo: list[tuple[int, BulkItem]] = []
    for plan in plans:
        found, data = plan.found, plan.data
        number, name = plan.group.rows[0].number, plan.group.organisation.name
        if found is not None and _unchanged(found, data, population):
            rows.append(ImportRow(number, "unchanged", data.ref, name, found.intervention.pk))
            continue
        action = "create" if found is None else "update"
        pk = found.intervention.pk if found else None
        rows.append(ImportRow(number, action, data.ref, name, pk))
        if not dry_run:
            todo.append((len(rows) - 1, BulkItem(plan.group.organisation, found, data)))
    if todo:
        ids = interventions_write_bulk(
            actor=actor, items=[item for _index, item in todo], population=population
        )
        for (index, _item), pk in zip(todo, ids, strict=True):
            rows[index] = replace(rows[index], intervention_id=pk)
    return rows


@transaction.atomic
def interventions_import(
    *,
    file: IO[bytes],
    filename: str,
    actor: User | None,
    organisation: Organisation | None = None,
    may_write: Callable[[Organisation], bool] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Check the whole file, then (unless ``dry_run``) create and update interventions.

    ``organisation`` fixes the lead organisation (rows may leave it empty, and may not name
    another); ``may_write`` says whether the actor may change an organisation's
    interventions (None: any). Raises ``UnreadableFile`` or ``ImportRejected``; then nothing
    is written."""
    clock = time.perf_counter()
    checked = interventions_read_rows(
        file, filename=filename, fixed_organisation=organisation is not None
    )
    report = ImportReport(dry_run=dry_run)
    report.seconds["read_and_check_rows"] = time.perf_counter() - clock
    clock = time.perf_counter()
    groups = _group(checked.rows, organisation, checked.sheet)
    plans, _known, population = _plan(checked.rows, groups, checked.sheet, may_write)
    report.seconds["match_and_check_interventions"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report.rows = _write(plans, actor, dry_run, population)
    report.seconds["write"] = time.perf_counter() - clock
    return report
