"""Largest-remainder allocation of amounts over lines, grouped and vectorised (private)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import numpy as np

from ecomops._core.typing import (
    ALLOCATION_METHODS,
    AllocationMethod,
    ArrayLike,
    BoolArray,
    FloatArray,
    IntArray,
)
from ecomops._core.validation import (
    as_float_array,
    as_int_array,
    check_option,
    is_scalar,
    raise_at,
    series_io,
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
    return _ranks_in_order(groups, order)


def _ranks_in_order(groups: IntArray, order: IntArray) -> IntArray:
    """Each row's position within its group, given an order sorted by group first."""
    sorted_groups = groups[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    run_start = np.zeros(groups.size, dtype=np.int64)
    run_start[starts] = starts
    run_start = np.maximum.accumulate(run_start)
    rank = np.empty(groups.size, dtype=np.int64)
    rank[order] = np.arange(groups.size) - run_start
    return rank


_INT64_SAFE = 2**62  # products and sums below this stay exact in int64


def _group_sum(values: np.ndarray, groups: IntArray, n_groups: int) -> np.ndarray:
    """Exact per-group sums of non-negative integers (int64, or Python ints if needed)."""
    if values.dtype.kind != "O" and values.size:
        top = int(values.max())
        if top * values.size < 2**53:
            return np.bincount(groups, weights=values, minlength=n_groups).astype(np.int64)
        if top * values.size < _INT64_SAFE:
            out = np.zeros(n_groups, dtype=np.int64)
            np.add.at(out, groups, values)
            return out
    out_obj = np.zeros(n_groups, dtype=object)
    np.add.at(out_obj, groups, values.astype(object))
    return out_obj


def _exact_quotas(
    totals: IntArray, weights: IntArray, groups: IntArray
) -> tuple[IntArray, np.ndarray]:
    """Integer quotas ``T w // W`` and remainders ``T w % W`` (exact; Python ints if big)."""
    wsum = _group_sum(weights, groups, totals.size)
    top_weight = int(weights.max(initial=0))
    fits = wsum.dtype.kind != "O" and int(totals.max(initial=0)) * top_weight < _INT64_SAFE
    if fits:
        # remainders share a denominator per group: quotient and remainder in one pass
        base, remainder = np.divmod(totals[groups] * weights, wsum[groups])
        return base, remainder
    numerator = totals.astype(object)[groups] * weights.astype(object)
    denominator = np.asarray(wsum, dtype=object)[groups]
    return (numerator // denominator).astype(np.int64), numerator % denominator


def _rank_largest_first(groups: IntArray, keys: np.ndarray, positive: BoolArray) -> IntArray:
    """Rank of each line within its group, largest key first, ties to the lower index."""
    if keys.dtype.kind == "O":  # exact Python-int remainders of huge amounts: a rare path
        order = sorted(range(groups.size), key=lambda i: (groups[i], -keys[i], i))
        return _ranks_in_order(groups, np.asarray(order, dtype=np.int64))
    if keys.dtype.kind in "iu":
        # exact remainders: lines with zero weight have remainder 0 and, since the
        # missing units are fewer than the lines with a positive remainder, never rank in
        return rank_within_groups(groups, [-keys])
    return rank_within_groups(groups, [~positive, -keys])


#: Below this total, float64 quotas are within one unit of the exact ones, which the
#: largest-remainder step corrects; above it, weights are read exactly.
_FLOAT_EXACT_TOTAL = 2**52


def _binary_fractions_as_integers(weights: FloatArray) -> np.ndarray:
    """Float weights scaled by one power of two into exact Python integers (same ratios)."""
    mantissa, exponent = np.frexp(weights)
    digits = (mantissa * 2.0**53).astype(np.int64)  # exact: a float has 53 significant bits
    shift = exponent - int(exponent[weights > 0].min(initial=0))
    out = np.empty(weights.size, dtype=object)
    out[:] = [int(d) << int(k) for d, k in zip(digits.tolist(), shift.tolist(), strict=True)]
    return out


def _allocate_core(
    totals: IntArray,
    weights: FloatArray,
    exact_weights: IntArray | None,
    groups: IntArray,
    method: str,
) -> IntArray:
    """Split non-negative integer ``totals`` over rows by ``weights`` within ``groups``.

    ``exact_weights`` are the weights as integers when they are whole numbers
    (exact quotas); otherwise quotas are computed in float64.
    """
    n_groups = totals.size
    if exact_weights is None and int(totals.max(initial=0)) >= _FLOAT_EXACT_TOTAL:
        # float quotas of totals this large are off by more than one unit per line:
        # read each float weight as the exact binary fraction it is instead
        exact_weights = _binary_fractions_as_integers(weights)
    if exact_weights is not None:
        base, rem_key = _exact_quotas(totals, exact_weights, groups)
    else:
        weight_sum = np.bincount(groups, weights=weights, minlength=n_groups)
        quota = totals[groups] * (weights / weight_sum[groups])
        base_f = np.floor(quota)
        rem_key = quota - base_f
        base = base_f.astype(np.int64)
    leftover = totals - _group_sum(base, groups, n_groups).astype(np.int64)
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
    base += (_rank_largest_first(groups, rem_key, positive) < give).astype(np.int64)
    if (leftover < 0).any():  # float quotas overshot: take back from smallest remainders
        can_take = base > 0
        rank_down = rank_within_groups(groups, [~can_take, rem_key])
        base -= ((rank_down < -give) & can_take).astype(np.int64)
    return base


def _read_weights(weights: ArrayLike) -> tuple[FloatArray, IntArray | None]:
    """The weights as float64 (checked >= 0), and as exact integers when they are whole."""
    w = as_float_array(weights, "weights", ndim=1)
    raise_at("weights", "be >= 0", w < 0, w)
    raw = np.asarray(weights)
    if raw.dtype.kind in "iu":
        return w, as_int_array(weights, "weights", ndim=1)
    if raw.dtype.kind == "O" and all(isinstance(v, int | np.integer) for v in raw.flat):
        return w, raw.astype(object)  # Python ints beyond int64: exact, as Python ints
    if w.size and float(w.max()) < 2.0**53 and bool(np.all(w == np.floor(w))):
        return w, w.astype(np.int64)
    return w, None


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
@series_io
def allocate(
    total: Money | MoneyArray | int | np.integer | ArrayLike,
    weights: ArrayLike,
    *,
    method: AllocationMethod = "largest_remainder",
    groups: ArrayLike | None = None,
) -> MoneyArray | IntArray:
    r"""Split an amount over lines in proportion to weights, summing exactly to it.

    Each line gets the integer part of its quota
    $T w_i / \sum_j w_j$ (in minor units); the units still missing go, one
    each, to the lines with the largest fractional remainders (Hamilton's method),
    ties to the lower index. With ``method="last_line"`` the last line with a
    positive weight takes all of them instead.

    Parameters
    ----------
    total : Money, MoneyArray, int or array_like of int
        Amount to split: money ([`Money`][ecomops.money.Money], or with ``groups`` a
        [`MoneyArray`][ecomops.money.MoneyArray] of one total per group), or a whole number of units
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
        Money in, money out: a [`MoneyArray`][ecomops.money.MoneyArray] in the total's currency when
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
    1. Balinski, M. L. and Young, H. P. (2001), *Fair Representation*, 2nd ed.,
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
    w, exact_w = _read_weights(weights)
    currency = total.currency if isinstance(total, Money | MoneyArray) else None
    totals = _totals(total, groups is not None)
    g = _groups(groups, w.size, totals.size)
    wsum = np.bincount(g, weights=w, minlength=totals.size)
    raise_at("weights", "not sum to 0 within a group", wsum == 0, wsum)
    sign = np.where(totals < 0, -1, 1)
    out = _allocate_core(np.abs(totals), w, exact_w, g, method) * sign[g]
    return out if currency is None else MoneyArray._unchecked(out, currency)


def _totals(total: Any, grouped: bool) -> IntArray:
    """The totals as int64 units or minor units, one per group."""
    if isinstance(total, Money):
        return np.array([total.minor], dtype=np.int64)
    if isinstance(total, MoneyArray):
        return total.minor.reshape(-1)
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
