"""A pack's test cases as data: `cases/*.yaml` beside its rules, run by `postcheck validate`.

A municipality that writes a pack should test it without writing Python: each case names
a profile, a draft, the categories that `must` be flagged (a finding of warning or error)
and those that must not be (`must_not`, or `may`: everything else must not). Profiles are
declared once per file, by name. A failure names the case's file and line.

    profiles:
      beleid: {function_title: Beleidsadviseur, organisation: Gemeente Utrecht,
               beleidsterrein: [verkeer]}
    cases:
      - profile: beleid
        text: Die wethouder snapt er niks van.
        must: [political]
        may: [tone]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, model_validator

from postcheck.engine.core import Engine
from postcheck.engine.report import with_profile
from postcheck.errors import SourceError
from postcheck.models import CATEGORIES, Category, Profile, Strict
from postcheck.packs.loading import CASES_DIR, YAML_SUFFIXES, RuleSet
from postcheck.packs.topics import TopicModel
from postcheck.yamlio import LineDict, LineList, load_yaml, validate

#: Severities that count as flagging a category.
FLAGGING = frozenset({"warning", "error"})


class Case(Strict):
    profile: str
    text: str = Field(min_length=1)
    must: list[Category] = Field(default_factory=list)
    must_not: list[Category] | None = None
    #: Categories the draft may flag besides `must`: every other category must not be.
    may: list[Category] | None = None
    note: str = ""

    @model_validator(mode="after")
    def _one_of(self) -> Case:
        if (self.must_not is None) == (self.may is None):
            raise ValueError("give either must_not or may (the categories it may flag)")
        return self

    def forbidden(self) -> set[str]:
        if self.must_not is not None:
            return set(self.must_not)
        return set(CATEGORIES) - set(self.must) - set(self.may or [])


class CaseFile(Strict):
    profiles: dict[str, Profile] = Field(default_factory=dict)
    cases: list[Case] = Field(default_factory=list)


@dataclass(frozen=True)
class LoadedCase:
    case: Case
    profile: Profile
    where: str


@dataclass(frozen=True)
class CaseFailure:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def case_files(pack: Path) -> list[Path]:
    folder = pack / CASES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def load_cases(path: Path) -> tuple[dict[str, Profile], list[LoadedCase]]:
    """One case file: its profiles by name, and its cases with file:line."""
    data = load_yaml(path)
    parsed = validate(CaseFile, data if data is not None else {}, path)
    profiles = dict(parsed.profiles)
    items = data.get("cases") if isinstance(data, LineDict) else None
    out = []
    for i, case in enumerate(parsed.cases):
        line = items.item_lines[i] if isinstance(items, LineList) else None
        if case.profile not in profiles:
            raise SourceError(path, f"case names unknown profile '{case.profile}'", line=line)
        out.append(LoadedCase(case, profiles[case.profile], f"{path}:{line}"))
    return profiles, out


def run_cases(
    ruleset: RuleSet,
    topics: TopicModel,
    cases: list[LoadedCase],
    engines: dict[str, Engine] | None = None,
) -> list[CaseFailure]:
    """Every case checked with its profile; engines are shared per profile (and across
    calls, when the caller keeps `engines`)."""
    engines = {} if engines is None else engines
    failures = []
    for loaded in cases:
        key = loaded.profile.model_dump_json()
        if key not in engines:
            engines[key] = Engine(ruleset, loaded.profile, topics)
        result = engines[key].check_text(loaded.case.text, source=loaded.where)
        got = {f.category for f in with_profile(result) if f.severity in FLAGGING}
        missing = set(loaded.case.must) - got
        false = got & loaded.case.forbidden()
        if missing or false:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(sorted(missing))}")
            if false:
                parts.append(f"false alarm {', '.join(sorted(false))}")
            text = loaded.case.text
            text = text if len(text) <= 60 else text[:57] + "..."
            flagged = ", ".join(sorted(got)) or "nothing"
            message = f"{'; '.join(parts)} in {text!r} (flagged: {flagged})"
            failures.append(CaseFailure(loaded.where, message))
    return failures
