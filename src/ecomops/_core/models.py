"""Pydantic building blocks for edge models (private).

* `EcomopsModel`: frozen, ``extra="forbid"`` base of every edge model.
* `ReadOnlyFloatArray`: a float64 numpy array field, validated from any
  numeric sequence, stored read-only, serialised to JSON as a list.
* `plain_value_schema`: the pydantic core schema of a value type (a
  currency, an amount of money) that builds and dumps itself.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, TypeVar

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import core_schema

from ecomops._core.typing import FloatArray
from ecomops._core.validation import as_float_array, read_only_copy
from ecomops.exceptions import InvalidInputError

__all__ = ["EcomopsModel", "ReadOnlyFloatArray", "plain_value_schema"]

_T = TypeVar("_T")


class EcomopsModel(BaseModel):
    """Frozen pydantic base model: unknown fields are refused, instances are immutable."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        arbitrary_types_allowed=False,
        validate_default=True,
        ser_json_inf_nan="strings",
    )

    @model_validator(mode="before")
    @classmethod
    def _refuse_booleans_as_numbers(cls, data: Any) -> Any:
        """A numeric field refuses ``True``/``False`` (pydantic would read them as 1 and 0)."""
        if isinstance(data, dict):
            for name, field in cls.model_fields.items():
                value = data.get(name, data.get(field.alias)) if field.alias else data.get(name)
                if isinstance(value, bool | np.bool_) and _is_numeric(field.annotation):
                    raise ValueError(f"{name} must be a number, not a boolean; got {value!r}")
        return data

    def __eq__(self, other: object) -> bool:
        """Field-by-field equality, numpy arrays compared element-wise (NaN equals NaN).

        pydantic's own ``==`` compares the field dicts, which asks numpy for the
        truth of an array and raises; two models built from the same values are
        equal here, as they are for models without arrays.
        """
        if not isinstance(other, BaseModel):
            return NotImplemented
        return (
            type(self) is type(other)
            and _same(self.__dict__, other.__dict__)
            and _same(self.__pydantic_private__ or {}, other.__pydantic_private__ or {})
            and _same(self.__pydantic_extra__ or {}, other.__pydantic_extra__ or {})
        )

    def __hash__(self) -> int:
        """Hash of the field values, arrays by their values (consistent with ``==``)."""
        return hash((type(self), tuple(_key(v) for v in self.__dict__.values())))


def _is_numeric(annotation: Any) -> bool:
    """True for a float, int or Decimal annotation (optional or not), not a bool one."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        return bool not in args and any(_is_numeric(a) for a in args)
    return annotation in (float, int, Decimal)


def _key(value: Any) -> Any:
    """A hashable stand-in for a field value: arrays by dtype kind, shape and values."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            value = np.where(np.isnan(value), np.nan, value + 0)  # one NaN, no -0.0
        return (value.dtype.kind, value.shape, value.tobytes())
    if isinstance(value, list | tuple):
        return tuple(_key(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _key(v)) for k, v in value.items())
    return value


def _same(a: Any, b: Any) -> bool:
    """Equality that compares numpy arrays element-wise, inside dicts and sequences too."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
            return False
        try:
            return bool(np.array_equal(a, b, equal_nan=True))
        except TypeError:  # no NaN in non-numeric dtypes
            return bool(np.array_equal(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return bool(a == b)


def _to_readonly(value: Any) -> FloatArray:
    return read_only_copy(as_float_array(value, "array", allow_nan=True, allow_inf=True))


#: A read-only float64 array field (JSON: a list of numbers).
ReadOnlyFloatArray = Annotated[
    np.ndarray,
    PlainValidator(_to_readonly),
    PlainSerializer(lambda a: a.tolist(), return_type=list[float], when_used="always"),
    WithJsonSchema({"type": "array", "items": {"type": "number"}}),
]


def plain_value_schema(
    parse: Callable[[Any], _T],
    dump: Callable[[_T], Any],
    dumped: core_schema.CoreSchema,
) -> core_schema.CoreSchema:
    """Core schema of a value type: built by ``parse``, serialised by ``dump`` as ``dumped``.

    The ``InvalidInputError`` of ``parse`` reaches pydantic as the ``ValueError``
    it reports as a validation error, with the same message.
    """

    def validate(value: Any) -> _T:
        try:
            return parse(value)
        except InvalidInputError as exc:
            raise ValueError(str(exc)) from None

    return core_schema.no_info_plain_validator_function(
        validate,
        serialization=core_schema.plain_serializer_function_ser_schema(dump, return_schema=dumped),
    )
