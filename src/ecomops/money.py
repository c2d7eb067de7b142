r"""Exact money: currencies, rounding, minor units, allocation.

Amounts a customer or an accountant sees are exact and always carry their
currency: a scalar is a [`Money`][ecomops.money.Money], an array a
[`MoneyArray`][ecomops.money.MoneyArray] (int64 minor units plus the currency,
printed as money, converted only explicitly). Every rounding has an explicit
mode; all decimal arithmetic runs in a private context, so the caller's
`decimal` settings never change a result.

A float given as money is read as its **shortest decimal form**, the digits
``repr`` prints: ``2.675`` means 2.675 (not the binary neighbour
2.67499999999999982236431605997495353221893310546875), so half-up rounding gives
2.68, as a shop assistant would expect.

Rounding modes (names follow `decimal`; "up" and "down" are about magnitude):

| mode          | rule                                  | ``-2.5`` / ``2.5`` |
| ------------- | ------------------------------------- | ------------------ |
| ``half_up``   | nearest, ties away from zero (retail) | -3 / 3             |
| ``half_even`` | nearest, ties to the even neighbour   | -2 / 2             |
| ``half_down`` | nearest, ties towards zero            | -2 / 2             |
| ``down``      | towards zero (truncate)               | -2 / 2             |
| ``up``        | away from zero                        | -3 / 3             |
| ``floor``     | towards minus infinity                | -3 / 2             |
| ``ceiling``   | towards plus infinity                 | -2 / 3             |

References
----------
1. ISO 4217:2015, *Codes for the representation of currencies*, List One
   (current currency and funds), minor units column.
2. IEEE 754-2019 and Python `decimal` (General Decimal Arithmetic
   Specification, Cowlishaw), rounding modes.
3. Steele, G. L. and White, J. L. (1990), "How to print floating-point
   numbers accurately", PLDI '90, doi:10.1145/93542.93559 (shortest decimal
   form of a binary float, as ``repr`` prints it).
4. Balinski, M. L. and Young, H. P. (2001), *Fair Representation*, 2nd ed.,
   Brookings: Hamilton's largest-remainder method.

Examples
--------
>>> from ecomops.money import Currency, Money, round_money, allocate
>>> Currency("JPY").minor_units
0
>>> round_money(2.675, "USD")
Money('2.68', 'USD')
>>> round_money([2.675, 0.125, 1.005], "CNY", rounding="half_even")
MoneyArray(['2.68', '0.12', '1.00'], currency='CNY')
>>> allocate(Money("10.00", "CNY"), [1999, 999, 0])
MoneyArray(['6.67', '3.33', '0.00'], currency='CNY')
>>> allocate(100, [1, 1, 1])  # whole units (pieces) in, whole units out
array([34, 33, 33])
>>> Money("19.99", "CNY") * 3
Money('59.97', 'CNY')
"""

from __future__ import annotations

from ecomops._core.typing import ROUNDING_MODES
from ecomops._money import (
    Currency,
    Money,
    MoneyArray,
    allocate,
    from_minor_units,
    round_money,
    to_minor_units,
)

__all__ = [
    "ROUNDING_MODES",
    "Currency",
    "Money",
    "MoneyArray",
    "allocate",
    "from_minor_units",
    "round_money",
    "to_minor_units",
]
