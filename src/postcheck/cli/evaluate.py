"""`postcheck eval`: how well the rules in use judge an organisation's own labelled drafts.

A pack is only as good as its judgement on real drafts, and every organisation's drafts
differ. So the scorer ships with postcheck: a labelled set (one JSON object a line,
`{"id", "profile", "text", "must": [categories], "may": [categories], "note"}`) and a
folder of profiles (`<profile>.yaml`) are checked in this process with the same engine a
check uses, and scored:

- a category is *flagged* for a case when a finding of it has severity warning or error
  (info never counts); findings about the profile (its bio), which the report gives once
  in its profile section, count for every case of that profile;
- `must` categories are expected (missed: a false negative), `may` ones are tolerated,
  any other flagged category is a false positive;
- per category precision and recall, micro precision, recall and F1 over all categories;
- the false-alarm rate: cases with an empty `must` that get a category outside `may`;
- risky cases passed as `ok`, and the cases where flagged and expected differ.

`--min-f1`, `--max-false-alarm` and `--min-recall` (the lowest recall of any category
that has expected cases) make it exit 1 when not met, so CI can hold a pack to a level;
a broken set or profile exits 2.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from postcheck.errors import PostcheckError, SourceError, closest

FLAGGING = ("warning", "error")


class EvalFormat(str, Enum):
    text = "text"
    json = "json"


@dataclass(frozen=True)
class Case:
    id: str
    profile: str
    text: str
    must: frozenset[str]
    may: frozenset[str]
    line: int


@dataclass
class Score:
    """The figures of one run over a labelled set."""

    cases: int = 0
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    benign: int = 0
    false_alarms: int = 0
    risky: int = 0
    passed_as_ok: int = 0
    differing: list[dict[str, Any]] = field(default_factory=list)

    def precision(self, cat: str) -> float:
        return _ratio(self.tp[cat], self.tp[cat] + self.fp[cat])

    def recall(self, cat: str) -> float:
        return _ratio(self.tp[cat], self.tp[cat] + self.fn[cat])

    @property
    def micro(self) -> tuple[float, float, float]:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.benign if self.benign else 0.0

    def lowest_recall(self, categories: tuple[str, ...]) -> float:
        recalls = [self.recall(c) for c in categories if self.tp[c] + self.fn[c]]
        return min(recalls) if recalls else 1.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else math.nan


def read_cases(path: Path, categories: tuple[str, ...]) -> list[Case]:
    """The labelled set; any malformed line stops the run with its file and line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PostcheckError(f"{path}: no such file") from None
    except OSError as exc:
        raise PostcheckError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PostcheckError(f"{path}: not valid UTF-8 at byte {exc.start}") from None
    cases: list[Case] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(path, f"not valid JSON: {exc.msg}", line=number) from None
        if not isinstance(data, dict):
            raise SourceError(path, "each line must be a JSON object", line=number)
        for key in ("id", "profile", "text"):
            if not isinstance(data.get(key), (str, int)) or isinstance(data.get(key), bool):
                raise SourceError(path, f"'{key}' is missing or not a string", line=number)
        labels: dict[str, frozenset[str]] = {}
        for key in ("must", "may"):
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SourceError(path, f"'{key}' must be a list of categories", line=number)
            for cat in value:
                if cat not in categories:
                    hint = closest(cat, list(categories))
                    raise SourceError(
                        path,
                        f"{key}: unknown category '{cat}'",
                        line=number,
                        hint=f"did you mean '{hint}'?" if hint else None,
                    )
            labels[key] = frozenset(value)
        ident = str(data["id"])
        if ident in seen:
            raise SourceError(path, f"id '{ident}' appears twice", line=number)
        seen.add(ident)
        cases.append(
            Case(
                ident,
                str(data["profile"]),
                str(data["text"]),
                labels["must"],
                labels["may"],
                number,
            )
        )
    if not cases:
        raise PostcheckError(f"{path}: no labelled cases")
    return cases


def flagged_by_case(
    cases: list[Case], profiles: Path, *, rules: tuple[Path, ...] = ()
) -> dict[str, tuple[set[str], str]]:
    """For every case, the categories flagged and the verdict, checked in this process.

    One session per profile, so each profile's engine is built once however many cases
    it has. Profile findings are gathered over all of a profile's results and count for
    each of its cases: they are read from the report's profile section, where the bio's
    findings stand once however many drafts there are.
    """
    # Lazy: the engine loads spaCy; `postcheck --help` must not pay for it.
    from postcheck.engine.report import assemble
    from postcheck.engine.session import Options, Session
    from postcheck.inputs.reading import Item
    from postcheck.models import Draft

    by_profile: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_profile[case.profile].append(case)
    out: dict[str, tuple[set[str], str]] = {}
    for name, members in by_profile.items():
        path = profiles / f"{name}.yaml"
        if not path.is_file():
            raise SourceError(
                path,
                f"no profile '{name}' (case '{members[0].id}', line {members[0].line})",
            )
        session = Session(Options(profile=path, rules=rules))
        results = session.check([Item(Draft(c.id, c.text)) for c in members])
        # The report's profile section (postcheck/2) holds the bio's findings once for
        # the run; they are about the author, so they flag every case of the profile.
        section = assemble(results).profile
        bio = {f.category for f in section.findings if f.severity in FLAGGING}
        for case, result in zip(members, results, strict=True):
            if result.error:
                raise PostcheckError(f"case '{case.id}': {result.error}")
            flagged = {
                f.category for f in result.findings if f.scope == "post" and f.severity in FLAGGING
            }
            out[case.id] = (flagged | bio, result.verdict)
    return out


def score(cases: list[Case], flagged: dict[str, tuple[set[str], str]]) -> Score:
    s = Score(cases=len(cases))
    for case in cases:
        found, verdict = flagged[case.id]
        missing = case.must - found
        extra = found - case.must - case.may
        for cat in case.must & found:
            s.tp[cat] += 1
        for cat in missing:
            s.fn[cat] += 1
        for cat in extra:
            s.fp[cat] += 1
        if not case.must:
            s.benign += 1
            if extra:
                s.false_alarms += 1
        else:
            s.risky += 1
            if verdict == "ok":
                s.passed_as_ok += 1
        if missing or extra:
            s.differing.append(
                {
                    "id": case.id,
                    "profile": case.profile,
                    "missing": sorted(missing),
                    "extra": sorted(extra),
                    "text": case.text,
                }
            )
    return s


def _figure(value: float) -> str:
    return "   -" if math.isnan(value) else f"{value:.2f}"


def render_text(s: Score, categories: tuple[str, ...], failures: list[str]) -> str:
    lines = [f"{'category':16} {'prec':>6} {'recall':>6}   tp   fp   fn"]
    for cat in categories:
        lines.append(
            f"{cat:16} {_figure(s.precision(cat)):>6} {_figure(s.recall(cat)):>6} "
            f"{s.tp[cat]:4} {s.fp[cat]:4} {s.fn[cat]:4}"
        )
    lines.append(f"cases that differ ({len(s.differing)}):")
    for d in s.differing:
        text = " ".join(d["text"].split())
        short = text if len(text) <= 90 else text[:89] + "…"
        lines.append(
            f"  {d['id']} [{d['profile']}] missing={d['missing']} extra={d['extra']} :: {short}"
        )
    if not s.differing:
        lines.append("  none")
    p, r, f1 = s.micro
    lines.append(
        f"cases={s.cases} micro-P={p:.2f} micro-R={r:.2f} micro-F1={f1:.2f} "
        f"false-alarm={s.false_alarms}/{s.benign}={s.false_alarm_rate:.2f} "
        f"risky-passed-as-ok={s.passed_as_ok}/{s.risky} "
        f"lowest-recall={s.lowest_recall(categories):.2f}"
    )
    lines += [f"not met: {f}" for f in failures]
    return "\n".join(lines) + "\n"


def render_json(s: Score, categories: tuple[str, ...], failures: list[str]) -> str:
    p, r, f1 = s.micro

    def num(x: float) -> float | None:
        return None if math.isnan(x) else round(x, 4)

    data = {
        "cases": s.cases,
        "categories": {
            cat: {
                "precision": num(s.precision(cat)),
                "recall": num(s.recall(cat)),
                "tp": s.tp[cat],
                "fp": s.fp[cat],
                "fn": s.fn[cat],
            }
            for cat in categories
        },
        "micro": {"precision": num(p), "recall": num(r), "f1": num(f1)},
        "false_alarm": {"count": s.false_alarms, "of": s.benign, "rate": num(s.false_alarm_rate)},
        "risky_passed_as_ok": {"count": s.passed_as_ok, "of": s.risky},
        "lowest_recall": num(s.lowest_recall(categories)),
        "differing": s.differing,
        "not_met": failures,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def unmet(
    s: Score,
    categories: tuple[str, ...],
    min_f1: float | None,
    max_false_alarm: float | None,
    min_recall: float | None,
) -> list[str]:
    """The thresholds the run does not meet, each said in words."""
    out = []
    f1 = s.micro[2]
    if min_f1 is not None and f1 < min_f1:
        out.append(f"micro-F1 {f1:.2f} < --min-f1 {min_f1:.2f}")
    if max_false_alarm is not None and s.false_alarm_rate > max_false_alarm:
        out.append(
            f"false-alarm rate {s.false_alarm_rate:.2f} > --max-false-alarm {max_false_alarm:.2f}"
        )
    low = s.lowest_recall(categories)
    if min_recall is not None and low < min_recall:
        weak = [c for c in categories if s.tp[c] + s.fn[c] and s.recall(c) < min_recall]
        out.append(f"recall {low:.2f} < --min-recall {min_recall:.2f} in {', '.join(weak)}")
    return out


def eval_command(
    cases: Annotated[
        Path,
        typer.Argument(
            help='Labelled drafts: {"id", "profile", "text", "must": [...], "may": [...]} a line.',
        ),
    ],
    profiles: Annotated[
        Path,
        typer.Option(
            "--profiles", metavar="DIR", help="Folder of the cases' profiles, <profile>.yaml."
        ),
    ],
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", "-r", metavar="PATH", help="An extra rule pack to judge with."),
    ] = None,
    fmt: Annotated[
        EvalFormat, typer.Option("--format", "-f", help="Output format.")
    ] = EvalFormat.text,
    min_f1: Annotated[
        float | None,
        typer.Option("--min-f1", min=0.0, max=1.0, metavar="X", help="Exit 1 below this micro-F1."),
    ] = None,
    max_false_alarm: Annotated[
        float | None,
        typer.Option(
            "--max-false-alarm",
            min=0.0,
            max=1.0,
            metavar="X",
            help="Exit 1 above this false-alarm rate (cases with an empty 'must').",
        ),
    ] = None,
    min_recall: Annotated[
        float | None,
        typer.Option(
            "--min-recall",
            min=0.0,
            max=1.0,
            metavar="X",
            help="Exit 1 when any category with expected cases has a lower recall.",
        ),
    ] = None,
) -> None:
    """Score the rules on labelled drafts: precision and recall per category, micro-F1,
    false alarms, and the cases that differ."""
    # Lazy: start-up speed, each command loads only what it uses.
    from postcheck.models import CATEGORIES

    if not profiles.is_dir():
        raise PostcheckError(f"--profiles: {profiles} is not a folder")
    labelled = read_cases(cases, CATEGORIES)
    result = score(labelled, flagged_by_case(labelled, profiles, rules=tuple(rules or ())))
    failures = unmet(result, CATEGORIES, min_f1, max_false_alarm, min_recall)
    render = render_json if fmt is EvalFormat.json else render_text
    sys.stdout.write(render(result, CATEGORIES, failures))
    raise typer.Exit(1 if failures else 0)
