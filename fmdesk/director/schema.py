# SPDX-License-Identifier: GPL-3.0-or-later
"""JSON schemas for structured output, made from the core's pydantic models.

References are inlined and pydantic-only keywords removed, so the schema is
plain JSON Schema a model API accepts.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from fmdesk.core.mission import Brief, Outcome
from fmdesk.core.segments import Segment

_DROP = {"discriminator", "title", "default"}


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _inline(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP or key == "$defs":
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
    return plain_schema(TypeAdapter(list[Segment]).json_schema())


def outcome_schema() -> dict[str, Any]:
    return plain_schema(Outcome.model_json_schema())
