"""Inventory plots: ABC and XYZ classes, service vs safety stock, a stock trajectory (private)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ecomops._inventory.classify import ABCClassification, XYZClassification
from ecomops._inventory.levels import SafetyStock
from ecomops._plot.common import (
    Axes,
    axes_or_new,
    expect_kind,
    percent_axis,
    plain_floats,
)
from ecomops.exceptions import InvalidInputError

__all__ = ["abc_curve", "inventory_position_chart", "service_level_curve", "xyz_scatter"]

#: Most points of a line drawn from an input (a year of hourly data).
MAX_POINTS = 1_000_000


def abc_curve(abc: ABCClassification, *, ax: Axes | None = None) -> Axes:
    r"""The Pareto (Lorenz) curve of an ABC classification, coloured by class.

    Items are sorted by value, largest first; the curve gives the cumulative
    share of the total held by the first $k$ items against $k / n$, both as
    percentages, starting at the origin. Dotted lines mark the class
    thresholds; each class's points take its own colour.

    Parameters
    ----------
    abc : ABCClassification
        From [`abc_classification`][ecomops.inventory.abc_classification].
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into; its first line is the curve, ``n + 1`` points
        from ``(0, 0)``.

    Raises
    ------
    TypeError
        If ``abc`` is not an `ABCClassification`.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017). Inventory and
       Production Management in Supply Chains, 4th ed. CRC Press, section 2.4
       (the distribution-by-value curve).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.inventory import abc_classification
    >>> ax = plot.abc_curve(abc_classification([50, 30, 15, 5]))
    >>> ax.get_lines()[0].get_ydata().round(2).tolist()
    [0.0, 0.5, 0.8, 0.95, 1.0]
    >>> plt.close(ax.figure)
    """
    expect_kind(abc, ABCClassification, "abc")
    n = len(abc)
    if n > MAX_POINTS:
        raise InvalidInputError(f"abc_curve draws at most {MAX_POINTS:,} items; got {n:,}")
    order = np.argsort(np.asarray(abc.rank), kind="stable")
    x = np.arange(n + 1) / max(n, 1)
    y = np.concatenate([[0.0], np.asarray(abc.cumulative_share, dtype=np.float64)[order]])
    ax = axes_or_new(ax)
    ax.plot(x, y, color="0.3", linewidth=1.2)
    classes = np.asarray(abc.classes)[order]
    for k, name in enumerate(sorted(set(classes.tolist()))):
        mine = np.flatnonzero(classes == name)
        ax.scatter(
            x[mine + 1],
            y[mine + 1],
            s=12,
            color=f"C{k}",
            zorder=3,
            label=f"{name}: {mine.size:,} items ({mine.size / n:.0%})",
        )
    for threshold in abc.thresholds:
        ax.axhline(threshold, color="0.5", linestyle=":", linewidth=1)
    percent_axis(ax.xaxis)
    percent_axis(ax.yaxis)
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("items, largest first [% of items]")
    ax.set_ylabel("cumulative share of the total [%]")
    ax.set_title(f"ABC classes (crossing rule: {abc.crossing})")
    ax.legend(loc="lower right")
    return ax


def xyz_scatter(xyz: XYZClassification, *, ax: Axes | None = None) -> Axes:
    r"""Coefficient of variation against mean demand, coloured by XYZ class.

    One point per item at $(\bar d, \sigma_d / \bar d)$ with a logarithmic
    demand axis; dashed lines mark the class thresholds on the coefficient of
    variation. Items with no demand (undefined CV) are left out.

    Parameters
    ----------
    xyz : XYZClassification
        From [`xyz_classification`][ecomops.inventory.xyz_classification].
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into: one scatter collection per class, X first.

    Raises
    ------
    TypeError
        If ``xyz`` is not an `XYZClassification`.

    References
    ----------
    1. Scholz-Reiter, B., Heger, J., Meinecke, C. and Bergmann, J. (2012).
       Integration of demand forecasts in ABC-XYZ analysis. International
       Journal of Productivity and Performance Management, 61(4), 445-451.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.inventory import xyz_classification
    >>> xyz = xyz_classification([[10, 11, 9, 10], [4, 12, 8, 16], [3, 0, 0, 0]])
    >>> ax = plot.xyz_scatter(xyz)
    >>> [c.get_label() for c in ax.collections]
    ['X: 1 items', 'Y: 1 items', 'Z: 1 items']
    >>> plt.close(ax.figure)
    """
    expect_kind(xyz, XYZClassification, "xyz")
    if len(xyz) > MAX_POINTS:
        raise InvalidInputError(f"xyz_scatter draws at most {MAX_POINTS:,} items")
    mean = np.asarray(xyz.demand_mean, dtype=np.float64)
    cv = np.asarray(xyz.cv, dtype=np.float64)
    classes = np.asarray(xyz.classes)
    shown = np.isfinite(cv) & (mean > 0)
    ax = axes_or_new(ax)
    for k, name in enumerate(sorted(set(classes[shown].tolist()))):
        mine = shown & (classes == name)
        ax.scatter(
            mean[mine],
            cv[mine],
            s=14,
            color=f"C{k}",
            alpha=0.8,
            label=f"{name}: {int(mine.sum()):,} items",
        )
    for threshold in xyz.cv_thresholds:
        ax.axhline(threshold, color="0.5", linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlabel("mean demand per period [units]")
    ax.set_ylabel("coefficient of variation [-]")
    ax.set_title("XYZ classes: demand variability")
    ax.legend(loc="upper right")
    return ax


def service_level_curve(result: SafetyStock, *, ax: Axes | None = None) -> Axes:
    r"""The trade-off of safety stock against service: service level as stock grows.

    Draws the cycle service level (probability of no stockout in a cycle)
    and, when the result has it, the fill rate against the safety stock of a
    `SafetyStock` computed for a range of targets, e.g.
    ``safety_stock(40, 12, 7, cycle_service_level=np.linspace(0.5, 0.999, 50))``:
    the last points of service cost the most stock.

    Parameters
    ----------
    result : SafetyStock
        From `ecomops.inventory.safety_stock` with an array of
        targets (one item, several levels).
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into: the cycle-service-level line, then the fill-rate
        line when present, sorted by safety stock.

    Raises
    ------
    TypeError
        If ``result`` is not a `SafetyStock`.
    InvalidInputError
        If it holds a single level (nothing to trace).

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017). Inventory and
       Production Management in Supply Chains, 4th ed. CRC Press, chapter 6.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.inventory import safety_stock
    >>> res = safety_stock(40, 12, 7, cycle_service_level=[0.5, 0.9, 0.99])
    >>> ax = plot.service_level_curve(res)
    >>> ax.get_lines()[0].get_xdata().round(1).tolist()
    [0.0, 40.7, 73.9]
    >>> plt.close(ax.figure)
    """
    expect_kind(result, SafetyStock, "result")
    stock = np.atleast_1d(np.asarray(result.safety_stock, dtype=np.float64))
    if stock.ndim != 1 or stock.size < 2 or stock.size > MAX_POINTS:
        raise InvalidInputError(
            "result must hold 2 or more levels of one item (pass an array of targets); "
            f"got shape {stock.shape}"
        )
    order = np.argsort(stock, kind="stable")
    csl = np.atleast_1d(np.asarray(result.cycle_service_level, dtype=np.float64))
    ax = axes_or_new(ax)
    ax.plot(stock[order], csl[order], marker=".", label="cycle service level")
    if result.fill_rate is not None:
        fill = np.atleast_1d(np.asarray(result.fill_rate, dtype=np.float64))
        if np.isfinite(fill).any():
            ax.plot(stock[order], fill[order], marker=".", label="fill rate")
    percent_axis(ax.yaxis)
    ax.set_xlabel("safety stock [units]")
    ax.set_ylabel("service level [%]")
    ax.set_title("Service level vs safety stock")
    ax.legend(loc="lower right")
    return ax


def inventory_position_chart(
    inventory_position: Any,
    reorder_point: Any,
    *,
    dates: Any = None,
    on_hand: Any = None,
    order_up_to_level: Any = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Inventory position over time against the reorder point (and order-up-to level).

    Draws the inventory position (on hand plus on order minus backorders) per
    period as a step line, optionally the stock on hand, and the reorder point
    $s$ (a constant or one value per period); an order is due whenever the
    position falls to $s$ or below, and those periods are marked.

    Parameters
    ----------
    inventory_position : array_like
        Inventory position at the end of each period (at most 1,000,000). [units]
    reorder_point : float or array_like
        Reorder point, one or per period. [units]
    dates : array_like of datetime64, optional
        The periods' dates; period numbers when ``None``.
    on_hand : array_like, optional
        Stock on hand per period. [units]
    order_up_to_level : float or array_like, optional
        The order-up-to level $S$ of an (s, S) policy. [units]
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into: position, reorder point, then on hand and
        order-up-to level when given.

    Raises
    ------
    InvalidInputError
        If the arrays differ in length or are empty.

    References
    ----------
    1. Axsäter, S. (2015). Inventory Control, 3rd ed. Springer, section 4.1
       (inventory position and the (R, Q) and (s, S) policies).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> ax = plot.inventory_position_chart([120, 90, 60, 150, 110], 70)
    >>> [line.get_label() for line in ax.get_lines()]
    ['inventory position', 'reorder point']
    >>> ax.get_lines()[1].get_ydata().tolist()
    [70.0, 70.0, 70.0, 70.0, 70.0]
    >>> plt.close(ax.figure)
    """
    position = plain_floats(inventory_position, "inventory_position")
    n = position.shape[0]
    if n == 0 or n > MAX_POINTS:
        raise InvalidInputError(f"inventory_position must hold 1 to {MAX_POINTS:,} periods")
    x: Any = np.arange(n) if dates is None else np.asarray(dates, dtype="datetime64[D]")
    if x.shape != (n,):
        raise InvalidInputError(f"dates must have {n} values like inventory_position")

    def per_period(value: Any, name: str) -> np.ndarray:
        arr = np.atleast_1d(np.asarray(plain_floats(np.ravel(value), name)))
        if arr.size == 1:
            return np.full(n, arr[0])
        if arr.shape != (n,):
            raise InvalidInputError(f"{name} must be one value or {n}; got {arr.size}")
        return arr

    s = per_period(reorder_point, "reorder_point")
    ax = axes_or_new(ax, figsize=(8.0, 4.0))
    ax.step(x, position, where="post", label="inventory position", color="C0")
    ax.step(x, s, where="post", label="reorder point", color="C3", linestyle="--")
    if on_hand is not None:
        ax.step(
            x, per_period(on_hand, "on_hand"), where="post", label="on hand", color="C2", alpha=0.7
        )
    if order_up_to_level is not None:
        big_s = per_period(order_up_to_level, "order_up_to_level")
        ax.step(x, big_s, where="post", label="order-up-to level", color="C1", linestyle=":")
    due = position <= s
    ax.scatter(x[due], position[due], s=10, color="C3", zorder=3)
    ax.set_xlabel("date" if dates is not None else "period")
    ax.set_ylabel("units")
    ax.set_title(f"Inventory position vs reorder point ({int(due.sum()):,} periods at or below)")
    ax.legend(loc="upper right")
    return ax
