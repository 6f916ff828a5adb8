"""The `postcheck/2` JSON report (and its JSON-lines form): plain, deterministic, for tools.

`postcheck/2` differs from `postcheck/1` in two ways only: findings about the profile
(`"scope": "profile"`) are no longer repeated in every result but stand once in a
top-level `"profile"` section with a verdict of their own, and every finding names the
rules merged into it (`"rules"`, its `rule` first).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from pydantic_core import PydanticSerializationError

from postcheck.models import SCHEMA, ProfileSection, Report, Result


def render(report: Report) -> str:
    data = report.model_dump(by_alias=True, exclude_none=False)
    for result in data["results"]:
        if result.get("error") is None:
            result.pop("error", None)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_stream(
    results: Iterable[Result], profile: Callable[[], ProfileSection]
) -> Iterator[str]:
    """`render(Report(results=..., profile=profile()))`, piece by piece, without holding
    the whole report; `profile` is asked once the results are written.

    A batch of 100,000 drafts makes a report of about 80 MB; rendering it in one string
    (and encoding that) would need several times that in memory. The pieces joined are
    byte for byte what `render` returns; a test holds the two together.
    """
    return frame((render_result(result) for result in results), profile)


#: Between two results in the report's `results` list.
SEPARATOR = ",\n    "


def frame(pieces: Iterable[str], profile: Callable[[], ProfileSection]) -> Iterator[str]:
    """The report around results already rendered by `render_result`, one or several to a
    piece (joined by `SEPARATOR`, as `--jobs` workers send them), and the profile section
    after them (known only once every draft is checked)."""
    yield '{\n  "schema": "' + SCHEMA + '",\n  "results": ['
    first = True
    for piece in pieces:
        yield "\n    " if first else SEPARATOR
        yield piece  # not joined to the separator: a piece may be megabytes
        first = False
    yield "],\n" if first else "\n  ],\n"
    yield '  "profile": ' + _indented(profile().model_dump(), 1) + "\n}\n"


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


# ------------------------------------------------------------------------- JSON lines


def render_line(result: Result) -> str:
    """One result as one line of JSON (the keys of a `results` entry), without a newline."""
    exclude = {"error"} if result.error is None else None
    try:
        return result.model_dump_json(by_alias=True, exclude=exclude)
    except PydanticSerializationError:
        data = result.model_dump(by_alias=True, exclude=exclude)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


#: Between two results in JSON lines.
LINE_SEPARATOR = "\n"


def frame_lines(pieces: Iterable[str], profile: Callable[[], ProfileSection]) -> Iterator[str]:
    """One line per result in input order, then one closing line with the schema and the
    profile section: `{"schema": "postcheck/2", "profile": {...}}`."""
    for piece in pieces:
        yield piece
        yield "\n"
    closing = {"schema": SCHEMA, "profile": profile().model_dump()}
    yield json.dumps(closing, ensure_ascii=False, separators=(",", ":")) + "\n"


def render_lines(report: Report) -> str:
    """The whole report as JSON lines (`frame_lines` over its results)."""
    return "".join(frame_lines((render_line(r) for r in report.results), lambda: report.profile))
