"""The tests come in three layers, each in its own folder and with its own marker:

- ``unit``: the model, renderer, rules and command line, with no Sphinx (seconds);
- ``extension``: the Sphinx extension, one behaviour per tiny project in ``tests/roots``;
- ``site``: the real guide, built once per session, and the browser tests on it.

``make test-fast`` runs the first two; ``make test`` runs all three.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import copy_root

LAYERS = ("unit", "extension", "site")
#: Sphinx's own test fixtures (make_app, app, ...), for the extension layer.
pytest_plugins = ("sphinx.testing.fixtures",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(item.path).parts
        for layer in LAYERS:
            if layer in parts:
                item.add_marker(getattr(pytest.mark, layer))
        if "browser" in parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def basic(tmp_path: Path) -> Path:
    """A private copy of the tiny project tests/roots/test-basic, for a test to change."""
    return copy_root("basic", tmp_path / "project")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Report how well the rules do on the labelled corpus, label by label, when the rules'
    tests ran."""
    ran = [r for reports in terminalreporter.stats.values() for r in reports]
    if not any("test_rules.py" in getattr(r, "nodeid", "") for r in ran):
        return
    from corpus_data import evaluate

    terminalreporter.section("letter rules on the labelled corpus")
    for line in evaluate():
        terminalreporter.write_line(line)
