"""Helpers the tests share: a throwaway copy of the project, and Sphinx builds of it."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# CONTRIBUTING.md is shown in the guide, so a build reads it too.
PROJECT_PARTS = ("conf.py", "CONTRIBUTING.md", "docs", "examples", "snippets")


def copy_project(target: Path) -> Path:
    """Copy what a build reads (:data:`PROJECT_PARTS`) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


@dataclass
class Build:
    """One in-process Sphinx build and what it did."""

    returncode: int
    warnings: str
    reread: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


def build_in_process(project: Path, *, parallel: int = 0) -> Build:
    """Build ``project`` with the extension loaded in this process (incremental)."""
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()
    warnings = io.StringIO()
    out = project / "_build"
    result = Build(0, "")
    with patch_docutils(project), docutils_namespace():
        app = Sphinx(
            srcdir=project / "docs",
            confdir=project,
            outdir=out / "html",
            doctreedir=out / "doctrees",
            buildername="html",
            status=io.StringIO(),
            warning=warnings,
            warningiserror=False,
            parallel=parallel,
        )
        app.connect("env-before-read-docs", lambda app, env, names: result.reread.extend(names))
        app.connect("html-page-context", lambda app, page, *rest: result.written.append(page))
        app.build()
    result.returncode = app.statuscode
    result.warnings = warnings.getvalue()
    result.reread.sort()
    return result


def sphinx_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``sphinx-build`` as ``make html`` does, from the project folder."""
    command = [
        sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "--no-color", "-c", ".",
        "-b", "html", *extra, "docs", "_build/html",
    ]  # fmt: skip
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)


#: Values for every letter variable, for filling letters in.
SAMPLE_VALUES = {
    "your_name": "Sam Lee",
    "interviewer": "Ana Silva",
    "company": "Northwind",
    "role": "Data Analyst",
    "recruiter": "Jo Park",
}
