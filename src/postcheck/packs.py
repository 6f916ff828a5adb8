"""Rule packs: finding, loading and cross-checking the YAML guideline packs.

A pack is a folder of YAML files (or one file). The built-in packs ship inside the
installed package; `--rules` adds packs beside them. Everything a rule refers to (signal
names, rule ids) is checked here, so a typo is an error at load time with file, line and
"did you mean", never a silently inactive rule.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import SourceError
from .models import PackFile, PackMeta, RuleBase, Signal
from .ruletypes import TYPES
from .yamlio import LineDict, LineList, load_yaml, validate

#: Signals the engine derives from the profile, usable in any rule.
PROFILE_SIGNALS = ("@organisation", "@department", "@function", "@area")
YAML_SUFFIXES = (".yaml", ".yml")


def data_dir() -> Path:
    """The shipped `rules/` folder: inside the wheel, or the repository's in a checkout."""
    packaged = resources.files("postcheck") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("postcheck's rules folder is missing from the installation")


def builtin_pack_dirs() -> list[Path]:
    root = data_dir()
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name != "topics")


def topics_dir() -> Path:
    return data_dir() / "topics"


@dataclass
class RuleSet:
    """All rules and signals of the packs in use, cross-checked."""

    packs: list[PackMeta] = field(default_factory=list)
    rules: list[RuleBase] = field(default_factory=list)
    signals: dict[str, Signal] = field(default_factory=dict)
    signal_sources: dict[str, str] = field(default_factory=dict)
    #: The pack each rule belongs to (None for a loose rule file without `pack:`).
    rule_pack: dict[str, PackMeta | None] = field(default_factory=dict)
    #: Hash of the pack files' content when loaded through `cache.load_rules` (keys the
    #: engine's cached term analyses); None otherwise.
    cache_key: str | None = None

    def rule(self, rule_id: str) -> RuleBase | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
        if not files:
            raise SourceError(path, "no rule files (*.yaml) in this folder")
        return files
    if not path.exists():
        raise SourceError(path, "no such file or folder")
    return [path]


def load_rules(paths: list[Path]) -> RuleSet:
    """Load packs (folders or files) in order; ids must be unique across all of them."""
    ruleset = RuleSet()
    seen: dict[str, str] = {}
    for pack_path in paths:
        before = len(ruleset.rules)
        packs_before = len(ruleset.packs)
        for file in yaml_files(pack_path):
            _load_file(file, ruleset, seen)
        meta = ruleset.packs[packs_before] if len(ruleset.packs) > packs_before else None
        for rule in ruleset.rules[before:]:
            ruleset.rule_pack[rule.id] = meta
    _check_references(ruleset)
    return ruleset


def _load_file(file: Path, ruleset: RuleSet, seen: dict[str, str]) -> None:
    data = load_yaml(file)
    if data is None:
        return
    parsed = validate(PackFile, data, file)
    if parsed.pack:
        ruleset.packs.append(parsed.pack)
    for name, signal in parsed.signals.items():
        line = data["signals"].key_lines.get(name) if isinstance(data, LineDict) else None
        where = f"{file}:{line}"
        if name in ruleset.signals:
            raise SourceError(
                file,
                f"signal '{name}' is defined twice",
                line=line,
                hint=f"first at {ruleset.signal_sources[name]}",
            )
        ruleset.signals[name] = signal
        ruleset.signal_sources[name] = where
    items = data.get("rules") if isinstance(data, LineDict) else None
    for i, rule in enumerate(parsed.rules):
        line = items.item_lines[i] if isinstance(items, LineList) else None
        if rule.id in seen:
            raise SourceError(
                file, f"duplicate rule id '{rule.id}'", line=line, hint=f"first at {seen[rule.id]}"
            )
        seen[rule.id] = f"{file}:{line}"
        ruleset.rules.append(rule.model_copy(update={"source": str(file), "line": line}))


def _check_references(ruleset: RuleSet) -> None:
    known = [*ruleset.signals, *PROFILE_SIGNALS]
    for rule in ruleset.rules:
        rtype = TYPES[rule.type]  # type: ignore[attr-defined]
        conditions = [n for o in rule.severity_when for n in (o.when.signals or [])]
        for name in [*rtype.signals(rule), *rule.unless, *conditions]:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                raise SourceError(
                    rule.source,
                    f"rule {rule.id} refers to unknown signal '{name}'",
                    line=rule.line,
                    hint=f"did you mean '{close[0]}'?" if close else None,
                )
