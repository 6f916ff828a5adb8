"""Evaluations: the judging words of a draft, with their force after context.

A lexicon entry says what a word can do; the context says what it does here:
- an intensifier before a positive word is praise, not an insult ("bizar goed",
  "idioot veel inspiratie", "ziek mooi"), and so is a harsh word that opens an
  exclamation of admiration ("knettergek hoe strak ze spelen", "insane how good");
- a hate or violence verb whose object is "it" judges a thing, not anyone ("love it or
  hate it", "ik haat het als de trein uitvalt");
- a negator in the clause takes the force out ("niet dom", "geen tuig") and turns praise
  into mild criticism ("geen goed idee", "niet ons beste plan");
- irony turns praise into sarcasm ("Goed bezig hoor 🙄", scare quotes around "visie");
  a strong irony marker is sarcasm on its own ("Ook een visie, zullen we maar zeggen");
- quoted or reported speech that the sentence condemns is counter-speech, not the
  author's own words ("'Alle X zijn tuig' roepen is gewoon racisme").
"""

from __future__ import annotations

from typing import NamedTuple

from .lexicons import NEGATIVE_KINDS, POSITIVE_KINDS, STRONG_KINDS, Entry
from .lookup import Found
from .tokens import Tok

NEGATIVE = frozenset(NEGATIVE_KINDS)
POSITIVE = frozenset(POSITIVE_KINDS)
#: Every kind an evaluation can have: the lexicon's judging kinds, and what context makes
#: of them (ironic praise, negated praise, a stereotype frame).
EVALUATION_KINDS = (
    *NEGATIVE_KINDS,
    *POSITIVE_KINDS,
    "sentiment",
    "sarcasm",
    "negated-praise",
    "stereotype",
)
#: Words after an intensifier that show it intensifies ("idioot veel", "bizar vaak").
_DEGREE = frozenset(
    "veel vaak goed mooi lekker leuk snel hard druk blij trots knap sterk groot fijn "
    "much many good great nice well fast".split()
)
#: Irony strength from which a sentence counts as ironic.
IRONY_THRESHOLD = 2


class Evaluation(NamedTuple):
    """One judging word (or phrase) in the draft and what it does there."""

    kind: str
    polarity: int
    intensity: int
    start: int
    end: int
    sent: int
    clause: int
    token: int
    negated: bool
    ironic: bool
    reported: bool
    entry: str
    #: Said to be someone else's ("volgens het rapport …", "aldus de Rekenkamer").
    attributed: bool = False
    #: A verb whose object is "it" ("hate it when …"): aimed at a thing, at no one.
    thing: bool = False


def find_evaluations(
    toks: list[Tok],
    found: list[list[Found]],
    cover: list[list[Entry]],
    kinds_at: list[frozenset[str]],
    negated: set[int],
    reported: set[int] | frozenset[int],
    attributed: set[int] | frozenset[int],
    intensifiers: set[int] | None = None,
) -> list[Evaluation]:
    """The evaluations in text order: one per token and kind, the strongest; a phrase
    counts once, over the tokens it spans, and hides the words it is made of. Tokens
    read as intensifiers ("bizar" in "bizar goed") are added to `intensifiers`.

    `kinds_at` are the kinds covering each token (`lookup.kinds_per_token`); `reported`
    and `attributed` the sentences of `counter_speech` and `attributed_sentences`, which
    the analysis keeps too and so works out once."""
    irony = _irony_per_sentence(toks, found, kinds_at)
    out: list[Evaluation] = []
    # Only the tokens where an entry starts can hold an evaluation: a few per draft.
    starts = [t for t in toks if found[t.i]]
    phrase_kinds: dict[int, set[str]] = {}
    for t in starts:
        for f in found[t.i]:
            if f.last > t.i:
                for j in range(t.i, f.last + 1):
                    phrase_kinds.setdefault(j, set()).add(f.entry.kind)
    for t in starts:
        items = found[t.i]
        kinds = {f.entry.kind for f in items}
        intensifies = ("intensifier" in kinds and _before_degree(toks, cover, t.i)) or (
            bool(kinds & _HARSH) and _admiring(toks, cover, t.i)
        )
        if intensifies and intensifiers is not None:
            intensifiers.add(t.i)
        if kinds & {"health", "group", "person-role"}:
            # "ziek" is a fact about health, "zwarte" a description of people
            items = [f for f in items if f.entry.kind != "sentiment"]
        if "health" in kinds and (
            _illness_use(toks, cover, t.i)
            or any(f.entry.kind == "health" and f.last > t.i for f in items)
        ):
            # "heeft uitgezaaide kanker", "als hij ziek wordt", "last van haar rug": the
            # illness (or a health phrase that starts here), not the curse
            items = [f for f in items if _polarity(f.entry) >= 0]
        if "people" in kinds and _noun_use(toks, t.i):
            # "die lui", "de lui": the colloquial noun for people, not "lazy"
            items = [f for f in items if _polarity(f.entry) >= 0]
        if "hate-verb" in kinds and _noun_use(toks, t.i):
            items = [f for f in items if f.entry.kind != "hate-verb"]
        for f in _strongest_per_kind(items):
            e = f.entry
            polarity = _polarity(e)
            if polarity == 0:
                continue
            if f.last == t.i and e.kind in phrase_kinds.get(t.i, ()):
                continue  # part of a phrase of the same kind, which counts instead
            if polarity < 0 and intensifies:
                continue  # "bizar goed": the negative-looking word only intensifies
            if f.last == t.i and e.kind in _FIGURABLE and "figurative" in kinds_at[t.i]:
                continue  # "ik schiet in de lach", "gaat op de schop": no violence meant
            # Praise is ironic in an ironic sentence or in scare quotes; a praising word of the
            # general lexicon only in scare quotes ("die 'ambitieuze' visie").
            praising = e.kind in POSITIVE or (e.kind == "sentiment" and polarity > 0)
            ironic = praising and (
                (e.kind in POSITIVE and irony.get(t.sent, 0) >= IRONY_THRESHOLD)
                or _scare_quoted(toks, t)
            )
            neg = t.i in negated and not _own_negator(toks, cover, t, f)
            kind, pol, strength = e.kind, polarity, e.intensity
            if pol > 0 and ironic:
                kind, pol = "sarcasm", -1
            elif pol > 0 and neg:
                kind, pol, strength, neg = "negated-praise", -1, 1, False
            end = toks[f.last].end
            out.append(
                Evaluation(
                    kind,
                    pol,
                    strength,
                    t.start,
                    end,
                    t.sent,
                    t.clause,
                    t.i,
                    neg,
                    ironic,
                    t.sent in reported,
                    e.text,
                    thing=e.kind in AIMED_VERBS and _object_is_it(toks, f.last),
                )
            )
    # Markers that judge by themselves: a strong irony marker is sarcasm ("zullen we maar
    # zeggen"); a strong generalising frame is a stereotype ("typisch weer zo'n …"), which
    # with a group as target is derogation without an insult word.
    marked: set[int] = set()
    for t in starts:
        for f in found[t.i]:
            e = f.entry
            kind = None
            standalone = e.intensity >= 3 or (e.is_phrase and e.intensity >= 2)
            if e.kind == "irony" and standalone and t.sent not in marked:
                marked.add(t.sent)
                kind = "sarcasm"
            elif (
                e.kind == "generalising"
                and e.intensity >= 3
                and (t.i not in negated or _own_negator(toks, cover, t, f))
            ):
                kind = "stereotype"
            if kind is not None:
                out.append(
                    Evaluation(
                        kind,
                        -1,
                        2,
                        t.start,
                        toks[f.last].end,
                        t.sent,
                        t.clause,
                        t.i,
                        False,
                        kind == "sarcasm",
                        t.sent in reported,
                        e.text,
                    )
                )
    out.sort(key=lambda ev: (ev.start, ev.end))
    if attributed:
        out = [ev._replace(attributed=True) if ev.sent in attributed else ev for ev in out]
    return _one_per_place(out)


def attributed_sentences(toks: list[Tok], cover: list[list[Entry]]) -> set[int]:
    """Sentences that attribute what they say to someone else, without "ik" or "wij"."""
    marked: set[int] = set()
    own: set[int] = set()
    for t in toks:
        if not cover[t.i]:
            continue
        for e in cover[t.i]:
            if e.kind == "attribution":
                marked.add(t.sent)
            elif e.kind == "pronoun" and e.group in ("self", "we"):
                own.add(t.sent)
    return marked - own


def _own_negator(toks: list[Tok], cover: list[list[Entry]], t: Tok, f: Found) -> bool:
    """A phrase that holds its own negator ("geen goed idee", "niks anders verwachten")
    is already oriented: that negator does not negate it."""
    return f.last > t.i and any(
        c.kind == "negator" and toks[j].lower in f.entry.words
        for j in range(t.i, f.last + 1)
        for c in cover[j]
    )


def _one_per_place(evaluations: list[Evaluation]) -> list[Evaluation]:
    """Sarcasm found both from praise and from its marker counts once per sentence."""
    out: list[Evaluation] = []
    sarcastic: set[int] = set()
    for ev in evaluations:
        if ev.kind == "sarcasm":
            if ev.sent in sarcastic:
                continue
            sarcastic.add(ev.sent)
        out.append(ev)
    return out


#: Words after which "haat", "walging" are nouns: "haat tegen moslims" names hate.
_NOUN_AFTER = frozenset({"tegen", "jegens", "against", "towards", "toward", "van"})
_NOUN_BEFORE = frozenset({"de", "het", "een", "geen", "die", "deze", "the", "a", "no"})


def _illness_use(toks: list[Tok], entries: list[list[Entry]], i: int) -> bool:
    """An illness word used as the illness: a word of having or suffering it before
    ("heeft", "aan", "uitgezaaide") or of falling ill after ("wordt", "thuis"); the
    `illness-context` list says which, by its group (`before`, `after`)."""
    for side, step in (("before", -1), ("after", 1)):
        j = i + step
        while 0 <= j < len(toks) and toks[j].space:
            j += step  # the next word, over whitespace tokens
        if (
            0 <= j < len(toks)
            and toks[j].sent == toks[i].sent
            and any(e.kind == "illness-context" and e.group == side for e in entries[j])
        ):
            return True
    return False


def _noun_use(toks: list[Tok], i: int) -> bool:
    nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
    prev = toks[i - 1].lower if i > 0 else ""
    return (nxt in _NOUN_AFTER and toks[i].lower in {"haat", "hate"}) or prev in _NOUN_BEFORE


def _strongest_per_kind(items: list[Found]) -> list[Found]:
    """One entry per kind and span (several lines can share a lemma: "goed", "goede"),
    the strongest."""
    best: dict[tuple[str, int], Found] = {}
    for f in items:
        key = (f.entry.kind, f.last)
        if key not in best or f.entry.intensity > best[key].entry.intensity:
            best[key] = f
    return list(best.values())


def _polarity(e: Entry) -> int:
    if e.kind in NEGATIVE:
        return -1
    if e.kind in POSITIVE:
        return 1
    if e.kind == "sentiment":
        return 1 if e.group == "+" else -1 if e.group == "-" else 0
    return 0


def _before_degree(toks: list[Tok], entries: list[list[Entry]], i: int) -> bool:
    """An intensifier directly before a positive word or a degree word."""
    j = i + 1
    while j < len(toks) and toks[j].space:
        j += 1
    if j >= len(toks):
        return False
    nxt = toks[j]
    if nxt.lower in _DEGREE or nxt.lemma in _DEGREE:
        return True
    return any(_polarity(e) > 0 for e in entries[j])


#: Harsh words that can open an exclamation of admiration ("knettergek hoe strak").
_HARSH = frozenset({"contempt", "insult", "incompetence", "profanity"})
#: Words that open such an exclamation.
_EXCLAIM = frozenset({"hoe", "wat", "how", "what"})


def _admiring(toks: list[Tok], entries: list[list[Entry]], i: int) -> bool:
    """A harsh word, then "hoe"/"how", then praise or a degree word within three words:
    "Echt knettergek hoe strak die lui spelen", "insane how good this is"."""
    words = [t for t in toks[i + 1 : i + 6] if not t.space]
    if not words or words[0].lower not in _EXCLAIM:
        return False
    for t in words[1:4]:
        if t.punct:
            return False
        if t.lower in _DEGREE or t.lemma in _DEGREE or any(_polarity(e) > 0 for e in entries[t.i]):
            return True
    return False


#: Verbs that aim at someone, and the pronouns for a thing as their object.
AIMED_VERBS = frozenset({"hate-verb", "violence"})
_IT = frozenset({"it", "het", "dit", "this"})
#: What may follow such an object: the end of a clause or a word that opens one.
_AFTER_IT = frozenset(
    "als wanneer of en maar dat zo echt gewoon when if or and but that so really just".split()
)


def _object_is_it(toks: list[Tok], i: int) -> bool:
    """ "love it or hate it", "ik haat het als …": the verb's object is a thing. "Ik haat
    het kabinet" is not: there "het" is an article."""
    words = [t for t in toks[i + 1 : i + 4] if not t.space]
    if not words or words[0].lower not in _IT:
        return False
    return len(words) == 1 or words[1].punct or words[1].lower in _AFTER_IT


def _irony_per_sentence(
    toks: list[Tok], found: list[list[Found]], kinds: list[frozenset[str]]
) -> dict[int, int]:
    """Sum of irony-marker strengths per sentence, each marker once (a marker also
    counts for the sentence before it when it stands alone: "Goed geregeld weer. Ja hoor.")."""
    score: dict[int, int] = {}
    for t in toks:
        if "irony" not in kinds[t.i]:
            continue  # no irony entry covers it, so none starts here
        strength = max(
            (f.entry.intensity for f in found[t.i] if f.entry.kind == "irony"), default=0
        )
        if strength:
            score[t.sent] = score.get(t.sent, 0) + strength
            words = [x for x in toks if x.sent == t.sent and not x.punct and not x.space]
            if t.sent > 0 and all("irony" in kinds[x.i] for x in words):
                score[t.sent - 1] = score.get(t.sent - 1, 0) + strength
    return score


def _scare_quoted(toks: list[Tok], t: Tok) -> bool:
    """A praise word alone in quotes ("een 'oplossing'"): at most two quoted words."""
    if not t.quoted:
        return False
    left = t.i
    while left > 0 and toks[left - 1].quoted:
        left -= 1
    right = t.i
    while right + 1 < len(toks) and toks[right + 1].quoted:
        right += 1
    return right - left + 1 <= 2


def counter_speech(toks: list[Tok], kinds_at: list[frozenset[str]]) -> set[int]:
    """Sentences that report or quote hateful words in order to condemn them.

    A sentence counts when it holds a condemnation ("racisme", "walgelijk dat",
    "onacceptabel") together with quoted words or a reporting verb ("noemen", "roepen",
    "schelden", "zeggen"): the hateful words in it are someone else's. `kinds_at` are
    the kinds covering each token (`lookup.kinds_per_token`).
    """
    condemn: set[int] = set()
    report: set[int] = set()
    quoted: set[int] = set()
    for t in toks:
        kinds = kinds_at[t.i]
        if not kinds:
            continue
        if "condemnation" in kinds and not t.quoted:
            condemn.add(t.sent)
        if "reporting" in kinds and not t.quoted and not _said_by_author(toks, t.i):
            report.add(t.sent)
        if t.quoted and kinds & STRONG_KINDS:
            # Hateful words in quotes; scare quotes around praise ("een 'oplossing'")
            # are irony, not a quotation.
            quoted.add(t.sent)
    out = condemn & (report | quoted)
    # Hateful words in quotes, in a post that condemns or reports them anywhere, are
    # someone else's ("Op de muur stond '…'. Wij staan naast …").
    if condemn or report:
        out |= quoted
    # Someone else's words reported in quotes ("Las net: 'die X zijn allemaal …'"), in a post
    # that condemns them, are theirs, whatever words they hold.
    quoting = {t.sent for t in toks if t.quoted and not t.punct}
    if condemn:
        out |= report & quoting
    # A quotation with its source in the next sentence ("'X levert niks op.' Hoor ik vaak.")
    # is the source's, whatever it holds.
    out |= {q for q in quoting if q + 1 in report and _all_quoted(toks, q)}
    # The condemnation in the sentences after a quotation is about the quotation ("'Stuur
    # dat tuig terug.' Nee. Dit is niet normaal."), not a judgement of the author's own.
    for sent in condemn - out:
        if any(q < sent <= q + 3 for q in out & (quoted | report)):
            out.add(sent)
    # "Dat je X ratten noemt, is walgelijk", "Wie X met ongedierte vergelijkt, zaait haat".
    for t in toks:
        if t.sent_start and t.lower in _META_OPENERS and t.sent in condemn:
            out.add(t.sent)
    out |= _corrections(toks, kinds_at, report | quoting)
    return out


def _all_quoted(toks: list[Tok], sent: int) -> bool:
    """Whether every word of the sentence stands in quotation marks."""
    words = [t for t in toks if t.sent == sent and not t.punct and not t.space]
    return bool(words) and all(t.quoted for t in words)


def _corrections(toks: list[Tok], kinds_at: list[frozenset[str]], claims: set[int]) -> set[int]:
    """A reported claim and its denial ("In het artikel staat dat X. Dat klopt niet."):
    both sentences are someone else's claim and the author's correction of it, no
    judgement of the author's own. The claim must be reported (a reporting verb or a
    quotation, in the denial's sentence or the one before); a bare "klopt niet" judges.
    """
    out: set[int] = set()
    if not claims:
        return out
    # A claim by a minister, politician or party is a position, and denying it on the
    # author's own area is taking sides ("De minister zegt dat X werkt. Dat klopt niet.").
    political = {t.sent for t in toks if not kinds_at[t.i].isdisjoint(_POSITION_KINDS)}
    # A denial that goes on to judge ("Dat klopt niet, het is een ramp") judges.
    judging = {
        t.sent
        for t in toks
        if "correction" not in kinds_at[t.i] and not kinds_at[t.i].isdisjoint(NEGATIVE)
    }
    for t in toks:
        if "correction" not in kinds_at[t.i] or t.quoted or t.sent in judging:
            continue
        for sent in (t.sent, t.sent - 1):
            if sent in claims and sent not in political:
                out |= {sent, t.sent}
                break
    return out


#: Kinds whose single words a figurative expression takes the force out of.
_FIGURABLE = frozenset({"violence", "hate-verb", "dehumanising"})
#: Whose claims are positions rather than misinformation to correct.
_POSITION_KINDS = frozenset({"politician", "party"})


#: The author as the speaker: "dit zeg ik", "ik zeg het eerlijk", "I say".
_FIRST_PERSON = frozenset({"ik", "wij", "we", "i"})


#: Verbs of receiving words: with the author as subject they still report someone else's
#: ("las ik vandaag: '…'", "hoorde ik gisteren", "I read this under our post"). Not the
#: present "hoor", which is also the particle ("op persoonlijke titel hoor").
_RECEIVING = frozenset("lezen las lazen hoorde hoorden ontvangen read heard received".split())


def _said_by_author(toks: list[Tok], i: int) -> bool:
    """Whether a reporting verb has the author as its subject (next to it either way):
    "dit zeg ik op persoonlijke titel" reports no one else's words."""
    if toks[i].lower in _RECEIVING or toks[i].lemma in _RECEIVING:
        return False
    near = (toks[k] for k in (i - 1, i + 1) if 0 <= k < len(toks))
    return any(t.lower in _FIRST_PERSON and t.sent == toks[i].sent for t in near)


#: Sentence openers of a clause that names an act in order to judge it.
_META_OPENERS = frozenset({"dat", "wie", "als", "iemand", "mensen", "whoever", "anyone", "that"})
