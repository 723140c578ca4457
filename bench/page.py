"""The draft checker in the page: a 1 MB draft pasted, against 1 KB."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The tests' helpers are the one copy of each: bench imports them rather than its own.
sys.path[:0] = [os.fspath(ROOT / "tests"), os.fspath(ROOT / "tests" / "site" / "browser")]

from command import corpus_letters, repeated  # noqa: E402
from guide import bench_guide  # noqa: E402
from runner import Bench, Row, log, median, seconds, serving  # noqa: E402

from browsing import CHROMIUM, CHROMIUM_ARGS  # type: ignore[import-not-found,unused-ignore]  # noqa: E402

#: The browser checker's drafts: the most it reads (1 MB), and a letter's size.
DRAFT_SIZES = (1_000_000, 1_000)


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
