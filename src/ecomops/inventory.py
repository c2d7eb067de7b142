r"""Inventory: lot sizing, service levels, stock levels, newsvendor, policies and ABC/XYZ.

Every function works on one SKU or on a whole catalogue at once: pass arrays
(one entry per SKU) and get arrays back, with no Python loop over SKUs. Inputs
are validated once per call and errors name the parameter, the rule and the
first offending index.

The pieces, in the order a planner uses them:

* **demand**: :func:`demand_statistics`, :func:`demand_pattern`
  (Syntetos-Boylan), :func:`xyz_classification`, :func:`lead_time_demand`;
* **lot sizing**: :func:`economic_order_quantity` (with backorders, production,
  quantity discounts) and :func:`round_order_quantity` to case packs;
* **service levels**: :func:`cycle_service_level`, :func:`fill_rate` (three
  named formulas), :func:`ready_rate`, the loss functions
  (:func:`standard_normal_loss` and its inverse, :func:`expected_shortage`);
* **stock levels**: :func:`safety_stock`, :func:`reorder_point`,
  :func:`order_up_to_level` from a cycle service level, a fill rate or one of
  three shortage costs, for normal, Poisson, negative binomial, gamma or
  empirical demand;
* **single period**: :func:`newsvendor_quantity`, :func:`critical_ratio`;
* **policies**: :func:`rq_policy` (exact for normal and Poisson demand) and
  :func:`ss_policy`;
* **classification and KPIs**: :func:`abc_classification`,
  :func:`inventory_turnover`, :func:`days_of_supply`, :func:`gmroi`,
  :func:`sell_through_rate`;
* **edge models**: :class:`InventoryItem` and its column view :class:`InventoryItems`.

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
