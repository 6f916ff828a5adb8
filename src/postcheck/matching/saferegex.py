"""Rule regexes on RE2: matching time grows linearly with the draft, whatever the pattern.

Rule packs are written by many organisations, and one careless pattern such as `(a+)+$`
would make Python's backtracking `re` run for hours on an unlucky draft. RE2 (Google's
engine, the `google-re2` package) has no backtracking, so no pattern can hang a check.

Rule authors write the Python `re` syntax they know; this module translates it to RE2 and
keeps Python's meaning where the two differ: `\\w`, `\\d` and `\\s` match Unicode letters,
digits and spaces (RE2's are ASCII only), `\\uXXXX`, `\\N{NAME}`, `\\Z` and `{,n}` are
rewritten. What RE2 cannot do at all is refused when the pack is loaded, with the construct
named: lookahead and lookbehind, backreferences, atomic groups, possessive quantifiers,
conditionals and verbose mode. `\\b` stays RE2's, which counts only ASCII letters, digits
and `_` as word characters. One more difference is left: where a repeated group can match
the empty string (`(?:a*?b*)*`), RE2 may match more than Python would.

Instead of lookarounds a pattern can match its context and name the part to flag: a
group named `hit` (or `hit_<anything>`, for different alternatives) is the span that is
reported, and a match in which no such group took part is dropped. So
`(?:^|[^\\w@])(?P<hit>@\\w+)` flags handles that are not part of an e-mail address, and
`\\b(?:hoofdzaak|bijzaak)|(?P<hit>\\b\\w+zaak\\b)` flags every `...zaak` but those two, as
RE2 takes the first alternative that matches at a position.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import re2

#: A group with one of these names is the part of the match that is flagged.
HIT_GROUP = re.compile(r"hit(?:_\w+)?\Z")

# Python's `\w`, `\d` and `\s` on str patterns, as RE2 class members. `\w` is what
# `str.isalnum()` or `_` accepts (letters and numbers of every script), `\s` what
# `str.isspace()` accepts.
_WORD = r"\p{L}\p{N}_"
_DIGIT = r"\p{Nd}"
_SPACE = r"\t-\r\x{1c}-\x{1f}\x{85}\p{Z}"
_IN_CLASS = {"w": _WORD, "d": _DIGIT, "s": _SPACE, "D": r"\P{Nd}"}
_OUTSIDE = {
    "w": f"[{_WORD}]",
    "W": f"[^{_WORD}]",
    "d": _DIGIT,
    "D": r"\P{Nd}",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
}

_LOOKAROUND_HINT = (
    "match the context instead and put the part to flag in a group named 'hit', "
    "e.g. (?:^|[^\\w@])(?P<hit>@\\w+) for (?<![\\w@])@\\w+"
)
_UNSUPPORTED_GROUPS = (
    ("(?<=", "lookbehind (?<=...)", _LOOKAROUND_HINT),
    ("(?<!", "negative lookbehind (?<!...)", _LOOKAROUND_HINT),
    ("(?=", "lookahead (?=...)", _LOOKAROUND_HINT),
    (
        "(?!",
        "negative lookahead (?!...)",
        "list what must not be flagged as an earlier alternative and the rest in a group "
        "named 'hit', e.g. \\b(?:hoofdzaak|bijzaak)|(?P<hit>\\b\\w+zaak\\b)",
    ),
    ("(?>", "atomic groups (?>...)", "RE2 never backtracks, so a plain group does the same"),
    ("(?P=", "backreferences (?P=name)", "write the repeated text out"),
    ("(?(", "conditional groups (?(...)...)", "use alternatives"),
)
#: Inline flags RE2 reads as Python does; `u` (Unicode) is Python's default for text anyway.
_FLAGS = set("ims")


class RegexError(ValueError):
    """A pattern RE2 cannot run, or that is not valid; the message says what and why."""


def _unsupported(construct: str, hint: str) -> RegexError:
    return RegexError(
        f"RE2 has no {construct} (postcheck runs regexes with RE2 so that no pattern can "
        f"hang a check); {hint}"
    )


def translate(pattern: str) -> str:
    """The RE2 pattern with the meaning the Python `re` pattern has for Unicode text."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    class_start = 0
    after_quantifier = False
    while i < n:
        ch = pattern[i]
        quantifier = False
        if ch == "\\":
            if i + 1 >= n:
                raise RegexError("invalid regex: the pattern ends with a lone backslash")
            piece, i = _escape(pattern, i, in_class)
            out.append(piece)
            after_quantifier = False
            continue
        if in_class:
            if ch == "]" and i > class_start:
                in_class = False
            elif ch == "[" and pattern.startswith("[:", i):
                end = pattern.find(":]", i + 2)
                if end != -1:  # a POSIX class such as [:alpha:], which RE2 knows
                    out.append(pattern[i : end + 2])
                    i = end + 2
                    continue
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            after_quantifier = False
            class_start = i + 1
            if pattern.startswith("^", class_start):
                class_start += 1
                out.append("[^")
                i += 2
                if pattern.startswith("]", i):  # a literal ] right after [^
                    out.append(r"\]")
                    i += 1
                continue
            out.append("[")
            i += 1
            if pattern.startswith("]", i):
                out.append(r"\]")
                i += 1
            continue
        if ch == "(":
            piece, i = _group_start(pattern, i)
            out.append(piece)
            after_quantifier = False
            continue
        if ch in "*+?":
            if after_quantifier and ch == "+":
                raise _unsupported(
                    "possessive quantifiers (*+, ++, ?+)", "drop the +: RE2 never backtracks"
                )
            if after_quantifier and ch == "?":
                out.append(ch)  # a lazy quantifier
                i += 1
                after_quantifier = False
                continue
            quantifier = True
        elif ch == "{":
            m = re.match(r"\{(\d*)(?:(,)(\d*))?\}", pattern[i:])
            if m and (m.group(1) or m.group(3)):
                low, comma, high = m.group(1) or "0", m.group(2) or "", m.group(3) or ""
                if after_quantifier:
                    raise RegexError("invalid regex: a repeat cannot be repeated")
                out.append("{" + low + comma + high + "}")
                i += m.end()
                after_quantifier = True
                continue
            out.append(r"\{")  # Python reads a { that starts no repeat as a literal
            i += 1
            after_quantifier = False
            continue
        out.append(ch)
        i += 1
        after_quantifier = quantifier
    if in_class:
        raise RegexError("invalid regex: a character class [ is never closed")
    return "".join(out)


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    """One escape sequence starting at the backslash at `i`: its RE2 form and where it ends."""
    c = pattern[i + 1]
    if c in _IN_CLASS and in_class:
        return _IN_CLASS[c], i + 2
    if c in "WS" and in_class:
        raise RegexError(
            f"\\{c} inside [...] is not supported with RE2; write the class negated "
            f"instead, e.g. [^\\s,] for [\\S] without commas"
        )
    if c in _OUTSIDE:
        return _OUTSIDE[c], i + 2
    if c == "Z":
        return r"\z", i + 2
    if c == "C":
        raise RegexError("\\C (a single byte) is not supported")
    if c.isdigit() and c != "0" and not in_class:
        raise _unsupported("backreferences (\\1)", "write the repeated text out")
    if c in "uU":
        size = 4 if c == "u" else 8
        digits = pattern[i + 2 : i + 2 + size]
        if len(digits) != size or not all(d in "0123456789abcdefABCDEF" for d in digits):
            raise RegexError(f"invalid regex: \\{c} needs {size} hexadecimal digits")
        return f"\\x{{{digits}}}", i + 2 + size
    if c == "N":
        m = re.match(r"\\N\{([^}]+)\}", pattern[i:])
        if not m:
            raise RegexError("invalid regex: \\N needs a character name, e.g. \\N{EM DASH}")
        try:
            char = unicodedata.lookup(m.group(1))
        except KeyError:
            raise RegexError(f"invalid regex: unknown character name {m.group(1)!r}") from None
        return f"\\x{{{ord(char):x}}}", i + m.end()
    if c.isalpha() and c not in "abfnrtvxzpPABQE":
        raise RegexError(f"invalid regex: bad escape \\{c}")
    return pattern[i : i + 2], i + 2


def _group_start(pattern: str, i: int) -> tuple[str, int]:
    """An opening parenthesis and what follows it, checked for what RE2 cannot do."""
    if not pattern.startswith("(?", i):
        return "(", i + 1
    for prefix, construct, hint in _UNSUPPORTED_GROUPS:
        if pattern.startswith(prefix, i):
            raise _unsupported(construct, hint)
    if pattern.startswith("(?#", i):
        end = pattern.find(")", i)
        if end == -1:
            raise RegexError("invalid regex: a comment (?# is never closed")
        return "", end + 1  # Python's comment group; RE2 has none
    if pattern.startswith(("(?P<", "(?<", "(?:"), i):
        return pattern[i : i + 3], i + 3
    m = re.match(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])", pattern[i:])
    if m:
        on, off = m.group(1), m.group(2) or ""
        bad = sorted(set(on + off) - _FLAGS - {"u"})
        if bad:
            names = {"x": "verbose mode (?x)", "a": "ASCII mode (?a)", "L": "locale mode (?L)"}
            raise RegexError(
                f"flag {names.get(bad[0], repr(bad[0]))} is not supported with RE2; "
                "use only the flags i, m and s"
            )
        on = on.replace("u", "")
        if not on and not off:
            return ("(?:" if m.group(3) == ":" else ""), i + m.end()
        return f"(?{on}{'-' + off if off else ''}{m.group(3)}", i + m.end()
    return "(?", i + 2


@dataclass(frozen=True)
class SafeRegex:
    """A compiled rule regex; `spans` gives character offsets of what it flags."""

    pattern: str
    _compiled: re2._Regexp
    #: Group numbers of the `hit` groups, in order; empty: the whole match is flagged.
    _hits: tuple[int, ...]

    def search(self, text: str) -> bool:
        """Whether the pattern matches somewhere in `text` (as `re.search` would say)."""
        return self._compiled.search(text) is not None

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Character spans of the flagged parts, left to right, none empty.

        Matching runs on the UTF-8 bytes (encoded once; the RE2 wrapper would encode the
        whole text again for each search), and byte offsets are turned into character
        offsets in one forward pass. After a match with a `hit` group the search goes on
        where the hit ends, so context after one hit can be context before the next.
        """
        data = text.encode("utf-8", "surrogatepass")
        to_char = _CharOffsets(data, ascii_only=len(data) == len(text))
        pos, end = 0, len(data)
        compiled, hits = self._compiled, self._hits
        while pos <= end:
            m = compiled.search(data, pos)
            if m is None:
                return
            m_start, m_end = m.span()
            start = stop = -1
            for group in hits:
                start, stop = m.span(group)
                if start != -1:
                    break
            if not hits:
                start, stop = m_start, m_end
            if start != -1 and stop > start:
                yield to_char(start), to_char(stop)
            following = stop if start != -1 and stop > pos else m_end
            if following > pos:
                pos = following
            else:  # an empty match: step over one whole character
                pos += 1
                while pos < end and data[pos] & 0xC0 == 0x80:
                    pos += 1


class _CharOffsets:
    """Byte offset -> character offset for offsets that never go backwards."""

    def __init__(self, data: bytes, *, ascii_only: bool) -> None:
        self._data = data
        self._ascii = ascii_only
        self._byte = 0
        self._char = 0

    def __call__(self, offset: int) -> int:
        if self._ascii:
            return offset
        if offset < self._byte:
            self._byte = self._char = 0
        # Every character has exactly one byte that is not a continuation byte.
        self._char += len(self._data[self._byte : offset].translate(None, _CONTINUATION))
        self._byte = offset
        return self._char


_CONTINUATION = bytes(range(0x80, 0xC0))


def compile_regex(pattern: str, *, ignore_case: bool = False) -> SafeRegex:
    """Compile a rule's Python-syntax regex for RE2, or say why it cannot run."""
    translated = translate(pattern)
    options = re2.Options()
    options.log_errors = False  # errors are raised here, not printed on stderr
    options.case_sensitive = not ignore_case
    try:
        compiled = re2.compile(translated, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise RegexError(f"invalid regex: {reason}") from None
    hits = tuple(
        sorted(index for name, index in compiled.groupindex.items() if HIT_GROUP.match(name))
    )
    return SafeRegex(pattern, compiled, hits)


class RegexSet:
    """Which of many regexes match a text, found in one pass over it.

    Drafts are short and most rule regexes (phone numbers, IBANs, plates) match none of
    them; one RE2 set search tells which are worth running for their spans, instead of
    searching the text once per regex. Each regex is compiled on its own only when a
    draft first needs its spans: compiling them all cost a cold check 25 ms.
    """

    def __init__(self) -> None:
        options = re2.Options()
        options.log_errors = False
        self._set = re2.Set.SearchSet(options)
        self._patterns: list[tuple[str, bool]] = []
        self._compiled: dict[int, SafeRegex] = {}
        self._ready = False
        #: False when the regexes together exceed what one RE2 set may compile (its
        #: memory budget): then each is searched on its own, slower but still linear.
        self._as_set = True

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, pattern: str, *, ignore_case: bool = False) -> int:
        """Add a rule's Python-syntax regex; its index, or RegexError saying why it cannot run."""
        translated = translate(pattern)
        try:
            self._set.Add(("(?i)" if ignore_case else "") + translated)
        except re2.error:
            compile_regex(pattern, ignore_case=ignore_case)  # raises with RE2's reason
            raise RegexError("invalid regex") from None
        self._patterns.append((pattern, ignore_case))
        return len(self._patterns) - 1

    def matching(self, text: str) -> list[int]:
        """Indices (in the order added) of the regexes that match somewhere in `text`."""
        if not self._patterns:
            return []
        if not self._ready:
            try:
                self._set.Compile()
            except re2.error:
                self._as_set = False
            self._ready = True
        if not self._as_set:
            return [i for i in range(len(self._patterns)) if self.regex(i).search(text)]
        return sorted(self._set.Match(text.encode("utf-8", "surrogatepass")) or ())

    def regex(self, index: int) -> SafeRegex:
        """The compiled regex added as `index` (for its spans)."""
        compiled = self._compiled.get(index)
        if compiled is None:
            pattern, ignore_case = self._patterns[index]
            compiled = self._compiled[index] = compile_regex(pattern, ignore_case=ignore_case)
        return compiled


# ------------------------------------------------------------- Matcher REGEX predicates

#: Token attributes a Matcher pattern may put a REGEX on, and the Token property read.
_TOKEN_TEXT = {
    "TEXT": "text",
    "ORTH": "orth_",
    "LOWER": "lower_",
    "NORM": "norm_",
    "LEMMA": "lemma_",
    "SHAPE": "shape_",
    "PREFIX": "prefix_",
    "SUFFIX": "suffix_",
    "POS": "pos_",
    "TAG": "tag_",
    "DEP": "dep_",
    "ENT_TYPE": "ent_type_",
    "MORPH": "morph",
}
_TOKEN_CACHE_LIMIT = 50_000


def safe_token_patterns(patterns: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Matcher patterns whose `REGEX` predicates run on RE2 instead of Python's `re`.

    spaCy evaluates `{"TEXT": {"REGEX": ...}}` with `re.search` on every token, so a
    backtracking pattern would hang on one long token just as a regex rule would. Each
    such predicate becomes a custom token attribute (`{"_": {"postcheck_re_...": True}}`)
    computed with RE2; its answer is remembered per token text.
    """
    return [[_safe_token_spec(spec) for spec in pattern] for pattern in patterns]


def _safe_token_spec(spec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    extensions: dict[str, Any] = dict(spec.get("_") or {})
    for attr, value in spec.items():
        if attr == "_":
            for name, ext_value in extensions.items():
                if isinstance(ext_value, dict) and "REGEX" in ext_value:
                    raise RegexError(f"REGEX on the custom attribute '{name}' is not supported")
            continue
        if not (isinstance(value, dict) and "REGEX" in value):
            out[attr] = value
            continue
        prop = _TOKEN_TEXT.get(attr.upper())
        if prop is None:
            raise RegexError(f"REGEX is not supported on {attr}")
        rest = {k: v for k, v in value.items() if k != "REGEX"}
        if rest:
            out[attr] = rest
        extensions[_token_extension(prop, str(value["REGEX"]))] = True
    if extensions:
        out["_"] = extensions
    return out


def _token_extension(prop: str, pattern: str) -> str:
    """Register (once) a token attribute that says whether RE2 finds `pattern` in `prop`."""
    # Lazy: start-up speed, spaCy loads when patterns are checked.
    from spacy.tokens import Token

    digest = hashlib.sha256(f"{prop}\0{pattern}".encode("utf-8", "surrogatepass")).hexdigest()
    name = f"postcheck_re_{digest[:16]}"
    if Token.has_extension(name):
        return name
    compiled = compile_regex(pattern)
    answers: dict[str, bool] = {}

    def getter(token: Any) -> bool:
        value = getattr(token, prop)
        text = value if isinstance(value, str) else str(value)
        found = answers.get(text)
        if found is None:
            if len(answers) > _TOKEN_CACHE_LIMIT:
                answers.clear()
            found = answers[text] = compiled.search(text)
        return found

    Token.set_extension(name, getter=getter)
    return name
