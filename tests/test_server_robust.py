"""The warm server under a careless or hostile local user (issue 13, items 3, 9, 10, 14).

One client must not stall the others; the server must not damage what lies at its path;
a server that cannot start must cost the client nothing; and commands that cannot run
inside a request never go there. The servers here run in a thread of the test process
with a stand-in for the command line, so what they do is counted, not timed.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from postcheck.cli import client
from postcheck.errors import PostcheckError
from postcheck.server import protocol
from postcheck.server import serve as server


@pytest.fixture
def quick_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, list[list[str]]]]:
    """A server in a thread whose checks print their argv; no spaCy, no packs."""
    monkeypatch.chdir(tmp_path)  # the server moves to /; the test's folder comes back after
    monkeypatch.setattr(server, "_warm_up", lambda: None)
    monkeypatch.setattr(server.memo, "remember_in_process", lambda: None)
    monkeypatch.setattr(server.session, "make_engine", server.session.make_engine)
    path = tmp_path / "run" / "s.sock"
    ran: list[list[str]] = []

    def run(argv: list[str]) -> None:
        ran.append(argv)
        sys.stdout.write(" ".join(argv) + "\n")

    thread = threading.Thread(target=server.serve, args=(run, path, 3.0), daemon=True)
    thread.start()
    for _ in range(2000):
        if path.exists():
            break
        time.sleep(0.01)
    yield path, ran
    thread.join(timeout=30)


def _request(argv: list[str]) -> bytes:
    body = json.dumps({"argv": argv, "cwd": "/"}).encode()
    return struct.pack(">cI", protocol.REQUEST, len(body)) + body


def _answer(sock: socket.socket) -> dict[bytes, bytes]:
    frames: dict[bytes, bytes] = {}
    sock.settimeout(30)
    while True:
        kind, payload = protocol.recv_frame(sock, 1 << 20)
        frames[kind] = payload
        if kind == protocol.EXIT:
            return frames


def _closed(sock: socket.socket) -> bool:
    """Whether the server has closed its end (without waiting for it to)."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


# --------------------------------------------------------- item 3: nobody stalls the rest


def test_a_silent_client_does_not_hold_up_the_next(
    quick_server: tuple[Path, list[list[str]]],
) -> None:
    path, _ = quick_server
    with socket.socket(socket.AF_UNIX) as silent, socket.socket(socket.AF_UNIX) as other:
        silent.connect(str(path))  # connects, then says nothing
        other.connect(str(path))
        other.sendall(_request(["a.txt"]))
        frames = _answer(other)
        # Answered while the silent client is still connected, not after it was dropped.
        assert frames[protocol.STDOUT] == b"a.txt\n" and frames[protocol.EXIT] == b"0"
        assert not _closed(silent)


def test_a_trickling_request_is_cut_off_by_one_deadline(
    quick_server: tuple[Path, list[list[str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deadline is for the whole request: a byte now and then does not extend it."""
    monkeypatch.setattr(protocol, "REQUEST_TIMEOUT", 0.5)
    path, ran = quick_server
    request = _request(["slow.txt"])
    sent = 0
    with socket.socket(socket.AF_UNIX) as slow:
        slow.connect(str(path))
        try:
            for byte in request:
                slow.sendall(bytes([byte]))
                sent += 1
                time.sleep(0.05)
                if _closed(slow):
                    break
        except OSError:
            pass
    assert sent < len(request) and ran == []


def test_the_client_checks_in_process_when_the_server_is_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that takes the connection but never starts on it: the client gives up."""
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    path = folder / "s.sock"
    monkeypatch.setenv("POSTCHECK_SOCKET", str(path))
    monkeypatch.setattr(protocol, "ACCEPT_WAIT", 0.3, raising=False)
    monkeypatch.setattr(client, "ACCEPT_WAIT", 0.3, raising=False)
    busy = socket.socket(socket.AF_UNIX)
    busy.bind(str(path))
    busy.listen(4)
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(busy.accept()[0]), daemon=True).start()
    local: list[list[str]] = []
    import postcheck.cli.app

    monkeypatch.setattr(postcheck.cli.app, "main", local.append)
    done: list[int] = []
    thread = threading.Thread(target=lambda: done.append(client.run(["--server", "a.txt"])))
    thread.daemon = True
    thread.start()
    thread.join(timeout=60)
    busy.close()
    for conn in held:
        conn.close()
    assert done == [0] and local == [["a.txt"]]


def test_a_client_that_gave_up_is_not_run(
    quick_server: tuple[Path, list[list[str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Queued behind a long check, a client that left is skipped, not run for no one."""
    path, ran = quick_server
    release, started = threading.Event(), threading.Event()
    real_answer = server.answer

    def slow_answer(conn: socket.socket, body: dict[str, object], run: server.Run):
        if body["argv"] == ["long.txt"]:
            started.set()
            release.wait(30)
        return real_answer(conn, body, run)

    monkeypatch.setattr(server, "answer", slow_answer)
    with socket.socket(socket.AF_UNIX) as first:
        first.connect(str(path))
        first.sendall(_request(["long.txt"]))
        assert started.wait(30)  # the long check is running; the next one must queue
        with socket.socket(socket.AF_UNIX) as gone:
            gone.connect(str(path))
            gone.sendall(_request(["gone.txt"]))
            time.sleep(0.3)  # let the server read it (it is queued, not run)
        release.set()
        assert _answer(first)[protocol.STDOUT] == b"long.txt\n"
    with socket.socket(socket.AF_UNIX) as last:
        last.connect(str(path))
        last.sendall(_request(["last.txt"]))
        _answer(last)
    assert ran == [["long.txt"], ["last.txt"]]


def test_serve_is_never_sent_to_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """`postcheck --server serve` would run a second server inside a request."""

    def no_server(argv: list[str]) -> int:
        raise AssertionError(f"sent to the server: {argv}")

    monkeypatch.setattr(client, "run", no_server)
    local: list[list[str]] = []
    import postcheck.cli.app

    monkeypatch.setattr(postcheck.cli.app, "main", local.append)
    client.main(["--server", "serve"])
    monkeypatch.setenv("POSTCHECK_SERVER", "1")
    client.main(["init"])
    client.main(["--server", "init", "--no-input"])
    assert local == [["serve"], ["init"], ["init", "--no-input"]]


def test_the_server_refuses_to_run_serve_or_init(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[list[str]] = []
    ours, theirs = socket.socketpair(socket.AF_UNIX)
    with ours, theirs:
        theirs.sendall(_request(["serve"]))
        server.handle(ours, ran.append)
        frames = _answer(theirs)
    assert ran == []
    assert frames[protocol.EXIT] == b"2"
    assert frames[protocol.STDERR] == (
        b"postcheck: error: 'serve' runs only outside the warm server\n"
    )


def test_a_server_does_not_start_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server._serving, "is_set", lambda: True)
    with pytest.raises(PostcheckError, match="cannot start another server"):
        server.serve(lambda argv: None, Path("/nonexistent/s.sock"))


# ------------------------------------------------- item 9: what is at the path is left alone


def test_a_regular_file_at_the_socket_path_survives(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    victim = folder / "notes.txt"
    victim.write_text("mijn aantekeningen", encoding="utf-8")
    with pytest.raises(PostcheckError, match="exists and is not a socket"):
        server.serve(lambda argv: None, victim, 1.0)
    assert victim.read_text(encoding="utf-8") == "mijn aantekeningen"


def test_the_parent_folder_keeps_its_mode(tmp_path: Path) -> None:
    """`POSTCHECK_SOCKET=/tmp/x.sock` must not take the sticky bit off /tmp."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    with pytest.raises(PostcheckError, match="not mode 0700"):
        server.serve(lambda argv: None, shared / "x.sock", 1.0)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert not (shared / "x.sock").exists()


def test_a_missing_socket_folder_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "run"
    protocol.private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    protocol.private_dir(folder)  # and again, as it is now


# --------------------------------------------------- item 10: start-up and the server's cwd


def test_a_socket_path_too_long_to_bind_costs_no_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / ("d" * 60) / ("e" * 60)
    folder.mkdir(parents=True, mode=0o700)
    folder.chmod(0o700)
    monkeypatch.setenv("POSTCHECK_SOCKET", str(folder / "s.sock"))
    started: list[Path] = []
    monkeypatch.setattr(client, "_start_server", started.append)
    with pytest.raises(protocol.ServerUnavailable, match="too long"):
        client.connect()
    assert started == []


def test_serve_refuses_a_socket_path_too_long(tmp_path: Path) -> None:
    path = tmp_path / ("d" * 60) / ("e" * 60) / "s.sock"
    with pytest.raises(PostcheckError, match="at most"):
        server.serve(lambda argv: None, path, 1.0)


def test_the_client_stops_waiting_when_its_server_exits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("POSTCHECK_SOCKET", str(folder / "s.sock"))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    monkeypatch.setattr(client, "_start_server", lambda path: gone)
    with pytest.raises(protocol.ServerUnavailable, match="exited"):
        client.connect()


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs /proc")
def test_the_server_holds_no_client_folder(tmp_path: Path) -> None:
    """Started from a folder that is then deleted, the server still answers (from /)."""
    start = tmp_path / "mnt"
    start.mkdir()
    path = tmp_path / "run" / "s.sock"
    env = {**os.environ, "POSTCHECK_SOCKET": str(path), "XDG_CACHE_HOME": str(tmp_path / "c")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "postcheck", "serve", "--socket", str(path)],
        cwd=start,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert os.readlink(f"/proc/{proc.pid}/cwd") == "/"
        start.rmdir()
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(path))
            sock.sendall(_request(["--version"]))
            sock.settimeout(120)
            frames = _answer(sock)
        assert frames[protocol.EXIT] == b"0" and b"postcheck" in frames[protocol.STDOUT]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_socket_appears_only_once_it_listens(tmp_path: Path) -> None:
    """Bound under a private name and moved into place: whoever sees the path can connect,
    and nothing of the staging is left beside it."""
    path = tmp_path / "s.sock"
    sock = server._bind(path)
    try:
        assert sorted(p.name for p in tmp_path.iterdir()) == ["s.sock"]
        assert stat.S_IMODE(os.lstat(path).st_mode) == 0o600
        with socket.socket(socket.AF_UNIX) as probe:
            probe.connect(str(path))
    finally:
        sock.close()
