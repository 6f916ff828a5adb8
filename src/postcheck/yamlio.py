"""Safe YAML loading with line numbers, and pydantic errors turned into one-line messages.

Rule packs and profiles are written by hand by many organisations. Every mistake in them has to
come back as ``file:line: what is wrong (what was meant)`` rather than as a traceback, so the
loader keeps the line of every key and list item, and :func:`validate` maps pydantic's error
locations back onto those lines and onto the model's field names.
"""

from __future__ import annotations

import collections.abc
import datetime
import difflib
import enum
import os
import re
import types
from typing import Annotated, Any, Literal, NamedTuple, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, RootModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentStartEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from postcheck.errors import SourceError

__all__ = ["LineDict", "LineList", "line_of", "load_yaml", "validate"]

ModelT = TypeVar("ModelT", bound=BaseModel)

_TAG_PREFIX = "tag:yaml.org,2002:"
_MAP_TAGS = frozenset({None, "!", _TAG_PREFIX + "map"})
_SEQ_TAGS = frozenset({None, "!", _TAG_PREFIX + "seq"})
# Only plain scalar types: the collection constructors (set, omap, ...) are never reached, and
# unknown tags such as !!python/object are rejected before any constructor could run.
_SCALAR_CONSTRUCTORS = {
    _TAG_PREFIX + name: SafeConstructor.yaml_constructors[_TAG_PREFIX + name]
    for name in ("null", "bool", "int", "float", "binary", "timestamp", "str")
}
# A plain "=" resolves to the YAML 1.1 'value' type, which SafeLoader cannot build; it is text.
_SCALAR_CONSTRUCTORS[_TAG_PREFIX + "value"] = SafeConstructor.construct_yaml_str
_MERGE_TAG = _TAG_PREFIX + "merge"
# Real files nest a handful of levels; a cap keeps pathological input from breaking whatever
# walks the data later (repr, deepcopy, json) with a RecursionError.
_MAX_DEPTH = 100
_NO_ANCHORS = "YAML aliases/anchors are not allowed in postcheck files"
_NO_KEY = object()


class LineDict(dict[Any, Any]):
    """A mapping that remembers where it and each of its keys were written."""

    __slots__ = ("key_lines", "line")

    def __init__(self, *args: Any, line: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line: int | None = line
        self.key_lines: dict[Any, int] = {}


class LineList(list[Any]):
    """A sequence that remembers where it and each of its items were written."""

    __slots__ = ("item_lines", "line")

    def __init__(self, *args: Any, line: int | None = None) -> None:
        super().__init__(*args)
        self.line: int | None = line
        self.item_lines: list[int] = []


class _Loader(yaml.SafeLoader):
    """Only the safe scanner, parser and resolver are used; nothing arbitrary is constructed."""


# --------------------------------------------------------------------------------------------
# Loading


def load_yaml(
    path: str | os.PathLike[str], *, text: str | None = None, max_bytes: int = 5_000_000
) -> Any:
    """Load one YAML document as plain data that knows its own line numbers.

    ``text`` is for data that does not come from ``path`` (stdin, embedded documents); ``path``
    is then only the name shown in errors. Size is checked before parsing so a huge file
    cannot stall the CLI.
    """
    if text is None:
        raw = _read_bytes(path, max_bytes)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1].hex()
            raise SourceError(
                path,
                f"file is not valid UTF-8: {exc.reason} 0x{bad} at byte offset {exc.start}",
                line=raw.count(b"\n", 0, exc.start) + 1,
                hint="save the file as UTF-8",
            ) from None
    else:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise _too_large(path, size, max_bytes)

    try:
        return _parse(text, path)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, exc) from None
    except yaml.reader.ReaderError as exc:
        raise SourceError(
            path,
            f"invalid character {_char_code(exc.character)} in YAML: {exc.reason}",
            line=text.count("\n", 0, exc.position) + 1,
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(path, f"invalid YAML: {exc}") from None


def _char_code(character: int | str) -> str:
    """PyYAML reports the character as a code point (or a str, depending on version)."""
    code = character if isinstance(character, int) else ord(character)
    return f"#x{code:04x}"


def _parse(text: str, path: str | os.PathLike[str]) -> Any:
    loader = _Loader(text)  # the reader already rejects non-printable characters here
    try:
        return _build(loader, path)
    finally:
        loader.dispose()


def _read_bytes(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """Read at most one byte over the limit, so an oversized file is never held in memory."""
    try:
        with open(path, "rb") as handle:
            reported = os.fstat(handle.fileno()).st_size
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(path, f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise _too_large(path, reported if reported > max_bytes else None, max_bytes)
    return raw


def _too_large(path: str | os.PathLike[str], size: int | None, max_bytes: int) -> SourceError:
    """Say both numbers so the user can tell whether the file or the limit is wrong."""
    amount = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
    return SourceError(path, f"file is too large: {amount} (limit {max_bytes:,} bytes)")


def _syntax_error(path: str | os.PathLike[str], exc: yaml.MarkedYAMLError) -> SourceError:
    """Report the problem at its mark; the context (e.g. where a quote opened) goes in the hint."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    hint = None
    if exc.context and exc.context_mark is not None and exc.context_mark.line + 1 != line:
        hint = f"{exc.context} at line {exc.context_mark.line + 1}"
    elif exc.context and exc.problem:
        hint = exc.context
    return SourceError(path, f"invalid YAML: {exc.problem or exc.context}", line=line, hint=hint)


def _build(loader: _Loader, path: str | os.PathLike[str]) -> Any:
    """Build LineDict/LineList data straight from parser events.

    Working on events (instead of composed nodes) lets anchors be refused the moment they
    appear, so alias bombs are never expanded, and keeps the loader iterative, so deeply
    nested input cannot hit Python's recursion limit.
    """
    root: Any = None
    documents = 0
    # One frame per open collection: [container, pending mapping key (or _NO_KEY)].
    stack: list[list[Any]] = []
    while True:
        event = loader.get_event()
        if isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent)):
            line = event.start_mark.line + 1
            if event.anchor is not None:
                raise SourceError(path, _NO_ANCHORS, line=line)
            value: Any
            if isinstance(event, ScalarEvent):
                value = _scalar(loader, event, path, line)
            elif isinstance(event, MappingStartEvent):
                _check_tag(event.tag, _MAP_TAGS, path, line)
                value = LineDict(line=line)
            else:
                _check_tag(event.tag, _SEQ_TAGS, path, line)
                value = LineList(line=line)
            if stack:
                _attach(stack[-1], value, line, path)
            else:
                root = value
            if not isinstance(event, ScalarEvent):
                if len(stack) >= _MAX_DEPTH:
                    raise SourceError(
                        path, f"nesting is too deep (more than {_MAX_DEPTH} levels)", line=line
                    )
                stack.append([value, _NO_KEY])
        elif isinstance(event, CollectionEndEvent):
            stack.pop()
        elif isinstance(event, AliasEvent):
            raise SourceError(path, _NO_ANCHORS, line=event.start_mark.line + 1)
        elif isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise SourceError(
                    path,
                    "only one YAML document per file is allowed",
                    line=event.start_mark.line + 1,
                    hint="remove the second '---'",
                )
        elif isinstance(event, StreamEndEvent):
            return root


def _attach(frame: list[Any], value: Any, line: int, path: str | os.PathLike[str]) -> None:
    """Put a value into the open collection: as a list item, a mapping key or a mapping value.

    Keys are checked here because a dict would silently keep only the last duplicate.
    """
    container = frame[0]
    if isinstance(container, LineList):
        container.append(value)
        container.item_lines.append(line)
    elif frame[1] is not _NO_KEY:
        container[frame[1]] = value
        frame[1] = _NO_KEY
    elif isinstance(value, (LineDict, LineList)):
        raise SourceError(
            path, "mapping keys must be plain values, not lists or mappings", line=line
        )
    else:
        first = container.key_lines.get(value)
        if first is not None:
            raise SourceError(path, f"duplicate key {value!r} (first at line {first})", line=line)
        container.key_lines[value] = line
        frame[1] = value


def _check_tag(
    tag: str | None, allowed: frozenset[str | None], path: str | os.PathLike[str], line: int
) -> None:
    """Explicit tags could ask for sets, ordered maps or Python objects; only plain data passes."""
    if tag not in allowed:
        raise SourceError(path, f"unsupported YAML tag {_short_tag(tag)!r}", line=line)


def _short_tag(tag: str | None) -> str:
    """Show tags the way users write them ('!!set', not the full URI)."""
    tag = tag or "!"
    return "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag


def _scalar(loader: _Loader, event: ScalarEvent, path: str | os.PathLike[str], line: int) -> Any:
    """Resolve a scalar exactly as SafeLoader would, but only into plain scalar types."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(ScalarNode, event.value, event.implicit)
    if tag == _MERGE_TAG:
        raise SourceError(
            path, "YAML merge keys ('<<') are not allowed in postcheck files", line=line
        )
    construct = _SCALAR_CONSTRUCTORS.get(tag)
    if construct is None:
        raise SourceError(path, f"unsupported YAML tag {_short_tag(tag)!r}", line=line)
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return construct(loader, node)
    except (ValueError, yaml.YAMLError) as exc:
        # e.g. "2024-02-30" looks like a date but is not one; PyYAML would raise a bare ValueError.
        detail = getattr(exc, "problem", None) or str(exc)
        raise SourceError(
            path, f"cannot read {event.value!r} as {_short_tag(tag)}: {detail}", line=line
        ) from None


# --------------------------------------------------------------------------------------------
# Locations


class _Step(NamedTuple):
    key: Any
    node: Any
    line: int | None
    is_index: bool


def _walk(data: Any, loc: tuple[str | int, ...]) -> list[_Step]:
    """Follow the loc parts that index the data, skipping the ones pydantic made up.

    pydantic inserts union tags ('lexicon', 'Lex') and validator names into ``loc``; they
    never index the data, so skipping whatever does not fit lands on the real node.
    """
    steps: list[_Step] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and not isinstance(part, bool) and part in node:
            line = node.key_lines.get(part) if isinstance(node, LineDict) else None
            node = node[part]
            steps.append(_Step(part, node, line, False))
        elif isinstance(node, list) and type(part) is int and 0 <= part < len(node):
            line = node.item_lines[part] if isinstance(node, LineList) else None
            node = node[part]
            steps.append(_Step(part, node, line, True))
    return steps


def line_of(data: Any, loc: tuple[str | int, ...]) -> int | None:
    """Line of the deepest node of ``data`` that ``loc`` (a pydantic error loc) reaches."""
    line = getattr(data, "line", None)
    for step in _walk(data, loc):
        if step.line is not None:
            line = step.line
    return line


def _node_at(data: Any, loc: tuple[str | int, ...]) -> Any:
    steps = _walk(data, loc)
    return steps[-1].node if steps else data


def _dotted(data: Any, loc: tuple[str | int, ...]) -> str:
    """Spell a location the way the user sees the file: ``rules[3] (RIJK-TONE-001).severity``.

    Rule ids are shown because "rules[41]" is hard to find by eye, an id is one search away.
    """
    out = ""
    for step in _walk(data, loc):
        if step.is_index:
            out += f"[{step.key}]"
            ident = step.node.get("id") if isinstance(step.node, dict) else None
            if isinstance(ident, (str, int)) and not isinstance(ident, bool):
                out += f" ({ident})"
        elif isinstance(step.key, str):
            out += f".{step.key}" if out else step.key
        else:
            out += f"[{step.key!r}]"
    return out


# --------------------------------------------------------------------------------------------
# Validation


def validate(
    model: type[ModelT],
    data: Any,
    path: str | os.PathLike[str],
    *,
    context: dict[str, Any] | None = None,
) -> ModelT:
    """Validate loaded YAML against ``model``, reporting the first problem as one line.

    One actionable error is enough; the count of the others tells the user there is more to
    fix after it.
    """
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise _to_source_error(model, data, path, errors) from exc


_EXPECTED = {
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "frozen_set_type": "a list",
    "iterable_type": "a list",
    "dict_type": "a mapping",
    "mapping_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dataclass_type": "a mapping",
    "string_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "none_required": "nothing",
    "date_type": "a date",
    "date_parsing": "a date",
    "datetime_type": "a date and time",
    "datetime_parsing": "a date and time",
}


def _to_source_error(
    model: type[BaseModel],
    data: Any,
    path: str | os.PathLike[str],
    errors: list[ErrorDetails],
) -> SourceError:
    """Describe ``errors[0]``; the others only add a count and, for a typo, a hint."""
    error = errors[0]
    kind: str = error["type"]
    loc: tuple[str | int, ...] = tuple(error["loc"])
    ctx: dict[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    where = loc  # the location named in the message; the line always comes from the full loc
    hint: str | None = None

    if kind == "extra_forbidden":
        where = loc[:-1]
        key = loc[-1]
        message = f"unknown key {key!r}"
        owner, _ = _type_at(model, data, where)
        present = _node_at(data, where)
        names = [
            n for n in _field_names(owner) if not isinstance(present, dict) or n not in present
        ]
        hint = _did_you_mean(str(key), names)
    elif kind == "missing":
        where = loc[:-1]
        message = f"missing required key {loc[-1]!r}"
        hint = _misspelt_as(data, loc, errors)
    elif kind in ("literal_error", "enum"):
        choices = _choices(_type_at(model, data, loc)[0])
        if choices is None:
            choices = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        listed = ", ".join(choices) if choices else str(ctx.get("expected", ""))
        message = f"{_show(value)} is not one of: {listed}"
        if isinstance(value, str):
            hint = _did_you_mean(value, choices)
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        loc, message, hint = _union_problem(model, data, loc, ctx)
        where = loc
    elif kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, got {_kind_of(value)}"
        if kind == "string_type" and isinstance(value, (bool, int, float, datetime.date)):
            hint = "put the value in quotes to keep it as text"
    elif kind in ("value_error", "assertion_error") and ctx.get("error") is not None:
        message = str(ctx["error"]) or str(error.get("msg", kind))
    else:
        message = str(error.get("msg", kind))

    dotted = _dotted(data, where)
    if dotted:
        message = f"{dotted}: {message}"
    if len(errors) > 1:
        message += f" (+{len(errors) - 1} more)"
    return SourceError(path, message, line=line_of(data, loc), hint=hint)


def _union_problem(
    model: type[BaseModel], data: Any, loc: tuple[str | int, ...], ctx: dict[str, Any]
) -> tuple[tuple[str | int, ...], str, str | None]:
    """Name a missing or unknown discriminator (``type: lexicn``) and offer the real tags.

    An unknown tag is reported at the discriminator key itself, which is the line to edit.
    """
    union, disc = _type_at(model, data, loc)
    key = _discriminator_key(disc) or str(ctx.get("discriminator", "")).strip("'")
    if not re.fullmatch(r"[\w-]+", key):
        key = ""  # a callable discriminator has no key the user could write
    tags = _union_tags(union, disc) or re.findall(r"'([^']*)'", ctx.get("expected_tags", ""))
    listed = f"one of: {', '.join(tags)}" if tags else None
    if "tag" not in ctx:  # union_tag_not_found
        message = f"missing required key {key!r}" if key else "cannot tell which kind this is"
        return loc, message, listed and f"expected {listed}"
    tag = ctx["tag"]
    node = _node_at(data, loc)
    if key and isinstance(node, dict) and key in node:
        loc = (*loc, key)
    hint = _did_you_mean(str(tag), tags) or (listed and f"use {listed}")
    return loc, f"unknown {key or 'kind'} {tag!r}", hint


def _misspelt_as(data: Any, loc: tuple[str | int, ...], errors: list[ErrorDetails]) -> str | None:
    """A misspelt required key is reported by pydantic as 'missing' first and 'unknown' later;
    point at the unknown sibling key so the user sees it is one typo, not two problems."""
    unknown = {
        str(e["loc"][-1]): e["loc"]
        for e in errors
        if e["type"] == "extra_forbidden" and tuple(e["loc"][:-1]) == loc[:-1]
    }
    matches = difflib.get_close_matches(str(loc[-1]), list(unknown), n=1)
    if not matches:
        return None
    line = line_of(data, unknown[matches[0]])
    return f"found {matches[0]!r}" + (f" at line {line}" if line is not None else "") + ", a typo?"


def _show(value: Any) -> str:
    """Quote the offending value without pasting a whole mapping into the message."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind_of(value: Any) -> str:
    """Name a value's type in YAML terms, which is what rule authors know."""
    if value is None:
        return "nothing"
    for types_, name in (
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a number"),
        (str, "a string"),
        (dict, "a mapping"),
        (list, "a list"),
        (datetime.date, "a date"),
        (bytes, "binary data"),
    ):
        if isinstance(value, types_):
            return name
    return type(value).__name__


def _did_you_mean(word: str, candidates: collections.abc.Iterable[Any]) -> str | None:
    matches = difflib.get_close_matches(word, [str(c) for c in candidates], n=1)
    return f"did you mean {matches[0]!r}?" if matches else None


# --------------------------------------------------------------------------------------------
# Finding the annotation behind an error loc (for field names and choices in hints)


def _type_at(model: type[BaseModel], data: Any, loc: tuple[str | int, ...]) -> tuple[Any, Any]:
    """Walk the model's annotations along ``loc``; return (annotation, discriminator) there.

    Only used to improve hints, so anything unexpected in a user-defined annotation yields
    (None, None) instead of hiding the user's real error behind an internal one.
    """
    try:
        return _walk_types(model, data, loc)
    except Exception:
        return None, None


def _walk_types(model: type[BaseModel], data: Any, loc: tuple[str | int, ...]) -> tuple[Any, Any]:
    tp: Any = model
    disc: Any = None
    node = data
    i = 0
    while True:
        tp, disc = _unwrap(tp, disc)
        if i >= len(loc):
            return tp, disc
        part = loc[i]
        if _is_union(tp):
            member, consumed = _pick_member(tp, disc, node, part)
            if member is None:
                return None, None
            tp, disc = member, None
            i += consumed
            continue
        if isinstance(tp, type) and issubclass(tp, RootModel):
            tp, disc = _root_field(tp)
            continue
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = _field(tp, part)
            if field is not None:
                tp, disc = field.annotation, field.discriminator
                node = _child(node, part)
            i += 1
            continue
        origin, args = get_origin(tp), get_args(tp)
        if _is_sequence(origin) and type(part) is int:
            if origin is tuple and args and args[-1] is not Ellipsis:
                tp = args[part] if part < len(args) else None
            else:
                tp = args[0] if args else Any
            disc, node = None, _child(node, part)
        elif _is_mapping(origin) and args:
            if i + 1 < len(loc) and loc[i + 1] == "[key]":
                tp = args[0]
                i += 1
            else:
                tp = args[1]
                node = _child(node, part)
            disc = None
        i += 1


def _unwrap(tp: Any, disc: Any) -> tuple[Any, Any]:
    """Strip Annotated and Optional, keeping a discriminator declared in Annotated metadata."""
    while True:
        if get_origin(tp) is Annotated:
            args = get_args(tp)
            for meta in args[1:]:
                found = getattr(meta, "discriminator", None)
                if found is not None:
                    disc = found
            tp = args[0]
        elif _is_union(tp):
            members = [arg for arg in get_args(tp) if arg is not type(None)]
            if len(members) != 1:
                return tp, disc
            tp = members[0]
        else:
            return tp, disc


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _is_sequence(origin: Any) -> bool:
    return (
        isinstance(origin, type)
        and origin is not str
        and (issubclass(origin, (collections.abc.Sequence, collections.abc.Set)))
    )


def _is_mapping(origin: Any) -> bool:
    return isinstance(origin, type) and issubclass(origin, collections.abc.Mapping)


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and type(part) is int and 0 <= part < len(node):
        return node[part]
    return None


def _root_field(model: type[BaseModel]) -> tuple[Any, Any]:
    field = model.model_fields["root"]
    return field.annotation, field.discriminator


def _field(model: type[BaseModel], key: str | int) -> Any:
    """The FieldInfo a data key refers to, by name or by alias."""
    for name, field in model.model_fields.items():
        if key in (name, field.alias, field.validation_alias):
            return field
    return None


def _field_names(model: Any) -> list[str]:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    names: list[str] = []
    for name, field in model.model_fields.items():
        for candidate in (field.alias, field.validation_alias, name):
            if isinstance(candidate, str) and candidate not in names:
                names.append(candidate)
    return names


def _discriminator_key(disc: Any) -> str | None:
    """A discriminator is a field name, or a pydantic Discriminator wrapping one."""
    if isinstance(disc, str):
        return disc
    inner = getattr(disc, "discriminator", None)
    return inner if isinstance(inner, str) else None


def _member_tags(member: Any, disc: Any) -> list[Any]:
    """The tag values that select a union member: its ``Tag`` or its discriminator literals."""
    tags: list[Any] = []
    if get_origin(member) is Annotated:
        for meta in get_args(member)[1:]:
            if isinstance(getattr(meta, "tag", None), str):
                tags.append(meta.tag)
    base, _ = _unwrap(member, None)
    key = _discriminator_key(disc)
    if key is not None and isinstance(base, type) and issubclass(base, BaseModel):
        field = _field(base, key)
        literal = _unwrap(field.annotation, None)[0] if field is not None else None
        if get_origin(literal) is Literal:
            tags += [getattr(v, "value", v) for v in get_args(literal)]
    return tags


def _pick_member(union: Any, disc: Any, node: Any, part: str | int) -> tuple[Any, int]:
    """Choose the union member a loc goes through; return it and how many loc parts it used.

    pydantic names the member in the loc: the tag value for discriminated unions, the class
    name for plain ones. When the error is about the union itself there is no such part, and
    the data's own discriminator value decides.
    """
    members = [m for m in get_args(union) if m is not type(None)]
    for member in members:
        base = _unwrap(member, None)[0]
        if part in _member_tags(member, disc) or part == getattr(base, "__name__", None):
            return member, 1
    key = _discriminator_key(disc)
    if key is not None and isinstance(node, dict) and key in node:
        for member in members:
            if node[key] in _member_tags(member, disc):
                return member, 0
    return None, 0


def _union_tags(union: Any, disc: Any) -> list[str]:
    """The discriminator values a discriminated union accepts, for 'did you mean' hints."""
    if not _is_union(union):
        return []
    return [str(tag) for member in get_args(union) for tag in _member_tags(member, disc)]


def _choices(tp: Any) -> list[str] | None:
    """The allowed values of a Literal or Enum annotation, as the user would write them."""
    tp, _ = _unwrap(tp, None)
    if get_origin(tp) is Literal:
        return [str(getattr(v, "value", v)) for v in get_args(tp)]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return [str(member.value) for member in tp]
    return None
