"""Forecast report: which model forecasts which SKU, the reorder points, the service achieved.

Run it with ``python examples/forecast_report.py``. The year of daily demand,
supplier lead times and their variability come from
``ecomops.datasets.sample_shop(seed=0)``. Each SKU gets the model its demand
class calls for (the ADI/CV² classes of Syntetos, Boylan and Croston 2005:
SES for smooth demand, SBA for the others); its reorder point covers the lead
time at a 95% cycle service level, with the lead-time demand formed from the model's own replayed
errors and a gamma law. The backtest then replays the whole decision over the
year (forecast at each review, order up to the level, real sales and real lead
times hit the shelf) and reports the service level the plan actually
achieved, next to the usual shortcut: a 28-day moving average with
z·σ·√L safety stock.
"""

from __future__ import annotations

import numpy as np

from ecomops.datasets import SampleShop, sample_shop
from ecomops.forecast import (
    backtest_policy,
    fit_forecast,
    replenishment_level,
    select_forecast_method,
)

CYCLE_SERVICE_LEVEL = 0.95
WARMUP_DAYS = 180  # history before the first replayed review [days]
SHORTCUT_WINDOW = 28  # the moving average of the shortcut [days]


def section(shop: SampleShop) -> str:
    """The forecasting section of the operations report."""
    products = shop.products
    history = shop.demand.units.astype(np.float64)
    lead = np.rint(products.lead_time_days)
    choice = select_forecast_method(history)
    reorder_point = np.empty(history.shape[0])
    forecast = np.empty(history.shape[0])
    lines = [
        "Forecasting: a model per SKU, its reorder point, and the service the plan achieved",
        f"  {history.shape[0]} SKUs x {history.shape[1]} days; target cycle service level"
        f" {CYCLE_SERVICE_LEVEL:.0%} over each SKU's supplier lead time.",
        "",
        f"  {'demand class':<13} {'SKUs':>5}  model",
    ]
    classes, first, counts = np.unique(choice.pattern, return_index=True, return_counts=True)
    lines.extend(
        f"  {c:<13} {k:>5}  {choice.method[i]}"
        for c, i, k in zip(classes, first, counts, strict=True)
    )
    lines += [
        "",
        f"  {'model':<6} {'SKUs':>5} {'units/day':>9} {'reorder pts':>11}"
        f" {'achieved':>9} {'fill rate':>9} {'shortcut':>9}",
    ]
    for model, rows in choice.groups().items():
        fc = fit_forecast(history[rows], method=model, horizon=1)
        rop = replenishment_level(
            fc,
            lead_time=lead[rows],
            lead_time_std=products.lead_time_std_days[rows],
            cycle_service_level=CYCLE_SERVICE_LEVEL,
            distribution="gamma",
        )
        reorder_point[rows] = rop.reorder_point
        forecast[rows] = fc.forecast[:, 0]
        plan = backtest_policy(
            history[rows],
            method=model,
            lead_time=lead[rows],
            warmup_periods=WARMUP_DAYS,
            cycle_service_level=CYCLE_SERVICE_LEVEL,
            distribution="empirical",
        )
        shortcut = backtest_policy(
            history[rows],
            method="moving_average",
            window_length=SHORTCUT_WINDOW,
            lead_time=lead[rows],
            warmup_periods=WARMUP_DAYS,
            cycle_service_level=CYCLE_SERVICE_LEVEL,
            lead_time_variance="sqrt_lead_time",
        )
        lines.append(
            f"  {model:<6} {rows.size:>5} {fc.forecast[:, 0].sum():>9.1f}"
            f" {rop.reorder_point.sum():>11.0f} {plan.overall_cycle_service_level:>9.1%}"
            f" {plan.overall_fill_rate:>9.1%} {shortcut.overall_cycle_service_level:>9.1%}"
        )
    lines += [
        "  (units/day and reorder pts: totals over the group; achieved: the cycle service level"
        " of the",
        "   plan replayed over the year; shortcut: 28-day moving average with z*sigma*sqrt(L))",
        "",
        f"  {'sku':<10} {'model':<6} {'units/day':>9} {'lead days':>9} {'reorder pt':>10}",
    ]
    top = np.argsort(-forecast, kind="stable")[:5]
    lines.extend(
        f"  {products.sku[i]:<10} {choice.method[i]:<6} {forecast[i]:>9.2f}"
        f" {lead[i]:>9.0f} {reorder_point[i]:>10.1f}"
        for i in top
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(section(sample_shop(seed=0)))
