"""pattern: spaCy Matcher token patterns, for word order and token shapes.

Use it when a list of phrases is not enough: a word followed by another within a few
tokens, a token of a shape, optional words. `patterns` are spaCy Matcher patterns per
language; `REGEX` in a pattern runs on RE2. Patterns that are only fixed word sequences
run on the phrase matchers; the others run only around the words they need (see
docs/rule-packs.md, "keeping patterns cheap").

    - id: ORG-SPEC-001
      type: pattern
      patterns:
        nl:
          - [{LEMMA: ik}, {LEMMA: {IN: [denken, verwachten]}}, {LOWER: dat}]

The rule fires in the languages it has patterns for.
"""

from __future__ import annotations

from typing import Literal

from postcheck.matching import Hit, MatcherSet
from postcheck.matching.keys import Key, rule_key
from postcheck.models import Patterns, RuleBase
from postcheck.ruletypes.base import Context, RuleType, rule_type


class PatternRule(RuleBase):
    """spaCy Matcher token patterns, for word order and token shapes."""

    type: Literal["pattern"]
    patterns: Patterns


@rule_type
class Pattern(RuleType[PatternRule]):
    name = "pattern"
    model = PatternRule
    needs = ("tokens", "lemmas")

    def register(self, rule: PatternRule, matchers: MatcherSet) -> None:
        patterns = rule.patterns.for_lang(matchers.lang)
        if patterns:
            matchers.add_patterns(rule_key(rule.id), patterns)

    def languages(self, rule: PatternRule) -> set[str] | None:
        return {lang for lang in ("nl", "en") if rule.patterns.for_lang(lang)}

    def requires(self, rule: PatternRule) -> tuple[Key, ...]:
        return (rule_key(rule.id),)

    def find(self, rule: PatternRule, ctx: Context) -> list[Hit]:
        return ctx.key(rule_key(rule.id))
