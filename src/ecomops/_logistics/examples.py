"""Illustrative carrier services for examples, docs, tests and benchmarks (private)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ecomops._core.typing import SERVICE_MARKETS, ServiceMarket
from ecomops._core.validation import check_option
from ecomops._logistics import rules
from ecomops.money import Currency

__all__ = ["SAMPLE_SHOP_WAREHOUSES", "example_services"]

#: Province of each warehouse of `ecomops.datasets.sample_shop`.
SAMPLE_SHOP_WAREHOUSES: dict[str, str] = {
    "HZ": "浙江",
    "GZ": "广东",
    "BJ": "北京",
    "WH": "湖北",
    "CD": "四川",
}

_D0 = _dt.date(2025, 1, 1)
_CN_ZONES = ("省内", "江浙沪", "全国", "偏远")

# (carrier, level): first-weight prices per zone [CNY], additional price per step,
# additional step [kg], DIM divisor [cm³/kg] or None, transit days per zone
_CN_LEVELS: dict[str, tuple[float, float, int]] = {
    # level: price factor, first-weight factor, days saved
    "经济": (1.0, 1.0, 0),
    "标准": (1.25, 1.2, 0),
    "特快": (1.9, 1.8, 1),
}
_CN_CARRIERS: tuple[
    tuple[str, tuple[float, ...], tuple[float, ...], float, float | None, tuple[int, ...]], ...
] = (
    ("ZTO", (3.2, 3.5, 4.5, 9.0), (0.8, 1.0, 2.5, 8.0), 1.0, None, (2, 2, 3, 5)),
    ("YTO", (3.1, 3.6, 4.6, 9.5), (0.9, 1.0, 2.4, 7.5), 1.0, None, (2, 2, 3, 5)),
    ("YD", (3.0, 3.4, 4.4, 9.0), (1.0, 1.1, 2.6, 8.5), 1.0, 8000.0, (2, 3, 3, 6)),
    ("SF", (10.0, 12.0, 16.0, 22.0), (1.0, 1.5, 3.0, 6.0), 0.5, 6000.0, (1, 1, 2, 4)),
    ("JD", (8.0, 10.0, 14.0, 20.0), (1.5, 2.0, 3.5, 7.0), 1.0, 8000.0, (1, 2, 2, 4)),
)


def _money(x: float) -> Decimal:
    return Decimal(str(round(x, 1))).quantize(Decimal("0.01"))


def _china() -> list[rules.Service]:
    zm = rules.china_province_zone_map(effective_from=_D0, origin_aliases=SAMPLE_SHOP_WAREHOUSES)
    out = []
    for carrier, first, add, step, divisor, days in _CN_CARRIERS:
        for level, (price_factor, first_factor, faster) in _CN_LEVELS.items():
            card = rules.FirstAdditionalRates(
                effective_from=_D0,
                currency=Currency("CNY"),
                zones=_CN_ZONES,
                weight_step=0.1,
                first_weight=1.0,
                first_prices=tuple(_money(f * first_factor) for f in first),
                additional_step=step,
                additional_prices=tuple(_money(a * price_factor * step) for a in add),
                max_weight=50.0 if carrier != "SF" else 60.0,
            )
            dims: tuple[rules.DimWeightRule, ...] = ()
            if divisor is not None:
                dims = (
                    rules.DimWeightRule(
                        effective_from=_D0, divisor=divisor, dimension_rounding="up"
                    ),
                )
            surcharges: tuple[rules.Surcharge, ...] = (
                rules.Surcharge(effective_from=_D0, name="超长", kind="flat",
                                amount=Decimal("20.00"), over_longest_side=100.0),
            )  # fmt: skip
            if carrier == "SF":
                surcharges += (
                    rules.Surcharge(effective_from=_D0, name="燃油", kind="percentage",
                              rate=Decimal("0.05"), percentage_of=("base",)),
                )  # fmt: skip
            out.append(
                rules.Service(
                    carrier=carrier,
                    name=level,
                    unit_system="metric",
                    zone_maps=(zm,),
                    rates=(card,),
                    dim_weight=dims,
                    surcharges=surcharges,
                    transit_days={
                        z: max(1, d - faster) for z, d in zip(_CN_ZONES, days, strict=True)
                    },
                    transit_basis="calendar",
                    max_weight=card.max_weight,
                    max_length=150.0,
                )
            )
    return out


_US_ZONES = ("2", "3", "4", "5", "6", "7", "8")
#: ZIP3 ranges from origin 100 (New York) and their UPS-style zones
_US_ZIP3_ZONES = (
    ("100", "119", "2"), ("120", "199", "3"), ("200", "299", "4"), ("300", "399", "5"),
    ("400", "699", "6"), ("700", "899", "7"), ("900", "961", "8"),
)  # fmt: skip
_UPS_HANDLING = "additional_handling"
#: UPS-style flat surcharges: name, amount [USD], condition, exclusive group
_UPS_FLATS: tuple[tuple[str, str, dict[str, Any], str | None], ...] = (
    ("residential", "5.55", {"residential": True}, None),
    ("ahs_length", "28.00", {"over_longest_side": 48}, _UPS_HANDLING),
    ("ahs_width", "28.00", {"over_second_longest_side": 30}, _UPS_HANDLING),
    ("ahs_weight", "45.00", {"over_actual_weight": 50}, _UPS_HANDLING),
)
#: UPS-style fuel surcharge versions: effective from, rate
_UPS_FUEL = ((_D0, "0.15"), (_dt.date(2025, 1, 6), "0.155"))


def _us_zone_map() -> rules.ZoneMap:
    lines = tuple(
        rules.ZoneRule(origin="100", destination=lo, destination_to=hi, zone=zone)
        for lo, hi, zone in _US_ZIP3_ZONES
    )
    return rules.ZoneMap(effective_from=_D0, key_length=3, rules=lines)


def _us_table(
    weight_breaks: tuple[float, ...], first: int, steps: Sequence[Decimal], **rounding: Any
) -> rules.ZoneRateTable:
    """A USD zone table: zone z's price at break i is ``first + z + steps[z] * i``."""
    return rules.ZoneRateTable(
        effective_from=_D0,
        currency=Currency("USD"),
        zones=_US_ZONES,
        weight_breaks=weight_breaks,
        prices=tuple(
            tuple(Decimal(first + z) + step * i for i in range(len(weight_breaks)))
            for z, step in enumerate(steps)
        ),
        **rounding,
    )


def _ups_surcharges() -> tuple[rules.Surcharge, ...]:
    flats = tuple(
        rules.Surcharge(effective_from=_D0, name=name, kind="flat", amount=Decimal(amount),
                  group=group, **condition)
        for name, amount, condition, group in _UPS_FLATS
    )  # fmt: skip
    fuel_base = ("base", *(name for name, _, _, _ in _UPS_FLATS))
    fuel = tuple(
        rules.Surcharge(effective_from=day, name="fuel", kind="percentage", rate=Decimal(rate),
                  percentage_of=fuel_base)
        for day, rate in _UPS_FUEL
    )  # fmt: skip
    return flats + fuel


def _us() -> list[rules.Service]:
    zm = _us_zone_map()
    ups_steps = [Decimal("0.25") * (z + 1) for z in range(len(_US_ZONES))]
    ups = rules.Service(
        carrier="UPS",
        name="Ground",
        unit_system="imperial",
        zone_maps=(zm,),
        rates=(_us_table(tuple(float(w) for w in range(1, 151)), 10, ups_steps),),
        dim_weight=(rules.DimWeightRule(effective_from=_D0, divisor=139),),
        surcharges=_ups_surcharges(),
        transit_days={"2": 1, "3": 2, "4": 3, "5": 3, "6": 4, "7": 5, "8": 5},
        transit_basis="business",
        max_weight=150,
        max_length=108,
        max_length_plus_girth=165,
    )
    usps_breaks = (0.25, 0.5, 0.75, 1.0, *(float(w) for w in range(2, 71)))  # steps of 1 oz
    usps = rules.Service(
        carrier="USPS",
        name="Ground Advantage",
        unit_system="imperial",
        zone_maps=(zm,),
        rates=(_us_table(usps_breaks, 5, [Decimal("0.50")] * len(_US_ZONES), weight_step=0.0625),),
        dim_weight=(rules.DimWeightRule(effective_from=_D0, divisor=166, min_volume=1728),),
        transit_days={"2": 2, "3": 3, "4": 3, "5": 4, "6": 4, "7": 5, "8": 5},
        transit_basis="business",
        max_weight=70,
        max_length_plus_girth=130,
    )
    return [ups, usps]


def example_services(market: ServiceMarket = "CN") -> list[rules.Service]:
    """Illustrative carrier services, shaped like published cards (prices are made up).

    ``"CN"``: 15 services, five carriers (ZTO, YTO, YD, SF, JD) x three levels
    (经济, 标准, 特快), first-weight + additional-weight cards over the zone
    classes 省内 / 江浙沪 / 全国 / 偏远, DIM 6000 (SF) or 8000 (YD, JD) cm³/kg,
    a ¥20 overlength surcharge above 100 cm, a 5% fuel surcharge (SF), calendar
    transit days. Origins are provinces or the sample shop's warehouse codes
    (`SAMPLE_SHOP_WAREHOUSES`).

    ``"US"``: a UPS-Ground-like service (zones 2-8 by ZIP3 from origin ``"100"``,
    DIM 139, residential, additional handling and a fuel surcharge on base plus
    accessorials, business-day transit) and a USPS-Ground-Advantage-like one
    (ounce steps, DIM 166 above 1,728 in³).

    Parameters
    ----------
    market : {"CN", "US"}
        Which set; default ``"CN"``.

    Returns
    -------
    list of rules.Service

    Raises
    ------
    InvalidInputError
        For an unknown market.

    References
    ----------
    1. UPS, *2025 Daily Rates*, Ground zone x weight table and accessorials
       (shape only; prices here are illustrative).
    2. USPS Notice 123 (2025), Ground Advantage retail prices (shape only).
    3. 中通/顺丰/京东 e-commerce 首重 + 续重 price lists (2024; shape only).

    Examples
    --------
    >>> services = example_services()
    >>> len(services), services[0].label, services[-1].label
    (15, 'ZTO/经济', 'JD/特快')
    >>> [s.label for s in example_services("US")]
    ['UPS/Ground', 'USPS/Ground Advantage']
    """
    check_option(market, "market", SERVICE_MARKETS)
    return _china() if market == "CN" else _us()
