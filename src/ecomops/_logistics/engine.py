"""The compiled rate engine: rules as integer arrays, evaluated over parcel columns (private).

A rate card becomes a lookup table of minor units per (zone, step count); a zone
chart becomes a lookup per distinct lane; surcharge conditions become masks.
Every intermediate is cached per call in a `ParcelContext`, so services
sharing a rule share its work.
"""

from __future__ import annotations

import dataclasses
import functools
import weakref
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ecomops._core.typing import BoolArray, FloatArray, IntArray, StepRounding
from ecomops._core.validation import read_only
from ecomops._logistics.billable import dim_volume
from ecomops._logistics.units import (
    CM_PER_IN,
    DIM_WEIGHT_NAME,
    KG_PER_LB,
    ParcelBatch,
    exceeds,
    steps,
    steps_to_float,
    whole_multiple,
)
from ecomops.exceptions import InvalidInputError
from ecomops.money import Currency, to_minor_units

if TYPE_CHECKING:
    from ecomops._logistics import rules

__all__ = [
    "REASONS",
    "CompiledCard",
    "Evaluation",
    "ParcelContext",
    "ServiceVersion",
    "ShipCalendar",
    "business_to_calendar",
    "compile_card",
    "evaluate_service",
    "fits_percent",
    "flat_minor",
    "minor_units_of",
    "percent",
    "percent_of",
    "rate_fraction",
    "rule_versions",
    "zone_lookup",
]


#: Why a parcel cannot go with a service, from "nearly possible" to "impossible".
#: ``quote`` reports the last applicable one of a pair; ``shop_rates`` the first
#: over all services (the nearest miss).
REASONS: tuple[str, ...] = (
    "ok",
    "too_slow",
    "no_rate",
    "over_size",
    "over_length",
    "over_weight",
    "no_zone",
    "not_effective",
)
OK, TOO_SLOW, NO_RATE, OVER_SIZE, OVER_LENGTH, OVER_WEIGHT, NO_ZONE, NOT_EFFECTIVE = range(8)


class IdentityCache:
    """Results of a pure function of an immutable object, kept while the object lives.

    Rate cards and zone charts are frozen models, so what is compiled from one
    holds for as long as that object exists: a shop backend quoting one parcel per
    request compiles each card once, not on every call. Keyed by identity (a
    chart's value hash walks all its rules), dropped when the object is
    collected, and bounded to ``maxsize`` entries (oldest first).
    """

    def __init__(self, func: Callable[[Any], Any], maxsize: int = 256) -> None:
        self._func = func
        self._maxsize = maxsize
        self._store: dict[int, tuple[weakref.ref[Any], Any]] = {}

    def __call__(self, obj: Any) -> Any:
        key = id(obj)
        hit = self._store.get(key)
        if hit is not None and hit[0]() is obj:
            return hit[1]
        value = self._func(obj)
        while len(self._store) >= self._maxsize:
            self._store.pop(next(iter(self._store)))
        self._store[key] = (weakref.ref(obj, self._forget(key)), value)
        return value

    def _forget(self, key: int) -> Callable[[weakref.ref[Any]], None]:
        def forget(ref: weakref.ref[Any]) -> None:
            entry = self._store.get(key)
            if entry is not None and entry[0] is ref:
                del self._store[key]

        return forget


def zone_lookup(zm: rules.ZoneMap) -> Callable[[str, str], str | None]:
    """A fast ``(origin, destination) -> zone`` function for one chart (first match wins)."""
    grouped: dict[str, list[rules.ZoneRule]] = {}
    for r in zm.rules:
        grouped.setdefault(r.origin, []).append(r)
    exact_only: dict[str, dict[str, str]] = {}
    for o, rules in grouped.items():
        if all(r.destination_to is None for r in rules):
            table: dict[str, str] = {}
            for r in rules:
                table.setdefault(r.destination, r.zone)
            exact_only[o] = table
    k = zm.key_length
    default = zm.default_zone

    def lookup(origin: str, destination: str) -> str | None:
        o = origin[:k] if k else origin
        d = destination[:k] if k else destination
        for key in (o, "*"):
            if key in exact_only:
                hit = exact_only[key].get(d)
                if hit is not None:
                    return hit
                continue
            for r in grouped.get(key, ()):
                if r.destination_to is None:
                    if d == r.destination:
                        return r.zone
                elif len(d) == len(r.destination) and r.destination <= d <= r.destination_to:
                    return r.zone
        return default

    return lookup


def minor_units_of(values: Sequence[Decimal | None], currency: Currency, what: str) -> IntArray:
    out = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values):
        if v is None:
            out[i] = -1
            continue
        try:
            out[i] = to_minor_units(v, currency, rounding=None)
        except InvalidInputError:
            raise ValueError(
                f"{what}[{i}] must be a whole number of {currency.code} minor units; got {v}"
            ) from None
    return out


# ---------------------------------------------------------------------------
# Compiled rules (numpy arrays, integer arithmetic)
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CompiledCard:
    """A rate card as integer arrays: step counts in, minor units out."""

    zones: tuple[str, ...]
    zone_index: dict[str, int]
    step: float
    mode: StepRounding
    k_min: int  # minimum billable weight [steps]
    kind: str
    k_max: int  # heaviest priced step count (-1: unlimited)
    lut: IntArray  # flat (Z * (top + 1)) prices, -1 unpriced
    top: int  # largest step count in the lut
    # pricing beyond the lut
    kb: IntArray  # zone table: bracket limits [steps]
    prices: IntArray  # zone table: (Z, B) minor units, -1 unpriced
    add_steps: int  # steps per additional step (0: none)
    add_prices: IntArray  # (Z,) minor units
    k_first: int  # first + additional: first weight [steps]
    first: IntArray  # (Z,) minor units

    @staticmethod
    def of(card: rules.ZoneRateTable | rules.FirstAdditionalRates) -> CompiledCard:
        return compile_card(card)

    def _formula(self, z: IntArray, k: IntArray) -> IntArray:
        """Prices of step counts beyond the lut (or of any count without a lut)."""
        if self.kind == "first_additional":
            n_add = (np.maximum(k - self.k_first, 0) + self.add_steps - 1) // self.add_steps
            return np.asarray(self.first[z] + n_add * self.add_prices[z], dtype=np.int64)
        last_break = int(self.kb[-1])
        j = np.minimum(np.searchsorted(self.kb, k, side="left"), self.kb.size - 1)
        price = self.prices[z, j]
        if self.add_steps:
            last = self.prices[z, -1]
            n_add = (np.maximum(k - last_break, 0) + self.add_steps - 1) // self.add_steps
            extra = np.where(last >= 0, last + n_add * self.add_prices[z], -1)
            price = np.where(k > last_break, extra, price)
        return np.asarray(price, dtype=np.int64)

    def price(
        self, z: IntArray, k: IntArray, z_offset: IntArray | None = None, k_top: int | None = None
    ) -> tuple[IntArray, npt.NDArray[np.int8] | None]:
        """Price in minor units per row, and reason codes (None when every row is priced).

        ``z_offset`` (``z * (top + 1)``) and ``k_top`` (``k.max()``) may be passed
        when already known.
        """
        width = self.top + 1
        offset = z * width if z_offset is None else z_offset
        k_top = int(k.max(initial=0)) if k_top is None else k_top
        if k_top <= self.top:
            price = self.lut[offset + k]
            any_beyond = False
        else:
            beyond = k > self.top
            price = self.lut[offset + np.minimum(k, self.top)]
            rows = np.flatnonzero(beyond)
            price[rows] = self._formula(z[rows], k[rows])
            any_beyond = True
        over = k > self.k_max if self.k_max >= 0 and k_top > self.k_max else None
        missing = price < 0 if (self.has_missing or any_beyond) else None
        if over is None and (missing is None or not missing.any()):
            return price, None
        code = np.zeros(k.shape, dtype=np.int8)
        if missing is not None:
            code[missing] = NO_RATE
        if over is not None:
            code[over] = OVER_WEIGHT
        price[code != OK] = 0
        return price, code

    def price_one(self, z: int, k: int) -> tuple[int, int]:
        """`price` of one parcel: its price in minor units (0 when refused) and reason code.

        The lut (built by `_formula`) prices it, or `_formula` itself beyond the lut.
        """
        if k <= self.top:
            price = int(self.lut[z * (self.top + 1) + k])
        else:
            price = int(self._formula(np.array([z]), np.array([k]))[0])
        if self.k_max >= 0 and k > self.k_max:
            return 0, OVER_WEIGHT
        if price < 0:
            return 0, NO_RATE
        return price, OK

    @property
    def has_missing(self) -> bool:
        """Whether some zone and weight has no price (read once per compiled card)."""
        return bool(_HAS_MISSING(self))


_PARCEL_WEIGHT = "weight_kg (in the card's unit)"


def compiled_card(card: rules.ZoneRateTable | rules.FirstAdditionalRates) -> CompiledCard:
    """The card compiled once per card object (see `IdentityCache`)."""
    return _COMPILED_CARDS(card)  # type: ignore[no-any-return]


def cached_zone_lookup(zm: rules.ZoneMap) -> Callable[[str, str], str | None]:
    """The chart's lookup function built once per chart object."""
    return _ZONE_LOOKUPS(zm)  # type: ignore[no-any-return]


def _frozen_card(card: rules.ZoneRateTable | rules.FirstAdditionalRates) -> CompiledCard:
    compiled = compile_card(card)
    for field in dataclasses.fields(compiled):
        value = getattr(compiled, field.name)
        if isinstance(value, np.ndarray):
            read_only(value)  # shared between calls: nobody may write
    return compiled


def compile_card(card: rules.ZoneRateTable | rules.FirstAdditionalRates) -> CompiledCard:
    step = float(card.weight_step)
    mode: StepRounding = "up" if card.weight_rounding == "up" else "nearest"
    k_min = 0
    if card.min_weight > 0:
        k_min = int(steps(np.array(card.min_weight), step, "up", "min_weight"))
    zone_index = {z: i for i, z in enumerate(card.zones)}
    n_zones = len(card.zones)
    empty = np.zeros(0, dtype=np.int64)
    k_max = -1
    if card.max_weight is not None:
        k_max = int(steps(np.array(card.max_weight), step, "down", "max_weight"))
    if card.kind == "first_additional":
        add_steps = whole_multiple(card.additional_step, step, "additional_step")
        add_prices = minor_units_of(card.additional_prices, card.currency, "additional_prices")
        k_first = whole_multiple(card.first_weight, step, "first_weight")
        first = minor_units_of(card.first_prices, card.currency, "first_prices")
        kb, prices = empty, np.zeros((0, 0), np.int64)
        kind = "first_additional"
        top = k_max if 0 <= k_max <= 100_000 else max(k_first, 0) + 1000 * add_steps
    else:
        kb = steps(np.array(card.weight_breaks), step, "down", "weight_breaks")
        prices = np.stack([minor_units_of(row, card.currency, "prices") for row in card.prices])
        add_steps, add_prices = 0, np.zeros(n_zones, dtype=np.int64)
        if card.additional_step is not None and card.additional_prices is not None:
            add_steps = whole_multiple(card.additional_step, step, "additional_step")
            add_prices = minor_units_of(card.additional_prices, card.currency, "additional_prices")
        elif k_max < 0:
            k_max = int(kb[-1])
        k_first, first, kind = 0, empty, "zone_table"
        top = int(kb[-1])
    top = max(0, min(top, 4_000_000 // n_zones - 1))
    comp = CompiledCard(
        tuple(card.zones), zone_index, step, mode, k_min, kind, k_max, empty, top, kb, prices,
        add_steps, add_prices, k_first, first,
    )  # fmt: skip
    grid_z = np.repeat(np.arange(n_zones), top + 1)
    grid_k = np.tile(np.arange(top + 1), n_zones)
    lut = comp._formula(grid_z, grid_k)
    return dataclasses.replace(comp, lut=np.ascontiguousarray(lut, dtype=np.int64))


@dataclasses.dataclass(frozen=True)
class ServiceVersion:
    service: rules.Service
    zone_map: rules.ZoneMap | None
    card: rules.ZoneRateTable | rules.FirstAdditionalRates | None
    dim: rules.DimWeightRule | None
    surcharges: tuple[rules.Surcharge, ...]


@dataclasses.dataclass(frozen=True)
class ShipCalendar:
    """Ship dates (None, one, or one per parcel) and the holidays of business-day transit."""

    ship: npt.NDArray[np.datetime64] | None
    holidays: npt.NDArray[np.datetime64]

    def rows(self, idx: IntArray) -> ShipCalendar:
        """The calendar of some parcels."""
        if self.ship is None or self.ship.size == 1:
            return self
        return ShipCalendar(self.ship[idx], self.holidays)


class ParcelContext:
    """Per-call caches over one parcel batch: unit conversions, zones, step counts."""

    def __init__(self, batch: ParcelBatch, idx: IntArray | None) -> None:
        self.batch = batch
        self.idx = idx
        self.cache: dict[Any, Any] = {}

    def take(self, arr: np.ndarray) -> np.ndarray:
        return arr if self.idx is None else arr[self.idx]

    def get(self, key: Any, make: Any) -> Any:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def weight(self, unit_system: str) -> FloatArray:
        def make() -> FloatArray:
            w = self.take(self.batch.weight_kg)
            return w if unit_system == "metric" else w / KG_PER_LB

        return self.get(("w", unit_system), make)  # type: ignore[no-any-return]

    def dims(self, unit_system: str) -> tuple[FloatArray, FloatArray, FloatArray]:
        def make() -> tuple[FloatArray, ...]:
            hi, mid, lo = (self.take(x) for x in self.batch.sorted_dims())
            if unit_system == "imperial":
                return hi / CM_PER_IN, mid / CM_PER_IN, lo / CM_PER_IN
            return hi, mid, lo

        return self.get(("d", unit_system), make)  # type: ignore[no-any-return]

    def zones(self, zm: rules.ZoneMap) -> IntArray:
        """Index into ``zm.zone_names`` per parcel, -1 for no zone."""

        def make() -> IntArray:
            pos = {z: i for i, z in enumerate(_ZONE_NAMES(zm))}
            zone_of = cached_zone_lookup(zm)
            origins, destinations = self.batch.lane_keys()
            n_pairs, n_dest = len(origins) * len(destinations), len(destinations)
            origin_code, destination_code = self.batch.lane_codes()
            pair = self.take(origin_code) * n_dest + self.take(destination_code)

            def codes(pairs: list[int]) -> IntArray:
                zones = (zone_of(origins[p // n_dest], destinations[p % n_dest]) for p in pairs)
                return np.array([-1 if z is None else pos[z] for z in zones], dtype=np.int64)

            if n_pairs <= 4_000_000:
                used = np.zeros(n_pairs, dtype=bool)
                used[pair] = True
                table = np.full(n_pairs, -1, dtype=np.int64)
                hit = np.flatnonzero(used)
                table[hit] = codes(hit.tolist())
                return np.asarray(table[pair], dtype=np.int64)
            uniq, inv = np.unique(pair, return_inverse=True)
            return codes(uniq.tolist())[inv.reshape(-1)]

        return self.get(("z", id(zm)), make)  # type: ignore[no-any-return]

    def destination_in(self, keys: Sequence[str]) -> BoolArray:
        """Whether each parcel's destination key is one of ``keys``."""
        wanted = set(keys)
        codes = [i for i, key in enumerate(self.batch.lane_keys()[1]) if key in wanted]
        return np.isin(self.take(self.batch.lane_codes()[1]), codes)


def percent(base: IntArray, rate: Decimal) -> IntArray:
    """``base * rate`` rounded half up (away from zero) to integers, exactly."""
    num, den = rate_fraction(rate)
    if base.size and not fits_percent(int(np.abs(base).max()), num):
        raise InvalidInputError("a percentage surcharge overflows int64 minor units")
    prod = base * num
    mag = (2 * np.abs(prod) + den) // (2 * den)
    return np.where(prod < 0, -mag, mag)


def percent_of(base: int, num: int, den: int) -> int:
    """`percent` of one amount (``base * num / den``, half up), for a base that
    `fits_percent`: the same integers, so the same amount."""
    prod = base * num
    mag = (2 * abs(prod) + den) // (2 * den)
    return -mag if prod < 0 else mag


def fits_percent(largest_base: int, num: int) -> bool:
    """Whether ``largest_base * num`` stays clear of int64 overflow (``< 2**61``)."""
    return largest_base * abs(num) < 2**61


@functools.lru_cache(maxsize=1024)
def rate_fraction(rate: Decimal) -> tuple[int, int]:
    """A percentage rate as an exact fraction ``(numerator, denominator)``."""
    f = Fraction(rate)
    return f.numerator, f.denominator


@dataclasses.dataclass
class Evaluation:
    cost: IntArray
    code: npt.NDArray[np.int8]
    transit: IntArray
    billable: FloatArray
    base: IntArray
    parts: dict[str, IntArray]


@dataclasses.dataclass(frozen=True)
class _Measures:
    """A parcel batch's measures in one service's unit system (sides sorted)."""

    unit_system: str
    weight: FloatArray
    longest: FloatArray
    middle: FloatArray
    shortest: FloatArray

    @staticmethod
    def of(ctx: ParcelContext, unit_system: str) -> _Measures:
        return _Measures(unit_system, ctx.weight(unit_system), *ctx.dims(unit_system))

    def length_plus_girth(self, ctx: ParcelContext) -> FloatArray:
        return ctx.get(  # type: ignore[no-any-return]
            ("lpg", self.unit_system), lambda: self.longest + 2.0 * (self.middle + self.shortest)
        )


def _not_effective(n: int) -> Evaluation:
    """No card or zone chart in force on the ship date: every parcel refused."""
    zero = np.zeros(n, dtype=np.int64)
    return Evaluation(
        zero, np.full(n, NOT_EFFECTIVE, dtype=np.int8), np.full(n, -1, dtype=np.int64),
        np.full(n, np.nan), zero, {},
    )  # fmt: skip


def _card_zones(
    ctx: ParcelContext, card: CompiledCard, zm: rules.ZoneMap
) -> tuple[IntArray, IntArray, BoolArray | None]:
    """Per parcel: the card's zone index (-1 without one), the same clipped to 0, and
    the rows without a zone (None when every parcel has one)."""

    def make() -> tuple[IntArray, IntArray, BoolArray | None]:
        zmap = np.array([card.zone_index[z] for z in _ZONE_NAMES(zm)] + [-1], dtype=np.int64)
        cz = zmap[ctx.zones(zm)]  # a missing zone (-1) indexes the trailing -1
        no_zone = cz < 0
        if no_zone.any():
            return cz, np.maximum(cz, 0), no_zone
        return cz, cz, None

    return ctx.get(("cz", id(zm), card.zones), make)  # type: ignore[no-any-return]


def _step_counts(
    ctx: ParcelContext, card: CompiledCard, dim: rules.DimWeightRule | None, m: _Measures
) -> IntArray:
    """Billable weight in card steps: actual, DIM (when a rule applies), minimum."""
    key: tuple[Any, ...] = ("k", m.unit_system, card.step, card.mode)
    k_act = ctx.get(key, lambda: steps(m.weight, card.step, card.mode, _PARCEL_WEIGHT))
    k: IntArray = k_act
    if dim is not None:
        key = (*key, (dim.divisor, dim.min_volume, dim.dimension_rounding, dim.dimension_step))

        def make_k() -> IntArray:
            vol = ctx.get(
                ("vol", m.unit_system, dim.dimension_rounding, dim.dimension_step),
                lambda: dim_volume(
                    m.longest, m.middle, m.shortest, dim.dimension_step, dim.dimension_rounding
                ),
            )
            k_dim = steps(vol / dim.divisor, card.step, card.mode, DIM_WEIGHT_NAME)
            if dim.min_volume > 0:
                k_dim = np.where(exceeds(vol, dim.min_volume), k_dim, 0)
            return np.asarray(np.maximum(k_act, k_dim), dtype=np.int64)

        k = ctx.get(key, make_k)
    if card.k_min:
        k_prev = k
        k = ctx.get((*key, "min", card.k_min), lambda: np.maximum(k_prev, card.k_min))
    return k


def _transport_charge(
    ctx: ParcelContext, card: CompiledCard, zm: rules.ZoneMap, czs: IntArray, k: IntArray
) -> tuple[IntArray, npt.NDArray[np.int8] | None]:
    """The card's price per parcel and its reason codes (None when all priced)."""
    k_top = ctx.get(("kmax", id(k)), lambda: int(k.max(initial=0)))
    offset = ctx.get(("zoff", id(zm), card.zones, card.top), lambda: czs * (card.top + 1))
    return card.price(czs, k, offset, k_top)


def _service_limits(
    ctx: ParcelContext, svc: rules.Service, m: _Measures
) -> npt.NDArray[np.int8] | None:
    """Reason codes of parcels over the service's size and weight limits (None: none)."""

    def make() -> npt.NDArray[np.int8] | None:
        lim = np.zeros(m.weight.shape, dtype=np.int8)
        if svc.max_length_plus_girth is not None:
            lim[exceeds(m.length_plus_girth(ctx), svc.max_length_plus_girth)] = OVER_SIZE
        if svc.max_length is not None:
            lim[exceeds(m.longest, svc.max_length)] = OVER_LENGTH
        if svc.max_weight is not None:
            lim[exceeds(m.weight, svc.max_weight)] = OVER_WEIGHT
        return lim if lim.any() else None

    key = ("limits", m.unit_system, svc.max_length_plus_girth, svc.max_length, svc.max_weight)
    return ctx.get(key, make)  # type: ignore[no-any-return]


def _merge_codes(
    code: npt.NDArray[np.int8] | None,
    limits: npt.NDArray[np.int8] | None,
    no_zone: BoolArray | None,
    n: int,
) -> npt.NDArray[np.int8] | None:
    """The latest applicable reason of pricing codes, limit codes and "no_zone".

    A limit code replaces a pricing code only when it is later in `REASONS`: a
    billable weight beyond the card (``"over_weight"``) outranks a side over
    the length limit.
    """
    if limits is None and no_zone is None:
        return code
    code = np.zeros(n, dtype=np.int8) if code is None else code
    if limits is not None:
        np.maximum(code, limits, out=code)
    if no_zone is not None:
        code[no_zone] = NO_ZONE
    return code


@dataclasses.dataclass(frozen=True)
class _SurchargeInputs:
    """What surcharge conditions read: the parcels, their card zones and measures."""

    ctx: ParcelContext
    card: CompiledCard
    card_zone: IntArray
    measures: _Measures
    billable: Callable[[], FloatArray]
    ok: BoolArray | None

    def condition(self, s: rules.Surcharge) -> BoolArray:
        mask = _condition(s, self)
        return mask if self.ok is None else mask & self.ok


def _surcharges(
    surcharges: tuple[rules.Surcharge, ...],
    currency: Currency,
    base: IntArray,
    inputs: _SurchargeInputs,
) -> dict[str, IntArray]:
    """Each surcharge by name: flats, the largest of each exclusive group, then percentages."""
    parts: dict[str, IntArray] = {"base": base}
    flats = [x for x in surcharges if x.kind == "flat"]
    for sc in flats:
        parts[sc.name] = inputs.condition(sc) * np.int64(flat_minor(sc, currency))
    groups: dict[str, list[str]] = {}
    for sc in flats:
        if sc.group is not None:
            groups.setdefault(sc.group, []).append(sc.name)
    for members in groups.values():
        winner = np.argmax(np.stack([parts[m] for m in members]), axis=0)  # first largest
        for i, m in enumerate(members):
            parts[m] = np.where(winner == i, parts[m], 0)
    for sc in surcharges:
        if sc.kind == "percentage":
            on = (
                base
                if sc.percentage_of == ("base",)
                else sum(parts[b] for b in sc.percentage_of if b in parts)
            )
            amounts = percent(np.asarray(on), sc.rate or Decimal(0))
            parts[sc.name] = np.where(inputs.condition(sc), amounts, 0)
    return parts


def _transit_days(
    ctx: ParcelContext,
    svc: rules.Service,
    card: CompiledCard,
    zm: rules.ZoneMap,
    czs: IntArray,
    calendar: ShipCalendar,
) -> IntArray:
    """Transit time per parcel in calendar days from the ship date."""
    raw_days = svc.transit_days

    def make() -> IntArray:
        days = np.array([raw_days.get(z, -1) for z in card.zones], dtype=np.int64)
        out: IntArray = days[czs]
        if svc.transit_basis == "business":
            out = business_to_calendar(out, calendar.ship, calendar.holidays)
        return out

    key = ("transit", id(zm), card.zones, tuple(sorted(raw_days.items())), svc.transit_basis)
    return ctx.get(key, make)  # type: ignore[no-any-return]


def _evaluate(
    version: ServiceVersion, ctx: ParcelContext, calendar: ShipCalendar, detail: bool
) -> Evaluation:
    """Charges, reason codes, transit days (and, with ``detail``, billable weights and
    each surcharge) of the parcels of ``ctx`` under one version of a service's rules."""
    n = len(ctx.batch) if ctx.idx is None else ctx.idx.size
    if version.card is None or version.zone_map is None:
        return _not_effective(n)
    svc, zm, raw_card = version.service, version.zone_map, version.card
    card = compiled_card(raw_card)
    m = _Measures.of(ctx, svc.unit_system)
    cz, czs, no_zone = _card_zones(ctx, card, zm)
    k = _step_counts(ctx, card, version.dim, m)
    price, code = _transport_charge(ctx, card, zm, czs, k)
    code = _merge_codes(code, _service_limits(ctx, svc, m), no_zone, n)
    ok = None if code is None else code == OK
    base = price if ok is None else np.where(ok, price, 0)

    def billable() -> FloatArray:
        return ctx.get(("billable", id(k), card.step), lambda: steps_to_float(k, card.step))  # type: ignore[no-any-return]

    parts: dict[str, IntArray] = {"base": base}
    total = base
    if version.surcharges:
        inputs = _SurchargeInputs(ctx, card, cz, m, billable, ok)
        parts = _surcharges(version.surcharges, svc.currency, base, inputs)
        total = base.copy()
        for name, arr in parts.items():
            if name != "base":
                total += arr
    transit = _transit_days(ctx, svc, card, zm, czs, calendar)
    if ok is not None:
        transit = np.where(ok, transit, -1)
    bw = billable() if detail else np.zeros(0)
    if detail and no_zone is not None:
        bw = np.where(no_zone, np.nan, bw)
    if code is None:
        code = ctx.get(("zero_code", n), lambda: np.zeros(n, dtype=np.int8))
    return Evaluation(total, code, transit, bw, base, parts if detail else {})


def _condition(s: rules.Surcharge, inputs: _SurchargeInputs) -> BoolArray:
    """Rows where every condition of a surcharge holds (cached per condition set)."""
    ctx, card, m = inputs.ctx, inputs.card, inputs.measures
    key = (
        "cond", m.unit_system, card.zones, s.zones, s.destinations, s.residential,
        s.over_actual_weight, s.over_longest_side, s.over_second_longest_side,
        s.over_length_plus_girth,
    )  # fmt: skip

    def make() -> BoolArray:
        mask = np.ones(m.weight.shape, dtype=bool)
        if s.zones is not None:
            ids = [card.zone_index[z] for z in s.zones if z in card.zone_index]
            mask &= np.isin(inputs.card_zone, ids)
        if s.destinations is not None:
            mask &= ctx.destination_in(s.destinations)
        if s.residential is not None:
            res = ctx.take(ctx.batch.residential)
            mask &= res if s.residential else ~res
        if s.over_actual_weight is not None:
            mask &= exceeds(m.weight, s.over_actual_weight)
        if s.over_longest_side is not None:
            mask &= exceeds(m.longest, s.over_longest_side)
        if s.over_second_longest_side is not None:
            mask &= exceeds(m.middle, s.over_second_longest_side)
        if s.over_length_plus_girth is not None:
            mask &= exceeds(m.length_plus_girth(ctx), s.over_length_plus_girth)
        return mask

    mask: BoolArray = ctx.get(key, make)
    if s.over_billable_weight is not None:
        mask = mask & exceeds(inputs.billable(), s.over_billable_weight)
    return mask


_REFERENCE_WEEK = np.arange(
    np.datetime64("2001-01-01"), np.datetime64("2001-01-08"), dtype="datetime64[D]"
)  # a Monday to a Sunday


def business_to_calendar(
    days: IntArray, ship: npt.NDArray[np.datetime64] | None, holidays: npt.NDArray[np.datetime64]
) -> IntArray:
    """Calendar days of a business-day transit, from the ship date (rolled forward)."""
    if ship is None:
        # no ship date: the worst weekday (shipping on a Saturday), holidays ignored
        uniq, inv = np.unique(days, return_inverse=True)
        worst = np.array(
            [
                int((np.busday_offset(_REFERENCE_WEEK, int(d), roll="forward") - _REFERENCE_WEEK)
                    .astype(np.int64).max())
                for d in uniq.tolist()
            ],
            dtype=np.int64,
        )  # fmt: skip
        return worst[inv.reshape(-1)]
    if ship.size == 1:
        uniq, inv = np.unique(days, return_inverse=True)
        d0 = ship.reshape(-1)[0]
        lut = (np.busday_offset(d0, uniq, roll="forward", holidays=holidays) - d0).astype(np.int64)
        return np.asarray(lut[inv.reshape(-1)], dtype=np.int64)
    out = np.busday_offset(ship, days, roll="forward", holidays=holidays) - ship
    return np.asarray(out.astype(np.int64), dtype=np.int64)


def rule_versions(
    svc: rules.Service, calendar: ShipCalendar
) -> list[tuple[ServiceVersion, IntArray | None]]:
    """Rule versions and the parcels they apply to (None: all)."""
    ship = calendar.ship
    if ship is None:
        newest = _NEWEST_VERSIONS(svc)  # the parts only: a cached value must not hold svc
        return [(ServiceVersion(svc, *newest), None)]
    if ship.size == 1:
        return [(svc.as_of(ship[0].astype(object)), None)]
    dates = np.array(svc.effective_dates(), dtype="datetime64[D]")
    epoch = np.searchsorted(dates, ship, side="right")
    out: list[tuple[ServiceVersion, IntArray | None]] = []
    for e in np.unique(epoch).tolist():
        idx = np.flatnonzero(epoch == e).astype(np.int64)
        out.append((svc.as_of(ship[idx[0]].astype(object)), idx))
    if len(out) == 1:
        return [(out[0][0], None)]
    return out


def evaluate_service(
    svc: rules.Service, shared: ParcelContext, calendar: ShipCalendar, detail: bool
) -> Evaluation:
    """A service's evaluation of every parcel, each under the rule versions of its ship date."""
    parts = rule_versions(svc, calendar)
    if len(parts) == 1 and parts[0][1] is None:
        return _evaluate(parts[0][0], shared, calendar, detail)
    n = len(shared.batch)
    out = Evaluation(
        np.zeros(n, np.int64), np.zeros(n, np.int8), np.zeros(n, np.int64),
        np.zeros(n), np.zeros(n, np.int64), {},
    )  # fmt: skip
    for version, idx in parts:
        assert idx is not None
        ev = _evaluate(version, ParcelContext(shared.batch, idx), calendar.rows(idx), detail)
        out.cost[idx] = ev.cost
        out.code[idx] = ev.code
        out.transit[idx] = ev.transit
        if detail:
            out.billable[idx] = ev.billable
        out.base[idx] = ev.base
        for name, arr in ev.parts.items():
            out.parts.setdefault(name, np.zeros(n, np.int64))[idx] = arr
    return out


_COMPILED_CARDS = IdentityCache(_frozen_card)
_ZONE_LOOKUPS = IdentityCache(zone_lookup)
#: A chart's zone names and a service's newest rule versions: read per quote, walked
#: over every rule to compute, and fixed for the life of the (frozen) object.
_ZONE_NAMES = IdentityCache(lambda zm: zm.zone_names)
_NEWEST_VERSIONS = IdentityCache(lambda svc: _version_parts(svc.as_of(None)))
_HAS_MISSING = IdentityCache(lambda card: bool((card.lut < 0).any()))


#: A flat surcharge's amount in minor units, per currency (converted once per object).
_FLAT_AMOUNTS = IdentityCache(lambda sc: {})


def flat_minor(sc: rules.Surcharge, currency: Currency) -> int:
    known: dict[str, int] = _FLAT_AMOUNTS(sc)
    if currency.code not in known:
        known[currency.code] = to_minor_units(sc.amount or Decimal(0), currency, rounding=None)
    return known[currency.code]


def _version_parts(v: ServiceVersion) -> tuple[Any, ...]:
    return (v.zone_map, v.card, v.dim, v.surcharges)
