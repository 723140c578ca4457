"""The ``followup`` command: list, render and start example letters, check a draft, and
read a rejection message.

``followup check`` and ``followup match`` import only the rules (and ``check`` imports
Jinja only when it is given an example template), so they start fast enough for a
pre-commit hook; nothing here imports Sphinx. ``followup check PATH...`` with no option,
as a hook runs it, does not import argparse either (:func:`plain_check`).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from types import SimpleNamespace

from . import __version__
from .problems import Problem, display_path
from .reading import DRAFT_LIMIT, read_stream, read_text, size_text, visible

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from pathlib import Path
    from typing import NoReturn, TypeVar

    Read = TypeVar("Read")

    from .checker import Finding, Report
    from .matcher import Match

#: Exit statuses, the same for every command: 0 all is well, 1 a draft breaks a rule,
#: 2 bad input (a file that cannot be read or an example with mistakes) or bad usage.
OK, FAILED, UNUSABLE = 0, 1, 2
#: A reader that stopped early (``| head``): 128 + SIGPIPE, as a shell reports any
#: command cut off that way, and nothing printed.
CUT_OFF = 141
#: How standard input is named in a message (a name, not a file: no pathlib at start-up).
STDIN = "<stdin>"


class UsageError(Exception):
    """A mistake in how the command was called: one line on stderr, exit 2."""


class Unusable(Exception):
    """Every problem that keeps an input from being used: a line each on stderr, exit 2."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _run(argv)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught below
    except BrokenPipeError:  # `followup list | head -1`: the reader has all it wanted
        # As Python's documentation advises (the signal module, "Note on SIGPIPE"):
        # point the standard streams at devnull, so the flush at exit cannot fail again.
        from contextlib import suppress

        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with suppress(OSError, ValueError):  # a stream without a descriptor, in tests
                os.dup2(devnull, stream.fileno())
        return CUT_OFF
    return code


def _run(argv: Sequence[str] | None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    try:
        only = given[0] if given and given[0] in COMMANDS else None
        args = plain_check(given) or build_parser(only).parse_args(given)
        return int(args.run(args))
    except (Problem, UsageError) as error:
        say(f"followup: {error}", error=True)
        return UNUSABLE
    except Unusable as error:
        for problem in error.problems:
            say(f"followup: {problem}", error=True)
        return UNUSABLE
    except BrokenPipeError:
        raise
    except OSError as error:  # a folder that cannot be written, a full disc
        where = f"{display_path(error.filename)}: " if error.filename else ""
        say(f"followup: {where}{error.strerror or error}", error=True)
        return UNUSABLE
    except KeyboardInterrupt:
        return 130


def say(text: str, *, error: bool = False, end: str = "\n", json_text: bool = False) -> None:
    """Print a line (on stderr with ``error``): every output of the command goes here.

    Control and invisible characters from any input (a draft, a title, a file name) are
    written out as escapes (:func:`~followup.reading.visible`), so nothing printed can
    move the cursor, recolour the terminal or reverse the text that follows.
    """
    stream = sys.stderr if error else sys.stdout
    stream.write(visible(text, json_text=json_text) + end)


def plain_check(given: list[str]) -> SimpleNamespace | None:
    """What the parser makes of ``check PATH...`` with no option (as a pre-commit hook
    runs it), made without argparse, whose import and parser are a fifth of the
    command's start; None for any other command line, which the parser reads."""
    paths = given[1:]
    if given[:1] != ["check"] or not paths or any(p.startswith("-") and p != "-" for p in paths):
        return None
    return SimpleNamespace(
        paths=paths, format="text", context=None, max_size=DRAFT_LIMIT, run=run_check
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line. With ``only``, a command's name, the parser knows that command
    alone: `followup check` starts without building the other five (a few milliseconds
    of a pre-commit hook), and parses exactly as the full parser would."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        """argparse, with a mistake on the command line reported in one line."""

        def error(self, message: str) -> NoReturn:
            raise UsageError(f"{message} (see {self.prog} --help)")

    parser = _Parser(
        prog="followup",
        description="Example follow-up letters after a job rejection, and a checker for "
        "your own draft.",
        epilog="Exit status: 0 all is well, 1 a draft breaks a rule, 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for name, (summary, fill) in COMMANDS.items():
        if only is None or name == only:
            fill(commands.add_parser(name, help=summary))
    return parser


def _listing(listing: argparse.ArgumentParser) -> None:
    listing.add_argument("--format", choices=("text", "json"), default="text")
    add_project_option(listing)
    listing.set_defaults(run=run_list)


def _render(render: argparse.ArgumentParser) -> None:
    render.add_argument("id", help="the example's id, as `followup list` shows it")
    render.add_argument(
        "--set",
        dest="values",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fill in a variable, e.g. --set interviewer='Ana Silva' (repeatable)",
    )
    add_project_option(render)
    render.set_defaults(run=run_render)


def _new(new: argparse.ArgumentParser) -> None:
    new.add_argument("id", help="the new example's id: lower-case words joined by hyphens")
    new.add_argument(
        "--scenario", required=True, help="its situation, one of the ids in examples/scenarios.toml"
    )
    new.add_argument(
        "--channel", required=True, help="how it is sent: email, reply, linkedin or phone"
    )
    new.add_argument("--tone", default="warm", help="formal, warm or brief (default: warm)")
    add_project_option(new)
    new.set_defaults(run=run_new)


def _check(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a text file, an example (examples/ID.j2), or - for stdin",
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--context",
        metavar="SAID",
        help="what they said about feedback: none (the default), offered, refused (they "
        "can't give it) or given (they already have); after refused or given, a draft "
        "must not ask for it again",
    )
    add_size_option(check, "draft")
    check.set_defaults(run=run_check)


def _match(match: argparse.ArgumentParser) -> None:
    match.add_argument(
        "paths", nargs="+", metavar="PATH", help="a text file holding the message, or - for stdin"
    )
    match.add_argument("--format", choices=("text", "json"), default="text")
    add_size_option(match, "message")
    match.set_defaults(run=run_match)


#: Each command: what `followup --help` says of it, and how its options are added.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "list": ("list every example letter", _listing),
    "render": ("print one example letter as plain text", _render),
    "new": ("start a new example letter from a template (examples/ID.j2)", _new),
    "check": ("check drafts: thanks, a feedback request, and no asking why", _check),
    "match": (
        "read a rejection message: its stage, signals and names, and the letters that answer it",
        _match,
    ),
}


def add_size_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--max-size",
        type=size_argument,
        default=DRAFT_LIMIT,
        metavar="BYTES",
        help=f"the most a {what} may hold (default: {size_text(DRAFT_LIMIT)}); "
        "a bigger file is refused, not read",
    )


def size_argument(text: str) -> int:
    """A size in bytes, for ``--max-size``: a whole number, or one ending in KB or MB."""
    import argparse

    units = {"kb": 1_000, "mb": 1_000_000}
    number, unit = text.strip().lower(), ""
    for suffix in units:
        if number.endswith(suffix):
            number, unit = number[: -len(suffix)].strip(), suffix
    try:
        value = int(number) * units.get(unit, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size, such as 2000000 or 2MB"
        ) from None
    if value <= 0:
        raise argparse.ArgumentTypeError("the size must be above zero")
    return value


def add_project_option(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    parser.add_argument(
        "--project",
        type=Path,
        help="the guide's folder, holding examples/ and snippets/ (default: found from "
        "the current folder upwards)",
    )


def find_project(start: Path | None) -> Path:
    """The folder holding ``examples/`` and ``snippets/``: given, or found upwards."""
    if start is not None:
        if not (start / "examples").is_dir() or not (start / "snippets").is_dir():
            raise UsageError(f"{display_path(start)} has no examples/ and snippets/ folders")
        return start
    from pathlib import Path

    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "examples").is_dir() and (folder / "snippets").is_dir():
            return folder
    raise UsageError(
        "no examples/ and snippets/ folders here or above; run this inside the guide's "
        "folder, or pass --project"
    )


def run_list(args: argparse.Namespace) -> int:
    """Every example that loads; a line on stderr for each problem of the others (exit 2),
    so one broken file does not hide the catalogue."""
    from .catalogue import load_catalogue

    root = find_project(args.project)
    catalogue = load_catalogue(root / "examples", root / "snippets")
    problems = list(catalogue.all_problems())
    for problem in problems:
        say(f"followup: {problem}", error=True)
    examples = [e for _, group in catalogue.by_scenario() for e in group]
    if args.format == "json":
        import json

        say(
            json.dumps([e.summary() for e in examples], indent=2, ensure_ascii=False),
            json_text=True,
        )
    else:
        width = max((len(e.id) for e in examples), default=0)
        for e in examples:
            say(f"{e.id:<{width}}  {e.scenario.id:<16}  {e.channel.id:<8}  {e.title}")
    return UNUSABLE if problems else OK


def run_render(args: argparse.Namespace) -> int:
    from .catalogue import load_one
    from .example import SUFFIX, example_ids, id_problem, unknown_id

    root = find_project(args.project)
    path = root / "examples" / f"{args.id}{SUFFIX}"
    if id_problem(args.id) is not None or not path.is_file():
        raise UsageError(unknown_id(args.id, example_ids(root / "examples")))
    loaded = load_one(path)
    if loaded.example is None:
        raise Unusable(loaded.problems)
    example = loaded.example
    values = parse_values(args.values, example.variables)
    say(example.as_text(values), end="")
    return OK


def run_new(args: argparse.Namespace) -> int:
    from .scaffold import write_new_example

    root = find_project(args.project)
    written = write_new_example(root / "examples", args.id, args.scenario, args.channel, args.tone)
    say(written.next_steps(root / "docs"))
    return OK


def parse_values(pairs: list[str], allowed: tuple[str, ...]) -> dict[str, str]:
    from .variables import suggest

    values = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            raise UsageError(
                f"--set takes NAME=VALUE, for example --set interviewer=Ana; got {pair!r}"
            )
        if name not in allowed:
            raise UsageError(
                f"this letter has no variable {name!r}{suggest(name, allowed)} (it uses: "
                f"{', '.join(allowed)})"
            )
        if "\n" in value or "\r" in value:
            raise UsageError(f"--set {name}=... holds a line break; each value is one line of text")
        values[name] = value
    return values


class Draft:
    """A text to check, and how to find a sentence's line in the file it came from."""

    def __init__(self, text: str, source: str | None = None, context: str = "none") -> None:
        self.text = text
        #: For an example: the template, whose lines are not the rendered letter's. An
        #: example holds placeholders by design, so they are not findings there.
        self.source = source
        #: For an example: what they said about feedback (see CONTEXTS in model.py).
        self.context = context

    def line_of(self, sentence: str | None, line: int | None) -> int | None:
        """The line to report: the draft's own, or where an example's sentence is written."""
        if self.source is None or sentence is None:
            return line
        return source_line(self.source, sentence)


def source_line(source: str, sentence: str) -> int | None:
    """Where a rendered sentence starts in an example's template, if it is written there.

    A sentence that comes from a snippet, or that starts with a variable, may not be
    found; then there is no line to report, only the sentence.
    """
    pieces = [p.strip() for p in re.split(r"\[[^\]]*\]", sentence)]
    pieces = [p for p in pieces if len(p) >= 12] or [p for p in pieces if p]
    lines = source.split("\n")
    for piece in pieces:
        words = " ".join(piece.split()[:6])
        for number, line in enumerate(lines, start=1):
            if words in " ".join(line.split()):
                return number
    return None


def read_draft(given: str, limit: int = DRAFT_LIMIT) -> Draft:
    """A draft's text, or a :class:`Problem` saying why it cannot be checked.

    At most ``limit`` bytes are read. An example template (``examples/ID.j2``, beside a
    ``snippets/`` folder) is rendered with its placeholders first, so its letter is
    checked as a reader would send it.
    """
    if given != "-" and os.path.splitext(given)[1] == ".j2":
        from pathlib import Path

        return read_example(Path(given), limit)
    return Draft(read_given(given, "draft", limit, "write or paste your letter into it first"))


def read_given(given: str, what: str, limit: int, if_empty: str) -> str:
    """The text of a file, or of standard input for ``-``, read within ``limit`` bytes;
    a :class:`Problem` if it cannot be read or holds nothing (``if_empty`` says what to
    do then)."""
    if given == "-":
        text = read_stream(sys.stdin.buffer, STDIN, what, limit)
        path = STDIN
    else:
        path = given
        text = read_text(path, what, limit, hidden_allowed=True)
    if not text.strip():
        raise Problem(path, None, f"is empty; {if_empty}")
    return text


def read_all(paths: list[str], read: Callable[[str], Read], verb: str) -> list[tuple[str, Read]]:
    """Every input read with ``read``, or :class:`Unusable` with every problem found:
    nothing is reported on some inputs only. Standard input can be given once."""
    if paths.count("-") > 1:
        raise UsageError(f"- (standard input) can be {verb} once; give it once")
    found: list[tuple[str, Read]] = []
    unreadable: list[Problem] = []
    for given in paths:
        try:
            found.append((given, read(given)))
        except Problem as problem:
            unreadable.append(problem)
        except Unusable as error:
            unreadable.extend(error.problems)
    if unreadable:
        raise Unusable(unreadable)
    return found


def read_example(path: Path, limit: int) -> Draft:
    from .catalogue import load_one
    from .example import is_example_path

    if not path.is_file() or not is_example_path(path):
        if path.is_file() and path.absolute().parent.name == "snippets":
            raise Problem(path, None, "is a snippet, not a letter; check the examples that use it")
        return Draft(
            read_text(path, "draft", limit, hidden_allowed=True)
        )  # a draft that happens to end in .j2
    loaded = load_one(path)
    if loaded.example is None:
        raise Unusable(loaded.problems)
    example = loaded.example
    return Draft(example.as_text(), read_text(path, "example"), example.context)


def run_check(args: argparse.Namespace) -> int:
    from .checker import check, contexts

    known = contexts()
    if args.context is not None and args.context not in known:
        raise UsageError(
            f"--context {args.context}: say one of {', '.join(known)} (what they said "
            "about feedback)"
        )
    drafts = read_all(args.paths, lambda given: read_draft(given, args.max_size), "checked")
    reports = [
        (
            given,
            draft,
            check(
                draft.text,
                placeholders_allowed=draft.source is not None,
                context=args.context or draft.context,
            ),
        )
        for given, draft in drafts
    ]
    if args.format == "json":
        import json

        results = []
        for given, draft, report in reports:
            result = {"path": given, **report.as_dict()}
            for finding in (*result["findings"], *result["notes"]):
                finding["line"] = draft.line_of(finding["sentence"], finding["line"])
            results.append(result)
        say(json.dumps(results, indent=2, ensure_ascii=False), json_text=True)
    else:
        for given, draft, report in reports:
            print_report("<stdin>" if given == "-" else given, draft, report)
    return OK if all(report.ok for _, _, report in reports) else FAILED


def run_match(args: argparse.Namespace) -> int:
    from .matcher import match

    texts = read_all(
        args.paths,
        lambda given: read_given(
            given, "message", args.max_size, "paste the message you received into it first"
        ),
        "read",
    )
    results = [(given, match(text)) for given, text in texts]
    if args.format == "json":
        import json

        say(
            json.dumps(
                [{"path": given, **found.as_dict()} for given, found in results],
                indent=2,
                ensure_ascii=False,
            ),
            json_text=True,
        )
    else:
        for given, found in results:
            print_match("<stdin>" if given == "-" else given, found)
    return OK


def print_match(name: str, found: Match) -> None:
    """What a message shows, a line each, then the letters and the advice."""
    if not found.recognised:
        say(f"{name}: not recognised: nothing in it says what kind of rejection it is")
    else:
        say(f"{name}: stage: {found.stage.replace('_', ' ')}")
    for signal in found.signals:
        say(f'{name}:{signal.line}: {signal.id}: "{signal.sentence}"')
    names = [
        f"{key}: {value} (from {found.found_by.get(key)})"
        for key, value in found.fields.items()
        if value
    ]
    if names:
        say(f"{name}: names: {'; '.join(names)}")
    for letter in found.letters:
        say(f"{name}: letter: {letter} ({found.reasons[letter]})")
    if not found.letters:
        say(f"{name}: no letter: see the advice")
    for advice in found.advice:
        say(f"  {advice['text']}")


def print_report(name: str, draft: Draft, report: Report) -> None:
    """A draft's findings, then its notes, then the verdict: each a line and its advice."""
    suggested: set[str | None] = set()  # the sentences and suggestions already answered
    for finding, label in (
        *((f, f.rule) for f in report.findings),
        *((n, f"note: {n.rule}") for n in report.notes),
    ):
        say(_described(name, draft, finding, label))
        # One suggestion a sentence, and never the same suggestion twice.
        if finding.suggestion and not {finding.sentence, finding.suggestion} & suggested:
            suggested |= {finding.sentence, finding.suggestion}
            say(f'  Instead, you could write: "{finding.suggestion}"')
    if report.ok:
        # A draft that is ok asks for feedback, unless its context says not to ask again.
        asks = (
            "asks for feedback"
            if report.labels.get("feedback_request")
            else ("does not ask for feedback again")
        )
        say(f"{name}: ok: thanks them, {asks}, does not ask why")
    else:
        count = len(report.findings)
        say(f"{name}: needs changes: {count} finding{'s' * (count != 1)}")


def _described(name: str, draft: Draft, finding: Finding, label: str) -> str:
    line = draft.line_of(finding.sentence, finding.line)
    where = f"{name}:{line}" if line else name
    quoted = f' "{finding.sentence}"' if finding.sentence else ""
    return f"{where}: {label}:{quoted}\n  {finding.message}"


if __name__ == "__main__":
    sys.exit(main())
