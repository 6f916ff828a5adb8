"""Which lexicon entries each token carries, seeing through disguise.

Plain words are found by their lemma, lower-case and folded forms. Strong words are also
found when disguised: inside compounds and hashtags ("kutbeleid", "#KankerKabinet"), spelt
with stars ("k*t"), with a dropped, added, swapped or changed letter ("ahat", "idot"),
spaced out ("i d i o o t") or run together ("ikhaatmoslims"). Phrases ("kogel door de
kop", "in elkaar slaan") match when their words stand close together in one sentence, in
any order (Dutch moves the verb: "ik sla je in elkaar").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Indel, Levenshtein

from .lexicons import STRONG_KINDS, Entry, Lexicon, verb_forms
from .normalise import camel_parts, fold, matches_wildcard, spaced_words, splits
from .tokens import Tok

#: How many words' disguise lookups a lexicon remembers (then it starts again).
DISGUISE_MEMO = 50_000
#: How many tokens a phrase's words may spread over.
PHRASE_WINDOW = 8
#: What a run-together word may contain: strong words and the groups they are aimed at
#: (a harmless piece such as "slim" inside "moslims" is no evidence of anything).
_PIECE_KINDS = STRONG_KINDS | {"group", "person-role", "pronoun", "institution"}
#: What a compound's strong part can be: a curse, slur or group in front ("kutwijf",
#: "kankerlijer", "moslimfamilie"), a noun for people at the end ("moslimtuig"); an
#: adjective at the end only describes a thing ("grofvuil").
_HEAD_KINDS = frozenset({"profanity", "slur", "insult", "group"})
_TAIL_KINDS = frozenset({"insult", "dehumanising", "slur"})
#: Strong-word prefixes that form insults in compounds ("kutwijf", "kankerlijer").
_MIN_PREFIX = 3
#: The shortest word a curse prefix is read as glued to ("kutbankhangers", not "kutje").
_MIN_TAIL = 4


class Found(NamedTuple):
    """An entry found at a token; `last` is the token where its words end (a phrase or a
    spaced-out word spans several tokens)."""

    entry: Entry
    last: int


def entries_per_token(
    toks: list[Tok], lex: Lexicon, is_known: Callable[[str], bool]
) -> list[list[Found]]:
    """For each token, the entries that start there.

    `covering` and `kinds_per_token` answer "which entries (kinds) cover token i" for the
    steps that ask about every token a phrase spans (negators, targets).
    """
    memo = lex.token_entries
    if len(memo) >= DISGUISE_MEMO:
        memo.clear()
    found: list[list[Found]] = []
    for t in toks:
        forms = (t.lower, t.lemma, t.folded)
        entries = memo.get(forms)
        if entries is None:
            entries = memo[forms] = tuple(lex.lookup(*forms))
        found.append([Found(e, t.i) for e in entries] if entries else [])
    for t in toks:
        if found[t.i] or t.punct or t.space or len(t.folded) < 3:
            continue
        if "*" in t.text:
            found[t.i] = [Found(e, t.i) for e in _wildcard(t, lex)]
        elif not is_known(t.lower) or t.text.startswith("#"):
            key = (t.text, t.sent_start)
            entries = lex.disguised.get(key)
            if entries is None:
                if len(lex.disguised) >= DISGUISE_MEMO:
                    lex.disguised.clear()
                entries = lex.disguised[key] = _disguised(t, lex, is_known)
            found[t.i] = [Found(e, t.i) for e in entries]
    for run in spaced_words([t.text for t in toks]):
        entries = lex.lookup(run.word) or _pieces(run.word, lex)
        for i in range(run.first, run.last + 1):
            found[i] = []
        found[run.first] = [Found(e, run.last) for e in entries]
    _joined(toks, lex, found)
    _phrases(toks, lex, found)
    return found


#: How many pieces a word split by spaces may be in ("ter ro ris ten"), and how long each.
MAX_PIECES = 4
MAX_PIECE = 6


def _joined(toks: list[Tok], lex: Lexicon, found: list[list[Found]]) -> None:
    """A strong word or group cut into pieces: by spaces ("Mos lims", "kan ker") or by
    the tokenizer at digits and symbols ("h44t" is read as "h44" + "t")."""
    n = len(toks)
    # Whether token j + 1 may continue a word that reaches token j (`_continues`), asked
    # once per pair, from flags read once per token.
    free = [not (t.space or t.punct) for t in toks]
    piece = [_piece(t) for t in toks]
    joins = [
        free[j]
        and free[j + 1]
        and (toks[j + 1].start == toks[j].end or (piece[j] and piece[j + 1]))
        for j in range(n - 1)
    ]
    strong_forms = lex.strong_forms
    for i in range(n):
        if i + 1 >= n or not joins[i]:
            continue
        word = toks[i].folded
        j = i
        while j + 1 < n and j - i + 1 < MAX_PIECES and joins[j]:
            j += 1
            word += toks[j].folded
            entries = strong_forms.get(word)
            if entries:
                found[i] = [
                    *found[i],
                    *(Found(e, j) for e in entries if Found(e, j) not in found[i]),
                ]
                break


def _continues(a: Tok, b: Tok) -> bool:
    """Whether b may continue a word begun in a: glued to it, or both short pieces."""
    if a.space or b.space or a.punct or b.punct:
        return False
    return b.start == a.end or (_piece(a) and _piece(b))


def _piece(t: Tok) -> bool:
    return t.text.isalpha() and len(t.text) <= MAX_PIECE and not t.space


def covering(found: list[list[Found]]) -> list[list[Entry]]:
    """For each token, every entry whose span covers it."""
    out: list[list[Entry]] = [[] for _ in found]
    for i, items in enumerate(found):
        for f in items:
            for j in range(i, f.last + 1):
                if f.entry not in out[j]:
                    out[j].append(f.entry)
    return out


#: The kinds at a token that no entry covers: most tokens.
NO_KINDS: frozenset[str] = frozenset()


def kinds_per_token(cover: list[list[Entry]]) -> list[frozenset[str]]:
    """For each token, the kinds of the entries that cover it.

    Every analysis step asks "is there a negator (a time word, a condemnation) here?" of
    many tokens; a set made once per token answers each in one look-up, where scanning
    the token's entries again for every question cost more than the steps themselves.
    """
    return [frozenset(e.kind for e in entries) if entries else NO_KINDS for entries in cover]


def _wildcard(t: Tok, lex: Lexicon) -> list[Entry]:
    """ "k*t", "f**k", "k*t-minister", "k*tbankhangers": a strong word whose starred letters
    fit, alone or as the curse prefix of a compound."""
    out: list[Entry] = []
    for part in t.lower.replace("#", "").split("-"):
        if "*" not in part:
            out += lex.lookup(part)
            continue
        for form, entries in lex.strong_forms.items():
            if matches_wildcard(part, form):
                out += [e for e in entries if e not in out]
        if out:
            continue
        for form, entries in lex.strong_forms.items():
            head = form[:-1]
            if not form.endswith("-") or len(part) < len(head) + _MIN_TAIL:
                continue
            tail = part[len(head) :]
            if "*" not in tail and tail.isalpha() and matches_wildcard(part[: len(head)], head):
                out += [e for e in (*entries, *lex.lookup(tail)) if e not in out]
    return out


def _disguised(t: Tok, lex: Lexicon, is_known: Callable[[str], bool]) -> list[Entry]:
    """An unknown word: a compound or hashtag with a strong part, or a misspelt strong word."""
    word = fold(t.text)  # as written: its lemma may have changed the last piece
    parts = camel_parts(t.text) if t.text.startswith("#") else []
    if not parts and "-" in t.lower:
        parts = [p for p in t.lower.split("-") if p]
    if parts:
        out = [e for p in parts for e in lex.lookup(p)]
        if out:
            return out
    out = _compound(word, lex, is_known)
    if out:
        return out
    named = t.text[:1].isupper() and not t.text.isupper() and not t.sent_start
    if len(word) >= 4 and word.isalpha() and not named:
        best = process.extractOne(
            word, lex.strong_choices(len(word)), scorer=DamerauLevenshtein.distance, score_cutoff=1
        )
        if best is not None and _plausible_typo(word, best[0]):
            return list(lex.strong_forms[best[0]])
    if len(word) >= 9 and word.isalpha():
        return _pieces(word, lex)
    return []


def _plausible_typo(word: str, form: str) -> bool:
    """Short words have too many near neighbours ("intel" is one letter from "incel"):
    below six letters only a swapped, dropped or added letter counts, not a changed one."""
    if len(word) >= 6:
        return True
    swapped = Levenshtein.distance(word, form) == 2  # a swap is two edits without swaps
    return swapped or Indel.distance(word, form) == 1


def _compound(word: str, lex: Lexicon, is_known: Callable[[str], bool]) -> list[Entry]:
    """A strong head ("kut", "kanker", "tyfus") or a strong tail ("-tuig", "-ratten")."""
    for head, tail in splits(word, _MIN_PREFIX):
        heads = [e for e in lex.strong_forms.get(head, ()) if e.kind in _HEAD_KINDS]
        # A curse listed as a prefix ("kut-", "tyfus-") makes a curse of any word it is
        # glued to ("kutbankhangers"); another strong head only of a word we know.
        free = f"{head}-" in lex.strong_forms and len(tail) >= _MIN_TAIL and tail.isalpha()
        if heads and (free or is_known(tail) or lex.lookup(tail)):
            return [*heads, *lex.lookup(tail)]
        tails = [
            e
            for e in lex.strong_forms.get(tail, ())
            if e.kind in _TAIL_KINDS and (e.kind != "dehumanising" or e.intensity >= 3)
        ]
        if tails and len(tail) >= 4 and (is_known(head) or lex.lookup(head)):
            return [*lex.lookup(head), *tails]
    return []


def _pieces(word: str, lex: Lexicon) -> list[Entry]:
    """Words run together ("ikhaatmoslims"): lexicon forms of four letters or more inside.

    At least one must be a strong word, so an unknown long word is not read as a
    sentence of harmless pieces.
    """
    strong, forms = lex.piece_index()
    if strong.search(word) is None:
        return []  # the common case: a long compound or a hashtag with nothing strong in it
    out: list[Entry] = []
    spans: list[tuple[int, int, list[Entry]]] = []
    for form, entries in forms:
        at = word.find(form)
        while at >= 0:
            spans.append((at, at + len(form), entries))
            at = word.find(form, at + 1)
    for lo, hi, entries in spans:
        # A piece inside a longer piece is part of that word: "sul" in "consul" (in
        # "internetconsultatie") is no insult.
        if any(a <= lo and hi <= b and (a, b) != (lo, hi) for a, b, _ in spans):
            continue
        out += [e for e in entries if e not in out and e.kind in _PIECE_KINDS]
    strong = any(e.kind in STRONG_KINDS for e in out)
    aimed = any(e.kind in ("group", "person-role", "institution") for e in out)
    # A run-together sentence names both a strong word and whom it is aimed at; a long
    # compound with a harsh-looking part ("gemeen" in "gemeenteloket") does not.
    return out if strong and aimed else []


def _phrases(toks: list[Tok], lex: Lexicon, found: list[list[Found]]) -> None:
    """Phrase entries: their words in order within one sentence, a word or two apart; a
    closing infinitive may stand anywhere near ("in elkaar slaan": "sla je in elkaar")."""
    phrases = lex.phrases
    if not phrases:
        return
    # The tokens that can anchor a phrase: most drafts have none, and then the sets of
    # words per sentence are not needed.
    anchors = [t for t in toks if t.lower in phrases or t.lemma in phrases or t.folded in phrases]
    if not anchors:
        return
    anchor_sents = {t.sent for t in anchors}
    per_sentence: dict[int, set[str]] = {sent: set() for sent in anchor_sents}
    for t in toks:
        if t.sent in anchor_sents:
            per_sentence[t.sent].update((t.lower, t.lemma, t.folded))
    needs = lex.phrase_needs
    for t in anchors:
        present = per_sentence[t.sent]
        for key in {t.lower, t.lemma, t.folded}:
            candidates = needs.get(key)
            if candidates is None:
                candidates = needs[key] = [_needs(e) for e in phrases.get(key, ())]
            for entry, strict, verb, forms in candidates:
                if not strict <= present:
                    continue
                if verb is not None and verb not in present and forms.isdisjoint(present):
                    continue
                span = _phrase_span(toks, t, entry)
                if span is not None:
                    first, last = span
                    item = Found(entry, last)
                    if item not in found[first]:
                        found[first] = [*found[first], item]


def _needs(entry: Entry) -> tuple[Entry, frozenset[str], str | None, frozenset[str]]:
    """What a sentence must hold for a phrase to match there, worked out once per phrase:
    every word of it that is not optional; a separable verb at its end may also stand
    in one of its stems ("sla" for "slaan"). A cheap test that most candidates fail,
    before `_phrase_span` looks for the words in order.
    """
    words = entry.words
    last = len(words) - 1
    verb = None
    strict = set()
    for k, word in enumerate(words):
        if word in _OPTIONAL:
            continue
        if k == last and entry.kind in _SEPARABLE:
            verb = word
        else:
            strict.add(word)
    return entry, frozenset(strict), verb, frozenset(verb_forms(verb) if verb else ())


#: Words of a phrase that may be missing or differ: articles and possessives vary
#: ("door zijn kop", "door de kop").
_OPTIONAL = frozenset({"de", "het", "een", "je", "the", "a", "his", "their", "z'n"})
#: Kinds whose phrases end in a verb that Dutch word order moves to the front.
_SEPARABLE = frozenset({"violence", "hate-verb", "commitment"})
#: Words a phrase may skip between two of its own: verb phrases most ("sla hem echt
#: helemaal in elkaar"), fixed expressions of irony none ("ja hoor", "just great" is not
#: "just finished a great session"), the rest one ("geen heel goed idee").
MAX_GAP = 2
_GAP_BY_KIND = {"irony": 0}
DEFAULT_GAP = 1
#: A skipped word that opens a complement clause ends the phrase: in "ik snap dat niet
#: iedereen fan is" the "niet" belongs to the clause after "dat", not to "ik snap"
#: (unless the phrase ends the clause there: "ik snap dat niet." is the pronoun).
_CLAUSE_OPENERS = frozenset({"dat", "of", "that", "whether"})


def _max_gap(entry: Entry) -> int:
    if entry.kind in _SEPARABLE:
        return MAX_GAP
    return _GAP_BY_KIND.get(entry.kind, DEFAULT_GAP)


def _ends_clause(window: list[Tok], k: int) -> bool:
    """Whether the word at k closes its clause: then a skipped "dat" before it was a
    pronoun ("ik snap dat niet."), not the start of a clause of its own."""
    return k + 1 >= len(window) or window[k + 1].punct


def _phrase_span(toks: list[Tok], anchor: Tok, entry: Entry) -> tuple[int, int] | None:
    lo = max(0, anchor.i - PHRASE_WINDOW)
    hi = min(len(toks), anchor.i + PHRASE_WINDOW + 1)
    window = [t for t in toks[lo:hi] if t.sent == anchor.sent and not t.space]
    words = list(entry.words)
    gap = _max_gap(entry)
    verb = None
    if entry.kind in _SEPARABLE and len(words) > 1 and words[-1].endswith("en"):
        verb = words.pop()
    for start in range(len(window)):
        pos = start
        used: list[int] = []
        ok = True
        for word in words:
            hit = None
            for k in range(pos, min(len(window), pos + gap + 1)):
                if word in (window[k].lower, window[k].lemma, window[k].folded):
                    hit = k
                    break
            if hit is None:
                if word in _OPTIONAL:
                    continue
                ok = False
                break
            if used and (
                hit - used[-1] > gap + 1
                or (
                    any(window[k].lower in _CLAUSE_OPENERS for k in range(used[-1] + 1, hit))
                    and not _ends_clause(window, hit)
                )
            ):
                ok = False
                break
            used.append(hit)
            pos = hit + 1
        if not ok or not used:
            continue
        idx = [window[k].i for k in used]
        if verb is not None:
            forms = {verb, *verb_forms(verb)}  # "steek" is read as a noun, not as "steken"
            v = next(
                (t.i for t in window if t.i not in idx and {t.lower, t.lemma, t.folded} & forms),
                None,
            )
            if v is None:
                continue
            idx.append(v)
        if anchor.i in idx:
            return min(idx), max(idx)
    return None
