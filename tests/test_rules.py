"""The letter rules, checked against the labelled corpus and the hard cases."""

from __future__ import annotations

import re

import pytest

from corpus_data import LABELS, letters, sentences
from followup.rules import Finding, default_rules, expand, parse_rules, rules_data

RULES = default_rules()
SENTENCES = sentences()
LETTERS = letters()


def sentence_labels(text: str) -> dict[str, bool]:
    normal = RULES.normalise(text)
    return {rule.id: rule.matches(normal) for rule in RULES.rules}


def test_the_corpus_is_big_and_balanced() -> None:
    assert len(SENTENCES) >= 150
    assert len(LETTERS) >= 15
    for label in LABELS:
        assert sum(case.labels[label] for case in SENTENCES) >= 30, label
        assert sum(not case.labels[label] for case in SENTENCES) >= 30, label
        assert any(case.labels[label] for case in LETTERS), label
        assert any(not case.labels[label] for case in LETTERS), label
    assert len({case.text for case in SENTENCES}) == len(SENTENCES), "a sentence is listed twice"


@pytest.mark.parametrize("case", SENTENCES, ids=lambda case: case.name)
def test_sentence(case) -> None:
    assert sentence_labels(case.text) == case.labels, case.note


@pytest.mark.parametrize("case", LETTERS, ids=lambda case: case.name)
def test_letter(case) -> None:
    assert RULES.check(case.text).labels == case.labels


@pytest.mark.parametrize(
    ("sentence", "thanks", "feedback", "why"),
    [
        ("That is why I remain interested in the role.", False, False, False),
        ("I won't ask why; I respect your decision.", False, False, False),
        ("Thanks to my old manager, I knew the tool already.", False, False, False),
        ("Thanks for nothing.", False, False, False),
        ("I would be grateful for any advice.", False, True, False),
        ("Could you give me feedback on why I was rejected?", False, True, True),
        ("Thank you for your time.", True, False, False),
        ("What was the deciding factor?", False, False, True),
        ("What did the other candidate have that I didn't?", False, False, True),
        ("Was it my salary expectations?", False, False, True),
        ("Could you explain what led to the decision?", False, False, True),
    ],
)
def test_hard_cases_from_the_issue(sentence: str, thanks: bool, feedback: bool, why: bool) -> None:
    assert sentence_labels(sentence) == {
        "thanks": thanks,
        "feedback_request": feedback,
        "asks_why": why,
    }


def test_a_finding_names_the_sentence_its_line_and_the_rule() -> None:
    report = RULES.check(
        "Dear Ana,\n\nThank you for the call.\n"
        "I'd welcome any feedback.\nBut why was I not selected?\n"
    )
    assert not report.ok
    assert report.findings == (
        Finding("asks_why", 5, "But why was I not selected?", RULES.rules[2].fix),
    )
    assert report.as_dict()["findings"][0]["line"] == 5


def test_missing_parts_are_findings_without_a_line() -> None:
    report = RULES.check("Dear Ana,\n\nI hope you are well.")
    assert [(f.rule, f.line, f.sentence) for f in report.findings] == [
        ("feedback_request", None, None),
        ("thanks", None, None),
    ]
    assert all("Add a sentence such as" in f.message for f in report.findings)


def test_a_good_letter_is_ok() -> None:
    report = RULES.check("Thank you for your time. Would you share any feedback on my interview?")
    assert report.ok
    assert report.labels == {"thanks": True, "feedback_request": True, "asks_why": False}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Dear Dr. Lin, thank you. Mr. K. Pryce wrote e.g. this.", [
            "Dear Dr. Lin, thank you.", "Mr. K. Pryce wrote e.g. this.",
        ]),
        ("A wrapped\nsentence ends here.\n\nNew paragraph", [
            "A wrapped sentence ends here.", "New paragraph",
        ]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("Best regards,\nSam", ["Best regards, Sam"]),
        ("\n\n   \n", []),
    ],
)  # fmt: skip
def test_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in RULES.sentences(text)] == expected


def test_sentence_lines_count_from_one_and_follow_the_text() -> None:
    found = RULES.sentences("Hi Ana,\r\n\r\nThanks for the call. Could you\nshare feedback?\n")
    assert [(s.line, s.text) for s in found] == [
        (1, "Hi Ana,"),
        (3, "Thanks for the call."),
        (3, "Could you share feedback?"),
    ]


def test_curly_quotes_read_like_straight_ones() -> None:
    assert sentence_labels("I won\u2019t ask why; I respect your decision.")["asks_why"] is False
    assert sentence_labels("I\u2019d welcome any feedback.")["feedback_request"] is True


# The rules file itself.

DATA = rules_data()
ALL_PATTERNS = [
    (rule["id"], kind, pattern)
    for rule in DATA["rules"]
    for kind in ("match", "except")
    for entry in rule[kind]
    for pattern in ([entry] if isinstance(entry, str) else entry)
] + [("terms", name, term) for name, term in DATA["terms"].items()]


@pytest.mark.parametrize(("rule", "kind", "pattern"), ALL_PATTERNS)
def test_patterns_are_portable_and_cannot_run_away(rule: str, kind: str, pattern: str) -> None:
    """Patterns must read the same in Python and JavaScript, and stay linear."""
    assert "(?i" not in pattern and "(?P" not in pattern, "no inline flags or named groups"
    assert not re.search(r"(?<!\\)\.[*+]", pattern), "use a bounded gap, not .* or .+"
    assert not re.search(r"\[\^[^\]]*\][*+]", pattern), "use a bounded gap, not [^...]*"
    for name in re.findall(r"\{([a-z_]+)\}", pattern):
        assert name in DATA["terms"], f"unknown term {{{name}}}"


def test_every_pattern_is_exercised_by_the_corpus() -> None:
    """A pattern no labelled example needs is a pattern nobody can check."""
    texts = [RULES.normalise(case.text) for case in SENTENCES]
    unused = []
    for rule in RULES.rules:
        for entry in rule.match:
            if not any(all(p.search(t) for p in entry) for t in texts):
                unused.append((rule.id, [p.pattern[:60] for p in entry]))
        for exception in rule.exceptions:
            if not any(exception.search(t) for t in texts):
                unused.append((rule.id, exception.pattern[:60]))
    assert unused == []


def test_rules_are_the_three_the_guide_promises() -> None:
    assert [(r.id, r.kind) for r in RULES.rules] == [
        ("thanks", "required"),
        ("feedback_request", "required"),
        ("asks_why", "forbidden"),
    ]
    assert all(r.title and r.explain and r.fix for r in RULES.rules)


def test_terms_expand_inside_patterns() -> None:
    assert expand("a{x}b", {"x": "(?:1|2)"}) == "a(?:1|2)b"
    data = {
        "sentences": {"abbreviations": [], "paragraph_break": "\n\n", "end": "[.]"},
        "normalize": {},
        "terms": {"x": "cat", "y": "{x}s"},
        "rules": [
            {
                "id": "t", "title": "T", "kind": "required", "explain": "e", "fix": "f",
                "match": ["{y}", ["dog", "bone"]], "except": ["no cats"],
            }
        ],
    }  # fmt: skip
    rule = parse_rules(data).rules[0]
    assert rule.matches("two cats")
    assert not rule.matches("no cats here")
    assert rule.matches("a dog and a bone")
    assert not rule.matches("a dog alone")


def test_the_cached_rules_are_the_rules_file(tmp_path, monkeypatch) -> None:
    """followup check keeps resolved rules in __pycache__; they must be the file's."""
    from followup import rules

    assert rules.resolved_rules() == rules.resolve(rules_data())
    copy = tmp_path / "rules.toml"
    copy.write_text(rules.RULES_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(rules, "RULES_FILE", copy)
    assert rules.resolved_rules() == rules.resolve(rules_data())  # written
    assert len(list((tmp_path / "__pycache__").glob("rules.*.marshal"))) == 1
    assert rules.resolved_rules() == rules.resolve(rules_data())  # read back
    edited = copy.read_text(encoding="utf-8").replace('"Thanks the reader"', '"Says thanks"')
    copy.write_text(edited, encoding="utf-8")
    assert rules.resolved_rules()["rules"][0]["title"] == "Says thanks"  # not the stale one
