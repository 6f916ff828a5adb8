"""Formatters turn a report into bytes for people or machines; they never judge.

Each output format lives in its own module: `text` (the terminal report), `json` (the
`postcheck/2` contract, also as JSON lines), `concise` (one line per finding), `sarif`
(SARIF 2.1.0 for code scanning) and `github` (workflow
commands that annotate a pull request). Machine formats are deterministic: the same drafts
and rules give the same bytes, so their output can be diffed, cached and golden-tested.
"""

from __future__ import annotations

FORMATS = ("text", "json", "jsonl", "concise", "sarif", "github")
