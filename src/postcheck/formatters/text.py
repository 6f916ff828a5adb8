"""The terminal report: the draft with flagged spans, each finding explained, a verdict.

Written in the draft's language, because the person reading it wrote the draft.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from postcheck.engine.hidden import hidden_note, visible
from postcheck.errors import printable
from postcheck.formatters.approved import approval_text
from postcheck.models import Finding, Report, Result

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}
SPAN_STYLE = {"error": "bold white on red", "warning": "black on yellow", "info": "underline"}

WORDS = {
    "nl": {
        "ok": "Kan zo de deur uit.",
        "caution": "Denk er nog even over na.",
        "stop": "Niet plaatsen zonder overleg.",
        "error": "Kon niet worden gecontroleerd.",
        "nothing": "Niets gevonden dat je in de problemen kan brengen.",
        "why": "Waarom",
        "basis": "Grondslag",
        "suggestion": "Suggestie",
        "profile": "profiel",
        "verdict": "Oordeel",
        "error_": "fout",
        "warning": "waarschuwing",
        "info": "info",
        "lang": "nl",
    },
    "en": {
        "ok": "Good to go.",
        "caution": "Think twice before posting.",
        "stop": "Do not post without consulting your manager or communications.",
        "error": "Could not be checked.",
        "nothing": "Nothing found that could get you into trouble.",
        "why": "Why",
        "basis": "Basis",
        "suggestion": "Suggestion",
        "profile": "profile",
        "verdict": "Verdict",
        "error_": "error",
        "warning": "warning",
        "info": "info",
        "lang": "en",
    },
}


def _words(result: Result) -> dict[str, str]:
    return WORDS.get(result.language, WORDS["nl"])


def _draft(text: str, findings: list[Finding]) -> Text:
    shown = Text(visible(text).rstrip())
    for f in sorted(findings, key=lambda f: ["info", "warning", "error"].index(f.severity)):
        if f.start is not None and f.end is not None and f.end <= len(shown):
            shown.stylize(SPAN_STYLE[f.severity], f.start, f.end)
    return shown


def _finding(f: Finding, w: dict[str, str]) -> Group:
    label = w["error_"] if f.severity == "error" else w[f.severity]
    head = Text()
    head.append(f"{label.upper():<13}", style=STYLE[f.severity])
    head.append(f"{f.category} ", style="bold")
    head.append(f"[{f.rule}]", style="dim")
    if f.scope == "profile":
        head.append(f"  ({w['profile']})", style="dim")
    elif f.line is not None:
        head.append(f"  {f.line}:{f.column}", style="dim")
    body = Text()
    body.append(f.message + "\n", style="bold")
    if f.approved is not None:
        body.append(approval_text(f.approved, w["lang"]) + "\n", style="green")
    if f.text:
        body.append(f"“{visible(f.text)}”\n", style="italic")
    body.append(f"{w['why']}: ", style="dim")
    body.append(f.why + "\n")
    body.append(f"{w['basis']}: ", style="dim")
    body.append("; ".join(f.basis) + "\n")
    body.append(f"{w['suggestion']}: ", style="dim")
    body.append(f.suggestion)
    return Group(head, Padding(body, (0, 0, 1, 2)))


def render_quiet(report: Report) -> str:
    """One plain line per draft, `SOURCE: ok|caution|stop|error`, for scripts to read.

    Plain text rather than rich output: a long path must not be wrapped or coloured.
    Control characters in a name are escaped (`errors.printable`): a name with a newline
    would otherwise print a forged line of its own, such as `a.txt: ok`.
    """
    return "".join(f"{printable(r.source)}: {r.verdict}\n" for r in report.results)


def render(report: Report, console: Console) -> None:
    for result in report.results:
        w = _words(result)
        verdict = Text()
        verdict.append(f"{w['verdict']}: ", style="bold")
        verdict_style = {"ok": "bold green", "caution": "bold yellow"}.get(
            result.verdict, "bold red"
        )
        verdict.append(w[result.verdict], style=verdict_style)
        if result.error:
            line = printable(f"{result.source}: {result.error}")
            console.print(Text(line, style="bold red"))
            continue
        flagged = [f for f in result.findings if f.severity != "info"]
        # The source on a line of its own: a panel title would be cut off at the panel's
        # width, and a long path is exactly what the reader needs whole.
        console.print(Text(visible(result.source), style="bold"), soft_wrap=True)
        console.print(Panel(_draft(result.draft, result.findings), expand=False))
        if not flagged:
            console.print(Text(w["nothing"], style="green"))
        for f in result.findings:
            console.print(_finding(f, w))
        # Hidden characters are a warning here: the panel above cannot show them.
        hidden = hidden_note(result.draft, result.language)
        for note in result.notes:
            if note == hidden:
                console.print(Text(f"⚠ {note}", style=STYLE["warning"]))
            else:
                console.print(Text(f"• {note}", style="dim"))
        console.print(verdict)
        console.print()
