"""The ``followup`` command: list and render the example letters, and check a draft.

``followup check`` imports only the rules, so it starts fast enough for a pre-commit
hook; nothing here imports Sphinx.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem, decode_text, display_path, read_text

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

    check = commands.add_parser(
        "check", help="check drafts: thanks, a feedback request, and no asking why"
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="a text file, or - for stdin")
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


def read_draft(given: str) -> str:
    """A draft's text, or a :class:`Problem` saying why it cannot be checked."""
    if given == "-":
        text = decode_text(sys.stdin.buffer.read(), Path("<stdin>"), "draft")
        path = Path("<stdin>")
    else:
        path = Path(given)
        text = read_text(path, "draft")
    if not text.strip():
        raise Problem(path, None, "is empty; write or paste your letter into it first")
    return text


def run_check(args: argparse.Namespace) -> int:
    from .rules import check

    drafts, unreadable = [], []
    for given in args.paths:
        try:
            drafts.append((given, read_draft(given)))
        except Problem as problem:
            unreadable.append(problem)
    if unreadable:  # say nothing on stdout rather than report on some drafts only
        for problem in unreadable:
            print(f"followup: {problem}", file=sys.stderr)
        return UNUSABLE
    reports = [(given, check(text)) for given, text in drafts]
    if args.format == "json":
        print(
            json.dumps(
                [{"path": given, **report.as_dict()} for given, report in reports],
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for given, report in reports:
            name = "<stdin>" if given == "-" else given
            for finding in report.findings:
                where = f"{name}:{finding.line}" if finding.line else name
                quoted = f' "{finding.sentence}"' if finding.sentence else ""
                print(f"{where}: {finding.rule}:{quoted}\n  {finding.message}")
            if report.ok:
                print(f"{name}: ok: thanks them, asks for feedback, does not ask why")
            else:
                count = len(report.findings)
                print(f"{name}: needs changes: {count} finding{'s' * (count != 1)}")
    return OK if all(report.ok for _, report in reports) else FAILED


if __name__ == "__main__":
    sys.exit(main())
