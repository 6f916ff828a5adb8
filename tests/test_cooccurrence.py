"""Co-occurrence rules: signals of two kinds that meet in one sentence or post."""

from __future__ import annotations

import pytest

from conftest import rule_yaml, spans
from postcheck.errors import SourceError

SIGNALS = """
signals:
  party: {match: lower, terms: {nl: [VVD, D66]}}
  judgement: {terms: {nl: [slecht, geweldig, stemmen]}}
"""


def pack(within: str = "sentence", refs: str = "[party, judgement]") -> str:
    return (
        SIGNALS
        + "rules:\n"
        + rule_yaml(
            f"""
        - id: T-CO-001
          type: cooccurrence
          category: political
          severity: warning
          all: {refs}
          within: {within}
        """
        )
    )


def test_fires_when_both_signals_share_a_sentence(make_engine):
    engine = make_engine(pack())
    assert spans(engine, "Ik stem VVD, natuurlijk.") == ["stem VVD"]


def test_one_signal_alone_is_fine(make_engine):
    engine = make_engine(pack())
    assert spans(engine, "De VVD stelt voor om de regels te wijzigen.") == []


def test_sentence_scope_versus_post_scope(make_engine):
    text = "De VVD kwam met een plan. Het weer is slecht."
    assert spans(make_engine(pack()), text) == []
    assert spans(make_engine(pack("post")), text) == ["VVD kwam met een plan. Het weer is slecht"]


def test_unknown_signal_suggests_the_right_one(make_engine):
    with pytest.raises(SourceError) as err:
        make_engine(pack(refs="[party, judgment]"))
    assert "unknown signal 'judgment'" in str(err.value)
    assert "did you mean 'judgement'" in str(err.value)


def test_any_of_group(make_engine):
    engine = make_engine(
        pack(refs="[[party, minister], judgement]").replace(
            "judgement:", "minister: {terms: {nl: [minister]}}\n  judgement:"
        )
    )
    assert spans(engine, "De minister is slecht bezig.") == ["minister is slecht"]
    assert spans(engine, "Het weer is slecht.") == []


def test_signal_exceptions(make_engine):
    text = SIGNALS.replace(
        "judgement: {terms: {nl: [slecht, geweldig, stemmen]}}",
        "judgement: {terms: {nl: [slecht, geweldig, stemmen]}, exceptions: {nl: [niet slecht]}}",
    )
    engine = make_engine(text + pack()[len(SIGNALS) :])
    assert spans(engine, "De VVD is niet slecht.") == []
    assert spans(engine, "De VVD is slecht.") == ["VVD is slecht"]
