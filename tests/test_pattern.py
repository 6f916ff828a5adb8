"""Pattern rules: spaCy Matcher token patterns."""

from __future__ import annotations

import pytest

from conftest import rule_yaml, spans
from postcheck.errors import SourceError


def pack(patterns: str) -> str:
    return "rules:\n" + rule_yaml(
        f"""
        - id: T-PAT-001
          type: pattern
          category: on-behalf
          severity: warning
          patterns:
            nl: {patterns}
        """
    )


def test_token_pattern_on_lemmas(make_engine):
    engine = make_engine(pack('[[{LOWER: "wij"}, {LOWER: "van"}, {IS_TITLE: true}]]'))
    assert spans(engine, "Wij van Defensie gaan dat regelen.") == ["Wij van Defensie"]
    assert spans(engine, "Wij van de buurtvereniging.") == []


def test_hashtags_are_one_token(make_engine):
    engine = make_engine(pack('[[{TEXT: {REGEX: "^#"}}]]'))
    assert spans(engine, "Zie #TeamLVVN, en verder #not!") == ["#TeamLVVN", "#not"]


def test_invalid_pattern_is_a_clear_error(make_engine):
    with pytest.raises(SourceError) as err:
        make_engine(pack('[[{NOPE: "x"}]]')).compile_all()
    assert "T-PAT-001" in str(err.value)
    assert "pack.yaml:3" in str(err.value)


def test_anchored_and_open_patterns_find_the_same_as_one_matcher(make_engine):
    """Patterns run only where their first token's value occurs: no match may be lost."""
    patterns = (
        '[[{LOWER: {IN: ["wij", "we"]}}, {LOWER: "van", OP: "?"}, {IS_TITLE: true}],'
        ' [{IS_TITLE: true, OP: "+"}, {LOWER: "zegt"}]]'
    )
    engine = make_engine(pack(patterns))
    assert spans(engine, "Wij Defensie. En Jan zegt niets.") == ["Wij Defensie", "En Jan zegt"]
    assert spans(engine, "we van Defensie") == ["we van Defensie"]
    assert spans(engine, "niets hier") == []
