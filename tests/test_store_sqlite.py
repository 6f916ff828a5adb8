"""Cached SQLite files carry a stamp and leave nothing behind (issue 13, items 5 and 11).

A word list copied to SQLite is opened by name: an empty table, or another language's
list under this name, gave wrong verdicts without an error. `store.sqlite_file` rebuilds
any file whose stamp is not the one asked for, and a failed build leaves no temp files.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from postcheck import store


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(store.NO_CACHE_ENV, raising=False)
    return tmp_path / "postcheck"


def _words(rows: list[tuple[str, str]]):
    def build(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE words (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
        db.executemany("INSERT INTO words VALUES (?, ?)", rows)

    return build


def _rows(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return sorted(db.execute("SELECT k, v FROM words"))


def test_a_file_with_the_wrong_content_is_rebuilt(cache: Path) -> None:
    dutch = [("kamerbrieven", "kamerbrief")]
    path = store.sqlite_file("words-nl.sqlite", "nl 1", _words(dutch))
    assert path is not None and _rows(path) == dutch
    # An empty table under the same name (or the English list): no stamp, so rebuilt.
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE words (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
    again = store.sqlite_file("words-nl.sqlite", "nl 1", _words(dutch))
    assert again == path and _rows(path) == dutch
    english = store.sqlite_file("words-nl.sqlite", "en 1", _words([("letters", "letter")]))
    assert english is not None and _rows(english) == [("letters", "letter")]
    assert store.sqlite_file("words-nl.sqlite", "nl 1", _words(dutch)) == path
    assert _rows(path) == dutch


def test_a_failed_build_leaves_no_temporary_files(cache: Path) -> None:
    def full_disk(db: sqlite3.Connection) -> None:
        _words([("a", "b")] * 1)(db)
        db.execute("INSERT INTO words VALUES ('c', 'd')")
        raise sqlite3.OperationalError("database or disk is full")

    assert store.sqlite_file("words-nl.sqlite", "nl 1", full_disk) is None
    assert sorted(p.name for p in cache.iterdir()) == []


def test_stale_temporary_files_are_swept(cache: Path) -> None:
    cache.mkdir(parents=True)
    old = cache / ".tmp-abc.sqlite-journal"
    old.write_bytes(b"x")
    past = time.time() - store.STALE_TEMP - 10
    os.utime(old, (past, past))
    fresh = cache / ".tmp-def.pickle"  # another run may be writing it right now
    fresh.write_bytes(b"x")
    store.sweep()
    assert not old.exists() and fresh.exists()


def test_the_word_list_planted_empty_is_rebuilt(cache: Path) -> None:
    """The lemmatiser's own SQLite word list goes through the stamp: an empty table
    under its name (a valid file, wrong content) is rebuilt, not read."""
    from importlib.metadata import version

    from postcheck.language import lemmas

    name = f"words-nl-simplemma{version('simplemma')}-{store.FORMAT}.sqlite"
    cache.mkdir(parents=True, mode=0o700)
    with sqlite3.connect(cache / name) as db:
        db.execute("CREATE TABLE words (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
    path = lemmas._words_path("nl")
    assert path == cache / name
    with sqlite3.connect(path) as db:
        (count,) = db.execute("SELECT count(*) FROM words").fetchone()
    assert count > 100_000
    assert not [p for p in cache.iterdir() if p.name.startswith(".tmp-")]
