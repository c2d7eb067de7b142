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

import contextlib
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


#: Series values, periods × series; or blocks of as many series each, side by side
#: (Croston's sizes and intervals, TSB's sizes and demand occurrences): one loop
#: runs them all.
Values = FloatArray | tuple[FloatArray, ...]


#: Where the steps count: one mask for every block, or one per block (None: every step).
Masks = BoolArray | tuple[BoolArray | None, ...] | None


def _blocks(x: Values) -> tuple[FloatArray, ...]:
    return (x,) if isinstance(x, np.ndarray) else x


class _MaskRows:
    """Each period's mask as 0.0/1.0 (numpy multiplies by a float row about twice
    as fast as by a boolean one): one row shared by the blocks, or one row per
    block (all ones for a block without a mask), broadcast over ``(blocks, series)``.
    """

    def __init__(self, mask: Masks, n_blocks: int, width: int) -> None:
        self.masks: list[tuple[int, BoolArray]] = []
        self.row: FloatArray | None = None
        if isinstance(mask, np.ndarray):
            self.row = np.empty(width)
            self.shared: BoolArray | None = mask
            return
        self.shared = None
        if mask is None or all(m is None for m in mask):
            return
        self.row = np.ones((n_blocks, width))
        self.masks = [(k, m) for k, m in enumerate(mask) if m is not None]

    def __call__(self, t: int) -> FloatArray | None:
        if self.row is None:
            return None
        if self.shared is not None:
            np.copyto(self.row, self.shared[t])
        for k, m in self.masks:
            np.copyto(self.row[k], m[t])
        return self.row

    def apply(self, t: int, target: FloatArray) -> None:
        """Multiply ``target`` (..., blocks, series) by period ``t``'s mask, in place.

        Blocks without a mask are left alone rather than multiplied by ones.
        """
        row = self(t)
        if row is None:
            return
        if self.shared is not None:
            target *= row
        for k, _ in self.masks:
            target[..., k, :] *= row[k]


def _block_masks(mask: Masks, n_blocks: int) -> tuple[BoolArray | None, ...]:
    """The mask of each block."""
    return (mask,) * n_blocks if mask is None or isinstance(mask, np.ndarray) else mask


def _split(values: FloatArray, blocks: int) -> list[FloatArray]:
    """Views of the blocks of the last axis of ``values``."""
    return np.split(values, blocks, axis=-1)


def ses_sse(
    x: Values, level: FloatArray, alpha: FloatArray, mask: Masks = None
) -> tuple[FloatArray, FloatArray]:
    """SSE of SES on ``x`` (periods × series) for candidates ``alpha`` (series × k).

    ``level`` is the initial level per series; with ``mask`` (periods × series,
    1.0 where the step counts, 0.0 where the level must stay), only the masked
    steps update the level and count in the SSE. The loop holds the candidates
    as ``(k, series)``, so every operation runs along a contiguous row of series.
    Returns the SSE and the last level, both ``(series, k)``.
    """
    blocks = _blocks(x)
    a = np.ascontiguousarray(alpha.T)
    f = np.broadcast_to(level, a.shape).copy()
    total = np.zeros(a.shape)
    e = np.empty(a.shape)
    tmp = np.empty(a.shape)
    e_by_block = e.reshape(a.shape[0], len(blocks), -1)
    masks = _MaskRows(mask, len(blocks), blocks[0].shape[1])
    parts = list(zip(blocks, _split(f, len(blocks)), _split(e, len(blocks)), strict=True))
    # a row of another type (float32 intervals, boolean occurrences) is converted
    # once a period, not once per candidate by the broadcast subtraction
    rows = [None if b.dtype == np.float64 else np.empty(b.shape[1]) for b in blocks]
    for t in range(blocks[0].shape[0]):
        for (b, f_b, e_b), row in zip(parts, rows, strict=True):
            if row is None:
                np.subtract(b[t], f_b, out=e_b)
            else:
                np.copyto(row, b[t])
                np.subtract(row, f_b, out=e_b)
        masks.apply(t, e_by_block)
        np.multiply(e, e, out=tmp)
        total += tmp
        np.multiply(a, e, out=tmp)
        f += tmp
    return total.T, f.T


def ses_derivatives(
    x: Values,
    level: FloatArray,
    alpha: FloatArray,
    mask: Masks = None,
    rows: IntArray | None = None,
    order: int = 2,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray | None, FloatArray]:
    r"""SSE of SES, its derivatives in $\alpha$ up to ``order`` (2 or 3), and the last level.

    With $e_t = m_t (y_t - \ell_{t-1})$ ($m_t = 1$ without a mask) and the
    scaled derivatives of the level $d_t = \partial \ell_t / \partial \alpha$,
    $h_t = \tfrac12 \partial^2 \ell_t / \partial \alpha^2$,
    $k_t = \tfrac16 \partial^3 \ell_t / \partial \alpha^3$:

    $$d_t = (1 - \alpha m_t) d_{t-1} + e_t,\quad
    h_t = (1 - \alpha m_t) h_{t-1} - m_t d_{t-1},\quad
    k_t = (1 - \alpha m_t) k_{t-1} - m_t h_{t-1},$$

    so $\mathrm{SSE}' = -2 \sum e_t d_{t-1}$,
    $\mathrm{SSE}'' = 2 \sum (m_t d_{t-1}^2 - 2 e_t h_{t-1})$ and
    $\mathrm{SSE}^{(3)} = 12 \sum (m_t d_{t-1} h_{t-1} - e_t k_{t-1})$. The
    recursions and the sums run as stacked rows (nine numpy calls a period,
    thirteen with a mask, one more for the third derivative): the passes over the
    few series still moving late in a fit cost per call, not per value.
    Returns the SSE, its derivatives (the third None for ``order=2``) and the
    last level, each ``(series,)``.

    With ``rows`` (increasing, numbered across the blocks), only those series
    run (``level`` and ``alpha`` are theirs): each period's values are taken
    from the full rows as the loop goes, so no copy of their columns is made.
    """
    blocks = _blocks(x)
    n = alpha.shape[0]
    q = order
    f = level.copy()
    # rows 0..q-1: the scaled derivatives, highest first (k, h, d); rows q..2q-2:
    # m times rows 1..q-1; row 2q-1: -e. Each recursion is then one update of
    # rows 0..q-1 by rows q..2q-1.
    state = np.zeros((2 * q, n))
    products = np.empty((2 * q, n))
    sums = np.zeros((2 * q, n))  # m d^2, e^2, -(k) e, -h e, -d e, (m h d)
    v = np.empty(n)
    lower, masked, ne = state[1:q], state[q : 2 * q - 1], state[2 * q - 1]
    derivatives, shifted = state[0:q], state[q : 2 * q]
    d_ne, md_ne = state[q - 1 :: q], state[2 * q - 2 : 2 * q]
    read = _Reader(blocks, rows, f, ne, mask)
    keep = np.empty(n) if read.masked else 1.0 - alpha
    groups = (read.groups, -1)  # a row of series in groups that share one mask row
    ne_g, alpha_g, keep_g = ne.reshape(groups), alpha.reshape(groups), keep.reshape(groups)
    lower_g, masked_g = lower.reshape(q - 1, *groups), masked.reshape(q - 1, *groups)
    for t in range(blocks[0].shape[0]):
        m = read(t)  # -e, before the mask
        if m is None:
            masked[...] = lower
        else:
            ne_g *= m
            np.multiply(lower_g, m, out=masked_g)
            np.multiply(alpha_g, m, out=keep_g)
            np.subtract(1.0, keep, out=keep)
        np.multiply(d_ne, md_ne, out=products[0:2])
        np.multiply(derivatives, ne, out=products[2 : 2 + q])
        if q == 3:
            np.multiply(state[1], state[4], out=products[5])
        sums += products
        derivatives *= keep
        derivatives -= shifted
        np.multiply(alpha, ne, out=v)
        f -= v
    value: FloatArray = sums[1]
    gradient = 2.0 * sums[1 + q]
    curvature = 2.0 * sums[0] + 4.0 * sums[q]
    third = 12.0 * (sums[5] + sums[2]) if q == 3 else None
    return value, gradient, curvature, third, f


class _Reader:
    r"""Writes $\ell_{t-1} - y_t$ of each period into ``ne`` and returns its mask row.

    For all series of the blocks, the mask row is the blocks' shared one (one
    group per block); for some ``rows``, their values and mask are taken from
    the full rows into small buffers (one group).
    """

    def __init__(
        self,
        blocks: tuple[FloatArray, ...],
        rows: IntArray | None,
        f: FloatArray,
        ne: FloatArray,
        mask: Masks,
    ) -> None:
        self.rows = rows
        masks = _block_masks(mask, len(blocks))
        self.masked = any(m is not None for m in masks)
        if rows is None:
            self.groups = len(blocks)
            self.mask_rows = _MaskRows(mask, len(blocks), blocks[0].shape[1])
            self.parts = list(
                zip(blocks, _split(f, len(blocks)), _split(ne, len(blocks)), strict=True)
            )
            return
        self.groups = 1
        w = blocks[0].shape[1]
        where = np.searchsorted(rows, w * np.arange(len(blocks) + 1)).tolist()
        self.m = np.ones(rows.size, dtype=bool)  # stays True for a block without a mask
        self.taken = []
        for k, (b, m) in enumerate(zip(blocks, masks, strict=True)):
            part = slice(where[k], where[k + 1])
            if part.start < part.stop:
                cols = rows[part] - k * w
                buffer = np.empty(cols.size, b.dtype)
                self.taken.append((b, m, cols, buffer, f[part], ne[part], self.m[part]))

    def __call__(self, t: int) -> FloatArray | BoolArray | None:
        if self.rows is None:
            for b, f_b, ne_b in self.parts:
                np.subtract(f_b, b[t], out=ne_b)
            return self.mask_rows(t)
        for b, m, cols, buffer, f_b, ne_b, m_b in self.taken:
            b[t].take(cols, out=buffer)
            np.subtract(f_b, buffer, out=ne_b)
            if m is not None:
                m[t].take(cols, out=m_b)
        return self.m if self.masked else None


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
    x: Values,
    level: FloatArray,
    bounds: tuple[float, float],
    mask: Masks = None,
    turns: contextlib.AbstractContextManager[Any] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Per-series SES smoothing parameter minimising the in-sample SSE within ``bounds``.

    Returns it with the last level it gives, kept from the pass that evaluated
    it (bit for bit `ses_filter`'s), so no further pass over the history is
    needed. ``x`` may be blocks of series (see `Values`), with one mask for
    all or one each (see `Masks`): their parameters come out side by side.
    ``turns``: see `minimise_scalar`.
    """

    def derivatives(rows: IntArray | None) -> Derivatives:
        if rows is None:
            return lambda a, order: ses_derivatives(x, level, a, mask, None, order)
        level_r = level[rows]
        return lambda a, order: ses_derivatives(x, level_r, a, mask, rows, order)

    return minimise_scalar(
        lambda a: ses_sse(x, level, a, mask), derivatives, level.shape[0], *bounds, turns
    )


def ses(panel: Panel, horizon: int, alpha: FloatArray | None) -> Forecast:
    """Simple exponential smoothing of every series; ``alpha`` fitted when None."""
    x = backfill(panel.values, panel.start)
    level = x[0].copy()
    if alpha is None:
        a, last = fit_ses_alpha(x, level, SES_BOUNDS, None, panel.turns)
    else:
        a, last = alpha, ses_filter(x, level, alpha)

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
