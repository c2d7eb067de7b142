"""Conversion funnel report on the sample shop.

The shop's funnel from visit to payment (per session and per user), its
bottleneck, and a step-by-step comparison of the Double-11 week with the week
before, with honest statistics. Run it::

    python examples/funnel_report.py
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ecomops.datasets import SampleShop, sample_shop
from ecomops.funnel import (
    FunnelResult,
    FunnelSpec,
    compare_funnels,
    compute_funnel,
    funnel_from_counts,
)

STEPS = ["visit", "product_view", "add_to_cart", "checkout", "payment"]


def _pct(x: float) -> str:
    return "-" if np.isnan(x) else f"{100 * x:.1f}%"


def _week(shop: SampleShop, spec: FunnelSpec, monday: str) -> FunnelResult:
    """The funnel of one week's events, read at the week's end (open windows censored)."""
    ev = shop.events
    start = np.datetime64(monday, "s")
    end = start + np.timedelta64(7, "D")
    keep = (ev.timestamp >= start) & (ev.timestamp < end)
    return compute_funnel(
        ev.session_id[keep],
        ev.timestamp[keep],
        ev.event[keep],
        spec,
        as_of=end - np.timedelta64(1, "s"),
    )


def section(shop: SampleShop) -> str:
    """The funnel section of the operations report, as plain text."""
    ev = shop.events
    per_session = FunnelSpec(STEPS, window=dt.timedelta(days=1), unit_name="session")
    res = compute_funnel(ev.session_id, ev.timestamp, ev.event, per_session)
    lines = [
        "Conversion funnel (per session, 1-day window, every visit opens an attempt)",
        f"  {'step':<13} {'sessions':>8}  {'from prev':>9}  {'95% Wilson':>15}  {'overall':>7}",
    ]
    interval = res.confidence_interval()
    for j, name in enumerate(res.step_names):
        low, high = interval.low[j], interval.high[j]
        ci = f"[{_pct(low)}, {_pct(high)}]" if j else ""
        rate = _pct(res.conversion_from_previous[j]) if j else ""
        lines.append(
            f"  {name:<13} {res.step_counts[j]:>8,}  {rate:>9}  {ci:>15}  "
            f"{_pct(res.conversion_from_first[j]):>7}"
        )

    counts = funnel_from_counts(STEPS, res.step_counts)
    worst = counts.bottleneck_absolute
    lines.append(
        f"  Bottleneck: {counts.transitions[worst]} loses {counts.n_lost[worst]:,} sessions "
        f"({_pct(counts.loss_rate[worst])} of those who got there)."
    )
    week = dt.timedelta(days=7)
    furthest = compute_funnel(ev.user_id, ev.timestamp, ev.event, FunnelSpec(STEPS, window=week))
    first = compute_funnel(
        ev.user_id, ev.timestamp, ev.event, FunnelSpec(STEPS, window=week, attempt="first")
    )
    lines.append(
        f"  Per user, 7-day window: {furthest.step_counts[-1]:,} of {furthest.n_exposed:,} "
        f"users paid counting their furthest attempt, {first.step_counts[-1]:,} counting "
        "only their first."
    )
    median = furthest.time_to_convert.median_seconds_from_first[-1]
    lines.append(f"  Median time from first visit to payment: {median / 60:.1f} minutes.")

    before = _week(shop, per_session, "2025-11-03")
    double11 = _week(shop, per_session, "2025-11-10")
    cmp = compare_funnels(before, double11)
    lines += [
        "",
        "Double-11 week (10 Nov) against the week before (3 Nov), step by step",
        f"  {'step':<13} {'3 Nov':>14}  {'10 Nov':>14}  {'difference [95% CI]':>26}  "
        f"{'p (Holm)':>8}",
    ]
    for i, name in enumerate(cmp.step_name):
        a = f"{cmp.count_a[i]}/{cmp.nobs_a[i]} {_pct(cmp.rate_a[i])}"
        b = f"{cmp.count_b[i]}/{cmp.nobs_b[i]} {_pct(cmp.rate_b[i])}"
        diff = (
            f"{100 * cmp.difference[i]:+.1f} pt "
            f"[{100 * cmp.difference_low[i]:+.1f}, {100 * cmp.difference_high[i]:+.1f}]"
        )
        lines.append(f"  {name:<13} {a:>14}  {b:>14}  {diff:>26}  {cmp.pvalue_holm[i]:>8.3f}")
    sessions = f"{before.n_exposed:,} and {double11.n_exposed:,} sessions"
    significant = bool(np.nanmin(cmp.pvalue_holm) < 0.05)
    lines.append(
        f"  ({sessions}; "
        + (
            "at least one step differs at the 5% level after Holm's adjustment)"
            if significant
            else "no step differs at the 5% level after Holm's adjustment)"
        )
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(section(sample_shop()))
