"""The pieces of a draft that the semantic layer reads besides the whole post.

One risky sentence in a long LinkedIn post is diluted in the post's single embedding, so
the semantic heads also score each sentence of four words or more. Training and run time
must cut drafts the same way, hence one small function without the spaCy pipeline.
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[.!?…])\s+(?=[^\s])|\n+")
#: Shorter pieces say too little for an embedding to mean much.
MIN_WORDS = 4
#: A draft is read in at most this many pieces (the longest posts have ~30 sentences).
MAX_SEGMENTS = 40


def segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each sentence or line of at least `MIN_WORDS` words."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for m in [*_BOUNDARY.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        stripped = piece.strip()
        if len(stripped.split()) >= MIN_WORDS:
            start = pos + (len(piece) - len(piece.lstrip()))
            out.append((start, start + len(stripped), stripped))
            if len(out) >= MAX_SEGMENTS:
                break
        if m:
            pos = m.end()
    return out
