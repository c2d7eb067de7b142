"""Pydantic building blocks for edge models (private).

* :class:`EcomopsModel`: frozen, ``extra="forbid"`` base of every edge model.
* :data:`ReadOnlyFloatArray`: a float64 numpy array field, validated from any
  numeric sequence, stored read-only, serialised to JSON as a list.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, WithJsonSchema

from ecomops._core.typing import FloatArray
from ecomops._core.validation import as_float_array, read_only_copy

__all__ = ["EcomopsModel", "ReadOnlyFloatArray"]


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
