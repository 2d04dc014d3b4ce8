"""A real server process and a real Chromium for browser tests (Playwright, sync API)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from safecampus.settings import REPO_ROOT

from tests.databases import IN_CI

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not become healthy in time")


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[str]:
    """`safecampus serve` as a separate process on a free port, on the test's database."""
    port = _free_port()
    env = os.environ | {"SAFECAMPUS_DATABASE_URL": database_url, "SAFECAMPUS_DATA_DIR": str(tmp_path),
                        "SAFECAMPUS_LOG_LEVEL": "WARNING", "SAFECAMPUS_NOTIFY_INTERVAL_SECONDS": "0"}
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "safecampus", "serve", "--port", str(port)], env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


# Module scope: Playwright's sync API keeps an event loop running in the main thread while it
# lives, which would stop the async tests of other modules.
@pytest.fixture(scope="module")
def playwright() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"CI=true requires Chromium at {CHROMIUM}")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright) -> Iterator[object]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _watch_csp(context, violations: list[str]) -> None:
    """Collect Content-Security-Policy violations the browser reports (console errors): a test
    whose pages broke the policy fails at teardown, naming what was blocked."""
    context.on("console", lambda m: violations.append(m.text)
               if m.type == "error" and "Content Security Policy" in m.text else None)


def _no_csp_violations(violations: list[str]) -> None:
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


PHONE = {"viewport": {"width": 360, "height": 640}, "locale": "zh-CN", "device_scale_factor": 1}


@pytest.fixture
def phone(browser, playwright, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[object]:
    """Phone contexts: ``phone.new(geolocation=...)`` (a fresh profile) or
    ``phone.persistent(profile_dir, offline=...)`` (a profile on disk that survives closing the browser)."""
    opened: list[object] = []
    violations: list[str] = []

    class Phone:
        @staticmethod
        def _options(geolocation: dict[str, float] | None, **extra: object) -> dict[str, object]:
            options = dict(PHONE, **extra)
            if geolocation:
                options.update(geolocation=geolocation, permissions=["geolocation"])
            return options

        @staticmethod
        def _log(context) -> None:  # the browser's console, shown by pytest when a test fails
            context.on("console", lambda m: print(f"console.{m.type}: {m.text}") if m.type in ("error", "warning") else None)
            context.on("weberror", lambda e: print(f"page error: {e.error}"))
            _watch_csp(context, violations)

        def new(self, geolocation: dict[str, float] | None = None, **extra: object) -> object:
            context = browser.new_context(**self._options(geolocation, **extra))
            self._log(context)
            opened.append(context)
            return context

        def persistent(self, profile: Path, geolocation: dict[str, float] | None = None, offline: bool = False) -> object:
            context = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, offline=offline,
                **self._options(geolocation))
            self._log(context)
            if geolocation:  # a persistent profile does not take the permission from the options alone
                context.grant_permissions(["geolocation"])
            opened.append(context)
            return context

    yield Phone()
    ARTIFACTS.mkdir(exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
    for n, context in enumerate(opened):
        try:
            for m, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{name}-{n}{m}.png"), full_page=True)
            context.close()
        except Exception:  # already closed by the test
            pass
    _no_csp_violations(violations)


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """A phone-sized page; its screenshot is kept in test-artifacts/ for a person to look at."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN")
    violations: list[str] = []
    _watch_csp(context, violations)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    _no_csp_violations(violations)
