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
    array: Callable[..., Any]
    currency: str
    options: Mapping[str, Sequence[Any]] = field(default_factory=dict)

    def option_sets(self) -> Iterator[dict[str, Any]]:
        keys = list(self.options)
        for values in itertools.product(*(self.options[k] for k in keys)):
            yield dict(zip(keys, values, strict=True))


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
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_scalars_give_money_and_arrays_give_money_arrays(case: MoneyCase) -> None:
    for options in case.option_sets():
        scalar = case.scalar(**options)
        array = case.array(**options)
        assert isinstance(scalar, Money), (case.name, options, scalar)
        assert isinstance(array, MoneyArray), (case.name, options, array)
        assert scalar.currency.code == case.currency
        assert array.currency.code == case.currency
