"""Every way of running a check gives the same JSON, byte for byte.

The speed work (disk cache, term tables, batching, `--jobs`, the warm server) must never
change a result, so one corpus of Dutch and English drafts, many with findings, goes
through each path: cold single-draft runs with an empty cache, one batch run with the
cache warm, the same batch without the cache, with `--jobs 2`, and through
`postcheck --server`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import corpus  # noqa: E402

PROFILE = str(REPO / "profiles" / "asiel.yaml")


def postcheck(*args: str, env: dict[str, str], stdin: str | None = None) -> bytes:
    proc = subprocess.run(
        [sys.executable, "-m", "postcheck", *args],
        input=stdin.encode() if stdin is not None else None,
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return proc.stdout


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("drafts")
    corpus.write_files(folder, 36, seed=21)
    (folder / "post-999998.txt").write_text(
        "Wat een stelletje prutsers bij de VVD, knap hoor.\nBel 06-12345678.", encoding="utf-8"
    )
    (folder / "post-999999.txt").write_text(
        "De Kamerbrief over de asielnoodmaatregelen ligt al klaar 🤫 #asiel", encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = dict(os.environ)
    out["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    out["POSTCHECK_SOCKET"] = str(tmp_path_factory.mktemp("sock") / "s.sock")
    out.pop("POSTCHECK_SERVER", None)
    return out


@pytest.fixture(scope="module")
def server(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    path = env["POSTCHECK_SOCKET"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "postcheck", "serve", "--socket", path, "--idle-timeout", "120"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.socket(socket.AF_UNIX) as probe:
                probe.connect(path)
            break
        except OSError:
            time.sleep(0.05)
    yield proc
    proc.terminate()
    proc.wait(timeout=30)


def test_every_path_gives_the_same_json(
    drafts: Path, env: dict[str, str], server: subprocess.Popen[bytes]
) -> None:
    files = sorted(str(p) for p in drafts.glob("*.txt"))
    common = ["--format", "json", "--profile", PROFILE]

    # Cold: single drafts with an empty cache (the first run fills it).
    singles = [postcheck(*common, f, env=env) for f in files[:3] + files[-2:]]
    batch = postcheck(*common, *files, env=env)
    results = json.loads(batch)["results"]
    profile = json.loads(batch)["profile"]  # one profile: the same section for every run
    assert len(results) == len(files)
    assert sum(len(r["findings"]) for r in results) > 20  # the corpus does trip rules
    assert {r["language"] for r in results} == {"nl", "en"}
    for single, result in zip(singles, results[:3] + results[-2:], strict=True):
        report = {"schema": "postcheck/2", "results": [result], "profile": profile}
        assert single == (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode()

    uncached = postcheck(*common, *files, env={**env, "POSTCHECK_NO_CACHE": "1"})
    jobs = postcheck(*common, "--jobs", "2", *files, env={**env, "POSTCHECK_JOBS_MIN": "2"})
    spawned = postcheck(
        *common,
        "--jobs",
        "2",
        *files,
        env={**env, "POSTCHECK_JOBS_MIN": "2", "POSTCHECK_JOBS_START": "spawn"},
    )
    served = postcheck("--server", *common, *files, env=env)
    served_again = postcheck(*common, *files, env={**env, "POSTCHECK_SERVER": "1"})
    assert server.poll() is None
    assert uncached == batch
    assert jobs == batch
    assert spawned == batch
    assert served == batch
    assert served_again == batch


def test_jsonl_and_stdin_through_the_server(
    drafts: Path, env: dict[str, str], server: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    lines = tmp_path / "drafts.jsonl"
    corpus.write_jsonl(lines, 30, seed=4)
    common = ["--format", "json", "--profile", PROFILE]
    local = postcheck(*common, "--jsonl", str(lines), env=env)
    assert postcheck("--server", *common, "--jsonl", str(lines), env=env) == local
    text = (drafts / "post-999998.txt").read_text(encoding="utf-8")
    assert postcheck("--server", *common, env=env, stdin=text) == postcheck(
        *common, env=env, stdin=text
    )
    assert postcheck("--server", *common, "-", env=env, stdin=text) == postcheck(
        *common, "-", env=env, stdin=text
    )


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_jsonl_batch_with_jobs(env: dict[str, str], tmp_path: Path, start: str) -> None:
    """Workers parse their own lines: broken lines and a line's own profile still come
    out as with one process, in the same place, in every output format."""
    lines = tmp_path / "drafts.jsonl"
    corpus.write_jsonl(lines, 40, seed=6)
    with lines.open("a", encoding="utf-8") as fh:
        fh.write("not json\n\n")
        fh.write(json.dumps({"id": "own", "text": "Ik vind de VVD dom.", "profile": {}}) + "\n")
        fh.write(json.dumps({"id": "bad", "text": "Hallo", "profile": {"role": 5}}) + "\n")
    lines.write_text(lines.read_text(encoding="utf-8") * 2, encoding="utf-8")
    parallel = {**env, "POSTCHECK_JOBS_MIN": "2", "POSTCHECK_JOBS_START": start}
    for fmt in ("json", "sarif", "text"):
        common = ["--format", fmt, "--profile", PROFILE, "--jsonl", str(lines)]
        one = subprocess.run(
            [sys.executable, "-m", "postcheck", *common], capture_output=True, env=env
        )
        two = subprocess.run(
            [sys.executable, "-m", "postcheck", *common, "--jobs", "2"],
            capture_output=True,
            env=parallel,
        )
        assert one.returncode == two.returncode == 2  # the broken lines
        assert one.stdout == two.stdout
        assert one.stderr == two.stderr
        assert b"not valid JSON" in one.stderr
