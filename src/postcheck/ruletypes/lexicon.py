"""lexicon: words and phrases, on lemmas or lower case, with exceptions.

The most common rule type. `terms` are matched by spaCy's PhraseMatcher on lemmas (so
one base form finds its inflections: `prutser` finds `prutsers`) or, with
`match: lower`, on the words as written. `compounds: true` also finds a single-word term
inside a compound (`toeslag` in `huurtoeslag`). A hit that lies inside one of the
`exceptions` phrases does not count ("vertrouwelijk gesprek" for `vertrouwelijk`).

    - id: ORG-TONE-001
      type: lexicon
      terms: {nl: [prutser, zooitje], en: [clown]}
      exceptions: {nl: [geen zooitje]}

The rule fires in the languages it has terms for.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from postcheck.matching import Hit, MatcherSet
from postcheck.matching.keys import Key, Kind, rule_key
from postcheck.models import RuleBase, Terms
from postcheck.ruletypes.base import Context, RuleType, rule_type


class LexiconRule(RuleBase):
    """Words and phrases, on lemmas or lower case, with exceptions."""

    type: Literal["lexicon"]
    terms: Terms
    match: Literal["lemma", "lower"] = "lemma"
    compounds: bool = False
    exceptions: Terms = Field(default_factory=Terms)


@rule_type
class Lexicon(RuleType[LexiconRule]):
    name = "lexicon"
    model = LexiconRule
    needs = ("lemmas",)

    def register(self, rule: LexiconRule, matchers: MatcherSet) -> None:
        terms = rule.terms.for_lang(matchers.lang)
        matchers.add_terms(rule_key(rule.id), terms, match=rule.match, compounds=rule.compounds)
        exceptions = rule.exceptions.for_lang(matchers.lang)
        matchers.add_terms(Key(Kind.RULE_EXCEPTION, rule.id), exceptions, match="lower")
        matchers.add_terms(Key(Kind.RULE_EXCEPTION, rule.id), exceptions, match="lemma")

    def languages(self, rule: LexiconRule) -> set[str] | None:
        return {lang for lang in ("nl", "en") if rule.terms.for_lang(lang)}

    def requires(self, rule: LexiconRule) -> tuple[Key, ...]:
        return (rule_key(rule.id),)

    def find(self, rule: LexiconRule, ctx: Context) -> list[Hit]:
        """A term that lies inside an exception phrase ('vertrouwelijk gesprek') is no hit."""
        exceptions = ctx.key(Key(Kind.RULE_EXCEPTION, rule.id))
        return [
            h
            for h in ctx.key(rule_key(rule.id))
            if not any(e.start <= h.start and h.end <= e.end for e in exceptions)
        ]
