"""Spelling for the guide, the letters and the snippets: every word is in the dictionary
(pyspellchecker's English list) or in the project's word list, docs/wordlist.txt."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from spellchecker import SpellChecker

ROOT = Path(__file__).resolve().parent.parent
WORDLIST = ROOT / "docs" / "wordlist.txt"
WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
NOT_PROSE = re.compile(
    r"`[^`]*`"  # inline code
    r"|\]\([^)]*\)"  # link targets
    r"|\{[a-z-]+\}"  # MyST roles
    r"|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"  # Jinja
    r"|https?://\S+"
    r"|<[^>]+>"
)


def sources() -> list[Path]:
    found = [
        *sorted((ROOT / "docs").rglob("*.md")),
        *sorted((ROOT / "examples").glob("*.j2")),
        *sorted((ROOT / "snippets").rglob("*.j2")),
        ROOT / "examples" / "scenarios.toml",
        ROOT / "README.md",
        ROOT / "CONTRIBUTING.md",
    ]
    return [path for path in found if path.exists()]


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """The lines a reader reads, with their numbers; code and markup left out.

    Fenced blocks are skipped, except ```text blocks (sample letters and drafts).
    """
    lines = []
    fence, keep = None, False  # the fence of the block we are in, and whether it is prose
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        opening = re.match(r"^(`{3,}|:{3,})(.*)$", stripped)
        if fence is None and opening:
            fence, keep = opening.group(1), opening.group(2).strip() == "text"
            continue
        if fence is not None and stripped == fence:
            fence = None
            continue
        if fence is not None and not keep:
            continue
        if path.suffix == ".toml" and not re.match(r'^\w+ = "', stripped):
            continue  # comments and table names
        if path.suffix == ".j2" and re.match(r"^(\+\+\+|scenario|channel|tone) ?=?", stripped):
            continue  # the fence and the fields whose values are ids
        if path.suffix == ".md" and stripped.startswith(("(", ":")):
            continue  # targets and directive options
        lines.append((number, NOT_PROSE.sub(" ", line)))
    return lines


@cache
def checker() -> SpellChecker:
    spell = SpellChecker(language="en")
    words = [
        line.split("#")[0].strip().lower()
        for line in WORDLIST.read_text(encoding="utf-8").splitlines()
    ]
    spell.word_frequency.load_words([w for w in words if w])
    return spell


def misspelt(path: Path, root: Path = ROOT) -> list[str]:
    """One line for each word the dictionary and the word list lack."""
    spell = checker()
    found = []
    for number, line in prose_lines(path):
        for word in WORD.findall(line):
            plain = word.replace("\u2019", "'").lower().removesuffix("'s")
            if plain in spell.unknown([plain]):
                guess = spell.correction(plain)
                hint = f"; did you mean {guess!r}?" if guess and guess != plain else "."
                found.append(
                    f"{path.relative_to(root)}:{number}: {word!r} is not in the dictionary"
                    f"{hint} If it is right, add it to docs/wordlist.txt"
                )
    return found
