"""The ``followup`` command: list, render and check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from followup.cli import main
from followup.examples import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
GOOD = "Dear Ana,\n\nThank you for the interview.\nI'd welcome any feedback on my answers.\n"
ASKS_WHY = "Thanks for the call.\nAny feedback would help.\nWhy was I not chosen?\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def in_project(monkeypatch) -> None:
    monkeypatch.chdir(ROOT / "docs")  # the project is found from here upwards


def test_list_json_has_every_example(capsys) -> None:
    code, out, err = run(capsys, "list", "--format", "json")
    assert (code, err) == (0, "")
    items = json.loads(out)
    catalogue = load_catalogue(ROOT / "examples", ROOT / "snippets")
    assert sorted(item["id"] for item in items) == sorted(catalogue.examples)
    for item in items:
        assert {"id", "title", "scenario", "channel", "tone", "variables"} <= set(item)


def test_list_text_has_one_line_per_example(capsys) -> None:
    code, out, _ = run(capsys, "list")
    catalogue = load_catalogue(ROOT / "examples", ROOT / "snippets")
    assert code == 0
    assert sorted(line.split()[0] for line in out.splitlines()) == sorted(catalogue.examples)


def test_render_fills_values_and_keeps_placeholders(capsys) -> None:
    code, out, err = run(capsys, "render", "after-final-round", "--set", "interviewer=Ana Silva")
    assert (code, err) == (0, "")
    assert out.startswith("Subject: Thank you for the [Role] interviews\n\nDear Ana Silva,\n")
    assert "[Company]" in out and "{{" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "after-final-rond"], "unknown example 'after-final-rond'; did you mean"),
        (["render", "after-final-round", "--set", "intervewer=Ana"], "no variable 'intervewer'"),
        (["render", "after-final-round", "--set", "interviewer"], "--set takes NAME=VALUE"),
    ],
)
def test_render_mistakes_are_one_line_and_exit_2(capsys, args, message) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err and err.startswith("followup: ")


def test_check_passes_a_good_draft(capsys, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path / "good.txt"))
    assert code == 0
    assert out.endswith("good.txt: ok: thanks them, asks for feedback, does not ask why\n")


def test_check_json_reports_each_input_in_order(capsys, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "why.txt").write_text(ASKS_WHY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--format", "json", "why.txt", "good.txt")
    assert code == 1
    why, good = json.loads(out)
    assert good == {
        "path": "good.txt", "thanks": True, "feedback_request": True, "asks_why": False,
        "ok": True, "findings": [],
    }  # fmt: skip
    assert (why["path"], why["ok"], why["asks_why"]) == ("why.txt", False, True)
    assert why["findings"] == [
        {
            "rule": "asks_why",
            "line": 3,
            "sentence": "Why was I not chosen?",
            "message": why["findings"][0]["message"],
        }
    ]


def test_check_reads_stdin(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "followup.cli", "check", "--format", "json", "-"],
        input=ASKS_WHY, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["path"] == "-"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"  \n\n", "empty.txt: is empty"),
        ("binary.txt", b"Thanks\x00\x01", "binary.txt:1: is binary"),
        ("latin1.txt", b"Thank you\n\xe9t\xe9", "latin1.txt:2: is not UTF-8 text"),
        ("missing.txt", None, "missing.txt: no such draft"),
    ],
)
def test_check_refuses_unreadable_input_with_one_line(
    capsys, tmp_path: Path, monkeypatch, name: str, data: bytes | None, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    if data is not None:
        (tmp_path / name).write_bytes(data)
    code, out, err = run(capsys, "check", "good.txt", name)
    assert code == 2
    assert out == ""  # nothing half-reported
    assert err == f"followup: {message}" + err.split(message, 1)[1]
    assert err.count("\n") == 1


def test_check_does_not_import_sphinx_or_jinja(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    code = (
        "import sys; from followup.cli import main; code = main(['check', 'good.txt']); "
        "print(code, sorted(m for m in ('sphinx', 'jinja2', 'docutils') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 []"


def test_the_command_is_installed() -> None:
    script = Path(sys.executable).parent / "followup"
    result = subprocess.run([script, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "check" in result.stdout
