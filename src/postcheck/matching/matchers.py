"""All term, pattern and regex matching of one language, compiled once per run.

Rules, signals and topic areas register what they look for under a typed key
(`keys.Key`: a rule, a signal, an exception, an area); `MatcherSet.run` then finds
everything in one pass per matcher type (one PhraseMatcher per attribute, one Matcher,
one list of regexes), so the cost per draft does not grow with the number of rules that
use a matcher.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from postcheck.language.pipeline import MAX_WORD, is_known, lemma_of
from postcheck.language.resources import word_list
from postcheck.matching.keys import Key
from postcheck.matching.saferegex import RegexError, RegexSet, safe_token_patterns
from postcheck.matching.terms import TermTable

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: A single-word term at least this long also matches as part of a compound.
MIN_COMPOUND_PART = 5
#: The rest of a compound must be at least this long (so `boer` does not match `boerka`).
MIN_COMPOUND_REST = 3
#: How many modal particles a multi-word term may have between its words ("hou nou toch
#: eens je bek" is "hou je bek").
MAX_PARTICLES = 3


class Hit(NamedTuple):
    """A match: character offsets into the draft and the index of its sentence.

    A named tuple: drafts produce tens of hits each, and a tuple is the cheapest
    immutable object to build.
    """

    start: int
    end: int
    sent: int
    #: For a hit made of several (signals that met): their own spans, so that the
    #: analysis can ask of each whether it is negated.
    parts: tuple[tuple[int, int], ...] = ()


class Validator:
    """Checks that a regex match is real data (a BSN passes the 11-check, an IBAN mod 97)."""

    @staticmethod
    def bsn(text: str) -> bool:
        digits = [int(c) for c in text if c.isdigit()]
        if len(digits) == 8:
            digits.insert(0, 0)
        if len(digits) != 9 or not any(digits):
            return False
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        return (total - digits[8]) % 11 == 0

    @staticmethod
    def iban(text: str) -> bool:
        compact = re.sub(r"\s+", "", text).upper()
        if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
            return False
        rearranged = compact[4:] + compact[:4]
        number = "".join(str(int(ch, 36)) for ch in rearranged)
        return int(number) % 97 == 1

    @staticmethod
    def none(text: str) -> bool:
        return True


class PatternError(ValueError):
    """A Matcher pattern or regex that cannot be compiled; the caller adds file and line."""


class MatcherSet:
    """Everything one language's rules look for, compiled for that language's pipeline."""

    def __init__(self, nlp: Language, terms: TermTable | None = None) -> None:
        # Lazy: start-up speed, spaCy loads when matchers are built.
        from spacy.matcher import Matcher, PhraseMatcher

        self.nlp = nlp
        #: Term analyses from earlier runs (see `terms.TermTable`); new ones are added.
        self.terms = terms if terms is not None else TermTable(None, None)
        self.lang = nlp.lang
        self._lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._new_matcher = lambda: Matcher(nlp.vocab)
        self._matcher = Matcher(nlp.vocab)
        #: Patterns that can only match around a token with one of their anchor values
        #: (see `anchor_of`), each with a matcher of its own: run only on those stretches.
        self._anchored: list[tuple[Anchor, Matcher]] = []
        #: Value -> the anchored patterns (indexes into `_anchored`) it lets through.
        self._gates: dict[int, list[int]] = defaultdict(list)
        #: Every token pattern left to the Matcher, as registered (for the tests).
        self.token_patterns: list[tuple[str, list[dict[str, Any]]]] = []
        #: spaCy's match ids (the hash of `Key.label`) -> the key they stand for.
        self._keys: dict[int, Key] = {}
        self._validator = Matcher(nlp.vocab, validate=True)
        #: Token patterns that are only fixed word sequences, run by the phrase matchers.
        self._phrase_patterns: dict[str, list[tuple[Key, list[tuple[str, ...]]]]] = {
            "lemma": [],
            "lower": [],
        }
        #: Per regex in `_regex_set`: its key and the check its matches must pass.
        self._regexes: list[tuple[Key, Callable[[str], bool]]] = []
        self._regex_set = RegexSet()
        self._compound_heads: dict[str, set[Key]] = defaultdict(set)
        self._hyphen_parts: dict[str, set[Key]] = defaultdict(set)
        self._compound_tails: dict[str, set[Key]] = defaultdict(set)
        self._compound_cache: dict[str, tuple[Key, ...]] = {}
        self._compound_orths: dict[int, tuple[Key, ...]] = {}
        self._pending: dict[str, list[tuple[Key, list[str], bool]]] = {"lemma": [], "lower": []}
        #: LOWER ids of the language's modal particles (see `_through_particles`).
        self._particles = frozenset(
            nlp.vocab.strings.add(w) for w in word_list("particle", self.lang)
        )

    # ------------------------------------------------------------------ registering

    def _label(self, key: Key) -> str:
        """The string spaCy's matchers know the key by; its match id maps back to the key."""
        label = key.label
        self._keys[self.nlp.vocab.strings.add(label)] = key
        return label

    def add_terms(
        self,
        key: Key,
        terms: Iterable[str],
        *,
        match: str = "lemma",
        compounds: bool = False,
        private: bool = False,
    ) -> None:
        """Register terms under a key; `private` terms (from the profile) are never cached."""
        terms = [t.strip() for t in terms if t.strip()]
        if not terms:
            return
        self._pending[match].append((key, terms, private))
        if compounds:
            for term in terms:
                word = term.lower()
                if " " in word or "-" in word:
                    continue
                # Any single word may be one part of a hyphenated compound (Wlz-plan).
                self._hyphen_parts[word].add(key)
                if len(word) < MIN_COMPOUND_PART or not word.isalpha():
                    continue
                lemma = self.terms.get("lemma_of", word)
                if lemma is None:
                    lemma = lemma_of(word, self.lang)
                    if not private:
                        self.terms.put("lemma_of", word, lemma)
                for form in {word, lemma}:
                    self._compound_heads[form].add(key)
                    self._compound_tails[form].add(key)

    def add_patterns(self, key: Key, patterns: list[list[dict[str, Any]]]) -> None:
        label = self._label(key)
        try:
            # Validate the patterns as written, so errors name what the author wrote.
            self._validator.add(label, patterns)
            self._validator.remove(label)
            patterns = safe_token_patterns(patterns)
        except (ValueError, TypeError, KeyError) as exc:
            raise PatternError(f"invalid Matcher pattern: {_first_line(exc)}") from None
        rest = []
        for pattern in patterns:
            phrases = as_phrases(pattern)
            if phrases is None:
                rest.append(pattern)
            else:
                attr, sequences = phrases
                self._phrase_patterns[attr].append((key, sequences))
        for pattern in rest:
            self.token_patterns.append((label, pattern))
            anchor = anchor_of(pattern, self.nlp.vocab.strings)
            if anchor is None:
                self._matcher.add(label, [pattern])
                continue
            matcher = self._new_matcher()
            matcher.add(label, [pattern])
            for value in anchor.gate:
                self._gates[value].append(len(self._anchored))
            self._anchored.append((anchor, matcher))

    def add_regex(self, key: Key, pattern: str, *, ignore_case: bool, check: str = "none") -> None:
        try:
            self._regex_set.add(pattern, ignore_case=ignore_case)
        except RegexError as exc:
            raise PatternError(str(exc)) from None
        self._regexes.append((key, getattr(Validator, check)))

    def freeze(self) -> None:
        """Build the phrase matchers from all registered terms in one `nlp.pipe` pass.

        A PhraseMatcher keeps of each term only the LEMMA (or LOWER) ids of its tokens, so
        those are what it is given: from the term table where an earlier run analysed the
        term, otherwise from one pipeline pass over the new terms.
        """
        # Lazy: start-up speed, spaCy loads when matchers are built.
        from spacy.attrs import LEMMA, LOWER

        for match, entries in self._pending.items():
            matcher = self._lemma if match == "lemma" else self._lower
            new = list(
                dict.fromkeys(
                    t for _, terms, _ in entries for t in terms if self.terms.get(match, t) is None
                )
            )
            if match == "lemma":
                docs = list(self.nlp.pipe(new))
            else:
                docs = [self.nlp.make_doc(t) for t in new]
            attr = LEMMA if match == "lemma" else LOWER
            fresh = {t: tuple(d.to_array(attr).tolist()) for t, d in zip(new, docs, strict=True)}
            for key, terms, private in entries:
                ids = []
                for term in terms:
                    value = self.terms.get(match, term)
                    if value is None:
                        value = fresh[term]
                        if not private:
                            self.terms.put(match, term, value)
                    ids.append(value)
                matcher.add(self._label(key), ids)
            strings = self.nlp.vocab.strings
            for key, sequences in self._phrase_patterns[match]:
                label = self._label(key)
                matcher.add(label, [tuple(strings.add(v) for v in seq) for seq in sequences])
        self._pending = {"lemma": [], "lower": []}
        self._phrase_patterns = {"lemma": [], "lower": []}

    # --------------------------------------------------------------------- matching

    def run(self, doc: Doc, text: str | None = None) -> dict[Key, list[Hit]]:
        """Every key's hits in the draft, overlapping hits of one key merged.

        Token offsets, sentence numbers and word ids come from one `to_array` call rather
        than from Token and Span objects, which cost more than the matching itself.
        """
        strings = doc.vocab.strings
        table = _TokenTable(doc)
        idx, ends, token_sent = table.idx, table.ends, table.sent
        found: dict[Key, list[tuple[int, int, int]]] = defaultdict(list)
        matches = [*self._lemma(doc), *self._lower(doc), *self.token_matches(doc, table)]
        if self._particles:
            matches += self._through_particles(doc, table)
        by_id = self._keys
        for match_id, start, end in matches:
            found[by_id[match_id]].append((idx[start], ends[end - 1], token_sent[start]))
        if self._compound_heads or self._hyphen_parts:
            cache = self._compound_orths
            for i, orth in enumerate(table.orth):
                keys = cache.get(orth)
                if keys is None:
                    keys = self._compound_keys(strings[orth])
                    if len(cache) < 100_000:
                        cache[orth] = keys
                for key in keys:
                    found[key].append((idx[i], ends[i], token_sent[i]))
        if text is None:
            text = doc.text  # joins every token's text: the caller usually has it already
        for index in self._regex_set.matching(text):
            key, valid = self._regexes[index]
            for start, end in self._regex_set.regex(index).spans(text):
                if valid(text[start:end]):
                    sent = bisect.bisect_right(table.sent_starts, start) - 1
                    found[key].append((start, end, max(sent, 0)))
        return {key: _merge(spans) for key, spans in found.items()}

    def _through_particles(self, doc: Doc, table: _TokenTable) -> list[tuple[int, int, int]]:
        """Term matches that modal particles interrupt ("hou toch je bek", "ik durf gewoon
        te wedden"), as spans of the draft's own tokens.

        People put fillers inside fixed expressions without changing them, and no term
        list can spell every filler in every place. The phrase matchers run once more over
        the draft without its particles; a match that only exists there (it skipped a
        particle) and stays inside one sentence is a match of the draft. Negators and
        hedges are no particles, so "hou niet je bek" stays what it is.
        """
        # Lazy: start-up speed, spaCy loads when matchers are built.
        from spacy.tokens import Doc

        lower = table.lower
        kept = [i for i, low in enumerate(lower) if low not in self._particles]
        if len(kept) == len(lower) or len(kept) < 2:
            return []
        strings = doc.vocab.strings
        words = [strings[table.orth[i]] for i in kept]
        lemmas = [strings[table.lemma[i]] for i in kept]
        sub = Doc(doc.vocab, words=words, lemmas=lemmas)
        out = []
        for match_id, start, end in [*self._lemma(sub), *self._lower(sub)]:
            first, last = kept[start], kept[end - 1]
            skipped = (last - first + 1) - (end - start)
            if 0 < skipped <= MAX_PARTICLES and table.sent[first] == table.sent[last]:
                out.append((match_id, first, last + 1))
        return out

    def token_matches(
        self, doc: Doc, table: _TokenTable | None = None
    ) -> list[tuple[int, int, int]]:
        """What spaCy's Matcher finds for the token patterns, as `Matcher(doc)` would.

        The same matches (possibly in another order) as one Matcher holding every token
        pattern run over the whole draft; the tests hold the two side by side.
        """
        out = list(self._matcher(doc)) if len(self._matcher) else []
        for index, first, last in self._windows(table or _TokenTable(doc)):
            for match_id, start, end in self._anchored[index][1](doc[first:last]):
                out.append((match_id, start + first, end + first))
        return list(dict.fromkeys(out))  # two patterns of one key may find the same span

    def _windows(self, table: _TokenTable) -> list[tuple[int, int, int]]:
        """Per anchored pattern, the token ranges where it can match, overlaps joined.

        spaCy's Matcher builds Token objects and calls Python predicates (`IN` sets) at
        every token it is given, for every pattern: that cost more than the rest of a
        check. A pattern can only match where all its fixed values occur, and only in
        the range its anchor allows, so each pattern is given only those ranges. Every
        match the whole draft holds lies inside one of them: the results are the same.
        """
        if not self._gates:
            return []
        present = {*table.orth, *table.lower, *table.lemma}
        gates = self._gates
        candidates = {i for v in present & gates.keys() for i in gates[v]}
        n = len(table.orth)
        out = []
        for index in sorted(candidates):
            anchor = self._anchored[index][0]
            if any(values.isdisjoint(present) for values in anchor.required):
                continue
            values, before, after = anchor.values, anchor.before, anchor.after
            spans = [
                (max(0, i - before), n if after is None else min(n, i + after))
                for i, row in enumerate(zip(table.orth, table.lower, table.lemma, strict=True))
                if not values.isdisjoint(row)
            ]
            first, last = spans[0]
            for start, end in spans[1:]:
                if start > last:
                    out.append((index, first, last))
                    first = start
                last = max(last, end)
            out.append((index, first, last))
        return out

    def _compound_keys(self, word: str) -> tuple[Key, ...]:
        """Keys of registered words that this word is a compound of (`huur|toeslag`).

        Both parts must be words: the other part has to be known to simplemma (after a
        linking `s` or `e`), and derivational endings do not count, so `natuur` does not
        match `natuurlijk`.
        """
        lower = word.lower().lstrip("#")
        cached = self._compound_cache.get(lower)
        if cached is not None:
            return cached
        keys: set[Key] = set()
        if "-" in lower.strip("-") and len(lower) <= MAX_WORD:
            # CO2-heffing, Wlz-plan, azc-locatie: each part is a word of its own.
            for part in lower.split("-"):
                if part and part != lower:
                    keys |= self._hyphen_parts.get(part, set())
                    if any(ch.isalpha() for ch in part):
                        keys |= self._hyphen_parts.get(lemma_of(part, self.lang), set())
        if (
            MIN_COMPOUND_PART + MIN_COMPOUND_REST <= len(lower) <= MAX_WORD
            and lower.replace("-", "").isalpha()
        ):
            for cut in range(MIN_COMPOUND_REST, len(lower) - MIN_COMPOUND_REST + 1):
                head, tail = lower[:cut].rstrip("-"), lower[cut:].lstrip("-")
                if head in self._compound_heads and _is_part(tail, self.lang, linking=True):
                    keys |= self._compound_heads[head]
                if len(tail) >= MIN_COMPOUND_PART and _is_part(head, self.lang, linking=False):
                    if tail in self._compound_tails:
                        keys |= self._compound_tails[tail]
                    else:
                        tail_lemma = lemma_of(tail, self.lang)
                        if tail_lemma in self._compound_tails:
                            keys |= self._compound_tails[tail_lemma]
        result = tuple(sorted(keys))
        if len(self._compound_cache) < 100_000:
            self._compound_cache[lower] = result
        return result


#: Endings that make a derived word, not a compound: `natuur` + `lijk` is not about nature.
_SUFFIXES = frozenset(
    {
        *"lijk lijke lijker lijkheid heid heden ing ingen isch ische baar bare loos loze".split(),
        *"achtig achtige ig ige er ers en e st ste je jes tje tjes erij erijen ist isten".split(),
        *"isme schap ness ly ful less ment ings ed est ism".split(),
    }
)


def _is_part(part: str, lang: str, *, linking: bool) -> bool:
    """Whether `part` can be the other half of a compound (a known word, not an ending)."""
    if len(part) < MIN_COMPOUND_REST or part in _SUFFIXES:
        return False
    candidates = [part]
    if linking and part[:1] in "se" and len(part) > MIN_COMPOUND_REST + 1:
        candidates.append(part[1:])
    if not linking and part[-1:] in "s" and len(part) > MIN_COMPOUND_REST + 1:
        candidates.append(part[:-1])
    return any(c not in _SUFFIXES and is_known(c, lang) for c in candidates)


#: Above this many word sequences a token pattern stays with the Matcher.
MAX_PHRASES = 2000
_PHRASE_ATTRS = {"LOWER": "lower", "LEMMA": "lemma"}


def as_phrases(pattern: list[dict[str, Any]]) -> tuple[str, list[tuple[str, ...]]] | None:
    """The word sequences a token pattern stands for, when it is no more than that.

    spaCy's Matcher tries every pattern at every token, and its `IN` sets are evaluated in
    Python: a few dozen patterns cost more than the rest of a check. A pattern whose every
    token is one LOWER (or one LEMMA) value or set, without operators, matches exactly the
    sequences of its cartesian product, which the hash-based PhraseMatcher finds at
    almost no cost per pattern. Anything else stays a Matcher pattern.
    """
    attr: str | None = None
    choices: list[list[str]] = []
    total = 1
    for spec in pattern:
        if len(spec) != 1:
            return None
        ((name, value),) = spec.items()
        name = name.upper()
        if name not in _PHRASE_ATTRS or (attr is not None and name != attr):
            return None
        attr = name
        if isinstance(value, str):
            options = [value]
        elif (
            isinstance(value, dict)
            and set(value) == {"IN"}
            and isinstance(value["IN"], list)
            and value["IN"]
            and all(isinstance(v, str) for v in value["IN"])
        ):
            options = list(dict.fromkeys(value["IN"]))
        else:
            return None
        choices.append(options)
        total *= len(options)
        if total > MAX_PHRASES:
            return None
    if attr is None:
        return None
    sequences: list[tuple[str, ...]] = [()]
    for options in choices:
        sequences = [(*head, o) for head in sequences for o in options]
    return _PHRASE_ATTRS[attr], sequences


_ANCHOR_ATTRS = frozenset({"LOWER", "LEMMA", "ORTH", "TEXT"})


@dataclass(frozen=True, slots=True)
class Anchor:
    """Values of which one must occur for a pattern to match, and where the match lies.

    A match covers the anchor token, at most `before` tokens before it and less than
    `after` tokens from it on (`after` None: no limit).
    """

    values: frozenset[int]
    before: int
    after: int | None
    #: Value sets of the pattern's fixed tokens (the anchor's among them): one of each
    #: must occur in the draft.
    required: tuple[frozenset[int], ...]
    #: The one of those sets that is checked first: the one of longest words, which
    #: are the rarer ones (`nooit` rather than `de`).
    gate: frozenset[int]


def anchor_of(pattern: list[dict[str, Any]], strings: Any) -> Anchor | None:
    """The anchor of a token pattern, or None when it has none (it then runs everywhere).

    spaCy's Matcher tries every pattern at every token and builds Python objects for every
    token on each call. A pattern with a token that must be one LOWER/LEMMA/TEXT value (or
    one of a set), preceded only by tokens that match exactly once, cannot match without
    that value and only in a known stretch around it, so only that stretch is searched.
    """
    for offset, spec in enumerate(pattern):
        values = _anchor_values(spec, strings)
        if values is not None:
            fixed = [v for v in (_anchor_values(other, strings) for other in pattern) if v]
            required = tuple(dict.fromkeys(fixed))
            gate = max(required, key=lambda vs: min(len(strings[v]) for v in vs))
            return Anchor(values, offset, _longest(pattern[offset:]), required, gate)
        if "OP" in spec:
            return None
    return None


def _anchor_values(spec: dict[str, Any], strings: Any) -> frozenset[int] | None:
    if "OP" in spec:
        return None
    for attr, value in spec.items():
        if attr.upper() not in _ANCHOR_ATTRS:
            continue
        if isinstance(value, str):
            options = [value]
        elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            options = [v for v in value["IN"] if isinstance(v, str)]
            if len(options) != len(value["IN"]) or not options:
                continue
        else:
            continue
        return frozenset(strings.add(v) for v in options)
    return None


_QUANTIFIER = re.compile(r"\{(\d*),?(\d*)\}")


def _longest(pattern: list[dict[str, Any]]) -> int | None:
    """The most tokens a pattern can match, None when it has no limit (`*`, `+`, `{n,}`)."""
    total = 0
    for spec in pattern:
        op = spec.get("OP")
        if op is None or op in ("!", "?", "1"):
            total += 1
        elif isinstance(op, str) and (m := _QUANTIFIER.fullmatch(op)):
            low, high = m.groups()
            if "," in op and not high:
                return None
            total += int(high or low or 0)
        else:
            return None
    return total


class _TokenTable:
    """Per token: start and end offsets, sentence number and word ids; sentence starts.

    Read in one `to_array` call. The sentences are those of `doc.sents` (one starts at
    token 0 and wherever `sent_start` is 1), without building a Span per sentence.
    """

    __slots__ = ("ends", "idx", "lemma", "lower", "orth", "sent", "sent_starts")

    def __init__(self, doc: Doc) -> None:
        # Lazy: start-up speed, spaCy loads when matchers are built.
        from spacy.attrs import IDX, LEMMA, LENGTH, LOWER, ORTH, SENT_START

        self.sent_starts: list[int] = []
        self.sent: list[int] = []
        if not len(doc):
            self.idx = self.ends = self.orth = self.lower = self.lemma = []
            return
        columns = doc.to_array([IDX, LENGTH, SENT_START, ORTH, LOWER, LEMMA]).T.tolist()
        idx, lengths, starts, self.orth, self.lower, self.lemma = columns
        self.idx = idx
        self.ends = [i + n for i, n in zip(idx, lengths, strict=True)]
        if "sents" in doc.user_hooks:
            for number, sent in enumerate(doc.sents):
                self.sent += [number] * len(sent)
                self.sent_starts.append(sent.start_char)
            return
        number = 0
        self.sent_starts.append(idx[0])
        for i, start in enumerate(starts):
            if start == 1 and i:
                number += 1
                self.sent_starts.append(idx[i])
            self.sent.append(number)


def _merge(spans: list[tuple[int, int, int]]) -> list[Hit]:
    """Sort and drop hits contained in a longer hit of the same key."""
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[Hit] = []
    for start, end, sent in spans:
        if out and start >= out[-1].start and end <= out[-1].end:
            continue
        out.append(Hit(start, end, sent))
    return out


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300]
