"""Last-updated dates come from Git, and a shallow clone never shows a wrong one: a page
whose last change is older than the clone's history has no date, and the build says why."""

from __future__ import annotations

import os
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


#: A commit's date as Git takes it: seconds since 1970, in UTC.
YEAR_9999 = "@253383854400 +0000"  # 1 June 9999, noon
YEAR_10000 = "@253402300800 +0000"  # 1 January 10000, past what Python's dates hold


@pytest.mark.parametrize("when", [YEAR_9999, YEAR_10000], ids=["9999", "10000"])
def test_a_date_from_the_future_is_left_out(history: Path, when: str) -> None:
    """A commit made on a machine whose clock was wrong gives no date, and no crash."""
    (history / "docs" / "second.md").write_text("# Second\n\nLater words.\n", encoding="utf-8")
    commit(history, "from the future", when)
    output, dates = build(history)
    assert dates == {"index": "Last updated on 5 March 2024", "second": None}
    assert "is dated in the future" in output and "second" in output
    assert "Traceback" not in output
    sitemap = (history / "out" / "sitemap.xml").read_text(encoding="utf-8")
    assert "9999" not in sitemap and "10000" not in sitemap


def test_a_tree_without_git_builds_strictly_without_dates(history: Path, tmp_path: Path) -> None:
    """A tree from `git archive` (no .git) builds with -W; the build says once why. A
    rebuild reads no page again: silencing Git's warnings is part of the configuration
    Sphinx compares with the saved one, not a change to it."""
    tree = tmp_path / "tree"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "archive", "HEAD"], cwd=history, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    assert not (tree / ".git").exists()

    def build() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "-b", "html", "-c", ".", "--no-color",
             "-D", "suppress_warnings=followup.page", "-D", "html_favicon=", "docs", "out"],
            cwd=tree, capture_output=True, text=True, check=False,
            env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)},
        )  # fmt: skip
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        return output

    output = build()
    assert output.count("is not a Git repository, so the pages show no last-updated date") == 1
    assert "WARNING" not in output
    assert "Last updated" not in (tree / "out" / "second.html").read_text(encoding="utf-8")
    again = build()
    assert "updating environment: 0 added, 0 changed, 0 removed" in again, again
