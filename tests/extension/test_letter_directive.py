"""``{letter}`` and ``{snippet}`` on the two pages of tests/roots/test-basic."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from followup.catalogue import load_catalogue
from followup.site.domain import FollowupDomain, domain

BASIC = pytest.mark.sphinx("html", testroot="basic", srcdir="letters-basic")


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def catalogue(app):
    return load_catalogue(Path(app.srcdir) / "examples", Path(app.srcdir) / "snippets")


@BASIC
def test_the_build_is_clean(app) -> None:
    app.build()
    assert (app.statuscode, app.warning.getvalue()) == (0, "")


@BASIC
def test_a_new_email_shows_its_subject_letter_and_links(app) -> None:
    app.build()
    example = catalogue(app).examples["thanks"]
    box = soup(app, "index.html").find(id="letter-thanks")
    assert box.select_one(".letter-title").get_text().replace("\u2019", "'") == example.title
    assert box.select_one(".letter-meta").get_text() == "New email · Warm tone"
    assert box.select_one(".letter-how").get_text() == "How to send it: Send it as a new email."
    assert box.select_one(".letter-subject").get_text() == f"Subject: {example.subject.fill()}"
    (pre,) = box.select("div.highlight pre")  # the one block the copy button copies
    labels = [label.get_text() for label in pre.select(".letter-slot-label")]
    assert labels == ["Yours to write: "]
    for label in pre.select(".letter-slot-label"):
        label.decompose()
    assert pre.get_text() == example.body.fill()
    assert [s["data-var"] for s in pre.select("span.letter-var")] == [
        b.name for b in example.body.blanks
    ]
    (hint,) = box.select(".letter-hint")  # the slot's example: beside the letter, not in it
    example = "I enjoyed the tour of the kitchen."
    assert hint.get_text() == f"[One moment from your interview] For example: {example}"
    assert hint.find_parent("pre") is None and "I enjoyed the tour" not in pre.get_text()
    assert box.select_one("a.letter-download")["href"] == "letters/thanks.txt"
    assert box.select_one("a.letter-email")["href"].startswith("mailto:?subject=Thank%20you")


@BASIC
def test_a_reply_has_no_subject_and_no_new_email_link(app) -> None:
    app.build()
    box = soup(app, "other.html").find(id="letter-reply")
    assert box.select_one(".letter-subject") is None
    assert box.select_one("a.letter-email") is None
    assert box.select_one(".letter-meta").get_text().startswith("Reply to their email")
    assert "keep its subject line" in box.select_one(".letter-how").get_text()
    assert box.select_one("pre").get_text().startswith("Dear [Recruiter's name],")


@BASIC
def test_letters_are_written_as_text_files(app) -> None:
    app.build()
    for example in catalogue(app).examples.values():
        written = Path(app.outdir) / "letters" / f"{example.id}.txt"
        assert written.read_text(encoding="utf-8") == example.as_text()


@BASIC
def test_the_form_comes_before_the_first_letter_folded(app) -> None:
    app.build()
    page = soup(app, "index.html")
    tools = page.select(".letter-tools")
    assert len(tools) == 1
    assert tools[0].find_next("div", class_="letter")["id"] == "letter-thanks"
    box = tools[0].select_one("details.letter-personalise-box")
    assert box.has_attr("hidden") and not box.has_attr("open")  # shown by the script, folded
    assert box.summary.get_text() == "Fill in your details"
    fields = {f["name"]: f.name for f in box.select("input, textarea")}
    assert fields == {"your_name": "input", "their_name": "input", "role": "input",
                      "moment": "textarea"}  # fmt: skip
    assert "No credit needed" in tools[0].select_one(".letter-licence").get_text()


@BASIC
def test_each_page_loads_only_the_scripts_it_uses(app) -> None:
    app.build()
    for page, wanted in (("index.html", True), ("genindex.html", False)):
        scripts = [s.get("src", "") for s in soup(app, page).find_all("script")]
        assert any("followup-letters.js" in s for s in scripts) is wanted, page
        assert not any("followup-checker.js" in s for s in scripts)


@BASIC
def test_the_copy_button_leaves_out_the_slot_label(app) -> None:
    app.build()
    options = (Path(app.outdir) / "_static" / "copybutton.js").read_text(encoding="utf-8")
    assert ".letter-slot-label" in options


@BASIC
def test_a_snippet_is_shown_on_its_own(app) -> None:
    app.build()
    box = soup(app, "other.html").select_one("div.snippet")
    assert box.select_one(".snippet-name").get_text() == "snippets/ask/any-feedback.j2"
    assert box.select_one("pre").get_text() == (
        "Would you be willing to share any feedback on my interview?"
    )


@BASIC
def test_the_domain_knows_what_each_page_shows(app) -> None:
    app.build()
    followup = domain(app.env)
    assert followup.shown == {"index": ["thanks"], "other": ["reply"]}
    assert followup.where_shown() == {"thanks": ["index"], "reply": ["other"]}
    followup.clear_doc("other")
    assert followup.shown == {"index": ["thanks"]}
    followup.merge_domaindata(
        {"other"},
        {"shown": {"other": ["reply"]}, "catalogue_pages": {"other"}, "checker_pages": set(),
         "matcher_pages": {"other"}},
    )  # fmt: skip
    assert followup.shown["other"] == ["reply"] and followup.catalogue_pages == {"other"}
    assert followup.matcher_pages == {"other"}
    assert "followup" not in vars(app.env)  # nothing hung on the environment itself
    assert isinstance(followup, FollowupDomain)


@pytest.mark.sphinx("text", testroot="basic", srcdir="letters-text")
def test_other_builders_get_the_letter_as_plain_text(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "Dear [Their name]," in text
    assert "[One moment from your interview]" in text
    assert "For example: *I enjoyed the tour" in text  # the slot's example, as a hint
    assert "Yours to write" not in text and "Download" not in text


def test_markup_in_a_letter_is_shown_as_text(make_app, basic: Path) -> None:
    example = basic / "examples" / "thanks.j2"
    text = example.read_text(encoding="utf-8")
    text = text.replace('title = "', 'title = "<b>Bold</b> ')
    text = text.replace(
        "Thank you for letting", "<script>alert('hi')</script> Thank you for letting"
    )
    example.write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=basic)
    app.build()
    assert app.warning.getvalue() == ""
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<b>Bold</b>" not in page
    assert "&lt;script&gt;alert('hi')&lt;/script&gt;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page
    letter = (Path(app.outdir) / "letters" / "thanks.txt").read_text(encoding="utf-8")
    assert "<script>alert('hi')</script>" in letter  # a text file is plain text, unescaped
