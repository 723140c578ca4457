"""`make screenshots`: pictures of the built guide for a person to look at, not a test.

The home page and a letter's page, each at a desktop's size and a phone's, taken in
Debian's Chromium (as the browser tests drive it) from the site `make html` built, and
written to _build/screenshots/. Nothing here passes or fails on how they look: that is
for whoever reviews a change to the theme or the letters' layout.

    .venv/bin/python bench/screenshots.py [--site _build/html] [--out _build/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [os.fspath(ROOT / "tests" / "site" / "browser")]

from runner import serving  # noqa: E402  (bench's one way to serve a built site)

from browsing import CHROMIUM, CHROMIUM_ARGS  # type: ignore[import-not-found,unused-ignore]  # noqa: E402

#: The pages to picture, and a name for each.
PAGES = (("index.html", "home"), ("situations/rejection-call.html", "letter-page"))
VIEWPORTS = (("desktop", 1280, 900), ("phone", 390, 844))


def take(site: Path, out: Path) -> list[Path]:
    """Take each page at each size: the files written."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serving(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for name, width, height in VIEWPORTS:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for path, label in PAGES:
                page.goto(server + path)
                target = out / f"{label}-{name}.png"
                page.screenshot(path=os.fspath(target), full_page=True)
                written.append(target)
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "screenshots")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"screenshots: no built site in {args.site}: run `make html`", file=sys.stderr)
        return 2
    for path in take(args.site, args.out):
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
