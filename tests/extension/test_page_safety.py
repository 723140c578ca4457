"""A page from a pull request can't publish raw HTML or a file from outside the guide.

Each hostile page below fails a ``make html``-style build (warnings are errors) with one
warning naming the page and line, and nothing it tried to publish reaches the written
site: no script, no byte of a file from outside. SECURITY.md says so; the last tests hold
it to that.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from followup.site.pages import CONFIG
from support import ROOT

SECRET = "SECRET-FROM-OUTSIDE-THE-ROOT"
#: A file outside the copied root (it sits beside it), and the machine's user list.
OUTSIDE = "../secret.txt"
PASSWD = "/../../../../../../../../../../etc/passwd"

#: Each hostile addition to other.md, what its warning says, and what must not be
#: published. "{page}" stands for other.md or evil.rst.
CASES = {
    "a script block": (
        "<script>alert(1)</script>\n",
        r"raw HTML \('<script>alert\(1\)</script>'\) is not allowed on a page; write it in "
        r"Markdown instead \(a comment is a line starting with %\)",
        "alert(1)",
    ),
    "an inline tag with a script": (
        "Hello <img src=x onerror=alert(2)> there.\n",
        r"raw HTML \('<img src=x onerror=alert\(2\)>'\) is not allowed on a page",
        "onerror",
    ),
    "a comment that hides a script": (
        "<!-- a note --><script>alert(3)</script>\n",
        r"raw HTML \('<!-- a note --><script>alert\(3\)</script>'\) is not allowed",
        "alert(3)",
    ),
    "a raw html directive": (
        "```{raw} html\n<script>alert(4)</script>\n```\n",
        r"the raw directive \(raw html\) is not allowed on a page; write it in Markdown instead",
        "alert(4)",
    ),
    "a literalinclude from outside": (
        f"```{{literalinclude}} {OUTSIDE}\n```\n",
        r"a page may not insert a file \(literalinclude \.\./secret\.txt\); only the files "
        r"named for this page in followup_page_files in conf\.py can be \(here: none\); "
        r"put the text in the page instead",
        SECRET,
    ),
    "a literalinclude of /etc/passwd": (
        f"```{{literalinclude}} {PASSWD}\n```\n",
        r"a page may not insert a file \(literalinclude /(\.\./)+etc/passwd\)",
        "root:x:0:0",
    ),
    "an include from outside": (
        f"```{{include}} {OUTSIDE}\n```\n",
        r"a page may not insert a file \(include \.\./secret\.txt\)",
        SECRET,
    ),
    "a literal include from outside": (
        f"```{{include}} {OUTSIDE}\n:literal:\n```\n",
        r"a page may not insert a file \(include \.\./secret\.txt\)",
        SECRET,
    ),
    "a csv-table file from outside": (
        f"```{{csv-table}}\n:file: {OUTSIDE}\n```\n",
        r"a page may not insert a file \(csv-table :file: \.\./secret\.txt\)",
        SECRET,
    ),
    "a csv-table address": (
        "```{csv-table}\n:url: file:///etc/passwd\n```\n",
        r"a page may not insert a file \(csv-table :url: file:///etc/passwd\); put the rows "
        r"in the directive instead",
        "root:x:0:0",
    ),
    "an image from outside": (
        f"```{{image}} {OUTSIDE}\n```\n",
        r"image '\.\./secret\.txt' is outside project/; a page may show only images inside "
        r"project/ \(put it in project/_static/\)",
        SECRET,
    ),
    "a figure from outside": (
        f"```{{figure}} {OUTSIDE}\nA caption.\n```\n",
        r"image '\.\./secret\.txt' is outside project/",
        SECRET,
    ),
    "a Markdown image from outside": (
        f"![a picture]({OUTSIDE})\n",
        r"image '\.\./secret\.txt' is outside project/",
        SECRET,
    ),
    "a download from outside": (
        f"{{download}}`the file <{OUTSIDE}>`\n",
        r"download '\.\./secret\.txt' is outside project/; a page may offer only files "
        r"inside project/ \(put it in project/_static/\)",
        SECRET,
    ),
    "a Markdown link to a file outside": (
        f"[the file]({OUTSIDE})\n",
        r"download '\.\./secret\.txt' is outside project/",
        SECRET,
    ),
    "a script link in reStructuredText": (
        "```{eval-rst}\n`a link <javascript:alert(12)>`__\n```\n",
        r"a link to 'javascript:alert\(12\)' is not allowed on a page; link to a page or a web "
        r"address \(https://\.\.\.\) instead",
        "alert(12)",
    ),
}

#: The same in a reStructuredText page, which a pull request could add beside the others.
RST_CASES = {
    "an rst raw directive": (
        ".. raw:: html\n\n   <script>alert(5)</script>\n",
        r"the raw directive \(raw html\) is not allowed on a page",
        "alert(5)",
    ),
    "an rst include from outside": (
        f".. include:: {OUTSIDE}\n",
        r"a page may not insert a file \(include \.\./secret\.txt\)",
        SECRET,
    ),
    "an rst literal include of /etc/passwd": (
        f".. include:: {PASSWD}\n   :literal:\n",
        r"a page may not insert a file \(include /(\.\./)+etc/passwd\)",
        "root:x:0:0",
    ),
    "an rst script link": (
        "See `this <JavaScript:alert(13)>`__.\n",
        r"a link to 'JavaScript:alert\(13\)' is not allowed on a page",
        "alert(13)",
    ),
    "an rst data link on an image": (
        ".. image:: https://example.org/x.png\n   :target: data:text/html,alert(14)\n",
        r"a link to 'data:text/html,alert\(14\)' is not allowed",
        "alert(14)",
    ),
    "a script link in a toctree": (
        ".. toctree::\n\n   Evil <javascript://%0aalert(16)>\n",
        r"a link to 'javascript://%0aalert\(16\)' is not allowed on a page",
        "alert(16)",
    ),
}

#: Cases whose fault is not on the first line they add: a link inside eval-rst.
LATER_LINE = {"a script link in reStructuredText": 1}


def written(outdir: Path) -> dict[Path, str]:
    """Every file the build wrote (its saved doctrees aside), as text."""
    return {
        path: path.read_bytes().decode("utf-8", "replace")
        for path in outdir.rglob("*")
        if path.is_file() and ".doctrees" not in path.parts
    }


def text_of(page: Path) -> str:
    """A written page's text, without its tags (highlighting splits a code block's words)."""
    return re.sub(r"<[^>]*>", "", page.read_text(encoding="utf-8"))


def build(make_app, project: Path, **overrides: object):
    """Build as ``make html`` does: every warning reported, and any warning fails it."""
    app = make_app("html", srcdir=project, warningiserror=True, confoverrides=overrides)
    app.build()
    return app


def warnings_of(app) -> list[str]:
    return [w for w in app.warning.getvalue().splitlines() if "WARNING" in w]


def add(project: Path, page: str, text: str) -> int:
    """Append ``text`` to a page; the line it starts on."""
    path = project / page
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(before + "\n" + text, encoding="utf-8")
    return before.count("\n") + 2


@pytest.fixture
def project(basic: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The basic root, with a secret file just outside it; the build runs in the root."""
    (basic.parent / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    monkeypatch.chdir(basic)
    return basic


def assert_refused(app, page: str, line: int, warning: str, leak: str) -> None:
    warnings = warnings_of(app)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{page}:{line}: WARNING: "), warnings[0]
    assert re.search(warning, warnings[0]), warnings[0]
    assert warnings[0].endswith("[followup.page]")
    assert app.statuscode == 1
    assert "Traceback" not in app.warning.getvalue()
    files = written(Path(app.outdir))
    assert any(path.name == "other.html" for path in files)  # the build wrote the site
    published = {path: text for path, text in files.items() if "_sources" not in path.parts}
    assert [path for path, text in published.items() if leak in text] == []


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_hostile_page_fails_the_build_and_publishes_nothing(
    make_app, project: Path, case: str
) -> None:
    addition, warning, leak = CASES[case]
    line = add(project, "other.md", addition) + LATER_LINE.get(case, 0)
    assert_refused(build(make_app, project), "other.md", line, warning, leak)


@pytest.mark.parametrize("case", RST_CASES, ids=list(RST_CASES))
def test_a_hostile_rst_page_fails_the_build_and_publishes_nothing(
    make_app, project: Path, case: str
) -> None:
    addition, warning, leak = RST_CASES[case]
    (project / "evil.rst").write_text(":orphan:\n\nEvil\n====\n", encoding="utf-8")
    line = add(project, "evil.rst", addition)
    assert_refused(build(make_app, project), "evil.rst", line, warning, leak)


def test_the_docutils_switches_are_off_for_every_page(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project)
    app.build()
    assert app.env.settings["raw_enabled"] is False
    assert app.env.settings["file_insertion_enabled"] is False


def test_an_html_comment_on_its_own_is_dropped_quietly(make_app, project: Path) -> None:
    add(project, "other.md", "<!-- a note for editors -->\n")
    app = build(make_app, project)
    assert warnings_of(app) == []
    assert app.statuscode == 0
    assert "a note for editors" not in (Path(app.outdir) / "other.html").read_text()


# A file named for its page: what the guide's contributing pages do


@pytest.fixture
def shared(project: Path) -> Path:
    """A Markdown file that other.md is allowed to include, in a folder Sphinx skips."""
    (project / "shared").mkdir()
    path = project / "shared" / "notes.md"
    path.write_text("## Shared notes\n\nWords written once, shown twice.\n", encoding="utf-8")
    return path


NAMED = {CONFIG: {"other": ["shared/notes.md"]}, "exclude_patterns": ["_build", "shared"]}


@pytest.mark.parametrize(
    "directive",
    [
        "```{include} shared/notes.md\n```\n",
        "```{include} /shared/notes.md\n:start-line: 2\n```\n",
        "```{literalinclude} shared/notes.md\n```\n",
    ],
    ids=["include", "include from the top", "literalinclude"],
)
def test_a_page_inserts_the_file_named_for_it(
    make_app, project: Path, shared: Path, directive: str
) -> None:
    add(project, "other.md", directive)
    app = build(make_app, project, **NAMED)
    assert warnings_of(app) == []
    assert app.statuscode == 0
    assert "Words written once, shown twice." in text_of(Path(app.outdir) / "other.html")


@pytest.mark.parametrize("options", ["", "   :literal:\n"], ids=["parsed", "literal"])
def test_an_rst_page_inserts_the_file_named_for_it(
    make_app, project: Path, shared: Path, options: str
) -> None:
    page = ":orphan:\n\nNotes\n=====\n\n.. include:: shared/notes.md\n" + options
    (project / "notes.rst").write_text(page, encoding="utf-8")
    app = build(make_app, project, **{**NAMED, CONFIG: {"notes": ["shared/notes.md"]}})
    assert warnings_of(app) == []
    assert app.statuscode == 0
    assert "Words written once, shown twice." in text_of(Path(app.outdir) / "notes.html")


def test_a_named_file_does_not_open_the_way_for_a_diff(
    make_app, project: Path, shared: Path
) -> None:
    line = add(
        project, "other.md", f"```{{literalinclude}} shared/notes.md\n:diff: {OUTSIDE}\n```\n"
    )
    app = build(make_app, project, **NAMED)
    assert_refused(app, "other.md", line, r"\(literalinclude :diff: \.\./secret\.txt\)", SECRET)


def test_a_named_file_is_for_its_page_only(make_app, project: Path, shared: Path) -> None:
    line = add(project, "index.md", "```{include} shared/notes.md\n```\n")
    app = build(make_app, project, **NAMED)
    assert_refused(app, "index.md", line, r"\(here: none\)", "Words written once")


def test_a_page_with_a_named_file_still_may_not_insert_another(
    make_app, project: Path, shared: Path
) -> None:
    line = add(project, "other.md", f"```{{include}} {OUTSIDE}\n```\n")
    app = build(make_app, project, **NAMED)
    assert_refused(app, "other.md", line, r"\(here: shared/notes\.md\)", SECRET)


def test_a_named_file_that_leads_outside_is_refused(make_app, project: Path) -> None:
    (project / "shared").mkdir()
    (project / "shared" / "notes.md").symlink_to(project.parent / "secret.txt")
    line = add(project, "other.md", "```{include} shared/notes.md\n```\n")
    app = build(make_app, project, **NAMED)
    assert_refused(app, "other.md", line, r"\(here: none\)", SECRET)


def test_raw_html_in_a_named_file_is_refused_at_its_line(
    make_app, project: Path, shared: Path
) -> None:
    with shared.open("a", encoding="utf-8") as notes:
        notes.write("\n<script>alert(6)</script>\n")
    add(project, "other.md", "```{include} shared/notes.md\n```\n")
    app = build(make_app, project, **NAMED)
    warnings = warnings_of(app)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("shared/notes.md:5: WARNING: raw HTML"), warnings[0]
    assert "alert(6)" not in (Path(app.outdir) / "other.html").read_text()


# What SECURITY.md says, and the guide's own configuration

SECURITY = (ROOT / "SECURITY.md").read_text(encoding="utf-8")


def security_section(heading: str) -> str:
    found = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## )", SECURITY, re.M | re.S)
    assert found, heading
    return " ".join(found.group(1).split())


def test_security_md_says_what_a_page_can_and_cannot_do() -> None:
    text = security_section("What a pull request to the guide's pages can do")
    for behaviour in (
        "hold raw HTML",
        "HTML block or tag",
        "`raw` directive",
        "HTML comment on its own is dropped",
        "`javascript:`, `vbscript:` or `data:` address",
        "`include`",
        "`literalinclude` (and its `:diff:`)",
        "`csv-table`'s `:file:`",
        "`csv-table`'s `:url:` is always refused",
        "image",
        "download",
        "`followup_page_files` in `conf.py`",
        "outside `docs/`",
        "inside the repository",
        "one warning naming the page and line",
        "`followup.page`",
        "`raw_enabled` and `file_insertion_enabled`",
        "reStructuredText",
        "tests/extension/test_page_safety.py",
    ):
        assert behaviour in text, behaviour
    # The files it names are the ones conf.py names.
    for files in guide_conf()[CONFIG].values():
        for name in files:
            assert f"`{name}`" in text, name


def test_security_md_lists_pages_as_untrusted() -> None:
    rows = [line for line in SECURITY.splitlines() if line.startswith("| Guide pages")]
    assert len(rows) == 1, rows
    assert "`docs/`" in rows[0] and "pull requests" in rows[0]


def guide_conf() -> dict[str, Any]:
    conf: dict[str, Any] = {}
    exec((ROOT / "conf.py").read_text(encoding="utf-8"), conf)
    return conf


def test_the_guide_names_only_files_inside_the_repository() -> None:
    named = guide_conf()[CONFIG]
    assert isinstance(named, dict) and named
    for page, files in named.items():
        assert (ROOT / "docs" / f"{page}.md").is_file(), page
        for name in files:
            path = ROOT / name
            assert path.is_file() and not path.is_symlink(), name
            assert path.resolve().is_relative_to(ROOT), name
