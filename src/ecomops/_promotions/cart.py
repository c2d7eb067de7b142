"""The cart: validated lines held as plain Python integers of minor units (private).

A shop backend settles one cart per request, so a cart is validated once at the
edge and kept as tuples of Python ints and strings (no pydantic model and no
numpy array per line): the settlement engine reads them directly. Lines are
also kept in a canonical order (by sku, shop, category, unit price, quantity),
so nothing a settlement computes depends on the order the caller listed them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from ecomops._core.typing import IntArray, MoneyLike, Real
from ecomops._core.validation import read_only
from ecomops._money import Currency, CurrencyLike, Money, MoneyArray
from ecomops.exceptions import InvalidInputError

__all__ = ["Cart", "Lines", "cart_from_lines", "read_minor"]

#: Largest amount of one line or cart in minor units (int64-safe sums for any consumer).
MAX_MINOR = 2**53
#: Floats below this magnitude take the fast exact path of `read_minor`.
_FAST_FLOAT = float(2**40)
#: Most lines a cart may hold (each settlement step is linear or n log n in the lines).
MAX_LINES = 100_000


def _as_list(value: Any, name: str) -> list[Any]:
    """A 1-D sequence given as a list, tuple, numpy array, pandas or polars series."""
    if isinstance(value, str | bytes | Mapping) or value is None:
        raise InvalidInputError(f"{name} must be a sequence (one value per line); got {value!r}")
    if isinstance(value, np.ma.MaskedArray):
        if np.ma.is_masked(value):
            raise InvalidInputError(f"{name} must not have masked (missing) values")
        value = value.data
    if hasattr(value, "to_numpy") and not isinstance(value, np.ndarray):
        value = value.to_numpy()
    if isinstance(value, np.ndarray):
        if value.ndim != 1:
            raise InvalidInputError(f"{name} must be 1-D; got shape {value.shape}")
        return value.tolist()  # type: ignore[no-any-return]
    try:
        out = list(value)
    except TypeError:
        raise InvalidInputError(
            f"{name} must be a sequence (one value per line); got {type(value).__name__}"
        ) from None
    return out


def read_minor(value: Any, scale: int, name: str, currency: Currency | None = None) -> int:
    """One non-negative money amount in major units as exact integer minor units.

    ``scale`` is ``10 ** minor_units``. Ints are exact; floats are read by their
    shortest decimal form; Decimals and numeric strings exactly. An amount finer
    than the minor unit, negative, non-finite or too large is refused by name.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        minor = value * scale
    elif type(value) is float and -_FAST_FLOAT < value < _FAST_FLOAT:
        # below 2**40 floats are spaced finer than half a minor unit, so a float equal to
        # m / scale has exactly that shortest decimal form: m minor units, no Decimal needed
        m = round(value * scale)
        minor = m if m / scale == value else _read_fractional(value, scale, name)
    elif isinstance(value, Money) and currency is not None and value.currency != currency:
        raise InvalidInputError(
            f"{name} must be in the cart's currency {currency.code}; got {value!r}"
        )
    elif isinstance(value, np.integer):
        minor = int(value) * scale
    else:
        minor = _read_fractional(value, scale, name)
    if minor < 0:
        raise InvalidInputError(f"{name} must be >= 0; got {value!r}")
    if minor > MAX_MINOR:
        raise InvalidInputError(f"{name} must be below 2**53 minor units; got {value!r}")
    return minor


def _read_fractional(value: Any, scale: int, name: str) -> int:
    if isinstance(value, bool | np.bool_) or value is None:
        raise InvalidInputError(f"{name} must be a number; got {value!r}")
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            raise InvalidInputError(f"{name} must be finite; got {value!r}")
        d = Decimal(repr(float(value)))
    elif isinstance(value, Decimal):
        d = value
    elif isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except ArithmeticError:
            raise InvalidInputError(f"{name} must be a number; got {value!r}") from None
    elif isinstance(value, Money):
        if 10**value.currency.minor_units != scale:
            raise InvalidInputError(f"{name} must be in the cart's currency; got {value!r}")
        d = value.amount
    else:
        raise InvalidInputError(f"{name} must be a number; got {type(value).__name__}")
    if not d.is_finite():
        raise InvalidInputError(f"{name} must be finite; got {value!r}")
    if d.is_zero():
        return 0
    if abs(d.adjusted()) > 30:
        raise InvalidInputError(f"{name} must be below 2**53 minor units; got {value!r}")
    numerator, denominator = d.as_integer_ratio()
    minor, rest = divmod(numerator * scale, denominator)
    if rest:
        raise InvalidInputError(f"{name} must be a whole number of minor units; got {value!r}")
    return minor


def _read_quantity(value: Any, name: str) -> int:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        if isinstance(value, float | np.floating) and math.isfinite(value) and value == int(value):
            value = int(value)
        else:
            raise InvalidInputError(f"{name} must be a whole number of pieces; got {value!r}")
    q = int(value)
    if q < 0:
        raise InvalidInputError(f"{name} must be >= 0; got {q}")
    if q > MAX_MINOR:
        raise InvalidInputError(f"{name} must be below 2**53; got {q}")
    return q


def _read_counts(values: list[Any], name: str) -> list[int]:
    """Whole numbers >= 0 below 2**53, each checked by name (a fast path for plain ints)."""
    if all(type(v) is int for v in values) and (
        not values or (min(values) >= 0 and max(values) <= MAX_MINOR)
    ):
        return values
    return [_read_quantity(v, f"{name}[{i}]") for i, v in enumerate(values)]


def _as_keys(skus: Any) -> list[str]:
    """The SKUs: a sequence of strings (``None`` is refused, not read as an empty cart)."""
    if skus is None:
        raise InvalidInputError("skus must be a sequence of strings; got None")
    return _read_keys(skus, 0, "skus")


def _read_keys(value: Any, n: int, name: str) -> list[str]:
    if value is None:
        return [""] * n
    keys = _as_list(value, name)
    if not all(type(k) is str for k in keys):
        for i, k in enumerate(keys):
            if not isinstance(k, str):
                raise InvalidInputError(f"{name} must be strings; first other at index {i}: {k!r}")
    return keys


class Lines:
    """Validated cart lines in canonical order (the engine's input; private).

    ``skus``, ``categories``, ``shops`` are tuples of str; ``prices`` (unit
    prices) and ``quantities`` tuples of int; ``amounts`` the line subtotals in
    minor units; ``order[k]`` the caller's index of canonical line ``k``.
    """

    __slots__ = ("amounts", "categories", "n", "order", "prices", "quantities", "shops", "skus")

    amounts: tuple[int, ...]
    categories: tuple[str, ...]
    n: int
    order: tuple[int, ...]
    prices: tuple[int, ...]
    quantities: tuple[int, ...]
    shops: tuple[str, ...]
    skus: tuple[str, ...]

    def __init__(
        self,
        skus: Sequence[str],
        prices: Sequence[int],
        quantities: Sequence[int],
        categories: Sequence[str],
        shops: Sequence[str],
    ) -> None:
        n = len(skus)
        self.n = n
        if n:
            # one sort of (key..., index) tuples: the canonical order, ties by the caller's index
            rows = sorted(zip(skus, shops, categories, prices, quantities, range(n), strict=True))
            self.skus, self.shops, self.categories, self.prices, self.quantities, self.order = zip(
                *rows, strict=True
            )
        else:
            self.skus = self.shops = self.categories = self.order = ()
            self.prices = self.quantities = ()
        self.amounts = tuple(p * q for p, q in zip(self.prices, self.quantities, strict=True))
        if sum(self.amounts) > MAX_MINOR:
            raise InvalidInputError("the cart's subtotal must be below 2**53 minor units")

    def to_caller(self, values: Sequence[int]) -> list[int]:
        """Values in canonical order, put back into the caller's line order."""
        out = [0] * self.n
        for k, i in enumerate(self.order):
            out[i] = values[k]
        return out


class Cart:
    """A shopping cart: lines with a SKU, unit price, quantity, category and shop.

    Validated once, here; the settlement then runs on plain integers of minor
    units. Line order never matters: settlements break ties by a stable key
    (sku, shop, category, unit price, quantity), never by position.

    Parameters
    ----------
    skus : sequence of str, shape (n,)
        SKU of each line.
    unit_prices : sequence of Decimal, int, float or str, shape (n,)
        Unit price of each line, ``>= 0``, a whole number of minor units
        (floats read by their shortest decimal form). [money/unit]
    quantities : sequence of int, shape (n,)
        Pieces on each line, ``>= 0``. [pieces]
    categories : sequence of str, shape (n,), optional
        Product category of each line (for category-scoped promotions); default "".
    shops : sequence of str, shape (n,), optional
        Shop of each line (for shop-scoped promotions); default "".
    currency : str or Currency
        ISO 4217 code of every price; default ``"CNY"``.
    shipping_fee : Decimal, int, float or str
        Shipping charged on the cart, ``>= 0``, before shipping-level
        promotions; default 0. [money]

    Attributes
    ----------
    currency : Currency
        The cart's currency.
    skus, categories, shops : tuple of str
        As given, in the caller's line order.

    Raises
    ------
    InvalidInputError
        For a negative, non-finite or sub-minor-unit price, a negative or
        fractional quantity, a non-string key, sequences of different lengths,
        or more than 100,000 lines.

    Notes
    -----
    Bounds: at most 100,000 lines; amounts below $2^{53}$ minor units.

    References
    ----------
    1. Fowler, M. (2002), *Patterns of Enterprise Application Architecture*,
       Addison-Wesley, "Money" pattern (exact amounts in minor units).

    Examples
    --------
    >>> cart = Cart(["tea", "cup"], ["89.00", 29.9], [2, 1], categories=["food", "home"])
    >>> cart.subtotal
    Money('207.90', 'CNY')
    >>> cart.line_subtotals
    MoneyArray(['178.00', '29.90'], currency='CNY')
    """

    __slots__ = ("_lines", "_shipping_minor", "currency")

    currency: Currency
    _lines: Lines
    _shipping_minor: int

    def __init__(
        self,
        skus: Iterable[str],
        unit_prices: Iterable[MoneyLike | Money],
        quantities: Iterable[Real],
        *,
        categories: Iterable[str] | None = None,
        shops: Iterable[str] | None = None,
        currency: CurrencyLike = "CNY",
        shipping_fee: MoneyLike | Money = 0,
    ) -> None:
        cur = Currency(currency)
        scale = 10**cur.minor_units
        sku_list = _as_keys(skus)
        price_list = _as_list(unit_prices, "unit_prices")
        qty_list = _as_list(quantities, "quantities")
        n = len(sku_list)
        cat_list = _read_keys(categories, n, "categories")
        shop_list = _read_keys(shops, n, "shops")
        lengths = {len(price_list), len(qty_list), len(cat_list), len(shop_list)}
        if lengths != {n}:
            raise InvalidInputError(
                f"skus, unit_prices, quantities, categories and shops must have one length; "
                f"got {n}, {len(price_list)}, {len(qty_list)}, {len(cat_list)}, {len(shop_list)}"
            )
        if n > MAX_LINES:
            raise InvalidInputError(f"skus must have at most {MAX_LINES} lines; got {n}")
        prices = [read_minor(v, scale, f"unit_prices[{i}]", cur) for i, v in enumerate(price_list)]
        qtys = _read_counts(qty_list, "quantities")
        self._init(Lines(sku_list, prices, qtys, cat_list, shop_list), cur, scale, shipping_fee)

    def _init(self, lines: Lines, currency: Currency, scale: int, shipping_fee: Any) -> None:
        object.__setattr__(self, "_lines", lines)
        object.__setattr__(self, "currency", currency)
        fee = read_minor(shipping_fee, scale, "shipping_fee", currency)
        object.__setattr__(self, "_shipping_minor", fee)

    @classmethod
    def from_lines(
        cls,
        lines: Iterable[Sequence[MoneyLike | Money] | Mapping[str, MoneyLike | Money]],
        *,
        currency: CurrencyLike = "CNY",
        shipping_fee: MoneyLike | Money = 0,
    ) -> Cart:
        """A cart from rows: tuples ``(sku, unit_price, quantity[, category[, shop]])`` or dicts.

        Dicts use the keys ``sku``, ``unit_price``, ``quantity``, ``category``, ``shop``.

        Examples
        --------
        >>> Cart.from_lines([("tea", "89.00", 2, "food", "s1"), ("cup", "29.90", 1)]).subtotal
        Money('207.90', 'CNY')
        """
        rows = _as_list(lines, "lines")
        columns: list[list[Any]] = [[], [], [], [], []]
        keys = ("sku", "unit_price", "quantity", "category", "shop")
        for i, row in enumerate(rows):
            if isinstance(row, Mapping):
                unknown = set(row) - set(keys)
                if unknown:
                    raise InvalidInputError(f"lines[{i}] has unknown keys {sorted(unknown)}")
                values = [row.get(k, "" if j >= 3 else None) for j, k in enumerate(keys)]
            elif isinstance(row, Sequence) and not isinstance(row, str) and 3 <= len(row) <= 5:
                values = [*row, *([""] * (5 - len(row)))]
            else:
                raise InvalidInputError(
                    f"lines[{i}] must be (sku, unit_price, quantity[, category[, shop]]) or a "
                    f"dict; got {row!r}"
                )
            for column, value in zip(columns, values, strict=True):
                column.append(value)
        return cls(
            columns[0], columns[1], columns[2], categories=columns[3], shops=columns[4],
            currency=currency, shipping_fee=shipping_fee,
        )  # fmt: skip

    @classmethod
    def from_minor(
        cls,
        skus: Sequence[str],
        unit_prices_minor: Sequence[int],
        quantities: Sequence[int],
        *,
        categories: Sequence[str] | None = None,
        shops: Sequence[str] | None = None,
        currency: CurrencyLike = "CNY",
        shipping_fee_minor: int = 0,
    ) -> Cart:
        """A cart from unit prices already in integer minor units (fen): the fast constructor.

        Examples
        --------
        >>> Cart.from_minor(["tea"], [8900], [2]).subtotal
        Money('178.00', 'CNY')
        """
        cur = Currency(currency)
        sku_list = _as_keys(skus)
        n = len(sku_list)
        prices = _as_list(unit_prices_minor, "unit_prices_minor")
        qtys = _as_list(quantities, "quantities")
        cats = _read_keys(categories, n, "categories")
        shop_list = _read_keys(shops, n, "shops")
        if {len(prices), len(qtys), len(cats), len(shop_list)} != {n}:
            raise InvalidInputError(
                "skus, unit_prices_minor, quantities, categories and shops must have one length"
            )
        if n > MAX_LINES:
            raise InvalidInputError(f"skus must have at most {MAX_LINES} lines; got {n}")
        price_ints = _read_counts(prices, "unit_prices_minor")
        qty_ints = _read_counts(qtys, "quantities")
        fee = _read_quantity(shipping_fee_minor, "shipping_fee_minor")
        self = object.__new__(cls)
        self._init(Lines(sku_list, price_ints, qty_ints, cats, shop_list), cur, 1, fee)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Cart is immutable")

    # views in the caller's order -------------------------------------------------
    @property
    def lines(self) -> Lines:
        """The validated lines in canonical order (the engine's input)."""
        return self._lines

    def __len__(self) -> int:
        return self._lines.n

    def _caller(self, values: Sequence[Any]) -> list[Any]:
        out: list[Any] = [None] * self._lines.n
        for k, i in enumerate(self._lines.order):
            out[i] = values[k]
        return out

    @property
    def skus(self) -> tuple[str, ...]:
        """SKU of each line, in the caller's order."""
        return tuple(self._caller(self._lines.skus))

    @property
    def categories(self) -> tuple[str, ...]:
        """Category of each line, in the caller's order."""
        return tuple(self._caller(self._lines.categories))

    @property
    def shops(self) -> tuple[str, ...]:
        """Shop of each line, in the caller's order."""
        return tuple(self._caller(self._lines.shops))

    @property
    def quantities(self) -> IntArray:
        """Pieces on each line, in the caller's order (read-only int64). [pieces]"""
        return read_only(np.array(self._caller(self._lines.quantities), dtype=np.int64))

    @property
    def unit_prices(self) -> MoneyArray:
        """Unit price of each line, in the caller's order. [money/unit]"""
        return MoneyArray(self._caller(self._lines.prices), self.currency)

    @property
    def line_subtotals(self) -> MoneyArray:
        """Unit price times quantity of each line, in the caller's order. [money]"""
        return MoneyArray(self._caller(self._lines.amounts), self.currency)

    @property
    def subtotal(self) -> Money:
        """Sum of the line subtotals, before any promotion and shipping. [money]"""
        return Money.from_minor(sum(self._lines.amounts), self.currency)

    @property
    def shipping_fee(self) -> Money:
        """Shipping charged before shipping-level promotions. [money]"""
        return Money.from_minor(self._shipping_minor, self.currency)

    @property
    def shipping_fee_minor(self) -> int:
        """The shipping fee in integer minor units."""
        return self._shipping_minor

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cart):
            return NotImplemented
        a, b = self._lines, other._lines
        return (
            self.currency == other.currency
            and self._shipping_minor == other._shipping_minor
            and (a.skus, a.prices, a.quantities, a.categories, a.shops)
            == (b.skus, b.prices, b.quantities, b.categories, b.shops)
        )

    def __hash__(self) -> int:
        a = self._lines
        return hash((self.currency, self._shipping_minor, a.skus, a.prices, a.quantities))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{s} {p}x{q}"
            for s, p, q in zip(
                self.skus, self.unit_prices.format_amounts(), self.quantities.tolist(), strict=True
            )
        )
        return f"Cart([{shown}], currency={self.currency.code!r})"


def cart_from_lines(lines: Lines, currency: Currency, shipping_fee_minor: int) -> Cart:
    """A cart around already validated lines (no checks; for the engine's callers)."""
    cart = object.__new__(Cart)
    cart._init(lines, currency, 1, shipping_fee_minor)
    return cart
