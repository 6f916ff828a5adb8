"""Co-occurrence rules: signals of different kinds that meet in one sentence or post.

One signal alone is usually harmless ('VVD' in a neutral report, 'ik vind' about the
weather); the risk lies in the combination (an opinion marker with a party name).
"""

from __future__ import annotations

from ..matching import Hit
from ..models import CooccurrenceRule
from .base import Context, RuleType, signal_key, span_of


class Cooccurrence(RuleType[CooccurrenceRule]):
    name = "cooccurrence"

    def signals(self, rule: CooccurrenceRule) -> list[str]:
        return list(rule.all)

    def requires(self, rule: CooccurrenceRule) -> tuple[str, ...]:
        return tuple(signal_key(name) for name in rule.all)

    def find(self, rule: CooccurrenceRule, ctx: Context) -> list[Hit]:
        per_signal = [ctx.signal(name) for name in rule.all]
        if not all(per_signal):
            return []
        if rule.within == "post":
            return [span_of([hits[0] for hits in per_signal])]
        found: list[Hit] = []
        for sent in sorted({h.sent for h in per_signal[0]}):
            firsts = [next((h for h in hits if h.sent == sent), None) for hits in per_signal]
            if all(firsts):
                found.append(span_of([h for h in firsts if h]))
        return found
