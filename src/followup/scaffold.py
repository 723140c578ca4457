"""``followup new``: start a new example letter from a template.

The file it writes has every field, each with a comment saying what it is for, and the
shared snippets for the parts every letter has (the greeting, the thanks, the feedback
request, the open door, the sign-off). Where the contributor's own words go, it writes a
marked instruction such as ``[Replace this with one real detail from the interview.]``;
the loader reports each one left (:data:`followup.examples.SCAFFOLD_MARKER`), so an
unfinished example cannot pass the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .examples import (
    CHANNELS,
    ID_PATTERN,
    SCAFFOLD_MARKER,
    SCENARIOS_FILE,
    SUFFIX,
    TONES,
    Scenario,
    invalid_id,
    load_scenarios,
)
from .files import write_atomically
from .problems import Problem, display_path
from .variables import suggest

#: Long enough for any sensible id; an id is also a file name and part of a web address.
MAX_ID_LENGTH = 60
DETAIL = "[Replace this with one real detail from the interview.]"
TITLE = "[Replace this with a short title, such as: After a second interview]"
USE_WHEN = "[Replace this with one sentence on when a reader should send this letter.]"
FEEDBACK_DETAIL = (
    "[Replace this with one point from their feedback, and what you are doing about it.]"
)


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
    if not ID_PATTERN.match(example_id):
        raise Problem(None, None, invalid_id(example_id))
    if len(example_id) > MAX_ID_LENGTH:
        raise Problem(
            None,
            None,
            f"the id {example_id!r} is {len(example_id)} characters long; keep it under "
            f"{MAX_ID_LENGTH + 1}, a few words that name the letter",
        )
    path = examples_dir / f"{example_id}{SUFFIX}"
    if path.exists():
        raise Problem(path, None, "already exists; choose another id, or edit that file instead")
    return path


def choose(kind: str, value: str, allowed: dict[str, object], where: str = "") -> None:
    """A :class:`Problem` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise Problem(
            None,
            None,
            f"unknown {kind} {value!r}{suggest(value, allowed)} (one of "
            f"{', '.join(allowed)}{where})",
        )


def render_template(scenario: Scenario, channel: str, tone: str) -> str:
    """The text of a new example for this scenario, channel and tone."""
    brief = "-brief" if tone == "brief" else ""
    spoken = channel == "phone"
    informal = channel in ("phone", "linkedin")
    if scenario.id == "recruiter":
        greeting = '{% include "greeting-recruiter.j2" %}'
    elif informal:
        greeting = '{% include "greeting-informal.j2" %}'
    else:
        greeting = '{% include "greeting.j2" %}'
    if spoken:
        greeting += " this is {{ your_name }}, calling about the {{ role }} role."
    # A reply answers their news; anything else follows up on the interview.
    thanks_snippet = "thanks-news.j2" if channel == "reply" else "thanks-interview.j2"
    thanks = f'{{% include "{thanks_snippet}" %}}'
    feedback = f'{{% include "feedback-request{brief}.j2" %}} {{% include "no-obligation.j2" %}}'
    if scenario.id == "feedback-received":
        thanks = "Thank you for taking the time to send me your feedback."
        feedback = "If any other thoughts occur to you later, I'd welcome them."
        detail = FEEDBACK_DETAIL
    else:
        detail = DETAIL
    door = f'{{% include "door-open{brief}.j2" %}}'
    if spoken:
        door += " Thanks again, and all the best."
    warm = "-warm" if tone == "warm" else ""
    sign_off = None if spoken else f'{{% include "sign-off{warm}.j2" %}}'

    subject = CHANNELS[channel].subject
    if subject == "required":
        subject_lines = [
            "# subject: the subject line. An email needs one; change the words to suit "
            "your letter.",
            'subject = "Thank you for the {{ role }} interview"',
        ]
    elif subject == "optional":
        subject_lines = [
            "# A reply keeps their subject line. To give it a new one, add a line such as",
            '# subject = "Thank you for letting me know"',
        ]
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
    ]
    body = [
        "{# Each include is a shared snippet. Keep them, and write your own words where marked. #}",
        greeting,
        "",
        f"{thanks} {detail}",
        "",
        feedback,
        "",
        door,
    ]
    if sign_off:
        body += ["", sign_off]
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
    text = render_template(scenario, channel, tone)
    try:
        write_atomically(path, text, exclusive=True)
    except FileExistsError:  # written meanwhile by someone else: theirs wins
        raise Problem(
            path, None, "already exists; choose another id, or edit that file instead"
        ) from None
    markers = len(SCAFFOLD_MARKER.findall(text))
    return NewExample(path, example_id, scenario, markers)
