r"""Vectorised parameter search: every series' parameters at once (private).

The objective is the in-sample sum of squared one-step-ahead errors (SSE, the
MSE times a constant per series). Each evaluation is one time loop over all
series and all candidate values together, so the cost is a few passes over
the panel, never a loop over series.

* `minimise_scalar` (one parameter): a grid of ``GRID`` values, then
  safeguarded Newton steps on the exact first and second derivatives of the
  SSE inside the two grid cells around the best grid value (a step that
  would leave the bracket, or meets negative curvature, bisects it; the sign
  of the derivative shrinks it) until no series moves by more than
  ``TOLERANCE`` of the interval, and the best value evaluated wins. Where the SSE
  does not depend on the parameter at all (a constant series, a single
  demand, two buckets), the data cannot tell, and the middle of the interval
  is taken, as statsforecast's golden-section search ends there too.
* `minimise_box` (two or three parameters): a grid, then a pattern search that
  halves its step each round and moves each series to the best of the
  ``3**d`` neighbours of its current point.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ecomops._core.typing import FloatArray

__all__ = ["GRID", "NEWTON_STEPS", "PATTERN_ROUNDS", "TOLERANCE", "minimise_box", "minimise_scalar"]

#: Grid values of a one-parameter search, bounds included.
GRID = 11
#: Newton steps after the grid.
NEWTON_STEPS = 8
#: Newton stops once no series moves by more than this fraction of the interval.
TOLERANCE = 1e-7
#: Halvings of the pattern step after the grid of a box search.
PATTERN_ROUNDS = 14

SSE = Callable[[FloatArray], FloatArray]  # (n, k) candidates -> (n, k) SSE
Derivatives = Callable[[FloatArray], tuple[FloatArray, FloatArray, FloatArray]]
BoxSSE = Callable[[FloatArray], FloatArray]  # (d, n, k) candidates -> (n, k) SSE


def minimise_scalar(
    sse: SSE, derivatives: Derivatives, n: int, low: float, high: float
) -> FloatArray:
    """Per-series minimiser in ``[low, high]`` of a smooth one-parameter SSE."""
    grid = np.linspace(low, high, GRID)
    values = sse(np.broadcast_to(grid, (n, GRID)))
    best_index = np.argmin(values, axis=1)
    best = grid[best_index]
    best_sse = values[np.arange(n), best_index]
    flat = np.ptp(values, axis=1) <= 1e-12 * np.max(values, axis=1)
    step = (high - low) / (GRID - 1)
    lo = np.maximum(best - step, low)
    hi = np.minimum(best + step, high)
    x = best.copy()
    for _ in range(NEWTON_STEPS):
        value, gradient, curvature = derivatives(x)
        better = value < best_sse
        best = np.where(better, x, best)
        best_sse = np.where(better, value, best_sse)
        lo = np.where(gradient < 0, x, lo)  # the minimum lies downhill of each end
        hi = np.where(gradient > 0, x, hi)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = x - gradient / curvature
        inside = (curvature > 0) & (newton > lo) & (newton < hi)
        step = np.where(inside, newton, (lo + hi) / 2) - x
        x = x + step
        if not np.any(np.abs(step) > TOLERANCE * (high - low)):
            break
    out: FloatArray = np.where(flat, (low + high) / 2, best)
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
