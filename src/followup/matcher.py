"""Start from their message: what a rejection shows, and the letters that answer it.
The twin of the page's ``followup-match.js``.

The recognisers are data, in ``signals.toml``, in the letter rules' format and judged
by the same engine (:mod:`followup.engine`): the stage the candidate reached, the
signals that change what to write back (each with the sentence that shows it), and the
names in the message. Letters declare the signals and stages they answer in their front
matter (``answers = [...]``); this module ranks them.

``make rules`` resolves the data into ``signals.json``, with the letters' answers, which
this module and the home page's script both read, so the two judge every message alike.
Nothing here imports Jinja or Sphinx: ``followup match`` starts as fast as
``followup check``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .engine import Look, Rule, RuleSet, Sentence, compile_rules, load
from .learned import Model, default_models
from .linear import Pattern
from .records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from .model import Example

SIGNALS_JSON = Path(__file__).with_name("signals.json")
#: The fields a message can give, in the order they are reported.
FIELD_IDS = ("organisation", "role", "sender", "candidate")
#: At most this many letters are suggested: the reader needs a choice, not a catalogue.
MOST_LETTERS = 4
_ENTITY = re.compile(r"&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});")
_WORD = re.compile(r"[a-z]+")


class Way(Record):
    """One way to find a field: a pattern whose group 1 is the value, and where to look."""

    name: str
    pattern: Pattern
    #: "text": every match in turn; "last_lines": the last lines, from the end;
    #: "signature": the last lines, from the top (a signature starts with the name)
    scope: str
    lines: int
    unless: frozenset[str]
    #: A value this way finds is no value if one of these matches it ...
    reject: tuple[Pattern, ...]
    #: ... or if the text right after the match starts with this.
    not_followed_by: Pattern | None
    #: Reading lines: a line this matches ends the reading (after an organisation's
    #: line in a signature comes its address, where a town looks like a first name).
    until: Pattern | None = None
    #: A way that only confirms a name another way finds, in the form the text writes it
    #: (see :meth:`Matcher.as_written`): it finds no name on its own.
    confirms: bool = False
    #: A way that reads a header, not the message's sentences (a From line, a subject, a
    #: letterhead): the form it gives is not the one the body writes (see as_written).
    header: bool = False
    #: A match is no value if the text right before it ends with this ("your current
    #: role at ...": the reader's own employer, not theirs).
    not_preceded_by: Pattern | None = None
    #: A match is no value if the text it spans before the value holds this: "the Senior
    #: Planner role, but ... the Planner position" names two jobs, and the one the way
    #: would take (the later) may not be the one applied for.
    not_across: Pattern | None = None


class Field(Record):
    """A name a message can give: the ways to find it, and what a value must not be."""

    id: str
    variable: str
    ways: tuple[Way, ...]
    trim: tuple[Pattern, ...]
    reject: tuple[Pattern, ...]
    not_part_of: str | None
    #: When a way that reads the last lines finds the value, and the message's text writes
    #: the same name in another form (longer or shorter, same first word), that form wins:
    #: the signature's "Calder & Voss LLP" is the body's "Calder & Voss".
    as_in_text: bool = False
    #: A field whose value is taken off this one's start, or its end after "at", "in",
    #: "with" or "for": the role "Harcastle Group Buying Graduate Programme" is the
    #: "Buying Graduate Programme" of the organisation "Harcastle Group".
    without: str | None = None
    #: Fields whose value this one never starts with: a role is not "Kerry Lam - ...".
    not_named_for: tuple[str, ...] = ()
    #: Fields whose value, or a word of it, this one never is: the organisation is not
    #: "Kenji" from "news from Kenji", when Kenji is the candidate or the sender.
    not_a_name_of: tuple[str, ...] = ()
    #: What a value must look like: one of these must match it, or it is no value (a
    #: role has a job title's head noun; an organisation is written as a name).
    shape: tuple[Pattern, ...] = ()
    #: What may follow a value in the text and says which one it is: its group 1 is
    #: added to the value ("Assistant Curator" and ", Textiles"), unless one of
    #: ``qualifier_reject`` matches it, it names the ``without`` field or a person of
    #: ``not_named_for``, or the value with it is no value.
    qualifier: Pattern | None = None
    qualifier_reject: tuple[Pattern, ...] = ()
    #: A parent body's shape ("State of ...", "... Academy Trust"): a value of this shape
    #: found in the last lines gives way to a name of two words or more the text gives.
    parent: tuple[Pattern, ...] = ()
    #: A field whose ways, reading the text, may name the same word as the employer: a
    #: value of one word that such a way finds is that field's, not this one's ("Thank
    #: you for your interest in Loomwork ... Thanks, Loomwork" is signed by no person).
    yields_to: str | None = None
    #: What a word of a team or a department after a name looks like ("^[ \t]+Careers"):
    #: a value of one word that the text writes only before one of these is no value (the
    #: "Pathway" that the trims leave of "Pathway Careers" may be the whole name, or a team's).
    only_before: Pattern | None = None


class Signal(Record):
    """A sentence that shows a signal (or the stage), with its line."""

    id: str
    line: int
    sentence: str


class Match(Record):
    """What a message shows, and what to write back."""

    stage: str
    signals: tuple[Signal, ...]
    fields: dict[str, str | None]
    letters: tuple[str, ...]
    reasons: dict[str, str]
    advice: tuple[dict[str, str], ...]
    #: Where each name was found: the name of the way that found it ("the greeting").
    found_by: dict[str, str | None]

    @property
    def recognised(self) -> bool:
        return bool(self.signals) or self.stage != "unknown"

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "signals": [s._asdict() for s in self.signals],
            "fields": dict(self.fields),
            "found_by": {name: self.found_by.get(name) for name in self.fields},
            "letters": list(self.letters),
            "advice": [a["text"] for a in self.advice],
        }


class Matcher(Record):
    """The recognisers, compiled, and the letters they lead to."""

    rules: RuleSet
    data: dict[str, Any]
    fields: tuple[Field, ...]
    letters: tuple[dict[str, Any], ...]
    html: tuple[Pattern, Pattern, Pattern, Pattern]
    #: Where a reply's quote of the reader's own earlier email starts, and what shows a
    #: message is a forward, read whole ([quoted]).
    quoted: tuple[Pattern, Pattern]
    #: For each signal and stage: what it weighs when letters are ranked, and its reason.
    weights: dict[str, int]
    reasons: dict[str, str]
    #: The learned layer: a model for each signal (by its id) and each stage
    #: ("stage:interview"), read beside the rules (see :mod:`followup.learned`).
    models: dict[str, Model]

    def plain(self, text: str) -> str:
        """The message as text: line ends made plain, and an HTML email's tags taken out
        (line breaks kept) with its character references read."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        detect, breaks, tags, drop = self.html
        if detect.search(text):
            text = tags.sub("", breaks.sub("\n", drop.sub("", text)))
            for name, value in self.data["html"]["entities"].items():
                text = text.replace(name, value)
            text = _ENTITY.sub(_character, text)
        return text.replace("\u00a0", " ")

    def match(self, text: str) -> Match:
        """Recognise the stage, the signals and the names in a message."""
        text = self.plain(text)
        sentences = self.read_up_to(self.rules.sentences(text))
        seen = self.rules.visible(text)
        # The models, like the names, read only English: in another language they guess.
        english = self.english(seen)
        stages: set[str] = set()
        shown: list[Signal] = []
        # A reply's quote of the reader's own earlier email ([quoted]) shows no signal of
        # theirs: "I'd love any feedback" quoted below is the reader asking, not an offer.
        # (It may still show the stage: "thank you for the interview" is theirs too.)
        above = self.above_quote(seen)
        quote_line = above.count("\n") + 1 if above != seen else None
        # A sentence said twice is read once (a pasted megabyte of one line is one).
        known: dict[str, tuple[Rule, ...]] = {}
        for sentence in sentences:
            showing = known.get(sentence.text)
            if showing is None:
                look = self.rules.look(sentence.text)
                showing = known[sentence.text] = tuple(
                    rule
                    for rule in self.rules.rules
                    if self.shows(rule, sentence.text, look, learned=english)
                )
            for rule in showing:
                if rule.kind == "stage":
                    stages.add(rule.id)
                elif quote_line is None or sentence.line < quote_line:
                    shown.append(Signal(rule.id, sentence.line, sentence.written))
        order = self.data["stages"]["order"]
        stage = next((s for s in order if s in stages), None) or (
            self.likely_stage(sentences) if english else self.data["stages"]["unknown"]
        )
        found = {s.id for s in shown}
        # Names are read only from English: one in another language gives none, not a
        # guess; and as a person sees them (no hidden characters, full-width letters plain).
        found_by: dict[str, str | None] = dict.fromkeys(FIELD_IDS)
        # Read above a quoted reply, and at a long message's start and end.
        fields = self.find_fields(ends(above), found, found_by) if english else dict(found_by)
        present = found | {stage}
        advice = [
            a
            for a in self.data["advice"]
            if all(w in present for w in a["when"])
            and not any(w in present for w in a.get("unless", []))
        ] + [
            {"text": r["advice"], "page": r["page"]}
            for r in self.data["rules"]
            if r["kind"] == "signal" and r["id"] in found
        ]
        if any(a.get("no_letter") for a in advice):
            # Advice that says not to write is the whole answer: nothing else is said.
            advice = [a for a in advice if a.get("no_letter")]
            letters: tuple[str, ...] = ()
        else:
            letters = self.rank(stage, found)
        reasons = {
            letter["id"]: self.reason(letter, stage, found)
            for letter in self.letters
            if letter["id"] in letters
        }
        return Match(
            stage,
            tuple(shown),
            fields,
            letters,
            reasons,
            tuple({"text": a["text"], "page": a["page"]} for a in advice),
            found_by,
        )

    def above_quote(self, text: str) -> str:
        """The message above the reader's own earlier email, when a reply quotes it
        below ([quoted] in signals.toml): the first place a quote starts with at least
        least_words words above it. A message with none, or a forward, is read whole."""
        least = int(self.data["quoted"]["least_words"])
        start, forwarded = self.quoted
        if forwarded.search(text):
            return text
        for hit in start.finditer(text):
            above = text[: hit.start()]
            if len(_WORD.findall(above.lower())) >= least:
                return above
        return text

    def read_up_to(self, sentences: list[Sentence]) -> list[Sentence]:
        """The sentences read for the stage and signals: from the start, whole, up to
        [reading] most_words words (always the first), as the page reads them."""
        most = int(self.data["reading"]["most_words"])
        read: list[Sentence] = []
        words = 0
        for sentence in sentences:
            count = sentence.text.count(" ") + 1
            if read and words + count > most:
                break
            read.append(sentence)
            words += count
        return read

    def shows(self, rule: Rule, sentence: str, look: Look, *, learned: bool = True) -> bool:
        """Whether a sentence shows a stage or signal: one of its shapes, or (``learned``)
        for a signal, its model's score at the threshold with none of its exceptions there."""
        model = self.models.get(rule.id) if rule.kind == "signal" and learned else None
        return self.rules.shape_or_model(rule, sentence, look, model) is not None

    def likely_stage(self, sentences: list[Sentence]) -> str:
        """When no sentence names the stage: the stage whose model scores the whole
        message furthest past its threshold, if any does; else "unknown"."""
        whole = " ".join(sentence.text for sentence in sentences)
        best, margin = self.data["stages"]["unknown"], 0
        for stage in self.data["stages"]["order"]:
            model = self.models.get(f"stage:{stage}")
            if model is not None and (past := model.score(whole) - model.threshold) >= margin:
                best, margin = stage, past + 1
        return str(best)

    def english(self, text: str) -> bool:
        """Whether a message has enough common English words to read names from it."""
        english: dict[str, Any] = self.data["english"]
        words = set(_WORD.findall(text.lower()))
        return len(words.intersection(english["words"])) >= int(english["least"])

    def rank(self, stage: str, signals: set[str]) -> tuple[str, ...]:
        """The letters that fit, best first, then the all-purpose letter (or the one the
        message's stage or signals call for instead).

        A letter fits when the message shows everything it answers (a letter that thanks
        them for saying it was close needs a message that says so). The letters whose
        answers weigh most come first (see [weights] in signals.toml), then the
        catalogue's order."""
        shown = signals | {stage}
        # After "we can't give feedback", only letters that don't ask (signals.toml's
        # [letters] contexts); and the letter suggested last may be another (fallbacks).
        only = next((c for s, c in self.data["letter_contexts"].items() if s in shown), None)
        scored = []
        for order, letter in enumerate(self.letters):
            answers = letter["answers"]
            if not answers or not all(a in shown for a in answers):
                continue
            if only is not None and letter.get("context", "none") != only:
                continue
            if letter.get("interview") and stage in self.data["no_interview"]:
                continue  # there was no interview to mention, or may have been none
            score = sum(self.weights[a] for a in answers)
            scored.append((-score, order, letter["id"]))
        ranked = [entry[-1] for entry in sorted(scored)][: MOST_LETTERS - 1]
        fallbacks: dict[str, str] = self.data["fallbacks"]
        fallback = next((f for s, f in fallbacks.items() if s in shown), self.data["fallback"])
        return (*ranked, fallback) if fallback not in ranked else tuple(ranked)

    def reason(self, letter: dict[str, Any], stage: str, signals: set[str]) -> str:
        """Why a letter fits: the reasons of what it answers, in the message's terms."""
        why = [self.reasons[a] for a in letter["answers"] if a in signals or a == stage]
        shown = signals | {stage}
        instead = (r for s, r in self.data["fallback_reasons"].items() if s in shown)
        return "; ".join(w for w in why if w) or next(instead, self.data["fallback_reason"])

    def find_fields(
        self, text: str, signals: set[str], found_by: dict[str, str | None] | None = None
    ) -> dict[str, str | None]:
        """Each field's value, as written in the message, or None; and in ``found_by``,
        the name of the way that found it, to show the reader where it came from."""
        found: dict[str, str | None] = {}
        lines = [line for line in text.split("\n") if line.strip()]
        for field in self.fields:  # in data order: a field may refer to one before it
            value, way = self.find_field(field, text, lines, signals, found)
            found[field.id] = value
            if found_by is not None:
                found_by[field.id] = way
        return {
            name: written_as_a_name(found.get(name)) if name in PEOPLE else found.get(name)
            for name in FIELD_IDS
        }

    def find_field(
        self,
        field: Field,
        text: str,
        lines: list[str],
        signals: set[str],
        found: dict[str, str | None],
    ) -> tuple[str | None, str | None]:
        other = found.get(field.not_part_of) if field.not_part_of else None
        owner = found.get(field.without) if field.without else None
        named = [found.get(i) for i in field.not_named_for]
        names = [name + " " for name in named if name]
        people = _names_and_words(found.get(i) for i in field.not_a_name_of)
        named_words = _names_and_words(named)
        for way in field.ways:
            if way.confirms:
                continue
            values = self.values(field, way, text, lines, signals, other, owner, named_words)
            for at, value in enumerate(values):
                if any(value.startswith(name) for name in names) or value in people:
                    continue
                if (
                    field.yields_to
                    and " " not in value
                    and self.names(field.yields_to, value, text, lines, signals)
                ):
                    continue
                if field.only_before is not None and only_before(value, text, field.only_before):
                    continue
                if field.as_in_text and way.scope != "text":
                    also = values[at + 1 :]
                    written = self.as_written(field, value, text, lines, signals, other, also)
                    return written, way.name
                return value, way.name
        return None, None

    def names(
        self, field_id: str, value: str, text: str, lines: list[str], signals: set[str]
    ) -> bool:
        """Whether a way of another field that reads the text finds this value."""
        (other,) = [f for f in self.fields if f.id == field_id]
        return any(
            value in self.values(other, way, text, lines, signals, None)
            for way in other.ways
            if way.scope == "text"
        )

    def values(
        self,
        field: Field,
        way: Way,
        text: str,
        lines: list[str],
        signals: set[str],
        other: str | None,
        owner: str | None = None,
        people: frozenset[str] | set[str] = frozenset(),
    ) -> list[str]:
        """The values a way finds, in order, that survive the field's and the way's checks
        (with ``owner``, another field's value, taken off their start or end); in the
        text, with the field's qualifier after them if they have one (see
        :meth:`qualified`), unless it is one of ``people`` or names the owner."""
        if not way.unless.isdisjoint(signals):
            return []
        if way.scope == "text":
            candidates = [_value(m, text, way) for m in way.pattern.finditer(text)]
        else:
            candidates = []
            last = lines[-way.lines :]
            for line in last if way.scope == "signature" else reversed(last):
                if way.until is not None and way.until.search(line):
                    break
                hit = way.pattern.first(line)
                if hit:
                    candidates.append((_value(hit, line, way)[0], -1))
        found = []
        for candidate, end in candidates:
            value = clean(_without(candidate, owner), field)
            if value and end >= 0 and field.qualifier is not None:
                value = self.qualified(
                    field, value, candidate, text[end : end + AFTER], owner, people
                )
            if value and any(p.search(value) for p in way.reject):
                continue
            if value and not (other and value in other):
                found.append(value)
        return found

    def qualified(
        self,
        field: Field,
        value: str,
        candidate: str | None,
        after: str,
        owner: str | None,
        people: frozenset[str] | set[str],
    ) -> str:
        """A value with what follows it in the text when that says which one it is (the
        field's ``qualifier``: "Assistant Curator" and ", Textiles"), as the field's
        trims leave it; else the value as it was."""
        # A value that ends in a bracket has said which one it is ("Ward Manager (Band 7)").
        if candidate is None or candidate.rstrip().endswith(")") or field.qualifier is None:
            return value
        hit = field.qualifier.first(after)
        if hit is None:
            return value
        part = str(hit.group(1))
        words = " ".join(part.split()).lstrip(",\u2013\u2014- ")
        if any(p.search(part) for p in field.qualifier_reject) or words in people:
            return value
        if owner and (words == owner or words.startswith(owner + " ")):
            return value
        longer = clean(_without(candidate.rstrip() + part, owner), field)
        return longer or value

    def as_written(
        self,
        field: Field,
        value: str,
        text: str,
        lines: list[str],
        signals: set[str],
        other: str | None,
        also: Iterable[str] = (),
    ) -> str:
        """The same name as the message's text writes it, if a way that reads the text
        finds it in another form (or, in ``also``, another line of the signature gives
        it): a shorter one, the same name's start ("Calder & Voss" for "Calder & Voss
        LLP", "Loomwork" for "Loomwork, Inc."); or, for a single word (a team's "Nimbus",
        a branch's town) or a parent body ("State of Bellmont", a school's academy trust:
        the field's ``parent``), any name of two words or more ("Nimbus Health", the
        "Bellmont Department of Transportation"). A longer form of a longer name may be a
        sentence run on. The first the text gives in the same form keeps it."""
        single = len(value.split()) == 1
        parent = any(p.search(value) for p in field.parent)
        # Each form: the name, whether a header gave it, whether the text (not another
        # line of the signature) did.
        forms = [
            (found, way.header, True)
            for way in field.ways
            if way.scope == "text"
            for found in self.values(field, way, text, lines, signals, other)
        ]
        forms += [(one, False, False) for one in also]
        for found, header, in_text in forms:
            more = len(found.split()) > 1
            if found == value:
                return value
            if value.startswith((found + " ", found + ",")) and (more or not header):
                return found
            if single and more and in_text:
                return found
            # A parent body gives way to the body's own name, not to a run-on of itself.
            if parent and more and in_text and not header and not found.startswith(value):
                return found
        return value


#: Names are looked for in this much of a message's start and of its end, where the
#: greeting, the headers and the signature are: never in the middle of a long paste.
NAME_SPAN = 8000


def ends(text: str) -> str:
    """A long message's start and end, where its names are (the page does the same)."""
    if len(text) <= 2 * NAME_SPAN:
        return text
    return text[:NAME_SPAN] + "\n" + text[-NAME_SPAN:]


#: How far past a match ``not_followed_by`` looks.
AFTER = 100


def _value(match: Any, text: str, way: Way) -> tuple[str | None, int]:
    """A way's value: its first group that matched (a way may offer alternatives), unless
    what follows the match is what the way must not be followed by (or what precedes it,
    or what it spans before the value, what it must not be); and where in the text the
    value ends (-1 for none)."""
    if way.not_followed_by is not None:
        end = match.end()
        if way.not_followed_by.first(text[end : end + AFTER]) is not None:
            return None, -1
    if way.not_preceded_by is not None:
        start = match.start()
        if way.not_preceded_by.first(text[max(0, start - AFTER) : start]) is not None:
            return None, -1
    for number, group in enumerate(match.groups(), start=1):
        if group is not None:
            across = text[match.start() : match.start(number)]
            if way.not_across is not None and way.not_across.first(across) is not None:
                return None, -1
            return group, int(match.end(number))
    return None, -1


#: What joins a role to its employer's name after it: "Export Coordinator in Acme", "Chief
#: Executive of Coastways Foundation", and
#: a subject's "Senior Buyer - Halcyon Retail" or "Senior Buyer | Halcyon Retail".
_JOINS = (" at ", " in ", " with ", " for ", " of ", " - ", " \u2013 ", " \u2014 ", " | ")


def only_before(value: str, text: str, after: Pattern) -> bool:
    """Whether a value of one word is written in the text, as a word, only right before
    what ``after`` matches (see :attr:`Field.only_before`)."""
    if " " in value:
        return False
    seen = False
    start = text.find(value)
    while start >= 0:
        end = start + len(value)
        before = text[start - 1] if start > 0 else " "
        next_char = text[end] if end < len(text) else " "
        if not _LETTER.match(before) and not _LETTER.match(next_char):
            if after.first(text[end : end + AFTER]) is None:
                return False
            seen = True
        start = text.find(value, start + 1)
    return seen


#: A letter, digit or "&": what a word of a name is made of, around it.
_LETTER = re.compile("[A-Za-z0-9_&\u00c0-\u024f]")


def _names_and_words(names: Iterable[str | None]) -> set[str]:
    """Names, and each word of them: what a field whose ``not_a_name_of`` lists their
    fields is never."""
    found: set[str] = set()
    for name in names:
        if name:
            found.add(name)
            found.update(name.split())
    return found


def _without(value: str | None, owner: str | None) -> str | None:
    """A value without another name at its start ("Acme Graduate Scheme") or its end
    after a joining word or a dash ("Export Coordinator in Acme", "Buyer - Acme")."""
    if not value or not owner:
        return value
    value = " ".join(value.split())
    if value.startswith(owner + " "):
        return value[len(owner) + 1 :]
    for join in _JOINS:
        if value.endswith(join + owner):
            return value[: -len(join + owner)]
    return value


def _character(match: re.Match[str]) -> str:
    number = match.group(1)
    code = int(number[1:], 16) if number[0] == "x" else int(number)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""


#: The fields that hold a person's name.
PEOPLE = ("sender", "candidate")
_LOWER_START = re.compile(r"(^|[ '-])([a-z])")


def written_as_a_name(value: str | None) -> str | None:
    """A person's name as a letter writes it: a name the message wrote all in lower
    case ("priya", "dan o'neil") gets a capital at each word ("Priya", "Dan O'Neil");
    a name with any capital letter is left as written."""
    if value is None or re.search("[A-Z]", value):
        return value
    return _LOWER_START.sub(lambda m: m.group(1) + m.group(2).upper(), value)


def clean(value: str | None, field: Field) -> str | None:
    """A field's value with its `trim` patterns taken off, or None if one of its
    `reject` patterns says it is not a value (a placeholder, a team, a job title), or
    it has none of its `shape` patterns' shapes (a role with no job title's head)."""
    if value is None:
        return None
    value = " ".join(value.split())
    for pattern in field.trim:
        value = pattern.sub("", value)
    value = value.strip()
    if not value or any(p.search(value) for p in field.reject):
        return None
    if field.shape and not any(p.search(value) for p in field.shape):
        return None
    return value


def letter_entry(example: Example) -> dict[str, Any]:
    """What the message reader knows of a letter, in ``signals.json`` and on the page:
    its id, title, answers and context, and whether its text mentions an interview (an
    application-stage no never gets such a letter)."""
    return {
        "id": example.id,
        "title": example.title,
        "answers": list(example.answers),
        "context": example.context,
        "interview": "interview" in example.as_text().lower(),
    }


def answerable() -> list[str]:
    """What a letter can declare it answers: every signal and stage of signals.toml."""
    return [rule["id"] for rule in resolved_signals()["signals"]["rules"]]


@cache
def resolved_signals() -> dict[str, Any]:
    """``signals.json``: the resolved recognisers (``signals``) and each letter's answers
    (``letters``), as the page reads them too."""
    return load(SIGNALS_JSON)


def compile_matcher(
    resolved: dict[str, Any], letters: list[dict[str, Any]], models: dict[str, Model] | None = None
) -> Matcher:
    """Compile resolved recognisers (see :func:`resolve_signals`)."""
    fields = tuple(
        Field(
            table["id"],
            table["variable"],
            tuple(
                Way(
                    way["name"],
                    Pattern(
                        way["pattern"],
                        ignore_case="i" in way["flags"],
                        multiline="m" in way["flags"],
                    ),
                    way["scope"],
                    way["lines"],
                    frozenset(way["unless"]),
                    tuple(Pattern(p, ignore_case="i" in way["flags"]) for p in way["reject"]),
                    Pattern("^(?:" + way["not_followed_by"] + ")")
                    if way["not_followed_by"]
                    else None,
                    Pattern(way["until"]) if way.get("until") else None,
                    bool(way.get("confirms")),
                    bool(way.get("header")),
                    Pattern("(?:" + way["not_preceded_by"] + ")$")
                    if way.get("not_preceded_by")
                    else None,
                    Pattern(way["not_across"]) if way.get("not_across") else None,
                )
                for way in table["ways"]
            ),
            tuple(Pattern(p) for p in table["trim"]),
            tuple(Pattern(p, ignore_case=True) for p in table["reject"]),
            table["not_part_of"],
            bool(table.get("as_in_text")),
            table.get("without"),
            tuple(table.get("not_named_for", ())),
            tuple(table.get("not_a_name_of", ())),
            tuple(Pattern(p) for p in table.get("shape", ())),
            Pattern(table["qualifier"]) if table.get("qualifier") else None,
            tuple(Pattern(p) for p in table.get("qualifier_reject", ())),
            tuple(Pattern(p) for p in table.get("parent", ())),
            table.get("yields_to"),
            Pattern(table["only_before"]) if table.get("only_before") else None,
        )
        for table in resolved["fields"]
    )
    html = resolved["html"]
    default = resolved["weights"]
    return Matcher(
        compile_rules(resolved, pattern_set=False),
        resolved,
        fields,
        tuple(letters),
        (
            Pattern(html["detect"], ignore_case=True),
            Pattern(html["breaks"], ignore_case=True),
            Pattern(html["tags"], ignore_case=True),
            Pattern(html["drop"], ignore_case=True),
        ),
        (
            Pattern(resolved["quoted"]["start"], multiline=True),
            Pattern(resolved["quoted"]["forwarded"], multiline=True),
        ),
        {
            r["id"]: r.get("weight", default["stage" if r["kind"] == "stage" else "signal"])
            for r in resolved["rules"]
        },
        {r["id"]: r.get("reason", "") for r in resolved["rules"]},
        models or {},
    )


@cache
def default_matcher() -> Matcher:
    """The project's recognisers and letters, loaded once."""
    data = resolved_signals()
    return compile_matcher(data["signals"], data["letters"], default_models())


def match(text: str) -> Match:
    """Recognise a message with the project's recognisers."""
    return default_matcher().match(text)
