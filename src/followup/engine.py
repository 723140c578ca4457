"""The engine of the letter rules and of the message recognisers: the twin of the page's
``followup-engine.js``.

Both are data in one format (``rules.toml`` and ``signals.toml``), resolved by
:mod:`followup.generate` into plain patterns in JSON (``rules.json``, ``signals.json``)
that this module, the build and the page all read. This module compiles such data
(every pattern with RE2, see :mod:`followup.linear`) and applies it sentence by
sentence: it reads a text as a person sees it, splits it into sentences, and finds
which shape of which rule a sentence has, once the rule's exceptions are blanked out.
:mod:`followup.checker` judges drafts with it, :mod:`followup.matcher` messages; a test
runs the page's engine under Node on shared cases to hold the two alike.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from .learned import Model
from .linear import Pattern, PatternSet
from .records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any, Literal

    Kind = Literal["required", "forbidden", "advised", "noted", "leftover", "signal", "stage"]

# Named tuples (records), not dataclasses: `followup check` runs in pre-commit hooks,
# and importing dataclasses (and with it inspect) is a tenth of its start-up time.

_WORD = re.compile(r"\w+", re.ASCII)


#: Kinds judged sentence by sentence (a ``leftover`` rule searches the whole text).
SENTENCE_KINDS = ("required", "forbidden", "advised", "noted")


#: Characters that open a run of text with its own direction (embeddings, overrides,
#: isolates), the one among them that shows its run right to left whatever it holds
#: (RIGHT-TO-LEFT OVERRIDE), and those that close a run.
_OPENERS = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
_RTL_OVERRIDE = "\u202e"
_CLOSERS = frozenset("\u202c\u2069")


def visual_order(text: str) -> tuple[str, list[int] | None]:
    """The text with each run after a RIGHT-TO-LEFT OVERRIDE in the order it is shown
    (reversed, up to its closing character or the line's end), so "why" written
    backwards behind an override reads as "why"; and where each of its characters was
    (None: nowhere else). Other direction controls change nothing for Latin letters;
    all of them are removed later, as invisible."""
    if _RTL_OVERRIDE not in text:
        return text, None
    # Each open run: whether it is shown reversed, and its pieces (the position of a
    # character, or a closed run inside it, which keeps its own order).
    stack: list[tuple[bool, list[list[int]]]] = [(False, [])]

    def close() -> None:
        reverse, pieces = stack.pop()
        stack[-1][1].append([i for piece in (pieces[::-1] if reverse else pieces) for i in piece])

    for index, char in enumerate(text):
        if char in _OPENERS:
            stack.append((char == _RTL_OVERRIDE, []))
        elif (char in _CLOSERS or char == "\n") and len(stack) > 1:
            while len(stack) > 1:
                close()
                if char != "\n":
                    break
            if char == "\n":
                stack[-1][1].append([index])
        else:
            stack[-1][1].append([index])
    while len(stack) > 1:
        close()
    order = [i for piece in stack[0][1] for i in piece]
    return "".join(text[i] for i in order), order


#: The characters a reading may change: all but tabs, line breaks and printable ASCII.
_SPECIAL = re.compile(r"[^\t\n\x20-\x7e]+")


def _plain(text: str) -> bool:
    """Whether a text holds none of those characters (the usual case, told at C speed:
    ``isascii`` is known without looking, and ASCII is printable from space to ``~``)."""
    return text.isascii() and text.replace("\t", "").replace("\n", "").isprintable()


class Reading(Record):
    """A text as a person sees it (:meth:`RuleSet.read`), and the way back to the text as
    written, so a finding can quote what the writer wrote."""

    text: str
    written: str
    #: Where the read text's length moved away from the written one's: (where in the
    #: read text, where in the written one, how long the read piece is).
    marks: tuple[tuple[int, int, int], ...]
    #: Where each character of the text in shown order came from, if it was reordered.
    order: list[int] | None

    def origin(self, offset: int) -> int:
        """Where the character at ``offset`` of the read text is in the written one."""
        found = bisect_right(self.marks, offset, key=_where_read) - 1
        if found < 0:
            shown = offset
        else:
            start, source, width = self.marks[found]
            shown = source if offset < start + width else source + 1 + offset - start - width
        if self.order is None:
            return shown
        return self.order[min(shown, len(self.order) - 1)]

    def quote(self, start: int, end: int) -> str:
        """The written text of the read text's ``start:end``, spaces collapsed."""
        if end <= start:
            return ""
        if self.order is None:
            first, last = self.origin(start), self.origin(end - 1)
        else:
            places = [self.origin(i) for i in range(start, end)]
            first, last = min(places), max(places)
        return " ".join(_ASCII_SPACE.split(self.written[first : last + 1].strip(" \t\n")))


_ASCII_SPACE = re.compile(r"[ \t\n]+")


def _where_read(mark: tuple[int, int, int]) -> int:
    return mark[0]


class _Folds(dict[int, str]):
    """What each character reads as, as a table for :meth:`str.translate`: worked out the
    first time a character is met (NFKC, then without invisible characters, then
    [normalize]) and kept. ``resizing`` keeps only those that become none, or several."""

    def __init__(self, normalize: list[list[str]], invisible: list[list[int]]) -> None:
        super().__init__()
        self.replace = {ord(old): new for old, new in normalize}
        self.hidden = [(first, last) for first, last in invisible]
        self.resizing = _Resizing(self)

    def is_hidden(self, code: int) -> bool:
        return any(first <= code <= last for first, last in self.hidden)

    def __missing__(self, code: int) -> str:
        folded = "".join(
            self.replace.get(ord(c), c)
            for c in unicodedata.normalize("NFKC", chr(code))
            if not self.is_hidden(ord(c))
        )
        self[code] = folded
        return folded


class _Resizing(dict[int, str | None]):
    """A :meth:`str.translate` table that keeps a character only if it reads as none, or
    as several."""

    def __init__(self, folds: _Folds) -> None:
        super().__init__()
        self.folds = folds

    def __missing__(self, code: int) -> str | None:
        kept = chr(code) if len(self.folds[code]) != 1 else None
        self[code] = kept
        return kept


class Keyed(Record):
    """A pattern, and the number of its keys in the rule set's index (-1: always tried)."""

    pattern: Pattern
    id: int


class Shape(Record):
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
    #: The same patterns as sets, for a sentence whose patterns are all known: one of
    #: the anchors must be there, and every one of the rest.
    anchors: frozenset[Pattern] = frozenset()
    needs: frozenset[Pattern] = frozenset()


class Rule(Record):
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
    #: The exceptions' patterns, and every shape's anchors, as sets.
    excepts: frozenset[Pattern] = frozenset()
    anchors: frozenset[Pattern] = frozenset()


class Sentence(Record):
    """A sentence of a draft as it reads, the line it starts on, and the sentence as it
    was written (the same, but for hidden characters and look-alike letters)."""

    text: str
    line: int
    written: str


class Look(Record):
    """What is known of one (read) sentence before its rules are tried: its UTF-8 bytes,
    and either every pattern found in it (one pass for all, when the rule set's
    :class:`~followup.linear.PatternSet` answers) or the index numbers of the patterns
    whose keys start one of its words (the keyword filter, see :meth:`RuleSet.hits`)."""

    encoded: bytes
    present: set[Pattern] | None
    hits: set[int] | None


class RuleSet(Record):
    """The rules and the sentence splitting they rely on, loaded from the data."""

    rules: tuple[Rule, ...]
    abbreviations: frozenset[str]
    paragraph_break: Pattern
    sentence_end: Pattern
    #: Each character's reading, as far as it is not itself: a character to replace
    #: (NFKC, then [normalize]), or to drop (invisible).
    folds: _Folds
    #: The same without [normalize]: what a person sees, for reading names.
    seen: _Folds
    long_letter: int
    #: What they said about feedback, and how each changes the rules (rules.toml's
    #: [contexts]): {"default": name, "told": {name: {"title", "kinds", "fixes", "instead"}}}.
    contexts: dict[str, Any]
    #: The keys of every keyed pattern, by their first three letters (or two, for a
    #: two-letter key): (key, pattern number).
    keys: dict[str, tuple[tuple[str, int], ...]]
    #: Every pattern of every rule, to find all at once in a sentence.
    together: PatternSet

    def read(self, text: str, *, folds: _Folds | None = None) -> Reading:
        """The text as a person sees it, and the way back to it as written: line ends
        made plain, overridden right-to-left runs in the order they are shown, each
        character normalised (NFKC), invisible ones removed, and [normalize] applied
        (curly quotes, dashes, look-alike letters). Linear in the text's length."""
        written = text.replace("\r\n", "\n").replace("\r", "\n")
        shown, order = visual_order(written)
        if _plain(shown):
            return Reading(shown, written, (), order)
        folds = self.folds if folds is None else folds
        pieces: list[str] = []
        marks: list[tuple[int, int, int]] = []
        read_at = last = 0
        for run in _SPECIAL.finditer(shown):
            start = run.start()
            pieces.append(shown[last:start])
            read_at += start - last
            chars = run.group()
            folded = chars.translate(folds)
            if chars.translate(folds.resizing):  # a character becomes none, or several
                for index, char in enumerate(chars, start):
                    piece = char.translate(folds)
                    if len(piece) != 1:
                        marks.append((read_at, index, len(piece)))
                    read_at += len(piece)
            else:
                read_at += len(folded)
            pieces.append(folded)
            last = run.end()
        pieces.append(shown[last:])
        return Reading("".join(pieces), written, tuple(marks), order)

    def readable(self, text: str) -> str:
        """The text as the rules read it (see :meth:`read`)."""
        return self.read(text).text

    def visible(self, text: str) -> str:
        """The text as a person sees it: read, but with its quotes, dashes and letters
        as written (no [normalize]), for finding names in it."""
        return self.read(text, folds=self.seen).text

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

    def look(self, sentence: str) -> Look:
        """Look at a (normalised) sentence once, for all the rules to be tried on it."""
        encoded = sentence.encode("utf-8")
        present = self.together.present(encoded)
        return Look(encoded, present, self.hits(sentence) if present is None else None)

    def shape_of(self, rule: Rule, sentence: str, look: Look | None = None) -> Shape | None:
        """The first shape of ``rule`` the (normalised) sentence has, once the rule's
        exceptions are blanked out. A pattern whose keys start no word is not tried: it
        cannot match (see :mod:`followup.prefilter`)."""
        if look is None:
            look = self.look(sentence)
        present = look.present
        if present is not None and not rule.excepts.isdisjoint(present):
            present = self._unexcepted(rule, look.encoded, present)
        if present is not None:
            # Every pattern's answer is known (once the exceptions there are blanked out).
            return _known_shape(rule, present)
        hits = look.hits if look.hits is not None else self.hits(sentence)
        if rule.keyed is not None and rule.keyed.isdisjoint(hits):
            return None
        encoded = look.encoded
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

    def _unexcepted(self, rule: Rule, encoded: bytes, present: set[Pattern]) -> set[Pattern] | None:
        """The patterns found in a sentence once the rule's exceptions are blanked out, in
        order, each that is there (the text is looked at again after each); None if RE2
        cannot answer for a blanked text."""
        for exception in rule.exceptions:
            if exception.pattern in present:
                encoded = exception.pattern.blank(encoded)
                found = self.together.present(encoded)
                if found is None:
                    return None
                present = found
        return present

    def shape_or_model(
        self, rule: Rule, sentence: str, look: Look, model: Model | None
    ) -> Shape | None:
        """The shape of ``rule`` a (read) sentence has; or, where none matched, the shape
        of its model's finding ("reads like asking why", with the rule's first
        suggestion) if the model scores the sentence at its threshold and none of the
        rule's exceptions is there. The checker and the message reader both ask this."""
        shape = self.shape_of(rule, sentence, look)
        if shape is not None or model is None or not model.flags(sentence):
            return shape
        return None if self.excepted(rule, sentence, look) else _model_shape(rule, model)

    def shapes(self, sentence: str, asked: Iterable[tuple[Rule, Model | None]]) -> dict[str, Shape]:
        """The shape each rule ``asked`` (with its model, if any) finds in a (read)
        sentence (:meth:`shape_or_model`), by rule id, for those it finds one. The sentence
        is looked at once for all of them; when every pattern's answer is known and none
        of a rule's exceptions is there, the rule's shape follows from the patterns found
        (the usual case, worked out here)."""
        look = self.look(sentence)
        present = look.present
        found = {}
        for rule, model in asked:
            if present is None:
                shape = self.shape_or_model(rule, sentence, look, model)
            elif not rule.excepts.isdisjoint(present):
                # An exception is there, which a model may not overrule either.
                shape = self.shape_of(rule, sentence, look)
            else:
                shape = None
                if not rule.anchors.isdisjoint(present):
                    shape = _known_shape(rule, present)
                if shape is None and model is not None and model.flags(sentence):
                    shape = _model_shape(rule, model)
            if shape is not None:
                found[rule.id] = shape
        return found

    def excepted(self, rule: Rule, sentence: str, look: Look) -> bool:
        """Whether one of the rule's exceptions is in the sentence: it only looks like the
        rule ("thanks to my manager"), which a model must not overrule either."""
        if look.present is not None:
            return not rule.excepts.isdisjoint(look.present)
        hits = look.hits if look.hits is not None else self.hits(sentence)
        return any(
            (exception.id < 0 or exception.id in hits) and exception.pattern.found_in(look.encoded)
            for exception in rule.exceptions
        )

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
        return self.split(self.read(text))

    def split(self, reading: Reading) -> list[Sentence]:
        """The sentences of a text already read (see :meth:`sentences`)."""
        text = reading.text
        newlines = [m.start() for m in re.finditer("\n", text)]
        found: list[Sentence] = []
        start = 0
        # Text written in tabs, line breaks and printable ASCII alone reads as written:
        # each sentence is quoted as it reads, with nothing to map back.
        plain = reading.order is None and _plain(reading.written)
        for block_start, block_end in [*self.paragraph_break.cuts(text), (len(text), None)]:
            for piece_start, piece_end in self._pieces(text, start, block_start):
                piece = text[piece_start:piece_end]
                stripped = piece.lstrip()
                if not stripped.strip():
                    continue
                offset = piece_start + len(piece) - len(stripped)
                line = bisect_right(newlines, offset - 1) + 1  # newlines before it, plus one
                reads = " ".join(stripped.split())
                close = piece_start + len(piece.rstrip())
                written = reads if plain else reading.quote(offset, close)
                found.append(Sentence(reads, line, written))
            start = block_end if block_end is not None else block_start
        return found

    def _pieces(self, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """Where each sentence of the paragraph ``text[start:end]`` starts and ends: after
        each sentence end, but a full stop after an abbreviation or an initial."""
        position = start
        for cut_start, cut_end in self.sentence_end.cuts(text[start:end]):
            stop_start, stop_end = start + cut_start, start + cut_end
            if text[stop_start:stop_end] == ".":
                before = text[max(position, stop_start - 12) : stop_start].split()
                word = before[-1].lower() if before else ""
                if word in self.abbreviations or (len(word) == 1 and word.isalpha()):
                    continue
            yield position, stop_end
            position = stop_end
        yield position, end


def _known_shape(rule: Rule, present: set[Pattern]) -> Shape | None:
    """The first shape of ``rule`` a sentence has, from every pattern found in it: one of
    the shape's anchors, and every one of the rest."""
    if rule.anchors.isdisjoint(present):
        return None
    for shape in rule.shapes:
        if not shape.anchors.isdisjoint(present) and shape.needs <= present:
            return shape
    return None


def _model_shape(rule: Rule, model: Model) -> Shape:
    """The shape of a model's finding: what the sentence reads like, and the rule's first
    suggestion."""
    instead = next((s.instead for s in rule.shapes if s.instead), None)
    return Shape(f"reads like {model.reads_like}", {}, (), (), None, instead)


def compile_rules(plain: dict[str, Any], *, pattern_set: bool = True) -> RuleSet:
    """Compile resolved rules (see :func:`resolve`) into a rule set, with the index of
    every keyed pattern's keys. Without ``pattern_set``, a sentence's patterns are never
    looked for all at once (:class:`~followup.linear.PatternSet`), only one by one where
    the keyword filter lets them: the message reader's many patterns, each keyed by few
    words, are found faster that way (a third faster on the labelled messages, read
    once each, and on every hostile paste of ``tests/hostile.py``)."""
    index: dict[str, list[tuple[str, int]]] = {}
    count = 0
    # One pattern for each text, however many rules use it: compiled once, searched once.
    patterns: dict[str, Pattern] = {}

    def pattern(source: str) -> Pattern:
        found = patterns.get(source)
        if found is None:
            found = patterns[source] = Pattern(source, ignore_case=True)
        return found

    def keyed(item: dict[str, Any]) -> Keyed:
        nonlocal count
        if item["keys"] is None:
            return Keyed(pattern(item["pattern"]), -1)
        count += 1
        for key in item["keys"]:
            index.setdefault(key[:3], []).append((key, count))
        return Keyed(pattern(item["pattern"]), count)

    rules = []
    for table in plain["rules"]:
        shapes = []
        numbers = []
        for shape in table["shapes"]:
            anchors = [keyed(anchor) for anchor in shape["anchors"]]
            numbers += [a.id for a in anchors]
            rest = tuple(pattern(p) for p in shape["rest"])
            shapes.append(
                Shape(
                    shape["name"],
                    {a.id: a.pattern for a in anchors if a.id >= 0},
                    tuple(a.pattern for a in anchors if a.id < 0),
                    rest,
                    shape["example"],
                    shape["instead"],
                    frozenset(a.pattern for a in anchors),
                    frozenset(rest),
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
                excepts=frozenset(k.pattern for k in exceptions),
                anchors=frozenset(p for shape in shapes for p in shape.anchors),
            )
        )
    return RuleSet(
        rules=tuple(rules),
        abbreviations=frozenset(plain["abbreviations"]),
        paragraph_break=Pattern(plain["paragraph_break"]),
        sentence_end=Pattern(plain["sentence_end"]),
        folds=_Folds(plain["normalize"], plain.get("invisible", [])),
        seen=_Folds([], plain.get("invisible", [])),
        long_letter=plain["long_letter"],
        contexts=plain.get("contexts", {"default": "none", "told": {"none": {}}}),
        keys={start: tuple(entries) for start, entries in index.items()},
        together=PatternSet(
            pattern
            for rule in rules
            for pattern in (
                *(p for shape in rule.shapes for p in (*shape.keyed.values(), *shape.always)),
                *(p for shape in rule.shapes for p in shape.rest),
                *(k.pattern for k in rule.exceptions),
            )
        )
        if pattern_set
        else PatternSet((), warm_up=PatternSet.NEVER),
    )


def load(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Resolved data, as :mod:`followup.generate` wrote it."""
    with open(path, encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    return data
