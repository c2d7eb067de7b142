r"""Demand statistics, ABC / XYZ classification, demand patterns and inventory KPIs (private).

Histories are arrays of SKUs × periods (one row per SKU); a 1-D history is one
SKU. Missing periods must be filled by the caller (with 0 for no sales): NaN is
refused, since a silently shorter history changes every statistic.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, overload

import numpy as np
import numpy.typing as npt

from ecomops._core.constraints import (
    NON_NEGATIVE,
    POSITIVE,
    REAL,
    Constraints,
    Interval,
    Options,
)
from ecomops._core.results import Display, display_kinds
from ecomops._core.typing import (
    ABC_CROSSINGS,
    SUPPLY_DIRECTIONS,
    ABCCrossing,
    ArrayLike,
    FloatArray,
    Real,
    SupplyDirection,
)
from ecomops._core.validation import (
    as_float_array,
    as_real_scalar,
    broadcast,
    check_option,
    check_scalar,
    raise_at,
    read_only,
    series_io,
    to_output,
)
from ecomops._inventory.common import DerivedTable, frozen
from ecomops.exceptions import InvalidInputError

__all__ = [
    "ABCClassification",
    "DemandPattern",
    "DemandStatistics",
    "XYZClassification",
    "abc_classification",
    "days_of_supply",
    "demand_pattern",
    "demand_statistics",
    "gmroi",
    "inventory_turnover",
    "sell_through_rate",
    "xyz_classification",
]

StrArray = npt.NDArray[np.str_]


def _history(history: Any, ddof: int, *, name: str = "history") -> tuple[FloatArray, bool]:
    """A 2-D float history (one row per SKU), and whether the input was 1-D."""
    h = as_float_array(history, name)
    one = h.ndim == 1
    if one:
        h = h[None, :]
    if h.ndim != 2:
        raise InvalidInputError(
            f"{name} must be 1- or 2-dimensional (SKUs × periods); got {h.shape}"
        )
    if not isinstance(ddof, int | np.integer) or ddof < 0:
        raise InvalidInputError(f"ddof must be a non-negative integer; got {ddof!r}")
    if h.shape[1] <= ddof:
        raise InvalidInputError(f"{name} must have more than ddof={ddof} periods; got {h.shape[1]}")
    raise_at(name, "be >= 0", h < 0, h)
    return h, one


# ---------------------------------------------------------------------------
# Demand statistics
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class DemandStatistics(DerivedTable):
    r"""Result of [`demand_statistics`][ecomops.inventory.demand_statistics]: one row per SKU.

    Attributes
    ----------
    demand_mean : float or ndarray
        Mean demand per period. [units / period]
    demand_std : float or ndarray
        Standard deviation of demand per period with the given ``ddof``. [units / period]
    cv : float or ndarray
        ``demand_std / demand_mean``; ``inf`` for a SKU without demand. [-]
    n_periods : int
        Periods in the history. [periods]
    n_nonzero : float or ndarray
        Periods with positive demand. [periods]
    adi : float or ndarray
        Average inter-demand interval ``n_periods / n_nonzero``; ``inf`` without
        demand. [periods]
    cv2 : float or ndarray
        Squared coefficient of variation of the non-zero demand sizes (0 when
        there are ``ddof`` or fewer of them). [-]
    ddof : int
        The delta degrees of freedom used.

    Examples
    --------
    >>> from ecomops.inventory import demand_statistics
    >>> st = demand_statistics([[3, 0, 4, 5, 0, 6], [1, 1, 1, 1, 1, 1]])
    >>> st.demand_mean, st.demand_std.round(3), st.adi
    (array([3., 1.]), array([2.53, 0.  ]), array([1.5, 1. ]))
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(count=("n_nonzero",))

    demand_mean: float | FloatArray
    demand_std: float | FloatArray
    cv: float | FloatArray
    n_nonzero: float | FloatArray
    adi: float | FloatArray
    cv2: float | FloatArray
    n_periods: int
    ddof: int


def _stats(h: FloatArray, ddof: int) -> dict[str, FloatArray]:
    n = h.shape[1]
    mean = h.mean(axis=1)
    std = h.std(axis=1, ddof=ddof)
    nz = h > 0
    k = nz.sum(axis=1).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.where(mean > 0, std / mean, np.inf)
        adi = np.where(k > 0, n / k, np.inf)
        size_mean = np.where(k > 0, np.where(nz, h, 0.0).sum(axis=1) / k, 0.0)
        dev = np.where(nz, h - size_mean[:, None], 0.0)
        size_var = np.where(k > ddof, (dev * dev).sum(axis=1) / (k - ddof), 0.0)
        cv2 = np.where(size_mean > 0, size_var / size_mean**2, 0.0)
    return {
        "demand_mean": mean, "demand_std": std, "cv": cv, "n_nonzero": k, "adi": adi, "cv2": cv2,
    }  # fmt: skip


def demand_statistics(history: ArrayLike, *, ddof: int = 1) -> DemandStatistics:
    r"""Per-SKU demand statistics from a SKUs × periods history.

    $$
    \bar d = \frac1n\sum_t d_t, \quad
    s = \sqrt{\frac{1}{n-\delta}\sum_t (d_t-\bar d)^2}, \quad
    \mathrm{ADI} = \frac{n}{\#\{t: d_t>0\}}, \quad
    \mathrm{CV}^2 = \left(\frac{s_+}{\bar d_+}\right)^2
    $$

    where $\bar d_+$, $s_+$ are the mean and standard deviation of
    the non-zero demands and $\delta$ is ``ddof``.

    Parameters
    ----------
    history : array_like
        Demand per period, >= 0, shape ``(n_skus, n_periods)`` (1-D: one SKU).
        Fill periods without sales with 0. [units]
    ddof : int
        Delta degrees of freedom of the standard deviations: 1 (default, the
        sample standard deviation, an unbiased variance) or 0 (population).

    Returns
    -------
    DemandStatistics
        ``demand_mean``, ``demand_std``, ``cv``, ``n_nonzero``, ``adi``, ``cv2`` per SKU.

    Raises
    ------
    InvalidInputError
        For NaN, negative or non-numeric demand, a history with ``ddof`` or fewer
        periods, or a bad ``ddof``.

    Notes
    -----
    A SKU without demand has mean and standard deviation 0 and an infinite
    ``cv`` and ``adi``.

    References
    ----------
    1. Syntetos, A. A. and Boylan, J. E. (2005), "The accuracy of
       intermittent demand estimates", *International Journal of Forecasting*
       21(2), 303-314, doi:10.1016/j.ijforecast.2004.10.001 (ADI and CV²).
    2. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., §4.5.

    Examples
    --------
    >>> from ecomops.inventory import demand_statistics
    >>> st = demand_statistics([0, 2, 0, 0, 7, 0, 1, 0], ddof=1)
    >>> st.demand_mean, round(st.demand_std, 4), round(st.adi, 4), round(st.cv2, 4)
    (1.25, 2.4349, 2.6667, 0.93)
    """
    h, one = _history(history, ddof)
    s = _stats(h, ddof)
    values = {k: frozen(v, one) for k, v in s.items()}
    return DemandStatistics(**values, n_periods=int(h.shape[1]), ddof=int(ddof))


# ---------------------------------------------------------------------------
# ABC / XYZ / demand pattern
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class ABCClassification(DerivedTable):
    r"""Result of `abc_classification`, in the order of the input.

    Attributes
    ----------
    classes : ndarray of str
        ``"A"``, ``"B"``, ``"C"`` (one more letter per extra threshold). [-]
    share : ndarray
        Each item's share of the total. [fraction]
    cumulative_share : ndarray
        Share of the total held by the items ranked up to and including this one. [fraction]
    rank : ndarray of int
        1 for the largest value (ties keep the input order). [-]
    thresholds : tuple of float
        The cumulative-share thresholds.
    crossing : str
        The rule for the item that crosses a threshold.

    Examples
    --------
    >>> from ecomops.inventory import abc_classification
    >>> abc_classification([50, 30, 15, 5]).classes
    array(['A', 'A', 'B', 'C'], dtype='<U1')
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        share=(
            "share",
            "cumulative_share",
        )
    )

    classes: StrArray
    share: FloatArray
    cumulative_share: FloatArray
    rank: npt.NDArray[np.int64]
    thresholds: tuple[float, ...]
    crossing: str


def abc_classification(
    values: ArrayLike,
    *,
    thresholds: Sequence[float] = (0.8, 0.95),
    crossing: ABCCrossing = "include",
) -> ABCClassification:
    r"""ABC (Pareto) classification by cumulative share of a value (revenue, usage, margin).

    Items are ranked by value, largest first (stable: ties keep the input
    order); $C_i$ is the cumulative share up to and including item
    $i$. With thresholds $t_1 < t_2 < \dots$, an item is in class
    $j$ when

    * ``"include"`` (default): $C_{i-1} < t_j$ (the item that crosses
      $t_j$ completes class $j$, so class A covers at least
      $t_1$ of the value);
    * ``"exclude"``: $C_i \le t_j$ (the crossing item goes to the next
      class; class A covers at most $t_1$).

    Parameters
    ----------
    values : array_like
        Non-negative values, one per item, with a positive sum. [currency or units]
    thresholds : sequence of float
        Increasing cumulative shares in (0, 1); default ``(0.8, 0.95)``: A up to
        80%, B up to 95%, C the rest.
    crossing : {"include", "exclude"}
        Rule for the item that crosses a threshold; default ``"include"``.

    Returns
    -------
    ABCClassification
        ``classes``, ``share``, ``cumulative_share``, ``rank``, in input order.

    Raises
    ------
    InvalidInputError
        For negative, NaN or non-numeric values, a zero total, thresholds not
        strictly increasing in (0, 1), or an unknown ``crossing``.

    Notes
    -----
    inventorize 1.2.6's ``ABC`` assigns A when the cumulative share is strictly
    below 0.8: the crossing item goes to B, and an item that lands exactly on
    80% is B too (``"exclude"`` puts that one in A).

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., CRC Press, §2.4 (the
       distribution-by-value curve and ABC classes).
    2. Dickie, H. F. (1951), "ABC inventory analysis shoots for dollars, not
       pennies", *Factory Management and Maintenance* 109(7), 92-94.

    Examples
    --------
    >>> from ecomops.inventory import abc_classification
    >>> res = abc_classification([5, 50, 15, 30], crossing="include")
    >>> res.classes, res.cumulative_share
    (array(['C', 'A', 'B', 'A'], dtype='<U1'), array([1.  , 0.5 , 0.95, 0.8 ]))
    >>> abc_classification([40, 30, 20, 10], crossing="include").classes
    array(['A', 'A', 'A', 'B'], dtype='<U1')
    >>> abc_classification([40, 30, 20, 10], crossing="exclude").classes
    array(['A', 'A', 'B', 'C'], dtype='<U1')
    """
    check_option(crossing, "crossing", ABC_CROSSINGS)
    t = np.asarray(as_float_array(list(thresholds), "thresholds", ndim=1))
    if t.size == 0 or not (np.all(t > 0) and np.all(t < 1) and np.all(np.diff(t) > 0)):
        raise InvalidInputError(
            f"thresholds must be strictly increasing values in (0, 1); got {tuple(thresholds)}"
        )
    if t.size > 25:
        raise InvalidInputError("thresholds must have at most 25 values (classes A to Z)")
    v = as_float_array(values, "values", ndim=1)
    raise_at("values", "be >= 0", v < 0, v)
    total = float(v.sum())
    if not total > 0:
        raise InvalidInputError("values must have a positive sum")
    order = np.argsort(-v, kind="stable")
    share = v / total
    cum_sorted = np.cumsum(share[order])
    cum_sorted = np.minimum(cum_sorted, 1.0)
    cum_sorted[-1] = 1.0
    before = np.concatenate([[0.0], cum_sorted[:-1]])
    tol = 1e-12
    if crossing == "include":
        # class j while before < t_j: count the thresholds already reached before the item
        cls_sorted = np.sum(before[:, None] >= t[None, :] - tol, axis=1)
    else:
        cls_sorted = np.sum(cum_sorted[:, None] > t[None, :] + tol, axis=1)
    letters = np.array([chr(ord("A") + i) for i in range(t.size + 1)])
    classes = np.empty(v.shape[0], dtype="<U1")
    classes[order] = letters[cls_sorted]
    cum = np.empty_like(cum_sorted)
    cum[order] = cum_sorted
    rank = np.empty(v.shape[0], dtype=np.int64)
    rank[order] = np.arange(1, v.shape[0] + 1)
    return ABCClassification(
        classes=read_only(classes),
        share=frozen(share, False),
        cumulative_share=frozen(cum, False),
        rank=rank,
        thresholds=tuple(float(x) for x in t),
        crossing=crossing,
    )


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class XYZClassification(DerivedTable):
    r"""Result of [`xyz_classification`][ecomops.inventory.xyz_classification]: one row per SKU.

    Attributes
    ----------
    classes : ndarray of str
        ``"X"`` (steady), ``"Y"`` (variable), ``"Z"`` (erratic or no demand). [-]
    cv : ndarray
        Coefficient of variation of demand per period (``inf`` without demand). [-]
    demand_mean, demand_std : ndarray
        Mean and standard deviation of demand per period. [units / period]
    cv_thresholds : tuple of float
        The thresholds used.

    Examples
    --------
    >>> from ecomops.inventory import xyz_classification
    >>> xyz_classification([[10, 11, 9, 10], [0, 8, 0, 2]]).classes
    array(['X', 'Z'], dtype='<U1')
    """

    classes: StrArray
    cv: FloatArray
    demand_mean: FloatArray
    demand_std: FloatArray
    cv_thresholds: tuple[float, float]


def xyz_classification(
    history: ArrayLike,
    *,
    cv_thresholds: tuple[float, float] = (0.5, 1.0),
    ddof: int = 1,
) -> XYZClassification:
    r"""XYZ classification by the coefficient of variation of demand per period.

    $$
    \mathrm{CV} = s/\bar d:\quad X \text{ if } \mathrm{CV}\le c_1,\quad
    Y \text{ if } c_1 < \mathrm{CV}\le c_2,\quad Z \text{ otherwise}
    $$

    Parameters
    ----------
    history : array_like
        Demand per period, >= 0, shape ``(n_skus, n_periods)`` (1-D: one SKU). [units]
    cv_thresholds : tuple of two floats
        $0 < c_1 < c_2$; default ``(0.5, 1.0)``.
    ddof : int
        Delta degrees of freedom of the standard deviation; default 1 (sample).

    Returns
    -------
    XYZClassification
        ``classes``, ``cv``, ``demand_mean``, ``demand_std``.

    Raises
    ------
    InvalidInputError
        As `demand_statistics`, and for thresholds not increasing and positive.

    Notes
    -----
    A SKU without demand has an undefined CV, reported as ``inf``: it is class Z.
    The thresholds depend on the period length (daily demand is far more
    variable than monthly): classify on the period you plan in.

    References
    ----------
    1. Scholz-Reiter, B., Heger, J., Meinecke, C. and Bergmann, J. (2012),
       "Integration of demand forecasts in ABC-XYZ analysis: practical
       investigation at an industrial company", *International Journal of
       Productivity and Performance Management* 61(4), 445-451,
       doi:10.1108/17410401211212689.

    Examples
    --------
    >>> from ecomops.inventory import xyz_classification
    >>> res = xyz_classification([[10, 11, 9, 10], [5, 9, 2, 8], [0, 8, 0, 2]])
    >>> res.classes, res.cv.round(3)
    (array(['X', 'Y', 'Z'], dtype='<U1'), array([0.082, 0.527, 1.514]))
    """
    c = tuple(float(x) for x in cv_thresholds)
    if len(c) != 2 or not (0 < c[0] < c[1]):
        raise InvalidInputError(
            f"cv_thresholds must be two increasing positive values; got {cv_thresholds!r}"
        )
    h, _ = _history(history, ddof)
    s = _stats(h, ddof)
    cv = s["cv"]
    classes = np.where(cv <= c[0], "X", np.where(cv <= c[1], "Y", "Z")).astype("<U1")
    return XYZClassification(
        classes=read_only(classes),
        cv=frozen(cv, False),
        demand_mean=frozen(s["demand_mean"], False),
        demand_std=frozen(s["demand_std"], False),
        cv_thresholds=(c[0], c[1]),
    )


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class DemandPattern(DerivedTable):
    r"""Result of [`demand_pattern`][ecomops.inventory.demand_pattern]: one row per SKU.

    Attributes
    ----------
    pattern : ndarray of str
        ``"smooth"``, ``"erratic"``, ``"intermittent"``, ``"lumpy"`` or
        ``"no_demand"``. [-]
    adi : ndarray
        Average inter-demand interval (``inf`` without demand). [periods]
    cv2 : ndarray
        Squared coefficient of variation of the non-zero demand sizes. [-]
    n_nonzero : ndarray
        Periods with demand. [periods]

    Examples
    --------
    >>> from ecomops.inventory import demand_pattern
    >>> demand_pattern([[5, 6, 5, 4, 6, 5], [0, 0, 9, 0, 0, 1]]).pattern
    array(['smooth', 'lumpy'], dtype='<U12')
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(count=("n_nonzero",))

    pattern: StrArray
    adi: FloatArray
    cv2: FloatArray
    n_nonzero: FloatArray


def demand_pattern(
    history: ArrayLike,
    *,
    adi_threshold: float = 1.32,
    cv2_threshold: float = 0.49,
    ddof: int = 1,
) -> DemandPattern:
    r"""Syntetos-Boylan demand categories: smooth, erratic, intermittent, lumpy.

    | category | ADI | CV² of non-zero sizes |
    |---|---|---|
    | smooth | < 1.32 | < 0.49 |
    | erratic | < 1.32 | >= 0.49 |
    | intermittent | >= 1.32 | < 0.49 |
    | lumpy | >= 1.32 | >= 0.49 |

    with $\mathrm{ADI} = n/\#\{t: d_t>0\}$ (see `demand_statistics`).

    Parameters
    ----------
    history : array_like
        Demand per period, >= 0, ``(n_skus, n_periods)`` (1-D: one SKU). [units]
    adi_threshold : float
        ADI cut-off, > 1; default 1.32 (Syntetos, Boylan and Croston 2005).
    cv2_threshold : float
        CV² cut-off, > 0; default 0.49 (same source).
    ddof : int
        Delta degrees of freedom of the size variance; default 1 (sample).

    Returns
    -------
    DemandPattern
        ``pattern``, ``adi``, ``cv2``, ``n_nonzero``.

    Raises
    ------
    InvalidInputError
        As `demand_statistics`, and for non-positive thresholds.

    Notes
    -----
    A SKU with no demand is ``"no_demand"``. With ``ddof`` or fewer non-zero
    periods the size variance cannot be estimated and CV² is taken as 0.

    References
    ----------
    1. Syntetos, A. A., Boylan, J. E. and Croston, J. D. (2005), "On the
       categorization of demand patterns", *Journal of the Operational Research
       Society* 56(5), 495-503, doi:10.1057/palgrave.jors.2601841.

    Examples
    --------
    >>> from ecomops.inventory import demand_pattern
    >>> res = demand_pattern([[5, 6, 5, 4, 6, 5], [1, 9, 2, 12, 1, 8], [0, 4, 0, 0, 5, 0],
    ...                       [0, 0, 9, 0, 0, 1], [0, 0, 0, 0, 0, 0]])
    >>> res.pattern.tolist()
    ['smooth', 'erratic', 'intermittent', 'lumpy', 'no_demand']
    """
    a_t = as_real_scalar(adi_threshold, "adi_threshold", finite=True)
    c_t = as_real_scalar(cv2_threshold, "cv2_threshold", finite=True)
    if not a_t > 1 or not c_t > 0:
        raise InvalidInputError(
            "adi_threshold must be > 1 and cv2_threshold > 0; "
            f"got {adi_threshold!r}, {cv2_threshold!r}"
        )
    h, _ = _history(history, ddof)
    s = _stats(h, ddof)
    adi, cv2 = s["adi"], s["cv2"]
    frequent = adi < a_t
    steady = cv2 < c_t
    pattern = np.where(
        frequent,
        np.where(steady, "smooth", "erratic"),
        np.where(steady, "intermittent", "lumpy"),
    ).astype("<U12")
    pattern[s["n_nonzero"] == 0] = "no_demand"
    return DemandPattern(
        pattern=read_only(pattern), adi=frozen(adi, False), cv2=frozen(cv2, False),
        n_nonzero=frozen(s["n_nonzero"], False),
    )  # fmt: skip


# ---------------------------------------------------------------------------
# KPIs
# ---------------------------------------------------------------------------


_TURNOVER = Constraints(cost_of_goods_sold=NON_NEGATIVE, average_inventory_value=POSITIVE)


@overload
def inventory_turnover(cost_of_goods_sold: Real, average_inventory_value: Real) -> float: ...
@overload
def inventory_turnover(
    cost_of_goods_sold: ArrayLike, average_inventory_value: ArrayLike
) -> FloatArray: ...
@series_io
@_TURNOVER.declare
def inventory_turnover(cost_of_goods_sold: ArrayLike, average_inventory_value: ArrayLike) -> Any:
    r"""Inventory turnover: cost of goods sold over average inventory, both at cost.

    $$
    \text{turns} = \frac{\text{COGS}}{\bar I_{\text{cost}}}
    $$

    Parameters
    ----------
    cost_of_goods_sold : float or array_like
        Cost of the goods sold in the period, >= 0. [currency]
    average_inventory_value : float or array_like
        Average inventory valued at cost over the same period, > 0. [currency]

    Returns
    -------
    float, ndarray or Series
        Turns per period (per year with annual COGS). [1 / period]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For negative COGS or a non-positive inventory value.

    Notes
    -----
    Both terms at cost: the sales-based variant (revenue over inventory at cost)
    mixes a retail numerator with a cost denominator and inflates the ratio by
    the markup. 365 / turns gives days of inventory. NaN propagates.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., §2.7 (turnover ratio).
    2. Chopra, S. and Meindl, P. (2016), *Supply Chain Management*, 6th ed.,
       Pearson, §3.3 (inventory turns).

    Examples
    --------
    >>> from ecomops.inventory import inventory_turnover
    >>> inventory_turnover(1_200_000, 200_000)
    6.0
    """
    return _TURNOVER.evaluate(
        np.divide,
        cost_of_goods_sold=cost_of_goods_sold,
        average_inventory_value=average_inventory_value,
    )


_GMROI = Constraints(gross_margin=REAL, average_inventory_cost=POSITIVE)


@overload
def gmroi(gross_margin: Real, average_inventory_cost: Real) -> float: ...
@overload
def gmroi(gross_margin: ArrayLike, average_inventory_cost: ArrayLike) -> FloatArray: ...
@series_io
@_GMROI.declare
def gmroi(gross_margin: ArrayLike, average_inventory_cost: ArrayLike) -> Any:
    r"""Gross margin return on inventory investment.

    $$
    \mathrm{GMROI} = \frac{\text{gross margin}}{\bar I_{\text{cost}}}
    $$

    Parameters
    ----------
    gross_margin : float or array_like
        Revenue less cost of goods sold over the period (may be negative). [currency]
    average_inventory_cost : float or array_like
        Average inventory at cost over the same period, > 0. [currency]

    Returns
    -------
    float, ndarray or Series
        Margin earned per unit of currency held in stock, per period. [-]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For a non-positive inventory value.

    Notes
    -----
    NaN propagates.

    References
    ----------
    1. Levy, M., Weitz, B. A. and Grewal, D. (2019), *Retailing Management*,
       10th ed., McGraw-Hill, ch. 6 (GMROI = gross margin percentage × sales-to-stock ratio).

    Examples
    --------
    >>> from ecomops.inventory import gmroi
    >>> gmroi(300_000, 120_000)
    2.5
    """
    return _GMROI.evaluate(
        np.divide, gross_margin=gross_margin, average_inventory_cost=average_inventory_cost
    )


_SELL_THROUGH = Constraints(
    units_sold=NON_NEGATIVE, units_received=NON_NEGATIVE, beginning_inventory=NON_NEGATIVE
)


@overload
def sell_through_rate(
    units_sold: Real, units_received: Real, *, beginning_inventory: Real = ...
) -> float: ...
@overload
def sell_through_rate(
    units_sold: ArrayLike, units_received: ArrayLike, *, beginning_inventory: ArrayLike = ...
) -> FloatArray: ...
@series_io
@_SELL_THROUGH.declare
def sell_through_rate(
    units_sold: ArrayLike, units_received: ArrayLike, *, beginning_inventory: ArrayLike = 0.0
) -> Any:
    r"""Sell-through rate: units sold over units available in the period.

    $$
    \text{sell-through} = \frac{\text{sold}}{I_0 + \text{received}}
    $$

    Parameters
    ----------
    units_sold : float or array_like
        Units sold in the period, >= 0. [units]
    units_received : float or array_like
        Units received in the period, >= 0. [units]
    beginning_inventory : float or array_like
        Units on hand at the start of the period, >= 0; default 0. [units]

    Returns
    -------
    float, ndarray or Series
        [fraction]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For negative inputs or nothing available (zero denominator).

    Notes
    -----
    Some retailers divide by units received only; with opening stock that can
    exceed 1. NaN propagates.

    References
    ----------
    1. Levy, M., Weitz, B. A. and Grewal, D. (2019), *Retailing Management*,
       10th ed., McGraw-Hill, ch. 12 (sell-through analysis).

    Examples
    --------
    >>> from ecomops.inventory import sell_through_rate
    >>> sell_through_rate(60, 100, beginning_inventory=20)
    0.5
    """
    return _SELL_THROUGH.evaluate(
        _sell_through,
        units_sold=units_sold,
        units_received=units_received,
        beginning_inventory=beginning_inventory,
    )


def _sell_through(sold: FloatArray, received: FloatArray, beginning: FloatArray) -> FloatArray:
    available = received + beginning
    raise_at("units_received", "plus beginning_inventory be > 0", available == 0, received)
    out: FloatArray = sold / available
    return out


_DAYS_OF_SUPPLY = Constraints(
    on_hand=Interval(0.0, None, "left", allow_nan=False),
    demand_per_period=Interval(0.0, None, "left", allow_nan=False),
    direction=Options(SUPPLY_DIRECTIONS),
    period_days=POSITIVE,
)


@series_io
@_DAYS_OF_SUPPLY.declare
def days_of_supply(
    on_hand: float | ArrayLike,
    demand_per_period: float | ArrayLike,
    *,
    direction: SupplyDirection = "backward",
    period_days: float = 1.0,
) -> Any:
    r"""Days of supply: how long the stock on hand lasts, backward- or forward-looking.

    * ``"backward"``: stock over the average past demand,
      $I/\bar d$ periods; ``demand_per_period`` is a rate (one per SKU) or a
      history (SKUs × periods, averaged).
    * ``"forward"``: the time until the cumulative forecast
      $\sum_{t\le T} f_t$ reaches the stock, interpolated within the
      period; ``demand_per_period`` is a forecast (SKUs × future periods). Past the
      horizon the forecast's average rate is extended.

    The result in periods is multiplied by ``period_days``.

    Parameters
    ----------
    on_hand : float or array_like
        Stock on hand (or inventory position), >= 0, one per SKU. [units]
    demand_per_period : float or array_like
        Demand in each period, >= 0: one rate per SKU or a history (SKUs ×
        periods) with ``"backward"``, a forecast (SKUs × future periods) with
        ``"forward"``. [units / period]
    direction : {"backward", "forward"}
        Default ``"backward"``.
    period_days : float
        Days per period of ``demand_per_period`` (7 for weekly data), > 0; default 1. [days]

    Returns
    -------
    float, ndarray or Series
        Days of supply; ``inf`` for positive stock and zero demand (it never
        runs out), 0 for no stock. [days]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For negative or NaN inputs, a forward forecast that is not 2-D (or 1-D
        for one SKU), or shapes that do not match.

    Notes
    -----
    Backward and forward days differ when demand is seasonal: before a peak the
    backward figure overstates how long the stock lasts.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., §2.7 (time supply).
    2. APICS (2017), *APICS Dictionary*, 15th ed., "days of supply".

    Examples
    --------
    >>> from ecomops.inventory import days_of_supply
    >>> days_of_supply([100, 0, 50], [10, 5, 0])
    array([10.,  0., inf])
    >>> days_of_supply(25, [10, 10, 20, 20], direction="forward")
    2.25
    >>> days_of_supply(30, [[4, 6, 5, 5]], period_days=7)
    array([42.])
    """
    direction, pd_, stock, d = _DAYS_OF_SUPPLY.convert(
        direction=direction,
        period_days=period_days,
        on_hand=on_hand,
        demand_per_period=demand_per_period,
    )
    pd_ = check_scalar(pd_, "period_days")
    if direction == "backward":
        rate = d.mean(axis=-1) if d.ndim == 2 else d
        if d.ndim > 2:
            raise InvalidInputError(
                f"demand_per_period must be at most 2-dimensional; got {d.shape}"
            )
        scalar = stock.ndim == 0 and np.ndim(rate) == 0
        stock, rate = broadcast(on_hand=stock, demand_per_period=np.asarray(rate, dtype=np.float64))
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(stock == 0, 0.0, np.where(rate > 0, stock / rate, np.inf))
        return to_output(out * pd_, scalar)
    one = d.ndim == 1
    f = d[None, :] if one else d
    if f.ndim != 2 or f.shape[1] == 0:
        raise InvalidInputError(
            f"a forward demand forecast must be (n_skus, n_periods) or 1-D; got {d.shape}"
        )
    s = np.broadcast_to(stock.reshape(-1) if stock.ndim else stock, (f.shape[0],)).astype(
        np.float64
    )
    if stock.ndim and stock.reshape(-1).shape[0] not in (1, f.shape[0]):
        raise InvalidInputError(
            f"on_hand has {stock.reshape(-1).shape[0]} values for {f.shape[0]} forecast rows"
        )
    cum = np.cumsum(f, axis=1)
    total = cum[:, -1]
    n_per = f.shape[1]
    reached = cum >= s[:, None]
    idx = np.argmax(reached, axis=1)
    inside = reached[np.arange(f.shape[0]), idx] & (total >= s)
    prev = np.where(idx > 0, cum[np.arange(f.shape[0]), np.maximum(idx - 1, 0)], 0.0)
    step = f[np.arange(f.shape[0]), idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(step > 0, (s - prev) / step, 0.0)
        rate = total / n_per
        beyond = np.where(rate > 0, n_per + (s - total) / rate, np.inf)
    periods = np.where(inside, idx + frac, beyond)
    periods = np.where(s == 0, 0.0, periods)
    out = periods * pd_
    if one and stock.ndim == 0:
        return float(out[0])
    return out
