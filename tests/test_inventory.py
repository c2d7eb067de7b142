"""Tests of ecomops.inventory: lot sizing, lead-time demand, loss functions, stock levels.

Reference values name their source in a comment: the textbook example, or the
exact anchor call and version (stockpyl 1.0.2, inventorize 1.2.6 where it is
right, SCperf 1.1.1's published examples). Anchor bugs have their own tests
showing the correct value is returned instead.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ecomops.exceptions import InvalidInputError
from ecomops.inventory import (
    cycle_service_level,
    economic_order_quantity,
    economic_order_quantity_with_backorders,
    economic_production_quantity,
    eoq_cost_penalty,
    eoq_with_quantity_discounts,
    expected_shortage,
    fill_rate,
    inverse_standard_normal_loss,
    lead_time_demand,
    order_up_to_level,
    ready_rate,
    reorder_point,
    round_order_quantity,
    safety_stock,
    standard_normal_loss,
    standard_normal_second_loss,
)

Z90 = 1.2815515655446004  # scipy.stats.norm.ppf(0.9)
Z95 = 1.6448536269514722  # scipy.stats.norm.ppf(0.95)

positive = st.floats(0.01, 1e5, allow_nan=False, allow_infinity=False)
levels = st.floats(0.01, 0.99)


# --------------------------------------------------------------------------- EOQ family


class TestEconomicOrderQuantity:
    def test_snyder_shen_example_3_1(self) -> None:
        # stockpyl 1.0.2: economic_order_quantity(8, 0.225, 1300) -> (304.0467800264368, 68.41...)
        res = economic_order_quantity(1300, 8, 0.225)
        assert res.order_quantity == pytest.approx(304.0467800264368, rel=1e-14)
        assert res.total_relevant_cost == pytest.approx(68.41052550594829, rel=1e-14)
        assert res.cycle_time == pytest.approx(304.0467800264368 / 1300, rel=1e-14)
        assert res.annual_ordering_cost == pytest.approx(res.annual_holding_cost)

    def test_hillier_lieberman_example(self) -> None:
        # Hillier and Lieberman (2001) §19.3, quoted in SCperf 1.1.1's EOQ example:
        # d = 8000, k = 12000, h = 0.3: Q = 25298 every 3.2 months, cost 7589.5
        res = economic_order_quantity(8000, 12000, 0.3)
        assert round(res.order_quantity) == 25298
        assert res.total_relevant_cost == pytest.approx(7589.5, abs=0.05)
        assert round(res.cycle_time, 1) == 3.2  # the example's rates are per month

    def test_zero_demand_is_defined(self) -> None:
        res = economic_order_quantity([0.0, 100.0], 10.0, 2.0)
        assert res.order_quantity.tolist() == [0.0, pytest.approx(math.sqrt(1000))]
        assert res.total_relevant_cost[0] == 0.0
        assert res.orders_per_year[0] == 0.0
        assert res.cycle_time[0] == math.inf

    def test_cost_penalty_and_relevant_cost(self) -> None:
        res = economic_order_quantity(1300, 8, 0.225)
        q = 250.0
        assert res.relevant_cost(q) == pytest.approx(8 * 1300 / q + 0.225 * q / 2)
        assert res.cost_penalty(q) == pytest.approx(
            res.relevant_cost(q) / res.total_relevant_cost - 1
        )
        assert res.cost_penalty(res.order_quantity) == pytest.approx(0.0, abs=1e-15)

    def test_penalty_convention_vs_inventorize(self) -> None:
        # inventorize 1.2.6 eoqsenstivity(5400, 6000) returns the ratio 1.0055555555555555;
        # ecomops returns the increase (the ratio minus one).
        assert eoq_cost_penalty(5400, 6000) == pytest.approx(1.0055555555555555 - 1, rel=1e-12)

    @given(positive, positive, positive, st.floats(1.1, 100))
    def test_grows_as_square_root_of_demand(self, d: float, k: float, h: float, m: float) -> None:
        q1 = economic_order_quantity(d, k, h).order_quantity
        q2 = economic_order_quantity(d * m, k, h).order_quantity
        assert q2 == pytest.approx(q1 * math.sqrt(m), rel=1e-12)

    @given(hnp.arrays(np.float64, st.integers(1, 20), elements=positive))
    def test_vectorised_equals_scalar(self, d: np.ndarray) -> None:
        res = economic_order_quantity(d, 25.0, 1.5)
        for i, di in enumerate(d):
            one = economic_order_quantity(float(di), 25.0, 1.5)
            assert res.order_quantity[i] == one.order_quantity
            assert res.total_relevant_cost[i] == pytest.approx(one.total_relevant_cost, rel=1e-14)

    def test_errors_name_parameter_and_index(self) -> None:
        with pytest.raises(
            InvalidInputError,
            match=r"holding_cost_per_year must be > 0; 1 value is not, first at index 1: 0.0",
        ):
            economic_order_quantity([1, 2, 3], 5, [1.0, 0.0, 2.0])
        with pytest.raises(InvalidInputError, match="demand_rate must be >= 0"):
            economic_order_quantity(-1, 5, 1)
        with pytest.raises(InvalidInputError, match="broadcast"):
            economic_order_quantity([1, 2], 5, [1, 2, 3])
        with pytest.raises(InvalidInputError, match="finite"):
            economic_order_quantity(math.inf, 5, 1)

    def test_nan_propagates_and_results_do_not_alias(self) -> None:
        d = np.array([100.0, np.nan])
        res = economic_order_quantity(d, 10.0, 2.0)
        assert math.isnan(res.order_quantity[1])
        assert not math.isnan(res.order_quantity[0])
        d[0] = 1e6
        assert res.demand_rate[0] == 100.0
        with pytest.raises(ValueError, match="read-only"):
            res.order_quantity[0] = 1.0

    def test_scalar_in_scalar_out_and_table(self) -> None:
        assert isinstance(economic_order_quantity(100, 10, 2).order_quantity, float)
        res = economic_order_quantity([100.0, 200.0], 10, 2)
        assert "total_relevant_cost" in res.column_names
        pd = pytest.importorskip("pandas")
        frame = res.to_pandas()
        assert isinstance(frame, pd.DataFrame)
        assert len(frame) == 2


class TestBackordersAndProduction:
    def test_eoq_with_backorders_snyder_shen_example_3_3(self) -> None:
        # stockpyl 1.0.2: economic_order_quantity_with_backorders(8, 0.225, 5, 1300)
        # -> (310.81255515896464, 0.0430622009569378, 66.92136355097325)
        res = economic_order_quantity_with_backorders(1300, 8, 0.225, 5)
        assert res.order_quantity == pytest.approx(310.81255515896464, rel=1e-14)
        assert res.max_backorder / res.order_quantity == pytest.approx(0.0430622009569378)
        assert res.total_relevant_cost == pytest.approx(66.92136355097325, rel=1e-13)

    def test_eoq_with_backorders_hillier_lieberman(self) -> None:
        # Hillier and Lieberman (2001) via SCperf's documented example: b = 1.1 per unit-year:
        # Q = 28540, largest shortage 6116, cost 6727.3
        res = economic_order_quantity_with_backorders(8000, 12000, 0.3, 1.1)
        assert round(res.order_quantity) == 28540
        assert round(res.max_backorder) == 6116
        assert res.total_relevant_cost == pytest.approx(6727.3, abs=0.05)

    def test_backorders_tend_to_eoq(self) -> None:
        a = economic_order_quantity_with_backorders(500, 20, 2, 1e12).order_quantity
        assert a == pytest.approx(economic_order_quantity(500, 20, 2).order_quantity, rel=1e-9)

    def test_epq_snyder_shen_example_3_4(self) -> None:
        # stockpyl 1.0.2: economic_production_quantity(8, 0.225, 1300, 1700)
        # -> (626.8084945889684, 33.183979125298336)
        res = economic_production_quantity(1300, 1700, 8, 0.225)
        assert res.order_quantity == pytest.approx(626.8084945889684, rel=1e-14)
        assert res.total_relevant_cost == pytest.approx(33.183979125298336, rel=1e-14)

    def test_epq_gallego(self) -> None:
        # Gallego (2004) IEOR 4000 Lecture 2, quoted by SCperf 1.1.1's EPQ example:
        # Q = 100, t = 0.1, T = 0.5, I = 80, TC = 400
        res = economic_production_quantity(200, 1000, 100, 5)
        assert (res.order_quantity, res.production_time, res.cycle_time) == (100.0, 0.1, 0.5)
        assert res.max_inventory == pytest.approx(80.0)
        assert res.total_relevant_cost == pytest.approx(400.0)
        assert res.max_backorder == 0.0

    def test_epq_with_backorders_is_not_scperf(self) -> None:
        # SCperf 1.1.1 EPQ(d=200, p=1000, k=100, h=5, b=20) computes (nn*(h+b)/nn*b)^0.5
        # = sqrt((h + b) * b) = 22.36, independent of demand and setup cost. The model's
        # optimum is sqrt(2KD/(h(1-D/P)) * (h+b)/b) = sqrt(10000 * 1.25) = 111.80 (Zipkin 2000 §3.3).
        res = economic_production_quantity(200, 1000, 100, 5, shortage_cost_per_unit_per_year=20)
        assert res.order_quantity == pytest.approx(math.sqrt(12500.0), rel=1e-14)
        assert res.order_quantity != pytest.approx(math.sqrt(25 * 20), rel=1e-3)
        # its cost is sqrt(2KDh(1-rho) b/(h+b)) and the limits hold
        assert res.total_relevant_cost == pytest.approx(math.sqrt(2 * 100 * 200 * 5 * 0.8 * 0.8))
        assert res.max_backorder + res.max_inventory == pytest.approx(res.order_quantity * 0.8)
        fast = economic_production_quantity(
            200, 1e12, 100, 5, shortage_cost_per_unit_per_year=20
        ).order_quantity
        eoqb = economic_order_quantity_with_backorders(200, 100, 5, 20).order_quantity
        assert fast == pytest.approx(eoqb, rel=1e-9)

    def test_epq_needs_production_above_demand(self) -> None:
        with pytest.raises(
            InvalidInputError, match=r"production_rate must be > demand_rate; .* index 1"
        ):
            economic_production_quantity([10, 50], [20, 50], 1, 1)


class TestQuantityDiscounts:
    def test_all_units_snyder_shen(self) -> None:
        # stockpyl 1.0.2 economic_order_quantity_with_all_units_discounts(200, 0.2, 1000,
        # [0, 200, 500], [500, 475, 450]) -> (500, 2, 472900.0)
        res = eoq_with_quantity_discounts(1000, 200, 0.2, [0, 200, 500], [500, 475, 450])
        assert (res.order_quantity, res.price_break, res.total_cost) == (500.0, 2, 472900.0)

    def test_incremental_snyder_shen(self) -> None:
        # stockpyl 1.0.2 economic_order_quantity_with_incremental_discounts(150, 0.25, 2400,
        # [0, 300, 600], [100, 90, 80]) -> (1481.8906842274164, 2, 222762.8136845483)
        res = eoq_with_quantity_discounts(
            2400, 150, 0.25, [0, 300, 600], [100, 90, 80], kind="incremental"
        )
        assert res.order_quantity == pytest.approx(1481.8906842274164, rel=1e-13)
        assert res.price_break == 2
        assert res.total_cost == pytest.approx(222762.8136845483, rel=1e-13)

    def test_ragged_schedules_match_one_by_one(self) -> None:
        b = [[0, 200, 500], [0, 100], [0]]
        c = [[500, 475, 450], [20, 19], [7]]
        d = [1000.0, 50.0, 300.0]
        res = eoq_with_quantity_discounts(d, 200, 0.2, b, c)
        for i in range(3):
            one = eoq_with_quantity_discounts(d[i], 200, 0.2, b[i], c[i])
            assert res.order_quantity[i] == pytest.approx(one.order_quantity)
            assert res.total_cost[i] == pytest.approx(one.total_cost)

    def test_half_open_tiers(self) -> None:
        # tier 0's EOQ is exactly 100 = b_1: tiers are [b_j, b_{j+1}), so 100 units are
        # bought at tier 1's price and tier 0 has no candidate
        res = eoq_with_quantity_discounts(1000, 50, 0.1, [0, 100], [100.0, 99.99])
        assert res.price_break == 1
        assert res.unit_cost == 99.99
        assert res.order_quantity == pytest.approx(math.sqrt(2 * 50 * 1000 / 9.999))

    def test_zero_demand(self) -> None:
        res = eoq_with_quantity_discounts(0, 200, 0.2, [0, 200], [5, 4])
        assert (res.order_quantity, res.total_cost) == (0.0, 0.0)

    @pytest.mark.parametrize(
        ("b", "c", "message"),
        [
            ([10, 200], [5, 4], "start at 0"),
            ([0, 200, 100], [5, 4, 3], "strictly increasing"),
            ([0, 200], [5, 0], "unit_costs must be > 0"),
            ([0, 200], [5], "same shape"),
            ([[0, np.nan, 100]], [[5, np.nan, 4]], "padded with NaN only at the end"),
        ],
    )
    def test_bad_schedules(self, b: list[float], c: list[float], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            eoq_with_quantity_discounts(100, 10, 0.2, b, c)

    def test_bad_kind(self) -> None:
        with pytest.raises(InvalidInputError, match="kind must be one of"):
            eoq_with_quantity_discounts(100, 10, 0.2, [0], [5], kind="all")  # type: ignore[arg-type]


class TestRounding:
    def test_geometric_mean_rule(self) -> None:
        # between 192 and 216 the cheaper multiple is above sqrt(192 * 216) = 203.6
        assert round_order_quantity(203.0, case_pack=24).order_quantity == 192.0
        assert round_order_quantity(204.0, case_pack=24).order_quantity == 216.0
        assert round_order_quantity(204.0, case_pack=24, method="nearest").order_quantity == 216.0
        assert round_order_quantity(193.0, case_pack=24, method="up").order_quantity == 216.0

    def test_minimum_zero_and_penalty(self) -> None:
        res = round_order_quantity([0.0, 20.0, 300.0], case_pack=48, minimum_order=96)
        assert res.order_quantity.tolist() == [0.0, 96.0, 288.0]
        assert res.packs.tolist() == [0.0, 2.0, 6.0]
        assert res.cost_penalty[1] == pytest.approx(0.5 * (96 / 20 + 20 / 96) - 1)
        assert res.cost_penalty[0] == 0.0

    def test_exact_multiples_stay(self) -> None:
        res = round_order_quantity([0.3 * 3, 48.0], case_pack=[0.3, 24])
        assert res.order_quantity.tolist() == pytest.approx([0.9, 48.0])
        assert res.cost_penalty.tolist() == pytest.approx([0.0, 0.0])

    @given(st.floats(0.1, 1e4), st.floats(0.5, 100))
    def test_cost_rule_is_never_worse_than_neighbours(self, q: float, c: float) -> None:
        got = round_order_quantity(q, case_pack=c).cost_penalty
        lo = max(math.floor(q / c), 1) * c
        hi = (math.floor(q / c) + 1) * c
        best = min(eoq_cost_penalty(lo, q), eoq_cost_penalty(hi, q))
        assert got <= best + 1e-9


# --------------------------------------------------------------------------- loss functions


class TestLossFunctions:
    def test_stockpyl_values(self) -> None:
        # stockpyl 1.0.2 standard_normal_loss(1.3) -> (0.04552796208651397, ...)
        assert standard_normal_loss(1.3) == pytest.approx(0.04552796208651397, rel=1e-13)
        # stockpyl 1.0.2 standard_normal_second_loss(1.3) -> (0.01880706693657111, ...)
        assert standard_normal_second_loss(1.3) == pytest.approx(0.01880706693657111, rel=1e-12)
        # stockpyl 1.0.2 poisson_loss(8, 6) -> (0.31402138915418754, ...)
        assert expected_shortage(6, None, 1, level=8, distribution="poisson") == pytest.approx(
            0.31402138915418754, rel=1e-13
        )
        # stockpyl 1.0.2 negative_binomial_loss(7, mean=6, sd=3) -> (0.7861167895020644, ...)
        nbinom = expected_shortage(6, 3, 1, level=7, distribution="negative_binomial")
        assert nbinom == pytest.approx(0.7861167895020644, rel=1e-12)

    def test_tail_accuracy(self) -> None:
        # G(k) ~ phi(k) / k^2 (1 - 3/k^2 + 15/k^4 - ...) for large k (Abramowitz and Stegun 26.2.12)
        k = 20.0
        phi = math.exp(-k * k / 2) / math.sqrt(2 * math.pi)
        series = phi / k**2 * (1 - 3 / k**2 + 15 / k**4 - 105 / k**6 + 945 / k**8)
        assert standard_normal_loss(k) == pytest.approx(series, rel=1e-9)
        assert standard_normal_loss(-40.0) == pytest.approx(40.0, rel=1e-15)

    @given(st.floats(-30, 25))
    def test_inverse_inverts(self, k: float) -> None:
        assert inverse_standard_normal_loss(standard_normal_loss(k)) == pytest.approx(
            k, abs=1e-9 * (1 + abs(k))
        )

    @given(st.floats(1e-250, 1e6))
    def test_inverse_solves(self, y: float) -> None:
        k = inverse_standard_normal_loss(y)
        assert standard_normal_loss(k) == pytest.approx(y, rel=1e-9)

    def test_inverse_bad_input(self) -> None:
        with pytest.raises(InvalidInputError, match="loss must be > 0"):
            inverse_standard_normal_loss([0.1, 0.0])

    def test_gamma_loss_by_quadrature(self) -> None:
        from scipy import integrate, stats

        law = stats.gamma(4.0, scale=1.5)
        ref = integrate.quad(law.sf, 7.0, np.inf)[0]
        assert expected_shortage(6.0, 3.0, 1, level=7.0, distribution="gamma") == pytest.approx(
            ref, rel=1e-10
        )

    def test_empirical(self) -> None:
        samples = [3.0, 9.0, 4.0, 7.0]
        kw = {"distribution": "empirical", "demand_samples": samples}
        assert expected_shortage(None, None, None, level=5.0, **kw) == 1.5  # type: ignore[arg-type]
        assert cycle_service_level(None, None, None, reorder_point=4.0, **kw) == 0.5  # type: ignore[arg-type]


# --------------------------------------------------------------------------- lead-time demand


class TestLeadTimeDemand:
    def test_variable_lead_time(self) -> None:
        # sqrt(L sd^2 + mu^2 sd_L^2) = sqrt(6 * 25 + 2500 * 4) (Silver et al. 2017 §7.11)
        ltd = lead_time_demand(50, 5, 6, lead_time_std=2)
        assert ltd.lead_time_demand_std == pytest.approx(math.sqrt(10150.0), rel=1e-15)

    def test_inventorize_total_logistics_cost_where_right(self) -> None:
        # inventorize 1.2.6 total_logistics_cost(32, 1550, 110, 64, 8, ...)['sigmadl'] with
        # daily rates 1550/365 and 110/sqrt(365): 57.234443934816724
        ltd = lead_time_demand(1550 / 365, 110 / math.sqrt(365), 64, lead_time_std=8)
        assert ltd.lead_time_demand_std == pytest.approx(57.234443934816724, rel=1e-13)

    def test_no_hidden_period_and_one_base(self) -> None:
        weekly = lead_time_demand(70.0, 7.0, 4.0)
        daily = lead_time_demand(10.0, 7.0 / math.sqrt(7.0), 28.0)
        assert weekly.lead_time_demand_mean == daily.lead_time_demand_mean == 280.0
        assert weekly.lead_time_demand_std == pytest.approx(daily.lead_time_demand_std, rel=1e-14)
        # inventorize mixes 4/52 (saftey_stock_normal) and 28/365 (total_logistics_cost) of a year
        assert pytest.approx(3640 * 28 / 365, rel=1e-4) != 3640 * 4 / 52

    def test_review_period_and_errors(self) -> None:
        assert lead_time_demand(10, 2, 0, review_period=7).lead_time_demand_mean == 70.0
        with pytest.raises(
            InvalidInputError, match="lead_time must be > 0 when review_period is 0"
        ):
            lead_time_demand(10, 2, 0)


# --------------------------------------------------------------------------- stock levels


class TestReorderPoint:
    def test_inventorize_reorderpoint(self) -> None:
        # inventorize 1.2.6 reorderpoint(50, 5, 6, 0.90)['reorder_point'] -> 315.6957370732461
        res = reorder_point(50, 5, 6, cycle_service_level=0.9)
        assert res.reorder_point == pytest.approx(315.6957370732461, rel=1e-14)
        assert res.safety_factor == pytest.approx(Z90, rel=1e-14)
        assert res.cycle_service_level == pytest.approx(0.9, rel=1e-14)

    def test_lead_time_variability_is_not_inventorize_xor(self) -> None:
        # inventorize 1.2.6 reorderpoint_leadtime_variability(50, 5, 6, 2, 0.90) computes
        # (2500*2)^2 with ^ as XOR: sigmadl = sqrt(150 + 5002) = 71.77743377970545 and a
        # reorder point of 391.9864826311554 (floats raise TypeError). The model's sigma is
        # sqrt(6 * 25 + 2500 * 4) = 100.747 (Silver et al. 2017 §7.11).
        res = reorder_point(50, 5, 6, lead_time_std=2, cycle_service_level=0.9)
        assert res.lead_time_demand_std == pytest.approx(math.sqrt(10150.0), rel=1e-15)
        assert res.lead_time_demand_std != pytest.approx(71.77743377970545, rel=1e-3)
        assert res.reorder_point == pytest.approx(300 + Z90 * math.sqrt(10150.0), rel=1e-14)
        assert res.reorder_point != pytest.approx(391.9864826311554, rel=1e-3)

    def test_scperf_does_not_round(self) -> None:
        # SCperf 1.1.1 SS(0.95, 0.7, 2) returns round(., 2) = 1.63 and ROP(0.9, 2500, 500, 6)
        # returns 16569.57; the unrounded values are z * 0.7 * sqrt(2) and 15000 + z * 500 sqrt(6).
        ss = safety_stock(None, 0.7, 2, cycle_service_level=0.95).safety_stock
        assert ss == pytest.approx(Z95 * 0.7 * math.sqrt(2), rel=1e-14)
        assert ss != 1.63
        rop = reorder_point(2500, 500, 6, cycle_service_level=0.9).reorder_point
        assert rop == pytest.approx(15000 + Z90 * 500 * math.sqrt(6), rel=1e-14)
        assert rop != 16569.57

    def test_inventorize_fill_rate_where_right(self) -> None:
        # inventorize 1.2.6 inventorymetricsIFR(0.90, 35000, 9000, 5000, 3, 50, 0.15)['k']
        # -> 0.3975150845409994 (approximate P2 formula, lead time 3 weeks = 3/52 year)
        res = safety_stock(
            None, 9000, 3 / 52, fill_rate=0.9, order_quantity=5000, method="approximate"
        )
        assert res.safety_factor == pytest.approx(0.3975150845409994, rel=1e-9)

    def test_cost_per_unit_short_inventorize(self) -> None:
        # inventorize 1.2.6 safteystock_CIS_normal(3000, 50000, 4000, 4, 90, 15, 0.15): k = 1.6072478919002173
        res = reorder_point(
            50000, 4000, 4 / 52, order_quantity=3000, holding_cost=0.15 * 90,
            shortage_cost_per_unit=15,
        )  # fmt: skip
        assert res.safety_factor == pytest.approx(1.6072478919002173, rel=1e-12)

    def test_cost_per_stockout_inventorize(self) -> None:
        # inventorize 1.2.6 CSOE(3000, 50000, 4000, 4, 90, 5000, 0.15): k = 1.2628544873863798
        res = reorder_point(
            50000, 4000, 4 / 52, order_quantity=3000, holding_cost=0.15 * 90,
            shortage_cost_per_stockout=5000,
        )  # fmt: skip
        assert res.safety_factor == pytest.approx(1.2628544873863798, rel=1e-12)
        # CSOE(..., 500, ...) returns NaN (log of a value < 1); ecomops takes the lowest
        # allowable safety factor, 0 (Silver et al. 2017 §7.6)
        low = reorder_point(
            50000,
            4000,
            4 / 52,
            order_quantity=3000,
            holding_cost=13.5,
            shortage_cost_per_stockout=500,
        )
        assert low.safety_factor == 0.0

    def test_cost_per_unit_per_period_zheng(self) -> None:
        # stockpyl 1.0.2 r_q_optimal_r_for_q(300, 0.225, 7.5, 1300, 150, 1/12) -> 129.4272799263067
        res = reorder_point(
            1300, 150, 1 / 12, order_quantity=300, holding_cost=0.225,
            shortage_cost_per_unit_per_period=7.5,
        )  # fmt: skip
        # (stockpyl solves g(r) = g(r + Q) with fsolve; ecomops to 1e-12)
        assert res.reorder_point == pytest.approx(129.4272799263067, rel=1e-8)
        # without Q: the newsvendor fractile p / (p + h)
        base = reorder_point(
            1300, 150, 1 / 12, holding_cost=0.225, shortage_cost_per_unit_per_period=7.5
        )
        assert base.cycle_service_level == pytest.approx(7.5 / 7.725, rel=1e-12)

    def test_fill_rate_methods_differ_by_hundreds_of_units(self) -> None:
        # a lumpy slow mover with a small order quantity: sigma_L = 164 units, Q = 10
        kw = {"fill_rate": 0.95, "order_quantity": 10.0}
        approx = reorder_point(2, 30, 30, method="approximate", **kw).reorder_point  # type: ignore[arg-type]
        exact = reorder_point(2, 30, 30, method="exact", **kw).reorder_point  # type: ignore[arg-type]
        lost = reorder_point(2, 30, 30, method="lost_sales", **kw).reorder_point  # type: ignore[arg-type]
        assert approx - exact > 100
        assert approx > lost > exact

    @given(positive, st.floats(0.0, 1e4), st.floats(0.5, 60), levels, st.floats(0.5, 1e4))
    def test_achieved_fill_rate_meets_target(
        self, mu: float, sd: float, lt: float, beta: float, q: float
    ) -> None:
        for method in ("approximate", "exact", "lost_sales"):
            res = reorder_point(mu, sd, lt, fill_rate=beta, order_quantity=q, method=method)
            achieved = fill_rate(
                mu, sd, lt, reorder_point=res.reorder_point, order_quantity=q, method=method
            )
            assert achieved >= beta - 1e-9

    @given(st.floats(0.05, 40), st.floats(0.5, 20), levels, st.floats(1, 200))
    def test_discrete_levels_are_the_smallest(
        self, mu: float, lt: float, beta: float, q: float
    ) -> None:
        res = reorder_point(
            mu, 0.0, lt, fill_rate=beta, order_quantity=q, method="exact", distribution="poisson"
        )
        r = res.reorder_point
        assert r == math.floor(r)
        kw = {"order_quantity": q, "method": "exact", "distribution": "poisson"}
        f = fill_rate(mu, None, lt, reorder_point=r, **kw)  # type: ignore[arg-type]
        below = fill_rate(mu, None, lt, reorder_point=r - 1, **kw)  # type: ignore[arg-type]
        assert f >= beta - 1e-12
        assert below < beta

    @given(positive, st.floats(0.0, 1e3), st.floats(0.5, 30), levels, levels)
    def test_safety_stock_rises_with_service(
        self, mu: float, sd: float, lt: float, a: float, b: float
    ) -> None:
        lo, hi = sorted((a, b))
        s_lo = safety_stock(mu, sd, lt, cycle_service_level=lo).safety_stock
        s_hi = safety_stock(mu, sd, lt, cycle_service_level=hi).safety_stock
        assert s_hi >= s_lo

    @settings(max_examples=25)
    @given(
        hnp.arrays(np.float64, 6, elements=st.floats(0.0, 500)),
        hnp.arrays(np.float64, 6, elements=st.floats(0.0, 100)),
    )
    def test_vectorised_equals_scalar(self, mu: np.ndarray, sd: np.ndarray) -> None:
        res = reorder_point(mu, sd, 7.0, fill_rate=0.97, order_quantity=50.0, method="exact")
        for i in range(6):
            one = reorder_point(
                float(mu[i]), float(sd[i]), 7.0, fill_rate=0.97, order_quantity=50.0,
                method="exact",
            )  # fmt: skip
            assert res.reorder_point[i] == pytest.approx(one.reorder_point, abs=1e-9)

    @pytest.mark.parametrize("kind", ["poisson", "negative_binomial", "gamma"])
    def test_other_laws_reach_the_cycle_service_level(self, kind: str) -> None:
        res = reorder_point([3.0, 20.0], [2.5, 9.0], 5, cycle_service_level=0.9, distribution=kind)  # type: ignore[arg-type]
        assert np.all(res.cycle_service_level >= 0.9 - 1e-12)
        if kind != "gamma":
            assert np.all(res.reorder_point == np.floor(res.reorder_point))

    def test_empirical_is_the_inverted_cdf(self) -> None:
        rng = np.random.default_rng(4)
        samples = rng.poisson(12, size=(3, 97)).astype(float)
        res = reorder_point(None, None, None, cycle_service_level=0.9, distribution="empirical",
                            demand_samples=samples)  # fmt: skip
        ref = np.quantile(samples, 0.9, axis=1, method="inverted_cdf")
        assert np.array_equal(res.reorder_point, ref)

    def test_zero_demand_and_zero_variability(self) -> None:
        zero = reorder_point(0.0, 0.0, 10, fill_rate=0.95, order_quantity=20, method="exact")
        assert (zero.reorder_point, zero.safety_stock, zero.safety_factor) == (0.0, 0.0, 0.0)
        assert zero.fill_rate == 1.0
        flat = reorder_point(10.0, 0.0, 5, cycle_service_level=0.99)
        assert (flat.reorder_point, flat.safety_stock) == (50.0, 0.0)
        det = reorder_point(10.0, 0.0, 5, fill_rate=0.9, order_quantity=40, method="approximate")
        assert det.reorder_point == pytest.approx(50.0 - 0.1 * 40)  # the sigma -> 0 limit
        assert det.safety_factor == 0.0
        floored = reorder_point(
            10.0, 0.0, 5, fill_rate=0.9, order_quantity=40, method="approximate", floor_at_zero=True
        )
        assert floored.safety_stock == 0.0

    def test_negative_safety_factor_by_default(self) -> None:
        res = safety_stock(None, 1.0, 4, fill_rate=0.9, order_quantity=500, method="approximate")
        assert res.safety_stock < 0
        assert res.reorder_point is None

    def test_holding_cost_of_safety_stock(self) -> None:
        res = reorder_point(50, 5, 6, cycle_service_level=0.9, holding_cost=0.5)
        assert res.safety_stock_holding_cost == pytest.approx(0.5 * res.safety_stock)

    def test_periodic_review(self) -> None:
        res = order_up_to_level(100, 20, 2, 7, cycle_service_level=0.95)
        assert res.order_up_to_level == pytest.approx(900 + Z95 * 60, rel=1e-14)
        exact = order_up_to_level(100, 20, 2, 7, fill_rate=0.99, method="exact")
        assert exact.fill_rate == pytest.approx(0.99, abs=1e-9)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"cycle_service_level": 1.0}, "cycle_service_level must be < 1"),
            ({"cycle_service_level": [0.5, 0.0]}, "cycle_service_level must be > 0; .* index 1"),
            ({}, "give exactly one target"),
            ({"cycle_service_level": 0.9, "fill_rate": 0.9}, "give exactly one target"),
            ({"fill_rate": 0.9, "order_quantity": 10}, "needs method="),
            ({"fill_rate": 0.9, "method": "exact"}, "needs order_quantity"),
            ({"shortage_cost_per_unit": 2.0, "order_quantity": 10}, "needs holding_cost"),
            ({"cycle_service_level": 0.9, "method": "fast"}, "method must be one of"),
            (
                {"cycle_service_level": 0.9, "distribution": "weibull"},
                "distribution must be one of",
            ),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            reorder_point([10.0, 12.0], 2.0, 5, **kwargs)  # type: ignore[arg-type]

    def test_negative_binomial_needs_overdispersion(self) -> None:
        with pytest.raises(InvalidInputError, match="negative binomial"):
            reorder_point(10.0, 1.0, 1, cycle_service_level=0.9, distribution="negative_binomial")


class TestServiceMeasures:
    def test_ready_rate_equals_exact_fill_rate_for_poisson(self) -> None:
        # Axsäter (2015) §5.3: with Poisson demand, S2 = S3
        rr = ready_rate(3, None, 1, reorder_point=3, order_quantity=5, distribution="poisson")
        fr = fill_rate(
            3, None, 1, reorder_point=3, order_quantity=5, method="exact", distribution="poisson"
        )
        assert rr == pytest.approx(fr, rel=1e-14)
        from scipy import stats

        direct = sum(stats.poisson(3).cdf(y - 1) for y in range(4, 9)) / 5
        assert rr == pytest.approx(direct, rel=1e-12)

    def test_three_targets_three_numbers(self) -> None:
        csl = cycle_service_level(3, 2.5, 1, reorder_point=0)
        fr = fill_rate(3, 2.5, 1, reorder_point=0, order_quantity=2, method="exact")
        assert csl == pytest.approx(0.11506967022170822)  # Phi(-1.2)
        assert csl != pytest.approx(fr, abs=0.05)

    def test_fill_rate_needs_a_method(self) -> None:
        with pytest.raises(TypeError):
            fill_rate(3, 2.5, 1, reorder_point=0, order_quantity=2)  # type: ignore[call-arg]
