"""Degenerate parameters: the limit the formula gives, or a clear error, never NaN.

Each test names the example it pins. Warnings are errors in this suite, so a
passing test also shows that no RuntimeWarning escapes.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from ecomops.exceptions import InvalidInputError
from ecomops.inventory import eoq_with_quantity_discounts, rq_policy
from ecomops.logistics import (
    ExponentialTopUp,
    FirstAdditionalRates,
    ParcelBatch,
    ZoneRateTable,
    billable_weight,
    china_province_zone_map,
    example_services,
    quote,
)
from ecomops.money import Money

BREAKS = [0, 300, 600]
PRICES = [100, 90, 80]


class TestQuantityDiscountsZeroOrderCost:
    def test_all_units_orders_the_cheapest_tier_at_its_breakpoint(self) -> None:
        # eoq_with_quantity_discounts(2400, 0, 0.25, [0, 300, 600], [100, 90, 80])
        # gave Q = 0 with a NaN cost. With K = 0 each tier's cost c D + i c q / 2
        # grows with q: candidates are 0 (cost c0 D), 300 and 600.
        res = eoq_with_quantity_discounts(2400, 0, 0.25, BREAKS, PRICES)
        assert res.order_quantity == 600.0
        assert res.price_break == 2
        assert res.unit_cost == 80.0
        assert res.total_cost == 80 * 2400 + 0.25 * 80 * 600 / 2  # 198,000

    @pytest.mark.parametrize("kind", ["all_units", "incremental"])
    def test_is_the_limit_of_a_vanishing_order_cost(self, kind: str) -> None:
        zero = eoq_with_quantity_discounts(2400, 0, 0.25, BREAKS, PRICES, kind=kind)  # type: ignore[arg-type]
        tiny = eoq_with_quantity_discounts(2400, 1e-12, 0.25, BREAKS, PRICES, kind=kind)  # type: ignore[arg-type]
        assert math.isfinite(zero.total_cost)
        assert zero.price_break == tiny.price_break
        assert zero.order_quantity == pytest.approx(tiny.order_quantity, abs=1e-4)
        assert zero.total_cost == pytest.approx(tiny.total_cost, rel=1e-9)

    @pytest.mark.parametrize("kind", ["all_units", "incremental"])
    def test_single_tier_replenishes_continuously(self, kind: str) -> None:
        res = eoq_with_quantity_discounts(2400, 0, 0.25, [0], [100], kind=kind)  # type: ignore[arg-type]
        assert (res.order_quantity, res.price_break, res.total_cost) == (0.0, 0, 240_000.0)

    def test_vectorised_rows_stay_independent(self) -> None:
        res = eoq_with_quantity_discounts([2400, 0, np.nan], 0, 0.25, BREAKS, PRICES)
        np.testing.assert_array_equal(res.order_quantity[:2], [600.0, 0.0])
        np.testing.assert_array_equal(res.total_cost[:2], [198_000.0, 0.0])
        assert np.isnan(res.total_cost[2])


class TestRQPolicyZeroDemand:
    @pytest.mark.parametrize("method", ["loss_function", "eoq_safety_stock"])
    def test_approximations_give_the_documented_values(self, method: str) -> None:
        # rq_policy with zero demand and method="loss_function" gave inf / NaN
        # where the docstring promises r = Q = 0 and zero cost.
        res = rq_policy(0, 10, 2, 8, 0.225, 7.5, method=method)  # type: ignore[arg-type]
        assert (res.reorder_point, res.order_quantity, res.expected_cost) == (0.0, 0.0, 0.0)
        assert res.order_up_to_level == 0.0

    def test_other_rows_unchanged(self) -> None:
        res = rq_policy([0, 1300], [10, 150], [2, 1 / 12], 8, 0.225, 7.5, method="loss_function")
        assert (res.reorder_point[0], res.order_quantity[0], res.expected_cost[0]) == (0, 0, 0)
        assert res.reorder_point[1] == pytest.approx(126.87, abs=0.01)
        assert res.order_quantity[1] == pytest.approx(328.45, abs=0.01)


# ---------------------------------------------------------------------------
# Rate cards: a weight indexes nothing it should not
# ---------------------------------------------------------------------------


def _zone_table() -> ZoneRateTable:
    return ZoneRateTable(
        effective_from="2025-01-01",  # type: ignore[arg-type]
        currency="USD",  # type: ignore[arg-type]
        zones=("2", "8"),
        weight_breaks=(1, 2, 3),
        prices=(("10.00", "11.00", "12.50"), ("14.00", "17.00", "20.00")),  # type: ignore[arg-type]
    )


def _first_additional() -> FirstAdditionalRates:
    return FirstAdditionalRates(
        effective_from="2025-01-01",  # type: ignore[arg-type]
        currency="CNY",  # type: ignore[arg-type]
        zones=("全国", "偏远"),
        first_weight=1,
        first_prices=("12", "20"),  # type: ignore[arg-type]
        additional_step=1,
        additional_prices=("2", "8"),  # type: ignore[arg-type]
    )


CARDS = [(_zone_table, "2"), (_first_additional, "全国")]


class TestRateCardWeights:
    @pytest.mark.parametrize(("make", "zone"), CARDS)
    @pytest.mark.parametrize("weight", [-1.0, -0.5, -5, -1e-9])
    def test_negative_weight_is_refused(self, make: Any, zone: str, weight: float) -> None:
        # ZoneRateTable.price("2", -1) gave 20.00, zone 8's price for 3 lb,
        # through negative indexing into the flattened table.
        with pytest.raises(InvalidInputError, match=r"^weight must be >= 0"):
            make().price(zone, weight)

    @pytest.mark.parametrize(("make", "zone"), CARDS)
    @pytest.mark.parametrize("weight", [math.nan, math.inf, -math.inf])
    def test_non_finite_weight_is_refused(self, make: Any, zone: str, weight: float) -> None:
        with pytest.raises(InvalidInputError, match=r"^weight must be finite"):
            make().price(zone, weight)

    @pytest.mark.parametrize(("make", "zone"), CARDS)
    @pytest.mark.parametrize("weight", [True, "2", None, [1.0], Decimal("NaN")])
    def test_non_number_weight_is_refused(self, make: Any, zone: str, weight: Any) -> None:
        with pytest.raises(InvalidInputError, match=r"^weight must"):
            make().price(zone, weight)

    @pytest.mark.parametrize(("make", "zone"), CARDS)
    def test_huge_weight_is_refused_not_wrapped(self, make: Any, zone: str) -> None:
        with pytest.raises(InvalidInputError, match=r"^weight must be < .*2\*\*31 weight steps"):
            make().price(zone, 1e300)

    @pytest.mark.parametrize(("make", "zone"), CARDS)
    @pytest.mark.parametrize("bad", ["zz", None, 1, ["2"], np.array(["2"])])
    def test_unknown_zone_is_refused(self, make: Any, zone: str, bad: Any) -> None:
        with pytest.raises(
            InvalidInputError, match=r"^zone .* is not in this (table|card)'s zones"
        ):
            make().price(bad, 1.0)

    def test_valid_weights_unchanged(self) -> None:
        t, card = _zone_table(), _first_additional()
        assert t.price("2", 0) == Money("10.00", "USD")
        assert t.price("2", -0.0) == Money("10.00", "USD")
        assert t.price("8", 2.2) == Money("20.00", "USD")
        assert t.price("8", np.float32(2.0)) == Money("17.00", "USD")
        assert t.price("2", 3.5) is None  # beyond the last break: over weight
        assert card.price("全国", 2.3) == Money("16.00", "CNY")
        assert card.price("偏远", Decimal("2.2")) == Money("36.00", "CNY")


class TestQuoteReason:
    def test_over_weight_outranks_over_length(self) -> None:
        # A parcel over the length limit whose billable (DIM) weight is beyond
        # the card was reported "over_length": the limit codes overwrote the
        # card's "over_weight", although quote promises the latest reason.
        svc = example_services("US")[0]
        assert svc.max_length == 108
        assert svc.max_length_plus_girth == 165
        batch = ParcelBatch.from_imperial(
            [100.0, 100.0, 10.0, 200.0, 5.0], [120, 100, 120, 10, 60], [30, 30, 10, 10, 30],
            [30, 30, 10, 10, 30], "100", "945",
        )  # fmt: skip
        q = quote(batch, [svc], ship_date="2025-03-03")
        # 120 x 30 x 30 in: 777 lb billable, over length and size -> over_weight
        # 100 x 30 x 30 in: 648 lb billable, over size only -> over_weight
        # 120 x 10 x 10 in, 10 lb: over length only -> over_length
        # 200 lb, small: over the service's weight limit -> over_weight
        # 5 lb, 60 x 30 x 30 in: 389 lb billable, over size -> over_weight
        assert q.reasons()[:, 0].tolist() == [
            "over_weight", "over_weight", "over_length", "over_weight", "over_weight",
        ]  # fmt: skip


class TestHugeMeasures:
    """Measures whose step count leaves float64's whole numbers are refused by name.

    They were cast to int64 with a RuntimeWarning and priced from a wrapped count.
    """

    @pytest.mark.parametrize(
        ("args", "name"),
        [
            ((1e300, 10, 10, 10), "weight"),
            ((1.0, 1e300, 10, 10), "length"),
            ((1.0, 10, 1e300, 10), "width"),
            ((1.0, 10, 10, 1e300), "height"),
            ((1e17, 10, 10, 10), "weight"),
            (([1.0, 2.0], 10, [10, 1e10], [10, 1e10]), "the dimensional weight"),
        ],
    )
    def test_billable_weight(self, args: Any, name: str) -> None:
        with pytest.raises(InvalidInputError, match=rf"^{name} .*must be < .*2\*\*53 steps"):
            billable_weight(*args, divisor=5000)

    def test_large_but_representable_weight_is_billed(self) -> None:
        assert billable_weight(1e12, 10, 10, 10, divisor=5000) == 1e12

    @pytest.mark.parametrize(
        ("columns", "name"),
        [
            (([1e300], [10], [10], [10]), "weight_kg"),
            (([1.0], [1e120], [1e120], [1e120]), "length"),
        ],
    )
    def test_quote(self, columns: Any, name: str) -> None:
        w, ln, wd, h = columns
        batch = ParcelBatch(
            weight_kg=w, length_cm=ln, width_cm=wd, height_cm=h, origin="100", destination="945"
        )
        with pytest.raises(InvalidInputError, match=rf"^{name} .*must be < .*2\*\*53 steps"):
            quote(batch, [example_services("US")[0]])


class TestTopUpGap:
    def test_negative_gap_is_refused(self) -> None:
        # ExponentialTopUp(max_probability=1).probability([-10], ...) gave 1.40, a
        # probability above 1, for a basket already over the threshold
        model = ExponentialTopUp(max_probability=1.0, scale=30.0)
        with pytest.raises(InvalidInputError, match=r"^gap must be >= 0"):
            model.probability(np.array([-10.0]), np.array([1.0]))
        with pytest.raises(InvalidInputError, match=r"^gap must be >= 0"):
            model.added_value(np.array([5.0, -1.0]), np.array([1.0, 1.0]))

    def test_valid_and_missing_gaps(self) -> None:
        model = ExponentialTopUp(max_probability=1.0, scale=10.0)
        p = model.probability(np.array([0.0, 10.0, np.nan]), np.array([1.0, 1.0, 1.0]))
        assert p[:2].round(4).tolist() == [1.0, 0.3679]
        assert np.isnan(p[2])
        with pytest.raises(InvalidInputError, match=r"^gap must be numeric"):
            model.probability(np.array(["a"]), np.array([1.0]))


class TestRuleLookups:
    def test_zone_of_refuses_non_string_keys(self) -> None:
        # zone_of(None, "上海") answered None ("no zone") as if None were a place
        zm = china_province_zone_map()
        with pytest.raises(InvalidInputError, match=r"^origin must be a string"):
            zm.zone_of(None, "上海")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match=r"^destination must be a string"):
            zm.zone_of("浙江", 1)  # type: ignore[arg-type]
        assert zm.zone_of("浙江", "上海") == "江浙沪"

    @pytest.mark.parametrize("bad", ["x", 5, True, math.nan, np.datetime64("NaT")])
    def test_as_of_refuses_what_is_not_a_date(self, bad: Any) -> None:
        # Service.as_of leaked TypeError ("'<=' not supported") for these
        with pytest.raises(InvalidInputError, match=r"^ship_date must be one date"):
            example_services("US")[0].as_of(bad)

    def test_as_of_reads_dates_in_every_form(self) -> None:
        svc = example_services("US")[0]
        expected = svc.as_of(dt.date(2025, 1, 7))
        aware = dt.datetime(2025, 1, 7, 23, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        for value in ("2025-01-07", "2025-01-07T10:00+08:00", aware, np.datetime64("2025-01-07")):
            assert svc.as_of(value) == expected  # type: ignore[arg-type]
        assert svc.as_of(dt.date(2025, 1, 2)) != expected


def test_exact_rq_with_zero_demand_orders_nothing() -> None:
    """Zero mean demand, positive spread: Q is exactly 0 (was -1.6e-7), r the newsvendor level.

    With K * lambda = 0 the optimal interval closes on z* = Phi^-1(p / (h + p)):
    r = mu + sigma z*, cost sigma (h + p) phi(z*) (Zheng 1992, the K -> 0 limit).
    """
    from scipy.stats import norm

    from ecomops.inventory import rq_policy

    res = rq_policy(0.0, 5.0, 2.0, 10.0, 1.0, 5.0, method="exact")
    sigma = 5.0 * 2.0**0.5
    z = norm.ppf(5.0 / 6.0)
    assert res.order_quantity == 0.0
    assert res.reorder_point == pytest.approx(sigma * z, rel=1e-12)
    assert res.expected_cost == pytest.approx(sigma * 6.0 * norm.pdf(z), rel=1e-12)
