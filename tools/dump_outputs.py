"""Write postcheck's full reports on every labelled draft, to diff before/after a change.

    python tools/dump_outputs.py OUT_DIR            # rules only and with the semantic layer
    python tools/dump_outputs.py OUT_DIR --no-semantic

For a refactoring that must not change any judgement (a speed-up, a re-layout): record
the reports on the untouched code, then after every change, and `diff -r` the two
folders. It checks, in this process through `Session` (the code path of every front end):

- `../shared/eval/dev.jsonl` with `../shared/eval/profiles/`, `eval/holdout-*.jsonl` with
  the same profiles, and `eval/blind-N.jsonl` with `eval/blind-N-profiles/`, one report
  per set and profile, as JSON (`postcheck/2`) and as the plain text report;
- the benchmark's synthetic corpus (`bench/corpus.py`, 10,000 posts) with no profile, as
  JSON lines, which exercises the batch path the benchmark times.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO.parent / "shared" / "eval"


def _sets() -> list[tuple[str, Path, Path]]:
    """(name, cases, profiles folder) of every labelled set that is here."""
    out = []
    if (SHARED_EVAL / "dev.jsonl").exists():
        out.append(("dev", SHARED_EVAL / "dev.jsonl", SHARED_EVAL / "profiles"))
    for path in sorted((REPO / "eval").glob("*.jsonl")):
        own = REPO / "eval" / f"{path.stem}-profiles"
        out.append((path.stem, path, own if own.is_dir() else SHARED_EVAL / "profiles"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--corpus", type=int, default=10_000, help="synthetic posts (0: none)")
    args = parser.parse_args()
    modes = ["off"] if args.no_semantic else ["off", "on"]
    for mode in modes:
        os.environ["POSTCHECK_SEMANTIC"] = mode
        _dump(args.out / f"semantic-{mode}", args.corpus if mode == "off" else 0)


def _dump(out: Path, corpus_size: int) -> None:
    # Imported here: the semantic switch is read from the environment set above.
    from postcheck.engine.report import assemble
    from postcheck.engine.session import Options, Session
    from postcheck.formatters import json as json_format
    from postcheck.formatters import text as text_format
    from postcheck.inputs.reading import InlineProfile, Item
    from postcheck.models import Draft

    out.mkdir(parents=True, exist_ok=True)
    # One session for every set: a profile that several sets name is compiled once.
    session = Session(Options())
    for name, cases_path, profiles in _sets():
        by_profile: dict[str, list[dict[str, str]]] = defaultdict(list)
        for line in cases_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                by_profile[case["profile"]].append(case)
        for profile, cases in sorted(by_profile.items()):
            spec = InlineProfile(f"{profile}.yaml", f"{name}:{profile}", profiles)
            items = [Item(Draft(f"{c['id']}.txt", c["text"]), profile=spec) for c in cases]
            report = assemble(session.check(items))
            stem = f"{name}.{profile}"
            (out / f"{stem}.json").write_text(json_format.render(report), encoding="utf-8")
            (out / f"{stem}.txt").write_text(text_format.render_plain(report), encoding="utf-8")
    if corpus_size:
        sys.path.insert(0, str(REPO / "bench"))
        import corpus

        session = Session(Options())
        drafts = [Draft(f"c{i}", text) for i, text in enumerate(corpus.posts(corpus_size))]
        with (out / "corpus.jsonl").open("w", encoding="utf-8") as f:
            for result in session.check(drafts):
                f.write(json_format.render_result(result) + "\n")


if __name__ == "__main__":
    main()
