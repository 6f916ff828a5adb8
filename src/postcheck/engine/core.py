"""The engine: draft -> spaCy Doc -> hits -> findings -> result.

Everything that depends only on the rules and the profile (matchers, the profile's own
signals, the bio's findings) is built once per run; a draft costs one pipeline pass and
one pass per matcher type. The engine knows nothing of the command line or the terminal.
"""

from __future__ import annotations

import bisect
import gc
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from postcheck.engine.hidden import hidden_note
from postcheck.engine.spans import merge, repair
from postcheck.errors import SourceError
from postcheck.language.analysis import analyse
from postcheck.language.encoder import embed, shared_encoder
from postcheck.language.pipeline import (
    LANGUAGES,
    detect_language,
    get_pipeline,
    is_known,
    lemma_of,
    pipeline_name,
)
from postcheck.language.resources import lexicon, word_list
from postcheck.matching.keys import Key, Kind, area_key, signal_key
from postcheck.matching.matchers import Hit, MatcherSet, PatternError
from postcheck.matching.terms import term_table
from postcheck.models import (
    CATEGORIES,
    Condition,
    Draft,
    Finding,
    Lang,
    Level,
    Profile,
    ProfileInfo,
    Result,
    RuleBase,
    verdict_of,
)
from postcheck.packs.loading import RuleSet
from postcheck.packs.topics import TopicModel
from postcheck.profile.phrases import department_phrases, function_phrases, organisation_phrases
from postcheck.ruletypes import Context, Prior, RuleType, type_of

#: A word, for finding contrast words between an excuse and a hit.
_WORD = re.compile(r"\w+")

NOTES = {
    "default_profile": {
        "nl": "Geen profiel opgegeven: of het onderwerp dicht bij je eigen beleidsterrein "
        "ligt, kon niet worden beoordeeld. Maak een profiel (zie profiles/ voor "
        "voorbeelden) en geef het mee met --profile.",
        "en": "No profile given: whether the topic lies close to your own policy area could "
        "not be judged. Write a profile (see profiles/ for examples) and pass it with "
        "--profile.",
    },
    "unmatched": {
        "nl": "Beleidsterrein '{name}' uit je profiel komt met geen enkel onderwerp overeen; "
        "voeg trefwoorden toe onder 'keywords' zodat postcheck je terrein herkent.",
        "en": "Policy area '{name}' in your profile matches no known topic; add terms under "
        "'keywords' so that postcheck recognises your area.",
    },
}


class Engine:
    """Checks drafts for one profile against one rule set."""

    def __init__(
        self,
        ruleset: RuleSet,
        profile: Profile,
        topics: TopicModel,
        *,
        default_profile: bool = False,
        lang: str = "auto",
    ) -> None:
        self.ruleset = ruleset
        self.profile = profile
        self.topics = topics
        self.default_profile = default_profile
        self.lang = lang
        self.profile_topics = topics.resolve(profile)
        self._matchers: dict[str, MatcherSet] = {}
        self._profile_hits: list[tuple[RuleBase, Hit]] | None = None
        self._profile_cache: dict[str, list[Finding]] = {}
        self._profile_info: ProfileInfo | None = None
        #: Rules that look at the draft (not the bio), each with the match keys it cannot
        #: fire without and its languages, decided once: a draft hits a handful of keys,
        #: so only the rules those keys let through are looked at (`_candidates`).
        self._post_rules: list[tuple[RuleBase, frozenset[Key], frozenset[str] | None]] = []
        self._always: list[int] = []
        self._finding_texts: dict[tuple[str, str], dict[str, str]] = {}
        self._severities: dict[tuple[str, str, str], str] = {}
        self._by_key: dict[Key, list[int]] = defaultdict(list)
        self._fallback: set[int] = set()
        self._composing: set[int] = set()
        self._rules_by_id = {r.id: r for r in ruleset.rules}
        for rule in ruleset.rules:
            rtype = type_of(rule)
            if rtype.on_profile(rule):
                continue
            requires = frozenset(rtype.requires(rule))
            langs = rtype.languages(rule)
            index = len(self._post_rules)
            self._post_rules.append((rule, requires, None if langs is None else frozenset(langs)))
            if requires:
                self._by_key[min(requires)].append(index)
            else:
                self._always.append(index)
            if rtype.fallback:
                self._fallback.add(index)
            if rtype.composes:
                self._composing.add(index)

    # -------------------------------------------------------------- compiling

    def matchers(self, lang: str) -> MatcherSet:
        """The compiled matchers of one language, built on first use."""
        if lang not in self._matchers:
            self._matchers[lang] = self._compile(lang)
            # The pipelines, matchers and rules are a large heap that lives as long as
            # the process; left in the collector's care, every full collection during a
            # batch walks all of it (a tenth of the time per post, measured).
            gc.freeze()
        return self._matchers[lang]

    def compile_all(self) -> None:
        """Compile every language now: validation finds bad patterns before any draft."""
        for lang in LANGUAGES:
            self.matchers(lang)

    def _compile(self, lang: str) -> MatcherSet:
        table = term_table(lang, pipeline_name(lang), self.ruleset.cache_key, self.topics.cache_key)
        ms = MatcherSet(get_pipeline(lang), table)
        for name, signal in self.ruleset.signals.items():
            key = signal_key(name)
            where = self.ruleset.signal_sources[name]
            try:
                ms.add_terms(
                    key, signal.terms.for_lang(lang), match=signal.match, compounds=signal.compounds
                )
                if signal.patterns.for_lang(lang):
                    ms.add_patterns(key, signal.patterns.for_lang(lang))
                if signal.regex:
                    ms.add_regex(key, signal.regex, ignore_case=signal.ignore_case)
                exceptions = signal.exceptions.for_lang(lang)
                if exceptions:
                    exc = Key(Kind.SIGNAL_EXCEPTION, name)
                    ms.add_terms(exc, exceptions, match="lower")
                    ms.add_terms(exc, exceptions, match="lemma")
            except PatternError as exc:
                path, _, line = where.rpartition(":")
                raise SourceError(
                    path, f"signal '{name}': {exc}", line=int(line) if line.isdigit() else None
                ) from None
        p, pt = self.profile, self.profile_topics
        # The profile's terms are private: the term cache never stores them.
        fn_phrases = function_phrases(p.function_title)
        ms.add_terms(signal_key("@function"), fn_phrases, match="lower", private=True)
        dept_phrases = department_phrases(p.department)
        ms.add_terms(signal_key("@department"), dept_phrases, match="lower", private=True)
        org_names = [*organisation_phrases(p.organisation), *pt.organisation_names]
        ms.add_terms(signal_key("@organisation"), org_names, match="lower", private=True)
        own_terms = [*p.keywords, *p.beleidsterrein]
        for area_id in pt.own:
            own_terms += self.topics.areas[area_id].terms.for_lang(lang)
        ms.add_terms(signal_key("@area"), own_terms, compounds=True, private=True)
        for area in self.topics.areas.values():
            ms.add_terms(area_key(area.id), area.terms.for_lang(lang), compounds=True)
        for rule in self.ruleset.rules:
            try:
                type_of(rule).register(rule, ms)
            except PatternError as exc:
                raise SourceError(rule.source, f"rule {rule.id}: {exc}", line=rule.line) from None
        ms.freeze()
        table.save()
        return ms

    # --------------------------------------------------------------- checking

    def check(self, drafts: Iterable[Draft]) -> Iterator[Result]:
        """Results in the order of the drafts; spaCy batches within a language."""
        batch: list[tuple[Draft, str]] = []
        for draft in drafts:
            batch.append((draft, self._language(draft.text)))
            if len(batch) >= 256:
                yield from self._check_batch(batch)
                batch = []
        if batch:
            yield from self._check_batch(batch)

    def check_text(self, text: str, source: str = "<draft>") -> Result:
        return next(self.check([Draft(source, text)]))

    def _language(self, text: str) -> str:
        return detect_language(text) if self.lang == "auto" else self.lang

    def _check_batch(self, batch: list[tuple[Draft, str]]) -> Iterator[Result]:
        docs: dict[int, object] = {}
        for lang in {lang for _, lang in batch}:
            idx = [i for i, (_, lg) in enumerate(batch) if lg == lang]
            nlp = get_pipeline(lang)
            for i, doc in zip(idx, nlp.pipe(batch[i][0].text for i in idx), strict=True):
                docs[i] = doc
        for i, (draft, lang) in enumerate(batch):
            yield self._result(draft, lang, docs[i])

    def _context(self, text: str, lang: str, doc: object) -> Context:
        hits = self.matchers(lang).run(doc, text)  # type: ignore[arg-type]
        for key in [k for k in hits if k.kind == Kind.SIGNAL_EXCEPTION]:
            signal = signal_key(key.name)
            if signal in hits:
                kept = [h for h in hits[signal] if not _inside(h, hits[key])]
                if kept:
                    hits[signal] = kept
                else:
                    del hits[signal]
        own_hit = bool(hits.get(signal_key("@area")) or hits.get(signal_key("@organisation")))
        level, areas = self.topics.level(set(hits), self.profile_topics, own_hit=own_hit)
        own = [
            (kind, h.start, h.end)
            for kind, name in (("own-area", "@area"), ("own-organisation", "@organisation"))
            for h in hits.get(signal_key(name), ())
        ]
        providers = {
            "analysis": lambda: analyse(
                doc,  # type: ignore[arg-type]
                text,
                lexicon(lang),
                _known_anywhere,
                own,
                lambda word: lemma_of(word, lang),
            ),
            "embeddings": lambda: embed(shared_encoder(), text, _sentence_finder(doc)),
        }
        return Context(
            text=text, lang=lang, hits=hits, level=level, areas=areas, providers=providers
        )

    def _result(self, draft: Draft, lang: str, doc: object) -> Result:
        ctx = self._context(draft.text, lang, doc)
        findings: list[Finding] = []
        keys = ctx.hits.keys()
        lines: list[int] = []  # line starts, filled by the first rule that finds something
        later: list[RuleBase] = []
        last: list[RuleBase] = []
        for index in self._candidates(keys):
            rule, requires, langs = self._post_rules[index]
            if requires <= keys and (langs is None or lang in langs):
                if index in self._composing:
                    last.append(rule)
                elif index in self._fallback:
                    later.append(rule)
                else:
                    findings += self._findings(rule, ctx, draft.text, lines, lang)
        if later:
            flagged = {f.category for f in findings if f.severity != "info"}
            for rule in later:
                if rule.category not in flagged:
                    found = self._findings(rule, ctx, draft.text, lines, lang)
                    findings += found
                    flagged.update(f.category for f in found if f.severity != "info")
        if last and ctx.found:
            for rule in last:
                findings += self._findings(rule, ctx, draft.text, lines, lang)
        if findings:
            findings = merge(
                repair(
                    findings,
                    draft.text,
                    docx=draft.source.lower().endswith(".docx"),
                    topical=_topical(ctx),
                ),
                draft.text,
            )
        return Result(
            source=draft.source,
            language=lang,  # type: ignore[arg-type]
            verdict=verdict_of(findings),
            findings=findings,
            notes=[*self._notes(lang), *filter(None, [hidden_note(draft.text, lang)])],
            topic={"level": ctx.level, "areas": ctx.areas},
            draft=draft.text,
            profile=self.profile_info(),
        )

    def _candidates(self, keys: Iterable[Key]) -> list[int]:
        """Indexes, in pack order, of the rules that the draft's match keys may fire."""
        chosen = set(self._always)
        for key in keys:
            chosen.update(self._by_key.get(key, ()))
        return sorted(chosen)

    def _findings(
        self, rule: RuleBase, ctx: Context, text: str, lines: list[int], lang: str
    ) -> list[Finding]:
        hits = type_of(rule).find(rule, ctx)
        if rule.unless and hits:
            if rule.unless_within == "post":
                if any(ctx.signal(name) for name in rule.unless):
                    hits = []
            else:
                hits = _not_excused(
                    hits, [u for name in rule.unless for u in ctx.signal(name)], text, lang
                )
        if rule.unless_analysis and hits:
            analysis = ctx.analysis()
            hits = [
                h
                for h in hits
                if not any(
                    analysis.hit_is(w, h.start, h.end, h.sent, h.parts)
                    for w in rule.unless_analysis
                )
            ]
        if not hits:
            return []
        severity = self.severity(rule, level=ctx.level, lang=lang, ctx=ctx)
        if severity == "off":
            return []
        if not lines:
            lines += _line_starts(text)
        out = []
        rtype = type_of(rule)
        if severity != "info":
            ctx.found += [Prior(rule.id, rule.category, severity, hit) for hit in hits]
        for hit in hits:
            line = bisect.bisect_right(lines, hit.start)
            finding = self._finding(
                rule,
                severity,
                lang,
                text=text[hit.start : hit.end],
                start=hit.start,
                end=hit.end,
                line=line,
                column=hit.start - lines[line - 1] + 1,
            )
            out.append(self._explained(rtype, rule, hit, ctx, finding, lang))
        return out

    def _explained(
        self,
        rtype: RuleType,
        rule: RuleBase,
        hit: Hit,
        ctx: Context,
        finding: Finding,
        lang: str,
    ) -> Finding:
        """The finding with what its type adds: what it is about, and for a semantic
        finding the rule whose example it resembles (its why, basis and suggestion)."""
        about = rtype.describe(rule, hit, ctx)
        other = rtype.explained_by(rule, hit, ctx)
        if about is None and other is None:
            return finding
        update: dict[str, object] = {}
        message = finding.message
        if about:
            message = f"{message} ({about})"
        if other is not None:
            rule_id, example = other
            model = self._rules_by_id.get(rule_id)
            if model is not None:
                like = "Lijkt op" if lang != "en" else "Resembles"
                message = f"{message} {like} «{example}» ({rule_id})."
                update.update(
                    why=model.text("why", lang),
                    basis=list(model.basis),
                    suggestion=model.text("suggestion", lang),
                )
        update["message"] = message
        return finding.model_copy(update=update)

    def _finding(self, rule: RuleBase, severity: str, lang: str, **where: object) -> Finding:
        """A finding; the rule's texts in this language are looked up once per rule."""
        fixed = self._finding_texts.get((rule.id, lang))
        if fixed is None:
            fixed = self._finding_texts[(rule.id, lang)] = {
                "rule": rule.id,
                "category": rule.category,
                "message": rule.text("message", lang),
                "why": rule.text("why", lang),
                "suggestion": rule.text("suggestion", lang),
            }
        return Finding(
            **fixed,
            severity=severity,  # type: ignore[arg-type]
            basis=list(rule.basis),
            scope="post" if where.get("start") is not None else "profile",
            **where,  # type: ignore[arg-type]
        )

    # ---------------------------------------------------------------- profile

    def profile_info(self) -> ProfileInfo:
        """The profile's findings in every language, for the run's profile section.

        Made once per engine (again when a session names the profile): every result
        shares the same object, so a batch of 100,000 drafts holds the bio's findings once.
        """
        if self._profile_info is None:
            self.name_profile("", "<profile>", None)
        assert self._profile_info is not None
        return self._profile_info

    def name_profile(self, key: str, source: str, line: int | None) -> None:
        """How the run knows this engine's profile: its key, its name, the bio's line."""
        findings = {lang: tuple(self._profile_findings(lang)) for lang in LANGUAGES}
        ran = {r.category for r in self.ruleset.rules}
        categories = tuple(c for c in CATEGORIES if c in ran)
        self._profile_info = ProfileInfo(key, source, line, findings, categories)

    def _profile_findings(self, lang: str) -> list[Finding]:
        """Findings about the bio itself: built once per language, for the profile section."""
        if self._profile_hits is None:
            self._profile_hits = []
            bio = self._account_text()
            rules = [r for r in self.ruleset.rules if type_of(r).on_profile(r)]
            if bio and rules:
                # Bios mix languages ("Beleidsmedewerker | views my own"): read it in
                # its own language, and add what the other language's lists find.
                lang_ = detect_language(bio)
                ctx = self._context(bio, lang_, get_pipeline(lang_)(bio))
                for other_lang in LANGUAGES:
                    if other_lang == lang_:
                        continue
                    other = self._context(bio, other_lang, get_pipeline(other_lang)(bio))
                    for key, found in other.hits.items():
                        merged = {*ctx.hits.get(key, []), *found}
                        ctx.hits[key] = sorted(merged, key=lambda h: (h.start, h.end))
                for rule in rules:
                    hits = type_of(rule).find(rule, ctx)
                    if hits and not any(ctx.signal(n) for n in rule.unless):
                        self._profile_hits.append((rule, hits[0]))
        cached = self._profile_cache.get(lang)
        if cached is not None:
            return list(cached)  # findings are frozen: every result may share them
        out = []
        bio = self._account_text()
        for rule, hit in self._profile_hits:
            severity = self.severity(rule, level="none", lang=lang)
            if severity != "off":
                out.append(
                    self._finding(
                        rule,
                        severity,
                        lang,
                        text=bio[hit.start : hit.end],
                        start=None,
                        end=None,
                        line=None,
                        column=None,
                    )
                )
        self._profile_cache[lang] = out
        return list(out)

    def _account_text(self) -> str:
        """What profile-scope rules read: the bio, and the handle on a line of its own
        (a ministry's abbreviation in a personal handle makes an account look official)."""
        account = self.profile.account
        return "\n".join(
            part.strip() for part in (account.bio, account.handle or "") if part.strip()
        )

    def severity(
        self, rule: RuleBase, *, level: Level | str, lang: str, ctx: Context | None = None
    ) -> str:
        """The rule's severity for this profile and draft: the first matching override.

        Without `signals:` conditions it depends on the level and language alone, and
        is remembered per rule for those.
        """
        if not rule.severity_when:
            return rule.severity
        key = (rule.id, level, lang)
        known = self._severities.get(key)
        if known is not None:
            return known
        found = self._severity(rule, level=level, lang=lang, ctx=ctx)
        if all(o.when.signals is None for o in rule.severity_when):
            self._severities[key] = found
        return found

    def _severity(
        self, rule: RuleBase, *, level: Level | str, lang: str, ctx: Context | None
    ) -> str:
        for override in rule.severity_when:
            if self._matches(override.when, level, lang, ctx):
                return override.severity
        return rule.severity

    def _matches(self, cond: Condition, level: str, lang: str, ctx: Context | None) -> bool:
        p = self.profile
        if cond.signals is not None and not (ctx and any(ctx.signal(n) for n in cond.signals)):
            return False
        return (
            (cond.role is None or p.role in cond.role)
            and (cond.spokesperson is None or p.spokesperson == cond.spokesperson)
            and (cond.account_kind is None or p.account.kind == cond.account_kind)
            and (cond.level is None or level in cond.level)
            and (cond.language is None or lang == cond.language)
        )

    def _notes(self, lang: Lang | str) -> list[str]:
        pick = "en" if lang == "en" else "nl"
        notes = []
        if self.default_profile:
            notes.append(NOTES["default_profile"][pick])
        for name in self.profile_topics.unmatched:
            notes.append(NOTES["unmatched"][pick].format(name=name))
        return notes


def _known_anywhere(word: str) -> bool:
    """A word either language knows: an English word in a Dutch post is no misspelling.

    Remembered per word: the analysis asks it of every word that no lexicon entry has.
    """
    known = _KNOWN.get(word)
    if known is None:
        if len(_KNOWN) >= 200_000:
            _KNOWN.clear()
        known = _KNOWN[word] = any(is_known(word, lang) for lang in LANGUAGES)
    return known


_KNOWN: dict[str, bool] = {}


def _sentence_finder(doc: object) -> Callable[[int], int]:
    """Character offset -> sentence index, numbered as the matchers number them."""
    starts = [t.idx for t in doc if t.is_sent_start]  # type: ignore[attr-defined]

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    return sentence_of


def _topical(ctx: Context) -> list[tuple[int, int]]:
    """Spans of the author's own area and organisation, and of every topic area found."""
    own = (signal_key("@area"), signal_key("@organisation"))
    return sorted(
        (h.start, h.end)
        for key, hits in ctx.hits.items()
        if key.kind == Kind.AREA or key in own
        for h in hits
    )


def _inside(hit: Hit, spans: list[Hit]) -> bool:
    return any(s.start <= hit.start and hit.end <= s.end for s in spans)


def _line_starts(text: str) -> list[int]:
    """Offsets where each line starts; `\\r\\n` counts as one break."""
    starts = [0]
    for m in re.finditer(r"\r\n|\r|\n", text):
        starts.append(m.end())
    return starts


def _not_excused(hits: list[Hit], excuses: list[Hit], text: str, lang: str) -> list[Hit]:
    """The hits that no `unless` signal in their sentence excuses.

    An excuse that a contrast word takes back excuses nothing after it: "het onderzoek
    loopt nog, maar ik durf te wedden dat …" names the official channel and then guesses
    anyway. So an excuse counts only for a hit none of whose parts lies beyond a contrast
    word that follows the excuse.
    """
    if not excuses:
        return hits
    contrast = word_list("contrast", lang)
    out = []
    for h in hits:
        parts = h.parts or ((h.start, h.end),)
        last = max(start for start, _ in parts)
        if not any(
            u.sent == h.sent and not _contrast_between(text, u.end, last, contrast) for u in excuses
        ):
            out.append(h)
    return out


def _contrast_between(text: str, start: int, end: int, contrast: frozenset[str]) -> bool:
    """Whether a contrast word stands as a word of its own between two offsets."""
    if end <= start or not contrast:
        return False
    return any(word.lower() in contrast for word in _WORD.findall(text, start, end))
