"""Persona rules: bio, function and post that contradict each other about capacity."""

from __future__ import annotations

from conftest import PROFILE, rule_yaml
from postcheck.engine.report import with_profile

PACK = (
    """
signals:
  personal_claim: {match: lower, terms: {nl: [op persoonlijke titel, tweets zijn privé]}}
rules:
"""
    + rule_yaml(
        """
    - id: T-PERS-001
      type: persona
      category: persona
      severity: warning
      scope: profile
      claim: [personal_claim]
      invokes: ["@function", "@department", "@organisation"]
      min_invoked: 2
    """
    )
    + rule_yaml(
        """
    - id: T-PERS-002
      type: persona
      category: persona
      severity: warning
      scope: post
      claim: [personal_claim]
      invokes: ["@function", "@organisation"]
    """
    )
)

FULL_BIO = (
    "Senior beleidsmedewerker asielbeleid | Directie Migratiebeleid | Ministerie van Justitie "
    "en Veiligheid. Tweets zijn privé."
)


def with_bio(bio: str):
    return PROFILE.model_copy(update={"account": PROFILE.account.model_copy(update={"bio": bio})})


def test_bio_claiming_personal_title_while_listing_function(make_engine):
    engine = make_engine(PACK, profile=with_bio(FULL_BIO))
    for text in ("Zondag markt, soep gemaakt.", "Mooie fietstocht vandaag."):
        result = engine.check_text(text)
        # About the bio, not the draft: beside the result (for the profile section).
        assert result.findings == [] and result.verdict == "ok"
        findings = with_profile(result)
        assert [(f.rule, f.scope) for f in findings] == [("T-PERS-001", "profile")]
        assert findings[0].start is None


def test_bio_naming_only_the_employer_is_fine(make_engine):
    engine = make_engine(PACK, profile=with_bio("Werkt bij JenV. Tweets zijn privé."))
    assert engine.check_text("Zondag markt.").findings == []


def test_post_claiming_personal_title_while_invoking_function(make_engine):
    engine = make_engine(PACK, profile=with_bio("Hardloper."))
    text = (
        "Op persoonlijke titel, maar als senior beleidsmedewerker asielbeleid zeg ik: "
        "dit klopt niet."
    )
    assert [f.rule for f in engine.check_text(text).findings] == ["T-PERS-002"]
    assert engine.check_text("Op persoonlijke titel: wat een mooie dag.").findings == []


HANDLE_PACK = """
signals:
  official_look: {match: lower, regex: "@\\\\w*(?:minvws|vws)\\\\w*"}
rules:
""" + rule_yaml(
    """
    - id: T-PERS-003
      type: persona
      category: persona
      severity: info
      scope: profile
      invokes: [official_look]
    """
)


def test_profile_scope_also_reads_the_handle(make_engine):
    account = PROFILE.account.model_copy(update={"bio": "Hardloper.", "handle": "@noor_vws"})
    engine = make_engine(HANDLE_PACK, profile=PROFILE.model_copy(update={"account": account}))
    findings = with_profile(engine.check_text("Mooie dag."))
    assert [(f.rule, f.text) for f in findings] == [("T-PERS-003", "@noor_vws")]
