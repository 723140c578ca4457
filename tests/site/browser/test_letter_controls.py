"""The reader's hands, in Chromium: the copy buttons (labelled, with a focus ring and a
status read out), the notice before a letter leaves with a blank, the subject's own copy,
values that end in a full stop, and what a personalise link and storage may hold."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from browsing import copy_letter, download_letter, open_context
from followup.matcher import default_matcher
from followup.site.markup import MAX_NAME, MAX_WORDS
from support import REAL

CATALOGUE = REAL.catalogue
LETTER_PAGE = "situations/rejection-call.html"
LETTER = "rejection-call-email"  # a new email, with a subject and a personal slot
VOICEMAIL = "rejection-call-voicemail"  # on the same page: "... at {{ organisation }}."
KEY = "after-the-no:details"
EVERYTHING = {
    "your_name": "Sam Lee",
    "their_name": "Ana Silva",
    "organisation": "Corvid Labs",
    "role": "Data Analyst",
    "moment": "We sketched the new rota together on the whiteboard.",
}
AXE = Axe()  # reads axe-core's script once
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(SIZES))
def sized(request, page):
    """A page at a desktop's size, then at a phone's (390 by 844)."""
    page.set_viewport_size(SIZES[request.param])
    return page


def fill_in(page, values: dict[str, str]) -> None:
    box = page.locator("details.letter-personalise-box")
    if not box.evaluate("b => b.open"):
        box.locator("summary").click()
    for name, value in values.items():
        page.fill(f"form.letter-personalise [name={name}]", value)


def letter(page, example_id: str = LETTER):
    return page.locator(f"#letter-{example_id}")


def tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def luminance(colour: str) -> float:
    red, green, blue = (float(n) for n in re.findall(r"[\d.]+", colour)[:3])

    def channel(value: float) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: str, two: str) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The copy buttons


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_copy_buttons_show_a_focus_ring_from_the_keyboard(
    page, server: str, size: str, scheme: str
) -> None:
    page.set_viewport_size(SIZES[size])
    page.emulate_media(color_scheme=scheme)
    page.goto(server + LETTER_PAGE)
    page.evaluate(f"document.body.dataset.theme = '{scheme}'")
    for part, name in (("body", "Copy letter"), ("subject", "Copy subject")):
        button = letter(page).get_by_role("button", name=name, exact=True)
        assert button.is_visible() and button.inner_text() == name
        tab_to(page, f"#letter-{LETTER} button.letter-copy[data-copy={part}]")
        ring = button.evaluate(
            "b => { const s = getComputedStyle(b); return {visible: b.matches(':focus-visible'),"
            " style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor,"
            " shadow: s.boxShadow, page: getComputedStyle(document.body).backgroundColor}; }"
        )
        assert ring["visible"]
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        # A ring that stands out from the page around it (WCAG 1.4.11: 3 to 1).
        assert contrast(ring["colour"], ring["page"]) >= 3, ring
        box = button.bounding_box()
        assert box["height"] >= 40 and box["width"] >= 44  # easy to tap on a phone


def test_copying_is_announced_and_copies_the_letter(sized, server: str) -> None:
    page = sized
    page.goto(server + LETTER_PAGE)
    fill_in(page, EVERYTHING)
    status = letter(page).locator(".letter-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == ""
    letter(page).get_by_role("button", name="Copy letter").click()
    expect(status).to_have_text("Letter copied: paste it into your message.")
    expected = CATALOGUE.examples[LETTER].body.fill(EVERYTHING)
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert letter(page).locator(".letter-notice").count() == 0


def test_the_subject_of_a_new_email_copies_exactly(sized, server: str) -> None:
    page = sized
    page.goto(server + LETTER_PAGE)
    fill_in(page, EVERYTHING)
    copied = copy_letter(page, letter(page), "subject")
    assert copied == CATALOGUE.examples[LETTER].subject.fill(EVERYTHING)
    assert copied == "Thank you for your call about the Data Analyst role"
    status = letter(page).locator(".letter-status")
    expect(status).to_have_text("Subject copied: paste it into the subject line.")


def test_a_letter_without_a_subject_has_no_subject_button(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)
    assert letter(page, VOICEMAIL).locator(".letter-subject").count() == 0
    assert letter(page, VOICEMAIL).get_by_role("button", name="Copy subject").count() == 0
    assert letter(page, VOICEMAIL).get_by_role("button", name="Copy letter").is_visible()


def test_without_javascript_there_are_no_copy_buttons(browser, server: str, watch) -> None:
    context = open_context(browser, server, watch, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + LETTER_PAGE)
    assert letter(page).get_by_role("button", name="Copy letter").count() == 0
    context.close()


# The notice before a letter leaves with a blank


def test_the_notice_names_the_blanks_and_goes_to_the_field(sized, server: str) -> None:
    page = sized
    page.goto(server + LETTER_PAGE)
    page.evaluate("navigator.clipboard.writeText('before')")
    fill_in(page, {k: v for k, v in EVERYTHING.items() if k != "moment"})
    page.locator("details.letter-personalise-box summary").click()  # fold it again
    letter(page).get_by_role("button", name="Copy letter").click()
    notice = letter(page).locator(".letter-notice")
    expect(notice).to_be_visible()
    assert notice.locator("button.letter-goto").all_inner_texts() == [
        "One moment from your interview"
    ]
    assert "[brackets]" in notice.inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == "before"  # nothing copied yet
    # The notice took the focus, so a keyboard or screen reader user is there.
    assert page.evaluate("document.activeElement.classList.contains('letter-goto')")
    notice.locator("button.letter-goto").click()
    assert page.locator("details.letter-personalise-box").evaluate("b => b.open")
    assert page.evaluate("document.activeElement.name") == "moment"
    assert notice.count() == 0


def test_going_on_anyway_keeps_the_brackets(sized, server: str) -> None:
    page = sized
    page.goto(server + LETTER_PAGE)
    box = letter(page)
    box.get_by_role("button", name="Copy letter").click()
    names = box.locator(".letter-notice button.letter-goto").all_inner_texts()
    assert names == [
        "Their name (the person you are writing to)",
        "One moment from your interview",
        "The organisation",
        "Your name",
    ]
    box.get_by_role("button", name="Copy it anyway, with the brackets").click()
    expect(box.locator(".letter-status")).to_contain_text("Letter copied")
    # The focus goes back to the button the reader pressed.
    assert page.evaluate("document.activeElement.dataset.copy") == "body"
    example = CATALOGUE.examples[LETTER]
    assert page.evaluate("navigator.clipboard.readText()") == example.body.fill()
    # The download also takes the subject, whose [Role] is new: it asks again, once.
    box.locator("a.letter-download").click()
    expect(box.locator(".letter-notice")).to_be_visible()
    with page.expect_download() as download:
        box.get_by_role("button", name="Download it anyway, with the brackets").click()
    assert download.value.path().read_text(encoding="utf-8") == example.as_text()
    # Said for every blank now: the next download goes straight on.
    with page.expect_download() as download:
        box.locator("a.letter-download").click()
    assert box.locator(".letter-notice").count() == 0
    # "Clear my details" is a fresh start: it asks again.
    fill_in(page, {})
    page.get_by_role("button", name="Clear my details").click()
    box.get_by_role("button", name="Copy letter").click()
    expect(box.locator(".letter-notice")).to_be_visible()


@pytest.mark.parametrize("action", ["download", "email", "subject"])
def test_each_way_out_asks_first_with_a_blank(page, server: str, action: str) -> None:
    page.goto(server + LETTER_PAGE)
    box = letter(page)
    blanks = {"download": None, "email": "your_name", "subject": "role"}[action]
    fill_in(page, {k: v for k, v in EVERYTHING.items() if k != blanks})
    ways = {
        "download": box.locator("a.letter-download"),
        "email": box.locator("a.letter-email"),
        "subject": box.get_by_role("button", name="Copy subject"),
    }
    if blanks is None:  # everything filled: it downloads at once
        with page.expect_download():
            ways[action].click()
        assert box.locator(".letter-notice").count() == 0
        return
    ways[action].click()
    notice = box.locator(".letter-notice")
    expect(notice).to_be_visible()
    label = page.locator(f"label[for=letter-value-{blanks}]").inner_text()
    assert notice.locator("button.letter-goto").all_inner_texts() == [label]
    go_on = {"email": "Open it anyway", "subject": "Copy it anyway"}[action]
    assert go_on in notice.locator("button.letter-go-on").inner_text()
    assert page.url.endswith(LETTER_PAGE)  # the email app was not opened
    # Filling it in (here, straight in the form) takes the notice away.
    page.fill(f"form.letter-personalise [name={blanks}]", EVERYTHING[blanks])
    assert notice.count() == 0


def test_no_notice_when_everything_is_filled(sized, server: str) -> None:
    page = sized
    page.goto(server + LETTER_PAGE)
    fill_in(page, EVERYTHING)
    box = letter(page)
    copy_letter(page, box)
    with page.expect_download() as download:
        box.locator("a.letter-download").click()
    assert "[" not in download.value.path().read_text(encoding="utf-8")
    assert box.locator(".letter-notice").count() == 0


# Values that end in a full stop


def test_an_organisation_ending_in_a_full_stop_ends_the_sentence_once(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)
    values = {**EVERYTHING, "organisation": "Brightwave & Co."}
    fill_in(page, values)
    text = copy_letter(page, letter(page, VOICEMAIL))
    assert "role at Brightwave & Co.\n" in text and "Co.." not in text
    assert text == CATALOGUE.examples[VOICEMAIL].body.fill(values)  # as Python fills it
    saved = download_letter(page, letter(page, VOICEMAIL))
    assert saved == CATALOGUE.examples[VOICEMAIL].as_text(values) and "Co.." not in saved
    # Mid-sentence the value is kept as typed.
    assert "Brightwave & Co. in future" in copy_letter(page, letter(page))


# What a personalise link and storage may hold


def crafted_fragment() -> str:
    extra = "&".join(f"key{n}=x" for n in range(850))
    huge = "A" * 300_000
    return (
        f"#letter-{LETTER}?their_name={huge}&your_name=Sam%20Lee&organisation=Corvid"
        f"&role=Analyst&moment={quote('I was told to write this.')}&your_phone=555"
        f"&{extra}&__proto__=x&constructor=y"
    )


def test_a_link_sets_only_the_four_names(page, server: str, watch) -> None:
    page.goto(server + LETTER_PAGE + crafted_fragment())
    page.wait_for_function("!location.hash.includes('?')")
    field = "form.letter-personalise [name={}]".format
    assert page.input_value(field("your_name")) == "Sam Lee"
    assert page.input_value(field("organisation")) == "Corvid"
    assert page.input_value(field("role")) == "Analyst"
    assert page.input_value(field("their_name")) == "A" * MAX_NAME
    assert page.input_value(field("moment")) == ""
    assert "I was told" not in page.locator("div.letter").first.inner_text()
    assert page.evaluate("localStorage.getItem('after-the-no:details')") is None
    # After a keystroke, storage holds the form's fields, within their bounds.
    page.locator(field("your_name")).press("End")
    page.locator(field("your_name")).press_sequentially("!")
    kept = json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))
    assert kept == {
        "your_name": "Sam Lee!",
        "their_name": "A" * MAX_NAME,
        "organisation": "Corvid",
        "role": "Analyst",
    }
    assert watch.errors == []


def test_the_names_a_link_may_set_are_the_message_boxs(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)
    linked = page.evaluate("followupLetters.linked")
    assert sorted(linked) == sorted(f.variable for f in default_matcher().fields)


def test_storage_keeps_only_the_forms_fields_within_bounds(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)
    junk = {f"key{n}": "x" * 2000 for n in range(850)}
    junk |= {"their_name": "B" * 5000, "moment": "M" * 5000, "next_step": "N" * 600}
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [KEY, junk])
    page.reload()
    fill_in(page, {"your_name": "Sam"})
    kept = json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))
    limits = json.loads(page.get_attribute("form.letter-personalise", "data-kept"))
    assert set(kept) == {"your_name", "their_name", "moment", "next_step"}
    assert set(kept) <= set(limits)
    assert all(len(value) <= limits[name] for name, value in kept.items())
    assert (len(kept["their_name"]), len(kept["moment"])) == (MAX_NAME, MAX_WORDS)
    assert kept["next_step"] == "N" * MAX_WORDS  # a field of another page, kept for it
    assert page.get_attribute("form.letter-personalise [name=your_name]", "maxlength") == str(
        MAX_NAME
    )


# Accessibility


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations_with_the_notice_and_the_status(
    page, server: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(server + LETTER_PAGE)
    page.evaluate(f"document.body.dataset.theme = '{scheme}'")
    fill_in(page, {"your_name": "Sam Lee"})
    copy_letter(page, letter(page, VOICEMAIL))  # a status with text
    letter(page).get_by_role("button", name="Copy letter").click()  # a notice
    expect(letter(page).locator(".letter-notice")).to_be_visible()
    # The theme's "Back to top" button, shown once the page has scrolled (as pressing a
    # letter's buttons does), sits outside its landmarks; it is not this page's markup.
    results = AXE.run(page, context={"exclude": [[".back-to-top"]]})
    found = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    assert found == []


def test_the_code_blocks_copy_button_shows_a_focus_ring_too(page, server: str) -> None:
    """sphinx-copybutton's icon on a command or snippet takes away the outline; ours
    puts one back where the keyboard is."""
    page.goto(server + "contributing/index.html")
    tab_to(page, "div.highlight button.copybtn")
    page.wait_for_timeout(400)  # its fade-in (opacity 0.3s)
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), parseFloat(s.opacity)]; })()"
    )
    assert ring[0] != "none" and ring[1] >= 2 and ring[2] == 1, ring
