"""Carrier rules as data: zone charts, rate cards, DIM rules, surcharges, services (private).

Public names are re-exported by `ecomops.logistics`.
"""

from __future__ import annotations

import abc
import datetime as _dt
import html
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BeforeValidator, Field, field_validator, model_validator

from ecomops._core.columns import is_missing
from ecomops._core.models import EcomopsModel
from ecomops._core.results import format_money, format_number
from ecomops._core.typing import (
    ArrayLike,
    DimensionRounding,
    SurchargeKind,
    TransitBasis,
    UnitSystem,
    WeightRounding,
)
from ecomops._core.validation import as_float_array, check_range, refuse_missing_date, series_io
from ecomops._logistics.billable import billable_weight
from ecomops._logistics.engine import (
    OK,
    CompiledCard,
    ServiceVersion,
    cached_zone_lookup,
    minor_units_of,
)
from ecomops._logistics.units import steps, whole_multiple
from ecomops.exceptions import InvalidInputError
from ecomops.money import Currency, Money

__all__ = [
    "CHINA_PROVINCES",
    "ChinaProvinceZones",
    "DimWeightRule",
    "FirstAdditionalRates",
    "Service",
    "Surcharge",
    "ZoneMap",
    "ZoneRateTable",
    "ZoneRule",
    "china_province_zone_map",
]


#: Mainland China's 31 province-level regions.
CHINA_PROVINCES: tuple[str, ...] = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川",
    "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆",
)  # fmt: skip

_EPOCH = _dt.date(1900, 1, 1)

PositiveFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegativeFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Price = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]


#: The first ship date a rule applies to; a missing date (NaT, NA) is refused by name.
EffectiveDate = Annotated[
    _dt.date, BeforeValidator(lambda value: refuse_missing_date(value, "effective_from"))
]


class DimWeightRule(EcomopsModel):
    """A dimensional-weight rule: divisor, volume threshold, dimension rounding.

    Lengths and weights are in the units of the `Service` holding the
    rule (cm and kg for ``unit_system="metric"``, in and lb for ``"imperial"``).

    Attributes
    ----------
    effective_from : date
        First ship date the rule applies to.
    divisor : float
        DIM divisor, ``> 0``: 139 or 166 in³/lb (UPS, FedEx, USPS), 5000, 6000,
        8000 or 12000 cm³/kg (international express, SF, JD, 通达系). [cm³/kg or in³/lb]
    min_volume : float
        DIM weight applies only above this (rounded) volume; default 0.
        USPS: 1728 in³. [cm³ or in³]
    dimension_rounding : {"nearest", "up", "none"}
        Rounding of each dimension before the volume; default ``"nearest"`` (UPS).
    dimension_step : float
        Dimension rounding step, default 1. [cm or in]

    Examples
    --------
    >>> rule = DimWeightRule(effective_from="2025-01-01", divisor=139)
    >>> rule.billable_weight(10, 18, 18, 12)
    28.0
    """

    effective_from: EffectiveDate
    divisor: PositiveFloat
    min_volume: NonNegativeFloat = 0.0
    dimension_rounding: DimensionRounding = "nearest"
    dimension_step: PositiveFloat = 1.0

    @series_io
    def billable_weight(
        self,
        weight: float | ArrayLike,
        length: float | ArrayLike,
        width: float | ArrayLike,
        height: float | ArrayLike,
        *,
        weight_step: float = 1.0,
        weight_rounding: WeightRounding = "up",
        min_weight: float = 0.0,
    ) -> Any:
        """`billable_weight` under this rule.

        Returns
        -------
        float, ndarray of float64 or Series
            The billable weight, as `billable_weight` gives it under this rule. [weight unit]
            A pandas or polars Series on the input's index when an input is a Series.

        Examples
        --------
        >>> DimWeightRule(effective_from="2025-01-01", divisor=166).billable_weight(10, 18, 18, 12)
        24.0
        """
        return billable_weight(
            weight, length, width, height, divisor=self.divisor, weight_step=weight_step,
            weight_rounding=weight_rounding, dimension_step=self.dimension_step,
            dimension_rounding=self.dimension_rounding, min_volume=self.min_volume,
            min_weight=min_weight,
        )  # fmt: skip


class ZoneRule(EcomopsModel):
    """One line of a zone chart: an origin, a destination (or a range) and its zone.

    Attributes
    ----------
    origin : str
        Origin key (ZIP3 ``"100"``, province ``"浙江"``), or ``"*"`` for any origin.
    destination : str
        Destination key, or the first key of a range.
    destination_to : str, optional
        Last key of an inclusive range of keys of the same length (``"004"`` to
        ``"005"``), compared as strings.
    zone : str
        Zone name (``"2"``, ``"省内"``).

    Examples
    --------
    >>> ZoneRule(origin="100", destination="004", destination_to="005", zone="8").zone
    '8'
    """

    origin: str = Field(min_length=1)
    destination: str = Field(min_length=1)
    destination_to: str | None = None
    zone: str = Field(min_length=1)

    @model_validator(mode="after")
    def _check_range(self) -> ZoneRule:
        if self.destination_to is not None:
            if len(self.destination_to) != len(self.destination):
                raise ValueError("destination and destination_to must have the same length")
            if self.destination_to < self.destination:
                raise ValueError("destination_to must not come before destination")
        return self


class ZoneMap(EcomopsModel):
    """A zone chart: which zone each origin-destination pair falls in.

    A pair takes the zone of the first rule that matches it, rules for its own
    origin before the ``"*"`` (any origin) rules; unmatched pairs take
    ``default_zone``, or have no zone (the parcel is unserviceable, reason
    ``"no_zone"``).

    Attributes
    ----------
    effective_from : date
        First ship date the chart applies to.
    rules : tuple of ZoneRule
        The chart's lines.
    key_length : int, optional
        Compare only the first ``key_length`` characters of origin and
        destination keys (3 for ZIP3 charts fed full ZIP codes).
    default_zone : str, optional
        Zone of pairs no rule matches.

    Examples
    --------
    >>> zm = ZoneMap(effective_from="2025-01-01", key_length=3, rules=[
    ...     ZoneRule(origin="100", destination="100", destination_to="119", zone="2"),
    ...     ZoneRule(origin="100", destination="900", destination_to="961", zone="8")])
    >>> zm.zone_of("10001", "94105"), zm.zone_of("10001", "60601")
    ('8', None)
    """

    effective_from: EffectiveDate
    rules: tuple[ZoneRule, ...]
    key_length: int | None = Field(default=None, gt=0)
    default_zone: str | None = None

    @property
    def zone_names(self) -> tuple[str, ...]:
        """Every zone the chart can give, sorted."""
        names = {r.zone for r in self.rules}
        if self.default_zone is not None:
            names.add(self.default_zone)
        return tuple(sorted(names))

    def zone_of(self, origin: str, destination: str) -> str | None:
        """The zone of one pair, or None.

        Examples
        --------
        >>> china_province_zone_map().zone_of("浙江", "上海")
        '江浙沪'
        """
        for name, key in (("origin", origin), ("destination", destination)):
            if not isinstance(key, str):
                raise InvalidInputError(f"{name} must be a string key; got {key!r}")
        return cached_zone_lookup(self)(origin, destination)


class ChinaProvinceZones(EcomopsModel):
    """Zone classes between Chinese provinces: 省内, 江浙沪 (a region), 全国, 偏远.

    Used by `china_province_zone_map` to build a `ZoneMap`.

    Attributes
    ----------
    same_province : str
        Zone name within one province; default ``"省内"``.
    region_zones : dict of str to tuple of str
        Regional classes: parcels between two different provinces of one region
        take its name; default ``{"江浙沪": ("江苏", "浙江", "上海")}``.
    remote : tuple of str
        Remote destination provinces (偏远); default 新疆, 西藏, 青海, 内蒙古,
        甘肃, 宁夏, the provinces most Chinese express cards surcharge.
    remote_zone, national_zone : str
        Zone names; defaults ``"偏远"`` and ``"全国"``.

    Examples
    --------
    >>> ChinaProvinceZones().remote_zone
    '偏远'
    """

    same_province: str = "省内"
    region_zones: dict[str, tuple[str, ...]] = Field(
        default_factory=lambda: dict[str, tuple[str, ...]]({"江浙沪": ("江苏", "浙江", "上海")})
    )
    remote: tuple[str, ...] = ("新疆", "西藏", "青海", "内蒙古", "甘肃", "宁夏")
    remote_zone: str = "偏远"
    national_zone: str = "全国"


def china_province_zone_map(
    classes: ChinaProvinceZones | None = None,
    *,
    effective_from: _dt.date | str = _EPOCH,
    provinces: Sequence[str] = CHINA_PROVINCES,
    origin_aliases: Mapping[str, str] | None = None,
) -> ZoneMap:
    """A province x province zone map with the classes 省内 / 江浙沪 / 全国 / 偏远.

    Precedence: the same province is 省内; otherwise a remote destination is
    偏远; otherwise two provinces of one region take the region's name;
    otherwise 全国.

    Parameters
    ----------
    classes : ChinaProvinceZones, optional
        Zone names, regions and remote provinces; default `ChinaProvinceZones()`.
    effective_from : date
        First ship date; default 1900-01-01 (always).
    provinces : sequence of str
        Province keys; default the 31 mainland province-level regions.
    origin_aliases : mapping of str to str, optional
        Origin keys that stand for a province, such as warehouse codes
        (``{"HZ": "浙江"}``): they get the rows of their province.

    Returns
    -------
    ZoneMap

    References
    ----------
    1. 中通/圆通/韵达 merchant price lists (电商件报价, 2024): 省内, 江浙沪,
       一区/二区 (全国) and 偏远 (新疆、西藏、青海、内蒙古、甘肃、宁夏) columns.

    Examples
    --------
    >>> zm = china_province_zone_map()
    >>> [zm.zone_of("浙江", d) for d in ("浙江", "江苏", "广东", "新疆")]
    ['省内', '江浙沪', '全国', '偏远']
    """
    c = classes or ChinaProvinceZones()
    region_of = {p: name for name, members in c.region_zones.items() for p in members}
    aliases = dict(origin_aliases or {})
    unknown = sorted(set(aliases.values()) - set(provinces))
    if unknown:
        raise InvalidInputError(f"origin_aliases name unknown provinces {unknown}")
    origins = [(p, p) for p in provinces] + list(aliases.items())
    rules = []
    for key, o in origins:
        for d in provinces:
            if o == d:
                zone = c.same_province
            elif d in c.remote:
                zone = c.remote_zone
            elif o in region_of and region_of.get(d) == region_of[o]:
                zone = region_of[o]
            else:
                zone = c.national_zone
            rules.append(ZoneRule(origin=key, destination=d, zone=zone))
    return ZoneMap(effective_from=effective_from, rules=tuple(rules))  # type: ignore[arg-type]


_MAX_STEPS = 2**31  # bound on a single priced weight, in weight steps (int64-safe prices)


class _Card(EcomopsModel):
    effective_from: EffectiveDate
    currency: Currency
    zones: tuple[str, ...] = Field(min_length=1)
    weight_step: PositiveFloat = 1.0
    weight_rounding: WeightRounding = "up"
    min_weight: NonNegativeFloat = 0.0

    @field_validator("zones")
    @classmethod
    def _unique_zones(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(v)) != len(v):
            raise ValueError("zones must be unique")
        return v

    @abc.abstractmethod
    def _grid(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows of the card's price grid, for the notebook view (each card its own)."""

    def _amount(self, price: Decimal | None) -> str:
        return "—" if price is None else format_money(price, self.currency.minor_units)

    def _repr_html_(self) -> str:
        """The card as a price grid: money with the currency's decimals and separators."""
        header, rows = self._grid()
        title = f"{type(self).__name__} [{self.currency.code}], effective {self.effective_from}"
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        return (
            f"<div><b>{html.escape(title)}</b><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>"
        )

    def _price_at(self, zone: str, weight: float) -> Money | None:
        """The price of one billable weight in one zone (None if unpriced). [currency]

        The zone must be one of the card's and the weight a finite number >= 0
        below ``2**31`` weight steps: a negative weight would otherwise index
        another bracket (or zone) from the end of the table.
        """
        if not isinstance(zone, str) or zone not in self.zones:
            noun = "table" if isinstance(self, ZoneRateTable) else "card"
            raise InvalidInputError(f"zone {zone!r} is not in this {noun}'s zones {self.zones}")
        w = as_float_array(weight, "weight")
        if w.ndim != 0:
            raise InvalidInputError(
                f"weight must be one number (use quote for many parcels); got shape {w.shape}"
            )
        check_range(w, "weight", ge=0)
        limit = _MAX_STEPS * self.weight_step
        if not float(w) < limit:
            raise InvalidInputError(
                f"weight must be < {limit:g} (2**31 weight steps of {self.weight_step:g}); "
                f"got {float(w)!r}"
            )
        z = np.array([self.zones.index(zone)])
        k = steps(w.reshape(1), self.weight_step, self.weight_rounding)
        price, code = CompiledCard.of(self).price(z, k)  # type: ignore[arg-type]
        if code is not None and code[0] != OK:
            return None
        return Money.from_minor(int(price[0]), self.currency)


class ZoneRateTable(_Card):
    """A zone x weight rate table (UPS, FedEx, USPS, DHL and most contract cards).

    The price of a parcel is the price of the first weight break at or above its
    billable weight in its zone. Beyond the last break, each further
    ``additional_step`` (or part of one) adds ``additional_prices[zone]``, up to
    ``max_weight``; without ``additional_prices`` heavier parcels are
    unserviceable (``"over_weight"``), never priced by extrapolation.

    Weights are in the `Service`'s units (kg or lb), prices in ``currency``.

    Attributes
    ----------
    effective_from : date
        First ship date the table applies to.
    currency : str
        ISO 4217 code of the prices.
    zones : tuple of str
        Zone names (columns of the carrier's table).
    weight_breaks : tuple of float
        Upper bounds of the weight brackets, strictly increasing, ``> 0``. [kg or lb]
    prices : tuple of tuple of Decimal or None
        One row per zone, one price per break, not decreasing with weight;
        ``None`` where the carrier does not price it (``"no_rate"``). [currency]
    weight_step, weight_rounding
        Billable weight rounding; default up to the next 1 kg or lb.
    min_weight : float
        Minimum billable weight; default 0. [kg or lb]
    additional_step : float, optional
        Step beyond the last break. [kg or lb]
    additional_prices : tuple of Decimal, optional
        Price per additional step, per zone. [currency]
    max_weight : float, optional
        Heaviest billable weight priced with additional steps. [kg or lb]

    Examples
    --------
    >>> t = ZoneRateTable(effective_from="2025-01-01", currency="USD", zones=("2", "8"),
    ...     weight_breaks=(1, 2, 3),
    ...     prices=(("10.00", "11.00", "12.50"), ("14.00", "17.00", "20.00")))
    >>> t.price("8", 2.2)
    Money('20.00', 'USD')
    """

    kind: Literal["zone_table"] = "zone_table"
    weight_breaks: tuple[PositiveFloat, ...] = Field(min_length=1)
    prices: tuple[tuple[Price | None, ...], ...]
    additional_step: PositiveFloat | None = None
    additional_prices: tuple[Price, ...] | None = None
    max_weight: PositiveFloat | None = None

    def _grid(self) -> tuple[list[str], list[list[str]]]:
        """Rows: the weight breaks (and the additional step); columns: the zones."""
        rows = [
            [f"≤ {format_number(float(b))}", *(self._amount(zone[k]) for zone in self.prices)]
            for k, b in enumerate(self.weight_breaks)
        ]
        if self.additional_step is not None and self.additional_prices is not None:
            step = f"+ {format_number(float(self.additional_step))}"
            rows.append([step, *(self._amount(p) for p in self.additional_prices)])
        return ["weight", *self.zones], rows

    @model_validator(mode="after")
    def _check(self) -> ZoneRateTable:
        b = self.weight_breaks
        if any(b[i] >= b[i + 1] for i in range(len(b) - 1)):
            i = next(i for i in range(len(b) - 1) if b[i] >= b[i + 1])
            raise ValueError(
                f"weight_breaks must be strictly increasing; break {i + 1} ({b[i + 1]:g}) "
                f"does not exceed break {i} ({b[i]:g}) (overlapping or unordered breaks)"
            )
        if len(self.prices) != len(self.zones):
            raise ValueError(
                f"prices needs one row per zone: {len(self.zones)} zones, {len(self.prices)} rows"
            )
        for z, row in zip(self.zones, self.prices, strict=True):
            if len(row) != len(b):
                raise ValueError(
                    f"prices row for zone {z!r} has {len(row)} prices for {len(b)} breaks"
                )
            m = minor_units_of(row, self.currency, f"prices[{z!r}]")
            known = m[m >= 0]
            if np.any(np.diff(known) < 0):
                raise ValueError(f"prices for zone {z!r} must not decrease with weight")
        if (self.additional_step is None) != (self.additional_prices is None):
            raise ValueError("additional_step and additional_prices go together")
        if self.additional_prices is not None:
            if len(self.additional_prices) != len(self.zones):
                raise ValueError("additional_prices needs one price per zone")
            minor_units_of(self.additional_prices, self.currency, "additional_prices")
            whole_multiple(self.additional_step or 1.0, self.weight_step, "additional_step")
        elif self.max_weight is not None and self.max_weight > b[-1]:
            raise ValueError(
                "max_weight beyond the last break needs additional_step and additional_prices"
            )
        return self

    def price(self, zone: str, weight: float) -> Money | None:
        """Price of one billable weight in one zone; None where the table does not price it.

        Examples
        --------
        >>> t = ZoneRateTable(effective_from="2025-01-01", currency="CNY", zones=("A",),
        ...     weight_breaks=(1, 2), prices=(("5", "7"),),
        ...     additional_step=1, additional_prices=("2",))
        >>> t.price("A", 4.0)
        Money('11.00', 'CNY')
        """
        return self._price_at(zone, weight)


class FirstAdditionalRates(_Card):
    """A first-weight + additional-weight card (首重 + 续重), per zone.

    $$
    P = F_z + \\left\\lceil \\frac{W_b - W_1}{s} \\right\\rceil^{+} A_z
    $$

    Attributes
    ----------
    effective_from : date
        First ship date the card applies to.
    currency : str
        ISO 4217 code of the prices.
    zones : tuple of str
        Zone names (省内, 江浙沪, 全国, 偏远...).
    first_weight : float
        Weight covered by the first-weight price (首重), a whole number of
        ``weight_step``. [kg or lb]
    first_prices : tuple of Decimal
        First-weight price per zone. [currency]
    additional_step : float
        Additional-weight step (续重单位), a whole number of ``weight_step``. [kg or lb]
    additional_prices : tuple of Decimal
        Price per additional step (or part of one), per zone. [currency]
    weight_step, weight_rounding
        Billable weight rounding; default up to the next 0.1 kg.
    min_weight : float
        Minimum billable weight; default 0. [kg or lb]
    max_weight : float, optional
        Heaviest billable weight the card prices. [kg or lb]

    Examples
    --------
    首重 1 kg ¥12, 续重 ¥2 per kg: 2.3 kg costs ¥16.

    >>> card = FirstAdditionalRates(effective_from="2025-01-01", currency="CNY", zones=("全国",),
    ...     first_weight=1, first_prices=("12",), additional_step=1, additional_prices=("2",))
    >>> card.price("全国", 2.3)
    Money('16.00', 'CNY')
    """

    kind: Literal["first_additional"] = "first_additional"
    weight_step: PositiveFloat = 0.1
    first_weight: PositiveFloat
    first_prices: tuple[Price, ...]
    additional_step: PositiveFloat
    additional_prices: tuple[Price, ...]
    max_weight: PositiveFloat | None = None

    def _grid(self) -> tuple[list[str], list[list[str]]]:
        """Rows: the zones; columns: the first weight's price and each further step's."""
        first = f"first {format_number(float(self.first_weight))}"
        more = f"each further {format_number(float(self.additional_step))}"
        rows = [
            [zone, self._amount(f), self._amount(a)]
            for zone, f, a in zip(
                self.zones, self.first_prices, self.additional_prices, strict=True
            )
        ]
        return ["zone", first, more], rows

    @model_validator(mode="after")
    def _check(self) -> FirstAdditionalRates:
        for name in ("first_prices", "additional_prices"):
            values = getattr(self, name)
            if len(values) != len(self.zones):
                raise ValueError(
                    f"{name} needs one price per zone ({len(self.zones)}); got {len(values)}"
                )
            minor_units_of(values, self.currency, name)
        whole_multiple(self.first_weight, self.weight_step, "first_weight")
        whole_multiple(self.additional_step, self.weight_step, "additional_step")
        return self

    def price(self, zone: str, weight: float) -> Money | None:
        """Price of one billable weight in one zone; None beyond ``max_weight``.

        Examples
        --------
        >>> card = FirstAdditionalRates(effective_from="2025-01-01", currency="CNY",
        ...     zones=("省内",),
        ...     first_weight=1, first_prices=("8",), additional_step=0.5, additional_prices=("1",))
        >>> card.price("省内", 2.2)
        Money('11.00', 'CNY')
        """
        return self._price_at(zone, weight)


def _one_date(value: Any, name: str) -> _dt.date | None:
    """One calendar date (or None) from a date, datetime, datetime64 or ISO string."""
    if value is None or (isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)):
        return value
    if is_missing(value):  # NaT is a datetime whose date cannot be compared
        raise InvalidInputError(f"{name} must be one date, not a missing value; got {value!r}")
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:  # an offset in the string is its zone: the date is read in it
            return _dt.datetime.fromisoformat(value).date()
        except ValueError:
            pass
    if isinstance(value, np.datetime64) and not np.isnat(value):
        out: _dt.date = value.astype("datetime64[D]").astype(object)
        return out
    raise InvalidInputError(
        f"{name} must be one date (date, datetime or ISO string); got {value!r}"
    )


RateCard = Annotated[ZoneRateTable | FirstAdditionalRates, Field(discriminator="kind")]


class Surcharge(EcomopsModel):
    """A surcharge: flat, or a percentage of a stated base, under conditions.

    Every condition given must hold (they are AND-ed); conditions on measures
    are strict ("exceeds"): a parcel exactly at a limit is not surcharged.
    Versions of one surcharge share its ``name``; the latest ``effective_from``
    on or before the ship date applies.

    Stacking: flat surcharges are computed first; of several flat surcharges
    with one ``group``, only the largest applies (UPS: one Additional Handling
    charge however many of its triggers hold). Percentages follow, in the
    service's order, on the sum of the components in ``percentage_of`` ("base" is the
    transportation charge); each amount is rounded half up to the minor unit.

    Attributes
    ----------
    effective_from : date
        First ship date of this version.
    name : str
        Name (not ``"base"``).
    kind : {"flat", "percentage"}
        A fixed amount, or ``rate`` times the base.
    amount : Decimal, optional
        The flat amount. [currency]
    rate : Decimal, optional
        The percentage as a fraction (0.145 for 14.5%); negative for a discount. [-]
    percentage_of : tuple of str
        Components a percentage applies to: ``"base"`` and names of flat (or
        earlier percentage) surcharges. Default ``("base",)``.
    zones : tuple of str, optional
        Only in these zones (偏远).
    destinations : tuple of str, optional
        Only to these destination keys (remote-area ZIPs, provinces).
    residential : bool, optional
        Only to residential (True) or commercial (False) addresses.
    over_actual_weight, over_billable_weight : float, optional
        Only above this weight. [kg or lb]
    over_longest_side, over_second_longest_side : float, optional
        Only when that side exceeds this. [cm or in]
    over_length_plus_girth : float, optional
        Only when length + 2 (width + height) exceeds this. [cm or in]
    group : str, optional
        Exclusive group of flat surcharges (the largest applies).

    Examples
    --------
    >>> fuel = Surcharge(effective_from="2025-01-01", name="fuel", kind="percentage",
    ...     rate="0.155", percentage_of=("base", "residential"))
    >>> fuel.rate
    Decimal('0.155')
    """

    effective_from: EffectiveDate
    name: str = Field(min_length=1)
    kind: SurchargeKind
    amount: Price | None = None
    rate: Annotated[Decimal, Field(gt=-1, allow_inf_nan=False)] | None = None
    percentage_of: tuple[str, ...] = ("base",)
    zones: tuple[str, ...] | None = None
    destinations: tuple[str, ...] | None = None
    residential: bool | None = None
    over_actual_weight: NonNegativeFloat | None = None
    over_billable_weight: NonNegativeFloat | None = None
    over_longest_side: NonNegativeFloat | None = None
    over_second_longest_side: NonNegativeFloat | None = None
    over_length_plus_girth: NonNegativeFloat | None = None
    group: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Surcharge:
        if self.name == "base":
            raise ValueError("'base' is reserved for the transportation charge")
        if self.kind == "flat":
            if self.amount is None or self.rate is not None:
                raise ValueError("a flat surcharge needs amount (and no rate)")
        else:
            if self.rate is None or self.amount is not None:
                raise ValueError("a percentage surcharge needs rate (and no amount)")
            if self.group is not None:
                raise ValueError("only flat surcharges can share an exclusive group")
            if not self.percentage_of:
                raise ValueError("a percentage surcharge needs a non-empty percentage_of")
            if Fraction(self.rate).denominator > 10**9:
                raise ValueError("rate must have at most 9 decimal places")
        return self


class Service(EcomopsModel):
    """A carrier service: its zone chart, rate card, DIM rule, surcharges, limits and transit.

    Versioned rules (``zone_maps``, ``rates``, ``dim_weight``, ``surcharges``)
    hold one or more versions with ``effective_from`` dates; a quote uses, for
    each, the latest version effective on the ship date (the newest without a
    ship date). A single rule is accepted where a tuple is expected.

    Attributes
    ----------
    carrier, name : str
        Carrier and service names ("SF", "标快"; "UPS", "Ground").
    unit_system : {"metric", "imperial"}
        Units of every weight (kg or lb) and length (cm or in) of this service
        and its rules; default ``"metric"``.
    zone_maps : tuple of ZoneMap
        Zone chart versions.
    rates : tuple of ZoneRateTable or FirstAdditionalRates
        Rate card versions, all in one currency.
    dim_weight : tuple of DimWeightRule
        DIM rule versions; empty for none.
    surcharges : tuple of Surcharge
        Surcharge versions, in stacking order of their names.
    transit_days : dict of str to int
        Transit time per zone, counted from the ship date. [days]
    transit_basis : {"calendar", "business"}
        Whether ``transit_days`` counts calendar days (Chinese express) or
        business days Monday to Friday (UPS, FedEx); default ``"calendar"``.
    max_weight : float, optional
        Heaviest actual weight accepted. [kg or lb]
    max_length : float, optional
        Longest side accepted. [cm or in]
    max_length_plus_girth : float, optional
        Largest length + 2 (width + height) accepted. [cm or in]

    Raises
    ------
    pydantic.ValidationError
        For a zone a chart can give that a card or ``transit_days`` lacks (unknown
        zone), mixed currencies, or a percentage base naming an unknown component.

    Examples
    --------
    >>> card = FirstAdditionalRates(effective_from="2025-01-01", currency="CNY",
    ...     zones=("省内", "江浙沪", "全国", "偏远"), first_weight=1,
    ...     first_prices=("8", "9", "12", "20"), additional_step=1,
    ...     additional_prices=("1", "2", "5", "12"))
    >>> svc = Service(carrier="ZTO", name="标准快递", zone_maps=china_province_zone_map(),
    ...     rates=card, transit_days={"省内": 1, "江浙沪": 2, "全国": 3, "偏远": 5},
    ...     max_weight=50)
    >>> svc.label, svc.currency
    ('ZTO/标准快递', Currency('CNY'))
    """

    carrier: str = Field(min_length=1)
    name: str = Field(min_length=1)
    unit_system: UnitSystem = "metric"
    zone_maps: tuple[ZoneMap, ...] = Field(min_length=1)
    rates: tuple[RateCard, ...] = Field(min_length=1)
    dim_weight: tuple[DimWeightRule, ...] = ()
    surcharges: tuple[Surcharge, ...] = ()
    transit_days: dict[str, Annotated[int, Field(ge=0, le=365)]]
    transit_basis: TransitBasis = "calendar"
    max_weight: PositiveFloat | None = None
    max_length: PositiveFloat | None = None
    max_length_plus_girth: PositiveFloat | None = None

    @field_validator("zone_maps", "rates", "dim_weight", "surcharges", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        if isinstance(v, EcomopsModel | dict):
            return (v,)
        return v

    @model_validator(mode="after")
    def _check(self) -> Service:
        currencies = {c.currency for c in self.rates}
        if len(currencies) > 1:
            raise ValueError(
                f"rates of one service must share a currency; got {sorted(map(str, currencies))}"
            )
        for group in (self.zone_maps, self.rates, self.dim_weight):
            dates = [g.effective_from for g in group]
            if len(set(dates)) != len(dates):
                raise ValueError("two versions of one rule share an effective_from date")
        chart_zones = {z for zm in self.zone_maps for z in zm.zone_names}
        for card in self.rates:
            missing = chart_zones - set(card.zones)
            if missing:
                raise ValueError(
                    f"unknown zones: the zone chart gives {sorted(missing)} but the rate card "
                    f"effective {card.effective_from} has zones {list(card.zones)}"
                )
        card_zones = {z for c in self.rates for z in c.zones}
        missing = (chart_zones | card_zones) - set(self.transit_days)
        if missing:
            raise ValueError(f"transit_days lacks zones {sorted(missing)}")
        kinds: dict[str, str] = {}
        versions: set[tuple[str, _dt.date]] = set()
        for s in self.surcharges:
            if (s.name, s.effective_from) in versions:
                raise ValueError(
                    f"surcharge {s.name!r} has two versions effective {s.effective_from}"
                )
            versions.add((s.name, s.effective_from))
            if kinds.setdefault(s.name, s.kind) != s.kind:
                raise ValueError(f"versions of surcharge {s.name!r} must share one kind")
            if s.zones is not None:
                unknown = set(s.zones) - card_zones
                if unknown:
                    raise ValueError(f"surcharge {s.name!r} names unknown zones {sorted(unknown)}")
        flats = {n for n, k in kinds.items() if k == "flat"}
        earlier: set[str] = set()
        for name, kind in kinds.items():  # in order of first appearance
            if kind == "percentage":
                allowed = {"base"} | flats | earlier
                for s in self.surcharges:
                    bad = [b for b in s.percentage_of if b not in allowed] if s.name == name else []
                    if bad:
                        raise ValueError(
                            f"surcharge {name!r} applies to unknown components {bad}: a percentage "
                            "base may name 'base', flat surcharges and earlier percentages"
                        )
                earlier.add(name)
        return self

    @property
    def label(self) -> str:
        """``"carrier/name"``."""
        return f"{self.carrier}/{self.name}"

    @property
    def currency(self) -> Currency:
        """Currency of the service's prices."""
        return self.rates[0].currency

    def effective_dates(self) -> tuple[_dt.date, ...]:
        """Every date on which one of the service's rules changes, sorted.

        Examples
        --------
        >>> from ecomops.logistics import example_services
        >>> [d.isoformat() for d in example_services("US")[0].effective_dates()]
        ['2025-01-01', '2025-01-06']
        """
        dates = {
            r.effective_from
            for r in (*self.zone_maps, *self.rates, *self.dim_weight, *self.surcharges)
        }
        return tuple(sorted(dates))

    def as_of(self, ship_date: _dt.date | str | None) -> ServiceVersion:
        """The rule versions in force on a ship date (the newest for None).

        ``ship_date`` is a date, a datetime (its own wall-clock date), a numpy
        ``datetime64`` or an ISO 8601 string.
        """
        ship_date = _one_date(ship_date, "ship_date")

        def pick(items: Sequence[Any]) -> Any:
            ok = [x for x in items if ship_date is None or x.effective_from <= ship_date]
            return max(ok, key=lambda x: x.effective_from) if ok else None

        names: list[str] = []
        for s in self.surcharges:
            if s.name not in names:
                names.append(s.name)
        surcharges = []
        for n in names:
            chosen = pick([s for s in self.surcharges if s.name == n])
            if chosen is not None:
                surcharges.append(chosen)
        return ServiceVersion(
            self, pick(self.zone_maps), pick(self.rates), pick(self.dim_weight), tuple(surcharges)
        )
