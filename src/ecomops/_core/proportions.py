r"""Statistics of proportions shared by funnels and experiments (private).

Confidence intervals for one proportion, the two-sample z test with intervals
for the difference and the relative lift, Pearson's chi-square across several
variants, the sample size of a two-arm test, and the sample-ratio-mismatch
check. Every function is vectorised (inputs broadcast like numpy ufuncs) and
scalar-friendly (scalars in, Python floats out). NaN in an input propagates to
that element's output. No continuity correction is ever applied. Every interval
comes as a [`ConfidenceInterval`][ecomops.funnel.ConfidenceInterval] ``(low,
high)``, whatever the input's shape; results recompute theirs with
``confidence_interval()``, and a level is always ``confidence_level`` (a test's
significance level is ``1 - confidence_level``).

The public names are re-exported from [`ecomops.funnel`][ecomops.funnel]; a later
experiments module reuses them from here.

References
----------
1. Brown, L. D., Cai, T. T. and DasGupta, A. (2001), "Interval estimation
   for a binomial proportion", *Statistical Science* 16(2), 101-133,
   doi:10.1214/ss/1009213286.
2. Newcombe, R. G. (1998), "Interval estimation for the difference between
   independent proportions: comparison of eleven methods", *Statistics in
   Medicine* 17(8), 873-890,
   doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I.
3. Agresti, A. (2013), *Categorical Data Analysis*, 3rd ed., Wiley,
   sections 1.4 and 3.2.

Examples
--------
>>> from ecomops._core.proportions import proportion_interval, two_proportions_ztest
>>> low, high = proportion_interval(7, 20)
>>> round(low, 4), round(high, 4)
(0.1812, 0.5671)
>>> test = two_proportions_ztest(300, 10_000, 345, 10_000)
>>> round(test.statistic, 4), round(test.pvalue, 4)
(1.8012, 0.0717)
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping
from statistics import NormalDist
from typing import Any, ClassVar, NamedTuple

import numpy as np

from ecomops._core.constraints import (
    NON_NEGATIVE,
    OPEN_FRACTION,
    POSITIVE,
    REAL,
    Constraints,
    Interval,
    Options,
)
from ecomops._core.results import Display, Result, display_kinds
from ecomops._core.typing import (
    ALTERNATIVES,
    ESTIMATES,
    INTERVAL_METHODS,
    SAMPLE_SIZE_METHODS,
    Z_TEST_METHODS,
    Alternative,
    ArrayLike,
    BoolArray,
    Estimate,
    FloatArray,
    IntervalMethod,
    Real,
    SampleSizeMethod,
    ZTestMethod,
)
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
from ecomops.exceptions import InvalidInputError

__all__ = [
    "ChiSquareTest",
    "ConfidenceInterval",
    "SampleRatioMismatch",
    "SampleSize",
    "TwoProportionsTest",
    "check_level",
    "holm_adjust",
    "proportion_interval",
    "proportions_chisquare",
    "sample_ratio_mismatch",
    "sample_size_proportions",
    "two_proportions_ztest",
]


class ConfidenceInterval(NamedTuple):
    """A two-sided confidence interval: ``low`` and ``high`` (as scipy's ``ConfidenceInterval``).

    Every interval of the library comes in this form: a float per bound for
    scalar input, arrays of the input's broadcast shape otherwise. It unpacks
    as ``low, high = ...``.

    Attributes
    ----------
    low, high : float or ndarray
        Lower and upper bounds. [-]

    Examples
    --------
    >>> ci = ConfidenceInterval(0.25, 0.5)
    >>> ci.low, ci.high
    (0.25, 0.5)
    """

    low: Any
    high: Any


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def check_level(value: Any, name: str) -> float:
    """A probability strictly inside (0, 1), given as a scalar (a confidence level, a power).

    Converted by the shared scalar conversion, so ``None``, strings, bools,
    complex numbers, dicts and arrays are refused by name like any numeric input.
    """
    level = as_real_scalar(value, name, "a number in (0, 1)")
    if not 0.0 < level < 1.0:
        raise InvalidInputError(f"{name} must be in (0, 1); got {level!r}")
    return level


@functools.lru_cache(maxsize=64)
def _z(upper_tail: float) -> float:
    """Standard normal quantile leaving ``upper_tail`` above it (once per level)."""
    return NormalDist().inv_cdf(1.0 - upper_tail)


def _normal_sf(z: FloatArray) -> FloatArray:
    """Upper tail of the standard normal, vectorised (NaN propagates)."""
    from scipy import special

    out: FloatArray = special.ndtr(-z)
    return out


def _chi2_sf(statistic: FloatArray, dof: FloatArray | float) -> FloatArray:
    from scipy import special

    out: FloatArray = special.chdtrc(dof, statistic)
    return out


def _pvalue(z: FloatArray, alternative: str) -> FloatArray:
    if alternative == "two-sided":
        return np.minimum(1.0, 2.0 * _normal_sf(np.abs(z)))
    if alternative == "greater":
        return _normal_sf(z)
    return _normal_sf(-z)


def _counts_and_nobs(
    x: FloatArray, n: FloatArray, count_name: str, nobs_name: str
) -> tuple[FloatArray, FloatArray]:
    """Broadcast converted counts and trials and check ``count <= nobs`` (NaN passes)."""
    x, n = broadcast(**{count_name: x, nobs_name: n})
    with np.errstate(invalid="ignore"):
        raise_at(count_name, f"be <= {nobs_name}", x > n, x)
    return x, n


# ---------------------------------------------------------------------------
# One proportion
# ---------------------------------------------------------------------------


def _interval(
    x: FloatArray, n: FloatArray, method: str, level: float
) -> tuple[FloatArray, FloatArray]:
    """The interval formulas on float arrays (validated), n == 0 giving NaN."""
    alpha = 1.0 - level
    z = _z(alpha / 2.0)
    z2 = z * z
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        if method == "wilson":
            denom = n + z2
            center = (x + z2 / 2.0) / denom
            half = z * np.sqrt(x * (n - x) / n + z2 / 4.0) / denom
            low, high = center - half, center + half
        elif method == "agresti_coull":
            n_t = n + z2
            p_t = (x + z2 / 2.0) / n_t
            half = z * np.sqrt(p_t * (1.0 - p_t) / n_t)
            low, high = p_t - half, p_t + half
        elif method == "normal":
            half = z * np.sqrt(p * (1.0 - p) / n)
            low, high = p - half, p + half
        else:
            from scipy import special

            if method == "jeffreys":
                low = special.betaincinv(x + 0.5, n - x + 0.5, alpha / 2.0)
                high = special.betaincinv(x + 0.5, n - x + 0.5, 1.0 - alpha / 2.0)
            else:  # clopper_pearson
                low = special.betaincinv(x, n - x + 1.0, alpha / 2.0)
                high = special.betaincinv(x + 1.0, n - x, 1.0 - alpha / 2.0)
        low = np.clip(np.asarray(low, dtype=np.float64), 0.0, 1.0)
        high = np.clip(np.asarray(high, dtype=np.float64), 0.0, 1.0)
        # closed forms at the boundaries (exact, not left to rounding)
        if method != "normal":
            low = np.where(x == 0, 0.0, low)
            high = np.where(x == n, 1.0, high)
        empty = n == 0
        low = np.where(empty, np.nan, low)
        high = np.where(empty, np.nan, high)
    return low, high


#: Methods with a closed form, which the scalar path evaluates on floats.
_CLOSED_FORMS = ("wilson", "agresti_coull", "normal")


def _one_interval(x: float, n: float, method: str, level: float) -> tuple[float, float]:
    """`_interval` of one count (``0 <= x <= n``, ``n > 0``): the same float operations."""
    z = _z((1.0 - level) / 2.0)
    z2 = z * z
    if method == "wilson":
        denom = n + z2
        center = (x + z2 / 2.0) / denom
        half = z * math.sqrt(x * (n - x) / n + z2 / 4.0) / denom
        low, high = center - half, center + half
    elif method == "agresti_coull":
        n_t = n + z2
        p_t = (x + z2 / 2.0) / n_t
        half = z * math.sqrt(p_t * (1.0 - p_t) / n_t)
        low, high = p_t - half, p_t + half
    else:  # normal (Wald): no closed form at the boundaries
        p = x / n
        half = z * math.sqrt(p * (1.0 - p) / n)
        return min(max(p - half, 0.0), 1.0), min(max(p + half, 0.0), 1.0)
    low = 0.0 if x == 0 else min(max(low, 0.0), 1.0)
    high = 1.0 if x == n else min(max(high, 0.0), 1.0)
    return low, high


_PROPORTION_INTERVAL = Constraints(
    count=NON_NEGATIVE, nobs=NON_NEGATIVE, method=Options(INTERVAL_METHODS)
)


@series_io
@_PROPORTION_INTERVAL.declare
def proportion_interval(
    count: Real | ArrayLike,
    nobs: Real | ArrayLike,
    *,
    method: IntervalMethod = "wilson",
    confidence_level: float = 0.95,
) -> ConfidenceInterval:
    r"""Two-sided confidence interval for a proportion (a conversion rate).

    With $\hat p = x/n$, $\alpha = 1 -$ ``confidence_level`` and
    $z = \Phi^{-1}(1 - \alpha/2)$, the Wilson score interval (the default) is

    $$
    \frac{x + z^2/2}{n + z^2} \pm \frac{z}{n + z^2}
    \sqrt{\frac{x (n - x)}{n} + \frac{z^2}{4}}
    $$

    Agresti-Coull adds $z^2/2$ successes and failures and uses the Wald
    form on $\tilde p = (x + z^2/2)/(n + z^2)$; Jeffreys takes the
    $\alpha/2$ and $1-\alpha/2$ quantiles of
    $\mathrm{Beta}(x + 1/2, n - x + 1/2)$; Clopper-Pearson those of
    $\mathrm{Beta}(x, n - x + 1)$ and $\mathrm{Beta}(x + 1, n - x)$;
    ``"normal"`` is the Wald interval $\hat p \pm z\sqrt{\hat p(1-\hat p)/n}$.

    Parameters
    ----------
    count : int or array_like
        Successes (converted units), ``0 <= count <= nobs``. [units]
    nobs : int or array_like
        Trials (units exposed to the step), ``>= 0``; ``nobs == 0`` gives NaN. [units]
    method : {"wilson", "agresti_coull", "jeffreys", "clopper_pearson", "normal"}
        The interval; default ``"wilson"``, recommended by Brown, Cai and
        DasGupta (2001) for its coverage at small and moderate ``n``.
    confidence_level : float
        Two-sided coverage, in (0, 1); default 0.95. [-]

    Returns
    -------
    ConfidenceInterval
        Always this named pair ``(low, high)``: bounds in [0, 1], floats for
        scalar input, arrays of the broadcast shape otherwise. NaN in ``count``
        or ``nobs`` gives NaN bounds.

    Raises
    ------
    InvalidInputError
        For negative counts, ``count > nobs``, an unknown method or a
        ``confidence_level`` outside (0, 1).

    Notes
    -----
    At the boundaries the closed forms are used exactly: ``low = 0`` when
    ``count == 0`` and ``high = 1`` when ``count == nobs`` (for Jeffreys this is
    the modification of Brown, Cai and DasGupta 2001, section 4.1.2;
    statsmodels 0.15 returns ``2.4e-05`` for ``proportion_confint(0, 20,
    method="jeffreys")`` instead of 0). Every method is clipped to [0, 1]. The
    Wald interval collapses to a point at 0 and ``n`` and is offered for
    comparison only. Non-integer counts (weighted data) are accepted.

    References
    ----------
    1. Wilson, E. B. (1927), "Probable inference, the law of succession, and
       statistical inference", *JASA* 22(158), 209-212,
       doi:10.1080/01621459.1927.10502953.
    2. Agresti, A. and Coull, B. A. (1998), "Approximate is better than
       'exact' for interval estimation of binomial proportions", *The American
       Statistician* 52(2), 119-126, doi:10.1080/00031305.1998.10480550.
    3. Clopper, C. J. and Pearson, E. S. (1934), "The use of confidence or
       fiducial limits illustrated in the case of the binomial", *Biometrika*
       26(4), 404-413, doi:10.1093/biomet/26.4.404.
    4. Brown, L. D., Cai, T. T. and DasGupta, A. (2001), "Interval estimation
       for a binomial proportion", *Statistical Science* 16(2), 101-133,
       doi:10.1214/ss/1009213286.

    Examples
    --------
    >>> low, high = proportion_interval(7, 20)
    >>> round(low, 4), round(high, 4)
    (0.1812, 0.5671)
    >>> proportion_interval(0, 20, method="clopper_pearson").high
    0.16843347098...
    >>> ci = proportion_interval([0, 20], [20, 20])
    >>> ci.low.round(4), ci.high.round(4)
    (array([0.    , 0.8389]), array([0.1611, 1.    ]))
    """
    one = _PROPORTION_INTERVAL.scalars(count, nobs, method)
    if one is not None and one[1] > 0.0 and one[0] <= one[1] and one[2] in _CLOSED_FORMS:
        level = check_level(confidence_level, "confidence_level")
        return ConfidenceInterval(*_one_interval(one[0], one[1], one[2], level))
    (method,) = _PROPORTION_INTERVAL.convert(method=method)
    level = check_level(confidence_level, "confidence_level")
    scalar = is_scalar(count) and is_scalar(nobs)
    x, n = _PROPORTION_INTERVAL.convert(count=count, nobs=nobs)
    x, n = _counts_and_nobs(x, n, "count", "nobs")
    low, high = _interval(x, n, method, level)
    return ConfidenceInterval(to_output(low, scalar), to_output(high, scalar))


# ---------------------------------------------------------------------------
# Two proportions
# ---------------------------------------------------------------------------


_TEST_INTERVAL = Constraints(estimate=Options(ESTIMATES))


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class TwoProportionsTest(Result):
    """Result of [`two_proportions_ztest`][ecomops.funnel.two_proportions_ztest]: the test and
    the effect sizes.

    Every numeric field is a float for scalar input and an array of the
    broadcast shape otherwise. Differences and lifts are **b relative to a**
    (``a`` is the baseline or control).

    Attributes
    ----------
    statistic : float or ndarray
        The z statistic, positive when b converts better than a. [-]
    pvalue : float or ndarray
        p-value for ``alternative``. [-]
    proportion_a, proportion_b : float or ndarray
        Observed rates ``count / nobs``. [-]
    difference : float or ndarray
        ``proportion_b - proportion_a``. [-]
    difference_low, difference_high : float or ndarray
        Newcombe's hybrid score interval for the difference (two-sided, at
        ``confidence_level``). [-]
    relative_lift : float or ndarray
        ``proportion_b / proportion_a - 1``; NaN when ``proportion_a`` is 0. [-]
    relative_lift_low, relative_lift_high : float or ndarray
        Katz log interval for the rate ratio, minus 1; NaN when either count
        is 0. [-]
    null_difference : float
        The difference under the null hypothesis. [-]
    alternative, method : str
        The options used.
    confidence_level : float
        Coverage of the intervals. [-]
    count_a, nobs_a, count_b, nobs_b : float or ndarray
        The counts tested (broadcast), kept for
        [`confidence_interval`][ecomops.funnel.TwoProportionsTest.confidence_interval].
        [units]

    Examples
    --------
    >>> t = two_proportions_ztest(300, 10_000, 345, 10_000)
    >>> round(t.difference, 4), round(t.pvalue, 4)
    (0.0045, 0.0717)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        share=(
            "proportion_a",
            "proportion_b",
            "difference",
            "difference_low",
            "difference_high",
            "relative_lift",
            "relative_lift_low",
            "relative_lift_high",
            "null_difference",
        ),
        count=(
            "count_a",
            "nobs_a",
            "count_b",
            "nobs_b",
        ),
    )

    statistic: float | FloatArray
    pvalue: float | FloatArray
    proportion_a: float | FloatArray
    proportion_b: float | FloatArray
    difference: float | FloatArray
    difference_low: float | FloatArray
    difference_high: float | FloatArray
    relative_lift: float | FloatArray
    relative_lift_low: float | FloatArray
    relative_lift_high: float | FloatArray
    null_difference: float
    alternative: str
    method: str
    confidence_level: float
    count_a: float | FloatArray = dataclasses.field(repr=False)
    nobs_a: float | FloatArray = dataclasses.field(repr=False)
    count_b: float | FloatArray = dataclasses.field(repr=False)
    nobs_b: float | FloatArray = dataclasses.field(repr=False)

    @_TEST_INTERVAL.declare
    def confidence_interval(
        self, confidence_level: float | None = None, *, estimate: Estimate = "difference"
    ) -> ConfidenceInterval:
        """Two-sided interval of the difference (Newcombe) or of the relative lift (Katz).

        Parameters
        ----------
        confidence_level : float, optional
            Coverage, in (0, 1); default: the level the test was run at. [-]
        estimate : {"difference", "relative_lift"}
            ``"difference"`` (default): ``proportion_b - proportion_a``;
            ``"relative_lift"``: ``proportion_b / proportion_a - 1``.

        Returns
        -------
        ConfidenceInterval
            Floats for a scalar test, arrays otherwise. [-]

        Examples
        --------
        >>> t = two_proportions_ztest(300, 10_000, 345, 10_000)
        >>> ci = t.confidence_interval(0.9)
        >>> round(ci.low, 5), round(ci.high, 5)
        (0.00039, 0.00862)
        """
        (estimate,) = _TEST_INTERVAL.convert(estimate=estimate)
        level = (
            self.confidence_level
            if confidence_level is None
            else check_level(confidence_level, "confidence_level")
        )
        counts = (self.count_a, self.nobs_a, self.count_b, self.nobs_b)
        xa, na, xb, nb = (np.asarray(v, dtype=np.float64) for v in counts)
        interval = _newcombe if estimate == "difference" else _katz
        low, high = interval(xa, na, xb, nb, level)
        scalar = is_scalar(self.count_a)
        return ConfidenceInterval(to_output(low, scalar), to_output(high, scalar))


def _restricted_mle(
    x1: FloatArray, n1: FloatArray, x2: FloatArray, n2: FloatArray, delta: float
) -> tuple[FloatArray, FloatArray]:
    """Rates (p1, p2) maximising the likelihood under ``p1 - p2 = delta``.

    The closed-form root of the cubic of Farrington and Manning (1990), as in
    Miettinen and Nurminen (1985).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        if delta == 0.0:
            pooled = (x1 + x2) / (n1 + n2)
            return pooled, pooled
        p1, p2 = x1 / n1, x2 / n2
        theta = n2 / n1
        a = 1.0 + theta
        b = -(1.0 + theta + p1 + theta * p2 + delta * (theta + 2.0))
        c = delta * delta + delta * (2.0 * p1 + theta + 1.0) + p1 + theta * p2
        d = -p1 * delta * (1.0 + delta)
        v = b**3 / (27.0 * a**3) - b * c / (6.0 * a * a) + d / (2.0 * a)
        u = np.sign(v) * np.sqrt(np.maximum(b * b / (9.0 * a * a) - c / (3.0 * a), 0.0))
        ratio = np.where(u == 0, 0.0, v / u**3)
        w = (math.pi + np.arccos(np.clip(ratio, -1.0, 1.0))) / 3.0
        r1 = np.clip(2.0 * u * np.cos(w) - b / (3.0 * a), 0.0, 1.0)
        return r1, np.clip(r1 - delta, 0.0, 1.0)


def _newcombe(
    xa: FloatArray, na: FloatArray, xb: FloatArray, nb: FloatArray, level: float
) -> tuple[FloatArray, FloatArray]:
    """Newcombe's hybrid score interval (method 10) for ``p_b - p_a``."""
    la, ua = _interval(xa, na, "wilson", level)
    lb, ub = _interval(xb, nb, "wilson", level)
    with np.errstate(divide="ignore", invalid="ignore"):
        pa, pb = xa / na, xb / nb
    d = pb - pa
    return (
        d - np.sqrt((pb - lb) ** 2 + (ua - pa) ** 2),
        d + np.sqrt((ub - pb) ** 2 + (pa - la) ** 2),
    )


def _katz(
    xa: FloatArray, na: FloatArray, xb: FloatArray, nb: FloatArray, level: float
) -> tuple[FloatArray, FloatArray]:
    """Katz log interval for ``p_b / p_a``, minus one (NaN for zero counts)."""
    z = _z((1.0 - level) / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log((xb / nb) / (xa / na))
        se = np.sqrt(1.0 / xb - 1.0 / nb + 1.0 / xa - 1.0 / na)
        zero = (xa == 0) | (xb == 0)
        low = np.where(zero, np.nan, np.expm1(log_ratio - z * se))
        high = np.where(zero, np.nan, np.expm1(log_ratio + z * se))
    return low, high


_ZTEST = Constraints(
    count_a=NON_NEGATIVE,
    nobs_a=POSITIVE,
    count_b=NON_NEGATIVE,
    nobs_b=POSITIVE,
    alternative=Options(ALTERNATIVES),
    method=Options(Z_TEST_METHODS),
)


@_ZTEST.declare
def two_proportions_ztest(
    count_a: Real | ArrayLike,
    nobs_a: Real | ArrayLike,
    count_b: Real | ArrayLike,
    nobs_b: Real | ArrayLike,
    *,
    alternative: Alternative = "two-sided",
    method: ZTestMethod = "pooled",
    null_difference: float = 0.0,
    confidence_level: float = 0.95,
) -> TwoProportionsTest:
    r"""z test comparing two conversion rates, with intervals for the difference and the lift.

    With $\hat p_a = x_a/n_a$, $\hat p_b = x_b/n_b$ and the null
    difference $\delta_0$,

    $$
    z = \frac{\hat p_b - \hat p_a - \delta_0}
             {\sqrt{\tilde p_a(1-\tilde p_a)/n_a + \tilde p_b(1-\tilde p_b)/n_b}
              \;\cdot\; c}
    $$

    ``method="pooled"`` ($\delta_0 = 0$ only) takes
    $\tilde p_a = \tilde p_b = (x_a + x_b)/(n_a + n_b)$ and $c = 1$,
    the classical pooled test. ``method="score"`` is the Miettinen-Nurminen
    score test: $\tilde p$ are the maximum-likelihood rates under the null
    (closed form of Farrington and Manning) and
    $c = \sqrt{N/(N-1)}$, $N = n_a + n_b$; it also tests a non-zero
    $\delta_0$ (non-inferiority).

    Parameters
    ----------
    count_a, nobs_a : int or array_like
        Conversions and units of the baseline (control), ``0 <= count <= nobs``,
        ``nobs > 0``. [units]
    count_b, nobs_b : int or array_like
        Conversions and units of the variant (treatment). [units]
    alternative : {"two-sided", "less", "greater"}
        ``"greater"`` tests $p_b - p_a > \delta_0$; default two-sided.
    method : {"pooled", "score"}
        The variance under the null; default ``"pooled"``. No continuity
        correction is applied by either.
    null_difference : float
        $\delta_0$, in (-1, 1); only ``method="score"`` accepts a non-zero
        value. Default 0. [-]
    confidence_level : float
        Coverage of the two-sided intervals, in (0, 1); default 0.95. [-]

    Returns
    -------
    TwoProportionsTest
        ``statistic``, ``pvalue``, the rates, ``difference`` (b minus a) with
        Newcombe's hybrid score interval, and ``relative_lift`` (b over a, minus
        1) with the Katz log interval.

    Raises
    ------
    InvalidInputError
        For negative counts, a count above its ``nobs``, ``nobs == 0``, a
        non-zero ``null_difference`` with ``method="pooled"``, or unknown options.

    Notes
    -----
    When both rates are 0 (or both 1) the pooled variance is 0 and the observed
    difference is exactly 0: the statistic is reported as 0 and the p-value as
    1, not NaN. The intervals are two-sided whatever ``alternative`` is. The
    z test is a large-sample approximation: with fewer than about 5 expected
    conversions per arm prefer an exact test.

    References
    ----------
    1. Agresti, A. (2013), *Categorical Data Analysis*, 3rd ed., Wiley,
       section 3.1.3 (z test for two proportions).
    2. Miettinen, O. and Nurminen, M. (1985), "Comparative analysis of two
       rates", *Statistics in Medicine* 4(2), 213-226, doi:10.1002/sim.4780040211.
    3. Farrington, C. P. and Manning, G. (1990), "Test statistics and sample
       size formulae for comparative binomial trials with null hypothesis of
       non-zero risk difference or non-unity relative risk", *Statistics in
       Medicine* 9(12), 1447-1454, doi:10.1002/sim.4780091208.
    4. Newcombe, R. G. (1998), "Interval estimation for the difference
       between independent proportions: comparison of eleven methods",
       *Statistics in Medicine* 17(8), 873-890 (method 10).
    5. Katz, D., Baptista, J., Azen, S. P. and Pike, M. C. (1978), "Obtaining
       confidence intervals for the risk ratio in cohort studies", *Biometrics*
       34(3), 469-474, doi:10.2307/2530610.

    Examples
    --------
    A variant converting 345 of 10,000 visitors against a control's 300:

    >>> t = two_proportions_ztest(300, 10_000, 345, 10_000)
    >>> round(t.statistic, 4), round(t.pvalue, 4)
    (1.8012, 0.0717)
    >>> round(t.difference, 4), round(t.difference_low, 5), round(t.difference_high, 5)
    (0.0045, -0.0004, 0.00942)
    >>> round(t.relative_lift, 3), round(t.relative_lift_low, 4), round(t.relative_lift_high, 4)
    (0.15, -0.0124, 0.3391)
    >>> s = two_proportions_ztest(300, 10_000, 345, 10_000, method="score", null_difference=-0.005)
    >>> round(s.statistic, 4)  # statsmodels 0.15 gives 3.7836 (its issue #10269)
    3.7828
    """
    alternative, method = _ZTEST.convert(alternative=alternative, method=method)
    level = check_level(confidence_level, "confidence_level")
    delta = as_real_scalar(null_difference, "null_difference")
    if not -1.0 < delta < 1.0:
        raise InvalidInputError(f"null_difference must be in (-1, 1); got {delta!r}")
    if method == "pooled" and delta != 0.0:
        raise InvalidInputError(
            "null_difference must be 0 with method='pooled'; use method='score' to test "
            "a non-zero difference"
        )
    scalar = all(is_scalar(v) for v in (count_a, nobs_a, count_b, nobs_b))
    xa, na, xb, nb = _ZTEST.convert(count_a=count_a, nobs_a=nobs_a, count_b=count_b, nobs_b=nobs_b)
    xa, na = _counts_and_nobs(xa, na, "count_a", "nobs_a")
    xb, nb = _counts_and_nobs(xb, nb, "count_b", "nobs_b")
    xa, na, xb, nb = broadcast(count_a=xa, nobs_a=na, count_b=xb, nobs_b=nb)
    pa, pb = xa / na, xb / nb
    diff = pb - pa
    ra, rb = _restricted_mle(xb, nb, xa, na, delta)[::-1]
    var = ra * (1.0 - ra) / na + rb * (1.0 - rb) / nb
    if method == "score":
        total = na + nb
        with np.errstate(divide="ignore"):
            var = var * total / (total - 1.0)
    numerator = diff - delta
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(numerator == 0, 0.0, numerator / np.sqrt(var))
    pvalue = _pvalue(z, alternative)
    d_low, d_high = _newcombe(xa, na, xb, nb, level)
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = np.where(pa == 0, np.nan, pb / pa - 1.0)
    l_low, l_high = _katz(xa, na, xb, nb, level)
    return TwoProportionsTest(
        statistic=to_output(z, scalar),
        pvalue=to_output(pvalue, scalar),
        proportion_a=to_output(pa, scalar),
        proportion_b=to_output(pb, scalar),
        difference=to_output(diff, scalar),
        difference_low=to_output(d_low, scalar),
        difference_high=to_output(d_high, scalar),
        relative_lift=to_output(lift, scalar),
        relative_lift_low=to_output(l_low, scalar),
        relative_lift_high=to_output(l_high, scalar),
        null_difference=delta,
        alternative=alternative,
        method=method,
        confidence_level=level,
        count_a=to_output(xa, scalar),
        nobs_a=to_output(na, scalar),
        count_b=to_output(xb, scalar),
        nobs_b=to_output(nb, scalar),
    )


# ---------------------------------------------------------------------------
# Several proportions: Pearson chi-square
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class ChiSquareTest(Result):
    """Result of [`proportions_chisquare`][ecomops.funnel.proportions_chisquare].

    Attributes
    ----------
    statistic : float or ndarray
        Pearson's $X^2$, without continuity correction. [-]
    pvalue : float or ndarray
        Upper tail of $\\chi^2_{k-1}$. [-]
    dof : int
        Degrees of freedom, ``k - 1``. [-]
    pooled_proportion : float or ndarray
        $\\sum x / \\sum n$, the common rate under the null. [-]

    Examples
    --------
    >>> proportions_chisquare([300, 345], [10_000, 10_000]).dof
    1
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(share=("pooled_proportion",))

    statistic: float | FloatArray
    pvalue: float | FloatArray
    dof: int
    pooled_proportion: float | FloatArray


_CHISQUARE = Constraints(counts=NON_NEGATIVE, nobs=POSITIVE)


@_CHISQUARE.declare
def proportions_chisquare(counts: ArrayLike, nobs: ArrayLike) -> ChiSquareTest:
    r"""Pearson's chi-square test that k variants share one conversion rate.

    On the $2 \times k$ table of conversions and non-conversions, with
    pooled rate $\bar p = \sum_i x_i / \sum_i n_i$,

    $$
    X^2 = \sum_{i=1}^{k} \frac{(x_i - n_i \bar p)^2}{n_i \bar p (1 - \bar p)}
    \;\sim\; \chi^2_{k-1}
    $$

    Parameters
    ----------
    counts : array_like, shape (..., k)
        Conversions of each variant (last axis), ``0 <= counts <= nobs``;
        leading axes are independent tests. [units]
    nobs : array_like, shape (..., k)
        Units of each variant, ``> 0``. [units]

    Returns
    -------
    ChiSquareTest
        ``statistic``, ``pvalue``, ``dof`` and ``pooled_proportion``; floats for
        a 1-D input, arrays of the leading shape otherwise.

    Raises
    ------
    InvalidInputError
        For fewer than two variants, mismatched shapes, ``nobs == 0``, negative
        counts or a count above its ``nobs``.

    Notes
    -----
    No continuity correction: with two variants $X^2 = z^2$ of the pooled
    [`two_proportions_ztest`][ecomops.funnel.two_proportions_ztest].
    ``scipy.stats.chi2_contingency`` applies Yates' correction to 2x2 tables by
    default, which is conservative; pass ``correction=False`` there to match.
    When every variant converts at the same rate 0 (or 1) the statistic is 0 and
    the p-value 1.

    References
    ----------
    1. Pearson, K. (1900), "On the criterion that a given system of
       deviations from the probable...", *Philosophical Magazine* 50(302),
       157-175, doi:10.1080/14786440009463897.
    2. Agresti, A. (2013), *Categorical Data Analysis*, 3rd ed., Wiley,
       section 3.2 (Pearson statistic for independence / homogeneity).

    Examples
    --------
    >>> res = proportions_chisquare([300, 345, 320], [10_000, 10_000, 10_000])
    >>> round(res.statistic, 4), round(res.pvalue, 4), res.dof
    (3.2657, 0.1954, 2)
    """
    x, n = _CHISQUARE.convert(counts=counts, nobs=nobs)
    if x.ndim == 0 or x.shape[-1] < 2:
        raise InvalidInputError(f"counts must hold at least two variants; got shape {x.shape}")
    if x.shape != n.shape:
        raise InvalidInputError(
            f"counts and nobs must have the same shape; got {x.shape} and {n.shape}"
        )
    with np.errstate(invalid="ignore"):
        raise_at("counts", "be <= nobs", x > n, x)
    pooled = x.sum(axis=-1) / n.sum(axis=-1)
    p = pooled[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (x - n * p) ** 2 / (n * p * (1.0 - p))
        stat = terms.sum(axis=-1)
    flat = (pooled == 0) | (pooled == 1)
    stat = np.where(flat, 0.0, stat)
    dof = int(x.shape[-1] - 1)
    pvalue = _chi2_sf(stat, float(dof))
    scalar = x.ndim == 1
    return ChiSquareTest(
        statistic=to_output(stat, scalar),
        pvalue=to_output(pvalue, scalar),
        dof=dof,
        pooled_proportion=to_output(pooled, scalar),
    )


# ---------------------------------------------------------------------------
# Sample ratio mismatch
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class SampleRatioMismatch(Result):
    """Result of [`sample_ratio_mismatch`][ecomops.funnel.sample_ratio_mismatch].

    Attributes
    ----------
    statistic : float or ndarray
        Pearson's goodness-of-fit $X^2$. [-]
    pvalue : float or ndarray
        Upper tail of $\\chi^2_{k-1}$. [-]
    dof : int
        ``k - 1``. [-]
    expected : ndarray
        Expected units per arm under the designed split, shape of ``observed``. [units]
    observed_ratio : ndarray
        Observed share of each arm. [-]
    mismatch : bool or ndarray
        ``pvalue < 1 - confidence_level``. [-]
    confidence_level : float
        The level used: 1 minus the alarm threshold on the p-value. [-]

    Examples
    --------
    >>> sample_ratio_mismatch([500, 500], [1, 1]).expected
    array([500., 500.])
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        share=("observed_ratio",), count=("expected",)
    )

    statistic: float | FloatArray
    pvalue: float | FloatArray
    dof: int
    expected: FloatArray
    observed_ratio: FloatArray
    mismatch: bool | BoolArray
    confidence_level: float


_SRM = Constraints(
    observed=NON_NEGATIVE, expected_ratio=Interval(0.0, None, "neither", allow_nan=False)
)


@_SRM.declare
def sample_ratio_mismatch(
    observed: ArrayLike, expected_ratio: ArrayLike, *, confidence_level: float = 0.9995
) -> SampleRatioMismatch:
    r"""Check that units split between arms as designed (sample ratio mismatch).

    With $N = \sum_i o_i$ and the designed shares
    $r_i / \sum_j r_j$,

    $$
    X^2 = \sum_i \frac{(o_i - e_i)^2}{e_i}, \qquad
    e_i = N \frac{r_i}{\sum_j r_j}, \qquad X^2 \sim \chi^2_{k-1}
    $$

    Parameters
    ----------
    observed : array_like, shape (..., k)
        Units assigned to each arm (last axis), ``>= 0``, not all zero; leading
        axes are independent experiments. [units]
    expected_ratio : array_like, shape (k,) or (..., k)
        Designed split, any positive weights (``[1, 1]``, ``[0.5, 0.5]`` and
        ``[50, 50]`` are the same). [-]
    confidence_level : float
        1 minus the alarm threshold on the p-value, in (0, 1); default 0.9995,
        i.e. the threshold 0.0005 of Fabijan et al. (2019): SRM checks run on
        every experiment, so a strict threshold keeps false alarms rare. [-]

    Returns
    -------
    SampleRatioMismatch
        ``statistic``, ``pvalue``, ``dof``, ``expected`` counts, the
        ``observed_ratio`` and the ``mismatch`` flag.

    Raises
    ------
    InvalidInputError
        For fewer than two arms, negative counts, an all-zero row, non-positive
        ratios or shapes that do not broadcast.

    References
    ----------
    1. Fabijan, A., Gupchup, J., Gupta, S., Omhover, J., Qin, W., Vermeer, L.
       and Dmitriev, P. (2019), "Diagnosing sample ratio mismatch in online
       controlled experiments: a taxonomy and rules of thumb for
       practitioners", *KDD '19*, 2156-2164, doi:10.1145/3292500.3330722.
    2. Kohavi, R., Tang, D. and Xu, Y. (2020), *Trustworthy Online Controlled
       Experiments*, Cambridge University Press, chapter 21.

    Examples
    --------
    >>> srm = sample_ratio_mismatch([50_500, 49_500], [1, 1])
    >>> round(srm.statistic, 3), round(srm.pvalue, 5), srm.mismatch
    (10.0, 0.00157, False)
    >>> sample_ratio_mismatch([51_000, 49_000], [0.5, 0.5]).mismatch
    True
    """
    level = check_level(confidence_level, "confidence_level")
    o, r = _SRM.convert(observed=observed, expected_ratio=expected_ratio)
    if o.ndim == 0 or o.shape[-1] < 2:
        raise InvalidInputError(f"observed must hold at least two arms; got shape {o.shape}")
    o, r = broadcast(observed=o, expected_ratio=r)
    total = o.sum(axis=-1, keepdims=True)
    raise_at("observed", "not be all zero in a row", total[..., 0] == 0, total[..., 0])
    share = r / r.sum(axis=-1, keepdims=True)
    expected = total * share
    stat = ((o - expected) ** 2 / expected).sum(axis=-1)
    dof = int(o.shape[-1] - 1)
    pvalue = _chi2_sf(stat, float(dof))
    scalar = o.ndim == 1
    with np.errstate(invalid="ignore"):
        flag = pvalue < 1.0 - level
    return SampleRatioMismatch(
        statistic=to_output(stat, scalar),
        pvalue=to_output(pvalue, scalar),
        dof=dof,
        expected=expected,
        observed_ratio=o / total,
        mismatch=bool(flag) if scalar else flag,
        confidence_level=level,
    )


# ---------------------------------------------------------------------------
# Sample size
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class SampleSize(Result):
    """Result of [`sample_size_proportions`][ecomops.funnel.sample_size_proportions]: units
    needed per arm.

    Attributes
    ----------
    nobs_a, nobs_b : int or ndarray of int64
        Units needed in the baseline arm and in the variant arm, each rounded
        up. [units]
    nobs_total : int or ndarray of int64
        ``nobs_a + nobs_b``. [units]
    nobs_a_exact : float or ndarray
        The unrounded size of the baseline arm. [units]
    baseline, treatment_rate : float or ndarray
        The rates compared (``treatment_rate = baseline + effect``). [-]
    method, alternative : str
        The options used.
    confidence_level, power, ratio : float
        1 minus the significance level, the power and ``nobs_b / nobs_a``. [-]

    Examples
    --------
    >>> s = sample_size_proportions(0.03, 0.003)
    >>> s.nobs_a, s.nobs_b, s.nobs_total
    (53211, 53211, 106422)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        share=(
            "baseline",
            "treatment_rate",
        ),
        count=(
            "nobs_a",
            "nobs_b",
            "nobs_total",
        ),
    )

    nobs_a: float | FloatArray
    nobs_b: float | FloatArray
    nobs_total: float | FloatArray
    nobs_a_exact: float | FloatArray
    baseline: float | FloatArray
    treatment_rate: float | FloatArray
    method: str
    alternative: str
    confidence_level: float
    power: float
    ratio: float


_SAMPLE_SIZE = Constraints(
    baseline=OPEN_FRACTION,
    minimum_detectable_effect=REAL,
    alternative=Options(ALTERNATIVES),
    method=Options(SAMPLE_SIZE_METHODS),
)


def _finite_ratio(ratio: Any) -> float:
    """``ratio`` of sample_size_proportions: one finite number > 0 (a group of inf is no design)."""
    if not is_scalar(ratio) or isinstance(ratio, bool | np.bool_ | str | bytes | complex):
        raise InvalidInputError(f"ratio must be a number > 0 (finite); got {ratio!r}")
    try:
        r = float(ratio)
    except (TypeError, ValueError):
        raise InvalidInputError(f"ratio must be a number > 0 (finite); got {ratio!r}") from None
    if not (r > 0 and math.isfinite(r)):
        raise InvalidInputError(f"ratio must be a number > 0 (finite); got {ratio!r}")
    return r


@_SAMPLE_SIZE.declare
def sample_size_proportions(
    baseline: Real | ArrayLike,
    minimum_detectable_effect: Real | ArrayLike,
    *,
    confidence_level: float = 0.95,
    power: float = 0.8,
    ratio: float = 1.0,
    alternative: Alternative = "two-sided",
    method: SampleSizeMethod = "pooled",
) -> SampleSize:
    r"""Units per arm to detect an absolute change in a conversion rate.

    With $p_a$ the baseline, $p_b = p_a + \delta$, $r = n_b/n_a$,
    $\alpha = 1 -$ ``confidence_level``,
    $z_\alpha$ the critical value ($\alpha/2$ two-sided) and
    $z_\beta = \Phi^{-1}(\text{power})$:

    ``method="pooled"`` (the normal approximation of the pooled z test, without
    continuity correction):

    $$
    n_a = \frac{\left(z_\alpha \sqrt{\bar p \bar q (1 + 1/r)}
          + z_\beta \sqrt{p_a q_a + p_b q_b / r}\right)^2}{\delta^2},
    \qquad \bar p = \frac{p_a + r p_b}{1 + r}
    $$

    ``method="arcsine"`` (Cohen's effect size
    $h = 2\arcsin\sqrt{p_b} - 2\arcsin\sqrt{p_a}$):

    $$
    n_a = \frac{(z_\alpha + z_\beta)^2 (1 + 1/r)}{h^2}
    $$

    and $n_b = r\,n_a$, each rounded up.

    Parameters
    ----------
    baseline : float or array_like
        Conversion rate of the baseline arm, in (0, 1). [-]
    minimum_detectable_effect : float or array_like
        **Absolute** difference in rates to detect, $\delta \ne 0$, with
        ``baseline + effect`` in (0, 1): 0.003 for 3.0% to 3.3%. [-]
    confidence_level : float
        1 minus the significance level $\alpha$, in (0, 1); default 0.95
        ($\alpha = 0.05$, Cohen 1988's convention). [-]
    power : float
        Probability of detecting the effect, in (0, 1); default 0.8 (Cohen 1988). [-]
    ratio : float
        Units in the variant arm per unit in the baseline arm, ``> 0``; default 1. [-]
    alternative : {"two-sided", "less", "greater"}
        One-sided alternatives use $z_{1-\alpha}$ and require the effect's
        sign to match (``"greater"``: effect > 0). Default two-sided.
    method : {"pooled", "arcsine"}
        The approximation; default ``"pooled"``, the test
        [`two_proportions_ztest`][ecomops.funnel.two_proportions_ztest] runs by default.

    Returns
    -------
    SampleSize
        ``nobs_a``, ``nobs_b`` and ``nobs_total`` (ints for scalar input).

    Raises
    ------
    InvalidInputError
        For rates outside (0, 1), a zero effect, an effect whose sign does not
        match a one-sided ``alternative``, or ``confidence_level``, ``power``
        outside (0, 1).

    Notes
    -----
    The two formulas differ slightly: 53,211 (pooled) against 53,182 (arcsine)
    units per arm for 3.0% to 3.3%. The two-sided formulas ignore the
    probability of rejecting in the wrong direction (negligible at practical
    powers; statsmodels' ``NormalIndPower`` includes it).

    References
    ----------
    1. Fleiss, J. L., Levin, B. and Paik, M. C. (2003), *Statistical Methods
       for Rates and Proportions*, 3rd ed., Wiley, section 4.2 (sample size for
       comparing two proportions, without the continuity correction).
    2. Cohen, J. (1988), *Statistical Power Analysis for the Behavioral
       Sciences*, 2nd ed., Lawrence Erlbaum, chapter 6 (the arcsine effect size h).

    Examples
    --------
    >>> sample_size_proportions(0.03, 0.003).nobs_a
    53211
    >>> sample_size_proportions(0.03, 0.003, method="arcsine").nobs_a
    53182
    >>> sample_size_proportions([0.03, 0.10], 0.01, ratio=2.0).nobs_b
    array([ 8093, 22249])
    """
    alternative, method = _SAMPLE_SIZE.convert(alternative=alternative, method=method)
    level = check_level(confidence_level, "confidence_level")
    a_level = 1.0 - level
    pw = check_level(power, "power")
    r = _finite_ratio(ratio)
    scalar = is_scalar(baseline) and is_scalar(minimum_detectable_effect)
    pa, d = _SAMPLE_SIZE.convert(
        baseline=baseline, minimum_detectable_effect=minimum_detectable_effect
    )
    pa, d = broadcast(baseline=pa, minimum_detectable_effect=d)
    raise_at("baseline", "not be NaN (a sample size has no missing value)", np.isnan(pa), pa)
    raise_at("minimum_detectable_effect", "not be NaN", np.isnan(d), d)
    raise_at("minimum_detectable_effect", "be != 0", d == 0, d)
    pb = pa + d
    with np.errstate(invalid="ignore"):
        raise_at(
            "minimum_detectable_effect",
            "keep baseline + effect inside (0, 1)",
            (pb <= 0) | (pb >= 1),
            d,
        )
        if alternative == "greater":
            raise_at("minimum_detectable_effect", "be > 0 for alternative='greater'", d < 0, d)
        elif alternative == "less":
            raise_at("minimum_detectable_effect", "be < 0 for alternative='less'", d > 0, d)
    z_a = _z(a_level / 2.0 if alternative == "two-sided" else a_level)
    z_b = _z(1.0 - pw)
    with np.errstate(divide="ignore", over="ignore"):  # a tiny effect: n = inf, refused below
        if method == "pooled":
            p_bar = (pa + r * pb) / (1.0 + r)
            term_a = z_a * np.sqrt(p_bar * (1.0 - p_bar) * (1.0 + 1.0 / r))
            term_b = z_b * np.sqrt(pa * (1.0 - pa) + pb * (1.0 - pb) / r)
            n_a = (term_a + term_b) ** 2 / d**2
        else:
            h = 2.0 * np.arcsin(np.sqrt(pb)) - 2.0 * np.arcsin(np.sqrt(pa))
            n_a = (z_a + z_b) ** 2 * (1.0 + 1.0 / r) / h**2
        too_big = ~(np.maximum(n_a, r * n_a) < 2.0**62)  # inf too; the total fits in int64
    raise_at(
        "minimum_detectable_effect",
        f"give group sizes below 2**62 with ratio={r:g}",
        too_big,
        d,
    )
    nobs_a = np.ceil(n_a).astype(np.int64)
    nobs_b = np.ceil(r * n_a).astype(np.int64)
    return SampleSize(
        nobs_a=to_output(nobs_a, scalar),
        nobs_b=to_output(nobs_b, scalar),
        nobs_total=to_output(nobs_a + nobs_b, scalar),
        nobs_a_exact=to_output(n_a, scalar),
        baseline=to_output(pa, scalar),
        treatment_rate=to_output(pb, scalar),
        method=method,
        alternative=alternative,
        confidence_level=level,
        power=pw,
        ratio=r,
    )


# ---------------------------------------------------------------------------
# Multiple testing
# ---------------------------------------------------------------------------


def holm_adjust(pvalues: ArrayLike) -> FloatArray:
    r"""Holm's step-down adjusted p-values (family-wise error control).

    For sorted p-values $p_{(1)} \le \dots \le p_{(m)}$,

    $$
    \tilde p_{(i)} = \min\left(1, \max_{j \le i} (m - j + 1)\, p_{(j)}\right)
    $$

    Parameters
    ----------
    pvalues : array_like, shape (m,)
        p-values of one family of tests, in [0, 1]; NaN entries are left NaN and
        do not count towards $m$. [-]

    Returns
    -------
    ndarray, shape (m,)
        Adjusted p-values, in the input order.

    References
    ----------
    1. Holm, S. (1979), "A simple sequentially rejective multiple test
       procedure", *Scandinavian Journal of Statistics* 6(2), 65-70.

    Examples
    --------
    >>> holm_adjust([0.01, 0.04, 0.03])
    array([0.03, 0.06, 0.06])
    """
    p = as_float_array(pvalues, "pvalues", ndim=1, allow_nan=True)
    check_range(p, "pvalues", ge=0, le=1)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    vals = p[ok]
    order = np.argsort(vals, kind="stable")
    scaled = (m - np.arange(m)) * vals[order]
    adjusted = np.minimum(1.0, np.maximum.accumulate(scaled))
    res = np.empty(m)
    res[order] = adjusted
    out[ok] = res
    return out
