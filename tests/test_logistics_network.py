"""Tests of ecomops.logistics network decisions: allocation, order splits, facility location."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecomops.exceptions import InfeasibleProblemError, InvalidInputError
from ecomops.logistics import (
    Allocation,
    OrderSplit,
    WarehousePlan,
    allocate_orders,
    choose_warehouses,
    split_order,
)
from ecomops.money import Money, MoneyArray

# Hillier & Lieberman, Introduction to Operations Research (10th ed., 2015), ch. 9:
# the P&T Company transportation problem (truckloads of peas, shipping cost in $).
PT_SUPPLY = [75, 125, 100]
PT_DEMAND = [80, 65, 70, 85]
PT_COST = [[464, 513, 654, 867], [352, 416, 690, 791], [995, 682, 388, 685]]


def brute_force_transport(supply: list[int], demand: list[int], cost: np.ndarray) -> float:
    """Minimum cost over every integer flow (tiny instances)."""
    n_w = cost.shape[0]
    best = np.inf
    per_region = [
        [c for c in itertools.product(range(d + 1), repeat=n_w) if sum(c) == d] for d in demand
    ]
    for choice in itertools.product(*per_region):
        flows = np.array(choice).T  # (W, R)
        if np.any(flows.sum(axis=1) > supply):
            continue
        if np.any((flows > 0) & ~np.isfinite(cost)):
            continue
        best = min(best, float((np.where(np.isfinite(cost), cost, 0.0) * flows).sum()))
    return best


class TestAllocateOrders:
    def test_hillier_lieberman_pt_company(self) -> None:
        a = allocate_orders(PT_SUPPLY, PT_DEMAND, PT_COST)
        assert isinstance(a, Allocation)
        assert a.total_cost == 152535.0
        np.testing.assert_array_equal(
            a.flows, [[0, 20, 0, 55], [80, 45, 0, 0], [0, 0, 70, 30]]
        )  # the book's optimal solution
        np.testing.assert_array_equal(a.shipped, [75, 125, 100])

    def test_shadow_prices_are_marginal_costs(self) -> None:
        # one more truckload of capacity at each cannery lowers the optimum by the
        # capacity dual; one more truckload of demand (with spare capacity at the
        # cheapest cannery) raises it by the demand dual
        a = allocate_orders(PT_SUPPLY, PT_DEMAND, PT_COST)
        np.testing.assert_allclose(a.capacity_shadow_price, [0, -97, -182])
        for w in range(3):
            more = list(PT_SUPPLY)
            more[w] += 1
            delta = allocate_orders(more, PT_DEMAND, PT_COST).total_cost - a.total_cost
            assert delta == pytest.approx(a.capacity_shadow_price[w])
        np.testing.assert_allclose(a.demand_shadow_price, [449, 513, 570, 867])
        spare = [PT_SUPPLY[0] + 1, *PT_SUPPLY[1:]]
        for r in range(4):
            dem = list(PT_DEMAND)
            dem[r] += 1
            delta = allocate_orders(spare, dem, PT_COST).total_cost - a.total_cost
            assert delta == pytest.approx(a.demand_shadow_price[r])

    @settings(max_examples=25)
    @given(
        st.lists(st.integers(0, 4), min_size=2, max_size=2),
        st.lists(st.integers(0, 3), min_size=3, max_size=3),
        st.lists(st.sampled_from([1.0, 2.0, 3.0, 5.0, 8.0, np.inf]), min_size=6, max_size=6),
    )
    def test_equals_brute_force(self, supply: list[int], demand: list[int], c: list[float]) -> None:
        cost = np.array(c).reshape(2, 3)
        best = brute_force_transport(supply, demand, cost)
        if np.isinf(best):
            with pytest.raises(InfeasibleProblemError, match="no allocation meets demand"):
                allocate_orders(supply, demand, cost)
        else:
            a = allocate_orders(supply, demand, cost)
            assert a.total_cost == pytest.approx(best)
            np.testing.assert_allclose(a.flows, np.rint(a.flows))  # integral vertex
            assert np.all(a.flows.sum(axis=1) <= np.array(supply) + 1e-9)
            np.testing.assert_allclose(a.flows.sum(axis=0), demand)

    def test_lane_capacity(self) -> None:
        a = allocate_orders([10, 10], [8], [[1.0], [2.0]], lane_capacity_units=[[5], [10]])
        np.testing.assert_array_equal(a.flows[:, 0], [5, 3])
        with pytest.raises(InfeasibleProblemError, match="lane capacities"):
            allocate_orders([10, 10], [8], [[1.0], [2.0]], lane_capacity_units=[[5], [2]])

    @pytest.mark.parametrize(
        ("supply", "demand", "cost", "message"),
        [
            ([10, 10], [15, 15], [[1, 1], [1, 1]], "total demand 30 exceeds total capacity 20"),
            ([10, 30], [15, 15], [[1, np.inf], [np.inf, 1]],
             "demand of R0 \\(15 units\\) exceeds the capacity of the sources that reach it, "
             "\\['W0'\\] \\(10 units\\)"),
            ([10, 10], [5, 5], [[1, np.inf], [1, np.inf]], "demand of R1 \\(5 units\\) has no usable lane"),
            ([10, 30], [6, 6, 1], [[1, 1, 1], [np.inf, np.inf, 1]],
             "regions \\['R0', 'R1'\\] need 12 units but the only warehouses that reach them, "
             "\\['W0'\\], hold 10"),
        ],
    )  # fmt: skip
    def test_infeasible_names_binding_constraint(
        self, supply: list[float], demand: list[float], cost: list[list[float]], message: str
    ) -> None:
        n_w, n_r = len(supply), len(demand)
        with pytest.raises(InfeasibleProblemError, match=message):
            allocate_orders(
                supply, demand, cost,
                warehouses=[f"W{i}" for i in range(n_w)], regions=[f"R{i}" for i in range(n_r)],
            )  # fmt: skip

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"capacity_units": [-1, 5]}, "capacity_units must be >= 0; 1 value is not, first at index 0"),
            ({"shipping_cost_per_unit": [[1, 2]]}, "shipping_cost_per_unit must have shape \\(2, 2\\)"),
            ({"shipping_cost_per_unit": [[1, np.nan], [1, 1]]}, "shipping_cost_per_unit must not be NaN"),
            ({"warehouses": ["a"]}, "warehouses must have 2 labels"),
        ],
    )  # fmt: skip
    def test_bad_input(self, kwargs: dict[str, Any], message: str) -> None:
        args: dict[str, Any] = {
            "capacity_units": [5, 5], "demand_units": [1, 1], "shipping_cost_per_unit": [[1, 2], [2, 1]],
        }  # fmt: skip
        args.update(kwargs)
        with pytest.raises(InvalidInputError, match=message):
            allocate_orders(**args)


def brute_force_split(
    q: list[int], stock: np.ndarray, parcel: list[float], unit: np.ndarray, penalty: float
) -> float:
    n_w, _ = stock.shape
    options = []
    for line, qty in enumerate(q):
        options.append(
            [c for c in itertools.product(range(qty + 1), repeat=n_w)
             if sum(c) == qty and all(c[w] <= stock[w, line] for w in range(n_w))]
        )  # fmt: skip
    best = np.inf
    for choice in itertools.product(*options):
        units = np.array(choice).T
        used = units.sum(axis=1) > 0
        cost = float((unit * units).sum() + np.array(parcel)[used].sum())
        cost += penalty * max(int(used.sum()) - 1, 0)
        best = min(best, cost)
    return best


class TestSplitOrder:
    def test_one_parcel_beats_two(self) -> None:
        s = split_order([1, 1], [[1, 0], [1, 1]], parcel_cost=[5, 6])
        assert isinstance(s, OrderSplit)
        assert s.quantity.tolist() == [[0, 0], [1, 1]]
        assert s.n_shipments == 1
        assert s.total_cost == 6.0

    def test_split_when_needed_with_penalty(self) -> None:
        # line 0 only at W0, line 1 only at W1: two parcels, one split penalty
        s = split_order([1, 2], [[3, 0], [0, 2]], parcel_cost=[5, 6], split_penalty=4)
        assert s.n_shipments == 2
        assert (s.shipping_cost, s.split_penalty_cost, s.total_cost) == (11.0, 4.0, 15.0)

    def test_penalty_changes_the_plan(self) -> None:
        # unit costs favour splitting; a large penalty keeps one parcel
        stock = [[2, 2], [2, 2]]
        unit = [[1.0, 9.0], [9.0, 1.0]]
        cheap = split_order([2, 2], stock, parcel_cost=[1, 1], shipping_cost_per_unit=unit)
        assert cheap.n_shipments == 2
        whole = split_order(
            [2, 2], stock, parcel_cost=[1, 1], shipping_cost_per_unit=unit, split_penalty=100
        )
        assert whole.n_shipments == 1

    def test_no_line_splits(self) -> None:
        s = split_order([2], [[1], [1]], parcel_cost=[1, 1])
        assert s.quantity.tolist() == [[1], [1]]
        with pytest.raises(InfeasibleProblemError, match="not held whole by any warehouse"):
            split_order([2], [[1], [1]], parcel_cost=[1, 1], split_lines=False)
        t = split_order([2, 1], [[2, 0], [2, 1]], parcel_cost=[1, 3], split_lines=False)
        assert t.quantity.tolist() == [[0, 0], [2, 1]]

    @settings(max_examples=25)
    @given(
        st.lists(st.integers(0, 2), min_size=2, max_size=3),
        st.data(),
    )
    def test_equals_brute_force(self, q: list[int], data: st.DataObject) -> None:
        n_w = 3
        stock = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n_w * len(q),
                                             max_size=n_w * len(q)))).reshape(n_w, len(q))  # fmt: skip
        parcel = data.draw(st.lists(st.sampled_from([1.0, 2.0, 5.0]), min_size=n_w, max_size=n_w))
        unit = np.array(
            data.draw(
                st.lists(
                    st.sampled_from([0.0, 1.0, 3.0]), min_size=n_w * len(q), max_size=n_w * len(q)
                )
            )
        ).reshape(n_w, len(q))
        penalty = data.draw(st.sampled_from([0.0, 2.0]))
        best = brute_force_split(q, stock, parcel, unit, penalty)
        if np.isinf(best):
            with pytest.raises(InfeasibleProblemError, match="needs"):
                split_order(
                    q, stock, parcel_cost=parcel, shipping_cost_per_unit=unit, split_penalty=penalty
                )
        else:
            s = split_order(
                q, stock, parcel_cost=parcel, shipping_cost_per_unit=unit, split_penalty=penalty
            )
            assert s.total_cost == pytest.approx(best)
            np.testing.assert_array_equal(s.quantity.sum(axis=0), q)
            assert np.all(s.quantity <= stock)

    def test_short_stock_is_named(self) -> None:
        with pytest.raises(
            InfeasibleProblemError, match="line 1 needs 3 units but the network holds 2"
        ):
            split_order([1, 3], [[1, 1], [0, 1]], parcel_cost=[1, 1])

    def test_money_costs_give_exact_money_shipping(self) -> None:
        stock = [[2, 0], [1, 1]]
        parcel = MoneyArray.from_amounts([5.10, 6.20], "CNY")
        per_unit = MoneyArray.from_amounts([0.10, 0.30], "CNY")
        s = split_order([2, 1], stock, parcel_cost=parcel, shipping_cost_per_unit=per_unit)
        f = split_order([2, 1], stock, parcel_cost=[5.10, 6.20], shipping_cost_per_unit=[0.1, 0.3])
        np.testing.assert_array_equal(s.quantity, f.quantity)
        # two parcels (5.10 + 6.20), two pieces from W0 at 0.10, one from W1 at 0.30
        assert s.shipping_cost == Money("11.80", "CNY")
        assert float(s.shipping_cost.amount) == pytest.approx(f.shipping_cost)
        with pytest.raises(InvalidInputError, match="both be money"):
            split_order(
                [1], [[1]], parcel_cost=MoneyArray([100], "CNY"), shipping_cost_per_unit=[1]
            )
        with pytest.raises(InvalidInputError, match="one currency"):
            split_order([1], [[1]], parcel_cost=MoneyArray([100], "CNY"),
                        shipping_cost_per_unit=MoneyArray([1], "USD"))  # fmt: skip

    def test_bad_input_and_empty(self) -> None:
        with pytest.raises(InvalidInputError, match="quantity must be a whole number"):
            split_order([1.5], [[2]], parcel_cost=[1])
        with pytest.raises(InvalidInputError, match="one column per line"):
            split_order([1, 1], [[2]], parcel_cost=[1])
        with pytest.raises(InvalidInputError, match="split_penalty must be finite"):
            split_order([1], [[2]], parcel_cost=[1], split_penalty=-1)
        empty = split_order([0, 0], [[0, 0]], parcel_cost=[1])
        assert (empty.n_shipments, empty.total_cost) == (0, 0.0)


def brute_force_location(
    fixed: np.ndarray, cost: np.ndarray, demand: np.ndarray, cap: np.ndarray, max_open: int | None
) -> float:
    """Try every set of open warehouses, each with the transportation LP."""
    best = np.inf
    n_w = fixed.size
    # no demand needs no warehouse: the empty set is a plan too
    for k in range(0 if not demand.any() else 1, (max_open or n_w) + 1):
        for subset in itertools.combinations(range(n_w), k):
            c = np.where(np.isin(np.arange(n_w), subset), cap, 0.0)
            try:
                a = allocate_orders(c, demand, cost)
            except InfeasibleProblemError:
                continue
            best = min(best, a.total_cost + float(fixed[list(subset)].sum()))
    return best


def brute_force_single_source(
    fixed: np.ndarray, cost: np.ndarray, demand: np.ndarray, cap: np.ndarray
) -> float:
    n_w, n_r = cost.shape
    best = np.inf
    for assign in itertools.product(range(n_w), repeat=n_r):
        load = np.bincount(assign, weights=demand, minlength=n_w)
        if np.any(load > cap):
            continue
        c = [cost[w, r] for r, w in enumerate(assign)]
        if not np.all(np.isfinite(c)):
            continue
        opened = sorted(set(assign))
        best = min(best, float(np.dot(c, demand)) + float(fixed[opened].sum()))
    return best


class TestChooseWarehouses:
    def test_reference_case(self) -> None:
        p = choose_warehouses([50.0, 50.0, 500.0], [[1, 4], [4, 1], [1, 1]], [30, 30])
        assert isinstance(p, WarehousePlan)
        assert p.open.tolist() == [True, True, False]
        assert (p.fixed_cost, p.shipping_cost, p.total_cost) == (100.0, 60.0, 160.0)

    @settings(max_examples=20)
    @given(st.data())
    def test_equals_brute_force(self, data: st.DataObject) -> None:
        n_w, n_r = 4, 4
        fixed = np.array(data.draw(st.lists(st.sampled_from([0.0, 10.0, 30.0, 80.0]),
                                            min_size=n_w, max_size=n_w)))  # fmt: skip
        cost = np.array(data.draw(st.lists(st.sampled_from([1.0, 2.0, 4.0, 7.0, np.inf]),
                                           min_size=n_w * n_r, max_size=n_w * n_r)))  # fmt: skip
        cost = cost.reshape(n_w, n_r)
        demand = np.array(data.draw(st.lists(st.integers(0, 6), min_size=n_r, max_size=n_r)), float)
        cap = np.array(data.draw(st.lists(st.sampled_from([5.0, 10.0, 30.0]), min_size=n_w,
                                          max_size=n_w)))  # fmt: skip
        max_open = data.draw(st.sampled_from([None, 2]))
        best = brute_force_location(fixed, cost, demand, cap, max_open)
        if np.isinf(best):
            with pytest.raises(InfeasibleProblemError, match="no warehouse plan"):
                choose_warehouses(fixed, cost, demand, capacity_units=cap, max_open=max_open)
            return
        p = choose_warehouses(fixed, cost, demand, capacity_units=cap, max_open=max_open)
        assert p.total_cost == pytest.approx(best)
        np.testing.assert_allclose(p.flows.sum(axis=0), demand)
        assert np.all(p.flows.sum(axis=1) <= cap * p.open + 1e-9)

    @settings(max_examples=15)
    @given(st.data())
    def test_single_source_equals_brute_force(self, data: st.DataObject) -> None:
        n_w, n_r = 3, 4
        fixed = np.array(data.draw(st.lists(st.sampled_from([0.0, 10.0, 40.0]), min_size=n_w,
                                            max_size=n_w)))  # fmt: skip
        cost = np.array(data.draw(st.lists(st.sampled_from([1.0, 3.0, 6.0]), min_size=n_w * n_r,
                                           max_size=n_w * n_r))).reshape(n_w, n_r)  # fmt: skip
        demand = np.array(data.draw(st.lists(st.integers(1, 5), min_size=n_r, max_size=n_r)), float)
        cap = np.array(data.draw(st.lists(st.sampled_from([5.0, 8.0, 20.0]), min_size=n_w,
                                          max_size=n_w)))  # fmt: skip
        best = brute_force_single_source(fixed, cost, demand, cap)
        if np.isinf(best):
            with pytest.raises(InfeasibleProblemError):
                choose_warehouses(fixed, cost, demand, capacity_units=cap, single_source=True)
            return
        p = choose_warehouses(fixed, cost, demand, capacity_units=cap, single_source=True)
        assert p.total_cost == pytest.approx(best)
        assert np.all((p.flows > 0).sum(axis=0) == 1)

    def test_infeasible(self) -> None:
        with pytest.raises(
            InfeasibleProblemError, match="total demand 30 exceeds total capacity 20"
        ):
            choose_warehouses([1, 1], [[1, 1], [1, 1]], [15, 15], capacity_units=[10, 10])
        with pytest.raises(InfeasibleProblemError, match="at most 1 open warehouses"):
            choose_warehouses([1, 1], [[1, 1], [1, 1]], [10, 10], capacity_units=[10, 10],
                              max_open=1)  # fmt: skip
        with pytest.raises(InfeasibleProblemError, match="single-source demand of r1"):
            choose_warehouses([1, 1], [[1, 1], [1, 1]], [5, 12], capacity_units=[10, 10],
                              single_source=True, regions=["r0", "r1"])  # fmt: skip
        with pytest.raises(InvalidInputError, match="max_open must be a positive integer"):
            choose_warehouses([1], [[1]], [1], max_open=0)
