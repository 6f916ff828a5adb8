"""The rule types: each interprets one `type:` of YAML rule."""

from __future__ import annotations

from postcheck.ruletypes.base import Context, RuleType, rule_key, signal_key
from postcheck.ruletypes.cooccurrence import Cooccurrence
from postcheck.ruletypes.lexicon import Lexicon
from postcheck.ruletypes.pattern import Pattern
from postcheck.ruletypes.persona import Persona
from postcheck.ruletypes.proximity import Proximity
from postcheck.ruletypes.regex import Regex

TYPES: dict[str, RuleType] = {
    t.name: t for t in (Lexicon(), Pattern(), Regex(), Cooccurrence(), Proximity(), Persona())
}

__all__ = ["TYPES", "Context", "RuleType", "rule_key", "signal_key"]
