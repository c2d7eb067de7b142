r"""Price elasticity, demand (price-response) models and optimal prices (private).

Re-exported by `ecomops.pricing`. Every optimum here is a closed form:

* ``LinearDemand``: $d(p) = \alpha + \beta p$, optimum $(c - \alpha/\beta)/2$;
* ``ConstantElasticityDemand``: $d(p) = A p^{\varepsilon}$, optimum
  $c\,\varepsilon/(1+\varepsilon)$;
* ``ExponentialDemand``: $d(p) = A e^{\gamma p}$, optimum $c - 1/\gamma$;
* ``LogitDemand``: $d(p) = C/(1 + e^{a + b p})$, optimum
  $c + (1 + \omega(-1-a-bc))/b$,

where $\omega$ is the Wright omega function, $\omega(z) = W(e^z)$
(Lambert's W), which solves the logit's first-order condition exactly.
"""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Callable
from typing import Any, ClassVar, TypeAlias, overload

import numpy as np

from ecomops._core.typing import (
    ELASTICITY_METHODS,
    INFEASIBLE_POLICIES,
    ArrayLike,
    BoolArray,
    ElasticityMethod,
    FloatArray,
    InfeasiblePolicy,
    MoneyLike,
    Real,
)
from ecomops._core.validation import (
    as_float_array,
    broadcast,
    check_option,
    raise_at,
    read_only,
    read_only_copy,
    series_io,
    to_output,
)
from ecomops._money import Money, MoneyArray
from ecomops._pricing.common import (
    Record,
    all_scalar,
    amount_array,
    as_bounds,
    fee_total,
    handle_infeasible,
    money_currency,
)
from ecomops.exceptions import InvalidInputError

__all__ = [
    "ConstantElasticityDemand",
    "DemandModel",
    "ExponentialDemand",
    "LinearDemand",
    "LogitDemand",
    "optimal_price",
    "price_elasticity",
]

# ---------------------------------------------------------------------------
# Arc elasticity and the constant-elasticity shortcut
# ---------------------------------------------------------------------------


@overload
def price_elasticity(
    price_1: MoneyLike | Money,
    quantity_1: Real,
    price_2: MoneyLike | Money,
    quantity_2: Real,
    *,
    method: ElasticityMethod = ...,
) -> float: ...
@overload
def price_elasticity(
    price_1: ArrayLike | MoneyArray,
    quantity_1: ArrayLike,
    price_2: ArrayLike | MoneyArray,
    quantity_2: ArrayLike,
    *,
    method: ElasticityMethod = ...,
) -> FloatArray: ...
@series_io
def price_elasticity(
    price_1: MoneyLike | Money | ArrayLike | MoneyArray,
    quantity_1: ArrayLike,
    price_2: MoneyLike | Money | ArrayLike | MoneyArray,
    quantity_2: ArrayLike,
    *,
    method: ElasticityMethod = "midpoint",
) -> Any:
    r"""Price elasticity of demand between two observations, signed.

    Midpoint (arc) elasticity, the default, which gives the same answer in both
    directions:

    $$
    \varepsilon = \frac{(q_2 - q_1) / \tfrac{1}{2}(q_1 + q_2)}
                       {(p_2 - p_1) / \tfrac{1}{2}(p_1 + p_2)}
    $$

    and the simple (point-to-point) elasticity
    $\varepsilon = \frac{(q_2 - q_1)/q_1}{(p_2 - p_1)/p_1}$.

    Parameters
    ----------
    price_1, price_2 : float or array_like
        Prices before and after, ``> 0`` and different. [currency/unit]
    quantity_1, quantity_2 : float or array_like
        Quantities sold at those prices, ``>= 0`` (``quantity_1 > 0`` for
        ``"simple"``; not both 0 for ``"midpoint"``). [units/period]
    method : {"midpoint", "simple"}
        Formula; default ``"midpoint"``.

    Returns
    -------
    float, ndarray of float64 or Series
        The elasticity, **negative** for a normal good (sales fall when the
        price rises); ``-1.5`` is elastic, ``-0.5`` inelastic. NaN propagates. [-]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For non-positive prices, equal prices, negative quantities or a zero
        base quantity.

    References
    ----------
    1. Mankiw, N. G. (2021), *Principles of Economics*, 9th ed., Cengage,
       ch. 5, "The midpoint method: a better way to calculate percentage
       changes and elasticities".
    2. Allen, R. G. D. (1934), "The concept of arc elasticity of demand",
       *Review of Economic Studies* 1(3), 226-229, doi:10.2307/2967485.

    Examples
    --------
    >>> round(price_elasticity(44, 200_000, 36, 280_000), 4)
    -1.6667
    >>> price_elasticity(8, 110, 12, 90)
    -0.5
    >>> price_elasticity(4, 120, 6, 80, method="simple")
    -0.6666666666666666
    """
    check_option(method, "method", ELASTICITY_METHODS)
    scalar = all_scalar(price_1, quantity_1, price_2, quantity_2)
    money_currency(price_1, price_2)  # money prices: one currency
    p1 = amount_array(price_1, "price_1", allow_nan=True)
    p2 = amount_array(price_2, "price_2", allow_nan=True)
    q1 = as_float_array(quantity_1, "quantity_1", allow_nan=True)
    q2 = as_float_array(quantity_2, "quantity_2", allow_nan=True)
    for name, arr, rule, bad in (
        ("price_1", p1, "be > 0", p1 <= 0),
        ("price_2", p2, "be > 0", p2 <= 0),
        ("quantity_1", q1, "be >= 0", q1 < 0),
        ("quantity_2", q2, "be >= 0", q2 < 0),
    ):
        raise_at(name, rule, bad, arr)
    try:
        p1, p2, q1, q2 = np.broadcast_arrays(p1, p2, q1, q2)
    except ValueError:
        raise InvalidInputError(
            "price_1, quantity_1, price_2 and quantity_2 must broadcast"
        ) from None
    raise_at("price_2", "differ from price_1", p1 == p2, p2)
    if method == "midpoint":
        raise_at("quantity_1 + quantity_2", "be > 0", (q1 + q2) == 0, q1 + q2)
        out = ((q2 - q1) / (q1 + q2)) / ((p2 - p1) / (p1 + p2))
    else:
        raise_at("quantity_1", "be > 0 for method='simple'", q1 == 0, q1)
        out = ((q2 - q1) / q1) / ((p2 - p1) / p1)
    return to_output(np.asarray(out, dtype=np.float64), scalar)


@overload
def optimal_price(
    unit_cost: MoneyLike | Money, *, elasticity: Real, fee_rates: Real | tuple[Real, ...] = ...
) -> float: ...
@overload
def optimal_price(
    unit_cost: ArrayLike | MoneyArray,
    *,
    elasticity: ArrayLike,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = ...,
) -> FloatArray: ...
@series_io
def optimal_price(
    unit_cost: MoneyLike | Money | ArrayLike | MoneyArray,
    *,
    elasticity: ArrayLike,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = 0.0,
) -> Any:
    r"""Profit-maximising price under constant elasticity (the markup rule).

    With demand $d(p) = A p^{\varepsilon}$, profit
    $(p(1 - F) - c)\, d(p)$ is maximised at

    $$ p^* = \frac{c}{1 - F} \cdot \frac{\varepsilon}{1 + \varepsilon}, \qquad \varepsilon < -1 $$

    (the Lerner condition $(p - c)/p = -1/\varepsilon$). The shortcut of
    `ConstantElasticityDemand.optimal_price` for when only the elasticity
    is known.

    Parameters
    ----------
    unit_cost : float or array_like
        Variable cost per unit, ``> 0``. [currency/unit]
    elasticity : float or array_like
        Constant price elasticity, signed, ``< -1``. [-]
    fee_rates : float, array_like or tuple
        Fees as a fraction of the price (a tuple lists components, summed);
        default 0. [-]

    Returns
    -------
    float, ndarray of float64 or Series
        The optimal price, always above the unit cost. [currency/unit]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For a non-positive or non-finite unit cost or elasticity.
    InfeasibleProblemError
        Where the elasticity is ``>= -1``: profit then rises without bound with
        the price (inelastic demand has no finite optimum).

    References
    ----------
    1. Phillips, R. L. (2021), *Pricing and Revenue Optimization*, 2nd ed.,
       Stanford University Press, §5.2 (optimality condition: elasticity equals
       price over margin).
    2. Winston, W. L. and Albright, S. C. (2019), *Practical Management
       Science*, 6th ed., Cengage, ch. 7, pricing example (demand
       3,777,178 p^-2.154, unit cost $50).

    Examples
    --------
    >>> round(optimal_price(50, elasticity=-2.154), 2)
    93.33
    >>> optimal_price([10, 10], elasticity=[-2.0, -3.0])
    array([20., 15.])
    """
    scalar = all_scalar(unit_cost, elasticity, fee_rates=fee_rates)
    c = amount_array(unit_cost, "unit_cost")
    raise_at("unit_cost", "be > 0", c <= 0, c)
    e = as_float_array(elasticity, "elasticity")
    if e.ndim > 1:  # the model's own check would name its field, not this parameter
        raise InvalidInputError(f"elasticity must be a scalar or 1-dimensional; got {e.shape}")
    fee = fee_total(fee_rates)
    demand = ConstantElasticityDemand(1.0, e if e.ndim else float(e))
    out = demand.optimal_price(c if c.ndim else float(c), fee_rates=fee if fee.ndim else float(fee))
    return to_output(np.asarray(out, dtype=np.float64), scalar)


# ---------------------------------------------------------------------------
# Demand models
# ---------------------------------------------------------------------------

#: An unconstrained optimum: interior prices (NaN where none), where profit rises
#: for ever, where no price earns a profit, and why.
Optimum: TypeAlias = tuple[FloatArray, BoolArray, BoolArray, str]


def _as_param(value: Any, name: str) -> float | FloatArray:
    arr = as_float_array(value, name)
    if arr.ndim == 0:
        return float(arr)
    if arr.ndim != 1:
        raise InvalidInputError(f"{name} must be a scalar or 1-dimensional; got shape {arr.shape}")
    return read_only_copy(arr, np.float64)


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class DemandModel(Record, abc.ABC):
    """Base of the demand models: parameters are scalars (one SKU) or 1-D arrays.

    Every model has the methods below; the subclasses define the curve.
    `fit_demand` fills the fit statistics, ``None`` for a model built by
    hand.

    Attributes
    ----------
    sku : ndarray, optional
        The SKU label of each row of a fit with several SKUs.
    r_squared : float or ndarray, optional
        $R^2$ of the fitted quantities. [-]
    n_observations : int or ndarray, optional
        Observations behind each fit.

    Examples
    --------
    >>> def annual_profit(demand: DemandModel, price: float, unit_cost: float) -> float:
    ...     return 52 * demand.profit(price, unit_cost)
    >>> annual_profit(LinearDemand(100.0, -2.0), 30.0, 10.0)
    41600.0
    """

    _PARAMS: ClassVar[tuple[str, ...]] = ()
    #: Parameters that size the demand, positive in every model that has them.
    _POSITIVE: ClassVar[frozenset[str]] = frozenset({"scale", "market_size"})

    sku: np.ndarray | None = dataclasses.field(default=None, kw_only=True)
    r_squared: float | FloatArray | None = dataclasses.field(default=None, kw_only=True)
    n_observations: int | np.ndarray | None = dataclasses.field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        values = {}
        for name in self._PARAMS:
            value = _as_param(getattr(self, name), name)
            if name in self._POSITIVE:
                raise_at(name, "be > 0", np.asarray(value) <= 0, value)
            values[name] = value
        sizes = {np.size(v) for v in values.values() if isinstance(v, np.ndarray)}
        if len(sizes) > 1:
            shown = ", ".join(f"{k} {np.shape(v)}" for k, v in values.items())
            raise InvalidInputError(f"parameters must have one length; got {shown}")
        if sizes:
            n = sizes.pop()
            for name, value in values.items():
                if not isinstance(value, np.ndarray):
                    values[name] = read_only(np.full(n, value))
        for name, value in values.items():
            object.__setattr__(self, name, value)
        Record.__post_init__(self)

    # display order: the key, the parameters, their standard errors, the fit statistics
    def _field_order(self) -> tuple[str, ...]:
        errors = tuple(f"{name}_se" for name in self._PARAMS)
        return ("sku", *self._PARAMS, *errors, "r_squared", "n_observations", "converged")

    def _fields(self) -> dict[str, Any]:
        fields = Record._fields(self)
        return {name: fields[name] for name in self._field_order() if name in fields}

    @property
    def column_names(self) -> tuple[str, ...]:
        """Names of the columns: the key, the parameters, their errors, the statistics."""
        names = set(super(DemandModel, self).column_names)
        return tuple(name for name in self._field_order() if name in names)

    # parameter alignment ----------------------------------------------------
    @property
    def n_items(self) -> int | None:
        """Number of SKUs (None for a single demand curve with scalar parameters)."""
        first = getattr(self, self._PARAMS[0])
        return int(first.shape[0]) if isinstance(first, np.ndarray) else None

    def _aligned(self, ndim: int) -> list[FloatArray]:
        out = []
        for name in self._PARAMS:
            value = np.asarray(getattr(self, name), dtype=np.float64)
            if value.ndim == 1 and ndim > 1:
                value = value.reshape((-1,) + (1,) * (ndim - 1))
            out.append(value)
        return out

    def _prep(self, price: Any, name: str = "price") -> tuple[FloatArray, list[FloatArray], bool]:
        p = amount_array(price, name, allow_nan=True)
        raise_at(name, "be >= 0", p < 0, p)
        params = self._aligned(p.ndim)
        try:
            shape = np.broadcast_shapes(p.shape, *(q.shape for q in params))
        except ValueError:
            raise InvalidInputError(
                f"{name} of shape {p.shape} does not match {self.n_items} SKUs: give one price "
                "per SKU (n,), a grid per SKU (n, k) or a shared grid (1, k)"
            ) from None
        p = np.broadcast_to(p, shape)
        scalar = self.n_items is None and all_scalar(price)
        return p, params, scalar

    def _evaluate(
        self, price: Any, curve: Callable[[FloatArray, list[FloatArray]], FloatArray]
    ) -> Any:
        """``curve`` at ``price`` for every SKU: a float for one curve at one price."""
        p, params, scalar = self._prep(price)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            out = curve(p, params)
        return to_output(np.asarray(out, dtype=np.float64), scalar)

    # the model ---------------------------------------------------------------
    @abc.abstractmethod
    def _quantity(self, p: FloatArray, params: list[FloatArray]) -> FloatArray:
        """Demand at prices ``p`` for aligned parameters."""

    @abc.abstractmethod
    def _elasticity(self, p: FloatArray, params: list[FloatArray]) -> FloatArray:
        """Point elasticity at prices ``p`` for aligned parameters."""

    @abc.abstractmethod
    def _optimum(self, c: FloatArray, params: list[FloatArray]) -> Optimum:
        """Unconstrained optimum for effective unit cost ``c``.

        Returns the interior optimum (NaN where there is none), a mask where
        profit rises with the price for ever (the optimum is the upper bound),
        a mask where no price earns a profit, and the reason for the latter.
        """

    # public methods ------------------------------------------------------------
    @series_io
    def quantity(self, price: MoneyLike | ArrayLike | Money | MoneyArray) -> Any:
        """Demand at ``price``. [units/period]

        Parameters
        ----------
        price : float or array_like
            Price(s), ``>= 0``: a scalar, one per SKU ``(n,)``, a grid per SKU
            ``(n, k)`` or a shared grid ``(1, k)``. [currency/unit]

        Returns
        -------
        float, ndarray of float64 or Series
            Quantity demanded, ``>= 0``; NaN prices give NaN. [units/period]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> LinearDemand(100.0, -2.0).quantity([10.0, 60.0])
        array([80.,  0.])
        """
        return self._evaluate(price, self._quantity)

    @series_io
    def elasticity(self, price: MoneyLike | ArrayLike | Money | MoneyArray) -> Any:
        """Point price elasticity $d'(p)\\,p/d(p)$ at ``price``, signed. [-]

        Parameters
        ----------
        price : float or array_like
            Price(s), ``>= 0``, shaped as for `quantity`. [currency/unit]

        Returns
        -------
        float, ndarray of float64 or Series
            The elasticity, negative for a downward-sloping demand; ``-inf``
            where demand has dropped to zero. [-]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> LinearDemand(100.0, -2.0).elasticity(25.0)
        -1.0
        """
        return self._evaluate(price, self._elasticity)

    @series_io
    def revenue(self, price: MoneyLike | ArrayLike | Money | MoneyArray) -> Any:
        """Revenue $p\\,d(p)$. [currency/period]

        Parameters
        ----------
        price : float or array_like
            Price(s), shaped as for `quantity`. [currency/unit]

        Returns
        -------
        float, ndarray of float64 or Series
            Revenue at each price. [currency/period]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> LinearDemand(100.0, -2.0).revenue(25.0)
        1250.0
        """
        return self._evaluate(price, lambda p, params: p * self._quantity(p, params))

    @series_io
    def profit(
        self,
        price: MoneyLike | ArrayLike | Money | MoneyArray,
        unit_cost: MoneyLike | ArrayLike | Money | MoneyArray,
        *,
        fee_rates: ArrayLike | tuple[ArrayLike, ...] = 0.0,
    ) -> Any:
        """Contribution $(p(1 - F) - c)\\,d(p)$. [currency/period]

        Parameters
        ----------
        price : float or array_like
            Price(s), shaped as for `quantity`. [currency/unit]
        unit_cost : float or array_like
            Variable cost per unit, ``>= 0``, broadcasting with ``price``. [currency/unit]
        fee_rates : float, array_like or tuple
            Fees as a fraction of the price (a tuple lists components). [-]

        Returns
        -------
        float, ndarray of float64 or Series
            Contribution at each price. [currency/period]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> LinearDemand(100.0, -2.0).profit(30.0, 10.0)
        800.0
        """
        p, params, scalar = self._prep(price)
        money_currency(price, unit_cost)  # money amounts: one currency
        c = amount_array(unit_cost, "unit_cost", allow_nan=True)
        raise_at("unit_cost", "be >= 0", c < 0, c)
        fee = fee_total(fee_rates)
        scalar = scalar and c.ndim == 0 and fee.ndim == 0
        broadcast(price=p, unit_cost=c, fee_rates=fee)  # a shape error names its inputs
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            out = (p * (1.0 - fee) - c) * self._quantity(p, params)
        return to_output(np.asarray(out, dtype=np.float64), scalar)

    def revenue_maximizing_price(
        self,
        *,
        bounds: tuple[ArrayLike | Money | MoneyArray | None, ArrayLike | Money | MoneyArray | None]
        | None = None,
        infeasible: InfeasiblePolicy = "raise",
    ) -> float | FloatArray:
        """Price that maximises revenue $p\\,d(p)$ (closed form).

        Parameters
        ----------
        bounds : (float or array_like, float or array_like), optional
            Lowest and highest allowed price (``None`` for no bound); the
            optimum is clipped into them (every model's revenue is unimodal). [currency/unit]
        infeasible : {"raise", "nan"}
            What to do for SKUs without a finite optimum: raise
            `InfeasibleProblemError` (default) or
            give NaN for them.

        Returns
        -------
        float or ndarray of float64
            The revenue-maximising price per SKU. [currency/unit]

        Examples
        --------
        >>> LinearDemand(100.0, -2.0).revenue_maximizing_price()
        25.0
        """
        return self.optimal_price(0.0, bounds=bounds, infeasible=infeasible)

    def optimal_price(
        self,
        unit_cost: MoneyLike | ArrayLike | Money | MoneyArray,
        *,
        bounds: tuple[ArrayLike | Money | MoneyArray | None, ArrayLike | Money | MoneyArray | None]
        | None = None,
        min_margin_on_price: ArrayLike | None = None,
        fee_rates: ArrayLike | tuple[ArrayLike, ...] = 0.0,
        infeasible: InfeasiblePolicy = "raise",
    ) -> float | FloatArray:
        """Profit-maximising price (closed form), within bounds and a minimum margin.

        Maximises $(p(1 - F) - c)\\,d(p)$. Profit is unimodal in the
        price for all four models, so the bounded optimum is the unconstrained
        one clipped into ``[lower, upper]``.

        Parameters
        ----------
        unit_cost : float or array_like
            Variable cost per unit, ``>= 0``: a scalar or one per SKU. [currency/unit]
        bounds : (float or array_like, float or array_like), optional
            Lowest and highest allowed price (a price corridor, a MAP price);
            ``None`` for either means no bound. [currency/unit]
        min_margin_on_price : float or array_like, optional
            Minimum margin on price after fees; adds the lower bound
            $c / (1 - F - m)$. [-]
        fee_rates : float, array_like or tuple
            Fees as a fraction of the price (a tuple lists components); the
            optimum is that of the effective cost $c / (1 - F)$. [-]
        infeasible : {"raise", "nan"}
            For SKUs without a finite optimum (upward-sloping demand and no
            upper bound, unit cost above the choke price, bounds that exclude
            every profitable price): raise (default) or give NaN.

        Returns
        -------
        float or ndarray of float64
            The optimal price per SKU, never below the effective unit cost. [currency/unit]

        Raises
        ------
        InfeasibleProblemError
            With ``infeasible="raise"``, naming how many SKUs have no optimum and the first.

        Examples
        --------
        >>> LinearDemand(100.0, -2.0).optimal_price(10.0)
        30.0
        >>> LinearDemand(100.0, -2.0).optimal_price(10.0, bounds=(None, 27.9))
        27.9
        """
        check_option(infeasible, "infeasible", INFEASIBLE_POLICIES)
        money_currency(unit_cost, *(bounds or ()))  # money amounts: one currency
        c = amount_array(unit_cost, "unit_cost")
        raise_at("unit_cost", "be >= 0", c < 0, c)
        fee = fee_total(fee_rates)
        lo, hi = as_bounds(bounds)
        if min_margin_on_price is not None:
            m = as_float_array(min_margin_on_price, "min_margin_on_price")
            raise_at("fee_rates + min_margin_on_price", "be < 1", fee + m >= 1, fee + m)
            lo = np.maximum(lo, c / (1.0 - fee - m))
        ndim = max(c.ndim, fee.ndim, lo.ndim, hi.ndim)
        params = self._aligned(ndim)
        try:
            shape = np.broadcast_shapes(
                c.shape, fee.shape, lo.shape, hi.shape, *(q.shape for q in params)
            )
        except ValueError:
            raise InvalidInputError(
                f"unit_cost, fee_rates and bounds must broadcast against {self.n_items} SKUs"
            ) from None
        c_eff = np.broadcast_to(c / (1.0 - fee), shape)
        lo = np.broadcast_to(lo, shape)
        hi = np.broadcast_to(hi, shape)
        params = [np.broadcast_to(q, shape) for q in params]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            interior, rising, never, why = self._optimum(c_eff, params)
            falling = np.isnan(interior) & ~rising & ~never
            price = np.where(rising, hi, np.clip(interior, lo, hi))
            price = np.where(falling, lo, price)
        price = handle_infeasible(price, never, c_eff, why, infeasible)
        unbounded = (rising & np.isinf(hi)) | (falling & (lo <= 0))
        price = handle_infeasible(
            price,
            unbounded & ~never,
            c_eff,
            "no finite optimal price: profit keeps rising towards a price of "
            + ("infinity" if rising.any() else "zero")
            + " (give bounds)",
            infeasible,
        )
        price = handle_infeasible(
            price,
            (lo > hi) & ~never & ~unbounded,
            lo,
            "the lower bound (with min_margin_on_price) is above the upper bound",
            infeasible,
        )
        price = handle_infeasible(
            price,
            (hi < c_eff) & ~never & ~unbounded & ~(lo > hi),
            hi,
            "every price within the bounds is below the effective unit cost c / (1 - F)",
            infeasible,
        )
        scalar = self.n_items is None and price.ndim == 0
        out: float | FloatArray = to_output(np.asarray(price, dtype=np.float64), scalar)
        return out


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class LinearDemand(DemandModel):
    r"""Linear demand $d(p) = \alpha + \beta p$, zero beyond the choke price.

    Parameters
    ----------
    intercept : float or array_like
        Demand at a price of zero, $\alpha$. [units/period]
    slope : float or array_like
        $\beta = \mathrm{d}d/\mathrm{d}p$, signed: **negative** for a
        normal good. [units/period per currency/unit]

    Attributes
    ----------
    sku, intercept_se, slope_se, r_squared, n_observations
        Filled by `fit_demand`: the SKU labels, standard errors of the
        parameters, $R^2$ of the quantities and the number of
        observations per SKU; ``None`` for a model built by hand.

    Notes
    -----
    Elasticity $\beta p / d(p)$; revenue peaks at $-\alpha/(2\beta)$
    and profit at $(c - \alpha/\beta)/2$, halfway between the unit cost and
    the choke price $-\alpha/\beta$.

    References
    ----------
    1. Phillips, R. L. (2021), *Pricing and Revenue Optimization*, 2nd ed.,
       Stanford University Press, §4.3.1 (linear price response) and §5.2.

    Examples
    --------
    >>> demand = LinearDemand(intercept=31.4673, slope=-1.19626)
    >>> round(demand.revenue_maximizing_price(), 3)
    13.152
    >>> round(demand.optimal_price(7.0), 3)
    16.652
    >>> LinearDemand([100.0, 80.0], [-2.0, -1.0]).optimal_price([10.0, 20.0])
    array([30., 50.])
    """

    _PARAMS: ClassVar[tuple[str, ...]] = ("intercept", "slope")

    intercept: float | FloatArray
    slope: float | FloatArray
    _: dataclasses.KW_ONLY
    intercept_se: float | FloatArray | None = None
    slope_se: float | FloatArray | None = None

    def _quantity(self, p: FloatArray, params: list[FloatArray]) -> FloatArray:
        a, b = params
        return np.maximum(a + b * p, 0.0)

    def _elasticity(self, p: FloatArray, params: list[FloatArray]) -> FloatArray:
        a, b = params
        q = a + b * p
        with np.errstate(divide="ignore", invalid="ignore"):
            # zero demand is elastic without bound; a NaN price stays NaN
            return np.where(q <= 0, -np.inf, b * p / q)

    def _optimum(self, c: FloatArray, params: list[FloatArray]) -> Optimum:
        a, b = params
        choke = -a / b
        never = (b < 0) & ~(choke > c)
        rising = b >= 0
        never |= rising & (a <= 0) & (b == 0)
        interior = np.where((b < 0) & ~never, 0.5 * (c + choke), np.nan)
        return (
            interior,
            rising & ~never,
            never,
            "no price earns a profit: the unit cost is at or above the choke price "
            "-intercept/slope",
        )


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class ConstantElasticityDemand(DemandModel):
    r"""Constant-elasticity (iso-elastic) demand $d(p) = A p^{\varepsilon}$.

    Parameters
    ----------
    scale : float or array_like
        $A$, demand at a price of 1, ``> 0``. [units/period]
    constant_elasticity : float or array_like
        $\varepsilon$, the same at every price, signed (``-2.0``); the
        method `elasticity` gives it at any price, like every demand
        model's. [-]

    Attributes
    ----------
    sku, scale_se, constant_elasticity_se, r_squared, n_observations
        Filled by `fit_demand` (the scale's error by the delta method);
        ``None`` for a model built by hand.

    Notes
    -----
    Profit peaks at $p^* = c\,\varepsilon/(1+\varepsilon)$ when
    $\varepsilon < -1$; with $\varepsilon \ge -1$ profit rises with
    the price for ever, and revenue never has an interior maximum (it falls,
    stays or rises everywhere), so those need bounds.

    References
    ----------
    1. Phillips, R. L. (2021), *Pricing and Revenue Optimization*, 2nd ed.,
       Stanford University Press, §4.3.2 (constant-elasticity price response).

    Examples
    --------
    >>> demand = ConstantElasticityDemand(scale=3_777_178, constant_elasticity=-2.154)
    >>> round(demand.optimal_price(50.0), 2)
    93.33
    >>> demand.elasticity(80.0)
    -2.154
    >>> demand.constant_elasticity
    -2.154
    """

    _PARAMS: ClassVar[tuple[str, ...]] = ("scale", "constant_elasticity")

    scale: float | FloatArray
    constant_elasticity: float | FloatArray
    _: dataclasses.KW_ONLY
    scale_se: float | FloatArray | None = None
    constant_elasticity_se: float | FloatArray | None = None

    def _quantity(self, p: FloatArray, params: list[FloatArray]) -> FloatArray:
        a, e = params
        return a * np.power(p, e)

    def _elasticity(self, p: FloatArray, params: list[FloatArray]) -> FloatArray:
        _, e = params
        return np.where(np.isnan(p), np.nan, e + 0.0 * p)

    def _optimum(self, c: FloatArray, params: list[FloatArray]) -> Optimum:
        _, e = params
        elastic = e < -1
        interior = np.where(elastic & (c > 0), c * e / (1.0 + e), np.nan)
        rising = ~elastic
        never = (e == -1) & (c == 0)
        return interior, rising & ~never, never, "revenue is the same at every price (e = -1)"


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class ExponentialDemand(DemandModel):
    r"""Exponential (log-linear) demand $d(p) = A e^{\gamma p}$.

    Parameters
    ----------
    scale : float or array_like
        $A$, demand at a price of zero, ``> 0``. [units/period]
    semi_elasticity : float or array_like
        $\gamma = \mathrm{d} \ln d / \mathrm{d}p$, the relative change of
        demand per currency unit, signed (negative). [1/(currency/unit)]

    Attributes
    ----------
    sku, scale_se, semi_elasticity_se, r_squared, n_observations
        Filled by `fit_demand`; ``None`` for a model built by hand.

    Notes
    -----
    Elasticity $\gamma p$; revenue peaks at $-1/\gamma$ and profit at
    $c - 1/\gamma$ (a constant absolute markup).

    References
    ----------
    1. Talluri, K. T. and van Ryzin, G. J. (2004), *The Theory and Practice
       of Revenue Management*, Springer, §7.3.1 (exponential price response),
       doi:10.1007/b139000.

    Examples
    --------
    >>> demand = ExponentialDemand(scale=500.0, semi_elasticity=-0.05)
    >>> demand.optimal_price(12.0)
    32.0
    >>> demand.elasticity(20.0)
    -1.0
    """

    _PARAMS: ClassVar[tuple[str, ...]] = ("scale", "semi_elasticity")

    scale: float | FloatArray
    semi_elasticity: float | FloatArray
    _: dataclasses.KW_ONLY
    scale_se: float | FloatArray | None = None
    semi_elasticity_se: float | FloatArray | None = None

    def _quantity(self, p: FloatArray, params: list[FloatArray]) -> FloatArray:
        a, g = params
        return a * np.exp(g * p)

    def _elasticity(self, p: FloatArray, params: list[FloatArray]) -> FloatArray:
        _, g = params
        return g * p

    def _optimum(self, c: FloatArray, params: list[FloatArray]) -> Optimum:
        _, g = params
        falling = g < 0
        interior = np.where(falling, c - 1.0 / g, np.nan)
        return interior, ~falling, np.zeros(interior.shape, dtype=bool), ""


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class LogitDemand(DemandModel):
    r"""Logit demand $d(p) = C\,\dfrac{e^{-(a + b p)}}{1 + e^{-(a + b p)}}$.

    The textbook (Phillips 2021) logit price response: a market of $C$
    buyers whose willingness to pay follows a logistic distribution. Demand is
    flat near $C$ at low prices, steepest at $p = -a/b$ (half the
    market) and tends to 0 at high prices.

    Parameters
    ----------
    market_size : float or array_like
        $C$, demand as the price tends to $-\infty$, ``> 0``. [units/period]
    location : float or array_like
        $a$, the location of the buyers' willingness to pay: $-a/b$
        is its median. [-]
    price_sensitivity : float or array_like
        $b$, ``> 0`` for downward-sloping demand. [1/(currency/unit)]

    Attributes
    ----------
    sku, market_size_se, location_se, price_sensitivity_se, r_squared, n_observations, converged
        Filled by `fit_demand` (a non-linear least-squares fit);
        ``None`` for a model built by hand.

    Notes
    -----
    Elasticity $-b p\,(1 - d(p)/C)$. The first-order condition of profit
    $(p - c)\,d(p)$ is $b(p - c) = 1 + e^{-(a + b p)}$, solved
    exactly by $p^* = c + (1 + \omega(-1 - a - b c))/b$ with the Wright
    omega function $\omega(z) = W(e^z)$; revenue peaks at the same
    expression with $c = 0$.

    References
    ----------
    1. Phillips, R. L. (2021), *Pricing and Revenue Optimization*, 2nd ed.,
       Stanford University Press, §4.3.3 (logit price response) and §5.2.
    2. Corless, R. M. et al. (1996), "On the Lambert W function",
       *Advances in Computational Mathematics* 5, 329-359, doi:10.1007/BF02124750.

    Examples
    --------
    >>> demand = LogitDemand(market_size=1000.0, location=-10.0, price_sensitivity=0.5)
    >>> demand.quantity(20.0)
    500.0
    >>> round(demand.optimal_price(8.0), 4)
    17.3869
    """

    _PARAMS: ClassVar[tuple[str, ...]] = ("market_size", "location", "price_sensitivity")

    market_size: float | FloatArray
    location: float | FloatArray
    price_sensitivity: float | FloatArray
    _: dataclasses.KW_ONLY
    market_size_se: float | FloatArray | None = None
    location_se: float | FloatArray | None = None
    price_sensitivity_se: float | FloatArray | None = None
    converged: bool | np.ndarray | None = None

    def _quantity(self, p: FloatArray, params: list[FloatArray]) -> FloatArray:
        big_c, a, b = params
        # C / (1 + e^(a + b p)), written to avoid overflow for large exponents
        z = a + b * p
        return big_c * np.exp(-np.logaddexp(0.0, z))

    def _elasticity(self, p: FloatArray, params: list[FloatArray]) -> FloatArray:
        _, a, b = params
        z = a + b * p
        return -b * p * np.exp(-np.logaddexp(0.0, -z))

    def _optimum(self, c: FloatArray, params: list[FloatArray]) -> Optimum:
        from scipy.special import wrightomega

        _, a, b = params
        falling = b > 0
        z = np.where(falling, -1.0 - a - b * c, 0.0)
        interior = np.where(falling, c + (1.0 + wrightomega(z)) / np.where(falling, b, 1.0), np.nan)
        return interior, ~falling, np.zeros(interior.shape, dtype=bool), ""
