"""`make bench`: what the guide costs to build, rebuild, check and test, beside baselines.

Each build or check figure is the median of several runs, printed beside a baseline
measured in the same run, as a ratio. Builds run as subprocesses, with the command line of
``make html`` (``followup.sitebuild.command``, without ``-W``, so a stray warning is
reported rather than fatal), in temporary copies of the project, never in the work tree.
The test suite's own speed is measured once per figure, from the work tree, with pytest's
cache turned off, so that nothing in the work tree changes.

    .venv/bin/python bench/run.py            # the table (about 6 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # one run of each: a rough table
    .venv/bin/python bench/run.py --only guide,browser   # some parts only
    .venv/bin/python bench/run.py --write docs/contributing/performance.md

``--write`` replaces the figures section of that page (between its two marker comments)
with this run's table, the machine it ran on and the date.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from followup import sitebuild
from followup.catalogue import load_catalogue, render_snippet
from followup.model import CHANNELS, TONES, Catalogue

ROOT = Path(__file__).resolve().parent.parent
# The tests' helpers are the one copy of each: bench imports them rather than its own.
sys.path[:0] = [os.fspath(ROOT / "tests"), os.fspath(ROOT / "tests" / "site" / "browser")]

import hostile  # noqa: E402
from browsing import CHROMIUM, CHROMIUM_ARGS  # type: ignore[import-not-found,unused-ignore]  # noqa: E402
from corpus_data import SETS, letters  # noqa: E402
from support import PROJECT_PARTS, SAMPLE_VALUES, Site, commit, copy_project  # noqa: E402

#: What a copy needs to run tests in, besides what a build reads.
TEST_PARTS = (*(p for p in PROJECT_PARTS if not p.startswith("tests")), "tests", "pyproject.toml")
SCALE_EXAMPLES = 1000
SCALE_PAGE_SIZE = 20
THROUGHPUT = (1_000, 10_000)
#: The browser checker's drafts: the most it reads (1 MB), and a letter's size.
DRAFT_SIZES = (1_000_000, 1_000)
#: The goals of the test suite's own speed, in seconds (issue 10). Never asserted in a test.
UNIT_GOAL, FAST_GOAL, TEST_GOAL, CHANGE_GOAL = 15.0, 30.0, 90.0, 30.0
#: The layers of the test suite, by marker, as the brief and CONTRIBUTING.md run them.
LAYERS = (
    ("unit", "unit"),
    ("extension", "extension"),
    ("site", "site and not browser"),
    ("browser", "browser"),
)
PYTEST = (sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider")
#: The letters' own tests: what a contributor who changed one letter runs first.
LETTER_TESTS = ("tests/unit/test_examples.py", "tests/unit/test_letters.py")
PARTS = ("guide", "command", "scale", "worst", "hostile", "browser", "tests")
#: The sizes of the hostile messages the message reader is timed on.
HOSTILE_SIZES = (10_000, 100_000, 1_000_000)
MARK_START = "% Written by make bench from here"
MARK_END = "% to here."
X = "\N{MULTIPLICATION SIGN}"
NONE = "\N{EM DASH}"
#: The extension's settings in conf.py, which the plain baseline leaves out with it.
EXTENSION_SETTINGS = ("followup_examples_dir", "followup_snippets_dir", "followup_corpus_dir")


# -- Measuring ---------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    figure: str
    measured: str
    baseline: str = ""
    ratio: float | None = None
    goal: str = ""
    #: The goal as a number: the most ``value`` may be.
    limit: float | None = None
    #: What the goal is about: the ratio, unless given (a time in seconds).
    value: float | None = None
    met: bool | None = None
    #: Whether the goal is about a time in seconds rather than the ratio.
    timed: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.timed = self.value is not None
        if self.value is None:
            self.value = self.ratio
        if self.met is None and self.limit is not None and self.value is not None:
            self.met = self.value <= self.limit

    def cells(self) -> list[str]:
        ratio = NONE if self.ratio is None else f"{self.ratio:.2f}{X}"
        met = {True: "yes", False: "NO", None: "n/a"}[self.met]
        return [self.figure, self.measured, self.baseline or NONE, ratio, self.goal or NONE, met]

    def shown(self, number: float) -> str:
        """A value or a limit, as the goal states it."""
        return seconds(number) if self.timed else f"{number:.2f}{X}"


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    #: Pages re-read after each edit, and the pages expected: by what was edited.
    edits: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        log("  " + " | ".join(plain(c) for c in row.cells()))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def plain(text: str) -> str:
    """A cell for the terminal: the page's Markdown code marks left out."""
    return text.replace("`", "")


def seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def environment(cache: Path) -> dict[str, str]:
    """The environment for every subprocess: bytecode cached (outside the work tree).

    With PYTHONDONTWRITEBYTECODE set (as on some machines), every run would compile the
    package from source; a developer's machine caches bytecode after the first run, so
    every figure here is measured with a warm bytecode cache in a temporary folder.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.fspath(cache)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


ENV: dict[str, str] = {}


def run(
    command: Sequence[str], cwd: Path, *, check: bool = True, env: dict[str, str] | None = None
) -> tuple[float, str, int]:
    """Run a command: its wall time, its output (stdout and stderr together), its status."""
    start = time.perf_counter()
    done = subprocess.run(
        list(command),
        cwd=cwd,
        env=env or ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if check and done.returncode != 0:
        raise SystemExit(
            f"bench: {' '.join(command)} failed in {cwd} (exit {done.returncode}):\n"
            + done.stdout[-4000:]
        )
    return elapsed, done.stdout, done.returncode


def build(project: Path, *extra: str, full: bool = False) -> tuple[float, str]:
    """Build ``project`` with ``make html``'s command line (a full build: from nothing)."""
    if full:
        shutil.rmtree(project / sitebuild.STAGING, ignore_errors=True)
    elapsed, output, _ = run(sitebuild.command(extra=extra, strict=False), project)
    return elapsed, output


def median(values: list[float]) -> float:
    return statistics.median(values)


def warnings_in(output: str) -> list[str]:
    return [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line]


def reread_pages(output: str) -> list[str]:
    """The pages a build re-read, from its ``reading sources... [ 50%] page`` lines."""
    pages: list[str] = []
    for line in output.splitlines():
        found = re.match(r"reading sources\.\.\. \[\s*\d+%\] (.+)$", line.strip())
        if found:
            pages.extend(p.strip() for p in found.group(1).split(" .. "))
    return sorted(set(pages))


def cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextmanager
def edited(path: Path, number: int) -> Iterator[None]:
    """A one-line change to a letter or snippet (a template comment), undone afterwards."""
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"{{# edited by make bench, {number} #}}\n", encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


# -- Project copies ----------------------------------------------------------------------


def project_copy(target: Path, parts: Sequence[str] = PROJECT_PARTS) -> Path:
    """A copy as the site tests make it: what a build reads, committed (for Git's dates)."""
    copy_project(target, parts)
    commit(target)
    return target


def load(project: Path) -> Catalogue:
    return load_catalogue(project / "examples", project / "snippets")


def fenced(text: str, language: str = "text") -> str:
    return f"```{language}\n{text}\n```"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


class _Recorder:
    """Stands in for Sphinx's application while the extension's ``setup`` runs: keeps the
    names of its directives, and ignores everything else it sets up."""

    def __init__(self) -> None:
        self.directives: list[str] = []

    def add_directive(self, name: str, *args: Any, override: bool = False, **kwargs: Any) -> None:
        # Sphinx's own directives it overrides for safety (followup.site.pages) are not its.
        if not override:
            self.directives.append(name)

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


def extension_directives() -> list[str]:
    """The directives the letter extension adds, as its ``setup`` registers them."""
    from followup import site

    recorder = _Recorder()
    site.setup(recorder)  # type: ignore[arg-type]
    return recorder.directives


def make_plain(project: Path) -> list[str]:
    """Turn a copy into the plain-Sphinx baseline: what each directive shows, as static text.

    Returns the extension's directives it does not know how to paste (left out).
    """
    from followup import scores
    from followup.checker import contexts, default_rules
    from followup.site.markup import MESSAGE_MATCHER, draft_checker

    catalogue = load(project)

    def letter(example_id: str) -> str:
        example = catalogue.examples[example_id]
        lines = [
            f"**{example.title}**",
            f"*{example.channel.label} · {example.tone.capitalize()} tone*",
            f"**Use this when:** {example.use_when}",
            f"**How to send it:** {example.channel.how}",
        ]
        if example.subject is not None:
            lines.append(f"**Subject:** {example.subject.fill()}")
        return "\n\n".join([*lines, fenced(example.body.fill())])

    def snippet(name: str) -> str:
        text, _ = render_snippet(catalogue, name)
        return f"`snippets/{name}`\n\n" + fenced(text.fill() if text else "")

    def catalogue_list() -> str:
        out = []
        for scenario, examples in catalogue.by_scenario():
            out += [f"**{scenario.title}**", "", scenario.summary, ""]
            out += [
                f"- **{e.title}** ({e.channel.label}, {e.tone}). {e.use_when}" for e in examples
            ]
            out.append("")
        return "\n".join(out)

    def why_alternatives() -> str:
        shapes = default_rules().rule("asks_why").shapes
        rows = [[s.name, s.example or "", s.instead or ""] for s in shapes]
        return markdown_table(["A sentence that…", "For example", "Write instead"], rows)

    def checker_scores() -> str:
        rows = [
            [scores.SET_NAMES[r.set], r.label, str(r.positives), f"{r.precision:.2f}"]
            for r in scores.table(project / "tests" / "corpus")
            if r.unit == "sentences"
        ]
        return markdown_table(["Sentences", "Rule", "Positives", "Precision"], rows)

    def message_scores() -> str:
        found = scores.message_table(project / "tests" / "corpus")
        rows = [[r.set, r.label, str(r.total), f"{r.recall or 0:.2f}"] for r in found]
        return markdown_table(["Messages", "What", "Messages that have it", "Right"], rows)

    def message_signals() -> str:
        from followup.matcher import default_matcher

        answers = {e.id: e.answers for e in catalogue.examples.values()}
        rows = [
            [
                rule["id"],
                rule["explain"],
                ", ".join(i for i, a in answers.items() if rule["id"] in a),
            ]
            for rule in default_matcher().data["rules"]
        ]
        return markdown_table(["Signal", "What shows it", "Letters that answer it"], rows)

    def paste(found: re.Match[str]) -> str:
        name, arg = found["name"], found["arg"].strip()
        if name == "letter":  # an unknown or broken one: the extension's build warns too
            return letter(arg) if arg in catalogue.examples else found.group()
        pasted: dict[str, Callable[[], str]] = {
            "snippet": lambda: snippet(arg),
            "letter-catalogue": catalogue_list,
            "draft-checker": lambda: fenced(draft_checker(contexts()).strip(), "{raw} html"),
            "why-alternatives": why_alternatives,
            "checker-scores": checker_scores,
            "message-matcher": lambda: fenced(MESSAGE_MATCHER.strip(), "{raw} html"),
            "message-scores": message_scores,
            "message-signals": message_signals,
        }
        if name not in pasted:
            missing.add(name)
            return ""
        return pasted[name]()

    names = "|".join(re.escape(name) for name in extension_directives())
    directive = re.compile(
        rf"^(?P<fence>`{{3,}}|:{{3,}})\{{(?P<name>{names})\}}[ \t]*(?P<arg>[^\n]*)\n"
        r"(?P<body>.*?)^(?P=fence)[ \t]*$",
        re.MULTILINE | re.DOTALL,
    )
    missing: set[str] = set()
    for page in (project / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        pasted = directive.sub(paste, text)
        if pasted != text:
            page.write_text(pasted, encoding="utf-8")
    conf = project / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + "\n# bench: plain Sphinx, without the letter extension and its settings.\n"
        'extensions = [e for e in extensions if e != "followup.site"]\n'
        f"for _name in {EXTENSION_SETTINGS!r}:\n"
        "    globals().pop(_name, None)\n",
        encoding="utf-8",
    )
    return sorted(missing)


# -- The scale copy ----------------------------------------------------------------------

TOPICS = [
    "delivery tooling", "customer research", "data pipeline", "onboarding plans",
    "quarterly roadmap", "support rota", "design system", "pricing experiments",
    "mentoring scheme", "release process", "field visits", "accessibility audit",
    "training budget", "reporting dashboards", "community events", "hiring plans",
]  # fmt: skip
MIDDLES = [
    "I enjoyed our conversation about the {topic} at {{{{ organisation }}}}.",
    "Hearing how the team runs its {topic} was a highlight of my week.",
    "Talking with you about the {topic} taught me a lot.",
    "The {topic} you described sounds like a great place to learn.",
    "I came away with plenty to think about, especially the {topic}.",
    "It was good to see how much care {{{{ organisation }}}} puts into its {topic}.",
]
SUBJECTS = [
    "Thank you for the {{ role }} interview",
    "Following up on the {{ role }} role at {{ organisation }}",
    "Thank you for your time",
]
#: The parts of a generated letter, each one snippet from a folder of snippets/, in order.
#: The news must thank them (the rules require it), so only those snippets are picked.
SCALE_PARTS = {
    "greeting": "",
    "news": "thank",
    "ask": "",
    "no-pressure": "",
    "door": "",
    "sign-off": "",
}


def generate_scale(project: Path, count: int, per_page: int) -> list[str]:
    """Write ``count`` varied, valid examples and the pages that show them; their ids."""
    from followup.checker import check
    from followup.registries import load_scenarios

    scenarios = list(load_scenarios(project / "examples" / "scenarios.toml"))
    snippets = project / "snippets"
    choices = {}
    for folder, wanted in SCALE_PARTS.items():
        names = sorted(
            p.relative_to(snippets).as_posix()
            for p in (snippets / folder).glob("*.j2")
            if wanted in p.read_text(encoding="utf-8").lower()
        )
        if not names:
            raise SystemExit(f"bench: no snippet in snippets/{folder}/ to build letters from")
        choices[folder] = names

    def include(rng: random.Random, folder: str) -> str:
        return '{% include "' + rng.choice(choices[folder]) + '" %}'

    ids = []
    for number in range(1, count + 1):
        rng = random.Random(number)
        example_id = f"scale-{number:04d}"
        channel = rng.choice(list(CHANNELS))
        front = [
            "+++",
            f'title = "Scale letter {number}"',
            f'scenario = "{rng.choice(scenarios)}"',
            f'channel = "{channel}"',
            f'tone = "{rng.choice(list(TONES))}"',
            f'use_when = "A generated letter, number {number}, for make bench."',
        ]
        if CHANNELS[channel].subject:
            front.append(f'subject = "{rng.choice(SUBJECTS)}"')
        first, second = (
            m.format(topic=t)
            for m, t in zip(rng.sample(MIDDLES, 2), rng.sample(TOPICS, 2), strict=True)
        )
        # About half of them mark a personal detail, as the real ones do (plain text only).
        if rng.random() < 0.6 and "{{" not in first:
            first = "{% slot moment %}" + first + "{% endslot %}"
        body = [
            include(rng, "greeting"),
            f"{include(rng, 'news')} {first} {second}",
            f"{include(rng, 'ask')} {include(rng, 'no-pressure')}",
            include(rng, "door"),
            include(rng, "sign-off"),
        ]
        text = "\n".join([*front, "+++", "\n\n".join(body)]) + "\n"
        (project / "examples" / f"{example_id}.j2").write_text(text, encoding="utf-8")
        ids.append(example_id)
    catalogue = load(project)
    problems = [str(p) for p in catalogue.problems]
    problems += [str(p) for i in ids for p in catalogue.broken.get(i, [])]
    filled = {**SAMPLE_VALUES, **{name: "Sam wrote this part." for name in catalogue.details}}
    reports = {
        i: check(catalogue.examples[i].as_text(filled)) for i in ids if i in catalogue.examples
    }
    failing = [f"{i}: {[f.rule for f in r.findings]}" for i, r in reports.items() if not r.ok]
    if problems or failing:
        raise SystemExit(
            "bench: a generated example is not valid:\n" + "\n".join(problems + failing)[:4000]
        )
    pages_dir = project / "docs" / "scale"
    pages_dir.mkdir()
    pages = []
    for start in range(0, count, per_page):
        name = f"page-{start // per_page + 1:02d}"
        shown = "".join(f"```{{letter}} {i}\n```\n\n" for i in ids[start : start + per_page])
        (pages_dir / f"{name}.md").write_text(
            f"# Scale page {start // per_page + 1}\n\nLetters for make bench.\n\n{shown}",
            encoding="utf-8",
        )
        pages.append(name)
    toctree = "\n".join(pages)
    (pages_dir / "index.md").write_text(
        f"# Scale\n\nGenerated pages for make bench.\n\n```{{toctree}}\n{toctree}\n```\n",
        encoding="utf-8",
    )
    with (project / "docs" / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n```{toctree}\n:hidden:\n\nscale/index\n```\n")
    return ids


# -- The figures -------------------------------------------------------------------------


#: Why a goal is missed, as found when it was: shown under the table only for a missed goal.
KNOWN_CAUSES = {
    "overhead": (
        "Timed on their own (November 2026), the extension's largest costs in a build of "
        "about 2.4 s are the tables it works out from the labelled corpora while it reads the "
        "pages: `{message-scores}` runs the message matcher over every labelled message "
        "(about 85 ms, with about 35 ms of compiling the matcher's patterns), and the two "
        "`{checker-scores}` tables score the letter rules over the corpus (about "
        "40 ms, once a build: the second page reuses the first's). Loading the catalogue "
        "before any page is read takes about 55 ms. Keeping the tables from one build to "
        f"the next until the corpora change would save about 85 ms, or 0.04{X} of the ratio. "
        "The ratio "
        f"also swings by about 0.1{X} from run to run while other work shares the 2 cores."
    ),
    "start": (
        "Timed best of 21 (November 2026): `python -c pass` takes 9 ms. Importing what "
        "`followup check` needs from the standard library (`argparse`, `pathlib`, `typing`, "
        "`re`) brings that to about 21 ms; `typing` alone is about 7 ms, for the "
        "`NamedTuple` and `Literal` of `followup.rules`. The package's own modules add about "
        "4 ms, building the rule set (compiling the patterns of `rules_data.py`) about 8 ms, "
        "and reading the arguments, checking the letter and printing about 6 ms. The "
        "code at the commit before the message box takes the same time, so this is not new."
    ),
    "tests-all": (
        "Lint takes about a second with warm caches: the rest is one run of every test, and "
        "the browser layer is about two thirds of it. Timed test by test (`pytest -m browser "
        "--durations=0`, November 2026), axe on every built page takes about 14 s in one "
        "test, the twelve cases of the 404 page about 12 s, axe on the main pages in light "
        "and dark mode about 6 s, the message box's tests about 6 s, and building the site "
        "for the layer about 3.5 s."
    ),
}


@dataclass
class Bench:
    """One run: where its copies are, how many times to repeat, and what it found."""

    base: Path
    reps: int
    quick: bool
    results: Results = field(default_factory=Results)
    #: The guide's figures, once measured: full and no-change builds, the copy, its site.
    guide: dict[str, Any] = field(default_factory=dict)
    start: float | None = None

    def add(self, row: Row) -> None:
        self.results.add(row)

    def note(self, text: str) -> None:
        self.results.notes.append(text)


def bench_guide(bench: Bench) -> None:
    """Extension overhead, no-change rebuild, and one-line edits, on the guide as it is."""
    reps = 1 if bench.quick else 5
    ext = project_copy(bench.base / "guide", TEST_PARTS)
    plain_copy = bench.base / "plain"
    copy_project(plain_copy, TEST_PARTS)
    for name in make_plain(plain_copy):
        bench.note(
            f"The plain baseline leaves out the new `{{{name}}}` directive, whose output "
            "`bench/run.py` does not paste in yet, so the overhead is overstated a little."
        )
    commit(plain_copy)
    log(f"bench: the guide, {reps} run(s) of each build")
    _, first = build(ext, full=True)  # warm-up: caches bytecode and the theme's files
    _, plain_log = build(plain_copy, full=True)
    for name, text in (("guide", first), ("plain baseline", plain_log)):
        for line in warnings_in(text)[:5]:
            bench.note(f"The {name} build warned: `{line.strip()[:160]}`")
    fulls, plains, rebuilds, plain_rebuilds, reread_on_rebuild = [], [], [], [], set()
    for _ in range(reps):
        fulls.append(build(ext, full=True)[0])
        elapsed, text = build(ext)
        rebuilds.append(elapsed)
        reread_on_rebuild.update(reread_pages(text))
        plains.append(build(plain_copy, full=True)[0])
        plain_rebuilds.append(build(plain_copy)[0])
    full, plain_time, rebuild = median(fulls), median(plains), median(rebuilds)
    plain_rebuild = median(plain_rebuilds)
    bench.note(
        f"For comparison, plain Sphinx rebuilds the pasted-in pages with no change in "
        f"{seconds(plain_rebuild)}, {plain_rebuild / plain_time:.2f}{X} its own full build: "
        "most of a no-change rebuild is Sphinx starting, loading its environment and "
        "writing the index, search and sitemap pages, which it does on every build."
    )
    bench.add(
        Row(
            "overhead",
            "Extension overhead: full `make html` build",
            seconds(full),
            f"plain Sphinx, letters pasted in: {seconds(plain_time)}",
            full / plain_time,
            f"≤ 1.15{X}",
            1.15,
        )
    )
    bench.add(
        Row(
            "rebuild",
            "No-change rebuild",
            seconds(rebuild),
            f"full build: {seconds(full)}",
            rebuild / full,
            f"≤ 0.50{X}",
            0.50,
        )
    )
    if reread_on_rebuild:
        bench.note(
            "The no-change rebuild re-read: " + ", ".join(f"`{p}`" for p in reread_on_rebuild)
        )
    bench.guide = {"full": full, "rebuild": rebuild, "project": ext}
    site = Site(ext / sitebuild.STAGING / "html")
    bench.guide["site"] = site.root
    catalogue = load(ext)
    bench.guide["examples"] = len(catalogue.examples)
    letters_on = {i: sorted(site.name(p) for p in ps) for i, ps in site.where_shown.items()}
    snippets_on: dict[str, set[str]] = {}
    for page in site.pages():
        for label in site.soup(page).select("div.snippet p.snippet-name code"):
            name = label.get_text().removeprefix("snippets/")
            snippets_on.setdefault(name, set()).add(site.name(page))

    # A snippet in the middle of the range of how many shown letters use it.
    users: dict[str, set[str]] = {}
    for example in catalogue.examples.values():
        for path in example.dependencies:
            if path.is_relative_to(catalogue.snippets_dir) and path.suffix == ".j2":
                name = path.relative_to(catalogue.snippets_dir).as_posix()
                users.setdefault(name, set()).add(example.id)
    candidates = sorted((len(ids & set(letters_on)), name) for name, ids in users.items())
    snippet = candidates[len(candidates) // 2][1]
    path = catalogue.snippets_dir / snippet
    expected = {page for i in users[snippet] for page in letters_on.get(i, [])}
    for shown, pages in snippets_on.items():
        if path in render_snippet(catalogue, shown)[1].dependencies:
            expected |= pages
    edit_rebuild(bench, "snippet", f"snippets/{snippet}", path, expected, reps)

    # A letter shown on one page, the one in the middle by id. Pages that read every
    # letter (a table of what each answers, say) are read again too, by design.
    once = sorted(i for i, pages in letters_on.items() if len(pages) == 1)
    example = catalogue.examples[once[len(once) // 2]]
    bench.guide["edited"] = example.path.relative_to(catalogue.examples_dir.parent)
    expected = {*letters_on[example.id], *pages_reading_every_letter(ext, catalogue)}
    edit_rebuild(bench, "letter", f"examples/{example.path.name}", example.path, expected, reps)


def pages_reading_every_letter(project: Path, catalogue: Catalogue) -> set[str]:
    """The pages whose build read every example file, from Sphinx's saved environment."""
    import pickle

    saved = project / sitebuild.STAGING / "doctrees" / "environment.pickle"
    with saved.open("rb") as file:
        env = pickle.load(file)
    letters = {os.fspath(e.path) for e in catalogue.examples.values()}
    return {
        page for page, files in env.dependencies.items() if letters <= {os.fspath(f) for f in files}
    }


def edit_rebuild(bench: Bench, key: str, label: str, path: Path, expected: Any, reps: int) -> None:
    """Change one line of ``path``, rebuild, and see which pages were read again."""
    edits, reread = [], set()
    for number in range(max(3, reps) if not bench.quick else 1):
        with edited(path, number):
            elapsed, text = build(bench.guide["project"])
        edits.append(elapsed)
        reread.update(reread_pages(text))
    build(bench.guide["project"])  # the copy's site as it was, for what comes next
    bench.results.edits[label] = (sorted(reread), sorted(expected))
    edit, full = median(edits), bench.guide["full"]
    pages = len(list((bench.guide["project"] / "docs").rglob("*.md")))
    bench.add(
        Row(
            key,
            f"One-line {key} edit (`{label}`): rebuild",
            f"{seconds(edit)}, {len(reread)} of {pages} pages re-read",
            f"full build: {seconds(full)}",
            edit / full,
            "re-reads only the pages that use it",
            met=sorted(reread) == sorted(expected),
        )
    )


def command_prefix() -> list[str]:
    script = Path(sys.executable).parent / "followup"
    return [os.fspath(script)] if script.is_file() else [sys.executable, "-m", "followup.cli"]


def bench_start(bench: Bench) -> None:
    """`followup check` on one short letter, against `python -c pass`."""
    catalogue = load(ROOT)
    letter = bench.base / "letter.txt"
    letter.write_text(next(iter(catalogue.examples.values())).as_text(), encoding="utf-8")
    command = [*command_prefix(), "check", os.fspath(letter)]
    empty = [sys.executable, "-c", "pass"]
    runs = 7 if bench.quick else 21
    log(f"bench: command start, {runs} runs")
    for _ in range(3):  # warm-up: bytecode cache
        run(command, bench.base, check=False)
        run(empty, bench.base)
    checks, passes = [], []
    for _ in range(runs):
        checks.append(run(command, bench.base, check=False)[0])
        passes.append(run(empty, bench.base)[0])
    bench.start, nothing = median(checks), median(passes)
    bench.add(
        Row(
            "start",
            "Command start: `followup check` on one short letter",
            seconds(bench.start),
            f"`python -c pass`: {seconds(nothing)}",
            bench.start / nothing,
            f"≤ 4{X}",
            4.0,
        )
    )


def bench_command(bench: Bench) -> None:
    bench_start(bench)
    bench_throughput(bench)


def corpus_letters() -> list[str]:
    return [case.text for which in SETS for case in letters(which)]


def repeated(text: str, size: int) -> str:
    """``text`` repeated to ``size`` bytes in UTF-8 (as the checkers count), or just under."""
    data = text.encode() * (size // len(text.encode()) + 1)
    return data[:size].decode(errors="ignore")


def bench_throughput(bench: Bench) -> None:
    """Letters per second over the labelled corpus, repeated, in this one process."""
    from followup.checker import check, default_rules

    default_rules()
    corpus = corpus_letters()
    small, large = THROUGHPUT
    texts = [corpus[n % len(corpus)] for n in range(large)]
    log(f"bench: checker throughput, {small:,} and {large:,} letters, {bench.reps} run(s)")

    def timed(count: int) -> float:
        begin = time.perf_counter()
        for text in texts[:count]:
            check(text)
        return time.perf_counter() - begin

    t_small = median([timed(small) for _ in range(bench.reps)])
    t_large = median([timed(large) for _ in range(bench.reps)])
    bench.add(
        Row(
            "throughput",
            f"Checker throughput, {large:,} corpus letters in one process",
            f"{large / t_large:,.0f} letters/s ({seconds(t_large)})",
            f"{small:,} letters: {small / t_small:,.0f} letters/s ({seconds(t_small)})",
            (t_large / large) / (t_small / small),
            f"≤ 1.10{X} time per letter (linear)",
            1.10,
        )
    )


def example_tests(project: Path, *extra: str) -> float:
    return run([*PYTEST, *extra, LETTER_TESTS[0]], project)[0]


def bench_scale(bench: Bench) -> None:
    """1,000 generated examples on 50 pages: builds and example tests, per example."""
    import importlib.util

    if not bench.guide:
        bench_guide(bench)
    reps = bench.reps
    project = bench.base / "scale"
    copy_project(project, TEST_PARTS)
    generate_scale(project, SCALE_EXAMPLES, SCALE_PAGE_SIZE)
    commit(project)
    begin = time.perf_counter()
    count = len(load(project).examples)
    catalogue_load = time.perf_counter() - begin
    real_count = bench.guide["examples"]
    log(f"bench: scale, {count:,} examples, {reps} run(s) of each build and test")
    serial, parallel, rebuilds = [], [], []
    for number in range(reps):
        elapsed, text = build(project, full=True)
        serial.append(elapsed)
        for line in warnings_in(text)[:3] if number == 0 else []:
            bench.note(f"The scale build warned: `{line.strip()[:160]}`")
        rebuilds.append(build(project)[0])
        parallel.append(build(project, "-j", "auto", full=True)[0])
    xdist = importlib.util.find_spec("xdist") is not None
    tests: dict[str, list[float]] = {"": [], "-n auto": []}
    real_tests = []
    for _ in range(reps):
        real_tests.append(example_tests(bench.guide["project"]))
        tests[""].append(example_tests(project))
        if xdist:
            tests["-n auto"].append(example_tests(project, "-n", "auto"))

    def per(value: float, n: int) -> str:
        return f"{value / n * 1000:.1f} ms"

    figures = [
        ("scale-build", "full build", median(serial), bench.guide["full"]),
        ("scale-build-j", "full build, `-j auto`", median(parallel), bench.guide["full"]),
        ("scale-rebuild", "no-change rebuild", median(rebuilds), bench.guide["rebuild"]),
        ("scale-tests", "example tests, `pytest`", median(tests[""]), median(real_tests)),
    ]
    if xdist:
        figures.append(
            (
                "scale-tests-n",
                "example tests, `pytest -n auto`",
                median(tests["-n auto"]),
                median(real_tests),
            )
        )
    for key, what, value, real_value in figures:
        bench.add(
            Row(
                key,
                f"Scale, {count:,} examples: {what}",
                f"{seconds(value)} ({per(value, count)} per example)",
                f"{real_count} examples: {per(real_value, real_count)} per example",
                (value / count) / (real_value / real_count),
                f"≤ 1.00{X} per example (linear)",
                1.0,
            )
        )
    added = count - real_count
    bench.note(
        f"At scale, each added example costs "
        f"{(median(serial) - bench.guide['full']) / added * 1000:.1f} ms of full build, "
        f"{(median(rebuilds) - bench.guide['rebuild']) / added * 1000:.1f} ms of no-change "
        f"rebuild and {(median(tests['']) - median(real_tests)) / added * 1000:.1f} ms of "
        "example tests; the per-example figures in the table also share out the fixed cost "
        "of starting Sphinx or `pytest`, which the real catalogue's few examples bear alone."
    )
    if median(parallel) >= 0.9 * median(serial):
        bench.note(
            f"`-j auto` helped little or not at all on {cores()} cores "
            f"({seconds(median(parallel))} against {seconds(median(serial))} without it): "
            "before any page is read, the extension loads and renders every example in one "
            f"process ({seconds(catalogue_load)} for {count:,} examples, measured on its own), "
            "and the forked readers and writers cost about what they save on the rest."
        )
    if xdist and median(tests["-n auto"]) >= 0.9 * median(tests[""]):
        bench.note(
            f"`pytest -n auto` helped little or not at all on {cores()} cores "
            f"({seconds(median(tests['-n auto']))} against {seconds(median(tests['']))} "
            f"without it): every worker imports `{LETTER_TESTS[0]}`, which loads the whole "
            f"catalogue ({seconds(catalogue_load)}) before running a test, so that part is done "
            "once per worker rather than shared out, and the workers take time to start."
        )
    if not xdist:
        bench.note("`pytest -n auto` was not measured: `pytest-xdist` is not installed here.")


def bench_worst(bench: Bench) -> None:
    """`followup check` on inputs built to be slow, each against a quarter of it, times 4.

    The baseline is what a linear checker would take on the full input: the command's
    start (measured above) plus four times the rest of its time on a quarter of the input.
    """
    if bench.start is None:
        bench_start(bench)
    assert bench.start is not None
    start = bench.start
    words = re.sub(r"[.!?]", "", " ".join(corpus_letters())).split()

    def no_ends(size: int) -> str:
        return repeated(" ".join(words) + " ", size)

    def short_sentences(size: int) -> str:
        return ("Thanks. " * (size // 8 + 1))[:size]

    cases: list[tuple[str, str, Callable[[int], str], int]] = [
        ("worst-noend", "Worst case: 1 MB with no sentence end", no_ends, 1_000_000),
        ("worst-qmarks", "Worst case: 10,000 question marks", lambda n: "?" * n, 10_000),
        ("worst-qmarks-x", "Worst case: 10,000 `?` then `x`", lambda n: "?" * n + "x", 10_000),
        ("worst-short", "Worst case: 400 KB of `Thanks.` repeated", short_sentences, 400_000),
    ]
    log(f"bench: worst-case inputs, {bench.reps} run(s) of each")
    for key, figure, make, size in cases:
        timings = {}
        for label, n in (("full", size), ("quarter", size // 4)):
            path = bench.base / f"{key}-{label}.txt"
            path.write_text(make(n), encoding="utf-8")
            checks = []
            for _ in range(bench.reps):
                elapsed, _, status = run(
                    [*command_prefix(), "check", os.fspath(path)], bench.base, check=False
                )
                if status not in (0, 1):
                    raise SystemExit(f"bench: followup check refused {path.name} (exit {status})")
                checks.append(elapsed)
            timings[label] = median(checks)
        linear = start + 4 * max(timings["quarter"] - start, 0.0)
        bench.add(
            Row(
                key,
                figure,
                seconds(timings["full"]),
                f"linear from ¼ size: {seconds(linear)}",
                timings["full"] / linear,
                f"≤ 1.25{X} (linear)",
                1.25,
            )
        )


def bench_hostile(bench: Bench) -> None:
    """The message reader on hostile messages of 10 KB, 100 KB and 1 MB: `followup match`
    (less its start), and the page's reader in Chromium (`followupMatch.match`). Linear
    cost is a time per byte at 1 MB no more than 1.25 times that at 100 KB."""
    if bench.start is None:
        bench_start(bench)
    assert bench.start is not None
    start = bench.start
    log(f"bench: hostile messages, {bench.reps} run(s) of each")
    command: dict[str, dict[int, float]] = {}
    for name, make in sorted(hostile.MESSAGES.items()):
        command[name] = {}
        for size in HOSTILE_SIZES:
            path = bench.base / f"hostile-{name}-{size}.txt"
            path.write_text(make(size - 200), encoding="utf-8")
            runs = []
            for _ in range(bench.reps):
                elapsed, _, status = run(
                    [*command_prefix(), "match", os.fspath(path)], bench.base, check=False
                )
                if status != 0:
                    raise SystemExit(f"bench: followup match refused {path.name} (exit {status})")
                runs.append(elapsed)
            command[name][size] = max(median(runs) - start, 1e-4)
    page = hostile_in_the_page(bench)
    for name in sorted(hostile.MESSAGES):
        for where, found in (("`followup match`", command[name]), ("the page", page.get(name))):
            if not found:
                continue
            per_byte = (found[1_000_000] / 1_000_000) / (found[100_000] / 100_000)
            bench.add(
                Row(
                    f"hostile-{name}{'-page' if where == 'the page' else ''}",
                    f"Hostile message ({name.replace('_', ' ')}), 1 MB, {where}",
                    seconds(found[1_000_000]),
                    f"10 KB: {seconds(found[10_000])}; 100 KB: {seconds(found[100_000])}",
                    per_byte,
                    f"≤ 1.25{X} time per byte from 100 KB (linear)",
                    1.25,
                )
            )
    bench.note(
        "Hostile messages: `followup match` times are less the command's start; the page's "
        "are the reader's own work in Chromium (`followupMatch.match`), without the pause "
        "before it reads. The old engine took 73 s on a 212-byte message of this kind."
    )


#: In the page: the reader's work on ``text``, in milliseconds.
MATCH_TIME = """(text) => {
  const start = performance.now();
  followupMatch.match(text);
  return performance.now() - start;
}"""


def hostile_in_the_page(bench: Bench) -> dict[str, dict[int, float]]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        bench.note(f"The page's reader was not measured: no Chromium at {CHROMIUM}.")
        return {}
    if bench.guide:
        site = bench.guide["site"]
    else:  # one build of the guide is all the page needs
        project = project_copy(bench.base / "hostile-site", TEST_PARTS)
        build(project, full=True)
        site = project / sitebuild.STAGING / "html"
    found: dict[str, dict[int, float]] = {}
    with serving(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.goto(server + "index.html")
        page.wait_for_function("window.followupMatch !== undefined")
        for name, make in sorted(hostile.MESSAGES.items()):
            found[name] = {}
            for size in HOSTILE_SIZES:
                text = make(size - 200)
                page.evaluate(MATCH_TIME, text)  # warm up
                times = [page.evaluate(MATCH_TIME, text) for _ in range(bench.reps)]
                found[name][size] = max(median(times) / 1000, 1e-4)
        browser.close()
    return found


# -- The browser checker -----------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` on http://127.0.0.1:<a free port>/, as the browser tests serve the site."""
    handler = functools.partial(_QuietHandler, directory=os.fspath(folder))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()


#: In the page: paste ``text`` into the checker's box (its value, then the ``input`` event
#: a paste fires), and time it until the results are in the page, laid out and drawn.
#: The checker waits for typing to pause before it checks: the time until its timer fires
#: is that pause, and the rest is the checking and showing.
MEASURE = """async (text) => {
  const area = document.querySelector("form.draft-checker textarea");
  const output = document.querySelector(".draft-checker-report");
  const realSetTimeout = window.setTimeout;
  let fired = null;
  window.setTimeout = (callback, delay, ...rest) => realSetTimeout(() => {
    fired = performance.now();
    callback(...rest);
  }, delay);
  const shown = new Promise((resolve) => {
    const watch = new MutationObserver(() => {
      if (output.querySelector(".checker-heading")) { watch.disconnect(); resolve(fired); }
    });
    watch.observe(output, { childList: true });
  });
  const start = performance.now();
  area.value = text;
  area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  const checking = await shown;
  window.setTimeout = realSetTimeout;
  output.getBoundingClientRect();
  await new Promise((resolve) => requestAnimationFrame(() => realSetTimeout(resolve, 0)));
  const end = performance.now();
  return [end - start, end - checking];
}"""


def draft(size: int) -> str:
    """A draft of ``size`` bytes: the corpus letters, one after another."""
    return repeated("\n\n".join(t.strip() for t in corpus_letters()) + "\n\n", size)


def bench_browser(bench: Bench) -> None:
    """The draft checker on check.html, in Chromium: a 1 MB draft pasted, against 1 KB."""
    from playwright.sync_api import sync_playwright

    if not bench.guide:
        bench_guide(bench)
    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        bench.note(f"The browser checker was not measured: no Chromium at {CHROMIUM}.")
        return
    reps = 1 if bench.quick else 3
    large, small = DRAFT_SIZES
    drafts = {large: draft(large), small: draft(small)}
    log(f"bench: the browser checker, {reps} run(s) of each draft")
    times: dict[int, list[tuple[float, float]]] = {large: [], small: []}
    with serving(bench.guide["site"]) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        for number in range(reps + 1):  # the first round warms the browser's caches up
            for size in (small, large):
                page.goto(server + "check.html")
                page.wait_for_selector("form.draft-checker textarea", state="visible")
                total, work = page.evaluate(MEASURE, drafts[size])
                if number:
                    times[size].append((total / 1000, work / 1000))
        browser.close()
    total = {size: median([t for t, _ in found]) for size, found in times.items()}
    work = {size: median([w for _, w in found]) for size, found in times.items()}
    for key, figure, found in (
        ("browser", "a 1 MB draft pasted, until its results are shown", total),
        ("browser-check", "of that, checking the 1 MB and showing the results", work),
    ):
        bench.add(
            Row(
                key,
                f"Browser checker: {figure}",
                seconds(found[large]),
                f"1 KB draft: {seconds(found[small])}",
                found[large] / found[small],
            )
        )
    bench.note(
        "The browser checker waits for typing to pause before it checks, longer for a "
        f"longer draft: {seconds(total[large] - work[large])} of the "
        f"{seconds(total[large])} for 1 MB, {seconds(total[small] - work[small])} of the "
        f"{seconds(total[small])} for 1 KB. The second browser row is the rest."
    )


# -- The test suite ----------------------------------------------------------------------


@dataclass
class Run:
    """One timed run of tests: its wall time, and how many tests ran."""

    elapsed: float
    ran: int

    def measured(self) -> str:
        return f"{seconds(self.elapsed)}, {self.ran:,} tests" if self.ran else seconds(self.elapsed)


def pytest_summaries(output: str) -> list[str]:
    """pytest's closing lines, one a run: ``1444 passed, 241 deselected in 12.34s``
    (`make test` runs pytest twice: the fast layers on every core, then the site)."""
    found = re.findall(
        r"^=* ?\d+ (?:passed|failed|errors?|deselected|skipped)\b.* in [\d.]+s.*$", output, re.M
    )
    return [line.strip("= ") for line in found]


def tests_run(bench: Bench, label: str, command: Sequence[str], cwd: Path, **options: Any) -> Run:
    """Time one run of tests; a note if it did not pass (the time still counts)."""
    log(f"bench:   {label}")
    elapsed, output, status = run(command, cwd, check=False, **options)
    summaries = pytest_summaries(output)
    summary = "; ".join(summaries)
    counts: dict[str, int] = {}
    for line in summaries:
        for number, word in re.findall(r"(\d+) (passed|failed|errors?|xfailed|xpassed)", line):
            counts[word] = counts.get(word, 0) + int(number)
    failed = {"failed", "error", "errors"} & set(counts)
    ignored = [line.strip() for line in output.splitlines() if line.endswith("(ignored)")]
    if failed or ignored or status not in (0, 5):
        said = "; ".join([*ignored, summary or f"exit status {status}"])
        bench.note(f"`{label}` did not pass when timed: `{said[:240]}`.")
    return Run(elapsed, sum(counts.values()))


def bench_tests(bench: Bench) -> None:
    """The test suite's own speed: each layer, `make test-fast`, `make test`, one change."""
    if not bench.guide:
        bench_guide(bench)
    log("bench: the test suite, one run of each, from the work tree")
    run([*PYTEST, "--collect-only"], ROOT, check=False)  # warm-up: bytecode of every test
    alone = {
        name: tests_run(bench, f"pytest -m {marker!r}", [*PYTEST, "-m", marker], ROOT)
        for name, marker in LAYERS
    }
    fast_args = ["-m", "unit or extension or data", "-n", "auto", "--dist", "loadgroup"]
    fast = tests_run(bench, "make test-fast", [*PYTEST, *fast_args], ROOT)
    whole = make_test(bench)
    project, path = bench.guide["project"], bench.guide["edited"]
    with edited(project / path, 0):
        change = tests_run(bench, "the letters' tests", [*PYTEST, *LETTER_TESTS], project)
        command = [*command_prefix(), "check", os.fspath(path)]
        checks = [run(command, project, check=False)[0] for _ in range(3)]

    for name, marker in LAYERS:
        unit = name == "unit"
        bench.add(
            Row(
                f"tests-{name}",
                f'Tests, the {name} layer alone: `pytest -m "{marker}"`',
                alone[name].measured(),
                goal=f"< {UNIT_GOAL:g} s" if unit else "",
                limit=UNIT_GOAL if unit else None,
                value=alone[name].elapsed,
            )
        )
    both = alone["unit"].elapsed + alone["extension"].elapsed
    bench.add(
        Row(
            "tests-fast",
            "`make test-fast`: the unit and extension layers together",
            fast.measured(),
            f"the two alone: {seconds(both)}",
            fast.elapsed / both,
            f"< {FAST_GOAL:g} s",
            FAST_GOAL,
            value=fast.elapsed,
        )
    )
    layers = sum(r.elapsed for r in alone.values())
    bench.add(
        Row(
            "tests-all",
            "`make test`: lint, then every test",
            whole.measured(),
            f"the four layers alone: {seconds(layers)}",
            whole.elapsed / layers,
            f"< {TEST_GOAL:g} s",
            TEST_GOAL,
            value=whole.elapsed,
        )
    )
    bench.add(
        Row(
            "tests-change",
            f"A one-line change to `{path}`, tested: the letters' tests",
            change.measured(),
            f"`make test-fast`: {seconds(fast.elapsed)}",
            change.elapsed / fast.elapsed,
            f"< {CHANGE_GOAL:g} s",
            CHANGE_GOAL,
            value=change.elapsed,
        )
    )
    bench.note(
        f"The one-line change was tested with `pytest {' '.join(LETTER_TESTS)}`, the tests "
        f"of every letter; `followup check {path}` checks that one letter against the rules "
        f"in {seconds(min(checks))}."
    )


def make_files() -> list[str]:
    """The files the Makefile makes (its stamps, the generated data), from make's own
    database: `make test` is told they are up to date, so it never rewrites one."""
    listed = subprocess.run(
        ["make", "--print-data-base", "--question", "--no-builtin-rules", "test"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    targets: set[str] = set()
    phony: set[str] = set()
    lines = listed.splitlines()
    for before, line in zip(["", *lines], lines, strict=False):
        found = re.match(r"([^\s#%:=][^:=%]*?)\s*::?(?!=)(.*)$", line)
        if found is None or before == "# Not a target:":
            continue
        names = found[1].split()
        if names == [".PHONY"]:
            phony.update(found[2].split())
        elif not re.fullmatch(r"\.[A-Z_]+", names[0]):
            targets.update(names)
    return sorted(targets - phony)


def make_test(bench: Bench) -> Run:
    """`make test` in the work tree, leaving the work tree as it was: pytest's cache off,
    ruff's and mypy's caches in copies (warm, as on a developer's machine), and nothing
    that make makes is rebuilt first. A lint failure is noted, and the tests still run."""
    caches = bench.base / "lint-caches"
    env = dict(ENV, PYTEST_ADDOPTS="-p no:cacheprovider")
    for variable, folder in (("RUFF_CACHE_DIR", ".ruff_cache"), ("MYPY_CACHE_DIR", ".mypy_cache")):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, caches / folder)
        env[variable] = os.fspath(caches / folder)
    keep = [f"--old-file={name}" for name in make_files()]
    command = ["make", "--no-print-directory", "--ignore-errors", *keep, "test"]
    return tests_run(bench, "make test", command, ROOT, env=env)


# -- Output ------------------------------------------------------------------------------


def machine() -> str:
    from importlib.metadata import version

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cores()} cores ({model}), {platform.system()}, Python {platform.python_version()}, "
        f"Sphinx {version('sphinx')}"
    )


def table(rows: list[list[str]], markdown: bool) -> str:
    header = ["Figure", "Measured", "Baseline", "Ratio", "Goal", "Met?"]
    if markdown:
        return markdown_table(header, rows)
    rows = [[plain(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def misses(results: Results) -> list[str]:
    out = []
    for row in results.rows:
        if row.met is not False:
            continue
        if row.limit is not None and row.value is not None:
            over = (row.value / row.limit - 1) * 100
            by = f"missed by {over:.0f}% ({row.shown(row.value)} against {row.shown(row.limit)})"
        else:
            by = "missed"
        cause = KNOWN_CAUSES.get(row.key, "The cause is not yet known.")
        out.append(f"**{row.figure}**: {by}. {cause}")
    return out


def report(results: Results, markdown: bool, header: str) -> str:
    parts = [header, "", table([r.cells() for r in results.rows], markdown), ""]
    for edited_file, (reread, expected) in results.edits.items():
        verdict = "as expected" if reread == expected else "NOT as expected"
        parts += [
            f"Pages re-read after a one-line edit of `{edited_file}` ({verdict}): "
            + (", ".join(f"`{p}`" for p in reread) or "none")
            + ". Pages that show it (or read every letter): "
            + (", ".join(f"`{p}`" for p in expected) or "none")
            + ".",
            "",
        ]
    missed = misses(results)
    if missed:
        parts += ["Goals missed:", ""] + [f"- {m}" for m in missed] + [""]
    if results.notes:
        parts += ["Notes:", ""] + [f"- {n}" for n in results.notes]
    text = "\n".join(parts).rstrip("\n") + "\n"
    return text if markdown else plain(text).replace("**", "")


def write_page(page: Path, section: str) -> None:
    text = page.read_text(encoding="utf-8")
    start, end = text.find(MARK_START), text.find(MARK_END)
    if start < 0 or end < start:
        raise SystemExit(f"bench: {page} has no lines {MARK_START!r} and {MARK_END!r}")
    head = text[: text.index("\n", start) + 1]
    page.write_text(f"{head}\n{section}\n{text[end:]}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of each, for a rough table")
    parser.add_argument(
        "--only",
        metavar="PARTS",
        help=f"measure only these parts, comma-separated: {', '.join(PARTS)} (and what they need)",
    )
    parser.add_argument("--write", type=Path, metavar="PAGE", help="write the figures into PAGE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copies")
    args = parser.parse_args(argv)
    parts = PARTS if args.only is None else tuple(p.strip() for p in args.only.split(","))
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part {unknown[0]!r}; the parts are {', '.join(PARTS)}")
    if args.write and args.only:
        parser.error("--write needs every part: leave out --only")
    began = time.perf_counter()
    bench = Bench(
        Path(tempfile.mkdtemp(prefix="followup-bench-")), 1 if args.quick else 3, args.quick
    )
    ENV.update(environment(bench.base / "pycache"))
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    steps: dict[str, Callable[[Bench], None]] = {
        "guide": bench_guide,
        "command": bench_command,
        "scale": bench_scale,
        "worst": bench_worst,
        "hostile": bench_hostile,
        "browser": bench_browser,
        "tests": bench_tests,
    }
    try:
        for name in PARTS:
            if name in parts:
                steps[name](bench)
    finally:
        if args.keep:
            log(f"bench: the copies are in {bench.base}")
        else:
            shutil.rmtree(bench.base, ignore_errors=True)
    took = time.perf_counter() - began
    if load_before is not None:
        bench.note(
            f"Load average (1 minute) before the run: {load_before:.2f}; after it: "
            f"{os.getloadavg()[0]:.2f}. Other work on the machine slows the figures."
        )
    today = datetime.date.today().isoformat()
    runs = (
        "one run of each (`--quick`)"
        if args.quick
        else "builds and checks: median of 3 to 21 runs of each; the test suite: one run of each"
    )
    header = f"Last run: {today}, on `{machine()}`; {runs}; the whole run took {took:.0f} s."
    print()
    print(report(bench.results, markdown=False, header=header))
    if args.write:
        write_page(args.write, report(bench.results, markdown=True, header=header))
        log(f"bench: wrote the figures into {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
