"""Pattern rules: spaCy Matcher token patterns."""

from __future__ import annotations

import pytest

from conftest import PROFILE, rule_yaml, spans
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


def test_windowed_matching_finds_what_one_matcher_finds_on_the_whole_draft(topics):
    """Anchored patterns run only on the token ranges their anchors allow: on the Rijk
    pack's patterns, over its rule examples and a corpus, nothing may be lost or added."""
    import sys
    from pathlib import Path

    from spacy.matcher import Matcher

    from postcheck.engine.core import Engine
    from postcheck.packs.loading import data_dir, load_rules

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import corpus

    ruleset = load_rules([data_dir() / "rijk"])
    engine = Engine(ruleset, PROFILE, topics)
    drafts = [ex.text for rule in ruleset.rules for ex in (*rule.examples.bad, *rule.examples.good)]
    drafts += list(corpus.posts(1500))
    checked = 0
    for lang in ("nl", "en"):
        ms = engine.matchers(lang)
        assert ms.token_patterns, "the Rijk pack has token patterns in both languages"
        reference = Matcher(ms.nlp.vocab)
        for key, pattern in ms.token_patterns:
            reference.add(key, [pattern])
        for doc in ms.nlp.pipe(drafts):
            expected = sorted(reference(doc))
            assert sorted(ms.token_matches(doc)) == expected, doc.text
            checked += len(expected)
    assert checked > 100  # the corpus does exercise the patterns


def test_anchor_reach_follows_the_pattern_operators():
    from spacy.strings import StringStore

    from postcheck.matching.matchers import anchor_of

    strings = StringStore()
    title, van = {"IS_TITLE": True}, {"LOWER": "van"}
    anchor = anchor_of([title, van, {"LOWER": {"IN": ["de", "het"]}}], strings)
    assert anchor is not None
    assert (anchor.before, anchor.after) == (1, 2)  # one token before `van`, two from it on
    assert anchor.values == {strings["van"]}
    assert anchor.gate == frozenset({strings["van"]})  # the set of longer words goes first
    bounded = anchor_of(
        [van, {"IS_PUNCT": False, "OP": "{0,4}"}, {"LOWER": "x", "OP": "?"}], strings
    )
    assert bounded is not None and bounded.after == 6
    assert anchor_of([van, {"LOWER": "x", "OP": "*"}], strings).after is None  # type: ignore[union-attr]
    assert anchor_of([van, {"LOWER": "x", "OP": "{2,}"}], strings).after is None  # type: ignore[union-attr]
    # an optional token before any fixed one leaves the match start open: no anchor
    assert anchor_of([{"IS_TITLE": True, "OP": "?"}, van], strings) is None
    assert anchor_of([title, {"IS_DIGIT": True}], strings) is None
