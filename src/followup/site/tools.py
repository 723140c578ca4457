"""The tools' pages: the draft checker and the "Start from their message" box.

- ```` ```{draft-checker} ```` ```` checks a reader's draft in the browser, with the
  same rules as ``followup check``.
- ```` ```{message-matcher} ```` ```` reads the rejection a reader pasted, in the
  browser, with the same recognisers as ``followup match``.

Both exist in HTML only. A page with one gets only the scripts it uses; the build
writes their data (the rules, the recognisers, the learned layer) beside them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..checker import resolved_rules
from ..files import write_atomically
from ..matcher import letter_entry, resolved_signals
from ..reading import DRAFT_LIMIT
from .domain import domain
from .nodes import draft_checker, message_matcher
from .report import build_failed

#: re2js (MIT; its licence is published beside it as re2js.LICENSE.txt): the page's
#: copy of the linear-time engine the command uses (see followup.linear).
RE2JS_SCRIPT = "re2js.js"
RULES_SCRIPT = "followup-rules-data.js"
SIGNALS_SCRIPT = "followup-signals-data.js"
#: The learned layer's weights, in two parts: the checker's models (the letter rules) and
#: the message box's (signals and stages). A page loads the part its tool reads; a page
#: with both tools gets both, added to one window.followupLearnedData.
LEARNED_SCRIPTS = {
    "checker": "followup-learned-checker-data.js",
    "matcher": "followup-learned-match-data.js",
}


class DraftCheckerDirective(SphinxDirective):
    """```` ```{draft-checker} ```` ````: a text box that checks a draft as the reader types.

    It runs in the browser with the same rules as ``followup check``; the page around
    it should say what to do without JavaScript.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [draft_checker()]


class MessageMatcherDirective(SphinxDirective):
    """```` ```{message-matcher} ```` ````: a text box where the reader pastes the
    rejection they got, and sees the letters that fit, with the names filled in.

    It runs in the browser with the same recognisers as ``followup match``; the page
    around it should offer the situations list for readers without JavaScript.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [message_matcher()]


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Outside HTML, the tools are left out."""
    if app.builder.format == "html":
        return
    html_only: list[nodes.Element] = [
        *doctree.findall(draft_checker),
        *doctree.findall(message_matcher),
    ]
    for node in html_only:
        node.parent.remove(node)


def add_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Each page gets only the scripts it uses."""
    followup = domain(app.env)
    # Both tools run on the engine (RE2 in re2js) and the learned layer, then their data.
    engine = (RE2JS_SCRIPT, "followup-engine.js", "followup-learned.js")
    for pages, own in (
        (followup.checker_pages, (LEARNED_SCRIPTS["checker"], RULES_SCRIPT, "followup-checker.js")),
        (followup.matcher_pages, (LEARNED_SCRIPTS["matcher"], SIGNALS_SCRIPT, "followup-match.js")),
    ):
        if pagename in pages:
            for script in (*engine, *own):
                app.add_js_file(script, loading_method="defer")


def write_rules_script(app: Sphinx, exception: BaseException | None) -> None:
    """The rules, as the browser's draft checker reads them, from the same rules.toml."""
    if app.builder.format != "html" or build_failed(app, exception):
        return
    rules = json.dumps(resolved_rules(), ensure_ascii=False, separators=(",", ":"))
    write_atomically(
        Path(app.outdir) / "_static" / RULES_SCRIPT,
        "// Written by the build from src/followup/rules.toml: the rules the checker applies.\n"
        f"window.followupRulesData = {rules};\n"
        f"window.followupDraftLimit = {DRAFT_LIMIT};\n",
    )


def learned_parts() -> dict[str, dict[str, Any]]:
    """learned.json in the two parts the tools read: the message box's models (its
    signals' and stages'), the checker's (the rest), each with the file's other keys."""
    from ..learned import resolved_models

    data = resolved_models()
    recognised = {rule["id"] for rule in resolved_signals()["signals"]["rules"]}
    models = data.get("models", {})
    mine = {name for name in models if name in recognised or name.startswith("stage:")}
    rest = {key: value for key, value in data.items() if key != "models"}
    return {
        "checker": {**rest, "models": {n: m for n, m in models.items() if n not in mine}},
        "matcher": {**rest, "models": {n: m for n, m in models.items() if n in mine}},
    }


def write_learned_script(app: Sphinx, exception: BaseException | None) -> None:
    """The learned layer's weights (learned.json), a part for each tool: a page with both
    tools adds the second part's models to the first's."""
    if app.builder.format != "html" or build_failed(app, exception):
        return
    for tool, part in learned_parts().items():
        learned = json.dumps(part, separators=(",", ":"))
        write_atomically(
            Path(app.outdir) / "_static" / LEARNED_SCRIPTS[tool],
            f"// Written by the build from src/followup/learned.json (make model): the {tool}'s"
            " models.\n"
            "(function (part) {\n"
            "  var data = window.followupLearnedData;\n"
            "  if (!data) { window.followupLearnedData = part; return; }\n"
            "  Object.keys(part.models).forEach(function (name) {"
            " data.models[name] = part.models[name]; });\n"
            f"}})({learned});\n",
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
            **letter_entry(example),
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
    shared, words = shared_words(signals)
    data = {
        "signals": shared, "words": words, "letters": letters, "pages": pages,
        "limit": DRAFT_LIMIT,
    }  # fmt: skip
    write_atomically(
        Path(app.outdir) / "_static" / SIGNALS_SCRIPT,
        "// Written by the build from src/followup/signals.toml and the examples' answers.\n"
        # Compact: indenting cost 2.6 KB of the home page's 200 KB, gzipped.
        "window.followupSignalsData = "
        f"{json.dumps(data, ensure_ascii=False, separators=(',', ':'))};\n",
    )


#: Where a shared word list stands in the page's copy of the recognisers: this control
#: character, the list's number, and it again (no pattern holds a control character).
SHARED = "\u0001"
#: A word list is shared when joined it is at least this long.
SHARED_LONGEST = 1000


def shared_words(signals: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The recognisers with each long word list of signals.toml ([words]: the common given
    names, the job titles' heads) written once, and each place it is used in a pattern
    marked with its number: the given names alone were written out 13 times, 4 KB of the
    home page gzipped. followup-match.js puts them back before it compiles anything."""
    from ..generate import signals_data, word_alternations

    lists = [w for w in word_alternations(signals_data()).values() if len(w) >= SHARED_LONGEST]
    text = json.dumps(signals, ensure_ascii=False)
    mark = json.dumps(SHARED)[1:-1]  # the character as JSON writes it
    used: list[str] = []
    for joined in sorted(lists, key=len, reverse=True):
        written = json.dumps(joined, ensure_ascii=False)[1:-1]
        if written in text:
            text = text.replace(written, f"{mark}{len(used)}{mark}")
            used.append(joined)
    shared: dict[str, Any] = json.loads(text)
    return shared, used


def setup(app: Sphinx) -> None:
    app.add_directive("draft-checker", DraftCheckerDirective)
    app.add_directive("message-matcher", MessageMatcherDirective)
    app.connect("doctree-resolved", resolve)
    app.connect("html-page-context", add_scripts)
    app.connect("build-finished", write_rules_script)
    app.connect("build-finished", write_signals_script)
    app.connect("build-finished", write_learned_script)
