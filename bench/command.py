"""The command: `followup check`'s start, its throughput, and inputs built to be slow."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The tests' helpers are the one copy of each: bench imports them rather than its own.
sys.path[:0] = [os.fspath(ROOT / "tests"), os.fspath(ROOT / "tests" / "site" / "browser")]

from runner import Bench, Row, X, load, log, median, run, seconds  # noqa: E402

from corpus_data import SETS, letters, sentences  # noqa: E402

THROUGHPUT = (1_000, 10_000)


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


def fresh_letters(count: int, size: int = 6, seed: int = 20261207) -> list[str]:
    """``count`` letters of ``size`` sentences each, drawn from every labelled sentence in
    a seeded random order: no two alike, as new drafts are, though sentences recur."""
    import random

    pool = [case.text for which in SETS for case in sentences(which)]
    chooser = random.Random(seed)
    return ["\n".join(chooser.sample(pool, size)) for _ in range(count)]


def bench_throughput(bench: Bench) -> None:
    """Letters per second over the labelled corpus, repeated, in this one process; and
    over letters no two alike, made of the labelled sentences."""
    from followup.checker import check, default_rules

    default_rules()
    corpus = corpus_letters()
    small, large = THROUGHPUT
    texts = [corpus[n % len(corpus)] for n in range(large)]
    log(f"bench: checker throughput, {small:,} and {large:,} letters, {bench.reps} run(s)")

    def timed(letters: list[str]) -> float:
        begin = time.perf_counter()
        for text in letters:
            check(text)
        return time.perf_counter() - begin

    t_small = median([timed(texts[:small]) for _ in range(bench.reps)])
    t_large = median([timed(texts) for _ in range(bench.reps)])
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
    bench.add(
        Row(
            "throughput-rate",
            f"Checker throughput, {large:,} corpus letters: time per letter",
            f"{t_large / large * 1e6:,.0f} µs ({large / t_large:,.0f} letters/s)",
            "",
            None,
            "≥ 10,000 letters/s (≤ 100 µs each)",
            1e-4,
            value=t_large / large,
        )
    )
    new = fresh_letters(large)
    t_new = median([timed(new) for _ in range(bench.reps)])
    bench.add(
        Row(
            "throughput-new",
            f"Checker throughput, {large:,} letters no two alike (labelled sentences, shuffled)",
            f"{t_new / large * 1e6:,.0f} µs ({large / t_new:,.0f} letters/s)",
            f"the corpus letters repeated: {large / t_large:,.0f} letters/s",
            t_new / t_large,
            "≥ 10,000 letters/s (≤ 100 µs each)",
            1e-4,
            value=t_new / large,
        )
    )


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
