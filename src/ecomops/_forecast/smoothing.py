r"""Exponential smoothing: SES, Holt and Holt-Winters (private).

The recursions run over periods, each step updating every series (and every
candidate parameter value, during a fit) at once. Arrays are time-major
(periods × series), so one step reads one contiguous row.

**SES** (Brown 1959; Hyndman & Athanasopoulos 2021, sec. 8.1): level
$\ell_t = \ell_{t-1} + \alpha (y_t - \ell_{t-1})$, forecast
$\hat y_{t+h|t} = \ell_t$, initial level the first observation
($\ell_{s} = y_{s}$, as statsforecast does), so the first fitted value is at
$s + 1$.

**Holt and Holt-Winters** (Hyndman & Athanasopoulos 2021, secs. 8.2-8.3), in
the error-correction form with $\beta$ the trend smoothing of the level change
(FPP's $\beta^*$) and seasonal period $m$:

$$\ell_t = \alpha (y_t - s_{t-m}) + (1 - \alpha)(\ell_{t-1} + b_{t-1}),\quad
b_t = \beta (\ell_t - \ell_{t-1}) + (1 - \beta) b_{t-1},\quad
s_t = \gamma (y_t - \ell_{t-1} - b_{t-1}) + (1 - \gamma) s_{t-m}$$

(multiplicative: $y_t / s_{t-m}$, $y_t / (\ell_{t-1} + b_{t-1})$, and the
forecast $(\ell_t + h b_t) s_{t+h-m(k+1)}$). Initial states are the heuristic
of R's ``HoltWinters``: Holt starts from $\ell = y_{s+1}$,
$b = y_{s+1} - y_s$ (fitted values from $s + 2$); Holt-Winters from the first
two seasons, $\ell$ the mean of the first season, $b$ the difference of the
two seasons' means over $m$, and the first season's deviations from $\ell$
(ratios, multiplicative) as seasonal states (fitted values from $s + m$).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ecomops._core.typing import FloatArray, IntArray
from ecomops._forecast.optimise import minimise_scalar
from ecomops._forecast.panel import Panel, finish
from ecomops._forecast.result import Forecast
from ecomops.exceptions import InvalidInputError

__all__ = [
    "SES_BOUNDS",
    "backfill",
    "fit_ses_alpha",
    "ses",
    "ses_derivatives",
    "ses_filter",
    "ses_sse",
]


def backfill(values: FloatArray, start: IntArray) -> FloatArray:
    """Values with each series' periods before its start set to its first value.

    SES started on the first value then stays on it, with zero errors, until the
    series starts: ragged series run in one loop without per-series branches.
    """
    first = values[start, np.arange(values.shape[1])]
    started = np.arange(values.shape[0])[:, None] >= start[None, :]
    return np.where(started, values, first[None, :])


def ses_sse(
    x: FloatArray, level: FloatArray, alpha: FloatArray, mask: FloatArray | None = None
) -> FloatArray:
    """SSE of SES on ``x`` (periods × series) for candidates ``alpha`` (series × k).

    ``level`` is the initial level per series; with ``mask`` (periods × series,
    1.0 where the step counts, 0.0 where the level must stay), only the masked
    steps update the level and count in the SSE.
    """
    shape = alpha.shape
    f = np.broadcast_to(level.reshape(shape[0], *(1,) * (alpha.ndim - 1)), shape).copy()
    total = np.zeros(shape)
    e = np.empty(shape)
    tmp = np.empty(shape)
    extra = (slice(None),) + (None,) * (alpha.ndim - 1)
    for t in range(x.shape[0]):
        np.subtract(x[t][extra], f, out=e)
        if mask is not None:
            e *= mask[t][extra]
        np.multiply(e, e, out=tmp)
        total += tmp
        np.multiply(alpha, e, out=tmp)
        f += tmp
    return total


def ses_derivatives(
    x: FloatArray, level: FloatArray, alpha: FloatArray, mask: FloatArray | None = None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""SSE of SES and its first two derivatives in $\alpha$, per series.

    With $d_t = \partial \ell_t / \partial \alpha$: $d_t = (1 - \alpha) d_{t-1}
    + e_t$ and $d'_t = (1 - \alpha) d'_{t-1} - 2 d_{t-1}$ (on masked steps), so
    $\mathrm{SSE}' = -2 \sum e_t d_{t-1}$ and
    $\mathrm{SSE}'' = 2 \sum (d_{t-1}^2 - e_t d'_{t-1})$.
    """
    n = alpha.shape[0]
    f = level.copy()
    d = np.zeros(n)
    d2 = np.zeros(n)
    sse = np.zeros(n)
    grad = np.zeros(n)
    hess = np.zeros(n)
    for t in range(x.shape[0]):
        e = x[t] - f
        if mask is not None:
            m = mask[t]
            e *= m
            hess += m * d * d
        else:
            m = 1.0
            hess += d * d
        sse += e * e
        grad -= e * d
        hess -= e * d2
        f += alpha * e
        d2 += m * (-2.0 * d - alpha * d2)
        d += e - alpha * m * d
    return sse, 2.0 * grad, 2.0 * hess


def ses_filter(
    x: FloatArray,
    level: FloatArray,
    alpha: FloatArray,
    fitted: Any = None,
    mask: FloatArray | None = None,
) -> FloatArray:
    """Run SES; write the level before each period into ``fitted[:, t]``; return the last level.

    With ``mask``, the level moves only in the periods where the mask is 1.
    """
    f = level.copy()
    e = np.empty_like(f)
    for t in range(x.shape[0]):
        if fitted is not None:
            fitted[:, t] = f
        np.subtract(x[t], f, out=e)
        if mask is not None:
            e *= mask[t]
        e *= alpha
        f += e
    return f


#: Search interval of a fitted SES smoothing parameter (statsforecast's for SES).
SES_BOUNDS = (0.01, 0.99)


def fit_ses_alpha(
    x: FloatArray, level: FloatArray, bounds: tuple[float, float], mask: FloatArray | None = None
) -> FloatArray:
    """Per-series SES smoothing parameter minimising the in-sample SSE within ``bounds``."""
    return minimise_scalar(
        lambda a: ses_sse(x, level, a, mask),
        lambda a: ses_derivatives(x, level, a, mask),
        x.shape[1],
        *bounds,
    )


def ses(panel: Panel, horizon: int, alpha: FloatArray | None) -> Forecast:
    """Simple exponential smoothing of every series; ``alpha`` fitted when None."""
    x = backfill(panel.values, panel.start)
    level = x[0].copy()
    if alpha is None:
        alpha = fit_ses_alpha(x, level, SES_BOUNDS)
    fitted = np.empty((panel.n_series, panel.n_periods), order="F")
    last = ses_filter(x, level, alpha, fitted)
    return finish(
        "ses",
        panel,
        forecast=np.repeat(last[:, None], horizon, axis=1),
        fitted=fitted,
        first_fitted=panel.start + 1,
        params={"smoothing_level": alpha},
    )


def holt_winters(
    method: str,
    panel: Panel,
    horizon: int,
    season_length: int,
    alpha: FloatArray | None,
    beta: FloatArray | None,
    gamma: FloatArray | None,
) -> Forecast:
    """Holt and Holt-Winters."""
    raise InvalidInputError(f"method={method!r} is not available yet")
