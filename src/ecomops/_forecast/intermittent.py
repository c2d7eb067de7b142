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
from ecomops._forecast.panel import Panel, finish
from ecomops._forecast.result import Forecast
from ecomops._forecast.smoothing import backfill, fit_ses_alpha, ses_filter

__all__ = ["CROSTON_ALPHA", "INTERMITTENT_BOUNDS", "TSB_BOUNDS", "intermittent"]

#: Croston's classic smoothing parameter of sizes and intervals (statsforecast's too).
CROSTON_ALPHA = 0.1
#: Search interval of the fitted parameters of Croston (optimised), ADIDA and IMAPA.
INTERMITTENT_BOUNDS = (0.1, 0.3)
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
    bounds = INTERMITTENT_BOUNDS
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


def aggregation_levels(panel: Panel, d: Demands) -> IntArray:
    """The mean inter-demand interval, rounded half to even (1 without demand)."""
    n_events = d.mask.sum(axis=0)
    last = panel.n_periods - 1 - np.argmax(d.mask[::-1] > 0, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (last - panel.start + 1) / n_events
    levels: IntArray = np.where(d.any, np.round(mean), 1.0).astype(np.int64)
    return levels


class Buckets:
    """Sums of consecutive buckets of ``level`` periods, aligned on the last period.

    ``sums[r, i]`` (time-major) is bucket ``r`` of series ``i``; each series
    keeps its ``count`` complete buckets, at the end (the incomplete one at the
    front is dropped), and ``start`` is its first bucket.
    """

    def __init__(self, values: FloatArray, start: IntArray, level: IntArray) -> None:
        n_periods, n = values.shape
        self.level = level
        self.count = (n_periods - start) // level
        self.n_buckets = int(self.count.max())
        self.start = self.n_buckets - self.count
        cumulative = np.zeros((n_periods + 1, n))
        np.cumsum(values, axis=0, out=cumulative[1:])
        back = np.arange(self.n_buckets)[::-1, None]  # buckets counted from the end
        upper = np.maximum(n_periods - back * level[None, :], 0)
        lower = np.maximum(upper - level[None, :], 0)
        cols = np.arange(n)[None, :]
        self.sums = np.where(
            back < self.count[None, :], cumulative[upper, cols] - cumulative[lower, cols], 0.0
        )

    def spread(self, per_bucket: FloatArray, n_periods: int) -> FloatArray:
        """A value per bucket (series × buckets) spread over its periods (series × periods)."""
        n = per_bucket.shape[0]
        t = np.arange(n_periods)[None, :]
        back = (n_periods - 1 - t) // self.level[:, None]
        row = np.clip(self.n_buckets - 1 - back, 0, self.n_buckets - 1)
        out: FloatArray = per_bucket[np.arange(n)[:, None], row] / self.level[:, None]
        return out

    def first_fitted(self, n_periods: int) -> IntArray:
        """The first period of the second bucket (``n_periods`` with one bucket)."""
        first: IntArray = n_periods - (self.count - 1) * self.level
        return first


def _aggregate_ses(
    panel: Panel, level: IntArray, alpha: FloatArray | None
) -> tuple[FloatArray, FloatArray, IntArray, FloatArray]:
    """ADIDA at ``level`` per series: (forecast, fitted, first_fitted, alpha)."""
    buckets = Buckets(panel.values, panel.start, level)
    x = backfill(buckets.sums, buckets.start)
    first = x[0].copy()
    if alpha is None:
        alpha = fit_ses_alpha(x, first, INTERMITTENT_BOUNDS)
    per_bucket = np.empty((panel.n_series, buckets.n_buckets))
    last = ses_filter(x, first, alpha, per_bucket)
    fitted = buckets.spread(per_bucket, panel.n_periods)
    return last / level, fitted, buckets.first_fitted(panel.n_periods), alpha


def adida(panel: Panel, horizon: int, alpha: FloatArray | None) -> Forecast:
    """ADIDA: SES on sums over the mean inter-demand interval, spread evenly."""
    level = aggregation_levels(panel, Demands(panel))
    forecast, fitted, first_fitted, alpha = _aggregate_ses(panel, level, alpha)
    return finish(
        "adida",
        panel,
        forecast=np.repeat(forecast[:, None], horizon, axis=1),
        fitted=fitted,
        first_fitted=first_fitted,
        params={"smoothing_level": alpha, "aggregation_level": level.astype(np.float64)},
    )


def imapa(panel: Panel, horizon: int) -> Forecast:
    """IMAPA: ADIDA averaged over the levels 1 to the mean inter-demand interval."""
    top = aggregation_levels(panel, Demands(panel))
    total = np.zeros(panel.n_series)
    fitted = np.zeros((panel.n_series, panel.n_periods))
    first_fitted = panel.start + 1
    for j in range(1, int(top.max()) + 1):  # one pass per level, every series at once
        rows = np.flatnonzero(top >= j)
        sub = Panel(panel.values[:, rows], panel.start[rows], panel.original[rows])
        forecast, level_fitted, level_first, _ = _aggregate_ses(sub, np.full(rows.size, j), None)
        total[rows] += forecast
        fitted[rows] += level_fitted
        first_fitted[rows] = np.maximum(first_fitted[rows], level_first)
    fitted /= top[:, None]
    return finish(
        "imapa",
        panel,
        forecast=np.repeat((total / top)[:, None], horizon, axis=1),
        fitted=fitted,
        first_fitted=first_fitted,
        params={"aggregation_level": top.astype(np.float64)},
    )


def intermittent(
    method: str, panel: Panel, horizon: int, given: dict[str, FloatArray | None]
) -> Forecast:
    """One of the intermittent-demand models."""
    if method in ("croston", "croston_optimized", "sba"):
        return croston(method, panel, horizon, given)
    if method == "tsb":
        return tsb(panel, horizon, given)
    if method == "adida":
        return adida(panel, horizon, given.get("smoothing_level"))
    return imapa(panel, horizon)
