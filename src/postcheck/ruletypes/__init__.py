"""The rule types: each interprets one `type:` of YAML rule."""

from __future__ import annotations

from .base import Context, RuleType, rule_key, signal_key
from .cooccurrence import Cooccurrence
from .lexicon import Lexicon
from .pattern import Pattern
from .persona import Persona
from .proximity import Proximity
from .regex import Regex

TYPES: dict[str, RuleType] = {
    t.name: t for t in (Lexicon(), Pattern(), Regex(), Cooccurrence(), Proximity(), Persona())
}

__all__ = ["TYPES", "Context", "RuleType", "rule_key", "signal_key"]
