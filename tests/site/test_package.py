"""The checker as someone outside a clone gets it: a wheel built from the tree, installed
in a fresh virtual environment in another folder, runs as `followup`, as
`python -m followup`, and as the pre-commit hook other repositories use."""

from __future__ import annotations

import shlex
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from followup import __version__
from support import ROOT

#: The wheel and its environment are made once, so one pytest-xdist worker runs these.
pytestmark = pytest.mark.xdist_group("package")

GOOD = "Dear Ana,\n\nThank you for the interview.\nI'd welcome any feedback on my answers.\n"
ASKS_WHY = "Dear Ana,\n\nThanks for the call. Any feedback would help.\nWhy was I not chosen?\n"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh environment, outside the repository, with only the built wheel in it."""
    work = tmp_path_factory.mktemp("package")
    subprocess.run(
        # The build backend is installed with the test extra: no isolated environment
        # to download it into (no network in a test).
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(work / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (work / "dist").glob("followup-*.whl")
    # No pip of its own (ensurepip takes seconds): this pip installs into it (--python).
    venv.create(work / "env", with_pip=False)
    python = work / "env" / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--disable-pip-version-check", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    yield work / "env" / "bin"


def run(args: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, text=True, check=False)


def test_the_wheel_has_its_version_and_data(installed: Path, tmp_path: Path) -> None:
    result = run([str(installed / "followup"), "--version"], tmp_path)
    assert (result.returncode, result.stdout) == (0, f"followup {__version__}\n")
    files = run([str(installed / "python"), "-c",
                 "import followup, pathlib; p = pathlib.Path(followup.__file__).parent; "
                 "print(sorted(f.name for f in p.iterdir()))"], tmp_path).stdout  # fmt: skip
    assert "py.typed" in files and "rules.json" in files and "static" in files


def test_python_m_followup_checks_standard_input(installed: Path, tmp_path: Path) -> None:
    python = str(installed / "python")
    good = run([python, "-m", "followup", "check", "-"], tmp_path, GOOD)
    assert good.returncode == 0 and "ok:" in good.stdout
    bad = run([python, "-m", "followup", "check", "-"], tmp_path, ASKS_WHY)
    assert bad.returncode == 1 and "asks_why" in bad.stdout


def test_the_pre_commit_hook_runs_as_pre_commit_would(installed: Path, tmp_path: Path) -> None:
    """pre-commit installs the package (here, the wheel) and runs the hook's entry on the
    files that match it."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "good.txt").write_text(GOOD, encoding="utf-8")
    (letters / "why.txt").write_text(ASKS_WHY, encoding="utf-8")
    entry = shlex.split(hook["entry"])
    command = [str(installed / entry[0]), *entry[1:]]
    assert run([*command, "letters/good.txt"], tmp_path).returncode == 0
    failed = run([*command, "letters/good.txt", "letters/why.txt"], tmp_path)
    assert failed.returncode == 1
    assert 'letters/why.txt:4: asks_why: "Why was I not chosen?"' in failed.stdout
