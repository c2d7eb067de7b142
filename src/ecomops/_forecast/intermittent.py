r"""Intermittent-demand models: Croston, SBA, TSB, ADIDA and IMAPA (private).

All run on the time grid of the panel, every series at once. Croston's two
smoothings (of the demand sizes $z$ and of the intervals $p$ between demands)
update only in periods with a demand, which is SES on the sequence of
demands, run with a mask:

$$\hat z \leftarrow \hat z + \alpha (y_t - \hat z),\qquad
\hat p \leftarrow \hat p + \alpha_p (q_t - \hat p)\qquad (y_t > 0),$$

with $q_t$ the periods since the previous demand (since the period before the
series' start, for the first demand). Both start at their first value, as
statsforecast does, so the first fitted value is the period after the first
demand. The forecast is $\hat z / \hat p$ (Croston 1972), times
$1 - \alpha_p/2$ for SBA (Syntetos and Boylan 2005). TSB (Teunter, Syntetos
and Babai 2011) smooths the demand probability $d_t = [y_t > 0]$ every period
and the sizes at demands, and forecasts $\hat d \hat z$.

ADIDA (Nikolopoulos et al. 2011) sums the series into buckets of $a$ periods,
$a$ the mean inter-demand interval rounded half to even, dropping the
incomplete bucket at the front; fits SES to the bucket sums with $\alpha$ in
$[0.1, 0.3]$; and spreads the forecast evenly, $\hat Y / a$. IMAPA (Petropoulos
and Kourentzes 2015) averages that over every level $1, \dots, a$. Their
fitted value of a period is the bucket forecast made at the end of the
previous bucket, divided by the level (for IMAPA, averaged over the levels).
"""

from __future__ import annotations

import numpy as np

from ecomops._core.typing import FloatArray, IntArray
from ecomops._forecast import aggregate
from ecomops._forecast.panel import Panel, finish
from ecomops._forecast.result import Forecast
from ecomops._forecast.smoothing import backfill, fit_ses_alpha, ses_filter

__all__ = [
    "CROSTON_ALPHA",
    "TSB_BOUNDS",
    "Demands",
    "aggregation_levels",
    "croston",
    "intermittent",
    "tsb",
]

#: Croston's classic smoothing parameter of sizes and intervals (statsforecast's too).
CROSTON_ALPHA = 0.1
#: Search interval of TSB's fitted parameters.
TSB_BOUNDS = (0.01, 0.99)


class Demands:
    """The demand events of a panel: mask, sizes, intervals and first values."""

    def __init__(self, panel: Panel) -> None:
        y = panel.values
        self.any = np.any(y > 0, axis=0)
        self.mask = (y > 0).astype(np.float64)
        t = np.arange(panel.n_periods)[:, None]
        last = np.where(y > 0, t, panel.start[None, :] - 1)
        np.maximum.accumulate(last, axis=0, out=last)
        previous = np.empty_like(last)
        previous[0] = panel.start - 1
        previous[1:] = last[:-1]
        self.intervals = (t - previous).astype(np.float64)
        cols = np.arange(panel.n_series)
        self.first = np.where(self.any, np.argmax(y > 0, axis=0), panel.start)
        self.first_size = np.where(self.any, y[self.first, cols], 0.0)
        self.first_interval = np.where(self.any, self.intervals[self.first, cols], 1.0)


def _masked_ses(
    x: FloatArray, level: FloatArray, alpha: FloatArray, mask: FloatArray, fitted: FloatArray
) -> FloatArray:
    """SES updating only where ``mask`` is 1; levels before each period into ``fitted``."""
    return ses_filter(x, level, alpha, fitted, mask)


def _alpha(
    given: FloatArray | None,
    default: float | None,
    x: FloatArray,
    level: FloatArray,
    mask: FloatArray | None,
    bounds: tuple[float, float],
) -> FloatArray:
    n = x.shape[1]
    if given is not None:
        return given
    if default is not None:
        return np.full(n, default)
    return fit_ses_alpha(x, level, bounds, mask)


def croston(
    method: str, panel: Panel, horizon: int, given: dict[str, FloatArray | None]
) -> Forecast:
    """Croston (classic or optimised) and SBA."""
    d = Demands(panel)
    y = panel.values
    default = None if method == "croston_optimized" else CROSTON_ALPHA
    bounds = aggregate.INTERMITTENT_BOUNDS
    alpha = _alpha(given.get("smoothing_level"), default, y, d.first_size, d.mask, bounds)
    alpha_p = _alpha(
        given.get("smoothing_interval"), default, d.intervals, d.first_interval, d.mask, bounds
    )
    shape = (panel.n_series, panel.n_periods)
    sizes = np.empty(shape, order="F")
    intervals = np.empty(shape, order="F")
    z = _masked_ses(y, d.first_size, alpha, d.mask, sizes)
    p = _masked_ses(d.intervals, d.first_interval, alpha_p, d.mask, intervals)
    factor = 1.0 - alpha_p / 2.0 if method == "sba" else np.ones(panel.n_series)
    level = np.where(d.any, z / p, 0.0) * factor
    fitted = sizes
    np.divide(sizes, intervals, out=fitted)
    fitted *= factor[:, None]
    fitted[~d.any] = 0.0
    return finish(
        method,
        panel,
        forecast=np.repeat(level[:, None], horizon, axis=1),
        fitted=fitted,
        first_fitted=np.where(d.any, d.first, panel.start) + 1,
        params={"smoothing_level": alpha, "smoothing_interval": alpha_p},
    )


def tsb(panel: Panel, horizon: int, given: dict[str, FloatArray | None]) -> Forecast:
    """Teunter-Syntetos-Babai: smoothed probability times smoothed size."""
    d = Demands(panel)
    y = panel.values
    occurred = backfill(d.mask, panel.start)
    first_p = occurred[0].copy()
    alpha = _alpha(given.get("smoothing_level"), None, y, d.first_size, d.mask, TSB_BOUNDS)
    beta = _alpha(given.get("smoothing_probability"), None, occurred, first_p, None, TSB_BOUNDS)
    shape = (panel.n_series, panel.n_periods)
    sizes = np.empty(shape, order="F")
    probability = np.empty(shape, order="F")
    z = ses_filter(y, d.first_size, alpha, sizes, d.mask)
    q = ses_filter(occurred, first_p, beta, probability)
    fitted = sizes
    fitted *= probability
    fitted[~d.any] = 0.0
    return finish(
        "tsb",
        panel,
        forecast=np.repeat((z * q)[:, None], horizon, axis=1),
        fitted=fitted,
        first_fitted=np.where(d.any, d.first, panel.start) + 1,
        params={"smoothing_level": alpha, "smoothing_probability": beta},
    )


def aggregation_levels(panel: Panel) -> IntArray:
    """The mean inter-demand interval, rounded half to even (1 without demand).

    The intervals run from the period before the start to the last demand, so
    their mean is (last demand - start + 1) / number of demands.
    """
    sold = panel.values > 0
    n_events = np.count_nonzero(sold, axis=0)
    last = panel.n_periods - 1 - np.argmax(sold[::-1], axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (last - panel.start + 1) / n_events
    levels: IntArray = np.where(n_events > 0, np.round(mean), 1.0).astype(np.int64)
    return levels


def intermittent(
    method: str, panel: Panel, horizon: int, given: dict[str, FloatArray | None]
) -> Forecast:
    """One of the intermittent-demand models."""
    if method in ("croston", "croston_optimized", "sba"):
        return croston(method, panel, horizon, given)
    if method == "tsb":
        return tsb(panel, horizon, given)
    levels = aggregation_levels(panel)
    if method == "adida":
        return aggregate.adida(panel, horizon, levels, given.get("smoothing_level"))
    return aggregate.imapa(panel, horizon, levels)
