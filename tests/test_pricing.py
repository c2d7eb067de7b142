"""Tests of ecomops.pricing: cost-plus, margins, break-even, price endings, public surface."""

from __future__ import annotations

import inspect
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ecomops import pricing
from ecomops._money.context import DECIMAL_MODES
from ecomops._pricing.margins import cost_plus_money
from ecomops.exceptions import InfeasibleProblemError, InvalidInputError
from ecomops.money import ROUNDING_MODES, Money, MoneyArray
from ecomops.pricing import (
    CHARM_PRESETS,
    break_even_revenue,
    break_even_units,
    break_even_volume_change,
    charm_price,
    contribution_margin,
    cost_plus_price,
    left_digit_changed,
    margin_from_markup,
    margin_on_price,
    markup_from_margin,
    markup_on_cost,
    prestige_price,
    price_points,
    units_for_target_profit,
)

# --------------------------------------------------------------------------- surface


def test_all_is_sorted_and_documented() -> None:
    def key(name: str) -> tuple[int, str]:
        if name.isupper() and len(name) > 1:
            return (0, name)
        return (1, name) if name[:1].isupper() else (2, name)

    assert pricing.__all__ == sorted(pricing.__all__, key=key)
    for name in pricing.__all__:
        obj = getattr(pricing, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            doc = inspect.getdoc(obj) or ""
            assert "Examples" in doc, name
            if inspect.isfunction(obj):
                assert "References" in doc, name
    assert "Examples" in (pricing.__doc__ or "")


def test_every_public_object_of_the_private_modules_is_exported() -> None:
    for attr, obj in vars(pricing).items():
        if attr.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        if getattr(obj, "__module__", "").startswith("ecomops._pricing"):
            assert attr in pricing.__all__, attr


# --------------------------------------------------------------------------- cost-plus


class TestCostPlus:
    def test_taobao_fee_aware_margin(self) -> None:
        # hand computation: (30 + 2.50) / (1 - 0.05 - 0.006 - 0.35) = 54.7138... -> 54.71
        price = cost_plus_price(
            Money(30, "CNY"), margin_on_price=0.35, fee_rates=(0.05, 0.006),
            extra_cost_per_unit=2.5,
        )  # fmt: skip
        assert price == Money("54.71", "CNY")
        assert margin_on_price(
            54.71, 30, fee_rates=(0.05, 0.006), extra_cost_per_unit=2.5
        ) == pytest.approx(0.35, abs=1e-4)

    def test_markup_form(self) -> None:
        # p = (c + x)(1 + k) / (1 - F): the profit after fees is k times the cost
        p = cost_plus_price(40.0, markup_on_cost=0.5, fee_rates=0.2)
        assert p == pytest.approx(75.0)
        assert markup_on_cost(p, 40.0, fee_rates=0.2) == pytest.approx(0.5)
        # without fees, markup k and margin k / (1 + k) give the same price
        assert cost_plus_price(40.0, markup_on_cost=0.25) == pytest.approx(
            cost_plus_price(40.0, margin_on_price=margin_from_markup(0.25))
        )

    def test_float_artefacts_do_not_leak_into_directed_rounding(self) -> None:
        # 4.9 / (1 - 0.65) is 14.000000000000002 in float64; the decimal value is exactly 14
        assert 4.9 / (1 - 0.65) > 14.0
        assert cost_plus_price(Money("4.90", "USD"), margin_on_price=0.65, rounding="up") == (
            Money("14.00", "USD")
        )
        arr = cost_plus_price(MoneyArray.from_amounts([4.9, 1.1], "USD"),
                              margin_on_price=[0.65, 0.9], rounding="ceiling")  # fmt: skip
        np.testing.assert_array_equal(arr.minor, [1400, 1100])

    def test_return_types(self) -> None:
        assert isinstance(cost_plus_price(10, margin_on_price=0.2), float)
        assert isinstance(cost_plus_price(Money(10, "JPY"), margin_on_price=0.2), Money)
        costs = MoneyArray.from_amounts(np.array([10.0, 11.0]), "JPY")
        assert isinstance(cost_plus_price(costs, margin_on_price=0.2), MoneyArray)
        assert cost_plus_price(Money(Decimal("9.99"), "USD"), markup_on_cost=0.5) == (
            Money("14.99", "USD")  # 14.985 half-up
        )

    def test_fee_tuple_versus_array(self) -> None:
        # a tuple lists fee components for every price; an array gives one total per price
        both = cost_plus_price([10.0, 10.0], margin_on_price=0.2, fee_rates=(0.05, 0.05))
        per_row = cost_plus_price([10.0, 10.0], margin_on_price=0.2, fee_rates=[0.1, 0.0])
        np.testing.assert_allclose(both, [10 / 0.7, 10 / 0.7])
        np.testing.assert_allclose(per_row, [10 / 0.7, 10 / 0.8])

    @given(
        cost=st.integers(0, 10**7).map(lambda k: k / 100),
        margin=st.integers(-50, 90).map(lambda k: k / 100),
        fee=st.integers(0, 9).map(lambda k: k / 100),
        extra=st.integers(0, 500).map(lambda k: k / 100),
        mode=st.sampled_from(ROUNDING_MODES),
        code=st.sampled_from(["CNY", "JPY", "KWD"]),
    )
    def test_vectorised_equals_exact_decimal(
        self, cost: float, margin: float, fee: float, extra: float, mode: str, code: str
    ) -> None:
        assume(fee + margin < 0.99)
        # costs finer than the currency's minor unit: the edge models' money path
        args = {"fee_rates": (fee, 0.006), "extra_cost_per_unit": extra, "currency": code}
        scalar = cost_plus_money(cost, margin_on_price=margin, rounding=mode, **args)  # type: ignore[arg-type]
        d = (Decimal(repr(cost)) + Decimal(repr(extra))) / (
            1 - Decimal(repr(fee)) - Decimal("0.006") - Decimal(repr(margin))
        )
        places = {"CNY": 2, "JPY": 0, "KWD": 3}[code]
        expected = d.quantize(Decimal(1).scaleb(-places), rounding=DECIMAL_MODES[mode])
        assert isinstance(scalar, Money)
        assert scalar.amount == expected
        arr = cost_plus_money(
            np.array([cost, cost]),
            margin_on_price=margin,
            rounding=mode,
            **args,  # type: ignore[arg-type]
        )
        assert isinstance(arr, MoneyArray)
        assert arr.minor[0] == int(expected.scaleb(places))

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({}, "exactly one"),
            ({"margin_on_price": 0.3, "markup_on_cost": 0.3}, "exactly one"),
            ({"margin_on_price": 0.7, "fee_rates": (0.2, 0.1)}, r"fee_rates \+ margin_on_price"),
            ({"margin_on_price": 0.2, "fee_rates": 1.0}, r"fee_rates must be in \[0, 1\)"),
            ({"markup_on_cost": -1.0}, "markup_on_cost must be > -1"),
            ({"margin_on_price": 0.2, "extra_cost_per_unit": -1}, "extra_cost_per_unit"),
            ({"margin_on_price": 0.2, "rounding": "nearest"}, "rounding must be one of"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            cost_plus_price(10.0, **kwargs)  # type: ignore[call-overload]

    def test_bad_costs_name_the_index(self) -> None:
        with pytest.raises(InvalidInputError, match=r"unit_cost must be >= 0; .* index 1"):
            cost_plus_price([1.0, -2.0], margin_on_price=0.3)
        with pytest.raises(InvalidInputError, match=r"unit_cost must be finite.* index 2"):
            cost_plus_price([1.0, 2.0, np.nan], margin_on_price=0.3)

    def test_inputs_are_not_modified(self) -> None:
        cost = np.array([10.0, 20.0])
        before = cost.copy()
        cost_plus_price(cost, margin_on_price=0.3)
        np.testing.assert_array_equal(cost, before)


class TestMargins:
    def test_margin_and_markup(self) -> None:
        assert margin_on_price(20.0, 12.0) == pytest.approx(0.4)
        assert markup_on_cost(20.0, 12.0) == pytest.approx(2 / 3)
        assert margin_from_markup(0.5) == pytest.approx(1 / 3)
        assert markup_from_margin(0.4) == pytest.approx(2 / 3)

    @given(st.floats(-0.99, 0.99))
    def test_conversions_are_inverse(self, margin: float) -> None:
        assert margin_from_markup(markup_from_margin(margin)) == pytest.approx(margin, abs=1e-12)

    def test_nan_propagates(self) -> None:
        out = margin_on_price([10.0, np.nan], [5.0, 5.0])
        assert out[0] == 0.5
        assert np.isnan(out[1])

    def test_bad_input(self) -> None:
        with pytest.raises(InvalidInputError, match=r"price must be > 0"):
            margin_on_price(0.0, 1.0)
        with pytest.raises(InvalidInputError, match=r"margin_on_price must be < 1"):
            markup_from_margin([0.2, 1.0])
        with pytest.raises(
            InvalidInputError, match=r"unit_cost \+ extra_cost_per_unit must be > 0"
        ):
            markup_on_cost(10.0, 0.0)


class TestBreakEven:
    def test_horngren_gmat_success(self) -> None:
        # Horngren, Datar & Rajan, Cost Accounting 14th ed., ch. 3: Emma sells GMAT Success
        # packages at $200, buys them at $120, pays $2,000 for the booth
        assert contribution_margin(200, 120) == 80.0
        assert break_even_units(2000, 200, 120) == 25.0
        assert break_even_revenue(2000, 200, 120) == 5000.0
        # ... and needs 40 packages for a $1,200 operating income
        assert units_for_target_profit(1200, 2000, 200, 120) == 40.0

    def test_fees_reduce_the_contribution(self) -> None:
        assert contribution_margin(100.0, 40.0, fee_rates=(0.05, 0.006)) == pytest.approx(54.4)
        assert break_even_units(544.0, 100.0, 40.0, fee_rates=(0.05, 0.006)) == pytest.approx(10)

    def test_no_break_even(self) -> None:
        with pytest.raises(InfeasibleProblemError, match=r"1 case has none, first at index 1"):
            break_even_units(100, [20.0, 10.0], 12.0)

    @pytest.mark.parametrize(
        ("price_change", "margin", "expected"),
        [
            (-0.10, 0.40, 1 / 3),  # Nagle, Hogan & Zale: a 10% cut at 40% margin needs +33.3%
            (-0.20, 0.60, 0.5),  # King of Pops: $2.50 -> $2.00, $1.00 cost: +50%
            (-0.15, 0.50, 0.15 / 0.35),  # 15% cut at 50% variable cost: +42.86%
            (0.05, 0.25, -0.05 / 0.30),  # a 5% rise at 25% may lose 16.7% of volume
        ],
    )
    def test_break_even_volume_change(
        self, price_change: float, margin: float, expected: float
    ) -> None:
        # Nagle, Hogan & Zale, The Strategy and Tactics of Pricing, ch. 6: %BE = -dP/(CM + dP)
        assert break_even_volume_change(price_change, margin) == pytest.approx(expected)

    def test_cost_change(self) -> None:
        # a 10% cut with a supplier discount of 5% of the price: -(dP - dC)/(CM + dP - dC)
        assert break_even_volume_change(-0.10, 0.40, cost_change_rate=-0.05) == pytest.approx(
            0.05 / 0.35
        )

    def test_cut_deeper_than_the_margin_is_infeasible(self) -> None:
        with pytest.raises(InfeasibleProblemError, match="no volume change"):
            break_even_volume_change(-0.5, 0.4)


# --------------------------------------------------------------------------- endings


def charm_oracle(x: float, ending: str, direction: str, avoid: tuple[int, ...]) -> Decimal | None:
    """Per-item Decimal reference of the charm rule as documented in conventions."""
    d = Decimal(repr(float(x)))
    int_part, _, frac = ending.partition(".")
    e = Decimal(f"{int_part or '0'}.{frac or '0'}")
    interval = Decimal(1) if e < 1 else Decimal(10) ** len(int_part)

    def ok(k: Decimal) -> bool:
        text = format(k * interval + e, f".{len(frac)}f")
        return not any(str(a) in text for a in avoid)

    def down() -> Decimal:
        k = ((d - e) / interval).to_integral_value(ROUND_FLOOR)
        while k >= 0 and not ok(k):
            k -= 1
        return k

    def up() -> Decimal:
        k = max(((d - e) / interval).to_integral_value(ROUND_CEILING), Decimal(0))
        while not ok(k):
            k += 1
        return k

    if direction == "down":
        k = down()
    elif direction == "up":
        k = up()
    else:
        lo, hi = down(), up()
        k = hi if lo < 0 or d - (lo * interval + e) > hi * interval + e - d else lo
    return None if k < 0 else k * interval + e


ENDINGS = [
    (".99", (), "USD"),
    (".95", (), "USD"),
    ("9", (), "USD"),
    (".9", (), "CNY"),
    (".9", (4,), "CNY"),
    ("8", (4,), "CNY"),
    ("88", (4,), "CNY"),
    ("98", (), "JPY"),
    ("980", (), "JPY"),
    ("9.99", (4, 0), "USD"),
]
prices = st.one_of(
    st.integers(0, 10**7).map(lambda k: k / 100),
    st.integers(0, 10**6).map(lambda k: k / 10),
    st.floats(0, 1e6, allow_nan=False),
)


class TestCharmPrice:
    @pytest.mark.parametrize(
        ("price", "preset", "direction", "expected"),
        [
            (20.00, "USD_99", "down", "19.99"),
            (20.00, "USD_99", "up", "20.99"),
            (19.99, "USD_99", "down", "19.99"),  # already on an ending: stays
            (19.99, "USD_99", "up", "19.99"),
            (19.49, "USD_99", "nearest", "18.99"),  # tie (0.50 each way) goes down
            (19.50, "USD_99", "nearest", "19.99"),
            (42.0, "USD_95", "down", "41.95"),
            (42.0, "USD_9", "down", "39.00"),
            (42.0, "CNY_9", "down", "41.90"),
            (52.0, "CNY_8", "down", "38.00"),  # 48 contains a 4
            (52.0, "CNY_8", "up", "58.00"),
            (450.0, "CNY_88", "down", "388.00"),  # 488 and 448... contain a 4
            (2100, "JPY_980", "down", "1980"),  # the JPY 1,980 price
            (2100, "JPY_98", "down", "2098"),
            (1999, "JPY_980", "nearest", "1980"),
        ],
    )
    def test_presets(self, price: float, preset: str, direction: str, expected: str) -> None:
        out = charm_price(price, direction=direction, **CHARM_PRESETS[preset])  # type: ignore[arg-type]
        assert isinstance(out, Money)
        assert out.amount == Decimal(expected)
        assert str(out.amount) == expected

    @pytest.mark.parametrize(("ending", "avoid", "code"), ENDINGS)
    @given(x=prices)
    def test_matches_the_decimal_oracle(
        self, ending: str, avoid: tuple[int, ...], code: str, x: float
    ) -> None:
        if avoid:
            x = x % 3000.0  # the oracle steps one candidate at a time
        for direction in ("down", "up", "nearest"):
            expected = charm_oracle(x, ending, direction, avoid)
            if expected is None:
                with pytest.raises(InfeasibleProblemError, match="at or below the price"):
                    charm_price(x, ending=ending, currency=code, direction=direction,  # type: ignore[arg-type]
                                avoid_digits=avoid)  # fmt: skip
                continue
            out = charm_price(x, ending=ending, currency=code, direction=direction,  # type: ignore[arg-type]
                              avoid_digits=avoid)  # fmt: skip
            assert out.amount == expected

    @given(xs=st.lists(prices.filter(lambda v: v >= 100), min_size=1, max_size=30))
    def test_properties(self, xs: list[float]) -> None:
        arr = np.array(xs)
        avoid = (4,)
        down = charm_price(arr, ending=".9", currency="CNY", avoid_digits=avoid)
        up = charm_price(arr, ending=".9", currency="CNY", avoid_digits=avoid, direction="up")
        near = charm_price(arr, ending=".9", currency="CNY", avoid_digits=avoid,
                           direction="nearest")  # fmt: skip
        assert all(isinstance(out, MoneyArray) for out in (down, up, near))
        down, up, near = down.minor, up.minor, near.minor
        cents = [Decimal(repr(x)) * 100 for x in xs]  # exact
        assert all(d <= c for d, c in zip(down.tolist(), cents, strict=True))  # never rises
        assert all(u >= c for u, c in zip(up.tolist(), cents, strict=True))  # never falls
        for out in (down, up, near):
            assert all(v % 100 == 90 for v in out.tolist())  # ends with its ending
            assert all("4" not in f"{v / 100:.1f}" for v in out.tolist())  # no avoided digit
        assert all(n in (d, u) for n, d, u in zip(near, down, up, strict=True))
        # vectorised equals scalar
        scalar = [charm_price(x, ending=".9", currency="CNY", avoid_digits=avoid) for x in xs]
        assert [s.minor for s in scalar] == down.tolist()

    @given(
        x=st.integers(100, 10**6).map(lambda k: k / 10),
        ceiling=st.integers(100, 10**6).map(lambda k: k / 10),
    )
    def test_never_exceeds_its_ceiling(self, x: float, ceiling: float) -> None:
        try:
            out = charm_price(x, ending=".99", currency="USD", direction="up", ceiling=ceiling)
        except InfeasibleProblemError:
            assert charm_oracle(ceiling, ".99", "down", ()) is None
            return
        assert out.amount <= Decimal(repr(ceiling))

    @pytest.mark.parametrize(
        ("price", "direction", "expected"),
        [
            (4999.9, "down", "3999.90"),  # a thousand forbidden candidates skipped at once
            (4000.0, "up", "5000.90"),
            (1450.0, "up", "1500.90"),
            (44444.4, "nearest", "39999.90"),
        ],
    )
    def test_long_runs_of_forbidden_candidates(
        self, price: float, direction: str, expected: str
    ) -> None:
        out = charm_price(price, ending=".9", currency="CNY", avoid_digits=(4,),
                          direction=direction)  # type: ignore[arg-type]  # fmt: skip
        assert out.amount == Decimal(expected)

    def test_floor_is_a_parameter(self) -> None:
        # never below cost plus a 20% margin: 30 / 0.8 = 37.50
        floor = cost_plus_price(30.0, margin_on_price=0.2)
        assert charm_price(39.0, ending=".9", currency="CNY", floor=floor) == Money("38.90", "CNY")
        assert charm_price(37.0, ending=".9", currency="CNY", floor=floor) == Money("37.90", "CNY")
        out = charm_price([37.0, 60.0], ending=".9", currency="CNY", floor=[floor, 61.0])
        np.testing.assert_array_equal(out.minor, [3790, 6190])

    def test_no_candidate_between_floor_and_ceiling(self) -> None:
        with pytest.raises(InfeasibleProblemError, match="between floor and ceiling"):
            charm_price(10.0, ending=".99", currency="USD", floor=10.0, ceiling=10.5)

    def test_no_candidate_below(self) -> None:
        with pytest.raises(InfeasibleProblemError, match=r"first at index 1: 0\.5"):
            charm_price([5.0, 0.5], ending=".99", currency="USD")
        assert charm_price(0.5, ending=".99", currency="USD", direction="nearest") == Money(
            "0.99", "USD"
        )

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"ending": ".999", "currency": "USD"}, "has 3 decimals; USD allows 2"),
            ({"ending": ".9", "currency": "JPY"}, "JPY allows 0"),
            ({"ending": "84", "currency": "CNY", "avoid_digits": (4,)}, "avoided digit 4"),
            ({"ending": "9x", "currency": "CNY"}, "digits with an optional"),
            ({"ending": ".9", "currency": "CNY", "avoid_digits": tuple(range(1, 10))}, "leave"),
            ({"ending": ".9", "currency": "CNY", "direction": "sideways"}, "direction"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            charm_price(10.0, **kwargs)  # type: ignore[call-overload]

    def test_bad_prices(self) -> None:
        with pytest.raises(InvalidInputError, match=r"prices must be >= 0; .* index 2"):
            charm_price([1.0, 2.0, -3.0], ending=".9", currency="CNY")
        with pytest.raises(InvalidInputError, match=r"prices must be finite"):
            charm_price([1.0, np.nan], ending=".9", currency="CNY")
        with pytest.raises(InvalidInputError, match="15 significant digits"):
            charm_price(Decimal("1.0000000000000001"), ending=".9", currency="CNY")

    def test_inputs_types_and_shapes(self) -> None:
        grid = np.array([[12.5, 20.0], [7.0, 99.99]])
        out = charm_price(grid, ending=".99", currency="USD")
        assert out.shape == (2, 2)
        assert out.minor.dtype == np.int64
        assert charm_price("12.50", ending=".99", currency="USD") == Money("11.99", "USD")
        assert charm_price(np.array(["12.50", "20"], dtype=object), ending=".99",
                           currency="USD").minor.tolist() == [1199, 1999]  # fmt: skip
        pd = pytest.importorskip("pandas")
        np.testing.assert_array_equal(
            charm_price(pd.Series([12.5, 20.0]), ending=".99", currency="USD").minor,
            [1199, 1999],
        )


class TestPrestigeAndLining:
    def test_prestige(self) -> None:
        assert prestige_price(1873.5, step=100, currency="CNY") == Money("1900.00", "CNY")
        assert prestige_price(1900, step=100, currency="CNY") == Money("1900.00", "CNY")
        assert prestige_price(1873.5, step=100, currency="CNY", direction="down") == Money(
            "1800.00", "CNY"
        )
        np.testing.assert_array_equal(
            prestige_price([125.0, 125.01], step=50, currency="USD", direction="nearest").minor,
            [10000, 15000],  # 125 is a tie: down
        )
        with pytest.raises(InvalidInputError, match="whole number of USD minor units"):
            prestige_price(10, step=0.001, currency="USD")

    @given(x=prices, step=st.sampled_from([1, 5, 50, 100, 1000]))
    def test_prestige_is_a_multiple_at_or_above(self, x: float, step: int) -> None:
        out = prestige_price(x, step=step, currency="JPY").amount
        assert out % step == 0
        assert out >= Decimal(repr(x))
        assert out - step < Decimal(repr(x))

    def test_price_points(self) -> None:
        ladder = [49.9, 9.9, 19.9, 29.9, 19.9]
        np.testing.assert_array_equal(
            price_points([5.0, 14.9, 15.0, 27.5, 80.0], ladder, currency="CNY").to_float(),
            [9.9, 9.9, 19.9, 29.9, 49.9],
        )
        np.testing.assert_array_equal(
            price_points([12.0, 19.9], ladder, direction="up", currency="CNY").minor,
            [1990, 1990],
        )
        assert price_points(25.0, ladder, direction="down", currency="CNY") == Money("19.9", "CNY")
        with pytest.raises(InfeasibleProblemError, match="at or below"):
            price_points(5.0, ladder, direction="down", currency="CNY")
        with pytest.raises(InfeasibleProblemError, match="at or above"):
            price_points(55.0, ladder, direction="up", currency="CNY")
        with pytest.raises(InvalidInputError, match="currency is required"):
            price_points(5.0, ladder)
        with pytest.raises(InvalidInputError, match="whole JPY minor units"):
            price_points(5.0, ladder, currency="JPY")

    @given(x=prices)
    def test_nearest_point_is_nearest(self, x: float) -> None:
        ladder = [9.9, 19.9, 29.9, 49.9, 99.0]
        out = price_points(x, ladder, currency="CNY").amount
        d = Decimal(repr(x))
        best = min(abs(Decimal(repr(p)) - d) for p in ladder)
        assert abs(out - d) == best
        ties = [Decimal(repr(p)) for p in ladder if abs(Decimal(repr(p)) - d) == best]
        assert out == min(ties)  # ties go down

    @pytest.mark.parametrize(
        ("before", "after", "changed"),
        [
            (20.00, 19.99, True),
            (19.99, 18.99, False),
            (100.0, 99.99, True),
            (3.00, 2.99, True),
            (2.99, 2.89, False),
            (0.5, 0.49, True),
            (0.3, 0.35, False),  # 0.3 is read as 0.3, not 0.29999...
            (0.0, 0.0, False),
            (0.0, 1.0, True),
        ],
    )
    def test_left_digit(self, before: float, after: float, changed: bool) -> None:
        # Thomas & Morwitz (2005): the leftmost digit of the price
        assert left_digit_changed(before, after) is changed

    def test_left_digit_vectorised(self) -> None:
        out = left_digit_changed([20.0, 19.99], [[19.99, 18.99], [21.0, 29.0]])
        np.testing.assert_array_equal(out, [[True, False], [False, True]])
