"""Hidden characters: invisible or direction-changing code points that alter how a post reads.

A right-to-left override makes `tnemniatnoC` appear as `Containment`; a zero-width space
or soft hyphen inside a word is invisible to readers but splits the word for search, for
moderation and for postcheck's own rules (`vertrou<U+00AD>welijk` is not `vertrouwelijk`).
Such characters get into drafts by copying from documents and chat apps, or on purpose.
They are not one of the nine guideline categories, so they are reported as a note on the
result, with their positions, and as a warning in the text report.

Not every such code point is suspicious: a zero-width joiner inside an emoji sequence
(👨‍👩‍👧), zero-width (non-)joiners in scripts that need them, direction marks in text that
has right-to-left letters, tag characters of a subdivision flag (🏴 England), and a byte
order mark at the very start are left alone.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

#: Embeddings, overrides and isolates: they reorder what follows, whatever the script.
REORDERING = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
#: Direction marks: needed in right-to-left text, otherwise invisible and pointless.
MARKS = frozenset([0x200E, 0x200F, 0x061C])
#: Joiners: part of emoji sequences and of some scripts, otherwise invisible.
JOINERS = frozenset([0x200C, 0x200D])
INVISIBLE = frozenset(
    [
        0x00AD,  # soft hyphen
        0x034F,  # combining grapheme joiner
        0x115F,  # Hangul choseong filler
        0x1160,  # Hangul jungseong filler
        0x17B4,  # Khmer vowel inherent aq
        0x17B5,  # Khmer vowel inherent aa
        0x180E,  # Mongolian vowel separator
        0x200B,  # zero width space
        *range(0x2060, 0x2065),  # word joiner, invisible operators
        *range(0x206A, 0x2070),  # deprecated format characters
        0x3164,  # Hangul filler
        0xFEFF,  # zero width no-break space (a byte order mark inside the text)
        0xFFA0,  # halfwidth Hangul filler
        *range(0xFFF9, 0xFFFC),  # interlinear annotation
        *range(0x1D173, 0x1D17B),  # musical formatting
        *range(0xE0000, 0xE0080),  # tag characters
    ]
)
_BLACK_FLAG = 0x1F3F4
_CANCEL_TAG = 0xE007F
_TAGS = range(0xE0020, 0xE0080)
#: Shown instead of a hidden or control character in the terminal report (one character,
#: so the offsets of findings still fit).
PLACEHOLDER = "\ufffd"
#: The most positions a note lists; the rest are counted.
MAX_LISTED = 5


def _ranges(codes: frozenset[int]) -> str:
    """A regex character class of the code points, as ranges (a list of single characters
    makes Python's `re` slow)."""
    parts: list[str] = []
    ordered = sorted(codes)
    start = prev = ordered[0]
    for code in [*ordered[1:], -1]:
        if code != prev + 1:
            parts.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else "")
            )
            start = code
        prev = code
    return "[" + "".join(parts) + "]"


#: Any code point of the sets above: most drafts have none, and are done in one search.
_ANY = re.compile(_ranges(REORDERING | MARKS | JOINERS | INVISIBLE))


@dataclass(frozen=True)
class Hidden:
    offset: int
    char: str
    #: "reorder": changes the reading order; "invisible": takes no space.
    kind: str

    @property
    def name(self) -> str:
        return f"U+{ord(self.char):04X} {unicodedata.name(self.char, 'UNNAMED')}"


def find_hidden(text: str) -> list[Hidden]:
    """The hidden characters of a draft that change how it reads, in order."""
    if _ANY.search(text) is None:
        return []
    found: list[Hidden] = []
    rtl: bool | None = None
    in_flag = False
    for i, ch in enumerate(text):
        code = ord(ch)
        if code < 0x00AD:
            in_flag = False
            continue  # fast path: nothing below the soft hyphen is hidden
        if in_flag and code in _TAGS:
            in_flag = code != _CANCEL_TAG
            continue
        in_flag = code == _BLACK_FLAG
        if code in REORDERING:
            found.append(Hidden(i, ch, "reorder"))
        elif code in MARKS:
            if rtl is None:
                rtl = any(
                    unicodedata.bidirectional(c) in ("R", "AL") and ord(c) not in MARKS
                    for c in text
                )
            if not rtl:
                found.append(Hidden(i, ch, "reorder"))
        elif code in JOINERS:
            if _plain(text, i - 1) or _plain(text, i + 1):
                found.append(Hidden(i, ch, "invisible"))
        elif code in INVISIBLE and not (code == 0xFEFF and i == 0):
            found.append(Hidden(i, ch, "invisible"))
    return found


def _plain(text: str, i: int) -> bool:
    """Whether a joiner's neighbour makes it pointless: an edge, a space, Latin or ASCII.

    Emoji sequences and the scripts that use joiners (Arabic, Persian, Indic) have
    neither next to a legitimate joiner.
    """
    if i < 0 or i >= len(text):
        return True
    ch = text[i]
    if ch.isascii():
        return True
    category = unicodedata.category(ch)
    if category[0] in "ZPC":
        return True
    return category[0] == "L" and "LATIN" in unicodedata.name(ch, "")


NOTE = {
    "nl": (
        "Verborgen tekens: {count} onzichtbare of leesrichting-veranderende tekens "
        "({where}). Lezers zien iets anders dan er staat, en woorden met zo'n teken "
        "erin vallen buiten zoekfuncties en buiten de controles van postcheck. "
        "Haal ze weg."
    ),
    "en": (
        "Hidden characters: {count} invisible or direction-changing characters "
        "({where}). Readers see something other than what is written, and words with "
        "such a character inside escape search and postcheck's own checks. "
        "Remove them."
    ),
}
_AT = {"nl": "op", "en": "at"}
_MORE = {"nl": "en nog {n}", "en": "and {n} more"}


def hidden_note(text: str, lang: str) -> str | None:
    """The note for a result, in the report's language; None when nothing is hidden."""
    found = find_hidden(text)
    if not found:
        return None
    pick = "en" if lang == "en" else "nl"
    starts = _line_starts(text)
    listed = []
    for h in found[:MAX_LISTED]:
        line, column = _line_column(starts, h.offset)
        listed.append(f"{h.name} {_AT[pick]} {line}:{column}")
    if len(found) > MAX_LISTED:
        listed.append(_MORE[pick].format(n=len(found) - MAX_LISTED))
    return NOTE[pick].format(count=len(found), where="; ".join(listed))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\r" and text.startswith("\r\n", i):
            i += 1
        if ch in "\r\n":
            starts.append(i + 1)
        i += 1
    return starts


def _line_column(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def visible(text: str) -> str:
    """The draft as the terminal report shows it: same length, nothing hidden or active.

    Hidden characters and control characters (which a terminal would obey: an escape
    sequence in a draft could recolour or clear the screen) become a placeholder, and a
    carriage return a space or line break, which rich would otherwise drop and so shift
    every highlight after it.
    """
    hidden = {h.offset for h in find_hidden(text)}
    out = []
    for i, ch in enumerate(text):
        code = ord(ch)
        if ch == "\r":
            out.append(" " if text.startswith("\n", i + 1) else "\n")
        elif i in hidden or (
            (code < 0x20 and ch not in "\t\n") or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000
        ):
            out.append(PLACEHOLDER)
        else:
            out.append(ch)
    return "".join(out)
