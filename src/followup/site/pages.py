"""What a guide page may do, since pages come from strangers' pull requests.

A pull request's preview build runs with the repository and the machine around it, so a
page may not publish anything from outside the guide or run script on the site:

- **No raw HTML.** An HTML block or inline tag in a Markdown page, and the ``raw``
  directive, are each a warning at their line and are left out of the page. An HTML
  comment on its own is dropped without a warning.
- **No file insertion, but for named files.** ``include``, ``literalinclude`` and
  ``csv-table`` with ``:file:`` may insert only a file that ``followup_page_files`` in
  conf.py names for that page, and only if its real path is inside the repository (the
  folder of conf.py). Anything else is a warning at its line, and nothing is read.
  ``csv-table`` with ``:url:`` is always refused.
- **No script addresses.** A link to a ``javascript:``, ``vbscript:`` or ``data:``
  address (which reStructuredText and a toctree, unlike a Markdown link, allow) is a
  warning, and only its text is kept (a toctree drops it).
- **Images and downloads from inside the guide's sources only.** An image, a figure, a
  ``{download}`` role or a link to a local file whose real path is outside the source
  folder (``docs/``) is a warning at its line, and is left out of the page.

Docutils' own switches back this up: ``raw_enabled`` and ``file_insertion_enabled`` are
off for every page, and the checked directives turn insertion on only while they insert a
named file. Every warning is of type ``followup.page``, which ``-W`` makes an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import adapt_path
from docutils.parsers.rst.directives.tables import CSVTable
from myst_parser.mocking import MockIncludeDirective, MockState
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..problems import Kind, display_path
from .report import warn_at

CONFIG = "followup_page_files"
#: Where the repository is (the folder of conf.py), kept among the build's settings.
REPOSITORY = "followup_repository"
#: Addresses that run script when followed, once a browser drops spaces and controls.
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
#: One HTML comment and nothing else (no ``--`` inside it, so nothing can end it early).
COMMENT = re.compile(r"\s*<!--(?!-?>)(?:(?!--).)*-->\s*", re.DOTALL)


def warn(where: nodes.Node | SphinxDirective, message: str) -> None:
    """A warning at the page (or included file) and line where the fault is."""
    # A link may not know its line: the image in it, or the paragraph around it, does.
    if isinstance(where, nodes.Element) and where.line is None:
        inside = [n for n in where.findall(nodes.Element, include_self=False) if n.line]
        where = inside[0] if inside else where
    while isinstance(where, nodes.Node) and where.line is None and where.parent is not None:
        where = where.parent
    warn_at(where, message, Kind.PAGE)


def runs_script(uri: str) -> bool:
    """Whether following a link would run script (``javascript:``, ``data:``, ...)."""
    bare = "".join(c for c in uri if c > " " and c != "\x7f").lower()
    return bare.startswith(SCRIPT_SCHEMES)


def shown(text: str, limit: int = 40) -> str:
    """A short, one-line quotation of what a page holds."""
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


# File insertion


def named_files(env: BuildEnvironment, docname: str) -> set[Path]:
    """The real paths of the files conf.py names for a page, if inside the repository."""
    repository = Path(env.settings[REPOSITORY]).resolve()
    names: Sequence[str] = getattr(env.config, CONFIG).get(docname, ())
    real = {(repository / name).resolve() for name in names}
    return {path for path in real if path.is_relative_to(repository) and path.is_file()}


def insertion_refused(directive: SphinxDirective, what: str, path: str | Path) -> bool:
    """Whether a directive may not insert the file at ``path``: if so, it has warned why,
    at its line, and inserts nothing."""
    allowed = named_files(directive.env, directive.env.docname)
    if Path(path).resolve() in allowed:
        return False
    named = ", ".join(sorted(display_path(p) for p in allowed)) or "none"
    warn(
        directive,
        f"a page may not insert a file ({what}); only the files named for this page in "
        f"{CONFIG} in conf.py can be (here: {named}); put the text in the page instead",
    )
    return True


@contextmanager
def insertion_enabled(document: nodes.document) -> Iterator[None]:
    """Turn docutils' file insertion on while a checked directive inserts a named file."""
    settings = document.settings
    before = settings.file_insertion_enabled
    settings.file_insertion_enabled = True
    try:
        yield
    finally:
        settings.file_insertion_enabled = before


class PageInclude(SphinxDirective):
    """``include``, for a named file only; then Sphinx's (or, in Markdown, MyST's).

    Not a subclass of docutils' Include, so that MyST runs this check instead of reading
    the file itself.
    """

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        **(Include.option_spec or {}),
        # MyST's own options for an include in a Markdown page.
        "relative-images": directives.flag,
        "relative-docs": directives.path,
        "heading-offset": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        # What the included directive reads: the argument as docutils joins its lines.
        argument = "".join(part.strip() for part in self.arguments[0].splitlines())
        self.arguments = [argument]
        _, path = self.env.relfn2path(argument)
        if insertion_refused(self, f"{self.name} {argument}", path):
            return []
        with insertion_enabled(self.state.document):
            state: object = self.state
            if isinstance(state, MockState):
                mocked = MockIncludeDirective(
                    state._renderer,
                    name=self.name,
                    klass=Include,
                    arguments=self.arguments,
                    options=self.options,
                    body=list(self.content),
                    lineno=self.lineno,
                )
                return list(mocked.run())
            include = Include(
                self.name,
                self.arguments,
                self.options,
                self.content,
                self.lineno,
                self.content_offset,
                self.block_text,
                self.state,
                self.state_machine,
            )
            return list(include.run())


class PageLiteralInclude(LiteralInclude):
    """``literalinclude`` (and its ``:diff:``), for named files only."""

    def run(self) -> list[nodes.Node]:
        for option, argument in (("", self.arguments[0]), (":diff: ", self.options.get("diff"))):
            if argument is None:
                continue
            _, path = self.env.relfn2path(argument)
            if insertion_refused(self, f"{self.name} {option}{argument}", path):
                return []
        with insertion_enabled(self.state.document):
            return super().run()


class PageCSVTable(CSVTable, SphinxDirective):
    """``csv-table``: rows in the page, or from a named file; never from an address."""

    def run(self) -> Sequence[nodes.table | nodes.system_message]:
        if "url" in self.options:
            warn(
                self,
                f"a page may not insert a file ({self.name} :url: {self.options['url']}); "
                "put the rows in the directive instead",
            )
            return []
        if "file" not in self.options:
            return super().run()
        document = self.state.document
        path = adapt_path(
            self.options["file"], document.current_source or "", document.settings.root_prefix
        )
        if insertion_refused(self, f"{self.name} :file: {self.options['file']}", path):
            return []
        with insertion_enabled(document):
            return super().run()


class RefusedRaw(SphinxDirective):
    """``raw``: never allowed on a page."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "file": directives.path,
        "url": directives.uri,
        "encoding": directives.encoding,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        warn(
            self,
            f"the raw directive ({self.name} {self.arguments[0]}) is not allowed on a page; "
            "write it in Markdown instead",
        )
        return []


# Raw HTML, images and downloads, in the doctree before anything reads or writes it


def outside(env: BuildEnvironment, target: str) -> bool:
    """Whether a page's image or download path leads outside the source folder."""
    _, path = env.relfn2path(target.replace("*", "_"), env.docname)
    return not Path(path).resolve().is_relative_to(Path(env.srcdir).resolve())


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """Warn on, and take out, raw HTML, script addresses and files from outside the
    source folder."""
    env = app.env
    folder = f"{Path(env.srcdir).name}/"
    for raw in list(doctree.findall(nodes.raw)):
        if not COMMENT.fullmatch(raw.astext()):
            warn(
                raw,
                f"raw HTML ({shown(raw.astext())}) is not allowed on a page; write it in "
                "Markdown instead (a comment is a line starting with %)",
            )
        raw.parent.remove(raw)

    def refuse_link(where: nodes.Node, uri: str) -> None:
        warn(
            where,
            f"a link to {shown(uri)} is not allowed on a page; link to a page or a web "
            "address (https://...) instead",
        )

    for reference in list(doctree.findall(nodes.reference)):
        uri = reference.get("refuri", "")
        if runs_script(uri):
            refuse_link(reference, uri)
            reference.replace_self(nodes.inline("", "", *reference.children))
    # A toctree keeps its links as entries, and shows them in every page's sidebar.
    for toctree in doctree.findall(addnodes.toctree):
        for entry in list(toctree["entries"]):
            if runs_script(entry[1]):
                refuse_link(toctree, entry[1])
                toctree["entries"].remove(entry)
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        # Sphinx reads every other image address as a file (sphinx.environment.collectors).
        if not uri.startswith("data:") and "://" not in uri and outside(env, uri):
            warn(
                image,
                f"image {uri!r} is outside {folder}; a page may show only images inside "
                f"{folder} (put it in {folder}_static/)",
            )
            image.parent.remove(image)
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download.get("reftarget", "")
        if "://" not in target and outside(env, target):
            warn(
                download,
                f"download {target!r} is outside {folder}; a page may offer only files "
                f"inside {folder} (put it in {folder}_static/)",
            )
            download.replace_self(nodes.inline("", "", *download.children))


def disable_insertion(app: Sphinx) -> None:
    """Docutils' own switches: no raw directive, no file insertion, on every page."""
    app.env.settings[REPOSITORY] = app.confdir
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


def setup(app: Sphinx) -> None:
    """Set up by :func:`followup.site.setup`, so every build of the guide has it."""
    app.add_config_value(CONFIG, {}, "env", dict)
    app.add_directive("include", PageInclude, override=True)
    app.add_directive("literalinclude", PageLiteralInclude, override=True)
    app.add_directive("csv-table", PageCSVTable, override=True)
    app.add_directive("raw", RefusedRaw, override=True)
    app.connect("builder-inited", disable_insertion)
    # Before Sphinx's collectors (priority 500) note images and downloads to copy.
    app.connect("doctree-read", check_doctree, priority=100)
