"""Start from their message, in Chromium: paste a rejection on the home page, open the
letter that fits with the names filled in, copy it; nothing leaves the page or is kept."""

from __future__ import annotations

import pytest

from browsing import copy_letter
from corpus_data import CORPUS
from followup.matcher import match
from followup.scores import messages

pytestmark = pytest.mark.browser

MESSAGE = """From: Priya Shah <priya.shah@corvidlabs.example>
Subject: Data Analyst - final interview

Hi Sam,

Thank you for coming in for the final interview for the Data Analyst role at Corvid Labs.

We have decided to offer the role to another candidate. It was a really difficult
decision, and you were one of the last two.

If it would help, I'm happy to set up a short call to go through the panel's notes.

Best wishes,
Priya Shah
Talent Partner, Corvid Labs
"""


def paste(page, server: str, text: str) -> None:
    page.goto(server + "index.html")
    page.fill("#message-text", text)
    page.get_by_role("button", name="Find my letter").click()


def storage(page) -> str:
    return page.evaluate("JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")


def test_the_browser_agrees_with_python_on_a_sample_of_messages(page, server: str) -> None:
    """The built page's scripts and data, in Chromium, read messages as Python does: every
    fourth labelled message, and the odd cases. (tests/unit/test_page_engine.py holds the
    same scripts to Python on every message, under Node, in the fast layer.)"""
    page.goto(server + "index.html")
    texts = [m.text for m in messages(CORPUS)][::4]
    texts += ["", "Sehr geehrter Herr Schneider, leider nicht.", "<p>Hi Sam,</p><p>No.</p>"]
    in_browser = page.evaluate(
        "texts => texts.map(t => { const m = followupMatch.match(t); return {stage: m.stage,"
        " signals: m.signals, fields: m.fields, found_by: m.found_by, letters: m.letters,"
        " advice: m.advice}; })",
        texts,
    )
    assert [match(t).as_dict() for t in texts] == in_browser


def test_paste_a_message_and_the_right_letter_comes_first(page, server: str, watch) -> None:
    paste(page, server, MESSAGE)
    report = page.locator(".message-matcher-report")
    first = report.locator(".matcher-letters li").first
    assert first.locator("a").inner_text() == "Yes to a feedback call"
    assert "they offered feedback" in first.inner_text()
    # The sentences that gave each signal are marked in the message.
    marked = report.locator("mark").all_inner_texts()
    assert any("happy to set up a short call" in m for m in marked)
    assert any("one of the last two" in m for m in marked)
    names = report.locator(".matcher-names").inner_text()
    assert "Priya Shah" in names and "Corvid Labs" in names and "Sam" in names
    # Advice links to the page that says more.
    advice = report.locator(".matcher-advice a").first.get_attribute("href")
    assert advice.endswith("after/feedback-call.html")
    assert storage(page) == "{}{}"
    assert [u for u in watch.requests if not u.startswith(server)] == []


def test_the_letter_opens_with_the_names_filled_in_and_copies_them(page, server: str) -> None:
    paste(page, server, MESSAGE)
    page.locator(".matcher-letters a").first.click()
    page.wait_for_url("**/after/feedback-call.html#letter-feedback-call-accept")
    # The names were taken out of the address, and are in the form, ready to correct.
    assert "Priya" not in page.url and "?" not in page.url.split("#")[1]
    assert page.locator("details.letter-personalise-box").evaluate("b => b.open")
    assert page.input_value("form.letter-personalise [name=their_name]") == "Priya Shah"
    box = page.locator("#letter-feedback-call-accept")
    letter = copy_letter(page, box)
    assert letter.startswith("Dear Priya Shah,")
    assert "[" in letter  # the reader's own words are still to write, in square brackets
    # Nothing of the message was written to storage.
    assert storage(page) == "{}{}"
    # Correcting a name is the reader's own typing: it changes the letter at once.
    page.fill("form.letter-personalise [name=their_name]", "Priya")
    assert box.locator("pre").inner_text().startswith("Dear Priya,")


def test_a_message_nothing_is_recognised_in_gets_no_guess(page, server: str) -> None:
    paste(page, server, "Lorem ipsum dolor sit amet.")
    report = page.locator(".message-matcher-report")
    assert "nothing is guessed" in report.inner_text()
    # The letter offered mentions no interview; the advice says where to go if there was one.
    letters = report.locator(".matcher-letters a").all_inner_texts()
    assert letters == ["When a person turned down your application"]
    assert "all-purpose letter" in report.locator(".matcher-advice").inner_text()
    assert report.inner_text().count("nothing is guessed") == 1
    assert report.locator(".matcher-names").count() == 0


def test_an_automated_form_rejection_says_not_to_write(page, server: str) -> None:
    paste(
        page,
        server,
        "Hi Jordan,\n\nThank you for your application. We won't be taking it forward to "
        "interview.\n\nThis is an automated message. Please do not reply to this email.",
    )
    report = page.locator(".message-matcher-report")
    assert report.locator(".matcher-letters").count() == 0
    assert "don't need to write" in report.locator(".matcher-advice").inner_text()
    assert report.locator(".matcher-advice li").count() == 1  # nothing said against it
    # No letter to open: no names to fill in, and no "letters that fit" promised.
    assert report.locator(".matcher-names").count() == 0
    assert "letters that fit" not in report.locator(".matcher-verdict").inner_text()


def test_without_javascript_the_box_stays_hidden_and_says_what_to_do(browser, server, watch):
    from browsing import open_context

    context = open_context(browser, server, watch, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "index.html")
    assert not page.locator("form.message-matcher-form").is_visible()
    assert "situation from the list below" in page.locator("noscript").first.inner_text()
    context.close()


def test_an_empty_box_says_what_to_do(page, server: str) -> None:
    page.goto(server + "index.html")
    page.get_by_role("button", name="Find my letter").click()
    report = page.locator(".message-matcher-report")
    assert report.is_visible()
    assert "Paste the message they sent you" in report.inner_text()


def test_a_message_in_another_language_is_said_to_be_one(page, server: str) -> None:
    paste(page, server, "Sehr geehrter Herr Schneider,\n\nleider haben wir uns für einen "
          "anderen Kandidaten entschieden.\n\nMit freundlichen Grüßen\nKatrin Vogel")  # fmt: skip
    text = page.locator(".message-matcher-report").inner_text()
    assert "reads messages in English" in text and "couldn't tell" not in text


def test_a_new_message_never_reuses_an_earlier_employers_details(page, server: str) -> None:
    """After writing to one employer, a letter opened from another's message (which
    gives no names) has none of the first one's names or words in it."""
    paste(page, server, MESSAGE)
    page.locator(".matcher-letters a").first.click()
    page.wait_for_url("**/after/feedback-call.html#letter-feedback-call-accept")
    page.fill("form.letter-personalise [name=their_name]", "Priya Shah")  # kept once typed
    assert "Priya" in storage(page)
    paste(page, server, "Hello,\n\nThank you for applying. We won't be taking your "
          "application further.\n\nThe Recruitment Team")  # fmt: skip
    page.locator(".matcher-letters a").first.click()
    page.wait_for_load_state()
    letters = page.locator("div.letter pre").all_inner_texts()
    assert letters and not any("Priya" in t for t in letters)
    assert "Priya" not in storage(page)
