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

import dataclasses
from typing import Any

import numpy as np

from ecomops._core.typing import BoolArray, FloatArray, IntArray
from ecomops._forecast.optimise import Derivatives, minimise_box, minimise_scalar
from ecomops._forecast.panel import Panel, finish
from ecomops._forecast.result import Forecast

__all__ = [
    "SES_BOUNDS",
    "TREND_BOUNDS",
    "States",
    "backfill",
    "fit_ses_alpha",
    "holt_winters",
    "holt_winters_pass",
    "initial_states",
    "ses",
    "ses_derivatives",
    "ses_filter",
    "ses_sse",
]


def backfill(values: Any, start: IntArray) -> Any:
    """Values with each series' periods before its start set to its first value.

    SES started on the first value then stays on it, with zero errors, until the
    series starts: ragged series run in one loop without per-series branches.
    Series that all start at the first period are returned as they are (not
    copied: the loops only read them).
    """
    if not np.any(start):
        return values
    first = values[start, np.arange(values.shape[1])]
    started = np.arange(values.shape[0])[:, None] >= start[None, :]
    return np.where(started, values, first[None, :])


def ses_sse(
    x: FloatArray, level: FloatArray, alpha: FloatArray, mask: BoolArray | None = None
) -> FloatArray:
    """SSE of SES on ``x`` (periods × series) for candidates ``alpha`` (series × k).

    ``level`` is the initial level per series; with ``mask`` (periods × series,
    1.0 where the step counts, 0.0 where the level must stay), only the masked
    steps update the level and count in the SSE. The loop holds the candidates
    as ``(k, series)``, so every operation runs along a contiguous row of series.
    """
    a = np.ascontiguousarray(alpha.T)
    f = np.broadcast_to(level, a.shape).copy()
    total = np.zeros(a.shape)
    e = np.empty(a.shape)
    tmp = np.empty(a.shape)
    for t in range(x.shape[0]):
        np.subtract(x[t], f, out=e)
        if mask is not None:
            e *= mask[t]
        np.multiply(e, e, out=tmp)
        total += tmp
        np.multiply(a, e, out=tmp)
        f += tmp
    out: FloatArray = total.T
    return out


def ses_derivatives(
    x: FloatArray, level: FloatArray, alpha: FloatArray, mask: BoolArray | None = None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""SSE of SES and its first two derivatives in $\alpha$, per series.

    With $d_t = \partial \ell_t / \partial \alpha$: $d_t = (1 - \alpha) d_{t-1}
    + e_t$ and $d'_t = (1 - \alpha) d'_{t-1} - 2 d_{t-1}$ (on masked steps), so
    $\mathrm{SSE}' = -2 \sum e_t d_{t-1}$ and
    $\mathrm{SSE}'' = 2 \sum (d_{t-1}^2 - e_t d'_{t-1})$.
    """
    n = alpha.shape[0]
    f = level.copy()
    d, d2, sse, grad, hess = (np.zeros(n) for _ in range(5))
    e, u, v = np.empty(n), np.empty(n), np.empty(n)
    keep = 1.0 - alpha
    for t in range(x.shape[0]):
        np.subtract(x[t], f, out=e)
        if mask is not None:
            m = mask[t]
            e *= m
            np.multiply(m, d, out=u)  # m d: the derivative of -e when the step counts
        else:
            u[...] = d
        np.multiply(e, e, out=v)
        sse += v
        np.multiply(e, d, out=v)
        grad -= v
        np.multiply(u, d, out=v)
        hess += v
        np.multiply(e, d2, out=v)
        hess -= v
        # d2 <- d2 - m (2 d + alpha d2);  d <- d + e - alpha m d;  f <- f + alpha e
        if mask is not None:
            np.multiply(alpha, d2, out=v)
            v += d
            v += d
            v *= m
            d2 -= v
        else:
            d2 *= keep
            d2 -= d
            d2 -= d
        np.multiply(alpha, u, out=v)
        d += e
        d -= v
        np.multiply(alpha, e, out=v)
        f += v
    return sse, 2.0 * grad, 2.0 * hess


def ses_filter(
    x: FloatArray,
    level: FloatArray,
    alpha: FloatArray,
    fitted: Any = None,
    mask: BoolArray | None = None,
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
    x: FloatArray, level: FloatArray, bounds: tuple[float, float], mask: BoolArray | None = None
) -> FloatArray:
    """Per-series SES smoothing parameter minimising the in-sample SSE within ``bounds``."""

    def derivatives(rows: IntArray | None) -> Derivatives:
        if rows is None:
            return lambda a: ses_derivatives(x, level, a, mask)
        x_r, level_r = x[:, rows], level[rows]
        mask_r = None if mask is None else mask[:, rows]
        return lambda a: ses_derivatives(x_r, level_r, a, mask_r)

    return minimise_scalar(lambda a: ses_sse(x, level, a, mask), derivatives, x.shape[1], *bounds)


def ses(panel: Panel, horizon: int, alpha: FloatArray | None) -> Forecast:
    """Simple exponential smoothing of every series; ``alpha`` fitted when None."""
    x = backfill(panel.values, panel.start)
    level = x[0].copy()
    a = fit_ses_alpha(x, level, SES_BOUNDS) if alpha is None else alpha
    last = ses_filter(x, level, a)

    def fitted() -> FloatArray:
        out = np.empty((panel.n_series, panel.n_periods), order="F")
        ses_filter(x, level, a, out)
        return out

    return finish(
        "ses",
        panel,
        forecast=np.repeat(last[:, None], horizon, axis=1),
        fitted=fitted,
        first_fitted=panel.start + 1,
        params={"smoothing_level": a},
    )


#: Search interval of the fitted parameters of Holt and Holt-Winters (as ETS's).
TREND_BOUNDS = (1e-4, 0.9999)
#: Grid values per parameter before the pattern search (Holt, Holt-Winters).
BOX_GRID = {2: 6, 3: 5}


@dataclasses.dataclass(frozen=True, slots=True)
class States:
    """Initial states of Holt / Holt-Winters per series, and where updating starts."""

    level: FloatArray  # (n,)
    trend: FloatArray  # (n,)
    season: FloatArray  # (m, n): slot t % m holds the seasonal state of period t
    first: IntArray  # (n,) first period with a fitted value


def initial_states(panel: Panel, kind: str, m: int) -> States:
    """R ``HoltWinters``' heuristic: see the module docstring."""
    y, s = panel.values, panel.start
    cols = np.arange(panel.n_series)
    if kind == "none":
        level = y[s + 1, cols]
        return States(level, level - y[s, cols], np.zeros((1, panel.n_series)), s + 2)
    index = s[None, :] + np.arange(2 * m)[:, None]  # (2m, n): the first two seasons
    first_two = y[index, cols[None, :]]
    level = first_two[:m].mean(axis=0)
    trend = (first_two[m:].mean(axis=0) - level) / m
    deviation = first_two[:m] - level if kind == "additive" else first_two[:m] / level
    season = np.empty((m, panel.n_series))
    season[index[:m] % m, cols[None, :]] = deviation
    return States(level, trend, season, s + m)


def holt_winters_pass(
    x: FloatArray,
    kind: str,
    states: States,
    params: tuple[FloatArray, FloatArray, FloatArray],
    fitted: Any = None,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Run Holt / Holt-Winters for candidate parameters (series × k): (SSE, l, b, seasons).

    Candidates run as ``(k, series)``, so every operation goes along a
    contiguous row of series; the answers come back as ``(series, k)``.
    """
    if params[0].ndim == 1:
        return _holt_winters_loop(x, kind, states, params, fitted)
    rows = tuple(np.ascontiguousarray(p.T) for p in params)
    total, level, trend, season = _holt_winters_loop(x, kind, states, rows, None)
    return total.T, level.T, trend.T, np.swapaxes(season, 1, 2)


def _holt_winters_loop(
    x: FloatArray,
    kind: str,
    states: States,
    params: tuple[FloatArray, ...],
    fitted: Any,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """The recursions of `holt_winters_pass`, parameters ``(series,)`` or ``(k, series)``."""
    alpha, beta, gamma = params
    shape = alpha.shape
    m = states.season.shape[0]
    level = np.broadcast_to(states.level, shape).copy()
    trend = np.broadcast_to(states.trend, shape).copy()
    seasons = states.season if alpha.ndim == 1 else states.season[:, None, :]
    season = np.broadcast_to(seasons, (m, *shape)).copy()
    total = np.zeros(shape)
    base, e, work, new_level = (np.empty(shape) for _ in range(4))
    multiplicative = kind == "multiplicative"
    for t in range(int(states.first.min()), x.shape[0]):
        active = t >= states.first
        y = x[t]
        old = season[t % m]
        np.add(level, trend, out=base)
        forecast = (
            np.multiply(base, old, out=work) if multiplicative else np.add(base, old, out=work)
        )
        if fitted is not None:
            fitted[:, t] = forecast
        np.subtract(y, forecast, out=e)
        e *= active
        total += np.multiply(e, e, out=work)
        # level: alpha * (y -/÷ old) + (1 - alpha) * base
        unseasoned = (
            np.divide(y, old, out=work) if multiplicative else np.subtract(y, old, out=work)
        )
        np.subtract(unseasoned, base, out=new_level)
        new_level *= alpha
        new_level += base
        if kind != "none":  # season: gamma * (y -/÷ base) + (1 - gamma) * old, where active
            ratio = (
                np.divide(y, base, out=work) if multiplicative else np.subtract(y, base, out=work)
            )
            ratio -= old
            ratio *= gamma
            ratio += old
            np.copyto(old, ratio, where=active)
        # trend: beta * (new_level - level) + (1 - beta) * trend, where active
        np.subtract(new_level, level, out=work)
        work -= trend
        work *= beta
        work += trend
        np.copyto(trend, work, where=active)
        np.copyto(level, new_level, where=active)
    return total, level, trend, season


def _fit_trend_params(
    panel: Panel,
    kind: str,
    states: States,
    given: tuple[FloatArray | None, FloatArray | None, FloatArray | None],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    n = panel.n_series
    d = 2 if kind == "none" else 3
    if all(g is not None for g in given[:d]):
        a, b, c = given
        return a, b, c if c is not None else np.zeros(n)  # type: ignore[return-value]

    def sse(candidates: FloatArray) -> FloatArray:
        gamma = candidates[2] if d == 3 else np.zeros(candidates.shape[1:])
        return holt_winters_pass(panel.values, kind, states, (candidates[0], candidates[1], gamma))[
            0
        ]

    found = minimise_box(sse, n, [TREND_BOUNDS] * d, BOX_GRID[d], list(given[:d]))
    return found[0], found[1], found[2] if d == 3 else np.zeros(n)


def holt_winters(
    method: str,
    panel: Panel,
    horizon: int,
    season_length: int,
    given: tuple[FloatArray | None, FloatArray | None, FloatArray | None],
) -> Forecast:
    """Holt (``method="holt"``) and Holt-Winters, additive or multiplicative.

    The history has been checked for the model (`fit.check_history`): long
    enough, and positive for multiplicative seasonality.
    """
    kind = {"holt": "none", "holt_winters_additive": "additive"}.get(method, "multiplicative")
    m = 1 if kind == "none" else season_length
    states = initial_states(panel, kind, m)
    params = _fit_trend_params(panel, kind, states, given)
    _, level, trend, season = holt_winters_pass(panel.values, kind, states, params)

    def fitted() -> FloatArray:
        out = np.empty((panel.n_series, panel.n_periods), order="F")
        holt_winters_pass(panel.values, kind, states, params, out)
        return out

    steps = np.arange(1, horizon + 1)
    path = level[:, None] + steps[None, :] * trend[:, None]
    ahead = season[(panel.n_periods + steps - 1) % m].T
    forecast = path * ahead if kind == "multiplicative" else path + (ahead if m > 1 else 0.0)
    names = ("smoothing_level", "smoothing_trend", "smoothing_seasonal")
    return finish(
        method,
        panel,
        forecast=forecast,
        fitted=fitted,
        first_fitted=states.first,
        params=dict(zip(names[: 2 if kind == "none" else 3], params, strict=False)),
        season_length=m,
    )
