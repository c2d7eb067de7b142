r"""One call from a forecast to the replenishment level of every series (private)."""

from __future__ import annotations

from typing import Any

from ecomops._core.typing import (
    ArrayLike,
    DemandDistribution,
    FillRateMethod,
    LeadTimeVariance,
)
from ecomops._forecast.leadtime import lead_time_demand_distribution
from ecomops._inventory.levels import SafetyStock

__all__ = ["replenishment_level"]


def replenishment_level(
    forecast: Any,
    *,
    lead_time: float | ArrayLike,
    cycle_service_level: float | ArrayLike | None = None,
    fill_rate: float | ArrayLike | None = None,
    order_quantity: float | ArrayLike | None = None,
    method: FillRateMethod | None = None,
    lead_time_std: float | ArrayLike = 0.0,
    review_period: float | ArrayLike = 0.0,
    distribution: DemandDistribution = "normal",
    lead_time_variance: LeadTimeVariance = "empirical",
    floor_at_zero: bool = False,
) -> SafetyStock:
    r"""Reorder point (or order-up-to level) per series for a service target, from a forecast.

    [`lead_time_demand_distribution`][ecomops.forecast.lead_time_demand_distribution]
    followed by [`reorder_point`][ecomops.inventory.reorder_point] (continuous
    review, ``review_period=0``) or
    [`order_up_to_level`][ecomops.inventory.order_up_to_level]
    (``review_period > 0``): the level $x$ with

    $$
    P(D_\tau \le x) = \mathrm{CSL} \quad\text{or}\quad
    1 - \frac{E[(D_\tau - x)^+]}{C} = \beta
    $$

    for $D_\tau$ the demand over $\tau = L + R$ as the forecast and its errors
    describe it, and $C$ the cycle quantity.

    Parameters
    ----------
    forecast : Forecast
        A fitted forecast ([`fit_forecast`][ecomops.forecast.fit_forecast]).
    lead_time : float or array_like
        Mean lead time $L$, > 0, one or one per series. [periods]
    cycle_service_level : float or array_like, optional
        Target probability of no stockout per cycle, in (0, 1). [fraction]
    fill_rate : float or array_like, optional
        Target fraction of demand met from stock, in (0, 1); needs ``method`` and
        an ``order_quantity`` (or a review period). [fraction]
    order_quantity : float or array_like, optional
        Order quantity $Q$ of a continuous-review policy, > 0. [units]
    method : {"approximate", "exact", "lost_sales"}, optional
        Fill-rate formula (see [`fill_rate`][ecomops.inventory.fill_rate]).
    lead_time_std : float or array_like
        Standard deviation of the lead time, >= 0; default 0. [periods]
    review_period : float or array_like
        Review period $R$, >= 0; default 0 (continuous review). [periods]
    distribution : {"normal", "poisson", "negative_binomial", "gamma", "empirical"}
        Law of the demand over $\tau$; default ``"normal"``.
    lead_time_variance : {"empirical", "analytic", "sqrt_lead_time"}
        How the error variance over $\tau$ is formed; default ``"empirical"``.
    floor_at_zero : bool
        Clip a negative safety stock at 0; default False.

    Returns
    -------
    SafetyStock
        As [`reorder_point`][ecomops.inventory.reorder_point]: the level
        (``reorder_point``, also ``order_up_to_level``), safety stock, safety
        factor and the service it achieves under the distribution, one row
        per series.

    Raises
    ------
    InvalidInputError
        As `lead_time_demand_distribution` and
        [`reorder_point`][ecomops.inventory.reorder_point].

    Notes
    -----
    The inventory engine receives the forecast's demand over $\tau$ as a
    per-period mean $\hat\mu_\tau/\tau$ and standard deviation
    $\hat\sigma_\tau/\sqrt{\tau}$ with no lead-time variability (it is already in
    $\hat\sigma_\tau$), which makes its protection-interval demand exactly
    $(\hat\mu_\tau, \hat\sigma_\tau)$. With a review period and an exact fill
    rate, the lead-time part of that demand is taken as the fraction
    $L/\tau$ of its variance.

    References
    ----------
    1. Prak, D., Teunter, R. and Syntetos, A. (2017), "On the calculation of
       safety stocks when demand is forecasted", *European Journal of
       Operational Research* 256(2), 454-461.
    2. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., CRC Press, ch. 7.

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.forecast import fit_forecast, replenishment_level
    >>> history = np.tile([4.0, 6.0, 5.0, 7.0, 3.0, 5.0], 5)
    >>> fc = fit_forecast(history, method="ses", smoothing_level=0.2, horizon=1)
    >>> replenishment_level(fc, lead_time=4, cycle_service_level=0.95).reorder_point.round(2)
    array([23.83])
    """
    ltd = lead_time_demand_distribution(
        forecast,
        lead_time=lead_time,
        lead_time_std=lead_time_std,
        review_period=review_period,
        lead_time_variance=lead_time_variance,
    )
    return ltd.reorder_point(
        cycle_service_level=cycle_service_level, fill_rate=fill_rate,
        order_quantity=order_quantity, method=method, distribution=distribution,
        floor_at_zero=floor_at_zero,
    )  # fmt: skip
