"""Lexicon rules: words and phrases on lemmas or lower case, with exceptions."""

from __future__ import annotations

from postcheck.matching.matchers import Hit, MatcherSet
from postcheck.models import LexiconRule
from postcheck.ruletypes.base import Context, RuleType, rule_key


class Lexicon(RuleType[LexiconRule]):
    name = "lexicon"

    def register(self, rule: LexiconRule, matchers: MatcherSet) -> None:
        terms = rule.terms.for_lang(matchers.lang)
        matchers.add_terms(rule_key(rule), terms, match=rule.match, compounds=rule.compounds)
        exceptions = rule.exceptions.for_lang(matchers.lang)
        matchers.add_terms(f"exc:{rule.id}", exceptions, match="lower")
        matchers.add_terms(f"exc:{rule.id}", exceptions, match="lemma")

    def languages(self, rule: LexiconRule) -> set[str] | None:
        return {lang for lang in ("nl", "en") if rule.terms.for_lang(lang)}

    def requires(self, rule: LexiconRule) -> tuple[str, ...]:
        return (rule_key(rule),)

    def find(self, rule: LexiconRule, ctx: Context) -> list[Hit]:
        """A term that lies inside an exception phrase ('vertrouwelijk gesprek') is no hit."""
        exceptions = ctx.key(f"exc:{rule.id}")
        return [
            h
            for h in ctx.key(rule_key(rule))
            if not any(e.start <= h.start and h.end <= e.end for e in exceptions)
        ]
