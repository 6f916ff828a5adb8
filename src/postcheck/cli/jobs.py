"""`--jobs N`: a large batch spread over worker processes, results in input order.

Workers check whole chunks of consecutive inputs and send back each result rendered (or
the result itself); the parent puts the chunks back in order, so its output is the same,
byte for byte, as with one process.

On Linux the workers are forked once the parent has read the batch and built the engine
its drafts need: they start at once, share that engine, and read their chunks from the
parent's memory instead of being sent them. Elsewhere (macOS and Windows, where forking
a loaded process is unsafe or impossible) they are spawned and build their own session
from the same options; the disk cache keeps that start short, and it begins while the
parent still reads a large JSONL batch. `POSTCHECK_JOBS_START=spawn` picks the second way
on Linux too (the tests run both).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from postcheck.engine.report import ProfileGatherer
from postcheck.engine.session import Session, result_status
from postcheck.errors import PostcheckError

#: Inputs per chunk sent to a worker: large enough to amortise the transfer, small enough
#: that both workers stay busy until the end.
CHUNK = 1000
#: Below this many inputs the workers' start-up costs more than it saves (the tests lower
#: it with POSTCHECK_JOBS_MIN to run the parallel path on a small corpus).
MIN_PARALLEL = int(os.environ.get("POSTCHECK_JOBS_MIN", "2000"))

#: In a worker: its session; in a forked worker also the parent's batch.
_SESSION: Any = None
_ITEMS: Sequence[Any] = ()
#: In a worker: the rule ids it has sent the parent (a forked one starts with the
#: parent's own).
_REPORTED: set[str] = set()


def _quiet_on_ctrl_c() -> None:
    """Workers leave Ctrl-C to the parent: the terminal sends SIGINT to the whole process
    group, and each worker printed a traceback while the parent's "postcheck: interrupted"
    never came. The parent stops them (`Workers.close`) and says it once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _init(options: Any) -> None:
    global _SESSION
    _quiet_on_ctrl_c()
    _SESSION = Session(options)


def _start_method() -> str:
    # Lazy: start-up speed, only `--jobs N` batches need it.
    import multiprocessing

    wanted = os.environ.get("POSTCHECK_JOBS_START", "").strip()
    if wanted in ("fork", "spawn"):
        return wanted
    fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    return "fork" if fork else "spawn"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A chunk of results rendered where they were checked, with what the parent needs.

    Rendering is as much work as checking; done in the workers it is spread over them
    too, and one string per chunk crosses the process boundary at almost no cost.
    """

    #: The results' texts, joined by the separator.
    text: str
    count: int
    #: (source, message) of each result that is an error, in input order.
    errors: list[tuple[str, str]]
    #: The highest exit status any of the results calls for (the profile's aside).
    status: int
    #: The profiles the results were checked with, each once, and the drafts' languages:
    #: the parent says each profile once for the whole run (`engine.report`).
    profiles: list[Any]
    langs: list[str]


@dataclass(frozen=True, slots=True)
class Rendering:
    """How workers render a chunk of results (picklable: it travels to them)."""

    render: Callable[[Any], str]
    separator: str
    fail_on: str

    def __call__(self, results: Sequence[Any]) -> Rendered:
        gatherer = ProfileGatherer()
        gatherer.add_all(results)
        return Rendered(
            self.separator.join(self.render(r) for r in results),
            len(results),
            [(r.source, r.error) for r in results if r.error],
            max((result_status(r, self.fail_on) for r in results), default=0),
            gatherer.infos,
            sorted(gatherer.langs),
        )


def _work(
    chunk: Sequence[Any] | range, rendering: Rendering | None = None
) -> tuple[str, Any, dict[str, Any]]:
    """One chunk's results (or their rendering), and the rules the worker's engines have
    used that it has not reported yet (for SARIF).

    A forked worker is sent only the range of its chunk in the batch it inherited.
    """
    if isinstance(chunk, range):
        chunk = _ITEMS[chunk.start : chunk.stop]
    try:
        results = _SESSION.check(chunk)
    except PostcheckError as exc:
        # Exceptions with keyword-only state do not survive pickling; the message does.
        return "error", str(exc), {}
    new = {k: v for k, v in _SESSION._used.items() if k not in _REPORTED}
    _REPORTED.update(new)
    return "ok", (results if rendering is None else rendering(results)), new


def workers(jobs: int) -> int:
    """`--jobs 0` means one process per core."""
    return max(1, jobs or os.cpu_count() or 1)


class Workers:
    """The worker processes of one run, stopped when it ends.

    A spawned worker takes a second or more to load spaCy and the rules: `start` lets the
    caller begin that while it is still reading a large input. Forked workers start only
    once the batch is read (`load`), since they inherit it.
    """

    def __init__(self, options: Any, jobs: int) -> None:
        self.options = options
        self.n = workers(jobs)
        self.method = _start_method() if self.n > 1 else "none"
        self._pool: Any = None
        self._items: Sequence[Any] | None = None

    def parallel(self, count: int) -> bool:
        """Whether a batch of `count` inputs is worth spreading over the workers."""
        return self.n > 1 and count >= MIN_PARALLEL

    def start(self) -> None:
        """Start spawned workers now (forked ones wait for `load`)."""
        if self._pool is None and self.method == "spawn":
            # Lazy: start-up speed, only `--jobs N` batches need it.
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")
            self._pool = ctx.Pool(self.n, initializer=_init, initargs=(self.options,))

    def load(self, session: Any, items: Sequence[Any]) -> None:
        """Have the workers ready for this batch, if it is large enough to need them.

        Called before anything starts a thread in this process (a progress bar does):
        a process should not fork while other threads run.
        """
        if not self.parallel(len(items)):
            return
        if self.method != "fork":
            self.start()
            return
        if self._items is items:
            return
        # Lazy: start-up speed, only `--jobs N` batches need it.
        import multiprocessing

        global _SESSION, _ITEMS
        self.close()
        session.prepare(items)
        _SESSION, _ITEMS = session, items
        _REPORTED.clear()
        _REPORTED.update(session._used)
        gc.freeze()  # keeps the collector from touching, and so copying, shared pages
        # The globals stay set while the pool lives: a worker that dies is forked anew.
        self._pool = multiprocessing.get_context("fork").Pool(self.n, initializer=_quiet_on_ctrl_c)
        self._items = items

    def close(self) -> None:
        global _SESSION, _ITEMS
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        if self._items is not None:
            _SESSION, _ITEMS = None, ()
            self._items = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(
        self, session: Any, items: Sequence[Any], rendering: Rendering | None = None
    ) -> Iterator[list[Any]]:
        """Chunks of results (or their renderings) in input order, checked by the workers."""
        self.load(session, items)
        size = max(1, min(CHUNK, -(-len(items) // (self.n * 4))))
        bounds = (range(i, min(i + size, len(items))) for i in range(0, len(items), size))
        if self.method == "fork":
            chunks: Iterator[Any] = bounds
        else:
            chunks = (items[r.start : r.stop] for r in bounds)
        work = partial(_work, rendering=rendering)
        for status, value, used in self._pool.imap(work, chunks):
            if status == "error":
                raise PostcheckError(value)
            for rule_id, rule in used.items():
                session._used.setdefault(rule_id, rule)
            yield value


def iter_rendered(
    session: Any, items: Sequence[Any], pool: Workers, rendering: Rendering
) -> Iterator[Rendered]:
    """Results in input order, rendered: by the workers a chunk at a time, if there are
    any, otherwise here one result at a time.

    Checked a chunk at a time, so a large batch can be written as it goes: checking chunk
    by chunk gives the same results as one call, since each result depends only on its
    draft and its profile, and the session keeps its engines between chunks. Rendered one
    at a time where nothing has to cross a process boundary: a chunk's text held whole
    costs tens of MB (one emoji makes Python store every character in four bytes).
    """
    if pool.parallel(len(items)):
        yield from pool.map(session, items, rendering)
        return
    for start in range(0, len(items), CHUNK):
        for result in session.check(items[start : start + CHUNK]):
            yield rendering([result])


def check(
    session: Any,
    items: Sequence[Any],
    pool: Workers,
    progress: Callable[[Any], None] | None = None,
) -> list[Any]:
    """`session.check(items, progress)`, in the worker processes when the batch is large."""
    if not pool.parallel(len(items)):
        return session.check(items, progress)  # type: ignore[no-any-return]
    results: list[Any] = []
    for chunk in pool.map(session, items):
        if progress:
            for result in chunk:
                progress(result)
        results.extend(chunk)
    return results
