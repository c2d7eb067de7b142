"""Implementation of ecomops.money (private: import from the public module).

Topic modules: ``currency`` (ISO 4217), ``exact`` (scalar Decimal arithmetic in
a private context), ``bulk`` (vectorised exact rounding of floats), ``money``
(the Money scalar), ``column`` (MoneyArray), ``rounding`` (round_money and the
minor-unit conversions) and ``allocation`` (largest-remainder splits). Other
domains import the names below.
"""

from ecomops._money.allocation import allocate
from ecomops._money.column import MoneyArray
from ecomops._money.context import DECIMAL_CONTEXT
from ecomops._money.currency import Currency, CurrencyLike
from ecomops._money.exact import quantize, to_decimal
from ecomops._money.money import Money, money_on_grid
from ecomops._money.rounding import from_minor_units, round_money, to_minor_units

__all__ = [
    "DECIMAL_CONTEXT",
    "Currency",
    "CurrencyLike",
    "Money",
    "MoneyArray",
    "allocate",
    "from_minor_units",
    "money_on_grid",
    "quantize",
    "round_money",
    "to_decimal",
    "to_minor_units",
]
