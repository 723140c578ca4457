"""Publishing the guide: what the maintained extensions don't do.

The last-updated dates come from sphinx-last-updated-by-git, the sitemap from
sphinx-sitemap and the 404 page from sphinx-notfound-page (see ``conf.py``). This adds:

- edit links for pages whose words live in another file (``followup_edited_elsewhere``),
  and for the example letters a page shows, which live in ``examples/``;
- a canonical address for the home page without ``index.html``, and none for the 404
  page, which tells search engines not to index it;
- ``robots.txt``, pointing to the sitemap;
- a note, not a wrong date, when the Git history is too shallow to date the pages, or
  when there is no Git history at all (a tree from ``git archive`` or a release
  tarball): then the pages have no dates and the build says why, once;
- no date from the future: a page whose last commit is dated after the build (a
  machine's clock was wrong) shows none, rather than a wrong one or a crash.

Set in ``conf.py``: ``followup_site_url`` (where the site is published),
``followup_repository`` and ``followup_branch`` (where "Edit" links go).
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..files import write_atomically

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


#: The extension that dates the pages.
DATES_EXTENSION = "sphinx_last_updated_by_git"
#: The warnings sphinx-last-updated-by-git gives when it cannot ask Git at all.
NO_GIT_WARNINGS = ("git.subprocess_error", "git.command_not_found")
#: How far after the build a commit's date may be before it counts as from the future:
#: a day, for clocks that are a little fast.
FUTURE_SLACK = 24 * 60 * 60


def note_shallow_history(app: Sphinx, config: Any) -> None:
    """Say, once, that a shallow clone leaves pages undated rather than dated wrongly;
    or, outside a Git repository, that no page has a date, instead of a warning per
    folder that a strict build would fail on. Only when the pages have dates (from
    sphinx-last-updated-by-git): a project without them, such as the tests' own, has
    nothing to say, and keeps its settings as they are.

    It runs as the configuration is read, before Sphinx compares it with the saved
    environment's: a warning silenced later made every rebuild outside Git look like a
    changed configuration, and read every page again."""
    if DATES_EXTENSION not in app.extensions:
        return
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository"],
            cwd=app.srcdir, capture_output=True, text=True, check=False,
        )  # fmt: skip
    except OSError:
        found = None
    if found is None or found.returncode != 0:
        why = "Git is not installed" if found is None else "this folder is not a Git repository"
        logger.info(
            f"followup: {why}, so the pages show no last-updated date (build from a "
            "Git clone for them)"
        )
        config.suppress_warnings = [*config.suppress_warnings, *NO_GIT_WARNINGS]
        return
    if found.stdout.strip() == "true":
        logger.info(
            "followup: this is a shallow Git clone, so pages whose last change is older "
            "than its history show no last-updated date (run `git fetch --unshallow` for all)"
        )


def drop_future_dates(app: Sphinx, env: Any) -> list[str]:
    """Forget a page's last-updated date if it is after the build (a commit made on a
    machine whose clock was wrong): no date is better than a wrong one, and a date past
    the year 9999 would stop the build. Runs after sphinx-last-updated-by-git's own
    handler of the same event."""
    dates = getattr(env, "git_last_updated", {})
    latest = time.time() + FUTURE_SLACK
    future = sorted(
        name
        for name, data in dates.items()
        if data is not None and data[0] is not None and int(data[0]) > latest
    )
    for name in future:
        dates[name] = (None, *dates[name][1:])
    if future:
        logger.info(
            f"followup: the last change of {len(future)} page(s) ({', '.join(future[:3])}"
            f"{', ...' if len(future) > 3 else ''}) is dated in the future, so they show "
            "no last-updated date; check the clock of the machine that made the commit"
        )
    return []


def setup(app: Sphinx) -> None:
    app.add_config_value("followup_site_url", "", "html", str)
    app.add_config_value("followup_repository", "", "html", str)
    app.add_config_value("followup_branch", "main", "html", str)
    app.add_config_value("followup_edited_elsewhere", {}, "html", dict)
    app.connect("config-inited", note_shallow_history)
    app.connect("env-updated", drop_future_dates, priority=900)
    app.connect("html-page-context", page_context, priority=900)
    app.connect("doctree-resolved", absolute_links_on_404)
    app.connect("build-finished", write_robots)
