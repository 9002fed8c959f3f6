"""Generated evidence for demo reports: a small attendance sheet (CSV) that says in its
first line and its name that it is a demo file, not real data about real people."""

from __future__ import annotations

import io
from decimal import Decimal

from sinergi.core.models import User
from sinergi.interventions.models import Report
from sinergi.interventions.report_services import report_evidence_add

DEMO_NOTICE = "DEMO: berkas contoh buatan Sinergi untuk demonstrasi, bukan data nyata"


def demo_evidence_add(*, actor: User | None, report: Report, value: Decimal) -> None:
    """Attach a generated attendance summary to a demo report (drafts and returned ones)."""
    lines = [
        f"catatan,{DEMO_NOTICE}",
        "periode,kegiatan,jumlah_hadir",
        f"{report.period},{report.intervention.ref},{value}",
    ]
    report_evidence_add(
        actor=actor,
        report=report,
        file=io.BytesIO(("\n".join(lines) + "\n").encode()),
        filename=f"DEMO-daftar-hadir-{report.period}.csv",
        title=f"DEMO: rekap daftar hadir {report.period}",
    )
