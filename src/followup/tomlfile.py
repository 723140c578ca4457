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
    try:
        return tomllib.loads(text)
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


def key_line(lines: list[str], key: str, first_line: int = 1) -> int | None:
    """The line where ``key = ...`` or ``[key]`` is written, for pointing at a mistake."""
    pattern = re.compile(
        rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=|^\s*\[\s*\"?{re.escape(key)}\"?\s*\]"
    )
    for number, line in enumerate(lines, start=first_line):
        if pattern.match(line):
            return number
    return None
