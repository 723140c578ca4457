"""The extension layer: Sphinx's own test fixtures on tiny projects in tests/roots/.

Each test builds one root (``@pytest.mark.sphinx("html", testroot="basic", srcdir=...)``,
always with its own ``srcdir``, so the root is copied and never written to) and asserts
on ``app.warning``, the doctree or the written files, as Sphinx's own extension tests do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOTS


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session", autouse=True)
def no_colour() -> None:
    """Warnings as plain text, as a terminal without colour (or CI's log) shows them."""
    from sphinx.util.console import nocolor

    nocolor()
