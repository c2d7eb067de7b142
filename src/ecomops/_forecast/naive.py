r"""Naive, seasonal naive and moving-average forecasts (private).

Each works on a whole `Panel` at once: vectorised over series and periods,
with no loop at all (the moving average runs on cumulative sums).
"""

from __future__ import annotations

import numpy as np

from ecomops._core.typing import FloatArray
from ecomops._forecast.panel import Panel, finish, running_sum
from ecomops._forecast.result import Forecast

__all__ = ["moving_average", "naive", "seasonal_naive"]


def _fitted_buffer(panel: Panel) -> FloatArray:
    """``(n_series, n_periods)`` in column order: one period is one contiguous column."""
    return np.empty((panel.n_series, panel.n_periods), dtype=np.float64, order="F")


def naive(panel: Panel, horizon: int) -> Forecast:
    r"""$\hat y_{t+h|t} = y_t$: the last observation, repeated."""
    y = panel.values

    def fitted() -> FloatArray:
        out = _fitted_buffer(panel)
        out[:, 1:] = y[:-1].T
        return out

    forecast = np.repeat(y[-1][:, None], horizon, axis=1)
    return finish(
        "naive", panel, forecast=forecast, fitted=fitted, first_fitted=panel.start + 1, params={}
    )


def seasonal_naive(panel: Panel, horizon: int, season_length: int) -> Forecast:
    r"""$\hat y_{t+h|t} = y_{t+h-m(k+1)}$: the same period of the last season."""
    m = season_length
    y = panel.values

    def fitted() -> FloatArray:
        out = _fitted_buffer(panel)
        out[:, m:] = y[: panel.n_periods - m].T
        return out

    last = y[panel.n_periods - m :].T  # (n_series, m)
    forecast = last[:, np.arange(horizon) % m]
    return finish(
        "seasonal_naive",
        panel,
        forecast=forecast,
        fitted=fitted,
        first_fitted=panel.start + m,
        params={},
        season_length=m,
    )


def moving_average(panel: Panel, horizon: int, window: int) -> Forecast:
    r"""$\hat y_{t+h|t} = \frac{1}{k}\sum_{j=0}^{k-1} y_{t-j}$: the mean of the last ``window``."""
    k = window
    y = panel.values

    def fitted() -> FloatArray:
        csum = np.zeros((panel.n_periods + 1, panel.n_series))
        running_sum(y, csum[1:])
        means = (csum[k:-1] - csum[: -k - 1]) / k  # means[j] = mean of y[j : j + k]
        out = _fitted_buffer(panel)
        out[:, k:] = means.T
        return out

    forecast = np.repeat(y[-k:].mean(axis=0)[:, None], horizon, axis=1)
    return finish(
        "moving_average",
        panel,
        forecast=forecast,
        fitted=fitted,
        first_fitted=panel.start + k,
        params={},
    )
