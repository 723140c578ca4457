"""The HTML the guide's letters, forms and fixes are written as.

Plain functions from data to markup, each escaping what it is given; the Sphinx
extension (:mod:`followup.sphinxext`) decides where they go. Every form here starts
hidden: without JavaScript it could do nothing, and the page's script shows it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote

from .examples import CHANNELS, TONES, Example, Scenario
from .variables import Variable

#: Pieces of a rendered letter: literal text, or a variable as (name, placeholder).
Parts = Sequence[str | tuple[str, str]]


def letter_text(parts: Parts, *, block: bool) -> str:
    """A letter (or subject line), each variable in a span the page's script can fill.

    A block is the one ``div.highlight pre`` the copy button copies.
    """
    content = "".join(
        html.escape(p, quote=False)
        if isinstance(p, str)
        else (
            f'<span class="letter-var" data-var="{html.escape(p[0])}" '
            f'data-placeholder="{html.escape(p[1])}">{html.escape(p[1])}</span>'
        )
        for p in parts
    )
    if block:
        return (
            '<div class="highlight-none notranslate letter-text"><div class="highlight">'
            f"<pre>{content}</pre></div></div>\n"
        )
    return f'<span class="letter-inline">{content}</span>'


def letter_actions(href: str, name: str, mailto: str | None) -> str:
    """Download the letter, and (for email) open it in an email app.

    Both work without JavaScript, with the placeholders; the page's script swaps in
    the reader's own details.
    """
    links = [
        f'<a class="reference download letter-download" href="{html.escape(href)}" '
        f'download="{html.escape(name)}">Download as a text file</a>'
    ]
    if mailto:
        links.append(
            f'<a class="reference external letter-email" href="{html.escape(mailto)}">'
            "Open in your email app</a>"
        )
    return '<span class="letter-action-sep"> · </span>'.join(links)


def mailto(example: Example) -> str | None:
    """A ``mailto:`` address carrying the subject and body, for letters sent by email."""
    if example.channel.id not in ("email", "reply"):
        return None
    fields = []
    if example.subject is not None:
        fields.append(f"subject={quote(example.subject.fill(), safe='')}")
    fields.append(f"body={quote(example.body.fill().replace(chr(10), chr(13) + chr(10)), safe='')}")
    return "mailto:?" + "&".join(fields)


def personalise_form(variables: list[Variable], licence_uri: str | None) -> str:
    """The licence line, and the form that fills in every letter on the page.

    The form starts hidden: without JavaScript it could do nothing. Its values stay in
    the browser (local storage) and are never sent anywhere.
    """
    licence = "These letters are free to copy, change and send. No credit needed."
    if licence_uri:
        link = html.escape(licence_uri)
        licence += f' <a class="reference internal" href="{link}">About the licence</a>'
    fields = "".join(
        f'<div class="letter-field"><label for="letter-value-{v.name}">{html.escape(v.label)}'
        f'</label><input id="letter-value-{v.name}" name="{v.name}" type="text" '
        f'autocomplete="{AUTOCOMPLETE.get(v.name, "off")}" '
        f'placeholder="{html.escape(v.placeholder)}"></div>'
        for v in variables
    )
    return (
        '<div class="letter-tools">'
        f'<p class="letter-licence">{licence}</p>'
        '<form class="letter-personalise" hidden aria-labelledby="letter-personalise-title">'
        '<p id="letter-personalise-title" class="letter-personalise-title">'
        "<strong>Fill in your details.</strong> Every letter on this page changes as you "
        "type. Your details stay in this browser and are never sent anywhere.</p>"
        f'<div class="letter-fields">{fields}</div>'
        '<button type="reset" class="letter-clear">Clear my details</button>'
        "</form></div>\n"
    )


AUTOCOMPLETE = {"your_name": "name", "company": "off", "role": "off"}


DRAFT_CHECKER = (
    '<form class="draft-checker" hidden>'
    '<label for="draft-text" class="draft-checker-label">Your draft</label>'
    '<textarea id="draft-text" name="draft" rows="14" spellcheck="true" '
    'aria-describedby="draft-checker-note"></textarea>'
    '<p id="draft-checker-note" class="draft-checker-note">It is checked in this browser as '
    "you type. Nothing you write is sent anywhere.</p>"
    '<button type="submit">Check my draft</button></form>'
    '<div class="draft-checker-report" role="status" aria-live="polite" hidden></div>'
    "<noscript><p>The checker needs JavaScript, which is off in this browser. You can still "
    "check your draft by hand: find the sentence that thanks them, find the one that asks "
    "for feedback, and make sure no sentence asks about the decision.</p></noscript>\n"
)


def filter_form(groups: list[tuple[Scenario, list[Example]]]) -> str:
    """The catalogue's filter form, hidden until the catalogue script shows it."""
    examples = [e for _, group in groups for e in group]
    choices = {
        "scenario": ("Situation", "All situations", [(s.id, s.title) for s, _ in groups]),
        "channel": (
            "Channel",
            "All channels",
            [(c.id, c.label) for c in CHANNELS.values() if any(e.channel is c for e in examples)],
        ),
        "tone": (
            "Tone",
            "All tones",
            [(t, label) for t, label in TONES.items() if any(e.tone == t for e in examples)],
        ),
    }
    fields = []
    for name, (label, everything, options) in choices.items():
        listed = "".join(
            f'<option value="{html.escape(value)}">{html.escape(text)}</option>'
            for value, text in options
        )
        fields.append(
            f'<label>{label} <select name="{name}"><option value="">{everything}</option>'
            f"{listed}</select></label>"
        )
    return (
        '<form class="catalogue-filters" hidden aria-label="Filter the letters">'
        + "".join(fields)
        + '<button type="reset">Show all</button>'
        + '<p class="catalogue-count" role="status" aria-live="polite"></p></form>\n'
    )


#: Two fixes to the theme's markup for screen readers: its two side panels are both
#: landmarks of the same kind, so each gets a name; and the navigation's section
#: captions are headings without a level.
THEME_FIXES = (
    ('<aside class="sidebar-drawer">', '<aside class="sidebar-drawer" aria-label="Site menu">'),
    ('<aside class="toc-drawer', '<aside aria-label="On this page" class="toc-drawer'),
    ('class="caption" role="heading">', 'class="caption" role="heading" aria-level="2">'),
)


def accessible(page: str) -> str:
    """The page with :data:`THEME_FIXES` applied (each at most once, idempotently)."""
    for old, new in THEME_FIXES:
        page = page.replace(old, new)
    return page
