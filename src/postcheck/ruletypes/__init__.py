"""Rule types: one module per `type:` of YAML rule, registered into `REGISTRY`.

Each module holds a type's pydantic model, its behaviour (what it registers with the
matchers, how hits become spans), what it reads of a draft and its documentation (the
module docstring, shown by `postcheck explain --type NAME`). `base` has the registry,
the `@rule_type` decorator and the per-draft `Context`. Types read hits from `matching`;
`packs` builds the rule-pack model from the registry and `engine` runs the types.
Importing this package registers the built-in types, in the order of the union below.
"""

from __future__ import annotations

from postcheck.ruletypes.base import (
    REGISTRY,
    Context,
    Prior,
    RuleType,
    rule_type,
    type_of,
    unregister,
)

# The built-in types register on import, in this order: the order of the rule-pack union
# (and so of the JSON Schema and of "expected one of" in error messages).
# isort: off
from postcheck.ruletypes import lexicon
from postcheck.ruletypes import pattern
from postcheck.ruletypes import regex
from postcheck.ruletypes import cooccurrence
from postcheck.ruletypes import proximity
from postcheck.ruletypes import persona
from postcheck.ruletypes import evaluation
from postcheck.ruletypes import speech_act
from postcheck.ruletypes import semantic
from postcheck.ruletypes import composition
# isort: on

#: The built-in types' modules, in registration order.
BUILTIN = (
    lexicon,
    pattern,
    regex,
    cooccurrence,
    proximity,
    persona,
    evaluation,
    speech_act,
    semantic,
    composition,
)

__all__ = [
    "BUILTIN",
    "REGISTRY",
    "Context",
    "Prior",
    "RuleType",
    "rule_type",
    "type_of",
    "unregister",
]
