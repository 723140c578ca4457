"""The letters as a reader uses them, in a real Chromium: personalise, copy, email,
download, check a draft; accessible, offline, phone-sized and keyboard-usable."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import SCREENSHOTS, open_context
from corpus_data import letters, sentences
from followup.examples import load_catalogue
from followup.rules import check, default_rules

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGUE = load_catalogue(ROOT / "examples", ROOT / "snippets")
LETTER_PAGE = "situations/final-round.html"
LETTER = "after-final-round"  # an email letter on LETTER_PAGE
VALUES = {"your_name": "Sam Lee", "interviewer": "Ana Silva", "company": "Northwind"}
PAGES = ["index.html", LETTER_PAGE, "reference/catalogue.html", "check.html"]


def fill_in(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f"form.letter-personalise input[name={name}]", value)


def shown(page, example_id: str) -> dict[str, str | None]:
    return page.evaluate(
        "id => followupLetters.text(document.getElementById('letter-' + id))", example_id
    )


def test_copy_button_copies_exactly_the_letter(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)
    box = page.locator(f"#letter-{LETTER}")
    box.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == CATALOGUE.examples[LETTER].body.fill()

    fill_in(page, VALUES)
    box.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == CATALOGUE.examples[LETTER].body.fill(VALUES)
    assert "Dear Ana Silva,\n\nThank you" in copied


def test_personalising_fills_every_placeholder_and_clearing_restores_them(
    page, server: str
) -> None:
    page.goto(server + LETTER_PAGE)
    fields = page.eval_on_selector_all(
        "form.letter-personalise input", "inputs => inputs.map(i => i.name)"
    )
    on_page = set(page.eval_on_selector_all("span.letter-var", "s => s.map(x => x.dataset.var)"))
    assert set(fields) == on_page  # a field for every variable the page's letters use
    values = {name: f"Value {n}" for n, name in enumerate(fields)}
    fill_in(page, values)
    texts = page.eval_on_selector_all("div.letter pre", "pres => pres.map(p => p.textContent)")
    placeholders = [CATALOGUE.variables[name].placeholder for name in fields]
    for text in texts:
        assert not [p for p in placeholders if p in text]
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
    assert page.input_value("form.letter-personalise input[name=your_name]") == "Sam Lee"
    assert "Sam Lee" in page.locator("div.letter pre").first.text_content()


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
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert saved == example.as_text(VALUES)
    assert download.value.suggested_filename == f"{LETTER}.txt"


def test_without_javascript_letters_keep_their_placeholders(browser, server: str, watch):
    context = open_context(browser, server, watch, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + LETTER_PAGE)
    assert page.locator("form.letter-personalise").is_hidden()
    body = page.locator(f"#letter-{LETTER} pre").text_content()
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
    rules = default_rules()
    normal = rules.normalise(text)
    return {rule.id: rule.matches(normal) for rule in rules.rules}


def test_the_browser_checker_agrees_with_python_on_the_whole_corpus(page, server: str):
    page.goto(server + "check.html")
    texts = [case.text for case in sentences()]
    in_browser = page.evaluate("texts => texts.map(t => followupRules.labelsOf(t))", texts)
    assert [python_labels(t) for t in texts] == in_browser

    drafts = [case.text for case in letters()] + [e.as_text() for e in CATALOGUE.examples.values()]
    reports = page.evaluate(
        "texts => texts.map(t => { const r = followupRules.check(t); delete r.sentences;"
        " return r; })",
        drafts,
    )
    assert [check(t).as_dict() for t in drafts] == reports


def test_the_checker_page_reports_sentence_by_sentence(page, server: str) -> None:
    page.goto(server + "check.html")
    page.fill(
        "form.draft-checker textarea",
        "Dear Ana,\n\nThanks for the call.\nCould you tell me why I wasn't selected?\n",
    )
    report = page.locator(".draft-checker-report")
    report.get_by_text("Sentence by sentence").wait_for()
    text = report.text_content()
    assert "Thanks the reader: Found" in text
    assert "Asks for feedback: Missing" in text
    assert "Never asks why: Found: change it" in text
    flagged = report.locator("li.checker-fail q").all_text_contents()
    assert flagged == ["Could you tell me why I wasn't selected?"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(browser, server: str, watch, path: str, scheme: str):
    context = open_context(browser, server, watch, color_scheme=scheme)
    page = context.new_page()
    page.goto(server + path)
    page.evaluate(f"document.body.dataset.theme = '{scheme}'")
    results = Axe().run(page)
    found = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    context.close()
    assert found == []


def test_no_accessibility_violations_on_any_page(page, server: str, site: Path) -> None:
    """Every built page, not a sample (light mode; the pages above also in dark)."""
    axe = Axe()
    found = {}
    for built in sorted(site.rglob("*.html")):
        if "_static" in built.parts:
            continue
        path = built.relative_to(site).as_posix()
        page.goto(server + path)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:2]) for v in violations]
    assert found == {}


@pytest.mark.parametrize("path", PAGES)
def test_pages_ask_only_the_local_server_and_log_no_errors(
    page, server: str, watch, path: str
) -> None:
    page.goto(server + path, wait_until="networkidle")
    elsewhere = [u for u in watch.requests if not u.startswith((server, "data:", "blob:"))]
    assert elsewhere == []
    assert watch.errors == []


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_on_a_phone(browser, server: str, watch, path: str) -> None:
    context = open_context(browser, server, watch, viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(server + path)
    wide = page.evaluate("document.documentElement.scrollWidth")
    letters = page.eval_on_selector_all(
        "div.letter pre",
        "pres => pres.map(p => ({right: p.getBoundingClientRect().right,"
        " size: parseFloat(getComputedStyle(p).fontSize), over: p.scrollWidth - p.clientWidth}))",
    )
    context.close()
    assert wide <= 375
    for letter in letters:
        assert letter["right"] <= 375 and letter["over"] <= 0
        assert letter["size"] >= 14


def test_keyboard_alone_can_personalise_copy_email_and_download(page, server: str) -> None:
    page.goto(server + LETTER_PAGE)

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("form.letter-personalise input[name=interviewer]")
    page.keyboard.type("Ana Silva")
    tab_to(f"#letter-{LETTER} button.copybtn")
    page.keyboard.press("Enter")
    assert page.evaluate("navigator.clipboard.readText()").startswith("Dear Ana Silva,")
    tab_to(f"#letter-{LETTER} a.letter-download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert "Dear Ana Silva," in Path(download.value.path()).read_text(encoding="utf-8")
    tab_to(f"#letter-{LETTER} a.letter-email")
    href = page.evaluate("document.activeElement.href")
    assert "Ana%20Silva" in href


def test_screenshots_for_review(browser, server: str, watch) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, viewport in (("desktop", (1280, 900)), ("phone", (375, 812))):
        context = open_context(
            browser, server, watch, viewport={"width": viewport[0], "height": viewport[1]}
        )
        page = context.new_page()
        for path, label in (("index.html", "home"), (LETTER_PAGE, "letter-page")):
            page.goto(server + path)
            target = SCREENSHOTS / f"{label}-{name}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
        context.close()
