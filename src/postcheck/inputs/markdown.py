"""Markdown drafts and approval markers: what a reader sees, at the file's own offsets.

A draft kept in Markdown carries things nobody reads in the post: YAML front matter, HTML
comments, code blocks, and markup (`**`, `#`, the brackets and parentheses of a link). Left
in, they are matched by the rules and counted in the length. So this module blanks them
out: the *masked* text has the same length as the file, every removed character replaced
by a space (line breaks kept), so spaCy, the rules and every finding's line, column and
offset point at the right place in the file itself. Separately it builds the *plain* text,
what a reader of the post sees, for the platform's length: a link `[text](url)` counts as
its text and its URL (platforms count the URL, X as 23 characters), markup and skipped
blocks not at all.

It also collects approval markers, a recorded human decision such as
`<!-- postcheck: akkoord RIJK-CONF-001 door communicatie 2026-12-01 -->`, from HTML
comments, from a `postcheck:` key in the front matter, and, in a plain-text draft, from a
line of its own that starts with `postcheck:`. The engine (`engine.approvals`) checks
them against the rules and applies them; here they are only found, with their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from postcheck.errors import SourceError
from postcheck.yamlio import LineDict, LineList, load_yaml

MARKDOWN_SUFFIXES = (".md", ".markdown")
#: What every marker starts with; drafts without it are not scanned further.
MARKER_WORD = "postcheck:"


@dataclass(frozen=True)
class Marker:
    """An approval marker as written: its line in the file and the words after `postcheck:`."""

    line: int
    text: str


@dataclass(frozen=True)
class Prepared:
    """A draft made ready for checking: the text the engine sees and what it stands for."""

    #: The file's text: what reports show, and what findings' spans are slices of.
    original: str
    #: Same length as `original`, with what the reader does not see blanked out.
    masked: str
    #: What a reader of the post sees, for the platform's length.
    plain: str
    markers: tuple[Marker, ...] = ()
    #: A marker that could not even be read (front matter that is not YAML).
    problem: str | None = None


def is_markdown(path: Path | None) -> bool:
    return path is not None and path.suffix.lower() in MARKDOWN_SUFFIXES


def prepare(text: str, *, markdown: bool) -> Prepared | None:
    """The masked and plain text of a draft, or None when nothing needs blanking.

    A plain-text draft is left alone unless it holds an approval marker; a Markdown draft
    is always prepared (markup is everywhere).
    """
    if markdown:
        return _markdown(text)
    if MARKER_WORD not in text.lower():
        return None
    return _plain_text(text)


# ----------------------------------------------------------------------------- masking


class _Mask:
    """Which characters of the text are hidden, and where a hidden stretch separates words."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.hidden = bytearray(len(text))
        #: Offsets where the plain text gets a space although the characters are hidden
        #: (between a link's text and its URL).
        self.gaps: set[int] = set()

    def hide(self, start: int, end: int) -> None:
        self.hidden[start:end] = b"\x01" * (end - start)

    def masked(self) -> str:
        hidden = self.hidden
        return "".join(
            " " if hidden[i] and ch not in "\r\n" else ch for i, ch in enumerate(self.text)
        )

    def plain(self) -> str:
        out: list[str] = []
        for i, ch in enumerate(self.text):
            if i in self.gaps:
                out.append(" ")
            if not self.hidden[i]:
                out.append(ch)
        text = "".join(out)
        text = re.sub(r"[ \t]+(?=\r?\n)", "", text)
        text = re.sub(r"(\r?\n){3,}", lambda m: m.group(1) * 2, text)
        return text.strip()


_LINE = re.compile(r"[^\n]*(?:\n|$)")
_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.S)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]")
_HEADING = re.compile(r"^( {0,3}#{1,6})(?:[ \t]+|$)")
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_QUOTE = re.compile(r"^( {0,3}>[ \t]?)+")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LINK = re.compile(r"(!?\[)([^\]\n]*)\]\(\s*(<[^>\n]*>|[^\s)]+)(\s+\"[^\"\n]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_EMPHASIS_OPEN = re.compile(r"(?<![\w*~`])(\*{1,3}|_{1,3}|~~)(?=[^\s*_~])")
_EMPHASIS_CLOSE = re.compile(r"(?<=[^\s*_~])(\*{1,3}|_{1,3}|~~)(?![\w*~])")
_CODE_SPAN = re.compile(r"(`+)([^`\n]+?)\1")
_MARKER = re.compile(r"postcheck:(.*)", re.I | re.S)
_PLAIN_MARKER_LINE = re.compile(r"^[ \t]*(?:#|//)?[ \t]*postcheck:[^\n]*", re.I | re.M)


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its break) for every line."""
    out: list[tuple[int, str]] = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and out:
            break
        out.append((match.start(), match.group().rstrip("\r\n")))
    return out


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _markdown(text: str) -> Prepared:
    mask = _Mask(text)
    markers: list[Marker] = []
    problem: str | None = None
    lines = _lines(text)
    body_from = 0
    if lines and lines[0][1].strip() == "---":
        end = next(
            (i for i, (_, ln) in enumerate(lines[1:], 1) if ln.strip() in ("---", "...")), None
        )
        if end is not None:
            stop = lines[end][0] + len(lines[end][1])
            front = text[lines[1][0] : lines[end][0]] if end > 1 else ""
            mask.hide(0, stop)
            body_from = end + 1
            try:
                markers += _front_matter_markers(front)
            except SourceError as exc:
                problem = f"line {(exc.line or 0) + 1}: front matter: {exc.message}"
    for match in _COMMENT.finditer(
        text, lines[body_from][0] if body_from < len(lines) else len(text)
    ):
        mask.hide(match.start(), match.end())
        inner = match.group(1).strip()
        found = _MARKER.match(inner)
        if found:
            markers.append(Marker(_line_of(text, match.start()), " ".join(found.group(1).split())))
    _mask_blocks(text, lines[body_from:], mask)
    for offset, line in lines[body_from:]:
        if all(mask.hidden[offset : offset + len(line)]) and line:
            continue
        _mask_inline(offset, line, mask)
    return Prepared(text, mask.masked(), mask.plain(), tuple(markers), problem)


def _front_matter_markers(front: str) -> list[Marker]:
    """`postcheck: akkoord RULE door WIE DATUM` in the front matter, or a list of those."""
    data = load_yaml("front matter", text=front, max_bytes=1_000_000)
    if not isinstance(data, dict) or "postcheck" not in data:
        return []
    value = data["postcheck"]
    key_line = data.key_lines.get("postcheck", 1) if isinstance(data, LineDict) else 1
    if isinstance(value, str):
        return [Marker(key_line + 1, " ".join(value.split()))]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        lines = value.item_lines if isinstance(value, LineList) else [key_line] * len(value)
        return [Marker(n + 1, " ".join(v.split())) for v, n in zip(value, lines, strict=False)]
    raise SourceError(
        "front matter",
        "'postcheck' must be a marker such as 'akkoord RIJK-CONF-001 door communicatie "
        "2026-12-01', or a list of them",
        line=key_line,
    )


def _mask_blocks(text: str, lines: list[tuple[int, str]], mask: _Mask) -> None:
    """Fenced and indented code blocks, and thematic breaks, hidden whole."""
    fence: str | None = None
    previous_blank = True
    in_list = False
    for offset, line in lines:
        end = offset + len(line)
        if all(mask.hidden[offset:end]) and line:
            previous_blank = False
            continue
        if fence is not None:
            mask.hide(offset, end)
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            continue
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group(1)
            mask.hide(offset, end)
            continue
        blank = not line.strip()
        if _LIST_ITEM.match(line):
            in_list = True
        elif not blank and not _INDENTED.match(line):
            in_list = False
        if _INDENTED.match(line) and previous_blank and not in_list and not blank:
            mask.hide(offset, end)
            continue  # an indented code block continues while lines stay indented
        if _RULE.match(line):
            mask.hide(offset, end)
        previous_blank = blank or (previous_blank and bool(_INDENTED.match(line)) and not in_list)


def _mask_inline(offset: int, line: str, mask: _Mask) -> None:
    """Heading and quote marks, link syntax, emphasis and code-span backticks."""
    heading = _HEADING.match(line)
    if heading:
        mask.hide(offset, offset + heading.end())
        closing = _HEADING_CLOSE.search(line, heading.end())
        if closing:
            mask.hide(offset + closing.start(), offset + closing.end())
    quote = _QUOTE.match(line)
    if quote:
        mask.hide(offset, offset + quote.end())
    for match in _CODE_SPAN.finditer(line):
        mask.hide(offset + match.start(), offset + match.start(2))
        mask.hide(offset + match.end(2), offset + match.end())
    for match in _LINK.finditer(line):
        label, url = match.group(2), match.group(3)
        mask.hide(offset + match.start(), offset + match.start(2))  # "[" or "!["
        mask.hide(offset + match.end(2), offset + match.start(3))  # "]("
        if url.startswith("<"):
            mask.hide(offset + match.start(3), offset + match.start(3) + 1)
            mask.hide(offset + match.end(3) - 1, offset + match.end(3))
        mask.hide(offset + match.end(3), offset + match.end())  # title and ")"
        if label.strip() and label.strip() != url.strip("<>"):
            mask.gaps.add(offset + match.start(3))
        else:
            mask.hide(offset + match.start(2), offset + match.end(2))  # [url](url): once
    for match in _AUTOLINK.finditer(line):
        mask.hide(offset + match.start(), offset + match.start() + 1)
        mask.hide(offset + match.end() - 1, offset + match.end())
    for pattern in (_EMPHASIS_OPEN, _EMPHASIS_CLOSE):
        for match in pattern.finditer(line):
            if heading is None and match.start() == 0 and _LIST_ITEM.match(line):
                continue  # "* item": a list marker, not emphasis
            mask.hide(offset + match.start(), offset + match.end())


# ---------------------------------------------------------------------- plain-text drafts


def _plain_text(text: str) -> Prepared | None:
    """A plain-text draft's markers: `<!-- postcheck: ... -->`, or a line `postcheck: ...`."""
    mask = _Mask(text)
    markers: list[Marker] = []
    for match in _COMMENT.finditer(text):
        found = _MARKER.match(match.group(1).strip())
        if found:
            mask.hide(match.start(), match.end())
            markers.append(Marker(_line_of(text, match.start()), " ".join(found.group(1).split())))
    for match in _PLAIN_MARKER_LINE.finditer(text):
        if any(mask.hidden[match.start() : match.end()]):
            continue
        mask.hide(match.start(), match.end())
        words = match.group().split(":", 1)[1]
        markers.append(Marker(_line_of(text, match.start()), " ".join(words.split())))
    if not markers:
        return None
    markers.sort(key=lambda m: m.line)
    return Prepared(text, mask.masked(), mask.plain(), tuple(markers))
