"""The letter rules: a letter thanks the reader, asks for feedback, and never asks why.

The rules are data, in ``rules.toml`` beside this module (read its header). ``make
rules`` resolves them into plain patterns in :mod:`followup.rules_data`, which this
module and the browser's checker both read, so the two judge every sentence alike; a
test checks that module is up to date.

This module splits a text into sentences, judges each sentence against each rule, and
reports findings that name the sentence, its line, the rule and the shape that matched,
with the fix; and notes, which advise without failing the draft.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .linear import Pattern

# Named tuples, not dataclasses: `followup check` runs in pre-commit hooks, and
# importing dataclasses (and with it inspect) is a tenth of its start-up time.

RULES_FILE = Path(__file__).with_name("rules.toml")
DATA_MODULE = Path(__file__).with_name("rules_data.py")
_TERM = re.compile(r"\{([a-z_]+)\}")
_WORD = re.compile(r"\w+", re.ASCII)


Kind = Literal["required", "forbidden", "advised", "noted", "leftover", "signal", "stage"]
#: Kinds judged sentence by sentence (a ``leftover`` rule searches the whole text).
SENTENCE_KINDS = ("required", "forbidden", "advised", "noted")


def _span(match: Any) -> tuple[int, int]:
    """Where a break or a sentence's end is: its first group if it has one (so a pattern
    can require what follows without taking it), or else the whole match."""
    if match.re.groups and match.start(1) >= 0:
        return int(match.start(1)), int(match.end(1))
    return int(match.start()), int(match.end())


#: Characters that open a run of text with its own direction (embeddings, overrides,
#: isolates), the one among them that shows its run right to left whatever it holds
#: (RIGHT-TO-LEFT OVERRIDE), and those that close a run.
_OPENERS = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
_RTL_OVERRIDE = "\u202e"
_CLOSERS = frozenset("\u202c\u2069")


def visual_order(text: str) -> str:
    """The text with each run after a RIGHT-TO-LEFT OVERRIDE in the order it is shown
    (reversed, up to its closing character or the line's end), so "why" written
    backwards behind an override reads as "why". Other direction controls change nothing
    for Latin letters; all of them are removed later, as invisible."""
    if _RTL_OVERRIDE not in text:
        return text
    return "\n".join(_visual_line(line) for line in text.split("\n"))


def _visual_line(line: str) -> str:
    # Each open run: whether it is shown reversed, and its pieces (a character, or a
    # closed run inside it, which keeps its own order).
    stack: list[tuple[bool, list[str]]] = [(False, [])]

    def close() -> None:
        reverse, pieces = stack.pop()
        stack[-1][1].append("".join(reversed(pieces) if reverse else pieces))

    for char in line:
        if char in _OPENERS:
            stack.append((char == _RTL_OVERRIDE, []))
        elif char in _CLOSERS and len(stack) > 1:
            close()
        else:
            stack[-1][1].append(char)
    while len(stack) > 1:
        close()
    return "".join(stack[0][1])


class Keyed(NamedTuple):
    """A pattern, and the number of its keys in the rule set's index (-1: always tried)."""

    pattern: Pattern
    id: int


class Shape(NamedTuple):
    """One way a sentence can match a rule: meanings that must all be in it."""

    name: str
    #: The first meaning, cut into its branches, each tried only if its keys are there:
    #: the keyed ones by number, and those always tried.
    keyed: dict[int, Pattern]
    always: tuple[Pattern, ...]
    #: The other meanings, tried once an anchor matched.
    rest: tuple[Pattern, ...]
    #: For a forbidden shape: a sentence that has it, and what to write instead.
    example: str | None
    instead: str | None


class Rule(NamedTuple):
    """One rule: its shapes, the phrases that only look like them, and the fix."""

    id: str
    title: str
    kind: Kind
    explain: str
    fix: str
    shapes: tuple[Shape, ...]
    exceptions: tuple[Keyed, ...]
    #: The index numbers of every keyed pattern of the rule; None if one is always tried.
    keyed: frozenset[int] | None


class Sentence(NamedTuple):
    """A sentence of a draft and the line it starts on."""

    text: str
    line: int


class Finding(NamedTuple):
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
                "message": self.message}  # fmt: skip


class Report(NamedTuple):
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


class RuleSet(NamedTuple):
    """The rules and the sentence splitting they rely on, loaded from the data."""

    rules: tuple[Rule, ...]
    abbreviations: frozenset[str]
    normalize: tuple[tuple[str, str], ...]
    paragraph_break: Pattern
    sentence_end: Pattern
    invisible: Pattern | None
    long_letter: int
    #: The keys of every keyed pattern, by their first three letters (or two, for a
    #: two-letter key): (key, pattern number).
    keys: dict[str, tuple[tuple[str, int], ...]]

    def readable(self, text: str) -> str:
        """The text as a person sees it: overridden right-to-left runs in the order they
        are shown, normalised (NFKC), with invisible characters removed."""
        text = unicodedata.normalize("NFKC", visual_order(text))
        return self.invisible.sub("", text) if self.invisible is not None else text

    def normalise(self, text: str) -> str:
        for old, new in self.normalize:
            text = text.replace(old, new)
        return text

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def hits(self, sentence: str) -> set[int]:
        """The patterns one of whose keys starts a word of the sentence."""
        found = set()
        keys = self.keys
        for word in _WORD.findall(sentence.lower()):
            for key, number in keys.get(word[:3], ()):
                if word.startswith(key):
                    found.add(number)
            for _, number in keys.get(word[:2], ()) if len(word) > 2 else ():
                found.add(number)  # two-letter keys, filed under themselves
        return found

    def shape_of(self, rule: Rule, sentence: str, hits: set[int] | None = None) -> Shape | None:
        """The first shape of ``rule`` the (normalised) sentence has, once the rule's
        exceptions are blanked out. A pattern whose keys start no word is not tried: it
        cannot match (see :mod:`followup.prefilter`)."""
        if hits is None:
            hits = self.hits(sentence)
        if rule.keyed is not None and rule.keyed.isdisjoint(hits):
            return None
        encoded = sentence.encode("utf-8")
        for exception in rule.exceptions:
            if exception.id < 0 or exception.id in hits:
                blanked = exception.pattern.blank(encoded)
                if blanked != encoded:
                    encoded, hits = blanked, self.hits(blanked.decode("utf-8"))
        for shape in rule.shapes:
            keyed = shape.keyed
            anchored = shape.always and any(p.found_in(encoded) for p in shape.always)
            if not anchored:
                candidates = hits.intersection(keyed)
                anchored = bool(candidates) and any(keyed[n].found_in(encoded) for n in candidates)
            if anchored and all(p.found_in(encoded) for p in shape.rest):
                return shape
        return None

    def shapes_of(self, rule: Rule, sentence: str) -> list[Shape]:
        """Every shape of ``rule`` the sentence has (not only the first), for explaining."""
        return [
            shape
            for shape in rule.shapes
            if self.shape_of(rule._replace(shapes=(shape,)), sentence) is not None
        ]

    def matches(self, rule_id: str, sentence: str) -> bool:
        """Whether a (normalised) sentence matches the rule of that id."""
        return self.shape_of(self.rule(rule_id), sentence) is not None

    def sentences(self, text: str) -> list[Sentence]:
        """Split a draft into sentences, each with the line it starts on.

        Blank lines always end a sentence; within a paragraph a sentence ends at
        ``.``, ``!`` or ``?`` followed by a space, unless the word before is an
        abbreviation ("Dr.") or an initial ("K."). Line breaks inside a paragraph do not
        end a sentence, so hard-wrapped drafts read right. Linear in the text's length.
        """
        text = self.normalise(self.readable(text.replace("\r\n", "\n").replace("\r", "\n")))
        newlines = [m.start() for m in re.finditer("\n", text)]
        found: list[Sentence] = []
        start = 0
        for block in [*self.paragraph_break.finditer(text), None]:
            end = _span(block)[0] if block else len(text)
            self._split_block(text, start, end, found, newlines)
            start = _span(block)[1] if block else end
        return found

    def _split_block(
        self, text: str, start: int, end: int, found: list[Sentence], newlines: list[int]
    ) -> None:
        position = start
        for stop in self.sentence_end.finditer(text[start:end]):
            stop_start, stop_end = (start + offset for offset in _span(stop))
            if text[stop_start:stop_end] == ".":
                before = text[max(position, stop_start - 12) : stop_start].split()
                word = before[-1].lower() if before else ""
                if word in self.abbreviations or (len(word) == 1 and word.isalpha()):
                    continue
            self._add(text, position, stop_end, found, newlines)
            position = stop_end
        self._add(text, position, end, found, newlines)

    @staticmethod
    def _add(text: str, start: int, end: int, found: list[Sentence], newlines: list[int]) -> None:
        piece = text[start:end]
        stripped = piece.lstrip()
        if not stripped.strip():
            return
        offset = start + len(piece) - len(stripped)
        line = bisect_right(newlines, offset - 1) + 1  # newlines before the sentence, plus one
        found.append(Sentence(" ".join(stripped.split()), line))

    def check(self, text: str, *, placeholders_allowed: bool = False) -> Report:
        """Judge a text against every rule.

        ``placeholders_allowed`` is for example letters, which hold placeholders by design.
        """
        sentences = self.sentences(text)
        sentence_rules = [r for r in self.rules if r.kind in SENTENCE_KINDS]
        judged = []
        shapes: list[dict[str, Shape]] = []
        for sentence in sentences:
            found = {}
            hits = self.hits(sentence.text)
            for rule in sentence_rules:
                if rule.keyed is not None and rule.keyed.isdisjoint(hits):
                    continue  # no word of the sentence starts with any of its keys
                shape = self.shape_of(rule, sentence.text, hits)
                if shape is not None:
                    found[rule.id] = shape
            shapes.append(found)
            judged.append((sentence, frozenset(found)))
        labels = {
            r.id: any(r.id in hits for hits in shapes)
            for r in self.rules
            if r.kind in SENTENCE_KINDS
        }
        findings: list[Finding] = []
        notes: list[Finding] = []
        for rule in self.rules:
            if rule.kind in ("required", "advised") and not labels[rule.id]:
                (findings if rule.kind == "required" else notes).append(
                    Finding(rule.id, None, None, rule.fix)
                )
            elif rule.kind in ("forbidden", "noted"):
                for sentence, matched in zip(sentences, shapes, strict=True):
                    shape = matched.get(rule.id)
                    if shape is not None:
                        finding = Finding(
                            rule.id,
                            sentence.line,
                            sentence.text,
                            rule.fix,
                            shape.name,
                            shape.instead,
                        )
                        (findings if rule.kind == "forbidden" else notes).append(finding)
            elif rule.kind == "leftover" and not placeholders_allowed:
                findings.extend(self._leftovers(rule, text))
        words = len(text.split())
        if words > self.long_letter:
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

    def _leftovers(self, rule: Rule, text: str) -> list[Finding]:
        text = self.normalise(self.readable(text.replace("\r\n", "\n").replace("\r", "\n")))
        newlines = [m.start() for m in re.finditer("\n", text)]
        found = []
        for shape in rule.shapes:
            for match in (*shape.always, *shape.keyed.values())[0].finditer(text):
                line = bisect_right(newlines, match.start() - 1) + 1
                found.append(Finding(rule.id, line, match.group(), rule.fix, shape.name))
        return found


#: A rule's keys that :func:`resolve` works out itself rather than copying.
RESOLVED_KEYS = frozenset({"id", "title", "kind", "explain", "fix", "except", "shapes"})


def expand(pattern: str, terms: dict[str, str]) -> str:
    """Replace each ``{name}`` in a pattern with the term of that name."""
    return _TERM.sub(lambda m: terms[m.group(1)], pattern)


def resolve(data: dict[str, Any]) -> dict[str, Any]:
    """The rules data as plain patterns: every ``{term}`` expanded, and each rule's
    trigger (its shapes' anchors, in one pattern) worked out.

    This is the one form both this module and the browser's checker compile.
    """
    terms: dict[str, str] = {}
    for name, term in data.get("terms", {}).items():
        terms[name] = expand(term, terms)
    from .prefilter import keys_of, split_branches

    def keyed(pattern: str) -> dict[str, Any]:
        return {"pattern": pattern, "keys": keys_of(pattern)}

    sentences = data["sentences"]
    rules = []
    for table in data["rules"]:
        shapes = []
        for shape in table["shapes"]:
            patterns = [expand(p, terms) for p in shape["all"]]
            # A leftover rule searches the whole text with its one pattern, unsplit.
            leftover = table["kind"] == "leftover"
            branches = [patterns[0]] if leftover else split_branches(patterns[0])
            shapes.append(
                {
                    "name": shape["name"],
                    "anchors": [keyed(branch) for branch in branches],
                    "rest": patterns[1:],
                    "example": shape.get("example"),
                    "instead": shape.get("instead"),
                }
            )
        rules.append(
            {
                **{key: table[key] for key in ("id", "title", "kind", "explain")},
                "fix": table.get("fix", ""),
                # What other readers of the same format keep beside a rule (signals.toml:
                # the reason, the advice and its page).
                **{k: v for k, v in table.items() if k not in RESOLVED_KEYS},
                "except": [keyed(expand(p, terms)) for p in table["except"]],
                "shapes": shapes,
            }
        )
    return {
        "normalize": [[old, new] for old, new in data["normalize"].items()],
        "abbreviations": sorted(sentences["abbreviations"]),
        "paragraph_break": sentences["paragraph_break"],
        "sentence_end": sentences["end"],
        "invisible": sentences.get("invisible", ""),
        "long_letter": sentences["long_letter"],
        "rules": rules,
    }


def compile_rules(plain: dict[str, Any]) -> RuleSet:
    """Compile resolved rules (see :func:`resolve`) into a rule set, with the index of
    every keyed pattern's keys."""
    index: dict[str, list[tuple[str, int]]] = {}
    count = 0

    def keyed(item: dict[str, Any]) -> Keyed:
        nonlocal count
        if item["keys"] is None:
            return Keyed(Pattern(item["pattern"], ignore_case=True), -1)
        count += 1
        for key in item["keys"]:
            index.setdefault(key[:3], []).append((key, count))
        return Keyed(Pattern(item["pattern"], ignore_case=True), count)

    rules = []
    for table in plain["rules"]:
        shapes = []
        numbers = []
        for shape in table["shapes"]:
            anchors = [keyed(anchor) for anchor in shape["anchors"]]
            numbers += [a.id for a in anchors]
            shapes.append(
                Shape(
                    shape["name"],
                    {a.id: a.pattern for a in anchors if a.id >= 0},
                    tuple(a.pattern for a in anchors if a.id < 0),
                    tuple(Pattern(p, ignore_case=True) for p in shape["rest"]),
                    shape["example"],
                    shape["instead"],
                )
            )
        exceptions = tuple(keyed(item) for item in table["except"])
        numbers += [k.id for k in exceptions]
        rules.append(
            Rule(
                id=table["id"],
                title=table["title"],
                kind=table["kind"],
                explain=table["explain"],
                fix=table["fix"],
                shapes=tuple(shapes),
                exceptions=exceptions,
                keyed=None if min(numbers, default=-1) < 0 else frozenset(numbers),
            )
        )
    return RuleSet(
        rules=tuple(rules),
        abbreviations=frozenset(plain["abbreviations"]),
        normalize=tuple((old, new) for old, new in plain["normalize"]),
        paragraph_break=Pattern(plain["paragraph_break"]),
        sentence_end=Pattern(plain["sentence_end"]),
        invisible=Pattern(plain["invisible"]) if plain.get("invisible") else None,
        long_letter=plain["long_letter"],
        keys={start: tuple(entries) for start, entries in index.items()},
    )


def parse_rules(data: dict[str, Any]) -> RuleSet:
    """Build the rule set from the data file's contents."""
    return compile_rules(resolve(data))


def rules_data() -> dict[str, Any]:
    """The rules data file as written; :func:`resolve` turns it into plain patterns."""
    import tomllib

    return tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))


def module_text(resolved: dict[str, Any]) -> str:
    """The text of :mod:`followup.rules_data` for these resolved rules."""
    import pprint

    return (
        '"""The resolved letter rules. Written by `make rules` from rules.toml: do not edit.\n\n'
        "A Python module, so that `followup check` starts fast: Python keeps it compiled.\n"
        '"""\n\n'
        f"RULES = {pprint.pformat(resolved, width=100, sort_dicts=False)}\n"
    )


def resolved_rules() -> dict[str, Any]:
    """The resolved rules, as :mod:`followup.rules_data` holds them."""
    from .rules_data import RULES

    return RULES


@cache
def default_rules() -> RuleSet:
    """The project's rules, loaded once."""
    return compile_rules(resolved_rules())


def check(text: str, *, placeholders_allowed: bool = False) -> Report:
    """Judge a text against the project's rules."""
    return default_rules().check(text, placeholders_allowed=placeholders_allowed)


def main() -> int:
    """``python -m followup.rules``: write rules_data.py from rules.toml."""
    from .files import write_generated

    write_generated(DATA_MODULE, module_text(resolve(rules_data())), RULES_FILE.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
