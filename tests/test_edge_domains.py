"""Edge inputs of pricing, inventory and SEO: refused by name, or a defined answer.

Each test names the example of the common contract it pins (the bad input that
used to leak a foreign exception or an error naming the wrong thing).
"""

from __future__ import annotations

import numpy as np
import pytest

from ecomops import inventory
from ecomops.exceptions import InvalidInputError

# --------------------------------------------------------------------------- inventory


class TestInventory:
    def test_items_eoq_empty_demand_names_demand_mean(self) -> None:
        # example: InventoryItems.economic_order_quantity([]) blamed "demand_rate"
        items = inventory.InventoryItems(
            unit_cost=[40.0, 8.0],
            order_cost=[50.0, 20.0],
            holding_rate=[0.25, 0.25],
            lead_time_days=[10, 4],
            cycle_service_level=0.95,
        )
        with pytest.raises(InvalidInputError, match=r"^demand_mean must be one value or one per"):
            items.economic_order_quantity(np.array([]))
        assert items.economic_order_quantity([12.0, 30.0]).order_quantity.shape == (2,)

    def test_days_of_supply_2d_period_days_names_it(self) -> None:
        # example: days_of_supply(period_days=2-D) leaked TypeError
        with pytest.raises(InvalidInputError, match=r"^period_days must be a single number"):
            inventory.days_of_supply(30, [[4, 6, 5, 5]], period_days=np.full((2, 2), 7.0))
        assert inventory.days_of_supply(30, [[4, 6, 5, 5]], period_days=7).tolist() == [42.0]

    @pytest.mark.parametrize("name", ["adi_threshold", "cv2_threshold"])
    @pytest.mark.parametrize(
        "bad", [[[1.5, 1.5], [1.5, 1.5]], 1.5 + 1j, {}, [[1.0], [1.0, 2.0]], "abc"]
    )
    def test_demand_pattern_thresholds_named(self, name: str, bad: object) -> None:
        # example: demand_pattern(adi_threshold="abc") leaked ValueError from float()
        with pytest.raises(InvalidInputError, match=rf"^{name} must"):
            inventory.demand_pattern([[5, 6, 5, 4, 6, 5]], **{name: bad})

    def test_demand_pattern_threshold_range_message_kept(self) -> None:
        with pytest.raises(InvalidInputError, match="adi_threshold must be > 1 and cv2"):
            inventory.demand_pattern([[5, 6, 5, 4, 6, 5]], adi_threshold=0.5)

    @pytest.mark.parametrize("method", ["exact", "loss_function"])
    def test_rq_policy_empty_demand_is_an_empty_answer(self, method: str) -> None:
        # example: rq_policy(demand_mean=[]) leaked "zero-size array to reduction" ValueError
        out = inventory.rq_policy(
            np.array([]), 3.0, 5.0, 50.0, 0.1,
            shortage_cost_per_unit_per_period=5.0, method=method,  # type: ignore[arg-type]
        )  # fmt: skip
        assert out.reorder_point.shape == (0,)
        assert out.order_quantity.shape == (0,)
