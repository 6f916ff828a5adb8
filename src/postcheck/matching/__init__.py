"""Matching: everything rules, signals and topics look for, run over a Doc in one pass.

`matchers` holds `MatcherSet` (phrase matchers on lemmas and lower case, token patterns
with their anchors, compounds, RE2 regexes) and `Hit`; `saferegex` checks and translates
regexes for RE2; `terms` keeps the pipeline's analyses of terms in the disk store. It
reads Docs from `language` and hands hits, by match key, to `ruletypes` and `engine`.
"""

from __future__ import annotations

from postcheck.matching.matchers import Hit, MatcherSet, PatternError

__all__ = ["Hit", "MatcherSet", "PatternError"]
