"""JSON Schemas for profiles and rule packs, generated from the models that validate them.

Editors (VS Code with the YAML extension, JetBrains) use them to complete keys and flag
mistakes while a profile or pack is being written. They are generated, not written by
hand, so they cannot drift from what postcheck accepts; `tests/test_schemas.py` fails when
the shipped files are out of date (`python -m postcheck.packs.schemagen` rewrites them).

The models accept shorthands through "before" validators (`basis: one text` for a list,
`message: text` for `{nl: text}`, a plain list of terms for `{nl: [...]}`). pydantic
cannot see what such a function accepts, so each one is described here; a validator that
is not described stops generation instead of yielding a schema that rejects valid files.

The report schema (`report.schema.json`, the `postcheck/2` contract) is written by hand:
it is a promise to other tools, and the tests check the output against it, not it
against the code.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from postcheck.models import Profile
from postcheck.packs.loading import pack_file_model

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: Schema name -> the model (a function: the rule-pack model is built from the rule types
#: registered when the schema is made) and the schema's title.
SCHEMAS: dict[str, tuple[Callable[[], type[BaseModel]], str]] = {
    "profile": (lambda: Profile, "postcheck profile"),
    "rule-pack": (pack_file_model, "postcheck rule pack file"),
}
#: Shipped beside the generated ones; hand-written.
REPORT = "report"
NAMES = (*SCHEMAS, REPORT)

Schema = dict[str, Any]


def _array_items(schema: Schema) -> list[Schema]:
    branches = schema.get("anyOf", [schema])
    return [b["items"] for b in branches if b.get("type") == "array" and "items" in b]


def _one_or_list(inner: Schema) -> Schema:
    """`_as_list`: one item may stand for a list of one."""
    return {"anyOf": [*_array_items(inner), *inner.get("anyOf", [inner])]}


def _text_or_mapping(inner: Schema) -> Schema:
    """`_localise` and `Example._plain`: a plain text stands for the mapping."""
    return {"anyOf": [{"type": "string"}, inner]}


def _list_or_mapping(inner: Schema) -> Schema:
    """`Terms/Patterns._plain_list`: a plain list stands for the Dutch list."""
    dutch = inner.get("properties", {}).get("nl")
    if dutch is None:
        raise SchemaGenerationError("expected an object with an 'nl' list")
    return {"anyOf": [inner, {k: v for k, v in dutch.items() if k not in ("title", "default")}]}


def _item_or_name(inner: Schema) -> Schema:
    """`named_conditions`: a list entry may be the name of a shared condition."""
    items = _array_items(inner)
    if len(items) != 1:
        raise SchemaGenerationError("expected a list")
    return {**inner, "items": {"anyOf": [items[0], {"type": "string"}]}}


def _list_or_lexicon(inner: Schema) -> Schema:
    """`Terms._lexicon_file`: a language's terms may be a lexicon file's path."""
    path = {"type": "string", "pattern": "\\.txt$", "description": "a lexicon file"}
    return {"anyOf": [*inner.get("anyOf", [inner]), path]}


#: Before-validators by qualified name, and the JSON Schema of what they accept.
SHORTHANDS: dict[str, Callable[[Schema], Schema]] = {
    "as_list": _one_or_list,
    "_localise": _text_or_mapping,
    "named_conditions": _item_or_name,
    "Terms._lexicon_file": _list_or_lexicon,
    "Example._plain": _text_or_mapping,
    "PerLanguage._plain_list": _list_or_mapping,
    # YAML 1.1 reads `off` as false; editors read YAML 1.2, where it stays "off".
    "Profile._yaml_off": lambda inner: inner,
}


class SchemaGenerationError(Exception):
    pass


class _Generator(GenerateJsonSchema):
    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> Any:
        inner = self.generate_inner(schema["schema"])
        function = schema["function"]["function"]
        name = getattr(function, "__func__", function).__qualname__
        shorthand = SHORTHANDS.get(name)
        if shorthand is None:
            raise SchemaGenerationError(
                f"before-validator {name} accepts input the JSON Schema cannot know about; "
                "describe it in postcheck.packs.schemagen.SHORTHANDS"
            )
        return shorthand(inner)

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """A model with a shorthand becomes `anyOf`; its `additionalProperties: false` must
        then move into the mapping branch, where the properties it refers to are."""
        out = super().model_schema(schema)
        if "anyOf" in out and "additionalProperties" in out and "properties" not in out:
            extra = out.pop("additionalProperties")
            for branch in out["anyOf"]:
                if branch.get("type") == "object" and "properties" in branch:
                    branch["additionalProperties"] = extra
        return out

    def generate(self, schema: Any, mode: Any = "validation") -> JsonSchemaValue:
        out = super().generate(schema, mode=mode)
        return {"$schema": DIALECT, **out}


def generate(name: str) -> Schema:
    model, title = SCHEMAS[name]
    schema = model().model_json_schema(schema_generator=_Generator)
    schema["title"] = title
    return schema


def dumps(schema: Schema) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def schema_dir() -> Path:
    return Path(str(resources.files("postcheck") / "schemas"))


def shipped(name: str) -> str:
    """The schema file as installed with postcheck."""
    if name not in NAMES:
        raise KeyError(name)
    return (schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8")


def write_all(folder: Path | None = None) -> list[Path]:
    folder = folder or schema_dir()
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        path.write_text(dumps(generate(name)), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        sys.stdout.write(f"wrote {path}\n")
