"""`sinergi import organisations` (the CLI) and the demo scenario."""

from pathlib import Path

import pytest

from sinergi.cli import main
from sinergi.core.models import RoleAssignment, User
from sinergi.partners.demo import ASSOCIATION, NAPZA_COMPANY, partners_demo_seed
from sinergi.partners.models import Agreement, Organisation
from sinergi.partners.selectors import alert_list, commitment_list, commitment_progress
from sinergi.web.demo import demo_seed

pytestmark = pytest.mark.django_db


def test_the_cli_imports_organisations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mitra.csv"
    path.write_text("nama,jenis,nib\nPT Baru,private_company,9120000000099\n", encoding="utf-8")
    main(["import", "organisations", str(path), "--dry-run"])
    assert not Organisation.objects.exists()
    main(["import", "organisations", str(path)])
    main(["import", "organisations", str(path)])  # again: nothing new
    assert list(Organisation.objects.values_list("name", flat=True)) == ["PT Baru"]
    assert "1 tidak berubah" in capsys.readouterr().out
    path.write_text("nama,jenis\nPT Lain,kapal\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["import", "organisations", str(path)])
    assert stopped.value.code == 1
    assert "kapal" in capsys.readouterr().err
    assert not Organisation.objects.filter(name="PT Lain").exists()


def test_the_demo_scenario(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINERGI_DEMO_PASSWORD", "demo-passphrase-for-tests")
    demo_seed()
    agreements = Agreement.objects.count()
    names = partners_demo_seed()  # again: idempotent
    assert Agreement.objects.count() == agreements
    assert len(names) == 6 and Organisation.objects.filter(name__in=names).count() == 6
    assert all(
        name.endswith("(Demo)") for name in Organisation.objects.values_list("name", flat=True)
    )
    mitra = User.objects.get(username="mitra")
    company = Organisation.objects.get(name=NAPZA_COMPANY)
    roles = list(RoleAssignment.objects.filter(user=mitra).values_list("role", "organisation_id"))
    assert ("partner_admin", company.pk) in roles and ("partner_admin", None) not in roles
    mou = Agreement.objects.get(number="DEMO/MOU/001/2025")
    assert mou.status == "active"
    assert ASSOCIATION in [p.organisation.name for p in mou.parties.all()]
    commitments = commitment_list(agreement=mou)
    progress = commitment_progress(commitments)
    assert sorted(int(progress[c.pk].value) for c in commitments) == [31, 58]  # as reported
    assert Agreement.objects.filter(title__startswith="Draf PKS", status="draft").count() == 1
    # something for the alerts panel: the NAPZA PKS ends in 45 days
    assert "agreement_expiring" in {alert.kind for alert in alert_list(user=mitra)}
