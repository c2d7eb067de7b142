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

from ecomops._forecast.fit import fit_forecast
from ecomops._forecast.result import Forecast

__all__ = ["Forecast", "fit_forecast"]
