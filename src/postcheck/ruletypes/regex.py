"""regex: data with a fixed shape, with checksums where the data has one.

For personal data that has a shape rather than words: phone numbers, e-mail addresses,
IBANs, postcodes, licence plates, citizen service numbers. `pattern` is a regular
expression in Python syntax, run on RE2 (no catastrophic backtracking; lookarounds and
backreferences are refused when the pack loads). `check: bsn` keeps only numbers that
pass the 11-check, `check: iban` only IBANs that pass mod 97.

    - id: ORG-PRIV-002
      type: regex
      pattern: '\\b\\d{9}\\b'
      check: bsn

The rule fires in every language.
"""

from __future__ import annotations

from typing import Literal

from postcheck.matching import Hit, MatcherSet
from postcheck.matching.keys import Key, rule_key
from postcheck.models import RuleBase
from postcheck.ruletypes.base import Context, RuleType, rule_type


class RegexRule(RuleBase):
    """Data with a fixed shape: phone numbers, e-mail, IBAN, postcodes, plates, BSN."""

    type: Literal["regex"]
    pattern: str
    ignore_case: bool = False
    check: Literal["none", "bsn", "iban"] = "none"


@rule_type
class Regex(RuleType[RegexRule]):
    name = "regex"
    model = RegexRule
    needs = ("text",)

    def register(self, rule: RegexRule, matchers: MatcherSet) -> None:
        matchers.add_regex(
            rule_key(rule.id), rule.pattern, ignore_case=rule.ignore_case, check=rule.check
        )

    def requires(self, rule: RegexRule) -> tuple[Key, ...]:
        return (rule_key(rule.id),)

    def find(self, rule: RegexRule, ctx: Context) -> list[Hit]:
        return ctx.key(rule_key(rule.id))
