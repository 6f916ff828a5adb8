"""After the rules have spoken: spans a reader can use, and one finding per place.

Rule types report where their evidence matched, and several rules often see the same
words. Two steps run on a draft's findings before they become its result, so that every
rule type profits and none has to know about the others:

- `repair` makes each span quote what a reader needs: for a proximity finding the words
  of the author's own area it is about (the target beside the judgement); never more
  than one paragraph (a blank line, or for a `.docx` draft a paragraph break); never
  half a URL; never a lone emoji or punctuation mark when a word stands beside it.
- `merge` folds findings of one category whose spans overlap into one finding that names
  every rule (`rules`), with the most severe severity: three rules on one voting call
  are one thing to fix, not three.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from postcheck.models import SEVERITY_RANK, Finding

#: A URL as people write them in posts; trailing punctuation belongs to the sentence.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”‘’]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}»"
#: A paragraph break in a text draft: a line break, optional blanks, another line break.
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t\f\v\u00a0]*(?:\r\n|\r|\n)\s*")
#: In a `.docx` draft every paragraph is a line (inputs joins them with newlines).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: Where a sentence ends: the topic must stand in the finding's own sentence.
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
_WORD = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")
_BREAK = re.compile(r"\r\n|\r|\n")
#: The widest span a proximity finding is stretched to, to take in its topic's words.
MAX_EVIDENCE = 160


def paragraphs(text: str, *, docx: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, without the breaks between them."""
    pattern = _LINE_BREAK if docx else _BLANK_LINE
    out, start = [], 0
    for m in pattern.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def repair(
    findings: Sequence[Finding],
    text: str,
    *,
    docx: bool = False,
    topical: Sequence[tuple[int, int]] = (),
) -> list[Finding]:
    """Each post finding with a span a reader can use (see the module's docstring).

    `topical` are the spans of the author's own area and organisation (and of any topic
    area) that the matchers found: the targets a proximity finding is about.
    """
    paras = paragraphs(text, docx=docx)
    para_starts = [p[0] for p in paras]
    urls = [(m.start(), m.end() - _tail(m.group())) for m in _URL.finditer(text)]
    line_starts = [0, *(m.end() for m in _BREAK.finditer(text))]
    out = []
    for f in findings:
        if f.start is None or f.end is None:
            out.append(f)
            continue
        start, end = _repaired(f, text, paras, para_starts, urls, topical)
        if (start, end) == (f.start, f.end):
            out.append(f)
            continue
        line = bisect.bisect_right(line_starts, start)
        out.append(
            f.model_copy(
                update={
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "line": line,
                    "column": start - line_starts[line - 1] + 1,
                }
            )
        )
    return out


def _repaired(
    f: Finding,
    text: str,
    paras: list[tuple[int, int]],
    para_starts: list[int],
    urls: list[tuple[int, int]],
    topical: Sequence[tuple[int, int]],
) -> tuple[int, int]:
    start, end = f.start or 0, f.end or 0
    anchor: int | None = None
    if f.category == "proximity" and topical:
        inside = [t for t in topical if start <= t[0] and t[1] <= end]
        if inside:
            anchor = inside[0][0]
        else:
            near = _nearest(topical, start, end, text, paras, para_starts)
            if near is not None:
                start, end = min(start, near[0]), max(end, near[1])
    # One paragraph: the topic's for a proximity finding, else the one holding most of it.
    if anchor is None:
        anchor = max(paras, key=lambda p: min(end, p[1]) - max(start, p[0]))[0]
    p_start, p_end = paras[max(0, bisect.bisect_right(para_starts, anchor) - 1)]
    start, end = max(start, p_start), min(end, p_end)
    if end <= start:  # the span lay in the break itself: keep the original
        return f.start or 0, f.end or 0
    for u_start, u_end in urls:
        if u_start < start < u_end:
            start = u_start
        if u_start < end < u_end:
            end = u_end
    if not any(c.isalnum() for c in text[start:end]):
        start, end = _with_word(text, start, end, p_start, p_end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else (f.start or 0, f.end or 0)


def _tail(url: str) -> int:
    """How many characters at a URL's end are the sentence's punctuation, not the URL's."""
    n = 0
    while n < len(url) and url[len(url) - 1 - n] in _URL_TAIL:
        n += 1
    return n


def _nearest(
    topical: Sequence[tuple[int, int]],
    start: int,
    end: int,
    text: str,
    paras: list[tuple[int, int]],
    para_starts: list[int],
) -> tuple[int, int] | None:
    """The closest topic span on the finding's own line and paragraph, if near enough."""
    para = paras[max(0, bisect.bisect_right(para_starts, start) - 1)]
    best: tuple[int, tuple[int, int]] | None = None
    for t in topical:
        if t[0] < para[0] or t[1] > para[1]:
            continue
        lo, hi = min(start, t[0]), max(end, t[1])
        gap_lo, gap_hi = (end, t[0]) if t[0] >= end else (t[1], start)
        if hi - lo > MAX_EVIDENCE or _BREAK.search(text, lo, hi):
            continue
        if gap_hi > gap_lo and _SENTENCE_END.search(text, gap_lo, gap_hi):
            continue
        gap = max(t[0] - end, start - t[1], 0)
        if best is None or gap < best[0]:
            best = (gap, t)
    return best[1] if best else None


def _with_word(text: str, start: int, end: int, p_start: int, p_end: int) -> tuple[int, int]:
    """A span of only symbols (an emoji, "!!") with the word just before it, or after it,
    on the same line; unchanged when no word stands beside it."""
    i = start
    while i > p_start and text[i - 1] in " \t":
        i -= 1
    before = [m for m in _WORD.finditer(text, p_start, i) if m.end() == i]
    if before:
        return before[-1].start(), end
    j = end
    while j < p_end and text[j] in " \t":
        j += 1
    after = _WORD.match(text, j, p_end)
    if after:
        return start, after.end()
    return start, end


def merge(findings: Sequence[Finding], text: str) -> list[Finding]:
    """Overlapping post findings of one category as one finding naming every rule.

    The most severe finding of a group speaks for it (the first by position among equals):
    its rule is `rule` and first in `rules`, its message, why and suggestion are shown,
    and the span covers the whole group. Profile findings and findings without a position
    are left as they are. The result is sorted like the input (`Finding.sort_key`).
    """
    by_category: dict[str, list[Finding]] = {}
    out: list[Finding] = []
    for f in findings:
        if f.start is None or f.end is None:
            out.append(f)
        else:
            by_category.setdefault(f.category, []).append(f)
    for group_of_category in by_category.values():
        group_of_category.sort(key=Finding.sort_key)
        group: list[Finding] = []
        group_end = -1
        for f in group_of_category:
            assert f.start is not None and f.end is not None
            # Touching is not overlapping: two words side by side stay two findings.
            if group and f.start < group_end:
                group.append(f)
                group_end = max(group_end, f.end)
                continue
            if group:
                out.append(_merged(group, text))
            group, group_end = [f], f.end
        if group:
            out.append(_merged(group, text))
    out.sort(key=Finding.sort_key)
    return out


def _merged(group: list[Finding], text: str) -> Finding:
    if len(group) == 1:
        return group[0]
    lead = max(group, key=lambda f: SEVERITY_RANK[f.severity])  # max keeps the first
    rules = list(dict.fromkeys(r for f in [lead, *group] for r in f.rules))
    first = group[0]  # sorted by position: it holds the group's start, line and column
    start = first.start or 0
    end = max(f.end or 0 for f in group)
    return lead.model_copy(
        update={
            "rules": rules,
            "start": start,
            "end": end,
            "line": first.line,
            "column": first.column,
            "text": text[start:end],
            "merged": tuple(group),
        }
    )
