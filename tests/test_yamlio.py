"""Tests for safe YAML loading with line numbers and one-line validation errors."""

from __future__ import annotations

import datetime
import math
import time
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from postcheck.errors import PostcheckError, SourceError
from postcheck.yamlio import LineDict, LineList, line_of, load_yaml, validate


def load(text: str) -> Any:
    return load_yaml("pack.yaml", text=text)


def error_of(text: str, model: type[BaseModel] | None = None) -> SourceError:
    """The SourceError that loading (and validating) ``text`` raises."""
    with pytest.raises(SourceError) as info:
        data = load(text)
        if model is not None:
            validate(model, data, "pack.yaml")
    return info.value


# ----------------------------------------------------------------------------- SourceError


def test_source_error_format() -> None:
    assert str(SourceError("a.yaml", "bad", line=3, hint="try x")) == "a.yaml:3: bad (try x)"
    assert str(SourceError(Path("a.yaml"), "bad")) == "a.yaml: bad"
    error = SourceError("a.yaml", "bad\n  thing\r\nhere", line=1, hint="one\ntwo")
    assert str(error) == "a.yaml:1: bad thing here (one two)"
    assert (error.path, error.line, error.message, error.hint) == (
        "a.yaml",
        1,
        "bad thing here",
        "one two",
    )
    assert isinstance(error, PostcheckError)


# ----------------------------------------------------------------------------- loading


def test_lines_of_nested_keys_and_list_items() -> None:
    data = load(
        "# a rule pack\n"  # 1
        "pack:\n"  # 2
        "  id: rijk\n"  # 3
        "rules:\n"  # 4
        "  - id: A\n"  # 5
        "    terms:\n"  # 6
        "      - een\n"  # 7
        "      - twee\n"  # 8
        "  - {id: B, tags: [x, y]}\n"  # 9
    )
    assert isinstance(data, LineDict) and isinstance(data, dict)
    assert data.line == 2
    assert data.key_lines == {"pack": 2, "rules": 4}
    assert data["pack"].line == 3 and data["pack"].key_lines == {"id": 3}
    rules = data["rules"]
    assert isinstance(rules, LineList) and isinstance(rules, list)
    assert rules.line == 5 and rules.item_lines == [5, 9]
    assert rules[0].key_lines == {"id": 5, "terms": 6}
    assert rules[0]["terms"].item_lines == [7, 8]
    assert rules[1].line == 9 and rules[1]["tags"].item_lines == [9, 9]
    assert data == {
        "pack": {"id": "rijk"},
        "rules": [{"id": "A", "terms": ["een", "twee"]}, {"id": "B", "tags": ["x", "y"]}],
    }


def test_scalars_stay_plain_values() -> None:
    data = load("a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: 2024-05-01\ng: =\n")
    assert data == {
        "a": 1,
        "b": 1.5,
        "c": True,
        "d": None,
        "e": "1",
        "f": datetime.date(2024, 5, 1),
        "g": "=",
    }
    assert type(data["e"]) is str


def test_reads_file_and_empty_file_is_none(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("id: ÄB\n", encoding="utf-8")
    assert load_yaml(path) == {"id": "ÄB"}
    path.write_text("", encoding="utf-8")
    assert load_yaml(path) is None
    path.write_text("# nothing but a comment\n", encoding="utf-8")
    assert load_yaml(path) is None


def test_text_overrides_file_and_path_names_it() -> None:
    assert load_yaml("<stdin>", text="a: 1\n") == {"a": 1}
    assert str(error_of("a: 1\na: 2\n")).startswith("pack.yaml:2: ")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"nope\.yaml: cannot read file: No such file"):
        load_yaml(tmp_path / "nope.yaml")


def test_duplicate_key_names_both_lines() -> None:
    error = error_of("rules:\n  - id: A\n    why: x\n    id: B\n")
    assert str(error) == "pack.yaml:4: duplicate key 'id' (first at line 2)"


def test_alias_and_anchor_rejected() -> None:
    message = "YAML aliases/anchors are not allowed in postcheck files"
    assert str(error_of("a: &x 1\nb: *x\n")) == f"pack.yaml:1: {message}"
    assert str(error_of("a: 1\nb: &unused [1]\n")) == f"pack.yaml:2: {message}"
    assert str(error_of("base: {x: 1}\nrule:\n  <<: {y: 2}\n")).startswith(
        "pack.yaml:3: YAML merge keys"
    )


def test_billion_laughs_rejected_without_expanding() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    start = time.perf_counter()
    error = error_of("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1
    assert error.line == 1 and "aliases/anchors" in error.message


def test_unsafe_and_unsupported_tags_rejected() -> None:
    error = error_of("a: !!python/object/apply:os.system ['echo hi']\n")
    assert str(error) == "pack.yaml:1: unsupported YAML tag '!!python/object/apply:os.system'"
    assert str(error_of("a: 1\nb: !!set {x}\n")) == "pack.yaml:2: unsupported YAML tag '!!set'"
    assert error_of("a: 2024-02-30\n").line == 1  # PyYAML itself raises a bare ValueError


def test_syntax_error_line() -> None:
    error = error_of("rules:\n  - id: A\n    why: [unclosed\n    severity: info\n")
    assert error.line == 4
    assert error.message.startswith("invalid YAML: ")
    assert "\n" not in str(error)
    quote = error_of("a: 1\nb: 'open\n\n")
    assert quote.hint == "while scanning a quoted scalar at line 2"


def test_mapping_key_must_be_scalar_and_one_document() -> None:
    assert error_of("? [a]\n: 1\n").line == 1
    error = error_of("a: 1\n---\nb: 2\n")
    assert (error.line, error.message) == (2, "only one YAML document per file is allowed")


def test_deep_nesting_rejected() -> None:
    error = error_of("[" * 5000 + "]" * 5000)
    assert "nesting is too deep" in error.message


def test_oversize_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 2000 + b"\n")
    with pytest.raises(SourceError) as info:
        load_yaml(path, max_bytes=1000)
    assert str(info.value) == f"{path}: file is too large: 2,004 bytes (limit 1,000 bytes)"
    with pytest.raises(SourceError, match=r"too large: 1,001 bytes \(limit 1,000 bytes\)"):
        load_yaml("<stdin>", text="é" * 500 + "x", max_bytes=1000)


def test_invalid_utf8_names_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"id: A\nwhy: caf\xe9 au lait\n")
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    error = info.value
    assert error.line == 2
    assert "not valid UTF-8" in error.message and "byte offset 14" in error.message
    assert error.hint == "save the file as UTF-8"


def test_non_printable_character() -> None:
    error = error_of("a: 1\nb: x\x07y\n")
    assert error.line == 2 and "#x0007" in error.message


# ----------------------------------------------------------------------------- line_of


def test_line_of_skips_parts_not_in_data() -> None:
    data = load(
        "rules:\n"  # 1
        "  - id: A\n"  # 2
        "    type: lexicon\n"  # 3
        "    terms:\n"  # 4
        "      nl: [een, twee]\n"  # 5
        "    names:\n"  # 6
        "      x: 1\n"  # 7
    )
    assert line_of(data, ()) == 1
    assert line_of(data, ("rules",)) == 1
    assert line_of(data, ("rules", 0)) == 2
    assert line_of(data, ("rules", 0, "lexicon", "terms", "nl", 1)) == 5
    assert line_of(data, ("rules", 0, "function-after[check(), Rule]", "type")) == 3
    assert line_of(data, ("rules", 0, "missing_key")) == 2
    assert line_of(data, ("rules", 0, "names", "x", "[key]")) == 7
    assert line_of(data, ("rules", 7)) == 1
    assert line_of({"a": 1}, ("a",)) is None
    assert line_of(None, ("a",)) is None


# ----------------------------------------------------------------------------- validate


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    expect: bool = True


class RuleBase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    severity: Literal["info", "warning", "error"] = "warning"
    why: str
    examples: list[Example] = Field(default_factory=list)


class LexiconRule(RuleBase):
    type: Literal["lexicon"]
    words: list[str]


class RegexRule(RuleBase):
    type: Literal["regex"]
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _no_groups(cls, value: str, info: ValidationInfo) -> str:
        if "(" in value and not (info.context or {}).get("allow_groups"):
            raise ValueError("groups are not allowed\nuse (?:...) instead")
        return value


class Pack(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = ""
    rules: list[Annotated[LexiconRule | RegexRule, Field(discriminator="type")]]


PACK = """\
name: test
rules:
  - id: RIJK-TONE-001
    type: lexicon
    why: Toon.
    words: [dom, stom]
  - id: RIJK-DATA-001
    type: regex
    severity: error
    why: Data.
    pattern: '\\d+'
    examples:
      - text: 'bel 0612345678'
      - text: geen nummer
        expect: false
"""


def invalid(old: str, new: str, model: type[BaseModel] = Pack) -> str:
    text = PACK.replace(old, new, 1)
    assert text != PACK
    return str(error_of(text, model))


def test_validate_returns_model() -> None:
    pack = validate(Pack, load(PACK), "pack.yaml")
    assert isinstance(pack.rules[1], RegexRule) and pack.rules[1].examples[1].expect is False


def test_unknown_key_in_union_member_with_did_you_mean() -> None:
    assert invalid("    severity: error\n", "    serverity: error\n") == (
        "pack.yaml:9: rules[1] (RIJK-DATA-001): unknown key 'serverity' (did you mean 'severity'?)"
    )


def test_unknown_key_in_nested_list_of_models() -> None:
    assert invalid("        expect: false", "        expct: false") == (
        "pack.yaml:15: rules[1] (RIJK-DATA-001).examples[1]: unknown key 'expct' "
        "(did you mean 'expect'?)"
    )


def test_unknown_key_without_close_match_has_no_hint() -> None:
    assert invalid("name: test\n", "name: test\nzzz: 1\n") == "pack.yaml:2: unknown key 'zzz'"


def test_literal_with_did_you_mean() -> None:
    assert invalid("severity: error", "severity: warnin") == (
        "pack.yaml:9: rules[1] (RIJK-DATA-001).severity: 'warnin' is not one of: "
        "info, warning, error (did you mean 'warning'?)"
    )


def test_unknown_union_tag_points_at_type_key() -> None:
    assert invalid("type: regex", "type: regexp") == (
        "pack.yaml:8: rules[1] (RIJK-DATA-001).type: unknown type 'regexp' (did you mean 'regex'?)"
    )
    assert invalid("type: regex", "type: zzz") == (
        "pack.yaml:8: rules[1] (RIJK-DATA-001).type: unknown type 'zzz' "
        "(use one of: lexicon, regex)"
    )


def test_missing_union_tag() -> None:
    assert invalid("    type: lexicon\n", "") == (
        "pack.yaml:3: rules[0] (RIJK-TONE-001): missing required key 'type' "
        "(expected one of: lexicon, regex)"
    )


def test_missing_key() -> None:
    assert invalid("    why: Toon.\n", "") == (
        "pack.yaml:3: rules[0] (RIJK-TONE-001): missing required key 'why'"
    )


def test_missing_key_caused_by_typo_points_at_the_typo() -> None:
    assert invalid("    why: Toon.\n", "    wy: Toon.\n") == (
        "pack.yaml:3: rules[0] (RIJK-TONE-001): missing required key 'why' (+1 more) "
        "(found 'wy' at line 5, a typo?)"
    )


def test_type_errors() -> None:
    assert invalid("words: [dom, stom]", "words: dom") == (
        "pack.yaml:6: rules[0] (RIJK-TONE-001).words: expected a list, got a string"
    )
    assert invalid("      - text: 'bel 0612345678'", "      - text: 112") == (
        "pack.yaml:13: rules[1] (RIJK-DATA-001).examples[0].text: expected a string, "
        "got an integer (put the value in quotes to keep it as text)"
    )
    assert str(error_of("", Pack)) == "pack.yaml: expected a mapping, got nothing"


def test_validator_message_stays_one_line_and_context_is_passed() -> None:
    message = invalid("pattern: '\\d+'", "pattern: '(\\d+)'")
    assert message == (
        "pack.yaml:11: rules[1] (RIJK-DATA-001).pattern: groups are not allowed use (?:...) instead"
    )
    data = load(PACK.replace("pattern: '\\d+'", "pattern: '(\\d+)'"))
    validate(Pack, data, "pack.yaml", context={"allow_groups": True})


def test_several_errors_are_counted() -> None:
    text = PACK.replace("severity: error", "severity: eror").replace(
        "words: [dom, stom]", "words: 3"
    )
    assert str(error_of(text, Pack)) == (
        "pack.yaml:6: rules[0] (RIJK-TONE-001).words: expected a list, got an integer (+1 more)"
    )


def test_alias_field_names_are_suggested() -> None:
    class Aliased(BaseModel):
        model_config = ConfigDict(extra="forbid")
        from_: str = Field(alias="from")

    assert str(error_of("frm: x\n", Aliased)).startswith(
        "pack.yaml:1: missing required key 'from' (+1 more) (found 'frm' at line 1"
    )
    assert str(error_of("from: x\nfrom_x: 1\n", Aliased)) == (
        "pack.yaml:2: unknown key 'from_x' (did you mean 'from_'?)"
    )


# ----------------------------------------------------------------------------- round trip

# PyYAML's emitter writes NEL (U+0085) raw into single quotes with allow_unicode, and reads it
# back as a line break; yaml.safe_load fails the same round trip, so it is not ours to test.
_text = st.text(alphabet=st.characters(exclude_characters="\x85"), max_size=20)
_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text
_json_like = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_text, children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(data=_json_like, flow=st.sampled_from([None, False, True]), unicode=st.booleans())
def test_safe_dump_round_trips(data: Any, flow: bool | None, unicode: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode)
    loaded = load_yaml("roundtrip.yaml", text=text)
    assert loaded == data
    assert _same_types(loaded, data)


def _same_types(a: Any, b: Any) -> bool:
    """Equality alone would let 1 == 1.0 == True slip through."""
    if isinstance(b, dict):
        return isinstance(a, LineDict) and all(_same_types(a[k], v) for k, v in b.items())
    if isinstance(b, list):
        return isinstance(a, LineList) and all(map(_same_types, a, b))
    if isinstance(b, float) and math.isinf(b):
        return a == b
    return type(a) is type(b)
