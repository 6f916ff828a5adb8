"""The on-disk cache: what depends only on the rule packs, the topic lists and the versions.

A cold check of one post must cost little more than starting spaCy, so everything that is
the same from run to run is computed once and kept in the user's cache folder:

* the loaded and cross-checked rule packs and topic model (no YAML parsing, no validation);
* per language, how the pipeline analyses each rule and topic term (tokens and lemmas),
  so the phrase matchers are built without running the pipeline over thousands of terms;
* simplemma's word lists as SQLite files, so that one post looks up its few dozen words
  instead of decoding two dictionaries of half a million entries.

Entries are keyed by a hash of the content of every rule and topic file and of the
postcheck, spaCy, simplemma and Python versions, so a changed rule or an upgrade simply
misses. Drafts and profiles are never written. Writes go to a temporary file that is
renamed into place; a file that cannot be read back is ignored and rebuilt.
`POSTCHECK_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

#: Set to 1 (or true/yes) to neither read nor write the cache.
NO_CACHE_ENV = "POSTCHECK_NO_CACHE"
#: Bumped whenever the layout of a cached object changes.
FORMAT = 1
_MAGIC = b"postcheck-cache\n"


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() not in {"1", "true", "yes", "on"}


def cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/postcheck` (or the platform's cache folder); None when disabled."""
    if not enabled():
        return None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and os.path.isabs(base):
        root = Path(base)
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Caches"
    elif os.name == "nt":
        root = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        root = Path.home() / ".cache"
    return root / "postcheck"


@functools.lru_cache(maxsize=1)
def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__

    parts = [f"postcheck={__version__}", f"format={FORMAT}", f"python={sys.version_info[:2]}"]
    # The code that analyses terms and rules: a change there (a development checkout, an
    # upgrade without a version bump) must not reuse what the old code cached.
    here = Path(__file__).parent
    code = hashlib.sha256()
    for name in ("nlp.py", "matching.py", "models.py", "packs.py", "topics.py", "saferegex.py"):
        with contextlib.suppress(OSError):
            code.update((here / name).read_bytes())
    parts.append(f"code={code.hexdigest()[:16]}")
    for dist in ("spacy", "simplemma", "pydantic"):
        try:
            parts.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist}=?")
    return ";".join(parts)


def content_key(paths: Iterable[Path], *extra: str) -> str:
    """A hash of the versions, the given strings and every file's name and bytes."""
    digest = hashlib.sha256(_versions().encode())
    for part in extra:
        digest.update(b"\0" + part.encode())
    for path in paths:
        digest.update(b"\0" + str(path).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def pack_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files a list of pack paths (folders or files) consists of, in load order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path


def read(name: str) -> Any | None:
    """A cached object, or None when absent, unreadable, foreign or from another format."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / name
    try:
        with path.open("rb") as fh:
            if hasattr(os, "getuid") and os.fstat(fh.fileno()).st_uid != os.getuid():
                return None
            if fh.read(len(_MAGIC)) != _MAGIC:
                return None
            return pickle.load(fh)
    except Exception:
        # A missing, truncated or stale file is a cache miss, never an error.
        return None


def write(name: str, value: object) -> None:
    """Store an object atomically; failing to write (read-only home, full disk) is fine."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC)
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return


# --------------------------------------------------------------------------- simplemma


class _Words:
    """simplemma's word list of one language, looked up in a SQLite copy on demand.

    A single post asks about a few dozen words; decoding the shipped list costs about
    0.25 s for Dutch. After many lookups (a large batch) the full list is loaded after
    all, because then it is the cheaper way.
    """

    SWITCH_AFTER = 20_000

    def __init__(self, lang: str, path: Path) -> None:
        import sqlite3

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
    from simplemma.strategies.dictionaries.dictionary_factory import (
        DEFAULT_DICTIONARY_FACTORY,
    )

    return DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)


def _words_path(lang: str) -> Path | None:
    """The SQLite copy of a language's word list, built on first use; None without cache."""
    import sqlite3
    from importlib.metadata import version

    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"words-{lang}-simplemma{version('simplemma')}-{FORMAT}.sqlite"
    if path.is_file():
        owned = not hasattr(os, "getuid") or path.stat().st_uid == os.getuid()
        return path if owned else None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        full = _full_dictionary(lang)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".sqlite")
        os.close(fd)
        try:
            db = sqlite3.connect(tmp)
            db.execute("CREATE TABLE words (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
            db.executemany("INSERT INTO words VALUES (?, ?)", ((k, full[k]) for k in full))
            db.commit()
            db.close()
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, sqlite3.Error):
        return None
    return path


def dictionary_factory() -> Any:
    """A simplemma dictionary factory that reads the SQLite copies (or the shipped lists).

    Lookups give exactly what simplemma's own dictionaries give: the copies hold the
    same entries, and anything unusual falls back to simplemma's default factory.
    """
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


# ------------------------------------------------------------------- packs and topics

#: Cached files of one kind kept besides the newest (older ones are removed).
KEEP = 6


def _prune(prefix: str, keep: str) -> None:
    """Drop old entries of one kind, so edited rules do not fill the cache folder."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        entries = sorted(
            (p for p in folder.glob(prefix + "*") if p.name != keep),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


#: In a long-running process (the server): loaded packs by their files' stat signature.
_MEMO: dict[tuple[object, ...], tuple[Any, str]] | None = None
#: Files changed this recently are hashed again even when their stat looks unchanged
#: (a rewrite within the file system's timestamp granularity keeps the old mtime).
RACY_SECONDS = 2.0


def remember_in_process() -> None:
    """Keep loaded packs in memory across calls, checked against each file's stat."""
    global _MEMO
    _MEMO = {}


def _stat_signature(paths: list[Path]) -> tuple[object, ...] | None:
    import time

    now = time.time()
    sig: list[object] = [tuple(map(str, paths))]
    for file in pack_files(paths):
        st = file.stat()
        if now - st.st_mtime < RACY_SECONDS:
            return None
        sig.append((str(file), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns))
    return tuple(sig)


def _cached(prefix: str, paths: list[Path], build: Any, *extra: str) -> tuple[Any, str | None]:
    """`build()`, or its pickled result from an earlier run with the same files."""
    if cache_dir() is None:
        return build(), None
    sig = None
    if _MEMO is not None:
        try:
            sig = (prefix, _stat_signature(paths), *extra)
        except OSError:
            sig = None
        if sig is not None and sig[1] is not None and sig in _MEMO:
            return _MEMO[sig]
    try:
        key = content_key(pack_files(paths), *map(str, paths), *extra)
    except OSError:
        return build(), None
    name = f"{prefix}{key}.pickle"
    value = read(name)
    if value is None:
        value = build()
        write(name, value)
        _prune(prefix, name)
    if _MEMO is not None and sig is not None and sig[1] is not None:
        if len(_MEMO) > 32:
            _MEMO.clear()
        _MEMO[sig] = (value, key)
    return value, key


def load_rules(paths: list[Path]) -> Any:
    """`packs.load_rules(paths)`, from the cache when no pack file has changed."""
    from . import packs

    ruleset, key = _cached("rules-", paths, lambda: packs.load_rules(paths))
    ruleset.cache_key = key
    return ruleset


def load_topics(folder: Path) -> Any:
    """`TopicModel.load(folder)`, from the cache when no topic file has changed."""
    from .topics import TopicModel

    model, key = _cached("topics-", [folder], lambda: TopicModel.load(folder))
    model.cache_key = key
    return model


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
            write(self.name, self.data)
            _prune(self.name.split("~")[0] + "~", self.name)
            self.dirty = False


def term_table(lang: str, pipeline: str, *keys: str | None) -> TermTable:
    """The cached table for these packs and topics (empty, and not saved, without keys)."""
    if any(k is None for k in keys) or cache_dir() is None:
        return TermTable(None, None)
    digest = hashlib.sha256("\0".join([_versions(), lang, pipeline, *map(str, keys)]).encode())
    name = f"terms-{lang}~{digest.hexdigest()[:32]}.pickle"
    data = read(name)
    if not isinstance(data, dict) or set(data) != {"lemma", "lower", "lemma_of"}:
        data = None
    return TermTable(name, data)
