r"""Large panels fitted in parts of consecutive series, on several threads (private).

Every model computes each series from its own history only (the optimiser
stops per series too), so a panel split by series and joined again gives the
same numbers, bit for bit, as one pass. The time loops spend their time in
numpy operations, which release the interpreter lock, so parts run in parallel
on the machine's cores. Small panels run in one part: the threads would cost
more than they save.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ecomops._core.typing import FloatArray
from ecomops._forecast.panel import History, Panel
from ecomops._forecast.result import Forecast, InSample

__all__ = ["MAX_THREADS", "MIN_PART_CELLS", "MIN_PART_SERIES", "in_parts", "thread_count"]

#: Threads at most, whatever the machine (memory bandwidth, not cores, limits beyond).
MAX_THREADS = 4
#: Fewest series of a part.
MIN_PART_SERIES = 2_000
#: Fewest cells (series x periods) of a part.
MIN_PART_CELLS = 1_000_000

Given = dict[str, FloatArray | None]
Model = Callable[[Panel, Given], Forecast]


def thread_count() -> int:
    """The cores this process may run on, at most `MAX_THREADS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without affinity (macOS, Windows)
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_THREADS))


def _parts(history: History) -> int:
    by_series = history.n_series // MIN_PART_SERIES
    by_cells = history.n_series * history.n_periods // MIN_PART_CELLS
    return max(1, min(thread_count(), by_series, by_cells))


def in_parts(model: Model, history: History, given: Given) -> Forecast:
    """``model`` on the history's panel; on parts of its series in parallel when large.

    Each part's time-major copy is made in its own thread too. The history has
    been checked whole before (errors name the caller's indices).
    """
    parts = _parts(history)
    if parts == 1:
        return model(history.panel(), given)
    bounds = np.linspace(0, history.n_series, parts + 1).astype(np.int64)
    pieces = [slice(int(a), int(b)) for a, b in itertools.pairwise(bounds.tolist())]
    turns = threading.Lock()

    def run(series: slice) -> Forecast:
        return model(history.panel(series, turns), _given(given, series))

    with ThreadPoolExecutor(max_workers=parts) as pool:
        results = list(pool.map(run, pieces))
    return _join(results)


def _given(given: Given, series: slice) -> Given:
    return {k: None if v is None else v[series] for k, v in given.items()}


def _join(results: list[Forecast]) -> Forecast:
    """One forecast of the whole panel from the forecasts of its consecutive parts."""
    first = results[0]
    first_fitted = np.concatenate([r.first_fitted for r in results])
    return Forecast(
        method=first.method,
        forecast=np.concatenate([r.forecast for r in results]),
        params={k: np.concatenate([r.params[k] for r in results]) for k in first.params},
        start=np.concatenate([r.start for r in results]),
        first_fitted=first_fitted,
        no_demand=np.concatenate([r.no_demand for r in results]),
        season_length=first.season_length,
        _insample=InSample.join([r._insample for r in results]),
    )
