"""Which words a pattern cannot match without: the keys that let the checker skip it.

A rule's patterns are large alternations, and trying every branch at every word of
every sentence is most of the cost of checking a letter. But most branches start with a
literal word: ``\\bswayed\\b`` cannot match a sentence that has no word starting with
"swayed". :func:`split_branches` cuts a pattern into its top-level branches, and
:func:`keys_of` works out, from Python's own parse of a branch, a set of word prefixes
such that any match contains a word that starts with one of them (choosing the rarest
such set), or ``None`` when no such set can be proved. The checker (in Python and in the
browser alike) tries a branch only when one of its keys starts a word of the sentence.

The analysis is conservative: a key is only ever taken from a literal that must appear
in every match, at the start of a word. Anything it cannot prove gives ``None``, and
that branch is simply always tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

#: Common words: a key set made of these is barely a filter, so another is preferred.
COMMON = frozenset(
    {
        "a",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "is",
        "it",
        "its",
        "me",
        "more",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "there",
        "they",
        "this",
        "to",
        "too",
        "up",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    }
)
#: Keys shorter than this are no use as a filter.
MIN_KEY = 2
WORD = re.compile(r"\w+", re.ASCII)


def words(sentence: str) -> list[str]:
    """The words of a sentence as the keys are compared with them: ASCII, lower case."""
    return [w.lower() for w in WORD.findall(sentence)]


def split_branches(pattern: str) -> list[str]:
    """The top-level branches of a pattern, looking inside any groups that wrap it whole."""
    while True:
        inner = _whole_group(pattern)
        if inner is None:
            break
        pattern = inner
    cuts = [i for i, char, depth in _structure(pattern) if char == "|" and depth == 0]
    edges = [-1, *cuts, len(pattern)]
    return [pattern[start + 1 : end] for start, end in pairwise(edges)]


def _whole_group(pattern: str) -> str | None:
    """The inside of ``(?:...)`` if that group spans the whole pattern."""
    if not (pattern.startswith("(?:") and pattern.endswith(")")):
        return None
    for i, char, depth in _structure(pattern):
        if char == ")" and depth == 1:  # the first group closes here
            return pattern[3:-1] if i == len(pattern) - 1 else None
    return None


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each ``(``, ``)`` and ``|`` of a pattern that is not escaped or in a character
    class: its position, itself, and how many groups are open before it."""
    depth, i = 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(pattern, i)
            continue
        if char in "()|":
            yield i, char, depth
            depth += {"(": 1, ")": -1}.get(char, 0)
        i += 1


def _class_end(pattern: str, start: int) -> int:
    """Where the character class opened at ``start`` ends (just after its ``]``); a ``]``
    first in the class, or just after ``^``, is a literal one."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


#: RE2 syntax that Python's parser reads otherwise, or not at all: a pattern with any of
#: it gets no keys (it is always tried), so the filter never skips what RE2 would match.
_RE2_ONLY = re.compile(r"\[\[:|\\[pPQECz]|\(\?[a-zA-Z]*U")
_CODE_POINT = re.compile(r"\\x\{([0-9a-fA-F]{1,6})\}")


def keys_of(pattern: str) -> list[str] | None:
    """Word prefixes one of which every match of ``pattern`` must start a word with.

    The pattern is in RE2's syntax (see :mod:`followup.linear`); it is read with
    Python's parser, which agrees on everything the filter looks at once ``\\x{...}``
    is spelt as Python spells it."""
    if _RE2_ONLY.search(pattern):
        return None
    pattern = _CODE_POINT.sub(lambda m: f"\\U{int(m.group(1), 16):08x}", pattern)
    try:
        parsed = _parser.parse(pattern, re.IGNORECASE | re.ASCII)
    except re.error:
        return None
    found = _best(list(parsed), word_start=False)
    if not found or min(len(k) for k in found) < MIN_KEY:
        return None
    return sorted(found)


def _score(keys: set[str]) -> tuple[float, int]:
    worst = min((0.5 if k in COMMON else len(k)) if len(k) >= MIN_KEY else 0 for k in keys)
    return worst, -len(keys)


def _better(current: set[str] | None, other: set[str] | None) -> set[str] | None:
    if other is None:
        return current
    if current is None or _score(other) > _score(current):
        return other
    return current


def _is_word_literal(code: int) -> bool:
    return code < 128 and (chr(code).isalnum() or chr(code) == "_")


def _separator(op: Any, av: Any) -> bool:
    """Whether this single-character item always matches a character that is not a word's."""
    if op is c.LITERAL:
        return not _is_word_literal(av)
    if op is c.IN:
        for item_op, item_av in av:
            if item_op is c.LITERAL and not _is_word_literal(item_av):
                continue
            if item_op is c.CATEGORY and item_av in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD):
                continue
            return False
        return True
    return False


def _ends_with_separator(items: list[Any]) -> bool:
    """Whether the position after these items always follows a non-word character."""
    if not items:
        return False
    op, av = items[-1]
    if _separator(op, av):
        return True
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, _, body = av
        return low >= 1 and _ends_with_separator(list(body))
    if op is c.SUBPATTERN:
        return _ends_with_separator(list(av[-1]))
    if op is c.BRANCH:
        return all(_ends_with_separator(list(b)) for b in av[1])
    return False


def _prefixes(items: list[Any]) -> set[str]:
    """The literal word characters every match of ``items`` starts with, one per way it
    can start ("" if some way starts with anything else). Python's parser factors
    "grateful|glad" into "g" then "rateful|lad"; this puts the pieces back together."""
    if not items:
        return {""}
    op, av = items[0]
    if op is c.LITERAL and _is_word_literal(av):
        run, i = "", 0
        while i < len(items) and items[i][0] is c.LITERAL and _is_word_literal(items[i][1]):
            run += chr(items[i][1]).lower()
            i += 1
        return {run + tail for tail in _prefixes(items[i:])} if i < len(items) else {run}
    if op is c.BRANCH:
        return set().union(*(_prefixes(list(branch)) for branch in av[1]))
    if op is c.SUBPATTERN:
        return _prefixes(list(av[-1]))
    return {""}


def _best(items: list[Any], word_start: bool) -> set[str] | None:
    """The rarest key set proved for a sequence; ``word_start`` says whether the
    position where it starts is known to begin a word (if a word character is there)."""
    best: set[str] | None = None
    i = 0
    while i < len(items):
        op, av = items[i]
        if op is c.LITERAL and _is_word_literal(av):
            if word_start:
                found = _prefixes(items[i:])
                if "" not in found:
                    best = _better(best, found)
            while i < len(items) and items[i][0] is c.LITERAL and _is_word_literal(items[i][1]):
                i += 1
            word_start = False
            continue
        if op is c.AT:
            word_start = av is c.AT_BOUNDARY or (av is c.AT_BEGINNING and word_start)
        elif op is c.SUBPATTERN:
            inner = list(av[-1])
            best = _better(best, _best(inner, word_start))
            word_start = _ends_with_separator(inner)
        elif op is c.BRANCH:
            each = [_best(list(branch), word_start) for branch in av[1]]
            proved = [keys for keys in each if keys is not None]
            if len(proved) == len(each):
                best = _better(best, set().union(*proved))
            word_start = all(_ends_with_separator(list(b)) for b in av[1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _, body = av
            body_items = list(body)
            if low >= 1:
                best = _better(best, _best(body_items, word_start))
                word_start = _ends_with_separator(body_items)
            else:  # absent, the position is unchanged; present, it follows the body
                word_start = word_start and _ends_with_separator(body_items)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            pass  # a lookaround consumes nothing: the position is unchanged
        else:
            word_start = _separator(op, av)
        i += 1
    return best
