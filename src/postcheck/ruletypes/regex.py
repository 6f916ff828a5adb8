"""Regex rules: personal data with a fixed shape, with checksums where the data has one."""

from __future__ import annotations

from postcheck.matching.matchers import Hit, MatcherSet
from postcheck.models import RegexRule
from postcheck.ruletypes.base import Context, RuleType, rule_key


class Regex(RuleType[RegexRule]):
    name = "regex"

    def register(self, rule: RegexRule, matchers: MatcherSet) -> None:
        matchers.add_regex(
            rule_key(rule), rule.pattern, ignore_case=rule.ignore_case, check=rule.check
        )

    def requires(self, rule: RegexRule) -> tuple[str, ...]:
        return (rule_key(rule),)

    def find(self, rule: RegexRule, ctx: Context) -> list[Hit]:
        return ctx.key(rule_key(rule))
