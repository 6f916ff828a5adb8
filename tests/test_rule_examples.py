"""Every rule's own bad/good examples, run through the engine: the rules' specification."""

from __future__ import annotations

import pytest

from postcheck.engine.core import Engine
from postcheck.engine.examples import example_profile
from postcheck.engine.report import with_profile
from postcheck.packs.loading import builtin_pack_dirs, load_rules
from postcheck.packs.topics import TopicModel

RULESET = load_rules(builtin_pack_dirs())
_engines: dict[str, Engine] = {}


def engine_for(rule, example, topics: TopicModel) -> Engine:
    profile = example_profile(RULESET, rule, example.profile)
    key = profile.model_dump_json()
    if key not in _engines:
        _engines[key] = Engine(RULESET, profile, topics)
    return _engines[key]


CASES = [
    pytest.param(rule, kind, example, id=f"{rule.id}-{kind}{i}")
    for rule in RULESET.rules
    for kind in ("bad", "good")
    for i, example in enumerate(getattr(rule.examples, kind))
]


def test_every_category_has_a_rule():
    from postcheck.models import CATEGORIES

    assert {r.category for r in RULESET.rules} == set(CATEGORIES)


@pytest.mark.parametrize(("rule", "kind", "example"), CASES)
def test_example(rule, kind, example, topics):
    result = engine_for(rule, example, topics).check_text(example.text)
    # A finding counts for every rule merged into it, with that rule's own severity.
    fired = [f for f in with_profile(result) if rule.id in f.rules]
    if kind == "bad":
        assert fired, f"{rule.id} should fire on {example.text!r}; found {result.findings}"
        if example.severity:
            severities = {f.severity_of(rule.id) for f in fired}
            assert example.severity in severities, (rule.id, example.text)
    else:
        assert not fired, f"{rule.id} fired on good example {example.text!r}: {fired}"


def test_run_examples_checks_expected_severity(tmp_path, topics):
    from postcheck.engine.examples import run_examples

    pack = tmp_path / "p.yaml"
    pack.write_text(
        """
rules:
  - id: X-SEV-001
    type: lexicon
    category: tone
    severity: warning
    terms: [prutser]
    message: M.
    why: W.
    basis: [B]
    suggestion: S.
    examples:
      bad: [{text: "Een prutser.", severity: error}, "Twee prutsers."]
      good: ["Een vakman."]
""",
        encoding="utf-8",
    )
    failures = run_examples(load_rules([pack]), topics)
    assert [(f.rule, f.kind, f.text) for f in failures] == [("X-SEV-001", "bad", "Een prutser.")]
    assert "another severity" in str(failures[0])
