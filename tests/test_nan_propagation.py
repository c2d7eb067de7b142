"""NaN is never read as a number: it propagates to that row's answer or is refused.

Each case below once answered as if the missing value were a known one (a NaN
demand standard deviation read as certain demand, a NaN sample dropped, a NaN
price given an elasticity of minus infinity). docs/conventions.md, "NaN
propagates in element-wise functions and is refused in reductions".
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from ecomops import inventory, pricing
from ecomops.exceptions import InvalidInputError

NAN = float("nan")


@pytest.mark.parametrize(
    "call",
    [
        lambda std: inventory.cycle_service_level(300, std, 1, reorder_point=315.7),
        lambda std: inventory.expected_shortage(50, std, 1, level=40),
        lambda std: inventory.fill_rate(
            50, std, 1, reorder_point=40, order_quantity=100, method="approximate"
        ),
        lambda std: inventory.ready_rate(50, std, 1, reorder_point=40, order_quantity=100),
        lambda std: inventory.safety_stock(100, std, 2, cycle_service_level=0.95).safety_stock,
        lambda std: inventory.newsvendor_quantity(100, std, price=10, unit_cost=4).order_quantity,
    ],
    ids=["cycle_service_level", "expected_shortage", "fill_rate", "ready_rate", "safety_stock",
         "newsvendor_quantity"],
)  # fmt: skip
def test_a_nan_demand_std_is_not_certain_demand(call: object) -> None:
    assert math.isnan(call(NAN))  # type: ignore[operator]
    # a known std of zero is certain demand, and still answers
    assert not math.isnan(call(0.0))  # type: ignore[operator]


def test_nan_stays_in_its_row() -> None:
    out = inventory.cycle_service_level(300, [NAN, 10.0], 1, reorder_point=315.7)
    assert math.isnan(out[0])
    assert out[1] == pytest.approx(0.9417924, abs=1e-7)  # Phi(1.57)


def test_a_nan_sample_is_refused_not_dropped() -> None:
    with pytest.raises(InvalidInputError, match="demand_samples must be padded with NaN only"):
        inventory.cycle_service_level(
            None, None, None, reorder_point=3, distribution="empirical",
            demand_samples=[1.0, 2.0, NAN, 4.0],
        )  # fmt: skip
    # NaN as padding at the end of a row is how ragged sample sets are given
    padded = np.array([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, NAN, NAN]])
    out = inventory.cycle_service_level(
        None, None, None, reorder_point=3, distribution="empirical", demand_samples=padded
    )
    assert out.tolist() == [0.75, 1.0]


def test_a_nan_price_has_no_elasticity() -> None:
    demand = pricing.LinearDemand(100, -2)
    assert math.isnan(demand.elasticity(NAN))
    out = demand.elasticity([NAN, 5.0, 60.0])
    assert math.isnan(out[0])
    assert out[1] == pytest.approx(-10 / 90)
    assert out[2] == -math.inf  # demand has dropped to zero
