"""Rule documentation for people (`postcheck rules`, `postcheck explain ID`, `postcheck
explain --type TYPE`) and tools (`postcheck rules --format json`)."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from postcheck.models import RuleBase, Terms
from postcheck.packs.loading import RuleSet, signal_refs
from postcheck.ruletypes import RuleType

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}


def rules_json(rules: list[RuleBase]) -> str:
    data = [
        r.model_dump(mode="json", exclude={"source", "line"}) | {"pack_file": r.source}
        for r in rules
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_list(rules: list[RuleBase], console: Console) -> None:
    table = Table(show_lines=False, header_style="bold")
    for column in ("id", "category", "severity", "type", "message"):
        table.add_column(column, overflow="fold")
    for r in sorted(rules, key=lambda r: (r.category, r.id)):
        table.add_row(
            r.id,
            r.category,
            Text(r.severity, style=STYLE[r.severity]),
            r.type,  # type: ignore[attr-defined]
            r.text("message", "nl"),
        )
    console.print(table)
    console.print(f"{len(rules)} rules. `postcheck explain ID` shows one in full.")


def render_rule(
    rule: RuleBase, console: Console, *, lang: str = "nl", ruleset: RuleSet | None = None
) -> None:
    head = Text()
    head.append(rule.id, style="bold")
    head.append(f"  {rule.category} · ")
    head.append(rule.severity, style=STYLE[rule.severity])
    head.append(f" · type {rule.type}", style="dim")  # type: ignore[attr-defined]
    console.print(head)
    for override in rule.severity_when:
        cond = ", ".join(f"{k}={v}" for k, v in override.when.model_dump(exclude_none=True).items())
        console.print(Text(f"  severity {override.severity} when {cond}", style="dim"))
    for label, field in (("Message", "message"), ("Why", "why"), ("Suggestion", "suggestion")):
        console.print(Text(f"{label}: ", style="bold").append(rule.text(field, lang)))
    console.print(Text("Basis: ", style="bold").append("; ".join(rule.basis)))
    for kind, mark in (("bad", "✗"), ("good", "✓")):
        for ex in getattr(rule.examples, kind):
            console.print(Text(f"  {mark} {kind}: ", style="dim").append(ex.text))
    console.print(Text(f"Defined in {rule.source}:{rule.line}", style="dim"))
    if ruleset is not None:
        for line in uses(rule, ruleset):
            console.print(Text(line, style="dim"))


def uses(rule: RuleBase, ruleset: RuleSet) -> list[str]:
    """Where the terms a rule matches live: its own lists, and each signal it names, with
    file:line and term counts per language (a lexicon file, or the YAML that lists them)."""
    out = []
    own = _term_counts(f"rule {rule.id}", getattr(rule, "terms", None), ruleset)
    if own:
        out.append(f"Terms: {own}")
    for name in dict.fromkeys(signal_refs(rule)):
        signal = ruleset.signals.get(name)
        if signal is None:
            out.append(f"Signal {name}: from the profile")
            continue
        counts = _term_counts(f"signal {name}", signal.terms, ruleset)
        kinds = [
            k
            for k, v in (
                ("patterns", signal.patterns.nl or signal.patterns.en),
                ("regex", signal.regex),
            )
            if v
        ]
        detail = "; ".join(filter(None, [counts, *kinds])) or "no terms"
        out.append(f"Signal {name} ({ruleset.signal_sources.get(name, '?')}): {detail}")
    return out


def _term_counts(owner: str, terms: object, ruleset: RuleSet) -> str:
    if not isinstance(terms, Terms):
        return ""
    parts = []
    for lang in ("nl", "en"):
        values = terms.for_lang(lang)
        if not values:
            continue
        lexicon = ruleset.lexicon_of.get((owner, lang))
        where = f"{lexicon.path}" if lexicon is not None else "inline"
        parts.append(f"{lang} {len(values)} terms ({where})")
    return ", ".join(parts)


def render_type(rtype: RuleType[RuleBase], console: Console) -> None:
    """A rule type's documentation (its module's docstring) and the fields of its rules."""
    console.print(Text(f"type {rtype.name}", style="bold"))
    # The docstring is laid out by its author (a YAML example): printed as it is, unwrapped.
    console.print(Text(rtype.documentation()), soft_wrap=True)
    own = {
        name: info
        for name, info in rtype.model.model_fields.items()
        if name not in RuleBase.model_fields and name != "type"
    }
    if own:
        console.print(Text("Fields:", style="bold"))
        for name, info in own.items():
            default = (
                "required"
                if info.is_required()
                else f"default {info.get_default(call_default_factory=True)!r}"
            )
            console.print(
                Text(f"  {name}: ", style="bold").append(f"{_annotation(info)} ({default})")
            )
    if rtype.signal_fields:
        console.print(
            Text("Signal names in: ", style="bold").append(", ".join(rtype.signal_fields))
        )
    if rtype.needs:
        console.print(Text("Reads of a draft: ", style="bold").append(", ".join(rtype.needs)))
    console.print(Text(f"Defined in {type(rtype).__module__}", style="dim"))


def _annotation(info: object) -> str:
    """A field's type as an author reads it: `int`, `list[str]`, `Literal['a', 'b']`."""
    annotation = getattr(info, "annotation", None)
    if isinstance(annotation, type) and not getattr(annotation, "__args__", None):
        return annotation.__name__
    return repr(annotation).replace("typing.", "").replace("postcheck.models.", "")
