"""The letter rules: a letter thanks the reader, asks for feedback, and never asks why.

The patterns are data, in ``rules.toml`` beside this module (read its header). This
module splits a text into sentences, judges each sentence against each rule, and
reports findings that name the sentence, its line and the rule, with the fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

RULES_RESOURCE = "rules.toml"
FLAGS = re.IGNORECASE | re.ASCII
_TERM = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Rule:
    """One rule: which sentences match it, and what to tell the writer."""

    id: str
    title: str
    kind: Literal["required", "forbidden"]
    explain: str
    fix: str
    #: Each entry: patterns that must all match (one pattern is an entry of one).
    match: tuple[tuple[re.Pattern[str], ...], ...]
    exceptions: tuple[re.Pattern[str], ...]

    def matches(self, sentence: str) -> bool:
        """Whether the (normalised) sentence matches, once the exceptions are blanked out."""
        for exception in self.exceptions:
            sentence = exception.sub(lambda m: " " * len(m.group()), sentence)
        return any(all(p.search(sentence) for p in entry) for entry in self.match)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a draft and the line it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class Finding:
    """Something a writer should change: the rule, and where (if one sentence is to blame)."""

    rule: str
    line: int | None
    sentence: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "line": self.line,
            "sentence": self.sentence,
            "message": self.message,
        }


@dataclass(frozen=True)
class Report:
    """The verdict on one text."""

    labels: dict[str, bool]
    findings: tuple[Finding, ...]
    sentences: tuple[tuple[Sentence, frozenset[str]], ...] = field(repr=False)

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        return {**self.labels, "ok": self.ok, "findings": [f.as_dict() for f in self.findings]}


@dataclass(frozen=True)
class RuleSet:
    """The rules and the sentence splitting they rely on, loaded from the data file."""

    rules: tuple[Rule, ...]
    abbreviations: frozenset[str]
    normalize: tuple[tuple[str, str], ...]
    paragraph_break: re.Pattern[str]
    sentence_end: re.Pattern[str]

    def normalise(self, text: str) -> str:
        for old, new in self.normalize:
            text = text.replace(old, new)
        return text

    def sentences(self, text: str) -> list[Sentence]:
        """Split a draft into sentences, each with the line it starts on.

        Blank lines always end a sentence; within a paragraph a sentence ends at
        ``.``, ``!`` or ``?`` followed by a space, unless the word before is an
        abbreviation ("Dr.") or an initial ("K."). Line breaks inside a paragraph do not
        end a sentence, so hard-wrapped drafts read right. Linear in the text's length.
        """
        text = self.normalise(text.replace("\r\n", "\n").replace("\r", "\n"))
        found: list[Sentence] = []
        start = 0
        for block in [*self.paragraph_break.finditer(text), None]:
            end = block.start() if block else len(text)
            self._split_block(text, start, end, found)
            start = block.end() if block else end
        return found

    def _split_block(self, text: str, start: int, end: int, found: list[Sentence]) -> None:
        position = start
        for stop in self.sentence_end.finditer(text, start, end):
            if stop.group().startswith(".") and len(stop.group()) == 1:
                before = text[max(position, stop.start() - 12) : stop.start()].split()
                word = before[-1].lower() if before else ""
                if word in self.abbreviations or (len(word) == 1 and word.isalpha()):
                    continue
            self._add(text, position, stop.end(), found)
            position = stop.end()
        self._add(text, position, end, found)

    @staticmethod
    def _add(text: str, start: int, end: int, found: list[Sentence]) -> None:
        piece = text[start:end]
        stripped = piece.lstrip()
        if not stripped.strip():
            return
        offset = start + len(piece) - len(stripped)
        line = text.count("\n", 0, offset) + 1
        found.append(Sentence(" ".join(stripped.split()), line))

    def check(self, text: str) -> Report:
        """Judge a text against every rule."""
        sentences = self.sentences(text)
        judged = tuple(
            (s, frozenset(r.id for r in self.rules if r.matches(s.text))) for s in sentences
        )
        labels = {r.id: any(r.id in hits for _, hits in judged) for r in self.rules}
        findings: list[Finding] = []
        for rule in self.rules:
            if rule.kind == "required" and not labels[rule.id]:
                findings.append(Finding(rule.id, None, None, rule.fix))
            elif rule.kind == "forbidden":
                findings.extend(
                    Finding(rule.id, s.line, s.text, rule.fix)
                    for s, hits in judged
                    if rule.id in hits
                )
        findings.sort(key=lambda f: (f.line or 0, f.rule))
        return Report(labels, tuple(findings), judged)


def expand(pattern: str, terms: dict[str, str]) -> str:
    """Replace each ``{name}`` in a pattern with the term of that name."""
    return _TERM.sub(lambda m: terms[m.group(1)], pattern)


def resolve(data: dict[str, Any]) -> dict[str, Any]:
    """The rules data as plain patterns: every ``{term}`` expanded, every entry a list.

    This is the one form both this module and the browser's checker compile, so the
    two judge every sentence alike.
    """
    terms: dict[str, str] = {}
    for name, term in data.get("terms", {}).items():
        terms[name] = expand(term, terms)
    sentences = data["sentences"]
    return {
        "normalize": [[old, new] for old, new in data["normalize"].items()],
        "abbreviations": sorted(sentences["abbreviations"]),
        "paragraph_break": sentences["paragraph_break"],
        "sentence_end": sentences["end"],
        "rules": [
            {
                **{key: table[key] for key in ("id", "title", "kind", "explain", "fix")},
                "match": [
                    [expand(p, terms) for p in ([entry] if isinstance(entry, str) else entry)]
                    for entry in table["match"]
                ],
                "except": [expand(p, terms) for p in table["except"]],
            }
            for table in data["rules"]
        ],
    }


def parse_rules(data: dict[str, Any]) -> RuleSet:
    """Build the rule set from the data file's contents."""
    plain = resolve(data)
    rules = tuple(
        Rule(
            id=table["id"],
            title=table["title"],
            kind=table["kind"],
            explain=table["explain"],
            fix=table["fix"],
            match=tuple(tuple(re.compile(p, FLAGS) for p in entry) for entry in table["match"]),
            exceptions=tuple(re.compile(p, FLAGS) for p in table["except"]),
        )
        for table in plain["rules"]
    )
    return RuleSet(
        rules=rules,
        abbreviations=frozenset(plain["abbreviations"]),
        normalize=tuple((old, new) for old, new in plain["normalize"]),
        paragraph_break=re.compile(plain["paragraph_break"]),
        sentence_end=re.compile(plain["sentence_end"]),
    )


def rules_data() -> dict[str, Any]:
    """The rules data file as written; :func:`resolve` turns it into plain patterns."""
    return tomllib.loads(resources.files(__package__).joinpath(RULES_RESOURCE).read_text("utf-8"))


@cache
def default_rules() -> RuleSet:
    """The project's rules, loaded once."""
    return parse_rules(rules_data())


def check(text: str) -> Report:
    """Judge a text against the project's rules."""
    return default_rules().check(text)
