"""Degenerate parameters: the limit the formula gives, or a clear error, never NaN.

Each test names the example it pins. Warnings are errors in this suite, so a
passing test also shows that no RuntimeWarning escapes.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from ecomops.inventory import eoq_with_quantity_discounts, rq_policy

BREAKS = [0, 300, 600]
PRICES = [100, 90, 80]


class TestQuantityDiscountsZeroOrderCost:
    def test_all_units_orders_the_cheapest_tier_at_its_breakpoint(self) -> None:
        # eoq_with_quantity_discounts(2400, 0, 0.25, [0, 300, 600], [100, 90, 80])
        # gave Q = 0 with a NaN cost. With K = 0 each tier's cost c D + i c q / 2
        # grows with q: candidates are 0 (cost c0 D), 300 and 600.
        res = eoq_with_quantity_discounts(2400, 0, 0.25, BREAKS, PRICES)
        assert res.order_quantity == 600.0
        assert res.price_break == 2
        assert res.unit_cost == 80.0
        assert res.total_cost == 80 * 2400 + 0.25 * 80 * 600 / 2  # 198,000

    @pytest.mark.parametrize("kind", ["all_units", "incremental"])
    def test_is_the_limit_of_a_vanishing_order_cost(self, kind: str) -> None:
        zero = eoq_with_quantity_discounts(2400, 0, 0.25, BREAKS, PRICES, kind=kind)  # type: ignore[arg-type]
        tiny = eoq_with_quantity_discounts(2400, 1e-12, 0.25, BREAKS, PRICES, kind=kind)  # type: ignore[arg-type]
        assert math.isfinite(zero.total_cost)
        assert zero.price_break == tiny.price_break
        assert zero.order_quantity == pytest.approx(tiny.order_quantity, abs=1e-4)
        assert zero.total_cost == pytest.approx(tiny.total_cost, rel=1e-9)

    @pytest.mark.parametrize("kind", ["all_units", "incremental"])
    def test_single_tier_replenishes_continuously(self, kind: str) -> None:
        res = eoq_with_quantity_discounts(2400, 0, 0.25, [0], [100], kind=kind)  # type: ignore[arg-type]
        assert (res.order_quantity, res.price_break, res.total_cost) == (0.0, 0, 240_000.0)

    def test_vectorised_rows_stay_independent(self) -> None:
        res = eoq_with_quantity_discounts([2400, 0, np.nan], 0, 0.25, BREAKS, PRICES)
        np.testing.assert_array_equal(res.order_quantity[:2], [600.0, 0.0])
        np.testing.assert_array_equal(res.total_cost[:2], [198_000.0, 0.0])
        assert np.isnan(res.total_cost[2])


class TestRQPolicyZeroDemand:
    @pytest.mark.parametrize("method", ["loss_function", "eoq_safety_stock"])
    def test_approximations_give_the_documented_values(self, method: str) -> None:
        # rq_policy with zero demand and method="loss_function" gave inf / NaN
        # where the docstring promises r = Q = 0 and zero cost.
        res = rq_policy(0, 10, 2, 8, 0.225, 7.5, method=method)  # type: ignore[arg-type]
        assert (res.reorder_point, res.order_quantity, res.expected_cost) == (0.0, 0.0, 0.0)
        assert res.order_up_to_level == 0.0

    def test_other_rows_unchanged(self) -> None:
        res = rq_policy([0, 1300], [10, 150], [2, 1 / 12], 8, 0.225, 7.5, method="loss_function")
        assert (res.reorder_point[0], res.order_quantity[0], res.expected_cost[0]) == (0, 0, 0)
        assert res.reorder_point[1] == pytest.approx(126.87, abs=0.01)
        assert res.order_quantity[1] == pytest.approx(328.45, abs=0.01)
