"""Approved drafts: a marker in the draft records who decided a finding may stand.

A repository of drafts for an official account has posts that postcheck flags and that
communications has cleared anyway (a press release is out, the quote is the minister's own).
Without a way to say so, the same finding fails every commit, and people learn to ignore
it. A marker names the rule, who approved and when:

    <!-- postcheck: akkoord RIJK-CONF-001 door communicatie 2026-12-01 -->
    <!-- postcheck: akkoord RIJK-CONF-001, RIJK-TONE-005 door Noor Bakker 2026-12-01:
         het persbericht is uit -->
    postcheck: approved RIJK-CONF-001 by communications 2026-12-01        (a plain-text line)

The findings of the named rules become `info` and carry the approval (`Finding.approved`),
so every report shows who let them through; the verdict follows. A marker that names no
one, no date or an impossible one, or a rule that does not exist is an error for that
draft (with its line): a decision nobody can trace is no decision.

Applied after the engine made its findings, so rules and rule types know nothing of it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass

from postcheck.errors import closest
from postcheck.inputs.markdown import Marker
from postcheck.models import Approval, Result, verdict_of

_HEAD = re.compile(r"^(?P<verb>\S+)\s*(?P<rest>.*)$", re.S)
_RULES = re.compile(r"^(?P<rules>[A-Za-z0-9][A-Za-z0-9-]*(?:\s*,\s*[A-Za-z0-9][A-Za-z0-9-]*)*)")
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}:?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VERBS = {"akkoord": "door", "approved": "by"}
USAGE = "write 'postcheck: akkoord RULE-ID door NAAM JJJJ-MM-DD'"


class MarkerError(ValueError):
    """A marker that cannot be applied; the message starts with `line N:`."""


@dataclass(frozen=True)
class Decision:
    """A parsed marker: the rules it approves, and the approval they get."""

    rules: tuple[str, ...]
    by: str
    date: str
    reason: str | None
    line: int


def parse(marker: Marker, known: Collection[str]) -> Decision:
    """One marker's rules, who and when; `MarkerError` for anything a reader could not trace."""
    where = f"line {marker.line}: approval marker"
    head = _HEAD.match(marker.text.strip())
    if not head or not head.group("verb"):
        raise MarkerError(f"{where} is empty ({USAGE})")
    verb = head.group("verb").lower()
    if verb not in VERBS:
        raise MarkerError(f"{where}: unknown word '{head.group('verb')}' ({USAGE})")
    rest = head.group("rest")
    found = _RULES.match(rest)
    by_word = VERBS[verb]
    if not found or found.group("rules").lower() == by_word:
        raise MarkerError(f"{where} names no rule ({USAGE})")
    rules = tuple(r.strip().upper() for r in found.group("rules").split(","))
    for rule in rules:
        if rule not in known:
            hint = closest(rule, sorted(known))
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            raise MarkerError(f"{where}: unknown rule id '{rule}'{suggestion}")
    words = rest[found.end() :].split()
    if not words or words[0].lower() != by_word or len(words) < 2:
        raise MarkerError(f"{where} names no one who approved it ({USAGE})")
    words = words[1:]
    at = next((i for i, w in enumerate(words) if _DATE_LIKE.match(w)), None)
    if at is None:
        raise MarkerError(f"{where} has no date ({USAGE})")
    if at == 0:
        raise MarkerError(f"{where} names no one who approved it ({USAGE})")
    date = words[at].rstrip(":")
    if not _ISO_DATE.match(date) or not _real_date(date):
        raise MarkerError(f"{where}: '{date}' is not a date (write it as JJJJ-MM-DD)")
    reason = " ".join(words[at + 1 :]).lstrip(":-–— ").strip() or None
    return Decision(rules, " ".join(words[:at]), date, reason, marker.line)


def _real_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


NOTE = {
    "nl": "Akkoord op regel {line} voor {rule}: de draft heeft geen bevinding van die regel "
    "(meer); haal de markering weg als ze niet meer nodig is.",
    "en": "Approval on line {line} for {rule}: the draft has no finding of that rule (any "
    "more); remove the marker when it is no longer needed.",
}


def apply(result: Result, decisions: list[Decision]) -> Result:
    """The result with the approved findings turned into `info`, and the verdict again.

    A finding merged from several rules is approved when the marker names any of them.
    A marker for a rule that found nothing is kept as a note: it is either stale or was
    written for another draft, and a reader should know.
    """
    by_rule: dict[str, Decision] = {}
    for decision in decisions:
        for rule in decision.rules:
            by_rule.setdefault(rule, decision)
    used: set[str] = set()
    findings = []
    for finding in result.findings:
        # A merged finding stands for every rule in `rules` (`engine.spans.merge`): a
        # marker naming any of them approves it, whichever rule happens to lead.
        named = [rule for rule in finding.rules or [finding.rule] if rule in by_rule]
        if not named:
            findings.append(finding)
            continue
        decision = by_rule[named[0]]
        used.update(named)
        approval = Approval(
            by=decision.by,
            date=decision.date,
            reason=decision.reason,
            line=decision.line,
            severity=finding.severity,
        )
        findings.append(finding.model_copy(update={"severity": "info", "approved": approval}))
    notes = list(result.notes)
    template = NOTE.get(result.language, NOTE["nl"])
    for rule, decision in by_rule.items():
        if rule not in used:
            notes.append(template.format(line=decision.line, rule=rule))
    return result.model_copy(
        update={"findings": findings, "verdict": verdict_of(findings), "notes": notes}
    )
