"""The semantic rule type: loading a heads file, when a head may speak, how it explains itself.

The heads here are built in the test, not trained: a head whose bias makes every sentence
score 1 shows the gates and the explanation without depending on what a trained head
happens to think of a sentence. The shipped heads are checked for their shape only.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from conftest import REPO
from postcheck.errors import SourceError
from postcheck.ruletypes.semantic import load_heads

DIM = 512


def write_heads(path: Path, *, bias: float = 8.0, threshold: float = 0.5) -> Path:
    """A heads file with one head, `proximity`, that scores every sentence alike, and a
    bank of one example that belongs to rule T-PROX-001."""
    bank = np.zeros((1, DIM), dtype=np.float16)
    bank[0, 0] = 1.0
    np.savez(
        path,
        categories=np.array(["proximity"]),
        weights=np.zeros((1, DIM), dtype=np.float32),
        bias=np.array([bias], dtype=np.float32),
        thresholds=np.array([threshold], dtype=np.float32),
        bank=bank,
        bank_rules=np.array(["T-PROX-001"]),
        bank_texts=np.array(["Dit beleid gaat nooit werken."]),
        bank_categories=np.array(["proximity"]),
    )
    return path


def semantic_pack(extra: str = "", head: str = "proximity") -> str:
    return textwrap.dedent(
        f"""
        signals:
          party: {{match: lower, terms: {{nl: [VVD]}}}}
        rules:
          - id: T-PROX-001
            type: regex
            category: proximity
            severity: warning
            pattern: 'xyzzy'
            message: {{nl: Kritiek., en: Criticism.}}
            why: {{nl: Waarom van de voorbeeldregel., en: Why of the example rule.}}
            basis: [Basis van de voorbeeldregel]
            suggestion: {{nl: Doe het anders., en: Do it differently.}}
            examples: {{bad: [xyzzy], good: [y]}}
          - id: T-SEM-001
            type: semantic
            category: proximity
            severity: warning
            head: {head}
            heads: heads.npz
        {textwrap.indent(textwrap.dedent(extra).strip(), "    ") if extra else ""}
            message: {{nl: Dit lijkt op kritiek., en: This resembles criticism.}}
            why: {{nl: Waarom., en: Why.}}
            basis: [Test]
            suggestion: {{nl: Suggestie., en: Suggestion.}}
            examples: {{bad: [x], good: [y]}}
        """
    )


@pytest.fixture
def heads_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("POSTCHECK_SEMANTIC", raising=False)
    load_heads.cache_clear()
    write_heads(tmp_path / "heads.npz")
    return tmp_path


def sem_findings(engine, text: str):
    return [f for f in engine.check_text(text).findings if f.rule == "T-SEM-001"]


def test_the_shipped_heads_fit_the_encoder_and_their_thresholds_are_probabilities():
    heads = load_heads(str(REPO / "rules" / "rijk" / "semantic" / "heads.npz"))
    assert heads.weights.shape == (len(heads.categories), DIM)
    assert all(0 < t < 1 for t in heads.thresholds)
    assert len(heads.bank_rules) == len(heads.bank_texts) == heads.bank.shape[0]
    # every head can be explained by an example of its own category
    assert set(heads.categories) <= set(heads.bank_categories)


def test_a_finding_is_explained_by_the_example_it_resembles(heads_dir, make_engine):
    engine = make_engine(semantic_pack())
    [finding] = sem_findings(engine, "Ik vind dat we dit helemaal verkeerd aanpakken.")
    assert finding.severity == "warning"
    assert "«Dit beleid gaat nooit werken.» (T-PROX-001)" in finding.message
    # the example's rule lends its why, basis and suggestion
    assert finding.why == "Waarom van de voorbeeldregel."
    assert finding.basis == ["Basis van de voorbeeldregel"]
    assert finding.suggestion == "Doe het anders."


def test_below_the_threshold_the_head_is_silent(tmp_path, make_engine, monkeypatch):
    monkeypatch.delenv("POSTCHECK_SEMANTIC", raising=False)
    load_heads.cache_clear()
    write_heads(tmp_path / "heads.npz", bias=-8.0)
    engine = make_engine(semantic_pack())
    assert sem_findings(engine, "Ik vind dat we dit helemaal verkeerd aanpakken.") == []


def test_switched_off_the_head_is_silent(heads_dir, make_engine, monkeypatch):
    monkeypatch.setenv("POSTCHECK_SEMANTIC", "off")
    engine = make_engine(semantic_pack())
    assert sem_findings(engine, "Ik vind dat we dit helemaal verkeerd aanpakken.") == []


def test_with_signals_gates_the_head(heads_dir, make_engine):
    engine = make_engine(semantic_pack("with_signals: [party]"))
    assert sem_findings(engine, "Wat een plan weer.") == []
    assert len(sem_findings(engine, "Wat een plan weer van de VVD.")) == 1


def test_quiet_when_positive_leaves_pride_alone_but_not_criticism(heads_dir, make_engine):
    engine = make_engine(semantic_pack("quiet_when_positive: true"))
    assert sem_findings(engine, "Trots op ons team, wat een geweldig resultaat!") == []
    # ironic praise is not praise
    assert len(sem_findings(engine, "Wat een verrassing, weer een 'geweldig' plan 🙄")) == 1
    assert len(sem_findings(engine, "Dit is echt een slecht plan.")) == 1
    # without the option the same proud post is flagged (the head scores it like any other)
    plain = make_engine(semantic_pack())
    assert len(sem_findings(plain, "Trots op ons team, wat een geweldig resultaat!")) == 1


def test_a_head_the_file_does_not_have_is_an_error_at_load(heads_dir, make_engine):
    with pytest.raises(SourceError, match=r"head 'tone' is not in heads\.npz"):
        make_engine(semantic_pack(head="tone"))


def test_a_semantic_rule_cannot_be_an_error(heads_dir, make_engine):
    pack = semantic_pack().replace("severity: warning\n    head:", "severity: error\n    head:")
    assert "severity: error" in pack
    with pytest.raises(SourceError, match="warnings only"):
        make_engine(pack)


def test_a_broken_heads_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "heads.npz"
    bad.write_bytes(b"not numpy")
    load_heads.cache_clear()
    with pytest.raises(SourceError, match="not a semantic heads file"):
        load_heads(str(bad))
