"""MoneyArray: a typed, immutable column of exact amounts in one currency (private)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np

from ecomops._core.typing import (
    ROUNDING_MODES,
    ArrayLike,
    FloatArray,
    IntArray,
    MoneyLike,
    RoundingMode,
)
from ecomops._core.validation import as_int_array, check_flag, check_option, raise_at, read_only
from ecomops._money.bulk import MINOR_UNITS_LIMIT, bulk_minor
from ecomops._money.currency import Currency, CurrencyLike
from ecomops._money.exact import MoneyValue, divide_rounded, minor_to_decimal, to_decimal
from ecomops._money.money import Money, same_currency
from ecomops.exceptions import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = ["MoneyArray"]

_SHOWN = 6  # elements shown by repr before eliding the middle


def _exact_product(minor: IntArray, factor: Any, largest_factor: int) -> np.ndarray:
    """``minor * factor`` exactly: int64 where it cannot overflow, Python ints otherwise."""
    largest_minor = int(np.max(np.abs(minor), initial=0))  # |minor| < 2**62: no overflow
    if largest_minor * largest_factor < 2**62:
        small: np.ndarray = np.multiply(minor, factor, dtype=np.int64)
        return small
    large: np.ndarray = minor.astype(object) * np.asarray(factor).astype(object)
    return large


def _fits(minor: Any, name: str) -> None:
    """Refuse amounts of 2**62 minor units or more (exact int64 sums of pairs stay safe)."""
    big = (minor >= MINOR_UNITS_LIMIT) | (minor <= -MINOR_UNITS_LIMIT)
    raise_at(name, "fit in int64 minor units (|amount| < 2**62 minor units)", big, minor)


class MoneyArray(MoneyValue):
    """A column of exact amounts in one currency: int64 minor units plus the currency.

    The bulk counterpart of [`Money`][ecomops.money.Money]. It is immutable (its
    minor units are a read-only copy), prints as money, sums exactly, and
    converts only explicitly: [`minor`][ecomops.money.MoneyArray.minor] for
    exact integers, [`to_decimal`][ecomops.money.MoneyArray.to_decimal] for
    exact decimals, [`to_float`][ecomops.money.MoneyArray.to_float] for
    analytics, [`to_pandas`][ecomops.money.MoneyArray.to_pandas] /
    [`to_polars`][ecomops.money.MoneyArray.to_polars] for data frames.
    ``np.asarray(column)`` raises, so a money column never silently becomes a
    bare array of fen or cents. Indexing with an integer gives a
    [`Money`][ecomops.money.Money]; with a slice or a mask, a
    [`MoneyArray`][ecomops.money.MoneyArray].

    Parameters
    ----------
    minor : array_like of int
        Amounts in the currency's minor units (fen, cents, yen), any shape;
        $|n| < 2^{62}$. [minor units]
    currency : str or Currency
        ISO 4217 code.

    Raises
    ------
    InvalidInputError
        For fractional, non-finite or too large minor units, or an unknown currency.

    References
    ----------
    1. Fowler, M. (2002), *Patterns of Enterprise Application Architecture*,
       Addison-Wesley, "Money" pattern (amount + currency, allocation).
    2. ISO 4217:2015, List One (minor units).

    Examples
    --------
    >>> from ecomops.money import MoneyArray
    >>> prices = MoneyArray.from_amounts([129900.0, 24.5, 0.1 + 0.2], "CNY")
    >>> prices
    MoneyArray(['129,900.00', '24.50', '0.30'], currency='CNY')
    >>> prices.sum()
    Money('129924.80', 'CNY')
    >>> prices.minor
    array([12990000,     2450,       30])
    >>> prices[1]
    Money('24.50', 'CNY')
    """

    __slots__ = ("_currency", "_minor")

    _minor: IntArray
    _currency: Currency

    def __init__(self, minor: ArrayLike, currency: CurrencyLike) -> None:
        cur = Currency(currency)
        minor = np.array(as_int_array(minor, "minor"), dtype=np.int64, copy=True)
        _fits(minor, "minor")
        object.__setattr__(self, "_minor", read_only(minor))
        object.__setattr__(self, "_currency", cur)

    @classmethod
    def _unchecked(cls, minor: IntArray, currency: Currency) -> MoneyArray:
        """Wrap minor units the caller owns and has checked (takes ownership, no copy)."""
        self = object.__new__(cls)
        object.__setattr__(self, "_minor", read_only(minor))
        object.__setattr__(self, "_currency", currency)
        return self

    @classmethod
    def from_amounts(
        cls,
        amounts: ArrayLike,
        currency: CurrencyLike,
        *,
        rounding: RoundingMode = "half_up",
        cash: bool = False,
    ) -> MoneyArray:
        """A money column from amounts in major units, rounded exactly.

        Floats are read as their shortest decimal form (``2.675`` is 2.675), as
        [`round_money`][ecomops.money.round_money] does; Decimal and string arrays are
        read exactly.

        Examples
        --------
        >>> MoneyArray.from_amounts([2.675, 1.005], "USD")
        MoneyArray(['2.68', '1.01'], currency='USD')
        """
        cur = Currency(currency)
        check_option(rounding, "rounding", ROUNDING_MODES)
        cash = check_flag(cash, "cash")
        return cls._unchecked(bulk_minor(amounts, cur, rounding, cash, "amounts"), cur)

    # views ------------------------------------------------------------------
    @property
    def minor(self) -> IntArray:
        """The amounts as read-only int64 minor units (fen, cents)."""
        return self._minor

    @property
    def currency(self) -> Currency:
        """The currency of every amount."""
        return self._currency

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of the column."""
        return tuple(self._minor.shape)

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return int(self._minor.ndim)

    @property
    def size(self) -> int:
        """The number of amounts."""
        return int(self._minor.size)

    def __len__(self) -> int:
        return len(self._minor)

    def __getitem__(self, key: Any) -> Any:
        part = self._minor[key]
        if np.ndim(part) == 0:
            return Money.from_minor(int(part), self._currency)
        return MoneyArray._unchecked(np.array(part, dtype=np.int64), self._currency)

    def __iter__(self) -> Any:
        for i in range(len(self)):
            yield self[i]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("MoneyArray is immutable")

    def __reduce__(self) -> tuple[type[MoneyArray], tuple[list[Any], str]]:
        return (MoneyArray, (self._minor.tolist(), self._currency.code))

    def __array__(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(
            "a MoneyArray does not convert to a bare array; use .minor (exact "
            "int64 minor units), .to_decimal() (exact) or .to_float() (analytics)"
        )

    # conversions ------------------------------------------------------------
    def to_float(self) -> FloatArray:
        """Amounts in major units as float64, for analytics and plots.

        Each value is the float nearest the exact amount, so it prints as the
        amount and reads back exactly through
        [`from_amounts`][ecomops.money.MoneyArray.from_amounts]; sums of floats
        are not exact (use [`sum`][ecomops.money.MoneyArray.sum]).

        Examples
        --------
        >>> MoneyArray([1999, 5], "CNY").to_float()
        array([19.99,  0.05])
        """
        return self._minor / float(10**self._currency.minor_units)

    def to_decimal(self) -> np.ndarray:
        """Amounts in major units as an object array of exact Decimals.

        Examples
        --------
        >>> MoneyArray([1999, 5], "CNY").to_decimal().tolist()
        [Decimal('19.99'), Decimal('0.05')]
        """
        flat = [minor_to_decimal(int(v), self._currency) for v in self._minor.flat]
        out = np.empty(len(flat), dtype=object)
        out[:] = flat
        return out.reshape(self._minor.shape)

    def to_pandas(self) -> pd.Series[float]:
        """A pandas Series of float64 major units, its currency in ``attrs``; needs pandas.

        The dtype every ecomops result uses for money in a data frame: float64
        in major units (see [`to_float`][ecomops.money.MoneyArray.to_float]),
        the currency code in ``series.attrs["currency"]`` (for a result's frame,
        ``frame.attrs["currency"]`` maps each money column to its code). Exact
        amounts stay available as [`minor`][ecomops.money.MoneyArray.minor] and
        [`to_decimal`][ecomops.money.MoneyArray.to_decimal].

        Examples
        --------
        >>> s = MoneyArray([129900, 5], "CNY").to_pandas()
        >>> s.tolist(), str(s.dtype), s.attrs["currency"]
        ([1299.0, 0.05], 'float64', 'CNY')
        """
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        series = pd.Series(self.to_float().reshape(-1))
        series.attrs["currency"] = self._currency.code
        return series

    def to_polars(self) -> pl.Series:
        """A polars Series of float64 major units; needs polars.

        As [`to_pandas`][ecomops.money.MoneyArray.to_pandas] (polars keeps no
        metadata: the currency is the column's [`currency`][ecomops.money.MoneyArray.currency]).
        """
        try:
            import polars as pl
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_polars() needs polars: pip install polars") from None
        return pl.Series(self.to_float().reshape(-1))

    # display ----------------------------------------------------------------
    def format_amounts(self) -> list[str]:
        """Each amount as text with thousands separators: ``'1,299.00'``.

        Examples
        --------
        >>> MoneyArray([129900, -5], "CNY").format_amounts()
        ['1,299.00', '-0.05']
        """
        places = self._currency.minor_units
        return [f"{v:,.{places}f}" for v in self.to_decimal().flat]

    def __repr__(self) -> str:
        n = self.size
        if n <= _SHOWN:
            shown = [repr(s) for s in self.format_amounts()]
        else:
            head = MoneyArray._unchecked(self._minor.reshape(-1)[: _SHOWN // 2], self._currency)
            tail = MoneyArray._unchecked(self._minor.reshape(-1)[-_SHOWN // 2 :], self._currency)
            shown = [*map(repr, head.format_amounts()), "...", *map(repr, tail.format_amounts())]
        suffix = f", shape={self.shape}" if self.ndim != 1 else ""
        return f"MoneyArray([{', '.join(shown)}], currency={self._currency.code!r}{suffix})"

    # exact arithmetic -------------------------------------------------------
    def sum(self) -> Money:
        """The exact total as [`Money`][ecomops.money.Money] (int64 when it cannot overflow).

        Examples
        --------
        >>> MoneyArray([2**61, 2**61, 1], "JPY").sum().minor
        4611686018427387905
        """
        if self.size * int(np.max(np.abs(self._minor), initial=0)) < 2**63:
            total = int(self._minor.sum())
        else:  # Python integers: no overflow
            total = int(self._minor.sum(dtype=object))
        return Money.from_minor(total, self._currency)

    def _other_minor(self, other: object, op: str) -> IntArray:
        if isinstance(other, MoneyArray):
            same_currency(self._currency, other.currency, op)
            return other.minor
        if isinstance(other, Money):
            same_currency(self._currency, other.currency, op)
            return np.asarray(other.minor, dtype=np.int64)
        raise InvalidInputError(
            f"cannot {op} MoneyArray and {type(other).__name__}; wrap the amounts in "
            "Money or MoneyArray"
        )

    def _result(self, minor: IntArray) -> MoneyArray:
        _fits(minor, "result")
        return MoneyArray._unchecked(minor, self._currency)

    def __add__(self, other: MoneyArray | Money) -> MoneyArray:
        return self._result(self._minor + self._other_minor(other, "add"))

    __radd__ = __add__

    def __sub__(self, other: MoneyArray | Money) -> MoneyArray:
        return self._result(self._minor - self._other_minor(other, "subtract"))

    def __rsub__(self, other: MoneyArray | Money) -> MoneyArray:
        return self._result(self._other_minor(other, "subtract") - self._minor)

    def __neg__(self) -> MoneyArray:
        return MoneyArray._unchecked(-self._minor, self._currency)

    def __abs__(self) -> MoneyArray:
        return MoneyArray._unchecked(np.abs(self._minor), self._currency)

    def __mul__(self, factor: ArrayLike) -> MoneyArray:
        if isinstance(factor, float | Decimal | Fraction | MoneyValue):
            raise InvalidInputError(
                "a MoneyArray can only be multiplied by integers exactly; "
                "use .scale(factor, rounding=...) for a fraction"
            )
        ints = as_int_array(factor, "factor")
        product = _exact_product(self._minor, ints, int(np.max(np.abs(ints), initial=0)))
        _fits(product, "result")
        return MoneyArray._unchecked(np.asarray(product, dtype=np.int64), self._currency)

    __rmul__ = __mul__

    def scale(self, factor: MoneyLike, *, rounding: RoundingMode = "half_up") -> MoneyArray:
        """Multiply every amount by one factor (a discount, a tax rate), rounding once.

        The factor is read exactly (floats by their shortest decimal form) and
        each product is rounded once to the minor unit with ``rounding``.

        Examples
        --------
        >>> MoneyArray.from_amounts([199.0, 99.0], "CNY").scale("0.85")  # 八五折
        MoneyArray(['169.15', '84.15'], currency='CNY')
        """
        check_option(rounding, "rounding", ROUNDING_MODES)
        num, den = to_decimal(factor, "factor").as_integer_ratio()
        product = _exact_product(self._minor, num, abs(num))
        scaled = divide_rounded(product, den, rounding)
        _fits(scaled, "result (amounts times factor)")  # a too large factor is named
        return MoneyArray._unchecked(np.asarray(scaled, dtype=np.int64), self._currency)

    # comparisons ------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MoneyArray):
            return NotImplemented
        return (
            self._currency == other.currency
            and self.shape == other.shape
            and bool(np.array_equal(self._minor, other.minor))
        )

    __hash__ = None  # type: ignore[assignment]
