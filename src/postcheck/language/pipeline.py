"""The language layer: a spaCy pipeline per language that suits social-media drafts.

Trained Dutch pipelines cannot be installed here (they are not on PyPI), so the default
is `spacy.blank(lang)` plus our own components: a tokenizer that keeps `#hashtags` and
`@mentions` whole, sentence boundaries that respect line breaks, and lemmas from
simplemma (which ships its data, so nothing is downloaded). When a user has a trained
pipeline installed (`nl_core_news_*`, `en_core_web_*`), it is used instead, keeping our
tokenizer tweaks and lemma fallback.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from postcheck.language.lemmas import dictionary_factory

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Languages postcheck has rules and messages for.
LANGUAGES = ("nl", "en")

#: Trained pipelines tried in order when installed; larger ones first.
TRAINED = {
    "nl": ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm"),
    "en": ("en_core_web_lg", "en_core_web_md", "en_core_web_sm"),
}

#: Longer tokens (a run of letters without spaces) are not lemmatized or split into
#: compounds: the longest Dutch words are about 60 letters.
MAX_WORD = 100

#: Environment variable that forces the blank pipeline ("blank") or names a package.
MODEL_ENV = "POSTCHECK_MODEL"

_HANDLE = re.compile(r"^(?:#[^\W_][\w]*|@[\w.]*\w(?:@[\w-]+(?:\.[\w-]+)+)?)$")
_STRIP_FOR_LANG = re.compile(r"https?://\S+|www\.\S+|[@#][\w.@-]+|\S+@\S+\.\w+")


def detect_language(text: str) -> str:
    """Pick Dutch or English for a draft, offline, from the words simplemma knows.

    Links, handles and hashtags are removed first: they are often English in Dutch posts.
    A draft with no known words (emoji only, numbers) counts as Dutch, the default audience.
    """
    # Cut before stripping: the strip pattern backtracks over a long run without spaces,
    # which made a 1 MB one-line draft take many minutes here.
    sample = _STRIP_FOR_LANG.sub(" ", text[:4000])[:2000]
    scores = dict(_langdetect(sample))
    nl, en = scores.get("nl", 0.0), scores.get("en", 0.0)
    return "en" if en > nl else "nl"


class _KnownWords:
    """simplemma's default lemmatization strategy, remembered per word and language.

    `simplemma.langdetect` asks it about every sampled word of every draft; the answer
    depends on the word alone, and most words recur from post to post.
    """

    def __init__(self) -> None:
        self._strategy = _simplemma()[2]
        self._cache: dict[tuple[str, str], str | None] = {}

    def get_lemma(self, token: str, lang: str) -> str | None:
        key = (token, lang)
        try:
            return self._cache[key]
        except KeyError:
            if len(self._cache) > 300_000:
                self._cache.clear()
            lemma = self._cache[key] = self._strategy.get_lemma(token, lang)
            return lemma


@lru_cache(maxsize=1)
def _detectors() -> tuple[object, ...]:
    # Lazy: start-up speed, spaCy/simplemma load when a pipeline is built.
    from simplemma.language_detector import LanguageDetector
    from simplemma.token_sampler import MostCommonTokenSampler, RelaxedMostCommonTokenSampler

    known = _KnownWords()
    samplers = (MostCommonTokenSampler(), RelaxedMostCommonTokenSampler())
    return tuple(LanguageDetector(LANGUAGES, s, known) for s in samplers)  # type: ignore[arg-type]


def _langdetect(text: str) -> list[tuple[str, float]]:
    """`simplemma.langdetect(text, lang=LANGUAGES)`, step for step, with `_KnownWords`."""
    results: list[tuple[str, float]] = []
    for detector in _detectors():
        scores = detector.proportion_in_each_language(text)  # type: ignore[attr-defined]
        results = sorted(scores.items(), key=lambda item: (item[0] == "unk", -item[1]))
        if len(results) == 1 or results[0][1] != results[1][1]:
            return results
    return results


def _trained_name(lang: str) -> str | None:
    choice = os.environ.get(MODEL_ENV, "").strip()
    if choice == "blank":
        return None
    if choice:
        names: tuple[str, ...] = tuple(n for n in choice.split(",") if n.startswith(lang))
    else:
        names = TRAINED.get(lang, ())
    for name in names:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


@lru_cache(maxsize=1)
def _simplemma() -> tuple[Any, Any, Any]:
    """simplemma's lemmatizer, dictionary lookup and default strategy, on cached word lists.

    The same strategies as `simplemma.lemmatize`, `simplemma.is_known` and
    `simplemma.langdetect` use, over `lemmas.dictionary_factory()`: identical answers, but
    a cold run reads only the words it needs.
    """
    # Lazy: start-up speed, spaCy/simplemma load when a pipeline is built.
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy

    factory = dictionary_factory()
    strategy = DefaultStrategy(greedy=False, dictionary_factory=factory)
    return Lemmatizer(lemmatization_strategy=strategy), DictionaryLookupStrategy(factory), strategy


def lemmatize(word: str, lang: str) -> str:
    """`simplemma.lemmatize(word, lang=lang)`."""
    return _simplemma()[0].lemmatize(word, lang)  # type: ignore[no-any-return]


@lru_cache(maxsize=200_000)
def is_known(word: str, lang: str) -> bool:
    """`simplemma.is_known(word, lang=lang)` for a non-empty word (remembered per word)."""
    # Lazy: start-up speed, spaCy/simplemma load when a pipeline is built.
    from simplemma.utils import normalize_token

    return _simplemma()[1].get_lemma(normalize_token(word), lang) is not None


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    """Lemma of one lower-cased word; unknown Dutch compounds get their head lemmatized.

    simplemma knows `brieven` but not `kamerbrieven`; splitting off a known tail gives
    `kamerbrief`, so that rules and topic terms written in base form still match.
    """
    if len(word) > MAX_WORD:
        return word  # no word is this long; splitting it would cost quadratic time
    lemma = lemmatize(word, lang).lower()
    if lemma != word or len(word) < 8 or not word.isalpha() or is_known(word, lang):
        return lemma
    for cut in range(3, len(word) - 3):
        tail = word[cut:]
        if is_known(tail, lang):
            tail_lemma = lemmatize(tail, lang).lower()
            if tail_lemma != tail:
                return word[:cut] + tail_lemma
            return lemma
    return lemma


def lemma_of(text: str, lang: str) -> str:
    """The lemma postcheck uses for a token's text (hashtags lose their `#`)."""
    lower = text.lower()
    if lower.startswith("#") and len(lower) > 1:
        lower = lower[1:]
    elif lower.startswith("@"):
        return lower
    if not any(ch.isalpha() for ch in lower):
        return lower
    if len(lower) > 3 and lower[-2:] in ("'s", "’s"):
        # Dutch plural or genitive of abbreviations and names: azc's, F-35's, Jan's.
        return lower[:-2].replace("’", "'")
    return _lemma(lower, lang)


_LEMMA_IDS: dict[tuple[int, str], tuple[object, dict[int, tuple[bool, int]], dict[int, int]]] = {}


def _lemma_ids(vocab: object, lang: str) -> tuple[dict[int, tuple[bool, int]], dict[int, int]]:
    """Per vocab and language: orth id -> (is a handle, lemma id); lemma id -> lower id.

    Keyed by the vocab because the ids are only meaningful where their strings were added;
    the entry holds the vocab so that its id cannot be reused by another.
    """
    key = (id(vocab), lang)
    entry = _LEMMA_IDS.get(key)
    if entry is None or entry[0] is not vocab:
        entry = _LEMMA_IDS[key] = (vocab, {}, {})
    if len(entry[1]) > 500_000:
        entry[1].clear()
        entry[2].clear()
    return entry[1], entry[2]


def _register_components() -> None:
    # Lazy: start-up speed, spaCy/simplemma load when a pipeline is built.
    from spacy.language import Language

    if "postcheck_lemmas" in Language.factories:
        return

    @Language.component("postcheck_lemmas")
    def postcheck_lemmas(doc: Doc) -> Doc:
        """Our lemma for each token (a trained model's lemma, lower-cased, where it has one).

        Both are functions of the token's text or lemma alone, so they are cached per
        string id: most tokens of a batch of posts are repeats. The ids are read and
        written in one `to_array` and one `from_array` call: a Token object per token
        cost more than the lemmas.
        """
        if not len(doc):
            return doc
        # Lazy: start-up speed, spaCy/simplemma load when a pipeline is built.
        import numpy
        from spacy.attrs import LEMMA, ORTH

        lang = doc.lang_
        strings = doc.vocab.strings
        by_orth, by_lemma = _lemma_ids(doc.vocab, lang)
        lemmas: list[int] = []
        for orth, lemma in doc.to_array([ORTH, LEMMA]).tolist():
            entry = by_orth.get(orth)
            if entry is None:
                text = strings[orth]
                entry = by_orth[orth] = (text[:1] in "#@", strings.add(lemma_of(text, lang)))
            if not lemma or entry[0]:
                lemmas.append(entry[1])
            else:
                lower = by_lemma.get(lemma)
                if lower is None:
                    lower = by_lemma[lemma] = strings.add(strings[lemma].lower())
                lemmas.append(lower)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc

    @Language.component("postcheck_line_breaks")
    def postcheck_line_breaks(doc: Doc) -> Doc:
        """Posts use line breaks as sentence ends (lists, threads, sign-offs).

        A line break is always a space token of its own (a token's trailing whitespace is
        at most one space), so only space tokens need looking at. The starts are written in
        one `from_array` pass: `Token.is_sent_start = True` asks `doc.has_annotation("DEP")`
        each time, a scan of the whole doc, which made a draft of 40,000 lines take minutes.
        """
        # Lazy: start-up speed, spaCy/simplemma load when a pipeline is built.
        from spacy.attrs import IS_SPACE, SENT_START

        if len(doc) < 2:
            return doc
        spaces = doc.to_array(IS_SPACE)
        if not spaces.any():
            return doc
        last = len(doc) - 1
        starts = [i + 1 for i in spaces.nonzero()[0].tolist() if i < last and "\n" in doc[i].text]
        if starts:
            column = doc.to_array([SENT_START])
            column[starts] = 1
            doc.from_array([SENT_START], column)
        return doc


def _tokenizer_settings(defaults: type, default_match: Callable[[str], object] | None) -> dict:
    """Keep handles whole and split a full stop after mixed-case names.

    `#` is a prefix in spaCy's punctuation rules, which would split `#klimaat`; and a
    sentence ending in `PvdA.` keeps its full stop (spaCy only splits after lower case or
    two capitals), so the party name would be missed.
    """
    # Lazy: start-up speed, spaCy/simplemma load when a pipeline is built.
    from spacy.util import compile_prefix_regex, compile_suffix_regex

    prefixes = [p for p in defaults.prefixes if p != "#"]  # type: ignore[attr-defined]
    suffixes = [*defaults.suffixes, r"(?<=[a-z][A-Z])\."]  # type: ignore[attr-defined]

    def token_match(text: str) -> bool:
        if _HANDLE.match(text):
            return True
        return bool(default_match(text)) if default_match else False

    return {
        "prefix_search": compile_prefix_regex(prefixes).search,
        "suffix_search": compile_suffix_regex(suffixes).search,
        # The tokenizer calls this for every chunk; a bare regex needs no Python frame.
        "token_match": _HANDLE.match if default_match is None else token_match,
    }


#: Abbreviations in spaCy's Dutch tokenizer exceptions that are also everyday words,
#: which a post ends a sentence with far more often than it abbreviates them: "Dit gaat
#: te ver. We …", "Top.", "Echt niet best." Kept whole with their full stop, they glued
#: two sentences into one (and "gaat … We" read as "gaan we", a promise).
_WORD_NOT_ABBREVIATION = {
    "nl": frozenset(
        "app bel best dat fin gem hand min pan pas pers pol red stat top ver vol volt".split()
    ),
}


def _exceptions(rules: dict[str, object], lang: str) -> dict[str, object]:
    """The tokenizer exceptions without the words in `_WORD_NOT_ABBREVIATION`."""
    words = _WORD_NOT_ABBREVIATION.get(lang)
    if not words:
        return rules
    return {k: v for k, v in rules.items() if not (k.endswith(".") and k[:-1].lower() in words)}


def _adapt_tokenizer(nlp: Language) -> None:
    """Apply our tokenizer settings to a loaded (trained) pipeline's tokenizer."""
    settings = _tokenizer_settings(nlp.Defaults, nlp.tokenizer.token_match)
    for name, value in settings.items():
        setattr(nlp.tokenizer, name, value)


def _register_tokenizer() -> str:
    """A tokenizer factory that builds ours in one go.

    Setting `prefix_search`, `suffix_search` and `token_match` on an existing tokenizer
    reloads its thousands of special cases each time (about 0.15 s apiece); building the
    tokenizer with them loads the special cases once, as `spacy.blank` does anyway.
    """
    # Lazy: start-up speed, spaCy/simplemma load when a pipeline is built.
    from spacy.util import compile_infix_regex, registry

    name = "postcheck.Tokenizer.v1"
    if name in registry.tokenizers:
        return name

    @registry.tokenizers(name)
    def create_tokenizer() -> Callable[[Language], object]:
        def make(nlp: Language) -> object:
            # Lazy: start-up speed, spaCy/simplemma load when a pipeline is built.
            from spacy.tokenizer import Tokenizer

            defaults = nlp.Defaults
            infixes = defaults.infixes
            return Tokenizer(
                nlp.vocab,
                rules=_exceptions(defaults.tokenizer_exceptions, nlp.lang),
                infix_finditer=compile_infix_regex(infixes).finditer if infixes else None,
                url_match=defaults.url_match,
                **_tokenizer_settings(defaults, defaults.token_match),
            )

        return make

    return name


@lru_cache(maxsize=4)
def get_pipeline(lang: str) -> Language:
    """The pipeline for a language, built once per process."""
    # Lazy: start-up speed, spaCy/simplemma load when a pipeline is built.
    import spacy

    _register_components()
    name = _trained_name(lang)
    if name:
        nlp = spacy.load(name)
        _adapt_tokenizer(nlp)
    else:
        tokenizer = {"@tokenizers": _register_tokenizer()}
        nlp = spacy.blank(lang, config={"nlp": {"tokenizer": tokenizer}})
    # postcheck's own --max-bytes is the limit on a draft; spaCy's (1,000,000 characters)
    # would otherwise end a raised limit in a traceback.
    nlp.max_length = max(nlp.max_length, 1 << 31)
    has_sents = any(p in nlp.pipe_names for p in ("parser", "senter", "sentencizer"))
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    if first:
        nlp.add_pipe("postcheck_line_breaks", before=first)
    else:
        nlp.add_pipe("postcheck_line_breaks")
    if not has_sents:
        nlp.add_pipe("sentencizer")
    nlp.add_pipe("postcheck_lemmas")
    return nlp


def pipeline_name(lang: str) -> str:
    """What the report says about the language pipeline in use."""
    return _trained_name(lang) or f"spacy.blank({lang!r}) + simplemma"
