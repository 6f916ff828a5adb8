"""Term lists as files beside the pack: how they are read, and what `validate` says of them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import rule_yaml
from postcheck.cli.validation import validate_paths
from postcheck.errors import SourceError
from postcheck.packs.loading import load_rules, read_lexicon

LEXICON = """\
# Signal insult, Dutch terms.
prutser
#hashtag
#
# a group of terms
zooitje
   prutser
"""


def _pack(tmp_path: Path, terms: str = "lexicons/insult.nl.txt") -> Path:
    pack = tmp_path / "pack"
    (pack / "lexicons").mkdir(parents=True)
    (pack / "lexicons" / "insult.nl.txt").write_text(LEXICON, encoding="utf-8")
    (pack / "pack.yaml").write_text(
        "pack: {id: test, title: Test}\n"
        "signals:\n"
        "  insult:\n"
        "    terms:\n"
        f"      nl: {terms}\n"
        "rules:\n"
        + textwrap.indent(
            rule_yaml(
                """
                - id: TEST-TONE-001
                  type: cooccurrence
                  category: tone
                  severity: warning
                  all: [insult, insult]
                """
            ),
            "",
        ),
        encoding="utf-8",
    )
    return pack


def test_a_lexicon_file_is_one_term_a_line_with_comments(tmp_path: Path) -> None:
    path = tmp_path / "x.nl.txt"
    path.write_text(LEXICON, encoding="utf-8")
    lexicon = read_lexicon(path)
    # `#hashtag` is a term: only `#` followed by a space (or alone) starts a comment.
    assert lexicon.terms == (("prutser", 2), ("#hashtag", 3), ("zooitje", 6), ("prutser", 7))


def test_a_pack_reads_its_lexicon_files(tmp_path: Path) -> None:
    ruleset = load_rules([_pack(tmp_path)])
    assert ruleset.signals["insult"].terms.nl == ["prutser", "#hashtag", "zooitje", "prutser"]
    assert ruleset.lexicon_of[("signal insult", "nl")].path.endswith("insult.nl.txt")


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("lexicons/missing.nl.txt", "lexicon file 'lexicons/missing.nl.txt' not found"),
        ("insult", "'insult' is neither a list of terms nor a lexicon file"),
    ],
)
def test_a_wrong_lexicon_reference_names_file_and_line(
    tmp_path: Path, terms: str, message: str
) -> None:
    with pytest.raises(SourceError, match=message) as info:
        load_rules([_pack(tmp_path, terms)])
    assert "pack.yaml:5" in str(info.value)


def test_validate_reports_a_term_listed_twice_and_failing_examples(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    (checked,) = validate_paths([pack])
    assert checked.error is None
    # Beside the Rijk pack, which has an `insult` signal too, this one is `test.insult`.
    twice, example = checked.problems
    assert "insult.nl.txt:7: signal test.insult lists 'prutser' twice" in twice
    assert "first at" in twice and "insult.nl.txt:2" in twice
    assert "pack.yaml:8: TEST-TONE-001: should fire but did not: 'x'" in example


def test_the_rijk_pack_has_no_term_twice_in_one_list() -> None:
    from postcheck.packs.loading import builtin_pack_dirs

    (checked,) = [c for c in validate_paths(builtin_pack_dirs()) if c.kind == "pack"]
    assert checked.error is None and checked.problems == ()
    assert any("have the lemmas of an earlier entry" in n for n in checked.notes)
