"""Units, step rounding robust to float noise, and parcel columns (private).

Weights and lengths are floats as measured; every rounding step (a 0.5 kg
weight break, a whole inch) is applied to the **step count** ``q = x / step``
with a snapping tolerance: a count within `SNAP` (relative, at least
``SNAP`` absolute) of a whole number *is* that whole number. So ``0.1 + 0.2`` kg
at a 0.1 kg step is 3 steps (0.3 kg), not 4, and 10 lb given as 4.5359237 kg is
10 lb, not 11. From the step count on, all arithmetic is on integers.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from ecomops._core.results import Table
from ecomops._core.typing import BoolArray, FloatArray, IntArray, StepRounding
from ecomops._core.validation import (
    as_float_array,
    check_flag,
    check_same_length,
    raise_at,
    read_only,
)
from ecomops.exceptions import InvalidInputError

__all__ = [
    "CM_PER_IN",
    "DIM_WEIGHT_NAME",
    "KG_PER_LB",
    "MAX_STEPS",
    "SNAP",
    "ParcelBatch",
    "StrArray",
    "exceed_limit",
    "exceeds",
    "fraction_of",
    "step_count",
    "step_value",
    "steps",
    "steps_to_float",
]

StrArray: TypeAlias = npt.NDArray[np.str_]

#: Snapping tolerance on step counts (relative to the count, at least absolute).
SNAP = 1e-9
#: International avoirdupois pound, exactly (1959 agreement).
KG_PER_LB = 0.45359237
#: International inch, exactly (1959 agreement).
CM_PER_IN = 2.54


#: Largest step count a measure may reach: beyond it a float no longer holds
#: every whole number, and int64 step arithmetic would overflow.
MAX_STEPS = 2**53

#: How errors name a dimensional weight beyond `MAX_STEPS`.
DIM_WEIGHT_NAME = "the dimensional weight length x width x height / divisor"


def steps(x: FloatArray, step: float, mode: StepRounding, name: str = "measure") -> IntArray:
    """Whole number of ``step`` in ``x`` (``x >= 0``), rounded by ``mode``, noise-robust.

    ``mode="nearest"`` rounds half up (1.5 steps -> 2). A count of
    `MAX_STEPS` or more (or an infinite one) is refused, naming ``name``.
    """
    q = np.asarray(x, dtype=np.float64) / step
    with np.errstate(invalid="ignore"):
        too_big = np.abs(q) >= MAX_STEPS
    raise_at(name, f"be < {MAX_STEPS * step:g} (2**53 steps of {step:g})", too_big, x)
    if mode == "nearest":
        q = q + 0.5
    r = np.rint(q)
    near = np.abs(q - r) <= SNAP * np.maximum(1.0, np.abs(q))
    # "nearest" is "down" after the half-step shift
    out = np.where(near, r, np.ceil(q) if mode == "up" else np.floor(q))
    return out.astype(np.int64)


def step_count(x: float, step: float, mode: StepRounding) -> int | None:
    """`steps` of one Python float: the same float operations, so the same count.

    None where `steps` would refuse the count (`MAX_STEPS` or more, or not finite),
    so that the caller can let `steps` raise its own error.
    """
    q = x / step
    if not abs(q) < MAX_STEPS:
        return None
    if mode == "nearest":
        q = q + 0.5
    r = round(q)  # half to even, as np.rint
    if abs(q - r) <= SNAP * max(1.0, abs(q)):
        return r
    return math.ceil(q) if mode == "up" else math.floor(q)


def round_to_step(
    x: FloatArray, step: float, mode: StepRounding, name: str = "measure"
) -> FloatArray:
    """``x`` rounded to a multiple of ``step``."""
    return steps_to_float(steps(x, step, mode, name), step)


def fraction_of(value: float) -> Fraction:
    """The exact decimal a float stands for (its shortest repr), as a fraction."""
    return Fraction(Decimal(repr(float(value))))


def steps_to_float(k: IntArray, step: float) -> FloatArray:
    """``k * step`` as the float nearest the exact decimal product (0.3, not 0.300...04)."""
    return np.asarray(_scaled(k, step), dtype=np.float64)


def step_value(k: int, step: float) -> float:
    """`steps_to_float` of one step count (the same float operations)."""
    return float(_scaled(k, step))


def _scaled(k: Any, step: float) -> Any:
    """``k * step`` for an int or an int64 array: a float, or a float64 array."""
    num, den = _step_fraction(step)
    if num < 2**20 and den < 2**20:
        return (k * float(num)) / float(den)
    return k * float(step)  # pragma: no cover - exotic steps


@functools.lru_cache(maxsize=256)
def _step_fraction(step: float) -> tuple[int, int]:
    f = fraction_of(step)
    return f.numerator, f.denominator


def exceed_limit(limit: float) -> float:
    """The value a measure must pass to exceed ``limit`` (the snapping tolerance above it)."""
    return limit + SNAP * max(1.0, abs(limit))


def exceeds(x: FloatArray, limit: float) -> BoolArray:
    """``x > limit`` beyond the snapping tolerance (a measure at the limit does not exceed it)."""
    return np.asarray(x > exceed_limit(limit), dtype=bool)


def whole_multiple(value: float, step: float, what: str) -> int:
    """``value / step`` as an int, or raise if it is not a whole number of steps."""
    q = value / step
    r = round(q)
    if abs(q - r) > SNAP * max(1.0, abs(q)):
        raise InvalidInputError(
            f"{what} must be a whole number of weight steps ({step:g}); got {value:g}"
        )
    return int(r)


def factorize(values: Any, name: str, n: int) -> tuple[IntArray, tuple[str, ...], StrArray]:
    """Integer codes, sorted distinct keys and the string column of a key column."""
    arr = np.asarray(values)
    if arr.ndim == 0:
        arr = np.full(n, arr.item() if arr.dtype.kind != "U" else str(arr))
    if arr.ndim != 1:
        raise InvalidInputError(f"{name} must be 1-dimensional; got shape {arr.shape}")
    if arr.dtype.kind == "O":
        bad = np.array([not isinstance(v, str) for v in arr.tolist()], dtype=bool)
        raise_at(name, "be strings", bad, arr)
        arr = arr.astype(str)
    elif arr.dtype.kind in "iu":
        arr = arr.astype(str)
    elif arr.dtype.kind != "U":
        raise InvalidInputError(
            f"{name} must be strings (keys such as ZIP3 or province); got dtype {arr.dtype}"
        )
    keys, codes = np.unique(arr, return_inverse=True)
    return codes.reshape(-1).astype(np.int64), tuple(str(k) for k in keys.tolist()), arr


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class ParcelBatch(Table):
    """Parcels as columns, validated once: weights, dimensions, lane and flags.

    Stored in kg and cm; `from_imperial` takes lb and in (converted with
    the exact 1959 factors; rate cards in imperial units convert back, and the
    snapping tolerance absorbs the float noise of the round trip). The order of
    the three dimensions does not matter: rules sort them (length = longest).

    Parameters
    ----------
    weight_kg : array_like, shape (n,)
        Actual (scale) weight, ``> 0``. [kg]
    length_cm, width_cm, height_cm : array_like, shape (n,)
        Outer dimensions, ``> 0``. [cm]
    origin, destination : array_like of str, shape (n,) or a scalar
        Lane keys a `ZoneMap` understands: ZIP codes, provinces,
        warehouse codes. [-]
    residential : array_like of bool, shape (n,) or a scalar
        Whether the address is residential (for residential surcharges). [-]

    Raises
    ------
    InvalidInputError
        For missing, non-finite or non-positive weights or dimensions (naming the
        column and the first bad index), ragged columns or non-string keys.

    Examples
    --------
    >>> from ecomops.logistics import ParcelBatch
    >>> batch = ParcelBatch([1.2, 0.4], [30, 20], [20, 15], [10, 5], "浙江", ["上海", "新疆"])
    >>> len(batch), batch.destination.tolist()
    (2, ['上海', '新疆'])
    """

    weight_kg: FloatArray
    length_cm: FloatArray
    width_cm: FloatArray
    height_cm: FloatArray
    origin: StrArray
    destination: StrArray
    residential: BoolArray = dataclasses.field(default_factory=lambda: np.zeros(0, dtype=bool))
    _origin_code: IntArray = dataclasses.field(init=False, repr=False)
    _destination_code: IntArray = dataclasses.field(init=False, repr=False)
    _origin_keys: tuple[str, ...] = dataclasses.field(init=False, repr=False)
    _destination_keys: tuple[str, ...] = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        cols: dict[str, FloatArray] = {}
        for name in ("weight_kg", "length_cm", "width_cm", "height_cm"):
            arr = as_float_array(getattr(self, name), name, ndim=1)
            raise_at(name, "be > 0", ~(arr > 0), arr)
            arr = np.array(arr, dtype=np.float64, copy=True)
            cols[name] = arr
        n = check_same_length(**cols)
        for name, arr in cols.items():
            object.__setattr__(self, name, arr)
        o_code, o_keys, o_arr = factorize(self.origin, "origin", n)
        d_code, d_keys, d_arr = factorize(self.destination, "destination", n)
        res = np.asarray(self.residential)
        if res.ndim == 0 or (res.size == 0 and n > 0):
            # one flag for every parcel: True or False, never a truthy stand-in ("no")
            flag = check_flag(res.item(), "residential") if res.ndim == 0 else False
            res = np.full(n, flag)
        if res.dtype != np.bool_:
            raise InvalidInputError(f"residential must be booleans; got dtype {res.dtype}")
        check_same_length(
            weight_kg=cols["weight_kg"], origin=o_arr, destination=d_arr, residential=res
        )
        object.__setattr__(self, "origin", np.array(o_arr, copy=True))
        object.__setattr__(self, "destination", np.array(d_arr, copy=True))
        object.__setattr__(self, "residential", np.array(res, dtype=bool, copy=True))
        object.__setattr__(self, "_origin_code", o_code)
        object.__setattr__(self, "_destination_code", d_code)
        object.__setattr__(self, "_origin_keys", o_keys)
        object.__setattr__(self, "_destination_keys", d_keys)
        Table.__post_init__(self)
        read_only(o_code)
        read_only(d_code)

    @property
    def column_names(self) -> tuple[str, ...]:
        """The public columns (the lane codes stay private)."""
        return (
            "weight_kg",
            "length_cm",
            "width_cm",
            "height_cm",
            "origin",
            "destination",
            "residential",
        )

    @classmethod
    def from_imperial(
        cls,
        weight_lb: Any,
        length_in: Any,
        width_in: Any,
        height_in: Any,
        origin: Any,
        destination: Any,
        residential: Any = False,
    ) -> ParcelBatch:
        """Parcels measured in pounds and inches.

        Parameters
        ----------
        weight_lb : array_like
            Actual weight, ``> 0``. [lb]
        length_in, width_in, height_in : array_like
            Outer dimensions, ``> 0``. [in]
        origin, destination, residential
            As for `ParcelBatch`.

        Examples
        --------
        >>> b = ParcelBatch.from_imperial([10.0], [18], [18], [12], "100", "945")
        >>> round(float(b.weight_kg[0]), 4), float(b.length_cm[0])
        (4.5359, 45.72)
        """
        w = as_float_array(weight_lb, "weight_lb", ndim=1)
        raise_at("weight_lb", "be > 0", ~(w > 0), w)
        dims = []
        for name, value in (
            ("length_in", length_in),
            ("width_in", width_in),
            ("height_in", height_in),
        ):
            arr = as_float_array(value, name, ndim=1)
            raise_at(name, "be > 0", ~(arr > 0), arr)
            dims.append(arr)
        # lengths checked under the caller's names, not the metric columns' names
        check_same_length(weight_lb=w, length_in=dims[0], width_in=dims[1], height_in=dims[2])
        dims = [d * CM_PER_IN for d in dims]
        return cls(w * KG_PER_LB, dims[0], dims[1], dims[2], origin, destination, residential)

    def lane_keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Sorted distinct origin keys and destination keys."""
        return self._origin_keys, self._destination_keys

    def lane_codes(self) -> tuple[IntArray, IntArray]:
        """Per parcel, the index of its origin and of its destination in `lane_keys`."""
        return self._origin_code, self._destination_code

    def sorted_dims(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Longest, middle and shortest side of each parcel. [cm]"""
        a, b, c = self.length_cm, self.width_cm, self.height_cm
        hi = np.maximum(np.maximum(a, b), c)
        lo = np.minimum(np.minimum(a, b), c)
        mid = np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))
        return hi, mid, lo
