"""The command line through typer's CliRunner: exit codes, stdin, JSON shape, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postcheck.cli.app import app

REPO = Path(__file__).resolve().parents[1]
PROFILE = str(REPO / "profiles" / "asiel.yaml")
runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def drafts(tmp_path: Path) -> dict[str, str]:
    files = {
        "ok.txt": "Vandaag verscheen het jaarverslag van de IND: https://ind.nl/jaarverslag",
        "leak.txt": "De Kamerbrief ligt al klaar, kleine spoiler: er komt geld bij 😉",
        "tone.txt": "Wat een stelletje prutsers bij de NS vandaag.",
    }
    out = {}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        out[name] = str(tmp_path / name)
    return out


def test_clean_draft_exits_0(drafts):
    result = run("--profile", PROFILE, drafts["ok.txt"])
    assert result.exit_code == 0, result.output
    # No promise that the post is safe: what was checked, and the limits.
    assert "Geen bekende risico's gevonden. Gecontroleerd op: " in result.output
    assert "postcheck ziet niet alles" in result.output
    assert "Kan zo de deur uit" not in result.output


def test_error_finding_exits_1(drafts):
    result = run("--profile", PROFILE, drafts["leak.txt"])
    assert result.exit_code == 1
    assert "Niet plaatsen zonder overleg" in result.output


def test_fail_on_thresholds(drafts):
    assert run("--profile", PROFILE, drafts["tone.txt"]).exit_code == 0
    assert run("--profile", PROFILE, "--fail-on", "warning", drafts["tone.txt"]).exit_code == 1
    assert run("--profile", PROFILE, "--fail-on", "never", drafts["leak.txt"]).exit_code == 0


def test_json_report_contract(drafts):
    result = run("--profile", PROFILE, "--format", "json", drafts["tone.txt"], drafts["ok.txt"])
    report = json.loads(result.stdout)
    assert report["schema"] == "postcheck/2"
    assert [Path(r["source"]).name for r in report["results"]] == ["tone.txt", "ok.txt"]
    tone = report["results"][0]
    assert tone["language"] == "nl" and tone["verdict"] == "caution"
    finding = next(f for f in tone["findings"] if f["scope"] == "post")
    assert set(finding) >= {
        "rule",
        "category",
        "severity",
        "message",
        "why",
        "basis",
        "suggestion",
        "start",
        "end",
        "line",
        "column",
        "text",
        "scope",
    }
    text = Path(drafts["tone.txt"]).read_text(encoding="utf-8")
    assert text[finding["start"] : finding["end"]] == finding["text"]
    assert "draft" not in tone


def test_json_is_deterministic(drafts):
    args = ("--profile", PROFILE, "--format", "json", *drafts.values())
    assert run(*args).stdout == run(*args).stdout


def test_stdin_with_dash_and_without_file(drafts):
    text = Path(drafts["leak.txt"]).read_text(encoding="utf-8")
    for args in (("-",), ()):
        result = run("--profile", PROFILE, "--format", "json", *args, input=text)
        report = json.loads(result.stdout)
        assert report["results"][0]["source"] == "<stdin>"
        assert report["results"][0]["verdict"] == "stop"
        assert result.exit_code == 1


def test_default_profile_note(drafts):
    result = run("--format", "json", drafts["ok.txt"])
    notes = json.loads(result.stdout)["results"][0]["notes"]
    assert any("--profile" in n for n in notes)


def test_missing_file_is_named_and_others_still_checked(drafts):
    result = run("--profile", PROFILE, "--format", "json", "nope.txt", drafts["ok.txt"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["results"][0] == {
        "source": "nope.txt",
        "language": "nl",
        "verdict": "error",
        "findings": [],
        "notes": [],
        "topic": None,
        "error": "no such file",
    }
    assert report["results"][1]["verdict"] == "ok"
    assert "nope.txt: no such file" in result.stderr


@pytest.mark.parametrize(
    ("profile_text", "expected"),
    [
        (
            "function_title: x\norganisation: y\nrole: beleidsmedewerkr\n",
            "did you mean 'beleidsmedewerker'",
        ),
        (
            "function_title: x\norganisation: y\nbeleidsterein: [zorg]\n",
            "did you mean 'beleidsterrein'",
        ),
        ("function_title: x\n", "missing"),
        ("function_title: x\norganisation: y\nspokesperson: [1]\n", "spokesperson"),
        ("function_title: [x\n", "profile.yaml:"),
    ],
)
def test_bad_profile_is_one_line_exit_2(tmp_path, drafts, profile_text, expected):
    path = tmp_path / "profile.yaml"
    path.write_text(profile_text, encoding="utf-8")
    result = run("--profile", str(path), drafts["ok.txt"])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr


def test_bad_rule_pack_is_one_line_exit_2(tmp_path, drafts):
    pack = tmp_path / "extra.yaml"
    pack.write_text("rules:\n  - id: X-1\n    type: lexicn\n", encoding="utf-8")
    result = run("--rules", str(pack), drafts["ok.txt"])
    assert result.exit_code == 2
    assert "extra.yaml:3" in result.stderr and "lexicon" in result.stderr
    assert result.stderr.count("\n") == 1


def test_extra_rule_pack_is_used(tmp_path, drafts):
    pack = tmp_path / "extra.yaml"
    pack.write_text(
        """
rules:
  - id: GEM-TEST-001
    type: lexicon
    category: tone
    severity: error
    terms: {nl: [jaarverslag]}
    message: Test.
    why: Test.
    basis: [Test]
    suggestion: Test.
    examples: {bad: [jaarverslag], good: [nee]}
""",
        encoding="utf-8",
    )
    result = run("--rules", str(pack), "--format", "json", drafts["ok.txt"])
    rules = [f["rule"] for f in json.loads(result.stdout)["results"][0]["findings"]]
    assert "GEM-TEST-001" in rules and result.exit_code == 1


def test_usage_errors_are_one_line(drafts):
    result = run("--format", "xml", drafts["ok.txt"])
    assert result.exit_code == 2
    assert result.stderr.startswith("postcheck: error:") and result.stderr.count("\n") == 1


def test_english_draft_gets_english_report(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("What a bunch of idiots at the railway company, honestly.", encoding="utf-8")
    result = run("--profile", PROFILE, str(path))
    assert "Think twice" in result.output or "No known risks found" in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("postcheck ")


def test_real_report_matches_the_documented_schema(tmp_path):
    """The built-in packs on the examples (profile findings, notes, a .docx, a bad file)."""
    import jsonschema

    from postcheck.packs.schemagen import shipped

    (tmp_path / "kapot.txt").write_bytes(b"caf\xe9")
    args = ["--profile", PROFILE, "--platform", "x", "--format", "json"]
    result = run(*args, str(REPO / "examples"), str(tmp_path / "kapot.txt"))
    report = json.loads(result.stdout)
    jsonschema.validate(report, json.loads(shipped("report")))
    assert {r["verdict"] for r in report["results"]} >= {"ok", "stop", "error"}
    # The bio's findings once, in the profile section, not in any result.
    assert report["profile"]["findings"] and report["profile"]["verdict"] == "ok"
    assert all(f["scope"] == "post" for r in report["results"] for f in r["findings"])
    assert result.exit_code == 2
