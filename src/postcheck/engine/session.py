"""One run of postcheck, independent of how it is invoked (command line, tests, server).

Resolves each draft's profile, loads packs and the topic model once, builds one engine per
distinct profile (a batch of a thousand drafts with three profiles builds three engines,
not a thousand), applies the profile's and the command line's rule selection, and checks
inputs into results in input order. Exit statuses are decided here so every front end
agrees.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from postcheck.engine import approvals
from postcheck.engine.core import Engine
from postcheck.errors import PostcheckError, SourceError, closest
from postcheck.inputs.markdown import Prepared, is_markdown, prepare
from postcheck.inputs.reading import Failure, InlineProfile, Item, JsonlLine
from postcheck.models import (
    CATEGORIES,
    SEVERITY_RANK,
    Draft,
    Finding,
    Report,
    Result,
    RuleBase,
)
from postcheck.packs import memo
from postcheck.packs.loading import RuleSet, builtin_pack_dirs, topics_dir
from postcheck.packs.topics import TopicModel
from postcheck.profile.discovery import ProfileRef, ProfileResolver
from postcheck.profile.loading import (
    LoadedProfile,
    is_pack_path,
    pack_line,
    profile_from_data,
    read_profile,
)
from postcheck.profile.platforms import PLATFORMS, measure

FAIL_ON = ("error", "warning", "info", "never")
#: How engines are made; the warm server (server.py) swaps in one that reuses them.
make_engine: Callable[..., Engine] = Engine


@dataclass
class Options:
    profile: Path | None = None
    rules: tuple[Path, ...] = ()
    lang: str = "auto"
    builtin: bool = True
    #: Rule ids, id prefixes (`RIJK-TONE`) or categories (`tone`) to run; empty: all.
    select: tuple[str, ...] = ()
    #: Rule ids, id prefixes or categories not to run.
    ignore: tuple[str, ...] = ()
    #: Count the draft's length for this platform; None: the profile's account.platform.
    platform: str | None = None
    #: Environment and current folder for profile discovery (None: the process's own).
    env: Mapping[str, str] | None = None
    cwd: Path | None = None
    #: Topic lists (default: the built-in `rules/topics/`).
    topics: Path | None = None


class Session:
    """Everything that is loaded once per run, with engines cached per distinct profile."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.resolver = ProfileResolver(
            self.options.profile, env=self.options.env, cwd=self.options.cwd
        )
        if self.options.platform is not None and self.options.platform not in PLATFORMS:
            raise PostcheckError(
                f"unknown platform '{self.options.platform}'"
                + _hint(self.options.platform, list(PLATFORMS))
            )
        self._topics: TopicModel | None = None
        self._packs: dict[tuple[Path, ...], RuleSet] = {}
        self._profiles: dict[ProfileRef, LoadedProfile] = {}
        self._engines: dict[str, Engine] = {}
        self._used: dict[str, RuleBase] = {}
        #: Per engine: every rule id its packs define (approval markers may name any).
        self._known: dict[str, frozenset[str]] = {}

    # ---------------------------------------------------------------- loading

    @property
    def topics(self) -> TopicModel:
        if self._topics is None:
            self._topics = memo.load_topics(self.options.topics or topics_dir())
        return self._topics

    def base_paths(self) -> list[Path]:
        return [*(builtin_pack_dirs() if self.options.builtin else []), *self.options.rules]

    def packs(self, paths: Sequence[Path]) -> RuleSet:
        key = tuple(paths)
        if key not in self._packs:
            self._packs[key] = memo.load_rules(list(paths))
        return self._packs[key]

    def profile_for(self, item: Item) -> LoadedProfile:
        """The profile a draft is checked against: its JSONL line's, or the discovered one."""
        if item.profile is not None:
            return _inline(item.profile)
        ref = self.resolver.for_path(item.path)
        if ref not in self._profiles:
            self._profiles[ref] = read_profile(ref)
        return self._profiles[ref]

    def prepare(self, items: Sequence[Item | Draft | Failure | JsonlLine]) -> None:
        """Build and compile now the engine the batch's first draft needs.

        Forked `--jobs` workers then share it instead of each building its own. A
        profile that fails here fails again, and is reported, when its draft is checked.
        """
        for raw in items:
            if isinstance(raw, JsonlLine):
                raw = raw.parse()
            if isinstance(raw, Failure):
                continue
            item = Item(raw) if isinstance(raw, Draft) else raw
            with suppress(PostcheckError):
                self.engine_for(self.profile_for(item)).compile_all()
            return

    def engine_for(self, loaded: LoadedProfile) -> Engine:
        key = loaded.key
        engine = self._engines.get(key)
        if engine is None:
            ruleset, originals = self.ruleset_for(loaded)
            engine = make_engine(
                ruleset,
                loaded.profile,
                self.topics,
                default_profile=loaded.is_default,
                lang=self.options.lang,
            )
            self._engines[key] = engine
            engine.name_profile(key, loaded.name, loaded.bio_line)
            self._known[key] = frozenset(originals)
            for rule in ruleset.rules:
                self._used.setdefault(rule.id, originals[rule.id])
        return engine

    def ruleset_for(self, loaded: LoadedProfile) -> tuple[RuleSet, dict[str, RuleBase]]:
        """The rules one profile runs, and the packs' own versions of them (for docs)."""
        profile = loaded.profile
        entries = list(profile.packs or [])
        pack_paths = [loaded.base / e for e in entries if is_pack_path(e)]
        base = self.packs([*self.base_paths(), *pack_paths])
        originals = {r.id: r for r in base.rules}

        rules = base.rules
        ids = [e for e in entries if not is_pack_path(e)]
        if profile.packs is not None:
            known = sorted({m.id for m in base.packs})
            for i, pack_id in enumerate(entries):
                if not is_pack_path(pack_id) and pack_id not in known:
                    raise SourceError(
                        loaded.name,
                        f"packs: unknown rule pack '{pack_id}'",
                        line=pack_line(loaded, i),
                        hint=_did_you_mean(pack_id, known) or f"known packs: {', '.join(known)}",
                    )
            builtin = _builtin_check(builtin_pack_dirs() if self.options.builtin else [])
            rules = [r for r in rules if not builtin(r) or _pack_id(base, r) in ids]

        selected = self._expand("--select", self.options.select, base.rules)
        ignored = self._expand("--ignore", self.options.ignore, base.rules)
        overridden: list[RuleBase] = []
        settings = profile.rules or {}
        for rule_id in settings:
            if rule_id not in originals:
                raise SourceError(
                    loaded.name,
                    f"rules: unknown rule id '{rule_id}'",
                    line=loaded.rule_lines.get(rule_id),
                    hint=_did_you_mean(rule_id, list(originals)),
                )
        for rule in rules:
            setting = settings.get(rule.id)
            if setting == "off" and rule.id not in selected:
                continue
            if setting is not None and setting != "off":
                rule = rule.model_copy(update={"severity": setting, "severity_when": []})
            overridden.append(rule)
        final = [
            r
            for r in overridden
            if (not self.options.select or r.id in selected) and r.id not in ignored
        ]
        return dataclasses.replace(base, rules=final), originals

    def _expand(self, option: str, patterns: Sequence[str], rules: list[RuleBase]) -> set[str]:
        """Rule ids that ids, id prefixes and categories stand for; unknown ones are errors."""
        out: set[str] = set()
        for raw in patterns:
            pattern = raw.strip()
            if pattern.lower() in CATEGORIES:
                out |= {r.id for r in rules if r.category == pattern.lower()}
                continue
            up = pattern.upper()
            matched = {r.id for r in rules if r.id == up or r.id.startswith(up + "-")}
            if not matched:
                names = [r.id for r in rules] + list(CATEGORIES)
                raise PostcheckError(
                    f"{option}: no rule or category '{pattern}'"
                    + _hint(pattern, names)
                    + "; `postcheck rules` lists them"
                )
            out |= matched
        return out

    def rules_in_use(self) -> list[RuleBase]:
        """The pack's own version of every rule that ran, for SARIF's rule documentation.

        Before any engine is built (every input failed or was excluded), the rules the run
        would have used: the built-in packs and `--rules`.
        """
        if not self._used:
            base = self.packs(self.base_paths())
            return sorted(base.rules, key=lambda r: r.id)
        return sorted(self._used.values(), key=lambda r: r.id)

    # --------------------------------------------------------------- checking

    def check(
        self,
        items: Sequence[Item | Draft | Failure | JsonlLine],
        progress: Callable[[Result], None] | None = None,
    ) -> list[Result]:
        """Results in input order; drafts are checked in groups that share a profile.

        A JSONL line whose own profile is broken becomes an error result for that line;
        a broken discovered or `--profile` profile stops the run (it is configuration).
        """
        with _rare_collections():
            return self._check(items, progress)

    def _check(
        self,
        items: Sequence[Item | Draft | Failure | JsonlLine],
        progress: Callable[[Result], None] | None,
    ) -> list[Result]:
        slots: list[Result | None] = [None] * len(items)
        groups: dict[str, tuple[Engine, LoadedProfile, list[tuple[int, Draft]]]] = {}
        prepared: dict[int, Prepared] = {}
        for i, raw in enumerate(items):
            if isinstance(raw, JsonlLine):
                raw = raw.parse()
            if isinstance(raw, Failure):
                slots[i] = failure_result(raw)
                if progress:
                    progress(slots[i])  # type: ignore[arg-type]
                continue
            item = Item(raw) if isinstance(raw, Draft) else raw
            try:
                loaded = self.profile_for(item)
                engine = self.engine_for(loaded)
            except PostcheckError as exc:
                if item.profile is None:
                    raise
                slots[i] = failure_result(Failure(item.draft.source, f"profile: {exc}"))
                if progress:
                    progress(slots[i])  # type: ignore[arg-type]
                continue
            draft = item.draft
            ready = prepare(draft.text, markdown=is_markdown(item.path))
            if ready is not None:
                # Checked as the reader sees it (markup and markers blanked), reported
                # against the file: same offsets, the file's own text in the spans.
                prepared[i] = ready
                draft = Draft(draft.source, ready.masked)
            groups.setdefault(loaded.key, (engine, loaded, []))[2].append((i, draft))
        for engine, loaded, members in groups.values():
            drafts = [draft for _, draft in members]
            for (i, _), result in zip(members, engine.check(drafts), strict=True):
                ready = prepared.get(i)
                if ready is not None:
                    result = self._restore(result, ready, self._known[loaded.key])
                if not result.error:
                    self._add_length(result, loaded, ready.plain if ready else None)
                slots[i] = result
                if progress:
                    progress(result)
        return [r for r in slots if r is not None]

    def _restore(self, result: Result, ready: Prepared, known: frozenset[str]) -> Result:
        """A prepared draft's result told against the file, with its approvals applied."""
        original = ready.original
        findings = [_in_file(f, ready) for f in result.findings]
        result = result.model_copy(update={"findings": findings, "draft": original})
        if ready.problem:
            return failure_result(Failure(result.source, ready.problem))
        try:
            decisions = [approvals.parse(m, known) for m in ready.markers]
        except approvals.MarkerError as exc:
            return failure_result(Failure(result.source, str(exc)))
        return approvals.apply(result, decisions) if decisions else result

    def _add_length(self, result: Result, loaded: LoadedProfile, plain: str | None) -> None:
        platform = self.options.platform or loaded.profile.account.platform
        if platform:
            text = result.draft if plain is None else plain
            result.notes.append(measure(text, platform).note(result.language))


def _in_file(finding: Finding, ready: Prepared) -> Finding:
    """A finding on the masked text, its span narrowed to what the reader sees (no `**` or
    `](` at its edges) and its text the file's own."""
    if finding.start is None or finding.end is None:
        return finding
    start, end = finding.start, finding.end
    masked, original = ready.masked, ready.original
    while start < end and masked[start].isspace():
        start += 1
    while end > start and masked[end - 1].isspace():
        end -= 1
    if start == end:
        start, end = finding.start, finding.end
    line = original.count("\n", 0, start) + 1
    column = start - (original.rfind("\n", 0, start) + 1) + 1
    return finding.model_copy(
        update={
            "start": start,
            "end": end,
            "line": line,
            "column": column,
            "text": original[start:end],
        }
    )


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Let the garbage collector run less often while a batch is checked.

    A batch keeps every result until it is reported, and each post makes a few hundred
    objects; with Python's default thresholds the collector walks the growing pile again
    and again (a fifth of the time per post on 10,000 posts, measured). It still runs,
    every 50,000 new objects, so cyclic garbage stays bounded.
    """
    old = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _inline(spec: InlineProfile) -> LoadedProfile:
    if isinstance(spec.value, str):
        path = Path(spec.value).expanduser()
        if not path.is_absolute():
            path = spec.base / path
        try:
            found = path.is_file()
        except OSError as exc:
            raise PostcheckError(f"{spec.where}: '{spec.value}': {exc.strerror or exc}") from None
        if not found:
            raise PostcheckError(f"{spec.where}: no such profile file '{spec.value}'")
        return read_profile(ProfileRef(path, "inline"))
    ref = ProfileRef(None, "inline")
    return profile_from_data(spec.value, ref, name=f"{spec.where} profile", base=spec.base)


def _builtin_check(builtin: Sequence[Path]) -> Callable[[RuleBase], bool]:
    """Built-in rules are the ones a profile's `packs:` selects among; `--rules` always run."""
    roots = [p.resolve() for p in builtin]
    return lambda rule: any(Path(rule.source).resolve().is_relative_to(r) for r in roots)


def _pack_id(ruleset: RuleSet, rule: RuleBase) -> str | None:
    meta = ruleset.rule_pack.get(rule.id)
    return meta.id if meta is not None else None


def _did_you_mean(word: str, candidates: list[str]) -> str | None:
    close = closest(word, candidates)
    return f"did you mean '{close}'?" if close else None


def _hint(word: str, candidates: list[str]) -> str:
    close = closest(word, candidates)
    return f" (did you mean '{close}'?)" if close else ""


def failure_result(failure: Failure) -> Result:
    return Result(
        source=failure.source, language="nl", verdict="error", findings=[], error=failure.error
    )


def build_engine(options: Options) -> Engine:
    """One engine for the profile that applies in the current folder (for single-profile use)."""
    session = Session(options)
    return session.engine_for(session.profile_for(Item(Draft("", ""))))


def exit_status(report: Report, fail_on: str) -> int:
    """2 if an input failed, 1 if a finding (of a draft, or of the profile) reaches
    `fail_on`, else 0."""
    drafts = max((result_status(r, fail_on) for r in report.results), default=0)
    return max(drafts, findings_status(report.profile.findings, fail_on))


def findings_status(findings: Sequence[Finding], fail_on: str) -> int:
    """1 if any of these findings reaches `fail_on`, else 0."""
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return int(any(SEVERITY_RANK[f.severity] >= threshold for f in findings))


def result_status(result: Result, fail_on: str) -> int:
    """One result's share of the exit status: the report's is the highest of them."""
    if result.error:
        return 2
    return findings_status(result.findings, fail_on)
