"""The terminal report: the profile's findings once, then each draft with its flagged
spans, each finding explained, a verdict, and one summary line for the run.

Written in the draft's language, because the person reading it wrote the draft; what
belongs to the run (the profile, the summary) in the report's language
(`engine.report.report_language`). On a terminal the draft stands in a box with its spans
coloured; anywhere else (a file, a pipe, an editor's output pane) the report is plain
text: no box drawing, no wrapping at a fixed width, no padding with spaces.

When nothing is found the report says what was checked and that postcheck knows of no
risk, not that the post is safe: it misses things (irony, context only the author knows).
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from postcheck.engine.hidden import hidden_note, visible
from postcheck.engine.report import report_language
from postcheck.errors import printable
from postcheck.formatters.approved import approval_text
from postcheck.models import Finding, ProfileInfo, ProfileSection, Report, Result

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}
SPAN_STYLE = {"error": "bold white on red", "warning": "black on yellow", "info": "underline"}
VERDICT_STYLE = {"ok": "bold green", "caution": "bold yellow"}

WORDS = {
    "nl": {
        "ok": "Geen bekende risico's gevonden; lees het zelf nog even na.",
        "caution": "Denk er nog even over na.",
        "stop": "Niet plaatsen zonder overleg.",
        "error": "Kon niet worden gecontroleerd.",
        "nothing": "Geen bekende risico's gevonden. Gecontroleerd op: {checked}. postcheck "
        "ziet niet alles, zoals ironie of context die alleen jij kent: twijfel je, laat een "
        "collega meelezen.",
        "why": "Waarom",
        "basis": "Grondslag",
        "suggestion": "Suggestie",
        "profile": "profiel",
        "profile_head": "Profiel {source}",
        "profile_line": "regel {line}",
        "profile_verdict": "Oordeel over het profiel",
        "profile_ok": "Kan zo blijven.",
        "profile_caution": "Kijk je bio nog eens na.",
        "profile_stop": "Pas je bio aan voordat je iets plaatst.",
        "verdict": "Oordeel",
        "error_": "fout",
        "warning": "waarschuwing",
        "info": "info",
        "lang": "nl",
    },
    "en": {
        "ok": "No known risks found; read it once more yourself.",
        "caution": "Think twice before posting.",
        "stop": "Do not post without consulting your manager or communications.",
        "error": "Could not be checked.",
        "nothing": "No known risks found. Checked for: {checked}. postcheck does not see "
        "everything, such as irony or context only you know: if in doubt, let a colleague "
        "read along.",
        "why": "Why",
        "basis": "Basis",
        "suggestion": "Suggestion",
        "profile": "profile",
        "profile_head": "Profile {source}",
        "profile_line": "line {line}",
        "profile_verdict": "Verdict on the profile",
        "profile_ok": "Fine as it is.",
        "profile_caution": "Have another look at your bio.",
        "profile_stop": "Change your bio before you post anything.",
        "verdict": "Verdict",
        "error_": "error",
        "warning": "warning",
        "info": "info",
        "lang": "en",
    },
}

#: What each category looks for, as the "checked for" list names it.
CHECKED = {
    "nl": {
        "proximity": "nabijheid van je eigen beleidsterrein",
        "political": "politieke uitspraken",
        "tone": "toon",
        "speculation": "speculatie",
        "privacy": "privacy",
        "confidentiality": "vertrouwelijke informatie",
        "on-behalf": "spreken namens je organisatie",
        "persona": "je rol en bio",
        "conduct": "gedrag",
    },
    "en": {
        "proximity": "closeness to your own policy area",
        "political": "political statements",
        "tone": "tone",
        "speculation": "speculation",
        "privacy": "privacy",
        "confidentiality": "confidential information",
        "on-behalf": "speaking for your organisation",
        "persona": "your role and bio",
        "conduct": "conduct",
    },
}

#: The summary line's words: (singular, plural) and the verdicts' short names.
SUMMARY = {
    "nl": {
        "draft": ("concept", "concepten"),
        "error": ("fout", "fouten"),
        "warning": ("waarschuwing", "waarschuwingen"),
        "stop": "stop",
        "caution": "twijfel",
        "ok": "ok",
        "unreadable": "onleesbaar",
        "none": "geen fouten of waarschuwingen",
        "profile": "profiel",
    },
    "en": {
        "draft": ("draft", "drafts"),
        "error": ("error", "errors"),
        "warning": ("warning", "warnings"),
        "stop": "stop",
        "caution": "caution",
        "ok": "ok",
        "unreadable": "unreadable",
        "none": "no errors or warnings",
        "profile": "profile",
    },
}


def _words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["nl"])


def _draft(text: str, findings: list[Finding]) -> Text:
    shown = Text(visible(text).rstrip())
    for f in sorted(findings, key=lambda f: ["info", "warning", "error"].index(f.severity)):
        if f.start is not None and f.end is not None and f.end <= len(shown):
            shown.stylize(SPAN_STYLE[f.severity], f.start, f.end)
    return shown


#: A piece of the report: a line (or lines) of text, a finding's indented explanation,
#: or the draft (a box on a terminal, quoted lines elsewhere).
Block = tuple[str, Text]


def _finding(f: Finding, w: dict[str, str]) -> list[Block]:
    """A finding: its head line, then its explanation indented by two spaces."""
    label = w["error_"] if f.severity == "error" else w[f.severity]
    head = Text()
    head.append(f"{label.upper():<13}", style=STYLE[f.severity])
    head.append(f"{f.category} ", style="bold")
    head.append(f"[{', '.join(f.rules or [f.rule])}]", style="dim")
    if f.scope == "profile":
        if f.line is not None:
            head.append(f"  {w['profile_line'].format(line=f.line)}", style="dim")
        else:
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
    return [("line", head), ("body", body)]


def render_quiet(report: Report) -> str:
    """One plain line per draft, `SOURCE: ok|caution|stop|error`, for scripts to read.

    Plain text rather than rich output: a long path must not be wrapped or coloured.
    Control characters in a name are escaped (`errors.printable`): a name with a newline
    would otherwise print a forged line of its own, such as `a.txt: ok`. A profile that
    needs a change gets a line of its own, `PROFILE: caution|stop (profile)`, first: a
    run it fails must not show only `ok` lines.
    """
    lines = [
        f"{printable(source)}: {verdict} (profile)\n"
        for source, verdict in _profile_verdicts(report.profile)
        if verdict != "ok"
    ]
    lines += [f"{printable(r.source)}: {r.verdict}\n" for r in report.results]
    return "".join(lines)


def _profile_verdicts(section: ProfileSection) -> list[tuple[str, str]]:
    out = []
    for source, group in groupby(section.findings, key=lambda f: f.source):
        worst = max(("info", "warning", "error").index(f.severity) for f in group)
        out.append((source, ("ok", "caution", "stop")[worst]))
    return out


def summary_line(report: Report) -> str:
    """One line for the end of the run: drafts per verdict and errors and warnings found.

    "3 concepten: 1 stop, 1 twijfel, 1 ok; 2 fouten, 3 waarschuwingen"; the profile's
    findings count once, and a profile that needs a change is named.
    """
    s = SUMMARY[report_language(report.results)]
    verdicts = Counter(r.verdict for r in report.results)
    findings = [f for r in report.results for f in r.findings] + list(report.profile.findings)
    severities = Counter(f.severity for f in findings)
    n = len(report.results)
    parts = [f"{verdicts[v]} {s[v]}" for v in ("stop", "caution", "ok") if verdicts[v]]
    if verdicts["error"]:
        parts.append(f"{verdicts['error']} {s['unreadable']}")
    found = [
        f"{severities[k]} {s[k][0] if severities[k] == 1 else s[k][1]}"
        for k in ("error", "warning")
        if severities[k]
    ]
    text = f"{n} {s['draft'][0] if n == 1 else s['draft'][1]}"
    if parts:
        text += ": " + ", ".join(parts)
    text += "; " + (", ".join(found) if found else s["none"])
    if report.profile.verdict != "ok":
        text += f"; {s['profile']}: {s[report.profile.verdict]}"
    return text


def _checked(result: Result) -> str:
    names = CHECKED.get(result.language, CHECKED["nl"])
    info = result.profile
    categories = info.categories if isinstance(info, ProfileInfo) and info.categories else names
    return ", ".join(names[c] for c in categories)


def _profile_block(section: ProfileSection, lang: str) -> list[Block]:
    w = _words(lang)
    out: list[Block] = []
    for source, group in groupby(section.findings, key=lambda f: f.source):
        found = list(group)
        out.append(("line", Text(w["profile_head"].format(source=visible(source)), style="bold")))
        for f in found:
            out.extend(_finding(f, w))
        worst = max(("info", "warning", "error").index(f.severity) for f in found)
        verdict = ("ok", "caution", "stop")[worst]
        line = Text()
        line.append(f"{w['profile_verdict']}: ", style="bold")
        line.append(w[f"profile_{verdict}"], style=VERDICT_STYLE.get(verdict, "bold red"))
        out += [("line", line), ("line", Text(""))]
    return out


def _result(result: Result) -> list[Block]:
    w = _words(result.language)
    if result.error:
        line = Text(printable(f"{result.source}: {result.error}"), style="bold red")
        return [("line", line), ("line", Text(""))]
    # The source on a line of its own: a panel title would be cut off at the panel's
    # width, and a long path is exactly what the reader needs whole.
    out: list[Block] = [
        ("line", Text(visible(result.source), style="bold")),
        ("draft", _draft(result.draft, result.findings)),
    ]
    if not any(f.severity != "info" for f in result.findings):
        out.append(("line", Text(w["nothing"].format(checked=_checked(result)), style="green")))
    for f in result.findings:
        out.extend(_finding(f, w))
    # Hidden characters are a warning here: the box or quote above cannot show them.
    hidden = hidden_note(result.draft, result.language)
    for note in result.notes:
        if note == hidden:
            out.append(("line", Text(f"⚠ {note}", style=STYLE["warning"])))
        else:
            out.append(("line", Text(f"• {note}", style="dim")))
    verdict = Text()
    verdict.append(f"{w['verdict']}: ", style="bold")
    verdict.append(w[result.verdict], style=VERDICT_STYLE.get(result.verdict, "bold red"))
    out += [("line", verdict), ("line", Text(""))]
    return out


def _blocks(report: Report) -> list[Block]:
    blocks = _profile_block(report.profile, report_language(report.results))
    for result in report.results:
        blocks += _result(result)
    return blocks


def render_plain(report: Report) -> str:
    """The report as plain text, for files, pipes and editors: one line per line of
    content, however long, with no box, no wrapping and no trailing spaces."""
    lines: list[str] = []
    for kind, text in _blocks(report):
        plain = text.plain.split("\n")
        if kind == "body":
            lines += [f"  {line}".rstrip() for line in plain] + [""]
        elif kind == "draft":
            lines += [f"> {line}".rstrip() for line in plain] + [""]
        else:
            lines += [line.rstrip() for line in plain]
    if not report.results:
        return ""  # everything was excluded: a commit of archived drafts says nothing
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def render(report: Report, console: Console) -> None:
    """The report on `console`: rich on a terminal, plain text anywhere else."""
    if not console.is_terminal:
        console.file.write(render_plain(report))
        console.file.flush()
        return
    for kind, text in _blocks(report):
        if kind == "body":
            console.print(Padding(text, (0, 0, 1, 2)))
        elif kind == "draft":
            console.print(Panel(text, expand=False))
        else:
            console.print(text)
    if report.results:
        console.print(Text(summary_line(report), style="bold"))
