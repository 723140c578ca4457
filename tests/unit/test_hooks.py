"""The project's own pre-commit hooks run what they say, and pass on every example today."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from support import REAL, ROOT, followup_script


def test_the_projects_own_hooks_run_ruff_and_check_the_examples() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (local,) = config["repos"]
    hooks = {hook["id"]: hook for hook in local["hooks"]}
    assert hooks["ruff-check"]["entry"].startswith(".venv/bin/ruff check")
    assert hooks["ruff-format"]["entry"].startswith(".venv/bin/ruff format")
    checker = hooks["followup-check"]
    assert checker["entry"] == ".venv/bin/followup check"
    files = re.compile(checker["files"])
    examples = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").glob("*.j2"))
    assert examples and all(files.search(e) for e in examples)
    # (An example with problems is tests/test_examples.py's to report; check the others.)
    good = REAL.catalogue.examples
    examples = [e for e in examples if Path(e).stem in good]
    for other in ("examples/scenarios.toml", "snippets/greeting.j2", "docs/index.md"):
        assert not files.search(other), other
    # What the hook runs on a commit that touches every example passes today.
    followup = followup_script()
    result = subprocess.run(
        [followup, "check", *examples], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
