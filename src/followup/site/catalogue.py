"""The catalogue: ```` ```{letter-catalogue} ```` ```` lists every example, grouped by
scenario, each linking to the page that shows it.

The list is filled in once every page has been read, and the catalogue page is written
again (without being re-read) whenever what it lists has changed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from . import markup
from .domain import domain
from .nodes import letter_catalogue


class CatalogueDirective(SphinxDirective):
    """```` ```{letter-catalogue} ```` ````: every example, grouped by scenario."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [letter_catalogue()]


def catalogue_nodes(app: Sphinx, docname: str) -> list[nodes.Node]:
    """Every example grouped by scenario; in HTML, with filters that need JavaScript.

    Each entry carries classes naming its scenario, channel and tone; the filter form
    starts hidden and the script shows it, so without JavaScript the page is a plain list.
    """
    followup = domain(app.env)
    where = followup.where_shown()
    groups = list(followup.catalogue.by_scenario())
    out: list[nodes.Node] = []
    if app.builder.format == "html":
        out.append(nodes.raw("", markup.filter_form(groups), format="html"))
    for scenario, examples in groups:
        group = nodes.container(classes=["catalogue-group"])
        heading = nodes.rubric(scenario.title, scenario.title, classes=["catalogue-scenario"])
        heading["heading-level"] = 2
        heading["ids"].append(f"scenario-{scenario.id}")
        group += heading
        group += nodes.paragraph(scenario.summary, scenario.summary)
        items = nodes.bullet_list(classes=["letter-catalogue"])
        for example in examples:
            para = nodes.paragraph()
            pages = where.get(example.id, [])
            if pages:
                uri = app.builder.get_relative_uri(docname, pages[0]) + f"#letter-{example.id}"
                para += nodes.reference("", example.title, internal=True, refuri=uri)
            else:
                para += nodes.strong(example.title, example.title)
            about = f" ({example.channel.label}, {example.tone}). {example.use_when}"
            para += nodes.Text(about)
            items += nodes.list_item(
                "",
                para,
                classes=[
                    "letter-entry",
                    f"scenario-{example.scenario.id}",
                    f"channel-{example.channel.id}",
                    f"tone-{example.tone}",
                ],
            )
        group += items
        out.append(group)
    return out


def rewrite_catalogue(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the catalogue page (without re-reading it) when what it lists has changed."""
    followup = domain(env)
    listing = {
        "examples": [
            {k: v for k, v in e.summary().items() if k != "words"}
            for e in followup.catalogue.examples.values()
        ],
        "scenarios": [[s.id, s.title, s.summary] for s in followup.catalogue.scenarios.values()],
        "shown": followup.where_shown(),
    }
    signature = hashlib.sha256(json.dumps(listing, sort_keys=True).encode()).hexdigest()
    if followup.data["catalogue_signature"] == signature:
        return []
    followup.data["catalogue_signature"] = signature
    return sorted(followup.catalogue_pages)


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in the catalogue."""
    for catalogue in list(doctree.findall(letter_catalogue)):
        catalogue.replace_self(catalogue_nodes(app, docname))


def add_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The catalogue page gets the script of its filters."""
    if pagename in domain(app.env).catalogue_pages:
        app.add_js_file("followup-catalogue.js", loading_method="defer")


def setup(app: Sphinx) -> None:
    app.add_directive("letter-catalogue", CatalogueDirective)
    app.connect("env-updated", rewrite_catalogue)
    app.connect("doctree-resolved", resolve)
    app.connect("html-page-context", add_scripts)
