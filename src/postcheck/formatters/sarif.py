"""SARIF 2.1.0, for GitHub code scanning and other tools that read static-analysis results.

What code scanning needs is there: the tool and one `rules[]` entry per rule with its
documentation (the `why`, basis, suggestion and examples of the pack), a stable `ruleId`
and `ruleIndex`, levels mapped from severities, relative file URIs, regions with line,
column and character offsets (`columnKind` says columns count code points, as postcheck's
offsets do), and `partialFingerprints` that survive edits elsewhere in the draft. There is
no timestamp and no absolute path, so two runs over the same drafts give the same bytes.
Drafts that could not be read are tool execution notifications, not results. A profile's
findings are results once per run, located on the profile file (at the bio's line).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from postcheck import __version__
from postcheck.engine.report import report_language
from postcheck.formatters.approved import approval_text
from postcheck.formatters.positions import LineIndex
from postcheck.models import Finding, ProfileFinding, Report, Result, RuleBase

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
#: GitHub's display severity for results that are not security alerts.
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
MIME = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FINGERPRINT = "postcheck/v1"
WORDS = {
    "nl": {"suggestion": "Suggestie", "profile": "Profiel"},
    "en": {"suggestion": "Suggestion", "profile": "Profile"},
}


def artifact_uri(source: str) -> str:
    """A URI reference for a path as the user gave it: relative stays relative (code
    scanning resolves it against the repository root), absolute becomes `file://`."""
    windows = PureWindowsPath(source)
    path: PurePath = windows if windows.drive else PurePosixPath(source.replace("\\", "/"))
    if path.is_absolute():
        return path.as_uri()
    text = path.as_posix()
    text = text[2:] if text.startswith("./") else text
    # A file name that is not valid UTF-8 reaches Python with its bytes smuggled in as
    # surrogates; percent-encoding those bytes names the very same file.
    return quote(text.encode("utf-8", "surrogateescape"), safe="/")


def render(report: Report, rules: Sequence[RuleBase] = ()) -> str:
    return json.dumps(to_sarif(report, rules), ensure_ascii=False, indent=2) + "\n"


def to_sarif(report: Report, rules: Sequence[RuleBase] = ()) -> dict[str, Any]:
    by_id = {r.id: r for r in rules}
    used = sorted(
        {f.rule for r in report.results for f in r.findings}
        | {f.rule for f in report.profile.findings}
        | set(by_id)
    )
    index = {rule_id: i for i, rule_id in enumerate(used)}
    descriptors = [
        _descriptor(by_id[rule_id]) if rule_id in by_id else {"id": rule_id} for rule_id in used
    ]

    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []

    def artifact(source: str) -> dict[str, Any]:
        uri = artifact_uri(source)
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            artifacts.append(_artifact(uri, source))
        return {"uri": uri, "index": artifact_index[uri]}

    words = WORDS[report_language(report.results)]
    profile_seen: Counter[tuple[str, str, str]] = Counter()
    for finding in report.profile.findings:
        key = (finding.rule, finding.source, finding.text)
        results.append(
            _profile_result(finding, artifact(finding.source), index, words, profile_seen[key])
        )
        profile_seen[key] += 1
    for result in report.results:
        location = artifact(result.source)
        if result.error:
            notifications.append(_notification("error", result.error, location, "input"))
            continue
        for note in result.notes:
            notifications.append(_notification("note", note, location, "note"))
        seen: Counter[tuple[str, str, str]] = Counter()
        lines = LineIndex(result.draft)
        for finding in result.findings:
            key = (finding.rule, finding.scope, finding.text)
            occurrence = seen[key]
            seen[key] += 1
            results.append(_result(finding, result, lines, location, index, occurrence))

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "postcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "language": "nl",
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "invocations": [
            {
                "executionSuccessful": not any(r.error for r in report.results),
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _descriptor(rule: RuleBase) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.text("message", "nl")},
        "fullDescription": {"text": rule.text("why", "nl")},
        "help": {"text": _help(rule, markdown=False), "markdown": _help(rule, markdown=True)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "category": rule.category,
            "tags": ["postcheck", rule.category],
            "precision": "medium",
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
            "basis": list(rule.basis),
        },
    }


def _help(rule: RuleBase, *, markdown: bool) -> str:
    """The rule's documentation as `postcheck explain` gives it, for the alert's page."""
    bullet = "- " if markdown else "  - "
    strong = (lambda s: f"**{s}**") if markdown else (lambda s: s)
    parts = [
        rule.text("why", "nl"),
        f"{strong('Grondslag')}: " + "; ".join(rule.basis),
        f"{strong('Suggestie')}: " + rule.text("suggestion", "nl"),
    ]
    for label, examples in (
        ("Voorbeelden die postcheck meldt", rule.examples.bad),
        ("Voorbeelden die in orde zijn", rule.examples.good),
    ):
        lines = [f"{bullet}{' '.join(ex.text.split())}" for ex in examples]
        parts.append(f"{strong(label)}:\n" + "\n".join(lines))
    if "en" in rule.why:
        parts.append(f"{strong('English')}: " + rule.text("why", "en"))
    return "\n\n".join(parts)


def _artifact(uri: str, source: str) -> dict[str, Any]:
    artifact: dict[str, Any] = {"location": {"uri": uri}}
    mime = MIME.get(PurePosixPath(source.replace("\\", "/")).suffix.lower())
    if mime:
        artifact["mimeType"] = mime
    return artifact


def _notification(level: str, text: str, location: dict[str, Any], kind: str) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": text},
        "descriptor": {"id": f"postcheck/{kind}"},
        "locations": [{"physicalLocation": {"artifactLocation": location}}],
    }


def _result(
    finding: Finding,
    result: Result,
    lines: LineIndex,
    location: dict[str, Any],
    index: dict[str, int],
    occurrence: int,
) -> dict[str, Any]:
    words = WORDS.get(result.language, WORDS["nl"])
    message = f"{finding.message} {words['suggestion']}: {finding.suggestion}"
    end = lines.end_of(finding)
    assert finding.line is not None and finding.start is not None and end is not None
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": end[0],
        "endColumn": end[1],
        "charOffset": finding.start,
        "charLength": (finding.end or finding.start) - finding.start,
        "snippet": {"text": finding.text},
    }
    if finding.approved is None:
        return _entry(finding, message, location, region, index, occurrence)
    # An in-source suppression is SARIF's word for a decision recorded in the file;
    # code scanning shows the alert as dismissed, with the justification.
    said = approval_text(finding.approved, result.language)
    out = _entry(finding, f"{said}. {message}", location, region, index, occurrence)
    out["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": said}]
    out["properties"]["approved"] = finding.approved.model_dump()
    return out


def _profile_result(
    finding: ProfileFinding,
    location: dict[str, Any],
    index: dict[str, int],
    words: dict[str, str],
    occurrence: int,
) -> dict[str, Any]:
    """A finding about the bio, once per run, on the profile file at the bio's line."""
    message = f"{words['profile']}: {finding.message} (“{finding.text}”) " + (
        f"{words['suggestion']}: {finding.suggestion}"
    )
    region = {"startLine": finding.line or 1}
    return _entry(finding, message, location, region, index, occurrence)


def _entry(
    finding: Finding,
    message: str,
    location: dict[str, Any],
    region: dict[str, Any],
    index: dict[str, int],
    occurrence: int,
) -> dict[str, Any]:
    # An absolute path (a profile outside the repository) differs per checkout: the
    # fingerprint, which code scanning uses to follow an alert from run to run, takes
    # only its file name, so the same finding keeps its fingerprint on every machine.
    uri = location["uri"]
    stable = uri.rsplit("/", 1)[-1] if uri.startswith("file:") else uri
    digest = hashlib.sha256(
        "\0".join([finding.rule, stable, finding.scope, finding.text, str(occurrence)]).encode(
            "utf-8"
        )
    ).hexdigest()[:32]
    properties: dict[str, Any] = {"category": finding.category, "scope": finding.scope}
    if len(finding.rules) > 1:
        properties["rules"] = list(finding.rules)
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
        "partialFingerprints": {FINGERPRINT: digest},
        "properties": properties,
    }
