r"""Rate shopping over a parcel table and cartonization of order lines (private).

Costs come back as money columns in the frame's documented money form
(`MoneyArray.to_pandas` / `MoneyArray.to_polars`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ecomops._core.columns import as_ids
from ecomops._frames.common import FrameInput, FrameT, check_name, read_frame
from ecomops._logistics.boxes import BoxCatalogue
from ecomops._logistics.packing import OrderItems
from ecomops._logistics.packing import pack_cartons as _pack_cartons
from ecomops._logistics.quote import quote as _quote
from ecomops._logistics.quote import shop_rates as _shop_rates
from ecomops._logistics.rules import Service
from ecomops._logistics.units import ParcelBatch
from ecomops._money.column import MoneyArray

__all__ = ["pack_cartons", "quote", "shop_rates"]

_DIMENSIONS = ("weight_kg", "length_cm", "width_cm", "height_cm")


def _read(data: Any, required: dict[str, Any], optional: dict[str, Any]) -> FrameInput:
    frame = read_frame(data)
    names = {k: check_name(v, k) for k, v in required.items()}
    names.update({k: check_name(v, k, optional=True) for k, v in optional.items()})
    frame.check(**names)
    return frame


def shop_rates(
    data: FrameT,
    services: Sequence[Service],
    *,
    parcel_id: str | None = None,
    weight_kg: str = "weight_kg",
    length_cm: str = "length_cm",
    width_cm: str = "width_cm",
    height_cm: str = "height_cm",
    origin: str = "origin",
    destination: str = "destination",
    residential: str | None = None,
    max_transit_days: str | float | None = None,
    ship_date: Any = None,
    holidays: Any = None,
) -> FrameT:
    """The cheapest service meeting each parcel's promise, over a parcel table.

    The frame version of [`shop_rates`][ecomops.logistics.shop_rates]: the
    parcels are the rows of ``data``.

    Parameters
    ----------
    data : pandas or polars DataFrame
        One row per parcel.
    services : sequence of Service
        Candidate services, all in one currency (e.g.
        [`example_services`][ecomops.logistics.example_services]).
    parcel_id : str, optional
        Column identifying each parcel (an order id, a tracking number), carried
        first into the answer. [column name]
    weight_kg, length_cm, width_cm, height_cm, origin, destination : str
        Column names; the defaults are the quantities' own names. [column names]
    residential : str, optional
        Column of residential-delivery flags; none means all commercial.
        [column name]
    max_transit_days : str or float, optional
        The delivery promise: the name of a column of promises per parcel (NaN
        or null for none), or one number of days for every parcel. [column name
        or days]
    ship_date, holidays
        As in [`shop_rates`][ecomops.logistics.shop_rates].

    Returns
    -------
    pandas or polars DataFrame
        One row per parcel, in the order of ``data`` (pandas: with its index):
        the columns read (key first), then ``service`` (the chosen service's
        label, empty when none qualifies), ``cost`` (money), ``transit_days``
        and ``reason``.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Shippo and EasyPost rate-shopping APIs (2024): cheapest rate meeting a
       delivery-days limit (server-side); the same rule computed offline here.

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> from ecomops.logistics import example_services
    >>> parcels = pd.DataFrame({
    ...     "order_id": ["T1", "T2"], "weight_kg": [0.8, 3.2], "length_cm": [30, 40],
    ...     "width_cm": [20, 30], "height_cm": [10, 20], "origin": ["HZ", "HZ"],
    ...     "destination": ["上海", "新疆"], "promised_days": [2, 7],
    ... })
    >>> plan = frames.shop_rates(parcels, example_services("CN"), parcel_id="order_id",
    ...                          max_transit_days="promised_days")
    >>> plan[["order_id", "service", "cost", "transit_days"]].to_numpy().tolist()
    [['T1', 'ZTO/经济', 3.5, 2], ['T2', 'YTO/经济', 32.0, 5]]
    """
    promise = max_transit_days if isinstance(max_transit_days, str) else None
    names = dict(zip(_DIMENSIONS, (weight_kg, length_cm, width_cm, height_cm), strict=True))
    names.update(origin=origin, destination=destination)
    optional = {"parcel_id": parcel_id, "residential": residential, "max_transit_days": promise}
    frame = _read(data, names, optional)
    batch = _parcels(frame, names, residential)
    limit = frame.column(promise) if promise is not None else max_transit_days
    plan = _shop_rates(
        batch, services, max_transit_days=limit, ship_date=ship_date, holidays=holidays
    )
    read = [parcel_id, *names.values(), residential, promise]
    carried = [(name, frame.column(name)) for name in dict.fromkeys(read) if name is not None]
    answer = [
        ("service", plan.service),
        ("cost", plan.cost),
        ("transit_days", plan.transit_days),
        ("reason", plan.reason),
    ]
    out: FrameT = frame.build([*carried, *answer], keep_index=True)
    return out


def _parcels(frame: FrameInput, names: dict[str, str], residential: str | None) -> ParcelBatch:
    """The parcel columns of the frame as a `ParcelBatch` (the caller's Series, read once)."""
    return ParcelBatch(
        *(frame.column(names[k]) for k in (*_DIMENSIONS, "origin", "destination")),
        **({} if residential is None else {"residential": frame.column(residential)}),
    )


def quote(
    data: FrameT,
    services: Sequence[Service],
    *,
    parcel_id: str,
    weight_kg: str = "weight_kg",
    length_cm: str = "length_cm",
    width_cm: str = "width_cm",
    height_cm: str = "height_cm",
    origin: str = "origin",
    destination: str = "destination",
    residential: str | None = None,
    ship_date: Any = None,
    holidays: Any = None,
) -> FrameT:
    """Every service's price for every parcel of a parcel table, as a long table.

    The frame version of [`quote`][ecomops.logistics.quote]: one row per parcel
    and service, for a rate-shopping study (what each carrier would have cost).

    Parameters
    ----------
    data : pandas or polars DataFrame
        One row per parcel.
    services : sequence of Service
        The services to price, all in one currency.
    parcel_id : str
        Column identifying each parcel (an order id, a tracking number): the
        answer's key. [column name]
    weight_kg, length_cm, width_cm, height_cm, origin, destination : str
        Column names; the defaults are the quantities' own names. [column names]
    residential : str, optional
        Column of residential-delivery flags; none means all commercial.
        [column name]
    ship_date, holidays
        As in [`quote`][ecomops.logistics.quote].

    Returns
    -------
    pandas or polars DataFrame
        One row per parcel and service (parcels in the order of ``data``, then
        services in the order given), with a default index: the caller's key
        column, ``service``, ``cost`` and ``base`` (money: the price with and
        without surcharges; zero where the service cannot carry the parcel),
        ``transit_days``, ``reason`` (``"ok"`` where it can) and
        ``billable_weight``. [-, -, currency, currency, days, -, kg]

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Shippo and EasyPost rate-shopping APIs (2024): rates of every service
       for a parcel; the same table computed offline here.

    Examples
    --------
    >>> import polars as pl
    >>> from ecomops import frames
    >>> from ecomops.logistics import example_services
    >>> parcels = pl.DataFrame({
    ...     "order_id": ["T1", "T2"], "weight_kg": [0.8, 3.2], "length_cm": [30, 40],
    ...     "width_cm": [20, 30], "height_cm": [10, 20], "origin": ["HZ", "HZ"],
    ...     "destination": ["上海", "新疆"],
    ... })
    >>> rates = frames.quote(parcels, example_services("CN")[:2], parcel_id="order_id")
    >>> for row in rates["order_id", "service", "cost", "transit_days"].rows():
    ...     print(row)
    ('T1', 'ZTO/经济', 3.5, 2)
    ('T1', 'ZTO/标准', 4.2, 2)
    ('T2', 'ZTO/经济', 33.0, 5)
    ('T2', 'ZTO/标准', 40.8, 5)
    """
    names = dict(zip(_DIMENSIONS, (weight_kg, length_cm, width_cm, height_cm), strict=True))
    names.update(origin=origin, destination=destination)
    frame = _read(data, {"parcel_id": parcel_id, **names}, {"residential": residential})
    table = _quote(
        _parcels(frame, names, residential), services, ship_date=ship_date, holidays=holidays
    )
    n_services = len(table.services)
    currency = table.currency
    out: FrameT = frame.build(
        [
            (parcel_id, np.repeat(np.asarray(frame.column(parcel_id)), n_services)),
            ("service", np.tile(np.array(table.services), len(frame))),
            ("cost", MoneyArray(table.cost.minor.reshape(-1), currency)),
            ("base", MoneyArray(table.base.minor.reshape(-1), currency)),
            ("transit_days", table.transit_days.reshape(-1)),
            ("reason", table.reasons().reshape(-1)),
            ("billable_weight", table.billable_weight.reshape(-1)),
        ],
        key=parcel_id,
    )
    return out


def pack_cartons(
    data: FrameT,
    boxes: BoxCatalogue,
    services: Sequence[Service] | None = None,
    *,
    order_id: str = "order_id",
    length_cm: str = "length_cm",
    width_cm: str = "width_cm",
    height_cm: str = "height_cm",
    weight_kg: str = "weight_kg",
    quantity: str | None = "quantity",
    this_side_up: str | None = None,
    origin: str | None = None,
    destination: str | None = None,
    ship_date: Any = None,
    exact_max_items: int = 8,
    time_limit_s: float = 10.0,
) -> FrameT:
    """The cartons each order of an order-lines table ships in, with their costs.

    The frame version of [`pack_cartons`][ecomops.logistics.pack_cartons]:
    each row is a line of an order (an item and how many of it); order ids may
    be any ids (strings too).

    Parameters
    ----------
    data : pandas or polars DataFrame
        One row per order line.
    boxes : BoxCatalogue
        Cartons available (e.g. [`china_postal_cartons`][ecomops.logistics.china_postal_cartons]).
    services : sequence of Service, optional
        Carrier services; with them each carton's shipping is priced and
        ``origin`` and ``destination`` columns are needed.
    order_id, length_cm, width_cm, height_cm, weight_kg : str
        Column names of the order and one unit's dimensions and weight.
        [column names]
    quantity : str, optional
        Column of units per line. Default ``"quantity"``; None for one unit per
        line. [column name]
    this_side_up, origin, destination : str, optional
        Columns of upright-only flags and of each order's lane. [column names]
    ship_date, exact_max_items, time_limit_s
        As in [`pack_cartons`][ecomops.logistics.pack_cartons].

    Returns
    -------
    pandas or polars DataFrame
        One row per carton, orders in sorted order, with a default index: the
        caller's order column (same name), ``box``, ``gross_weight_kg``,
        ``service``, ``box_cost`` and ``shipping`` (money).

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns), missing order ids,
        and whatever the array API refuses.
    InfeasibleProblemError
        When an item fits no carton.

    References
    ----------
    1. Crainic, T. G., Perboli, G. and Tadei, R. (2008), "Extreme point-based
       heuristics for three-dimensional bin packing", *INFORMS J. Computing*
       20(3), 368-384, doi:10.1287/ijoc.1070.0250.
    2. Martello, S., Pisinger, D. and Vigo, D. (2000), "The three-dimensional
       bin packing problem", *Operations Research* 48(2), 256-267,
       doi:10.1287/opre.48.2.256.12386.

    Examples
    --------
    >>> import polars as pl
    >>> from ecomops import frames
    >>> from ecomops.logistics import china_postal_cartons, example_services
    >>> lines = pl.DataFrame({
    ...     "order_id": ["A-1", "A-1", "B-7"], "length_cm": [30, 10, 45],
    ...     "width_cm": [20, 10, 30], "height_cm": [10, 5, 25], "weight_kg": [1.0, 0.2, 3.0],
    ...     "origin": ["HZ"] * 3, "destination": ["上海", "上海", "新疆"],
    ... })
    >>> plan = frames.pack_cartons(lines, china_postal_cartons(), example_services("CN"),
    ...                            quantity=None, origin="origin", destination="destination")
    >>> plan["order_id", "box", "service"].rows()
    [('A-1', '4号', 'ZTO/经济'), ('B-7', '1号', 'YTO/经济')]
    """
    names = {
        "order_id": order_id, "length_cm": length_cm, "width_cm": width_cm,
        "height_cm": height_cm, "weight_kg": weight_kg,
    }  # fmt: skip
    optional = {
        "quantity": quantity, "this_side_up": this_side_up, "origin": origin,
        "destination": destination,
    }  # fmt: skip
    frame = _read(data, names, optional)
    orders, codes = np.unique(as_ids(frame.column(order_id), "order_id"), return_inverse=True)
    extra = {k: frame.column(v) for k, v in optional.items() if v is not None}
    items = OrderItems(
        codes.reshape(-1),
        *(frame.column(names[k]) for k in ("length_cm", "width_cm", "height_cm", "weight_kg")),
        **extra,
    )
    plan = _pack_cartons(
        items, boxes, services, ship_date=ship_date, exact_max_items=exact_max_items,
        time_limit_s=time_limit_s,
    )  # fmt: skip
    parcels = plan.parcels
    out: FrameT = frame.build(
        [
            (order_id, orders[parcels.order_id]),
            ("box", parcels.box),
            ("gross_weight_kg", parcels.gross_weight_kg),
            ("service", parcels.service),
            ("box_cost", parcels.box_cost),
            ("shipping", parcels.shipping),
        ],
        key=order_id,
    )
    return out
