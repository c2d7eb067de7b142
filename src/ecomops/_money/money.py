"""Implementation of :mod:`ecomops.money` (private; import from ``ecomops.money``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    InvalidOperation,
)
from typing import Any, ClassVar, Literal, overload

import numpy as np
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from ecomops._core.typing import ArrayLike, FloatArray, IntArray, MoneyLike, RoundingMode
from ecomops._core.validation import (
    as_float_array,
    as_int_array,
    check_option,
    is_scalar,
    raise_at,
)
from ecomops._money import iso4217 as _iso4217
from ecomops.exceptions import CurrencyMismatchError, InvalidInputError

__all__ = [
    "ROUNDING_MODES",
    "Currency",
    "Money",
    "allocate",
    "from_minor_units",
    "round_money",
    "to_minor_units",
]

#: The rounding modes every money function accepts.
ROUNDING_MODES: tuple[RoundingMode, ...] = (
    "half_up",
    "half_even",
    "half_down",
    "down",
    "up",
    "floor",
    "ceiling",
)

_DECIMAL_MODES: dict[str, str] = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "half_down": ROUND_HALF_DOWN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}

# Exact decimal arithmetic for money: wide enough for any int64 number of minor units.
_CTX = Context(prec=60, Emax=999_999, Emin=-999_999)


# ---------------------------------------------------------------------------
# Currency
# ---------------------------------------------------------------------------


class Currency:
    """An ISO 4217 currency: its code, minor units and cash increment.

    Instances are interned: ``Currency("CNY") is Currency("CNY")``. A currency
    compares equal to another currency with the same code; it is hashable and
    usable as a pydantic field (serialised as its code).

    Parameters
    ----------
    code : str
        Active ISO 4217 alphabetic code, upper case (``"CNY"``, ``"USD"``,
        ``"JPY"``). A :class:`Currency` is returned unchanged.

    Attributes
    ----------
    code : str
        The alphabetic code.
    minor_units : int
        Number of decimal places of the minor unit (ISO 4217): CNY 2, JPY 0, KWD 3.
    cash_increment_minor : int
        Smallest cash step in minor units: 5 for CHF (0.05), 1 where cash is
        settled to the minor unit.

    Raises
    ------
    InvalidInputError
        For an unknown, withdrawn or lower-case code (the message suggests the
        right one).

    References
    ----------
    .. [1] ISO 4217:2015, List One, minor units column.
    .. [2] Unicode CLDR, ``supplementalData.xml``, ``currencyData/fractions``
       (cash rounding).

    Examples
    --------
    >>> Currency("CNY").minor_units, Currency("JPY").minor_units, Currency("KWD").minor_units
    (2, 0, 3)
    >>> Currency("CHF").cash_increment
    Decimal('0.05')
    >>> Currency("USD").quantum
    Decimal('0.01')
    """

    __slots__ = ("cash_increment_minor", "code", "minor_units")
    _registry: ClassVar[dict[str, Currency]] = {}

    code: str
    minor_units: int
    cash_increment_minor: int

    def __new__(cls, code: str | Currency) -> Currency:
        if isinstance(code, Currency):
            return code
        found = cls._registry.get(code) if isinstance(code, str) else None
        if found is not None:
            return found
        if not isinstance(code, str):
            raise InvalidInputError(
                f"currency must be an ISO 4217 code string; got {type(code).__name__}"
            )
        if code not in _iso4217.ACTIVE_CODES:
            hint = ""
            if code.upper() in _iso4217.ACTIVE_CODES:
                hint = f"; ISO 4217 codes are upper case: did you mean {code.upper()!r}?"
            elif code.upper() in _iso4217.WITHDRAWN:
                hint = (
                    f"; {code!r} is not an active ISO 4217 code, "
                    f"use {_iso4217.WITHDRAWN[code.upper()]!r}"
                )
            raise InvalidInputError(f"unknown currency code {code!r}{hint}")
        self = object.__new__(cls)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "minor_units", _iso4217.minor_units(code))
        object.__setattr__(self, "cash_increment_minor", _iso4217.CASH_INCREMENTS.get(code, 1))
        cls._registry[code] = self
        return self

    def __init__(self, code: str | Currency) -> None:
        # Instances are built and interned in __new__; this signature is the one
        # documentation tools and type checkers read.
        pass

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Currency is immutable")

    def __reduce__(self) -> tuple[type[Currency], tuple[str]]:
        return (Currency, (self.code,))

    def __repr__(self) -> str:
        return f"Currency({self.code!r})"

    def __str__(self) -> str:
        return self.code

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Currency):
            return self.code == other.code
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("Currency", self.code))

    @property
    def quantum(self) -> Decimal:
        """One minor unit as a Decimal exponent: ``Decimal('0.01')`` for CNY. [major units]"""
        return Decimal(1).scaleb(-self.minor_units)

    @property
    def cash_increment(self) -> Decimal:
        """The smallest cash step: ``Decimal('0.05')`` for CHF. [major units]"""
        return (
            (Decimal(self.cash_increment_minor) * self.quantum)
            .normalize(_CTX)
            .quantize(self.quantum)
        )

    @classmethod
    def all(cls) -> tuple[Currency, ...]:
        """Every active ISO 4217 currency known to ecomops, sorted by code.

        Examples
        --------
        >>> len(Currency.all()) > 150
        True
        """
        return tuple(cls(code) for code in sorted(_iso4217.ACTIVE_CODES))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: Any) -> Currency:
            try:
                return cls(value)
            except InvalidInputError as exc:
                raise ValueError(str(exc)) from None

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda c: c.code, return_schema=core_schema.str_schema()
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "enum": sorted(_iso4217.ACTIVE_CODES)}


CurrencyLike = Currency | str


# ---------------------------------------------------------------------------
# Scalar parsing
# ---------------------------------------------------------------------------


def _to_decimal(value: Any, name: str) -> Decimal:
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
    elif isinstance(value, Money):
        raise InvalidInputError(f"{name} must be a plain amount; got {value!r} (use .amount)")
    else:
        raise InvalidInputError(
            f"{name} must be a Decimal, int, float or numeric string; got {type(value).__name__}"
        )
    if not out.is_finite():
        raise InvalidInputError(f"{name} must be finite; got {value!r}")
    return out


def _quantize(value: Decimal, currency: Currency, rounding: str, cash: bool) -> Decimal:
    """Round a Decimal to the currency's minor unit (or cash increment)."""
    mode = _DECIMAL_MODES[rounding]
    if cash and currency.cash_increment_minor != 1:
        step = Decimal(currency.cash_increment_minor).scaleb(-currency.minor_units)
        units = (value / step).quantize(Decimal(1), rounding=mode, context=_CTX)
        out = (units * step).quantize(currency.quantum, context=_CTX)
    else:
        out = value.quantize(currency.quantum, rounding=mode, context=_CTX)
    return out.copy_abs() if out.is_zero() else out


def _decimal_to_minor(value: Decimal, currency: Currency) -> int:
    """Minor units of an already-quantized Decimal."""
    return int(value.scaleb(currency.minor_units, context=_CTX))


# ---------------------------------------------------------------------------
# Vectorised exact rounding of float64 amounts
# ---------------------------------------------------------------------------


def _fast_path_bound(minor_units: int) -> float:
    """Largest magnitude for which the float64 fast path is provably exact.

    Below it, one binary64 ulp is smaller than 10**-(minor_units + 1), so no two
    decimals with minor_units + 1 places round to the same float: if such a decimal
    (a multiple of the increment, or a tie between two) round-trips to ``x``, it is
    ``x``'s shortest decimal form. One power of two of margin is kept.
    """
    exponent = math.floor(53 - (minor_units + 1) * math.log2(10)) - 1
    return float(2.0**exponent)


_CHUNK = 1 << 16  # rows per block: keeps the temporaries of the fast path in cache


def _round_float_minor(
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
    big = a >= _fast_path_bound(m)
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
            d = _quantize(Decimal(repr(float(x[i]))), currency, rounding, cash)
            out[i] = _decimal_to_minor(d, currency)
    return out


def _bulk_minor(
    amounts: Any, currency: Currency, rounding: str | None, cash: bool, name: str
) -> IntArray:
    """Bulk path: any array-like of amounts to exact int64 minor units."""
    arr = np.asarray(amounts)
    limit = 2**62
    if arr.dtype.kind in "iu":
        ints = as_int_array(arr, name)
        scale = 10**currency.minor_units
        raise_at(
            name,
            "fit in int64 minor units (|amount| < 2**62 minor units)",
            np.abs(ints) >= limit // scale,
            ints,
        )
        out: IntArray = ints * scale
        if cash and currency.cash_increment_minor != 1:
            return _bulk_minor(ints.astype(object), currency, rounding or "half_up", cash, name)
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
            out = _round_float_minor(floats, currency, "down", cash)
            exact = _round_float_minor(floats, currency, "up", cash)
            raise_at(
                name,
                f"be a whole number of {currency.code} minor units (pass rounding= to round)",
                out != exact,
                floats,
            )
            return out
        return _round_float_minor(floats, currency, rounding, cash)
    # object, string or Decimal arrays: exact per element (an edge conversion)
    flat = arr.reshape(-1)
    result = np.empty(flat.shape, dtype=np.int64)
    for i, item in enumerate(flat):
        where = f"{name}[{i}]" if arr.ndim else name
        d = _to_decimal(item.item() if isinstance(item, np.generic) else item, where)
        q = _quantize(d, currency, rounding or "down", cash)
        if rounding is None and q != d:
            raise InvalidInputError(
                f"{name} must be a whole number of {currency.code} minor units "
                f"(pass rounding= to round); first offending index {i}: {item!r}"
            )
        minor = _decimal_to_minor(q, currency)
        if abs(minor) >= limit:
            raise InvalidInputError(
                f"{name} must fit in int64 minor units; first offending index {i}: {item!r}"
            )
        result[i] = minor
    return result.reshape(arr.shape)


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------


@overload
def round_money(  # type: ignore[overload-overlap]
    amounts: MoneyLike,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode = ...,
    cash: bool = ...,
) -> Decimal: ...
@overload
def round_money(
    amounts: ArrayLike,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode = ...,
    cash: bool = ...,
) -> IntArray: ...
def round_money(
    amounts: MoneyLike | ArrayLike,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode = "half_up",
    cash: bool = False,
) -> Decimal | IntArray:
    r"""Round amounts to a currency's minor unit (or cash increment), exactly.

    .. math::

        \operatorname{round}(x) = q \cdot R\!\left(\frac{d(x)}{q}\right)

    where :math:`d(x)` is the shortest decimal form of :math:`x`, :math:`q` the
    minor unit (or cash increment) and :math:`R` the rounding rule.

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
    Decimal or ndarray of int64
        A scalar gives a :class:`~decimal.Decimal` in major units with the
        currency's exponent (``Decimal('2.68')``); an array gives an ``int64``
        array of minor units of the same shape (``268``).

    Raises
    ------
    InvalidInputError
        For non-numeric, NaN or infinite amounts (naming the first index), for
        amounts of :math:`2^{62}` minor units or more in magnitude, or an unknown
        currency or rounding mode.

    Notes
    -----
    The bulk path is vectorised: below :math:`2^{42}` major units (for a
    2-decimal currency) each float is resolved by at most three exactly rounded
    float64 operations on integers, proven equal to
    ``Decimal(repr(x)).quantize(q, rounding)``; larger magnitudes fall back to
    that Decimal expression element by element. Property tests check the two
    paths against each other for every mode.

    References
    ----------
    .. [1] ISO 4217:2015, List One (minor units).
    .. [2] Python :mod:`decimal`, ``Decimal.quantize`` rounding modes.
    .. [3] Steele and White (1990), doi:10.1145/93542.93559 (shortest decimal form).

    Examples
    --------
    >>> round_money(2.675, "USD")
    Decimal('2.68')
    >>> round_money(2.675, "USD", rounding="half_even")
    Decimal('2.68')
    >>> round_money(2.665, "USD", rounding="half_even")
    Decimal('2.66')
    >>> round_money(1980.4, "JPY")
    Decimal('1980')
    >>> round_money(3.43, "CHF", cash=True)
    Decimal('3.45')
    >>> round_money([0.125, -0.125, 19.999], "CNY")
    array([   13,   -13,  2000])
    """
    cur = Currency(currency)
    check_option(rounding, "rounding", ROUNDING_MODES)
    if is_scalar(amounts) and not isinstance(amounts, np.ndarray):
        return _quantize(_to_decimal(amounts, "amounts"), cur, rounding, cash)
    return _bulk_minor(amounts, cur, rounding, cash, "amounts")


@overload
def to_minor_units(  # type: ignore[overload-overlap]
    amounts: MoneyLike,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode | None = ...,
) -> int: ...
@overload
def to_minor_units(
    amounts: ArrayLike,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode | None = ...,
) -> IntArray: ...
def to_minor_units(
    amounts: MoneyLike | ArrayLike,
    currency: CurrencyLike,
    *,
    rounding: RoundingMode | None = "half_up",
) -> int | IntArray:
    r"""Convert amounts in major units to integer minor units (fen, cents).

    .. math::

        n = R\!\left(d(x) \cdot 10^{m}\right)

    with :math:`m` the currency's minor units and :math:`R` the rounding rule.

    Parameters
    ----------
    amounts : Decimal, int, float, str or array_like
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
    .. [1] ISO 4217:2015, List One (minor units).

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
    if is_scalar(amounts) and not isinstance(amounts, np.ndarray):
        d = _to_decimal(amounts, "amounts")
        q = _quantize(d, cur, rounding or "down", cash=False)
        if rounding is None and q != d:
            raise InvalidInputError(
                f"amounts must be a whole number of {cur.code} minor units "
                f"(pass rounding= to round); got {d!r}"
            )
        return _decimal_to_minor(q, cur)
    return _bulk_minor(amounts, cur, rounding, False, "amounts")


@overload
def from_minor_units(minor: int | np.integer, currency: CurrencyLike) -> Decimal: ...
@overload
def from_minor_units(minor: ArrayLike, currency: CurrencyLike) -> np.ndarray: ...
def from_minor_units(minor: int | np.integer | ArrayLike, currency: CurrencyLike) -> Any:
    r"""Convert integer minor units back to exact amounts in major units.

    .. math:: x = n \cdot 10^{-m}

    Parameters
    ----------
    minor : int or array_like of int
        Minor units (fen, cents). [currency minor units]
    currency : str or Currency
        ISO 4217 code.

    Returns
    -------
    Decimal or ndarray of object
        A :class:`~decimal.Decimal` with the currency's exponent for a scalar; an
        object array of Decimals for an array (an edge conversion for display or
        export; for float analytics divide by ``10**currency.minor_units``).

    Raises
    ------
    InvalidInputError
        For fractional, non-finite or non-numeric minor units.

    References
    ----------
    .. [1] ISO 4217:2015, List One (minor units).

    Examples
    --------
    >>> from_minor_units(1999, "CNY")
    Decimal('19.99')
    >>> from_minor_units([1980, 5], "JPY").tolist()
    [Decimal('1980'), Decimal('5')]
    """
    cur = Currency(currency)
    ints = as_int_array(minor, "minor")
    if ints.ndim == 0:
        return Decimal(int(ints)).scaleb(-cur.minor_units, context=_CTX)
    flat = [Decimal(int(v)).scaleb(-cur.minor_units, context=_CTX) for v in ints.reshape(-1)]
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(ints.shape)


# ---------------------------------------------------------------------------
# Allocation
# ---------------------------------------------------------------------------


def _rank_within_groups(groups: IntArray, keys: Sequence[np.ndarray]) -> IntArray:
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
    sorted_groups = groups[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    run_start = np.zeros(groups.size, dtype=np.int64)
    run_start[starts] = starts
    run_start = np.maximum.accumulate(run_start)
    rank = np.empty(groups.size, dtype=np.int64)
    rank[order] = np.arange(groups.size) - run_start
    return rank


def _allocate_core(
    totals: IntArray,
    weights: FloatArray,
    groups: IntArray,
    method: str,
    weight_sum: FloatArray,
) -> IntArray:
    """Split non-negative integer ``totals`` over rows by ``weights`` within ``groups``.

    ``weight_sum`` is the per-group sum of ``weights`` (already computed by the caller).
    """
    n_groups = totals.size
    integral = bool(np.all(weights == np.floor(weights))) and weights.size > 0
    big = float(np.max(totals, initial=0)) * float(np.max(weights, initial=0.0))
    if integral and big < 2.0**62 and float(weight_sum.max(initial=0.0)) < 2.0**53:
        # exact: quota = T w / W as integer quotient and remainder
        w = weights.astype(np.int64)
        wsum = weight_sum.astype(np.int64)  # exact: every partial sum is below 2**53
        num = totals[groups] * w
        # quotient and remainder in one pass; remainders share a denominator per group
        base, rem_key = np.divmod(num, wsum[groups])
    elif integral:
        # exact with Python integers (huge totals or weights): an object-array path
        w_obj = weights.astype(np.int64).astype(object)
        wsum_obj = np.zeros(n_groups, dtype=object)
        np.add.at(wsum_obj, groups, w_obj)
        num_obj = totals.astype(object)[groups] * w_obj
        base = (num_obj // wsum_obj[groups]).astype(np.int64)
        rem_key = (num_obj % wsum_obj[groups]).astype(np.float64)
    else:
        quota = totals[groups] * (weights / weight_sum[groups])
        base_f = np.floor(quota)
        rem_key = quota - base_f
        base = base_f.astype(np.int64)
    leftover = totals - np.bincount(groups, weights=base, minlength=n_groups).astype(np.int64)
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
    if rem_key.dtype.kind in "iu":
        # exact remainders: lines with zero weight have remainder 0 and, since the
        # missing units are fewer than the lines with a positive remainder, never rank in
        rank_up = _rank_within_groups(groups, [-rem_key])
    else:
        rank_up = _rank_within_groups(groups, [~positive, -rem_key])
    base += (rank_up < give).astype(np.int64)
    if (leftover < 0).any():  # float quotas overshot: take back from smallest remainders
        can_take = base > 0
        rank_down = _rank_within_groups(groups, [~can_take, rem_key])
        base -= ((rank_down < -give) & can_take).astype(np.int64)
    return base


def allocate(
    total: MoneyLike | ArrayLike,
    weights: ArrayLike,
    *,
    currency: CurrencyLike | None = None,
    method: Literal["largest_remainder", "last_line"] = "largest_remainder",
    groups: ArrayLike | None = None,
) -> IntArray:
    r"""Split an amount over lines in proportion to weights, summing exactly to it.

    Each line gets the integer part of its quota
    :math:`T w_i / \sum_j w_j` (in minor units); the units still missing go, one
    each, to the lines with the largest fractional remainders (Hamilton's method),
    ties to the lower index. With ``method="last_line"`` the last line with a
    positive weight takes all of them instead.

    Parameters
    ----------
    total : Decimal, int, float, str or array_like
        Amount to split. Without ``currency``: a whole number of units (e.g.
        minor units or pieces). With ``currency``: an amount in major units that
        must be a whole number of minor units (round it first with
        :func:`round_money`). With ``groups``: one total per group. [currency]
    weights : array_like, shape (n,)
        Non-negative weights, e.g. line amounts; not all zero within a group.
        Integer weights (such as minor units) give exact quotas; other floats are
        compared in float64. [any unit]
    currency : str or Currency, optional
        Read ``total`` as money in this currency.
    method : {"largest_remainder", "last_line"}
        Where the rounding residue goes; default ``"largest_remainder"`` (the
        fairest split, and stable under re-computation for refunds).
    groups : array_like of int, shape (n,), optional
        Group (e.g. order) index of each line, ``0 <= g < len(total)``: allocates
        many totals at once, vectorised.

    Returns
    -------
    ndarray of int64, shape (n,)
        Units (minor units when ``currency`` is given) per line; the lines of each
        group sum exactly to its total, every line has the sign of its total, and
        a zero-weight line gets 0.

    Raises
    ------
    InvalidInputError
        For negative or non-finite weights, all-zero weights in a group, a total
        that is not a whole number of (minor) units, or group indices out of range.

    References
    ----------
    .. [1] Balinski, M. L. and Young, H. P. (2001), *Fair Representation*, 2nd ed.,
       Brookings Institution Press (Hamilton's largest-remainder method).

    Examples
    --------
    >>> allocate(100, [1, 1, 1])
    array([34, 33, 33])
    >>> allocate("10.00", [1999, 999, 0], currency="CNY")  # a ¥10 coupon over two lines
    array([667, 333,   0])
    >>> allocate(-5, [1, 1])
    array([-3, -2])
    >>> allocate([10, 7], [1, 1, 1, 2, 5], groups=[0, 0, 0, 1, 1])
    array([4, 3, 3, 2, 5])
    """
    check_option(method, "method", ("largest_remainder", "last_line"))
    w = as_float_array(weights, "weights", ndim=1)
    raise_at("weights", "be >= 0", w < 0, w)
    if groups is None:
        g = np.zeros(w.size, dtype=np.int64)
        if not (is_scalar(total) and not isinstance(total, np.ndarray)):
            raise InvalidInputError("total must be a scalar when groups is not given")
        totals_in: Any = [total]
    else:
        g = as_int_array(groups, "groups", ndim=1)
        if g.size != w.size:
            raise InvalidInputError(
                f"groups and weights must have the same length; got {g.size} and {w.size}"
            )
        totals_in = total
    if currency is not None:
        cur = Currency(currency)
        totals = _bulk_minor(
            np.asarray(totals_in, dtype=object) if isinstance(totals_in, list) else totals_in,
            cur, None, False, "total",
        ).reshape(-1)  # fmt: skip
    else:
        totals = as_int_array(totals_in, "total").reshape(-1)
    raise_at("groups", f"be in [0, {totals.size})", (g < 0) | (g >= totals.size), g)
    wsum = np.bincount(g, weights=w, minlength=totals.size).astype(np.float64, copy=False)
    raise_at("weights", "not sum to 0 within a group", wsum == 0, wsum)
    sign = np.where(totals < 0, -1, 1)
    out = _allocate_core(np.abs(totals), w, g, method, wsum)
    return out * sign[g]


# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------


class Money:
    """An exact amount of money in one currency.

    The amount is a :class:`~decimal.Decimal` that is always a whole number of
    the currency's minor units (``Money("19.99", "CNY")``; ``Money("1.005",
    "USD")`` raises, :meth:`Money.of` rounds). Arithmetic checks currencies:
    adding CNY to USD raises :class:`~ecomops.exceptions.CurrencyMismatchError`.
    Multiplying by an integer is exact; by a fraction, use :meth:`scale` with an
    explicit rounding. Instances are immutable, hashable, and usable as pydantic
    fields (JSON: ``{"amount": "19.99", "currency": "CNY"}``).

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
    .. [1] Fowler, M. (2002), *Patterns of Enterprise Application Architecture*,
       Addison-Wesley, "Money" pattern (amount + currency, allocation).

    Examples
    --------
    >>> price = Money("19.99", "CNY")
    >>> price + Money(5, "CNY")
    Money('24.99', 'CNY')
    >>> price.scale("0.85")  # 八五折
    Money('16.99', 'CNY')
    >>> Money("100.00", "CNY").allocate([2, 1])
    [Money('66.67', 'CNY'), Money('33.33', 'CNY')]
    >>> Money("19.99", "CNY").model_dump()
    {'amount': '19.99', 'currency': 'CNY'}
    """

    __slots__ = ("amount", "currency")

    amount: Decimal
    currency: Currency

    def __init__(self, amount: MoneyLike, currency: CurrencyLike) -> None:
        cur = Currency(currency)
        d = _to_decimal(amount, "amount")
        q = d.quantize(cur.quantum, context=_CTX)
        if q != d:
            raise InvalidInputError(
                f"amount must be a whole number of {cur.code} minor units; got {d} "
                f"(use Money.of(amount, {cur.code!r}, rounding=...) to round)"
            )
        object.__setattr__(self, "amount", q.copy_abs() if q.is_zero() else q)
        object.__setattr__(self, "currency", cur)

    @classmethod
    def _unchecked(cls, amount: Decimal, currency: Currency) -> Money:
        """Build from an amount already on the currency's grid (sums, differences)."""
        self = object.__new__(cls)
        object.__setattr__(self, "amount", amount.copy_abs() if amount.is_zero() else amount)
        object.__setattr__(self, "currency", currency)
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
        return cls(
            round_money(_to_decimal(amount, "amount"), currency, rounding=rounding), currency
        )

    @classmethod
    def from_minor(cls, minor: int, currency: CurrencyLike) -> Money:
        """Money from integer minor units.

        Examples
        --------
        >>> Money.from_minor(1999, "CNY")
        Money('19.99', 'CNY')
        """
        return cls(from_minor_units(int(minor), currency), currency)

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
        return _decimal_to_minor(self.amount, self.currency)

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
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot {op} {self.currency.code} and {other.currency.code} amounts"
            )
        return other

    def __add__(self, other: Money) -> Money:
        o = self._same(other, "add")
        return Money._unchecked(self.amount + o.amount, self.currency)

    def __radd__(self, other: object) -> Money:
        if isinstance(other, int) and other == 0:  # lets sum() start from 0
            return self
        return self._same(other, "add") + self

    def __sub__(self, other: Money) -> Money:
        o = self._same(other, "subtract")
        return Money._unchecked(self.amount - o.amount, self.currency)

    def __neg__(self) -> Money:
        return Money._unchecked(-self.amount, self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money._unchecked(abs(self.amount), self.currency)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | np.integer):
            raise InvalidInputError(
                "Money can only be multiplied by an integer exactly; "
                "use .scale(factor, rounding=...) for a fraction"
            )
        return Money._unchecked(self.amount * int(factor), self.currency)

    __rmul__ = __mul__

    def scale(self, factor: MoneyLike, *, rounding: RoundingMode = "half_up") -> Money:
        """Multiply by a factor (a discount rate, a tax rate) and round explicitly.

        Examples
        --------
        >>> Money("99.00", "CNY").scale(0.88)
        Money('87.12', 'CNY')
        """
        f = _to_decimal(factor, "factor")
        return Money(round_money(self.amount * f, self.currency, rounding=rounding), self.currency)

    def allocate(
        self,
        weights: ArrayLike,
        *,
        method: Literal["largest_remainder", "last_line"] = "largest_remainder",
    ) -> list[Money]:
        """Split into parts proportional to ``weights`` that sum exactly to this amount.

        Examples
        --------
        >>> Money("0.05", "USD").allocate([1, 1, 1])
        [Money('0.02', 'USD'), Money('0.02', 'USD'), Money('0.01', 'USD')]
        """
        parts = allocate(self.minor, weights, method=method)
        return [Money.from_minor(int(p), self.currency) for p in parts]

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
        """Build from :meth:`model_dump` output (or a Money, returned as is)."""
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
        def validate(value: Any) -> Money:
            try:
                return cls.model_validate(value)
            except InvalidInputError as exc:
                raise ValueError(str(exc)) from None

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda m: m.model_dump(),
                return_schema=core_schema.dict_schema(
                    core_schema.str_schema(), core_schema.str_schema()
                ),
            ),
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
