"""Proximity rules: topic level against the profile, combined with the draft's stance."""

from __future__ import annotations

from conftest import rule_yaml
from postcheck.models import Profile

PACK = (
    """
signals:
  opinion: {terms: {nl: [ik vind, onverstandig, slecht plan]}}
rules:
"""
    + rule_yaml(
        """
    - id: T-PROX-001
      type: proximity
      category: proximity
      severity: warning
      severity_when:
        - when: {role: topambtenaar}
          severity: error
      levels: [own]
      stance: [opinion]
    """
    )
    + rule_yaml(
        """
    - id: T-PROX-002
      type: proximity
      category: proximity
      severity: info
      levels: [far]
      stance: [opinion]
    """
    )
)


def findings(engine, text):
    return [(f.rule, f.severity) for f in engine.check_text(text).findings]


def test_opinion_on_own_area_is_flagged(make_engine):
    engine = make_engine(PACK)
    text = "Ik vind het onverstandig dat de asielzoekerscentra worden gesloten."
    assert findings(engine, text) == [("T-PROX-001", "warning")]
    assert engine.check_text(text).topic["level"] == "own"


def test_neutral_sharing_on_own_area_is_fine(make_engine):
    engine = make_engine(PACK)
    assert findings(engine, "Vandaag verscheen het jaarverslag van de IND.") == []


def test_far_from_own_area_gets_reassurance_only(make_engine):
    engine = make_engine(PACK)
    text = "Ik vind het een slecht plan om de studiefinanciering te versoberen."
    result = engine.check_text(text)
    assert result.topic["level"] == "far"
    assert findings(engine, text) == [("T-PROX-002", "info")]
    assert result.verdict == "ok"


def test_role_raises_severity(make_engine):
    from conftest import PROFILE

    senior = PROFILE.model_copy(update={"role": "topambtenaar"})
    engine = make_engine(PACK, profile=senior)
    text = "Ik vind het onverstandig dat de asielzoekerscentra worden gesloten."
    assert findings(engine, text) == [("T-PROX-001", "error")]


def test_unknown_area_without_profile_area(make_engine):
    nobody = Profile(function_title="medewerker", organisation="Rijksoverheid")
    engine = make_engine(PACK, profile=nobody)
    result = engine.check_text("Ik vind het onverstandig dat het azc sluit.")
    assert result.topic["level"] == "unknown"
    assert result.findings == []


def test_municipality_is_named_in_english_too(make_engine):
    from conftest import rule_yaml as ry

    pack = "signals:\n  we: {terms: {en: [on behalf of]}}\nrules:\n" + ry(
        """
        - id: T-ORG-001
          type: cooccurrence
          category: on-behalf
          severity: warning
          all: [we, "@organisation"]
        """
    )
    city = Profile(function_title="Beleidsmedewerker afval", organisation="Gemeente Rotterdam")
    engine = make_engine(pack, profile=city)
    text = "On behalf of the City of Rotterdam: sorry for the missed collections this week."
    assert [f.rule for f in engine.check_text(text).findings] == ["T-ORG-001"]
