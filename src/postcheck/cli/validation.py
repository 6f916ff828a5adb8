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

from postcheck.engine.core import Engine
from postcheck.engine.session import Options, Session
from postcheck.errors import PostcheckError
from postcheck.packs.loading import (
    YAML_SUFFIXES,
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
    files = sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
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
    try:
        ruleset = load_rules([*builtin, *own] if own else list(paths))
        # Patterns compile without topic lists; those are checked as files of their own.
        Engine(ruleset, DEFAULT_PROFILE, TopicModel({}, {})).compile_all()
    except PostcheckError as exc:
        return Checked(name, "pack", error=str(exc))
    mine = [r for r in ruleset.rules if not own or _inside(r.source, own)]
    packs = sorted({m.id for r in mine if (m := ruleset.rule_pack.get(r.id)) is not None})
    label = f"pack {', '.join(packs)}" if packs else "rules"
    return Checked(name, "pack", f"{label}, {len(mine)} rules")


def _inside(source: str, paths: Sequence[Path]) -> bool:
    file = Path(source).resolve()
    return any(file == p.resolve() or file.is_relative_to(p.resolve()) for p in paths)
