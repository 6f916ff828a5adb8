"""Reading drafts: files, folders, Word documents, JSONL batches and stdin.

Text is decoded strictly so nothing is lost silently. Anything that cannot be read becomes
a `Failure` in its place, naming the input, and the other drafts are still checked: one
bad file in a folder of two hundred must not hide the other 199.
"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import io
import json
import os
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from postcheck.models import Draft

#: Lines per draft for each byte of `--max-bytes`: 10,000 lines at the default 1 MB. A post
#: has a handful of lines and a long article a few hundred; a draft of 40,000 short lines
#: cost the analysis a minute (see README "Limits"), so it is refused with one line.
BYTES_PER_LINE = 100

STDIN = "-"
STDIN_NAME = "<stdin>"
#: Default limit per draft; a post is a few hundred characters, a long article 50 KB.
MAX_BYTES = 1_000_000
#: A Word file carries styles, fonts and images besides the text; the text limit is
#: applied to what is extracted, this one only keeps a huge file from being unpacked.
MAX_DOCX_BYTES = 50_000_000
#: What a Word file may unpack to: text, styles and images of a long report fit easily.
MAX_DOCX_UNPACKED = 200_000_000
#: What its XML parts (the body, styles, numbering, relations) may unpack to. python-docx
#: parses them whole with lxml, at about seven times their size in memory, so this is the
#: bound that matters: a 300-page report's XML is under 10 MB, while a 1 MB file can
#: unpack to 450 MB of markup (3.4 GB of memory) with next to no text in it.
MAX_DOCX_XML = 32_000_000
DOCX = ".docx"
DRAFT_SUFFIXES = (".txt", ".md", DOCX)


@dataclass(frozen=True)
class Failure:
    source: str
    error: str


@dataclass(frozen=True)
class InlineProfile:
    """A profile named in a JSONL line: a path (relative to `base`) or a mapping."""

    value: str | dict[str, Any]
    #: Where it was given, for error messages: `drafts.jsonl:3`.
    where: str
    base: Path


@dataclass(frozen=True)
class Item:
    """A draft to check and what decides its profile."""

    draft: Draft
    #: The file the draft came from: profile discovery starts in its folder (None: cwd).
    path: Path | None = None
    profile: InlineProfile | None = None


#: Byte order marks, longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bom_encoding(data: bytes) -> str | None:
    return next((name for bom, name in BOMS if data.startswith(bom)), None)


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode strictly: a byte order mark decides, else `encoding` (default UTF-8).

    Nothing is replaced or dropped silently: a draft that does not decode is an error
    that says at which byte, and how to name the right encoding.
    """
    name = _bom_encoding(data) or encoding or "utf-8"
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        # The utf-8-sig codec counts from after its 3-byte mark; the others from byte 0.
        at = exc.start + (len(codecs.BOM_UTF8) if name == "utf-8-sig" else 0)
        label = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}
        hint = (
            " (save the draft as UTF-8, or name its encoding, e.g. --encoding cp1252)"
            if name == "utf-8"
            else ""
        )
        raise ValueError(f"not valid {label.get(name, name)} at byte {at}{hint}") from None
    except UnicodeError as exc:  # e.g. a UTF-32 code point beyond U+10FFFF
        raise ValueError(f"not valid {name}: {exc}") from None


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"draft is {size:,} bytes, more than the limit of {max_bytes:,} (raise it with --max-bytes)"
    )


def _text(data: bytes, source: str, max_bytes: int, encoding: str | None = None) -> str | Failure:
    if len(data) > max_bytes:
        return Failure(source, _too_large(len(data), max_bytes))
    binary = Failure(source, "looks like a binary file, not a text draft")
    if b"\x00" in data and encoding is None and _bom_encoding(data) is None:
        return binary  # before decoding: "binary" says more than "not UTF-8 at byte 2"
    try:
        text = decode(data, source, encoding)
    except ValueError as exc:
        return Failure(source, str(exc))
    return binary if "\x00" in text else text


def unpaired_surrogate(text: str) -> str | None:
    """Where `text` holds half a UTF-16 pair (JSON allows `"\\ud800"`): no valid Unicode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"holds an unpaired surrogate U+{ord(text[exc.start]):04X} at character {exc.start}"
    return None


def max_lines(max_bytes: int) -> int:
    """The line limit that goes with a byte limit (`BYTES_PER_LINE`)."""
    return max(1, max_bytes // BYTES_PER_LINE)


def _too_many_lines(text: str, max_bytes: int) -> str | None:
    limit = max_lines(max_bytes)
    # A final line break ends the last line; it does not start another.
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines <= limit:
        return None
    return (
        f"draft has {lines:,} lines, more than the limit of {limit:,} "
        "(raise it with --max-bytes: 1 line per 100 bytes)"
    )


def _draft(text: str | Failure, source: str, max_bytes: int = MAX_BYTES) -> Draft | Failure:
    if isinstance(text, Failure):
        return text
    if not text.strip():
        return Failure(source, "the draft is empty")
    too_many = _too_many_lines(text, max_bytes)
    if too_many:
        return Failure(source, too_many)
    return Draft(source, text)


def _read(data: bytes, source: str, max_bytes: int, encoding: str | None = None) -> Draft | Failure:
    return _draft(_text(data, source, max_bytes, encoding), source, max_bytes)


# ------------------------------------------------------------------------ files and folders


def is_excluded(path: Path, patterns: Sequence[str]) -> bool:
    """Glob patterns match the path as given, its name, or any folder on the way."""
    if not patterns:
        return False
    posix = path.as_posix()
    parts = path.parts
    return any(
        fnmatch.fnmatch(posix, pat) or any(fnmatch.fnmatch(part, pat) for part in parts)
        for pat in patterns
    )


def _is_dir(path: Path) -> bool:
    """`path.is_dir()`, False where a folder on the way cannot be entered (reading the
    path then says why, in its place)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _walk_entry(path: Path) -> Path | Failure | None:
    """A draft found in a folder: the path, a Failure for a link that leads nowhere, or
    None for what is no draft (a FIFO or socket named like one would block the walk)."""
    try:
        if path.is_file():
            return path
    except OSError as exc:
        return Failure(str(path), f"cannot read: {exc.strerror or exc}")
    if path.is_symlink():
        try:
            path.stat()
        except FileNotFoundError:
            return Failure(str(path), "a symbolic link to nothing")
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return Failure(str(path), "a symbolic link that loops")
            return Failure(str(path), f"cannot read: {exc.strerror or exc}")
    return None


def walk_items(folder: Path, exclude: Sequence[str] = ()) -> list[Path | Failure]:
    """Drafts in a folder tree, sorted; hidden files and folders (.git, .venv) are skipped,
    and so are Word's lock files (`~$concept.docx`), which exist while a draft is open.

    Nothing is skipped silently: a subfolder that cannot be listed, and a link named like
    a draft that leads nowhere or loops, each come back as a Failure in their place.
    """
    found: list[tuple[Path, Path | Failure]] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        message = f"cannot read the folder: {exc.strerror or exc}"
        found.append((where, Failure(str(where), message)))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not is_excluded(Path(root, d), exclude)
        )
        for name in files:
            path = Path(root, name)
            if (
                not name.startswith((".", "~$"))
                and path.suffix.lower() in DRAFT_SUFFIXES
                and not is_excluded(path, exclude)
            ):
                entry = _walk_entry(path)
                if entry is not None:
                    found.append((path, entry))
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


def walk(folder: Path, exclude: Sequence[str] = ()) -> list[Path]:
    """The readable drafts of `walk_items` (for callers that report no failures)."""
    return [p for p in walk_items(folder, exclude) if isinstance(p, Path)]


def read_items(
    names: Sequence[str],
    *,
    max_bytes: int = MAX_BYTES,
    exclude: Sequence[str] = (),
    encoding: str | None = None,
    stdin_filename: str | None = None,
) -> list[Item | Failure]:
    """Each named input in order; folders expand to their drafts, excluded files are skipped.

    An excluded file named explicitly is skipped too, silently: pre-commit and editors pass
    every changed file, and a file the user excluded is not an error. `stdin_filename`
    names the draft piped in (an editor's buffer): reports use the name, the profile is
    found from its folder, and its suffix says whether it is Markdown.
    """
    out: list[Item | Failure] = []
    for name in names:
        if name == STDIN:
            item = _read_stdin(max_bytes, encoding, stdin_filename or STDIN_NAME)
            path = Path(stdin_filename) if stdin_filename else None
            out.append(Item(item, path) if isinstance(item, Draft) else item)
            continue
        path = Path(name)
        if is_excluded(path, exclude):
            continue
        if _is_dir(path):
            files = walk_items(path, exclude)
            if not files:
                out.append(Failure(name, "folder holds no drafts (*.txt, *.md, *.docx)"))
            out += [
                _item(read_file(p, max_bytes, encoding), p) if isinstance(p, Path) else p
                for p in files
            ]
        else:
            out.append(_item(read_file(path, max_bytes, encoding), path))
    return out


def _read_stdin(max_bytes: int, encoding: str | None, name: str = STDIN_NAME) -> Draft | Failure:
    """Whatever arrives before standard input closes; a pipe that closes early is a short draft."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return Failure(name, "standard input is closed")
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        return Failure(name, f"cannot read: {exc.strerror or exc}")
    return _read(data, name, max_bytes, encoding)


def _item(result: Draft | Failure, path: Path) -> Item | Failure:
    return Item(result, path) if isinstance(result, Draft) else result


def read_file(
    path: Path, max_bytes: int = MAX_BYTES, encoding: str | None = None
) -> Draft | Failure:
    source = str(path)
    limit = MAX_DOCX_BYTES if path.suffix.lower() == DOCX else max_bytes
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        return Failure(source, "no such file")
    except IsADirectoryError:
        return Failure(source, "is a folder")
    except OSError as exc:
        return Failure(source, f"cannot read: {exc.strerror or exc}")
    if path.suffix.lower() == DOCX:
        if len(data) > limit:
            return Failure(source, f"Word file is larger than {limit:,} bytes")
        return _draft(_docx_text(data, source, max_bytes), source, max_bytes)
    return _read(data, source, max_bytes, encoding)


#: The parts of a Word package that python-docx parses as XML.
_XML_PARTS = (".xml", ".rels")


def _docx_text(data: bytes, source: str, max_bytes: int) -> str | Failure:
    """The body text of a Word document, paragraphs and table cells in document order.

    Paragraphs are joined with newlines, so positions in findings are offsets into this
    text: line N is the document's N-th paragraph.
    """
    # Lazy: start-up speed, python-docx loads for .docx drafts only.
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            # The sizes in the zip's directory bound what zipfile will unpack for each part.
            parts = package.infolist()
            unpacked = sum(info.file_size for info in parts)
            xml = sum(info.file_size for info in parts if info.filename.endswith(_XML_PARTS))
        if unpacked > MAX_DOCX_UNPACKED:
            # A few kilobytes can unpack to gigabytes (a zip bomb); python-docx would try.
            return Failure(source, f"Word file unpacks to more than {MAX_DOCX_UNPACKED:,} bytes")
        if xml > MAX_DOCX_XML:
            return Failure(
                source, f"Word file's text parts unpack to more than {MAX_DOCX_XML:,} bytes"
            )
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        return Failure(source, "not a Word document (.docx); save it as .docx or as text")
    except Exception as exc:  # a damaged package can fail anywhere in lxml or zipfile
        return Failure(source, f"cannot read the Word document: {exc}")
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            lines.append(block.text)
    text = "\n".join(lines)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return Failure(source, _too_large(size, max_bytes))
    return text


# ---------------------------------------------------------------------------------- JSONL


@dataclass(frozen=True, slots=True)
class JsonlLine:
    """One line of a JSONL batch, read but not yet parsed.

    Parsing a line costs as much as a tenth of checking it; left to whoever checks the
    line (`Session.check` parses it), a `--jobs` run spreads that over its workers too.
    """

    raw: bytes
    where: str
    path: Path | None
    base: Path
    max_bytes: int

    def parse(self) -> Item | Failure:
        return _jsonl_item(self.raw, self.where, self.path, self.base, self.max_bytes)


def read_jsonl(name: str, *, max_bytes: int = MAX_BYTES) -> list[Item | Failure]:
    """One draft per line: `{"text": ..., "id": ..., "profile": PATH or {...}}`.

    Blank lines are skipped. A line that is not a JSON object with a string `text` becomes
    a failure named `FILE:LINE` (or by its id), and the other lines are still checked.
    Relative profile paths are resolved against the JSONL file's folder (stdin: the
    current folder).
    """
    lines = read_jsonl_lines(name, max_bytes=max_bytes)
    return [e.parse() if isinstance(e, JsonlLine) else e for e in lines]


def read_jsonl_lines(name: str, *, max_bytes: int = MAX_BYTES) -> list[JsonlLine | Failure]:
    """`read_jsonl` without the parsing: each line as read, for `Session.check` to parse."""
    if name == STDIN:
        return list(_jsonl_lines(sys.stdin.buffer, STDIN_NAME, None, max_bytes))
    path = Path(name)
    try:
        with path.open("rb") as fh:
            return list(_jsonl_lines(fh, name, path, max_bytes))
    except FileNotFoundError:
        return [Failure(name, "no such file")]
    except IsADirectoryError:
        return [Failure(name, "is a folder, not a JSONL file")]
    except OSError as exc:
        return [Failure(name, f"cannot read: {exc.strerror or exc}")]


def count_lines(name: str) -> int:
    """Lines in a JSONL file, counted without parsing (0 for stdin or an unreadable file).

    Enough to tell a large batch before reading it, so that `--jobs` workers can load
    while it is read.
    """
    if name == STDIN:
        return 0
    try:
        with open(name, "rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except OSError:
        return 0


def _jsonl_lines(
    stream: BinaryIO, name: str, path: Path | None, max_bytes: int
) -> Iterable[JsonlLine | Failure]:
    """`path` is the JSONL file: its folder anchors profile discovery and relative paths."""
    base = Path.cwd() if path is None else path.absolute().parent
    # JSON may spell every character as a 6-byte \uXXXX escape; id and profile come on top.
    limit = 6 * max_bytes + 100_000
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            # Never hold a runaway line in memory: skip to its end in bounded pieces.
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
            yield Failure(f"{name}:{number}", f"line is longer than {limit:,} bytes")
            continue
        if not raw.strip():
            continue
        yield JsonlLine(raw, f"{name}:{number}", path, base, max_bytes)


def _jsonl_item(
    raw: bytes, where: str, path: Path | None, base: Path, max_bytes: int
) -> Item | Failure:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return Failure(where, f"not valid UTF-8 at byte {exc.start}")
    except json.JSONDecodeError as exc:
        # Some messages end in "at" already ("Unterminated string starting at").
        return Failure(
            where, f"not valid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}"
        )
    except RecursionError:
        # `[[[[...]]]]` 100,000 deep: the line is refused, the rest of the batch is checked.
        return Failure(where, "not valid JSON: nested too deeply")
    if not isinstance(data, dict):
        return Failure(where, 'each line must be a JSON object like {"text": "..."}')
    ident = data.get("id")
    if ident is not None and (not isinstance(ident, (str, int)) or isinstance(ident, bool)):
        return Failure(where, "'id' must be a string or a number")
    if isinstance(ident, str) and unpaired_surrogate(ident):
        return Failure(where, f"'id' {unpaired_surrogate(ident)}")
    source = str(ident) if ident is not None else where
    text = data.get("text")
    if not isinstance(text, str):
        missing = "missing 'text'" if text is None else "'text' must be a string"
        return Failure(source, missing if source == where else f"{where}: {missing}")
    broken = unpaired_surrogate(text)
    if broken:
        return Failure(
            source, f"{where}: 'text' {broken}" if source != where else f"'text' {broken}"
        )
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return Failure(source, _too_large(size, max_bytes))
    if not text.strip():
        return Failure(source, "the draft is empty")
    too_many = _too_many_lines(text, max_bytes)
    if too_many:
        return Failure(source, too_many)
    profile = data.get("profile")
    if profile is not None and not isinstance(profile, (str, dict)):
        return Failure(source, f"{where}: 'profile' must be a path or a mapping")
    inline = InlineProfile(profile, where, base) if profile is not None else None
    return Item(Draft(source, text), path, inline)
