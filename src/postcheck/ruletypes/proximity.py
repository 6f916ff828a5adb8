"""Proximity rules: the draft's topic level against the profile, with the stance it takes.

Sharing published work on your own area is encouraged; an opinion or criticism on it
is what the functioneringsnorm weighs (BZ 2012: distance between function and topic).
"""

from __future__ import annotations

from postcheck.matching.matchers import Hit
from postcheck.models import ProximityRule
from postcheck.ruletypes.base import Context, RuleType


class Proximity(RuleType[ProximityRule]):
    name = "proximity"

    def signals(self, rule: ProximityRule) -> list[str]:
        return list(rule.stance)

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
                if key.startswith(("area:", "sig:@area", "sig:@organisation"))
                for h in hits
            }
            stance = [h for h in stance if h.sent in topical]
        return stance[:1]
