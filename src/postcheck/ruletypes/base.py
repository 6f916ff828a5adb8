"""What every rule type shares: the per-draft context and the small interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar, Generic, TypeVar

from postcheck.matching.matchers import Hit, MatcherSet
from postcheck.models import Level, RuleBase

R = TypeVar("R", bound=RuleBase)


def signal_key(name: str) -> str:
    return f"sig:{name}"


def rule_key(rule: RuleBase) -> str:
    return f"rule:{rule.id}"


@dataclass
class Context:
    """One draft (or the bio) as the rules see it: every matcher's hits, and its topic."""

    text: str
    lang: str
    hits: dict[str, list[Hit]]
    level: Level = "none"
    areas: list[str] = field(default_factory=list)

    def signal(self, name: str) -> list[Hit]:
        return self.hits.get(signal_key(name), [])

    def key(self, key: str) -> list[Hit]:
        return self.hits.get(key, [])


class RuleType(ABC, Generic[R]):
    """A kind of rule: how its YAML parameters become matchers and matches become hits."""

    name: ClassVar[str]

    def register(self, rule: R, matchers: MatcherSet) -> None:
        """Add what the rule looks for to the shared matchers (default: nothing own)."""

    def signals(self, rule: R) -> list[str]:
        """Signal names the rule refers to, checked against the packs when loading."""
        return []

    def requires(self, rule: R) -> tuple[str, ...]:
        """Matcher keys that must all have hits for the rule to fire at all.

        Lets the engine skip a rule without evaluating it on the many drafts that lack
        its evidence; an empty tuple means "always evaluate".
        """
        return ()

    def languages(self, rule: R) -> set[str] | None:
        """Languages the rule can fire in; None for any language."""
        return None

    @abstractmethod
    def find(self, rule: R, ctx: Context) -> list[Hit]:
        """The spans in the draft where the rule applies."""


def span_of(hits: list[Hit]) -> Hit:
    """One hit covering several (the signals that met), in the first one's sentence."""
    return Hit(min(h.start for h in hits), max(h.end for h in hits), hits[0].sent)
