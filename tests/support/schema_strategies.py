"""Hypothesis strategies for values that match a JSON Schema of the OpenAPI document (no I/O).

Covers what the document's generated schemas use: local ``$ref``, ``type`` (one or a list),
``enum``/``const``, ``anyOf``/``oneOf``, objects with ``properties``/``required``, arrays
with ``items`` and size bounds, string length and number bounds. Anything else draws an
arbitrary JSON value, so an unknown keyword widens the fuzzing instead of hiding a route.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

MAX_ITEMS = 5
"""Arrays are kept short: the point is shapes and edge values, not volume."""

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def from_schema(schema: dict[str, Any], root: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values matching ``schema``; ``root`` is the document its ``$ref``s point into."""
    if "$ref" in schema:
        return from_schema(_resolve(schema["$ref"], root), root)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([from_schema(option, root) for option in schema[key]])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": one}, root) for one in kind])
    typed: Any = _TYPED.get(str(kind), lambda _s, _r: json_values)
    strategy: st.SearchStrategy[Any] = typed(schema, root)
    return strategy


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    assert ref.startswith("#/"), f"only local references are generated: {ref}"
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return dict(node)


def _object(schema: dict[str, Any], root: dict[str, Any]) -> st.SearchStrategy[Any]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {name: from_schema(sub, root) for name, sub in properties.items() if name in required},
        optional={
            name: from_schema(sub, root) for name, sub in properties.items() if name not in required
        },
    )


def _array(schema: dict[str, Any], root: dict[str, Any]) -> st.SearchStrategy[Any]:
    low = int(schema.get("minItems", 0))
    high = min(int(schema.get("maxItems", MAX_ITEMS)), max(low, MAX_ITEMS))
    return st.lists(from_schema(schema.get("items", {}), root), min_size=low, max_size=high)


def _string(schema: dict[str, Any], _root: dict[str, Any]) -> st.SearchStrategy[Any]:
    low = int(schema.get("minLength", 0))
    return st.text(min_size=low, max_size=int(schema.get("maxLength", low + 40)))


def _integer(schema: dict[str, Any], _root: dict[str, Any]) -> st.SearchStrategy[Any]:
    return st.integers(schema.get("minimum"), schema.get("maximum"))


def _number(schema: dict[str, Any], _root: dict[str, Any]) -> st.SearchStrategy[Any]:
    return st.floats(schema.get("minimum"), schema.get("maximum"), allow_nan=False,
                     allow_infinity=False)


_TYPED: dict[str, Any] = {
    "object": _object,
    "array": _array,
    "string": _string,
    "integer": _integer,
    "number": _number,
    "boolean": lambda _s, _r: st.booleans(),
    "null": lambda _s, _r: st.none(),
}
