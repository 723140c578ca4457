"""The one-line error that every mistake in a user's file becomes."""

from __future__ import annotations

import os
from pathlib import Path


class Problem(Exception):
    """A mistake in a file a person wrote: where it is, what is wrong and what to do.

    ``str(problem)`` is one line, ``path:line: message``, ready for a terminal, a
    Sphinx warning or a test failure. ``kind`` sorts problems for Sphinx's warning
    types (``metadata``, ``snippet``, ``variable``, ``template``, ...). Two problems
    are equal when they say the same thing about the same place.
    """

    def __init__(
        self, path: Path | None, line: int | None, message: str, kind: str = "input"
    ) -> None:
        super().__init__(path, line, message, kind)
        self.path = path
        self.line = line
        self.message = message
        self.kind = kind

    def _key(self) -> tuple[object, ...]:
        return (self.path, self.line, self.message, self.kind)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem({self.path!r}, {self.line!r}, {self.message!r}, {self.kind!r})"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    @property
    def where(self) -> str:
        """``path:line`` (or just ``path``) as a person would type it, relative to the cwd."""
        if self.path is None:
            return ""
        shown = display_path(self.path)
        return f"{shown}:{self.line}" if self.line else shown


def display_path(path: Path | str) -> str:
    """Show a path relative to the working directory when it lies below it."""
    text = os.fspath(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return text
    return text if relative.startswith("..") else relative


def read_text(path: Path, what: str = "file") -> str:
    """Read a UTF-8 text file, or raise a :class:`Problem` that says what is wrong with it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise Problem(path, None, f"no such {what}; check the name and the folder") from None
    except IsADirectoryError:
        raise Problem(path, None, f"is a folder, not a {what}") from None
    except OSError as error:
        raise Problem(path, None, f"cannot be read ({error.strerror})") from None
    return decode_text(data, path, what)


def decode_text(data: bytes, path: Path | None, what: str = "file") -> str:
    """Decode UTF-8 text (a BOM is allowed), refusing binary data with a clear problem."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise Problem(path, line, f"is binary, not text; a {what} must be plain UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Problem(
            path, line, f"is not UTF-8 text; save the {what} as UTF-8 in your editor"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
