r"""Logistics: billable weight, rate cards, rate shopping, cartonization, allocation.

Carrier prices computed offline from typed rate cards, exactly (``Money`` and
``MoneyArray`` columns of int64 minor units), for millions of parcels at once;
the packing and warehouse problems solved with their costs (floats: analytics).

* **Rules as data** (pydantic, frozen, each with an ``effective_from`` date):
  `DimWeightRule`, `ZoneMap` / `ZoneRule` (ZIP3 charts,
  `china_province_zone_map` for 省内 / 江浙沪 / 全国 / 偏远),
  `ZoneRateTable` (zone x weight), `FirstAdditionalRates`
  (首重 + 续重), `Surcharge` and `Service`.
* **Parcels as columns**: `ParcelBatch` (kg and cm, or
  `ParcelBatch.from_imperial`).
* **Pricing**: `billable_weight`, `quote` (N parcels x S services),
  `shop_rates` (cheapest service meeting the promise).
* **Cartonization**: `Box`, `BoxCatalogue`
  (`china_postal_cartons`, 邮政纸箱 1-12号), `OrderItems` and
  `pack_cartons` (box choice or split, with rotations and placements).
* **Network decisions** on scipy's HiGHS: `allocate_orders`
  (transportation LP with shadow prices), `split_order` (which warehouse
  ships which lines), `choose_warehouses` (facility location).
* **Free shipping**: `free_shipping_threshold`, the expected margin of
  candidate thresholds under a pluggable `TopUpModel`
  (`ExponentialTopUp`).

Every rounding step is applied to step counts with a relative tolerance of
$10^{-9}$, so float noise never flips a step; money is exact.

Examples
--------
>>> from ecomops.logistics import ParcelBatch, billable_weight, example_services, shop_rates
>>> billable_weight(10, 18, 18, 12, divisor=139)
28.0
>>> parcels = ParcelBatch([0.8, 3.2], [30, 40], [20, 30], [10, 20], "HZ", ["上海", "新疆"])
>>> plan = shop_rates(parcels, example_services("CN"), max_transit_days=[2, 7])
>>> plan.service.tolist(), plan.cost
(['ZTO/经济', 'YTO/经济'], MoneyArray(['3.50', '32.00'], currency='CNY'))
"""

from __future__ import annotations

from ecomops._logistics.billable import billable_weight
from ecomops._logistics.boxes import (
    CHINA_POSTAL_CARTON_MM,
    Box,
    BoxCatalogue,
    china_postal_cartons,
)
from ecomops._logistics.engine import REASONS
from ecomops._logistics.examples import SAMPLE_SHOP_WAREHOUSES, example_services
from ecomops._logistics.network import (
    Allocation,
    OrderSplit,
    WarehousePlan,
    allocate_orders,
    choose_warehouses,
    split_order,
)
from ecomops._logistics.packing import (
    ItemPlacements,
    OrderItems,
    PackedOrders,
    PackedParcels,
    PackingPlan,
    pack_cartons,
)
from ecomops._logistics.quote import Quote, RatePlan, quote, shop_rates
from ecomops._logistics.rules import (
    CHINA_PROVINCES,
    ChinaProvinceZones,
    DimWeightRule,
    FirstAdditionalRates,
    Service,
    Surcharge,
    ZoneMap,
    ZoneRateTable,
    ZoneRule,
    china_province_zone_map,
)
from ecomops._logistics.threshold import (
    ExponentialTopUp,
    ThresholdAnalysis,
    TopUpModel,
    free_shipping_threshold,
)
from ecomops._logistics.units import CM_PER_IN, KG_PER_LB, ParcelBatch

__all__ = [
    "CHINA_POSTAL_CARTON_MM",
    "CHINA_PROVINCES",
    "CM_PER_IN",
    "KG_PER_LB",
    "REASONS",
    "SAMPLE_SHOP_WAREHOUSES",
    "Allocation",
    "Box",
    "BoxCatalogue",
    "ChinaProvinceZones",
    "DimWeightRule",
    "ExponentialTopUp",
    "FirstAdditionalRates",
    "ItemPlacements",
    "OrderItems",
    "OrderSplit",
    "PackedOrders",
    "PackedParcels",
    "PackingPlan",
    "ParcelBatch",
    "Quote",
    "RatePlan",
    "Service",
    "Surcharge",
    "ThresholdAnalysis",
    "TopUpModel",
    "WarehousePlan",
    "ZoneMap",
    "ZoneRateTable",
    "ZoneRule",
    "allocate_orders",
    "billable_weight",
    "china_postal_cartons",
    "china_province_zone_map",
    "choose_warehouses",
    "example_services",
    "free_shipping_threshold",
    "pack_cartons",
    "quote",
    "shop_rates",
    "split_order",
]
