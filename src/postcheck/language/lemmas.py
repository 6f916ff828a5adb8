"""simplemma's word lists, read from SQLite copies in the disk store.

A single post asks about a few dozen words, while decoding simplemma's shipped Dutch list
costs about 0.25 s. So each language's list is copied once into an SQLite file in the
cache folder (`postcheck.store`), and the pipeline's lemmatiser (`language.pipeline`)
looks words up there. Lookups give exactly what simplemma's own dictionaries give.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

from postcheck import store


class _Words:
    """simplemma's word list of one language, looked up in a SQLite copy on demand.

    A single post asks about a few dozen words; decoding the shipped list costs about
    0.25 s for Dutch. After many lookups (a large batch) the full list is loaded after
    all, because then it is the cheaper way.
    """

    SWITCH_AFTER = 20_000

    def __init__(self, lang: str, path: Path) -> None:
        self._lang = lang
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        self._db: Any = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._memo: dict[str, str | None] = {}
        self._full: Any = None

    def _lookup(self, key: str) -> str | None:
        if self._full is not None:
            return self._full._lookup(key)
        try:
            return self._memo[key]
        except KeyError:
            pass
        if len(self._memo) >= self.SWITCH_AFTER:
            self._full = _full_dictionary(self._lang)
            self._db.close()
            return self._full._lookup(key)
        try:
            row = self._db.execute("SELECT v FROM words WHERE k = ?", (key,)).fetchone()
        except Exception:
            # A damaged copy: use the shipped list for the rest of the run.
            self._full = _full_dictionary(self._lang)
            return self._full._lookup(key)
        value = self._memo[key] = row[0] if row else None
        return value

    def _all(self) -> Any:
        if self._full is None:
            self._full = _full_dictionary(self._lang)
        return self._full


def _full_dictionary(lang: str) -> Any:
    # Lazy: start-up speed, the shipped list decodes only when needed.
    from simplemma.strategies.dictionaries.dictionary_factory import (
        DEFAULT_DICTIONARY_FACTORY,
    )

    return DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)


def _words_path(lang: str) -> Path | None:
    """The SQLite copy of a language's word list, built on first use; None without cache.

    The file carries a stamp of what it was built from (`store.sqlite_file`): a valid
    SQLite file with other content (an empty table, another language's list) is rebuilt
    rather than read, since a wrong word list changes verdicts without any error."""
    simplemma = version("simplemma")

    def build(db: Any) -> None:
        full = _full_dictionary(lang)
        db.execute("CREATE TABLE words (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT INTO words VALUES (?, ?)", ((k, full[k]) for k in full))

    name = f"words-{lang}-simplemma{simplemma}-{store.FORMAT}.sqlite"
    return store.sqlite_file(name, f"simplemma {simplemma} words {lang}", build)


def dictionary_factory() -> Any:
    """A simplemma dictionary factory that reads the SQLite copies (or the shipped lists).

    Lookups give exactly what simplemma's own dictionaries give: the copies hold the
    same entries, and anything unusual falls back to simplemma's default factory.
    """
    # Lazy: start-up speed, the shipped list decodes only when needed.
    from simplemma.strategies.dictionaries.dictionary_factory import (
        CachingDictionaryFactory,
        DecodedStrMapping,
    )

    class Mapping(DecodedStrMapping):  # type: ignore[misc]
        __slots__ = ("_words",)

        def __init__(self, words: _Words) -> None:
            self._words = words

        def _lookup(self, key: str) -> str | None:
            return self._words._lookup(key)

        def __iter__(self) -> Iterator[str]:
            return iter(self._words._all())

        def __len__(self) -> int:
            return len(self._words._all())

    class Factory(CachingDictionaryFactory):  # type: ignore[misc]
        __slots__ = ()

        def _get_dictionary_uncached(self, lang: str) -> Any:
            try:
                path = _words_path(lang)
                if path is not None:
                    return Mapping(_Words(lang, path))
            except Exception:
                # The cache is an optimisation: any trouble means the shipped list.
                pass
            return _full_dictionary(lang)

    return Factory()
