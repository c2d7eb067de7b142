"""Customer segmentation report for the sample shop.

Segment sizes and revenue shares (RFM quintiles, the common R x F map), a monthly
cohort retention table, and the top customers by expected lifetime value
(BG/NBD, or the NBD when the data show no dropout, with Gamma-Gamma spend; one
year ahead, discounted monthly).

Run: ``python examples/segmentation_report.py``
"""

from __future__ import annotations

import numpy as np

from ecomops.datasets import SampleShop, sample_shop
from ecomops.exceptions import InfeasibleProblemError
from ecomops.segmentation import (
    BGNBDFit,
    NBDFit,
    SegmentMap,
    cohort_matrix,
    customer_lifetime_value,
    customer_summary,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_nbd,
    rfm_scores,
    segment_customers,
    segment_summary,
)

AS_OF = "2026-10-31"  # the last day of the sample shop's history


def section(shop: SampleShop) -> str:
    """The segmentation section of the operations report, as plain text."""
    lines = shop.order_lines
    summary = customer_summary(
        lines.customer_id,
        lines.timestamp,
        lines.amount,
        as_of=AS_OF,
        is_refund=lines.is_refund,
        refunds="separate",
    )
    out = [
        "Customer segments",
        "=================",
        f"{len(summary):,} customers with a purchase up to {AS_OF}; "
        f"{summary.quality.n_refund_rows:,} refund lines kept apart "
        f"({summary.quality.refund_total:,.2f} CNY refunded).",
        "",
    ]

    scores = rfm_scores(summary)
    segments = segment_customers(scores, SegmentMap.preset("rf_10"))
    table = segment_summary(segments, summary)
    out.append(f"{'segment':<22}{'customers':>10}{'share':>8}{'revenue':>9}{'AOV CNY':>10}")
    order = np.argsort(-table.revenue, kind="stable")
    for i in order:
        if table.n_customers[i] == 0:
            continue
        out.append(
            f"{table.segment[i]:<22}{table.n_customers[i]:>10,}"
            f"{table.customer_share[i]:>8.1%}{table.revenue_share[i]:>9.1%}"
            f"{table.average_order_value[i]:>10,.0f}"
        )

    cohorts = cohort_matrix(
        lines.customer_id, lines.timestamp, as_of=AS_OF, period="M", partial="mask"
    )
    shown = min(6, cohorts.offsets.shape[0])
    out += ["", "Monthly cohort retention (share of the cohort buying again; - = not yet seen)"]
    out.append(
        f"{'cohort':<9}{'size':>6}" + "".join(f"{'m+' + str(k):>7}" for k in range(1, shown))
    )
    for c in range(min(6, cohorts.cohorts.shape[0])):
        cells = "".join(
            f"{'-':>7}" if np.isnan(v) else f"{v:>7.1%}" for v in cohorts.retention[c, 1:shown]
        )
        out.append(f"{str(cohorts.cohorts[c])[:7]:<9}{cohorts.cohort_sizes[c]:>6}{cells}")

    weeks = summary.T / 7.0
    t_x = summary.t_x / 7.0
    try:
        purchases: BGNBDFit | NBDFit = fit_bgnbd(summary.repeat_count, t_x, weeks)
        model = "BG/NBD"
    except InfeasibleProblemError:  # no sign of dropout: the NBD is the model that fits
        purchases = fit_nbd(summary.repeat_count, t_x, weeks)
        model = "NBD (BG/NBD finds no dropout)"
    spend = fit_gamma_gamma(summary.repeat_count, summary.mean_repeat_spend)
    clv = customer_lifetime_value(
        purchases,
        spend,
        summary.repeat_count,
        t_x,
        weeks,
        summary.mean_repeat_spend,
        horizon=52.0,
        period_length=52.0 / 12,
        discount_rate=0.01,
    )
    alive = purchases.probability_alive(summary.repeat_count, t_x, weeks)
    out += [
        "",
        "Top customers by expected 12-month value (discounted 1% a month)",
        f"  purchases: {model}, "
        + ", ".join(f"{k}={v:.3g}" for k, v in purchases.params.items())
        + f" (weeks); spend: Gamma-Gamma p={spend.p:.2f} q={spend.q:.2f} gamma={spend.gamma:.1f}",
        f"{'customer':>10}{'orders':>8}{'P(alive)':>10}{'CLV CNY':>10}",
    ]
    for i in np.argsort(-clv, kind="stable")[:5]:
        out.append(
            f"{summary.customer_id[i]:>10}{summary.n_occasions[i]:>8}"
            f"{alive[i]:>10.2f}{clv[i]:>10,.0f}"
        )
    return "\n".join(out)


if __name__ == "__main__":
    print(section(sample_shop()))
