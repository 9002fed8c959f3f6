"""The ``sinergi`` command: set up, load data, seed the demo and serve.

Each subcommand is a thin wrapper over a Django management command or gunicorn.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

DEFAULT_BIND = "127.0.0.1:8000"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
    import django

    django.setup()


def _call(name: str, *args: str) -> None:
    from django.core.management import call_command

    call_command(name, *args)


def cmd_init(args: argparse.Namespace) -> None:
    """Everything a fresh install needs before serving."""
    _django()
    _call("migrate", "--no-input", "-v", "0")
    if shutil.which("msgfmt"):
        # compilemessages walks the current directory: start it from the package, wherever
        # `sinergi init` itself was started.
        with contextlib.chdir(Path(__file__).resolve().parent):
            _call("compilemessages", "-v", "0")
    else:
        print("warning: gettext (msgfmt) is missing; pages will be in English", file=sys.stderr)
    _call("collectstatic", "--no-input", "-v", "0")
    _call("load_reference")
    _call("load_statistics")
    _call("load_indicators")
    if not args.no_demo:
        _call("seed_demo")


def cmd_serve(args: argparse.Namespace) -> None:
    print(f"Sinergi is running at http://{args.bind}/  (Ctrl+C stops it)", flush=True)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "sinergi.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-" if args.access_log else "/dev/null",
    ]
    if args.no_tasks:
        os.execv(sys.executable, argv)
    sys.exit(_supervise(argv, _TASK_WORKER))


# The background-task worker (atlas imports) that runs beside gunicorn.
_TASK_WORKER = [sys.executable, "-m", "sinergi.cli", "manage", "db_worker", "--no-reload"]
_RESTART_PAUSE = 10.0


def _supervise(server: list[str], worker: list[str]) -> int:
    """Run gunicorn and the task worker until gunicorn ends or we are told to stop; a
    worker that dies is restarted (at most every few seconds). Returns gunicorn's status."""
    children = [subprocess.Popen(server), subprocess.Popen(worker)]
    stopping = False
    restarted_at = time.monotonic()

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while children[0].poll() is None and not stopping:
        worker_died = children[1].poll() is not None and not stopping
        if worker_died and time.monotonic() - restarted_at >= _RESTART_PAUSE:
            print("the task worker stopped; restarting it", file=sys.stderr, flush=True)
            children[1] = subprocess.Popen(worker)
            restarted_at = time.monotonic()
        time.sleep(0.5)
    stopping_requested = stopping
    stop(signal.SIGTERM, None)
    for child in children:
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
    # Told to stop: a clean exit. Otherwise gunicorn ended on its own: pass its status on.
    return 0 if stopping_requested else (children[0].returncode or 0)


def cmd_load_reference(args: argparse.Namespace) -> None:
    _django()
    _call("load_reference", *(["--force"] if args.force else []))
    _call("load_statistics", *(["--force"] if args.force else []))
    _call("load_indicators", *(["--force"] if args.force else []))


def _run_import(command: str, args: argparse.Namespace, *options: str) -> None:
    """Run one import management command; a refused file exits 1 with its message."""
    _django()
    # After django.setup(): the management package is only importable with settings chosen.
    from django.core.management.base import CommandError

    try:
        _call(command, args.file, *(["--dry-run"] if args.dry_run else []), *options)
    except CommandError as error:
        print(f"sinergi import: {error}", file=sys.stderr)
        sys.exit(1)


def _user_option(args: argparse.Namespace) -> list[str]:
    return ["--user", args.user] if args.user else []


def cmd_import(args: argparse.Namespace) -> None:
    _run_import("import_indicators", args, *_user_option(args))


def cmd_import_organisations(args: argparse.Namespace) -> None:
    _run_import("import_organisations", args, *_user_option(args))


def cmd_import_interventions(args: argparse.Namespace) -> None:
    organisation = ["--organisation", args.organisation] if args.organisation else []
    _run_import("import_interventions", args, *organisation)


def cmd_import_kube(args: argparse.Namespace) -> None:
    _run_import("import_kube", args, *_user_option(args))


def cmd_demo(args: argparse.Namespace) -> None:
    _django()
    if args.scale != "national":
        _call("seed_demo")
        return
    from django.core.management.base import CommandError

    options = ["--seed", str(args.seed)]
    for name in ("organisations", "interventions", "years"):
        if getattr(args, name) is not None:
            options += [f"--{name}", str(getattr(args, name))]
    try:
        _call("seed_national", *options)
    except CommandError as error:
        print(f"sinergi demo: {error}", file=sys.stderr)
        sys.exit(1)


def cmd_manage(args: argparse.Namespace) -> None:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sinergi manage", *args.rest])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sinergi",
        description="Sinergi: map social problems together and coordinate who helps where.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = sub.add_parser(
        "init",
        help="migrate, compile messages, collect static files, "
        "load reference data and seed the demo",
    )
    init.add_argument("--no-demo", action="store_true", help="skip the demo scenario")
    init.set_defaults(func=cmd_init)
    serve = sub.add_parser("serve", help="run the production server (gunicorn)")
    serve.add_argument("--bind", default=os.environ.get("SINERGI_BIND", DEFAULT_BIND))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("SINERGI_WORKERS", "2")))
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.add_argument(
        "--no-tasks", action="store_true", help="do not run the background-task worker"
    )
    serve.set_defaults(func=cmd_serve)
    load = sub.add_parser(
        "load-reference",
        help="load the official regions, boundaries, statistics and indicator library (idempotent)",
    )
    load.add_argument("--force", action="store_true", help="reload even if nothing changed")
    load.set_defaults(func=cmd_load_reference)
    importing = sub.add_parser("import", help="import data from a CSV or XLSX file")
    kinds = importing.add_subparsers(dest="kind", required=True, metavar="KIND")
    values = kinds.add_parser(
        "indicators", help="indicator values per region and period (long or wide layout)"
    )
    values.add_argument("file", help="a .csv or .xlsx file")
    values.add_argument("--dry-run", action="store_true", help="check everything, change nothing")
    values.add_argument("--user", help="import as this user (only their regions)")
    values.set_defaults(func=cmd_import)
    organisations = kinds.add_parser(
        "organisations",
        help="partner organisations; matched on legal identifier or exact name (no duplicates)",
    )
    organisations.add_argument("file", help="a .csv or .xlsx file")
    organisations.add_argument(
        "--dry-run", action="store_true", help="check everything, change nothing"
    )
    organisations.add_argument("--user", help="record the changes under this username")
    organisations.set_defaults(func=cmd_import_organisations)
    interventions = kinds.add_parser(
        "interventions",
        help="interventions (3W: one row per intervention and location); matched on ref",
    )
    interventions.add_argument("file", help="a .csv or .xlsx file")
    interventions.add_argument(
        "--organisation", help="the lead organisation of every row (its registered name)"
    )
    interventions.add_argument(
        "--dry-run", action="store_true", help="check everything, change nothing"
    )
    interventions.set_defaults(func=cmd_import_interventions)
    kube = kinds.add_parser(
        "kube", help="KUBE groups and members (one row per member); all or nothing"
    )
    kube.add_argument("file", help="a .csv or .xlsx file")
    kube.add_argument("--dry-run", action="store_true", help="check everything, change nothing")
    kube.add_argument("--user", help="import as this user (only their regions)")
    kube.set_defaults(func=cmd_import_kube)
    demo = sub.add_parser("demo", help="create the demo scenario (idempotent)")
    demo.add_argument(
        "--scale",
        choices=["demo", "national"],
        default="demo",
        help="national: the synthetic national dataset for benchmarks (made once)",
    )
    demo.add_argument("--organisations", type=int, help="with --scale national (default 5000)")
    demo.add_argument("--interventions", type=int, help="with --scale national (default 200000)")
    demo.add_argument("--seed", type=int, default=20_260, help="with --scale national")
    demo.add_argument("--years", help="with --scale national, e.g. 2022,2023,2024,2025")
    demo.set_defaults(func=cmd_demo)
    manage = sub.add_parser("manage", help="run any Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
