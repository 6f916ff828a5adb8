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

One client cannot stall the others: each connection is read by a thread of its own, with
a deadline for the whole request, and only complete requests reach the one thread that
runs checks (the command line changes the process's folder, environment and standard
streams, so checks run one at a time). The server says when it starts on a request; a
client that hears nothing within `protocol.ACCEPT_WAIT` checks in process instead. Output
is sent by the connection's own thread, so a client that stops reading holds up no one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import queue
import socket
import stat
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from postcheck.engine import session
from postcheck.engine.core import Engine
from postcheck.errors import PostcheckError
from postcheck.language.pipeline import LANGUAGES, get_pipeline
from postcheck.models import Draft
from postcheck.packs import memo
from postcheck.server import protocol
from postcheck.server.protocol import (
    ACCEPTED,
    EXIT,
    REQUEST,
    STDERR,
    STDIN_DATA,
    STDIN_WANTED,
    STDOUT,
)

#: What the server runs for each request: the command line's `main(argv)`, handed over by
#: `postcheck serve` (the server never imports the command line: that would be a cycle).
Run = Callable[[list[str]], None]

#: Largest request (command line, folder, environment) accepted.
MAX_REQUEST = 4 * 1024 * 1024
#: A client that does not take its output within this long is dropped.
SEND_TIMEOUT = 30.0
#: Connections read at the same time; more are closed at once (their clients check in
#: process), so a flood of connections cannot exhaust threads.
MAX_CONNECTIONS = 64
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
            deadline = time.monotonic() + protocol.STDIN_TIMEOUT
            kind, payload = protocol.recv_frame(self._conn, protocol.MAX_STDIN, deadline)
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
    if argv and argv[0] in protocol.LOCAL_ONLY:
        message = f"postcheck: error: '{argv[0]}' runs only outside the warm server\n"
        return b"", message.encode(), 2
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


def read_request(conn: socket.socket) -> dict[str, Any] | None:
    """The request on a fresh connection, or None (another user, too slow, malformed).

    The whole request must arrive within `protocol.REQUEST_TIMEOUT`: a client that says
    nothing, or trickles a byte at a time, is dropped without holding up anyone else.
    """
    if not _peer_is_us(conn):
        return None
    deadline = time.monotonic() + protocol.REQUEST_TIMEOUT
    kind, payload = protocol.recv_frame(conn, MAX_REQUEST, deadline)
    if kind != REQUEST:
        return None
    body = json.loads(payload)
    if not isinstance(body, dict) or not isinstance(body.get("cwd"), str):
        return None
    return body


def _hung_up(conn: socket.socket) -> bool:
    """Whether the client has closed its end (it gave up waiting and checked in process)."""
    try:
        conn.setblocking(False)
        return conn.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        with contextlib.suppress(OSError):
            conn.setblocking(True)


def answer(conn: socket.socket, body: dict[str, Any], run: Run) -> tuple[bytes, bytes, int]:
    """Run one request (the caller holds the right to run checks) and return its output."""
    protocol.send_frame(conn, ACCEPTED)
    # Standard input, if the check asks for it, is read under its own deadline.
    conn.settimeout(None)
    return _run(body, conn, run)


def _send(conn: socket.socket, out: bytes, err: bytes, code: int) -> None:
    conn.settimeout(SEND_TIMEOUT)
    protocol.send_frame(conn, STDERR, err)
    protocol.send_frame(conn, STDOUT, out)
    protocol.send_frame(conn, EXIT, str(code).encode())


def send_output(conn: socket.socket, out: bytes, err: bytes, code: int) -> None:
    """Send a check's output and close; a client that stops reading is dropped."""
    with conn, contextlib.suppress(OSError):
        _send(conn, out, err, code)


def handle(conn: socket.socket, run: Run) -> None:
    """Answer one connection in the calling thread: read, run, send (the caller closes)."""
    body = read_request(conn)
    if body is None:
        return
    out, err, code = answer(conn, body, run)
    _send(conn, out, err, code)


class _Connections:
    """Reads requests on their own threads and hands complete ones to the check thread."""

    def __init__(self) -> None:
        self.ready: queue.Queue[tuple[socket.socket, dict[str, Any]]] = queue.Queue()
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def accept(self, conn: socket.socket) -> None:
        if not self._slots.acquire(blocking=False):
            conn.close()
            return
        threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        try:
            body = read_request(conn)
        except (OSError, ValueError, ConnectionError):
            body = None
        finally:
            self._slots.release()
        if body is None:
            conn.close()
            return
        self.ready.put((conn, body))


def _accept_loop(sock: socket.socket, connections: _Connections, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            conn, _ = sock.accept()
        except TimeoutError:
            continue
        except OSError:
            return
        connections.accept(conn)


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


#: Set while this process serves: a server never starts another inside a request.
_serving = threading.Event()


def _stale_socket(path: Path) -> bool:
    """Whether a (stale) socket of this user's is at `path`; `PostcheckError` when anything
    else is (a file, a folder, a link): `POSTCHECK_SOCKET` pointing at the wrong place must
    not cost the user a file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if not stat.S_ISSOCK(info.st_mode):
        raise PostcheckError(f"cannot serve at {path}: it exists and is not a socket")
    if info.st_uid != os.getuid():
        raise PostcheckError(f"cannot serve at {path}: the socket belongs to another user")
    return True


def _bind(path: Path) -> socket.socket:
    """A listening socket at `path`, replacing only a stale socket of this user's there.

    The socket is bound under a private name and moved into place once it listens: a client
    that finds the path can always connect (a socket that exists but does not yet listen
    refuses, and the client would pay for a cold check in its own process).
    """
    if _stale_socket(path):
        path.unlink()
    staging = path.with_name(f".{os.getpid()}.{path.name}")
    if not protocol.fits(staging):
        staging = path  # too long a name to stage: bind in place
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)
    try:
        with contextlib.suppress(FileNotFoundError):
            if staging != path and stat.S_ISSOCK(os.lstat(staging).st_mode):
                staging.unlink()  # left by an earlier process of this pid
        sock.bind(str(staging))
        os.chmod(staging, 0o600)
        sock.listen(32)
        if staging != path:
            os.rename(staging, path)
    except OSError as exc:
        sock.close()
        if staging != path:
            with contextlib.suppress(OSError):
                staging.unlink()
        raise PostcheckError(f"cannot serve at {path}: {exc.strerror or exc}") from None
    finally:
        os.umask(old_umask)
    return sock


def serve(run: Run, path: Path | None = None, idle_timeout: float = protocol.IDLE_TIMEOUT) -> int:
    """Answer checks on a Unix socket with `run` (the command line's `main`) until idle
    for `idle_timeout` seconds.

    `PostcheckError` (one line for the user) when the socket cannot be had: a path that is
    too long, a folder another user could enter, something that is not a socket in the way.
    """
    import fcntl  # lazy: POSIX only, and only the server needs it

    if _serving.is_set():
        raise PostcheckError("the warm server cannot start another server")
    # Absolute, so that the server can leave the client's folder before the socket appears.
    path = Path(os.path.abspath(path or protocol.socket_path()))
    if not protocol.fits(path):
        raise PostcheckError(
            f"cannot serve at {path}: a socket path has at most "
            f"{protocol.MAX_SOCKET_PATH} bytes (set POSTCHECK_SOCKET_DIR to a shorter folder)"
        )
    try:
        protocol.private_dir(path.parent)
    except protocol.ServerUnavailable as exc:
        raise PostcheckError(f"cannot serve at {path}: {exc}") from None
    except OSError as exc:
        raise PostcheckError(f"cannot serve at {path}: {exc.strerror or exc}") from None
    _stale_socket(path)  # before the lock file is made beside whatever is there
    lock = os.open(f"{path}.lock", os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        return 0  # another server already answers on this socket
    # Hold no folder of the client's: a cwd inherited from the first client would keep
    # its mount busy, and once deleted would break every later request.
    try:
        here: str | None = os.getcwd()
    except OSError:
        here = None
    os.chdir("/")
    try:
        sock = _bind(path)
    except BaseException:
        if here is not None:
            with contextlib.suppress(OSError):
                os.chdir(here)  # a server that did not start leaves its caller where it was
        os.close(lock)
        raise
    inode = path.stat().st_ino
    memo.remember_in_process()
    session.make_engine = EngineMemo()
    connections = _Connections()
    stop = threading.Event()
    _serving.set()
    try:
        sock.settimeout(0.5)
        threading.Thread(target=_accept_loop, args=(sock, connections, stop), daemon=True).start()
        _warm_up()
        while True:
            try:
                conn, body = connections.ready.get(timeout=idle_timeout)
            except queue.Empty:
                break
            if _hung_up(conn):
                conn.close()
                continue
            try:
                out, err, code = answer(conn, body, run)
            except (OSError, ValueError, ConnectionError):
                conn.close()
                continue
            threading.Thread(target=send_output, args=(conn, out, err, code), daemon=True).start()
    finally:
        _serving.clear()
        stop.set()
        sock.close()
        with contextlib.suppress(OSError):
            if path.stat().st_ino == inode:
                path.unlink()
        os.close(lock)
    return 0
