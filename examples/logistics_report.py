"""Logistics report: the sample shop's parcels rate-shopped over five carriers' cards.

Every parcel goes with the cheapest service (of 15: ZTO, YTO, YD, SF and JD, three
levels each; illustrative 首重 + 续重 cards from ``example_services("CN")``) that
meets its delivery promise, priced exactly in fen. The baseline ships everything
with one carrier (its cheapest service that keeps each promise); the saving is
what multi-carrier rate shopping adds on top of the best such contract.

Run it: ``python examples/logistics_report.py``.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import numpy as np

from ecomops.datasets import SampleShop, sample_shop
from ecomops.logistics import ParcelBatch, example_services, shop_rates
from ecomops.money import Money


def _yuan(amount: Money) -> str:
    return f"¥{amount.amount:,.2f}"


def section(shop: SampleShop) -> str:
    """The logistics section of the operations report, as plain text."""
    p = shop.parcels
    parcels = ParcelBatch(
        p.weight_kg, p.length_cm, p.width_cm, p.height_cm, p.origin, p.destination_province
    )
    services = example_services("CN")
    plan = shop_rates(parcels, services, max_transit_days=p.promised_days)
    served = plan.service_index >= 0
    carriers = sorted({s.carrier for s in services})
    # single-carrier baselines: each carrier alone, its cheapest service keeping the promise
    single = {}
    for carrier in carriers:
        own = [s for s in services if s.carrier == carrier]
        single[carrier] = shop_rates(parcels, own, max_transit_days=p.promised_days)
    # the best contract: the carrier serving the most parcels, then the cheapest on them
    best = min(
        carriers,
        key=lambda c: (-int((single[c].service_index >= 0).sum()), single[c].total()),
    )
    base = single[best]
    both = served & (base.service_index >= 0)
    shopped_total = plan.cost[both].sum()
    base_total = base.cost[both].sum()
    saving = base_total - shopped_total
    mean = plan.cost[served].sum().scale(Decimal(1) / int(served.sum()))

    lines = [
        "Logistics: rate shopping",
        f"  parcels                       {len(parcels):>10,}",
        f"  shipped within promise        {int(served.sum()):>10,}",
        f"  shipping cost (rate-shopped)  {_yuan(plan.total()):>10}",
        f"  mean per parcel               {_yuan(mean):>10}",
        f"  best single carrier: {best} ({int((base.service_index >= 0).sum()):,} parcels)",
        f"    on the {int(both.sum()):,} parcels both can ship: {_yuan(base_total)} -> "
        f"{_yuan(shopped_total)}, saving {_yuan(saving)} "
        f"({100 * saving.amount / base_total.amount:.1f}%)",
        "  parcels by carrier:",
    ]
    share = Counter(label.split("/")[0] for label in plan.service[served].tolist())
    for carrier, count in share.most_common():
        lines.append(f"    {carrier:<4} {count:>7,}  ({100.0 * count / served.sum():.1f}%)")
    misses = Counter(plan.reason[~served].tolist())
    if misses:
        lines.append(
            "  not shippable within promise: "
            + ", ".join(f"{k} {v:,}" for k, v in misses.most_common())
        )
    slow = np.mean(plan.transit_days[served] == p.promised_days[served])
    lines.append(f"  parcels arriving on the last promised day: {100.0 * slow:.1f}%")
    return "\n".join(lines)


if __name__ == "__main__":
    print(section(sample_shop()))
