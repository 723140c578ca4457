"""What the guide's pages show is true: quoted sentences, sample drafts and outputs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from followup.checker import default_rules

DOCS = Path(__file__).resolve().parents[2] / "docs"
RULE_FOR_SECTION = {"Rule 1": "thanks", "Rule 2": "feedback_request", "Rule 3": "asks_why"}


def fenced_blocks(page: Path) -> list[str]:
    """The ```text blocks of a page, in order."""
    return re.findall(r"^```text\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)


def quoted_examples() -> list[tuple[str, str, bool]]:
    """(rule, sentence, whether the page says it counts) for each quote on the rules page."""
    found = []
    rule, counts = None, None
    for line in (DOCS / "reference" / "rules.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            rule = next((r for key, r in RULE_FOR_SECTION.items() if key in line), None)
        elif line.startswith("These "):
            # "These count", "These ask why" list matches; "These don't", "These are fine" don't.
            counts = not line.startswith(("These don't", "These are fine"))
        elif rule and line.startswith('- "'):
            sentence = line[3:].split('"', 1)[0]
            found.append((rule, sentence, counts))
    return found


QUOTES = quoted_examples()


def test_the_rules_page_quotes_examples_for_every_rule() -> None:
    for rule in RULE_FOR_SECTION.values():
        assert any(r == rule and counts for r, _, counts in QUOTES), rule
        assert any(r == rule and not counts for r, _, counts in QUOTES), rule


@pytest.mark.parametrize(("rule", "sentence", "counts"), QUOTES)
def test_the_rules_page_says_what_the_rules_do(rule: str, sentence: str, counts: bool) -> None:
    rules = default_rules()
    assert rules.matches(rule, rules.readable(sentence)) is counts


def test_the_sample_check_output_is_what_the_command_prints(tmp_path: Path) -> None:
    draft, failing, passing = fenced_blocks(DOCS / "contributing" / "checker.md")[:3]
    (tmp_path / "draft.txt").write_text(draft, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "followup.cli", "check", "draft.txt"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == failing
    fixed = "\n".join(line for line in draft.splitlines() if "why" not in line)
    (tmp_path / "draft.txt").write_text(fixed, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "followup.cli", "check", "draft.txt"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, passing)


def test_the_sample_match_output_is_what_the_command_prints(tmp_path: Path) -> None:
    message, printed = fenced_blocks(DOCS / "contributing" / "checker.md")[3:5]
    (tmp_path / "message.txt").write_text(message, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "followup.cli", "match", "message.txt"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, printed)


def test_the_start_page_shows_a_letter_before_anything_else() -> None:
    """A reader on a phone meets a ready letter on the first screen."""
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    before = text.split("```{letter}")[0]
    assert "```{letter}" in text
    assert len(before.split()) < 80
    assert "\n## " not in before


LONG_PAGE_WORDS = 700


@pytest.mark.parametrize(
    "page", sorted(DOCS.rglob("*.md")), ids=lambda page: str(page.relative_to(DOCS))
)
def test_long_pages_have_a_contents_list(page: Path) -> None:
    """A reader on a phone keeps the thread: a long page lists its sections first."""
    text = page.read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    if len(prose.split()) > LONG_PAGE_WORDS:
        assert "```{contents}" in text, f"{len(prose.split())} words and no contents list"
    # The theme marks a contents list as an error unless it carries this class.
    for block in re.findall(r"^```\{contents\}.*?^```", text, flags=re.M | re.S):
        assert ":class: this-will-duplicate-information-and-it-is-still-useful-here" in block


def table_rows(page: Path) -> list[tuple[str, str, str]]:
    """(section heading, left cell, right cell) for each row of each two-column table."""
    rows, section = [], ""
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:]
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2 and not set(cells[0]) <= {"-", " "}:
            rows.append((section, cells[0], cells[1]))
    return rows


WHAT_NOT = [
    row for row in table_rows(DOCS / "writing" / "what-not-to-write.md") if row[1] != "Don't"
]


@pytest.mark.parametrize(("section", "dont", "instead"), WHAT_NOT)
def test_what_not_to_write_shows_safe_replacements(section: str, dont: str, instead: str) -> None:
    rules = default_rules()
    assert not rules.matches("asks_why", rules.readable(instead)), instead
    if "why" in section.lower():
        assert rules.matches("asks_why", rules.readable(dont)), dont


def test_what_not_to_write_shows_the_checkers_own_suggestions() -> None:
    """The table of ways to ask why is the rules' own, so the page and checker agree."""
    page = (DOCS / "writing" / "what-not-to-write.md").read_text(encoding="utf-8")
    assert "```{why-alternatives}" in page
