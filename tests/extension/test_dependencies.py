"""Incremental builds stay correct: a change re-reads exactly the pages it affects.

Pages record every example, snippet and data file their letters come from (however deep
the includes go, and even when a file is missing or broken), so Sphinx knows what to
read again. The catalogue page is re-written, not re-read, when what it lists changes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support import copy_root


class Build:
    """One build of a project: its status, warnings, and the pages read and written."""

    def __init__(self, make_app, srcdir: Path, **options: object) -> None:
        self.reread: list[str] = []
        self.written: list[str] = []
        app = make_app("html", srcdir=srcdir, **options)
        app.connect("env-before-read-docs", lambda app, env, names: self.reread.extend(names))
        app.connect("html-page-context", lambda app, page, *rest: self.written.append(page))
        try:
            app.build()
        finally:
            app.cleanup()  # the next build in this test registers its nodes afresh
        self.reread.sort()
        self.status = app.statuscode
        self.warnings = app.warning.getvalue()
        self.outdir = Path(app.outdir)

    def html(self, page: str) -> str:
        return (self.outdir / f"{page}.html").read_text(encoding="utf-8")


def touch(path: Path, text: str | None = None) -> None:
    """Change a file, with a modification time safely after the last build."""
    if text is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    touch(path, text.replace(old, new))


@pytest.fixture
def catalogue_root(tmp_path: Path) -> Path:
    return copy_root("catalogue", tmp_path / "catalogue")


def test_nothing_changed_reads_nothing(make_app, basic: Path) -> None:
    first = Build(make_app, basic)
    assert (first.status, first.warnings) == (0, "")
    assert first.reread == ["index", "other"]
    again = Build(make_app, basic)
    assert (again.status, again.reread) == (0, [])


def test_a_snippet_edit_rereads_exactly_the_pages_using_it(make_app, basic: Path) -> None:
    Build(make_app, basic)
    # Only thanks.j2, on index, signs off with this snippet.
    replace(basic / "snippets/sign-off/best.j2", "Best regards", "Kind regards")
    rebuilt = Build(make_app, basic)
    assert rebuilt.reread == ["index"]
    assert "Kind regards," in rebuilt.html("index")
    assert "Kind regards," in (rebuilt.outdir / "letters/thanks.txt").read_text()


def test_a_snippet_shown_on_a_page_is_a_dependency_of_it(make_app, basic: Path) -> None:
    Build(make_app, basic)
    # Both letters use it, and other.md shows it on its own too.
    replace(basic / "snippets/ask/any-feedback.j2", "any feedback", "any thoughts")
    rebuilt = Build(make_app, basic)
    assert rebuilt.reread == ["index", "other"]
    document = BeautifulSoup(rebuilt.html("other"), "html.parser")
    assert document.select_one("div.snippet pre").get_text() == (
        "Would you be willing to share any thoughts on my interview?"
    )


def test_a_nested_snippet_is_a_dependency_too(make_app, basic: Path) -> None:
    touch(basic / "snippets/sign-off/inner.j2", "Best wishes,")
    touch(basic / "snippets/sign-off/best.j2", '{% include "sign-off/inner.j2" %}\n{{ your_name }}')
    assert Build(make_app, basic).warnings == ""
    touch(basic / "snippets/sign-off/inner.j2", "Warm wishes,")
    rebuilt = Build(make_app, basic)
    assert rebuilt.reread == ["index"]
    assert "Warm wishes," in rebuilt.html("index")


def test_a_data_file_is_a_dependency_of_every_letter(make_app, basic: Path) -> None:
    Build(make_app, basic)
    replace(basic / "snippets/variables.toml", '"[Role]"', '"[Job title]"')
    rebuilt = Build(make_app, basic)
    assert rebuilt.reread == ["index", "other"]
    assert "[Job title]" in rebuilt.html("index")


def test_fixing_a_broken_snippet_rebuilds_its_pages(make_app, basic: Path, monkeypatch) -> None:
    monkeypatch.chdir(basic)
    snippet = basic / "snippets/sign-off/best.j2"
    good = snippet.read_text()
    touch(snippet, good.replace("{{ your_name }}", "{{ your_nam }}"))
    broken = Build(make_app, basic)
    assert "snippets/sign-off/best.j2:2: WARNING: unknown variable 'your_nam'" in broken.warnings
    assert "index.md:5: WARNING: example 'thanks' has errors" in broken.warnings
    touch(snippet, good)
    fixed = Build(make_app, basic)
    assert fixed.warnings == ""
    assert fixed.reread == ["index"]  # the page whose letter failed is read again
    assert "letter-thanks" in fixed.html("index")


def test_a_missing_snippet_is_a_dependency_until_it_exists(make_app, basic: Path) -> None:
    replace(basic / "examples/thanks.j2", "sign-off/best.j2", "sign-off/warm.j2")
    assert "unknown snippet 'sign-off/warm.j2'" in Build(make_app, basic).warnings
    touch(basic / "snippets/sign-off/warm.j2", "Warm wishes,\n{{ your_name }}")
    fixed = Build(make_app, basic)
    assert fixed.warnings == "" and fixed.reread == ["index"]


def test_a_new_example_reaches_the_catalogue(make_app, catalogue_root: Path) -> None:
    first = Build(make_app, catalogue_root)
    assert first.warnings == ""
    source = (catalogue_root / "examples/thanks.j2").read_text()
    touch(
        catalogue_root / "examples/second.j2",
        source.replace('title = "A thank-you after the news"', 'title = "A second letter"'),
    )
    page = catalogue_root / "letters/second.md"
    touch(page, page.read_text() + "\n```{letter} second\n```\n")
    rebuilt = Build(make_app, catalogue_root)
    assert rebuilt.warnings == ""
    assert rebuilt.reread == ["letters/second"]
    assert "index" in rebuilt.written  # the catalogue is re-written, not re-read
    catalogue = BeautifulSoup(rebuilt.html("index"), "html.parser")
    links = [a["href"] for a in catalogue.select("ul.letter-catalogue a")]
    assert "letters/second.html#letter-second" in links


def test_the_catalogue_links_every_example_to_its_page(make_app, catalogue_root: Path) -> None:
    build = Build(make_app, catalogue_root)
    page = BeautifulSoup(build.html("index"), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("ul.letter-catalogue a")}
    assert links == {
        "A thank-you after the news": "letters/first.html#letter-thanks",
        "A short reply": "letters/second.html#letter-reply",
    }
    assert [h.get_text() for h in page.select(".catalogue-scenario")] == [
        "Any interview",
        "Replying to their email",
    ]
    form = page.select_one("form.catalogue-filters")
    assert form.has_attr("hidden")  # the script shows it; without JavaScript, a plain list
    entry = page.select_one("li.letter-entry")
    assert {"scenario-any-interview", "channel-email", "tone-warm"} <= set(entry["class"])


def test_a_parallel_build_gives_the_same_pages(make_app, tmp_path: Path) -> None:
    def letters(build: Build) -> dict[str, list[str]]:
        found = {}
        for page in build.outdir.rglob("*.html"):
            document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            parts = document.select("div.letter, ul.letter-catalogue, div.snippet")
            found[page.relative_to(build.outdir).as_posix()] = [str(part) for part in parts]
        return found

    serial = Build(make_app, copy_root("parallel", tmp_path / "serial"))
    parallel = Build(make_app, copy_root("parallel", tmp_path / "parallel"), parallel=2)
    assert (serial.warnings, parallel.warnings) == ("", "")
    expected = letters(serial)
    assert sum(len(parts) for parts in expected.values()) >= 17
    assert letters(parallel) == expected
