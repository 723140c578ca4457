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
        (link,) = pages.soup(page).find_all("a", rel="edit") or [None]
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


def test_every_page_has_open_graph_tags(pages: Site) -> None:
    for page in written_pages(pages):
        name = pages.name(page)
        tags = {
            meta["property"]: meta["content"]
            for meta in pages.soup(page).find_all("meta", property=re.compile("^og:"))
        }
        assert tags["og:url"] == SITE_URL + f"{name}.html", name
        assert tags["og:title"] and tags["og:description"], name
        assert tags["og:site_name"] == "After the No"
        assert "og:image" not in tags  # no generated images
        canonical = pages.soup(page).find("link", rel="canonical")
        assert canonical["href"] == tags["og:url"]


def test_every_page_says_when_it_last_changed(pages: Site) -> None:
    date = re.compile(r"Last updated on \d{1,2} [A-Z][a-z]+ \d{4}")
    for page in written_pages(pages):
        assert date.search(pages.soup(page).get_text(" ")), pages.name(page)


def test_the_sitemap_lists_every_page(pages: Site) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(pages.root / "sitemap.xml").getroot()
    listed = [loc.text for loc in root.findall("s:url/s:loc", namespace)]
    expected = [
        SITE_URL + f"{pages.name(page)}.html"
        for page in written_pages(pages)
        if pages.name(page) != "404"
    ]
    assert sorted(listed) == sorted(expected)
    assert all(
        re.fullmatch(r"\d{4}-\d\d-\d\d", m.text) for m in root.iter(f"{{{namespace['s']}}}lastmod")
    )


def test_the_404_page_works_from_any_missing_address(pages: Site) -> None:
    page = pages.soup("404.html")
    assert page.find("h1").get_text().startswith("Page not found")
    links = [a["href"] for a in page.select("article a[href]")]
    assert "index.html" in links and all(not urlsplit(h).scheme for h in links)
    # Served for a missing page deeper down, its links still reach the site root.
    script = next(s.string for s in page.find_all("script") if s.string and "base" in s.string)
    assert '"/after-the-no/"' in script
    assert page.find("base") is None  # only under the published address, set as it loads
    stylesheets = page.find_all("link", rel="stylesheet")
    assert stylesheets and all(s["href"].startswith("_static/") for s in stylesheets)
    head = str(page.head)
    assert head.index("<script>(function") < head.index('rel="stylesheet"')


def test_the_theme_has_light_and_dark_modes(pages: Site) -> None:
    page = pages.soup("index.html")
    assert page.find("meta", attrs={"name": "color-scheme"})["content"] == "light dark"
    assert page.select_one("button.theme-toggle")


ASSETS = (("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"), ("iframe", "src"))


def test_every_asset_and_link_is_relative(pages: Site) -> None:
    """The site works opened from the file system or published in any folder, and asks
    nothing of any other host: every asset and every link within it is relative."""
    for page in pages.pages():
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
