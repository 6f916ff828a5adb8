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
