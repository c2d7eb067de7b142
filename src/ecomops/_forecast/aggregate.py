r"""Temporal aggregation: ADIDA and IMAPA, every series and level at once (private).

A series aggregated at level $j$ is the sequence of sums of $j$ consecutive
periods, aligned on the last period (the incomplete bucket at the front is
dropped). Every (series, level) pair that a call needs becomes one row of a
*stacked* ragged panel of bucket sums, right-aligned, each row starting at its
first complete bucket; one SES fit runs over all rows at once. ADIDA (one level
a series) adds up each bucket's periods; IMAPA (every level up to a series'
own) takes differences of cumulative sums, ordered by level so that the
series of a level are a range of columns. IMAPA's pairs
are stacked in blocks of levels $[2^b, 2^{b+1})$, so a block holds at most
about as many cells as the history and its loop runs over at most
$T / 2^b$ buckets: all levels of all series cost about twice the time loop
of one SES over the panel, whatever the largest level.

The fitted value of a period is the SES forecast of its bucket made at the
end of the previous bucket, divided by the level (IMAPA: averaged over the
levels). These step functions are added through a difference array and one
cumulative sum over time.
"""

from __future__ import annotations

import dataclasses
from contextlib import AbstractContextManager
from typing import Any

import numpy as np

from ecomops._core.typing import FloatArray, IntArray
from ecomops._forecast.panel import Panel, finish, running_sum
from ecomops._forecast.result import FittedValues, Forecast
from ecomops._forecast.smoothing import backfill, fit_ses_alpha, ses_filter

__all__ = ["DIRECT_STEPS", "INTERMITTENT_BOUNDS", "adida", "imapa"]

#: Largest level whose bucket sums are added up period by period (one numpy call each);
#: higher levels gather their periods once and sum them in one call.
DIRECT_STEPS = 8
#: Search interval of the fitted parameters of Croston (optimised), ADIDA and IMAPA.
INTERMITTENT_BOUNDS = (0.1, 0.3)


@dataclasses.dataclass(frozen=True, slots=True)
class Stack:
    """(series, level) pairs: one row of bucket sums each, sorted by level.

    The rows of one level are then one slice: their bucket sums and forecasts
    are read and written as views, not gathered. ``column`` is each row's
    column in the cumulative sums of `Periods`, whose columns are ordered by
    aggregation level: the rows of a level then read a range of columns (a
    view), not a gather from scattered ones.
    """

    series: IntArray
    level: IntArray
    column: IntArray

    def take(self, rows: IntArray) -> Stack:
        """The stack of some of the rows."""
        return Stack(self.series[rows], self.level[rows], self.column[rows])

    def groups(self) -> list[tuple[int, slice]]:
        """The rows of each level, level by level (rows are sorted by level)."""
        levels, first = np.unique(self.level, return_index=True)
        bounds = [*first.tolist(), self.level.size]
        return [(int(j), slice(bounds[i], bounds[i + 1])) for i, j in enumerate(levels)]


@dataclasses.dataclass(frozen=True, slots=True)
class StackFit:
    """SES fitted to the bucket sums of a stack."""

    stack: Stack
    counts: IntArray  # complete buckets per row
    last: FloatArray  # (rows,): the final level, the forecast of the next bucket's sum
    alpha: FloatArray  # (rows,)


class Periods:
    """A panel's values, their cumulative sums over time (built on first need), and
    a scratch buffer for the bucket sums of one stack at a time.

    The cumulative sums hold the series in ``order`` (column ``c`` is series
    ``order[c]``). The stacks of a call are summed and fitted one after the
    other, each done with its sums before the next: the buffer is reused, not
    allocated (and paged in) again for every stack.
    """

    def __init__(
        self,
        values: FloatArray,
        turns: AbstractContextManager[Any],
        order: IntArray,
        direct: bool = False,
    ) -> None:
        self.values = values
        self.direct = direct
        self.turns = turns
        self.order = order
        self._cumulative: FloatArray | None = None
        self._scratch: FloatArray | None = None

    @property
    def cumulative(self) -> FloatArray:
        """``(n_periods + 1, n_series)``: sums of the periods before each period."""
        if self._cumulative is None:
            n_periods, n_series = self.values.shape
            out = np.zeros((n_periods + 1, n_series))
            row = np.empty(n_series)
            for t in range(n_periods):  # one step per period: running_sum in ``order``
                self.values[t].take(self.order, out=row)
                np.add(out[t], row, out=out[t + 1])
            self._cumulative = out
        return self._cumulative

    def scratch(self, shape: tuple[int, int]) -> FloatArray:
        """A buffer of ``shape``, valid until the next request."""
        size = shape[0] * shape[1]
        if self._scratch is None or self._scratch.size < size:
            self._scratch = np.empty(size)
        return self._scratch[:size].reshape(shape)


def _bucket_series(periods: Periods, start: IntArray, stack: Stack) -> tuple[FloatArray, IntArray]:
    """Time-major bucket sums of every row, right-aligned, and each row's bucket count.

    Level 1's buckets are the periods themselves (every series in order: the
    panel, not a copy). A level $j \\ge 2$ either adds up each bucket's $j$
    periods (``periods.direct``, ADIDA: one level a series, so each period is
    read once) or takes differences of the cumulative sums at every $j$-th
    period (IMAPA: $T / j$ values per (series, level), not $T$). The rows
    before a row's first complete bucket hold its first bucket (as `backfill`
    does), so SES stays on it with zero errors. The sums live
    in ``periods``' scratch buffer until the next stack.
    """
    values = periods.values
    n_periods, n_series = values.shape
    counts = (n_periods - start[stack.series]) // stack.level
    n_buckets = int(counts.max())
    groups = stack.groups()
    whole = stack.series.size == n_series and bool(np.all(stack.series == np.arange(n_series)))
    if len(groups) == 1 and groups[0][0] == 1 and whole:
        return backfill(values, n_buckets - counts), counts  # level 1: the periods
    sums = periods.scratch((n_buckets, stack.series.size))
    for j, rows in groups:  # one step per level, every series at that level at once
        k = int(counts[rows].max())
        series = stack.series[rows]
        block = sums[n_buckets - k :, rows]  # a view
        if j == 1:
            block[...] = values[n_periods - k :, series]
        elif periods.direct:  # one level per series: add up its periods, in order
            first = n_periods - k * j
            if j <= DIRECT_STEPS:  # j strided gathers of k x rows, added in place
                block[...] = values[first::j][:, series]
                for i in range(1, j):
                    block += values[first + i :: j][:, series]
            else:  # one gather, then a sum over the j periods of each bucket
                spans = values[first:][:, series].reshape(k, j, -1)
                np.sum(spans, axis=1, out=block)
        else:
            columns = _as_range(stack.column[rows])
            edges = periods.cumulative[n_periods - k * j :: j, columns]  # (k + 1, rows)
            np.subtract(edges[1:], edges[:-1], out=block)
        _fill_front(sums[:, rows], n_buckets - counts[rows])
    return sums, counts


def _as_range(columns: IntArray) -> slice | IntArray:
    """Consecutive increasing columns as a slice (indexing then gives a view), else as they are."""
    if columns.size and bool(np.all(np.diff(columns) == 1)):
        return slice(int(columns[0]), int(columns[-1]) + 1)
    return columns


def _fill_front(sums: FloatArray, first: IntArray) -> None:
    """Set each column's rows before ``first`` to its value at ``first``, in place."""
    common = int(first.min())
    sums[:common] = sums[common]  # the rows before every column's first bucket
    late = np.flatnonzero(first > common)  # columns starting later (ragged histories)
    if late.size:
        part = sums[:, late]
        before = np.arange(sums.shape[0])[:, None] < first[late][None, :]
        sums[:, late] = np.where(before, part[first[late], np.arange(late.size)], part)


def _fit_stack(
    periods: Periods, start: IntArray, stack: Stack, alpha: FloatArray | None
) -> list[StackFit]:
    """Fit every row, in classes of bucket counts within a factor of two.

    Rows are right-aligned, so a row with few buckets would otherwise ride
    along, as padding, through the whole loop of the longest row.
    """
    n_periods = periods.values.shape[0]
    counts = (n_periods - start[stack.series]) // stack.level
    size_class = np.floor(np.log2(np.maximum(counts, 1))).astype(np.int64)
    fits = []
    for c in np.unique(size_class):
        rows = np.flatnonzero(size_class == c)
        part = stack.take(rows)
        given = None if alpha is None else alpha[part.series]
        fits.append(_fit_rows(periods, start, part, given))
    return fits


def _fit_rows(
    periods: Periods, start: IntArray, stack: Stack, alpha: FloatArray | None
) -> StackFit:
    x, counts = _bucket_series(periods, start, stack)
    level = x[0].copy()
    if alpha is None:
        alpha, last = fit_ses_alpha(x, level, INTERMITTENT_BOUNDS, None, periods.turns)
    else:
        last = ses_filter(x, level, alpha)
    return StackFit(stack, counts, last, alpha)


def _add_fitted(
    steps: FloatArray, periods: Periods, start: IntArray, fit: StackFit, weights: FloatArray
) -> None:
    """Add each row's bucket forecasts / level * weight to ``steps`` (a difference array).

    The bucket forecasts are the levels before each bucket, from SES re-run
    with the row's fitted parameter.
    """
    x, _ = _bucket_series(periods, start, fit.stack)
    bucket_fitted = np.empty_like(x)
    ses_filter(x, x[0].copy(), fit.alpha, bucket_fitted.T)
    n_periods = steps.shape[0] - 1
    n_buckets = bucket_fitted.shape[0]
    for j, rows in fit.stack.groups():
        k = int(fit.counts[rows].max())
        per_period = bucket_fitted[n_buckets - k :, rows] * (weights[rows] / j)[None, :]
        delta = per_period.copy()
        delta[1:] -= per_period[:-1]
        view = steps[n_periods - k * j : n_periods : j]
        view[:, fit.stack.series[rows]] += delta


def _fitted_builder(
    panel: Panel, order: IntArray, direct: bool, fits: list[tuple[StackFit, FloatArray]]
) -> FittedValues:
    """The in-sample path of ADIDA / IMAPA: each fit's bucket forecasts per period, weighted.

    The bucket sums are formed as the fit formed them (``order``, ``direct``).
    """

    def build() -> FloatArray:
        steps = np.zeros((panel.n_periods + 1, panel.n_series))
        periods = Periods(panel.values, panel.turns, order, direct)
        for fit, weights in fits:
            _add_fitted(steps, periods, panel.start, fit, weights)
        fitted = np.empty((panel.n_series, panel.n_periods), order="F")
        running_sum(steps[:-1], fitted.T)
        return fitted

    return build


def adida(panel: Panel, horizon: int, levels: IntArray, alpha: FloatArray | None) -> Forecast:
    """ADIDA: SES on sums over the mean inter-demand interval, spread evenly."""
    n = panel.n_series
    forecast = np.empty(n)
    fitted_alpha = np.empty(n)
    counts = np.empty(n, dtype=np.int64)
    order = np.argsort(levels, kind="stable")
    periods = Periods(panel.values, panel.turns, order, direct=True)
    stack = Stack(order, levels[order], np.arange(n))
    fits = _fit_stack(periods, panel.start, stack, alpha)
    for fit in fits:
        series = fit.stack.series
        forecast[series] = fit.last / fit.stack.level
        fitted_alpha[series] = fit.alpha
        counts[series] = fit.counts
    return finish(
        "adida",
        panel,
        forecast=np.repeat(forecast[:, None], horizon, axis=1),
        fitted=_fitted_builder(
            panel, order, True, [(fit, np.ones(fit.stack.series.size)) for fit in fits]
        ),
        first_fitted=panel.n_periods - (counts - 1) * levels,
        params={"smoothing_level": fitted_alpha, "aggregation_level": levels.astype(np.float64)},
    )


def _block(top: IntArray, order: IntArray, low: int) -> Stack:
    """The (series, level) pairs with levels in ``[low, 2 low)``, up to each series' top.

    ``order`` sorts ``top``: the series of a level are a range of its columns.
    Level 1 (every series, read from the panel itself) keeps the panel's order.
    """
    n = top.size
    if low == 1:
        return Stack(np.arange(n), np.ones(n, dtype=np.int64), np.argsort(order))
    levels = np.arange(low, min(2 * low, int(top.max()) + 1))
    first = np.searchsorted(top[order], levels)  # the columns of level j: [first, n)
    columns = np.concatenate([np.arange(f, n) for f in first.tolist()])
    level = np.repeat(levels, n - first)
    return Stack(order[columns], level, columns)


def imapa(panel: Panel, horizon: int, levels: IntArray) -> Forecast:
    """IMAPA: ADIDA averaged over the levels 1 to the mean inter-demand interval."""
    n = panel.n_series
    total = np.zeros(n)
    order = np.argsort(levels, kind="stable")
    periods = Periods(panel.values, panel.turns, order)
    first_fitted = panel.start + 1
    weights = 1.0 / levels
    fits: list[tuple[StackFit, FloatArray]] = []
    low = 1
    while low <= int(levels.max()):  # blocks of levels [1], [2, 3], [4, 7], ...
        for fit in _fit_stack(periods, panel.start, _block(levels, order, low), None):
            series, level = fit.stack.series, fit.stack.level
            total += np.bincount(series, fit.last / level, minlength=n)
            fits.append((fit, weights[series]))
            np.maximum.at(first_fitted, series, panel.n_periods - (fit.counts - 1) * level)
        low *= 2
    return finish(
        "imapa",
        panel,
        forecast=np.repeat((total / levels)[:, None], horizon, axis=1),
        fitted=_fitted_builder(panel, order, False, fits),
        first_fitted=first_fitted,
        params={"aggregation_level": levels.astype(np.float64)},
    )
