"""The letters as a reader uses them, in a real Chromium: personalise, copy, email,
download, check a draft; accessible, offline, phone-sized and keyboard-usable."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import copy_letter, download_letter, open_context
from corpus_data import letters, sentences
from followup.checker import check
from followup.scores import sentence_labels
from support import REAL, ROOT, SAMPLE_VALUES

CATALOGUE = REAL.catalogue
LETTER_PAGE = "situations/rejection-call.html"
LETTER = "rejection-call-email"  # a new email on LETTER_PAGE, with a personal slot
REPLY_PAGE = "situations/runner-up.html"
REPLY = "close-runner-up"  # a reply on REPLY_PAGE
MOMENT = "We sketched the new rota together on the whiteboard."
VALUES = {
    "your_name": "Sam Lee",
    "their_name": "Ana Silva",
    "moment": MOMENT,
}
PAGES = ["index.html", LETTER_PAGE, "reference/catalogue.html", "check.html"]
DOCS = ROOT / "docs"
AXE = Axe()  # reads axe-core's script once


def unfold(page) -> None:
    """Open the folded form, as a reader taps "Fill in your details"."""
    box = page.locator("details.letter-personalise-box")
    if not box.evaluate("b => b.open"):
        box.locator("summary").click()


def fill_in(page, values: dict[str, str]) -> None:
    unfold(page)
    for name, value in values.items():
        page.fill(f"form.letter-personalise [name={name}]", value)


def shown(page, example_id: str) -> dict[str, str | None]:
    return page.evaluate(
        "id => followupLetters.text(document.getElementById('letter-' + id))", example_id
    )


def copied(page, box) -> str:
    return copy_letter(page, box)


def test_copy_button_copies_exactly_the_letter(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)
    box = page.locator(f"#letter-{LETTER}")
    example = CATALOGUE.examples[LETTER]
    assert copied(page, box) == example.body.fill()
    fill_in(page, VALUES)
    assert copied(page, box) == example.body.fill(VALUES)
    assert "Dear Ana Silva,\n\nThank you" in copied(page, box)


def test_an_unfilled_slot_is_copied_in_square_brackets(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)
    text = copied(page, page.locator(f"#letter-{LETTER}"))
    (slot,) = [b for b in CATALOGUE.examples[LETTER].body.blanks if b.kind == "detail"]
    assert slot.placeholder in text and len(slot.placeholder) <= 80
    assert "Yours to write" not in text and slot.example not in text  # the example is a hint


def test_filling_the_slot_changes_the_copy_the_email_and_the_download(page, server) -> None:
    page.goto(server + LETTER_PAGE)
    fill_in(page, {"moment": MOMENT})
    box = page.locator(f"#letter-{LETTER}")
    assert MOMENT in copied(page, box)
    (slot,) = [b for b in CATALOGUE.examples[LETTER].body.blanks if b.kind == "detail"]
    assert slot.placeholder not in copied(page, box)
    query = parse_qs(urlsplit(box.locator("a.letter-email").get_attribute("href")).query)
    assert MOMENT in query["body"][0]
    assert MOMENT in download_letter(page, box)
    label = box.locator(".letter-slot-label").first.text_content()
    assert label == "Your words: "


def test_the_slot_is_announced_to_a_screen_reader(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)
    tree = page.locator(f"#letter-{LETTER} div.highlight pre").aria_snapshot()
    assert "Yours to write:" in tree
    (slot,) = [b for b in CATALOGUE.examples[LETTER].body.blanks if b.kind == "detail"]
    assert slot.placeholder.rstrip("]") in tree


def test_personalising_fills_every_placeholder_and_clearing_restores_them(
    page, server: str
) -> None:
    page.goto(server + LETTER_PAGE)
    unfold(page)
    fields = page.eval_on_selector_all(
        "form.letter-personalise input, form.letter-personalise textarea",
        "inputs => inputs.map(i => i.name)",
    )
    on_page = set(page.eval_on_selector_all("span.letter-var", "s => s.map(x => x.dataset.var)"))
    assert set(fields) == on_page  # a field for every blank the page's letters use
    values = {name: f"Value {n}" for n, name in enumerate(fields)}
    fill_in(page, values)
    texts = page.eval_on_selector_all(
        "div.letter pre, div.letter .letter-subject", "parts => parts.map(p => p.textContent)"
    )
    assert not [t for t in texts if "[" in t]
    assert all(v in "".join(texts) for v in values.values())

    page.click("form.letter-personalise button[type=reset]")
    page.wait_for_function("!document.querySelector('.letter-var-filled')")
    for example_id in CATALOGUE.examples:
        if page.locator(f"#letter-{example_id}").count():
            assert shown(page, example_id)["body"] == CATALOGUE.examples[example_id].body.fill()
    assert page.evaluate("localStorage.getItem('after-the-no:details')") is None


def test_details_follow_the_reader_to_the_next_page(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)
    fill_in(page, {"your_name": "Sam Lee"})
    page.goto(server + "situations/phone-screen.html")
    unfold(page)
    assert page.input_value("form.letter-personalise [name=your_name]") == "Sam Lee"
    assert "Sam Lee" in page.locator("div.letter pre").first.text_content()


def test_stored_details_that_are_not_text_are_dropped(page, server: str, watch) -> None:
    page.goto(server + LETTER_PAGE)
    page.evaluate(
        "localStorage.setItem('after-the-no:details', JSON.stringify("
        "{your_name: 42, their_name: {x: 1}, organisation: ['a'], role: 'Analyst', "
        "'__proto__': 'x', 'bad name': 'x'}))"
    )
    page.reload()
    unfold(page)
    assert page.input_value("form.letter-personalise [name=your_name]") == ""
    fill_in(page, {"your_name": "Sam Lee"})  # updating works, and the letters follow
    assert "Sam Lee" in shown(page, LETTER)["body"]
    assert watch.errors == []


def test_the_email_link_and_the_download_carry_the_page_text(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)
    fill_in(page, VALUES)
    box = page.locator(f"#letter-{LETTER}")
    letter = shown(page, LETTER)
    example = CATALOGUE.examples[LETTER]
    assert letter == {"subject": example.subject.fill(VALUES), "body": example.body.fill(VALUES)}

    query = parse_qs(urlsplit(box.locator("a.letter-email").get_attribute("href")).query)
    assert query["subject"] == [letter["subject"]]
    assert query["body"] == [letter["body"].replace("\n", "\r\n")]

    with page.expect_download() as download:
        box.locator("a.letter-download").click()
        box.locator(".letter-notice button.letter-go-on").click()  # role, organisation
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert saved == example.as_text(VALUES)
    assert download.value.suggested_filename == f"{LETTER}.txt"


def test_a_reply_is_copied_not_emailed(page, server: str) -> None:
    page.goto(server + REPLY_PAGE)
    box = page.locator(f"#letter-{REPLY}")
    assert box.locator("a.letter-email").count() == 0
    assert box.locator(".letter-subject").count() == 0
    assert "Reply to the email that gave you the news" in box.text_content()
    assert copied(page, box) == CATALOGUE.examples[REPLY].body.fill()


def test_without_javascript_letters_keep_their_placeholders(browser, server: str, watch):
    context = open_context(browser, server, watch, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + LETTER_PAGE)
    assert page.locator("details.letter-personalise-box").is_hidden()
    body = page.locator(f"#letter-{LETTER} pre").evaluate(
        "p => { const c = p.cloneNode(true); c.querySelectorAll('.letter-slot-label')"
        ".forEach(l => l.remove()); return c.textContent; }"
    )
    assert body == CATALOGUE.examples[LETTER].body.fill()
    href = page.locator(f"#letter-{LETTER} a.letter-download").get_attribute("href")
    assert href == f"../letters/{LETTER}.txt"  # the plain template, served as a file
    page.goto(server + "reference/catalogue.html")
    assert page.locator("form.catalogue-filters").is_hidden()
    assert page.locator("li.letter-entry:visible").count() == len(CATALOGUE.examples)
    context.close()


def test_the_catalogue_filters(page, server: str) -> None:
    page.goto(server + "reference/catalogue.html")
    page.select_option("form.catalogue-filters select[name=channel]", "linkedin")
    visible = page.eval_on_selector_all(
        "li.letter-entry:not([hidden]) a", "links => links.map(a => a.href.split('#letter-')[1])"
    )
    expected = sorted(e.id for e in CATALOGUE.examples.values() if e.channel.id == "linkedin")
    assert sorted(visible) == expected
    status = page.text_content(".catalogue-count")
    assert status == f"Showing {len(expected)} of {len(CATALOGUE.examples)} letters."
    page.click("form.catalogue-filters button[type=reset]")
    page.wait_for_function(
        f"document.querySelectorAll('li.letter-entry:not([hidden])').length == "
        f"{len(CATALOGUE.examples)}"
    )


def python_labels(text: str) -> dict[str, bool]:
    return sentence_labels(text)  # the rules and their models, as the page's labelsOf


def test_the_browser_checker_agrees_with_python_on_every_sentence_and_letter(page, server):
    page.goto(server + "check.html")
    texts = [case.text for w in ("own", "modelled", "heldout") for case in sentences(w)]
    in_browser = page.evaluate("texts => texts.map(t => followupRules.labelsOf(t))", texts)
    assert [python_labels(t) for t in texts] == in_browser

    drafts = [case.text for w in ("own", "modelled", "heldout") for case in letters(w)]
    drafts += [e.as_text(SAMPLE_VALUES) for e in CATALOGUE.examples.values()]
    drafts += [e.as_text() for e in CATALOGUE.examples.values()]  # with placeholders left
    reports = page.evaluate(
        "texts => texts.map(t => { const r = followupRules.check(t); delete r.sentences;"
        " return r; })",
        drafts,
    )
    assert [check(t).as_dict() for t in drafts] == reports


def test_the_checker_page_reports_findings_suggestions_and_notes(page, server: str) -> None:
    page.goto(server + "check.html")
    page.fill(
        "form.draft-checker textarea",
        "Dear Ana,\n\nThanks for the call.\nCould you tell me why I wasn't selected?\n\n"
        "[Your name]\n",
    )
    report = page.locator(".draft-checker-report")
    report.get_by_text("Sentence by sentence").wait_for()
    text = report.text_content()
    assert "Thanks the reader: Found" in text
    assert "Asks for feedback: Missing" in text
    assert "Never asks why: Found: change it" in text
    assert "Has no placeholders left: Found: change it" in text
    flagged = report.locator("ul.checker-findings li.checker-fail q.checker-sentence")
    assert flagged.all_text_contents() == [
        "Could you tell me why I wasn't selected?",
        "[Your name]",
    ]
    assert "Instead, you could write:" in text
    notes = report.locator("ul.checker-notes li")
    assert "Nothing here keeps the door open" in notes.first.text_content()


def test_a_huge_draft_is_refused_and_a_long_one_laid_out_in_part(page, server: str) -> None:
    page.goto(server + "check.html")
    area = page.locator("form.draft-checker textarea")
    area.evaluate("(a, n) => { a.value = 'x'.repeat(n); a.form.requestSubmit(); }", 1_000_001)
    page.get_by_text("the most the checker reads").wait_for()
    sentence = "Thank you for your time and for the interview. "
    area.evaluate("(a, s) => { a.value = s.repeat(5000); a.form.requestSubmit(); }", sentence)
    page.get_by_text("more sentences, not shown").wait_for()
    laid_out = page.locator("ol.checker-sentences > li").count()
    assert laid_out == 201  # 200 sentences and the line that counts the rest


@pytest.mark.parametrize("scheme", ["dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(page, server: str, path: str, scheme: str):
    """The sample pages in dark mode (light mode: every page, below), forms unfolded."""
    page.emulate_media(color_scheme=scheme)
    page.goto(server + path)
    page.evaluate(f"document.body.dataset.theme = '{scheme}'")
    if page.locator("details.letter-personalise-box").count():
        unfold(page)  # check the form too
    results = AXE.run(page)
    found = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    assert found == []


#: Every page the build writes: one per page of docs/, and Sphinx's index and search
#: pages; not the 404 page, which is served from the site's folder (test_not_found.py).
#: Each is its own test, so pytest-xdist's workers share them out.
EVERY_PAGE = sorted(
    [
        *(
            source.relative_to(DOCS).with_suffix(".html").as_posix()
            for source in DOCS.rglob("*.md")
            if source.name != "404.md"
        ),
        "genindex.html",
        "search.html",
    ]
)


def test_every_built_page_is_checked_for_accessibility(site: Path) -> None:
    built = {
        page.relative_to(site).as_posix()
        for page in site.rglob("*.html")
        if "_static" not in page.parts and page.name != "404.html"
    }
    assert built == set(EVERY_PAGE)


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_no_accessibility_violations_on_any_page(page, server: str, path: str) -> None:
    """Every built page, not a sample, in light mode, with its form unfolded (the pages
    above also in dark)."""
    page.goto(server + path)
    if page.locator("details.letter-personalise-box:not([hidden])").count():
        unfold(page)  # check the form too
    violations = AXE.run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:2]) for v in violations] == []


@pytest.mark.parametrize("path", PAGES)
def test_pages_ask_only_the_local_server_and_log_no_errors(
    page, server: str, watch, path: str
) -> None:
    page.goto(server + path, wait_until="networkidle")
    elsewhere = [u for u in watch.requests if not u.startswith((server, "data:", "blob:"))]
    assert elsewhere == []
    assert watch.errors == []
    # Its own icon, so the browser never asks the host's root for a missing /favicon.ico.
    icon = page.eval_on_selector("link[rel~=icon]", "link => link.href")
    assert icon.startswith(server) and page.request.get(icon).status == 200


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_on_a_phone(page, server: str, path: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(server + path)
    wide = page.evaluate("document.documentElement.scrollWidth")
    letters = page.eval_on_selector_all(
        "div.letter pre",
        "pres => pres.map(p => ({right: p.getBoundingClientRect().right,"
        " size: parseFloat(getComputedStyle(p).fontSize), over: p.scrollWidth - p.clientWidth}))",
    )
    assert wide <= 375
    for letter in letters:
        assert letter["right"] <= 375 and letter["over"] <= 0
        assert letter["size"] >= 14


@pytest.mark.parametrize("path", ["index.html", LETTER_PAGE, REPLY_PAGE])
def test_a_letter_starts_on_the_first_screen_of_a_phone(page, server, path) -> None:
    """At 390 by 844, the first letter's opening lines show before any scrolling."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + path)
    top = page.locator("div.letter pre").first.evaluate("p => p.getBoundingClientRect().top")
    assert top < 844 - 3 * 24, f"the first letter starts {top:.0f} px down"


def test_keyboard_alone_can_personalise_copy_email_and_download(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("details.letter-personalise-box summary")
    page.keyboard.press("Enter")
    tab_to("form.letter-personalise input[name=their_name]")
    page.keyboard.type("Ana Silva")
    tab_to(f"#letter-{LETTER} button.letter-copy[data-copy=body]")
    page.keyboard.press("Enter")  # blanks are left: the notice takes the focus
    assert page.evaluate("document.activeElement.matches('.letter-notice button')")
    tab_to(f"#letter-{LETTER} .letter-notice button.letter-go-on", limit=10)
    page.keyboard.press("Enter")
    page.get_by_text("Letter copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()").startswith("Dear Ana Silva,")
    tab_to(f"#letter-{LETTER} a.letter-download")
    page.keyboard.press("Enter")  # the subject's [Role] is new: asked again
    tab_to(f"#letter-{LETTER} .letter-notice button.letter-go-on", limit=10)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert "Dear Ana Silva," in Path(download.value.path()).read_text(encoding="utf-8")
    tab_to(f"#letter-{LETTER} a.letter-email")
    href = page.evaluate("document.activeElement.href")
    assert "Ana%20Silva" in href
