"""The variables a letter may use, read from ``snippets/variables.toml``."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, read_text
from .tomlfile import key_line, parse_toml

VARIABLES_FILE = "variables.toml"
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


@dataclass(frozen=True)
class Variable:
    """A value a reader fills in, such as the interviewer's name."""

    name: str
    label: str
    placeholder: str


def load_variables(path: Path) -> dict[str, Variable]:
    """Read the variable registry; every mistake in it is a :class:`Problem`."""
    text = read_text(path, "variables file")
    data = parse_toml(text, path)
    lines = text.splitlines()
    variables: dict[str, Variable] = {}
    for name, table in data.items():
        line = key_line(lines, name)
        if not _NAME.match(name):
            raise Problem(
                path, line, f"variable name {name!r} must be lower-case letters, digits and _"
            )
        if not isinstance(table, dict):
            raise Problem(
                path,
                line,
                f'{name!r} must be a table: [{name}] then label = "..." and placeholder = "..."',
            )
        unknown = sorted(set(table) - {"label", "placeholder"})
        if unknown:
            raise Problem(
                path,
                line,
                f"variable {name!r} has unknown setting {unknown[0]!r}; "
                "only label and placeholder are read",
            )
        values = {}
        for field in ("label", "placeholder"):
            value = table.get(field)
            if not isinstance(value, str) or not value.strip():
                raise Problem(
                    path, line, f'variable {name!r} needs {field} = "..." (non-empty text)'
                )
            values[field] = value.strip()
        variables[name] = Variable(name, values["label"], values["placeholder"])
    return variables


def suggest(name: str, known: list[str] | set[str] | dict[str, object]) -> str:
    """``; did you mean 'x'?`` for the closest known name, or nothing."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
