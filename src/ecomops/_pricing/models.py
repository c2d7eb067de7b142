"""Edge models of :mod:`ecomops.pricing`: a SKU's cost structure and a pricing rule (private).

Both are frozen pydantic models whose methods call the core functions under the
same names. :class:`Product` describes one SKU; :class:`PriceRule` describes a
policy once and prices whole arrays of costs, vectorised (never one model per
row).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import numpy as np
from pydantic import Field, model_validator

from ecomops._core.models import EcomopsModel
from ecomops._core.typing import ArrayLike, IntArray, MoneyLike, RoundingMode
from ecomops._money import Currency, to_decimal
from ecomops._pricing.demand import _Demand
from ecomops._pricing.endings import _parse_ending, charm_price
from ecomops._pricing.margins import (
    break_even_units,
    contribution_margin,
    cost_plus_price,
    margin_on_price,
    markup_on_cost,
)
from ecomops.exceptions import InvalidInputError

__all__ = ["PriceRule", "Product"]


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
        Landed cost of one unit, ``>= 0``. [currency/unit]
    currency : Currency
        ISO 4217 currency of every amount.
    fee_rates : tuple of float
        Fee components charged as a fraction of the selling price (platform
        commission, payment fee), each in [0, 1). [-]
    extra_cost_per_unit : Decimal
        Packaging, pick-and-pack and other costs per unit sold, ``>= 0``. [currency/unit]
    min_margin_on_price : float, optional
        The lowest acceptable margin on price after fees; sets
        :meth:`floor_price`. [-]
    sku : str, optional
        Identifier, for display.

    Examples
    --------
    >>> item = Product(unit_cost="30.00", currency="CNY", fee_rates=(0.05, 0.006),
    ...                extra_cost_per_unit="2.50", min_margin_on_price=0.2)
    >>> item.price_for_margin(0.35)
    Decimal('54.71')
    >>> item.floor_price()
    Decimal('43.69')
    >>> item.charm_price(42.0, ending=".9")  # 41.90 would break the 20% floor
    Decimal('43.90')
    >>> round(item.margin_on_price(54.9), 4)
    0.352
    """

    unit_cost: Decimal = Field(ge=0)
    currency: Currency
    fee_rates: tuple[float, ...] = ()
    extra_cost_per_unit: Decimal = Field(default=Decimal(0), ge=0)
    min_margin_on_price: float | None = None
    sku: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Product:
        if not self.unit_cost.is_finite() or not self.extra_cost_per_unit.is_finite():
            raise ValueError("unit_cost and extra_cost_per_unit must be finite")
        _check_fees(self.fee_rates, self.min_margin_on_price, "min_margin_on_price")
        return self

    def _kw(self) -> dict[str, Any]:
        return {"fee_rates": self.fee_rates, "extra_cost_per_unit": self.extra_cost_per_unit}

    def price_for_margin(
        self, margin_on_price: float, *, rounding: RoundingMode = "half_up"
    ) -> Decimal:
        """Cost-plus price for a target margin on price: :func:`cost_plus_price`.

        Examples
        --------
        >>> Product(unit_cost=12, currency="USD").price_for_margin(0.4)
        Decimal('20.00')
        """
        return cost_plus_price(
            self.unit_cost, margin_on_price=margin_on_price, currency=self.currency,
            rounding=rounding, **self._kw(),
        )  # fmt: skip

    def price_for_markup(
        self, markup_on_cost: float, *, rounding: RoundingMode = "half_up"
    ) -> Decimal:
        """Cost-plus price for a target markup on cost: :func:`cost_plus_price`.

        Examples
        --------
        >>> Product(unit_cost=12, currency="USD").price_for_markup(0.5)
        Decimal('18.00')
        """
        return cost_plus_price(
            self.unit_cost, markup_on_cost=markup_on_cost, currency=self.currency,
            rounding=rounding, **self._kw(),
        )  # fmt: skip

    def floor_price(self) -> Decimal:
        """Lowest price (rounded up to the minor unit) that keeps the minimum margin.

        With no minimum margin, the break-even price (a margin of 0).

        Examples
        --------
        >>> Product(unit_cost=10, currency="CNY", fee_rates=(0.05,)).floor_price()
        Decimal('10.53')
        """
        return self.price_for_margin(self.min_margin_on_price or 0.0, rounding="ceiling")

    def margin_on_price(self, price: MoneyLike) -> float:
        """Margin on price after fees at ``price``: :func:`margin_on_price`.

        Examples
        --------
        >>> Product(unit_cost=12, currency="USD").margin_on_price(20)
        0.4
        """
        return margin_on_price(
            float(to_decimal(price, "price")), float(self.unit_cost),
            fee_rates=self.fee_rates, extra_cost_per_unit=float(self.extra_cost_per_unit),
        )  # fmt: skip

    def markup_on_cost(self, price: MoneyLike) -> float:
        """Markup on cost after fees at ``price``: :func:`markup_on_cost`.

        Examples
        --------
        >>> Product(unit_cost=12, currency="USD").markup_on_cost(18)
        0.5
        """
        return markup_on_cost(
            float(to_decimal(price, "price")), float(self.unit_cost),
            fee_rates=self.fee_rates, extra_cost_per_unit=float(self.extra_cost_per_unit),
        )  # fmt: skip

    def contribution_margin(self, price: MoneyLike) -> float:
        """Unit contribution at ``price``: :func:`contribution_margin`.

        Examples
        --------
        >>> Product(unit_cost=120, currency="USD").contribution_margin(200)
        80.0
        """
        return contribution_margin(
            float(to_decimal(price, "price")), float(self.unit_cost),
            fee_rates=self.fee_rates, extra_cost_per_unit=float(self.extra_cost_per_unit),
        )  # fmt: skip

    def break_even_units(self, fixed_costs: float, price: MoneyLike) -> float:
        """Units to cover ``fixed_costs`` at ``price``: :func:`break_even_units`.

        Examples
        --------
        >>> Product(unit_cost=120, currency="USD").break_even_units(2000, 200)
        25.0
        """
        return break_even_units(
            fixed_costs, float(to_decimal(price, "price")), float(self.unit_cost),
            fee_rates=self.fee_rates, extra_cost_per_unit=float(self.extra_cost_per_unit),
        )  # fmt: skip

    def charm_price(
        self,
        price: MoneyLike,
        *,
        ending: str,
        direction: Literal["down", "up", "nearest"] = "down",
        avoid_digits: tuple[int, ...] = (),
    ) -> Decimal:
        """Charm ending never below :meth:`floor_price`: :func:`charm_price`.

        Examples
        --------
        >>> Product(unit_cost=19, currency="USD").charm_price(20.0, ending=".99")
        Decimal('19.99')
        >>> Product(unit_cost="19.995", currency="USD").charm_price(20.0, ending=".99")
        Decimal('20.99')
        """
        return charm_price(
            to_decimal(price, "price"), ending=ending, currency=self.currency,
            direction=direction, avoid_digits=avoid_digits, floor=self.floor_price(),
        )  # fmt: skip

    def optimal_price(self, demand: _Demand, *, bounds: Any = None) -> Any:
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
            min_margin=self.min_margin_on_price,
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
    Decimal('54.90')
    >>> rule.price([30.0, 12.0, 99.0])
    array([ 5490,  2490, 17090])
    """

    currency: Currency
    margin_on_price: float | None = None
    markup_on_cost: float | None = None
    fee_rates: tuple[float, ...] = ()
    extra_cost_per_unit: float = Field(default=0.0, ge=0)
    min_margin_on_price: float | None = None
    ending: str | None = None
    direction: Literal["up", "down", "nearest"] = "up"
    avoid_digits: tuple[int, ...] = ()
    rounding: RoundingMode = "half_up"

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
                _parse_ending(self.ending, self.currency, self.avoid_digits)
            except InvalidInputError as exc:
                raise ValueError(str(exc)) from None
        return self

    def price(self, unit_cost: MoneyLike | ArrayLike) -> Decimal | IntArray:
        """Apply the rule: a Decimal for one cost, ``int64`` minor units for an array.

        Parameters
        ----------
        unit_cost : float, Decimal or array_like
            Unit costs, ``>= 0``. [currency/unit]

        Returns
        -------
        Decimal or ndarray of int64
            The final prices.

        Examples
        --------
        >>> PriceRule(currency="USD", markup_on_cost=1.0, ending=".99").price([5.0, 7.5])
        array([1099, 1599])
        """
        target = (
            {"margin_on_price": self.margin_on_price}
            if self.margin_on_price is not None
            else {"markup_on_cost": self.markup_on_cost}
        )
        common = {"fee_rates": self.fee_rates, "extra_cost_per_unit": self.extra_cost_per_unit}
        price_fn: Any = cost_plus_price  # keyword targets are chosen at run time
        base: Any = price_fn(
            unit_cost, currency=self.currency, rounding=self.rounding, **target, **common
        )
        if self.ending is None:
            return base  # type: ignore[no-any-return]
        scale = 10**self.currency.minor_units
        floor: Any = None
        if self.min_margin_on_price is not None:
            floor = price_fn(
                unit_cost, margin_on_price=self.min_margin_on_price, currency=self.currency,
                rounding="ceiling", **common,
            )  # fmt: skip
            floor = floor if isinstance(floor, Decimal) else floor / scale
        prices = base if isinstance(base, Decimal) else np.asarray(base) / scale
        return charm_price(
            prices, ending=self.ending, currency=self.currency, direction=self.direction,
            avoid_digits=self.avoid_digits, floor=floor,
        )  # fmt: skip
