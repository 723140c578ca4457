"""The ``followup`` command: list, render and start example letters, and check a draft.

``followup check`` imports only the rules (and Jinja only when it is given an example
template), so it starts fast enough for a pre-commit hook; nothing here imports Sphinx.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .problems import Problem, decode_text, display_path, read_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from .examples import Catalogue

#: Exit statuses.
OK, FAILED, UNUSABLE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called: one line on stderr, exit 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (Problem, UsageError) as error:
        print(f"followup: {error}", file=sys.stderr)
        return UNUSABLE
    except BrokenPipeError:  # `followup list | head`
        sys.stderr.close()
        return OK
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followup",
        description="Example follow-up letters after a job rejection, and a checker for "
        "your own draft.",
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    listing = commands.add_parser("list", help="list every example letter")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    add_project_option(listing)
    listing.set_defaults(run=run_list)

    render = commands.add_parser("render", help="print one example letter as plain text")
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

    new = commands.add_parser(
        "new", help="start a new example letter from a template (examples/ID.j2)"
    )
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

    check = commands.add_parser(
        "check", help="check drafts: thanks, a feedback request, and no asking why"
    )
    check.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a text file, an example (examples/ID.j2), or - for stdin",
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=run_check)
    return parser


def add_project_option(parser: argparse.ArgumentParser) -> None:
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
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "examples").is_dir() and (folder / "snippets").is_dir():
            return folder
    raise UsageError(
        "no examples/ and snippets/ folders here or above; run this inside the guide's "
        "folder, or pass --project"
    )


def load(project: Path | None) -> Catalogue:
    from .examples import load_catalogue

    root = find_project(project)
    catalogue = load_catalogue(root / "examples", root / "snippets")
    for problem in catalogue.all_problems():
        print(problem, file=sys.stderr)
    return catalogue


def run_list(args: argparse.Namespace) -> int:
    catalogue = load(args.project)
    examples = [e for _, group in catalogue.by_scenario() for e in group]
    if args.format == "json":
        import json

        print(json.dumps([e.summary() for e in examples], indent=2, ensure_ascii=False))
    else:
        width = max((len(e.id) for e in examples), default=0)
        for e in examples:
            print(f"{e.id:<{width}}  {e.scenario.id:<16}  {e.channel.id:<8}  {e.title}")
    return FAILED if any(True for _ in catalogue.all_problems()) else OK


def run_render(args: argparse.Namespace) -> int:
    catalogue = load(args.project)
    example = catalogue.examples.get(args.id)
    if example is None:
        raise UsageError(catalogue.unknown_id(args.id))
    values = parse_values(args.values, example.variables)
    sys.stdout.write(example.as_text(values))
    return OK


def run_new(args: argparse.Namespace) -> int:
    from .scaffold import write_new_example

    root = find_project(args.project)
    written = write_new_example(root / "examples", args.id, args.scenario, args.channel, args.tone)
    print(written.next_steps(root / "docs"))
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
        values[name] = value
    return values


class Draft:
    """A text to check, and how to find a sentence's line in the file it came from."""

    def __init__(self, text: str, source: str | None = None) -> None:
        self.text = text
        #: For an example: the template, whose lines are not the rendered letter's.
        self.source = source

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


def read_draft(given: str) -> Draft:
    """A draft's text, or a :class:`Problem` saying why it cannot be checked.

    An example template (``examples/ID.j2``, beside a ``snippets/`` folder) is rendered
    with its placeholders first, so its letter is checked as a reader would send it.
    """
    if given == "-":
        text = decode_text(sys.stdin.buffer.read(), Path("<stdin>"), "draft")
        path = Path("<stdin>")
    else:
        path = Path(given)
        if path.suffix == ".j2":
            return read_example(path)
        text = read_text(path, "draft")
    if not text.strip():
        raise Problem(path, None, "is empty; write or paste your letter into it first")
    return Draft(text)


class Unusable(Exception):
    """Every problem that keeps a file from being checked."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def read_example(path: Path) -> Draft:
    from .examples import is_example_path, load_one

    if not path.is_file() or not is_example_path(path):
        if path.is_file() and path.resolve().parent.name == "snippets":
            raise Problem(path, None, "is a snippet, not a letter; check the examples that use it")
        return Draft(read_text(path, "draft"))  # a draft that happens to end in .j2
    example, problems = load_one(path)
    if example is None:
        raise Unusable(problems)
    return Draft(example.as_text(), read_text(path, "example"))


def run_check(args: argparse.Namespace) -> int:
    from .rules import check

    drafts: list[tuple[str, Draft]] = []
    unreadable: list[Problem] = []
    for given in args.paths:
        try:
            drafts.append((given, read_draft(given)))
        except Problem as problem:
            unreadable.append(problem)
        except Unusable as error:
            unreadable.extend(error.problems)
    if unreadable:  # say nothing on stdout rather than report on some drafts only
        for problem in unreadable:
            print(f"followup: {problem}", file=sys.stderr)
        return UNUSABLE
    reports = [(given, draft, check(draft.text)) for given, draft in drafts]
    if args.format == "json":
        import json

        results = []
        for given, draft, report in reports:
            result = {"path": given, **report.as_dict()}
            for finding in result["findings"]:
                finding["line"] = draft.line_of(finding["sentence"], finding["line"])
            results.append(result)
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        for given, draft, report in reports:
            name = "<stdin>" if given == "-" else given
            for finding in report.findings:
                line = draft.line_of(finding.sentence, finding.line)
                where = f"{name}:{line}" if line else name
                quoted = f' "{finding.sentence}"' if finding.sentence else ""
                print(f"{where}: {finding.rule}:{quoted}\n  {finding.message}")
            if report.ok:
                print(f"{name}: ok: thanks them, asks for feedback, does not ask why")
            else:
                count = len(report.findings)
                print(f"{name}: needs changes: {count} finding{'s' * (count != 1)}")
    return OK if all(report.ok for _, _, report in reports) else FAILED


if __name__ == "__main__":
    sys.exit(main())
