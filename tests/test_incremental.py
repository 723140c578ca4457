"""Incremental builds stay correct: a change re-reads exactly the pages it affects."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from bs4 import BeautifulSoup

from followup.examples import load_catalogue
from support import build_in_process


def touch(path: Path, text: str | None = None) -> None:
    """Change a file, with a modification time safely after the last build."""
    if text is not None:
        path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def pages_showing(project: Path, directive: str = "letter") -> dict[str, list[str]]:
    """Example id (or snippet name) -> the pages (docnames) whose source shows it."""
    shown: dict[str, list[str]] = {}
    pattern = rf"^```\{{{directive}\}}\s+(\S+)"
    for source in sorted((project / "docs").rglob("*.md")):
        docname = source.relative_to(project / "docs").with_suffix("").as_posix()
        for name in re.findall(pattern, source.read_text(encoding="utf-8"), re.M):
            shown.setdefault(name, []).append(docname)
    return shown


def test_nothing_changed_reads_nothing(project: Path) -> None:
    first = build_in_process(project)
    assert first.returncode == 0, first.warnings
    assert first.warnings == ""
    again = build_in_process(project)
    assert (again.returncode, again.reread) == (0, [])


def test_a_snippet_edit_rereads_exactly_the_pages_using_it(project: Path) -> None:
    assert build_in_process(project).returncode == 0
    catalogue = load_catalogue(project / "examples", project / "snippets")
    snippet = project / "snippets" / "door-open.j2"
    users = [e.id for e in catalogue.examples.values() if snippet in e.dependencies]
    assert 0 < len(users) < len(catalogue.examples)
    letters, snippets = pages_showing(project), pages_showing(project, "snippet")
    expected = sorted(
        {page for example_id in users for page in letters[example_id]}
        | set(snippets.get(snippet.name, []))
    )

    touch(snippet, snippet.read_text().replace("glad", "happy"))
    rebuilt = build_in_process(project)

    assert rebuilt.reread == expected
    html = (project / "_build/html" / f"{letters[users[0]][0]}.html").read_text(encoding="utf-8")
    assert "I would be happy to be considered" in html
    text = (project / "_build/html/letters" / f"{users[0]}.txt").read_text(encoding="utf-8")
    assert "I would be happy to be considered" in text


def test_a_nested_snippet_is_a_dependency_too(project: Path) -> None:
    snippets = project / "snippets"
    touch(snippets / "door-open-inner.j2", "I would be glad to hear from {{ company }} again.")
    touch(snippets / "door-open.j2", '{% include "door-open-inner.j2" %}')
    assert build_in_process(project).returncode == 0
    touch(snippets / "door-open-inner.j2", "I would be delighted to hear from {{ company }}.")
    rebuilt = build_in_process(project)
    assert rebuilt.reread  # the pages using door-open.j2, through the nested include
    page = project / "_build/html" / f"{rebuilt.reread[0]}.html"
    assert "delighted to hear" in page.read_text(encoding="utf-8")


def test_fixing_a_broken_snippet_rebuilds_its_pages(project: Path) -> None:
    snippet = project / "snippets" / "door-open.j2"
    good = snippet.read_text()
    touch(snippet, good.replace("{{ company }}", "{{ compnay }}"))
    broken = build_in_process(project)
    assert broken.returncode != 0 or "compnay" in broken.warnings
    assert "snippets/door-open.j2:1" in broken.warnings
    touch(snippet, good)
    fixed = build_in_process(project)
    assert fixed.warnings == ""
    assert fixed.reread  # the pages whose letters failed are read again


def test_a_new_example_reaches_the_catalogue(project: Path) -> None:
    assert build_in_process(project).returncode == 0
    source = (project / "examples/after-final-round.j2").read_text()
    touch(
        project / "examples/second-final-round.j2",
        source.replace('title = "After a final-round interview"', 'title = "A second final"'),
    )
    page = project / "docs/situations/final-round.md"
    touch(page, page.read_text() + "\n```{letter} second-final-round\n```\n")
    rebuilt = build_in_process(project)
    assert rebuilt.warnings == ""
    assert rebuilt.reread == ["situations/final-round"]
    assert "reference/catalogue" in rebuilt.written  # re-written, not re-read
    catalogue = BeautifulSoup(
        (project / "_build/html/reference/catalogue.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    links = [a["href"] for a in catalogue.select("ul.letter-catalogue a")]
    assert "../situations/final-round.html#letter-second-final-round" in links


def test_a_parallel_build_gives_the_same_letters(project: Path, tmp_path: Path) -> None:
    def letters(html: Path) -> dict[str, list[str]]:
        found = {}
        for page in html.rglob("*.html"):
            document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            parts = document.select("div.letter, ul.letter-catalogue")
            found[page.relative_to(html).as_posix()] = [str(part) for part in parts]
        return found

    serial = build_in_process(project)
    assert serial.returncode == 0
    os.rename(project / "_build", tmp_path / "serial")
    parallel = build_in_process(project, parallel=2)
    assert (parallel.returncode, parallel.warnings) == (0, "")
    expected = letters(tmp_path / "serial" / "html")
    assert sum(len(parts) for parts in expected.values()) > len(expected) // 2
    assert letters(project / "_build" / "html") == expected


def test_a_page_showing_a_snippet_depends_on_it(project: Path) -> None:
    page = project / "docs/snippet-demo.md"
    touch(page, "---\norphan: true\n---\n# Demo\n\n```{snippet} door-open.j2\n```\n")
    assert build_in_process(project).returncode == 0
    snippet = project / "snippets" / "door-open.j2"
    touch(snippet, snippet.read_text().replace("glad", "pleased"))
    rebuilt = build_in_process(project)
    assert "snippet-demo" in rebuilt.reread
    html = (project / "_build/html/snippet-demo.html").read_text(encoding="utf-8")
    document = BeautifulSoup(html, "html.parser")
    (pre,) = document.select("div.snippet div.highlight pre")
    assert pre.get_text() == "I would be pleased to be considered for future openings at [Company]."
