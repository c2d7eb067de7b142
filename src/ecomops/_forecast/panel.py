r"""The history panel every model reads, and the pieces of a result (private).

A history is converted once into a `Panel`: the values time-major (periods ×
series, so that a step of the time loop reads one contiguous row), each series'
first period, and the flags models need. Values before a series' start are set
to a neutral filler (0 here; models that need another fill do so themselves),
so the time loops need no per-series branches.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np

from ecomops._core.typing import GAP_POLICIES, BoolArray, FloatArray, GapPolicy, IntArray
from ecomops._core.validation import (
    as_float_array,
    as_int_array,
    check_option,
    raise_at,
    read_only,
)
from ecomops._forecast.result import FittedValues, Forecast, InSample
from ecomops.exceptions import InvalidInputError

__all__ = [
    "MAX_HORIZON",
    "History",
    "Panel",
    "check_horizon",
    "finish",
    "read_history",
    "running_sum",
]

#: Largest horizon accepted: ten thousand periods (27 years of days).
MAX_HORIZON = 10_000


@dataclasses.dataclass(frozen=True, slots=True)
class Panel:
    """A validated history: ``values[t, i]`` is period ``t`` of series ``i``.

    ``turns`` is held by loops of many short numpy calls (see `in_parts`): the
    parts of one panel fitted on threads take turns at them.
    """

    values: FloatArray  # (n_periods, n_series), time-major, 0 before start
    start: IntArray  # (n_series,)
    turns: contextlib.AbstractContextManager[Any] = dataclasses.field(
        default_factory=contextlib.nullcontext
    )

    @property
    def n_periods(self) -> int:
        return int(self.values.shape[0])

    @property
    def n_series(self) -> int:
        return int(self.values.shape[1])

    def no_demand(self) -> BoolArray:
        out: BoolArray = np.max(self.values, axis=0) <= 0  # values are >= 0: one reduction
        return out


def _as_2d(history: Any) -> FloatArray:
    h = as_float_array(history, "history", allow_nan=True, allow_inf=True)
    if h.ndim == 1:
        h = h[None, :]
    if h.ndim != 2:
        raise InvalidInputError(
            f"history must be 1- or 2-dimensional (series × periods); got shape {h.shape}"
        )
    if h.shape[0] == 0 or h.shape[1] == 0:
        raise InvalidInputError(
            f"history must have at least one series and one period; got shape {h.shape}"
        )
    return h


def _starts(h: FloatArray, start: Any, clean: bool) -> IntArray:
    n, n_periods = h.shape
    if start is None and clean:  # no NaN: every series starts at the first period
        return np.zeros(n, dtype=np.int64)
    if start is None:
        observed = ~np.isnan(h)
        raise_at(
            "history",
            "have at least one observation per series (a row is all NaN)",
            ~np.any(observed, axis=1),
            np.arange(n),
        )
        first: IntArray = np.argmax(observed, axis=1).astype(np.int64)
        return first
    s = as_int_array(start, "start")
    if s.ndim > 1:
        raise InvalidInputError(f"start must be one index per series; got shape {s.shape}")
    s = np.broadcast_to(s, (n,)) if s.ndim == 0 else s
    if s.shape[0] != n:
        raise InvalidInputError(f"start must have one index per series ({n}); got {s.shape[0]}")
    raise_at("start", f"be a period index in [0, {n_periods})", (s < 0) | (s >= n_periods), s)
    return s.astype(np.int64, copy=True)


def running_sum(values: FloatArray, out: FloatArray) -> FloatArray:
    """``out[t] = values[0] + ... + values[t]`` down the first (time) axis, row by row.

    The same additions in the same order as ``np.cumsum(values, axis=0)``, but
    one vector addition per period along contiguous rows: numpy's cumulative
    sum down the first axis of a large C-ordered array is about ten times
    slower. ``out`` may be any view of the shape of ``values``.
    """
    if values.shape[0]:
        out[0] = values[0]
    for t in range(1, values.shape[0]):  # one step per period
        np.add(out[t - 1], values[t], out=out[t])
    return out


#: Series per block of the time-major copy: each block reads whole rows and
#: writes strips that stay in cache.
TRANSPOSE_BLOCK = 128


def _time_major(h: FloatArray) -> FloatArray:
    """A time-major copy of a ``(series, periods)`` history, copied in blocks of series.

    numpy's copy of a transposed view walks one of the two arrays across rows,
    a cache miss per element on a large panel; blocks of `TRANSPOSE_BLOCK`
    series are about ten times faster.
    """
    n = h.shape[0]
    out = np.empty((h.shape[1], n))
    for i in range(0, n, TRANSPOSE_BLOCK):  # n / TRANSPOSE_BLOCK steps
        out[:, i : i + TRANSPOSE_BLOCK] = h[i : i + TRANSPOSE_BLOCK].T
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class History:
    """A checked history, series-major as given: ``rows[i, t]`` is period ``t`` of series ``i``.

    ``rows`` may be the caller's own array (only read, never kept): the
    `Panel` a model runs on, for all series or a range of them, is a
    time-major copy.
    """

    rows: FloatArray  # (n_series, n_periods), 0 before start, no NaN
    start: IntArray  # (n_series,)

    @property
    def n_series(self) -> int:
        return int(self.rows.shape[0])

    @property
    def n_periods(self) -> int:
        return int(self.rows.shape[1])

    @property
    def length(self) -> IntArray:
        """Observations per series. [periods]"""
        return self.n_periods - self.start

    def started(self) -> BoolArray:
        """``(n_series, n_periods)``: True from each series' start on."""
        out: BoolArray = np.arange(self.n_periods)[None, :] >= self.start[:, None]
        return out

    def panel(
        self,
        series: slice = slice(None),
        turns: contextlib.AbstractContextManager[Any] | None = None,
    ) -> Panel:
        """The time-major panel of ``series`` (a range of consecutive series)."""
        values = _time_major(self.rows[series])
        start = self.start[series].copy()
        return Panel(values, start) if turns is None else Panel(values, start, turns)


def read_history(history: Any, start: Any, gaps: GapPolicy) -> History:
    """Convert and check a history once (see `fit_forecast` for the rules)."""
    check_option(gaps, "gaps", GAP_POLICIES)
    h = _as_2d(history)
    # the common case in two reductions, without a temporary: NaN fails both comparisons
    clean = bool(np.min(h) >= 0) and bool(np.max(h) < np.inf)
    if not clean:
        as_float_array(h, "history", allow_nan=True)  # refuses infinity, naming the first
    s = _starts(h, start, clean)
    if np.any(s > 0):
        h = np.where(np.arange(h.shape[1])[None, :] >= s[:, None], h, 0.0)
    if clean:
        return History(rows=h, start=s)
    missing = np.isnan(h)
    if missing.any():
        if gaps == "refuse":
            raise_at(
                "history",
                'have no NaN after a series starts (gaps="zero" reads a gap as no sales)',
                missing,
                h,
            )
        h = np.where(missing, 0.0, h)
    raise_at("history", "be >= 0 (demand cannot be negative)", h < 0, h)
    return History(rows=h, start=s)


def check_horizon(horizon: Any) -> int:
    """A horizon: a whole number of periods in ``[1, MAX_HORIZON]``."""
    if isinstance(horizon, bool | np.bool_) or not isinstance(horizon, int | np.integer):
        raise InvalidInputError(f"horizon must be a whole number of periods; got {horizon!r}")
    if not 1 <= int(horizon) <= MAX_HORIZON:
        raise InvalidInputError(f"horizon must be in [1, {MAX_HORIZON}]; got {int(horizon)}")
    return int(horizon)


def finish(
    method: str,
    panel: Panel,
    *,
    forecast: FloatArray,
    fitted: FittedValues,
    first_fitted: IntArray,
    params: Mapping[str, FloatArray],
    season_length: int = 1,
) -> Forecast:
    """Assemble the result; the in-sample path is left to ``fitted``, run on first use.

    ``forecast`` is ``(n_series, horizon)``; ``fitted()`` returns ``(n_series,
    n_periods)`` (any memory order), overwritten before ``first_fitted``.
    """
    first = read_only(np.minimum(first_fitted, panel.n_periods).astype(np.int64))
    return Forecast(
        method=method,
        forecast=read_only(np.ascontiguousarray(forecast)),
        params=params,
        start=read_only(panel.start.copy()),
        first_fitted=first,
        no_demand=read_only(panel.no_demand()),
        season_length=season_length,
        _insample=InSample(fitted, panel.values, first),
    )
