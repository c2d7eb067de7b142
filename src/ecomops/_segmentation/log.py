"""An order log read once, and the sorted-run helpers its reductions share (private).

Public names are re-exported by `ecomops.segmentation`; nothing here is public.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from ecomops._core.columns import as_datetime64, as_seconds, column, factorize_ids, is_missing
from ecomops._core.typing import FloatArray, IntArray
from ecomops._core.validation import as_float_array, as_plain_array, check_same_length
from ecomops.exceptions import InvalidInputError

__all__ = ["OrderLog", "days_to_period", "read_order_log", "sort_pairs", "starts_of_runs"]

AnyArray: TypeAlias = npt.NDArray[Any]


@dataclasses.dataclass(frozen=True, slots=True)
class OrderLog:
    """The columns of an order log, read and checked once.

    ``codes`` index ``customers`` (sorted unique ids); ``seconds`` are
    wall-clock seconds since 1970-01-01 and ``as_of`` the observation instant
    in the same clock. ``amounts`` and ``order_codes`` are None when not given.
    """

    codes: IntArray
    customers: AnyArray
    seconds: IntArray
    as_of: np.datetime64
    amounts: FloatArray | None
    order_codes: IntArray | None

    @property
    def n_rows(self) -> int:
        return int(self.codes.shape[0])


def read_order_log(
    customer_ids: Any, timestamps: Any, amounts: Any, order_ids: Any, as_of: Any
) -> OrderLog:
    """Read the log's columns (amounts and order ids optional) and ``as_of`` in the log's clock.

    A masked array with masked values is refused by name (its hidden values
    would otherwise be read as ids, times or amounts), and so is a missing
    ``as_of`` (``pd.NaT``): no date, no observation window.
    """
    customer_ids, timestamps, amounts, order_ids = (
        _unmasked(customer_ids, "customer_ids"),
        _unmasked(timestamps, "timestamps"),
        _unmasked(amounts, "amounts"),
        _unmasked(order_ids, "order_ids"),
    )
    if as_of is not None and is_missing(as_of):
        raise InvalidInputError(f"as_of must not be NaT (a missing date); got {as_of!r}")
    codes, customers = factorize_ids(customer_ids, "customer_ids")
    seconds, zone = as_seconds(timestamps, "timestamps")
    as_of_value = as_datetime64(as_of, "as_of", zone)
    columns: dict[str, AnyArray] = {"customer_ids": codes, "timestamps": seconds}
    amount_values: FloatArray | None = None
    if amounts is not None:
        amount_values = as_float_array(column(amounts, "amounts"), "amounts", ndim=1)
        columns["amounts"] = amount_values
    order_codes: IntArray | None = None
    if order_ids is not None:
        order_codes, _ = factorize_ids(order_ids, "order_ids")
        columns["order_ids"] = order_codes
    check_same_length(**columns)
    return OrderLog(codes, customers, seconds, as_of_value, amount_values, order_codes)


def _unmasked(values: Any, name: str) -> Any:
    """A masked array's data when nothing is masked; masked values are refused by name."""
    if isinstance(values, np.ma.MaskedArray):
        return as_plain_array(values, name, "a column")
    return values


def days_to_period(days: IntArray, period: str) -> IntArray:
    """Period index of day numbers (days since 1970-01-01): D, W (Monday first), M, Q, Y."""
    if period == "D":
        return days
    if period == "W":
        return (days + 3) // 7  # 1970-01-01 is a Thursday: weeks start on Monday
    months: IntArray = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if period == "M":
        return months
    if period == "Q":
        return months // 3
    return months // 12


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
