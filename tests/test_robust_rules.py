"""Bad rules and profiles: each a clear one-line error with file and line, from `validate`
as from a check; and regexes that cannot hang a check, whatever their author wrote.

The loaders' own unit tests (test_yamlio.py, test_pack_validation.py) cover each mistake
in detail; these run them through the command line, where users meet them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PROFILE, RULE_DOCS, rule_yaml
from postcheck.cli.app import app
from postcheck.engine.core import Engine
from postcheck.engine.session import Options, Session
from postcheck.matching.saferegex import RegexError, compile_regex, translate
from postcheck.packs import topics as topics_module
from postcheck.packs.loading import load_rules, topics_dir
from postcheck.packs.topics import TopicModel

SRC = Path(__file__).resolve().parents[1] / "src" / "postcheck"
runner = CliRunner()

DOCS = "\n" + textwrap.indent(textwrap.dedent(RULE_DOCS).strip(), "    ")


def lexicon(rule_id: str = "X-TONE-001", extra: str = "") -> str:
    return (
        f"  - id: {rule_id}\n    type: lexicon\n    category: tone\n    severity: warning\n"
        f"    terms: [prutser]{extra}{DOCS}\n"
    )


def regex_rule(pattern: str) -> str:
    return (
        "  - id: X-PRIV-001\n    type: regex\n    category: privacy\n    severity: error\n"
        f"    pattern: '{pattern}'{DOCS}\n"
    )


BOMB = "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(
            f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n"
            for n, p in zip("bcdefghi", "abcdefgh", strict=True)
        ),
    ]
)

BAD_PACKS = {
    "malformed YAML": ("rules:\n  - id: [X-TONE-001\n    type: lexicon\n", 3, "invalid YAML"),
    "duplicate key": ("rules:\n" + lexicon().replace("    terms:", "    type: regex\n    terms:"),
                      6, "duplicate key 'type' (first at line 3)"),
    "unknown key": ("rules:\n" + lexicon(extra="\n    exeptions: [x]"), 7,
                    "unknown key 'exeptions' (did you mean 'exceptions'?)"),
    "wrong type": ("rules:\n" + lexicon().replace("[prutser]", "5"), 6, "terms"),
    "duplicate rule id": ("rules:\n" + lexicon() + lexicon(), 12,
                          "duplicate rule id 'X-TONE-001'"),
    "invalid regex": ("rules:\n" + regex_rule("(unclosed"), 2, "invalid regex: missing )"),
    "lookbehind": ("rules:\n" + regex_rule("(?<!x)y"), 2, "RE2 has no negative lookbehind"),
    "backreference": ("rules:\n" + regex_rule(r"(a)\1"), 2, "RE2 has no backreferences"),
    "alias bomb": (BOMB, 1, "YAML aliases/anchors are not allowed"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_PACKS))
def test_validate_names_file_and_line_of_each_mistake(tmp_path: Path, case: str) -> None:
    text, line, message = BAD_PACKS[case]
    pack = tmp_path / "bad.yaml"
    pack.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(pack)])
    assert result.exit_code == 2
    (error,) = result.stderr.splitlines()
    assert error.startswith(f"postcheck: error: {pack}:{line}: "), error
    assert message in error and "Traceback" not in result.output


@pytest.mark.parametrize("case", ["lookbehind", "alias bomb", "duplicate rule id"])
def test_a_check_with_a_bad_pack_stops_with_the_same_line(tmp_path: Path, case: str) -> None:
    text, line, message = BAD_PACKS[case]
    pack = tmp_path / "bad.yaml"
    pack.write_text(text, encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("Een draft.", encoding="utf-8")
    result = runner.invoke(app, ["--rules", str(pack), str(draft)])
    assert result.exit_code == 2 and result.stdout == ""
    (error,) = result.stderr.splitlines()
    assert error.startswith(f"postcheck: error: {pack}:{line}: ") and message in error


def test_a_50_megabyte_rule_file_is_refused_unread(tmp_path: Path) -> None:
    pack = tmp_path / "huge.yaml"
    with pack.open("wb") as fh:
        fh.write(b"rules: []\n")
        for _ in range(50):
            fh.write(b"# " + b"x" * (1 << 20) + b"\n")
    result = runner.invoke(app, ["validate", str(pack)])
    assert result.exit_code == 2
    (error,) = result.stderr.splitlines()
    size = pack.stat().st_size
    assert (
        error
        == f"postcheck: error: {pack}: file is too large: {size:,} bytes (limit 5,000,000 bytes)"
    )


def test_a_bad_profile_is_found_by_validate(tmp_path: Path) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text(
        "function_title: Beleidsmedewerker\norganisation: VWS\nrole: baas\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", str(profile)])
    assert result.exit_code == 2
    (error,) = result.stderr.splitlines()
    assert error.startswith(f"postcheck: error: {profile}:3: ") and "'baas'" in error


def test_yaml_is_only_ever_loaded_safely() -> None:
    """No unsafe loader anywhere: every YAML file goes through yamlio's event-based builder."""
    unsafe = re.compile(r"yaml\.(?:load|unsafe_load|full_load|load_all)\(|(?:Full|Unsafe)?Loader\b")
    offenders = [
        f"{path.name}:{n}"
        for path in SRC.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if unsafe.search(line) and "SafeLoader" not in line and "_Loader" not in line
    ]
    assert offenders == []


# ------------------------------------------------------------------- regexes cannot hang

PATHOLOGICAL = ["(a+)+$", "(a|aa)+$", "(x+x+)+y", r"(\w+\s?)+$", "(.*a){12}"]


def test_catastrophic_patterns_do_not_hang_a_check(tmp_path: Path) -> None:
    """Each of these makes Python's `re` backtrack for longer than the universe has existed
    on such a draft; on RE2 they take linear time. Run in a subprocess so that a regression
    fails on the timeout (only a guard) instead of hanging the suite."""
    rules = "".join(
        regex_rule(p).replace("X-PRIV-001", f"X-PRIV-{i:03d}") for i, p in enumerate(PATHOLOGICAL)
    )
    token_rule = textwrap.indent(
        rule_yaml(
            """
        - id: X-PRIV-100
          type: pattern
          category: privacy
          severity: error
          patterns: [[{"TEXT": {"REGEX": "^(a+)+$"}}]]
        """
        ),
        "  ",
    )
    pack = tmp_path / "slow.yaml"
    pack.write_text("rules:\n" + rules + token_rule, encoding="utf-8")
    profile = tmp_path / "me.yaml"
    profile.write_text("function_title: X\norganisation: Y\npacks: []\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("a" * 30 + "b " + "a" * 50_000 + "c!\n" + "x" * 20_000, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "postcheck", "--format", "json", "--profile", str(profile),
         "--rules", str(pack), str(draft)],
        capture_output=True,
        timeout=300,
        env={**os.environ, "POSTCHECK_SERVER": "0"},
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["results"][0]["findings"]
    fired = {rule for f in findings for rule in f["rules"]}  # merged findings name each rule
    # (\w+\s?)+$ and (.*a){12} do match; the others, and the token REGEX, must simply end.
    assert fired == {"X-PRIV-003", "X-PRIV-004"}


# ------------------------------------------------------------------ the RE2 translation


@pytest.mark.parametrize(
    ("pattern", "text", "spans"),
    [
        (r"\w+", "één café", [(0, 3), (4, 8)]),  # Unicode letters, as in Python
        (r"\d+", "٣4", [(0, 2)]),
        (r"a\sb", "a\u00a0b a\u2003b", [(0, 3), (4, 7)]),
        (r"[\w-]+", "e-mail", [(0, 6)]),
        (r"[^\w ]", "é! x", [(1, 2)]),
        (r"\W", "é!", [(1, 2)]),
        (r"\S+", "ab\u00a0cd", [(0, 2), (3, 5)]),
        (r"x\Z", "xx", [(1, 2)]),
        (r"a{,2}", "aaa", [(0, 2), (2, 3)]),
        (r"\u00e9|\N{EM DASH}", "é—", [(0, 1), (1, 2)]),
        (r"(?#a comment)b", "ab", [(1, 2)]),
        (r"😀+", "x😀😀y😀", [(1, 3), (4, 5)]),  # offsets count code points, not bytes
        (r"x*", "axxb", [(1, 3)]),  # empty matches are skipped and never loop
        (r"(?i)ÉÉN", "één", [(0, 3)]),
        (r"(?:^|[^\w@])(?P<hit>@\w+)", "@a x@b @c,@d", [(0, 2), (7, 9), (10, 12)]),
        (r"\b(?:hoofdzaak)|(?P<hit>\b\w+zaak\b)", "hoofdzaak strafzaak", [(10, 19)]),
        (r"(?P<hit>\d+)(?:\D|$)", "1 2 3", [(0, 1), (2, 3), (4, 5)]),  # context is reused
    ],
)
def test_translation_keeps_python_meaning(pattern: str, text: str, spans) -> None:
    assert list(compile_regex(pattern).spans(text)) == spans
    if "hit" not in pattern and "\\Z" not in pattern:
        assert [m.span() for m in re.finditer(pattern, text) if m.end() > m.start()] == spans


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(?<=a)b", "RE2 has no lookbehind (?<=...)"),
        ("a(?=b)", "RE2 has no lookahead (?=...)"),
        ("a(?!b)", "RE2 has no negative lookahead (?!...)"),
        ("(?P<x>a)(?P=x)", "RE2 has no backreferences (?P=name)"),
        ("(?>a+)b", "RE2 has no atomic groups"),
        ("a++", "RE2 has no possessive quantifiers"),
        ("(a)?(?(1)b|c)", "RE2 has no conditional groups"),
        ("(?x)a b", "verbose mode (?x) is not supported"),
        (r"[\S]", r"\S inside [...] is not supported"),
        (r"\C", r"\C (a single byte) is not supported"),
        ("a{1001}", "invalid regex: invalid repetition size"),
        (r"\q", r"invalid regex: bad escape \q"),
        ("[ab", "invalid regex: a character class [ is never closed"),
    ],
)
def test_what_re2_cannot_do_is_refused_with_a_reason(pattern: str, message: str) -> None:
    with pytest.raises(RegexError) as err:
        compile_regex(pattern)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_bracket_edge_cases_translate() -> None:
    assert translate(r"[]a]") == r"[\]a]"
    assert translate(r"[^]a]") == r"[^\]a]"
    assert translate("[[:alpha:]]") == "[[:alpha:]]"
    assert list(compile_regex(r"[]x]+").spans("a]x]b")) == [(1, 4)]


# ---------------------------------------------------------------- the shipped e-mail rule


@pytest.fixture(scope="module")
def rijk_email() -> Engine:
    session = Session(Options(select=("RIJK-PRIV-001",)))
    engine = session.engine_for(session.profile_for(_item("")))
    return engine


def _item(text: str):  # type: ignore[no-untyped-def]
    from postcheck.inputs.reading import Item
    from postcheck.models import Draft

    return Item(Draft("<draft>", text))


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Volg me op @jolien@mastodon.social voor updates.", []),
        ("Mail jolien.devries@gmail.com of piet@example.nl.", ["jolien.devries@gmail.com",
                                                              "piet@example.nl"]),
        ("Vragen? info@rijksoverheid.nl", []),
        ("a@b.nl c@d.nl", ["a@b.nl", "c@d.nl"]),
    ],
)  # fmt: skip
def test_email_rule_and_fediverse_handles(rijk_email: Engine, text: str, flagged) -> None:
    assert [f.text for f in rijk_email.check_text(text).findings] == flagged


def test_a_rule_with_a_hit_group_flags_only_that_group(tmp_path: Path) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "rules:\n" + regex_rule(r"(?:^|[^\d+])(?P<hit>06\d{8})(?:\D|$)"), encoding="utf-8"
    )
    engine = Engine(load_rules([pack]), PROFILE, TopicModel({}, {}))
    result = engine.check_text("Bel 0612345678/0687654321 of +0611111111.")
    assert [(f.text, f.start) for f in result.findings] == [("0612345678", 4), ("0687654321", 15)]


def test_known_difference_repeating_what_can_be_empty() -> None:
    """Found by the long fuzz session: where a repeated group can match the empty string,
    RE2 may take a longer match than Python's backtracker. Harmless for rules (no shipped
    pattern repeats a group that can be empty); pinned so that a change is noticed."""
    pattern = "(?:a*?b*)*a*?"
    assert re.search(pattern, "ba").span() == (0, 1)  # type: ignore[union-attr]
    assert list(compile_regex(pattern).spans("ba")) == [(0, 2)]


# ------------------------------------------------------------- huge profiles load fast


def _areas_by_scanning(model: TopicModel, name: str) -> set[str]:
    """What `match_area_name` answered when it normalised every area's names per call."""
    norm = topics_module._norm
    wanted = norm(name)
    if not wanted:
        return set()
    found = {a.id for a in model.areas.values() if wanted in [norm(a.label), *map(norm, a.aliases)]}
    if found:
        return found
    found = {a.id for a in model.areas.values() if norm(a.theme_label) == wanted}
    if found:
        return found
    for a in model.areas.values():
        names = [norm(a.label), *map(norm, a.aliases)]
        terms = map(norm, a.terms.nl + a.terms.en)
        if any(len(n) >= 4 and topics_module._contains(wanted, n) for n in names) or (
            wanted in terms
        ):
            found.add(a.id)
    return found


def test_area_names_match_as_they_did_before_they_were_indexed() -> None:
    model = TopicModel.load(topics_dir())
    names = ["", "  ", "zorg", "x", "het-beleid", "Zorg!", "a" * 300]
    for area in model.areas.values():
        names += [area.label, area.theme_label, *area.aliases, *area.terms.nl[:3]]
        names += [f"beleid {area.label}", f"{area.label.upper()}-team", f"sub{area.label}"]
        names += [f"{t} en meer" for t in area.aliases[:2]]
    for name in names:
        assert model.match_area_name(name) == _areas_by_scanning(model, name), name


def test_ten_thousand_profile_keywords_do_not_rescan_the_topic_lists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every keyword used to normalise all ~7,500 area names and terms again: 10,000
    keywords added 114 s to a cold run. Counted, not timed: at most a few normalisations
    per keyword beyond indexing the topic lists once."""
    model = TopicModel.load(topics_dir())
    entries = sum(
        2 + len(a.aliases) + len(a.terms.nl) + len(a.terms.en) for a in model.areas.values()
    )
    keywords = [f"trefwoord {i}" for i in range(10_000)] + ["klimaat", "asielzoekers"]
    budget = entries + 3 * len(keywords) + 5_000  # the ministries' names, the profile's
    few = PROFILE.model_copy(update={"keywords": ["klimaat", "asielzoekers"]})
    expected = TopicModel.load(topics_dir()).resolve(few).own
    calls = 0
    real_norm = topics_module._norm

    def counted(text: str) -> str:
        nonlocal calls
        calls += 1
        if calls > budget:
            raise AssertionError(f"more than {budget} normalisations")
        return real_norm(text)

    monkeypatch.setattr(topics_module, "_norm", counted)
    resolved = model.resolve(PROFILE.model_copy(update={"keywords": keywords}))
    assert resolved.known and expected
    assert resolved.own == expected
