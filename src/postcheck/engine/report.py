"""A run's results as one report: the drafts, and the profile's findings said once.

A finding about the bio is not about any draft: repeated in every result it buried a fine
post's report and turned a birthday post into "think twice". The engine keeps it beside
each result (`Result.profile`, never written per result); here the run's profiles are
gathered, each once, in the order the drafts first used them, into the report's
`profile` section with a verdict of its own (`postcheck/2`).

The section speaks the report's language (`report_language`): English when every draft
checked is English, else Dutch, the language of the guidelines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from postcheck.models import (
    Finding,
    ProfileFinding,
    ProfileInfo,
    ProfileSection,
    Report,
    Result,
    verdict_of,
)


def with_profile(result: Result) -> list[Finding]:
    """A result's findings and its profile's (in the result's language), as one list:
    what a pack's examples and cases are judged on, since a bio rule's example is a bio."""
    info = result.profile
    own = list(info.findings.get(result.language, ())) if isinstance(info, ProfileInfo) else []
    return [*own, *result.findings]


def report_language(results: Iterable[Result]) -> str:
    """`en` when every draft that was read is English, else `nl`."""
    langs = {r.language for r in results if not r.error}
    return "en" if langs == {"en"} else "nl"


class ProfileGatherer:
    """Collects each distinct profile of a run once, in first-use order.

    Fed results as they come (a JSON report is written while a batch is checked) or
    the profiles `--jobs` workers gathered from their chunks, in input order.
    """

    def __init__(self) -> None:
        self._profiles: dict[str, ProfileInfo] = {}
        self._langs: set[str] = set()

    def add(self, result: Result) -> None:
        if result.error:
            return
        self._langs.add(result.language)
        info = result.profile
        if isinstance(info, ProfileInfo) and info.key not in self._profiles:
            self._profiles[info.key] = info

    def add_all(self, results: Iterable[Result]) -> None:
        for result in results:
            self.add(result)

    def merge(self, infos: Sequence[ProfileInfo], langs: Iterable[str]) -> None:
        """What another gatherer (a worker's) collected, appended after what is here."""
        for info in infos:
            self._profiles.setdefault(info.key, info)
        self._langs.update(langs)

    @property
    def infos(self) -> list[ProfileInfo]:
        return list(self._profiles.values())

    @property
    def langs(self) -> set[str]:
        return set(self._langs)

    @property
    def language(self) -> str:
        return "en" if self._langs == {"en"} else "nl"

    def section(self) -> ProfileSection:
        return profile_section(self.infos, self.language)


def profile_section(infos: Iterable[ProfileInfo], lang: str) -> ProfileSection:
    """The profiles' findings in `lang`, each naming its profile, and their verdict."""
    findings: list[ProfileFinding] = []
    for info in infos:
        for f in info.findings.get(lang, ()):
            findings.append(_located(f, info))
    return ProfileSection(verdict=verdict_of(findings), findings=findings)  # type: ignore[arg-type]


def _located(finding: Finding, info: ProfileInfo) -> ProfileFinding:
    data = finding.model_dump()
    data.update(source=info.source, line=info.line)
    return ProfileFinding.model_validate(data)


def assemble(results: list[Result]) -> Report:
    """The report of a run: its results in input order and its profile section."""
    gatherer = ProfileGatherer()
    gatherer.add_all(results)
    return Report(results=results, profile=gatherer.section())
