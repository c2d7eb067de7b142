r"""Markdowns, price-sensitivity surveys and competitive price indices (private).

Re-exported by `ecomops.pricing`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar, overload

import numpy as np

from ecomops._core.results import Display, Result, Table, display_kinds
from ecomops._core.typing import (
    INCONSISTENT_ANSWERS,
    PRICE_INDEX_METHODS,
    PRICE_INDEX_REFERENCES,
    ArrayLike,
    BoolArray,
    FloatArray,
    InconsistentAnswers,
    IntArray,
    PriceIndexMethod,
    PriceIndexReference,
)
from ecomops._core.validation import (
    as_float_array,
    broadcast,
    check_option,
    raise_at,
    series_io,
    to_output,
)
from ecomops._pricing.common import Record, all_scalar, amount_array, money_currency
from ecomops.exceptions import InvalidInputError

__all__ = [
    "MarkdownProjection",
    "PriceIndexTable",
    "PriceSensitivityCurves",
    "VanWestendorpResult",
    "markdown_projection",
    "price_index",
    "van_westendorp",
]


# ---------------------------------------------------------------------------
# Walker (1999) markdown projection
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class MarkdownProjection(Record):
    r"""End-of-season stock projected from the sell-through so far (Walker 1999).

    Scalars for one SKU, columns for many. Built by `markdown_projection`.

    Attributes
    ----------
    weekly_sell_through_rate : float or ndarray
        $s = 1 - (I_t / I_0)^{1/t}$, the share of the stock on hand sold
        each week so far. [1/week]
    projected_end_inventory : float or ndarray
        $I_t (1 - s)^{T - t}$, the stock left at the end of the season if
        the rate holds. [units]
    required_sell_through_rate : float or ndarray
        $s^* = 1 - (I^* / I_t)^{1/(T - t)}$, the weekly rate that ends the
        season at the target (0 when the target is already above the stock). [1/week]
    required_rate_multiplier : float or ndarray
        $s^* / s$: how much faster the item must sell; ``inf`` when
        nothing has sold yet but the target needs sales. [-]
    needs_markdown : bool or ndarray of bool
        Whether the projection ends above the target. [-]
    remaining_sell_through : float or ndarray
        $1 - (1 - s)^{T - t}$, the share of today's stock that sells by
        the end of the season at the current rate. [-]

    Examples
    --------
    >>> proj = markdown_projection(1000, 16, 2, 825, 150)
    >>> round(proj.projected_end_inventory, 2), bool(proj.needs_markdown)
    (214.6, True)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        share=(
            "weekly_sell_through_rate",
            "required_sell_through_rate",
            "remaining_sell_through",
        )
    )

    weekly_sell_through_rate: float | FloatArray
    projected_end_inventory: float | FloatArray
    required_sell_through_rate: float | FloatArray
    required_rate_multiplier: float | FloatArray
    needs_markdown: bool | BoolArray
    remaining_sell_through: float | FloatArray
    weeks_left: float | FloatArray = dataclasses.field(repr=False, default=0.0)

    @series_io
    def break_even_multiplier(self, price_ratio: ArrayLike) -> Any:
        r"""Sales-rate multiplier at which a markdown keeps the season's revenue.

        Marking the price down to the fraction $m$ of the current price,
        the rest of the season earns the same revenue if the share of today's
        stock sold grows from $F = 1 - (1 - s)^{T - t}$ to $F / m$,
        i.e. at the weekly rate $s_m = 1 - (1 - F/m)^{1/(T - t)}$; the
        multiplier is $s_m / s$ (Walker 1999; ``margin_sales_increase``
        in inventorize's ``possible_markdowns``).

        Parameters
        ----------
        price_ratio : float or array_like
            New price as a fraction of the current one, in (0, 1]: 0.8 is a
            20% markdown. Broadcasts against the SKUs like
            `LinearDemand.quantity` prices. [-]

        Returns
        -------
        float, ndarray of float64 or Series
            The break-even multiplier; ``inf`` where even selling out cannot
            match the revenue ($F / m > 1$; inventorize gives NaN there). [-]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> proj = markdown_projection(1000, 16, 2, 825, 150)
        >>> np.round(proj.break_even_multiplier([0.9, 0.8]), 4)
        array([1.2651, 1.8406])
        """
        m = as_float_array(price_ratio, "price_ratio")
        raise_at("price_ratio", "be in (0, 1]", (m <= 0) | (m > 1), m)
        s, f, w = self._aligned(m.ndim)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = f / m
            s_m = np.where(share < 1, 1.0 - np.power(np.maximum(1.0 - share, 0.0), 1.0 / w), 1.0)
            out = np.where(share <= 1, s_m / s, np.inf)
            out = np.where(s > 0, out, np.inf)
        scalar = self._is_one() and all_scalar(price_ratio)
        return to_output(np.asarray(out, dtype=np.float64), scalar)

    def choose_markdown(
        self, price_ratios: ArrayLike, *, elasticity: ArrayLike
    ) -> float | FloatArray:
        r"""The shallowest markdown on a price ladder that reaches the required rate.

        Under constant elasticity $\varepsilon$, a price ratio $m$
        multiplies the sales rate by $m^{\varepsilon}$. Each SKU gets the
        largest ratio on the ladder (the smallest markdown) with
        $m^{\varepsilon} \ge s^*/s$; 1.0 (no markdown) when no markdown is
        needed, the deepest step when none is enough.

        Parameters
        ----------
        price_ratios : array_like
            The ladder of allowed price ratios, each in (0, 1], e.g.
            ``[0.9, 0.8, 0.7, 0.5]``. [-]
        elasticity : float or array_like
            Price elasticity of the SKUs, signed, ``< 0`` (scalar or one per SKU). [-]

        Returns
        -------
        float or ndarray of float64
            The chosen price ratio per SKU. [-]

        Examples
        --------
        >>> proj = markdown_projection(1000, 16, 2, 825, 150)
        >>> proj.choose_markdown([0.9, 0.8, 0.7, 0.5], elasticity=-2.0)
        0.8
        """
        steps = as_float_array(price_ratios, "price_ratios", ndim=1)
        raise_at("price_ratios", "be in (0, 1]", (steps <= 0) | (steps > 1), steps)
        if steps.size == 0:
            raise InvalidInputError("price_ratios must hold at least one price ratio")
        e = as_float_array(elasticity, "elasticity")
        raise_at("elasticity", "be < 0", e >= 0, e)
        steps = np.sort(steps)[::-1]
        need = np.asarray(self.required_rate_multiplier, dtype=np.float64)
        e, need = broadcast(elasticity=e, required_rate_multiplier=need)
        lift = np.power(steps[None, :], e.reshape(-1, 1))  # (n, k), rising along k
        ok = lift >= need.reshape(-1, 1)
        first = np.where(ok.any(axis=1), ok.argmax(axis=1), steps.size - 1)
        chosen = np.where(need.reshape(-1) <= 1.0, 1.0, steps[first]).reshape(need.shape)
        out: float | FloatArray = to_output(chosen, self._is_one() and e.ndim == 0)
        return out

    def _aligned(self, ndim: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        out = []
        for name in ("weekly_sell_through_rate", "remaining_sell_through", "weeks_left"):
            v = np.asarray(getattr(self, name), dtype=np.float64)
            if v.ndim == 1 and ndim > 1:
                v = v.reshape((-1,) + (1,) * (ndim - 1))
            out.append(v)
        return out[0], out[1], out[2]


def markdown_projection(
    initial_inventory: ArrayLike,
    season_weeks: ArrayLike,
    current_week: ArrayLike,
    inventory_now: ArrayLike,
    target_end_inventory: ArrayLike,
) -> MarkdownProjection:
    r"""Project end-of-season stock from the sell-through so far (Walker 1999).

    A seasonal item bought once sells a roughly constant share $s$ of
    the stock on hand each week, so stock decays geometrically,
    $I_t = I_0 (1 - s)^t$. From the stock after $t$ of $T$
    weeks:

    $$
    s = 1 - (I_t / I_0)^{1/t}, \qquad
    \hat I_T = I_t (1 - s)^{T - t}, \qquad
    s^* = 1 - (I^* / I_t)^{1/(T - t)}
    $$

    and the sales rate must be multiplied by $s^*/s$ to end at the
    target $I^*$ (a salvage or clearance quantity). The result's
    `break_even_multiplier` and
    `choose_markdown` turn that into a price-ladder
    decision.

    Parameters
    ----------
    initial_inventory : float or array_like
        Stock at the start of the season, ``> 0``. [units]
    season_weeks : float or array_like
        Length of the selling season, ``> current_week``. [weeks]
    current_week : float or array_like
        Weeks sold so far, ``> 0``. [weeks]
    inventory_now : float or array_like
        Stock on hand now, in [0, initial_inventory]. [units]
    target_end_inventory : float or array_like
        Acceptable stock at the season's end, ``>= 0``. [units]

    Returns
    -------
    MarkdownProjection
        Scalars for scalar inputs, columns (one per SKU) for arrays.

    Raises
    ------
    InvalidInputError
        For non-finite or out-of-range inputs.

    Notes
    -----
    A target of 0 needs $s^* = 1$ (everything sells next week), since
    geometric decay never reaches zero; use the quantity you would clear or
    salvage. inventorize's ``possible_markdowns`` computes the same projection
    and classifies an item as "Slow moving" when the projection is at or above
    the target; ``needs_markdown`` uses strictly above.

    References
    ----------
    1. Walker, J. (1999), "A model for determining price markdowns of
       seasonal merchandise", *Journal of Product & Brand Management* 8(4),
       352-361, doi:10.1108/10610429910284300.

    Examples
    --------
    1,000 units for a 16-week season, 825 left after 2 weeks, 150 acceptable at
    the end (inventorize's ``possible_markdowns`` example):

    >>> proj = markdown_projection(1000, 16, 2, 825, 150)
    >>> round(proj.projected_end_inventory, 4), round(proj.required_rate_multiplier, 4)
    (214.6009, 1.2501)
    >>> markdown_projection([1000, 500], 16, 2, [825, 300], 150).needs_markdown
    array([ True, False])
    """
    names = (
        "initial_inventory",
        "season_weeks",
        "current_week",
        "inventory_now",
        "target_end_inventory",
    )
    inputs = (initial_inventory, season_weeks, current_week, inventory_now, target_end_inventory)
    scalar = all_scalar(*inputs)
    arrays = {n: as_float_array(v, n) for n, v in zip(names, inputs, strict=True)}
    for n, a in arrays.items():
        if a.ndim > 1:
            raise InvalidInputError(f"{n} must be a scalar or 1-dimensional; got shape {a.shape}")
    i0, weeks, t, it, target = broadcast(**arrays)
    if i0.ndim > 1:
        raise InvalidInputError(f"inputs must be scalars or 1-dimensional; got shape {i0.shape}")
    raise_at("initial_inventory", "be > 0", i0 <= 0, i0)
    raise_at("current_week", "be > 0", t <= 0, t)
    raise_at("season_weeks", "be > current_week", weeks <= t, weeks)
    raise_at("inventory_now", "be >= 0", it < 0, it)
    raise_at("inventory_now", "be <= initial_inventory", it > i0, it)
    raise_at("target_end_inventory", "be >= 0", target < 0, target)
    left = weeks - t
    retention = np.power(it / i0, 1.0 / t)
    s = 1.0 - retention
    projected = it * np.power(retention, left)
    with np.errstate(divide="ignore", invalid="ignore"):
        s_star = np.where(
            target >= it, 0.0, 1.0 - np.power(np.where(it > 0, target / it, 1.0), 1.0 / left)
        )
        multiplier = np.where(s > 0, s_star / s, np.where(s_star > 0, np.inf, 0.0))
    remaining = 1.0 - np.power(retention, left)
    columns = (s, projected, s_star, multiplier, projected > target, remaining, left)
    return MarkdownProjection(*(v.item() if scalar else np.array(v, copy=True) for v in columns))


# ---------------------------------------------------------------------------
# Van Westendorp price sensitivity meter
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class PriceSensitivityCurves(Table):
    """The cumulative curves of a price-sensitivity survey, for plotting.

    One row per distinct price answered; each curve is a share of the
    respondents. ``share_too_cheap`` and ``share_cheap`` count those whose
    threshold is at or *above* the price (they fall as the price rises);
    ``share_expensive`` and ``share_too_expensive`` those whose threshold is
    at or *below* it (they rise); ``share_not_cheap`` and
    ``share_not_expensive`` are their complements.

    Examples
    --------
    >>> res = van_westendorp([1, 2], [3, 4], [5, 6], [7, 8])
    >>> res.curves.column_names[:3]
    ('price', 'share_too_cheap', 'share_not_cheap')
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=("price",),
        share=(
            "share_too_cheap",
            "share_not_cheap",
            "share_cheap",
            "share_expensive",
            "share_not_expensive",
            "share_too_expensive",
        ),
    )

    price: FloatArray
    share_too_cheap: FloatArray
    share_not_cheap: FloatArray
    share_cheap: FloatArray
    share_expensive: FloatArray
    share_not_expensive: FloatArray
    share_too_expensive: FloatArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class VanWestendorpResult(Result):
    """The four price points of a Van Westendorp price-sensitivity survey.

    Attributes
    ----------
    point_of_marginal_cheapness : float
        PMC: "too cheap" crosses "not cheap"; the low end of the acceptable
        range. [currency]
    optimal_price_point : float
        OPP: "too cheap" crosses "too expensive". [currency]
    indifference_price_point : float
        IPP: "cheap" crosses "expensive". [currency]
    point_of_marginal_expensiveness : float
        PME: "too expensive" crosses "not expensive"; the high end of the
        acceptable range. [currency]
    curves : PriceSensitivityCurves
        The curves at every answered price.
    n_respondents : int
        Respondents used.
    n_inconsistent : int
        Respondents dropped for answers out of order.

    Examples
    --------
    >>> res = van_westendorp([1, 2], [3, 4], [5, 6], [7, 8])
    >>> res.acceptable_range
    (3.0, 6.0)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=(
            "point_of_marginal_cheapness",
            "optimal_price_point",
            "indifference_price_point",
            "point_of_marginal_expensiveness",
        ),
        count=(
            "n_respondents",
            "n_inconsistent",
        ),
    )

    point_of_marginal_cheapness: float
    optimal_price_point: float
    indifference_price_point: float
    point_of_marginal_expensiveness: float
    curves: PriceSensitivityCurves
    n_respondents: int
    n_inconsistent: int

    @property
    def acceptable_range(self) -> tuple[float, float]:
        """``(PMC, PME)``, the range of acceptable prices. [currency]"""
        return (self.point_of_marginal_cheapness, self.point_of_marginal_expensiveness)


def _crossing(grid: FloatArray, falling: FloatArray, rising: FloatArray) -> float:
    """Lowest price where the rising curve meets the falling one (linear between prices)."""
    diff = rising - falling  # non-decreasing
    i = int(np.argmax(diff >= 0))
    if i == 0:
        return float(grid[0])
    x0, x1, d0, d1 = grid[i - 1], grid[i], diff[i - 1], diff[i]
    return float(x0 + (x1 - x0) * (-d0) / (d1 - d0))


def van_westendorp(
    too_cheap: ArrayLike,
    cheap: ArrayLike,
    expensive: ArrayLike,
    too_expensive: ArrayLike,
    *,
    inconsistent: InconsistentAnswers = "drop",
) -> VanWestendorpResult:
    r"""Van Westendorp's price sensitivity meter: the acceptable price range.

    Each respondent names four prices: too cheap (quality doubtful), cheap (a
    bargain), expensive (but still considered) and too expensive. At each
    price $p$ the curves are the shares

    $$
    TC(p) = \Pr[x_{tc} \ge p], \quad C(p) = \Pr[x_c \ge p], \quad
    E(p) = \Pr[x_e \le p], \quad TE(p) = \Pr[x_{te} \le p]
    $$

    (the "cheap" curves inverted: at a price at or below my threshold I find
    it cheap), and the four points are where they cross: PMC
    ($TC = 1 - C$), OPP ($TC = TE$), IPP ($C = E$) and PME
    ($TE = 1 - E$). The curves are evaluated at every answered price and
    joined linearly; each crossing is the lowest price where the rising curve
    reaches the falling one, interpolated between the two answered prices
    around it.

    Parameters
    ----------
    too_cheap, cheap, expensive, too_expensive : array_like
        One answer per respondent each, same length, ``>= 0``. [currency]
    inconsistent : {"drop", "raise"}
        Respondents whose answers are not strictly increasing (too cheap <
        cheap < expensive < too expensive) are dropped (default, the usual
        practice) or raise.

    Returns
    -------
    VanWestendorpResult
        The four points, the curves and the respondent counts.

    Raises
    ------
    InvalidInputError
        For non-finite or negative answers, arrays of different lengths, fewer
        than 2 consistent respondents, or (``"raise"``) an inconsistent one.

    Notes
    -----
    R's ``pricesensitivitymeter::psm_analysis`` inverts with $1 -
    \mathrm{ECDF}(p) = \Pr[x > p]$ and takes the first answered price at which
    the curves have crossed, without interpolation; the two agree as samples
    grow, and differ by up to one price step in small ones.

    References
    ----------
    1. Van Westendorp, P. H. (1976), "NSS-Price Sensitivity Meter (PSM): a
       new approach to study consumer perception of prices", *Proceedings of
       the ESOMAR 29th Congress*, Venice, 139-167.
    2. Alletsee, M. (2024), *pricesensitivitymeter: Van Westendorp Price
       Sensitivity Meter Analysis*, R package, CRAN.

    Examples
    --------
    >>> res = van_westendorp(
    ...     too_cheap=[5, 6, 7, 8, 10], cheap=[8, 9, 10, 11, 12],
    ...     expensive=[12, 14, 15, 16, 18], too_expensive=[15, 18, 20, 22, 25])
    >>> res.point_of_marginal_cheapness, res.optimal_price_point
    (9.0, 11.0)
    >>> res.indifference_price_point, res.point_of_marginal_expensiveness
    (12.0, 16.0)
    """
    check_option(inconsistent, "inconsistent", INCONSISTENT_ANSWERS)
    names = ("too_cheap", "cheap", "expensive", "too_expensive")
    cols = [
        amount_array(v, name, ndim=1)
        for v, name in zip((too_cheap, cheap, expensive, too_expensive), names, strict=True)
    ]
    lengths = {c.shape[0] for c in cols}
    if len(lengths) > 1:
        shown = ", ".join(f"{k} has {c.shape[0]}" for k, c in zip(names, cols, strict=True))
        raise InvalidInputError(f"answers must have one length per respondent; {shown}")
    for name, col in zip(names, cols, strict=True):
        raise_at(name, "be >= 0", col < 0, col)
    tc, c, e, te = cols
    ok = (tc < c) & (c < e) & (e < te)
    if inconsistent == "raise":
        raise_at(
            "answers", "be strictly increasing (too_cheap < cheap < expensive < too_expensive)",
            ~ok, np.stack(cols, axis=1),
        )  # fmt: skip
    n_bad = int((~ok).sum())
    tc, c, e, te = tc[ok], c[ok], e[ok], te[ok]
    n = int(tc.shape[0])
    if n < 2:
        raise InvalidInputError(
            f"van_westendorp needs at least 2 consistent respondents; got {n} "
            f"({n_bad} dropped for answers out of order)"
        )
    grid = np.unique(np.concatenate([tc, c, e, te]))
    srt = [np.sort(x) for x in (tc, c, e, te)]
    at_or_above = [(n - np.searchsorted(x, grid, side="left")) / n for x in srt[:2]]
    at_or_below = [np.searchsorted(x, grid, side="right") / n for x in srt[2:]]
    curve_tc, curve_c = at_or_above
    curve_e, curve_te = at_or_below
    curves = PriceSensitivityCurves(
        price=grid,
        share_too_cheap=curve_tc,
        share_not_cheap=1.0 - curve_c,
        share_cheap=curve_c,
        share_expensive=curve_e,
        share_not_expensive=1.0 - curve_e,
        share_too_expensive=curve_te,
    )
    return VanWestendorpResult(
        point_of_marginal_cheapness=_crossing(grid, curve_tc, 1.0 - curve_c),
        optimal_price_point=_crossing(grid, curve_tc, curve_te),
        indifference_price_point=_crossing(grid, curve_c, curve_e),
        point_of_marginal_expensiveness=_crossing(grid, 1.0 - curve_e, curve_te),
        curves=curves,
        n_respondents=n,
        n_inconsistent=n_bad,
    )


# ---------------------------------------------------------------------------
# Competitive price index
# ---------------------------------------------------------------------------


@overload
def price_index(
    own_prices: ArrayLike,
    competitor_prices: ArrayLike,
    *,
    weights: ArrayLike | None = ...,
    method: PriceIndexMethod = ...,
    reference: PriceIndexReference = ...,
    categories: None = ...,
) -> float: ...
@overload
def price_index(
    own_prices: ArrayLike,
    competitor_prices: ArrayLike,
    *,
    weights: ArrayLike | None = ...,
    method: PriceIndexMethod = ...,
    reference: PriceIndexReference = ...,
    categories: ArrayLike,
) -> PriceIndexTable: ...
def price_index(
    own_prices: ArrayLike,
    competitor_prices: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    method: PriceIndexMethod = "geometric",
    reference: PriceIndexReference = "mean",
    categories: ArrayLike | None = None,
) -> float | PriceIndexTable:
    r"""Competitive price index: own prices relative to competitors', 100 = parity.

    With price relatives $r_i = p_i / \bar p_i$ against each SKU's
    competitor reference price $\bar p_i$ and weights $w_i$:

    $$
    I_{geo} = 100 \prod_i r_i^{w_i / \sum w}, \qquad
    I_{arith} = 100 \frac{\sum_i w_i r_i}{\sum_i w_i}, \qquad
    I_{agg} = 100 \frac{\sum_i w_i p_i}{\sum_i w_i \bar p_i}
    $$

    An index of 103 means 3% more expensive than the competition.

    Parameters
    ----------
    own_prices : array_like, shape (n,)
        Own price per SKU, ``> 0``. [currency/unit]
    competitor_prices : array_like, shape (n,) or (n, k)
        Competitor prices per SKU, one column per competitor; NaN where a
        competitor does not sell the SKU. SKUs without any competitor price are
        left out. [currency/unit]
    weights : array_like, shape (n,), optional
        Importance of each SKU, ``>= 0``: revenue shares for the geometric and
        arithmetic means, quantities for ``"aggregate"``. Default equal.
    method : {"geometric", "arithmetic", "aggregate"}
        ``"geometric"`` (default): weighted geometric mean of the relatives,
        symmetric (swapping own and competitor prices inverts the index) and
        free of the upward bias of the arithmetic mean; ``"arithmetic"``: the
        weighted mean of relatives; ``"aggregate"``: ratio of weighted price
        sums (a basket comparison).
    reference : {"mean", "min", "median"}
        How several competitor prices make a SKU's reference price; default
        ``"mean"``; ``"min"`` compares against the cheapest offer.
    categories : array_like, shape (n,), optional
        Category of each SKU: returns one index per category.

    Returns
    -------
    float or PriceIndexTable
        The index; with ``categories``, a table with columns ``category``,
        ``price_index`` and ``n_skus``. [index points]

    Raises
    ------
    InvalidInputError
        For non-positive or non-finite own prices, negative competitor prices
        or weights, or no SKU with a competitor price (in the whole input or in
        a category).

    References
    ----------
    1. ILO, IMF, OECD, UNECE, Eurostat and World Bank (2004), *Consumer
       Price Index Manual: Theory and Practice*, ch. 20 (elementary indices:
       Jevons, Carli and Dutot), doi:10.5089/9781589063136.069.

    Examples
    --------
    >>> round(price_index([110, 90], [100, 100]), 2)
    99.5
    >>> round(price_index([110, 90], [100, 100], method="arithmetic"), 2)
    100.0
    >>> round(price_index([10.0], [[9.0, 11.0, np.nan]], reference="min"), 2)
    111.11
    """
    check_option(method, "method", PRICE_INDEX_METHODS)
    check_option(reference, "reference", PRICE_INDEX_REFERENCES)
    money_currency(own_prices, competitor_prices)  # money prices: one currency
    own = amount_array(own_prices, "own_prices", ndim=1)
    raise_at("own_prices", "be > 0", own <= 0, own)
    comp = amount_array(competitor_prices, "competitor_prices", allow_nan=True)
    if comp.ndim == 1:
        comp = comp[:, None]
    if comp.ndim != 2 or comp.shape[0] != own.shape[0]:
        raise InvalidInputError(
            f"competitor_prices must have shape ({own.shape[0]},) or ({own.shape[0]}, k); "
            f"got {comp.shape}"
        )
    raise_at("competitor_prices", "be > 0", comp <= 0, comp)
    has = ~np.isnan(comp).all(axis=1)
    ref = np.full(own.shape, np.nan)
    if has.any():
        rows = comp[has]
        if reference == "mean":
            ref[has] = np.nanmean(rows, axis=1)
        elif reference == "min":
            ref[has] = np.nanmin(rows, axis=1)
        else:
            ref[has] = np.nanmedian(rows, axis=1)
    w = np.ones(own.shape) if weights is None else as_float_array(weights, "weights", ndim=1)
    if w.shape != own.shape:
        raise InvalidInputError(
            f"weights must have one value per SKU ({own.shape[0]}); got {w.shape[0]}"
        )
    raise_at("weights", "be >= 0", w < 0, w)
    if categories is None:
        g: IntArray = np.zeros(own.shape, dtype=np.int64)
        labels: np.ndarray | None = None
    else:
        labels_in = np.asarray(categories)
        if labels_in.shape != own.shape:
            raise InvalidInputError("categories must have one label per SKU")
        labels, inv = np.unique(labels_in, return_inverse=True)
        g = inv.reshape(-1).astype(np.int64)
    n_groups = 1 if labels is None else int(labels.shape[0])
    wk = np.where(has, w, 0.0)
    wsum = np.bincount(g, weights=wk, minlength=n_groups)
    n_skus = np.bincount(g, weights=has.astype(np.float64), minlength=n_groups)
    where = "" if labels is None else " in a category"
    raise_at(
        "competitor_prices",
        f"give at least one SKU with a competitor price and a positive weight{where}",
        wsum <= 0,
        wsum,
    )
    rel = np.where(has, own / np.where(has, ref, 1.0), 1.0)
    if method == "geometric":
        value = 100.0 * np.exp(np.bincount(g, weights=wk * np.log(rel), minlength=n_groups) / wsum)
    elif method == "arithmetic":
        value = 100.0 * np.bincount(g, weights=wk * rel, minlength=n_groups) / wsum
    else:
        num = np.bincount(g, weights=wk * own, minlength=n_groups)
        den = np.bincount(g, weights=wk * np.where(has, ref, 0.0), minlength=n_groups)
        value = 100.0 * num / den
    if labels is None:
        return float(value[0])
    return PriceIndexTable(category=labels, price_index=value, n_skus=n_skus.astype(np.int64))


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class PriceIndexTable(Table):
    """Price index per category: the result of `price_index` with ``categories``.

    Attributes
    ----------
    category : ndarray
        The sorted category labels.
    price_index : ndarray of float64
        The price index of the category; 100 is parity. [index points]
    n_skus : ndarray of int64
        SKUs of the category with at least one competitor price.

    Examples
    --------
    >>> table = price_index([110, 90, 10], [100, 100, 10], categories=["tea", "tea", "snacks"])
    >>> table.category, table.price_index.round(2)
    (array(['snacks', 'tea'], dtype='<U6'), array([100. ,  99.5]))
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(count=("n_skus",))

    category: np.ndarray
    price_index: FloatArray
    n_skus: np.ndarray
