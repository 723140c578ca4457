"""The extension's warnings, and counting them.

Every problem is a warning with the file and line where the fault is, of type
``followup`` and a subtype from :class:`~followup.problems.Kind`. The build's warnings
are counted, so a failed build writes nothing over good output (see
:func:`build_failed`).
"""

from __future__ import annotations

import logging as stdlib_logging

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..problems import Kind, Problem, display_path

logger = logging.getLogger(__name__)
WARNING_TYPE = "followup"


def warn(problem: Problem) -> None:
    """Report a problem in an example, snippet or data file as a build warning."""
    # Sphinx reads a location without a colon as a page name, so a problem with the
    # whole file points at its first line.
    location = None
    if problem.path is not None:
        location = f"{display_path(problem.path)}:{problem.line or 1}"
    logger.warning(problem.message, location=location, type=WARNING_TYPE, subtype=problem.kind)


def page_location(node_or_directive: nodes.Node | SphinxDirective) -> str:
    """``docs/page.md:12``: a page's file relative to where the build runs, and the line."""
    line: int | None
    if isinstance(node_or_directive, SphinxDirective):
        source, line = node_or_directive.get_source_info()
    else:
        source, line = node_or_directive.source or "", node_or_directive.line
    return f"{display_path(source)}:{line or 1}"


def warn_at(where: nodes.Node | SphinxDirective, message: str, kind: Kind) -> None:
    """Report a mistake on a page, at the line of the directive that holds it."""
    logger.warning(message, location=page_location(where), type=WARNING_TYPE, subtype=kind)


class _WarningCounter(stdlib_logging.Handler):
    """Counts the build's warnings, so a failed build writes nothing over good output."""

    def __init__(self) -> None:
        super().__init__(stdlib_logging.WARNING)
        self.count = 0

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        self.count += 1


def start_counting(app: Sphinx) -> None:
    counter = _WarningCounter()
    stdlib_logging.getLogger("sphinx").addHandler(counter)
    app.followup_warnings = counter  # type: ignore[attr-defined]


def build_failed(app: Sphinx, exception: BaseException | None) -> bool:
    counter = getattr(app, "followup_warnings", None)
    return exception is not None or (counter is not None and counter.count > 0)


def stop_counting(app: Sphinx, exception: BaseException | None) -> None:
    counter = getattr(app, "followup_warnings", None)
    if counter is not None:
        stdlib_logging.getLogger("sphinx").removeHandler(counter)


def setup(app: Sphinx) -> None:
    # Before the catalogue is loaded (see followup.site.domain), whose problems count.
    app.connect("builder-inited", start_counting, priority=400)
    app.connect("build-finished", stop_counting, priority=900)
