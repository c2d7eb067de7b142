r"""Safety stock, reorder points and order-up-to levels for service and cost targets (private).

The engine behind `safety_stock`, [`reorder_point`][ecomops.inventory.reorder_point] and
`order_up_to_level`: the demand over the protection interval (lead time
plus review period) is fitted with the chosen law, and the level that meets the
target is found by closed forms (normal quantiles, the inverse loss function)
or vectorised root finding (safeguarded Newton for continuous laws, integer
bisection for discrete ones).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import numpy as np

from ecomops._core.constraints import NON_NEGATIVE, OPEN_FRACTION, Constraints
from ecomops._core.results import Display, display_kinds
from ecomops._core.typing import (
    DEMAND_DISTRIBUTIONS,
    FILL_RATE_METHODS,
    ArrayLike,
    BoolArray,
    DemandDistribution,
    FillRateMethod,
    FloatArray,
)
from ecomops._core.validation import (
    as_bounded_array,
    broadcast,
    check_flag,
    check_option,
    raise_at,
)
from ecomops._inventory.common import (
    DemandLaw,
    DerivedTable,
    all_scalar,
    bisect_int,
    frozen,
    make_law,
    norm_ppf,
    one_sku_samples,
    same_function,
    solve_decreasing,
    std_loss,
    std_loss_inverse,
    std_loss_one,
)
from ecomops._inventory.service import fill_rate_of_level, lead_time_demand_moments
from ecomops.exceptions import InvalidInputError

__all__ = ["SafetyStock", "order_up_to_level", "reorder_point", "safety_stock"]

_SQRT_2PI = math.sqrt(2.0 * math.pi)


# ---------------------------------------------------------------------------
# Safety stock / reorder point / order-up-to level
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class SafetyStock(DerivedTable):
    r"""Result of `safety_stock`, `reorder_point` and `order_up_to_level`.

    Attributes
    ----------
    safety_stock : float or ndarray
        $x - \mu_{L+R}$; negative where the target allows it (unless
        ``floor_at_zero``). [units]
    reorder_point : float or ndarray or None
        The level $x$: the reorder point (continuous review) or the
        order-up-to level (periodic review); ``None`` when no demand mean was given
        to `safety_stock`. Also available as ``order_up_to_level``. [units]
    safety_factor : float or ndarray
        $k = \text{safety stock}/\sigma_{L+R}$; 0 where
        $\sigma_{L+R}=0$ (undefined). [-]
    lead_time_demand_mean, lead_time_demand_std : float or ndarray or None
        Demand over the protection interval $L+R$ (the mean is ``None`` when
        no demand mean was given). [units]
    expected_shortage_per_cycle : float or ndarray
        $n(x)=E[(D_{L+R}-x)^+]$, units short per replenishment cycle. [units]
    cycle_service_level : float or ndarray
        Achieved $P(D_{L+R}\le x)$. [fraction]
    fill_rate : float or ndarray or None
        Achieved fill rate by the ``method`` given (``None`` without a method or a
        cycle quantity). [fraction]
    safety_stock_holding_cost : float or ndarray or None
        ``holding_cost * safety_stock`` (``None`` without a holding cost).
        [currency / period]

    Examples
    --------
    >>> from ecomops.inventory import reorder_point
    >>> res = reorder_point(50, 5, 6, cycle_service_level=0.9)
    >>> round(res.reorder_point, 3), round(res.safety_stock, 3), round(res.safety_factor, 4)
    (315.696, 15.696, 1.2816)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=("safety_stock_holding_cost",),
        share=(
            "cycle_service_level",
            "fill_rate",
        ),
    )

    safety_stock: float | FloatArray
    reorder_point: float | FloatArray | None
    safety_factor: float | FloatArray
    lead_time_demand_mean: float | FloatArray | None
    lead_time_demand_std: float | FloatArray
    expected_shortage_per_cycle: float | FloatArray
    cycle_service_level: float | FloatArray
    fill_rate: float | FloatArray | None
    safety_stock_holding_cost: float | FloatArray | None

    @property
    def order_up_to_level(self) -> float | FloatArray | None:
        """The level $x$ under its periodic-review name (same as ``reorder_point``)."""
        return self.reorder_point


_TARGETS = (
    "cycle_service_level",
    "fill_rate",
    "shortage_cost_per_unit",
    "shortage_cost_per_unit_per_period",
    "shortage_cost_per_stockout",
)


@dataclasses.dataclass(frozen=True, slots=True)
class _Request:
    """The caller's target and options, checked."""

    target: str
    target_value: Any
    method: FillRateMethod | None
    kind: DemandDistribution
    demand_samples: Any
    floor_at_zero: bool

    @property
    def needs_cycle_quantity(self) -> bool:
        """Targets whose equation involves the cycle quantity (Q, or the review-period demand)."""
        return self.target in ("fill_rate", "shortage_cost_per_unit", "shortage_cost_per_stockout")


@dataclasses.dataclass(frozen=True, slots=True)
class _Inputs:
    """The numeric inputs, converted, checked and broadcast to one shape."""

    demand_mean: FloatArray
    demand_std: FloatArray
    lead_time: FloatArray
    lead_time_std: FloatArray
    review_period: FloatArray
    target: FloatArray
    #: the target as given (before broadcasting), for one normal quantile per distinct value
    target_given: FloatArray
    order_quantity: FloatArray | None
    holding_cost: FloatArray | None
    mean_known: bool
    periodic: bool
    scalar: bool


@dataclasses.dataclass(frozen=True, slots=True)
class _Protection:
    """Demand over the protection interval $L+R$ and over the lead time alone."""

    law: DemandLaw
    lead_time_law: DemandLaw
    mean: FloatArray
    std: FloatArray
    lead_time_mean: FloatArray
    #: the cycle quantity: Q (continuous review) or the review-period demand
    cycle: FloatArray
    #: the argument shift of the exact fill rate's second loss term (Q, or 0)
    shift: FloatArray
    periodic: BoolArray


def _request(
    targets: dict[str, Any],
    method: FillRateMethod | None,
    distribution: DemandDistribution,
    demand_samples: Any,
    floor_at_zero: bool,
) -> _Request:
    """Exactly one target, known options, and the combinations the models support."""
    chosen = [k for k, v in targets.items() if v is not None]
    if len(chosen) != 1:
        listed = ", ".join(_TARGETS)
        got = ", ".join(chosen) if chosen else "none"
        raise InvalidInputError(f"give exactly one target among {listed}; got {got}")
    target = chosen[0]
    kind = check_option(distribution, "distribution", DEMAND_DISTRIBUTIONS)
    if method is not None:
        check_option(method, "method", FILL_RATE_METHODS)
    if target == "fill_rate" and method is None:
        raise InvalidInputError(
            "fill_rate needs method='approximate', 'exact' or 'lost_sales' "
            "(they give different reorder points; see fill_rate())"
        )
    if target == "shortage_cost_per_stockout" and kind != "normal":
        raise InvalidInputError("shortage_cost_per_stockout is available for distribution='normal'")
    floor_at_zero = check_flag(floor_at_zero, "floor_at_zero")
    return _Request(target, targets[target], method, kind, demand_samples, floor_at_zero)


def _optional(value: Any, name: str) -> FloatArray | None:
    return None if value is None else as_bounded_array(value, name, gt=0)


def _inputs(
    request: _Request,
    demand_mean: Any,
    demand_std: Any,
    lead_time: Any,
    lead_time_std: Any,
    review_period: Any,
    order_quantity: Any,
    holding_cost: Any,
) -> _Inputs:
    """Convert and check the inputs once, then broadcast them together."""
    kind = request.kind
    scalar = all_scalar(
        demand_mean, demand_std, lead_time, lead_time_std, review_period, order_quantity,
        holding_cost, request.target_value,
    ) and (kind != "empirical" or one_sku_samples(request.demand_samples))  # fmt: skip
    if kind == "empirical":  # the samples stand for the lead-time demand
        demand_std = 0.0 if demand_std is None else demand_std
        lead_time = 0.0 if lead_time is None else lead_time
    for name, value in (("demand_std", demand_std), ("lead_time", lead_time)):
        if value is None:
            raise InvalidInputError(f"{name} is required for distribution={kind!r}")
    mean_known = demand_mean is not None
    upper = 1.0 if request.target in ("cycle_service_level", "fill_rate") else None
    arrays: dict[str, FloatArray] = {
        "demand_mean": (
            as_bounded_array(demand_mean, "demand_mean", ge=0) if mean_known else np.zeros(())
        ),
        "demand_std": as_bounded_array(demand_std, "demand_std", ge=0),
        "lead_time": as_bounded_array(lead_time, "lead_time", ge=0),
        "lead_time_std": as_bounded_array(lead_time_std, "lead_time_std", ge=0),
        "review_period": as_bounded_array(review_period, "review_period", ge=0),
        request.target: as_bounded_array(request.target_value, request.target, gt=0, lt=upper),
    }
    optional = {
        "order_quantity": _optional(order_quantity, "order_quantity"),
        "holding_cost": _optional(holding_cost, "holding_cost"),
    }
    periodic = bool(np.any(arrays["review_period"] > 0))
    _check_needs(request, arrays, optional, mean_known, periodic)
    given = {k: v for k, v in optional.items() if v is not None}
    names = [*arrays, *given]
    together = dict(zip(names, broadcast(**arrays, **given), strict=True))
    if kind != "empirical":
        lt, rv = together["lead_time"], together["review_period"]
        raise_at("lead_time", "be > 0 when review_period is 0", (lt + rv) == 0, lt)
    return _Inputs(
        demand_mean=together["demand_mean"],
        demand_std=together["demand_std"],
        lead_time=together["lead_time"],
        lead_time_std=together["lead_time_std"],
        review_period=together["review_period"],
        target=together[request.target],
        target_given=arrays[request.target],
        order_quantity=together.get("order_quantity"),
        holding_cost=together.get("holding_cost"),
        mean_known=mean_known,
        periodic=periodic,
        scalar=scalar,
    )


def _check_needs(
    request: _Request,
    arrays: dict[str, FloatArray],
    optional: dict[str, FloatArray | None],
    mean_known: bool,
    periodic: bool,
) -> None:
    """Refuse a target without what its equation needs (a mean, a cycle quantity, a cost)."""
    target, kind = request.target, request.kind
    quantity = optional["order_quantity"]
    if quantity is not None and periodic:
        raise InvalidInputError(
            "order_quantity applies to continuous review (review_period=0); with a review "
            "period the cycle demand is demand_mean * review_period"
        )
    if not mean_known and kind != "empirical":
        if kind != "normal":
            raise InvalidInputError(f"distribution={kind!r} needs demand_mean")
        if np.any(arrays["lead_time_std"] > 0):
            raise InvalidInputError(
                "lead_time_std > 0 needs demand_mean (the term mu_d^2 sigma_L^2)"
            )
        if periodic:
            raise InvalidInputError("a review period needs demand_mean (the cycle demand)")
        if target in ("shortage_cost_per_unit", "shortage_cost_per_stockout"):
            raise InvalidInputError(f"{target} needs demand_mean (the demand rate)")
    needs_cycle = request.needs_cycle_quantity or (
        target == "shortage_cost_per_unit_per_period" and quantity is not None
    )
    if needs_cycle and quantity is None and not periodic:
        raise InvalidInputError(f"{target} needs order_quantity (or a review_period)")
    if target.startswith("shortage_cost") and optional["holding_cost"] is None:
        raise InvalidInputError(f"{target} needs holding_cost")


def _protection(request: _Request, inputs: _Inputs) -> tuple[_Inputs, _Protection]:
    """The demand laws, with the inputs broadcast to their shape (one row per SKU)."""
    if request.kind == "empirical":
        inputs, law, lead_time_law = _empirical_laws(request, inputs)
    else:
        law, lead_time_law = _fitted_laws(request.kind, inputs)
    shape = law.shape
    mean = np.array(np.broadcast_to(law.mean, shape))
    std = np.array(np.broadcast_to(law.std, shape))
    periodic = np.broadcast_to(inputs.review_period > 0, shape)
    quantity = inputs.order_quantity
    cycle = np.where(
        periodic,
        inputs.demand_mean * inputs.review_period,
        np.nan if quantity is None else np.broadcast_to(quantity, shape),
    )
    cycle = np.asarray(np.broadcast_to(cycle, shape), dtype=np.float64)
    return inputs, _Protection(
        law=law,
        lead_time_law=lead_time_law,
        mean=mean,
        std=std,
        lead_time_mean=lead_time_law.mean,
        cycle=cycle,
        shift=np.where(periodic, 0.0, np.nan_to_num(cycle)),
        periodic=periodic,
    )


def _fitted_laws(kind: DemandDistribution, inputs: _Inputs) -> tuple[DemandLaw, DemandLaw]:
    """Laws fitted to the demand over L + R and, under periodic review, over L alone."""
    mu, sd = inputs.demand_mean, inputs.demand_std
    lt, lsd, rv = inputs.lead_time, inputs.lead_time_std, inputs.review_period
    mean, std = lead_time_demand_moments(mu, sd, lt, lsd, rv)
    law = make_law(kind, np.asarray(mean, dtype=np.float64), std)
    if not inputs.periodic:
        return law, law
    mean_l, std_l = lead_time_demand_moments(mu, sd, lt, lsd, np.zeros_like(rv))
    return law, make_law(kind, np.asarray(mean_l, dtype=np.float64), std_l)


def _empirical_laws(request: _Request, inputs: _Inputs) -> tuple[_Inputs, DemandLaw, DemandLaw]:
    """The samples' law (for the lead time), with the other inputs broadcast to its SKUs."""
    law = make_law("empirical", None, None, request.demand_samples)
    if inputs.periodic:
        raise InvalidInputError(
            "distribution='empirical' supports continuous review only "
            "(the samples are demands over the lead time)"
        )
    shape = law.shape

    def to_skus(a: FloatArray) -> FloatArray:
        try:
            return np.array(np.broadcast_to(a, shape))
        except ValueError:
            raise InvalidInputError(
                f"inputs must broadcast with demand_samples' {shape[0]} SKUs; got {a.shape}"
            ) from None

    q, h = inputs.order_quantity, inputs.holding_cost
    on_skus = dataclasses.replace(
        inputs,
        demand_mean=to_skus(inputs.demand_mean) if inputs.mean_known else law.mean.copy(),
        demand_std=to_skus(inputs.demand_std),
        lead_time=to_skus(inputs.lead_time),
        lead_time_std=to_skus(inputs.lead_time_std),
        review_period=to_skus(inputs.review_period),
        target=to_skus(inputs.target),
        order_quantity=None if q is None else to_skus(q),
        holding_cost=None if h is None else to_skus(h),
    )
    return on_skus, law, law


# -- solving for the level -------------------------------------------------


def _level_for_loss(kind: DemandDistribution, p: _Protection, target: FloatArray) -> FloatArray:
    """Level with n(x) = target (continuous) or the smallest integer with n(x) <= target."""
    if kind == "normal":
        with np.errstate(divide="ignore", invalid="ignore"):
            k = std_loss_inverse(target / p.std)
            val = p.mean + p.std * k
        out: FloatArray = np.where(p.std > 0, val, p.mean - target)
        return out
    return _solve_decreasing_level(p, p.law.loss, target)


def _level_for_loss_difference(p: _Protection, target: FloatArray) -> FloatArray:
    """Level with n_{L+R}(x) - n_L(x + shift) = target (the exact fill-rate condition)."""
    shift = p.shift.reshape(-1)

    def difference(x: FloatArray, rows: np.ndarray) -> FloatArray:
        out: FloatArray = p.law.loss(x, rows) - p.lead_time_law.loss(x + shift[rows], rows)
        return out

    def slope(x: FloatArray, rows: np.ndarray) -> FloatArray:
        out: FloatArray = p.law.cdf(x, rows) - p.lead_time_law.cdf(x + shift[rows], rows)
        return out

    return _solve_decreasing_level(p, difference, target, slope)


def _solve_decreasing_level(
    p: _Protection,
    func: Callable[[FloatArray, np.ndarray], FloatArray],
    target: FloatArray,
    derivative: Callable[[FloatArray, np.ndarray], FloatArray] | None = None,
) -> FloatArray:
    """Solve ``func(x) = target`` for a decreasing ``func``: Newton, or integer bisection."""
    flat_t = np.asarray(target, dtype=np.float64).reshape(-1)
    mu_f = p.mean.reshape(-1)
    sd_f = p.std.reshape(-1)
    span = np.nan_to_num(p.cycle.reshape(-1)) + flat_t
    lo = np.floor(
        np.minimum(mu_f, p.lead_time_mean.reshape(-1) - p.shift.reshape(-1))
        - 12.0 * sd_f - span - 2.0
    )  # fmt: skip
    hi = np.ceil(mu_f + 12.0 * sd_f + 2.0)
    all_rows = np.arange(flat_t.size)
    for _ in range(80):  # widen hi until func(hi) <= target
        bad = func(hi, all_rows) > flat_t
        bad &= np.isfinite(flat_t)
        if not bad.any():
            break
        hi[bad] = hi[bad] + 2.0 * (hi[bad] - lo[bad]) + 16.0
    if p.law.discrete:
        res = bisect_int(lambda x, rows: func(x, rows) <= flat_t[rows], lo, hi)
    else:
        slope = derivative or (lambda x, rows: p.law.cdf(x, rows) - 1.0)
        res = solve_decreasing(
            lambda x, rows: (func(x, rows), slope(x, rows)), flat_t, lo, hi,
            start=hi.copy(), tol=1e-12,
        )  # fmt: skip
    return res.reshape(np.shape(target))


def _level_for_fill_rate(
    method: FillRateMethod | None, kind: DemandDistribution, p: _Protection, beta: FloatArray
) -> FloatArray:
    if method == "approximate":
        return _level_for_loss(kind, p, (1.0 - beta) * p.cycle)
    if method == "lost_sales":
        return _level_for_loss(kind, p, (1.0 - beta) * p.cycle / beta)
    return _level_for_loss_difference(p, (1.0 - beta) * p.cycle)


def _level_for_cost_per_unit(
    p: _Protection, demand_mean: FloatArray, cost: FloatArray, holding: FloatArray
) -> tuple[FloatArray, BoolArray]:
    """B2: P(D > x) = h C / (mu_d B2); no protection where that is >= 1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = holding * p.cycle / (demand_mean * cost)
    none = np.asarray(frac >= 1.0)
    alpha = np.clip(1.0 - frac, 1e-300, 1.0 - 1e-16)
    return p.law.quantile(np.where(none | np.isnan(alpha), 0.5, alpha)), none


def _level_for_cost_per_unit_per_period(
    p: _Protection, cost: FloatArray, holding: FloatArray, has_quantity: bool
) -> FloatArray:
    """B3: the newsvendor fractile p/(p+h), or with Q the exact (r, Q) condition."""
    fractile = p.law.quantile(np.array(np.broadcast_to(cost / (cost + holding), p.mean.shape)))
    if not has_quantity:
        return fractile
    # Zheng (1992): g(r) = g(r + Q)  <=>  n(r) - n(r + Q) = h Q / (h + p)
    exact = _level_for_loss_difference(p, holding * p.cycle / (holding + cost))
    out: FloatArray = np.where(p.periodic, fractile, exact)
    return out


def _level_for_cost_per_stockout(
    p: _Protection, demand_mean: FloatArray, cost: FloatArray, holding: FloatArray
) -> tuple[FloatArray, BoolArray]:
    """B1 (normal): k = sqrt(2 ln(mu_d B1 / (sqrt(2 pi) C h sigma))); none where ln <= 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        arg = demand_mean * cost / (_SQRT_2PI * p.cycle * holding * p.std)
        k = np.sqrt(2.0 * np.log(arg))
    none = np.asarray(~(arg > 1.0))
    return p.mean + np.where(none | (p.std == 0), 0.0, k) * p.std, none


def _level(
    request: _Request, inputs: _Inputs, p: _Protection
) -> tuple[FloatArray, BoolArray, FloatArray | None]:
    """The level meeting the target; the rows a cost asks not to protect; the normal k."""
    shape = p.mean.shape
    target = np.broadcast_to(inputs.target, shape)
    none = np.zeros(shape, dtype=bool)
    if request.target == "cycle_service_level":
        if request.kind == "normal" and not request.floor_at_zero:
            k = norm_ppf(np.asarray(inputs.target_given))  # once per distinct target
            return p.mean + p.std * k, none, k
        return p.law.quantile(np.array(target)), none, None
    if request.target == "fill_rate":
        beta = np.asarray(target)
        return _level_for_fill_rate(request.method, request.kind, p, beta), none, None
    assert inputs.holding_cost is not None  # checked by _check_needs
    holding = np.broadcast_to(inputs.holding_cost, shape)
    if request.target == "shortage_cost_per_unit":
        x, none = _level_for_cost_per_unit(p, inputs.demand_mean, target, holding)
    elif request.target == "shortage_cost_per_unit_per_period":
        has_quantity = inputs.order_quantity is not None
        x = _level_for_cost_per_unit_per_period(p, target, holding, has_quantity)
    else:
        x, none = _level_for_cost_per_stockout(p, inputs.demand_mean, target, holding)
    return x, none, None


# -- the result --------------------------------------------------------------


def _adjusted_level(
    request: _Request, inputs: _Inputs, p: _Protection, x: FloatArray, none: BoolArray
) -> FloatArray:
    """Apply the no-protection rows, zero demand, the floor and NaN propagation."""
    mean = p.mean
    discrete = p.law.discrete
    x = np.asarray(x, dtype=np.float64)
    x = np.where(none, mean if not discrete else np.ceil(mean), x)
    x = np.where((mean == 0) & (p.std == 0), 0.0, x)
    if request.floor_at_zero:
        x = np.maximum(x, np.ceil(mean) if discrete else mean)
    needs_cycle = request.needs_cycle_quantity or (
        request.target == "shortage_cost_per_unit_per_period" and inputs.order_quantity is not None
    )
    target = np.broadcast_to(inputs.target, mean.shape)
    nan_rows = (
        np.isnan(mean)
        | np.isnan(p.std)
        | np.isnan(target)
        | (np.isnan(p.cycle) & np.asarray(needs_cycle))
    )
    out: FloatArray = np.where(nan_rows, np.nan, x)
    return out


def _result(
    request: _Request,
    inputs: _Inputs,
    p: _Protection,
    x: FloatArray,
    k_normal: FloatArray | None,
) -> SafetyStock:
    """The level, its safety stock and factor, and the service it achieves."""
    mean, std, scalar = p.mean, p.std, inputs.scalar
    ss = x - mean
    with np.errstate(divide="ignore", invalid="ignore"):
        k_out = np.where(std > 0, ss / std, 0.0)
    k_out = np.where(np.isnan(ss), np.nan, k_out)
    if k_normal is not None:
        short = std * std_loss(k_normal)
        csl = np.where(std > 0, np.broadcast_to(inputs.target, mean.shape), 1.0)
    else:
        short = p.law.loss(x)
        csl = p.law.cdf(x)
    fr = None
    if request.method is not None and (inputs.order_quantity is not None or inputs.periodic):
        fr = fill_rate_of_level(request.method, p.law, x, p.cycle, p.lead_time_law, p.shift)
        fr = np.where((mean == 0) & (std == 0), 1.0, fr)
    hold = None if inputs.holding_cost is None else inputs.holding_cost * ss
    level_known = inputs.mean_known or request.kind == "empirical"
    return SafetyStock(
        safety_stock=frozen(ss, scalar),
        reorder_point=frozen(x, scalar) if level_known else None,
        safety_factor=frozen(k_out, scalar),
        lead_time_demand_mean=frozen(mean, scalar) if level_known else None,
        lead_time_demand_std=frozen(std, scalar),
        expected_shortage_per_cycle=frozen(short, scalar),
        cycle_service_level=frozen(csl, scalar),
        fill_rate=frozen(fr, scalar),
        safety_stock_holding_cost=frozen(hold, scalar),
    )


def _plan(request: _Request, inputs: _Inputs) -> SafetyStock:
    """Fit the demand laws, solve for the level, and report what it achieves."""
    inputs, protection = _protection(request, inputs)
    x, none, k_normal = _level(request, inputs, protection)
    x = _adjusted_level(request, inputs, protection, x, none)
    return _result(request, inputs, protection, x, k_normal)


# -- the scalar path ------------------------------------------------------------

#: The per-request case (one SKU, normal demand, a cycle service level, continuous
#: review): plain numbers that their rules accept as they are skip the array machinery.
#: Anything else (NaN, a bound broken, another target) takes the array path.
_CSL_SCALARS = Constraints(
    demand_mean=NON_NEGATIVE, demand_std=NON_NEGATIVE, lead_time=NON_NEGATIVE,
    lead_time_std=NON_NEGATIVE, review_period=NON_NEGATIVE,
    cycle_service_level=OPEN_FRACTION,
)  # fmt: skip


def _one_csl_level(
    demand_mean: Any,
    demand_std: Any,
    lead_time: Any,
    lead_time_std: Any,
    review_period: Any,
    cycle_service_level: Any,
) -> SafetyStock | None:
    """The scalar path's result, or ``None`` when the call needs the array path."""
    if cycle_service_level is None:
        return None
    fast = _CSL_SCALARS.scalars(
        0.0 if demand_mean is None else demand_mean, demand_std, lead_time, lead_time_std,
        review_period, cycle_service_level,
    )  # fmt: skip
    # continuous review with a positive lead time; an unknown mean needs no lead-time spread
    if fast is None or not fast[2] > 0.0 or fast[4] != 0.0:
        return None
    if demand_mean is None and fast[3] != 0.0:
        return None
    return _scalar_csl_level(*fast, mean_known=demand_mean is not None)


def _scalar_csl_level(
    demand_mean: float,
    demand_std: float,
    lead_time: float,
    lead_time_std: float,
    review_period: float,
    cycle_service_level: float,
    *,
    mean_known: bool,
) -> SafetyStock:
    """`_plan` for one SKU with normal demand and a cycle service level, in floats.

    The same operations in the same order as the array path (`lead_time_demand_moments`,
    ``mean + std * k``, `std_loss`), so the two give the same floats.
    """
    interval = lead_time + review_period
    var = (
        interval * demand_std * demand_std
        + demand_mean * demand_mean * lead_time_std * lead_time_std
    )
    mean, std = demand_mean * interval, math.sqrt(var)
    k, loss = _normal_factor(cycle_service_level)
    x = 0.0 if mean == 0.0 and std == 0.0 else mean + std * k
    ss = x - mean
    return SafetyStock(  # by position (cheaper per request), in the field order
        ss,  # safety_stock
        x if mean_known else None,  # reorder_point
        ss / std if std > 0.0 else 0.0,  # safety_factor
        mean if mean_known else None,  # lead_time_demand_mean
        std,  # lead_time_demand_std
        std * loss,  # expected_shortage_per_cycle
        cycle_service_level if std > 0.0 else 1.0,  # cycle_service_level
        None,  # fill_rate
        None,  # safety_stock_holding_cost
    )


#: Safety factors by cycle service level: a backend asks for a handful of levels
#: (0.9, 0.95, 0.99...) again and again. At most `_FACTORS_KEPT` entries (cleared
#: when full), each the same floats `norm_ppf` and `std_loss_one` return.
_FACTORS: dict[float, tuple[float, float]] = {}
_FACTORS_KEPT = 256


def _normal_factor(cycle_service_level: float) -> tuple[float, float]:
    r"""``(k, G(k))`` with $k = \Phi^{-1}(\mathrm{CSL})$, remembered per level."""
    found = _FACTORS.get(cycle_service_level)
    if found is None:
        k = float(norm_ppf(cycle_service_level))  # type: ignore[arg-type]
        found = (k, std_loss_one(k))
        if len(_FACTORS) >= _FACTORS_KEPT:
            _FACTORS.clear()
        _FACTORS[cycle_service_level] = found
    return found


_COMMON_PARAMS = r"""
    cycle_service_level : float or array_like, optional
        Target probability of no stockout per cycle, in (0, 1). [fraction]
    fill_rate : float or array_like, optional
        Target fraction of demand met from stock, in (0, 1); needs ``method`` and
        the cycle quantity (``order_quantity``, or ``demand_mean * review_period``
        under periodic review). [fraction]
    order_quantity : float or array_like, optional
        Order quantity $Q$ of a continuous-review policy, > 0. [units]
    method : {"approximate", "exact", "lost_sales"}, optional
        Fill-rate formula (see `fill_rate`): required with ``fill_rate``;
        when given it is also used for the achieved ``fill_rate`` of the result.
    lead_time_std : float or array_like
        Standard deviation of the lead time $\sigma_L$, >= 0; default 0. [periods]
    review_period : float or array_like
        Review period $R$, >= 0; default 0 (continuous review). The
        protection interval is $L+R$. [periods]
    shortage_cost_per_unit : float or array_like, optional
        Cost per unit short, charged once per unit ($B_2$), > 0: sets
        $P(D>x) = hC/(\mu_d B_2)$ with $C$ the cycle quantity. Needs
        ``holding_cost``. [currency / unit]
    shortage_cost_per_unit_per_period : float or array_like, optional
        Shortage cost per unit backordered per period ($B_3$, $p$), > 0:
        with an ``order_quantity``, the exact $(r,Q)$ condition
        $g(r)=g(r+Q)$, i.e. $n(r)-n(r+Q)=hQ/(h+p)$; otherwise the
        newsvendor fractile $P(D\le x)=p/(p+h)$. Needs ``holding_cost``.
        [currency / unit / period]
    shortage_cost_per_stockout : float or array_like, optional
        Fixed cost per stockout occasion ($B_1$), > 0, normal demand only:
        $k=\sqrt{2\ln\left(\mu_d B_1/(\sqrt{2\pi}\,C h\sigma_{L+R})\right)}$.
        Needs ``holding_cost``. [currency / stockout]
    holding_cost : float or array_like, optional
        Holding cost per unit per period $h$, > 0 (for the cost targets and
        the holding cost of the safety stock). [currency / unit / period]
    distribution : {"normal", "poisson", "negative_binomial", "gamma", "empirical"}
        Law of the demand over the protection interval, fitted to its mean and
        standard deviation; default ``"normal"``. Discrete laws give integer levels.
    demand_samples : array_like, optional
        With ``"empirical"``: observed demands over the lead time (for example
        rolling sums of the daily history), 1-D for one SKU or 2-D
        ``(n_skus, n_samples)``, NaN-padded rows allowed; they replace the mean,
        standard deviation and lead time. [units]
    floor_at_zero : bool
        Clip the safety stock at 0 (default False: a fill-rate target with a large
        order quantity legitimately asks for a negative safety stock)."""

_COMMON_NOTES = r"""
    Exactly one target is given. Zero demand over the protection interval (zero
    mean and standard deviation) gives a zero level and safety stock. A zero
    standard deviation with positive demand is the deterministic limit: the
    level is the mean for a cycle service level, and the mean less the allowed
    shortage per cycle for a fill rate. When a cost target does not justify any
    protection ($hC \ge \mu_d B_2$, or the $B_1$ logarithm's argument
    at most 1) the safety factor is set to its lowest allowable value, taken
    as 0 (Silver et al. 2017, §7.6). For a continuous law the level solves its
    equation to about 1e-12; for the discrete laws it is the smallest integer that
    meets the target. NaN in any input propagates to that SKU's results."""

_COMMON_REFS = r"""
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., CRC Press, ch. 7 (safety
       stocks from $P_1$, $P_2$, $B_1$, $B_2$,
       $B_3$; §7.11 lead-time variability).
    2. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., Wiley, §4.3 and §5.2-5.3 (base-stock and $(r,Q)$
       optimality, Zheng 1992).
    3. Axsäter, S. (2015), *Inventory Control*, 3rd ed., Springer, §5.3
       (exact fill rate of an $(R,Q)$ policy and of periodic review)."""


def _doc(template: str) -> str:
    return (
        template.replace("{COMMON}", _COMMON_PARAMS.strip("\n"))
        .replace("{NOTES}", _COMMON_NOTES.strip("\n"))
        .replace("{REFS}", _COMMON_REFS.strip("\n"))
    )


def reorder_point(
    demand_mean: float | ArrayLike | None,
    demand_std: float | ArrayLike,
    lead_time: float | ArrayLike,
    *,
    cycle_service_level: float | ArrayLike | None = None,
    fill_rate: float | ArrayLike | None = None,
    order_quantity: float | ArrayLike | None = None,
    method: FillRateMethod | None = None,
    lead_time_std: float | ArrayLike = 0.0,
    review_period: float | ArrayLike = 0.0,
    shortage_cost_per_unit: float | ArrayLike | None = None,
    shortage_cost_per_unit_per_period: float | ArrayLike | None = None,
    shortage_cost_per_stockout: float | ArrayLike | None = None,
    holding_cost: float | ArrayLike | None = None,
    distribution: DemandDistribution = "normal",
    demand_samples: ArrayLike | None = None,
    floor_at_zero: bool = False,
) -> SafetyStock:
    r"""Reorder point $r=\mu_L+\text{safety stock}$ for a target, for many SKUs at once.

    The level $r$ at which to order so that the demand over the protection
    interval (the lead time plus the review period, `lead_time_demand`)
    meets the target; the safety stock is $r-\mu_{L+R}$. For normal
    demand $r = \mu_{L+R} + k\sigma_{L+R}$ with

    $$
    \Phi(k) = \mathrm{CSL}, \qquad
    G(k) = \frac{(1-\beta)\,C}{\sigma_{L+R}}\ \text{(fill rate, approximate)}
    $$

    and $C$ the cycle quantity ($Q$, or $\mu_d R$).
    `safety_stock` is this function under the name a reader of the safety
    stock looks for.

    Parameters
    ----------
    demand_mean : float or array_like or None
        Mean demand per period $\mu_d$, >= 0. ``None`` gives the safety
        stock alone (no ``reorder_point``) for normal demand without lead-time
        variability, periodic review or a per-unit or per-stockout cost.
        [units / period]
    demand_std : float or array_like
        Standard deviation of demand per period $\sigma_d$, >= 0. [units / period]
    lead_time : float or array_like
        Mean lead time $L$, >= 0 (> 0 without a review period). [periods]
    cycle_service_level : float or array_like, optional
        Target probability of no stockout per cycle, in (0, 1). [fraction]
    fill_rate : float or array_like, optional
        Target fraction of demand met from stock, in (0, 1); needs ``method`` and
        the cycle quantity (``order_quantity``, or ``demand_mean * review_period``
        under periodic review). [fraction]
    order_quantity : float or array_like, optional
        Order quantity $Q$ of a continuous-review policy, > 0. [units]
    method : {"approximate", "exact", "lost_sales"}, optional
        Fill-rate formula (see `fill_rate`): required with ``fill_rate``;
        when given it is also used for the achieved ``fill_rate`` of the result.
    lead_time_std : float or array_like
        Standard deviation of the lead time $\sigma_L$, >= 0; default 0. [periods]
    review_period : float or array_like
        Review period $R$, >= 0; default 0 (continuous review). The
        protection interval is $L+R$. [periods]
    shortage_cost_per_unit : float or array_like, optional
        Cost per unit short, charged once per unit ($B_2$), > 0: sets
        $P(D>x) = hC/(\mu_d B_2)$ with $C$ the cycle quantity. Needs
        ``holding_cost``. [currency / unit]
    shortage_cost_per_unit_per_period : float or array_like, optional
        Shortage cost per unit backordered per period ($B_3$, $p$), > 0:
        with an ``order_quantity``, the exact $(r,Q)$ condition
        $g(r)=g(r+Q)$, i.e. $n(r)-n(r+Q)=hQ/(h+p)$; otherwise the
        newsvendor fractile $P(D\le x)=p/(p+h)$. Needs ``holding_cost``.
        [currency / unit / period]
    shortage_cost_per_stockout : float or array_like, optional
        Fixed cost per stockout occasion ($B_1$), > 0, normal demand only:
        $k=\sqrt{2\ln\left(\mu_d B_1/(\sqrt{2\pi}\,C h\sigma_{L+R})\right)}$.
        Needs ``holding_cost``. [currency / stockout]
    holding_cost : float or array_like, optional
        Holding cost per unit per period $h$, > 0 (for the cost targets and
        the holding cost of the safety stock). [currency / unit / period]
    distribution : {"normal", "poisson", "negative_binomial", "gamma", "empirical"}
        Law of the demand over the protection interval, fitted to its mean and
        standard deviation; default ``"normal"``. Discrete laws give integer levels.
    demand_samples : array_like, optional
        With ``"empirical"``: observed demands over the lead time (for example
        rolling sums of the daily history), 1-D for one SKU or 2-D
        ``(n_skus, n_samples)``, NaN-padded rows allowed; they replace the mean,
        standard deviation and lead time. [units]
    floor_at_zero : bool
        Clip the safety stock at 0 (default False: a fill-rate target with a large
        order quantity legitimately asks for a negative safety stock).

    Returns
    -------
    SafetyStock
        ``reorder_point``, ``safety_stock``, ``safety_factor``,
        ``expected_shortage_per_cycle``, the achieved ``cycle_service_level`` and
        ``fill_rate``, ``safety_stock_holding_cost``.

    Raises
    ------
    InvalidInputError
        As `safety_stock`.

    Notes
    -----
    Exactly one target is given. Zero demand over the protection interval (zero
    mean and standard deviation) gives a zero level and safety stock. A zero
    standard deviation with positive demand is the deterministic limit: the
    level is the mean for a cycle service level, and the mean less the allowed
    shortage per cycle for a fill rate. When a cost target does not justify any
    protection ($hC \ge \mu_d B_2$, or the $B_1$ logarithm's argument
    at most 1) the safety factor is set to its lowest allowable value, taken
    as 0 (Silver et al. 2017, §7.6). For a continuous law the level solves its
    equation to about 1e-12; for the discrete laws it is the smallest integer that
    meets the target. NaN in any input propagates to that SKU's results.
    inventorize 1.2.6's ``reorderpoint_leadtime_variability`` writes
    ``(dailydemand**2*(sd_leadtime_days)^2)``: Python's ``^`` is a bitwise XOR,
    so float inputs raise ``TypeError`` and integer inputs give a wrong standard
    deviation (71.78 instead of 100.75 for its own example); SCperf 1.1.1's
    ``ROP`` rounds to 2 decimals.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., CRC Press, ch. 7 (safety
       stocks from $P_1$, $P_2$, $B_1$, $B_2$,
       $B_3$; §7.11 lead-time variability).
    2. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., Wiley, §4.3 and §5.2-5.3 (base-stock and $(r,Q)$
       optimality, Zheng 1992).
    3. Axsäter, S. (2015), *Inventory Control*, 3rd ed., Springer, §5.3
       (exact fill rate of an $(R,Q)$ policy and of periodic review).

    Examples
    --------
    >>> from ecomops.inventory import reorder_point
    >>> round(reorder_point(50, 5, 6, cycle_service_level=0.9).reorder_point, 4)
    315.6957
    >>> round(reorder_point(50, 5, 6, lead_time_std=2, cycle_service_level=0.9).reorder_point, 2)
    429.11
    >>> res = reorder_point(1300, 150, 1 / 12, order_quantity=300, holding_cost=0.225,
    ...                     shortage_cost_per_unit_per_period=7.5)
    >>> round(res.reorder_point, 4)
    129.4273
    >>> reorder_point([2.0, 40.0], [1.4, 6.3], 3, fill_rate=0.95, order_quantity=20,
    ...               method="exact", distribution="poisson").reorder_point
    array([  6., 131.])
    """
    if (
        distribution == "normal" and floor_at_zero is False and fill_rate is None
        and order_quantity is None and method is None and shortage_cost_per_unit is None
        and demand_samples is None and shortage_cost_per_unit_per_period is None
        and shortage_cost_per_stockout is None and holding_cost is None
    ):  # fmt: skip
        one = _one_csl_level(
            demand_mean, demand_std, lead_time, lead_time_std, review_period, cycle_service_level
        )
        if one is not None:
            return one
    targets = {
        "cycle_service_level": cycle_service_level,
        "fill_rate": fill_rate,
        "shortage_cost_per_unit": shortage_cost_per_unit,
        "shortage_cost_per_unit_per_period": shortage_cost_per_unit_per_period,
        "shortage_cost_per_stockout": shortage_cost_per_stockout,
    }
    request = _request(targets, method, distribution, demand_samples, floor_at_zero)
    inputs = _inputs(
        request, demand_mean, demand_std, lead_time, lead_time_std, review_period,
        order_quantity, holding_cost,
    )  # fmt: skip
    return _plan(request, inputs)


#: `reorder_point` read for its safety stock (the same inputs and result).
safety_stock = same_function(
    reorder_point,
    "safety_stock",
    _doc(
        r"""Safety stock for a service-level or shortage-cost target, for many SKUs at once.

    With $\mu_{L+R}$ and $\sigma_{L+R}$ the demand over the
    protection interval (`lead_time_demand`), the level $x$ solves
    the target and the safety stock is $x-\mu_{L+R}$; for normal demand
    $x = \mu_{L+R} + k\sigma_{L+R}$ with

    $$
    \Phi(k) = \mathrm{CSL}, \qquad
    G(k) = \frac{(1-\beta)\,C}{\sigma_{L+R}}\ \text{(fill rate, approximate)}
    $$

    and $C$ the cycle quantity ($Q$, or $\mu_d R$).

    Parameters
    ----------
    demand_mean : float or array_like or None
        Mean demand per period $\mu_d$, >= 0. ``None`` gives the safety
        stock alone (no ``reorder_point``) for normal demand without lead-time
        variability, periodic review or a per-unit or per-stockout cost.
        [units / period]
    demand_std : float or array_like
        Standard deviation of demand per period $\sigma_d$, >= 0. [units / period]
    lead_time : float or array_like
        Mean lead time $L$, >= 0 (> 0 without a review period). [periods]
{COMMON}

    Returns
    -------
    SafetyStock
        ``safety_stock``, ``reorder_point`` (``None`` without ``demand_mean``),
        ``safety_factor``, ``expected_shortage_per_cycle``, the achieved
        ``cycle_service_level`` and ``fill_rate``, ``safety_stock_holding_cost``.

    Raises
    ------
    InvalidInputError
        For no target or several, a service level not strictly between 0 and 1,
        a missing input a target needs (``method``, ``order_quantity``,
        ``holding_cost``, ``demand_mean``), negative or infinite inputs, a zero
        protection interval, or inconsistent shapes; the message names the
        parameter and the first offending index.

    Notes
    -----
{NOTES}
    SCperf 1.1.1's ``SS`` rounds its result to 2 decimals; nothing is rounded here.

    References
    ----------
{REFS}

    Examples
    --------
    >>> from ecomops.inventory import safety_stock
    >>> round(safety_stock(None, 0.7, 2, cycle_service_level=0.95).safety_stock, 6)
    1.628322
    >>> res = safety_stock(None, [9000, 9000], 3 / 52, fill_rate=0.9,
    ...                    order_quantity=[5000, 500], method="approximate")
    >>> res.safety_factor.round(4), res.fill_rate
    (array([0.3975, 1.6021]), array([0.9, 0.9]))
    """
    ),
)


def order_up_to_level(
    demand_mean: float | ArrayLike,
    demand_std: float | ArrayLike,
    lead_time: float | ArrayLike,
    review_period: float | ArrayLike,
    *,
    cycle_service_level: float | ArrayLike | None = None,
    fill_rate: float | ArrayLike | None = None,
    method: FillRateMethod | None = None,
    lead_time_std: float | ArrayLike = 0.0,
    shortage_cost_per_unit: float | ArrayLike | None = None,
    shortage_cost_per_unit_per_period: float | ArrayLike | None = None,
    shortage_cost_per_stockout: float | ArrayLike | None = None,
    holding_cost: float | ArrayLike | None = None,
    distribution: DemandDistribution = "normal",
    floor_at_zero: bool = False,
) -> SafetyStock:
    r"""Order-up-to level $S$ of a periodic-review $(R,S)$ policy, for many SKUs.

    Every $R$ periods order up to $S$; the order arrives $L$
    periods later, so $S$ protects $L+R$ periods:

    $$
    S = \mu_d(L+R) + k\,\sigma_{L+R}, \qquad
    \sigma_{L+R}=\sqrt{(L+R)\sigma_d^2+\mu_d^2\sigma_L^2}
    $$

    The cycle quantity is the demand per review period $C=\mu_d R$; the
    exact fill rate is $1-[n_{L+R}(S)-n_L(S)]/(\mu_dR)$.

    Parameters
    ----------
    demand_mean : float or array_like
        Mean demand per period $\mu_d$, >= 0. [units / period]
    demand_std : float or array_like
        Standard deviation of demand per period $\sigma_d$, >= 0. [units / period]
    lead_time : float or array_like
        Mean lead time $L$, >= 0. [periods]
    review_period : float or array_like
        Review period $R$, > 0. [periods]
    cycle_service_level : float or array_like, optional
        Target probability of no stockout per cycle, in (0, 1). [fraction]
    fill_rate : float or array_like, optional
        Target fraction of demand met from stock, in (0, 1); needs ``method`` and
        the cycle quantity (``order_quantity``, or ``demand_mean * review_period``
        under periodic review). [fraction]
    method : {"approximate", "exact", "lost_sales"}, optional
        Fill-rate formula (see `fill_rate`): required with ``fill_rate``;
        when given it is also used for the achieved ``fill_rate`` of the result.
    lead_time_std : float or array_like
        Standard deviation of the lead time $\sigma_L$, >= 0; default 0. [periods]
    shortage_cost_per_unit : float or array_like, optional
        Cost per unit short, charged once per unit ($B_2$), > 0: sets
        $P(D>x) = hC/(\mu_d B_2)$ with $C$ the cycle quantity. Needs
        ``holding_cost``. [currency / unit]
    shortage_cost_per_unit_per_period : float or array_like, optional
        Shortage cost per unit backordered per period ($B_3$, $p$), > 0:
        with an ``order_quantity``, the exact $(r,Q)$ condition
        $g(r)=g(r+Q)$, i.e. $n(r)-n(r+Q)=hQ/(h+p)$; otherwise the
        newsvendor fractile $P(D\le x)=p/(p+h)$. Needs ``holding_cost``.
        [currency / unit / period]
    shortage_cost_per_stockout : float or array_like, optional
        Fixed cost per stockout occasion ($B_1$), > 0, normal demand only:
        $k=\sqrt{2\ln\left(\mu_d B_1/(\sqrt{2\pi}\,C h\sigma_{L+R})\right)}$.
        Needs ``holding_cost``. [currency / stockout]
    holding_cost : float or array_like, optional
        Holding cost per unit per period $h$, > 0 (for the cost targets and
        the holding cost of the safety stock). [currency / unit / period]
    distribution : {"normal", "poisson", "negative_binomial", "gamma", "empirical"}
        Law of the demand over the protection interval, fitted to its mean and
        standard deviation; default ``"normal"``. Discrete laws give integer levels.
    floor_at_zero : bool
        Clip the safety stock at 0 (default False: a fill-rate target with a large
        order quantity legitimately asks for a negative safety stock).

    Returns
    -------
    SafetyStock
        The level is ``order_up_to_level`` (also ``reorder_point``), with
        ``safety_stock``, ``safety_factor`` and the achieved service levels.

    Raises
    ------
    InvalidInputError
        As `safety_stock`, and for a review period that is not positive.

    Notes
    -----
    Exactly one target is given. Zero demand over the protection interval (zero
    mean and standard deviation) gives a zero level and safety stock. A zero
    standard deviation with positive demand is the deterministic limit: the
    level is the mean for a cycle service level, and the mean less the allowed
    shortage per cycle for a fill rate. When a cost target does not justify any
    protection ($hC \ge \mu_d B_2$, or the $B_1$ logarithm's argument
    at most 1) the safety factor is set to its lowest allowable value, taken
    as 0 (Silver et al. 2017, §7.6). For a continuous law the level solves its
    equation to about 1e-12; for the discrete laws it is the smallest integer that
    meets the target. NaN in any input propagates to that SKU's results.
    ``order_quantity`` and ``demand_samples`` do not apply to periodic review.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., CRC Press, ch. 7 (safety
       stocks from $P_1$, $P_2$, $B_1$, $B_2$,
       $B_3$; §7.11 lead-time variability).
    2. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., Wiley, §4.3 and §5.2-5.3 (base-stock and $(r,Q)$
       optimality, Zheng 1992).
    3. Axsäter, S. (2015), *Inventory Control*, 3rd ed., Springer, §5.3
       (exact fill rate of an $(R,Q)$ policy and of periodic review).

    Examples
    --------
    >>> from ecomops.inventory import order_up_to_level
    >>> res = order_up_to_level(100, 20, 2, 7, cycle_service_level=0.95)
    >>> round(res.order_up_to_level, 2), round(res.safety_stock, 2)
    (998.69, 98.69)
    >>> res = order_up_to_level(100, 20, 2, 7, fill_rate=0.99, method="exact")
    >>> round(res.order_up_to_level, 2), round(res.fill_rate, 6)
    (949.01, 0.99)
    """
    as_bounded_array(review_period, "review_period", gt=0)
    return reorder_point(
        demand_mean, demand_std, lead_time,
        cycle_service_level=cycle_service_level, fill_rate=fill_rate, method=method,
        lead_time_std=lead_time_std, review_period=review_period,
        shortage_cost_per_unit=shortage_cost_per_unit,
        shortage_cost_per_unit_per_period=shortage_cost_per_unit_per_period,
        shortage_cost_per_stockout=shortage_cost_per_stockout, holding_cost=holding_cost,
        distribution=distribution, floor_at_zero=floor_at_zero,
    )  # fmt: skip
