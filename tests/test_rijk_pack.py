"""Hard cases for the Rijk guideline pack (rules/rijk), run through the engine.

The cases are data, in rules/rijk/cases/*.yaml (`postcheck validate rules/rijk` runs them
too): each names a profile, a draft, the categories that must be flagged (a finding of
warning or error) and the categories that must not be. The drafts are written for these
tests, apart from any evaluation set: positives in other words than the rules' own
examples, and hard negatives that share words with risky posts ("vertrouwelijk gesprek met
de kat", "interne klok", a neutral report that a party proposed something).

Only the Rijk pack is loaded, with the topic lists shipped in rules/topics.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postcheck.engine.cases import LoadedCase, case_files, load_cases, run_cases
from postcheck.engine.core import Engine
from postcheck.engine.report import with_profile
from postcheck.models import CATEGORIES, Profile
from postcheck.packs.loading import data_dir, load_rules, topics_dir
from postcheck.packs.topics import TopicModel

RIJK = data_dir() / "rijk"
FLAGGING = {"warning", "error"}


TOPICS = TopicModel.load(topics_dir())
CASE_FILES = case_files(RIJK)
#: The profiles of the hard cases (rules/rijk/cases/), also used by the tests below.
PROFILES: dict[str, Profile] = {}
CASES: list[LoadedCase] = []
for _file in CASE_FILES:
    _profiles, _cases = load_cases(_file)
    PROFILES.update(_profiles)
    CASES += _cases


@pytest.fixture(scope="module")
def ruleset():
    return load_rules([RIJK])


@pytest.fixture(scope="module")
def engines(ruleset):
    topics = TopicModel.load(topics_dir())
    return {name: Engine(ruleset, profile, topics) for name, profile in PROFILES.items()}


def flagged(engine: Engine, text: str) -> set[str]:
    return {f.category for f in with_profile(engine.check_text(text)) if f.severity in FLAGGING}


def test_the_pack_has_its_hard_cases_as_data():
    assert CASE_FILES and len(CASES) > 150


@pytest.fixture(scope="module")
def case_engines() -> dict[str, Engine]:
    """Engines per profile, shared by all cases (as `run_cases` shares them in validate)."""
    return {}


@pytest.mark.parametrize("loaded", CASES, ids=[c.where.rpartition("/")[2] for c in CASES])
def test_case(ruleset, case_engines: dict[str, Engine], loaded: LoadedCase):
    """One case of rules/rijk/cases/ (the same check `postcheck validate rules/rijk` runs)."""
    failures = run_cases(ruleset, TOPICS, [loaded], case_engines)
    assert not failures, str(failures[0])


# ----------------------------------------------------------------- severities by profile


def severities(engine: Engine, text: str, category: str) -> set[str]:
    return {f.severity for f in with_profile(engine.check_text(text)) if f.category == category}


def test_spokesperson_on_official_account_may_speak_on_behalf(engines):
    text = (
        "Namens het ministerie: onze excuses voor de storing op de website. Wij gaan dit oplossen."
    )
    assert "on-behalf" not in flagged(engines["woordvoerder"], text)
    assert "on-behalf" in flagged(engines["klimaat"], text)


def test_seniority_raises_proximity_to_error(ruleset):
    topics = TopicModel.load(topics_dir())
    text = "Ik vind het eerlijk gezegd onverstandig dat de subsidie voor thuisbatterijen verdwijnt."
    staff = Engine(ruleset, PROFILES["klimaat"], topics)
    senior = Engine(
        ruleset, PROFILES["klimaat"].model_copy(update={"role": "leidinggevende"}), topics
    )
    assert severities(staff, text, "proximity") == {"warning"}
    assert "error" in severities(senior, text, "proximity")


def test_far_from_own_area_is_reassurance_only(engines):
    result = engines["klimaat"].check_text(
        "Ik vind het echt een slecht plan om de basisbeurs voor studenten te versoberen."
    )
    proximity = [f for f in result.findings if f.category == "proximity"]
    assert proximity and all(f.severity == "info" for f in proximity)
    assert result.verdict == "ok"


def test_voting_call_from_official_account_is_an_error(ruleset):
    topics = TopicModel.load(topics_dir())
    official = PROFILES["klimaat"].model_copy(
        update={"account": PROFILES["klimaat"].account.model_copy(update={"kind": "official"})}
    )
    engine = Engine(ruleset, official, topics)
    assert "error" in severities(
        engine, "Woensdag verkiezingen! Ik stem GroenLinks-PvdA.", "political"
    )


def test_election_time_raises_a_party_judgement(engines):
    calm = severities(
        engines["zorg"], "Goed om te zien dat de VVD eindelijk iets doet aan de zorg.", "political"
    )
    heated = severities(
        engines["zorg"],
        "Goed om te zien dat de VVD eindelijk iets doet aan de zorg. #TK2025",
        "political",
    )
    assert calm == {"warning"}
    assert "error" in heated


def test_bio_with_employer_is_info_not_a_flag(ruleset):
    topics = TopicModel.load(topics_dir())
    profile = PROFILES["zorg"].model_copy(
        update={
            "account": PROFILES["zorg"].account.model_copy(
                update={"bio": "Werkt bij het Ministerie van Volksgezondheid, Welzijn en Sport."}
            )
        }
    )
    result = Engine(ruleset, profile, topics).check_text("Zondag markt.")
    assert [(f.rule, f.severity) for f in with_profile(result) if f.category == "persona"] == [
        ("RIJK-PERS-003", "info")
    ]
    assert result.verdict == "ok"


def test_work_content_from_personal_account_gets_archiving_advice(engines):
    text = (
        "Vandaag is de subsidieregeling voor warmtenetten opengesteld, "
        "mijn team werkte er twee jaar aan."
    )
    rules = {
        r: f.severity_of(r) for f in engines["klimaat"].check_text(text).findings for r in f.rules
    }
    assert rules.get("RIJK-PERS-005") == "info"
    assert not any(
        "RIJK-PERS-005" in f.rules for f in engines["woordvoerder"].check_text(text).findings
    )


def test_police_identification_request_on_official_account_is_a_warning(ruleset):
    topics = TopicModel.load(topics_dir())
    official = PROFILES["wijkagent"].model_copy(
        update={"account": PROFILES["wijkagent"].account.model_copy(update={"kind": "official"})}
    )
    text = "Herkent u deze man? Hij is op camera betrapt bij een inbraak. Tips via 0800-7000."
    assert severities(Engine(ruleset, official, topics), text, "privacy") == {"warning"}
    assert "error" in severities(Engine(ruleset, PROFILES["gemeente"], topics), text, "privacy")


# ------------------------------------------------------------------ pack housekeeping


def test_pack_covers_every_category(ruleset):
    assert {r.category for r in ruleset.rules} == set(CATEGORIES)


def test_rules_are_documented(ruleset):
    for rule in ruleset.rules:
        assert re.fullmatch(r"RIJK-[A-Z]+-\d{3}", rule.id), rule.id
        assert len(rule.examples.bad) >= 2 and len(rule.examples.good) >= 2, rule.id
        assert (
            rule.basis
            and rule.message.get("nl")
            and rule.why.get("nl")
            and rule.suggestion.get("nl")
        ), rule.id
        assert rule.message.get("en") and rule.why.get("en") and rule.suggestion.get("en"), rule.id


def test_every_signal_of_the_guidelines_is_implemented():
    """Each rule carries a comment naming the guideline signals it implements.

    The signals are those of GUIDELINES.md section 2, numbered 1-26.
    """
    numbers: set[int] = set()
    for path in sorted(Path(RIJK).glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.lstrip().startswith("- id: RIJK-"):
                comment = lines[i - 1].strip()
                assert comment.startswith(("# Signal", "# No numbered signal")), (
                    f"{path.name}:{i + 1}: no signal comment"
                )
                listed = re.match(r"# Signals? ([\d ,and]+)", comment)
                numbers |= (
                    {int(n) for n in re.findall(r"\d+", listed.group(1))} if listed else set()
                )
    assert set(range(1, 27)) <= numbers, (
        f"signals without a rule: {sorted(set(range(1, 27)) - numbers)}"
    )
