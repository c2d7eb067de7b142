r"""Pricing: cost-plus and margins, break-even, elasticity and optimal prices, price endings.

Five groups of tools, all vectorised over catalogues of 10^5 SKUs:

* **Cost-plus and margins** — `cost_plus_price` sets the price that earns
  a target margin or markup *after* fees charged on the price (platform
  commission, payment fee): $p = (c + x)/(1 - F - m)$. Exact money for
  money costs. `margin_on_price`, `markup_on_cost`,
  `margin_from_markup`, `markup_from_margin`.
* **Break-even and cost-volume-profit** — `contribution_margin`,
  `break_even_units`, `break_even_revenue`,
  `units_for_target_profit` and `break_even_volume_change` (the
  volume lift a price cut needs before it pays).
* **Elasticity and optimal prices** — `price_elasticity` (signed, arc or
  simple); the demand models `LinearDemand`,
  `ConstantElasticityDemand`, `ExponentialDemand` and
  `LogitDemand` with closed-form optimal prices; `fit_demand` fits
  any of them to many SKUs at once; `optimal_price` is the
  constant-elasticity markup rule.
* **Psychological prices** — `charm_price` (.99, X.9, 8 without 4, 980
  yen; presets in `CHARM_PRESETS`), `prestige_price`,
  `price_points` (price lining) and `left_digit_changed`, exact in
  integer minor units.
* **Markdowns and market research** — `markdown_projection` (Walker's
  end-of-season projection and the markdown it calls for),
  `van_westendorp` and `price_index`.

`Product` (one SKU's cost structure) and `PriceRule` (a pricing
policy applied to arrays of costs) are the edge models.

Return conventions: no option and no input shape changes the type or unit of an
answer. Displayed prices (`charm_price`, `prestige_price`,
`price_points`, `PriceRule.price`, the prices of `Product`)
are always `Money` for a scalar and
`MoneyArray` for arrays; their currency comes from money
inputs or from ``currency=``. `cost_plus_price` gives money back for
money costs and floats in major units for plain numbers. Analytics (margins,
break-even, elasticities, optimal prices, fits) are ``float`` / ``float64`` and
read money inputs as major units (in one currency). Elasticities are signed
(negative for normal goods); rates are fractions, never percent.

Examples
--------
>>> from ecomops.money import Money
>>> from ecomops.pricing import (
...     CHARM_PRESETS, break_even_volume_change, charm_price, cost_plus_price, fit_demand)
>>> price = cost_plus_price(Money("30.00", "CNY"), margin_on_price=0.35, fee_rates=(0.05, 0.006))
>>> price
Money('50.51', 'CNY')
>>> charm_price(price, **CHARM_PRESETS["CNY_9"], direction="up")
Money('50.90', 'CNY')
>>> round(break_even_volume_change(-0.10, 0.40), 4)
0.3333
>>> fit_demand([5, 8, 10, 12], [25, 21, 23, 15]).revenue_maximizing_price()
13.15234375
"""

from __future__ import annotations

from ecomops._pricing.demand import (
    ConstantElasticityDemand,
    DemandModel,
    ExponentialDemand,
    LinearDemand,
    LogitDemand,
    optimal_price,
    price_elasticity,
)
from ecomops._pricing.endings import (
    CHARM_PRESETS,
    CharmRule,
    charm_price,
    left_digit_changed,
    prestige_price,
    price_points,
)
from ecomops._pricing.fit import fit_demand
from ecomops._pricing.margins import (
    break_even_revenue,
    break_even_units,
    break_even_volume_change,
    contribution_margin,
    cost_plus_price,
    margin_from_markup,
    margin_on_price,
    markup_from_margin,
    markup_on_cost,
    units_for_target_profit,
)
from ecomops._pricing.models import PriceRule, Product
from ecomops._pricing.research import (
    MarkdownProjection,
    PriceIndexTable,
    PriceSensitivityCurves,
    VanWestendorpResult,
    markdown_projection,
    price_index,
    van_westendorp,
)

__all__ = [
    "CHARM_PRESETS",
    "CharmRule",
    "ConstantElasticityDemand",
    "DemandModel",
    "ExponentialDemand",
    "LinearDemand",
    "LogitDemand",
    "MarkdownProjection",
    "PriceIndexTable",
    "PriceRule",
    "PriceSensitivityCurves",
    "Product",
    "VanWestendorpResult",
    "break_even_revenue",
    "break_even_units",
    "break_even_volume_change",
    "charm_price",
    "contribution_margin",
    "cost_plus_price",
    "fit_demand",
    "left_digit_changed",
    "margin_from_markup",
    "margin_on_price",
    "markdown_projection",
    "markup_from_margin",
    "markup_on_cost",
    "optimal_price",
    "prestige_price",
    "price_elasticity",
    "price_index",
    "price_points",
    "units_for_target_profit",
    "van_westendorp",
]
