"""Entry points: exact quotes of N parcels x S services, and rate shopping (private).

Public names are re-exported by `ecomops.logistics`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ecomops._core.results import Result, Table, matrix_columns
from ecomops._core.typing import ArrayLike, FloatArray, IntArray
from ecomops._core.validation import as_float_array, raise_at, read_only
from ecomops._logistics import single
from ecomops._logistics.engine import (
    NOT_EFFECTIVE,
    OK,
    REASONS,
    TOO_SLOW,
    ParcelContext,
    ShipCalendar,
    evaluate_service,
)
from ecomops._logistics.rules import Service
from ecomops._logistics.units import ParcelBatch
from ecomops.exceptions import InvalidInputError
from ecomops.money import Currency, Money, MoneyArray

__all__ = ["Quote", "RatePlan", "quote", "shop_rates"]


_MAX_DAYS = 1000  # longest transit time [days]
_DAYS_SPAN = 1024  # cost and transit days share one int64 sort key
_REASON_NAMES = read_only(np.array(REASONS))  # indexed per call, never written


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Quote(Result):
    """Prices of N parcels with S services: exact cost matrix, reasons and transit.

    Attributes
    ----------
    services : tuple of str
        Service labels (``"carrier/name"``), the columns.
    currency : Currency
        Currency of every amount.
    cost : MoneyArray, shape (N, S)
        Total charge, exact; 0 where the pair is unserviceable. [currency]
    base : MoneyArray, shape (N, S)
        Transportation charge before surcharges. [currency]
    surcharges : dict of str to MoneyArray, shape (N, S)
        Each surcharge by name (0 where it does not apply). [currency]
    reason_code : ndarray of int8, shape (N, S)
        Index into `REASONS`: 0 ("ok") where the service can carry the parcel.
    transit_days : ndarray of int64, shape (N, S)
        Transit time in calendar days from the ship date; -1 where unserviceable. [days]
    billable_weight : ndarray of float64, shape (N, S)
        Billable weight in each service's unit (NaN without a zone or card). [kg or lb]

    Examples
    --------
    >>> from ecomops.logistics import example_services
    >>> q = quote(ParcelBatch.from_imperial([10.0], [18], [18], [12], "100", "945"),
    ...           [example_services("US")[0]], ship_date="2025-03-03")
    >>> q.cost[0, 0], q.billable_weight.tolist(), q.transit_days.tolist()
    (Money('73.05', 'USD'), [[28.0]], [[7]])
    """

    services: tuple[str, ...]
    currency: Currency
    cost: MoneyArray
    base: MoneyArray
    surcharges: dict[str, MoneyArray] = dataclasses.field(repr=False)
    reason_code: npt.NDArray[np.int8]
    transit_days: IntArray
    billable_weight: FloatArray

    @property
    def serviceable(self) -> npt.NDArray[np.bool_]:
        """True where the service can carry the parcel, shape (N, S)."""
        return np.asarray(self.reason_code == OK)

    def reasons(self) -> npt.NDArray[np.str_]:
        """Reason names, shape (N, S) (``"ok"`` where serviceable).

        Examples
        --------
        >>> from ecomops.logistics import example_services
        >>> ups = example_services("US")[0]
        >>> q = quote(ParcelBatch([2.0], [10], [10], [10], "100", "999"), [ups])
        >>> q.reasons().tolist()
        [['no_zone']]
        """
        return np.asarray(_REASON_NAMES[self.reason_code])

    def _frame_source(self) -> dict[str, Any]:
        """One row per parcel and service (parcel by parcel): the matrices in long form."""
        n = self.reason_code.shape[0]
        surcharges = {f"surcharge_{name}": amounts for name, amounts in self.surcharges.items()}
        return matrix_columns(
            "parcel",
            np.arange(n),
            "service",
            self.services,
            cost=self.cost,
            base=self.base,
            **surcharges,
            reason=self.reasons(),
            transit_days=self.transit_days,
            billable_weight=self.billable_weight,
        )


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class RatePlan(Table):
    """The cheapest service per parcel that meets its promise (one row per parcel).

    Attributes
    ----------
    service_index : ndarray of int64
        Column of the chosen service in the ``services`` given; -1 when none qualifies.
    service : ndarray of str
        Its label (``"carrier/name"``), ``""`` when none.
    cost : MoneyArray
        Its total charge, exact; 0 when none. [currency]
    transit_days : ndarray of int64
        Its transit time in calendar days; -1 when none. [days]
    reason : ndarray of str
        ``"ok"``, or why no service qualifies (the nearest miss over all services,
        in the order of `REASONS`).
    currency : Currency
        Currency of the costs.
    services : tuple of str
        The services' labels, in the order given.

    Examples
    --------
    >>> from ecomops.logistics import example_services
    >>> plan = shop_rates(ParcelBatch.from_imperial([10.0], [18], [18], [12], "100", "945"),
    ...                   [example_services("US")[0]], ship_date="2025-03-03")
    >>> plan.service.tolist(), plan.cost, plan.total()
    (['UPS/Ground'], MoneyArray(['73.05'], currency='USD'), Money('73.05', 'USD'))
    """

    service_index: IntArray
    service: npt.NDArray[np.str_]
    cost: MoneyArray
    transit_days: IntArray
    reason: npt.NDArray[np.str_]
    currency: Currency
    services: tuple[str, ...]

    def total(self) -> Money:
        """Total charge of the parcels that have a service, exact. [currency]

        Examples
        --------
        >>> from ecomops.logistics import example_services
        >>> plan = shop_rates(ParcelBatch.from_imperial([1.0, 1.0], [5, 5], [5, 5], [5, 5],
        ...                   "100", ["101", "945"]), [example_services("US")[0]])
        >>> plan.total()
        Money('30.03', 'USD')
        """
        return self.cost.sum()


def _ship_dates(ship_date: Any, n: int) -> npt.NDArray[np.datetime64] | None:
    if ship_date is None:
        return None
    try:
        arr = np.asarray(ship_date, dtype="datetime64[D]")
    except (TypeError, ValueError):
        raise InvalidInputError(f"ship_date must be a date or dates; got {ship_date!r}") from None
    if arr.ndim == 0:
        return arr.reshape(1)
    if arr.ndim != 1 or arr.size != n:
        raise InvalidInputError(
            f"ship_date must be one date or one per parcel ({n}); got shape {arr.shape}"
        )
    raise_at("ship_date", "not be NaT", np.isnat(arr), arr)
    return arr


def _check_services(services: Any) -> Currency:
    if isinstance(services, Service):
        raise InvalidInputError("services must be a sequence of Service (wrap one in a list)")
    if len(services) == 0:
        raise InvalidInputError("services must not be empty")
    for i, s in enumerate(services):
        if not isinstance(s, Service):
            raise InvalidInputError(f"services[{i}] must be a Service; got {type(s).__name__}")
    first: Service = services[0]
    currency = first.currency
    if any(s.currency is not currency for s in services):  # interned: one object per code
        currencies = {s.currency for s in services}
        if len(currencies) > 1:
            raise InvalidInputError(
                "services must share one currency to be compared; got "
                + ", ".join(sorted(c.code for c in currencies))
            )
    return currency


def _holidays(holidays: Any) -> npt.NDArray[np.datetime64]:
    try:
        return np.asarray(holidays if holidays is not None else [], dtype="datetime64[D]").reshape(
            -1
        )
    except (TypeError, ValueError):
        raise InvalidInputError(f"holidays must be dates; got {holidays!r}") from None


def quote(
    parcels: ParcelBatch,
    services: Sequence[Service],
    *,
    ship_date: _dt.date
    | str
    | np.datetime64
    | Sequence[_dt.date | str | np.datetime64]
    | npt.NDArray[np.datetime64]
    | None = None,
    holidays: Sequence[_dt.date | str | np.datetime64] | npt.NDArray[np.datetime64] | None = None,
) -> Quote:
    r"""Exact charges of N parcels with S services, with transit days and reasons.

    For each parcel and service: the zone from the lane, the billable weight
    (`billable_weight` with the service's DIM rule and the card's rounding),
    the transportation charge from the card, the surcharges stacked as the
    service lists them, and the transit time:

    $$
    C_{ns} = P_s(z_{ns}, W^b_{ns}) + \sum_j S_{jns}
    $$

    Parameters
    ----------
    parcels : ParcelBatch
        The parcels, as columns.
    services : sequence of Service
        Services to price, all in one currency.
    ship_date : date, str or array_like of dates, optional
        Ship date (one, or one per parcel): picks each rule's version in force
        and converts business-day transit to calendar days. Default None: the
        newest version of each rule, and business days converted for the worst
        weekday (shipping on a Saturday).
    holidays : array_like of dates, optional
        Non-business days besides weekends, for business-day services.

    Returns
    -------
    Quote
        Exact cost matrix (N, S) as money, base and surcharges, reason
        codes, transit days and billable weights.

    Raises
    ------
    InvalidInputError
        For an empty service list, services in different currencies, or bad ship dates.

    Notes
    -----
    A parcel a service cannot carry is never priced by extrapolation: it gets a
    reason (``"no_zone"``, ``"over_weight"``, ``"over_length"``, ``"over_size"``,
    ``"no_rate"``, ``"not_effective"``) and cost 0. When several apply, the one
    latest in `REASONS` is reported. Work is vectorised over parcels; the
    only Python loops run over services, rule versions, surcharges and distinct
    lanes. The result holds several (N, S) arrays: for 10⁶ parcels prefer
    `shop_rates`. A batch of one parcel (a shop backend's per-request call) is
    rated on Python numbers instead, by the same steps over a plan compiled
    once per service version: the same answers, bit for bit.

    References
    ----------
    1. UPS, *Daily Rates* and *Rate and Service Guide* (2025): zone charts,
       billable weight, fuel surcharge on transportation and accessorial charges.
    2. 国家邮政局, 《快递市场管理办法》 (2024) and carriers' 首重/续重 price lists.

    Examples
    --------
    >>> from ecomops.logistics import example_services
    >>> batch = ParcelBatch.from_imperial([10.0, 1.0, 200.0], [18, 5, 10], [18, 5, 10],
    ...                                   [12, 5, 10], "100", ["945", "101", "101"])
    >>> q = quote(batch, [example_services("US")[0]], ship_date="2025-03-03")
    >>> q.cost[:, 0]
    MoneyArray(['73.05', '11.55', '0.00'], currency='USD')
    >>> q.reasons()[:, 0].tolist()
    ['ok', 'ok', 'over_weight']
    """
    currency, calendar = _rating_inputs(parcels, services, ship_date, holidays)
    n, s = len(parcels), len(services)
    if n == 1:
        with contextlib.suppress(single.UnusualCaseError):  # else the array engine rates it
            return _quote_one(parcels, services, currency, calendar)
    cost = np.zeros((n, s), dtype=np.int64)
    base = np.zeros((n, s), dtype=np.int64)
    code = np.zeros((n, s), dtype=np.int8)
    transit = np.zeros((n, s), dtype=np.int64)
    billable = np.zeros((n, s), dtype=np.float64)
    parts: dict[str, IntArray] = {}
    shared = ParcelContext(parcels, None)
    for j, svc in enumerate(services):
        ev = evaluate_service(svc, shared, calendar, True)
        cost[:, j], base[:, j], code[:, j] = ev.cost, ev.base, ev.code
        transit[:, j], billable[:, j] = ev.transit, ev.billable
        for name, arr in ev.parts.items():
            if name != "base":
                parts.setdefault(name, np.zeros((n, s), dtype=np.int64))[:, j] = arr
    surcharges = {name: MoneyArray(arr, currency) for name, arr in parts.items()}
    return Quote(
        tuple(svc.label for svc in services), currency, MoneyArray(cost, currency),
        MoneyArray(base, currency), surcharges, code, transit, billable,
    )  # fmt: skip


def shop_rates(
    parcels: ParcelBatch,
    services: Sequence[Service],
    *,
    max_transit_days: int | ArrayLike | None = None,
    ship_date: _dt.date
    | str
    | np.datetime64
    | Sequence[_dt.date | str | np.datetime64]
    | npt.NDArray[np.datetime64]
    | None = None,
    holidays: Sequence[_dt.date | str | np.datetime64] | npt.NDArray[np.datetime64] | None = None,
) -> RatePlan:
    r"""The cheapest service per parcel that meets its delivery promise.

    $$
    s^*_n = \arg\min_{s:\ \text{ok}_{ns},\ T_{ns} \le T^{\max}_n} (C_{ns}, T_{ns}, s)
    $$

    Ties on cost go to the faster service, then to the one listed first.

    Parameters
    ----------
    parcels : ParcelBatch
        The parcels, as columns.
    services : sequence of Service
        Candidate services, all in one currency; their order breaks exact ties.
    max_transit_days : int or array_like, optional
        Delivery promise per parcel (or one for all), in calendar days from the
        ship date; NaN or None for no promise. [days]
    ship_date, holidays
        As for `quote`.

    Returns
    -------
    RatePlan
        One row per parcel: chosen service, exact cost, transit days and a reason.

    Raises
    ------
    InvalidInputError
        As `quote`, and for a negative promise.

    Notes
    -----
    Computes one service at a time and keeps a running best, so memory stays
    O(N) whatever the number of services. When no service qualifies the reason
    is the nearest miss over all services: ``"too_slow"`` if some service could
    carry the parcel but not in time, else the first of `REASONS` any
    service gave. One parcel takes the per-request path described in `quote`.

    References
    ----------
    1. Shippo and EasyPost rate-shopping APIs (2024): cheapest rate meeting a
       delivery-days limit (server-side); the same rule computed offline here.

    Examples
    --------
    >>> from ecomops.logistics import example_services
    >>> batch = ParcelBatch.from_imperial([10.0, 1.0], [18, 5], [18, 5], [12, 5],
    ...                                   "100", ["945", "999"])
    >>> ups = example_services("US")[0]
    >>> plan = shop_rates(batch, [ups], max_transit_days=4, ship_date="2025-03-03")
    >>> plan.reason.tolist()
    ['too_slow', 'no_zone']
    """
    currency, calendar = _rating_inputs(parcels, services, ship_date, holidays)
    n = len(parcels)
    limit = _promise(max_transit_days, n)
    if n == 1:
        with contextlib.suppress(single.UnusualCaseError):  # else the array engine rates it
            return _shop_one(parcels, services, currency, calendar, limit)
    sentinel = np.iinfo(np.int64).max
    best_key = np.full(n, sentinel, dtype=np.int64)
    best_i = np.full(n, -1, dtype=np.int64)
    shared = ParcelContext(parcels, None)
    for j, svc in enumerate(services):
        ev = evaluate_service(svc, shared, calendar, False)
        # one sortable key: cost, then transit days (ties to the earlier service)
        key = ev.cost * _DAYS_SPAN + ev.transit
        invalid = None if not ev.code.any() else ev.code != OK
        if limit is not None:
            slow = ev.transit > limit
            invalid = slow if invalid is None else invalid | slow
        if invalid is not None:
            key[invalid] = sentinel
        better = key < best_key
        np.minimum(best_key, key, out=best_key)
        best_i[better] = j
    found = best_i >= 0
    best_cost = np.where(found, best_key // _DAYS_SPAN, 0)
    best_t = np.where(found, best_key % _DAYS_SPAN, -1)
    code = np.zeros(n, dtype=np.int8)
    missing = np.flatnonzero(~found)
    if missing.size:
        code[missing] = _nearest_miss(parcels, services, missing, calendar, limit)
    labels = np.array([svc.label for svc in services] + [""])
    return RatePlan(
        best_i, labels[best_i], MoneyArray(best_cost, currency), best_t, _REASON_NAMES[code],
        currency,
        tuple(svc.label for svc in services),
    )  # fmt: skip


def _promise(max_transit_days: Any, n: int) -> IntArray | None:
    """The delivery promise per parcel in whole days (``_MAX_DAYS`` for none), or None."""
    if max_transit_days is None:
        return None
    lim = as_float_array(max_transit_days, "max_transit_days", allow_nan=True)
    raise_at("max_transit_days", "be >= 0", lim < 0, lim)
    if lim.ndim == 0:
        lim = np.full(n, float(lim))
    elif lim.shape != (n,):
        raise InvalidInputError(
            "max_transit_days must be a scalar or have one value per parcel "
            f"({n}); got shape {lim.shape}"
        )
    if np.isnan(lim).all():
        return None
    # whole days: a promise of 2.5 days is met by a 2-day transit
    limit = np.where(np.isnan(lim), _MAX_DAYS, np.minimum(np.floor(lim), _MAX_DAYS))
    return np.asarray(limit.astype(np.int64), dtype=np.int64)


def _rate_one(
    parcels: ParcelBatch, services: Sequence[Service], calendar: ShipCalendar, detail: bool
) -> list[single.Rated]:
    """One parcel rated with every service on the one-parcel path."""
    parcel = single.Parcel(parcels)
    return [
        single.rate(single.plan_of(svc, calendar), parcel, calendar, detail) for svc in services
    ]


def _quote_one(
    parcels: ParcelBatch, services: Sequence[Service], currency: Currency, calendar: ShipCalendar
) -> Quote:
    """`quote` of a one-parcel batch: the same matrices, one row."""
    rated = _rate_one(parcels, services, calendar, True)
    s = len(rated)
    parts: dict[str, list[int]] = {}
    for j, r in enumerate(rated):
        for name, amount in r.parts.items():
            if name != "base":
                parts.setdefault(name, [0] * s)[j] = amount
    surcharges = {
        name: MoneyArray(np.array([row], dtype=np.int64), currency) for name, row in parts.items()
    }
    return Quote(
        tuple(svc.label for svc in services), currency,
        MoneyArray(np.array([[r.cost for r in rated]], dtype=np.int64), currency),
        MoneyArray(np.array([[r.base for r in rated]], dtype=np.int64), currency), surcharges,
        read_only(np.array([[r.code for r in rated]], dtype=np.int8)),
        read_only(np.array([[r.transit for r in rated]], dtype=np.int64)),
        read_only(np.array([[r.billable for r in rated]], dtype=np.float64)),
    )  # fmt: skip


def _shop_one(
    parcels: ParcelBatch,
    services: Sequence[Service],
    currency: Currency,
    calendar: ShipCalendar,
    limit: IntArray | None,
) -> RatePlan:
    """`shop_rates` of a one-parcel batch: the same choice, ties and reasons."""
    rated = _rate_one(parcels, services, calendar, False)
    promise = None if limit is None else int(limit[0])
    best_key, best_i = np.iinfo(np.int64).max, -1
    for j, r in enumerate(rated):
        if r.code != OK or (promise is not None and r.transit > promise):
            continue
        key = single.shop_key(r, _DAYS_SPAN)
        if key < best_key:
            best_key, best_i = key, j
    found = best_i >= 0
    code = OK if found else single.nearest_miss(rated, promise)
    labels = np.array([svc.label for svc in services] + [""])
    index = np.array([best_i], dtype=np.int64)
    return RatePlan(
        index, labels[index],
        MoneyArray(np.array([best_key // _DAYS_SPAN if found else 0], dtype=np.int64), currency),
        np.array([best_key % _DAYS_SPAN if found else -1], dtype=np.int64),
        _REASON_NAMES[np.array([code], dtype=np.int8)], currency,
        tuple(svc.label for svc in services),
    )  # fmt: skip


def _rating_inputs(
    parcels: Any, services: Any, ship_date: Any, holidays: Any
) -> tuple[Currency, ShipCalendar]:
    """Check a batch and its services; their one currency and the batch's ship calendar."""
    if not isinstance(parcels, ParcelBatch):
        raise InvalidInputError(f"parcels must be a ParcelBatch; got {type(parcels).__name__}")
    currency = _check_services(services)
    return currency, ShipCalendar(_ship_dates(ship_date, len(parcels)), _holidays(holidays))


def _nearest_miss(
    parcels: ParcelBatch,
    services: Sequence[Service],
    rows: IntArray,
    calendar: ShipCalendar,
    limit: IntArray | None,
) -> npt.NDArray[np.int8]:
    """Reason codes of parcels no service qualifies for (the nearest miss)."""
    sub = ParcelBatch(
        parcels.weight_kg[rows], parcels.length_cm[rows], parcels.width_cm[rows],
        parcels.height_cm[rows], parcels.origin[rows], parcels.destination[rows],
        parcels.residential[rows],
    )  # fmt: skip
    miss = np.full(rows.size, NOT_EFFECTIVE, dtype=np.int8)
    ctx = ParcelContext(sub, None)
    for svc in services:
        ev = evaluate_service(svc, ctx, calendar.rows(rows), False)
        code = ev.code.copy()
        if limit is not None:
            code[(code == OK) & (ev.transit > limit[rows])] = TOO_SLOW
        np.minimum(miss, code, out=miss)
    return miss
