"""Inventory report: the SKUs most urgently below their reorder point in the sample shop.

Run it with ``python examples/inventory_report.py``. Demand, unit costs and
supplier lead times come from ``ecomops.datasets.sample_shop(seed=0)``. The
sample shop records no stock levels, so the script first replays the shop's
current rule of thumb over the year (every 14 days, order up to 30 days of the
last 4 weeks' sales; unmet demand is lost) to get today's inventory position,
then sets reorder points the ecomops way: a 98% fill rate (exact formula) over
the supplier lead time and its variability, with an EOQ order quantity, on
the last 13 weeks of daily demand.
"""

from __future__ import annotations

import numpy as np

from ecomops.datasets import SampleShop, sample_shop
from ecomops.inventory import (
    abc_classification,
    demand_pattern,
    demand_statistics,
    economic_order_quantity,
    reorder_point,
    round_order_quantity,
)

ORDER_COST = 30.0  # cost of placing one purchase order [CNY / order]
HOLDING_RATE = 0.25  # annual holding cost as a fraction of unit cost [1 / year]
DAYS_PER_YEAR = 365.0
FILL_RATE = 0.98
CASE_PACK = 6.0  # units per carton [units]
WINDOW_DAYS = 91  # demand history used for the statistics [days]


def inventory_position(shop: SampleShop) -> np.ndarray:
    """Stock on hand plus on order at the end of the year under the shop's old rule."""
    units = shop.demand.units.astype(np.float64)
    n, days = units.shape
    lead = np.maximum(np.rint(shop.products.lead_time_days).astype(np.int64), 1)
    on_hand = 30.0 * units[:, :28].mean(axis=1)
    pipeline = np.zeros((n, days + int(lead.max()) + 1))
    rows = np.arange(n)
    for t in range(days):  # a replay over days, vectorised over SKUs
        on_hand += pipeline[:, t]
        on_hand -= np.minimum(on_hand, units[:, t])
        if t >= 28 and t % 14 == 0:
            target = 30.0 * units[:, t - 28 : t].mean(axis=1)
            position = on_hand + pipeline[:, t + 1 :].sum(axis=1)
            pipeline[rows, t + lead] += np.maximum(target - position, 0.0)
    result: np.ndarray = on_hand + pipeline[:, days:].sum(axis=1)
    return result


def section(shop: SampleShop) -> str:
    """The inventory section of the operations report."""
    products = shop.products
    recent = shop.demand.units[:, -WINDOW_DAYS:]
    stats = demand_statistics(recent)
    pattern = demand_pattern(recent)
    holding_per_day = products.unit_cost * HOLDING_RATE / DAYS_PER_YEAR
    demand_per_year = stats.demand_mean * DAYS_PER_YEAR
    eoq = economic_order_quantity(demand_per_year, ORDER_COST, products.unit_cost * HOLDING_RATE)
    quantity = round_order_quantity(eoq.order_quantity, case_pack=CASE_PACK)
    order_qty = np.where(quantity.order_quantity > 0, quantity.order_quantity, np.nan)
    rop = reorder_point(
        stats.demand_mean,
        stats.demand_std,
        products.lead_time_days,
        lead_time_std=products.lead_time_std_days,
        fill_rate=FILL_RATE,
        order_quantity=order_qty,
        method="exact",
        holding_cost=holding_per_day,
    )
    position = inventory_position(shop)
    gap = rop.reorder_point - position
    with np.errstate(divide="ignore", invalid="ignore"):
        days_short = np.where(stats.demand_mean > 0, gap / stats.demand_mean, 0.0)
    revenue = (shop.demand.units * products.list_price[:, None]).sum(axis=1)
    abc = abc_classification(revenue)

    ss_value = np.nansum(np.maximum(rop.safety_stock, 0) * products.unit_cost)
    ss_cost = np.nansum(rop.safety_stock_holding_cost * DAYS_PER_YEAR)
    below = np.flatnonzero(np.nan_to_num(gap) > 0)
    top = below[np.argsort(-days_short[below], kind="stable")][:10]
    lines = [
        "Inventory: SKUs most urgently below their reorder point",
        f"  {below.size} of {len(products)} SKUs are at or below their reorder point "
        f"(fill rate target {FILL_RATE:.0%}, exact formula, EOQ in cartons of {CASE_PACK:g}).",
        f"  Planned safety stock: {ss_value:,.0f} CNY at cost, costing {ss_cost:,.0f} CNY a year"
        " to hold.",
        "",
        f"  {'sku':<10} {'abc':>3} {'pattern':<12} {'position':>9} {'reorder pt':>10}"
        f" {'days short':>10} {'order qty':>9}",
    ]
    lines.extend(
        f"  {products.sku[i]:<10} {abc.classes[i]:>3} {pattern.pattern[i]:<12} "
        f"{position[i]:>9.0f} {rop.reorder_point[i]:>10.0f} {days_short[i]:>10.1f} "
        f"{order_qty[i]:>9.0f}"
        for i in top
    )
    lines.append(
        "  (days short = reorder point minus inventory position, in days of average demand)"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(section(sample_shop(seed=0)))
