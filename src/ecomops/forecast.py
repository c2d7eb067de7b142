r"""Forecasting: demand forecasts per SKU, vectorised across a whole catalogue.

A history is a panel: one row per series (SKU, SKU-store), one column per
period (day, week). [`fit_forecast`][ecomops.forecast.fit_forecast] fits one
model to every series at once (no Python loop over series) and returns a
[`Forecast`][ecomops.forecast.Forecast]: point forecasts for a horizon, the
in-sample one-step-ahead fitted values and their errors, and the parameters
per series.

The models:

* **simple**: naive, seasonal naive, moving average;
* **exponential smoothing**: SES, Holt, Holt-Winters (additive and
  multiplicative seasons), parameters fitted per series or given;
* **intermittent demand**: Croston (classic and optimised), SBA, TSB, ADIDA
  and IMAPA.

The conventions (initial states, parameter bounds, the optimiser, and where
they differ from statsforecast) are in the documentation (Conventions,
Forecasting).

Examples
--------
>>> from ecomops.forecast import fit_forecast
>>> fc = fit_forecast([[0, 2, 0, 0, 3, 0, 1, 0]], method="naive", horizon=2)
>>> fc.forecast
array([[0., 0.]])
"""

from __future__ import annotations

from ecomops._forecast.backtest import PolicyBacktest, backtest_policy
from ecomops._forecast.fit import fit_forecast
from ecomops._forecast.leadtime import LeadTimeDemandForecast, lead_time_demand_distribution
from ecomops._forecast.metrics import (
    forecast_bias,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_absolute_scaled_error,
    pinball_loss,
    revenue_weights,
    root_mean_squared_error,
    root_mean_squared_scaled_error,
    scaled_pinball_loss,
    symmetric_mean_absolute_percentage_error,
    weighted_absolute_percentage_error,
    weighted_root_mean_squared_scaled_error,
)
from ecomops._forecast.plan import replenishment_level
from ecomops._forecast.result import Forecast
from ecomops._forecast.selection import MethodSelection, select_forecast_method

__all__ = [
    "Forecast",
    "LeadTimeDemandForecast",
    "MethodSelection",
    "PolicyBacktest",
    "backtest_policy",
    "fit_forecast",
    "forecast_bias",
    "lead_time_demand_distribution",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_absolute_scaled_error",
    "pinball_loss",
    "replenishment_level",
    "revenue_weights",
    "root_mean_squared_error",
    "root_mean_squared_scaled_error",
    "scaled_pinball_loss",
    "select_forecast_method",
    "symmetric_mean_absolute_percentage_error",
    "weighted_absolute_percentage_error",
    "weighted_root_mean_squared_scaled_error",
]
