"""Plots of ecomops results, with matplotlib (the ``plot`` extra).

Install with ``pip install "ecomops[plot]"``; ``import ecomops`` never loads
matplotlib, ``ecomops.plot`` loads it on first use and raises an ImportError
naming the extra when it is missing.

**One rule for every plot.** Each function takes the ecomops result it draws
(or plain arrays where no result exists), plus a keyword-only ``ax=None``: given
a matplotlib Axes it draws into it, otherwise it opens a new pyplot figure. It
returns the matplotlib ``Axes`` it drew into, always (a colour bar, where a plot
has one, is added to the same figure), so ``ax.figure.savefig(...)`` saves it
and further calls decorate it. A result of the wrong kind raises a TypeError
naming the result expected. The library never calls ``matplotlib.use`` and uses
only matplotlib's public API.

Money axes are labelled with the currency (``profit [CNY]``) and formatted
with its decimals and thousands separators; shares are drawn as percentages.

The plots, by domain (and what each draws):

- funnels: `funnel_chart` (a `FunnelResult` or `CountFunnel`),
  `funnel_comparison_chart` (a `FunnelComparison`);
- customers: `cohort_heatmap` (a `CohortMatrix`), `rfm_segment_map`
  (`RFMScores` with their `CustomerSegments`), `segment_share_chart`
  (a `SegmentSummary`);
- customer value: `frequency_recency_heatmap`, `probability_alive_heatmap`,
  `calibration_holdout_chart` (a `BGNBDFit` or `ParetoNBDFit`; `NBDFit`
  where it applies);
- inventory: `abc_curve` (an `ABCClassification`), `xyz_scatter` (an
  `XYZClassification`), `service_level_curve` (a `SafetyStock`),
  `inventory_position_chart` (arrays);
- pricing: `van_westendorp_chart` (a `VanWestendorpResult`),
  `demand_curve_chart` (a `DemandModel`);
- logistics: `rate_savings_chart` (two `RatePlan`s);
- SEO: `keyword_opportunity_chart` (arrays), `keyword_score_chart`
  (`KeywordScores`).

References
----------
1. Hunter, J. D. (2007). Matplotlib: a 2D graphics environment. Computing in
   Science & Engineering, 9(3), 90-95. https://doi.org/10.1109/MCSE.2007.55

Examples
--------
>>> import matplotlib.pyplot as plt
>>> from ecomops import plot
>>> from ecomops.inventory import abc_classification
>>> ax = plot.abc_curve(abc_classification([50, 30, 15, 5]))
>>> ax.get_xlabel()
'items, largest first [% of items]'
>>> plt.close(ax.figure)
"""

from __future__ import annotations

from ecomops._plot.funnel import funnel_chart, funnel_comparison_chart
from ecomops._plot.inventory import (
    abc_curve,
    inventory_position_chart,
    service_level_curve,
    xyz_scatter,
)
from ecomops._plot.logistics import rate_savings_chart
from ecomops._plot.pricing import demand_curve_chart, van_westendorp_chart
from ecomops._plot.segmentation import (
    calibration_holdout_chart,
    cohort_heatmap,
    frequency_recency_heatmap,
    probability_alive_heatmap,
    rfm_segment_map,
    segment_share_chart,
)
from ecomops._plot.seo import keyword_opportunity_chart, keyword_score_chart

__all__ = [
    "abc_curve",
    "calibration_holdout_chart",
    "cohort_heatmap",
    "demand_curve_chart",
    "frequency_recency_heatmap",
    "funnel_chart",
    "funnel_comparison_chart",
    "inventory_position_chart",
    "keyword_opportunity_chart",
    "keyword_score_chart",
    "probability_alive_heatmap",
    "rate_savings_chart",
    "rfm_segment_map",
    "segment_share_chart",
    "service_level_curve",
    "van_westendorp_chart",
    "xyz_scatter",
]
