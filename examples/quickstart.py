"""Quickstart: a short operations report on ecomops' built-in sample shop.

Run it with ``pip install -e . && python examples/quickstart.py``. Every figure
is computed from ``ecomops.datasets.sample_shop(seed=0)``, a deterministic
synthetic shop held in memory; money is exact to the fen.
"""

from __future__ import annotations

import numpy as np
from forecast_report import section as forecast_section
from funnel_report import section as funnel_section
from inventory_report import section as inventory_section
from logistics_report import section as logistics_section
from pricing_report import section as pricing_section
from segmentation_report import section as segmentation_section
from seo_report import section as seo_section

from ecomops.datasets import SampleShop, sample_shop
from ecomops.money import Money, MoneyArray, allocate, round_money

CURRENCY = "CNY"


def yuan(amount: Money) -> str:
    """Format an amount as ``¥1,234.56``."""
    return f"¥{amount.amount:,}"


def total_by_group(amounts: MoneyArray, group: np.ndarray, n_groups: int) -> MoneyArray:
    """The exact total of each group of a money column (integer sums of its fen)."""
    totals = np.zeros(n_groups, dtype=np.int64)
    np.add.at(totals, group, amounts.minor)
    return MoneyArray(totals, amounts.currency)


def sales_section(shop: SampleShop) -> str:
    """Gross and net sales, refunds, orders, average order value, top categories."""
    lines = shop.order_lines
    amounts = round_money(lines.amount, CURRENCY)  # a MoneyArray: exact fen, rounded half-up once
    gross = amounts.sum()
    refunded = amounts[lines.is_refund].sum()
    net = gross - refunded
    n_orders = np.unique(lines.order_id).size
    n_customers = np.unique(lines.customer_id).size
    aov = round_money(net.amount / n_orders, CURRENCY)

    products = shop.products
    order = np.argsort(products.sku)
    where = order[np.searchsorted(products.sku, lines.sku, sorter=order)]
    categories, idx = np.unique(products.category[where], return_inverse=True)
    by_category = total_by_group(amounts[~lines.is_refund], idx[~lines.is_refund], categories.size)
    top = np.argsort(-by_category.minor, kind="stable")[:3]

    out = [
        "Sales (last 12 months)",
        f"  orders {n_orders:,} from {n_customers:,} customers, {len(lines):,} order lines",
        f"  gross {yuan(gross)}, refunded {yuan(refunded)}, net {yuan(net)}",
        f"  average order value {yuan(aov)}",
        "  top categories: "
        + ", ".join(
            f"{categories[i]} {yuan(by_category[i])} ({by_category[i].minor / net.minor:.0%})"
            for i in top
        ),
    ]
    return "\n".join(out)


def promotion_section(shop: SampleShop) -> str:
    """满199减20: settle ¥20 off every order of ¥199 or more, allocated over its lines."""
    lines = shop.order_lines
    keep = ~lines.is_refund
    amounts = round_money(lines.amount[keep], CURRENCY)
    order_ids, group = np.unique(lines.order_id[keep], return_inverse=True)
    order_total = total_by_group(amounts, group, order_ids.size)
    threshold, discount = Money("199.00", CURRENCY), Money("20.00", CURRENCY)
    qualifies = order_total.minor >= threshold.minor
    off = MoneyArray(np.where(qualifies, discount.minor, 0), CURRENCY)
    # money in, money out; the line amounts in fen are exact integer weights
    per_line = allocate(off, amounts.minor, groups=group)
    assert total_by_group(per_line, group, order_ids.size) == off  # each order's lines sum to it

    example = int(np.flatnonzero(qualifies & (np.bincount(group) >= 3))[0])
    rows = np.flatnonzero(group == example)
    detail = ", ".join(f"{yuan(amounts[r])} → -{yuan(per_line[r])}" for r in rows)
    eligible = int(np.count_nonzero(qualifies))
    return "\n".join(
        [
            "Promotion check: 满199减20 (¥20 off orders of ¥199 or more)",
            f"  eligible orders {eligible:,} of {order_ids.size:,} "
            f"({eligible / order_ids.size:.0%}), discount cost {yuan(off.sum())}",
            f"  order {order_ids[example]}: {detail} (lines sum exactly to ¥20)",
            f"  discount as share of net sales: {off.sum().amount / amounts.sum().amount:.2%}",
        ]
    )


def main() -> None:
    shop = sample_shop(seed=0)
    sections = [
        sales_section(shop),
        promotion_section(shop),
        pricing_section(shop),
        inventory_section(shop),
        forecast_section(shop),
        funnel_section(shop),
        segmentation_section(shop),
        logistics_section(shop),
        seo_section(shop),
    ]
    print("ecomops quickstart: operations report for the sample shop\n")
    print("\n\n".join(sections))


if __name__ == "__main__":
    main()
