"""The console-script entry point, and the light client of the warm server.

`postcheck --server draft.txt` (or `POSTCHECK_SERVER=1`) must start faster than the prose
linters people already run, which is far less than importing spaCy takes. So this module
imports only the standard library: it finds (or starts) the user's `postcheck serve`
process, sends it the command line, the current folder and the environment, and writes
back exactly what the server's run of the same command line printed, with its exit status.
The server reads the drafts itself (same user, same folder); standard input is sent only
when the command asks for it. Anything that goes wrong with the server falls back to an
ordinary in-process run, so the output never depends on whether the server was used.

Frames on the socket: one type byte, a 4-byte big-endian length, the payload.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import struct
import sys
import time
from pathlib import Path

#: `1`/`true`/`yes` sends every check to the server, as `--server` does.
SERVER_ENV = "POSTCHECK_SERVER"
#: Where the socket lives (default: `$XDG_RUNTIME_DIR/postcheck`, or a private temp folder).
SOCKET_DIR_ENV = "POSTCHECK_SOCKET_DIR"
#: Seconds the server waits for a request before it exits by itself.
IDLE_TIMEOUT = 900.0
#: Largest standard input sent to the server (a request); larger input runs in process.
MAX_STDIN = 64 * 1024 * 1024
#: How long a client waits for a server it started to accept connections.
START_TIMEOUT = 60.0

REQUEST, STDIN_WANTED, STDIN_DATA, STDOUT, STDERR, EXIT = b"R", b"I", b"D", b"O", b"E", b"X"
_HEADER = struct.Struct(">cI")


class ServerUnavailable(Exception):
    """No answer from a server: the caller runs the check in process instead."""


# ------------------------------------------------------------------------------ framing


def send_frame(sock: socket.socket, kind: bytes, payload: bytes = b"") -> None:
    sock.sendall(_HEADER.pack(kind, len(payload)) + payload)


def recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks = []
    while n:
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise ConnectionError("connection closed")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def recv_frame(sock: socket.socket, limit: int) -> tuple[bytes, bytes]:
    kind, length = _HEADER.unpack(recv_exact(sock, _HEADER.size))
    if length > limit:
        raise ValueError(f"frame of {length} bytes is over the limit of {limit}")
    return kind, recv_exact(sock, length)


# ---------------------------------------------------------------------------- locations


def socket_dir() -> Path:
    """A folder only this user can enter: the runtime folder, or one in the temp folder."""
    custom = os.environ.get(SOCKET_DIR_ENV)
    if custom:
        return Path(custom)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return Path(runtime) / "postcheck"
    import tempfile

    return Path(tempfile.gettempdir()) / f"postcheck-{os.getuid()}"


def private_dir(path: Path) -> Path:
    """Create the socket folder 0700, and refuse one that another user could enter."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.lstat()
    import stat

    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise ServerUnavailable(f"{path} is not a folder of this user")
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def _code_stamp() -> str:
    """Size and mtime of postcheck's own modules: edited code gets a fresh server."""
    root = Path(__file__).parent
    parts = []
    for folder in (root, root / "formatters", root / "ruletypes"):
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".py"):
                        st = entry.stat()
                        parts.append(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            continue
    return "\n".join(sorted(parts))


#: An explicit socket path (tests, benchmarks); default: one per installation in socket_dir().
SOCKET_ENV = "POSTCHECK_SOCKET"


def socket_path() -> Path:
    """One server per interpreter, installation, code version and model choice."""
    explicit = os.environ.get(SOCKET_ENV)
    if explicit:
        return Path(explicit)
    identity = "\0".join(
        [
            sys.executable,
            str(Path(__file__).parent),
            _code_stamp(),
            os.environ.get("POSTCHECK_MODEL", ""),
        ]
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return socket_dir() / f"server-{digest}.sock"


# -------------------------------------------------------------------------------- client


def wants_server(argv: list[str]) -> bool:
    """`--server` on the command line, or POSTCHECK_SERVER set (and no `--no-server`)."""
    if "--no-server" in argv:
        return False
    if "--server" in argv:
        return True
    return os.environ.get(SERVER_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _connect(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        raise
    return sock


def _start_server(path: Path) -> None:
    """Start `postcheck serve` in the background, detached from this terminal."""
    import subprocess

    subprocess.Popen(
        [sys.executable, "-m", "postcheck", "serve", "--socket", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def connect(*, start: bool = True) -> socket.socket:
    """A connection to the user's server, started first when there is none."""
    path = socket_path()
    try:
        return _connect(path)
    except OSError:
        if not start:
            raise ServerUnavailable("no server") from None
    private_dir(path.parent)
    _start_server(path)
    deadline = time.monotonic() + START_TIMEOUT
    delay = 0.005
    while time.monotonic() < deadline:
        time.sleep(delay)
        delay = min(delay * 1.5, 0.1)
        try:
            return _connect(path)
        except OSError:
            continue
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
    args = [a for a in argv if a not in ("--server", "--no-server")]
    body = {"argv": args, "cwd": os.getcwd(), "env": dict(os.environ), **_terminal()}
    send_frame(sock, REQUEST, json.dumps(body).encode())
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
    if _stdin_read is not None:
        import io

        sys.stdin = io.TextIOWrapper(io.BytesIO(_stdin_read), encoding="utf-8")
    from .cli import main as cli_main

    cli_main([a for a in argv if a not in ("--server", "--no-server")])
    return 0


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: the light client for `--server`, else the full CLI."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] not in ("serve",) and wants_server(args):
        sys.exit(run(args))
    from .cli import main as cli_main

    cli_main(args)
