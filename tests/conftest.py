"""Shared fixtures: a private copy of the project, and the site as `make html` builds it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support import copy_project, sphinx_build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the project that a test may change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The guide as `make html` builds it, fresh, into a temporary folder."""
    project = copy_project(tmp_path_factory.mktemp("site") / "project")
    result = sphinx_build(project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    yield project / "_build" / "html"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Report how well the rules do on the labelled corpus, label by label."""
    from corpus_data import evaluate

    terminalreporter.section("letter rules on the labelled corpus")
    for line in evaluate():
        terminalreporter.write_line(line)
