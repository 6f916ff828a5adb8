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
            chosen = _distinct(per_signal)
            return [span_of(chosen)] if chosen else []
        found: list[Hit] = []
        for sent in sorted({h.sent for h in per_signal[0]}):
            chosen = _distinct([[h for h in hits if h.sent == sent] for hits in per_signal])
            if chosen:
                found.append(span_of(chosen))
        return found


def _distinct(per_signal: list[list[Hit]]) -> list[Hit] | None:
    """One hit per signal, the first that overlaps none chosen before it: one word is
    one piece of evidence ("die lui" is not both a group and the trait "lui")."""
    chosen: list[Hit] = []
    for hits in per_signal:
        hit = next(
            (h for h in hits if not any(h.start < c.end and c.start < h.end for c in chosen)),
            None,
        )
        if hit is None:
            return None
        chosen.append(hit)
    return chosen


def _hits(entry: str | list[str], ctx: Context) -> list[Hit]:
    """One entry's hits: a signal's, or for an any-of group all its signals' in order."""
    if isinstance(entry, str):
        return ctx.signal(entry)
    return sorted((h for name in entry for h in ctx.signal(name)), key=lambda h: h.start)
