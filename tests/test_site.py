"""The built site: every letter shown, downloadable, listed, escaped, and self-contained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from followup.examples import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "examples", ROOT / "snippets")
IDS = sorted(CATALOGUE.examples)


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def where_shown(site: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for page in pages(site):
        for box in soup(page).select("div.letter[id^=letter-]"):
            found.setdefault(box["id"].removeprefix("letter-"), []).append(page)
    return found


@pytest.mark.parametrize("example_id", IDS)
def test_each_letter_is_shown_once_with_its_exact_text(site: Path, example_id: str) -> None:
    (page,) = where_shown(site)[example_id]
    example = CATALOGUE.examples[example_id]
    box = soup(page).find(id=f"letter-{example_id}")
    (pre,) = box.select("div.highlight pre")  # the one block the copy button copies
    assert pre.get_text() == example.body.fill()
    # Sphinx makes quotes typographic in titles; the letter itself stays as written.
    title = box.select_one(".letter-title").get_text().replace("\u2019", "'")
    assert title == example.title
    subject = box.select_one(".letter-subject")
    if example.subject is None:
        assert subject is None
    else:
        assert subject.get_text() == f"Subject: {example.subject.fill()}"
    spans = pre.select("span.letter-var")
    assert [s["data-var"] for s in spans] == [
        p.name for p in example.body.parts if not isinstance(p, str)
    ]


@pytest.mark.parametrize("example_id", IDS)
def test_each_letter_downloads_from_a_stable_address(site: Path, example_id: str) -> None:
    text_file = site / "letters" / f"{example_id}.txt"
    assert text_file.read_text(encoding="utf-8") == CATALOGUE.examples[example_id].as_text()
    (page,) = where_shown(site)[example_id]
    link = soup(page).find(id=f"letter-{example_id}").select_one("a.letter-download")
    assert (page.parent / link["href"]).resolve() == text_file.resolve()


def test_the_catalogue_links_every_example_to_where_it_is_shown(site: Path) -> None:
    page = site / "reference" / "catalogue.html"
    links = {}
    for item in soup(page).select("ul.letter-catalogue li a"):
        target, _, anchor = item["href"].partition("#")
        links[anchor.removeprefix("letter-")] = (page.parent / target).resolve()
    assert sorted(links) == IDS
    shown = where_shown(site)
    for example_id, target in links.items():
        assert target == shown[example_id][0].resolve()
    headings = [h.get_text() for h in soup(page).select(".catalogue-scenario")]
    scenarios = [s.title for s, _ in CATALOGUE.by_scenario()]
    assert headings == scenarios


def test_no_markup_escaped_rendering(site: Path) -> None:
    leftovers = re.compile(r"\{\{|\{%|%\}|\}\}|```\{|:::\{|\{letter")
    for page in pages(site):
        document = soup(page)
        # Code samples (the contributing guide's) show markup on purpose; letters never do.
        for sample in document.select("code, div[class*='highlight-']:not(.letter-text)"):
            sample.decompose()
        text = document.get_text()
        assert not leftovers.search(text), f"{page.relative_to(site)}: {leftovers.search(text)}"


def test_pages_ask_nothing_of_other_hosts(site: Path) -> None:
    """The site works offline: scripts, styles, images and fonts are all local."""
    external = re.compile(r"^(https?:)?//", re.I)
    for page in pages(site):
        document = soup(page)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in document.find_all(tag):
                value = element.get(attribute)
                if tag == "link" and "stylesheet" not in element.get("rel", []):
                    continue
                assert not (value and external.match(value)), f"{page.name}: {value}"
    for asset in (site / "_static").rglob("*"):
        if asset.suffix in {".css", ".js"}:
            text = asset.read_text(encoding="utf-8", errors="replace")
            assert not re.search(r"@import\s+url\(\s*['\"]?https?:", text), asset.name
            assert not re.search(r"url\(\s*['\"]?https?://", text), asset.name


def test_the_copy_button_is_set_up_for_letters(site: Path) -> None:
    page = next(iter(where_shown(site).values()))[0]
    scripts = [s.get("src", "") for s in soup(page).find_all("script")]
    assert any("copybutton.js" in s for s in scripts)
    options = (site / "_static" / "copybutton.js").read_text(encoding="utf-8")
    assert "div.highlight pre" in options
    # Nothing but the letter sits inside the block the button copies.
    for box in soup(page).select("div.letter"):
        for pre in box.select("div.highlight pre"):
            assert not pre.find_all(["a", "strong", "p"])


def test_the_catalogue_filters_by_situation_channel_and_tone(site: Path) -> None:
    page = soup(site / "reference" / "catalogue.html")
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
        example_id = entry.a["href"].split("#letter-")[1]
        example = CATALOGUE.examples[example_id]
        assert {
            f"scenario-{example.scenario.id}",
            f"channel-{example.channel.id}",
            f"tone-{example.tone}",
        } <= set(entry["class"])
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert any("followup-catalogue.js" in s for s in scripts)
    index_scripts = [s.get("src", "") for s in soup(site / "index.html").find_all("script")]
    assert not any("followup-catalogue.js" in s for s in index_scripts)


def test_the_browser_checker_gets_the_same_rules_as_the_command(site: Path) -> None:
    import json

    from followup.rules import resolve, rules_data

    script = (site / "_static" / "followup-rules-data.js").read_text(encoding="utf-8")
    data = json.loads(script.split("window.followupRulesData = ", 1)[1].rstrip().rstrip(";"))
    assert data == resolve(rules_data())
    page = soup(site / "check.html")
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert any("followup-rules-data.js" in s for s in scripts)
    assert any("followup-checker.js" in s for s in scripts)
    assert page.select_one("form.draft-checker textarea")
    assert "JavaScript" in page.find("noscript").get_text()


def test_letter_pages_offer_the_personalise_form_and_the_licence(site: Path) -> None:
    for example_id, (page_path, *_) in where_shown(site).items():
        page = soup(page_path)
        form = page.select_one("form.letter-personalise")
        assert form is not None and form.has_attr("hidden"), page_path.name
        fields = {i["name"] for i in form.find_all("input")}
        assert set(CATALOGUE.examples[example_id].variables) <= fields
        assert "No credit needed" in page.select_one(".letter-licence").get_text()
        assert len(page.select(".letter-tools")) == 1  # one form a page, before its letters
        email = page.find(id=f"letter-{example_id}").select_one("a.letter-email")
        assert (email is not None) == (
            CATALOGUE.examples[example_id].channel.id in ("email", "reply")
        )


def test_the_theme_side_panels_are_named_for_screen_readers(site: Path) -> None:
    page = soup(site / "index.html")
    names = [aside.get("aria-label") for aside in page.find_all("aside")]
    assert "Site menu" in names and "On this page" in names
    assert all(c.get("aria-level") for c in page.select('[role="heading"]'))
