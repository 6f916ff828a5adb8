"""The generic disk store: pickled objects in the user's cache folder, keyed by content.

A cold check of one post must cost little more than starting spaCy, so what is the same
from run to run is computed once and kept in the user's cache folder. This module only
knows how to keep things; what is kept lives with its owner:

* the loaded and cross-checked rule packs and topic model: `packs.memo`;
* per language, how the pipeline analyses each rule and topic term: `matching.terms`;
* simplemma's word lists as SQLite files: `language.lemmas`.

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
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from postcheck import __version__

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


#: The package's own folder: its modules' bytes key the cache (see `versions`).
PACKAGE = Path(__file__).resolve().parent
#: Modules whose code does not shape anything cached (front ends, output): editing them
#: keeps the cache. Everything else is hashed, so a new module is never forgotten.
_NOT_CACHED = ("cli", "server", "formatters")


def code_files() -> list[Path]:
    """postcheck's modules that shape cached objects, in a stable order."""
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in _NOT_CACHED
    )


@functools.lru_cache(maxsize=1)
def versions() -> str:
    """The versions and code that cached objects depend on, as one string."""
    parts = [f"postcheck={__version__}", f"format={FORMAT}", f"python={sys.version_info[:2]}"]
    # The code that analyses terms and rules: a change there (a development checkout, an
    # upgrade without a version bump) must not reuse what the old code cached.
    code = hashlib.sha256()
    for path in code_files():
        try:
            code.update(path.read_bytes())
        except OSError:
            continue
    parts.append(f"code={code.hexdigest()[:16]}")
    for dist in ("spacy", "simplemma", "pydantic"):
        try:
            parts.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist}=?")
    return ";".join(parts)


def content_key(paths: Iterable[Path], *extra: str) -> str:
    """A hash of the versions, the given strings and every file's name and bytes."""
    digest = hashlib.sha256(versions().encode())
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


def read(name: str, kind: type | tuple[type, ...] = object) -> Any | None:
    """A cached object, or None when absent, unreadable, foreign, from another format, or
    not a `kind` (a file of the right name with the wrong content is rebuilt, not used)."""
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
            value = pickle.load(fh)
        return value if isinstance(value, kind) else None
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


#: Cached files of one kind kept besides the newest (older ones are removed).
KEEP = 6


def prune(prefix: str, keep: str) -> None:
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


# ------------------------------------------------------------------------ SQLite files

#: Temporary files older than this are left over from a run that died mid-write.
STALE_TEMP = 3600.0


def sqlite_file(name: str, stamp: str, build: Callable[[Any], None]) -> Path | None:
    """A SQLite file in the cache that holds what `build(connection)` writes, or None.

    Unlike a pickle, a SQLite file is opened by name and read as it is, so a valid file
    with the wrong content (an empty table, another language's list under this name)
    gave wrong answers without an error. Each file therefore carries `stamp` (what it was
    built from, with the row count the builder recorded) in a `postcheck_stamp` table,
    written in the same transaction as the data: a file without it, or with another one,
    is rebuilt. A build that fails (a full disk) leaves no temporary file or journal.
    """
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / name
    if _stamp_of(path) == stamp:
        return path
    import sqlite3  # lazy: only the word lists use it

    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        sweep(folder)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".sqlite")
        os.close(fd)
        try:
            db = sqlite3.connect(tmp)
            try:
                build(db)
                db.execute("CREATE TABLE postcheck_stamp (stamp TEXT NOT NULL)")
                db.execute("INSERT INTO postcheck_stamp VALUES (?)", (stamp,))
                db.commit()
            finally:
                db.close()
            os.replace(tmp, path)
        finally:
            for leftover in (tmp, f"{tmp}-journal", f"{tmp}-wal", f"{tmp}-shm"):
                Path(leftover).unlink(missing_ok=True)
    except (OSError, sqlite3.Error):
        return None
    return path if _stamp_of(path) == stamp else None


def _stamp_of(path: Path) -> str | None:
    """The stamp inside a cached SQLite file of this user's; None when absent or foreign."""
    import sqlite3  # lazy: only the word lists use it

    try:
        if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
            return None
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT stamp FROM postcheck_stamp").fetchone()
        finally:
            db.close()
    except (OSError, sqlite3.Error):
        return None
    return str(row[0]) if row else None


def sweep(folder: Path | None = None) -> None:
    """Remove temporary files that a run which died mid-write left in the cache folder."""
    folder = folder or cache_dir()
    if folder is None:
        return
    import time

    now = time.time()
    try:
        for entry in folder.glob(".tmp-*"):
            with contextlib.suppress(OSError):
                info = entry.lstat()
                mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
                if mine and now - info.st_mtime > STALE_TEMP:
                    entry.unlink()
    except OSError:
        return
