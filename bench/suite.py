"""The test suite's own speed, layer by layer."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from command import command_prefix
from guide import bench_guide
from runner import (
    CHANGE_GOAL,
    ENV,
    FAST_GOAL,
    PYTEST,
    TEST_GOAL,
    UNIT_GOAL,
    Bench,
    Row,
    edited,
    log,
    run,
    seconds,
)
from scale import LETTER_TESTS

ROOT = Path(__file__).resolve().parent.parent
# The tests' helpers are the one copy of each: bench imports them rather than its own.
sys.path[:0] = [os.fspath(ROOT / "tests"), os.fspath(ROOT / "tests" / "site" / "browser")]


#: The layers of the test suite, by marker, as the brief and CONTRIBUTING.md run them.
LAYERS = (
    ("unit", "unit"),
    ("extension", "extension"),
    ("site", "site and not browser"),
    ("browser", "browser"),
)


@dataclass
class Run:
    """One timed run of tests: its wall time, and how many tests ran."""

    elapsed: float
    ran: int

    def measured(self) -> str:
        return f"{seconds(self.elapsed)}, {self.ran:,} tests" if self.ran else seconds(self.elapsed)


def pytest_summaries(output: str) -> list[str]:
    """pytest's closing lines, one a run: ``1444 passed, 241 deselected in 12.34s``
    (`make test` runs pytest once for every layer, and once for the repository's policy)."""
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
