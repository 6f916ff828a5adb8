"""A real `pre-commit run` in a temporary git repository, with this repository's hooks.

pre-commit is run for real (its file filtering, its passing of file names, its output
rules), on the hook definitions of `.pre-commit-hooks.yaml`. Only the environment is not
built: the hooks run as `language: system` with the `postcheck` installed beside these
tests, since building one would install spaCy from a package index. Skipped, saying why,
when pre-commit or git is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
PRE_COMMIT = shutil.which("pre-commit") or shutil.which(
    "pre-commit", path=str(Path(sys.executable).parent)
)
POSTCHECK = shutil.which("postcheck", path=str(Path(sys.executable).parent))

pytestmark = [
    pytest.mark.skipif(
        PRE_COMMIT is None, reason="pre-commit is not installed (pip install pre-commit)"
    ),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(POSTCHECK is None, reason="the postcheck console script is not installed"),
]


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.fixture
def drafts_repo(tmp_path: Path) -> Path:
    """A repository of drafts whose config uses this repository's hooks, as shipped."""
    repo = tmp_path / "drafts-repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "Test")
    shipped = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hooks = []
    for hook in shipped:
        program, _, args = hook["entry"].partition(" ")
        assert program == "postcheck"
        hooks.append(
            {**hook, "entry": f"{POSTCHECK} {args}", "language": "system", "verbose": True}
        )
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (repo / ".postcheck.yaml").write_text(
        (REPO / "profiles" / "asiel.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (repo / "drafts").mkdir()
    return repo


def _run(repo: Path, hook_id: str, *files: str) -> subprocess.CompletedProcess[str]:
    for name, text in files:
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", "-A")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "NO_COLOR": "1",
        "POSTCHECK_NO_CACHE": "1",
    }
    env.pop("POSTCHECK_PROFILE", None)
    return subprocess.run(
        [PRE_COMMIT, "run", hook_id, "--files", *(name for name, _ in files), "--color=never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


LEAK = ("drafts/lek.md", "De Kamerbrief ligt al klaar, kleine spoiler: er komt geld bij 😉\n")
TONE = ("drafts/toon.txt", "Gemeenten hebben net hun azc's geregeld, knap hoor 🙄\n")
FINE = ("drafts/ok.txt", "Mooie hardloopronde vanochtend langs de Maas.\n")


def test_the_hook_blocks_a_draft_that_must_not_be_posted(drafts_repo):
    result = _run(drafts_repo, "postcheck", FINE, LEAK)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "drafts/lek.md" in result.stdout and "Failed" in result.stdout


def test_warnings_pass_the_postcheck_hook_and_fail_postcheck_warnings(drafts_repo):
    passed = _run(drafts_repo, "postcheck", TONE)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    # verbose: true shows the warnings although the hook passed.
    assert "Passed" in passed.stdout and "WAARSCHUWING" in passed.stdout
    failed = _run(drafts_repo, "postcheck-warnings", TONE)
    assert failed.returncode == 1 and "Failed" in failed.stdout
