"""Exact scalar money arithmetic: reading amounts, quantizing, the private context (private)."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from ecomops._money.context import DECIMAL_CONTEXT, DECIMAL_MODES
from ecomops._money.currency import Currency
from ecomops.exceptions import InvalidInputError


class MoneyValue:
    """Marker base of :class:`Money` and :class:`MoneyArray`: amounts that carry a currency."""

    __slots__ = ()


def to_decimal(value: Any, name: str) -> Decimal:
    """Read one money scalar exactly (floats by their shortest decimal form)."""
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
    return out


def quantize(value: Decimal, currency: Currency, rounding: str, cash: bool) -> Decimal:
    """Round a Decimal to the currency's minor unit (or cash increment)."""
    mode = DECIMAL_MODES[rounding]
    if cash and currency.cash_increment_minor != 1:
        step = Decimal(currency.cash_increment_minor).scaleb(-currency.minor_units)
        units = (value / step).quantize(Decimal(1), rounding=mode, context=DECIMAL_CONTEXT)
        out = (units * step).quantize(currency.quantum, context=DECIMAL_CONTEXT)
    else:
        out = value.quantize(currency.quantum, rounding=mode, context=DECIMAL_CONTEXT)
    return out.copy_abs() if out.is_zero() else out


def decimal_to_minor(value: Decimal, currency: Currency) -> int:
    """Minor units of an already-quantized Decimal."""
    return int(value.scaleb(currency.minor_units, context=DECIMAL_CONTEXT))


def divide_rounded(numerator: Any, denominator: int, rounding: str) -> Any:
    """``numerator / denominator`` rounded to an integer by ``rounding``, exactly.

    ``denominator`` is a positive integer; ``numerator`` holds integers (int64 or
    Python ints in an object array). Works on magnitudes, so the modes keep the
    meaning they have in :mod:`decimal` ("down" towards zero, "floor" towards
    minus infinity).
    """
    numerator = np.asarray(numerator)
    negative = numerator < 0
    magnitude_in = np.abs(numerator)
    quotient = magnitude_in // denominator  # floor_divide and remainder also serve
    remainder = magnitude_in - quotient * denominator  # object arrays of Python ints
    twice = 2 * remainder
    inexact = remainder != 0
    if rounding == "down":
        step = np.zeros(np.shape(quotient), dtype=bool)
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
    magnitude = quotient + step
    return np.where(negative, -magnitude, magnitude)
