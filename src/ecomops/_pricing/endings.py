r"""Psychological prices: charm endings, prestige figures, price lining (private).

Re-exported by `ecomops.pricing`. Everything here is exact: a price is read
as its shortest decimal form, candidates live on an integer lattice of minor
units, and every comparison between a price and a candidate is a float64
comparison that is provably equivalent to the decimal one (both sides have at
most 15 significant digits, so no two of them share a binary64 value).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypedDict, overload

import numpy as np

from ecomops._core.typing import (
    PRICE_DIRECTIONS,
    ArrayLike,
    CharmPresetName,
    FloatArray,
    IntArray,
    MoneyLike,
    PriceDirection,
)
from ecomops._core.validation import (
    as_float_array,
    as_plain_array,
    broadcast,
    check_option,
    raise_at,
    read_only,
    real_scalar,
    series_io,
)
from ecomops._money import Currency, CurrencyLike, Money, MoneyArray, to_decimal
from ecomops._pricing.common import (
    all_scalar,
    money_currency,
    plain_amounts,
    raise_infeasible,
    to_money,
)
from ecomops.exceptions import InvalidInputError

__all__ = [
    "CHARM_PRESETS",
    "CharmRule",
    "Lattice",
    "charm_price",
    "charm_price_named",
    "left_digit_changed",
    "parse_ending",
    "prestige_price",
    "price_points",
]


#: Candidates stay below this many minor units, so every decimal compared has at
#: most 15 significant digits (the midpoint of two candidates included).
_EXACT_LIMIT = 10**14
_ENDING_RE = re.compile(r"^(\d*)(?:\.(\d+))?$")


class CharmRule(TypedDict):
    """Keyword arguments of `charm_price` for one market's practice.

    Examples
    --------
    >>> CHARM_PRESETS["CNY_8"]
    {'ending': '8', 'avoid_digits': (4,), 'currency': 'CNY'}
    """

    ending: str
    avoid_digits: tuple[int, ...]
    currency: str


#: Common price endings by market, as keyword arguments of `charm_price`
#: (``charm_price(prices, **CHARM_PRESETS["JPY_980"])``). ``USD_99``/``USD_95``:
#: .99 and .95 cents endings (Schindler and Kibarian 1996); ``USD_9``: whole
#: dollars ending in 9; ``CNY_9``: one-decimal X.9 yuan; ``CNY_8``/``CNY_88``:
#: lucky 8 endings skipping prices that contain the unlucky 4 (Simmons and
#: Schindler 2003); ``JPY_98``/``JPY_980``: the Japanese 98 and 980 yen endings.
CHARM_PRESETS: Mapping[CharmPresetName, CharmRule] = MappingProxyType(
    {
        "CNY_8": CharmRule(ending="8", avoid_digits=(4,), currency="CNY"),
        "CNY_88": CharmRule(ending="88", avoid_digits=(4,), currency="CNY"),
        "CNY_9": CharmRule(ending=".9", avoid_digits=(), currency="CNY"),
        "JPY_98": CharmRule(ending="98", avoid_digits=(), currency="JPY"),
        "JPY_980": CharmRule(ending="980", avoid_digits=(), currency="JPY"),
        "USD_9": CharmRule(ending="9", avoid_digits=(), currency="USD"),
        "USD_95": CharmRule(ending=".95", avoid_digits=(), currency="USD"),
        "USD_99": CharmRule(ending=".99", avoid_digits=(), currency="USD"),
    }
)


# ---------------------------------------------------------------------------
# Exact reading of prices and the candidate lattice
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Lattice:
    """Candidates ``k * interval + offset`` (minor units), ``k = 0, 1, 2, ...``."""

    interval: int
    offset: int
    scale: float  # 10 ** minor_units
    avoided: tuple[int, ...] = ()  # digits no candidate may contain
    zero_lead: bool = False  # k == 0 displays a leading "0" (ending below 1)
    text: str = ""

    def value(self, k: IntArray) -> FloatArray:
        """Candidate k in major units, as the correctly rounded float of its decimal."""
        out: FloatArray = (k * self.interval + self.offset).astype(np.float64) / self.scale
        return out

    def minor(self, k: IntArray) -> IntArray:
        out: IntArray = np.multiply(k, self.interval, dtype=np.int64)
        out += self.offset
        return out


def _read_prices(values: Any, name: str) -> tuple[FloatArray, bool]:
    """Prices as float64 whose shortest decimal form is the intended amount."""
    scalar = all_scalar(values)
    values = plain_amounts(values)
    arr = as_plain_array(values, name, "numeric") if not isinstance(values, Decimal | str) else None
    if arr is None or arr.dtype.kind in "OUS":
        flat_in = [values] if arr is None else arr.reshape(-1).tolist()
        flat = np.empty(len(flat_in), dtype=np.float64)
        for i, item in enumerate(flat_in):
            where = name if scalar else f"{name}[{i}]"
            d = to_decimal(item, where)
            f = float(d)
            if Decimal(repr(f)) != d:
                raise InvalidInputError(
                    f"{where} must have at most 15 significant digits; got {item!r}"
                )
            flat[i] = f
        out = flat.reshape(np.shape(values) if arr is not None else ())
    else:
        out = as_float_array(arr, name)
    raise_at(name, "be >= 0", out < 0, out)
    return out, scalar


def _check_limit(values: FloatArray, lattice: Lattice, name: str, cur: Currency) -> None:
    limit = (_EXACT_LIMIT - lattice.interval) / lattice.scale
    raise_at(name, f"be < {limit:.4g} {cur.code} (exact price arithmetic)", values >= limit, values)


_CHUNK = 1 << 16  # rows per block: keeps the temporaries in cache


def _lattice_index(p: FloatArray, lat: Lattice, direction: str) -> IntArray:
    """Largest k with candidate <= p (``"down"``, -1 where none) or smallest k with
    candidate >= p (``"up"``); exact, in blocks of float64 arithmetic on integers."""
    flat = np.ascontiguousarray(p).reshape(-1)
    out = np.empty(flat.shape, dtype=np.int64)
    iv, off, scale = float(lat.interval), float(lat.offset), lat.scale
    for start in range(0, flat.size, _CHUNK):
        x = flat[start : start + _CHUNK]
        t = x * (scale / iv)
        t -= off / iv
        if direction == "down":
            k = np.floor(t)
            np.maximum(k, -1.0, out=k)
            # candidates are integers < 2**53 in minor units, so k * iv + off is exact and
            # dividing by scale gives the correctly rounded float of the decimal candidate
            c = k * iv
            c += off
            k -= (c / scale) > x
            c = k * iv
            c += off + iv
            k += (c / scale) <= x
        else:
            k = np.ceil(t)
            np.maximum(k, 0.0, out=k)
            c = k * iv
            c += off
            k += (c / scale) < x
            c = k * iv
            c += off - iv
            k -= ((c / scale) >= x) & (k > 0)
        if lat.avoided:
            _skip_block(k, lat, direction)
        out[start : start + _CHUNK] = k
    return out.reshape(np.shape(p))


def _one_index(x: float, lat: Lattice, direction: str) -> float:
    """`_lattice_index` of one price: the same float operations, in the same order."""
    iv, off, scale = float(lat.interval), float(lat.offset), lat.scale
    t = x * (scale / iv)
    t -= off / iv
    if direction == "down":
        k = max(float(math.floor(t)), -1.0)
        k -= (k * iv + off) / scale > x
        k += (k * iv + (off + iv)) / scale <= x
    else:
        k = max(float(math.ceil(t)), 0.0)
        k += (k * iv + off) / scale < x
        k -= ((k * iv + (off - iv)) / scale >= x) and k > 0
    return k


def _one_price(value: Any, lat: Lattice) -> float | None:
    """One plain price (a number or a Money) as `_read_prices` reads it, if in range."""
    if isinstance(value, Money):
        amount = value.amount
        x: float | None = float(amount)
        # on the grid with at most 15 significant digits, the float is exact (DBL_DIG)
        if amount.adjusted() + value.currency.minor_units >= 15 and Decimal(repr(x)) != amount:
            return None
    else:
        x = real_scalar(value)
    if x is None or not 0.0 <= x < (_EXACT_LIMIT - lat.interval) / lat.scale:
        return None
    return x


def _scalar_index(
    prices: Any, lat: Lattice, direction: str, floor: Any, ceiling: Any
) -> int | None:
    """`_snap` of one plain price and its bounds, or ``None`` for the array path.

    ``None`` sends the call down the array path: any other input, a value out of
    range, or no candidate (which the array path reports).
    """
    x = _one_price(prices, lat)
    if x is None:
        return None
    if direction == "nearest":
        lo, hi = _one_index(x, lat, "down"), _one_index(x, lat, "up")
        mid = float(int(max(lo, 0.0)) * lat.interval + lat.offset + int(hi) * lat.interval
                    + lat.offset) / (2.0 * lat.scale)  # fmt: skip
        k = lo if lo >= 0 and x <= mid else hi
    else:
        k = _one_index(x, lat, direction)
    k_lo = k_hi = None
    if floor is not None:
        f = _one_price(floor, lat)
        if f is None:
            return None
        k_lo = _one_index(f, lat, "up")
        k = max(k, k_lo)
    if ceiling is not None:
        c = _one_price(ceiling, lat)
        if c is None:
            return None
        k_hi = _one_index(c, lat, "down")
        k = min(k, k_hi)
    if k_lo is not None and k_hi is not None and k_lo > k_hi:
        return None
    return int(k) if k >= 0 else None


def _down(p: FloatArray, lat: Lattice) -> IntArray:
    """Largest k with candidate <= p (-1 where none), skipping avoided digits."""
    return _lattice_index(p, lat, "down")


def _up(p: FloatArray, lat: Lattice) -> IntArray:
    """Smallest k with candidate >= p, skipping avoided digits."""
    return _lattice_index(p, lat, "up")


_BLOCK = 10_000  # digits are looked up four at a time
_POW10 = 10.0 ** np.arange(20)


@functools.lru_cache(maxsize=64)
def _position_tables(avoided: tuple[int, ...]) -> tuple[FloatArray, FloatArray]:
    """Most significant avoided-digit place of every 4-digit block, or -1.

    The first table reads the block as a number on its own (no leading zeros),
    the second as the lower digits of a longer number (leading zeros count).
    """
    full = np.full(_BLOCK, -1.0)
    padded = np.full(_BLOCK, -1.0)
    for n in range(_BLOCK):
        for table, text in ((full, str(n) if n else ""), (padded, f"{n:04d}")):
            for place, ch in enumerate(text):
                if int(ch) in avoided:
                    table[n] = float(len(text) - 1 - place)
                    break
    return read_only(full), read_only(padded)


def _bad_position(k: FloatArray, lat: Lattice) -> FloatArray:
    """Place (10**pos) of the most significant avoided digit of each k, or -1.

    ``k`` holds whole numbers below 2**47 as float64: ``floor(k / 10**j)`` is then
    the exact integer quotient (the quotient's spacing stays far below the gap
    to the next integer), and each block of four digits is looked up in a table.
    """
    full, padded = _position_tables(lat.avoided)
    plain = 0 not in lat.avoided  # leading zeros are harmless: one table serves
    pos = np.full(k.shape, -1.0)
    top = float(k.max(initial=0.0))
    place = 0
    rest = k
    while top >= 1.0:
        higher = np.floor(rest / _BLOCK)
        block = (rest - _BLOCK * higher).astype(np.intp)
        found = padded[block] if plain else np.where(higher > 0, padded[block], full[block])
        np.copyto(pos, found + place, where=found >= 0)
        rest, top, place = higher, np.floor(top / _BLOCK), place + 4
    if lat.zero_lead and 0 in lat.avoided:
        pos[k == 0] = 0.0
    return pos


def _skip_block(k: FloatArray, lat: Lattice, direction: str) -> None:
    """Move each k (in place) past candidates whose digits hold an avoided digit.

    A forbidden digit at place 10**j rules out the whole run of numbers that
    share the digits up to it, so ``"down"`` jumps to just below the run (4,999
    → 3,999) and ``"up"`` to just above it (1,450 → 1,500); a few jumps reach a
    valid candidate whatever the number of forbidden ones in between.
    """
    pos = _bad_position(np.maximum(k, 0.0), lat)
    bad = (pos >= 0) & (k >= 0)
    if not bad.any():
        return
    idx = np.flatnonzero(bad)
    sub, place = k[idx], pos[idx]
    while True:
        step = _POW10[place.astype(np.intp)]
        if direction == "down":
            sub = np.floor(sub / step) * step - 1.0
        else:
            sub = (np.floor(sub / step) + 1.0) * step
        k[idx] = sub
        keep = sub >= 0
        idx, sub = idx[keep], sub[keep]
        if not idx.size:
            return
        place = _bad_position(sub, lat)
        bad = place >= 0
        if not bad.any():
            return
        idx, sub, place = idx[bad], sub[bad], place[bad]


def parse_ending(ending: Any, cur: Currency, avoid_digits: Sequence[int]) -> Lattice:
    """The candidate lattice of an ending in a currency (parsed once per ending and currency)."""
    if (
        type(ending) is str
        and type(avoid_digits) is tuple
        and (not avoid_digits or all(type(d) is int for d in avoid_digits))
    ):
        return _parse_ending_cached(ending, cur, avoid_digits)
    return _parse_ending(ending, cur, avoid_digits)


@functools.lru_cache(maxsize=256)
def _parse_ending_cached(ending: str, cur: Currency, avoid_digits: tuple[int, ...]) -> Lattice:
    return _parse_ending(ending, cur, avoid_digits)


def _parse_ending(ending: Any, cur: Currency, avoid_digits: Sequence[int]) -> Lattice:
    if isinstance(ending, bool) or not isinstance(ending, str | int | float | Decimal):
        raise InvalidInputError(f"ending must be a string such as '.99' or '980'; got {ending!r}")
    if isinstance(ending, float):
        text = repr(ending)
    elif isinstance(ending, Decimal):
        text = format(ending, "f")
    else:
        text = str(ending).strip()
    match = _ENDING_RE.match(text)
    if not text or text == "." or match is None:
        raise InvalidInputError(
            f"ending must be digits with an optional decimal part; got {text!r}"
        )
    int_part, frac = match.group(1), match.group(2) or ""
    m = cur.minor_units
    if len(frac) > m:
        raise InvalidInputError(f"ending {text!r} has {len(frac)} decimals; {cur.code} allows {m}")
    value = Decimal(f"{int_part or '0'}.{frac or '0'}")
    scale = 10**m
    if value < 1:
        interval, digits, zero_lead = scale, frac, True
    else:
        interval, digits, zero_lead = 10 ** len(int_part) * scale, int_part + frac, False
    offset = int(value * scale)
    avoided: set[int] = set()
    if avoid_digits:
        for d in avoid_digits:
            if isinstance(d, bool) or not isinstance(d, int | np.integer) or not 0 <= d <= 9:
                raise InvalidInputError(f"avoid_digits must hold digits 0 to 9; got {d!r}")
            avoided.add(int(d))
        if set(range(1, 10)) <= avoided:
            raise InvalidInputError("avoid_digits must leave at least one digit from 1 to 9")
        clash = sorted(avoided & {int(c) for c in digits})
        if clash:
            raise InvalidInputError(
                f"ending {text!r} contains the avoided digit {clash[0]}: no price can end in it"
            )
    return Lattice(interval, offset, float(scale), tuple(sorted(avoided)), zero_lead, text)


def _price_currency(*amounts: Any, currency: CurrencyLike | None) -> Currency:
    """The currency of a displayed price: from money inputs, else the required ``currency=``."""
    cur = money_currency(*amounts, currency=currency)
    if cur is None:
        raise InvalidInputError(
            "currency is required for prices given as plain numbers (or pass Money / MoneyArray)"
        )
    return cur


def _snap(
    p: FloatArray,
    lat: Lattice,
    direction: str,
    floor: FloatArray | None,
    ceiling: FloatArray | None,
    what: str,
) -> IntArray:
    """Candidate index per direction, then clamped into [floor, ceiling]."""
    if direction == "down":
        k = _down(p, lat)
    elif direction == "up":
        k = _up(p, lat)
    else:
        lo, hi = _down(p, lat), _up(p, lat)
        mid = (lat.minor(np.maximum(lo, 0)) + lat.minor(hi)).astype(np.float64) / (2.0 * lat.scale)
        k = np.where((lo >= 0) & (p <= mid), lo, hi)
    k_lo = k_hi = None
    if floor is not None:
        k_lo = _up(floor, lat)
        k = np.where(k < k_lo, k_lo, k)
    if ceiling is not None:
        k_hi = _down(ceiling, lat)
        k = np.where(k > k_hi, k_hi, k)
    if k_lo is not None and k_hi is not None:
        raise_infeasible(f"no price {what} lies between floor and ceiling", k_lo > k_hi, p)
    if ceiling is not None:
        raise_infeasible(f"no price {what} lies at or below the ceiling", k < 0, p)
    raise_infeasible(
        f"no price {what} lies at or below the price (use direction='up' or 'nearest')",
        k < 0,
        p,
    )
    return k


def _bounds(
    floor: Any,
    ceiling: Any,
    shape: tuple[int, ...],
    lat: Lattice,
    cur: Currency,
    name: str = "prices",
) -> tuple[FloatArray | None, FloatArray | None, tuple[int, ...]]:
    if floor is None and ceiling is None:
        return None, None, shape
    arrays: dict[str, np.ndarray] = {name: np.zeros(shape)}
    for name, value in (("floor", floor), ("ceiling", ceiling)):
        if value is not None:
            arr, _ = _read_prices(value, name)
            _check_limit(arr, lat, name, cur)
            arrays[name] = arr
    out_shape = broadcast(**arrays)[0].shape
    lo = (
        np.ascontiguousarray(np.broadcast_to(arrays["floor"], out_shape))
        if "floor" in arrays
        else None
    )
    hi = (
        np.ascontiguousarray(np.broadcast_to(arrays["ceiling"], out_shape))
        if "ceiling" in arrays
        else None
    )
    return lo, hi, out_shape


def _move_prices(
    prices: Any,
    lat: Lattice,
    cur: Currency,
    direction: str,
    floor: Any,
    ceiling: Any,
    what: str,
    name: str = "prices",
) -> Any:
    """Read the prices, move each to its lattice candidate within the bounds, finish.

    ``name`` is the caller's name for ``prices`` (``price`` on a product), for errors.
    """
    if not lat.avoided:
        k_one = _scalar_index(prices, lat, direction, floor, ceiling)
        if k_one is not None:  # one price: the same float steps, no arrays
            return Money.from_minor(k_one * lat.interval + lat.offset, cur)
    p, scalar = _read_prices(prices, name)
    _check_limit(p, lat, name, cur)
    lo, hi, shape = _bounds(floor, ceiling, p.shape, lat, cur, name)
    p = np.ascontiguousarray(np.broadcast_to(p, shape))
    k = _snap(p, lat, direction, lo, hi, what)
    return to_money(lat.minor(k), cur, scalar and not shape)


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------


@overload
def charm_price(  # type: ignore[overload-overlap]
    prices: MoneyLike | Money,
    *,
    ending: str,
    currency: CurrencyLike | None = ...,
    direction: PriceDirection = ...,
    avoid_digits: Sequence[int] = ...,
    floor: MoneyLike | Money | ArrayLike | MoneyArray | None = ...,
    ceiling: MoneyLike | Money | ArrayLike | MoneyArray | None = ...,
) -> Money: ...
@overload
def charm_price(
    prices: ArrayLike | MoneyArray,
    *,
    ending: str,
    currency: CurrencyLike | None = ...,
    direction: PriceDirection = ...,
    avoid_digits: Sequence[int] = ...,
    floor: MoneyLike | Money | ArrayLike | MoneyArray | None = ...,
    ceiling: MoneyLike | Money | ArrayLike | MoneyArray | None = ...,
) -> MoneyArray: ...
def charm_price(
    prices: MoneyLike | Money | ArrayLike | MoneyArray,
    *,
    ending: str,
    currency: CurrencyLike | None = None,
    direction: PriceDirection = "down",
    avoid_digits: Sequence[int] = (),
    floor: MoneyLike | Money | ArrayLike | MoneyArray | None = None,
    ceiling: MoneyLike | Money | ArrayLike | MoneyArray | None = None,
) -> Money | MoneyArray:
    r"""Move prices to a psychological ending (.99, X.9, 8, 980), exactly.

    Candidates are $k I + e$ for $k = 0, 1, 2, \dots$, where
    $e$ is the ending and the interval $I$ is 1 for an ending below
    1 (``".99"`` repeats every unit: 18.99, 19.99) and $10^{n}$ for an
    ending of $n$ integer digits (``"980"`` repeats every 1,000: 980,
    1,980). ``"down"`` takes the largest candidate at or below the price,
    ``"up"`` the smallest at or above it (a price already on an ending stays
    put), ``"nearest"`` the closer of the two, ties going down. A candidate
    whose digits contain an avoided digit is skipped. The result is then moved
    into ``[floor, ceiling]`` to the nearest candidate inside, if there is one.

    Parameters
    ----------
    prices : Money, MoneyArray, float, Decimal, str or array_like
        Prices, ``>= 0``: money, or plain numbers in major units read as their
        shortest decimal form (at most 15 significant digits). [currency]
    ending : str
        The ending: ``".99"``, ``".9"``, ``"9"``, ``"98"``, ``"980"``, ``"9.99"``.
        It may not have more decimals than the currency.
    currency : str or Currency, optional
        ISO 4217 code of the prices: required for plain numbers, taken from
        money inputs otherwise (and then checked); see `CHARM_PRESETS`
        for rules that carry their currency.
    direction : {"down", "up", "nearest"}
        Which neighbouring candidate to take; default ``"down"``, the
        traditional charm price just below a round figure.
    avoid_digits : sequence of int
        Digits no result may contain (``(4,)`` in Chinese-speaking markets,
        where 4 sounds like "death"); the digits of the whole price as written
        with the ending's decimals are checked. Default none.
    floor : Money, MoneyArray, float or array_like, optional
        Lowest acceptable price, e.g. the cost plus a minimum margin
        (`cost_plus_price`); results below move up to the smallest
        candidate at or above it. [currency]
    ceiling : Money, MoneyArray, float or array_like, optional
        Highest acceptable price (a list price, a price promised in a
        campaign); results above move down. [currency]

    Returns
    -------
    Money or MoneyArray
        The displayed prices: `Money` for a scalar,
        `MoneyArray` otherwise, whatever the options.

    Raises
    ------
    InvalidInputError
        For negative, NaN or infinite prices, an ending with more decimals than
        the currency allows, or an ending holding an avoided digit.
    InfeasibleProblemError
        Where no candidate exists: ``"down"`` below the smallest candidate
        (0.50 with ending ".99"), or no candidate between floor and ceiling.

    Notes
    -----
    Vectorised over integer minor units; the digit check jumps over whole runs
    of forbidden candidates (from 4,999 straight to 3,999), so it costs a few
    array passes, not a loop over prices.

    References
    ----------
    1. Schindler, R. M. and Kibarian, T. M. (1996), "Increased consumer
       sales response through use of 99-ending prices", *Journal of
       Retailing* 72(2), 187-199, doi:10.1016/S0022-4359(96)90013-5.
    2. Thomas, M. and Morwitz, V. (2005), "Penny wise and pound foolish:
       the left-digit effect in price cognition", *Journal of Consumer
       Research* 32(1), 54-64, doi:10.1086/429600.
    3. Simmons, L. C. and Schindler, R. M. (2003), "Cultural superstitions
       and the price endings used in Chinese advertising", *Journal of
       International Marketing* 11(2), 101-111, doi:10.1509/jimk.11.2.101.20161.

    Examples
    --------
    >>> charm_price(20.00, ending=".99", currency="USD")
    Money('19.99', 'USD')
    >>> charm_price([12.30, 19.99, 20.00], ending=".99", currency="USD", direction="up")
    MoneyArray(['12.99', '19.99', '20.99'], currency='USD')
    >>> charm_price(2100, **CHARM_PRESETS["JPY_980"])
    Money('1980', 'JPY')
    >>> charm_price(52.0, **CHARM_PRESETS["CNY_8"])  # 48 holds a 4: skipped
    Money('38.00', 'CNY')
    >>> from ecomops.money import Money
    >>> charm_price(Money("31.20", "CNY"), ending=".9", floor=31.5)
    Money('31.90', 'CNY')
    """
    out: Money | MoneyArray = charm_price_named(
        prices, ending, currency, direction, avoid_digits, floor, ceiling
    )
    return out


def charm_price_named(
    prices: Any,
    ending: str,
    currency: CurrencyLike | None,
    direction: PriceDirection,
    avoid_digits: Sequence[int],
    floor: Any,
    ceiling: Any,
    name: str = "prices",
) -> Any:
    """`charm_price`, its errors naming the caller's ``name`` for ``prices``."""
    cur = _price_currency(prices, floor, ceiling, currency=currency)
    check_option(direction, "direction", PRICE_DIRECTIONS)
    lat = parse_ending(ending, cur, avoid_digits)
    what = f"ending in {lat.text!r}"
    return _move_prices(prices, lat, cur, direction, floor, ceiling, what, name)


@overload
def prestige_price(  # type: ignore[overload-overlap]
    prices: MoneyLike | Money,
    *,
    step: MoneyLike | Money,
    currency: CurrencyLike | None = ...,
    direction: PriceDirection = ...,
    floor: MoneyLike | Money | ArrayLike | MoneyArray | None = ...,
    ceiling: MoneyLike | Money | ArrayLike | MoneyArray | None = ...,
) -> Money: ...
@overload
def prestige_price(
    prices: ArrayLike | MoneyArray,
    *,
    step: MoneyLike | Money,
    currency: CurrencyLike | None = ...,
    direction: PriceDirection = ...,
    floor: MoneyLike | Money | ArrayLike | MoneyArray | None = ...,
    ceiling: MoneyLike | Money | ArrayLike | MoneyArray | None = ...,
) -> MoneyArray: ...
def prestige_price(
    prices: MoneyLike | Money | ArrayLike | MoneyArray,
    *,
    step: MoneyLike | Money,
    currency: CurrencyLike | None = None,
    direction: PriceDirection = "up",
    floor: MoneyLike | Money | ArrayLike | MoneyArray | None = None,
    ceiling: MoneyLike | Money | ArrayLike | MoneyArray | None = None,
) -> Money | MoneyArray:
    r"""Move prices to a round figure (a multiple of ``step``), exactly.

    Prestige (round) prices such as 200 or 1,000 signal quality where a charm
    ending would signal a bargain. Candidates are $k \cdot s$; by default
    a price rounds up to the next multiple (a price already on one stays).

    Parameters
    ----------
    prices : Money, MoneyArray, float, Decimal, str or array_like
        Prices, ``>= 0``: money, or plain numbers in major units. [currency]
    step : Money, float, Decimal or str
        The round figure, ``> 0`` and a whole number of minor units: ``100``,
        ``50``, ``0.5``. [currency]
    currency : str or Currency, optional
        ISO 4217 code: required for plain numbers, taken from money inputs
        otherwise.
    direction : {"down", "up", "nearest"}
        Which multiple to take; default ``"up"``. Ties go down.
    floor, ceiling : float or array_like, optional
        Bounds the result must respect, as in `charm_price`. [currency]

    Returns
    -------
    Money or MoneyArray
        ``Money`` for a scalar, ``MoneyArray`` otherwise.

    Raises
    ------
    InvalidInputError
        For negative or non-finite prices, or a step that is not a positive
        whole number of minor units.
    InfeasibleProblemError
        Where no multiple lies between floor and ceiling.

    References
    ----------
    1. Stiving, M. (2000), "Price-endings when prices signal quality",
       *Management Science* 46(12), 1617-1629, doi:10.1287/mnsc.46.12.1617.12077.

    Examples
    --------
    >>> prestige_price(1873.5, step=100, currency="CNY")
    Money('1900.00', 'CNY')
    >>> prestige_price([149, 151], step=50, currency="USD", direction="nearest")
    MoneyArray(['150.00', '150.00'], currency='USD')
    """
    cur = _price_currency(prices, step, floor, ceiling, currency=currency)
    check_option(direction, "direction", PRICE_DIRECTIONS)
    if not all_scalar(step):
        raise InvalidInputError("step must be a scalar amount")
    step = plain_amounts(step)
    d = to_decimal(step.item() if isinstance(step, np.generic) else step, "step")
    step_minor = d.scaleb(cur.minor_units)
    if d <= 0 or step_minor != step_minor.to_integral_value():
        raise InvalidInputError(
            f"step must be > 0 and a whole number of {cur.code} minor units; got {step!r}"
        )
    if step_minor >= _EXACT_LIMIT:  # else the price limit below would come out negative
        raise InvalidInputError(
            f"step must be < {_EXACT_LIMIT / 10**cur.minor_units:g} {cur.code} "
            f"(exact price arithmetic); got {step!r}"
        )
    lat = Lattice(int(step_minor), 0, float(10**cur.minor_units), text=f"step {d}")
    out: Money | MoneyArray = _move_prices(
        prices, lat, cur, direction, floor, ceiling, f"on a multiple of {d}"
    )
    return out


@overload
def price_points(  # type: ignore[overload-overlap]
    prices: MoneyLike | Money,
    points: ArrayLike | MoneyArray,
    *,
    direction: PriceDirection = ...,
    currency: CurrencyLike | None = ...,
) -> Money: ...
@overload
def price_points(
    prices: ArrayLike | MoneyArray,
    points: ArrayLike | MoneyArray,
    *,
    direction: PriceDirection = ...,
    currency: CurrencyLike | None = ...,
) -> MoneyArray: ...
def price_points(
    prices: MoneyLike | Money | ArrayLike | MoneyArray,
    points: ArrayLike | MoneyArray,
    *,
    direction: PriceDirection = "nearest",
    currency: CurrencyLike | None = None,
) -> Money | MoneyArray:
    r"""Snap prices to a ladder of price points (price lining).

    A shop that sells at 9.9, 19.9, 29.9 and 49.9 maps every computed price to
    one of those points: ``"nearest"`` (ties go down), ``"down"`` (the highest
    point at or below the price) or ``"up"`` (the lowest at or above it).

    Parameters
    ----------
    prices : Money, MoneyArray, float, Decimal, str or array_like
        Prices, ``>= 0``: money, or plain numbers in major units. [currency]
    points : MoneyArray or array_like
        The ladder, in any order, ``>= 0``, whole minor units; duplicates are
        ignored. [currency]
    direction : {"nearest", "down", "up"}
        Which point to take; default ``"nearest"``.
    currency : str or Currency, optional
        ISO 4217 code: required when neither prices nor points are money.

    Returns
    -------
    Money or MoneyArray
        The chosen points: ``Money`` for a scalar price, ``MoneyArray`` otherwise.

    Raises
    ------
    InvalidInputError
        For negative or non-finite prices or points, an empty ladder, points
        finer than the minor unit, or no currency.
    InfeasibleProblemError
        For ``"down"`` below the lowest point or ``"up"`` above the highest.

    References
    ----------
    1. Levy, M. and Weitz, B. A. (2012), *Retailing Management*, 8th ed.,
       McGraw-Hill, ch. 14 (price lining).

    Examples
    --------
    >>> price_points([12.0, 14.9, 27.5, 80.0], [9.9, 19.9, 29.9, 49.9], currency="CNY")
    MoneyArray(['9.90', '9.90', '29.90', '49.90'], currency='CNY')
    >>> price_points(12.0, [9.9, 19.9], direction="up", currency="CNY")
    Money('19.90', 'CNY')
    """
    check_option(direction, "direction", PRICE_DIRECTIONS)
    cur = _price_currency(prices, points, currency=currency)
    pts, _ = _read_prices(points, "points")
    if pts.size == 0:
        raise InvalidInputError("points must hold at least one price point")
    places = cur.minor_units
    limit = _EXACT_LIMIT / 10**places  # checked before the int64 conversion below
    raise_at("points", f"be < {limit:g} {cur.code} (exact price arithmetic)", pts >= limit, pts)
    pts = np.unique(pts.reshape(-1))
    decs = [Decimal(repr(float(v))) for v in pts.tolist()]
    for i, dv in enumerate(decs):
        if dv.scaleb(places) != dv.scaleb(places).to_integral_value():
            raise InvalidInputError(
                f"points must be whole {cur.code} minor units; got {dv} (sorted index {i})"
            )
    units = np.array([int(dv.scaleb(places)) for dv in decs], dtype=np.int64)
    p, scalar = _read_prices(prices, "prices")
    raise_at("prices", "be < 1e14 minor units (exact arithmetic)", p * 10.0**places >= 1e14, p)
    below = np.searchsorted(pts, p, side="right") - 1
    above = np.searchsorted(pts, p, side="left")
    n = pts.size
    if direction == "down":
        raise_infeasible("no price point lies at or below the price", below < 0, p)
        idx = below
    elif direction == "up":
        raise_infeasible("no price point lies at or above the price", above >= n, p)
        idx = above
    else:
        lo = np.clip(below, 0, n - 1)
        hi = np.clip(above, 0, n - 1)
        mid = (units[lo] + units[hi]).astype(np.float64) / (2.0 * 10.0**places)
        idx = np.where((below >= 0) & ((p <= mid) | (above >= n)), lo, hi)
    return to_money(units[idx], cur, scalar)


_LEAD_EXPONENTS = range(-20, 21)
_LEAD_TABLE = np.array([float(f"{d}e{e}") for e in _LEAD_EXPONENTS for d in range(1, 10)])


def _leading(values: FloatArray, name: str) -> tuple[IntArray, IntArray]:
    """Leading significant digit and its decimal exponent (0, -99 for zero)."""
    raise_at(name, "be < 1e21", values >= 1e21, values)
    raise_at(name, "be 0 or >= 1e-20", (values > 0) & (values < 1e-20), values)
    idx = np.searchsorted(_LEAD_TABLE, values, side="right") - 1
    zero = values == 0
    safe = np.maximum(idx, 0)
    digit = np.where(zero, 0, safe % 9 + 1)
    exponent = np.where(zero, -99, safe // 9 + _LEAD_EXPONENTS.start)
    return digit.astype(np.int64), exponent.astype(np.int64)


@overload
def left_digit_changed(price_1: MoneyLike | Money, price_2: MoneyLike | Money) -> bool: ...  # type: ignore[overload-overlap]
@overload
def left_digit_changed(
    price_1: ArrayLike | MoneyArray, price_2: ArrayLike | MoneyArray
) -> np.ndarray: ...
@series_io
def left_digit_changed(
    price_1: MoneyLike | Money | ArrayLike | MoneyArray,
    price_2: MoneyLike | Money | ArrayLike | MoneyArray,
) -> Any:
    r"""Whether a price change moves the leftmost digit (the left-digit effect).

    Buyers read prices left to right and anchor on the leftmost digit, so 2.99
    feels much cheaper than 3.00 while 2.89 barely differs from 2.99. The
    leftmost digit changes when the leading significant digit or its place
    value (the number of digits) differs: 20.00 → 19.99 and 100 → 99.99 do,
    19.99 → 18.99 does not.

    Parameters
    ----------
    price_1, price_2 : Money, MoneyArray, float, Decimal, str or array_like
        Prices before and after the change, in major units, ``>= 0``, read as
        their shortest decimal form. [currency]

    Returns
    -------
    bool, ndarray of bool or Series
        True where the leftmost digit differs.
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For negative, NaN or infinite prices.

    References
    ----------
    1. Thomas, M. and Morwitz, V. (2005), "Penny wise and pound foolish:
       the left-digit effect in price cognition", *Journal of Consumer
       Research* 32(1), 54-64, doi:10.1086/429600.

    Examples
    --------
    >>> left_digit_changed(20.00, 19.99)
    True
    >>> left_digit_changed([19.99, 100.0, 0.5], [18.99, 99.99, 0.49])
    array([False,  True,  True])
    """
    b, scalar_b = _read_prices(price_1, "price_1")
    a, scalar_a = _read_prices(price_2, "price_2")
    b, a = broadcast(price_1=b, price_2=a)
    db, eb = _leading(b, "price_1")
    da, ea = _leading(a, "price_2")
    out = (db != da) | (eb != ea)
    if scalar_a and scalar_b and out.ndim == 0:
        return bool(out)
    return out
