"""The `postcheck/1` JSON report: plain, deterministic, for tools and tests."""

from __future__ import annotations

import json

from ..models import Report


def render(report: Report) -> str:
    data = report.model_dump(by_alias=True, exclude_none=False)
    for result in data["results"]:
        if result.get("error") is None:
            result.pop("error", None)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
