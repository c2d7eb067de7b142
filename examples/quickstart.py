"""Quickstart: a short operations report on ecomops' built-in sample shop.

Run it with ``pip install -e . && python examples/quickstart.py``. Every figure
is computed from ``ecomops.datasets.sample_shop(seed=0)``, a deterministic
synthetic shop held in memory; money is exact to the fen.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from funnel_report import section as funnel_section
from inventory_report import section as inventory_section
from logistics_report import section as logistics_section
from pricing_report import section as pricing_section
from segmentation_report import section as segmentation_section
from seo_report import section as seo_section

from ecomops.datasets import SampleShop, sample_shop
from ecomops.money import allocate, from_minor_units, round_money, to_minor_units

CURRENCY = "CNY"


def yuan(minor: int) -> str:
    """Format fen as ``¥1,234.56``."""
    return f"¥{from_minor_units(int(minor), CURRENCY):,}"


def sales_section(shop: SampleShop) -> str:
    """Gross and net sales, refunds, orders, average order value, top categories."""
    lines = shop.order_lines
    fen = to_minor_units(lines.amount, CURRENCY)  # exact fen, rounded half-up once
    gross = int(fen.sum())
    refunded = int(fen[lines.is_refund].sum())
    net = gross - refunded
    n_orders = np.unique(lines.order_id).size
    n_customers = np.unique(lines.customer_id).size
    aov = round_money(from_minor_units(net, CURRENCY) / n_orders, CURRENCY)

    products = shop.products
    order = np.argsort(products.sku)
    where = order[np.searchsorted(products.sku, lines.sku, sorter=order)]
    categories, idx = np.unique(products.category[where], return_inverse=True)
    by_category = np.bincount(idx, weights=np.where(lines.is_refund, 0, fen)).astype(np.int64)
    top = np.argsort(-by_category, kind="stable")[:3]

    out = [
        "Sales (last 12 months)",
        f"  orders {n_orders:,} from {n_customers:,} customers, {len(lines):,} order lines",
        f"  gross {yuan(gross)}, refunded {yuan(refunded)}, net {yuan(net)}",
        f"  average order value {yuan(to_minor_units(aov, CURRENCY))}",
        "  top categories: "
        + ", ".join(
            f"{categories[i]} {yuan(by_category[i])} ({by_category[i] / net:.0%})" for i in top
        ),
    ]
    return "\n".join(out)


def promotion_section(shop: SampleShop) -> str:
    """满199减20: settle ¥20 off every order of ¥199 or more, allocated over its lines."""
    lines = shop.order_lines
    keep = ~lines.is_refund
    fen = to_minor_units(lines.amount[keep], CURRENCY)
    order_ids, group = np.unique(lines.order_id[keep], return_inverse=True)
    order_total = np.bincount(group, weights=fen).astype(np.int64)
    threshold, discount = to_minor_units("199", CURRENCY), to_minor_units("20", CURRENCY)
    off = np.where(order_total >= threshold, discount, 0)
    per_line = allocate(off, fen, groups=group)  # exact: each order's lines sum to its ¥20
    assert np.array_equal(np.bincount(group, weights=per_line).astype(np.int64), off)

    example = int(np.flatnonzero((off > 0) & (np.bincount(group) >= 3))[0])
    rows = np.flatnonzero(group == example)
    detail = ", ".join(f"{yuan(fen[r])} → -{yuan(per_line[r])}" for r in rows)
    eligible = int(np.count_nonzero(off))
    return "\n".join(
        [
            "Promotion check: 满199减20 (¥20 off orders of ¥199 or more)",
            f"  eligible orders {eligible:,} of {order_ids.size:,} "
            f"({eligible / order_ids.size:.0%}), discount cost {yuan(int(off.sum()))}",
            f"  order {order_ids[example]}: {detail} (lines sum exactly to ¥20)",
            f"  discount as share of net sales: "
            f"{Decimal(int(off.sum())) / Decimal(int(fen.sum())):.2%}",
        ]
    )


def main() -> None:
    shop = sample_shop(seed=0)
    sections = [
        sales_section(shop),
        promotion_section(shop),
        pricing_section(shop),
        inventory_section(shop),
        funnel_section(shop),
        segmentation_section(shop),
        logistics_section(shop),
        seo_section(shop),
    ]
    print("ecomops quickstart: operations report for the sample shop\n")
    print("\n\n".join(sections))


if __name__ == "__main__":
    main()
