r"""Customer lifetime value: BG/NBD, Pareto/NBD and Gamma-Gamma by maximum likelihood (private).

Public names are re-exported by `ecomops.segmentation`. scipy is imported
lazily (first fit or prediction).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from ecomops._core.results import Result
from ecomops._core.typing import ArrayLike, FloatArray
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
from ecomops._segmentation.mle import (
    DistinctCounts,
    LogLikelihood,
    frequency_data,
    maximise,
    weighted_sum,
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
#: Most discounting periods in a ``customer_lifetime_value`` horizon: each one
#: evaluates the purchase model for every customer. Five years of days.
MAX_CLV_PERIODS = 2000
_NO_DROPOUT = 1e-4  # dropout probability (per purchase, or within the mean T) taken as none


def _repeat_data(
    model: str, repeat_count: Any, t_x: Any, T: Any, weights: Any
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, float]:
    """`frequency_data` of a purchase model, with its mean purchase rate (repeats per time).

    Refuses data without a repeat purchase, in which the purchase rate is not identified.
    """
    x, tx, tt, w = frequency_data(repeat_count, t_x, T, weights)
    if not np.any(x > 0):
        raise InfeasibleProblemError(
            f"{model}: no customer made a repeat purchase; the purchase rate is not identified"
        )
    return x, tx, tt, w, weighted_sum(w, x) / weighted_sum(w, tt)


def _no_dropout(evidence: str) -> str:
    """The message for data without dropout, giving the ``evidence``."""
    return (
        f"the data show no sign of dropout ({evidence}); fit_nbd, the model without "
        "dropout, fits as well"
    )


def _special() -> Any:
    import scipy.special as sc

    return sc


# ---------------------------------------------------------------------------
# BG/NBD
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _BGNBDLikelihood:
    r"""The BG/NBD log-likelihood and its gradient, on sufficient statistics.

    A customer without a repeat purchase contributes
    $r \ln\frac{\alpha}{\alpha + T}$. For the others, with
    $q = \ln\frac{\alpha + T}{\alpha + t_x}$ and
    $d = \ln\frac{a}{b + x - 1} + (r + x) q$ (the log-odds of the "dropped out
    after the last purchase" branch, since
    $B(a + 1, b + x - 1) / B(a, b + x) = a / (b + x - 1)$),

    $$
    \ell = \ln\frac{\Gamma(r + x)\,\alpha^r}{\Gamma(r)}
    + \ln\frac{B(a, b + x)}{B(a, b)} - (r + x)\ln(\alpha + T) + \ln(1 + e^{d}),
    $$

    whose gamma and beta terms depend on $x$ alone and are evaluated once per
    distinct $x$. The gradient follows, with $w_2 = 1 / (1 + e^{-d})$ and
    $\psi(z + 1) - \psi(z) = 1 / z$.
    """

    T0: FloatArray  # observation length of customers without a repeat purchase
    w0: FloatArray
    x: FloatArray  # the customers with a repeat purchase
    tx: FloatArray
    T: FloatArray
    w: FloatArray
    wx: FloatArray
    counts: DistinctCounts

    @classmethod
    def of(cls, x: FloatArray, tx: FloatArray, T: FloatArray, w: FloatArray) -> _BGNBDLikelihood:
        rep = x > 0
        xr, wr = x[rep], w[rep]
        return cls(T[~rep], w[~rep], xr, tx[rep], T[rep], wr, wr * xr, DistinctCounts.of(xr, wr))

    def _no_repeat(self, r: float, alpha: float) -> tuple[float, float, float]:
        """Value and (r, alpha) gradient of the customers without a repeat purchase."""
        if self.w0.shape[0] == 0:
            return 0.0, 0.0, 0.0
        a_t = alpha + self.T0
        log_ratio = float(self.w0.sum()) * math.log(alpha) - weighted_sum(self.w0, np.log(a_t))
        g_alpha = r * (float(self.w0.sum()) / alpha - weighted_sum(self.w0, 1.0 / a_t))
        return r * log_ratio, log_ratio, g_alpha

    def __call__(self, p: FloatArray) -> tuple[float, FloatArray]:
        sc = _special()
        psi = sc.digamma
        r, alpha, a, b = (float(v) for v in p)
        ll0, g_r0, g_alpha0 = self._no_repeat(r, alpha)
        if self.w.shape[0] == 0:
            return ll0, np.array([g_r0, g_alpha0, 0.0, 0.0])
        xu, wu, la = self.counts.values, self.counts.weights, math.log(alpha)
        by_x = sc.gammaln(r + xu) - sc.gammaln(r) + r * la + sc.betaln(a, b + xu) - sc.betaln(a, b)
        a_t, a_tx = alpha + self.T, alpha + self.tx
        log_t = np.log(a_t)
        q = log_t - np.log(a_tx)
        rx = r + self.x
        d = self.counts.gather(math.log(a) - np.log(b + (xu - 1))) + rx * q
        w2 = self.w * sc.expit(d)  # weight times P(the dropped-after-last-purchase branch)
        inv_t = 1.0 / a_t
        s_log_t = weighted_sum(self.w, log_t)
        ll = (
            weighted_sum(wu, by_x) - r * s_log_t - weighted_sum(self.wx, log_t)
            + weighted_sum(self.w, np.logaddexp(0.0, d))
        )  # fmt: skip
        g_r = weighted_sum(wu, psi(r + xu) - psi(r) + la) - s_log_t + weighted_sum(w2, q)
        g_alpha = (
            r / alpha * float(wu.sum()) - r * weighted_sum(self.w, inv_t)
            - weighted_sum(self.wx, inv_t) - weighted_sum(w2, rx * (1.0 / a_tx - inv_t))
        )  # fmt: skip
        w2_by_x = self.counts.total(w2)
        d_ab, d_abx = psi(a + b), psi(a + b + xu)
        g_a = weighted_sum(wu, d_ab - d_abx) + float(w2_by_x.sum()) / a
        g_b = weighted_sum(wu, psi(b + xu) - d_abx - psi(b) + d_ab) - weighted_sum(
            w2_by_x, 1.0 / (b + (xu - 1))
        )
        return ll0 + ll, np.array([g_r0 + g_r, g_alpha0 + g_alpha, g_a, g_b])


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
    loglik: LogLikelihood,
    start: FloatArray,
    weights: FloatArray,
    dropout: dict[str, str],
) -> _Fit:
    """The model fitted by `maximise` over weighted distinct ``(x, t_x, T)`` rows."""
    names = model.PARAMETERS
    opt = maximise(loglik, start, float(weights.sum()), names, name, dropout)
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
    def probability_alive(self, repeat_count: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> Any:
        r"""Probability that a customer with history $(x, t_x, T)$ is still active.

        $$
        P(\text{alive}) = \left[1 + \delta_{x>0}\frac{a}{b + x - 1}
        \left(\frac{\alpha + T}{\alpha + t_x}\right)^{r + x}\right]^{-1}
        $$

        (Fader, Hardie & Lee 2005, eq. 11). Scalars in, float out.

        Returns
        -------
        float, ndarray of float64 or Series
            Probability that each customer is still active. [-]
            A pandas or polars Series on the input's index when an input is a Series.

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
    def expected_purchases(
        self, horizon: ArrayLike, repeat_count: ArrayLike, t_x: ArrayLike, T: ArrayLike
    ) -> Any:
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

        Returns
        -------
        float, ndarray of float64 or Series
            Expected purchases of each customer in the next ``horizon``. [occasions]
            A pandas or polars Series on the input's index when an input is a Series.

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
    def expected_purchases_new_customer(self, horizon: ArrayLike) -> Any:
        r"""Expected purchases of a newly acquired customer in ``horizon`` time units.

        $$
        E[X(t)] = \frac{a + b - 1}{a - 1}\left[1 - (1 - z)^{a - 1}\,
        {}_2F_1(a + b - 1 - r, a - 1; a + b - 1; z)\right], \quad z = \frac{t}{\alpha + t}
        $$

        (Fader, Hardie & Lee 2005, eq. 7, Euler-transformed).

        Returns
        -------
        float, ndarray of float64 or Series
            Expected purchases of a new customer in its first ``horizon``. [occasions]
            A pandas or polars Series on the input's index when an input is a Series.

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


def fit_bgnbd(
    repeat_count: ArrayLike, t_x: ArrayLike, T: ArrayLike, *, weights: ArrayLike | None = None
) -> BGNBDFit:
    r"""Fit the BG/NBD model by maximum likelihood.

    The log-likelihood of a customer with $x$ repeat purchases, the last at
    $t_x$, observed for $T$ (Fader, Hardie & Lee 2005, eq. 6):

    $$
    \ell = \ln\frac{\Gamma(r + x)\,\alpha^r}{\Gamma(r)} + \ln\Big[
    \frac{B(a, b + x)}{B(a, b)}(\alpha + T)^{-(r + x)}
    + \delta_{x>0}\frac{B(a + 1, b + x - 1)}{B(a, b)}(\alpha + t_x)^{-(r + x)}\Big]
    $$

    evaluated in log space on the weighted distinct $(x, t_x, T)$ triples,
    the gamma and beta functions once per distinct $x$, with an analytic
    gradient, by BFGS over log-parameters started from the curvature at the
    start, finished by one Newton step (bounded L-BFGS-B and Nelder-Mead where
    BFGS does not converge); standard errors from the Hessian by central
    differences of the gradient.

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
        _BGNBDLikelihood.of(x, tx, tt, w),
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


def _pnbd_g(
    r: float, alpha: float, s: float, beta: float, x: FloatArray, t: FloatArray
) -> FloatArray:
    r"""The Euler-transformed term of $\ln A_0$ (Fader & Hardie 2005, eq. 22-23) at time $t$."""
    c = r + s + x + 1
    if alpha >= beta:
        z = (alpha - beta) / (alpha + t)
        hyp = _hyp2f1(1.0, r + x, c, z)
        out: FloatArray = np.log(hyp) - (r + x) * np.log(alpha + t) - s * np.log(beta + t)
    else:
        z = (beta - alpha) / (beta + t)
        hyp = _hyp2f1(1.0, s + 1, c, z)
        out = np.log(hyp) - (r + x - 1) * np.log(alpha + t) - (s + 1) * np.log(beta + t)
    return out


def _pnbd_log_a0_from(g_tx: FloatArray, g_t: FloatArray) -> FloatArray:
    r"""$\ln A_0 = g(t_x) + \ln(1 - e^{g(T) - g(t_x)})$."""
    diff = np.minimum(g_t - g_tx, 0.0)
    with np.errstate(divide="ignore"):
        out: FloatArray = g_tx + np.log(-np.expm1(diff))
    return out


def _pnbd_log_a0(
    r: float, alpha: float, s: float, beta: float, x: FloatArray, tx: FloatArray, T: FloatArray
) -> FloatArray:
    r"""$\ln A_0$ of Fader & Hardie (2005, eq. 22-23), Euler-transformed."""
    return _pnbd_log_a0_from(_pnbd_g(r, alpha, s, beta, x, tx), _pnbd_g(r, alpha, s, beta, x, T))


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


def _pnbd_dropout_visible(loglik: _ParetoNBDLikelihood, tx: FloatArray, mean_t: float) -> bool:
    """Whether any of a few dropout laws beats no dropout, at the NBD fit's purchase rates.

    Fifteen likelihood evaluations instead of the hundreds of a full fit: data
    without dropout (where the fit would run for long, only to end at the
    no-dropout boundary) are refused at once. A law that does better sends the
    data to the full fit, whose own check still applies.
    """
    try:
        nbd = fit_nbd(loglik.x, tx, loglik.T, weights=loglik.w)
    except InfeasibleProblemError:
        return True  # let the full fit say what is wrong
    # s / beta is the mean dropout rate: 1 / (lifetime * mean T)
    none = loglik(np.array([nbd.r, nbd.alpha, 1e-6, 1e6 * mean_t]))[0]
    if not math.isfinite(none):
        return True
    for shape in _PROBE_SHAPES:
        for life in _PROBE_LIFETIMES:
            p = np.array([nbd.r, nbd.alpha, shape, shape * life * mean_t])
            value = loglik(p)[0]
            if value > none or not math.isfinite(value):  # better, or cannot tell
                return True
    return False


@dataclasses.dataclass(frozen=True)
class _ParetoNBDLikelihood:
    r"""The Pareto/NBD log-likelihood on sufficient statistics (no gradient).

    The hypergeometric term $g(x, t)$ of $A_0$ is evaluated once per distinct
    pair $(x, t)$ among the $(x, t_x)$ and $(x, T)$ of the data (few on
    day-grained data) and gathered; the gamma function once per distinct $x$.
    """

    x: FloatArray
    T: FloatArray
    w: FloatArray
    counts: DistinctCounts
    pair_x: FloatArray  # the distinct (x, t) pairs
    pair_t: FloatArray
    at_tx: np.ndarray  # each row's (x, t_x) pair
    at_t: np.ndarray  # each row's (x, T) pair

    @classmethod
    def of(
        cls, x: FloatArray, tx: FloatArray, T: FloatArray, w: FloatArray
    ) -> _ParetoNBDLikelihood:
        n = x.shape[0]
        both = np.stack([np.concatenate([x, x]), np.concatenate([tx, T])], axis=1)
        pairs, index = np.unique(both, axis=0, return_inverse=True)
        index = index.reshape(-1)
        counts = DistinctCounts.of(x, w)
        return cls(x, T, w, counts, pairs[:, 0].copy(), pairs[:, 1].copy(), index[:n], index[n:])

    def __call__(self, p: FloatArray) -> tuple[float, None]:
        sc = _special()
        r, alpha, s, beta = (float(v) for v in p)
        xu, wu = self.counts.values, self.counts.weights
        by_x = sc.gammaln(r + xu) - sc.gammaln(r)
        common = weighted_sum(wu, by_x) + float(wu.sum()) * (
            r * math.log(alpha) + s * math.log(beta)
        )
        # A trial point far outside the data (r, alpha ~ 1e5) leaves A0's hypergeometric
        # term NaN; the NaN likelihood rejects that point, so numpy's warning is noise.
        with np.errstate(invalid="ignore"):
            g = _pnbd_g(r, alpha, s, beta, self.pair_x, self.pair_t)
            log_a0 = _pnbd_log_a0_from(g[self.at_tx], g[self.at_t])
            l1 = -(r + self.x) * np.log(alpha + self.T) - s * np.log(beta + self.T)
            l2 = np.log(s / (r + s + self.x)) + log_a0
            return common + weighted_sum(self.w, np.logaddexp(l1, l2)), None


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
    def probability_alive(self, repeat_count: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> Any:
        r"""Probability that a customer with history $(x, t_x, T)$ is still active.

        $$
        P(\text{alive}) = \left[1 + \frac{s}{r + s + x}(\alpha + T)^{r + x}
        (\beta + T)^s A_0\right]^{-1}
        $$

        (Fader & Hardie 2005, eq. 18), evaluated in log space.

        Returns
        -------
        float, ndarray of float64 or Series
            Probability that each customer is still active. [-]
            A pandas or polars Series on the input's index when an input is a Series.

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
    def expected_purchases(
        self, horizon: ArrayLike, repeat_count: ArrayLike, t_x: ArrayLike, T: ArrayLike
    ) -> Any:
        r"""Expected purchases in the next ``horizon`` time units, given the history.

        $$
        E[Y(t) \mid x, t_x, T] = \frac{(r + x)(\beta + T)}{(\alpha + T)(s - 1)}
        \left[1 - \left(\frac{\beta + T}{\beta + T + t}\right)^{s - 1}\right]
        P(\text{alive})
        $$

        (Fader & Hardie 2005, eq. 22; the limit $s \to 1$ is a logarithm).

        Returns
        -------
        float, ndarray of float64 or Series
            Expected purchases of each customer in the next ``horizon``. [occasions]
            A pandas or polars Series on the input's index when an input is a Series.

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
    def expected_purchases_new_customer(self, horizon: ArrayLike) -> Any:
        r"""Expected purchases of a newly acquired customer in ``horizon`` time units.

        $$
        E[X(t)] = \frac{r\beta}{\alpha(s - 1)}\left[1 - \left(\frac{\beta}{\beta + t}
        \right)^{s - 1}\right]
        $$

        (Schmittlein, Morrison & Colombo 1987, eq. 17).

        Returns
        -------
        float, ndarray of float64 or Series
            Expected purchases of a new customer in its first ``horizon``. [occasions]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> m = ParetoNBDFit(0.5534, 10.5776, 0.6061, 11.6650)
        >>> round(m.expected_purchases_new_customer(78), 4)
        1.9104
        """
        h, scalar = _horizon(horizon)
        out = self.r * self.beta / self.alpha * _log_growth(self.s - 1, h / self.beta)
        return to_output(out, scalar)


def fit_pareto_nbd(
    repeat_count: ArrayLike, t_x: ArrayLike, T: ArrayLike, *, weights: ArrayLike | None = None
) -> ParetoNBDFit:
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
    distinct $(x, t_x, T)$ triples, each hypergeometric term once per
    distinct $(x, t)$ pair, by BFGS over log-parameters with a
    central-difference gradient (bounded L-BFGS-B and Nelder-Mead where BFGS
    does not converge); standard errors from the Hessian by central
    differences of the likelihood.

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
    mean_t = weighted_sum(w, tt) / float(w.sum())
    loglik = _ParetoNBDLikelihood.of(x, tx, tt, w)
    if not _pnbd_dropout_visible(loglik, tx, mean_t):
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
        loglik,
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


@dataclasses.dataclass(frozen=True)
class _NBDLikelihood:
    r"""The NBD log-likelihood and its gradient, on sufficient statistics.

    $$
    \ell = \ln\frac{\Gamma(r + x)}{\Gamma(r)\,x!}
    + r \ln\frac{\alpha}{\alpha + T} + x \ln\frac{T}{\alpha + T}
    $$

    with the gamma terms evaluated once per distinct $x$ and
    $\sum w\,x \ln T$ once per fit.
    """

    T: FloatArray
    w: FloatArray
    wx: FloatArray
    x_log_t: float  # sum of w x ln T
    counts: DistinctCounts

    @classmethod
    def of(cls, x: FloatArray, T: FloatArray, w: FloatArray) -> _NBDLikelihood:
        wx = w * x
        rep = x > 0
        x_log_t = weighted_sum(wx[rep], np.log(T[rep]))
        return cls(T, w, wx, x_log_t, DistinctCounts.of(x, w))

    def __call__(self, p: FloatArray) -> tuple[float, FloatArray]:
        sc = _special()
        r, alpha = (float(v) for v in p)
        xu, wu = self.counts.values, self.counts.weights
        total, la = float(wu.sum()), math.log(alpha)
        a_t = alpha + self.T
        log_t = np.log(a_t)
        inv_t = 1.0 / a_t
        s_log_t = weighted_sum(self.w, log_t)
        by_x = sc.gammaln(r + xu) - sc.gammaln(r) - sc.gammaln(xu + 1)
        ll = weighted_sum(wu, by_x) + r * total * la - r * s_log_t
        ll += self.x_log_t - weighted_sum(self.wx, log_t)
        g_r = weighted_sum(wu, sc.digamma(r + xu) - sc.digamma(r)) + total * la - s_log_t
        g_alpha = r * total / alpha - r * weighted_sum(self.w, inv_t) - weighted_sum(self.wx, inv_t)
        return ll, np.array([g_r, g_alpha])


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
    def probability_alive(self, repeat_count: ArrayLike, t_x: ArrayLike, T: ArrayLike) -> Any:
        """1 for every customer: the NBD has no dropout.

        Returns
        -------
        float, ndarray of float64 or Series
            Probability that each customer is still active. [-]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> NBDFit(0.4, 5.0).probability_alive(2, 10.0, 30.0)
        1.0
        """
        x, _, _, scalar = _prediction_inputs(repeat_count, t_x, T)
        return to_output(np.ones(x.shape), scalar)

    @series_io
    def expected_purchases(
        self, horizon: ArrayLike, repeat_count: ArrayLike, t_x: ArrayLike, T: ArrayLike
    ) -> Any:
        r"""Expected purchases in the next ``horizon`` time units, given the history.

        $$
        E[Y(t) \mid x, T] = \frac{r + x}{\alpha + T}\, t
        $$

        the posterior mean rate (gamma-Poisson conjugacy; Morrison & Schmittlein 1988).

        Returns
        -------
        float, ndarray of float64 or Series
            Expected purchases of each customer in the next ``horizon``. [occasions]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> NBDFit(0.4, 5.0).expected_purchases(10, 2, 10.0, 30.0)
        0.6857142857142857
        """
        h, h_scalar = _horizon(horizon)
        x, _, tt, scalar = _prediction_inputs(repeat_count, t_x, T)
        return to_output((self.r + x) / (self.alpha + tt) * h, scalar and h_scalar)

    @series_io
    def expected_purchases_new_customer(self, horizon: ArrayLike) -> Any:
        r"""$E[X(t)] = r t / \alpha$ for a newly acquired customer.

        Returns
        -------
        float, ndarray of float64 or Series
            Expected purchases of a new customer in its first ``horizon``. [occasions]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> NBDFit(0.4, 5.0).expected_purchases_new_customer(10)
        0.8
        """
        h, scalar = _horizon(horizon)
        return to_output(self.r / self.alpha * h, scalar)


def fit_nbd(
    repeat_count: ArrayLike, t_x: ArrayLike, T: ArrayLike, *, weights: ArrayLike | None = None
) -> NBDFit:
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
        _NBDLikelihood.of(x, tt, w),
        np.log(np.array([1.0, 1.0 / max(rate, 1e-6)])),
        w,
        {},
    )


# ---------------------------------------------------------------------------
# Gamma-Gamma
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _GammaGammaLikelihood:
    r"""The Gamma-Gamma log-likelihood and its gradient, on sufficient statistics.

    For a customer with $x$ repeat purchases of mean value $m$
    (Fader, Hardie & Lee 2005b, eq. 3, in log form):

    $$
    \ell = \ln\frac{\Gamma(p x + q)}{\Gamma(p x)\,\Gamma(q)} + q \ln\gamma
    + (p x - 1)\ln m + p x \ln x - (p x + q)\ln(\gamma + m x)
    $$

    The gamma and digamma terms are evaluated once per distinct $x$; the
    terms in $\ln m$ and $\ln x$ are summed once per fit.
    """

    mx: FloatArray  # m x, total repeat spend
    w: FloatArray
    wx: FloatArray
    log_terms: tuple[float, float]  # sum of w x (ln m + ln x) and of w ln m
    counts: DistinctCounts

    @classmethod
    def of(cls, x: FloatArray, m: FloatArray, w: FloatArray) -> _GammaGammaLikelihood:
        wx = w * x
        log_m = np.log(m)
        terms = (weighted_sum(wx, log_m + np.log(x)), weighted_sum(w, log_m))
        return cls(m * x, w, wx, terms, DistinctCounts.of(x, w))

    def __call__(self, p: FloatArray) -> tuple[float, FloatArray]:
        sc = _special()
        psi = sc.digamma
        pp, q, g = (float(v) for v in p)
        xu, wu = self.counts.values, self.counts.weights
        total, lg = float(wu.sum()), math.log(g)
        pxu = pp * xu
        g_mx = g + self.mx
        log_gmx = np.log(g_mx)
        inv_gmx = 1.0 / g_mx
        s_log, s_x_log = weighted_sum(self.w, log_gmx), weighted_sum(self.wx, log_gmx)
        by_x = sc.gammaln(pxu + q) - sc.gammaln(pxu) - sc.gammaln(q)
        ll = weighted_sum(wu, by_x) + total * q * lg + pp * self.log_terms[0] - self.log_terms[1]
        ll -= pp * s_x_log + q * s_log
        d_pq = psi(pxu + q)
        g_p = weighted_sum(wu * xu, d_pq - psi(pxu)) + self.log_terms[0] - s_x_log
        g_q = weighted_sum(wu, d_pq - psi(q)) + total * lg - s_log
        g_g = total * q / g - weighted_sum(pp * self.wx + q * self.w, inv_gmx)
        return ll, np.array([g_p, g_q, g_g])


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
    def expected_spend(self, repeat_count: ArrayLike, mean_repeat_spend: ArrayLike) -> Any:
        r"""Expected spend per future purchase of a customer.

        $$
        E[Z \mid x, \bar z] = \frac{p(\gamma + x\bar z)}{px + q - 1}
        $$

        a weighted mean of the population mean $p\gamma/(q-1)$ and the
        customer's own mean $\bar z$ (Fader, Hardie & Lee 2005, eq. 5). For
        $x = 0$ (NaN spend allowed) it is the population mean.

        Returns
        -------
        float, ndarray of float64 or Series
            Expected mean spend per repeat purchase of each customer. [currency]
            A pandas or polars Series on the input's index when an input is a Series.

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
    repeat_count: ArrayLike, mean_repeat_spend: ArrayLike, *, weights: ArrayLike | None = None
) -> GammaGammaFit:
    r"""Fit the Gamma-Gamma spend model by maximum likelihood.

    For a customer with $x \ge 1$ repeat purchases of mean value
    $\bar z$ (Fader & Hardie 2013, eq. 4):

    $$
    \ell = \ln\frac{\Gamma(px + q)}{\Gamma(px)\Gamma(q)} + q\ln\gamma
    + (px - 1)\ln\bar z + px\ln x - (px + q)\ln(\gamma + x\bar z)
    $$

    Customers without repeat purchases carry no spend information and are left
    out (counted in ``n_excluded``). Fitted with an analytic gradient by BFGS
    over log-parameters, the gamma functions once per distinct $x$, as
    [`fit_bgnbd`][ecomops.segmentation.fit_bgnbd] is.

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
    mean_z = weighted_sum(wr, zr) / float(wr.sum())
    start = np.log(np.array([1.0, 2.0, mean_z]))
    opt = maximise(
        _GammaGammaLikelihood.of(xr, zr, wr),
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
    repeat_count: ArrayLike,
    t_x: ArrayLike,
    T: ArrayLike,
    mean_repeat_spend: ArrayLike,
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
    float, ndarray or Series
        CLV per customer. [currency]
        A pandas or polars Series on the input's index when an input is a Series.

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
