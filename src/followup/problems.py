"""The one-line error that every mistake in a user's file becomes."""

from __future__ import annotations

import os
from enum import StrEnum

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import TypeAlias

    #: Where a problem is: a path, or the name given on the command line (`followup
    #: check` does without pathlib, a few milliseconds of its start), or "<stdin>".
    Where: TypeAlias = str | os.PathLike[str]


class Kind(StrEnum):
    """What kind of mistake a problem is: the subtype of its Sphinx warning.

    A build can silence one kind with ``suppress_warnings = ["followup.page"]``;
    CONTRIBUTING.md lists them all.
    """

    INPUT = "input"
    """A file that cannot be read: missing, binary, not UTF-8, too big, a symbolic link."""
    METADATA = "metadata"
    """The front matter of an example, or a data file beside it."""
    SNIPPET = "snippet"
    """An include: an unknown snippet, a bad name, a loop of includes."""
    VARIABLE = "variable"
    """An unknown variable or personal detail, or a detail marked twice."""
    TEMPLATE = "template"
    """Template syntax, or a construct the letter language does not allow."""
    SCAFFOLD = "scaffold"
    """An instruction from ``followup new`` still waiting for the contributor's words."""
    PAGE = "page"
    """A guide page: an unknown example id, a letter shown twice, a letter on no page, raw
    HTML, or a file the page may not insert or show."""
    THEME = "theme"
    """The theme's markup changed, so an accessibility fix could not be applied."""


class Problem(Exception):
    """A mistake in a file a person wrote: where it is, what is wrong and what to do.

    ``str(problem)`` is one line, ``path:line: message``, ready for a terminal, a
    Sphinx warning or a test failure. ``kind`` sorts problems for Sphinx's warning
    types (``metadata``, ``snippet``, ``variable``, ``template``, ...). Two problems
    are equal when they say the same thing about the same place.
    """

    def __init__(
        self, path: Where | None, line: int | None, message: str, kind: str = Kind.INPUT
    ) -> None:
        super().__init__(path, line, message, kind)
        self.path = path
        self.line = line
        self.message = message
        self.kind = Kind(kind)

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


def display_path(path: Where) -> str:
    """Show a path relative to the working directory when it lies below it."""
    text = os.fspath(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return text
    return text if relative.startswith("..") else relative
