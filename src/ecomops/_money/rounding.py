"""Public rounding and minor-unit conversions (private; import from ecomops.money)."""

from __future__ import annotations

from typing import Any, overload

import numpy as np

from ecomops._core.typing import ROUNDING_MODES, ArrayLike, IntArray, MoneyLike, RoundingMode
from ecomops._core.validation import as_int_array, check_flag, check_option, is_scalar, series_io
from ecomops._money.bulk import bulk_minor
from ecomops._money.column import MoneyArray
from ecomops._money.currency import Currency, CurrencyLike
from ecomops._money.exact import decimal_to_minor, quantize, to_decimal
from ecomops._money.money import Money, same_currency
from ecomops.exceptions import InvalidInputError

__all__ = ["from_minor_units", "round_money", "to_minor_units"]


@overload
def round_money(  # type: ignore[overload-overlap]
    amounts: MoneyLike,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode = ...,
    cash: bool = ...,
) -> Money: ...
@overload
def round_money(
    amounts: ArrayLike,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode = ...,
    cash: bool = ...,
) -> MoneyArray: ...
def round_money(
    amounts: MoneyLike | ArrayLike,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode = "half_up",
    cash: bool = False,
) -> Money | MoneyArray:
    r"""Round amounts to a currency's minor unit (or cash increment), exactly.

    $$
    \operatorname{round}(x) = q \cdot R\!\left(\frac{d(x)}{q}\right)
    $$

    where $d(x)$ is the shortest decimal form of $x$, $q$ the
    minor unit (or cash increment) and $R$ the rounding rule.

    Parameters
    ----------
    amounts : Decimal, int, float, str or array_like
        Amounts in major units (yuan, dollars). [currency]
        Floats are read as their shortest decimal form (``repr``); float32
        values are widened to float64 first. Integer arrays are exact.
        Arrays of Decimal or str are handled exactly, element by element.
    currency : str or Currency
        ISO 4217 code.
    rounding : {"half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"}
        Rounding rule; default ``"half_up"``, the retail convention (ties away
        from zero). "down"/"up" are towards/away from zero.
    cash : bool
        Round to the cash increment (CHF 0.05, SEK 1.00) instead of the minor unit.

    Returns
    -------
    Money or MoneyArray
        A scalar gives [`Money`][ecomops.money.Money] (``Money('2.68', 'USD')``); an array gives
        a [`MoneyArray`][ecomops.money.MoneyArray] of the same shape. Both carry the currency; the
        exact integers are ``.minor`` / ``.minor``.

    Raises
    ------
    InvalidInputError
        For non-numeric, NaN or infinite amounts (naming the first index), for
        amounts of $2^{62}$ minor units or more in magnitude, or an unknown
        currency or rounding mode.

    Notes
    -----
    The bulk path is vectorised: below $2^{42}$ major units (for a
    2-decimal currency) each float is resolved by at most three exactly rounded
    float64 operations on integers, proven equal to
    ``Decimal(repr(x)).quantize(q, rounding)``; larger magnitudes fall back to
    that Decimal expression element by element. Property tests check the two
    paths against each other for every mode.

    References
    ----------
    1. ISO 4217:2015, List One (minor units).
    2. Python `decimal`, ``Decimal.quantize`` rounding modes.
    3. Steele and White (1990), doi:10.1145/93542.93559 (shortest decimal form).

    Examples
    --------
    >>> round_money(2.675, "USD")
    Money('2.68', 'USD')
    >>> round_money(2.675, "USD", rounding="half_even")
    Money('2.68', 'USD')
    >>> round_money(2.665, "USD", rounding="half_even")
    Money('2.66', 'USD')
    >>> round_money(1980.4, "JPY")
    Money('1980', 'JPY')
    >>> round_money(3.43, "CHF", cash=True)
    Money('3.45', 'CHF')
    >>> round_money([0.125, -0.125, 19.999], "CNY")
    MoneyArray(['0.13', '-0.13', '20.00'], currency='CNY')
    """
    cur = Currency(currency)
    check_option(rounding, "rounding", ROUNDING_MODES)
    cash = check_flag(cash, "cash")
    if is_scalar(amounts) and not isinstance(amounts, np.ndarray):
        return Money._unchecked(quantize(to_decimal(amounts, "amounts"), cur, rounding, cash), cur)
    return MoneyArray._unchecked(bulk_minor(amounts, cur, rounding, cash, "amounts"), cur)


@overload
def to_minor_units(  # type: ignore[overload-overlap]
    amounts: MoneyLike | Money,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode | None = ...,
) -> int: ...
@overload
def to_minor_units(
    amounts: ArrayLike | MoneyArray,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode | None = ...,
) -> IntArray: ...
@series_io
def to_minor_units(
    amounts: MoneyLike | Money | ArrayLike | MoneyArray,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode | None = "half_up",
) -> int | IntArray:
    r"""Convert amounts in major units to integer minor units (fen, cents).

    $$
    n = R\!\left(d(x) \cdot 10^{m}\right)
    $$

    with $m$ the currency's minor units and $R$ the rounding rule.

    Parameters
    ----------
    amounts : Money, MoneyArray, Decimal, int, float, str or array_like
        Amounts in major units. [currency]
    currency : str or Currency
        ISO 4217 code.
    rounding : {"half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"} or None
        How to round amounts finer than the minor unit; default ``"half_up"``.
        ``None`` is strict: an amount that is not a whole number of minor units
        raises.

    Returns
    -------
    int or ndarray of int64
        Minor units; a Python ``int`` for a scalar.

    Raises
    ------
    InvalidInputError
        For non-numeric or non-finite amounts, or (with ``rounding=None``) an
        amount finer than the minor unit, naming the first offending index.

    References
    ----------
    1. ISO 4217:2015, List One (minor units).

    Examples
    --------
    >>> to_minor_units("19.99", "CNY")
    1999
    >>> to_minor_units([19.99, 0.1 + 0.2], "USD")
    array([1999,   30])
    >>> to_minor_units(1.005, "USD", rounding=None)
    Traceback (most recent call last):
    ...
    ecomops.exceptions.InvalidInputError: amounts must be a whole number of USD minor units ...
    """
    cur = Currency(currency)
    if rounding is not None:
        check_option(rounding, "rounding", ROUNDING_MODES)
    if isinstance(amounts, Money):
        same_currency(cur, amounts.currency, "convert")
        return amounts.minor
    if isinstance(amounts, MoneyArray):
        same_currency(cur, amounts.currency, "convert")
        return amounts.minor.copy()
    if is_scalar(amounts) and not isinstance(amounts, np.ndarray):
        d = to_decimal(amounts, "amounts")
        q = quantize(d, cur, rounding or "down", cash=False)
        if rounding is None and q != d:
            raise InvalidInputError(
                f"amounts must be a whole number of {cur.code} minor units "
                f"(pass rounding= to round); got {d!r}"
            )
        return decimal_to_minor(q, cur)
    return bulk_minor(amounts, cur, rounding, False, "amounts")


@overload
def from_minor_units(minor: int | np.integer, currency: CurrencyLike) -> Money: ...
@overload
def from_minor_units(minor: ArrayLike, currency: CurrencyLike) -> MoneyArray: ...
def from_minor_units(minor: int | np.integer | ArrayLike, currency: CurrencyLike) -> Any:
    r"""Convert integer minor units back to exact amounts in major units.

    $$
    x = n \cdot 10^{-m}
    $$

    Parameters
    ----------
    minor : int or array_like of int
        Minor units (fen, cents). [currency minor units]
    currency : str or Currency
        ISO 4217 code.

    Returns
    -------
    Money or MoneyArray
        [`Money`][ecomops.money.Money] for a scalar, a
        [`MoneyArray`][ecomops.money.MoneyArray] of the same shape for an array.

    Raises
    ------
    InvalidInputError
        For fractional, non-finite or non-numeric minor units.

    References
    ----------
    1. ISO 4217:2015, List One (minor units).

    Examples
    --------
    >>> from_minor_units(1999, "CNY")
    Money('19.99', 'CNY')
    >>> from_minor_units([1980, 5], "JPY")
    MoneyArray(['1,980', '5'], currency='JPY')
    """
    ints = as_int_array(minor, "minor")
    if ints.ndim == 0:
        return Money.from_minor(int(ints), currency)
    return MoneyArray(ints, currency)
