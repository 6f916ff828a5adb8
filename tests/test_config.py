"""Configuration: where the profile comes from, what it selects, and the command line's say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postcheck.engine.session import Options, Session
from postcheck.errors import PostcheckError, SourceError
from postcheck.profile.discovery import ENV_VAR, PROJECT_FILE, ProfileResolver, user_profile_path
from postcheck.profile.loading import read_profile
from workflow_support import PROFILE_YAML, run

pytestmark = pytest.mark.usefixtures("workflow_data")


def profile(path: Path, function: str, extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"function_title: {function}\norganisation: Test\n{extra}", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- discovery


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, Path]:
    """home/.config, and a repository with a profile at its root and one in a sub-folder."""
    home = tmp_path / "home"
    repo = tmp_path / "repo"
    (repo / "drafts" / "team" / "deep").mkdir(parents=True)
    (repo / "other").mkdir()
    return {
        "home": home,
        "xdg": tmp_path / "xdg",
        "repo": repo,
        "root_profile": profile(repo / PROJECT_FILE, "repo"),
        "team_profile": profile(repo / "drafts" / "team" / PROJECT_FILE, "team"),
        "user_profile": profile(tmp_path / "xdg" / "postcheck" / "profile.yaml", "user"),
        "env_profile": profile(tmp_path / "env.yaml", "env"),
        "option_profile": profile(tmp_path / "option.yaml", "option"),
    }


def resolve(tree, draft: str | None, *, option=None, env=None, cwd=None):
    environment = {"HOME": str(tree["home"]), "XDG_CONFIG_HOME": str(tree["xdg"]), **(env or {})}
    resolver = ProfileResolver(option, env=environment, cwd=cwd or tree["repo"])
    ref = resolver.for_path(Path(draft) if draft else None)
    return ref.origin, read_profile(ref).profile.function_title


def test_discovery_order(tree):
    draft = "drafts/team/deep/a.txt"
    env = {ENV_VAR: str(tree["env_profile"])}
    assert resolve(tree, draft, option=tree["option_profile"], env=env) == ("option", "option")
    assert resolve(tree, draft, env=env) == ("env", "env")
    assert resolve(tree, draft) == ("project", "team")  # the nearest one, walking up
    assert resolve(tree, "other/b.txt") == ("project", "repo")
    tree["root_profile"].unlink()
    assert resolve(tree, "other/b.txt") == ("user", "user")
    tree["user_profile"].unlink()
    assert resolve(tree, "other/b.txt") == ("default", "rijksambtenaar")


def test_stdin_discovers_from_the_current_folder(tree):
    assert resolve(tree, None, cwd=tree["repo"] / "drafts" / "team") == ("project", "team")
    assert resolve(tree, None, cwd=tree["repo"] / "other") == ("project", "repo")


def test_xdg_config_home_and_its_fallback(tmp_path):
    assert user_profile_path({"XDG_CONFIG_HOME": str(tmp_path)}) == (
        tmp_path / "postcheck" / "profile.yaml"
    )
    home = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": "relative/ignored"}
    assert user_profile_path(home) == tmp_path / ".config" / "postcheck" / "profile.yaml"


def test_env_var_pointing_nowhere_is_an_error(tmp_path):
    with pytest.raises(PostcheckError, match=ENV_VAR):
        ProfileResolver(env={ENV_VAR: str(tmp_path / "nope.yaml")})
    result = run("--format", "json", "-", input="Hallo.", env={ENV_VAR: "/nope.yaml"})
    assert result.exit_code == 2 and ENV_VAR in result.stderr


def test_drafts_in_different_folders_get_their_own_profiles(tree, monkeypatch):
    monkeypatch.chdir(tree["repo"])
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tree["xdg"]))
    (tree["repo"] / "drafts" / "team" / "a.txt").write_text("Over euthanasie.", encoding="utf-8")
    (tree["repo"] / "other" / "b.txt").write_text("Over euthanasie.", encoding="utf-8")
    (tree["repo"] / "drafts" / "team" / "c.txt").write_text("Wat prutsers.", encoding="utf-8")
    tree["team_profile"].write_text(PROFILE_YAML, encoding="utf-8")
    args = ["--format", "json", "drafts/team/a.txt", "other/b.txt", "drafts/team/c.txt"]
    results = json.loads(run(*args).stdout)["results"]
    assert [r["source"] for r in results] == args[2:]  # grouped by profile, output in order
    # a and c share the team profile (area ethiek): own topic, and no topic at all; b gets
    # the repository's profile, which names no area, so proximity is unknown.
    assert [r["topic"]["level"] for r in results] == ["own", "unknown", "none"]


def test_profile_show_says_where_it_came_from(tree, monkeypatch):
    monkeypatch.chdir(tree["repo"])
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tree["xdg"]))
    result = run("profile", "show", "drafts/team/deep")
    assert result.exit_code == 0, result.stderr
    first, *rest = result.stdout.splitlines()
    assert first == f"# profile: {Path('drafts/team') / PROJECT_FILE} (the nearest {PROJECT_FILE})"
    assert "function_title: team" in rest
    result = run("profile", "show", "--profile", str(tree["option_profile"]))
    assert result.stdout.startswith(f"# profile: {tree['option_profile']} (given with --profile)")
    monkeypatch.chdir(tree["home"].parent)
    tree["user_profile"].unlink()
    result = run("profile", "show")
    assert result.stdout.startswith("# profile: the embedded default profile")
    assert "function_title: rijksambtenaar" in result.stdout


def test_profile_without_subcommand_shows_help():
    result = run("profile")
    assert result.exit_code == 2 and "show" in result.stderr


# ---------------------------------------------------------------------------- overrides

DRAFT = "Wat een prutsers, de kamerbrief ligt klaar. Het jaarverslag is uit."


def rules_found(session: Session, text: str = DRAFT) -> dict[str, str]:
    (result,) = session.check([_draft(text)])
    return {f.rule: f.severity for f in result.findings}


def _draft(text: str):
    from postcheck.models import Draft

    return Draft("draft.txt", text)


def test_profile_rules_turn_off_and_change_severity(tmp_path):
    path = profile(
        tmp_path / "p.yaml",
        "x",
        "rules:\n  TEST-TONE-001: off\n  TEST-INFO-001: error\n  TEST-CONF-001: 'off'\n",
    )
    found = rules_found(Session(Options(profile=path, cwd=tmp_path)))
    assert found == {"TEST-INFO-001": "error"}


def test_severity_override_replaces_severity_when(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        """
pack: {id: extra, title: Extra}
rules:
  - id: EXTRA-TONE-001
    type: lexicon
    category: tone
    severity: info
    severity_when: [{when: {role: beleidsmedewerker}, severity: error}]
    terms: [prutsers]
    message: M.
    why: W.
    basis: [B]
    suggestion: S.
    examples: {bad: [prutsers], good: [nee]}
""",
        encoding="utf-8",
    )
    plain = profile(tmp_path / "plain.yaml", "x", "role: beleidsmedewerker\n")
    override = profile(
        tmp_path / "o.yaml", "x", "role: beleidsmedewerker\nrules: {EXTRA-TONE-001: warning}\n"
    )
    for path, expected in ((plain, "error"), (override, "warning")):
        session = Session(Options(profile=path, rules=(pack,), cwd=tmp_path))
        assert rules_found(session)["EXTRA-TONE-001"] == expected


def test_unknown_rule_id_in_profile_has_line_and_did_you_mean(tmp_path):
    path = profile(tmp_path / "p.yaml", "x", "rules:\n  TEST-TONE-001: off\n  TEST-TONE-01: info\n")
    with pytest.raises(SourceError) as caught:
        rules_found(Session(Options(profile=path, cwd=tmp_path)))
    assert caught.value.line == 5
    assert "TEST-TONE-01" in str(caught.value)
    assert "did you mean 'TEST-TONE-001'?" in str(caught.value)
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run("--profile", str(path), str(draft))
    assert result.exit_code == 2
    assert f"{path}:5: rules: unknown rule id 'TEST-TONE-01'" in result.stderr


def test_profile_selects_packs(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "pack.yaml").write_text(
        """
pack: {id: gemeente, title: Gemeente}
rules:
  - id: GEM-TONE-001
    type: lexicon
    category: tone
    severity: warning
    terms: [jaarverslag]
    message: M.
    why: W.
    basis: [B]
    suggestion: S.
    examples: {bad: [jaarverslag], good: [nee]}
""",
        encoding="utf-8",
    )
    only_extra = profile(tmp_path / "a.yaml", "x", "packs: [./extra]\n")
    assert rules_found(Session(Options(profile=only_extra, cwd=tmp_path))) == {
        "GEM-TONE-001": "warning"
    }, "a path selects that pack; no built-in pack is named, so none runs"
    both = profile(tmp_path / "b.yaml", "x", "packs: [test, ./extra]\n")
    assert set(rules_found(Session(Options(profile=both, cwd=tmp_path)))) == {
        "TEST-TONE-001",
        "TEST-CONF-001",
        "TEST-INFO-001",
        "GEM-TONE-001",
    }
    typo = profile(tmp_path / "c.yaml", "x", "packs:\n  - tset\n")
    with pytest.raises(SourceError, match=r"unknown rule pack 'tset'.*did you mean 'test'") as e:
        rules_found(Session(Options(profile=typo, cwd=tmp_path)))
    assert e.value.line == 4


def test_select_and_ignore(tmp_path):
    def found(select=(), ignore=()):
        return set(rules_found(Session(Options(select=select, ignore=ignore, cwd=tmp_path))))

    assert found() == {"TEST-TONE-001", "TEST-CONF-001", "TEST-INFO-001"}
    assert found(select=("TEST-TONE-001",)) == {"TEST-TONE-001"}
    assert found(select=("test-conf",)) == {"TEST-CONF-001"}  # a prefix, any case
    assert found(select=("tone", "conduct")) == {"TEST-TONE-001", "TEST-INFO-001"}  # categories
    assert found(ignore=("TEST-TONE-001", "TEST-INFO")) == {"TEST-CONF-001"}
    with pytest.raises(PostcheckError, match=r"--select: no rule .*did you mean 'TEST-TONE-001'"):
        found(select=("TEST-TONE-002",))


def test_select_on_the_command_line_beats_off_in_the_profile(tmp_path):
    path = profile(tmp_path / "p.yaml", "x", "rules: {TEST-TONE-001: off}\n")
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run(
        "--profile", str(path), "--select", "TEST-TONE-001", "--format", "json", str(draft)
    )
    rules = [f["rule"] for f in json.loads(result.stdout)["results"][0]["findings"]]
    assert rules == ["TEST-TONE-001"]
    result = run("--profile", str(path), "--ignore", "TEST-CONF-001,TEST-INFO-001", str(draft))
    assert result.exit_code == 0, "the only error rule is ignored"
    result = run("--ignore", "TEST-CONF-01", str(draft))
    assert result.exit_code == 2 and "did you mean 'TEST-CONF-001'" in result.stderr


# ----------------------------------------------------------------------------- platform


def test_platform_length_note(tmp_path):
    url = "https://www.rijksoverheid.nl/" + "a" * 200
    draft = tmp_path / "d.txt"
    draft.write_text(f"Het jaarverslag is uit: {url}", encoding="utf-8")
    result = run("--platform", "x", "--format", "json", str(draft))
    notes = json.loads(result.stdout)["results"][0]["notes"]
    assert "Lengte op X: 47 van 280 tekens (links tellen als 23)." in notes
    long = tmp_path / "long.txt"
    long.write_text("Het jaarverslag is uit. " + "a" * 300, encoding="utf-8")
    note = json.loads(run("--platform", "x", "--format", "json", str(long)).stdout)["results"][0]
    assert any("324 van 280 tekens, 44 te veel" in n for n in note["notes"])
    with_profile = profile(tmp_path / "p.yaml", "x", "account: {platform: bluesky}\n")
    result = run("--profile", str(with_profile), "--format", "json", str(long))
    assert any(n.startswith("Lengte op Bluesky: 324 van 300") for n in _notes(result))
    result = run("--platform", "tiktok", str(draft))
    assert result.exit_code == 2 and "tiktok" in result.stderr


def _notes(result) -> list[str]:
    return json.loads(result.stdout)["results"][0]["notes"]
