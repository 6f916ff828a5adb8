"""Where a draft's profile comes from: the same answer for the CLI, the server and the tests.

People keep one profile for all their checks, teams keep one per repository of drafts, and
scripts pass one explicitly. The order is that of most linters, from most to least
specific to this run:

1. ``--profile PATH``
2. the ``POSTCHECK_PROFILE`` environment variable
3. the nearest ``.postcheck.yaml``, walking up from the checked file's folder (stdin: from
   the current folder)
4. the user's profile in the XDG config folder (``$XDG_CONFIG_HOME/postcheck/profile.yaml``,
   by default ``~/.config/postcheck/profile.yaml``; ``%APPDATA%`` on Windows)
5. the embedded default profile

Environment and current folder are passed in rather than read from globals, so tests can
point discovery at temporary folders and never at the real home.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from postcheck.errors import PostcheckError

PROJECT_FILE = ".postcheck.yaml"
ENV_VAR = "POSTCHECK_PROFILE"
USER_FILE = "profile.yaml"
APP = "postcheck"

Origin = Literal["option", "env", "project", "user", "default", "inline"]

ORIGIN_TEXT: dict[str, str] = {
    "option": "given with --profile",
    "env": f"from ${ENV_VAR}",
    "project": f"the nearest {PROJECT_FILE}",
    "user": "your user profile",
    "default": "the embedded default profile (no profile found)",
    "inline": "given inline in the JSONL input",
}


@dataclass(frozen=True)
class ProfileRef:
    """A profile's location and why it was chosen; `path` is None for the embedded default."""

    path: Path | None
    origin: Origin
    #: How to show the path to the user (relative to the current folder when inside it).
    shown: Path | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return str(self.shown or self.path)

    def describe(self) -> str:
        reason = ORIGIN_TEXT[self.origin]
        return reason if self.path is None else f"{self.name} ({reason})"


def user_config_dir(env: Mapping[str, str]) -> Path:
    """The XDG config folder for postcheck: a relative XDG_CONFIG_HOME is ignored (spec)."""
    if sys.platform == "win32" and env.get("APPDATA"):
        return Path(env["APPDATA"]) / APP
    xdg = env.get("XDG_CONFIG_HOME", "")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / APP
    home = env.get("HOME") or str(Path.home())
    return Path(home) / ".config" / APP


def user_profile_path(env: Mapping[str, str]) -> Path:
    return user_config_dir(env) / USER_FILE


class ProfileResolver:
    """Resolves the profile for each input; folder look-ups are cached for large batches."""

    def __init__(
        self,
        explicit: Path | None = None,
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.env = dict(os.environ if env is None else env)
        self.cwd = (cwd or Path.cwd()).absolute()
        self._fixed = self._fixed_ref(explicit)
        self._user: ProfileRef | None = None
        self._by_folder: dict[Path, ProfileRef] = {}
        self._by_draft: dict[Path | None, ProfileRef] = {}

    def _fixed_ref(self, explicit: Path | None) -> ProfileRef | None:
        if explicit is not None:
            return ProfileRef(explicit, "option")
        value = self.env.get(ENV_VAR, "").strip()
        if value:
            path = Path(value).expanduser()
            if not _is_file(path):
                raise PostcheckError(f"{ENV_VAR}={value}: no such profile file")
            return ProfileRef(path, "env")
        return None

    def for_path(self, draft: Path | None) -> ProfileRef:
        """The profile for a draft file (None: stdin or an input without a file)."""
        if self._fixed is not None:
            return self._fixed
        ref = self._by_draft.get(draft)
        if ref is None:
            folder = self.cwd if draft is None else Path(os.path.abspath(self.cwd / draft)).parent
            ref = self._by_draft[draft] = self._for_folder(folder)
        return ref

    def for_folder(self, folder: Path) -> ProfileRef:
        """The profile for drafts in `folder` (what `postcheck profile show DIR` reports)."""
        if self._fixed is not None:
            return self._fixed
        return self._for_folder(Path(os.path.abspath(self.cwd / folder)))

    def _for_folder(self, folder: Path) -> ProfileRef:
        cached = self._by_folder.get(folder)
        if cached is not None:
            return cached
        candidate = folder / PROJECT_FILE
        if _is_file(candidate):
            ref = ProfileRef(candidate, "project", _shown(candidate, self.cwd))
        elif folder.parent == folder:
            ref = self._user_ref()
        else:
            ref = self._for_folder(folder.parent)
        self._by_folder[folder] = ref
        return ref

    def _user_ref(self) -> ProfileRef:
        if self._user is None:
            path = user_profile_path(self.env)
            found = _is_file(path)
            self._user = ProfileRef(path, "user") if found else ProfileRef(None, "default")
        return self._user


def _is_file(path: Path) -> bool:
    """`path.is_file()`, or one line naming the folder that could not be searched: a
    profile that might be there must not be passed over for another one silently."""
    try:
        return path.is_file()
    except OSError as exc:
        raise PostcheckError(f"{path}: cannot look for a profile: {exc.strerror or exc}") from None


def _shown(path: Path, cwd: Path) -> Path:
    """Relative to the current folder when inside it, so messages stay short and stable."""
    try:
        return path.relative_to(cwd)
    except ValueError:
        return path
