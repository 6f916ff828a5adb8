"""Helpers for the workflow tests (formats, batches, configuration, hooks).

These tests are about postcheck's plumbing, so they run on a small pack and topic list of
their own (`tests/data/`): tuning the built-in Rijk pack must not break a SARIF test.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postcheck.cli.app import app
from postcheck.models import Finding, ProfileFinding, ProfileSection, Report, Result

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"
PACK = DATA / "pack"
TOPICS = DATA / "topics"
GOLDEN = TESTS / "golden"
SARIF_SCHEMA = REPO.parent / "shared" / "reference" / "sarif-schema-2.1.0.json"
#: Set to 1 to rewrite the golden files from the current output (then review the diff).
UPDATE_ENV = "POSTCHECK_UPDATE_GOLDEN"

PROFILE_YAML = """\
name: Test Ambtenaar
function_title: Beleidsmedewerker zorg
organisation: Ministerie van Volksgezondheid, Welzijn en Sport
beleidsterrein: [ethiek]
role: beleidsmedewerker
"""


def use_test_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the test pack and topic list the 'built-in' ones for this test."""
    import postcheck.cli.validation
    import postcheck.engine.session

    monkeypatch.setattr(postcheck.engine.session, "builtin_pack_dirs", lambda: [PACK])
    monkeypatch.setattr(postcheck.engine.session, "topics_dir", lambda: TOPICS)
    monkeypatch.setattr(postcheck.cli.validation, "builtin_pack_dirs", lambda: [PACK])
    monkeypatch.setattr(postcheck.cli.validation, "topics_dir", lambda: TOPICS)
    monkeypatch.setattr(postcheck.cli.validation, "data_dir", lambda: DATA)


runner = CliRunner()


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    """The CLI through typer's runner, as a user would call it."""
    return runner.invoke(app, list(args), input=input, env=env)


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; rewrite it instead when POSTCHECK_UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if os.environ.get(UPDATE_ENV) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.is_file(), f"{path} is missing: run the tests with {UPDATE_ENV}=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from the golden file (regenerate: {UPDATE_ENV}=1)"


def _finding(
    rule: str,
    category: str,
    severity: str,
    text: str,
    draft: str,
    *,
    occurrence: int = 0,
    message: str = "Bericht.",
) -> Finding:
    """A finding on the `occurrence`-th place where `text` appears in `draft`."""
    start = -1
    for _ in range(occurrence + 1):
        start = draft.index(text, start + 1)
    line = draft.count("\n", 0, start) + 1
    column = start - (draft.rfind("\n", 0, start) + 1) + 1
    return Finding(
        rule=rule,
        category=category,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        message=message,
        why="Waarom.",
        basis=["Test"],
        suggestion="Suggestie.",
        start=start,
        end=start + len(text),
        line=line,
        column=column,
        text=text,
    )


def sample_report() -> Report:
    """A report with everything a format must handle, built by hand (no engine involved).

    Astral characters before a span (so code point and UTF-16 columns differ), a span on
    the second line, a profile finding (once, in the profile section, at the bio's line),
    a finding that merged two rules, an info finding, a note, an English draft, a path
    with a space and a comma, and an input that could not be read.
    """
    first = "😤 Wat een prutsers bij de NS.\nDe kamerbrief ligt klaar, bel 0612345678 😉"
    second = "Knap hoor, die prutsers.\nNog meer prutsers."
    english = "Our annual report is out: https://example.org/report"
    profile_finding = ProfileFinding(
        source="profiles/me.yaml",
        rule="TEST-PERS-001",
        category="persona",
        severity="warning",
        message="Bio claims a personal capacity.",
        why="Waarom.",
        basis=["Test"],
        suggestion="Suggestie.",
        start=None,
        end=None,
        line=9,
        column=None,
        text="op persoonlijke titel",
        scope="profile",
    )
    merged = _finding("TEST-CONF-001", "confidentiality", "error", "kamerbrief", first)
    merged = merged.model_copy(update={"rules": ["TEST-CONF-001", "TEST-CONF-002"]})
    return Report(
        results=[
            Result(
                source="drafts/week 1, maandag.txt",
                language="nl",
                verdict="stop",
                findings=[
                    _finding("TEST-TONE-001", "tone", "warning", "prutsers", first),
                    merged,
                    _finding("TEST-PRIV-001", "privacy", "error", "0612345678", first),
                ],
                notes=["Lengte op X: 69 van 280 tekens."],
                topic={"level": "far", "areas": []},
                draft=first,
            ),
            Result(
                source="drafts/b.md",
                language="nl",
                verdict="caution",
                findings=[
                    _finding("TEST-TONE-001", "tone", "warning", "Knap hoor", second),
                    _finding("TEST-TONE-001", "tone", "warning", "prutsers", second),
                    _finding("TEST-TONE-001", "tone", "warning", "prutsers", second, occurrence=1),
                ],
                notes=[],
                topic={"level": "unknown", "areas": []},
                draft=second,
            ),
            Result(
                source="drafts/en.txt",
                language="en",
                verdict="ok",
                findings=[
                    _finding("TEST-INFO-001", "conduct", "info", "annual report", english),
                ],
                notes=[],
                topic={"level": "none", "areas": []},
                draft=english,
            ),
            Result(
                source="drafts/broken.txt",
                language="nl",
                verdict="error",
                findings=[],
                error="not valid UTF-8 at byte 3 (save the draft as UTF-8)",
            ),
        ],
        profile=ProfileSection(verdict="caution", findings=[profile_finding]),
    )


def load_json(text: str) -> dict:
    data = json.loads(text)
    assert isinstance(data, dict)
    return data
