r"""Lead-time demand, loss functions and the service levels of a stock level (private).

Time is counted in *periods* of the caller's choosing: the demand mean and
standard deviation are per period, the lead time, its standard deviation and the
review period are in periods. Every function here starts with the same three
inputs as `reorder_point`: ``demand_mean, demand_std, lead_time``. Nothing
adds a period behind the caller's back and nothing converts between years, weeks
and days.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, overload

import numpy as np

from ecomops._core.typing import (
    DEMAND_DISTRIBUTIONS,
    FILL_RATE_METHODS,
    ArrayLike,
    DemandDistribution,
    FillRateMethod,
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
    Checked,
    DemandLaw,
    DerivedTable,
    all_scalar,
    elementwise,
    frozen,
    make_law,
    one_sku_samples,
    std_loss,
    std_loss_inverse,
    std_second_loss,
)
from ecomops.exceptions import InvalidInputError

__all__ = [
    "FILL_RATE_METHODS",
    "LeadTimeDemand",
    "cycle_service_level",
    "expected_shortage",
    "fill_rate",
    "inverse_standard_normal_loss",
    "lead_time_demand",
    "ready_rate",
    "standard_normal_loss",
    "standard_normal_second_loss",
]


# ---------------------------------------------------------------------------
# Standard normal loss functions
# ---------------------------------------------------------------------------


@overload
def standard_normal_loss(k: Real) -> float: ...
@overload
def standard_normal_loss(k: ArrayLike) -> FloatArray: ...
@series_io
def standard_normal_loss(k: ArrayLike) -> Any:
    r"""Standard normal (first-order) loss function $G(k)$.

    $$
    G(k) = E[(Z-k)^+] = \phi(k) - k\,(1-\Phi(k))
    $$

    The expected shortage per cycle of a normal lead-time demand with reorder
    point $\mu+k\sigma$ is $\sigma G(k)$.

    Parameters
    ----------
    k : float or array_like
        Safety factor (standardised level). [-]

    Returns
    -------
    float, ndarray or Series
        $G(k) > 0$. [-]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For non-numeric or infinite input.

    Notes
    -----
    Computed as $\phi(k)(1-kR(k))$ with the Mills ratio
    $R(k)=\sqrt{\pi/2}\,\mathrm{erfcx}(k/\sqrt2)$ for $k>0$, which keeps
    full relative accuracy where the textbook form cancels. NaN propagates.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., CRC Press, Appendix III.
    2. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., eq. (C.22); stockpyl 1.0.2 ``standard_normal_loss(1.3)``
       gives 0.04552796208651397.

    Examples
    --------
    >>> from ecomops.inventory import standard_normal_loss
    >>> round(standard_normal_loss(1.3), 10)
    0.0455279621
    >>> standard_normal_loss([0.0, -2.0]).round(6)
    array([0.398942, 2.008491])
    """
    return elementwise(std_loss, k=Checked(k))


@overload
def inverse_standard_normal_loss(loss: Real) -> float: ...
@overload
def inverse_standard_normal_loss(loss: ArrayLike) -> FloatArray: ...
@series_io
def inverse_standard_normal_loss(loss: ArrayLike) -> Any:
    r"""Inverse of the standard normal loss function: the $k$ with $G(k)=y$.

    Solved by vectorised Newton iteration on $\log G$, which is concave and
    decreasing, so the iterates converge monotonically (no bracketing, no
    per-element solver).

    Parameters
    ----------
    loss : float or array_like
        Target loss $y > 0$, e.g. $(1-\beta)Q/\sigma_L$ for a fill
        rate $\beta$. [-]

    Returns
    -------
    float, ndarray or Series
        The safety factor $k$ (negative for $y > G(0) = 0.3989$). [-]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For a non-positive or infinite target.

    Notes
    -----
    Accurate to a few ulps of $k$ for $10^{-300} < y < 10^{15}$. NaN
    propagates.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., §7.4 (solving
       $G(k)=(1-P_2)Q/\sigma_L$).
    2. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., Appendix C.3.

    Examples
    --------
    >>> from ecomops.inventory import inverse_standard_normal_loss, standard_normal_loss
    >>> round(inverse_standard_normal_loss(0.04552796208651397), 12)
    1.3
    >>> k = inverse_standard_normal_loss([0.5, 0.01])
    >>> k.round(4), standard_normal_loss(k).round(6)
    (array([-0.188 ,  1.9384]), array([0.5 , 0.01]))
    """
    return elementwise(std_loss_inverse, loss=Checked(loss, gt=0))


@overload
def standard_normal_second_loss(k: Real) -> float: ...
@overload
def standard_normal_second_loss(k: ArrayLike) -> FloatArray: ...
@series_io
def standard_normal_second_loss(k: ArrayLike) -> Any:
    r"""Standard normal second-order loss function $G_2(k)$.

    $$
    G_2(k) = \tfrac12 E[((Z-k)^+)^2] = \int_k^\infty G(t)\,dt
    = \tfrac12\left[(k^2+1)(1-\Phi(k)) - k\phi(k)\right]
    $$

    Used for expected backorders and on-hand stock in $(r,Q)$ models.

    Parameters
    ----------
    k : float or array_like
        Standardised level. [-]

    Returns
    -------
    float, ndarray or Series
        $G_2(k) > 0$. [-]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For non-numeric or infinite input.

    Notes
    -----
    NaN propagates.

    References
    ----------
    1. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., eq. (C.27); stockpyl 1.0.2
       ``standard_normal_second_loss(1.3)`` gives 0.01880706693657111.
    2. Zipkin, P. H. (2000), *Foundations of Inventory Management*,
       McGraw-Hill, §6.2.

    Examples
    --------
    >>> from ecomops.inventory import standard_normal_second_loss
    >>> round(standard_normal_second_loss(1.3), 10)
    0.0188070669
    """
    return elementwise(std_second_loss, k=Checked(k))


# ---------------------------------------------------------------------------
# Lead-time demand
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class LeadTimeDemand(DerivedTable):
    r"""Result of `lead_time_demand`: demand over the protection interval.

    Attributes
    ----------
    lead_time_demand_mean : float or ndarray
        $\mu_d (L+R)$. [units]
    lead_time_demand_std : float or ndarray
        $\sqrt{(L+R)\sigma_d^2 + \mu_d^2\sigma_L^2}$. [units]
    protection_interval : float or ndarray
        $L+R$. [periods]

    Examples
    --------
    >>> from ecomops.inventory import lead_time_demand
    >>> ltd = lead_time_demand(50, 5, 6, lead_time_std=2)
    >>> ltd.lead_time_demand_mean, round(ltd.lead_time_demand_std, 4), ltd.protection_interval
    (300.0, 100.7472, 6.0)
    """

    lead_time_demand_mean: float | FloatArray
    lead_time_demand_std: float | FloatArray
    protection_interval: float | FloatArray


def lead_time_demand_moments(
    demand_mean: Any, demand_std: Any, lead_time: Any, lead_time_std: Any, review_period: Any
) -> tuple[FloatArray, FloatArray]:
    """Mean and standard deviation of the demand over ``lead_time + review_period``."""
    interval = lead_time + review_period
    var = (
        interval * demand_std * demand_std
        + demand_mean * demand_mean * lead_time_std * lead_time_std
    )
    return demand_mean * interval, np.sqrt(var)


def lead_time_demand(
    demand_mean: float | ArrayLike,
    demand_std: float | ArrayLike,
    lead_time: float | ArrayLike,
    *,
    lead_time_std: float | ArrayLike = 0.0,
    review_period: float | ArrayLike = 0.0,
) -> LeadTimeDemand:
    r"""Mean and standard deviation of demand over the lead time (plus review period).

    With independent per-period demands (mean $\mu_d$, standard deviation
    $\sigma_d$) and an independent random lead time (mean $L$,
    standard deviation $\sigma_L$), over the protection interval
    $L+R$:

    $$
    \mu_{L+R} = \mu_d\,(L+R), \qquad
    \sigma_{L+R} = \sqrt{(L+R)\,\sigma_d^2 + \mu_d^2\,\sigma_L^2}
    $$

    Parameters
    ----------
    demand_mean : float or array_like
        Mean demand per period $\mu_d$, >= 0. [units / period]
    demand_std : float or array_like
        Standard deviation of demand per period $\sigma_d$, >= 0. [units / period]
    lead_time : float or array_like
        Mean replenishment lead time $L$, >= 0. [periods]
    lead_time_std : float or array_like
        Standard deviation of the lead time $\sigma_L$, >= 0; default 0. [periods]
    review_period : float or array_like
        Review period $R$, >= 0; default 0 (continuous review). [periods]

    Returns
    -------
    LeadTimeDemand
        ``lead_time_demand_mean``, ``lead_time_demand_std`` and ``protection_interval``.

    Raises
    ------
    InvalidInputError
        For negative inputs, a zero protection interval (``lead_time +
        review_period`` must be > 0), or non-broadcasting shapes.

    Notes
    -----
    No period is added: a lead time of 6 days with daily demand protects 6 days
    (stockpyl's newsvendor and base-stock functions use $L+1$). All inputs
    must use one period length: inventorize mixes a 52-week year (lead times in
    weeks divided by 52) and a 365-day year in one workflow, so a 4-week lead
    time is 28/365 = 0.0767 of a year in one function and 4/52 = 0.0769 in
    another. NaN propagates element-wise.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., CRC Press, §7.11
       (variable lead time).
    2. Chopra, S. and Meindl, P. (2016), *Supply Chain Management*, 6th ed.,
       Pearson, §12.3 (safety inventory with lead-time uncertainty).

    Examples
    --------
    >>> from ecomops.inventory import lead_time_demand
    >>> ltd = lead_time_demand(2500, 500, 7, lead_time_std=7)
    >>> ltd.lead_time_demand_mean, round(ltd.lead_time_demand_std, 1)
    (17500.0, 17549.9)
    >>> lead_time_demand([10, 0], 3, 4, review_period=7).lead_time_demand_std.round(4)
    array([9.9499, 9.9499])
    """
    scalar = all_scalar(demand_mean, demand_std, lead_time, lead_time_std, review_period)
    mu = as_bounded_array(demand_mean, "demand_mean", ge=0)
    sd = as_bounded_array(demand_std, "demand_std", ge=0)
    lt = as_bounded_array(lead_time, "lead_time", ge=0)
    lsd = as_bounded_array(lead_time_std, "lead_time_std", ge=0)
    rv = as_bounded_array(review_period, "review_period", ge=0)
    mu, sd, lt, lsd, rv = broadcast(
        demand_mean=mu, demand_std=sd, lead_time=lt, lead_time_std=lsd, review_period=rv
    )
    raise_at("lead_time", "be > 0 when review_period is 0", (lt + rv) == 0, lt)
    mean, std = lead_time_demand_moments(mu, sd, lt, lsd, rv)
    return LeadTimeDemand(
        lead_time_demand_mean=frozen(mean, scalar),
        lead_time_demand_std=frozen(std, scalar),
        protection_interval=frozen(lt + rv, scalar),
    )


# ---------------------------------------------------------------------------
# Service levels of a given stock level
# ---------------------------------------------------------------------------


def _lead_time_law(
    demand_mean: Any,
    demand_std: Any,
    lead_time: Any,
    lead_time_std: Any,
    distribution: DemandDistribution,
    demand_samples: Any,
) -> DemandLaw:
    """The law of the demand over the lead time, from per-period demand or from samples."""
    kind = check_option(distribution, "distribution", DEMAND_DISTRIBUTIONS)
    if kind == "empirical":
        if demand_mean is not None or demand_std is not None or lead_time is not None:
            raise InvalidInputError(
                "distribution='empirical' takes demand_samples (demands over the lead "
                "time), not demand_mean, demand_std and lead_time"
            )
        return make_law(kind, None, None, demand_samples)
    needed = {"demand_mean": demand_mean, "lead_time": lead_time}
    if kind != "poisson":
        needed["demand_std"] = demand_std
    for name, value in needed.items():
        if value is None:
            raise InvalidInputError(f"distribution={kind!r} needs {name}")
    mu = as_bounded_array(demand_mean, "demand_mean", ge=0)
    sd = as_bounded_array(0.0 if demand_std is None else demand_std, "demand_std", ge=0)
    lt = as_bounded_array(lead_time, "lead_time", ge=0)
    lsd = as_bounded_array(lead_time_std, "lead_time_std", ge=0)
    mu, sd, lt, lsd = broadcast(demand_mean=mu, demand_std=sd, lead_time=lt, lead_time_std=lsd)
    raise_at("lead_time", "be > 0", lt == 0, lt)
    mean, std = lead_time_demand_moments(mu, sd, lt, lsd, 0.0)
    return make_law(kind, mean, std, demand_samples)


def _levels(value: Any, name: str, law: DemandLaw, *, gt: float | None = None) -> FloatArray:
    x = as_bounded_array(value, name, gt=gt)
    try:
        return np.array(np.broadcast_to(x, np.broadcast_shapes(x.shape, law.shape)))
    except ValueError:
        raise InvalidInputError(
            f"{name} must broadcast with the demand parameters; got {x.shape} and {law.shape}"
        ) from None


def _evaluate(
    demand: tuple[Any, Any, Any, Any, DemandDistribution, Any],
    level: tuple[str, Any],
    order_quantity: Any,
    measure: Callable[[DemandLaw, FloatArray, FloatArray], FloatArray],
) -> Any:
    """A service measure of a stock level (and order quantity) under the lead-time law.

    ``demand`` is ``(demand_mean, demand_std, lead_time, lead_time_std,
    distribution, demand_samples)``; ``level`` the level's name and value. Scalar
    inputs, or the samples of one SKU, give a Python float.
    """
    law = _lead_time_law(*demand)
    name, value = level
    x = _levels(value, name, law)
    q = x
    if order_quantity is not None:
        x, q = np.broadcast_arrays(x, _levels(order_quantity, "order_quantity", law, gt=0))
    distribution, samples = demand[4], demand[5]
    scalar = (distribution == "empirical" and one_sku_samples(samples)) or all_scalar(
        value, order_quantity, *demand[:4]
    )
    return to_output(measure(law, x, q), scalar)


def fill_rate_of_level(
    method: str,
    law: DemandLaw,
    level: FloatArray,
    cycle: FloatArray,
    short_law: DemandLaw | None = None,
    shift: FloatArray | float = 0.0,
) -> FloatArray:
    """Fill rate of ``level`` by ``method``, for cycle demand ``cycle``.

    ``short_law`` and ``shift`` give the second loss term of the exact formula
    (the law over the lead time alone and the order quantity, or the law and 0
    under periodic review).
    """
    n = law.loss(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "approximate":
            out = 1.0 - n / cycle
        elif method == "lost_sales":
            out = 1.0 - n / (cycle + n)
        else:
            other = (short_law or law).loss(level + shift)
            out = 1.0 - (n - other) / cycle
    return np.where(cycle == 0, 1.0, out)


@series_io
def expected_shortage(
    demand_mean: float | ArrayLike | None,
    demand_std: float | ArrayLike | None,
    lead_time: float | ArrayLike | None,
    *,
    level: float | ArrayLike,
    lead_time_std: float | ArrayLike = 0.0,
    distribution: DemandDistribution = "normal",
    demand_samples: ArrayLike | None = None,
) -> Any:
    r"""Expected units short $n(x)=E[(D_L-x)^+]$: the first-order loss function.

    $D_L$ is the demand over the lead time (`lead_time_demand`).
    Normal: $\sigma G((x-\mu)/\sigma)$. Gamma:
    $\mu\bar P(a+1, x/\theta) - x\bar P(a, x/\theta)$. Poisson and negative
    binomial ($D'$ the size-biased law: the same Poisson, or
    $NB(r+1,p)$): $n(x)=\mu P(D'>x-1) - xP(D>x)$ at integers, linear in
    between. Empirical: the mean of $(d_i-x)^+$ over the samples.

    Parameters
    ----------
    demand_mean : float or array_like or None
        Mean demand per period $\mu_d$, >= 0 (``None`` with ``"empirical"``).
        [units / period]
    demand_std : float or array_like or None
        Standard deviation of demand per period $\sigma_d$, >= 0 (``None``
        with ``"poisson"`` and ``"empirical"``; the negative binomial needs a
        lead-time variance above the mean). [units / period]
    lead_time : float or array_like or None
        Mean lead time $L$, > 0 (``None`` with ``"empirical"``); with
        ``lead_time=1`` the demand parameters are those of the lead-time demand
        itself. [periods]
    level : float or array_like
        Stock level $x$ (a reorder point, order-up-to level or order
        quantity). [units]
    lead_time_std : float or array_like
        Standard deviation of the lead time $\sigma_L$, >= 0; default 0. [periods]
    distribution : {"normal", "poisson", "negative_binomial", "gamma", "empirical"}
        Law of the lead-time demand; default ``"normal"``.
    demand_samples : array_like, optional
        With ``"empirical"``: observed demands over the lead time, 1-D for one
        SKU or 2-D ``(n_skus, n_samples)`` (NaN-padded rows allowed). [units]

    Returns
    -------
    float, ndarray or Series
        $n(x) \ge 0$. [units]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For negative inputs, a zero lead time, a missing parameter, an unknown
        distribution, or a negative binomial with $\sigma^2 \le \mu$.

    Notes
    -----
    A zero standard deviation (or zero mean) is the point mass:
    $n(x)=(\mu-x)^+$. NaN propagates.

    References
    ----------
    1. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., Appendix C (loss functions of the normal, Poisson,
       negative binomial and gamma laws); stockpyl 1.0.2 ``poisson_loss(8, 6)``
       gives 0.31402138915418754.
    2. Zipkin, P. H. (2000), *Foundations of Inventory Management*,
       McGraw-Hill, §6.2 and Appendix C.

    Examples
    --------
    >>> from ecomops.inventory import expected_shortage
    >>> round(expected_shortage(50, 8, 1, level=56.6), 4)
    0.92
    >>> round(expected_shortage(3, None, 2, level=8, distribution="poisson"), 6)
    0.314021
    >>> expected_shortage(None, None, None, level=2.5, distribution="empirical",
    ...                   demand_samples=[1, 2, 3, 4])
    0.5
    """
    demand = (demand_mean, demand_std, lead_time, lead_time_std, distribution, demand_samples)
    return _evaluate(demand, ("level", level), None, lambda law, x, q: law.loss(x))


@series_io
def cycle_service_level(
    demand_mean: float | ArrayLike | None,
    demand_std: float | ArrayLike | None,
    lead_time: float | ArrayLike | None,
    *,
    reorder_point: float | ArrayLike,
    lead_time_std: float | ArrayLike = 0.0,
    distribution: DemandDistribution = "normal",
    demand_samples: ArrayLike | None = None,
) -> Any:
    r"""Cycle service level: the probability of no stockout in a replenishment cycle.

    $$
    \mathrm{CSL} = P(D_L \le r)
    $$

    Parameters
    ----------
    demand_mean : float or array_like or None
        Mean demand per period $\mu_d$, >= 0 (``None`` with ``"empirical"``).
        [units / period]
    demand_std : float or array_like or None
        Standard deviation of demand per period $\sigma_d$, >= 0 (``None``
        with ``"poisson"`` and ``"empirical"``). [units / period]
    lead_time : float or array_like or None
        Mean lead time $L$, > 0 (``None`` with ``"empirical"``). [periods]
    reorder_point : float or array_like
        Reorder point $r$. [units]
    lead_time_std : float or array_like
        Standard deviation of the lead time $\sigma_L$, >= 0; default 0. [periods]
    distribution : {"normal", "poisson", "negative_binomial", "gamma", "empirical"}
        Law of the lead-time demand; default ``"normal"``.
    demand_samples : array_like, optional
        Observed demands over the lead time, with ``"empirical"``. [units]

    Returns
    -------
    float, ndarray or Series
        $P(D_L \le r)$. [fraction]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        As [`expected_shortage`][ecomops.inventory.expected_shortage].

    Notes
    -----
    The cycle service level counts cycles without a stockout; the fill rate
    counts units ([`fill_rate`][ecomops.inventory.fill_rate]); the ready rate counts time
    (`ready_rate`). They are different numbers for one reorder point.
    NaN propagates.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., §7.3 (service measure
       $P_1$).
    2. Axsäter, S. (2015), *Inventory Control*, 3rd ed., Springer, §5.3.1
       ($S_1$).

    Examples
    --------
    >>> from ecomops.inventory import cycle_service_level
    >>> round(cycle_service_level(50, 5, 6, reorder_point=315.6957), 4)
    0.9
    >>> round(cycle_service_level(3, None, 2, reorder_point=9, distribution="poisson"), 4)
    0.9161
    """
    demand = (demand_mean, demand_std, lead_time, lead_time_std, distribution, demand_samples)
    return _evaluate(demand, ("reorder_point", reorder_point), None, lambda law, x, q: law.cdf(x))


@series_io
def fill_rate(
    demand_mean: float | ArrayLike | None,
    demand_std: float | ArrayLike | None,
    lead_time: float | ArrayLike | None,
    *,
    reorder_point: float | ArrayLike,
    order_quantity: float | ArrayLike,
    method: FillRateMethod,
    lead_time_std: float | ArrayLike = 0.0,
    distribution: DemandDistribution = "normal",
    demand_samples: ArrayLike | None = None,
) -> Any:
    r"""Fill rate (fraction of demand met from stock) of a continuous-review $(r,Q)$ policy.

    With $n(\cdot)$ the lead-time demand's loss function
    ([`expected_shortage`][ecomops.inventory.expected_shortage]):

    * ``"approximate"`` (Silver et al.'s $P_2$, backorders):
      $\beta = 1 - n(r)/Q$; it counts the previous cycle's backorders again
      and can go negative for small $Q$;
    * ``"exact"`` (backorders, Hadley and Whitin):
      $\beta = 1 - [n(r)-n(r+Q)]/Q$;
    * ``"lost_sales"``: $\beta = 1 - n(r)/(Q+n(r))$ (demand per cycle
      includes the units lost).

    Parameters
    ----------
    demand_mean : float or array_like or None
        Mean demand per period $\mu_d$, >= 0 (``None`` with ``"empirical"``).
        [units / period]
    demand_std : float or array_like or None
        Standard deviation of demand per period $\sigma_d$, >= 0 (``None``
        with ``"poisson"`` and ``"empirical"``). [units / period]
    lead_time : float or array_like or None
        Mean lead time $L$, > 0 (``None`` with ``"empirical"``). [periods]
    reorder_point : float or array_like
        Reorder point $r$. [units]
    order_quantity : float or array_like
        Order quantity $Q$, > 0. [units]
    method : {"approximate", "exact", "lost_sales"}
        The formula; no default: for slow movers with small $Q$ the three
        differ by hundreds of units of reorder point, so the caller chooses.
    lead_time_std : float or array_like
        Standard deviation of the lead time $\sigma_L$, >= 0; default 0. [periods]
    distribution : {"normal", "poisson", "negative_binomial", "gamma", "empirical"}
        Law of the lead-time demand; default ``"normal"``.
    demand_samples : array_like, optional
        Observed demands over the lead time, with ``"empirical"``. [units]

    Returns
    -------
    float, ndarray or Series
        The fill rate. [fraction]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For a non-positive order quantity, an unknown method, or the errors of
        [`expected_shortage`][ecomops.inventory.expected_shortage].

    Notes
    -----
    For Poisson demand the exact fill rate equals the ready rate. NaN propagates.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., §7.3 and §7.5 ($P_2$,
       the lost-sales adjustment).
    2. Hadley, G. and Whitin, T. M. (1963), *Analysis of Inventory Systems*,
       Prentice-Hall, §4.4 (exact backorders of an $(r,Q)$ policy).
    3. Axsäter, S. (2015), *Inventory Control*, 3rd ed., Springer, §5.3.

    Examples
    --------
    >>> from ecomops.inventory import fill_rate
    >>> round(fill_rate(108.33, 43.30, 1, reorder_point=126.8, order_quantity=328.5,
    ...                 method="approximate"), 4)
    0.9708
    >>> methods = ("approximate", "exact", "lost_sales")
    >>> [round(fill_rate(3, 2.5, 1, reorder_point=0, order_quantity=2, method=m), 3)
    ...  for m in methods]
    [-0.57, 0.218, 0.389]
    """
    check_option(method, "method", FILL_RATE_METHODS)
    demand = (demand_mean, demand_std, lead_time, lead_time_std, distribution, demand_samples)
    return _evaluate(
        demand,
        ("reorder_point", reorder_point),
        order_quantity,
        lambda law, x, q: fill_rate_of_level(method, law, x, q, None, q),
    )


@series_io
def ready_rate(
    demand_mean: float | ArrayLike | None,
    demand_std: float | ArrayLike | None,
    lead_time: float | ArrayLike | None,
    *,
    reorder_point: float | ArrayLike,
    order_quantity: float | ArrayLike,
    lead_time_std: float | ArrayLike = 0.0,
    distribution: DemandDistribution = "normal",
    demand_samples: ArrayLike | None = None,
) -> Any:
    r"""Ready rate: the fraction of time with stock on hand, for an $(r,Q)$ policy.

    The inventory position is uniform on $(r, r+Q]$, so

    $$
    P(\text{IL} > 0) = \frac1Q\int_r^{r+Q} P(D_L < y)\,dy
    = 1 - \frac{n(r) - n(r+Q)}{Q}
    $$

    (for integer demand the integral is the sum over $y=r+1,\dots,r+Q$ of
    $P(D_L\le y-1)$).

    Parameters
    ----------
    demand_mean : float or array_like or None
        Mean demand per period $\mu_d$, >= 0 (``None`` with ``"empirical"``).
        [units / period]
    demand_std : float or array_like or None
        Standard deviation of demand per period $\sigma_d$, >= 0 (``None``
        with ``"poisson"`` and ``"empirical"``). [units / period]
    lead_time : float or array_like or None
        Mean lead time $L$, > 0 (``None`` with ``"empirical"``). [periods]
    reorder_point : float or array_like
        Reorder point $r$. [units]
    order_quantity : float or array_like
        Order quantity $Q$, > 0. [units]
    lead_time_std : float or array_like
        Standard deviation of the lead time $\sigma_L$, >= 0; default 0. [periods]
    distribution : {"normal", "poisson", "negative_binomial", "gamma", "empirical"}
        Law of the lead-time demand; default ``"normal"``.
    demand_samples : array_like, optional
        Observed demands over the lead time, with ``"empirical"``. [units]

    Returns
    -------
    float, ndarray or Series
        $P(\text{IL}>0)$. [fraction]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        As [`fill_rate`][ecomops.inventory.fill_rate].

    Notes
    -----
    With unit (Poisson) or continuous demand, arriving customers see the
    time-average state, so the ready rate equals the exact fill rate (Axsäter
    2015, §5.3.3); with batch demand or periodic review they differ. NaN
    propagates.

    References
    ----------
    1. Axsäter, S. (2015), *Inventory Control*, 3rd ed., Springer, §5.3
       (service level $S_3$).
    2. Zipkin, P. H. (2000), *Foundations of Inventory Management*,
       McGraw-Hill, §6.2.

    Examples
    --------
    >>> from ecomops.inventory import ready_rate
    >>> round(ready_rate(1.5, None, 2, reorder_point=3, order_quantity=5,
    ...                  distribution="poisson"), 4)
    0.8666
    """
    demand = (demand_mean, demand_std, lead_time, lead_time_std, distribution, demand_samples)
    return _evaluate(
        demand,
        ("reorder_point", reorder_point),
        order_quantity,
        lambda law, x, q: 1.0 - (law.loss(x) - law.loss(x + q)) / q,
    )
