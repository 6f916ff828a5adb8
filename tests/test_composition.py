"""Composition rules: another rule's finding that lands on the author's own ground."""

from __future__ import annotations

import pytest

from conftest import rule_yaml, spans
from postcheck.errors import SourceError

SIGNALS = """
signals:
  guess: {terms: {nl: [zal wel]}}
  detail: {terms: {nl: [ziek]}}
  hearing: {terms: {nl: [gehoor]}}
"""

BASE = """
        - id: T-SPEC-001
          type: lexicon
          category: speculation
          severity: warning
          terms: {nl: [zal wel]}
        """

DETAIL = """
        - id: T-PRIV-001
          type: lexicon
          category: privacy
          severity: warning
          terms: {nl: [is ziek]}
        """


def pack(ground: str, within: str = "sentence", of: str = "[speculation]") -> str:
    return (
        SIGNALS
        + "rules:\n"
        + rule_yaml(BASE)
        + rule_yaml(DETAIL)
        + rule_yaml(
            f"""
        - id: T-COMP-001
          type: composition
          category: proximity
          severity: warning
          of: {of}
          {ground}
          within: {within}
        """
        )
    )


def test_a_finding_on_the_own_area_is_composed(make_engine):
    engine = make_engine(pack("targets: [own-area]"))
    text = "Die brand in het azc zal wel aangestoken zijn."
    (found,) = spans(engine, text, "T-COMP-001")
    assert "zal wel" in found
    # the same guess far from the author's area is only what it was
    assert spans(engine, "Die brand in de kerk zal wel aangestoken zijn.", "T-COMP-001") == []


def test_within_nearby_reaches_the_next_sentence_and_post_the_whole_draft(make_engine):
    text = "Brand in het azc. Het weer is mooi. Zal wel aangestoken zijn."
    assert spans(make_engine(pack("targets: [own-area]", "nearby")), text, "T-COMP-001") == []
    assert spans(make_engine(pack("targets: [own-area]", "post")), text, "T-COMP-001")


def test_a_pack_signal_is_ground_too(make_engine):
    engine = make_engine(pack("alongside: [hearing]", "post", "[privacy]"))
    assert spans(engine, "Vandaag een gehoor gehad. Mevrouw is ziek.", "T-COMP-001")
    assert spans(engine, "Mijn buurvrouw is ziek.", "T-COMP-001") == []


def test_only_the_categories_it_builds_on_count(make_engine):
    engine = make_engine(pack("alongside: [hearing]", "post", "[speculation]"))
    assert spans(engine, "Vandaag een gehoor gehad. Mevrouw is ziek.", "T-COMP-001") == []


def test_a_rule_without_ground_is_refused(make_engine):
    with pytest.raises(SourceError) as err:
        make_engine(pack(""))
    assert "needs `targets`, `alongside`, or both" in str(err.value)


def test_an_unknown_alongside_signal_is_refused(make_engine):
    with pytest.raises(SourceError) as err:
        make_engine(pack("alongside: [hearings]", "post", "[privacy]"))
    assert "unknown signal 'hearings'" in str(err.value)


def test_a_composition_can_build_on_errors_alone(make_engine):
    # the base guess is a warning: a rule that builds on errors only leaves it alone
    engine = make_engine(pack("targets: [own-area]\n          severities: [error]"))
    assert spans(engine, "Die brand in het azc zal wel aangestoken zijn.", "T-COMP-001") == []
    engine = make_engine(pack("targets: [own-area]\n          severities: [warning]"))
    assert spans(engine, "Die brand in het azc zal wel aangestoken zijn.", "T-COMP-001")
