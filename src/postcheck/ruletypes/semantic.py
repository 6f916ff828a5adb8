"""semantic: what a draft resembles, for the risks that words alone do not show.

Irony, implicature and paraphrase slip past every list ("Ook een visie, zullen we maar
zeggen", "donderdag gaan jullie iets moois horen"). A semantic rule reads the draft's
sentence embeddings (the multilingual Universal Sentence Encoder, see
`postcheck.language.encoder`) and scores them with a small head trained for one category
(`tools/train_semantic.py`; weights, bias and a threshold calibrated on a validation set,
shipped in the pack as `semantic/heads.npz`). It only ever adds a `warning`, never an
`error`, and only where no rule of its category has spoken: rules are precise, the head
is a second reader. Each finding names the example of the pack that the draft resembles
most, and carries that example's rule's why, basis and suggestion.

    - id: ORG-SEM-001
      type: semantic
      category: tone
      head: tone                 # the head in the heads file
      heads: semantic/heads.npz  # relative to this YAML file (the default)
      levels: [own]              # optional: only where the topic is the author's area
      with_signals: [party]      # optional: only where one of these signals is found
      quiet_when_positive: true  # optional: silent where the post only praises

`POSTCHECK_SEMANTIC=off` (or `--no-semantic`) turns the layer off: checks are then as
fast as without it and the encoder is never loaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from postcheck.errors import SourceError
from postcheck.language.lexicons import POSITIVE_KINDS
from postcheck.matching import Hit
from postcheck.models import Level, RuleBase
from postcheck.ruletypes.base import Context, RuleType, rule_type

#: Set to off (or 0/false/no) to switch the semantic layer off.
SEMANTIC_ENV = "POSTCHECK_SEMANTIC"


def enabled() -> bool:
    return os.environ.get(SEMANTIC_ENV, "").strip().lower() not in {"off", "0", "false", "no"}


class SemanticRule(RuleBase):
    """A trained head's verdict on the draft's sentences, explained by its nearest example."""

    type: Literal["semantic"]
    head: str
    heads: str = "semantic/heads.npz"
    levels: list[Level] | None = None
    #: A stricter threshold than the calibrated one (never a looser one).
    min_score: float | None = Field(default=None, gt=0, lt=1)
    #: Signals of which at least one must be in the draft for the head to speak.
    with_signals: list[str] = Field(default_factory=list)
    #: Silent where the language layer reads the author's own evaluations as praise only
    #: (pride in published work is not criticism, however much it resembles a post about
    #: the same policy): proximity stays "own area × stance".
    quiet_when_positive: bool = False

    @model_validator(mode="after")
    def _never_error(self) -> SemanticRule:
        if self.severity == "error" or any(o.severity == "error" for o in self.severity_when):
            raise ValueError("a semantic rule adds warnings only: severity cannot be 'error'")
        return self


@dataclass(frozen=True)
class Heads:
    """One heads file: per category a linear head and its threshold, and the bank of the
    pack's bad examples (embeddings, rule ids, texts) that explains a finding."""

    categories: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    thresholds: np.ndarray
    bank: np.ndarray
    bank_rules: tuple[str, ...]
    bank_texts: tuple[str, ...]
    bank_categories: tuple[str, ...]

    def index(self, head: str) -> int:
        return self.categories.index(head)

    def scores(self, head: str, vectors: np.ndarray) -> np.ndarray:
        i = self.index(head)
        z = vectors @ self.weights[i] + self.bias[i]
        return 1.0 / (1.0 + np.exp(-z))

    def nearest(self, vector: np.ndarray, category: str) -> tuple[str, str, float] | None:
        """The bank example of a category most like `vector`: (rule, text, similarity)."""
        idx = [i for i, c in enumerate(self.bank_categories) if c == category]
        if not idx:
            return None
        sims = self.bank[idx].astype(np.float32) @ vector
        best = int(np.argmax(sims))
        j = idx[best]
        return self.bank_rules[j], self.bank_texts[j], float(sims[best])


@lru_cache(maxsize=8)
def load_heads(path: str) -> Heads:
    """Read a heads file once per process; a broken one is a clear error, not a guess."""
    try:
        with np.load(path, allow_pickle=False) as z:
            heads = Heads(
                tuple(str(c) for c in z["categories"]),
                z["weights"].astype(np.float32),
                z["bias"].astype(np.float32),
                z["thresholds"].astype(np.float32),
                z["bank"].astype(np.float16),
                tuple(str(r) for r in z["bank_rules"]),
                tuple(str(t) for t in z["bank_texts"]),
                tuple(str(c) for c in z["bank_categories"]),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise SourceError(path, f"not a semantic heads file ({exc})") from None
    if heads.weights.shape != (len(heads.categories), heads.bank.shape[1]):
        raise SourceError(path, "semantic heads file: weights do not match its categories")
    return heads


def heads_path(rule: SemanticRule) -> str:
    base = Path(rule.source).parent if rule.source else Path.cwd()
    return str((base / rule.heads).resolve())


@rule_type
class SemanticType(RuleType[SemanticRule]):
    name = "semantic"
    model = SemanticRule
    needs = ("embeddings", "topic", "signals", "analysis")
    signal_fields = ("with_signals",)
    #: Evaluated after every other rule, and only for a category none of them found.
    fallback = True

    def check(self, rule: SemanticRule) -> None:
        """Load the heads at pack load time, so a missing or foreign head is found then."""
        heads = load_heads(heads_path(rule))
        if rule.head not in heads.categories:
            raise SourceError(
                rule.source,
                f"rule {rule.id}: head '{rule.head}' is not in {rule.heads}",
                line=rule.line,
                hint="heads: " + ", ".join(heads.categories),
            )

    def find(self, rule: SemanticRule, ctx: Context) -> list[Hit]:
        if not enabled() or (rule.levels is not None and ctx.level not in rule.levels):
            return []
        if rule.with_signals and not any(ctx.signal(name) for name in rule.with_signals):
            return []
        if rule.quiet_when_positive and _only_praise(ctx):
            return []
        heads = load_heads(heads_path(rule))
        pieces = ctx.embeddings()
        if not pieces.spans:
            return []
        rows = _own_words(ctx, pieces.spans)
        if not rows:
            return []
        scores = heads.scores(rule.head, pieces.vectors[rows])
        threshold = float(heads.thresholds[heads.index(rule.head)])
        if rule.min_score is not None:
            threshold = max(threshold, rule.min_score)
        if float(scores.max()) < threshold:
            return []
        # Row 0 is the whole post; the finding points at its most telling sentence.
        if rows[0] == 0 and len(rows) > 1:
            best = rows[1 + int(np.argmax(scores[1:]))]
        else:
            best = rows[int(np.argmax(scores))]
        start, end, sent = pieces.spans[best]
        return [Hit(start, end, sent)]

    def explained_by(self, rule: SemanticRule, hit: Hit, ctx: Context) -> tuple[str, str] | None:
        """The pack's example that the flagged sentence resembles most, and its rule."""
        heads = load_heads(heads_path(rule))
        pieces = ctx.embeddings()
        i = next((k for k, s in enumerate(pieces.spans) if k and s[0] == hit.start), 0)
        found = heads.nearest(pieces.vectors[i], rule.category)
        if found is None:
            return None
        rule_id, text, _similarity = found
        return rule_id, text if len(text) <= 120 else text[:117] + "…"


def _own_words(ctx: Context, spans: list[tuple[int, int, int]]) -> list[int]:
    """The rows the head may read: all of them, unless the author quotes words in order
    to condemn them ("Kreeg deze DM: '…'. Stop hiermee."). A head reads the quoted words
    as the author's own, so then only segments outside the counter-speech count, and not
    the whole post, which holds the quote. A condemnation without a quotation ("een
    schande hoe weinig steun …") is the author's own judgement, read as it stands."""
    reported = ctx.analysis().reported
    toks = ctx.analysis().tokens
    if not any(t.quoted and t.sent in reported for t in toks):
        return list(range(len(spans)))
    rows = []
    for k, (start, end, _sent) in enumerate(spans):
        covered = {t.sent for t in toks if start <= t.start < end}
        if k and not covered & reported:
            rows.append(k)
    return rows


def _only_praise(ctx: Context) -> bool:
    """Whether the author's own evaluations are sincere praise only: no negative word of
    any kind, and praise that is more than a weak sentiment word ("eerlijk gezegd" frames
    an opinion, "flink" intensifies; neither is pride)."""
    own = [e for e in ctx.analysis().evaluations if not (e.reported or e.attributed or e.thing)]
    if any(e.polarity < 0 or e.negated or e.ironic for e in own):
        return False
    return any(e.kind in POSITIVE_KINDS and e.intensity >= 2 for e in own)
