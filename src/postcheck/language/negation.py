"""Negation scope: which tokens a "niet", "geen" or "not" takes the force out of.

Without a parser, the clause is the scope: Dutch puts "niet" after the object ("ik haat ze
niet") as often as before an adjective ("niet dom"), so a negator anywhere in a clause
negates the evaluations in that clause. A clause ends at a comma, semicolon, colon or a
conjunction that starts a new one ("maar", "want"), so "Ik haat niemand, maar X zijn tuig"
keeps the second half. Fixed expressions whose negator negates nothing ("niet normaal",
"niet te geloven", "not only") are exceptions. A negator that ends its clause reaches back
only over the few words between the verb and it ("ik haat ze niet", "dat snap ik niet"):
in "dit plan is een ramp en werkt gewoon niet" the "ramp" keeps its force.
"""

from __future__ import annotations

from .lexicons import VERB_KINDS
from .tokens import Tok

#: Words that open a subordinate clause: a negator after one of them stays inside it
#: ("… zo hard slaan dat hij nooit meer opstaat" does not negate "slaan").
SUBORDINATORS = frozenset(
    {
        "dat",
        "omdat",
        "zodat",
        "totdat",
        "tenzij",
        "terwijl",
        "toen",
        "nadat",
        "voordat",
        "that",
        "so",
        "until",
        "unless",
        "because",
        "when",
    }
)
#: How many words before it a clause-final negator reaches ("ik haat ze niet").
BACK_SCOPE = 3
#: Negators that are prepositions: they negate their own phrase, not the clause ("zonder
#: extra netcapaciteit is die ambitie een luchtkasteel" still calls it one).
PREPOSITIONS = frozenset({"zonder", "without"})
PREPOSITION_SCOPE = 3
#: The verbs of the degree idiom "hypocrieter wordt het niet" ("it gets no more hypocritical").
DEGREE_VERBS = frozenset({"wordt", "kan", "krijg", "maak", "maakt"})
#: How many words the degree idiom has at most ("gekker kan het toch echt niet").
DEGREE_WORDS = 7


def negated_tokens(
    toks: list[Tok],
    kinds: list[frozenset[str]],
    by: dict[int, set[int]] | None = None,
) -> set[int]:
    """The tokens a negator takes the force out of.

    Without a parser, word order decides. What follows the negator in its clause is
    negated ("niet dom", "geen terroristen"); what precedes it only when the negator
    ends the clause ("ik haat ze niet") or when it is the verb that Dutch puts before it
    ("ik walg niet van …"). A negator inside a subordinate clause stays there: in
    "subsidieslurpers die geen cent om de natuur geven" or "… zo hard slaan dat hij nooit
    meer opstaat" the words before it keep their force. `kinds` are the lexicon kinds
    that cover each token (`lookup.kinds_per_token`); `by`, when given, gets for each
    negated token the negators that negate it.
    """
    negators = [
        t
        for t in toks
        if ("negator" in kinds[t.i] or t.lower.endswith("n't"))
        and "negation-exception" not in kinds[t.i]
    ]
    if not negators:
        return set()  # most drafts: nothing to scope
    level: list[int] = []
    sub = 0
    clause = -1
    for t in toks:
        if t.clause != clause:
            clause, sub = t.clause, 0
        if t.lower in SUBORDINATORS:
            sub += 1
        level.append(sub)
    by_clause: dict[int, list[Tok]] = {}
    for t in toks:
        by_clause.setdefault(t.clause, []).append(t)
    out: set[int] = set()
    for t in negators:
        words = [o for o in by_clause[t.clause] if not o.punct and not o.space]
        if t.lower in PREPOSITIONS:
            after = [o for o in words if o.i > t.i][:PREPOSITION_SCOPE]
            for other in [t, *after]:
                out.add(other.i)
                if by is not None:
                    by.setdefault(other.i, set()).add(t.i)
            continue
        last = bool(words) and words[-1].i == t.i
        if last and _degree_idiom(words):
            continue
        reach = {o.i for o in words[-1 - BACK_SCOPE : -1]} if last else set()
        if last and any("reporting" in kinds[o.i] for o in words):
            # "'Gelukszoekers' noemen we vluchtelingen niet": the whole naming is denied
            reach = {o.i for o in words[:-1]}
        for other in by_clause[t.clause]:
            if other.i >= t.i:
                hit = level[other.i] >= level[t.i]
            else:
                hit = level[other.i] == level[t.i] and (
                    other.i in reach or not kinds[other.i].isdisjoint(VERB_KINDS)
                )
            if hit:
                out.add(other.i)
                if by is not None:
                    by.setdefault(other.i, set()).add(t.i)
    return out


def _degree_idiom(words: list[Tok]) -> bool:
    """ "Hypocrieter wordt het niet", "erger kan het niet": a comparative, a verb, "het" and
    a closing "niet" say the judgement holds to the highest degree; the "niet" negates
    nothing. The comparative opens the clause, so "goed wordt het niet" (no comparative)
    stays negated.
    """
    if len(words) > DEGREE_WORDS or len(words) < 4:
        return False
    first = words[0].lower
    if not (first.endswith("er") and len(first) > 4):
        return False
    rest = {w.lower for w in words[1:-1]}
    return "het" in rest and not rest.isdisjoint(DEGREE_VERBS)
