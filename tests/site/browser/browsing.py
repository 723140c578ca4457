"""Helpers for the browser tests: how to launch Chromium, and what a page did."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("FOLLOWUP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Watch:
    """What a page asked for and complained about."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


#: Playwright's own default size, the one a reused tab goes back to.
DESKTOP = {"width": 1280, "height": 720}


def _listeners(watch: Watch) -> list[tuple[str, Callable[[Any], None]]]:
    def console(message: Any) -> None:
        if message.type == "error":
            watch.errors.append(f"{message.text} ({message.location['url']})")

    return [("request", lambda request: watch.requests.append(request.url)), ("console", console)]


def open_context(browser, server: str, watch: Watch, **options):
    """A new context (its own storage and settings), whose pages report to ``watch``."""
    context = browser.new_context(accept_downloads=True, **options)
    context.set_default_timeout(10_000)  # a missing element fails in seconds, not half a minute
    if options.get("java_script_enabled", True):
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    for event, listener in _listeners(watch):
        context.on(event, listener)
    return context


def watch_page(page, watch: Watch) -> list[tuple[str, Callable[[Any], None]]]:
    """Report what one page asks for and complains about to ``watch``, until the
    listeners returned are removed."""
    listeners = [
        *_listeners(watch),
        ("pageerror", lambda error: watch.errors.append(str(error))),
    ]
    for event, listener in listeners:
        page.on(event, listener)
    return listeners


def copy_letter(page, box, part: str = "letter") -> str:
    """Press a letter's "Copy letter" (or "Copy subject"), going on past the notice about
    blanks still in brackets if it shows, and wait until it says it has copied: the
    clipboard's text."""
    from playwright.sync_api import expect

    box.get_by_role("button", name=f"Copy {part}", exact=True).click()
    go_on = box.locator(".letter-notice button.letter-go-on")
    if go_on.count():
        go_on.click()
    expect(box.locator(".letter-status")).to_contain_text(f"{part.capitalize()} copied")
    return page.evaluate("navigator.clipboard.readText()")


def download_letter(page, box) -> str:
    """Download a letter as a text file, going on past the notice if it shows: its text."""
    with page.expect_download() as download:
        box.locator("a.letter-download").click()
        go_on = box.locator(".letter-notice button.letter-go-on")
        if go_on.count():
            go_on.click()
    return Path(download.value.path()).read_text(encoding="utf-8")
