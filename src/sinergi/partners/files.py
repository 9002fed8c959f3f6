"""Checks for uploaded files, by content rather than by name.

Logos are decoded with Pillow and re-encoded as a fresh PNG no larger than 512 px, which drops
metadata and anything smuggled after the image data. Agreement documents must really be PDF
files (the ``%PDF-`` header and an end-of-file marker) and stay under a size limit.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 40_000_000  # decoded size guard against decompression bombs
LOGO_SIZE = 512
LOGO_FORMATS = frozenset({"PNG", "JPEG", "WEBP", "GIF"})
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    sha256: str


def _read_limited(file: IO[bytes], limit: int, field: str, message: str) -> bytes:
    content = file.read(limit + 1)
    if len(content) > limit:
        raise ValidationError({field: message})
    return content


def logo_prepare(file: IO[bytes]) -> CheckedFile:
    """A validated, resized PNG of the uploaded image, or ValidationError on ``logo``."""
    too_large = _("The logo is larger than %(megabytes)s MB.") % {
        "megabytes": MAX_LOGO_BYTES // 2**20
    }
    return image_prepare(file, field="logo", size=LOGO_SIZE, too_large=too_large)


def image_prepare(file: IO[bytes], *, field: str, size: int, too_large: str) -> CheckedFile:
    """Any uploaded image (logos, KUBE product photos): checked by content, decoded, and
    re-encoded as a PNG no larger than ``size`` px; problems are a ValidationError on
    ``field``."""
    content = _read_limited(file, MAX_LOGO_BYTES, field, too_large)
    invalid = ValidationError({field: _("Upload a PNG, JPEG, WebP or GIF image.")})
    try:
        with Image.open(io.BytesIO(content)) as probe:
            if probe.format not in LOGO_FORMATS:
                raise invalid
            if probe.width * probe.height > MAX_LOGO_PIXELS:
                raise ValidationError({field: _("The image has too many pixels.")})
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            converted = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise invalid from None
    converted.thumbnail((size, size))
    output = io.BytesIO()
    converted.save(output, format="PNG", optimize=True)
    data = output.getvalue()
    return CheckedFile(data, hashlib.sha256(data).hexdigest())


def pdf_check(file: IO[bytes], *, filename: str) -> CheckedFile:
    """The uploaded bytes if they are a PDF under the size limit, else ValidationError."""
    content = _read_limited(
        file,
        MAX_DOCUMENT_BYTES,
        "file",
        _("The document is larger than %(megabytes)s MB.")
        % {"megabytes": MAX_DOCUMENT_BYTES // 2**20},
    )
    is_pdf = content.startswith(b"%PDF-") and b"%%EOF" in content[-2048:]
    if not filename.lower().endswith(".pdf") or not is_pdf:
        raise ValidationError({"file": _("Upload the signed document as a PDF file.")})
    return CheckedFile(content, hashlib.sha256(content).hexdigest())
