"""Helpers for the browser tests: how to launch Chromium, and what a page did."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("FOLLOWUP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = ROOT / "_build" / "screenshots"


@dataclass
class Watch:
    """What a page asked for and complained about."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_context(browser, server: str, watch: Watch, **options):
    context = browser.new_context(accept_downloads=True, **options)
    context.set_default_timeout(10_000)  # a missing element fails in seconds, not half a minute
    if options.get("java_script_enabled", True):
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    context.on("request", lambda request: watch.requests.append(request.url))
    context.on(
        "console",
        lambda message: (
            watch.errors.append(f"{message.text} ({message.location['url']})")
            if message.type == "error"
            else None
        ),
    )
    return context
