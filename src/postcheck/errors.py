"""Errors that reach the user as one line of text instead of a traceback."""

from __future__ import annotations

import os
import re

_LINE_BREAKS = re.compile(r"\s*[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+\s*")


def _one_line(text: str) -> str:
    """Collapse line breaks so a message can never spill over several terminal lines."""
    return _LINE_BREAKS.sub(" ", text).strip()


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
