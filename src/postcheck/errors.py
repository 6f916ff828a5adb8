"""Errors that reach the user as one line of text instead of a traceback."""

from __future__ import annotations

import os
import re

_LINE_BREAKS = re.compile(r"\s*[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+\s*")


def _one_line(text: str) -> str:
    """Collapse line breaks so a message can never spill over several terminal lines."""
    return _LINE_BREAKS.sub(" ", text).strip()


#: What a terminal obeys or a reader is fooled by, were it printed as it is: C0 and C1
#: controls (a newline forges a line, ESC starts a sequence that can hide the rest), DEL,
#: line and paragraph separators, bidi embeddings, overrides and isolates, and the lone
#: surrogates that stand for the bytes of a file name that is not UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # an undecodable byte (surrogateescape)
    if code < 0x100:
        return {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(code, f"\\x{code:02x}")
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character written as an escape (`\\n`, `\\x1b`, `\\u202e`).

    File names come from anyone who can create a file: printed raw, a name with a newline
    forges a `a.txt: ok` line under `--quiet`, and an escape sequence can hide `: stop`.
    Everything else, accents and emoji included, is left as it is.
    """
    return _UNPRINTABLE.sub(_escape, text)


class PostcheckError(Exception):
    """Base for errors that the CLI turns into a one-line message and exit status 2."""


class SourceError(PostcheckError):
    """A problem in a user-supplied file, pointing at the place to fix it.

    Rule packs come from many organisations, so the message must let their authors find and
    fix the problem without reading Python: file, line, what is wrong and what was meant.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        message: str,
        *,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path: str = _one_line(os.fspath(path))
        self.line: int | None = line
        self.message: str = _one_line(message)
        self.hint: str | None = _one_line(hint) if hint is not None else None
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {self.message}"
        return text if self.hint is None else f"{text} ({self.hint})"


_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The candidate a typo most likely meant, or None when nothing is close.

    difflib's ratio ranks `RIJK-TONE-013` above `RIJK-TONE-003` for `RIJK-TONE-03` (both
    are one edit away, and ties go to whichever comes first), so a "did you mean" pointed
    at the wrong rule. Here the fewest edits win, and between equally close ids the one
    whose number is the same number (03 is 003) or nearest, then the one that shares the
    longest beginning.
    """
    if not candidates:
        return None
    # Lazy: rapidfuzz is a dependency anyway (the language layer); only errors need it here.
    from rapidfuzz.distance import Levenshtein

    probe = word.upper()
    limit = max(2, len(probe) // 3)
    best: tuple[object, ...] | None = None
    chosen: str | None = None
    for cand in candidates:
        up = cand.upper()
        distance = Levenshtein.distance(probe, up)
        stem_w, num_w = _split_number(probe)
        stem_c, num_c = _split_number(up)
        same_stem = stem_w == stem_c and num_w is not None and num_c is not None
        if same_stem and num_w == num_c:
            distance = 0  # digits typed short or long (03, 0003): the same number
        if distance > limit:
            continue
        gap = abs(num_w - num_c) if same_stem else 10**9  # type: ignore[operator]
        key = (distance, gap, -_shared_start(probe, up), up)
        if best is None or key < best:
            best, chosen = key, cand
    return chosen


def _split_number(text: str) -> tuple[str, int | None]:
    match = _TRAILING_NUMBER.match(text)
    return (match.group(1), int(match.group(2))) if match else (text, None)


def _shared_start(a: str, b: str) -> int:
    """How many leading characters two ids share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
