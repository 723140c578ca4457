"""Check and render letter templates into plain text with marked blanks.

Two walls stand between an untrusted template and the machine that builds it:

1. :meth:`Renderer.analyse` checks the template, and every snippet it reaches, before
   anything runs: only the letter language of :mod:`followup.language`; snippet names
   that stay inside ``snippets/`` as real files (no symbolic links); no snippet that
   includes itself; at most :data:`MAX_DEPTH` includes deep; every file at most
   :data:`~followup.reading.SOURCE_LIMIT` bytes; the whole letter at most
   :data:`MAX_LETTER` characters once its snippets are put in. With only text, names and
   includes, rendering cannot loop, and its output is bounded before it starts.
2. :meth:`Renderer.render` runs it in Jinja's
   :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` with
   :class:`~jinja2.StrictUndefined`, no globals but the letter variables, a loader that
   checks every path again, and a cap on repetition, so that even a template that got
   past the first wall could neither reach Python's internals nor fill the memory.

Every variable renders as a marker, so one render gives a
:class:`~followup.model.LetterText` that knows where each blank stands.
"""

from __future__ import annotations

import operator
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .language import (
    MARKER,
    SNIPPET_NAME,
    VARIABLE_CLOSE,
    VARIABLE_OPEN,
    SlotExtension,
    check_template,
    include_problems,
    includes,
    nesting_problem,
    reserved_character,
    too_deep,
)
from .model import Blank, Detail, LetterText, Variable
from .problems import Problem, display_path
from .reading import SOURCE_LIMIT, inside, read_text
from .variables import suggest

#: The longest a letter may be once its snippets are put in, in characters.
MAX_LETTER = 20_000
#: How deep snippets may include snippets.
MAX_DEPTH = 6


class _SnippetLoader(BaseLoader):
    """Loads snippets by name from one folder: real files inside it, and nothing else."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, name: str) -> Path | None:
        """The snippet's path, or ``None`` if that is not a snippet name."""
        if not SNIPPET_NAME.match(name):
            return None
        return self.folder.joinpath(*name.split("/"))

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.path_for(template)
        if path is None or inside(self.folder, path) is not None or not path.is_file():
            raise TemplateNotFound(template)
        mtime = path.stat().st_mtime_ns
        return read_text(path, "snippet"), str(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


class _LetterEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with a cap on ``*`` and no ``**``: the second wall's memory bound."""

    intercepted_binops = frozenset({"*", "**"})

    def compile(
        self,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Jinja's compile, kept by source and file name. Every letter environment is made
        alike (see :class:`Renderer`), so one template's code serves them all: the
        catalogue is loaded afresh for each build, check and scaffold, and compiling its
        templates and snippets again each time was most of the cost."""
        if raw or defer_init or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]
        key = (source, name, filename)
        code = _COMPILED.get(key)
        if code is None:
            code = super().compile(source, name, filename)
            if len(_COMPILED) >= _MOST_COMPILED:
                _COMPILED.clear()
            _COMPILED[key] = code
        return code

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            raise SecurityError("the ** operator is not allowed in letters")
        for value, count in ((left, right), (right, left)):
            repeated = isinstance(value, str | list | tuple) and isinstance(count, int)
            if repeated and len(value) * count > MAX_LETTER:
                raise SecurityError("that repetition makes the letter too long")
        return operator.mul(left, right)


#: Compiled templates, by source and file name (see _LetterEnvironment.compile).
_COMPILED: dict[tuple[str, str | None, str | None], Any] = {}
_MOST_COMPILED = 1024


@dataclass
class Analysis:
    """What a template refers to: every file it depends on and every problem found."""

    dependencies: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Snippet:
    """One snippet file, checked on its own: its size, includes and own problems."""

    size: int
    includes: tuple[tuple[str, int], ...]
    problems: tuple[Problem, ...]


class Renderer:
    """Checks and renders letter templates against one snippet folder and the blanks."""

    def __init__(
        self,
        snippets_dir: Path,
        variables: Mapping[str, Variable],
        details: Mapping[str, Detail] | None = None,
    ) -> None:
        self.snippets_dir = snippets_dir
        self.variables = dict(variables)
        self.details = dict(details or {})
        self._loader = _SnippetLoader(snippets_dir)
        self.env = _LetterEnvironment(
            loader=self._loader,
            undefined=StrictUndefined,
            autoescape=False,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            extensions=[SlotExtension],
        )
        self.env.globals.clear()
        self.env.filters.clear()
        self.env.tests.clear()
        self.env.globals.update(
            {name: f"{VARIABLE_OPEN}{name}{VARIABLE_CLOSE}" for name in self.variables}
        )
        self._snippets: dict[tuple[Path, int, int], _Snippet] = {}

    def path_for(self, name: str) -> Path | None:
        """Where the snippet of that name lives, or ``None`` if it is not a snippet name."""
        return self._loader.path_for(name)

    def snippet_names(self) -> list[str]:
        """Every snippet's name, for suggestions."""
        folder = self.snippets_dir
        return sorted(
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*.j2")
            if SNIPPET_NAME.match(p.relative_to(folder).as_posix())
        )

    # Checking, before anything runs

    def analyse(self, source: str, path: Path, first_line: int = 1) -> Analysis:
        """Check a template and every snippet it reaches, however deep, without running it.

        ``source`` starts at ``first_line`` of ``path``. The dependencies include
        snippets that are missing or broken, so a build that records them notices when
        they are added or fixed.
        """
        analysis = Analysis()
        own = self._parse(source, path, first_line)
        analysis.problems.extend(own.problems)
        size = own.size + self._follow(own, path, [path], analysis, {})
        if size > MAX_LETTER and not analysis.problems:
            analysis.problems.append(
                Problem(
                    path,
                    first_line,
                    f"comes to over {MAX_LETTER:,} characters with its snippets; a letter is "
                    "a few hundred words",
                    kind="template",
                )
            )
        return analysis

    def _parse(self, source: str, path: Path, first_line: int) -> _Snippet:
        reserved = reserved_character(source, path, first_line)
        if reserved is not None:
            return _Snippet(len(source), (), (reserved,))
        deep = nesting_problem(self.env, source, path, first_line)
        if deep is not None:
            return _Snippet(len(source), (), (deep,))
        try:
            tree = self.env.parse(_pad(source, first_line), filename=str(path))
            problems = check_template(tree, path, self.variables, self.details)
            wanted = tuple(
                (str(node.template.value), node.lineno)  # type: ignore[attr-defined] # a Const
                for node in includes(tree)
                if not include_problems(node, path)
            )
        except TemplateSyntaxError as error:
            return _Snippet(len(source), (), (_syntax_problem(error, path),))
        except RecursionError:  # nesting of a kind the scan does not count
            return _Snippet(len(source), (), (too_deep(path, first_line),))
        return _Snippet(len(source), wanted, tuple(problems))

    def _snippet(self, path: Path) -> _Snippet:
        """A snippet checked on its own, remembered until the file changes."""
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in self._snippets:
            try:
                text = read_text(path, "snippet")
            except Problem as problem:
                self._snippets[key] = _Snippet(0, (), (problem,))
            else:
                self._snippets[key] = self._parse(text, path, 1)
        return self._snippets[key]

    def _follow(
        self,
        template: _Snippet,
        path: Path,
        chain: list[Path],
        analysis: Analysis,
        sizes: dict[Path, int],
    ) -> int:
        """The size the includes of ``template`` add; their problems go in ``analysis``."""
        total = 0
        for name, line in template.includes:
            snippet = self._loader.path_for(name)
            if snippet is None:  # already reported by include_problems
                continue
            analysis.dependencies.append(snippet)
            problem = self._reach(name, snippet, line, path, chain)
            if problem is not None:
                analysis.problems.append(problem)
                continue
            if snippet in sizes:
                total += sizes[snippet]
                continue
            found = self._snippet(snippet)
            analysis.problems.extend(p for p in found.problems if p not in analysis.problems)
            sizes[snippet] = found.size + self._follow(
                found, snippet, [*chain, snippet], analysis, sizes
            )
            total += sizes[snippet]
        return total

    def _reach(
        self, name: str, snippet: Path, line: int, path: Path, chain: list[Path]
    ) -> Problem | None:
        """Why the include of ``name`` on ``line`` of ``path`` cannot be followed, if so."""
        refused = inside(self.snippets_dir, snippet)
        if refused is not None:
            return refused
        if not snippet.is_file():
            known = self.snippet_names()
            return Problem(
                path,
                line,
                f"unknown snippet {name!r}{suggest(name, known)} (snippets are the .j2 files "
                f"in {display_path(self.snippets_dir)}/)",
                kind="snippet",
            )
        if snippet in chain:
            loop = " -> ".join(self._name(p) for p in [*chain[chain.index(snippet) :], snippet])
            return Problem(
                path, line, f"snippets include each other in a loop ({loop})", kind="snippet"
            )
        if len(chain) > MAX_DEPTH:
            return Problem(
                path,
                line,
                f"snippets are included more than {MAX_DEPTH} deep here; include the "
                "snippet from the letter instead",
                kind="snippet",
            )
        return None

    def _name(self, path: Path) -> str:
        try:
            return path.relative_to(self.snippets_dir).as_posix()
        except ValueError:
            return path.name

    # Rendering, once the checks pass

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
        except RecursionError:
            raise too_deep(path, first_line) from None
        except SecurityError as error:
            raise self._runtime_problem(
                error, path, f"not allowed in a letter: {_sentence(str(error))}"
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
            if candidate == path or candidate.is_relative_to(self.snippets_dir):
                where, line = candidate, frame.lineno
                break
        return Problem(where, line, message, kind="template")

    def _parts(self, text: str, path: Path) -> LetterText:
        if len(text) > MAX_LETTER:
            raise Problem(
                path, None, f"the letter renders to over {MAX_LETTER:,} characters; shorten it"
            )
        parts: list[str | Blank] = []
        position = 0
        for found in MARKER.finditer(text):
            parts.append(text[position : found.start()])
            variable, detail, example = found.groups()
            if variable is not None:
                parts.append(Blank(variable, self.variables[variable].placeholder))
            else:
                placeholder = self.details[detail].placeholder()
                parts.append(Blank(detail, placeholder, "detail", example.strip()))
            position = found.end()
        parts.append(text[position:])
        return LetterText(tuple(p for p in parts if p != ""))


def _syntax_problem(error: TemplateSyntaxError, path: Path) -> Problem:
    message = _sentence(error.message or "")
    if "slot" not in message:
        message = f"template error: {message}; check the {{% ... %}} and {{{{ ... }}}} on that line"
    return Problem(path, error.lineno, message, kind="template")


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


__all__ = ["MAX_DEPTH", "MAX_LETTER", "SOURCE_LIMIT", "Analysis", "Renderer"]
