"""Bulk import of organisations from CSV or XLSX, on the shared contract (``core.tabular``).

All or nothing: every row is read and checked before anything is written, and a file with any
error is rejected whole with one ``RowError`` per problem (row, column, value, reason). Each row
is matched to a registered organisation by a legal identifier (NIB, NPWP, AHU number) or by its
exact name (folded: case, spacing and punctuation do not matter); a match is updated with the
row's non-empty cells, anything else is created. So re-importing a file never creates a
duplicate, and a row whose identifiers point at two different organisations is an error.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.core.models import User
from sinergi.core.tabular import ImportRejected, RowError, header_key, map_headers, read_table
from sinergi.core.taxonomy import PPKS, SDGS, SECTORS, Term
from sinergi.core.text import search_key
from sinergi.partners import cleaning
from sinergi.partners.models import BudgetBand, FootprintKind, Organisation, OrganisationType
from sinergi.partners.services import (
    FootprintEntry,
    OrganisationFields,
    organisation_clean,
    organisation_create,
    organisation_snapshot,
    organisation_update,
)

MAX_ROWS = 10_000
IDENTIFIERS = ("nib", "npwp", "ahu_number")
_LIST_SPLIT = re.compile(r"[;,|\n]")

# Normalised header → field. Indonesian first, then English, then HXL hashtags.
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        ["nama", "nama organisasi", "name", "organisation", "#org", "#org+name"], "name"
    ),
    **dict.fromkeys(
        ["nama singkat", "singkatan", "short name", "acronym", "#org+acronym"], "short_name"
    ),
    **dict.fromkeys(["jenis", "jenis organisasi", "type", "#org+type"], "type"),
    **dict.fromkeys(["kategori psks", "psks"], "psks"),
    "nib": "nib",
    "npwp": "npwp",
    **dict.fromkeys(["ahu", "nomor ahu", "sk ahu", "ahu number"], "ahu_number"),
    **dict.fromkeys(["wajib tjsl", "tjsl", "tjsl mandatory"], "tjsl_mandatory"),
    **dict.fromkeys(["deskripsi", "description"], "description"),
    **dict.fromkeys(["situs web", "website"], "website"),
    **dict.fromkeys(["email", "surel"], "email"),
    **dict.fromkeys(["telepon", "phone"], "phone"),
    **dict.fromkeys(["alamat", "address"], "address"),
    **dict.fromkeys(
        ["kode wilayah", "wilayah domisili", "domisili", "home region", "registered in"],
        "home_region",
    ),
    **dict.fromkeys(["nasional", "nationwide"], "nationwide"),
    **dict.fromkeys(["sektor", "sectors", "sector", "#sector"], "sectors"),
    **dict.fromkeys(["kelompok sasaran", "ppks", "target groups", "target group"], "target_groups"),
    **dict.fromkeys(["sdg", "sdgs"], "sdgs"),
    **dict.fromkeys(["wilayah kerja", "footprint", "works in"], "footprint"),
    **dict.fromkeys(["ring 1", "wilayah ring 1"], "ring_1"),
    **dict.fromkeys(["anggaran", "kisaran anggaran", "budget band", "budget"], "budget_band"),
    **dict.fromkeys(["aktif sejak", "active since"], "active_since"),
}
TYPE_SYNONYMS = {
    "bumn": OrganisationType.STATE_OWNED,
    "bumd": OrganisationType.STATE_OWNED,
    "pt": OrganisationType.PRIVATE_COMPANY,
    "perusahaan": OrganisationType.PRIVATE_COMPANY,
    "perusahaan swasta": OrganisationType.PRIVATE_COMPANY,
    "swasta": OrganisationType.PRIVATE_COMPANY,
    "yayasan": OrganisationType.FOUNDATION,
    "perkumpulan": OrganisationType.ASSOCIATION,
    "asosiasi": OrganisationType.ASSOCIATION,
    "lks": OrganisationType.NGO,
    "lsm": OrganisationType.NGO,
    "ngo": OrganisationType.NGO,
    "universitas": OrganisationType.UNIVERSITY,
    "perguruan tinggi": OrganisationType.UNIVERSITY,
    "kementerian": OrganisationType.MINISTRY,
    "dinas": OrganisationType.REGIONAL_GOVERNMENT,
    "opd": OrganisationType.REGIONAL_GOVERNMENT,
    "komunitas": OrganisationType.COMMUNITY,
}
_TRUE = {"ya", "y", "yes", "true", "1", "benar"}
_FALSE = {"tidak", "t", "no", "n", "false", "0", "salah", ""}


@dataclass(frozen=True)
class ImportRow:
    row: int
    action: str  # create | update | unchanged
    name: str
    organisation_id: int | None
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def _choice_lookup(choices: type[OrganisationType] | type[BudgetBand]) -> dict[str, str]:
    """Folded key and label (in both languages) → value."""
    lookup: dict[str, str] = {}
    for language in ("en", "id"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[search_key(str(label))] = value
    lookup.update({search_key(value): value for value in choices.values})
    return lookup


def _terms(raw: str, terms: tuple[Term, ...], unknown: list[str]) -> list[str]:
    keys = []
    for part in _LIST_SPLIT.split(raw):
        if not part.strip():
            continue
        key = cleaning.term_key(part, terms)
        if key is None:
            unknown.append(part.strip())
        else:
            keys.append(key)
    return keys


class _RowReader:
    """Turns one row's cells into ``OrganisationFields`` plus the errors found on the way."""

    def __init__(self, headers: list[str], columns: dict[str, int]) -> None:
        self.headers = headers
        self.columns = columns
        self.types = {**_choice_lookup(OrganisationType), **TYPE_SYNONYMS}
        self.bands = _choice_lookup(BudgetBand)

    def header(self, name: str) -> str:
        index = self.columns.get(name)
        return self.headers[index] if index is not None else name

    def read(self, number: int, cells: list[str]) -> tuple[OrganisationFields, list[RowError]]:
        row = _Row(number, cells, self)
        fields: dict[str, Any] = {}
        plain = ("name", "short_name", "psks", "nib", "npwp", "ahu_number", "description")
        for name in (*plain, "website", "email", "phone", "address", "home_region"):
            if row.cell(name):
                fields[name] = row.cell(name)
        fields |= row.choices({"type": self.types, "budget_band": self.bands})
        fields |= row.flags(("tjsl_mandatory", "nationwide"))
        fields |= row.terms({"sectors": SECTORS, "target_groups": PPKS, "sdgs": SDGS})
        if row.cell("active_since"):
            if row.cell("active_since").isdigit():
                fields["active_since"] = int(row.cell("active_since"))
            else:
                row.fail("active_since", _("Write a year, e.g. 2015."))
        footprint = [
            FootprintEntry(code.strip(), kind)
            for name, kind in (
                ("footprint", FootprintKind.OPERATES),
                ("ring_1", FootprintKind.RING_1),
            )
            for code in _LIST_SPLIT.split(row.cell(name))
            if code.strip()
        ]
        if footprint:
            fields["footprint"] = footprint
        return OrganisationFields(**fields), row.errors  # type: ignore[typeddict-item]


class _Row:
    """One row's cells by field name, and the errors found reading them."""

    def __init__(self, number: int, cells: list[str], reader: _RowReader) -> None:
        self.number, self.cells, self.reader = number, cells, reader
        self.errors: list[RowError] = []

    def cell(self, name: str) -> str:
        index = self.reader.columns.get(name)
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""

    def fail(self, name: str, reason: str) -> None:
        self.errors.append(RowError(self.number, self.reader.header(name), self.cell(name), reason))

    def choices(self, lookups: dict[str, dict[str, str]]) -> dict[str, str]:
        found = {}
        for name, lookup in lookups.items():
            if self.cell(name):
                value = lookup.get(search_key(self.cell(name)))
                if value is None:
                    self.fail(name, _("Unknown value."))
                else:
                    found[name] = value
        return found

    def flags(self, names: tuple[str, ...]) -> dict[str, bool]:
        found = {}
        for name in names:
            if self.cell(name):
                folded = self.cell(name).casefold()
                if folded not in _TRUE | _FALSE:
                    self.fail(name, _("Write yes or no."))
                found[name] = folded in _TRUE
        return found

    def terms(self, vocabularies: dict[str, tuple[Term, ...]]) -> dict[str, list[str]]:
        found = {}
        for name, terms in vocabularies.items():
            if self.cell(name):
                unknown: list[str] = []
                found[name] = _terms(self.cell(name), terms, unknown)
                if unknown:
                    reason = _("Unknown values: %(values)s.") % {"values": ", ".join(unknown)}
                    self.fail(name, reason)
        return found


def _validation_errors(
    number: int, error: ValidationError, reader: _RowReader, fields: OrganisationFields
) -> list[RowError]:
    found = []
    for name, messages in error.message_dict.items():
        column = "ring_1" if name == "footprint" and "footprint" not in reader.columns else name
        value = fields.get(name, "")
        shown = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
        found += [RowError(number, reader.header(column), shown, m) for m in messages]
    return found


@dataclass
class _Plan:
    number: int
    fields: OrganisationFields
    organisation: Organisation | None
    changed: list[str]


class _Matcher:
    """Finds registered organisations by identifier or folded name, and rows that repeat."""

    def __init__(self, rows: list[tuple[int, OrganisationFields]]) -> None:
        wanted: dict[str, set[str]] = {name: set() for name in (*IDENTIFIERS, "name_key")}
        for _number, fields in rows:
            for name in IDENTIFIERS:
                if fields.get(name):
                    wanted[name].add(self.identifier(name, fields))
            if fields.get("name"):
                wanted["name_key"].add(search_key(fields["name"]))
        query = Q(pk__in=[])
        for name, values in wanted.items():
            if values:
                query |= Q(**{f"{name}__in": values})
        self.index: dict[tuple[str, str], Organisation] = {}
        for organisation in Organisation.objects.filter(query):
            for name in (*IDENTIFIERS, "name_key"):
                if getattr(organisation, name):
                    self.index[(name, getattr(organisation, name))] = organisation
        self.seen: dict[tuple[str, str], int] = {}

    @staticmethod
    def identifier(name: str, fields: OrganisationFields) -> str:
        raw = str(fields.get(name, ""))
        if name == "ahu_number":
            return raw.strip()
        return re.sub(r"[\s.\-/]", "", raw)

    def keys(self, fields: OrganisationFields) -> list[tuple[str, str]]:
        keys = [(name, self.identifier(name, fields)) for name in IDENTIFIERS if fields.get(name)]
        if fields.get("name"):
            keys.append(("name_key", search_key(fields["name"])))
        return keys

    def match(
        self, number: int, fields: OrganisationFields
    ) -> tuple[Organisation | None, list[tuple[str, str]]]:
        """The registered organisation the row is about (None: a new one), and problems as
        (field, reason): a repeated row, identifiers of two organisations, a conflicting one."""
        problems: list[tuple[str, str]] = []
        keys = self.keys(fields)
        for key in keys:
            if key in self.seen:
                problems.append(
                    (key[0], _("Same organisation as row %(row)s.") % {"row": self.seen[key]})
                )
            self.seen.setdefault(key, number)
        found = {self.index[key].pk: self.index[key] for key in keys if key in self.index}
        if len(found) > 1:
            names = ", ".join(sorted(o.name for o in found.values()))
            reason = _("The identifiers point at different organisations: %(names)s.")
            problems.append(("name", reason % {"names": names}))
            return None, problems
        organisation = next(iter(found.values()), None)
        for name in IDENTIFIERS if organisation is not None else ():
            registered = getattr(organisation, name)
            given = self.identifier(name, fields) if fields.get(name) else ""
            if registered and given and registered != given:
                reason = _("%(name)s is registered with %(value)s.")
                problems.append((name, reason % {"name": str(organisation), "value": registered}))
        return organisation, problems


def _planned_changes(organisation: Organisation, clean: dict[str, Any]) -> list[str]:
    snapshot = organisation_snapshot(organisation)
    comparable = dict(clean)
    if "footprint" in comparable:
        comparable["footprint"] = [f"{code}:{kind}" for code, kind in comparable["footprint"]]
    return sorted(name for name, value in comparable.items() if snapshot.get(name) != value)


def _plan(
    table_rows: list[tuple[int, list[str]]], reader: _RowReader
) -> tuple[list[_Plan], list[RowError]]:
    errors: list[RowError] = []
    read: list[tuple[int, OrganisationFields]] = []
    failed: set[tuple[int, str]] = set()  # (row, column) already reported while reading
    for number, cells in table_rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines at the end of a sheet
        fields, row_errors = reader.read(number, cells)
        errors += row_errors
        failed |= {(e.row, e.column) for e in row_errors}
        read.append((number, fields))
    matcher = _Matcher(read)
    plans = []
    for number, fields in read:
        organisation, problems = matcher.match(number, fields)
        if organisation is not None and search_key(fields.get("name", "")) == organisation.name_key:
            # Matched by its name: the registered spelling stays.
            fields = OrganisationFields(**{k: v for k, v in fields.items() if k != "name"})  # type: ignore[typeddict-item]
        row_errors = [
            RowError(
                number,
                reader.header("name" if name == "name_key" else name),
                str(fields.get(name, "")),
                reason,
            )
            for name, reason in problems
        ]
        try:
            clean = organisation_clean(fields, partial=organisation is not None)
        except ValidationError as error:
            row_errors += [
                e
                for e in _validation_errors(number, error, reader, fields)
                if (e.row, e.column) not in failed
            ]
            clean = {}
        errors += row_errors
        if not row_errors and not any(row == number for row, _column in failed):
            changed = _planned_changes(organisation, clean) if organisation else sorted(clean)
            plans.append(_Plan(number, fields, organisation, changed))
    return plans, errors


def _apply(plan: _Plan, actor: User | None, dry_run: bool) -> ImportRow:
    name = str(plan.fields.get("name") or plan.organisation or "")
    if plan.organisation is None:
        created = None if dry_run else organisation_create(actor=actor, fields=plan.fields)
        return ImportRow(plan.number, "create", name, created.pk if created else None, plan.changed)
    if not plan.changed:
        return ImportRow(plan.number, "unchanged", name, plan.organisation.pk)
    if not dry_run:
        organisation_update(
            actor=actor, organisation=plan.organisation, fields=plan.fields, may_verify=True
        )
    return ImportRow(plan.number, "update", name, plan.organisation.pk, plan.changed)


def _header_errors(
    headers: list[str], columns: dict[str, int], unknown: list[str]
) -> list[RowError]:
    errors = []
    for header in unknown:
        if header.strip():
            close = difflib.get_close_matches(header_key(header), list(ALIASES), n=1)
            errors.append(
                RowError(1, header, header, _("Unknown column."), close[0] if close else "")
            )
    if "name" not in columns:
        errors.append(RowError(1, "nama", "", _("The file needs a name column (nama).")))
    return errors


@transaction.atomic
def organisations_import(
    *, file: IO[bytes], filename: str, actor: User | None, dry_run: bool = False
) -> ImportReport:
    """Check the whole file, then (unless ``dry_run``) create and update organisations.

    Raises ``UnreadableFile`` for a file that cannot be read and ``ImportRejected`` with
    every problem found; in both cases nothing is written."""
    table = read_table(file, filename=filename)
    columns, unknown = map_headers(table.headers, ALIASES)
    errors = _header_errors(table.headers, columns, unknown)
    rows = [(index + 2, cells) for index, cells in enumerate(table.rows)]
    if len(rows) > MAX_ROWS:
        reason = _("Split the file: at most %(count)s rows.") % {"count": MAX_ROWS}
        errors.append(RowError(1, "", str(len(rows)), reason))
    if errors:
        raise ImportRejected(errors)
    reader = _RowReader(table.headers, columns)
    plans, errors = _plan(rows, reader)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))
    report = ImportReport(dry_run=dry_run)
    for plan in plans:
        try:
            report.rows.append(_apply(plan, actor, dry_run))
        except ValidationError as error:  # a race with another writer; the transaction undoes all
            raise ImportRejected(
                _validation_errors(plan.number, error, reader, plan.fields)
            ) from None
    return report
