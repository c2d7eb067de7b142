r"""ABC/XYZ classes and inventory KPIs over a SKU table (private).

The element-wise KPIs and the ABC classes answer one row per row of the
caller's SKU table, in its order (a pandas answer keeps the caller's index),
with the inputs that explain each answer. The XYZ classes read a demand log
(SKU, period, quantity) and answer one row per SKU.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ecomops._core.columns import as_ids
from ecomops._core.typing import ABCCrossing, SupplyDirection
from ecomops._core.validation import as_float_array
from ecomops._frames.common import FrameInput, FrameT, check_name, read_frame
from ecomops._inventory.classify import abc_classification as _abc_classification
from ecomops._inventory.classify import days_of_supply as _days_of_supply
from ecomops._inventory.classify import gmroi as _gmroi
from ecomops._inventory.classify import inventory_turnover as _inventory_turnover
from ecomops._inventory.classify import sell_through_rate as _sell_through_rate
from ecomops._inventory.classify import xyz_classification as _xyz_classification
from ecomops.exceptions import InvalidInputError

__all__ = [
    "MAX_DEMAND_CELLS",
    "abc_classification",
    "days_of_supply",
    "demand_matrix",
    "gmroi",
    "inventory_turnover",
    "sell_through_rate",
    "xyz_classification",
]

#: Largest SKU x period demand matrix built from a log (`xyz_classification`,
#: `fit_forecast`; 160 MB of float64).
MAX_DEMAND_CELLS = 20_000_000


def _read(data: Any, **names: str | None) -> FrameInput:
    frame = read_frame(data)
    checked = {k: check_name(v, k, optional=k == "beginning_inventory") for k, v in names.items()}
    frame.check(**checked)
    return frame


def _per_row(frame: FrameInput, names: dict[str, str], answer: dict[str, Any]) -> Any:
    """The caller's key and input columns (unchanged), then the answer, one row per row."""
    carried = [(name, frame.column(name)) for name in dict.fromkeys(names.values())]
    return frame.build([*carried, *answer.items()], keep_index=True)


def abc_classification(
    data: FrameT,
    *,
    sku: str = "sku",
    value: str = "revenue",
    thresholds: Sequence[float] = (0.8, 0.95),
    crossing: ABCCrossing = "include",
) -> FrameT:
    """ABC classes of the SKUs of a table by their value (revenue, usage value).

    The frame version of
    [`abc_classification`][ecomops.inventory.abc_classification].

    Parameters
    ----------
    data : pandas or polars DataFrame
        One row per SKU.
    sku : str
        Name of the SKU column. Default ``"sku"``. [column name]
    value : str
        Name of the column ranked (non-negative, positive sum). Default
        ``"revenue"``. [column name]
    thresholds, crossing
        As in [`abc_classification`][ecomops.inventory.abc_classification].

    Returns
    -------
    pandas or polars DataFrame
        One row per row of ``data``, in its order (pandas: with its index): the
        SKU and value columns, ``share``, ``cumulative_share``, ``rank`` and
        ``abc_class``.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses (negative or NaN values, ...).

    References
    ----------
    1. Dickie, H. F. (1951), "ABC inventory analysis shoots for dollars, not
       pennies", *Factory Management and Maintenance* 109(7), 92-94.

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> skus = pd.DataFrame({"sku": ["A1", "B2", "C3", "D4"],
    ...                      "revenue": [700.0, 50.0, 200.0, 50.0]})
    >>> frames.abc_classification(skus)
      sku  revenue  share  cumulative_share  rank abc_class
    0  A1    700.0   0.70              0.70     1         A
    1  B2     50.0   0.05              0.95     3         B
    2  C3    200.0   0.20              0.90     2         A
    3  D4     50.0   0.05              1.00     4         C
    """
    names = {"sku": sku, "value": value}
    frame = _read(data, **names)
    result = _abc_classification(frame.column(value), thresholds=thresholds, crossing=crossing)
    answer = {
        "share": result.share,
        "cumulative_share": result.cumulative_share,
        "rank": result.rank,
        "abc_class": result.classes,
    }
    out: FrameT = _per_row(frame, names, answer)
    return out


def xyz_classification(
    data: FrameT,
    *,
    sku: str = "sku",
    period_label: str = "period",
    quantity: str = "quantity",
    cv_thresholds: tuple[float, float] = (0.5, 1.0),
    ddof: int = 1,
) -> FrameT:
    r"""XYZ classes (demand variability) of the SKUs of a demand log.

    The log has one row per SKU and period (several rows of one SKU and period
    are summed); it is turned into the SKU x period matrix of
    [`xyz_classification`][ecomops.inventory.xyz_classification], where a
    period the log does not list for a SKU counts as zero demand. The periods
    are the distinct values of the ``period_label`` column (a week number, a
    month's first day...): bucket timestamps first.

    Parameters
    ----------
    data : pandas or polars DataFrame
        Demand per SKU and period, one row per pair.
    sku, quantity : str
        Names of the SKU and demand columns. Defaults ``"sku"``, ``"quantity"``.
        [column names]
    period_label : str
        Name of the column holding each row's period. Default ``"period"``.
        [column name]
    cv_thresholds, ddof
        As in [`xyz_classification`][ecomops.inventory.xyz_classification].

    Returns
    -------
    pandas or polars DataFrame
        One row per SKU, sorted: the SKU column, ``demand_mean``,
        ``demand_std``, ``cv`` and ``xyz_class``.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns), missing SKUs or
        periods, negative or NaN quantities, and more than
        ``MAX_DEMAND_CELLS`` (20 million) SKU x period cells.

    References
    ----------
    1. Scholz-Reiter, B., Heger, J., Meinecke, C. and Bergmann, J. (2012),
       "Integration of demand forecasts in ABC-XYZ analysis: practical
       investigation at an industrial company", *International Journal of
       Productivity and Performance Management* 61(4), 445-451,
       doi:10.1108/17410401211212689.

    Examples
    --------
    >>> import polars as pl
    >>> from ecomops import frames
    >>> demand = pl.DataFrame({
    ...     "sku": ["A", "A", "A", "B", "B"],
    ...     "period": [1, 2, 3, 1, 3],
    ...     "quantity": [10.0, 12.0, 11.0, 30.0, 1.0],
    ... })
    >>> frames.xyz_classification(demand)["sku", "demand_mean", "xyz_class"].rows()
    [('A', 11.0, 'X'), ('B', 10.333333333333334, 'Z')]
    """
    frame = _read(data, sku=sku, period_label=period_label, quantity=quantity)
    skus, _, history = demand_matrix(frame, sku, period_label, quantity)
    result = _xyz_classification(history, cv_thresholds=cv_thresholds, ddof=ddof)
    out: FrameT = frame.build(
        [
            (sku, skus),
            ("demand_mean", result.demand_mean),
            ("demand_std", result.demand_std),
            ("cv", result.cv),
            ("xyz_class", result.classes),
        ],
        key=sku,
    )
    return out


def demand_matrix(
    frame: FrameInput, sku: str, period: str, quantity: str, *, unlisted: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unique SKUs, periods and their demand matrix (SKU x period), summing repeated
    pairs; a pair the log does not list holds ``unlisted`` (NaN: tell it from a zero)."""
    skus, sku_codes = np.unique(as_ids(frame.column(sku), "sku"), return_inverse=True)
    labels = as_ids(frame.column(period), "period_label")
    periods, period_codes = np.unique(labels, return_inverse=True)
    cells = skus.size * periods.size
    if cells > MAX_DEMAND_CELLS:
        raise InvalidInputError(
            f"the demand log spans {skus.size} SKUs x {periods.size} periods = {cells} cells, "
            f"more than {MAX_DEMAND_CELLS}; bucket the period_label column (weeks, months) first"
        )
    units = as_float_array(frame.column(quantity), "quantity")
    flat = sku_codes.reshape(-1) * periods.size + period_codes.reshape(-1)
    history = np.bincount(flat, weights=units, minlength=cells)
    if unlisted != 0.0:
        history[np.bincount(flat, minlength=cells) == 0] = unlisted
    return skus, periods, history.reshape(skus.size, periods.size)


def inventory_turnover(
    data: FrameT,
    *,
    sku: str = "sku",
    cost_of_goods_sold: str = "cost_of_goods_sold",
    average_inventory_value: str = "average_inventory_value",
) -> FrameT:
    """Inventory turnover of each SKU of a table.

    The frame version of
    [`inventory_turnover`][ecomops.inventory.inventory_turnover]
    (cost of goods sold over average inventory value); NaN propagates row by row.

    Parameters
    ----------
    data : pandas or polars DataFrame
        One row per SKU.
    sku, cost_of_goods_sold, average_inventory_value : str
        Column names; the defaults are the quantities' own names. [column names]

    Returns
    -------
    pandas or polars DataFrame
        One row per row of ``data`` (pandas: with its index): the SKU and input
        columns, then ``inventory_turnover``. [turns per period]

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., §2.7 (turnover ratio).

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> skus = pd.DataFrame({"sku": ["A", "B"], "cost_of_goods_sold": [1200.0, 300.0],
    ...                      "average_inventory_value": [200.0, 300.0]})
    >>> frames.inventory_turnover(skus)["inventory_turnover"].tolist()
    [6.0, 1.0]
    """
    names = {
        "sku": sku,
        "cost_of_goods_sold": cost_of_goods_sold,
        "average_inventory_value": average_inventory_value,
    }
    frame = _read(data, **names)
    turns = _inventory_turnover(
        frame.column(cost_of_goods_sold), frame.column(average_inventory_value)
    )
    out: FrameT = _per_row(frame, names, {"inventory_turnover": turns})
    return out


def days_of_supply(
    data: FrameT,
    *,
    sku: str = "sku",
    on_hand: str = "on_hand",
    demand_per_period: str = "demand_per_period",
    direction: SupplyDirection = "backward",
    period_days: float = 1.0,
) -> FrameT:
    """Days of supply of each SKU of a table.

    The frame version of [`days_of_supply`][ecomops.inventory.days_of_supply].

    Parameters
    ----------
    data : pandas or polars DataFrame
        One row per SKU.
    sku, on_hand, demand_per_period : str
        Column names; the defaults are the quantities' own names. [column names]
    direction, period_days
        As in [`days_of_supply`][ecomops.inventory.days_of_supply].

    Returns
    -------
    pandas or polars DataFrame
        One row per row of ``data`` (pandas: with its index): the SKU and input
        columns, then ``days_of_supply``. [days]

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., §2.7 (time supply).

    Examples
    --------
    >>> import polars as pl
    >>> from ecomops import frames
    >>> skus = pl.DataFrame({"sku": ["A", "B"], "on_hand": [140.0, 30.0],
    ...                      "demand_per_period": [10.0, 3.0]})
    >>> frames.days_of_supply(skus)["days_of_supply"].to_list()
    [14.0, 10.0]
    """
    names = {"sku": sku, "on_hand": on_hand, "demand_per_period": demand_per_period}
    frame = _read(data, **names)
    days = _days_of_supply(
        frame.column(on_hand), frame.column(demand_per_period),
        direction=direction, period_days=period_days,
    )  # fmt: skip
    out: FrameT = _per_row(frame, names, {"days_of_supply": days})
    return out


def gmroi(
    data: FrameT,
    *,
    sku: str = "sku",
    gross_margin: str = "gross_margin",
    average_inventory_cost: str = "average_inventory_cost",
) -> FrameT:
    """Gross margin return on inventory investment of each SKU of a table.

    The frame version of [`gmroi`][ecomops.inventory.gmroi].

    Parameters
    ----------
    data : pandas or polars DataFrame
        One row per SKU.
    sku, gross_margin, average_inventory_cost : str
        Column names; the defaults are the quantities' own names. [column names]

    Returns
    -------
    pandas or polars DataFrame
        One row per row of ``data`` (pandas: with its index): the SKU and input
        columns, then ``gmroi``. [currency of margin per currency of inventory]

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Levy, M., Weitz, B. A. and Grewal, D. (2019), *Retailing Management*,
       10th ed., McGraw-Hill, ch. 6 (GMROI).

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> skus = pd.DataFrame({"sku": ["A", "B"], "gross_margin": [900.0, 120.0],
    ...                      "average_inventory_cost": [300.0, 240.0]})
    >>> frames.gmroi(skus)["gmroi"].tolist()
    [3.0, 0.5]
    """
    names = {
        "sku": sku,
        "gross_margin": gross_margin,
        "average_inventory_cost": average_inventory_cost,
    }
    frame = _read(data, **names)
    ratio = _gmroi(frame.column(gross_margin), frame.column(average_inventory_cost))
    out: FrameT = _per_row(frame, names, {"gmroi": ratio})
    return out


def sell_through_rate(
    data: FrameT,
    *,
    sku: str = "sku",
    units_sold: str = "units_sold",
    units_received: str = "units_received",
    beginning_inventory: str | None = None,
) -> FrameT:
    """Sell-through rate of each SKU of a table.

    The frame version of
    [`sell_through_rate`][ecomops.inventory.sell_through_rate].

    Parameters
    ----------
    data : pandas or polars DataFrame
        One row per SKU.
    sku, units_sold, units_received : str
        Column names; the defaults are the quantities' own names. [column names]
    beginning_inventory : str, optional
        Column of stock at the start of the period; none means zero. [column name]

    Returns
    -------
    pandas or polars DataFrame
        One row per row of ``data`` (pandas: with its index): the SKU and input
        columns, then ``sell_through_rate``. [fraction]

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Levy, M., Weitz, B. A. and Grewal, D. (2019), *Retailing Management*,
       10th ed., McGraw-Hill, ch. 12 (sell-through analysis).

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> skus = pd.DataFrame({"sku": ["A", "B"], "units_sold": [80.0, 10.0],
    ...                      "units_received": [100.0, 40.0]})
    >>> frames.sell_through_rate(skus)["sell_through_rate"].tolist()
    [0.8, 0.25]
    """
    names = {"sku": sku, "units_sold": units_sold, "units_received": units_received}
    frame = _read(data, **names, beginning_inventory=beginning_inventory)
    begin = 0.0 if beginning_inventory is None else frame.column(beginning_inventory)
    if beginning_inventory is not None:
        names["beginning_inventory"] = beginning_inventory
    rate = _sell_through_rate(
        frame.column(units_sold), frame.column(units_received), beginning_inventory=begin
    )
    out: FrameT = _per_row(frame, names, {"sell_through_rate": rate})
    return out
