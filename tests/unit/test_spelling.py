"""Spelling: every word of the guide, the letters and the snippets is in the dictionary
(pyspellchecker's English list) or in the project's word list, docs/wordlist.txt."""

from __future__ import annotations

from pathlib import Path

import pytest
from spellchecker import SpellChecker

from spelling import ROOT, WORDLIST, misspelt, sources


@pytest.mark.parametrize("path", sources(), ids=lambda path: str(path.relative_to(ROOT)))
def test_spelling(path: Path) -> None:
    problems = misspelt(path)
    assert not problems, "\n".join(problems)


def test_the_word_list_is_sorted_and_has_no_dictionary_words() -> None:
    """Keep the list short: only words the dictionary lacks, in order, each once."""
    words = [
        line.strip()
        for line in WORDLIST.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert words == sorted(set(words), key=str.lower)
    plain = SpellChecker(language="en")
    assert [w for w in words if not plain.unknown([w.lower()])] == []


def test_a_typo_is_caught(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\nThank you for the oppurtunity.\n\n```text\nrecieve\n```\n\n"
        "```{letter} a-mispelt-id\n```\n"
    )
    assert misspelt(page, tmp_path) == [
        "page.md:3: 'oppurtunity' is not in the dictionary; did you mean 'opportunity'? If "
        "it is right, add it to docs/wordlist.txt",
        "page.md:6: 'recieve' is not in the dictionary; did you mean 'receive'? If it is "
        "right, add it to docs/wordlist.txt",
    ]
