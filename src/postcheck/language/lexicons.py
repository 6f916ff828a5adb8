"""The evaluative lexicon: words with attributes, read from plain text files.

Judgement that generalises starts from what a word *is* (an insult noun, a violence verb,
praise, an intensifier), not from the sentences someone once wrote with it. Each kind is
one file per language, `<kind>.<lang>.txt` (or `<kind>.txt` for lists such as names
that serve every language), one entry a line:

    entry[<TAB>intensity[<TAB>group]]

An entry is a lemma or a short phrase; intensity is 1 (mild), 2 (clear, the default) or
3 (severe); `group` names the protected group that a slur or group word refers to.
Lines starting with `#` are comments. Entries are indexed by their lemma, their lower-case
form and their folded form (`normalise.fold`), so "Idioot", "idioten" and "1d10ot" all
find one entry; phrases are indexed by their rarest word and matched within a window.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import SourceError
from .normalise import fold

#: Kinds that judge something negatively, and kinds that praise.
NEGATIVE_KINDS = (
    "insult",
    "contempt",
    "incompetence",
    "dehumanising",
    "slur",
    "profanity",
    "hate-verb",
    "violence",
    "negative-stance",
    "reticence",
    "trope",
)
POSITIVE_KINDS = ("praise", "positive-stance")
#: The kinds the analysis knows; a file of another kind is refused with this list.
KINDS = (
    *NEGATIVE_KINDS,
    *POSITIVE_KINDS,
    "intensifier",
    "irony",
    "negator",
    "negation-exception",
    "opinion-frame",
    "group",
    "person-role",
    "first-name",
    "health",
    "illness-context",
    "relation",
    "politician",
    "party",
    "generalising",
    "condemnation",
    "reporting",
    "commitment",
    "time",
    "unpublished",
    "threat-frame",
    "whereabouts-frame",
    "whereabouts",
    "sentiment",
    "pronoun",
    "institution",
    "people",
    "attribution",
    "particle",
    "contrast",
    "correction",
    "figurative",
)

#: Kinds whose words are looked for in disguise too (leet, dropped letters, compounds):
#: the strong words someone might hide from a filter.
STRONG_KINDS = frozenset(
    {"insult", "contempt", "dehumanising", "slur", "profanity", "hate-verb", "violence"}
)
#: Kinds that misspelt forms are looked up in too: the strong words, and the groups they
#: are aimed at ("Mosilms", "vluchtelngen").
FUZZY_KINDS = STRONG_KINDS | {"group"}

#: Closed-class kinds, matched on the word as written only: the lemma of "is" is "zijn",
#: which must not read as the pronoun "zijn".
EXACT_KINDS = frozenset(
    {"pronoun", "negator", "first-name", "illness-context", "particle", "contrast"}
)

#: Kinds indexed as written, not by lemma: a slur is a form ("marokkaantje"), and its
#: lemma can be the neutral group name ("marokkaan").
AS_WRITTEN_KINDS = frozenset({"slur"})

#: Kinds that hold verbs, whose bare stems ("haat", "sla") a lemmatiser may read as nouns.
VERB_KINDS = frozenset({"hate-verb", "violence", "reporting", "commitment", "threat-frame"})

#: Words a phrase match skips over when counting its own words.
_FILLER = frozenset(
    "de het een 't je ze hij zij we wij ik u die dat deze dit er the a an to of".split()
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon line: what the word is and how strong."""

    kind: str
    intensity: int
    group: str | None
    text: str
    words: tuple[str, ...]
    where: str

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass
class Lexicon:
    """All kinds of one language, indexed for lookup per token."""

    lang: str
    by_form: dict[str, list[Entry]] = field(default_factory=dict)
    exact: dict[str, list[Entry]] = field(default_factory=dict)
    phrases: dict[str, list[Entry]] = field(default_factory=dict)
    strong_forms: dict[str, list[Entry]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    #: Word endings of the `people` kind ("-fans"): a plural for a kind of people.
    people_endings: tuple[str, ...] = ()
    #: What disguise lookup found for a word as written (and whether it opened its
    #: sentence): a batch meets the same unknown words again and again.
    disguised: dict[tuple[str, bool], list[Entry]] = field(default_factory=dict)
    #: What `lookup` found for a token's forms (lower-case, lemma, folded): most tokens
    #: of a batch are words met before.
    token_entries: dict[tuple[str, str, str], tuple[Entry, ...]] = field(default_factory=dict)
    #: Per phrase anchor: its phrases with the words a sentence must hold for each
    #: (`lookup._needs`), worked out on first use.
    phrase_needs: dict[str, list[Any]] = field(default_factory=dict)
    _strong_choices: dict[int, list[str]] | None = None
    _pieces: tuple[Any, list[tuple[str, list[Entry]]]] | None = None

    def lookup(self, *forms: str) -> list[Entry]:
        """Entries for any of a token's forms (text first, then lemma and folded form),
        without repeats; closed-class entries only for the first form."""
        found: list[Entry] = list(self.exact.get(forms[0], ())) if forms else []
        for form in forms:
            for entry in self.by_form.get(form, ()):
                if entry not in found:
                    found.append(entry)
        return found

    def strong_choices(self, length: int) -> list[str]:
        """Folded strong words of four letters or more within one letter of `length`: the
        candidates for fuzzy lookup (one edit changes the length by one at most)."""
        if self._strong_choices is None:
            by_len: dict[int, list[str]] = {}
            for f in sorted(self.strong_forms):
                if len(f) >= 4:
                    by_len.setdefault(len(f), []).append(f)
            self._strong_choices = by_len
        by_len = self._strong_choices
        # Sorted as one list, so that ties between equally near words fall as they always did.
        return sorted(f for n in (length - 1, length, length + 1) for f in by_len.get(n, ()))

    def piece_index(self) -> tuple[Any, list[tuple[str, list[Entry]]]]:
        """For words run together: one RE2 search for any strong form of three letters or
        more (linear in the word, whatever the lexicon's size), and the forms of the kinds
        a run-together word may contain, to list once a strong form is there."""
        if self._pieces is None:
            import re2

            strong = sorted(
                {f for f in self.strong_forms if len(f) >= 3 and f.isalpha()}, key=len, reverse=True
            )
            pattern = re2.compile("|".join(re2.escape(f) for f in strong) or "(?!)")
            forms = [
                (form, entries)
                for form, entries in self.by_form.items()
                if len(form) >= 3 and " " not in form
            ]
            self._pieces = (pattern, forms)
        return self._pieces

    def add(self, entry: Entry, forms: Iterable[str]) -> None:
        if entry.is_phrase:
            anchor = max((w for w in entry.words if w not in _FILLER), key=len, default="")
            if anchor:
                self.phrases.setdefault(anchor, []).append(entry)
            return
        if entry.kind in EXACT_KINDS:
            bucket = self.exact.setdefault(entry.text, [])
            if entry not in bucket:
                bucket.append(entry)
            return
        for form in dict.fromkeys(forms):
            if not form:
                continue
            bucket = self.by_form.setdefault(form, [])
            if entry not in bucket:
                bucket.append(entry)
            if entry.kind in FUZZY_KINDS:
                bucket = self.strong_forms.setdefault(form, [])
                if entry not in bucket:
                    bucket.append(entry)


def verb_forms(lemma: str) -> list[str]:
    """The present-tense stems of a Dutch infinitive that a lemmatiser may leave alone.

    "haten" gives "haat", "slaan" gives "sla", "leven" gives "leef": simplemma often
    lemmatises the bare stem to a noun ("haat") rather than to the verb.
    """
    if not lemma.endswith("en") or len(lemma) < 4 or " " in lemma:
        return []
    stem = lemma[:-2]
    if (
        len(stem) >= 3
        and stem[-1] not in "aeiou"
        and stem[-2] in "aeou"
        and stem[-3] not in "aeiou"
    ):
        stem = stem[:-1] + stem[-2] + stem[-1]
    if stem.endswith(("v", "z")):
        stem = stem[:-1] + {"v": "f", "z": "s"}[stem[-1]]
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
        stem = stem[:-1]
    return [stem, stem + "t"]


#: Kinds whose Dutch phrases judge with a finite verb ("werkt niet", "gaat te ver"), which
#: a subordinate clause moves to the end ("dat het niet werkt", "als dat te ver gaat").
STANCE_KINDS = frozenset({"negative-stance", "positive-stance"})


def verb_final(entry: Entry) -> list[Entry]:
    """The same judgement in subordinate-clause order: the finite verb that opens the phrase
    at its end ("werkt niet": "niet werkt"; "slaat nergens op": "nergens op slaat") or after
    the word it precedes ("gaat niet werken": "niet gaat werken").

    The entry is written in main-clause order; its first word is a finite verb when the
    lemmatiser changes it into an infinitive ("werkt" to "werken"), which leaves nouns and
    adjectives ("ramp", "onwerkbaar") alone.
    """
    words = entry.words
    written = entry.text.split()
    if len(words) < 2 or len(written) != len(words):
        return []
    if written[0] == words[0] or not words[0].endswith("n"):
        return []
    orders = [(*words[1:], words[0])]
    if len(words) >= 3 and words[1] in ("niet", "nooit", "geen"):
        orders.append((words[1], words[0], *words[2:]))
    return [
        Entry(entry.kind, entry.intensity, entry.group, entry.text, order, entry.where)
        for order in orders
    ]


def read_lexicons(
    folder: Path, lang: str, lemma: Callable[[str], str], *, kinds: Iterable[str] = KINDS
) -> Lexicon:
    """Read every `<kind>.<lang>.txt` in `folder`; a malformed line is a `SourceError`."""
    lex = Lexicon(lang)
    wanted = set(kinds)
    for path in sorted(folder.glob("*.txt")):
        kind, _, file_lang = path.name[: -len(".txt")].partition(".")
        if file_lang not in ("", lang):
            continue  # another language's list; `<kind>.txt` serves every language
        if kind not in KINDS:
            raise SourceError(
                path, f"unknown lexicon kind '{kind}'", hint="kinds: " + ", ".join(KINDS)
            )
        if kind not in wanted:
            continue
        count = 0
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if kind == "people" and line.startswith("-"):
                lex.people_endings = (*lex.people_endings, line[1:].strip().lower())
                count += 1
                continue
            entry = _entry(kind, line, f"{path}:{number}", lemma, path, number, lang)
            count += 1
            # Entries are base forms: a draft's token meets them through its own lemma.
            # Lemmatising the entry as well would misread some ("wilden", savages, is
            # also the past tense of "willen").
            forms = [entry.text, fold(entry.text)]
            if not entry.is_phrase and lang == "nl" and kind in VERB_KINDS:
                forms += verb_forms(entry.text)
            lex.add(entry, forms)
            if lang == "nl" and kind in STANCE_KINDS:
                for variant in verb_final(entry):
                    lex.add(variant, ())
        lex.counts[kind] = lex.counts.get(kind, 0) + count
    return lex


def _entry(
    kind: str,
    line: str,
    where: str,
    lemma: Callable[[str], str],
    path: Path,
    number: int,
    lang: str = "nl",
) -> Entry:
    parts = [p.strip() for p in line.split("\t")]
    text = parts[0].lower()
    intensity = 2
    if len(parts) > 1 and parts[1]:
        if parts[1] not in {"1", "2", "3"}:
            raise SourceError(
                path, f"intensity '{parts[1]}' is not 1, 2 or 3", line=number, hint=f"in '{line}'"
            )
        intensity = int(parts[1])
    group = parts[2] if len(parts) > 2 and parts[2] else None
    if len(parts) > 3:
        raise SourceError(path, "too many fields (entry, intensity, group)", line=number)
    # English contractions only: a Dutch "'s" is a plural ("homo's", "foto's"), one word
    split = _split_contractions(text.split()) if lang == "en" else text.split()
    words = tuple(lemma(w) if w.isalpha() else w for w in split)
    return Entry(kind, intensity, group, text, words, where)


#: English contractions as the tokenizer splits them: "can't" is "ca" + "n't", "i'll" is
#: "i" + "'ll". An entry written "can't stand" must meet those two tokens, so its words
#: are split the same way ("ca" becomes "can", the lemma of the token "ca").
_NOT = re.compile(r"^(\w+)n't$")
_CLITIC = re.compile(r"^(\w+)('re|'s|'ll|'m|'ve|'d)$")
_NOT_STEMS = {"ca": "can", "wo": "will", "sha": "shall"}


def _split_contractions(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if w == "cannot":
            out += ["can", "not"]
        elif m := _NOT.match(w):
            out += [_NOT_STEMS.get(m.group(1), m.group(1)), "n't"]
        elif m := _CLITIC.match(w):
            out += [m.group(1), m.group(2)]
        else:
            out.append(w)
    return out
