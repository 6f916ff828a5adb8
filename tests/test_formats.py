"""Output formats: golden files, the structure GitHub code scanning needs, the JSON contract.

The formatters are tested on a report built by hand (`workflow_support.sample_report`), so
a change in the rules never shows up here as a format change. Regenerate the golden files
with `POSTCHECK_UPDATE_GOLDEN=1 pytest tests/test_formats.py` and review the diff.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import jsonschema
import pytest

from postcheck.formatters import concise, github, positions, sarif
from postcheck.formatters import json as json_format
from postcheck.formatters.text import render_plain, render_quiet
from postcheck.models import Finding
from postcheck.packs.loading import load_rules
from postcheck.packs.schemagen import shipped
from workflow_support import PACK, SARIF_SCHEMA, golden, load_json, sample_report


@pytest.fixture(scope="module")
def rules():
    return load_rules([PACK]).rules


# ------------------------------------------------------------------------- golden files


def test_json_golden():
    golden("report.json", json_format.render(sample_report()))


def test_sarif_golden(rules):
    golden("report.sarif", sarif.render(sample_report(), rules))


def test_github_golden():
    golden("report.github.txt", github.render(sample_report()))


def test_quiet_golden():
    golden("report.quiet.txt", render_quiet(sample_report()))


def test_text_plain_golden():
    """The text report off a terminal: no box, no wrapping, no trailing spaces."""
    text = render_plain(sample_report())
    golden("report.text.txt", text)
    assert not any(ch in text for ch in "╭╮╰╯│─")
    assert all(line == line.rstrip() for line in text.splitlines())


def test_concise_golden():
    golden("report.concise.txt", concise.render(sample_report()))


def test_jsonl_golden():
    golden("report.jsonl", json_format.render_lines(sample_report()))


# -------------------------------------------------------------------------------- JSON


def test_json_report_matches_its_schema():
    schema = json.loads(shipped("report"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(load_json(json_format.render(sample_report())), schema)


def test_json_schema_rejects_what_the_contract_forbids():
    schema = json.loads(shipped("report"))
    report = load_json(json_format.render(sample_report()))
    validator = jsonschema.Draft202012Validator(schema)
    with_draft = json.loads(json.dumps(report))
    with_draft["results"][0]["draft"] = "the whole text"
    missing_error = json.loads(json.dumps(report))
    del missing_error["results"][3]["error"]
    bad_severity = json.loads(json.dumps(report))
    bad_severity["results"][0]["findings"][1]["severity"] = "fatal"
    for broken in (with_draft, missing_error, bad_severity):
        assert not validator.is_valid(broken)


def test_json_keeps_the_draft_out():
    text = json_format.render(sample_report())
    assert "bel 0612345678 😉" not in text  # only the flagged span, not the draft
    assert '"text": "0612345678"' in text


# ------------------------------------------------------------------------------- SARIF


def test_sarif_has_what_github_code_scanning_needs(rules):
    log = load_json(sarif.render(sample_report(), rules))
    assert log["version"] == "2.1.0" and "sarif-schema-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "postcheck" and driver["version"]
    assert run["columnKind"] == "unicodeCodePoints"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids == sorted(set(rule_ids)), "one entry per rule, in a stable order"
    # Every rule of the pack is documented, also those without a result in this run.
    assert {r.id for r in rules} <= set(rule_ids)
    for descriptor in driver["rules"]:
        if descriptor["id"].startswith("TEST-PERS"):
            continue  # not in the pack: a bare descriptor keeps ruleIndex valid
        assert descriptor["shortDescription"]["text"]
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"] and descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    assert run["results"], "the sample has findings"
    for result in run["results"]:
        assert result["message"]["text"]
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")), "relative to the repository root"
        assert " " not in uri and "," not in uri, "percent-encoded"
        assert physical["region"]["startLine"] >= 1
        assert run["artifacts"][physical["artifactLocation"]["index"]]["location"]["uri"] == uri
        assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["postcheck/v1"])


def test_sarif_levels_regions_and_offsets(rules):
    report = sample_report()
    log = load_json(sarif.render(report, rules))
    results = log["runs"][0]["results"]
    first = [
        r
        for r in results
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("drafts/w")
    ]
    by_rule = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r
        for r in first
    }
    privacy = by_rule[("TEST-PRIV-001", 2)]
    assert privacy["level"] == "error"
    region = privacy["locations"][0]["physicalLocation"]["region"]
    draft = report.results[0].draft
    start = region["charOffset"]
    assert draft[start : start + region["charLength"]] == "0612345678" == region["snippet"]["text"]
    assert (region["startLine"], region["endLine"]) == (2, 2)
    assert region["endColumn"] - region["startColumn"] == len("0612345678")
    tone = by_rule[("TEST-TONE-001", 1)]["locations"][0]["physicalLocation"]["region"]
    assert tone["startColumn"] == 11, "code points: the 😤 before it counts as one"
    info = next(r for r in results if r["ruleId"] == "TEST-INFO-001")
    assert info["level"] == "note"
    assert by_rule[("TEST-TONE-001", 1)]["level"] == "warning"


def test_sarif_fingerprints_are_stable_and_distinct(rules):
    results = load_json(sarif.render(sample_report(), rules))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["postcheck/v1"] for r in results]
    assert len(prints) == len(set(prints)), "two 'prutsers' in one draft differ"
    # An edit above a finding moves it but keeps its fingerprint.
    report = sample_report()
    shifted = report.results[1]
    shifted.draft = "Nieuw.\n" + shifted.draft
    again = load_json(sarif.render(report, rules))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in again] == [r["partialFingerprints"] for r in results]


def test_sarif_unreadable_input_is_a_notification(rules):
    run = load_json(sarif.render(sample_report(), rules))["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "drafts/broken.txt"
    )
    assert not any(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "drafts/broken.txt"
        for r in run["results"]
    )


def test_sarif_is_deterministic_and_has_no_timestamps(rules):
    first = sarif.render(sample_report(), rules)
    assert first == sarif.render(sample_report(), rules)
    assert not re.search(r"Time|\d{4}-\d\d-\d\dT", first)


def test_sarif_uris():
    assert sarif.artifact_uri("drafts/week 1, maandag.txt") == "drafts/week%201%2C%20maandag.txt"
    assert sarif.artifact_uri("./a.txt") == "a.txt"
    assert sarif.artifact_uri("drafts\\b.md") == "drafts/b.md"
    assert sarif.artifact_uri("/abs/olute.txt") == "file:///abs/olute.txt"


@pytest.mark.skipif(
    not SARIF_SCHEMA.is_file(),
    reason=f"the OASIS SARIF schema is missing: {SARIF_SCHEMA} (not beside the repository)",
)
def test_sarif_validates_against_the_oasis_schema(rules):
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    log = load_json(sarif.render(sample_report(), rules))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    empty = load_json(sarif.render(sample_report().model_copy(update={"results": []}), rules))
    assert list(validator.iter_errors(empty)) == []


# ------------------------------------------------------------------------------ GitHub

LINE = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def _commands(text: str) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for line in text.splitlines()[:-1]:
        m = LINE.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in m.group(2).split(",")) if m.group(2) else {}
        out.append((m.group(1), props, m.group(3)))
    return out


def test_github_annotations():
    text = github.render(sample_report())
    commands = _commands(text)
    conf = next(c for c in commands if "TEST-CONF-001" in c[1].get("title", ""))
    kind, props, message = conf
    assert kind == "error"
    assert props["file"] == "drafts/week 1%2C maandag.txt"  # ',' escaped in a property
    assert (props["line"], props["col"], props["endLine"], props["endColumn"]) == (
        "2",
        "4",
        "2",
        "14",
    )
    assert props["title"] == "TEST-CONF-001%2C TEST-CONF-002 (confidentiality)"  # merged rules
    assert "%0A" in message and "\n" not in message
    kinds = {c[1].get("title", "").split()[0]: c[0] for c in commands if "title" in c[1]}
    assert kinds["TEST-INFO-001"] == "notice" and kinds["TEST-TONE-001"] == "warning"
    unreadable = [c for c in commands if c[1].get("file") == "drafts/broken.txt"]
    assert unreadable[0][0] == "error" and "UTF-8" in unreadable[0][2]
    profile = [c for c in commands if c[1].get("title", "").startswith("TEST-PERS")]
    # Once for the run, on the profile file at the bio's line.
    assert [(c[1]["file"], c[1]["line"]) for c in profile] == [("profiles/me.yaml", "9")]


def test_github_summary_line():
    last = github.render(sample_report()).splitlines()[-1]
    assert last == (
        "postcheck: 4 drafts checked (1 stop, 1 caution, 1 ok), 1 could not be read; "
        "findings: 2 error, 5 warning, 1 info; profile: caution"
    )


def test_github_escaping_prevents_injection():
    assert github.escape_data("a\n::error::x%") == "a%0A::error::x%25"
    assert github.escape_property("a:b,c\r") == "a%3Ab%2Cc%0D"
    line = github.command("warning", "x\n::error file=evil::y", file="a,b:c.txt", title="t")
    assert line.count("\n") == 0 and line.startswith("::warning file=a%2Cb%3Ac.txt,title=t::")


def test_github_end_column_after_astral_characters():
    # "😤 Wat een prutsers": one code point for the emoji (two in UTF-16), so column 11.
    commands = _commands(github.render(sample_report()))
    tone = next(
        c
        for c in commands
        if c[1].get("title", "").startswith("TEST-TONE") and c[1]["file"].startswith("drafts/w")
    )
    assert (tone[1]["col"], tone[1]["endColumn"]) == ("11", "19")


def test_quiet_is_one_plain_line_per_draft():
    lines = render_quiet(sample_report()).splitlines()
    assert lines == [
        "profiles/me.yaml: caution (profile)",  # a profile that needs a change, once
        "drafts/week 1, maandag.txt: stop",
        "drafts/b.md: caution",
        "drafts/en.txt: ok",
        "drafts/broken.txt: error",
    ]


# -------------------------------------------------------------- end positions, many findings


def _span(start: int, end: int, line: int = 1, column: int = 1) -> Finding:
    return Finding(
        rule="TEST-TONE-001",
        category="tone",
        severity="warning",
        message="Bericht.",
        why="Waarom.",
        basis=["Test"],
        suggestion="Suggestie.",
        start=start,
        end=end,
        line=line,
        column=column,
        text="x",
    )


def _end_by_scanning(end: int, draft: str) -> tuple[int, int]:
    """The end as the formatters used to count it: every break from the draft's start."""
    line, start = 1, 0
    for m in re.finditer(r"\r\n|\r|\n", draft[:end]):
        line += 1
        start = m.end()
    return line, end - start + 1


def test_end_positions_agree_with_counting_from_the_start():
    draft = "a\nbc\r\nd\re😤f\n\n\r\r\ngh\r\nij\r"
    lines = positions.LineIndex(draft)
    for end in range(len(draft) + 1):
        assert lines.end_of(_span(0, end)) == _end_by_scanning(end, draft), end
    assert positions.end_of(_span(0, 4), draft) == _end_by_scanning(4, draft)


class _CountingBreaks:
    """Stands in for the line-break pattern and counts how often the draft is scanned."""

    def __init__(self) -> None:
        self.scans = 0

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        self.scans += 1
        return re.finditer(r"\r\n|\r|\n", text[slice(*args)] if args else text)


def test_fifty_thousand_ends_are_found_in_one_scan(monkeypatch):
    """Each end used to be counted from the draft's start: 100,000 findings took minutes."""
    breaks = _CountingBreaks()
    monkeypatch.setattr(positions, "_BREAK", breaks)
    draft = "Een regel tekst.\r\n" * 50_000
    lines = positions.LineIndex(draft)
    ends = [lines.end_of(_span(i * 18, i * 18 + 3, line=i + 1)) for i in range(50_000)]
    assert breaks.scans == 1
    assert ends[0] == (1, 4) and ends[-1] == (50_000, 4)


def test_sarif_and_github_scan_each_draft_once(monkeypatch, rules):
    draft = "Wat een prutsers.\n" * 2_000
    findings = [_span(i * 18 + 8, i * 18 + 16, line=i + 1, column=9) for i in range(2_000)]
    report = sample_report()
    result = report.results[0].model_copy(update={"draft": draft, "findings": findings})
    report = report.model_copy(update={"results": [result]})
    for render in (lambda r: sarif.render(r, rules), github.render):
        breaks = _CountingBreaks()
        monkeypatch.setattr(positions, "_BREAK", breaks)
        out = render(report)
        assert breaks.scans == 1
        assert "2000" in out


def test_text_on_a_terminal_keeps_its_box_and_summary():
    """On a terminal the draft stands in a box (rich); the content is the plain report's."""
    import io

    from rich.console import Console

    from postcheck.formatters.text import render as render_text

    out = io.StringIO()
    render_text(sample_report(), Console(file=out, force_terminal=True, width=100, no_color=True))
    text = out.getvalue()
    assert "╭" in text and "│ 😤 Wat een prutsers bij de NS." in text
    assert text.count("TEST-PERS-001") == 1
    assert "5 waarschuwingen; profiel: twijfel" in text.rstrip().splitlines()[-1]
