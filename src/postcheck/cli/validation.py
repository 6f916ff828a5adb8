"""`postcheck validate`: check rule packs and profiles without checking any draft.

Pack authors and CI of a repository of packs want every mistake at once, not the first
one per run, so each file or pack is checked on its own and the run goes on after an
error. A pack is checked the way a real run would load it: beside the built-in packs (it
may use their signals), with its patterns compiled. A profile is checked with its `packs:`
and `rules:` resolved against the packs, so an unknown rule id is found here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from postcheck.engine.cases import case_files, load_cases, run_cases
from postcheck.engine.core import Engine
from postcheck.engine.examples import run_examples
from postcheck.engine.session import Options, Session
from postcheck.errors import PostcheckError
from postcheck.models import RuleBase, Terms
from postcheck.packs.loading import (
    CASES_DIR,
    YAML_SUFFIXES,
    RuleSet,
    builtin_pack_dirs,
    data_dir,
    load_rules,
    topics_dir,
)
from postcheck.packs.topics import MinistryFile, TopicFile, TopicModel
from postcheck.profile.discovery import ProfileRef, ProfileResolver
from postcheck.profile.loading import DEFAULT_PROFILE, read_profile
from postcheck.yamlio import load_yaml, validate

Kind = Literal["pack", "profile", "topics"]


@dataclass(frozen=True)
class Checked:
    path: str
    kind: Kind
    detail: str = ""
    error: str | None = None
    #: Mistakes that do not stop the pack from loading (a failing example, a term listed
    #: twice in one list): reported like errors, one line each.
    problems: tuple[str, ...] = ()
    #: Worth a look, not wrong (a term in two lists, inflections of one lemma).
    notes: tuple[str, ...] = ()

    def line(self) -> str:
        return f"{self.path}: ok ({self.detail or self.kind})"


def kind_of(data: Any) -> Kind:
    """Tell a pack file from a profile by its keys; both may have `rules:` (a list in a
    pack, a mapping of overrides in a profile)."""
    if isinstance(data, dict):
        if "pack" in data or "signals" in data or isinstance(data.get("rules"), list):
            return "pack"
        if "theme" in data or "ministries" in data:
            return "topics"
    return "profile"


def validate_paths(
    paths: Sequence[Path],
    *,
    rules: Sequence[Path] = (),
    profile: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> list[Checked]:
    """Check each path (files, or folders of YAML files); none: the packs and profile in use."""
    session = Session(Options(rules=tuple(rules), profile=profile, env=env, cwd=cwd))
    if not paths:
        out = [_check_packs(session, [*builtin_pack_dirs(), *rules], "built-in packs")]
        out += [_check_file(session, f) for f in sorted(topics_dir().glob("*.yaml"))]
        ref = ProfileResolver(profile, env=env, cwd=cwd).for_path(None)
        if ref.path is not None:
            out.append(_check_profile(session, ref))
        return out
    out = []
    for path in paths:
        if path.is_dir():
            out += _check_folder(session, path)
        elif not path.exists():
            out.append(Checked(str(path), "profile", error=f"{path}: no such file or folder"))
        else:
            out.append(_check_file(session, path))
    return out


def _check_folder(session: Session, folder: Path) -> list[Checked]:
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in YAML_SUFFIXES
        and p.is_file()
        and CASES_DIR not in p.relative_to(folder).parts[:-1]
    )
    if not files:
        return [Checked(str(folder), "pack", error=f"{folder}: no YAML files in this folder")]
    packs: list[Path] = []
    out: list[Checked] = []
    for file in files:
        try:
            kind = kind_of(load_yaml(file))
        except PostcheckError as exc:
            out.append(Checked(str(file), "pack", error=str(exc)))
            continue
        if kind == "pack":
            packs.append(file)
        else:
            out.append(_check_file(session, file))
    if packs:
        # The files of one pack refer to each other's signals: check them together, as the
        # folder when it is nothing but a pack (so its `pack:` applies to all its rules).
        together = [folder] if len(packs) == len(files) else packs
        out.insert(0, _check_packs(session, together, str(folder)))
    return out


def _check_file(session: Session, path: Path) -> Checked:
    try:
        data = load_yaml(path)
    except PostcheckError as exc:
        return Checked(str(path), "profile", error=str(exc))
    kind = kind_of(data)
    if kind == "pack":
        return _check_packs(session, [path], str(path))
    if kind == "topics":
        try:
            model = MinistryFile if isinstance(data, dict) and "ministries" in data else TopicFile
            validate(model, data, path)
        except PostcheckError as exc:
            return Checked(str(path), "topics", error=str(exc))
        return Checked(str(path), "topics", "topic list")
    return _check_profile(session, ProfileRef(path, "option"))


def _check_profile(session: Session, ref: ProfileRef) -> Checked:
    try:
        loaded = read_profile(ref)
        ruleset, _ = session.ruleset_for(loaded)
    except PostcheckError as exc:
        return Checked(ref.name, "profile", error=str(exc))
    return Checked(ref.name, "profile", f"profile, {len(ruleset.rules)} rules apply")


def _check_packs(session: Session, paths: Sequence[Path], name: str) -> Checked:
    builtin = [d.resolve() for d in builtin_pack_dirs()]
    root = data_dir().resolve()
    own = [p for p in paths if not p.resolve().is_relative_to(root)]
    # A given path that is a built-in pack by another path (an installed postcheck run in
    # its checkout: `validate rules/rijk`) takes that pack's place, or every one of its
    # rules would be a duplicate of itself.
    copies = _copies_of_builtin(builtin, own)
    beside = [copies.get(d, d) for d in builtin]
    extra = [p for p in own if not any(p.resolve().is_relative_to(c) for c in copies.values())]
    try:
        ruleset = load_rules([*beside, *extra] if own else list(paths))
        # Patterns compile without topic lists; those are checked as files of their own.
        engine = Engine(ruleset, DEFAULT_PROFILE, TopicModel({}, {}))
        engine.compile_all()
    except PostcheckError as exc:
        return Checked(name, "pack", error=str(exc))
    mine = [r for r in ruleset.rules if not own or _inside(r.source, own)]
    packs = sorted({m.id for r in mine if (m := ruleset.rule_pack.get(r.id)) is not None})
    label = f"pack {', '.join(packs)}" if packs else "rules"
    lists = _term_lists(ruleset, own)
    problems = [
        *_duplicates_within(lists),
        *_example_failures(ruleset, mine),
        *_case_failures(ruleset, paths),
    ]
    notes = [*_duplicates_across(lists), *_same_lemmas(lists, engine)]
    return Checked(
        name, "pack", f"{label}, {len(mine)} rules", problems=tuple(problems), notes=tuple(notes)
    )


def _copies_of_builtin(builtin: Sequence[Path], own: Sequence[Path]) -> dict[Path, Path]:
    """Built-in pack folders that a given path lies in a copy of: the pack folder (the
    nearest with a `pack.yaml`) has the built-in one's name."""
    names = {d.name: d for d in builtin}
    copies: dict[Path, Path] = {}
    for path in own:
        resolved = path.resolve()
        for folder in [resolved, *resolved.parents]:
            if (folder / "pack.yaml").is_file():
                if folder.name in names:
                    copies[names[folder.name]] = folder
                break
    return copies


@dataclass(frozen=True)
class TermList:
    """One list of terms of a signal or rule in one language, with where each term is."""

    owner: str
    lang: str
    match: str
    #: (term, "file:line") in list order.
    terms: tuple[tuple[str, str], ...]


def _term_lists(ruleset: RuleSet, own: Sequence[Path]) -> list[TermList]:
    """The `terms` lists of the signals and rules being validated (not the packs beside)."""
    owners: list[tuple[str, Any, str, int | None]] = []
    for name, signal in ruleset.signals.items():
        path, _, line = ruleset.signal_sources[name].rpartition(":")
        owners.append((f"signal {name}", signal, path, int(line) if line.isdigit() else None))
    owners += [(f"rule {r.id}", r, r.source, r.line) for r in ruleset.rules]
    out = []
    for owner, item, path, line in owners:
        terms = getattr(item, "terms", None)
        if not isinstance(terms, Terms) or (own and not _inside(path, own)):
            continue
        for lang in ("nl", "en"):
            values = terms.for_lang(lang)
            lexicon = ruleset.lexicon_of.get((owner, lang))
            if lexicon is not None:
                where = [f"{lexicon.path}:{n}" for _, n in lexicon.terms]
            else:
                where = [f"{path}:{line}"] * len(values)
            if values:
                match = getattr(item, "match", "lemma")
                out.append(TermList(owner, lang, match, tuple(zip(values, where, strict=True))))
    return out


def _duplicates_within(lists: list[TermList]) -> list[str]:
    out = []
    for terms in lists:
        first: dict[str, str] = {}
        for term, where in terms.terms:
            if term in first:
                out.append(
                    f"{where}: {terms.owner} lists '{term}' twice ({terms.lang}; first at "
                    f"{first[term]})"
                )
            else:
                first[term] = where
    return out


def _duplicates_across(lists: list[TermList]) -> list[str]:
    """Terms in two lists of one language, one note per pair of lists: often meant (a word
    that is two things), but the lists then overlap, and a change to one is easily not
    made to the other."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    shared: dict[tuple[str, str, str], list[str]] = {}
    for terms in lists:
        for term, where in dict(terms.terms).items():
            key = (terms.lang, term.casefold())
            if key in seen and seen[key][0] != terms.owner:
                owner, first = seen[key]
                shared.setdefault((terms.owner, owner, terms.lang), []).append(
                    f"'{term}' ({where}, {first})"
                )
            else:
                seen.setdefault(key, (terms.owner, where))
    return [
        f"{owner} shares {len(found)} {lang} term{'s' * (len(found) > 1)} with {other}: "
        + "; ".join(found[:3])
        + (f"; and {len(found) - 3} more" if len(found) > 3 else "")
        for (owner, other, lang), found in shared.items()
    ]


def _same_lemmas(lists: list[TermList], engine: Engine) -> list[str]:
    """Lemma lists whose terms the pipeline reads as another entry's lemmas: one is enough
    (`faalde` after `falen`), as the phrase matcher compares lemmas."""
    out = []
    for terms in lists:
        if terms.match != "lemma":
            continue
        table = engine.matchers(terms.lang).terms
        first: dict[object, tuple[str, str]] = {}
        same = []
        for term, where in terms.terms:
            lemmas = table.get("lemma", term)
            if lemmas is None:
                continue
            if lemmas in first and first[lemmas][0] != term:
                same.append(f"'{term}' ({where}) = '{first[lemmas][0]}' ({first[lemmas][1]})")
            else:
                first.setdefault(lemmas, (term, where))
        if same:
            shown = "; ".join(same[:3]) + (f"; and {len(same) - 3} more" if len(same) > 3 else "")
            out.append(
                f"{terms.owner} ({terms.lang}): {len(same)} terms have the lemmas of an "
                f"earlier entry: {shown}"
            )
    return out


def _case_failures(ruleset: RuleSet, paths: Sequence[Path]) -> list[str]:
    """The cases in each validated pack folder's `cases/` (see `engine.cases`)."""
    out = []
    topics = TopicModel.load(topics_dir())
    for path in paths:
        for file in case_files(path) if path.is_dir() else []:
            try:
                _, cases = load_cases(file)
            except PostcheckError as exc:
                out.append(str(exc))
                continue
            out += [str(f) for f in run_cases(ruleset, topics, cases)]
    return out


def _example_failures(ruleset: RuleSet, rules: list[RuleBase]) -> list[str]:
    """The examples of the rules being validated, run as the tests run them."""
    ids = {r.id for r in rules}
    by_id = {r.id: r for r in rules}
    out = []
    for failure in run_examples(ruleset, TopicModel.load(topics_dir()), only=ids):
        rule = by_id[failure.rule]
        out.append(f"{rule.source}:{rule.line}: {failure}")
    return out


def _inside(source: str, paths: Sequence[Path]) -> bool:
    file = Path(source).resolve()
    return any(file == p.resolve() or file.is_relative_to(p.resolve()) for p in paths)
