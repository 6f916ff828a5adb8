"""cooccurrence: signals of different kinds that meet in one sentence or post.

One signal alone is usually harmless ('VVD' in a neutral report, 'ik vind' about the
weather); the risk lies in the combination (an opinion marker with a party name). `all`
lists the signals that must all be present, each a signal name or a list of names of
which any will do; `within` says whether they must meet in one sentence (the default)
or anywhere in the post. The finding spans the first hit of each.

    - id: ORG-POL-001
      type: cooccurrence
      all: [opinion, [party, politician]]
      within: sentence
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from postcheck.matching import Hit
from postcheck.matching.keys import Key, signal_key
from postcheck.models import RuleBase
from postcheck.ruletypes.base import Context, RuleType, rule_type, span_of


class CooccurrenceRule(RuleBase):
    """Signals of different kinds that meet: an opinion marker with a party name."""

    type: Literal["cooccurrence"]
    #: Each entry a signal name, or a list of names of which any will do.
    all: list[str | list[str]] = Field(min_length=2)
    within: Literal["sentence", "post"] = "sentence"


@rule_type
class Cooccurrence(RuleType[CooccurrenceRule]):
    name = "cooccurrence"
    model = CooccurrenceRule
    signal_fields = ("all",)
    needs = ("signals",)

    def requires(self, rule: CooccurrenceRule) -> tuple[Key, ...]:
        return tuple(signal_key(entry) for entry in rule.all if isinstance(entry, str))

    def find(self, rule: CooccurrenceRule, ctx: Context) -> list[Hit]:
        per_signal = [_hits(entry, ctx) for entry in rule.all]
        if not all(per_signal):
            return []
        if rule.within == "post":
            return [span_of([hits[0] for hits in per_signal])]
        by_sent: list[dict[int, Hit]] = []
        for hits in per_signal:
            first: dict[int, Hit] = {}
            for h in hits:
                first.setdefault(h.sent, h)
            by_sent.append(first)
        found: list[Hit] = []
        for sent in sorted(by_sent[0]):
            firsts = [per.get(sent) for per in by_sent]
            if all(firsts):
                found.append(span_of([h for h in firsts if h]))
        return found


def _hits(entry: str | list[str], ctx: Context) -> list[Hit]:
    """One entry's hits: a signal's, or for an any-of group all its signals' in order."""
    if isinstance(entry, str):
        return ctx.signal(entry)
    return sorted((h for name in entry for h in ctx.signal(name)), key=lambda h: h.start)
