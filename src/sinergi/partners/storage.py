"""Where partners' files live: agreement documents and logos, outside any public URL.

Files are kept under ``<data dir>/private`` and have no URL (``url()`` raises), so nothing is
reachable by guessing a path: every download goes through a view that runs the access helper
first. The location is read from settings on each use, so tests can point it at a temporary
directory by overriding ``DATA_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="sinergi.partners.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(Path(settings.DATA_DIR) / "private")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through an access-checked view.")


private_storage = PrivateStorage()
