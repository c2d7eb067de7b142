"""The Money scalar: an exact amount in one currency (private)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from ecomops._core.models import plain_value_schema
from ecomops._core.typing import (
    ROUNDING_MODES,
    AllocationMethod,
    ArrayLike,
    MoneyLike,
    RoundingMode,
)
from ecomops._core.validation import check_option
from ecomops._money.currency import Currency, CurrencyLike
from ecomops._money.exact import (
    MoneyValue,
    decimal_to_minor,
    divide_rounded,
    minor_to_decimal,
    on_grid,
    quantize,
    to_decimal,
)
from ecomops.exceptions import CurrencyMismatchError, InvalidInputError

if TYPE_CHECKING:
    from ecomops._money.column import MoneyArray

__all__ = ["Money", "money_on_grid", "same_currency"]


def money_on_grid(amount: Decimal, currency: Currency) -> Money:
    """Money from a Decimal already on the currency's grid (as `quantize` returns it).

    For amounts the library has just rounded: no re-reading, no grid check.
    """
    return Money._unchecked(amount, currency)


def same_currency(mine: Currency, theirs: Currency, op: str) -> None:
    """Refuse arithmetic across currencies, naming both."""
    if theirs != mine:
        raise CurrencyMismatchError(f"cannot {op} {mine.code} and {theirs.code} amounts")


class Money(MoneyValue):
    """An exact amount of money in one currency.

    The amount is a `decimal.Decimal` that is always a whole number of the
    currency's minor units (``Money("19.99", "CNY")``; ``Money("1.005", "USD")``
    raises, [`Money.of`][ecomops.money.Money.of] rounds). Arithmetic checks
    currencies: adding CNY to USD raises
    [`CurrencyMismatchError`][ecomops.exceptions.CurrencyMismatchError].
    Multiplying by an integer is exact; by a fraction, use
    [`scale`][ecomops.money.Money.scale] with an explicit rounding. Instances
    are immutable, hashable, and usable as pydantic fields (JSON: ``{"amount":
    "19.99", "currency": "CNY"}``).

    Parameters
    ----------
    amount : Decimal, int, float or str
        Amount in major units; floats by their shortest decimal form. [currency]
    currency : str or Currency
        ISO 4217 code.

    Raises
    ------
    InvalidInputError
        For a non-finite amount or one finer than the currency's minor unit.

    References
    ----------
    1. Fowler, M. (2002), *Patterns of Enterprise Application Architecture*,
       Addison-Wesley, "Money" pattern (amount + currency, allocation).

    Examples
    --------
    >>> price = Money("19.99", "CNY")
    >>> price + Money(5, "CNY")
    Money('24.99', 'CNY')
    >>> price.scale("0.85")  # 八五折
    Money('16.99', 'CNY')
    >>> Money("100.00", "CNY").allocate([2, 1])
    MoneyArray(['66.67', '33.33'], currency='CNY')
    >>> Money("19.99", "CNY").model_dump()
    {'amount': '19.99', 'currency': 'CNY'}
    """

    __slots__ = ("amount", "currency")

    amount: Decimal
    currency: Currency

    def __init__(self, amount: MoneyLike, currency: CurrencyLike) -> None:
        cur = Currency(currency)
        d = to_decimal(amount, "amount")
        if not on_grid(d, cur):
            raise InvalidInputError(
                f"amount must be a whole number of {cur.code} minor units; got {d} "
                f"(use Money.of(amount, {cur.code!r}, rounding=...) to round)"
            )
        object.__setattr__(self, "amount", minor_to_decimal(decimal_to_minor(d, cur), cur))
        object.__setattr__(self, "currency", cur)

    @classmethod
    def _unchecked(cls, amount: Decimal, currency: Currency) -> Money:
        """Build from an amount already on the currency's grid (sums, differences)."""
        self = object.__new__(cls)
        _set_amount(self, amount if amount else amount.copy_abs())  # -0.00 is 0.00
        _set_currency(self, currency)
        return self

    # construction -----------------------------------------------------------
    @classmethod
    def of(
        cls, amount: MoneyLike, currency: CurrencyLike, *, rounding: RoundingMode = "half_up"
    ) -> Money:
        """Money rounded to the minor unit with an explicit rule.

        Examples
        --------
        >>> Money.of(2.675, "USD")
        Money('2.68', 'USD')
        >>> Money.of("2.675", "USD", rounding="down")
        Money('2.67', 'USD')
        """
        cur = Currency(currency)
        check_option(rounding, "rounding", ROUNDING_MODES)
        return cls._unchecked(quantize(to_decimal(amount, "amount"), cur, rounding, False), cur)

    @classmethod
    def from_minor(cls, minor: int, currency: CurrencyLike) -> Money:
        """Money from integer minor units.

        Examples
        --------
        >>> Money.from_minor(1999, "CNY")
        Money('19.99', 'CNY')
        """
        if type(minor) is not int and (
            isinstance(minor, bool) or not isinstance(minor, int | np.integer)
        ):
            raise InvalidInputError(f"minor must be an integer; got {minor!r}")
        cur = currency if type(currency) is Currency else Currency(currency)
        self = object.__new__(cls)
        _set_amount(self, minor_to_decimal(minor, cur))  # from an int: never a signed zero
        _set_currency(self, cur)
        return self

    @classmethod
    def zero(cls, currency: CurrencyLike) -> Money:
        """Zero in a currency.

        Examples
        --------
        >>> Money.zero("JPY")
        Money('0', 'JPY')
        """
        return cls(0, currency)

    # views ------------------------------------------------------------------
    @property
    def minor(self) -> int:
        """The amount in integer minor units (fen, cents)."""
        return decimal_to_minor(self.amount, self.currency)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    def __reduce__(self) -> tuple[type[Money], tuple[str, str]]:
        return (Money, (str(self.amount), self.currency.code))

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency.code!r})"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.code}"

    def __hash__(self) -> int:
        return hash((self.amount, self.currency.code))

    def __bool__(self) -> bool:
        return not self.amount.is_zero()

    # arithmetic -------------------------------------------------------------
    def _same(self, other: object, op: str) -> Money:
        if not isinstance(other, Money):
            raise InvalidInputError(
                f"cannot {op} Money and {type(other).__name__}; wrap the amount in Money"
            )
        same_currency(self.currency, other.currency, op)
        return other

    def __add__(self, other: Money) -> Money:
        if isinstance(other, MoneyValue) and not isinstance(other, Money):
            return NotImplemented  # a money column adds element-wise
        o = self._same(other, "add")
        return Money.from_minor(self.minor + o.minor, self.currency)

    def __radd__(self, other: object) -> Money:
        if isinstance(other, int) and other == 0:  # lets sum() start from 0
            return self
        return self._same(other, "add") + self

    def __sub__(self, other: Money) -> Money:
        if isinstance(other, MoneyValue) and not isinstance(other, Money):
            return NotImplemented  # a money column subtracts element-wise
        o = self._same(other, "subtract")
        return Money.from_minor(self.minor - o.minor, self.currency)

    def __neg__(self) -> Money:
        return Money._unchecked(self.amount.copy_negate(), self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money._unchecked(self.amount.copy_abs(), self.currency)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | np.integer):
            raise InvalidInputError(
                "Money can only be multiplied by an integer exactly; "
                "use .scale(factor, rounding=...) for a fraction"
            )
        return Money.from_minor(self.minor * int(factor), self.currency)

    __rmul__ = __mul__

    def scale(self, factor: MoneyLike, *, rounding: RoundingMode = "half_up") -> Money:
        """Multiply by a factor (a discount rate, a tax rate) and round explicitly.

        Examples
        --------
        >>> Money("99.00", "CNY").scale(0.88)
        Money('87.12', 'CNY')
        """
        check_option(rounding, "rounding", ROUNDING_MODES)
        num, den = to_decimal(factor, "factor").as_integer_ratio()
        minor = int(divide_rounded(self.minor * num, den, rounding))  # rounded once, exactly
        return Money.from_minor(minor, self.currency)

    def allocate(
        self,
        weights: ArrayLike,
        *,
        method: AllocationMethod = "largest_remainder",
    ) -> MoneyArray:
        """Split into parts proportional to ``weights`` that sum exactly to this amount.

        Examples
        --------
        >>> Money("0.05", "USD").allocate([1, 1, 1])
        MoneyArray(['0.02', '0.02', '0.01'], currency='USD')
        """
        from ecomops._money.allocation import allocate  # allocation builds on Money

        return allocate(self, weights, method=method)

    # comparisons ------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if isinstance(other, Money):
            return self.currency == other.currency and self.amount == other.amount
        return NotImplemented

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other, "compare").amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other, "compare").amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other, "compare").amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other, "compare").amount

    # serialisation ------------------------------------------------------------
    def model_dump(self) -> dict[str, str]:
        """A JSON-ready dict: the amount as an exact string and the currency code."""
        return {"amount": str(self.amount), "currency": self.currency.code}

    @classmethod
    def model_validate(cls, data: Any) -> Money:
        """Build from [`model_dump`][ecomops.money.Money.model_dump] output (or a Money, returned
        as is)."""
        if isinstance(data, Money):
            return data
        if not isinstance(data, dict) or set(data) != {"amount", "currency"}:
            raise InvalidInputError(
                "Money data must be a dict with exactly the keys 'amount' and 'currency'"
            )
        return cls(data["amount"], data["currency"])

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return plain_value_schema(
            cls.model_validate,
            lambda m: m.model_dump(),
            core_schema.dict_schema(core_schema.str_schema(), core_schema.str_schema()),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "object",
            "properties": {
                "amount": {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
                "currency": {"type": "string"},
            },
            "required": ["amount", "currency"],
            "additionalProperties": False,
        }


# The slots' own setters: Money is immutable, so its construction writes through them.
_set_amount = vars(Money)["amount"].__set__
_set_currency = vars(Money)["currency"].__set__
