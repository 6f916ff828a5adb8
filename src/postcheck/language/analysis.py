"""The linguistic analysis of one draft: evaluations, targets and speech acts.

This layer sits between the spaCy pipeline and the rules. It reads a draft once and
says, in terms a guideline uses, what is in it: who or what is judged, how strongly, and
whether the author means it (negation, irony, quotation); what the draft does (a threat,
a commitment, a disclosure); how much it reveals of a private person. Rule types compose
these facts ("an insult of intensity 2 aimed at a politician"), so a rule states the
guideline rather than the sentences someone once wrote.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .evaluation import Evaluation, attributed_sentences, counter_speech, find_evaluations
from .lexicons import Lexicon
from .lookup import covering, entries_per_token, kinds_per_token
from .negation import negated_tokens
from .speech import Act, find_acts
from .targets import OWN_AREA, OWN_ORGANISATION, Target, find_targets
from .tokens import Tok, read_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Analysis:
    """What the analysis found in one draft; every span is a character offset into it."""

    tokens: list[Tok]
    evaluations: list[Evaluation]
    targets: list[Target]
    acts: list[Act]
    #: Token indexes whose force a negator takes out.
    negated: frozenset[int]
    #: Per marker kind (generalising, opinion-frame, irony …), the sentences that hold one,
    #: with the strongest marker's intensity.
    markers: dict[str, dict[int, int]]
    #: Sentences that quote or report hateful words to condemn them (counter-speech).
    reported: frozenset[int] = frozenset()
    #: Sentences that attribute their judgement to someone else.
    attributed: frozenset[int] = frozenset()
    #: Token indexes of harsh-looking words that only intensify ("idioot veel").
    intensifiers: frozenset[int] = frozenset()
    #: For each negated token, the negators that negate it.
    negated_by: dict[int, set[int]] = field(default_factory=dict)
    #: Sentences in which the author speaks of themself ("ik", "me", "I"): a judgement
    #: there is not about whoever the sentence before named ("Dom genoeg was ik …").
    about_self: frozenset[int] = frozenset()

    def hit_is(
        self, what: str, start: int, end: int, sent: int, parts: tuple[tuple[int, int], ...] = ()
    ) -> bool:
        """Whether a match (its span, in sentence `sent`) is negated (a negated word in
        it), reported or attributed, as `RuleBase.unless_analysis` asks.

        A match is negated by a negator outside it: one that holds its own ("werkt niet",
        "can't say much yet") is already oriented, that negator is what it says. A match
        made of several (`parts`: a group and a trait that met) is negated when one of
        them is: in "Moslims zijn geen terroristen" the "geen" negates "terroristen"."""
        if what == "reported":
            return sent in self.reported
        if what == "attributed":
            return sent in self.attributed
        if what == "intensifier":
            return any(t.i in self.intensifiers for t in self.tokens if start <= t.start < end)
        for lo, hi in parts or ((start, end),):
            inside = {t.i for t in self.tokens if lo <= t.start < hi}
            if any(self.negated_by.get(i, set()) - inside for i in inside):
                return True
        return False

    # Indexes the rule types ask of every evaluation: built once per draft, so a long
    # draft costs evaluations x (their sentence), not evaluations x (all tokens).

    @cached_property
    def _evaluation_starts(self) -> list[int]:
        return [e.start for e in self.evaluations]

    def evaluation_at(self, start: int, end: int) -> Evaluation | None:
        """The first evaluation that starts inside a span (evaluations are in text order)."""
        i = bisect.bisect_left(self._evaluation_starts, start)
        if i < len(self.evaluations) and self.evaluations[i].start < end:
            return self.evaluations[i]
        return None

    @cached_property
    def _targets_by_start(self) -> tuple[list[int], list[Target]]:
        ordered = sorted(self.targets, key=lambda t: t.start)
        return [t.start for t in ordered], ordered

    def targets_near(self, start: int, end: int, reach: int) -> list[Target]:
        """The targets that start within `reach` characters of a span."""
        starts, ordered = self._targets_by_start
        lo = bisect.bisect_left(starts, start - reach)
        hi = bisect.bisect_right(starts, end + reach)
        return ordered[lo:hi]

    @cached_property
    def judged_clauses(self) -> frozenset[int]:
        """Clauses that hold a negative judgement of their own."""
        return frozenset(e.clause for e in self.evaluations if e.polarity < 0)

    @cached_property
    def clause_of(self) -> dict[int, int]:
        return {tok.i: tok.clause for tok in self.tokens}

    @cached_property
    def own_spans(self) -> tuple[list[int], list[int]]:
        """Starts of the own-area and own-organisation targets in order, and for each the
        furthest end of it and those before it: a span overlaps one of them exactly when
        the furthest end among those that start before its end lies beyond its start."""
        spans = sorted(
            (t.start, t.end) for t in self.targets if t.kind in (OWN_AREA, OWN_ORGANISATION)
        )
        reach: list[int] = []
        for _, end in spans:
            reach.append(max(end, reach[-1]) if reach else end)
        return [a for a, _ in spans], reach

    def overlaps_own(self, start: int, end: int) -> bool:
        """Whether a span overlaps the author's own area or organisation as named."""
        starts, reach = self.own_spans
        i = bisect.bisect_left(starts, end)  # the spans that start before `end`
        return i > 0 and reach[i - 1] > start

    @property
    def general(self) -> dict[int, int]:
        """Sentences that generalise ("allemaal", "typisch", "dat soort")."""
        return self.markers.get("generalising", {})


#: Lexicon kinds that mark a sentence rather than judge something in it.
MARKER_KINDS = frozenset({"generalising", "opinion-frame", "irony", "condemnation", "leak"})

EMPTY = Analysis([], [], [], [], frozenset(), {})


def analyse(
    doc: Doc,
    text: str,
    lexicon: Lexicon,
    is_known: Callable[[str], bool],
    own: Iterable[tuple[str, int, int]] = (),
    lemma: Callable[[str], str] | None = None,
) -> Analysis:
    """Analyse a draft; `own` are the spans of the author's own area and organisation
    (kind, start, end) that the engine found from the profile."""
    toks = read_tokens(doc, lemma)
    if not toks:
        return EMPTY
    found = entries_per_token(toks, lexicon, is_known)
    cover = covering(found)
    kinds = kinds_per_token(cover)
    negated_by: dict[int, set[int]] = {}
    negated = negated_tokens(toks, kinds, negated_by)
    reported = frozenset(counter_speech(toks, kinds))
    attributed = frozenset(attributed_sentences(toks, cover))
    intensifiers: set[int] = set()
    evaluations = find_evaluations(
        toks, found, cover, kinds, negated, reported, attributed, intensifiers
    )
    targets = find_targets(toks, cover, own, lexicon.people_endings)
    acts = find_acts(toks, cover, kinds, evaluations, targets, negated, text)
    markers: dict[str, dict[int, int]] = {}
    _generic_statements(toks, targets, markers)
    for t in toks:
        for e in cover[t.i]:
            if e.kind in MARKER_KINDS:
                per = markers.setdefault(e.kind, {})
                per[t.sent] = max(per.get(t.sent, 0), e.intensity)
    return Analysis(
        toks,
        evaluations,
        targets,
        acts,
        frozenset(negated),
        markers,
        reported,
        attributed,
        frozenset(intensifiers),
        negated_by,
        frozenset(
            t.sent
            for t in toks
            if any(e.kind == "pronoun" and e.group == "self" for e in cover[t.i])
        ),
    )


#: Copulas that make a generic statement of a bare plural ("Moslims zijn …").
_COPULAS = frozenset({"zijn", "are", "blijven", "worden"})


def _generic_statements(
    toks: list[Tok], targets: list[Target], markers: dict[str, dict[int, int]]
) -> None:
    """A group followed by a copula says something of all its members: "Joden zijn …",
    "Asielzoekers blijven …" generalise as much as "allemaal" does (a mild marker)."""
    by_i = {t.i: t for t in toks}
    for target in targets:
        if target.kind != "group":
            continue
        nxt = by_i.get(target.token + 1)
        if nxt is not None and nxt.lower in _COPULAS:
            per = markers.setdefault("generalising", {})
            per[target.sent] = max(per.get(target.sent, 0), 1)
