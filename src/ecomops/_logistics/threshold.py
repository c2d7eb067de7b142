r"""Free-shipping threshold economics under an explicit top-up model (private)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Annotated, ClassVar, Protocol, runtime_checkable

import numpy as np
from pydantic import Field

from ecomops._core.models import EcomopsModel
from ecomops._core.results import Display, Table, display_kinds
from ecomops._core.typing import ArrayLike, FloatArray
from ecomops._core.validation import as_float_array, as_real_scalar, broadcast, raise_at, series_io
from ecomops.exceptions import InvalidInputError

__all__ = [
    "ExponentialTopUp",
    "ThresholdAnalysis",
    "TopUpModel",
    "free_shipping_threshold",
]


@runtime_checkable
class TopUpModel(Protocol):
    """How shoppers below a free-shipping threshold react: the pluggable behaviour model.

    Any object with these two vectorised methods works; `ExponentialTopUp`
    is the built-in one.

    Examples
    --------
    >>> isinstance(ExponentialTopUp(), TopUpModel)
    True
    """

    def probability(self, gap: FloatArray, basket: FloatArray) -> FloatArray:
        """Probability of adding items to reach the threshold, in [0, 1]."""
        ...  # pragma: no cover - protocol

    def added_value(self, gap: FloatArray, basket: FloatArray) -> FloatArray:
        """Expected basket value added by a shopper who tops up (at least ``gap``)."""
        ...  # pragma: no cover - protocol


class ExponentialTopUp(EcomopsModel):
    r"""Top-up probability decaying with the gap to the threshold.

    $$
    p(g) = p_0\, e^{-g / s}, \qquad \text{added}(g) = g\,(1 + o)
    $$

    Attributes
    ----------
    max_probability : float
        $p_0$, the top-up probability of a shopper right at the threshold; default 0.5.
    scale : float
        $s$, the gap at which the probability falls to $p_0/e$; default
        30 (currency units: ¥30). [currency]
    overshoot : float
        $o$, how far past the threshold a topping-up shopper lands, as a
        fraction of the gap; default 0.1.

    References
    ----------
    1. Lewis, M., Singh, V. and Fay, S. (2006), "An empirical study of the
       impact of nonlinear shipping and handling fees on purchase incidence and
       expenditure decisions", *Marketing Science* 25(1), 51-64,
       doi:10.1287/mksc.1050.0150 (order sizes bunch just above thresholds).

    Examples
    --------
    >>> m = ExponentialTopUp(max_probability=0.5, scale=30.0)
    >>> import numpy as np
    >>> m.probability(np.array([0.0, 30.0]), np.array([99.0, 69.0])).round(4).tolist()
    [0.5, 0.1839]
    """

    max_probability: Annotated[float, Field(ge=0, le=1)] = 0.5
    scale: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 30.0
    overshoot: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.1

    @series_io
    def probability(self, gap: FloatArray, basket: FloatArray) -> FloatArray:
        """$p_0 e^{-g/s}$ for ``gap >= 0``; a negative gap is refused.

        Examples
        --------
        >>> import numpy as np
        >>> ExponentialTopUp(max_probability=1.0, scale=10.0).probability(
        ...     np.array([10.0]), np.array([50.0])).round(4).tolist()
        [0.3679]
        """
        return np.asarray(self.max_probability * np.exp(-_gap_of(gap, basket) / self.scale))

    @series_io
    def added_value(self, gap: FloatArray, basket: FloatArray) -> FloatArray:
        """$g (1 + o)$.

        Examples
        --------
        >>> import numpy as np
        >>> ExponentialTopUp(overshoot=0.1).added_value(np.array([20.0]), np.array([79.0])).tolist()
        [22.0]
        """
        return np.asarray(_gap_of(gap, basket) * (1.0 + self.overshoot))


def _gap(gap: ArrayLike) -> FloatArray:
    """The gap to the threshold, numeric and >= 0 (NaN propagates).

    A negative gap (a basket already over the threshold) would give a
    probability above ``max_probability``, even above 1.
    """
    g = as_float_array(gap, "gap", allow_nan=True)
    with np.errstate(invalid="ignore"):
        raise_at("gap", "be >= 0 (a basket below the threshold)", g < 0, g)
    return g


def _gap_of(gap: ArrayLike, basket: ArrayLike) -> FloatArray:
    """The gap (see `_gap`), NaN where the basket is missing.

    The built-in model does not use the basket's value, but a NaN basket is a
    shopper whose basket is unknown: the answer for them is NaN, not a number
    read off the gap alone. A basket that is not numeric is refused by name.
    """
    g = _gap(gap)
    b = as_float_array(basket, "basket", allow_nan=True)
    g, b = broadcast(gap=g, basket=b)
    return np.where(np.isnan(b), np.nan, g)


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class ThresholdAnalysis(Table):
    """Expected economics of each candidate free-shipping threshold (one row each).

    Attributes
    ----------
    threshold : ndarray
        Candidate threshold. [currency]
    expected_margin : ndarray
        Expected total margin over the baskets, after shipping cost and fees. [currency]
    margin_uplift : ndarray
        ``expected_margin`` minus the no-free-shipping baseline. [currency]
    free_shipping_share : ndarray
        Expected share of completed orders shipped free. [-]
    top_up_rate : ndarray
        Expected share of below-threshold shoppers who top up. [-]
    expected_orders : ndarray
        Expected completed orders (baskets minus abandonments). [orders]
    average_order_value : ndarray
        Expected value per completed order. [currency]
    baseline_margin : float
        Expected margin when everyone pays the fee. [currency]

    Examples
    --------
    >>> a = free_shipping_threshold([50.0, 80.0, 120.0], [99.0], margin_rate=0.4,
    ...                             shipping_cost=8.0, shipping_fee=10.0)
    >>> a.threshold.tolist(), round(a.baseline_margin, 2)
    ([99.0], 106.0)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=(
            "threshold",
            "expected_margin",
            "margin_uplift",
            "average_order_value",
            "baseline_margin",
        ),
        share=(
            "free_shipping_share",
            "top_up_rate",
        ),
    )

    threshold: FloatArray
    expected_margin: FloatArray
    margin_uplift: FloatArray
    free_shipping_share: FloatArray
    top_up_rate: FloatArray
    expected_orders: FloatArray
    average_order_value: FloatArray
    baseline_margin: float

    @property
    def best_threshold(self) -> float:
        """The threshold with the highest expected margin (the lowest on ties). [currency]

        Examples
        --------
        >>> a = free_shipping_threshold([50.0, 80.0, 120.0], [59.0, 99.0], margin_rate=0.4,
        ...                             shipping_cost=8.0, shipping_fee=10.0)
        >>> a.best_threshold
        99.0
        """
        return float(self.threshold[int(np.argmax(self.expected_margin))])


def free_shipping_threshold(
    basket_values: ArrayLike,
    thresholds: ArrayLike,
    *,
    margin_rate: float | ArrayLike,
    shipping_cost: float | ArrayLike,
    shipping_fee: float,
    top_up: TopUpModel | None = None,
    abandon_rate: float = 0.0,
) -> ThresholdAnalysis:
    r"""Expected margin of candidate free-shipping thresholds (¥99 包邮, $35 free shipping).

    For a basket of value $b$, margin rate $m$, shipping cost
    $c$, fee $f$ (charged below the threshold), abandonment rate
    $a$ when a fee is charged, and a top-up model $(p, A)$ of the
    gap $g = T - b$:

    $$
    \pi_T(b) = \begin{cases}
        m b - c & b \ge T \\
        p(g)\,\big(m (b + A(g)) - c\big) + (1 - p(g))(1 - a)(m b + f - c) & b < T
    \end{cases}
    $$

    and the baseline (no free shipping) is $(1 - a)(m b + f - c)$.

    Parameters
    ----------
    basket_values : array_like, shape (n,)
        Basket values as shoppers would check out with a fee (e.g. the sample
        shop's order amounts), ``> 0``. [currency]
    thresholds : array_like, shape (k,)
        Candidate thresholds, ``> 0``. [currency]
    margin_rate : float or array_like, shape (n,)
        Gross margin per unit of basket value, in [0, 1] (also earned on
        topped-up value). [-]
    shipping_cost : float or array_like, shape (n,)
        What shipping the order costs the shop (e.g. a `shop_rates` cost). [currency]
    shipping_fee : float
        Fee charged to shoppers below the threshold, ``>= 0``. [currency]
    top_up : TopUpModel, optional
        Behaviour below the threshold; default `ExponentialTopUp()`.
    abandon_rate : float
        Share of shoppers who abandon when charged a fee, in [0, 1]; default 0.

    Returns
    -------
    ThresholdAnalysis
        One row per threshold, in the order given.

    Raises
    ------
    InvalidInputError
        For non-positive baskets or thresholds, rates outside [0, 1], a negative
        fee, or a top-up model returning probabilities outside [0, 1] or an added
        value below the gap.

    Notes
    -----
    Shipping cost is taken as unchanged by a top-up (the parcel class rarely
    changes for a few extra items); a shopper's decision is independent of
    others. Analytics stay float64: the result is an expectation, not an
    invoice.

    References
    ----------
    1. Lewis, M., Singh, V. and Fay, S. (2006), "An empirical study of the
       impact of nonlinear shipping and handling fees on purchase incidence and
       expenditure decisions", *Marketing Science* 25(1), 51-64,
       doi:10.1287/mksc.1050.0150.
    2. Lewis, M. (2006), "The effect of shipping fees on customer acquisition,
       customer retention, and purchase quantities", *Journal of Retailing* 82(1),
       13-23, doi:10.1016/j.jretai.2005.11.005.

    Examples
    --------
    >>> a = free_shipping_threshold([50.0, 80.0, 120.0], [59.0, 99.0], margin_rate=0.4,
    ...                             shipping_cost=8.0, shipping_fee=10.0,
    ...                             top_up=ExponentialTopUp(max_probability=0.6, scale=25.0))
    >>> a.expected_margin.round(2).tolist(), a.best_threshold
    ([83.47, 96.52], 99.0)
    """
    b = as_float_array(basket_values, "basket_values", ndim=1)
    raise_at("basket_values", "be > 0", ~(b > 0), b)
    t = as_float_array(thresholds, "thresholds", ndim=1)
    raise_at("thresholds", "be > 0", ~(t > 0), t)
    n = b.size
    m = np.broadcast_to(as_float_array(margin_rate, "margin_rate"), (n,)) if n else np.zeros(0)
    raise_at("margin_rate", "be in [0, 1]", (m < 0) | (m > 1), m)
    c = np.broadcast_to(as_float_array(shipping_cost, "shipping_cost"), (n,)) if n else np.zeros(0)
    raise_at("shipping_cost", "be >= 0", c < 0, c)
    shipping_fee = as_real_scalar(shipping_fee, "shipping_fee")
    abandon_rate = as_real_scalar(abandon_rate, "abandon_rate")
    if not (np.isfinite(shipping_fee) and shipping_fee >= 0):
        raise InvalidInputError(f"shipping_fee must be finite and >= 0; got {shipping_fee!r}")
    if not (0.0 <= abandon_rate <= 1.0):
        raise InvalidInputError(f"abandon_rate must be in [0, 1]; got {abandon_rate!r}")
    model: TopUpModel = top_up if top_up is not None else ExponentialTopUp()
    if not isinstance(model, TopUpModel):
        raise InvalidInputError(
            "top_up must have probability(gap, basket) and added_value(gap, basket)"
        )
    if n == 0:
        raise InvalidInputError("basket_values must not be empty")

    keep = 1.0 - abandon_rate
    pay_fee = keep * (m * b + shipping_fee - c)
    baseline = float(pay_fee.sum())
    gap = t[:, None] - b[None, :]  # (k, n)
    below = gap > 0
    g = np.where(below, gap, 0.0)
    bb = np.broadcast_to(b, gap.shape)
    p = np.asarray(model.probability(g, bb), dtype=np.float64)
    add = np.asarray(model.added_value(g, bb), dtype=np.float64)
    if p.shape != gap.shape or add.shape != gap.shape:
        raise InvalidInputError("top_up must return arrays shaped like the gap it is given")
    raise_at("top_up probability", "be in [0, 1]", below & ~((p >= 0) & (p <= 1)), p)
    raise_at("top_up added value", "be >= the gap", below & ~(add >= g * (1 - 1e-12)), add)
    p = np.where(below, p, 0.0)
    margin = np.where(
        below, p * (m * (b + add) - c) + (1 - p) * pay_fee, m * b - c
    )  # fmt: skip
    orders = np.where(below, p + (1 - p) * keep, 1.0)
    value = np.where(below, p * (b + add) + (1 - p) * keep * b, b)
    free = np.where(below, p, 1.0)
    n_below = below.sum(axis=1)
    expected_orders = orders.sum(axis=1)
    return ThresholdAnalysis(
        threshold=np.array(t, copy=True),
        expected_margin=margin.sum(axis=1),
        margin_uplift=margin.sum(axis=1) - baseline,
        free_shipping_share=free.sum(axis=1) / expected_orders,
        top_up_rate=np.where(n_below > 0, p.sum(axis=1) / np.maximum(n_below, 1), 0.0),
        expected_orders=expected_orders,
        average_order_value=value.sum(axis=1) / expected_orders,
        baseline_margin=baseline,
    )
