"""Sphinx configuration for After the No.

Build with ``make html``: the sources are in ``docs/``, this file stays at the top.
"""

import os
from urllib.parse import urlsplit

# -- Project ---------------------------------------------------------------------------
project = "After the No"
author = "the After the No contributors"
copyright = "2026, the After the No contributors"
language = "en"

#: Where the sources live: "Edit this page" links go there. A link, never a request.
REPOSITORY = "https://github.com/after-the-no/after-the-no"
BRANCH = "main"
#: Where the site is published: GitHub Pages serves the repository's site here, and Read
#: the Docs says its own address. Used for the canonical link, Open Graph's og:url and
#: the sitemap; the pages themselves link to each other with relative addresses only.
SITE_URL = (
    os.environ.get("READTHEDOCS_CANONICAL_URL") or "https://after-the-no.github.io/after-the-no/"
)
#: The path the site is served from, which the 404 page's links and assets start with.
#: FOLLOWUP_BASE_PATH overrides it, such as "/" for a custom domain or a local server.
BASE_PATH = os.environ.get("FOLLOWUP_BASE_PATH") or urlsplit(SITE_URL).path or "/"

extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "sphinxext.opengraph",  # Open Graph tags, so a shared link shows a title and summary
    "sphinx_last_updated_by_git",  # each page's last-updated date, from Git
    "sphinx_sitemap",  # sitemap.xml, with those dates
    "notfound.extension",  # a 404 page that works at any missing address, without script
    # The {letter}, {snippet}, {letter-catalogue} and the tools' pages; what a page may do;
    # edit links, canonical addresses, robots.txt (see src/followup/site/).
    "followup.site",
]
root_doc = "index"
# Every reference must resolve; `make html` also turns warnings into errors.
nitpicky = True

# -- Example letters --------------------------------------------------------------------
# Both folders are relative to this file.
followup_examples_dir = "examples"
followup_snippets_dir = "snippets"

# -- What pages may do ----------------------------------------------------------------------
# Pages come from pull requests, so a page may hold no raw HTML, and may insert
# ({include}) only the files named for it here, which must be inside the repository:
# see SECURITY.md and src/followup/site/pages.py. Paths are relative to this file.
followup_page_files = {
    "contributing/index": ["CONTRIBUTING.md"],
    "contributing/security": ["SECURITY.md"],
}

# -- MyST ---------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- HTML ---------------------------------------------------------------------------------
html_theme = "furo"  # light and dark modes, following the reader's system, and a switch
html_title = "After the No"
html_static_path: list[str] = []
# An envelope in the tab: without one, browsers ask the host's root for /favicon.ico,
# which is outside the site and missing.
html_favicon = "docs/_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_baseurl = SITE_URL
html_theme_options = {
    # "Edit this page" links to the page's source on the repository.
    "source_repository": f"{REPOSITORY}/",
    "source_branch": BRANCH,
    "source_directory": "docs/",
    # Not at the top of the page, outside its landmarks: docs/_templates/page.html puts
    # the link in the footer instead.
    "top_of_page_buttons": [],
}
templates_path = ["docs/_templates"]
exclude_patterns = ["_templates"]
# Each page says when it last changed (see the Publishing section).
html_last_updated_fmt = "%-d %B %Y"
# The copy button copies the letter text and nothing else (the letter block is the only
# `div.highlight pre` that holds a letter; its subject and links sit outside it).
copybutton_selector = "div.highlight pre"
copybutton_exclude = ".linenos, .gp"

# -- Open Graph ---------------------------------------------------------------------------
# Title, description and address in <meta> tags. No generated preview images: they would
# need matplotlib, and an image the page does not need.
ogp_site_url = SITE_URL
ogp_social_cards = {"enable": False}
ogp_enable_meta_description = True

# -- Publishing ---------------------------------------------------------------------------
# Last-updated dates come from Git (sphinx-last-updated-by-git): a page's date is the
# newest commit of its source or of any file it was built from, such as a snippet. In a
# shallow clone, a page whose date Git can't tell has none (never a wrong one), and
# src/followup/site/publishing.py says so once; so it does outside a Git repository (a tree
# from `git archive`), where no page has a date. A date after the build, from a commit
# made with a wrong clock, is dropped too.
suppress_warnings = ["git.too_shallow"]
# A page built from a file Git doesn't know yet (a new example) keeps the date Git knows.
git_untracked_check_dependencies = False
# The sitemap (sphinx-sitemap) lists every page at its published address, with its date.
sitemap_url_scheme = "{link}"
sitemap_show_lastmod = True
sitemap_excludes = ["404.html", "search.html", "genindex.html"]
# The 404 page (sphinx-notfound-page): its links and assets start at the site's path, so
# it works at any missing address, however deep, with or without JavaScript.
notfound_urls_prefix = BASE_PATH
# Edit links, canonical addresses and robots.txt: see src/followup/site/publishing.py.
followup_site_url = SITE_URL
followup_repository = REPOSITORY
followup_branch = BRANCH
#: Pages whose words are written in another file, which is where their edit link goes.
followup_edited_elsewhere = {
    "contributing/index": "CONTRIBUTING.md",
    "contributing/security": "SECURITY.md",
}
