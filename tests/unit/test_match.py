"""Start from their message: the recognisers against the labelled messages, the names,
the letters they lead to, and their own data file."""

from __future__ import annotations

import html
import re

import pytest

import hostile
from corpus_data import CORPUS, matched, message_scores
from followup import generate, matcher
from followup.catalogue import load_catalogue
from followup.matcher import FIELD_IDS, PEOPLE, default_matcher, match, written_as_a_name
from followup.scores import MESSAGE_SETS, MessageScore, messages
from support import REAL, ROOT

MATCHER = default_matcher()
MESSAGES = messages(CORPUS)
TUNING = [m for m in MESSAGES if m.set == "tuning"]
SIGNALS = [r["id"] for r in MATCHER.data["rules"] if r["kind"] == "signal"]
STAGES = [*MATCHER.data["stages"]["order"], MATCHER.data["stages"]["unknown"]]
#: The goals: on the messages the recognisers were tuned on, every signal's precision and
#: recall, the stage and each field must reach this. The held-out set is reported, not
#: asserted: asserting on it would be tuning on it.
GOAL = 0.9


def test_the_corpus_is_big_labelled_and_split() -> None:
    assert len(MESSAGES) >= 60
    heldout = [m for m in MESSAGES if m.set == "heldout"]
    assert len(heldout) >= 24  # a third of the first 72, frozen before any tuning
    assert {m.set for m in MESSAGES} == set(MESSAGE_SETS)
    ids = [m.id for m in MESSAGES]
    assert len(set(ids)) == len(ids), "a message id is used twice"
    for m in MESSAGES:
        assert m.stage in STAGES, m.id
        assert m.signals <= set(SIGNALS), m.id
        # Each signal names the sentence that shows it, written in the message.
        assert set(m.evidence) == m.signals, m.id
        assert all(sentence in m.text for sentence in m.evidence.values()), m.id
        # A field is written in the message as it is labelled (a person's name written
        # all in lower case is labelled with capitals); a placeholder never is one.
        for name in FIELD_IDS:
            value = m.fields[name]
            written = value in m.text if value else True
            if value and name in PEOPLE and not written:
                written = value.lower() in m.text and written_as_a_name(value.lower()) == value
            assert value is None or (written and not set(value) & set("[]{}<>")), m.id
    for signal in SIGNALS:
        assert sum(signal in m.signals for m in TUNING) >= 6, signal


#: A wrong name ("Dear Unfortunately", a department for the employer) is worse than none:
#: on the tuning set, at most this share of all messages may get one, for each name.
WRONG_NAMES = 0.02


#: The rows of the messages' table held to the goals on the tuning set: each signal, and
#: the stage. The table is scored when the first of them runs; `make test-fast` sends the
#: tests marked with its xdist group to one worker (``--dist loadgroup``), so once.
GOAL_ROWS = [*(("signal", signal) for signal in SIGNALS), ("stage", "stage")]


@pytest.fixture
def row(request: pytest.FixtureRequest) -> MessageScore:
    what, label = request.param
    (found,) = [r for r in message_scores() if (r.set, r.what, r.label) == ("tuning", what, label)]
    return found


@pytest.mark.xdist_group("message-scores")
def test_every_goal_row_is_in_the_table() -> None:
    tuning = [(r.what, r.label) for r in message_scores() if r.set == "tuning"]
    assert [key for key in tuning if key[0] not in ("field", "letters")] == GOAL_ROWS
    assert [key for key in tuning if key[0] == "letters"] == [
        ("letters", "no_interview"), ("letters", "refused_no_ask"),
    ]  # fmt: skip


@pytest.mark.xdist_group("message-scores")
@pytest.mark.parametrize("row", GOAL_ROWS, indirect=True, ids="-".join)
def test_the_tuning_set_meets_the_goals(row) -> None:
    if row.what == "signal":
        assert row.precision >= GOAL and row.recall >= GOAL, row
    else:
        assert row.recall >= GOAL, row


@pytest.mark.parametrize("name", FIELD_IDS)
def test_names_meet_the_goal_on_the_messages_they_were_tuned_on(name: str) -> None:
    tuned = [m for m in TUNING if m.fields[name]]  # every batch's tuning messages
    right = sum(matched()[m.id].fields[name] == m.fields[name] for m in tuned)
    assert right / len(tuned) >= GOAL, (name, right, len(tuned))


@pytest.mark.xdist_group("message-scores")
@pytest.mark.parametrize("name", FIELD_IDS)
def test_a_wrong_name_is_rare_on_the_tuning_set(name: str) -> None:
    """A name filled where the message has none, or other than the one it has, on at
    most 2% of all the tuning messages: when unsure, the field is left empty."""
    (row,) = [r for r in message_scores() if (r.set, r.what, r.label) == ("tuning", "field", name)]
    assert row.of == len(TUNING)
    assert row.wrong_share <= WRONG_NAMES, (name, row.wrong, row.of)


def test_every_signal_names_its_sentence_and_the_line_it_starts_on() -> None:
    """The reader is shown the sentence that gave each signal: it is a sentence of their
    message, on the line given; and mostly the one the labeller named (a signal may show
    in more than one sentence, and the recogniser may find another first)."""
    named = found_named = 0
    for m in TUNING:
        found = matched()[m.id]
        lines = MATCHER.plain(m.text).split("\n")  # a signal quotes its sentence as written
        for signal in found.signals:
            first_word = signal.sentence.split()[0]
            assert first_word in lines[signal.line - 1], (m.id, signal)
        for signal_id, sentence in m.evidence.items():
            written = html.unescape(sentence)  # an HTML email's evidence is as written
            normal = " ".join(MATCHER.plain(written).split())
            shown = [s.sentence for s in found.signals if s.id == signal_id]
            named += 1
            found_named += any(normal in s or s in normal for s in shown)
    assert found_named / named >= GOAL


def test_every_shape_and_exception_is_exercised_by_the_corpus() -> None:
    """A shape no labelled message needs is a shape nobody can check."""
    texts = [s.text for m in TUNING for s in MATCHER.rules.sentences(MATCHER.plain(m.text))]
    unused = []
    for rule in MATCHER.rules.rules:
        for shape in rule.shapes:
            if not any(shape in MATCHER.rules.shapes_of(rule, t) for t in texts):
                unused.append((rule.id, shape.name))
        for exception in rule.exceptions:
            if not any(exception.pattern.search(t) for t in texts):
                unused.append((rule.id, exception.pattern.source[:60]))
    assert unused == []


def test_every_way_to_find_a_name_is_used_by_the_corpus() -> None:
    used: set[tuple[str, str]] = set()
    for m in TUNING:
        text = MATCHER.plain(m.text)
        found = matched()[m.id]
        signals = {s.id for s in found.signals}
        for field in MATCHER.fields:
            for way in field.ways:
                if way.unless & signals:
                    continue
                if (
                    field.id in found.fields
                    and found.fields[field.id]
                    and (
                        way.pattern.search(text)
                        or any(way.pattern.search(line) for line in text.split("\n"))
                    )
                ):
                    used.add((field.id, way.name))
    every = {(f.id, w.name) for f in MATCHER.fields for w in f.ways}
    assert every - used == set()


def test_the_patterns_read_alike_in_python_and_the_browser() -> None:
    """Where the two regular expression engines differ, the data must not depend on it: a
    $ without the m flag matches before a final line break in Python only, and \\w and \\s
    must not meet a letter beyond ASCII (the patterns spell such letters out)."""
    for field in MATCHER.data["fields"]:
        for way in field["ways"]:
            if way["scope"] == "text" and re.search(r"(?<!\\)\$", way["pattern"]):
                assert "m" in way["flags"], (field["id"], way["name"])
    for rule in MATCHER.data["rules"]:
        for shape in rule["shapes"]:
            for pattern in [a["pattern"] for a in shape["anchors"]] + shape["rest"]:
                assert "(?i" not in pattern and "(?P<" not in pattern, rule["id"]


# Names


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Dear [Candidate Name],\n\nThank you for your application.", "candidate", None),
        ("Hi {{first_name}},\n\nThank you for applying.", "candidate", None),
        ("Dear Applicant,\n\nThank you for your application.", "candidate", None),
        ("Dear Mr. Patel:\n\nThank you for interviewing with us.", "candidate", "Mr. Patel"),
        ("Hi Tom — thanks for the call, we went another way.", "candidate", "Tom"),
        (
            "Hi Sam,\n\nThanks for interviewing for the Data Analyst role at Corvid Labs.\n\n"
            "Best,\nPriya Shah\nTalent Partner, Corvid Labs",
            "sender",
            "Priya Shah",
        ),
        (
            "Hi Sam,\n\nThanks for interviewing with us.\n\nKind regards,\n\n"
            "The People Team\nHolm & Reed",
            "sender",
            None,
        ),
        (
            "Hi Sam,\n\nThanks for interviewing with us.\n\nKind regards,\n\n"
            "The People Team\nHolm & Reed",
            "organisation",
            "Holm & Reed",
        ),
        (
            "Dear Sam,\n\nThank you for your application for the [Position] role at "
            "[Company Name].",
            "role",
            None,
        ),
        (
            "Dear Sam,\n\nThank you for interviewing for the Data Analyst position.",
            "role",
            "Data Analyst",
        ),
        # Never a wrong name: a sign-off word, a department, an acronym, a place, a team.
        (
            "Dear Unfortunately,\n\nwe will not be taking your application further.",
            "candidate",
            None,
        ),
        (
            "Hi Sam,\n\nThank you for applying.\n\nWarmly,\nThe Quillo Team",
            "sender",
            None,
        ),
        (
            "Hi Sam,\n\nThanks for interviewing with us.\n\nRegards,\nAna Cole\n"
            "Department of Chemistry",
            "organisation",
            None,
        ),
        (
            "Hi Sam,\n\nThanks for interviewing with us.\n\nRegards,\nAna Cole\n"
            "Regional Talent Lead, APAC",
            "organisation",
            None,
        ),
        (
            "Dear Sam,\n\nThank you for coming in.\n\nYours sincerely,\n\nMrs A. Rahman\n"
            "Deputy Headteacher",
            "sender",
            "Mrs A. Rahman",
        ),
        (
            "Dear Sam,\n\nThank you for your time.\n\nRegards,\n\nImran Chaudhry     "
            "Community Safety Manager     Harrowgate Borough Council     01632 960 418",
            "organisation",
            "Harrowgate Borough Council",
        ),
        (
            "Hi Sam,\n\nThanks for applying to the Harcastle Group Buying Graduate Programme"
            ".\n\nBest,\nAna Cole\nRecruiter, Harcastle Group",
            "role",
            "Buying Graduate Programme",
        ),
        (  # a town in the address under the signature is neither a person nor the employer
            "Dear Sam,\n\nThank you for applying.\n\nKind regards,\nRecruitment Team\n"
            "Acme Widgets Ltd\n123 High Street\nLondon\nEC1A 1AA",
            "sender",
            None,
        ),
        (
            "Dear Sam,\n\nThank you for applying.\n\nKind regards,\nRecruitment Team\n"
            "123 High Street\nLondon\nEC1A 1AA",
            "organisation",
            None,
        ),
        (
            "Hello,\n\nUnfortunately you have not been shortlisted.\n\nThanks,\nHR\n"
            "Northbridge Foods\nUnit 5, Riverside Park\nLeeds\nLS1 4AB\nTel: 0113 496 0000",
            "organisation",
            "Northbridge Foods",
        ),
        (
            "Hello,\n\nUnfortunately you have not been shortlisted.\n\nThanks,\nHR\n"
            "Northbridge Foods\nUnit 5, Riverside Park\nLeeds\nLS1 4AB\nTel: 0113 496 0000",
            "sender",
            None,
        ),
        (  # a head's initials without full stops: a person, so not the employer
            "Dear Mr Jones\n\nI regret that you have not been shortlisted.\n\n"
            "Yours sincerely\n\nMrs K Wright\nHeadteacher",
            "organisation",
            None,
        ),
        (
            "Dear Sam,\n\nWe have decided to make an offer to another candidate after a "
            "counter offer.\n\nKind regards,\nAna Cole",
            "role",
            None,
        ),
    ],
)
def test_names(text: str, field: str, value: str | None) -> None:
    assert match(text).fields[field] == value


#: A sentence of English: names are read only from a message in English.
FORM = "Thank you for your application. We will not be taking it further at this time."


#: A letter to hang the shapes below on: a greeting, one sentence, a sign-off.
def _letter(sentence: str, signature: str = "Kind regards,\nAna Cole", head: str = "") -> str:
    return f"{head}Dear Sam,\n\n{sentence}\n\n{signature}"


# How senders present the employer and the job (voices-e), and what has not the shape
# of its kind. Each case is read wrong, or not at all, without the shape it is named for.
@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # A job whose name ends like an adjective is a job ("postdoctoral" alone is not).
        (_letter("Thank you for applying for the position of Paralegal."), "role", "Paralegal"),
        (_letter("Thank you for applying for the postdoctoral role."), "role", None),
        # The contract's terms are not the job's name; a band, a level or a shift is.
        (
            _letter(
                "Thank you for interviewing for the role of Outreach Worker (Part Time, 22.5 hrs)."
            ),
            "role",
            "Outreach Worker",
        ),
        (
            _letter("Thank you for applying for the Teaching Assistant (Maternity Cover) role."),
            "role",
            "Teaching Assistant",
        ),
        (
            _letter("Thank you for applying for Warehouse Associate (Nights) at Kestrel Parcel."),
            "role",
            "Warehouse Associate (Nights)",
        ),
        (
            _letter(FORM, head="Post: Teaching Assistant (Level 3) - Fixed Term\n\n"),
            "role",
            "Teaching Assistant (Level 3)",
        ),
        # A programme's intake year, after it as before it, is not its name.
        (
            _letter("Thank you for applying to the Audit Graduate Programme 2026."),
            "role",
            "Audit Graduate Programme",
        ),
        # A requisition's number before the job, and a place after it, in the subject.
        (
            "Subject: Re: Req #48213 Senior Analyst\n\n" + _letter(FORM),
            "role",
            "Senior Analyst",
        ),
        (
            "Subject: Re: Req 20391 - Data Engineer - Remote\n\n" + _letter(FORM),
            "role",
            "Data Engineer",
        ),
        (
            "Subject: Re: Req 20391 - Data Engineer - Remote\n\n" + _letter(FORM),
            "organisation",
            None,
        ),
        # A place of work after a dash is where the job is, not which.
        (
            _letter(FORM, head="Vacancy: 349102 - Court Usher - Riverside Justice Centre\n\n"),
            "role",
            "Court Usher",
        ),
        # The job in quotes; before "opportunity"; joining them as it; a Re: line with terms.
        (
            _letter("Thank you for interviewing for the role of 'Technical Stage Manager'."),
            "role",
            "Technical Stage Manager",
        ),
        (
            _letter("Thank you for your interest in the Head of Digital opportunity."),
            "role",
            "Head of Digital",
        ),
        (
            _letter("Thank you for your interest in joining Aurelia as Brand Manager."),
            "role",
            "Brand Manager",
        ),
        (
            _letter(FORM, head="Re: Collections Assistant (12 months, fixed term)\n\n"),
            "role",
            "Collections Assistant",
        ),
        (
            _letter("Re: APPLICATION FOR THE POST OF CARETAKER\n\nThank you for applying."),
            "role",
            "CARETAKER",
        ),
        # A Re: line with the place after a comma gives the job and the employer; in
        # capitals the comma may part the job's own words, so no employer is taken.
        (
            _letter(FORM, head="Re: Pharmacy Technician (Band 4), Moorside Health Centre\n\n"),
            "role",
            "Pharmacy Technician (Band 4)",
        ),
        (
            _letter(FORM, head="Re: Pharmacy Technician (Band 4), Moorside Health Centre\n\n"),
            "organisation",
            "Moorside Health Centre",
        ),
        (
            _letter(FORM, head="RE: STORE MANAGER, RETAIL OPERATIONS\n\n"),
            "organisation",
            None,
        ),
        # A ward sister signs with her title, as a doctor does.
        (
            _letter(FORM, "Best wishes,\nSister R. Quansah\nWard Manager"),
            "sender",
            "Sister R. Quansah",
        ),
        # An agency's contact at the employer, by a common given name.
        (
            _letter(
                "I heard from Priya at Larkspur Analytics this morning, and they have "
                "offered the role to someone else.",
                "Speak soon,\nDan",
            ),
            "organisation",
            "Larkspur Analytics",
        ),
        # A lecturer "in" a subject keeps it; a clause or a heading is no job.
        (
            _letter(
                "Your application for Senior Lecturer in Law (Job Ref 2201) was not successful."
            ),
            "role",
            "Senior Lecturer in Law",
        ),
        (
            "Subject: Interview Follow Up - Compliance\n\n" + _letter(FORM),
            "role",
            None,
        ),
        # The employer: after "interviewing with", a trading name, the interest shown in it.
        (
            _letter("Thanks for interviewing with Mistral Aviation Services last week."),
            "organisation",
            "Mistral Aviation Services",
        ),
        (
            _letter(
                "We will not be offering you the role.",
                "Regards,\nOwen Price\n\nGreenhill Homes is a trading name of Greenhill "
                "Residential Developments Limited.",
            ),
            "organisation",
            "Greenhill Homes",
        ),
        (
            _letter("Thank you for the interest you have shown in Harrowfield Building Society."),
            "organisation",
            "Harrowfield Building Society",
        ),
        # The body's brand, not the signature's legal name after a comma.
        (
            _letter(
                "Thanks for interviewing with Brightline Analytics last week.",
                "Dana Whitfield\nTalent Acquisition | Brightline Analytics, Inc.",
            ),
            "organisation",
            "Brightline Analytics",
        ),
        # A service area is a team; a firm named for its services is not.
        (
            _letter(FORM, "Regards,\nAna Cole\nHR Adviser, Student Support Services"),
            "organisation",
            None,
        ),
        # Not an employer: a school's subject, a ward or unit, a person's initials, a day,
        # a person the message names.
        (
            _letter(
                FORM, "Yours sincerely,\n\nProfessor Alan Reece\nHead of School, Life Sciences"
            ),
            "organisation",
            None,
        ),
        (
            _letter(FORM, "Yours sincerely,\n\nJane Holt\nWard Manager, Cardiac Unit"),
            "organisation",
            None,
        ),
        (
            _letter(FORM, "Yours sincerely,\n\nHead of HR, K. Raghunathan"),
            "organisation",
            None,
        ),
        (_letter("We had news from Thursday about the role. " + FORM), "organisation", None),
        (
            "Hi Kenji,\n\nJust had feedback from Kenji about the role. We will not be taking "
            "your application further at this time.\n\nBest,\nAna Cole",
            "organisation",
            None,
        ),
        # People the message names are not the employer: after "with" and before "and
        # the team", or one word alone deciding.
        (
            "Dear Nadia,\n\nThanks for interviewing with Jane and the team last Tuesday. Jane "
            "has decided to go with another applicant.\n\nBest,\nMark",
            "organisation",
            None,
        ),
        # "Work with us at" names the employer as the body writes it.
        (
            "Hi Ivy\n\nThanks so much for applying to work with us at Little Acorns Day Nursery. "
            "The position has now been filled.\n\nLots of love\nThe Little Acorns Team",
            "organisation",
            "Little Acorns Day Nursery",
        ),
        # A qualifier after a comma on the title; a temporary post's terms.
        (
            _letter(
                "After reviewing your application for Analyst, Risk Management, we are unable "
                "to progress it."
            ),
            "role",
            "Analyst, Risk Management",
        ),
        (
            _letter(
                "We will not be progressing your application for Store Assistant (Christmas Temp)."
            ),
            "role",
            "Store Assistant",
        ),
        # A first name, then the full name under it, after a sign-off with no comma; a
        # name after "O'" or "Mc" is a name, and not the employer.
        (
            _letter(
                FORM, "Regards\n\nSarah\nSarah O'Connor | HR Business Partner\nt: 020 7946 0123"
            ),
            "sender",
            "Sarah O'Connor",
        ),
        (
            _letter(
                FORM, "Regards\n\nSarah\nSarah O'Connor | HR Business Partner\nt: 020 7946 0123"
            ),
            "organisation",
            None,
        ),
        (_letter(FORM, "Best wishes,\nKirsty McLean"), "sender", "Kirsty McLean"),
        # Signed for someone: "PP Dr A Shah" is a person, not the employer.
        (_letter(FORM, "Yours sincerely\n\nPP Dr A Shah\nClinical Director"), "organisation", None),
        # "Staff" signing is a team, and the employer without it.
        (_letter(FORM, "Thanks,\nCamp Pinewood Staff"), "sender", None),
        (_letter(FORM, "Thanks,\nCamp Pinewood Staff"), "organisation", "Camp Pinewood"),
        # "Employment" is no job's name; two jobs are none; an advert's adjectives and how,
        # where or how long it is worked are not part of it.
        (_letter("Thank you for your application for Employment. " + FORM), "role", None),
        (
            _letter(
                "Thank you for applying for the Data Analyst and BI Developer positions. " + FORM
            ),
            "role",
            None,
        ),
        (
            _letter(
                "Thank you for your interest in the exciting new Operations Lead role. " + FORM
            ),
            "role",
            "Operations Lead",
        ),
        (
            _letter(
                "Thank you for applying to the London-based Senior Product Designer role. " + FORM
            ),
            "role",
            "Senior Product Designer",
        ),
        (
            _letter("Thank you for applying for the part-time Library Assistant role. " + FORM),
            "role",
            "Library Assistant",
        ),
        # "The job of" and "the vacancy of" name it as "the post of" does.
        (
            _letter(
                "Thank you for your application for the vacancy of Senior Support Worker. " + FORM
            ),
            "role",
            "Senior Support Worker",
        ),
        # A footer: the copyright line names the employer; "Unsubscribe" is no sender,
        # "Private and Confidential", a region, a directorate no employer.
        (
            _letter(
                FORM,
                "\u00a9 2026 Pelham Retail Group. All rights reserved.\n"
                "Unsubscribe | Privacy Policy",
            ),
            "organisation",
            "Pelham Retail Group",
        ),
        (
            _letter(
                FORM,
                "\u00a9 2026 Pelham Retail Group. All rights reserved.\n"
                "Unsubscribe | Privacy Policy",
            ),
            "sender",
            None,
        ),
        (
            _letter(FORM, "Kind regards,\nAna Cole\nRecruitment Partner\nPrivate and Confidential"),
            "organisation",
            None,
        ),
        (
            _letter(FORM, "Kind regards,\nAna Cole\nNorth East\nTalent Acquisition"),
            "organisation",
            None,
        ),
        (
            _letter(FORM, "Ana Cole\nHR Officer, Finance and Resources Directorate"),
            "organisation",
            None,
        ),
        # A subject's or a heading's words are no name; one word after a subject's last
        # dash may be a town; a short message's last lines stop at its headers.
        (
            "Subject: Your job application \u2013 Sales Assistant \u2013 Bristol\n\n"
            + _letter(FORM),
            "organisation",
            None,
        ),
        (
            "Subject: RE: Application - Data Analyst - Leeds\n\n" + _letter(FORM),
            "role",
            None,
        ),
        # The job after a subject's last dash, its reference code dropped, or before a
        # reference after it; never the subject's own words.
        (
            "Subject: Application Update - Marketing Executive (Ref 2231)\n\n" + _letter(FORM),
            "role",
            "Marketing Executive",
        ),
        (
            "Subject: Your application - Senior Pharmacist (Band 7) - ref 245-HC-0392\n\n"
            + _letter(FORM),
            "role",
            "Senior Pharmacist (Band 7)",
        ),
        ("Hi Sam,\n\nImportant Update\n\n" + FORM + "\n\nBest,\nAna Cole", "organisation", None),
        # A plural of capitals ("CVs") is no employer; a name that ends in "s" may be.
        (_letter(FORM, "Kind regards,\nAna Cole\nCVs"), "organisation", None),
        (
            _letter("Thank you for interviewing for the Data Analyst role at Tallis. " + FORM),
            "organisation",
            "Tallis",
        ),
        (
            "Subject: Talent Partner, Harbour Street Clinic\n\nHi Sam,\n\n" + FORM + "\n\nAna Cole",
            "organisation",
            None,
        ),
        # An employer signing is not a person, and is the employer.
        (_letter(FORM, "Regards,\nSt Anne's Hospice"), "sender", None),
        (_letter(FORM, "Regards,\nSt Anne's Hospice"), "organisation", "St Anne's Hospice"),
        # A greeting to a kind of reader is not their name.
        ("Dear Valued Applicant,\n\nThank you for applying.", "candidate", None),
        ("Dear Sir/Madam,\n\nThank you for applying.", "candidate", None),
        # An agency's desk signing is not a person.
        (
            _letter(FORM, "Kind regards,\nBeacon Staffing"),
            "sender",
            None,
        ),
    ],
)
def test_how_senders_present_the_employer_and_the_job(
    text: str, field: str, value: str | None
) -> None:
    assert match(text).fields[field] == value


def test_an_html_email_is_read_as_its_text() -> None:
    email = (
        "<html><body><p>Hi Sam,</p><p>Thank you for joining us for the final round for the "
        "<b>Senior Copywriter</b> position &ndash; it was a pleasure.</p><p>If you&#39;d like "
        "feedback, just reply and I&#39;ll book a call to go through the panel&#39;s notes."
        "</p><p>Best,<br>Jess Moreno<br>Creative Lead</p></body></html>"
    )
    found = match(email)
    assert found.stage == "final_round"
    assert [s.id for s in found.signals] == ["feedback_offered"]
    assert "<" not in found.signals[0].sentence and "&#39;" not in found.signals[0].sentence
    assert found.fields["candidate"] == "Sam" and found.fields["sender"] == "Jess Moreno"


@pytest.mark.parametrize(
    "text",
    [
        "Sehr geehrter Herr Schneider,\n\nleider müssen wir Ihnen mitteilen, dass wir uns für "
        "einen anderen Kandidaten entschieden haben.\n\nMit freundlichen Grüßen\n\nKatrin Vogel",
        "Madame Laurent,\n\nNous avons le regret de vous informer que votre candidature n'a "
        "pas été retenue.\n\nClaire Dumont",
        "Lorem ipsum dolor sit amet.",
        "\x00\x01 binary-ish \ufffd text",
        "x" * 200_000,
    ],
    ids=["german", "french", "nonsense", "control-characters", "one-huge-word"],
)
def test_what_is_not_a_rejection_is_not_recognised_and_nothing_is_guessed(text: str) -> None:
    found = match(text)
    assert not found.recognised
    assert found.stage == "unknown" and found.signals == ()
    assert set(found.fields.values()) == {None}
    # Nothing says there was an interview: a letter that mentions none, and the advice
    # points to the all-purpose letter for a reader who had one.
    assert found.letters == ("application-by-a-person",)
    assert found.reasons["application-by-a-person"].startswith("it mentions no interview")
    assert found.advice and "all-purpose" in found.advice[0]["text"]


# Letters and advice


def test_a_letter_is_suggested_only_when_the_message_shows_all_it_answers() -> None:
    close_only = match(
        "Hi Ana,\n\nThanks for the interview. It came down to you and one other person, and we "
        "have offered the role to another candidate.\n\nBest,\nLeo"
    )
    assert "close-runner-up" in close_only.letters
    # This one also thanks them for inviting future contact, which this message doesn't.
    assert "runner-up-keep-in-touch" not in close_only.letters
    assert close_only.letters[-1] == "all-purpose"
    assert close_only.reasons["close-runner-up"] == "they said it was close"


def test_more_signals_answered_come_first_and_the_all_purpose_letter_last() -> None:
    found = match(
        "Hi Ana,\n\nThanks for the interview. It came down to you and one other person, and we "
        "have offered the role to another candidate. We'd love you to apply again, and "
        "we'll keep your CV on file.\n\nBest,\nLeo"
    )
    assert found.letters[0] == "runner-up-keep-in-touch"
    assert found.letters[-1] == "all-purpose"
    assert len(found.letters) <= matcher.MOST_LETTERS


def test_a_form_rejection_of_an_application_from_a_no_reply_address_needs_no_letter() -> None:
    found = match(
        "Hi Jordan,\n\nThank you for your application. We won't be taking it forward to "
        "interview.\n\nThis is an automated message. Please do not reply to this email."
    )
    assert found.stage == "application" and {s.id for s in found.signals} == {"automated"}
    assert found.letters == ()
    assert "don't need to write" in found.advice[0]["text"]
    assert found.advice[0]["page"] == "writing/when-not-to-write"
    # And nothing else: no-reply advice about "the person who interviewed you" would
    # contradict it.
    assert len(found.advice) == 1


def test_a_form_rejection_that_offers_feedback_still_gets_letters() -> None:
    """From a no-reply address, but with someone to ask (voices-u): "don't write at all"
    would hide the offer."""
    found = match(
        "Dear Jordan,\n\nYour application has been screened out of this selection process."
        "\n\nYou may request an informal discussion with the hiring manager within five "
        "working days.\n\nThis message was sent automatically. Please do not reply."
    )
    assert found.stage == "application"
    assert {s.id for s in found.signals} == {"automated", "feedback_offered"}
    assert found.letters and found.letters[0] == "feedback-call-accept"
    assert not any(a["page"] == "writing/when-not-to-write" for a in found.advice)


def test_a_reply_quoting_the_readers_own_email_shows_none_of_its_signals() -> None:
    """A quoted "I'd love any feedback" under a reply is the reader asking, not an offer
    (voices-u); the reply's own refusal is read."""
    found = match(
        "Hi Sam,\n\nWe've offered the Sous Chef job to someone else. We don't give "
        "individual feedback after interviews, sorry.\n\nNick\n\n"
        "On Tue, 2 Dec 2026 at 16:40, Sam Oduya wrote:\n> Thank you for the interview "
        "today. I would love any feedback you can give.\n> I'm also keen to hear about "
        "any other openings in future.\n"
    )
    assert {s.id for s in found.signals} == {"feedback_refused"}
    assert found.stage == "interview"


def test_a_form_rejection_that_does_not_say_how_far_you_got_needs_no_letter() -> None:
    """From a no-reply address, with no stage shown: most such come at the application
    stage, so no letter; the advice says where to go if there was an interview."""
    # Not "after careful review": the stage model reads that as an application's review
    # (since voices-p's notices of the application stage); this message shows no stage.
    found = match(
        "Dear Candidate,\n\nThank you for your interest in career opportunities with Meridian"
        " Health Partners. After careful consideration, we have decided to pursue other"
        " candidates."
        "\n\nThis is an automated message. Please do not reply."
    )
    assert found.stage == "unknown" and found.letters == ()
    (advice,) = found.advice
    assert "interviewed" in advice["text"] and advice["page"] == "situations/automated"


def test_every_piece_of_advice_links_to_a_page_of_the_guide() -> None:
    pages = {p.relative_to(ROOT / "docs").with_suffix("").as_posix()
             for p in (ROOT / "docs").rglob("*.md")}  # fmt: skip
    advice = [*MATCHER.data["advice"], *[r for r in MATCHER.data["rules"] if r["kind"] == "signal"]]
    for item in advice:
        assert item["page"] in pages, item
        assert item.get("advice", item.get("text"))
    for rule in MATCHER.data["rules"]:
        assert rule["reason"], rule["id"]


def test_the_letters_answers_are_the_catalogues() -> None:
    """signals.json holds each letter's answers for the command; the catalogue (and so
    the site) reads them from the examples: the two never drift."""
    catalogue = REAL.catalogue
    assert {letter["id"]: letter["answers"] for letter in MATCHER.letters} == {
        e.id: list(e.answers) for e in catalogue.examples.values()
    }, "src/followup/signals.json is out of date: run `make rules`"
    answered = {a for e in catalogue.examples.values() for a in e.answers}
    assert set(SIGNALS) - {"role_closed"} <= answered  # a closed role needs advice, not a letter
    assert MATCHER.data["fallback"] in catalogue.examples


def test_the_generated_data_is_the_data_files() -> None:
    assert generate.generated() == {
        path: path.read_text(encoding="utf-8")
        for path in (generate.RULES_JSON, generate.SIGNALS_JSON)
    }, "src/followup/rules.json or signals.json is out of date: run `make rules`"


def test_an_unknown_answer_in_an_example_is_a_one_line_problem(tmp_path) -> None:
    from support import copy_root

    project = copy_root("catalogue", tmp_path / "project")
    example = next((project / "examples").glob("*.j2"))
    text = example.read_text(encoding="utf-8")
    example.write_text(
        text.replace("+++\n", '+++\nanswers = ["feedback_offerd"]\n', 1), encoding="utf-8"
    )
    catalogue = load_catalogue(project / "examples", project / "snippets")
    problems = [str(p) for p in catalogue.all_problems()]
    assert len(problems) == 1
    assert f"{example.name}:2: answers names unknown 'feedback_offerd'" in problems[0]
    assert "did you mean 'feedback_offered'" in problems[0]


def test_the_style_and_script_of_a_pasted_page_are_not_read() -> None:
    page = (
        "<html><head><style>p { color: red } .close { margin: 0 }</style></head><body>"
        "<script>var verdict = 'it was close';</script><p>Hi Sam,</p><p>Thank you for "
        "applying. We are unable to provide individual feedback.</p><p>Best,<br>Ana Cole</p>"
        "</body></html>"
    )
    found = match(page)
    assert [s.id for s in found.signals] == ["feedback_refused"]
    assert all("{" not in s.sentence and "var " not in s.sentence for s in found.signals)


def test_after_a_refusal_only_letters_that_do_not_ask_are_suggested() -> None:
    found = match(
        "Dear Sam,\n\nThank you for your interview for the Data Analyst role. Due to the "
        "number of applications, we are unable to provide individual feedback.\n\n"
        "Kind regards,\nAna Cole"
    )
    assert "feedback_refused" in {s.id for s in found.signals}
    contexts = {letter["id"]: letter["context"] for letter in MATCHER.letters}
    assert found.letters and all(contexts[i] == "refused" for i in found.letters), found.letters


def test_an_application_stage_no_gets_no_letter_that_mentions_an_interview() -> None:
    """The goal, on every tuning message at the application stage, whatever stage it is
    read as: one read as unknown gets letters that mention no interview too. (The held-out
    share is the table's "no_interview" row.)"""
    for m in TUNING:
        if m.stage != "application":
            continue
        found = matched()[m.id]
        for letter in found.letters:
            text = REAL.catalogue.examples[letter].as_text().lower()
            assert "interview" not in text, (m.id, letter)


def test_an_offer_of_feedback_at_the_application_stage_gets_the_letter_that_accepts_it() -> None:
    """The letter that says yes to a feedback call mentions no interview, so a no to an
    application that offers a call is answered by it first."""
    found = match(
        "Dear Sam,\n\nThank you for your application for the Porter role. We will not be "
        "progressing your application. If you would like feedback on your application, I'm "
        "happy to arrange a short call.\n\nKind regards,\nAna Cole"
    )
    assert found.stage == "application"
    assert "feedback_offered" in {s.id for s in found.signals}
    assert found.letters[0] == "feedback-call-accept"


def test_every_message_that_refuses_feedback_gets_no_letter_that_asks_first() -> None:
    """The goal, on every labelled message: after "we can't give feedback", the first
    letter suggested (if any: a form rejection needs none) does not ask for it."""
    contexts = {letter["id"]: letter["context"] for letter in MATCHER.letters}
    refused = [m for m in MESSAGES if "feedback_refused" in m.signals]
    assert len(refused) >= 50
    for m in refused:
        found = matched()[m.id]
        assert not found.letters or contexts[found.letters[0]] in ("refused", "given"), m.id


def test_a_paste_is_read_up_to_its_most_words_in_whole_sentences() -> None:
    """A rejection is a few hundred words; a longer paste is read, sentence by sentence,
    up to [reading] most_words words, so no paste takes more than a moment."""
    most = MATCHER.data["reading"]["most_words"]
    late, early, one_sentence = hostile.long_pastes(most)
    assert "feedback_offered" in {s.id for s in match(f"Dear Sam,\n\n{hostile.OFFER}").signals}
    assert "feedback_offered" not in {s.id for s in match(late).signals}
    assert "feedback_offered" in {s.id for s in match(early).signals}
    read = MATCHER.read_up_to(MATCHER.rules.sentences(late))
    assert sum(s.text.count(" ") + 1 for s in read) <= most
    assert len(MATCHER.read_up_to(MATCHER.rules.sentences(one_sentence))) == 1


# Signals and stages in wordings of their own (voices-f): each shape by itself, and near
# misses that neither the rules nor the learned layer may read as the signal.


def _read(sentence: str) -> str:
    """The sentence as the recognisers read it."""
    (read,) = MATCHER.rules.sentences(MATCHER.plain(sentence))
    return read.text


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        ("role_closed", "The hiring for this post has been paused until the autumn."),
        ("role_closed", "After the merger the Analyst role does not exist any more."),
        ("role_closed", "The vacancy will not now be recruited to."),
        ("role_closed", "We are ending the recruitment without an appointment."),
        ("role_closed", "Finance has not approved the budget for this hire."),
        ("role_closed", "The trust eliminated the post in its spring review."),
        ("role_closed", "We are stopping the search here, for all candidates."),
        ("role_closed", "Sorry, the client's scrapped the contract role."),
        ("feedback_given", "We wanted to see more examples of leading a team from you."),
        ("feedback_given", "The case study was where it fell down for us."),
        ("feedback_given", "The panel felt you are not yet ready to run the unit."),
        ("feedback_given", "Your demo ran well over the half hour we had."),
        ("feedback_given", "The board was not convinced by your plan for year one."),
        ("feedback_given", "Your experience sits mostly in the public sector."),
        ("feedback_given", "You have not run a budget, and in this role you'd own two."),
        ("feedback_given", "We did not offer it mainly because you have no Welsh."),
        ("close_call", "There was very little to choose between you and the person we chose."),
        ("close_call", "You lost out by the narrowest of margins."),
        ("close_call", "It went right to the wire between you and her."),
        ("close_call", "You were in contention right up to the final meeting."),
        ("close_call", "We had three finalists and you were one of them."),
        ("close_call", "Two of the panel pushed hard for you."),
        ("via_recruiter", "I've just had a call with Norbury's HR manager."),
        ("via_recruiter", "Their hiring manager has decided to go another way."),
        ("future_roles_invited", "We'd love to see your application again next year."),
        ("interview", "Thanks for coming in on Friday."),
        ("interview", "Thanks for chatting with me and Sam on Tuesday."),
        ("interview", "Thank you for the meeting of Monday."),
        ("interview", "Thank you for attending the selection panel on 3 May."),
        ("interview", "Thanks so much for making time to meet our founders."),
        ("phone_screen", "Thank you for taking my call yesterday."),
        ("application", "Thank you for submitting your CV for the Porter role."),
        ("application", "Your candidature has not been selected."),
        ("final_round", "Thank you for the time you gave us across all four interviews."),
        # Found by trying the box with messages written for it: a chat "through" something
        # with "myself", thanks for the time of a given day, and effort put into a visit
        # (once read as "not put forward to" it).
        ("feedback_given", "Your written assessment fell below the level we require."),
        ("interview", "It was great to chat through your background with myself and Dana."),
        ("interview", "Thanks so much for your time last Thursday."),
        ("interview", "Thanks so much for the effort you put into the take-home you sent over."),
        ("final_round", "Thank you for the time and care you put into your campus visit."),
        # voices-h: shapes added for meanings the rules lacked.
        ("role_closed", "The board has put a stop to all new hiring until March."),
        ("role_closed", "The Buyer job is now off the table for every applicant."),
        ("role_closed", "We have stopped recruiting for the post altogether."),
        ("role_closed", "There is no longer a night shift to fill after the contract ended."),
        ("role_closed", "We won't be appointing anyone to the post this year."),
        ("feedback_given", "You came across as less confident with the financial questions."),
        ("feedback_given", "The panel felt your examples didn't show enough leadership."),
        ("role_closed", "We are not able to proceed with the role due to budget cuts."),
        ("via_recruiter", "Kelby have decided not to go further, I've spoken with their HR team."),
        ("via_recruiter", "Some news from Tarrant Foods, and it's not what we hoped."),
        # voices-j: the post stopped, said actively, with a hire or a recruitment halted.
        ("role_closed", "We will not be recruiting to this post after the service review."),
        ("role_closed", "The trust has suspended recruitment to the Ward Clerk post until April."),
        ("role_closed", "We've had to scrap the junior designer hire for now."),
        ("role_closed", "The board has halted hiring for the Analyst role pending a review."),
        ("role_closed", "Due to budget cuts we have decided not to proceed with filling it."),
        ("role_closed", "We are no longer going to fill this role."),
        ("role_closed", "The team's work has been absorbed into existing roles."),
        ("role_closed", "Our funding was cut, so we can't hire for the role this year."),
        ("role_closed", "The role has been deprioritised for this year."),
        ("role_closed", "We have had to make redundancies, so we cannot take anyone on."),
        ("feedback_given", "We felt you would benefit from more hands-on payroll experience."),
        ("feedback_given", "Your technical test had two bugs that the reviewers flagged."),
        ("feedback_given", "Areas for development: presenting data to non-specialists."),
        ("feedback_given", "The interviewers would have liked more detail on how you'd handle it."),
        ("feedback_given", "We didn't feel you had enough experience of a commercial kitchen."),
        ("feedback_given", "The panel's view was that your talk focused too heavily on theory."),
        ("feedback_given", "The hiring team thought your portfolio was light on mobile work."),
        ("feedback_given", "Your lesson observation was graded as requires improvement."),
        ("feedback_given", "The team noticed you didn't ask any questions about the children."),
        ("feedback_given", "At interview you struggled to give examples of your own."),
        ("feedback_given", "We noticed gaps in your knowledge of fire safety regulations."),
        ("feedback_given", "Your case study answer missed the key risk in the scenario."),
        ("feedback_given", "Your communication in English was not fluent enough for client calls."),
        ("role_closed", "We're not going to be hiring for this position after all."),
        ("role_closed", "Our client has decided to keep the work in-house and won't be hiring."),
        ("role_closed", "The business has decided against creating this position at this time."),
        ("role_closed", "Management has decided not to replace the outgoing manager."),
        ("feedback_given", "The panel marked you down on the questions about teamwork."),
        ("feedback_given", "Your lack of a teaching qualification was the main barrier."),
        ("feedback_given", "Your written exercise did not address the brief we set."),
        ("feedback_given", "Your answers lacked specific examples."),
        ("feedback_given", "We weren't convinced you'd be happy doing mostly admin."),
        ("role_closed", "Unfortunately the department has lost funding for this post."),
        ("role_closed", "Following the merger, the position has been made redundant."),
        ("role_closed", "The school has decided to leave the post vacant this year."),
        # voices-k: an agency's news, an insider appointed and a close call in new words.
        ("via_recruiter", "Harrow & Finch have asked that I tell you they've chosen someone else."),
        ("via_recruiter", "The hiring company has let us know the post is filled."),
        ("via_recruiter", "I put a call in to the chef at Maison Verte this morning."),
        ("via_recruiter", "Their panel has confirmed they will not take you further."),
        ("via_recruiter", "Oakmere Foods let me know yesterday that they've appointed."),
        ("internal_candidate", "In the end the vacancy was filled internally."),
        ("internal_candidate", "We have selected a candidate who currently works within our team."),
        ("internal_candidate", "Our deputy manager will be stepping up into the position."),
        ("role_closed", "Sadly the opening was closed after the budget was reallocated."),
        ("role_closed", "The role has been cut from our current budget."),
        (
            "internal_candidate",
            "We have decided to move a manager across from our Leeds branch into the role.",
        ),
        ("close_call", "You finished within two marks of the person appointed."),
        ("close_call", "You ran her very close at the presentation stage."),
        ("close_call", "In the end you were narrowly pipped by one other applicant."),
        ("close_call", "The other finalist just edged it on the day."),
        ("close_call", "Had there been another vacancy, we would have offered it to you."),
        ("close_call", "You were our number two throughout."),
        ("close_call", "You were fractionally behind on the written test."),
        ("close_call", "Yours was the second-best score of the day."),
        (
            "via_recruiter",
            "I met with the managing director of Brant Foods, who has chosen someone else.",
        ),
        # voices-o: someone already there, and the job stopped, in wording of its own.
        ("internal_candidate", "The vacancy has been filled by a redeployed member of staff."),
        ("internal_candidate", "We have promoted our deputy manager into the role."),
        (
            "internal_candidate",
            "After interviews, the post went to the person currently covering it.",
        ),
        ("internal_candidate", "We've gone with one of our apprentices who has just qualified."),
        ("internal_candidate", "It has been decided to fill the post by promotion."),
        ("internal_candidate", "The job has been given to a staff member who applied internally."),
        ("internal_candidate", "The successful candidate is a current member of the team."),
        ("internal_candidate", "The role was sourced in-house in the end."),
        ("role_closed", "All hiring is paused until the new financial year."),
        ("role_closed", "Unfortunately the funding for this post has fallen through."),
        ("role_closed", "We are not in a position to make an appointment at this time."),
        ("role_closed", "The company has decided against hiring for this role after all."),
        (
            "role_closed",
            "Our business priorities have changed and we won't move forward with this role.",
        ),
        ("role_closed", "The role is no longer available due to a change in business needs."),
        ("role_closed", "Headcount for the role was reallocated to another team."),
        ("role_closed", "We have had to hold off on all new hiring until the spring."),
        ("role_closed", "The project funding didn't come through, so there is no post to offer."),
        ("role_closed", "The recruitment for this role has been stood down."),
        ("role_closed", "We won't be replacing the outgoing manager after all."),
        ("role_closed", "The decision has been taken not to recruit to the post this year."),
        ("internal_candidate", "The role has been awarded to a long-standing employee."),
        ("internal_candidate", "The post was offered to a member of the ward team."),
        ("internal_candidate", "We chose to promote internally."),
        # voices-t: fresh wording of a reason and of an agency passing on a decision.
        ("feedback_given", "We would have preferred more detail in your answer on budgets."),
        ("feedback_given", "It was not an offer, mainly because your portfolio had no print work."),
        ("via_recruiter", "I debriefed with the hiring manager at Solent Marine this morning."),
        ("via_recruiter", "Corran Foods' operations director emailed over his decision today."),
        ("via_recruiter", "The practice we sent you to in Bath has chosen someone else."),
        # voices-v: a platform's notice, and an agency's text with "@".
        ("automated", "This email was sent through our applicant portal."),
        ("via_recruiter", "Hiya Dom, this is Jess @ Brightway Staffing."),
    ],
)
def test_a_shape_reads_its_meaning_in_new_words(rule: str, sentence: str) -> None:
    assert MATCHER.rules.matches(rule, _read(sentence))


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        ("role_closed", "Your application for the Porter post has been withdrawn at your request."),
        ("feedback_given", "We were looking for someone with a strong background in payroll."),
        ("feedback_given", "Your presentation was excellent and the panel enjoyed it."),
        ("feedback_given", "You did not reach the standard required on this occasion."),
        ("feedback_given", "The successful candidate had run larger teams."),
        ("close_call", "It was a very difficult decision given the strength of the field."),
        ("close_call", "Our office is close to the station."),
        ("via_recruiter", "Our hiring manager, Dana, has asked me to let you know."),
        ("via_recruiter", "The job means working on site with the client every Tuesday."),
        ("future_roles_invited", "Candidates may not reapply for this vacancy within a year."),
        ("feedback_refused", "Feedback is available on request from the panel chair."),
        ("phone_screen", "Thanks for chatting with me and Sam on Tuesday."),
        ("interview", "We are grateful for the time you spent with us."),
        # An interview held with others, or one booked and then cancelled.
        ("interview", "We put your application on hold while we interviewed our first shortlist."),
        ("interview", "The post went to a candidate interviewed earlier in the week."),
        ("interview", "I am writing about your interview, which was booked for Friday at 11am."),
        ("feedback_offered", "I'd happily pass your name to our other branch if you like."),
        ("close_call", "You were one of four candidates invited to the assessment day."),
        ("feedback_given", "There was a single point between your score and theirs."),
        ("feedback_given", "You did not reach the required standard at interview."),
        # voices-h: what closes when someone is appointed, praise, the employer's own
        # people and customers called "the client".
        # The post closed because someone was appointed, before or after it says so.
        ("role_closed", "He accepted our offer last week, and the requisition is now closed."),
        (
            "role_closed",
            "We have now closed this vacancy following the appointment of another applicant.",
        ),
        ("role_closed", "We've closed the vacancy as the post has been offered to someone else."),
        ("role_closed", "We have closed the search having found the right person."),
        # Filled by the one they chose; what closes in every recruitment.
        ("role_closed", "Just to let you know, the vacancy has been filled."),
        ("role_closed", "The shortlisting for this role has now closed."),
        ("role_closed", "The job advert was withdrawn once we had enough applications."),
        ("role_closed", "Sorry to put you on hold for so long while we decided."),
        ("role_closed", "The role is on hold for you until your references arrive."),
        ("role_closed", "This vacancy has been removed from the jobs board."),
        ("role_closed", "The requisition was closed when the candidate accepted."),
        # Praise, and the "you" of "let you know", are no reason.
        (
            "feedback_given",
            "The panel thought your answers were insightful and your presentation on staffing"
            " was well judged.",
        ),
        (
            "feedback_given",
            "I wanted to let you know that hiring for the role is on hold and I don't have a date.",
        ),
        # No appointment: duties shared out, a post not filled, a no to the candidate.
        (
            "internal_candidate",
            "The tasks will be split among existing staff and the post not filled.",
        ),
        (
            "internal_candidate",
            "For that reason we will not be offering you the post of Head of Geography.",
        ),
        # The employer's own people, and a customer called "the client".
        (
            "via_recruiter",
            "The store manager at our Derby branch has let me know she has appointed.",
        ),
        ("via_recruiter", "Our head office has let me know the role has been offered elsewhere."),
        ("via_recruiter", "Our area manager has been in touch with me about the interviews."),
        (
            "via_recruiter",
            "The practice manager has asked me to let you know she has appointed someone.",
        ),
        (
            "via_recruiter",
            "The head of department has let me know she has appointed another applicant.",
        ),
        ("via_recruiter", "I spoke to the hiring manager, Ade, and he came back to me with a no."),
        ("via_recruiter", "Our work depends on the client trusting us with private papers."),
        ("via_recruiter", "You would be caring for the client in her own home."),
        ("via_recruiter", "Your role would involve managing the client relationship day to day."),
        ("via_recruiter", "I'm not going to put your CV forward for this one."),
        ("via_recruiter", "The chair has asked me to pass on her thanks as well."),
        (
            "via_recruiter",
            "I've had a word with the director and she has decided to appoint someone else.",
        ),
        # voices-j: a no to the candidate is not a post withdrawn, and a client in a role
        # play is a part played, not an agency's client.
        ("role_closed", "We will not be appointing you to this post."),
        ("via_recruiter", "In the role play you kept interrupting the client."),
        ("role_closed", "We will not be proceeding with your candidacy."),
        ("role_closed", "The role has been filled and we will not reopen it."),
        ("role_closed", "Your duties would be shared among the existing team."),
        ("feedback_given", "You would benefit from our induction programme in your first month."),
        ("feedback_given", "We don't think you did anything wrong; the other candidate had more."),
        ("feedback_given", "The panel's view was that your presentation was excellent."),
        ("feedback_given", "We would have liked more time with you on the day."),
        ("feedback_given", "I know you struggled to find parking, sorry about that."),
        ("feedback_given", "We noticed you didn't get our email about the venue."),
        ("feedback_given", "There were no gaps in your knowledge; it was simply a strong field."),
        ("feedback_given", "We felt you didn't do anything wrong at all."),
        ("role_closed", "We're not hiring for this role any longer because we've appointed."),
        ("role_closed", "We won't be hiring you for this role, I'm afraid."),
        ("feedback_given", "Please don't worry about your lack of a car, we cover travel."),
        ("role_closed", "We will keep the post vacant until our new starter joins in March."),
        # voices-k: a customer in an exercise, the candidate as the insider, how a post was
        # advertised, and a team split over places.
        ("via_recruiter", "Your pitch in the client role-play was confident and clear."),
        (
            "internal_candidate",
            "As you're already part of the team, we have offered the role to someone else.",
        ),
        (
            "internal_candidate",
            "The post was advertised to existing staff first, and then more widely.",
        ),
        ("close_call", "The team were split across three sites, and you would have covered each."),
        ("internal_candidate", "As you currently work for us, your line manager will share it."),
        (
            "internal_candidate",
            "Internal and external candidates were interviewed on the same day.",
        ),
        ("role_closed", "I'm sorry the process was put on hold while we waited for references."),
        ("role_closed", "Our hiring is on hold for the holidays, so sorry for the slow reply."),
        ("role_closed", "We will not be filling any more places on this year's scheme."),
        (
            "feedback_given",
            "Your application did not demonstrate how you meet the essential criteria.",
        ),
        # voices-n: the employer's own people, posts closed once filled, reasons said to
        # everyone, the chosen person's strengths, praise before "but", feedback offered.
        ("role_closed", "Please note this requisition has been closed in our system."),
        (
            "via_recruiter",
            "My manager has asked me to let you know we have gone with someone else.",
        ),
        (
            "via_recruiter",
            "I've heard back from the business and they have chosen another applicant.",
        ),
        (
            "via_recruiter",
            "I'm afraid we won't be putting your CV forward to the client for this one.",
        ),
        ("via_recruiter", "I have decided not to present you to our client at this stage."),
        ("via_recruiter", "You are welcome to book a call with the chair of the interview panel."),
        (
            "via_recruiter",
            "I've spoken with the panel and they've asked me to let you know the outcome.",
        ),
        ("role_closed", "We won't be proceeding with your application for this vacancy."),
        ("role_closed", "We have filled the post and are closing the vacancy today."),
        ("role_closed", "Now that our new hire has signed, we've closed the req."),
        (
            "role_closed",
            "Hiring was paused during the Christmas period, which is why this took so long.",
        ),
        ("role_closed", "We have chosen another candidate and this vacancy has now been closed."),
        (
            "feedback_given",
            "Thank you for attending interview for the Site Manager vacancy at Oakridge Homes.",
        ),
        (
            "feedback_given",
            "The successful candidate brought ten years of retail banking experience.",
        ),
        (
            "feedback_given",
            "The panel really liked your ideas, but in the end another applicant was chosen.",
        ),
        ("feedback_given", "Every applicant was scored against the requirements of the role."),
        # voices-o: internal things that are not an insider appointed, posts filled and
        # closed, a no to the candidate, and the employer's own people by their titles.
        ("internal_candidate", "Your application will be reviewed internally by the hiring team."),
        ("internal_candidate", "Our internal recruitment team will be in touch."),
        ("internal_candidate", "The successful candidate will join our existing team in June."),
        (
            "internal_candidate",
            "Our current team was impressed, but we've offered it to another applicant.",
        ),
        (
            "internal_candidate",
            "Following internal discussions, we have offered the role to someone else.",
        ),
        (
            "internal_candidate",
            "The hiring manager and her existing team have chosen another candidate.",
        ),
        ("role_closed", "We will not be taking your application further."),
        ("role_closed", "Recruitment for this role has now ended and we have made an appointment."),
        ("role_closed", "Unfortunately we're not in a position to offer you the role."),
        ("via_recruiter", "Our Director of Nursing has told me the panel's decision."),
        (
            "via_recruiter",
            "Our CEO let me know this morning that she has offered it to someone else.",
        ),
        (
            "via_recruiter",
            "Dr Okafor, who chaired the panel, has asked me to let you know the outcome.",
        ),
        ("via_recruiter", "The Chair of Trustees has now let me know the panel's decision."),
        (
            "via_recruiter",
            "The Deputy Head has told me that the post has been offered to another applicant.",
        ),
        (
            "via_recruiter",
            "Sarah, our hiring manager, got back to me this morning with her decision.",
        ),
        (
            "via_recruiter",
            "Tom, who met you on Tuesday, has let me know he has chosen another applicant.",
        ),
        ("role_closed", "You will not be appointed to this post."),
        ("internal_candidate", "A member of our recruitment team will be happy to help."),
        (
            "internal_candidate",
            "We had applications from existing staff as well as external candidates.",
        ),
    ],
)
def test_a_near_miss_is_not_read_as_the_signal_by_rule_or_model(rule: str, sentence: str) -> None:
    read = _read(sentence)
    found = MATCHER.rules.rule(rule)
    assert not MATCHER.shows(found, read, MATCHER.rules.look(read), learned=True)


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        # Models trained without the batch that holds such a sentence read it as the
        # signal: an exception says what it is instead, and holds any model back.
        (
            "role_closed",
            "We're opening another design role in the new year and I'd love to tell you.",
        ),
        ("role_closed", "The post has now been offered to another applicant, who has accepted."),
        (
            "internal_candidate",
            "The board has appointed an external applicant from a similar service.",
        ),
        ("feedback_given", "Many of the other candidates had years on a similar system."),
        (
            "internal_candidate",
            "The Buyer role was opened to our own staff before it was advertised outside.",
        ),
        ("close_call", "The interviews were split across two days so you could all present."),
        # voices-n: the models read these as the signal before an exception said otherwise.
        ("via_recruiter", "We've had the decision back from the business on your interview."),
        ("role_closed", "We won't be proceeding with your application, as the team chose another."),
        ("role_closed", "We have now filled the role, and we are closing the search this week."),
        ("feedback_given", "Thanks for coming in for the Barista interview at Mill Lane Coffee."),
        # voices-o: the models read these as the signal before an exception said otherwise.
        ("internal_candidate", "The post was posted internally and then opened to everyone."),
        ("internal_candidate", "The external funding for the project has not been confirmed."),
        ("internal_candidate", "Our head of design has decided to go with another candidate."),
        ("via_recruiter", "The business has come back to me with a decision on your interview."),
        ("via_recruiter", "Our Head of Operations has now told me she has offered it elsewhere."),
        # voices-t: the employer's own people, praise, and what every candidate is set.
        ("via_recruiter", "Our chef got back to me after the shift and we have decided to pass."),
        (
            "via_recruiter",
            "Following a meeting with the line manager he has informed us of the outcome.",
        ),
        ("via_recruiter", "Priya Shah (Store Manager, Leeds) called me to say she has appointed."),
        ("feedback_given", "You stayed calm at the pass, so please don't take it to heart."),
        ("feedback_given", "It sets the same tasks for every candidate: a memo and a plan."),
        ("internal_candidate", "Your examples came from within your own team, not the firm."),
        ("feedback_given", "Your background does not correspond to our requirements at present."),
        ("via_recruiter", "The job is on site with our client in Hull for six months."),
    ],
)
def test_an_exception_holds_the_model_back_on_a_near_miss(rule: str, sentence: str) -> None:
    read = _read(sentence)
    assert MATCHER.rules.excepted(MATCHER.rules.rule(rule), read, MATCHER.rules.look(read))


# A name has the shape of one (issue 20, point 4): a role ends in a job title's head noun
# ([words] role_heads in signals.toml), an organisation is written as a name and is not a
# title, a person, a place or a department. Each check is its field's, whichever way
# found the value; each case below is read otherwise without it.
FIELDS = {field.id: field for field in MATCHER.fields}


def _kept(name: str, value: str) -> str | None:
    return matcher.clean(value, FIELDS[name])


@pytest.mark.parametrize(
    "title",
    [
        "Senior Care Assistant (Days)",  # a bracket after the head
        "Staff Nurse - Acute Medical Unit (Band 5)",  # a dash after it
        "Engineering Manager, Payments",  # a comma after it
        "Lecturer in Law",  # "in" a subject
        "Head of Geography",  # "Head of"
        "Clerk to the Council",
        "Chef de Partie",
        "Budget Analyst II",  # a grade's number
        "Teaching Assistants",  # a plural
        "shift manager",  # small letters
        "RELATIONSHIP MANAGER, SME BANKING",  # capitals
        "roofer's mate",
        "Audit Graduate Programme",  # a programme, a scheme, an internship
        "PhD Studentship",
        "Spring Insight Week",
        "Cabin Crew",
        "Zookeeper",  # a family of agent nouns, by its ending
        "Radiographer",
        "Clinical Psychologist",
        "Avionics Technician",
    ],
)
def test_a_job_title_has_a_head_the_role_keeps(title: str) -> None:
    assert _kept("role", title) == title


@pytest.mark.parametrize(
    "value",
    ["Personal Tax", "design", "forklift", "van", "Marketing", "Customer Service", "next stage"],
)
def test_a_role_without_a_job_titles_head_is_left_empty(value: str) -> None:
    assert _kept("role", value) is None


def test_a_role_with_no_head_is_left_empty_whichever_way_found_it() -> None:
    text = _letter("Thank you for your interest in the Personal Tax position at Fernhill Foods.")
    found = match(text).fields
    assert found["role"] is None
    assert found["organisation"] == "Fernhill Foods"


@pytest.mark.parametrize(
    "name",
    [
        "Marlow Arms Hotel",
        "4 Temple Walk Chambers",  # a number
        "eBay",  # a brand's small start
        "Huaxin Trading (UK) Ltd",  # brackets
        "Carrow & Finch plc",  # a legal suffix in small letters
        "Transport for London",  # small words joining a name's words
        "Stratford-upon-Avon District Council",
        "Harlow & Pryce Solicitors",  # a plural of a job's head is a firm's
        "Legal & General",  # a department's words and another
        "Kōwhai Health",
    ],
)
def test_an_organisation_written_as_a_name_is_kept(name: str) -> None:
    assert _kept("organisation", name) == name


@pytest.mark.parametrize(
    "value",
    [
        "a leading national retailer",  # small words: a noun phrase, not a name
        "Keeper of Collections",  # a job title
        "Eleanor Swift KC",  # a person with letters after the name
        "Marlowe Health and I've",  # a name run on into a sentence
        "London",  # a place alone
        "North West",
        "EMEA",
        "Talent Acquisition",  # a team or a department
        "Customer Experience",
        "Learning and Development",
        "Engineering",
    ],
)
def test_what_is_not_an_organisations_name_is_left_empty(value: str) -> None:
    assert _kept("organisation", value) is None


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Talent Partner, London", None),
        ("Talent Partner, Engineering", None),
        ("Talent Partner, Kestrel Haulage", "Kestrel Haulage"),
    ],
)
def test_the_signatures_employer_is_a_name_not_a_place_or_a_department(
    line: str, value: str | None
) -> None:
    text = _letter(FORM, signature=f"Kind regards,\nAna Cole\n{line}")
    assert match(text).fields["organisation"] == value


def test_the_closed_classes_are_data_in_small_letters_each_word_once() -> None:
    """[words] in signals.toml: lists of lower-case words (a few of them patterns of an
    ending, "[a-z]+ician"), no word twice, each a whole alternative of its class."""
    words = generate.signals_data()["words"]
    assert {"role_heads", "places", "department_words"} <= set(words)
    for name, entries in words.items():
        assert entries == [e.lower() for e in entries], name
        assert len(entries) == len(set(entries)), name
        assert all("|" not in e and "(" not in e for e in entries), name
    assert len(words["role_heads"]) >= 300


# The role's qualifier and the employer's form (voices-i). Each case is read otherwise
# without what it is named for: the qualifier, its kept words, its trims and its checks;
# the employer's one-word form, its parent bodies and its header ways.
@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        # After a comma, capitalised words say which post it is.
        (
            "Thank you for interviewing for the post of Assistant Curator, Textiles.",
            "Assistant Curator, Textiles",
        ),
        (
            "Thanks for interviewing for the Engineering Manager, Payments role.",
            "Engineering Manager, Payments",
        ),
        # After a dash, a unit, a specialism or a department's word does ...
        (
            "Thank you for applying for the Support Worker - Learning Disabilities role.",
            "Support Worker - Learning Disabilities",
        ),
        (
            "Thank you for applying for the Staff Nurse - Theatres (Band 5) post.",
            "Staff Nurse - Theatres (Band 5)",
        ),
        # ... and a town is the place of work, dropped.
        (
            "Thank you for applying for the Warehouse Operative - Leeds position.",
            "Warehouse Operative",
        ),
        ("Thank you for applying for the Head Chef - Brighton job.", "Head Chef"),
        # The contract's terms and a code after a comma are not the post's.
        (
            "Thank you for applying for the Payroll Officer, fixed term 12 months role.",
            "Payroll Officer",
        ),
        (
            "Thank you for applying for the post of Software Engineer, Platform (Req 48213).",
            "Software Engineer, Platform",
        ),
        ("Thank you for applying for the post of Finance Officer, Ref 4471.", "Finance Officer"),
        # A person, a sign-off's word, a faculty of the employer or a place is no qualifier.
        ("Thank you for interviewing for the post of Junior Designer, Sam.", "Junior Designer"),
        ("Thank you for applying for the post of Data Analyst, Leeds.", "Data Analyst"),
        (
            "Thank you for applying for the post of Faculty Administrator, Faculty of Law.",
            "Faculty Administrator",
        ),
        # A title that ends in a bracket has said which post it is.
        (
            "Thank you for applying for the post of Ward Manager (Band 7), Ward 14 Acute.",
            "Ward Manager (Band 7)",
        ),
        # A way of working in brackets, and a fixed-term contract's "FTC", are not the post's.
        ("Thank you for applying for the role of Senior Analyst (Remote).", "Senior Analyst"),
        (
            "Thank you for applying for the role of Customer Service Advisor (12 month FTC).",
            "Customer Service Advisor",
        ),
        # Nor is a ward's number after a dash (the band in brackets is).
        (
            "Thank you for interviewing for the Staff Nurse (Band 5) - Ward 3 role.",
            "Staff Nurse (Band 5)",
        ),
        # Nor is a subject's word for the news after a dash.
        (
            "Re: your application for the role of Data Analyst - Unsuccessful. Thank you.",
            "Data Analyst",
        ),
        # Two titles joined by a slash are one post.
        (
            "Thank you for applying for the post of Receptionist/Administrator.",
            "Receptionist/Administrator",
        ),
    ],
)
def test_a_role_keeps_what_says_which_post_and_drops_the_rest(sentence: str, role: str) -> None:
    assert match(_letter(sentence)).fields["role"] == role


def test_the_employer_is_not_taken_into_the_roles_qualifier() -> None:
    text = _letter(
        "Thank you for applying for the post of Data Analyst, Fernhill Foods. Everyone at "
        "Fernhill Foods wishes you well."
    )
    found = match(text).fields
    assert (found["role"], found["organisation"]) == ("Data Analyst", "Fernhill Foods")


@pytest.mark.parametrize(
    ("sentence", "signature", "organisation"),
    [
        # The body's one-word brand over the signature's legal name ...
        (
            "Thanks for interviewing for the Data Analyst role at Loomwork.",
            "Best,\nAna Cole\nLoomwork, Inc.",
            "Loomwork",
        ),
        (
            "Thank you for your interest in working at Brackwater.",
            "Kind regards,\nAna Cole\nBrackwater Group Holdings Ltd",
            "Brackwater",
        ),
        # ... or another line of the signature's ("Recruiting Lead, Loomwork").
        (
            FORM,
            "Best,\nAna Cole\nRecruiting Lead, Loomwork\nLoomwork, Inc. | San Francisco",
            "Loomwork",
        ),
        # A team named in the body confirms the brand; it finds none on its own.
        (
            "Thank you for meeting the Quaystone team.",
            "Kind regards,\nAna Cole\nQuaystone Advisory LLP",
            "Quaystone",
        ),
        ("Thank you for meeting the Payments team.", "Kind regards,\nAna Cole", None),
        # A parent body gives way to the body the job is with.
        (
            "Thank you for interviewing with the Ostrander Department of Natural Resources for "
            "the position of Park Ranger.",
            "Sincerely,\nAna Cole\nState of Ostrander",
            "Ostrander Department of Natural Resources",
        ),
        (
            "Thank you for attending interview for the post of Head of Science at Heathcote "
            "Academy.",
            "Yours sincerely,\nAna Cole\nHeathcote Academy\nNorthfield Schools Partnership Trust",
            "Heathcote Academy",
        ),
        # Without such a name in the body, the signature's stands.
        (FORM, "Kind regards,\nAna Cole\nState of Ostrander", "State of Ostrander"),
    ],
)
def test_the_employer_is_named_as_the_body_names_it(
    sentence: str, signature: str, organisation: str | None
) -> None:
    assert match(_letter(sentence, signature=signature)).fields["organisation"] == organisation


def test_a_header_gives_no_one_word_form_of_the_signatures_name() -> None:
    """A From line's "Kingsmere Early Careers" is not how the body writes the employer."""
    head = "From: Kingsmere Early Careers <careers@kingsmere.example>\n\n"
    text = _letter(
        FORM, signature="Kind regards,\n\nEarly Careers Team\nKingsmere Bank plc", head=head
    )
    assert match(text).fields["organisation"] == "Kingsmere Bank plc"


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("priya", "Priya"),
        ("dan o'neil", "Dan O'Neil"),
        ("priya-jane", "Priya-Jane"),
        ("Ana de la Cruz", "Ana de la Cruz"),  # any capital: as written
        ("McDonald", "McDonald"),
        (None, None),
    ],
)
def test_a_name_written_all_in_lower_case_gets_capitals(written, named) -> None:
    """A letter says "Dear Priya", not "Dear priya": a person's name the message wrote all
    in lower case gets a capital at each word; a name with a capital is left alone."""
    assert written_as_a_name(written) == named


def test_the_greeting_of_a_message_in_lower_case_gives_a_name_with_capitals() -> None:
    found = match(
        "hi priya,\n\nthanks for the call on monday. we went with someone else.\n\nbest,\ndan\n"
    )
    assert found.fields["candidate"] == "Priya"


# Layouts that trip the name readers (voices-l): the quote cut ([quoted]), "on behalf of"
# a person, a vet's letters after a name, an address after the employer's line, a team's
# words. Each is read wrong or not at all without what it is named for, but for the
# guards: a forward read whole, a notice sent on the employer's behalf, a notifications
# line, which the new shapes must leave as they were.
_REPLY = (
    "Hi Nadia,\n\nI'm afraid you were not successful following interview for the Estates "
    "Officer post.\n\nRegards,\nGraham Kaye\nEstates Department\nWestbury Park Academy\n\n"
)
_QUOTE = "Dear Mr Kaye,\n\nWas there any news about the interview?\n\nKind regards,\nNadia Holt\n"


@pytest.mark.parametrize(
    "quote",
    [
        "From: Nadia Holt\nSent: 12 March 2026 09:40\nTo: Recruitment\nSubject: Re: Interview\n\n",
        "-----Original Message-----\nFrom: Nadia Holt <nadia@mail.example>\nSent: 12 March\n\n",
        "On Thu, 12 Mar 2026 at 09:40, Nadia Holt <nadia@mail.example> wrote:\n\n",
    ],
)
def test_a_reply_is_read_above_the_readers_own_quoted_email(quote: str) -> None:
    found = match(_REPLY + quote + _QUOTE).fields
    assert (found["organisation"], found["sender"], found["candidate"]) == (
        "Westbury Park Academy", "Graham Kaye", "Nadia",
    )  # fmt: skip


def test_a_forward_is_read_whole() -> None:
    """Under a forward is the rejection itself: the note above it is not cut off to it."""
    text = (
        "Subject: Fwd: outcome\n\nHi Mrs Doyle, this is the one I mentioned when I came in on "
        "Tuesday. Could we talk about it?\n\nThanks,\nZara\n\n-------- Original Message "
        "--------\nFrom: Graduate Recruitment <grads@ashworth.example>\n\nDear Zara,\n\nThank "
        "you for applying. There won't be a place for you this year.\n\nGraduate Recruitment "
        "Team\nAshworth Lane LLP\n"
    )
    assert match(text).fields["organisation"] == "Ashworth Lane LLP"


@pytest.mark.parametrize(
    ("sentence", "signature", "field", "value"),
    [
        # "On behalf of" a person names neither the employer ...
        (
            "I am writing on behalf of Susan Bell to let you know you were not successful.",
            "Kind regards,\nRecruitment Team",
            "organisation",
            None,
        ),
        # ... but a notice sent on the employer's behalf, or a name with an
        # organisation's word, does.
        (
            "Thank you for your application. This email was sent via Teamtailor on behalf of "
            "Glenmoor Hotel.",
            "Regards,\nTalent Acquisition Team",
            "organisation",
            "Glenmoor Hotel",
        ),
        (
            "On behalf of the Calder Ridge Historical Foundation, thank you for applying.",
            "Regards,\nTalent Team",
            "organisation",
            "Calder Ridge Historical Foundation",
        ),
        # A vet's letters after the name: the person signing, not the employer.
        (
            "I am sorry to tell you that we have offered the post to another applicant.",
            "Yours sincerely,\n\nAlan Petrie BVSc MRCVS\nClinical Director",
            "sender",
            "Alan Petrie",
        ),
        # An address after a comma on the employer's line.
        (
            "As discussed, we won't be progressing to the next stage.",
            "Thanks,\nChris Doyle\nRecruiter\nArcline Systems Ltd, 5 Bishop's Court, London",
            "organisation",
            "Arcline Systems Ltd",
        ),
        # An address after the employer's line; but a building's name is an address.
        (
            "As discussed, we won't be progressing to the next stage.",
            "Thanks,\nChris Doyle\nRecruiter\nNorthgate House, 2 King Street\nManchester",
            "organisation",
            None,
        ),
        (
            "As discussed, we won't be progressing to the next stage.",
            "Thanks,\nChris Doyle\nHuman Resources Department\nCounty Hall",
            "organisation",
            None,
        ),
        # An agency signing is not the employer (its client is), though no sentence
        # shows that a recruiter passed the news on.
        (
            "The hiring manager has decided not to take your application forward.",
            "Thanks,\nCiara Doyle\nSenior Consultant\nHartfield Recruitment Ltd",
            "organisation",
            None,
        ),
        # A team, a governing body or a notifications sender is not the employer.
        (
            "Thank you for interviewing with the Senior Leadership Team.",
            "Regards,\nGoverning Body",
            "organisation",
            None,
        ),
        (
            "Thank you for interviewing with the Senior Leadership Team.",
            "Regards,\nGoverning Body",
            "sender",
            None,
        ),
        (
            "Your application will not progress.",
            "Jobfield Notifications",
            "organisation",
            None,
        ),
    ],
)
def test_layouts_that_trip_the_name_readers(
    sentence: str, signature: str, field: str, value: str | None
) -> None:
    assert match(_letter(sentence, signature=signature)).fields[field] == value


def test_a_subjects_job_keeps_its_grade_in_brackets() -> None:
    text = "Subject: Customer Service Advisor (Grade C) - Outcome\n\n" + _letter(
        "Thank you for your application. You have not been successful."
    )
    assert match(text).fields["role"] == "Customer Service Advisor (Grade C)"


@pytest.mark.parametrize(
    "text",
    [
        "Dear %FIRSTNAME%,\n\nThank you for applying for the role. We will not be progressing "
        "your application.\n\nKind regards,\n%SENDERNAME%",
        "Hi *|FNAME|*,\n\nThanks for applying to the role. We won't be moving forward.\n\n"
        "Best,\n*|SENDER|*",
        "Dear $candidate,\n\nThank you for applying for the role. We will not be moving "
        "forward.\n\nRegards,\n$recruiter",
        "Dear Candidate Name,\n\nThank you for applying for the role. We will not be moving "
        "forward.\n\nRecruiter Name",
    ],
)
def test_a_mail_merges_unfilled_field_is_no_name(text: str) -> None:
    found = match(text).fields
    assert (found["sender"], found["candidate"]) == (None, None)


def test_a_subjects_role_drops_the_employer_after_a_dash() -> None:
    text = (
        "Subject: Application for Senior Buyer - Halcyon Retail\n\nDear Sam,\n\nThank you for "
        "applying for this role. Unfortunately you have not been successful.\n\nHalcyon Retail HR"
    )
    found = match(text).fields
    assert (found["role"], found["organisation"]) == ("Senior Buyer", "Halcyon Retail")


@pytest.mark.parametrize(
    "sentence",
    [
        "Thank you for interviewing with Sarah last week. We've decided not to proceed.",
        "Thanks for your interview with Priya Patel on Tuesday. We won't be moving forward.",
        "Thanks for the interview with Tom and Priya. We won't be moving forward.",
        "Thanks for having a call with Anna Price about the role. We won't be moving forward.",
        "Sarah Bloom has decided to go with another candidate. Thank you for your time.",
        "Thanks for your interest in joining Anna Price's team. We won't be moving forward.",
    ],
)
def test_a_person_met_is_not_the_employer(sentence: str) -> None:
    """ "Interviewing with Sarah": a common given name after "with" is the person met."""
    assert match(_letter(sentence, signature="Best,\nMark")).fields["organisation"] is None


def test_a_name_met_with_still_gives_the_signatures_shorter_form() -> None:
    text = _letter(
        "Thank you for attending an interview with Harper Lane for the position of "
        "Conveyancing Assistant. You have not been successful on this occasion.",
        signature="Yours sincerely,\n\nRuth Benning\nHR Manager\nHarper Lane Solicitors LLP",
    )
    assert match(text).fields["organisation"] == "Harper Lane"


@pytest.mark.parametrize(
    "sentence",
    ["Thank you for your interest in Loomwork.", "Thanks for interviewing with us at Loomwork."],
)
def test_an_employer_signing_with_its_one_word_name_is_no_person(sentence: str) -> None:
    """ "Thanks, Loomwork": the word the employer's ways find in the text is the employer."""
    text = _letter(
        sentence + " We have decided not to move forward with your application.",
        signature="Thanks,\nLoomwork",
    )
    found = match(text).fields
    assert (found["sender"], found["organisation"]) == (None, "Loomwork")


@pytest.mark.parametrize("platform", ["Workday", "Greenhouse", "LinkedIn", "Teamtailor"])
def test_a_platforms_from_line_is_not_the_employer(platform: str) -> None:
    head = f"From: {platform} <noreply@{platform.lower()}.example>\n\n"
    text = _letter(
        "Thank you for your application. You have not been successful on this occasion.",
        signature="Kind regards,\nRecruitment Team",
        head=head,
    )
    assert match(text).fields["organisation"] is None


def test_the_readers_own_name_and_address_above_a_letter_is_not_the_employer() -> None:
    text = (
        "Jamie Carter\n14 Oak Road\nLeeds LS6 2AB\n\nDear Jamie,\n\nThank you for attending "
        "for interview for the post of Finance Officer. I regret to inform you that you were "
        "not successful.\n\nYours sincerely,\n\nPaul Gray\nHead of Finance"
    )
    assert match(text).fields["organisation"] is None


def test_a_possessives_place_is_the_employers_site() -> None:
    text = _letter(
        "Thank you for interviewing for the role at Deloitte Digital's Leeds studio. We "
        "won't be moving forward with your application."
    )
    assert match(text).fields["organisation"] == "Deloitte Digital"


@pytest.mark.parametrize(
    ("subject", "organisation"),
    [
        ("Your application - Night Shift", None),
        ("Application update - Leeds Central", None),
        ("Your application with us - Next Steps", None),
        ("Showroom Designer - Orla Kitchens & Interiors Ltd", "Orla Kitchens & Interiors Ltd"),
    ],
)
def test_a_subjects_last_part_is_the_employer_only_if_named_as_one(subject, organisation) -> None:
    text = f"Subject: {subject}\n\n" + _letter(
        "Thank you for your application. You have not been successful on this occasion."
    )
    assert match(text).fields["organisation"] == organisation


def test_the_readers_name_above_their_address_is_no_letterhead() -> None:
    text = (
        "Sam Reed\n14 Oak Road\nLeeds LS6 2AB\n\nDear Mr Reed,\n\nThank you for attending "
        "interview. I regret that you were not successful.\n\nYours sincerely,\n\nPaul Gray"
    )
    assert match(text).fields["organisation"] is None


# voices-p: each restriction and shape of the round, on a message of its own (each is
# read wrong, or not at all, without it).
@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # A sales region after a title's comma is not the employer.
        (
            _letter(
                "We have decided not to proceed.",
                "Kind regards,\nJoanne Price\nHead of Talent, Northern Region",
            ),
            "organisation",
            None,
        ),
        # Nor is a school's subject ("Head of School, Civil and Environmental Engineering").
        (
            _letter(
                "The committee has recommended another candidate.",
                "Yours sincerely,\nAlan Reade\nHead of School, Civil and Environmental Engineering",
            ),
            "organisation",
            None,
        ),
        # A shop's name with a possessive or a trade's plural is no person signing.
        (
            _letter(
                "Sorry, we've given the Saturday job to someone else.",
                "Thanks,\nJenny\nHallam's Butchers",
            ),
            "sender",
            "Jenny",
        ),
        # An applicant-tracking system's notifications sign no person's name.
        (
            _letter("Your application will not progress.", "Best,\nWorkday Notifications"),
            "sender",
            None,
        ),
        # A school, not the learning partnership it is part of.
        (
            _letter(
                "Thank you for applying for the role of Deputy Headteacher at Ashcombe "
                "School. You have not been shortlisted.",
                "Yours sincerely,\nKaren Barnes\nCEO, Greenway Learning Partnership",
            ),
            "organisation",
            "Ashcombe School",
        ),
        # An NHS trust, not the hospital that is part of it.
        (
            _letter(
                "I am sorry to tell you that you were not successful.",
                "Kind regards,\n"
                "Nadia Carvalho\nSt Aldhelm's Hospital is part of Wessex Vale NHS "
                "Foundation Trust",
            ),
            "organisation",
            "Wessex Vale NHS Foundation Trust",
        ),
        # A letterhead under its department's line.
        (
            "Department of History\nWhitcombe University\n\n"
            + _letter("You have not been shortlisted."),
            "organisation",
            "Whitcombe University",
        ),
        # A title "@" the employer.
        (
            _letter("We're not going to move forward.", "Good luck!\nAisha\nEng Lead @ Quillpoint"),
            "organisation",
            "Quillpoint",
        ),
        # Not one plural word after "to the": the body the title names.
        (
            _letter("Thank you for applying for the Clerk to the Governors post."),
            "role",
            "Clerk to the Governors",
        ),
        # A small "seasonal" or "tenure-track" before a title is the contract's; a
        # capital one is part of the title, as the labels write it.
        (
            _letter("Thank you for applying for the seasonal Plant Area Assistant role."),
            "role",
            "Plant Area Assistant",
        ),
        (
            _letter("Thank you for applying for the Seasonal Sales Associate position."),
            "role",
            "Seasonal Sales Associate",
        ),
        (
            _letter(
                "Thank you for your visit for the tenure-track Assistant Professor of "
                "Physical Chemistry position."
            ),
            "role",
            "Assistant Professor of Physical Chemistry",
        ),
        # A role in quotes, a short head, a ward's number after "post of".
        (_letter('Thanks for chatting about the "Growth Hacker" role.'), "role", "Growth Hacker"),
        (_letter("Thanks for coming in about the marketing exec job."), "role", "marketing exec"),
        (
            _letter(
                "Thank you for attending interview for the post of Healthcare Assistant "
                "- Ward 7 (Band 3) at Fenwick Hospital."
            ),
            "role",
            "Healthcare Assistant - Ward 7 (Band 3)",
        ),
        (
            _letter(
                "Thank you for your application to become a Police Community Support "
                "Officer (PCSO) with Eastmere Police."
            ),
            "role",
            "Police Community Support Officer (PCSO)",
        ),
        # A season or a holiday, a video call, people "from our" team: no employer.
        (_letter("The role at Christmas was only temporary and is filled."), "organisation", None),
        (
            _letter("Thank you for interviewing with Microsoft Teams yesterday."),
            "organisation",
            None,
        ),
        (
            _letter(
                "Following your interview with Daniel and Priyanka from our Product team, we "
                "will not move forward.",
                "Best,\nHiring @ Loopwise",
            ),
            "organisation",
            "Loopwise",
        ),
        # The reader's own job is not the role.
        (
            _letter("You're doing great things in your current role as Deputy Manager."),
            "role",
            None,
        ),
        # A department "at" its university.
        (
            _letter(
                "On behalf of the search committee in the Department of Chemistry at Ardent "
                "State University, thank you for your visit."
            ),
            "organisation",
            "Ardent State University",
        ),
        # The job's word and the employer in one sentence: not the reader's past employer.
        (
            _letter(
                "Thanks for interviewing for the Barista role. You mentioned your time at "
                "Costa Coffee, but we went with someone else."
            ),
            "organisation",
            None,
        ),
        # A sentence may start with "The" job.
        (
            _letter(
                "Thank you for your application. The Digital Marketing Manager position has "
                "been filled by an internal candidate."
            ),
            "role",
            "Digital Marketing Manager",
        ),
        # A kitchen's "Chef" signing is a title, not a name.
        (_letter("We've gone with someone else.", "Cheers,\nChef"), "sender", None),
        # An NHS trust in brackets after its hospital.
        (
            _letter(
                "Your application for Staff Nurse at Royal Ashby Hospital (part of Ashby & "
                "District NHS Trust) has not been successful."
            ),
            "organisation",
            "Ashby & District NHS Trust",
        ),
        # Outlook's line of underscores starts the reader's own quoted email, whatever its
        # subject; and the reader is never the sender.
        (
            _letter(
                "I'm sorry to say we won't be moving forward with your application for "
                "Support Analyst.",
                "Thanks,\nGemma\n\nSent from Outlook for iOS\n"
                "________________________________\nFrom: Sam Rahman <sam.r@mail.example>\n"
                "Sent: Monday, March 3, 2025 9:12 AM\nTo: Gemma Lowe <g@t.example>\n"
                "Subject: Support Analyst application\n\nHi Gemma, just checking in. Sam",
            ),
            "sender",
            "Gemma",
        ),
        # "Respected Sir" greets no one by name, and signs nothing; "Pvt. Ltd." is a
        # legal suffix.
        (
            "Respected Sir,\n\nWith reference to your application for Accounts Executive, we "
            "are sorry to inform that you are not selected in the interview.\n\nRegards\nHR",
            "candidate",
            None,
        ),
        (
            "Respected Sir,\n\nWith reference to your application for Accounts Executive, we "
            "are sorry to inform that you are not selected in the interview.\n\nRegards\nHR",
            "sender",
            None,
        ),
        (
            _letter(
                "Your profile has not been shortlisted for the post of Java Developer.",
                "Thanks & Regards,\nHR Team\nSunrise Infotech Pvt. Ltd.",
            ),
            "organisation",
            "Sunrise Infotech Pvt. Ltd.",
        ),
        # Two jobs named in one sentence: the later, perhaps only suggested, is not taken.
        (
            _letter(
                "We don't think you're right for the Senior Planner role, but we would like "
                "you to apply for the Planner position instead."
            ),
            "role",
            None,
        ),
        # A role drops a contract's terms after a dash, a salary in brackets, an intake
        # after a dash, and a town after a comma; a decimal's point ends no qualifier.
        (
            _letter("Thank you for applying for the Sales Assistant - Christmas Temp role."),
            "role",
            "Sales Assistant",
        ),
        (
            _letter("Thank you for interviewing for Delivery Driver - Immediate Start."),
            "role",
            "Delivery Driver",
        ),
        (
            _letter("Thank you for applying for Receptionist (\u00a324k + benefits)."),
            "role",
            "Receptionist",
        ),
        (
            _letter("Thank you for applying for Graduate Trainee \u2013 September 2026 Intake."),
            "role",
            "Graduate Trainee",
        ),
        (
            _letter("Thank you for applying for Customer Advisor, Leeds, 37.5 hrs."),
            "role",
            "Customer Advisor",
        ),
    ],
)
def test_the_layouts_of_voices_p(text: str, field: str, value: str | None) -> None:
    assert match(text).fields[field] == value


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # voices-v: the employer a parent company's recruiter hires for, not the group.
        (
            _letter(
                "I'm with Harwell Group's talent team and look after hiring for Tilly's "
                "Kitchen. We won't be taking your application further.",
                "Best,\nMaya Gold\nTalent Partner | Harwell Group",
            ),
            "organisation",
            "Tilly's Kitchen",
        ),
        # A brand and the group it is part of: the brand; but an NHS trust by its name.
        (
            _letter(
                "Thank you for your interview at Brookside Lodge, part of Evergreen Care "
                "Homes. We have offered the post to another candidate.",
                "Kind regards,\nJune Platt\nHR Adviser, Evergreen Care Homes",
            ),
            "organisation",
            "Brookside Lodge",
        ),
        (
            _letter(
                "Thank you for your interview at Pellworth Hospital, part of North Fenmoor "
                "NHS Foundation Trust. We have offered the post to another candidate."
            ),
            "organisation",
            "North Fenmoor NHS Foundation Trust",
        ),
        (
            _letter(
                "Thank you for interviewing with Tallis Freight. We have chosen someone else.",
                "Regards,\nIan Roe\n\nTallis Freight Ltd is a subsidiary of Morden AG.",
            ),
            "organisation",
            "Tallis Freight",
        ),
        # A footer's legal line names the employer the signature does not.
        (
            _letter(
                "We have decided not to take your application further.",
                "Regards,\nIan Roe\n\nKestrel Home Finance is authorised and regulated by "
                "the Financial Conduct Authority.",
            ),
            "organisation",
            "Kestrel Home Finance",
        ),
        # The employer decides, in the past: "went with".
        (
            "hi Jo its Sam, Marlow Bakeries went with someone else for the baker job sorry",
            "organisation",
            "Marlow Bakeries",
        ),
        # A reference, then the job with what says which post it is.
        (
            _letter(
                "Thank you for your application.",
                head="Ref: 2291 \u2013 Band 6 Physiotherapist, Stroke Unit\n\n",
            ),
            "role",
            "Band 6 Physiotherapist, Stroke Unit",
        ),
        # "(Temporary Accommodation)" says which post; "(Temporary)" is the contract.
        (
            _letter(
                "Thank you for applying for the Support Worker (Temporary Accommodation) post."
            ),
            "role",
            "Support Worker (Temporary Accommodation)",
        ),
        (
            _letter("Thank you for applying for the Support Worker (Temporary) post."),
            "role",
            "Support Worker",
        ),
        # A reference in brackets before "position".
        (
            _letter("Thank you for applying for the Buyer (Job ID: J-4410) position."),
            "role",
            "Buyer",
        ),
        # A job they are about to advertise is not the one applied for.
        (
            "Subject: Barista \u2013 interview outcome\n\n"
            + _letter("We are about to advertise a Shift Supervisor role, if that interests you."),
            "role",
            "Barista",
        ),
        # A greeting run on into who is writing; greetings in other languages; "mate".
        (
            "hey Priya it's Josh @ Northway Staffing. " + FORM,
            "candidate",
            "Priya",
        ),
        (
            "Bonjour \u00c9lodie,\n\n" + FORM + "\n\nCordialement,\nAna Cole",
            "candidate",
            "\u00c9lodie",
        ),
        (
            "Hi mate its Lee from Swift Staffing. " + FORM,
            "candidate",
            None,
        ),
        # A first name, then a separator, then the signature's full name.
        (
            _letter(
                "We have decided not to move forward.",
                "Cheers,\nHolly\n--\nHolly Brigham | Engineering Manager",
            ),
            "sender",
            "Holly Brigham",
        ),
        # A consultant's line at an agency signs for no employer.
        (
            _letter(
                "I won't be putting your CV forward for the Payroll Officer role.",
                "Thanks,\nNia Rowe\nConsultant, Tidewater Recruitment",
            ),
            "organisation",
            None,
        ),
        # The reader's own past: "your time as a store manager at ...".
        (
            _letter(
                "Thank you for interviewing for the Area Lead role. We enjoyed hearing about "
                "your time as a store manager at Fairprice Foods."
            ),
            "organisation",
            None,
        ),
        # A job they will keep the reader's details for is not the one applied for.
        (
            _letter(
                "Thanks for coming in to interview for Kitchen Porter. We'd like to keep your "
                "details for our Commis Chef role, which we'll advertise in the spring."
            ),
            "role",
            "Kitchen Porter",
        ),
        # A council's service signing is no employer; the council the text names is.
        (
            _letter(
                "Thank you for your interview with the Borough of Kensal Green for the role "
                "of Parks Officer.",
                "Regards,\nParks & Open Spaces Team",
            ),
            "organisation",
            "Borough of Kensal Green",
        ),
        # A hospital managed by an NHS trust: the trust.
        (
            _letter(
                "Thank you for attending the interview at Ashby Community Hospital, which is "
                "managed by Derwent Vale Community Health NHS Trust."
            ),
            "organisation",
            "Derwent Vale Community Health NHS Trust",
        ),
        # A signature in columns: no name runs across the gap.
        (
            _letter(
                "We will not be offering you the position.",
                "Kind regards,\n\nMartin Bell MRICS       Bell Carter Surveyors\n"
                "Director                14 Mill Street",
            ),
            "organisation",
            None,
        ),
        # A way of working after a dash is no part of the job, nor a gender tag.
        (
            _letter("Thank you for applying for Senior Product Manager - Remote (UK)."),
            "role",
            "Senior Product Manager",
        ),
        # An agency names its client with the job: the client; a firm's own client is not.
        (
            _letter(
                "Thank you for your application for the role of Staff Accountant with our "
                "client, Lennox Wright LLP. They will not be inviting you to interview.",
                "Best wishes,\nWill Harper\nHarper Associates",
            ),
            "organisation",
            "Lennox Wright LLP",
        ),
        (
            _letter(
                "Thank you for interviewing with Pellow Consulting for the Analyst role, which "
                "would have been based on site with our client Hartmoor Foods."
            ),
            "organisation",
            "Pellow Consulting",
        ),
        # A template's stand-ins left unfilled are no names.
        ("Dear Firstname,\n\n" + FORM + "\n\nKind regards,\nJane Doe", "candidate", None),
        ("Dear Firstname,\n\n" + FORM + "\n\nKind regards,\nJane Doe", "sender", None),
        (_letter("Thank you for applying to XYZ Company. " + FORM), "organisation", None),
        (
            _letter(FORM, "Best regards,\nJohn Doe\nHiring Manager, ABC Corporation"),
            "organisation",
            None,
        ),
        # A job board's From line signs for no person.
        (
            "From: Indeed <alert@indeed.example>\n\n" + _letter(FORM, "The Indeed Team"),
            "sender",
            None,
        ),
        # "Our partners at ..." are not the employer.
        (
            _letter(
                "Thanks for interviewing for the Partnerships Manager role. You'd have worked "
                "closely with our partners at Northwind Airlines."
            ),
            "organisation",
            None,
        ),
    ],
)
def test_the_layouts_of_voices_v(text: str, field: str, value: str | None) -> None:
    assert match(text).fields[field] == value
