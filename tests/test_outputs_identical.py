"""Every command's output, byte for byte: a change of output must be deliberate.

The re-layout of issue 10 changed no byte: at commit 3f449d4 (the end of the re-layout)
every check output still equalled the recording made at 45c90e0. Issue 11's judgement
layers then changed the checks' output on purpose; the golden files were re-recorded
with them (`POSTCHECK_UPDATE_GOLDEN=1 python -m pytest tests/test_outputs_identical.py`)
in the commit that changed the judgement. The history of the recordings:

The golden files in `tests/golden/identical/` were recorded at commit 45c90e0 (main's head
before the re-layout) by running this module with `POSTCHECK_UPDATE_GOLDEN=1`. They hold
the output and exit status of `postcheck` on:

- the labelled dev set (`../shared/eval/dev.jsonl`) and the held-out sets in `eval/`, with
  the profiles they name from `../shared/eval/profiles/` (skipped when `../shared` is not
  beside the repository), in the text, json, sarif and github formats;
- the example drafts in `examples/` with every profile in `profiles/`, in the same four
  formats and `--quiet`, plus `examples/batch.jsonl` through `--jsonl`;
- the commands that are not checks: `rules`, `explain` for every rule, `validate`, `schema`.

Each golden file is one set in one format, gzipped (the SARIF of a set repeats every
rule's documentation per run, 2.4 MB as text, 12 MB for all; a failure prints the first
lines that differ): blocks headed `### <command line> -> exit N`, with the repository's
and the shared folder's paths written as `<repo>` and `<shared/eval>`.
Deliberate changes, each re-recorded in the commit that made it (and checked with a diff
against the 45c90e0 recording): when the Rijk pack's term lists moved into lexicon files,
its rules moved up in their YAML files, so `explain`'s "Defined in FILE:LINE" lines
changed, again when the shared `official_account` condition replaced 32 pasted copies,
and `explain` gained the lines naming the rule's lexicon files and signals (nothing else
in `rules-explain`); `validate` gained its notes on terms shared between lists and
inflections of one lemma, and the rule-pack schema learnt lexicon paths, named
conditions and `pack.severity_conditions` (nothing else in `validate-schema`).
Every check output (all sets, all formats) is still the one recorded at 45c90e0.

A check runs through typer's runner in this process (the same code path as the console
script, minus process start), from a folder holding the drafts as `<id>.txt`, so that
sources are short and the same on every machine. A deliberate change of output (a new
command's text) regenerates the golden file of that command alone, in the same commit.
"""

from __future__ import annotations

import gzip
import json
import os
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postcheck.cli.app import app

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SHARED_EVAL = REPO.parent / "shared" / "eval"
GOLDEN = TESTS / "golden" / "identical"
UPDATE_ENV = "POSTCHECK_UPDATE_GOLDEN"
FORMATS = ("text", "json", "sarif", "github")
#: The labelled sets: name -> JSONL file (profiles always come from ../shared/eval/profiles).
SETS = {
    "dev": SHARED_EVAL / "dev.jsonl",
    "holdout-1": REPO / "eval" / "holdout-1.jsonl",
    "holdout-2": REPO / "eval" / "holdout-2.jsonl",
}
#: A fixed environment, so that the text report's width and colours never depend on the
#: terminal the tests run in.
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "POSTCHECK_SERVER": ""}

runner = CliRunner()


def _invoke(args: list[str]) -> str:
    """One command line's stdout and stderr, headed by the command and its exit status."""
    result = runner.invoke(app, args, env=ENV, catch_exceptions=False)
    block = f"### postcheck {' '.join(args)} -> exit {result.exit_code}\n{result.stdout}"
    if result.stderr:
        block += f"--- stderr\n{result.stderr}"
    return block.replace(str(SHARED_EVAL), "<shared/eval>").replace(str(REPO), "<repo>")


def _compare(name: str, actual: str, *, wrapped: bool = False) -> None:
    """Compare with the golden file; `wrapped` output (the terminal-formatted `rules` and
    `explain`) is compared with its white space folded, because where rich wraps a line
    depends on the length of the checkout's path, which differs from clone to clone."""
    path = GOLDEN / f"{name}.gz"
    if os.environ.get(UPDATE_ENV) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        # mtime=0: the same output gives the same bytes, so git sees no change.
        path.write_bytes(gzip.compress(actual.encode("utf-8"), mtime=0))
    assert path.is_file(), f"{path} is missing: record it at the compared commit"
    expected = gzip.decompress(path.read_bytes()).decode("utf-8")
    if wrapped and " ".join(actual.split()) == " ".join(expected.split()):
        return
    if actual != expected:
        got, want = actual.splitlines(), expected.splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
            min(len(got), len(want)),
        )
        context = "\n".join(
            f"line {i + 1}:\n  want {want[i] if i < len(want) else '<end>'!r}\n"
            f"  got  {got[i] if i < len(got) else '<end>'!r}"
            for i in range(first, min(first + 3, max(len(got), len(want))))
        )
        pytest.fail(f"{name} differs from the output at 45c90e0:\n{context}")


@pytest.fixture(scope="module")
def set_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    """Each set's drafts as files: set -> profile -> draft file names (in input order)."""
    if not SHARED_EVAL.is_dir():
        pytest.skip(f"{SHARED_EVAL} is not beside the repository (the labelled sets' profiles)")
    out: dict[str, dict[str, list[str]]] = {}
    for name, jsonl in SETS.items():
        by_profile: dict[str, list[str]] = defaultdict(list)
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            folder = tmp_path_factory.getbasetemp() / "identical" / name / case["profile"]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{case['id']}.txt").write_text(case["text"], encoding="utf-8")
            by_profile[case["profile"]].append(f"{case['id']}.txt")
        out[name] = dict(sorted(by_profile.items()))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(SETS))
def test_labelled_sets(
    name: str,
    fmt: str,
    set_folders: dict[str, dict[str, list[str]]],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocks = []
    for profile, files in set_folders[name].items():
        monkeypatch.chdir(tmp_path_factory.getbasetemp() / "identical" / name / profile)
        profile_path = SHARED_EVAL / "profiles" / f"{profile}.yaml"
        blocks.append(_invoke(["--profile", str(profile_path), "--format", fmt, *files]))
    _compare(f"{name}.{fmt}.txt", "".join(blocks))


PROFILES = sorted(p.name for p in (REPO / "profiles").glob("*.yaml"))


@pytest.mark.parametrize("fmt", [*FORMATS, "quiet"])
def test_examples(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    options = ["--quiet"] if fmt == "quiet" else ["--format", fmt]
    blocks = [
        _invoke(["--profile", f"profiles/{profile}", *options, "examples/"]) for profile in PROFILES
    ]
    blocks.append(_invoke([*options, "--jsonl", "examples/batch.jsonl"]))
    _compare(f"examples.{fmt}.txt", "".join(blocks))


def _rule_ids() -> list[str]:
    out = runner.invoke(app, ["rules"], env=ENV).stdout
    return sorted({word for word in out.split() if word.startswith("RIJK-")})


def test_rules_and_explain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    blocks = [_invoke(["rules"])]
    blocks += [_invoke(["explain", rule]) for rule in _rule_ids()]
    assert len(blocks) > 50, "the Rijk pack's rules were not listed"
    _compare("rules-explain.txt", "".join(blocks), wrapped=True)


def test_validate_and_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    blocks = [_invoke(["validate", "rules/rijk", "rules/topics", "profiles/"])]
    blocks += [_invoke(["schema", kind]) for kind in ("profile", "rule-pack", "report")]
    _compare("validate-schema.txt", "".join(blocks), wrapped=True)
