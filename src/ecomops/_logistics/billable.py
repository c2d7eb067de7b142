"""Billable weight: actual versus dimensional weight, each rounded to its step (private).

Public names are re-exported by `ecomops.logistics`.
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any, overload

import numpy as np

from ecomops._core.constraints import NON_NEGATIVE, POSITIVE, Constraints, Options
from ecomops._core.typing import (
    DIMENSION_ROUNDINGS,
    WEIGHT_ROUNDINGS,
    ArrayLike,
    DimensionRounding,
    FloatArray,
    IntArray,
    StepRounding,
    WeightRounding,
)
from ecomops._core.validation import as_real_scalar, is_scalar, series_io, to_output
from ecomops._logistics.units import (
    DIM_WEIGHT_NAME,
    MAX_STEPS,
    SNAP,
    exceeds,
    round_to_step,
    step_count,
    step_value,
    steps,
    steps_to_float,
)
from ecomops.exceptions import InvalidInputError

__all__ = ["billable_steps", "billable_weight", "dim_volume", "dim_volume_of"]


_BILLABLE = Constraints(
    weight=POSITIVE,
    length=POSITIVE,
    width=POSITIVE,
    height=POSITIVE,
    weight_rounding=Options(WEIGHT_ROUNDINGS),
    dimension_rounding=Options(DIMENSION_ROUNDINGS),
)


@overload
def billable_weight(
    weight: float,
    length: float,
    width: float,
    height: float,
    *,
    divisor: float | None,
    weight_step: float = ...,
    weight_rounding: WeightRounding = ...,
    dimension_step: float = ...,
    dimension_rounding: DimensionRounding = ...,
    min_volume: float = ...,
    min_weight: float = ...,
) -> float: ...
@overload
def billable_weight(
    weight: ArrayLike,
    length: ArrayLike,
    width: ArrayLike,
    height: ArrayLike,
    *,
    divisor: float | None,
    weight_step: float = ...,
    weight_rounding: WeightRounding = ...,
    dimension_step: float = ...,
    dimension_rounding: DimensionRounding = ...,
    min_volume: float = ...,
    min_weight: float = ...,
) -> FloatArray: ...
@series_io
@_BILLABLE.declare
def billable_weight(
    weight: float | ArrayLike,
    length: float | ArrayLike,
    width: float | ArrayLike,
    height: float | ArrayLike,
    *,
    divisor: float | None,
    weight_step: float = 1.0,
    weight_rounding: WeightRounding = "up",
    dimension_step: float = 1.0,
    dimension_rounding: DimensionRounding = "nearest",
    min_volume: float = 0.0,
    min_weight: float = 0.0,
) -> float | FloatArray:
    r"""Billable weight: the greater of actual and dimensional weight, rounded to the step.

    $$
    W_b = \max\!\Big(R_w(W),\; R_w\!\big(\tfrac{R_d(L)\,R_d(B)\,R_d(H)}{D}\big)
    \cdot \mathbb{1}[V > V_0],\; R_w(W_{\min})\Big)
    $$

    with $R_d$ the dimension rounding to ``dimension_step``, $R_w$
    the weight rounding to ``weight_step``, $D$ the DIM divisor and
    $V_0$ the volume at or below which DIM weight does not apply.

    Units are those of the carrier's rule, consistently: kg, cm and cm³/kg
    (divisors 5000, 6000, 8000, 12000), or lb, in and in³/lb (139, 166).

    Parameters
    ----------
    weight : float or array_like
        Actual (scale) weight, ``> 0``; NaN propagates. [kg or lb]
    length, width, height : float or array_like
        Outer dimensions, ``> 0``, any order. [cm or in]
    divisor : float or None
        DIM divisor; ``None`` for a carrier without dimensional weight.
        [cm³/kg or in³/lb]
    weight_step : float
        Weight rounding step; default 1 (UPS and FedEx: "increase any fraction
        to the next whole pound"). [kg or lb]
    weight_rounding : {"up", "nearest"}
        Round weights up to the next step (default) or to the nearest step (half up).
    dimension_step : float
        Dimension rounding step; default 1 (a whole inch or centimetre). [cm or in]
    dimension_rounding : {"nearest", "up", "none"}
        Each dimension to the nearest step, half up (UPS: 1.50 in counts as 2;
        the default), up to the next step, or not at all.
    min_volume : float
        DIM weight applies only to parcels whose (rounded) volume exceeds it;
        default 0 (always). USPS applies DIM above one cubic foot (1728 in³).
        [cm³ or in³]
    min_weight : float
        Minimum billable weight; default 0. [kg or lb]

    Returns
    -------
    float, ndarray of float64 or Series
        Billable weight, a whole number of ``weight_step`` (``0.3``, never
        ``0.30000000000000004``). [kg or lb]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For non-positive weights or dimensions, a non-positive divisor or step,
        or an unknown rounding option.

    Notes
    -----
    Rounding is applied to step counts with a relative tolerance of
    $10^{-9}$: measurement float noise never flips a step (0.1 + 0.2 kg at
    a 0.1 kg step bills 0.3 kg, not 0.4 kg). Rounding up and taking the maximum
    commute, so the order of the two does not matter.

    References
    ----------
    1. UPS, "Determine Billable Weight" (ups.com help centre): round each
       dimension to the nearest whole inch, divide the cubic size by 139 (daily
       rates) or 166 (retail), increase any fraction to the next whole pound,
       bill the greater of actual and dimensional weight.
    2. USPS, *Domestic Mail Manual* 123.1.6 (2023): dimensional weight for
       parcels over one cubic foot (1,728 in³), divisor 166.
    3. SF Express, 收费标准 (2023): 体积重量 = 长 × 宽 × 高 (cm) ÷ 6000 (or 12000),
       计费重量取实际重量与体积重量中的较大者.

    Examples
    --------
    The UPS example: an 18 x 18 x 12 in box of 10 lb.

    >>> billable_weight(10, 18, 18, 12, divisor=139)
    28.0
    >>> billable_weight(10, 18, 18, 12, divisor=166)
    24.0

    Float noise does not flip a step:

    >>> billable_weight(0.1 + 0.2, 10, 10, 10, divisor=None, weight_step=0.1)
    0.3
    >>> billable_weight([0.8, 2.3], [30, 60], [20, 40], [10, 30], divisor=6000, weight_step=0.5)
    array([ 1., 12.])
    """
    one = _one_billable(
        (weight, length, width, height), divisor, weight_step, weight_rounding,
        dimension_step, dimension_rounding, min_volume, min_weight,
    )  # fmt: skip
    if one is not None:
        return one
    scalar = all(is_scalar(v) for v in (weight, length, width, height))
    w, *dims = _BILLABLE.convert(weight=weight, length=length, width=width, height=height)
    try:
        w, a, b, c = np.broadcast_arrays(w, *dims)
    except ValueError:
        raise InvalidInputError(
            "weight, length, width and height must broadcast to one shape; got "
            + ", ".join(str(np.shape(x)) for x in (w, *dims))
        ) from None
    weight_rounding, dimension_rounding = _BILLABLE.convert(
        weight_rounding=weight_rounding, dimension_rounding=dimension_rounding
    )
    weight_step = as_real_scalar(weight_step, "weight_step")
    dimension_step = as_real_scalar(dimension_step, "dimension_step")
    divisor = None if divisor is None else as_real_scalar(divisor, "divisor")
    min_volume = as_real_scalar(min_volume, "min_volume")
    min_weight = as_real_scalar(min_weight, "min_weight")
    for value, name in ((weight_step, "weight_step"), (dimension_step, "dimension_step")):
        if not (np.isfinite(value) and value > 0):
            raise InvalidInputError(f"{name} must be finite and > 0; got {value!r}")
    if divisor is not None and not (np.isfinite(divisor) and divisor > 0):
        raise InvalidInputError(f"divisor must be finite and > 0; got {divisor!r}")
    if not (np.isfinite(min_volume) and min_volume >= 0):
        raise InvalidInputError(f"min_volume must be finite and >= 0; got {min_volume!r}")
    if not (np.isfinite(min_weight) and min_weight >= 0):
        raise InvalidInputError(f"min_weight must be finite and >= 0; got {min_weight!r}")
    nan = np.isnan(w) | np.isnan(a) | np.isnan(b) | np.isnan(c)
    safe = [np.where(nan, 1.0, x) for x in (w, a, b, c)]
    k = billable_steps(
        safe[0], safe[1], safe[2], safe[3], divisor, weight_step, weight_rounding,
        dimension_step, dimension_rounding, min_volume, min_weight,
    )  # fmt: skip
    out = steps_to_float(k, weight_step)
    out = np.where(nan, np.nan, out)
    return to_output(out, scalar)  # type: ignore[no-any-return]


# -- the scalar path: one parcel in plain floats, the same operations as the arrays --


@functools.lru_cache(maxsize=64)
def _step_ratio(step: float) -> tuple[float, float] | None:
    """``step`` as the exact fraction ``num / den`` `steps_to_float` uses, if small."""
    f = Fraction(Decimal(repr(step)))
    if f.numerator < 2**20 and f.denominator < 2**20:
        return float(f.numerator), float(f.denominator)
    return None


def _one_steps(x: float, step: float, mode: str) -> int | None:
    """`steps` of one value (``None`` where the array path refuses it)."""
    q = x / step
    if not abs(q) < MAX_STEPS:
        return None
    if mode == "nearest":
        q = q + 0.5
    r = float(round(q))  # half to even, as np.rint
    if abs(q - r) <= SNAP * max(1.0, abs(q)):
        return int(r)
    return math.ceil(q) if mode == "up" else math.floor(q)


def _one_round(x: float, step: float, mode: str, ratio: tuple[float, float]) -> float | None:
    k = _one_steps(x, step, mode)
    return None if k is None else (k * ratio[0]) / ratio[1]


def _one_dim_weight_steps(
    dims: tuple[float, ...], divisor: float, step: float, mode: str, settings: tuple[Any, ...]
) -> int | None:
    """Steps of the dimensional weight of one parcel (0 at or below ``min_volume``)."""
    dimension_step, dimension_rounding, min_volume = settings
    a, b, c = dims
    if dimension_rounding == "none":
        vol = a * b * c
    else:
        ratio = _step_ratio(dimension_step)
        m = "up" if dimension_rounding == "up" else "nearest"
        ra, rb, rc = (_one_round(x, dimension_step, m, ratio) if ratio else None for x in dims)
        if ra is None or rb is None or rc is None:
            return None
        vol = ra * rb * rc
    if min_volume > 0 and not vol > min_volume + SNAP * max(1.0, abs(min_volume)):
        return 0
    return _one_steps(vol / divisor, step, mode)


def _one_billable(
    measures: tuple[Any, ...],
    divisor: Any,
    weight_step: Any,
    weight_rounding: Any,
    dimension_step: Any,
    dimension_rounding: Any,
    min_volume: Any,
    min_weight: Any,
) -> float | None:
    """`billable_weight` of one parcel given as plain numbers, or ``None`` for the array path.

    Every value must pass its rule as it is (the array path reports the rest).
    """
    parcel = _BILLABLE.convert_scalars(
        weight=measures[0], length=measures[1], width=measures[2], height=measures[3],
        weight_rounding=weight_rounding, dimension_rounding=dimension_rounding,
    )  # fmt: skip
    settings = _SETTINGS.convert_scalars(
        weight_step=weight_step, dimension_step=dimension_step, min_volume=min_volume,
        min_weight=min_weight, divisor=1.0 if divisor is None else divisor,
    )  # fmt: skip
    if parcel is None or settings is None:
        return None
    w, a, b, c, w_mode, d_mode = parcel
    w_step, d_step, min_vol, min_w, div = settings
    ratio = _step_ratio(w_step)
    mode = "up" if w_mode == "up" else "nearest"
    k = _one_steps(w, w_step, mode)
    if ratio is None or k is None:
        return None
    if divisor is not None:
        k_dim = _one_dim_weight_steps((a, b, c), div, w_step, mode, (d_step, d_mode, min_vol))
        if k_dim is None:
            return None
        k = max(k, k_dim)
    if min_w > 0:
        k_min = _one_steps(min_w, w_step, "up")
        if k_min is None:
            return None
        k = max(k, k_min)
    return (k * ratio[0]) / ratio[1]


_SETTINGS = Constraints(
    weight_step=POSITIVE, dimension_step=POSITIVE, min_volume=NON_NEGATIVE,
    min_weight=NON_NEGATIVE, divisor=POSITIVE,
)  # fmt: skip


def dim_volume(a: FloatArray, b: FloatArray, c: FloatArray, step: float, mode: str) -> FloatArray:
    if mode == "none":
        return np.asarray(a * b * c, dtype=np.float64)
    m: StepRounding = "up" if mode == "up" else "nearest"
    return np.asarray(
        round_to_step(a, step, m, "length")
        * round_to_step(b, step, m, "width")
        * round_to_step(c, step, m, "height"),
        dtype=np.float64,
    )


def dim_volume_of(a: float, b: float, c: float, step: float, mode: str) -> float | None:
    """`dim_volume` of one parcel (the same float operations, so the same volume).

    None where a side's step count would be refused (the caller lets `dim_volume` raise).
    """
    if mode == "none":
        return a * b * c
    m: StepRounding = "up" if mode == "up" else "nearest"
    ka, kb, kc = step_count(a, step, m), step_count(b, step, m), step_count(c, step, m)
    if ka is None or kb is None or kc is None:
        return None
    return step_value(ka, step) * step_value(kb, step) * step_value(kc, step)


def billable_steps(
    w: FloatArray,
    a: FloatArray,
    b: FloatArray,
    c: FloatArray,
    divisor: float | None,
    weight_step: float,
    weight_rounding: str,
    dimension_step: float,
    dimension_rounding: str,
    min_volume: float,
    min_weight: float,
) -> IntArray:
    mode: StepRounding = "up" if weight_rounding == "up" else "nearest"
    k = steps(w, weight_step, mode, "weight")
    if divisor is not None:
        vol = dim_volume(a, b, c, dimension_step, dimension_rounding)
        k_dim = steps(vol / divisor, weight_step, mode, DIM_WEIGHT_NAME)
        if min_volume > 0:
            k_dim = np.where(exceeds(vol, min_volume), k_dim, 0)
        k = np.maximum(k, k_dim)
    if min_weight > 0:
        k = np.maximum(k, int(steps(np.array(min_weight), weight_step, "up", "min_weight")))
    return k
