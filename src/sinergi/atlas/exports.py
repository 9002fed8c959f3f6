"""Open data out: any map layer as CSV, HXL-tagged CSV, XLSX or GeoJSON, with each figure's
source, status (rolled up, modelled, demo, suppressed) and note. Exports are public views:
small counts of sensitive groups are blank with the status ``suppressed``."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import xlsxwriter
from django.utils.translation import gettext as _

from sinergi.atlas.engines.people_in_need import Method
from sinergi.atlas.layers import NEED_INDEX, PIN_PREFIX, Layer, indicators
from sinergi.atlas.models import ImportBatch, Source
from sinergi.atlas.payloads import number, suppressed_mask
from sinergi.regions.codes import Level
from sinergi.regions.models import Boundary, Region

FORMATS = ("csv", "hxl", "xlsx", "geojson")
COLUMNS = (
    "code",
    "name",
    "parent_code",
    "level",
    "indicator",
    "period",
    "value",
    "unit",
    "status",
    "source",
    "publication",
    "note",
)
_HXL_TAGS = {
    "code": "#adm{level}+code",
    "name": "#adm{level}+name",
    "parent_code": "#adm{parent}+code",
    "level": "#meta+level",
    "indicator": "#indicator+code",
    "period": "#date+period",
    "value": "#indicator+value+num",
    "unit": "#meta+unit",
    "status": "#status",
    "source": "#meta+source",
    "publication": "#meta+publication",
    "note": "#description",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def _statuses(layer: Layer, hidden: np.ndarray) -> list[str]:
    statuses = []
    for i in range(len(layer.codes)):
        parts = []
        if hidden[i]:
            parts.append("suppressed")
        if layer.rolled_up[i]:
            parts.append("rolled_up")
        if layer.methods is not None and layer.methods[i] == Method.MODELLED:
            parts.append("modelled")
        if layer.methods is not None and layer.methods[i] == Method.OFFICIAL:
            parts.append("official_count")
        if layer.demo[i]:
            parts.append("demo")
        if layer.breaks[i]:
            parts.append("pre_split_boundary")
        statuses.append(" ".join(parts))
    return statuses


def _provenance(layer: Layer, keep: np.ndarray) -> list[tuple[str, str]]:
    """(source, publication) per kept region, from the cell's source or its batch's."""
    source_ids = {int(s) for s in layer.sources[keep] if s >= 0}
    batch_ids = {int(b) for b in layer.batches[keep] if b >= 0}
    batch_sources: dict[int, int | None] = dict(
        ImportBatch.objects.filter(pk__in=batch_ids).values_list("pk", "source_id")
    )
    source_ids |= set(filter(None, batch_sources.values()))
    sources = {
        pk: (name, publication)
        for pk, name, publication in Source.objects.filter(pk__in=source_ids).values_list(
            "pk", "name", "publication"
        )
    }
    found = []
    for source, batch in zip(layer.sources[keep], layer.batches[keep], strict=True):
        pk = int(source) if source >= 0 else batch_sources.get(int(batch))
        found.append(sources.get(pk, ("", "")) if pk is not None else ("", ""))
    return found


def layer_rows(layer: Layer, *, parent: str = "") -> list[dict[str, Any]]:
    """One dict per region with a figure (or a withheld one), in code order."""
    hidden = suppressed_mask(layer)
    keep = ~np.isnan(layer.values) | hidden
    if parent:
        keep &= np.char.startswith(layer.codes.astype(str), parent + ".")
    codes = [str(c) for c in layer.codes[keep]]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    statuses = np.array(_statuses(layer, hidden), dtype=object)[keep]
    provenance = _provenance(layer, keep)
    unit = (
        "score"
        if layer.key == NEED_INDEX
        else indicators()[layer.key.removeprefix(PIN_PREFIX)].unit
    )
    positions = np.flatnonzero(keep)
    rows = []
    for i, code in enumerate(codes):
        position = int(positions[i])
        withheld = bool(hidden[position])
        rows.append(
            {
                "code": code,
                "name": names.get(code, ""),
                "parent_code": code.rsplit(".", 1)[0] if "." in code else "",
                "level": Level(layer.level).key,
                "indicator": layer.key,
                "period": layer.period,
                "value": "" if withheld else number(float(layer.values[position])),
                "unit": unit,
                "status": statuses[i],
                "source": provenance[i][0],
                "publication": provenance[i][1],
                "note": layer.notes.get(position, ""),
            }
        )
    return rows


def _csv(rows: list[dict[str, Any]], hxl_level: int | None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    if hxl_level is not None:
        writer.writerow(
            [
                _HXL_TAGS[c].format(level=hxl_level, parent=max(hxl_level - 1, 1))
                if not (c == "parent_code" and hxl_level == 1)
                else ""
                for c in COLUMNS
            ]
        )
    for row in rows:
        writer.writerow([row[c] for c in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows: list[dict[str, Any]], title: str) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(_("data")[:31])
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, COLUMNS, bold)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, [row[c] for c in COLUMNS])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 32)
    about = workbook.add_worksheet(_("about")[:31])
    about.write(0, 0, title, bold)
    about.write(
        1,
        0,
        _(
            "Sinergi atlas export. Blank values marked 'suppressed' are small counts of a "
            "sensitive group, withheld on public views."
        ),
    )
    workbook.close()
    return output.getvalue()


def _geojson(rows: list[dict[str, Any]]) -> bytes:
    geometry = dict(
        Boundary.objects.filter(region_id__in=[r["code"] for r in rows]).values_list(
            "region_id", "geometry"
        )
    )
    features = [
        {
            "type": "Feature",
            "id": row["code"],
            "properties": row,
            "geometry": json.loads(geometry[row["code"]]) if row["code"] in geometry else None,
        }
        for row in rows
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, separators=(",", ":")
    ).encode()


def layer_export(layer: Layer, *, fmt: str, parent: str = "", title: str = "") -> ExportFile:
    rows = layer_rows(layer, parent=parent)
    stem = f"sinergi-{layer.key}-{Level(layer.level).key}-{layer.period}"
    if parent:
        stem += f"-{parent}"
    if fmt == "xlsx":
        return ExportFile(
            _xlsx(rows, title or stem),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{stem}.xlsx",
        )
    if fmt == "geojson":
        return ExportFile(_geojson(rows), "application/geo+json", f"{stem}.geojson")
    if fmt == "hxl":
        return ExportFile(_csv(rows, layer.level), "text/csv; charset=utf-8", f"{stem}-hxl.csv")
    return ExportFile(_csv(rows, None), "text/csv; charset=utf-8", f"{stem}.csv")
