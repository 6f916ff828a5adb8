"""Every rule's own bad/good examples, run through the engine: the rules' specification."""

from __future__ import annotations

import pytest

from postcheck.engine import Engine
from postcheck.examples import example_profile
from postcheck.packs import builtin_pack_dirs, load_rules
from postcheck.topics import TopicModel

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
    fired = [f for f in result.findings if f.rule == rule.id]
    if kind == "bad":
        assert fired, f"{rule.id} should fire on {example.text!r}; found {result.findings}"
    else:
        assert not fired, f"{rule.id} fired on good example {example.text!r}: {fired}"
