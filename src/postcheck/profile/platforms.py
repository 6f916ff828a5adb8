"""A draft's length as each platform counts it, against that platform's limit.

Platforms do not count code points: X weighs characters (most scripts count 1, CJK and emoji
count 2) and counts every link as 23 (t.co), Mastodon counts every link as 23 and a remote
mention only up to its domain, the others count what a reader sees as one character (a
grapheme: an emoji with skin tone or a flag is one). A draft that fits by `len()` can
still be refused, which is why the count follows the platform.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Link length on X and Mastodon, whatever the link's own length.
LINK_LENGTH = 23


@dataclass(frozen=True)
class PlatformRule:
    name: str
    limit: int
    #: Links count as LINK_LENGTH instead of their own length.
    short_links: bool = False
    #: X's weighted count (CJK and emoji weigh 2) instead of graphemes.
    weighted: bool = False
    #: `@user@server` counts as `@user` (Mastodon).
    local_mentions: bool = False


PLATFORMS: dict[str, PlatformRule] = {
    "x": PlatformRule("X", 280, short_links=True, weighted=True),
    "mastodon": PlatformRule("Mastodon", 500, short_links=True, local_mentions=True),
    "bluesky": PlatformRule("Bluesky", 300),
    "threads": PlatformRule("Threads", 500),
    "linkedin": PlatformRule("LinkedIn", 3000),
    "instagram": PlatformRule("Instagram", 2200),
    "facebook": PlatformRule("Facebook", 63206),
}

_TLDS = "nl|eu|be|de|fr|uk|com|org|net|info|gov|edu|io|frl|amsterdam|social|app"
#: Links as X and Mastodon recognise them: with a scheme, `www.`, or a bare domain name.
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    rf"|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)
_SCHEME_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""
_REMOTE_MENTION = re.compile(r"(?<![\w@])(@\w+)@[\w.-]+\w", re.UNICODE)

#: Code point ranges X weighs as 1; everything else weighs 2 (twitter-text v3 config).
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_ZWJ = "\u200d"


@dataclass(frozen=True)
class Length:
    platform: str
    count: int
    limit: int

    @property
    def over(self) -> int:
        return max(0, self.count - self.limit)

    def note(self, lang: str) -> str:
        rule = PLATFORMS[self.platform]
        links = f" (links tellen als {LINK_LENGTH})" if rule.short_links else ""
        links_en = f" (links count as {LINK_LENGTH})" if rule.short_links else ""
        if lang == "en":
            text = f"Length on {rule.name}: {self.count} of {self.limit} characters"
            return text + (f", {self.over} too many" if self.over else "") + links_en + "."
        text = f"Lengte op {rule.name}: {self.count} van {self.limit} tekens"
        return text + (f", {self.over} te veel" if self.over else "") + links + "."


def measure(text: str, platform: str) -> Length:
    """The draft's length on `platform` (a key of PLATFORMS)."""
    rule = PLATFORMS[platform]
    text = unicodedata.normalize("NFC", text)
    count = 0
    if rule.local_mentions:
        text = _REMOTE_MENTION.sub(r"\1", text)
    if rule.short_links:
        pattern = _URL if rule.weighted else _SCHEME_URL
        pieces: list[str] = []
        last = 0
        for m in pattern.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in _TRAILING:
                end -= 1
            pieces.append(text[last : m.start()])
            count += LINK_LENGTH
            last = end
        pieces.append(text[last:])
        text = "".join(pieces)
    count += _weighted(text) if rule.weighted else len(graphemes(text))
    return Length(platform, count, rule.limit)


def _weighted(text: str) -> int:
    total = 0
    for cluster in graphemes(text):
        if _is_emoji(cluster):
            total += 2
            continue
        for ch in cluster:
            cp = ord(ch)
            total += 1 if any(lo <= cp <= hi for lo, hi in _LIGHT) else 2
    return total


def _is_emoji(cluster: str) -> bool:
    cp = ord(cluster[0])
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or (len(cluster) > 1 and ("\ufe0f" in cluster or "\u20e3" in cluster))
    )


def _extends(ch: str) -> bool:
    """Characters that belong to the grapheme before them."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or 0xFE00 <= cp <= 0xFE0F  # variation selectors
        or 0x1F3FB <= cp <= 0x1F3FF  # skin tones
        or 0xE0020 <= cp <= 0xE007F  # tag characters (subdivision flags)
        or ch == _ZWJ
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def graphemes(text: str) -> list[str]:
    """User-perceived characters, close to Unicode's extended grapheme clusters.

    Covers what drafts contain: combining accents, emoji with modifiers and ZWJ sequences,
    keycaps, flags and CRLF; no dependency for the rarer scripts' rules.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        start = i
        if text.startswith("\r\n", i):
            out.append("\r\n")
            i += 2
            continue
        if _regional(text[i]) and i + 1 < n and _regional(text[i + 1]):
            i += 2
        else:
            i += 1
        while i < n and _extends(text[i]):
            if text[i] == _ZWJ and i + 1 < n:
                i += 2
            else:
                i += 1
        out.append(text[start:i])
    return out
