"""The blanks a reader fills in, read from ``snippets/variables.toml`` and
``snippets/details.toml``.

A variable is a short value (``[Role]``); a personal detail is a sentence only the
reader can write, which each letter marks with an example of its own.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from .model import Detail, Variable
from .problems import Problem
from .reading import read_text
from .tomlfile import key_lines, parse_toml

VARIABLES_FILE = "variables.toml"
DETAILS_FILE = "details.toml"
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
#: The longest a label or placeholder may be: it is shown in a form and in letters.
MAX_LABEL = 120


def load_variables(path: Path) -> dict[str, Variable]:
    """Read the variable registry; every mistake in it is a :class:`Problem`."""
    return {
        name: Variable(name, values["label"], values["placeholder"])
        for name, values in _tables(path, "variable", ("label", "placeholder"))
    }


def load_details(path: Path) -> dict[str, Detail]:
    """Read the personal details a letter may mark; every mistake is a :class:`Problem`."""
    return {
        name: Detail(name, values["label"], values["prompt"])
        for name, values in _tables(path, "detail", ("label", "prompt"))
    }


def _tables(path: Path, what: str, fields: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    text = read_text(path, f"{what}s file")
    data = parse_toml(text, path)
    lines = key_lines(text.splitlines())
    found = []
    settings = " and ".join(f'{f} = "..."' for f in fields)
    for name, table in data.items():
        line = lines.get(name)
        if not _NAME.match(name):
            raise Problem(
                path, line, f"{what} name {name!r} must be lower-case letters, digits and _"
            )
        if not isinstance(table, dict):
            raise Problem(path, line, f"{name!r} must be a table: [{name}] then {settings}")
        unknown = sorted(set(table) - set(fields))
        if unknown:
            raise Problem(
                path,
                line,
                f"{what} {name!r} has unknown setting {unknown[0]!r}; only "
                f"{' and '.join(fields)} are read",
            )
        values = {}
        for field in fields:
            value = table.get(field)
            if not isinstance(value, str) or not value.strip():
                raise Problem(path, line, f'{what} {name!r} needs {field} = "..." (non-empty text)')
            if len(value) > MAX_LABEL or "\n" in value:
                raise Problem(
                    path,
                    line,
                    f"{what} {name!r}: {field} must be one line of at most {MAX_LABEL} characters",
                )
            values[field] = value.strip()
        found.append((name, values))
    return found


def suggest(name: str, known: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the closest known name, or nothing."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
