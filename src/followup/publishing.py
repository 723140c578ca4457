"""Sphinx extension for publishing the guide: what the maintained extensions don't do.

The last-updated dates come from sphinx-last-updated-by-git, the sitemap from
sphinx-sitemap and the 404 page from sphinx-notfound-page (see ``conf.py``). This adds:

- edit links for pages whose words live in another file (``followup_edited_elsewhere``),
  and for the example letters a page shows, which live in ``examples/``;
- a canonical address for the home page without ``index.html``, and none for the 404
  page, which tells search engines not to index it;
- ``robots.txt``, pointing to the sitemap;
- a note, not a wrong date, when the Git history is too shallow to date the pages.

Set in ``conf.py``: ``followup_site_url`` (where the site is published),
``followup_repository`` and ``followup_branch`` (where "Edit" links go).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from . import __version__
from .files import write_atomically

logger = logging.getLogger(__name__)
ROBOTS = "robots.txt"
NOT_FOUND = "404"


def edit_link(app: Sphinx, path: str) -> str:
    config = app.config
    return f"{config.followup_repository}/edit/{config.followup_branch}/{path}"


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Edit links, the canonical address and the 404 page's head."""
    config = app.config
    source = config.followup_edited_elsewhere.get(pagename)
    if source and config.followup_repository:
        context["theme_source_edit_link"] = edit_link(app, source)
    if config.followup_repository and "followup" in app.env.domains:
        shown = app.env.get_domain("followup").data["shown"].get(pagename, [])
        examples = Path(config.followup_examples_dir).as_posix()
        context["followup_letter_edits"] = [
            (f"{example_id}.j2", edit_link(app, f"{examples}/{example_id}.j2"))
            for example_id in shown
        ]
    site = config.followup_site_url
    metatags = context.get("metatags", "")
    if pagename == app.config.root_doc and site:
        context["pageurl"] = site  # not .../index.html
        context["metatags"] = metatags.replace(f'content="{site}index.html"', f'content="{site}"')
    if pagename == NOT_FOUND:
        context["pageurl"] = None
        metatags = re.sub(
            r'<meta (?:property="og:[^"]*"|name="description")[^>]*>\n?', "", metatags
        )
        context["metatags"] = (
            metatags
            + '<meta name="robots" content="noindex">\n'
            + '<meta name="description" content="There\'s no page at this address.">\n'
        )


def absolute_links_on_404(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The 404 page's own links start at the site's path, as sphinx-notfound-page makes
    its theme's and assets': it is served at any missing address, however deep."""
    prefix = getattr(app.config, "notfound_urls_prefix", None)
    if docname != NOT_FOUND or not prefix:
        return
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if uri and not uri.startswith(("#", "/")) and "://" not in uri and ":" not in uri:
            reference["refuri"] = prefix + uri


def write_robots(app: Sphinx, exception: BaseException | None) -> None:
    """``robots.txt``: everything may be indexed, and here is the sitemap."""
    site = app.config.followup_site_url
    if exception is not None or not site or app.builder.format != "html":
        return
    write_atomically(
        Path(app.outdir, ROBOTS),
        f"User-agent: *\nAllow: /\n\nSitemap: {site}{app.config.sitemap_filename}\n",
    )


def note_shallow_history(app: Sphinx) -> None:
    """Say, once, that a shallow clone leaves pages undated rather than dated wrongly."""
    try:
        shallow = subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository"],
            cwd=app.confdir, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return
    if shallow == "true":
        logger.info(
            "followup: this is a shallow Git clone, so pages whose last change is older "
            "than its history show no last-updated date (run `git fetch --unshallow` for all)"
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("followup_site_url", "", "html", str)
    app.add_config_value("followup_repository", "", "html", str)
    app.add_config_value("followup_branch", "main", "html", str)
    app.add_config_value("followup_edited_elsewhere", {}, "html", dict)
    app.connect("builder-inited", note_shallow_history)
    app.connect("html-page-context", page_context, priority=900)
    app.connect("doctree-resolved", absolute_links_on_404)
    app.connect("build-finished", write_robots)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
