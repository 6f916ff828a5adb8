"""Targets: who or what an evaluation, insult or threat is aimed at.

A word is only as risky as its target: "dom" about a printer is nothing, about a minister
it is an insult, about a group it is derogation. Targets come from the lexicon (groups and
slurs with the group they name, roles such as minister or collega, politicians with their
party), from handles (@name), from pronouns resolved to the last group or person named
(“Ik heb het over moslims. Ik haat ze.”), and from the profile: the author's own policy
area and organisation, handed in by the engine as spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .lexicons import Entry
from .tokens import Tok

#: Target kinds, from the most to the least specific.
GROUP = "group"
POLITICIAN = "politician"
PARTY = "party"
PERSON = "person"
ADDRESSEE = "addressee"
OWN_AREA = "own-area"
OWN_ORGANISATION = "own-organisation"
INSTITUTION = "institution"
PEOPLE = "people"
TARGET_KINDS = (
    GROUP,
    POLITICIAN,
    PARTY,
    PERSON,
    ADDRESSEE,
    PEOPLE,
    INSTITUTION,
    OWN_AREA,
    OWN_ORGANISATION,
)


class Target(NamedTuple):
    """Something in the draft that can be evaluated: its kind, span and name."""

    kind: str
    start: int
    end: int
    sent: int
    name: str
    token: int


def find_targets(
    toks: list[Tok],
    entries: list[list[Entry]],
    extra: Iterable[tuple[str, int, int]] = (),
    people_endings: tuple[str, ...] = (),
) -> list[Target]:
    """Every target in the draft, in text order, pronouns resolved to what they refer to."""
    out: list[Target] = []
    last_group: Target | None = None
    last_person: Target | None = None
    for t in toks:
        here = entries[t.i]
        if not here:
            # Most tokens carry no entry: only a handle or a word for people can be one
            # (`_direct`, then `_people`, for a token without entries), or "het" beside a
            # copula, which points back at the last group ("Ratten zijn het").
            if last_group is not None and _presentational(toks, t):
                found = Target(GROUP, t.start, t.end, t.sent, last_group.name, t.i)
            elif t.text.startswith("@") and len(t.text) > 2:
                found = Target(ADDRESSEE, t.start, t.end, t.sent, t.text, t.i)
            elif len(t.lower) >= 6 and t.text[:1].isalpha() and t.lower.endswith(people_endings):
                found = Target(PEOPLE, t.start, t.end, t.sent, t.lower, t.i)
            else:
                continue
        else:
            found = _direct(t, here)
            if found is None and _people(t, here, people_endings):
                found = Target(PEOPLE, t.start, t.end, t.sent, t.lower, t.i)
            if found is None:
                pron = [e for e in here if e.kind == "pronoun"]
                if pron:
                    found = _resolve(t, pron[0], last_group, last_person)
        if found is None:
            continue
        out.append(found)
        if found.kind in (GROUP, PARTY):
            # A party is referred back to as a group is: "JA21 … die snappen het".
            last_group = found
        elif found.kind in (PERSON, POLITICIAN):
            last_person = found
    extra = list(extra)
    by_start = {t.start: t for t in toks} if extra else {}
    for kind, start, end in extra:
        tok = by_start.get(start)
        out.append(Target(kind, start, end, tok.sent if tok else 0, kind, tok.i if tok else -1))
    out.sort(key=lambda x: (x.start, x.end))
    return out


#: The copula forms that make "het" point back at what was named ("het zijn ratten").
_COPULA = frozenset({"zijn", "waren", "blijven", "bleven"})


def _presentational(toks: list[Tok], t: Tok) -> bool:
    """Whether "het" stands as the subject of a copula in its own sentence: "ratten zijn
    het", "het zijn allemaal ratten" say what the group just named is. "Het" before a
    noun is an article ("het beleid"), and with any other verb it is a thing."""
    if t.lower != "het":
        return False
    before = toks[t.i - 1] if t.i > 0 else None
    after = toks[t.i + 1] if t.i + 1 < len(toks) else None
    return any(n is not None and n.sent == t.sent and n.lower in _COPULA for n in (before, after))


def _direct(t: Tok, entries: list[Entry]) -> Target | None:
    for e in entries:
        if e.kind in ("group", "slur") and e.group:
            return Target(GROUP, t.start, t.end, t.sent, e.group, t.i)
    for e in entries:
        if e.kind == "politician":
            return Target(POLITICIAN, t.start, t.end, t.sent, e.group or e.text, t.i)
    for e in entries:
        if e.kind == "party":
            return Target(PARTY, t.start, t.end, t.sent, e.group or e.text, t.i)
    for e in entries:
        if e.kind == "person-role":
            return Target(PERSON, t.start, t.end, t.sent, e.text, t.i)
    for e in entries:
        if e.kind == "institution":
            return Target(INSTITUTION, t.start, t.end, t.sent, e.text, t.i)
    if t.text.startswith("@") and len(t.text) > 2:
        return Target(ADDRESSEE, t.start, t.end, t.sent, t.text, t.i)
    return None


def _people(t: Tok, entries: list[Entry], endings: tuple[str, ...]) -> bool:
    """A word for people in general, or an unlisted plural for a kind of people
    ("Ajax-fans", "leasebakrijders", "PSV'ers")."""
    if any(e.kind == "people" for e in entries):
        return True
    if entries or len(t.lower) < 6 or not t.text[:1].isalpha():
        return False
    return t.lower.endswith(endings)


def _resolve(
    t: Tok, pron: Entry, last_group: Target | None, last_person: Target | None
) -> Target | None:
    """A pronoun's referent: `group` pronouns ("ze", "die", "they") take the last group
    named, `person` ones ("hij", "hem") the last person, `you` ones are the addressee."""
    role = pron.group or ""
    if role == "you":
        return Target(ADDRESSEE, t.start, t.end, t.sent, t.lower, t.i)
    if role in ("group", "any") and last_group is not None:
        return Target(GROUP, t.start, t.end, t.sent, last_group.name, t.i)
    if role in ("person", "any") and last_person is not None:
        return Target(PERSON, t.start, t.end, t.sent, last_person.name, t.i)
    if role == "person":
        return Target(PERSON, t.start, t.end, t.sent, t.lower, t.i)
    return None


#: What marks the one who acts in a passive clause, and the words that may stand between.
_AGENT = frozenset({"door", "by"})
_ARTICLES = frozenset({"de", "het", "een", "die", "dat", "deze", "the", "a", "an", "some"})


def is_agent(toks: list[Tok], target: Target) -> bool:
    """Whether a target stands after "door"/"by" (articles and one adjective between): in
    "afgemaakt door een meisje van 11" the girl does it and is not its aim."""
    i = target.token - 1
    skipped = 0
    while i >= 0 and skipped <= 2:
        tok = toks[i]
        if tok.space:
            i -= 1
            continue
        if tok.lower in _AGENT:
            return True
        if tok.punct or (tok.lower not in _ARTICLES and skipped >= 1):
            return False
        skipped += 1
        i -= 1
    return False
