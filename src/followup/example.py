"""One example letter: from a file to a checked, rendered :class:`~followup.model.Example`.

An example is one file, ``examples/<id>.j2``: TOML metadata between two ``+++``
lines, then the letter as a template built from the snippets in ``snippets/``::

    +++
    title = "After a phone screen"
    scenario = "phone-screen"
    channel = "email"
    tone = "brief"
    subject = "Thank you for the call about the {{ role }} role"
    use_when = "You had a short first call and heard no a few days later."
    +++
    {% include "greeting/dear.j2" %}
    ...

The id is the file name without ``.j2``. Loading goes in small steps, each its own
function: the id, the front matter, the metadata (checked against one table of fields,
:data:`FIELDS`), then the template. Every step reports problems instead of raising, so a
contributor sees every mistake of a file at once. The registries it relies on are in
:mod:`followup.registries`; the whole catalogue in :mod:`followup.catalogue`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .matcher import answerable
from .model import CHANNELS, CONTEXTS, COUNTRIES, TONES, Catalogue, Example, LetterText
from .problems import Problem
from .reading import read_text
from .render import Renderer
from .tomlfile import key_line, key_lines, parse_toml
from .variables import suggest

SCENARIOS_FILE = "scenarios.toml"
SUFFIX = ".j2"
FENCE = "+++"
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
#: Long enough for any sensible id; an id is also a file name and part of a web address.
MAX_ID_LENGTH = 60
#: Files in the examples folder that are not examples.
NOT_EXAMPLES = {SCENARIOS_FILE, "README.md"}
#: What ``followup new`` writes where the contributor's own words go, e.g.
#: ``[Replace this with one real detail from the interview.]``.
SCAFFOLD_MARKER = re.compile(r"\[Replace this\b[^\]\n]*\]")
#: The longest a slot's prompt may be: with its brackets, it stands in the sendable text.
MAX_PROMPT = 78


# The metadata fields, in one table


@dataclass(frozen=True)
class Field:
    """One metadata field: whether it is needed, what it holds, and a sample line."""

    required: bool
    sample: str
    #: The allowed values, from the catalogue being loaded (None: any text).
    choices: Callable[[Catalogue], Mapping[str, Any]] | None = None
    #: A table (name = "text" lines) instead of text.
    table: bool = False
    #: A list of choices instead of text.
    listed: bool = False


FIELDS: dict[str, Field] = {
    "title": Field(True, 'title = "After a phone screen"'),
    "scenario": Field(True, 'scenario = "phone-screen"', lambda c: c.scenarios),
    "channel": Field(True, f'channel = "email" (one of {", ".join(CHANNELS)})', lambda c: CHANNELS),
    "tone": Field(True, f'tone = "warm" (one of {", ".join(TONES)})', lambda c: TONES),
    "subject": Field(False, 'subject = "Thank you for the {{ role }} interview"'),
    "use_when": Field(True, 'use_when = "You had a short first call and heard no."'),
    "context": Field(
        False,
        f'context = "none" (one of {", ".join(CONTEXTS)})',
        lambda c: CONTEXTS,
    ),
    "country": Field(False, f'country = "UK" (one of {", ".join(COUNTRIES)})', lambda c: COUNTRIES),
    "answers": Field(
        False,
        'answers = ["feedback_offered"] (signals and stages from src/followup/signals.toml)',
        lambda c: dict.fromkeys(answerable()),
        listed=True,
    ),
    "placeholders": Field(
        False, '[placeholders] then their_name = "[Head teacher\'s name]"', table=True
    ),
    "prompts": Field(
        False, '[prompts] then moment = "The tip that helped most, in a sentence"', table=True
    ),
}


@dataclass
class Loaded:
    """What loading one example gave: the example, or every problem found in it."""

    example: Example | None
    problems: list[Problem] = field(default_factory=list)
    dependencies: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class FrontMatter:
    """An example file split into its metadata and its letter, with their first lines."""

    metadata: str
    metadata_line: int
    body: str
    body_line: int

    @cached_property
    def _key_lines(self) -> dict[str, int]:
        return key_lines(self.metadata.split("\n"), self.metadata_line)

    def line_of(self, key: str) -> int:
        """The line of ``key = ...`` in the metadata (line 1 if it is not written)."""
        return self._key_lines.get(key, 1)

    def entry_line(self, table: str, key: str) -> int:
        """The line of ``key = ...`` within the metadata's ``[table]``."""
        start = self.line_of(table)
        lines = self.metadata.split("\n")[start - self.metadata_line :]
        return key_line(lines, key, start) or start


# Step 1: the id


def id_problem(example_id: str) -> str | None:
    """Why ``example_id`` is not a valid id, ending with a valid one to use instead."""
    if not ID_PATTERN.match(example_id):
        fixed = re.sub(r"[^a-z0-9]+", "-", example_id.lower()).strip("-") or "my-letter"
        return (
            f"{example_id!r} is not a valid example id; use lower-case letters, digits and "
            f"hyphens, for example {fixed[:MAX_ID_LENGTH].strip('-')}"
        )
    if len(example_id) > MAX_ID_LENGTH:
        return (
            f"the id {example_id!r} is {len(example_id)} characters long; keep it to "
            f"{MAX_ID_LENGTH}, a few words that name the letter"
        )
    return None


# Step 2: the front matter


def split_front_matter(text: str, path: Path) -> FrontMatter:
    """Split an example into its metadata and its letter, or raise a :class:`Problem`."""
    lines = text.split("\n")
    if lines[0].strip() != FENCE:
        raise Problem(
            path,
            1,
            f"an example starts with a line {FENCE}, then its metadata, then another "
            f"line {FENCE}; copy the top of any file in examples/",
            kind="metadata",
        )
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == FENCE:
            metadata = "\n".join(lines[1 : number - 1])
            return FrontMatter(metadata, 2, "\n".join(lines[number:]), number + 1)
    raise Problem(
        path,
        1,
        f"the metadata opened on line 1 is never closed; add a line {FENCE} after it",
        kind="metadata",
    )


# Step 3: the metadata, against FIELDS


def check_metadata(
    metadata: dict[str, Any], front: FrontMatter, path: Path, catalogue: Catalogue
) -> tuple[dict[str, Any], list[Problem]]:
    """The metadata's values, and a problem for every field that is wrong or missing."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    names = tuple(FIELDS)
    misspelled = set()
    for key in sorted(set(metadata) - set(FIELDS)):
        close = suggest(key, names)
        if key == "variables":
            hint = "; the variables are found from the letter's text, so remove this line"
        elif close:
            hint = close
            misspelled.add(close.split("'")[1])
        else:
            hint = f" (the fields are {', '.join(names)})"
        problems.append(
            Problem(path, front.line_of(key), f"unknown field {key!r}{hint}", "metadata")
        )
    for key, spec in FIELDS.items():
        value = metadata.get(key)
        if value is None:
            if spec.required and key not in misspelled:
                problems.append(
                    Problem(path, 1, f"missing field {key!r}; add {spec.sample}", "metadata")
                )
            continue
        if spec.table or spec.listed:
            check = _table_problem if spec.table else _list_problem
            problem = check(key, value, front, path, catalogue)
            if problem:
                problems.append(problem)
            else:
                values[key] = dict(value) if spec.table else tuple(value)
            continue
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            problems.append(
                Problem(
                    path,
                    front.line_of(key),
                    f"{key} must be one line of text in double quotes",
                    "metadata",
                )
            )
            continue
        text = " ".join(value.split())
        allowed = spec.choices(catalogue) if spec.choices else None
        if allowed is not None and text not in allowed:
            where = f"; add a new one to {SCENARIOS_FILE}" if key == "scenario" else ""
            problems.append(
                Problem(
                    path,
                    front.line_of(key),
                    f"unknown {key} {text!r}{suggest(text, allowed)} (one of "
                    f"{', '.join(allowed)}{where})",
                    "metadata",
                )
            )
            continue
        values[key] = text
    channel = CHANNELS.get(values.get("channel", ""))
    if channel and channel.subject and "subject" not in values and "subject" not in metadata:
        problems.append(
            Problem(
                path,
                1,
                f'{channel.noun} needs a subject line; add subject = "..."',
                "metadata",
            )
        )
    if channel and not channel.subject and "subject" in metadata:
        problems.append(
            Problem(
                path,
                front.line_of("subject"),
                f"{channel.noun} has no subject line of its own; remove the subject",
                "metadata",
            )
        )
    return values, problems


def _list_problem(
    key: str, value: Any, front: FrontMatter, path: Path, catalogue: Catalogue
) -> Problem | None:
    spec = FIELDS[key]
    line = front.line_of(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return Problem(path, line, f"{key} must be a list of names: {spec.sample}", "metadata")
    allowed = spec.choices(catalogue) if spec.choices else {}
    for name in value:
        if name not in allowed:
            return Problem(
                path,
                line,
                f"{key} names unknown {name!r}{suggest(name, allowed)} (one of "
                f"{', '.join(allowed)})",
                "metadata",
            )
    if len(set(value)) != len(value):
        return Problem(path, line, f"{key} names the same one twice", "metadata")
    return None


def _table_problem(
    key: str, value: Any, front: FrontMatter, path: Path, catalogue: Catalogue
) -> Problem | None:
    if not isinstance(value, dict):
        return Problem(
            path, front.line_of(key), f"{key} must be a table: {FIELDS[key].sample}", "metadata"
        )
    if key == "prompts":
        return _prompt_problem(value, front, path, catalogue)
    for name, text in value.items():
        line = front.entry_line(key, name)
        if name not in catalogue.variables:
            return Problem(
                path,
                line,
                f"[{key}] names unknown variable {name!r}{suggest(name, catalogue.variables)}",
                "metadata",
            )
        if not (isinstance(text, str) and text.startswith("[") and text.endswith("]")):
            return Problem(
                path,
                line,
                f'[{key}] {name} must be text in square brackets, such as "[Head teacher\'s name]"',
                "metadata",
            )
        if len(text) > 80 or "\n" in text:
            return Problem(path, line, f"[{key}] {name} must be one short line", "metadata")
    return None


def _prompt_problem(
    value: dict[str, Any], front: FrontMatter, path: Path, catalogue: Catalogue
) -> Problem | None:
    for name, text in value.items():
        line = front.entry_line("prompts", name)
        if isinstance(text, str) and SCAFFOLD_MARKER.search(text):
            continue  # reported as the scaffold's instruction
        if name not in catalogue.details:
            return Problem(
                path,
                line,
                f"[prompts] names unknown personal detail {name!r}"
                f"{suggest(name, catalogue.details)}",
                "metadata",
            )
        if not isinstance(text, str) or not text.strip() or "\n" in text:
            return Problem(
                path,
                line,
                f"[prompts] {name} must be one line of text in double quotes",
                "metadata",
            )
        if text.strip().startswith("[") or "]" in text:
            return Problem(
                path,
                line,
                f"[prompts] {name} is written without square brackets; the letter adds them",
                "metadata",
            )
        if len(text.strip()) > MAX_PROMPT:
            return Problem(
                path,
                line,
                f"[prompts] {name} is {len(text.strip())} characters; say what goes there in "
                f"at most {MAX_PROMPT}, and leave the example to the slot",
                "metadata",
            )
    return None


# Step 4: the letter


def scaffold_problems(text: str, path: Path) -> list[Problem]:
    """A problem for each instruction ``followup new`` wrote that is still there."""
    return [
        Problem(
            path,
            number,
            "still has the scaffold's instruction; replace it with your own words",
            "scaffold",
        )
        for number, line in enumerate(text.split("\n"), start=1)
        for _ in SCAFFOLD_MARKER.finditer(line)
    ]


def render_letter(
    values: dict[str, Any], front: FrontMatter, path: Path, renderer: Renderer, loaded: Loaded
) -> tuple[LetterText | None, LetterText | None]:
    """Check and render the subject (if any) and the body; problems go in ``loaded``."""
    if not front.body.strip():
        loaded.problems.append(
            Problem(
                path,
                front.body_line,
                "the letter is empty; write it below the metadata",
                "metadata",
            )
        )
        return None, None
    analysis = renderer.analyse(front.body, path, front.body_line)
    subject_source = values.get("subject")
    if subject_source is not None:
        subject_analysis = renderer.analyse(subject_source, path, front.line_of("subject"))
        analysis.problems.extend(subject_analysis.problems)
        analysis.dependencies.extend(subject_analysis.dependencies)
    loaded.dependencies.extend(analysis.dependencies)
    loaded.problems.extend(analysis.problems)
    if loaded.problems:
        return None, None
    try:
        subject = None
        if subject_source is not None:
            subject = renderer.render(subject_source, path, front.line_of("subject"))
        body = renderer.render(front.body, path, front.body_line)
    except Problem as problem:
        loaded.problems.append(problem)
        return None, None
    if subject is not None and (
        "\n" in subject.fill() or any(b.kind == "detail" for b in subject.blanks)
    ):
        loaded.problems.append(
            Problem(
                path,
                front.line_of("subject"),
                "the subject must be one line, with no slot",
                "metadata",
            )
        )
    twice = [
        name
        for name in body.variables
        if sum(b.name == name for b in body.blanks if b.kind == "detail") > 1
    ]
    for name in twice:
        loaded.problems.append(
            Problem(
                path,
                front.body_line,
                f"the detail {name!r} is marked twice; the reader writes it once, so mark it once",
                "variable",
            )
        )
    placeholders = values.get("placeholders", {})
    prompts = values.get("prompts", {})
    details = {b.name for b in body.blanks if b.kind == "detail"}
    for name in sorted(set(prompts) - details):
        loaded.problems.append(
            Problem(
                path,
                front.entry_line("prompts", name),
                f"[prompts] {name} is not a slot in this letter; remove it",
                "metadata",
            )
        )
    unused = sorted(
        set(placeholders) - set(body.variables) - set(subject.variables if subject else ())
    )
    for name in unused:
        loaded.problems.append(
            Problem(
                path,
                front.entry_line("placeholders", name),
                f"[placeholders] {name} is not used in this letter; remove it",
                "metadata",
            )
        )
    if loaded.problems:
        return None, None
    if placeholders:
        body = body.with_placeholders(placeholders)
        subject = subject.with_placeholders(placeholders) if subject else None
    if prompts:
        body = body.with_prompts({name: " ".join(text.split()) for name, text in prompts.items()})
    return subject, body


def load_example(path: Path, catalogue: Catalogue, renderer: Renderer) -> Loaded:
    """Read, check and render one example; never raises for a mistake in the file."""
    loaded = Loaded(None, [], [path])
    example_id = path.name[: -len(SUFFIX)]
    bad_id = id_problem(example_id)
    if bad_id is not None:
        loaded.problems.append(Problem(path, None, f"{bad_id}{SUFFIX}", kind="metadata"))
        return loaded
    try:
        text = read_text(path, "example")
        front = split_front_matter(text, path)
        metadata = parse_toml(front.metadata, path, front.metadata_line)
    except Problem as problem:
        loaded.problems.append(problem)
        return loaded
    loaded.problems.extend(scaffold_problems(text, path))
    values, problems = check_metadata(metadata, front, path, catalogue)
    loaded.problems.extend(problems)
    subject, body = render_letter(values, front, path, renderer, loaded)
    if loaded.problems or body is None:
        return loaded
    loaded.example = Example(
        id=example_id,
        path=path,
        title=values["title"],
        scenario=catalogue.scenarios[values["scenario"]],
        channel=CHANNELS[values["channel"]],
        tone=values["tone"],
        use_when=values["use_when"],
        answers=values.get("answers", ()),
        context=values.get("context", "none"),
        country=values.get("country"),
        subject=subject,
        body=body,
        dependencies=tuple(dict.fromkeys([*loaded.dependencies, *catalogue.shared_files])),
    )
    return loaded


def example_ids(examples_dir: Path) -> list[str]:
    """The ids of the example files in a folder, without loading them."""
    return sorted(p.name[: -len(SUFFIX)] for p in examples_dir.glob(f"*{SUFFIX}"))


def unknown_id(example_id: str, known: list[str], broken: Mapping[str, object] = {}) -> str:
    """A message for an id that is not in the catalogue, with a suggestion."""
    if example_id in broken:
        return f"example {example_id!r} has errors (reported above), so it cannot be shown"
    return (
        f"unknown example {example_id!r}{suggest(example_id, known)} (examples are the "
        f"{SUFFIX} files in the examples folder)"
    )


def is_example_path(path: Path) -> bool:
    """Whether ``path`` looks like an example: a ``.j2`` file in a folder beside ``snippets/``."""
    folder = path.absolute().parent
    return (
        path.suffix == SUFFIX
        and folder.name != "snippets"
        and (folder.parent / "snippets").is_dir()
    )
