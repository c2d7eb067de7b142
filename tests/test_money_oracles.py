"""Money against exact oracles at its extremes, under a hostile ambient decimal context.

The oracles compute with :mod:`decimal` in a private context (and with
:class:`fractions.Fraction` for allocation), so they are exact whatever the
caller's context. Every ecomops call runs inside
``decimal.localcontext(prec=3, rounding=ROUND_FLOOR, traps=[...])``: a money path
that did its arithmetic in the caller's context would round to three digits, the
wrong way, or trap. Amounts reach the documented limit of a money column,
``|amount| < 2**62`` minor units, for every rounding mode and for currencies with
0, 2, 3 and 4 decimals, and for the cash increments (CHF 0.05 to HUF 5.00).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ecomops.exceptions import InvalidInputError
from ecomops.money import (
    ROUNDING_MODES,
    Currency,
    Money,
    MoneyArray,
    allocate,
    round_money,
    to_minor_units,
)

LIMIT = 2**62
#: One currency for each number of decimals.
DECIMALS = {"JPY": 0, "CNY": 2, "KWD": 3, "CLF": 4}
MODES = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "half_down": decimal.ROUND_HALF_DOWN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
    "floor": decimal.ROUND_FLOOR,
    "ceiling": decimal.ROUND_CEILING,
}
#: The oracle's own context: wide enough for any amount here, exact or trapping.
PRIVATE = decimal.Context(prec=200, Emax=10**6, Emin=-(10**6), traps=[decimal.InvalidOperation])


@contextmanager
def hostile() -> Iterator[None]:
    """Three digits, rounding the wrong way, and any inexact operation traps."""
    traps = [decimal.Inexact, decimal.Rounded, decimal.FloatOperation, decimal.Overflow]
    with decimal.localcontext(prec=3, rounding=decimal.ROUND_FLOOR, traps=traps):
        yield


def oracle_minor(amount: Decimal | float, places: int, mode: str) -> int:
    """Exact minor units of ``amount`` rounded to ``places`` decimals with ``mode``.

    A float means its shortest decimal form (docs/conventions.md, Money and rounding).
    """
    exact = PRIVATE.create_decimal(Decimal(repr(amount)) if isinstance(amount, float) else amount)
    return int(exact.scaleb(places, PRIVATE).quantize(Decimal(1), MODES[mode], PRIVATE))


def test_modes_cover_the_public_ones() -> None:
    assert set(MODES) == set(ROUNDING_MODES)


currencies = st.sampled_from(sorted(DECIMALS))
modes = st.sampled_from(ROUNDING_MODES)


@st.composite
def decimal_amounts(draw: st.DrawFn, places: int) -> Decimal:
    """Decimals with up to four more places than the currency, below the limit."""
    extra = draw(st.integers(0, 4))
    bound = LIMIT * 10**extra - 1
    k = draw(st.one_of(st.integers(-bound, bound), st.integers(-(10**6), 10**6)))
    # ties and near-ties at the rounding digit
    if extra and draw(st.booleans()):
        k = k - k % 10**extra + 5 * 10 ** (extra - 1) + draw(st.integers(-1, 1))
        k = max(-bound, min(bound, k))
    return Decimal(k).scaleb(-(places + extra))


@st.composite
def float_amounts(draw: st.DrawFn, places: int) -> float:
    """Floats up to the limit: ties, binary noise and the largest magnitudes."""
    top = LIMIT / 10**places
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(st.floats(-top, top, allow_nan=False, allow_infinity=False))
    if kind == 1:  # a decimal tie at the currency's last place
        k = draw(st.integers(-(10**12), 10**12))
        return float(Decimal(2 * k + 1).scaleb(-(places + 1)) * 5)
    exponent = draw(st.integers(40, 62 - places * 3))
    sign = draw(st.sampled_from([1.0, -1.0]))
    return sign * draw(st.floats(2.0 ** (exponent - 1), 2.0**exponent))


@given(currencies, modes, st.data())
def test_scalar_rounding_of_decimals_is_exact(
    currency: str, mode: str, data: st.DataObject
) -> None:
    places = DECIMALS[currency]
    amount = data.draw(decimal_amounts(places))
    expected = oracle_minor(amount, places, mode)
    with hostile():
        got = round_money(amount, currency, rounding=mode)
        minor = to_minor_units(amount, currency, rounding=mode)
    assert minor == expected
    assert got.amount == Decimal(expected).scaleb(-places, PRIVATE)
    assert got.currency.code == currency


@given(currencies, modes, st.data())
def test_scalar_rounding_of_floats_is_exact(currency: str, mode: str, data: st.DataObject) -> None:
    places = DECIMALS[currency]
    amount = data.draw(float_amounts(places))
    expected = oracle_minor(amount, places, mode)
    with hostile():
        minor = to_minor_units(amount, currency, rounding=mode)
        money = Money.of(amount, currency, rounding=mode)
    assert minor == expected
    assert money.amount == Decimal(expected).scaleb(-places, PRIVATE)


@given(currencies, modes, st.data())
def test_bulk_rounding_is_exact_or_refused_at_the_limit(
    currency: str, mode: str, data: st.DataObject
) -> None:
    places = DECIMALS[currency]
    amounts = data.draw(st.lists(float_amounts(places), min_size=1, max_size=12))
    expected = [oracle_minor(a, places, mode) for a in amounts]
    with hostile():
        if all(abs(e) < LIMIT for e in expected):
            got = to_minor_units(np.array(amounts), currency, rounding=mode)
            column = round_money(np.array(amounts), currency, rounding=mode)
            assert got.tolist() == expected
            assert column.minor.tolist() == expected
            # the bulk path agrees with the scalar path element by element
            assert [to_minor_units(a, currency, rounding=mode) for a in amounts] == expected
        else:
            with pytest.raises(InvalidInputError, match="amounts"):
                to_minor_units(np.array(amounts), currency, rounding=mode)


@given(currencies, modes, st.data())
def test_bulk_rounding_of_decimal_columns_is_exact(
    currency: str, mode: str, data: st.DataObject
) -> None:
    places = DECIMALS[currency]
    amounts = data.draw(st.lists(decimal_amounts(places), min_size=1, max_size=8))
    expected = [oracle_minor(a, places, mode) for a in amounts]
    with hostile():
        if all(abs(e) < LIMIT for e in expected):
            column = MoneyArray.from_amounts(
                np.array(amounts, dtype=object), currency, rounding=mode
            )
            assert column.minor.tolist() == expected
        else:
            with pytest.raises(InvalidInputError):
                MoneyArray.from_amounts(np.array(amounts, dtype=object), currency, rounding=mode)


def test_the_limit_itself() -> None:
    with hostile():
        assert to_minor_units(np.array([LIMIT - 1]), "JPY").tolist() == [LIMIT - 1]
        assert to_minor_units(np.array([-(LIMIT - 1)]), "JPY").tolist() == [-(LIMIT - 1)]
        for bad in (LIMIT, -LIMIT, 2**63 - 1, -(2**63)):
            with pytest.raises(InvalidInputError, match="amounts"):
                to_minor_units(np.array([bad]), "JPY")


# --------------------------------------------------------------------------- allocation


def oracle_allocation(total: int, weights: list[int]) -> list[int]:
    """Hamilton's method with exact fractions; a negative total mirrors a positive one."""
    sign, units = (1, total) if total >= 0 else (-1, -total)
    whole = sum(weights)
    quotas = [Fraction(units * w, whole) for w in weights]
    parts = [q.numerator // q.denominator for q in quotas]
    missing = units - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[:missing]:
        parts[i] += 1
    return [sign * p for p in parts]


totals = st.one_of(
    st.integers(-(LIMIT - 1), LIMIT - 1),
    st.sampled_from([LIMIT - 1, -(LIMIT - 1), 2**53 + 1, 1, -1, 0]),
)
int_weights = st.lists(
    st.one_of(st.integers(0, 2**63 - 1), st.integers(0, 1000), st.just(0)), min_size=1, max_size=10
).filter(any)


@given(totals, int_weights)
def test_allocation_matches_exact_hamilton(total: int, weights: list[int]) -> None:
    with hostile():
        parts = allocate(total, weights)
    assert parts.tolist() == oracle_allocation(total, weights)


@given(totals, st.lists(st.floats(0, 1e300, allow_nan=False), min_size=1, max_size=10).filter(any))
@example(LIMIT - 1, [4.275258867195817e299, 7.507583246043509e299])
def test_allocation_with_float_weights_sums_exactly(total: int, weights: list[float]) -> None:
    with hostile():
        parts = allocate(total, weights)
    assert sum(parts.tolist()) == total
    assert all(p == 0 for p, w in zip(parts.tolist(), weights, strict=True) if w == 0)
    assert all(p * total >= 0 for p in parts.tolist())


@given(st.lists(st.tuples(totals, int_weights), min_size=1, max_size=4))
def test_grouped_allocation_matches_each_group(groups: list[tuple[int, list[int]]]) -> None:
    group_totals = [t for t, _ in groups]
    weights = [w for _, ws in groups for w in ws]
    index = [g for g, (_, ws) in enumerate(groups) for _ in ws]
    with hostile():
        parts = allocate(group_totals, weights, groups=index)
    expected = [p for t, ws in groups for p in oracle_allocation(t, ws)]
    assert parts.tolist() == expected


@given(currencies, st.data())
def test_money_allocation_sums_to_the_total(currency: str, data: st.DataObject) -> None:
    places = DECIMALS[currency]
    minor = data.draw(totals)
    weights = data.draw(int_weights)
    total = Money(Decimal(minor).scaleb(-places, PRIVATE), currency)
    with hostile():
        parts = total.allocate(weights)
        again = allocate(total, weights)
        assert parts.sum() == total
    assert parts.minor.tolist() == oracle_allocation(minor, weights)
    assert again.minor.tolist() == parts.minor.tolist()


# --------------------------------------------------------------------------- cash rounding

CASH = ("CHF", "NZD", "DKK", "SEK", "HUF")


def oracle_cash_minor(amount: Decimal | float, currency: str, mode: str) -> int:
    """Minor units of ``amount`` rounded once to the cash increment with ``mode``."""
    cur = Currency(currency)
    exact = PRIVATE.create_decimal(Decimal(repr(amount)) if isinstance(amount, float) else amount)
    steps = PRIVATE.divide(exact, cur.cash_increment).quantize(Decimal(1), MODES[mode], PRIVATE)
    return int(steps) * cur.cash_increment_minor


@given(st.sampled_from(CASH), modes, st.data())
def test_cash_rounding_is_exact_on_both_paths(
    currency: str, mode: str, data: st.DataObject
) -> None:
    places = Currency(currency).minor_units
    amounts = data.draw(
        st.lists(st.one_of(decimal_amounts(places), float_amounts(places)), min_size=1, max_size=8)
    )
    expected = [oracle_cash_minor(a, currency, mode) for a in amounts]
    with hostile():
        scalars = [
            to_minor_units(round_money(a, currency, rounding=mode, cash=True), currency)
            for a in amounts
        ]
        floats = [a for a in amounts if isinstance(a, float)]
        if floats and all(abs(oracle_cash_minor(a, currency, mode)) < LIMIT for a in floats):
            column = round_money(np.array(floats), currency, rounding=mode, cash=True)
            assert column.minor.tolist() == [oracle_cash_minor(a, currency, mode) for a in floats]
    assert scalars == expected


def test_the_oracles_themselves() -> None:
    assert oracle_minor(2.675, 2, "half_up") == 268  # the shortest form, not the binary value
    assert oracle_minor(Decimal("-0.125"), 2, "half_even") == -12
    assert oracle_cash_minor(3.43, "CHF", "half_up") == 345
    assert oracle_cash_minor(Decimal("12.5"), "HUF", "half_even") == 1000
    assert oracle_allocation(100, [1, 1, 1]) == [34, 33, 33]
    assert oracle_allocation(-5, [1, 1]) == [-3, -2]
