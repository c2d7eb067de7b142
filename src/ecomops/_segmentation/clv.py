r"""Customer lifetime value: BG/NBD, Pareto/NBD and Gamma-Gamma by maximum likelihood (private).

Public names are re-exported by `ecomops.segmentation`. scipy is imported
lazily (first fit or prediction).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any, ClassVar, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from ecomops._core.results import Result
from ecomops._core.typing import FloatArray
from ecomops._core.validation import (
    as_float_array,
    as_real_scalar,
    broadcast,
    check_range,
    is_scalar,
    raise_at,
    series_io,
    to_output,
)
from ecomops.exceptions import InfeasibleProblemError, InvalidInputError

__all__ = [
    "BGNBDFit",
    "GammaGammaFit",
    "NBDFit",
    "ParetoNBDFit",
    "customer_lifetime_value",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_nbd",
    "fit_pareto_nbd",
]

AnyArray: TypeAlias = npt.NDArray[Any]
_LOG_BOUND = 18.0  # parameters are searched in exp([-18, 18]) ~ [1.5e-8, 6.6e7]
#: Most discounting periods in a ``customer_lifetime_value`` horizon: each one
#: evaluates the purchase model for every customer. Five years of days.
MAX_CLV_PERIODS = 2000
_NO_DROPOUT = 1e-4  # dropout probability (per purchase, or within the mean T) taken as none


# ---------------------------------------------------------------------------
# Data preparation
# ---------------------------------------------------------------------------


def _frequency_data(
    repeat_count: Any, t_x: Any, T: Any, weights: Any
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Validate (x, t_x, T[, w]) and collapse them to weighted unique triples."""
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
    order = np.lexsort((tt, tx, x))
    xs, txs, tts, ws = x[order], tx[order], tt[order], w[order]
    start = np.ones(xs.shape[0], dtype=bool)
    start[1:] = (xs[1:] != xs[:-1]) | (txs[1:] != txs[:-1]) | (tts[1:] != tts[:-1])
    idx = np.flatnonzero(start)
    wsum = np.add.reduceat(ws, idx)
    keep = wsum > 0
    if not keep.any():
        raise InvalidInputError("weights must not all be 0")
    return xs[idx][keep], txs[idx][keep], tts[idx][keep], wsum[keep]


# ---------------------------------------------------------------------------
# Maximum likelihood
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Optimum:
    params: FloatArray
    log_likelihood: float
    standard_errors: FloatArray
    iterations: int


def _repeat_data(
    model: str, repeat_count: Any, t_x: Any, T: Any, weights: Any
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, float]:
    """`_frequency_data` of a purchase model, with its mean purchase rate (repeats per time).

    Refuses data without a repeat purchase, in which the purchase rate is not identified.
    """
    x, tx, tt, w = _frequency_data(repeat_count, t_x, T, weights)
    if not np.any(x > 0):
        raise InfeasibleProblemError(
            f"{model}: no customer made a repeat purchase; the purchase rate is not identified"
        )
    return x, tx, tt, w, float(np.dot(w, x) / np.dot(w, tt))


def _no_dropout(evidence: str) -> str:
    """The message for data without dropout, giving the ``evidence``."""
    return (
        f"the data show no sign of dropout ({evidence}); fit_nbd, the model without "
        "dropout, fits as well"
    )


def _hessian_log(f: Callable[[FloatArray], float], theta: FloatArray) -> FloatArray:
    """Central-difference Hessian of ``f`` at ``theta`` (step 1e-4)."""
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


def _maximise(
    loglik: Callable[[FloatArray], tuple[float, FloatArray | None]],
    start: FloatArray,
    total_weight: float,
    names: tuple[str, ...],
    model: str,
    dropout: dict[str, str],
) -> _Optimum:
    """Maximise a weighted log-likelihood over log-parameters with L-BFGS-B."""
    from scipy.optimize import minimize

    def objective(theta: FloatArray) -> tuple[float, FloatArray]:
        p = np.exp(theta)
        value, grad = loglik(p)
        if not math.isfinite(value):
            return 1e300, np.zeros_like(theta)
        g = np.zeros_like(theta) if grad is None else -grad * p / total_weight
        return -value / total_weight, g

    has_grad = loglik(np.exp(start))[1] is not None
    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * start.shape[0]
    opts = {"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-10, "maxcor": 20}
    if has_grad:
        res = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds, options=opts)
    else:
        res = minimize(
            lambda th: objective(th)[0], start, method="L-BFGS-B", bounds=bounds,
            options={**opts, "eps": 1e-9},
        )  # fmt: skip
    best, extra = res, 0
    if not res.success:  # e.g. a line search lost in a flat direction: polish without gradients
        res2 = minimize(
            lambda th: objective(th)[0], res.x, method="Nelder-Mead",
            options={"xatol": 1e-9, "fatol": 1e-14, "maxiter": 3000, "maxfev": 3000},
        )  # fmt: skip
        extra = int(res2.nit)
        best = res2 if res2.fun <= res.fun else res
    theta = np.clip(best.x, -_LOG_BOUND, _LOG_BOUND)
    value = -float(objective(theta)[0]) * total_weight
    if not math.isfinite(value) or value < -1e299:
        raise InfeasibleProblemError(f"{model}: the likelihood is not finite at any point tried")
    at_bound = np.abs(theta) > _LOG_BOUND - 0.5
    if at_bound.any():
        which = [names[i] for i in np.flatnonzero(at_bound)]
        hints = [dropout[n] for n in which if n in dropout]
        hint = hints[0] if hints else "the data do not identify the model"
        raise InfeasibleProblemError(
            f"{model}: the maximum likelihood estimate runs to the boundary "
            f"({', '.join(f'{n}={math.exp(theta[names.index(n)]):.3g}' for n in which)}): "
            f"{hint}"
        )
    hess = _hessian_log(lambda th: float(objective(th)[0]), theta) * total_weight
    try:
        cov = np.linalg.inv(hess)
        diag = np.diag(cov)
        se_log = np.where(diag > 0, np.sqrt(np.abs(diag)), np.nan)
    except np.linalg.LinAlgError:
        se_log = np.full(theta.shape[0], np.nan)
    params = np.exp(theta)
    return _Optimum(params, value, params * se_log, int(res.nit) + extra)


def _special() -> Any:
    import scipy.special as sc

    return sc


# ---------------------------------------------------------------------------
# BG/NBD
# ---------------------------------------------------------------------------


def _bgnbd_loglik(
    p: FloatArray, x: FloatArray, tx: FloatArray, T: FloatArray, w: FloatArray
) -> tuple[float, FloatArray]:
    sc = _special()
    r, alpha, a, b = p
    rep = x > 0
    common = sc.gammaln(r + x) - sc.gammaln(r) + r * math.log(alpha)
    base = sc.betaln(a, b)
    l1 = sc.betaln(a, b + x) - base - (r + x) * np.log(alpha + T)
    xm = np.where(rep, x, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        l2 = np.where(
            rep, sc.betaln(a + 1, b + xm - 1) - base - (r + x) * np.log(alpha + tx), -np.inf
        )
    lse = np.logaddexp(l1, l2)
    ll = common + lse
    w1 = np.exp(l1 - lse)
    w2 = np.exp(l2 - lse)
    psi = sc.digamma
    d_ab = psi(a + b)
    d_abx = psi(a + b + x)
    g_r = psi(r + x) - psi(r) + math.log(alpha) - w1 * np.log(alpha + T)
    g_r -= np.where(rep, w2 * np.log(alpha + tx), 0.0)
    g_alpha = r / alpha - w1 * (r + x) / (alpha + T) - w2 * (r + x) / (alpha + tx)
    g_a = w1 * (d_ab - d_abx) + w2 * (psi(a + 1) - psi(a) + d_ab - d_abx)
    g_b = w1 * (psi(b + x) - d_abx - psi(b) + d_ab) + np.where(
        rep, w2 * (psi(b + xm - 1) - d_abx - psi(b) + d_ab), 0.0
    )
    grad = np.array([np.dot(w, g) for g in (g_r, g_alpha, g_a, g_b)])
    return float(np.dot(w, ll)), grad


def _hyp2f1(a: Any, b: Any, c: Any, z: Any) -> FloatArray:
    out: FloatArray = np.asarray(_special().hyp2f1(a, b, c, z), dtype=np.float64)
    return out


def _prediction_inputs(
    repeat_count: Any, t_x: Any, T: Any
) -> tuple[FloatArray, FloatArray, FloatArray, bool]:
    scalar = is_scalar(repeat_count) and is_scalar(t_x) and is_scalar(T)
    x = as_float_array(repeat_count, "repeat_count")
    tx = as_float_array(t_x, "t_x")
    tt = as_float_array(T, "T")
    try:
        x, tx, tt = np.broadcast_arrays(x, tx, tt)
    except ValueError:
        raise InvalidInputError(
            f"repeat_count, t_x and T must broadcast; got shapes {x.shape}, {tx.shape}, {tt.shape}"
        ) from None
    check_range(x, "repeat_count", ge=0)
    check_range(tx, "t_x", ge=0)
    check_range(tt, "T", ge=0)
    raise_at("t_x", "be <= T", tx > tt, tx)
    return x, tx, tt, scalar


def _horizon(value: Any) -> tuple[FloatArray, bool]:
    h = as_float_array(value, "horizon")
    check_range(h, "horizon", ge=0)
    return h, is_scalar(value)


# ---------------------------------------------------------------------------
# Fitted models
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False, kw_only=True)
class _ModelFit(Result):
    """What every fitted model reports besides its estimates (its leading fields).

    The diagnostics default to "not fitted", so a model can be built from
    published estimates alone, e.g. ``BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)``.
    """

    PARAMETERS: ClassVar[tuple[str, ...]] = ()

    standard_errors: dict[str, float] = dataclasses.field(default_factory=dict)
    log_likelihood: float = math.nan
    n_customers: float = 0.0

    @property
    def params(self) -> dict[str, float]:
        """The estimates by name, in the model's order."""
        return {name: getattr(self, name) for name in self.PARAMETERS}

    def _fields(self) -> dict[str, Any]:
        fields = Result._fields(self)
        return {**{name: fields[name] for name in self.PARAMETERS}, **fields}


@dataclasses.dataclass(frozen=True, slots=True, repr=False, kw_only=True)
class _PurchaseModelFit(_ModelFit):
    """A fitted model of purchase counts: diagnostics of the fit on distinct triples."""

    n_unique: int = 0
    iterations: int = 0


_Fit = TypeVar("_Fit", bound=_PurchaseModelFit)


def _purchase_model_fit(
    model: type[_Fit],
    name: str,
    loglik: Callable[[FloatArray], tuple[float, FloatArray | None]],
    start: FloatArray,
    weights: FloatArray,
    dropout: dict[str, str],
) -> _Fit:
    """The model fitted by `_maximise` over weighted distinct ``(x, t_x, T)`` rows."""
    names = model.PARAMETERS
    opt = _maximise(loglik, start, float(weights.sum()), names, name, dropout)
    return model(
        *(float(v) for v in opt.params),
        standard_errors=dict(zip(names, (float(v) for v in opt.standard_errors), strict=True)),
        log_likelihood=opt.log_likelihood,
        n_customers=float(weights.sum()),
        n_unique=int(weights.shape[0]),
        iterations=opt.iterations,
    )


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class BGNBDFit(_PurchaseModelFit):
    r"""A fitted BG/NBD model (Fader, Hardie & Lee 2005).

    While alive a customer buys as a Poisson process of rate
    $\lambda \sim \text{Gamma}(r, \alpha)$; after each purchase they drop
    out with probability $p \sim \text{Beta}(a, b)$. Times are in the unit
    of the ``t_x`` and ``T`` it was fitted on (days, weeks...): $\alpha$
    and every ``horizon`` share that unit.

    Attributes
    ----------
    r, alpha, a, b : float
        Maximum likelihood estimates ($\alpha$ in time units).
    standard_errors : dict of str to float
        Asymptotic standard errors (inverse observed information, delta method).
    log_likelihood : float
        Maximised log-likelihood (weighted).
    n_customers : float
        Total weight (customers) fitted.
    n_unique : int
        Distinct $(x, t_x, T)$ triples the likelihood was evaluated on.
    iterations : int
        Optimiser iterations.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "Counting your
       customers the easy way: an alternative to the Pareto/NBD model",
       *Marketing Science* 24(2), 275-284, doi:10.1287/mksc.1040.0098.

    Examples
    --------
    >>> m = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)
    >>> m.params["b"], round(m.probability_alive(0, 0.0, 30.0), 2)
    (2.4258, 1.0)
    """

    PARAMETERS: ClassVar[tuple[str, ...]] = ("r", "alpha", "a", "b")

    r: float
    alpha: float
    a: float
    b: float

    @series_io
    def probability_alive(self, repeat_count: Any, t_x: Any, T: Any) -> Any:
        r"""Probability that a customer with history $(x, t_x, T)$ is still active.

        $$
        P(\text{alive}) = \left[1 + \delta_{x>0}\frac{a}{b + x - 1}
        \left(\frac{\alpha + T}{\alpha + t_x}\right)^{r + x}\right]^{-1}
        $$

        (Fader, Hardie & Lee 2005, eq. 11). Scalars in, float out.

        Examples
        --------
        >>> m = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)
        >>> round(m.probability_alive(2, 30.43, 38.86), 4)
        0.7266
        """
        sc = _special()
        x, tx, tt, scalar = _prediction_inputs(repeat_count, t_x, T)
        with np.errstate(divide="ignore", invalid="ignore"):
            term = (
                math.log(self.a)
                - np.log(np.where(x > 0, self.b + x - 1, 1.0))
                + (self.r + x) * (np.log(self.alpha + tt) - np.log(self.alpha + tx))
            )
        out = np.where(x > 0, sc.expit(-term), 1.0)
        return to_output(out, scalar)

    @series_io
    def expected_purchases(self, horizon: Any, repeat_count: Any, t_x: Any, T: Any) -> Any:
        r"""Expected purchases in the next ``horizon`` time units, given the history.

        $$
        E[Y(t) \mid x, t_x, T] = \frac{a + b + x - 1}{a - 1}
        \frac{1 - (1 - z)^{a - 1}\,{}_2F_1(a + b - 1 - r, a - 1; a + b + x - 1; z)}
        {1 + \delta_{x>0}\frac{a}{b + x - 1}\left(\frac{\alpha + T}{\alpha + t_x}\right)^{r+x}},
        \quad z = \frac{t}{\alpha + T + t}
        $$

        (Fader, Hardie & Lee 2005, eq. 10, after Euler's transformation of the
        hypergeometric term, whose parameters then no longer grow with
        $x$).

        Examples
        --------
        >>> m = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)
        >>> round(m.expected_purchases(39, 2, 30.43, 38.86), 4)
        1.2259
        """
        h, h_scalar = _horizon(horizon)
        x, tx, tt, scalar = _prediction_inputs(repeat_count, t_x, T)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        z = h / (alpha + tt + h)
        with np.errstate(divide="ignore", invalid="ignore"):
            hyp = _hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
            growth = 1 - (1 - z) ** (a - 1) * hyp
            front = (a + b + x - 1) / (a - 1)
        alive = self.probability_alive(x, tx, tt)
        out = front * growth * np.asarray(alive)
        return to_output(out, scalar and h_scalar)

    @series_io
    def expected_purchases_new_customer(self, horizon: Any) -> Any:
        r"""Expected purchases of a newly acquired customer in ``horizon`` time units.

        $$
        E[X(t)] = \frac{a + b - 1}{a - 1}\left[1 - (1 - z)^{a - 1}\,
        {}_2F_1(a + b - 1 - r, a - 1; a + b - 1; z)\right], \quad z = \frac{t}{\alpha + t}
        $$

        (Fader, Hardie & Lee 2005, eq. 7, Euler-transformed).

        Examples
        --------
        >>> m = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)
        >>> round(m.expected_purchases_new_customer(78), 4)
        1.858
        """
        h, scalar = _horizon(horizon)
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        z = h / (alpha + h)
        hyp = _hyp2f1(a + b - 1 - r, a - 1, a + b - 1, z)
        out = (a + b - 1) / (a - 1) * (1 - (1 - z) ** (a - 1) * hyp)
        return to_output(out, scalar)


def fit_bgnbd(repeat_count: Any, t_x: Any, T: Any, *, weights: Any = None) -> BGNBDFit:
    r"""Fit the BG/NBD model by maximum likelihood.

    The log-likelihood of a customer with $x$ repeat purchases, the last at
    $t_x$, observed for $T$ (Fader, Hardie & Lee 2005, eq. 6):

    $$
    \ell = \ln\frac{\Gamma(r + x)\,\alpha^r}{\Gamma(r)} + \ln\Big[
    \frac{B(a, b + x)}{B(a, b)}(\alpha + T)^{-(r + x)}
    + \delta_{x>0}\frac{B(a + 1, b + x - 1)}{B(a, b)}(\alpha + t_x)^{-(r + x)}\Big]
    $$

    evaluated in log space (``gammaln``, ``betaln``, ``logaddexp``) on the
    weighted distinct $(x, t_x, T)$ triples, with an analytic gradient,
    by L-BFGS-B over log-parameters (Nelder-Mead if it stalls).

    Parameters
    ----------
    repeat_count : array_like
        $x$, repeat purchases (``CustomerSummary.repeat_count``). [occasions]
    t_x : array_like
        Time of the last purchase after the first. [time units]
    T : array_like
        Time from the first purchase to the end of observation. [time units]
    weights : array_like, optional
        Customers per row (for data already collapsed to counts). [customers]

    Returns
    -------
    BGNBDFit

    Raises
    ------
    InvalidInputError
        For negative or fractional counts, ``t_x > T``, ``T < 0``, ``t_x > 0``
        with ``x = 0``, or mismatched lengths.
    InfeasibleProblemError
        When the estimate runs to a boundary, e.g. no sign of dropout (every
        customer keeps buying until ``T``) or no repeat purchases at all.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "Counting your
       customers the easy way: an alternative to the Pareto/NBD model",
       *Marketing Science* 24(2), 275-284, doi:10.1287/mksc.1040.0098. CDNOW
       estimates (weeks): r = 0.2426, α = 4.4135, a = 0.7929, b = 2.4258, LL = -9582.4.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(7)  # 4,000 simulated Pareto/NBD customers, in weeks
    >>> n = 4000
    >>> rate = rng.gamma(0.5, 1 / 5.0, n)  # r = 0.5, alpha = 5
    >>> lifetime = rng.exponential(1 / rng.gamma(0.8, 1 / 20.0, n))  # s = 0.8, beta = 20
    >>> T = rng.integers(20, 53, n).astype(float)
    >>> active = np.minimum(lifetime, T)
    >>> x = rng.poisson(rate * active)
    >>> t_x = np.where(x > 0, active * rng.random(n) ** (1 / np.maximum(x, 1)), 0.0)
    >>> from ecomops.segmentation import fit_bgnbd
    >>> fit = fit_bgnbd(x, t_x, T)
    >>> {k: round(v, 2) for k, v in fit.params.items()}
    {'r': 0.27, 'alpha': 2.51, 'a': 0.83, 'b': 5.02}

    Eight customers who all keep buying show no dropout:

    >>> fit_bgnbd([0, 1, 4, 0, 2, 7, 1, 0], [0, 10, 30, 0, 18, 35, 5, 0],
    ...           [40, 38, 36, 40, 30, 40, 39, 20])
    Traceback (most recent call last):
    ...
    ecomops.exceptions.InfeasibleProblemError: BG/NBD: ... no sign of dropout ...
    """
    x, tx, tt, w, rate = _repeat_data("BG/NBD", repeat_count, t_x, T, weights)
    start = np.log(np.array([1.0, 1.0 / max(rate, 1e-6), 1.0, 1.0]))
    hint = _no_dropout("P(drop out) -> 0")
    fit = _purchase_model_fit(
        BGNBDFit,
        "BG/NBD",
        lambda p: _bgnbd_loglik(p, x, tx, tt, w),
        start,
        w,
        {"a": hint, "b": hint},
    )
    drop = fit.a / (fit.a + fit.b)
    if drop < _NO_DROPOUT:
        raise InfeasibleProblemError(
            "BG/NBD: "
            + _no_dropout(f"mean dropout probability per purchase a / (a + b) = {drop:.2g}")
        )
    return fit


# ---------------------------------------------------------------------------
# Pareto/NBD
# ---------------------------------------------------------------------------


def _pnbd_log_a0(
    r: float, alpha: float, s: float, beta: float, x: FloatArray, tx: FloatArray, T: FloatArray
) -> FloatArray:
    r"""$\ln A_0$ of Fader & Hardie (2005, eq. 22-23), Euler-transformed."""
    c = r + s + x + 1

    def g(t: FloatArray) -> FloatArray:
        if alpha >= beta:
            z = (alpha - beta) / (alpha + t)
            hyp = _hyp2f1(1.0, r + x, c, z)
            out: FloatArray = np.log(hyp) - (r + x) * np.log(alpha + t) - s * np.log(beta + t)
        else:
            z = (beta - alpha) / (beta + t)
            hyp = _hyp2f1(1.0, s + 1, c, z)
            out = np.log(hyp) - (r + x - 1) * np.log(alpha + t) - (s + 1) * np.log(beta + t)
        return out

    g_tx = g(tx)
    diff = np.minimum(g(T) - g_tx, 0.0)
    with np.errstate(divide="ignore"):
        return g_tx + np.log(-np.expm1(diff))


def _pnbd_parts(
    p: FloatArray, x: FloatArray, tx: FloatArray, T: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    sc = _special()
    r, alpha, s, beta = (float(v) for v in p)
    common = sc.gammaln(r + x) - sc.gammaln(r) + r * math.log(alpha) + s * math.log(beta)
    l1 = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    l2 = np.log(s / (r + s + x)) + _pnbd_log_a0(r, alpha, s, beta, x, tx, T)
    return common, l1, l2


#: Mean lifetimes (in units of the mean ``T``) and gamma shapes of the dropout
#: rates tried before a Pareto/NBD fit, at the NBD fit's purchase rates.
_PROBE_LIFETIMES = (0.25, 1.0, 4.0, 16.0, 64.0)
_PROBE_SHAPES = (0.25, 1.0, 4.0)


def _pnbd_dropout_visible(
    x: FloatArray, tx: FloatArray, tt: FloatArray, w: FloatArray, mean_t: float
) -> bool:
    """Whether any of a few dropout laws beats no dropout, at the NBD fit's purchase rates.

    Fifteen likelihood evaluations instead of the hundreds of a full fit: data
    without dropout (where the fit would run for long, only to end at the
    no-dropout boundary) are refused at once. A law that does better sends the
    data to the full fit, whose own check still applies.
    """
    try:
        nbd = fit_nbd(x, tx, tt, weights=w)
    except InfeasibleProblemError:
        return True  # let the full fit say what is wrong
    # s / beta is the mean dropout rate: 1 / (lifetime * mean T)
    none = _pnbd_loglik(np.array([nbd.r, nbd.alpha, 1e-6, 1e6 * mean_t]), x, tx, tt, w)[0]
    for shape in _PROBE_SHAPES:
        for life in _PROBE_LIFETIMES:
            p = np.array([nbd.r, nbd.alpha, shape, shape * life * mean_t])
            if _pnbd_loglik(p, x, tx, tt, w)[0] > none:
                return True
    return False


def _pnbd_loglik(
    p: FloatArray, x: FloatArray, tx: FloatArray, T: FloatArray, w: FloatArray
) -> tuple[float, None]:
    common, l1, l2 = _pnbd_parts(p, x, tx, T)
    # A trial point far outside the data (r, alpha ~ 1e5) leaves A0's hypergeometric
    # term NaN; the NaN likelihood rejects that point, so numpy's warning is noise.
    with np.errstate(invalid="ignore"):
        return float(np.dot(w, common + np.logaddexp(l1, l2))), None


def _log_growth(k: float, u: FloatArray) -> FloatArray:
    r"""``(1 - (1 + u)^{-k}) / k`` (-> ``log1p(u)`` as k -> 0), stably."""
    lg = np.log1p(u)
    if abs(k) < 1e-10:
        return lg
    out: FloatArray = -np.expm1(-k * lg) / k
    return out


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class ParetoNBDFit(_PurchaseModelFit):
    r"""A fitted Pareto/NBD model (Schmittlein, Morrison & Colombo 1987).

    While alive a customer buys as a Poisson process of rate
    $\lambda \sim \text{Gamma}(r, \alpha)$; their lifetime is exponential
    with rate $\mu \sim \text{Gamma}(s, \beta)$. $\alpha$,
    $\beta$ and every ``horizon`` are in the time unit of the data fitted.

    Attributes
    ----------
    r, alpha, s, beta : float
        Maximum likelihood estimates.
    standard_errors : dict of str to float
        Asymptotic standard errors.
    log_likelihood : float
        Maximised log-likelihood (weighted).
    n_customers : float
        Total weight fitted.
    n_unique : int
        Distinct $(x, t_x, T)$ triples.
    iterations : int
        Optimiser iterations.

    References
    ----------
    1. Schmittlein, D. C., Morrison, D. G. and Colombo, R. (1987),
       "Counting your customers: who are they and what will they do next?",
       *Management Science* 33(1), 1-24, doi:10.1287/mnsc.33.1.1.

    Examples
    --------
    >>> m = ParetoNBDFit(0.5534, 10.5776, 0.6061, 11.6650)
    >>> sorted(m.params)
    ['alpha', 'beta', 'r', 's']
    """

    PARAMETERS: ClassVar[tuple[str, ...]] = ("r", "alpha", "s", "beta")

    r: float
    alpha: float
    s: float
    beta: float

    @series_io
    def probability_alive(self, repeat_count: Any, t_x: Any, T: Any) -> Any:
        r"""Probability that a customer with history $(x, t_x, T)$ is still active.

        $$
        P(\text{alive}) = \left[1 + \frac{s}{r + s + x}(\alpha + T)^{r + x}
        (\beta + T)^s A_0\right]^{-1}
        $$

        (Fader & Hardie 2005, eq. 18), evaluated in log space.

        Examples
        --------
        >>> m = ParetoNBDFit(0.5534, 10.5776, 0.6061, 11.6650)
        >>> round(m.probability_alive(2, 30.43, 38.86), 4)
        0.8691
        """
        x, tx, tt, scalar = _prediction_inputs(repeat_count, t_x, T)
        shape = x.shape
        p = np.array([self.r, self.alpha, self.s, self.beta])
        _, l1, l2 = _pnbd_parts(p, x.ravel(), tx.ravel(), tt.ravel())
        out = np.exp(l1 - np.logaddexp(l1, l2)).reshape(shape)
        return to_output(out, scalar)

    @series_io
    def expected_purchases(self, horizon: Any, repeat_count: Any, t_x: Any, T: Any) -> Any:
        r"""Expected purchases in the next ``horizon`` time units, given the history.

        $$
        E[Y(t) \mid x, t_x, T] = \frac{(r + x)(\beta + T)}{(\alpha + T)(s - 1)}
        \left[1 - \left(\frac{\beta + T}{\beta + T + t}\right)^{s - 1}\right]
        P(\text{alive})
        $$

        (Fader & Hardie 2005, eq. 22; the limit $s \to 1$ is a logarithm).

        Examples
        --------
        >>> m = ParetoNBDFit(0.5534, 10.5776, 0.6061, 11.6650)
        >>> round(m.expected_purchases(39, 2, 30.43, 38.86), 4)
        1.4552
        """
        h, h_scalar = _horizon(horizon)
        x, tx, tt, scalar = _prediction_inputs(repeat_count, t_x, T)
        alive = np.asarray(self.probability_alive(x, tx, tt))
        u = h / (self.beta + tt)
        out = (self.r + x) * (self.beta + tt) / (self.alpha + tt) * _log_growth(self.s - 1, u)
        return to_output(out * alive, scalar and h_scalar)

    @series_io
    def expected_purchases_new_customer(self, horizon: Any) -> Any:
        r"""Expected purchases of a newly acquired customer in ``horizon`` time units.

        $$
        E[X(t)] = \frac{r\beta}{\alpha(s - 1)}\left[1 - \left(\frac{\beta}{\beta + t}
        \right)^{s - 1}\right]
        $$

        (Schmittlein, Morrison & Colombo 1987, eq. 17).

        Examples
        --------
        >>> m = ParetoNBDFit(0.5534, 10.5776, 0.6061, 11.6650)
        >>> round(m.expected_purchases_new_customer(78), 4)
        1.9104
        """
        h, scalar = _horizon(horizon)
        out = self.r * self.beta / self.alpha * _log_growth(self.s - 1, h / self.beta)
        return to_output(out, scalar)


def fit_pareto_nbd(repeat_count: Any, t_x: Any, T: Any, *, weights: Any = None) -> ParetoNBDFit:
    r"""Fit the Pareto/NBD model by maximum likelihood.

    The likelihood of Fader & Hardie (2005, eq. 22-23):

    $$
    L = \frac{\Gamma(r + x)\alpha^r\beta^s}{\Gamma(r)}\left[
    \frac{1}{(\alpha + T)^{r + x}(\beta + T)^s} + \frac{s}{r + s + x} A_0\right]
    $$

    where $A_0$ is a difference of Gaussian hypergeometric terms. Each is
    Euler-transformed to ${}_2F_1(1, \cdot; \cdot; z)$, a series of positive
    terms that scipy evaluates accurately for $0 \le z < 1$, and the
    difference is taken in log space (``log(-expm1)``). Fitted on weighted
    distinct $(x, t_x, T)$ triples by L-BFGS-B over log-parameters
    (numerical gradient; Nelder-Mead if it stalls).

    Parameters
    ----------
    repeat_count : array_like
        $x$, repeat purchases. [occasions]
    t_x : array_like
        Time of the last purchase after the first. [time units]
    T : array_like
        Time from the first purchase to the end of observation. [time units]
    weights : array_like, optional
        Customers per row. [customers]

    Returns
    -------
    ParetoNBDFit

    Raises
    ------
    InvalidInputError
        For invalid histories (see [`fit_bgnbd`][ecomops.segmentation.fit_bgnbd]).
    InfeasibleProblemError
        When the estimate runs to a boundary (e.g. no sign of dropout). Data
        without dropout are refused before the fit, at the cost of fifteen
        likelihood evaluations, when none of a few dropout laws (mean lifetimes
        from 0.25 to 64 times the mean ``T``) beats no dropout at the NBD fit's
        purchase rates.

    References
    ----------
    1. Schmittlein, D. C., Morrison, D. G. and Colombo, R. (1987),
       "Counting your customers: who are they and what will they do next?",
       *Management Science* 33(1), 1-24, doi:10.1287/mnsc.33.1.1.
    2. Fader, P. S. and Hardie, B. G. S. (2005), "A note on deriving the
       Pareto/NBD model and related expressions", http://brucehardie.com/notes/009/.
    3. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "A note on
       implementing the Pareto/NBD model in MATLAB",
       http://brucehardie.com/notes/008/. CDNOW estimates (weeks): r = 0.5533,
       α = 10.5776, s = 0.6061, β = 11.6650, LL = -9594.98.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(7)  # 4,000 simulated Pareto/NBD customers, in weeks
    >>> n = 4000
    >>> rate = rng.gamma(0.5, 1 / 5.0, n)  # r = 0.5, alpha = 5
    >>> lifetime = rng.exponential(1 / rng.gamma(0.8, 1 / 20.0, n))  # s = 0.8, beta = 20
    >>> T = rng.integers(20, 53, n).astype(float)
    >>> active = np.minimum(lifetime, T)
    >>> x = rng.poisson(rate * active)
    >>> t_x = np.where(x > 0, active * rng.random(n) ** (1 / np.maximum(x, 1)), 0.0)
    >>> from ecomops.segmentation import fit_pareto_nbd
    >>> fit = fit_pareto_nbd(x, t_x, T)
    >>> {k: round(v, 2) for k, v in fit.params.items()}
    {'r': 0.53, 'alpha': 5.13, 's': 0.72, 'beta': 15.68}
    >>> round(fit.probability_alive(0, 0.0, 52.0), 3)
    0.208
    """
    x, tx, tt, w, rate = _repeat_data("Pareto/NBD", repeat_count, t_x, T, weights)
    mean_t = float(np.dot(w, tt) / w.sum())
    if not _pnbd_dropout_visible(x, tx, tt, w, mean_t):
        raise InfeasibleProblemError(
            "Pareto/NBD: "
            + _no_dropout(
                "no dropout rate tried improves on the NBD fit, from a mean lifetime of "
                f"{_PROBE_LIFETIMES[0]:g} to {_PROBE_LIFETIMES[-1]:g} times the mean T"
            )
        )
    start = np.log(np.array([1.0, 1.0 / max(rate, 1e-6), 1.0, mean_t]))
    hint = _no_dropout("lifetimes -> infinity")
    fit = _purchase_model_fit(
        ParetoNBDFit,
        "Pareto/NBD",
        lambda p: _pnbd_loglik(p, x, tx, tt, w),
        start,
        w,
        {"s": hint, "beta": hint},
    )
    drop_share = -math.expm1(-fit.s * math.log1p(mean_t / fit.beta))  # dropped within mean T
    if drop_share < _NO_DROPOUT:
        raise InfeasibleProblemError(
            "Pareto/NBD: "
            + _no_dropout(f"share of customers dropping out within the mean T: {drop_share:.2g}")
        )
    return fit


# ---------------------------------------------------------------------------
# NBD (no dropout)
# ---------------------------------------------------------------------------


def _nbd_loglik(
    p: FloatArray, x: FloatArray, T: FloatArray, w: FloatArray
) -> tuple[float, FloatArray]:
    sc = _special()
    r, alpha = (float(v) for v in p)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_term = np.where(x > 0, x * (np.log(T) - np.log(alpha + T)), 0.0)
    ll = (
        sc.gammaln(r + x) - sc.gammaln(r) - sc.gammaln(x + 1)
        + r * (math.log(alpha) - np.log(alpha + T)) + x_term
    )  # fmt: skip
    g_r = sc.digamma(r + x) - sc.digamma(r) + math.log(alpha) - np.log(alpha + T)
    g_alpha = r / alpha - (r + x) / (alpha + T)
    return float(np.dot(w, ll)), np.array([np.dot(w, g_r), np.dot(w, g_alpha)])


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class NBDFit(_PurchaseModelFit):
    r"""A fitted NBD model: Poisson purchases at gamma-distributed rates, no dropout.

    $\lambda \sim \text{Gamma}(r, \alpha)$ (Ehrenberg 1959); the limit of
    BG/NBD as the dropout probability goes to 0. Times are in the unit of the
    data fitted.

    Attributes
    ----------
    r, alpha : float
        Maximum likelihood estimates ($\alpha$ in time units).
    standard_errors : dict of str to float
        Asymptotic standard errors.
    log_likelihood : float
        Maximised log-likelihood (weighted).
    n_customers : float
        Total weight fitted.
    n_unique : int
        Distinct $(x, t_x, T)$ triples.
    iterations : int
        Optimiser iterations.

    References
    ----------
    1. Ehrenberg, A. S. C. (1959), "The pattern of consumer purchases",
       *Journal of the Royal Statistical Society C* 8(1), 26-41, doi:10.2307/2985810.

    Examples
    --------
    >>> NBDFit(0.4, 5.0).params
    {'r': 0.4, 'alpha': 5.0}
    """

    PARAMETERS: ClassVar[tuple[str, ...]] = ("r", "alpha")

    r: float
    alpha: float

    @series_io
    def probability_alive(self, repeat_count: Any, t_x: Any, T: Any) -> Any:
        """1 for every customer: the NBD has no dropout.

        Examples
        --------
        >>> NBDFit(0.4, 5.0).probability_alive(2, 10.0, 30.0)
        1.0
        """
        x, _, _, scalar = _prediction_inputs(repeat_count, t_x, T)
        return to_output(np.ones(x.shape), scalar)

    @series_io
    def expected_purchases(self, horizon: Any, repeat_count: Any, t_x: Any, T: Any) -> Any:
        r"""Expected purchases in the next ``horizon`` time units, given the history.

        $$
        E[Y(t) \mid x, T] = \frac{r + x}{\alpha + T}\, t
        $$

        the posterior mean rate (gamma-Poisson conjugacy; Morrison & Schmittlein 1988).

        Examples
        --------
        >>> NBDFit(0.4, 5.0).expected_purchases(10, 2, 10.0, 30.0)
        0.6857142857142857
        """
        h, h_scalar = _horizon(horizon)
        x, _, tt, scalar = _prediction_inputs(repeat_count, t_x, T)
        return to_output((self.r + x) / (self.alpha + tt) * h, scalar and h_scalar)

    @series_io
    def expected_purchases_new_customer(self, horizon: Any) -> Any:
        r"""$E[X(t)] = r t / \alpha$ for a newly acquired customer.

        Examples
        --------
        >>> NBDFit(0.4, 5.0).expected_purchases_new_customer(10)
        0.8
        """
        h, scalar = _horizon(horizon)
        return to_output(self.r / self.alpha * h, scalar)


def fit_nbd(repeat_count: Any, t_x: Any, T: Any, *, weights: Any = None) -> NBDFit:
    r"""Fit the NBD (gamma-Poisson) purchase model, without dropout, by maximum likelihood.

    $$
    \ell = \ln\frac{\Gamma(r + x)}{\Gamma(r)\,x!} + r\ln\frac{\alpha}{\alpha + T}
    + x\ln\frac{T}{\alpha + T}
    $$

    For data where BG/NBD and Pareto/NBD find no dropout (every customer keeps
    buying). ``t_x`` is checked but not used: without dropout the time of the
    last purchase carries no information.

    Parameters
    ----------
    repeat_count : array_like
        $x$, repeat purchases. [occasions]
    t_x : array_like
        Time of the last purchase after the first. [time units]
    T : array_like
        Time from the first purchase to the end of observation. [time units]
    weights : array_like, optional
        Customers per row. [customers]

    Returns
    -------
    NBDFit

    Raises
    ------
    InvalidInputError
        For invalid histories (see [`fit_bgnbd`][ecomops.segmentation.fit_bgnbd]).
    InfeasibleProblemError
        With no repeat purchase, or when the estimate runs to a boundary.

    References
    ----------
    1. Ehrenberg, A. S. C. (1959), "The pattern of consumer purchases",
       *Journal of the Royal Statistical Society C* 8(1), 26-41, doi:10.2307/2985810.
    2. Morrison, D. G. and Schmittlein, D. C. (1988), "Generalizing the NBD
       model for customer purchases: what are the implications and is it worth
       the effort?", *Journal of Business & Economic Statistics* 6(2), 145-159,
       doi:10.1080/07350015.1988.10509648.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(5)
    >>> T = rng.uniform(10, 52, 5000)
    >>> x = rng.poisson(rng.gamma(0.6, 1 / 4.0, 5000) * T)  # r = 0.6, alpha = 4, no dropout
    >>> from ecomops.segmentation import fit_nbd
    >>> {k: round(v, 2) for k, v in fit_nbd(x, np.where(x > 0, T, 0.0), T).params.items()}
    {'r': 0.58, 'alpha': 3.86}
    """
    x, _, tt, w, rate = _repeat_data("NBD", repeat_count, t_x, T, weights)
    return _purchase_model_fit(
        NBDFit,
        "NBD",
        lambda p: _nbd_loglik(p, x, tt, w),
        np.log(np.array([1.0, 1.0 / max(rate, 1e-6)])),
        w,
        {},
    )


# ---------------------------------------------------------------------------
# Gamma-Gamma
# ---------------------------------------------------------------------------


def _gg_loglik(
    p: FloatArray, x: FloatArray, m: FloatArray, w: FloatArray
) -> tuple[float, FloatArray]:
    sc = _special()
    pp, q, g = (float(v) for v in p)
    px = pp * x
    log_gmx = np.log(g + m * x)
    ll = (
        sc.gammaln(px + q) - sc.gammaln(px) - sc.gammaln(q) + q * math.log(g)
        + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * log_gmx
    )  # fmt: skip
    psi = sc.digamma
    d_pq = psi(px + q)
    g_p = x * (d_pq - psi(px) + np.log(m) + np.log(x) - log_gmx)
    g_q = d_pq - psi(q) + math.log(g) - log_gmx
    g_g = q / g - (px + q) / (g + m * x)
    grad = np.array([np.dot(w, v) for v in (g_p, g_q, g_g)])
    return float(np.dot(w, ll)), grad


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class GammaGammaFit(_ModelFit):
    r"""A fitted Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005).

    Spend per transaction $z \sim \text{Gamma}(p, \nu)$, with
    $\nu \sim \text{Gamma}(q, \gamma)$ across customers, independent of
    the purchase process.

    Attributes
    ----------
    p, q : float
        Shape estimates.
    gamma : float
        Scale estimate. [currency]
    standard_errors : dict of str to float
        Asymptotic standard errors.
    log_likelihood : float
        Maximised log-likelihood (weighted).
    n_customers : float
        Repeat customers fitted (total weight).
    n_excluded : int
        Customers left out because they made no repeat purchase.
    frequency_spend_correlation : float
        Pearson correlation of ``repeat_count`` and ``mean_repeat_spend`` among
        the customers fitted: the model assumes it is near 0.

    References
    ----------
    1. Fader, P. S. and Hardie, B. G. S. (2013), "The Gamma-Gamma model of
       monetary value", http://brucehardie.com/notes/025/.

    Examples
    --------
    >>> m = GammaGammaFit(6.25, 3.74, 15.44)
    >>> round(m.population_mean_spend, 2)
    35.22
    """

    PARAMETERS: ClassVar[tuple[str, ...]] = ("p", "q", "gamma")

    p: float
    q: float
    gamma: float
    n_excluded: int = dataclasses.field(default=0, kw_only=True)
    frequency_spend_correlation: float = dataclasses.field(default=math.nan, kw_only=True)

    @property
    def population_mean_spend(self) -> float:
        r"""$E[Z] = p\gamma / (q - 1)$ (infinite for $q \le 1$). [currency]"""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else math.inf

    @series_io
    def expected_spend(self, repeat_count: Any, mean_repeat_spend: Any) -> Any:
        r"""Expected spend per future purchase of a customer.

        $$
        E[Z \mid x, \bar z] = \frac{p(\gamma + x\bar z)}{px + q - 1}
        $$

        a weighted mean of the population mean $p\gamma/(q-1)$ and the
        customer's own mean $\bar z$ (Fader, Hardie & Lee 2005, eq. 5). For
        $x = 0$ (NaN spend allowed) it is the population mean.

        Examples
        --------
        >>> m = GammaGammaFit(6.25, 3.74, 15.44)
        >>> round(m.expected_spend(2, 22.35), 2), round(m.population_mean_spend, 2)
        (24.66, 35.22)
        """
        scalar = is_scalar(repeat_count) and is_scalar(mean_repeat_spend)
        x = as_float_array(repeat_count, "repeat_count")
        zbar = as_float_array(mean_repeat_spend, "mean_repeat_spend", allow_nan=True)
        x, zbar = broadcast(repeat_count=x, mean_repeat_spend=zbar)
        check_range(x, "repeat_count", ge=0)
        raise_at("mean_repeat_spend", "not be NaN when repeat_count > 0",
                 (x > 0) & np.isnan(zbar), zbar)  # fmt: skip
        zbar = np.where(x > 0, zbar, 0.0)
        check_range(zbar, "mean_repeat_spend", ge=0)
        out = self.p * (self.gamma + x * zbar) / (self.p * x + self.q - 1)
        return to_output(out, scalar)


def fit_gamma_gamma(
    repeat_count: Any, mean_repeat_spend: Any, *, weights: Any = None
) -> GammaGammaFit:
    r"""Fit the Gamma-Gamma spend model by maximum likelihood.

    For a customer with $x \ge 1$ repeat purchases of mean value
    $\bar z$ (Fader & Hardie 2013, eq. 4):

    $$
    \ell = \ln\frac{\Gamma(px + q)}{\Gamma(px)\Gamma(q)} + q\ln\gamma
    + (px - 1)\ln\bar z + px\ln x - (px + q)\ln(\gamma + x\bar z)
    $$

    Customers without repeat purchases carry no spend information and are left
    out (counted in ``n_excluded``). Fitted with an analytic gradient by
    L-BFGS-B over log-parameters (Nelder-Mead if it stalls).

    Parameters
    ----------
    repeat_count : array_like
        $x$ (``CustomerSummary.repeat_count``). [occasions]
    mean_repeat_spend : array_like
        $\bar z$, mean value of the repeat purchases; NaN (or any value)
        where ``repeat_count`` is 0. [currency]
    weights : array_like, optional
        Customers per row. [customers]

    Returns
    -------
    GammaGammaFit

    Raises
    ------
    InvalidInputError
        For a non-positive spend of a repeat customer, or mismatched lengths.
    InfeasibleProblemError
        With no repeat customer, or when the estimate runs to a boundary.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "RFM and CLV:
       using iso-value curves for customer base analysis", *Journal of Marketing
       Research* 42(4), 415-430, doi:10.1509/jmkr.2005.42.4.415.
    2. Fader, P. S. and Hardie, B. G. S. (2013), "The Gamma-Gamma model of
       monetary value", http://brucehardie.com/notes/025/. CDNOW estimates:
       p = 6.25, q = 3.74, γ = 15.44, LL = -4055.92.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(3)  # p = 6, q = 4, gamma = 15
    >>> x = rng.poisson(2.0, 3000)
    >>> nu = rng.gamma(4.0, 1 / 15.0, 3000)
    >>> zbar = np.where(x > 0, rng.gamma(6.0 * np.maximum(x, 1), 1 / (nu * np.maximum(x, 1))),
    ...                 np.nan)
    >>> from ecomops.segmentation import fit_gamma_gamma
    >>> fit = fit_gamma_gamma(x, zbar)
    >>> {k: round(v, 2) for k, v in fit.params.items()}, fit.n_excluded
    ({'p': 5.57, 'q': 4.13, 'gamma': 16.85}, 444)
    """
    x = as_float_array(repeat_count, "repeat_count", ndim=1)
    z = as_float_array(mean_repeat_spend, "mean_repeat_spend", ndim=1, allow_nan=True)
    lengths = {"repeat_count": x.shape[0], "mean_repeat_spend": z.shape[0]}
    if weights is None:
        w = np.ones(x.shape[0])
    else:
        w = as_float_array(weights, "weights", ndim=1)
        check_range(w, "weights", ge=0)
        lengths["weights"] = w.shape[0]
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{k} has {v}" for k, v in lengths.items())
        raise InvalidInputError(f"inputs must have the same length; {shown}")
    check_range(x, "repeat_count", ge=0)
    raise_at("repeat_count", "be a whole number", x != np.floor(x), x)
    rep = (x > 0) & (w > 0)
    raise_at("mean_repeat_spend", "be > 0 (and not NaN) when repeat_count > 0",
             rep & ~(z > 0), z)  # fmt: skip
    if not rep.any():
        raise InfeasibleProblemError("Gamma-Gamma: no customer with a repeat purchase to fit")
    xr, zr, wr = x[rep], z[rep], w[rep]
    if xr.shape[0] > 1 and np.std(xr) > 0 and np.std(zr) > 0:
        corr = float(np.corrcoef(xr, zr)[0, 1])
    else:
        corr = math.nan
    mean_z = float(np.dot(wr, zr) / wr.sum())
    start = np.log(np.array([1.0, 2.0, mean_z]))
    opt = _maximise(
        lambda p: _gg_loglik(p, xr, zr, wr),
        start,
        float(wr.sum()),
        GammaGammaFit.PARAMETERS,
        "Gamma-Gamma",
        {},
    )
    names = GammaGammaFit.PARAMETERS
    return GammaGammaFit(
        *(float(v) for v in opt.params),
        standard_errors=dict(zip(names, (float(v) for v in opt.standard_errors), strict=True)),
        log_likelihood=opt.log_likelihood,
        n_customers=float(wr.sum()),
        n_excluded=int(np.count_nonzero(~rep)),
        frequency_spend_correlation=corr,
    )


# ---------------------------------------------------------------------------
# CLV
# ---------------------------------------------------------------------------


@series_io
def customer_lifetime_value(
    purchase_model: BGNBDFit | ParetoNBDFit | NBDFit,
    spend_model: GammaGammaFit,
    repeat_count: Any,
    t_x: Any,
    T: Any,
    mean_repeat_spend: Any,
    *,
    horizon: float,
    period_length: float,
    discount_rate: float,
    profit_margin: float = 1.0,
) -> Any:
    r"""Discounted expected value of each customer's purchases over a horizon.

    With $L$ = ``period_length``, $K = \lceil H / L \rceil$ periods,
    $\tau_k = \min(kL, H)$ and $d$ the discount rate per period:

    $$
    \text{CLV} = m\,E[Z \mid x, \bar z]\sum_{k=1}^{K}
    \frac{E[Y(\tau_k) \mid x, t_x, T] - E[Y(\tau_{k-1}) \mid x, t_x, T]}{(1 + d)^k}
    $$

    (Fader, Hardie & Lee 2005b; purchases of period $k$ are discounted
    at its end). Every time is in the unit of the data the purchase model was
    fitted on: with ``t_x`` and ``T`` in days, ``horizon=365,
    period_length=30, discount_rate=0.01`` is one year of monthly discounting
    at 1% a month (lifetimes' ``customer_lifetime_value`` with ``freq="D"``).

    Parameters
    ----------
    purchase_model : BGNBDFit, ParetoNBDFit or NBDFit
        Fitted purchase (transaction) model.
    spend_model : GammaGammaFit
        Fitted spend model.
    repeat_count, t_x, T : array_like
        Each customer's history. [occasions], [time units], [time units]
    mean_repeat_spend : array_like
        Mean repeat spend (NaN allowed for ``repeat_count == 0``). [currency]
    horizon : float
        Length of the future counted, ``> 0``. [time units]
    period_length : float
        Discounting step, ``> 0``; ``horizon / period_length`` is at most
        ``MAX_CLV_PERIODS`` (2,000: five years of days, 38 of weeks), since
        each period evaluates the purchase model for every customer. [time units]
    discount_rate : float
        Discount rate per ``period_length``, ``>= 0``. [fraction]
    profit_margin : float
        Share of revenue kept, in ``[0, 1]``. Default 1 (revenue CLV). [fraction]

    Returns
    -------
    float or ndarray
        CLV per customer. [currency]

    Raises
    ------
    InvalidInputError
        For a non-positive horizon or period, more than 2,000 periods in the
        horizon, a negative discount rate, a margin outside [0, 1], or invalid
        histories.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005b), "RFM and CLV:
       using iso-value curves for customer base analysis", *Journal of Marketing
       Research* 42(4), 415-430, doi:10.1509/jmkr.2005.42.4.415.
    2. Gupta, S., Lehmann, D. R. and Stuart, J. A. (2004), "Valuing
       customers", *Journal of Marketing Research* 41(1), 7-18,
       doi:10.1509/jmkr.41.1.7.25084 (discounted margin over a horizon).

    Examples
    --------
    >>> from ecomops.segmentation import (BGNBDFit, GammaGammaFit,
    ...                                   customer_lifetime_value)
    >>> bg = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)
    >>> gg = GammaGammaFit(6.25, 3.74, 15.44)
    >>> weeks_per_month = 4.345  # lifetimes' freq="W" month
    >>> round(customer_lifetime_value(bg, gg, 2, 30.43, 38.86, 22.35,
    ...       horizon=12 * weeks_per_month, period_length=weeks_per_month, discount_rate=0.01), 2)
    36.29
    """
    if not isinstance(purchase_model, BGNBDFit | ParetoNBDFit | NBDFit):
        raise InvalidInputError(
            "purchase_model must be a BGNBDFit, ParetoNBDFit or NBDFit; got "
            f"{type(purchase_model).__name__}"
        )
    if not isinstance(spend_model, GammaGammaFit):
        raise InvalidInputError(
            f"spend_model must be a GammaGammaFit; got {type(spend_model).__name__}"
        )
    settings: dict[str, float] = {}
    for name, value, rule in (
        ("horizon", horizon, "be > 0"),
        ("period_length", period_length, "be > 0"),
        ("discount_rate", discount_rate, "be >= 0"),
        ("profit_margin", profit_margin, "be in [0, 1]"),
    ):
        v = as_real_scalar(value, name)  # one number: Decimal read as its value, arrays refused
        if not math.isfinite(v):
            raise InvalidInputError(f"{name} must be finite; got {v!r}")
        bad = v <= 0 if rule == "be > 0" else (v < 0 if rule == "be >= 0" else not 0 <= v <= 1)
        if bad:
            raise InvalidInputError(f"{name} must {rule}; got {v!r}")
        settings[name] = v
    horizon, period_length = settings["horizon"], settings["period_length"]
    discount_rate, profit_margin = settings["discount_rate"], settings["profit_margin"]
    scalar = all(is_scalar(v) for v in (repeat_count, t_x, T, mean_repeat_spend))
    x, tx, tt, _ = _prediction_inputs(repeat_count, t_x, T)
    zbar = as_float_array(mean_repeat_spend, "mean_repeat_spend", allow_nan=True)
    try:
        zbar = np.broadcast_to(zbar, x.shape)
    except ValueError:
        raise InvalidInputError(
            f"mean_repeat_spend must broadcast to the shape of repeat_count, t_x and T {x.shape}; "
            f"got shape {zbar.shape}"
        ) from None
    spend = np.asarray(spend_model.expected_spend(x, zbar))
    n_steps = math.ceil(horizon / period_length - 1e-12)
    if n_steps > MAX_CLV_PERIODS:
        raise InvalidInputError(
            f"horizon / period_length must be <= {MAX_CLV_PERIODS:,} discounting periods "
            f"(each period evaluates the purchase model for every customer); got "
            f"{float(horizon):g} / {float(period_length):g} = {n_steps:,} periods: use a "
            "longer period_length"
        )
    taus = np.minimum(np.arange(1, n_steps + 1) * period_length, horizon)
    total = np.zeros(x.shape)
    previous = np.zeros(x.shape)
    for k, tau in enumerate(taus, start=1):
        current = np.asarray(purchase_model.expected_purchases(tau, x, tx, tt))
        total += (current - previous) / (1.0 + discount_rate) ** k
        previous = current
    return to_output(profit_margin * spend * total, scalar)
