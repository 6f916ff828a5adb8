"""The author's profile: loaded from YAML and validated, or the embedded default."""

from __future__ import annotations

from pathlib import Path

from .errors import SourceError
from .models import Profile
from .yamlio import load_yaml, validate

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


def load_profile(path: Path) -> Profile:
    data = load_yaml(path, max_bytes=1_000_000)
    if data is None:
        raise SourceError(path, "the profile is empty", hint="see profiles/ for examples")
    if not isinstance(data, dict):
        raise SourceError(
            path,
            "a profile must be a mapping of keys (name:, function_title:, ...)",
            line=getattr(data, "line", None),
        )
    return validate(Profile, data, path)
