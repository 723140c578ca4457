"""The Sphinx extension: show example letters in the guide.

- ```` ```{letter} ID ```` ```` shows one example: its title, when to use it, the subject
  line, the letter in a block whose copy button copies exactly the letter, and links to
  download it (from the stable address ``letters/ID.txt``) and to open it in an email
  app. A page with letters also gets the form that fills in the reader's details.
- ```` ```{snippet} NAME ```` ```` shows one shared snippet.
- ```` ```{letter-catalogue} ```` ```` lists every example, grouped by scenario, each
  linking to the page that shows it.
- ```` ```{draft-checker} ```` ```` checks a reader's draft in the browser, with the
  same rules as ``followup check``.

Each page records the example, snippet and data files its letters were built from, so
editing a snippet re-reads exactly the pages that show a letter using it. Every problem
is a warning with the file and line where the fault is, of type ``followup`` and a
subtype (``metadata``, ``snippet``, ``variable``, ``template``, ``scaffold``, ``page``),
so it can be silenced with ``suppress_warnings = ["followup.page"]`` and the like.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from . import __version__, markup
from .examples import (
    SUFFIX,
    Catalogue,
    Example,
    load_catalogue,
    render_snippet,
)
from .files import write_atomically
from .problems import Problem, display_path
from .render import LetterText
from .rules import resolved_rules

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
LETTERS_DIR = "letters"
LICENCE_PAGE = "licence"
RULES_SCRIPT = "followup-rules-data.js"
WARNING_TYPE = "followup"

#: The catalogue loaded for each source folder, for this build. Kept out of the
#: environment, which is pickled; parallel readers are forked and inherit it.
_CATALOGUES: dict[str, Catalogue] = {}


def catalogue_of(env: BuildEnvironment) -> Catalogue:
    return _CATALOGUES[os.fspath(env.srcdir)]


def warn(problem: Problem) -> None:
    """Report a problem in an example or snippet file as a build warning."""
    # Sphinx reads a location without a colon as a page name, so a problem with the
    # whole file points at its first line.
    location = None
    if problem.path is not None:
        location = f"{display_path(problem.path)}:{problem.line or 1}"
    logger.warning(
        problem.message,
        location=location,
        type=WARNING_TYPE,
        subtype=problem.kind,
    )


def warn_at(directive: SphinxDirective, message: str, subtype: str) -> None:
    """Report a mistake on a page, at the line of the directive that holds it."""
    logger.warning(message, location=directive.get_location(), type=WARNING_TYPE, subtype=subtype)


class letter_text(nodes.General, nodes.Inline, nodes.Element):
    """Rendered letter text; ``parts`` holds strings and ``(name, placeholder)`` pairs."""


class letter_download(nodes.General, nodes.Inline, nodes.Element):
    """A link to ``letters/<id>.txt``, which only the HTML builder writes."""


class letter_catalogue(nodes.General, nodes.Element):
    """Where the catalogue goes; filled in once every page has been read."""


def text_node(text: LetterText, *, block: bool) -> letter_text:
    parts = [p if isinstance(p, str) else (p.name, p.placeholder) for p in text.parts]
    return letter_text(parts=parts, block=block)


def plain(node: letter_text) -> str:
    return "".join(p if isinstance(p, str) else p[1] for p in node["parts"])


def visit_letter_text(self: Any, node: letter_text) -> None:
    self.body.append(markup.letter_text(node["parts"], block=node["block"]))
    raise nodes.SkipNode


def visit_letter_download(self: Any, node: letter_download) -> None:
    name = f"{node['letter']}.txt"
    here = self.builder.get_target_uri(self.builder.current_docname)
    href = relative_uri(here, f"{LETTERS_DIR}/{name}")
    self.body.append(markup.letter_actions(href, name, node.get("mailto")))
    raise nodes.SkipNode


class LetterDirective(SphinxDirective):
    """```` ```{letter} after-final-round ```` ````: show one example letter."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        catalogue = catalogue_of(self.env)
        example_id = self.arguments[0]
        # Recorded even for an unknown or broken example, so adding or fixing it rebuilds.
        default = (catalogue.examples_dir / f"{example_id}{SUFFIX}", *catalogue.shared_files)
        for path in catalogue.dependencies.get(example_id, default):
            self.env.note_dependency(os.fspath(path))
        example = catalogue.examples.get(example_id)
        if example is None:
            warn_at(self, catalogue.unknown_id(example_id), "page")
            return []
        shown = self.env.followup_shown.setdefault(self.env.docname, [])  # type: ignore[attr-defined]
        if example_id in shown:
            warn_at(
                self, f"example {example_id!r} is shown twice on this page; show it once", "page"
            )
            return []
        shown.append(example_id)
        return [self.letter_nodes(example)]

    def letter_nodes(self, example: Example) -> nodes.container:
        box = nodes.container(classes=["letter", *self.options.get("class", [])])
        box["ids"].append(f"letter-{example.id}")
        level = min(self.state.memo.section_level + 1, 6)
        box += nodes.rubric(example.title, example.title, classes=["letter-title"])
        box[-1]["heading-level"] = level
        meta = f"{example.channel.label} · {example.tone.capitalize()} tone"
        box += nodes.paragraph(meta, meta, classes=["letter-meta"])
        box += nodes.paragraph(
            "",
            "",
            nodes.strong("Use this when: ", "Use this when: "),
            nodes.Text(example.use_when),
            classes=["letter-use-when"],
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
        box += nodes.paragraph(
            "",
            "",
            letter_download(letter=example.id, mailto=markup.mailto(example)),
            classes=["letter-actions"],
        )
        self.set_source_info(box)
        return box


class SnippetDirective(SphinxDirective):
    """```` ```{snippet} feedback-request.j2 ```` ````: show one shared snippet."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        text, analysis = render_snippet(catalogue_of(self.env), name)
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
        self.env.followup_checker_pages.add(self.env.docname)  # type: ignore[attr-defined]
        return [nodes.raw("", markup.DRAFT_CHECKER, format="html")]


class CatalogueDirective(SphinxDirective):
    """```` ```{letter-catalogue} ```` ````: every example, grouped by scenario."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        pages = self.env.followup_catalogue_pages  # type: ignore[attr-defined]
        pages.add(self.env.docname)
        return [letter_catalogue()]


def shown_on(env: BuildEnvironment) -> dict[str, list[str]]:
    """For each example id, the pages that show it, in order."""
    pages: dict[str, list[str]] = {}
    for docname in sorted(env.followup_shown):  # type: ignore[attr-defined]
        for example_id in env.followup_shown[docname]:  # type: ignore[attr-defined]
            pages.setdefault(example_id, []).append(docname)
    return pages


def catalogue_nodes(app: Sphinx, docname: str) -> list[nodes.Node]:
    """Every example grouped by scenario; in HTML, with filters that need JavaScript.

    Each entry carries classes naming its scenario, channel and tone; the filter form
    starts hidden and the script shows it, so without JavaScript the page is a plain list.
    """
    catalogue = catalogue_of(app.env)
    where = shown_on(app.env)
    groups = list(catalogue.by_scenario())
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


def add_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Each page gets only the scripts it uses."""
    env = app.env
    if env.followup_shown.get(pagename):  # type: ignore[attr-defined]
        app.add_js_file("followup-letters.js", loading_method="defer")
    if pagename in env.followup_catalogue_pages:  # type: ignore[attr-defined]
        app.add_js_file("followup-catalogue.js", loading_method="defer")
    if pagename in env.followup_checker_pages:  # type: ignore[attr-defined]
        app.add_js_file(RULES_SCRIPT, loading_method="defer")
        app.add_js_file("followup-checker.js", loading_method="defer")


# Event handlers


def add_static_path(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(os.fspath(STATIC_DIR))


def load(app: Sphinx) -> None:
    """Load and check every example once per build, and report every problem found."""
    confdir = Path(app.confdir)
    catalogue = load_catalogue(
        confdir / app.config.followup_examples_dir, confdir / app.config.followup_snippets_dir
    )
    _CATALOGUES[os.fspath(app.env.srcdir)] = catalogue
    for problem in catalogue.all_problems():
        warn(problem)
    for name in ("followup_shown", "followup_catalogue_pages", "followup_checker_pages"):
        if not hasattr(app.env, name):
            setattr(app.env, name, {} if name == "followup_shown" else set())


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.followup_shown.pop(docname, None)  # type: ignore[attr-defined]
    env.followup_catalogue_pages.discard(docname)  # type: ignore[attr-defined]
    env.followup_checker_pages.discard(docname)  # type: ignore[attr-defined]


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in other.followup_shown:  # type: ignore[attr-defined]
            env.followup_shown[docname] = other.followup_shown[docname]  # type: ignore[attr-defined]
        for name in ("followup_catalogue_pages", "followup_checker_pages"):
            if docname in getattr(other, name):
                getattr(env, name).add(docname)


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Every example should be shown on some page, or readers will never find it."""
    where = shown_on(env)
    for example in catalogue_of(env).examples.values():
        if example.id not in where:
            warn(
                Problem(
                    example.path,
                    None,
                    f"example {example.id!r} is not shown on any page; add a "
                    f"```{{letter}} {example.id}``` block to the page for its situation",
                    kind="page",
                )
            )


def rewrite_catalogue(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the catalogue page (without re-reading it) when what it lists has changed."""
    catalogue = catalogue_of(env)
    listing = {
        "examples": [
            {k: v for k, v in e.summary().items() if k != "words"}
            for e in catalogue.examples.values()
        ],
        "scenarios": [[s.id, s.title, s.summary] for s in catalogue.scenarios.values()],
        "shown": shown_on(env),
    }
    signature = hashlib.sha256(json.dumps(listing, sort_keys=True).encode()).hexdigest()
    if getattr(env, "followup_catalogue_signature", None) == signature:
        return []
    env.followup_catalogue_signature = signature  # type: ignore[attr-defined]
    return sorted(env.followup_catalogue_pages)  # type: ignore[attr-defined]


def add_personalise_form(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the licence line and the personalise form before the page's first letter."""
    boxes = [n for n in doctree.findall(nodes.container) if "letter" in n["classes"]]
    if not boxes:
        return
    catalogue = catalogue_of(app.env)
    shown = app.env.followup_shown.get(docname, [])  # type: ignore[attr-defined]
    used = {
        name for i in shown if i in catalogue.examples for name in catalogue.examples[i].variables
    }
    variables = [v for name, v in catalogue.variables.items() if name in used]
    licence = None
    if LICENCE_PAGE in app.env.all_docs:
        licence = app.builder.get_relative_uri(docname, LICENCE_PAGE)
    form = nodes.raw("", markup.personalise_form(variables, licence), format="html")
    boxes[0].parent.insert(boxes[0].parent.index(boxes[0]), form)


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in the catalogue; outside HTML, make letters plain literal blocks."""
    for node in list(doctree.findall(letter_catalogue)):
        node.replace_self(catalogue_nodes(app, docname))
    if app.builder.format == "html":
        add_personalise_form(app, doctree, docname)
        return
    for node in list(doctree.findall(letter_text)):
        text = plain(node)
        node.replace_self(nodes.literal_block(text, text) if node["block"] else nodes.Text(text))
    for node in list(doctree.findall(letter_download)):
        node.parent.remove(node)


def write_letters(app: Sphinx, exception: Exception | None) -> None:
    """Write every example to ``letters/<id>.txt`` in the built site, each atomically."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / LETTERS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    examples = catalogue_of(app.env).examples
    for example in examples.values():
        write_atomically(folder / f"{example.id}.txt", example.as_text())
    for stale in folder.glob("*.txt"):
        if stale.stem not in examples:
            stale.unlink()
    logger.info("followup: wrote %d letters to %s", len(examples), display_path(folder))


def write_rules_script(app: Sphinx, exception: Exception | None) -> None:
    """The rules, as the browser's draft checker reads them, from the same rules.toml."""
    if exception is not None or app.builder.format != "html":
        return
    rules = json.dumps(resolved_rules(), ensure_ascii=False, indent=1)
    write_atomically(
        Path(app.outdir) / "_static" / RULES_SCRIPT,
        "// Written by the build from src/followup/rules.toml: the rules the checker applies.\n"
        f"window.followupRulesData = {rules};\n",
    )


def fix_theme_markup(app: Sphinx, exception: Exception | None) -> None:
    """Apply :data:`followup.markup.THEME_FIXES` to every page written (idempotently)."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = markup.accessible(text)
        if fixed != text:
            write_atomically(page, fixed)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("followup_examples_dir", "examples", "env", str)
    app.add_config_value("followup_snippets_dir", "snippets", "env", str)
    app.add_node(letter_text, html=(visit_letter_text, None))
    app.add_node(letter_download, html=(visit_letter_download, None))
    app.add_node(letter_catalogue)
    app.add_directive("letter", LetterDirective)
    app.add_directive("letter-catalogue", CatalogueDirective)
    app.add_directive("snippet", SnippetDirective)
    app.add_directive("draft-checker", DraftCheckerDirective)
    app.add_css_file("followup.css")
    app.connect("config-inited", add_static_path)
    app.connect("builder-inited", load)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-check-consistency", check_consistency)
    app.connect("env-updated", rewrite_catalogue)
    app.connect("doctree-resolved", resolve)
    app.connect("build-finished", write_letters)
    app.connect("build-finished", write_rules_script)
    app.connect("build-finished", fix_theme_markup)
    app.connect("html-page-context", add_scripts)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
