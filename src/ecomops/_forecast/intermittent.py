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

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import numpy as np

from ecomops._core.typing import BoolArray, FloatArray, IntArray
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
    "croston_filter",
    "intermittent",
    "tsb",
]

#: Croston's classic smoothing parameter of sizes and intervals (statsforecast's too).
CROSTON_ALPHA = 0.1
#: Search interval of TSB's fitted parameters.
TSB_BOUNDS = (0.01, 0.99)


class Demands:
    """The demand events of a panel: where they are, and the first size and interval."""

    def __init__(self, panel: Panel) -> None:
        y = panel.values
        self.panel = panel
        self.sold = y > 0  # (periods, series)
        self.any = np.any(self.sold, axis=0)
        cols = np.arange(panel.n_series)
        self.first = np.where(self.any, np.argmax(self.sold, axis=0), panel.start)
        self.first_size = np.where(self.any, y[self.first, cols], 0.0)
        self.first_interval = np.where(self.any, self.first - panel.start + 1.0, 1.0)

    def intervals(self) -> FloatArray:
        """``(periods, series)``: periods since the previous demand (or the start - 1).

        Whole numbers, held exactly in float32 below $2^{24}$ periods (half the
        memory and reads of float64; the loops compute in float64).
        """
        n_periods = self.panel.n_periods
        dtype = np.float32 if n_periods < 2**24 else np.float64
        out = np.empty((n_periods, self.panel.n_series), dtype=dtype)
        last = (self.panel.start - 1).astype(dtype)  # whole numbers: exact in either type
        for t in range(n_periods):
            now = dtype(t)
            np.subtract(now, last, out=out[t])
            np.copyto(last, now, where=self.sold[t])
        return out


def croston_filter(
    d: Demands, alpha: FloatArray, alpha_p: FloatArray, fitted: FloatArray | None = None
) -> tuple[FloatArray, FloatArray]:
    """Croston's two smoothings in one loop; ``z/p`` before each period into ``fitted``.

    The sizes and intervals are held as the two rows of one array, so each
    step of both smoothings is one numpy call (seven a period in all).
    """
    y = d.panel.values
    state = np.stack([d.first_size, d.first_interval])  # z, p
    rates = np.stack([alpha, alpha_p])
    z, p = state
    last = d.panel.start - 1.0
    interval = np.empty_like(last)
    sold = np.empty_like(last)  # the period's sales as 0.0/1.0 (faster to multiply by)
    step = np.empty_like(state)  # z - y, p - interval
    for t in range(y.shape[0]):
        if fitted is not None:
            np.divide(z, p, out=fitted[:, t])
        np.copyto(sold, d.sold[t])
        np.subtract(float(t), last, out=interval)
        np.subtract(z, y[t], out=step[0])
        np.subtract(p, interval, out=step[1])
        step *= rates
        step *= sold
        state -= step
        interval *= sold
        last += interval  # t at a sale (exact: whole numbers), unchanged otherwise
    return state[0].copy(), state[1].copy()


def _alpha(
    given: FloatArray | None,
    default: float | None,
    x: Callable[[], FloatArray],
    level: FloatArray,
    mask: BoolArray | None,
    bounds: tuple[float, float],
    turns: AbstractContextManager[Any],
) -> tuple[FloatArray, FloatArray | None]:
    """The smoothing parameter, given or fitted, and the last level when fitted."""
    if given is not None:
        return given, None
    if default is not None:
        return np.full(level.shape[0], default), None
    return fit_ses_alpha(x(), level, bounds, mask, turns)


def croston(
    method: str, panel: Panel, horizon: int, given: dict[str, FloatArray | None]
) -> Forecast:
    """Croston (classic or optimised) and SBA."""
    d = Demands(panel)
    default = None if method == "croston_optimized" else CROSTON_ALPHA
    bounds = aggregate.INTERMITTENT_BOUNDS
    sizes = given.get("smoothing_level")
    between = given.get("smoothing_interval")
    turns = panel.turns
    z: FloatArray | None
    p: FloatArray | None
    if default is None and sizes is None and between is None:  # both fitted, in one loop
        start = np.concatenate([d.first_size, d.first_interval])
        both, last = fit_ses_alpha((panel.values, d.intervals()), start, bounds, d.sold, turns)
        (alpha, alpha_p), (z, p) = np.split(both, 2), np.split(last, 2)
    else:
        alpha, z = _alpha(sizes, default, lambda: panel.values, d.first_size, d.sold, bounds, turns)
        alpha_p, p = _alpha(between, default, d.intervals, d.first_interval, d.sold, bounds, turns)
    if z is None or p is None:  # a smoothing not fitted: run both
        z, p = croston_filter(d, alpha, alpha_p)
    factor = 1.0 - alpha_p / 2.0 if method == "sba" else np.ones(panel.n_series)
    level = np.where(d.any, z / p, 0.0) * factor

    def fitted() -> FloatArray:
        out = np.empty((panel.n_series, panel.n_periods), order="F")
        croston_filter(d, alpha, alpha_p, out)
        if method == "sba":
            out *= factor[:, None]
        out[~d.any] = 0.0
        return out

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
    occurred = backfill(d.sold, panel.start)  # read as 0.0 / 1.0 by the loops
    first_p = occurred[0].astype(np.float64)
    level, probability = given.get("smoothing_level"), given.get("smoothing_probability")
    z: FloatArray | None
    q: FloatArray | None
    if level is None and probability is None:  # both fitted, in one loop
        start = np.concatenate([d.first_size, first_p])
        masks = (d.sold, None)
        both, last = fit_ses_alpha((y, occurred), start, TSB_BOUNDS, masks, panel.turns)
        (alpha, beta), (z, q) = np.split(both, 2), np.split(last, 2)
    else:
        alpha, z = _alpha(level, None, lambda: y, d.first_size, d.sold, TSB_BOUNDS, panel.turns)
        beta, q = _alpha(
            probability, None, lambda: occurred, first_p, None, TSB_BOUNDS, panel.turns
        )
    if z is None:
        z = ses_filter(y, d.first_size, alpha, None, d.sold)
    if q is None:
        q = ses_filter(occurred, first_p, beta)

    def fitted() -> FloatArray:
        shape = (panel.n_series, panel.n_periods)
        sizes = np.empty(shape, order="F")
        probability = np.empty(shape, order="F")
        ses_filter(y, d.first_size, alpha, sizes, d.sold)
        ses_filter(occurred, first_p, beta, probability)
        sizes *= probability
        sizes[~d.any] = 0.0
        return sizes

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
