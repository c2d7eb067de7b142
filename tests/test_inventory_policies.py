"""Tests of ecomops.inventory: newsvendor, (r, Q) and (s, S) policies, classification, KPIs, models.

Reference values name their source (Snyder and Shen 2019 examples as reproduced
by stockpyl 1.0.2; Porteus's example as published with SCperf 1.1.1; inventorize
1.2.6 where it is right). Optional cross-checks against stockpyl run when it is
installed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ecomops.exceptions import InvalidInputError
from ecomops.inventory import (
    InventoryItem,
    InventoryItems,
    abc_classification,
    critical_ratio,
    days_of_supply,
    demand_pattern,
    demand_statistics,
    gmroi,
    inventory_turnover,
    newsvendor_quantity,
    reorder_point,
    rq_policy,
    sell_through_rate,
    ss_policy,
    xyz_classification,
)

# --------------------------------------------------------------------------- newsvendor


class TestNewsvendor:
    def test_cost_form_snyder_shen_example_4_1(self) -> None:
        # stockpyl 1.0.2 newsvendor_normal(0.18, 0.70, 50, 8) -> (56.60395592743389, 1.9976051931766445)
        res = newsvendor_quantity(
            holding_cost=0.18, shortage_cost_per_unit=0.70, demand_mean=50, demand_std=8
        )
        assert res.order_quantity == pytest.approx(56.60395592743389, rel=1e-14)
        assert res.expected_cost == pytest.approx(1.9976051931766445, rel=1e-12)
        assert res.expected_profit is None
        assert res.cycle_service_level == pytest.approx(0.70 / 0.88, rel=1e-12)

    def test_poisson_cost_form(self) -> None:
        # stockpyl 1.0.2 newsvendor_poisson(0.18, 0.70, 50) -> (56.0, 1.797235211809178)
        res = newsvendor_quantity(holding_cost=0.18, shortage_cost_per_unit=0.70, demand_mean=50,
                                  distribution="poisson")  # fmt: skip
        assert res.order_quantity == 56.0
        assert res.expected_cost == pytest.approx(1.797235211809178, rel=1e-12)
        # stockpyl 1.0.2 newsvendor_discrete(1, 4, poisson(6)) -> (8.0, 3.5701069457709416)
        res = newsvendor_quantity(
            holding_cost=1, shortage_cost_per_unit=4, demand_mean=6, distribution="poisson"
        )
        assert (res.order_quantity, round(res.expected_cost, 12)) == (
            8.0,
            round(3.5701069457709416, 12),
        )

    def test_profit_form_snyder_shen_example_4_2(self) -> None:
        # stockpyl 1.0.2 newsvendor_normal_explicit(1, 0.3, 0.12, 50, 8)
        # -> (56.60395592743389, 33.002394806823354); inventorize MPN_singleperiod agrees
        res = newsvendor_quantity(price=1, unit_cost=0.3, salvage_value=0.12, demand_mean=50,
                                  demand_std=8)  # fmt: skip
        assert res.order_quantity == pytest.approx(56.60395592743389, rel=1e-14)
        assert res.expected_profit == pytest.approx(33.002394806823354, rel=1e-12)

    def test_poisson_profit_is_not_inventorize(self) -> None:
        # stockpyl 1.0.2 newsvendor_poisson_explicit(1, 0.3, 0.12, 50) -> (56.0, 33.20276478819082).
        # inventorize 1.2.6 MPP_singleperiod(50, 1, 0.3, 0.12, 0) drops the line
        # "+ (p-c+b)*quantity-(b*lambda1)" and reports -7.379858701919204.
        res = newsvendor_quantity(price=1, unit_cost=0.3, salvage_value=0.12, demand_mean=50,
                                  distribution="poisson")  # fmt: skip
        assert res.order_quantity == 56.0
        assert res.expected_profit == pytest.approx(33.20276478819082, rel=1e-12)
        assert res.expected_profit != pytest.approx(-7.379858701919204, abs=1.0)
        # inventorize's lost sales (0.8150400134195586) and expected sales are right
        assert res.expected_lost_sales == pytest.approx(0.8150400134195586, rel=1e-12)
        assert res.expected_sales == pytest.approx(49.18495998658044, rel=1e-12)

    def test_porteus_example(self) -> None:
        # Porteus (2002) ch. 1, as published with SCperf 1.1.1's Newsboy(100, 30, 4, 1):
        # CR = 0.75, Q = 120.23, ExpC = 38.13, ExpP = 261.87, FR = 0.96
        res = newsvendor_quantity(
            price=4, unit_cost=1, salvage_value=0, demand_mean=100, demand_std=30
        )
        assert res.critical_ratio == 0.75
        assert round(res.order_quantity, 2) == 120.23
        assert round(res.expected_profit, 2) == 261.87
        assert round(4 * 30 * 0.31777657, 2) == 38.13  # (p - s) sigma phi(z): SCperf's ExpC
        assert round(res.fill_rate, 2) == 0.96

    def test_profit_is_maximal_at_the_quantity(self) -> None:
        from scipy import stats

        lam = 23.0
        res = newsvendor_quantity(price=9, unit_cost=4, salvage_value=1, shortage_cost_per_unit=2,
                                  demand_mean=lam, distribution="poisson")  # fmt: skip
        d = np.arange(0, 200)
        pmf = stats.poisson(lam).pmf(d)

        def profit(q: float) -> float:
            sales = np.minimum(d, q)
            return float(np.sum(pmf * (9 * sales + 1 * (q - sales) - 4 * q - 2 * (d - sales))))

        q = res.order_quantity
        assert res.expected_profit == pytest.approx(profit(q), rel=1e-10)
        assert profit(q) >= profit(q - 1)
        assert profit(q) >= profit(q + 1)

    def test_other_laws(self) -> None:
        from scipy import stats

        ratio = 3 / 4
        g = newsvendor_quantity(holding_cost=1, shortage_cost_per_unit=3, demand_mean=20, demand_std=10,
                                distribution="gamma")  # fmt: skip
        assert g.order_quantity == pytest.approx(stats.gamma(4, scale=5).ppf(ratio), rel=1e-10)
        nb = newsvendor_quantity(holding_cost=1, shortage_cost_per_unit=3, demand_mean=20, demand_std=10,
                                 distribution="negative_binomial")  # fmt: skip
        r, p = 20**2 / (100 - 20), 20 / 100
        assert nb.order_quantity == stats.nbinom(r, p).ppf(ratio)
        samples = [3, 9, 4, 7, 5, 6, 12, 8]
        emp = newsvendor_quantity(holding_cost=1, shortage_cost_per_unit=3, distribution="empirical",
                                  demand_samples=samples)  # fmt: skip
        assert emp.order_quantity == np.quantile(samples, ratio, method="inverted_cdf")

    def test_zero_demand(self) -> None:
        res = newsvendor_quantity(holding_cost=1, shortage_cost_per_unit=3, demand_mean=[0.0, 5.0],
                                  distribution="poisson")  # fmt: skip
        assert res.order_quantity[0] == 0.0
        assert res.fill_rate[0] == 1.0

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="either holding_cost"):
            newsvendor_quantity(holding_cost=1, price=3, demand_mean=1, demand_std=1)
        with pytest.raises(InvalidInputError, match="both holding_cost and shortage_cost"):
            newsvendor_quantity(holding_cost=1, demand_mean=1, demand_std=1)
        with pytest.raises(InvalidInputError, match="unit_cost must be > salvage_value"):
            critical_ratio(10, 3, 4)
        with pytest.raises(InvalidInputError, match="unit_cost must be < price"):
            critical_ratio([10, 2], 3, 1)

    def test_critical_ratio(self) -> None:
        # inventorize 1.2.6 CriticalRatio(24, 10.9, 7, 0) -> 0.7705882352941177
        assert critical_ratio(24, 10.9, 7) == pytest.approx(0.7705882352941177, rel=1e-14)


# --------------------------------------------------------------------------- policies


class TestRQPolicy:
    def test_exact_normal_example_5_1(self) -> None:
        # Snyder and Shen Example 5.1: optimum reported as r = 126.8, Q = 328.5, cost 78.07.
        # stockpyl 1.0.2 r_q_cost(126.86706, 328.44914, 0.225, 7.5, 8, 1300, 150, 1/12)
        # -> 78.07114627035179 at the exact minimiser.
        res = rq_policy(1300, 150, 1 / 12, 8, 0.225, 7.5)
        assert res.reorder_point == pytest.approx(126.867, abs=1e-3)
        assert res.order_quantity == pytest.approx(328.449, abs=1e-3)
        assert res.expected_cost == pytest.approx(78.07114627035179, rel=1e-10)

    def test_loss_function_example_5_6(self) -> None:
        # stockpyl 1.0.2 r_q_loss_function_approximation(0.225, 7.5, 8, 1300, 150, 1/12)
        # -> (126.8670634479628, 328.4491421980451)
        res = rq_policy(1300, 150, 1 / 12, 8, 0.225, 7.5, method="loss_function")
        assert res.reorder_point == pytest.approx(126.8670634479628, rel=1e-8)
        assert res.order_quantity == pytest.approx(328.4491421980451, rel=1e-8)

    def test_eoq_safety_stock_example_5_5(self) -> None:
        # stockpyl 1.0.2 r_q_eoqss_approximation(0.225, 7.5, 8, 1300, 150, 1/12)
        # -> (190.3369965715624, 304.0467800264368)
        res = rq_policy(1300, 150, 1 / 12, 8, 0.225, 7.5, method="eoq_safety_stock")
        assert res.reorder_point == pytest.approx(190.3369965715624, rel=1e-12)
        assert res.order_quantity == pytest.approx(304.0467800264368, rel=1e-12)

    def test_poisson_example_5_8(self) -> None:
        # stockpyl 1.0.2 r_q_poisson_exact(20, 150, 100, 1.5, 2) -> (3, 5, 107.92358063314975)
        res = rq_policy(1.5, 0, 2, 100, 20, 150, distribution="poisson")
        assert (res.reorder_point, res.order_quantity) == (3.0, 5.0)
        assert res.expected_cost == pytest.approx(107.92358063314975, rel=1e-12)

    def test_exact_beats_the_approximations(self) -> None:
        rng = np.random.default_rng(3)
        n = 50
        args = (rng.uniform(10, 2000, n), rng.uniform(5, 300, n), rng.uniform(0.01, 0.5, n),
                rng.uniform(1, 50, n), rng.uniform(0.1, 5, n), rng.uniform(0.5, 50, n))  # fmt: skip
        exact = rq_policy(*args)
        for method in ("loss_function", "eoq_safety_stock"):
            other = rq_policy(*args, method=method)  # type: ignore[arg-type]
            assert np.all(exact.expected_cost <= other.expected_cost * (1 + 1e-12))

    def test_exact_normal_against_brute_force(self) -> None:
        from scipy.optimize import minimize

        rq = pytest.importorskip("stockpyl.rq")
        lam, tau, lt, k, h, p = 420.0, 80.0, 0.2, 30.0, 2.0, 9.0
        res = rq_policy(lam, tau, lt, k, h, p)
        m = minimize(
            lambda x: rq.r_q_cost(x[0], x[1], h, p, k, lam, tau, lt),
            [res.reorder_point + 5, res.order_quantity * 0.9],
            method="Nelder-Mead",
            options={"xatol": 1e-9, "fatol": 1e-13, "maxiter": 4000},
        )
        assert res.expected_cost <= m.fun + 1e-9
        assert res.reorder_point == pytest.approx(m.x[0], abs=1e-4)

    @settings(max_examples=15)
    @given(
        st.floats(0.2, 10), st.floats(1, 60), st.floats(1, 20), st.floats(5, 100), st.floats(0.3, 3)
    )
    def test_poisson_against_stockpyl(
        self, lam: float, k: float, h: float, p: float, lt: float
    ) -> None:
        rq = pytest.importorskip("stockpyl.rq")
        res = rq_policy(lam, 0, lt, k, h, p, distribution="poisson")
        _, _, cost = rq.r_q_poisson_exact(h, p, k, lam, lt)
        assert res.expected_cost == pytest.approx(cost, rel=1e-9)

    def test_deterministic_and_zero_demand(self) -> None:
        res = rq_policy([100.0, 0.0], 0.0, 2.0, 10.0, 1.0, 4.0)
        q = math.sqrt(2 * 10 * 100 * 5 / 4)
        assert res.order_quantity[0] == pytest.approx(q)
        assert res.reorder_point[0] == pytest.approx(200 - q / 5)
        assert (res.reorder_point[1], res.order_quantity[1], res.expected_cost[1]) == (
            0.0,
            0.0,
            0.0,
        )

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="order_cost must be > 0"):
            rq_policy(10, 2, 1, 0, 1, 1)
        with pytest.raises(InvalidInputError, match="needs distribution='normal'"):
            rq_policy(10, 2, 1, 5, 1, 1, method="loss_function", distribution="poisson")


class TestSSPolicy:
    def test_exact_example_4_7(self) -> None:
        # stockpyl 1.0.2 s_s_discrete_exact(1, 4, 5, True, 6) -> (4.0, 10.0, 8.034111561471642)
        res = ss_policy(6, 0, 0, 5, 1, 4, method="exact", distribution="poisson")
        assert (res.reorder_point, res.order_up_to_level) == (4.0, 10.0)
        assert res.expected_cost == pytest.approx(8.034111561471642, rel=1e-12)

    def test_power_approximation_and_its_cap(self) -> None:
        # stockpyl 1.0.2 s_s_power_approximation(0.18, 0.70, 2.5, 50, 8)
        # -> (40.19461695647407, 74.29017010980579), without Ehrhardt's cap
        raw = ss_policy(50, 8, 0, 2.5, 0.18, 0.70, cap=False)
        assert raw.reorder_point == pytest.approx(40.19461695647407, rel=1e-13)
        assert raw.order_up_to_level == pytest.approx(74.29017010980579, rel=1e-13)
        # Q_p / mu = 0.68 <= 1.5: S = min(s_p + Q_p, S_0), S_0 the newsvendor level 56.604
        capped = ss_policy(50, 8, 0, 2.5, 0.18, 0.70)
        assert capped.order_up_to_level == pytest.approx(56.60395592743389, rel=1e-12)
        assert capped.reorder_point == pytest.approx(40.19461695647407, rel=1e-13)
        # a large order quantity (Q_p / mu > 1.5) is not capped
        big = ss_policy(5, 2, 0, 100, 0.1, 2.0)
        assert (
            big.order_up_to_level == ss_policy(5, 2, 0, 100, 0.1, 2.0, cap=False).order_up_to_level
        )

    @settings(max_examples=10)
    @given(st.floats(0.3, 6), st.floats(1, 40), st.floats(0.5, 2), st.floats(2, 20))
    def test_exact_against_stockpyl(self, mu: float, k: float, h: float, p: float) -> None:
        ss = pytest.importorskip("stockpyl.ss")
        res = ss_policy(mu, 0, 0, k, h, p, method="exact", distribution="poisson")
        _, _, cost = ss.s_s_discrete_exact(h, p, k, True, mu)
        assert res.expected_cost == pytest.approx(cost, rel=1e-9)

    def test_vectorised_and_zero_demand(self) -> None:
        res = ss_policy([6.0, 0.0, 6.0], 0, 0, 5, 1, 4, method="exact", distribution="poisson")
        assert res.reorder_point.tolist() == [4.0, -1.0, 4.0]
        assert res.expected_cost[1] == 0.0

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="method='exact' with distribution='poisson'"):
            ss_policy(6, 2, 0, 5, 1, 4, method="exact")
        with pytest.raises(InvalidInputError, match="demand_std must be > 0"):
            ss_policy(6, 0, 0, 5, 1, 4)


# --------------------------------------------------------------------------- classification


class TestClassification:
    def test_abc_crossing_rules_and_inventorize(self) -> None:
        # cumulative shares 0.5, 0.8, 1.0: inventorize 1.2.6 ABC gives A, B, C (x < 0.8 is A)
        values = [50, 30, 20]
        assert abc_classification(values, crossing="include").classes.tolist() == ["A", "A", "B"]
        assert abc_classification(values, crossing="exclude").classes.tolist() == ["A", "A", "C"]
        res = abc_classification([10, 40, 30, 20])
        assert res.rank.tolist() == [4, 1, 2, 3]
        assert res.cumulative_share.tolist() == pytest.approx([1.0, 0.4, 0.7, 0.9])
        assert res.classes.tolist() == ["B", "A", "A", "A"]

    def test_abc_more_classes_and_errors(self) -> None:
        res = abc_classification([60, 25, 10, 5], thresholds=(0.5, 0.8, 0.95))
        assert res.classes.tolist() == ["A", "B", "C", "D"]
        with pytest.raises(InvalidInputError, match="positive sum"):
            abc_classification([0, 0])
        with pytest.raises(InvalidInputError, match=r"values must be >= 0; .* index 1"):
            abc_classification([1, -1])
        with pytest.raises(InvalidInputError, match="strictly increasing"):
            abc_classification([1, 2], thresholds=(0.9, 0.8))

    def test_xyz_and_patterns(self) -> None:
        h = [[10, 11, 9, 10], [5, 9, 2, 8], [0, 8, 0, 2], [0, 0, 0, 0]]
        res = xyz_classification(h)
        assert res.classes.tolist() == ["X", "Y", "Z", "Z"]
        assert res.cv[3] == math.inf
        pat = demand_pattern([[5, 6, 5, 4, 6, 5], [1, 9, 2, 12, 1, 8], [0, 4, 0, 0, 5, 0],
                              [0, 0, 9, 0, 0, 1], [0, 0, 0, 0, 0, 0]])  # fmt: skip
        assert pat.pattern.tolist() == ["smooth", "erratic", "intermittent", "lumpy", "no_demand"]
        # Syntetos-Boylan cut-offs are 1.32 and 0.49: ADI 1.5 is intermittent
        assert pat.adi[2] == 3.0

    def test_statistics_ddof_and_errors(self) -> None:
        h = np.array([[3.0, 0, 4, 5, 0, 6]])
        assert demand_statistics(h, ddof=0).demand_std[0] == pytest.approx(np.std(h, ddof=0))
        assert demand_statistics(h).demand_std[0] == pytest.approx(np.std(h, ddof=1))
        with pytest.raises(InvalidInputError, match="more than ddof=1 periods"):
            demand_statistics([[3.0], [2.0]])
        with pytest.raises(InvalidInputError, match="finite"):
            demand_statistics([[3.0, np.nan]])
        with pytest.raises(InvalidInputError, match="history must be >= 0"):
            demand_statistics([[3.0, -1.0]])


class TestKPIs:
    def test_values(self) -> None:
        assert inventory_turnover(1_200_000, 200_000) == 6.0
        assert gmroi([300_000, -1000], 120_000).tolist() == [2.5, -1000 / 120_000]
        assert sell_through_rate(60, 100, beginning_inventory=20) == 0.5
        with pytest.raises(InvalidInputError, match="average_inventory_value must be > 0"):
            inventory_turnover(10, 0)
        with pytest.raises(InvalidInputError, match="plus beginning_inventory"):
            sell_through_rate(1, 0)

    def test_days_of_supply(self) -> None:
        assert days_of_supply([100, 0, 50], [10, 5, 0]).tolist() == [10.0, 0.0, math.inf]
        assert days_of_supply(25, [10, 10, 20, 20], direction="forward") == 2.25
        # beyond the horizon, extend at the forecast's average rate (60 units over 4 days)
        assert days_of_supply(75, [10, 10, 20, 20], direction="forward") == pytest.approx(5.0)
        weekly = days_of_supply(30, [[4, 6, 5, 5]], period_days=7)
        assert weekly.tolist() == [42.0]
        # seasonal demand: backward overstates the cover before a peak
        hist = [[5, 5, 5, 5]]
        forecast = [[5, 20, 20, 20]]
        back = days_of_supply([30], hist)[0]
        fwd = days_of_supply([30], forecast, direction="forward")[0]
        assert back == 6.0
        assert fwd == 2.25


# --------------------------------------------------------------------------- edge models


class TestModels:
    def item(self, **kw: object) -> InventoryItem:
        base: dict[str, object] = {"unit_cost": 40.0, "order_cost": 50.0, "holding_rate": 0.25,
                                       "lead_time_days": 10, "lead_time_std_days": 2.0,
                                       "cycle_service_level": 0.95}  # fmt: skip
        base.update(kw)
        return InventoryItem(**base)  # type: ignore[arg-type]

    @given(st.floats(0.1, 500), st.floats(0.0, 100))
    def test_methods_equal_functions(self, d: float, sd: float) -> None:
        item = self.item()
        h = 40.0 * 0.25 / 365
        m = item.reorder_point(d, sd)
        f = reorder_point(d, sd, 10, lead_time_std=2.0, cycle_service_level=0.95, holding_cost=h)
        assert m.reorder_point == f.reorder_point
        assert item.economic_order_quantity(d).order_quantity == pytest.approx(
            math.sqrt(2 * 50 * d / h), rel=1e-14
        )

    def test_fill_rate_item_uses_its_eoq(self) -> None:
        item = self.item(cycle_service_level=None, fill_rate=0.98, fill_rate_method="exact")
        q = item.economic_order_quantity(12.0).order_quantity
        res = item.safety_stock(12.0, 4.0)
        assert res.fill_rate == pytest.approx(0.98, abs=1e-9)
        explicit = item.safety_stock(12.0, 4.0, order_quantity=q)
        assert explicit.safety_stock == res.safety_stock

    def test_validation(self) -> None:
        with pytest.raises(ValidationError, match="exactly one of"):
            self.item(fill_rate=0.9, fill_rate_method="exact")
        with pytest.raises(ValidationError, match="fill_rate_method"):
            self.item(cycle_service_level=None, fill_rate=0.9)
        with pytest.raises(ValidationError):
            self.item(unit_cost=0.0)
        with pytest.raises(ValidationError):
            self.item(colour="red")

    def test_column_view_equals_items(self) -> None:
        items = [
            self.item(sku="A"),
            self.item(sku="B", unit_cost=8.0, lead_time_days=4, case_pack=24),
        ]
        cols = InventoryItems.from_items(items)
        assert len(cols) == 2
        assert cols.sku == ["A", "B"]
        d, sd = np.array([12.0, 30.0]), np.array([4.0, 9.0])
        bulk = cols.reorder_point(d, sd)
        for i, it in enumerate(items):
            assert bulk.reorder_point[i] == pytest.approx(
                it.reorder_point(d[i], sd[i]).reorder_point
            )
        assert cols.item(1) == items[1]
        rounded = cols.round_order_quantity([209.76, 661.9])
        assert rounded.order_quantity.tolist() == [210.0, 672.0]
        with pytest.raises(ValidationError, match="one value per SKU"):
            InventoryItems(unit_cost=[1.0, 2.0], order_cost=[1.0], holding_rate=[0.2, 0.2],
                           lead_time_days=[1, 1], cycle_service_level=0.9)  # fmt: skip
        with pytest.raises(InvalidInputError, match="must share cycle_service_level"):
            InventoryItems.from_items([items[0], self.item(cycle_service_level=0.9)])
        assert cols.model_dump()["unit_cost"] == [40.0, 8.0]
