"""proximity: the draft's topic level against the profile, with the stance it takes.

Sharing published work on your own area is encouraged; an opinion or criticism on it
is what the functioneringsnorm weighs (BZ 2012: distance between function and topic).
The engine decides the draft's topic level from the topic lists and the profile: `own`,
`neighbour`, `far`, `none` or `unknown`. The rule fires when the level is one of
`levels` and, if `stance` names signals, one of them is present (with
`within: sentence`, in a sentence that names the topic or the organisation). Without
`stance` it fires on the whole post.

    - id: ORG-PROX-001
      type: proximity
      levels: [own]
      stance: [opinion, criticism]
      within: sentence
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from postcheck.matching import Hit
from postcheck.matching.keys import Kind, signal_key
from postcheck.models import Level, RuleBase, as_list
from postcheck.ruletypes.base import Context, RuleType, rule_type

#: The profile's own signals that put a sentence on the author's own topic.
_TOPICAL = (signal_key("@area"), signal_key("@organisation"))


class ProximityRule(RuleBase):
    """How close the topic lies to the author's area, with the stance the draft takes."""

    type: Literal["proximity"]
    levels: list[Level] = Field(min_length=1)
    stance: list[str] = Field(default_factory=list)
    within: Literal["sentence", "post"] = "post"

    _lv = field_validator("levels", mode="before")(as_list)


@rule_type
class Proximity(RuleType[ProximityRule]):
    name = "proximity"
    model = ProximityRule
    signal_fields = ("stance",)
    needs = ("topic", "signals", "profile")

    def find(self, rule: ProximityRule, ctx: Context) -> list[Hit]:
        if ctx.level not in rule.levels:
            return []
        if not rule.stance:
            return [Hit(0, len(ctx.text.rstrip()), 0)] if ctx.text.strip() else []
        stance = sorted(
            (h for name in rule.stance for h in ctx.signal(name)), key=lambda h: h.start
        )
        if not stance:
            return []
        if rule.within == "sentence":
            topical = {
                h.sent
                for key, hits in ctx.hits.items()
                if key.kind == Kind.AREA or key in _TOPICAL
                for h in hits
            }
            stance = [h for h in stance if h.sent in topical]
        return stance[:1]
