"""Every page, with all it loads, stays under 200 KB gzipped: a reader on a phone with a
poor signal gets the page, its styles, scripts and images, and the engine they need."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urlparse

import pytest

from support import Site

pytestmark = pytest.mark.site

#: The most one page may weigh with all it loads, gzipped.
BUDGET = 200_000
ASSETS = (("script", "src"), ("link", "href"), ("img", "src"))


def loaded(pages: Site, page: Path) -> set[Path]:
    """The local files a page loads: its scripts, style sheets and images."""
    soup = pages.soup(page)
    found = set()
    for tag, attribute in ASSETS:
        for element in soup.find_all(tag):
            if tag == "link" and "stylesheet" not in (element.get("rel") or []):
                continue
            address = element.get(attribute)
            if not address or urlparse(address).scheme:
                continue
            target = (page.parent / urlparse(address).path).resolve()
            if target.is_file():
                found.add(target)
    return found


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def test_every_page_with_all_it_loads_is_under_200_kb_gzipped(pages: Site) -> None:
    weights = {
        pages.name(page): gzipped(page) + sum(gzipped(f) for f in loaded(pages, page))
        for page in pages.pages()
    }
    heaviest = max(weights, key=weights.__getitem__)
    assert weights[heaviest] <= BUDGET, (heaviest, weights[heaviest])
    # The pages with the engine are the heaviest: they are measured, not skipped.
    assert weights["check"] > weights["licence"]
