"""``followup new``: start a new example letter from a template.

The file it writes has every field, each with a comment saying what it is for, and the
moves every letter has: the greeting, thanks for the news, a slot for the reader's own
moment, the feedback request, the no-pressure line, the open door and the sign-off. Each
move is a shared phrasing that is not yet in as many letters as one may be, or, when all
are, a marked instruction such as ``[Replace this with ...]``; the loader reports each
instruction left (:data:`followup.example.SCAFFOLD_MARKER`), so an unfinished example
cannot pass the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .example import SCAFFOLD_MARKER, SCENARIOS_FILE, SUFFIX, id_problem
from .files import write_atomically
from .model import CHANNELS, TONES, Scenario
from .problems import Problem, display_path
from .registries import load_scenarios
from .variables import suggest

DETAIL = "[Replace this with an example of one moment from an interview.]"
TITLE = "[Replace this with a short title, such as: After a second interview]"
USE_WHEN = "[Replace this with one sentence on when a reader should send this letter.]"
FEEDBACK_DETAIL = (
    "[Replace this with one point from their feedback, and what you are doing about it.]"
)
PROMPT = "[Replace this with what goes in the slot, in a few words, such as: The tip that helped]"


@dataclass(frozen=True)
class NewExample:
    """What ``followup new`` wrote, and what the contributor does next."""

    path: Path
    id: str
    scenario: Scenario
    markers: int

    def next_steps(self, docs_dir: Path) -> str:
        """The lines printed after writing the file: edit, show on a page, test."""
        page = docs_dir / f"{self.scenario.page}.md" if self.scenario.page else None
        where = (
            display_path(page)
            if page is not None and page.is_file()
            else f"the page in {display_path(docs_dir)}/ for the situation {self.scenario.title!r}"
        )
        fence = "```"
        return "\n".join(
            [
                f"Wrote {display_path(self.path)}. Next:",
                f"  1. Open it and replace each of its {self.markers} [Replace this ...] "
                "instructions with your own words.",
                f"  2. Show it in the guide: add these two lines to {where}",
                f"       {fence}{{letter}} {self.id}",
                f"       {fence}",
                "  3. Run `make test`. Each problem is one line naming the file, the line "
                "and the fix.",
            ]
        )


def check_id(example_id: str, examples_dir: Path) -> Path:
    """The new example's path, or a :class:`Problem` if the id is unusable or taken."""
    problem = id_problem(example_id)
    if problem is not None:
        raise Problem(None, None, problem)
    path = examples_dir / f"{example_id}{SUFFIX}"
    if path.exists():
        raise Problem(path, None, "already exists; choose another id, or edit that file instead")
    return path


def choose(kind: str, value: str, allowed: Mapping[str, object], where: str = "") -> None:
    """A :class:`Problem` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise Problem(
            None,
            None,
            f"unknown {kind} {value!r}{suggest(value, allowed)} (one of "
            f"{', '.join(allowed)}{where})",
        )


#: The most letters one shared phrasing may appear in (tests/unit/test_letters.py).
MOST_SHARED = 3
#: The moves a new letter is built from, in order, and what to write if every shared
#: phrasing of a move is already in as many letters as it may be.
MOVES = {
    "news": "[Replace this with a sentence that thanks them for letting you know.]",
    "ask": "[Replace this with one sentence that asks for feedback on your interview.]",
    "no-pressure": "[Replace this with a short line that says they need not reply.]",
    "door": "[Replace this with a sentence that says you would like to hear about future roles.]",
}


def shared_uses(examples_dir: Path, snippets_dir: Path) -> dict[str, int]:
    """How many letters use each snippet, by name (``ask/on-my-interview.j2``)."""
    from .catalogue import load_catalogue

    catalogue = load_catalogue(examples_dir, snippets_dir)
    folder = catalogue.snippets_dir
    uses = {path.relative_to(folder).as_posix(): 0 for path in sorted(folder.rglob("*.j2"))}
    for paths in catalogue.dependencies.values():
        for path in set(paths):
            if path.is_relative_to(folder) and path.relative_to(folder).as_posix() in uses:
                uses[path.relative_to(folder).as_posix()] += 1
    return uses


def phrasing(move: str, uses: Mapping[str, int], snippets_dir: Path | None = None) -> str:
    """An include of the least used phrasing of a move that has room, or an instruction.

    For the news, only a phrasing that thanks them will do: the letter's one thanks.
    """
    free = sorted(
        (n, name) for name, n in uses.items() if name.startswith(f"{move}/") and n < MOST_SHARED
    )
    if move == "news" and snippets_dir is not None:
        from .checker import default_rules

        rules = default_rules()
        free = [
            (n, name)
            for n, name in free
            if rules.matches("thanks", (snippets_dir / name).read_text(encoding="utf-8"))
        ]
    return f'{{% include "{free[0][1]}" %}}' if free else MOVES[move]


def render_template(
    scenario: Scenario,
    channel: str,
    tone: str,
    uses: Mapping[str, int] | None = None,
    snippets_dir: Path | None = None,
) -> str:
    """The text of a new example for this scenario, channel and tone.

    ``uses`` counts the letters each snippet is in, so the new letter takes phrasings
    that are not yet in as many letters as one may be; without it, every move is an
    instruction to write.
    """
    uses = uses or {}
    spoken = channel == "phone"
    informal = channel in ("phone", "linkedin") or tone == "brief"
    greeting = '{% include "greeting/hi.j2" %}' if informal else '{% include "greeting/dear.j2" %}'
    if spoken:
        greeting = '{% include "greeting/hello.j2" %}'.replace(",", "") + (
            " it's {{ your_name }}, calling about the {{ role }} role."
        )
    context = "none"
    slot = "moment"
    if scenario.id == "feedback-received":
        # They have given feedback: the letter thanks them for it and asks for nothing more.
        context = "given"
        slot = "feedback_point"
        news = "Thank you for taking the time to send me your feedback."
        detail = "{% slot feedback_point %}" + FEEDBACK_DETAIL + "{% endslot %}"
        ask = ""
        no_pressure = ""
    else:
        news = phrasing("news", uses, snippets_dir)
        detail = "{% slot moment %}" + DETAIL + "{% endslot %}"
        ask = phrasing("ask", uses)
        no_pressure = " " + phrasing("no-pressure", uses)
    door = phrasing("door", uses)
    if spoken:  # said aloud in the reader's own words: a script has no slot to fill
        detail = ""
    sign_off = "sign-off/with-thanks.j2" if tone == "warm" else "sign-off/best-regards.j2"

    if CHANNELS[channel].subject:
        subject_lines = [
            "# subject: the subject line. A new email needs one; change the words to suit "
            "your letter.",
            'subject = "Thank you for the {{ role }} interview"',
        ]
    elif channel == "reply":
        subject_lines = ["# A reply keeps the subject line of their email, so it has none here."]
    else:
        subject_lines = [f"# A {CHANNELS[channel].label} has no subject line."]

    metadata = [
        "# About this letter: one field a line, each value in double quotes.",
        "# title: a few words that name the letter, shown above it in the guide.",
        f'title = "{TITLE}"',
        "# scenario: the situation it is for, one of the ids in `examples/scenarios.toml`.",
        f'scenario = "{scenario.id}"',
        f"# channel: how it is sent, one of {', '.join(CHANNELS)}.",
        f'channel = "{channel}"',
        f"# tone: one of {', '.join(TONES)}.",
        f'tone = "{tone}"',
        *subject_lines,
        "# use_when: one sentence that tells a reader this letter fits them.",
        f'use_when = "{USE_WHEN}"',
        "# context: what they said about feedback. none (nothing: the letter asks for it),",
        "# offered (the letter takes it up), refused (they can't give it: the letter must",
        "# not ask) or given (they already did: thank them, and don't ask again).",
        f'context = "{context}"',
        "# country (optional): UK or US, if the letter follows one country's conventions.",
        "# placeholders (optional, last): the words in square brackets that fit this letter,",
        '# such as their_name = "[Head teacher\'s name]" after a line [placeholders].',
    ]
    if not spoken:
        metadata += [
            "# prompts (last): what the reader sees in the slot's square brackets, named for",
            "# what goes there, in a few words. The slot's example is shown beside the letter.",
            "[prompts]",
            f'{slot} = "{PROMPT}"',
        ]
    body = [
        "{# Each include is a shared snippet; the slot marks the sentence only the reader",
        "   can write, with an example of it. Write your own words where marked. #}",
        greeting,
        "",
        f"{news} {detail}".strip(),
        "",
        *([f"{ask}{no_pressure}", ""] if ask else []),
        door,
    ]
    if spoken:
        body[-1] += " Thanks again, and all the best."
    else:
        body += ["", f'{{% include "{sign_off}" %}}']
    return "\n".join(["+++", *metadata, "+++", *body]) + "\n"


def write_new_example(
    examples_dir: Path, example_id: str, scenario_id: str, channel: str, tone: str
) -> NewExample:
    """Write ``examples/<id>.j2`` from the template, atomically; refuse a taken id."""
    scenarios = load_scenarios(examples_dir / SCENARIOS_FILE)
    path = check_id(example_id, examples_dir)
    choose("scenario", scenario_id, scenarios, f"; add a new one to {SCENARIOS_FILE} first")
    choose("channel", channel, CHANNELS)
    choose("tone", tone, TONES)
    scenario = scenarios[scenario_id]
    snippets_dir = examples_dir.parent / "snippets"
    uses = shared_uses(examples_dir, snippets_dir)
    text = render_template(scenario, channel, tone, uses, snippets_dir)
    try:
        write_atomically(path, text, exclusive=True)
    except FileExistsError:  # written meanwhile by someone else: theirs wins
        raise Problem(
            path, None, "already exists; choose another id, or edit that file instead"
        ) from None
    markers = len(SCAFFOLD_MARKER.findall(text))
    return NewExample(path, example_id, scenario, markers)
