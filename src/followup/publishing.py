"""Sphinx extension for publishing the guide: each page's last-updated date and edit
link, the sitemap, and a 404 page that works at any depth.

Set in ``conf.py``:

- ``followup_site_url``: where the site is published, for the sitemap (the pages link
  to each other with relative addresses only).
- ``followup_repository`` and ``followup_branch``: where "Edit this page" links go.
- ``followup_edited_elsewhere``: pages whose words live in another file, such as
  ``{"contributing/index": "CONTRIBUTING.md"}``, so that their edit link goes there.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.util.i18n import format_date

from . import __version__
from .files import write_atomically

#: Pages left out of the sitemap.
NOT_IN_SITEMAP = {"404"}
SITEMAP = "sitemap.xml"
#: When each file last changed, for each folder a configuration is read from.
_DATES: dict[str, dict[Path, int]] = {}


def page_dates(root: Path) -> dict[Path, int]:
    """When Git last saw each file change, as a Unix time; empty without Git history.

    One ``git log`` for the whole tree. A file Git does not know (new, or a build from
    a tarball or a copy) is left out, and falls back to the time it was last saved.
    """
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        log = subprocess.run(
            ["git", "-c", "core.quotePath=false", "log", "--format=%x00%ct", "--name-only",
             "--no-renames", "--", "."],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[Path, int] = {}
    when = 0
    for line in log.splitlines():
        if line.startswith("\0"):
            when = int(line[1:])
        elif line:
            dates.setdefault(Path(top, line).resolve(), when)  # the log is newest first
    return dates


def last_changed(app: Sphinx, pagename: str) -> datetime | None:
    """When a page last changed: the newest of its source and every file it was built
    from (the letters and snippets it shows), so a snippet edit dates each page using it."""
    env = app.env
    if pagename not in env.all_docs:
        return None  # generated pages (search, index) have no source
    sources = [Path(env.doc2path(pagename))]
    sources += [Path(env.srcdir, dep) for dep in env.dependencies.get(pagename, ())]
    known = _DATES.get(os.fspath(app.confdir), {})
    times = []
    for source in sources:
        source = source.resolve()
        if source in known:
            times.append(known[source])
        elif source.is_file():
            times.append(int(source.stat().st_mtime))
    return datetime.fromtimestamp(max(times), UTC) if times else None


def read_dates(app: Sphinx) -> None:
    _DATES[os.fspath(app.confdir)] = page_dates(Path(app.confdir))


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Each page's last-updated date, its edit link, and the 404 page's script."""
    config = app.config
    changed = last_changed(app, pagename)
    context["last_updated"] = changed and format_date(
        config.html_last_updated_fmt or "%Y-%m-%d", date=changed, language=config.language
    )
    source = config.followup_edited_elsewhere.get(pagename)
    if source and config.followup_repository:
        context["theme_source_edit_link"] = (
            f"{config.followup_repository}/edit/{config.followup_branch}/{source}"
        )
    if pagename == "404":
        context["metatags"] = context.get("metatags", "") + not_found_script(
            config.followup_site_url
        )


def not_found_script(site_url: str) -> str:
    """A script for the 404 page, which a server shows at any missing address.

    The page's links are relative to the site root, where it is built. Served for a
    missing page deeper down, under the site's published address, they would point to
    the wrong folder; this puts a ``<base>`` before them so they point to the root.
    Anywhere else (opened as a file, or published at another address) it does nothing,
    and the links work as they are from the root. Inline, so it asks nothing of any
    other server.
    """
    root = urlsplit(site_url).path.rstrip("/") + "/"
    return (
        "\n<script>(function () {\n"
        f"  var root = {json.dumps(root)}, path = window.location.pathname;\n"
        "  if (window.location.protocol.indexOf('http') !== 0) return;\n"
        "  if (path.indexOf(root) !== 0 || path.slice(root.length).indexOf('/') < 0) return;\n"
        "  var base = document.createElement('base');\n"
        "  base.href = root;\n"
        "  document.head.appendChild(base);\n"
        "  // Links within the page (#...) stay within the page.\n"
        "  document.addEventListener('DOMContentLoaded', function () {\n"
        "    var here = path + window.location.search;\n"
        "    document.querySelectorAll('a[href^=\"#\"]').forEach(function (a) {\n"
        "      a.setAttribute('href', here + a.getAttribute('href'));\n"
        "    });\n"
        "  });\n"
        "})();</script>\n"
    )


def write_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """``sitemap.xml``: every page's published address and the date it last changed."""
    site_url = app.config.followup_site_url
    if exception is not None or not site_url or app.builder.name not in ("html", "dirhtml"):
        return
    entries = []
    for pagename in sorted(app.env.found_docs - NOT_IN_SITEMAP):
        address = escape(site_url + app.builder.get_target_uri(pagename))
        changed = last_changed(app, pagename)
        lastmod = f"<lastmod>{changed:%Y-%m-%d}</lastmod>" if changed else ""
        entries.append(f"  <url><loc>{address}</loc>{lastmod}</url>\n")
    write_atomically(
        Path(app.outdir, SITEMAP),
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(entries)
        + "</urlset>\n",
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("followup_site_url", "", "html", str)
    app.add_config_value("followup_repository", "", "html", str)
    app.add_config_value("followup_branch", "main", "html", str)
    app.add_config_value("followup_edited_elsewhere", {}, "html", dict)
    app.connect("builder-inited", read_dates)
    app.connect("html-page-context", page_context, priority=600)
    app.connect("build-finished", write_sitemap)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
