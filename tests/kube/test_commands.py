"""``sinergi import kube FILE`` (the ``import_kube`` command)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sinergi.kube.models import Group

pytestmark = pytest.mark.django_db

HEADER = "Nama KUBE,Kode Desa,Jenis Usaha,Tanggal Pembentukan,Nama Anggota,NIK,Jenis Kelamin,Umur"


def _csv(path: Path, niks: list[str]) -> Path:
    rows = [
        f"KUBE Cempaka,32.73.01.1004,Perdagangan,2024-05-02,Warga {i},{nik},P,40"
        for i, nik in enumerate(niks)
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_imports_a_file(tmp_path: Path) -> None:
    out = io.StringIO()
    niks = [f"32730100000001{i:02d}" for i in range(5)]
    call_command("import_kube", str(_csv(tmp_path / "kube.csv", niks)), stdout=out)
    assert Group.objects.get().members.count() == 5
    assert "5" in out.getvalue()


def test_errors_are_listed_with_masked_niks_and_nothing_lands(tmp_path: Path) -> None:
    nik = "3273010000000777"
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_kube", str(_csv(tmp_path / "kube.csv", [nik] * 5)), stderr=err)
    assert "3273********0777" in err.getvalue() and nik not in err.getvalue()
    assert not Group.objects.exists()
