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
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from command import bench_command, bench_worst
from guide import bench_guide
from hostile_text import bench_hostile
from page import bench_browser
from runner import ENV, KNOWN_CAUSES, Bench, Results, cores, environment, log, markdown_table, plain
from scale import bench_scale
from suite import bench_tests

ROOT = Path(__file__).resolve().parent.parent
# The tests' helpers are the one copy of each: bench imports them rather than its own.
sys.path[:0] = [os.fspath(ROOT / "tests"), os.fspath(ROOT / "tests" / "site" / "browser")]


PARTS = ("guide", "command", "scale", "worst", "hostile", "browser", "tests")


MARK_START = "% Written by make bench from here"


MARK_END = "% to here."


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
