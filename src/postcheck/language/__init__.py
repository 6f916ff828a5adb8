"""Language analysis: the first step after reading a draft.

`pipeline` builds the offline spaCy pipelines (tokenizer, line-break sentences, simplemma
lemmas and compounds) and detects a draft's language; `lemmas` keeps simplemma's word
lists as SQLite in the disk store. Data flows on to `matching`, which runs the matchers
over the Docs made here; nothing in this package knows of rules, packs or profiles.
"""

from __future__ import annotations

from postcheck.language.pipeline import (
    LANGUAGES,
    MAX_WORD,
    detect_language,
    get_pipeline,
    is_known,
    lemma_of,
    pipeline_name,
)

__all__ = [
    "LANGUAGES",
    "MAX_WORD",
    "detect_language",
    "get_pipeline",
    "is_known",
    "lemma_of",
    "pipeline_name",
]
