"""The guide says one thing everywhere: each answer the pages once disagreed on lives on
one page, and the others link to it rather than say it differently. The letters follow
the guide's own advice, facts cite their sources, and the guide is in one English."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from followup.checker import check
from support import REAL, ROOT, weak_phrases

DOCS = ROOT / "docs"
#: The guide's pages for readers (contributor and maintainer pages are their own section).
READER_PAGES = sorted(p for p in DOCS.rglob("*.md") if "contributing" not in p.parts)
HOME = "writing/when-and-how.md"  # where the guide answers when, how and to whom
FACTS = "reference/feedback-and-your-rights.md"  # where its facts and their sources are


@cache
def letters() -> list[str]:
    """Every letter's text as a reader copies it (the catalogue is loaded on first use)."""
    return [e.as_text() for e in REAL.catalogue.examples.values()]


def name(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def prose(page: Path) -> str:
    """A page's words: code, directives, links' targets and comments left out."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^(`{3,}|:{3,}).*?^\1", " ", text, flags=re.M | re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"<!--.*?-->|`[^`]*`", " ", text, flags=re.S)


#: For each question the pages once answered differently: how an answer is worded, and
#: the only pages that may give it (the rest link there).
ONE_ANSWER = {
    "when to send it": (
        r"\b(?:(?:next|following) (?:working )?day|the day after|(?:the )?same day|"
        r"within (?:a|one|two|three|\d+) (?:working )?(?:days?|weeks?|hours?)|"
        r"(?:two|three|a few|\d+) (?:working )?days?\b(?! ago)|(?:two|\d+) weeks|a week|"
        r"\d+ hours|a fortnight)\b",
        (HOME, FACTS),
    ),
    "phone them": (r"\b(?:call|phone|ring) (?:them|him|her|the \w+)\b(?! back)", (HOME,)),
    "find them on LinkedIn": (r"\b(?:try|search|find)\b[^.]{0,40}\bLinkedIn\b", (HOME,)),
}


@pytest.mark.parametrize("question", ONE_ANSWER)
def test_each_answer_is_given_on_one_page(question: str) -> None:
    pattern, homes = ONE_ANSWER[question]
    elsewhere = {
        name(page): found.group()
        for page in READER_PAGES
        if name(page) not in homes and (found := re.search(pattern, prose(page), re.I))
    }
    assert elsewhere == {}, f"link to {homes[0]} instead"


def test_every_page_that_mentions_a_nudge_points_to_when_one_is_right() -> None:
    for page in READER_PAGES:
        text = page.read_text(encoding="utf-8")
        if name(page) != HOME and re.search(r"\bnudge\b", prose(page), re.I):
            assert "when-and-how.md#if-they-don-t-reply" in text, name(page)


def test_one_model_of_a_letter() -> None:
    """Thank, ask, keep the door open; never ask why: three parts, on every page."""
    other_counts = re.compile(r"\b(?:four|five|six|seven|eight) (?:parts|rules)\b", re.I)
    for page in READER_PAGES:
        assert not other_counts.search(prose(page)), name(page)
    for home in ("index.md", "writing/anatomy.md"):
        text = prose(DOCS / home).lower()
        assert "three" in text and "thank" in text and "door open" in text, home


WEAK = weak_phrases()


@pytest.mark.parametrize("phrase", WEAK)
def test_no_letter_uses_a_phrase_the_guide_calls_weak(phrase: str) -> None:
    words = " ".join(phrase.lower().replace("\u2019", "'").split()).rstrip(".!,")
    found = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)")
    flat = [" ".join(letter.lower().split()) for letter in letters()]
    assert [letter[:60] for letter in flat if found.search(letter)] == []


def test_no_letter_asks_why_in_a_way_the_guide_shows() -> None:
    for letter in letters():
        assert not check(letter, placeholders_allowed=True).labels["asks_why"]


def sources(page: Path) -> str | None:
    found = re.search(
        r"^## Sources\n(.*?)(?=^## |\Z)", page.read_text(encoding="utf-8"), re.M | re.S
    )
    return found.group(1) if found else None


def test_every_sources_list_links_its_sources() -> None:
    listed = [page for page in READER_PAGES if sources(page) is not None]
    assert len(listed) >= 3
    for page in listed:
        assert re.search(r"\]\(https?://", sources(page) or ""), name(page)


def test_a_figure_a_reader_might_act_on_cites_its_source() -> None:
    figure = re.compile(
        r"\b\d+(?:\.\d+)? ?(?:%|per cent) of\b|\b(?:six|seven|eight|nine) in ten\b", re.I
    )
    for page in READER_PAGES:
        if figure.search(prose(page)):
            assert sources(page) is not None, f"{name(page)} gives a figure but no Sources list"


#: American spellings, which the guide writes the British way (see CONTRIBUTING.md).
AMERICAN = re.compile(
    r"\b(?:colou?rs?(?<!colours)(?<!colour)|favorite\w*|behavior\w*|organiz\w*|realiz\w*|"
    r"apologiz\w*|recogniz\w*|center(?:s|ed)?|analyz\w*|prioritiz\w*|emphasiz\w*|"
    r"traveled|traveling|canceled|canceling|labor|honor\w*|humor\w*|neighbor\w*|"
    r"defense|judgment|enroll(?:ed|ing)?|resume|practicing|practiced)\b"
)


@pytest.mark.parametrize(
    "path",
    [*READER_PAGES, *sorted((ROOT / "examples").glob("*.j2")),
     *sorted((ROOT / "snippets").rglob("*.j2"))],
    ids=lambda path: path.relative_to(ROOT).as_posix(),
)  # fmt: skip
def test_one_english_british(path: Path) -> None:
    found = AMERICAN.findall(prose(path) if path.suffix == ".md" else path.read_text())
    assert found == [], "write these the British way: " + ", ".join(found)


def paragraphs(page: Path) -> list[str]:
    """A page's paragraphs and list items, links kept, code and its Sources list left out."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^(`{3,}|:{3,}).*?^\1", "\n", text, flags=re.M | re.S)
    text = re.sub(r"^## Sources\n.*?(?=^## |\Z)", "", text, flags=re.M | re.S)
    text = re.sub(r"^(?=[-*] |\d+\. )", "\n", text, flags=re.M)  # each list item apart
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


#: A figure a reader might act on: a share of people, or a number of days or months.
FIGURE = re.compile(
    r"\b\d+(?:\.\d+)? ?(?:%|per cent) of\b|\b(?:six|seven|eight|nine) in ten\b|"
    r"\b\d+ (?:calendar )?(?:days|months)\b",
    re.I,
)


@pytest.mark.parametrize("page", READER_PAGES, ids=name)
def test_a_figure_links_its_source_in_the_same_paragraph(page: Path) -> None:
    """A source at the end of the page isn't enough: the reader checks it where they read."""
    unsourced = [
        p[:80] for p in paragraphs(page) if FIGURE.search(p) and not re.search(r"\]\(https?://", p)
    ]
    assert unsourced == [], "link the source in the same paragraph"


def test_the_figures_test_finds_figures() -> None:
    found = [p for page in READER_PAGES for p in paragraphs(page) if FIGURE.search(p)]
    assert len(found) >= 5


@pytest.mark.parametrize(
    "section", ["Most candidates get no feedback", "Why many employers give none",
                "Where it's different"],
)  # fmt: skip
def test_each_fact_on_the_facts_page_cites_its_source(section: str) -> None:
    text = (DOCS / FACTS).read_text(encoding="utf-8")
    found = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert found, section
    items = [line for line in found.group(1).splitlines() if line.startswith("- ")]
    assert items, section
    assert [i[:60] for i in items if not re.search(r"\]\(https?://", i)] == []


DOOR = "when-the-door-reopens"


def test_one_section_says_what_to_do_when_the_door_reopens() -> None:
    """Re-advertised, a reserve list, details on file, a late offer: one place, linked."""
    homes = [
        name(page) for page in READER_PAGES
        if re.search(r"^## When the door reopens$", page.read_text(encoding="utf-8"), re.M)
    ]  # fmt: skip
    assert homes == [HOME]
    section = (DOCS / HOME).read_text(encoding="utf-8").split("## When the door reopens")[1]
    section = section.split("\n## ")[0].lower()
    assert section.count("### ") >= 4
    for case in ("advertised again", "reserve list", "on file", "offer"):
        assert case in section, case


@pytest.mark.parametrize(
    "page", ["situations/runner-up.md", "situations/applied-again.md",
             "after/staying-in-touch.md", "faq.md"],
)  # fmt: skip
def test_pages_about_coming_back_link_to_the_door_section(page: str) -> None:
    assert f"when-and-how.md#{DOOR}" in (DOCS / page).read_text(encoding="utf-8"), page


@pytest.mark.parametrize("page", ["index.md", "situations/no-reply.md", "faq.md"])
def test_the_debrief_page_is_linked_where_no_answer_comes(page: str) -> None:
    assert (DOCS / "after" / "debrief.md").exists()
    text = (DOCS / page).read_text(encoding="utf-8")
    assert re.search(r"\]\((?:\.\./)?after/debrief\.md\)", text), page


def test_the_guide_gives_up_the_phone_only_rule() -> None:
    """Feedback offered on a call is taken then; letters let them answer either way."""
    for page in READER_PAGES:
        assert not re.search(r"phone only to return", prose(page), re.I), name(page)
    channels = (DOCS / HOME).read_text(encoding="utf-8")
    assert "whichever suits you" in channels and "take what they offer" in channels.lower()


def test_help_when_the_no_hits_hard_is_listed_for_the_uk_and_the_us() -> None:
    text = (DOCS / "taking-a-no.md").read_text(encoding="utf-8")
    assert "116 123" in text and re.search(r"\b988\b", text)
