"""The contributors' architecture page names only files that exist."""

from __future__ import annotations

import re

from support import ROOT

PAGE = ROOT / "docs" / "contributing" / "architecture.md"


def test_every_file_the_architecture_page_names_exists() -> None:
    named = set(re.findall(r"`((?:src|tests|examples|snippets)/[\w./-]+\.\w+)`", PAGE.read_text()))
    assert len(named) >= 20
    missing = sorted(path for path in named if not (ROOT / path).is_file())
    assert missing == [], f"docs/contributing/architecture.md names files that are gone: {missing}"


def test_every_module_of_the_package_is_on_the_page() -> None:
    text = PAGE.read_text(encoding="utf-8")
    modules = [p.relative_to(ROOT).as_posix() for p in (ROOT / "src" / "followup").rglob("*.py")]
    helpers = {"__init__.py", "__main__.py", "files.py", "problems.py", "reading.py", "tomlfile.py",
               "variables.py", "prefilter.py", "scores.py", "scaffold.py", "sitebuild.py",
               "site/report.py", "site/nodes.py", "site/domain.py", "site/markup.py"}  # fmt: skip
    unnamed = [m for m in modules if m not in text and m.split("followup/")[1] not in helpers]
    assert unnamed == [], unnamed
