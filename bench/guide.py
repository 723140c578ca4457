"""Building the guide: the extension's overhead against plain Sphinx, rebuilds, one-line edits."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from followup import sitebuild
from followup.catalogue import render_snippet
from followup.model import Catalogue

ROOT = Path(__file__).resolve().parent.parent
# The tests' helpers are the one copy of each: bench imports them rather than its own.
sys.path[:0] = [os.fspath(ROOT / "tests"), os.fspath(ROOT / "tests" / "site" / "browser")]

from runner import (  # noqa: E402
    EXTENSION_SETTINGS,
    TEST_PARTS,
    Bench,
    Row,
    X,
    build,
    edited,
    fenced,
    load,
    log,
    markdown_table,
    median,
    project_copy,
    reread_pages,
    seconds,
    warnings_in,
)

from support import Site, commit, copy_project  # noqa: E402


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
        rows = [
            [
                r.set,
                scores.LETTER_GOALS.get(r.label, r.label),
                str(r.total),
                f"{r.recall or 0:.2f}",
                f"{r.wrong_share:.2f}" if r.what == "field" else "",
            ]
            for r in found
        ]
        headers = ["Messages", "What", "Messages that have it", "Right", "Wrong name"]
        return markdown_table(headers, rows)

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
