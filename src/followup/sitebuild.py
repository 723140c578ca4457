"""Build the guide as ``make html`` does, keeping the last good site when a build fails.

Sphinx builds into ``_build/staging/`` (its own output and its saved environment, so
rebuilds are incremental). Only a build with no warnings (they are errors here) is
copied to ``_build/html``, and the copy replaces the old site in one rename, so a
broken example never deletes or rewrites a page or a letter of the last good site.

This is the one definition of the build's command line: the Makefile, the tests and
``make bench`` all build through :func:`command` or :func:`build`.

    python -m followup.sitebuild [SPHINX OPTIONS...]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

#: Warnings are errors, every reference must resolve, and every warning is reported.
OPTIONS = ("-n", "-W", "--keep-going", "--no-color")
SOURCE = "docs"
BUILD = Path("_build")
STAGING = BUILD / "staging"
SITE = BUILD / "html"


def command(
    out: Path = STAGING / "html",
    doctrees: Path = STAGING / "doctrees",
    extra: Sequence[str] = (),
    source: str = SOURCE,
    *,
    strict: bool = True,
    pages: Sequence[str] = (),
) -> list[str]:
    """The ``sphinx-build`` command, to run from the project's folder.

    ``strict=False`` leaves out ``-W``, so a warning is reported but does not fail the
    build (``make bench`` measures builds that way). ``pages`` (source files, such as
    ``docs/404.md``) writes only those pages, from the saved environment.
    """
    options = OPTIONS if strict else tuple(o for o in OPTIONS if o != "-W")
    return [
        sys.executable, "-m", "sphinx", *options, "-c", ".", "-b", "html",
        "-d", os.fspath(doctrees), *extra, source, os.fspath(out), *pages,
    ]  # fmt: skip


def publish(project: Path, staged: Path, site: Path) -> None:
    """Replace ``site`` with a copy of ``staged``, never leaving a half-copied site."""
    site = project / site
    fresh = site.with_name(f".{site.name}.new")
    old = site.with_name(f".{site.name}.old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(project / staged, fresh)
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def build(
    project: Path, extra: Sequence[str] = (), *, capture: bool = True, source: str = SOURCE
) -> subprocess.CompletedProcess[str]:
    """Build ``project`` into its staging folder, and publish it to ``_build/html`` if
    the build succeeded. Returns what ``sphinx-build`` printed and its exit status."""
    result = subprocess.run(
        command(extra=extra, source=source),
        cwd=project,
        capture_output=capture,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        publish(project, STAGING / "html", SITE)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    extra = list(sys.argv[1:] if argv is None else argv)
    result = build(Path.cwd(), extra, capture=False)
    if result.returncode == 0:
        print(f"The site is in {SITE}.")
    elif (Path.cwd() / SITE).is_dir():
        print(f"The build failed, so {SITE} still holds the last good site.", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
