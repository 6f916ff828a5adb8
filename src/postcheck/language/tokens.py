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

    The token attributes come from one `to_array` call, and what depends on a token's
    text alone (its lower-case and folded forms, whether it is a quote or ends a clause)
    is remembered per word: building a spaCy Token and reading its properties one by one
    cost more than the rest of this function, and most words of a batch are repeats.
    """
    if not len(doc):
        return []
    # Lazy: start-up speed, spaCy loads when a pipeline is built.
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, ORTH, SENT_START

    rows = doc.to_array([ORTH, LEMMA, IDX, SENT_START, IS_PUNCT, IS_SPACE]).tolist()
    strings = doc.vocab.strings
    words, lemmas = _WORDS, _LEMMAS
    if len(words) > MEMO_SIZE:
        words.clear()
    if len(lemmas) > MEMO_SIZE:
        lemmas.clear()
    out: list[Tok] = []
    append = out.append
    sent = -1
    clause = -1
    in_quote = False
    for i, (orth, lemma_id, idx, sent_start, punct, space) in enumerate(rows):
        word = words.get(orth)
        if word is None:
            word = words[orth] = _word(strings[orth])
        text, lower, folded, is_quote, clause_word, clause_punct, needs_lemma = word
        starts = sent_start == 1 or sent < 0
        if starts:
            sent += 1
            clause += 1
            in_quote = False
        punct = bool(punct)
        if is_quote:
            in_quote = not in_quote
        elif clause_word or (punct and clause_punct):
            clause += 1
        lemma_ = lemmas.get(lemma_id)
        if lemma_ is None:
            lemma_ = lemmas[lemma_id] = strings[lemma_id]
        append(
            Tok(
                i,
                text,
                lower,
                lemma_,
                lemma(folded) if needs_lemma and lemma is not None else folded,
                idx,
                idx + len(text),
                sent,
                clause,
                in_quote and not is_quote,
                punct,
                bool(space),
                starts,
            )
        )
    return out


#: How many words (and lemmas) `read_tokens` remembers (then it starts again).
MEMO_SIZE = 200_000
#: Per word (orth id): its text, lower-case and folded forms, and its flags (see `_word`).
_WORDS: dict[int, tuple[str, str, str, bool, bool, bool, bool]] = {}
_LEMMAS: dict[int, str] = {}


def _word(text: str) -> tuple[str, str, str, bool, bool, bool, bool]:
    """What `read_tokens` needs of a word that depends on its text alone: text, lower-case
    form, folded form, whether it is a quote, a clause word or clause punctuation, and
    whether its folded form needs a lemma of its own."""
    # Stress accents are emphasis ("níet", "wél"): the word is the plain one.
    lower = text.lower().translate(STRESS)
    folded = fold(text)
    return (
        text,
        lower,
        folded,
        text in QUOTES,
        lower in CLAUSE_WORDS,
        text in CLAUSE_PUNCT,
        folded != lower and folded.isalpha(),
    )
