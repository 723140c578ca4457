"""Hostile text against the engine: patterns a pull request might add, and messages and
drafts a visitor might paste. Each is answered, by the command, under a limit on memory
and CPU time that a backtracking engine would blow through (the old engine took 73 s on
a 212-byte message); how fast, and whether the cost stays linear, `make bench` measures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import hostile
from followup import generate
from followup.engine import compile_rules
from followup.generate import DataError, refuse_unreadable, resolve, rules_data
from support import CPU_SECONDS, limited

SIZES = (10_000, 1_000_000 - 200)


@pytest.mark.parametrize("size", SIZES, ids=["10 KB", "1 MB"])
@pytest.mark.parametrize("name", sorted(hostile.MESSAGES))
def test_a_hostile_message_is_read_within_the_limits(tmp_path: Path, name: str, size: int):
    message = tmp_path / "message.txt"
    message.write_text(hostile.MESSAGES[name](size), encoding="utf-8")
    result = limited(["match", "--format", "json", str(message)], tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)[0]["stage"]


def with_a_branch(pattern: str) -> dict[str, Any]:
    """rules.toml as written, with one more shape of asks_why: one harmless-looking
    pattern, as a pull request might add."""
    data = rules_data()
    rule = next(r for r in data["rules"] if r["id"] == "asks_why")
    rule["shapes"].append({"name": "added", "all": [pattern]})
    return data


def test_a_catastrophic_pattern_in_the_rules_is_harmless() -> None:
    """A branch a backtracking engine takes exponential time over, and a 137-byte draft
    made for it: checked at once, in a process with a CPU limit."""
    plain = resolve(with_a_branch(hostile.CATASTROPHIC))
    script = (
        "import json, sys\n"
        "from followup.engine import compile_rules\n"
        "from followup.checker import judge\n"
        "rules = compile_rules(json.loads(sys.stdin.read()))\n"
        f"print(judge(rules, {hostile.laughter(137)!r}).labels['asks_why'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(plain),
        capture_output=True,
        text=True,
        timeout=CPU_SECONDS,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "False\n"), done.stderr
    # And it does match what it says it matches.
    rules = compile_rules(plain)
    assert rules.matches("asks_why", "haha ha!")


@pytest.mark.parametrize(
    "pattern",
    [r"\bwhy(?!\s+not)\b", r"(?<=tell\s)me\b", r"\b(\w+)\s+\1\b", r"(?P<x>a)(?P=x)"],
    ids=["look-ahead", "look-behind", "back-reference", "named back-reference"],
)
def test_make_rules_refuses_a_pattern_re2_cannot_read(pattern: str) -> None:
    with pytest.raises(DataError) as refused:
        refuse_unreadable(resolve(with_a_branch(pattern)), "src/followup/rules.toml")
    message = str(refused.value)
    assert message.startswith("src/followup/rules.toml: rules[asks_why].shapes"), message
    assert "RE2 cannot read" in message and "\n" not in message


def test_make_rules_says_so_in_one_line_and_writes_nothing(tmp_path: Path, monkeypatch, capsys):
    toml = tmp_path / "rules.toml"
    text = generate.RULES_FILE.read_text(encoding="utf-8")
    toml.write_text(text.replace("[[rules]]", "[[rules]]\n# x", 1), encoding="utf-8")
    broken = text.replace(r"'\bthank[\s-]*(?:s|you)\b|", r"'\bthank(?!less)\b|", 1)
    assert broken != text
    toml.write_text(broken, encoding="utf-8")
    monkeypatch.setattr(generate, "RULES_FILE", toml)
    written = tmp_path / "rules.json"
    monkeypatch.setattr(generate, "RULES_JSON", written)
    monkeypatch.setattr(generate, "SIGNALS_JSON", tmp_path / "signals.json")
    assert generate.main() == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "rules.toml: rules[thanks].shapes" in err, err
    assert not written.exists()


@pytest.mark.parametrize(
    "draft",
    [
        "Thank you. Could you tell me wh\u0443 I was not chosen?",  # a Cyrillic letter
        "Thank you. Could you tell me wh\u00ady I was not chosen?",  # soft hyphen
        "Thank you. Could you tell me \uff57\uff48\uff59 I was not chosen?",  # full width
        "Thank you. Could you tell me \u202e?nesohc ton saw I yhw\u202c",  # override
    ],
    ids=["look-alike letter", "soft hyphen", "full-width letters", "right-to-left override"],
)
def test_a_disguised_why_is_found_and_quoted_as_written(tmp_path: Path, draft: str) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(draft, encoding="utf-8")
    result = limited(["check", "--format", "json", str(path)], tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)[0]
    why = [f for f in report["findings"] if f["rule"] == "asks_why"]
    assert len(why) == 1
    assert why[0]["sentence"] in " ".join(draft.split())
