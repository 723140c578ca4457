"""The site layer: the real guide, built once per session as ``make html`` builds it, and
every page parsed once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support import Site, build_site, commit, copy_project


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the project, built as `make html` builds it: the site in _build/html."""
    project = copy_project(tmp_path_factory.mktemp("site") / "project")
    commit(project)  # the pages' last-updated dates come from Git
    result = build_site(project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    yield project


@pytest.fixture(scope="session")
def site(built: Path) -> Path:
    """The built site's folder."""
    return built / "_build" / "html"


@pytest.fixture(scope="session")
def pages(site: Path) -> Site:
    """The built site, each page parsed once for the whole session."""
    return Site(site)
