"""The warm mode: `postcheck serve` keeps spaCy, the packs and the engines loaded.

People and editors check a draft again and again; each cold run pays for starting spaCy.
The server answers each request by running the ordinary command line in process, in the
client's folder and environment, so its output is byte for byte what a cold run prints.
What it keeps between requests is keyed so that edits are picked up: packs and topic lists
by the size, time and inode of every file (and their content hash behind that), the
profile is read anew each time, and engines are reused only for identical rules, topics
and profile.

Safety: the socket sits in a folder only the user can enter and is itself mode 0600;
connections from another user id are refused (SO_PEERCRED); requests have a size limit;
the server exits after an idle period. Drafts are read from the client's files or
standard input into memory only: the server writes nothing to disk and logs nothing.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import socket
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from postcheck.engine import session
from postcheck.engine.core import Engine
from postcheck.language.pipeline import LANGUAGES, get_pipeline
from postcheck.models import Draft
from postcheck.packs import memo
from postcheck.server import protocol
from postcheck.server.protocol import EXIT, REQUEST, STDERR, STDIN_DATA, STDIN_WANTED, STDOUT

#: What the server runs for each request: the command line's `main(argv)`, handed over by
#: `postcheck serve` (the server never imports the command line: that would be a cycle).
Run = Callable[[list[str]], None]

#: Largest request (command line, folder, environment) accepted.
MAX_REQUEST = 4 * 1024 * 1024
#: A client that stops talking in the middle of a request is dropped after this long.
CLIENT_TIMEOUT = 60.0
#: Engines kept for reuse (one per distinct rules/topics/profile combination).
MAX_ENGINES = 8


class _StdinFromClient(io.RawIOBase):
    """Standard input that is fetched from the client only if the command reads it."""

    def __init__(self, conn: socket.socket, tty: bool) -> None:
        self._conn = conn
        self._tty = tty
        self._data: io.BytesIO | None = None

    def readable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._tty

    def readinto(self, buffer: Any) -> int:
        if self._data is None:
            protocol.send_frame(self._conn, STDIN_WANTED)
            kind, payload = protocol.recv_frame(self._conn, protocol.MAX_STDIN)
            if kind != STDIN_DATA:
                raise OSError("the client sent no standard input")
            self._data = io.BytesIO(payload)
        return self._data.readinto(buffer)


class _Output(io.TextIOWrapper):
    """Captured stdout/stderr that says it is a terminal when the client's is."""

    def __init__(self, tty: bool, encoding: str, errors: str) -> None:
        super().__init__(io.BytesIO(), encoding=encoding, errors=errors, write_through=True)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty

    def value(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()  # type: ignore[attr-defined,no-any-return]


@contextlib.contextmanager
def _as_client(body: dict[str, Any], conn: socket.socket) -> Iterator[tuple[_Output, _Output]]:
    """The process looks like the client's for the length of one request."""
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved = sys.stdin, sys.stdout, sys.stderr
    # The server's own environment, with the variables a check reads taken from the client
    # (the client sends only those: `protocol.forwarded_env`).
    env = {k: v for k, v in saved_env.items() if not protocol.is_forwarded(k)}
    sent = {str(k): str(v) for k, v in dict(body.get("env") or {}).items()}
    env.update(protocol.forwarded_env(sent))
    if body.get("stdout_tty") and body.get("columns"):
        env["COLUMNS"], env["LINES"] = str(body["columns"]), str(body.get("lines") or 25)
    encoding = str(body.get("encoding") or "utf-8")
    out = _Output(bool(body.get("stdout_tty")), encoding, str(body.get("errors") or "strict"))
    err = _Output(False, encoding, "backslashreplace")
    stdin_raw = _StdinFromClient(conn, bool(body.get("stdin_tty")))
    try:
        os.environ.clear()
        os.environ.update(env)
        os.chdir(str(body["cwd"]))
        sys.stdin = io.TextIOWrapper(io.BufferedReader(stdin_raw), encoding=encoding)
        sys.stdout, sys.stderr = out, err
        yield out, err
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)


def _run(body: dict[str, Any], conn: socket.socket, main: Run) -> tuple[bytes, bytes, int]:
    """One command line, run exactly as `postcheck` would run it, output captured."""
    argv = [str(a) for a in body.get("argv") or []]
    with _as_client(body, conn) as (out, err):
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            if isinstance(exc.code, str):
                err.write(exc.code + "\n")
                code = 1
            else:
                code = int(exc.code or 0)
        except Exception as exc:  # a bug must not take the warm server down
            err.write(f"postcheck: internal error in the server: {type(exc).__name__}\n")
            code = 70
        return out.value(), err.value(), code


def _peer_is_us(conn: socket.socket) -> bool:
    """Only the user who runs the server may use it (Linux: SO_PEERCRED)."""
    uid = protocol.peer_uid(conn)
    # Elsewhere the 0700 folder and 0600 socket are the guard.
    return uid is None or uid == os.getuid()


def handle(conn: socket.socket, run: Run) -> None:
    """Answer one connection: read the request, run it with `run`, send the output back."""
    conn.settimeout(CLIENT_TIMEOUT)
    if not _peer_is_us(conn):
        return
    kind, payload = protocol.recv_frame(conn, MAX_REQUEST)
    if kind != REQUEST:
        return
    body = json.loads(payload)
    if not isinstance(body, dict) or not isinstance(body.get("cwd"), str):
        return
    out, err, code = _run(body, conn, run)
    protocol.send_frame(conn, STDERR, err)
    protocol.send_frame(conn, STDOUT, out)
    protocol.send_frame(conn, EXIT, str(code).encode())


# ------------------------------------------------------------------------ reuse


class EngineMemo:
    """Engines reused across requests when rules, topics, profile and options are equal."""

    def __init__(self) -> None:
        self._engines: OrderedDict[tuple[object, ...], Any] = OrderedDict()

    def __call__(self, ruleset: Any, profile: Any, topics: Any, **options: Any) -> Engine:
        if ruleset.cache_key is None or topics.cache_key is None:
            return Engine(ruleset, profile, topics, **options)
        key = (
            ruleset.cache_key,
            topics.cache_key,
            pickle.dumps(ruleset.rules, protocol=pickle.HIGHEST_PROTOCOL),
            profile.model_dump_json(),
            tuple(sorted(options.items())),
        )
        engine = self._engines.get(key)
        if engine is None:
            engine = Engine(ruleset, profile, topics, **options)
            self._engines[key] = engine
            while len(self._engines) > MAX_ENGINES:
                self._engines.popitem(last=False)
        self._engines.move_to_end(key)
        return engine


def _warm_up() -> None:
    """Load spaCy, both pipelines, the packs and a default engine before the first check."""
    for lang in LANGUAGES:
        get_pipeline(lang)
    try:
        engine = session.build_engine(session.Options())
        engine.compile_all()
        engine.check_text("Warm.", "<warm-up>")
        engine.check([Draft("<warm-up>", "Warm up.")])
    except Exception:
        # A broken pack or profile is reported to the client on its first request.
        return


# ------------------------------------------------------------------------ serving


def serve(run: Run, path: Path | None = None, idle_timeout: float = protocol.IDLE_TIMEOUT) -> int:
    """Answer checks on a Unix socket with `run` (the command line's `main`) until idle
    for `idle_timeout` seconds."""
    import fcntl  # lazy: POSIX only, and only the server needs it

    path = path or protocol.socket_path()
    protocol.private_dir(path.parent)
    lock = os.open(f"{path}.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        return 0  # another server already answers on this socket
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    old_umask = os.umask(0o177)
    try:
        sock.bind(str(path))
    finally:
        os.umask(old_umask)
    os.chmod(path, 0o600)
    inode = path.stat().st_ino
    sock.listen(32)
    memo.remember_in_process()
    session.make_engine = EngineMemo()
    try:
        _warm_up()
        sock.settimeout(idle_timeout)
        while True:
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                break
            with conn, contextlib.suppress(OSError, ValueError, ConnectionError):
                handle(conn, run)
    finally:
        sock.close()
        with contextlib.suppress(OSError):
            if path.stat().st_ino == inode:
                path.unlink()
        os.close(lock)
    return 0
