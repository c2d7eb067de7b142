"""Tests of ecomops.logistics rules, billable weight, quotes and rate shopping."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from ecomops.exceptions import InvalidInputError
from ecomops.logistics import (
    CHINA_PROVINCES,
    KG_PER_LB,
    REASONS,
    SAMPLE_SHOP_WAREHOUSES,
    ChinaProvinceZones,
    DimWeightRule,
    FirstAdditionalRates,
    ParcelBatch,
    Quote,
    RatePlan,
    Service,
    Surcharge,
    ZoneMap,
    ZoneRateTable,
    ZoneRule,
    billable_weight,
    china_province_zone_map,
    example_services,
    quote,
    shop_rates,
)

D0 = dt.date(2025, 1, 1)


# --------------------------------------------------------------------------- fixtures


def flat_zone_map(zone: str = "A", *, effective_from: dt.date = D0) -> ZoneMap:
    """Every lane in one zone."""
    return ZoneMap(
        effective_from=effective_from,
        rules=(ZoneRule(origin="*", destination="X", zone=zone),),
        default_zone=zone,
    )


def first_additional_service(**kw: Any) -> Service:
    """首重 1 kg ¥12, 续重 ¥2 per kg (or part), 0.1 kg rounding, one zone."""
    card = FirstAdditionalRates(
        effective_from=D0,
        currency="CNY",  # type: ignore[arg-type]
        zones=("A",),
        first_weight=1,
        first_prices=(Decimal(12),),
        additional_step=1,
        additional_prices=(Decimal(2),),
    )
    args: dict[str, Any] = {
        "carrier": "T",
        "name": "std",
        "zone_maps": (flat_zone_map(),),
        "rates": (card,),
        "transit_days": {"A": 2},
    }
    args.update(kw)
    return Service(**args)


def ups_like(**kw: Any) -> Service:
    return example_services("US")[0].model_copy(update=kw) if kw else example_services("US")[0]


# --------------------------------------------------------------------------- billable weight


class TestBillableWeightReference:
    @pytest.mark.parametrize(
        ("divisor", "expected"),
        # UPS "Determine Billable Weight" help page: 18 x 18 x 12 in = 3,888 in³;
        # /139 = 27.97 -> 28 lb; /166 = 23.42 -> 24 lb; actual 10 lb is less.
        [(139, 28.0), (166, 24.0)],
    )
    def test_ups_example(self, divisor: float, expected: float) -> None:
        assert billable_weight(10, 18, 18, 12, divisor=divisor) == expected

    def test_dimension_rounding_nearest_half_up(self) -> None:
        # UPS: "1.00 to 1.49 will be considered 1, and 1.50 to 1.99 will be considered 2"
        assert billable_weight(1, 10.49, 10, 10, divisor=10) == 100.0
        assert billable_weight(1, 10.5, 10, 10, divisor=10) == 110.0
        assert billable_weight(1, 10.49, 10, 10, divisor=10, dimension_rounding="none") == 105.0
        assert billable_weight(1, 10.01, 10, 10, divisor=10, dimension_rounding="up") == 110.0

    def test_usps_cubic_foot_threshold(self) -> None:
        # USPS DMM 123.1.6: DIM weight (divisor 166) only for parcels over one cubic foot
        assert billable_weight(2, 12, 12, 12, divisor=166, min_volume=1728) == 2.0
        # 12 x 12 x 13 = 1,872 in³ > 1,728: 1872 / 166 = 11.28 -> 12 lb
        assert billable_weight(2, 12, 12, 13, divisor=166, min_volume=1728) == 12.0

    def test_sf_6000_half_kilo(self) -> None:
        # SF Express: 长 x 宽 x 高 / 6000; 60 x 40 x 30 cm = 12 kg volumetric
        assert billable_weight(2.3, 60, 40, 30, divisor=6000, weight_step=0.5) == 12.0
        assert billable_weight(2.3, 20, 20, 10, divisor=6000, weight_step=0.5) == 2.5

    def test_float_noise_does_not_flip_a_step(self) -> None:
        assert 0.1 + 0.2 != 0.3
        assert billable_weight(0.1 + 0.2, 1, 1, 1, divisor=None, weight_step=0.1) == 0.3
        assert billable_weight(0.7 + 0.1, 1, 1, 1, divisor=None, weight_step=0.1) == 0.8
        assert billable_weight(1.1 * 3, 1, 1, 1, divisor=None, weight_step=1.1) == 3.3
        # a real excess over the step still rounds up
        assert billable_weight(0.3001, 1, 1, 1, divisor=None, weight_step=0.1) == 0.4

    def test_nearest_weight_rounding_and_minimum(self) -> None:
        assert billable_weight(2.25, 1, 1, 1, divisor=None, weight_step=0.5) == 2.5
        assert billable_weight(2.2, 1, 1, 1, divisor=None, weight_step=0.5,
                               weight_rounding="nearest") == 2.0  # fmt: skip
        assert billable_weight(0.2, 1, 1, 1, divisor=None, min_weight=1.0) == 1.0

    def test_rule_method_equals_function(self) -> None:
        rule = DimWeightRule(effective_from=D0, divisor=139)
        assert rule.billable_weight(10, 18, 18, 12) == 28.0


class TestBillableWeightContract:
    def test_scalar_list_array_pandas(self) -> None:
        w, a, b, c = [10.0, 1.0, 0.3], [18, 5, 10], [18, 5, 10], [12, 5, 10]
        expected = np.array([28.0, 1.0, 8.0])
        scalar = billable_weight(w[0], a[0], b[0], c[0], divisor=139)
        assert isinstance(scalar, float)
        np.testing.assert_array_equal(billable_weight(w, a, b, c, divisor=139), expected)
        arr = np.array(w)
        out = billable_weight(arr, np.array(a), np.array(b), np.array(c), divisor=139)
        np.testing.assert_array_equal(out, expected)
        np.testing.assert_array_equal(arr, w)  # not mutated
        pd = pytest.importorskip("pandas")
        out = billable_weight(pd.Series(w), pd.Series(a), b, c, divisor=139)
        np.testing.assert_array_equal(out, expected)

    def test_nan_propagates_and_broadcasts(self) -> None:
        out = billable_weight([1.0, np.nan], 10, 10, [10, 20], divisor=139)
        assert out[0] == 8.0
        assert np.isnan(out[1])
        assert billable_weight(np.ones((2, 2)), 1, 1, 1, divisor=None).shape == (2, 2)

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (([1.0, 0.0], 1, 1, 1), "weight must be > 0; 1 value is not, first at index 1: 0.0"),
            ((1.0, [1, 2, -3], 1, 1), "length must be > 0; 1 value is not, first at index 2"),
            ((1.0, 1, [np.inf], 1), "width must not be infinite"),
            (([1, 2], [1, 2, 3], 1, 1), "must broadcast to one shape"),
        ],
    )
    def test_bad_values(self, args: tuple[Any, ...], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            billable_weight(*args, divisor=139)

    def test_bad_options(self) -> None:
        with pytest.raises(InvalidInputError, match="divisor must be finite and > 0"):
            billable_weight(1, 1, 1, 1, divisor=0)
        with pytest.raises(InvalidInputError, match="weight_step must be"):
            billable_weight(1, 1, 1, 1, divisor=None, weight_step=-1)
        with pytest.raises(InvalidInputError, match="weight_rounding must be one of"):
            billable_weight(1, 1, 1, 1, divisor=None, weight_rounding="ceil")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="min_volume"):
            billable_weight(1, 1, 1, 1, divisor=1, min_volume=-1)


dims_st = st.floats(0.5, 120, allow_nan=False).map(lambda x: round(x, 1))
weights_st = st.floats(0.01, 40, allow_nan=False).map(lambda x: round(x, 3))


class TestBillableWeightProperties:
    @given(weights_st, dims_st, dims_st, dims_st, st.sampled_from([5000.0, 6000.0, 8000.0, 139.0]),
           st.sampled_from([0.1, 0.5, 1.0]))  # fmt: skip
    def test_at_least_actual_and_rounded_dim(
        self, w: float, a: float, b: float, c: float, divisor: float, step: float
    ) -> None:
        bw = billable_weight(w, a, b, c, divisor=divisor, weight_step=step,
                             dimension_rounding="none")  # fmt: skip
        assert bw >= w - 1e-12
        dim = Fraction(Decimal(repr(a))) * Fraction(Decimal(repr(b))) * Fraction(Decimal(repr(c)))
        dim_steps = math.ceil(
            dim / Fraction(Decimal(repr(divisor))) / Fraction(Decimal(repr(step)))
        )
        assert bw >= float(dim_steps * Fraction(Decimal(repr(step)))) - 1e-12
        # a whole number of steps, and the smallest such number
        q = Fraction(Decimal(repr(bw))) / Fraction(Decimal(repr(step)))
        assert q.denominator == 1
        assert bw - step < max(w, float(dim / Fraction(Decimal(repr(divisor))))) + 1e-9

    @given(weights_st, weights_st, dims_st)
    def test_monotone_in_weight(self, w1: float, w2: float, a: float) -> None:
        lo, hi = sorted((w1, w2))
        f = billable_weight
        assert f(lo, a, a, a, divisor=6000, weight_step=0.5) <= f(hi, a, a, a, divisor=6000,
                                                                    weight_step=0.5)  # fmt: skip


# --------------------------------------------------------------------------- parcels and zones


class TestParcelBatch:
    def test_columns_and_scalars(self) -> None:
        b = ParcelBatch([1.0, 2.0], [10, 20], [5, 5], [1, 30], "HZ", ["上海", "新疆"], True)
        assert len(b) == 2
        assert b.column_names == (
            "weight_kg", "length_cm", "width_cm", "height_cm", "origin", "destination",
            "residential",
        )  # fmt: skip
        assert b.origin.tolist() == ["HZ", "HZ"]
        assert b.residential.tolist() == [True, True]
        hi, mid, lo = b.sorted_dims()
        assert (hi.tolist(), mid.tolist(), lo.tolist()) == ([10, 30], [5, 20], [1, 5])
        assert "weight_kg" in repr(b)
        pytest.importorskip("pandas")
        assert list(b.to_pandas().columns) == list(b.column_names)

    def test_does_not_alias_input(self) -> None:
        w = np.array([1.0, 2.0])
        b = ParcelBatch(w, [1, 1], [1, 1], [1, 1], "a", "b")
        w[0] = 99
        assert b.weight_kg[0] == 1.0
        assert not b.weight_kg.flags.writeable

    def test_from_imperial(self) -> None:
        b = ParcelBatch.from_imperial([10.0], [18], [18], [12], "100", "945")
        assert b.weight_kg[0] == pytest.approx(4.5359237)
        assert b.length_cm[0] == pytest.approx(45.72)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"weight_kg": [1.0, np.nan]},
                "weight_kg must be finite; 1 value is not, first at index 1",
            ),
            ({"weight_kg": [1.0, 0.0]}, "weight_kg must be > 0; 1 value is not, first at index 1"),
            ({"height_cm": [1.0, -2.0]}, "height_cm must be > 0"),
            ({"width_cm": [1.0]}, "inputs must have the same length"),
            ({"origin": [1.5, 2.5]}, "origin must be strings"),
            ({"residential": [1, 0]}, "residential must be booleans"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, Any], message: str) -> None:
        args: dict[str, Any] = {
            "weight_kg": [1.0, 2.0], "length_cm": [1, 1], "width_cm": [1, 1],
            "height_cm": [1, 1], "origin": "a", "destination": "b",
        }  # fmt: skip
        args.update(kwargs)
        with pytest.raises(InvalidInputError, match=message):
            ParcelBatch(**args)

    def test_imperial_bad_input(self) -> None:
        with pytest.raises(InvalidInputError, match="length_in must be > 0"):
            ParcelBatch.from_imperial([1.0], [0], [1], [1], "a", "b")


class TestZoneMaps:
    def test_zip3_ranges_and_key_length(self) -> None:
        zm = example_services("US")[0].zone_maps[0]
        assert zm.zone_of("10001", "94105") == "8"
        assert zm.zone_of("100", "100") == "2"
        assert zm.zone_of("10001", "96201") is None  # beyond 961: no zone
        assert zm.zone_of("20001", "94105") is None  # unknown origin

    def test_first_match_wins_and_wildcard_after_origin(self) -> None:
        zm = ZoneMap(
            effective_from=D0,
            rules=(
                ZoneRule(origin="*", destination="B", zone="far"),
                ZoneRule(origin="A", destination="B", zone="near"),
                ZoneRule(origin="A", destination="B", zone="other"),
                ZoneRule(origin="A", destination="C0", destination_to="C9", zone="range"),
            ),
            default_zone="d",
        )
        assert zm.zone_of("A", "B") == "near"
        assert zm.zone_of("Z", "B") == "far"
        assert zm.zone_of("A", "C5") == "range"
        assert zm.zone_of("A", "C55") == "d"  # a range only matches keys of its length
        assert zm.zone_names == ("d", "far", "near", "other", "range")

    def test_china_province_classes(self) -> None:
        # ZTO/YTO e-commerce lists: 省内, 江浙沪, 全国 and 偏远 (新疆 西藏 青海 内蒙古 甘肃 宁夏)
        zm = china_province_zone_map()
        assert len(CHINA_PROVINCES) == 31
        assert zm.zone_of("浙江", "浙江") == "省内"
        assert zm.zone_of("上海", "江苏") == "江浙沪"
        assert zm.zone_of("广东", "上海") == "全国"
        assert zm.zone_of("浙江", "西藏") == "偏远"
        assert zm.zone_of("新疆", "新疆") == "省内"
        assert zm.zone_of("浙江", "台湾") is None
        aliased = china_province_zone_map(origin_aliases=SAMPLE_SHOP_WAREHOUSES)
        assert aliased.zone_of("HZ", "江苏") == "江浙沪"
        custom = china_province_zone_map(ChinaProvinceZones(region_zones={"珠三角": ("广东",)}))
        assert custom.zone_of("浙江", "江苏") == "全国"
        with pytest.raises(InvalidInputError, match="unknown provinces"):
            china_province_zone_map(origin_aliases={"X": "火星"})

    def test_bad_range(self) -> None:
        with pytest.raises(ValidationError, match="same length"):
            ZoneRule(origin="1", destination="10", destination_to="1", zone="z")
        with pytest.raises(ValidationError, match="must not come before"):
            ZoneRule(origin="1", destination="20", destination_to="10", zone="z")


# --------------------------------------------------------------------------- rate cards


class TestRateCards:
    def test_first_additional_examples(self) -> None:
        # 首重 1 kg ¥12 + 续重 ¥2/kg, 0.1 kg rounding; by the card's definition
        # P = 12 + ceil((W - 1) / 1) * 2 on W rounded up to 0.1 kg
        card = first_additional_service().rates[0]
        assert card.price("A", 0.3).minor == 1200
        assert card.price("A", 1.0).minor == 1200
        assert card.price("A", 1.01).minor == 1400  # 1.1 kg: one additional kilo
        assert card.price("A", 2.3).minor == 1600
        assert card.price("A", 0.1 + 0.2 + 0.7).minor == 1200  # 1.0 kg despite float noise

    def test_half_kilo_additional_steps(self) -> None:
        # SF style: 续重 per 0.5 kg: 首重 1 kg ¥23, each further 0.5 kg ¥6.50
        card = FirstAdditionalRates(
            effective_from=D0, currency="CNY", zones=("Z",), first_weight=1,  # type: ignore[arg-type]
            first_prices=(Decimal(23),), additional_step=0.5, additional_prices=(Decimal("6.5"),),
        )  # fmt: skip
        assert card.price("Z", 1.2).minor == 2300 + 650
        assert card.price("Z", 2.5).minor == 2300 + 3 * 650
        assert card.price("Z", 2.51).minor == 2300 + 4 * 650

    def test_zone_table_brackets_and_extension(self) -> None:
        t = ZoneRateTable(
            effective_from=D0, currency="USD", zones=("2", "8"),  # type: ignore[arg-type]
            weight_breaks=(1, 2, 5), prices=(("10", "11", "15"), ("14", "17", None)),
            additional_step=1, additional_prices=("1.50", "2.00"), max_weight=10,
        )  # fmt: skip
        assert t.price("2", 0.2).minor == 1000
        assert t.price("2", 2.0).minor == 1100
        assert t.price("2", 2.01).minor == 1500  # the 5 lb bracket
        assert t.price("2", 7.0).minor == 1500 + 2 * 150
        assert t.price("8", 4.0) is None  # not priced
        assert t.price("2", 10.5) is None  # over max_weight
        with pytest.raises(InvalidInputError, match="not in this table's zones"):
            t.price("9", 1.0)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"weight_breaks": (1, 3, 2)}, "strictly increasing; break 2"),
            ({"weight_breaks": (1, 1, 2)}, "overlapping or unordered"),
            ({"prices": (("10", "9", "11"),)}, "must not decrease with weight"),
            ({"prices": (("10", "11"),)}, "has 2 prices for 3 breaks"),
            ({"prices": (("10.001", "11", "12"),)}, "whole number of CNY minor units"),
            ({"zones": ("A", "A"), "prices": (("1", "2", "3"),) * 2}, "zones must be unique"),
            ({"max_weight": 9}, "needs additional_step"),
        ],
    )
    def test_bad_tables(self, kwargs: dict[str, Any], message: str) -> None:
        args: dict[str, Any] = {
            "effective_from": D0, "currency": "CNY", "zones": ("A",),
            "weight_breaks": (1, 2, 3), "prices": (("1", "2", "3"),),
        }  # fmt: skip
        args.update(kwargs)
        with pytest.raises(ValidationError, match=message):
            ZoneRateTable(**args)

    def test_bad_first_additional(self) -> None:
        with pytest.raises(ValidationError, match="whole number of weight steps"):
            FirstAdditionalRates(
                effective_from=D0, currency="CNY", zones=("A",), first_weight=1.05,  # type: ignore[arg-type]
                first_prices=(Decimal(1),), additional_step=1, additional_prices=(Decimal(1),),
            )  # fmt: skip
        with pytest.raises(ValidationError, match="one price per zone"):
            FirstAdditionalRates(
                effective_from=D0, currency="CNY", zones=("A", "B"), first_weight=1,  # type: ignore[arg-type]
                first_prices=(Decimal(1),), additional_step=1, additional_prices=(Decimal(1),) * 2,
            )  # fmt: skip

    def test_service_validation(self) -> None:
        with pytest.raises(ValidationError, match="unknown zones"):
            first_additional_service(zone_maps=(flat_zone_map("B"),), transit_days={"A": 1, "B": 1})
        with pytest.raises(ValidationError, match="transit_days lacks zones"):
            first_additional_service(transit_days={})
        with pytest.raises(ValidationError, match="applies to unknown components"):
            first_additional_service(surcharges=(
                Surcharge(effective_from=D0, name="fuel", kind="percentage", rate=Decimal("0.1"),
                          percentage_of=("base", "nope")),
            ))  # fmt: skip
        with pytest.raises(ValidationError, match="names unknown zones"):
            first_additional_service(surcharges=(
                Surcharge(effective_from=D0, name="x", kind="flat", amount=Decimal(1), zones=("Q",)),
            ))  # fmt: skip
        with pytest.raises(ValidationError, match="flat surcharge needs amount"):
            Surcharge(effective_from=D0, name="x", kind="flat", rate=Decimal("0.1"))
        with pytest.raises(ValidationError, match="reserved"):
            Surcharge(effective_from=D0, name="base", kind="flat", amount=Decimal(1))

    def test_service_json_round_trip(self) -> None:
        svc = example_services("US")[0]
        again = Service.model_validate_json(svc.model_dump_json())
        assert again == svc
        batch = ParcelBatch.from_imperial([10.0], [18], [18], [12], "100", "945")
        assert quote(batch, [again]).cost.minor.tolist() == quote(batch, [svc]).cost.minor.tolist()


# --------------------------------------------------------------------------- quote


class TestQuote:
    def test_ups_like_reference(self) -> None:
        # 18 x 18 x 12 in, 10 lb, zone 8: bills 28 lb (UPS example); the illustrative
        # zone 8 price is 16.00 + 1.75 x 27 = 63.25; fuel 15.5% -> 9.80375 -> 9.80
        svc = example_services("US")[0]
        batch = ParcelBatch.from_imperial([10.0], [18], [18], [12], "100", "945")
        q = quote(batch, [svc], ship_date="2025-03-03")
        assert isinstance(q, Quote)
        assert q.billable_weight[0, 0] == 28.0
        assert q.base.minor[0, 0] == 6325
        assert q.surcharges["fuel"].minor[0, 0] == 980
        assert q.cost.minor[0, 0] == 7305
        # five business days from Monday 3 March 2025: Monday 10 March, 7 calendar days
        assert q.transit_days[0, 0] == 7
        assert q.cost.to_float()[0, 0] == 73.05

    def test_surcharge_stacking(self) -> None:
        # residential $5.55; additional handling: longest side 50 > 48 in ($28) and
        # actual weight 60 > 50 lb ($45): only the larger, $45, applies; fuel 15.5% on
        # base + residential + AHS. Zone 2, 60 lb: base 10.00 + 0.25 x 59 = 24.75.
        svc = example_services("US")[0]
        batch = ParcelBatch.from_imperial([60.0], [50], [10], [10], "100", "101", True)
        q = quote(batch, [svc], ship_date="2025-02-03")
        parts = {k: int(v.minor[0, 0]) for k, v in q.surcharges.items()}
        assert q.base.minor[0, 0] == 2475
        # fuel: (2475 + 555 + 4500) x 0.155 = 1167.15 -> 1167 cents (half up)
        assert parts == {"residential": 555, "ahs_length": 0, "ahs_width": 0,
                         "ahs_weight": 4500, "fuel": 1167}  # fmt: skip
        assert q.cost.minor[0, 0] == 2475 + 555 + 4500 + parts["fuel"]

    def test_effective_dates_pick_versions(self) -> None:
        # fuel is 15% until 5 January 2025 and 15.5% from 6 January
        svc = example_services("US")[0]
        batch = ParcelBatch.from_imperial([1.0, 1.0], [5, 5], [5, 5], [5, 5], "100", "101")
        q = quote(batch, [svc], ship_date=["2025-01-05", "2025-01-06"])
        assert q.surcharges["fuel"].minor[:, 0].tolist() == [150, 155]
        q_old = quote(batch, [svc], ship_date=dt.date(2025, 1, 5))
        assert q_old.surcharges["fuel"].minor[:, 0].tolist() == [150, 150]
        q_new = quote(batch, [svc])  # no ship date: the newest version
        assert q_new.surcharges["fuel"].minor[:, 0].tolist() == [155, 155]
        early = quote(batch, [svc], ship_date="2024-12-31")
        assert early.reasons()[:, 0].tolist() == ["not_effective", "not_effective"]

    def test_business_days(self) -> None:
        svc = example_services("US")[0]  # zone 2: one business day
        batch = ParcelBatch.from_imperial([1.0] * 3, [5] * 3, [5] * 3, [5] * 3, "100", "101")
        friday = quote(batch, [svc], ship_date="2025-03-07")
        assert friday.transit_days[0, 0] == 3  # Friday -> Monday
        holiday = quote(batch, [svc], ship_date="2025-03-07", holidays=["2025-03-10"])
        assert holiday.transit_days[0, 0] == 4
        mixed = quote(batch, [svc], ship_date=["2025-03-03", "2025-03-07", "2025-03-08"])
        assert mixed.transit_days[:, 0].tolist() == [1, 3, 3]  # Saturday rolls to Monday
        worst = quote(batch, [svc])
        assert worst.transit_days[0, 0] == 3

    def test_reasons(self) -> None:
        svc = example_services("US")[0]
        # the over-size parcel is flat (100 x 32 x 1 in, 23 lb DIM): a 60 x 30 x 30 in
        # box would also be over the card's weight (389 lb DIM), the later reason
        batch = ParcelBatch.from_imperial(
            [1.0, 151.0, 5.0, 5.0, 5.0],
            [5, 5, 109, 100, 5],
            [5, 5, 5, 32, 5],
            [5, 5, 5, 1, 5],
            "100",
            ["101", "101", "101", "101", "999"],
        )
        q = quote(batch, [svc])
        assert q.reasons()[:, 0].tolist() == [
            "ok", "over_weight", "over_length", "over_size", "no_zone",
        ]  # fmt: skip
        assert q.cost.minor[1:, 0].tolist() == [0, 0, 0, 0]
        assert q.transit_days[1:, 0].tolist() == [-1, -1, -1, -1]
        assert np.isnan(q.billable_weight[4, 0])
        assert q.serviceable[:, 0].tolist() == [True, False, False, False, False]

    def test_no_extrapolation_beyond_the_card(self) -> None:
        card = ZoneRateTable(
            effective_from=D0, currency="CNY", zones=("A",), weight_breaks=(1, 2),  # type: ignore[arg-type]
            prices=((Decimal(5), Decimal(7)),),
        )  # fmt: skip
        svc = Service(carrier="c", name="n", zone_maps=flat_zone_map(), rates=card,
                      transit_days={"A": 1})  # type: ignore[arg-type]  # fmt: skip
        q = quote(ParcelBatch([1.5, 2.0, 2.01, 30.0], [1] * 4, [1] * 4, [1] * 4, "o", "X"), [svc])
        assert q.cost.minor[:, 0].tolist() == [700, 700, 0, 0]
        assert q.reasons()[:, 0].tolist() == ["ok", "ok", "over_weight", "over_weight"]

    def test_imperial_noise_round_trip(self) -> None:
        # 10 lb stored as 4.5359237 kg converts back to 10 lb, not 10.000000000000002 -> 11
        svc = example_services("US")[0]
        batch = ParcelBatch.from_imperial([10.0, 2.0], [5, 5], [5, 5], [5, 5], "100", "101")
        assert quote(batch, [svc]).billable_weight[:, 0].tolist() == [10.0, 2.0]
        kg = ParcelBatch([10 * KG_PER_LB], [1], [1], [1], "100", "101")
        assert quote(kg, [svc]).billable_weight[0, 0] == 10.0

    def test_first_additional_quote_and_dim(self) -> None:
        svc = first_additional_service(dim_weight=DimWeightRule(effective_from=D0, divisor=6000))
        batch = ParcelBatch(
            [0.1 + 0.2, 2.3, 1.0], [10, 10, 60], [10, 10, 40], [10, 10, 30], "o", "X"
        )
        q = quote(batch, [svc])
        # 0.3 kg -> ¥12; 2.3 kg -> ¥16; 1 kg of 72,000 cm³ bills 12 kg -> 12 + 11 x 2 = ¥34
        assert q.cost.minor[:, 0].tolist() == [1200, 1600, 3400]
        assert q.billable_weight[:, 0].tolist() == [0.3, 2.3, 12.0]

    def test_percentage_rounding_half_up_and_discount(self) -> None:
        svc = first_additional_service(surcharges=(
            Surcharge(effective_from=D0, name="discount", kind="percentage", rate=Decimal("-0.375")),
            Surcharge(effective_from=D0, name="fuel", kind="percentage", rate=Decimal("0.155"),
                      percentage_of=("base", "discount")),
        ))  # fmt: skip
        q = quote(ParcelBatch([2.3], [1], [1], [1], "o", "X"), [svc])
        # base 1600; discount -600.0; fuel 0.155 x 1000 = 155
        assert q.surcharges["discount"].minor[0, 0] == -600
        assert q.surcharges["fuel"].minor[0, 0] == 155
        assert q.cost.minor[0, 0] == 1155
        svc2 = first_additional_service(surcharges=(
            Surcharge(effective_from=D0, name="fuel", kind="percentage", rate=Decimal("0.125")),
        ))  # fmt: skip
        q2 = quote(ParcelBatch([0.5, 1.5], [1, 1], [1, 1], [1, 1], "o", "X"), [svc2])
        # 1200 x 0.125 = 150 exactly; 1400 x 0.125 = 175 exactly
        assert q2.surcharges["fuel"].minor[:, 0].tolist() == [150, 175]
        svc3 = first_additional_service(surcharges=(
            Surcharge(effective_from=D0, name="fuel", kind="percentage", rate=Decimal("0.0125")),
        ))  # fmt: skip
        q3 = quote(ParcelBatch([1.5], [1], [1], [1], "o", "X"), [svc3])
        assert q3.surcharges["fuel"].minor[0, 0] == 18  # 17.5 -> 18 (half up)

    def test_destination_and_zone_conditions(self) -> None:
        card = FirstAdditionalRates(
            effective_from=D0, currency="CNY", zones=("省内", "江浙沪", "全国", "偏远"),  # type: ignore[arg-type]
            first_weight=1, first_prices=(Decimal(8), Decimal(9), Decimal(12), Decimal(20)),
            additional_step=1, additional_prices=(Decimal(1), Decimal(2), Decimal(5), Decimal(12)),
        )  # fmt: skip
        svc = Service(
            carrier="c", name="n", zone_maps=china_province_zone_map(), rates=card,  # type: ignore[arg-type]
            transit_days={"省内": 1, "江浙沪": 2, "全国": 3, "偏远": 5},
            surcharges=(
                Surcharge(effective_from=D0, name="偏远附加", kind="flat", amount=Decimal(3),
                          zones=("偏远",)),
                Surcharge(effective_from=D0, name="海岛", kind="flat", amount=Decimal(5),
                          destinations=("海南",)),
            ),
        )  # fmt: skip
        batch = ParcelBatch(
            [1.0] * 4, [1] * 4, [1] * 4, [1] * 4, "浙江", ["浙江", "上海", "海南", "西藏"]
        )
        q = quote(batch, [svc])
        assert q.cost.minor[:, 0].tolist() == [800, 900, 1700, 2300]
        assert q.transit_days[:, 0].tolist() == [1, 2, 3, 5]

    def test_bad_calls(self) -> None:
        svc = first_additional_service()
        batch = ParcelBatch([1.0], [1], [1], [1], "o", "X")
        with pytest.raises(InvalidInputError, match="services must not be empty"):
            quote(batch, [])
        with pytest.raises(InvalidInputError, match="wrap one in a list"):
            quote(batch, svc)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="share one currency"):
            quote(batch, [svc, example_services("US")[0]])
        with pytest.raises(InvalidInputError, match="parcels must be a ParcelBatch"):
            quote({"weight_kg": [1.0]}, [svc])  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="ship_date must be one date or one per parcel"):
            quote(batch, [svc], ship_date=["2025-01-01", "2025-01-02"])
        with pytest.raises(InvalidInputError, match="ship_date must be a date"):
            quote(batch, [svc], ship_date="someday")


# --------------------------------------------------------------------------- oracle


def _frac(x: float) -> Fraction:
    return Fraction(Decimal(repr(float(x))))


def _ceil_steps(x: Fraction, step: Fraction) -> int:
    return math.ceil(x / step)


def oracle_cost(svc: Service, w: float, dims: tuple[float, float, float], dest: str) -> int | None:
    """Plain exact-rational price of one parcel (newest versions, metric first-additional)."""
    card = svc.rates[-1]
    assert isinstance(card, FirstAdditionalRates)
    zone = svc.zone_maps[-1].zone_of("o", dest)
    if zone is None:
        return None
    z = card.zones.index(zone)
    step = _frac(card.weight_step)
    k = _ceil_steps(_frac(w), step)
    if svc.dim_weight:
        rule = svc.dim_weight[-1]
        vol = Fraction(1)
        for d in dims:
            vol *= math.ceil(_frac(d))  # dimension_rounding="up", step 1
        if vol > _frac(rule.min_volume):
            k = max(k, _ceil_steps(vol / _frac(rule.divisor), step))
    if svc.max_weight is not None and _frac(w) > _frac(svc.max_weight):
        return None
    if card.max_weight is not None and k * step > _frac(card.max_weight):
        return None  # the card prices billable weights up to its max_weight only
    k_first = int(_frac(card.first_weight) / step)
    e = int(_frac(card.additional_step) / step)
    n_add = max(0, math.ceil(Fraction(k - k_first, e)))
    cents = int(card.first_prices[z] * 100) + n_add * int(card.additional_prices[z] * 100)
    total = Fraction(cents)
    for s in svc.surcharges:
        if (
            s.kind == "flat"
            and s.over_longest_side is not None
            and max(map(_frac, dims)) > _frac(s.over_longest_side)
        ):
            total += int(s.amount * 100)  # type: ignore[operator]
    for s in svc.surcharges:
        if s.kind == "percentage":
            total += int((Decimal(cents) * s.rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))  # type: ignore[operator]
    return int(total)


parcel_rows = st.tuples(
    st.integers(1, 45_000).map(lambda g: g / 1000),  # kg, to the gram
    st.integers(10, 1200).map(lambda d: d / 10),  # cm, to the millimetre
    st.integers(10, 800).map(lambda d: d / 10),
    st.integers(10, 600).map(lambda d: d / 10),
    st.sampled_from(["浙江", "上海", "广东", "新疆", "台湾"]),
)


def _as_o(zm: ZoneMap) -> ZoneMap:
    """The same chart with origin 'HZ' read as 'o' (the oracle's single origin)."""
    rules = tuple(r.model_copy(update={"origin": "o"}) for r in zm.rules if r.origin == "HZ")
    return zm.model_copy(update={"rules": rules})


SERVICES_CN = example_services("CN")
ECONOMY_CN = [s for s in SERVICES_CN if s.name == "经济"]
ORACLE_CN = [s.model_copy(update={"zone_maps": (_as_o(s.zone_maps[-1]),)}) for s in ECONOMY_CN]


class TestVectorisedEqualsScalar:
    @example(rows=[(0.001, 112.1, 70.1, 44.1, "浙江")])  # SF bills 60.2 kg > its 60 kg card
    @given(st.lists(parcel_rows, min_size=1, max_size=25))
    def test_example_cn_services_equal_exact_oracle(self, rows: list[tuple[Any, ...]]) -> None:
        w, a, b, c, dest = (list(x) for x in zip(*rows, strict=True))
        batch = ParcelBatch(w, a, b, c, "HZ", dest)
        q = quote(batch, ECONOMY_CN)
        for j, oracle_svc in enumerate(ORACLE_CN):
            for i in range(len(rows)):
                expected = oracle_cost(oracle_svc, w[i], (a[i], b[i], c[i]), dest[i])
                if expected is None:
                    assert q.reason_code[i, j] != 0
                else:
                    assert q.reason_code[i, j] == 0
                    assert q.cost.minor[i, j] == expected, (i, oracle_svc.label)
        # one row alone gives the same answer (vectorised equals scalar)
        i = len(rows) - 1
        one = quote(ParcelBatch([w[i]], [a[i]], [b[i]], [c[i]], "HZ", [dest[i]]), ECONOMY_CN)
        np.testing.assert_array_equal(one.cost.minor[0], q.cost.minor[i])
        np.testing.assert_array_equal(one.reason_code[0], q.reason_code[i])

    @given(parcel_rows, st.integers(1, 45_000).map(lambda g: g / 1000))
    def test_cost_monotone_in_weight_within_a_zone(self, row: tuple[Any, ...], w2: float) -> None:
        w1, a, b, c, dest = row
        lo, hi = sorted((w1, w2))
        batch = ParcelBatch([lo, hi], [a, a], [b, b], [c, c], "HZ", [dest, dest])
        q = quote(batch, SERVICES_CN)
        both = q.serviceable.all(axis=0)
        assert np.all(q.cost.minor[0, both] <= q.cost.minor[1, both])


# --------------------------------------------------------------------------- shop_rates


class TestShopRates:
    def test_ties_go_to_faster_then_first_listed(self) -> None:
        slow = first_additional_service(name="slow", transit_days={"A": 3})
        fast = first_additional_service(name="fast", transit_days={"A": 1})
        twin = first_additional_service(name="twin", transit_days={"A": 1})
        batch = ParcelBatch([1.0], [1], [1], [1], "o", "X")
        assert shop_rates(batch, [slow, fast, twin]).service.tolist() == ["T/fast"]
        assert shop_rates(batch, [slow, twin, fast]).service.tolist() == ["T/twin"]
        assert shop_rates(batch, [slow]).service_index.tolist() == [0]

    def test_promises_and_reasons(self) -> None:
        services = example_services("CN")
        batch = ParcelBatch([1.0, 1.0, 1.0, 80.0], [10] * 4, [10] * 4, [10] * 4, "HZ",
                            ["江苏", "新疆", "台湾", "江苏"])  # fmt: skip
        plan = shop_rates(batch, services, max_transit_days=[1, 2, np.nan, 7])
        assert isinstance(plan, RatePlan)
        assert plan.reason.tolist() == ["ok", "too_slow", "no_zone", "over_weight"]
        assert plan.service_index.tolist()[1:] == [-1, -1, -1]
        assert plan.service.tolist()[1:] == ["", "", ""]
        assert plan.cost.minor.tolist()[1:] == [0, 0, 0]
        assert plan.transit_days.tolist() == [1, -1, -1, -1]
        q = quote(batch, services)
        # the chosen service is the cheapest one that meets the promise
        ok = q.serviceable[0] & (q.transit_days[0] <= 1)
        assert plan.cost.minor[0] == q.cost.minor[0, ok].min()
        assert plan.total().minor == plan.cost.minor[0]
        assert set(REASONS) >= set(plan.reason.tolist())

    @given(st.lists(parcel_rows, min_size=1, max_size=20), st.integers(1, 6))
    def test_equals_argmin_over_quote(self, rows: list[tuple[Any, ...]], promise: int) -> None:
        services = SERVICES_CN
        w, a, b, c, dest = (list(x) for x in zip(*rows, strict=True))
        batch = ParcelBatch(w, a, b, c, "HZ", dest)
        plan = shop_rates(batch, services, max_transit_days=promise)
        q = quote(batch, services)
        for i in range(len(rows)):
            cands = [
                (int(q.cost.minor[i, j]), int(q.transit_days[i, j]), j)
                for j in range(len(services))
                if q.reason_code[i, j] == 0 and q.transit_days[i, j] <= promise
            ]
            if cands:
                cost, days, j = min(cands)
                assert (plan.cost.minor[i], plan.transit_days[i], plan.service_index[i]) == (
                    cost, days, j,
                )  # fmt: skip
            else:
                assert plan.service_index[i] == -1
                assert plan.reason[i] != "ok"

    def test_per_parcel_ship_dates_and_bad_promise(self) -> None:
        svc = example_services("US")[0]
        batch = ParcelBatch.from_imperial([1.0, 1.0], [5, 5], [5, 5], [5, 5], "100", "101")
        plan = shop_rates(batch, [svc], ship_date=["2025-01-05", "2025-01-06"])
        assert plan.cost.minor.tolist() == [1150, 1155]
        with pytest.raises(InvalidInputError, match="max_transit_days must be >= 0"):
            shop_rates(batch, [svc], max_transit_days=-1)
        with pytest.raises(InvalidInputError, match="one value per parcel"):
            shop_rates(batch, [svc], max_transit_days=[1, 2, 3])
