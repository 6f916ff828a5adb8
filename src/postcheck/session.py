"""One run of postcheck, independent of how it is invoked (command line, tests, server).

Loads the profile, the packs and the topic model, builds the engine, and checks inputs
into a report. Exit statuses are decided here so that every front end agrees.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .engine import Draft, Engine
from .inputs import Failure
from .models import SEVERITY_RANK, Report, Result
from .packs import builtin_pack_dirs, load_rules, topics_dir
from .profile import DEFAULT_PROFILE, load_profile
from .topics import TopicModel

FAIL_ON = ("error", "warning", "info", "never")


@dataclass
class Options:
    profile: Path | None = None
    rules: tuple[Path, ...] = ()
    lang: str = "auto"
    builtin: bool = True


def build_engine(options: Options) -> Engine:
    profile = load_profile(options.profile) if options.profile else DEFAULT_PROFILE
    packs = [*(builtin_pack_dirs() if options.builtin else []), *options.rules]
    ruleset = load_rules(packs)
    topics = TopicModel.load(topics_dir())
    return Engine(
        ruleset, profile, topics, default_profile=options.profile is None, lang=options.lang
    )


def check(engine: Engine, inputs: list[Draft | Failure]) -> Iterator[Result]:
    """Results in input order; unreadable inputs become error results in their place."""
    drafts = [i for i in inputs if isinstance(i, Draft)]
    results = iter(engine.check(drafts))
    for item in inputs:
        if isinstance(item, Failure):
            yield Result(
                source=item.source, language="nl", verdict="error", findings=[], error=item.error
            )
        else:
            yield next(results)


def exit_status(report: Report, fail_on: str) -> int:
    """2 if an input failed, 1 if a finding reaches `fail_on`, else 0."""
    if any(r.error for r in report.results):
        return 2
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    for result in report.results:
        if any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings):
            return 1
    return 0
