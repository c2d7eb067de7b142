"""One parcel against every service: the engine's steps on Python numbers (private).

A shop backend rates one parcel per request. On one row the array engine pays
numpy's per-call overhead on every step of every service; here each service
version is compiled once into a `Plan` (the card's own compiled price table,
the chart's own lookup, limits as thresholds, surcharge amounts in minor units,
transit days per zone), and one parcel is rated with a few dict lookups and
integer arithmetic. Every step is the scalar twin of an engine step, with the
same float operations in the same order (`step_count` for `steps`,
`dim_volume_of` for `dim_volume`, `CompiledCard.price_one` for
`CompiledCard.price`, `percent_of` for `percent`), so the answers are the
engine's bit for bit; the tests compare both on random parcels.

Anything unusual goes back to the array engine (`UnusualCaseError`): a step count the
engine would refuse, a percentage that could overflow int64, an amount too
large for the rate-shopping key. The engine then raises its own error, or
prices the parcel itself.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np

from ecomops._core.typing import StepRounding
from ecomops._logistics import rules
from ecomops._logistics.billable import dim_volume_of
from ecomops._logistics.engine import (
    NO_ZONE,
    NOT_EFFECTIVE,
    OK,
    OVER_LENGTH,
    OVER_SIZE,
    OVER_WEIGHT,
    TOO_SLOW,
    CompiledCard,
    IdentityCache,
    ServiceVersion,
    ShipCalendar,
    business_to_calendar,
    cached_zone_lookup,
    compiled_card,
    fits_percent,
    flat_minor,
    percent_of,
    rate_fraction,
    rule_versions,
)
from ecomops._logistics.units import (
    CM_PER_IN,
    KG_PER_LB,
    ParcelBatch,
    exceed_limit,
    step_count,
    step_value,
)
from ecomops.money import Currency

__all__ = ["Parcel", "Plan", "Rated", "UnusualCaseError", "nearest_miss", "plan_of", "rate"]


class UnusualCaseError(Exception):
    """A case the one-parcel path leaves to the array engine."""


#: Largest rate-shopping key (cost x days span) that int64 arithmetic holds exactly.
_KEY_LIMIT = 2**62


# ---------------------------------------------------------------------------
# Plans: one service version, compiled once
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Condition:
    """A surcharge's conditions: card zone indexes, keys, and thresholds to exceed."""

    zones: frozenset[int] | None
    destinations: frozenset[str] | None
    residential: bool | None
    over_actual_weight: float | None
    over_longest_side: float | None
    over_second_longest_side: float | None
    over_length_plus_girth: float | None
    over_billable_weight: float | None

    @staticmethod
    def of(s: rules.Surcharge, card: CompiledCard) -> Condition:
        limit = _limit
        zones = None
        if s.zones is not None:
            zones = frozenset(card.zone_index[z] for z in s.zones if z in card.zone_index)
        return Condition(
            zones, None if s.destinations is None else frozenset(s.destinations),
            s.residential, limit(s.over_actual_weight), limit(s.over_longest_side),
            limit(s.over_second_longest_side), limit(s.over_length_plus_girth),
            limit(s.over_billable_weight),
        )  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class Percentage:
    """A percentage surcharge: its rate as a fraction and what it applies to."""

    name: str
    num: int
    den: int
    percentage_of: tuple[str, ...]
    condition: Condition


@dataclasses.dataclass(frozen=True, slots=True)
class Plan:
    """What rating one parcel with one service version reads (never the service itself)."""

    unit_system: str
    zone_of: Callable[[str, str], str | None]
    card: CompiledCard
    dim: rules.DimWeightRule | None
    dim_min_volume: float | None  # threshold to exceed, None without one
    max_length_plus_girth: float | None  # thresholds to exceed
    max_length: float | None
    max_weight: float | None
    flats: tuple[tuple[str, int, Condition], ...]
    groups: tuple[tuple[str, ...], ...]
    percentages: tuple[Percentage, ...]
    days: tuple[int, ...]  # transit per card zone
    business: bool


def _limit(x: float | None) -> float | None:
    """The threshold a measure must pass to exceed a limit (None: no limit)."""
    return None if x is None else exceed_limit(x)


def _compile(version: ServiceVersion, currency: Currency) -> Plan | None:
    """A version's plan (None when no card or chart is in force)."""
    if version.card is None or version.zone_map is None:
        return None
    svc, card = version.service, compiled_card(version.card)
    flats = [s for s in version.surcharges if s.kind == "flat"]
    groups: dict[str, list[str]] = {}
    for s in flats:
        if s.group is not None:
            groups.setdefault(s.group, []).append(s.name)
    percentages = tuple(
        Percentage(
            s.name, *rate_fraction(s.rate or Decimal(0)), s.percentage_of, Condition.of(s, card)
        )
        for s in version.surcharges
        if s.kind == "percentage"
    )
    dim = version.dim
    return Plan(
        svc.unit_system, cached_zone_lookup(version.zone_map), card, dim,
        _limit(dim.min_volume) if dim is not None and dim.min_volume > 0 else None,
        _limit(svc.max_length_plus_girth), _limit(svc.max_length), _limit(svc.max_weight),
        tuple((s.name, flat_minor(s, currency), Condition.of(s, card)) for s in flats),
        tuple(tuple(m) for m in groups.values()), percentages,
        tuple(svc.transit_days.get(z, -1) for z in card.zones), svc.transit_basis == "business",
    )  # fmt: skip


#: Plans per service, by ship date (None: the newest versions); a plan never holds its
#: service, so the entry goes with it. At most 256 services x `_DATES_PER_SERVICE` plans.
_PLANS = IdentityCache(lambda svc: {})
_DATES_PER_SERVICE = 64


def plan_of(svc: rules.Service, calendar: ShipCalendar) -> Plan | None:
    """The plan of the service version in force on the calendar's one ship date."""
    known: dict[Any, Plan | None] = _PLANS(svc)
    key = None if calendar.ship is None else calendar.ship.reshape(-1)[0]
    if key in known:
        return known[key]
    ((version, _),) = rule_versions(svc, calendar)
    plan = _compile(version, svc.currency)
    if len(known) >= _DATES_PER_SERVICE:
        known.clear()
    known[key] = plan
    return plan


# ---------------------------------------------------------------------------
# One parcel
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Measures:
    """One parcel's measures in one unit system (sides sorted)."""

    weight: float
    longest: float
    middle: float
    shortest: float
    length_plus_girth: float


class Parcel:
    """One parcel's lane keys, flag and measures (per unit system, computed once)."""

    def __init__(self, batch: ParcelBatch) -> None:
        origins, destinations = batch.lane_keys()
        self.origin, self.destination = origins[0], destinations[0]
        self.residential = bool(batch.residential[0])
        self._batch = batch
        self._measures: dict[str, Measures] = {}
        self.zones: dict[int, str | None] = {}  # by id of a chart's lookup
        self.steps: dict[tuple[Any, ...], int] = {}  # billable steps by rules
        self.volumes: dict[tuple[Any, ...], float] = {}  # DIM volume by side rounding
        self.business_days: dict[int, int] = {}  # calendar days per business-day transit

    def measures(self, unit_system: str) -> Measures:
        m = self._measures.get(unit_system)
        if m is None:
            m = self._measures[unit_system] = self._measure(unit_system)
        return m

    def _measure(self, unit_system: str) -> Measures:
        b = self._batch
        w = float(b.weight_kg[0])
        a, bb, c = float(b.length_cm[0]), float(b.width_cm[0]), float(b.height_cm[0])
        # as ParcelBatch.sorted_dims and ParcelContext.dims
        hi, lo = max(max(a, bb), c), min(min(a, bb), c)
        mid = max(min(a, bb), min(max(a, bb), c))
        if unit_system == "imperial":
            w, hi, mid, lo = w / KG_PER_LB, hi / CM_PER_IN, mid / CM_PER_IN, lo / CM_PER_IN
        return Measures(w, hi, mid, lo, hi + 2.0 * (mid + lo))

    def zone(self, plan: Plan) -> str | None:
        key = id(plan.zone_of)
        if key not in self.zones:
            self.zones[key] = plan.zone_of(self.origin, self.destination)
        return self.zones[key]


class Rated(NamedTuple):
    """One parcel with one service: as `Evaluation`, in Python numbers."""

    cost: int
    code: int
    transit: int
    billable: float
    base: int
    parts: dict[str, int]


_NOT_EFFECTIVE = Rated(0, NOT_EFFECTIVE, -1, math.nan, 0, {})


def _step_counts(plan: Plan, p: Parcel, m: Measures) -> int:
    """Billable weight in card steps (as the engine's `_step_counts`): actual, DIM
    (when a rule applies), minimum; shared by the services with the same rules."""
    card, dim = plan.card, plan.dim
    key: tuple[Any, ...] = (plan.unit_system, card.step, card.mode)
    k = p.steps.get(key)
    if k is None:
        k = p.steps[key] = _count(m.weight, card.step, card.mode)
    if dim is not None:
        k_act = k
        key = (*key, dim.divisor, dim.min_volume, dim.dimension_rounding, dim.dimension_step)
        k = p.steps.get(key)
        if k is None:
            k_dim = _count(_volume(plan, p, m) / dim.divisor, card.step, card.mode)
            if plan.dim_min_volume is not None and not _volume(plan, p, m) > plan.dim_min_volume:
                k_dim = 0
            k = p.steps[key] = max(k_act, k_dim)
    if card.k_min:
        k = max(k, card.k_min)
    return k


def _count(x: float, step: float, mode: StepRounding) -> int:
    k = step_count(x, step, mode)
    if k is None:
        raise UnusualCaseError
    return k


def _volume(plan: Plan, p: Parcel, m: Measures) -> float:
    """The DIM volume from rounded sides (shared by the rules that round alike)."""
    dim = plan.dim
    assert dim is not None
    key = (plan.unit_system, dim.dimension_rounding, dim.dimension_step)
    vol = p.volumes.get(key)
    if vol is None:
        found = dim_volume_of(
            m.longest, m.middle, m.shortest, dim.dimension_step, dim.dimension_rounding
        )
        if found is None:
            raise UnusualCaseError
        vol = p.volumes[key] = found
    return vol


def _limit_code(plan: Plan, m: Measures) -> int:
    """The latest limit the parcel breaks (as the engine's `_service_limits`), 0 for none."""
    if plan.max_weight is not None and m.weight > plan.max_weight:
        return OVER_WEIGHT
    if plan.max_length is not None and m.longest > plan.max_length:
        return OVER_LENGTH
    if plan.max_length_plus_girth is not None and m.length_plus_girth > plan.max_length_plus_girth:
        return OVER_SIZE
    return OK


def _holds(c: Condition, p: Parcel, m: Measures, cz: int, billable: float) -> bool:
    """Whether every condition of a surcharge holds (as the engine's `_condition`)."""
    return not (
        (c.zones is not None and cz not in c.zones)
        or (c.destinations is not None and p.destination not in c.destinations)
        or (c.residential is not None and p.residential != c.residential)
        or (c.over_actual_weight is not None and not m.weight > c.over_actual_weight)
        or (c.over_longest_side is not None and not m.longest > c.over_longest_side)
        or (c.over_second_longest_side is not None and not m.middle > c.over_second_longest_side)
        or (
            c.over_length_plus_girth is not None
            and not m.length_plus_girth > c.over_length_plus_girth
        )
        or (c.over_billable_weight is not None and not billable > c.over_billable_weight)
    )


def _surcharges(
    plan: Plan, base: int, ok: bool, p: Parcel, m: Measures, cz: int, billable: float
) -> dict[str, int]:
    """Each surcharge by name (as the engine's `_surcharges`): flats, the largest of
    each exclusive group, then percentages."""
    parts = {"base": base}
    for name, amount, cond in plan.flats:
        parts[name] = amount if ok and _holds(cond, p, m, cz, billable) else 0
    for members in plan.groups:
        values = [parts[name] for name in members]
        winner = values.index(max(values))  # first largest
        for i, name in enumerate(members):
            if i != winner:
                parts[name] = 0
    for pc in plan.percentages:
        if pc.percentage_of == ("base",):
            on = base
        else:
            on = sum(parts[b] for b in pc.percentage_of if b in parts)
        if not fits_percent(abs(on), pc.num):
            raise UnusualCaseError
        holds = ok and _holds(pc.condition, p, m, cz, billable)
        parts[pc.name] = percent_of(on, pc.num, pc.den) if holds else 0
    return parts


def _transit(plan: Plan, p: Parcel, czs: int, calendar: ShipCalendar) -> int:
    days = plan.days[czs]
    if not plan.business:
        return days
    if days not in p.business_days:
        lut = business_to_calendar(np.array([days]), calendar.ship, calendar.holidays)
        p.business_days[days] = int(lut[0])
    return p.business_days[days]


def rate(plan: Plan | None, p: Parcel, calendar: ShipCalendar, detail: bool) -> Rated:
    """One parcel with one service version (as the engine's `_evaluate`)."""
    if plan is None:
        return _NOT_EFFECTIVE
    card, m = plan.card, p.measures(plan.unit_system)
    zone = p.zone(plan)
    cz = -1 if zone is None else card.zone_index[zone]
    czs = max(cz, 0)
    k = _step_counts(plan, p, m)
    price, code = card.price_one(czs, k)
    code = max(code, _limit_code(plan, m))
    if cz < 0:
        code = NO_ZONE
    ok = code == OK
    base = price if ok else 0
    billable = step_value(k, card.step)
    cost, parts = base, {"base": base}
    if plan.flats or plan.percentages:
        parts = _surcharges(plan, base, ok, p, m, cz, billable)
        cost = sum(parts.values())
    transit = _transit(plan, p, czs, calendar) if ok else -1
    if cz < 0:
        billable = math.nan
    return Rated(cost, code, transit, billable, base, parts if detail else {})


def nearest_miss(rated: Sequence[Rated], limit: int | None) -> int:
    """The reason no service qualifies (as `quote`'s `_nearest_miss`): the least code,
    with ``"too_slow"`` for a service that carries the parcel beyond the promise."""
    miss = NOT_EFFECTIVE
    for r in rated:
        code = r.code
        if code == OK and limit is not None and r.transit > limit:
            code = TOO_SLOW
        miss = min(miss, code)
    return miss


def shop_key(r: Rated, days_span: int) -> int:
    """The rate-shopping key of a qualifying service: cost, then transit days."""
    if r.cost * days_span >= _KEY_LIMIT:
        raise UnusualCaseError
    return r.cost * days_span + r.transit
