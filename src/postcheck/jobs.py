"""`--jobs N`: a large batch spread over worker processes, results in input order.

Each worker builds its own session from the same options (spaCy objects do not cross
process boundaries, and the disk cache makes a worker's start cheap), checks whole
chunks of consecutive inputs, and sends back the results; the parent puts the chunks
back in order. The parent's output is therefore the same, byte for byte, as with one
process. Workers are started with `spawn`, so nothing depends on what the parent had
loaded or on fork-safety.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .errors import PostcheckError

#: Inputs per chunk sent to a worker: large enough to amortise the transfer, small enough
#: that both workers stay busy until the end.
CHUNK = 1000
#: Below this many inputs the workers' start-up costs more than it saves (the tests lower
#: it with POSTCHECK_JOBS_MIN to run the parallel path on a small corpus).
MIN_PARALLEL = int(os.environ.get("POSTCHECK_JOBS_MIN", "2000"))

_SESSION: Any = None


def _init(options: Any) -> None:
    global _SESSION
    from .session import Session

    _SESSION = Session(options)


def _work(chunk: Sequence[Any]) -> tuple[str, Any, dict[str, Any]]:
    """One chunk's results, and the rules the worker's engines used (for SARIF)."""
    try:
        results = _SESSION.check(chunk)
    except PostcheckError as exc:
        # Exceptions with keyword-only state do not survive pickling; the message does.
        return "error", str(exc), {}
    return "ok", results, dict(_SESSION._used)


def workers(jobs: int) -> int:
    """`--jobs 0` means one process per core."""
    return max(1, jobs or os.cpu_count() or 1)


def iter_check(session: Any, items: Sequence[Any], jobs: int) -> Iterator[Any]:
    """Results in input order, a chunk at a time, so a large batch can be written as it goes.

    Checking chunk by chunk gives the same results as one call: each result depends only
    on its draft and its profile, and the session keeps its engines between chunks.
    """
    n = workers(jobs)
    if n > 1 and len(items) >= MIN_PARALLEL:
        for results in _parallel(session, items, n):
            yield from results
        return
    for start in range(0, len(items), CHUNK):
        yield from session.check(items[start : start + CHUNK])


def _parallel(session: Any, items: Sequence[Any], n: int) -> Iterator[list[Any]]:
    import multiprocessing

    size = max(1, min(CHUNK, -(-len(items) // (n * 4))))
    chunks = (items[i : i + size] for i in range(0, len(items), size))
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(n, initializer=_init, initargs=(session.options,)) as pool:
        for status, value, used in pool.imap(_work, chunks):
            if status == "error":
                raise PostcheckError(value)
            for rule_id, rule in used.items():
                session._used.setdefault(rule_id, rule)
            yield value


def check(
    session: Any,
    items: Sequence[Any],
    jobs: int,
    progress: Callable[[Any], None] | None = None,
) -> list[Any]:
    """`session.check(items, progress)`, in `jobs` processes when the batch is large."""
    n = workers(jobs)
    if n <= 1 or len(items) < MIN_PARALLEL:
        return session.check(items, progress)  # type: ignore[no-any-return]
    results: list[Any] = []
    for chunk in _parallel(session, items, n):
        if progress:
            for result in chunk:
                progress(result)
        results.extend(chunk)
    return results
