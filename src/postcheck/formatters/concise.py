"""One line per finding, `FILE:LINE:COL: SEVERITY CATEGORY MESSAGE [RULE]`, for editors
and grep (as `ruff --output-format concise`, `vale --output=line` and `yamllint -f
parsable` write theirs).

Lines come in input order, then by position; a profile's findings come first, once, on
the profile file at the bio's line (line 1 when it is not known). A finding that merges
several rules names them all, comma-separated; an approved one starts its message with who
approved it (`formatters.approved`). Drafts that could not be read are told on
stderr, like every other format does; nothing else is written, so every line parses.
"""

from __future__ import annotations

from postcheck.errors import printable
from postcheck.formatters.approved import approval_text
from postcheck.models import Finding, Report


def _line(source: str, line: int, column: int, f: Finding, lang: str = "nl") -> str:
    message = " ".join(f.message.split())
    if f.approved is not None:
        # Who let it through, as every other format says it: an `info` line alone would
        # not tell a reader that a person decided so.
        message = f"{' '.join(approval_text(f.approved, lang).split())}. {message}"
    rules = ",".join(f.rules or [f.rule])
    return printable(f"{source}:{line}:{column}: {f.severity} {f.category} {message} [{rules}]")


def render(report: Report) -> str:
    lines = [_line(f.source, f.line or 1, f.column or 1, f) for f in report.profile.findings]
    for result in report.results:
        for f in result.findings:
            lines.append(_line(result.source, f.line or 1, f.column or 1, f, result.language))
    return "".join(line + "\n" for line in lines)
