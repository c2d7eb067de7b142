r"""Carrier rules as data, billable weight, quotes and rate shopping (private).

Public names are re-exported by :mod:`ecomops.logistics`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal, overload

import numpy as np
import numpy.typing as npt
from pydantic import Field, field_validator, model_validator

from ecomops._core.models import EcomopsModel
from ecomops._core.results import Result, Table
from ecomops._core.typing import ArrayLike, BoolArray, FloatArray, IntArray
from ecomops._core.validation import as_float_array, check_option, is_scalar, raise_at
from ecomops._logistics.units import (
    CM_PER_IN,
    KG_PER_LB,
    ParcelBatch,
    StepRounding,
    Units,
    exceeds,
    round_to_step,
    steps,
    steps_to_float,
    whole_multiple,
)
from ecomops.exceptions import InvalidInputError
from ecomops.money import Currency, to_minor_units

__all__ = [
    "REASONS",
    "ChinaProvinceZones",
    "DimWeightRule",
    "FirstAdditionalRates",
    "Quote",
    "RatePlan",
    "Service",
    "Surcharge",
    "ZoneMap",
    "ZoneRateTable",
    "ZoneRule",
    "billable_weight",
    "china_province_zone_map",
    "quote",
    "shop_rates",
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
_OK, _TOO_SLOW, _NO_RATE, _OVER_SIZE, _OVER_LENGTH, _OVER_WEIGHT, _NO_ZONE, _NOT_EFFECTIVE = range(
    8
)

#: Mainland China's 31 province-level regions.
CHINA_PROVINCES: tuple[str, ...] = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川",
    "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆",
)  # fmt: skip

_EPOCH = _dt.date(1900, 1, 1)
_MAX_DAYS = 1000  # longest transit time [days]
_DAYS_SPAN = 1024  # cost and transit days share one int64 sort key

PositiveFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegativeFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Price = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]


# ---------------------------------------------------------------------------
# Billable weight (core function)
# ---------------------------------------------------------------------------


def _check_step_mode(mode: str, name: str, allowed: tuple[str, ...]) -> None:
    check_option(mode, name, allowed)


@overload
def billable_weight(
    weight: float,
    length: float,
    width: float,
    height: float,
    *,
    divisor: float | None,
    weight_step: float = ...,
    weight_rounding: Literal["up", "nearest"] = ...,
    dimension_step: float = ...,
    dimension_rounding: Literal["nearest", "up", "none"] = ...,
    min_volume: float = ...,
    min_weight: float = ...,
) -> float: ...
@overload
def billable_weight(
    weight: ArrayLike,
    length: ArrayLike,
    width: ArrayLike,
    height: ArrayLike,
    *,
    divisor: float | None,
    weight_step: float = ...,
    weight_rounding: Literal["up", "nearest"] = ...,
    dimension_step: float = ...,
    dimension_rounding: Literal["nearest", "up", "none"] = ...,
    min_volume: float = ...,
    min_weight: float = ...,
) -> FloatArray: ...
def billable_weight(
    weight: float | ArrayLike,
    length: float | ArrayLike,
    width: float | ArrayLike,
    height: float | ArrayLike,
    *,
    divisor: float | None,
    weight_step: float = 1.0,
    weight_rounding: Literal["up", "nearest"] = "up",
    dimension_step: float = 1.0,
    dimension_rounding: Literal["nearest", "up", "none"] = "nearest",
    min_volume: float = 0.0,
    min_weight: float = 0.0,
) -> float | FloatArray:
    r"""Billable weight: the greater of actual and dimensional weight, rounded to the step.

    .. math::

        W_b = \max\!\Big(R_w(W),\; R_w\!\big(\tfrac{R_d(L)\,R_d(B)\,R_d(H)}{D}\big)
        \cdot \mathbb{1}[V > V_0],\; R_w(W_{\min})\Big)

    with :math:`R_d` the dimension rounding to ``dimension_step``, :math:`R_w`
    the weight rounding to ``weight_step``, :math:`D` the DIM divisor and
    :math:`V_0` the volume at or below which DIM weight does not apply.

    Units are those of the carrier's rule, consistently: kg, cm and cm³/kg
    (divisors 5000, 6000, 8000, 12000), or lb, in and in³/lb (139, 166).

    Parameters
    ----------
    weight : float or array_like
        Actual (scale) weight, ``> 0``; NaN propagates. [kg or lb]
    length, width, height : float or array_like
        Outer dimensions, ``> 0``, any order. [cm or in]
    divisor : float or None
        DIM divisor; ``None`` for a carrier without dimensional weight.
        [cm³/kg or in³/lb]
    weight_step : float
        Weight rounding step; default 1 (UPS and FedEx: "increase any fraction
        to the next whole pound"). [kg or lb]
    weight_rounding : {"up", "nearest"}
        Round weights up to the next step (default) or to the nearest step (half up).
    dimension_step : float
        Dimension rounding step; default 1 (a whole inch or centimetre). [cm or in]
    dimension_rounding : {"nearest", "up", "none"}
        Each dimension to the nearest step, half up (UPS: 1.50 in counts as 2;
        the default), up to the next step, or not at all.
    min_volume : float
        DIM weight applies only to parcels whose (rounded) volume exceeds it;
        default 0 (always). USPS applies DIM above one cubic foot (1728 in³).
        [cm³ or in³]
    min_weight : float
        Minimum billable weight; default 0. [kg or lb]

    Returns
    -------
    float or ndarray of float64
        Billable weight, a whole number of ``weight_step`` (``0.3``, never
        ``0.30000000000000004``). [kg or lb]

    Raises
    ------
    InvalidInputError
        For non-positive weights or dimensions, a non-positive divisor or step,
        or an unknown rounding option.

    Notes
    -----
    Rounding is applied to step counts with a relative tolerance of
    :math:`10^{-9}`: measurement float noise never flips a step (0.1 + 0.2 kg at
    a 0.1 kg step bills 0.3 kg, not 0.4 kg). Rounding up and taking the maximum
    commute, so the order of the two does not matter.

    References
    ----------
    .. [1] UPS, "Determine Billable Weight" (ups.com help centre): round each
       dimension to the nearest whole inch, divide the cubic size by 139 (daily
       rates) or 166 (retail), increase any fraction to the next whole pound,
       bill the greater of actual and dimensional weight.
    .. [2] USPS, *Domestic Mail Manual* 123.1.6 (2023): dimensional weight for
       parcels over one cubic foot (1,728 in³), divisor 166.
    .. [3] SF Express, 收费标准 (2023): 体积重量 = 长 × 宽 × 高 (cm) ÷ 6000 (or 12000),
       计费重量取实际重量与体积重量中的较大者.

    Examples
    --------
    The UPS example: an 18 x 18 x 12 in box of 10 lb.

    >>> billable_weight(10, 18, 18, 12, divisor=139)
    28.0
    >>> billable_weight(10, 18, 18, 12, divisor=166)
    24.0

    Float noise does not flip a step:

    >>> billable_weight(0.1 + 0.2, 10, 10, 10, divisor=None, weight_step=0.1)
    0.3
    >>> billable_weight([0.8, 2.3], [30, 60], [20, 40], [10, 30], divisor=6000, weight_step=0.5)
    array([ 1., 12.])
    """
    scalar = all(is_scalar(v) for v in (weight, length, width, height))
    w = as_float_array(weight, "weight", allow_nan=True)
    dims = [
        as_float_array(v, n, allow_nan=True)
        for v, n in ((length, "length"), (width, "width"), (height, "height"))
    ]
    for arr, name in zip((w, *dims), ("weight", "length", "width", "height"), strict=True):
        raise_at(name, "be > 0", arr <= 0, arr)
    try:
        w, a, b, c = np.broadcast_arrays(w, *dims)
    except ValueError:
        raise InvalidInputError(
            "weight, length, width and height must broadcast to one shape; got "
            + ", ".join(str(np.shape(x)) for x in (w, *dims))
        ) from None
    check_option(weight_rounding, "weight_rounding", ("up", "nearest"))
    check_option(dimension_rounding, "dimension_rounding", ("nearest", "up", "none"))
    for value, name in ((weight_step, "weight_step"), (dimension_step, "dimension_step")):
        if not (np.isfinite(value) and value > 0):
            raise InvalidInputError(f"{name} must be finite and > 0; got {value!r}")
    if divisor is not None and not (np.isfinite(divisor) and divisor > 0):
        raise InvalidInputError(f"divisor must be finite and > 0; got {divisor!r}")
    if not (np.isfinite(min_volume) and min_volume >= 0):
        raise InvalidInputError(f"min_volume must be finite and >= 0; got {min_volume!r}")
    if not (np.isfinite(min_weight) and min_weight >= 0):
        raise InvalidInputError(f"min_weight must be finite and >= 0; got {min_weight!r}")
    nan = np.isnan(w) | np.isnan(a) | np.isnan(b) | np.isnan(c)
    safe = [np.where(nan, 1.0, x) for x in (w, a, b, c)]
    k = _billable_steps(
        safe[0], safe[1], safe[2], safe[3], divisor, weight_step, weight_rounding,
        dimension_step, dimension_rounding, min_volume, min_weight,
    )  # fmt: skip
    out = steps_to_float(k, weight_step)
    out = np.where(nan, np.nan, out)
    if scalar:
        return float(out.reshape(-1)[0])
    return out


def _dim_volume(a: FloatArray, b: FloatArray, c: FloatArray, step: float, mode: str) -> FloatArray:
    if mode == "none":
        return np.asarray(a * b * c, dtype=np.float64)
    m: StepRounding = "up" if mode == "up" else "nearest"
    return np.asarray(
        round_to_step(a, step, m) * round_to_step(b, step, m) * round_to_step(c, step, m),
        dtype=np.float64,
    )


def _billable_steps(
    w: FloatArray,
    a: FloatArray,
    b: FloatArray,
    c: FloatArray,
    divisor: float | None,
    weight_step: float,
    weight_rounding: str,
    dimension_step: float,
    dimension_rounding: str,
    min_volume: float,
    min_weight: float,
) -> IntArray:
    mode: StepRounding = "up" if weight_rounding == "up" else "nearest"
    k = steps(w, weight_step, mode)
    if divisor is not None:
        vol = _dim_volume(a, b, c, dimension_step, dimension_rounding)
        k_dim = steps(vol / divisor, weight_step, mode)
        if min_volume > 0:
            k_dim = np.where(exceeds(vol, min_volume), k_dim, 0)
        k = np.maximum(k, k_dim)
    if min_weight > 0:
        k = np.maximum(k, int(steps(np.array(min_weight), weight_step, "up")))
    return k


# ---------------------------------------------------------------------------
# Rules as data
# ---------------------------------------------------------------------------


class DimWeightRule(EcomopsModel):
    """A dimensional-weight rule: divisor, volume threshold, dimension rounding.

    Lengths and weights are in the units of the :class:`Service` holding the
    rule (cm and kg for ``units="metric"``, in and lb for ``"imperial"``).

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

    effective_from: _dt.date
    divisor: PositiveFloat
    min_volume: NonNegativeFloat = 0.0
    dimension_rounding: Literal["nearest", "up", "none"] = "nearest"
    dimension_step: PositiveFloat = 1.0

    def billable_weight(
        self,
        weight: float | ArrayLike,
        length: float | ArrayLike,
        width: float | ArrayLike,
        height: float | ArrayLike,
        *,
        weight_step: float = 1.0,
        weight_rounding: Literal["up", "nearest"] = "up",
        min_weight: float = 0.0,
    ) -> Any:
        """:func:`billable_weight` under this rule.

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

    effective_from: _dt.date
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
        return _zone_lookup(self)(origin, destination)


def _zone_lookup(zm: ZoneMap) -> Callable[[str, str], str | None]:
    """A fast ``(origin, destination) -> zone`` function for one chart (first match wins)."""
    grouped: dict[str, list[ZoneRule]] = {}
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


class ChinaProvinceZones(EcomopsModel):
    """Zone classes between Chinese provinces: 省内, 江浙沪 (a region), 全国, 偏远.

    Used by :func:`china_province_zone_map` to build a :class:`ZoneMap`.

    Attributes
    ----------
    same_province : str
        Zone name within one province; default ``"省内"``.
    regions : dict of str to tuple of str
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
    regions: dict[str, tuple[str, ...]] = Field(
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
        Zone names, regions and remote provinces; default :class:`ChinaProvinceZones()`.
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
    .. [1] 中通/圆通/韵达 merchant price lists (电商件报价, 2024): 省内, 江浙沪,
       一区/二区 (全国) and 偏远 (新疆、西藏、青海、内蒙古、甘肃、宁夏) columns.

    Examples
    --------
    >>> zm = china_province_zone_map()
    >>> [zm.zone_of("浙江", d) for d in ("浙江", "江苏", "广东", "新疆")]
    ['省内', '江浙沪', '全国', '偏远']
    """
    c = classes or ChinaProvinceZones()
    region_of = {p: name for name, members in c.regions.items() for p in members}
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


def _minor(values: Sequence[Decimal | None], currency: Currency, what: str) -> IntArray:
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


class _Card(EcomopsModel):
    effective_from: _dt.date
    currency: Currency
    zones: tuple[str, ...] = Field(min_length=1)
    weight_step: PositiveFloat = 1.0
    weight_rounding: Literal["up", "nearest"] = "up"
    min_weight: NonNegativeFloat = 0.0

    @field_validator("zones")
    @classmethod
    def _unique_zones(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(v)) != len(v):
            raise ValueError("zones must be unique")
        return v


class ZoneRateTable(_Card):
    """A zone x weight rate table (UPS, FedEx, USPS, DHL and most contract cards).

    The price of a parcel is the price of the first weight break at or above its
    billable weight in its zone. Beyond the last break, each further
    ``additional_step`` (or part of one) adds ``additional_prices[zone]``, up to
    ``max_weight``; without ``additional_prices`` heavier parcels are
    unserviceable (``"over_weight"``), never priced by extrapolation.

    Weights are in the :class:`Service`'s units (kg or lb), prices in ``currency``.

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
    >>> t.price_minor("8", 2.2)
    2000
    """

    kind: Literal["zone_table"] = "zone_table"
    weight_breaks: tuple[PositiveFloat, ...] = Field(min_length=1)
    prices: tuple[tuple[Price | None, ...], ...]
    additional_step: PositiveFloat | None = None
    additional_prices: tuple[Price, ...] | None = None
    max_weight: PositiveFloat | None = None

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
            m = _minor(row, self.currency, f"prices[{z!r}]")
            known = m[m >= 0]
            if np.any(np.diff(known) < 0):
                raise ValueError(f"prices for zone {z!r} must not decrease with weight")
        if (self.additional_step is None) != (self.additional_prices is None):
            raise ValueError("additional_step and additional_prices go together")
        if self.additional_prices is not None:
            if len(self.additional_prices) != len(self.zones):
                raise ValueError("additional_prices needs one price per zone")
            _minor(self.additional_prices, self.currency, "additional_prices")
            whole_multiple(self.additional_step or 1.0, self.weight_step, "additional_step")
        elif self.max_weight is not None and self.max_weight > b[-1]:
            raise ValueError(
                "max_weight beyond the last break needs additional_step and additional_prices"
            )
        return self

    def price_minor(self, zone: str, weight: float) -> int:
        """Price of one billable weight in one zone, in minor units (-1 if unpriced).

        Examples
        --------
        >>> t = ZoneRateTable(effective_from="2025-01-01", currency="CNY", zones=("A",),
        ...     weight_breaks=(1, 2), prices=(("5", "7"),),
        ...     additional_step=1, additional_prices=("2",))
        >>> t.price_minor("A", 4.0)
        1100
        """
        if zone not in self.zones:
            raise InvalidInputError(f"zone {zone!r} is not in this table's zones {self.zones}")
        z = np.array([self.zones.index(zone)])
        k = steps(np.array([weight]), self.weight_step, self.weight_rounding)
        price, code = _CompiledCard.of(self).price(z, k)
        return int(price[0]) if code is None or code[0] == _OK else -1


class FirstAdditionalRates(_Card):
    """A first-weight + additional-weight card (首重 + 续重), per zone.

    .. math:: P = F_z + \\left\\lceil \\frac{W_b - W_1}{s} \\right\\rceil^{+} A_z

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
    >>> card.price_minor("全国", 2.3)
    1600
    """

    kind: Literal["first_additional"] = "first_additional"
    weight_step: PositiveFloat = 0.1
    first_weight: PositiveFloat
    first_prices: tuple[Price, ...]
    additional_step: PositiveFloat
    additional_prices: tuple[Price, ...]
    max_weight: PositiveFloat | None = None

    @model_validator(mode="after")
    def _check(self) -> FirstAdditionalRates:
        for name in ("first_prices", "additional_prices"):
            values = getattr(self, name)
            if len(values) != len(self.zones):
                raise ValueError(
                    f"{name} needs one price per zone ({len(self.zones)}); got {len(values)}"
                )
            _minor(values, self.currency, name)
        whole_multiple(self.first_weight, self.weight_step, "first_weight")
        whole_multiple(self.additional_step, self.weight_step, "additional_step")
        return self

    def price_minor(self, zone: str, weight: float) -> int:
        """Price of one billable weight in one zone, in minor units.

        Examples
        --------
        >>> card = FirstAdditionalRates(effective_from="2025-01-01", currency="CNY",
        ...     zones=("省内",),
        ...     first_weight=1, first_prices=("8",), additional_step=0.5, additional_prices=("1",))
        >>> card.price_minor("省内", 2.2)
        1100
        """
        if zone not in self.zones:
            raise InvalidInputError(f"zone {zone!r} is not in this card's zones {self.zones}")
        z = np.array([self.zones.index(zone)])
        k = steps(np.array([weight]), self.weight_step, self.weight_rounding)
        price, code = _CompiledCard.of(self).price(z, k)
        return int(price[0]) if code is None or code[0] == _OK else -1


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
    service's order, on the sum of the components in ``base`` ("base" is the
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
    base : tuple of str
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
    ...     rate="0.155", base=("base", "residential"))
    >>> fuel.rate
    Decimal('0.155')
    """

    effective_from: _dt.date
    name: str = Field(min_length=1)
    kind: Literal["flat", "percentage"]
    amount: Price | None = None
    rate: Annotated[Decimal, Field(gt=-1, allow_inf_nan=False)] | None = None
    base: tuple[str, ...] = ("base",)
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
            if not self.base:
                raise ValueError("a percentage surcharge needs a non-empty base")
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
    units : {"metric", "imperial"}
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
    units: Units = "metric"
    zone_maps: tuple[ZoneMap, ...] = Field(min_length=1)
    rates: tuple[RateCard, ...] = Field(min_length=1)
    dim_weight: tuple[DimWeightRule, ...] = ()
    surcharges: tuple[Surcharge, ...] = ()
    transit_days: dict[str, Annotated[int, Field(ge=0, le=365)]]
    transit_basis: Literal["calendar", "business"] = "calendar"
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
                    bad = [b for b in s.base if b not in allowed] if s.name == name else []
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

    def as_of(self, ship_date: _dt.date | None) -> _ServiceVersion:
        """The rule versions in force on a ship date (the newest for None)."""

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
        return _ServiceVersion(
            self, pick(self.zone_maps), pick(self.rates), pick(self.dim_weight), tuple(surcharges)
        )


# ---------------------------------------------------------------------------
# Compiled rules (numpy arrays, integer arithmetic)
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _CompiledCard:
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
    def of(card: ZoneRateTable | FirstAdditionalRates) -> _CompiledCard:
        return _compile_card(card)

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
            code[missing] = _NO_RATE
        if over is not None:
            code[over] = _OVER_WEIGHT
        price[code != _OK] = 0
        return price, code

    @property
    def has_missing(self) -> bool:
        return bool((self.lut < 0).any())


def _compile_card(card: ZoneRateTable | FirstAdditionalRates) -> _CompiledCard:
    step = float(card.weight_step)
    mode: StepRounding = "up" if card.weight_rounding == "up" else "nearest"
    k_min = int(steps(np.array(card.min_weight), step, "up")) if card.min_weight > 0 else 0
    zone_index = {z: i for i, z in enumerate(card.zones)}
    n_zones = len(card.zones)
    empty = np.zeros(0, dtype=np.int64)
    k_max = -1
    if card.max_weight is not None:
        k_max = int(steps(np.array(card.max_weight), step, "down"))
    if isinstance(card, FirstAdditionalRates):
        add_steps = whole_multiple(card.additional_step, step, "additional_step")
        add_prices = _minor(card.additional_prices, card.currency, "additional_prices")
        k_first = whole_multiple(card.first_weight, step, "first_weight")
        first = _minor(card.first_prices, card.currency, "first_prices")
        kb, prices = empty, np.zeros((0, 0), np.int64)
        kind = "first_additional"
        top = k_max if 0 <= k_max <= 100_000 else max(k_first, 0) + 1000 * add_steps
    else:
        kb = steps(np.array(card.weight_breaks), step, "down")
        prices = np.stack([_minor(row, card.currency, "prices") for row in card.prices])
        add_steps, add_prices = 0, np.zeros(n_zones, dtype=np.int64)
        if card.additional_step is not None and card.additional_prices is not None:
            add_steps = whole_multiple(card.additional_step, step, "additional_step")
            add_prices = _minor(card.additional_prices, card.currency, "additional_prices")
        elif k_max < 0:
            k_max = int(kb[-1])
        k_first, first, kind = 0, empty, "zone_table"
        top = int(kb[-1])
    top = max(0, min(top, 4_000_000 // n_zones - 1))
    comp = _CompiledCard(
        tuple(card.zones), zone_index, step, mode, k_min, kind, k_max, empty, top, kb, prices,
        add_steps, add_prices, k_first, first,
    )  # fmt: skip
    grid_z = np.repeat(np.arange(n_zones), top + 1)
    grid_k = np.tile(np.arange(top + 1), n_zones)
    lut = comp._formula(grid_z, grid_k)
    return dataclasses.replace(comp, lut=np.ascontiguousarray(lut, dtype=np.int64))


@dataclasses.dataclass(frozen=True)
class _ServiceVersion:
    service: Service
    zone_map: ZoneMap | None
    card: ZoneRateTable | FirstAdditionalRates | None
    dim: DimWeightRule | None
    surcharges: tuple[Surcharge, ...]

    @property
    def key(self) -> tuple[int, ...]:
        return tuple(id(x) for x in (self.zone_map, self.card, self.dim, *self.surcharges))


class _Context:
    """Per-call caches over one parcel batch: unit conversions, zones, step counts."""

    def __init__(self, batch: ParcelBatch, idx: IntArray | None) -> None:
        self.batch = batch
        self.idx = idx
        self.cache: dict[Any, Any] = {}

    def _take(self, arr: np.ndarray) -> np.ndarray:
        return arr if self.idx is None else arr[self.idx]

    def get(self, key: Any, make: Any) -> Any:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def weight(self, units: str) -> FloatArray:
        def make() -> FloatArray:
            w = self._take(self.batch.weight_kg)
            return w if units == "metric" else w / KG_PER_LB

        return self.get(("w", units), make)  # type: ignore[no-any-return]

    def dims(self, units: str) -> tuple[FloatArray, FloatArray, FloatArray]:
        def make() -> tuple[FloatArray, ...]:
            hi, mid, lo = (self._take(x) for x in self.batch.sorted_dims())
            if units == "imperial":
                return hi / CM_PER_IN, mid / CM_PER_IN, lo / CM_PER_IN
            return hi, mid, lo

        return self.get(("d", units), make)  # type: ignore[no-any-return]

    def zones(self, zm: ZoneMap) -> IntArray:
        """Index into ``zm.zone_names`` per parcel, -1 for no zone."""

        def make() -> IntArray:
            names = zm.zone_names
            pos = {z: i for i, z in enumerate(names)}
            zone_of = _zone_lookup(zm)
            ok, dk = self.batch._origin_keys, self.batch._destination_keys
            oc = self._take(self.batch._origin_code)
            dc = self._take(self.batch._destination_code)
            if len(ok) * len(dk) <= 4_000_000:
                used = np.zeros(len(ok) * len(dk), dtype=bool)
                pair = oc * len(dk) + dc
                used[pair] = True
                table = np.full(len(ok) * len(dk), -1, dtype=np.int64)
                for p in np.flatnonzero(used).tolist():
                    zone = zone_of(ok[p // len(dk)], dk[p % len(dk)])
                    table[p] = -1 if zone is None else pos[zone]
                return np.asarray(table[pair], dtype=np.int64)
            uniq, inv = np.unique(oc * len(dk) + dc, return_inverse=True)
            vals = np.empty(uniq.size, dtype=np.int64)
            for i, p in enumerate(uniq.tolist()):
                zone = zone_of(ok[p // len(dk)], dk[p % len(dk)])
                vals[i] = -1 if zone is None else pos[zone]
            return vals[inv.reshape(-1)]

        return self.get(("z", id(zm)), make)  # type: ignore[no-any-return]


def _percent(base: IntArray, rate: Decimal) -> IntArray:
    """``base * rate`` rounded half up (away from zero) to integers, exactly."""
    f = Fraction(rate)
    num, den = f.numerator, f.denominator
    if base.size and int(np.abs(base).max()) * abs(num) >= 2**61:
        raise InvalidInputError("a percentage surcharge overflows int64 minor units")
    prod = base * num
    mag = (2 * np.abs(prod) + den) // (2 * den)
    return np.where(prod < 0, -mag, mag)


@dataclasses.dataclass
class _Evaluation:
    cost: IntArray
    code: npt.NDArray[np.int8]
    transit: IntArray
    billable: FloatArray
    base: IntArray
    parts: dict[str, IntArray]


def _evaluate(
    version: _ServiceVersion,
    ctx: _Context,
    ship: npt.NDArray[np.datetime64] | None,
    holidays: npt.NDArray[np.datetime64],
    detail: bool,
) -> _Evaluation:
    svc = version.service
    n = len(ctx.batch) if ctx.idx is None else ctx.idx.size
    if version.card is None or version.zone_map is None:
        zero = np.zeros(n, dtype=np.int64)
        return _Evaluation(
            zero, np.full(n, _NOT_EFFECTIVE, dtype=np.int8), np.full(n, -1, dtype=np.int64),
            np.full(n, np.nan), zero, {},
        )  # fmt: skip
    raw_card = version.card
    card: _CompiledCard = ctx.get(("card", id(raw_card)), lambda: _compile_card(raw_card))
    units = svc.units
    w = ctx.weight(units)
    hi, mid, lo = ctx.dims(units)
    zm = version.zone_map

    def make_cz() -> tuple[IntArray, IntArray, BoolArray | None]:
        zmap = np.array([card.zone_index[z] for z in zm.zone_names] + [-1], dtype=np.int64)
        cz = zmap[ctx.zones(zm)]  # a missing zone (-1) indexes the trailing -1
        no_zone = cz < 0
        if no_zone.any():
            return cz, np.maximum(cz, 0), no_zone
        return cz, cz, None

    cz, czs, no_zone = ctx.get(("cz", id(zm), card.zones), make_cz)

    k_act = ctx.get(("k", units, card.step, card.mode), lambda: steps(w, card.step, card.mode))
    dim = version.dim
    k_key: tuple[Any, ...] = ("k", units, card.step, card.mode)
    k = k_act
    if dim is not None:
        dim_key = (dim.divisor, dim.min_volume, dim.dimension_rounding, dim.dimension_step)
        k_key = (*k_key, dim_key)

        def make_k() -> IntArray:
            vol = ctx.get(
                ("vol", units, dim.dimension_rounding, dim.dimension_step),
                lambda: _dim_volume(hi, mid, lo, dim.dimension_step, dim.dimension_rounding),
            )
            k_dim = steps(vol / dim.divisor, card.step, card.mode)
            if dim.min_volume > 0:
                k_dim = np.where(exceeds(vol, dim.min_volume), k_dim, 0)
            return np.asarray(np.maximum(k_act, k_dim), dtype=np.int64)

        k = ctx.get(k_key, make_k)
    if card.k_min:
        k_prev = k
        k = ctx.get((*k_key, "min", card.k_min), lambda: np.maximum(k_prev, card.k_min))

    k_now = k
    k_top = ctx.get(("kmax", id(k)), lambda: int(k_now.max(initial=0)))
    offset = ctx.get(("zoff", id(zm), card.zones, card.top), lambda: czs * (card.top + 1))
    price, code = card.price(czs, k, offset, k_top)

    def make_limits() -> npt.NDArray[np.int8] | None:
        lim = np.zeros(n, dtype=np.int8)
        if svc.max_length_plus_girth is not None:
            lpg = ctx.get(("lpg", units), lambda: hi + 2.0 * (mid + lo))
            lim[exceeds(lpg, svc.max_length_plus_girth)] = _OVER_SIZE
        if svc.max_length is not None:
            lim[exceeds(hi, svc.max_length)] = _OVER_LENGTH
        if svc.max_weight is not None:
            lim[exceeds(w, svc.max_weight)] = _OVER_WEIGHT
        return lim if lim.any() else None

    limits = ctx.get(
        ("limits", units, svc.max_length_plus_girth, svc.max_length, svc.max_weight), make_limits
    )
    if limits is not None or no_zone is not None:
        code = np.zeros(n, dtype=np.int8) if code is None else code
        if limits is not None:
            np.maximum(code, limits, out=code, where=limits > 0)
            code[limits > 0] = limits[limits > 0]
        if no_zone is not None:
            code[no_zone] = _NO_ZONE
    ok: BoolArray | None = None
    if code is not None:
        ok = code == _OK
        price = np.where(ok, price, 0)
    base = price

    billable_cache: list[FloatArray] = []

    def billable() -> FloatArray:
        if not billable_cache:
            billable_cache.append(steps_to_float(k, card.step))
        return billable_cache[0]

    parts: dict[str, IntArray] = {"base": base}
    total = base
    if version.surcharges:
        cur = svc.currency
        flats = [x for x in version.surcharges if x.kind == "flat"]
        pcts = [x for x in version.surcharges if x.kind == "percentage"]
        for sc in flats:
            mask = _condition(sc, ctx, card, cz, w, hi, mid, lo, billable, units)
            if ok is not None:
                mask = mask & ok
            amount = to_minor_units(sc.amount or Decimal(0), cur, rounding=None)
            parts[sc.name] = mask * np.int64(amount)
        groups: dict[str, list[str]] = {}
        for sc in flats:
            if sc.group is not None:
                groups.setdefault(sc.group, []).append(sc.name)
        for members in groups.values():
            stack = np.stack([parts[m] for m in members])
            winner = np.argmax(stack, axis=0)  # the first of the largest
            for i, m in enumerate(members):
                parts[m] = np.where(winner == i, parts[m], 0)
        for sc in pcts:
            mask = _condition(sc, ctx, card, cz, w, hi, mid, lo, billable, units)
            if ok is not None:
                mask = mask & ok
            on = base if sc.base == ("base",) else sum(parts[b] for b in sc.base if b in parts)
            parts[sc.name] = np.where(mask, _percent(np.asarray(on), sc.rate or Decimal(0)), 0)
        total = base.copy()
        for name, arr in parts.items():
            if name != "base":
                total += arr

    raw_days = svc.transit_days

    def make_transit() -> IntArray:
        days = np.array([raw_days.get(z, -1) for z in card.zones], dtype=np.int64)
        out: IntArray = days[czs]
        if svc.transit_basis == "business":
            out = _business_to_calendar(out, ship, holidays)
        return out

    transit = ctx.get(
        ("transit", id(zm), card.zones, tuple(sorted(raw_days.items())), svc.transit_basis),
        make_transit,
    )
    if ok is not None:
        transit = np.where(ok, transit, -1)
    bw = billable() if detail else np.zeros(0)
    if detail and no_zone is not None:
        bw = np.where(no_zone, np.nan, bw)
    if code is None:
        code = ctx.get(("zero_code", n), lambda: np.zeros(n, dtype=np.int8))
    return _Evaluation(total, code, transit, bw, base, parts if detail else {})


def _condition(
    s: Surcharge,
    ctx: _Context,
    card: _CompiledCard,
    cz: IntArray,
    w: FloatArray,
    hi: FloatArray,
    mid: FloatArray,
    lo: FloatArray,
    billable: Callable[[], FloatArray],
    units: str,
) -> BoolArray:
    """Rows where every condition of a surcharge holds (cached per condition set)."""
    key = (
        "cond", units, card.zones, s.zones, s.destinations, s.residential,
        s.over_actual_weight, s.over_longest_side, s.over_second_longest_side,
        s.over_length_plus_girth,
    )  # fmt: skip

    def make() -> BoolArray:
        mask = np.ones(w.shape, dtype=bool)
        if s.zones is not None:
            ids = [card.zone_index[z] for z in s.zones if z in card.zone_index]
            mask &= np.isin(cz, ids)
        if s.destinations is not None:
            wanted = set(s.destinations)
            codes = [i for i, key in enumerate(ctx.batch._destination_keys) if key in wanted]
            mask &= np.isin(ctx._take(ctx.batch._destination_code), codes)
        if s.residential is not None:
            res = ctx._take(ctx.batch.residential)
            mask &= res if s.residential else ~res
        if s.over_actual_weight is not None:
            mask &= exceeds(w, s.over_actual_weight)
        if s.over_longest_side is not None:
            mask &= exceeds(hi, s.over_longest_side)
        if s.over_second_longest_side is not None:
            mask &= exceeds(mid, s.over_second_longest_side)
        if s.over_length_plus_girth is not None:
            lpg = ctx.get(("lpg", units), lambda: hi + 2.0 * (mid + lo))
            mask &= exceeds(lpg, s.over_length_plus_girth)
        return mask

    mask: BoolArray = ctx.get(key, make)
    if s.over_billable_weight is not None:
        mask = mask & exceeds(billable(), s.over_billable_weight)
    return mask


_REFERENCE_WEEK = np.arange(
    np.datetime64("2001-01-01"), np.datetime64("2001-01-08"), dtype="datetime64[D]"
)  # a Monday to a Sunday


def _business_to_calendar(
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


# ---------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Quote(Result):
    """Prices of N parcels with S services: exact cost matrix, reasons and transit.

    Attributes
    ----------
    services : tuple of str
        Service labels (``"carrier/name"``), the columns.
    currency : Currency
        Currency of every amount.
    cost_minor : ndarray of int64, shape (N, S)
        Total charge in minor units; 0 where the pair is unserviceable. [currency minor units]
    base_minor : ndarray of int64, shape (N, S)
        Transportation charge before surcharges. [currency minor units]
    surcharges_minor : dict of str to ndarray of int64, shape (N, S)
        Each surcharge by name (0 where it does not apply). [currency minor units]
    reason_code : ndarray of int8, shape (N, S)
        Index into :data:`REASONS`: 0 ("ok") where the service can carry the parcel.
    transit_days : ndarray of int64, shape (N, S)
        Transit time in calendar days from the ship date; -1 where unserviceable. [days]
    billable_weight : ndarray of float64, shape (N, S)
        Billable weight in each service's unit (NaN without a zone or card). [kg or lb]

    Examples
    --------
    >>> from ecomops.logistics import example_services
    >>> q = quote(ParcelBatch.from_imperial([10.0], [18], [18], [12], "100", "945"),
    ...           [example_services("US")[0]], ship_date="2025-03-03")
    >>> q.cost_minor.tolist(), q.billable_weight.tolist(), q.transit_days.tolist()
    ([[7305]], [[28.0]], [[7]])
    """

    services: tuple[str, ...]
    currency: Currency
    cost_minor: IntArray
    base_minor: IntArray
    surcharges_minor: dict[str, IntArray] = dataclasses.field(repr=False)
    reason_code: npt.NDArray[np.int8]
    transit_days: IntArray
    billable_weight: FloatArray

    @property
    def serviceable(self) -> npt.NDArray[np.bool_]:
        """True where the service can carry the parcel, shape (N, S)."""
        return np.asarray(self.reason_code == _OK)

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
        return np.asarray(np.array(REASONS)[self.reason_code])

    def cost(self) -> FloatArray:
        """Total charge in major units, NaN where unserviceable (for analysis; not exact).

        Examples
        --------
        >>> from ecomops.logistics import example_services
        >>> q = quote(ParcelBatch.from_imperial([1.0], [5], [5], [5], "100", "101"),
        ...           [example_services("US")[0]], ship_date="2025-01-02")
        >>> q.cost().tolist()
        [[11.5]]
        """
        scale = 10.0**self.currency.minor_units
        return np.where(self.serviceable, self.cost_minor / scale, np.nan)


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class RatePlan(Table):
    """The cheapest service per parcel that meets its promise (one row per parcel).

    Attributes
    ----------
    service_index : ndarray of int64
        Column of the chosen service in the ``services`` given; -1 when none qualifies.
    service : ndarray of str
        Its label (``"carrier/name"``), ``""`` when none.
    cost_minor : ndarray of int64
        Its total charge; 0 when none. [currency minor units]
    transit_days : ndarray of int64
        Its transit time in calendar days; -1 when none. [days]
    reason : ndarray of str
        ``"ok"``, or why no service qualifies (the nearest miss over all services,
        in the order of :data:`REASONS`).
    currency : Currency
        Currency of the costs.
    services : tuple of str
        The services' labels, in the order given.

    Examples
    --------
    >>> from ecomops.logistics import example_services
    >>> plan = shop_rates(ParcelBatch.from_imperial([10.0], [18], [18], [12], "100", "945"),
    ...                   [example_services("US")[0]], ship_date="2025-03-03")
    >>> plan.service.tolist(), plan.cost_minor.tolist(), plan.total_minor()
    (['UPS/Ground'], [7305], 7305)
    """

    service_index: IntArray
    service: npt.NDArray[np.str_]
    cost_minor: IntArray
    transit_days: IntArray
    reason: npt.NDArray[np.str_]
    currency: Currency
    services: tuple[str, ...]

    def total_minor(self) -> int:
        """Total charge of the parcels that have a service. [currency minor units]

        Examples
        --------
        >>> from ecomops.logistics import example_services
        >>> plan = shop_rates(ParcelBatch.from_imperial([1.0, 1.0], [5, 5], [5, 5], [5, 5],
        ...                   "100", ["101", "945"]), [example_services("US")[0]])
        >>> plan.total_minor()
        3003
        """
        return int(self.cost_minor.sum())


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
    currencies = {s.currency for s in services}
    if len(currencies) > 1:
        raise InvalidInputError(
            "services must share one currency to be compared; got "
            + ", ".join(sorted(c.code for c in currencies))
        )
    first: Service = services[0]
    return first.currency


def _versions(
    svc: Service, ship: npt.NDArray[np.datetime64] | None
) -> list[tuple[_ServiceVersion, IntArray | None, npt.NDArray[np.datetime64] | None]]:
    """Rule versions and the parcels they apply to (None: all)."""
    if ship is None:
        return [(svc.as_of(None), None, None)]
    if ship.size == 1:
        return [(svc.as_of(ship[0].astype(object)), None, ship)]
    dates = np.array(svc.effective_dates(), dtype="datetime64[D]")
    epoch = np.searchsorted(dates, ship, side="right")
    out: list[tuple[_ServiceVersion, IntArray | None, npt.NDArray[np.datetime64] | None]] = []
    for e in np.unique(epoch).tolist():
        idx = np.flatnonzero(epoch == e).astype(np.int64)
        d = ship[idx[0]].astype(object)
        out.append((svc.as_of(d), idx, ship[idx]))
    if len(out) == 1:
        return [(out[0][0], None, ship)]
    return out


def _holidays(holidays: Any) -> npt.NDArray[np.datetime64]:
    try:
        return np.asarray(holidays if holidays is not None else [], dtype="datetime64[D]").reshape(
            -1
        )
    except (TypeError, ValueError):
        raise InvalidInputError(f"holidays must be dates; got {holidays!r}") from None


def _evaluate_all(
    svc: Service,
    batch: ParcelBatch,
    ship: npt.NDArray[np.datetime64] | None,
    hol: npt.NDArray[np.datetime64],
    detail: bool,
    shared: _Context,
) -> _Evaluation:
    parts = _versions(svc, ship)
    if len(parts) == 1 and parts[0][1] is None:
        return _evaluate(parts[0][0], shared, parts[0][2], hol, detail)
    n = len(batch)
    out = _Evaluation(
        np.zeros(n, np.int64), np.zeros(n, np.int8), np.zeros(n, np.int64),
        np.zeros(n), np.zeros(n, np.int64), {},
    )  # fmt: skip
    for version, idx, sub_ship in parts:
        assert idx is not None
        ev = _evaluate(version, _Context(batch, idx), sub_ship, hol, detail)
        out.cost[idx] = ev.cost
        out.code[idx] = ev.code
        out.transit[idx] = ev.transit
        if detail:
            out.billable[idx] = ev.billable
        out.base[idx] = ev.base
        for name, arr in ev.parts.items():
            out.parts.setdefault(name, np.zeros(n, np.int64))[idx] = arr
    return out


def quote(
    parcels: ParcelBatch,
    services: Sequence[Service],
    *,
    ship_date: Any = None,
    holidays: Any = None,
) -> Quote:
    r"""Exact charges of N parcels with S services, with transit days and reasons.

    For each parcel and service: the zone from the lane, the billable weight
    (:func:`billable_weight` with the service's DIM rule and the card's rounding),
    the transportation charge from the card, the surcharges stacked as the
    service lists them, and the transit time:

    .. math:: C_{ns} = P_s(z_{ns}, W^b_{ns}) + \sum_j S_{jns}

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
        Cost matrix (N, S) in exact minor units, base and surcharges, reason
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
    latest in :data:`REASONS` is reported. Work is vectorised over parcels; the
    only Python loops run over services, rule versions, surcharges and distinct
    lanes. The result holds several (N, S) arrays: for 10⁶ parcels prefer
    :func:`shop_rates`.

    References
    ----------
    .. [1] UPS, *Daily Rates* and *Rate and Service Guide* (2025): zone charts,
       billable weight, fuel surcharge on transportation and accessorial charges.
    .. [2] 国家邮政局, 《快递市场管理办法》 (2024) and carriers' 首重/续重 price lists.

    Examples
    --------
    >>> from ecomops.logistics import example_services
    >>> batch = ParcelBatch.from_imperial([10.0, 1.0, 200.0], [18, 5, 10], [18, 5, 10],
    ...                                   [12, 5, 10], "100", ["945", "101", "101"])
    >>> q = quote(batch, [example_services("US")[0]], ship_date="2025-03-03")
    >>> q.cost_minor[:, 0].tolist()
    [7305, 1155, 0]
    >>> q.reasons()[:, 0].tolist()
    ['ok', 'ok', 'over_weight']
    """
    if not isinstance(parcels, ParcelBatch):
        raise InvalidInputError(f"parcels must be a ParcelBatch; got {type(parcels).__name__}")
    currency = _check_services(services)
    n, s = len(parcels), len(services)
    ship = _ship_dates(ship_date, n)
    hol = _holidays(holidays)
    cost = np.zeros((n, s), dtype=np.int64)
    base = np.zeros((n, s), dtype=np.int64)
    code = np.zeros((n, s), dtype=np.int8)
    transit = np.zeros((n, s), dtype=np.int64)
    billable = np.zeros((n, s), dtype=np.float64)
    parts: dict[str, IntArray] = {}
    shared = _Context(parcels, None)
    for j, svc in enumerate(services):
        ev = _evaluate_all(svc, parcels, ship, hol, True, shared)
        cost[:, j], base[:, j], code[:, j] = ev.cost, ev.base, ev.code
        transit[:, j], billable[:, j] = ev.transit, ev.billable
        for name, arr in ev.parts.items():
            if name != "base":
                parts.setdefault(name, np.zeros((n, s), dtype=np.int64))[:, j] = arr
    return Quote(
        tuple(svc.label for svc in services), currency, cost, base, parts, code, transit, billable
    )


def shop_rates(
    parcels: ParcelBatch,
    services: Sequence[Service],
    *,
    max_transit_days: Any = None,
    ship_date: Any = None,
    holidays: Any = None,
) -> RatePlan:
    r"""The cheapest service per parcel that meets its delivery promise.

    .. math:: s^*_n = \arg\min_{s:\ \text{ok}_{ns},\ T_{ns} \le T^{\max}_n} (C_{ns}, T_{ns}, s)

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
        As for :func:`quote`.

    Returns
    -------
    RatePlan
        One row per parcel: chosen service, exact cost, transit days and a reason.

    Raises
    ------
    InvalidInputError
        As :func:`quote`, and for a negative promise.

    Notes
    -----
    Computes one service at a time and keeps a running best, so memory stays
    O(N) whatever the number of services. When no service qualifies the reason
    is the nearest miss over all services: ``"too_slow"`` if some service could
    carry the parcel but not in time, else the first of :data:`REASONS` any
    service gave.

    References
    ----------
    .. [1] Shippo and EasyPost rate-shopping APIs (2024): cheapest rate meeting a
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
    if not isinstance(parcels, ParcelBatch):
        raise InvalidInputError(f"parcels must be a ParcelBatch; got {type(parcels).__name__}")
    currency = _check_services(services)
    n = len(parcels)
    ship = _ship_dates(ship_date, n)
    hol = _holidays(holidays)
    limit: IntArray | None = None
    if max_transit_days is not None:
        lim = as_float_array(max_transit_days, "max_transit_days", allow_nan=True)
        raise_at("max_transit_days", "be >= 0", lim < 0, lim)
        if lim.ndim == 0:
            lim = np.full(n, float(lim))
        elif lim.shape != (n,):
            raise InvalidInputError(
                "max_transit_days must be a scalar or have one value per parcel "
                f"({n}); got shape {lim.shape}"
            )
        if not np.isnan(lim).all():
            # whole days: a promise of 2.5 days is met by a 2-day transit
            limit = np.where(np.isnan(lim), _MAX_DAYS, np.minimum(np.floor(lim), _MAX_DAYS))
            limit = limit.astype(np.int64)
    sentinel = np.iinfo(np.int64).max
    best_key = np.full(n, sentinel, dtype=np.int64)
    best_i = np.full(n, -1, dtype=np.int64)
    shared = _Context(parcels, None)
    for j, svc in enumerate(services):
        ev = _evaluate_all(svc, parcels, ship, hol, False, shared)
        # one sortable key: cost, then transit days (ties to the earlier service)
        key = ev.cost * _DAYS_SPAN + ev.transit
        invalid = None if not ev.code.any() else ev.code != _OK
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
        code[missing] = _nearest_miss(parcels, services, missing, ship, hol, limit)
    labels = np.array([svc.label for svc in services] + [""])
    return RatePlan(
        best_i, labels[best_i], best_cost, best_t, np.array(REASONS)[code], currency,
        tuple(svc.label for svc in services),
    )  # fmt: skip


def _nearest_miss(
    parcels: ParcelBatch,
    services: Sequence[Service],
    rows: IntArray,
    ship: npt.NDArray[np.datetime64] | None,
    hol: npt.NDArray[np.datetime64],
    limit: IntArray | None,
) -> npt.NDArray[np.int8]:
    """Reason codes of parcels no service qualifies for (the nearest miss)."""
    sub = ParcelBatch(
        parcels.weight_kg[rows], parcels.length_cm[rows], parcels.width_cm[rows],
        parcels.height_cm[rows], parcels.origin[rows], parcels.destination[rows],
        parcels.residential[rows],
    )  # fmt: skip
    sub_ship = ship if ship is None or ship.size == 1 else ship[rows]
    miss = np.full(rows.size, _NOT_EFFECTIVE, dtype=np.int8)
    ctx = _Context(sub, None)
    for svc in services:
        ev = _evaluate_all(svc, sub, sub_ship, hol, False, ctx)
        code = ev.code.copy()
        if limit is not None:
            code[(code == _OK) & (ev.transit > limit[rows])] = _TOO_SLOW
        np.minimum(miss, code, out=miss)
    return miss
