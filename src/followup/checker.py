"""The letter rules: a letter thanks the reader, asks for feedback, and never asks why.
The twin of the page's ``followup-checker.js``.

The rules are data, in ``rules.toml`` (read its header), resolved by ``make rules`` into
``rules.json``, which this module and the page's checker both read and apply with the
same engine (:mod:`followup.engine`), so the two judge every sentence alike. This module
reports findings that name the sentence, its line, the rule and the shape that matched,
with the fix; and notes, which advise without failing the draft.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from functools import cache

from .engine import (
    SENTENCE_KINDS,
    Reading,
    Rule,
    RuleSet,
    Sentence,
    Shape,
    compile_rules,
    load,
)
from .learned import Model, default_models
from .records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from .engine import Kind

#: The resolved rules' file, as a string: `followup check` starts without pathlib.
_RULES_FILE = os.path.join(os.path.dirname(__file__), "rules.json")


def __getattr__(name: str) -> Path:
    """``RULES_JSON``, the resolved rules' file as a :class:`~pathlib.Path`, made when
    asked for (the build and the tests ask; `followup check` never imports pathlib)."""
    if name == "RULES_JSON":
        from pathlib import Path

        return Path(_RULES_FILE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Finding(Record):
    """Something to change, or (as a note) to consider: the rule, and where if one
    sentence is to blame, with the shape it has and, for asking why, what to write instead."""

    rule: str
    line: int | None
    sentence: str | None
    message: str
    shape: str | None = None
    suggestion: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()

    def as_note(self) -> dict[str, Any]:
        return {"rule": self.rule, "line": self.line, "sentence": self.sentence,
                "message": self.message, "suggestion": self.suggestion}  # fmt: skip


class Report(Record):
    """The verdict on one text: what must change (findings) and advice (notes)."""

    labels: dict[str, bool]
    findings: tuple[Finding, ...]
    notes: tuple[Finding, ...]
    sentences: tuple[tuple[Sentence, frozenset[str]], ...]
    words: int

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.labels,
            "ok": self.ok,
            "words": self.words,
            "findings": [f.as_dict() for f in self.findings],
            "notes": [n.as_note() for n in self.notes],
        }


def contexts(rules: RuleSet | None = None) -> dict[str, str]:
    """What a letter can say they said about feedback: each context's name and title."""
    told = (rules or default_rules()).contexts["told"]
    return {name: context["title"] for name, context in told.items()}


def shapes_in(
    rules: RuleSet, sentence: str, models: dict[str, Model] | None = None
) -> dict[str, Shape]:
    """The rules a (read) sentence has, each with the shape that showed it: a rule's own
    shape or its model's (see :meth:`~followup.engine.RuleSet.shape_or_model`)."""
    if models is None:
        models = sentence_models()
    return rules.shapes(sentence, _asked(rules, models))


def _asked(rules: RuleSet, models: dict[str, Model]) -> list[tuple[Rule, Model | None]]:
    """The rules that judge a letter sentence by sentence, each with its model if any."""
    return [(rule, models.get(rule.id)) for rule in rules.rules if rule.kind in SENTENCE_KINDS]


def judge(
    rules: RuleSet, text: str, *, placeholders_allowed: bool = False, context: str | None = None
) -> Report:
    """Judge a text against every rule of a rule set.

    ``placeholders_allowed`` is for example letters, which hold placeholders by design.
    ``context`` is what they said about feedback (rules.toml's [contexts]): when they said
    they cannot give it, or gave it already, asking for it is a finding, not a need.
    """
    told = rules.contexts["told"][context or rules.contexts["default"]]
    kinds: dict[str, Kind] = told.get("kinds", {})
    fixes: dict[str, str] = told.get("fixes", {})
    # A context's own suggestion for a rule's findings, in place of each shape's.
    insteads: dict[str, str] = told.get("instead", {})
    reading = rules.read(text)
    sentences = rules.split(reading)
    models = sentence_models() if rules is default_rules() else {}
    asked = _asked(rules, models)
    judged = []
    shapes: list[dict[str, Shape]] = []
    # A sentence said twice is judged once (a pasted megabyte of "Thanks." is one).
    known: dict[str, tuple[dict[str, Shape], frozenset[str]]] = {}
    for sentence in sentences:
        seen = known.get(sentence.text)
        if seen is None:
            found = rules.shapes(sentence.text, asked)
            seen = known[sentence.text] = (found, frozenset(found))
        shapes.append(seen[0])
        judged.append((sentence, seen[1]))
    shown = {rule_id for _, ids in known.values() for rule_id in ids}
    labels = {r.id: r.id in shown for r in rules.rules if r.kind in SENTENCE_KINDS}
    findings: list[Finding] = []
    notes: list[Finding] = []
    for rule in rules.rules:
        if rule.id in kinds or rule.id in fixes:
            kind, fix = kinds.get(rule.id, rule.kind), fixes.get(rule.id, rule.fix)
            rule = rule._replace(kind=kind, fix=fix)
        if rule.kind in ("required", "advised") and not labels[rule.id]:
            (findings if rule.kind == "required" else notes).append(
                Finding(rule.id, None, None, rule.fix)
            )
        elif rule.kind in ("forbidden", "noted") and rule.id in shown:
            for sentence, matched in zip(sentences, shapes, strict=True):
                shape = matched.get(rule.id)
                if shape is not None:
                    finding = Finding(
                        rule.id,
                        sentence.line,
                        sentence.written,
                        rule.fix,
                        shape.name,
                        insteads.get(rule.id, shape.instead),
                    )
                    (findings if rule.kind == "forbidden" else notes).append(finding)
        elif rule.kind == "leftover" and not placeholders_allowed:
            findings.extend(_leftovers(rule, reading))
    words = len(text.split())
    if words > rules.long_letter:
        notes.append(
            Finding(
                "long",
                None,
                None,
                f"This draft has {words} words. Most good letters are under 150; cut "
                "what they do not need to read.",
            )
        )
    findings.sort(key=lambda f: (f.line or 0, f.rule))
    notes.sort(key=lambda f: (f.line or 0, f.rule))
    return Report(labels, tuple(findings), tuple(notes), tuple(judged), words)


def _leftovers(rule: Rule, reading: Reading) -> list[Finding]:
    """Each match of a leftover rule (a placeholder) in the whole (read) text, quoted as
    written."""
    text = reading.text
    newlines: list[int] | None = None
    found = []
    for shape in rule.shapes:
        for match in (*shape.always, *shape.keyed.values())[0].finditer(text):
            if newlines is None:
                newlines = [m.start() for m in re.finditer("\n", text)]
            line = bisect_right(newlines, match.start() - 1) + 1
            quoted = reading.quote(match.start(), match.end())
            found.append(Finding(rule.id, line, quoted, rule.fix, shape.name))
    return found


def resolved_rules() -> dict[str, Any]:
    """The resolved rules, as ``rules.json`` holds them (and the page reads them)."""
    return load(_RULES_FILE)


@cache
def sentence_models() -> dict[str, Model]:
    """The learned models of the rules that judge sentences, scored together."""
    judged = tuple(r.id for r in default_rules().rules if r.kind in SENTENCE_KINDS)
    return default_models(judged)


@cache
def default_rules() -> RuleSet:
    """The project's rules, loaded once."""
    return compile_rules(resolved_rules())


def check(text: str, *, placeholders_allowed: bool = False, context: str | None = None) -> Report:
    """Judge a text against the project's rules (see :func:`judge`)."""
    return judge(default_rules(), text, placeholders_allowed=placeholders_allowed, context=context)
