"""A plain (non-editable) install must carry the rule packs and topic lists."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
    )
    return next(out.glob("postcheck-*.whl"))


def test_wheel_contains_rules_and_topics(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("postcheck/rules/rijk/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("postcheck/rules/topics/") and n.endswith(".yaml") for n in names)


def test_wheel_contains_the_json_schemas(wheel: Path):
    """`postcheck schema NAME` prints these files, so an installed postcheck needs them."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("profile", "rule-pack", "report"):
        assert f"postcheck/schemas/{name}.schema.json" in names


def test_installed_wheel_checks_a_draft_outside_the_checkout(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    draft = tmp_path / "draft.txt"
    draft.write_text("De Kamerbrief ligt al klaar 😉", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import postcheck, sys; from postcheck.packs.loading import data_dir; "
        "print(postcheck.__file__, data_dir(), file=sys.stderr); "
        "from postcheck.cli.app import main; main()"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "--profile",
            str(REPO / "profiles" / "asiel.yaml"),
            "--format",
            "json",
            str(draft),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert str(target) in proc.stderr.splitlines()[0]
    report = json.loads(proc.stdout)
    assert report["results"][0]["verdict"] == "stop"
