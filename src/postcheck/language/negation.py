"""Negation scope: which tokens a "niet", "geen" or "not" takes the force out of.

Without a parser, the clause is the scope: Dutch puts "niet" after the object ("ik haat ze
niet") as often as before an adjective ("niet dom"), so a negator anywhere in a clause
negates the evaluations in that clause. A clause ends at a comma, semicolon, colon or a
conjunction that starts a new one ("maar", "want"), so "Ik haat niemand, maar X zijn tuig"
keeps the second half. Fixed expressions whose negator negates nothing ("niet normaal",
"niet te geloven", "not only") are exceptions.
"""

from __future__ import annotations

from .lexicons import Entry
from .tokens import Tok


def negated_clauses(toks: list[Tok], entries: list[list[Entry]]) -> set[int]:
    """The clause numbers that hold a negator outside a negation exception."""
    excepted = {t.i for t in toks if any(e.kind == "negation-exception" for e in entries[t.i])}
    out: set[int] = set()
    for t in toks:
        if t.i in excepted:
            continue
        if any(e.kind == "negator" for e in entries[t.i]) or t.lower.endswith("n't"):
            out.add(t.clause)
    return out


def negator_positions(toks: list[Tok], entries: list[list[Entry]]) -> dict[int, int]:
    """Clause number → index of its first negator (for "geen goed idee": what it precedes)."""
    out: dict[int, int] = {}
    excepted = {t.i for t in toks if any(e.kind == "negation-exception" for e in entries[t.i])}
    for t in toks:
        if t.i not in excepted and any(e.kind == "negator" for e in entries[t.i]):
            out.setdefault(t.clause, t.i)
    return out
