"""Pattern rules: spaCy Matcher token patterns, for word order and token shapes."""

from __future__ import annotations

from postcheck.matching.matchers import Hit, MatcherSet
from postcheck.models import PatternRule
from postcheck.ruletypes.base import Context, RuleType, rule_key


class Pattern(RuleType[PatternRule]):
    name = "pattern"

    def register(self, rule: PatternRule, matchers: MatcherSet) -> None:
        patterns = rule.patterns.for_lang(matchers.lang)
        if patterns:
            matchers.add_patterns(rule_key(rule), patterns)

    def languages(self, rule: PatternRule) -> set[str] | None:
        return {lang for lang in ("nl", "en") if rule.patterns.for_lang(lang)}

    def requires(self, rule: PatternRule) -> tuple[str, ...]:
        return (rule_key(rule),)

    def find(self, rule: PatternRule, ctx: Context) -> list[Hit]:
        return ctx.key(rule_key(rule))
