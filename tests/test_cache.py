"""The disk cache: keyed by content, safe when rules change, never holding drafts or profiles."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import simplemma

from conftest import PROFILE, rule_yaml
from postcheck import store
from postcheck.engine.core import Engine
from postcheck.engine.report import assemble
from postcheck.engine.session import Options, Session
from postcheck.formatters.json import render, render_stream
from postcheck.language.pipeline import LANGUAGES, _langdetect, is_known, lemmatize
from postcheck.models import Report, Result
from postcheck.packs import memo
from postcheck.packs.loading import topics_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import corpus

PACK = """
    - id: TEST-LEX-001
      type: lexicon
      category: tone
      severity: warning
      terms: [{term}]
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(store.NO_CACHE_ENV, raising=False)
    return tmp_path / "xdg" / "postcheck"


def _pack(path: Path, term: str) -> Path:
    path.write_text("rules:\n" + rule_yaml(PACK.format(term=term)), encoding="utf-8")
    return path


def _engine(pack: Path) -> Engine:
    return Engine(memo.load_rules([pack]), PROFILE, memo.load_topics(topics_dir()))


def test_a_changed_rule_is_picked_up(cache_home: Path, tmp_path: Path) -> None:
    pack = _pack(tmp_path / "pack.yaml", "prutser")
    assert [f.text for f in _engine(pack).check_text("Wat een prutser.").findings] == ["prutser"]
    assert list(cache_home.glob("rules-*.pickle"))
    assert list(cache_home.glob("terms-nl~*.pickle"))
    _pack(pack, "sukkel")
    engine = _engine(pack)
    assert [f.text for f in engine.check_text("Wat een sukkel, geen prutser.").findings] == [
        "sukkel"
    ]


def test_a_corrupt_cache_file_is_ignored(cache_home: Path, tmp_path: Path) -> None:
    pack = _pack(tmp_path / "pack.yaml", "prutser")
    _engine(pack)
    for file in cache_home.glob("*.pickle"):
        file.write_bytes(b"postcheck-cache\n" + b"\x80garbage")
    assert [f.text for f in _engine(pack).check_text("Wat een prutser.").findings] == ["prutser"]


def test_no_cache_writes_nothing(cache_home: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(store.NO_CACHE_ENV, "1")
    pack = _pack(tmp_path / "pack.yaml", "prutser")
    assert _engine(pack).check_text("Wat een prutser.").findings
    assert not cache_home.exists()


def test_profile_terms_and_drafts_are_never_cached(cache_home: Path, tmp_path: Path) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text(
        "function_title: Hoofd Qwertyzaken\norganisation: Ministerie van Zzyzx\n"
        "department: Directie Zzyzxbeleid\nkeywords: [vlorpzaken]\n",
        encoding="utf-8",
    )
    session = Session(Options(profile=profile))
    engine = session.engine_for(session.profile_for(_item("x")))
    engine.compile_all()
    engine.check_text("Een geheim concept over vlorpzaken en Zzyzxbeleid: plimfrats.")
    blob = b"".join(p.read_bytes() for p in cache_home.glob("*.pickle")).lower()
    for secret in (b"qwerty", b"zzyzx", b"vlorp", b"plimfrats"):
        assert secret not in blob


def test_word_lists_answer_as_simplemma_does(cache_home: Path) -> None:
    words = ["kamerbrieven", "huizen", "Huizen", "asielzoekers", "houses", "ran", "qwxz", "l'eau"]
    for lang in LANGUAGES:
        for word in words:
            assert lemmatize(word, lang) == simplemma.lemmatize(word, lang=lang)
            assert is_known(word, lang) == simplemma.is_known(word, lang=lang)
    for text in corpus.posts(300, seed=3):
        assert _langdetect(text) == simplemma.langdetect(text, lang=LANGUAGES)


def test_streamed_json_is_the_same_as_rendered(cache_home: Path) -> None:
    session = Session(Options())
    results = session.check([_item(t, f"p{i}") for i, t in enumerate(corpus.posts(60))])
    report = assemble(results)
    assert "".join(render_stream(results, lambda: report.profile)) == render(report)
    empty = Report(results=[])
    assert "".join(render_stream([], lambda: empty.profile)) == render(empty)
    # escapes, an error result, and a file name that pydantic's JSON writer cannot encode
    odd = 'tab\t nul\x00 quote" line\u2028 emoji \U0001f600 bidi \u202e'
    strange = [
        Result(source=odd, language="nl", verdict="ok", findings=[], notes=[odd]),
        Result(source="x", language="nl", verdict="error", findings=[], error=odd),
        Result(source="bad\udc80name.txt", language="en", verdict="ok", findings=[]),
    ]
    report = assemble(strange)
    assert "".join(render_stream(strange, lambda: report.profile)) == render(report)


def _item(text: str, source: str = "<draft>"):  # type: ignore[no-untyped-def]
    from postcheck.inputs.reading import Item
    from postcheck.models import Draft

    return Item(Draft(source, text))
