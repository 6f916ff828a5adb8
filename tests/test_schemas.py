"""The JSON Schemas for profiles and rule packs stay in step with the models.

The shipped files must equal what the models generate (regenerate with
`python -m postcheck.packs.schemagen`), and every profile and pack that postcheck accepts must
also pass its schema, shorthands included, or an editor would flag a valid file.
"""

from __future__ import annotations

import json
import os

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from postcheck.cli.app import app
from postcheck.packs.loading import builtin_pack_dirs
from postcheck.packs.schemagen import (
    SCHEMAS,
    SchemaGenerationError,
    dumps,
    generate,
    shipped,
    write_all,
)
from workflow_support import PACK, REPO, UPDATE_ENV


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_schema_is_generated_from_the_models(name):
    if os.environ.get(UPDATE_ENV) == "1":
        write_all()
    assert shipped(name) == dumps(generate(name)), "run: python -m postcheck.packs.schemagen"


@pytest.mark.parametrize("name", [*sorted(SCHEMAS), "report"])
def test_schemas_are_valid_json_schema(name):
    jsonschema.Draft202012Validator.check_schema(json.loads(shipped(name)))


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(shipped(name)))


def _yaml_files(*folders):
    # A pack's cases/ folder holds test cases, not rules.
    return sorted(p for folder in folders for p in folder.rglob("*.yaml") if "cases" not in p.parts)


def test_every_shipped_profile_passes_the_profile_schema():
    validator = _validator("profile")
    files = _yaml_files(REPO / "profiles")
    assert files
    for path in files:
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
        assert errors == [], path


def test_every_rule_pack_file_passes_the_pack_schema():
    validator = _validator("rule-pack")
    files = _yaml_files(PACK, *builtin_pack_dirs())
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue  # a pack being edited; its YAML errors are the loader's to report
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], path


def test_shorthands_are_in_the_schema():
    """What the models accept in short form, the schema accepts too (and still rejects typos)."""
    profile = _validator("profile")
    assert profile.is_valid(
        {
            "function_title": "x",
            "organisation": "y",
            "beleidsterrein": "zorg",
            "packs": "rijk",
            "rules": {"RIJK-TONE-001": "off"},
        }
    )
    assert not profile.is_valid({"function_title": "x", "organisation": "y", "beleidsterein": []})
    assert not profile.is_valid({"function_title": "x", "organisation": "y", "role": "baas"})
    assert not profile.is_valid({"function_title": "x", "organisation": "y", "rules": {"A": "on"}})
    pack = _validator("rule-pack")
    rule = {
        "id": "X-TONE-001",
        "type": "lexicon",
        "category": "tone",
        "severity": "warning",
        "terms": ["a", "b"],
        "message": "Tekst.",
        "why": {"nl": "Waarom.", "en": "Why."},
        "basis": "Een grondslag",
        "suggestion": "Suggestie.",
        "examples": {"bad": ["a"], "good": [{"text": "c"}]},
    }
    assert pack.is_valid({"rules": [rule]})
    assert pack.is_valid({"rules": [{**rule, "terms": {"nl": ["a"], "en": ["b"]}}]})
    assert not pack.is_valid({"rules": [{**rule, "terms": {"nl": ["a"], "fr": ["b"]}}]})
    assert not pack.is_valid({"rules": [{**rule, "type": "lexicn"}]})
    assert not pack.is_valid({"rules": [{**rule, "source": "set by the loader"}]})


def test_an_undescribed_shorthand_stops_generation(monkeypatch):
    from postcheck.packs import schemagen

    monkeypatch.delitem(schemagen.SHORTHANDS, "_localise")
    with pytest.raises(SchemaGenerationError, match="_localise"):
        generate("rule-pack")


@pytest.mark.parametrize("name", ["profile", "rule-pack", "report"])
def test_schema_command_prints_the_shipped_file(name):
    result = CliRunner().invoke(app, ["schema", name])
    assert result.exit_code == 0 and result.stdout == shipped(name)
