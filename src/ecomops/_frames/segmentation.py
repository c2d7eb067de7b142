r"""Customer tables from an orders frame: summary, RFM, segments, cohorts, CLV (private).

Each function reads the caller's orders frame (one row per order or order
line: customer, timestamp, amount), calls the array API of
`ecomops.segmentation` once, and returns a frame of the caller's kind keyed by
the caller's customer column.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from ecomops._core.typing import (
    CohortMetric,
    CohortPeriod,
    DuplicateHandling,
    MonetaryColumn,
    Occasion,
    PartialPeriod,
    RefundHandling,
    RFMMethod,
    RFMPreset,
    RFMTies,
    SummaryPeriod,
)
from ecomops._frames.common import FrameInput, FrameT, check_name, read_frame
from ecomops._segmentation.cohorts import cohort_matrix as _cohort_matrix
from ecomops._segmentation.rfm import rfm_scores as _rfm_scores
from ecomops._segmentation.segments import SegmentMap
from ecomops._segmentation.segments import segment_customers as _segment_customers
from ecomops._segmentation.segments import segment_summary as _segment_summary
from ecomops._segmentation.summary import CustomerSummary
from ecomops._segmentation.summary import customer_summary as _customer_summary
from ecomops.exceptions import InvalidInputError

__all__ = [
    "Orders",
    "cohort_matrix",
    "customer_summary",
    "rfm_scores",
    "segment_customers",
    "segment_summary",
    "summarize",
]

_SUMMARY_COLUMNS = (
    "first_purchase",
    "last_purchase",
    "recency_days",
    "n_occasions",
    "monetary_total",
    "monetary_mean",
    "repeat_count",
    "t_x",
    "T",
    "mean_repeat_spend",
    "refund_total",
)
_RFM_COLUMNS = (
    "recency_days",
    "frequency",
    "monetary",
    "recency_score",
    "frequency_score",
    "monetary_score",
    "rfm_code",
    "frequency_monetary_score",
)


@dataclasses.dataclass(frozen=True, slots=True)
class Orders:
    """An orders frame read once: the frame, its key column's name, and the summary."""

    frame: FrameInput
    key: str
    summary: CustomerSummary

    def build(self, columns: dict[str, Any]) -> Any:
        """The answer keyed by the caller's customer column."""
        return self.frame.build(
            [(self.key, self.summary.customer_id), *columns.items()], key=self.key
        )


def summarize(
    data: Any,
    customer_id: str,
    timestamp: str,
    amount: str,
    order_id: str | None,
    is_refund: str | None,
    **options: Any,
) -> Orders:
    """Read the orders frame and summarise it per customer (the array API's summary)."""
    frame = read_frame(data)
    names = {
        "customer_id": check_name(customer_id, "customer_id"),
        "timestamp": check_name(timestamp, "timestamp"),
        "amount": check_name(amount, "amount"),
        "order_id": check_name(order_id, "order_id", optional=True),
        "is_refund": check_name(is_refund, "is_refund", optional=True),
    }
    frame.check(**names)
    summary = _customer_summary(
        frame.column(customer_id),
        frame.column(timestamp),
        frame.column(amount),
        order_ids=frame.optional(order_id),
        is_refund=frame.optional(is_refund),
        **options,
    )
    return Orders(frame, customer_id, summary)


def customer_summary(
    data: FrameT,
    *,
    customer_id: str = "customer_id",
    timestamp: str = "order_ts",
    amount: str = "amount",
    as_of: Any = None,
    order_id: str | None = None,
    is_refund: str | None = None,
    period: SummaryPeriod = "D",
    occasion: Occasion = "period",
    refunds: RefundHandling = "net",
    duplicates: DuplicateHandling = "keep",
) -> FrameT:
    """One row per customer of an orders frame: the RFM and buy-till-you-die views.

    The frame version of
    [`customer_summary`][ecomops.segmentation.customer_summary]: the same
    definitions and options, read from the caller's columns.

    Parameters
    ----------
    data : pandas or polars DataFrame
        The order log, one row per order or order line.
    customer_id, timestamp, amount : str
        Names of the columns holding the buyer, the time and the amount of each
        row (negative amounts are refunds). Defaults ``"customer_id"``,
        ``"order_ts"``, ``"amount"``. [column names]
    as_of : date-like
        The observation date, inclusive (required). [date]
    order_id, is_refund : str, optional
        Columns of order ids (one occasion per order with ``occasion="order"``) and
        of refund flags (refund rows booked with positive amounts). [column names]
    period, occasion, refunds, duplicates : str
        As in [`customer_summary`][ecomops.segmentation.customer_summary].

    Returns
    -------
    pandas or polars DataFrame
        One row per customer, sorted by customer, with a default index: the
        caller's customer column (same name) and ``first_purchase``,
        ``last_purchase``, ``recency_days``, ``n_occasions``, ``monetary_total``,
        ``monetary_mean``, ``repeat_count``, ``t_x``, ``T``,
        ``mean_repeat_spend``, ``refund_total``.

    Raises
    ------
    InvalidInputError
        For a column name the frame does not have (the message lists the
        frame's columns), and for everything the array API refuses (missing ids
        or timestamps, ...), with the same message.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "RFM and CLV:
       using iso-value curves for customer base analysis", *Journal of Marketing
       Research* 42(4), 415-430, doi:10.1509/jmkr.2005.42.4.415.

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> orders = pd.DataFrame({
    ...     "customer_id": [7, 7, 9],
    ...     "order_ts": pd.to_datetime(["2026-01-05", "2026-03-01", "2026-02-10"]),
    ...     "amount": [120.0, 80.0, 45.5],
    ... })
    >>> frames.customer_summary(orders, as_of="2026-03-31")[
    ...     ["customer_id", "recency_days", "n_occasions", "monetary_total"]]
       customer_id  recency_days  n_occasions  monetary_total
    0            7            30            2           200.0
    1            9            49            1            45.5
    """
    orders = summarize(
        data, customer_id, timestamp, amount, order_id, is_refund,
        as_of=as_of, period=period, occasion=occasion, refunds=refunds, duplicates=duplicates,
    )  # fmt: skip
    summary = orders.summary
    result: FrameT = orders.build({name: getattr(summary, name) for name in _SUMMARY_COLUMNS})
    return result


def rfm_scores(
    data: FrameT,
    *,
    customer_id: str = "customer_id",
    timestamp: str = "order_ts",
    amount: str = "amount",
    as_of: Any = None,
    order_id: str | None = None,
    is_refund: str | None = None,
    period: SummaryPeriod = "D",
    occasion: Occasion = "period",
    refunds: RefundHandling = "net",
    duplicates: DuplicateHandling = "keep",
    bins: int = 5,
    method: RFMMethod = "quantile",
    edges: Any = None,
    ties: RFMTies = "equal",
    monetary_column: MonetaryColumn = "total",
    preset: RFMPreset | None = None,
) -> FrameT:
    """RFM values and scores per customer of an orders frame, in one call.

    [`customer_summary`][ecomops.segmentation.customer_summary] then
    [`rfm_scores`][ecomops.segmentation.rfm_scores], with their definitions
    and options.

    Parameters
    ----------
    data : pandas or polars DataFrame
        The order log, one row per order or order line.
    customer_id, timestamp, amount, order_id, is_refund : str
        Column names, as in [`customer_summary`][ecomops.frames.customer_summary].
        [column names]
    as_of, period, occasion, refunds, duplicates
        The summary's options, as in
        [`customer_summary`][ecomops.segmentation.customer_summary].
    bins, method, edges, ties, monetary_column, preset
        The scores' options, as in [`rfm_scores`][ecomops.segmentation.rfm_scores].

    Returns
    -------
    pandas or polars DataFrame
        One row per customer: the caller's customer column, the values scored
        (``recency_days``, ``frequency``, ``monetary``) next to their scores
        (``recency_score``, ``frequency_score``, ``monetary_score``),
        ``rfm_code`` and ``frequency_monetary_score``.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses, with its message.

    References
    ----------
    1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> from ecomops import frames
    >>> orders = pl.DataFrame({
    ...     "user": ["a", "a", "b", "c"],
    ...     "order_ts": [date(2026, 1, 5), date(2026, 3, 1), date(2026, 2, 10), date(2025, 12, 1)],
    ...     "amount": [120.0, 80.0, 45.5, 300.0],
    ... })
    >>> frames.rfm_scores(orders, customer_id="user", as_of="2026-03-31", bins=3)[
    ...     "user", "recency_days", "recency_score", "rfm_code"].rows()
    [('a', 30.0, 3, '332'), ('b', 49.0, 2, '211'), ('c', 120.0, 1, '113')]
    """
    orders = summarize(
        data, customer_id, timestamp, amount, order_id, is_refund,
        as_of=as_of, period=period, occasion=occasion, refunds=refunds, duplicates=duplicates,
    )  # fmt: skip
    scores = _rfm_scores(
        orders.summary, bins=bins, method=method, edges=edges, ties=ties,
        monetary_column=monetary_column, preset=preset,
    )  # fmt: skip
    result: FrameT = orders.build({name: getattr(scores, name) for name in _RFM_COLUMNS})
    return result


def segment_customers(
    data: FrameT,
    segment_map: SegmentMap | None = None,
    *,
    customer_id: str = "customer_id",
    timestamp: str = "order_ts",
    amount: str = "amount",
    as_of: Any = None,
    customers: Any = None,
    order_id: str | None = None,
    is_refund: str | None = None,
    period: SummaryPeriod = "D",
    occasion: Occasion = "period",
    refunds: RefundHandling = "net",
    duplicates: DuplicateHandling = "keep",
    bins: int | None = None,
    method: RFMMethod = "quantile",
    edges: Any = None,
    ties: RFMTies = "equal",
    monetary_column: MonetaryColumn = "total",
    preset: RFMPreset | None = None,
) -> FrameT:
    """RFM segments of the customers of an orders frame, in one call.

    [`customer_summary`][ecomops.segmentation.customer_summary],
    [`rfm_scores`][ecomops.segmentation.rfm_scores] and
    [`segment_customers`][ecomops.segmentation.segment_customers] in a row,
    answered as one frame keyed by the caller's customer column, with the R, F
    and M values next to their scores and the segment; given the caller's
    ``customers`` table, the answer is that table with these columns joined on.

    Parameters
    ----------
    data : pandas or polars DataFrame
        The order log, one row per order or order line.
    segment_map : SegmentMap, optional
        First-match rules over the scores. Default: ``SegmentMap.preset("rf_10")``,
        the common 10-segment R x F map.
    customer_id, timestamp, amount, order_id, is_refund : str
        Column names, as in [`customer_summary`][ecomops.frames.customer_summary].
        [column names]
    as_of, period, occasion, refunds, duplicates
        The summary's options, as in
        [`customer_summary`][ecomops.segmentation.customer_summary].
    customers : pandas or polars DataFrame, optional
        The caller's customer table, of the same kind as ``data``, with the
        ``customer_id`` column. When given, the answer is this table (its rows,
        order and columns) with the RFM columns joined on by a left join:
        customers without a purchase in the window get missing values.
    bins : int, optional
        Scores per dimension. Default: the segment map's ``bins``.
    method, edges, ties, monetary_column, preset
        The scores' options, as in [`rfm_scores`][ecomops.segmentation.rfm_scores].

    Returns
    -------
    pandas or polars DataFrame
        The caller's customer column, ``recency_days``, ``frequency``,
        ``monetary``, their three scores, ``rfm_code``,
        ``frequency_monetary_score``, ``segment`` and ``rule`` (the index of the
        rule that matched).

    Raises
    ------
    InvalidInputError
        For a missing column in ``data`` or ``customers`` (listing its columns),
        a ``customers`` table of another kind, and whatever the array API refuses.

    References
    ----------
    1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.
    2. pymc-marketing, ``pymc_marketing.clv.utils.rfm_segments`` (RFM segments
       from a data frame in one call).

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> orders = pd.DataFrame({
    ...     "customer_id": [1, 1, 1, 2, 3, 3],
    ...     "order_ts": pd.to_datetime(["2026-01-02", "2026-02-03", "2026-03-20",
    ...                                 "2025-11-11", "2026-03-01", "2026-03-25"]),
    ...     "amount": [59.0, 120.0, 88.0, 35.0, 240.0, 99.0],
    ... })
    >>> frames.segment_customers(orders, as_of="2026-03-31")[
    ...     ["customer_id", "recency_days", "frequency", "rfm_code", "segment"]]
       customer_id  recency_days  frequency rfm_code              segment
    0            1          11.0        3.0      353      Loyal Customers
    1            2         140.0        1.0      111          Hibernating
    2            3           6.0        2.0      535  Potential Loyalists
    """
    segment_map = SegmentMap.preset("rf_10") if segment_map is None else segment_map
    orders = summarize(
        data, customer_id, timestamp, amount, order_id, is_refund,
        as_of=as_of, period=period, occasion=occasion, refunds=refunds, duplicates=duplicates,
    )  # fmt: skip
    scores = _rfm_scores(
        orders.summary, bins=_bins(bins, segment_map), method=method, edges=edges, ties=ties,
        monetary_column=monetary_column, preset=preset,
    )  # fmt: skip
    segments = _segment_customers(scores, segment_map)
    columns = {name: getattr(scores, name) for name in _RFM_COLUMNS}
    columns.update(segment=segments.segment, rule=segments.rule)
    answer = orders.build(columns)
    if customers is None:
        return answer  # type: ignore[no-any-return]
    return _join_onto(customers, answer, orders)  # type: ignore[no-any-return]


def _bins(bins: int | None, segment_map: SegmentMap) -> int:
    if not isinstance(segment_map, SegmentMap):
        raise InvalidInputError(
            f"segment_map must be a SegmentMap; got {type(segment_map).__name__}"
        )
    return segment_map.bins if bins is None else bins


def _join_onto(customers: Any, answer: Any, orders: Orders) -> Any:
    """The caller's customer table with the answer's columns joined on (left join)."""
    table = read_frame(customers, "customers")
    if table.kind != orders.frame.kind:
        raise InvalidInputError(
            f"customers must be a {orders.frame.kind} DataFrame like data; got a {table.kind} one"
        )
    table.check(customer_id=orders.key)
    clash = sorted(set(table.columns) & {str(c) for c in answer.columns} - {orders.key})
    if clash:
        raise InvalidInputError(
            f"customers already has the answer's columns {clash}; drop or rename them first"
        )
    if table.kind == "pandas":
        return customers.merge(answer, on=orders.key, how="left", validate="many_to_one")
    try:
        return customers.join(answer, on=orders.key, how="left", maintain_order="left")
    except TypeError:  # pragma: no cover - polars < 1.18, whose left joins keep the left order
        return customers.join(answer, on=orders.key, how="left")


def segment_summary(
    data: FrameT,
    segment_map: SegmentMap | None = None,
    *,
    customer_id: str = "customer_id",
    timestamp: str = "order_ts",
    amount: str = "amount",
    as_of: Any = None,
    order_id: str | None = None,
    is_refund: str | None = None,
    period: SummaryPeriod = "D",
    occasion: Occasion = "period",
    refunds: RefundHandling = "net",
    duplicates: DuplicateHandling = "keep",
    bins: int | None = None,
    method: RFMMethod = "quantile",
    ties: RFMTies = "equal",
) -> FrameT:
    """Customers, revenue and orders per RFM segment of an orders frame.

    [`segment_customers`][ecomops.frames.segment_customers] followed by
    [`segment_summary`][ecomops.segmentation.segment_summary].

    Parameters
    ----------
    data : pandas or polars DataFrame
        The order log.
    segment_map : SegmentMap, optional
        Default: ``SegmentMap.preset("rf_10")``.
    customer_id, timestamp, amount, order_id, is_refund : str
        Column names, as in [`customer_summary`][ecomops.frames.customer_summary].
        [column names]
    as_of, period, occasion, refunds, duplicates, bins, method, ties
        As in [`segment_customers`][ecomops.frames.segment_customers].

    Returns
    -------
    pandas or polars DataFrame
        One row per segment, in the map's label order: ``segment``,
        ``n_customers``, ``customer_share``, ``revenue``, ``revenue_share``,
        ``n_occasions``, ``average_order_value``, ``mean_recency_days``.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> orders = pd.DataFrame({
    ...     "customer_id": [1, 1, 2, 3],
    ...     "order_ts": pd.to_datetime(["2026-01-02", "2026-03-20", "2025-11-11", "2026-03-25"]),
    ...     "amount": [59.0, 88.0, 35.0, 240.0],
    ... })
    >>> table = frames.segment_summary(orders, as_of="2026-03-31")
    >>> round(float(table["revenue_share"].sum()), 6)
    1.0
    """
    segment_map = SegmentMap.preset("rf_10") if segment_map is None else segment_map
    orders = summarize(
        data, customer_id, timestamp, amount, order_id, is_refund,
        as_of=as_of, period=period, occasion=occasion, refunds=refunds, duplicates=duplicates,
    )  # fmt: skip
    scores = _rfm_scores(orders.summary, bins=_bins(bins, segment_map), method=method, ties=ties)
    table = _segment_summary(_segment_customers(scores, segment_map), orders.summary)
    result: FrameT = orders.frame.build(table.columns().items())
    return result


def cohort_matrix(
    data: FrameT,
    *,
    customer_id: str = "customer_id",
    timestamp: str = "order_ts",
    amount: str | None = None,
    as_of: Any = None,
    period: CohortPeriod = "M",
    metric: CohortMetric = "customers",
    order_id: str | None = None,
    partial: PartialPeriod = "keep",
) -> FrameT:
    """Acquisition cohorts of an orders frame, as a long table (one row per cell).

    The frame version of [`cohort_matrix`][ecomops.segmentation.cohort_matrix].
    A long table suits both frame libraries and plotting; pivot it for the
    matrix view (``df.pivot(index="cohort", columns="offset", values="retention")``
    in pandas, ``on="offset"`` in polars).

    Parameters
    ----------
    data : pandas or polars DataFrame
        The order log.
    customer_id, timestamp : str
        Column names. Defaults ``"customer_id"``, ``"order_ts"``. [column names]
    amount : str, optional
        Column of amounts; needed for ``metric="revenue"``. [column name]
    as_of : date-like
        The observation date, inclusive. [date]
    period, metric, partial
        As in [`cohort_matrix`][ecomops.segmentation.cohort_matrix].
    order_id : str, optional
        Column of order ids; ``metric="orders"`` counts distinct orders with it.
        [column name]

    Returns
    -------
    pandas or polars DataFrame
        One row per cohort and offset, cohorts in time order: ``cohort`` (first
        day of the cohort's period), ``offset`` (periods since), ``cohort_size``
        (customers acquired), ``cohort_value`` (the metric), ``retention``
        (``cohort_value`` over the cohort's offset-0 value) and ``is_partial``. Cells not yet
        observable at ``as_of`` hold NaN, not zero.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Fader, P. S. and Hardie, B. G. S. (2010), "Customer-base valuation in a
       contractual setting: the perils of ignoring heterogeneity", *Marketing
       Science* 29(1), 85-93, doi:10.1287/mksc.1080.0482 (cohort retention).

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> orders = pd.DataFrame({
    ...     "customer_id": [1, 1, 2],
    ...     "order_ts": pd.to_datetime(["2026-01-03", "2026-02-03", "2026-02-10"]),
    ... })
    >>> cells = frames.cohort_matrix(orders, as_of="2026-02-28")
    >>> cells[["cohort", "offset", "cohort_value", "retention"]]
          cohort  offset  cohort_value  retention
    0 2026-01-01       0           1.0        1.0
    1 2026-01-01       1           1.0        1.0
    2 2026-02-01       0           1.0        1.0
    3 2026-02-01       1           NaN        NaN
    """
    frame = read_frame(data)
    names = {
        "customer_id": check_name(customer_id, "customer_id"),
        "timestamp": check_name(timestamp, "timestamp"),
        "amount": check_name(amount, "amount", optional=True),
        "order_id": check_name(order_id, "order_id", optional=True),
    }
    frame.check(**names)
    matrix = _cohort_matrix(
        frame.column(customer_id), frame.column(timestamp), frame.optional(amount),
        as_of=as_of, period=period, metric=metric, order_ids=frame.optional(order_id),
        partial=partial,
    )  # fmt: skip
    n_cohorts, n_offsets = matrix.values.shape
    result: FrameT = frame.build(
        [
            ("cohort", np.repeat(matrix.cohorts, n_offsets)),
            ("offset", np.tile(matrix.offsets, n_cohorts)),
            ("cohort_size", np.repeat(matrix.cohort_sizes, n_offsets)),
            ("cohort_value", matrix.values.reshape(-1)),
            ("retention", matrix.retention.reshape(-1)),
            ("is_partial", matrix.is_partial.reshape(-1)),
        ]
    )
    return result
