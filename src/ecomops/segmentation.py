r"""Customer segmentation: RFM summaries, scores and segments, cohorts, lifetime value.

From an order log (customer id, timestamp, amount per row; numpy, pandas or
polars columns) to who the best customers are, who is slipping away and what a
customer is worth, with every definition explicit:

* [`customer_summary`][ecomops.segmentation.customer_summary]: one row per
  customer with both views of the log, RFM (``recency_days`` since the last
  purchase, ``n_occasions``, ``monetary_total``) and buy-till-you-die
  (``repeat_count`` $x$, ``t_x`` = last - first, ``T`` = ``as_of`` - first), a
  data-quality report, and ``merge()`` for chunked or distributed runs.
  ``as_of`` is required. Result tables are keyed by ``customer_id``.
* [`rfm_scores`][ecomops.segmentation.rfm_scores]: 1..``bins`` scores with the
  edges returned for reuse; presets reproduce the ``rfm`` package,
  pymc-marketing and SQL ``NTILE``.
* [`SegmentMap`][ecomops.segmentation.SegmentMap]: ordered, validated
  first-match rules over the scores, with published maps as presets;
  [`segment_customers`][ecomops.segmentation.segment_customers],
  [`segment_summary`][ecomops.segmentation.segment_summary],
  [`segment_migration`][ecomops.segmentation.segment_migration].
* [`cohort_matrix`][ecomops.segmentation.cohort_matrix]: acquisition cohorts by
  offset, with cells not yet observable at ``as_of`` missing (NaN), not zero.
* [`fit_bgnbd`][ecomops.segmentation.fit_bgnbd],
  [`fit_pareto_nbd`][ecomops.segmentation.fit_pareto_nbd],
  [`fit_nbd`][ecomops.segmentation.fit_nbd] (no dropout),
  [`fit_gamma_gamma`][ecomops.segmentation.fit_gamma_gamma] and
  [`customer_lifetime_value`][ecomops.segmentation.customer_lifetime_value]: maximum
  likelihood on weighted distinct $(x, t_x, T)$ triples, probability alive,
  expected purchases and spend, discounted CLV.

Conventions (as-of date, period flooring, purchase occasions, the two recency
meanings, refunds, quantiles, ties, first-match segments, censored cohort
cells, CLV time units) are listed in the "Conventions" page with the anchors
that do otherwise.

References
----------
1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.
2. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "Counting your
   customers the easy way: an alternative to the Pareto/NBD model",
   *Marketing Science* 24(2), 275-284, doi:10.1287/mksc.1040.0098.
3. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "RFM and CLV:
   using iso-value curves for customer base analysis", *Journal of Marketing
   Research* 42(4), 415-430, doi:10.1509/jmkr.2005.42.4.415.

Examples
--------
>>> import numpy as np
>>> from ecomops.datasets import sample_shop
>>> from ecomops.segmentation import (customer_summary, rfm_scores, segment_customers,
...                                   segment_summary, SegmentMap)
>>> lines = sample_shop(seed=0).order_lines
>>> summary = customer_summary(lines.customer_id, lines.timestamp, lines.amount,
...                            as_of="2026-10-31", is_refund=lines.is_refund)
>>> len(summary) == np.unique(lines.customer_id).size, summary.quality.n_refund_rows > 0
(True, True)
>>> segments = segment_customers(rfm_scores(summary), SegmentMap.preset("rf_10"))
>>> table = segment_summary(segments, summary)
>>> round(float(table.revenue_share.sum()), 6)
1.0
"""

from __future__ import annotations

from ecomops._segmentation.clv import (
    BGNBDFit,
    GammaGammaFit,
    NBDFit,
    ParetoNBDFit,
    customer_lifetime_value,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_nbd,
    fit_pareto_nbd,
)
from ecomops._segmentation.cohorts import CohortMatrix, cohort_matrix
from ecomops._segmentation.rfm import RFMScores, rfm_scores, rfm_scores_from_values
from ecomops._segmentation.segments import (
    CustomerSegments,
    SegmentMap,
    SegmentMapWarning,
    SegmentMigration,
    SegmentRule,
    SegmentSummary,
    segment_customers,
    segment_migration,
    segment_summary,
)
from ecomops._segmentation.summary import CustomerSummary, DataQualityReport, customer_summary

__all__ = [
    "BGNBDFit",
    "CohortMatrix",
    "CustomerSegments",
    "CustomerSummary",
    "DataQualityReport",
    "GammaGammaFit",
    "NBDFit",
    "ParetoNBDFit",
    "RFMScores",
    "SegmentMap",
    "SegmentMapWarning",
    "SegmentMigration",
    "SegmentRule",
    "SegmentSummary",
    "cohort_matrix",
    "customer_lifetime_value",
    "customer_summary",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_nbd",
    "fit_pareto_nbd",
    "rfm_scores",
    "rfm_scores_from_values",
    "segment_customers",
    "segment_migration",
    "segment_summary",
]
