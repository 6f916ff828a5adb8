"""composition: another rule's finding that lands on the author's own ground.

Some guidelines are about what a statement weighs, not about its words. A party
preference, a guess about a case or a harsh word is one thing from any citizen; said
about the policy area the author works on, it is also a statement from inside
(functioneringsnorm: the closer to one's own area, the more careful). A composition rule
states that once, over every rule of the categories it builds on, instead of repeating
their word lists with the profile's terms:

    - id: ORG-PROX-020
      type: composition
      of: [political, speculation]   # findings (warning or error) of these categories …
      targets: [own-area]            # … whose sentence names the author's own area
                                     # (own-area: beleidsterrein, keywords and their
                                     # topics; own-organisation: the organisation's names)
      within: sentence               # or `nearby`: that sentence or the one before or
                                     # after; `post`: anywhere in the draft

The ground can also be a pack signal: `alongside: [casework]` (any of them, in the same
reach) in place of or beside `targets`. A person's private details are a privacy matter
from anyone; met through the author's own casework ("vandaag een gehoor met …", "aan de
telefoon vertelde een moeder …") they are also what the duty of confidentiality covers.

It is evaluated after every other rule, semantic second readers included, and reads
only their findings and the profile's matches: it finds nothing new in the text. The
finding spans the finding it builds on, and its message names the category and the
own-area words it met ("politiek, over: afvalinzameling"). Each finding it builds on
keeps its own category, so the report shows both: what was said, and why it weighs more
from this author.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from postcheck.matching import Hit
from postcheck.matching.keys import Key, signal_key
from postcheck.models import Category, RuleBase
from postcheck.ruletypes.base import Context, Prior, RuleType, rule_type

#: The profile's own matches, as the engine names them, by the target kind that reads them.
OWN_SIGNALS = {"own-area": "@area", "own-organisation": "@organisation"}

#: The category names in the author's language, for the message.
CATEGORY_NAMES = {
    "nl": {
        "political": "politiek",
        "speculation": "speculatie",
        "tone": "toon",
        "confidentiality": "vertrouwelijk",
        "privacy": "privacy",
        "on-behalf": "namens de organisatie",
        "conduct": "gedrag",
        "persona": "rol",
        "proximity": "eigen terrein",
    },
    "en": {"on-behalf": "on behalf of the organisation", "persona": "capacity"},
}


class CompositionRule(RuleBase):
    """Another rule's finding on the author's own area: it weighs more from this author."""

    type: Literal["composition"]
    #: The categories whose findings (warning or error) this rule builds on.
    of: list[Category] = Field(min_length=1)
    #: What the finding's sentence must also name.
    targets: list[Literal["own-area", "own-organisation"]] = Field(default_factory=list)
    #: Pack signals that are ground too (any of them): the work the finding came from.
    alongside: list[str] = Field(default_factory=list)
    within: Literal["sentence", "nearby", "post"] = "sentence"
    #: The severities of the findings it builds on: abuse that stops a post (`error`) is
    #: another thing than a sarcastic aside (`warning`) of the same category.
    severities: list[Literal["warning", "error"]] = Field(
        default_factory=lambda: ["warning", "error"], min_length=1
    )

    @model_validator(mode="after")
    def _some_ground(self) -> CompositionRule:
        if not self.targets and not self.alongside:
            raise ValueError("a composition rule needs `targets`, `alongside`, or both")
        return self


@rule_type
class Composition(RuleType[CompositionRule]):
    name = "composition"
    model = CompositionRule
    needs = ("findings", "profile", "signals")
    signal_fields = ("alongside",)
    composes = True

    def requires(self, rule: CompositionRule) -> tuple[Key, ...]:
        # One ground is enough, so none of them is required on its own, unless there is
        # only one.
        grounds = _grounds(rule)
        return (signal_key(grounds[0]),) if len(grounds) == 1 else ()

    def find(self, rule: CompositionRule, ctx: Context) -> list[Hit]:
        own = [h for name in _grounds(rule) for h in ctx.signal(name)]
        if not own:
            return []
        found: list[Hit] = []
        for prior in ctx.found:
            if prior.category not in rule.of or prior.severity not in rule.severities:
                continue
            seen = any(h.start == prior.hit.start and h.end == prior.hit.end for h in found)
            if not seen and any(_meets(prior.hit, h, rule.within) for h in own):
                found.append(prior.hit)
        return found

    def describe(self, rule: CompositionRule, hit: Hit, ctx: Context) -> str | None:
        categories = [
            p.category
            for p in ctx.found
            if p.hit.start == hit.start and p.hit.end == hit.end and p.category in rule.of
        ]
        own = [h for name in _grounds(rule) for h in ctx.signal(name)]
        words = [ctx.text[h.start : h.end] for h in own if _meets(hit, h, rule.within)]
        lang = "en" if ctx.lang == "en" else "nl"
        names = list(dict.fromkeys(_category_name(c, lang) for c in categories))
        about = "about" if lang == "en" else "over"
        unique = list(dict.fromkeys(w.lower() for w in words))
        return f"{', '.join(names)}; {about}: {', '.join(unique[:3])}"


def _grounds(rule: CompositionRule) -> list[str]:
    """The signal names of the rule's ground: the profile's matches, then pack signals."""
    return [OWN_SIGNALS[kind] for kind in rule.targets] + list(rule.alongside)


def _category_name(category: str, lang: str) -> str:
    return CATEGORY_NAMES.get(lang, {}).get(category) or (
        category if lang == "en" else CATEGORY_NAMES["nl"].get(category, category)
    )


def _meets(finding: Hit, own: Hit, within: str) -> bool:
    """Whether an own-area match lies where the rule looks: in or beside the finding."""
    if within == "post":
        return True
    if finding.start <= own.start < finding.end:
        return True
    if within == "nearby":
        return abs(own.sent - finding.sent) <= 1
    # A finding can run over several sentences (a sarcastic pair); its first one is
    # `sent`, and the match may stand in any it covers.
    return own.sent == finding.sent


__all__ = ["Composition", "CompositionRule", "Prior"]
