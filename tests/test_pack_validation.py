"""Rule packs with mistakes: each a one-line error with file, line and what was meant."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import RULE_DOCS
from postcheck.errors import SourceError
from postcheck.packs.loading import load_rules

RULE = """
  - id: {id}
    type: lexicon
    category: tone
    severity: warning
    terms: [prutser]
""" + textwrap.indent(textwrap.dedent(RULE_DOCS), "    ")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(*paths: Path) -> str:
    with pytest.raises(SourceError) as err:
        load_rules(list(paths))
    message = str(err.value)
    assert "\n" not in message
    return message


def test_duplicate_rule_id_across_files_names_both_places(tmp_path):
    a = write(tmp_path, "a.yaml", "rules:" + RULE.replace("{id}", "X-TONE-001"))
    b = write(tmp_path, "b.yaml", "rules:" + RULE.replace("{id}", "X-TONE-001"))
    message = error_of(a, b)
    assert message.startswith(f"{b}:2: duplicate rule id 'X-TONE-001'")
    assert f"first at {a}:2" in message


def test_duplicate_signal_within_one_pack(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    write(pack, "a.yaml", "signals:\n  party: {terms: [VVD]}\n")
    write(pack, "b.yaml", "signals:\n  party: {terms: [CDA]}\n")
    assert "signal 'party' is defined twice" in error_of(pack)


def test_signal_names_are_scoped_to_their_pack(tmp_path):
    """A municipality pack may define `party` beside the Rijk pack's `party`."""
    first = write(tmp_path, "rijk.yaml", "signals:\n  party: {terms: [VVD]}\n")
    rule = RULE.replace("{id}", "GEM-POL-001").replace("type: lexicon", "type: cooccurrence")
    rule = rule.replace("terms: [prutser]", "all: [party, stem]")
    second = write(
        tmp_path,
        "gemeente.yaml",
        "pack: {id: gemeente, title: Gemeente}\n"
        "signals:\n  party: {terms: [Leefbaar]}\n  stem: {terms: [stem]}\nrules:" + rule,
    )
    ruleset = load_rules([first, second])
    assert set(ruleset.signals) == {"party", "gemeente.party", "stem"}
    assert ruleset.rule("GEM-POL-001").all == ["gemeente.party", "stem"]


def test_misspelt_key_in_rule(tmp_path):
    path = write(
        tmp_path,
        "a.yaml",
        "rules:" + RULE.replace("{id}", "X-TONE-001").replace("terms:", "termz:"),
    )
    message = error_of(path)
    assert "a.yaml:2:" in message and "missing required key 'terms'" in message
    assert "found 'termz' at line 6" in message


def test_bad_category_suggests(tmp_path):
    text = "rules:" + RULE.replace("{id}", "X-TONE-001").replace(
        "category: tone", "category: tonne"
    )
    message = error_of(write(tmp_path, "a.yaml", text))
    assert "a.yaml:4" in message and "did you mean 'tone'" in message


def test_bad_rule_id(tmp_path):
    message = error_of(write(tmp_path, "a.yaml", "rules:" + RULE.replace("{id}", "tone1")))
    assert "PACK-TOPIC-001" in message


def test_missing_docs(tmp_path):
    text = (
        "rules:\n  - id: X-A-1\n    type: lexicon\n    category: tone\n"
        "    severity: info\n    terms: [x]\n"
    )
    assert "missing required key" in error_of(write(tmp_path, "a.yaml", text))


def test_folder_without_rule_files(tmp_path):
    (tmp_path / "empty").mkdir()
    assert "no rule files" in error_of(tmp_path / "empty")


def test_missing_pack_path(tmp_path):
    assert "no such file or folder" in error_of(tmp_path / "nope.yaml")


def test_unknown_signal_in_severity_condition(tmp_path):
    text = "signals:\n  election: {terms: [verkiezingen]}\nrules:" + RULE.replace(
        "{id}", "X-A-001"
    ).replace(
        "severity: warning",
        "severity: warning\n    severity_when:\n"
        "      - when: {signals: [elections]}\n        severity: error",
    )
    message = error_of(write(tmp_path, "a.yaml", text))
    assert "unknown signal 'elections'" in message and "did you mean 'election'" in message
