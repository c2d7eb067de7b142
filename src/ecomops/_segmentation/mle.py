r"""Maximum likelihood on sufficient statistics for the CLV models (private).

A purchase-history model's likelihood depends on a customer only through
$(x, t_x, T)$, so a fit runs on the weighted distinct triples
(`frequency_data`), and every term that depends on $x$ alone (the gamma,
beta and digamma functions) is evaluated once per distinct $x$ and gathered
(`DistinctCounts`). Weighted sums are 1-D reductions written with
``np.einsum`` so they never go through BLAS (whose threads fight over a small
machine's cores in 1-D dot products). The optimiser works on log-parameters;
standard errors come from the inverse Hessian, by central differences of the
analytic gradient where the model has one ($2k$ gradient evaluations instead
of the $1 + 2k^2$ likelihood evaluations of a Hessian from values).

References
----------
1. Nocedal, J. and Wright, S. J. (2006), *Numerical Optimization*, 2nd ed.,
   Springer, sections 7.2 (L-BFGS) and 8.1 (finite-difference derivatives).
2. Fader, P. S. and Hardie, B. G. S. (2005), "A note on deriving the
   Pareto/NBD model and related expressions" and "Implementing the BG/NBD model
   for customer base analysis in Excel": the likelihood depends on
   $(x, t_x, T)$ alone.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ecomops._core.typing import FloatArray
from ecomops._core.validation import as_float_array, check_range, raise_at
from ecomops.exceptions import InfeasibleProblemError, InvalidInputError

__all__ = [
    "LOG_BOUND",
    "DistinctCounts",
    "LogLikelihood",
    "Optimum",
    "frequency_data",
    "maximise",
    "weighted_sum",
]

LOG_BOUND = 18.0  # estimates are accepted in exp([-18, 18]) ~ [1.5e-8, 6.6e7]
_SEARCH_LIMIT = LOG_BOUND + 4.0  # trial points beyond it count as infinitely bad
_BFGS_ITERATIONS = 100  # well-posed fits converge in 10-50

#: A log-likelihood at parameters: its value and its gradient (None when the model has none).
LogLikelihood = Callable[[FloatArray], tuple[float, FloatArray | None]]


#: Below this length a 1-D dot product runs on one thread anyway, and ``np.dot``
#: has the smaller call overhead.
_SMALL = 4096


def weighted_sum(w: FloatArray, v: FloatArray) -> float:
    """``sum(w * v)`` as a 1-D reduction that does not depend on BLAS threading."""
    if w.shape[0] < _SMALL:
        return float(np.dot(w, v))
    return float(np.einsum("i,i->", w, v))


def frequency_data(
    repeat_count: Any, t_x: Any, T: Any, weights: Any
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Validate (x, t_x, T[, w]) and collapse them to weighted distinct triples.

    Equal triples are brought together by one stable sort of a 64-bit hash of
    their bits (a third of the time of a lexicographic sort of three float
    keys, which day-grained data need no more than continuous data, where no
    two customers are alike); two distinct triples that share a hash stay
    apart, since only equal neighbours are merged. Weights of equal triples
    are summed in input order. The distinct triples come back sorted by x.
    """
    x = as_float_array(repeat_count, "repeat_count", ndim=1)
    tx = as_float_array(t_x, "t_x", ndim=1)
    tt = as_float_array(T, "T", ndim=1)
    lengths = {"repeat_count": x.shape[0], "t_x": tx.shape[0], "T": tt.shape[0]}
    if weights is None:
        w = np.ones(x.shape[0])
    else:
        w = as_float_array(weights, "weights", ndim=1)
        lengths["weights"] = w.shape[0]
        check_range(w, "weights", ge=0)
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{k} has {v}" for k, v in lengths.items())
        raise InvalidInputError(f"inputs must have the same length; {shown}")
    if x.shape[0] == 0:
        raise InvalidInputError("repeat_count must hold at least one customer")
    check_range(x, "repeat_count", ge=0)
    raise_at("repeat_count", "be a whole number", x != np.floor(x), x)
    check_range(tx, "t_x", ge=0)
    check_range(tt, "T", ge=0)
    raise_at("t_x", "be <= T", tx > tt, tx)
    raise_at("t_x", "be 0 when repeat_count is 0", (x == 0) & (tx != 0), tx)
    order = np.argsort(_triple_hash(x, tx, tt), kind="stable")  # equal triples side by side
    xs, txs, tts, ws = x[order], tx[order], tt[order], w[order]
    start = np.ones(xs.shape[0], dtype=bool)
    start[1:] = (xs[1:] != xs[:-1]) | (txs[1:] != txs[:-1]) | (tts[1:] != tts[:-1])
    idx = np.flatnonzero(start)
    wsum = np.add.reduceat(ws, idx)
    positive = wsum > 0
    if not positive.any():
        raise InvalidInputError("weights must not all be 0")
    first, total = idx[positive], wsum[positive]
    order = np.argsort(xs[first], kind="stable")  # one count's triples together: local gathers
    first, total = first[order], total[order]
    return xs[first], txs[first], tts[first], total


def _triple_hash(x: FloatArray, tx: FloatArray, tt: FloatArray) -> np.ndarray:
    """A 64-bit hash of each (x, t_x, T)'s bits (multiplications modulo 2**64)."""
    bits = [np.ascontiguousarray(v, dtype=np.float64).view(np.uint64) for v in (x, tx, tt)]
    out: np.ndarray = bits[0] * np.uint64(0x9E3779B97F4A7C15)
    out ^= bits[1] * np.uint64(0xC2B2AE3D27D4EB4F)
    out ^= bits[2] * np.uint64(0x165667B19E3779F9)
    return out


@dataclasses.dataclass(frozen=True)
class DistinctCounts:
    """Rows grouped by their count: ``values[index]`` is each row's count.

    ``weights`` is the total row weight of each distinct count, so that
    ``sum_i w_i f(x_i) = sum_u weights_u f(values_u)`` costs one evaluation of
    ``f`` per distinct count. ``gather`` spreads per-count values to the rows;
    ``total`` sums per-row values by count.
    """

    values: FloatArray
    index: np.ndarray
    weights: FloatArray

    @classmethod
    def of(cls, x: FloatArray, w: FloatArray) -> DistinctCounts:
        """Group the rows of ``x`` (weights ``w``)."""
        values, index = np.unique(x, return_inverse=True)
        index = index.astype(np.int32 if values.shape[0] < 2**31 else np.intp)
        totals = np.bincount(index, weights=w, minlength=values.shape[0])
        return cls(values, index, totals.astype(np.float64, copy=False))

    def gather(self, per_count: FloatArray) -> FloatArray:
        """Per-count values spread to the rows."""
        out: FloatArray = per_count[self.index]
        return out

    def total(self, per_row: FloatArray) -> FloatArray:
        """Per-row values summed by count."""
        out = np.bincount(self.index, weights=per_row, minlength=self.values.shape[0])
        return out.astype(np.float64, copy=False)


@dataclasses.dataclass(frozen=True)
class Optimum:
    params: FloatArray
    log_likelihood: float
    standard_errors: FloatArray
    iterations: int


Objective = Callable[[FloatArray], tuple[float, FloatArray]]


def _objective(loglik: LogLikelihood, total_weight: float) -> Objective:
    """The mean negative log-likelihood over log-parameters, with its gradient (0 if none)."""

    def objective(theta: FloatArray) -> tuple[float, FloatArray]:
        if not np.all(np.abs(theta) <= _SEARCH_LIMIT):  # beyond any estimate we would accept
            return 1e300, np.zeros_like(theta)
        p = np.exp(theta)
        with np.errstate(all="ignore"):  # a trial point far out may overflow: rejected below
            value, grad = loglik(p)
        if not math.isfinite(value) or (grad is not None and not np.all(np.isfinite(grad))):
            return 1e300, np.zeros_like(theta)
        g = np.zeros_like(theta) if grad is None else -grad * p / total_weight
        return -value / total_weight, g

    return objective


def _hessian_from_values(f: Callable[[FloatArray], float], theta: FloatArray) -> FloatArray:
    """Central-difference Hessian of ``f`` at ``theta`` from values (step 1e-4)."""
    k = theta.shape[0]
    h = 1e-4
    out = np.empty((k, k))
    f0 = f(theta)
    for i in range(k):
        e_i = np.zeros(k)
        e_i[i] = h
        out[i, i] = (f(theta + e_i) - 2 * f0 + f(theta - e_i)) / h**2
        for j in range(i):
            e_j = np.zeros(k)
            e_j[j] = h
            val = (
                f(theta + e_i + e_j)
                - f(theta + e_i - e_j)
                - f(theta - e_i + e_j)
                + f(theta - e_i - e_j)
            ) / (4 * h**2)
            out[i, j] = out[j, i] = val
    return out


def _hessian_from_gradient(g: Callable[[FloatArray], FloatArray], theta: FloatArray) -> FloatArray:
    """Central-difference Hessian from an analytic gradient ``g`` (step 1e-5), symmetrised."""
    k = theta.shape[0]
    h = 1e-5
    out = np.empty((k, k))
    for i in range(k):
        e_i = np.zeros(k)
        e_i[i] = h
        out[:, i] = (g(theta + e_i) - g(theta - e_i)) / (2 * h)
    sym: FloatArray = (out + out.T) / 2
    return sym


def _central_gradient(objective: Objective) -> Objective:
    """``objective`` with its gradient by central differences (step 1e-6 in log-parameters).

    For models without an analytic gradient: twice the evaluations of forward
    differences, but a gradient accurate to ~1e-10 instead of ~1e-8, so the
    quasi-Newton iterations do not wander once near the optimum.
    """
    h = 1e-6

    def with_gradient(theta: FloatArray) -> tuple[float, FloatArray]:
        value = objective(theta)[0]
        grad = np.empty_like(theta)
        for i in range(theta.shape[0]):
            e = np.zeros_like(theta)
            e[i] = h
            grad[i] = (objective(theta + e)[0] - objective(theta - e)[0]) / (2 * h)
        return value, grad

    return with_gradient


#: Largest gradient component of the mean log-likelihood (in log-parameters) at
#: which a line search that stalls is taken to have stalled at the optimum.
_STATIONARY = 1e-6


def _stationary(objective: Objective, theta: FloatArray, bounds: list[tuple[float, float]]) -> bool:
    """Whether ``theta`` is interior and the gradient there is rounding-level small.

    L-BFGS-B reports an abnormal line search when the objective's decrease
    drowns in rounding before its tolerance is met: at the optimum, that is
    success; the Newton step that follows finishes the job.
    """
    lo, hi = bounds[0]
    if np.any(theta <= lo) or np.any(theta >= hi):
        return False
    return bool(np.max(np.abs(objective(theta)[1])) < _STATIONARY)


def _initial_inverse_hessian(objective: Objective, start: FloatArray) -> FloatArray:
    """The inverse Hessian at the start, when positive definite (identity otherwise).

    BFGS started from the identity spends its first iterations learning the
    parameters' scales; started from the curvature at the start it converges
    in about half the iterations on the CLV likelihoods.
    """
    hess = _hessian_from_gradient(lambda th: objective(th)[1], start)
    try:
        raw = np.linalg.inv(hess)
        inverse: FloatArray = (raw + raw.T) / 2
        np.linalg.cholesky(inverse)
    except np.linalg.LinAlgError:
        return np.eye(start.shape[0])
    return inverse


def _minimise(objective: Objective, start: FloatArray) -> tuple[Any, int]:
    """BFGS over log-parameters; bounded L-BFGS-B, then Nelder-Mead, where BFGS does not converge.

    scipy's BFGS runs in Python on k x k arrays, while L-BFGS-B's compiled
    routine calls BLAS on small matrices and ran 7-10x slower on a loaded
    two-core machine when BLAS threads competed for the cores. Well-posed fits
    converge within ``_BFGS_ITERATIONS``; a fit still searching by then is in a
    flat valley running to a boundary (an unidentified parameter), where the
    bounded search finds where the estimate leaves the accepted range.
    """
    from scipy.optimize import minimize

    bounds = [(-LOG_BOUND, LOG_BOUND)] * start.shape[0]
    res = minimize(
        objective, start, jac=True, method="BFGS",
        options={"maxiter": _BFGS_ITERATIONS, "gtol": 1e-9,
                 "hess_inv0": _initial_inverse_hessian(objective, start)},
    )  # fmt: skip
    inside = bool(np.all(np.abs(res.x) < LOG_BOUND))
    if inside and (res.success or _stationary(objective, res.x, bounds)):
        return res, int(res.nit)
    restart = np.clip(res.x, -LOG_BOUND, LOG_BOUND)
    opts = {"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-10, "maxcor": 20}
    res2 = minimize(objective, restart, jac=True, method="L-BFGS-B", bounds=bounds, options=opts)
    iterations = int(res.nit) + int(res2.nit)
    if res2.success or _stationary(objective, res2.x, bounds):
        return res2, iterations
    res3 = minimize(  # e.g. a line search lost in a flat direction: polish without gradients
        lambda th: objective(th)[0], res2.x, method="Nelder-Mead", bounds=bounds,
        options={"xatol": 1e-9, "fatol": 1e-14, "maxfev": 200 * start.shape[0]},
    )  # fmt: skip
    return (res3 if res3.fun <= res2.fun else res2), iterations + int(res3.nit)


def _check_interior(
    theta: FloatArray, names: tuple[str, ...], model: str, dropout: dict[str, str]
) -> None:
    """Refuse an estimate at the search boundary, saying what the data fail to show."""
    at_bound = np.abs(theta) > LOG_BOUND - 0.5
    if at_bound.any():
        which = [names[i] for i in np.flatnonzero(at_bound)]
        hints = [dropout[n] for n in which if n in dropout]
        hint = hints[0] if hints else "the data do not identify the model"
        raise InfeasibleProblemError(
            f"{model}: the maximum likelihood estimate runs to the boundary "
            f"({', '.join(f'{n}={math.exp(theta[names.index(n)]):.3g}' for n in which)}): "
            f"{hint}"
        )


def _standard_errors(hess: FloatArray) -> FloatArray:
    """Square roots of the inverse Hessian's diagonal (NaN where it is not positive)."""
    try:
        diag = np.diag(np.linalg.inv(hess))
    except np.linalg.LinAlgError:
        return np.full(hess.shape[0], np.nan)
    return np.where(diag > 0, np.sqrt(np.abs(diag)), np.nan)


def maximise(
    loglik: LogLikelihood,
    start: FloatArray,
    total_weight: float,
    names: tuple[str, ...],
    model: str,
    dropout: dict[str, str],
) -> Optimum:
    """Maximise a weighted log-likelihood over log-parameters, with standard errors.

    Standard errors: delta method on the inverse Hessian of the log-likelihood
    in log-parameters, the Hessian by central differences of the analytic
    gradient when ``loglik`` returns one, of values otherwise. ``dropout``
    maps a parameter to the message given when its estimate runs to the
    boundary.
    """
    objective = _objective(loglik, total_weight)
    has_grad = loglik(np.exp(start))[1] is not None
    search = objective if has_grad else _central_gradient(objective)
    best, iterations = _minimise(search, start)
    theta = np.clip(best.x, -LOG_BOUND, LOG_BOUND)
    value = -float(objective(theta)[0]) * total_weight
    if not math.isfinite(value) or value < -1e299:
        raise InfeasibleProblemError(f"{model}: the likelihood is not finite at any point tried")
    _check_interior(theta, names, model, dropout)
    if has_grad:
        hess = _hessian_from_gradient(lambda th: objective(th)[1], theta)
    else:
        hess = _hessian_from_values(lambda th: float(objective(th)[0]), theta)
    theta, value = _newton_polish(search, theta, hess, value, total_weight)
    params = np.exp(theta)
    with np.errstate(over="ignore"):  # a huge estimate's standard error is inf, not a warning
        errors = params * _standard_errors(hess * total_weight)
    return Optimum(params, value, errors, iterations)


def _newton_polish(
    objective: Objective, theta: FloatArray, hess: FloatArray, value: float, total_weight: float
) -> tuple[FloatArray, float]:
    """One Newton step from the quasi-Newton optimum, kept if the likelihood improves.

    L-BFGS-B stops when the objective's relative decrease reaches rounding
    noise, which on a million customers leaves the estimates a few 1e-6 from
    the optimum; one Newton step with the Hessian computed for the standard
    errors anyway brings them to rounding error (quadratic convergence).
    """
    try:
        step = np.linalg.solve(hess, objective(theta)[1])
    except np.linalg.LinAlgError:
        return theta, value
    polished = np.clip(theta - step, -LOG_BOUND, LOG_BOUND)
    new_value = -float(objective(polished)[0]) * total_weight
    if math.isfinite(new_value) and new_value >= value:
        return polished, new_value
    return theta, value
