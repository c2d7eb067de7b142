r"""Lot sizing: EOQ, EOQ with backorders, EPQ, quantity discounts, pack rounding (private).

The lot-sizing family works per year: ``demand_rate`` in units a year,
``holding_cost_per_year`` and ``shortage_cost_per_unit_per_year`` per unit a
year, ``holding_rate`` a fraction of the unit cost a year; costs come back per
year and cycle times in years. Nothing converts from days or weeks behind the
caller's back: multiply a daily demand by the days in the caller's year.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, ClassVar, overload

import numpy as np

from ecomops._core.constraints import NON_NEGATIVE, POSITIVE, Constraints, Options
from ecomops._core.results import Display, display_kinds
from ecomops._core.typing import (
    DISCOUNT_KINDS,
    PACK_ROUNDING_METHODS,
    ArrayLike,
    DiscountKind,
    FloatArray,
    IntArray,
    PackRoundingMethod,
    Real,
)
from ecomops._core.validation import broadcast, raise_at, read_only, series_io, to_output
from ecomops._inventory.common import (
    DerivedTable,
    all_scalar,
    frozen,
    frozen_copy,
    padded_rows,
)
from ecomops.exceptions import InvalidInputError

__all__ = [
    "EconomicOrderQuantity",
    "EconomicProductionQuantity",
    "QuantityDiscountOrder",
    "RoundedOrderQuantity",
    "economic_order_quantity",
    "economic_order_quantity_with_backorders",
    "economic_production_quantity",
    "eoq_cost_penalty",
    "eoq_with_quantity_discounts",
    "round_order_quantity",
]


def _div(num: Any, den: Any, zero_zero: float) -> Any:
    """``num / den`` with ``0 / 0`` defined as ``zero_zero`` (and x / 0 = inf)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.divide(num, den)
    return np.where((np.asarray(num) == 0) & (np.asarray(den) == 0), zero_zero, q)


# ---------------------------------------------------------------------------
# EOQ (with and without planned backorders)
# ---------------------------------------------------------------------------


_ORDER_QUANTITY = Constraints(order_quantity=POSITIVE)


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class EconomicOrderQuantity(DerivedTable):
    r"""Result of `economic_order_quantity` (and its variant with backorders).

    Stored quantities are computed once; the costs and cycle times are derived on
    access from the stored inputs (read-only copies).

    Attributes
    ----------
    order_quantity : float or ndarray
        The optimal order quantity $Q^*$. [units]
    max_backorder : float or ndarray
        Largest backorder reached in a cycle, $Q^* h/(h+b)$; 0 without
        backorders. [units]
    demand_rate, order_cost : float or ndarray
        The inputs.
    holding_cost_per_year, shortage_cost_per_unit_per_year : float or ndarray
        The inputs (the shortage cost is ``inf`` when backorders are not allowed).
    total_relevant_cost : float or ndarray
        Ordering plus holding (plus backorder) cost per year at $Q^*$;
        the purchase cost $cD$ is not included (it does not depend on
        $Q$). [currency / year]
    annual_ordering_cost, annual_holding_cost, annual_shortage_cost : float or ndarray
        The parts of ``total_relevant_cost``. [currency / year]
    max_inventory : float or ndarray
        Largest on-hand stock, $Q^* - B^*$. [units]
    cycle_time : float or ndarray
        Time between orders $Q^*/D$; ``inf`` for zero demand (no order is
        ever placed). [years]
    orders_per_year : float or ndarray
        $D/Q^*$; 0 for zero demand. [1 / year]

    Examples
    --------
    >>> from ecomops.inventory import economic_order_quantity
    >>> res = economic_order_quantity(1300, 8, 0.225)
    >>> round(res.order_quantity, 4), round(res.total_relevant_cost, 4)
    (304.0468, 68.4105)
    >>> round(res.cost_penalty(250), 4)
    0.0191
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=(
            "order_cost",
            "holding_cost_per_year",
            "shortage_cost_per_unit_per_year",
            "total_relevant_cost",
        )
    )

    order_quantity: float | FloatArray
    max_backorder: float | FloatArray
    demand_rate: float | FloatArray = dataclasses.field(repr=False)
    order_cost: float | FloatArray = dataclasses.field(repr=False)
    holding_cost_per_year: float | FloatArray = dataclasses.field(repr=False)
    shortage_cost_per_unit_per_year: float | FloatArray = dataclasses.field(repr=False)

    _DERIVED: ClassVar[tuple[str, ...]] = (
        "total_relevant_cost",
        "max_inventory",
        "cycle_time",
        "orders_per_year",
    )

    @series_io
    @_ORDER_QUANTITY.declare
    def relevant_cost(self, order_quantity: float | ArrayLike) -> Any:
        r"""Relevant cost per year of ordering ``order_quantity`` instead.

        $$
        C(Q) = \frac{KD}{Q} + \frac{h (Q-B)^2 + b B^2}{2Q},
        \quad B = \frac{hQ}{h+b}
        $$

        (with the optimal backorder level for that $Q$; $B=0$ without
        backorders).

        Parameters
        ----------
        order_quantity : float or array_like
            Order quantity, > 0. [units]

        Returns
        -------
        float, ndarray or Series
            [currency / year]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> from ecomops.inventory import economic_order_quantity
        >>> round(economic_order_quantity(1300, 8, 0.225).relevant_cost(250), 4)
        69.725
        """
        (q,) = _ORDER_QUANTITY.convert(order_quantity=order_quantity)
        scalar = all_scalar(order_quantity, self.order_quantity)
        d, k, h, b = self._inputs()
        with np.errstate(invalid="ignore"):
            ratio = np.where(np.isinf(b), 1.0, np.divide(b, np.add(h, b)))
        cost = np.multiply(k, d) / q + np.multiply(h, ratio) * q / 2.0
        return to_output(np.asarray(cost, dtype=np.float64), scalar)

    @series_io
    @_ORDER_QUANTITY.declare
    def cost_penalty(self, order_quantity: float | ArrayLike) -> Any:
        r"""Fractional cost increase of ordering ``order_quantity`` instead of $Q^*$.

        $$
        \frac{C(Q)}{C(Q^*)} - 1 = \frac12\left(\frac{Q}{Q^*}+\frac{Q^*}{Q}\right) - 1
        $$

        Parameters
        ----------
        order_quantity : float or array_like
            Order quantity, > 0. [units]

        Returns
        -------
        float, ndarray or Series
            0 at the optimum; 0.0191 for 18% below it. [fraction]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> from ecomops.inventory import economic_order_quantity
        >>> round(economic_order_quantity(1300, 8, 0.225).cost_penalty(608.09), 3)
        0.25
        """
        return eoq_cost_penalty(order_quantity, self.order_quantity)

    @property
    def total_relevant_cost(self) -> float | FloatArray:
        return self._part("total")

    @property
    def annual_ordering_cost(self) -> float | FloatArray:
        return self._part("ordering")

    @property
    def annual_holding_cost(self) -> float | FloatArray:
        return self._part("holding")

    @property
    def annual_shortage_cost(self) -> float | FloatArray:
        return self._part("backorder")

    def _inputs(self) -> tuple[Any, Any, Any, Any]:
        """Demand rate, order cost, holding cost and shortage cost, as stored."""
        return (
            self.demand_rate,
            self.order_cost,
            self.holding_cost_per_year,
            self.shortage_cost_per_unit_per_year,
        )

    def _part_one(self, which: str) -> float | None:
        """`_part` of a one-SKU result with a positive, finite quantity, in floats.

        The operations of `_part` on a column, in its order (a square is ``x * x``,
        as numpy squares an array). ``None`` for any other result (the array path).
        """
        q, bmax = self.order_quantity, self.max_backorder
        d, k, h, b = self._inputs()
        values = (q, bmax, d, k, h, b)
        if any(type(v) is not float for v in values) or not 0.0 < q < math.inf:
            return None
        if not all(-math.inf < v < math.inf for v in (bmax, d, k, h)) or not b > 0.0:
            return None
        ordering = k * d / q
        gap = q - bmax
        holding = h * (gap * gap) / (2.0 * q)
        backorder = 0.0 if b == math.inf else b * (bmax * bmax) / (2.0 * q)
        parts: dict[str, float] = {
            "ordering": ordering, "holding": holding, "backorder": backorder,
            "total": ordering + holding + backorder,
        }  # fmt: skip
        return parts[which]

    def _part(self, which: str) -> float | FloatArray:
        one = self._part_one(which)
        if one is not None:
            return one
        q = np.asarray(self.order_quantity, dtype=np.float64)
        d, k, h, b = self._inputs()
        bmax = np.asarray(self.max_backorder, dtype=np.float64)
        scalar = np.ndim(q) == 0 and isinstance(self.order_quantity, float)
        with np.errstate(divide="ignore", invalid="ignore"):
            parts = {
                "ordering": _div(np.multiply(k, d), q, 0.0),
                "holding": _div(np.multiply(h, (q - bmax) ** 2), 2.0 * q, 0.0),
                "backorder": np.where(
                    np.isinf(b),
                    0.0,
                    _div(np.multiply(np.where(np.isinf(b), 0.0, b), bmax**2), 2.0 * q, 0.0),
                ),
            }
        if which == "total":
            value = parts["ordering"] + parts["holding"] + parts["backorder"]
        else:
            value = parts[which]
        out: float | FloatArray = to_output(np.asarray(value, dtype=np.float64), scalar)
        return out

    @property
    def max_inventory(self) -> float | FloatArray:
        q = np.asarray(self.order_quantity, dtype=np.float64)
        out: float | FloatArray = to_output(
            q - np.asarray(self.max_backorder), isinstance(self.order_quantity, float)
        )
        return out

    @property
    def cycle_time(self) -> float | FloatArray:
        q = np.asarray(self.order_quantity, dtype=np.float64)
        d = np.asarray(self.demand_rate, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(d == 0, np.inf, q / d)
        out: float | FloatArray = to_output(value, isinstance(self.order_quantity, float))
        return out

    @property
    def orders_per_year(self) -> float | FloatArray:
        q = np.asarray(self.order_quantity, dtype=np.float64)
        d = np.asarray(self.demand_rate, dtype=np.float64)
        value = _div(d, q, 0.0)
        out: float | FloatArray = to_output(
            np.asarray(value, dtype=np.float64), isinstance(self.order_quantity, float)
        )
        return out


_EOQ = Constraints(
    demand_rate=NON_NEGATIVE, order_cost=NON_NEGATIVE, holding_cost_per_year=POSITIVE
)


@_EOQ.declare
def economic_order_quantity(
    demand_rate: float | ArrayLike,
    order_cost: float | ArrayLike,
    holding_cost_per_year: float | ArrayLike,
) -> EconomicOrderQuantity:
    r"""Economic order quantity (Harris 1913), its relevant cost and cycle time.

    $$
    Q^* = \sqrt{\frac{2KD}{h}}, \qquad C(Q^*) = \sqrt{2KDh} = hQ^*,
    \qquad T^* = Q^*/D
    $$

    Parameters
    ----------
    demand_rate : float or array_like
        Demand per year $D$, >= 0. [units / year]
    order_cost : float or array_like
        Fixed cost per order $K$, >= 0. [currency / order]
    holding_cost_per_year : float or array_like
        Holding cost per unit per year $h$, > 0. A holding *rate* times
        the unit cost gives it:
        ``0.25 * 40.0`` for 25% a year on a 40 CNY item. [currency / unit / year]

    Returns
    -------
    EconomicOrderQuantity
        ``order_quantity``, ``max_backorder`` (0), and on access
        ``total_relevant_cost``, ``cycle_time``, ``orders_per_year``...;
        ``.cost_penalty(q)`` prices another quantity.

    Raises
    ------
    InvalidInputError
        For a negative demand rate or order cost, a non-positive holding cost,
        infinite values or shapes that do not broadcast, naming the first
        offending index.

    Notes
    -----
    Zero demand gives $Q^*=0$, zero cost, ``orders_per_year`` 0 and an
    infinite ``cycle_time`` (no order is ever placed). NaN propagates element-wise.
    The purchase cost is not part of the relevant cost (Snyder and Shen 2019,
    §3.2); see `eoq_with_quantity_discounts` when it depends on $Q$.

    References
    ----------
    1. Harris, F. W. (1913), "How many parts to make at once", *Factory, The
       Magazine of Management* 10(2), 135-136.
    2. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., Wiley, §3.2, Example 3.1 ($Q^*=304.05$,
       $g^*=68.41$).
    3. Hillier, F. S. and Lieberman, G. J. (2001), *Introduction to
       Operations Research*, 7th ed., McGraw-Hill, §19.3 (D=8000, K=12000, h=0.3:
       Q=25298, cost 7589.5).

    Examples
    --------
    >>> from ecomops.inventory import economic_order_quantity
    >>> res = economic_order_quantity(1300, 8, 0.225)  # Snyder & Shen Example 3.1
    >>> round(res.order_quantity, 2), round(res.total_relevant_cost, 2)
    (304.05, 68.41)
    >>> res = economic_order_quantity([8000, 0], 12000, 0.3)
    >>> res.order_quantity.round(1), res.cycle_time
    (array([25298.2,     0. ]), array([3.16227766,        inf]))
    """
    fast = _EOQ.scalars(demand_rate, order_cost, holding_cost_per_year)
    if fast is not None:  # one SKU: the same operations on floats, no arrays
        d, k, h = fast
        return EconomicOrderQuantity(math.sqrt(d * 2.0 * k / h), 0.0, d, k, h, math.inf)
    scalar = all_scalar(demand_rate, order_cost, holding_cost_per_year)
    d, k, h = _EOQ.convert(
        demand_rate=demand_rate, order_cost=order_cost, holding_cost_per_year=holding_cost_per_year
    )
    d, k, h = broadcast(demand_rate=d, order_cost=k, holding_cost_per_year=h)
    q = np.multiply(d, 2.0, out=np.empty(d.shape))  # one fresh array, then in place
    q *= k
    q /= h
    np.sqrt(q, out=q)
    return EconomicOrderQuantity(
        order_quantity=frozen(q, scalar),
        max_backorder=0.0 if scalar else np.broadcast_to(0.0, q.shape),
        demand_rate=frozen_copy(d, scalar),
        order_cost=frozen_copy(k, scalar),
        holding_cost_per_year=frozen_copy(h, scalar),
        shortage_cost_per_unit_per_year=np.inf if scalar else np.broadcast_to(np.inf, q.shape),
    )


_EOQ_BACKORDERS = Constraints(**_EOQ, shortage_cost_per_unit_per_year=POSITIVE)


@_EOQ_BACKORDERS.declare
def economic_order_quantity_with_backorders(
    demand_rate: float | ArrayLike,
    order_cost: float | ArrayLike,
    holding_cost_per_year: float | ArrayLike,
    shortage_cost_per_unit_per_year: float | ArrayLike,
) -> EconomicOrderQuantity:
    r"""Economic order quantity with planned backorders.

    $$
    Q^* = \sqrt{\frac{2KD(h+b)}{hb}}, \qquad B^* = Q^*\frac{h}{h+b},
    \qquad C(Q^*) = \sqrt{\frac{2KDhb}{h+b}}
    $$

    Parameters
    ----------
    demand_rate : float or array_like
        Demand per year $D$, >= 0. [units / year]
    order_cost : float or array_like
        Fixed cost per order $K$, >= 0. [currency / order]
    holding_cost_per_year : float or array_like
        Holding cost $h$, > 0. [currency / unit / year]
    shortage_cost_per_unit_per_year : float or array_like
        Backorder cost per unit backordered **per year** $b$, > 0
        (not a cost per unit short: see the conventions). [currency / unit / year]

    Returns
    -------
    EconomicOrderQuantity
        ``order_quantity``, ``max_backorder`` and the derived costs; the fraction
        of each cycle spent in backorder is $h/(h+b)$.

    Raises
    ------
    InvalidInputError
        For out-of-range, infinite or non-broadcasting inputs.

    Notes
    -----
    As $b\to\infty$ the result tends to `economic_order_quantity`.
    Zero demand gives zero quantities. NaN propagates element-wise.

    References
    ----------
    1. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., §3.3, Example 3.3 (p = 5: $Q^*=310.81$,
       $x^*=0.0431$, $g^*=66.92$).
    2. Hillier, F. S. and Lieberman, G. J. (2001), *Introduction to
       Operations Research*, 7th ed., §19.3 (b = 1.1: Q = 28540, largest
       shortage 6116, cost 6727.3).

    Examples
    --------
    >>> from ecomops.inventory import economic_order_quantity_with_backorders
    >>> res = economic_order_quantity_with_backorders(1300, 8, 0.225, 5)
    >>> round(res.order_quantity, 2), round(res.max_backorder, 2), round(res.total_relevant_cost, 2)
    (310.81, 13.38, 66.92)
    """
    scalar = all_scalar(
        demand_rate, order_cost, holding_cost_per_year, shortage_cost_per_unit_per_year
    )
    d, k, h, b = _EOQ_BACKORDERS.convert(
        demand_rate=demand_rate,
        order_cost=order_cost,
        holding_cost_per_year=holding_cost_per_year,
        shortage_cost_per_unit_per_year=shortage_cost_per_unit_per_year,
    )
    d, k, h, b = broadcast(
        demand_rate=d, order_cost=k, holding_cost_per_year=h, shortage_cost_per_unit_per_year=b
    )
    q = np.sqrt(2.0 * d * k * (h + b) / (h * b))
    return EconomicOrderQuantity(
        order_quantity=frozen(q, scalar),
        max_backorder=frozen(q * h / (h + b), scalar),
        demand_rate=frozen_copy(d, scalar),
        order_cost=frozen_copy(k, scalar),
        holding_cost_per_year=frozen_copy(h, scalar),
        shortage_cost_per_unit_per_year=frozen_copy(b, scalar),
    )


_EOQ_PENALTY = Constraints(order_quantity=POSITIVE, optimal_quantity=POSITIVE)


@overload
def eoq_cost_penalty(order_quantity: Real, optimal_quantity: Real) -> float: ...
@overload
def eoq_cost_penalty(order_quantity: ArrayLike, optimal_quantity: ArrayLike) -> FloatArray: ...
@series_io
@_EOQ_PENALTY.declare
def eoq_cost_penalty(order_quantity: ArrayLike, optimal_quantity: ArrayLike) -> Any:
    r"""Fractional EOQ cost increase of ordering $Q$ instead of $Q^*$.

    $$
    \frac{C(Q)}{C(Q^*)} - 1 = \frac12\left(\frac{Q}{Q^*}+\frac{Q^*}{Q}\right) - 1
    $$

    Parameters
    ----------
    order_quantity : float or array_like
        Chosen order quantity $Q$, > 0. [units]
    optimal_quantity : float or array_like
        Economic order quantity $Q^*$, > 0. [units]

    Returns
    -------
    float, ndarray or Series
        0 at the optimum. [fraction]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For non-positive or infinite quantities.

    Notes
    -----
    The EOQ cost curve is flat: 20% off $Q^*$ costs about 2%. inventorize's
    ``eoqsenstivity`` returns the ratio $C(Q)/C(Q^*)$ (this plus one).
    NaN propagates element-wise.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., CRC Press, §6.5
       (percentage cost penalty).

    Examples
    --------
    >>> from ecomops.inventory import eoq_cost_penalty
    >>> round(eoq_cost_penalty(5400, 6000), 5)
    0.00556
    >>> eoq_cost_penalty([300, 600], 300)
    array([0.  , 0.25])
    """
    scalar = all_scalar(order_quantity, optimal_quantity)
    q, q_star = _EOQ_PENALTY.convert(
        order_quantity=order_quantity, optimal_quantity=optimal_quantity
    )
    q, q_star = broadcast(order_quantity=q, optimal_quantity=q_star)
    return to_output(0.5 * (q / q_star + q_star / q) - 1.0, scalar)


# ---------------------------------------------------------------------------
# EPQ
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class EconomicProductionQuantity(DerivedTable):
    r"""Result of [`economic_production_quantity`][ecomops.inventory.economic_production_quantity].

    Attributes
    ----------
    order_quantity : float or ndarray
        Batch size $Q^*$. [units]
    max_inventory : float or ndarray
        Largest on-hand stock, $Q^*(1-D/P)\,b/(h+b)$. [units]
    max_backorder : float or ndarray
        Largest backorder, $Q^*(1-D/P)\,h/(h+b)$ (0 without backorders). [units]
    total_relevant_cost : float or ndarray
        Setup plus holding (plus backorder) cost per year. [currency / year]
    production_time : float or ndarray
        Length of a production run $Q^*/P$. [years]
    cycle_time : float or ndarray
        Time between runs $Q^*/D$ (``inf`` for zero demand). [years]

    Examples
    --------
    >>> from ecomops.inventory import economic_production_quantity
    >>> res = economic_production_quantity(200, 1000, 100, 5)  # Gallego's example
    >>> res.order_quantity, res.max_inventory, res.total_relevant_cost, res.cycle_time
    (100.0, 80.0, 400.0, 0.5)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(money=("total_relevant_cost",))

    order_quantity: float | FloatArray
    max_inventory: float | FloatArray
    max_backorder: float | FloatArray
    total_relevant_cost: float | FloatArray
    production_time: float | FloatArray
    cycle_time: float | FloatArray


_EPQ = Constraints(
    demand_rate=NON_NEGATIVE,
    production_rate=POSITIVE,
    setup_cost=NON_NEGATIVE,
    holding_cost_per_year=POSITIVE,
    shortage_cost_per_unit_per_year=POSITIVE,
)


@_EPQ.declare
def economic_production_quantity(
    demand_rate: float | ArrayLike,
    production_rate: float | ArrayLike,
    setup_cost: float | ArrayLike,
    holding_cost_per_year: float | ArrayLike,
    *,
    shortage_cost_per_unit_per_year: float | ArrayLike | None = None,
) -> EconomicProductionQuantity:
    r"""Economic production quantity (finite replenishment rate), optionally with backorders.

    With $\rho = D/P$ and $b$ the shortage cost per unit backordered
    per year ($b=\infty$ without backorders):

    $$
    Q^* = \sqrt{\frac{2KD}{h(1-\rho)}\cdot\frac{h+b}{b}}, \qquad
    C(Q^*) = \sqrt{2KDh(1-\rho)\frac{b}{h+b}}, \qquad
    B^* = Q^*(1-\rho)\frac{h}{h+b}
    $$

    Parameters
    ----------
    demand_rate : float or array_like
        Demand per year $D$, >= 0. [units / year]
    production_rate : float or array_like
        Production (replenishment) rate $P$, > ``demand_rate``. [units / year]
    setup_cost : float or array_like
        Fixed cost per production run $K$, >= 0. [currency / run]
    holding_cost_per_year : float or array_like
        Holding cost $h$, > 0. [currency / unit / year]
    shortage_cost_per_unit_per_year : float or array_like, optional
        Backorder cost per unit per year $b$, > 0; ``None`` (the
        default) allows no backorders. [currency / unit / year]

    Returns
    -------
    EconomicProductionQuantity
        ``order_quantity``, ``max_inventory``, ``max_backorder``,
        ``total_relevant_cost``, ``production_time``, ``cycle_time``.

    Raises
    ------
    InvalidInputError
        For ``production_rate <= demand_rate`` (no stock would ever build up),
        other out-of-range values, or non-broadcasting shapes.

    Notes
    -----
    With backorders, SCperf 1.1.1 (``EPQ(d, p, k, h, b)``) computes
    ``(nn*(h+b)/nn*b)^0.5``, which is $\sqrt{(h+b)b}$: it does not depend on
    the demand, the setup cost or the production rate. For Gallego's example with
    $b=20$ it gives 22.36 units where the model's optimum is 111.80.
    NaN propagates element-wise.

    References
    ----------
    1. Taft, E. W. (1918), "The most economical production lot", *Iron Age*
       101, 1410-1412.
    2. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., §3.4, Example 3.4 (P = 1700: $Q^*=626.81$,
       $g^*=33.18$).
    3. Zipkin, P. H. (2000), *Foundations of Inventory Management*,
       McGraw-Hill, §3.3 (finite production rate with backorders).
    4. Gallego, G. (2004), *IEOR 4000 Production Management*, Lecture 2,
       Columbia University (D=200, P=1000, K=100, h=5: Q=100, T=0.5, I=80, cost 400).

    Examples
    --------
    >>> from ecomops.inventory import economic_production_quantity
    >>> res = economic_production_quantity(1300, 1700, 8, 0.225)
    >>> round(res.order_quantity, 2), round(res.total_relevant_cost, 2)
    (626.81, 33.18)
    >>> res = economic_production_quantity(200, 1000, 100, 5, shortage_cost_per_unit_per_year=20)
    >>> round(res.order_quantity, 2), round(res.max_backorder, 2)
    (111.8, 17.89)
    """
    scalar = all_scalar(
        demand_rate,
        production_rate,
        setup_cost,
        holding_cost_per_year,
        shortage_cost_per_unit_per_year,
    )
    d, p, k, h = _EPQ.convert(
        demand_rate=demand_rate,
        production_rate=production_rate,
        setup_cost=setup_cost,
        holding_cost_per_year=holding_cost_per_year,
    )
    (b,) = (
        (np.asarray(np.inf),)
        if shortage_cost_per_unit_per_year is None
        else _EPQ.convert(shortage_cost_per_unit_per_year=shortage_cost_per_unit_per_year)
    )
    d, p, k, h, b = broadcast(
        demand_rate=d,
        production_rate=p,
        setup_cost=k,
        holding_cost_per_year=h,
        shortage_cost_per_unit_per_year=b,
    )
    with np.errstate(invalid="ignore"):
        raise_at("production_rate", "be > demand_rate", p <= d, p)
    rho = d / p
    share = np.where(np.isinf(b), 1.0, b / (h + np.where(np.isinf(b), 0.0, b)))
    q = np.sqrt(2.0 * k * d / (h * (1.0 - rho) * share))
    depth = q * (1.0 - rho)
    cost = np.sqrt(2.0 * k * d * h * (1.0 - rho) * share)
    with np.errstate(divide="ignore", invalid="ignore"):
        cycle = np.where(d == 0, np.inf, q / d)
    return EconomicProductionQuantity(
        order_quantity=frozen(q, scalar),
        max_inventory=frozen(depth * share, scalar),
        max_backorder=frozen(depth * (1.0 - share), scalar),
        total_relevant_cost=frozen(cost, scalar),
        production_time=frozen(q / p, scalar),
        cycle_time=frozen(cycle, scalar),
    )


# ---------------------------------------------------------------------------
# Quantity discounts
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class QuantityDiscountOrder(DerivedTable):
    r"""Result of [`eoq_with_quantity_discounts`][ecomops.inventory.eoq_with_quantity_discounts].

    Attributes
    ----------
    order_quantity : float or ndarray
        The cost-minimising order quantity. [units]
    price_break : int or ndarray of int
        Index of the price tier that $Q^*$ falls in (half-open tiers
        $[b_j, b_{j+1})$). [-]
    unit_cost : float or ndarray
        Purchase cost per unit at $Q^*$: the tier's price (all-units) or
        the average price of the $Q^*$ units (incremental). [currency / unit]
    total_cost : float or ndarray
        Purchase + ordering + holding cost per year at $Q^*$ (the purchase
        cost depends on $Q$ here, so it is part of the objective). [currency / year]
    kind : str
        ``"all_units"`` or ``"incremental"``.

    Examples
    --------
    >>> from ecomops.inventory import eoq_with_quantity_discounts
    >>> res = eoq_with_quantity_discounts(1000, 200, 0.2, [0, 200, 500], [500, 475, 450])
    >>> res.order_quantity, res.price_break, res.total_cost
    (500.0, 2, 472900.0)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=(
            "price_break",
            "unit_cost",
            "total_cost",
        )
    )

    order_quantity: float | FloatArray
    price_break: int | IntArray
    unit_cost: float | FloatArray
    total_cost: float | FloatArray
    kind: str


_DISCOUNTS = Constraints(
    demand_rate=NON_NEGATIVE,
    order_cost=NON_NEGATIVE,
    holding_rate=POSITIVE,
    kind=Options(DISCOUNT_KINDS),
)


@_DISCOUNTS.declare
def eoq_with_quantity_discounts(
    demand_rate: float | ArrayLike,
    order_cost: float | ArrayLike,
    holding_rate: float | ArrayLike,
    breakpoints: ArrayLike,
    unit_costs: ArrayLike,
    *,
    kind: DiscountKind = "all_units",
) -> QuantityDiscountOrder:
    r"""EOQ under all-units or incremental quantity discounts, for many SKUs at once.

    Tier $j$ covers order quantities in $[b_j, b_{j+1})$ (half-open,
    $b_0=0$, the last tier unbounded) at price $c_j$; holding costs
    $i\,c$ per unit per year.

    **All units**: every unit is bought at the price of the tier $Q$ falls in.
    Candidate $q_j=\max(\sqrt{2KD/(ic_j)},\,b_j)$, kept if $q_j<b_{j+1}$;

    $$
    TC_j(q) = c_jD + \frac{KD}{q} + \frac{ic_jq}{2}
    $$

    **Incremental**: units beyond $b_j$ cost $c_j$; with
    $R_j$ the cost of the first $b_j$ units and
    $\bar K_j = K + R_j - c_jb_j$,

    $$
    q_j = \sqrt{\frac{2D\bar K_j}{ic_j}}, \qquad
    TC_j(q) = c_jD + \frac{\bar K_j D}{q} + \frac{i(R_j-c_jb_j)}{2} + \frac{ic_jq}{2}
    $$

    kept if $b_j\le q_j<b_{j+1}$; the breakpoints are candidates too. The
    cheapest candidate wins (ties: the smaller tier).

    Parameters
    ----------
    demand_rate : float or array_like
        Demand per year $D$, >= 0 (one entry per SKU). [units / year]
    order_cost : float or array_like
        Fixed cost per order $K$, >= 0. [currency / order]
    holding_rate : float or array_like
        Holding cost as a fraction of the unit cost per year $i$, > 0
        (0.25 for 25% a year with an annual demand rate). [1 / year]
    breakpoints : array_like
        Lower bounds $b_j$ of the tiers, starting at 0, strictly increasing.
        1-D: one schedule for every SKU; 2-D ``(n_skus, n_tiers)`` or a list of
        lists of different lengths: one schedule per SKU (shorter rows padded
        with NaN at the end). [units]
    unit_costs : array_like
        Price $c_j$ of each tier, > 0, shaped like ``breakpoints``. [currency / unit]
    kind : {"all_units", "incremental"}
        The discount scheme; default ``"all_units"``.

    Returns
    -------
    QuantityDiscountOrder
        ``order_quantity``, ``price_break``, ``unit_cost``, ``total_cost``.

    Raises
    ------
    InvalidInputError
        For a schedule not starting at 0, breakpoints not strictly increasing,
        padding in the middle of a row, mismatched schedule shapes, non-positive
        prices or holding rates, or an unknown ``kind``.

    Notes
    -----
    Zero demand orders nothing ($Q^*=0$, cost 0, tier 0). A zero ordering
    cost $K=0$ gives the limit $K\to0$ of the optimum: each tier's cost
    grows with $q$, so its candidate is its smallest quantity ($b_j$; in
    tier 0 the limit $q\to0$, costing $c_0D$), and the cheapest such
    candidate wins (2400 a year at [100, 90, 80] from [0, 300, 600] units:
    $Q^*=600$, cost 198,000); with a single tier, $Q^*=0$ and cost $c_0D$,
    continuous replenishment, as in
    [`economic_order_quantity`][ecomops.inventory.economic_order_quantity].
    NaN in the scalar inputs propagates to that SKU's quantities.

    References
    ----------
    1. Hadley, G. and Whitin, T. M. (1963), *Analysis of Inventory Systems*,
       Prentice-Hall, §2.11.
    2. Snyder, L. V. and Shen, Z.-J. M. (2019), *Fundamentals of Supply Chain
       Theory*, 2nd ed., §3.5 (all-units example: Q = 500, tier 2, cost 472,900;
       incremental example: Q = 1481.89, tier 2, cost 222,762.81).

    Examples
    --------
    >>> from ecomops.inventory import eoq_with_quantity_discounts
    >>> res = eoq_with_quantity_discounts(
    ...     2400, 150, 0.25, [0, 300, 600], [100, 90, 80], kind="incremental"
    ... )
    >>> round(res.order_quantity, 2), res.price_break, round(res.total_cost, 2)
    (1481.89, 2, 222762.81)
    >>> res = eoq_with_quantity_discounts(
    ...     [1000, 50], 200, 0.2, [[0, 200, 500], [0, 100]], [[500, 475, 450], [20, 19]]
    ... )
    >>> res.order_quantity.round(1), res.price_break
    (array([500., 100.]), array([2, 1]))
    """
    (kind,) = _DISCOUNTS.convert(kind=kind)
    scalar = all_scalar(demand_rate, order_cost, holding_rate)
    b, c = _price_schedules(breakpoints, unit_costs)
    d, k, i = _DISCOUNTS.convert(
        demand_rate=demand_rate, order_cost=order_cost, holding_rate=holding_rate
    )
    d, k, i = broadcast(demand_rate=d, order_cost=k, holding_rate=i)
    if d.ndim > 1:
        raise InvalidInputError(
            f"demand_rate, order_cost and holding_rate must be 0- or 1-dimensional; got {d.shape}"
        )
    n = b.shape[0] if d.ndim == 0 else d.shape[0]
    if b.shape[0] not in (1, n):
        raise InvalidInputError(
            f"breakpoints must have one row per SKU ({n}) or a single row; got {b.shape[0]}"
        )
    b = np.broadcast_to(b, (n, b.shape[1]))
    c = np.broadcast_to(c, (n, c.shape[1]))
    dd, kk, ii = (np.broadcast_to(a, (n,))[:, None] for a in (d, k, i))
    candidates = _all_units_candidates if kind == "all_units" else _incremental_candidates
    q, tc, unit = candidates(dd, kk, ii, b, c)
    nan_row = np.isnan(dd[:, 0]) | np.isnan(kk[:, 0]) | np.isnan(ii[:, 0])
    best = np.argmin(tc, axis=1)
    q_best, tc_best, unit_best = (
        np.where(nan_row, np.nan, np.take_along_axis(a, best[:, None], axis=1)[:, 0])
        for a in (q, tc, unit)
    )
    tier: IntArray = best.astype(np.int64)
    if scalar and d.ndim == 0:
        return QuantityDiscountOrder(
            order_quantity=float(q_best[0]),
            price_break=int(tier[0]),
            unit_cost=float(unit_best[0]),
            total_cost=float(tc_best[0]),
            kind=kind,
        )
    return QuantityDiscountOrder(
        order_quantity=frozen(q_best, False),
        price_break=read_only(tier),
        unit_cost=frozen(unit_best, False),
        total_cost=frozen(tc_best, False),
        kind=kind,
    )


def _price_schedules(breakpoints: Any, unit_costs: Any) -> tuple[FloatArray, FloatArray]:
    """Breakpoints and prices as NaN-padded 2-D rows, checked tier by tier."""
    b = padded_rows(breakpoints, "breakpoints")
    c = padded_rows(unit_costs, "unit_costs")
    if b.shape != c.shape or not np.array_equal(np.isnan(b), np.isnan(c)):
        raise InvalidInputError(
            "breakpoints and unit_costs must have the same shape and the same padding; "
            f"got {b.shape} and {c.shape}"
        )
    if b.shape[1] == 0:
        raise InvalidInputError("breakpoints must hold at least one tier")
    raise_at("breakpoints", "start at 0 (the first tier)", b[:, 0] != 0, b[:, 0])
    valid = ~np.isnan(b)  # padding at the end of rows only: checked by padded_rows
    raise_at("breakpoints", "be finite", np.isinf(b), b)
    with np.errstate(invalid="ignore"):
        raise_at(
            "breakpoints",
            "be strictly increasing",
            valid[:, 1:] & ~(b[:, 1:] > b[:, :-1]),
            b[:, 1:],
        )
        raise_at("unit_costs", "be > 0", valid & ~(c > 0), c)
    raise_at("unit_costs", "be finite", np.isinf(c), c)
    return b, c


def _upper_bounds(b: FloatArray) -> FloatArray:
    """The end of each tier, ``b_{j+1}`` (``inf`` for the last tier of a row)."""
    upper = np.concatenate([b[:, 1:], np.full((b.shape[0], 1), np.nan)], axis=1)
    out: FloatArray = np.where(np.isnan(upper), np.inf, upper)
    return out


def _all_units_candidates(
    dd: FloatArray, kk: FloatArray, ii: FloatArray, b: FloatArray, c: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Candidate per tier ``max(EOQ_j, b_j)``, its total cost (inf if outside) and price."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.maximum(np.sqrt(2.0 * kk * dd / (ii * c)), b)
        ok = ~np.isnan(b) & (q < _upper_bounds(b))
        # K D / q -> 0 as q -> 0 when K = 0 (the limit K -> 0 of the optimum)
        ordering = np.where((dd == 0) | (kk == 0), 0.0, kk * dd / q)
        tc = c * dd + ordering + ii * c * q / 2.0
        tc = np.where(ok, tc, np.inf)
    return q, tc, c


def _incremental_candidates(
    dd: FloatArray, kk: FloatArray, ii: FloatArray, b: FloatArray, c: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Stationary point of each tier (else its breakpoint), total cost and average price."""
    valid = ~np.isnan(b)
    widths = np.where(valid[:, :-1], np.diff(np.where(valid, b, 0.0), axis=1), 0.0)
    spent = np.concatenate(
        [
            np.zeros((b.shape[0], 1)),
            np.cumsum(np.where(valid[:, :-1], c[:, :-1], 0.0) * widths, 1),
        ],
        axis=1,
    )
    fixed = spent - c * b  # R_j - c_j b_j
    with np.errstate(divide="ignore", invalid="ignore"):
        q_free = np.sqrt(2.0 * dd * (kk + fixed) / (ii * c))
        stationary = valid & (q_free >= b) & (q_free < _upper_bounds(b))
        q = np.where(stationary, q_free, b)
        ok = valid & (stationary | (b > 0) | (dd == 0))
        ordering = np.where((dd == 0) | (kk + fixed == 0), 0.0, (kk + fixed) * dd / q)
        tc = c * dd + ordering + ii * fixed / 2.0 + ii * c * q / 2.0
        unit = np.where(q > 0, (spent + c * (q - b)) / q, c)
        tc = np.where(ok, tc, np.inf)
    return q, tc, unit


# ---------------------------------------------------------------------------
# Rounding to case packs
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class RoundedOrderQuantity(DerivedTable):
    r"""Result of [`round_order_quantity`][ecomops.inventory.round_order_quantity].

    Attributes
    ----------
    order_quantity : float or ndarray
        The rounded quantity: a whole number of case packs, at least the
        minimum order (0 where the input was 0). [units]
    packs : float or ndarray
        Number of case packs, ``order_quantity / case_pack``. [packs]
    cost_penalty : float or ndarray
        EOQ cost increase of the rounded quantity over the input, read as the
        economic order quantity: $\tfrac12(q/Q+Q/q)-1$. [fraction]

    Examples
    --------
    >>> from ecomops.inventory import round_order_quantity
    >>> res = round_order_quantity(304.05, case_pack=48)
    >>> res.order_quantity, res.packs, round(res.cost_penalty, 4)
    (288.0, 6.0, 0.0015)
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        share=("cost_penalty",), count=("packs",)
    )

    order_quantity: float | FloatArray
    packs: float | FloatArray
    cost_penalty: float | FloatArray


_ROUNDING = Constraints(
    order_quantity=NON_NEGATIVE,
    case_pack=POSITIVE,
    minimum_order=NON_NEGATIVE,
    method=Options(PACK_ROUNDING_METHODS),
)


@_ROUNDING.declare
def round_order_quantity(
    order_quantity: float | ArrayLike,
    *,
    case_pack: float | ArrayLike = 1,
    minimum_order: float | ArrayLike = 0,
    method: PackRoundingMethod = "cost",
) -> RoundedOrderQuantity:
    r"""Round order quantities to whole case packs and a minimum order, reporting the cost.

    With $\ell=c\lfloor Q/c\rfloor$ and $u=\ell+c$ the pack multiples
    around $Q$:

    * ``"cost"`` (default): the multiple with the lower EOQ cost: $u$ if
      $Q^2>\ell u$ (the geometric mean rule), else $\ell$;
    * ``"nearest"``: the nearest multiple (ties up);
    * ``"up"``: $u$ unless $Q$ is already a multiple.

    Then $q=\max(q,\;c\lceil m/c\rceil)$ for the minimum order $m$,
    and the penalty is $\tfrac12(q/Q+Q/q)-1$.

    Parameters
    ----------
    order_quantity : float or array_like
        The quantity to round $Q$, >= 0 (usually an EOQ). [units]
    case_pack : float or array_like
        Units per case pack $c$, > 0; default 1. [units / pack]
    minimum_order : float or array_like
        Supplier's minimum order quantity $m$, >= 0; default 0. [units]
    method : {"cost", "nearest", "up"}
        Rounding rule; default ``"cost"``.

    Returns
    -------
    RoundedOrderQuantity
        ``order_quantity``, ``packs``, ``cost_penalty``.

    Raises
    ------
    InvalidInputError
        For a negative quantity or minimum, a non-positive pack size, or an
        unknown ``method``.

    Notes
    -----
    A zero input (a SKU with no demand) stays 0, with no penalty: no order is
    placed, so the minimum order does not apply. The penalty formula is exact
    when the input is the EOQ of the SKU (Silver et al. 2017, §6.5). NaN
    propagates element-wise.

    References
    ----------
    1. Silver, E. A., Pyke, D. F. and Thomas, D. J. (2017), *Inventory and
       Production Management in Supply Chains*, 4th ed., CRC Press, §6.5 (cost
       penalty of a deviation from the EOQ) and §6.6 (rounding to pack sizes).

    Examples
    --------
    >>> from ecomops.inventory import round_order_quantity
    >>> res = round_order_quantity([304.05, 20.0, 0.0], case_pack=48, minimum_order=96)
    >>> res.order_quantity, res.cost_penalty.round(4).tolist()
    (array([288.,  96.,   0.]), [0.0015, 1.5042, 0.0])
    """
    method, q, c, m = _ROUNDING.convert(
        method=method,
        order_quantity=order_quantity,
        case_pack=case_pack,
        minimum_order=minimum_order,
    )
    scalar = all_scalar(order_quantity, case_pack, minimum_order)
    q, c, m = broadcast(order_quantity=q, case_pack=c, minimum_order=m)
    packs_f = q / c
    exact = np.abs(packs_f - np.round(packs_f)) <= 1e-9 * np.maximum(packs_f, 1.0)
    lo = np.where(exact, np.round(packs_f), np.floor(packs_f))
    hi = lo + 1.0
    if method == "cost":
        up = (q * q > (lo * c) * (hi * c)) & ~exact
    elif method == "nearest":
        up = (packs_f - lo >= 0.5) & ~exact
    else:
        up = ~exact
    packs = np.where(up, hi, lo)
    packs = np.maximum(packs, np.ceil(m / c - 1e-9))
    packs = np.where(q == 0, 0.0, packs)
    packs = np.where(np.isnan(q), np.nan, packs)
    out = packs * c
    with np.errstate(divide="ignore", invalid="ignore"):
        penalty = np.where(q == 0, 0.0, 0.5 * (out / q + q / out) - 1.0)
    return RoundedOrderQuantity(
        order_quantity=frozen(out, scalar),
        packs=frozen(packs, scalar),
        cost_penalty=frozen(penalty, scalar),
    )
