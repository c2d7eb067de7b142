r"""Acquisition cohorts: activity by cohort and periods since the first purchase (private).

Public names are re-exported by :mod:`ecomops.segmentation`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from ecomops._core.results import Result
from ecomops._core.typing import BoolArray, FloatArray, IntArray
from ecomops._core.validation import as_float_array, check_option
from ecomops._segmentation.summary import (
    _column,
    as_date_scalar,
    as_seconds,
    factorize_ids,
    sort_pairs,
    starts_of_runs,
)
from ecomops.exceptions import InvalidInputError

__all__ = ["CohortMatrix", "cohort_matrix"]

AnyArray: TypeAlias = npt.NDArray[Any]
CohortPeriod: TypeAlias = Literal["D", "W", "M", "Q", "Y"]
CohortMetric: TypeAlias = Literal["customers", "orders", "revenue"]
Partial: TypeAlias = Literal["keep", "mask"]

COHORT_PERIODS: tuple[CohortPeriod, ...] = ("D", "W", "M", "Q", "Y")
METRICS: tuple[CohortMetric, ...] = ("customers", "orders", "revenue")
PARTIALS: tuple[Partial, ...] = ("keep", "mask")


def _day_to_period(days: IntArray, period: CohortPeriod) -> IntArray:
    if period == "D":
        return days
    if period == "W":
        return (days + 3) // 7
    months: IntArray = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if period == "M":
        return months
    if period == "Q":
        return months // 3
    return months // 12


def _period_bounds(index: IntArray, period: CohortPeriod) -> tuple[AnyArray, AnyArray]:
    """First and last day (datetime64[D]) of each period index."""
    if period == "D":
        start = index
        end = index
    elif period == "W":
        start = index * 7 - 3
        end = start + 6
    else:
        months = {"M": 1, "Q": 3, "Y": 12}[period]
        first_month = (index * months).astype("datetime64[M]")
        start = first_month.astype("datetime64[D]").astype(np.int64)
        end = (first_month + months).astype("datetime64[D]").astype(np.int64) - 1
    return start.astype("datetime64[D]"), np.asarray(end).astype("datetime64[D]")


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class CohortMatrix(Result):
    r"""Activity of acquisition cohorts by periods since their first purchase.

    Row :math:`c` is the cohort of customers whose first purchase (up to
    ``as_of``) falls in period :math:`c`; column :math:`k` is the offset, the
    :math:`k`-th period after it. Cells not observable at ``as_of`` (period
    :math:`c + k` starts after ``as_of``) are NaN, not zero.

    Attributes
    ----------
    cohorts : ndarray of datetime64[D]
        First day of each cohort's period.
    offsets : ndarray of int64
        Periods since the cohort's period, ``0, 1, ...``. [periods]
    values : ndarray of float64, 2-D (cohorts × offsets)
        The metric: active customers, orders, or revenue [currency]; NaN where
        not yet observable.
    retention : ndarray of float64, 2-D
        ``values / values[:, 0]`` (for customers: the share of the cohort active
        at offset k; 1 at offset 0). [fraction]
    cohort_sizes : ndarray of int64
        Customers acquired in each cohort. [customers]
    is_partial : ndarray of bool, 2-D
        Cells whose period contains ``as_of`` but does not end by it (observed
        in part; NaN with ``partial="mask"``).
    metric, period : str
        The options used.
    as_of : numpy.datetime64
        Observation date (inclusive).

    References
    ----------
    .. [1] Fader, P. S. and Hardie, B. G. S. (2010), "Customer-base valuation in
       a contractual setting: the perils of ignoring heterogeneity", *Marketing
       Science* 29(1), 85-93, doi:10.1287/mksc.1080.0482.

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.segmentation import cohort_matrix
    >>> ts = np.array(["2024-01-03", "2024-02-03"], dtype="datetime64[D]")
    >>> cm = cohort_matrix([1, 1], ts, as_of="2024-02-15")
    >>> cm.values.tolist(), cm.is_partial.tolist()
    ([[1.0, 1.0]], [[False, True]])
    """

    cohorts: AnyArray
    offsets: IntArray
    values: FloatArray
    retention: FloatArray
    cohort_sizes: IntArray
    is_partial: BoolArray
    metric: CohortMetric
    period: CohortPeriod
    as_of: np.datetime64

    def to_pandas(self, *, what: Literal["values", "retention"] = "retention") -> Any:
        """The matrix as a pandas DataFrame (cohorts × offsets). Needs pandas.

        Examples
        --------
        >>> import numpy as np
        >>> from ecomops.segmentation import cohort_matrix
        >>> ts = np.array(["2024-01-03", "2024-02-03", "2024-02-10"], dtype="datetime64[D]")
        >>> cohort_matrix([1, 1, 2], ts, as_of="2024-02-29").to_pandas().shape
        (2, 2)
        """
        check_option(what, "what", ("values", "retention"))
        import pandas as pd

        data = self.retention if what == "retention" else self.values
        return pd.DataFrame(
            np.array(data),
            index=pd.Index(np.array(self.cohorts), name="cohort"),
            columns=pd.Index(np.array(self.offsets), name="offset"),
        )


def cohort_matrix(
    customer_ids: Any,
    timestamps: Any,
    amounts: Any = None,
    *,
    as_of: Any = None,
    period: CohortPeriod = "M",
    metric: CohortMetric = "customers",
    order_ids: Any = None,
    partial: Partial = "keep",
) -> CohortMatrix:
    r"""Cohort table: customers, orders or revenue by acquisition cohort and offset.

    A customer's cohort is the period of their first purchase up to ``as_of``;
    a row at period :math:`p` counts in cell :math:`(c, p - c)`. For
    ``metric="customers"`` a cell counts distinct active customers and

    .. math::

        \text{retention}_{c,k} = \frac{\#\{i \in c : i \text{ buys in period } c + k\}}{|c|},
        \qquad \text{retention}_{c,0} = 1.

    Parameters
    ----------
    customer_ids : array_like of int or str
        Buyer of each row. [-]
    timestamps : array_like of datetime
        Time of each row (local wall-clock time). [s]
    amounts : array_like of float, optional
        Amount of each row; required for ``metric="revenue"``. [currency]
    as_of : date or datetime, required
        Observation date, inclusive; later rows are ignored.
    period : {"M", "D", "W", "Q", "Y"}
        Cohort and offset unit: months (default), days, ISO weeks, quarters, years.
    metric : {"customers", "orders", "revenue"}
        Distinct active customers (default), orders (distinct ``order_ids``, or
        rows without them), or revenue.
    order_ids : array_like, optional
        Order of each row, for ``metric="orders"``. [-]
    partial : {"keep", "mask"}
        The period containing ``as_of`` is observed only in part: ``"keep"`` its
        cells (flagged in ``is_partial``) or ``"mask"`` them as NaN. Default ``"keep"``.

    Returns
    -------
    CohortMatrix

    Raises
    ------
    InvalidInputError
        Without ``as_of``; for missing ids or timestamps, mismatched lengths,
        ``metric="revenue"`` without amounts, or unknown options.

    References
    ----------
    .. [1] Fader, P. S. and Hardie, B. G. S. (2010), "Customer-base valuation in
       a contractual setting: the perils of ignoring heterogeneity", *Marketing
       Science* 29(1), 85-93, doi:10.1287/mksc.1080.0482 (cohort retention and
       right-censored cohorts).

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.segmentation import cohort_matrix
    >>> ts = np.array(["2024-01-03", "2024-01-20", "2024-02-03", "2024-03-05", "2024-02-10",
    ...                "2024-03-01"], dtype="datetime64[D]")
    >>> cm = cohort_matrix([1, 2, 1, 1, 3, 3], ts, as_of="2024-03-31")
    >>> cm.cohorts.tolist(), cm.cohort_sizes.tolist()
    ([datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)], [2, 1])
    >>> cm.retention.tolist()
    [[1.0, 0.5, 0.5], [1.0, 1.0, nan]]
    """
    period = check_option(period, "period", COHORT_PERIODS)
    metric = check_option(metric, "metric", METRICS)
    partial = check_option(partial, "partial", PARTIALS)
    as_of_day = int(as_date_scalar(as_of, "as_of").astype("datetime64[D]").astype(np.int64))
    codes, _ = factorize_ids(customer_ids, "customer_ids")
    seconds = as_seconds(timestamps, "timestamps")
    lengths = {"customer_ids": codes.shape[0], "timestamps": seconds.shape[0]}
    amt: FloatArray | None = None
    if amounts is not None:
        amt = as_float_array(_column(amounts, "amounts"), "amounts", ndim=1)
        lengths["amounts"] = amt.shape[0]
    elif metric == "revenue":
        raise InvalidInputError("metric='revenue' needs amounts")
    orders: IntArray | None = None
    if order_ids is not None:
        orders, _ = factorize_ids(order_ids, "order_ids")
        lengths["order_ids"] = orders.shape[0]
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{k} has {v}" for k, v in lengths.items())
        raise InvalidInputError(f"inputs must have the same length; {shown}")

    days = seconds // 86_400
    keep = days <= as_of_day
    if not keep.all():
        codes, days = codes[keep], days[keep]
        amt = amt[keep] if amt is not None else None
        orders = orders[keep] if orders is not None else None
    p = _day_to_period(days, period)
    as_of_p = int(_day_to_period(np.array([as_of_day]), period)[0])
    n_cust = int(codes.max()) + 1 if codes.size else 0
    first = np.full(n_cust, np.iinfo(np.int64).max, dtype=np.int64)
    if codes.size:
        _segment_min(first, codes, p)
    seen = first != np.iinfo(np.int64).max
    cohort_of = first[codes]
    offset = p - cohort_of
    if codes.size:
        c_min, c_max = int(first[seen].min()), int(first[seen].max())
    else:
        c_min = c_max = as_of_p
    n_cohorts = c_max - c_min + 1 if codes.size else 0
    n_offsets = as_of_p - c_min + 1 if codes.size else 0
    row = cohort_of - c_min
    cell = row * n_offsets + offset
    size = n_cohorts * n_offsets
    if metric == "customers":
        perm, s_codes, s_off = sort_pairs(codes, offset)
        starts = starts_of_runs(s_codes, s_off)
        cells = (cohort_of[perm][starts] - c_min) * n_offsets + s_off[starts]
        counts = np.bincount(cells, minlength=size).astype(np.float64)
    elif metric == "orders":
        if orders is None:
            counts = np.bincount(cell, minlength=size).astype(np.float64)
        else:
            perm, s_codes, s_orders = sort_pairs(codes, orders)
            starts = starts_of_runs(s_codes, s_orders)
            # an order counts once, in the cell of its first row
            first_cell = np.minimum.reduceat(cell[perm], starts) if starts.size else starts
            counts = np.bincount(first_cell, minlength=size).astype(np.float64)
    else:
        assert amt is not None
        counts = np.bincount(cell, weights=amt, minlength=size).astype(np.float64)
    values = counts.reshape(n_cohorts, n_offsets)
    cohort_index = np.arange(c_min, c_min + n_cohorts, dtype=np.int64)
    offsets = np.arange(n_offsets, dtype=np.int64)
    cell_period = cohort_index[:, None] + offsets[None, :]
    observable = cell_period <= as_of_p
    _, as_of_end = _period_bounds(np.array([as_of_p]), period)
    ends_after = bool(as_of_end[0] > np.datetime64(as_of_day, "D"))
    is_partial = (cell_period == as_of_p) & ends_after
    mask = ~observable | (is_partial if partial == "mask" else False)
    values = np.where(mask, np.nan, values)
    sizes = np.bincount(first[seen] - c_min, minlength=n_cohorts).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        base = values[:, :1] if n_offsets else values
        retention = values / base
    starts_d, _ = _period_bounds(cohort_index, period)
    for arr in (values, retention, is_partial, offsets, sizes):
        arr.setflags(write=False)
    return CohortMatrix(
        cohorts=starts_d,
        offsets=offsets,
        values=values,
        retention=retention,
        cohort_sizes=sizes,
        is_partial=is_partial,
        metric=metric,
        period=period,
        as_of=np.datetime64(as_of_day, "D"),
    )


def _segment_min(out: IntArray, codes: IntArray, values: IntArray) -> None:
    """``np.minimum.at(out, codes, values)`` via one packed sort (``values`` may be negative)."""
    low = int(values.min())
    _, s_codes, s_vals = sort_pairs(codes, values - low)
    starts = starts_of_runs(s_codes)
    out[s_codes[starts]] = s_vals[starts] + low
