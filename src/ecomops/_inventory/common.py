r"""Shared machinery of `ecomops.inventory` (private).

* fast vectorised validation of numeric inputs (one conversion, one pass per rule);
* the standard normal density, distribution and loss functions, computed stably
  (the loss through the scaled complementary error function, so that its
  logarithm stays finite where $\phi(k)$ underflows);
* `DemandLaw`: a demand distribution vectorised over SKUs (normal,
  Poisson, negative binomial, gamma, empirical) with its CDF, quantile and
  first-order loss;
* vectorised root finders (safeguarded Newton with bisection, integer bisection).

``scipy.special`` is imported inside the functions that need it, so that
``import ecomops`` stays light.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from typing import Any, ClassVar, ParamSpec, TypeVar

import numpy as np

from ecomops._core.results import Result, Table
from ecomops._core.typing import DEMAND_DISTRIBUTIONS, BoolArray, DemandDistribution, FloatArray
from ecomops._core.validation import (
    as_bounded_array,
    as_float_array,
    broadcast,
    check_option,
    is_scalar,
    raise_at,
    read_only,
    read_only_copy,
    to_output,
)
from ecomops.exceptions import InvalidInputError

__all__ = [
    "Checked",
    "DemandLaw",
    "DerivedTable",
    "all_scalar",
    "bisect_int",
    "elementwise",
    "frozen",
    "frozen_copy",
    "make_law",
    "norm_cdf",
    "norm_pdf",
    "norm_ppf",
    "one_sku_samples",
    "padded_rows",
    "poisson_pmf",
    "same_function",
    "solve_decreasing",
    "std_loss",
    "std_loss_inverse",
    "std_loss_one",
    "std_second_loss",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")

_SQRT_2PI = math.sqrt(2.0 * math.pi)
_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_SQRT_HALF_PI = math.sqrt(0.5 * math.pi)
_SQRT_HALF = math.sqrt(0.5)


def propagate_nan(out: FloatArray, *inputs: Any) -> FloatArray:
    """``out`` with NaN wherever an input is NaN (a comparison would read NaN as a number)."""
    missing = np.zeros(np.shape(out), dtype=bool)
    for value in inputs:
        missing |= np.isnan(np.broadcast_to(value, np.shape(out)))
    if missing.any():
        out = np.where(missing, np.nan, out)
    return out


def _sc() -> Any:
    import scipy.special as sc

    return sc


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def all_scalar(*values: Any) -> bool:
    """True when every given value (ignoring ``None``) is a scalar."""
    return all(v is None or is_scalar(v) for v in values)


@dataclasses.dataclass(frozen=True, slots=True)
class Checked:
    """An input of `elementwise` with its bounds (NaN passes, infinities do not)."""

    value: Any
    ge: float | None = None
    gt: float | None = None


def elementwise(func: Callable[..., FloatArray], **inputs: Checked) -> Any:
    """Convert and check each named input once, broadcast them and apply ``func``.

    A Python float for scalar inputs, an array otherwise; errors name the input.
    """
    scalar = all_scalar(*(c.value for c in inputs.values()))
    arrays = {name: as_bounded_array(c.value, name, ge=c.ge, gt=c.gt) for name, c in inputs.items()}
    return to_output(func(*broadcast(**arrays)), scalar)


def one_sku_samples(samples: Any) -> bool:
    """Whether demand samples describe one SKU (a flat sequence)."""
    if samples is None:
        return False
    if isinstance(samples, list | tuple):
        return not any(np.ndim(v) > 0 for v in samples)
    return bool(np.ndim(samples) == 1)


def padded_rows(value: Any, name: str) -> FloatArray:
    """A 2-D float array, one row per SKU; a ragged list of rows is NaN-padded at the end.

    A 1-D input is one row. NaN is padding, allowed only at the end of a row: a
    NaN inside the data is refused (a missing value is not one that can be
    dropped silently).
    """
    if isinstance(value, list | tuple) and value and not is_scalar(value[0]):
        rows = [
            as_float_array(v, f"{name}[{i}]", ndim=1, allow_nan=True) for i, v in enumerate(value)
        ]
        out = np.full((len(rows), max(r.shape[0] for r in rows)), np.nan)
        for i, r in enumerate(rows):
            out[i, : r.shape[0]] = r
    else:
        out = np.array(as_float_array(value, name, allow_nan=True), dtype=np.float64)
        if out.ndim == 1:
            out = out[None, :]
        if out.ndim != 2:
            raise InvalidInputError(f"{name} must be 1- or 2-dimensional; got shape {out.shape}")
    missing = np.isnan(out)
    padding = np.flip(np.logical_and.accumulate(np.flip(missing, axis=1), axis=1), axis=1)
    raise_at(name, "be padded with NaN only at the end of a row", missing & ~padding, out)
    return out


def _as_samples(value: Any, name: str) -> tuple[FloatArray, np.ndarray]:
    """Demand samples as a sorted 2-D array (rows = SKUs, NaN padding at the end).

    A 1-D input is one SKU; a list of sequences of different lengths is padded
    with NaN. Returns the sorted samples and the number of valid samples per row.
    """
    out = padded_rows(value, name)
    counts = np.count_nonzero(~np.isnan(out), axis=1)
    raise_at(name, "hold at least one sample per SKU", counts == 0, counts)
    raise_at(name, "be >= 0", np.nan_to_num(out, nan=0.0) < 0, np.nan_to_num(out, nan=0.0))
    return np.sort(out, axis=1), counts


# ---------------------------------------------------------------------------
# Standard normal
# ---------------------------------------------------------------------------


def norm_pdf(z: FloatArray) -> FloatArray:
    """Standard normal density $\\phi(z)$."""
    with np.errstate(over="ignore"):
        out: FloatArray = np.exp(-0.5 * np.square(z)) / _SQRT_2PI
    return out


def norm_cdf(z: FloatArray) -> FloatArray:
    """Standard normal CDF $\\Phi(z)$."""
    out: FloatArray = _sc().ndtr(z)
    return out


def norm_ppf(p: FloatArray) -> FloatArray:
    """Standard normal quantile $\\Phi^{-1}(p)$."""
    out: FloatArray = _sc().ndtri(p)
    return out


def std_loss(k: FloatArray) -> FloatArray:
    r"""Standard normal loss $G(k)=\phi(k)-k(1-\Phi(k))$, stable for large ``k``.

    For $k>5$, $G(k)=\phi(k)\,(1-kR(k))$ with the Mills ratio
    $R(k)=\sqrt{\pi/2}\,\mathrm{erfcx}(k/\sqrt2)$ (the direct form cancels).
    """
    sc = _sc()
    k = np.asarray(k, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        out: FloatArray = np.asarray(np.exp(-0.5 * k * k) / _SQRT_2PI - k * sc.ndtr(-k))
    far = k > 5.0
    if far.any() and out.ndim == 0:
        return np.asarray(std_loss(k.reshape(1))[0])
    if far.any():
        kk = k[far]
        mills = _SQRT_HALF_PI * sc.erfcx(kk * _SQRT_HALF)
        out[far] = norm_pdf(kk) * (1.0 - kk * mills)
    return out


def std_loss_one(k: float) -> float:
    """`std_loss` of one finite value: the same numpy operations, without the array steps."""
    if k > 5.0:
        return float(std_loss(np.array([k]))[0])
    return float(np.exp(-0.5 * k * k) / _SQRT_2PI - k * _sc().ndtr(-k))


def _log_std_loss_and_slope(k: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``log G(k)`` and its derivative ``-(1 - Phi(k)) / G(k)``, stable for all k."""
    sc = _sc()
    pos = k > 0
    kk = np.where(pos, k, 0.0)
    mills = _SQRT_HALF_PI * sc.erfcx(kk * _SQRT_HALF)
    one_minus = 1.0 - kk * mills
    kn = np.where(pos, 0.0, k)
    g_left = norm_pdf(kn) - kn * sc.ndtr(-kn)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_g = np.where(pos, -0.5 * kk * kk - _LOG_SQRT_2PI + np.log(one_minus), np.log(g_left))
        slope = np.where(pos, -mills / one_minus, -sc.ndtr(-kn) / g_left)
    return log_g, slope


_K_SIMPLE = 8.0  # below this, G = phi - kQ loses at most ~2 digits to cancellation
_TABLE: tuple[FloatArray, FloatArray] | None = None


def _inverse_table() -> tuple[FloatArray, FloatArray]:
    """``(log G(k), k)`` on a fine grid of k in [-38, 8], with log G increasing."""
    global _TABLE
    if _TABLE is None:
        k = np.linspace(_K_SIMPLE, -38.0, 4097)
        _TABLE = (np.log(std_loss(k)), k)
    return _TABLE


def std_loss_inverse(loss: FloatArray) -> FloatArray:
    r"""Solve $G(k) = y$ for ``k``, vectorised.

    A start interpolated from a table of $\log G$ (error about 1e-5) is
    refined by Newton steps on $G$ (two or three are enough: the
    convergence is quadratic). Targets below $G(8)$ use Newton on
    $\log G$, which is concave and decreasing, so that iteration converges
    monotonically; targets above 38 give $k=-y$ (exact in float64).
    ``y <= 0`` gives ``+inf``; NaN propagates.
    """
    sc = _sc()
    y0 = np.asarray(loss, dtype=np.float64)
    y = y0.reshape(-1)
    log_g, k_grid = _inverse_table()
    with np.errstate(divide="ignore", invalid="ignore"):
        ly = np.log(y)
    k = np.interp(ly, log_g, k_grid)
    for _ in range(8):
        q = sc.ndtr(-k)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            g = np.exp(-0.5 * k * k) / _SQRT_2PI - k * q
            step = (g - y) / q
        k = k + step
        worst = np.fmax.reduce(np.abs(step) / (1.0 + np.abs(k)), axis=None) if k.size else 0.0
        if not worst > 1e-14:
            break
    tiny = ly < log_g[0]
    if tiny.any():
        k[tiny] = _inverse_log_newton(y[tiny])
    big = y >= 38.0
    if big.any():
        k[big] = -y[big]
    k[y <= 0] = np.inf
    k[np.isnan(y)] = np.nan
    return k.reshape(y0.shape)


def _inverse_log_newton(target: FloatArray) -> FloatArray:
    """Newton on log G from the right (for tiny targets), monotone convergence."""
    log_target = np.log(target)
    k = np.sqrt(np.maximum(-2.0 * (log_target + _LOG_SQRT_2PI), 0.0))
    active = np.ones(k.shape, dtype=bool)
    for _ in range(100):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        kk = k[idx]
        log_g, slope = _log_std_loss_and_slope(kk)
        step = (log_g - log_target[idx]) / slope
        k_new = kk - step
        k[idx] = k_new
        done = ~(np.abs(step) > 1e-14 * (1.0 + np.abs(k_new)))
        active[idx[done]] = False
    return k


def poisson_pmf(mean: FloatArray, support: int) -> FloatArray:
    """Poisson probabilities of 0, 1, ..., ``support - 1``, one row per mean."""
    sc = _sc()
    d = np.arange(support, dtype=np.float64)[None, :]
    m = mean[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        log_pmf = d * np.log(m) - m - sc.gammaln(d + 1.0)
    pmf = np.exp(log_pmf)
    out: FloatArray = np.where(m == 0, (d == 0).astype(np.float64), pmf)
    return out


def std_second_loss(k: FloatArray) -> FloatArray:
    r"""Standard normal second-order loss $G_2(k)=\tfrac12[(k^2+1)(1-\Phi(k))-k\phi(k)]$.

    Equal to $\int_k^\infty G(t)\,dt$.
    """
    sc = _sc()
    k = np.asarray(k, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        pos = k > 0
        kk = np.where(pos, k, 0.0)
        mills = _SQRT_HALF_PI * sc.erfcx(kk * _SQRT_HALF)
        # phi(k) * [ (k^2 + 1) R(k) - k ] / 2, stable for k > 0
        right = 0.5 * norm_pdf(kk) * ((kk * kk + 1.0) * mills - kk)
        left = 0.5 * ((k * k + 1.0) * sc.ndtr(-k) - k * norm_pdf(k))
        out: FloatArray = np.where(pos, right, left)
    return out


# ---------------------------------------------------------------------------
# Root finders
# ---------------------------------------------------------------------------


def solve_decreasing(
    func: Callable[[FloatArray, np.ndarray], tuple[FloatArray, FloatArray]],
    target: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    *,
    start: FloatArray | None = None,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> FloatArray:
    """Solve ``f(x) = target`` for a decreasing ``f`` bracketed by ``[lo, hi]``.

    ``func(x, idx)`` returns ``f(x)`` and ``f'(x)`` for the rows ``idx``.
    Safeguarded Newton: a Newton step that leaves the current bracket is
    replaced by bisection. Vectorised over rows; converged rows drop out.
    """
    lo = np.array(lo, dtype=np.float64)
    hi = np.array(hi, dtype=np.float64)
    x = np.array(0.5 * (lo + hi) if start is None else start, dtype=np.float64)
    scale = 1.0 + np.abs(hi - lo)
    active = np.isfinite(x) & np.isfinite(lo) & np.isfinite(hi)
    for _ in range(max_iter):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        xi = x[idx]
        f, fp = func(xi, idx)
        r = f - target[idx]
        # decreasing: r > 0 means the root is to the right
        lo_i = np.where(r > 0, xi, lo[idx])
        hi_i = np.where(r > 0, hi[idx], xi)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            newton = xi - r / fp
        inside = (newton >= lo_i) & (newton <= hi_i) & np.isfinite(newton)
        x_new = np.where(inside, newton, 0.5 * (lo_i + hi_i))
        x_new = np.where(r == 0, xi, x_new)
        lo[idx], hi[idx], x[idx] = lo_i, hi_i, x_new
        done = (np.abs(x_new - xi) <= tol * scale[idx]) | (hi_i - lo_i <= tol * scale[idx])
        active[idx[done]] = False
    return x


def bisect_int(
    pred: Callable[[FloatArray, np.ndarray], BoolArray],
    lo: FloatArray,
    hi: FloatArray,
) -> FloatArray:
    """Smallest integer ``x`` in ``(lo, hi]`` with ``pred(x)`` True, for a monotone ``pred``.

    ``pred(x, idx)`` evaluates the rows ``idx``; it must be False at ``lo`` and
    True at ``hi`` (both integers). Vectorised integer bisection.
    """
    lo = np.array(lo, dtype=np.float64)
    hi = np.array(hi, dtype=np.float64)
    active = (hi - lo) > 1
    while True:
        idx = np.flatnonzero(active)
        if idx.size == 0:
            return hi
        mid = np.floor(0.5 * (lo[idx] + hi[idx]))
        ok = pred(mid, idx)
        hi[idx] = np.where(ok, mid, hi[idx])
        lo[idx] = np.where(ok, lo[idx], mid)
        active[idx] = (hi[idx] - lo[idx]) > 1


# ---------------------------------------------------------------------------
# Demand distributions vectorised over SKUs
# ---------------------------------------------------------------------------


class DemandLaw:
    """A demand distribution per SKU, from its mean and standard deviation (or samples).

    ``normal``: $N(\\mu, \\sigma^2)$. ``gamma``: shape $\\mu^2/\\sigma^2$,
    scale $\\sigma^2/\\mu$. ``poisson``: mean $\\mu$ (the standard
    deviation is $\\sqrt\\mu$; a given one is ignored). ``negative_binomial``:
    $r=\\mu^2/(\\sigma^2-\\mu)$, $p=\\mu/\\sigma^2$ (needs
    $\\sigma^2>\\mu$). ``empirical``: the samples' distribution (inverted-CDF
    quantiles). A zero mean (or zero standard deviation, for the continuous laws)
    is the point mass at the mean.
    """

    def __init__(
        self,
        kind: DemandDistribution,
        mean: FloatArray | None,
        std: FloatArray | None,
        samples: tuple[FloatArray, np.ndarray] | None = None,
    ) -> None:
        self.kind = kind
        self.samples = samples
        if kind == "empirical":
            assert samples is not None
            s, n = samples
            valid = ~np.isnan(s)
            self.mean = np.where(valid, s, 0.0).sum(axis=1) / n
            dev = np.where(valid, s - self.mean[:, None], 0.0)
            self.std = np.sqrt((dev * dev).sum(axis=1) / n)
            self.shape: tuple[int, ...] = self.mean.shape
            return
        assert mean is not None
        self.mean = mean
        if kind == "poisson":
            self.std = np.sqrt(mean)
        else:
            assert std is not None
            self.std = std
        self.shape = np.broadcast_shapes(np.shape(self.mean), np.shape(self.std))
        if kind == "negative_binomial":
            var = self.std * self.std
            point = self.mean == 0
            raise_at(
                "demand_std",
                "satisfy demand_std**2 > demand_mean for a negative binomial "
                "(use distribution='poisson' when they are equal)",
                ~point & (var <= self.mean),
                np.broadcast_to(self.std, self.shape),
            )
            with np.errstate(divide="ignore", invalid="ignore"):
                self.nb_r = np.where(point, 1.0, self.mean**2 / (var - self.mean))
                self.nb_p = np.where(point, 1.0, self.mean / var)

    @property
    def discrete(self) -> bool:
        return self.kind in ("poisson", "negative_binomial")

    def _take(self, a: Any, idx: np.ndarray | None) -> FloatArray:
        full: FloatArray = np.broadcast_to(np.asarray(a, dtype=np.float64), self.shape)
        if idx is None:
            return full
        out: FloatArray = full.reshape(-1)[idx]
        return out

    def _standardised(
        self, x: FloatArray, mu: FloatArray, idx: np.ndarray | None
    ) -> tuple[FloatArray, FloatArray]:
        """The standard deviation and ``z = (x - mu) / sd`` of the normal law."""
        sd = self._take(self.std, idx)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (x - mu) / sd
        return sd, z

    def _gamma(
        self, mu: FloatArray, idx: np.ndarray | None
    ) -> tuple[BoolArray, FloatArray, FloatArray]:
        """Point-mass rows, shape $(\\mu/\\sigma)^2$ and scale $\\sigma^2/\\mu$."""
        sd = self._take(self.std, idx)
        point = (sd == 0) | (mu == 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            a = np.where(point, 1.0, (mu / sd) ** 2)
            theta = np.where(point, 1.0, sd * sd / mu)
        return point, a, theta

    # -- CDF -------------------------------------------------------------

    def cdf(self, x: FloatArray, idx: np.ndarray | None = None) -> FloatArray:
        """$P(D \\le x)$."""
        sc = _sc()
        mu = self._take(self.mean, idx)
        if self.kind == "normal":
            sd, z = self._standardised(x, mu, idx)
            certain = (x >= mu).astype(np.float64)
            out: FloatArray = np.where(sd == 0, certain, sc.ndtr(z))  # NaN sd stays NaN
            return propagate_nan(out, x, mu)
        if self.kind == "gamma":
            point, a, theta = self._gamma(mu, idx)
            with np.errstate(divide="ignore", invalid="ignore"):
                val = sc.gammainc(a, np.maximum(x, 0.0) / theta)
            return np.where(point, (x >= mu).astype(np.float64), val)
        if self.kind == "empirical":
            return self._emp_cdf(x, idx)
        k = np.floor(x)
        neg = k < 0
        kk = np.where(neg, 0.0, k)
        if self.kind == "poisson":
            val = sc.gammaincc(kk + 1.0, mu)
        else:
            r = self._take(self.nb_r, idx)
            p = self._take(self.nb_p, idx)
            val = sc.betainc(r, kk + 1.0, p)
        return np.where(neg, 0.0, val)

    def _nb_upper_cdf(self, x: FloatArray, idx: np.ndarray | None) -> FloatArray:
        """CDF of the size-biased law: NB(r + 1, p) (or the Poisson itself)."""
        sc = _sc()
        k = np.floor(x)
        neg = k < 0
        kk = np.where(neg, 0.0, k)
        if self.kind == "poisson":
            val = sc.gammaincc(kk + 1.0, self._take(self.mean, idx))
        else:
            val = sc.betainc(self._take(self.nb_r, idx) + 1.0, kk + 1.0, self._take(self.nb_p, idx))
        return np.where(neg, 0.0, val)

    # -- loss ------------------------------------------------------------

    def loss(self, x: FloatArray, idx: np.ndarray | None = None) -> FloatArray:
        """First-order loss $n(x)=E[(D-x)^+]$ (expected units short)."""
        sc = _sc()
        mu = self._take(self.mean, idx)
        if self.kind == "normal":
            sd, z = self._standardised(x, mu, idx)
            with np.errstate(divide="ignore", invalid="ignore"):
                val = sd * std_loss(z)
            out: FloatArray = np.where(sd == 0, np.maximum(mu - x, 0.0), val)
            return propagate_nan(out, x, mu)
        if self.kind == "gamma":
            point, a, theta = self._gamma(mu, idx)
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.maximum(x, 0.0) / theta
                val = mu * sc.gammaincc(a + 1.0, t) - np.maximum(x, 0.0) * sc.gammaincc(a, t)
                val = np.where(x < 0, mu - x, np.maximum(val, 0.0))
            return np.where(point, np.maximum(mu - x, 0.0), val)
        if self.kind == "empirical":
            return self._emp_loss(x, idx)
        # integer-valued: exact at integers, linear in between
        k = np.floor(x)
        frac = x - k
        tail = 1.0 - self.cdf(k, idx)  # P(D > k)
        biased = 1.0 - self._nb_upper_cdf(k - 1.0, idx)  # P(D' > k - 1)
        n_k = np.where(k < 0, mu - k, np.maximum(mu * biased - k * tail, 0.0))
        return n_k - frac * tail

    # -- quantile --------------------------------------------------------

    def quantile(self, alpha: FloatArray, idx: np.ndarray | None = None) -> FloatArray:
        """Smallest ``x`` with $P(D \\le x) \\ge \\alpha$ (the inverse CDF)."""
        sc = _sc()
        mu = self._take(self.mean, idx)
        alpha = np.broadcast_to(alpha, mu.shape)
        if self.kind == "normal":
            sd = self._take(self.std, idx)
            with np.errstate(invalid="ignore"):
                out: FloatArray = np.where(sd == 0, mu, mu + sd * sc.ndtri(alpha))
            return propagate_nan(out, alpha, mu)
        if self.kind == "gamma":
            point, a, theta = self._gamma(mu, idx)
            with np.errstate(divide="ignore", invalid="ignore"):
                val = theta * sc.gammaincinv(a, alpha)
            return np.where(point, mu, val)
        if self.kind == "empirical":
            s, n = self._rows(idx)
            j = np.clip(np.ceil(alpha * n - 1e-12).astype(np.int64), 1, n) - 1
            return np.take_along_axis(s, j[:, None], axis=1)[:, 0].reshape(alpha.shape)
        flat_a = alpha.reshape(-1)
        flat_idx = np.arange(flat_a.size) if idx is None else np.asarray(idx)
        sd = np.sqrt(np.maximum(self._take(self.std, idx).reshape(-1) ** 2, mu.reshape(-1)))
        hi = np.ceil(mu.reshape(-1) + 8.0 * sd + 8.0)
        hi = self._expand_hi(lambda v, i: self.cdf(v, flat_idx[i]) >= flat_a[i], hi)
        lo = np.full(hi.shape, -1.0)
        res = bisect_int(lambda v, i: self.cdf(v, flat_idx[i]) >= flat_a[i], lo, hi)
        return res.reshape(alpha.shape)

    @staticmethod
    def _expand_hi(
        pred: Callable[[FloatArray, np.ndarray], BoolArray], hi: FloatArray
    ) -> FloatArray:
        hi = hi.copy()
        for _ in range(60):
            idx = np.arange(hi.size)
            bad = ~pred(hi, idx)
            if not bad.any():
                break
            hi[bad] = 2.0 * hi[bad] + 16.0
        return hi

    # -- empirical helpers -------------------------------------------------

    def _rows(self, idx: np.ndarray | None) -> tuple[FloatArray, np.ndarray]:
        assert self.samples is not None
        s, n = self.samples
        if idx is None:
            return s, n
        return s[idx], n[idx]

    def _emp_cdf(self, x: FloatArray, idx: np.ndarray | None) -> FloatArray:
        s, n = self._rows(idx)
        xx = np.asarray(x, dtype=np.float64).reshape(-1)
        counts = np.count_nonzero(s <= xx[:, None], axis=1)
        out: FloatArray = counts / n
        return out.reshape(np.shape(x))

    def _emp_loss(self, x: FloatArray, idx: np.ndarray | None) -> FloatArray:
        s, n = self._rows(idx)
        xx = np.asarray(x, dtype=np.float64).reshape(-1)
        excess = np.where(np.isnan(s), 0.0, np.maximum(s - xx[:, None], 0.0))
        out: FloatArray = excess.sum(axis=1) / n
        return out.reshape(np.shape(x))


def make_law(
    distribution: DemandDistribution,
    mean: FloatArray | None,
    std: FloatArray | None,
    samples: Any = None,
    *,
    samples_name: str = "demand_samples",
) -> DemandLaw:
    """Build a `DemandLaw`, checking the option and what it needs."""
    kind = check_option(distribution, "distribution", DEMAND_DISTRIBUTIONS)
    if kind == "empirical":
        if samples is None:
            raise InvalidInputError(f"distribution='empirical' needs {samples_name}")
        return DemandLaw(kind, None, None, _as_samples(samples, samples_name))
    if samples is not None:
        raise InvalidInputError(f"{samples_name} is only used with distribution='empirical'")
    if mean is None:
        raise InvalidInputError(f"distribution={kind!r} needs demand_mean")
    if std is None and kind != "poisson":
        raise InvalidInputError(f"distribution={kind!r} needs demand_std")
    return DemandLaw(kind, mean, std)


# ---------------------------------------------------------------------------
# Result bases
# ---------------------------------------------------------------------------


def same_function(func: Callable[_P, _R], name: str, doc: str) -> Callable[_P, _R]:
    """``func`` under another name and docstring: one computation, two readings.

    The signature is ``func``'s (``inspect.signature`` follows ``__wrapped__``).
    """

    @functools.wraps(func)
    def alias(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        return func(*args, **kwargs)

    alias.__name__ = alias.__qualname__ = name
    alias.__doc__ = doc
    return alias


def frozen_copy(value: FloatArray, scalar: bool) -> Any:
    """An input kept on a result, read-only and never aliasing a caller's writeable array.

    A float for scalar calls.
    """
    if scalar:
        return float(np.asarray(value).reshape(-1)[0])
    return read_only_copy(value, np.float64)


def frozen(value: Any, scalar: bool) -> Any:
    """A computed array made read-only as float64 (a float for scalar calls; ``None`` stays).

    A fresh array is frozen in place; a view (of an input, say) is copied first.
    """
    if value is None:
        return None
    if scalar:
        return float(np.asarray(value).reshape(-1)[0])
    out = np.asarray(value, dtype=np.float64)
    return read_only(out) if out.base is None else read_only_copy(out)


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class DerivedTable(Table):
    """A `Table` whose derived properties are columns too.

    Subclasses list the names of their derived (computed on access) quantities
    in ``_DERIVED``; they appear in the repr, in `columns` and in
    ``to_pandas()`` / ``to_polars()`` like stored fields.
    """

    _DERIVED: ClassVar[tuple[str, ...]] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        names = [
            f.name
            for f in dataclasses.fields(self)
            if isinstance(getattr(self, f.name), np.ndarray) and getattr(self, f.name).ndim == 1
        ]
        for name in self._DERIVED:
            value = getattr(self, name)
            if isinstance(value, np.ndarray) and value.ndim == 1:
                names.append(name)
        return tuple(names)

    def _fields(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.repr}
        out.update({name: getattr(self, name) for name in self._DERIVED})
        return out

    def _metadata(self) -> dict[str, Any]:
        cols = set(self.column_names)
        return {k: v for k, v in self._fields().items() if k not in cols and v is not None}

    def __repr__(self) -> str:
        if not self.column_names:
            return Result.__repr__(self)
        return Table.__repr__(self)
