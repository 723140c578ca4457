"""The site layer: the real guide, built once per test run as ``make html`` builds it, and
every page parsed once.

`make test` runs every layer with pytest-xdist: each worker asks for the site, the first
builds it (under a file lock, as pytest-xdist's documentation shows) and the others wait
for it and share the same folder, which no test writes to.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from filelock import FileLock

from support import Site, build_site, commit, copy_project


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make) -> Path:
    """A folder made once per test run by ``make(folder) -> (ok, why)``: in one process, or
    by the first of pytest-xdist's workers while the others wait. A failure is recorded,
    so every worker that needs the folder fails with the same reason."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder = base / name
    outcome = base / f"{name}.json"
    with FileLock(base / f"{name}.lock"):
        if not outcome.exists():
            ok, why = make(folder)
            outcome.write_text(json.dumps({"ok": ok, "why": why}), encoding="utf-8")
    recorded = json.loads(outcome.read_text(encoding="utf-8"))
    assert recorded["ok"], recorded["why"]
    return folder


def _build_guide(folder: Path) -> tuple[bool, str]:
    project = copy_project(folder / "project")
    commit(project)  # the pages' last-updated dates come from Git
    result = build_site(project)
    if result.returncode != 0:
        return False, result.stderr
    if "WARNING" in result.stderr:
        return False, result.stderr
    return True, ""


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project, built as `make html` builds it: the site in _build/html."""
    return shared(tmp_path_factory, "site", _build_guide) / "project"


@pytest.fixture(scope="session")
def site(built: Path) -> Path:
    """The built site's folder."""
    return built / "_build" / "html"


@pytest.fixture(scope="session")
def pages(site: Path) -> Site:
    """The built site, each page parsed once for the whole session."""
    return Site(site)
