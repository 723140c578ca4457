"""The Sphinx extension: the guide's letters, catalogue and tools, and its publishing.

``conf.py`` names this one extension; :func:`setup` wires its features, each a module
with its own ``setup(app)``:

- :mod:`~followup.site.report`: the extension's warnings, and counting them, so a failed
  build writes nothing over good output.
- :mod:`~followup.site.pages`: what a page may do (no raw HTML, no files from outside).
- :mod:`~followup.site.domain`: per-page state, and the catalogue of examples each
  build loads.
- :mod:`~followup.site.nodes`: the extension's nodes, and how HTML writes them, with
  :mod:`~followup.site.markup` (their HTML).
- :mod:`~followup.site.letter`: ```` ```{letter} ```` ```` and ```` ```{snippet} ```` ````,
  the form that fills in the reader's details, and ``letters/<id>.txt``.
- :mod:`~followup.site.catalogue`: ```` ```{letter-catalogue} ```` ````, every example
  grouped by scenario.
- :mod:`~followup.site.tools`: the tools' pages, ```` ```{draft-checker} ```` ```` and
  ```` ```{message-matcher} ```` ````, with the scripts and data they run on.
- :mod:`~followup.site.tables`: the tables from the rules and recognisers, and their
  scores on the labelled corpus.
- :mod:`~followup.site.theme`: fixes to the theme's markup for screen readers.
- :mod:`~followup.site.publishing`: edit links, canonical addresses, robots.txt, and
  last-updated dates that are never wrong.

Every problem is a warning with the file and line where the fault is, of type
``followup`` and a subtype from :class:`~followup.problems.Kind`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .. import __version__
from . import catalogue, domain, letter, nodes, pages, publishing, report, tables, theme, tools

STATIC_DIR = Path(__file__).parent.parent / "static"


def add_static_path(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(os.fspath(STATIC_DIR))


def setup(app: Sphinx) -> dict[str, Any]:
    # The copy button, which letters leave to their own buttons (see followup.site.letter).
    app.setup_extension("sphinx_copybutton")
    for part in (pages, report, domain, nodes, letter, catalogue, tools, tables, theme):
        part.setup(app)
    app.add_css_file("followup.css")
    app.connect("config-inited", add_static_path)
    publishing.setup(app)
    return {
        "version": __version__,
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
