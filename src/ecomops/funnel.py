r"""Conversion funnels from event logs and from counts, with honest statistics.

An operator asks "where do we lose buyers between product view and payment,
did last week's change help, and is the difference real?". Tools disagree on
what a funnel is, and the disagreement is large: counting only a user's first
entry or letting every new step-1 event open a fresh attempt can double the
conversions on one log. Here every semantic choice is an explicit field of a
[`FunnelSpec`][ecomops.funnel.FunnelSpec] and is printed with the result:

* ``step_order``: ``"ordered"`` (other events may come between steps), ``"strict"``
  (no other event of the unit between consecutive steps) or ``"unordered"``
  (``k`` of the ``n`` steps inside one window);
* ``window``: a `datetime.timedelta`, inclusive, anchored at the
  attempt's first step, plus optional per-step windows from the prior step;
* ``attempt``: ``"furthest"`` (every step-1 event may open an attempt and the
  unit's furthest attempt counts) or ``"first"`` (only the first step-1 event
  opens one);
* exclusions, the counting unit, ties (equal timestamps count in step order;
  one event fills at most one step), and right-censoring at ``as_of``.

[`compute_funnel`][ecomops.funnel.compute_funnel] runs a vectorised kernel over
$10^{7}$ events; [`funnel_from_counts`][ecomops.funnel.funnel_from_counts] reads
the aggregate funnel off a dashboard;
[`compare_funnels`][ecomops.funnel.compare_funnels] tests every step of two
funnels. The statistics
([`proportion_interval`][ecomops.funnel.proportion_interval],
[`two_proportions_ztest`][ecomops.funnel.two_proportions_ztest],
[`proportions_chisquare`][ecomops.funnel.proportions_chisquare],
[`sample_size_proportions`][ecomops.funnel.sample_size_proportions],
[`sample_ratio_mismatch`][ecomops.funnel.sample_ratio_mismatch]) are vectorised
and scalar-friendly.

References
----------
1. ClickHouse documentation, "windowFunnel" (parametric aggregate
   functions): the sliding-window funnel this module's ``attempt="furthest"``
   ordered funnel reproduces.
2. Mixpanel documentation, "Funnels: advanced" (conversion window,
   re-entry, exclusion steps, any-order funnels).
3. Brown, L. D., Cai, T. T. and DasGupta, A. (2001), "Interval estimation
   for a binomial proportion", *Statistical Science* 16(2), 101-133,
   doi:10.1214/ss/1009213286.

Examples
--------
>>> from datetime import datetime, timedelta
>>> from ecomops.funnel import FunnelSpec, compute_funnel, funnel_from_counts
>>> spec = FunnelSpec(["visit", "cart", "pay"], window=timedelta(hours=1))
>>> t0 = datetime(2025, 11, 11, 20, 0)
>>> res = compute_funnel(
...     unit_ids=[1, 1, 1, 2, 2, 3],
...     timestamps=[t0, t0 + timedelta(minutes=5), t0 + timedelta(minutes=9),
...                 t0, t0 + timedelta(hours=2), t0],
...     events=["visit", "cart", "pay", "visit", "cart", "visit"],
...     spec=spec,
... )
>>> res.step_counts
array([3, 1, 1])
>>> f = funnel_from_counts(["visitors", "views", "cart", "paid"], [10_000, 6_000, 1_200, 300])
>>> f.step_conversion
array([0.6 , 0.2 , 0.25])
"""

from __future__ import annotations

from ecomops._core.proportions import (
    ChiSquareTest,
    ConfidenceInterval,
    SampleRatioMismatch,
    SampleSize,
    TwoProportionsTest,
    proportion_interval,
    proportions_chisquare,
    sample_ratio_mismatch,
    sample_size_proportions,
    two_proportions_ztest,
)
from ecomops._funnel.compute import compare_funnels, compute_funnel
from ecomops._funnel.counts import CountFunnel, funnel_from_counts, step_conversion
from ecomops._funnel.results import (
    FunnelBreakdown,
    FunnelComparison,
    FunnelResult,
    FunnelSteps,
    FunnelUnits,
    TimeToConvert,
)
from ecomops._funnel.spec import Exclusion, FunnelSpec

__all__ = [
    "ChiSquareTest",
    "ConfidenceInterval",
    "CountFunnel",
    "Exclusion",
    "FunnelBreakdown",
    "FunnelComparison",
    "FunnelResult",
    "FunnelSpec",
    "FunnelSteps",
    "FunnelUnits",
    "SampleRatioMismatch",
    "SampleSize",
    "TimeToConvert",
    "TwoProportionsTest",
    "compare_funnels",
    "compute_funnel",
    "funnel_from_counts",
    "proportion_interval",
    "proportions_chisquare",
    "sample_ratio_mismatch",
    "sample_size_proportions",
    "step_conversion",
    "two_proportions_ztest",
]
