"""Edge models of `ecomops.pricing`: a SKU's cost structure and a pricing rule (private).

Both are frozen pydantic models whose methods call the core functions under the
same names. `Product` describes one SKU; `PriceRule` describes a
policy once and prices whole arrays of costs, vectorised (never one model per
row).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from pydantic import Field, model_validator

from ecomops._core.models import EcomopsModel
from ecomops._core.typing import ArrayLike, FloatArray, MoneyLike, PriceDirection, RoundingMode
from ecomops._money import Currency, Money, MoneyArray, to_decimal
from ecomops._pricing.common import money_currency, plain_amounts
from ecomops._pricing.demand import DemandModel
from ecomops._pricing.endings import charm_price_named, parse_ending
from ecomops._pricing.margins import (
    break_even_units,
    contribution_margin,
    cost_plus_money,
    margin_on_price,
    markup_on_cost,
)
from ecomops.exceptions import InvalidInputError

__all__ = ["PriceRule", "Product"]


def _money_fields(data: Any, names: tuple[str, ...]) -> Any:
    """Read Money given for amount fields as their amounts, in the model's currency.

    A model without a currency takes the money's.
    """
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for name in names:
        value = data.get(name)
        if isinstance(value, Money):
            currency = Currency(data.setdefault("currency", value.currency))
            if currency != value.currency:
                raise ValueError(f"{name} is in {value.currency.code}, not {currency.code}")
            data[name] = value.amount
    return data


def _check_fees(fees: tuple[float, ...], margin: float | None, what: str) -> None:
    for i, f in enumerate(fees):
        if not 0 <= f < 1:
            raise ValueError(f"fee_rates[{i}] must be in [0, 1); got {f!r}")
    total = sum(fees) + (margin or 0.0)
    if total >= 1:
        raise ValueError(f"fee_rates and {what} must sum to < 1; got {total!r}")


class Product(EcomopsModel):
    """One SKU's cost structure; its methods price it with the core functions.

    Attributes
    ----------
    unit_cost : Decimal
        Landed cost of one unit, ``>= 0``; a `Money` is read as its amount (in
        ``currency``, which it sets when not given). [currency/unit]
    currency : Currency
        ISO 4217 currency of every amount.
    fee_rates : tuple of float
        Fee components charged as a fraction of the selling price (platform
        commission, payment fee), each in [0, 1). [-]
    extra_cost_per_unit : Decimal
        Packaging, pick-and-pack and other costs per unit sold, ``>= 0``. [currency/unit]
    min_margin_on_price : float, optional
        The lowest acceptable margin on price after fees; sets
        `floor_price`. [-]
    sku : str, optional
        Identifier, for display.

    Examples
    --------
    >>> item = Product(unit_cost="30.00", currency="CNY", fee_rates=(0.05, 0.006),
    ...                extra_cost_per_unit="2.50", min_margin_on_price=0.2)
    >>> item.price_for_margin(0.35)
    Money('54.71', 'CNY')
    >>> item.floor_price()
    Money('43.69', 'CNY')
    >>> item.charm_price(42.0, ending=".9")  # 41.90 would break the 20% floor
    Money('43.90', 'CNY')
    >>> round(item.margin_on_price(54.9), 4)
    0.352
    >>> Product(unit_cost=Money("12.00", "USD")).price_for_margin(0.4)
    Money('20.00', 'USD')
    """

    unit_cost: Decimal = Field(ge=0)
    currency: Currency
    fee_rates: tuple[float, ...] = ()
    extra_cost_per_unit: Decimal = Field(default=Decimal(0), ge=0)
    min_margin_on_price: float | None = None
    sku: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _read_money(cls, data: Any) -> Any:
        return _money_fields(data, ("unit_cost", "extra_cost_per_unit"))

    @model_validator(mode="after")
    def _check(self) -> Product:
        if not self.unit_cost.is_finite() or not self.extra_cost_per_unit.is_finite():
            raise ValueError("unit_cost and extra_cost_per_unit must be finite")
        _check_fees(self.fee_rates, self.min_margin_on_price, "min_margin_on_price")
        return self

    def _kw(self) -> dict[str, Any]:
        return {"fee_rates": self.fee_rates, "extra_cost_per_unit": self.extra_cost_per_unit}

    def _at_price(self, analytic: Callable[..., float], price: MoneyLike | Money) -> float:
        """An analytic (float) function of the price, unit cost and fees of this SKU."""
        money_currency(price, currency=self.currency)  # money prices in this SKU's currency
        return analytic(
            float(to_decimal(plain_amounts(price), "price")), float(self.unit_cost),
            fee_rates=self.fee_rates, extra_cost_per_unit=float(self.extra_cost_per_unit),
        )  # fmt: skip

    def price_for_margin(
        self, margin_on_price: float, *, rounding: RoundingMode = "half_up"
    ) -> Money:
        """Cost-plus price for a target margin on price: `cost_plus_price`.

        Examples
        --------
        >>> Product(unit_cost=12, currency="USD").price_for_margin(0.4)
        Money('20.00', 'USD')
        """
        return self._cost_plus(rounding, margin_on_price=margin_on_price)

    def price_for_markup(
        self, markup_on_cost: float, *, rounding: RoundingMode = "half_up"
    ) -> Money:
        """Cost-plus price for a target markup on cost: `cost_plus_price`.

        Examples
        --------
        >>> Product(unit_cost=12, currency="USD").price_for_markup(0.5)
        Money('18.00', 'USD')
        """
        return self._cost_plus(rounding, markup_on_cost=markup_on_cost)

    def _cost_plus(self, rounding: RoundingMode, **target: float) -> Money:
        price = cost_plus_money(
            self.unit_cost, currency=self.currency, rounding=rounding, **target, **self._kw()
        )
        return cast(Money, price)  # one SKU, one scalar price

    def floor_price(self) -> Money:
        """Lowest price (rounded up to the minor unit) that keeps the minimum margin.

        With no minimum margin, the break-even price (a margin of 0).

        Examples
        --------
        >>> Product(unit_cost=10, currency="CNY", fee_rates=(0.05,)).floor_price()
        Money('10.53', 'CNY')
        """
        return self.price_for_margin(self.min_margin_on_price or 0.0, rounding="ceiling")

    def margin_on_price(self, price: MoneyLike | Money) -> float:
        """Margin on price after fees at ``price``: `margin_on_price`.

        Examples
        --------
        >>> Product(unit_cost=12, currency="USD").margin_on_price(20)
        0.4
        """
        return self._at_price(margin_on_price, price)

    def markup_on_cost(self, price: MoneyLike | Money) -> float:
        """Markup on cost after fees at ``price``: `markup_on_cost`.

        Examples
        --------
        >>> Product(unit_cost=12, currency="USD").markup_on_cost(18)
        0.5
        """
        return self._at_price(markup_on_cost, price)

    def contribution_margin(self, price: MoneyLike | Money) -> float:
        """Unit contribution at ``price``: `contribution_margin`.

        Examples
        --------
        >>> Product(unit_cost=120, currency="USD").contribution_margin(200)
        80.0
        """
        return self._at_price(contribution_margin, price)

    def break_even_units(self, fixed_costs: float, price: MoneyLike | Money) -> float:
        """Units to cover ``fixed_costs`` at ``price``: `break_even_units`.

        Examples
        --------
        >>> Product(unit_cost=120, currency="USD").break_even_units(2000, 200)
        25.0
        """
        return self._at_price(functools.partial(break_even_units, fixed_costs), price)

    def charm_price(
        self,
        price: MoneyLike | Money,
        *,
        ending: str,
        direction: PriceDirection = "down",
        avoid_digits: tuple[int, ...] = (),
    ) -> Money:
        """Charm ending never below `floor_price`: `charm_price`.

        Examples
        --------
        >>> Product(unit_cost=19, currency="USD").charm_price(20.0, ending=".99")
        Money('19.99', 'USD')
        >>> Product(unit_cost="19.995", currency="USD").charm_price(20.0, ending=".99")
        Money('20.99', 'USD')
        """
        charmed = charm_price_named(
            price, ending, self.currency, direction, avoid_digits, self.floor_price(), None,
            name="price",
        )  # fmt: skip
        return cast(Money, charmed)  # one price, one Money

    def optimal_price(
        self,
        demand: DemandModel,
        *,
        bounds: tuple[ArrayLike | Money | MoneyArray | None, ArrayLike | Money | MoneyArray | None]
        | None = None,
    ) -> float | FloatArray:
        """Profit-maximising price of this SKU under ``demand``, at least the floor.

        Calls ``demand.optimal_price`` with the unit cost plus extra cost, the
        fees and the minimum margin.

        Examples
        --------
        >>> from ecomops.pricing import LinearDemand
        >>> Product(unit_cost=10, currency="CNY").optimal_price(LinearDemand(100.0, -2.0))
        30.0
        """
        return demand.optimal_price(
            float(self.unit_cost + self.extra_cost_per_unit),
            fee_rates=self.fee_rates,
            min_margin_on_price=self.min_margin_on_price,
            bounds=bounds,
        )


class PriceRule(EcomopsModel):
    """A pricing policy, described once and applied to arrays of costs.

    Cost-plus to a target margin or markup after fees, then (optionally) a
    charm ending, never below the minimum margin. Unpack a preset into it:
    ``PriceRule(**CHARM_PRESETS["CNY_9"], margin_on_price=0.35)``.

    Attributes
    ----------
    currency : Currency
        ISO 4217 currency.
    margin_on_price, markup_on_cost : float, optional
        The target, exactly one of them. [-]
    fee_rates : tuple of float
        Fee components as fractions of the price. [-]
    extra_cost_per_unit : float
        Other costs per unit. [currency/unit]
    min_margin_on_price : float, optional
        Floor for the charm step. [-]
    ending : str, optional
        Charm ending (``".9"``, ``"8"``, ``"980"``); none keeps the cost-plus price.
    direction : {"up", "down", "nearest"}
        Where the charm step moves; default ``"up"``, so the target margin holds.
    avoid_digits : tuple of int
        Digits the final price may not contain.
    rounding : {"half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"}
        Rounding of the cost-plus price.

    Examples
    --------
    >>> from ecomops.pricing import CHARM_PRESETS
    >>> rule = PriceRule(**CHARM_PRESETS["CNY_9"], margin_on_price=0.35,
    ...                  fee_rates=(0.05, 0.006), extra_cost_per_unit=2.5)
    >>> rule.price(30)
    Money('54.90', 'CNY')
    >>> rule.price([30.0, 12.0, 99.0])
    MoneyArray(['54.90', '24.90', '170.90'], currency='CNY')
    """

    currency: Currency
    margin_on_price: float | None = None
    markup_on_cost: float | None = None
    fee_rates: tuple[float, ...] = ()
    extra_cost_per_unit: float = Field(default=0.0, ge=0)
    min_margin_on_price: float | None = None
    ending: str | None = None
    direction: PriceDirection = "up"
    avoid_digits: tuple[int, ...] = ()
    rounding: RoundingMode = "half_up"

    @model_validator(mode="before")
    @classmethod
    def _read_money(cls, data: Any) -> Any:
        return _money_fields(data, ("extra_cost_per_unit",))

    @model_validator(mode="after")
    def _check(self) -> PriceRule:
        if (self.margin_on_price is None) == (self.markup_on_cost is None):
            raise ValueError("give exactly one of margin_on_price and markup_on_cost")
        _check_fees(self.fee_rates, self.margin_on_price, "margin_on_price")
        _check_fees(self.fee_rates, self.min_margin_on_price, "min_margin_on_price")
        if self.markup_on_cost is not None and self.markup_on_cost <= -1:
            raise ValueError("markup_on_cost must be > -1")
        if self.ending is not None:
            try:
                parse_ending(self.ending, self.currency, self.avoid_digits)
            except InvalidInputError as exc:
                raise ValueError(str(exc)) from None
        return self

    def price(self, unit_cost: MoneyLike | Money | ArrayLike | MoneyArray) -> Money | MoneyArray:
        """Apply the rule: ``Money`` for one cost, a ``MoneyArray`` for an array of costs.

        Parameters
        ----------
        unit_cost : Money, MoneyArray, float, Decimal or array_like
            Unit costs, ``>= 0``; money must be in the rule's currency. [currency/unit]

        Returns
        -------
        Money or MoneyArray
            The final prices in the rule's currency.

        Examples
        --------
        >>> PriceRule(currency="USD", markup_on_cost=1.0, ending=".99").price([5.0, 7.5])
        MoneyArray(['10.99', '15.99'], currency='USD')
        """
        common = {"fee_rates": self.fee_rates, "extra_cost_per_unit": self.extra_cost_per_unit}
        base = cost_plus_money(
            unit_cost, currency=self.currency, rounding=self.rounding,
            margin_on_price=self.margin_on_price, markup_on_cost=self.markup_on_cost, **common,
        )  # fmt: skip
        if self.ending is None:
            return base
        floor = None
        if self.min_margin_on_price is not None:
            floor = cost_plus_money(
                unit_cost, currency=self.currency, rounding="ceiling",
                margin_on_price=self.min_margin_on_price, **common,
            )  # fmt: skip
        out: Money | MoneyArray = charm_price_named(
            base, self.ending, self.currency, self.direction, self.avoid_digits, floor, None
        )
        return out
