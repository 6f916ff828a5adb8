"""The term table: how one language's pipeline analyses rule and topic terms, kept on disk.

Building the phrase matchers means running the pipeline over thousands of terms; their
analyses depend only on the term, the pipeline and the versions, so `MatcherSet` looks
them up here first and the table is saved in the disk store (`postcheck.store`).
"""

from __future__ import annotations

import hashlib
from typing import Any

from postcheck import store


class TermTable:
    """How one language's pipeline analyses rule and topic terms, kept between runs.

    For each term: the LEMMA (or LOWER) ids of its tokens, which is all a PhraseMatcher
    stores of it; and for compound terms their lemma. These depend only on the term's text,
    the pipeline and the versions, so a table is always safe to reuse; it is keyed by the
    packs' content anyway so that it holds no stale terms. Terms from the profile are used
    from it but never added to it.
    """

    def __init__(self, name: str | None, data: dict[str, dict[str, Any]] | None) -> None:
        self.name = name
        self.data: dict[str, dict[str, Any]] = data or {"lemma": {}, "lower": {}, "lemma_of": {}}
        self.dirty = False

    def get(self, kind: str, term: str) -> Any | None:
        return self.data[kind].get(term)

    def put(self, kind: str, term: str, value: object) -> None:
        self.data[kind][term] = value
        self.dirty = True

    def save(self) -> None:
        if self.dirty and self.name is not None:
            store.write(self.name, self.data)
            store.prune(self.name.split("~")[0] + "~", self.name)
            self.dirty = False


def term_table(lang: str, pipeline: str, *keys: str | None) -> TermTable:
    """The cached table for these packs and topics (empty, and not saved, without keys)."""
    if any(k is None for k in keys) or store.cache_dir() is None:
        return TermTable(None, None)
    digest = hashlib.sha256("\0".join([store.versions(), lang, pipeline, *map(str, keys)]).encode())
    name = f"terms-{lang}~{digest.hexdigest()[:32]}.pickle"
    data = store.read(name)
    if not isinstance(data, dict) or set(data) != {"lemma", "lower", "lemma_of"}:
        data = None
    return TermTable(name, data)
