# SPDX-License-Identifier: GPL-3.0-or-later
"""JSON schemas for structured output, made from the core's pydantic models.

References are inlined and every keyword outside the subset of JSON Schema
that the Gemini API documents for `responseJsonSchema` is left out
(ai.google.dev/gemini-api/docs/structured-output, "JSON Schema support":
type, title, description; enum and format for strings; format, minimum,
maximum and enum for numbers; items, prefixItems, minItems and maxItems for
arrays; properties, required, propertyOrdering and additionalProperties
for objects; anyOf, $ref and $defs). Public reports disagree on the rest
(minLength, maxLength, pattern...): they are not sent, and the pydantic
models enforce them when the answer is validated.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from fmdesk.core.mission import Brief, Outcome
from fmdesk.core.segments import Segment

# The documented subset. "title" is in it, but pydantic's titles are noise.
SUBSET = frozenset({
    "type", "description", "enum", "format", "minimum", "maximum", "items", "prefixItems",
    "minItems", "maxItems", "properties", "required", "propertyOrdering", "additionalProperties",
    "anyOf", "$ref", "$defs",
})


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _inline(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key not in SUBSET and key not in ("oneOf", "const") or key == "$defs":
            continue
        if key == "properties":  # property names are data, not keywords
            out[key] = {name: _inline(sub, defs) for name, sub in value.items()}
        elif key == "oneOf":  # the widest-supported spelling of a union
            out["anyOf"] = _inline(value, defs)
        elif key == "const":
            out["enum"] = [value]
        else:
            out[key] = _inline(value, defs)
    if "kind" in out.get("properties", {}):
        out["required"] = ["kind", *[r for r in out.get("required", []) if r != "kind"]]
    return out


def plain_schema(schema: dict[str, Any]) -> dict[str, Any]:
    return _inline(schema, schema.get("$defs", {}))


def brief_schema() -> dict[str, Any]:
    schema = plain_schema(Brief.model_json_schema())
    caller = schema["properties"]["callers"]["items"]
    caller["properties"].pop("voice", None)  # casting is fmdesk's job, not the writer's
    schema["required"] = [k for k in schema["properties"]]
    return schema


def batch_schema() -> dict[str, Any]:
    schema = plain_schema(TypeAdapter(list[Segment]).json_schema())
    for variant in schema["items"]["anyOf"]:
        # A director's own scene reference: fmdesk's bookkeeping, not the writer's.
        variant["properties"].pop("ref", None)
    return schema


def outcome_schema() -> dict[str, Any]:
    schema = plain_schema(Outcome.model_json_schema())
    for name in ("ending", "epilogue", "decisions"):
        # The debrief card's structure is fmdesk's (taken from the transcript), not the judge's.
        schema["properties"].pop(name)
    schema["required"] = [r for r in schema.get("required", []) if r in schema["properties"]]
    return schema
