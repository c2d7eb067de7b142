"""Tests of the cartonization shortcuts that keep pack_cartons exact while faster:
the separating-axis enumeration for up to four units (against the MILP it replaces
and the three-unit enumeration), its batched form, and identical orders searched
once."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ecomops._logistics.placement import (
    enumerate_pack,
    milp_pack,
    overlap,
    separation_many,
    separation_pack,
)
from ecomops.logistics import OrderItems, china_postal_cartons, pack_cartons
from tests.test_logistics_packing import check_placements

POSTAL = china_postal_cartons()

Geo = list[tuple[tuple[float, float, float], bool]]
Dims = tuple[float, float, float]


def assert_valid(items: Geo, box: Dims, placed: list[tuple[float, ...]]) -> None:
    """Every unit in the box, in an allowed orientation, no two overlapping."""
    assert len(placed) == len(items)
    for (dims, up), p in zip(items, placed, strict=True):
        assert sorted(p[3:]) == sorted(dims)
        if up:
            assert p[5] == dims[2]
        assert all(p[k] >= 0.0 and p[k] + p[k + 3] <= box[k] + 1e-9 for k in range(3))
    for i, j in itertools.combinations(range(len(placed)), 2):
        assert not overlap(placed[i], placed[j])


UNIT = st.tuples(
    st.sampled_from([1.0, 2.0, 3.0, 4.0]), st.sampled_from([1.0, 2.0, 3.0]),
    st.sampled_from([1.0, 2.0, 3.0]), st.booleans(),
)  # fmt: skip
BOX = st.tuples(
    st.sampled_from([3.0, 4.0, 5.0]), st.sampled_from([3.0, 4.0]), st.sampled_from([2.0, 3.0, 4.0])
)


class TestSeparationPack:
    """Exact feasibility by separating axes agrees with the MILP (Chen, Lee and Shen
    1995) on four units and with the enumeration of three; placements are valid."""

    @settings(max_examples=40, deadline=None)
    @given(st.lists(UNIT, min_size=4, max_size=4), BOX)
    def test_four_units_equal_milp(
        self, rows: list[tuple[float, float, float, bool]], box: Dims
    ) -> None:
        items = [((a, b, c), up) for a, b, c, up in rows]
        sep = separation_pack(items, box)
        milp, proven = milp_pack(items, box, 30.0)
        assert proven
        assert (sep is None) == (milp is None)
        if sep is not None:
            assert_valid(items, box, sep)

    @settings(max_examples=60, deadline=None)
    @given(st.lists(UNIT, min_size=2, max_size=3), BOX)
    def test_two_and_three_units_equal_enumeration(
        self, rows: list[tuple[float, float, float, bool]], box: Dims
    ) -> None:
        items = [((a, b, c), up) for a, b, c, up in rows]
        sep = separation_pack(items, box)
        assert (sep is None) == (enumerate_pack(items, box) is None)
        if sep is not None:
            assert_valid(items, box, sep)

    def test_every_three_fit_but_not_four(self) -> None:
        # the four slabs of the MILP reference case: each three fit 4 x 4 x 5, all four
        # do not (66 <= 80 cm³); 4 x 4 x 11 takes them
        items: Geo = [((3, 2, 2), False), ((3, 3, 2), False), ((3, 3, 2), False),
                      ((3, 2, 3), False)]  # fmt: skip
        for trio in itertools.combinations(items, 3):
            assert enumerate_pack(list(trio), (4, 4, 5)) is not None
        assert separation_pack(items, (4, 4, 5)) is None
        placed = separation_pack(items, (4, 4, 11))
        assert placed is not None
        assert_valid(items, (4, 4, 11), placed)

    def test_four_cubes_need_a_grid(self) -> None:
        # four 2 cm cubes fill a 4 x 4 x 2 box only as a 2 x 2 layer: no column stack
        items: Geo = [((2, 2, 2), False)] * 4
        placed = separation_pack(items, (4, 4, 2))
        assert placed is not None
        assert_valid(items, (4, 4, 2), placed)
        assert separation_pack(items, (4, 3.9, 2)) is None


class TestSeparationMany:
    """The batched form answers every problem as the single call does."""

    @settings(max_examples=20, deadline=None)
    @given(st.lists(st.tuples(st.lists(UNIT, min_size=1, max_size=4), BOX), min_size=1,
                    max_size=12))  # fmt: skip
    def test_batch_equals_single(
        self, problems: list[tuple[list[tuple[float, float, float, bool]], Dims]]
    ) -> None:
        geo = [([((a, b, c), up) for a, b, c, up in rows], box) for rows, box in problems]
        many = separation_many(geo)
        for (items, box), placed in zip(geo, many, strict=True):
            assert (placed is None) == (separation_pack(items, box) is None)
            if placed is not None:
                assert_valid(items, box, placed)

    def test_unit_fitting_no_orientation(self) -> None:
        assert separation_many([([((5.0, 5.0, 5.0), False)], (4.0, 4.0, 4.0))]) == [None]
        two, upright = separation_many(
            [([((1.0, 1.0, 1.0), False)] * 2, (4.0, 4.0, 4.0)),
             ([((5.0, 1.0, 2.0), True)], (5.0, 4.0, 1.5))]
        )  # fmt: skip
        assert two is not None
        assert upright is None  # its 2 cm height must stay vertical


class TestIdenticalOrders:
    """Identical orders are searched once: duplicated and shuffled orders get, order by
    order, the plan each gets packed alone."""

    def test_duplicates_equal_packing_alone(self) -> None:
        rng = np.random.default_rng(7)
        dims = [(30, 20, 10), (10, 10, 5), (25, 15, 12), (40, 25, 20), (12, 8, 8), (5, 5, 5)]
        base = [[dims[i] for i in rng.integers(0, len(dims), rng.integers(1, 5))]
                for _ in range(6)]  # fmt: skip
        orders = [base[i] for i in rng.integers(0, len(base), 18)]  # duplicates
        ids = rng.permutation(100 + np.arange(len(orders)))  # shuffled ids
        lines = [(int(oid), d) for oid, units in zip(ids, orders, strict=True) for d in units]
        items = OrderItems(
            [oid for oid, _ in lines], *([d[k] for _, d in lines] for k in range(3)),
            [0.5] * len(lines),
        )  # fmt: skip
        plan = pack_cartons(items, POSTAL)
        check_placements(plan, items, POSTAL)
        for oid, units in zip(ids.tolist(), orders, strict=True):
            alone = pack_cartons(
                OrderItems([oid] * len(units), *([d[k] for d in units] for k in range(3)),
                           [0.5] * len(units)),
                POSTAL,
            )  # fmt: skip
            row = int(np.flatnonzero(plan.orders.order_id == oid)[0])
            assert plan.orders.total.minor[row] == alone.orders.total.minor[0]
            assert plan.orders.proven_optimal[row] == alone.orders.proven_optimal[0]
            assert plan.orders.method[row] == alone.orders.method[0]
            mine = plan.parcels.order_id == oid
            assert plan.parcels.box[mine].tolist() == alone.parcels.box.tolist()
            placed = np.flatnonzero(np.isin(plan.placements.parcel, np.flatnonzero(mine)))
            assert placed.size == len(units)


@settings(max_examples=200, deadline=None)
@given(UNIT, BOX)
def test_fits_alone_by_sorted_sides(unit: tuple[float, float, float, bool], box: Dims) -> None:
    from ecomops._logistics.placement import fits_alone, fits_sorted

    dims = unit[:3]
    assert fits_sorted(dims, unit[3], box) == fits_alone(dims, unit[3], box)
