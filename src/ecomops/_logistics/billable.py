"""Billable weight: actual versus dimensional weight, each rounded to its step (private).

Public names are re-exported by `ecomops.logistics`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast, overload

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
    if not -MAX_STEPS < q < MAX_STEPS:  # NaN too
        return None
    if mode == "nearest":
        q = q + 0.5
    r = round(q)  # half to even, as np.rint
    # |q - r| <= SNAP * max(1, |q|), without the calls
    tol = SNAP * (q if q > 1.0 else (-q if q < -1.0 else 1.0))
    if -tol <= q - r <= tol:
        return r
    return math.ceil(q) if mode == "up" else math.floor(q)


def _one_round(x: float, step: float, mode: str, ratio: tuple[float, float]) -> float | None:
    k = _one_steps(x, step, mode)
    return None if k is None else (k * ratio[0]) / ratio[1]


@dataclasses.dataclass(frozen=True, slots=True)
class _ScalarPlan:
    """The settings of a scalar call, checked once: what is left is the parcel's own steps.

    A backend rates every parcel with the same divisor, steps, roundings and
    minimums; `weight` applies `billable_steps`' operations to one parcel.
    """

    divisor: float | None
    weight_step: float
    weight_ratio: tuple[float, float]
    weight_mode: str  # "up" or "nearest"
    dimension_step: float
    dimension_ratio: tuple[float, float] | None  # None: dimensions are not rounded
    dimension_mode: str
    min_volume: float
    min_steps: int  # steps of min_weight (0 without one)

    def weight(self, w: float, a: float, b: float, c: float) -> float | None:
        """The billable weight of one parcel, or ``None`` for the array path."""
        k = _one_steps(w, self.weight_step, self.weight_mode)
        if k is None:
            return None
        if self.divisor is not None:
            k_dim = self._dim_weight_steps(a, b, c, self.divisor)
            if k_dim is None:
                return None
            k = max(k, k_dim)
        k = max(k, self.min_steps)
        return (k * self.weight_ratio[0]) / self.weight_ratio[1]

    def _dim_weight_steps(self, a: float, b: float, c: float, divisor: float) -> int | None:
        """Steps of the dimensional weight of one parcel (0 at or below ``min_volume``)."""
        ratio = self.dimension_ratio
        if ratio is None:
            vol = a * b * c
        else:
            step, mode = self.dimension_step, self.dimension_mode
            ra, rb, rc = (_one_round(a, step, mode, ratio), _one_round(b, step, mode, ratio),
                          _one_round(c, step, mode, ratio))  # fmt: skip
            if ra is None or rb is None or rc is None:
                return None
            vol = ra * rb * rc
        min_volume = self.min_volume
        if min_volume > 0 and not vol > min_volume + SNAP * max(1.0, abs(min_volume)):
            return 0
        return _one_steps(vol / divisor, self.weight_step, self.weight_mode)


#: Plans by their settings when every number is a float (an int or a bool may equal
#: a float as a key, and a bool is refused): at most `_PLANS_KEPT` entries.
_PLANS: dict[tuple[Any, ...], _ScalarPlan | None] = {}
_PLANS_KEPT = 256


def _scalar_plan(settings: tuple[Any, ...]) -> _ScalarPlan | None:
    """The plan of ``(divisor, weight_step, weight_rounding, dimension_step,
    dimension_rounding, min_volume, min_weight)``, or ``None`` for the array path."""
    if not _KEY_TYPES.issuperset(map(type, settings)):
        return _build_plan(settings)
    plan = _PLANS.get(settings, _MISSING)
    if plan is _MISSING:
        plan = _build_plan(settings)
        if len(_PLANS) >= _PLANS_KEPT:
            _PLANS.clear()
        _PLANS[settings] = plan
    return cast(_ScalarPlan | None, plan)


_KEY_TYPES = frozenset({float, str, type(None)})
_MISSING: Any = object()


def _build_plan(settings: tuple[Any, ...]) -> _ScalarPlan | None:
    divisor, weight_step, weight_rounding, dimension_step, dimension_rounding = settings[:5]
    min_volume, min_weight = settings[5:]
    modes = _BILLABLE.convert_scalars(
        weight_rounding=weight_rounding, dimension_rounding=dimension_rounding
    )
    numbers = _SETTINGS.convert_scalars(
        weight_step=weight_step, dimension_step=dimension_step, min_volume=min_volume,
        min_weight=min_weight, divisor=1.0 if divisor is None else divisor,
    )  # fmt: skip
    if modes is None or numbers is None:
        return None
    w_mode, d_mode = modes
    w_step, d_step, min_vol, min_w, div = numbers
    w_ratio = _step_ratio(w_step)
    min_steps = _one_steps(min_w, w_step, "up") if min_w > 0 else 0
    d_ratio = None if d_mode == "none" else _step_ratio(d_step)
    dims_unread = divisor is not None and d_mode != "none" and d_ratio is None
    if w_ratio is None or min_steps is None or dims_unread:
        return None
    return _ScalarPlan(
        divisor=None if divisor is None else div,
        weight_step=w_step, weight_ratio=w_ratio,
        weight_mode="up" if w_mode == "up" else "nearest",
        dimension_step=d_step, dimension_ratio=d_ratio,
        dimension_mode="up" if d_mode == "up" else "nearest",
        min_volume=min_vol, min_steps=min_steps,
    )  # fmt: skip


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
    plan = _scalar_plan(
        (divisor, weight_step, weight_rounding, dimension_step, dimension_rounding,
         min_volume, min_weight)
    )  # fmt: skip
    if plan is None:
        return None
    parcel = _MEASURES.scalars(*measures)
    return None if parcel is None else plan.weight(*parcel)


_MEASURES = Constraints(
    **{name: _BILLABLE[name] for name in ("weight", "length", "width", "height")}
)
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
