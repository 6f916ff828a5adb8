"""The warm server: private socket, edits picked up, limits, and the light client."""

from __future__ import annotations

import json
import os
import socket
import stat
import struct
import subprocess
import sys
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
