"""The common contract of element-wise public functions.

Every registered function is called with the same values as a Python scalar, a
list, a numpy array and (where installed) pandas and polars columns. Scalars
must give a Python scalar, everything else an array of the input's shape with
the same values; the caller's array must come back untouched; a bad value must
raise an ``InvalidInputError`` that names the parameter and the first bad index.
Domain modules add their functions to ``CASES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from ecomops import inventory, pricing
from ecomops.exceptions import InvalidInputError
from ecomops.money import Money, MoneyArray, round_money, to_minor_units


def _cny(x: Any) -> Money | MoneyArray:
    """Amounts as CNY money: Money for a scalar, MoneyArray for a column."""
    return Money.of(x, "CNY") if np.ndim(x) == 0 else MoneyArray.from_amounts(x, "CNY")


@dataclass(frozen=True)
class Case:
    """One element-wise function: how to call it on values of its first argument."""

    name: str
    call: Callable[[Any], Any]
    values: list[float]
    #: a value outside the domain and the parameter its error must name (None: no such value)
    bad_value: float | None
    parameter: str
    scalar_type: type | tuple[type, ...] = float
    #: compare a scalar result with an array element after this conversion
    to_element: Callable[[Any], Any] = field(default=lambda x: x)


CASES = [
    Case(
        "money.round_money",
        # money comes back as Money / MoneyArray: compare their exact minor units
        lambda x: to_minor_units(round_money(x, "CNY"), "CNY"),
        [2.675, 0.125, 19.999],
        float("nan"),
        "amounts",
        scalar_type=int,
    ),
    Case(
        "money.to_minor_units",
        lambda x: to_minor_units(x, "JPY"),
        [1980.4, 0.5, 7.0],
        float("inf"),
        "amounts",
        scalar_type=int,
    ),
    Case(
        "pricing.margin_on_price",
        lambda x: pricing.margin_on_price(x, 6.0),
        [10.0, 20.0, 12.5],
        -1.0,
        "price",
    ),
    Case(
        "pricing.markup_from_margin",
        pricing.markup_from_margin,
        [0.2, 0.5, 0.0],
        1.0,
        "margin_on_price",
    ),
    Case(
        "pricing.break_even_volume_change",
        lambda x: pricing.break_even_volume_change(x, 0.4),
        [-0.1, -0.2, 0.05],
        -1.5,
        "price_change_rate",
    ),
    Case(
        "pricing.cost_plus_price",
        # money costs give money prices: compare their exact minor units
        lambda x: to_minor_units(
            pricing.cost_plus_price(_cny(x), margin_on_price=0.3, fee_rates=0.05), "CNY"
        ),
        [10.0, 7.3, 199.0],
        -1.0,
        "unit_cost",
        scalar_type=int,
    ),
    Case(
        "pricing.charm_price",
        lambda x: to_minor_units(pricing.charm_price(x, ending="0.99", currency="USD"), "USD"),
        [12.34, 5.0, 100.0],
        -1.0,
        "prices",
        scalar_type=int,
    ),
    Case(
        "inventory.standard_normal_loss",
        inventory.standard_normal_loss,
        [-1.0, 0.0, 1.3],
        None,
        "k",
    ),
]


def _ids(cases: list[Case]) -> list[str]:
    return [c.name for c in cases]


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_scalar_list_array_agree(case: Case) -> None:
    scalars = [case.call(v) for v in case.values]
    for s in scalars:
        assert isinstance(s, case.scalar_type), f"{case.name} returned {type(s)} for a scalar"
    expected = np.array([case.to_element(s) for s in scalars])
    from_list = case.call(list(case.values))
    arr = np.array(case.values)
    before = arr.copy()
    from_array = case.call(arr)
    assert isinstance(from_list, np.ndarray)
    assert isinstance(from_array, np.ndarray)
    np.testing.assert_array_equal(from_list, expected)
    np.testing.assert_array_equal(from_array, expected)
    np.testing.assert_array_equal(arr, before)
    assert arr.flags.writeable


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_two_dimensional_input_keeps_its_shape(case: Case) -> None:
    grid = np.array([case.values, case.values])
    out = case.call(grid)
    assert out.shape == grid.shape
    np.testing.assert_array_equal(out[0], out[1])


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_dataframe_columns_are_accepted(case: Case) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    expected = case.call(np.array(case.values))
    np.testing.assert_array_equal(case.call(pd.Series(case.values)), expected)
    np.testing.assert_array_equal(case.call(pl.Series(case.values)), expected)


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_bad_value_names_parameter_and_index(case: Case) -> None:
    if case.bad_value is None:
        pytest.skip("every real value is in the domain")
    values = [*case.values, case.bad_value]
    with pytest.raises(InvalidInputError, match=rf"^{case.parameter}\b.*index {len(values) - 1}"):
        case.call(np.array(values))
