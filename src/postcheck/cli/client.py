"""The console-script entry point, and the light client of the warm server.

`postcheck --server draft.txt` (or `POSTCHECK_SERVER=1`) must start faster than the prose
linters people already run, which is far less than importing spaCy takes. So this module
imports only the standard library: it finds (or starts) the user's `postcheck serve`
process, checks that the socket's folder is private and that the process answering is the
user's own, sends it the command line, the current folder and the environment variables a
check reads (`server.protocol.forwarded_env`), and writes
back exactly what the server's run of the same command line printed, with its exit status.
The server reads the drafts itself (same user, same folder); standard input is sent only
when the command asks for it. Anything that goes wrong with the server falls back to an
ordinary in-process run, so the output never depends on whether the server was used.

The frames and the socket's place are `server.protocol` (standard library only, as is
this module); the full command line (`cli.app`) is imported only when it runs here.
"""

from __future__ import annotations

import io
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

from postcheck.server.protocol import (
    ACCEPT_WAIT,
    ACCEPTED,
    EXIT,
    LOCAL_ONLY,
    MAX_STDIN,
    REQUEST,
    START_TIMEOUT,
    STDERR,
    STDIN_DATA,
    STDIN_WANTED,
    STDOUT,
    ServerUnavailable,
    fits,
    forwarded_env,
    peer_uid,
    private_dir,
    recv_frame,
    send_frame,
    socket_path,
    verify_private_dir,
)

#: `1`/`true`/`yes` sends every check to the server, as `--server` does.
SERVER_ENV = "POSTCHECK_SERVER"

# -------------------------------------------------------------------------------- client


def _without_server_flags(argv: list[str]) -> list[str]:
    return [a for a in argv if a not in ("--server", "--no-server")]


def wants_server(argv: list[str]) -> bool:
    """`--server` on the command line, or POSTCHECK_SERVER set (and no `--no-server`).

    Never for `serve` (a server inside a request) or `init` (its questions belong on the
    user's terminal, not in a captured request): those always run here.
    """
    if "--no-server" in argv:
        return False
    args = _without_server_flags(argv)
    if args and args[0] in LOCAL_ONLY:
        return False
    if "--server" in argv:
        return True
    return os.environ.get(SERVER_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _connect(path: Path) -> socket.socket:
    """A connection to the socket at `path`, refused unless this user's process answers.

    Checked before a byte is sent: the socket's folder decides who could have bound the
    name, and the peer's credentials who actually did (see `verify_private_dir`).
    """
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
        uid = peer_uid(sock)
    except OSError:
        sock.close()
        raise
    if uid is not None and uid != os.getuid():
        sock.close()
        raise ServerUnavailable(f"the server at {path} runs as another user")
    return sock


def _start_server(path: Path) -> Any:
    """Start `postcheck serve` in the background, detached from this terminal and from
    this folder (a server must not keep the first client's folder, or its mount, busy)."""
    import subprocess  # lazy: start-up speed, only the first `--server` check needs it

    return subprocess.Popen(
        [sys.executable, "-m", "postcheck", "serve", "--socket", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
        cwd="/",
    )


#: Whether this process started the server it talks to: then the first answer may take as
#: long as loading spaCy and the packs (`START_TIMEOUT`), else `ACCEPT_WAIT`.
_started = False


def connect(*, start: bool = True) -> socket.socket:
    """A connection to the user's server, started first when there is none.

    `ServerUnavailable` (the check then runs in process) when the socket's folder could
    hold another user's socket, the process answering is not this user's, the socket's
    path is too long to bind, or the server started for this check exits.
    """
    global _started
    path = socket_path()
    if not fits(path):
        # The server could never bind it: fall back now instead of waiting for it.
        raise ServerUnavailable(f"the socket path {path} is too long")
    try:
        verify_private_dir(path.parent)
    except FileNotFoundError:
        if not start:
            raise ServerUnavailable("no server") from None
        private_dir(path.parent)
        verify_private_dir(path.parent)
    else:
        try:
            return _connect(path)
        except OSError:
            if not start:
                raise ServerUnavailable("no server") from None
    proc = _start_server(path)
    deadline = time.monotonic() + START_TIMEOUT
    delay = 0.005
    while time.monotonic() < deadline:
        time.sleep(delay)
        delay = min(delay * 1.5, 0.1)
        try:
            sock = _connect(path)
        except OSError:
            # A server that exited (it could not bind, or another one holds the lock and
            # has not bound yet) will not answer: stop waiting once it is gone.
            if proc is not None and proc.poll() is not None:
                raise ServerUnavailable("the server exited before it answered") from None
            continue
        _started = True
        return sock
    raise ServerUnavailable("the server did not start")


def _terminal() -> dict[str, object]:
    """What the report's layout depends on: whether stdout is a terminal, and its size."""
    out_tty = sys.stdout.isatty()
    info: dict[str, object] = {
        "stdout_tty": out_tty,
        "stdin_tty": _isatty(sys.stdin),
        "encoding": getattr(sys.stdout, "encoding", None) or "utf-8",
        "errors": getattr(sys.stdout, "errors", None) or "strict",
    }
    if out_tty:
        try:
            size = os.get_terminal_size(sys.stdout.fileno())
            info["columns"], info["lines"] = size.columns, size.lines
        except OSError:
            pass
    return info


def _isatty(stream: object) -> bool:
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (ValueError, OSError):
        return False


def request(argv: list[str], sock: socket.socket) -> int:
    """Send one command line; relay standard input on demand; write the server's output."""
    args = _without_server_flags(argv)
    # Only the variables a check reads: the server needs no tokens or keys to check a draft.
    body = {"argv": args, "cwd": os.getcwd(), "env": forwarded_env(os.environ), **_terminal()}
    send_frame(sock, REQUEST, json.dumps(body).encode())
    # The server checks one draft at a time: if it does not start on this one soon, it is
    # busy (or stuck), and the check runs in process instead of waiting behind it.
    sock.settimeout(START_TIMEOUT if _started else ACCEPT_WAIT)
    try:
        kind, _ = recv_frame(sock, 0)
    except TimeoutError:
        raise ServerUnavailable("the server is busy") from None
    if kind != ACCEPTED:
        raise ConnectionError(f"unexpected frame {kind!r}")
    sock.settimeout(None)
    out: list[bytes] = []
    err: list[bytes] = []
    while True:
        kind, payload = recv_frame(sock, 1 << 31)
        if kind == STDIN_WANTED:
            global _stdin_read
            data = b""
            if sys.stdin is not None:
                data = sys.stdin.buffer.read(MAX_STDIN + 1)
            _stdin_read = data
            if len(data) > MAX_STDIN:
                raise ServerUnavailable("standard input is too large for the server")
            send_frame(sock, STDIN_DATA, data)
        elif kind == STDOUT:
            out.append(payload)
        elif kind == STDERR:
            err.append(payload)
        elif kind == EXIT:
            code = int(payload.decode())
            break
        else:
            raise ConnectionError(f"unexpected frame {kind!r}")
    if err:
        sys.stderr.flush()
        sys.stderr.buffer.write(b"".join(err))
        sys.stderr.flush()
    if out:
        sys.stdout.buffer.write(b"".join(out))
        sys.stdout.flush()
    return code


#: Standard input as read for the server, replayed if the check falls back to in process.
_stdin_read: bytes | None = None


def run(argv: list[str]) -> int:
    """The check through the server; in process when the server cannot be had."""
    try:
        with connect() as sock:
            return request(argv, sock)
    except (ServerUnavailable, OSError, ValueError, ConnectionError):
        # Nothing has been written yet (output is written only after EXIT): run locally.
        pass
    except KeyboardInterrupt:
        sys.stderr.write("postcheck: interrupted\n")
        return 130
    if _stdin_read is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(_stdin_read), encoding="utf-8")
    # Lazy: the full command line imports typer and rich, which `--server` must not pay for.
    from postcheck.cli.app import main as cli_main

    cli_main(_without_server_flags(argv))
    return 0


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: the light client for `--server`, else the full CLI."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] != "serve" and wants_server(args):
        sys.exit(run(args))
    # Lazy: the full command line imports typer and rich, which `--server` must not pay for.
    from postcheck.cli.app import main as cli_main

    # `--server init` and `--server serve` run here, as `init` and `serve`.
    cli_main(_without_server_flags(args) if "--server" in args else args)
