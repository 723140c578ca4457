"""Last-updated dates come from Git, and a shallow clone never shows a wrong one: a page
whose last change is older than the clone's history has no date, and the build says why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support import commit, copy_project


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """The guide's configuration with two pages: one changed in 2024, one in 2025."""
    project = copy_project(tmp_path / "origin", ("conf.py", "examples", "snippets"))
    docs = project / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Home\n\n```{letter} all-purpose\n```\n\n```{toctree}\nsecond\n```\n", encoding="utf-8"
    )
    (docs / "second.md").write_text("# Second\n\nThe first words.\n", encoding="utf-8")
    commit(project, "first", "2024-03-05T12:00:00Z")
    (docs / "second.md").write_text("# Second\n\nNew words.\n", encoding="utf-8")
    commit(project, "second", "2025-06-01T12:00:00Z")
    return project


def build(project: Path) -> tuple[str, dict[str, str | None]]:
    """Build without -W (the other examples are on no page here); each page's date."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", ".", "--no-color", "docs", "out"],
        cwd=project, capture_output=True, text=True, check=True,
    )  # fmt: skip
    dates = {}
    for name in ("index", "second"):
        page = BeautifulSoup((project / "out" / f"{name}.html").read_text(), "html.parser")
        found = page.find(string=lambda s: s and "Last updated on" in s)
        dates[name] = " ".join(found.split()) if found else None
    return result.stdout + result.stderr, dates


def test_dates_come_from_the_last_commit_of_each_page(history: Path) -> None:
    output, dates = build(history)
    assert dates == {
        "index": "Last updated on 5 March 2024",
        "second": "Last updated on 1 June 2025",
    }
    assert "shallow" not in output


def test_a_shallow_clone_leaves_out_dates_it_cannot_know(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{history}", str(clone)], check=True
    )
    output, dates = build(clone)
    assert dates == {"index": None, "second": None}  # never the clone's date for all
    assert "this is a shallow Git clone" in output
    assert "WARNING" not in "\n".join(line for line in output.splitlines() if "git" in line.lower())
