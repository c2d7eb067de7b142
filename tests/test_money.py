"""Tests of exact money: currencies, rounding, minor units, allocation, Money."""

from __future__ import annotations

import copy
import json
import pickle
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from ecomops._money.context import DECIMAL_MODES
from ecomops.exceptions import CurrencyMismatchError, InvalidInputError
from ecomops.money import (
    ROUNDING_MODES,
    Currency,
    Money,
    MoneyArray,
    allocate,
    from_minor_units,
    round_money,
    to_minor_units,
)
from tests.strategies import (
    CASH_CURRENCIES,
    currencies,
    money_arrays,
    money_floats,
    rounding_modes,
    weights,
)


def oracle_minor(x: object, code: str, mode: str, *, cash: bool = False) -> int:
    """The reference: ``Decimal(str(x)).quantize(...)`` in minor units."""
    cur = Currency(code)
    d = Decimal(str(x))
    if cash:
        step = Decimal(cur.cash_increment_minor).scaleb(-cur.minor_units)
        q = (d / step).quantize(Decimal(1), rounding=DECIMAL_MODES[mode]) * step
    else:
        q = d.quantize(cur.quantum, rounding=DECIMAL_MODES[mode])
    return int(q.scaleb(cur.minor_units))


def fits(xs: np.ndarray, code: str) -> bool:
    """Whether every amount is below the documented 2**62 minor-unit limit."""
    return bool(np.all(np.abs(xs) * 10.0 ** Currency(code).minor_units < 2.0**62 * 0.99))


# --------------------------------------------------------------------------- Currency


class TestCurrency:
    @pytest.mark.parametrize(
        ("code", "minor"),
        # ISO 4217:2015 List One, minor units column
        [("CNY", 2), ("USD", 2), ("EUR", 2), ("JPY", 0), ("KRW", 0), ("VND", 0),
         ("KWD", 3), ("BHD", 3), ("TND", 3), ("CLF", 4), ("UYW", 4), ("ISK", 0),
         ("XCG", 2), ("SLE", 2)],
    )  # fmt: skip
    def test_iso_minor_units(self, code: str, minor: int) -> None:
        assert Currency(code).minor_units == minor

    @pytest.mark.parametrize(
        ("code", "increment"),
        # CLDR supplementalData currencyData/fractions cashRounding, national practice
        [("CHF", "0.05"), ("CAD", "0.05"), ("DKK", "0.50"), ("SEK", "1.00"),
         ("USD", "0.01"), ("JPY", "1")],
    )  # fmt: skip
    def test_cash_increment(self, code: str, increment: str) -> None:
        assert Currency(code).cash_increment == Decimal(increment)
        assert str(Currency(code).cash_increment) == increment

    def test_interned_hashable_and_immutable(self) -> None:
        assert Currency("CNY") is Currency("CNY")
        assert Currency(Currency("CNY")) is Currency("CNY")
        assert {Currency("CNY"), Currency("CNY")} == {Currency("CNY")}
        with pytest.raises(AttributeError):
            Currency("CNY").minor_units = 3  # type: ignore[misc]
        assert pickle.loads(pickle.dumps(Currency("JPY"))) is Currency("JPY")
        assert copy.deepcopy(Currency("JPY")) is Currency("JPY")
        assert repr(Currency("JPY")) == "Currency('JPY')"
        assert str(Currency("JPY")) == "JPY"

    def test_all_active(self) -> None:
        codes = [c.code for c in Currency.all()]
        assert codes == sorted(codes)
        assert {"CNY", "USD", "JPY", "EUR"} <= set(codes)
        assert all(len(c) == 3 and c.isupper() for c in codes)

    @pytest.mark.parametrize(
        ("code", "hint"),
        [("usd", "did you mean 'USD'"), ("RMB", "use 'CNY'"), ("HRK", "use 'EUR'"),
         ("XYZ", "unknown currency code 'XYZ'")],
    )  # fmt: skip
    def test_unknown_codes(self, code: str, hint: str) -> None:
        with pytest.raises(InvalidInputError, match=hint):
            Currency(code)

    def test_not_a_string(self) -> None:
        with pytest.raises(InvalidInputError, match="ISO 4217 code string"):
            Currency(156)  # type: ignore[arg-type]

    def test_pydantic_field(self) -> None:
        class Card(BaseModel):
            currency: Currency

        card = Card(currency="JPY")  # type: ignore[arg-type]
        assert card.currency is Currency("JPY")
        assert card.model_dump_json() == '{"currency":"JPY"}'
        assert Card.model_validate_json(card.model_dump_json()) == card
        with pytest.raises(ValidationError, match="unknown currency"):
            Card(currency="ABC")  # type: ignore[arg-type]
        assert "enum" in Card.model_json_schema()["properties"]["currency"]


# --------------------------------------------------------------------------- rounding


class TestRoundMoneyReference:
    @pytest.mark.parametrize(
        ("amount", "code", "mode", "expected"),
        # Values worked out by hand from the shortest decimal form of each float.
        [
            (2.675, "USD", "half_up", "2.68"),  # binary 2.67499999... must not win
            (2.675, "USD", "half_even", "2.68"),
            (2.665, "USD", "half_even", "2.66"),
            (1.005, "USD", "half_up", "1.01"),
            (0.125, "CNY", "half_down", "0.12"),
            (-0.125, "CNY", "half_up", "-0.13"),
            (-0.125, "CNY", "floor", "-0.13"),
            (-0.125, "CNY", "ceiling", "-0.12"),
            (0.1 + 0.2, "CNY", "up", "0.31"),  # 0.30000000000000004 is above 0.30
            (0.1 + 0.2, "CNY", "down", "0.30"),
            (1980.5, "JPY", "half_up", "1981"),
            (1980.5, "JPY", "half_even", "1980"),
            (0.0005, "KWD", "half_up", "0.001"),
            (3.43, "CHF", "half_up", "3.43"),
            (-0.001, "CNY", "half_up", "0.00"),  # a negative zero is shown as 0.00
        ],
    )
    def test_scalar(self, amount: float, code: str, mode: str, expected: str) -> None:
        result = round_money(amount, code, rounding=mode)  # type: ignore[arg-type]
        assert isinstance(result, Money)
        assert result.currency == Currency(code)
        assert str(result.amount) == expected
        bulk = round_money(np.array([amount]), code, rounding=mode)  # type: ignore[arg-type]
        assert isinstance(bulk, MoneyArray)
        assert bulk.minor.dtype == np.int64
        assert bulk.minor[0] == to_minor_units(Decimal(expected), code)
        assert bulk[0] == result

    @pytest.mark.parametrize(
        ("amount", "expected"),
        [(3.43, "3.45"), (3.42, "3.40"), (3.425, "3.45"), (-3.425, "-3.45"), (0.024, "0.00")],
    )
    def test_cash_rounding_chf(self, amount: float, expected: str) -> None:
        assert str(round_money(amount, "CHF", cash=True).amount) == expected
        assert round_money([amount], "CHF", cash=True).minor[0] == to_minor_units(expected, "CHF")

    def test_shapes_and_types(self) -> None:
        grid = np.array([[0.125, 1.0], [2.675, -3.0]])
        out = round_money(grid, "CNY")
        assert out.shape == (2, 2)
        np.testing.assert_array_equal(out.minor, [[13, 100], [268, -300]])
        assert round_money([], "CNY").shape == (0,)
        np.testing.assert_array_equal(round_money([1, 2], "CNY").minor, [100, 200])
        np.testing.assert_array_equal(round_money(np.array([1, 2], np.int32), "JPY").minor, [1, 2])
        np.testing.assert_array_equal(
            round_money(np.array([Decimal("1.005"), "2.675"], dtype=object), "USD").minor,
            [101, 268],
        )
        assert round_money(Decimal("1.235"), "USD", rounding="half_even") == Money("1.24", "USD")
        assert round_money("7", "JPY") == Money("7", "JPY")
        assert round_money(np.float32(0.5), "JPY") == Money("1", "JPY")

    def test_pandas_and_polars_columns(self) -> None:
        pd = pytest.importorskip("pandas")
        pl = pytest.importorskip("polars")
        expected = [268, 13]
        pandas_in = round_money(pd.Series([2.675, 0.125]), "CNY")
        polars_in = round_money(pl.Series([2.675, 0.125]), "CNY")
        np.testing.assert_array_equal(pandas_in.minor, expected)
        np.testing.assert_array_equal(polars_in.minor, expected)

    def test_does_not_mutate_input(self) -> None:
        x = np.array([2.675, 1e15, -0.125])
        before = x.copy()
        round_money(x, "USD")
        np.testing.assert_array_equal(x, before)
        assert x.flags.writeable


class TestRoundMoneyOracle:
    """The bulk path equals ``Decimal(str(x)).quantize(...)`` for every mode."""

    @given(money_arrays(), currencies, rounding_modes)
    def test_bulk_equals_decimal_oracle(self, xs: np.ndarray, code: str, mode: str) -> None:
        assume(fits(xs, code))
        got = round_money(xs, code, rounding=mode)  # type: ignore[arg-type]
        expected = [oracle_minor(x, code, mode) for x in xs.tolist()]
        np.testing.assert_array_equal(got.minor, np.array(expected, dtype=np.int64))

    @given(money_arrays(), st.sampled_from(CASH_CURRENCIES), rounding_modes)
    def test_cash_bulk_equals_decimal_oracle(self, xs: np.ndarray, code: str, mode: str) -> None:
        assume(fits(xs, code))
        got = round_money(xs, code, rounding=mode, cash=True)  # type: ignore[arg-type]
        expected = [oracle_minor(x, code, mode, cash=True) for x in xs.tolist()]
        np.testing.assert_array_equal(got.minor, np.array(expected, dtype=np.int64))

    @given(money_floats(), currencies, rounding_modes)
    def test_scalar_equals_bulk(self, x: float, code: str, mode: str) -> None:
        assume(fits(np.array([x]), code))
        scalar = round_money(x, code, rounding=mode)  # type: ignore[arg-type]
        bulk = round_money(np.array([x]), code, rounding=mode)  # type: ignore[arg-type]
        assert to_minor_units(scalar, code, rounding=None) == bulk.minor[0]
        assert bulk.minor[0] == oracle_minor(x, code, mode)

    @given(money_floats(max_magnitude=1e12), currencies)
    def test_rounding_is_idempotent_and_bounded(self, x: float, code: str) -> None:
        cur = Currency(code)
        down = round_money(x, code, rounding="floor").amount
        up = round_money(x, code, rounding="ceiling").amount
        nearest = round_money(x, code).amount
        assert down <= Decimal(repr(x)) <= up
        assert up - down in (Decimal(0), cur.quantum)
        assert nearest in (down, up)
        assert round_money(nearest, code).amount == nearest


class TestRoundMoneyErrors:
    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ([1.0, np.nan, 2.0], "amounts must be finite; 1 value is not, first at index 1: nan"),
            ([1.0, 2.0, np.inf, -np.inf], "2 values are not, first at index 2: inf"),
            (["1.0", "abc"], "amounts\\[1\\] must be a number"),
            ([1.0, 5e16], "must fit in int64 minor units .* first at index 1"),
            ([True, False], "amounts\\[0\\] must be a number; got True"),
        ],
    )
    def test_bad_arrays(self, values: list[object], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            round_money(values, "CNY")

    @pytest.mark.parametrize("value", [float("nan"), "abc", None, True, Decimal("Infinity")])
    def test_bad_scalars(self, value: object) -> None:
        with pytest.raises(InvalidInputError, match="amounts"):
            round_money(value, "CNY")  # type: ignore[arg-type]

    def test_bad_options(self) -> None:
        with pytest.raises(InvalidInputError, match="rounding must be one of"):
            round_money(1.0, "CNY", rounding="HALF_UP")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="unknown currency"):
            round_money(1.0, "ABC")

    def test_errors_are_value_errors(self) -> None:
        with pytest.raises(ValueError, match="finite"):
            round_money([np.nan], "CNY")


# --------------------------------------------------------------------------- minor units


class TestMinorUnits:
    def test_round_trip(self) -> None:
        assert to_minor_units("19.99", "CNY") == 1999
        assert to_minor_units(19.99, "CNY") == 1999
        assert to_minor_units(1980, "JPY") == 1980
        assert to_minor_units("1.234", "KWD") == 1234
        assert from_minor_units(1999, "CNY") == Money("19.99", "CNY")
        assert str(from_minor_units(-5, "USD").amount) == "-0.05"
        assert str(from_minor_units(1234, "KWD").amount) == "1.234"
        out = from_minor_units(np.array([[1, 2], [3, 4]]), "CNY")
        assert out.shape == (2, 2)
        assert out[1, 1] == Money("0.04", "CNY")
        assert out.to_decimal()[1, 1] == Decimal("0.04")

    @given(st.lists(st.integers(-(10**15), 10**15), max_size=20), currencies)
    def test_from_then_to_is_identity(self, minor: list[int], code: str) -> None:
        amounts = from_minor_units(np.array(minor, dtype=np.int64), code)
        np.testing.assert_array_equal(
            to_minor_units(amounts, code, rounding=None), np.array(minor, dtype=np.int64)
        )

    def test_strict_mode(self) -> None:
        with pytest.raises(InvalidInputError, match="whole number of USD minor units"):
            to_minor_units([1.0, 1.005], "USD", rounding=None)
        with pytest.raises(InvalidInputError, match="first offending index 1"):
            to_minor_units(np.array(["1.00", "1.005"], dtype=object), "USD", rounding=None)
        np.testing.assert_array_equal(to_minor_units([1.0, 0.1 + 0.2], "USD"), [100, 30])

    def test_bad_minor(self) -> None:
        with pytest.raises(InvalidInputError, match="minor must be a whole number"):
            from_minor_units([1.5], "CNY")
        with pytest.raises(InvalidInputError, match="fit in int64 minor units"):
            to_minor_units(np.array([2**62], dtype=np.int64), "CNY")


# --------------------------------------------------------------------------- allocate


def _quota(total: int, w: list[float], i: int) -> Fraction:
    return Fraction(total) * Fraction(w[i]) / sum(Fraction(x) for x in w)


class TestAllocate:
    def test_reference_cases(self) -> None:
        # Hamilton's method worked by hand: quotas 33.3 each, the first tie wins.
        np.testing.assert_array_equal(allocate(100, [1, 1, 1]), [34, 33, 33])
        np.testing.assert_array_equal(allocate(100, [1, 1, 1], method="last_line"), [33, 33, 34])
        # quotas 666.78 / 333.22 / 0: the largest remainder takes the missing fen
        np.testing.assert_array_equal(
            allocate(Money("10.00", "CNY"), [1999, 999, 0]).minor, [667, 333, 0]
        )
        np.testing.assert_array_equal(allocate(-5, [1, 1]), [-3, -2])
        np.testing.assert_array_equal(allocate(0, [3, 1]), [0, 0])
        np.testing.assert_array_equal(allocate(7, [0, 2, 0, 5], method="last_line"), [0, 2, 0, 5])
        np.testing.assert_array_equal(allocate(10, [0.1, 0.2, 0.7]), [1, 2, 7])
        np.testing.assert_array_equal(allocate(Money(1980, "JPY"), [1, 2]).minor, [660, 1320])

    @given(
        st.integers(-(10**12), 10**12), weights, st.sampled_from(["largest_remainder", "last_line"])
    )
    def test_sums_exactly_and_keeps_sign(self, total: int, w: list[float], method: str) -> None:
        parts = allocate(total, w, method=method)  # type: ignore[arg-type]
        assert parts.dtype == np.int64
        assert int(parts.sum()) == total
        assert np.all(parts * np.sign(total) >= 0)
        assert np.all(parts[np.array(w) == 0] == 0)

    @given(st.integers(0, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=30))
    def test_hamilton_quota_property(self, total: int, w: list[int]) -> None:
        if sum(w) == 0:
            return
        parts = allocate(total, w)
        for i, p in enumerate(parts.tolist()):
            q = _quota(total, w, i)  # exact rational quota
            assert q - 1 < p < q + 1
        # the rounded-up lines are exactly those with the largest remainders, ties to index
        rema = [(-(_quota(total, w, i) % 1), i) for i in range(len(w))]
        extra = total - sum(int(_quota(total, w, i)) for i in range(len(w)))
        ups = {i for _, i in sorted(rema)[:extra]}
        for i, p in enumerate(parts.tolist()):
            assert p == int(_quota(total, w, i)) + (i in ups)

    @given(
        st.lists(
            st.tuples(
                st.integers(-(10**6), 10**6), st.lists(st.integers(0, 1000), min_size=1, max_size=6)
            ),
            min_size=1,
            max_size=12,
        )
    )
    def test_grouped_equals_one_call_per_group(self, orders: list[tuple[int, list[int]]]) -> None:
        orders = [(t, w) for t, w in orders if sum(w) > 0]
        if not orders:
            return
        totals = [t for t, _ in orders]
        w = [x for _, ws in orders for x in ws]
        g = [k for k, (_, ws) in enumerate(orders) for _ in ws]
        grouped = allocate(totals, w, groups=g)
        single = np.concatenate([allocate(t, ws) for t, ws in orders])
        np.testing.assert_array_equal(grouped, single)

    def test_huge_integers_take_the_exact_path(self) -> None:
        parts = allocate(10**15, [10**6 + 1, 10**6, 3])
        assert int(parts.sum()) == 10**15
        expected = [int(Fraction(10**15 * w, 2 * 10**6 + 4)) for w in (10**6 + 1, 10**6, 3)]
        assert np.all(np.abs(parts - np.array(expected)) <= 1)

    def test_does_not_mutate(self) -> None:
        w = np.array([3.0, 1.0])
        allocate(10, w)
        np.testing.assert_array_equal(w, [3.0, 1.0])

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"total": 10, "weights": [1, -1, 2]},
                "weights must be >= 0; 1 value is not, first at index 1",
            ),
            ({"total": 10, "weights": [0, 0]}, "weights must not sum to 0 within a group"),
            ({"total": 10, "weights": [1, np.nan]}, "weights must be finite"),
            ({"total": 10.5, "weights": [1, 1]}, "total must be Money, a MoneyArray or whole"),
            ({"total": [1, 2], "weights": [1, 1]}, "total must be a scalar"),
            ({"total": [1], "weights": [1, 1], "groups": [0, 1]}, "groups must be in \\[0, 1\\)"),
            ({"total": [1], "weights": [1, 1], "groups": [0]}, "same length"),
            ({"total": 1, "weights": [[1, 1]]}, "weights must be 1-dimensional"),
            ({"total": 1, "weights": [1], "method": "hare"}, "method must be one of"),
        ],
    )
    def test_errors(self, kwargs: dict[str, object], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            allocate(**kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- Money


class TestMoney:
    def test_construction_and_views(self) -> None:
        m = Money("19.99", "CNY")
        assert m.amount == Decimal("19.99")
        assert m.currency is Currency("CNY")
        assert m.minor == 1999
        assert Money(19.99, "CNY") == m
        assert Money.from_minor(1999, "CNY") == m
        assert Money("19.9", "CNY").amount.as_tuple().exponent == -2
        assert str(Money("19.9", "CNY")) == "19.90 CNY"
        assert repr(Money(1980, "JPY")) == "Money('1980', 'JPY')"
        assert Money.zero("USD") == Money(0, "USD")
        assert not Money.zero("USD")

    def test_too_fine_or_bad(self) -> None:
        with pytest.raises(InvalidInputError, match="whole number of USD minor units"):
            Money("1.005", "USD")
        assert Money.of("1.005", "USD") == Money("1.01", "USD")
        with pytest.raises(InvalidInputError, match="finite"):
            Money(float("inf"), "USD")
        with pytest.raises(InvalidInputError, match="unknown currency"):
            Money(1, "XXX")

    def test_arithmetic(self) -> None:
        a, b = Money("10.00", "CNY"), Money("2.50", "CNY")
        assert a + b == Money("12.50", "CNY")
        assert a - b == Money("7.50", "CNY")
        assert -b == Money("-2.50", "CNY")
        assert abs(-b) == b
        assert +b == b
        assert b * 3 == 3 * b == Money("7.50", "CNY")
        assert sum([a, b, b]) == Money("15.00", "CNY")
        assert a > b and b < a and a >= a and b <= b  # noqa: PT018
        assert a.scale("0.85") == Money("8.50", "CNY")
        assert Money("0.05", "CNY").scale("0.5") == Money("0.03", "CNY")  # half-up
        assert Money("0.05", "CNY").scale("0.5", rounding="half_even") == Money("0.02", "CNY")

    def test_currency_checks(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="cannot add CNY and USD"):
            Money(1, "CNY") + Money(1, "USD")
        with pytest.raises(CurrencyMismatchError, match="compare"):
            _ = Money(1, "CNY") < Money(1, "USD")
        with pytest.raises(InvalidInputError, match="wrap the amount"):
            Money(1, "CNY") + 1  # type: ignore[operator]
        with pytest.raises(InvalidInputError, match="scale"):
            Money(1, "CNY") * 1.5  # type: ignore[operator]
        assert Money(1, "CNY") != Money(1, "USD")
        assert isinstance(CurrencyMismatchError("x"), ValueError)

    def test_allocate(self) -> None:
        parts = Money("100.00", "CNY").allocate([1, 1, 1])
        assert list(parts) == [Money("33.34", "CNY"), Money("33.33", "CNY"), Money("33.33", "CNY")]
        assert parts.sum() == Money("100.00", "CNY")

    def test_immutable_hashable_pickle(self) -> None:
        m = Money("1.50", "USD")
        with pytest.raises(AttributeError):
            m.amount = Decimal(2)  # type: ignore[misc]
        assert {m, Money("1.5", "USD")} == {m}
        assert pickle.loads(pickle.dumps(m)) == m
        assert copy.deepcopy(m) == m

    def test_json_round_trip(self) -> None:
        class Line(BaseModel):
            price: Money
            note: str = ""

        line = Line(price=Money("19.99", "CNY"))
        text = line.model_dump_json()
        assert json.loads(text) == {"price": {"amount": "19.99", "currency": "CNY"}, "note": ""}
        assert Line.model_validate_json(text) == line
        assert Money.model_validate(Money("1", "CNY").model_dump()) == Money("1", "CNY")
        with pytest.raises(ValidationError, match="exactly the keys"):
            Line.model_validate({"price": {"amount": "1"}})
        with pytest.raises(ValidationError, match="minor units"):
            Line.model_validate({"price": {"amount": "1.001", "currency": "CNY"}})
        schema = Line.model_json_schema()
        assert schema["properties"]["price"]["required"] == ["amount", "currency"]

    @given(money_floats(max_magnitude=1e9), st.sampled_from(["CNY", "JPY", "KWD"]))
    def test_of_matches_round_money(self, x: float, code: str) -> None:
        assert Money.of(x, code) == round_money(x, code)
        expected = Decimal(repr(x)).quantize(Currency(code).quantum, rounding=ROUND_HALF_UP)
        assert Money.of(x, code).amount == expected


def test_rounding_modes_are_exactly_the_decimal_ones() -> None:
    assert set(ROUNDING_MODES) == set(DECIMAL_MODES)
