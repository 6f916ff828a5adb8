"""The topic model: which policy area a draft is about, and how close that is to the author.

Policy areas are the government's TOOI theme list (theme URIs as ids, labels as facts),
with our own Dutch and English term lists per area in `rules/topics/`. A profile's
free-text beleidsterrein maps onto those areas; its organisation maps onto a ministry,
whose other areas count as neighbours. The closer the topic, the more careful the author
must be (Aanwijzing externe contacten rijksambtenaren nr. 15: far from your own area you
have the same room as any citizen).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import Field

from postcheck.matching.keys import Key, Kind
from postcheck.models import Level, Profile, Strict, Terms
from postcheck.yamlio import load_yaml, validate


class TopicArea(Strict):
    id: str
    label: str
    aliases: list[str] = Field(default_factory=list)
    ministries: list[str] = Field(default_factory=list)
    terms: Terms = Field(default_factory=Terms)


class TopicTheme(Strict):
    id: str
    label: str


class TopicFile(Strict):
    theme: TopicTheme
    areas: list[TopicArea] = Field(default_factory=list)


class Ministry(Strict):
    id: str
    names: list[str] = Field(default_factory=list)
    abbreviations: list[str] = Field(default_factory=list)
    en_names: list[str] = Field(default_factory=list)
    agencies: list[str] = Field(default_factory=list)
    areas: list[str] = Field(default_factory=list)

    def all_names(self) -> list[str]:
        return [*self.names, *self.abbreviations, *self.en_names, *self.agencies]


class MinistryFile(Strict):
    ministries: list[Ministry]


@dataclass(frozen=True)
class Area:
    id: str
    label: str
    theme_id: str
    theme_label: str
    aliases: tuple[str, ...]
    ministries: tuple[str, ...]
    terms: Terms


@dataclass(frozen=True)
class ProfileTopics:
    """What the topic model made of a profile: own areas, ministry, neighbours."""

    own: frozenset[str] = frozenset()
    neighbours: frozenset[str] = frozenset()
    ministries: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()
    known: bool = False
    organisation_names: tuple[str, ...] = field(default=())


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split())


def _contains(haystack: str, needle: str) -> bool:
    r"""Whole-word containment of a normalised phrase: `re.search(r"(?<!\w)needle(?!\w)")`.

    Without a regex: profiles are resolved on every start, against hundreds of names,
    and compiling a pattern per name cost a twentieth of a cold check.
    """
    if not needle:
        return False
    start = haystack.find(needle)
    while start != -1:
        end = start + len(needle)
        if (start == 0 or not _is_word(haystack[start - 1])) and (
            end == len(haystack) or not _is_word(haystack[end])
        ):
            return True
        start = haystack.find(needle, start + 1)
    return False


def _whole_word_parts(text: str, limit: int) -> list[str] | None:
    """Every piece of `text` that `_contains(text, piece)` accepts, longest pieces included.

    A piece starts at the text's start or after a non-word character and ends at its end or
    before one. Looking these up in a dict replaces testing every area name against each
    profile word; None when there would be more than `limit` pieces (a long text).
    """
    starts = [i for i in range(len(text)) if i == 0 or not _is_word(text[i - 1])]
    ends = [j for j in range(1, len(text) + 1) if j == len(text) or not _is_word(text[j])]
    if len(starts) * len(ends) > limit:
        return None
    return [text[i:j] for i in starts for j in ends if i < j]


def _is_word(ch: str) -> bool:
    """What `\\w` matches in a `str` pattern."""
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class _AreaNames:
    """The areas' normalised names, for matching a profile's words against them."""

    #: Label or alias -> the areas it names.
    exact: dict[str, set[str]]
    #: Theme label -> the areas of that theme.
    themes: dict[str, set[str]]
    #: Dutch or English term -> the areas that list it.
    terms: dict[str, set[str]]
    #: Label or alias of 4 characters or more -> its areas, for whole-word containment.
    partial: dict[str, set[str]]

    @classmethod
    def of(cls, areas: Iterable[Area]) -> _AreaNames:
        exact: dict[str, set[str]] = {}
        themes: dict[str, set[str]] = {}
        terms: dict[str, set[str]] = {}
        partial: dict[str, set[str]] = {}
        for area in areas:
            for n in (_norm(area.label), *map(_norm, area.aliases)):
                exact.setdefault(n, set()).add(area.id)
                if len(n) >= 4:
                    partial.setdefault(n, set()).add(area.id)
            themes.setdefault(_norm(area.theme_label), set()).add(area.id)
            for t in (*area.terms.nl, *area.terms.en):
                terms.setdefault(_norm(t), set()).add(area.id)
        return cls(exact, themes, terms, partial)


class TopicModel:
    def __init__(self, areas: dict[str, Area], ministries: dict[str, Ministry]) -> None:
        self.areas = areas
        self.ministries = ministries
        self.themes: dict[str, str] = {a.theme_id: a.theme_label for a in areas.values()}
        #: Hash of the topic files when loaded through `memo.load_topics`; else None.
        self.cache_key: str | None = None

    @classmethod
    def load(cls, folder: Path) -> TopicModel:
        areas: dict[str, Area] = {}
        ministries: dict[str, Ministry] = {}
        for path in sorted(folder.glob("*.yaml")):
            data = load_yaml(path)
            if path.name == "ministries.yaml":
                for m in validate(MinistryFile, data, path).ministries:
                    ministries[m.id] = m
                continue
            topic = validate(TopicFile, data, path)
            for a in topic.areas:
                areas[a.id] = Area(
                    a.id,
                    a.label,
                    topic.theme.id,
                    topic.theme.label,
                    tuple(a.aliases),
                    tuple(a.ministries),
                    a.terms,
                )
        return cls(areas, ministries)

    # ----------------------------------------------------------------- profiles

    @cached_property
    def _names(self) -> _AreaNames:
        """The areas' names, normalised once: a profile with 10,000 keywords used to
        normalise every label, alias and term of every area again for each keyword."""
        return _AreaNames.of(self.areas.values())

    def match_area_name(self, name: str) -> set[str]:
        """Areas a free-text policy-area name refers to ('klimaat en energie', 'zorg')."""
        wanted = _norm(name)
        if not wanted:
            return set()
        names = self._names
        found = set(names.exact.get(wanted, ()))
        if found:
            return found
        found = set(names.themes.get(wanted, ()))
        if found:
            return found
        # Partial: a label or alias inside the name, or the name among an area's terms.
        found = set(names.terms.get(wanted, ()))
        parts = _whole_word_parts(wanted, limit=len(names.partial))
        if parts is None:  # a long name: fewer tests the other way round
            for part, area_ids in names.partial.items():
                if _contains(wanted, part):
                    found |= area_ids
        else:
            for part in parts:
                found |= names.partial.get(part, set())
        return found

    def ministries_of(self, *texts: str | None) -> tuple[str, ...]:
        """Ministries named in an organisation or department string (or by an agency)."""
        haystack = " ".join(_norm(t) for t in texts if t)
        hits: list[str] = []
        for m in self.ministries.values():
            for name in m.names + m.abbreviations + m.agencies:
                if len(_norm(name)) >= 2 and _contains(haystack, _norm(name)):
                    hits.append(m.id)
                    break
        return tuple(hits)

    def resolve(self, profile: Profile) -> ProfileTopics:
        own: set[str] = set()
        unmatched: list[str] = []
        for name in profile.beleidsterrein:
            found = self.match_area_name(name)
            own |= found
            if not found:
                unmatched.append(name)
        for word in dict.fromkeys(profile.keywords):
            own |= self.match_area_name(word)
        ministries = self.ministries_of(profile.organisation, profile.department)
        neighbours: set[str] = set()
        themes = {self.areas[a].theme_id for a in own}
        for area in self.areas.values():
            if area.theme_id in themes or any(m in area.ministries for m in ministries):
                neighbours.add(area.id)
        for m in ministries:
            neighbours |= {a for a in self.ministries[m].areas if a in self.areas}
            for theme_area in self.ministries[m].areas:
                neighbours |= {a.id for a in self.areas.values() if a.theme_id == theme_area}
        names: list[str] = []
        for m in ministries:
            names += self.ministries[m].all_names()
        return ProfileTopics(
            own=frozenset(own),
            neighbours=frozenset(neighbours - own),
            ministries=ministries,
            unmatched=tuple(unmatched),
            known=bool(own) or bool(profile.keywords),
            organisation_names=tuple(dict.fromkeys(names)),
        )

    # ------------------------------------------------------------------- drafts

    def level(
        self, hit_keys: Iterable[Key], topics: ProfileTopics, *, own_hit: bool
    ) -> tuple[Level, list[str]]:
        """The closest level among the areas a draft touches, and those area ids."""
        areas = sorted(k.name for k in hit_keys if k.kind == Kind.AREA)
        if not topics.known:
            return "unknown", areas
        if own_hit or any(a in topics.own for a in areas):
            return "own", areas
        if any(a in topics.neighbours for a in areas):
            return "neighbour", areas
        if areas:
            return "far", areas
        return "none", areas
