"""The letters: show example letters and snippets in the guide.

- ```` ```{letter} ID ```` ```` shows one example: its title, how to send it, when to use
  it, the subject line, the letter in a block whose copy button copies exactly the
  letter, and links to download it (from the stable address ``letters/ID.txt``) and, for
  a new email, to start one. A page with letters also gets the form that fills in the
  reader's details.
- ```` ```{snippet} NAME ```` ```` shows one shared snippet.

Each page records the example, snippet and data files its letters were built from, so
editing a snippet re-reads exactly the pages that show a letter using it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..catalogue import render_snippet
from ..example import SUFFIX, unknown_id
from ..files import write_atomically
from ..model import Example
from ..problems import Kind, Problem, display_path
from . import markup
from .domain import domain
from .nodes import LETTERS_DIR, letter_actions, letter_boxes, letter_text, text_node
from .report import build_failed, warn, warn_at

logger = logging.getLogger(__name__)
LICENCE_PAGE = "licence"


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
    """In HTML, add the personalise form; elsewhere, make letters plain literal blocks."""
    if app.builder.format == "html":
        add_personalise_form(app, doctree, docname)
        return
    for letter in list(doctree.findall(letter_text)):
        # With each blank's placeholder, as the renderer fills it for a download.
        text = letter["text"].fill()
        letter.replace_self(
            nodes.literal_block(text, text) if letter["block"] else nodes.Text(text)
        )
    for node in list(doctree.findall(letter_actions)):
        node.parent.remove(node)


def add_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A page with letters gets the script that fills them in and copies them."""
    if domain(app.env).shown.get(pagename):
        app.add_js_file("followup-letters.js", loading_method="defer")


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


def setup(app: Sphinx) -> None:
    app.add_directive("letter", LetterDirective)
    app.add_directive("snippet", SnippetDirective)
    app.connect("config-inited", exclude_slot_labels, priority=400)
    app.connect("env-check-consistency", check_consistency)
    app.connect("doctree-resolved", resolve)
    app.connect("html-page-context", add_scripts)
    app.connect("build-finished", write_letters)
