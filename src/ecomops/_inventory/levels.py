r"""Safety stock, reorder points and order-up-to levels for service and cost targets (private).

The engine behind :func:`safety_stock`, :func:`reorder_point` and
:func:`order_up_to_level`: the demand over the protection interval (lead time
plus review period) is fitted with the chosen law, and the level that meets the
target is found by closed forms (normal quantiles, the inverse loss function)
or vectorised root finding (safeguarded Newton for continuous laws, integer
bisection for discrete ones).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar

import numpy as np

from ecomops._core.typing import (
    DEMAND_DISTRIBUTIONS,
    FILL_RATE_METHODS,
    ArrayLike,
    DemandDistribution,
    FillRateMethod,
    FloatArray,
)
from ecomops._core.validation import as_bounded_array, broadcast, check_option, raise_at
from ecomops._inventory.common import (
    DerivedTable,
    all_scalar,
    bisect_int,
    frozen,
    make_law,
    norm_ppf,
    one_sku_samples,
    solve_decreasing,
    std_loss,
    std_loss_inverse,
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
    r"""Result of :func:`safety_stock`, :func:`reorder_point` and :func:`order_up_to_level`.

    Attributes
    ----------
    safety_stock : float or ndarray
        :math:`x - \mu_{L+R}`; negative where the target allows it (unless
        ``floor_at_zero``). [units]
    reorder_point : float or ndarray or None
        The level :math:`x`: the reorder point (continuous review) or the
        order-up-to level (periodic review); ``None`` when no demand mean was given
        to :func:`safety_stock`. Also available as ``order_up_to_level``. [units]
    safety_factor : float or ndarray
        :math:`k = \text{safety stock}/\sigma_{L+R}`; 0 where
        :math:`\sigma_{L+R}=0` (undefined). [-]
    lead_time_demand_mean, lead_time_demand_std : float or ndarray or None
        Demand over the protection interval :math:`L+R` (the mean is ``None`` when
        no demand mean was given). [units]
    expected_shortage_per_cycle : float or ndarray
        :math:`n(x)=E[(D_{L+R}-x)^+]`, units short per replenishment cycle. [units]
    cycle_service_level : float or ndarray
        Achieved :math:`P(D_{L+R}\le x)`. [fraction]
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

    safety_stock: Any
    reorder_point: Any
    safety_factor: Any
    lead_time_demand_mean: Any
    lead_time_demand_std: Any
    expected_shortage_per_cycle: Any
    cycle_service_level: Any
    fill_rate: Any
    safety_stock_holding_cost: Any

    _DERIVED: ClassVar[tuple[str, ...]] = ()

    @property
    def order_up_to_level(self) -> Any:
        """The level :math:`x` under its periodic-review name (same as ``reorder_point``)."""
        return self.reorder_point


_TARGETS = (
    "cycle_service_level",
    "fill_rate",
    "shortage_cost_per_unit",
    "shortage_cost_per_unit_per_period",
    "shortage_cost_per_stockout",
)


def _plan(
    demand_mean: Any,
    demand_std: Any,
    lead_time: Any,
    *,
    cycle_service_level: Any,
    fill_rate: Any,
    order_quantity: Any,
    method: str | None,
    lead_time_std: Any,
    review_period: Any,
    shortage_cost_per_unit: Any,
    shortage_cost_per_unit_per_period: Any,
    shortage_cost_per_stockout: Any,
    holding_cost: Any,
    distribution: DemandDistribution,
    demand_samples: Any,
    floor_at_zero: bool,
) -> SafetyStock:
    given = {
        "cycle_service_level": cycle_service_level,
        "fill_rate": fill_rate,
        "shortage_cost_per_unit": shortage_cost_per_unit,
        "shortage_cost_per_unit_per_period": shortage_cost_per_unit_per_period,
        "shortage_cost_per_stockout": shortage_cost_per_stockout,
    }
    chosen = [k for k, v in given.items() if v is not None]
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
    empirical_1d = kind == "empirical" and one_sku_samples(demand_samples)
    scalar = (
        all_scalar(
            demand_mean, demand_std, lead_time, lead_time_std, review_period, order_quantity,
            holding_cost, given[target],
        )
        and (kind != "empirical" or empirical_1d)
    )  # fmt: skip

    if kind == "empirical":  # the samples stand for the lead-time demand
        demand_std = 0.0 if demand_std is None else demand_std
        lead_time = 0.0 if lead_time is None else lead_time
    for name, value in (("demand_std", demand_std), ("lead_time", lead_time)):
        if value is None:
            raise InvalidInputError(f"{name} is required for distribution={kind!r}")
    sd = as_bounded_array(demand_std, "demand_std", ge=0)
    lt = as_bounded_array(lead_time, "lead_time", ge=0)
    lsd = as_bounded_array(lead_time_std, "lead_time_std", ge=0)
    rv = as_bounded_array(review_period, "review_period", ge=0)
    mu_known = demand_mean is not None
    mu = as_bounded_array(demand_mean, "demand_mean", ge=0) if mu_known else np.zeros(())
    q = (
        as_bounded_array(order_quantity, "order_quantity", gt=0)
        if order_quantity is not None
        else None
    )
    h = as_bounded_array(holding_cost, "holding_cost", gt=0) if holding_cost is not None else None
    level_name = target
    if target in ("cycle_service_level", "fill_rate"):
        t_in = as_bounded_array(given[target], level_name, gt=0, lt=1)
    else:
        t_in = as_bounded_array(given[target], level_name, gt=0)
    t_raw = t_in

    periodic_any = bool(np.any(rv > 0))
    if q is not None and periodic_any:
        raise InvalidInputError(
            "order_quantity applies to continuous review (review_period=0); with a review "
            "period the cycle demand is demand_mean * review_period"
        )
    if not mu_known and kind != "empirical":
        if kind != "normal":
            raise InvalidInputError(f"distribution={kind!r} needs demand_mean")
        if np.any(lsd > 0):
            raise InvalidInputError(
                "lead_time_std > 0 needs demand_mean (the term mu_d^2 sigma_L^2)"
            )
        if periodic_any:
            raise InvalidInputError("a review period needs demand_mean (the cycle demand)")
        if target in ("shortage_cost_per_unit", "shortage_cost_per_stockout"):
            raise InvalidInputError(f"{target} needs demand_mean (the demand rate)")
    needs_cycle = target in (
        "fill_rate",
        "shortage_cost_per_unit",
        "shortage_cost_per_stockout",
    ) or (target == "shortage_cost_per_unit_per_period" and q is not None)
    if needs_cycle and q is None and not periodic_any:
        raise InvalidInputError(f"{target} needs order_quantity (or a review_period)")
    if target.startswith("shortage_cost") and h is None:
        raise InvalidInputError(f"{target} needs holding_cost")

    arrays: dict[str, FloatArray] = {
        "demand_mean": mu, "demand_std": sd, "lead_time": lt, "lead_time_std": lsd,
        "review_period": rv, level_name: t_in,
    }  # fmt: skip
    if q is not None:
        arrays["order_quantity"] = q
    if h is not None:
        arrays["holding_cost"] = h
    b = dict(zip(arrays, broadcast(**arrays), strict=True))
    mu, sd, lt, lsd, rv, t_in = (
        b["demand_mean"], b["demand_std"], b["lead_time"], b["lead_time_std"],
        b["review_period"], b[level_name],
    )  # fmt: skip
    q = b.get("order_quantity")
    h = b.get("holding_cost")
    if kind != "empirical":
        raise_at("lead_time", "be > 0 when review_period is 0", (lt + rv) == 0, lt)

    # laws over the protection interval (A) and over the lead time alone (B)
    if kind == "empirical":
        law_a = make_law(kind, None, None, demand_samples)
        if periodic_any:
            raise InvalidInputError(
                "distribution='empirical' supports continuous review only "
                "(the samples are demands over the lead time)"
            )
        shape = law_a.shape
        mu_a = law_a.mean
        sd_a = law_a.std

        def bshape(a: FloatArray) -> FloatArray:
            try:
                return np.array(np.broadcast_to(a, shape))
            except ValueError:
                raise InvalidInputError(
                    f"inputs must broadcast with demand_samples' {shape[0]} SKUs; got {a.shape}"
                ) from None

        mu, sd, lt, lsd, rv, t_in = (bshape(a) for a in (mu, sd, lt, lsd, rv, t_in))
        q = None if q is None else bshape(q)
        h = None if h is None else bshape(h)
        if not mu_known:
            mu = mu_a.copy()
        law_b = law_a
        mu_b = mu_a
    else:
        mu_a_, sd_a = lead_time_demand_moments(mu, sd, lt, lsd, rv)
        mu_a = np.asarray(mu_a_, dtype=np.float64)
        law_a = make_law(kind, mu_a, sd_a)
        if periodic_any:
            mu_b_, sd_b = lead_time_demand_moments(mu, sd, lt, lsd, np.zeros_like(rv))
            mu_b = np.asarray(mu_b_, dtype=np.float64)
            law_b = make_law(kind, mu_b, sd_b)
        else:
            mu_b, law_b = mu_a, law_a
        shape = law_a.shape
        mu_a = np.array(np.broadcast_to(mu_a, shape))
        sd_a = np.array(np.broadcast_to(law_a.std, shape))

    periodic = np.broadcast_to(rv > 0, shape)
    cycle = np.where(periodic, mu * rv, np.nan if q is None else np.broadcast_to(q, shape))
    cycle = np.asarray(np.broadcast_to(cycle, shape), dtype=np.float64)
    shift = np.where(periodic, 0.0, np.nan_to_num(cycle))
    t_in = np.broadcast_to(t_in, shape)
    zero = (mu_a == 0) & (sd_a == 0)

    discrete = law_a.discrete
    x = np.empty(shape)
    floor0 = np.zeros(shape, dtype=bool)  # rows where the cost model asks for no protection

    def solve_loss(t: FloatArray) -> FloatArray:
        """Level with n_A(x) = t (continuous) or the smallest integer with n_A(x) <= t."""
        if kind == "normal":
            with np.errstate(divide="ignore", invalid="ignore"):
                k = std_loss_inverse(t / sd_a)
                val = mu_a + sd_a * k
            out: FloatArray = np.where(sd_a > 0, val, mu_a - t)
            return out
        return _solve_generic(lambda xx, i: law_a.loss(xx, i), t)

    def solve_exact(t: FloatArray) -> FloatArray:
        """Level with n_A(x) - n_B(x + shift) = t."""

        def f(xx: FloatArray, i: np.ndarray) -> FloatArray:
            return law_a.loss(xx, i) - law_b.loss(xx + shift.reshape(-1)[i], i)

        return _solve_generic(
            f,
            t,
            derivative=lambda xx, i: law_a.cdf(xx, i) - law_b.cdf(xx + shift.reshape(-1)[i], i),
        )

    def _solve_generic(func: Any, t: FloatArray, derivative: Any = None) -> FloatArray:
        flat_t = np.asarray(t, dtype=np.float64).reshape(-1)
        n_all = flat_t.size
        mu_f = mu_a.reshape(-1)
        sd_f = sd_a.reshape(-1)
        span = np.nan_to_num(cycle.reshape(-1)) + flat_t
        lo = np.floor(
            np.minimum(mu_f, mu_b.reshape(-1) - shift.reshape(-1)) - 12.0 * sd_f - span - 2.0
        )
        hi = np.ceil(mu_f + 12.0 * sd_f + 2.0)
        all_idx = np.arange(n_all)
        # widen hi until f(hi) <= t
        for _ in range(80):
            bad = func(hi, all_idx) > flat_t
            bad &= np.isfinite(flat_t)
            if not bad.any():
                break
            hi[bad] = hi[bad] + 2.0 * (hi[bad] - lo[bad]) + 16.0
        if discrete:
            res = bisect_int(lambda xx, i: func(xx, i) <= flat_t[i], lo, hi)
        else:
            if derivative is None:

                def fd(xx: FloatArray, i: np.ndarray) -> tuple[FloatArray, FloatArray]:
                    return func(xx, i), law_a.cdf(xx, i) - 1.0
            else:

                def fd(xx: FloatArray, i: np.ndarray) -> tuple[FloatArray, FloatArray]:
                    return func(xx, i), derivative(xx, i)

            res = solve_decreasing(fd, flat_t, lo, hi, start=hi.copy(), tol=1e-12)
        return res.reshape(np.shape(t))

    # normal demand with a cycle service level: k = Phi^-1(CSL) once per distinct target
    fast = kind == "normal" and target == "cycle_service_level" and not floor_at_zero
    k_fast = norm_ppf(np.asarray(t_raw)) if fast else None
    if k_fast is not None:
        x = mu_a + sd_a * k_fast
    elif target == "cycle_service_level":
        x = law_a.quantile(np.array(t_in))
    elif target == "fill_rate":
        beta = np.asarray(t_in)
        assert method is not None
        if method == "approximate":
            x = solve_loss((1.0 - beta) * cycle)
        elif method == "lost_sales":
            x = solve_loss((1.0 - beta) * cycle / beta)
        else:
            x = solve_exact((1.0 - beta) * cycle)
    elif target == "shortage_cost_per_unit":
        assert h is not None
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.broadcast_to(h, shape) * cycle / (mu * t_in)
        floor0 = np.asarray(frac >= 1.0)
        alpha = np.clip(1.0 - frac, 1e-300, 1.0 - 1e-16)
        x = law_a.quantile(np.where(floor0 | np.isnan(alpha), 0.5, alpha))
    elif target == "shortage_cost_per_unit_per_period":
        assert h is not None
        hh = np.broadcast_to(h, shape)
        ratio = t_in / (t_in + hh)
        if q is None:
            x = law_a.quantile(np.array(np.broadcast_to(ratio, shape)))
        else:
            # Zheng (1992): g(r) = g(r + Q)  <=>  n(r) - n(r + Q) = h Q / (h + p)
            x_exact = solve_exact(hh * cycle / (hh + t_in))
            x_base = law_a.quantile(np.array(np.broadcast_to(ratio, shape)))
            x = np.where(periodic, x_base, x_exact)
    else:  # per stockout occasion, normal
        assert h is not None
        with np.errstate(divide="ignore", invalid="ignore"):
            arg = mu * t_in / (_SQRT_2PI * cycle * np.broadcast_to(h, shape) * sd_a)
            k = np.sqrt(2.0 * np.log(arg))
        floor0 = np.asarray(~(arg > 1.0))
        x = mu_a + np.where(floor0 | (sd_a == 0), 0.0, k) * sd_a

    x = np.asarray(x, dtype=np.float64)
    x = np.where(floor0, mu_a if not discrete else np.ceil(mu_a), x)
    x = np.where(zero, 0.0, x)
    if floor_at_zero:
        x = np.maximum(x, np.ceil(mu_a) if discrete else mu_a)
    # NaN targets or inputs propagate
    nan_rows = (
        np.isnan(mu_a) | np.isnan(sd_a) | np.isnan(t_in) | np.isnan(cycle) & np.asarray(needs_cycle)
    )
    x = np.where(nan_rows, np.nan, x)

    ss = x - mu_a
    with np.errstate(divide="ignore", invalid="ignore"):
        k_out = np.where(sd_a > 0, ss / sd_a, 0.0)
    k_out = np.where(np.isnan(ss), np.nan, k_out)
    if k_fast is not None:
        short = sd_a * std_loss(k_fast)
        csl = np.where(sd_a > 0, t_in, 1.0)
    else:
        short = law_a.loss(x)
        csl = law_a.cdf(x)
    fr = None
    if method is not None and (q is not None or periodic_any):
        fr = fill_rate_of_level(method, law_a, x, cycle, law_b, shift)
        fr = np.where(zero, 1.0, fr)
    hold = None if h is None else np.broadcast_to(h, shape) * ss

    def out(v: Any) -> Any:
        if v is None:
            return None
        return frozen(np.asarray(v, dtype=np.float64), scalar)

    return SafetyStock(
        safety_stock=out(ss),
        reorder_point=out(x) if mu_known or kind == "empirical" else None,
        safety_factor=out(k_out),
        lead_time_demand_mean=out(mu_a) if mu_known or kind == "empirical" else None,
        lead_time_demand_std=out(sd_a),
        expected_shortage_per_cycle=out(short),
        cycle_service_level=out(csl),
        fill_rate=out(fr),
        safety_stock_holding_cost=out(hold),
    )


_COMMON_PARAMS = r"""
    cycle_service_level : float or array_like, optional
        Target probability of no stockout per cycle, in (0, 1). [fraction]
    fill_rate : float or array_like, optional
        Target fraction of demand met from stock, in (0, 1); needs ``method`` and
        the cycle quantity (``order_quantity``, or ``demand_mean * review_period``
        under periodic review). [fraction]
    order_quantity : float or array_like, optional
        Order quantity :math:`Q` of a continuous-review policy, > 0. [units]
    method : {"approximate", "exact", "lost_sales"}, optional
        Fill-rate formula (see :func:`fill_rate`): required with ``fill_rate``;
        when given it is also used for the achieved ``fill_rate`` of the result.
    lead_time_std : float or array_like
        Standard deviation of the lead time :math:`\sigma_L`, >= 0; default 0. [periods]
    review_period : float or array_like
        Review period :math:`R`, >= 0; default 0 (continuous review). The
        protection interval is :math:`L+R`. [periods]
    shortage_cost_per_unit : float or array_like, optional
        Cost per unit short, charged once per unit (:math:`B_2`), > 0: sets
        :math:`P(D>x) = hC/(\mu_d B_2)` with :math:`C` the cycle quantity. Needs
        ``holding_cost``. [currency / unit]
    shortage_cost_per_unit_per_period : float or array_like, optional
        Backorder cost per unit short per period (:math:`B_3`, :math:`p`), > 0:
        with an ``order_quantity``, the exact :math:`(r,Q)` condition
        :math:`g(r)=g(r+Q)`, i.e. :math:`n(r)-n(r+Q)=hQ/(h+p)`; otherwise the
        newsvendor fractile :math:`P(D\le x)=p/(p+h)`. Needs ``holding_cost``.
        [currency / unit / period]
    shortage_cost_per_stockout : float or array_like, optional
        Fixed cost per stockout occasion (:math:`B_1`), > 0, normal demand only:
        :math:`k=\sqrt{2\ln\left(\mu_d B_1/(\sqrt{2\pi}\,C h\sigma_{L+R})\right)}`.
        Needs ``holding_cost``. [currency / stockout]
    holding_cost : float or array_like, optional
        Holding cost per unit per period :math:`h`, > 0 (for the cost targets and
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
    protection (:math:`hC \ge \mu_d B_2`, or the :math:`B_1` logarithm's argument
    at most 1) the safety factor is set to its lowest allowable value, taken
    as 0 (Silver et al. 2017, §7.6). For a continuous law the level solves its
    equation to about 1e-12; for the discrete laws it is the smallest integer that
    meets the target. NaN in any input propagates to that SKU's results."""

_COMMON_REFS = r"""
    .. [1] Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., CRC Press, ch. 7 (safety
       stocks from :math:`P_1`, :math:`P_2`, :math:`B_1`, :math:`B_2`,
       :math:`B_3`; §7.11 lead-time variability).
    .. [2] Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., Wiley, §4.3 and §5.2-5.3 (base-stock and :math:`(r,Q)`
       optimality, Zheng 1992).
    .. [3] Axsäter, S. (2015), *Inventory Control*, 3rd ed., Springer, §5.3
       (exact fill rate of an :math:`(R,Q)` policy and of periodic review)."""


def _doc(template: str) -> str:
    return (
        template.replace("{COMMON}", _COMMON_PARAMS.strip("\n"))
        .replace("{NOTES}", _COMMON_NOTES.strip("\n"))
        .replace("{REFS}", _COMMON_REFS.strip("\n"))
    )


def safety_stock(
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
    return _plan(
        demand_mean, demand_std, lead_time,
        cycle_service_level=cycle_service_level, fill_rate=fill_rate,
        order_quantity=order_quantity, method=method, lead_time_std=lead_time_std,
        review_period=review_period, shortage_cost_per_unit=shortage_cost_per_unit,
        shortage_cost_per_unit_per_period=shortage_cost_per_unit_per_period,
        shortage_cost_per_stockout=shortage_cost_per_stockout, holding_cost=holding_cost,
        distribution=distribution, demand_samples=demand_samples, floor_at_zero=floor_at_zero,
    )  # fmt: skip


safety_stock.__doc__ = _doc(
    r"""Safety stock for a service-level or shortage-cost target, for many SKUs at once.

    With :math:`\mu_{L+R}` and :math:`\sigma_{L+R}` the demand over the
    protection interval (:func:`lead_time_demand`), the level :math:`x` solves
    the target and the safety stock is :math:`x-\mu_{L+R}`; for normal demand
    :math:`x = \mu_{L+R} + k\sigma_{L+R}` with

    .. math::

        \Phi(k) = \mathrm{CSL}, \qquad
        G(k) = \frac{(1-\beta)\,C}{\sigma_{L+R}}\ \text{(fill rate, approximate)}

    and :math:`C` the cycle quantity (:math:`Q`, or :math:`\mu_d R`).

    Parameters
    ----------
    demand_mean : float or array_like or None
        Mean demand per period :math:`\mu_d`, >= 0. ``None`` gives the safety
        stock alone (no ``reorder_point``) for normal demand without lead-time
        variability, periodic review or a per-unit or per-stockout cost.
        [units / period]
    demand_std : float or array_like
        Standard deviation of demand per period :math:`\sigma_d`, >= 0. [units / period]
    lead_time : float or array_like
        Mean lead time :math:`L`, >= 0 (> 0 without a review period). [periods]
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
)


def reorder_point(
    demand_mean: float | ArrayLike,
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
    return _plan(
        demand_mean, demand_std, lead_time,
        cycle_service_level=cycle_service_level, fill_rate=fill_rate,
        order_quantity=order_quantity, method=method, lead_time_std=lead_time_std,
        review_period=review_period, shortage_cost_per_unit=shortage_cost_per_unit,
        shortage_cost_per_unit_per_period=shortage_cost_per_unit_per_period,
        shortage_cost_per_stockout=shortage_cost_per_stockout, holding_cost=holding_cost,
        distribution=distribution, demand_samples=demand_samples, floor_at_zero=floor_at_zero,
    )  # fmt: skip


reorder_point.__doc__ = _doc(
    r"""Reorder point :math:`r=\mu_L+\text{safety stock}` for a target, for many SKUs at once.

    The level :math:`r` at which to order so that the demand over the lead time
    (:math:`\mu_L=\mu_d L`, :math:`\sigma_L=\sqrt{L\sigma_d^2+\mu_d^2\sigma_{L}'^2}`)
    meets the target; see :func:`safety_stock` for the equations.

    Parameters
    ----------
    demand_mean : float or array_like
        Mean demand per period :math:`\mu_d`, >= 0. [units / period]
    demand_std : float or array_like
        Standard deviation of demand per period :math:`\sigma_d`, >= 0. [units / period]
    lead_time : float or array_like
        Mean lead time :math:`L`, >= 0 (> 0 without a review period). [periods]
{COMMON}

    Returns
    -------
    SafetyStock
        ``reorder_point``, ``safety_stock``, ``safety_factor``,
        ``expected_shortage_per_cycle``, the achieved ``cycle_service_level`` and
        ``fill_rate``, ``safety_stock_holding_cost``.

    Raises
    ------
    InvalidInputError
        As :func:`safety_stock`.

    Notes
    -----
{NOTES}
    inventorize 1.2.6's ``reorderpoint_leadtime_variability`` writes
    ``(dailydemand**2*(sd_leadtime_days)^2)``: Python's ``^`` is a bitwise XOR,
    so float inputs raise ``TypeError`` and integer inputs give a wrong standard
    deviation (71.78 instead of 100.75 for its own example); SCperf 1.1.1's
    ``ROP`` rounds to 2 decimals.

    References
    ----------
{REFS}

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
    scalar_rv = as_bounded_array(review_period, "review_period", gt=0)
    del scalar_rv
    return _plan(
        demand_mean, demand_std, lead_time,
        cycle_service_level=cycle_service_level, fill_rate=fill_rate,
        order_quantity=None, method=method, lead_time_std=lead_time_std,
        review_period=review_period, shortage_cost_per_unit=shortage_cost_per_unit,
        shortage_cost_per_unit_per_period=shortage_cost_per_unit_per_period,
        shortage_cost_per_stockout=shortage_cost_per_stockout, holding_cost=holding_cost,
        distribution=distribution, demand_samples=None, floor_at_zero=floor_at_zero,
    )  # fmt: skip


order_up_to_level.__doc__ = _doc(
    r"""Order-up-to level :math:`S` of a periodic-review :math:`(R,S)` policy, for many SKUs.

    Every :math:`R` periods order up to :math:`S`; the order arrives :math:`L`
    periods later, so :math:`S` protects :math:`L+R` periods:

    .. math::

        S = \mu_d(L+R) + k\,\sigma_{L+R}, \qquad
        \sigma_{L+R}=\sqrt{(L+R)\sigma_d^2+\mu_d^2\sigma_L^2}

    The cycle quantity is the demand per review period :math:`C=\mu_d R`; the
    exact fill rate is :math:`1-[n_{L+R}(S)-n_L(S)]/(\mu_dR)`.

    Parameters
    ----------
    demand_mean : float or array_like
        Mean demand per period :math:`\mu_d`, >= 0. [units / period]
    demand_std : float or array_like
        Standard deviation of demand per period :math:`\sigma_d`, >= 0. [units / period]
    lead_time : float or array_like
        Mean lead time :math:`L`, >= 0. [periods]
    review_period : float or array_like
        Review period :math:`R`, > 0. [periods]
{COMMON}

    Returns
    -------
    SafetyStock
        The level is ``order_up_to_level`` (also ``reorder_point``), with
        ``safety_stock``, ``safety_factor`` and the achieved service levels.

    Raises
    ------
    InvalidInputError
        As :func:`safety_stock`, and for a review period that is not positive.

    Notes
    -----
{NOTES}
    ``order_quantity`` and ``demand_samples`` do not apply to periodic review.

    References
    ----------
{REFS}

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
)
