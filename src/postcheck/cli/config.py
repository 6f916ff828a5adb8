"""Options of a check set in the configuration file (`.postcheck.yaml`), under the command line.

A repository of drafts wants the same `--fail-on`, `--exclude`, `--platform` and `--format`
for everyone who checks it, from pre-commit, CI and the editor alike, without repeating
them in every hook and workflow. So the profile that applies in the current folder may
set them (`fail_on:`, `exclude:`, `platform:`, `format:`); an option given on the command
line wins. The profile model validates the values (file, line, what is wrong); the format
is checked here, against the formats this command line has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from postcheck.errors import SourceError, closest
from postcheck.inputs.reading import Item
from postcheck.models import Draft


@dataclass(frozen=True)
class ConfigOptions:
    """What the configuration file sets; None where it says nothing."""

    fail_on: str | None = None
    exclude: tuple[str, ...] | None = None
    platform: str | None = None
    format: str | None = None


def config_options(session: Any, formats: Sequence[str]) -> ConfigOptions:
    """The options set in the profile that applies in the current folder.

    Read through the session, so the file is loaded (and validated) once, and the same
    profile serves the drafts checked from here.
    """
    loaded = session.profile_for(Item(Draft("", "")))
    profile = loaded.profile
    if profile.format is not None and profile.format not in formats:
        hint = closest(profile.format, list(formats))
        raise SourceError(
            loaded.name,
            f"format: unknown format '{profile.format}'",
            line=loaded.key_lines.get("format"),
            hint=(f"did you mean '{hint}'? " if hint else "") + f"choose from {', '.join(formats)}",
        )
    return ConfigOptions(
        fail_on=profile.fail_on,
        exclude=tuple(profile.exclude) if profile.exclude is not None else None,
        platform=profile.platform,
        format=profile.format,
    )
