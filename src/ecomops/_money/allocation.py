"""Largest-remainder allocation of amounts over lines, grouped and vectorised (private)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import numpy as np

from ecomops._core.typing import (
    ALLOCATION_METHODS,
    AllocationMethod,
    ArrayLike,
    FloatArray,
    IntArray,
)
from ecomops._core.validation import (
    as_float_array,
    as_int_array,
    check_option,
    is_scalar,
    raise_at,
)
from ecomops._money.column import MoneyArray
from ecomops._money.money import Money
from ecomops.exceptions import InvalidInputError

__all__ = ["allocate", "rank_within_groups"]


def rank_within_groups(groups: IntArray, keys: Sequence[np.ndarray]) -> IntArray:
    """0-based rank of each row inside its group, ordered by ``keys`` (first = primary).

    Ties are broken by row index (the sort is stable).
    """
    if groups.size == 0:
        return np.zeros(0, dtype=np.int64)
    if len(keys) == 1 and keys[0].dtype.kind in "iu":
        # one integer key: an exact composite int64 key sorts in a single (mostly
        # presorted) pass, far faster than a lexsort
        key = keys[0].astype(np.int64)
        lo = int(key.min())
        span = int(key.max()) - lo + 1
        if span * (int(groups.max()) + 1) < 2**62:
            order = np.argsort(groups * span + (key - lo), kind="stable")
        else:
            order = np.lexsort((key, groups))
    else:
        order = np.lexsort((*reversed(keys), groups))
    sorted_groups = groups[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    run_start = np.zeros(groups.size, dtype=np.int64)
    run_start[starts] = starts
    run_start = np.maximum.accumulate(run_start)
    rank = np.empty(groups.size, dtype=np.int64)
    rank[order] = np.arange(groups.size) - run_start
    return rank


def _allocate_core(
    totals: IntArray,
    weights: FloatArray,
    groups: IntArray,
    method: str,
    weight_sum: FloatArray,
) -> IntArray:
    """Split non-negative integer ``totals`` over rows by ``weights`` within ``groups``.

    ``weight_sum`` is the per-group sum of ``weights`` (already computed by the caller).
    """
    n_groups = totals.size
    integral = bool(np.all(weights == np.floor(weights))) and weights.size > 0
    big = float(np.max(totals, initial=0)) * float(np.max(weights, initial=0.0))
    if integral and big < 2.0**62 and float(weight_sum.max(initial=0.0)) < 2.0**53:
        # exact: quota = T w / W as integer quotient and remainder
        w = weights.astype(np.int64)
        wsum = weight_sum.astype(np.int64)  # exact: every partial sum is below 2**53
        num = totals[groups] * w
        # quotient and remainder in one pass; remainders share a denominator per group
        base, rem_key = np.divmod(num, wsum[groups])
    elif integral:
        # exact with Python integers (huge totals or weights): an object-array path
        w_obj = weights.astype(np.int64).astype(object)
        wsum_obj = np.zeros(n_groups, dtype=object)
        np.add.at(wsum_obj, groups, w_obj)
        num_obj = totals.astype(object)[groups] * w_obj
        base = (num_obj // wsum_obj[groups]).astype(np.int64)
        rem_key = (num_obj % wsum_obj[groups]).astype(np.float64)
    else:
        quota = totals[groups] * (weights / weight_sum[groups])
        base_f = np.floor(quota)
        rem_key = quota - base_f
        base = base_f.astype(np.int64)
    leftover = totals - np.bincount(groups, weights=base, minlength=n_groups).astype(np.int64)
    positive = weights > 0
    if method == "last_line":
        # the last positive-weight line of each group takes the rest
        idx = np.arange(groups.size)
        last = np.full(n_groups, -1, dtype=np.int64)
        np.maximum.at(last, groups[positive], idx[positive])
        base[last] += leftover
        return base
    # largest remainder; ties to the lower index; zero-weight lines never receive a unit
    give = leftover[groups]
    if rem_key.dtype.kind in "iu":
        # exact remainders: lines with zero weight have remainder 0 and, since the
        # missing units are fewer than the lines with a positive remainder, never rank in
        rank_up = rank_within_groups(groups, [-rem_key])
    else:
        rank_up = rank_within_groups(groups, [~positive, -rem_key])
    base += (rank_up < give).astype(np.int64)
    if (leftover < 0).any():  # float quotas overshot: take back from smallest remainders
        can_take = base > 0
        rank_down = rank_within_groups(groups, [~can_take, rem_key])
        base -= ((rank_down < -give) & can_take).astype(np.int64)
    return base


@overload
def allocate(  # type: ignore[overload-overlap]
    total: Money | MoneyArray,
    weights: ArrayLike,
    *,
    method: AllocationMethod = ...,
    groups: ArrayLike | None = ...,
) -> MoneyArray: ...
@overload
def allocate(
    total: int | np.integer | ArrayLike,
    weights: ArrayLike,
    *,
    method: AllocationMethod = ...,
    groups: ArrayLike | None = ...,
) -> IntArray: ...
def allocate(
    total: Money | MoneyArray | int | np.integer | ArrayLike,
    weights: ArrayLike,
    *,
    method: AllocationMethod = "largest_remainder",
    groups: ArrayLike | None = None,
) -> MoneyArray | IntArray:
    r"""Split an amount over lines in proportion to weights, summing exactly to it.

    Each line gets the integer part of its quota
    :math:`T w_i / \sum_j w_j` (in minor units); the units still missing go, one
    each, to the lines with the largest fractional remainders (Hamilton's method),
    ties to the lower index. With ``method="last_line"`` the last line with a
    positive weight takes all of them instead.

    Parameters
    ----------
    total : Money, MoneyArray, int or array_like of int
        Amount to split: money (:class:`Money`, or with ``groups`` a
        :class:`MoneyArray` of one total per group), or a whole number of units
        such as pieces (an int, or with ``groups`` an array of ints).
        [currency or units]
    weights : array_like, shape (n,)
        Non-negative weights, e.g. line amounts; not all zero within a group.
        Integer weights (such as minor units) give exact quotas; other floats are
        compared in float64. [any unit]
    method : {"largest_remainder", "last_line"}
        Where the rounding residue goes; default ``"largest_remainder"`` (the
        fairest split, and stable under re-computation for refunds).
    groups : array_like of int, shape (n,), optional
        Group (e.g. order) index of each line, ``0 <= g < len(total)``: allocates
        many totals at once, vectorised.

    Returns
    -------
    MoneyArray or ndarray of int64, shape (n,)
        Money in, money out: a :class:`MoneyArray` in the total's currency when
        the total is money, an ``int64`` array of units otherwise. The lines of
        each group sum exactly to its total, every line has the sign of its
        total, and a zero-weight line gets 0.

    Raises
    ------
    InvalidInputError
        For negative or non-finite weights, all-zero weights in a group, a total
        that is not a whole number of (minor) units, or group indices out of range.

    References
    ----------
    .. [1] Balinski, M. L. and Young, H. P. (2001), *Fair Representation*, 2nd ed.,
       Brookings Institution Press (Hamilton's largest-remainder method).

    Examples
    --------
    >>> allocate(100, [1, 1, 1])
    array([34, 33, 33])
    >>> from ecomops.money import Money
    >>> allocate(Money("10.00", "CNY"), [1999, 999, 0])  # a ¥10 coupon over two lines
    MoneyArray(['6.67', '3.33', '0.00'], currency='CNY')
    >>> allocate(-5, [1, 1])
    array([-3, -2])
    >>> allocate([10, 7], [1, 1, 1, 2, 5], groups=[0, 0, 0, 1, 1])
    array([4, 3, 3, 2, 5])
    """
    check_option(method, "method", ALLOCATION_METHODS)
    w = as_float_array(weights, "weights", ndim=1)
    raise_at("weights", "be >= 0", w < 0, w)
    currency = total.currency if isinstance(total, Money | MoneyArray) else None
    totals = _totals(total, groups is not None)
    g = _groups(groups, w.size, totals.size)
    wsum = np.bincount(g, weights=w, minlength=totals.size).astype(np.float64, copy=False)
    raise_at("weights", "not sum to 0 within a group", wsum == 0, wsum)
    sign = np.where(totals < 0, -1, 1)
    out = _allocate_core(np.abs(totals), w, g, method, wsum) * sign[g]
    return out if currency is None else MoneyArray._unchecked(out, currency)


def _totals(total: Any, grouped: bool) -> IntArray:
    """The totals as int64 units or minor units, one per group."""
    if isinstance(total, Money):
        return np.array([total.minor], dtype=np.int64)
    if isinstance(total, MoneyArray):
        return total.minor_units.reshape(-1)
    if not grouped and not (is_scalar(total) and not isinstance(total, np.ndarray)):
        raise InvalidInputError("total must be a scalar when groups is not given")
    if isinstance(total, float | np.floating) or (
        not is_scalar(total) and np.asarray(total).dtype.kind == "f"
    ):
        raise InvalidInputError(
            "total must be Money, a MoneyArray or whole units (int); wrap an amount in "
            "Money(amount, currency) to allocate money"
        )
    return as_int_array(total if grouped else [total], "total").reshape(-1)


def _groups(groups: ArrayLike | None, n_lines: int, n_totals: int) -> IntArray:
    """Group index of every line, checked against the number of totals."""
    if groups is None:
        return np.zeros(n_lines, dtype=np.int64)
    g = as_int_array(groups, "groups", ndim=1)
    if g.size != n_lines:
        raise InvalidInputError(
            f"groups and weights must have the same length; got {g.size} and {n_lines}"
        )
    raise_at("groups", f"be in [0, {n_totals})", (g < 0) | (g >= n_totals), g)
    return g
