"""Loaded rule packs and topic lists, kept between runs and within a long-running process.

Loading and cross-checking the YAML packs costs far more than unpickling the result, so
`load_rules` and `load_topics` keep what `loading.load_rules` and `TopicModel.load` build
in the disk store (`postcheck.store`), keyed by the content of every file. The warm
server also calls `remember_in_process`, after which a second load of unchanged files
(same size, times and inode) does not even hash them.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from postcheck import store
from postcheck.packs import loading
from postcheck.packs.loading import RuleSet
from postcheck.packs.topics import TopicModel

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
    now = time.time()
    sig: list[object] = [tuple(map(str, paths))]
    for file in store.pack_files(paths):
        st = file.stat()
        if now - st.st_mtime < RACY_SECONDS:
            return None
        sig.append((str(file), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns))
    return tuple(sig)


def _cached(
    prefix: str, paths: list[Path], build: Any, kind: type, *extra: str
) -> tuple[Any, str | None]:
    """`build()`, or its pickled result from an earlier run with the same files."""
    if store.cache_dir() is None:
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
        key = store.content_key(store.pack_files(paths), *map(str, paths), *extra)
    except OSError:
        return build(), None
    name = f"{prefix}{key}.pickle"
    value = store.read(name, kind)
    if value is None:
        value = build()
        store.write(name, value)
        store.prune(prefix, name)
    if _MEMO is not None and sig is not None and sig[1] is not None:
        if len(_MEMO) > 32:
            _MEMO.clear()
        _MEMO[sig] = (value, key)
    return value, key


def load_rules(paths: list[Path]) -> RuleSet:
    """`loading.load_rules(paths)`, from the cache when no pack file has changed."""
    ruleset, key = _cached("rules-", paths, lambda: loading.load_rules(paths), loading.RuleSet)
    ruleset.cache_key = key
    return ruleset


def load_topics(folder: Path) -> TopicModel:
    """`TopicModel.load(folder)`, from the cache when no topic file has changed."""
    model, key = _cached("topics-", [folder], lambda: TopicModel.load(folder), TopicModel)
    model.cache_key = key
    return model
