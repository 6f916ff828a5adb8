"""The `postcheck/1` JSON report: plain, deterministic, for tools and tests."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from pydantic_core import PydanticSerializationError

from postcheck.models import Report, Result


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
    return frame(render_result(result) for result in results)


#: Between two results in the report's `results` list.
SEPARATOR = ",\n    "


def frame(pieces: Iterable[str]) -> Iterator[str]:
    """The report around results already rendered by `render_result`, one or several to a
    piece (joined by `SEPARATOR`, as `--jobs` workers send them)."""
    yield '{\n  "schema": "postcheck/1",\n  "results": ['
    first = True
    for piece in pieces:
        yield "\n    " if first else SEPARATOR
        yield piece  # not joined to the separator: a piece may be megabytes
        first = False
    yield "]\n}\n" if first else "\n  ]\n}\n"


def render_result(result: Result) -> str:
    """One result as it stands in the report's `results` list (indented two levels).

    pydantic's own JSON writer lays out the same bytes as `json.dumps(..., indent=2,
    ensure_ascii=False)` at a quarter of the cost; strings it cannot encode (a file name
    with an unpaired surrogate, from an undecodable name on disk) go the slow way.
    """
    exclude = {"error"} if result.error is None else None
    try:
        text = result.model_dump_json(by_alias=True, indent=2, exclude=exclude)
    except PydanticSerializationError:
        return _indented(result.model_dump(by_alias=True, exclude=exclude), 2)
    return text.replace("\n", "\n    ")


def _indented(value: object, level: int) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` nested at `level`."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)
