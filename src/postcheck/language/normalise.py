"""Normalisation for matching: the forms in which people hide strong words.

A filter that only knows "kanker" misses "k4nker", "kaaaanker", "k*nker", "k a n k e r",
"#kankerbeleid" and "knaker". Everything here works on forms used for lookup; the draft
itself and every offset into it stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: Digits and symbols that stand in for letters, inside a word that also has letters.
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "@": "a",
        "$": "s",
        "€": "e",
        "!": "i",
        "|": "l",
        "+": "t",
    }
)
_LEET_NEAR_LETTER = re.compile(r"(?<=[^\W\d_])[0134578@$€!|+]|[0134578@$€!|+](?=[^\W\d_])")
_INNER = re.compile(r"(?<=\w)[.*_\-'’·](?=\w)")
_RUNS = re.compile(r"(.)\1{2,}")
#: Accents of stress ("níet", "géén", "wél", "écht"): emphasis, not another word.
STRESS = str.maketrans("áéíóúàèìòù", "aeiouaeiou")
_CAMEL = re.compile(r"[a-zà-ÿ]+|[A-ZÀ-Þ][a-zà-ÿ]+|[A-ZÀ-Þ]+(?![a-z])|\d+")


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """The lookup form of a word: lower case, leet undone, separators and long runs gone.

    Remembered: a batch folds the same few thousand words again and again.

    "K4nk3r" → "kanker", "k.u.t" → "kut", "haaaaat" → "haat", "#M0slims" → "moslims".
    A word without any letter stays as it is (numbers, emoji).
    """
    w = word.lower().lstrip("#")
    if not any(ch.isalpha() for ch in w):
        return w
    w = w.translate(STRESS)
    if _LEET_NEAR_LETTER.search(w):
        w = w.translate(_LEET)
    if _INNER.search(w):
        w = _INNER.sub("", w)
    if _RUNS.search(w):
        w = _RUNS.sub(r"\1\1", w)
    return w


def matches_wildcard(pattern: str, word: str) -> bool:
    """Whether `word` fits `pattern`, where each `*` stands for one letter."""
    if len(pattern) != len(word):
        return False
    return all(p == "*" or p == w for p, w in zip(pattern, word, strict=True))


def camel_parts(tag: str) -> list[str]:
    """The words of a hashtag written in CamelCase: "#KutKabinet" → ["kut", "kabinet"]."""
    body = tag.lstrip("#")
    parts = _CAMEL.findall(body)
    return [p.lower() for p in parts] if len(parts) > 1 else []


def splits(word: str, min_part: int = 3) -> Iterable[tuple[str, str]]:
    """Every way to cut a word in two parts of at least `min_part` letters, longest head first."""
    for cut in range(len(word) - min_part, min_part - 1, -1):
        yield word[:cut], word[cut:]


@dataclass(frozen=True, slots=True)
class Spaced:
    """A word spelled with spaces between its letters: the tokens it spans and the word."""

    first: int
    last: int
    word: str


def spaced_words(texts: list[str], min_letters: int = 3) -> list[Spaced]:
    """Runs of one-letter tokens ("i d i o o t") joined into the word they spell.

    Only runs of at least `min_letters` letters count: "U is" or "a b" are ordinary text.
    """
    runs: list[Spaced] = []
    start = None
    for i, text in enumerate([*texts, ""]):
        bare = text.rstrip(".,!?:;")
        single = len(bare) == 1 and bare.isalpha()
        if single and start is None:
            start = i
        elif not single and start is not None:
            if i - start >= min_letters:
                word = "".join(t.rstrip(".,!?:;") for t in texts[start:i]).lower()
                runs.append(Spaced(start, i - 1, word))
            start = None
    return runs
