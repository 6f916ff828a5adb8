"""Persona rules: capacity claims that the bio, the function or the post contradict.

A bio that says 'op persoonlijke titel' while listing function, directorate and
ministry protects nothing (Van Huffelen 2024); neither does 'op persoonlijke titel, maar
als beleidsmedewerker ...' in a post.
"""

from __future__ import annotations

from postcheck.matching.matchers import Hit
from postcheck.models import PersonaRule
from postcheck.ruletypes.base import Context, RuleType, span_of


class Persona(RuleType[PersonaRule]):
    name = "persona"

    def signals(self, rule: PersonaRule) -> list[str]:
        return [*rule.claim, *rule.invokes]

    def find(self, rule: PersonaRule, ctx: Context) -> list[Hit]:
        claims = sorted((h for name in rule.claim for h in ctx.signal(name)), key=lambda h: h.start)
        if rule.claim and not claims:
            return []
        invoked = [ctx.signal(name) for name in rule.invokes]
        firsts = [hits[0] for hits in invoked if hits]
        if len(firsts) < rule.min_invoked:
            return []
        return [span_of(sorted([*claims[:1], *firsts], key=lambda h: h.start))]
