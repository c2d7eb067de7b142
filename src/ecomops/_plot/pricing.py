"""Pricing plots: Van Westendorp curves and a demand curve with its optimal price (private)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ecomops._plot.common import (
    Axes,
    axes_or_new,
    check_bound,
    expect_kind,
    money_axis,
    money_label,
    percent_axis,
    plain_floats,
)
from ecomops._pricing.demand import DemandModel
from ecomops._pricing.research import VanWestendorpResult
from ecomops.exceptions import InvalidInputError
from ecomops.money import Currency

__all__ = ["demand_curve_chart", "van_westendorp_chart"]

_CURVES = (
    ("share_too_cheap", "too cheap", "C0", "-"),
    ("share_not_cheap", "not cheap", "C0", "--"),
    ("share_cheap", "cheap", "C2", ":"),
    ("share_expensive", "expensive", "C1", ":"),
    ("share_not_expensive", "not expensive", "C3", "--"),
    ("share_too_expensive", "too expensive", "C3", "-"),
)


def van_westendorp_chart(
    result: VanWestendorpResult, *, currency: Currency | str | None = None, ax: Axes | None = None
) -> Axes:
    r"""Van Westendorp's price-sensitivity curves with their four intersections.

    Six cumulative curves of the share of respondents against the price ("too
    cheap", "not cheap", "cheap", "expensive", "not expensive", "too
    expensive", as stored in ``result.curves``), the acceptable range from the
    point of marginal cheapness (PMC) to the point of marginal expensiveness
    (PME) shaded, and the four price points marked and labelled.

    Parameters
    ----------
    result : VanWestendorpResult
        From [`van_westendorp`][ecomops.pricing.van_westendorp].
    currency : Currency or str, optional
        Currency of the prices: labels and formats the price axis.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into: the six curves (in the order above), then one
        vertical line per price point (PMC, OPP, IPP, PME).

    Raises
    ------
    TypeError
        If ``result`` is not a `VanWestendorpResult`.

    References
    ----------
    1. Van Westendorp, P. H. (1976). NSS price sensitivity meter (PSM): a new
       approach to study consumer perception of prices. Proceedings of the 29th
       ESOMAR Congress, Venice, 139-167.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.pricing import van_westendorp
    >>> res = van_westendorp([10, 20, 15], [30, 40, 35], [50, 60, 55], [70, 80, 75])
    >>> ax = plot.van_westendorp_chart(res, currency="CNY")
    >>> len(ax.get_lines()), ax.get_xlabel()
    (10, 'price [CNY]')
    >>> plt.close(ax.figure)
    """
    expect_kind(result, VanWestendorpResult, "result")
    curves = result.curves
    ax = axes_or_new(ax, figsize=(7.0, 4.5))
    for field, label, colour, style in _CURVES:
        ax.plot(curves.price, getattr(curves, field), color=colour, linestyle=style, label=label)
    low, high = result.acceptable_range
    ax.axvspan(low, high, color="0.85", zorder=0, label="acceptable range")
    decimals = Currency(currency).minor_units if currency is not None else 2
    points = (
        ("PMC", result.point_of_marginal_cheapness),
        ("OPP", result.optimal_price_point),
        ("IPP", result.indifference_price_point),
        ("PME", result.point_of_marginal_expensiveness),
    )
    for k, (name, price) in enumerate(points):
        ax.axvline(price, color="0.35", linewidth=0.8)
        ax.annotate(
            f"{name}\n{price:,.{decimals}f}",
            (price, 0.98 - 0.13 * k),
            xytext=(3, 0),
            textcoords="offset points",
            fontsize=8,
            va="top",
        )
    money_axis(ax.xaxis, currency)
    percent_axis(ax.yaxis)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel(money_label("price", currency))
    ax.set_ylabel("respondents [%]")
    ax.set_title(f"Van Westendorp price sensitivity ({result.n_respondents:,} respondents)")
    ax.legend(loc="center right", fontsize=8)
    return ax


def _price_grid(unit_cost: float, optimum: float, prices: Any) -> np.ndarray:
    """The prices drawn: the caller's, or from the unit cost to twice the optimum."""
    if prices is not None:
        grid = plain_floats(prices, "prices")
        if grid.size < 2:
            raise InvalidInputError("prices must hold at least 2 prices")
        return np.sort(grid)
    if not np.isfinite(optimum):
        return np.linspace(unit_cost, 4.0 * max(unit_cost, 1.0), 200)
    low = unit_cost if unit_cost > 0 else 0.25 * optimum
    return np.linspace(low, max(2.0 * optimum, 1.5 * low), 200)


def demand_curve_chart(
    model: DemandModel,
    unit_cost: float,
    *,
    fee_rates: float | tuple[float, ...] = 0.0,
    prices: Any = None,
    currency: Currency | str | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""A demand curve, its profit curve and the profit-maximising price.

    Plots the demand $d(p)$ of a one-SKU model (left axis, units) and the
    profit $(p(1 - F) - c)\,d(p)$ (right axis, money) over a price range, with
    a vertical line at the optimal price the model's ``optimal_price`` returns.

    Parameters
    ----------
    model : DemandModel
        A one-SKU demand model (``LinearDemand``, ``ConstantElasticityDemand``,
        ``ExponentialDemand``, ``LogitDemand``, or one from
        [`fit_demand`][ecomops.pricing.fit_demand]).
    unit_cost : float
        Variable cost per unit, ``>= 0``. [currency/unit]
    fee_rates : float or tuple of float
        Fees as a fraction of the price. [-]
    prices : array_like, optional
        Prices to draw (at least 2, at most 1,000,000); by default 200 from the
        unit cost to twice the optimum. [currency/unit]
    currency : Currency or str, optional
        Currency of prices and profit: labels and formats the money axes.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The demand Axes (its first line is the demand curve, its second the
        optimal price); the profit curve is drawn on a twin Axes sharing the
        price axis, the figure's last Axes.

    Raises
    ------
    TypeError
        If ``model`` is not a `DemandModel`.
    InvalidInputError
        If the model describes several SKUs.

    References
    ----------
    1. Phillips, R. L. (2021). Pricing and Revenue Optimization, 2nd ed.
       Stanford University Press, chapter 2 (price-response functions and the
       optimal price).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.pricing import LinearDemand
    >>> ax = plot.demand_curve_chart(LinearDemand(100.0, -2.0), 10.0, currency="CNY")
    >>> float(ax.get_lines()[1].get_xdata()[0])  # the optimal price
    30.0
    >>> ax.get_title()
    'Demand and profit: optimal price 30.00 CNY'
    >>> plt.close(ax.figure)
    """
    expect_kind(model, DemandModel, "model")
    if model.n_items is not None:
        raise InvalidInputError(
            f"demand_curve_chart draws one SKU; the model holds {model.n_items}"
        )
    cost = plain_floats([unit_cost], "unit_cost")[0]
    optimum = float(model.optimal_price(cost, fee_rates=fee_rates, infeasible="nan"))
    grid = _price_grid(cost, optimum, prices)
    check_bound(grid.size, "len(prices)", 2, 1_000_000)
    ax = axes_or_new(ax, figsize=(7.0, 4.5))
    ax.plot(grid, np.asarray(model.quantity(grid)), color="C0", label="demand")
    if np.isfinite(optimum):
        ax.axvline(optimum, color="C3", linestyle="--", label="optimal price")
    profit_ax = ax.twinx()
    profit_ax.plot(
        grid, np.asarray(model.profit(grid, cost, fee_rates=fee_rates)), color="C2", label="profit"
    )
    money_axis(ax.xaxis, currency)
    money_axis(profit_ax.yaxis, currency)
    ax.set_xlabel(money_label("price", currency))
    ax.set_ylabel("demand [units]")
    profit_ax.set_ylabel(money_label("profit", currency))
    decimals = Currency(currency).minor_units if currency is not None else 2
    code = f" {Currency(currency).code}" if currency is not None else ""
    ax.set_title(f"Demand and profit: optimal price {optimum:,.{decimals}f}{code}")
    handles = ax.get_legend_handles_labels()
    more = profit_ax.get_legend_handles_labels()
    ax.legend(handles[0] + more[0], handles[1] + more[1], loc="center right")
    return ax
