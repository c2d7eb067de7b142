r"""Per-customer summaries of an order log: RFM and buy-till-you-die views (private).

Public names are re-exported by :mod:`ecomops.segmentation`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from ecomops._core.results import Result, Table
from ecomops._core.typing import BoolArray, FloatArray, IntArray
from ecomops._core.validation import as_float_array, check_option, raise_at
from ecomops.exceptions import InvalidInputError

__all__ = [
    "CustomerSummary",
    "DataQualityReport",
    "Period",
    "customer_summary",
]

Period: TypeAlias = Literal["h", "D", "W", "M"]
Occasion: TypeAlias = Literal["period", "order", "row"]
Refunds: TypeAlias = Literal["net", "separate", "exclude"]
Duplicates: TypeAlias = Literal["keep", "drop"]
DateLike: TypeAlias = "str | _dt.date | np.datetime64"
AnyArray: TypeAlias = npt.NDArray[Any]

PERIODS: tuple[Period, ...] = ("h", "D", "W", "M")
OCCASIONS: tuple[Occasion, ...] = ("period", "order", "row")
REFUNDS: tuple[Refunds, ...] = ("net", "separate", "exclude")
DUPLICATES: tuple[Duplicates, ...] = ("keep", "drop")

_SECONDS_PER_DAY = 86_400
_SECONDS_PER_HOUR = 3_600


# ---------------------------------------------------------------------------
# Input conversion
# ---------------------------------------------------------------------------


def _column(values: Any, name: str) -> AnyArray:
    """A 1-D numpy view of a numpy array, list, pandas or polars column."""
    if values is None:
        raise InvalidInputError(f"{name} is required; got None")
    if isinstance(values, str | bytes):
        raise InvalidInputError(f"{name} must be a column (array-like); got the string {values!r}")
    module = type(values).__module__
    if module.startswith("polars"):
        values = values.to_numpy()
    elif module.startswith("pandas"):
        dtype = getattr(values, "dtype", None)
        if getattr(dtype, "tz", None) is not None:  # tz-aware: keep the local wall-clock time
            values = (
                values.dt.tz_localize(None) if hasattr(values, "dt") else values.tz_localize(None)
            )
        values = values.to_numpy()
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{name} must be a regular 1-D column: {exc}") from None
    if arr.ndim != 1:
        raise InvalidInputError(f"{name} must be 1-dimensional; got shape {arr.shape}")
    return arr


def _is_missing_object(arr: AnyArray) -> BoolArray:
    """Missing entries of an object column: None, NaN, NaT, pandas NA."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is optional
        out = np.fromiter(
            (v is None or (isinstance(v, float) and v != v) for v in arr.tolist()),
            dtype=bool,
            count=arr.shape[0],
        )
        return out
    return np.asarray(pd.isna(arr), dtype=bool)


def factorize_ids(values: Any, name: str = "customer_ids") -> tuple[IntArray, AnyArray]:
    """Codes ``0..k-1`` and sorted unique ids of an id column (ints or strings).

    Missing ids (None, NaN, NaT) are refused. Integer ids in a compact range are
    factorised in linear time; strings are hashed with pandas when it is
    installed, sorted with numpy otherwise.
    """
    arr = _column(values, name)
    kind = arr.dtype.kind
    if kind == "b":
        raise InvalidInputError(f"{name} must be integers or strings; got booleans")
    if kind == "f":
        raise_at(name, "not be missing", np.isnan(arr), arr)
        raise_at(name, "be whole numbers (integer ids)", arr != np.floor(arr), arr)
        arr = arr.astype(np.int64)
        kind = "i"
    if kind == "O":
        if arr.size:
            missing = _is_missing_object(arr)
            raise_at(name, "not be missing", missing, arr)
        types = {type(v) for v in arr[: min(arr.size, 1000)].tolist()}
        if types <= {str}:
            arr = _object_to_str(arr, name)
            kind = "U"
        elif types and all(issubclass(t, int | np.integer) and t is not bool for t in types):
            try:
                arr = arr.astype(np.int64)
            except (TypeError, ValueError, OverflowError):
                raise InvalidInputError(
                    f"{name} must be all integers or all strings; got a mix"
                ) from None
            kind = "i"
        elif arr.size:
            shown = ", ".join(sorted(t.__name__ for t in types))
            raise InvalidInputError(f"{name} must be integers or strings; got {shown}")
        else:
            arr = arr.astype(np.int64)
            kind = "i"
    if kind in "iu":
        return _factorize_int(arr.astype(np.int64, copy=False))
    if kind in "US":
        if kind == "S":
            arr = arr.astype(str)
        return _factorize_str(arr)
    raise InvalidInputError(f"{name} must be integers or strings; got dtype {arr.dtype}")


def _object_to_str(arr: AnyArray, name: str) -> AnyArray:
    out = arr.astype(str)
    # a mix such as ["a", 1] passes the sampled type check only if the sample missed it
    if arr.size > 1000:
        kinds = np.frompyfunc(lambda v: isinstance(v, str), 1, 1)(arr).astype(bool)
        raise_at(name, "be all strings or all integers", ~kinds, arr)
    return out


def _factorize_int(arr: IntArray) -> tuple[IntArray, IntArray]:
    n = arr.shape[0]
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    lo, hi = int(arr.min()), int(arr.max())
    span = hi - lo + 1
    if span <= 2 * n + (1 << 20):
        present = np.zeros(span, dtype=bool)
        shifted = arr - lo
        present[shifted] = True
        lut = np.cumsum(present, dtype=np.int64) - 1
        return lut[shifted], (np.flatnonzero(present) + lo).astype(np.int64)
    uniques, codes = np.unique(arr, return_inverse=True)
    return codes.reshape(-1).astype(np.int64), uniques.astype(np.int64)


def _factorize_str(arr: AnyArray) -> tuple[IntArray, AnyArray]:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is optional
        uniques, codes = np.unique(arr, return_inverse=True)
        return codes.reshape(-1).astype(np.int64), uniques
    codes, uniques = pd.factorize(arr, sort=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=str)


def as_seconds(values: Any, name: str = "timestamps") -> IntArray:
    """Timestamps as int64 seconds since 1970-01-01 (local wall-clock time).

    Accepts datetime64 arrays of any unit, pandas or polars datetime/date
    columns, and sequences of ``datetime``/``date`` objects or ISO 8601 strings.
    Missing values (NaT, None) are refused.
    """
    arr = _column(values, name)
    if arr.dtype.kind != "M":
        if arr.dtype.kind in "biufc":
            raise InvalidInputError(
                f"{name} must be dates or datetimes; got numbers (dtype {arr.dtype})"
            )
        if arr.dtype.kind == "O" and arr.size:
            raise_at(name, "not be missing", _is_missing_object(arr), arr)
        try:
            arr = arr.astype("datetime64[s]")
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(f"{name} must be dates or datetimes: {exc}") from None
    raise_at(name, "not be missing (NaT)", np.isnat(arr), arr)
    return arr.astype("datetime64[s]").astype(np.int64)


def as_date_scalar(value: Any, name: str) -> np.datetime64:
    """One date or datetime as a numpy datetime64 (its own resolution)."""
    if value is None:
        raise InvalidInputError(
            f"{name} is required: pass the date the data is observed at, e.g. "
            f"{name}='2026-10-31' (results must not depend on the day they are run)"
        )
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    try:
        out = np.datetime64(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"{name} must be a date or datetime; got {value!r}: {exc}"
        ) from None
    if np.isnat(out):
        raise InvalidInputError(f"{name} must be a date or datetime; got NaT")
    return out


def days_to_period(days: IntArray, period: Period) -> IntArray:
    """Period index of day numbers (days since 1970-01-01) for D, W (Monday) and M."""
    if period == "D":
        return days
    if period == "W":
        return (days + 3) // 7  # 1970-01-01 is a Thursday: weeks start on Monday
    if period == "M":
        months: IntArray = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        return months
    raise AssertionError(period)  # pragma: no cover


def period_start(index: IntArray, period: Period) -> AnyArray:
    """First instant of each period index, as datetime64[s]."""
    if period == "h":
        return (index * _SECONDS_PER_HOUR).astype("datetime64[s]")
    if period == "D":
        return index.astype("datetime64[D]").astype("datetime64[s]")
    if period == "W":
        return (index * 7 - 3).astype("datetime64[D]").astype("datetime64[s]")
    return index.astype("datetime64[M]").astype("datetime64[s]")


def _bits(n: int) -> int:
    return max(int(n).bit_length(), 1)


def sort_pairs(major: IntArray, minor: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Stable sort by (major, minor) for non-negative int64 keys.

    Returns the permutation and the sorted keys. Packs ``(major, minor, row)``
    into one int64 and sorts values (SIMD sort, ~10x faster than ``argsort``)
    when the bits fit; falls back to ``np.lexsort`` otherwise.
    """
    n = major.shape[0]
    if n == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    b_row = _bits(n - 1)
    b_minor = _bits(int(minor.max()))
    b_major = _bits(int(major.max()))
    if b_row + b_minor + b_major <= 63:
        key = (major << (b_minor + b_row)) | (minor << b_row) | np.arange(n, dtype=np.int64)
        key.sort()
        perm = key & ((1 << b_row) - 1)
        key >>= b_row
        sorted_minor = key & ((1 << b_minor) - 1)
        key >>= b_minor
        return perm, key, sorted_minor
    perm = np.lexsort((minor, major)).astype(np.int64)
    return perm, major[perm], minor[perm]


def starts_of_runs(*keys: IntArray) -> IntArray:
    """Indices where any of the (sorted) key arrays changes; always includes 0."""
    n = keys[0].shape[0]
    if n == 0:
        return np.zeros(0, np.int64)
    change = np.zeros(n, dtype=bool)
    change[0] = True
    for k in keys:
        change[1:] |= k[1:] != k[:-1]
    return np.flatnonzero(change)


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class DataQualityReport(Result):
    """What :func:`customer_summary` found in the order log, and what it did with it.

    No row is dropped without being counted here. Counts refer to rows of the
    input, unless named otherwise.

    Attributes
    ----------
    n_rows : int
        Rows given. [rows]
    n_rows_used : int
        Rows that entered a purchase occasion. [rows]
    n_rows_after_as_of : int
        Rows later than ``as_of``, excluded. [rows]
    n_customers_after_as_of_only : int
        Customers whose every row is later than ``as_of`` (absent from the summary). [customers]
    n_duplicate_rows : int
        Rows identical to an earlier row in customer, timestamp, amount, order id
        and refund flag (possible double exports; two identical lines of one
        order look the same). [rows]
    n_duplicate_rows_dropped : int
        Of those, rows dropped (``duplicates="drop"``). [rows]
    n_refund_rows : int
        Refund rows up to ``as_of``: negative amounts, or rows flagged by ``is_refund``. [rows]
    n_refund_rows_excluded : int
        Refund rows kept out of the purchase occasions (``refunds="separate"`` or
        ``"exclude"``). [rows]
    refund_total : float
        Sum of refunded amounts up to ``as_of``, positive. [currency]
    n_zero_amount_rows : int
        Rows with a zero amount (kept). [rows]
    n_nonpositive_occasions : int
        Purchase occasions whose total is zero or negative (e.g. a refund booked
        on a later day with ``refunds="net"``). [occasions]
    n_customers_nonpositive_total : int
        Customers whose ``monetary_total`` is zero or negative. [customers]
    n_customers_without_purchase : int
        Customers with refunds only (absent from the summary). [customers]

    References
    ----------
    .. [1] Wang, R. Y. and Strong, D. M. (1996), "Beyond accuracy: what data
       quality means to data consumers", *Journal of Management Information
       Systems* 12(4), 5-33, doi:10.1080/07421222.1996.11518099.

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.segmentation import customer_summary
    >>> day = np.array(["2024-01-01", "2024-01-01", "2024-02-09"], dtype="datetime64[D]")
    >>> q = customer_summary([1, 1, 2], day, [10.0, 10.0, 7.0], as_of="2024-01-31").quality
    >>> q.n_duplicate_rows, q.n_rows_after_as_of, q.n_customers_after_as_of_only
    (1, 1, 1)
    """

    n_rows: int
    n_rows_used: int
    n_rows_after_as_of: int
    n_customers_after_as_of_only: int
    n_duplicate_rows: int
    n_duplicate_rows_dropped: int
    n_refund_rows: int
    n_refund_rows_excluded: int
    refund_total: float
    n_zero_amount_rows: int
    n_nonpositive_occasions: int
    n_customers_nonpositive_total: int
    n_customers_without_purchase: int

    def __add__(self, other: DataQualityReport) -> DataQualityReport:
        """The report of two disjoint chunks (counts add up)."""
        if not isinstance(other, DataQualityReport):
            return NotImplemented
        values = {
            f.name: getattr(self, f.name) + getattr(other, f.name) for f in dataclasses.fields(self)
        }
        return DataQualityReport(**values)

    def issues(self) -> list[str]:
        """Plain-language lines for every non-zero finding.

        Examples
        --------
        >>> import numpy as np
        >>> from ecomops.segmentation import customer_summary
        >>> s = customer_summary([1, 1, 2], np.array(["2024-01-01", "2024-03-01", "2024-01-05"],
        ...                      dtype="datetime64[D]"), [10.0, 5.0, 7.0], as_of="2024-02-01")
        >>> s.quality.issues()
        ['1 rows after as_of were excluded']
        """
        lines = []
        if self.n_rows_after_as_of:
            lines.append(f"{self.n_rows_after_as_of} rows after as_of were excluded")
        if self.n_customers_after_as_of_only:
            lines.append(
                f"{self.n_customers_after_as_of_only} customers buy only after as_of "
                "and are not in the summary"
            )
        if self.n_duplicate_rows:
            done = "dropped" if self.n_duplicate_rows_dropped else "kept"
            lines.append(f"{self.n_duplicate_rows} rows duplicate an earlier row ({done})")
        if self.n_refund_rows:
            lines.append(
                f"{self.n_refund_rows} refund rows ({self.refund_total:.2f} refunded; "
                f"{self.n_refund_rows_excluded} kept out of purchase occasions)"
            )
        if self.n_zero_amount_rows:
            lines.append(f"{self.n_zero_amount_rows} rows have a zero amount")
        if self.n_nonpositive_occasions:
            lines.append(f"{self.n_nonpositive_occasions} occasions total zero or less")
        if self.n_customers_nonpositive_total:
            lines.append(
                f"{self.n_customers_nonpositive_total} customers have a total of zero or less"
            )
        if self.n_customers_without_purchase:
            lines.append(
                f"{self.n_customers_without_purchase} customers have refunds only "
                "and are not in the summary"
            )
        return lines


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class CustomerSummary(Table):
    r"""One row per customer: the RFM view and the buy-till-you-die view of an order log.

    Built by :func:`customer_summary`; sorted by customer id.

    Attributes
    ----------
    customer_ids : ndarray of int64 or str
        Customer id. [-]
    first_purchase, last_purchase : ndarray of datetime64[s]
        Start of the period (day, or hour for ``period="h"``) of the first and
        last purchase occasion. [s]
    recency_days : ndarray of int64
        Whole days from the last purchase to ``as_of`` (RFM recency, "days since
        the last purchase"). [days]
    n_occasions : ndarray of int64
        Purchase occasions, the first one included (RFM frequency). [occasions]
    monetary_total : ndarray of float64
        Sum of the amounts of all occasions (net of refunds for ``refunds="net"``). [currency]
    monetary_mean : ndarray of float64
        ``monetary_total / n_occasions``. [currency]
    repeat_count : ndarray of int64
        :math:`x`, occasions after the first. [occasions]
    t_x : ndarray of float64
        Time of the last occasion after the first (``last - first``), the
        buy-till-you-die "recency" of lifetimes. [periods]
    T : ndarray of float64
        Time from the first occasion to ``as_of`` (customer age). [periods]
    mean_repeat_spend : ndarray of float64
        Mean total of the repeat occasions; NaN when ``repeat_count == 0``
        (lifetimes and pymc-marketing write 0). [currency]
    refund_total : ndarray of float64
        Refunds booked to the customer up to ``as_of``, positive; how they enter
        the monetary columns depends on ``refunds``. [currency]
    as_of : numpy.datetime64
        Observation date (inclusive, at day resolution or hour for ``period="h"``).
    period : str
        Unit of ``t_x`` and ``T`` and of the occasion grid: ``"h"``, ``"D"``,
        ``"W"`` (ISO weeks, Monday first) or ``"M"`` (calendar months).
    occasion, refunds, duplicates : str
        The options used.
    quality : DataQualityReport
        Rows excluded, duplicates, refunds and non-positive totals.

    References
    ----------
    .. [1] Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.
    .. [2] Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "Counting your
       customers the easy way", *Marketing Science* 24(2), 275-284,
       doi:10.1287/mksc.1040.0098.

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.segmentation import customer_summary
    >>> day = np.array(["2024-01-01", "2024-01-09", "2024-01-03"], dtype="datetime64[D]")
    >>> s = customer_summary([1, 1, 2], day, [10.0, 5.0, 7.0], as_of="2024-01-31")
    >>> s.column_names[:4]
    ('customer_ids', 'first_purchase', 'last_purchase', 'recency_days')
    >>> s.to_pandas()[["recency_days", "repeat_count", "t_x", "T"]].values.tolist()
    [[22.0, 1.0, 8.0, 30.0], [28.0, 0.0, 0.0, 28.0]]
    """

    customer_ids: AnyArray
    first_purchase: AnyArray
    last_purchase: AnyArray
    recency_days: IntArray
    n_occasions: IntArray
    monetary_total: FloatArray
    monetary_mean: FloatArray
    repeat_count: IntArray
    t_x: FloatArray
    T: FloatArray
    mean_repeat_spend: FloatArray
    refund_total: FloatArray
    as_of: np.datetime64
    period: Period
    occasion: Occasion
    refunds: Refunds
    duplicates: Duplicates
    quality: DataQualityReport

    def merge(self, *others: CustomerSummary) -> CustomerSummary:
        """Combine summaries of chunks split by customer into the one-pass summary.

        Chunks must use the same ``as_of`` and options, and no customer may
        appear in two chunks (split the log by customer, e.g. by a hash of the
        id, as a distributed engine would). The result equals
        :func:`customer_summary` on the whole log, quality report included.

        Raises
        ------
        InvalidInputError
            If the options differ or a customer appears in two chunks.

        Examples
        --------
        >>> import numpy as np
        >>> from ecomops.segmentation import customer_summary
        >>> day = np.array(["2024-01-01", "2024-01-09", "2024-01-03"], dtype="datetime64[D]")
        >>> a = customer_summary([1, 1], day[:2], [10.0, 5.0], as_of="2024-01-31")
        >>> b = customer_summary([2], day[2:], [7.0], as_of="2024-01-31")
        >>> a.merge(b).n_occasions.tolist()
        [2, 1]
        """
        parts = (self, *others)
        for i, other in enumerate(parts[1:], start=1):
            if not isinstance(other, CustomerSummary):
                raise InvalidInputError(
                    f"merge takes CustomerSummary objects; argument {i} is {type(other).__name__}"
                )
            for attr in ("as_of", "period", "occasion", "refunds", "duplicates"):
                if getattr(other, attr) != getattr(self, attr):
                    raise InvalidInputError(
                        f"summaries to merge must share {attr}; chunk 0 has "
                        f"{getattr(self, attr)!r}, chunk {i} has {getattr(other, attr)!r}"
                    )
        kinds = {p.customer_ids.dtype.kind for p in parts if len(p)}
        if len(kinds) > 1:
            raise InvalidInputError("summaries to merge must all have integer or all string ids")
        ids = np.concatenate([p.customer_ids for p in parts])
        order = np.argsort(ids, kind="stable")
        sorted_ids = ids[order]
        dup = np.zeros(sorted_ids.shape[0], dtype=bool)
        dup[1:] = sorted_ids[1:] == sorted_ids[:-1]
        if dup.any():
            first = sorted_ids[np.flatnonzero(dup)[0]]
            raise InvalidInputError(
                f"chunks must be split by customer; {int(dup.sum())} customers appear in "
                f"more than one chunk, e.g. {first!r}"
            )
        columns = {
            name: np.concatenate([getattr(p, name) for p in parts])[order]
            for name in self.column_names
        }
        quality = self.quality
        for p in parts[1:]:
            quality = quality + p.quality
        return CustomerSummary(
            **columns,
            as_of=self.as_of,
            period=self.period,
            occasion=self.occasion,
            refunds=self.refunds,
            duplicates=self.duplicates,
            quality=quality,
        )

    def to_lifetimes(self) -> Any:
        """The columns of lifetimes' ``summary_data_from_transaction_data``.

        A pandas DataFrame indexed by customer id with float columns
        ``frequency`` (= ``repeat_count``), ``recency`` (= ``t_x``), ``T`` and
        ``monetary_value`` (= ``mean_repeat_spend``, 0 for one-time buyers as
        lifetimes writes it). Needs pandas.

        Examples
        --------
        >>> import numpy as np
        >>> from ecomops.segmentation import customer_summary
        >>> day = np.array(["2024-01-01", "2024-01-09"], dtype="datetime64[D]")
        >>> customer_summary([1, 1], day, [10.0, 5.0], as_of="2024-01-31").to_lifetimes()
             frequency  recency     T  monetary_value
        id
        1          1.0      8.0  30.0             5.0
        """
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_lifetimes() needs pandas: pip install pandas") from None
        frame = pd.DataFrame(
            {
                "frequency": self.repeat_count.astype(np.float64),
                "recency": np.array(self.t_x),
                "T": np.array(self.T),
                "monetary_value": np.nan_to_num(np.array(self.mean_repeat_spend), nan=0.0),
            },
            index=pd.Index(np.array(self.customer_ids), name="id"),
        )
        return frame


# ---------------------------------------------------------------------------
# customer_summary
# ---------------------------------------------------------------------------


def _duplicate_mask(
    codes: IntArray, seconds: IntArray, amounts: FloatArray, orders: IntArray, flags: BoolArray
) -> BoolArray:
    """True for rows equal to an earlier row in every field (exact, hash-filtered)."""
    n = codes.shape[0]
    out = np.zeros(n, dtype=bool)
    if n < 2:
        return out
    mult = np.uint64(0x9E3779B97F4A7C15)
    h = codes.view(np.uint64) * mult
    h ^= seconds.view(np.uint64) * np.uint64(0xBF58476D1CE4E5B9)
    h ^= (amounts + 0.0).view(np.uint64) * np.uint64(0x94D049BB133111EB)  # +0.0 folds -0.0
    h ^= orders.view(np.uint64) * np.uint64(0xD6E8FEB86659FD93)
    h ^= flags.astype(np.uint64)
    h ^= h >> np.uint64(31)
    h *= mult
    h ^= h >> np.uint64(29)
    sorted_h = np.sort(h)
    repeated = sorted_h[1:][sorted_h[1:] == sorted_h[:-1]]
    if repeated.size == 0:
        return out
    repeated = np.unique(repeated)
    pos = np.minimum(np.searchsorted(repeated, h), repeated.size - 1)
    candidates = np.flatnonzero(repeated[pos] == h)
    record = np.empty(
        candidates.size,
        dtype=[("c", "<i8"), ("s", "<i8"), ("a", "<f8"), ("o", "<i8"), ("f", "?")],
    )
    record["c"], record["s"] = codes[candidates], seconds[candidates]
    record["a"], record["o"], record["f"] = (
        amounts[candidates] + 0.0,
        orders[candidates],
        flags[candidates],
    )
    _, first = np.unique(record, return_index=True)
    is_first = np.zeros(candidates.size, dtype=bool)
    is_first[first] = True
    out[candidates[~is_first]] = True
    return out


def customer_summary(
    customer_ids: Any,
    timestamps: Any,
    amounts: Any,
    *,
    as_of: Any = None,
    period: Period = "D",
    occasion: Occasion = "period",
    order_ids: Any = None,
    refunds: Refunds = "net",
    is_refund: Any = None,
    duplicates: Duplicates = "keep",
) -> CustomerSummary:
    r"""Summarise an order log per customer: recency, frequency, monetary and :math:`(x, t_x, T)`.

    Rows later than ``as_of`` are excluded (and counted). Timestamps are
    floored to ``period``; a *purchase occasion* is, by ``occasion``, all rows
    of a customer in one period (``"period"``, the lifetimes convention), one
    order id (``"order"``) or one row (``"row"``, the ``rfm`` package). For a
    customer with occasions at periods :math:`p_0 \le \dots \le p_x` and totals
    :math:`v_0, \dots, v_x`, observed at period :math:`p_\text{as of}`:

    .. math::

        x = n - 1, \quad t_x = p_x - p_0, \quad T = p_\text{as of} - p_0, \quad
        \bar v_\text{repeat} = \frac{1}{x}\sum_{i=1}^{x} v_i, \quad
        \text{recency\_days} = d_\text{as of} - d_x

    with :math:`d` in calendar days (Fader, Hardie & Lee 2005; Hughes 1994).

    Parameters
    ----------
    customer_ids : array_like of int or str
        Buyer of each row; numpy, pandas or polars columns. Missing ids are refused. [-]
    timestamps : array_like of datetime
        Time of each row (datetime64, pandas/polars datetimes, ``datetime``
        objects or ISO 8601 strings), local wall-clock time. [s]
    amounts : array_like of float
        Amount of each row; negative amounts are refunds. [currency]
    as_of : date or datetime, required
        Observation date, inclusive: rows on later days (later hours for
        ``period="h"``) are excluded and counted in the quality report.
    period : {"D", "W", "M", "h"}
        Time grid: days, ISO weeks (Monday first), calendar months or hours.
        ``t_x`` and ``T`` are in these units. Default ``"D"`` (lifetimes' ``freq``).
    occasion : {"period", "order", "row"}
        What one purchase occasion is (see above). Default ``"period"``.
    order_ids : array_like, optional
        Order of each row; required for ``occasion="order"``, and part of the
        duplicate check when given. [-]
    refunds : {"net", "separate", "exclude"}
        ``"net"``: refund rows are signed rows of their occasion (an occasion of
        refunds only is still an occasion, as in lifetimes and pymc-marketing);
        ``"separate"``: refund rows are kept out of the occasions and reported in
        ``refund_total``; ``"exclude"``: refund rows are dropped (and counted).
        Default ``"net"``.
    is_refund : array_like of bool, optional
        Flags refund rows booked with positive amounts (their amount counts as
        ``-|amount|``). Without it, refund rows are the negative amounts.
    duplicates : {"keep", "drop"}
        Rows equal to an earlier row in customer, timestamp, amount, order id and
        refund flag are counted; ``"drop"`` also removes them (what the ``rfm``
        package does). Default ``"keep"``.

    Returns
    -------
    CustomerSummary
        One row per customer with a purchase occasion up to ``as_of``, sorted by id.

    Raises
    ------
    InvalidInputError
        Without ``as_of``; for missing ids or timestamps, mismatched lengths,
        non-numeric or non-finite amounts, unknown options, or
        ``occasion="order"`` without ``order_ids``.

    Notes
    -----
    Vectorised: one packed sort of (customer, period, row) and segment
    reductions; ~10^7 rows take seconds. The caller's arrays are not modified.
    ``merge()`` of summaries of chunks split by customer equals one pass.

    References
    ----------
    .. [1] Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "Counting your
       customers the easy way: an alternative to the Pareto/NBD model",
       *Marketing Science* 24(2), 275-284, doi:10.1287/mksc.1040.0098
       (the :math:`(x, t_x, T)` summary).
    .. [2] Hughes, A. M. (1994), *Strategic Database Marketing*, Probus,
       Chicago (recency, frequency, monetary value).

    Examples
    --------
    Two orders on 2 January (one day, one occasion), a refund and an order after ``as_of``:

    >>> import numpy as np
    >>> from ecomops.segmentation import customer_summary
    >>> ts = np.array(["2024-01-02T09:00", "2024-01-02T18:30", "2024-01-10", "2024-01-20",
    ...                "2024-01-05", "2024-02-15"], dtype="datetime64[s]")
    >>> s = customer_summary(["a", "a", "a", "a", "b", "b"], ts,
    ...                      [30.0, 20.0, 40.0, -10.0, 25.0, 99.0], as_of="2024-01-31")
    >>> s.customer_ids.tolist(), s.n_occasions.tolist(), s.monetary_total.tolist()
    (['a', 'b'], [3, 1], [80.0, 25.0])
    >>> s.repeat_count.tolist(), s.t_x.tolist(), s.T.tolist(), s.recency_days.tolist()
    ([2, 0], [18.0, 0.0], [29.0, 26.0], [11, 26])
    >>> s.mean_repeat_spend.tolist()
    [15.0, nan]
    >>> s.quality.n_rows_after_as_of, s.quality.n_refund_rows, s.quality.n_nonpositive_occasions
    (1, 1, 1)
    """
    period = check_option(period, "period", PERIODS)
    occasion = check_option(occasion, "occasion", OCCASIONS)
    refunds = check_option(refunds, "refunds", REFUNDS)
    duplicates = check_option(duplicates, "duplicates", DUPLICATES)
    as_of_value = as_date_scalar(as_of, "as_of")

    codes_all, uniques = factorize_ids(customer_ids, "customer_ids")
    seconds = as_seconds(timestamps, "timestamps")
    amount_col = _column(amounts, "amounts")
    amt = as_float_array(amount_col, "amounts", ndim=1)
    lengths = {"customer_ids": codes_all.shape[0], "timestamps": seconds.shape[0],
               "amounts": amt.shape[0]}  # fmt: skip
    if order_ids is not None:
        order_codes, _ = factorize_ids(order_ids, "order_ids")
        lengths["order_ids"] = order_codes.shape[0]
    elif occasion == "order":
        raise InvalidInputError("occasion='order' needs order_ids (the order of each row)")
    else:
        order_codes = np.zeros(codes_all.shape[0], np.int64)
    if is_refund is not None:
        flag_col = _column(is_refund, "is_refund")
        if flag_col.dtype.kind != "b":
            raise InvalidInputError(f"is_refund must be booleans; got dtype {flag_col.dtype}")
        lengths["is_refund"] = flag_col.shape[0]
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{k} has {v}" for k, v in lengths.items())
        raise InvalidInputError(f"inputs must have the same length; {shown}")
    n_rows = codes_all.shape[0]

    if is_refund is not None:
        flags = np.asarray(flag_col, dtype=bool) | (amt < 0)
        signed = np.where(flag_col, -np.abs(amt), amt)
    else:
        flags = amt < 0
        signed = amt

    hourly = period == "h"
    unit = _SECONDS_PER_HOUR if hourly else _SECONDS_PER_DAY
    as_of_unit = int(
        as_of_value.astype("datetime64[h]" if hourly else "datetime64[D]").astype(np.int64)
    )
    if hourly and np.datetime_data(as_of_value.dtype)[0] in ("D", "W", "M", "Y"):
        as_of_unit += 23  # a date means its last hour
    cutoff = (as_of_unit + 1) * unit
    keep = seconds < cutoff
    n_after = int(n_rows - np.count_nonzero(keep))
    n_customers = int(uniques.shape[0])
    seen_before = np.zeros(n_customers, dtype=bool)
    seen_before[codes_all[keep]] = True
    n_after_only = int(n_customers - np.count_nonzero(seen_before))

    dup = _duplicate_mask(codes_all, seconds, signed, order_codes, flags) & keep
    n_dup = int(np.count_nonzero(dup))
    if duplicates == "drop":
        keep &= ~dup
    refund_rows = keep & flags
    n_refund_rows = int(np.count_nonzero(refund_rows))
    refund_by_customer = np.bincount(
        codes_all[refund_rows], weights=np.abs(signed[refund_rows]), minlength=n_customers
    )
    use = keep & ~flags if refunds != "net" else keep
    n_refund_excluded = n_refund_rows if refunds != "net" else 0
    n_zero = int(np.count_nonzero(keep & (amt == 0)))

    if use.all():
        codes, sec, val, orders = codes_all, seconds, signed, order_codes
    else:
        idx = np.flatnonzero(use)
        codes, sec, val, orders = codes_all[idx], seconds[idx], signed[idx], order_codes[idx]
    n_used = int(codes.shape[0])

    units = sec // unit  # hour or day index of each row
    u_min = int(units.min()) if n_used else 0
    if occasion == "order":
        perm, s_codes, s_orders = sort_pairs(codes, orders)
        s_units = units[perm]
        occ_start = starts_of_runs(s_codes, s_orders)
        occ_unit = np.minimum.reduceat(s_units, occ_start) if n_used else s_units
        occ_code = s_codes[occ_start]
    else:
        perm, s_codes, s_rel = sort_pairs(codes, units - u_min)
        s_units = s_rel + u_min
        if occasion == "row":
            occ_start = np.arange(n_used, dtype=np.int64)
        elif period in ("D", "h"):
            occ_start = starts_of_runs(s_codes, s_units)
        else:
            occ_start = starts_of_runs(s_codes, days_to_period(s_units, period))
        occ_unit = s_units[occ_start]
        occ_code = s_codes[occ_start]
    s_val = val[perm]
    occ_total = np.add.reduceat(s_val, occ_start) if n_used else s_val
    n_nonpositive_occ = int(np.count_nonzero(occ_total <= 0))

    if occasion == "order" and n_used:
        # occasions are sorted by (customer, order): re-sort by (customer, time), ties by order
        occ_perm, _, _ = sort_pairs(occ_code, occ_unit - int(occ_unit.min()))
        occ_unit, occ_total, occ_code = occ_unit[occ_perm], occ_total[occ_perm], occ_code[occ_perm]
    cust_start = starts_of_runs(occ_code)
    present = occ_code[cust_start]
    n_occ = np.diff(np.append(cust_start, occ_code.shape[0])).astype(np.int64)
    first_unit = occ_unit[cust_start]
    last_unit = occ_unit[np.append(cust_start[1:], occ_code.shape[0]) - 1] if n_used else first_unit
    total = np.add.reduceat(occ_total, cust_start) if n_used else occ_total
    repeat_values = occ_total.copy()
    repeat_values[cust_start] = 0.0
    repeat_total = np.add.reduceat(repeat_values, cust_start) if n_used else repeat_values
    repeat = n_occ - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_repeat = np.where(repeat > 0, repeat_total / np.maximum(repeat, 1), np.nan)
        monetary_mean = total / n_occ

    if hourly:
        first_p, last_p, as_of_p = first_unit, last_unit, as_of_unit
        last_day = last_unit // 24
        as_of_day = as_of_unit // 24
    else:
        first_p = days_to_period(first_unit, period)
        last_p = days_to_period(last_unit, period)
        as_of_p = int(days_to_period(np.array([as_of_unit]), period)[0])
        last_day, as_of_day = last_unit, as_of_unit

    with_purchase = np.zeros(n_customers, dtype=bool)
    with_purchase[present] = True
    n_without_purchase = int(np.count_nonzero(seen_before & ~with_purchase))

    quality = DataQualityReport(
        n_rows=n_rows,
        n_rows_used=n_used,
        n_rows_after_as_of=n_after,
        n_customers_after_as_of_only=n_after_only,
        n_duplicate_rows=n_dup,
        n_duplicate_rows_dropped=n_dup if duplicates == "drop" else 0,
        n_refund_rows=n_refund_rows,
        n_refund_rows_excluded=n_refund_excluded,
        refund_total=float(refund_by_customer.sum()),
        n_zero_amount_rows=n_zero,
        n_nonpositive_occasions=n_nonpositive_occ,
        n_customers_nonpositive_total=int(np.count_nonzero(total <= 0)),
        n_customers_without_purchase=n_without_purchase,
    )
    to_seconds = _SECONDS_PER_HOUR if hourly else _SECONDS_PER_DAY
    return CustomerSummary(
        customer_ids=uniques[present],
        first_purchase=(first_unit * to_seconds).astype("datetime64[s]"),
        last_purchase=(last_unit * to_seconds).astype("datetime64[s]"),
        recency_days=(as_of_day - last_day).astype(np.int64),
        n_occasions=n_occ,
        monetary_total=total.astype(np.float64),
        monetary_mean=monetary_mean.astype(np.float64),
        repeat_count=repeat,
        t_x=(last_p - first_p).astype(np.float64),
        T=(as_of_p - first_p).astype(np.float64),
        mean_repeat_spend=mean_repeat.astype(np.float64),
        refund_total=refund_by_customer[present].astype(np.float64),
        as_of=np.datetime64(as_of_unit * to_seconds, "s"),
        period=period,
        occasion=occasion,
        refunds=refunds,
        duplicates=duplicates,
        quality=quality,
    )
