"""The template language of letters: exactly what a letter needs, and nothing else.

Example letters and snippets arrive in pull requests from strangers, so a template may
hold only:

- plain text (and ``{# comments #}``, which render as nothing);
- a variable, written plainly: ``{{ role }}``;
- a snippet, named in quotes: ``{% include "ask/any-feedback.j2" %}``;
- a personal detail the reader must write, with this letter's example of it:
  ``{% slot moment %}I enjoyed the tour of the kitchen.{% endslot %}``.

:func:`check_template` walks the parsed template before anything runs and refuses every
other construct (loops, conditions, macros, calls, attribute or item access, filters,
tests, operators, ``set``, ``extends``, ``import``) with the file, the line and what is
allowed. Jinja's sandbox stays behind it as a second wall (see :mod:`followup.render`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser

from .problems import Problem
from .variables import suggest

#: Markers that carry variables and slots through Jinja's output. They are private-use
#: characters, which a template may not contain itself (:func:`reserved_character`).
VARIABLE_OPEN, VARIABLE_CLOSE = "\ue000", "\ue001"
SLOT_OPEN, SLOT_SEPARATOR, SLOT_CLOSE = "\ue002", "\ue003", "\ue004"
RESERVED = re.compile("[\ue000-\ue004]")
MARKER = re.compile(
    f"{VARIABLE_OPEN}([a-z][a-z0-9_]*){VARIABLE_CLOSE}"
    f"|{SLOT_OPEN}([a-z][a-z0-9_]*){SLOT_SEPARATOR}([^{SLOT_CLOSE}]*){SLOT_CLOSE}"
)
#: A snippet's name: one optional folder (the move) and a file, lower-case words
#: joined by hyphens, such as ``ask/any-feedback.j2``.
SNIPPET_NAME = re.compile(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*\.j2\Z")
ALLOWED = (
    'plain text, {{ variable }}, {% include "move/phrasing.j2" %} and '
    "{% slot name %}an example sentence{% endslot %}"
)

_REFUSED = {
    nodes.For: "a loop ({% for %})",
    nodes.If: "a condition ({% if %})",
    nodes.Macro: "a macro",
    nodes.CallBlock: "a call block",
    nodes.Call: "a call",
    nodes.Getattr: "attribute access (x.y)",
    nodes.Getitem: "item access (x[...])",
    nodes.Filter: "a filter (|)",
    nodes.FilterBlock: "a filter block",
    nodes.Test: "a test (is ...)",
    nodes.Extends: "{% extends %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from ... import %}",
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.Block: "a block",
    nodes.With: "{% with %}",
    nodes.Const: "a quoted value (write text as plain text)",
    nodes.CondExpr: "an if-expression",
}


class SlotExtension(Extension):
    """``{% slot name %}example{% endslot %}``: where the reader writes their own sentence.

    It renders as one marker holding the detail's name and this letter's example, which
    :mod:`followup.render` turns into a :class:`~followup.model.Blank`.
    """

    tags = {"slot"}  # noqa: RUF012 (Jinja's own class attribute)

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        usage = "write it as {% slot moment %}one example sentence{% endslot %}"
        if parser.stream.current.type != "name":
            parser.fail(f"a slot starts with the name of a detail; {usage}", lineno)
        name = next(parser.stream).value
        if parser.stream.current.type != "block_end":
            parser.fail(f"a slot has only a name; {usage}", lineno)
        body = parser.parse_statements(("name:endslot",), drop_needle=True)
        texts = [
            child.data
            for output in body
            if isinstance(output, nodes.Output)
            for child in output.nodes
            if isinstance(child, nodes.TemplateData)
        ]
        plain = len(body) == 1 and isinstance(body[0], nodes.Output)
        plain = plain and len(texts) == len(body[0].nodes)  # type: ignore[attr-defined]
        example = " ".join("".join(texts).split())
        if not plain:
            parser.fail(f"a slot holds only plain text, its example; {usage}", lineno)
        if not example:
            parser.fail(f"a slot needs an example sentence; {usage}", lineno)
        marker = f"{SLOT_OPEN}{name}{SLOT_SEPARATOR}{example}{SLOT_CLOSE}"
        return nodes.Output([nodes.TemplateData(marker, lineno=lineno)], lineno=lineno)


def reserved_character(source: str, path: Path, first_line: int = 1) -> Problem | None:
    """A problem if the template holds a character the renderer keeps for itself."""
    found = RESERVED.search(source)
    if found is None:
        return None
    line = first_line + source.count("\n", 0, found.start())
    return Problem(
        path,
        line,
        f"holds the reserved character U+{ord(found.group()):04X}; delete it",
        kind="template",
    )


#: How deep brackets and blocks may nest in a template before it is parsed. A letter
#: needs none at all; Jinja's parser recurses on each level, and a few hundred would
#: overflow Python's stack.
MAX_NESTING = 20
#: The most parts (names, operators, brackets, quoted values) one ``{{ ... }}`` or
#: ``{% ... %}`` may hold. A letter's longest is an include: three.
MAX_TAG_PARTS = 100
_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")
_BLOCKS = frozenset(
    {"slot", "for", "if", "macro", "call", "filter", "block", "with", "raw", "autoescape", "trans"}
)


def nesting_problem(
    env: Environment, source: str, path: Path, first_line: int = 1
) -> Problem | None:
    """A problem if the template nests brackets or blocks, or packs one tag, beyond any
    letter's need, found by Jinja's lexer (which does not recurse) before parsing.

    A mistake the lexer finds is left to the parser, which reports it.
    """
    if source.count("{") < 2:
        return None
    depth = blocks = parts = 0
    opened = False
    try:
        for line, kind, value in env.lex(source):
            if kind in ("variable_begin", "block_begin"):
                parts, opened = 0, kind == "block_begin"
            elif kind in ("whitespace", "data", "comment", "comment_begin", "comment_end"):
                continue
            elif kind not in ("variable_end", "block_end"):
                parts += 1
                if opened and kind == "name":
                    blocks += -1 if value.startswith("end") else value in _BLOCKS
                    opened = False
                elif kind == "operator" and value in _OPEN:
                    depth += 1
                elif kind == "operator" and value in _CLOSE:
                    depth = max(depth - 1, 0)
            if depth > MAX_NESTING or blocks > MAX_NESTING:
                return too_deep(path, first_line + line - 1)
            if parts > MAX_TAG_PARTS:
                return Problem(
                    path,
                    first_line + line - 1,
                    f"a {{{{ ... }}}} or {{% ... %}} here holds over {MAX_TAG_PARTS} parts; "
                    f"a letter may use only {ALLOWED}",
                    kind="template",
                )
    except TemplateSyntaxError:
        return None
    return None


def too_deep(path: Path, line: int | None) -> Problem:
    """The problem for a template nested deeper than any letter needs."""
    return Problem(
        path,
        line,
        f"brackets or blocks nest more than {MAX_NESTING} deep here; a letter may use only "
        f"{ALLOWED}",
        kind="template",
    )


def includes(tree: nodes.Template) -> Iterator[nodes.Include]:
    """Every include in a template, in order."""
    yield from tree.find_all(nodes.Include)


def check_template(
    tree: nodes.Template,
    path: Path,
    variables: Mapping[str, Any],
    details: Mapping[str, Any],
) -> list[Problem]:
    """Every construct outside the letter language, every unknown name, with its line."""
    problems: list[Problem] = []
    for node in tree.body:
        _check_statement(node, path, variables, details, problems)
    return problems


def _check_statement(
    node: nodes.Node,
    path: Path,
    variables: Mapping[str, Any],
    details: Mapping[str, Any],
    problems: list[Problem],
) -> None:
    if isinstance(node, nodes.Output):
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                _check_slots(child, path, details, problems)
            elif isinstance(child, nodes.Name) and child.ctx == "load":
                _check_name(child, path, variables, details, problems)
            else:
                problems.append(_refused(child, path))
    elif isinstance(node, nodes.Include):
        problems.extend(include_problems(node, path))
    else:
        problems.append(_refused(node, path))


def include_problems(node: nodes.Include, path: Path) -> list[Problem]:
    """What is wrong with how an include is written (not whether the snippet exists)."""
    target = node.template
    if not (isinstance(target, nodes.Const) and isinstance(target.value, str)):
        message = 'name the snippet in quotes, for example {% include "greeting/dear.j2" %}'
        return [Problem(path, node.lineno, message, kind="snippet")]
    if node.ignore_missing or not node.with_context:
        return [
            Problem(
                path,
                node.lineno,
                f'write the include plainly, as {{% include "{target.value}" %}}',
                kind="snippet",
            )
        ]
    name = target.value
    if not SNIPPET_NAME.match(name):
        leaves = name.startswith("/") or ".." in name.split("/") or "\\" in name
        reason = "leaves the snippets folder" if leaves else "is not a snippet name"
        return [
            Problem(
                path,
                node.lineno,
                f"snippet name {name!r} {reason}; a snippet is named like "
                '"ask/any-feedback.j2": a folder for the move, then lower-case words '
                "joined by hyphens",
                kind="snippet",
            )
        ]
    return []


def _check_name(
    node: nodes.Name,
    path: Path,
    variables: Mapping[str, Any],
    details: Mapping[str, Any],
    problems: list[Problem],
) -> None:
    name = node.name
    if name in variables:
        return
    if name in details:
        message = (
            f"{name!r} is a personal detail, which the reader writes; mark it with this "
            f"letter's example: {{% slot {name} %}}an example sentence{{% endslot %}}"
        )
    else:
        message = (
            f"unknown variable {name!r}{suggest(name, variables)} (the variables a letter "
            "may use are listed in snippets/variables.toml)"
        )
    problems.append(Problem(path, node.lineno, message, kind="variable"))


def _check_slots(
    node: nodes.TemplateData, path: Path, details: Mapping[str, Any], problems: list[Problem]
) -> None:
    for found in MARKER.finditer(node.data):
        name = found.group(2)
        if name is not None and name not in details:
            problems.append(
                Problem(
                    path,
                    node.lineno,
                    f"unknown personal detail {name!r}{suggest(name, details)} (the details "
                    "a letter may mark are listed in snippets/details.toml)",
                    kind="variable",
                )
            )


def _refused(node: nodes.Node, path: Path) -> Problem:
    what = next(
        (label for kind, label in _REFUSED.items() if isinstance(node, kind)),
        "an operator" if isinstance(node, nodes.Expr) else f"{{% {type(node).__name__} %}}",
    )
    return Problem(
        path,
        node.lineno,
        f"{what} is not allowed in a letter; a letter may use only {ALLOWED}",
        kind="template",
    )
