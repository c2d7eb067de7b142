r"""Replenishment policies: continuous-review (r, Q) and periodic-review (s, S) (private).

Costs follow Snyder and Shen (2019): a fixed cost $K$ per order, a holding
cost $h$ per unit per period and a shortage cost $p$ per unit
backordered per period; demands are backordered. Both policies take the inputs
of the stock-level family first: ``demand_mean, demand_std, lead_time`` (per
period, in periods), then the three costs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from ecomops._core.results import Display, display_kinds
from ecomops._core.typing import (
    POLICY_DISTRIBUTIONS,
    RQ_POLICY_METHODS,
    SS_POLICY_METHODS,
    ArrayLike,
    FloatArray,
    PolicyDistribution,
    RQPolicyMethod,
    SSPolicyMethod,
)
from ecomops._core.validation import (
    as_bounded_array,
    broadcast,
    check_flag,
    check_option,
    raise_at,
)
from ecomops._inventory.common import (
    DemandLaw,
    DerivedTable,
    all_scalar,
    frozen,
    make_law,
    norm_cdf,
    norm_pdf,
    norm_ppf,
    poisson_pmf,
    std_loss,
    std_loss_inverse,
    std_second_loss,
)
from ecomops.exceptions import InvalidInputError

__all__ = ["ReorderPolicy", "rq_policy", "ss_policy"]

_CHUNK_CELLS = 1 << 21  # grid cells per block in the discrete searches

#: Most integer stock levels an exact Poisson (r, Q) search (and the cost of a
#: Poisson (r, Q) with the EOQ) visits per SKU; the work is O(W log W) in the
#: width W, dominated by the Poisson loss at every level (200,000 levels: about
#: a second per SKU).
MAX_RQ_LEVELS = 200_000
#: Most integer levels in the window of an exact Poisson (s, S) search per SKU;
#: its work grows with the square of the window (ten thousand levels: about a
#: second).
MAX_SS_LEVELS = 10_000

_POLICY_PARAMETERS = "demand_mean, order_cost, holding_cost and shortage_cost_per_unit_per_period"


def _check_levels(width: FloatArray, limit: int, search: str) -> None:
    """Refuse, before any work, a Poisson search wider than ``limit`` levels (NaN rows pass)."""
    bad = width > limit
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidInputError(
            f"{_POLICY_PARAMETERS} must keep the exact Poisson {search} search within "
            f"{limit:,} stock levels per SKU; {int(bad.sum())} SKUs need more, first at "
            f"index {i}: {width[i]:.4g} levels (Poisson demand this large is close to "
            "normal: use distribution='normal')"
        )


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class ReorderPolicy(DerivedTable):
    r"""Result of `rq_policy` and `ss_policy`.

    Attributes
    ----------
    reorder_point : float or ndarray
        $r$ (order when the inventory position falls to $r$ or below)
        or $s$ of an $(s,S)$ policy. [units]
    order_quantity : float or ndarray
        $Q$ of an $(r,Q)$ policy, or $S-s$ of an $(s,S)$
        policy. [units]
    order_up_to_level : float or ndarray
        $r+Q$, or $S$. [units]
    expected_cost : float or ndarray or None
        Exact long-run expected cost per period of the policy (ordering,
        holding and backorders); ``None`` where no exact evaluation is available
        (the power approximation). [currency / period]
    lead_time_demand_mean, lead_time_demand_std : float or ndarray
        Demand over the protection interval ($L$ for $(r,Q)$,
        $L+1$ periods for $(s,S)$). [units]
    method : str
        The method used.

    Examples
    --------
    >>> from ecomops.inventory import rq_policy
    >>> res = rq_policy(1300, 150, 1 / 12, 8, 0.225, 7.5)
    >>> round(res.reorder_point, 2), round(res.order_quantity, 2), round(res.expected_cost, 2)
    (126.87, 328.45, 78.07)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(money=("expected_cost",))

    reorder_point: float | FloatArray
    order_quantity: float | FloatArray
    order_up_to_level: float | FloatArray
    expected_cost: float | FloatArray | None
    lead_time_demand_mean: float | FloatArray
    lead_time_demand_std: float | FloatArray
    method: str


# ---------------------------------------------------------------------------
# (r, Q), normal demand
# ---------------------------------------------------------------------------


def _rq_cost_normal(
    r: FloatArray, q: FloatArray, k_lam: FloatArray, h: FloatArray, p: FloatArray,
    mu: FloatArray, sd: FloatArray,
) -> FloatArray:  # fmt: skip
    r"""Exact $g(r,Q) = [K\lambda + hQ(r-\mu+Q/2) + (h+p)(n_2(r)-n_2(r+Q))]/Q$."""
    with np.errstate(divide="ignore", invalid="ignore"):
        za = (r - mu) / sd
        zb = (r + q - mu) / sd
        n2 = np.where(
            sd > 0,
            sd * sd * (std_second_loss(za) - std_second_loss(zb)),
            0.5 * (np.maximum(mu - r, 0.0) ** 2 - np.maximum(mu - r - q, 0.0) ** 2),
        )
        out: FloatArray = (k_lam + h * q * (r - mu + 0.5 * q) + (h + p) * n2) / q
    return out


def _rq_exact_normal(
    k_lam: FloatArray, h: FloatArray, p: FloatArray, mu: FloatArray, sd: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Optimal $(r, Q)$ for normal lead-time demand by a level-set Newton method.

    In standard units $y=\mu+\sigma z$, $g(y)=\sigma\tilde g(z)$ with
    $\tilde g(z) = hz + (h+p)G(z)$ (convex). At the optimum the order-up-to
    interval $[a,b]$ is the sublevel set $\{\tilde g\le c\}$ with
    $H(c)=\int(c-\tilde g)^+dz = K\lambda/\sigma^2$ and cost $\sigma c$
    (Zheng 1992; Federgruen and Zheng 1992). $H$ is convex and increasing
    with $H'(c)=b-a$, so Newton from above converges monotonically; each
    level's $a, b$ come from monotone Newton on the branches of the convex
    $\tilde g$.
    """
    kk = k_lam / (sd * sd)
    hp = h + p
    z_star = norm_ppf(p / hp)
    g_min = hp * norm_pdf(z_star)
    c = g_min + np.sqrt(2.0 * h * p * kk / hp)
    b = np.maximum(c / h, z_star)
    a = np.minimum(-c / p, z_star)

    def g_tilde(z: FloatArray) -> FloatArray:
        return h * z + hp * std_loss(z)

    def slope(z: FloatArray) -> FloatArray:
        return hp * norm_cdf(z) - p

    def branch(z: FloatArray, level: FloatArray) -> FloatArray:
        for _ in range(100):
            with np.errstate(divide="ignore", invalid="ignore"):
                step = (g_tilde(z) - level) / slope(z)
            step = np.where(np.isfinite(step), step, 0.0)
            z = z - step
            if not np.fmax.reduce(np.abs(step), axis=None, initial=0.0) > 1e-13:
                break
        return z

    for _ in range(100):
        b = branch(b, c)
        a = branch(a, c)
        width = b - a
        integral = 0.5 * h * (b * b - a * a) + hp * (std_second_loss(a) - std_second_loss(b))
        gap = c * width - integral - kk
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(width > 0, gap / width, 0.0)
        c = c - step
        if not np.fmax.reduce(np.abs(step) / (1.0 + np.abs(c)), axis=None, initial=0.0) > 1e-13:
            break
    b = branch(b, c)
    a = branch(a, c)
    # no ordering cost per period (K lambda = 0): the interval closes on the
    # newsvendor level z*, Q = 0 exactly rather than the Newton residue around it
    closed = kk == 0
    a = np.where(closed, z_star, a)
    b = np.where(closed, z_star, np.maximum(b, a))
    c = np.where(closed, g_min, c)
    return mu + sd * a, sd * (b - a), sd * c


def _rq_loss_function(
    k_lam: FloatArray, h: FloatArray, p: FloatArray, mu: FloatArray, sd: FloatArray
) -> tuple[FloatArray, FloatArray]:
    r"""Hadley-Whitin: iterate $n(r)=hQ/(h+p)$, $Q=\sqrt{2[K\lambda+(h+p)n_2(r)]/h}$."""
    q = np.sqrt(2.0 * k_lam / h)
    r = mu.copy()
    for _ in range(200):
        with np.errstate(divide="ignore", invalid="ignore"):  # sd == 0: z unused, kept finite
            z = std_loss_inverse(h * q / ((h + p) * np.where(sd > 0, sd, 1.0)))
        r_new = np.where(sd > 0, mu + sd * z, mu - h * q / (h + p))
        n2 = np.where(
            sd > 0,
            sd * sd * std_second_loss((r_new - mu) / np.where(sd > 0, sd, 1.0)),
            0.5 * np.maximum(mu - r_new, 0.0) ** 2,
        )
        q_new = np.sqrt(2.0 * (k_lam + (h + p) * n2) / h)
        moved = np.fmax.reduce(np.abs(q_new - q) + np.abs(r_new - r), axis=None, initial=0.0)
        q, r = q_new, r_new
        if not moved > 1e-9:
            break
    return r, q


# ---------------------------------------------------------------------------
# Discrete grids (Poisson): (r, Q) and (s, S)
# ---------------------------------------------------------------------------


def _grid_newsvendor_cost(
    law: DemandLaw, idx: np.ndarray, y: FloatArray, h: FloatArray, p: FloatArray
) -> FloatArray:
    """One-period cost g(y) = h E(y - D)^+ + p E(D - y)^+ on a grid, rows ``idx``."""
    rows = np.repeat(idx, y.shape[1])
    flat = y.reshape(-1)
    n = law.loss(flat, rows).reshape(y.shape)
    mu = law.mean.reshape(-1)[idx][:, None]
    out: FloatArray = h[:, None] * (y - mu) + (h + p)[:, None] * n
    return out


def _rq_exact_poisson(
    k_lam: FloatArray, h: FloatArray, p: FloatArray, law: DemandLaw
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Optimal integer $(r,Q)$ for Poisson lead-time demand.

    The optimal order-up-to block $\{r+1,\dots,r+Q\}$ holds the $Q$
    smallest values of the discrete-convex $g$ (Federgruen and Zheng
    1992), so with $S_Q$ the sum of the $Q$ smallest values the cost
    is $\min_Q (K\lambda+S_Q)/Q$. The grid covers $\{g\le \bar c\}$
    for an upper bound $\bar c$ of the optimal cost, which contains the
    optimal block.
    """
    n_rows = k_lam.shape[0]
    mu = law.mean.reshape(-1)
    y_star = law.quantile(p / (h + p))
    g_star = h * (y_star - mu) + (h + p) * law.loss(y_star)
    # bound: block of Q1 points around y*, with g rising at most h to the right, p to the left
    q1 = np.maximum(1.0, np.ceil(np.sqrt(2.0 * k_lam * (h + p) / (h * p))))
    right = np.floor(q1 * p / (h + p))
    left = q1 - 1.0 - right
    c_up = g_star + (k_lam + h * right * (right + 1.0) / 2.0 + p * left * (left + 1.0) / 2.0) / q1
    lo = np.floor(mu - c_up / p) - 1.0
    hi = np.ceil(mu + c_up / h) + 1.0
    width_f = hi - lo + 1.0
    _check_levels(width_f, MAX_RQ_LEVELS, "(r, Q)")
    missing = np.isnan(width_f)
    width = np.where(missing, 1.0, width_f).astype(np.int64)
    start_level: FloatArray = np.where(missing, 0.0, lo)
    r_out = np.empty(n_rows)
    q_out = np.empty(n_rows)
    c_out = np.empty(n_rows)
    order = np.argsort(width)
    start = 0
    while start < n_rows:
        w = int(width[order[start]])
        stop = start + 1
        while stop < n_rows and int(width[order[stop]]) * (stop - start + 1) <= max(
            _CHUNK_CELLS, int(width[order[stop]])
        ):
            stop += 1
        idx = order[start:stop]
        w = int(width[idx].max())
        y = start_level[idx][:, None] + np.arange(w)[None, :]
        g = _grid_newsvendor_cost(law, idx, y, h[idx], p[idx])
        g = np.where(np.arange(w)[None, :] < width[idx][:, None], g, np.inf)
        sums = np.cumsum(np.sort(g, axis=1), axis=1)
        qs = np.arange(1, w + 1, dtype=np.float64)[None, :]
        cost = (k_lam[idx][:, None] + sums) / qs
        best_q = np.argmin(cost, axis=1) + 1
        # the best block of that length: minimal window sum
        csum = np.concatenate(
            [np.zeros((idx.size, 1)), np.cumsum(np.where(np.isinf(g), 1e300, g), axis=1)], axis=1
        )
        j = np.arange(w + 1)[None, :]
        ends = np.minimum(j + best_q[:, None], w)
        window = np.take_along_axis(csum, ends, axis=1) - csum
        window = np.where(j + best_q[:, None] <= w, window, np.inf)
        first = np.argmin(window, axis=1)
        r_out[idx] = start_level[idx] + first - 1.0
        q_out[idx] = best_q
        c_out[idx] = np.take_along_axis(cost, (best_q - 1)[:, None], axis=1)[:, 0]
        start = stop
    r_out[missing], q_out[missing], c_out[missing] = np.nan, np.nan, np.nan
    return r_out, q_out, c_out


def _ss_grid(
    k: FloatArray, h: FloatArray, p: FloatArray, law: DemandLaw, period_mean: FloatArray,
    idx: np.ndarray, lo: FloatArray, w: int,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:  # fmt: skip
    """Best (s, S) with s + 1 and S in [lo, lo + w) for rows ``idx`` (Zheng-Federgruen cost)."""
    y = lo[:, None] + np.arange(w)[None, :]
    g = _grid_newsvendor_cost(law, idx, y, h, p)
    pmf = poisson_pmf(period_mean, w)
    m = np.zeros((idx.size, w))
    m0 = 1.0 / (1.0 - pmf[:, 0])
    m[:, 0] = m0
    for j in range(1, w):
        m[:, j] = m0 * np.einsum("nl,nl->n", pmf[:, 1 : j + 1], m[:, j - 1 :: -1])
    big_m = np.cumsum(m, axis=1)  # M(delta) for delta = 1..w
    acc = np.zeros((idx.size, w))
    best = np.full(idx.size, np.inf)
    best_s = np.zeros(idx.size)
    best_big_s = np.zeros(idx.size)
    cols = np.arange(w)[None, :]
    for delta in range(1, w + 1):
        # columns left of delta - 1 are masked below, now and for every later delta
        shifted = np.zeros((idx.size, w))
        shifted[:, delta - 1 :] = g[:, : w - delta + 1]
        acc = acc + m[:, delta - 1][:, None] * shifted
        cost = (k[:, None] + acc) / big_m[:, delta - 1][:, None]
        cost = np.where(cols >= delta - 1, cost, np.inf)
        j = np.argmin(cost, axis=1)
        c = cost[np.arange(idx.size), j]
        better = c < best
        best = np.where(better, c, best)
        best_big_s = np.where(better, lo + j, best_big_s)
        best_s = np.where(better, lo + j - delta, best_s)
    edges = np.stack([g[:, 0], g[:, -1]], axis=1)
    return best_s, best_big_s, best, edges


def _ss_exact_poisson(
    k: FloatArray, h: FloatArray, p: FloatArray, law: DemandLaw, period_mean: FloatArray,
    start_width: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:  # fmt: skip
    """Exact (s, S) for Poisson demand: grid search, widened until provably optimal."""
    n_rows = k.shape[0]
    mu = law.mean.reshape(-1)
    y_star = law.quantile(p / (h + p))
    half = np.maximum(np.ceil(start_width), 4.0)
    _check_levels(2.0 * half + 1.0, MAX_SS_LEVELS, "(s, S)")
    s_out = np.full(n_rows, np.nan)
    big_s_out = np.full(n_rows, np.nan)
    c_out = np.full(n_rows, np.nan)
    todo = np.flatnonzero(np.isfinite(mu) & (mu > 0))
    zero = np.flatnonzero(mu == 0)
    s_out[zero], big_s_out[zero], c_out[zero] = -1.0, 0.0, 0.0
    for _ in range(30):
        if todo.size == 0:
            break
        order = todo[np.argsort(half[todo])]
        still: list[np.ndarray] = []
        start = 0
        while start < order.size:
            stop = start + 1
            while stop < order.size and (stop - start + 1) * int(
                2 * half[order[stop]] + 1
            ) ** 2 <= (_CHUNK_CELLS):
                stop += 1
            idx = order[start:stop]
            w = int(2 * half[idx].max() + 1)
            lo = y_star[idx] - np.floor(w / 2)
            s, big_s, c, edges = _ss_grid(k[idx], h[idx], p[idx], law, period_mean[idx], idx, lo, w)
            ok = (edges[:, 0] > c) & (edges[:, 1] > c)
            s_out[idx], big_s_out[idx], c_out[idx] = s, big_s, c
            still.append(idx[~ok])
            start = stop
        todo = np.concatenate(still) if still else np.empty(0, dtype=np.int64)
        half[todo] = 2.0 * half[todo]
        if todo.size and 2.0 * half[todo].max() + 1.0 > MAX_SS_LEVELS:
            break
    if todo.size:
        raise InvalidInputError(
            f"{_POLICY_PARAMETERS} must let the exact Poisson (s, S) search prove its "
            f"optimum within {MAX_SS_LEVELS:,} stock levels per SKU; {todo.size} SKUs did "
            f"not, first at index {int(todo[0])} (use distribution='normal')"
        )
    return s_out, big_s_out, c_out


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def rq_policy(
    demand_mean: float | ArrayLike,
    demand_std: float | ArrayLike,
    lead_time: float | ArrayLike,
    order_cost: float | ArrayLike,
    holding_cost: float | ArrayLike,
    shortage_cost_per_unit_per_period: float | ArrayLike,
    *,
    method: RQPolicyMethod = "exact",
    distribution: PolicyDistribution = "normal",
) -> ReorderPolicy:
    r"""Continuous-review $(r,Q)$ policy with backorders, for many SKUs at once.

    With lead-time demand $\mu=\lambda L$, $\sigma=\tau\sqrt L$ and
    $g(y)=hE(y-D_L)^+ + pE(D_L-y)^+$, the expected cost per period is

    $$
    g(r,Q) = \frac{K\lambda + \int_r^{r+Q} g(y)\,dy}{Q}
    $$

    (a sum over $y=r+1,\dots,r+Q$ for integer demand).

    * ``"exact"``: the minimiser of $g(r,Q)$. Normal demand: a level-set
      Newton method on the optimality conditions $g(r)=g(r+Q)=g(r,Q)$
      (Zheng 1992), to machine precision; Poisson: the integer optimum (the
      Federgruen-Zheng characterisation, searched on a grid).
    * ``"loss_function"``: the Hadley-Whitin approximation, iterating
      $n(r)=hQ/(h+p)$ and $Q=\sqrt{2[K\lambda+(h+p)n^{(2)}(r)]/h}$
      (normal only).
    * ``"eoq_safety_stock"``: $Q$ the EOQ and $r$ the newsvendor
      fractile $F(r)=p/(p+h)$.

    Parameters
    ----------
    demand_mean : float or array_like
        Mean demand per period $\lambda$, >= 0. [units / period]
    demand_std : float or array_like
        Standard deviation of demand per period $\tau$, >= 0 (ignored
        for Poisson). [units / period]
    lead_time : float or array_like
        Lead time $L$, >= 0. [periods]
    order_cost : float or array_like
        Fixed cost per order $K$, > 0. [currency / order]
    holding_cost : float or array_like
        Holding cost per unit per period $h$, > 0. [currency / unit / period]
    shortage_cost_per_unit_per_period : float or array_like
        Shortage cost per unit backordered per period $p$, > 0.
        [currency / unit / period]
    method : {"exact", "loss_function", "eoq_safety_stock"}
        Default ``"exact"``.
    distribution : {"normal", "poisson"}
        Lead-time demand law; default ``"normal"``.

    Returns
    -------
    ReorderPolicy
        ``reorder_point``, ``order_quantity``, ``order_up_to_level`` and the
        policy's exact ``expected_cost`` per period.

    Raises
    ------
    InvalidInputError
        For non-positive costs, negative demand or lead time, an unknown method or
        distribution, or ``"loss_function"`` with Poisson demand; with Poisson
        demand, before any work, when a SKU's search would span more than
        ``MAX_RQ_LEVELS`` (200,000) stock levels (use ``"normal"`` there).

    Notes
    -----
    stockpyl 1.0.2 offers the approximations for normal demand and the exact
    optimum for Poisson only (one SKU per call); the exact normal optimum here
    reproduces Snyder and Shen's Example 5.1. A zero standard deviation gives the
    deterministic limit, the EOQ with planned backorders
    ($r=\mu-Qh/(h+p)$); zero demand gives $r=Q=0$ and zero cost (with the
    approximations whatever the standard deviation, since their $Q$ is then 0).
    The Poisson search costs $O(W\log W)$ per SKU for a grid of width
    $W\approx c^*(1/h+1/p)$, at most 200,000 levels (about a second per SKU;
    the width grows with $\sqrt{\mu}$ and $\sqrt{K\lambda}$, and Poisson demand
    that large is close to normal). NaN propagates element-wise.

    References
    ----------
    1. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., Wiley, ch. 5: Example 5.1 (optimum reported
       as $r=126.8$, $Q=328.5$, cost 78.07; the exact minimiser is
       126.867, 328.449 at cost 78.0711), Example 5.6 (loss-function
       approximation 126.87, 328.45), Example 5.5 (EOQ+SS 190.34, 304.05), Example
       5.8 (Poisson: r = 3, Q = 5, cost 107.92).
    2. Zheng, Y.-S. (1992), "On properties of stochastic inventory systems",
       *Management Science* 38(1), 87-103, doi:10.1287/mnsc.38.1.87.
    3. Federgruen, A. and Zheng, Y.-S. (1992), "An efficient algorithm for
       computing an optimal (r, Q) policy in continuous review stochastic
       inventory systems", *Operations Research* 40(4), 808-813,
       doi:10.1287/opre.40.4.808.
    4. Hadley, G. and Whitin, T. M. (1963), *Analysis of Inventory Systems*,
       Prentice-Hall.

    Examples
    --------
    >>> from ecomops.inventory import rq_policy
    >>> res = rq_policy(1300, 150, 1 / 12, 8, 0.225, 7.5, method="loss_function")
    >>> round(res.reorder_point, 2), round(res.order_quantity, 2)
    (126.87, 328.45)
    >>> res = rq_policy(1.5, 0, 2, 100, 20, 150, distribution="poisson")
    >>> res.reorder_point, res.order_quantity, round(res.expected_cost, 4)
    (3.0, 5.0, 107.9236)
    """
    check_option(method, "method", RQ_POLICY_METHODS)
    kind = check_option(distribution, "distribution", POLICY_DISTRIBUTIONS)
    if kind == "poisson" and method == "loss_function":
        raise InvalidInputError("method='loss_function' needs distribution='normal'")
    inputs = (
        demand_mean, demand_std, lead_time, order_cost, holding_cost,
        shortage_cost_per_unit_per_period,
    )  # fmt: skip
    shape, (lam, tau, lt, k, h, p) = _policy_inputs(*inputs)
    mu = lam * lt
    sd = np.sqrt(lt) * tau if kind == "normal" else np.sqrt(mu)
    k_lam = k * lam
    if kind == "normal":
        # Deterministic where sd is below a rounding unit of the deterministic order
        # quantity: the answer then equals the sd = 0 one to double precision, and the
        # standardised iterations (K*lambda / sd**2) would overflow to -inf or NaN.
        q_scale = np.sqrt(2.0 * k_lam * (h + p) / (h * p))
        det = (sd == 0) | (sd <= np.finfo(np.float64).eps * q_scale)
        sd_safe = np.where(det, 1.0, sd)
        if method == "exact":
            r, q, cost = _rq_exact_normal(np.where(det, 1.0, k_lam), h, p, mu, sd_safe)
        elif method == "loss_function":
            r, q = _rq_loss_function(np.where(det, 1.0, k_lam), h, p, mu, sd_safe)
            cost = _rq_cost_normal(r, q, k_lam, h, p, mu, sd_safe)
        else:
            q = np.sqrt(2.0 * k_lam / h)
            r = mu + sd * norm_ppf(p / (h + p))
            cost = _rq_cost_normal(r, q, k_lam, h, p, mu, np.where(det, 0.0, sd))
        if method != "eoq_safety_stock":
            # deterministic limit: EOQ with planned backorders
            q_det = np.sqrt(2.0 * k_lam * (h + p) / (h * p))
            r = np.where(det, mu - q_det * h / (h + p), r)
            q = np.where(det, q_det, q)
            cost = np.where(det, np.sqrt(2.0 * k_lam * h * p / (h + p)), cost)
        # zero demand: the documented r = Q = 0 at zero cost; the approximations
        # divide by Q = sqrt(2 K lambda / h) = 0 whatever sigma is
        zero = (lam == 0) & (det | (method != "exact"))
        r, q, cost = (np.where(zero, 0.0, v) for v in (r, q, cost))
    else:
        law = make_law("poisson", mu, None)
        if method == "exact":
            r, q, cost = _rq_exact_poisson(k_lam, h, p, law)
        else:
            q = np.maximum(1.0, np.round(np.sqrt(2.0 * k_lam / h)))
            r = law.quantile(p / (h + p))
            cost = _rq_cost_poisson(r, q, k_lam, h, p, law)
        zero = lam == 0
        r, q, cost = (np.where(zero, 0.0, v) for v in (r, q, cost))
    return _reorder_policy(
        shape, all_scalar(*inputs), method,
        reorder_point=r, order_quantity=q, order_up_to_level=r + q, expected_cost=cost,
        lead_time_demand_mean=mu, lead_time_demand_std=sd,
    )  # fmt: skip


def _policy_inputs(
    demand_mean: Any,
    demand_std: Any,
    lead_time: Any,
    order_cost: Any,
    holding_cost: Any,
    shortage_cost_per_unit_per_period: Any,
) -> tuple[tuple[int, ...], tuple[FloatArray, ...]]:
    """The six inputs of a policy, checked, broadcast and flattened; and their shape."""
    arrays = broadcast(
        demand_mean=as_bounded_array(demand_mean, "demand_mean", ge=0),
        demand_std=as_bounded_array(demand_std, "demand_std", ge=0),
        lead_time=as_bounded_array(lead_time, "lead_time", ge=0),
        order_cost=as_bounded_array(order_cost, "order_cost", gt=0),
        holding_cost=as_bounded_array(holding_cost, "holding_cost", gt=0),
        shortage_cost_per_unit_per_period=as_bounded_array(
            shortage_cost_per_unit_per_period, "shortage_cost_per_unit_per_period", gt=0
        ),
    )
    flat = tuple(np.array(a, dtype=np.float64).reshape(-1) for a in arrays)
    return arrays[0].shape, flat


def _reorder_policy(
    shape: tuple[int, ...], scalar: bool, method: str, **columns: FloatArray | None
) -> ReorderPolicy:
    """The result, each column reshaped to the inputs' shape and made read-only."""
    values: dict[str, Any] = {
        name: None if v is None else frozen(np.asarray(v).reshape(shape), scalar)
        for name, v in columns.items()
    }
    return ReorderPolicy(**values, method=method)


def _rq_cost_poisson(
    r: FloatArray, q: FloatArray, k_lam: FloatArray, h: FloatArray, p: FloatArray, law: DemandLaw
) -> FloatArray:
    """Exact (K lambda + sum_{y=r+1}^{r+Q} g(y)) / Q for integer r, Q (grid per block)."""
    n_rows = r.shape[0]
    out = np.empty(n_rows)
    _check_levels(q, MAX_RQ_LEVELS, "(r, Q) cost")
    width = np.where(np.isnan(q), 1.0, q).astype(np.int64)
    order = np.argsort(width)
    start = 0
    while start < n_rows:
        stop = start + 1
        while stop < n_rows and int(width[order[stop]]) * (stop - start + 1) <= _CHUNK_CELLS:
            stop += 1
        idx = order[start:stop]
        start = stop
        w = int(width[idx].max())
        y = r[idx][:, None] + 1.0 + np.arange(w)[None, :]
        g = _grid_newsvendor_cost(law, idx, y, h[idx], p[idx])
        g = np.where(np.arange(w)[None, :] < width[idx][:, None], g, 0.0)
        out[idx] = (k_lam[idx] + g.sum(axis=1)) / q[idx]
    return out


def ss_policy(
    demand_mean: float | ArrayLike,
    demand_std: float | ArrayLike,
    lead_time: float | ArrayLike,
    order_cost: float | ArrayLike,
    holding_cost: float | ArrayLike,
    shortage_cost_per_unit_per_period: float | ArrayLike,
    *,
    method: SSPolicyMethod = "power",
    distribution: PolicyDistribution = "normal",
    cap: bool = True,
) -> ReorderPolicy:
    r"""Periodic-review $(s,S)$ policy with backorders, for many SKUs at once.

    Each period, if the inventory position is at or below $s$, order up to
    $S$. The review period is one period and an order arrives
    $L$ periods later, so each order protects $L+1$ periods:
    $\mu_{L+1}=\mu(L+1)$, $\sigma_{L+1}=\sigma\sqrt{L+1}$ (stated,
    not hidden: it is the review period).

    ``"power"`` (Ehrhardt and Mosier 1984, normal demand):

    $$
    Q_p = 1.30\,\mu^{0.494}\left(\frac Kh\right)^{0.506}
    \left(1+\frac{\sigma_{L+1}^2}{\mu^2}\right)^{0.116}, \quad
    z=\sqrt{\frac{Q_p}{\sigma_{L+1}}\frac hp}, \quad
    s_p = 0.973\,\mu_{L+1} + \sigma_{L+1}\left(\frac{0.183}{z}+1.063-2.192z\right)
    $$

    and, with the cap (``cap=True``, Ehrhardt's rule): if $Q_p/\mu>1.5$,
    $(s,S)=(s_p,s_p+Q_p)$; otherwise, with $S_0$ the newsvendor
    level $\mu_{L+1}+\sigma_{L+1}\Phi^{-1}(p/(p+h))$,
    $s=\min(s_p,S_0)$, $S=\min(s_p+Q_p,S_0)$.

    ``"exact"`` (Poisson demand): the optimal integer policy minimising
    $[K+\sum_{d=0}^{S-s-1}m(d)g(S-d)]/M(S-s)$ with $m$ the renewal
    function of the period demand (Zheng and Federgruen 1991), by a grid
    search widened until the optimality bound $g(y)>c^*$ holds at both
    ends of the grid.

    Parameters
    ----------
    demand_mean : float or array_like
        Mean demand per period $\mu$, >= 0. [units / period]
    demand_std : float or array_like
        Standard deviation of demand per period $\sigma$, >= 0 (ignored for
        Poisson). [units / period]
    lead_time : float or array_like
        Lead time $L$ in whole periods, >= 0 (0: an order arrives before
        the next period's demand). [periods]
    order_cost : float or array_like
        Fixed cost per order $K$, > 0. [currency / order]
    holding_cost : float or array_like
        Holding cost per unit per period $h$, > 0. [currency / unit / period]
    shortage_cost_per_unit_per_period : float or array_like
        Shortage cost per unit backordered per period $p$, > 0.
        [currency / unit / period]
    method : {"power", "exact"}
        Default ``"power"`` (normal); ``"exact"`` needs ``distribution="poisson"``.
    distribution : {"normal", "poisson"}
        Default ``"normal"``.
    cap : bool
        Apply Ehrhardt's cap to the power approximation (default True; stockpyl
        1.0.2 omits it: ``cap=False`` reproduces it).

    Returns
    -------
    ReorderPolicy
        ``reorder_point`` ($s$), ``order_up_to_level`` ($S$),
        ``order_quantity`` ($S-s$) and, for ``"exact"``, the optimal
        ``expected_cost`` per period (``None`` for ``"power"``).

    Raises
    ------
    InvalidInputError
        For non-positive costs, negative demand, a fractional lead time with
        ``"exact"``, or an unsupported method and distribution pair; with
        ``"exact"``, before any work, when a SKU's search window would exceed
        ``MAX_SS_LEVELS`` (10,000) stock levels, or the search cannot prove its
        optimum within that window.

    Notes
    -----
    The exact search costs $O(W^2)$ per SKU for a grid of width $W$
    (a few times $S-s$): it suits slow movers, the SKUs for which a
    Poisson law is right; the window is bounded at 10,000 levels (about a
    second per SKU). Zero demand gives $s=-1$, $S=0$ (never
    order) and zero cost; the power approximation needs positive demand and
    standard deviation.

    References
    ----------
    1. Ehrhardt, R. (1979), "The power approximation for computing (s, S)
       inventory policies", *Management Science* 25(8), 777-786,
       doi:10.1287/mnsc.25.8.777.
    2. Ehrhardt, R. and Mosier, C. (1984), "A revision of the power
       approximation for computing (s, S) policies", *Management Science* 30(5),
       618-622, doi:10.1287/mnsc.30.5.618.
    3. Zheng, Y.-S. and Federgruen, A. (1991), "Finding optimal (s, S)
       policies is about as simple as evaluating a single policy", *Operations
       Research* 39(4), 654-665, doi:10.1287/opre.39.4.654.
    4. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., §4.6, Example 4.7 (exact: s = 4, S = 10, cost 8.034;
       power approximation without cap: 40.19, 74.29).

    Examples
    --------
    >>> from ecomops.inventory import ss_policy
    >>> res = ss_policy(6, 0, 0, 5, 1, 4, method="exact", distribution="poisson")
    >>> res.reorder_point, res.order_up_to_level, round(res.expected_cost, 4)
    (4.0, 10.0, 8.0341)
    >>> res = ss_policy(50, 8, 0, 2.5, 0.18, 0.70, cap=False)
    >>> round(res.reorder_point, 2), round(res.order_up_to_level, 2)
    (40.19, 74.29)
    >>> res = ss_policy(50, 8, 0, 2.5, 0.18, 0.70)
    >>> round(res.reorder_point, 2), round(res.order_up_to_level, 2)
    (40.19, 56.6)
    """
    check_option(method, "method", SS_POLICY_METHODS)
    kind = check_option(distribution, "distribution", POLICY_DISTRIBUTIONS)
    cap = check_flag(cap, "cap")
    if (method == "exact") != (kind == "poisson"):
        raise InvalidInputError(
            "ss_policy supports method='power' with distribution='normal' and "
            "method='exact' with distribution='poisson'"
        )
    inputs = (
        demand_mean, demand_std, lead_time, order_cost, holding_cost,
        shortage_cost_per_unit_per_period,
    )  # fmt: skip
    shape, (mu, sd, lt, k, h, p) = _policy_inputs(*inputs)
    interval = lt + 1.0
    mu_l = mu * interval
    if kind == "normal":
        sd_l = sd * np.sqrt(interval)
        raise_at("demand_mean", "be > 0 for the power approximation", mu == 0, mu)
        raise_at("demand_std", "be > 0 for the power approximation", sd == 0, sd)
        q_p = 1.30 * mu**0.494 * (k / h) ** 0.506 * (1.0 + (sd_l / mu) ** 2) ** 0.116
        z = np.sqrt(q_p / sd_l * h / p)
        s_p = 0.973 * mu_l + sd_l * (0.183 / z + 1.063 - 2.192 * z)
        big_s = s_p + q_p
        s = s_p
        if cap:
            s0 = mu_l + sd_l * norm_ppf(p / (p + h))
            small = q_p / mu <= 1.5
            s = np.where(small, np.minimum(s_p, s0), s_p)
            big_s = np.where(small, np.minimum(s_p + q_p, s0), s_p + q_p)
        cost = None
    else:
        raise_at("lead_time", "be a whole number of periods", lt != np.floor(lt), lt)
        sd_l = np.sqrt(mu_l)
        law = make_law("poisson", mu_l, None)
        q_scale = np.sqrt(2.0 * k * mu * (h + p) / (h * p))
        start_width = q_scale + 4.0 * np.sqrt(mu_l) + 4.0
        s, big_s, cost = _ss_exact_poisson(k, h, p, law, mu, start_width)

    return _reorder_policy(
        shape, all_scalar(*inputs), method,
        reorder_point=s, order_quantity=big_s - s, order_up_to_level=big_s, expected_cost=cost,
        lead_time_demand_mean=mu_l, lead_time_demand_std=sd_l,
    )  # fmt: skip
