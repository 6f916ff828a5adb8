"""The README's commands and numbers are true as copied.

The `validate` block shows the built-in pack's real rule count, the "did you mean" example
is what postcheck really says, the `--format github` example is a real run, no `rev:`
names a tag the repository does not have, and the GitHub Actions snippet is the example
workflow's own.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postcheck.cli.app import app

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def test_the_validate_block_has_the_real_rule_counts():
    """Counted as `validate` counts (without running every example, which takes minutes)."""
    from postcheck.engine.session import Options, Session
    from postcheck.packs.loading import load_rules
    from postcheck.profile.discovery import ProfileRef
    from postcheck.profile.loading import read_profile

    shown = re.findall(r"^((?:rules|profiles)/\S+): ok \((.*)\)$", README, re.M)
    assert shown, "the README shows a validate run"
    session = Session(Options())
    for path, said in shown:
        if path.startswith("rules/"):
            count = len(load_rules([REPO / path]).rules)
            assert said == f"pack {Path(path).name}, {count} rules"
        else:
            loaded = read_profile(ProfileRef(REPO / path, "option"))
            count = len(session.ruleset_for(loaded)[0].rules)
            assert said == f"profile, {count} rules apply"
    listed = sorted(str(p.relative_to(REPO)) for p in (REPO / "profiles").glob("*.yaml"))
    assert [p for p, _ in shown if p.startswith("profiles/")] == listed


def test_the_did_you_mean_example_is_what_postcheck_says(tmp_path, monkeypatch):
    line = next(ln for ln in README.splitlines() if "did you mean 'RIJK-TONE-003'" in ln)
    where, number = re.search(r"error: (\S+?):(\d+):", line).groups()
    padding = "".join(f"# line {i}\n" for i in range(1, int(number) - 3))
    (tmp_path / where).write_text(
        padding + "function_title: x\norganisation: y\nrules:\n  RIJK-TONE-03: off\n",
        encoding="utf-8",
    )
    (tmp_path / "draft.txt").write_text("Hallo.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--profile", where, "draft.txt"])
    assert result.exit_code == 2
    assert result.stderr.strip() == line.strip()


def test_no_rev_names_a_tag_that_does_not_exist():
    revs = re.findall(r"^\s*rev:\s*(\S+)", README, re.M)
    try:
        tags = subprocess.run(
            ["git", "tag", "--list"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tags cannot be listed")
    for rev in revs:
        assert rev.startswith("<") or rev in tags, f"rev: {rev} is no tag of this repository"


def test_the_actions_snippet_is_the_example_workflows_own():
    workflow = (REPO / "examples" / "github-actions" / "postcheck.yml").read_text(encoding="utf-8")
    block = README.split("```yaml\npermissions:", 1)[1].split("```", 1)[0]
    assert ("permissions:" + block).strip() in workflow


def test_the_github_format_block_is_a_real_run(monkeypatch):
    """The `--format github` example under "GitHub Actions and code scanning" is what
    that command prints today (profile once, merged findings, summary line)."""
    blocks = re.findall(
        r"```console\n\$ (postcheck [^\n]*--format github[^\n]*)\n(.*?)```", README, re.S
    )
    assert blocks, "the README shows a --format github run"
    monkeypatch.chdir(REPO)
    for command, shown in blocks:
        result = runner.invoke(app, command.split()[1:])
        assert result.exit_code in (0, 1), result.output
        assert result.stdout == shown, f"regenerate the README block: {command}"
