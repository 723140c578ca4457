"""Sphinx configuration for After the No.

Build with ``make html``: the sources are in ``docs/``, this file stays at the top.
"""

import os

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

extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "sphinxext.opengraph",  # Open Graph tags, so a shared link shows a title and summary
    "followup.sphinxext",  # the {letter}, {snippet}, {letter-catalogue}, {draft-checker}
    "followup.publishing",  # last-updated dates, edit links, the sitemap, the 404 page
]
root_doc = "index"
# Every reference must resolve; `make html` also turns warnings into errors.
nitpicky = True

# -- Example letters --------------------------------------------------------------------
# Both folders are relative to this file.
followup_examples_dir = "examples"
followup_snippets_dir = "snippets"

# -- MyST ---------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- HTML ---------------------------------------------------------------------------------
html_theme = "furo"  # light and dark modes, following the reader's system, and a switch
html_title = "After the No"
html_static_path: list[str] = []
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
# Last-updated dates (from Git, or the files' save times), edit links, the sitemap and the
# 404 page's script: see src/followup/publishing.py.
followup_site_url = SITE_URL
followup_repository = REPOSITORY
followup_branch = BRANCH
#: Pages whose words are written in another file, which is where their edit link goes.
followup_edited_elsewhere = {
    "contributing/index": "CONTRIBUTING.md",
    "contributing/security": "SECURITY.md",
}
