"""Co-occurrence rules: signals of different kinds that meet in one sentence or post.

One signal alone is usually harmless ('VVD' in a neutral report, 'ik vind' about the
weather); the risk lies in the combination (an opinion marker with a party name).
"""

from __future__ import annotations

from postcheck.matching.matchers import Hit
from postcheck.models import CooccurrenceRule
from postcheck.ruletypes.base import Context, RuleType, signal_key, span_of


class Cooccurrence(RuleType[CooccurrenceRule]):
    name = "cooccurrence"

    def signals(self, rule: CooccurrenceRule) -> list[str]:
        return [name for entry in rule.all for name in _names(entry)]

    def requires(self, rule: CooccurrenceRule) -> tuple[str, ...]:
        return tuple(signal_key(entry) for entry in rule.all if isinstance(entry, str))

    def find(self, rule: CooccurrenceRule, ctx: Context) -> list[Hit]:
        per_signal = [_hits(entry, ctx) for entry in rule.all]
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


def _names(entry: str | list[str]) -> list[str]:
    return [entry] if isinstance(entry, str) else list(entry)


def _hits(entry: str | list[str], ctx: Context) -> list[Hit]:
    """One entry's hits: a signal's, or for an any-of group all its signals' in order."""
    if isinstance(entry, str):
        return ctx.signal(entry)
    return sorted((h for name in entry for h in ctx.signal(name)), key=lambda h: h.start)
