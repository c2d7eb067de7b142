"""Exact scalar money arithmetic: reading amounts, quantizing, the private context (private)."""

from __future__ import annotations

import math
from decimal import Context, Decimal, InvalidOperation
from typing import Any

import numpy as np

from ecomops._money.context import DECIMAL_MODES
from ecomops._money.currency import Currency
from ecomops.exceptions import InvalidInputError

#: Scalar amounts are exact below 10**MAX_DIGITS with at most MAX_DIGITS decimals
#: (every finite float qualifies): a bound on the integers exact operations handle.
MAX_DIGITS = 400


class MoneyValue:
    """Marker base of `Money` and `MoneyArray`: amounts that carry a currency."""

    __slots__ = ()


def to_decimal(value: Any, name: str) -> Decimal:
    """Read one money scalar exactly (floats by their shortest decimal form)."""
    if type(value) is float and -math.inf < value < math.inf:
        return float_to_decimal(value)  # every finite float is within the digit bounds
    if isinstance(value, bool | np.bool_):
        raise InvalidInputError(f"{name} must be a number; got {value!r}")
    if isinstance(value, Decimal):
        out = value
    elif isinstance(value, int | np.integer):
        out = Decimal(int(value))
    elif isinstance(value, float | np.floating):
        if not math.isfinite(float(value)):
            raise InvalidInputError(f"{name} must be finite; got {float(value)!r}")
        out = Decimal(repr(float(value)))
    elif isinstance(value, str):
        try:
            out = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            raise InvalidInputError(f"{name} must be a number; got {value!r}") from None
    elif isinstance(value, MoneyValue):
        raise InvalidInputError(f"{name} must be a plain amount; got {value!r} (use .amount)")
    else:
        raise InvalidInputError(
            f"{name} must be a Decimal, int, float or numeric string; got {type(value).__name__}"
        )
    if not out.is_finite():
        raise InvalidInputError(f"{name} must be finite; got {value!r}")
    exponent = out.as_tuple().exponent
    too_fine = isinstance(exponent, int) and exponent < -MAX_DIGITS
    if not out.is_zero() and (out.adjusted() >= MAX_DIGITS or too_fine):
        raise InvalidInputError(
            f"{name} must be below 1e{MAX_DIGITS} in magnitude with at most {MAX_DIGITS} "
            f"decimals; got {value!r}"
        )
    return out


#: Decimals of the floats read lately: rates and fees repeat from call to call.
#: At most `_FLOATS_KEPT` entries (cleared when full).
_FLOATS: dict[float, Decimal] = {}
_FLOATS_KEPT = 4096


def float_to_decimal(value: float) -> Decimal:
    """A finite float's shortest decimal form, ``Decimal(repr(value))``, remembered.

    Zeros keep their sign (``0.0`` and ``-0.0`` are one key but two Decimals).
    """
    if not value:
        return _NEGATIVE_ZERO if math.copysign(1.0, value) < 0.0 else _ZERO
    found = _FLOATS.get(value)
    if found is None:
        found = Decimal(repr(value))
        if len(_FLOATS) >= _FLOATS_KEPT:
            _FLOATS.clear()
        _FLOATS[value] = found
    return found


_ZERO, _NEGATIVE_ZERO = Decimal("0.0"), Decimal("-0.0")


def quantize(value: Decimal, currency: Currency, rounding: str, cash: bool) -> Decimal:
    """Round a Decimal to the currency's minor unit (or cash increment), exactly.

    To the minor unit, `decimal.Decimal.quantize` in a private context wide enough
    that it cannot overflow (one C call: the correctly rounded value, as
    `quantize_exact` computes it); to a cash increment, or for an amount beyond
    that context, `quantize_exact`. The caller's `decimal.getcontext` plays no
    part either way.
    """
    mode = DECIMAL_MODES.get(rounding)
    if mode is not None and (not cash or currency.cash_increment_minor == 1):
        exponent = -currency.minor_units
        if value.is_finite() and value.adjusted() - exponent < _SHIFT_DIGITS:
            out = value.quantize(_quantum(exponent), rounding=mode, context=_SHIFT_CONTEXT)
            return out if out else out.copy_abs()  # -0.00 is 0.00
    return quantize_exact(value, currency, rounding, cash)


def _quantum(exponent: int) -> Decimal:
    """``Decimal("1E<exponent>")``, built once per exponent."""
    found = _QUANTA.get(exponent)
    if found is None:
        found = _QUANTA[exponent] = Decimal(f"1E{exponent}")
    return found


_QUANTA: dict[int, Decimal] = {}


def quantize_exact(value: Decimal, currency: Currency, rounding: str, cash: bool) -> Decimal:
    """`quantize` by integer arithmetic on the exact ratio of ``value`` (no decimal context)."""
    numerator, denominator = value.as_integer_ratio()
    step = currency.cash_increment_minor if cash else 1
    scaled = numerator * 10**currency.minor_units
    minor = int(divide_rounded(scaled, denominator * step, rounding)) * step
    return minor_to_decimal(minor, currency)


#: Shifting the decimal point of an integer of up to this many digits is exact in
#: `_SHIFT_CONTEXT` (scalar amounts have at most ``2 * MAX_DIGITS`` digits).
_SHIFT_DIGITS = 2 * MAX_DIGITS + 8
_SHIFT_LIMIT = 10**_SHIFT_DIGITS
_SHIFT_CONTEXT = Context(prec=_SHIFT_DIGITS, Emax=999_999, Emin=-999_999)


def minor_to_decimal(minor: int, currency: Currency) -> Decimal:
    """The exact Decimal of ``minor`` minor units, with the currency's exponent.

    ``Decimal(minor).scaleb(-minor_units)`` in a private context wide enough for
    the integer (no rounding can happen), else by text: the same Decimal
    (coefficient ``minor``, exponent ``-minor_units``) either way.
    """
    minor = int(minor)
    if -_SHIFT_LIMIT < minor < _SHIFT_LIMIT:
        return Decimal(minor).scaleb(-currency.minor_units, _SHIFT_CONTEXT)
    return Decimal(f"{minor}E-{currency.minor_units}")


def decimal_to_minor(value: Decimal, currency: Currency) -> int:
    """Minor units of a Decimal on the currency's grid (exact integer arithmetic)."""
    numerator, denominator = value.as_integer_ratio()
    return int(numerator * 10**currency.minor_units // denominator)


def on_grid(value: Decimal, currency: Currency) -> bool:
    """True when ``value`` is a whole number of the currency's minor units."""
    numerator, denominator = value.as_integer_ratio()
    return bool(numerator * 10**currency.minor_units % denominator == 0)


def divide_rounded(numerator: Any, denominator: int, rounding: str) -> Any:
    """``numerator / denominator`` rounded to an integer by ``rounding``, exactly.

    ``denominator`` is a positive integer; ``numerator`` is an integer, or an
    array of them (int64, or Python ints in an object array). Works on
    magnitudes, so the modes keep the meaning they have in `decimal`
    ("down" towards zero, "floor" towards minus infinity). A scalar gives a
    Python int; an array, an array of its shape.
    """
    if type(numerator) is int:
        return _divide_rounded_int(numerator, denominator, rounding)
    values = np.asarray(numerator)
    flat = values.reshape(-1)
    if flat.dtype.kind != "O" and (denominator >= 2**62 or values.ndim == 0):
        flat = flat.astype(object)  # Python ints: twice the remainder cannot overflow
    negative = flat < 0
    magnitude = np.where(negative, -flat, flat)
    quotient = magnitude // denominator  # floor_divide and subtraction also serve
    twice = 2 * (magnitude - quotient * denominator)  # object arrays of Python ints
    inexact = twice != 0
    if rounding == "down":
        step = np.zeros(flat.shape, dtype=bool)
    elif rounding == "up":
        step = inexact
    elif rounding == "floor":
        step = inexact & negative
    elif rounding == "ceiling":
        step = inexact & ~negative
    elif rounding == "half_up":
        step = twice >= denominator
    elif rounding == "half_down":
        step = twice > denominator
    else:  # half_even
        step = (twice > denominator) | ((twice == denominator) & (quotient % 2 == 1))
    rounded = quotient + step.astype(np.int64)
    rounded[negative] = -rounded[negative]
    if values.ndim == 0:
        return int(rounded[0])
    return rounded.reshape(values.shape)


def _divide_rounded_int(numerator: int, denominator: int, rounding: str) -> int:
    """`divide_rounded` of one Python int: the same rules in integer arithmetic."""
    negative = numerator < 0
    quotient, remainder = divmod(-numerator if negative else numerator, denominator)
    twice = 2 * remainder
    if rounding == "down":
        step = False
    elif rounding == "up":
        step = twice != 0
    elif rounding == "floor":
        step = twice != 0 and negative
    elif rounding == "ceiling":
        step = twice != 0 and not negative
    elif rounding == "half_up":
        step = twice >= denominator
    elif rounding == "half_down":
        step = twice > denominator
    else:  # half_even
        step = twice > denominator or (twice == denominator and quotient % 2 == 1)
    rounded = quotient + step
    return -rounded if negative else rounded
