"""Severity conditions many rules share are declared once in pack.yaml and named in rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from postcheck.errors import SourceError
from postcheck.packs.loading import builtin_pack_dirs, load_rules

PACK = """\
pack:
  id: test
  title: Test
  severity_conditions:
    official:
      - when: {account_kind: official}
        severity: error
rules:
  - id: TEST-TONE-001
    type: lexicon
    category: tone
    severity: warning
    terms: [prutser]
    severity_when:
      - when: {role: woordvoerder}
        severity: info
      - NAME
    message: Bericht.
    why: Waarom.
    basis: [Test]
    suggestion: Suggestie.
    examples: {bad: [prutser], good: [iets]}
"""


def _load(tmp_path: Path, name: str) -> object:
    path = tmp_path / "pack.yaml"
    path.write_text(PACK.replace("NAME", name), encoding="utf-8")
    return load_rules([path])


def test_a_named_condition_stands_for_its_entries_in_place(tmp_path: Path) -> None:
    (rule,) = _load(tmp_path, "official").rules  # type: ignore[attr-defined]
    assert [(o.when.model_dump(exclude_none=True), o.severity) for o in rule.severity_when] == [
        ({"role": ["woordvoerder"]}, "info"),
        ({"account_kind": "official"}, "error"),
    ]


def test_an_unknown_name_is_an_error_with_line_and_hint(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="unknown severity condition 'oficial'") as info:
        _load(tmp_path, "oficial")
    assert "pack.yaml:17" in str(info.value) and "did you mean 'official'" in str(info.value)


def test_the_rijk_pack_names_its_official_account_condition() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in builtin_pack_dirs()[0].glob("*.yaml"))
    assert text.count("when: {account_kind: official}\n        severity: error") == 1
    ruleset = load_rules(builtin_pack_dirs())
    official = [
        r.id
        for r in ruleset.rules
        if any(o.when.account_kind == "official" and o.severity == "error" for o in r.severity_when)
    ]
    # 32 rules when the condition was introduced, and the judgement rules since.
    assert len(official) >= 32
    assert {"RIJK-TONE-104", "RIJK-POL-101"} <= set(official)
