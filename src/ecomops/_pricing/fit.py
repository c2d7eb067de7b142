r"""Fitting demand models to price and quantity observations, many SKUs at once (private).

Re-exported by `ecomops.pricing`. Every SKU's fit is computed from per-SKU
sums (``numpy.bincount``), so 10^5 SKUs cost a few array passes: ordinary least
squares in closed form for the linear, constant-elasticity (log-log) and
exponential (log-linear) models, and a batched Levenberg-Marquardt for the
logit, with `scipy.optimize.least_squares` only for the SKUs it leaves
unconverged.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal, overload

import numpy as np

from ecomops._core.typing import (
    DEMAND_MODEL_KINDS,
    ArrayLike,
    BoolArray,
    DemandModelKind,
    FloatArray,
    IntArray,
)
from ecomops._core.validation import as_float_array, check_option, raise_at
from ecomops._pricing.common import amount_array
from ecomops._pricing.demand import (
    ConstantElasticityDemand,
    DemandModel,
    ExponentialDemand,
    LinearDemand,
    LogitDemand,
)
from ecomops.exceptions import InvalidInputError, SmallSampleWarning

__all__ = ["fit_demand"]


class _Data:
    """Flat observations with a group index ``0 .. n_groups - 1``."""

    p: FloatArray
    q: FloatArray
    g: IntArray
    n: FloatArray

    def __init__(
        self, p: FloatArray, q: FloatArray, g: IntArray, n_groups: int, labels: np.ndarray | None
    ) -> None:
        self.p, self.q, self.g, self.n_groups, self.labels = p, q, g, n_groups, labels
        self.n = _bincount(g, None, n_groups)

    def sums(self, values: FloatArray) -> FloatArray:
        return _bincount(self.g, values, self.n_groups)

    def label(self, index: int) -> Any:
        if self.labels is None:
            return index
        value = self.labels[index]
        return value.item() if isinstance(value, np.generic) else value


def _bincount(g: IntArray, weights: FloatArray | None, n: int) -> FloatArray:
    return np.asarray(np.bincount(g, weights=weights, minlength=n), dtype=np.float64)


def _layout(prices: Any, quantities: Any, skus: Any) -> _Data:
    p = amount_array(prices, "prices", allow_nan=True)
    q = as_float_array(quantities, "quantities", allow_nan=True)
    if skus is not None:
        if p.ndim != 1 or q.ndim != 1:
            raise InvalidInputError("with skus, prices and quantities must be 1-dimensional")
        labels_in = np.asarray(skus)
        if labels_in.ndim != 1 or labels_in.shape[0] != p.shape[0] or q.shape != p.shape:
            raise InvalidInputError(
                "prices, quantities and skus must have the same length; got "
                f"{p.shape[0]}, {q.shape[0]} and {labels_in.shape[0] if labels_in.ndim else 1}"
            )
        raise_at("prices", "not be NaN", np.isnan(p), p)
        raise_at("quantities", "not be NaN", np.isnan(q), q)
        labels, g = np.unique(labels_in, return_inverse=True)
        return _Data(p, q, g.reshape(-1).astype(np.int64), int(labels.shape[0]), labels)
    if p.shape != q.shape:
        raise InvalidInputError(
            f"prices and quantities must have one shape; got {p.shape} and {q.shape}"
        )
    if p.ndim == 1:
        raise_at("prices", "not be NaN", np.isnan(p), p)
        raise_at("quantities", "not be NaN", np.isnan(q), q)
        return _Data(p, q, np.zeros(p.shape[0], dtype=np.int64), 1, None)
    if p.ndim != 2:
        raise InvalidInputError(
            f"prices must be 1-D (one SKU) or 2-D (one row per SKU); got shape {p.shape}"
        )
    missing_p, missing_q = np.isnan(p), np.isnan(q)
    raise_at("quantities", "be NaN exactly where prices are (padding)", missing_p != missing_q, q)
    keep = ~missing_p
    g = np.broadcast_to(np.arange(p.shape[0])[:, None], p.shape)[keep]
    return _Data(p[keep], q[keep], g.astype(np.int64), p.shape[0], np.arange(p.shape[0]))


def _check_groups(data: _Data, model: str) -> None:
    need = 3 if model == "logit" else 2
    order = np.lexsort((data.p, data.g))
    gs, ps = data.g[order], data.p[order]
    new_value = np.ones(gs.shape, dtype=bool)
    new_value[1:] = (gs[1:] != gs[:-1]) | (ps[1:] != ps[:-1])
    distinct = np.bincount(gs[new_value], minlength=data.n_groups)
    bad = distinct < need
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        count = int(bad.sum())
        noun = "SKU has" if count == 1 else "SKUs have"
        raise InvalidInputError(
            f"prices must hold at least {need} distinct values per SKU to fit a {model} "
            f"demand; {count} {noun} fewer, first {data.label(first)!r} "
            f"with {int(distinct[first])}"
        )


def _warn_dof(data: _Data, k: int) -> FloatArray:
    dof = data.n - k
    if (dof <= 0).any():
        count = int((dof <= 0).sum())
        warnings.warn(
            f"{count} SKU(s) have no more observations than the {k} parameters: their "
            "standard errors are NaN (the fit itself is exact)",
            SmallSampleWarning,
            stacklevel=3,
        )
    return dof


def _ols(data: _Data, x: FloatArray, y: FloatArray) -> dict[str, FloatArray]:
    """Per-group OLS of y on x: intercept, slope, their standard errors, fitted y."""
    mean_x = data.sums(x) / data.n
    mean_y = data.sums(y) / data.n
    dx = x - mean_x[data.g]
    dy = y - mean_y[data.g]
    sxx = data.sums(dx * dx)
    slope = data.sums(dx * dy) / sxx
    intercept = mean_y - slope * mean_x
    resid = dy - slope[data.g] * dx
    ssr = data.sums(resid * resid)
    dof = _warn_dof(data, 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma2 = np.where(dof > 0, ssr / dof, np.nan)
        slope_se = np.sqrt(sigma2 / sxx)
        intercept_se = np.sqrt(sigma2 * (1.0 / data.n + mean_x**2 / sxx))
    return {
        "intercept": intercept,
        "slope": slope,
        "intercept_se": intercept_se,
        "slope_se": slope_se,
        "fitted": intercept[data.g] + slope[data.g] * x,
    }


def _r_squared(data: _Data, fitted_q: FloatArray) -> FloatArray:
    resid = data.q - fitted_q
    ssr = data.sums(resid * resid)
    mean_q = data.sums(data.q) / data.n
    dq = data.q - mean_q[data.g]
    sst = data.sums(dq * dq)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sst > 0, 1.0 - ssr / sst, np.where(ssr == 0, 1.0, -np.inf))


# ---------------------------------------------------------------------------
# Logit: batched Levenberg-Marquardt on (ln C, alpha, beta) with standardised prices
# ---------------------------------------------------------------------------


def _logit_parts(
    theta: FloatArray, t: FloatArray, g: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Prediction and the two Jacobian columns factors: q_hat, C s, -C s (1 - s)."""
    big_c = np.exp(theta[g, 0])
    z = theta[g, 1] + theta[g, 2] * t
    s = np.exp(-np.logaddexp(0.0, z))
    cs = big_c * s
    return cs, cs, -cs * (1.0 - s)


def _normal_equations(
    data: _Data, rows: IntArray, theta: FloatArray, t: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    g = data.g[rows]
    pred, j0, j1 = _logit_parts(theta, t[rows], g)
    j2 = j1 * t[rows]
    r = pred - data.q[rows]
    n_g = data.n_groups
    cols = (j0, j1, j2)
    mat = np.empty((n_g, 3, 3))
    for i in range(3):
        for j in range(i, 3):
            mat[:, i, j] = mat[:, j, i] = _bincount(g, cols[i] * cols[j], n_g)
    grad = np.stack([_bincount(g, c * r, n_g) for c in cols], axis=1)
    ssr = _bincount(g, r * r, n_g)
    return mat, grad, ssr


def _ssr(data: _Data, rows: IntArray, theta: FloatArray, t: FloatArray) -> FloatArray:
    pred, _, _ = _logit_parts(theta, t[rows], data.g[rows])
    r = pred - data.q[rows]
    return _bincount(data.g[rows], r * r, data.n_groups)


def _standardised_prices(data: _Data) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Prices standardised per SKU, ``t = (p - mu) / sd``, with ``mu`` and ``sd``."""
    mu = data.sums(data.p) / data.n
    sd = np.sqrt(data.sums((data.p - mu[data.g]) ** 2) / data.n)
    return (data.p - mu[data.g]) / sd[data.g], mu, sd


def _logit_start(data: _Data, t: FloatArray) -> FloatArray:
    """Start values (ln C, alpha, beta): C just above the largest quantity, OLS on log-odds."""
    q_max = np.zeros(data.n_groups)
    np.maximum.at(q_max, data.g, data.q)
    raise_at("quantities", "not be all 0 within a SKU (logit)", q_max <= 0, q_max)
    c0 = 1.1 * q_max
    qc = np.clip(data.q, 0.005 * c0[data.g], 0.995 * c0[data.g])
    start = _ols(_Data(t, qc, data.g, data.n_groups, data.labels), t, np.log(c0[data.g] / qc - 1))
    return np.stack([np.log(c0), start["intercept"], start["slope"]], axis=1)


def _levenberg_marquardt(
    data: _Data, t: FloatArray, theta: FloatArray, max_iter: int
) -> tuple[FloatArray, BoolArray]:
    """Damped Gauss-Newton steps for every SKU at once, until each converges or stalls."""
    damping = np.full(data.n_groups, 1e-3)
    converged = np.zeros(data.n_groups, dtype=bool)
    active = np.ones(data.n_groups, dtype=bool)
    rows = np.arange(data.g.shape[0])
    eye = np.eye(3)
    for _ in range(max_iter):
        rows = rows[active[data.g[rows]]]
        if rows.size == 0:
            break
        mat, grad, ssr = _normal_equations(data, rows, theta, t)
        diag = np.einsum("gii->gi", mat)
        damped = mat + damping[:, None, None] * (diag[:, :, None] * eye + 1e-12 * eye)
        step = -np.linalg.solve(damped, grad[:, :, None])[:, :, 0]
        step[~active] = 0.0
        trial = theta + step
        new_ssr = _ssr(data, rows, trial, t)
        better = active & np.isfinite(new_ssr) & (new_ssr <= ssr)
        theta = np.where(better[:, None], trial, theta)
        damping = np.where(better, damping / 3.0, damping * 4.0)
        small_step = np.abs(step).max(axis=1) < 1e-10 * (1.0 + np.abs(theta).max(axis=1))
        flat = (ssr - new_ssr) <= 1e-14 * (ssr + 1e-300)
        done = active & ((better & (small_step | flat)) | (ssr <= 1e-24 * (data.q.max() ** 2)))
        converged |= done
        active &= ~done & (damping < 1e12)
    return theta, converged


def _refit_stuck(data: _Data, t: FloatArray, theta: FloatArray, converged: BoolArray) -> None:
    """Refit (in place) the SKUs the batched iteration left unconverged, one at a time."""
    stuck = np.flatnonzero(~converged)
    if not stuck.size:
        return
    from scipy.optimize import least_squares

    order = np.argsort(data.g, kind="stable")
    bounds = np.searchsorted(data.g[order], np.arange(data.n_groups + 1))
    for grp in stuck.tolist():
        idx = order[bounds[grp] : bounds[grp + 1]]
        tg, qg = t[idx], data.q[idx]

        def residual(th: FloatArray, tg: FloatArray = tg, qg: FloatArray = qg) -> FloatArray:
            z = th[1] + th[2] * tg
            out: FloatArray = np.exp(th[0]) * np.exp(-np.logaddexp(0.0, z)) - qg
            return out

        sol = least_squares(residual, theta[grp], method="trf", x_scale="jac", max_nfev=5000)
        if sol.success and sol.cost * 2 <= _ssr_one(residual, theta[grp]):
            theta[grp] = sol.x
        converged[grp] = bool(sol.success)


def _logit_estimates(
    data: _Data, t: FloatArray, theta: FloatArray, mu: FloatArray, sd: FloatArray
) -> dict[str, FloatArray]:
    """Parameters (C, a, b) in prices, with standard errors mapped from (ln C, alpha, beta)."""
    all_rows = np.arange(data.g.shape[0])
    mat, _, ssr = _normal_equations(data, all_rows, theta, t)
    dof = _warn_dof(data, 3)
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma2 = np.where(dof > 0, ssr / dof, np.nan)
        cov = np.linalg.pinv(mat) * sigma2[:, None, None]
    big_c = np.exp(theta[:, 0])
    jac = np.zeros((data.n_groups, 3, 3))
    jac[:, 0, 0] = big_c
    jac[:, 1, 1] = 1.0
    jac[:, 1, 2] = -mu / sd
    jac[:, 2, 2] = 1.0 / sd
    cov_abc = jac @ cov @ np.transpose(jac, (0, 2, 1))
    se = np.sqrt(np.maximum(np.einsum("gii->gi", cov_abc), 0.0))
    pred, _, _ = _logit_parts(theta, t, data.g)
    return {
        "market_size": big_c,
        "location": theta[:, 1] - theta[:, 2] * mu / sd,
        "price_sensitivity": theta[:, 2] / sd,
        "market_size_se": se[:, 0],
        "location_se": se[:, 1],
        "price_sensitivity_se": se[:, 2],
        "fitted": pred,
    }


def _fit_logit(data: _Data, max_iter: int = 300) -> tuple[dict[str, FloatArray], BoolArray]:
    """Logit fit of every SKU: start values, batched iterations, fallback, estimates."""
    t, mu, sd = _standardised_prices(data)
    theta = _logit_start(data, t)
    theta, converged = _levenberg_marquardt(data, t, theta, max_iter)
    _refit_stuck(data, t, theta, converged)
    return _logit_estimates(data, t, theta, mu, sd), converged


def _ssr_one(residual: Any, theta: FloatArray) -> float:
    r = residual(theta)
    return float(r @ r)


# ---------------------------------------------------------------------------
# Public function
# ---------------------------------------------------------------------------


@overload
def fit_demand(
    prices: ArrayLike,
    quantities: ArrayLike,
    *,
    model: Literal["linear"] = ...,
    skus: ArrayLike | None = ...,
) -> LinearDemand: ...
@overload
def fit_demand(
    prices: ArrayLike,
    quantities: ArrayLike,
    *,
    model: Literal["constant_elasticity"],
    skus: ArrayLike | None = ...,
) -> ConstantElasticityDemand: ...
@overload
def fit_demand(
    prices: ArrayLike,
    quantities: ArrayLike,
    *,
    model: Literal["exponential"],
    skus: ArrayLike | None = ...,
) -> ExponentialDemand: ...
@overload
def fit_demand(
    prices: ArrayLike,
    quantities: ArrayLike,
    *,
    model: Literal["logit"],
    skus: ArrayLike | None = ...,
) -> LogitDemand: ...
def fit_demand(
    prices: ArrayLike,
    quantities: ArrayLike,
    *,
    model: DemandModelKind = "linear",
    skus: ArrayLike | None = None,
) -> DemandModel:
    r"""Fit a demand (price-response) model to observed prices and quantities.

    | `model` | fitted relation | method |
    |---|---|---|
    | `"linear"` | $q = \alpha + \beta p$ | OLS |
    | `"constant_elasticity"` | $\ln q = \ln A + \varepsilon \ln p$ | OLS on logs |
    | `"exponential"` | $\ln q = \ln A + \gamma p$ | OLS on log quantity |
    | `"logit"` | $q = C / (1 + e^{a + b p})$ | non-linear least squares |

    One call fits many SKUs: give a 2-D array (one row per SKU, NaN-padded when
    SKUs have different numbers of observations) or long columns with
    ``skus`` (the SKU of each observation). The result is the demand model
    itself, with the fitted parameters, their standard errors, $R^2$ and
    the number of observations, and its methods (``quantity``,
    ``elasticity``, ``revenue_maximizing_price``, ``optimal_price``) work on
    every SKU at once.

    Parameters
    ----------
    prices : array_like
        Observed prices, ``>= 0`` (``> 0`` for ``"constant_elasticity"``):
        shape ``(m,)`` for one SKU, ``(n, m)`` for n SKUs, or ``(N,)`` with
        ``skus``. [currency/unit]
    quantities : array_like
        Units sold at each price in comparable periods, ``>= 0`` (``> 0`` for
        the log models), shaped like ``prices`` (NaN exactly where ``prices``
        is NaN, in the 2-D layout). [units/period]
    model : {"linear", "constant_elasticity", "exponential", "logit"}
        The demand model; default ``"linear"``.
    skus : array_like, optional
        SKU label of each observation (strings or integers), for long columns
        such as an order-lines table; the result's ``sku`` holds the sorted
        unique labels.

    Returns
    -------
    LinearDemand, ConstantElasticityDemand, ExponentialDemand or LogitDemand
        Scalar parameters for one SKU (1-D input without ``skus``),
        one-per-SKU columns otherwise (``to_pandas()`` gives a tidy table).

    Raises
    ------
    InvalidInputError
        For non-finite or negative data (zero for the log models), mismatched
        shapes, or a SKU with fewer than 2 distinct prices (3 for the logit),
        naming the first such SKU.

    Warns
    -----
    SmallSampleWarning
        When a SKU has no more observations than parameters: its standard
        errors are NaN.

    Notes
    -----
    $R^2$ is always computed on quantities, $1 - \sum (q -
    \hat q)^2 / \sum (q - \bar q)^2$, so it compares models; for the log models
    it can be below the $R^2$ of their log-scale regression. Standard
    errors are the usual OLS ones (the log models' scale by the delta method);
    for the logit, the asymptotic errors from the Jacobian at the optimum. The
    logit is fitted in standardised prices by Levenberg-Marquardt for all SKUs
    at once; ``converged`` flags the SKUs where it (and the
    `scipy.optimize.least_squares` fallback) stopped short, typically
    when the data do not show the S-shape and the market size is not
    identified.

    References
    ----------
    1. Phillips, R. L. (2021), *Pricing and Revenue Optimization*, 2nd ed.,
       Stanford University Press, ch. 4 (price-response functions) and §5.5
       (estimating price response).
    2. Greene, W. H. (2018), *Econometric Analysis*, 8th ed., Pearson, ch. 4
       (least squares standard errors) and ch. 7 (non-linear least squares).
    3. Moré, J. J. (1978), "The Levenberg-Marquardt algorithm:
       implementation and theory", *Numerical Analysis*, Lecture Notes in
       Mathematics 630, 105-116, doi:10.1007/BFb0067700.

    Examples
    --------
    The inventorize example data (four weeks of goat cheese):

    >>> demand = fit_demand([5, 8, 10, 12], [25, 21, 23, 15])
    >>> round(demand.intercept, 4), round(demand.slope, 4), round(demand.r_squared, 4)
    (31.4673, -1.1963, 0.6836)
    >>> demand.revenue_maximizing_price()
    13.15234375

    Two SKUs at once, one row each:

    >>> both = fit_demand([[10, 12, 14], [5, 6, 7]], [[50, 40, 30], [20, 18, 16]])
    >>> both.slope
    array([-5., -2.])
    >>> both.optimal_price([6.0, 2.0])
    array([13. ,  8.5])
    """
    check_option(model, "model", DEMAND_MODEL_KINDS)
    data = _layout(prices, quantities, skus)
    _check_data(data, model)
    estimates, fitted = _estimates(data, model)
    one = data.labels is None

    def column(values: np.ndarray) -> Any:
        return values[0].item() if one else values

    return _MODEL_CLASSES[model](
        **{name: column(values) for name, values in estimates.items()},
        sku=None if one else np.array(data.labels, copy=True),
        r_squared=column(_r_squared(data, fitted)),
        n_observations=column(data.n.astype(np.int64)),
    )


def _check_data(data: _Data, model: DemandModelKind) -> None:
    """Finite data in the model's domain, and enough distinct prices per SKU."""
    raise_at("prices", "be finite", ~np.isfinite(data.p), data.p)
    raise_at("quantities", "be finite", ~np.isfinite(data.q), data.q)
    if model == "constant_elasticity":
        raise_at("prices", "be > 0 for a constant-elasticity fit", data.p <= 0, data.p)
    else:
        raise_at("prices", "be >= 0", data.p < 0, data.p)
    if model in ("constant_elasticity", "exponential"):
        raise_at("quantities", f"be > 0 for a {model} fit (logs)", data.q <= 0, data.q)
    else:
        raise_at("quantities", "be >= 0", data.q < 0, data.q)
    _check_groups(data, model)


def _estimates(data: _Data, model: DemandModelKind) -> tuple[dict[str, np.ndarray], FloatArray]:
    """The model's fields per SKU (parameters, errors) and the fitted quantities."""
    if model == "logit":
        fit, converged = _fit_logit(data)
        fitted = fit.pop("fitted")
        return {**fit, "converged": converged}, fitted
    if model == "linear":
        fit = _ols(data, data.p, data.q)
        fitted = fit.pop("fitted")
        return fit, fitted
    x = np.log(data.p) if model == "constant_elasticity" else data.p
    fit = _ols(data, x, np.log(data.q))
    scale = np.exp(fit["intercept"])
    name = "constant_elasticity" if model == "constant_elasticity" else "semi_elasticity"
    return {
        "scale": scale,
        name: fit["slope"],
        "scale_se": scale * fit["intercept_se"],
        f"{name}_se": fit["slope_se"],
    }, np.exp(fit["fitted"])


_MODEL_CLASSES: dict[str, type[DemandModel]] = {
    "linear": LinearDemand,
    "constant_elasticity": ConstantElasticityDemand,
    "exponential": ExponentialDemand,
    "logit": LogitDemand,
}
