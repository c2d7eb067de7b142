"""Logistics at its edges: every bad input refused by name, never read as a number.

Each test names the example it pins: a scalar setting given as a string, a
container or a complex number; a NaN basket; a missing (NaT) date; ``"no"`` for
the residential flag; imperial inputs named by their own names; carton prices
computed without touching the caller's decimal context.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from ecomops._core.validation import as_real_scalar
from ecomops.exceptions import InvalidInputError
from ecomops.logistics import (
    DimWeightRule,
    ExponentialTopUp,
    FirstAdditionalRates,
    OrderItems,
    ParcelBatch,
    Service,
    Surcharge,
    ZoneMap,
    ZoneRateTable,
    ZoneRule,
    billable_weight,
    china_postal_cartons,
    free_shipping_threshold,
    pack_cartons,
    split_order,
)

D0 = dt.date(2025, 1, 1)
NOT_ONE_NUMBER = [
    pytest.param("abc", id="str"),
    pytest.param({}, id="dict"),
    pytest.param(complex(1.0, 1.0), id="complex"),
    pytest.param([[1.0], [1.0, 1.0]], id="ragged"),
    pytest.param([], id="empty"),
    pytest.param([[1.0, 1.0], [1.0, 1.0]], id="2-D"),
    pytest.param(None, id="None"),
    pytest.param(True, id="bool"),
]


class TestRealScalar:
    """The shared reader of scalar settings: one real number, or an error naming it."""

    @pytest.mark.parametrize("value", NOT_ONE_NUMBER)
    def test_refuses_what_is_not_one_real_number(self, value: Any) -> None:
        with pytest.raises(InvalidInputError, match=r"^step must be"):
            as_real_scalar(value, "step")

    @pytest.mark.parametrize(
        "value", [2, 2.5, np.float32(2.5), np.int64(2), Decimal("2.5"), np.array(2.5)]
    )
    def test_reads_numbers_of_any_kind(self, value: Any) -> None:
        assert as_real_scalar(value, "step") == float(value)

    def test_nan_and_infinity_pass_to_the_callers_range_check(self) -> None:
        assert np.isnan(as_real_scalar(float("nan"), "step"))
        assert as_real_scalar(float("inf"), "step") == float("inf")


class TestBillableWeightSettings:
    """billable_weight and DimWeightRule.billable_weight: a str, dict, complex or
    ragged step, divisor, min_volume or min_weight leaked TypeError or ValueError."""

    @pytest.mark.parametrize(
        "param", ["divisor", "weight_step", "dimension_step", "min_volume", "min_weight"]
    )
    @pytest.mark.parametrize("value", NOT_ONE_NUMBER)
    def test_bad_setting_is_refused_by_name(self, param: str, value: Any) -> None:
        if param == "divisor" and value is None:
            return  # None is a carrier without dimensional weight
        kwargs: dict[str, Any] = {"divisor": 6000.0, param: value}
        with pytest.raises(InvalidInputError, match=param):
            billable_weight([1.0, 2.5], [30.0, 40.0], 20.0, 10.0, **kwargs)

    @pytest.mark.parametrize("param", ["weight_step", "min_weight"])
    @pytest.mark.parametrize("value", NOT_ONE_NUMBER)
    def test_rule_method_refuses_by_name(self, param: str, value: Any) -> None:
        rule = DimWeightRule(effective_from=D0, divisor=6000.0)
        with pytest.raises(InvalidInputError, match=param):
            rule.billable_weight([1.0, 2.5], [30.0, 40.0], 20.0, 10.0, **{param: value})

    def test_decimal_divisor_is_read_as_its_number(self) -> None:
        # divisor=Decimal leaked TypeError (numpy's isfinite refuses Decimal)
        args = ([1.0, 2.5], [30.0, 40.0], 20.0, 10.0)
        got = billable_weight(*args, divisor=Decimal("6000"), min_weight=Decimal("0.5"))
        assert got.tolist() == billable_weight(*args, divisor=6000.0, min_weight=0.5).tolist()

    def test_existing_messages_stay(self) -> None:
        with pytest.raises(InvalidInputError, match="divisor must be finite and > 0"):
            billable_weight(1.0, 1.0, 1.0, 1.0, divisor=float("nan"))


class TestTopUpBasket:
    """ExponentialTopUp.probability / added_value: the basket was ignored, so a NaN
    basket was read as a number and a string basket accepted."""

    @pytest.mark.parametrize("method", ["probability", "added_value"])
    @pytest.mark.parametrize(
        "basket",
        [
            pytest.param(np.array([40.0, np.nan]), id="NaN element"),
            pytest.param(pd.array([40.0, None], dtype="Float64"), id="pandas nullable NA"),
        ],
    )
    def test_nan_basket_gives_nan(self, method: str, basket: Any) -> None:
        out = getattr(ExponentialTopUp(), method)(np.array([5.0, 20.0]), basket)
        assert np.isfinite(out[0])
        assert np.isnan(out[1])

    @pytest.mark.parametrize("method", ["probability", "added_value"])
    def test_masked_basket_is_refused(self, method: str) -> None:
        basket = np.ma.masked_array([40.0, 30.0], mask=[False, True])
        with pytest.raises(InvalidInputError, match="basket"):
            getattr(ExponentialTopUp(), method)(np.array([5.0, 20.0]), basket)

    @pytest.mark.parametrize("method", ["probability", "added_value"])
    @pytest.mark.parametrize(
        "basket",
        [
            pytest.param("abc", id="str"),
            pytest.param(np.array([40.0, "x"], dtype=object), id="str element"),
            pytest.param({}, id="dict"),
            pytest.param(np.array([40.0 + 1j, 30.0]), id="complex"),
            pytest.param([[40.0], [30.0, 1.0]], id="ragged"),
        ],
    )
    def test_non_numeric_basket_is_refused(self, method: str, basket: Any) -> None:
        with pytest.raises(InvalidInputError, match="basket"):
            getattr(ExponentialTopUp(), method)(np.array([5.0, 20.0]), basket)

    def test_valid_answers_unchanged(self) -> None:
        m = ExponentialTopUp(max_probability=0.5, scale=30.0)
        got = m.probability(np.array([0.0, 30.0]), np.array([99.0, 69.0]))
        assert got.round(4).tolist() == [0.5, 0.1839]


class TestMissingDates:
    """effective_from=NaT leaked TypeError from every dated rule; Service.as_of(NaT)
    leaked "Cannot compare NaT with datetime.date"."""

    @pytest.mark.parametrize("missing", [pd.NaT, pd.NA], ids=["NaT", "NA"])
    @pytest.mark.parametrize(
        "build",
        [
            pytest.param(lambda d: DimWeightRule(effective_from=d, divisor=6000.0), id="DimWeight"),
            pytest.param(
                lambda d: ZoneMap(
                    effective_from=d, rules=(ZoneRule(origin="*", destination="X", zone="A"),)
                ),
                id="ZoneMap",
            ),
            pytest.param(
                lambda d: Surcharge(
                    effective_from=d, name="fuel", kind="percentage", rate=Decimal("0.1")
                ),
                id="Surcharge",
            ),
            pytest.param(
                lambda d: FirstAdditionalRates(
                    effective_from=d,
                    currency="CNY",
                    zones=("A",),
                    first_weight=1,
                    first_prices=(Decimal(12),),
                    additional_step=1,
                    additional_prices=(Decimal(2),),
                ),
                id="FirstAdditional",
            ),
            pytest.param(
                lambda d: ZoneRateTable(
                    effective_from=d,
                    currency="CNY",
                    zones=("A",),
                    weight_breaks=(1.0, 5.0),
                    prices=((Decimal(10), Decimal(20)),),
                ),
                id="ZoneRateTable",
            ),
        ],
    )
    def test_missing_effective_from_is_refused_by_name(self, build: Any, missing: Any) -> None:
        with pytest.raises(ValidationError, match="effective_from"):
            build(missing)

    def test_dates_still_read(self) -> None:
        assert DimWeightRule(effective_from="2025-01-01", divisor=139).effective_from == D0

    @pytest.mark.parametrize("missing", [pd.NaT, np.datetime64("NaT"), float("nan")])
    def test_as_of_a_missing_ship_date_is_refused(self, missing: Any) -> None:
        service = Service(
            carrier="T",
            name="std",
            zone_maps=(
                ZoneMap(
                    effective_from=D0, rules=(ZoneRule(origin="*", destination="X", zone="A"),)
                ),
            ),
            rates=(
                FirstAdditionalRates(
                    effective_from=D0,
                    currency="CNY",
                    zones=("A",),
                    first_weight=1,
                    first_prices=(Decimal(12),),
                    additional_step=1,
                    additional_prices=(Decimal(2),),
                ),
            ),
            transit_days={"A": 2},
        )
        with pytest.raises(InvalidInputError, match="ship_date must be one date"):
            service.as_of(missing)
        assert service.as_of(D0).card is not None


class TestParcelFlagsAndNames:
    """ParcelBatch.from_imperial: residential="no" was read as True; a length
    mismatch or an empty weight_lb was reported under the metric names."""

    @pytest.mark.parametrize("flag", ["no", "False", 0, 1, None])
    def test_residential_must_be_a_boolean(self, flag: Any) -> None:
        with pytest.raises(InvalidInputError, match="residential must be True or False"):
            ParcelBatch.from_imperial(
                [1.0, 2.5],
                [10.0, 20.0],
                [5.0, 5.0],
                [1.0, 12.0],
                "HZ",
                ["X", "Y"],
                residential=flag,
            )
        with pytest.raises(InvalidInputError, match="residential must be True or False"):
            ParcelBatch([1.0], [10.0], [5.0], [1.0], "HZ", "X", residential=flag)

    @pytest.mark.parametrize("flag", [True, False, np.True_, np.False_])
    def test_boolean_residential_fills_every_row(self, flag: Any) -> None:
        batch = ParcelBatch(
            [1.0, 2.0], [10.0, 8.0], [5.0, 5.0], [1.0, 2.0], "HZ", "X", residential=flag
        )
        assert batch.residential.tolist() == [bool(flag)] * 2

    def test_mismatched_height_in_is_named(self) -> None:
        with pytest.raises(InvalidInputError, match="height_in has 1") as err:
            ParcelBatch.from_imperial([1.0, 2.5], [10.0, 20.0], [5.0, 5.0], [1.0], "HZ", ["X", "Y"])
        assert "_cm" not in str(err.value)
        assert "weight_kg" not in str(err.value)

    def test_empty_weight_lb_is_named(self) -> None:
        with pytest.raises(InvalidInputError, match="weight_lb has 0"):
            ParcelBatch.from_imperial([], [10.0, 20.0], [5.0, 5.0], [1.0, 12.0], "HZ", ["X", "Y"])


class TestCartons:
    """china_postal_cartons: str/dict/None/2-D settings leaked TypeError or
    ValueError, a non-numeric price leaked decimal.InvalidOperation, and pricing
    the cartons set the caller's Inexact and Rounded flags."""

    @pytest.mark.parametrize("param", ["wall_cm", "grammage_g_per_m2", "max_weight_kg"])
    @pytest.mark.parametrize("value", NOT_ONE_NUMBER)
    def test_bad_setting_is_refused_by_name(self, param: str, value: Any) -> None:
        with pytest.raises(InvalidInputError, match=param):
            china_postal_cartons(**{param: value})

    @pytest.mark.parametrize("price", [None, "a\ud800b", "abc", "NaN", {}])
    def test_non_numeric_price_is_refused_by_name(self, price: Any) -> None:
        with pytest.raises(InvalidInputError, match="price_per_m2"):
            china_postal_cartons(price_per_m2=price)

    def test_decimal_max_weight_is_read_as_its_number(self) -> None:
        cat = china_postal_cartons(max_weight_kg=Decimal("15"))
        assert {b.max_weight_kg for b in cat.boxes} == {15.0}

    def test_caller_decimal_context_untouched_and_irrelevant(self) -> None:
        expected = [b.cost for b in china_postal_cartons(price_per_m2="3.333").boxes]
        with decimal.localcontext() as ctx:
            ctx.prec = 2
            ctx.rounding = decimal.ROUND_FLOOR
            ctx.clear_flags()
            got = [b.cost for b in china_postal_cartons(price_per_m2="3.333").boxes]
            assert not any(ctx.flags.values())
        assert got == expected

    def test_costs_round_half_up_to_the_fen(self) -> None:
        cat = china_postal_cartons()
        assert cat.boxes[11].cost == Decimal("0.19")
        assert str(cat.boxes[0].cost) == "2.76"
        # 12号: (2 (13 + 8) + 3.5) (9 + 8) / 1e4 = 0.07735 m²; at ¥0.5 it is ¥0.038675
        assert china_postal_cartons(price_per_m2="0.5").boxes[11].cost == Decimal("0.04")
        assert china_postal_cartons(price_per_m2=0).boxes[11].cost == Decimal("0.00")


class TestOtherScalarSettings:
    """free_shipping_threshold (shipping_fee, abandon_rate), pack_cartons
    (time_limit_s) and split_order (split_penalty): a str, dict, complex, empty
    or 2-D setting leaked TypeError or ValueError; a Decimal one leaked TypeError."""

    @pytest.mark.parametrize("param", ["shipping_fee", "abandon_rate"])
    @pytest.mark.parametrize("value", NOT_ONE_NUMBER)
    def test_threshold_settings(self, param: str, value: Any) -> None:
        kwargs: dict[str, Any] = {
            "margin_rate": 0.3,
            "shipping_cost": 6.0,
            "shipping_fee": 8.0,
            param: value,
        }
        with pytest.raises(InvalidInputError, match=param):
            free_shipping_threshold([30.0, 45.0, 60.0], [49.0, 79.0], **kwargs)

    def test_threshold_decimal_abandon_rate(self) -> None:
        args = ([30.0, 45.0, 60.0], [49.0, 79.0])
        kw: dict[str, Any] = {"margin_rate": 0.3, "shipping_cost": 6.0, "shipping_fee": 8.0}
        got = free_shipping_threshold(*args, **kw, abandon_rate=Decimal("0.1"))
        want = free_shipping_threshold(*args, **kw, abandon_rate=0.1)
        assert got.expected_margin.tolist() == want.expected_margin.tolist()

    @pytest.mark.parametrize("value", NOT_ONE_NUMBER)
    def test_time_limit(self, value: Any) -> None:
        items = OrderItems([1, 1, 2], [10, 8, 20], [10, 6, 10], [5, 4, 5], [0.5, 0.2, 1.0])
        with pytest.raises(InvalidInputError, match="time_limit_s"):
            pack_cartons(items, china_postal_cartons(), time_limit_s=value)

    @pytest.mark.parametrize("value", NOT_ONE_NUMBER)
    def test_split_penalty(self, value: Any) -> None:
        with pytest.raises(InvalidInputError, match="split_penalty"):
            split_order([2, 1], [[2, 0], [1, 1]], parcel_cost=[8.0, 10.0], split_penalty=value)

    def test_decimal_split_penalty(self) -> None:
        s = split_order([1, 2], [[3, 0], [0, 2]], parcel_cost=[5, 6], split_penalty=Decimal(4))
        assert (s.shipping_cost, s.split_penalty_cost, s.total_cost) == (11.0, 4.0, 15.0)
