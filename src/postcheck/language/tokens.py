"""The analysis layer's view of a draft: one small record per token, made once.

Every analysis step asks the same questions of a token (its forms, its sentence and
clause, whether it is negated or quoted); reading them off the spaCy Doc once keeps the
layer cheap (a Python attribute read per token per step would double its cost).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from .normalise import STRESS, fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Tokens that end a clause inside a sentence; conjunctions that start a new one.
CLAUSE_PUNCT = frozenset({",", ";", ":", "—", "–", "(", ")", "…"})
CLAUSE_WORDS = frozenset({"maar", "want", "omdat", "terwijl", "hoewel", "but", "because", "while"})
QUOTES = frozenset({'"', "“", "”", "„", "«", "»", "'", "‘", "’"})


class Tok(NamedTuple):
    """A token as the analysis sees it."""

    i: int
    text: str
    lower: str
    lemma: str
    folded: str
    start: int
    end: int
    sent: int
    clause: int
    quoted: bool
    punct: bool
    space: bool
    sent_start: bool


def read_tokens(doc: Doc, lemma: Callable[[str], str] | None = None) -> list[Tok]:
    """Records for every token; sentence and clause numbers count from 0.

    A disguised word's folded form ("t3rr0r1st3n" → "terroristen") gets its own lemma
    from `lemma`, so that it meets base-form entries ("terrorist").
    """
    out: list[Tok] = []
    sent = -1
    clause = -1
    in_quote = False
    for t in doc:
        text = t.text
        starts = bool(t.is_sent_start) or sent < 0
        if starts:
            sent += 1
            clause += 1
            in_quote = False
        # Stress accents are emphasis ("níet", "wél"): the word is the plain one.
        lower = text.lower().translate(STRESS)
        punct = t.is_punct
        is_quote = text in QUOTES
        if is_quote:
            in_quote = not in_quote
        elif lower in CLAUSE_WORDS or (punct and text in CLAUSE_PUNCT):
            clause += 1
        out.append(
            Tok(
                t.i,
                text,
                lower,
                t.lemma_,
                _folded(text, lower, lemma),
                t.idx,
                t.idx + len(text),
                sent,
                clause,
                in_quote and not is_quote,
                punct,
                t.is_space,
                starts,
            )
        )
    return out


def _folded(text: str, lower: str, lemma: Callable[[str], str] | None) -> str:
    folded = fold(text)
    if lemma is not None and folded != lower and folded.isalpha():
        return lemma(folded)
    return folded
