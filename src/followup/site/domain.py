"""Per-page state, and the catalogue of examples each build loads.

Per-page state lives in :class:`FollowupDomain`, as :mod:`sphinx.ext.todo` keeps its
todos: cleared when a page is re-read, merged from parallel readers. The catalogue of
examples is loaded once per build and kept on the domain object, out of the pickled
environment.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import Any, ClassVar, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from ..catalogue import load_catalogue
from ..model import Catalogue
from .nodes import draft_checker, letter_boxes, letter_catalogue, message_matcher
from .report import warn


class FollowupDomain(Domain):
    """What each page shows: its letters, and whether it holds the catalogue or checker.

    The data is pickled with the environment; the catalogue of examples is not (it is
    loaded fresh for every build, see :func:`load`), so it sits on the domain object
    behind :attr:`catalogue`.
    """

    name = "followup"
    label = "After the No"
    initial_data: ClassVar[dict[str, Any]] = {
        "shown": {},  # docname -> example ids, in order
        "catalogue_pages": set(),
        "checker_pages": set(),
        "matcher_pages": set(),
        "catalogue_signature": "",  # what the catalogue pages were last written from
    }
    _catalogue: Catalogue | None = None
    #: The folder of conf.py, which the extension's other folders are relative to.
    confdir: Path = Path()

    @property
    def catalogue(self) -> Catalogue:
        """Every example, loaded for this build."""
        if self._catalogue is None:
            raise RuntimeError("the followup catalogue is loaded at builder-inited")
        return self._catalogue

    @catalogue.setter
    def catalogue(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue

    @property
    def shown(self) -> dict[str, list[str]]:
        return cast(dict[str, list[str]], self.data["shown"])

    @property
    def catalogue_pages(self) -> set[str]:
        return cast(set[str], self.data["catalogue_pages"])

    @property
    def checker_pages(self) -> set[str]:
        return cast(set[str], self.data["checker_pages"])

    @property
    def matcher_pages(self) -> set[str]:
        return cast(set[str], self.data["matcher_pages"])

    def clear_doc(self, docname: str) -> None:
        self.shown.pop(docname, None)
        self.catalogue_pages.discard(docname)
        self.checker_pages.discard(docname)
        self.matcher_pages.discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["shown"]:
                self.shown[docname] = otherdata["shown"][docname]
            if docname in otherdata["catalogue_pages"]:
                self.catalogue_pages.add(docname)
            if docname in otherdata["checker_pages"]:
                self.checker_pages.add(docname)
            if docname in otherdata["matcher_pages"]:
                self.matcher_pages.add(docname)

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        shown = [box["letter-id"] for box in letter_boxes(document)]
        if shown:
            self.shown[docname] = shown
        if any(True for _ in document.findall(letter_catalogue)):
            self.catalogue_pages.add(docname)
        if any(True for _ in document.findall(draft_checker)):
            self.checker_pages.add(docname)
        if any(True for _ in document.findall(message_matcher)):
            self.matcher_pages.add(docname)

    def where_shown(self) -> dict[str, list[str]]:
        """For each example id, the pages that show it, in order."""
        pages: dict[str, list[str]] = {}
        for docname in sorted(self.shown):
            for example_id in self.shown[docname]:
                pages.setdefault(example_id, []).append(docname)
        return pages

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def domain(env: BuildEnvironment) -> FollowupDomain:
    """The extension's domain, holding its per-page data and the catalogue."""
    return cast(FollowupDomain, env.get_domain(FollowupDomain.name))


def load(app: Sphinx) -> None:
    """Load and check every example once per build, and report every problem found."""
    confdir = Path(app.confdir)
    catalogue = load_catalogue(
        confdir / app.config.followup_examples_dir, confdir / app.config.followup_snippets_dir
    )
    domain(app.env).catalogue = catalogue
    domain(app.env).confdir = confdir
    for problem in catalogue.all_problems():
        warn(problem)


def setup(app: Sphinx) -> None:
    app.add_config_value("followup_examples_dir", "examples", "env", str)
    app.add_config_value("followup_snippets_dir", "snippets", "env", str)
    app.add_domain(FollowupDomain)
    app.connect("builder-inited", load)
