r"""Acquisition cohorts: activity by cohort and periods since the first purchase (private).

Public names are re-exported by `ecomops.segmentation`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import numpy as np
import numpy.typing as npt

from ecomops._core.results import Display, Result, display_kinds
from ecomops._core.typing import (
    COHORT_METRICS,
    COHORT_PERIODS,
    COHORT_TABLES,
    PARTIAL_PERIODS,
    BoolArray,
    CohortMetric,
    CohortPeriod,
    CohortTable,
    FloatArray,
    IntArray,
    PartialPeriod,
)
from ecomops._core.validation import check_option, read_only
from ecomops._segmentation.log import (
    OrderLog,
    days_to_period,
    read_order_log,
    sort_pairs,
    starts_of_runs,
)
from ecomops.exceptions import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = ["CohortMatrix", "cohort_matrix"]

AnyArray: TypeAlias = npt.NDArray[Any]


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

    Row $c$ is the cohort of customers whose first purchase (up to
    ``as_of``) falls in period $c$; column $k$ is the offset, the
    $k$-th period after it. Cells not observable at ``as_of`` (period
    $c + k$ starts after ``as_of``) are NaN, not zero.

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
    1. Fader, P. S. and Hardie, B. G. S. (2010), "Customer-base valuation in
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

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        share=("retention",), count=("cohort_sizes",)
    )

    cohorts: AnyArray
    offsets: IntArray
    values: FloatArray
    retention: FloatArray
    cohort_sizes: IntArray
    is_partial: BoolArray
    metric: CohortMetric
    period: CohortPeriod
    as_of: np.datetime64

    def to_pandas(self, *, matrix: CohortTable = "retention") -> pd.DataFrame:
        """The matrix as a pandas DataFrame (cohorts × offsets). Needs pandas.

        Examples
        --------
        >>> import numpy as np
        >>> from ecomops.segmentation import cohort_matrix
        >>> ts = np.array(["2024-01-03", "2024-02-03", "2024-02-10"], dtype="datetime64[D]")
        >>> cohort_matrix([1, 1, 2], ts, as_of="2024-02-29").to_pandas().shape
        (2, 2)
        """
        check_option(matrix, "matrix", COHORT_TABLES)
        import pandas as pd

        data = self.retention if matrix == "retention" else self.values
        return pd.DataFrame(
            np.array(data),
            index=pd.Index(np.array(self.cohorts), name="cohort"),
            columns=pd.Index(np.array(self.offsets), name="offset"),
        )

    def to_polars(self, *, matrix: CohortTable = "retention") -> pl.DataFrame:
        """The matrix as a polars DataFrame: a ``cohort`` column, then one per offset.

        Polars has no row index, so the cohorts are the first column and the
        offsets name the others (``"0"``, ``"1"``, ...). Needs polars.

        Examples
        --------
        >>> import numpy as np
        >>> from ecomops.segmentation import cohort_matrix
        >>> ts = np.array(["2024-01-03", "2024-02-03", "2024-02-10"], dtype="datetime64[D]")
        >>> cohort_matrix([1, 1, 2], ts, as_of="2024-02-29").to_polars().columns
        ['cohort', '0', '1']
        """
        check_option(matrix, "matrix", COHORT_TABLES)
        import polars as pl

        data = self.retention if matrix == "retention" else self.values
        columns = {str(k): np.array(data[:, j]) for j, k in enumerate(self.offsets.tolist())}
        return pl.DataFrame({"cohort": np.array(self.cohorts), **columns})


def cohort_matrix(
    customer_ids: Any,
    timestamps: Any,
    amounts: Any = None,
    *,
    as_of: Any = None,
    period: CohortPeriod = "M",
    metric: CohortMetric = "customers",
    order_ids: Any = None,
    partial: PartialPeriod = "keep",
) -> CohortMatrix:
    r"""Cohort table: customers, orders or revenue by acquisition cohort and offset.

    A customer's cohort is the period of their first purchase up to ``as_of``;
    a row at period $p$ counts in cell $(c, p - c)$. For
    ``metric="customers"`` a cell counts distinct active customers and

    $$
    \text{retention}_{c,k} = \frac{\#\{i \in c : i \text{ buys in period } c + k\}}{|c|},
    \qquad \text{retention}_{c,0} = 1.
    $$

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
    1. Fader, P. S. and Hardie, B. G. S. (2010), "Customer-base valuation in
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
    metric = check_option(metric, "metric", COHORT_METRICS)
    partial = check_option(partial, "partial", PARTIAL_PERIODS)
    if metric == "revenue" and amounts is None:
        raise InvalidInputError("metric='revenue' needs amounts")
    log = read_order_log(customer_ids, timestamps, amounts, order_ids, as_of)
    as_of_day = int(log.as_of.astype("datetime64[D]").astype(np.int64))
    rows = _rows_up_to(log, as_of_day, period)
    grid = _Grid.of(rows, int(days_to_period(np.array([as_of_day]), period)[0]))
    counts = _cell_counts(rows, grid, metric)
    cohort_index = np.arange(grid.first_cohort, grid.first_cohort + grid.n_cohorts, dtype=np.int64)
    offsets = np.arange(grid.n_offsets, dtype=np.int64)
    is_partial, censored = _censored_cells(cohort_index, offsets, grid, as_of_day, period)
    values = np.where(censored | (is_partial if partial == "mask" else False), np.nan, counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        retention = values / (values[:, :1] if grid.n_offsets else values)
    starts_d, _ = _period_bounds(cohort_index, period)
    for arr in (values, retention, is_partial, offsets, grid.sizes):
        read_only(arr)
    return CohortMatrix(
        cohorts=starts_d,
        offsets=offsets,
        values=values,
        retention=retention,
        cohort_sizes=grid.sizes,
        is_partial=is_partial,
        metric=metric,
        period=period,
        as_of=np.datetime64(as_of_day, "D"),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _Rows:
    """Rows up to ``as_of``: customer code, period index, amount and order code."""

    codes: IntArray
    periods: IntArray
    amounts: FloatArray | None
    orders: IntArray | None


@dataclasses.dataclass(frozen=True, slots=True)
class _Grid:
    """Each row's cohort and offset, and the shape of the cohort table."""

    cohort_of: IntArray
    offset: IntArray
    first_cohort: int
    n_cohorts: int
    n_offsets: int
    as_of_period: int
    sizes: IntArray

    @classmethod
    def of(cls, rows: _Rows, as_of_period: int) -> _Grid:
        codes, periods = rows.codes, rows.periods
        if not codes.size:
            empty = np.zeros(0, np.int64)
            return cls(empty, empty, as_of_period, 0, 0, as_of_period, empty)
        first = np.full(int(codes.max()) + 1, np.iinfo(np.int64).max, dtype=np.int64)
        _segment_min(first, codes, periods)
        cohorts = first[first != np.iinfo(np.int64).max]
        c_min = int(cohorts.min())
        n_cohorts = int(cohorts.max()) - c_min + 1
        sizes = np.bincount(cohorts - c_min, minlength=n_cohorts).astype(np.int64)
        cohort_of = first[codes]
        return cls(
            cohort_of=cohort_of,
            offset=periods - cohort_of,
            first_cohort=c_min,
            n_cohorts=n_cohorts,
            n_offsets=as_of_period - c_min + 1,
            as_of_period=as_of_period,
            sizes=sizes,
        )

    @property
    def cells(self) -> IntArray:
        """Flat cell index of each row."""
        return (self.cohort_of - self.first_cohort) * self.n_offsets + self.offset


def _rows_up_to(log: OrderLog, as_of_day: int, period: CohortPeriod) -> _Rows:
    days = log.seconds // 86_400
    keep = days <= as_of_day
    if keep.all():
        return _Rows(log.codes, days_to_period(days, period), log.amounts, log.order_codes)
    return _Rows(
        log.codes[keep],
        days_to_period(days[keep], period),
        None if log.amounts is None else log.amounts[keep],
        None if log.order_codes is None else log.order_codes[keep],
    )


def _cell_counts(rows: _Rows, grid: _Grid, metric: CohortMetric) -> FloatArray:
    """The metric per (cohort, offset) cell, before censoring."""
    size = grid.n_cohorts * grid.n_offsets
    cells = grid.cells
    if metric == "customers":
        perm, s_codes, s_off = sort_pairs(rows.codes, grid.offset)
        starts = starts_of_runs(s_codes, s_off)
        counts = np.bincount(cells[perm][starts], minlength=size)
    elif metric == "orders" and rows.orders is not None:
        perm, s_codes, s_orders = sort_pairs(rows.codes, rows.orders)
        starts = starts_of_runs(s_codes, s_orders)
        # an order counts once, in the cell of its first row
        first_cell = np.minimum.reduceat(cells[perm], starts) if starts.size else starts
        counts = np.bincount(first_cell, minlength=size)
    elif metric == "orders":
        counts = np.bincount(cells, minlength=size)
    else:
        counts = np.bincount(cells, weights=rows.amounts, minlength=size)
    return counts.astype(np.float64).reshape(grid.n_cohorts, grid.n_offsets)


def _censored_cells(
    cohort_index: IntArray, offsets: IntArray, grid: _Grid, as_of_day: int, period: CohortPeriod
) -> tuple[BoolArray, BoolArray]:
    """Cells observed only in part at ``as_of``, and cells not observable at all."""
    as_of_period = grid.as_of_period
    cell_period = cohort_index[:, None] + offsets[None, :]
    _, as_of_end = _period_bounds(np.array([as_of_period]), period)
    ends_after = bool(as_of_end[0] > np.datetime64(as_of_day, "D"))
    return (cell_period == as_of_period) & ends_after, cell_period > as_of_period


def _segment_min(out: IntArray, codes: IntArray, values: IntArray) -> None:
    """``np.minimum.at(out, codes, values)`` via one packed sort (``values`` may be negative)."""
    low = int(values.min())
    _, s_codes, s_vals = sort_pairs(codes, values - low)
    starts = starts_of_runs(s_codes)
    out[s_codes[starts]] = s_vals[starts] + low
