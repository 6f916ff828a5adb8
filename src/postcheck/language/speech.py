"""Speech acts and disclosures: what a draft *does*, beyond what it says about something.

- A **threat** is violence aimed at a target, said by the author ("ik", "we"), demanded
  ("moet", "verdient", "should") or ordered (a sentence that starts with the violence).
  Reporting someone else's threat ("dreigde", a third person) is not one.
- **Intimidation** needs no violence word: the author says they know where someone is
  ("ik weet waar je woont", "ik weet waar z'n schuur staat", "we weten je te vinden").
  Said to someone the author quarrels with, it is the threat; a negation or a question
  ("weet jij waar ik woon?") is none.
- A **commitment** binds the organisation: first person plural or the organisation itself
  with a promise or future ("we gaan", "wij zorgen ervoor dat", "het ministerie gaat").
- A **disclosure** ties a time to something not yet public ("donderdag besluit het
  kabinet", "volgende week gaan jullie iets moois horen").
- **Identifiers** add up: a first name, an age, a street, a school, an illness or a
  relation are each harmless, but three together point to one private person.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .evaluation import Evaluation
from .lexicons import Entry
from .targets import ADDRESSEE, OWN_AREA, OWN_ORGANISATION, Target
from .tokens import Tok

THREAT = "threat"
INTIMIDATION = "intimidation"
COMMITMENT = "commitment"
DISCLOSURE = "disclosure"
IDENTIFIERS = "identifiers"
ACTS = (THREAT, INTIMIDATION, COMMITMENT, DISCLOSURE, IDENTIFIERS)

_AGE = re.compile(r"\b(?:\d{1,2}[ -]?(?:jaar|jarige?|jr|years?(?: old)?)\b|\(\d{1,2}\))")
_STREET = re.compile(
    r"\b[A-Z][\w-]*(?:straat|laan|weg|plein|gracht|singel|dijk|kade|hof|steeg|street|road)"
    r"(?:\s+\d+[a-z]?)?\b"
)
_SCHOOL = re.compile(r"\b(?:basisschool|school|lyceum|college|gymnasium|mavo|havo|vwo)\b", re.I)
#: How many kinds of identifier make a private person identifiable.
IDENTIFIER_KINDS = 3


class Act(NamedTuple):
    """A speech act or disclosure: its kind, span and what it is about."""

    kind: str
    start: int
    end: int
    sent: int
    detail: str


def find_acts(
    toks: list[Tok],
    entries: list[list[Entry]],
    kinds: list[frozenset[str]],
    evaluations: list[Evaluation],
    targets: list[Target],
    negated: set[int],
    text: str,
) -> list[Act]:
    """The acts in text order; `entries` and `kinds` are the entries and kinds covering
    each token (`lookup.covering`, `lookup.kinds_per_token`)."""
    out: list[Act] = []
    out += _threats(toks, entries, kinds, evaluations, targets)
    threatened = {a.sent for a in out}
    out += [a for a in _intimidation(toks, entries, kinds, negated) if a.sent not in threatened]
    out += _commitments(toks, entries, kinds, targets, negated)
    out += _disclosures(toks, kinds, negated)
    ident = _identifiers(toks, kinds, text)
    if ident:
        out.append(ident)
    out.sort(key=lambda a: (a.start, a.end))
    return out


def _self(entries: list[Entry]) -> bool:
    return any(e.kind == "pronoun" and e.group == "self" for e in entries)


def _threats(
    toks: list[Tok],
    entries: list[list[Entry]],
    kinds: list[frozenset[str]],
    evaluations: list[Evaluation],
    targets: list[Target],
) -> list[Act]:
    out: list[Act] = []
    done: set[int] = set()
    for ev in evaluations:
        if ev.kind != "violence" or ev.negated or ev.reported or ev.sent in done:
            continue
        aimed = [t for t in targets if t.sent == ev.sent and t.kind not in (OWN_AREA,)]
        if not aimed:
            continue
        sent_toks = [t for t in toks if t.sent == ev.sent and not t.space]
        words = [t for t in sent_toks if not t.punct]
        said = any(_self(entries[t.i]) for t in sent_toks)
        demanded = any("threat-frame" in kinds[t.i] for t in sent_toks)
        ordered = bool(words) and words[0].i == ev.token
        # Someone else's threat is reported when the reporting verb governs the violence
        # (same clause, or quoted words): "ze riepen dat ze hem in elkaar slaan". In
        # "iemand moet hem de waarheid zeggen, desnoods met een klap" it does not.
        quoted = any(t.quoted for t in sent_toks)
        reported = not said and any(
            "reporting" in kinds[t.i] and (quoted or t.clause == toks[ev.token].clause)
            for t in sent_toks
        )
        if (said or demanded or ordered) and not reported:
            target = min(aimed, key=lambda t: abs(t.token - ev.token))
            start, end = min(ev.start, target.start), max(ev.end, target.end)
            done.add(ev.sent)
            out.append(Act(THREAT, start, end, ev.sent, f"{ev.entry} → {target.name}"))
    return out


#: Words after "ik weet waar" that point at someone else: a pronoun or a possessive
#: ("waar je woont", "waar z'n schuur staat", "where your kids go to school").
_SOMEONE = frozenset(
    "je jij jou jouw u uw jullie hij hem zijn z'n zn haar ze zij hun die dat "
    "you your he him his she her they them their".split()
)
#: Last words of a frame that is the threat by itself ("weet je te vinden").
_FOUND = frozenset({"vinden", "find", "you", "him", "her", "them"})
#: Roles of the pronouns that are the author themselves: "ik weet waar ik woon" is no threat.
_AUTHOR = ("self", "we")


def _intimidation(
    toks: list[Tok],
    entries: list[list[Entry]],
    kinds: list[frozenset[str]],
    negated: set[int],
) -> list[Act]:
    """The author knowing where someone lives or can be found: one act a sentence."""
    if not any("whereabouts-frame" in k for k in kinds):
        return []
    out: list[Act] = []
    done: set[int] = set()
    words = [t for t in toks if not t.space]
    for n, t in enumerate(words):
        if "whereabouts-frame" not in kinds[t.i] or t.sent in done or t.quoted:
            continue  # quoted: someone else's words ("kreeg 'ik weet waar je woont' te horen")
        if n and "whereabouts-frame" in kinds[words[n - 1].i]:
            continue  # the same frame, seen from its first word
        frame = [
            e for e in entries[t.i] if e.kind == "whereabouts-frame" and e.words[0] in _forms(t)
        ]
        if not frame:
            continue
        before = [w for w in words[max(0, n - 2) : n] if w.sent == t.sent]
        if not any(
            e.kind == "pronoun" and e.group in _AUTHOR for w in before for e in entries[w.i]
        ):
            continue  # "wie weet waar", "de buren weten waar": not the author
        sent = [w for w in words if w.sent == t.sent]
        if sent[-1].text == "?" or any(w.i in negated for w in sent if w.i <= t.i + 1):
            continue  # "weet jij waar …?", "ik weet niet waar hij woont"
        length = max(len(e.words) for e in frame)
        rest = [w for w in words[n + length : n + length + 9] if w.sent == t.sent]
        if any(e.words[-1] in _FOUND for e in frame):
            # "we weten je te vinden", "I know where to find you": the threat in one phrase
            last = words[min(len(words) - 1, n + length - 1)]
            out.append(Act(INTIMIDATION, t.start, last.end, t.sent, t.text))
            done.add(t.sent)
            continue
        who = next((w for w in rest if w.lower in _SOMEONE), None)
        if who is None:
            continue
        place = next(
            (w for w in rest if w.i > who.i and "whereabouts" in kinds[w.i]),
            None,
        )
        if place is None:
            continue
        out.append(Act(INTIMIDATION, t.start, place.end, t.sent, f"{t.text} … {place.text}"))
        done.add(t.sent)
    return out


def _forms(t: Tok) -> tuple[str, ...]:
    return (t.lower, t.lemma, t.folded)


def _commitments(
    toks: list[Tok],
    entries: list[list[Entry]],
    kinds: list[frozenset[str]],
    targets: list[Target],
    negated: set[int],
) -> list[Act]:
    """First person plural or the organisation, with a promise, about work matters."""
    own = [t for t in targets if t.kind in (OWN_AREA, OWN_ORGANISATION)]
    if not own:
        return []
    org_sents = {t.sent for t in targets if t.kind == OWN_ORGANISATION}
    addressed = any(t.kind == ADDRESSEE for t in targets)
    out: list[Act] = []
    last = -1
    for t in toks:
        if "commitment" not in kinds[t.i]:
            continue
        sent_toks = [s for s in toks if s.sent == t.sent]
        if sent_toks and sent_toks[-1].text == "?":
            continue  # a question commits to nothing
        if t.i in negated or t.lower.endswith("n't"):
            continue  # "we halen het niet", "we won't make it": a forecast, not a promise
        if _after_determiner(toks, t.i):
            continue  # "een aanpak die werkt" names a plan; "we pakken het aan" makes one
        we = any(e.kind == "pronoun" and e.group == "we" for s in sent_toks for e in entries[s.i])
        # "Ik beloof jullie dat …", "daar sta ik persoonlijk voor in": a promise of the
        # author's own to the public about work binds the organisation as much.
        personal = (
            addressed
            and any(e.kind == "commitment" and e.intensity >= 3 for e in entries[t.i])
            and any(_self(entries[s.i]) for s in sent_toks)
        )
        if we or personal or t.sent in org_sents:
            first = sent_toks[0] if sent_toks else t
            if out and out[-1].sent == t.sent and _adjacent(toks, last, t.i):
                # One promise of several words ("zorgen ervoor") is one act, not one a word.
                out[-1] = out[-1]._replace(end=t.end)
            else:
                out.append(Act(COMMITMENT, t.start, t.end, t.sent, first.text))
            last = t.i
    return out


def _adjacent(toks: list[Tok], i: int, j: int) -> bool:
    """Whether only spaces stand between tokens i and j (i before j)."""
    return all(t.space for t in toks[i + 1 : j])


#: Words before a noun: a verb's stem after one of them is the noun ("de aanpak").
_DETERMINERS = frozenset(
    "de het een deze dit onze ons mijn jouw uw hun zijn haar the a an our this my their its".split()
)


def _after_determiner(toks: list[Tok], i: int) -> bool:
    """Whether token i stands after a determiner, directly or after one adjective
    ("een nieuwe aanpak")."""
    words = [t for t in toks[max(0, i - 4) : i] if not t.space]
    if not words:
        return False
    if words[-1].lower in _DETERMINERS:
        return True
    return len(words) >= 2 and words[-1].lower.endswith("e") and words[-2].lower in _DETERMINERS


def _disclosures(toks: list[Tok], kinds: list[frozenset[str]], negated: set[int]) -> list[Act]:
    """A time ahead and something unpublished in one sentence, not said to be public."""
    if not any("time" in k for k in kinds) or not any("unpublished" in k for k in kinds):
        return []  # most drafts: no sentence can have both
    out: list[Act] = []
    by_sent: dict[int, list[Tok]] = {}
    for t in toks:
        by_sent.setdefault(t.sent, []).append(t)
    for sent, stoks in by_sent.items():
        times = [t for t in stoks if "time" in kinds[t.i] and not _time_past(toks, t.i)]
        news = [
            t
            for t in stoks
            if "unpublished" in kinds[t.i] and t.i not in negated and not _done(toks, t)
        ]
        if not times or not news:
            continue
        if any("relation" in kinds[t.i] for t in stoks):
            continue  # "volgende week iets moois: mijn dochter speelt": family news
        if any(
            t.lower.startswith(("http", "www.")) or "rijksoverheid.nl" in t.lower for t in stoks
        ):
            continue  # pointing to the publication: it is public
        if any(_as_announced(toks, kinds, t) for t in stoks):
            continue  # "zoals vandaag aangekondigd in de Kamerbrief": made public already
        first, last = min(times[0], news[0]), max(times[0], news[0])
        out.append(
            Act(DISCLOSURE, first.start, last.end, sent, f"{times[0].text} … {news[0].text}")
        )
    return out


#: Words before a time that put it behind us ("earlier this week", "afgelopen donderdag").
_PAST_TIME = frozenset({"earlier", "eerder", "afgelopen", "vorige", "last", "past"})
#: Auxiliaries that make the verb after them a done deed ("has announced", "heeft besloten").
_PERFECT = frozenset({"has", "have", "had", "was", "were", "heeft", "hebben", "is", "zijn"})
#: A Dutch past participle, with a separable prefix or none ("aangekondigd", "gemeld").
_PARTICIPLE = re.compile(r"(?:aan|bekend|op|uit|voor|af|door|vrij|mee|in|toe)?ge\w{2,}[dt]$")


def _as_announced(toks: list[Tok], kinds: list[frozenset[str]], t: Tok) -> bool:
    """ "zoals (vandaag) aangekondigd", "as announced": the sentence cites what was said.

    The announcement word follows within four words in Dutch; English "as" is too common
    for that, so there it must be the very next words, in the past ("as announced today").
    """
    if t.lower == "zoals":
        reach = range(t.i + 1, min(t.i + 5, len(toks)))
        return any("unpublished" in kinds[j] and toks[j].sent == t.sent for j in reach)
    if t.lower == "as" and t.i + 1 < len(toks):
        nxt = toks[t.i + 1]
        return "unpublished" in kinds[nxt.i] and _done(toks, nxt)
    return False


def _time_past(toks: list[Tok], i: int) -> bool:
    return i > 0 and toks[i - 1].lower in _PAST_TIME


def _done(toks: list[Tok], t: Tok) -> bool:
    """A decision or announcement already made ("announced by the minister", "besloot",
    "heeft besloten"): what was made public is no disclosure."""
    if t.i > 0 and toks[t.i - 1].lower in _PERFECT:
        return True
    word = t.lower
    if word.isascii() and word.endswith("ed") and len(word) > 4:
        return True  # English past: "decided", "announced"
    # Dutch past tense or participle of the verb: "besloot", "kondigde aan", "gepresenteerd",
    # also with a separable prefix ("aangekondigd", "bekendgemaakt")
    if _PARTICIPLE.match(word):
        return True
    return word != t.lemma and (word.startswith("ge") or word.endswith(("de", "te", "oot")))


def _identifiers(toks: list[Tok], kinds_at: list[frozenset[str]], text: str) -> Act | None:
    """Several quasi-identifiers of a private person in one draft."""
    kinds: dict[str, tuple[int, int]] = {}
    for t in toks:
        ks = kinds_at[t.i]
        if not ks:
            continue
        if "first-name" in ks and t.text[:1].isupper() and not t.text.isupper():
            nxt = toks[t.i + 1].text if t.i + 1 < len(toks) else ""
            if not _STREET.match(nxt):  # "Jan Hendrikstraat" is a street, not a Jan
                kinds.setdefault("first-name", (t.start, t.end))
        if "health" in ks:
            kinds.setdefault("health", (t.start, t.end))
        if "relation" in ks:
            kinds.setdefault("relation", (t.start, t.end))
    if not ({"first-name", "relation"} & kinds.keys()):
        return None  # no person to point to, whatever the patterns below find
    for name, pattern in (("age", _AGE), ("street", _STREET), ("school", _SCHOOL)):
        m = pattern.search(text)
        if m:
            kinds.setdefault(name, (m.start(), m.end()))
    if len(kinds) < IDENTIFIER_KINDS or not ({"first-name", "relation"} & kinds.keys()):
        return None
    # The span is the person (name or relation); the message lists what adds up.
    start, end = kinds.get("first-name") or kinds["relation"]
    sent = next((t.sent for t in toks if t.start == start), 0)
    return Act(IDENTIFIERS, start, end, sent, ", ".join(sorted(kinds)))
