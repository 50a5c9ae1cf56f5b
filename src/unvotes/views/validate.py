"""A small checker of plain JSON data against the published shapes (`shapes.py`): every required field present,
no field the shape does not name, every value of its declared JSON type."""

from __future__ import annotations

import types
from typing import Any, Literal, NotRequired, Union, get_args, get_origin, get_type_hints, is_typeddict

SCALARS: dict[Any, tuple[type, ...]] = {str: (str,), int: (int,), float: (float, int), bool: (bool,)}


def problems(value: Any, shape: Any, path: str = "$") -> list[str]:
    """Every way `value` departs from `shape` (a TypedDict, or a type built from list, dict, unions, Literal and
    JSON's scalars), each with its path; empty when it conforms."""
    origin = get_origin(shape)
    if shape is Any:
        return []
    if is_typeddict(shape):
        return _record(value, shape, path)
    if origin in (Union, types.UnionType):
        return _union(value, get_args(shape), path)
    if origin is Literal:
        return [] if value in get_args(shape) else [f"{path}: {value!r} is not one of {get_args(shape)}"]
    if origin is list:
        return _list(value, get_args(shape)[0], path)
    if origin is dict:
        return _dict(value, get_args(shape)[1], path)
    return _scalar(value, shape, path)


def _scalar(value: Any, shape: Any, path: str) -> list[str]:
    if shape in (None, type(None)):
        return [] if value is None else [f"{path}: {value!r} is not null"]
    allowed = SCALARS.get(shape)
    if allowed is None:
        return [f"{path}: {shape!r} is not a JSON type"]
    if type(value) not in allowed:
        return [f"{path}: {value!r} ({type(value).__name__}) is not {shape.__name__}"]
    return []


def _union(value: Any, options: tuple[Any, ...], path: str) -> list[str]:
    found = [problems(value, option, path) for option in options]
    return [] if any(not f for f in found) else [f"{path}: {value!r} matches none of {options}"]


def _list(value: Any, item: Any, path: str) -> list[str]:
    if type(value) is not list:
        return [f"{path}: {type(value).__name__} is not a list"]
    return [p for i, v in enumerate(value) for p in problems(v, item, f"{path}[{i}]")]


def _dict(value: Any, item: Any, path: str) -> list[str]:
    if type(value) is not dict:
        return [f"{path}: {type(value).__name__} is not an object"]
    bad_keys = [f"{path}: key {k!r} is not a string" for k in value if type(k) is not str]
    return bad_keys + [p for k, v in value.items() for p in problems(v, item, f"{path}.{k}")]


def _record(value: Any, shape: Any, path: str) -> list[str]:
    if type(value) is not dict:
        return [f"{path}: {type(value).__name__} is not an object ({shape.__name__})"]
    hints = get_type_hints(shape, include_extras=True)
    found = [f"{path}.{k}: not a field of {shape.__name__}" for k in value if k not in hints]
    for key, hint in hints.items():
        optional = get_origin(hint) is NotRequired
        if key in value:
            found += problems(value[key], get_args(hint)[0] if optional else hint, f"{path}.{key}")
        elif not optional:
            found.append(f"{path}.{key}: missing ({shape.__name__})")
    return found
