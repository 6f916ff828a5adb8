"""Where a finding ends, for formats that want an end line and column besides the start.

The engine reports a start line/column and character offsets; SARIF and GitHub annotations
also want the end as line and column. Lines break at `\\n`, `\\r\\n` and `\\r`, like the
engine's, so both ends are counted the same way. Columns are 1-based code points.
"""

from __future__ import annotations

import re

from postcheck.models import Finding

_BREAK = re.compile(r"\r\n|\r|\n")


def end_of(finding: Finding, draft: str) -> tuple[int, int] | None:
    """(line, column) just after the flagged span; None for findings without a position."""
    if finding.start is None or finding.end is None or finding.line is None:
        return None
    if not draft or finding.end > len(draft):
        # Without the draft (a report built elsewhere) a span is assumed to stay on one line.
        return finding.line, (finding.column or 1) + (finding.end - finding.start)
    line, start = 1, 0
    for m in _BREAK.finditer(draft, 0, finding.end):
        if m.end() > finding.end:
            break
        line += 1
        start = m.end()
    return line, finding.end - start + 1
