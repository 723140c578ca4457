"""The ``followup`` command: list, render, new, check and match, and one table of exit statuses
(0 all is well, 1 a draft breaks a rule, 2 bad input or usage) for all of them.

Every error is one line on stderr, starting ``followup:``, with nothing on stdout. The
probes of hostile input run in a subprocess under a memory and a CPU limit, so a
regression fails fast instead of hanging the suite or the machine.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from followup import cli
from followup.cli import CUT_OFF, main
from followup.reading import DRAFT_LIMIT
from support import followup_script, limited, under_limits

GOOD = "Dear Ana,\n\nThank you for the interview.\nI'd welcome any feedback on my answers.\n"
ASKS_WHY = "Thanks for the call.\nAny feedback would help.\nWhy was I not chosen?\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str, message: str) -> None:
    assert err.startswith("followup: "), err
    assert err.count("\n") == 1, err
    assert message in err, err
    assert "Traceback" not in err


@pytest.fixture(autouse=True)
def in_basic(basic: Path, monkeypatch) -> Path:
    monkeypatch.chdir(basic)
    return basic


def break_reply(project: Path) -> None:
    path = project / "examples" / "reply.j2"
    path.write_text(path.read_text().replace("{{ their_name }}", "x"), encoding="utf-8")
    path.write_text(
        path.read_text().replace('{% include "greeting/dear.j2" %}', "{{ thier_name }}"),
        encoding="utf-8",
    )


# list


def test_list_json_has_every_example(capsys) -> None:
    code, out, err = run(capsys, "list", "--format", "json")
    assert (code, err) == (0, "")
    items = {item["id"]: item for item in json.loads(out)}
    assert sorted(items) == ["reply", "thanks"]
    assert items["thanks"]["variables"] == ["role", "their_name", "your_name"]
    assert items["thanks"]["details"] == ["moment"]
    assert items["reply"]["subject"] is None and items["reply"]["channel"] == "reply"


def test_list_text_has_one_line_per_example(capsys) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert sorted(line.split()[0] for line in out.splitlines()) == ["reply", "thanks"]


def test_list_with_a_broken_example_exits_2_and_lists_the_rest(capsys, in_basic: Path) -> None:
    break_reply(in_basic)
    code, out, err = run(capsys, "list")
    assert code == 2
    assert [line.split()[0] for line in out.splitlines()] == ["thanks"]
    one_line_error(err, "examples/reply.j2:10: unknown variable 'thier_name'")
    code, out, err = run(capsys, "list", "--format", "json")
    assert code == 2 and [item["id"] for item in json.loads(out)] == ["thanks"]
    one_line_error(err, "examples/reply.j2:10: unknown variable 'thier_name'")


# render


def test_render_fills_values_and_keeps_placeholders(capsys) -> None:
    code, out, err = run(capsys, "render", "thanks", "--set", "their_name=Ana Silva")
    assert (code, err) == (0, "")
    assert out.startswith("Subject: Thank you for the [Role] interview\n\nDear Ana Silva,\n")
    assert "[One moment from your interview]" in out


def test_render_fills_a_personal_detail(capsys) -> None:
    code, out, _ = run(capsys, "render", "reply", "--set", "moment=We sketched a plan together.")
    assert code == 0
    assert "for your time. We sketched a plan together.\n" in out
    assert out.startswith("Dear [Recruiter's name],")  # this letter's own placeholder


def test_render_reports_only_its_own_letter(capsys, in_basic: Path) -> None:
    break_reply(in_basic)
    code, out, err = run(capsys, "render", "thanks")
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "render", "reply")
    assert (code, out) == (2, "")
    one_line_error(err, "examples/reply.j2:10: unknown variable 'thier_name'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "thank"], "unknown example 'thank'; did you mean 'thanks'?"),
        (["render", "../conf"], "unknown example '../conf'"),
        (["render", "thanks", "--set", "thier_name=Ana"], "no variable 'thier_name'"),
        (["render", "thanks", "--set", "their_name"], "--set takes NAME=VALUE"),
        (["render", "thanks", "--set", "role=Analyst\nSubject: x"], "holds a line break"),
        (["render", "thanks", "--set", "role=A\rB"], "holds a line break"),
    ],
)
def test_render_mistakes_are_one_line_and_exit_2(capsys, args, message) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    one_line_error(err, message)


def test_outside_a_project_says_where_to_run_it(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["list"], ["render", "thanks"]):
        code, out, err = run(capsys, *args)
        assert (code, out) == (2, "")
        one_line_error(err, "no examples/ and snippets/ folders here or above")


# new


def test_new_into_a_folder_that_cannot_be_written(capsys, in_basic: Path, monkeypatch) -> None:
    """Root ignores file permissions, so the refusal is simulated where the file is written."""
    import followup.scaffold

    def refuse(path: Path, text: str, **options: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(followup.scaffold, "write_atomically", refuse)
    before = sorted(p.name for p in (in_basic / "examples").iterdir())
    code, out, err = run(capsys, "new", "my-letter", "--scenario", "reply", "--channel", "reply")
    assert (code, out) == (2, "")
    one_line_error(err, "examples/my-letter.j2: Permission denied")
    assert sorted(p.name for p in (in_basic / "examples").iterdir()) == before


def _no_temporary_file(dir: str, prefix: str) -> tuple[int, str]:
    raise PermissionError(13, "Permission denied", f"{dir}/{prefix}k3j9x2a")


def _full_disc(source: str, target: str) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    ("target", "replacement", "message"),
    [
        ("tempfile.mkstemp", _no_temporary_file, "Permission denied"),
        ("os.replace", _full_disc, "No space left on device"),
    ],
    ids=["read-only folder", "full disc"],
)
def test_a_failed_write_names_the_file_not_its_temporary(
    capsys, in_basic: Path, monkeypatch, target: str, replacement: object, message: str
) -> None:
    """The error comes from inside write_atomically, as a read-only examples/ gives it."""
    import followup.files

    module, name = target.split(".")
    monkeypatch.setattr(getattr(followup.files, module), name, replacement)
    before = sorted(p.name for p in (in_basic / "examples").iterdir())
    code, out, err = run(capsys, "new", "my-letter", "--scenario", "reply", "--channel", "reply")
    assert (code, out) == (2, "")
    one_line_error(err, f"followup: examples/my-letter.j2: {message}\n")
    assert ".my-letter" not in err
    assert sorted(p.name for p in (in_basic / "examples").iterdir()) == before


# check


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
    assert (good["path"], good["ok"], good["findings"]) == ("good.txt", True, [])
    assert (why["path"], why["ok"], why["asks_why"]) == ("why.txt", False, True)
    (finding,) = [f for f in why["findings"] if f["rule"] == "asks_why"]
    assert (finding["line"], finding["sentence"]) == (3, "Why was I not chosen?")


def test_check_reads_stdin(in_basic: Path) -> None:
    result = limited(["check", "--format", "json", "-"], in_basic, stdin=ASKS_WHY.encode())
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["path"] == "-"


def test_check_reads_stdin_once(capsys) -> None:
    code, out, err = run(capsys, "check", "-", "-")
    assert (code, out) == (2, "")
    one_line_error(err, "- (standard input) can be checked once")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"  \n\n", "empty.txt: is empty"),
        ("binary.txt", b"Thanks\x00\x01", "binary.txt:1: is binary"),
        ("latin1.txt", b"Thank you\n\xe9t\xe9", "latin1.txt:2: is not UTF-8 text"),
        ("missing.txt", None, "missing.txt: no such draft"),
        ("huge.txt", b"Thank you. " * (DRAFT_LIMIT // 10), "huge.txt: is over 1 MB"),
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
    assert (code, out) == (2, "")  # nothing half-reported
    one_line_error(err, message)


def test_check_max_size_lets_a_bigger_draft_in(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "long.txt").write_text(GOOD + "x" * 1_500_000, encoding="utf-8")
    assert run(capsys, "check", "long.txt")[0] == 2
    code, _, err = run(capsys, "check", "--max-size", "2MB", "long.txt")
    assert (code, err) == (0, "")
    code, _, err = run(capsys, "check", "--max-size", "lots", "long.txt")
    assert code == 2 and "is not a size" in err


# Hostile input, under limits


def test_endless_zeros_are_refused_at_once(in_basic: Path) -> None:
    result = limited(["check", "/dev/zero"], in_basic)
    assert (result.returncode, result.stdout) == (2, b"")
    one_line_error(result.stderr.decode(), "/dev/zero:1: is binary")


def test_endless_text_on_stdin_is_refused_at_the_limit(in_basic: Path) -> None:
    limit = under_limits(cpu=False)
    yes = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "followup", "check", "-"],
            cwd=in_basic, stdin=yes.stdout, capture_output=True, timeout=60, check=False,
            preexec_fn=limit,
        )  # fmt: skip
    finally:
        yes.kill()
        yes.wait()
    assert (result.returncode, result.stdout) == (2, b"")
    one_line_error(result.stderr.decode(), "<stdin>: is over 1 MB, the most a draft may hold")


def test_a_megabyte_of_sentence_ends_is_checked(in_basic: Path, tmp_path: Path) -> None:
    (tmp_path / "dots.txt").write_text(". " * 499_000, encoding="utf-8")
    result = limited(["check", str(tmp_path / "dots.txt")], in_basic)
    assert result.returncode == 1  # no thanks, no request: checked, not crashed
    assert b"needs changes" in result.stdout


@pytest.mark.parametrize(
    "template",
    [
        "{% for a in 'x'.ljust(30000) %}{% for b in 'x'.ljust(30000) %}{% endfor %}{% endfor %}",
        "{{ 'a'.ljust(300000000) }}",
        "{{ '%0300000000d' % 1 }}",
        "{{ '{:>300000000}'.format(1) }}",
    ],
)
@pytest.mark.parametrize("command", ["check", "render"])
def test_a_hostile_template_is_refused_before_it_runs(
    in_basic: Path, template: str, command: str
) -> None:
    path = in_basic / "examples" / "thanks.j2"
    path.write_text(
        path.read_text().replace('{% include "greeting/dear.j2" %}', template), encoding="utf-8"
    )
    args = ["check", "examples/thanks.j2"] if command == "check" else ["render", "thanks"]
    result = limited(args, in_basic)
    assert (result.returncode, result.stdout) == (2, b"")
    one_line_error(result.stderr.decode(), "examples/thanks.j2:9: ")
    assert b"is not allowed in a letter" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('{% include "greeting/dear.j2" %}', "{{ " + "(" * 200 + "role" + ")" * 200 + " }}", 9),
        ('{% include "greeting/dear.j2" %}', "{{{{" * 200, 9),
        ('tone = "warm"', 'tone = "warm"\na = ' + "[" * 600 + "]" * 600, 6),
    ],
    ids=["brackets", "braces", "front matter"],
)
@pytest.mark.parametrize("command", ["list", "check", "render"])
def test_deep_nesting_is_one_line_not_a_traceback(
    in_basic: Path, old: str, new: str, where: int, command: str
) -> None:
    path = in_basic / "examples" / "thanks.j2"
    path.write_text(path.read_text().replace(old, new, 1), encoding="utf-8")
    args = {
        "list": ["list"],
        "check": ["check", "examples/thanks.j2"],
        "render": ["render", "thanks"],
    }
    result = limited(args[command], in_basic)
    assert result.returncode == 2
    one_line_error(result.stderr.decode(), f"examples/thanks.j2:{where}: ")
    assert b"nest more than 20 deep" in result.stderr
    listed = [line.split()[0] for line in result.stdout.decode().splitlines()]
    assert listed == (["reply"] if command == "list" else [])


@pytest.mark.parametrize(
    "args",
    [
        ["check", "examples/thanks.j2"],
        ["render", "thanks"],
        ["new", "my-letter", "--scenario", "reply", "--channel", "reply"],
    ],
    ids=lambda args: args[0],
)
def test_an_invisible_character_is_refused_and_nothing_is_written(
    capsys, in_basic: Path, args: list[str]
) -> None:
    where = "examples/scenarios.toml" if args[0] == "new" else "examples/thanks.j2"
    path = in_basic / where
    path.write_text(path.read_text().replace("\n", "\u202e\n", 1), encoding="utf-8")
    before = sorted(p.name for p in (in_basic / "examples").iterdir())
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    one_line_error(err, f"{where}:1: holds U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible")
    assert sorted(p.name for p in (in_basic / "examples").iterdir()) == before


# What the command prints


@pytest.mark.parametrize(
    "args", [["list"], ["list", "--format", "json"], ["render", "thanks"]], ids=" ".join
)
def test_a_reader_that_stops_early_ends_it_quietly(in_basic: Path, args: list[str]) -> None:
    """`followup list | head -1`: a pipe closed before the command writes, made certain."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "followup", *args],
            cwd=in_basic, stdout=writing, stderr=subprocess.PIPE, timeout=60, check=False,
        )  # fmt: skip
    finally:
        os.close(writing)
    assert (result.returncode, result.stderr) == (CUT_OFF, b"")


HOSTILE = "\x1b[2J\x1b]0;pwned\x07\u202e\u200b\x85"
HIDDEN = ("\x1b", "\x07", "\u202e", "\u200b", "\x85")


def assert_shown_escaped(text: str) -> None:
    assert not any(character in text for character in HIDDEN), repr(text)
    assert "\\x1b[2J" in text and "\\u202e" in text, text


def test_a_draft_and_its_name_are_printed_with_escapes(capsys, tmp_path: Path) -> None:
    draft = tmp_path / f"draft{HOSTILE}.txt"
    draft.write_text(f"Thanks for the call.\nWhy was I not {HOSTILE}chosen?\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(draft))
    assert (code, err) == (1, "")
    assert_shown_escaped(out)
    assert 'asks_why: "Why was I not \\x1b[2J' in out
    code, out, err = run(capsys, "check", str(tmp_path / f"missing{HOSTILE}.txt"))
    assert (code, out) == (2, "")
    assert_shown_escaped(err)
    one_line_error(err, "no such draft")


def test_json_output_escapes_them_and_stays_the_same_json(capsys, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(f"Thanks for the call.\nWhy was I not {HOSTILE}chosen?\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", str(draft))
    assert code == 1
    assert not any(character in out for character in HIDDEN), repr(out)
    (result,) = json.loads(out)
    sentences = " ".join(f["sentence"] for f in result["findings"] if f["sentence"])
    assert "\x1b[2J" in sentences and "\u202e\u200b" in sentences  # the same text, escaped


def test_a_value_set_for_a_letter_is_printed_with_escapes(capsys) -> None:
    code, out, err = run(capsys, "render", "thanks", "--set", f"role=Analyst{HOSTILE}")
    assert (code, err) == (0, "")
    assert_shown_escaped(out)


def test_every_output_of_the_command_goes_through_one_helper() -> None:
    """A print() or stream write anywhere else would let raw control characters out."""
    import ast

    import followup.cli

    tree = ast.parse(Path(followup.cli.__file__).read_text(encoding="utf-8"))
    writers = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and function.name != "say":
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and (
                    (isinstance(node.func, ast.Name) and node.func.id == "print")
                    or (isinstance(node.func, ast.Attribute) and node.func.attr == "write")
                ):
                    writers.append(f"{function.name}:{node.lineno}")
    assert writers == []


# How the command starts


def test_check_does_not_import_sphinx_or_jinja(tmp_path: Path) -> None:
    """Nor argparse or pathlib (with the urllib.parse it imports, about a tenth of the
    start), for ``check PATH...`` with no option, as a pre-commit hook runs it."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    code = (
        "import sys; from followup.cli import main; code = main(['check', 'good.txt']); "
        "print(code, sorted(m for m in ('sphinx', 'jinja2', 'docutils', 'argparse', "
        "'pathlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 []"


@pytest.mark.parametrize(
    "given",
    [
        ["check", "a.txt"],
        ["check", "a.txt", "-", "b.j2"],
        ["check", ""],
        ["check", "a.txt", "--format", "json"],
        ["check", "--context", "refused", "a.txt"],
        ["check", "--", "-a.txt"],
        ["check", "-x"],
        ["check"],
        ["match", "a.txt"],
        ["--version"],
    ],
)
def test_a_plain_check_reads_as_the_parser_reads_it(given: list[str]) -> None:
    """``check PATH...`` is read without argparse exactly as the parser reads it; any
    other command line is left to the parser."""
    plain = cli.plain_check(given)
    if plain is None:
        assert given[:1] != ["check"] or len(given) == 1 or any(a.startswith("-") for a in given)
    else:
        assert vars(plain) == vars(cli.build_parser().parse_args(given))


def test_check_imports_jinja_only_for_an_example(in_basic: Path) -> None:
    code = (
        "import sys; from followup.cli import main; "
        "code = main(['check', 'examples/thanks.j2']); "
        "print(code, sorted(m for m in ('sphinx', 'jinja2', 'docutils') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=in_basic, capture_output=True, text=True, check=False
    )
    assert result.stdout.splitlines()[-1].endswith(" ['jinja2']")


def test_the_command_is_installed_and_has_a_version() -> None:
    from followup import __version__

    script = followup_script()
    result = subprocess.run([script, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "check" in result.stdout and "Exit status" in result.stdout
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, f"followup {__version__}\n")
    result = subprocess.run(
        [sys.executable, "-m", "followup", "--version"], capture_output=True, text=True, check=False
    )
    assert result.stdout == f"followup {__version__}\n"


# followup match: a rejection message in, what it shows and the letters out

MESSAGE = (
    "Hi Sam,\n\nThank you for coming in for the final interview for the Data Analyst role "
    "at Corvid Labs.\n\nIt came down to you and one other candidate, and we have offered the "
    "role to them.\n\nIf it would help, I'm happy to set up a short call to go through "
    "the panel's notes.\n\nBest wishes,\nPriya Shah\nTalent Partner, Corvid Labs\n"
)


def test_match_json_reports_each_message_in_order(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "message.txt").write_text(MESSAGE, encoding="utf-8")
    (tmp_path / "other.txt").write_text("Lorem ipsum dolor sit amet.", encoding="utf-8")
    code, out, err = run(capsys, "match", "--format", "json", "message.txt", "other.txt")
    assert (code, err) == (0, "")
    first, second = json.loads(out)
    assert list(first) == ["path", "stage", "signals", "fields", "found_by", "letters", "advice"]
    assert first["found_by"]["candidate"] == "the greeting"
    assert first["path"] == "message.txt" and first["stage"] == "final_round"
    assert [s["id"] for s in first["signals"]] == ["close_call", "feedback_offered"]
    assert first["signals"][1] == {
        "id": "feedback_offered",
        "line": 7,
        "sentence": "If it would help, I'm happy to set up a short call to go through the "
        "panel's notes.",
    }
    assert first["fields"] == {"organisation": "Corvid Labs", "role": "Data Analyst",
                               "sender": "Priya Shah", "candidate": "Sam"}  # fmt: skip
    assert first["letters"][0] == "feedback-call-accept" and first["letters"][-1] == "all-purpose"
    assert all(isinstance(a, str) and a for a in first["advice"])
    # Not recognised is an answer, not an error: exit 0, nothing guessed.
    assert second["stage"] == "unknown" and second["signals"] == []
    assert set(second["fields"].values()) == {None}
    # A letter that mentions no interview, as nothing says there was one.
    assert second["letters"] == ["application-by-a-person"]
    assert any("all-purpose" in a for a in second["advice"])


def test_match_reads_stdin_once(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(MESSAGE.encode())))
    code, out, err = run(capsys, "match", "-")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "<stdin>: stage: final round"
    code, out, err = run(capsys, "match", "-", "-")
    assert (code, out) == (2, "")
    one_line_error(err, "- (standard input) can be read once")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"\n \n", "empty.txt: is empty; paste the message you received"),
        ("binary.txt", b"Hi\x00\x01", "binary.txt:1: is binary, not text; a message must be"),
        ("latin1.txt", b"Dear Sam\n\xe9t\xe9", "latin1.txt:2: is not UTF-8 text"),
        ("missing.txt", None, "missing.txt: no such message"),
        ("huge.txt", b"Thank you. " * (DRAFT_LIMIT // 10), "huge.txt: is over 1 MB, the most a "
         "message may hold"),
    ],
)  # fmt: skip
def test_match_refuses_unreadable_input_with_one_line(
    capsys, tmp_path: Path, monkeypatch, name: str, data: bytes | None, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "message.txt").write_text(MESSAGE, encoding="utf-8")
    if data is not None:
        (tmp_path / name).write_bytes(data)
    code, out, err = run(capsys, "match", "message.txt", name)
    assert (code, out) == (2, "")  # nothing half-reported
    one_line_error(err, message)


def test_match_reads_an_html_email_and_a_message_in_another_language(
    capsys, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    html = "<html><body><p>Hi Sam,</p>" + "".join(
        f"<p>{line}</p>" for line in MESSAGE.split("\n\n")[1:]
    )
    (tmp_path / "email.html").write_text(html.replace("'", "&#39;"), encoding="utf-8")
    (tmp_path / "brief.txt").write_text(
        "Sehr geehrter Herr Schneider,\n\nleider haben wir uns anders entschieden.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "match", "--format", "json", "email.html", "brief.txt")
    email, brief = json.loads(out)
    assert (code, err) == (0, "")
    assert email["stage"] == "final_round" and email["fields"]["candidate"] == "Sam"
    assert "&#39;" not in json.dumps(email["signals"])
    assert brief["stage"] == "unknown" and set(brief["fields"].values()) == {None}


def test_match_does_not_import_sphinx_or_jinja(tmp_path: Path) -> None:
    (tmp_path / "message.txt").write_text(MESSAGE, encoding="utf-8")
    code = (
        "import sys; from followup.cli import main; code = main(['match', 'message.txt']); "
        "print(code, sorted(m for m in ('sphinx', 'jinja2', 'docutils') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 []"


def test_check_context_refused_makes_a_request_the_finding(capsys, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(GOOD, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--context", "refused", str(draft))
    assert code == 1
    assert "feedback_request" in out and "don't ask for it" in out
    draft.write_text("Dear Ana,\n\nThank you for letting me know.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--context", "refused", str(draft))
    assert code == 0
    assert "ok: thanks them, does not ask for feedback again, does not ask why" in out


def test_check_an_unknown_context_is_one_line(capsys, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(GOOD, encoding="utf-8")
    code, out, err = run(capsys, "check", "--context", "declined", str(draft))
    assert (code, out) == (2, "")
    one_line_error(err, "--context declined: say one of none, offered, refused, given")


def test_check_holds_an_example_to_its_feedback_context(capsys, in_basic: Path) -> None:
    """A letter after feedback already given must not ask again, and need not ask."""
    path = in_basic / "examples" / "reply.j2"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('tone = "brief"', 'tone = "brief"\ncontext = "given"'))
    code, out, _ = run(capsys, "check", "examples/reply.j2")
    assert code == 1 and "feedback_request" in out and "already given you feedback" in out
    path.write_text(path.read_text().replace('{% include "ask/any-feedback.j2" %}', "Thanks."))
    code, out, _ = run(capsys, "check", "examples/reply.j2")
    assert code == 0, out
    assert "ok: thanks them, does not ask for feedback again, does not ask why" in out


def test_a_bitter_draft_is_flagged_and_no_suggestion_is_given_twice(capsys, tmp_path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "Dear Ana,\n\nThanks for finally letting me know after three weeks of silence. "
        "Honestly, you have made a mistake. What could I have done differently to get the "
        "job?\n\nBest,\nSam\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", str(draft))
    assert code == 1
    assert "asks_why" in out and out.count("note: bitter") == 2
    # One for asking why, and one for each kind of bitterness (thanking them sarcastically,
    # telling them they got it wrong), each with its own kinder sentence.
    suggestions = [line for line in out.splitlines() if "Instead, you could write" in line]
    assert len(suggestions) == len(set(suggestions)) == 3
