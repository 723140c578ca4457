"""The message reader on hostile messages of 10 KB, 100 KB and 1 MB, in the command and the page."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from followup import sitebuild

ROOT = Path(__file__).resolve().parent.parent
# The tests' helpers are the one copy of each: bench imports them rather than its own.
sys.path[:0] = [os.fspath(ROOT / "tests"), os.fspath(ROOT / "tests" / "site" / "browser")]

from command import bench_start, command_prefix  # noqa: E402
from runner import (  # noqa: E402
    TEST_PARTS,
    Bench,
    Row,
    X,
    build,
    log,
    median,
    project_copy,
    run,
    seconds,
    serving,
)

import hostile  # noqa: E402
from browsing import CHROMIUM, CHROMIUM_ARGS  # type: ignore[import-not-found,unused-ignore]  # noqa: E402

#: The sizes of the hostile messages the message reader is timed on.
HOSTILE_SIZES = (10_000, 100_000, 1_000_000)


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
