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
from functools import lru_cache
from typing import TYPE_CHECKING

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

#: Environment variable that forces the blank pipeline ("blank") or names a package.
MODEL_ENV = "POSTCHECK_MODEL"

_HANDLE = re.compile(r"^(?:#[^\W_][\w]*|@[\w.]*\w(?:@[\w-]+(?:\.[\w-]+)+)?)$")
_STRIP_FOR_LANG = re.compile(r"https?://\S+|www\.\S+|[@#][\w.@-]+|\S+@\S+\.\w+")


def detect_language(text: str) -> str:
    """Pick Dutch or English for a draft, offline, from the words simplemma knows.

    Links, handles and hashtags are removed first: they are often English in Dutch posts.
    A draft with no known words (emoji only, numbers) counts as Dutch, the default audience.
    """
    from simplemma import langdetect

    sample = _STRIP_FOR_LANG.sub(" ", text)[:2000]
    scores = dict(langdetect(sample, lang=LANGUAGES))
    nl, en = scores.get("nl", 0.0), scores.get("en", 0.0)
    return "en" if en > nl else "nl"


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


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    """Lemma of one lower-cased word; unknown Dutch compounds get their head lemmatized.

    simplemma knows `brieven` but not `kamerbrieven`; splitting off a known tail gives
    `kamerbrief`, so that rules and topic terms written in base form still match.
    """
    import simplemma

    lemma = simplemma.lemmatize(word, lang=lang).lower()
    if lemma != word or len(word) < 8 or not word.isalpha() or simplemma.is_known(word, lang=lang):
        return lemma
    for cut in range(3, len(word) - 3):
        tail = word[cut:]
        if simplemma.is_known(tail, lang=lang):
            tail_lemma = simplemma.lemmatize(tail, lang=lang).lower()
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
    return _lemma(lower, lang)


def _register_components() -> None:
    from spacy.language import Language

    if "postcheck_lemmas" in Language.factories:
        return

    @Language.component("postcheck_lemmas")
    def postcheck_lemmas(doc: Doc) -> Doc:
        lang = doc.lang_
        for token in doc:
            if not token.lemma_ or token.text[:1] in "#@":
                token.lemma_ = lemma_of(token.text, lang)
            else:
                token.lemma_ = token.lemma_.lower()
        return doc

    @Language.component("postcheck_line_breaks")
    def postcheck_line_breaks(doc: Doc) -> Doc:
        """Posts use line breaks as sentence ends (lists, threads, sign-offs)."""
        for i, token in enumerate(doc[:-1]):
            nxt = doc[i + 1]
            if "\n" in token.whitespace_ or ("\n" in token.text and token.is_space):
                nxt.is_sent_start = True
        return doc


def _adapt_tokenizer(nlp: Language) -> None:
    """Keep handles whole and split a full stop after mixed-case names.

    `#` is a prefix in spaCy's punctuation rules, which would split `#klimaat`; and a
    sentence ending in `PvdA.` keeps its full stop (spaCy only splits after lower case or
    two capitals), so the party name would be missed.
    """
    from spacy.util import compile_prefix_regex, compile_suffix_regex

    prefixes = [p for p in nlp.Defaults.prefixes if p != "#"]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[a-z][A-Z])\."]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    default_match = nlp.tokenizer.token_match

    def token_match(text: str) -> bool:
        if _HANDLE.match(text):
            return True
        return bool(default_match(text)) if default_match else False

    nlp.tokenizer.token_match = token_match


@lru_cache(maxsize=4)
def get_pipeline(lang: str) -> Language:
    """The pipeline for a language, built once per process."""
    import spacy

    _register_components()
    name = _trained_name(lang)
    nlp = spacy.load(name) if name else spacy.blank(lang)
    _adapt_tokenizer(nlp)
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
