"""Patterns from the data files, compiled for an engine that runs in linear time.

Every pattern in ``rules.toml`` and ``signals.toml`` comes from a pull request, so none
may be able to run in more than linear time, whatever it says. They are compiled with
RE2 (the ``google-re2`` bindings), whose matching is linear in the length of the text
for every pattern; the page compiles the same patterns with ``re2js``, a port of the
same engine, so both read a pattern alike. RE2 has no look-arounds or back-references:
a data file says "but not this" with its ``except`` lists and field ``reject`` lists.

The syntax is RE2's: ``\\x{2019}`` for a character by number, ``\\w``, ``\\d``, ``\\s``
and ``\\b`` on ASCII only; flags are given by the code that compiles, never inline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import re2

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

#: Each compiled pattern may use this much memory (RE2 falls back to a slower, still
#: linear, matcher rather than use more).
MAX_MEM = 8 << 20
#: A set of patterns may use this many times as much (128 MB), most of it for the states of
#: its automaton, built as texts need them. With less, the checker's set (some 780 patterns)
#: had so little room left beside its program that it threw its states away and built them
#: again for nearly every sentence: four to eight times slower on letters never seen. RE2
#: counts what it may use, not what it uses: the command's memory did not grow.
SET_MEM = 16


class PatternError(ValueError):
    """A pattern RE2 does not accept, with RE2's reason."""


def flags_prefix(*, ignore_case: bool = False, multiline: bool = False) -> str:
    """The inline flags the page and this module both put before a pattern."""
    letters = ("i" if ignore_case else "") + ("m" if multiline else "")
    return f"(?{letters})" if letters else ""


class Pattern:
    """One pattern, compiled the first time it is used: most patterns are never tried on
    a given letter (the keyword filter skips them), so `followup check` starts without
    compiling them. ``check`` (or ``eager``) compiles at once, to report a bad pattern.
    ``found_in`` on a sentence is the hot path: it works on the sentence's UTF-8 bytes,
    encoded once by the caller, which is twice as fast."""

    __slots__ = ("_compiled", "_full", "source")

    def __init__(
        self,
        source: str,
        *,
        ignore_case: bool = False,
        multiline: bool = False,
        eager: bool = False,
    ) -> None:
        self.source = source
        self._full = flags_prefix(ignore_case=ignore_case, multiline=multiline) + source
        self._compiled: Any = None
        if eager:
            self._compile()

    def _compile(self) -> Any:
        options = re2.Options()
        options.max_mem = MAX_MEM
        options.log_errors = False
        try:
            self._compiled = re2.compile(self._full.encode("utf-8"), options)
        except re2.error as error:
            raise PatternError(str(error)) from None
        return self._compiled

    @property
    def _regexp(self) -> Any:
        return self._compiled if self._compiled is not None else self._compile()

    def found_in(self, encoded: bytes) -> bool:
        """Whether the pattern matches anywhere in the (UTF-8 encoded) text."""
        return self._regexp.search(encoded) is not None

    def search(self, text: str) -> bool:
        return self.found_in(text.encode("utf-8"))

    def spans(self, encoded: bytes) -> Iterator[tuple[int, int]]:
        """The byte spans of every match, left to right, none overlapping."""
        for match in self._regexp.finditer(encoded):
            yield match.span()

    def blank(self, encoded: bytes) -> bytes:
        """The text with every match replaced by as many spaces (so nothing moves)."""
        pieces = []
        last = 0
        for start, end in self.spans(encoded):
            pieces += [encoded[last:start], b" " * (end - start)]
            last = end
        if not pieces:
            return encoded
        pieces.append(encoded[last:])
        return b"".join(pieces)

    def finditer(self, text: str) -> Iterator[Any]:
        """Every match in a text, left to right, with groups and offsets in characters
        (RE2's own matches: ``group``, ``groups``, ``start``, ``end``, ``span``)."""
        return self._regexp.finditer(text)  # type: ignore[no-any-return]

    def cuts(self, text: str) -> Iterator[tuple[int, int]]:
        """Where each match is, in characters, left to right: its first group if the
        pattern has one and it took part (so a pattern can require what follows without
        taking it), or else the whole match. An ASCII text is searched as bytes, whose
        offsets are its characters' (RE2's own offsets, with nothing to translate)."""
        regexp = self._regexp
        grouped = regexp.groups > 0
        for match in regexp.finditer(text.encode("ascii") if text.isascii() else text):
            group = match.span(1) if grouped else (-1, -1)
            yield group if group[0] >= 0 else match.span()

    def first(self, text: str) -> Any:
        """The first match in a text, or None."""
        return self._regexp.search(text)

    def sub(self, replacement: str, text: str) -> str:
        """The text with every match replaced by ``replacement``, taken literally."""
        return str(self._regexp.sub(lambda _: replacement, text))


def check(source: str) -> str | None:
    """Why RE2 refuses a pattern, or None if it compiles."""
    try:
        Pattern(source, eager=True)
    except PatternError as error:
        return str(error)
    return None


class PatternSet:
    """Many patterns searched for at once: which of them occur in a text, found in one
    pass by RE2's ``Set`` (one automaton for all of them) rather than one search each.

    It answers only for texts of at most ``longest`` bytes, a long sentence: on a longer
    run of ever-new words its automaton builds more states than searching pattern by
    pattern costs. And only once it has been asked ``warm_up`` times: building it costs
    more than a short draft's searches, so a one-letter ``followup check`` never does.
    A first, empty pattern matches every text; if RE2 gives up on a text (its automaton
    out of memory), it is missing from the answer, and the answer is None: the caller
    searches one by one.
    """

    __slots__ = ("_asked", "_compiled", "longest", "members", "warm_up")

    #: A ``warm_up`` for a set that is never built: it answers None to every text.
    NEVER = 1 << 62

    def __init__(self, patterns: Iterable[Pattern], *, longest: int = 500, warm_up: int = 64):
        self.members = tuple(dict.fromkeys(patterns))
        self.longest = longest
        self.warm_up = warm_up
        self._asked = 0
        self._compiled: Any = None

    def _compile(self) -> Any:
        options = re2.Options()
        options.max_mem = MAX_MEM * SET_MEM
        options.log_errors = False
        together = re2.Set.SearchSet(options)
        try:
            for source in ["", *(p._full for p in self.members)]:
                together.Add(source.encode("utf-8"))
            together.Compile()
        except re2.error:
            together = False  # too big for one automaton: search one by one
        self._compiled = together
        return together

    def present(self, encoded: bytes) -> set[Pattern] | None:
        """The patterns found in the (UTF-8 encoded) text, or None if not known."""
        together = self._compiled
        if together is None:
            self._asked += 1
            if self._asked < self.warm_up:
                return None
            together = self._compile()
        if together is False or len(encoded) > self.longest:
            return None
        found = together.Match(encoded)
        if not found or 0 not in found:
            return None
        members = self.members
        return {members[number - 1] for number in found if number}
