"""Pricing report: fee-aware margins, a Taobao price rule, and a break-even check before a sale.

Run it with ``python examples/pricing_report.py``. Costs and list prices come
from ``ecomops.datasets.sample_shop(seed=0)``; the shop sells on Taobao, where
the platform takes a commission and Alipay a payment fee, both charged on the
selling price (the rates below are illustrative, not a fee schedule).
"""

from __future__ import annotations

import numpy as np

from ecomops.datasets import SampleShop, sample_shop
from ecomops.money import MoneyArray
from ecomops.pricing import (
    CHARM_PRESETS,
    PriceRule,
    break_even_volume_change,
    charm_price,
    cost_plus_price,
    left_digit_changed,
    margin_on_price,
)

CURRENCY = "CNY"
FEES = (0.05, 0.006)  # platform commission, payment fee: fractions of the price
PACKAGING = 2.0  # packaging and pick-and-pack per unit [CNY]
TARGET_MARGIN = 0.35  # margin on price after fees and packaging
MIN_MARGIN = 0.20
PROMO_DISCOUNT = 0.20  # an 八折 (20% off) campaign


def section(shop: SampleShop) -> str:
    """The pricing section of the operations report."""
    products = shop.products
    cost, price = products.unit_cost, products.list_price
    list_price = MoneyArray.from_amounts(price, CURRENCY)
    margins = margin_on_price(price, cost, fee_rates=FEES, extra_cost_per_unit=PACKAGING)
    floor = cost_plus_price(
        MoneyArray.from_amounts(cost, CURRENCY), margin_on_price=MIN_MARGIN, fee_rates=FEES,
        extra_cost_per_unit=PACKAGING, rounding="ceiling",
    )  # fmt: skip
    below_floor = int((list_price.minor < floor.minor).sum())

    rule = PriceRule(
        **CHARM_PRESETS["CNY_9"], margin_on_price=TARGET_MARGIN, fee_rates=FEES,
        extra_cost_per_unit=PACKAGING, min_margin_on_price=MIN_MARGIN,
    )  # fmt: skip
    proposed = rule.price(cost)
    moved_left_digit = int(left_digit_changed(list_price, proposed).sum())
    charm_now = charm_price(list_price, ending=".9", direction="up")
    on_ending = int((charm_now.minor == list_price.minor).sum())

    # promotion: how much more must each category sell for 20% off to pay?
    categories = np.unique(products.category)
    lines = []
    for cat in categories:
        mask = products.category == cat
        weight = price[mask]  # revenue-weighted margin of the category
        cm_rate = float(np.average(margins[mask], weights=weight))
        # fees fall with the price, so the contribution rate after the cut counts them
        need = break_even_volume_change(-PROMO_DISCOUNT * (1 - sum(FEES)), cm_rate)
        lines.append(f"  {cat:<12} margin {cm_rate:6.1%}   needs {need:+7.1%} units")

    return "\n".join(
        [
            "Pricing: margins, price rules and promotion break-even",
            f"  SKUs: {len(products)}; fees {FEES[0]:.1%} + {FEES[1]:.1%} of the price, "
            f"packaging ¥{PACKAGING:.2f}/unit",
            f"  margin on price after fees: median {np.median(margins):.1%}, "
            f"{int((margins < MIN_MARGIN).sum())} SKUs below {MIN_MARGIN:.0%}",
            f"  list prices below the {MIN_MARGIN:.0%}-margin floor: {below_floor}",
            f"  list prices already on an X.9 ending: {on_ending} of {len(products)}",
            f"  rule ({TARGET_MARGIN:.0%} margin, X.9 ending, {MIN_MARGIN:.0%} floor): median "
            f"¥{np.median(proposed.to_float()):.2f} vs list ¥{np.median(price):.2f},",
            f"    {moved_left_digit} prices would change their leftmost digit",
            f"  break-even volume lift for a {PROMO_DISCOUNT:.0%}-off campaign:",
            *lines,
        ]
    )


if __name__ == "__main__":
    print(section(sample_shop(seed=0)))
