"""What every rule type shares: the registry, the per-draft context and the interface.

A rule type is one module in this package (or in a pack author's own code): a pydantic
model for its YAML (a subclass of `models.RuleBase` with a literal `type`), a class that
registers what the rule looks for and turns hits into spans, and the module docstring
as its documentation (`postcheck explain --type NAME`). The `@rule_type` decorator puts
it in `REGISTRY`, from which the rule-pack model and its JSON Schema are built.
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from postcheck.language.analysis import Analysis
from postcheck.language.encoder import Embeddings
from postcheck.matching import Hit, MatcherSet
from postcheck.matching.keys import Key, signal_key
from postcheck.models import Level, RuleBase

R = TypeVar("R", bound=RuleBase)


@dataclass(frozen=True)
class Prior:
    """A finding an earlier rule made in this draft, as a composing rule reads it."""

    rule: str
    category: str
    severity: str
    hit: Hit


@dataclass
class Context:
    """One draft (or the bio) as the rules see it: every matcher's hits, and its topic.

    The language layer's analysis and the sentence embeddings cost more than matching, and
    most rules need neither: the engine hands in how to make them (`providers`), and they
    are made the first time a rule asks, once per draft.
    """

    text: str
    lang: str
    hits: dict[Key, list[Hit]]
    level: Level = "none"
    areas: list[str] = field(default_factory=list)
    providers: dict[str, Callable[[], Any]] = field(default_factory=dict)
    #: The findings the other rules made, for composing rules (`composition`), which the
    #: engine evaluates last.
    found: list[Prior] = field(default_factory=list)
    _made: dict[str, Any] = field(default_factory=dict)

    def provide(self, name: str) -> Any:
        if name not in self._made:
            make = self.providers.get(name)
            if make is None:
                raise LookupError(f"this context cannot provide {name!r}")
            self._made[name] = make()
        return self._made[name]

    def analysis(self) -> Analysis:
        """Evaluations, targets and speech acts of the draft (`postcheck.language`)."""
        return self.provide("analysis")  # type: ignore[no-any-return]

    def embeddings(self) -> Embeddings:
        """The draft's and its sentences' vectors, for the semantic layer."""
        return self.provide("embeddings")  # type: ignore[no-any-return]

    def signal(self, name: str) -> list[Hit]:
        return self.hits.get(signal_key(name), [])

    def key(self, key: Key) -> list[Hit]:
        return self.hits.get(key, [])


class RuleType(ABC, Generic[R]):
    """A kind of rule: how its YAML parameters become matchers and matches become hits."""

    #: The `type:` value in YAML.
    name: ClassVar[str]
    #: The pydantic model of a rule of this type (its `type` field is `Literal[name]`).
    model: ClassVar[type[RuleBase]]
    #: Fields of the model that hold signal names (a name, or a list of names, or a list
    #: of any-of groups): checked against the packs on loading, and renamed when a pack's
    #: signal is stored under a pack-qualified name.
    signal_fields: ClassVar[tuple[str, ...]] = ()
    #: What the type reads of a draft, for its documentation: `lemmas`, `tokens`,
    #: `text`, `signals`, `topic`, `profile`.
    needs: ClassVar[tuple[str, ...]] = ()

    def register(self, rule: R, matchers: MatcherSet) -> None:
        """Add what the rule looks for to the shared matchers (default: nothing own)."""

    def signals(self, rule: R) -> list[str]:
        """Signal names the rule refers to through its `signal_fields`, in field order."""
        return [name for f in self.signal_fields for name in _names(getattr(rule, f))]

    def requires(self, rule: R) -> tuple[Key, ...]:
        """Match keys that must all have hits for the rule to fire at all.

        Lets the engine skip a rule without evaluating it on the many drafts that lack
        its evidence; an empty tuple means "always evaluate".
        """
        return ()

    def languages(self, rule: R) -> set[str] | None:
        """Languages the rule can fire in; None for any language."""
        return None

    #: Evaluated after the other rules, and only for a category none of them found
    #: (the semantic layer: a second reader, never a second finding).
    fallback: ClassVar[bool] = False
    #: Evaluated after every other rule (fallbacks included), reading their findings in
    #: `Context.found` instead of the text: a guideline about what a finding weighs.
    composes: ClassVar[bool] = False

    def on_profile(self, rule: R) -> bool:
        """Whether the rule reads the profile's bio once instead of each draft."""
        return False

    def check(self, rule: R) -> None:
        """Check what the rule refers to outside its YAML (a data file) at load time;
        raise `SourceError` when it is missing or broken."""

    def describe(self, rule: R, hit: Hit, ctx: Context) -> str | None:
        """What this finding is about, added to the rule's message (None: nothing)."""
        return None

    def explained_by(self, rule: R, hit: Hit, ctx: Context) -> tuple[str, str] | None:
        """Another rule whose why, basis and suggestion explain this finding, with the
        example that links them: (rule id, example text); None to use the rule's own."""
        return None

    @abstractmethod
    def find(self, rule: R, ctx: Context) -> list[Hit]:
        """The spans in the draft where the rule applies."""

    @classmethod
    def documentation(cls) -> str:
        """The type's documentation: its module's docstring."""
        return (sys.modules[cls.__module__].__doc__ or "").strip()


#: Every rule type by its `type:` name, in registration order (the order of the union).
REGISTRY: dict[str, RuleType[Any]] = {}

T = TypeVar("T", bound=type[RuleType[Any]])


def rule_type(cls: T) -> T:
    """Register a rule type class (one instance serves every rule of the type)."""
    declared = cls.model.model_fields["type"].annotation
    if getattr(declared, "__args__", None) != (cls.name,):
        raise TypeError(f"{cls.__name__}.model must declare type: Literal[{cls.name!r}]")
    for name in cls.signal_fields:
        if name not in cls.model.model_fields:
            raise TypeError(f"{cls.__name__}.signal_fields names unknown field {name!r}")
    REGISTRY[cls.name] = cls()
    return cls


def unregister(name: str) -> None:
    """Remove a rule type (for tests that register a throw-away one)."""
    REGISTRY.pop(name, None)


def type_of(rule: RuleBase) -> RuleType[Any]:
    return REGISTRY[rule.type]  # type: ignore[attr-defined]


def _names(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


def span_of(hits: list[Hit]) -> Hit:
    """One hit covering several (the signals that met), in the first one's sentence."""
    return Hit(
        min(h.start for h in hits),
        max(h.end for h in hits),
        hits[0].sent,
        tuple((h.start, h.end) for h in hits),
    )
