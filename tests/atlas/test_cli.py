"""The `sinergi` command's atlas parts: `import indicators`, statistics with the reference
data, and `serve` running the task worker beside gunicorn."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from sinergi import cli


def test_import_indicators_is_a_subcommand() -> None:
    args = cli.build_parser().parse_args(
        ["import", "indicators", "values.csv", "--dry-run", "--user", "nadia"]
    )
    assert args.func is cli.cmd_import
    assert (args.file, args.dry_run, args.user) == ("values.csv", True, "nadia")
    help_text = subprocess.run(
        [sys.executable, "-m", "sinergi.cli", "import", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "indicators" in help_text


def test_serve_supervises_the_task_worker_and_ends_with_the_server() -> None:
    previous = (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT))
    worker = [sys.executable, "-c", "import time; time.sleep(60)"]
    started = time.monotonic()
    try:
        status = cli._supervise([sys.executable, "-c", "raise SystemExit(3)"], worker)
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert status == 3
    assert time.monotonic() - started < 30  # the worker was stopped, not waited out


@pytest.mark.parametrize("flag", [[], ["--force"]])
def test_load_reference_also_loads_the_statistics_and_indicator_library(
    flag: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(cli, "_django", lambda: None)
    monkeypatch.setattr(cli, "_call", lambda name, *args: calls.append((name, *args)))
    cli.main(["load-reference", *flag])
    assert calls == [
        ("load_reference", *flag),
        ("load_statistics", *flag),
        ("load_indicators", *flag),
    ]
