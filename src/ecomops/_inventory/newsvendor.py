r"""The newsvendor: single-period order quantities in cost and in profit form (private)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar, overload

import numpy as np

from ecomops._core.results import Display, display_kinds
from ecomops._core.typing import (
    DEMAND_DISTRIBUTIONS,
    ArrayLike,
    DemandDistribution,
    FloatArray,
    Real,
)
from ecomops._core.validation import (
    as_bounded_array,
    broadcast,
    check_option,
    raise_at,
    series_io,
    to_output,
)
from ecomops._inventory.common import (
    DemandLaw,
    DerivedTable,
    all_scalar,
    frozen,
    make_law,
    one_sku_samples,
)
from ecomops.exceptions import InvalidInputError

__all__ = ["Newsvendor", "critical_ratio", "newsvendor_quantity"]


@overload
def critical_ratio(
    price: Real, unit_cost: Real, salvage_value: Real, shortage_cost_per_unit: Real = ...
) -> float: ...
@overload
def critical_ratio(
    price: ArrayLike,
    unit_cost: ArrayLike,
    salvage_value: ArrayLike,
    shortage_cost_per_unit: ArrayLike = ...,
) -> FloatArray: ...
@series_io
def critical_ratio(
    price: ArrayLike,
    unit_cost: ArrayLike,
    salvage_value: ArrayLike,
    shortage_cost_per_unit: ArrayLike = 0.0,
) -> Any:
    r"""Newsvendor critical ratio: the optimal in-stock probability.

    With underage cost $c_u = p - c + b$ (margin lost plus goodwill
    penalty per unit short) and overage cost $c_o = c - v$ (loss per unit
    left over):

    $$
    \frac{c_u}{c_u + c_o} = \frac{p - c + b}{p - v + b}
    $$

    Parameters
    ----------
    price : float or array_like
        Selling price $p$. [currency / unit]
    unit_cost : float or array_like
        Purchase cost $c$, with $v < c < p + b$. [currency / unit]
    salvage_value : float or array_like
        Value of a unit left over $v$ (0 if none; negative for a disposal
        cost). [currency / unit]
    shortage_cost_per_unit : float or array_like
        Cost charged per unit short $b$ (goodwill), >= 0, on top of the
        margin lost; default 0. [currency / unit]

    Returns
    -------
    float, ndarray or Series
        The ratio, in (0, 1). [fraction]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        Unless $v < c < p + b$ (otherwise stocking nothing, or everything,
        is optimal), naming the first offending index.

    Notes
    -----
    NaN propagates element-wise.

    References
    ----------
    1. Arrow, K. J., Harris, T. and Marschak, J. (1951), "Optimal inventory
       policy", *Econometrica* 19(3), 250-272, doi:10.2307/1906813.
    2. Porteus, E. L. (2002), *Foundations of Stochastic Inventory Theory*,
       Stanford University Press, ch. 1 (p = 4, c = 1: ratio 0.75).

    Examples
    --------
    >>> from ecomops.inventory import critical_ratio
    >>> critical_ratio(4, 1, 0)
    0.75
    >>> round(critical_ratio(1.0, 0.3, 0.12), 6)
    0.795455
    >>> critical_ratio([24, 24], 10.9, 7, [0, 5]).round(4)
    array([0.7706, 0.8227])
    """
    scalar = all_scalar(price, unit_cost, salvage_value, shortage_cost_per_unit)
    p, c, v, b = _profit_form(price, unit_cost, salvage_value, shortage_cost_per_unit)
    return to_output((p - c + b) / (p - v + b), scalar)


def _profit_form(
    price: Any, unit_cost: Any, salvage_value: Any, shortage_cost_per_unit: Any
) -> tuple[FloatArray, ...]:
    """Price, unit cost, salvage value and shortage cost, checked: ``v < c < p + b``."""
    p = as_bounded_array(price, "price")
    c = as_bounded_array(unit_cost, "unit_cost")
    v = as_bounded_array(salvage_value, "salvage_value")
    b = as_bounded_array(shortage_cost_per_unit, "shortage_cost_per_unit", ge=0)
    p, c, v, b = broadcast(price=p, unit_cost=c, salvage_value=v, shortage_cost_per_unit=b)
    with np.errstate(invalid="ignore"):
        raise_at("unit_cost", "be > salvage_value", c <= v, c)
        raise_at("unit_cost", "be < price + shortage_cost_per_unit", c >= p + b, c)
    return p, c, v, b


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Newsvendor(DerivedTable):
    r"""Result of [`newsvendor_quantity`][ecomops.inventory.newsvendor_quantity].

    Attributes
    ----------
    order_quantity : float or ndarray
        The optimal stocking quantity $Q^*$. [units]
    critical_ratio : float or ndarray
        $c_u/(c_u+c_o)$. [fraction]
    expected_sales : float or ndarray
        $E[\min(D,Q)] = \mu - n(Q)$. [units]
    expected_leftover : float or ndarray
        $E[(Q-D)^+] = Q - \mu + n(Q)$. [units]
    expected_lost_sales : float or ndarray
        $E[(D-Q)^+] = n(Q)$. [units]
    expected_cost : float or ndarray
        $c_o E[(Q-D)^+] + c_u E[(D-Q)^+]$: the holding and shortage cost
        (cost form) or the cost of the mismatch between supply and demand (profit
        form: the margin forgone against perfect information). [currency]
    expected_profit : float or ndarray or None
        $pE[\text{sales}] + vE[\text{leftover}] - cQ - bE[\text{lost}]$
        (profit form only; ``None`` in cost form). [currency]
    fill_rate : float or ndarray
        $E[\text{sales}]/\mu$ (1 for zero demand). [fraction]
    cycle_service_level : float or ndarray
        $P(D \le Q^*)$. [fraction]
    safety_stock : float or ndarray
        $Q^* - \mu$. [units]

    Examples
    --------
    >>> from ecomops.inventory import newsvendor_quantity
    >>> res = newsvendor_quantity(100, 30, price=4, unit_cost=1, salvage_value=0)
    >>> round(res.order_quantity, 2), round(res.expected_profit, 2), round(res.fill_rate, 2)
    (120.23, 261.87, 0.96)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=(
            "expected_cost",
            "expected_profit",
        ),
        share=(
            "critical_ratio",
            "fill_rate",
            "cycle_service_level",
        ),
    )

    order_quantity: float | FloatArray
    critical_ratio: float | FloatArray
    expected_sales: float | FloatArray
    expected_leftover: float | FloatArray
    expected_lost_sales: float | FloatArray
    expected_cost: float | FloatArray
    expected_profit: float | FloatArray
    fill_rate: float | FloatArray
    cycle_service_level: float | FloatArray
    safety_stock: float | FloatArray


def newsvendor_quantity(
    demand_mean: float | ArrayLike | None = None,
    demand_std: float | ArrayLike | None = None,
    *,
    holding_cost: float | ArrayLike | None = None,
    shortage_cost_per_unit: float | ArrayLike | None = None,
    price: float | ArrayLike | None = None,
    unit_cost: float | ArrayLike | None = None,
    salvage_value: float | ArrayLike | None = None,
    distribution: DemandDistribution = "normal",
    demand_samples: ArrayLike | None = None,
) -> Newsvendor:
    r"""Newsvendor order quantity and its expected sales, leftovers, lost sales and profit.

    The quantity is the critical-ratio quantile of the demand distribution:

    $$
    Q^* = F^{-1}\!\left(\frac{c_u}{c_u+c_o}\right), \qquad
    \text{cost form: } c_o=h,\ c_u=b; \qquad
    \text{profit form: } c_o=c-v,\ c_u=p-c+b
    $$

    For the discrete and empirical laws $Q^*$ is the smallest value with
    $F(Q)\ge$ the ratio (the inverted-CDF quantile).

    Parameters
    ----------
    demand_mean : float or array_like, optional
        Mean demand per period $\mu_d$, >= 0; the period is the selling
        season (not used by ``"empirical"``). [units / period]
    demand_std : float or array_like, optional
        Standard deviation of demand per period $\sigma_d$, >= 0 (not used
        by ``"poisson"`` and ``"empirical"``). [units / period]
    holding_cost : float or array_like, optional
        Cost form: cost of holding a unit through the period, i.e. per unit left
        over $h$, > 0. [currency / unit / period]
    shortage_cost_per_unit : float or array_like, optional
        Cost charged once per unit short $b$, > 0 in the cost form (the
        whole underage cost); in the profit form the goodwill cost on top of
        the margin lost, >= 0, default 0. [currency / unit]
    price : float or array_like, optional
        Profit form: selling price. [currency / unit]
    unit_cost : float or array_like, optional
        Profit form: purchase cost, with salvage value < unit cost < price +
        shortage cost. [currency / unit]
    salvage_value : float or array_like, optional
        Profit form: value of a unit left over (default 0). [currency / unit]
    distribution : {"normal", "poisson", "negative_binomial", "gamma", "empirical"}
        Demand distribution; default ``"normal"``.
    demand_samples : array_like, optional
        With ``"empirical"``: demand observations, 1-D for one SKU or 2-D
        ``(n_skus, n_samples)`` (NaN-padded rows allowed). [units]

    Returns
    -------
    Newsvendor
        ``order_quantity``, ``critical_ratio``, ``expected_sales``,
        ``expected_leftover``, ``expected_lost_sales``, ``expected_cost``,
        ``expected_profit`` (profit form), ``fill_rate``,
        ``cycle_service_level``, ``safety_stock``.

    Raises
    ------
    InvalidInputError
        For a mix of the two forms or an incomplete one, non-positive costs,
        prices that make the ratio leave (0, 1), a missing demand parameter, or
        an unknown distribution.

    Notes
    -----
    Zero demand (zero mean, or zero mean and standard deviation) gives
    $Q^*=0$ and a fill rate of 1. inventorize 1.2.6's
    ``EPP_singleperiod`` and ``MPP_singleperiod`` (Poisson) break the profit
    expression over two lines, so Python evaluates the second line,
    ``+ (p-c+b)*quantity-(b*lambda1)``, as a separate statement and drops it: for
    $\lambda=50$, $p=1$, $c=0.3$, $v=0.12$ they report
    a profit of -7.38 where the model's is 33.20. NaN propagates element-wise.

    References
    ----------
    1. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., §4.3, Examples 4.1-4.2 (h = 0.18, p = 0.70, N(50, 8):
       $S^*=56.60$, cost 2.00; profit form r = 1, c = 0.3, v = 0.12: profit
       33.00; Poisson: $S^*=56$, profit 33.20).
    2. Porteus, E. L. (2002), *Foundations of Stochastic Inventory Theory*,
       Stanford University Press, ch. 1 (N(100, 30), p = 4, c = 1: Q = 120.23,
       profit 261.87, fill rate 0.96).
    3. Zipkin, P. H. (2000), *Foundations of Inventory Management*,
       McGraw-Hill, §6.2.

    Examples
    --------
    >>> from ecomops.inventory import newsvendor_quantity
    >>> res = newsvendor_quantity(50, 8, holding_cost=0.18, shortage_cost_per_unit=0.70)
    >>> round(res.order_quantity, 4), round(res.expected_cost, 4)
    (56.604, 1.9976)
    >>> res = newsvendor_quantity(50, price=1, unit_cost=0.3, salvage_value=0.12,
    ...                           distribution="poisson")
    >>> res.order_quantity, round(res.expected_profit, 4)
    (56.0, 33.2028)
    >>> newsvendor_quantity(holding_cost=1, shortage_cost_per_unit=3, distribution="empirical",
    ...                     demand_samples=[3, 9, 4, 7, 5, 6, 12, 8]).order_quantity
    8.0
    """
    kind = check_option(distribution, "distribution", DEMAND_DISTRIBUTIONS)
    over, under, econ, cost_inputs = _underage_and_overage(
        holding_cost, shortage_cost_per_unit, price, unit_cost, salvage_value
    )
    law = _season_law(kind, demand_mean, demand_std, demand_samples, over)
    if kind == "empirical":
        scalar = all_scalar(*cost_inputs) and one_sku_samples(demand_samples)
    else:
        scalar = all_scalar(*cost_inputs, demand_mean, demand_std)
    return _expected_outcomes(law, over, under, econ, scalar)


def _underage_and_overage(
    holding_cost: Any,
    shortage_cost_per_unit: Any,
    price: Any,
    unit_cost: Any,
    salvage_value: Any,
) -> tuple[FloatArray, FloatArray, tuple[FloatArray, ...] | None, tuple[Any, ...]]:
    """Overage and underage costs of the cost or the profit form (and the profit inputs)."""
    cost_form = holding_cost is not None
    profit_form = price is not None or unit_cost is not None or salvage_value is not None
    if cost_form == profit_form:
        raise InvalidInputError(
            "give either holding_cost and shortage_cost_per_unit (cost form) or price, "
            "unit_cost and salvage_value (profit form)"
        )
    if cost_form:
        if shortage_cost_per_unit is None:
            raise InvalidInputError(
                "the cost form needs both holding_cost and shortage_cost_per_unit"
            )
        over = as_bounded_array(holding_cost, "holding_cost", gt=0)
        under = as_bounded_array(shortage_cost_per_unit, "shortage_cost_per_unit", gt=0)
        over, under = broadcast(holding_cost=over, shortage_cost_per_unit=under)
        return over, under, None, (holding_cost, shortage_cost_per_unit)
    if price is None or unit_cost is None:
        raise InvalidInputError("the profit form needs price and unit_cost")
    p, c, v, b = _profit_form(
        price,
        unit_cost,
        0.0 if salvage_value is None else salvage_value,
        0.0 if shortage_cost_per_unit is None else shortage_cost_per_unit,
    )
    inputs = (price, unit_cost, salvage_value, shortage_cost_per_unit)
    return c - v, p - c + b, (p, c, v, b), inputs


def _season_law(
    kind: DemandDistribution,
    demand_mean: Any,
    demand_std: Any,
    demand_samples: Any,
    overage: FloatArray,
) -> DemandLaw:
    """The demand law of the season, checked to broadcast with the costs."""
    if kind == "empirical":
        if demand_mean is not None or demand_std is not None:
            raise InvalidInputError(
                "distribution='empirical' takes demand_samples, not demand_mean / demand_std"
            )
        law = make_law(kind, None, None, demand_samples)
        if np.broadcast_shapes(law.shape, overage.shape) != law.shape:
            raise InvalidInputError(
                f"cost inputs must broadcast with demand_samples' {law.shape[0]} SKUs; "
                f"got {overage.shape}"
            )
        return law
    if demand_mean is None:
        raise InvalidInputError(f"distribution={kind!r} needs demand_mean")
    if demand_std is None and kind != "poisson":
        raise InvalidInputError(f"distribution={kind!r} needs demand_std")
    mu = as_bounded_array(demand_mean, "demand_mean", ge=0)
    sd = None if kind == "poisson" else as_bounded_array(demand_std, "demand_std", ge=0)
    if sd is None:
        mu, _ = broadcast(demand_mean=mu, costs=overage)
    else:
        mu, sd, _ = broadcast(demand_mean=mu, demand_std=sd, costs=overage)
    return make_law(kind, mu, sd)


def _expected_outcomes(
    law: DemandLaw,
    overage: FloatArray,
    underage: FloatArray,
    profit_inputs: tuple[FloatArray, ...] | None,
    scalar: bool,
) -> Newsvendor:
    """The critical-ratio quantity and its expected sales, leftovers, costs and profit."""
    shape = law.shape
    over = np.broadcast_to(overage, shape)
    under = np.broadcast_to(underage, shape)
    ratio = under / (under + over)
    q = np.asarray(law.quantile(np.array(ratio)), dtype=np.float64)
    mean = np.broadcast_to(law.mean, shape)
    q = np.where(mean == 0, 0.0, q)
    lost = law.loss(q)
    sales = mean - lost
    left = q - sales
    profit = None
    if profit_inputs is not None:
        p, c, v, b = (np.broadcast_to(a, shape) for a in profit_inputs)
        profit = p * sales + v * left - c * q - b * lost
    with np.errstate(divide="ignore", invalid="ignore"):
        fill = np.where(mean == 0, 1.0, sales / mean)
    return Newsvendor(
        order_quantity=frozen(q, scalar),
        critical_ratio=frozen(ratio, scalar),
        expected_sales=frozen(sales, scalar),
        expected_leftover=frozen(left, scalar),
        expected_lost_sales=frozen(lost, scalar),
        expected_cost=frozen(over * left + under * lost, scalar),
        expected_profit=frozen(profit, scalar),
        fill_rate=frozen(fill, scalar),
        cycle_service_level=frozen(law.cdf(q), scalar),
        safety_stock=frozen(q - mean, scalar),
    )
