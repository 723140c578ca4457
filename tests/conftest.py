"""The tests come in three layers, each in its own folder and with its own marker:

- ``unit``: the model, renderer, rules and command line, with no Sphinx (seconds);
- ``extension``: the Sphinx extension, one behaviour per tiny project in ``tests/roots``;
- ``site``: the real guide, built once per session, and the browser tests on it.

``make test-fast`` runs the first two; ``make test`` runs all three. Both also run
``tests/data`` (marker ``data``): quotas on how much the guide holds, not behaviour. And
``tests/repository`` (marker ``repository``) checks the repository's policy (workflows,
pinning, metadata), not behaviour: ``make lint`` runs it. ``tests/model`` (marker
``model``) retrains the learned layer in full and compares it with ``learned.json``:
``make model-check`` runs it, and CI after ``make test`` (which checks the digest of
what the file was trained from instead).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import copy_root

LAYERS = ("unit", "extension", "site", "data", "repository", "model")
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


def pytest_collection_finish(session: pytest.Session) -> None:
    """Under ``--dist loadgroup``, stop at once if pytest-xdist has not grouped the tests
    marked ``xdist_group``: each of their costly fixtures would be made on every worker,
    and tests that build the same wheel at once would collide. pytest 9.2 broke this
    silently (pytest-dev/pytest-xdist#1386); pyproject.toml keeps pytest below it."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    lost = [
        item.nodeid
        for item in session.items
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid
    ]
    if lost:
        raise pytest.UsageError(
            f"pytest-xdist did not group {lost[0]} (and {len(lost) - 1} more) by its "
            "xdist_group mark: use the pytest version requirements/constraints.txt pins"
        )


#: Where a pytest-xdist worker that scored the messages sends its table to the controller.
SCORED = "followup-message-table"
_from_workers: list[list[str]] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a worker that scored the messages for its tests, send the table's lines on, so
    the controller prints them without scoring every message again."""
    import sys

    output = getattr(session.config, "workeroutput", None)
    corpus_data = sys.modules.get("corpus_data")
    if output is not None and corpus_data and corpus_data.message_scores.cache_info().currsize:
        output[SCORED] = corpus_data.evaluate_messages()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    lines = getattr(node, "workeroutput", {}).get(SCORED)
    if lines:
        _from_workers.append(lines)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Report how well the rules and the message recognisers do on the labelled corpus,
    label by label and set by set, when their tests ran."""
    stats = terminalreporter.stats
    # Tests that ran: the deselected ones are in the stats too, and do not count.
    ran = {getattr(r, "nodeid", "") for key in ("passed", "failed") for r in stats.get(key, [])}
    from corpus_data import evaluate, evaluate_messages

    def messages_table() -> list[str]:
        return _from_workers[0] if _from_workers else evaluate_messages()

    for name, test_file, lines in (
        ("letter rules on the labelled corpus", "test_rules.py", evaluate),
        ("message recognisers on the labelled messages", "test_match.py", messages_table),
    ):
        if any(test_file in nodeid for nodeid in ran):
            terminalreporter.section(name)
            for line in lines():
                terminalreporter.write_line(line)
