"""The money rule of ecomops.pricing: no option and no input shape changes the answer's type.

Displayed prices are ``Money`` for a scalar and ``MoneyArray`` for arrays in every
option combination; ``cost_plus_price`` gives money back for money costs and
floats for plain numbers, whatever the options.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from ecomops._core.typing import CHARM_PRESET_NAMES
from ecomops.exceptions import CurrencyMismatchError, InvalidInputError
from ecomops.money import ROUNDING_MODES, Money, MoneyArray
from ecomops.pricing import (
    CHARM_PRESETS,
    PriceRule,
    Product,
    charm_price,
    contribution_margin,
    cost_plus_price,
    margin_on_price,
    prestige_price,
    price_points,
)

DIRECTIONS = ("down", "up", "nearest")
TARGETS = ({"margin_on_price": 0.35}, {"markup_on_cost": 0.5})
FEES = (0.0, 0.05, (0.05, 0.006))


def scalar_inputs(currency: str) -> list[tuple[Any, dict[str, Any]]]:
    """A scalar price as money, and as a plain number with ``currency=``."""
    return [(Money("52.00", currency), {}), (52.0, {"currency": currency})]


def array_inputs(currency: str) -> list[tuple[Any, dict[str, Any]]]:
    """Arrays of prices: a money column, a list, an ndarray, a 2-D grid."""
    return [
        (MoneyArray.from_amounts([52.0, 19.99], currency), {}),
        ([52.0, 19.99], {"currency": currency}),
        (np.array([52.0, 19.99]), {"currency": currency}),
        (np.array([[52.0, 19.99], [7.5, 120.0]]), {"currency": currency}),
    ]


class TestCostPlusPrice:
    @pytest.mark.parametrize(
        ("target", "fees", "rounding"), list(itertools.product(TARGETS, FEES, ROUNDING_MODES))
    )
    def test_money_in_money_out(self, target: dict[str, float], fees: Any, rounding: Any) -> None:
        cost = Money("30.00", "CNY")
        one = cost_plus_price(cost, fee_rates=fees, rounding=rounding, **target)  # type: ignore[call-overload]
        assert isinstance(one, Money)
        assert one.currency.code == "CNY"
        extra_money = cost_plus_price(
            30.0, fee_rates=fees, rounding=rounding, extra_cost_per_unit=Money("2.50", "CNY"),
            **target,
        )  # fmt: skip
        assert isinstance(extra_money, Money)
        costs = MoneyArray.from_amounts([30.0, 12.5, 99.99], "CNY")
        many = cost_plus_price(costs, fee_rates=fees, rounding=rounding, **target)  # type: ignore[call-overload]
        assert isinstance(many, MoneyArray)
        assert many.shape == (3,)
        assert [many[i] for i in range(3)] == [
            cost_plus_price(costs[i], fee_rates=fees, rounding=rounding, **target)  # type: ignore[call-overload]
            for i in range(3)
        ]
        # a money cost with per-row targets is a column too
        rows = cost_plus_price(
            cost, fee_rates=fees, rounding=rounding, **{k: [v, v] for k, v in target.items()}
        )
        assert isinstance(rows, MoneyArray)

    @pytest.mark.parametrize(
        ("target", "fees", "rounding"), list(itertools.product(TARGETS, FEES, ROUNDING_MODES))
    )
    def test_plain_numbers_give_floats(
        self, target: dict[str, float], fees: Any, rounding: Any
    ) -> None:
        one = cost_plus_price(30.0, fee_rates=fees, rounding=rounding, **target)  # type: ignore[call-overload]
        assert type(one) is float
        many = cost_plus_price([30.0, 12.5], fee_rates=fees, rounding=rounding, **target)  # type: ignore[call-overload]
        assert isinstance(many, np.ndarray)
        assert many.dtype == np.float64

    def test_currencies_must_agree(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            cost_plus_price(
                Money(30, "CNY"), margin_on_price=0.3, extra_cost_per_unit=Money(1, "USD")
            )

    def test_analytics_read_money_as_major_units(self) -> None:
        assert margin_on_price(Money(20, "USD"), Money(12, "USD")) == pytest.approx(0.4)
        out = contribution_margin(MoneyArray.from_amounts([200.0, 99.0], "USD"), 120.0)
        np.testing.assert_allclose(out, [80.0, -21.0])
        with pytest.raises(CurrencyMismatchError):
            margin_on_price(Money(20, "USD"), Money(12, "CNY"))


class TestDisplayedPrices:
    @pytest.mark.parametrize(
        ("direction", "avoid", "bounds"),
        list(itertools.product(DIRECTIONS, ((), (4,)), ({}, {"floor": 10.0}, {"ceiling": 500}))),
    )
    def test_charm_price(self, direction: str, avoid: tuple[int, ...], bounds: Any) -> None:
        for prices, cur in scalar_inputs("CNY"):
            out = charm_price(prices, ending=".9", direction=direction, avoid_digits=avoid,  # type: ignore[call-overload]
                              **bounds, **cur)  # fmt: skip
            assert isinstance(out, Money)
            assert out.currency.code == "CNY"
        for prices, cur in array_inputs("CNY"):
            out = charm_price(prices, ending=".9", direction=direction, avoid_digits=avoid,  # type: ignore[call-overload]
                              **bounds, **cur)  # fmt: skip
            assert isinstance(out, MoneyArray)
            assert out.shape == np.shape(prices) or out.shape == (len(prices),)

    @pytest.mark.parametrize("direction", DIRECTIONS)
    def test_prestige_price(self, direction: str) -> None:
        for prices, cur in scalar_inputs("USD"):
            assert isinstance(prestige_price(prices, step=50, direction=direction, **cur), Money)  # type: ignore[call-overload]
        for prices, cur in array_inputs("USD"):
            out = prestige_price(prices, step=Money(50, "USD"), direction=direction, **cur)  # type: ignore[call-overload]
            assert isinstance(out, MoneyArray)

    @pytest.mark.parametrize(
        ("direction", "money_points"), list(itertools.product(("nearest", "up"), (False, True)))
    )
    def test_price_points(self, direction: str, money_points: bool) -> None:
        ladder: Any = [9.9, 19.9, 29.9, 49.9, 199.0]
        if money_points:
            ladder = MoneyArray.from_amounts(ladder, "CNY")
        for prices, cur in scalar_inputs("CNY"):
            assert isinstance(price_points(prices, ladder, direction=direction, **cur), Money)  # type: ignore[call-overload]
        for prices, cur in array_inputs("CNY"):
            out = price_points(prices, ladder, direction=direction, **cur)  # type: ignore[call-overload]
            assert isinstance(out, MoneyArray)

    def test_plain_numbers_need_a_currency(self) -> None:
        for call in (
            lambda: charm_price(12.0, ending=".9"),
            lambda: prestige_price(12.0, step=10),
            lambda: price_points(12.0, [9.9, 19.9]),
        ):
            with pytest.raises(InvalidInputError, match="currency is required"):
                call()
        with pytest.raises(CurrencyMismatchError):
            charm_price(Money(12, "CNY"), ending=".99", currency="USD")


class TestEdgeModels:
    @pytest.mark.parametrize(
        ("ending", "min_margin", "direction", "target"),
        list(itertools.product((None, ".9", "8"), (None, 0.2), DIRECTIONS, TARGETS)),
    )
    def test_price_rule(
        self, ending: str | None, min_margin: float | None, direction: Any, target: Any
    ) -> None:
        rule = PriceRule(
            currency="CNY", ending=ending, min_margin_on_price=min_margin,
            direction=direction, fee_rates=(0.05,), **target,
        )  # fmt: skip
        for cost in (30.0, Money("30.00", "CNY")):
            assert isinstance(rule.price(cost), Money)
        for costs in ([30.0, 12.0], np.array([30.0, 12.0]), MoneyArray([3000, 1200], "CNY")):
            out = rule.price(costs)
            assert isinstance(out, MoneyArray)
            assert out.currency.code == "CNY"
        with pytest.raises(CurrencyMismatchError):
            rule.price(Money(30, "USD"))

    @pytest.mark.parametrize("rounding", ROUNDING_MODES)
    def test_product(self, rounding: Any) -> None:
        item = Product(unit_cost="19.995", currency="USD", min_margin_on_price=0.1)
        assert isinstance(item.price_for_margin(0.3, rounding=rounding), Money)
        assert isinstance(item.price_for_markup(0.3, rounding=rounding), Money)
        assert isinstance(item.floor_price(), Money)
        for price in (30.0, Money("30.00", "USD")):
            assert isinstance(item.charm_price(price, ending=".99"), Money)
            assert type(item.margin_on_price(price)) is float

    def test_models_take_money_amounts(self) -> None:
        item = Product(unit_cost=Money("30.00", "CNY"), extra_cost_per_unit=Money("2.50", "CNY"))
        assert item.currency.code == "CNY"
        assert item.price_for_margin(0.35) == Product(
            unit_cost="30.00", extra_cost_per_unit="2.50", currency="CNY"
        ).price_for_margin(0.35)
        with pytest.raises(ValidationError, match="in USD, not CNY"):
            Product(unit_cost=Money("30.00", "USD"), currency="CNY")
        rule = PriceRule(currency="CNY", margin_on_price=0.3, extra_cost_per_unit=Money(2, "CNY"))
        assert rule.extra_cost_per_unit == 2.0


def test_charm_preset_names_are_the_option_set() -> None:
    assert set(CHARM_PRESETS) == set(CHARM_PRESET_NAMES)


def test_analytics_take_money_prices() -> None:
    from ecomops.pricing import LinearDemand, fit_demand, price_elasticity, price_index

    assert price_elasticity(Money(8, "CNY"), 110, Money(12, "CNY"), 90) == -0.5
    demand = LinearDemand(100.0, -2.0)
    assert demand.optimal_price(Money(10, "CNY")) == 30.0
    assert demand.profit(Money(30, "CNY"), Money(10, "CNY")) == 800.0
    np.testing.assert_array_equal(
        demand.quantity(MoneyArray.from_amounts([10.0, 60.0], "CNY")), [80.0, 0.0]
    )
    fit = fit_demand(MoneyArray.from_amounts([5, 8, 10, 12], "CNY"), [25, 21, 23, 15])
    assert fit.revenue_maximizing_price() == 13.15234375
    own = MoneyArray.from_amounts([110.0, 90.0], "CNY")
    assert round(price_index(own, [100.0, 100.0]), 2) == 99.5
    with pytest.raises(CurrencyMismatchError):
        demand.profit(Money(30, "CNY"), Money(10, "USD"))
