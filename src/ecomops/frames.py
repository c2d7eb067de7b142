r"""DataFrame entry points: a pandas or polars frame in, the same kind of frame out.

For the analyst with a table of orders, events, SKUs, parcels or keywords: each
function takes the frame as ``data`` plus the names of its columns (with
defaults named as such tables usually are), runs the array API once, and
returns a frame of the same kind, keyed by the caller's own column name and
carrying the inputs that explain each answer (the R, F and M values next to
their scores and segment). The array API (`ecomops.segmentation`,
`ecomops.funnel`, ...) stays the core; this layer does the frame plumbing once.
narwhals reads the frame; it, pandas and polars load on first use, never with
``import ecomops``.

* **Customers** (orders: ``customer_id``, ``order_ts``, ``amount``):
  [`customer_summary`][ecomops.frames.customer_summary],
  [`rfm_scores`][ecomops.frames.rfm_scores],
  [`segment_customers`][ecomops.frames.segment_customers] (RFM segments in one
  call, optionally joined onto the caller's customer table),
  [`segment_summary`][ecomops.frames.segment_summary],
  [`cohort_matrix`][ecomops.frames.cohort_matrix] (a long table),
  [`fit_bgnbd`][ecomops.frames.fit_bgnbd],
  [`fit_pareto_nbd`][ecomops.frames.fit_pareto_nbd],
  [`fit_nbd`][ecomops.frames.fit_nbd],
  [`fit_gamma_gamma`][ecomops.frames.fit_gamma_gamma] and
  [`customer_lifetime_value`][ecomops.frames.customer_lifetime_value].
* **Funnels** (events: ``user_id``, ``event_ts``, ``event``):
  [`compute_funnel`][ecomops.frames.compute_funnel],
  [`funnel_breakdown`][ecomops.frames.funnel_breakdown],
  [`funnel_units`][ecomops.frames.funnel_units] (who stopped where),
  [`compare_funnels`][ecomops.frames.compare_funnels] (two arms of a ``variant``
  column).
* **SKUs**: [`abc_classification`][ecomops.frames.abc_classification],
  [`xyz_classification`][ecomops.frames.xyz_classification] (from a demand
  log), [`inventory_turnover`][ecomops.frames.inventory_turnover],
  [`days_of_supply`][ecomops.frames.days_of_supply],
  [`gmroi`][ecomops.frames.gmroi],
  [`sell_through_rate`][ecomops.frames.sell_through_rate],
  [`fit_forecast`][ecomops.frames.fit_forecast] (forecasts of every SKU of a
  demand log, a long table).
* **Parcels and order lines**: [`shop_rates`][ecomops.frames.shop_rates],
  [`quote`][ecomops.frames.quote] (every service's price, a long table),
  [`pack_cartons`][ecomops.frames.pack_cartons] (costs as money columns).
* **Keywords**: [`keyword_scores`][ecomops.frames.keyword_scores].

Answers with one row per input row (SKU KPIs, rate shopping, keyword scores)
keep the rows' order and, in pandas, the caller's index; answers with one row
per customer, step, cohort cell or carton have a default index and the key as a
column. A column the frame lacks raises `InvalidInputError` listing the frame's
columns; anything else is checked by the array API, with its messages.

References
----------
1. narwhals documentation, "Narwhals: extremely lightweight compatibility layer
   between dataframe libraries" (the frame reading used here).
2. pymc-marketing, ``pymc_marketing.clv.utils.rfm_segments`` (RFM segments from
   a data frame in one call).

Examples
--------
>>> import pandas as pd
>>> from ecomops import frames
>>> orders = pd.DataFrame({
...     "customer_id": [1, 1, 2, 3],
...     "order_ts": pd.to_datetime(["2026-01-02", "2026-03-20", "2025-11-11", "2026-03-25"]),
...     "amount": [59.0, 88.0, 35.0, 240.0],
... })
>>> frames.segment_customers(orders, as_of="2026-03-31")[["customer_id", "frequency", "segment"]]
   customer_id  frequency          segment
0            1        2.0  Loyal Customers
1            2        1.0      Hibernating
2            3        1.0     New Customers
"""

from __future__ import annotations

from ecomops._frames.clv import (
    customer_lifetime_value,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_nbd,
    fit_pareto_nbd,
)
from ecomops._frames.forecast import fit_forecast
from ecomops._frames.funnel import (
    compare_funnels,
    compute_funnel,
    funnel_breakdown,
    funnel_units,
)
from ecomops._frames.inventory import (
    MAX_DEMAND_CELLS,
    abc_classification,
    days_of_supply,
    gmroi,
    inventory_turnover,
    sell_through_rate,
    xyz_classification,
)
from ecomops._frames.logistics import pack_cartons, quote, shop_rates
from ecomops._frames.segmentation import (
    cohort_matrix,
    customer_summary,
    rfm_scores,
    segment_customers,
    segment_summary,
)
from ecomops._frames.seo import keyword_scores

__all__ = [
    "MAX_DEMAND_CELLS",
    "abc_classification",
    "cohort_matrix",
    "compare_funnels",
    "compute_funnel",
    "customer_lifetime_value",
    "customer_summary",
    "days_of_supply",
    "fit_bgnbd",
    "fit_forecast",
    "fit_gamma_gamma",
    "fit_nbd",
    "fit_pareto_nbd",
    "funnel_breakdown",
    "funnel_units",
    "gmroi",
    "inventory_turnover",
    "keyword_scores",
    "pack_cartons",
    "quote",
    "rfm_scores",
    "segment_customers",
    "segment_summary",
    "sell_through_rate",
    "shop_rates",
    "xyz_classification",
]
