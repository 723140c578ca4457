"""The letter model: plain records, with no loading, rendering or checking in them.

- A :class:`Variable` is a short value the reader fills in (their name, the role).
- A :class:`Detail` is a sentence only the reader can write (a moment from their
  interview); a letter marks it as a slot with an example of its own.
- A :class:`LetterText` is a rendered letter: literal text and :class:`Blank` places,
  in order. One render serves the plain text (values or placeholders filled in), the
  HTML page (each blank in its own element) and the ``.txt`` download.
- An :class:`Example` is one example letter with its metadata; the :class:`Catalogue`
  holds every example of a project and every problem found loading them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .problems import Problem

if TYPE_CHECKING:
    from .render import Renderer

BlankKind = Literal["variable", "detail"]


@dataclass(frozen=True)
class Variable:
    """A short value a reader fills in, such as the name of the person they write to."""

    name: str
    label: str
    placeholder: str


@dataclass(frozen=True)
class Detail:
    """A sentence only the reader can write, such as one moment from their interview.

    A letter marks where it goes with ``{% slot name %}an example{% endslot %}``;
    unfilled, it reads ``[<prompt>]``, where the letter may word the prompt itself (its
    ``[prompts]`` table). The example is never in that text: the guide shows it beside
    the letter as a hint, so nobody sends someone else's memory by accident.
    """

    name: str
    label: str
    prompt: str

    def placeholder(self, prompt: str | None = None) -> str:
        return f"[{prompt or self.prompt}]"


@dataclass(frozen=True)
class Blank:
    """A place in a letter that the reader fills in: a variable or a personal detail."""

    name: str
    placeholder: str
    kind: BlankKind = "variable"
    #: For a personal detail: the letter's example of it, shown beside the letter as a
    #: hint and never part of the text a reader copies, downloads or sends.
    example: str = ""


def fitted(value: str, following: object) -> str:
    """A value without its final full stop when the letter's text after it starts with one."""
    if value.endswith(".") and isinstance(following, str) and following.startswith("."):
        return value[:-1].rstrip() or value
    return value


@dataclass(frozen=True)
class LetterText:
    """Rendered text: literal parts and blanks, in order."""

    parts: tuple[str | Blank, ...]

    def fill(self, values: Mapping[str, str] | None = None) -> str:
        """The text with each blank's value, or its placeholder where none is given.

        A value that ends in a full stop where the letter's sentence ends gives one full
        stop, not two ("Brightwave & Co." then "." reads "Brightwave & Co."), as the
        page's script fills it.
        """
        values = values or {}
        filled = []
        for at, part in enumerate(self.parts):
            if isinstance(part, str):
                filled.append(part)
                continue
            following = self.parts[at + 1] if at + 1 < len(self.parts) else ""
            value = fitted((values.get(part.name) or "").strip(), following)
            filled.append(value or part.placeholder)
        return "".join(filled)

    @property
    def blanks(self) -> tuple[Blank, ...]:
        return tuple(p for p in self.parts if isinstance(p, Blank))

    @property
    def variables(self) -> tuple[str, ...]:
        """The names of the blanks, each once, in order of first use."""
        return tuple(dict.fromkeys(b.name for b in self.blanks))

    def with_placeholders(self, placeholders: Mapping[str, str]) -> LetterText:
        """The same text with some variables' placeholders worded for this letter."""
        return LetterText(
            tuple(
                replace(p, placeholder=placeholders[p.name])
                if isinstance(p, Blank) and p.kind == "variable" and p.name in placeholders
                else p
                for p in self.parts
            )
        )

    def with_prompts(self, prompts: Mapping[str, str]) -> LetterText:
        """The same text with some personal details' prompts worded for this letter."""
        return LetterText(
            tuple(
                replace(p, placeholder=f"[{prompts[p.name]}]")
                if isinstance(p, Blank) and p.kind == "detail" and p.name in prompts
                else p
                for p in self.parts
            )
        )

    @property
    def hints(self) -> tuple[tuple[str, str], ...]:
        """Each personal detail's placeholder and the letter's example of it, in order."""
        return tuple((b.placeholder, b.example) for b in self.blanks if b.kind == "detail")

    def __str__(self) -> str:
        return self.fill()


@dataclass(frozen=True)
class Channel:
    """How a letter is sent: whether it has a subject line, and whether it is spoken."""

    id: str
    label: str
    #: The channel in a sentence: "a LinkedIn message".
    noun: str
    #: Shown beside the letter: what the reader does with it.
    how: str
    subject: bool
    spoken: bool = False
    #: Whether an "open in your email app" link starts a new message with it.
    new_message: bool = False


CHANNELS = {
    c.id: c
    for c in (
        Channel(
            "email",
            "New email",
            "a new email",
            "Send it as a new email.",
            subject=True,
            new_message=True,
        ),
        Channel(
            "reply",
            "Reply to their email",
            "a reply to their email",
            "Reply to the email that gave you the news, and keep its subject line.",
            subject=False,
        ),
        Channel(
            "linkedin",
            "LinkedIn message",
            "a LinkedIn message",
            "Send it as a LinkedIn message.",
            subject=False,
        ),
        Channel(
            "phone",
            "Phone call or voicemail",
            "a phone call or voicemail",
            "Say this on the phone: it is written to be spoken, not sent.",
            subject=False,
            spoken=True,
        ),
    )
}
TONES = {"formal": "Formal", "warm": "Warm", "brief": "Brief"}
#: What the employer said about feedback, which decides whether a letter may ask for it.
CONTEXTS = {
    "none": "they said nothing about feedback, so the letter asks for it",
    "offered": "they offered feedback, so the letter takes them up on it",
    "refused": "they said they cannot give feedback, so the letter does not ask",
    "given": "they have already given feedback, so the letter thanks them and does not ask again",
}
#: Contexts in which a letter asks for feedback; in the others it must not.
ASKING_CONTEXTS = frozenset({"none", "offered"})
#: The countries whose conventions a letter may say it follows.
COUNTRIES = {"UK": "the United Kingdom", "US": "the United States"}


@dataclass(frozen=True)
class Scenario:
    """A situation a reader is in, such as "after a phone screen"."""

    id: str
    title: str
    summary: str
    #: The guide's page for this situation, such as ``situations/phone-screen``.
    page: str | None = None


@dataclass(frozen=True)
class Example:
    """One example letter, rendered with placeholders."""

    id: str
    path: Path
    title: str
    scenario: Scenario
    channel: Channel
    tone: str
    use_when: str
    subject: LetterText | None
    body: LetterText
    dependencies: tuple[Path, ...]
    #: The signals and stages of a rejection this letter answers (see signals.toml).
    answers: tuple[str, ...] = ()
    #: What they said about feedback (one of :data:`CONTEXTS`).
    context: str = "none"
    #: The country whose conventions the letter follows, if it is country-specific.
    country: str | None = None

    @property
    def asks_for_feedback(self) -> bool:
        """Whether the letter should ask for feedback, given what they said about it."""
        return self.context in ASKING_CONTEXTS

    @property
    def variables(self) -> tuple[str, ...]:
        """Every blank the letter uses, subject first, each once."""
        subject = self.subject.variables if self.subject else ()
        return tuple(dict.fromkeys(subject + self.body.variables))

    @property
    def blanks(self) -> tuple[Blank, ...]:
        """Every blank, subject first, each name once (its first placeholder)."""
        subject = self.subject.blanks if self.subject else ()
        found: dict[str, Blank] = {}
        for blank in subject + self.body.blanks:
            found.setdefault(blank.name, blank)
        return tuple(found.values())

    def word_count(self, values: Mapping[str, str] | None = None) -> int:
        """Words in the body, as a reader would count them."""
        return len(self.body.fill(values).split())

    def as_text(self, values: Mapping[str, str] | None = None) -> str:
        """The letter as a text file: the subject line (if any), a blank line, the body."""
        body = self.body.fill(values)
        if self.subject is None:
            return body + "\n"
        return f"Subject: {self.subject.fill(values)}\n\n{body}\n"

    def summary(self) -> dict[str, object]:
        """The example's metadata as plain data, for JSON."""
        return {
            "id": self.id,
            "title": self.title,
            "scenario": self.scenario.id,
            "channel": self.channel.id,
            "tone": self.tone,
            "subject": self.subject.fill() if self.subject else None,
            "use_when": self.use_when,
            "variables": [b.name for b in self.blanks if b.kind == "variable"],
            "details": [b.name for b in self.blanks if b.kind == "detail"],
            "words": self.word_count(),
            "answers": list(self.answers),
            "context": self.context,
            "country": self.country,
        }


@dataclass
class Catalogue:
    """Every example in a project, and every problem found loading them.

    A broken example is left out of :attr:`examples`, but its problems and the files it
    depends on are kept, so a build can report it and rebuild when it is fixed.
    """

    examples_dir: Path
    snippets_dir: Path
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    details: dict[str, Detail] = field(default_factory=dict)
    examples: dict[str, Example] = field(default_factory=dict)
    #: Problems with no one example to blame (the data files, stray files).
    problems: list[Problem] = field(default_factory=list)
    #: Problems of each broken example, by id.
    broken: dict[str, list[Problem]] = field(default_factory=dict)
    #: The files each example (broken or not) was built from, by id.
    dependencies: dict[str, tuple[Path, ...]] = field(default_factory=dict)
    #: Files every example depends on (the data files).
    shared_files: tuple[Path, ...] = ()
    #: The renderer the catalogue's examples were made with, its registries read once;
    #: ``{snippet}`` reuses it (None until the registries are read).
    renderer: Renderer | None = field(default=None, repr=False, compare=False)

    def all_problems(self) -> Iterator[Problem]:
        """Every problem once, though a broken snippet breaks every letter that uses it."""
        seen: set[Problem] = set()
        for problem in [*self.problems, *(p for ps in self.broken.values() for p in ps)]:
            if problem not in seen:
                seen.add(problem)
                yield problem

    def by_scenario(self) -> Iterator[tuple[Scenario, list[Example]]]:
        """Scenarios in their listed order, each with its examples sorted by title."""
        for scenario in self.scenarios.values():
            found = [e for e in self.examples.values() if e.scenario.id == scenario.id]
            if found:
                yield scenario, sorted(found, key=lambda e: (e.title.lower(), e.id))

    def blank_labels(self) -> dict[str, str]:
        """The form label of every variable and detail, by name."""
        return {
            **{name: v.label for name, v in self.variables.items()},
            **{name: d.label for name, d in self.details.items()},
        }
