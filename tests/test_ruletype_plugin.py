"""A rule type is one module: a throw-away type registered from this test runs in a pack.

The type below (`shouting`: several words in capitals, from `min_words` of them; one
acronym such as IND is not shouting) has its model, its behaviour and
its documentation here, and nothing else in postcheck knows of it: registering it is
enough for packs to use it, for `postcheck explain --type` to document it and for the
rule-pack JSON Schema to accept it. It is registered by a fixture, not on import, so that
the other tests see only the built-in types.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Literal

import pytest
from pydantic import Field
from typer.testing import CliRunner

from postcheck.cli.app import app
from postcheck.engine.core import Engine
from postcheck.errors import SourceError
from postcheck.matching import Hit, MatcherSet
from postcheck.matching.keys import Key, rule_key
from postcheck.models import RuleBase
from postcheck.packs.loading import pack_file_model
from postcheck.packs.schemagen import generate
from postcheck.ruletypes import REGISTRY, Context, RuleType, rule_type, unregister


class ShoutingRule(RuleBase):
    """Words in capitals, from `min_words` of them."""

    type: Literal["shouting"]
    min_words: int = Field(default=2, ge=1)
    #: Signals that make capitals harmless (a quoted slogan, say).
    allow: list[str] = Field(default_factory=list)


class Shouting(RuleType[ShoutingRule]):
    name = "shouting"
    model = ShoutingRule
    signal_fields = ("allow",)
    needs = ("text",)

    def register(self, rule: ShoutingRule, matchers: MatcherSet) -> None:
        matchers.add_regex(rule_key(rule.id), r"\b[A-Z]{3,}\b", ignore_case=False)

    def requires(self, rule: ShoutingRule) -> tuple[Key, ...]:
        return (rule_key(rule.id),)

    def find(self, rule: ShoutingRule, ctx: Context) -> list[Hit]:
        if any(ctx.signal(name) for name in rule.allow):
            return []
        hits = ctx.key(rule_key(rule.id))
        return hits if len(hits) >= rule.min_words else []


@pytest.fixture
def shouting() -> Iterator[None]:
    rule_type(Shouting)
    yield
    unregister("shouting")


PACK = """
signals:
  slogan:
    terms: {nl: [leve de]}
    match: lower
rules:
  - id: TEST-SHOUT-001
    type: shouting
    category: tone
    severity: warning
    min_words: 2
    allow: [slogan]
    message: {nl: Veel hoofdletters.}
    why: {nl: Hoofdletters lezen als schreeuwen.}
    basis: [Test]
    suggestion: {nl: Schrijf gewoon.}
    examples: {bad: ["DIT IS SCHANDALIG"], good: ["De IND meldt iets."]}
"""


def test_a_registered_type_runs_in_a_pack(shouting: None, make_engine: Callable[..., Engine]):
    engine = make_engine(PACK)
    shouted = engine.check_text("Dit is echt SCHANDALIG en ONACCEPTABEL.")
    assert [(f.rule, f.text) for f in shouted.findings] == [
        ("TEST-SHOUT-001", "SCHANDALIG"),
        ("TEST-SHOUT-001", "ONACCEPTABEL"),
    ]
    assert shouted.verdict == "caution"
    assert engine.check_text("De IND meldt vandaag het jaarverslag.").findings == []
    assert engine.check_text("Leve de VVD en de PVV!").findings == []  # allowed by a signal


def test_its_signal_fields_are_checked_like_the_built_in_ones(
    shouting: None, make_engine: Callable[..., Engine]
):
    with pytest.raises(SourceError, match=r"unknown signal 'slogn'.*did you mean 'slogan'"):
        make_engine(PACK.replace("allow: [slogan]", "allow: [slogn]"))


def test_its_documentation_and_schema_come_from_its_module(shouting: None):
    result = CliRunner().invoke(app, ["explain", "--type", "shouting"])
    assert result.exit_code == 0, result.output
    assert "A rule type is one module" in result.stdout  # this module's docstring
    assert "min_words" in result.stdout and "allow" in result.stdout
    schema = json.dumps(generate("rule-pack"))
    assert "ShoutingRule" in schema and '"shouting"' in schema


def test_without_registration_the_type_is_unknown(make_engine: Callable[..., Engine]):
    assert "shouting" not in REGISTRY
    assert "shouting" not in json.dumps(pack_file_model().model_json_schema())
    with pytest.raises(SourceError, match="shouting"):
        make_engine(PACK)


def test_explain_type_documents_the_built_in_types():
    for name in REGISTRY:
        result = CliRunner().invoke(app, ["explain", "--type", name])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"type {name}\n{name}: ")
    result = CliRunner().invoke(app, ["explain", "--type", "lexicn"])
    assert result.exit_code == 2 and "did you mean lexicon" in result.output
