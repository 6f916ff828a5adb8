"""Markdown drafts, approval markers and `--stdin-filename`, through the command line.

Markdown: front matter, HTML comments and code blocks are not part of the post, markup is
not counted, and findings still point at the file's own line and column. Approvals: a
marker turns the named findings into info, with who and when, in every format; a marker
nobody can trace is an error for that draft with its line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postcheck.inputs.markdown import prepare
from workflow_support import PROFILE_YAML, run

pytestmark = pytest.mark.usefixtures("workflow_data")


@pytest.fixture
def profile(tmp_path: Path) -> str:
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE_YAML + "account: {platform: x}\n", encoding="utf-8")
    return str(path)


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def findings(result) -> list[dict]:
    return [f for r in json.loads(result.stdout)["results"] for f in r["findings"]]


# ------------------------------------------------------------------------------ Markdown

MARKDOWN = """\
---
title: De kamerbrief
---
# Wat een **prutsers**

<!-- kamerbrief: niet vergeten -->
```
De kamerbrief ligt klaar.
```

    De kamerbrief, ingesprongen code.

Lees [de kamerbrief](https://example.org/rapport) vandaag.
"""


def test_markdown_skips_front_matter_comments_and_code_and_keeps_file_positions(tmp_path, profile):
    draft = write(tmp_path, "post.md", MARKDOWN)
    result = run("--profile", profile, "--format", "json", draft)
    found = findings(result)
    # Only the heading's word: 'kamerbrief' in the front matter, the comment, the fenced
    # and the indented block is not part of the post.
    tone = [f for f in found if f["rule"] == "TEST-TONE-001"]
    assert [(f["line"], f["column"], f["text"]) for f in tone] == [(4, 13, "prutsers")]
    assert {f["rule"] for f in found} == {"TEST-TONE-001", "TEST-CONF-001"}
    conf = [f for f in found if f["rule"] == "TEST-CONF-001"]
    # A link's text is part of the post.
    assert [(f["line"], f["column"], f["text"]) for f in conf] == [(13, 10, "kamerbrief")]
    start = conf[0]["start"]
    assert MARKDOWN[start : conf[0]["end"]] == "kamerbrief", "offsets into the file itself"


def test_markdown_length_counts_what_a_reader_sees(tmp_path, profile):
    text = "# Kop\n\nZie **dit** [rapport](https://example.org/een/heel/lang/pad/naar/iets).\n"
    draft = write(tmp_path, "post.md", text)
    notes = json.loads(run("--profile", profile, "--format", "json", draft).stdout)["results"][0][
        "notes"
    ]
    # "Kop\n\nZie dit rapport " (21) + the link's URL (23 on X) + "." = 45
    assert any("45 van 280" in n for n in notes), notes


def test_prepare_keeps_the_length_and_line_breaks_of_the_file():
    prepared = prepare(MARKDOWN, markdown=True)
    assert prepared is not None
    assert len(prepared.masked) == len(MARKDOWN)
    assert prepared.masked.count("\n") == MARKDOWN.count("\n")
    assert "kamerbrief" not in prepared.masked.split("\n")[1]
    assert "**" not in prepared.masked and "](" not in prepared.masked
    assert prepare("Gewone tekst zonder markering.", markdown=False) is None


def test_a_txt_draft_is_not_read_as_markdown(tmp_path, profile):
    draft = write(tmp_path, "post.txt", "<!-- prutsers -->\n")
    found = findings(run("--profile", profile, "--format", "json", draft))
    assert [f["rule"] for f in found] == ["TEST-TONE-001"], "a .txt comment is text"


# ----------------------------------------------------------------------------- approvals

APPROVED = """\
De kamerbrief ligt klaar, wat een prutsers.
<!-- postcheck: akkoord TEST-CONF-001 door communicatie 2026-12-01: persbericht is uit -->
"""


def test_an_approval_turns_the_named_findings_into_info_with_who_and_when(tmp_path, profile):
    draft = write(tmp_path, "post.md", APPROVED)
    result = run("--profile", profile, "--format", "json", draft)
    assert result.exit_code == 0, "the error was approved; the warning does not fail"
    report = json.loads(result.stdout)["results"][0]
    assert report["verdict"] == "caution"
    conf = next(f for f in report["findings"] if f["rule"] == "TEST-CONF-001")
    assert conf["severity"] == "info"
    assert conf["approved"] == {
        "by": "communicatie",
        "date": "2026-12-01",
        "reason": "persbericht is uit",
        "line": 2,
        "severity": "error",
    }
    tone = next(f for f in report["findings"] if f["rule"] == "TEST-TONE-001")
    assert tone["severity"] == "warning" and "approved" not in tone


def test_the_approval_shows_in_text_github_and_sarif(tmp_path, profile):
    draft = write(tmp_path, "post.md", APPROVED)
    said = "Akkoord door communicatie op 2026-12-01 (regel 2; was error): persbericht is uit"
    text = run("--profile", profile, "--no-color", draft).stdout
    assert said in " ".join(text.split())
    github = run("--profile", profile, "--format", "github", draft).stdout
    line = next(ln for ln in github.splitlines() if "TEST-CONF-001" in ln)
    assert line.startswith("::notice ") and said in line
    sarif = json.loads(run("--profile", profile, "--format", "sarif", draft).stdout)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "TEST-CONF-001")
    assert result["level"] == "note"
    assert result["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": said}
    ]


def test_plain_text_and_front_matter_markers(tmp_path, profile):
    txt = write(
        tmp_path,
        "post.txt",
        "De kamerbrief ligt klaar.\npostcheck: approved TEST-CONF-001 by comms 2026-12-01\n",
    )
    md = write(
        tmp_path,
        "fm.md",
        "---\npostcheck: akkoord TEST-CONF-001 door communicatie 2026-12-01\n---\n"
        "De kamerbrief ligt klaar.\n",
    )
    result = run("--profile", profile, "--format", "json", txt, md)
    assert result.exit_code == 0, result.output
    by_file = {Path(r["source"]).name: r for r in json.loads(result.stdout)["results"]}
    assert [f["approved"]["by"] for f in by_file["post.txt"]["findings"]] == ["comms"]
    assert [f["approved"]["line"] for f in by_file["fm.md"]["findings"]] == [2]
    assert by_file["post.txt"]["verdict"] == by_file["fm.md"]["verdict"] == "ok"


def test_a_marker_for_a_rule_that_found_nothing_is_noted(tmp_path, profile):
    draft = write(
        tmp_path,
        "post.md",
        "Mooi weer.\n<!-- postcheck: akkoord TEST-CONF-001 door X 2026-01-02 -->",
    )
    notes = json.loads(run("--profile", profile, "--format", "json", draft).stdout)["results"][0][
        "notes"
    ]
    assert any("regel 2 voor TEST-CONF-001" in n for n in notes)


#: A second tone rule on the test pack's "prutsers": the engine merges its finding and
#: TEST-TONE-001's into one, which this rule leads (it is the more severe).
LOUDER_PACK = """\
pack: {id: louder, title: A second tone rule}
rules:
  - id: LOUD-TONE-001
    type: lexicon
    category: tone
    severity: error
    terms: [prutsers]
    message: Bericht.
    why: Waarom.
    basis: [Test]
    suggestion: Suggestie.
    examples: {bad: [Wat een prutsers.], good: [Dat ging niet goed.]}
"""


@pytest.mark.parametrize("named", ["LOUD-TONE-001", "TEST-TONE-001"])
def test_a_marker_approves_a_merged_finding_by_any_of_its_rules(tmp_path, profile, named):
    pack = write(tmp_path, "louder.yaml", LOUDER_PACK)
    draft = write(
        tmp_path,
        "post.md",
        f"Wat een prutsers.\n<!-- postcheck: akkoord {named} door communicatie 2026-12-01 -->\n",
    )
    result = run("--profile", profile, "--rules", pack, "--format", "json", draft)
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)["results"][0]
    [finding] = report["findings"]
    assert finding["rules"] == ["LOUD-TONE-001", "TEST-TONE-001"]
    assert finding["severity"] == "info"
    assert finding["approved"]["severity"] == "error"
    assert report["verdict"] == "ok"
    assert not any("communicatie" in n or named in n for n in report["notes"]), report["notes"]


@pytest.mark.parametrize(
    ("marker", "problem"),
    [
        ("akkoord TEST-CONF-001 2026-12-01", "names no one who approved it"),
        ("akkoord TEST-CONF-001 door communicatie", "has no date"),
        ("akkoord TEST-CONF-001 door communicatie 2026-02-30", "'2026-02-30' is not a date"),
        ("akkoord TEST-CONF-01 door communicatie 2026-12-01", "did you mean 'TEST-CONF-001'"),
        ("akkoord door communicatie 2026-12-01", "names no rule"),
        ("goedgekeurd TEST-CONF-001 door X 2026-12-01", "unknown word 'goedgekeurd'"),
    ],
)
def test_a_marker_nobody_can_trace_is_an_error_with_its_line(tmp_path, profile, marker, problem):
    draft = write(
        tmp_path, "post.md", f"De kamerbrief ligt klaar.\n\n<!-- postcheck: {marker} -->\n"
    )
    result = run("--profile", profile, draft)
    assert result.exit_code == 2
    assert "post.md: line 3: approval marker" in result.stderr
    assert problem in result.stderr


# ------------------------------------------------------------------------ stdin-filename


def test_stdin_filename_names_the_draft_finds_its_profile_and_reads_markdown(tmp_path):
    folder = tmp_path / "repo" / "drafts"
    folder.mkdir(parents=True)
    (tmp_path / "repo" / ".postcheck.yaml").write_text(
        PROFILE_YAML + "rules: {TEST-TONE-001: error}\n", encoding="utf-8"
    )
    name = str(folder / "post.md")
    result = run(
        "--stdin-filename",
        name,
        "--format",
        "github",
        "-",
        input="<!-- kamerbrief -->\nWat een prutsers.\n",
    )
    assert result.exit_code == 1, "the profile beside the named file made it an error"
    assert "TEST-CONF-001" not in result.stdout, "read as Markdown: the comment is skipped"
    assert f"file={name},line=2,col=9" in result.stdout.replace("%3A", ":").replace("%2C", ",")
    shown = run("--stdin-filename", name, "--format", "json", input="Wat een prutsers.")
    report = json.loads(shown.stdout)["results"][0]
    assert report["source"] == name
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [("TEST-TONE-001", "error")]


def test_stdin_filename_must_not_be_empty():
    result = run("--stdin-filename", "", "-", input="Hallo.")
    assert result.exit_code == 2 and "--stdin-filename" in result.stderr


def test_an_approved_report_validates_against_the_report_schema(tmp_path, profile):
    jsonschema = pytest.importorskip("jsonschema")
    from postcheck.packs.schemagen import shipped

    draft = write(tmp_path, "post.md", APPROVED)
    report = json.loads(run("--profile", profile, "--format", "json", draft).stdout)
    jsonschema.validate(report, json.loads(shipped("report")))
