"""persona: capacity claims that the bio, the function or the post contradict.

A bio that says 'op persoonlijke titel' while listing function, directorate and
ministry protects nothing (Van Huffelen 2024); neither does 'op persoonlijke titel, maar
als beleidsmedewerker ...' in a post. The rule fires when one of the `claim` signals is
present (if any are given) and at least `min_invoked` of the `invokes` signals are: the
profile's own `@function`, `@department`, `@organisation` or pack signals.
`scope: profile` reads the account's bio and handle once, and the finding appears in
every result; `scope: post` reads each draft.

    - id: ORG-PERS-001
      type: persona
      scope: profile
      claim: [personal_capacity]
      invokes: ["@function", "@organisation"]
      min_invoked: 2
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from postcheck.matching import Hit
from postcheck.models import RuleBase
from postcheck.ruletypes.base import Context, RuleType, rule_type, span_of


class PersonaRule(RuleBase):
    """Bio, function and post that contradict each other about capacity."""

    type: Literal["persona"]
    #: `profile`: check the account bio once (findings in every result); `post`: the draft.
    scope: Literal["profile", "post"] = "post"
    claim: list[str] = Field(default_factory=list)
    invokes: list[str] = Field(min_length=1)
    min_invoked: int = Field(default=1, ge=1)


@rule_type
class Persona(RuleType[PersonaRule]):
    name = "persona"
    model = PersonaRule
    signal_fields = ("claim", "invokes")
    needs = ("signals", "profile")

    def on_profile(self, rule: PersonaRule) -> bool:
        return rule.scope == "profile"

    def find(self, rule: PersonaRule, ctx: Context) -> list[Hit]:
        claims = sorted((h for name in rule.claim for h in ctx.signal(name)), key=lambda h: h.start)
        if rule.claim and not claims:
            return []
        invoked = [ctx.signal(name) for name in rule.invokes]
        firsts = [hits[0] for hits in invoked if hits]
        if len(firsts) < rule.min_invoked:
            return []
        return [span_of(sorted([*claims[:1], *firsts], key=lambda h: h.start))]
