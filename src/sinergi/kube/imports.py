"""Import groups and members from a Dinsos office's spreadsheet (one row per member).

The shared all-or-nothing contract (``core.tabular``): every problem in the file is reported
before anything is written. Rows belong to the same group when they share the group name and
village code. A person (same NIK hash) listed twice, or already in a group, is reported as an
error — never merged. NIKs are never echoed back: error reports show the masked form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import IO, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core.access import region_code_within
from sinergi.core.models import User
from sinergi.core.tabular import ImportRejected, RowError, map_headers, read_table
from sinergi.core.text import search_key
from sinergi.kube.identity import mask_free_text, nik_clean, nik_hash, nik_mask
from sinergi.kube.models import (
    MAX_MEMBERS,
    MIN_MEMBERS,
    OFFICER_ROLES,
    AgeBand,
    BusinessCategory,
    Member,
    MemberRole,
    Sex,
)
from sinergi.kube.services import MemberData, group_create
from sinergi.regions.codes import InvalidCodeError, Level, level_of, normalise_code
from sinergi.regions.models import Region

MAX_ROWS = 20_000
T = TypeVar("T")

ALIASES = {
    "nama kube": "group",
    "nama kelompok": "group",
    "group": "group",
    "group name": "group",
    "kode desa": "village",
    "kode wilayah": "village",
    "village code": "village",
    "#adm4+code": "village",
    "jenis usaha": "business",
    "business type": "business",
    "tanggal pembentukan": "formed_on",
    "tanggal dibentuk": "formed_on",
    "formed on": "formed_on",
    "nama anggota": "name",
    "member name": "name",
    "nik": "nik",
    "jenis kelamin": "sex",
    "sex": "sex",
    "umur": "age",
    "usia": "age",
    "age": "age",
    "jabatan": "role",
    "role": "role",
    "desil": "decile",
    "decile": "decile",
}
REQUIRED = ("group", "village", "business", "formed_on", "name", "nik", "sex", "age")

SEX_TERMS = {
    "l": Sex.MALE,
    "laki-laki": Sex.MALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "p": Sex.FEMALE,
    "perempuan": Sex.FEMALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
}
ROLE_TERMS = {
    "ketua": MemberRole.CHAIR,
    "chair": MemberRole.CHAIR,
    "sekretaris": MemberRole.SECRETARY,
    "secretary": MemberRole.SECRETARY,
    "bendahara": MemberRole.TREASURER,
    "treasurer": MemberRole.TREASURER,
    "anggota": MemberRole.MEMBER,
    "member": MemberRole.MEMBER,
    "": MemberRole.MEMBER,
}
BUSINESS_TERMS = {
    **{search_key(str(label)): value for value, label in BusinessCategory.choices},
    **{value.replace("_", " "): value for value in BusinessCategory.values},
    "pengolahan pangan": "food_processing",
    "olahan pangan": "food_processing",
    "kerajinan": "crafts",
    "pertanian": "agriculture",
    "peternakan": "livestock",
    "perikanan": "fisheries",
    "perdagangan": "trade",
    "jasa": "services",
}


def _age_band(raw: str) -> str | None:
    text = raw.strip()
    if text in AgeBand.values:
        return text
    if not text.isdigit():
        return None
    age = int(text)
    if age < 18:
        return None
    return "18-29" if age < 30 else "30-44" if age < 45 else "45-59" if age < 60 else "60+"


def _date(raw: str) -> date | None:
    text = raw.strip()[:10]
    for parse in (date.fromisoformat,):
        try:
            return parse(text)
        except ValueError:
            pass
    parts = text.replace("-", "/").split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return None
    return None


@dataclass
class _PlannedGroup:
    first_row: int
    name: str
    village: str
    business: str
    formed_on: date
    members: list[tuple[int, MemberData]] = field(default_factory=list)


@dataclass
class KubeImportReport:
    groups: int = 0
    members: int = 0
    dry_run: bool = False
    group_ids: list[int] = field(default_factory=list)


def _header_errors(headers: list[str], columns: dict[str, int]) -> list[RowError]:
    return [
        RowError(1, name, "", _("Missing column: %(column)s.") % {"column": name})
        for name in REQUIRED
        if name not in columns
    ]


@dataclass
class _Parsed:
    """One member row, parsed; None where a cell was invalid."""

    number: int
    group: str
    village: str
    business: str | None
    formed_on: date | None
    member: MemberData | None
    nik_key: str | None
    nik_masked: str


class _Checker:
    def __init__(self, columns: dict[str, int], headers: list[str]) -> None:
        self.columns = columns
        self.headers = headers
        self.errors: list[RowError] = []

    def cell(self, cells: list[str], name: str) -> str:
        index = self.columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def error(self, row: int, name: str, value: str, reason: str) -> None:
        column = self.headers[self.columns[name]] if name in self.columns else name
        self.errors.append(RowError(row, column, mask_free_text(value), reason))

    def need(self, value: T | None, row: int, cells: list[str], name: str, reason: str) -> T | None:
        """``value`` as parsed from column ``name``; None (and an error) when it is missing."""
        if value is None or value == "":
            self.error(row, name, self.cell(cells, name), reason)
            return None
        return value

    def parse(self, number: int, cells: list[str], villages: set[str]) -> _Parsed:
        cell, need = self.cell, self.need
        village_code = _code(cell(cells, "village"))
        name = need(cell(cells, "group"), number, cells, "group", _("A group name is required."))
        village = need(
            village_code if village_code in villages else None,
            number,
            cells,
            "village",
            _("Not a known village code."),
        )
        business = need(
            BUSINESS_TERMS.get(search_key(cell(cells, "business"))),
            number,
            cells,
            "business",
            _("Unknown business type."),
        )
        formed_on = need(
            _date(cell(cells, "formed_on")),
            number,
            cells,
            "formed_on",
            _("Write the date as YYYY-MM-DD."),
        )
        member_name = need(cell(cells, "name"), number, cells, "name", _("A name is required."))
        nik = need(
            nik_clean(cell(cells, "nik")), number, cells, "nik", _("A NIK has exactly 16 digits.")
        )
        sex = need(
            SEX_TERMS.get(cell(cells, "sex").lower()), number, cells, "sex", _("Write L or P.")
        )
        age_band = need(
            _age_band(cell(cells, "age")),
            number,
            cells,
            "age",
            _("Give an age of 18 or more, or an age band."),
        )
        role = need(
            ROLE_TERMS.get(cell(cells, "role").lower()),
            number,
            cells,
            "role",
            _("Write ketua, sekretaris, bendahara or anggota."),
        )
        decile_raw = cell(cells, "decile")
        decile = int(decile_raw) if decile_raw.isdigit() else None
        if decile_raw and (decile is None or not 1 <= decile <= 10):
            self.error(number, "decile", decile_raw, _("A decile is between 1 and 10."))
        member = None
        if nik and sex and age_band and role and member_name:
            member = MemberData(member_name, nik, sex, age_band, role, decile, village_code)
        return _Parsed(
            number,
            name or "",
            village or "",
            business,
            formed_on,
            member,
            nik_hash(nik) if nik else None,
            nik_mask(nik) if nik else "",
        )

    def person_once(self, row: _Parsed, first_row_of: dict[str, tuple[int, str]]) -> None:
        """A person (NIK hash) appears once in the file: later rows are errors, not merges."""
        if row.nik_key is None:
            return
        if row.nik_key in first_row_of:
            reason = _("The same person is already listed in row %(row)d.") % {
                "row": first_row_of[row.nik_key][0]
            }
            self.error(row.number, "nik", row.nik_masked, reason)
        else:
            first_row_of[row.nik_key] = (row.number, row.nik_masked)

    def group_rules(self, planned: _PlannedGroup) -> None:
        count = len(planned.members)
        if not MIN_MEMBERS <= count <= MAX_MEMBERS:
            reason = _(
                "A KUBE has between %(low)d and %(high)d member households "
                "(this one has %(count)d)."
            ) % {"low": MIN_MEMBERS, "high": MAX_MEMBERS, "count": count}
            self.error(planned.first_row, "group", planned.name, reason)
        seen_roles: set[str] = set()
        for row, data in planned.members:
            if data.role in OFFICER_ROLES:
                if data.role in seen_roles:
                    reason = _("Each officer role is held once per group.")
                    self.error(row, "role", data.role, reason)
                seen_roles.add(data.role)


def _plan(
    rows: list[tuple[int, list[str]]],
    columns: dict[str, int],
    headers: list[str],
    region_scope: tuple[str, ...] | None,
) -> tuple[list[_PlannedGroup], list[RowError]]:
    checker = _Checker(columns, headers)
    codes = {_code(checker.cell(cells, "village")) for _number, cells in rows}
    if region_scope is not None:
        # Villages outside the importer's regions count as unknown to them.
        codes = {c for c in codes if any(region_code_within(c, root) for root in region_scope)}
    villages = set(
        Region.objects.filter(
            level=Level.VILLAGE, retired_on__isnull=True, pk__in=codes
        ).values_list("pk", flat=True)
    )
    groups: dict[tuple[str, str], _PlannedGroup] = {}
    first_row_of: dict[str, tuple[int, str]] = {}
    for number, cells in rows:
        if not any(cells):
            continue
        row = checker.parse(number, cells, villages)
        checker.person_once(row, first_row_of)
        if not (row.group and row.village and row.business and row.formed_on):
            continue
        key = (search_key(row.group), row.village)
        planned = groups.get(key)
        if planned is None:
            planned = _PlannedGroup(number, row.group, row.village, row.business, row.formed_on)
            groups[key] = planned
        elif (planned.business, planned.formed_on) != (row.business, row.formed_on):
            reason = _(
                "Rows of one group agree on business type and formation date (see row %(row)d)."
            ) % {"row": planned.first_row}
            checker.error(number, "business", checker.cell(cells, "business"), reason)
        if row.member is not None:
            planned.members.append((number, row.member))
    taken = Member.objects.filter(nik_hash__in=first_row_of).values_list("nik_hash", flat=True)
    for nik_key in sorted(taken, key=lambda k: first_row_of[k][0]):
        number, masked = first_row_of[nik_key]
        checker.error(number, "nik", masked, _("This person is already a member of a KUBE."))
    for planned in groups.values():
        checker.group_rules(planned)
    return list(groups.values()), checker.errors


def _code(raw: str) -> str:
    try:
        code = normalise_code(raw)
    except InvalidCodeError:
        return ""
    return code if level_of(code) == Level.VILLAGE else ""


@transaction.atomic
def kube_import(
    *,
    file: IO[bytes],
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    region_scope: tuple[str, ...] | None = None,
) -> KubeImportReport:
    """Check the whole file, then (unless ``dry_run``) create every group with its members.

    With ``region_scope`` (a coordinator's regions), villages outside it are refused.
    Raises ``UnreadableFile`` or ``ImportRejected``; in both cases nothing is written."""
    table = read_table(file, filename=filename)
    columns, _unknown = map_headers(table.headers, ALIASES)
    errors = _header_errors(table.headers, columns)
    if errors:
        raise ImportRejected(errors)
    rows = [(index + 2, cells) for index, cells in enumerate(table.rows)]
    if len(rows) > MAX_ROWS:
        raise ImportRejected(
            [
                RowError(
                    1,
                    "",
                    str(len(rows)),
                    _("Split the file: at most %(count)s rows.") % {"count": MAX_ROWS},
                )
            ]
        )
    plans, errors = _plan(rows, columns, table.headers, region_scope)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))
    report = KubeImportReport(dry_run=dry_run)
    for plan in plans:
        report.groups += 1
        report.members += len(plan.members)
        if dry_run:
            continue
        try:
            group = group_create(
                actor=actor,
                name=plan.name,
                village_code=plan.village,
                business_category=plan.business,
                formed_on=plan.formed_on,
                members=[data for _row, data in plan.members],
            )
        except ValidationError as error:  # a race with another writer: undo everything
            reasons = "; ".join(str(m) for m in error.messages)
            raise ImportRejected([RowError(plan.first_row, "", plan.name, reasons)]) from None
        report.group_ids.append(group.pk)
    return report
