"""The published site: every page has what a published page needs (edit link, Open Graph
tags, last-updated date, a place in the sitemap), the 404 page works from any missing
address, and every asset and link is relative, so the site asks nothing of any other host
and works from any folder."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from support import ROOT, Site

REPOSITORY = "https://github.com/after-the-no/after-the-no"
SITE_URL = "https://after-the-no.github.io/after-the-no/"


# The built site


def written_pages(pages: Site) -> list[Path]:
    """Pages written from a source file (not the search page or the index)."""
    return [p for p in pages.pages() if pages.name(p) not in ("search", "genindex")]


def test_every_page_links_to_its_source_for_editing(pages: Site) -> None:
    for page in written_pages(pages):
        name = pages.name(page)
        (link,) = pages.soup(page).select(".edit-this-page > a[rel=edit]") or [None]
        if name == "404":  # a reader who followed a broken link has nothing to edit
            assert link is None
            continue
        assert link is not None and link.get_text() == "Edit this page", name
        assert link.find_parent("footer"), name  # inside a landmark, for screen readers
        elsewhere = {
            "contributing/index": "CONTRIBUTING.md",
            "contributing/security": "SECURITY.md",
        }
        source = elsewhere.get(name, f"docs/{name}.md")
        assert link["href"] == f"{REPOSITORY}/edit/main/{source}", name
        assert (ROOT / source).is_file(), source


def test_every_page_has_open_graph_tags_and_one_canonical_address(pages: Site) -> None:
    for page in written_pages(pages):
        name = pages.name(page)
        soup = pages.soup(page)
        tags = {
            meta["property"]: meta["content"]
            for meta in soup.find_all("meta", property=re.compile("^og:"))
        }
        canonical = soup.find("link", rel="canonical")
        if name == "404":  # nothing to index: no address, no description of its own
            assert "og:url" not in tags and canonical is None
            assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
            assert soup.find("meta", attrs={"name": "description"})["content"] == (
                "There's no page at this address."
            )
            continue
        address = SITE_URL if name == "index" else SITE_URL + f"{name}.html"
        assert tags["og:url"] == address, name
        assert tags["og:title"] and tags["og:description"], name
        assert tags["og:site_name"] == "After the No"
        assert "og:image" not in tags  # no generated images
        assert canonical["href"] == address


def test_every_page_says_when_it_last_changed(pages: Site) -> None:
    """The site fixture commits the copy on 5 March 2024: a page built from the copy alone
    has that date; one that shows the rules is dated by the rules file's own history."""
    date = re.compile(r"Last updated on (\d{1,2} [A-Z][a-z]+ \d{4})")
    found = {}
    for page in written_pages(pages):
        if pages.name(page) != "404":
            shown = date.search(pages.soup(page).get_text(" "))
            assert shown, pages.name(page)
            found[pages.name(page)] = shown.group(1)
    assert found["faq"] == found["index"] == "5 March 2024"


def test_the_sitemap_lists_every_page_with_its_date(pages: Site) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(pages.root / "sitemap.xml").getroot()
    listed = [loc.text for loc in root.findall("s:url/s:loc", namespace)]
    expected = [
        SITE_URL + f"{pages.name(page)}.html"
        for page in written_pages(pages)
        if pages.name(page) != "404"
    ]
    assert sorted(listed) == sorted(expected)
    dates = [m.text for m in root.iter(f"{{{namespace['s']}}}lastmod")]
    assert len(dates) == len(listed)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d) for d in dates)
    assert dates.count("2024-03-05T12:00:00Z") >= len(dates) - 3


def test_robots_txt_points_to_the_sitemap(pages: Site) -> None:
    robots = (pages.root / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()


def test_the_404_page_links_from_the_site_path(pages: Site) -> None:
    """Served at any missing address, however deep, its links and styles still work:
    they start at the site's path, with no script needed (see the browser tests)."""
    page = pages.soup("404.html")
    assert page.find("h1").get_text().startswith("Page not found")
    links = [a["href"] for a in page.select("article a[href]") if not a["href"].startswith("#")]
    assert "/after-the-no/index.html" in links
    assert all(h.startswith("/after-the-no/") for h in links)
    stylesheets = page.find_all("link", rel="stylesheet")
    assert stylesheets and all(s["href"].startswith("/after-the-no/_static/") for s in stylesheets)
    assert not [s for s in page.find_all("script") if s.string and "base" in s.string]


def test_pages_with_letters_link_to_edit_each_one(pages: Site) -> None:
    page = pages.soup("situations/final-round.html")
    links = {a.get_text(): a["href"] for a in page.select(".edit-letters a")}
    assert links["after-final-round.j2"] == f"{REPOSITORY}/edit/main/examples/after-final-round.j2"
    assert all((ROOT / "examples" / name).is_file() for name in links)
    assert pages.soup("faq.html").select(".edit-letters") == []


def test_the_theme_has_light_and_dark_modes(pages: Site) -> None:
    page = pages.soup("index.html")
    assert page.find("meta", attrs={"name": "color-scheme"})["content"] == "light dark"
    assert page.select_one("button.theme-toggle")


ASSETS = (("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"), ("iframe", "src"))


def test_every_asset_and_link_is_relative(pages: Site) -> None:
    """The site works opened from the file system or published in any folder, and asks
    nothing of any other host: every asset and every link within it is relative (but the
    404 page's, which start at the site's path so it works at any missing address)."""
    for page in pages.pages():
        if pages.name(page) == "404":
            continue
        document = pages.soup(page)
        name = page.relative_to(pages.root).as_posix()
        assert document.html["data-content_root"].startswith(("./", "../")), name
        for tag, attribute in ASSETS:
            for element in document.find_all(tag):
                value = element.get(attribute)
                if not value or (tag == "link" and "canonical" in element.get("rel", [])):
                    continue
                assert not urlsplit(value).scheme and not value.startswith("/"), (name, value)
        for link in document.find_all("a", href=True):
            assert not link["href"].startswith("/"), (name, link["href"])  # not from the root
    for asset in (pages.root / "_static").rglob("*.css"):
        text = asset.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert url.startswith(("data:", "#")) or not (
                urlsplit(url).scheme or url.startswith("/")
            ), (
                asset.name,
                url,
            )
