"""The extension's nodes, and how the HTML builder writes them.

Other builders get plain text in their place, or nothing (see each feature's
``resolve``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..model import LetterText
from . import markup

LETTERS_DIR = "letters"


class letter_text(nodes.General, nodes.Inline, nodes.Element):
    """Rendered letter text: ``text`` is the :class:`~followup.model.LetterText` as the
    renderer made it, its literal parts and blanks."""


class letter_actions(nodes.General, nodes.Inline, nodes.Element):
    """Links to ``letters/<id>.txt`` (which only the HTML builder writes) and to email it."""


class letter_catalogue(nodes.General, nodes.Element):
    """Where the catalogue goes; filled in once every page has been read."""


class draft_checker(nodes.General, nodes.Element):
    """Where the draft checker goes (HTML only)."""


class message_matcher(nodes.General, nodes.Element):
    """Where the "Start from their message" box goes (HTML only)."""


def text_node(text: LetterText, *, block: bool) -> letter_text:
    return letter_text(text=text, block=block)


def visit_letter_text(self: Any, node: letter_text) -> None:
    self.body.append(markup.letter_text(node["text"], block=node["block"]))
    raise nodes.SkipNode


def visit_letter_actions(self: Any, node: letter_actions) -> None:
    name = f"{node['letter']}.txt"
    here = self.builder.get_target_uri(self.builder.current_docname)
    href = relative_uri(here, f"{LETTERS_DIR}/{name}")
    self.body.append(
        markup.letter_actions(href, name, node.get("mailto"), subject=node.get("subject", False))
    )
    raise nodes.SkipNode


def visit_draft_checker(self: Any, node: draft_checker) -> None:
    from ..checker import contexts

    self.body.append(markup.draft_checker(contexts()))
    raise nodes.SkipNode


def visit_message_matcher(self: Any, node: message_matcher) -> None:
    self.body.append(markup.MESSAGE_MATCHER)
    raise nodes.SkipNode


def letter_boxes(doctree: nodes.Element) -> list[nodes.container]:
    """The page's letters, in order."""
    return [box for box in doctree.findall(nodes.container) if "letter" in box["classes"]]


def setup(app: Sphinx) -> None:
    # Other builders get plain text in their place (see followup.site.letter.resolve).
    app.add_node(letter_text, html=(visit_letter_text, None))
    app.add_node(letter_actions, html=(visit_letter_actions, None))
    app.add_node(letter_catalogue)
    app.add_node(draft_checker, html=(visit_draft_checker, None))
    app.add_node(message_matcher, html=(visit_message_matcher, None))
