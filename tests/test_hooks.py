"""Hooks into other tools: pre-commit, the GitHub Actions example, shell completion."""

from __future__ import annotations

import json
import re
import shlex
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml

from postcheck.cli.app import app
from workflow_support import REPO, runner

HOOKS = REPO / ".pre-commit-hooks.yaml"
WORKFLOW = REPO / "examples" / "github-actions" / "postcheck.yml"


pytestmark = pytest.mark.usefixtures("workflow_data")


def drafts(folder: Path) -> dict[str, Path]:
    files = {
        "drafts/ok.txt": "Het jaarverslag is uit.",
        "drafts/leak.md": "De kamerbrief ligt klaar.",
        "drafts/tone.txt": "Wat een prutsers.",
        "README.rst": "prutsers",
        "scripts/build.py": "print('kamerbrief')",
    }
    out = {}
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


# ---------------------------------------------------------------------------- pre-commit


def hooks() -> dict[str, dict]:
    return {h["id"]: h for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}


def hook(hook_id: str = "postcheck") -> dict:
    return hooks()[hook_id]


def test_pre_commit_hook_definition():
    assert set(hooks()) == {"postcheck", "postcheck-warnings"}
    for hook_id, extra in (("postcheck", []), ("postcheck-warnings", ["--fail-on", "warning"])):
        entry = hook(hook_id)
        assert entry["language"] == "python"
        program, *args = shlex.split(entry["entry"])
        assert program in {e.name for e in entry_points(group="console_scripts")}
        assert args == ["check", *extra], "explicit `check`: a draft named like a subcommand"
        files = re.compile(entry["files"])
        assert all(files.search(n) for n in ("a.txt", "d/b.md", "c.docx", "e.markdown"))
        assert not any(files.search(n) for n in ("a.py", "b.yaml", "c.txt.orig", "README.rst"))


def _pre_commit(tmp_path: Path, staged: list[str], *extra: str, hook_id: str = "postcheck"):
    """What pre-commit does: filter the staged files by `files:` and append them."""
    entry = hook(hook_id)
    files = re.compile(entry["files"])
    passed = [str(tmp_path / n) for n in staged if files.search(n)]
    _, *args = shlex.split(entry["entry"])
    return runner.invoke(app, [*args, *entry.get("args", []), *extra, *passed])


def test_pre_commit_fails_on_a_draft_that_must_not_be_posted(tmp_path):
    drafts(tmp_path)
    result = _pre_commit(tmp_path, ["drafts/ok.txt", "drafts/leak.md", "scripts/build.py"])
    assert result.exit_code == 1
    assert "leak.md" in result.stdout and "build.py" not in result.stdout
    assert _pre_commit(tmp_path, ["drafts/ok.txt", "drafts/tone.txt"]).exit_code == 0


def test_the_warnings_hook_fails_on_a_warning(tmp_path):
    drafts(tmp_path)
    assert _pre_commit(tmp_path, ["drafts/tone.txt"]).exit_code == 0
    assert _pre_commit(tmp_path, ["drafts/tone.txt"], hook_id="postcheck-warnings").exit_code == 1


def test_pre_commit_excluded_files_exit_0_quietly(tmp_path):
    drafts(tmp_path)
    result = _pre_commit(tmp_path, ["drafts/leak.md"], "--exclude", "drafts")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


# ------------------------------------------------------------------------ GitHub Actions


def test_github_actions_example_uploads_sarif_and_annotates(tmp_path, monkeypatch):
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    assert workflow["permissions"]["actions"] == "read", "upload-sarif reads the run's details"
    steps = workflow["jobs"]["postcheck"]["steps"]
    install = next(s["run"] for s in steps if s.get("name") == "Install postcheck")
    assert 'pip install "postcheck @ git+${POSTCHECK_GIT}@${POSTCHECK_COMMIT}"' in install, (
        "from its repository, pinned to a commit: postcheck is on no package index"
    )
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload"))
    commands = [s["run"] for s in steps if "run" in s and s["run"].startswith("postcheck")]
    assert len(commands) == 2
    sarif_cmd, github_cmd = commands
    args, _, target = sarif_cmd.partition(" > ")
    assert target.strip() == upload["with"]["sarif_file"]

    drafts(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, shlex.split(args)[1:])
    assert result.exit_code == 0, "--no-exit: the upload step must still run"
    log = json.loads(result.stdout)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"drafts/leak.md", "drafts/tone.txt", "drafts/ok.txt"}, "relative paths"

    result = runner.invoke(app, shlex.split(github_cmd)[1:])
    assert result.exit_code == 1, "the annotate step fails the job on an error finding"
    assert "::error file=drafts/leak.md,line=1,col=4" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("postcheck: 3 drafts checked")


# ---------------------------------------------------------------------- shell completion


def complete(words: str) -> list[str]:
    env = {
        "_POSTCHECK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = runner.invoke(app, [], env=env, prog_name="postcheck")
    assert result.exit_code == 0
    return result.stdout.split()


def test_completion_script_is_available():
    result = runner.invoke(app, ["--show-completion", "bash"], prog_name="postcheck")
    assert result.exit_code == 0 and "_POSTCHECK_COMPLETE=complete_bash" in result.stdout


def test_completion_of_commands_options_and_rule_ids():
    assert complete("postcheck pro") == ["profile"]
    assert complete("postcheck va") == ["validate"]
    assert complete("postcheck check --format ") == [
        "text",
        "json",
        "sarif",
        "github",
        "concise",
        "jsonl",
    ]
    assert complete("postcheck --select TEST-C") == ["TEST-CONF-001"]
    assert complete("postcheck explain TEST-T") == ["TEST-TONE-001"]
    assert "tone" in complete("postcheck --ignore to")
