"""1,000 generated examples on 50 pages: builds and example tests, per example."""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

from followup.model import CHANNELS, TONES

ROOT = Path(__file__).resolve().parent.parent
# The tests' helpers are the one copy of each: bench imports them rather than its own.
sys.path[:0] = [os.fspath(ROOT / "tests"), os.fspath(ROOT / "tests" / "site" / "browser")]

from guide import bench_guide  # noqa: E402
from runner import (  # noqa: E402
    PYTEST,
    TEST_PARTS,
    Bench,
    Row,
    X,
    build,
    cores,
    load,
    log,
    median,
    run,
    seconds,
    warnings_in,
)

from support import SAMPLE_VALUES, commit, copy_project  # noqa: E402

SCALE_EXAMPLES = 1000


SCALE_PAGE_SIZE = 20


#: The letters' own tests: what a contributor who changed one letter runs first.
LETTER_TESTS = ("tests/unit/test_examples.py", "tests/unit/test_letters.py")


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
