"""Checks for evidence files on progress reports, by content rather than by name.

Accepted: PDF (``%PDF-`` header and an end-of-file marker), JPEG and PNG (decoded by Pillow),
XLSX (a zip holding a workbook) and CSV (UTF-8 text without NUL bytes that the csv module
reads). The name's extension must agree with the content, and files stay under 10 MB.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "xlsx": XLSX,
    "csv": "text/csv",
}


@dataclass(frozen=True)
class CheckedEvidence:
    content: bytes
    sha256: str
    extension: str
    content_type: str


def _is_pdf(content: bytes) -> bool:
    return content.startswith(b"%PDF-") and b"%%EOF" in content[-2048:]


def _is_image(content: bytes, expected: str) -> bool:
    try:
        with Image.open(io.BytesIO(content)) as probe:
            if probe.format != expected or probe.width * probe.height > MAX_IMAGE_PIXELS:
                return False
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return True


def _is_xlsx(content: bytes) -> bool:
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _is_csv(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return False
    return bool(rows)


CHECKS = {
    "pdf": _is_pdf,
    "jpg": lambda content: _is_image(content, "JPEG"),
    "jpeg": lambda content: _is_image(content, "JPEG"),
    "png": lambda content: _is_image(content, "PNG"),
    "xlsx": _is_xlsx,
    "csv": _is_csv,
}


def evidence_check(file: IO[bytes], *, filename: str) -> CheckedEvidence:
    """The uploaded bytes if they are what their name says (PDF, JPEG, PNG, XLSX or CSV)
    and under the size limit; else ValidationError on ``file``."""
    content = file.read(MAX_EVIDENCE_BYTES + 1)
    if len(content) > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(megabytes)s MB.")
                % {"megabytes": MAX_EVIDENCE_BYTES // 2**20}
            }
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    check = CHECKS.get(extension)
    if check is None or not content or not check(content):
        raise ValidationError(
            {"file": _("Upload a PDF, JPEG, PNG, XLSX or CSV file whose content matches its name.")}
        )
    return CheckedEvidence(
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        extension=extension,
        content_type=CONTENT_TYPES[extension],
    )
