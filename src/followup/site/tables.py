"""The tables the guide shows from the project's data: each way of asking why and what
to write instead (from the rules), each signal the message box recognises (from the
recognisers and the letters' answers), and the scores of both on the labelled corpus.

- ```` ```{why-alternatives} ```` ````, from the same rules as ``followup check``.
- ```` ```{message-signals} ```` ````, from signals.toml and the examples' ``answers``.
- ```` ```{checker-scores} ```` ```` and ```` ```{message-scores} ```` ````, measured as
  the tests measure them (kept in the corpus's ``scores.json`` while its digest is
  today's: see :mod:`followup.scores`).

Each page is read again when the data it was made from changes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..problems import Kind, display_path
from .domain import domain
from .report import warn_at


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


class WhyAlternativesDirective(SphinxDirective):
    """```` ```{why-alternatives} ```` ````: each way of asking why, and what to write
    instead, from the same rules that ``followup check`` and the draft checker apply."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from ..checker import RULES_JSON, default_rules

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

    def rows(self, corpus: Path) -> list[list[str]]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        from .. import scores

        corpus = domain(self.env).confdir / self.config.followup_corpus_dir
        for path in scores.sources(corpus):
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

    def rows(self, corpus: Path) -> list[list[str]]:
        from .. import scores

        return [
            [
                scores.SET_NAMES[row.set],
                self.titles[row.label],
                str(row.positives),
                f"{row.precision:.2f}",
                f"{row.recall:.2f}",
            ]
            for row in scores.saved_tables(corpus)[0]
            if row.unit == "sentences" and row.label in self.titles
        ]


class MessageScoresDirective(_ScoresDirective):
    """```` ```{message-scores} ```` ````: how often the message box is right, set by set,
    on the labelled rejection messages the tests measure it on."""

    headers: ClassVar[list[str]] = [
        "Messages", "What", "Messages that have it", "Precision", "Recall or right",
        "Wrong name",
    ]  # fmt: skip
    classes: ClassVar[list[str]] = ["message-scores"]
    names: ClassVar[dict[str, str]] = {
        "tuning": "Tuned on", "heldout": "Held out (never tuned on)",
    }  # fmt: skip

    def rows(self, corpus: Path) -> list[list[str]]:
        from .. import scores

        return [
            [
                self.names[row.set],
                scores.LETTER_GOALS.get(row.label)
                or (row.label.replace("_", " ") if row.what != "stage" else "the stage"),
                str(row.total),
                "" if row.precision is None else f"{row.precision:.2f}",
                f"{row.recall:.2f}",
                f"{row.wrong_share:.2f}" if row.what == "field" else "",
            ]
            for row in scores.saved_tables(corpus)[1]
        ]


class MessageSignalsDirective(SphinxDirective):
    """```` ```{message-signals} ```` ````: each signal the message box recognises, the
    letters that answer it and what the reader is told, from signals.toml and the
    examples' ``answers``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from ..matcher import SIGNALS_JSON, default_matcher

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


def setup(app: Sphinx) -> None:
    app.add_config_value("followup_corpus_dir", "tests/corpus", "env", str)
    app.add_directive("why-alternatives", WhyAlternativesDirective)
    app.add_directive("checker-scores", CheckerScoresDirective)
    app.add_directive("message-scores", MessageScoresDirective)
    app.add_directive("message-signals", MessageSignalsDirective)
