"""The ``sinergi`` command: set up, load data, seed the demo and serve.

Each subcommand is a thin wrapper over a Django management command or gunicorn.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
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
    os.execv(sys.executable, argv)


def cmd_load_reference(args: argparse.Namespace) -> None:
    _django()
    _call("load_reference", *(["--force"] if args.force else []))


def cmd_demo(args: argparse.Namespace) -> None:
    _django()
    _call("seed_demo")


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
    serve.set_defaults(func=cmd_serve)
    load = sub.add_parser(
        "load-reference", help="load the official regions and boundaries (idempotent)"
    )
    load.add_argument("--force", action="store_true", help="reload even if nothing changed")
    load.set_defaults(func=cmd_load_reference)
    demo = sub.add_parser("demo", help="create the demo scenario (idempotent)")
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
