"""Quotas: how much the guide holds, against the goals it set itself. These are checks on
the project's data, not on what the code does: a failure here means "write more", never
"something broke". (Marker ``data``; ``make test-fast`` and ``make test`` run them.)"""

from __future__ import annotations

from support import REAL, weak_phrases

#: The goals, one place each.
LETTERS, SCENARIOS, WEAK_PHRASES = 35, 12, 20


def test_quota_the_catalogue_holds_at_least_35_letters() -> None:
    assert len(REAL.catalogue.examples) >= LETTERS


def test_quota_the_letters_cover_at_least_12_scenarios() -> None:
    assert len({e.scenario.id for e in REAL.catalogue.examples.values()}) >= SCENARIOS


def test_quota_the_guide_names_at_least_20_weak_phrases() -> None:
    assert len(weak_phrases()) >= WEAK_PHRASES
