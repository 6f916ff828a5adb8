"""Running every rule's own bad/good examples through the engine.

A rule's examples are its specification: each `bad` example must make the rule fire,
each `good` one must not. The tests run them, and `postcheck validate` can too, so a
pack author learns at once when a rule does not do what its documentation says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from postcheck.engine.core import Engine
from postcheck.engine.report import with_profile
from postcheck.models import Profile, RuleBase
from postcheck.packs.loading import RuleSet
from postcheck.packs.topics import TopicModel
from postcheck.profile.loading import DEFAULT_PROFILE


@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    kind: str  # "bad" or "good"
    text: str
    found: tuple[str, ...]

    def __str__(self) -> str:
        expect = "should fire but did not" if self.kind == "bad" else "fired on a good example"
        if self.kind == "bad" and self.found and any(f.startswith(self.rule) for f in self.found):
            expect = "fired with another severity than the example expects"
        return f"{self.rule}: {expect}: {self.text!r} (found: {', '.join(self.found) or 'nothing'})"


def _merge(base: dict[str, Any], extra: dict[str, Any] | None) -> dict[str, Any]:
    out = dict(base)
    for key, value in (extra or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def example_profile(ruleset: RuleSet, rule: RuleBase, extra: dict[str, Any] | None) -> Profile:
    meta = ruleset.rule_pack.get(rule.id)
    base = (
        meta.example_profile if meta and meta.example_profile else None
    ) or DEFAULT_PROFILE.model_dump()
    return Profile.model_validate(_merge(base, extra))


def run_examples(
    ruleset: RuleSet, topics: TopicModel, *, only: set[str] | None = None
) -> list[ExampleFailure]:
    """Check every example of every rule (or of the rules in `only`); engines are shared
    per distinct profile."""
    engines: dict[str, Engine] = {}
    failures: list[ExampleFailure] = []
    for rule in ruleset.rules:
        if only is not None and rule.id not in only:
            continue
        for kind in ("bad", "good"):
            for example in getattr(rule.examples, kind):
                profile = example_profile(ruleset, rule, example.profile)
                key = profile.model_dump_json()
                if key not in engines:
                    engines[key] = Engine(ruleset, profile, topics)
                result = engines[key].check_text(example.text, source=f"{rule.id}:{kind}")
                findings = with_profile(result)
                # A finding that merged several rules counts for each of them, with the
                # severity that rule gave it.
                fired = [f.severity_of(rule.id) for f in findings if rule.id in f.rules]
                wrong_severity = (
                    kind == "bad"
                    and example.severity is not None
                    and all(severity != example.severity for severity in fired)
                )
                if (kind == "bad") != bool(fired) or wrong_severity:
                    found = tuple(
                        sorted({f"{r}({f.severity_of(r)})" for f in findings for r in f.rules})
                    )
                    failures.append(ExampleFailure(rule.id, kind, example.text, found))
    return failures
