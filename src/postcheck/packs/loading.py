"""Rule packs: finding, loading and cross-checking the YAML guideline packs.

A pack is a folder of YAML files (or one file). The built-in packs ship inside the
installed package; `--rules` adds packs beside them. Everything a rule refers to (signal
names, rule ids) is checked here, so a typo is an error at load time with file, line and
"did you mean", never a silently inactive rule.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import Field, create_model, field_validator

from postcheck.errors import SourceError
from postcheck.language.resources import data_dir
from postcheck.models import SIGNAL_NAME, PackMeta, RuleBase, Signal, Strict
from postcheck.ruletypes import REGISTRY, type_of
from postcheck.yamlio import LineDict, LineList, load_yaml, validate

#: Signals the engine derives from the profile, usable in any rule.
PROFILE_SIGNALS = ("@organisation", "@department", "@function", "@area")
YAML_SUFFIXES = (".yaml", ".yml")


def builtin_pack_dirs() -> list[Path]:
    """The shipped packs: every folder of `rules/` but the topic lists and the language
    layer's lexicons."""
    root = data_dir()
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name not in ("topics", "language"))


def topics_dir() -> Path:
    return data_dir() / "topics"


class PackFileBase(Strict):
    """One YAML file of a rule pack, without its rules (their union comes from the registry)."""

    pack: PackMeta | None = None
    signals: dict[str, Signal] = Field(default_factory=dict)

    @field_validator("signals")
    @classmethod
    def _names(cls, value: dict[str, Signal]) -> dict[str, Signal]:
        for name in value:
            if not SIGNAL_NAME.match(name):
                raise ValueError(f"signal name {name!r} must be lower case letters, digits, _")
        return value


#: The pack-file model per set of registered rule types (built once per set).
_PACK_FILE_MODELS: dict[tuple[str, ...], type[PackFileBase]] = {}


def pack_file_model() -> type[PackFileBase]:
    """The model of one pack file: `rules` is the union of every registered rule type.

    Built from `ruletypes.REGISTRY`, so a new rule type is one new module: its model joins
    the union (and the JSON Schema) by being registered.
    """
    names = tuple(REGISTRY)
    model = _PACK_FILE_MODELS.get(names)
    if model is None:
        members = tuple(t.model for t in REGISTRY.values())
        rule: Any = Annotated[Union[members], Field(discriminator="type")]  # noqa: UP007
        model = create_model(
            "PackFile",
            __base__=PackFileBase,
            __doc__="One YAML file of a rule pack.",
            __module__=__name__,
            rules=(list[rule], Field(default_factory=list)),
        )
        _PACK_FILE_MODELS[names] = model
    return model


@dataclass
class RuleSet:
    """All rules and signals of the packs in use, cross-checked."""

    packs: list[PackMeta] = field(default_factory=list)
    rules: list[RuleBase] = field(default_factory=list)
    signals: dict[str, Signal] = field(default_factory=dict)
    signal_sources: dict[str, str] = field(default_factory=dict)
    #: `<pack>.<name>` -> the key under which that pack's signal is stored.
    signal_aliases: dict[str, str] = field(default_factory=dict)
    #: The pack each rule belongs to (None for a loose rule file without `pack:`).
    rule_pack: dict[str, PackMeta | None] = field(default_factory=dict)
    #: Lexicon files read, by path (their terms are also in the signals and rules).
    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    #: (`signal NAME` or `rule ID`, language) -> the lexicon file of its `terms`.
    lexicon_of: dict[tuple[str, str], Lexicon] = field(default_factory=dict)
    #: Hash of the pack files' content when loaded through `memo.load_rules` (keys the
    #: engine's cached term analyses); None otherwise.
    cache_key: str | None = None

    def rule(self, rule_id: str) -> RuleBase | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.suffix in YAML_SUFFIXES and p.is_file() and not _in_cases(p, path)
        )
        if not files:
            raise SourceError(path, "no rule files (*.yaml) in this folder")
        return files
    if not path.exists():
        raise SourceError(path, "no such file or folder")
    return [path]


#: A pack's folder of test cases (`engine.cases`): YAML, but not rules.
CASES_DIR = "cases"


def _in_cases(file: Path, pack: Path) -> bool:
    return file.relative_to(pack).parts[0] == CASES_DIR


def load_rules(paths: list[Path]) -> RuleSet:
    """Load packs (folders or files) in order; ids must be unique across all of them.

    Signal names belong to their pack: a pack may define `party` although another pack
    in use defines it too. The first definition keeps the plain name; a later pack's is
    stored as `<pack>.party` and that pack's own rules are pointed at it. A rule that names
    a signal its pack does not define uses the plain (first) one; `<pack>.<name>` names
    one explicitly.
    """
    ruleset = RuleSet()
    seen: dict[str, str] = {}
    for pack_path in paths:
        local = RuleSet()
        files = [(file, load_yaml(file)) for file in yaml_files(pack_path)]
        conditions = _shared_conditions(files)
        for file, data in files:
            _expand_conditions(data, file, conditions)
            _load_file(file, data, local, seen)
        meta = local.packs[0] if local.packs else None
        namespace = meta.id if meta else pack_path.stem
        renamed: dict[str, str] = {}
        for name, signal in local.signals.items():
            qualified = f"{namespace}.{name}"
            key = qualified if name in ruleset.signals else name
            if key != name:
                renamed[name] = key
            ruleset.signals[key] = signal
            ruleset.signal_sources[key] = local.signal_sources[name]
            ruleset.signal_aliases[qualified] = key
        ruleset.packs += local.packs
        ruleset.lexicons.update(local.lexicons)
        for (owner, lang), lexicon in local.lexicon_of.items():
            if owner.startswith("signal ") and owner[7:] in renamed:
                owner = f"signal {renamed[owner[7:]]}"
            ruleset.lexicon_of[(owner, lang)] = lexicon
        for rule in local.rules:
            ruleset.rules.append(_rename_signals(rule, renamed) if renamed else rule)
            ruleset.rule_pack[rule.id] = meta
    for rule in list(ruleset.rules):
        aliased = {
            n: ruleset.signal_aliases[n] for n in signal_refs(rule) if n in ruleset.signal_aliases
        }
        if any(k != v for k, v in aliased.items()):
            ruleset.rules[ruleset.rules.index(rule)] = _rename_signals(rule, aliased)
    _check_references(ruleset)
    for rule in ruleset.rules:
        type_of(rule).check(rule)
    return ruleset


def signal_refs(rule: RuleBase) -> list[str]:
    """Every signal name a rule refers to: its type's signal fields, `unless`, conditions."""
    rtype = type_of(rule)
    conditions = [n for o in rule.severity_when for n in (o.when.signals or [])]
    return [*rtype.signals(rule), *rule.unless, *conditions]


def _rename_signals(rule: RuleBase, mapping: dict[str, str]) -> RuleBase:
    """The same rule with its signal references renamed (pack-scoped names)."""

    def rename(value: object) -> object:
        if isinstance(value, list):
            return [rename(v) for v in value]
        return mapping.get(value, value) if isinstance(value, str) else value

    data = rule.model_dump()
    for name in (*type_of(rule).signal_fields, "unless"):
        if name in data:
            data[name] = rename(data[name])
    for override in data["severity_when"]:
        if override["when"].get("signals"):
            override["when"]["signals"] = rename(override["when"]["signals"])
    return type(rule).model_validate(data)


#: The suffix of a lexicon file: one term a line, beside the pack's YAML.
LEXICON_SUFFIX = ".txt"
#: Fields whose per-language values may name a lexicon file instead of listing terms.
_TERM_FIELDS = ("terms", "exceptions")


@dataclass(frozen=True)
class Lexicon:
    """The terms of one lexicon file, each with its line (for `validate` and `explain`)."""

    path: str
    terms: tuple[tuple[str, int], ...]


def read_lexicon(path: Path) -> Lexicon:
    """A lexicon file: one term a line; blank lines and comments (`#` then a space, or a
    lone `#`) are skipped, so a hashtag term such as `#asiel` stays a term."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"cannot read lexicon file: {exc}") from None
    terms = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line == "#" or line.startswith(("# ", "#\t")):
            continue
        terms.append((line, number))
    return Lexicon(str(path), tuple(terms))


def _lexicon_refs(data: object) -> list[tuple[str, str, LineDict, str]]:
    """The places in a pack file whose value names a lexicon file: (owner, field, the
    mapping, language), the owner as `signal NAME` or `rule ID`."""
    if not isinstance(data, LineDict):
        return []
    owners: list[tuple[str, object]] = []
    signals = data.get("signals")
    if isinstance(signals, dict):
        owners += [(f"signal {name}", value) for name, value in signals.items()]
    rules = data.get("rules")
    if isinstance(rules, list):
        owners += [(f"rule {r.get('id')}", r) for r in rules if isinstance(r, dict)]
    out = []
    for owner, value in owners:
        if not isinstance(value, dict):
            continue
        for field_name in _TERM_FIELDS:
            terms = value.get(field_name)
            if isinstance(terms, LineDict):
                out += [
                    (owner, field_name, terms, lang)
                    for lang, v in terms.items()
                    if isinstance(v, str)
                ]
    return out


def _read_lexicons(data: object, file: Path, ruleset: RuleSet) -> None:
    """Replace each lexicon file named in the pack file by its terms (before validation).

    `terms: {nl: lexicons/criticism.nl.txt}`: the path is relative to the YAML file.
    """
    for owner, field_name, terms, lang in _lexicon_refs(data):
        name = terms[lang]
        line = terms.key_lines.get(lang)
        if not name.endswith(LEXICON_SUFFIX):
            raise SourceError(
                file,
                f"'{name}' is neither a list of terms nor a lexicon file (*{LEXICON_SUFFIX})",
                line=line,
            )
        path = file.parent / name
        if not path.is_file():
            raise SourceError(file, f"lexicon file '{name}' not found", line=line)
        lexicon = read_lexicon(path)
        ruleset.lexicons[str(path)] = lexicon
        if field_name == "terms":
            ruleset.lexicon_of[(owner, lang)] = lexicon
        listed = LineList([t for t, _ in lexicon.terms], line=line)
        listed.item_lines = [line or 0 for _ in lexicon.terms]
        terms[lang] = listed


def _shared_conditions(files: list[tuple[Path, Any]]) -> dict[str, Any]:
    """The pack's named severity conditions (`pack.severity_conditions`), as written."""
    for _, data in files:
        if isinstance(data, dict) and isinstance(data.get("pack"), dict):
            named = data["pack"].get("severity_conditions")
            return named if isinstance(named, dict) else {}
    return {}


def _expand_conditions(data: object, file: Path, conditions: dict[str, Any]) -> None:
    """Replace each name in a rule's `severity_when` by the entries it stands for."""
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        return
    for rule in rules:
        entries = rule.get("severity_when") if isinstance(rule, dict) else None
        if not isinstance(entries, LineList) or not any(isinstance(e, str) for e in entries):
            continue
        expanded = LineList(line=entries.line)
        for i, entry in enumerate(entries):
            line = entries.item_lines[i] if i < len(entries.item_lines) else entries.line
            if not isinstance(entry, str):
                expanded.append(entry)
                expanded.item_lines.append(line or 0)
                continue
            named = conditions.get(entry)
            if not isinstance(named, list):
                close = difflib.get_close_matches(entry, list(conditions), n=1)
                raise SourceError(
                    file,
                    f"unknown severity condition '{entry}'",
                    line=line,
                    hint=f"did you mean '{close[0]}'?"
                    if close
                    else "declare it under pack.severity_conditions in pack.yaml",
                )
            for item in named:
                expanded.append(item)
                expanded.item_lines.append(line or 0)
        rule["severity_when"] = expanded


def _load_file(file: Path, data: Any, ruleset: RuleSet, seen: dict[str, str]) -> None:
    if data is None:
        return
    _read_lexicons(data, file, ruleset)
    parsed = validate(pack_file_model(), data, file)
    if parsed.pack:
        if ruleset.packs:
            raise SourceError(
                file,
                "a pack has one `pack:` section",
                hint=f"pack '{ruleset.packs[0].id}' has one already",
            )
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
        for name in signal_refs(rule):
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                raise SourceError(
                    rule.source,
                    f"rule {rule.id} refers to unknown signal '{name}'",
                    line=rule.line,
                    hint=f"did you mean '{close[0]}'?" if close else None,
                )
