"""The warm server: private socket, edits picked up, limits, and the light client."""

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
from postcheck.server import serve as server


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    path = tmp_path / "run" / "s.sock"
    env = {**os.environ, "POSTCHECK_SOCKET": str(path), "XDG_CACHE_HOME": str(tmp_path / "c")}
    env.pop("POSTCHECK_SERVER", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "postcheck", "serve", "--socket", str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    yield path, env
    proc.terminate()
    proc.wait(timeout=30)


def run(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "postcheck", "--server", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        timeout=300,
    )


def test_socket_is_private(served: tuple[Path, dict[str, str]]) -> None:
    path, _ = served
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_changed_profile_is_picked_up(served: tuple[Path, dict[str, str]], tmp_path: Path):
    _, env = served
    draft = tmp_path / "d.txt"
    draft.write_text("Ik vind het nieuwe asielbeleid onverstandig.", encoding="utf-8")
    profile = tmp_path / "me.yaml"
    profile.write_text(
        "function_title: beleidsmedewerker\norganisation: Gemeente Utrecht\n"
        "beleidsterrein: [sport]\n",
        encoding="utf-8",
    )
    args = ["--format", "json", "--profile", "me.yaml", "d.txt"]
    first = json.loads(run(env, *args, cwd=tmp_path).stdout)["results"][0]["topic"]
    profile.write_text(
        "function_title: beleidsmedewerker asiel\norganisation: Ministerie van Justitie en "
        "Veiligheid\nbeleidsterrein: [asiel en migratie]\n",
        encoding="utf-8",
    )
    second = run(env, *args, cwd=tmp_path)
    env_local = {k: v for k, v in env.items() if k != "POSTCHECK_SOCKET"}
    local = subprocess.run(
        [sys.executable, "-m", "postcheck", *args], env=env_local, cwd=tmp_path, capture_output=True
    )
    assert second.stdout == local.stdout
    assert json.loads(second.stdout)["results"][0]["topic"] != first


def test_errors_and_exit_status_come_back(served: tuple[Path, dict[str, str]], tmp_path: Path):
    _, env = served
    missing = run(env, "--format", "json", "nope.txt", cwd=tmp_path)
    assert missing.returncode == 2
    assert b"nope.txt" in missing.stderr
    usage = run(env, "--format", "xml", "nope.txt", cwd=tmp_path)
    assert usage.returncode == 2 and usage.stderr.startswith(b"postcheck: error:")


def test_oversized_requests_are_refused(served: tuple[Path, dict[str, str]]) -> None:
    path, _ = served
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(str(path))
        sock.sendall(struct.pack(">cI", client.REQUEST, server.MAX_REQUEST + 1) + b"{")
        sock.settimeout(30)
        try:
            answer = sock.recv(1)
        except ConnectionResetError:
            answer = b""
        assert answer == b""  # closed without an answer


def test_client_imports_no_heavy_modules() -> None:
    code = (
        "import sys; import postcheck.cli.client; "
        "heavy = ('spacy', 'typer', 'rich', 'pydantic', 'yaml'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------- the client trusts only its own server


class _Listener:
    """A socket that records every byte a client sends it (a would-be impersonator)."""

    def __init__(self, path: Path) -> None:
        self.received = b""
        self.accepted = 0
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.bind(str(path))
        self._sock.listen(4)
        self._sock.settimeout(5)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self._sock.accept()
        except OSError:
            return
        self.accepted += 1
        with conn:
            conn.settimeout(5)
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.received += chunk

    def close(self) -> None:
        """Stop listening, after giving a connection already made the time to be read."""
        self._thread.join(timeout=1.0)
        self._sock.close()
        self._thread.join(timeout=10)


def _socket_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = folder / "s.sock"
    monkeypatch.setenv("POSTCHECK_SOCKET", str(path))
    return path


def test_the_client_talks_to_its_own_private_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control for the refusals below: a 0700 folder of ours, our own listener."""
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    listener = _Listener(_socket_in(folder, monkeypatch))
    with client.connect(start=False) as sock:
        sock.sendall(b"hello")
    listener.close()
    assert listener.received == b"hello"


@pytest.mark.parametrize("mode", [0o755, 0o770, 0o777])
def test_a_folder_others_can_enter_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    listener = _Listener(_socket_in(folder, monkeypatch))
    folder.chmod(mode)
    with pytest.raises(server.protocol.ServerUnavailable):
        client.connect(start=False)
    listener.close()
    assert listener.accepted == 0 and listener.received == b""


def test_a_folder_of_another_user_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated: CI runs as one user, so the folder's owner is reported as someone else."""
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    listener = _Listener(_socket_in(folder, monkeypatch))
    real_lstat = os.lstat

    def foreign_lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        info = real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]
        if os.fspath(path) != str(folder):  # type: ignore[arg-type]
            return info
        fields = list(info)
        fields[4] = os.getuid() + 1  # st_uid
        return os.stat_result(fields)

    monkeypatch.setattr(os, "lstat", foreign_lstat)
    with pytest.raises(server.protocol.ServerUnavailable, match="another user"):
        client.connect(start=False)
    monkeypatch.undo()
    listener.close()
    assert listener.accepted == 0 and listener.received == b""


def test_a_symlinked_folder_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    listener = _Listener(real / "s.sock")
    (tmp_path / "run").symlink_to(real)
    _socket_in(tmp_path / "run", monkeypatch)
    with pytest.raises(server.protocol.ServerUnavailable, match="symbolic link"):
        client.connect(start=False)
    listener.close()
    assert listener.accepted == 0 and listener.received == b""


def test_a_server_of_another_user_gets_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated: the peer's SO_PEERCRED uid is reported as another user's."""
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    listener = _Listener(_socket_in(folder, monkeypatch))
    monkeypatch.setattr(client, "peer_uid", lambda sock: os.getuid() + 1)
    with pytest.raises(server.protocol.ServerUnavailable, match="another user"):
        client.connect(start=False)
    listener.close()
    assert listener.received == b""


def test_peer_uid_reads_so_peercred(tmp_path: Path) -> None:
    if getattr(socket, "SO_PEERCRED", None) is None:
        pytest.skip("no SO_PEERCRED here")
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with left, right:
        assert server.protocol.peer_uid(left) == os.getuid()


def test_a_refused_server_means_a_local_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`postcheck --server` with an impersonated socket checks in process, sends nothing."""
    folder = tmp_path / "run"
    folder.mkdir()
    listener = _Listener(_socket_in(folder, monkeypatch))
    folder.chmod(0o777)
    started: list[Path] = []
    monkeypatch.setattr(client, "_start_server", started.append)
    local: list[list[str]] = []
    import postcheck.cli.app

    monkeypatch.setattr(postcheck.cli.app, "main", local.append)
    assert client.run(["--server", "lek.txt"]) == 0
    listener.close()
    assert local == [["lek.txt"]]
    assert started == [] and listener.received == b""


def test_the_request_carries_only_what_a_check_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_API_TOKEN", "hunter2")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "xyz")
    monkeypatch.setenv("POSTCHECK_PROFILE", "me.yaml")
    monkeypatch.setenv("XDG_CACHE_HOME", "/c")
    monkeypatch.setenv("LC_ALL", "nl_NL.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    bodies: list[dict[str, object]] = []

    def answer() -> None:
        _kind, payload = server.protocol.recv_frame(theirs, 1 << 24)
        bodies.append(json.loads(payload))
        server.protocol.send_frame(theirs, client.ACCEPTED)
        server.protocol.send_frame(theirs, client.EXIT, b"0")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    with ours, theirs:
        assert client.request(["--server", "d.txt"], ours) == 0
        thread.join(timeout=10)
    env = bodies[0]["env"]
    assert isinstance(env, dict)
    assert "SECRET_API_TOKEN" not in env and "AWS_SECRET_ACCESS_KEY" not in env
    assert "PATH" not in env
    assert env["POSTCHECK_PROFILE"] == "me.yaml" and env["XDG_CACHE_HOME"] == "/c"
    assert env["LC_ALL"] == "nl_NL.UTF-8" and env["NO_COLOR"] == "1"
    assert bodies[0]["argv"] == ["d.txt"]
