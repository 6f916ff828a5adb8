"""The data shapes: profiles, rule packs, findings and results.

Profiles and rule packs are YAML written by people and organisations, so the models
forbid unknown keys and validate values strictly; `yamlio.validate` turns their errors into
one-line messages with file and line. Findings and results are the JSON contract
(`postcheck/2`) that tools and tests depend on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

Severity = Literal["info", "warning", "error"]
SeverityOrOff = Literal["info", "warning", "error", "off"]
Category = Literal[
    "proximity",
    "political",
    "tone",
    "speculation",
    "privacy",
    "confidentiality",
    "on-behalf",
    "persona",
    "conduct",
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
Lang = Literal["nl", "en"]
Role = Literal[
    "medewerker",
    "beleidsmedewerker",
    "leidinggevende",
    "topambtenaar",
    "woordvoerder",
    "politie",
    "defensie",
    "diplomaat",
]
Platform = Literal["x", "mastodon", "linkedin", "bluesky", "facebook", "instagram", "threads"]
#: How close a draft's topic lies to the author's own policy area.
Level = Literal["own", "neighbour", "far", "none", "unknown"]

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
SIGNAL_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def as_list(value: Any) -> Any:
    """A `before` validator: one value in YAML stands for a list of one."""
    return [value] if isinstance(value, str) else value


# --------------------------------------------------------------------------- profile


class Account(Strict):
    kind: Literal["personal", "official"] = "personal"
    platform: Platform | None = None
    handle: str | None = None
    bio: str = ""


#: Keywords a profile may list. Each is analysed like a rule term on every cold run (about
#: 0.4 ms each: 60,000 cost half a minute); a real profile names a few dozen.
MAX_KEYWORDS = 2_000
#: Policy areas a profile may name (a real one names one to five).
MAX_AREAS = 200


class Profile(Strict):
    """Who is posting: the facts that decide how close a topic lies and how careful to be."""

    name: str | None = None
    function_title: str
    organisation: str
    department: str | None = None
    beleidsterrein: list[str] = Field(default_factory=list, max_length=MAX_AREAS)
    keywords: list[str] = Field(default_factory=list, max_length=MAX_KEYWORDS)
    role: Role = "medewerker"
    spokesperson: bool = False
    account: Account = Field(default_factory=Account)
    #: Which rule packs to use, by pack id or path (default: all built-in packs).
    packs: list[str] | None = None
    #: Per-rule overrides: a severity, or `off` so the rule does not run at all.
    rules: dict[str, SeverityOrOff] | None = None
    # Options of a check, so that a repository's `.postcheck.yaml` sets them once for
    # everyone (pre-commit, CI, editors); the command line wins. Read from the profile
    # that applies in the current folder.
    #: Exit 1 when a finding reaches this severity (`--fail-on`).
    fail_on: Literal["error", "warning", "info", "never"] | None = None
    #: Files and folders to skip, as globs (`--exclude`).
    exclude: list[str] | None = None
    #: Count the length for this platform (`--platform`); default: `account.platform`.
    platform: Platform | None = None
    #: The output format (`--format`); checked by the command line, which knows them.
    format: str | None = None

    _list = field_validator("beleidsterrein", "keywords", "packs", "exclude", mode="before")(
        as_list
    )

    @field_validator("rules", mode="before")
    @classmethod
    def _yaml_off(cls, value: Any) -> Any:
        """YAML 1.1 reads a bare `off` as false; in `rules:` it can only mean the rule is off."""
        if isinstance(value, dict):
            return {k: "off" if v is False else v for k, v in value.items()}
        return value


# ------------------------------------------------------------------------ rule packs

#: Dutch text, or Dutch and English where the rule also applies to English drafts.
LocalText = Annotated[dict[Lang, str], Field(min_length=1)]


def _localise(value: Any) -> Any:
    if isinstance(value, str):
        return {"nl": value}
    return value


class PerLanguage(Strict):
    """A value per language; a plain list in YAML means Dutch."""

    @model_validator(mode="before")
    @classmethod
    def _plain_list(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {"nl": value}
        return value

    def for_lang(self, lang: str) -> list[Any]:
        return list(getattr(self, lang, []))


class Terms(PerLanguage):
    """Words and phrases per language, in base form (lemmas) or as written."""

    nl: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    @field_validator("nl", "en", mode="before")
    @classmethod
    def _lexicon_file(cls, value: Any) -> Any:
        """In a rule pack a language's terms may be a lexicon file's path (`lexicons/x.nl.txt`);
        the pack loader reads it before validation, so a path still here is misplaced."""
        if isinstance(value, str):
            raise ValueError(
                f"'{value}': a lexicon file is read only in a rule pack's signals and rules"
            )
        return value

    @field_validator("nl", "en")
    @classmethod
    def _no_empty(cls, value: list[str]) -> list[str]:
        for term in value:
            if not isinstance(term, str) or not term.strip():
                raise ValueError("terms must be non-empty strings")
        return value


class Patterns(PerLanguage):
    """spaCy Matcher token patterns per language."""

    nl: list[list[dict[str, Any]]] = Field(default_factory=list)
    en: list[list[dict[str, Any]]] = Field(default_factory=list)


class Signal(Strict):
    """A named kind of evidence (an opinion marker, a party name) that rules combine."""

    terms: Terms = Field(default_factory=Terms)
    match: Literal["lemma", "lower"] = "lemma"
    compounds: bool = False
    patterns: Patterns = Field(default_factory=Patterns)
    regex: str | None = None
    ignore_case: bool = True
    #: Phrases inside which a hit does not count ("per ongeluk" for `ongeluk`).
    exceptions: Terms = Field(default_factory=Terms)
    description: str = ""


class Condition(Strict):
    """When a severity override applies; every given field must match."""

    role: list[Role] | None = None
    spokesperson: bool | None = None
    account_kind: Literal["personal", "official"] | None = None
    level: list[Level] | None = None
    language: Lang | None = None
    #: Any of these signals present in the draft (timing: elections, a crisis, a debate).
    signals: list[str] | None = None

    _lists = field_validator("role", "level", "signals", mode="before")(as_list)


class SeverityWhen(Strict):
    when: Condition
    severity: SeverityOrOff


def named_conditions(value: Any) -> Any:
    """A `before` validator: `severity_when` entries may name a pack's shared condition.

    The pack loader replaces each name by the entries of `pack.severity_conditions`; a
    name still here is one the pack does not declare.
    """
    if isinstance(value, list):
        for entry in value:
            if isinstance(entry, str):
                raise ValueError(
                    f"unknown severity condition '{entry}': declare it under "
                    "pack.severity_conditions in the pack's pack.yaml"
                )
    return value


class Example(Strict):
    text: str
    profile: dict[str, Any] | None = None
    #: For a bad example: the severity the rule must give it (with this profile).
    severity: Severity | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class Examples(Strict):
    bad: list[Example] = Field(min_length=1)
    good: list[Example] = Field(min_length=1)


class RuleBase(Strict):
    id: str
    category: Category
    severity: Severity
    severity_when: list[SeverityWhen] = Field(default_factory=list)
    message: LocalText
    why: LocalText
    basis: list[str] = Field(min_length=1)
    suggestion: LocalText
    examples: Examples
    unless: list[str] = Field(default_factory=list)
    #: Where an `unless` signal cancels a hit: in the hit's own sentence, or anywhere.
    unless_within: Literal["sentence", "post"] = "sentence"
    #: Hits that the language layer says are not the author's own force: inside a
    #: negated clause ("geen tuig"), quoted to be condemned (counter-speech),
    #: attributed to someone else ("volgens het rapport"), or a harsh word that only
    #: intensifies ("idioot veel plezier"). Lets a word-list rule compose
    #: with the analysis instead of listing every negated or quoted variant.
    unless_analysis: list[Literal["negated", "reported", "attributed", "intensifier"]] = Field(
        default_factory=list
    )
    # Set by the loader, not by authors: where the rule came from, for errors and listings.
    source: SkipJsonSchema[str] = ""
    line: SkipJsonSchema[int | None] = None

    _texts = field_validator("message", "why", "suggestion", mode="before")(_localise)
    _named = field_validator("severity_when", mode="before")(named_conditions)
    _basis = field_validator("basis", "unless", mode="before")(as_list)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(
                f"rule id {value!r} must look like PACK-TOPIC-001 (capitals, digits, dashes)"
            )
        return value

    def text(self, field: str, lang: str) -> str:
        values: dict[str, str] = getattr(self, field)
        return values.get(lang) or values.get("nl") or next(iter(values.values()))


class PackMeta(Strict):
    id: str
    title: str
    description: str = ""
    example_profile: dict[str, Any] | None = None
    #: Severity overrides many rules share, by name: a rule's `severity_when` lists the
    #: name in place of the entries (`- official_account`), so the condition is written
    #: once. Expanded when the pack loads; they apply to this pack's rules only.
    severity_conditions: dict[str, list[SeverityWhen]] = Field(default_factory=dict)


# ------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Draft:
    """One draft to check: where it came from (a path, `-`, a JSONL id) and its text."""

    source: str
    text: str


class Approval(BaseModel):
    """A person's recorded decision that a finding may stand: who, when, and why.

    Written in the draft (`<!-- postcheck: akkoord RULE door WIE DATUM -->`); the finding
    it names becomes `info` and carries this, so every report says who let it through.
    """

    model_config = ConfigDict(frozen=True)

    by: str
    date: str
    reason: str | None = None
    #: The marker's line in the draft.
    line: int
    #: The finding's severity before the approval.
    severity: Severity


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    category: Category
    severity: Severity
    message: str
    why: str
    basis: list[str]
    suggestion: str
    start: int | None
    end: int | None
    line: int | None
    column: int | None
    text: str
    scope: Literal["post", "profile"] = "post"
    #: Every rule that reported this span in this category, `rule` first: the engine
    #: merges overlapping findings of one category into one (`engine.spans`).
    rules: list[str] = Field(default_factory=list)
    #: The findings merged into this one, each as its rule made it (for the examples
    #: runner, which checks each rule's own severity); never written to JSON.
    merged: tuple[Any, ...] = Field(default=(), exclude=True, repr=False)

    def severity_of(self, rule_id: str) -> str | None:
        """The severity `rule_id` gave this span itself, before merging (None: not here)."""
        if rule_id == self.rule:
            return self.severity
        for part in self.merged:
            if part.rule == rule_id:
                return str(part.severity)
        return None

    @model_validator(mode="before")
    @classmethod
    def _rules(cls, value: Any) -> Any:
        """A finding of one rule names that rule in `rules` too, so readers need one key."""
        if isinstance(value, dict) and not value.get("rules") and "rule" in value:
            return {**value, "rules": [value["rule"]]}
        return value

    #: Set when a marker in the draft approved this finding (its severity is then info).
    approved: Approval | None = None

    @model_serializer(mode="wrap")
    def _without_unset_approval(self, handler: SerializerFunctionWrapHandler) -> Any:
        """`approved` is written only when there is one, so reports without markers keep
        their shape (and bytes)."""
        data = handler(self)
        if isinstance(data, dict) and data.get("approved", 0) is None:
            del data["approved"]
        return data

    def sort_key(self) -> tuple[int, int, int, str]:
        return (
            0 if self.scope == "profile" else 1,
            self.start if self.start is not None else -1,
            self.end if self.end is not None else -1,
            self.rule,
        )


#: `error` only for an input that could not be read (no findings then).
Verdict = Literal["ok", "caution", "stop", "error"]


def verdict_of(findings: list[Finding]) -> Verdict:
    """`stop` for any error, `caution` for any warning, else `ok` (CATEGORIES.md)."""
    worst = max((SEVERITY_RANK[f.severity] for f in findings), default=0)
    return "stop" if worst == 3 else "caution" if worst == 2 else "ok"


class ProfileFinding(Finding):
    """A finding about the author's profile (the bio), reported once per run."""

    #: The profile it is about, as named on the command line (or `FILE:LINE profile`
    #: for a JSONL line's own profile).
    source: str


@dataclass(frozen=True)
class ProfileInfo:
    """What a result knows of its profile, for the run's profile section; never in JSON.

    `key` is equal for profiles that check identically (one engine); `findings` holds the
    bio's findings in each language, so the section can speak the report's language;
    `categories` are those of the rules that ran, so a report that finds nothing can
    say what it looked for.
    """

    key: str
    source: str
    line: int | None
    findings: dict[str, tuple[Finding, ...]]
    categories: tuple[str, ...] = ()


class ProfileSection(BaseModel):
    """The profile's own findings and verdict: said once per run, not in every result."""

    verdict: Literal["ok", "caution", "stop"] = "ok"
    findings: list[ProfileFinding] = Field(default_factory=list)


class Result(BaseModel):
    source: str
    language: Lang
    verdict: Verdict
    findings: list[Finding]
    notes: list[str] = Field(default_factory=list)
    topic: dict[str, Any] | None = None
    error: str | None = None
    #: The draft itself, for the terminal report only: never written to JSON output.
    draft: str = Field(default="", exclude=True, repr=False)
    #: The profile it was checked with and that profile's findings: gathered once per run
    #: into the report's `profile` section (`engine.report`), never written per result.
    profile: Any = Field(default=None, exclude=True, repr=False)


#: The JSON contract's version. 2: profile findings moved from every result into one
#: top-level `profile` section; findings carry `rules`, every rule merged into them.
SCHEMA = "postcheck/2"


class Report(BaseModel):
    schema_: Literal["postcheck/2"] = Field(default="postcheck/2", alias="schema")
    results: list[Result]
    profile: ProfileSection = Field(default_factory=ProfileSection)

    model_config = ConfigDict(populate_by_name=True)
