r"""Inventory: lot sizing, service levels, stock levels, newsvendor, policies and ABC/XYZ.

Every function works on one SKU or on a whole catalogue at once: pass arrays
(one entry per SKU) and get arrays back, with no Python loop over SKUs. Inputs
are validated once per call and errors name the parameter, the rule and the
first offending index.

The pieces, in the order a planner uses them:

* **demand**: `demand_statistics`, `demand_pattern`
  (Syntetos-Boylan), `xyz_classification`, `lead_time_demand`;
* **lot sizing**: `economic_order_quantity` (with backorders, production,
  quantity discounts) and `round_order_quantity` to case packs;
* **service levels**: `cycle_service_level`, `fill_rate` (three
  named formulas), [`ready_rate`][ecomops.inventory.ready_rate], the loss functions
  (`standard_normal_loss` and its inverse, `expected_shortage`);
* **stock levels**: `safety_stock`, [`reorder_point`][ecomops.inventory.reorder_point],
  `order_up_to_level` from a cycle service level, a fill rate or one of
  three shortage costs, for normal, Poisson, negative binomial, gamma or
  empirical demand;
* **single period**: `newsvendor_quantity`, `critical_ratio`;
* **policies**: [`rq_policy`][ecomops.inventory.rq_policy] (exact for normal and Poisson demand) and
  [`ss_policy`][ecomops.inventory.ss_policy];
* **classification and KPIs**: [`abc_classification`][ecomops.inventory.abc_classification],
  `inventory_turnover`, `days_of_supply`, `gmroi`,
  [`sell_through_rate`][ecomops.inventory.sell_through_rate];
* **edge models**: `InventoryItem` and its column view `InventoryItems`.

Time is never implied. The stock-level family (lead-time demand, service
levels, stock levels, newsvendor, policies) starts with the same inputs,
``demand_mean, demand_std, lead_time``, per period and in periods of the
caller's choosing (day, week...), with holding and shortage costs per unit per
period. The lot-sizing family works per year, as its names say
(``demand_rate``, ``holding_cost_per_year``). Nothing adds a period or converts
with 52 or 365 behind the caller's back. The conventions chosen where the field
disagrees are listed in the documentation (Conventions, Inventory).

Examples
--------
>>> import numpy as np
>>> from ecomops.inventory import economic_order_quantity, reorder_point
>>> eoq = economic_order_quantity([1300.0, 500.0], 8.0, 0.225)
>>> eoq.order_quantity.round(1)
array([304. , 188.6])
>>> rop = reorder_point([25.0, 9.6], [6.0, 4.0], 14, fill_rate=0.98,
...                     order_quantity=eoq.order_quantity, method="exact")
>>> rop.reorder_point.round(1), rop.fill_rate.round(3)
(array([356.5, 139.5]), array([0.98, 0.98]))
"""

from __future__ import annotations

from ecomops._inventory.classify import (
    ABCClassification,
    DemandPattern,
    DemandStatistics,
    XYZClassification,
    abc_classification,
    days_of_supply,
    demand_pattern,
    demand_statistics,
    gmroi,
    inventory_turnover,
    sell_through_rate,
    xyz_classification,
)
from ecomops._inventory.levels import (
    SafetyStock,
    order_up_to_level,
    reorder_point,
    safety_stock,
)
from ecomops._inventory.lotsizing import (
    EconomicOrderQuantity,
    EconomicProductionQuantity,
    QuantityDiscountOrder,
    RoundedOrderQuantity,
    economic_order_quantity,
    economic_order_quantity_with_backorders,
    economic_production_quantity,
    eoq_cost_penalty,
    eoq_with_quantity_discounts,
    round_order_quantity,
)
from ecomops._inventory.model import InventoryItem, InventoryItems
from ecomops._inventory.newsvendor import Newsvendor, critical_ratio, newsvendor_quantity
from ecomops._inventory.policies import ReorderPolicy, rq_policy, ss_policy
from ecomops._inventory.service import (
    FILL_RATE_METHODS,
    LeadTimeDemand,
    cycle_service_level,
    expected_shortage,
    fill_rate,
    inverse_standard_normal_loss,
    lead_time_demand,
    ready_rate,
    standard_normal_loss,
    standard_normal_second_loss,
)

__all__ = [
    "FILL_RATE_METHODS",
    "ABCClassification",
    "DemandPattern",
    "DemandStatistics",
    "EconomicOrderQuantity",
    "EconomicProductionQuantity",
    "InventoryItem",
    "InventoryItems",
    "LeadTimeDemand",
    "Newsvendor",
    "QuantityDiscountOrder",
    "ReorderPolicy",
    "RoundedOrderQuantity",
    "SafetyStock",
    "XYZClassification",
    "abc_classification",
    "critical_ratio",
    "cycle_service_level",
    "days_of_supply",
    "demand_pattern",
    "demand_statistics",
    "economic_order_quantity",
    "economic_order_quantity_with_backorders",
    "economic_production_quantity",
    "eoq_cost_penalty",
    "eoq_with_quantity_discounts",
    "expected_shortage",
    "fill_rate",
    "gmroi",
    "inventory_turnover",
    "inverse_standard_normal_loss",
    "lead_time_demand",
    "newsvendor_quantity",
    "order_up_to_level",
    "ready_rate",
    "reorder_point",
    "round_order_quantity",
    "rq_policy",
    "safety_stock",
    "sell_through_rate",
    "ss_policy",
    "standard_normal_loss",
    "standard_normal_second_loss",
    "xyz_classification",
]
