"""The socket protocol between `postcheck --server` (the client) and `postcheck serve`.

Frames on the socket: one type byte, a 4-byte big-endian length, the payload. Also where
the socket lives (a folder only this user can enter) and which server a client talks to:
one per interpreter, installation, code version and model choice. Standard library only,
so the client stays light.
"""

from __future__ import annotations

import hashlib
import os
import socket
import stat
import struct
import sys
import time
from collections.abc import Mapping
from pathlib import Path

#: Where the socket lives (default: `$XDG_RUNTIME_DIR/postcheck`, or a private temp folder).
SOCKET_DIR_ENV = "POSTCHECK_SOCKET_DIR"
#: Seconds the server waits for a request before it exits by itself.
IDLE_TIMEOUT = 900.0
#: Largest standard input sent to the server (a request); larger input runs in process.
MAX_STDIN = 64 * 1024 * 1024
#: How long a client waits for a server it started to take its first request (loading
#: spaCy, the packs and the engines); the client gives up sooner when the server exits.
START_TIMEOUT = 60.0
#: How long a client waits for a running server to take its request (it serves one check
#: at a time); after that the check runs in process, so a busy server never stalls anyone.
ACCEPT_WAIT = 3.0
#: The whole request (command line, folder, environment) must arrive within this long.
REQUEST_TIMEOUT = 5.0
#: Standard input asked for in the middle of a check must arrive within this long; a slower
#: pipe runs in process instead (the client keeps what it read and checks it there).
STDIN_TIMEOUT = 10.0
#: Subcommands the client never sends: a server must not start a server inside a request,
#: and `init` asks its questions on the user's own terminal.
LOCAL_ONLY = frozenset({"serve", "init"})
#: Longest socket path a Unix socket can bind (`sun_path` holds 108 bytes on Linux, 104 on
#: macOS and the BSDs, the terminating NUL included).
MAX_SOCKET_PATH = 107 if sys.platform.startswith("linux") else 103

REQUEST, STDIN_WANTED, STDIN_DATA, STDOUT, STDERR, EXIT = b"R", b"I", b"D", b"O", b"E", b"X"
#: Sent by the server when it starts on a request: until then the client may give up.
ACCEPTED = b"A"
_HEADER = struct.Struct(">cI")


class ServerUnavailable(Exception):
    """No answer from a server: the caller runs the check in process instead."""


# ------------------------------------------------------------------------------ framing


def send_frame(sock: socket.socket, kind: bytes, payload: bytes = b"") -> None:
    sock.sendall(_HEADER.pack(kind, len(payload)) + payload)


def recv_exact(sock: socket.socket, n: int, deadline: float | None = None) -> bytes:
    """`n` bytes; `TimeoutError` when `deadline` (a `time.monotonic()` value) passes first.

    The deadline bounds the whole read, not each piece: a sender that trickles a byte at a
    time must not hold the reader for longer than one silent sender would.
    """
    chunks = []
    while n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the other side is too slow")
            sock.settimeout(left)
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise ConnectionError("connection closed")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def recv_frame(
    sock: socket.socket, limit: int, deadline: float | None = None
) -> tuple[bytes, bytes]:
    kind, length = _HEADER.unpack(recv_exact(sock, _HEADER.size, deadline))
    if length > limit:
        raise ValueError(f"frame of {length} bytes is over the limit of {limit}")
    return kind, recv_exact(sock, length, deadline)


def fits(path: Path) -> bool:
    """Whether a Unix socket can be bound at `path` (see `MAX_SOCKET_PATH`)."""
    return len(os.fsencode(path)) <= MAX_SOCKET_PATH


# ---------------------------------------------------------------------------- locations


def socket_dir() -> Path:
    """A folder only this user can enter: the runtime folder, or one in the temp folder."""
    custom = os.environ.get(SOCKET_DIR_ENV)
    if custom:
        return Path(custom)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return Path(runtime) / "postcheck"
    import tempfile  # lazy: start-up speed of the light client (most have XDG_RUNTIME_DIR)

    return Path(tempfile.gettempdir()) / f"postcheck-{os.getuid()}"


def private_dir(path: Path) -> Path:
    """The socket folder: created 0700 when missing, else refused unless already private.

    A folder that exists is never changed: `POSTCHECK_SOCKET=/tmp/x.sock` must not take the
    sticky bit off `/tmp` (or, as root, lock everyone out of it). Only a folder made here
    is set to 0700 exactly (the umask could have taken bits the owner needs).
    """
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=0o700)
        os.chmod(path, 0o700)
    else:
        os.chmod(path, 0o700)
    verify_private_dir(path)
    return path


def verify_private_dir(path: Path) -> None:
    """Refuse a socket folder that anyone but this user could have put a socket in.

    The client runs this before it connects: a folder another user owns (or can write to,
    or reaches through a symlink) may hold that user's socket under our socket's name, and
    the request carries the command line, the folder and the draft. `FileNotFoundError`
    when there is no folder yet (the caller creates it); `ServerUnavailable` otherwise.
    """
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise ServerUnavailable(f"{path} is a symbolic link")
    if not stat.S_ISDIR(info.st_mode):
        raise ServerUnavailable(f"{path} is not a folder")
    if info.st_uid != os.getuid():
        raise ServerUnavailable(f"{path} belongs to another user")
    if stat.S_IMODE(info.st_mode) != 0o700:
        raise ServerUnavailable(f"{path} is not mode 0700 (it is {stat.S_IMODE(info.st_mode):o})")


def peer_uid(sock: socket.socket) -> int | None:
    """The user id of the process at the other end (Linux: SO_PEERCRED); None elsewhere."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    creds = sock.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


#: The environment variables a check reads (postcheck's own, the cache and runtime folders,
#: the home folder, the locale and the terminal's size and colours). Only these go to the
#: server: the rest of a user's environment (tokens, keys, paths) is none of its business.
_FORWARDED_NAMES = frozenset(
    {"HOME", "LANG", "LANGUAGE", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM"}
)
_FORWARDED_PREFIXES = ("POSTCHECK_", "XDG_", "LC_")


def is_forwarded(name: str) -> bool:
    """Whether the variable `name` is sent with a request (see `_FORWARDED_NAMES`)."""
    return name in _FORWARDED_NAMES or name.startswith(_FORWARDED_PREFIXES)


def forwarded_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The part of `environ` that a check depends on, and so the part a request carries."""
    return {k: v for k, v in environ.items() if is_forwarded(k)}


#: postcheck's own folder (this module lives in `postcheck/server/`).
PACKAGE = Path(__file__).resolve().parents[1]


def _code_stamp() -> str:
    """Size and mtime of all of postcheck's modules: edited code gets a fresh server."""
    parts = []
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
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
            str(PACKAGE),
            _code_stamp(),
            os.environ.get("POSTCHECK_MODEL", ""),
        ]
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return socket_dir() / f"server-{digest}.sock"
