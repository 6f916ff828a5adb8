"""Options in the configuration file, help, completion and the small options of a check.

`.postcheck.yaml` may set `fail_on`, `exclude`, `platform` and `format` (the command line
wins, mistakes are file:line errors); `postcheck --help` lists the check's options with
plain value names; completion works without typing `check`; `--show-completion SHELL`,
`-V`, `--no-color`; a bad choice says so in postcheck's words; `postcheck ""` is an error.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from postcheck.cli.app import app
from workflow_support import PROFILE_YAML, run, runner

pytestmark = pytest.mark.usefixtures("workflow_data")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "tone.txt").write_text("Wat een prutsers.", encoding="utf-8")
    (tmp_path / "archief").mkdir()
    (tmp_path / "archief" / "leak.txt").write_text("De kamerbrief ligt klaar.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def config(repo: Path, extra: str) -> None:
    (repo / ".postcheck.yaml").write_text(PROFILE_YAML + extra, encoding="utf-8")


# --------------------------------------------------------------------- the config file


def test_config_sets_fail_on_exclude_platform_and_format(repo):
    config(repo, "fail_on: warning\nexclude: [archief]\nplatform: x\nformat: json\n")
    result = run(".")
    assert result.exit_code == 1, "fail_on: warning from the file"
    report = json.loads(result.stdout)  # format: json from the file
    assert [r["source"] for r in report["results"]] == ["drafts/tone.txt"], "archief excluded"
    assert any(n.startswith("Lengte op X") for n in report["results"][0]["notes"])


def test_config_format_takes_the_concise_and_jsonl_formats(repo):
    """`format:` accepts every format of the command line, the report's two newest too,
    and they keep the file's other options (`exclude`, `fail_on`)."""
    config(repo, "fail_on: warning\nexclude: [archief]\nformat: concise\n")
    concise = run(".")
    assert concise.exit_code == 1
    assert re.fullmatch(
        r"drafts/tone\.txt:1:9: warning tone .* \[TEST-TONE-001\]\n", concise.stdout
    )
    config(repo, "exclude: [archief]\nformat: jsonl\n")
    lines = [json.loads(line) for line in run(".").stdout.splitlines()]
    assert [line["source"] for line in lines[:-1]] == ["drafts/tone.txt"]
    assert lines[-1]["schema"] == "postcheck/2" and "profile" in lines[-1]
    assert run("--quiet", ".").stdout == "drafts/tone.txt: caution\n", "--quiet beats jsonl"


def test_approvals_and_stdin_filename_in_the_concise_and_jsonl_formats(repo):
    """The workflows' inputs (Markdown, markers, `--stdin-filename`) in the report's
    formats: the approved finding says who approved it, the named draft is the source."""
    config(repo, "")
    draft = "Wat een prutsers.\n<!-- postcheck: akkoord TEST-TONE-001 door Noor 2026-12-01 -->\n"
    concise = run("--stdin-filename", "drafts/post.md", "--format", "concise", "-", input=draft)
    assert concise.exit_code == 0, concise.output
    assert concise.stdout == (
        "drafts/post.md:1:9: info tone Akkoord door Noor op 2026-12-01 (regel 2; was warning). "
        "Denigrerend over anderen. [TEST-TONE-001]\n"
    )
    jsonl = run("--stdin-filename", "drafts/post.md", "--format", "jsonl", "-", input=draft)
    [result, closing] = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert result["source"] == "drafts/post.md"
    assert result["findings"][0]["approved"]["by"] == "Noor"
    assert closing["profile"]["findings"] == []


def test_the_command_line_wins_over_the_config_file(repo):
    config(repo, "fail_on: warning\nexclude: [archief]\nformat: json\n")
    result = run("--format", "github", "--fail-on", "error", "--exclude", "nothing", ".")
    assert result.exit_code == 1, "archief/leak.txt is checked again and is an error"
    assert result.stdout.startswith("::"), "github, not json"
    assert "archief/leak.txt" in result.stdout
    quiet = run("--quiet", "drafts")
    assert quiet.stdout == "drafts/tone.txt: caution\n", "--quiet beats format: json"
    assert run("--fail-on", "error", "drafts").exit_code == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "format: jsno\n",
            ".postcheck.yaml:6: format: unknown format 'jsno' (did you mean 'json'?",
        ),
        ("fail_on: warnings\n", ".postcheck.yaml:6: fail_on:"),
        ("platform: tiktok\n", ".postcheck.yaml:6: platform:"),
        ("exclude: {a: 1}\n", ".postcheck.yaml:6: exclude:"),
    ],
)
def test_a_bad_option_in_the_config_file_names_file_and_line(repo, extra, message):
    config(repo, extra)
    result = run("drafts")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"postcheck: error: {message}"), result.stderr
    assert len(result.stderr.splitlines()) == 1


# ------------------------------------------------------------------------- help, version


def test_top_level_help_lists_the_check_options_with_plain_value_names():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Options of a check" in result.stdout
    for option in ("--profile PATH", "--select RULES", "--exclude GLOB", "--stdin-filename NAME"):
        assert option in result.stdout
    assert "--fail-on" in result.stdout and "--no-color" in result.stdout
    check = runner.invoke(app, ["check", "--help"]).stdout
    for text in (result.stdout, check):
        assert not re.search(r"<(list\[|int range|path|str)", text), text


def test_top_level_help_lists_every_option_of_a_check_and_every_format():
    """Every option `check` has (both the report's formats and the workflows' options)
    stands in `postcheck --help`, so nobody needs `postcheck check --help` to find one."""
    import typer.main

    top = runner.invoke(app, ["--help"], terminal_width=200).stdout
    check = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    options = [name for p in check.params for name in p.opts if name.startswith("--")]
    assert "--stdin-filename" in options and "--no-color" in options
    missing = [name for name in options if name != "--help" and name not in top]
    assert missing == []
    assert "<text|json|sarif|github|concise|jsonl>" in top


def test_version_short_and_long():
    long, short = runner.invoke(app, ["--version"]), runner.invoke(app, ["-V"])
    assert long.exit_code == short.exit_code == 0
    assert long.stdout == short.stdout and long.stdout.startswith("postcheck ")


def test_a_bad_choice_is_said_in_postchecks_words(tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text("Hallo.", encoding="utf-8")
    result = run("--platform", "tiktok", str(draft))
    assert result.exit_code == 2
    assert result.stderr == (
        "postcheck: error: --platform: unknown platform 'tiktok' (choose from x, mastodon, "
        "bluesky, threads, linkedin, instagram, facebook)\n"
    )
    assert "Value error" not in run("--format", "xml", str(draft)).stderr


def test_an_empty_name_is_an_error_not_the_current_folder(repo):
    result = run("")
    assert result.exit_code == 2
    assert "empty name" in result.stderr and result.stdout == ""


def test_no_color_leaves_out_the_colours(tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text("Wat een prutsers.", encoding="utf-8")
    coloured = runner.invoke(app, [str(draft)], color=True, env={"FORCE_COLOR": "1"})
    plain = runner.invoke(app, ["--no-color", str(draft)], color=True, env={"FORCE_COLOR": "1"})
    assert "\x1b[33m" in coloured.stdout or "\x1b[1;33m" in coloured.stdout
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", plain.stdout), "no colour codes"
    assert "prutsers" in plain.stdout


# ------------------------------------------------------------------------------ completion


def complete(words: str, shell: str = "bash") -> list[str]:
    env = {
        "_POSTCHECK_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = runner.invoke(app, [], env=env, prog_name="postcheck")
    assert result.exit_code == 0
    return result.stdout.split()


def test_options_of_a_check_complete_without_typing_check():
    assert "--format" in complete("postcheck --fo")
    assert "--fail-on" in complete("postcheck --fa")
    assert "--version" in complete("postcheck --ver")
    assert complete("postcheck --format ") == [
        "text",
        "json",
        "sarif",
        "github",
        "concise",
        "jsonl",
    ]


@pytest.mark.parametrize("shell", ["zsh", "bash", "fish"])
def test_show_completion_prints_the_named_shells_script(shell):
    result = runner.invoke(app, ["--show-completion", shell], prog_name="postcheck")
    assert result.exit_code == 0
    assert f"complete_{shell}" in result.stdout
    if shell == "zsh":
        assert result.stdout.startswith("#compdef postcheck")


def test_show_completion_of_an_unknown_shell_is_an_error():
    result = runner.invoke(app, ["--show-completion=tcsh"], prog_name="postcheck")
    assert result.exit_code == 2 and "unknown shell 'tcsh'" in result.stderr
