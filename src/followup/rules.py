"""The letter rules: a letter thanks the reader, asks for feedback, and never asks why.

The patterns are data, in ``rules.toml`` beside this module (read its header). This
module splits a text into sentences, judges each sentence against each rule, and
reports findings that name the sentence, its line and the rule, with the fix.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

# Named tuples, not dataclasses: `followup check` runs in pre-commit hooks, and
# importing dataclasses (and with it inspect) is a tenth of its start-up time.

RULES_FILE = Path(__file__).with_name("rules.toml")
FLAGS = re.IGNORECASE | re.ASCII
_TERM = re.compile(r"\{([a-z_]+)\}")


class Rule(NamedTuple):
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


class Sentence(NamedTuple):
    """A sentence of a draft and the line it starts on."""

    text: str
    line: int


class Finding(NamedTuple):
    """Something a writer should change: the rule, and where (if one sentence is to blame)."""

    rule: str
    line: int | None
    sentence: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()


class Report(NamedTuple):
    """The verdict on one text."""

    labels: dict[str, bool]
    findings: tuple[Finding, ...]
    sentences: tuple[tuple[Sentence, frozenset[str]], ...]

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        return {**self.labels, "ok": self.ok, "findings": [f.as_dict() for f in self.findings]}


class RuleSet(NamedTuple):
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
        newlines = [m.start() for m in re.finditer("\n", text)]
        found: list[Sentence] = []
        start = 0
        for block in [*self.paragraph_break.finditer(text), None]:
            end = block.start() if block else len(text)
            self._split_block(text, start, end, found, newlines)
            start = block.end() if block else end
        return found

    def _split_block(
        self, text: str, start: int, end: int, found: list[Sentence], newlines: list[int]
    ) -> None:
        position = start
        for stop in self.sentence_end.finditer(text, start, end):
            if stop.group().startswith(".") and len(stop.group()) == 1:
                before = text[max(position, stop.start() - 12) : stop.start()].split()
                word = before[-1].lower() if before else ""
                if word in self.abbreviations or (len(word) == 1 and word.isalpha()):
                    continue
            self._add(text, position, stop.end(), found, newlines)
            position = stop.end()
        self._add(text, position, end, found, newlines)

    @staticmethod
    def _add(text: str, start: int, end: int, found: list[Sentence], newlines: list[int]) -> None:
        piece = text[start:end]
        stripped = piece.lstrip()
        if not stripped.strip():
            return
        offset = start + len(piece) - len(stripped)
        line = bisect_left(newlines, offset) + 1  # newlines before the sentence, plus one
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
    return compile_rules(resolve(data))


def compile_rules(plain: dict[str, Any]) -> RuleSet:
    """Compile resolved rules (see :func:`resolve`) into a rule set."""
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
    import tomllib  # only when the cache below is missing or stale

    return tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))


def resolved_rules() -> dict[str, Any]:
    """:func:`resolve` of the rules file, cached beside it like a ``.pyc`` file.

    Parsing TOML is the slowest part of starting ``followup check``, so the resolved
    rules are kept in ``__pycache__`` (in :mod:`marshal` form, as Python keeps compiled
    modules), named for the rules file's size and time. Where that folder cannot be
    written, the rules are simply parsed every time.
    """
    import marshal

    try:
        stat = RULES_FILE.stat()
        name = f"rules.{stat.st_size}.{stat.st_mtime_ns}.marshal"
        cached = RULES_FILE.parent / "__pycache__" / name
        data = marshal.loads(cached.read_bytes())
        if isinstance(data, dict):
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = resolve(rules_data())
    try:
        cached.parent.mkdir(exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(data))
        os.replace(temporary, cached)
    except OSError:
        pass
    return data


@cache
def default_rules() -> RuleSet:
    """The project's rules, loaded once."""
    return compile_rules(resolved_rules())


def check(text: str) -> Report:
    """Judge a text against the project's rules."""
    return default_rules().check(text)
