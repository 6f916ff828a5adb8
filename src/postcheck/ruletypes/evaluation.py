"""evaluation: a judgement of some kind and strength, aimed at a kind of target.

The rule states the guideline ("contempt or insult, aimed at a politician"; "a harsh
judgement of the author's own policy area"), and the language layer finds the words:
the evaluative lexicon by lemma and in disguise (leet, compounds, dropped letters),
after negation ("niet dom"), intensifiers ("bizar goed"), irony ("goed bezig hoor 🙄")
and counter-speech (quoting hate to reject it) have had their say.

    - id: ORG-TONE-101
      type: evaluation
      kinds: [hate-verb, dehumanising, slur, contempt, insult, profanity]
      min_intensity: 2
      targets: [group]          # group, politician, person, addressee, people,
                                # institution, own-area, own-organisation
      within: sentence          # target and judgement in one sentence (pronouns
                                # resolved: "Ik heb het over X. Ik haat ze."); `nearby`
                                # also the sentence before or after; `post` anywhere
      markers: [generalising]   # optional: the sentence must also generalise …
      marker_intensity: 1       # … at least this strongly (or the judgement is
                                # strong enough on its own: `alone_from`)
      alone_from: 2             # a judgement this strong needs no marker

Kinds are the lexicon's (`insult`, `contempt`, `incompetence`, `dehumanising`, `slur`,
`profanity`, `hate-verb`, `violence`, `negative-stance`, `praise`, `positive-stance`,
`sentiment`) plus what context makes of them: `sarcasm` (ironic praise or a strong irony
marker), `negated-praise` ("geen goed idee") and `stereotype` (a strong generalising
frame such as "typisch weer zo'n", "niks anders verwachten"). `targets: []` needs no target;
`targets: [own-area, own-organisation]` with `within: post` is "a judgement in a post
about the author's own area". The finding spans the judgement and its target when they
stand on one line, otherwise the judgement; the message names both.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from postcheck.language.analysis import Analysis
from postcheck.language.evaluation import AIMED_VERBS, EVALUATION_KINDS, Evaluation
from postcheck.language.targets import TARGET_KINDS, Target, is_agent
from postcheck.matching import Hit
from postcheck.models import Level, RuleBase
from postcheck.ruletypes.base import Context, RuleType, rule_type

# The literals come from the language layer, so a new kind there is a valid YAML value
# here, in the same order (the JSON Schema lists them so).
EvaluationKind = Literal[EVALUATION_KINDS]  # type: ignore[valid-type]
TargetKind = Literal[TARGET_KINDS]  # type: ignore[valid-type]


class EvaluationRule(RuleBase):
    """A judgement of the given kinds and strength, aimed at a kind of target."""

    type: Literal["evaluation"]
    kinds: list[EvaluationKind] = Field(min_length=1)
    min_intensity: int = Field(default=1, ge=1, le=3)
    targets: list[TargetKind] = Field(default_factory=list)
    #: Where the target may stand: the judgement's own sentence, that sentence or the one
    #: before or after it (`nearby`: "De nieuwe mestregels. Wie verzint dit?"; not when the
    #: author speaks of themself there), or anywhere.
    within: Literal["sentence", "nearby", "post"] = "sentence"
    #: Sentence markers (from the lexicon) that must accompany a weaker judgement.
    markers: list[Literal["generalising", "opinion-frame", "irony"]] = Field(default_factory=list)
    marker_intensity: int = Field(default=1, ge=1, le=3)
    #: From this intensity on, the judgement needs no marker (default: always needs one).
    alone_from: int | None = Field(default=None, ge=1, le=3)
    #: Topic levels the post must have (`own` for the author's own area), if any.
    levels: list[Level] | None = None
    #: Whether a negated, quoted (counter-speech) or attributed ("volgens het rapport")
    #: judgement still counts.
    negated: bool = False
    reported: bool = False
    attributed: bool = False


@rule_type
class EvaluationType(RuleType[EvaluationRule]):
    name = "evaluation"
    model = EvaluationRule
    needs = ("analysis", "profile", "topic")

    def languages(self, rule: EvaluationRule) -> set[str] | None:
        return None

    def find(self, rule: EvaluationRule, ctx: Context) -> list[Hit]:
        if rule.levels is not None and ctx.level not in rule.levels:
            return []
        analysis = ctx.analysis()
        kinds = set(rule.kinds)
        wanted = set(rule.targets)
        found: list[Hit] = []
        used: set[int] = set()
        for ev in analysis.evaluations:
            if ev.kind not in kinds or ev.intensity < rule.min_intensity or ev.sent in used:
                continue
            if (ev.negated and not rule.negated) or (ev.reported and not rule.reported):
                continue
            if ev.attributed and not rule.attributed:
                continue
            if analysis.overlaps_own(ev.start, ev.end):
                continue  # the author's own area is what is judged, not a judgement
            if rule.markers and not _marked(rule, ev, analysis.markers):
                continue
            target = _target(rule, ev, analysis, wanted)
            if wanted and target is None:
                continue
            used.add(ev.sent)
            found.append(_span(ev, target, ctx.text))
        return found

    def describe(self, rule: EvaluationRule, hit: Hit, ctx: Context) -> str | None:
        """What the finding is about, for its message: the judging word and its target."""
        analysis = ctx.analysis()
        ev = analysis.evaluation_at(hit.start, hit.end)
        if ev is None:
            return None
        target = _target(rule, ev, analysis, set(rule.targets))
        word = ctx.text[ev.start : ev.end]
        if target is None:
            return f"'{word}'"
        return f"'{word}' → '{ctx.text[target.start : target.end]}'"


def _marked(rule: EvaluationRule, ev: Evaluation, markers: dict[str, dict[int, int]]) -> bool:
    if rule.alone_from is not None and ev.intensity >= rule.alone_from:
        return True
    return any(markers.get(m, {}).get(ev.sent, 0) >= rule.marker_intensity for m in rule.markers)


def _target(
    rule: EvaluationRule, ev: Evaluation, analysis: Analysis, wanted: set[str]
) -> Target | None:
    """The nearest target of a wanted kind: in the sentence, or for `post` anywhere.

    Within a sentence, a target in another clause belongs to that clause when the clause
    judges something itself: in "Ik haat X niet, ik haat alleen racisme" the second "haat"
    is not aimed at X.
    """
    if ev.thing:
        return None  # "hate it when …": aimed at a thing
    near = analysis.targets_near(ev.start, ev.end, TARGET_REACH)
    if rule.within == "sentence":
        judged = analysis.judged_clauses
        clause_of = analysis.clause_of
        pool = [
            t
            for t in near
            if t.sent == ev.sent
            and t.kind in wanted
            and (
                clause_of.get(t.token, ev.clause) == ev.clause
                or clause_of.get(t.token, ev.clause) not in judged
            )
        ]
    elif rule.within == "nearby":
        # A sentence about the author keeps its judgement of people to itself ("Dom genoeg
        # was ik …"); an opinion ("ik vind het dom") still judges what came before.
        selfish = ev.sent in analysis.about_self and ev.sent not in analysis.markers.get(
            "opinion-frame", {}
        )
        # From the sentence before or after, "je" is as often anyone ("zo'n penalty geef je
        # niet") as the one addressed; a handle is someone.
        pool = [
            t
            for t in near
            if t.kind in wanted
            and (
                t.sent == ev.sent
                or (
                    abs(t.sent - ev.sent) == 1
                    and not (selfish and t.kind in PEOPLE_TARGETS)
                    and (t.kind != "addressee" or t.name.startswith("@"))
                )
            )
        ]
    else:
        pool = [t for t in near if t.kind in wanted] or [
            t for t in analysis.targets[:TARGET_REACH] if t.kind in wanted
        ]
    if ev.kind in AIMED_VERBS:
        # "afgemaakt door een meisje van 11": the one after "door" does it, is not its aim
        pool = [t for t in pool if not is_agent(analysis.tokens, t)]
    if not pool:
        return None
    return min(pool, key=lambda t: (t.sent != ev.sent, abs(t.start - ev.start)))


#: Targets that are people: a sentence in which the author speaks of themself does not
#: judge them from there.
PEOPLE_TARGETS = frozenset({"politician", "person", "addressee", "party", "group", "people"})

#: How far (in characters) a target may stand from the judgement it is the aim of: a
#: post is a few thousand characters; a "sentence" of a megabyte is no sentence, and
#: looking through all of it for every judgement made long drafts quadratic.
TARGET_REACH = 2_000


def _span(ev: Evaluation, target: Target | None, text: str) -> Hit:
    """The judgement, with its target when both stand on one line (a span never crosses
    a paragraph or a line break)."""
    if target is not None and target.sent == ev.sent:
        start, end = min(ev.start, target.start), max(ev.end, target.end)
        if "\n" not in text[start:end]:
            return Hit(start, end, ev.sent)
    return Hit(ev.start, ev.end, ev.sent)
