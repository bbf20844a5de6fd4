"""Turns the model dataclasses into compact JSON bodies for the database and back, without losing a digit.

Each record is stored as a few indexed columns plus a JSON body holding every field that differs from its
default; the body is read back through the type hints of ``models.py`` (``Decimal`` as text, times in ISO
8601 with their offset, nested dataclasses as objects, tuples as lists). New model fields with defaults
therefore need no schema change. ``digest()`` is the SHA-256 of a record's canonical JSON, used by the
audit trail.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from walletcare.evidence import models

T = TypeVar("T")
_MISSING = dataclasses.MISSING


def to_plain(value: Any) -> Any:
    """A JSON-ready form of a field value (by its runtime type)."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        return body_of(value, skip=())
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    raise TypeError(f"cannot store a {type(value).__name__}")


def _encoder(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args: list[Any] | tuple[Any, ...] = [a for a in typing.get_args(hint) if a is not type(None)]
        inner = _encoder(args[0]) if len(args) == 1 else to_plain

        def optional(v: Any) -> Any:
            return None if v is None else inner(v)

        optional.inner = inner  # type: ignore[attr-defined]  # used when the caller already ruled out None
        return optional
    if hint in (str, int, bool):
        return _identity
    if hint is Decimal:
        return str
    if hint in (datetime, date):
        return _isoformat
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            if args[0] in (str, int):
                return list
            if typing.get_origin(args[0]) is tuple and all(a in (str, int) for a in typing.get_args(args[0])):
                return _list_of_lists  # e.g. Transaction.extra, a tuple of (key, value) pairs
            if isinstance(args[0], type) and dataclasses.is_dataclass(args[0]):
                item_body = _body_function(args[0], ())
                return lambda v: [item_body(x) for x in v]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _body_function(hint, ())
    return to_plain


def _list_of_lists(value: Any) -> list[list[Any]]:
    return [list(item) for item in value]


def _identity(value: Any) -> Any:
    return value


def _isoformat(value: date) -> str:
    return value.isoformat()


@cache
def _plan(cls: type) -> tuple[tuple[str, Any, Callable[[Any], Any]], ...]:
    """Per field of ``cls``: name, default (or MISSING) and the encoder chosen from its type hint."""
    hints = typing.get_type_hints(cls, vars(models))
    out = []
    for f in dataclasses.fields(cls):
        if f.default is not _MISSING:
            default = f.default
        elif f.default_factory is not _MISSING:
            default = f.default_factory()
        else:
            default = _MISSING
        out.append((f.name, default, _encoder(hints[f.name])))
    return tuple(out)


@cache
def _body_function(cls: type, skip: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    """A function built once per class that returns the non-default fields (bulk imports call it per row)."""
    lines = ["def body(record):", "    out = {}"]
    env: dict[str, Any] = {"MISSING": _MISSING}
    for i, (name, default, encode) in enumerate(_plan(cls)):
        if name in skip:
            continue
        if default is None and hasattr(encode, "inner"):
            encode = encode.inner  # the default test below already skips None
        env[f"enc{i}"], env[f"def{i}"] = encode, default
        expression = {_identity: "value", str: "str(value)", _isoformat: "value.isoformat()"}.get(
            encode, f"enc{i}(value)")  # the common encoders inlined
        lines.append(f"    value = record.{name}")
        if default is _MISSING:
            lines.append(f"    out[{name!r}] = {expression}")
            continue
        if default is None:
            test = "value is not None"
        elif isinstance(default, str) and default == "":
            test = "value != '' or type(value) is not str"
        elif isinstance(default, tuple) and not default:
            test = "value != () or type(value) is not tuple"
        else:
            test = f"not (value == def{i} and type(value) is type(def{i}))"
        lines.append(f"    if {test}:")
        lines.append(f"        out[{name!r}] = {expression}")
    lines.append("    return out")
    exec("\n".join(lines), env)
    return env["body"]  # type: ignore[no-any-return]


def body_function(cls: type, skip: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    """The function ``body_of`` uses for ``cls`` and ``skip`` (bulk code calls it directly, once per row)."""
    return _body_function(cls, tuple(skip))


def body_of(record: Any, skip: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    """The fields of ``record`` that differ from their defaults, JSON-ready (``skip`` names are left out)."""
    return _body_function(type(record), tuple(skip))(record)  # type: ignore[arg-type]  # (a class is hashable)


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def dumps(body: dict[str, Any]) -> str:
    """Compact JSON (UTF-8 text, not ASCII-escaped) in field order."""
    return _COMPACT.encode(body)


def canonical(body: dict[str, Any]) -> str:
    """Compact, key-sorted JSON: the form that is hashed."""
    return _CANONICAL.encode(body)


def digest(record: Any) -> str:
    """SHA-256 (hex) of a record's canonical JSON, id included."""
    return hashlib.sha256(canonical(body_of(record, skip=())).encode("utf-8")).hexdigest()


def _decoder(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args: list[Any] | tuple[Any, ...] = [a for a in typing.get_args(hint) if a is not type(None)]
        inner = _decoder(args[0])
        return lambda v: None if v is None else inner(v)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda v: tuple(item(x) for x in v)
        parts = [_decoder(a) for a in args]
        return lambda v: tuple(p(x) for p, x in zip(parts, v, strict=True))
    if hint is Decimal:
        return Decimal
    if hint is datetime:
        return datetime.fromisoformat
    if hint is date:
        return date.fromisoformat
    if hint in (str, int, bool):
        same: Callable[[Any], Any] = hint
        return same
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda v: from_body(hint, v)
    return lambda v: v


@cache
def _decoders(cls: type) -> dict[str, Callable[[Any], Any]]:
    hints = typing.get_type_hints(cls, vars(models))
    return {f.name: _decoder(hints[f.name]) for f in dataclasses.fields(cls)}


def from_body(cls: type[T], body: dict[str, Any], **columns: Any) -> T:
    """Rebuilds a ``cls`` record from a stored body plus column values (``id=...``, ``case_id=...``)."""
    decoders = _decoders(cls)  # type: ignore[arg-type]  # (a class is hashable)
    kwargs = {name: decoders[name](value) for name, value in body.items() if name in decoders}
    kwargs.update(columns)
    return cls(**kwargs)


def loads(cls: type[T], text: str, **columns: Any) -> T:
    """``from_body`` over a JSON text."""
    return from_body(cls, json.loads(text), **columns)


def not_found(what: str, record_id: int) -> Exception:
    """The error for an id that is not in the vault (``what``: case, transaction, contact, evidence)."""
    from walletcare.errors import UsageError
    from walletcare.i18n import _

    labels = {"case": _("Case"), "transaction": _("Transaction"), "contact": _("Contact record"),
              "evidence": _("Evidence item")}
    return UsageError(_("{what} {id} does not exist in this vault.").format(what=labels.get(what, what), id=record_id))


def utc_micros(moment: datetime) -> int:
    """Microseconds since the Unix epoch of an aware datetime (the sort key of times)."""
    return (moment - _EPOCH) // _MICRO


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def full(record: Any) -> str:
    """Every field of ``record`` (defaults included) as canonical JSON: the old value kept in the audit trail."""
    return canonical({f.name: to_plain(getattr(record, f.name)) for f in dataclasses.fields(record)})
