r"""Promotions: 满减, 每满减, 折, coupons and their stacking, settled exactly.

Declarative promotions, an explicit stacking policy, exact settlement with the
split of every discount over the lines, and a trace of every rule applied or
skipped.

* **Promotions** (pydantic, frozen): `PercentOff`, `AmountOff`,
  `ThresholdDiscount` (满X减Y, 每满X减Y with a cap, tiers), `ThresholdPercentOff`
  (满X打N折), `QuantityDiscount` (满N件打M折, volume or graduated tiers),
  `BuyXGetY` (第二件半价, 买2送1), `BundlePrice` (组合价) and `Coupon`. Each has
  an ``id``, a scope (skus, categories, shops, or the whole order), a level
  (item, shop, cross_shop, platform, shipping), a stack group and a
  stop-further flag. Rates take 折 notation: `Zhe` reads "8.5折" as paying 85 %.
* **Carts**: `Cart`, validated once; the settlement runs on plain integers
  of minor units.
* **Stacking**: `StackingPolicy` (stage order, price bases, sequential or
  parallel thresholds, compounding or adding percentages, rounding) with the
  presets ``"sequential_mall"`` and ``"china_platform"``.
* **Settlement**: `settle_cart` returns a `Settlement` (subtotal, discounts,
  payable, per-line allocation in minor units, the trace as `TraceEntry`).
* **Returns**: `refund_for_return` settles the kept lines again and refunds
  the difference (`ReturnRefund`): a threshold the kept lines no longer reach
  is taken back, and successive refunds add up exactly to what was paid.

Examples
--------
>>> from ecomops.promotions import Cart, Coupon, StackingPolicy, ThresholdDiscount, settle_cart
>>> cart = Cart(["tea", "cup"], ["119.00", "100.00"], [1, 1])
>>> offers = [
...     ThresholdDiscount(id="每满200减30", threshold=200, off=30, repeat="every",
...                       level="cross_shop"),
...     Coupon(id="满200减20", amount=20, threshold=200, level="platform"),
... ]
>>> settle_cart(cart, offers, policy=StackingPolicy.preset("sequential_mall")).payable
Money('189.00', 'CNY')
>>> settle_cart(cart, offers, policy=StackingPolicy.preset("china_platform")).payable
Money('169.00', 'CNY')
"""

from __future__ import annotations

from ecomops._core.typing import (
    PERCENT_STACKINGS,
    PRICE_BASES,
    PROMOTION_LEVELS,
    ROUNDING_POINTS,
    STACKING_PRESETS,
    THRESHOLD_BASES,
    THRESHOLD_REPEATS,
    TIERS_MODES,
)
from ecomops._promotions import (
    AmountOff,
    BundlePrice,
    BuyXGetY,
    Cart,
    Coupon,
    PercentOff,
    Promotion,
    QuantityDiscount,
    ReturnRefund,
    Settlement,
    SettlementLines,
    StackingPolicy,
    ThresholdDiscount,
    ThresholdPercentOff,
    TraceEntry,
    Zhe,
    refund_for_return,
    settle_cart,
)
from ecomops._promotions.bulk import percent_discount, threshold_discount, tiered_discount
from ecomops._promotions.search import CouponChoice, best_coupons
from ecomops._promotions.simulate import OrderBatch, PromotionSimulation, simulate_promotions
from ecomops._promotions.topup import TopUp, TopUpPlan, top_up_for_threshold

__all__ = [
    "PERCENT_STACKINGS",
    "PRICE_BASES",
    "PROMOTION_LEVELS",
    "ROUNDING_POINTS",
    "STACKING_PRESETS",
    "THRESHOLD_BASES",
    "THRESHOLD_REPEATS",
    "TIERS_MODES",
    "AmountOff",
    "BundlePrice",
    "BuyXGetY",
    "Cart",
    "Coupon",
    "CouponChoice",
    "OrderBatch",
    "PercentOff",
    "Promotion",
    "PromotionSimulation",
    "QuantityDiscount",
    "ReturnRefund",
    "Settlement",
    "SettlementLines",
    "StackingPolicy",
    "ThresholdDiscount",
    "ThresholdPercentOff",
    "TopUp",
    "TopUpPlan",
    "TraceEntry",
    "Zhe",
    "best_coupons",
    "percent_discount",
    "refund_for_return",
    "settle_cart",
    "simulate_promotions",
    "threshold_discount",
    "tiered_discount",
    "top_up_for_threshold",
]
