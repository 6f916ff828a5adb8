"""GitHub Actions workflow commands: each finding becomes an annotation on the draft's line.

`::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=T::message`; warnings stay
warnings and info findings become notices. Columns are 1-based code points and the end
column is the first column after the span (as ruff and eslint write it). Values are
escaped as the runner expects (`%`, CR and LF everywhere; also `:` and `,` in properties),
so a draft cannot inject a command of its own. A profile's findings come first, once for
the run, on the profile file at the bio's line. A summary line closes the output.
"""

from __future__ import annotations

from collections import Counter

from postcheck.engine.report import report_language
from postcheck.formatters.approved import approval_text
from postcheck.formatters.positions import LineIndex
from postcheck.inputs.reading import STDIN_NAME
from postcheck.models import Finding, ProfileFinding, Report, Result

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
WORDS = {
    "nl": {"suggestion": "Suggestie", "profile": "Profiel"},
    "en": {"suggestion": "Suggestion", "profile": "Profile"},
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: object) -> str:
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def render(report: Report) -> str:
    lines: list[str] = [_profile_annotation(f, report) for f in report.profile.findings]
    # A note shared by several drafts (no profile given) is said once, not per draft,
    # so it cannot bury the findings; a draft's own note (its length) stays on the draft.
    counts = Counter(note for r in report.results for note in dict.fromkeys(r.notes))
    for result in report.results:
        file = None if result.source == STDIN_NAME else result.source
        if result.error:
            lines.append(command("error", result.error, file=file, title="postcheck"))
            continue
        positions = LineIndex(result.draft)
        for finding in result.findings:
            lines.append(_annotation(finding, result, positions, file))
        for note in dict.fromkeys(result.notes):
            if counts[note] == 1:
                lines.append(command("notice", note, file=file, title="postcheck"))
    for note in (n for n, count in counts.items() if count > 1):
        lines.append(command("notice", note, title="postcheck"))
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def _annotation(finding: Finding, result: Result, positions: LineIndex, file: str | None) -> str:
    words = WORDS.get(result.language, WORDS["nl"])
    text = f"{finding.message}\n{words['suggestion']}: {finding.suggestion}"
    if finding.approved is not None:
        text = f"{approval_text(finding.approved, result.language)}\n{text}"
    end = positions.end_of(finding)
    return command(
        COMMAND[finding.severity],
        text,
        file=file,
        line=finding.line,
        col=finding.column,
        endLine=end[0] if end else None,
        endColumn=end[1] if end else None,
        title=_title(finding),
    )


def _title(finding: Finding) -> str:
    return f"{', '.join(finding.rules or [finding.rule])} ({finding.category})"


def _profile_annotation(finding: ProfileFinding, report: Report) -> str:
    """A finding about the bio, once, on the profile file (the bio's line, if known)."""
    words = WORDS[report_language(report.results)]
    text = f"{words['profile']}: {finding.message} (“{finding.text}”)\n" + (
        f"{words['suggestion']}: {finding.suggestion}"
    )
    return command(
        COMMAND[finding.severity],
        text,
        file=finding.source,
        line=finding.line,
        title=_title(finding),
    )


def summary(report: Report) -> str:
    """One plain line for the log: drafts per verdict and findings per severity."""
    verdicts = Counter(r.verdict for r in report.results)
    severities = Counter(f.severity for r in report.results for f in r.findings)
    severities.update(f.severity for f in report.profile.findings)
    drafts = len(report.results)
    parts = [f"{verdicts[v]} {v}" for v in ("stop", "caution", "ok") if verdicts[v]]
    text = f"postcheck: {drafts} draft{'s' if drafts != 1 else ''} checked"
    if parts:
        text += f" ({', '.join(parts)})"
    if verdicts["error"]:
        text += f", {verdicts['error']} could not be read"
    found = [f"{severities[s]} {s}" for s in ("error", "warning", "info") if severities[s]]
    text += "; findings: " + ", ".join(found) if found else "; no findings"
    if report.profile.verdict != "ok":
        text += f"; profile: {report.profile.verdict}"
    return text
