r"""Cost-plus prices, margins and markups, break-even and cost-volume-profit (private).

Re-exported by `ecomops.pricing`. Fees charged as a fraction of the selling
price (platform commission, payment processing) enter every formula the same
way: the unit profit is $\pi = p(1 - F) - c - x$, with $F$ the total
fee rate, $c$ the unit cost and $x$ the extra cost per unit.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast, overload

import numpy as np

from ecomops._core.constraints import REAL, Constraints, Interval
from ecomops._core.typing import (
    ROUNDING_MODES,
    ArrayLike,
    BoolArray,
    FloatArray,
    IntArray,
    MoneyLike,
    Real,
    RoundingMode,
)
from ecomops._core.validation import (
    as_float_array,
    broadcast,
    check_option,
    raise_at,
    real_scalar,
    series_io,
    to_output,
)
from ecomops._money import (
    DECIMAL_CONTEXT,
    Currency,
    CurrencyLike,
    Money,
    MoneyArray,
    money_on_grid,
    quantize,
    to_decimal,
)
from ecomops._pricing.common import (
    all_scalar,
    amount_array,
    fee_total,
    money_currency,
    plain_amounts,
    raise_infeasible,
)
from ecomops.exceptions import InvalidInputError

__all__ = [
    "break_even_revenue",
    "break_even_units",
    "break_even_volume_change",
    "contribution_margin",
    "cost_plus_price",
    "margin_from_markup",
    "margin_on_price",
    "markup_from_margin",
    "markup_on_cost",
    "units_for_target_profit",
]

_U = 2.0**-53  # unit roundoff of float64
_HALF_MODES = ("half_up", "half_even", "half_down")
_LIMIT_MINOR = 2.0**62


# ---------------------------------------------------------------------------
# Cost-plus
# ---------------------------------------------------------------------------


@overload
def cost_plus_price(
    unit_cost: Money,
    *,
    markup_on_cost: Real | None = ...,
    margin_on_price: Real | None = ...,
    fee_rates: Real | tuple[Real, ...] = ...,
    extra_cost_per_unit: MoneyLike | Money = ...,
    rounding: RoundingMode = ...,
) -> Money: ...
@overload
def cost_plus_price(  # type: ignore[overload-overlap]
    unit_cost: MoneyArray,
    *,
    markup_on_cost: ArrayLike | None = ...,
    margin_on_price: ArrayLike | None = ...,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = ...,
    extra_cost_per_unit: ArrayLike | Money | MoneyArray = ...,
    rounding: RoundingMode = ...,
) -> MoneyArray: ...
@overload
def cost_plus_price(  # type: ignore[overload-overlap]
    unit_cost: MoneyLike,
    *,
    markup_on_cost: Real | None = ...,
    margin_on_price: Real | None = ...,
    fee_rates: Real | tuple[Real, ...] = ...,
    extra_cost_per_unit: MoneyLike = ...,
    rounding: RoundingMode = ...,
) -> float: ...
@overload
def cost_plus_price(
    unit_cost: ArrayLike,
    *,
    markup_on_cost: ArrayLike | None = ...,
    margin_on_price: ArrayLike | None = ...,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = ...,
    extra_cost_per_unit: ArrayLike = ...,
    rounding: RoundingMode = ...,
) -> FloatArray: ...
@series_io
def cost_plus_price(
    unit_cost: Money | MoneyArray | MoneyLike | ArrayLike,
    *,
    markup_on_cost: ArrayLike | None = None,
    margin_on_price: ArrayLike | None = None,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = 0.0,
    extra_cost_per_unit: MoneyLike | Money | ArrayLike | MoneyArray = 0.0,
    rounding: RoundingMode = "half_up",
) -> Any:
    r"""Price that earns a target margin or markup after price-proportional fees.

    Platform commissions and payment fees are charged on the selling price, so
    they cannot simply be added to the cost. With total fee rate $F$, unit
    cost $c$ and extra cost per unit $x$ (packaging, pick-and-pack),
    the unit profit is $\pi = p(1 - F) - c - x$ and

    $$
    p = \frac{c + x}{1 - F - m}
    \qquad\text{(target margin on price } m = \pi / p\text{)}
    $$

    $$
    p = \frac{(c + x)(1 + k)}{1 - F}
    \qquad\text{(target markup on cost } k = \pi / (c + x)\text{)}
    $$

    Without fees the two agree when $m = k / (1 + k)$.

    Parameters
    ----------
    unit_cost : Money, MoneyArray, float, Decimal, str or array_like
        Landed cost of one unit, ``>= 0``: money for a money price, plain
        numbers for an analytic one. [currency/unit]
    markup_on_cost : float or array_like, optional
        Target unit profit after fees as a fraction of ``unit_cost +
        extra_cost_per_unit``, ``> -1``. Give this or ``margin_on_price``. [-]
    margin_on_price : float or array_like, optional
        Target unit profit after fees as a fraction of the price; with the fees
        it must sum to ``< 1``. [-]
    fee_rates : float, array_like or tuple
        Fees charged as a fraction of the selling price, each in [0, 1). A
        **tuple** lists fee components that are added up (``(0.05, 0.006)``: a 5%
        commission and a 0.6% payment fee); a list or array gives one total
        rate per element, broadcasting with ``unit_cost``. Default 0. [-]
    extra_cost_per_unit : Money, MoneyArray, float or array_like
        Other costs per unit sold (packaging, pick-and-pack, average shipping
        subsidy), ``>= 0``; default 0. Money here also makes the price money. [currency/unit]
    rounding : {"half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"}
        Rounding of a money price to the currency's minor unit; default
        ``"half_up"`` (retail). Use ``"ceiling"`` to never fall below the
        target margin. Plain-number prices are not rounded.

    Returns
    -------
    Money, MoneyArray, float, ndarray of float64 or Series
        With money costs (`Money` or
        `MoneyArray`): the price in their currency,
        ``Money`` for a scalar and ``MoneyArray`` otherwise, the exact rounding
        of the decimal value of the formula (inputs read as their shortest
        decimal form), never a float artefact. With plain numbers: the price in
        major units as a float or float64 array (analytics).
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        If neither or both targets are given; for negative or non-finite costs
        (NaN included: a price is never missing), a fee outside [0, 1), a markup
        ``<= -1``, or fees plus margin ``>= 1``.

    Notes
    -----
    The array path computes the formula in float64 and rounds it directly,
    except for the few prices that land within a provable error bound of a
    rounding boundary (for example, exactly on a cent with ``rounding="up"``);
    those are recomputed exactly with `Decimal`.

    References
    ----------
    1. Nagle, T. T., Hogan, J. E. and Zale, J. (2016), *The Strategy and
       Tactics of Pricing*, 6th ed., Routledge, ch. 1 (cost-plus pricing) and
       ch. 6 (contribution margin, costs that vary with price).
    2. Phillips, R. L. (2021), *Pricing and Revenue Optimization*, 2nd ed.,
       Stanford University Press, §5.1 (unit contribution net of costs that are
       proportional to price).

    Examples
    --------
    A Taobao listing: cost ¥30, ¥2.50 packaging, 5% commission and 0.6% payment
    fee, 35% target margin after fees:

    >>> from ecomops.money import Money, MoneyArray
    >>> cost_plus_price(Money("30.00", "CNY"), margin_on_price=0.35, fee_rates=(0.05, 0.006),
    ...                 extra_cost_per_unit=2.5)
    Money('54.71', 'CNY')
    >>> cost_plus_price(10, markup_on_cost=0.5)
    15.0
    >>> cost_plus_price(MoneyArray.from_amounts([10.0, 20.0], "USD"), margin_on_price=0.2)
    MoneyArray(['12.50', '25.00'], currency='USD')
    >>> cost_plus_price(Money("1.30", "USD"), margin_on_price=0.35, rounding="up")
    Money('2.00', 'USD')
    """
    cur = money_currency(unit_cost, extra_cost_per_unit)  # the money inputs agree on it
    target_in, target_name = _cost_plus_target(markup_on_cost, margin_on_price)
    check_option(rounding, "rounding", ROUNDING_MODES)
    if cur is not None:
        return _money_price(
            unit_cost, extra_cost_per_unit, fee_rates, target_in, target_name, cur, rounding
        )
    one = _one_cost_plus(unit_cost, extra_cost_per_unit, fee_rates, target_in, target_name)
    if one is not None:
        return one
    scalar = all_scalar(unit_cost, target_in, extra_cost_per_unit, fee_rates=fee_rates)
    terms = _cost_plus_terms(unit_cost, extra_cost_per_unit, fee_rates, target_in, target_name)
    return to_output(terms.price, scalar)


def cost_plus_money(
    unit_cost: Any,
    *,
    currency: CurrencyLike,
    markup_on_cost: Any = None,
    margin_on_price: Any = None,
    fee_rates: Any = 0.0,
    extra_cost_per_unit: Any = 0.0,
    rounding: RoundingMode = "half_up",
) -> Money | MoneyArray:
    """`cost_plus_price` as money in ``currency``, whatever the type of the costs.

    For the edge models, whose costs are plain decimals next to a currency
    field; money costs must be in that currency.
    """
    cur = Currency(currency)
    money_currency(unit_cost, extra_cost_per_unit, currency=cur)  # money costs: in it
    target_in, target_name = _cost_plus_target(markup_on_cost, margin_on_price)
    check_option(rounding, "rounding", ROUNDING_MODES)
    return _money_price(
        unit_cost, extra_cost_per_unit, fee_rates, target_in, target_name, cur, rounding
    )


def _money_price(
    unit_cost: Any,
    extra_cost_per_unit: Any,
    fee_rates: Any,
    target_in: Any,
    target_name: str,
    cur: Currency,
    rounding: str,
) -> Money | MoneyArray:
    """`cost_plus_money` once the currency, the target and the rounding are checked."""
    plan = _scalar_plan(extra_cost_per_unit, fee_rates, target_in, target_name)
    one = None if plan is None else plan.price(unit_cost, cur, rounding)
    if one is not None:  # every input passed its check as a plain number
        return one
    scalar = all_scalar(unit_cost, target_in, extra_cost_per_unit, fee_rates=fee_rates)
    terms = _cost_plus_terms(unit_cost, extra_cost_per_unit, fee_rates, target_in, target_name)
    if scalar:
        amount = _exact_scalar_price(
            unit_cost, extra_cost_per_unit, fee_rates, target_in, target_name, cur, rounding
        )
        return money_on_grid(amount, cur)
    return MoneyArray(_rounded_minor_prices(terms, fee_rates, cur, rounding), cur)


@dataclasses.dataclass(frozen=True, slots=True)
class _CostPlusTerms:
    """The broadcast inputs of a cost-plus price and the price in float64."""

    form: str  # "margin" or "markup"
    cost: FloatArray
    extra: FloatArray
    fee: FloatArray
    target: FloatArray
    price: FloatArray

    def condition(self) -> FloatArray:
        """Bound on the relative error of ``price``, in units of the roundoff per operation."""
        fee, target = self.fee, self.target
        if self.form == "margin":
            return 1.0 + (1.0 + fee + np.abs(target)) / (1.0 - fee - target)
        return 1.0 + (1.0 + np.abs(target)) / (1.0 + target) + (1.0 + fee) / (1.0 - fee)


def _cost_plus_target(markup_on_cost: Any, margin_on_price: Any) -> tuple[Any, str]:
    """``(target, its parameter name)`` from the two exclusive targets."""
    if (markup_on_cost is None) == (margin_on_price is None):
        raise InvalidInputError("give exactly one of markup_on_cost and margin_on_price")
    if margin_on_price is not None:
        return margin_on_price, "margin_on_price"
    return markup_on_cost, "markup_on_cost"


def _one_amount(value: Any) -> float | None:
    """One plain amount (a number or a Money) as a finite float, else ``None``."""
    x = float(value.amount) if isinstance(value, Money) else real_scalar(value)
    return x if x is not None and -math.inf < x < math.inf else None


def _one_cost_plus(
    unit_cost: Any, extra_cost_per_unit: Any, fee_rates: Any, target_in: Any, target_name: str
) -> float | None:
    """`_cost_plus_terms` for plain scalars that pass every check, or ``None``.

    The same float operations as the array path; any other input, and any input
    that breaks a rule, returns ``None`` so the array path converts or refuses it.
    """
    cost, extra = _one_amount(unit_cost), _one_amount(extra_cost_per_unit)
    target = _one_amount(target_in)
    if cost is None or extra is None or target is None or not (cost >= 0.0 and extra >= 0.0):
        return None
    fee = 0.0
    for i, part in enumerate(_fee_parts(fee_rates)):  # summed left to right, as numpy does
        f = _one_amount(part)
        if f is None or not 0.0 <= f < 1.0:
            return None
        fee = f if i == 0 else fee + f
    if target_name == "margin_on_price":
        den = 1.0 - fee - target
        return (cost + extra) / den if den > 0 else None
    return (cost + extra) * (1.0 + target) / (1.0 - fee) if target > -1 else None


def _cost_plus_terms(
    unit_cost: Any, extra_cost_per_unit: Any, fee_rates: Any, target_in: Any, target_name: str
) -> _CostPlusTerms:
    """Validate and broadcast the inputs, and evaluate the formula in float64."""
    cost = amount_array(unit_cost, "unit_cost")
    raise_at("unit_cost", "be >= 0", cost < 0, cost)
    extra = amount_array(extra_cost_per_unit, "extra_cost_per_unit")
    raise_at("extra_cost_per_unit", "be >= 0", extra < 0, extra)
    fee = fee_total(fee_rates)
    target = as_float_array(target_in, target_name)
    cost, extra, fee, target = broadcast(
        unit_cost=cost, extra_cost_per_unit=extra, fee_rates=fee, **{target_name: target}
    )
    if target_name == "margin_on_price":
        den = 1.0 - fee - target
        raise_at("fee_rates + margin_on_price", "be < 1", den <= 0, fee + target)
        price = (cost + extra) / den
        return _CostPlusTerms("margin", cost, extra, fee, target, price)
    raise_at("markup_on_cost", "be > -1", target <= -1, target)
    price = (cost + extra) * (1.0 + target) / (1.0 - fee)
    return _CostPlusTerms("markup", cost, extra, fee, target, price)


def _decimal_price(
    cost: Decimal, extra: Decimal, fees: Sequence[Decimal], target: Decimal, form: str
) -> Decimal:
    """The cost-plus formula in exact decimal arithmetic.

    Every operation runs in the private context (the caller's `decimal` context
    would otherwise round the sums, at its own precision).
    """
    return _decimal_price_from(DECIMAL_CONTEXT.add(cost, extra), _price_factors(fees, target, form))


def _price_factors(
    fees: Sequence[Decimal], target: Decimal, form: str
) -> tuple[Decimal | None, Decimal]:
    """The constant part of `_decimal_price`: ``(multiplier or None, divisor)``.

    Margin on price: ``(None, 1 - F - m)``; markup on cost: ``(1 + t, 1 - F)``.
    """
    ctx = DECIMAL_CONTEXT
    total_fee = _ZERO
    for fee in fees:
        total_fee = ctx.add(total_fee, fee)
    if form == "margin":
        return None, ctx.subtract(ctx.subtract(_ONE, total_fee), target)
    return ctx.add(_ONE, target), ctx.subtract(_ONE, total_fee)


def _decimal_price_from(base: Decimal, factors: tuple[Decimal | None, Decimal]) -> Decimal:
    """`_decimal_price` of the base cost ``cost + extra`` and the `_price_factors`."""
    multiplier, divisor = factors
    if multiplier is not None:
        base = DECIMAL_CONTEXT.multiply(base, multiplier)
    return DECIMAL_CONTEXT.divide(base, divisor)


_ZERO, _ONE = Decimal(0), Decimal(1)


def _fee_parts(fee_rates: Any) -> list[Any]:
    return list(fee_rates) if isinstance(fee_rates, tuple) else [fee_rates]


def _item(value: Any) -> Any:
    """A 0-d array as its Python number (the scalar rule); anything else as it is."""
    return value.item() if isinstance(value, np.ndarray) else value


@dataclasses.dataclass(frozen=True, slots=True)
class _ScalarPlan:
    """The per-call constants of a scalar cost-plus price, checked and read exactly once.

    A shop prices every request with the same fees, target and extra cost;
    only the unit cost changes. `price` checks it as `_one_cost_plus` does and
    evaluates `_decimal_price` (the one exact formula) on it.
    """

    extra: Decimal
    factors: tuple[Decimal | None, Decimal]  # `_price_factors`

    def price(self, unit_cost: Any, cur: Currency, rounding: str) -> Money | None:
        """The rounded price of one plain unit cost, or ``None`` for the array path."""
        cost = _one_amount(unit_cost)
        if cost is None or not cost >= 0.0:
            return None
        base = DECIMAL_CONTEXT.add(_exact_amount(unit_cost, "unit_cost"), self.extra)
        d = _decimal_price_from(base, self.factors)
        return money_on_grid(quantize(d, cur, rounding, cash=False), cur)  # on the grid


#: Plans by their float constants (the common case, and the only one keyed: an int,
#: a bool or a Decimal may equal a float as a key). At most `_PLANS_KEPT` entries.
_PLANS: dict[tuple[Any, ...], _ScalarPlan | None] = {}
_PLANS_KEPT = 1024


def _scalar_plan(
    extra_cost_per_unit: Any, fee_rates: Any, target_in: Any, target_name: str
) -> _ScalarPlan | None:
    """The plan of these constants, or ``None`` if one breaks a rule (the array path says which)."""
    parts = _fee_parts(fee_rates)
    if not (
        type(extra_cost_per_unit) is float
        and type(target_in) is float
        and all(type(f) is float for f in parts)
    ):
        return _build_plan(extra_cost_per_unit, fee_rates, target_in, target_name)
    key = (extra_cost_per_unit, fee_rates, target_in, target_name)
    plan = _PLANS.get(key, _MISSING)
    if plan is _MISSING:
        plan = _build_plan(extra_cost_per_unit, fee_rates, target_in, target_name)
        if len(_PLANS) >= _PLANS_KEPT:
            _PLANS.clear()
        _PLANS[key] = plan
    return cast(_ScalarPlan | None, plan)


_MISSING: Any = object()


def _build_plan(
    extra_cost_per_unit: Any, fee_rates: Any, target_in: Any, target_name: str
) -> _ScalarPlan | None:
    # the checks of `_one_cost_plus` on the constants: a zero unit cost passes its own
    if _one_cost_plus(0.0, extra_cost_per_unit, fee_rates, target_in, target_name) is None:
        return None
    fees = [_exact_amount(f, "fee_rates") for f in _fee_parts(fee_rates)]
    form = "margin" if target_name == "margin_on_price" else "markup"
    return _ScalarPlan(
        _exact_amount(extra_cost_per_unit, "extra_cost_per_unit"),
        _price_factors(fees, _exact_amount(target_in, target_name), form),
    )


def _exact_scalar_price(
    unit_cost: Any,
    extra_cost_per_unit: Any,
    fee_rates: Any,
    target_in: Any,
    target_name: str,
    cur: Currency,
    rounding: str,
) -> Decimal:
    """One price computed in decimal from the inputs as given, then rounded."""
    d = _decimal_price(
        _exact_amount(unit_cost, "unit_cost"),
        _exact_amount(extra_cost_per_unit, "extra_cost_per_unit"),
        [_exact_amount(f, "fee_rates") for f in _fee_parts(fee_rates)],
        _exact_amount(target_in, target_name),
        "margin" if target_name == "margin_on_price" else "markup",
    )
    return quantize(d, cur, rounding, cash=False)


def _exact_amount(value: Any, name: str) -> Decimal:
    """One input as the Decimal `to_decimal` reads; a Money's amount is read as it is."""
    kind = type(value)
    if kind is Money:
        amount: Decimal = value.amount  # exact, finite and within the digit bounds
        return amount
    if kind is float:
        return to_decimal(value, name)
    return to_decimal(_item(plain_amounts(value)), name)


def _rounded_minor_prices(
    terms: _CostPlusTerms, fee_rates: Any, cur: Currency, rounding: str
) -> IntArray:
    """Prices in minor units: float64 with a proven error bound, decimal near boundaries."""
    n_fees = len(_fee_parts(fee_rates))
    tol = 16.0 * _U * (n_fees + 4) * terms.condition()
    y = terms.price * float(10**cur.minor_units)
    raise_at(
        "the price of unit_cost + extra_cost_per_unit",  # the inputs that make it too large
        "fit in int64 minor units (< 2**62)",
        y >= _LIMIT_MINOR,
        terms.price,
    )
    slack = (tol + 4.0 * _U) * y
    if rounding in _HALF_MODES:
        ambiguous = np.abs(y - np.floor(y) - 0.5) <= slack
        minor = np.floor(y + 0.5)
    else:
        ambiguous = np.abs(y - np.rint(y)) <= slack
        minor = np.floor(y) if rounding in ("down", "floor") else np.ceil(y)
    ambiguous |= y >= 2.0**50
    out: IntArray = minor.astype(np.int64)
    if ambiguous.any():
        out[ambiguous] = _exact_minor_prices(terms, ambiguous, fee_rates, cur, rounding)
    return out


def _exact_minor_prices(
    terms: _CostPlusTerms, rows: BoolArray, fee_rates: Any, cur: Currency, rounding: str
) -> list[int]:
    """The selected prices recomputed in decimal (inputs read by their shortest form)."""
    shape = terms.cost.shape
    fee_columns = [
        np.broadcast_to(as_float_array(f, "fee_rates"), shape)[rows].tolist()
        for f in _fee_parts(fee_rates)
    ]
    columns = (terms.cost[rows], terms.extra[rows], terms.target[rows])
    exact = []
    for j, (c_j, x_j, t_j) in enumerate(zip(*(col.tolist() for col in columns), strict=True)):
        d = _decimal_price(
            Decimal(repr(c_j)),
            Decimal(repr(x_j)),
            [Decimal(repr(col[j])) for col in fee_columns],
            Decimal(repr(t_j)),
            terms.form,
        )
        exact.append(int(quantize(d, cur, rounding, cash=False).scaleb(cur.minor_units)))
    return exact


# ---------------------------------------------------------------------------
# Margins and markups
# ---------------------------------------------------------------------------


def _unit_profit(
    price: Any, unit_cost: Any, fee_rates: Any, extra_cost_per_unit: Any, *, price_gt0: bool
) -> tuple[FloatArray, FloatArray, FloatArray, bool]:
    """Unit profit after fees, the price and the total unit cost, in float64 major units."""
    money_currency(price, unit_cost, extra_cost_per_unit)  # one currency, if any is money
    scalar = all_scalar(price, unit_cost, extra_cost_per_unit, fee_rates=fee_rates)
    p = amount_array(price, "price", allow_nan=True)
    if price_gt0:
        raise_at("price", "be > 0", p <= 0, p)
    else:
        raise_at("price", "be >= 0", p < 0, p)
    c = amount_array(unit_cost, "unit_cost", allow_nan=True)
    raise_at("unit_cost", "be >= 0", c < 0, c)
    x = amount_array(extra_cost_per_unit, "extra_cost_per_unit", allow_nan=True)
    raise_at("extra_cost_per_unit", "be >= 0", x < 0, x)
    f = fee_total(fee_rates)
    p, c, x, f = broadcast(price=p, unit_cost=c, extra_cost_per_unit=x, fee_rates=f)
    with np.errstate(invalid="ignore"):
        profit = p * (1.0 - f) - c - x
    return profit, p, c + x, scalar


@overload
def margin_on_price(  # type: ignore[overload-overlap]
    price: MoneyLike | Money,
    unit_cost: MoneyLike | Money,
    *,
    fee_rates: Real | tuple[Real, ...] = ...,
    extra_cost_per_unit: MoneyLike | Money = ...,
) -> float: ...
@overload
def margin_on_price(
    price: ArrayLike | MoneyArray,
    unit_cost: ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = ...,
    extra_cost_per_unit: ArrayLike | MoneyArray = ...,
) -> FloatArray: ...
@series_io
def margin_on_price(
    price: MoneyLike | Money | ArrayLike | MoneyArray,
    unit_cost: MoneyLike | Money | ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = 0.0,
    extra_cost_per_unit: MoneyLike | Money | ArrayLike | MoneyArray = 0.0,
) -> Any:
    r"""Unit profit after fees as a fraction of the price (the margin).

    $$ m = \frac{p(1 - F) - c - x}{p} $$

    Parameters
    ----------
    price : float or array_like
        Selling price, ``> 0``. [currency/unit]
    unit_cost : float or array_like
        Unit cost, ``>= 0``. [currency/unit]
    fee_rates : float, array_like or tuple
        Fees as a fraction of the price; a tuple lists components (summed), as
        in `cost_plus_price`. Default 0. [-]
    extra_cost_per_unit : float or array_like
        Other costs per unit, ``>= 0``; default 0. [currency/unit]

    Returns
    -------
    float, ndarray of float64 or Series
        The margin on price; negative when the price is below cost. NaN inputs
        give NaN in that element. [-]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For a price ``<= 0``, a negative cost, or a fee outside [0, 1).

    References
    ----------
    1. Nagle, T. T., Hogan, J. E. and Zale, J. (2016), *The Strategy and
       Tactics of Pricing*, 6th ed., ch. 6 (percent contribution margin).

    Examples
    --------
    >>> margin_on_price(20.0, 12.0)
    0.4
    >>> round(margin_on_price(54.71, 30, fee_rates=(0.05, 0.006), extra_cost_per_unit=2.5), 4)
    0.35
    >>> margin_on_price([10, 20], [5, 5])
    array([0.5 , 0.75])
    """
    profit, p, _, scalar = _unit_profit(
        price, unit_cost, fee_rates, extra_cost_per_unit, price_gt0=True
    )
    return to_output(profit / p, scalar)


@overload
def markup_on_cost(  # type: ignore[overload-overlap]
    price: MoneyLike | Money,
    unit_cost: MoneyLike | Money,
    *,
    fee_rates: Real | tuple[Real, ...] = ...,
    extra_cost_per_unit: MoneyLike | Money = ...,
) -> float: ...
@overload
def markup_on_cost(
    price: ArrayLike | MoneyArray,
    unit_cost: ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = ...,
    extra_cost_per_unit: ArrayLike | MoneyArray = ...,
) -> FloatArray: ...
@series_io
def markup_on_cost(
    price: MoneyLike | Money | ArrayLike | MoneyArray,
    unit_cost: MoneyLike | Money | ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = 0.0,
    extra_cost_per_unit: MoneyLike | Money | ArrayLike | MoneyArray = 0.0,
) -> Any:
    r"""Unit profit after fees as a fraction of the cost (the markup).

    $$ k = \frac{p(1 - F) - c - x}{c + x} $$

    Parameters
    ----------
    price : float or array_like
        Selling price, ``>= 0``. [currency/unit]
    unit_cost : float or array_like
        Unit cost; with ``extra_cost_per_unit`` it must be ``> 0``. [currency/unit]
    fee_rates : float, array_like or tuple
        Fees as a fraction of the price; a tuple lists components. Default 0. [-]
    extra_cost_per_unit : float or array_like
        Other costs per unit, ``>= 0``; default 0. [currency/unit]

    Returns
    -------
    float, ndarray of float64 or Series
        The markup on cost; NaN inputs give NaN in that element. [-]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For a negative price or cost, a total cost of 0, or a fee outside [0, 1).

    References
    ----------
    1. Nagle, T. T., Hogan, J. E. and Zale, J. (2016), *The Strategy and
       Tactics of Pricing*, 6th ed., ch. 1 (cost-plus pricing and markups).

    Examples
    --------
    >>> markup_on_cost(20.0, 12.0)
    0.6666666666666666
    >>> markup_on_cost([15, 30], 10)
    array([0.5, 2. ])
    """
    profit, _, total_cost, scalar = _unit_profit(
        price, unit_cost, fee_rates, extra_cost_per_unit, price_gt0=False
    )
    raise_at("unit_cost + extra_cost_per_unit", "be > 0", total_cost == 0, total_cost)
    return to_output(profit / total_cost, scalar)


_ABOVE_MINUS_ONE = Interval(-1.0, None, "neither")
_MARGIN_FROM_MARKUP = Constraints(markup_on_cost=_ABOVE_MINUS_ONE)


@overload
def margin_from_markup(markup_on_cost: Real) -> float: ...
@overload
def margin_from_markup(markup_on_cost: ArrayLike) -> FloatArray: ...
@series_io
@_MARGIN_FROM_MARKUP.declare
def margin_from_markup(markup_on_cost: ArrayLike) -> Any:
    r"""Convert a markup on cost to the equivalent margin on price.

    $$ m = \frac{k}{1 + k} $$

    Parameters
    ----------
    markup_on_cost : float or array_like
        Markup on cost, ``> -1``. [-]

    Returns
    -------
    float, ndarray of float64 or Series
        Margin on price, ``< 1``; NaN propagates. [-]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For a markup ``<= -1``.

    References
    ----------
    1. Nagle, T. T., Hogan, J. E. and Zale, J. (2016), *The Strategy and
       Tactics of Pricing*, 6th ed., ch. 1.

    Examples
    --------
    >>> margin_from_markup(0.5)
    0.3333333333333333
    >>> margin_from_markup([1.0, 0.25])
    array([0.5, 0.2])
    """
    scalar = all_scalar(markup_on_cost)
    (k,) = _MARGIN_FROM_MARKUP.convert(markup_on_cost=markup_on_cost)
    return to_output(k / (1.0 + k), scalar)


_MARKUP_FROM_MARGIN = Constraints(margin_on_price=Interval(None, 1.0, "neither"))


@overload
def markup_from_margin(margin_on_price: Real) -> float: ...
@overload
def markup_from_margin(margin_on_price: ArrayLike) -> FloatArray: ...
@series_io
@_MARKUP_FROM_MARGIN.declare
def markup_from_margin(margin_on_price: ArrayLike) -> Any:
    r"""Convert a margin on price to the equivalent markup on cost.

    $$ k = \frac{m}{1 - m} $$

    Parameters
    ----------
    margin_on_price : float or array_like
        Margin on price, ``< 1``. [-]

    Returns
    -------
    float, ndarray of float64 or Series
        Markup on cost, ``> -1``; NaN propagates. [-]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For a margin ``>= 1`` (a 100% margin needs an infinite markup).

    References
    ----------
    1. Nagle, T. T., Hogan, J. E. and Zale, J. (2016), *The Strategy and
       Tactics of Pricing*, 6th ed., ch. 1.

    Examples
    --------
    >>> markup_from_margin(0.4)
    0.6666666666666667
    >>> markup_from_margin([0.5, 0.2])
    array([1.  , 0.25])
    """
    scalar = all_scalar(margin_on_price)
    (m,) = _MARKUP_FROM_MARGIN.convert(margin_on_price=margin_on_price)
    return to_output(m / (1.0 - m), scalar)


# ---------------------------------------------------------------------------
# Break-even and cost-volume-profit
# ---------------------------------------------------------------------------


@overload
def contribution_margin(  # type: ignore[overload-overlap]
    price: MoneyLike | Money,
    unit_cost: MoneyLike | Money,
    *,
    fee_rates: Real | tuple[Real, ...] = ...,
    extra_cost_per_unit: MoneyLike | Money = ...,
) -> float: ...
@overload
def contribution_margin(
    price: ArrayLike | MoneyArray,
    unit_cost: ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = ...,
    extra_cost_per_unit: ArrayLike | MoneyArray = ...,
) -> FloatArray: ...
@series_io
def contribution_margin(
    price: MoneyLike | Money | ArrayLike | MoneyArray,
    unit_cost: MoneyLike | Money | ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = 0.0,
    extra_cost_per_unit: MoneyLike | Money | ArrayLike | MoneyArray = 0.0,
) -> Any:
    r"""Unit contribution: what one more unit sold adds to profit.

    $$ \pi = p(1 - F) - c - x $$

    Parameters
    ----------
    price : float or array_like
        Selling price, ``>= 0``. [currency/unit]
    unit_cost : float or array_like
        Variable cost per unit, ``>= 0``. [currency/unit]
    fee_rates : float, array_like or tuple
        Fees as a fraction of the price; a tuple lists components. Default 0. [-]
    extra_cost_per_unit : float or array_like
        Other variable costs per unit, ``>= 0``; default 0. [currency/unit]

    Returns
    -------
    float, ndarray of float64 or Series
        Unit contribution; NaN inputs give NaN in that element. [currency/unit]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For negative prices or costs, or a fee outside [0, 1).

    References
    ----------
    1. Horngren, C. T., Datar, S. M. and Rajan, M. V. (2012), *Cost
       Accounting: A Managerial Emphasis*, 14th ed., Pearson, ch. 3
       (contribution margin per unit).

    Examples
    --------
    >>> contribution_margin(200, 120)
    80.0
    >>> contribution_margin([99.0, 59.0], 40.0, fee_rates=0.05)
    array([54.05, 16.05])
    """
    profit, _, _, scalar = _unit_profit(
        price, unit_cost, fee_rates, extra_cost_per_unit, price_gt0=False
    )
    return to_output(profit, scalar)


def _cvp(
    fixed: Any,
    price: Any,
    unit_cost: Any,
    fee_rates: Any,
    extra: Any,
    target: Any = 0.0,
) -> tuple[FloatArray, FloatArray, bool]:
    """Units to sell for the contribution to cover ``fixed + target``, the price, scalar flag."""
    money_currency(fixed, price, unit_cost, extra, target)  # one currency, if any is money
    profit, p, _, scalar = _unit_profit(price, unit_cost, fee_rates, extra, price_gt0=False)
    fc = amount_array(fixed, "fixed_costs", allow_nan=True)
    raise_at("fixed_costs", "be >= 0", fc < 0, fc)
    tp = amount_array(target, "target_profit", allow_nan=True)
    scalar = scalar and all_scalar(fixed, target)
    fc, tp, profit, p = broadcast(fixed_costs=fc, target_profit=tp, price=profit, unit_cost=p)
    need = fc + tp
    raise_at("fixed_costs + target_profit", "be >= 0", need < 0, need)
    with np.errstate(invalid="ignore"):
        raise_infeasible(
            "no sales volume breaks even when the unit contribution p(1 - F) - c - x is <= 0",
            profit <= 0,
            profit,
        )
    return need / profit, p, scalar


@overload
def break_even_units(  # type: ignore[overload-overlap]
    fixed_costs: MoneyLike | Money,
    price: MoneyLike | Money,
    unit_cost: MoneyLike | Money,
    *,
    fee_rates: Real | tuple[Real, ...] = ...,
    extra_cost_per_unit: MoneyLike | Money = ...,
) -> float: ...
@overload
def break_even_units(
    fixed_costs: ArrayLike | MoneyArray,
    price: ArrayLike | MoneyArray,
    unit_cost: ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = ...,
    extra_cost_per_unit: ArrayLike | MoneyArray = ...,
) -> FloatArray: ...
@series_io
def break_even_units(
    fixed_costs: MoneyLike | Money | ArrayLike | MoneyArray,
    price: MoneyLike | Money | ArrayLike | MoneyArray,
    unit_cost: MoneyLike | Money | ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = 0.0,
    extra_cost_per_unit: MoneyLike | Money | ArrayLike | MoneyArray = 0.0,
) -> Any:
    r"""Units to sell for the contribution to cover the fixed costs.

    $$ Q_{BE} = \frac{FC}{p(1 - F) - c - x} $$

    Parameters
    ----------
    fixed_costs : float or array_like
        Fixed costs of the period or campaign (a booth, an ad budget, a
        platform's annual fee), ``>= 0``. [currency]
    price : float or array_like
        Selling price. [currency/unit]
    unit_cost : float or array_like
        Variable cost per unit. [currency/unit]
    fee_rates : float, array_like or tuple
        Fees as a fraction of the price; a tuple lists components. Default 0. [-]
    extra_cost_per_unit : float or array_like
        Other variable costs per unit; default 0. [currency/unit]

    Returns
    -------
    float, ndarray of float64 or Series
        Break-even volume, continuous (round up, ``math.ceil``, for whole
        units); NaN inputs give NaN. [units]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For negative fixed costs, prices or costs.
    InfeasibleProblemError
        Where the unit contribution is ``<= 0``: no volume breaks even.

    References
    ----------
    1. Horngren, C. T., Datar, S. M. and Rajan, M. V. (2012), *Cost
       Accounting: A Managerial Emphasis*, 14th ed., Pearson, ch. 3 (the
       equation and contribution-margin methods; Emma's GMAT Success packages:
       $200 price, $120 cost, $2,000 booth, 25 units).

    Examples
    --------
    >>> break_even_units(2000, 200, 120)
    25.0
    >>> break_even_units(2000, [200, 180], 120)
    array([25.        , 33.33333333])
    """
    units, _, scalar = _cvp(fixed_costs, price, unit_cost, fee_rates, extra_cost_per_unit)
    return to_output(units, scalar)


@overload
def break_even_revenue(  # type: ignore[overload-overlap]
    fixed_costs: MoneyLike | Money,
    price: MoneyLike | Money,
    unit_cost: MoneyLike | Money,
    *,
    fee_rates: Real | tuple[Real, ...] = ...,
    extra_cost_per_unit: MoneyLike | Money = ...,
) -> float: ...
@overload
def break_even_revenue(
    fixed_costs: ArrayLike | MoneyArray,
    price: ArrayLike | MoneyArray,
    unit_cost: ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = ...,
    extra_cost_per_unit: ArrayLike | MoneyArray = ...,
) -> FloatArray: ...
@series_io
def break_even_revenue(
    fixed_costs: MoneyLike | Money | ArrayLike | MoneyArray,
    price: MoneyLike | Money | ArrayLike | MoneyArray,
    unit_cost: MoneyLike | Money | ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = 0.0,
    extra_cost_per_unit: MoneyLike | Money | ArrayLike | MoneyArray = 0.0,
) -> Any:
    r"""Revenue at the break-even volume.

    $$ R_{BE} = p \, Q_{BE} = \frac{FC}{(p(1 - F) - c - x) / p} $$

    Parameters
    ----------
    fixed_costs : float or array_like
        Fixed costs, ``>= 0``. [currency]
    price : float or array_like
        Selling price. [currency/unit]
    unit_cost : float or array_like
        Variable cost per unit. [currency/unit]
    fee_rates : float, array_like or tuple
        Fees as a fraction of the price; a tuple lists components. Default 0. [-]
    extra_cost_per_unit : float or array_like
        Other variable costs per unit; default 0. [currency/unit]

    Returns
    -------
    float, ndarray of float64 or Series
        Break-even revenue (gross of fees); NaN propagates. [currency]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For negative inputs.
    InfeasibleProblemError
        Where the unit contribution is ``<= 0``.

    References
    ----------
    1. Horngren, C. T., Datar, S. M. and Rajan, M. V. (2012), *Cost
       Accounting: A Managerial Emphasis*, 14th ed., Pearson, ch. 3
       (break-even revenue = fixed costs / contribution margin percentage;
       Emma's example: $5,000).

    Examples
    --------
    >>> break_even_revenue(2000, 200, 120)
    5000.0
    """
    units, p, scalar = _cvp(fixed_costs, price, unit_cost, fee_rates, extra_cost_per_unit)
    return to_output(units * p, scalar)


@overload
def units_for_target_profit(  # type: ignore[overload-overlap]
    target_profit: MoneyLike | Money,
    fixed_costs: MoneyLike | Money,
    price: MoneyLike | Money,
    unit_cost: MoneyLike | Money,
    *,
    fee_rates: Real | tuple[Real, ...] = ...,
    extra_cost_per_unit: MoneyLike | Money = ...,
) -> float: ...
@overload
def units_for_target_profit(
    target_profit: ArrayLike | MoneyArray,
    fixed_costs: ArrayLike | MoneyArray,
    price: ArrayLike | MoneyArray,
    unit_cost: ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = ...,
    extra_cost_per_unit: ArrayLike | MoneyArray = ...,
) -> FloatArray: ...
@series_io
def units_for_target_profit(
    target_profit: MoneyLike | Money | ArrayLike | MoneyArray,
    fixed_costs: MoneyLike | Money | ArrayLike | MoneyArray,
    price: MoneyLike | Money | ArrayLike | MoneyArray,
    unit_cost: MoneyLike | Money | ArrayLike | MoneyArray,
    *,
    fee_rates: ArrayLike | tuple[ArrayLike, ...] = 0.0,
    extra_cost_per_unit: MoneyLike | Money | ArrayLike | MoneyArray = 0.0,
) -> Any:
    r"""Units to sell to earn a target operating profit.

    $$ Q = \frac{FC + \Pi^*}{p(1 - F) - c - x} $$

    Parameters
    ----------
    target_profit : float or array_like
        Target operating profit of the period (before tax); with the fixed
        costs it must be ``>= 0``. [currency]
    fixed_costs : float or array_like
        Fixed costs, ``>= 0``. [currency]
    price : float or array_like
        Selling price. [currency/unit]
    unit_cost : float or array_like
        Variable cost per unit. [currency/unit]
    fee_rates : float, array_like or tuple
        Fees as a fraction of the price; a tuple lists components. Default 0. [-]
    extra_cost_per_unit : float or array_like
        Other variable costs per unit; default 0. [currency/unit]

    Returns
    -------
    float, ndarray of float64 or Series
        Volume, continuous (round up for whole units); NaN propagates. [units]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For negative inputs, or ``fixed_costs + target_profit < 0``.
    InfeasibleProblemError
        Where the unit contribution is ``<= 0``.

    References
    ----------
    1. Horngren, C. T., Datar, S. M. and Rajan, M. V. (2012), *Cost
       Accounting: A Managerial Emphasis*, 14th ed., Pearson, ch. 3 (target
       operating income; Emma's example: $1,200 needs 40 units).

    Examples
    --------
    >>> units_for_target_profit(1200, 2000, 200, 120)
    40.0
    """
    units, _, scalar = _cvp(
        fixed_costs, price, unit_cost, fee_rates, extra_cost_per_unit, target_profit
    )
    return to_output(units, scalar)


_VOLUME_CHANGE = Constraints(
    price_change_rate=_ABOVE_MINUS_ONE,
    contribution_margin_rate=Interval(None, 1.0, "right"),
    cost_change_rate=REAL,
)


@overload
def break_even_volume_change(
    price_change_rate: Real, contribution_margin_rate: Real, *, cost_change_rate: Real = ...
) -> float: ...
@overload
def break_even_volume_change(
    price_change_rate: ArrayLike,
    contribution_margin_rate: ArrayLike,
    *,
    cost_change_rate: ArrayLike = ...,
) -> FloatArray: ...
@series_io
@_VOLUME_CHANGE.declare
def break_even_volume_change(
    price_change_rate: ArrayLike,
    contribution_margin_rate: ArrayLike,
    *,
    cost_change_rate: ArrayLike = 0.0,
) -> Any:
    r"""Relative change in unit sales that keeps the total contribution unchanged.

    The break-even sales change of a price change $\Delta p$ (as a fraction
    of the current price) at a contribution margin rate $CM$:

    $$ \%\Delta Q_{BE} = \frac{-(\Delta p - \Delta c)}{CM + \Delta p - \Delta c} $$

    A price cut needs at least this lift to pay for itself; a price rise can
    lose up to this much volume (a negative number) and still earn more.

    Parameters
    ----------
    price_change_rate : float or array_like
        Price change as a fraction of the current price: ``-0.10`` for a 10%
        cut, ``> -1``. [-]
    contribution_margin_rate : float or array_like
        Current unit contribution as a fraction of the current price (the
        margin on price after fees and variable costs), ``<= 1``. [-]
    cost_change_rate : float or array_like
        Change in the variable cost per unit, as a fraction of the current
        price (a supplier discount that comes with a promotion is negative);
        default 0. [-]

    Returns
    -------
    float, ndarray of float64 or Series
        The break-even change in unit sales: ``0.333`` means +33.3%. NaN
        propagates. [-]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        For a price change ``<= -1`` or a margin rate ``> 1``.
    InfeasibleProblemError
        Where the new contribution margin $CM + \Delta p - \Delta c$ is
        ``<= 0``: no volume can pay for the change.

    References
    ----------
    1. Nagle, T. T., Hogan, J. E. and Zale, J. (2016), *The Strategy and
       Tactics of Pricing*, 6th ed., Routledge, ch. 6, "Financial analysis":
       the break-even sales change formula.

    Examples
    --------
    A 10% cut at a 40% contribution margin needs 33.3% more units:

    >>> round(break_even_volume_change(-0.10, 0.40), 4)
    0.3333
    >>> break_even_volume_change([0.05, -0.2], 0.25)
    array([-0.16666667,  4.        ])
    """
    scalar = all_scalar(price_change_rate, contribution_margin_rate, cost_change_rate)
    dp, cm, dc = _VOLUME_CHANGE.convert(
        price_change_rate=price_change_rate,
        contribution_margin_rate=contribution_margin_rate,
        cost_change_rate=cost_change_rate,
    )
    dp, cm, dc = broadcast(price_change_rate=dp, contribution_margin_rate=cm, cost_change_rate=dc)
    delta = dp - dc
    new_cm = cm + delta
    with np.errstate(invalid="ignore"):
        raise_infeasible(
            "no volume change pays for a price change that leaves a contribution margin "
            "CM + dp - dc <= 0",
            new_cm <= 0,
            new_cm,
        )
    return to_output(-delta / new_cm, scalar)
