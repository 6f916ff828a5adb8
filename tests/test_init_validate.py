"""`postcheck init` (asked or from flags) and `postcheck validate` (packs and profiles)."""

from __future__ import annotations

import pytest
import yaml

from postcheck.profile.discovery import PROJECT_FILE, ProfileResolver
from postcheck.profile.loading import read_profile
from workflow_support import PACK, PROFILE_YAML, REPO, run

pytestmark = pytest.mark.usefixtures("workflow_data")


# --------------------------------------------------------------------------------- init


def test_init_asks_the_questions_and_asks_again_on_a_wrong_answer(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    answers = [
        "Noor Bakker",  # name
        "",  # function title: required, asked again
        "Beleidsmedewerker asiel",
        "Ministerie van Justitie en Veiligheid",
        "Directie Migratiebeleid",
        "asiel en migratie, integratie",
        "IND, COA",
        "baas",  # not a role: asked again
        "beleidsmedewerker",
        "n",  # spokesperson
        "",  # account kind: default personal
        "x",
        "@noor",
        "Hardloper. Werkt bij de Rijksoverheid.",
    ]
    result = run("init", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "an answer is required" in result.stderr
    assert "'baas' is not one of" in result.stderr
    written = tmp_path / "xdg" / "postcheck" / "profile.yaml"
    assert str(written) in result.stdout
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["function_title"] == "Beleidsmedewerker asiel"
    assert data["beleidsterrein"] == ["asiel en migratie", "integratie"]
    assert data["keywords"] == ["IND", "COA"]
    assert data["role"] == "beleidsmedewerker" and data["spokesperson"] is False
    assert data["account"] == {
        "kind": "personal",
        "platform": "x",
        "handle": "@noor",
        "bio": "Hardloper. Werkt bij de Rijksoverheid.",
    }
    # It is now the user profile that discovery finds when nothing nearer exists.
    ref = ProfileResolver(cwd=tmp_path).for_path(None)
    assert ref.origin == "user" and read_profile(ref).profile.name == "Noor Bakker"


def test_init_from_flags_without_questions(tmp_path):
    target = tmp_path / "comms" / PROJECT_FILE
    args = [
        "init",
        "--no-input",
        "--output",
        str(target),
        "--function",
        "Woordvoerder",
        "--organisation",
        "Ministerie van VWS",
        "--role",
        "woordvoerder",
        "--spokesperson",
        "--account-kind",
        "official",
        "--platform",
        "linkedin",
    ]
    result = run(*args)
    assert result.exit_code == 0, result.output
    profile = read_profile(ProfileResolver(cwd=tmp_path / "comms").for_path(None)).profile
    assert (profile.role, profile.spokesperson, profile.account.kind) == (
        "woordvoerder",
        True,
        "official",
    )
    again = run(*args)
    assert again.exit_code == 2 and "already exists" in again.stderr and "--force" in again.stderr
    assert run(*args, "--force").exit_code == 0


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--organisation", "VWS"], "--function: an answer is required"),
        (["--function", "x", "--organisation", "y", "--role", "baas"], "--role: 'baas'"),
        (["--function", "x", "--organisation", "y", "--platform", "myspace"], "myspace"),
    ],
)
def test_init_bad_flags_are_one_line(tmp_path, flags, message):
    result = run("init", "--no-input", "--output", str(tmp_path / "p.yaml"), *flags)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "p.yaml").exists()


def test_init_end_of_input_aborts(tmp_path):
    result = run("init", "--output", str(tmp_path / "p.yaml"), input="Noor\n")
    assert result.exit_code == 130 and "aborted" in result.stderr


# ----------------------------------------------------------------------------- validate


def test_validate_good_packs_and_profiles(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(PROFILE_YAML + "rules: {TEST-TONE-001: off}\n", encoding="utf-8")
    result = run("validate", str(PACK), str(profile), str(REPO / "profiles" / "asiel.yaml"))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{PACK}: ok (pack test, 4 rules)"
    assert lines[1] == f"{profile}: ok (profile, 3 rules apply)"


def test_validate_reports_every_problem(tmp_path):
    (tmp_path / "packs").mkdir()
    bad_pack = tmp_path / "packs" / "bad.yaml"
    bad_pack.write_text(
        "rules:\n  - id: X-TONE-001\n    type: lexicn\n    category: tone\n", encoding="utf-8"
    )
    bad_pattern = tmp_path / "pattern.yaml"
    bad_pattern.write_text(
        """
rules:
  - id: X-TONE-002
    type: pattern
    category: tone
    severity: info
    patterns: [[{LOWERR: a}]]
    message: M.
    why: W.
    basis: [B]
    suggestion: S.
    examples: {bad: [a], good: [b]}
""",
        encoding="utf-8",
    )
    bad_profile = tmp_path / "profile.yaml"
    bad_profile.write_text(PROFILE_YAML + "rules:\n  TEST-TONE-01: off\n", encoding="utf-8")
    result = run("validate", str(tmp_path / "packs"), str(bad_pattern), str(bad_profile))
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 3, result.stderr
    assert f"{bad_pack}:3" in errors[0] and "did you mean 'lexicon'" in errors[0]
    assert str(bad_pattern) in errors[1] and "X-TONE-002" in errors[1]
    assert f"{bad_profile}:7" in errors[2] and "did you mean 'TEST-TONE-001'" in errors[2]


def test_validate_without_paths_checks_what_is_in_use(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / PROJECT_FILE).write_text(PROFILE_YAML, encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "built-in packs: ok (pack test, 4 rules)",
        f"{REPO / 'tests' / 'data' / 'topics' / 'zorg.yaml'}: ok (topic list)",
        f"{PROJECT_FILE}: ok (profile, 4 rules apply)",
    ]


def test_validate_missing_path(tmp_path):
    result = run("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "no such file" in result.stderr
