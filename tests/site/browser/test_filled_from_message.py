"""A letter opened from "Start from their message", in Chromium: just above the letter, a
note of the names filled in from the message and what each is, with "Change", which
takes the reader to the first of them in the form, on a phone as on a desktop."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from test_match_box import MESSAGE, paste

pytestmark = pytest.mark.browser

AXE = Axe()  # reads axe-core's script once
PHONE = {"width": 390, "height": 844}
OPENED = "after/feedback-call.html"
OPENED_LETTER = "letter-feedback-call-accept"
FOUR = "situations/rejection-call.html"  # its form has a field for each of the four names
FOUR_LETTER = "letter-rejection-call-email"
HOSTILE = "<img src=x onerror=alert(1)>"

#: Whether the focused field is on screen and not under the sticky header (the point at
#: its middle is the field itself), once a smooth scroll has settled.
FOCUSED_ON_SCREEN = """() => {
  const field = document.activeElement;
  if (!field || !field.matches('form.letter-personalise [name]')) return false;
  const r = field.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth
    && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === field;
}"""


def open_from_message(page, server: str) -> None:
    paste(page, server, MESSAGE)
    page.locator(".matcher-letters a").first.click()
    page.wait_for_url(f"**/{OPENED}#{OPENED_LETTER}")


def linked(server: str, path: str, letter: str, names: dict[str, str]) -> str:
    """A letter's address as the box makes it: the names in its fragment, and fresh."""
    return f"{server}{path}#{letter}?{urlencode({**names, 'fresh': '1'})}"


def notice_of(page, letter: str = OPENED_LETTER):
    return page.locator(f"#{letter} .letter-filled")


def said(page, letter: str = OPENED_LETTER) -> list[tuple[str, str]]:
    """The notice's names, each with the field it went into."""
    found = page.evaluate(
        "letter => [...document.querySelectorAll(`#${letter} .letter-filled-value`)]"
        ".map(v => [v.dataset.var, v.textContent])",
        letter,
    )
    return [tuple(pair) for pair in found]


def marked(page) -> list[str]:
    """The form's fields marked as from their message."""
    return page.evaluate(
        "[...document.querySelectorAll('form.letter-personalise [name]')]"
        ".filter(f => document.getElementById(f.id + '-from')"
        " && (f.getAttribute('aria-describedby') || '').split(' ').includes(f.id + '-from'))"
        ".map(f => f.name)"
    )


def test_the_letter_says_which_names_came_from_their_message(page, server: str) -> None:
    open_from_message(page, server)
    notice = notice_of(page)
    expect(notice).to_be_visible()
    # Exactly the names this page's form has a field for, in the form's order: the
    # organisation and role the message gave have no field on this page, so none here.
    assert notice.locator(".letter-filled-names").inner_text() == (
        "Filled in from their message: Sam (your name), Priya Shah (their name)."
        " Check they're right."
    )
    assert said(page) == [("your_name", "Sam"), ("their_name", "Priya Shah")]
    assert marked(page) == ["your_name", "their_name"]
    assert page.locator(".letter-field-from").all_inner_texts() == ["From their message"] * 2
    # Just above the letter's text, inside the letter opened, and in no other letter.
    assert page.evaluate(
        f"document.querySelector('#{OPENED_LETTER} .letter-filled').nextElementSibling"
        ".matches('.letter-text')"
    )
    assert page.locator(".letter-filled").count() == 1
    # Not part of the letter: copying takes the letter's words only.
    assert "Filled in" not in page.locator(f"#{OPENED_LETTER} pre").inner_text()


def test_each_of_the_four_names_is_said_with_where_it_went(page, server: str) -> None:
    names = {"role": "Data Analyst", "their_name": "Ana Silva", "organisation": "Corvid Labs"}
    page.goto(linked(server, FOUR, FOUR_LETTER, {**names, "your_name": ""}))
    text = notice_of(page, FOUR_LETTER).locator(".letter-filled-names").inner_text()
    assert text == (
        "Filled in from their message: Ana Silva (their name), Corvid Labs (organisation),"
        " Data Analyst (role). Check they're right."
    )
    assert marked(page) == ["their_name", "organisation", "role"]


def test_change_takes_a_phone_reader_to_the_first_name_in_the_form(page, server: str) -> None:
    page.set_viewport_size(PHONE)
    open_from_message(page, server)
    notice = notice_of(page)
    expect(notice).to_be_in_viewport(ratio=1)  # seen at once, beside the letter
    change = notice.get_by_role("button", name="Change")
    change.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#letter-value-your_name")).to_be_focused()
    page.wait_for_function(FOCUSED_ON_SCREEN, timeout=3000)
    assert page.locator("details.letter-personalise-box").evaluate("b => b.open")
    # The field says, to the eye and to a screen reader, where its name came from.
    assert (
        page.evaluate("document.activeElement.getAttribute('aria-describedby')")
        == "letter-value-your_name-from"
    )


def test_change_opens_the_form_if_the_reader_folded_it(page, server: str) -> None:
    open_from_message(page, server)
    page.locator("details.letter-personalise-box").evaluate("b => { b.open = false; }")
    notice_of(page).get_by_role("button", name="Change").click()
    expect(page.locator("#letter-value-your_name")).to_be_focused()
    page.wait_for_function(FOCUSED_ON_SCREEN, timeout=3000)


def test_a_name_the_reader_corrects_is_theirs_and_leaves_the_note(page, server: str) -> None:
    open_from_message(page, server)
    page.fill("form.letter-personalise [name=their_name]", "Priya")
    assert said(page) == [("your_name", "Sam")]
    assert marked(page) == ["your_name"]
    assert page.locator("#letter-value-their_name").get_attribute("aria-describedby") is None
    page.fill("form.letter-personalise [name=your_name]", "Sam Lee")
    expect(page.locator(".letter-filled")).to_have_count(0)
    assert marked(page) == []


def test_clearing_the_details_clears_the_note(page, server: str) -> None:
    open_from_message(page, server)
    page.get_by_role("button", name="Clear my details").click()
    expect(page.locator(".letter-filled")).to_have_count(0)
    assert marked(page) == []


def test_nothing_is_said_when_nothing_came_from_a_message(page, server: str) -> None:
    # The page opened as it is: no note, no marks.
    page.goto(f"{server}{OPENED}#{OPENED_LETTER}")
    assert page.locator(".letter-filled, .letter-field-from").count() == 0
    # Names the reader typed themselves, kept and shown again on the next visit.
    page.locator("details.letter-personalise-box summary").click()
    page.fill("form.letter-personalise [name=their_name]", "Priya Shah")
    page.reload()
    assert page.input_value("form.letter-personalise [name=their_name]") == "Priya Shah"
    assert page.locator(".letter-filled, .letter-field-from").count() == 0
    # A message that names no one: the box's link carries the four names, all empty.
    paste(page, server, "Hello,\n\nThank you for applying. We won't be taking your "
          "application further.\n\nThe Recruitment Team")  # fmt: skip
    page.locator(".matcher-letters a").first.click()
    page.wait_for_load_state()
    assert "#letter-" in page.url
    assert page.locator(".letter-filled, .letter-field-from").count() == 0
    # Names that have no field on the page fill nothing, so nothing is said.
    page.goto(linked(server, OPENED, OPENED_LETTER, {"organisation": "Corvid Labs"}))
    assert page.locator(".letter-filled, .letter-field-from").count() == 0


def test_a_hostile_name_is_shown_as_text(page, server: str, watch) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(linked(server, FOUR, FOUR_LETTER, {"their_name": HOSTILE, "role": "<b>x</b>"}))
    notice = notice_of(page, FOUR_LETTER)
    expect(notice).to_be_visible()
    assert said(page, FOUR_LETTER) == [("their_name", HOSTILE), ("role", "<b>x</b>")]
    assert HOSTILE in notice.inner_text()
    assert page.locator(".letter-filled img, .letter-filled b, main img[src=x]").count() == 0
    page.wait_for_timeout(200)  # an image's error would have fired by now
    assert dialogs == []
    assert not any(u.endswith("/x") for u in watch.requests)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_change_shows_a_focus_ring(page, server: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    open_from_message(page, server)
    page.evaluate(f"document.body.dataset.theme = '{scheme}'")
    change = notice_of(page).get_by_role("button", name="Change")
    change.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # there by the keyboard, as a reader's Tab would
    expect(change).to_be_focused()
    ring = change.evaluate(
        "b => { const s = getComputedStyle(b);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor,"
        " getComputedStyle(document.body).backgroundColor]; }"
    )
    assert ring[0] == "solid" and ring[1] >= 2 and ring[2] != ring[3], ring


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations_with_the_note(
    page, server: str, scheme: str, size: str
) -> None:
    if size == "phone":
        page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    open_from_message(page, server)
    page.evaluate(f"document.body.dataset.theme = '{scheme}'")
    expect(notice_of(page)).to_be_visible()
    # The theme's "Back to top" button, shown once the page has scrolled, sits outside
    # its landmarks; it is not this page's markup (as in test_letter_controls.py).
    results = AXE.run(page, context={"exclude": [[".back-to-top"]]})
    found = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    assert found == []
