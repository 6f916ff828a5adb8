"""Typed match keys: what a hit was registered for (a rule, a signal, an exception, an area).

Rules, signals and topic areas register what they look for in one `MatcherSet` and read
their hits back by key; a key says which kind of thing it belongs to, so no code has to
agree on string prefixes. spaCy's matchers need a string per key: `Key.label`, which is
also the key's readable form ("rule:RIJK-TONE-001", "sig:party", "area:<uri>").
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class Kind(IntEnum):
    """What a match key belongs to.

    An `IntEnum`, so that keys hash and compare as fast as plain tuples of ints and
    strings (hit tables are built and looked up for every draft).
    """

    RULE = 0
    SIGNAL = 1
    #: Phrases inside which a rule's hit does not count.
    RULE_EXCEPTION = 2
    #: Phrases inside which a signal's hit does not count.
    SIGNAL_EXCEPTION = 3
    AREA = 4


_PREFIX = {
    Kind.RULE: "rule:",
    Kind.SIGNAL: "sig:",
    Kind.RULE_EXCEPTION: "exc:",
    Kind.SIGNAL_EXCEPTION: "exc:sig:",
    Kind.AREA: "area:",
}


class Key(NamedTuple):
    """One match key: its kind and the name of the rule, signal or area it belongs to."""

    kind: Kind
    name: str

    @property
    def label(self) -> str:
        """The key as one string, for spaCy's matchers and for people."""
        return _PREFIX[self.kind] + self.name


def rule_key(rule_id: str) -> Key:
    return Key(Kind.RULE, rule_id)


def signal_key(name: str) -> Key:
    return Key(Kind.SIGNAL, name)


def area_key(area_id: str) -> Key:
    return Key(Kind.AREA, area_id)
