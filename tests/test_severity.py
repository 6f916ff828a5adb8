"""Severity that depends on the profile and the draft, declared in the rule (severity_when)."""

from __future__ import annotations

from conftest import PROFILE, rule_yaml

PACK = """
signals:
  we: {terms: {nl: [namens het ministerie], en: [on behalf of the ministry]}}
  election: {terms: {nl: [verkiezingen], en: [election]}}
rules:
""" + rule_yaml(
    """
    - id: T-SEV-001
      type: lexicon
      category: on-behalf
      severity: warning
      severity_when:
        - when: {spokesperson: true, account_kind: official}
          severity: "off"
        - when: {signals: [election]}
          severity: error
        - when: {role: [topambtenaar, diplomaat]}
          severity: error
        - when: {language: en}
          severity: info
      terms:
        nl: [namens het ministerie]
        en: [on behalf of the ministry]
    """
)


def severities(engine, text: str) -> list[str]:
    return [f.severity for f in engine.check_text(text).findings]


def test_default_severity(make_engine):
    assert severities(make_engine(PACK), "Namens het ministerie: sorry.") == ["warning"]


def test_spokesperson_on_official_account_turns_rule_off(make_engine):
    official = PROFILE.model_copy(
        update={
            "spokesperson": True,
            "account": PROFILE.account.model_copy(update={"kind": "official"}),
        }
    )
    assert severities(make_engine(PACK, profile=official), "Namens het ministerie: sorry.") == []


def test_spokesperson_on_personal_account_is_still_flagged(make_engine):
    personal = PROFILE.model_copy(update={"spokesperson": True})
    assert severities(make_engine(PACK, profile=personal), "Namens het ministerie: sorry.") == [
        "warning"
    ]


def test_timing_signal_in_the_draft_raises_severity(make_engine):
    text = "Namens het ministerie: morgen verkiezingen, ga stemmen."
    assert severities(make_engine(PACK), text) == ["error"]


def test_role_raises_severity(make_engine):
    senior = PROFILE.model_copy(update={"role": "diplomaat"})
    assert severities(make_engine(PACK, profile=senior), "Namens het ministerie: sorry.") == [
        "error"
    ]


def test_language_condition(make_engine):
    text = "Speaking on behalf of the ministry, we apologise for the outage."
    assert severities(make_engine(PACK), text) == ["info"]


def test_unless_within_post_cancels_across_sentences(make_engine):
    pack = """
signals:
  open_day: {terms: {nl: [open dag]}}
rules:
""" + rule_yaml(
        """
        - id: T-UNL-001
          type: lexicon
          category: confidentiality
          severity: warning
          terms: {nl: [vertrekt om]}
          unless: [open_day]
          unless_within: post
        """
    )
    engine = make_engine(pack)
    assert severities(engine, "Zaterdag open dag! De bus vertrekt om 9 uur.") == []
    assert severities(engine, "De compagnie vertrekt om 05:30.") == ["warning"]


def _excused_pack() -> str:
    return """
signals:
  official: {terms: {nl: [onderzoek loopt nog], en: [investigation is ongoing]}}
rules:
""" + rule_yaml(
        """
        - id: T-UNL-002
          type: lexicon
          category: speculation
          severity: warning
          terms: {nl: [durf te wedden], en: [bet that]}
          unless: [official]
        """
    )


def test_an_excuse_in_the_sentence_cancels_the_hit(make_engine):
    engine = make_engine(_excused_pack())
    assert severities(engine, "Ik durf te wedden dat het klopt; het onderzoek loopt nog.") == []


def test_a_contrast_word_after_the_excuse_takes_it_back(make_engine):
    """Naming the official channel and then guessing anyway is still guessing."""
    engine = make_engine(_excused_pack())
    text = "Het onderzoek loopt nog, maar ik durf te wedden dat het de buurman was."
    assert severities(engine, text) == ["warning"]
    text = "The investigation is ongoing, but I bet that it was the neighbour."
    assert severities(engine, text) == ["warning"]


def test_a_contrast_before_the_excuse_does_not_take_it_back(make_engine):
    """The excuse comes last, after the contrast: it still stands for the hit before it."""
    engine = make_engine(_excused_pack())
    text = "Ik durf te wedden, maar nee: het onderzoek loopt nog."
    assert severities(engine, text) == []
