"""How every format says that a person approved a finding: who, when, on which line, why.

One wording for text, GitHub and SARIF, so a reviewer reads the same sentence wherever
the finding turns up.
"""

from __future__ import annotations

from postcheck.models import Approval

WORDS = {
    "nl": ("Akkoord", "door", "op", "regel"),
    "en": ("Approved", "by", "on", "line"),
}


def approval_text(approval: Approval, lang: str) -> str:
    """`Akkoord door communicatie op 2026-12-01 (regel 3; was error): reden`."""
    word, by, on, line = WORDS.get(lang, WORDS["nl"])
    text = (
        f"{word} {by} {approval.by} {on} {approval.date} "
        f"({line} {approval.line}; was {approval.severity})"
    )
    return f"{text}: {approval.reason}" if approval.reason else text
