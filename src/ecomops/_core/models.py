"""Pydantic building blocks for edge models (private).

* :class:`EcomopsModel`: frozen, ``extra="forbid"`` base of every edge model.
* :data:`ReadOnlyFloatArray`: a float64 numpy array field, validated from any
  numeric sequence, stored read-only, serialised to JSON as a list.
* :func:`plain_value_schema`: the pydantic core schema of a value type (a
  currency, an amount of money) that builds and dumps itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema
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
