"""The HTML of the guide's letters and forms.

Plain functions from data to markup, each escaping what it is given; the Sphinx
extension (:mod:`followup.site`) decides where they go. Every form here starts
hidden: without JavaScript it could do nothing, and the page's script shows it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from ..model import CHANNELS, TONES, Detail, Example, LetterText, Scenario, Variable

#: Shown before a personal detail the reader has not written yet, and after.
SLOT_LABEL, SLOT_LABEL_FILLED = "Yours to write: ", "Your words: "
#: What the copy button leaves out of the text it copies.
NOT_COPIED = ".letter-slot-label"
#: The most characters the form keeps of a name (a variable) and of your own words (a
#: detail); the form's fields take no more, and the page's script cuts anything longer.
MAX_NAME, MAX_WORDS = 200, 500
#: The blocks that have their own copy buttons, which sphinx-copybutton leaves alone.
OWN_COPY = ".letter-text pre"


def _blank(name: str, placeholder: str, kind: str) -> str:
    value = (
        f'<span class="letter-var" data-var="{html.escape(name)}" '
        f'data-placeholder="{html.escape(placeholder)}">{html.escape(placeholder)}</span>'
    )
    if kind != "detail":
        return value
    return (
        f'<span class="letter-slot"><span class="letter-slot-label">{SLOT_LABEL}</span>'
        f"{value}</span>"
    )


def letter_text(text: LetterText, *, block: bool) -> str:
    """A letter (or subject line), each blank in a span the page's script can fill.

    A personal detail also carries a visible label, read by screen readers and left out
    of what is copied. A block is the one ``div.highlight pre`` the copy button copies.
    """
    content = "".join(
        html.escape(p, quote=False) if isinstance(p, str) else _blank(p.name, p.placeholder, p.kind)
        for p in text.parts
    )
    if block:
        return (
            '<div class="highlight-none notranslate letter-text"><div class="highlight">'
            f"<pre>{content}</pre></div></div>\n"
        )
    return f'<span class="letter-inline">{content}</span>'


def letter_actions(href: str, name: str, mailto: str | None, *, subject: bool = False) -> str:
    """Copy the letter (and its subject), download it, and (for a new email) open it in
    an email app.

    The links work without JavaScript, with the placeholders; the page's script swaps in
    the reader's own details. The copy buttons need the script, so they start hidden,
    with the status line that says when they have copied.
    """
    copies = '<button type="button" class="letter-copy" data-copy="body">Copy letter</button>'
    if subject:
        copies += (
            '<button type="button" class="letter-copy" data-copy="subject">Copy subject</button>'
        )
    links = [
        f'<a class="reference download letter-download" href="{html.escape(href)}" '
        f'download="{html.escape(name)}">Download as a text file</a>'
    ]
    if mailto:
        links.append(
            f'<a class="reference external letter-email" href="{html.escape(mailto)}">'
            "Start a new email with it</a>"
        )
    return (
        f'<span class="letter-copies" hidden>{copies}</span>'
        + '<span class="letter-action-sep"> · </span>'.join(links)
        + '<span class="letter-status" role="status" aria-live="polite"></span>'
    )


def mailto(example: Example) -> str | None:
    """A ``mailto:`` address with the subject and body, for letters sent as a new email.

    A reply has none: it goes in the thread of their email, which only the reader's
    email app can open.
    """
    if not example.channel.new_message:
        return None
    fields = []
    if example.subject is not None:
        fields.append(f"subject={quote(example.subject.fill(), safe='')}")
    fields.append(f"body={quote(example.body.fill().replace(chr(10), chr(13) + chr(10)), safe='')}")
    return "mailto:?" + "&".join(fields)


#: The browser's autofill hint for each variable.
AUTOCOMPLETE = {"your_name": "name"}


def field_limits(variables: Iterable[Variable], details: Iterable[Detail]) -> dict[str, int]:
    """Each field's name and the most characters the form keeps of it."""
    return {v.name: MAX_NAME for v in variables} | {d.name: MAX_WORDS for d in details}


def personalise_form(
    variables: list[Variable],
    details: list[Detail],
    licence_uri: str | None,
    kept: Mapping[str, int] | None = None,
) -> str:
    """The licence line, and the folded form that fills in every letter on the page.

    The form starts hidden: without JavaScript it could do nothing. Folded, it takes one
    line, so on a phone the letter's opening is on the first screen. Its values stay in
    the browser (local storage) and are never sent anywhere. ``kept`` gives every field
    the form has on any page (see :func:`field_limits`) with its most characters: storage
    keeps those, cut to length, and drops anything else.
    """
    limits = dict(kept if kept is not None else field_limits(variables, details))
    licence = "Free to copy, change and send. No credit needed."
    if licence_uri:
        link = html.escape(licence_uri)
        licence += f' <a class="reference internal" href="{link}">About the licence</a>'
    fields = [
        f'<div class="letter-field"><label for="letter-value-{v.name}">{html.escape(v.label)}'
        f'</label><input id="letter-value-{v.name}" name="{v.name}" type="text" '
        f'maxlength="{MAX_NAME}" '
        f'autocomplete="{AUTOCOMPLETE.get(v.name, "off")}" '
        f'placeholder="{html.escape(v.placeholder)}"></div>'
        for v in variables
    ]
    fields += [
        f'<div class="letter-field letter-field-detail"><label for="letter-value-{d.name}">'
        f"{html.escape(d.label)}</label>"
        f'<textarea id="letter-value-{d.name}" name="{d.name}" rows="2" maxlength="{MAX_WORDS}" '
        f'aria-describedby="letter-hint-{d.name}"></textarea>'
        f'<p class="letter-hint" id="letter-hint-{d.name}">In your own words: it replaces '
        f"the &#8220;{html.escape(SLOT_LABEL.strip())}&#8221; part of each letter.</p></div>"
        for d in details
    ]
    return (
        '<div class="letter-tools">'
        f'<p class="letter-licence">{licence}</p>'
        '<details class="letter-personalise-box" hidden>'
        "<summary>Fill in your details</summary>"
        '<form class="letter-personalise" aria-label="Your details" '
        f"data-kept='{html.escape(json.dumps(limits, sort_keys=True))}'>"
        '<p class="letter-personalise-note">Every letter on this page changes as you '
        "type. Your details stay in this browser and are never sent anywhere.</p>"
        f'<div class="letter-fields">{"".join(fields)}</div>'
        '<button type="reset" class="letter-clear">Clear my details</button>'
        "</form></details></div>\n"
    )


def draft_checker(contexts: dict[str, str]) -> str:
    """The checker's form: the draft, and what they said about feedback (each context's
    name and title, from rules.toml's [contexts])."""
    options = "".join(
        f'<option value="{html.escape(name)}">{html.escape(title)}</option>'
        for name, title in contexts.items()
    )
    return (
        '<form class="draft-checker" hidden>'
        '<label for="draft-context" class="draft-checker-label">What did they say about '
        "feedback?</label>"
        f'<select id="draft-context" name="context">{options}</select>'
        '<label for="draft-text" class="draft-checker-label">Your draft</label>'
        '<textarea id="draft-text" name="draft" rows="14" spellcheck="true" '
        'aria-describedby="draft-checker-note"></textarea>'
        '<p id="draft-checker-note" class="draft-checker-note">It is checked in this browser '
        "as you type. Nothing you write is sent anywhere.</p>"
        '<button type="submit">Check my draft</button></form>'
        '<div class="draft-checker-report" role="status" aria-live="polite" hidden></div>'
        "<noscript><p>The checker needs JavaScript, which is off in this browser. You can "
        "still check your draft by hand: find the sentence that thanks them, find the one "
        "that asks for feedback (unless they said they can't give it, or already have), and "
        "make sure no sentence asks about the decision.</p></noscript>\n"
    )


MESSAGE_MATCHER = (
    '<form class="message-matcher-form" hidden>'
    '<label for="message-text" class="message-matcher-label">The message they sent you'
    "</label>"
    '<textarea id="message-text" name="message" rows="8" spellcheck="false" '
    'aria-describedby="message-matcher-note"></textarea>'
    '<p id="message-matcher-note" class="message-matcher-note">It is read in this browser '
    "as you paste. Nothing is sent anywhere, and the message is not saved.</p>"
    '<button type="submit">Find my letter</button></form>'
    '<div class="message-matcher-report" role="status" aria-live="polite" hidden></div>'
    "<noscript><p>This box needs JavaScript, which is off in this browser. Pick your "
    "situation from the list below instead.</p></noscript>\n"
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
