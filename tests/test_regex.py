"""Regex rules: personal data with a fixed shape, with checksums."""

from __future__ import annotations

import pytest

from conftest import rule_yaml, spans
from postcheck.errors import SourceError
from postcheck.matching.matchers import Validator


def pack(pattern: str, check: str = "none") -> str:
    return "rules:\n" + rule_yaml(
        f"""
        - id: T-REG-001
          type: regex
          category: privacy
          severity: error
          pattern: '{pattern}'
          check: {check}
        """
    )


def test_bsn_needs_the_eleven_check(make_engine):
    engine = make_engine(pack(r"\b\d{9}\b", "bsn"))
    assert spans(engine, "BSN 111222333 staat erin.") == ["111222333"]
    assert spans(engine, "Nummer 123456780 niet.") == []


def test_iban_mod_97():
    assert Validator.iban("NL91 ABNA 0417 1643 00")
    assert not Validator.iban("NL91 ABNA 0417 1643 01")


def test_plate_pattern(make_engine):
    engine = make_engine(pack(r"\b[0-9A-Z]{1,3}-[0-9A-Z]{2,3}-[0-9A-Z]{1,2}\b"))
    assert spans(engine, "Kenteken van z'n busje: 12-VXK-3.") == ["12-VXK-3"]


def test_invalid_regex_names_rule_and_line(make_engine):
    with pytest.raises(SourceError) as err:
        make_engine(pack("(unclosed")).compile_all()
    assert "T-REG-001" in str(err.value) and "invalid regex" in str(err.value)
