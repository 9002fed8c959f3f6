from __future__ import annotations

from pathlib import Path

import pytest

from sinergi.cli import main
from sinergi.interventions.models import Intervention
from sinergi.partners.models import Organisation

pytestmark = pytest.mark.django_db
ROWS = "ref,title,function,region_code,targeted,reached\nC-1,Dari CLI,bencana,32.73,10,2\n"


def test_the_cli_imports_with_dry_run_first(
    tmp_path: Path, mitra_a: Organisation, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "3w.csv"
    path.write_text(ROWS)
    main(["import", "interventions", str(path), "--organisation", mitra_a.name, "--dry-run"])
    assert not Intervention.objects.exists()
    main(["import", "interventions", str(path), "--organisation", mitra_a.name])
    assert Intervention.objects.get(ref="C-1").organisation == mitra_a
    assert "1" in capsys.readouterr().out


def test_the_cli_reports_bad_rows_and_exits_non_zero(
    tmp_path: Path, mitra_a: Organisation, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "3w.csv"
    path.write_text(ROWS.replace("32.73", "99.99"))
    with pytest.raises(SystemExit) as exited:
        main(["import", "interventions", str(path), "--organisation", mitra_a.name])
    assert exited.value.code == 1
    assert "99.99" in capsys.readouterr().err
    assert not Intervention.objects.exists()
