"""The example letter model and the catalogue of every example.

An example is one file, ``examples/<id>.j2``: TOML metadata between two ``+++``
lines, then the letter as a Jinja template built from the snippets in ``snippets/``::

    +++
    title = "After a phone screen"
    scenario = "phone-screen"
    channel = "email"
    tone = "brief"
    subject = "Thank you for the call about the {{ role }} role"
    use_when = "You had a short first call and heard no a few days later."
    +++
    {% include "greeting.j2" %}
    ...

The id is the file name without ``.j2``. The variables a letter uses are found in
its text, so they are never listed by hand.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, read_text
from .render import Analysis, LetterText, Renderer
from .tomlfile import key_line, parse_toml
from .variables import VARIABLES_FILE, Variable, load_variables, suggest

SCENARIOS_FILE = "scenarios.toml"
SUFFIX = ".j2"
FENCE = "+++"
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
#: Files in the examples folder that are not examples.
NOT_EXAMPLES = {SCENARIOS_FILE, "README.md"}
#: What ``followup new`` writes where the contributor's own words go, e.g.
#: ``[Replace this with one real detail from the interview.]``.
SCAFFOLD_MARKER = re.compile(r"\[Replace this\b[^\]\n]*\]")


@dataclass(frozen=True)
class Channel:
    """How a letter is sent, and whether it has a subject line."""

    id: str
    label: str
    subject: str  # "required", "optional" or "none"


CHANNELS = {
    c.id: c
    for c in (
        Channel("email", "Email", "required"),
        Channel("reply", "Reply to their email", "optional"),
        Channel("linkedin", "LinkedIn message", "none"),
        Channel("phone", "Phone call or voicemail", "none"),
    )
}
TONES = {"formal": "Formal", "warm": "Warm", "brief": "Brief"}
REQUIRED = ("title", "scenario", "channel", "tone", "use_when")
OPTIONAL = ("subject",)


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

    @property
    def variables(self) -> tuple[str, ...]:
        """Every variable the letter uses, subject first, each once."""
        subject = self.subject.variables if self.subject else ()
        return tuple(dict.fromkeys(subject + self.body.variables))

    def word_count(self, values: dict[str, str] | None = None) -> int:
        """Words in the body, as a reader would count them."""
        return len(self.body.fill(values).split())

    def as_text(self, values: dict[str, str] | None = None) -> str:
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
            "variables": list(self.variables),
            "words": self.word_count(),
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
    examples: dict[str, Example] = field(default_factory=dict)
    #: Problems with no one example to blame (the variables or scenarios file, stray files).
    problems: list[Problem] = field(default_factory=list)
    #: Problems of each broken example, by id.
    broken: dict[str, list[Problem]] = field(default_factory=dict)
    #: The files each example (broken or not) was built from, by id.
    dependencies: dict[str, tuple[Path, ...]] = field(default_factory=dict)
    renderer: Renderer | None = field(default=None, repr=False)

    @property
    def shared_files(self) -> tuple[Path, ...]:
        """Files every example depends on."""
        return (self.snippets_dir / VARIABLES_FILE, self.examples_dir / SCENARIOS_FILE)

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

    def unknown_id(self, example_id: str) -> str:
        """A message for an id that is not in the catalogue, with a suggestion."""
        if example_id in self.broken:
            return f"example {example_id!r} has errors (reported above), so it cannot be shown"
        known = set(self.examples) | set(self.broken)
        return (
            f"unknown example {example_id!r}{suggest(example_id, known)} (examples are the "
            f"{SUFFIX} files in the examples folder)"
        )


def load_catalogue(examples_dir: Path, snippets_dir: Path) -> Catalogue:
    """Load, check and render every example; never raises for a mistake in a file."""
    examples_dir, snippets_dir = examples_dir.resolve(), snippets_dir.resolve()
    catalogue = Catalogue(examples_dir, snippets_dir)
    try:
        renderer = load_registry(catalogue)
        registry_ok = True
    except Problem as problem:
        catalogue.problems.append(problem)
        renderer = catalogue.renderer = Renderer(snippets_dir, catalogue.variables)
        registry_ok = False
    if not examples_dir.is_dir():
        catalogue.problems.append(Problem(examples_dir, None, "the examples folder is missing"))
        return catalogue
    for path in sorted(examples_dir.iterdir()):
        if path.name in NOT_EXAMPLES or path.name.startswith("."):
            continue
        if path.suffix != SUFFIX or not path.is_file():
            catalogue.problems.append(
                Problem(
                    path,
                    None,
                    f"is not an example; an example is one file named <id>{SUFFIX} directly "
                    "in the examples folder",
                )
            )
            continue
        example_id = path.name[: -len(SUFFIX)]
        dependencies = [path, *catalogue.shared_files]
        try:
            if registry_ok:  # else no example can be checked: that one problem is enough
                example, problems = load_example(path, catalogue, renderer, dependencies)
            else:
                example, problems = None, []
        except Problem as problem:
            example, problems = None, [problem]
        catalogue.dependencies[example_id] = tuple(dict.fromkeys(dependencies))
        if example is not None:
            catalogue.examples[example_id] = example
        else:
            catalogue.broken[example_id] = problems
    return catalogue


def load_one(path: Path) -> tuple[Example | None, list[Problem]]:
    """Load one example file on its own, with the snippets folder beside its folder.

    For checking a single file quickly (``followup check examples/x.j2``): reads only the
    variables, the scenarios, this example and the snippets it uses. Returns the example,
    or ``None`` and every problem found.
    """
    path = path.resolve()
    catalogue = Catalogue(path.parent, path.parent.parent / "snippets")
    try:
        return load_example(path, catalogue, load_registry(catalogue), [path])
    except Problem as problem:
        return None, [problem]


def load_registry(catalogue: Catalogue) -> Renderer:
    """Read the variables and scenarios every example relies on; the renderer for them."""
    catalogue.variables = load_variables(catalogue.snippets_dir / VARIABLES_FILE)
    catalogue.scenarios = load_scenarios(catalogue.examples_dir / SCENARIOS_FILE)
    catalogue.renderer = Renderer(catalogue.snippets_dir, catalogue.variables)
    return catalogue.renderer


def is_example_path(path: Path) -> bool:
    """Whether ``path`` looks like an example: a ``.j2`` file in a folder beside ``snippets/``."""
    folder = path.resolve().parent
    return (
        path.suffix == SUFFIX
        and folder.name != "snippets"
        and (folder.parent / "snippets").is_dir()
    )


def render_snippet(catalogue: Catalogue, name: str) -> tuple[LetterText | None, Analysis]:
    """Render one snippet on its own, with placeholders, for showing it in the guide.

    Returns the text (``None`` if it could not be rendered) and the analysis, whose
    dependencies are recorded even when rendering fails.
    """
    path = catalogue.snippets_dir / name
    analysis = Analysis([path, *catalogue.shared_files], [])
    renderer = catalogue.renderer
    if renderer is None:
        return None, analysis
    if renderer.path_for(name) is None or not path.is_file():
        known = renderer.snippet_names()
        analysis.problems.append(
            Problem(None, None, f"unknown snippet {name!r}{suggest(name, known)}", "snippet")
        )
        return None, analysis
    try:
        source = read_text(path, "snippet")
    except Problem as problem:
        analysis.problems.append(problem)
        return None, analysis
    found = renderer.analyse(source, path)
    analysis.dependencies.extend(found.dependencies)
    analysis.problems.extend(found.problems)
    if analysis.problems:
        return None, analysis
    try:
        text = renderer.render(source, path)
    except Problem as problem:
        analysis.problems.append(problem)
        return None, analysis
    if not text.parts:
        analysis.problems.append(Problem(path, None, "renders nothing on its own", "snippet"))
        return None, analysis
    return text, analysis


def load_scenarios(path: Path) -> dict[str, Scenario]:
    """Read the scenario list; every mistake in it is a :class:`Problem`."""
    text = read_text(path, "scenarios file")
    data = parse_toml(text, path)
    lines = text.splitlines()
    scenarios = {}
    for scenario_id, table in data.items():
        line = key_line(lines, scenario_id)
        if not ID_PATTERN.match(scenario_id):
            raise Problem(
                path, line, f"scenario id {scenario_id!r} must be lower-case words joined by -"
            )
        if not isinstance(table, dict) or not (
            {"title", "summary"} <= set(table) <= {"title", "summary", "page"}
        ):
            raise Problem(
                path,
                line,
                f'scenario {scenario_id!r} needs title = "..." and summary = "...", and '
                'may have page = "..." (nothing else)',
            )
        if not all(isinstance(v, str) and v.strip() for v in table.values()):
            raise Problem(path, line, f"scenario {scenario_id!r}: title, summary and page are text")
        scenarios[scenario_id] = Scenario(
            scenario_id, table["title"], table["summary"], table.get("page")
        )
    return scenarios


def split_front_matter(text: str, path: Path) -> tuple[str, int, str, int]:
    """Split an example into (metadata, its first line, body, its first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
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
            return metadata, 2, "\n".join(lines[number:]), number + 1
    raise Problem(
        path,
        1,
        f"the metadata opened on line 1 is never closed; add a line {FENCE} after it",
        kind="metadata",
    )


def invalid_id(example_id: str) -> str:
    """Why an id is not valid, ending with a valid one to use instead."""
    fixed = re.sub(r"[^a-z0-9]+", "-", example_id.lower()).strip("-") or "my-letter"
    return (
        f"{example_id!r} is not a valid example id; use lower-case letters, digits and "
        f"hyphens, for example {fixed}"
    )


def load_example(
    path: Path, catalogue: Catalogue, renderer: Renderer, dependencies: list[Path]
) -> tuple[Example | None, list[Problem]]:
    """Read, check and render one example; add the files it uses to ``dependencies``.

    Returns the example, or ``None`` and every problem found in it.
    """
    example_id = path.name[: -len(SUFFIX)]
    if not ID_PATTERN.match(example_id):
        raise Problem(path, None, f"{invalid_id(example_id)}{SUFFIX}", kind="metadata")
    text = read_text(path, "example")
    metadata_text, metadata_line, body, body_line = split_front_matter(text, path)
    metadata = parse_toml(metadata_text, path, metadata_line)
    lines = metadata_text.split("\n")

    def line_of(key: str) -> int:
        return key_line(lines, key, metadata_line) or 1

    problems: list[Problem] = [
        Problem(
            path,
            number,
            "still has the scaffold's instruction; replace it with your own words",
            "scaffold",
        )
        for number, line in enumerate(text.split("\n"), start=1)
        for _ in SCAFFOLD_MARKER.finditer(line)
    ]
    misspelled = set()
    for key in sorted(set(metadata) - set(REQUIRED) - set(OPTIONAL)):
        close = difflib.get_close_matches(key, REQUIRED + OPTIONAL, n=1, cutoff=0.6)
        if key == "variables":
            hint = "; the variables are found from the letter's text, so remove this line"
        elif close:
            hint = f"; did you mean {close[0]!r}?"
            misspelled.add(close[0])
        else:
            hint = f" (the fields are {', '.join(REQUIRED)} and subject)"
        problems.append(Problem(path, line_of(key), f"unknown field {key!r}{hint}", "metadata"))
    values: dict[str, str] = {}
    for key in REQUIRED + OPTIONAL:
        value = metadata.get(key)
        if value is None:
            if key in REQUIRED and key not in misspelled:
                problems.append(
                    Problem(path, 1, f"missing field {key!r}; add {_example_line(key)}", "metadata")
                )
        elif not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(path, line_of(key), f"{key} must be text in double quotes", "metadata")
            )
        else:
            values[key] = " ".join(value.split())
    for key, allowed in (("scenario", catalogue.scenarios), ("channel", CHANNELS), ("tone", TONES)):
        if key in values and values[key] not in allowed:
            problems.append(
                Problem(
                    path,
                    line_of(key),
                    f"unknown {key} {values[key]!r}{suggest(values[key], allowed)} (one of "
                    f"{', '.join(allowed)}"
                    + (f"; add a new one to {SCENARIOS_FILE}" if key == "scenario" else "")
                    + ")",
                    "metadata",
                )
            )
    channel = CHANNELS.get(values.get("channel", ""))
    if channel and channel.subject == "required" and "subject" not in values:
        problems.append(
            Problem(
                path, 1, f'an {channel.id} needs a subject line; add subject = "..."', "metadata"
            )
        )
    if channel and channel.subject == "none" and "subject" in values:
        problems.append(
            Problem(
                path,
                line_of("subject"),
                f"a {channel.label} has no subject line; remove the subject",
                "metadata",
            )
        )
    if not body.strip():
        problems.append(
            Problem(path, body_line, "the letter is empty; write it below the metadata", "metadata")
        )
    analysis = renderer.analyse(body, path, body_line)
    if "subject" in values:
        analysis.problems.extend(
            renderer.analyse(values["subject"], path, line_of("subject")).problems
        )
    dependencies.extend(analysis.dependencies)
    problems.extend(analysis.problems)
    if problems:
        return None, problems
    try:
        subject = None
        if "subject" in values:
            subject = renderer.render(values["subject"], path, line_of("subject"))
        rendered = renderer.render(body, path, body_line)
    except Problem as problem:
        return None, [problem]
    if subject is not None and "\n" in subject.fill():
        return None, [Problem(path, line_of("subject"), "the subject must be one line", "metadata")]
    example = Example(
        id=example_id,
        path=path,
        title=values["title"],
        scenario=catalogue.scenarios[values["scenario"]],
        channel=CHANNELS[values["channel"]],
        tone=values["tone"],
        use_when=values["use_when"],
        subject=subject,
        body=rendered,
        dependencies=tuple(dict.fromkeys(dependencies)),
    )
    return example, []


def _example_line(key: str) -> str:
    samples = {
        "title": 'title = "After a phone screen"',
        "scenario": 'scenario = "phone-screen"',
        "channel": f'channel = "email" (one of {", ".join(CHANNELS)})',
        "tone": f'tone = "warm" (one of {", ".join(TONES)})',
        "use_when": 'use_when = "You had a short first call and heard no."',
    }
    return samples[key]
