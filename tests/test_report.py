"""The report as people and tools read it (issue 12): an honest "nothing found", the
profile's findings once per run, one finding per place, spans a reader can use, the
concise and JSON-lines formats, the summary line, and plain text off a terminal.

The checks run through typer's CliRunner with a small pack of their own (`PACK`, beside a
profile that turns the built-in packs off), so tuning the Rijk pack changes nothing here.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import PROFILE, rule_yaml
from postcheck.engine.examples import run_examples
from postcheck.engine.spans import merge, paragraphs, repair
from postcheck.models import Finding
from postcheck.packs.loading import load_rules
from workflow_support import run

PACK = (
    """
pack: {id: t, title: Test}
signals:
  personal_claim: {match: lower, terms: {nl: [op persoonlijke titel]}}
rules:
"""
    + rule_yaml(
        """
    - id: T-PERS-001
      type: persona
      category: persona
      severity: error
      scope: profile
      claim: [personal_claim]
      invokes: ["@function", "@organisation"]
      min_invoked: 2
    """
    )
    + rule_yaml(
        """
    - id: T-TONE-001
      type: lexicon
      category: tone
      severity: warning
      match: lower
      terms: [knap hoor]
    """
    )
    + rule_yaml(
        """
    - id: T-TONE-002
      type: regex
      category: tone
      severity: error
      pattern: 'hoor'
    """
    )
    + rule_yaml(
        """
    - id: T-LINK-001
      type: regex
      category: conduct
      severity: warning
      pattern: 'example\\.org/[a-z]+'
    """
    )
    + rule_yaml(
        """
    - id: T-EMO-001
      type: regex
      category: speculation
      severity: warning
      pattern: '🙃'
    """
    )
)

PROFILE_YAML = """\
function_title: Beleidsmedewerker asiel
organisation: Ministerie van Justitie en Veiligheid
packs: []
account:
  kind: personal
  bio: "Beleidsmedewerker asiel, Ministerie van Justitie en Veiligheid. Op persoonlijke titel."
"""


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "pack.yaml").write_text(textwrap.dedent(PACK), encoding="utf-8")
    (tmp_path / "me.yaml").write_text(PROFILE_YAML, encoding="utf-8")
    fine = PROFILE_YAML.replace(" Op persoonlijke titel.", "")
    (tmp_path / "fine.yaml").write_text(fine, encoding="utf-8")
    drafts = {
        "verjaardag.txt": "Gefeliciteerd met je verjaardag, Sanne!",
        "knap.txt": "Gemeenten hebben het geregeld, knap hoor.",
        "link.txt": "Lees het hier: https://example.org/rapport/2026?x=1.",
        "emoji.txt": "Nou, lekker dan 🙃",
        "birthday.txt": "Happy birthday to my dear colleague, enjoy the day!",
    }
    out = {name: str(tmp_path / name) for name in drafts}
    for name, text in drafts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    out["pack"] = str(tmp_path / "pack.yaml")
    out["profile"] = str(tmp_path / "me.yaml")
    out["fine"] = str(tmp_path / "fine.yaml")
    return out


def check(setup: dict[str, str], *args: str, profile: str = "profile"):
    return run("--rules", setup["pack"], "--profile", setup[profile], *args)


# ------------------------------------------------------------------ 1. no false promise


def test_nothing_found_says_what_was_checked_and_the_limits(setup):
    result = check(setup, setup["verjaardag.txt"], profile="fine")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Kan zo de deur uit" not in out and "Niets gevonden dat je" not in out
    assert "Geen bekende risico's gevonden. Gecontroleerd op: " in out
    # The categories of the rules that ran, and where postcheck's sight ends.
    assert "toon, speculatie, je rol en bio, gedrag." in out
    assert "postcheck ziet niet alles, zoals ironie" in out
    assert "laat een collega meelezen" in out


def test_nothing_found_in_english(setup):
    result = check(setup, setup["birthday.txt"], profile="fine")
    out = result.stdout
    assert "Good to go" not in out
    assert "No known risks found. Checked for: tone, speculation" in out
    assert "postcheck does not see everything, such as irony" in out


def test_nothing_found_names_only_the_selected_categories(setup):
    result = check(setup, "--select", "tone", setup["verjaardag.txt"], profile="fine")
    assert "Gecontroleerd op: toon. postcheck ziet niet alles" in result.stdout


# -------------------------------------------------------------- 2. the profile, once


def test_profile_findings_once_before_the_drafts(setup):
    result = check(setup, setup["verjaardag.txt"], setup["birthday.txt"])
    out = result.stdout
    assert out.count("[T-PERS-001]") == 1
    assert out.index("Profiel ") < out.index("verjaardag.txt")
    assert "Oordeel over het profiel: Pas je bio aan voordat je iets plaatst." in out
    # The birthday post itself is fine: the bio does not decide its verdict …
    assert "Oordeel: Geen bekende risico's gevonden" in out
    # … but a bio that must change fails the run, once.
    assert result.exit_code == 1


def test_json_has_a_profile_section_and_drafts_without_it(setup):
    result = check(setup, "--format", "json", setup["verjaardag.txt"], setup["knap.txt"])
    report = json.loads(result.stdout)
    assert report["schema"] == "postcheck/2"
    assert [r["verdict"] for r in report["results"]] == ["ok", "stop"]
    assert all(f["scope"] == "post" for r in report["results"] for f in r["findings"])
    section = report["profile"]
    assert section["verdict"] == "stop"
    [finding] = section["findings"]
    assert finding["rule"] == "T-PERS-001" and finding["scope"] == "profile"
    assert finding["source"] == setup["profile"] and finding["line"] == 6  # the bio's line
    assert result.exit_code == 1


def test_json_report_stays_valid_against_its_schema(setup):
    import jsonschema

    from postcheck.packs.schemagen import shipped

    result = check(setup, "--format", "json", *(setup[n] for n in ("knap.txt", "link.txt")))
    jsonschema.validate(json.loads(result.stdout), json.loads(shipped("report")))


def test_profile_exit_follows_fail_on(setup):
    assert check(setup, "--fail-on", "never", setup["verjaardag.txt"]).exit_code == 0
    assert check(setup, "--no-exit", setup["verjaardag.txt"]).exit_code == 0
    assert check(setup, setup["verjaardag.txt"], profile="fine").exit_code == 0


def test_sarif_has_one_profile_result_on_the_profile_file(setup):
    result = check(setup, "--format", "sarif", setup["verjaardag.txt"], setup["birthday.txt"])
    run_ = json.loads(result.stdout)["runs"][0]
    profile = [r for r in run_["results"] if r["ruleId"] == "T-PERS-001"]
    assert len(profile) == 1
    location = profile[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("me.yaml")
    assert location["region"] == {"startLine": 6}


def test_github_annotates_the_profile_once(setup):
    result = check(setup, "--format", "github", setup["verjaardag.txt"], setup["birthday.txt"])
    lines = [line for line in result.stdout.splitlines() if "T-PERS-001" in line]
    assert len(lines) == 1 and lines[0].startswith("::error file=")
    assert "me.yaml,line=6," in lines[0]
    assert result.stdout.splitlines()[-1].endswith("; profile: stop")


def test_quiet_names_a_profile_that_must_change(setup):
    result = check(setup, "--quiet", setup["verjaardag.txt"])
    assert result.stdout.splitlines() == [
        f"{setup['profile']}: stop (profile)",
        f"{setup['verjaardag.txt']}: ok",
    ]


# ------------------------------------------------------------------ 3. no duplicates


def test_overlapping_findings_of_one_category_are_one(setup):
    result = check(setup, "--format", "json", setup["knap.txt"], profile="fine")
    [finding] = json.loads(result.stdout)["results"][0]["findings"]
    # The most severe rule leads; every rule is named; the span covers them all.
    assert finding["rule"] == "T-TONE-002" and finding["severity"] == "error"
    assert finding["rules"] == ["T-TONE-002", "T-TONE-001"]
    assert finding["text"] == "knap hoor"


def _f(rule: str, category: str, severity: str, start: int, end: int, text: str) -> Finding:
    return Finding(
        rule=rule,
        category=category,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        message=rule,
        why="w",
        basis=["b"],
        suggestion="s",
        start=start,
        end=end,
        line=1,
        column=start + 1,
        text=text[start:end],
    )


def test_merge_keeps_other_categories_and_touching_spans_apart():
    text = "aaa bbb ccc"
    found = merge(
        [
            _f("R-1", "tone", "warning", 0, 3, text),
            _f("R-2", "tone", "warning", 3, 7, text),  # touches R-1: not the same place
            _f("R-3", "privacy", "error", 0, 7, text),  # another category
            _f("R-4", "tone", "info", 5, 11, text),  # overlaps R-2: merged, R-2 leads
        ],
        text,
    )
    assert [(f.rule, f.rules, f.text) for f in found] == [
        ("R-1", ["R-1"], "aaa"),
        ("R-3", ["R-3"], "aaa bbb"),
        ("R-2", ["R-2", "R-4"], " bbb ccc"),
    ]
    assert found[2].severity_of("R-4") == "info" and found[2].severity == "warning"


def test_examples_count_a_rule_merged_into_another(tmp_path, topics):
    """A bad example fires its rule even when a more severe rule leads the finding,
    and is held to its own rule's severity."""
    pack = """
    rules:
      - id: T-A-001
        type: lexicon
        category: tone
        severity: warning
        match: lower
        terms: [knap hoor]
        message: M.
        why: W.
        basis: [B]
        suggestion: S.
        examples:
          bad: [{text: "Knap hoor.", severity: warning}]
          good: [Goed gedaan.]
      - id: T-B-001
        type: regex
        category: tone
        severity: error
        pattern: 'hoor'
        message: M.
        why: W.
        basis: [B]
        suggestion: S.
        examples: {bad: [Ja hoor.], good: [Goed gedaan.]}
    """
    path = tmp_path / "pack.yaml"
    path.write_text(textwrap.dedent(pack), encoding="utf-8")
    assert run_examples(load_rules([path]), topics) == []


# ------------------------------------------------------------------- 4. span repair


def test_a_url_is_never_cut(setup):
    result = check(setup, "--format", "json", setup["link.txt"], profile="fine")
    [finding] = json.loads(result.stdout)["results"][0]["findings"]
    assert finding["text"] == "https://example.org/rapport/2026?x=1"  # not the final "."
    assert (finding["start"], finding["column"]) == (15, 16)


def test_a_lone_emoji_takes_the_word_beside_it(setup):
    result = check(setup, "--format", "json", setup["emoji.txt"], profile="fine")
    [finding] = json.loads(result.stdout)["results"][0]["findings"]
    assert finding["text"] == "dan 🙃"


def test_a_span_never_crosses_a_paragraph():
    text = "Titel\n\nKan er nog niks over zeggen.\nTweede regel."
    [f] = repair([_f("R-1", "confidentiality", "error", 0, len(text), text)], text)
    assert f.text == "Kan er nog niks over zeggen.\nTweede regel."
    assert (f.line, f.column) == (3, 1)
    # In a .docx draft every line is a paragraph.
    [g] = repair([_f("R-1", "confidentiality", "error", 0, 40, text)], text, docx=True)
    assert g.text == "Kan er nog niks over zeggen." and "\n" not in g.text
    assert paragraphs("a\n \nb") == [(0, 1), (4, 5)]


def test_a_proximity_span_takes_in_its_topic():
    text = "Onverstandig, dat nieuwe asielbeleid. Morgen meer."
    topic = (text.index("asielbeleid"), text.index("asielbeleid") + len("asielbeleid"))
    later = (text.index("Morgen"), text.index("Morgen") + 6)
    [f] = repair([_f("R-1", "proximity", "warning", 0, 12, text)], text, topical=[topic, later])
    assert f.text == "Onverstandig, dat nieuwe asielbeleid"
    # Not into the next sentence.
    [g] = repair([_f("R-1", "proximity", "warning", 38, 44, text)], text, topical=[topic])
    assert g.text == "Morgen"


def test_the_engine_repairs_spans_of_every_rule_type(make_engine):
    engine = make_engine(
        "rules:\n"
        + rule_yaml(
            """
        - id: T-LINK-001
          type: regex
          category: conduct
          severity: warning
          pattern: 'example\\.org'
        """
        ),
        profile=PROFILE,
    )
    [f] = engine.check_text("Zie www.example.org/x/y, dank!").findings
    assert f.text == "www.example.org/x/y"


# ------------------------------------------------------------ 5. concise, jsonl, summary


def test_concise_one_line_per_finding(setup):
    result = check(setup, "--format", "concise", setup["knap.txt"], setup["verjaardag.txt"])
    assert result.stdout.splitlines() == [
        f"{setup['profile']}:6:1: error persona Bericht. [T-PERS-001]",
        f"{setup['knap.txt']}:1:32: error tone Bericht. [T-TONE-002,T-TONE-001]",
    ]
    assert result.exit_code == 1


def test_jsonl_one_result_per_line_in_input_order(setup, tmp_path):
    batch = tmp_path / "batch.jsonl"
    lines = [
        {"id": "b", "text": "Gemeenten hebben het geregeld, knap hoor."},
        {"id": "a", "text": "Gefeliciteerd met je verjaardag!"},
    ]
    batch.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = check(setup, "--jsonl", str(batch), "--format", "jsonl")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("source") for r in out[:2]] == ["b", "a"]
    assert [r["verdict"] for r in out[:2]] == ["stop", "ok"]
    assert out[2]["schema"] == "postcheck/2" and out[2]["profile"]["verdict"] == "stop"
    assert len(out) == 3
    # Files too, the same lines as the JSON report's results.
    files = check(setup, "--format", "jsonl", setup["knap.txt"], profile="fine")
    whole = check(setup, "--format", "json", setup["knap.txt"], profile="fine")
    assert json.loads(files.stdout.splitlines()[0]) == json.loads(whole.stdout)["results"][0]


def test_summary_line_at_the_end_of_the_text_report(setup):
    result = check(setup, setup["knap.txt"], setup["verjaardag.txt"], setup["link.txt"])
    assert result.stdout.splitlines()[-1] == (
        "3 concepten: 1 stop, 1 twijfel, 1 ok; 2 fouten, 1 waarschuwing; profiel: stop"
    )
    english = check(setup, setup["birthday.txt"], profile="fine")
    assert english.stdout.splitlines()[-1] == "1 draft: 1 ok; no errors or warnings"


# -------------------------------------------------------------- 6. plain off a terminal


def test_text_report_is_plain_when_not_on_a_terminal(setup):
    long = "Gemeenten hebben het geregeld, knap hoor. " * 5
    path = Path(setup["knap.txt"]).with_name("lang.txt")
    path.write_text(long.strip(), encoding="utf-8")
    result = run("--rules", setup["pack"], "--profile", setup["profile"], str(path))
    out = result.stdout
    assert not any(ch in out for ch in "╭╮╰╯│─")
    assert all(line == line.rstrip() for line in out.splitlines())
    assert f"> {long.strip()}" in out.splitlines()  # the draft's line whole, not wrapped
