"""The scalar (per-request) path gives what the array path gives, and refuses the same inputs.

Scalar calls of the money, pricing, inventory, logistics and proportion functions
skip the array machinery when every input is a plain number that passes its rule
as it is; these tests hold them to the array path: equal answers (bit for bit)
on the same values given as one-element arrays, the same errors for bad values,
and the same output type for a Python number, a numpy scalar and a 0-d array.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops import funnel, inventory, logistics, pricing
from ecomops._core.constraints import FRACTION, NON_NEGATIVE, POSITIVE, Constraints, Interval
from ecomops.exceptions import EcomopsError, InvalidInputError
from ecomops.money import Money, MoneyArray, round_money

amounts = st.floats(0.0, 1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(1e-3, 1e6, allow_nan=False, allow_infinity=False)
prices = st.integers(0, 10**8).map(lambda k: k / 100)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, np.ndarray | MoneyArray) else value


class TestDeclaredScalarPath:
    def test_convert_scalars_accepts_only_values_inside(self) -> None:
        c = Constraints(a=POSITIVE, b=NON_NEGATIVE, f=FRACTION)
        assert c.convert_scalars(a=1, b=0.0, f=np.float32(0.5)) == (1.0, 0.0, 0.5)
        for bad in (0.0, -1.0, np.inf, np.nan, "1", True, Decimal("1"), np.array(1.0), None):
            assert c.convert_scalars(a=bad, b=0.0, f=0.5) is None
        assert c.convert_scalars(a=1.0, b=0.0, f=1.0 + 1e-16) == (1.0, 0.0, 1.0)
        assert c.convert_scalars(a=1.0, b=0.0, f=1.0000001) is None
        assert c.convert_scalars(a=2**70, b=0.0, f=0.5) is None  # beyond int64: array path

    @given(st.lists(st.one_of(st.floats(), st.integers(-(2**70), 2**70), st.booleans(),
                              st.sampled_from(["wilson", "x", None, Decimal("1")])),
                    min_size=3, max_size=3))  # fmt: skip
    def test_positional_scalars_equal_keyword_scalars(self, values: list[Any]) -> None:
        from ecomops._core.constraints import Options

        c = Constraints(a=POSITIVE, b=FRACTION, method=Options(("wilson", "normal")))
        for given_values in (values, [values[0], values[1], "wilson"]):
            a, b, m = given_values
            assert c.scalars(a, b, m) == c.convert_scalars(a=a, b=b, method=m)

    @pytest.mark.parametrize("closed", ["both", "left", "right", "neither"])
    def test_interval_accepts_as_convert_does(self, closed: Any) -> None:
        iv = Interval(0.0, 1.0, closed)
        for x in (-1e-300, 0.0, 5e-324, 0.5, 1.0 - 1e-16, 1.0, 1.0 + 2e-16, np.inf, -np.inf):
            try:
                iv.convert(x, "x")
                ok = True
            except InvalidInputError:
                ok = False
            assert (iv.convert_scalar(x, "x") is not None) == ok, x

    def test_evaluate_scalar_and_array_agree(self) -> None:
        c = Constraints(x=POSITIVE, y=NON_NEGATIVE)
        one = c.evaluate(lambda x, y: np.sqrt(x * y), x=2.0, y=8.0)
        assert one == 4.0
        assert type(one) is float
        assert c.evaluate(lambda x, y: np.sqrt(x * y), x=[2.0], y=8.0)[0] == 4.0


class TestSameAnswers:
    @given(positive, positive, positive)
    def test_eoq(self, d: float, k: float, h: float) -> None:
        one = inventory.economic_order_quantity(d, k, h)
        many = inventory.economic_order_quantity([d], [k], [h])
        for name in ("order_quantity", "total_relevant_cost", "cycle_time", "orders_per_year",
                     "annual_holding_cost", "annual_ordering_cost"):  # fmt: skip
            assert getattr(one, name) == getattr(many, name)[0], name
            assert type(getattr(one, name)) is float
        b = d / 3.0
        one = inventory.economic_order_quantity_with_backorders(d, k, h, b)
        many = inventory.economic_order_quantity_with_backorders([d], k, h, b)
        for name in ("total_relevant_cost", "annual_holding_cost", "annual_shortage_cost"):
            assert getattr(one, name) == getattr(many, name)[0], name

    @given(amounts, amounts, positive, st.floats(0.01, 0.9999), st.sampled_from([0.0, 1.5]))
    def test_reorder_point(self, mu: float, sd: float, lt: float, csl: float, lsd: float) -> None:
        one = inventory.reorder_point(mu, sd, lt, cycle_service_level=csl, lead_time_std=lsd)
        many = inventory.reorder_point([mu], sd, lt, cycle_service_level=csl, lead_time_std=lsd)
        for name in ("reorder_point", "safety_stock", "safety_factor", "lead_time_demand_std",
                     "expected_shortage_per_cycle", "cycle_service_level"):  # fmt: skip
            assert getattr(one, name) == getattr(many, name)[0], name
        unknown = inventory.safety_stock(None, sd, lt, cycle_service_level=csl)
        assert unknown.reorder_point is None
        assert unknown.safety_stock == inventory.safety_stock(None, [sd], lt,
                                                              cycle_service_level=csl).safety_stock[0]  # fmt: skip

    @given(prices, st.sampled_from([".99", "9", "980", ".9"]),
           st.sampled_from(["down", "up", "nearest"]), st.sampled_from([None, 50.0]))  # fmt: skip
    def test_charm_price(self, p: float, ending: str, direction: Any, floor: Any) -> None:
        kw: dict[str, Any] = {"ending": ending, "currency": "CNY", "direction": direction}
        try:
            many = _first(pricing.charm_price([p], floor=floor, **kw))
        except EcomopsError as exc:
            with pytest.raises(type(exc)):
                pricing.charm_price(p, floor=floor, **kw)
            return
        assert pricing.charm_price(p, floor=floor, **kw) == many
        assert pricing.charm_price(Money.of(p, "CNY"), floor=floor, **kw) == many

    @given(prices, st.sampled_from([0.0, 2.5]), st.sampled_from([0.0, (0.05, 0.006), ()]),
           st.floats(-0.5, 0.6))  # fmt: skip
    def test_cost_plus_price(self, c: float, extra: float, fees: Any, m: float) -> None:
        kw: dict[str, Any] = {"extra_cost_per_unit": extra, "fee_rates": fees}
        for target in ("margin_on_price", "markup_on_cost"):
            try:
                many = pricing.cost_plus_price([c], **{target: m}, **kw)[0]
            except InvalidInputError:
                with pytest.raises(InvalidInputError):
                    pricing.cost_plus_price(c, **{target: m}, **kw)
                continue
            assert pricing.cost_plus_price(c, **{target: m}, **kw) == many
            money = pricing.cost_plus_price(Money.of(c, "USD"), **{target: m}, **kw)
            assert money == _first(
                pricing.cost_plus_price(MoneyArray.from_amounts([c], "USD"), **{target: m}, **kw)
            )

    @given(positive, positive, positive, positive, st.sampled_from([None, 6000.0, 139]),
           st.sampled_from([1.0, 0.5, 0.1]), st.sampled_from(["up", "nearest"]),
           st.sampled_from(["nearest", "up", "none"]), st.sampled_from([0.0, 1728.0]))  # fmt: skip
    def test_billable_weight(
        self, w: float, a: float, b: float, c: float, divisor: Any, step: float, w_mode: Any,
        d_mode: Any, min_volume: float,
    ) -> None:  # fmt: skip
        kw: dict[str, Any] = {"divisor": divisor, "weight_step": step, "weight_rounding": w_mode,
                              "dimension_rounding": d_mode, "min_volume": min_volume}  # fmt: skip
        try:
            many = logistics.billable_weight([w], a, b, c, **kw)[0]
        except InvalidInputError:
            with pytest.raises(InvalidInputError):
                logistics.billable_weight(w, a, b, c, **kw)
            return
        one = logistics.billable_weight(w, a, b, c, **kw)
        assert one == many
        assert type(one) is float

    @given(st.integers(0, 10**6), st.integers(1, 10**6),
           st.sampled_from(["wilson", "agresti_coull", "normal"]), st.floats(0.5, 0.999))  # fmt: skip
    def test_proportion_interval(self, x: int, n: int, method: Any, level: float) -> None:
        x = min(x, n)
        one = funnel.proportion_interval(x, n, method=method, confidence_level=level)
        many = funnel.proportion_interval([x], [n], method=method, confidence_level=level)
        assert (one.low, one.high) == (many.low[0], many.high[0])

    @given(prices)
    def test_price_rule(self, c: float) -> None:
        rule = pricing.PriceRule(currency="CNY", margin_on_price=0.35, fee_rates=(0.05, 0.006),
                                 ending="9", min_margin_on_price=0.2)  # fmt: skip
        assert rule.price(c) == _first(rule.price([c]))

    def test_round_money(self) -> None:
        for x in (2.675, 0.125, -2.5, 1.005, 0.0):
            for mode in ("half_up", "half_even", "down", "up", "floor", "ceiling", "half_down"):
                assert round_money(x, "USD", rounding=mode) == _first(
                    round_money([x], "USD", rounding=mode)
                )


class TestSameErrors:
    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (lambda: inventory.economic_order_quantity(-1.0, 1.0, 1.0),
             "demand_rate must be >= 0; got -1.0"),
            (lambda: inventory.economic_order_quantity(1.0, 1.0, 0),
             "holding_cost_per_year must be > 0; got 0.0"),
            (lambda: inventory.economic_order_quantity(np.inf, 1.0, 1.0),
             "demand_rate must not be infinite; got inf"),
            (lambda: inventory.reorder_point(10.0, 2.0, 0.0, cycle_service_level=0.9),
             "lead_time must be > 0 when review_period is 0"),
            (lambda: inventory.reorder_point(10.0, 2.0, 3.0, cycle_service_level=1.0),
             "cycle_service_level must be < 1"),
            (lambda: logistics.billable_weight(0.0, 1, 1, 1, divisor=None), "weight must be > 0"),
            (lambda: funnel.proportion_interval(5, 3), "count must be <= nobs"),
            (lambda: pricing.cost_plus_price(-1.0, markup_on_cost=0.5), "unit_cost must be >= 0"),
            (lambda: pricing.charm_price(-1.0, ending=".99", currency="USD"), "be >= 0"),
        ],
    )  # fmt: skip
    def test_scalar_errors_keep_their_messages(self, call: Any, message: str) -> None:
        with pytest.raises(InvalidInputError, match=message.replace("(", r"\(")):
            call()

    def test_nan_still_propagates(self) -> None:
        assert np.isnan(inventory.economic_order_quantity(np.nan, 1.0, 1.0).order_quantity)
        assert np.isnan(logistics.billable_weight(np.nan, 1.0, 1.0, 1.0, divisor=None))
        assert np.isnan(funnel.proportion_interval(np.nan, 10).low)


class TestScalarRule:
    """A Python number, a numpy scalar and a 0-d array all give a Python float or a Money."""

    @pytest.mark.parametrize("kind", [float, np.float64, np.float32, np.array])
    def test_one_rule_for_every_scalar(self, kind: Any) -> None:
        x = kind(30.0)
        assert type(inventory.economic_order_quantity(x, 8.0, 0.25).order_quantity) is float
        assert type(logistics.billable_weight(x, 10, 10, 10, divisor=6000)) is float
        assert type(pricing.cost_plus_price(x, markup_on_cost=0.5)) is float
        assert type(pricing.margin_on_price(kind(40.0), x)) is float
        assert isinstance(pricing.charm_price(x, ending=".99", currency="USD"), Money)
        assert isinstance(pricing.prestige_price(x, step=10, currency="USD"), Money)
        rule = pricing.PriceRule(currency="USD", markup_on_cost=1.0, ending=".99")
        assert isinstance(rule.price(x), Money)


modes = st.sampled_from(["half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"])
currencies = st.sampled_from(["CNY", "JPY", "KWD", "CHF", "CLF"])
decimals = st.builds(
    lambda sign, digits, exponent: Decimal(f"{sign}{digits}E{exponent}"),
    st.sampled_from(["", "-"]),
    st.integers(0, 10**40),
    st.integers(-45, 10),
)


class TestExactScalarMoney:
    """The one-C-call rounding and the decimal-point shift equal the integer arithmetic."""

    @given(decimals, currencies, modes, st.booleans())
    def test_quantize_equals_integer_rounding(
        self, value: Decimal, code: str, mode: str, cash: bool
    ) -> None:
        from ecomops._money.exact import quantize, quantize_exact
        from ecomops.money import Currency

        cur = Currency(code)
        fast, exact = quantize(value, cur, mode, cash), quantize_exact(value, cur, mode, cash)
        assert fast.as_tuple() == exact.as_tuple()

    @given(decimals, currencies, modes)
    def test_quantize_ignores_the_callers_context(
        self, value: Decimal, code: str, mode: str
    ) -> None:
        import decimal

        from ecomops._money.exact import quantize, quantize_exact
        from ecomops.money import Currency

        cur = Currency(code)
        with decimal.localcontext() as ctx:
            ctx.prec, ctx.rounding, ctx.traps[decimal.Inexact] = 3, decimal.ROUND_FLOOR, True
            fast = quantize(value, cur, mode, False)
        assert fast.as_tuple() == quantize_exact(value, cur, mode, False).as_tuple()

    @given(st.integers(-(10**500), 10**500), currencies)
    def test_minor_to_decimal_is_the_text_form(self, minor: int, code: str) -> None:
        from ecomops._money.exact import minor_to_decimal
        from ecomops.money import Currency

        cur = Currency(code)
        expected = Decimal(f"{minor}E-{cur.minor_units}")
        assert minor_to_decimal(minor, cur).as_tuple() == expected.as_tuple()

    @given(prices, st.sampled_from([0.0, 2.5]), st.sampled_from([0.0, (0.05, 0.006)]),
           st.floats(0.0, 0.6), modes)  # fmt: skip
    def test_money_cost_plus_equals_checked_money(
        self, c: float, extra: float, fees: Any, m: float, mode: Any
    ) -> None:
        kw: dict[str, Any] = {"extra_cost_per_unit": extra, "fee_rates": fees, "rounding": mode}
        try:
            one = pricing.cost_plus_price(Money.of(c, "CNY"), markup_on_cost=m, **kw)
        except InvalidInputError:
            return
        assert one == Money(str(one.amount), "CNY")  # on the grid, as the checked constructor
        assert one.amount.as_tuple() == Money(one.amount, "CNY").amount.as_tuple()
        assert one == _first(
            pricing.cost_plus_price(MoneyArray.from_amounts([c], "CNY"), markup_on_cost=m, **kw)
        )

    def test_zero_money_has_no_sign(self) -> None:
        zero = pricing.cost_plus_price(Money("0.00", "USD"), markup_on_cost=0.5)
        assert zero.amount.as_tuple().sign == 0
        assert Money.from_minor(0, "USD").amount.as_tuple() == Decimal("0.00").as_tuple()


class TestRememberedFactors:
    @given(st.floats(0.001, 0.999))
    def test_remembered_factors_are_the_computed_ones(self, level: float) -> None:
        from ecomops._inventory.common import norm_ppf, std_loss_one
        from ecomops._inventory.levels import _normal_factor

        k = float(norm_ppf(level))  # type: ignore[arg-type]
        assert _normal_factor(level) == (k, std_loss_one(k))
        assert _normal_factor(level) == (k, std_loss_one(k))  # from the table


class TestPrivateDecimalContext:
    @given(st.floats(-1e12, 1e12) | st.sampled_from([0.0, -0.0, 5e-324, 1e300]))
    def test_float_to_decimal_is_the_shortest_form(self, x: float) -> None:
        from ecomops._money.exact import float_to_decimal

        for _ in range(2):  # computed, then remembered
            assert float_to_decimal(x).as_tuple() == Decimal(repr(x)).as_tuple()

    @pytest.mark.parametrize("prec", [3, 9])
    def test_cost_plus_ignores_the_callers_precision(self, prec: int) -> None:
        import decimal

        kw: dict[str, Any] = {"fee_rates": (0.05, 0.006), "extra_cost_per_unit": 1.01}
        cost = Money("12345.67", "CNY")
        expected = [
            pricing.cost_plus_price(cost, markup_on_cost=0.5, **kw),
            pricing.cost_plus_price(cost, margin_on_price=0.35, **kw),
        ]
        with decimal.localcontext() as ctx:
            ctx.prec, ctx.rounding = prec, decimal.ROUND_DOWN
            got = [
                pricing.cost_plus_price(cost, markup_on_cost=0.5, **kw),
                pricing.cost_plus_price(cost, margin_on_price=0.35, **kw),
            ]
        assert got == expected
        # (12345.67 + 1.01) * 1.5 / (1 - 0.056) = 19618.665254..., half up
        assert expected[0] == Money("19618.67", "CNY")


class TestRememberedSettings:
    """Settings remembered by value never let an input of another type through."""

    def test_billable_settings_keyed_by_type(self) -> None:
        kw: dict[str, Any] = {"divisor": 6000.0, "weight_step": 1.0}
        assert logistics.billable_weight(2.0, 40.0, 30.0, 20.0, **kw) == 4.0
        for bad in ({"weight_step": True}, {"divisor": True}, {"min_weight": False}):
            with pytest.raises(InvalidInputError):
                logistics.billable_weight(2.0, 40.0, 30.0, 20.0, **{**kw, **bad})
        assert logistics.billable_weight(2.0, 40.0, 30.0, 20.0, divisor=6000, weight_step=1) == 4.0

    def test_cost_plus_constants_keyed_by_type(self) -> None:
        cost = Money("10.00", "USD")
        assert pricing.cost_plus_price(cost, markup_on_cost=1.0) == Money("20.00", "USD")
        with pytest.raises(InvalidInputError):
            pricing.cost_plus_price(cost, markup_on_cost=True)  # type: ignore[arg-type]
        assert pricing.cost_plus_price(cost, markup_on_cost=Decimal("1.0")) == Money("20.00", "USD")

    @given(st.floats(-2.0, 2.0), st.sampled_from([0.0, 0.05, (0.05, 0.006)]))
    def test_cost_plus_plan_equals_the_checks(self, target: float, fees: Any) -> None:
        cost = Money("19.90", "CNY")
        for name in ("margin_on_price", "markup_on_cost"):
            try:
                many = _first(
                    pricing.cost_plus_price(
                        MoneyArray.from_amounts([19.9], "CNY"), fee_rates=fees, **{name: target}
                    )
                )
            except InvalidInputError as exc:
                with pytest.raises(InvalidInputError, match=re.escape(str(exc).split(";")[0])):
                    pricing.cost_plus_price(cost, fee_rates=fees, **{name: target})
                continue
            for _ in range(2):  # the plan is built, then remembered
                assert pricing.cost_plus_price(cost, fee_rates=fees, **{name: target}) == many
