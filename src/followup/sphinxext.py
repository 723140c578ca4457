"""The Sphinx extension: show example letters in the guide.

- ```` ```{letter} ID ```` ```` shows one example: its title, how to send it, when to use
  it, the subject line, the letter in a block whose copy button copies exactly the
  letter, and links to download it (from the stable address ``letters/ID.txt``) and, for
  a new email, to start one. A page with letters also gets the form that fills in the
  reader's details.
- ```` ```{snippet} NAME ```` ```` shows one shared snippet.
- ```` ```{letter-catalogue} ```` ```` lists every example, grouped by scenario, each
  linking to the page that shows it.
- ```` ```{draft-checker} ```` ```` checks a reader's draft in the browser, with the
  same rules as ``followup check``.

Per-page state lives in :class:`FollowupDomain`, as :mod:`sphinx.ext.todo` keeps its
todos: cleared when a page is re-read, merged from parallel readers. The catalogue of
examples is loaded once per build and kept on the domain object, out of the pickled
environment. Each page records the example, snippet and data files its letters were
built from, so editing a snippet re-reads exactly the pages that show a letter using it.
Every problem is a warning with the file and line where the fault is, of type
``followup`` and a subtype from :class:`~followup.problems.Kind`.
"""

from __future__ import annotations

import hashlib
import json
import logging as stdlib_logging
import os
from collections.abc import Set
from pathlib import Path
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from . import __version__, markup
from .checker import resolved_rules
from .examples import SUFFIX, load_catalogue, render_snippet, unknown_id
from .files import write_atomically
from .matcher import resolved_signals
from .model import Catalogue, Example, LetterText
from .problems import Kind, Problem, display_path
from .reading import DRAFT_LIMIT

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
LETTERS_DIR = "letters"
LICENCE_PAGE = "licence"
#: re2js (MIT; its licence is published beside it as re2js.LICENSE.txt): the page's
#: copy of the linear-time engine the command uses (see followup.linear).
RE2JS_SCRIPT = "re2js.js"
RULES_SCRIPT = "followup-rules-data.js"
SIGNALS_SCRIPT = "followup-signals-data.js"
LEARNED_SCRIPT = "followup-learned-data.js"
WARNING_TYPE = "followup"


# Warnings


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


# Nodes


class letter_text(nodes.General, nodes.Inline, nodes.Element):
    """Rendered letter text; ``parts`` holds strings and (name, placeholder, kind) blanks."""


class letter_actions(nodes.General, nodes.Inline, nodes.Element):
    """Links to ``letters/<id>.txt`` (which only the HTML builder writes) and to email it."""


class letter_catalogue(nodes.General, nodes.Element):
    """Where the catalogue goes; filled in once every page has been read."""


class draft_checker(nodes.General, nodes.Element):
    """Where the draft checker goes (HTML only)."""


class message_matcher(nodes.General, nodes.Element):
    """Where the "Start from their message" box goes (HTML only)."""


def text_node(text: LetterText, *, block: bool) -> letter_text:
    parts = [p if isinstance(p, str) else (p.name, p.placeholder, p.kind) for p in text.parts]
    return letter_text(parts=parts, block=block)


def plain(node: letter_text) -> str:
    return "".join(p if isinstance(p, str) else p[1] for p in node["parts"])


def visit_letter_text(self: Any, node: letter_text) -> None:
    self.body.append(markup.letter_text(node["parts"], block=node["block"]))
    raise nodes.SkipNode


def visit_letter_actions(self: Any, node: letter_actions) -> None:
    name = f"{node['letter']}.txt"
    here = self.builder.get_target_uri(self.builder.current_docname)
    href = relative_uri(here, f"{LETTERS_DIR}/{name}")
    self.body.append(
        markup.letter_actions(href, name, node.get("mailto"), subject=node.get("subject", False))
    )
    raise nodes.SkipNode


def visit_draft_checker(self: Any, node: draft_checker) -> None:
    from .checker import contexts

    self.body.append(markup.draft_checker(contexts()))
    raise nodes.SkipNode


def visit_message_matcher(self: Any, node: message_matcher) -> None:
    self.body.append(markup.MESSAGE_MATCHER)
    raise nodes.SkipNode


def letter_boxes(doctree: nodes.Element) -> list[nodes.container]:
    """The page's letters, in order."""
    return [box for box in doctree.findall(nodes.container) if "letter" in box["classes"]]


# Per-page state


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


# Directives


class LetterDirective(SphinxDirective):
    """```` ```{letter} after-final-round ```` ````: show one example letter."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        catalogue = domain(self.env).catalogue
        example_id = self.arguments[0]
        # Recorded even for an unknown or broken example, so adding or fixing it rebuilds.
        default = (catalogue.examples_dir / f"{example_id}{SUFFIX}", *catalogue.shared_files)
        for path in catalogue.dependencies.get(example_id, default):
            self.env.note_dependency(os.fspath(path))
        example = catalogue.examples.get(example_id)
        if example is None:
            known = sorted([*catalogue.examples, *catalogue.broken])
            warn_at(self, unknown_id(example_id, known, catalogue.broken), Kind.PAGE)
            return []
        here = cast(set[str], self.env.current_document.setdefault("followup_shown", set()))
        if example_id in here:
            warn_at(
                self, f"example {example_id!r} is shown twice on this page; show it once", Kind.PAGE
            )
            return []
        here.add(example_id)
        return [self.letter_nodes(example)]

    def letter_nodes(self, example: Example) -> nodes.container:
        channel = example.channel
        classes = ["letter", f"letter-{channel.id}", *self.options.get("class", [])]
        box = nodes.container(classes=classes)
        box["ids"].append(f"letter-{example.id}")
        box["letter-id"] = example.id
        level = min(self.state.memo.section_level + 1, 6)
        title = nodes.rubric(example.title, example.title, classes=["letter-title"])
        title["heading-level"] = level
        box += title
        meta = f"{channel.label} · {example.tone.capitalize()} tone"
        if example.country:
            meta += f" · {example.country} conventions"
        box += nodes.paragraph(meta, meta, classes=["letter-meta"])
        for label, text, name in (
            ("Use this when: ", example.use_when, "letter-use-when"),
            ("How to send it: ", channel.how, "letter-how"),
        ):
            box += nodes.paragraph(
                "", "", nodes.strong(label, label), nodes.Text(text), classes=[name]
            )
        if example.subject is not None:
            box += nodes.paragraph(
                "",
                "",
                nodes.strong("Subject: ", "Subject: "),
                text_node(example.subject, block=False),
                classes=["letter-subject"],
            )
        box += text_node(example.body, block=True)
        for placeholder, sample in example.body.hints:
            # Outside the letter's text, so never copied, downloaded or sent with it.
            box += nodes.paragraph(
                "",
                "",
                nodes.strong(placeholder, placeholder),
                nodes.Text(" For example: "),
                nodes.emphasis(sample, sample),
                classes=["letter-hint"],
            )
        box += nodes.paragraph(
            "",
            "",
            letter_actions(
                letter=example.id,
                mailto=markup.mailto(example),
                subject=example.subject is not None,
            ),
            classes=["letter-actions"],
        )
        self.set_source_info(box)
        return box


class SnippetDirective(SphinxDirective):
    """```` ```{snippet} ask/any-feedback.j2 ```` ````: show one shared snippet."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        text, analysis = render_snippet(domain(self.env).catalogue, name)
        for path in analysis.dependencies:
            self.env.note_dependency(os.fspath(path))
        if text is None:
            for problem in analysis.problems:
                if problem.path is None:  # about the name on this page
                    warn_at(self, problem.message, problem.kind)
                else:
                    warn(problem)
            return []
        box = nodes.container(classes=["snippet"])
        label = f"snippets/{name}"
        box += nodes.paragraph("", "", nodes.literal(label, label), classes=["snippet-name"])
        box += text_node(text, block=True)
        self.set_source_info(box)
        return [box]


class DraftCheckerDirective(SphinxDirective):
    """```` ```{draft-checker} ```` ````: a text box that checks a draft as the reader types.

    It runs in the browser with the same rules as ``followup check``; the page around
    it should say what to do without JavaScript.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [draft_checker()]


def table(headers: list[str], rows: list[list[str]], classes: list[str]) -> nodes.table:
    """A plain docutils table of text cells, with a header row."""
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=1) for _ in headers]

    def row(cells: list[str]) -> nodes.row:
        line = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(cell, cell)
            line += entry
        return line

    head = nodes.thead()
    head += row(headers)
    body = nodes.tbody()
    body += [row(cells) for cells in rows]
    group += [head, body]
    result = nodes.table(classes=classes)
    result += group
    return result


class MessageMatcherDirective(SphinxDirective):
    """```` ```{message-matcher} ```` ````: a text box where the reader pastes the
    rejection they got, and sees the letters that fit, with the names filled in.

    It runs in the browser with the same recognisers as ``followup match``; the page
    around it should offer the situations list for readers without JavaScript.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [message_matcher()]


class WhyAlternativesDirective(SphinxDirective):
    """```` ```{why-alternatives} ```` ````: each way of asking why, and what to write
    instead, from the same rules that ``followup check`` and the draft checker apply."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from .checker import RULES_JSON, default_rules

        self.env.note_dependency(os.fspath(RULES_JSON))
        why = default_rules().rule("asks_why")
        rows = [
            [shape.name[0].upper() + shape.name[1:], shape.example or "", shape.instead or ""]
            for shape in why.shapes
        ]
        headers = ["A sentence that…", "For example", "Write instead"]
        result = table(headers, rows, ["why-alternatives"])
        self.set_source_info(result)
        return [result]


class _ScoresDirective(SphinxDirective):
    """A table of how well generated recognisers do on a labelled corpus. The page is read
    again when a corpus file or the generated data changes; a corpus that cannot be read
    is a warning at the directive, and no table."""

    has_content = False
    headers: ClassVar[list[str]]
    classes: ClassVar[list[str]]

    def sources(self, corpus: Path) -> list[Path]:
        raise NotImplementedError

    def rows(self, corpus: Path) -> list[list[str]]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        corpus = domain(self.env).confdir / self.config.followup_corpus_dir
        for path in self.sources(corpus):
            self.env.note_dependency(os.fspath(path))
        try:
            rows = self.rows(corpus)
        except (OSError, ValueError, KeyError) as error:
            warn_at(self, f"cannot read the corpus in {display_path(corpus)}: {error}", Kind.PAGE)
            return []
        result = table(self.headers, rows, self.classes)
        self.set_source_info(result)
        return [result]


class CheckerScoresDirective(_ScoresDirective):
    """```` ```{checker-scores} ```` ````: how often the checker is right, set by set, on
    the labelled corpus the tests measure it on."""

    headers: ClassVar[list[str]] = [
        "Sentences", "Rule", "Sentences that have it", "Precision", "Recall",
    ]  # fmt: skip
    classes: ClassVar[list[str]] = ["checker-scores"]
    titles: ClassVar[dict[str, str]] = {
        "thanks": "Thanks", "feedback_request": "Asks for feedback", "asks_why": "Asks why",
    }  # fmt: skip

    def sources(self, corpus: Path) -> list[Path]:
        from . import checker, scores

        return [*scores.files(corpus), checker.RULES_JSON]

    def rows(self, corpus: Path) -> list[list[str]]:
        from . import scores

        return [
            [
                scores.SET_NAMES[row.set],
                self.titles[row.label],
                str(row.positives),
                f"{row.precision:.2f}",
                f"{row.recall:.2f}",
            ]
            for row in scores.table(corpus)
            if row.unit == "sentences" and row.label in self.titles
        ]


class MessageScoresDirective(_ScoresDirective):
    """```` ```{message-scores} ```` ````: how often the message box is right, set by set,
    on the labelled rejection messages the tests measure it on."""

    headers: ClassVar[list[str]] = [
        "Messages", "What", "Messages that have it", "Precision", "Recall or right",
    ]  # fmt: skip
    classes: ClassVar[list[str]] = ["message-scores"]
    names: ClassVar[dict[str, str]] = {
        "tuning": "Tuned on", "heldout": "Held out (never tuned on)",
    }  # fmt: skip

    def sources(self, corpus: Path) -> list[Path]:
        from . import matcher, scores

        return [*scores.message_files(corpus), matcher.SIGNALS_JSON]

    def rows(self, corpus: Path) -> list[list[str]]:
        from . import scores

        return [
            [
                self.names[row.set],
                row.label.replace("_", " ") if row.what != "stage" else "the stage",
                str(row.total),
                "" if row.precision is None else f"{row.precision:.2f}",
                f"{row.recall:.2f}",
            ]
            for row in scores.message_table(corpus)
        ]


class MessageSignalsDirective(SphinxDirective):
    """```` ```{message-signals} ```` ````: each signal the message box recognises, the
    letters that answer it and what the reader is told, from signals.toml and the
    examples' ``answers``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from .matcher import SIGNALS_JSON, default_matcher

        self.env.note_dependency(os.fspath(SIGNALS_JSON))
        followup = domain(self.env)
        examples = sorted(followup.catalogue.examples.values(), key=lambda e: e.id)
        for example in examples:
            self.env.note_dependency(os.fspath(example.path))
        rows = []
        for rule in default_matcher().data["rules"]:
            answering = [e.id for e in examples if rule["id"] in e.answers]
            rows.append(
                [
                    rule["id"],
                    rule["explain"],
                    ", ".join(answering) or "none",
                    rule.get("advice", ""),
                ]
            )
        headers = ["Signal or stage", "What shows it", "Letters that answer it", "What it says"]
        result = table(headers, rows, ["message-signals"])
        self.set_source_info(result)
        return [result]


class CatalogueDirective(SphinxDirective):
    """```` ```{letter-catalogue} ```` ````: every example, grouped by scenario."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [letter_catalogue()]


# The catalogue page


def catalogue_nodes(app: Sphinx, docname: str) -> list[nodes.Node]:
    """Every example grouped by scenario; in HTML, with filters that need JavaScript.

    Each entry carries classes naming its scenario, channel and tone; the filter form
    starts hidden and the script shows it, so without JavaScript the page is a plain list.
    """
    followup = domain(app.env)
    where = followup.where_shown()
    groups = list(followup.catalogue.by_scenario())
    out: list[nodes.Node] = []
    if app.builder.format == "html":
        out.append(nodes.raw("", markup.filter_form(groups), format="html"))
    for scenario, examples in groups:
        group = nodes.container(classes=["catalogue-group"])
        heading = nodes.rubric(scenario.title, scenario.title, classes=["catalogue-scenario"])
        heading["heading-level"] = 2
        heading["ids"].append(f"scenario-{scenario.id}")
        group += heading
        group += nodes.paragraph(scenario.summary, scenario.summary)
        items = nodes.bullet_list(classes=["letter-catalogue"])
        for example in examples:
            para = nodes.paragraph()
            pages = where.get(example.id, [])
            if pages:
                uri = app.builder.get_relative_uri(docname, pages[0]) + f"#letter-{example.id}"
                para += nodes.reference("", example.title, internal=True, refuri=uri)
            else:
                para += nodes.strong(example.title, example.title)
            about = f" ({example.channel.label}, {example.tone}). {example.use_when}"
            para += nodes.Text(about)
            items += nodes.list_item(
                "",
                para,
                classes=[
                    "letter-entry",
                    f"scenario-{example.scenario.id}",
                    f"channel-{example.channel.id}",
                    f"tone-{example.tone}",
                ],
            )
        group += items
        out.append(group)
    return out


def rewrite_catalogue(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the catalogue page (without re-reading it) when what it lists has changed."""
    followup = domain(env)
    listing = {
        "examples": [
            {k: v for k, v in e.summary().items() if k != "words"}
            for e in followup.catalogue.examples.values()
        ],
        "scenarios": [[s.id, s.title, s.summary] for s in followup.catalogue.scenarios.values()],
        "shown": followup.where_shown(),
    }
    signature = hashlib.sha256(json.dumps(listing, sort_keys=True).encode()).hexdigest()
    if followup.data["catalogue_signature"] == signature:
        return []
    followup.data["catalogue_signature"] = signature
    return sorted(followup.catalogue_pages)


# Event handlers


class _WarningCounter(stdlib_logging.Handler):
    """Counts the build's warnings, so a failed build writes nothing over good output."""

    def __init__(self) -> None:
        super().__init__(stdlib_logging.WARNING)
        self.count = 0

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        self.count += 1


def add_static_path(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(os.fspath(STATIC_DIR))


def exclude_slot_labels(app: Sphinx, config: Any) -> None:
    """The copy button leaves out the "Yours to write" labels, and leaves letters to
    their own "Copy letter" buttons (before it reads its config)."""
    excluded = [s for s in (config.copybutton_exclude, markup.NOT_COPIED) if s]
    config.copybutton_exclude = ", ".join(dict.fromkeys(excluded))
    own = f":not({markup.OWN_COPY})"
    config.copybutton_selector = ", ".join(
        part.strip() if part.strip().endswith(own) else part.strip() + own
        for part in config.copybutton_selector.split(",")
    )


def load(app: Sphinx) -> None:
    """Load and check every example once per build, and report every problem found."""
    confdir = Path(app.confdir)
    catalogue = load_catalogue(
        confdir / app.config.followup_examples_dir, confdir / app.config.followup_snippets_dir
    )
    domain(app.env).catalogue = catalogue
    domain(app.env).confdir = confdir
    counter = _WarningCounter()
    stdlib_logging.getLogger("sphinx").addHandler(counter)
    app.followup_warnings = counter  # type: ignore[attr-defined]
    for problem in catalogue.all_problems():
        warn(problem)


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Every example should be shown on some page, or readers will never find it."""
    followup = domain(env)
    where = followup.where_shown()
    for example in followup.catalogue.examples.values():
        if example.id not in where:
            warn(
                Problem(
                    example.path,
                    None,
                    f"example {example.id!r} is not shown on any page; add a "
                    f"```{{letter}} {example.id}``` block to the page for its situation",
                    kind=Kind.PAGE,
                )
            )


def add_personalise_form(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the licence line and the personalise form before the page's first letter."""
    boxes = letter_boxes(doctree)
    if not boxes:
        return
    followup = domain(app.env)
    catalogue = followup.catalogue
    examples = [catalogue.examples[box["letter-id"]] for box in boxes]
    used = {blank.name for example in examples for blank in example.blanks}
    variables = [v for name, v in catalogue.variables.items() if name in used]
    details = [d for name, d in catalogue.details.items() if name in used]
    licence = None
    if LICENCE_PAGE in app.env.all_docs:
        licence = app.builder.get_relative_uri(docname, LICENCE_PAGE)
    kept = markup.field_limits(catalogue.variables.values(), catalogue.details.values())
    form = nodes.raw("", markup.personalise_form(variables, details, licence, kept), format="html")
    parent = boxes[0].parent
    assert isinstance(parent, nodes.Element)
    parent.insert(parent.index(boxes[0]), form)


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in the catalogue; outside HTML, make letters plain literal blocks."""
    for catalogue in list(doctree.findall(letter_catalogue)):
        catalogue.replace_self(catalogue_nodes(app, docname))
    if app.builder.format == "html":
        add_personalise_form(app, doctree, docname)
        return
    for letter in list(doctree.findall(letter_text)):
        text = plain(letter)
        letter.replace_self(
            nodes.literal_block(text, text) if letter["block"] else nodes.Text(text)
        )
    html_only: list[nodes.Element] = [
        *doctree.findall(letter_actions),
        *doctree.findall(draft_checker),
        *doctree.findall(message_matcher),
    ]
    for node in html_only:
        node.parent.remove(node)


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Each page gets only the scripts it uses, and the theme fixes for screen readers."""
    followup = domain(app.env)
    if followup.shown.get(pagename):
        app.add_js_file("followup-letters.js", loading_method="defer")
    if pagename in followup.catalogue_pages:
        app.add_js_file("followup-catalogue.js", loading_method="defer")
    if pagename in followup.checker_pages:
        app.add_js_file(RE2JS_SCRIPT, loading_method="defer")
        app.add_js_file("followup-engine.js", loading_method="defer")
        app.add_js_file("followup-learned.js", loading_method="defer")
        app.add_js_file(LEARNED_SCRIPT, loading_method="defer")
        app.add_js_file(RULES_SCRIPT, loading_method="defer")
        app.add_js_file("followup-checker.js", loading_method="defer")
    if pagename in followup.matcher_pages:
        app.add_js_file(RE2JS_SCRIPT, loading_method="defer")
        app.add_js_file("followup-engine.js", loading_method="defer")
        app.add_js_file("followup-learned.js", loading_method="defer")
        app.add_js_file(LEARNED_SCRIPT, loading_method="defer")
        app.add_js_file(SIGNALS_SCRIPT, loading_method="defer")
        app.add_js_file("followup-match.js", loading_method="defer")

    def fix_theme(html: str) -> str:
        fixed, missing = markup.fix_theme(str(html))
        for old in missing:
            logger.warning(
                f"the theme's markup has changed: {old!r} is not on the page, so it could not "
                "be given its accessible name; update markup.THEME_FIXES",
                location=pagename,
                type=WARNING_TYPE,
                subtype=Kind.THEME,
            )
        return fixed

    context["followup_fix_theme"] = fix_theme


def build_failed(app: Sphinx, exception: BaseException | None) -> bool:
    counter = getattr(app, "followup_warnings", None)
    return exception is not None or (counter is not None and counter.count > 0)


def write_letters(app: Sphinx, exception: BaseException | None) -> None:
    """Write every example to ``letters/<id>.txt`` in the built site, each atomically.

    After a build with errors nothing is written or removed: the last good letters stay.
    """
    if app.builder.format != "html":
        return
    if build_failed(app, exception):
        logger.info("followup: the build had errors, so letters/ was left as it was")
        return
    folder = Path(app.outdir) / LETTERS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    examples = domain(app.env).catalogue.examples
    for example in examples.values():
        write_atomically(folder / f"{example.id}.txt", example.as_text())
    for stale in folder.glob("*.txt"):
        if stale.stem not in examples:
            stale.unlink()
    logger.info("followup: wrote %d letters to %s", len(examples), display_path(folder))


def write_rules_script(app: Sphinx, exception: BaseException | None) -> None:
    """The rules, as the browser's draft checker reads them, from the same rules.toml."""
    if app.builder.format != "html" or build_failed(app, exception):
        return
    rules = json.dumps(resolved_rules(), ensure_ascii=False, indent=1)
    write_atomically(
        Path(app.outdir) / "_static" / RULES_SCRIPT,
        "// Written by the build from src/followup/rules.toml: the rules the checker applies.\n"
        f"window.followupRulesData = {rules};\n"
        f"window.followupDraftLimit = {DRAFT_LIMIT};\n",
    )


def write_learned_script(app: Sphinx, exception: BaseException | None) -> None:
    """The learned layer's weights (learned.json), for the checker and the message box."""
    if app.builder.format != "html" or build_failed(app, exception):
        return
    from .learned import resolved_models

    learned = json.dumps(resolved_models(), separators=(",", ":"))
    write_atomically(
        Path(app.outdir) / "_static" / LEARNED_SCRIPT,
        "// Written by the build from src/followup/learned.json (make model).\n"
        f"window.followupLearnedData = {learned};\n",
    )


def write_signals_script(app: Sphinx, exception: BaseException | None) -> None:
    """The recognisers, as the "Start from their message" box reads them, from the same
    signals.toml, with each letter's answers (from the catalogue) and its address."""
    if app.builder.format != "html" or build_failed(app, exception):
        return
    followup = domain(app.env)
    where = followup.where_shown()
    letters = [
        {
            "id": example.id,
            "title": example.title,
            "answers": list(example.answers),
            "context": example.context,
            "interview": "interview" in example.as_text().lower(),
            "url": f"{app.builder.get_target_uri(where[example.id][0])}#letter-{example.id}",
        }
        for example in sorted(followup.catalogue.examples.values(), key=lambda e: e.id)
        if example.id in where
    ]
    signals: dict[str, Any] = resolved_signals()["signals"]
    advised = {a["page"] for a in signals["advice"]} | {
        r["page"] for r in signals["rules"] if "page" in r
    }
    pages = {
        docname: {
            "title": app.env.titles[docname].astext(),
            "url": app.builder.get_target_uri(docname),
        }
        for docname in sorted(advised)
        if docname in app.env.titles
    }
    data = {"signals": signals, "letters": letters, "pages": pages, "limit": DRAFT_LIMIT}
    write_atomically(
        Path(app.outdir) / "_static" / SIGNALS_SCRIPT,
        "// Written by the build from src/followup/signals.toml and the examples' answers.\n"
        f"window.followupSignalsData = {json.dumps(data, ensure_ascii=False, indent=1)};\n",
    )


def stop_counting(app: Sphinx, exception: BaseException | None) -> None:
    counter = getattr(app, "followup_warnings", None)
    if counter is not None:
        stdlib_logging.getLogger("sphinx").removeHandler(counter)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_copybutton")
    # What a page may do: no raw HTML, no files from outside (see followup.pages).
    app.setup_extension("followup.pages")
    app.add_config_value("followup_examples_dir", "examples", "env", str)
    app.add_config_value("followup_snippets_dir", "snippets", "env", str)
    app.add_config_value("followup_corpus_dir", "tests/corpus", "env", str)
    app.add_domain(FollowupDomain)
    # Other builders get plain text in their place (see resolve).
    app.add_node(letter_text, html=(visit_letter_text, None))
    app.add_node(letter_actions, html=(visit_letter_actions, None))
    app.add_node(letter_catalogue)
    app.add_node(draft_checker, html=(visit_draft_checker, None))
    app.add_node(message_matcher, html=(visit_message_matcher, None))
    app.add_directive("letter", LetterDirective)
    app.add_directive("letter-catalogue", CatalogueDirective)
    app.add_directive("snippet", SnippetDirective)
    app.add_directive("draft-checker", DraftCheckerDirective)
    app.add_directive("message-matcher", MessageMatcherDirective)
    app.add_directive("why-alternatives", WhyAlternativesDirective)
    app.add_directive("checker-scores", CheckerScoresDirective)
    app.add_directive("message-scores", MessageScoresDirective)
    app.add_directive("message-signals", MessageSignalsDirective)
    app.add_css_file("followup.css")
    app.connect("config-inited", add_static_path)
    app.connect("config-inited", exclude_slot_labels, priority=400)
    app.connect("builder-inited", load)
    app.connect("env-check-consistency", check_consistency)
    app.connect("env-updated", rewrite_catalogue)
    app.connect("doctree-resolved", resolve)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", write_letters)
    app.connect("build-finished", write_rules_script)
    app.connect("build-finished", write_signals_script)
    app.connect("build-finished", write_learned_script)
    app.connect("build-finished", stop_counting, priority=900)
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
