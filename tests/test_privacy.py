"""Drafts never leave the machine: no network anywhere, no draft on disk, none in the output
beyond the flagged spans, and a warm server only its own user can reach.

Two independent guards prove the first: in process, the socket functions are replaced by
ones that refuse anything but a Unix socket; in subprocesses (the command line and the
warm server, with spaCy, simplemma, pydantic and rich loaded), a `sitecustomize` installs
an audit hook that refuses every name lookup, every connect or send other than on a Unix
socket and every bind beyond loopback, and logs each attempt, so code that swallowed the
error would still be caught. (Creating a socket is allowed: importing spaCy imports
urllib3, which binds an IPv6 socket to ::1 to learn whether the machine has IPv6. No
packet leaves the machine for that; a stricter first version of this guard caught it.)
"""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from postcheck.cli.app import app, main
from postcheck.server import serve as server
from test_robust_inputs import PACK  # one phone-number rule, shared

REPO = Path(__file__).resolve().parents[1]
PROFILE = REPO / "profiles" / "asiel.yaml"
runner = CliRunner()

#: A word no dictionary, rule or cache holds: if it is found on disk, a draft was written.
MARKER = "zqvxmarker" + uuid.uuid4().hex[:10]
DRAFT = f"Interne notitie {MARKER}: de Kamerbrief ligt al klaar. Bel me op 0612345678."


def _write_docx(path: Path, text: str) -> None:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))


@pytest.fixture
def drafts(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "drafts"
    folder.mkdir()
    txt = folder / "concept.txt"
    txt.write_text(DRAFT, encoding="utf-8")
    _write_docx(folder / "concept.docx", DRAFT)
    batch = folder / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "text": DRAFT, "profile": str(PROFILE)}) + "\n", encoding="utf-8"
    )
    return {"folder": folder, "txt": txt, "jsonl": batch}


# ------------------------------------------------------------------- in process: sockets


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way to reach another machine refuses, and says who tried."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:] if args else ''}")
            raise NetworkUsed(f"postcheck tried to use the network: {name}")

        return blocked

    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> Any:
        if sock.family == socket.AF_UNIX:
            return real_connect(sock, address)
        return refuse("socket.connect")(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    return attempts


COMMANDS = [
    ["--profile", str(PROFILE), "{txt}"],
    ["--profile", str(PROFILE), "--format", "json", "{folder}"],
    ["--profile", str(PROFILE), "--format", "sarif", "{folder}"],
    ["--profile", str(PROFILE), "--format", "github", "--platform", "x", "{txt}"],
    ["--quiet", "--lang", "en", "{txt}"],
    ["--jsonl", "{jsonl}", "--format", "json"],
    ["rules"],
    ["explain", "RIJK-PRIV-002"],
    ["validate"],
    ["validate", str(PROFILE)],
    ["schema", "report"],
    ["profile", "show", "--profile", str(PROFILE)],
    ["init", "--no-input", "--output", "{folder}/me.yaml", "--function", "X", "--organisation",
     "Y"],
]  # fmt: skip


def test_whole_cli_in_process_with_sockets_blocked(no_network, drafts, tmp_path):
    for template in COMMANDS:
        args = [a.format(**{k: str(v) for k, v in drafts.items()}) for a in template]
        result = runner.invoke(app, args)
        assert not isinstance(result.exception, NetworkUsed), (args, no_network)
        assert result.exit_code in (0, 1), (args, result.output)
    assert no_network == []


def test_the_guard_itself_works(no_network):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("192.0.2.1", 80), timeout=0.01)
    assert len(no_network) == 1 and no_network[0].startswith("socket.create_connection")


# ------------------------------------------------------- subprocesses: the whole program

GUARD = """
import ipaddress, os, socket, sys

_LOG = os.environ["POSTCHECK_TEST_NET_LOG"]
_NAMES = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
          "socket.getnameinfo")

def _loopback(address):
    try:
        return ipaddress.ip_address(address[0]).is_loopback
    except (TypeError, ValueError, IndexError):
        return False

def _hook(event, args):
    bad = None
    if event in _NAMES:
        bad = f"{event} {args[0]!r}"
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        if getattr(args[0], "family", None) != socket.AF_UNIX:
            bad = f"{event} {args[1]!r}"
    elif event == "socket.bind":
        if getattr(args[0], "family", None) != socket.AF_UNIX and not _loopback(args[1]):
            bad = f"{event} {args[1]!r}"
    if bad:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {bad}\\n")
        raise PermissionError(f"network use refused by the test guard: {bad}")

sys.addaudithook(_hook)
"""


@pytest.fixture(scope="module")
def guarded_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The CLI and the warm server run with the network guard and private state folders.

    Module-scoped: one set of runs serves both the network and the on-disk test.
    """
    base = tmp_path_factory.mktemp("guarded")
    guard = base / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    state = {n: base / "state" / n for n in ("cache", "runtime", "tmp", "home", "config", "data")}
    for folder in state.values():
        folder.mkdir(parents=True)
    state["runtime"].chmod(0o700)
    log = base / "net.log"
    folder = base / "drafts"
    folder.mkdir()
    (folder / "concept.txt").write_text(DRAFT, encoding="utf-8")
    _write_docx(folder / "concept.docx", DRAFT)
    (folder / "batch.jsonl").write_text(json.dumps({"text": DRAFT}) + "\n", encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("POSTCHECK_", "XDG_"))},
        "PYTHONPATH": os.pathsep.join([str(guard), os.environ.get("PYTHONPATH", "")]),
        "POSTCHECK_TEST_NET_LOG": str(log),
        "XDG_CACHE_HOME": str(state["cache"]),
        "XDG_RUNTIME_DIR": str(state["runtime"]),
        "XDG_CONFIG_HOME": str(state["config"]),
        "XDG_DATA_HOME": str(state["data"]),
        "TMPDIR": str(state["tmp"]),
        "HOME": str(state["home"]),
    }
    # The guard is live: a subprocess that tries is stopped and logged.
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 9))"],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert probe.returncode != 0 and b"refused by the test guard" in probe.stderr
    probe_log = log.read_text(encoding="utf-8")
    log.unlink()

    def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "postcheck", *args],
            env=env,
            cwd=folder,
            input=stdin,
            capture_output=True,
            timeout=300,
        )

    runs = [
        cli("--profile", str(PROFILE), "concept.txt"),
        cli("--profile", str(PROFILE), "--format", "json", "."),
        cli("--profile", str(PROFILE), "--format", "sarif", "--platform", "mastodon", "."),
        cli("--jsonl", "batch.jsonl", "--format", "json"),
        cli("--profile", str(PROFILE), "-", stdin=DRAFT.encode()),
        cli("validate"),
    ]
    sock = state["runtime"] / "postcheck" / "test.sock"
    serve = subprocess.Popen(
        [sys.executable, "-m", "postcheck", "serve", "--socket", str(sock), "--idle-timeout",
         "120"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not sock.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        env["POSTCHECK_SOCKET"] = str(sock)
        runs += [
            cli("--server", "--profile", str(PROFILE), "--format", "json", "concept.txt"),
            cli("--server", "--profile", str(PROFILE), "-", stdin=DRAFT.encode()),
            cli("--server", "--jsonl", "-", stdin=json.dumps({"text": DRAFT}).encode()),
        ]
        served_via_socket = sock.exists()
    finally:
        serve.terminate()
        serve.wait(timeout=60)
    yield {
        "runs": runs,
        "log": log,
        "probe_log": probe_log,
        "state": state,
        "folder": folder,
        "served": served_via_socket,
    }


def test_the_program_opens_no_network_connection(guarded_run):
    assert "socket.getaddrinfo '192.0.2.1'" in guarded_run["probe_log"]
    for run in guarded_run["runs"]:
        assert run.returncode in (0, 1), (run.args, run.stderr)
        assert b"refused by the test guard" not in run.stderr
    assert guarded_run["served"]
    assert not guarded_run["log"].exists(), guarded_run["log"].read_text()


def test_no_draft_is_ever_written_to_disk(guarded_run):
    state = guarded_run["state"]
    cache_files = [p for p in state["cache"].rglob("*") if p.is_file()]
    assert cache_files, "the cache was written (else this test would prove nothing)"
    needles = [MARKER.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]
    for folder in state.values():
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not any(n in data for n in needles), f"draft text found in {path}"
    written = sorted(p.name for p in guarded_run["folder"].iterdir())
    assert written == ["batch.jsonl", "concept.docx", "concept.txt"]


# ---------------------------------------------------------------------------- the output


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "quiet"])
def test_machine_output_holds_only_the_flagged_spans(tmp_path, fmt):
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    profile = tmp_path / "me.yaml"
    profile.write_text("function_title: X\norganisation: Y\npacks: []\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text(f"Vertrouwelijk: {MARKER}.\nBel 0612345678 na het overleg.", encoding="utf-8")
    args = ["--quiet"] if fmt == "quiet" else ["--format", fmt]
    result = runner.invoke(
        app, ["--profile", str(profile), "--rules", str(pack), *args, str(draft)]
    )
    assert result.exit_code == 1
    assert MARKER not in result.stdout and "Vertrouwelijk" not in result.stdout
    assert "overleg" not in result.stdout
    if fmt in ("json", "sarif"):
        assert '"text": "0612345678"' in result.stdout


# ---------------------------------------------------------------------- the warm server


def test_the_server_refuses_another_user(monkeypatch):
    """SO_PEERCRED names the peer's user id; another one gets no answer at all."""
    if not hasattr(socket, "SO_PEERCRED"):
        pytest.skip("SO_PEERCRED is Linux only; elsewhere the 0700 folder is the guard")
    real_getuid = os.getuid
    ours, theirs = socket.socketpair(socket.AF_UNIX)
    with ours, theirs:
        request = json.dumps({"argv": ["--version"], "cwd": "/"}).encode()
        theirs.sendall(struct.pack(">cI", b"R", len(request)) + request)
        theirs.shutdown(socket.SHUT_WR)
        monkeypatch.setattr(server.os, "getuid", lambda: os.geteuid() + 4242)
        server.handle(ours, main)
        ours.shutdown(socket.SHUT_RDWR)
        assert theirs.recv(1) == b""
    # The same request from the same user is answered.
    ours, theirs = socket.socketpair(socket.AF_UNIX)
    with ours, theirs:
        theirs.sendall(struct.pack(">cI", b"R", len(request)) + request)
        monkeypatch.setattr(server.os, "getuid", real_getuid)
        server.handle(ours, main)
        assert theirs.recv(1) == b"A"  # the server says it started on the request
