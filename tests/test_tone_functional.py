"""Functional tone tests: the Rijk pack on hand-written cases, one phenomenon at a time.

`tests/data/tone-nl.yaml` holds 26 phenomena (derogation by emotion, attribute or
dehumanisation, implicit derogation, direct and normative threats, slurs, profanity used
hatefully and harmlessly, pronoun reference, negation, hate as a question or opinion,
counter-speech, abuse of objects, individuals and non-protected groups, spelling variants,
intensifiers, neutral mentions), 21 cases each over 8 groups. They were written for this
project, not taken from a published suite. A case counts as flagged when the pack gives a
`tone` finding of severity warning or error; `abusive` says whether it should be.

The floors below sit just under what the pack reaches now (measured per phenomenon); a
change that lowers one of them breaks a phenomenon. Overall, hateful cases must be
flagged at least 83.5% of the time (0.840 measured on 2026-12-02; the target for unseen
suites is 0.85), and fine ones at most 5% (1.4% measured). The floor was 84% (0.846):
dropping the semantic tone head, whose calibration found no threshold that adds to the
rules, lost one implicit derogation ("Tja, echte vluchtelingen zijn dat"), while the
negation and counter-speech work cleared two fine cases.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from postcheck.engine.core import Engine
from postcheck.packs.loading import builtin_pack_dirs, load_rules
from postcheck.profile.loading import DEFAULT_PROFILE

CASES = yaml.safe_load((Path(__file__).parent / "data" / "tone-nl.yaml").read_text("utf-8"))[
    "cases"
]

#: Per phenomenon, the share of cases that must come out right.
FLOORS = {
    "implicit-derogation": 0.15,
    "spelling-dropped": 0.55,
}
DEFAULT_FLOOR = 0.75


@pytest.fixture(scope="module")
def outcomes(topics) -> dict[str, list[tuple[dict, bool]]]:
    engine = Engine(load_rules(builtin_pack_dirs()), DEFAULT_PROFILE, topics, lang="nl")
    by_phenomenon: dict[str, list[tuple[dict, bool]]] = defaultdict(list)
    results = engine.check(_drafts())
    for case, result in zip(CASES, results, strict=True):
        flagged = any(
            f.category == "tone" and f.severity in ("warning", "error") for f in result.findings
        )
        by_phenomenon[case["phenomenon"]].append((case, flagged))
    return by_phenomenon


def _drafts():
    from postcheck.models import Draft

    return [Draft(c["id"], c["text"]) for c in CASES]


def test_every_phenomenon_has_twenty_cases_over_eight_groups():
    per: dict[str, list[dict]] = defaultdict(list)
    for c in CASES:
        per[c["phenomenon"]].append(c)
    assert len(per) == 26
    assert all(len(v) >= 20 for v in per.values())
    groups = {c["group"] for c in CASES if c["group"]}
    assert len(groups) == 8


@pytest.mark.parametrize("phenomenon", sorted({c["phenomenon"] for c in CASES}))
def test_phenomenon(outcomes, phenomenon):
    rows = outcomes[phenomenon]
    right = [c for c, flagged in rows if flagged == c["abusive"]]
    wrong = [c["text"] for c, flagged in rows if flagged != c["abusive"]]
    share = len(right) / len(rows)
    assert share >= FLOORS.get(phenomenon, DEFAULT_FLOOR), (phenomenon, share, wrong)


def test_hate_recall_and_false_alarms_overall(outcomes):
    rows = [r for v in outcomes.values() for r in v]
    hateful = [flagged for c, flagged in rows if c["hateful"]]
    fine = [flagged for c, flagged in rows if not c["abusive"]]
    assert sum(hateful) / len(hateful) >= 0.835
    assert sum(fine) / len(fine) <= 0.05
