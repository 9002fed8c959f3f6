"""A real Sinergi server for browser tests: `sinergi init` then `sinergi serve` (gunicorn) in
a temporary data directory, on SQLite or, when DATABASE_URL names PostgreSQL, on a fresh
database of its own. Chromium is Debian's (/usr/bin/chromium); Playwright never downloads one.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from playwright.sync_api import ConsoleMessage, Error, Page, Request, Response, expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DEMO_PASSWORD = "browser-demo-passphrase"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Tests wait for a condition, never for a fixed time: these are only the ceilings after which
# a condition that never came fails the test. Playwright's 5 s default failed on a clean clone
# at a load average of 20 (a cold server, two workers, a busy CI machine).
CONDITION_TIMEOUT_MS = 45_000
expect.set_options(timeout=CONDITION_TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # One server for all browser tests: keep them on one xdist worker.
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}, "locale": "en-US"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fresh_postgres(url: str) -> tuple[str, str]:
    """A new, empty database beside the one DATABASE_URL names; returns (url, admin url)."""
    parts = urlsplit(url)
    name = f"sinergi_e2e_{secrets.token_hex(4)}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), admin


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    # Generous: a loaded 2-core machine needs a while to import and warm two workers.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def sinergi_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server's data directory; its emails land in ``mail/`` (file email backend)."""
    return tmp_path_factory.mktemp("server")


@pytest.fixture(scope="session")
def sinergi_url(sinergi_data_dir: Path) -> Iterator[str]:
    data_dir = sinergi_data_dir
    env = {
        **os.environ,
        "SINERGI_DATA_DIR": str(data_dir),
        "SINERGI_DEMO_PASSWORD": DEMO_PASSWORD,
        "SINERGI_DEBUG": "false",
        "SINERGI_EMAIL_BACKEND": "file",
        # A worker that is still importing when a busy CI machine hands it the first request
        # must not be killed by gunicorn's 30 s default (it was, at a load average of 16).
        "GUNICORN_CMD_ARGS": "--timeout 300",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    admin_url = database = None
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"], admin_url = _fresh_postgres(env["DATABASE_URL"])
        database = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    log = data_dir / "server.log"
    cli = [sys.executable, "-m", "sinergi.cli"]
    subprocess.run(
        [*cli, "init"],
        env=env,
        check=True,
        timeout=600,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", server, log)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        if admin_url and database:
            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


class PageProblems:
    """Everything that went wrong while a page was used: failed requests, HTTP errors,
    console errors and uncaught exceptions."""

    def __init__(self, page: Page) -> None:
        self.items: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_exception)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.items.append(f"console: {message.text}")

    def _on_exception(self, error: Error) -> None:
        self.items.append(f"exception: {error}")

    def _on_failed(self, request: Request) -> None:
        # The browser fetches the favicon on its own after a page loads; a test that moves on
        # to the next page first aborts that fetch. Nothing the page asked for failed.
        if request.url.endswith("/favicon.svg") and request.failure == "net::ERR_ABORTED":
            return
        self.items.append(f"failed: {request.url} {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.items.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture(autouse=True)
def patient_page(page: Page) -> Page:
    """Actions and navigations wait as long as assertions do (see CONDITION_TIMEOUT_MS)."""
    page.set_default_timeout(CONDITION_TIMEOUT_MS)
    page.set_default_navigation_timeout(CONDITION_TIMEOUT_MS)
    return page


@pytest.fixture
def problems(page: Page) -> PageProblems:
    return PageProblems(page)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # A capture taken while the page is still loading (just after a form's redirect) can fail
    # with "Unable to capture screenshot": wait for the load, and for one more painted frame
    # if Chromium still had none to give.
    page.wait_for_load_state("load")
    try:
        page.screenshot(path=str(path))
    except Error as error:
        if "Unable to capture screenshot" not in str(error):
            raise
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => done(null)))")
        page.screenshot(path=str(path))
    return path
