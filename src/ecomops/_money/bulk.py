"""Vectorised exact rounding of float64 amounts to integer minor units (private)."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np

from ecomops._core.typing import FloatArray, IntArray
from ecomops._core.validation import as_float_array, as_int_array, as_plain_array, raise_at
from ecomops._money.currency import Currency
from ecomops._money.exact import decimal_to_minor, quantize, to_decimal
from ecomops.exceptions import InvalidInputError


def fast_path_bound(minor_units: int) -> float:
    """Largest magnitude for which the float64 fast path is provably exact.

    Below it, one binary64 ulp is smaller than 10**-(minor_units + 1), so no two
    decimals with minor_units + 1 places round to the same float: if such a decimal
    (a multiple of the increment, or a tie between two) round-trips to ``x``, it is
    ``x``'s shortest decimal form. One power of two of margin is kept.
    """
    exponent = math.floor(53 - (minor_units + 1) * math.log2(10)) - 1
    return float(2.0**exponent)


#: Money columns hold amounts below 2**62 minor units: a sum or difference of two
#: of them still fits in int64.
MINOR_UNITS_LIMIT = 2**62

_CHUNK = 1 << 16  # rows per block: keeps the temporaries of the fast path in cache


def round_float_minor(
    values: FloatArray, currency: Currency, rounding: str, cash: bool
) -> IntArray:
    """Exact rounding of finite floats, read as their shortest decimal form, to minor units.

    For a magnitude ``a`` and increment ``q = inc / 10**m``: ``n = rint(a / q)``; the
    shortest decimal ``d`` of ``a`` equals ``n q`` exactly when the correctly rounded
    quotient ``(n inc) / 10**m`` equals ``a``; otherwise ``floor(d / q)`` is ``n`` or
    ``n - 1`` by one float comparison (decimal-to-float rounding is monotone), and
    ``d`` is a tie exactly when ``((2f + 1) inc) / (2 10**m)`` equals ``a``. Every
    product and quotient involves integers below 2**53, so each test is exact.
    """
    flat_in = np.ascontiguousarray(values).reshape(-1)
    out = np.empty(flat_in.shape, dtype=np.int64)
    for start in range(0, flat_in.size, _CHUNK):
        stop = start + _CHUNK
        out[start:stop] = _round_block(flat_in[start:stop], currency, rounding, cash)
    return out.reshape(np.shape(values))


def _round_block(x: FloatArray, currency: Currency, rounding: str, cash: bool) -> IntArray:
    m = currency.minor_units
    inc = currency.cash_increment_minor if cash else 1
    den = float(10**m)
    neg = x < 0
    a = np.abs(x)
    big = a >= fast_path_bound(m)
    any_big = bool(big.any())
    if any_big:
        a[big] = 0.0

    n = np.rint(a * (den / inc))
    qn = (n * inc) / den
    is_int = qn == a
    f = n - (a < qn)
    f[is_int] = n[is_int]
    t = ((2.0 * f + 1.0) * inc) / (2.0 * den)
    not_int = ~is_int

    # resolve the rounding direction on magnitudes; floor/ceiling depend on sign
    if rounding in ("floor", "ceiling"):
        away = (~neg if rounding == "ceiling" else neg) & not_int
        mag = f + away
    elif rounding == "down":
        mag = f
    elif rounding == "up":
        mag = f + not_int
    else:
        step_up = (a > t) & not_int
        if rounding == "half_up":
            step_up |= (t == a) & not_int
        elif rounding == "half_even":
            step_up |= (t == a) & not_int & (np.fmod(f, 2.0) == 1.0)
        mag = f + step_up
    out: IntArray = mag.astype(np.int64)
    if inc != 1:
        out *= inc
    np.negative(out, out=out, where=neg)

    if any_big:
        for i in np.flatnonzero(big):
            d = quantize(Decimal(repr(float(x[i]))), currency, rounding, cash)
            out[i] = decimal_to_minor(d, currency)
    return out


def bulk_minor(
    amounts: Any, currency: Currency, rounding: str | None, cash: bool, name: str
) -> IntArray:
    """Bulk path: any array-like of amounts to exact int64 minor units."""
    arr = as_plain_array(amounts, name, "numeric")
    limit = MINOR_UNITS_LIMIT
    if arr.dtype.kind in "iu":
        ints = as_int_array(arr, name)
        scale = 10**currency.minor_units
        raise_at(
            name,
            "fit in int64 minor units (|amount| < 2**62 minor units)",
            (ints >= limit // scale) | (ints <= -(limit // scale)),  # no abs: -2**63
            ints,
        )
        out: IntArray = ints * scale
        if cash and currency.cash_increment_minor != 1:
            return bulk_minor(ints.astype(object), currency, rounding or "half_up", cash, name)
        return out
    if arr.dtype.kind == "f":
        floats = as_float_array(arr.astype(np.float64, copy=False), name)
        ceiling = float(limit) / float(10**currency.minor_units)
        if floats.size and (floats.max() >= ceiling or floats.min() <= -ceiling):
            raise_at(
                name,
                "fit in int64 minor units (|amount| < 2**62 minor units)",
                np.abs(floats) >= ceiling,
                floats,
            )
        if rounding is None:
            out = round_float_minor(floats, currency, "down", cash)
            exact = round_float_minor(floats, currency, "up", cash)
            raise_at(
                name,
                f"be a whole number of {currency.code} minor units (pass rounding= to round)",
                out != exact,
                floats,
            )
            return out
        return round_float_minor(floats, currency, rounding, cash)
    # object, string or Decimal arrays: exact per element (an edge conversion)
    flat = arr.reshape(-1)
    result = np.empty(flat.shape, dtype=np.int64)
    for i, item in enumerate(flat):
        where = f"{name}[{i}]" if arr.ndim else name
        d = to_decimal(item.item() if isinstance(item, np.generic) else item, where)
        q = quantize(d, currency, rounding or "down", cash)
        if rounding is None and q != d:
            raise InvalidInputError(
                f"{name} must be a whole number of {currency.code} minor units "
                f"(pass rounding= to round); first offending index {i}: {item!r}"
            )
        minor = decimal_to_minor(q, currency)
        if abs(minor) >= limit:
            raise InvalidInputError(
                f"{name} must fit in int64 minor units; first offending index {i}: {item!r}"
            )
        result[i] = minor
    return result.reshape(arr.shape)
