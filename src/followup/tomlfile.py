"""Read TOML data files and turn their syntax errors into one-line problems."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .problems import Problem

_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")


def parse_toml(text: str, path: Path | None, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML text that starts at ``first_line`` of ``path``.

    A syntax error becomes a :class:`Problem` naming the line in the file, not in the
    fragment, so front matter errors point at the right line of an example.
    """
    deep = _deepest(text, first_line, MAX_NESTING)
    if deep is not None:
        raise _too_deep(path, deep)
    try:
        return tomllib.loads(text)
    except RecursionError:  # nesting the scan did not see: point at its deepest line
        raise _too_deep(path, _deepest(text, first_line, 0) or first_line) from None
    except tomllib.TOMLDecodeError as error:
        reason = str(error)
        found = _AT_LINE.search(reason)
        line = None
        if found and found.group(1):
            line = int(found.group(1)) + first_line - 1
        elif found:
            line = first_line + text.count("\n")
        reason = _AT_LINE.sub("", reason).rstrip(".")
        raise Problem(
            path,
            line,
            f"is not valid TOML ({reason[:1].lower()}{reason[1:]}); write each setting as "
            'name = "value", with the text in double quotes and each name once',
            kind="metadata",
        ) from None


#: How deep lists and tables may nest in a data file or front matter. A letter's metadata
#: needs one level (``answers = [...]``); tomllib recurses on each, and a few hundred
#: would overflow Python's stack.
MAX_NESTING = 20


def _too_deep(path: Path | None, line: int) -> Problem:
    return Problem(
        path,
        line,
        f"lists or tables nest more than {MAX_NESTING} deep here; write each setting as "
        'name = "value"',
        kind="metadata",
    )


def _deepest(text: str, first_line: int, limit: int) -> int | None:
    """The line where ``[`` and ``{`` first nest deeper than ``limit`` (outside quoted
    text and comments), or ``None``. With ``limit`` 0, the line of the deepest point."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = deepest = 0
    where = None
    line, position, end = first_line, 0, len(text)
    while position < end:
        character = text[position]
        if character == "\n":
            line += 1
        elif character == "#":
            position = text.find("\n", position)
            if position < 0:
                break
            continue
        elif character in "\"'":
            quote = character * 3 if text.startswith(character * 3, position) else character
            close = position + len(quote)
            while close < end and not text.startswith(quote, close):
                if text[close] == "\n" and len(quote) == 1:
                    break
                close += 2 if character == '"' and text[close] == "\\" else 1
            line += text.count("\n", position, close)
            position = close + len(quote)
            continue
        elif character in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
                if limit and depth > limit:
                    return line
        elif character in "]}":
            depth = max(depth - 1, 0)
        position += 1
    return where if not limit else None


_KEY = re.compile(r'\s*(?:"([^"\n]*)"|([A-Za-z0-9_-]+))\s*=|\s*\[\s*"?([^\]"\n]*?)"?\s*\]')


def key_lines(lines: list[str], first_line: int = 1) -> dict[str, int]:
    """Where each ``key = ...`` or ``[key]`` is first written, for pointing at mistakes.

    One pass over the lines, so that pointing at each of thousands of keys stays linear.
    """
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=first_line):
        written = _KEY.match(line)
        if written is not None:
            quoted, bare, table = written.groups()
            found.setdefault(quoted if quoted is not None else bare or table, number)
    return found


def key_line(lines: list[str], key: str, first_line: int = 1) -> int | None:
    """The line where ``key = ...`` or ``[key]`` is written, for pointing at a mistake."""
    return key_lines(lines, first_line).get(key)
