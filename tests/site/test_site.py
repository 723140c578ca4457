"""The real guide, built: every letter shown once with its exact text, downloadable,
listed in the catalogue, escaped, and the whole site self-contained."""

from __future__ import annotations

import re

import pytest

from support import REAL, Site

CATALOGUE = REAL.catalogue
IDS = sorted(CATALOGUE.examples)


def letter_text(box) -> str:
    """The text the copy button copies: the letter, without its "Yours to write" labels."""
    (pre,) = box.select("div.highlight pre")  # the one block the copy button copies
    return "".join(
        node if isinstance(node, str) else ""
        for node in pre.find_all(string=True)
        if not node.find_parent(class_="letter-slot-label")
    )


@pytest.mark.parametrize("example_id", IDS)
def test_each_letter_is_shown_once_with_its_exact_text(pages: Site, example_id: str) -> None:
    (page,) = pages.where_shown[example_id]
    example = CATALOGUE.examples[example_id]
    box = pages.soup(page).find(id=f"letter-{example_id}")
    assert letter_text(box) == example.body.fill()
    # Sphinx makes quotes typographic in titles; the letter itself stays as written.
    title = box.select_one(".letter-title").get_text().replace("\u2019", "'")
    assert title == example.title
    subject = box.select_one(".letter-subject")
    if example.subject is None:
        assert subject is None
    else:
        assert subject.get_text() == f"Subject: {example.subject.fill()}"
    spans = box.select("div.highlight pre span.letter-var")
    assert [s["data-var"] for s in spans] == [b.name for b in example.body.blanks]
    assert len(box.select(".letter-slot-label")) == sum(
        b.kind == "detail" for b in example.body.blanks
    )
    hints = [h.get_text().replace("\u2019", "'") for h in box.select(".letter-hint")]
    assert hints == [f"{prompt} For example: {sample}" for prompt, sample in example.body.hints]
    assert all(sample not in letter_text(box) for _, sample in example.body.hints)
    meta = box.select_one(".letter-meta").get_text()
    assert meta.endswith(f"{example.country} conventions") == bool(example.country)
    how = box.select_one(".letter-how").get_text()
    assert how == f"How to send it: {example.channel.how}"
    email = box.select_one("a.letter-email")
    assert (email is not None) == example.channel.new_message


@pytest.mark.parametrize("example_id", IDS)
def test_each_letter_downloads_from_a_stable_address(pages: Site, example_id: str) -> None:
    text_file = pages.root / "letters" / f"{example_id}.txt"
    assert text_file.read_text(encoding="utf-8") == CATALOGUE.examples[example_id].as_text()
    (page,) = pages.where_shown[example_id]
    link = pages.soup(page).find(id=f"letter-{example_id}").select_one("a.letter-download")
    assert (page.parent / link["href"]).resolve() == text_file.resolve()


def test_a_reply_page_never_shows_a_subject_or_a_new_email(pages: Site) -> None:
    for example in CATALOGUE.examples.values():
        if example.channel.id == "reply":
            (page,) = pages.where_shown[example.id]
            box = pages.soup(page).find(id=f"letter-{example.id}")
            assert box.select_one(".letter-subject") is None
            assert box.select_one("a.letter-email") is None
            assert "Reply to the email that gave you the news" in box.get_text()


def test_the_catalogue_links_every_example_to_where_it_is_shown(pages: Site) -> None:
    page = pages.root / "reference" / "catalogue.html"
    links = {}
    for item in pages.soup(page).select("ul.letter-catalogue li a"):
        target, _, anchor = item["href"].partition("#")
        links[anchor.removeprefix("letter-")] = (page.parent / target).resolve()
    assert sorted(links) == IDS
    for example_id, target in links.items():
        assert target == pages.where_shown[example_id][0].resolve()
    headings = [h.get_text() for h in pages.soup(page).select(".catalogue-scenario")]
    assert headings == [s.title for s, _ in CATALOGUE.by_scenario()]


def test_no_markup_escaped_rendering(pages: Site) -> None:
    leftovers = re.compile(r"\{\{|\{%|%\}|\}\}|```\{|:::\{|\{letter")
    # Code samples (the contributing guide's) show markup on purpose; letters never do.
    samples = "code, script, style, div[class*='highlight-']:not(.letter-text)"
    for page in pages.pages():
        document = pages.soup(page)
        skipped = {id(element) for element in document.select(samples)}
        text = "".join(
            node
            for node in document.find_all(string=True)
            if not any(id(parent) in skipped for parent in node.parents)
        )
        assert not leftovers.search(text), f"{pages.name(page)}: {leftovers.search(text)}"


def test_pages_ask_nothing_of_other_hosts(pages: Site) -> None:
    """The site works offline: scripts, styles, images and fonts are all local."""
    external = re.compile(r"^(https?:)?//", re.I)
    for page in pages.pages():
        document = pages.soup(page)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in document.find_all(tag):
                value = element.get(attribute)
                if tag == "link" and "stylesheet" not in element.get("rel", []):
                    continue
                assert not (value and external.match(value)), f"{page.name}: {value}"
    for asset in (pages.root / "_static").rglob("*"):
        if asset.suffix in {".css", ".js"}:
            text = asset.read_text(encoding="utf-8", errors="replace")
            assert not re.search(r"@import\s+url\(\s*['\"]?https?:", text), asset.name
            assert not re.search(r"url\(\s*['\"]?https?://", text), asset.name


def test_the_copy_button_copies_the_letter_and_not_its_labels(pages: Site) -> None:
    page = pages.where_shown["all-purpose"][0]
    scripts = [s.get("src", "") for s in pages.soup(page).find_all("script")]
    assert any("copybutton.js" in s for s in scripts)
    options = (pages.root / "_static" / "copybutton.js").read_text(encoding="utf-8")
    # Code blocks keep sphinx-copybutton's icon; letters have their own labelled buttons.
    assert "div.highlight pre:not(.letter-text pre)" in options
    assert ".letter-slot-label" in options
    # Nothing but the letter sits inside the block the button copies.
    for box in pages.soup(page).select("div.letter"):
        for pre in box.select("div.highlight pre"):
            assert not pre.find_all(["a", "strong", "p"])


def test_every_letter_has_labelled_copy_buttons_and_a_status_line(pages: Site) -> None:
    for example_id, (page_path, *_) in pages.where_shown.items():
        box = pages.soup(page_path).select_one(f"#letter-{example_id}")
        copies = box.select_one(".letter-copies")
        assert copies.has_attr("hidden")  # shown by the page's script, which they need
        buttons = [b.get_text() for b in copies.select("button.letter-copy[type=button]")]
        has_subject = box.select_one(".letter-subject") is not None
        assert buttons == ["Copy letter", *(["Copy subject"] if has_subject else [])]
        status = box.select_one(".letter-actions .letter-status")
        assert status["role"] == "status" and status["aria-live"] == "polite", example_id


def test_the_catalogue_filters_by_situation_channel_and_tone(pages: Site) -> None:
    page = pages.soup("reference/catalogue.html")
    form = page.select_one("form.catalogue-filters")
    assert form.has_attr("hidden")  # the script shows it; without JavaScript, a plain list
    options = {
        select["name"]: [o["value"] for o in select.find_all("option") if o["value"]]
        for select in form.find_all("select")
    }
    assert options["scenario"] == [s.id for s, _ in CATALOGUE.by_scenario()]
    assert set(options["channel"]) == {e.channel.id for e in CATALOGUE.examples.values()}
    assert set(options["tone"]) == {e.tone for e in CATALOGUE.examples.values()}
    for entry in page.select("li.letter-entry"):
        example = CATALOGUE.examples[entry.a["href"].split("#letter-")[1]]
        assert {
            f"scenario-{example.scenario.id}",
            f"channel-{example.channel.id}",
            f"tone-{example.tone}",
        } <= set(entry["class"])


def test_the_check_page_loads_the_rules_the_draft_limit_and_the_checker(pages: Site) -> None:
    """What the page loads. That the checker on it reads drafts as the command does is
    the browser test test_the_browser_checker_agrees_with_python_on_every_sentence_and_letter
    (and, under Node, tests/unit/test_page_engine.py)."""
    from followup.reading import DRAFT_LIMIT

    script = (pages.root / "_static" / "followup-rules-data.js").read_text(encoding="utf-8")
    assert "\nwindow.followupRulesData = {" in script
    assert f"window.followupDraftLimit = {DRAFT_LIMIT};" in script
    page = pages.soup("check.html")
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert any("followup-rules-data.js" in s for s in scripts)
    assert any("followup-checker.js" in s for s in scripts)
    assert page.select_one("form.draft-checker textarea")
    assert "JavaScript" in page.find("noscript").get_text()


def test_each_tool_loads_only_its_own_part_of_the_learned_layer(pages: Site) -> None:
    """The checker's page the letter rules' models, the message box's the signals' and
    stages' (what it weighs counts against a phone's budget); together, learned.json."""
    import json

    from followup.learned import resolved_models

    def models(name: str) -> dict[str, object]:
        script = (pages.root / "_static" / name).read_text(encoding="utf-8")
        part = json.loads(script[script.index("})(") + 3 : script.rindex(");")])
        return part["models"]

    checker, matcher = (models(f"followup-learned-{t}-data.js") for t in ("checker", "match"))
    assert not checker.keys() & matcher.keys()
    assert {**checker, **matcher} == resolved_models()["models"]
    assert "bitter" in checker and "close_call" in matcher and "stage:interview" in matcher
    for page, mine, other in (
        ("check.html", "checker", "match"),
        ("index.html", "match", "checker"),
    ):
        scripts = " ".join(s.get("src", "") for s in pages.soup(page).find_all("script"))
        assert f"followup-learned-{mine}-data.js" in scripts
        assert f"followup-learned-{other}-data.js" not in scripts


def test_letter_pages_offer_the_personalise_form_and_the_licence(pages: Site) -> None:
    for example_id, (page_path, *_) in pages.where_shown.items():
        page = pages.soup(page_path)
        box = page.select_one("details.letter-personalise-box")
        assert box is not None and box.has_attr("hidden"), page_path.name
        fields = {i["name"] for i in box.select("input, textarea")}
        assert set(CATALOGUE.examples[example_id].variables) <= fields
        assert "No credit needed" in page.select_one(".letter-licence").get_text()
        assert len(page.select(".letter-tools")) == 1  # one form a page, before its letters


def test_the_theme_side_panels_are_named_for_screen_readers(pages: Site) -> None:
    for page in pages.pages():
        document = pages.soup(page)
        names = [aside.get("aria-label") for aside in document.find_all("aside")]
        assert "Site menu" in names and "On this page" in names, pages.name(page)
        assert all(c.get("aria-level") for c in document.select('[role="heading"]'))
