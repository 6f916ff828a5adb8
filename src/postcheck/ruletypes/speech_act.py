"""speech_act: what a draft does: threaten, commit the organisation, disclose, identify.

Some risks are acts rather than words. The language layer recognises them by their
structure, not by listed sentences:

- `threat`: violence aimed at a target (a person, a group, an institution, "je"),
  said by the author ("ik", "we"), demanded ("moet", "verdient", "should") or ordered
  (a sentence that starts with the violence); a reported threat ("hij dreigde …") and a
  negated one are not;
- `commitment`: "we"/"wij" or the author's organisation with a promise or plan ("we gaan
  …", "wij zorgen ervoor dat …", "het ministerie gaat …"), in a post about the author's
  own area or organisation; a question commits to nothing;
- `disclosure`: a time ahead and something not yet public in one sentence ("donderdag
  besluit het kabinet …", "volgende week gaan jullie iets moois horen"), unless the
  sentence points to the publication;
- `identifiers`: three or more details that together point to a private person (first
  name or relation, age, street, school, illness).

    - id: ORG-TONE-110
      type: speech_act
      acts: [threat]
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from postcheck.language.speech import ACTS
from postcheck.matching import Hit
from postcheck.models import Level, RuleBase
from postcheck.ruletypes.base import Context, RuleType, rule_type

ActKind = Literal[ACTS]  # type: ignore[valid-type]


class SpeechActRule(RuleBase):
    """A threat, a commitment for the organisation, a disclosure, or identifying details."""

    type: Literal["speech_act"]
    acts: list[ActKind] = Field(min_length=1)
    #: Topic levels the post must have, if any.
    levels: list[Level] | None = None


@rule_type
class SpeechActType(RuleType[SpeechActRule]):
    name = "speech_act"
    model = SpeechActRule
    needs = ("analysis", "profile")

    def find(self, rule: SpeechActRule, ctx: Context) -> list[Hit]:
        if rule.levels is not None and ctx.level not in rule.levels:
            return []
        acts = set(rule.acts)
        out: list[Hit] = []
        for act in ctx.analysis().acts:
            if act.kind in acts and "\n\n" not in ctx.text[act.start : act.end]:
                out.append(Hit(act.start, act.end, act.sent))
        return out

    def describe(self, rule: SpeechActRule, hit: Hit, ctx: Context) -> str | None:
        act = next((a for a in ctx.analysis().acts if a.start == hit.start), None)
        return act.detail if act else None
