r"""Edge models: a SKU's cost and service description, one item or a whole catalogue (private).

`InventoryItem` holds what a planner states once per SKU (cost, order
cost, holding rate, supplier lead time, service target); demand flows through
its methods, which call the core functions under the same names. Bulk work uses
`InventoryItems`, the column view: one array per field, no model per row.

Time base: the models' period is a **day**. ``demand_mean`` and ``demand_std``
are per day and lead times in days; the annual holding rate becomes a cost per
unit per day with ``days_per_year`` (365 by default, stated on the model) for
the stock levels, and the lot-sizing functions, which work per year, get the
daily demand times ``days_per_year``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from pydantic import Field, model_validator

from ecomops._core.models import EcomopsModel, ReadOnlyFloatArray
from ecomops._core.typing import ArrayLike, FillRateMethod
from ecomops._core.validation import as_bounded_array, raise_at
from ecomops._inventory.levels import SafetyStock, reorder_point
from ecomops._inventory.lotsizing import (
    EconomicOrderQuantity,
    RoundedOrderQuantity,
    economic_order_quantity,
    round_order_quantity,
)
from ecomops.exceptions import InvalidInputError

__all__ = ["InventoryItem", "InventoryItems"]


def _yearly_demand(demand_mean: Any, days_per_year: float) -> Any:
    """The yearly demand rate of a daily ``demand_mean``, checked under that name.

    The lot-sizing functions work per year; checking the caller's daily value
    first makes an error name the parameter the caller passed.
    """
    daily = as_bounded_array(demand_mean, "demand_mean", ge=0)
    with np.errstate(over="ignore"):
        rate = daily * days_per_year
    limit = float(np.finfo(np.float64).max) / days_per_year
    raise_at("demand_mean", f"be < {limit:g} (a finite yearly rate)", np.isinf(rate), daily)
    return rate.item() if rate.ndim == 0 else rate


class _Targets:
    """Shared checks of the service target (exactly one of CSL and fill rate)."""

    cycle_service_level: float | None
    fill_rate: float | None
    fill_rate_method: FillRateMethod | None

    def _check_target(self) -> None:
        if (self.cycle_service_level is None) == (self.fill_rate is None):
            raise ValueError("give exactly one of cycle_service_level and fill_rate")
        if self.fill_rate is not None and self.fill_rate_method is None:
            raise ValueError(
                "fill_rate needs fill_rate_method ('approximate', 'exact' or 'lost_sales')"
            )

    def _target_kwargs(self) -> dict[str, Any]:
        if self.cycle_service_level is not None:
            return {"cycle_service_level": self.cycle_service_level}
        return {"fill_rate": self.fill_rate, "method": self.fill_rate_method}


class InventoryItem(EcomopsModel, _Targets):
    r"""One SKU's inventory parameters; its methods call the core functions.

    Attributes
    ----------
    sku : str, optional
        Identifier. [-]
    unit_cost : float
        Purchase cost per unit, > 0. [currency / unit]
    order_cost : float
        Fixed cost per purchase order, >= 0. [currency / order]
    holding_rate : float
        Annual holding cost as a fraction of the unit cost, > 0 (0.25 = 25% a
        year). [1 / year]
    lead_time_days : float
        Mean supplier lead time, > 0. [days]
    lead_time_std_days : float
        Standard deviation of the lead time, >= 0; default 0. [days]
    cycle_service_level : float, optional
        Target cycle service level in (0, 1). [fraction]
    fill_rate : float, optional
        Target fill rate in (0, 1) (give this or ``cycle_service_level``). [fraction]
    fill_rate_method : {"approximate", "exact", "lost_sales"}, optional
        Required with ``fill_rate``.
    case_pack : float
        Units per case, > 0; default 1. [units]
    minimum_order : float
        Supplier minimum order quantity, >= 0; default 0. [units]
    days_per_year : float
        Days in the holding rate's year, > 0; default 365. [days]

    Examples
    --------
    >>> from ecomops.inventory import InventoryItem
    >>> item = InventoryItem(unit_cost=40.0, order_cost=50.0, holding_rate=0.25,
    ...                      lead_time_days=10, cycle_service_level=0.95)
    >>> round(item.holding_cost_per_day, 6)
    0.027397
    >>> round(item.economic_order_quantity(12.0).order_quantity, 2)
    209.28
    >>> round(item.reorder_point(12.0, 4.0).reorder_point, 2)
    140.81
    """

    sku: str | None = None
    unit_cost: float = Field(gt=0, allow_inf_nan=False)
    order_cost: float = Field(ge=0, allow_inf_nan=False)
    holding_rate: float = Field(gt=0, allow_inf_nan=False)
    lead_time_days: float = Field(gt=0, allow_inf_nan=False)
    lead_time_std_days: float = Field(default=0.0, ge=0, allow_inf_nan=False)
    cycle_service_level: float | None = Field(default=None, gt=0, lt=1)
    fill_rate: float | None = Field(default=None, gt=0, lt=1)
    fill_rate_method: FillRateMethod | None = None
    case_pack: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    minimum_order: float = Field(default=0.0, ge=0, allow_inf_nan=False)
    days_per_year: float = Field(default=365.0, gt=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _one_target(self) -> InventoryItem:
        self._check_target()
        return self

    @property
    def holding_cost_per_day(self) -> float:
        """``unit_cost * holding_rate / days_per_year``. [currency / unit / day]"""
        return self.unit_cost * self.holding_rate / self.days_per_year

    @property
    def holding_cost_per_year(self) -> float:
        """``unit_cost * holding_rate``. [currency / unit / year]"""
        return self.unit_cost * self.holding_rate

    def economic_order_quantity(self, demand_mean: float) -> EconomicOrderQuantity:
        """`economic_order_quantity` of this item's daily demand.

        The lot-sizing functions work per year: the demand rate is
        ``demand_mean * days_per_year`` and the holding cost ``unit_cost *
        holding_rate``.

        Parameters
        ----------
        demand_mean : float
            Mean demand per day, >= 0. [units / day]

        Returns
        -------
        EconomicOrderQuantity
            Costs per year, cycle times in years.

        Examples
        --------
        >>> from ecomops.inventory import InventoryItem
        >>> item = InventoryItem(unit_cost=40.0, order_cost=50.0, holding_rate=0.25,
        ...                      lead_time_days=10, cycle_service_level=0.95)
        >>> eoq = item.economic_order_quantity(12.0)
        >>> round(eoq.order_quantity, 2), round(eoq.cycle_time * 365, 2)  # units, days
        (209.28, 17.44)
        """
        return economic_order_quantity(
            _yearly_demand(demand_mean, self.days_per_year),
            self.order_cost,
            self.holding_cost_per_year,
        )

    def reorder_point(
        self, demand_mean: float, demand_std: float, *, order_quantity: float | None = None
    ) -> SafetyStock:
        """[`reorder_point`][ecomops.inventory.reorder_point] for this item's lead time and target.

        Parameters
        ----------
        demand_mean : float
            Mean demand per day, >= 0. [units / day]
        demand_std : float
            Standard deviation of demand per day, >= 0. [units / day]
        order_quantity : float, optional
            Order quantity for a fill-rate target; default the item's EOQ. [units]

        Returns
        -------
        SafetyStock

        Examples
        --------
        >>> from ecomops.inventory import InventoryItem
        >>> item = InventoryItem(unit_cost=40.0, order_cost=50.0, holding_rate=0.25,
        ...                      lead_time_days=10, fill_rate=0.98, fill_rate_method="exact")
        >>> round(item.reorder_point(12.0, 4.0).reorder_point, 2)
        121.83
        """
        if order_quantity is None and self.fill_rate is not None:
            q = float(self.economic_order_quantity(demand_mean).order_quantity)
            order_quantity = q if q > 0 else None
        return reorder_point(
            demand_mean,
            demand_std,
            self.lead_time_days,
            lead_time_std=self.lead_time_std_days,
            order_quantity=order_quantity,
            holding_cost=self.holding_cost_per_day,
            **self._target_kwargs(),
        )

    def safety_stock(
        self, demand_mean: float, demand_std: float, *, order_quantity: float | None = None
    ) -> SafetyStock:
        """`safety_stock` for this item's lead time and target.

        The same computation as `reorder_point`, read for its safety stock.

        Parameters
        ----------
        demand_mean : float
            Mean demand per day, >= 0. [units / day]
        demand_std : float
            Standard deviation of demand per day, >= 0. [units / day]
        order_quantity : float, optional
            Order quantity for a fill-rate target; default the item's EOQ. [units]

        Returns
        -------
        SafetyStock

        Examples
        --------
        >>> from ecomops.inventory import InventoryItem
        >>> item = InventoryItem(unit_cost=40.0, order_cost=50.0, holding_rate=0.25,
        ...                      lead_time_days=10, cycle_service_level=0.95)
        >>> round(item.safety_stock(12.0, 4.0).safety_stock, 2)
        20.81
        """
        return self.reorder_point(demand_mean, demand_std, order_quantity=order_quantity)

    def round_order_quantity(self, order_quantity: float) -> RoundedOrderQuantity:
        """`round_order_quantity` with this item's pack and minimum.

        Parameters
        ----------
        order_quantity : float
            Quantity to round, >= 0. [units]

        Returns
        -------
        RoundedOrderQuantity

        Examples
        --------
        >>> from ecomops.inventory import InventoryItem
        >>> item = InventoryItem(unit_cost=40.0, order_cost=50.0, holding_rate=0.25,
        ...                      lead_time_days=10, cycle_service_level=0.95, case_pack=24)
        >>> item.round_order_quantity(209.76).order_quantity
        216.0
        """
        return round_order_quantity(
            order_quantity, case_pack=self.case_pack, minimum_order=self.minimum_order
        )


_COLUMNS = (
    "unit_cost",
    "order_cost",
    "holding_rate",
    "lead_time_days",
    "lead_time_std_days",
    "case_pack",
    "minimum_order",
)


class InventoryItems(EcomopsModel, _Targets):
    r"""A catalogue of SKUs as columns: the bulk view of `InventoryItem`.

    One read-only float array per parameter (one entry per SKU) and one service
    target for the catalogue; its methods take demand arrays and call the core
    functions once, vectorised.

    Attributes
    ----------
    sku : list of str, optional
        Identifiers, one per SKU. [-]
    unit_cost, order_cost, holding_rate, lead_time_days : array_like
        As in [`InventoryItem`][ecomops.inventory.InventoryItem], one value per SKU.
    lead_time_std_days, case_pack, minimum_order : array_like, optional
        As in [`InventoryItem`][ecomops.inventory.InventoryItem]; default 0, 1 and 0 for every SKU.
    cycle_service_level, fill_rate, fill_rate_method, days_per_year : float or str
        The catalogue's target and time base, as in `InventoryItem`.

    Examples
    --------
    >>> from ecomops.inventory import InventoryItems
    >>> items = InventoryItems(unit_cost=[40.0, 8.0], order_cost=[50.0, 20.0],
    ...                        holding_rate=[0.25, 0.25], lead_time_days=[10, 4],
    ...                        cycle_service_level=0.95)
    >>> len(items), items.economic_order_quantity([12.0, 30.0]).order_quantity.round(1)
    (2, array([209.3, 468. ]))
    >>> items.item(0).lead_time_days
    10.0
    """

    sku: list[str] | None = None
    unit_cost: ReadOnlyFloatArray
    order_cost: ReadOnlyFloatArray
    holding_rate: ReadOnlyFloatArray
    lead_time_days: ReadOnlyFloatArray
    lead_time_std_days: ReadOnlyFloatArray | None = None
    case_pack: ReadOnlyFloatArray | None = None
    minimum_order: ReadOnlyFloatArray | None = None
    cycle_service_level: float | None = Field(default=None, gt=0, lt=1)
    fill_rate: float | None = Field(default=None, gt=0, lt=1)
    fill_rate_method: FillRateMethod | None = None
    days_per_year: float = Field(default=365.0, gt=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _check(self) -> InventoryItems:
        self._check_target()
        if self.unit_cost.ndim != 1:
            raise ValueError(
                f"unit_cost must be 1-D with one value per SKU; got shape {self.unit_cost.shape}"
            )
        n = self.unit_cost.shape[0]
        bounds = {
            "unit_cost": (0.0, False), "order_cost": (0.0, True), "holding_rate": (0.0, False),
            "lead_time_days": (0.0, False), "lead_time_std_days": (0.0, True),
            "case_pack": (0.0, False), "minimum_order": (0.0, True),
        }  # fmt: skip
        for name in _COLUMNS:
            col = getattr(self, name)
            if col is None:
                continue
            if col.ndim != 1 or col.shape[0] != n:
                raise ValueError(
                    f"{name} must be 1-D with one value per SKU ({n}); got {col.shape}"
                )
            low, inclusive = bounds[name]
            bad = ~((col >= low) if inclusive else (col > low)) | ~np.isfinite(col)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                rule = f">= {low:g}" if inclusive else f"> {low:g}"
                count = int(bad.sum())
                noun = "value is" if count == 1 else "values are"
                raise ValueError(
                    f"{name} must be finite and {rule}; {count} {noun} not, "
                    f"first at index {i}: {col[i].item()!r}"
                )
        if self.sku is not None and len(self.sku) != n:
            raise ValueError(f"sku must have one id per SKU ({n}); got {len(self.sku)}")
        return self

    def __len__(self) -> int:
        return int(self.unit_cost.shape[0])

    def _col(self, name: str, default: float) -> np.ndarray:
        col = getattr(self, name)
        return np.full(len(self), default) if col is None else col

    @classmethod
    def from_items(cls, items: Sequence[InventoryItem]) -> InventoryItems:
        """Build the column view from item models sharing one target and time base.

        Parameters
        ----------
        items : sequence of InventoryItem
            At least one item; all with the same target and ``days_per_year``.

        Returns
        -------
        InventoryItems

        Raises
        ------
        InvalidInputError
            For no items, or items with different targets or time bases.

        Examples
        --------
        >>> from ecomops.inventory import InventoryItem, InventoryItems
        >>> a = InventoryItem(sku="A", unit_cost=40.0, order_cost=50.0, holding_rate=0.25,
        ...                   lead_time_days=10, cycle_service_level=0.95)
        >>> b = a.model_copy(update={"sku": "B", "unit_cost": 8.0})
        >>> InventoryItems.from_items([a, b]).unit_cost
        array([40.,  8.])
        """
        if not items:
            raise InvalidInputError("items must hold at least one InventoryItem")
        first = items[0]
        shared = ("cycle_service_level", "fill_rate", "fill_rate_method", "days_per_year")
        for i, it in enumerate(items):
            for name in shared:
                if getattr(it, name) != getattr(first, name):
                    raise InvalidInputError(
                        f"items must share {name}; item {i} has {getattr(it, name)!r}, "
                        f"item 0 has {getattr(first, name)!r}"
                    )
        cols: dict[str, Any] = {
            name: np.array([getattr(it, name) for it in items], dtype=float) for name in _COLUMNS
        }
        cols.update({name: getattr(first, name) for name in shared})
        skus = [it.sku for it in items]
        cols["sku"] = None if all(s is None for s in skus) else [s or "" for s in skus]
        return cls.model_validate(cols)

    def item(self, index: int) -> InventoryItem:
        """The `InventoryItem` of one row (an edge conversion, for display).

        Parameters
        ----------
        index : int
            Row number, ``0 <= index < len(items)`` (no counting from the end:
            a negative row number is refused, not read as another row).

        Returns
        -------
        InventoryItem

        Examples
        --------
        >>> from ecomops.inventory import InventoryItems
        >>> items = InventoryItems(unit_cost=[40.0], order_cost=[50.0], holding_rate=[0.25],
        ...                        lead_time_days=[10], cycle_service_level=0.95)
        >>> items.item(0).unit_cost
        40.0
        """
        n = len(self)
        if isinstance(index, bool | np.bool_) or not isinstance(index, int | np.integer):
            raise InvalidInputError(f"index must be an integer row number; got {index!r}")
        if not 0 <= index < n:
            raise InvalidInputError(f"index must be in [0, {n}); got {index!r}")
        index = int(index)
        return InventoryItem(
            sku=None if self.sku is None else self.sku[index],
            **{name: float(self._col(name, d)[index]) for name, d in zip(
                _COLUMNS, (0, 0, 0, 0, 0.0, 1.0, 0.0), strict=True
            )},
            cycle_service_level=self.cycle_service_level,
            fill_rate=self.fill_rate,
            fill_rate_method=self.fill_rate_method,
            days_per_year=self.days_per_year,
        )  # fmt: skip

    @property
    def holding_cost_per_day(self) -> np.ndarray:
        """``unit_cost * holding_rate / days_per_year`` per SKU. [currency / unit / day]"""
        out: np.ndarray = self.unit_cost * self.holding_rate / self.days_per_year
        return out

    @property
    def holding_cost_per_year(self) -> np.ndarray:
        """``unit_cost * holding_rate`` per SKU. [currency / unit / year]"""
        out: np.ndarray = self.unit_cost * self.holding_rate
        return out

    def economic_order_quantity(self, demand_mean: ArrayLike) -> EconomicOrderQuantity:
        """Vectorised `InventoryItem.economic_order_quantity`.

        Parameters
        ----------
        demand_mean : array_like
            Mean demand per day per SKU, >= 0. [units / day]

        Returns
        -------
        EconomicOrderQuantity
            Costs per year, cycle times in years.

        Examples
        --------
        >>> from ecomops.inventory import InventoryItems
        >>> items = InventoryItems(unit_cost=[40.0], order_cost=[50.0], holding_rate=[0.25],
        ...                        lead_time_days=[10], cycle_service_level=0.95)
        >>> items.economic_order_quantity([12.0]).order_quantity.round(2)
        array([209.28])
        """
        demand_rate = _yearly_demand(demand_mean, self.days_per_year)
        if np.ndim(demand_rate):
            try:
                np.broadcast_shapes(np.shape(demand_rate), (len(self),))
            except ValueError:
                raise InvalidInputError(
                    f"demand_mean must be one value or one per SKU ({len(self)}); "
                    f"got shape {np.shape(demand_rate)}"
                ) from None
        return economic_order_quantity(demand_rate, self.order_cost, self.holding_cost_per_year)

    def reorder_point(
        self,
        demand_mean: ArrayLike,
        demand_std: ArrayLike,
        *,
        order_quantity: ArrayLike | None = None,
    ) -> SafetyStock:
        """Vectorised `InventoryItem.reorder_point`.

        Parameters
        ----------
        demand_mean : array_like
            Mean demand per day per SKU, >= 0. [units / day]
        demand_std : array_like
            Standard deviation of demand per day per SKU, >= 0. [units / day]
        order_quantity : array_like, optional
            Order quantities for a fill-rate target; default the EOQs (SKUs without
            demand then get NaN service figures). [units]

        Returns
        -------
        SafetyStock

        Examples
        --------
        >>> from ecomops.inventory import InventoryItems
        >>> items = InventoryItems(unit_cost=[40.0, 8.0], order_cost=[50.0, 20.0],
        ...                        holding_rate=[0.25, 0.25], lead_time_days=[10, 4],
        ...                        cycle_service_level=0.95)
        >>> items.reorder_point([12.0, 30.0], [4.0, 9.0]).reorder_point.round(2)
        array([140.81, 149.61])
        """
        if order_quantity is None and self.fill_rate is not None:
            q = np.asarray(self.economic_order_quantity(demand_mean).order_quantity)
            order_quantity = np.where(q > 0, q, np.nan)
        return reorder_point(
            demand_mean,
            demand_std,
            self.lead_time_days,
            lead_time_std=self._col("lead_time_std_days", 0.0),
            order_quantity=order_quantity,
            holding_cost=self.holding_cost_per_day,
            **self._target_kwargs(),
        )

    def round_order_quantity(self, order_quantity: ArrayLike) -> RoundedOrderQuantity:
        """Vectorised `InventoryItem.round_order_quantity`.

        Parameters
        ----------
        order_quantity : array_like
            Quantities to round, >= 0, one per SKU. [units]

        Returns
        -------
        RoundedOrderQuantity

        Examples
        --------
        >>> from ecomops.inventory import InventoryItems
        >>> items = InventoryItems(unit_cost=[40.0, 8.0], order_cost=[50.0, 20.0],
        ...                        holding_rate=[0.25, 0.25], lead_time_days=[10, 4],
        ...                        cycle_service_level=0.95, case_pack=[24, 100])
        >>> items.round_order_quantity([209.76, 661.9]).order_quantity
        array([216., 700.])
        """
        return round_order_quantity(
            order_quantity,
            case_pack=self._col("case_pack", 1.0),
            minimum_order=self._col("minimum_order", 0.0),
        )
