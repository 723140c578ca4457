"""Fixtures for tests in a real browser: the built site served on 127.0.0.1, and
Playwright driving Debian's Chromium (Playwright's own browser download is not used)."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browsing import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Watch, open_context, watch_page


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium, or a skip (a failure under CI, where it must be installed)."""
    found = shutil.which(CHROMIUM) or (CHROMIUM if Path(CHROMIUM).is_file() else None)
    if found:
        return found
    message = (
        f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium), "
        "as .ci/run does, or set FOLLOWUP_CHROMIUM to its path"
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<free port>/."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser(chromium: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture(scope="session")
def tab(browser, server: str):
    """One tab, reused by every test that asks for ``page``: a new tab starts a new
    renderer process (about 0.3 s and twice that of CPU here), a new address in the same
    tab about a tenth of that. Each test gets it reset (see ``page``)."""
    context = open_context(browser, server, Watch())
    yield context.new_page()
    context.close()


@pytest.fixture
def page(tab, server: str, watch: Watch):
    """A tab at the desktop's size, in light mode, with nothing stored and nothing shown:
    what this test's page asks for and complains about is in ``watch``."""
    tab.set_viewport_size(DESKTOP)
    tab.emulate_media(color_scheme="light")
    listeners = watch_page(tab, watch)
    yield tab
    for event, listener in listeners:
        tab.remove_listener(event, listener)
    if tab.url.startswith(server):  # what the page kept, for the next test not to see
        tab.evaluate("localStorage.clear(); sessionStorage.clear()")
    tab.goto("about:blank")
    tab.context.clear_cookies()
