"""Deterministic synthetic sample shop, held in memory and seeded.

[`sample_shop`][ecomops.datasets.sample_shop] builds a small online shop that sells through Chinese
marketplaces (taobao, jd, douyin) and a shopify store. Examples, docs, tests
and benchmarks of every module (pricing, inventory, funnels, RFM segmentation,
logistics, SEO) use it. Nothing is read from disk or the network: each table is
drawn from its own child of ``numpy.random.SeedSequence(seed)``, so a seed
always gives the same shop, and the size of one table never changes the random
stream of another.

All money is in CNY (float64, rounded to fen). The shop's history covers the
365 days from 2025-11-01 to 2026-10-31, with a Double-11 (11 November) and a
618 (18 June) shopping festival, a Double-12, and a Spring Festival lull
(2026-02-17).

Examples
--------
>>> from ecomops.datasets import sample_shop
>>> shop = sample_shop(seed=0)
>>> len(shop.products), shop.demand.units.shape, len(shop.customers), len(shop.keywords)
(200, (200, 365), 2000, 500)
>>> bigger = sample_shop(seed=0, scale=2.0)
>>> len(bigger.products), len(bigger.customers)
(400, 4000)
"""

from __future__ import annotations

from ecomops._datasets.shop import sample_shop
from ecomops._datasets.tables import (
    Customers,
    DailyDemand,
    DemandHistory,
    Events,
    Keywords,
    OrderLines,
    Parcels,
    Products,
    SampleShop,
)

__all__ = [
    "Customers",
    "DailyDemand",
    "DemandHistory",
    "Events",
    "Keywords",
    "OrderLines",
    "Parcels",
    "Products",
    "SampleShop",
    "sample_shop",
]
