"""`postcheck eval`: scoring labelled drafts in process, on a small fixture with known figures.

tests/data/eval/labelled.jsonl, checked with the workflow tests' small pack:
t1 tone found (tp); t2 confidentiality found (tp), speculation missed (fn); t3 only an info
finding (not flagged); t4 tone on a post that should pass (fp, a false alarm); t5 privacy
found (tp) and confidentiality tolerated by `may`; t6 nothing. So: tp 3, fp 1, fn 1,
micro-P 0.75, micro-R 0.75, F1 0.75; false alarms 1 of the 3 cases with an empty `must`.
"""

from __future__ import annotations

import json
import shutil

import pytest

from workflow_support import DATA, REPO, run

pytestmark = pytest.mark.usefixtures("workflow_data")

CASES = str(DATA / "eval" / "labelled.jsonl")
PROFILES = str(DATA / "eval" / "profiles")


def test_eval_prints_per_category_figures_micro_f1_false_alarms_and_differing_cases():
    result = run("eval", CASES, "--profiles", PROFILES)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    table = {ln.split()[0]: ln.split()[1:] for ln in lines[1:10]}
    assert table["tone"] == ["0.50", "1.00", "1", "1", "0"]
    assert table["confidentiality"] == ["1.00", "1.00", "1", "0", "0"]
    assert table["speculation"] == ["-", "0.00", "0", "0", "1"]
    assert table["privacy"] == ["1.00", "1.00", "1", "0", "0"]
    assert "cases that differ (2):" in lines
    assert any(ln.startswith("  t2 [zorg] missing=['speculation'] extra=[]") for ln in lines)
    assert any(ln.startswith("  t4 [zorg] missing=[] extra=['tone']") for ln in lines)
    assert lines[-1] == (
        "cases=6 micro-P=0.75 micro-R=0.75 micro-F1=0.75 false-alarm=1/3=0.33 "
        "risky-passed-as-ok=0/3 lowest-recall=0.00"
    )


def test_eval_json_for_machines():
    result = run("eval", CASES, "--profiles", PROFILES, "--format", "json")
    data = json.loads(result.stdout)
    assert data["cases"] == 6
    assert data["micro"] == {"precision": 0.75, "recall": 0.75, "f1": 0.75}
    assert data["false_alarm"] == {"count": 1, "of": 3, "rate": 0.3333}
    assert data["categories"]["speculation"]["precision"] is None
    assert [d["id"] for d in data["differing"]] == ["t2", "t4"]
    assert data["not_met"] == []


@pytest.mark.parametrize(
    ("option", "value", "status", "said"),
    [
        ("--min-f1", "0.7", 0, None),
        ("--min-f1", "0.8", 1, "micro-F1 0.75 < --min-f1 0.80"),
        ("--max-false-alarm", "0.4", 0, None),
        ("--max-false-alarm", "0.3", 1, "false-alarm rate 0.33 > --max-false-alarm 0.30"),
        ("--min-recall", "0.5", 1, "recall 0.00 < --min-recall 0.50 in speculation"),
    ],
)
def test_eval_thresholds_decide_the_exit_status(option, value, status, said):
    result = run("eval", CASES, "--profiles", PROFILES, option, value)
    assert result.exit_code == status
    if said:
        assert f"not met: {said}" in result.stdout


def test_profile_findings_count_for_every_case_of_the_profile(tmp_path, monkeypatch):
    """A bio finding, which the report gives once in its profile section (postcheck/2)
    and in no result, flags its category for every case of that profile, and for no
    case of another profile. Run on the built-in pack: its persona rule reads the bio."""
    import postcheck.engine.session
    from postcheck.packs import loading

    monkeypatch.setattr(postcheck.engine.session, "builtin_pack_dirs", loading.builtin_pack_dirs)
    monkeypatch.setattr(postcheck.engine.session, "topics_dir", loading.topics_dir)
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    shutil.copy(REPO / "profiles" / "persoonlijke-titel.yaml", profiles / "bio.yaml")
    shutil.copy(REPO / "profiles" / "woordvoerder.yaml", profiles / "official.yaml")
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"id": "a", "profile": "bio", "text": "Mooi weer vandaag.", "must": ["persona"]}\n'
        '{"id": "b", "profile": "bio", "text": "Ook mooi weer.", "must": ["persona"]}\n'
        '{"id": "c", "profile": "official", "text": "Mooi weer vandaag.", "must": []}\n',
        encoding="utf-8",
    )
    result = run("eval", str(cases), "--profiles", str(profiles), "--format", "json")
    data = json.loads(result.stdout)
    assert data["categories"]["persona"]["tp"] == 2, data
    assert data["categories"]["persona"]["fp"] == 0, data
    assert data["differing"] == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"id": "x", "profile": "zorg", "text": "t", "must": ["toon"]}',
            "cases.jsonl:1: must: unknown category 'toon' (did you mean 'tone'?)",
        ),
        ('{"id": "x", "profile": "zorg", "must": []}', "cases.jsonl:1: 'text' is missing"),
        ("not json", "cases.jsonl:1: not valid JSON"),
        (
            '{"id": "x", "profile": "nobody", "text": "t", "must": []}',
            "nobody.yaml: no profile 'nobody' (case 'x', line 1)",
        ),
    ],
)
def test_a_broken_set_is_an_error_with_file_and_line(tmp_path, line, message):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(line + "\n", encoding="utf-8")
    result = run("eval", str(cases), "--profiles", PROFILES)
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1
