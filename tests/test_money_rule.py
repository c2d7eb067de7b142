"""The money rule, for every money-returning public function.

An amount a customer or an accountant sees comes back as ``Money`` for a scalar
and as a ``MoneyArray`` for an array, whatever the options (docs/conventions.md,
"Money in, money out"). Each case below calls one function with a scalar and
with an array, under every combination of its options, and checks the type and
the currency of the answer. A new money-returning function adds a case here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from ecomops import logistics, pricing
from ecomops.money import (
    ROUNDING_MODES,
    Money,
    MoneyArray,
    allocate,
    from_minor_units,
    round_money,
)


@dataclass(frozen=True)
class MoneyCase:
    """One money-returning function: a scalar call, an array call, and its options."""

    name: str
    scalar: Callable[..., Any]
    array: Callable[..., Any] | None
    currency: str
    options: Mapping[str, Sequence[Any]] = field(default_factory=dict)

    def option_sets(self) -> Iterator[dict[str, Any]]:
        keys = list(self.options)
        for values in itertools.product(*(self.options[k] for k in keys)):
            yield dict(zip(keys, values, strict=True))


def _parcels() -> logistics.ParcelBatch:
    return logistics.ParcelBatch([0.8, 3.2], [30, 40], [20, 30], [10, 20], "HZ", ["上海", "新疆"])


def _card() -> logistics.FirstAdditionalRates:
    return logistics.FirstAdditionalRates(
        effective_from="2025-01-01", currency="CNY", zones=("全国",), first_weight=1,
        first_prices=("12",), additional_step=1, additional_prices=("2",),
    )  # fmt: skip


def _packing() -> logistics.PackingPlan:
    items = logistics.OrderItems([1, 1, 2], [30, 10, 5], [20, 10, 5], [10, 5, 5], [1.0, 0.2, 0.1])
    return logistics.pack_cartons(items, logistics.china_postal_cartons())


CASES: list[MoneyCase] = [
    MoneyCase(
        "money.round_money",
        lambda **kw: round_money(2.675, "CNY", **kw),
        lambda **kw: round_money([2.675, 0.125], "CNY", **kw),
        "CNY",
        {"rounding": ROUNDING_MODES, "cash": (False, True)},
    ),
    MoneyCase(
        "money.round_money (CHF cash)",
        lambda **kw: round_money(3.43, "CHF", **kw),
        lambda **kw: round_money([[3.43], [1.0]], "CHF", **kw),
        "CHF",
        {"cash": (False, True)},
    ),
    MoneyCase(
        "money.from_minor_units",
        lambda: from_minor_units(1999, "JPY"),
        lambda: from_minor_units([1999, 5], "JPY"),
        "JPY",
    ),
    MoneyCase(
        "money.allocate",
        lambda **kw: Money("10.00", "CNY").allocate([1999, 999, 0], **kw)[0],
        lambda **kw: allocate(Money("10.00", "CNY"), [1999, 999, 0], **kw),
        "CNY",
        {"method": ("largest_remainder", "last_line")},
    ),
    MoneyCase(
        "money.allocate (grouped)",
        lambda **kw: allocate(MoneyArray([1000, 700], "USD"), [1, 1, 2], groups=[0, 0, 1], **kw)[2],
        lambda **kw: allocate(MoneyArray([1000, 700], "USD"), [1, 1, 2], groups=[0, 0, 1], **kw),
        "USD",
        {"method": ("largest_remainder", "last_line")},
    ),
    MoneyCase(
        "Money.scale",
        lambda **kw: Money("199.00", "CNY").scale("0.85", **kw),
        lambda **kw: MoneyArray([19900, 9900], "CNY").scale("0.85", **kw),
        "CNY",
        {"rounding": ROUNDING_MODES},
    ),
    MoneyCase(
        "MoneyArray.from_amounts",
        lambda **kw: MoneyArray.from_amounts([19.99], "KWD", **kw)[0],
        lambda **kw: MoneyArray.from_amounts([19.99, 0.0005], "KWD", **kw),
        "KWD",
        {"rounding": ROUNDING_MODES},
    ),
    # pricing: displayed prices are always money; cost_plus_price follows its costs
    MoneyCase(
        "pricing.cost_plus_price",
        lambda **kw: pricing.cost_plus_price(Money("30.00", "CNY"), margin_on_price=0.35, **kw),
        lambda **kw: pricing.cost_plus_price(
            MoneyArray.from_amounts([30.0, 12.5], "CNY"), margin_on_price=0.35, **kw
        ),
        "CNY",
        {"rounding": ROUNDING_MODES, "fee_rates": (0.0, (0.05, 0.006))},
    ),
    MoneyCase(
        "pricing.charm_price",
        lambda **kw: pricing.charm_price(52.3, ending=".9", currency="CNY", **kw),
        lambda **kw: pricing.charm_price([52.3, 19.2], ending=".9", currency="CNY", **kw),
        "CNY",
        {"direction": ("down", "up", "nearest")},
    ),
    MoneyCase(
        "pricing.prestige_price",
        lambda **kw: pricing.prestige_price(Money("5230", "JPY"), step=100, **kw),
        lambda **kw: pricing.prestige_price(MoneyArray([5230, 1920], "JPY"), step=100, **kw),
        "JPY",
        {"direction": ("down", "up", "nearest")},
    ),
    MoneyCase(
        "pricing.price_points",
        lambda **kw: pricing.price_points(52.3, [19.9, 49.9, 99.9], currency="USD", **kw),
        lambda **kw: pricing.price_points([52.3, 29.0], [19.9, 49.9, 99.9], currency="USD", **kw),
        "USD",
        {"direction": ("down", "up", "nearest")},
    ),
    # logistics: charges, carton costs and card prices
    MoneyCase(
        "logistics.shop_rates",
        lambda: logistics.shop_rates(_parcels(), logistics.example_services("CN")).total(),
        lambda: logistics.shop_rates(_parcels(), logistics.example_services("CN")).cost,
        "CNY",
    ),
    MoneyCase(
        "logistics.quote",
        lambda: logistics.quote(_parcels(), logistics.example_services("CN")).cost[0, 0],
        lambda: logistics.quote(_parcels(), logistics.example_services("CN")).cost,
        "CNY",
    ),
    MoneyCase(
        "logistics.pack_cartons",
        lambda: _packing().total(),
        lambda: _packing().orders.total,
        "CNY",
    ),
    MoneyCase(
        "logistics.FirstAdditionalRates.price",
        lambda: _card().price("全国", 2.3),
        None,  # one zone and weight at a time
        "CNY",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_scalars_give_money_and_arrays_give_money_arrays(case: MoneyCase) -> None:
    for options in case.option_sets():
        scalar = case.scalar(**options)
        assert isinstance(scalar, Money), (case.name, options, scalar)
        assert scalar.currency.code == case.currency
        if case.array is not None:
            array = case.array(**options)
            assert isinstance(array, MoneyArray), (case.name, options, array)
            assert array.currency.code == case.currency
