"""The author's profile: loaded from YAML and validated, or the embedded default.

A profile also says which rule packs and rule overrides apply. Those refer to rules that
only exist once the packs are loaded, so the lines of `packs:` and `rules:` entries are kept
here: an unknown rule id found later can still be reported at its file and line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from postcheck.errors import SourceError
from postcheck.models import Profile
from postcheck.profile.discovery import ProfileRef
from postcheck.yamlio import LineDict, LineList, load_yaml, validate

#: Used when no profile is given: a civil servant whose policy area is unknown, so
#: proximity cannot be judged and the report says how to add a profile.
DEFAULT_PROFILE = Profile(
    name=None,
    function_title="rijksambtenaar",
    organisation="Rijksoverheid",
    beleidsterrein=[],
    keywords=[],
    role="medewerker",
)

MAX_PROFILE_BYTES = 1_000_000


@dataclass(frozen=True)
class LoadedProfile:
    """A validated profile with what is needed to report problems in its overrides."""

    profile: Profile
    ref: ProfileRef
    #: The name used in error messages: a path, or `<stdin>:3` for an inline profile.
    name: str
    #: Folder that relative paths in `packs:` are resolved against.
    base: Path
    rule_lines: Mapping[str, int] = field(default_factory=dict)
    pack_lines: tuple[int | None, ...] = ()
    #: The line of `account.bio` (else `account.handle`, else `account:`) in the file:
    #: where the profile's own findings point.
    bio_line: int | None = None
    #: Lines of the top-level keys, for options checked after loading (`format:`).
    key_lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def is_default(self) -> bool:
        return self.ref.origin == "default"

    @cached_property
    def key(self) -> str:
        """Equal for profiles that check identically, so batches can share one engine.

        Asked once per draft: remembered, since building it dumps the whole profile.
        """
        data = self.profile.model_dump(mode="json")
        uses_paths = any(is_pack_path(p) for p in self.profile.packs or [])
        return json.dumps(
            [data, self.is_default, str(self.base) if uses_paths else ""], sort_keys=True
        )


def is_pack_path(entry: str) -> bool:
    """A `packs:` entry is a path when it looks like one; otherwise it is a pack id."""
    return "/" in entry or "\\" in entry or entry.endswith((".yaml", ".yml")) or entry == "."


def load_profile(path: Path) -> Profile:
    return read_profile(ProfileRef(path, "option")).profile


def read_profile(ref: ProfileRef) -> LoadedProfile:
    """The profile a reference points at; the embedded default when it points at nothing."""
    if ref.path is None:
        return LoadedProfile(DEFAULT_PROFILE, ref, name="<default profile>", base=Path.cwd())
    try:
        data = load_yaml(ref.path, max_bytes=MAX_PROFILE_BYTES)
    except SourceError as exc:
        # Read by absolute path, reported by the shorter name the user knows.
        raise SourceError(ref.name, exc.message, line=exc.line, hint=exc.hint) from None
    if data is None:
        raise SourceError(ref.name, "the profile is empty", hint="see profiles/ for examples")
    return profile_from_data(data, ref, name=ref.name, base=ref.path.parent)


def profile_from_data(data: Any, ref: ProfileRef, *, name: str, base: Path) -> LoadedProfile:
    """Validate profile data from YAML (with lines) or from an inline JSON mapping."""
    if not isinstance(data, dict):
        raise SourceError(
            name,
            "a profile must be a mapping of keys (name:, function_title:, ...)",
            line=getattr(data, "line", None),
        )
    profile = validate(Profile, data, name)
    rules = data.get("rules")
    packs = data.get("packs")
    rule_lines = dict(rules.key_lines) if isinstance(rules, LineDict) else {}
    pack_lines: tuple[int | None, ...] = ()
    if isinstance(packs, LineList):
        pack_lines = tuple(packs.item_lines)
    elif isinstance(data, LineDict) and "packs" in data:
        pack_lines = (data.key_lines.get("packs"),)
    key_lines = dict(data.key_lines) if isinstance(data, LineDict) else {}
    return LoadedProfile(
        profile,
        ref,
        name=name,
        base=base,
        rule_lines=rule_lines,
        pack_lines=pack_lines,
        bio_line=_bio_line(data),
        key_lines=key_lines,
    )


def _bio_line(data: Any) -> int | None:
    """Where the bio stands in the YAML file, for reports that point at the profile."""
    if not isinstance(data, LineDict):
        return None
    account = data.get("account")
    if isinstance(account, LineDict):
        for key in ("bio", "handle"):
            if key in account.key_lines:
                return account.key_lines[key]
    return data.key_lines.get("account")


def pack_line(loaded: LoadedProfile, index: int) -> int | None:
    if index < len(loaded.pack_lines):
        return loaded.pack_lines[index]
    return loaded.pack_lines[0] if loaded.pack_lines else None


def dump_profile(profile: Profile) -> str:
    """YAML a person can read and edit, in the model's order; unset optional keys left out."""
    data = profile.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88)
