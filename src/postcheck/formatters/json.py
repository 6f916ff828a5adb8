"""The `postcheck/1` JSON report: plain, deterministic, for tools and tests."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _encode_str  # type: ignore[attr-defined]

from ..models import Report, Result


def render(report: Report) -> str:
    data = report.model_dump(by_alias=True, exclude_none=False)
    for result in data["results"]:
        if result.get("error") is None:
            result.pop("error", None)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_stream(results: Iterable[Result]) -> Iterator[str]:
    """`render(Report(results=...))`, piece by piece, without holding the whole report.

    A batch of 100,000 drafts makes a report of about 80 MB; rendering it in one string
    (and encoding that) would need several times that in memory. The pieces joined are
    byte for byte what `render` returns; a test holds the two together.
    """
    yield '{\n  "schema": "postcheck/1",\n  "results": ['
    first = True
    for result in results:
        data = result.model_dump(by_alias=True, exclude_none=False)
        if data.get("error") is None:
            data.pop("error", None)
        yield ("\n    " if first else ",\n    ") + _indented(data, 2)
        first = False
    yield "]\n}\n" if first else "\n  ]\n}\n"


def _indented(value: object, level: int) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` nested at `level`, but faster.

    The standard library falls back to its pure-Python encoder whenever `indent` is set;
    here only the layout is Python and every scalar goes through the C encoder.
    """
    if isinstance(value, str):
        return _encode_str(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        items = [_encode_str(str(k)) + ": " + _indented(v, level + 1) for k, v in value.items()]
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        return (
            "["
            + inner
            + ("," + inner).join(_indented(v, level + 1) for v in value)
            + "\n"
            + "  " * level
            + "]"
        )
    return json.dumps(value, ensure_ascii=False)
