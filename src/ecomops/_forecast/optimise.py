r"""Vectorised parameter search: every series' parameters at once (private).

The objective is the in-sample sum of squared one-step-ahead errors (SSE, the
MSE times a constant per series). Each evaluation is one time loop over all
series and all candidate values together, so the cost is a few passes over
the panel, never a loop over series.

* `minimise_scalar` (one parameter): a geometric grid (finer near 0, where
  the minima of intermittent series lie), its neighbouring values at most
  ``GRID_RATIO`` apart, bounds included (11 values over SES's $[0.01, 0.99]$,
  4 over $[0.1, 0.3]$); then, from the vertex of the parabola through the best
  grid value and its neighbours, safeguarded steps on the exact derivatives
  of the SSE inside the two grid cells around the best grid value: Newton's
  first, then Halley's (the Newton step divided by $1 - f' f''' / (2 f''^2)$
  where that correction is at most `HALLEY_LIMIT`; Press et al., *Numerical
  Recipes*, 3rd ed., sec. 9.4), which converge cubically and save a pass. A
  step that would leave the bracket, or meets negative curvature, bisects it;
  the sign of the derivative shrinks it. Each series stops once its own step
  is at most ``TOLERANCE`` of the interval, so its answer does not depend on
  the other series of the call; later steps run on the series still moving
  only (restricted to them once the moving set halves). The best value
  evaluated wins, with the final state of the pass that evaluated it. Where
  the SSE does not depend on the parameter at all (a constant series, a
  single demand, two buckets), the data cannot tell, and the middle of the
  interval is taken, as statsforecast's golden-section search ends there too.
* `minimise_box` (two or three parameters): a grid, then a pattern search that
  halves its step each round and moves each series to the best of the
  ``3**d`` neighbours of its current point.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ecomops._core.typing import BoolArray, FloatArray, IntArray

__all__ = [
    "GRID_RATIO",
    "HALLEY_LIMIT",
    "NEWTON_STEPS",
    "PATTERN_ROUNDS",
    "SHORT_CALLS",
    "TOLERANCE",
    "grid_values",
    "minimise_box",
    "minimise_scalar",
]

#: Largest ratio of neighbouring values of a one-parameter grid.
GRID_RATIO = 1.6
#: Newton steps after the grid.
NEWTON_STEPS = 12
#: Largest relative correction of a Newton step by Halley's (third-derivative) term.
HALLEY_LIMIT = 0.5
#: A series stops once its Newton step is at most this fraction of the interval.
TOLERANCE = 1e-7
#: Halvings of the pattern step after the grid of a box search.
PATTERN_ROUNDS = 14
#: Candidates per period below which a pass's numpy calls are short enough to
#: take turns (see `minimise_scalar`).
SHORT_CALLS = 10_000

#: (n, k) candidates -> the (n, k) SSE and the (n, k) state each run ends in.
SSE = Callable[[FloatArray], tuple[FloatArray, FloatArray]]
#: (n,) candidates and the highest derivative wanted (2 or 3) -> SSE, its first,
#: second and (None or) third derivatives, and the final state, each (n,).
Derivatives = Callable[
    [FloatArray, int], tuple[FloatArray, FloatArray, FloatArray, FloatArray | None, FloatArray]
]
#: The SSE derivatives of the series ``rows`` (all series for None), for their candidates.
Restrict = Callable[[IntArray | None], Derivatives]
BoxSSE = Callable[[FloatArray], FloatArray]  # (d, n, k) candidates -> (n, k) SSE


def grid_values(low: float, high: float) -> FloatArray:
    """Geometric grid over ``[low, high]``, neighbours at most `GRID_RATIO` apart."""
    count = int(np.ceil(np.log(high / low) / np.log(GRID_RATIO) - 1e-9)) + 1
    return np.geomspace(low, high, max(count, 3))


def minimise_scalar(
    sse: SSE,
    derivatives: Restrict,
    n: int,
    low: float,
    high: float,
    turns: contextlib.AbstractContextManager[Any] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Per-series minimiser in ``[low, high]`` of a smooth one-parameter SSE.

    Returns the minimiser and the final state of the run that evaluated it
    (the last level of SES: no further pass is needed to forecast). Where the
    SSE is flat on the grid, the middle of the interval is taken: the first
    Newton pass evaluates it there, and the series stops.

    A pass over fewer than `SHORT_CALLS` candidates a period is made holding
    ``turns``: its numpy calls are so short that, run on two threads at once,
    they spend more time handing the interpreter lock back and forth than
    computing; the parts of a panel fitted on threads take turns at them.
    """
    grid = grid_values(low, high)
    size = grid.size
    with _turn(turns, n * size):
        values, states = sse(np.broadcast_to(grid, (n, size)))
    best_index = np.argmin(values, axis=1)
    best = grid[best_index]
    best_sse = values[np.arange(n), best_index]
    best_state = states[np.arange(n), best_index]
    flat = np.ptp(values, axis=1) <= 1e-12 * np.max(values, axis=1)
    lo = grid[np.maximum(best_index - 1, 0)]
    hi = grid[np.minimum(best_index + 1, size - 1)]
    x = _parabola_vertex(grid, values, best_index, lo, hi)
    middle = (low + high) / 2
    x[flat], lo[flat], hi[flat] = middle, middle, middle  # evaluated once, then stops
    rows = np.arange(n)  # the series the current derivative function covers
    moving = np.ones(n, dtype=bool)
    evaluate = derivatives(None)
    for i in range(NEWTON_STEPS):
        order = 2 if i == 0 else 3  # Newton, then Halley's steps near the minimum
        bests = (best, best_sse, best_state)
        taken = flat[rows] if i == 0 else None
        with _turn(turns, rows.size):
            step = _newton_step(evaluate, order, rows, moving[rows], x, lo, hi, bests, taken)
        still = np.abs(step) > TOLERANCE * (high - low)
        moving[rows] = still
        if not still.any():
            break
        if 2 * np.count_nonzero(still) <= rows.size:  # gather the moving series' columns
            rows = rows[still]
            evaluate = derivatives(rows)
    return best, best_state


def _turn(turns: contextlib.AbstractContextManager[Any] | None, width: int) -> Any:
    """``turns`` for a pass of ``width`` candidates a period if that is short, else nothing."""
    return turns if turns is not None and width < SHORT_CALLS else contextlib.nullcontext()


def _newton_step(
    evaluate: Derivatives,
    order: int,
    rows: IntArray,
    moving: BoolArray,
    x: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    bests: tuple[FloatArray, FloatArray, FloatArray],
    taken: BoolArray | None = None,
) -> FloatArray:
    """One safeguarded Newton step of the moving series among ``rows``; updates in place.

    ``bests`` are the best value evaluated so far, its SSE and its final state;
    where ``taken``, the value evaluated now replaces it whatever its SSE.
    Returns the step of each of ``rows`` (0 for a series that has stopped).
    """
    xr, lo_r, hi_r = x[rows], lo[rows], hi[rows]
    value, gradient, curvature, third, state = evaluate(xr, order)
    best, best_sse, best_state = bests
    better = moving & (value < best_sse[rows])
    if taken is not None:
        better |= taken
    best[rows] = np.where(better, xr, best[rows])
    best_sse[rows] = np.where(better, value, best_sse[rows])
    best_state[rows] = np.where(better, state, best_state[rows])
    lo_r = np.where(moving & (gradient < 0), xr, lo_r)  # the minimum lies downhill of each end
    hi_r = np.where(moving & (gradient > 0), xr, hi_r)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        newton = gradient / curvature
        if third is not None:  # Halley's correction, where it is a modest one
            ratio = 0.5 * newton * third / curvature
            newton = np.where(np.abs(ratio) <= HALLEY_LIMIT, newton / (1.0 - ratio), newton)
        newton = xr - newton
    inside = (curvature > 0) & (newton >= lo_r) & (newton <= hi_r)
    step: FloatArray = np.where(moving, np.where(inside, newton, (lo_r + hi_r) / 2) - xr, 0.0)
    x[rows] = xr + step
    lo[rows], hi[rows] = lo_r, hi_r
    return step


def _parabola_vertex(
    grid: FloatArray, values: FloatArray, index: IntArray, lo: FloatArray, hi: FloatArray
) -> FloatArray:
    """The vertex of the parabola through the best grid value and its neighbours.

    Newton's first step then starts near the minimum; at an end of the grid,
    or where the three values are not convex, the best grid value itself.
    """
    rows = np.arange(values.shape[0])
    last = values.shape[1] - 1
    i0, i2 = np.maximum(index - 1, 0), np.minimum(index + 1, last)
    x0, x1, x2 = grid[i0], grid[index], grid[i2]
    f0, f1, f2 = values[rows, i0], values[rows, index], values[rows, i2]
    p, q = (x1 - x0) * (f1 - f2), (x1 - x2) * (f1 - f0)
    denominator = p - q
    with np.errstate(divide="ignore", invalid="ignore"):
        vertex = x1 - 0.5 * ((x1 - x0) * p - (x1 - x2) * q) / denominator
        convex = (f0 - f1) / (x1 - x0) + (f2 - f1) / (x2 - x1) > 0
    interior = (index > 0) & (index < last) & convex & (denominator != 0)
    out: FloatArray = np.clip(np.where(interior, vertex, x1), lo, hi)
    return out


def minimise_box(
    sse: BoxSSE,
    n: int,
    bounds: Sequence[tuple[float, float]],
    grid: int,
    fixed: Sequence[FloatArray | None],
) -> list[FloatArray]:
    """Per-series minimiser of an SSE over a box of ``d`` parameters.

    ``sse`` takes candidates of shape ``(d, n, k)`` and returns ``(n, k)``;
    a parameter given in ``fixed`` (one value per series) is held there.
    """
    d = len(bounds)
    axes = [np.linspace(lo, hi, grid) for lo, hi in bounds]
    mesh = np.stack([a.reshape(-1) for a in np.meshgrid(*axes, indexing="ij")])  # (d, k)
    candidates = _hold(np.broadcast_to(mesh[:, None, :], (d, n, mesh.shape[1])), fixed)
    best = candidates[:, np.arange(n), np.argmin(sse(candidates), axis=1)]  # (d, n)
    steps = np.array([(hi - lo) / (grid - 1) for lo, hi in bounds])
    unit = [np.array([-1.0, 0.0, 1.0])] * d
    moves = np.stack([m.reshape(-1) for m in np.meshgrid(*unit, indexing="ij")])  # (d, 3**d)
    low = np.array([b[0] for b in bounds])[:, None, None]
    high = np.array([b[1] for b in bounds])[:, None, None]
    for _ in range(PATTERN_ROUNDS):
        steps = steps / 2
        moved = best[:, :, None] + (steps[:, None] * moves)[:, None, :]
        candidates = _hold(np.clip(moved, low, high), fixed)
        best = candidates[:, np.arange(n), np.argmin(sse(candidates), axis=1)]
    return list(best)


def _hold(candidates: FloatArray, fixed: Sequence[FloatArray | None]) -> FloatArray:
    """Candidates with the given parameters put back in place."""
    out = np.array(candidates)
    for i, value in enumerate(fixed):
        if value is not None:
            out[i] = value[:, None]
    return out
