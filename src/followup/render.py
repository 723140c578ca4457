"""Render letter templates in Jinja's sandbox into plain text with marked variables.

Example letters and snippets arrive in pull requests, so they are untrusted: they are
rendered with :class:`~jinja2.sandbox.SandboxedEnvironment` and
:class:`~jinja2.StrictUndefined`, no autoescaping (the output is plain text; the HTML side
escapes it), and no Jinja globals but the letter variables.

Every variable renders as a marker, so one render gives a :class:`LetterText` that
knows where each variable stands. That one result serves the plain text (with values or
placeholders filled in), the HTML page (with each variable in its own element) and the
``.txt`` download.
"""

from __future__ import annotations

import operator
import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .problems import Problem, display_path, read_text
from .variables import Variable, suggest

OPEN, CLOSE = "\ue000", "\ue001"
_MARKED = re.compile(f"{OPEN}([a-z][a-z0-9_]*){CLOSE}")
_MAX_OUTPUT = 100_000
_REFERENCES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


@dataclass(frozen=True)
class Slot:
    """Where a variable stands in a letter."""

    name: str
    placeholder: str


@dataclass(frozen=True)
class LetterText:
    """Rendered text: literal parts and variable slots, in order."""

    parts: tuple[str | Slot, ...]

    def fill(self, values: Mapping[str, str] | None = None) -> str:
        """The text with each variable's value, or its placeholder where none is given."""
        values = values or {}
        return "".join(
            part if isinstance(part, str) else values.get(part.name) or part.placeholder
            for part in self.parts
        )

    @property
    def variables(self) -> tuple[str, ...]:
        """The variable names used, each once, in order of first use."""
        return tuple(dict.fromkeys(p.name for p in self.parts if isinstance(p, Slot)))

    def __str__(self) -> str:
        return self.fill()


class _SnippetLoader(BaseLoader):
    """Loads snippets by name from one folder, refusing paths that leave it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, name: str) -> Path | None:
        pieces = name.split("/")
        if name.startswith("/") or any(p in ("", ".", "..") or "\\" in p for p in pieces):
            return None
        return self.folder.joinpath(*pieces)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        path = self.path_for(template)
        if path is None or not path.is_file():
            raise TemplateNotFound(template)
        mtime = path.stat().st_mtime
        return read_text(path, "snippet"), str(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


class _LetterEnvironment(SandboxedEnvironment):
    """The sandbox, with a cap on ``*`` and ``**`` so a template cannot eat the memory."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            raise SecurityError("the ** operator is not allowed in letters")
        for value, count in ((left, right), (right, left)):
            repeated = isinstance(value, str | list | tuple) and isinstance(count, int)
            if repeated and len(value) * count > _MAX_OUTPUT:
                raise SecurityError("that repetition makes the letter too long")
        return operator.mul(left, right)


@dataclass
class Analysis:
    """What a template refers to: every file it depends on and every problem found."""

    dependencies: list[Path]
    problems: list[Problem]


class Renderer:
    """Checks and renders letter templates against one snippet folder and variable set."""

    def __init__(self, snippets_dir: Path, variables: Mapping[str, Variable]) -> None:
        self.snippets_dir = snippets_dir.resolve()
        self.variables = dict(variables)
        self._loader = _SnippetLoader(self.snippets_dir)
        self.env = _LetterEnvironment(
            loader=self._loader,
            undefined=StrictUndefined,
            autoescape=False,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.globals.clear()
        self.env.globals.update({name: f"{OPEN}{name}{CLOSE}" for name in self.variables})

    def path_for(self, name: str) -> Path | None:
        """Where the snippet of that name lives, or ``None`` if the name leaves the folder."""
        return self._loader.path_for(name)

    def snippet_names(self) -> list[str]:
        """Every snippet's name, for suggestions."""
        return sorted(
            p.relative_to(self.snippets_dir).as_posix() for p in self.snippets_dir.rglob("*.j2")
        )

    def analyse(self, source: str, path: Path, first_line: int = 1) -> Analysis:
        """Check a template and every snippet it reaches, however deep, without running it.

        ``source`` starts at ``first_line`` of ``path``. The dependencies include
        snippets that are missing or broken, so a build that records them notices when
        they are added or fixed.
        """
        analysis = Analysis([], [])
        self._walk(_pad(source, first_line), path, {path}, analysis)
        return analysis

    def _walk(self, source: str, path: Path, seen: set[Path], analysis: Analysis) -> None:
        try:
            tree = self.env.parse(source, filename=str(path))
        except TemplateSyntaxError as error:
            analysis.problems.append(
                Problem(
                    path,
                    error.lineno,
                    f"template error: {_sentence(error.message)}; check the {{% ... %}} "
                    "and {{ ... }} on that line",
                    kind="template",
                )
            )
            return
        for node in tree.find_all(_REFERENCES):
            self._follow(node, path, seen, analysis)
        self._check_names(tree, path, analysis)

    def _follow(self, node: nodes.Node, path: Path, seen: set[Path], analysis: Analysis) -> None:
        target = node.template  # type: ignore[attr-defined]
        if not (isinstance(target, nodes.Const) and isinstance(target.value, str)):
            analysis.problems.append(
                Problem(
                    path,
                    node.lineno,
                    'name the snippet in quotes, for example {% include "greeting.j2" %}',
                    kind="snippet",
                )
            )
            return
        name = target.value
        snippet = self._loader.path_for(name)
        if snippet is None:
            analysis.problems.append(
                Problem(
                    path,
                    node.lineno,
                    f"snippet name {name!r} leaves the snippets folder; use a name such as "
                    '"greeting.j2"',
                    kind="snippet",
                )
            )
            return
        analysis.dependencies.append(snippet)
        if not snippet.is_file():
            analysis.problems.append(
                Problem(
                    path,
                    node.lineno,
                    f"unknown snippet {name!r}{suggest(name, self.snippet_names())} "
                    f"(snippets are the .j2 files in {display_path(self.snippets_dir)})",
                    kind="snippet",
                )
            )
            return
        if snippet in seen:
            return
        seen.add(snippet)
        try:
            text = read_text(snippet, "snippet")
        except Problem as problem:
            analysis.problems.append(problem)
            return
        self._walk(text, snippet, seen, analysis)

    def _check_names(self, tree: nodes.Template, path: Path, analysis: Analysis) -> None:
        # A name used as a snippet's name is reported once, by _follow, not again here.
        targets = {
            n.template.name  # type: ignore[attr-defined]
            for n in tree.find_all(_REFERENCES)
            if isinstance(n.template, nodes.Name)  # type: ignore[attr-defined]
        }
        for node in tree.find_all(nodes.Filter):
            if isinstance(node.node, nodes.Name) and node.node.name in self.variables:
                analysis.problems.append(
                    Problem(
                        path,
                        node.lineno,
                        f"a filter changes the variable {node.node.name!r}, but the reader "
                        f"fills it in; write it plainly, as {{{{ {node.node.name} }}}}",
                        kind="variable",
                    )
                )
        unknown = meta.find_undeclared_variables(tree) - self.variables.keys() - targets
        for name in sorted(unknown):
            line = min(
                (n.lineno for n in tree.find_all(nodes.Name) if n.name == name), default=None
            )
            analysis.problems.append(
                Problem(
                    path,
                    line,
                    f"unknown variable {name!r}{suggest(name, self.variables)} (the variables "
                    "a letter may use are listed in snippets/variables.toml)",
                    kind="variable",
                )
            )

    def render(self, source: str, path: Path, first_line: int = 1) -> LetterText:
        """Render ``source``, which starts at ``first_line`` of ``path``.

        Call :meth:`analyse` first: this reports only what goes wrong while running.
        Raises :class:`Problem` with the template file and line where the fault is.
        """
        try:
            code = self.env.compile(_pad(source, first_line), filename=str(path))
            template = self.env.template_class.from_code(
                self.env, code, self.env.make_globals(None), None
            )
            output = template.render()
        except SecurityError as error:
            raise self._runtime_problem(
                error,
                path,
                f"not allowed in a letter: {_sentence(str(error))}; use only "
                "plain text, snippets and the letter variables",
            ) from None
        except TemplateError as error:
            raise self._runtime_problem(
                error, path, f"template error: {_sentence(str(error))}"
            ) from None
        except Exception as error:  # an untrusted template may raise anything
            raise self._runtime_problem(
                error, path, f"template error: {type(error).__name__}: {_sentence(str(error))}"
            ) from None
        return self._parts(_tidy(output), path)

    def _runtime_problem(self, error: BaseException, path: Path, message: str) -> Problem:
        where, line = path, None
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            candidate = Path(frame.filename)
            if candidate == path or candidate.parent == self.snippets_dir:
                where, line = candidate, frame.lineno
                break
        return Problem(where, line, message, kind="template")

    def _parts(self, text: str, path: Path) -> LetterText:
        if len(text) > _MAX_OUTPUT:
            raise Problem(path, None, "the letter renders to over 100,000 characters; shorten it")
        parts: list[str | Slot] = []
        position = 0
        for found in _MARKED.finditer(text):
            parts.append(text[position : found.start()])
            name = found.group(1)
            parts.append(Slot(name, self.variables[name].placeholder))
            position = found.end()
        parts.append(text[position:])
        if any(isinstance(p, str) and (OPEN in p or CLOSE in p) for p in parts):
            raise Problem(
                path,
                None,
                "a variable was changed by a filter or an operation; write it plainly, "
                "for example {{ company }}",
                kind="variable",
            )
        return LetterText(tuple(p for p in parts if p != ""))


def _pad(source: str, first_line: int) -> str:
    """Blank lines before ``source`` so that Jinja's line numbers are the file's."""
    return "\n" * (first_line - 1) + source


def _tidy(text: str) -> str:
    """Trailing spaces off every line, at most one blank line in a row, no blank ends."""
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _sentence(text: str) -> str:
    """An error message as a clause: one line, no full stop at the end."""
    return " ".join(text.split()).rstrip(".")
