"""Reading drafts: files, folders and stdin, decoded strictly so nothing is lost silently.

A draft that cannot be read becomes an error result naming the input; the other drafts
are still checked.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .engine import Draft

STDIN = "-"
#: Default limit per draft; a post is a few hundred characters, a long article 50 KB.
MAX_BYTES = 1_000_000
DRAFT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Failure:
    source: str
    error: str


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), or UTF-16 with a BOM; anything else is an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 at byte {exc.start} (save the draft as UTF-8)") from None


def _read(data: bytes, source: str, max_bytes: int) -> Draft | Failure:
    if len(data) > max_bytes:
        return Failure(
            source,
            f"draft is {len(data):,} bytes, more than the limit of "
            f"{max_bytes:,} (raise it with --max-bytes)",
        )
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Failure(source, "looks like a binary file, not a text draft")
    try:
        text = decode(data, source)
    except (ValueError, UnicodeDecodeError) as exc:
        return Failure(source, str(exc))
    if not text.strip():
        return Failure(source, "the draft is empty")
    return Draft(source, text)


def read_inputs(names: list[str], *, max_bytes: int = MAX_BYTES) -> list[Draft | Failure]:
    """Each named input in order; folders expand to their drafts in sorted order."""
    out: list[Draft | Failure] = []
    for name in names:
        if name == STDIN:
            out.append(_read(sys.stdin.buffer.read(max_bytes + 1), "<stdin>", max_bytes))
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in DRAFT_SUFFIXES and p.is_file())
            if not files:
                out.append(Failure(name, "folder holds no drafts (*.txt, *.md)"))
            out += [_read_file(p, max_bytes) for p in files]
        else:
            out.append(_read_file(path, max_bytes))
    return out


def _read_file(path: Path, max_bytes: int) -> Draft | Failure:
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return Failure(str(path), "no such file")
    except IsADirectoryError:
        return Failure(str(path), "is a folder")
    except OSError as exc:
        return Failure(str(path), f"cannot read: {exc.strerror or exc}")
    return _read(data, str(path), max_bytes)
