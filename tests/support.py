"""Helpers the three layers of tests share (and ``make bench`` imports).

- :data:`REAL`: the project's own examples, loaded once, lazily.
- :func:`copy_project`: a throwaway copy of what a build of the guide reads.
- :func:`copy_root`: a throwaway copy of one tiny test project under ``tests/roots/``.
- :func:`build_site`: build a copy as ``make html`` does (through ``followup.sitebuild``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Sequence
from functools import cache, cached_property
from pathlib import Path

from followup.model import Catalogue

TYPE_CHECKING = False
if TYPE_CHECKING:
    from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
ROOTS = ROOT / "tests" / "roots"
# CONTRIBUTING.md is shown in the guide, so a build reads it too.
PROJECT_PARTS = (
    "conf.py",
    "CONTRIBUTING.md",
    "SECURITY.md",
    "docs",
    "examples",
    "snippets",
    "tests/corpus",
)

#: Values for every letter variable, for filling letters in.
SAMPLE_VALUES = {
    "your_name": "Sam Lee",
    "their_name": "Ana Silva",
    "organisation": "Northwind",
    "role": "Data Analyst",
    "your_phone": "07700 900123",
    "your_email": "sam.lee@example.org",
}


#: What a contributor writes in place of each instruction ``followup new`` leaves.
WRITTEN = {
    "short title": "After a video call",
    "when a reader should send": "Your first interview was a video call, and they wrote to say no.",
    "goes in the slot": "What you enjoyed most, in a sentence",
    "moment from an interview": "I enjoyed hearing how your support team shares its notes.",
    "point from their feedback": "Your point that my examples were too general was fair.",
    "thanks them for letting": "Thank you for getting back to me so soon.",
    "asks for feedback": "Would you share a few words on how my answers came across?",
    "need not reply": "Only if you have a spare moment.",
    "future roles": "I would be glad to hear about later openings.",
}


def fill(text: str) -> str:
    """Replace each scaffold instruction with what a contributor would write."""
    from followup.example import SCAFFOLD_MARKER

    def replace(found: re.Match[str]) -> str:
        (sentence,) = [s for key, s in WRITTEN.items() if key in found.group()]
        return sentence

    return SCAFFOLD_MARKER.sub(replace, text)


class RealProject:
    """The project's own examples and snippets, loaded the first time they are asked for."""

    examples_dir = ROOT / "examples"
    snippets_dir = ROOT / "snippets"

    @cached_property
    def catalogue(self) -> Catalogue:
        from followup.catalogue import load_catalogue

        return load_catalogue(self.examples_dir, self.snippets_dir)


REAL = RealProject()


@cache
def filled_in() -> dict[str, str]:
    """Values for every blank of the real letters, variables and details alike: what a
    reader would write, and clearly not from a template (loads the catalogue once)."""
    details = REAL.catalogue.details
    return {**SAMPLE_VALUES, **{name: "Sam wrote this part." for name in details}}


def weak_phrases() -> list[str]:
    """What anatomy and what-not-to-write call weak: their "Weak" and "Don't" columns."""
    found = []
    for page in ("writing/anatomy.md", "writing/what-not-to-write.md"):
        for line in (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            header = cells[0] in ("Weak", "Don't") or set(cells[0]) <= set("- ")
            if line.startswith("|") and len(cells) == 2 and not header:
                found.append(cells[0])
    return found


class Site:
    """The built guide: its folder, and each page parsed once, on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._soups: dict[Path, BeautifulSoup] = {}

    def pages(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.html") if "_static" not in p.parts)

    def soup(self, page: Path | str) -> BeautifulSoup:
        """A page parsed (once). Do not change it: every test shares it."""
        path = page if isinstance(page, Path) else self.root / page
        if path not in self._soups:
            from bs4 import BeautifulSoup

            self._soups[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return self._soups[path]

    def name(self, page: Path) -> str:
        """The page's docname: ``situations/final-round``."""
        return page.relative_to(self.root).with_suffix("").as_posix()

    @cached_property
    def where_shown(self) -> dict[str, list[Path]]:
        """Each example id, and the pages that show it."""
        found: dict[str, list[Path]] = {}
        for page in self.pages():
            for box in self.soup(page).select("div.letter[id^=letter-]"):
                found.setdefault(str(box["id"]).removeprefix("letter-"), []).append(page)
        return found


def copy_project(target: Path, parts: Sequence[str] = PROJECT_PARTS) -> Path:
    """Copy what a build of the guide reads into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


#: The author and time of the commit :func:`commit` makes.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_AUTHOR_DATE": "2024-03-05T12:00:00Z", "GIT_COMMITTER_DATE": "2024-03-05T12:00:00Z",
}  # fmt: skip


def commit(folder: Path, message: str = "copy", when: str | None = None) -> None:
    """Commit everything in ``folder`` (making it a repository first if need be)."""
    import os

    env = {**os.environ, **GIT_ENV, "HOME": os.fspath(folder)}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    if not (folder / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=folder, check=True, env=env)


def copy_root(name: str, target: Path) -> Path:
    """Copy the test project ``tests/roots/test-<name>`` into ``target``."""
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def build_site(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Build ``project`` as ``make html`` does: staged, published only if it succeeds."""
    from followup.sitebuild import build

    return build(project, extra)


#: Limits for the subprocess probes: far above what the command needs, far below harm.
MEMORY = 768 * 1024 * 1024
CPU_SECONDS = 30


def followup_script() -> str:
    """The installed ``followup`` command: beside this Python's other scripts (a venv's
    bin/, or Scripts\\ on Windows), else wherever PATH finds it."""
    import pytest

    scripts = sysconfig.get_path("scripts")
    found = shutil.which("followup", path=os.pathsep.join([scripts, os.environ.get("PATH", "")]))
    if found is None:
        pytest.fail(f"the followup command is not installed in {scripts} or on PATH")
    return found


def under_limits(cpu: bool = True) -> Callable[[], None]:
    """A ``preexec_fn`` that limits the child's memory (and, with ``cpu``, its CPU time).
    Where the OS has no ``resource`` module (Windows) the calling test is skipped."""
    import pytest

    try:
        import resource
    except ImportError:
        pytest.skip("needs the resource module (Linux, macOS) to limit a subprocess")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        if cpu:
            resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))

    return limit


def limited(
    args: list[str], cwd: Path, stdin: bytes | None = None, stdin_file: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``followup`` in a subprocess that cannot use much memory or time: a probe that
    would hang or swell is stopped, and the test fails, instead of the machine. (Skipped
    where the OS cannot set the limits.)"""
    limit = under_limits()
    handle = open(stdin_file, "rb") if stdin_file else None  # noqa: SIM115
    try:
        return subprocess.run(
            [sys.executable, "-m", "followup", *args],
            cwd=cwd,
            input=stdin,
            stdin=handle,
            capture_output=True,
            preexec_fn=limit,
            timeout=CPU_SECONDS * 2,
            check=False,
        )
    finally:
        if handle:
            handle.close()
