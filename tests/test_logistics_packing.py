"""Tests of ecomops.logistics cartonization: catalogues, pack_cartons, placements."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ecomops.exceptions import InfeasibleProblemError, InvalidInputError
from ecomops.logistics import (
    CHINA_POSTAL_CARTON_MM,
    Box,
    BoxCatalogue,
    FirstAdditionalRates,
    OrderItems,
    PackingPlan,
    Service,
    ZoneMap,
    ZoneRule,
    china_postal_cartons,
    example_services,
    pack_cartons,
)

D0 = dt.date(2025, 1, 1)
POSTAL = china_postal_cartons()


def catalogue(*boxes: tuple[str, float, float, float, str], currency: str = "CNY") -> BoxCatalogue:
    return BoxCatalogue(
        currency=currency,  # type: ignore[arg-type]
        boxes=tuple(
            Box(name=n, inner_length_cm=a, inner_width_cm=b, inner_height_cm=c, cost=Decimal(p))
            for n, a, b, c, p in boxes
        ),
    )


def dim_service(divisor: float = 6000) -> Service:
    """首重 1 kg ¥10 + ¥5 per further kg, DIM 6000 cm³/kg, one zone."""
    card = FirstAdditionalRates(
        effective_from=D0, currency="CNY", zones=("A",), weight_step=0.5,  # type: ignore[arg-type]
        first_weight=1, first_prices=(Decimal(10),), additional_step=1,
        additional_prices=(Decimal(5),),
    )  # fmt: skip
    zm = ZoneMap(
        effective_from=D0, rules=(ZoneRule(origin="*", destination="X", zone="A"),),
        default_zone="A",
    )  # fmt: skip
    return Service(
        carrier="D", name="dim", zone_maps=(zm,), rates=(card,), transit_days={"A": 2},
        dim_weight=({"effective_from": D0, "divisor": divisor, "dimension_rounding": "up"},),  # type: ignore[arg-type]
    )  # fmt: skip


def check_placements(plan: PackingPlan, items: OrderItems, boxes: BoxCatalogue) -> None:
    """Every unit inside its carton, no two overlapping, extents a permutation of its dims,
    "this side up" kept, every unit packed exactly once."""
    pl = plan.placements
    inner = {i: boxes.boxes[i].inner_cm for i in range(len(boxes.boxes))}
    assert len(pl) == int(items.quantity.sum())
    np.testing.assert_array_equal(np.bincount(pl.line, minlength=len(items)), items.quantity)
    tol = 1e-6
    for r in range(len(pl)):
        b = inner[int(plan.parcels.box_index[pl.parcel[r]])]
        pos = (pl.x_cm[r], pl.y_cm[r], pl.z_cm[r])
        ext = (pl.dx_cm[r], pl.dy_cm[r], pl.dz_cm[r])
        line = int(pl.line[r])
        dims = (items.length_cm[line], items.width_cm[line], items.height_cm[line])
        assert sorted(ext) == pytest.approx(sorted(dims))
        if items.this_side_up[line]:
            assert ext[2] == pytest.approx(dims[2])
        for k in range(3):
            assert pos[k] >= -tol
            assert pos[k] + ext[k] <= b[k] + tol
        assert plan.parcels.order_id[pl.parcel[r]] == items.order_id[line]
    for p in np.unique(pl.parcel).tolist():
        rows = np.flatnonzero(pl.parcel == p).tolist()
        for i, j in itertools.combinations(rows, 2):
            separated = any(
                pl_start(pl, i, k) + pl_ext(pl, i, k) <= pl_start(pl, j, k) + tol
                or pl_start(pl, j, k) + pl_ext(pl, j, k) <= pl_start(pl, i, k) + tol
                for k in range(3)
            )
            assert separated, f"units {i} and {j} overlap in parcel {p}"


def pl_start(pl: Any, r: int, k: int) -> float:
    return float((pl.x_cm, pl.y_cm, pl.z_cm)[k][r])


def pl_ext(pl: Any, r: int, k: int) -> float:
    return float((pl.dx_cm, pl.dy_cm, pl.dz_cm)[k][r])


# --------------------------------------------------------------------------- catalogue


class TestCatalogue:
    def test_china_postal_sizes(self) -> None:
        # 中国邮政 邮政纸箱 1-12号 nominal sizes (mm), outer; inner = outer - 2 x 0.3 cm
        assert len(CHINA_POSTAL_CARTON_MM) == 12
        assert CHINA_POSTAL_CARTON_MM[0] == ("1号", 530, 290, 370)
        assert CHINA_POSTAL_CARTON_MM[11] == ("12号", 130, 80, 90)
        b1 = POSTAL.boxes[0]
        assert (b1.outer_length_cm, b1.outer_width_cm, b1.outer_height_cm) == (53.0, 29.0, 37.0)
        assert b1.inner_cm == (52.4, 28.4, 36.4)
        # FEFCO 0201 board area (2 (53 + 29) + 3.5) x (37 + 29) = 11,055 cm²: 0.608 kg, ¥2.76
        assert b1.tare_weight_kg == 0.608
        assert b1.cost == Decimal("2.76")
        vols = [b.volume_cm3 for b in POSTAL.boxes]
        assert vols == sorted(vols, reverse=True)

    def test_validation(self) -> None:
        with pytest.raises(ValidationError, match="names must be unique"):
            catalogue(("a", 1, 1, 1, "1"), ("a", 2, 2, 2, "1"))
        with pytest.raises(ValidationError, match="whole number of CNY minor units"):
            catalogue(("a", 1, 1, 1, "0.001"))
        with pytest.raises(ValidationError, match="smaller than inner"):
            Box(name="x", inner_length_cm=10, inner_width_cm=1, inner_height_cm=1,
                outer_length_cm=9, cost=Decimal(1))  # fmt: skip
        with pytest.raises(InvalidInputError, match="wall_cm"):
            china_postal_cartons(wall_cm=5)

    def test_order_items_validation(self) -> None:
        with pytest.raises(InvalidInputError, match="weight_kg must be > 0; 1 value is not"):
            OrderItems([1, 2], [1, 1], [1, 1], [1, 1], [1.0, 0.0])
        with pytest.raises(InvalidInputError, match="quantity must be >= 1"):
            OrderItems([1], [1], [1], [1], [1.0], quantity=[0])
        with pytest.raises(InvalidInputError, match="destination must be the same for every line"):
            OrderItems([1, 1], [1, 1], [1, 1], [1, 1], [1.0, 1.0], destination=["a", "b"])


# --------------------------------------------------------------------------- reference cases


class TestReferenceCases:
    def test_single_item_smallest_fitting_box(self) -> None:
        # 10 x 10 x 5 cm: 12号 (12.4 x 7.4 x 8.4) and 11号 (13.9 x 7.9 x 9.9) are too
        # narrow for two 10 cm sides; 10号 (16.9 x 8.9 x 10.9) takes it on its side
        items = OrderItems([1], [10], [10], [5], [0.5])
        plan = pack_cartons(items, POSTAL)
        assert plan.parcels.box.tolist() == ["10号"]
        assert plan.orders.method.tolist() == ["bound"]
        assert plan.orders.total.minor.tolist() == [30]
        check_placements(plan, items, POSTAL)

    def test_two_boxes_beat_one_on_shipping(self) -> None:
        # two flat 50 x 30 x 5 cm items: together they need the 51 x 31 x 31 box
        # (DIM 49,011 / 6000 = 8.2 -> 8.5 kg: ¥10 + 8 x ¥5 = ¥50, + ¥2 box = ¥52);
        # apart, two 51 x 31 x 6 boxes (9,486 / 6000 = 1.58 -> 2 kg: ¥15 each, + ¥1 box)
        boxes = catalogue(("flat", 51, 31, 6, "1"), ("cube", 51, 31, 31, "2"))
        items = OrderItems([1, 1], [50, 50], [30, 30], [5, 5], [0.3, 0.3], origin="o",
                           destination="X")  # fmt: skip
        plan = pack_cartons(items, boxes, [dim_service()])
        assert plan.orders.n_boxes.tolist() == [2]
        assert plan.parcels.box.tolist() == ["flat", "flat"]
        assert plan.orders.shipping.minor.tolist() == [3000]
        assert plan.orders.total.minor.tolist() == [3200]
        assert plan.orders.proven_optimal.tolist() == [True]
        check_placements(plan, items, boxes)
        # without shipping, one box is cheaper than two
        alone = pack_cartons(items, boxes)
        assert alone.parcels.box.tolist() == ["cube"]

    def test_two_boxes_when_geometry_forbids_one(self) -> None:
        # two 2 x 2 x 2 cubes never fit a 3 x 3 x 3 box (volume 16 <= 27 but no axis
        # separates them, which for two items is exact); two small boxes (¥2) beat the
        # long one (¥3)
        boxes = catalogue(("small", 3, 3, 3, "1"), ("long", 3, 3, 5, "3"))
        items = OrderItems([1], [2], [2], [2], [1.0], quantity=[2])
        plan = pack_cartons(items, boxes)
        assert plan.parcels.box.tolist() == ["small", "small"]
        assert plan.orders.method.tolist() == ["bound"]
        assert plan.orders.proven_optimal.tolist() == [True]
        check_placements(plan, items, boxes)

    def test_exact_search_proves_cheaper_boxes_infeasible(self) -> None:
        # three 3 x 3 x 2 slabs: every pair fits a 4 x 4 x 4 box (stacked), the three do
        # not (54 <= 64 cm³, but the enumeration of orientations and separating axes
        # finds no packing); two small boxes (¥2) beat the long one (¥5)
        boxes = catalogue(("small", 4, 4, 4, "1"), ("long", 4, 4, 7, "5"))
        items = OrderItems([1], [3], [3], [2], [1.0], quantity=[3])
        plan = pack_cartons(items, boxes)
        assert plan.parcels.box.tolist() == ["small", "small"]
        assert plan.orders.method.tolist() == ["exact"]
        assert plan.orders.proven_optimal.tolist() == [True]
        check_placements(plan, items, boxes)

    def test_milp_proves_four_units_infeasible(self) -> None:
        # every three of these four fit a 4 x 4 x 5 box, the four do not (66 <= 80 cm³):
        # the MILP proves it, and two small boxes (¥2) beat the long one (¥5)
        boxes = catalogue(("small", 4, 4, 5, "1"), ("long", 4, 4, 11, "5"))
        dims = [(3, 2, 2), (3, 3, 2), (3, 3, 2), (3, 2, 3)]
        items = OrderItems([1] * 4, *(list(c) for c in zip(*dims, strict=True)), [0.5] * 4)
        plan = pack_cartons(items, boxes)
        assert plan.parcels.box.tolist() == ["small", "small"]
        assert plan.orders.method.tolist() == ["exact"]
        assert plan.orders.proven_optimal.tolist() == [True]
        check_placements(plan, items, boxes)

    def test_search_finds_non_stack_packings(self) -> None:
        # three 2 x 2 x 2 cubes in a 4 x 4 x 3 box: no column stack, a 2 x 2 grid
        grid = catalogue(("grid", 4, 4, 3, "1"), ("long", 3, 3, 7, "5"))
        items = OrderItems([1], [2], [2], [2], [1.0], quantity=[3])
        plan = pack_cartons(items, grid)
        assert plan.parcels.box.tolist() == ["grid"]
        assert plan.orders.method.tolist() == ["exact"]
        check_placements(plan, items, grid)

    def test_this_side_up(self) -> None:
        boxes = catalogue(("low", 35, 35, 15, "1"), ("tall", 35, 35, 35, "2"))
        lying = OrderItems([1], [10], [10], [30], [1.0])
        upright = OrderItems([1], [10], [10], [30], [1.0], this_side_up=True)
        assert pack_cartons(lying, boxes).parcels.box.tolist() == ["low"]
        plan = pack_cartons(upright, boxes)
        assert plan.parcels.box.tolist() == ["tall"]
        check_placements(plan, upright, boxes)
        assert plan.placements.dz_cm.tolist() == [30.0]

    def test_item_too_big_is_named(self) -> None:
        items = OrderItems([1, 2], [10, 60], [10, 60], [10, 60], [1.0, 1.0])
        with pytest.raises(InfeasibleProblemError, match="item on line 1 \\(60 x 60 x 60 cm\\)"):
            pack_cartons(items, POSTAL)

    def test_weight_limit(self) -> None:
        boxes = BoxCatalogue(
            currency="CNY",  # type: ignore[arg-type]
            boxes=(Box(name="b", inner_length_cm=30, inner_width_cm=30, inner_height_cm=30,
                       cost=Decimal(1), max_weight_kg=10),),
        )  # fmt: skip
        items = OrderItems([1], [10], [10], [10], [6.0], quantity=[2])
        plan = pack_cartons(items, boxes)
        assert plan.orders.n_boxes.tolist() == [2]

    def test_bad_calls(self) -> None:
        items = OrderItems([1], [10], [10], [5], [0.5])
        with pytest.raises(InvalidInputError, match="order_items must be OrderItems"):
            pack_cartons({"order_id": [1]}, POSTAL)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="catalogue's currency"):
            pack_cartons(items, POSTAL, example_services("US"))
        with pytest.raises(InvalidInputError, match="exact_max_items"):
            pack_cartons(items, POSTAL, exact_max_items=20)


# --------------------------------------------------------------------------- py3dbp


# py3dbp 1.1.2 (pip install py3dbp): Bin.put_item returns after the first rotation that
# fits the bin's bounds, even when that rotation overlaps an item, so it never tries
# the others; Packer.pack sorts items smallest first and only pivots on item corners.
PY3DBP_ROTATION_CASE = ((4.0, 8.0, 6.0), [(5, 2, 4), (2, 2, 3), (4, 6, 2)])
# Packer.pack(distribute_items=True) with the twelve postal cartons (inner dims) fills
# the smallest carton first and spreads this 5-item order over 12号, 11号, 10号, 9号 and
# 8号 (¥1.53); one 8号 carton (¥0.42) takes all five.
PY3DBP_MULTI_CASE = [(8, 4, 6), (10, 10, 6), (4, 8, 12), (6, 4, 12), (10, 4, 10)]


class TestPy3dbpFailures:
    def test_rotation_case_packs_everything(self) -> None:
        box, dims = PY3DBP_ROTATION_CASE
        boxes = catalogue(("b", *box, "1"))
        items = OrderItems([1] * 3, *(list(c) for c in zip(*dims, strict=True)), [0.1] * 3)
        plan = pack_cartons(items, boxes)
        assert plan.orders.n_boxes.tolist() == [1]
        check_placements(plan, items, boxes)

    def test_rotation_case_fails_in_py3dbp(self) -> None:
        py3dbp = pytest.importorskip("py3dbp")
        box, dims = PY3DBP_ROTATION_CASE
        packer = py3dbp.Packer()
        packer.add_bin(py3dbp.Bin("b", *box, 100))
        for i, d in enumerate(dims):
            packer.add_item(py3dbp.Item(f"i{i}", *d, 0.1))
        packer.pack()
        assert len(packer.bins[0].unfitted_items) == 1  # the bug we do not reproduce

    def test_multi_box_case_uses_one_carton(self) -> None:
        items = OrderItems([1] * 5, *(list(c) for c in zip(*PY3DBP_MULTI_CASE, strict=True)),
                           [0.5] * 5)  # fmt: skip
        plan = pack_cartons(items, POSTAL)
        assert plan.parcels.box.tolist() == ["8号"]
        assert plan.total().minor == 42
        check_placements(plan, items, POSTAL)

    def test_multi_box_case_in_py3dbp(self) -> None:
        py3dbp = pytest.importorskip("py3dbp")
        packer = py3dbp.Packer()
        for b in POSTAL.boxes:
            packer.add_bin(py3dbp.Bin(b.name, *b.inner_cm, b.max_weight_kg))
        for i, d in enumerate(PY3DBP_MULTI_CASE):
            packer.add_item(py3dbp.Item(f"i{i}", *d, 0.5))
        packer.pack(distribute_items=True)
        used = [b.name for b in packer.bins if b.items]
        assert used == ["12号", "11号", "10号", "9号", "8号"]
        cost = sum(next(x.cost for x in POSTAL.boxes if x.name == u) for u in used)
        assert cost == Decimal("1.53")  # 3.6 times our ¥0.42


# --------------------------------------------------------------------------- properties


def fits_pair(a: tuple[float, ...], b: tuple[float, ...], box: tuple[float, ...]) -> bool:
    """Two boxes fit iff some axis separates them (exact for two items)."""
    for pa in set(itertools.permutations(a)):
        for pb in set(itertools.permutations(b)):
            for k in range(3):
                if pa[k] + pb[k] <= box[k] + 1e-9 and all(
                    max(pa[j], pb[j]) <= box[j] + 1e-9 for j in range(3) if j != k
                ):
                    return True
    return False


def fits_one(a: tuple[float, ...], box: tuple[float, ...]) -> bool:
    return all(x <= y + 1e-9 for x, y in zip(sorted(a), sorted(box), strict=True))


SMALL = catalogue(
    ("s", 10, 8, 6, "0.40"), ("m", 16, 12, 8, "0.70"), ("l", 24, 16, 12, "1.10"),
    ("xl", 30, 30, 20, "1.90"),
)  # fmt: skip
dim_values = st.sampled_from([2.0, 3.0, 5.0, 6.0, 8.0, 9.5, 12.0, 15.0, 20.0])
item_st = st.tuples(dim_values, dim_values, dim_values)


class TestProperties:
    @settings(max_examples=40)
    @given(st.lists(item_st, min_size=1, max_size=2), st.booleans())
    def test_two_items_equal_brute_force(self, dims: list[tuple[float, ...]], ship: bool) -> None:
        n = len(dims)
        weights = [0.4] * n
        items = OrderItems([1] * n, *(list(c) for c in zip(*dims, strict=True)), weights,
                           origin="o", destination="X")  # fmt: skip
        services = [dim_service(1000)] if ship else None
        cat = SMALL.boxes
        if not all(any(fits_one(d, b.inner_cm) for b in cat) for d in dims):
            with pytest.raises(InfeasibleProblemError):
                pack_cartons(items, SMALL, services)
            return
        plan = pack_cartons(items, SMALL, services)
        check_placements(plan, items, SMALL)

        def one_box(group: list[int]) -> int:
            best = None
            for b in cat:
                if len(group) == 1:
                    ok = fits_one(dims[group[0]], b.inner_cm)
                else:
                    ok = fits_pair(dims[0], dims[1], b.inner_cm)
                if not ok:
                    continue
                cost = int(b.cost * 100)
                if ship:
                    w = sum(weights[i] for i in group)
                    q = pack_ship_cost(b, w)
                    cost += q
                best = cost if best is None else min(best, cost)
            return best if best is not None else 10**9

        options = [one_box(list(range(n)))]
        if n == 2:
            options.append(one_box([0]) + one_box([1]))
        assert plan.total().minor == min(options)
        assert plan.orders.proven_optimal.all()

    @settings(max_examples=30)
    @given(
        st.lists(st.tuples(item_st, st.booleans(), st.integers(1, 3)), min_size=1, max_size=4),
        st.sampled_from([0, 8]),
    )
    def test_placements_valid(self, lines: list[tuple[Any, ...]], exact_max: int) -> None:
        dims = [d for d, _, _ in lines]
        items = OrderItems(
            [1] * len(lines), *(list(c) for c in zip(*dims, strict=True)), [0.2] * len(lines),
            quantity=[q for _, _, q in lines], this_side_up=[u for _, u, _ in lines],
        )  # fmt: skip
        try:
            plan = pack_cartons(items, SMALL, exact_max_items=exact_max)
        except InfeasibleProblemError:
            return
        check_placements(plan, items, SMALL)
        assert plan.orders.box_cost.minor[0] == plan.parcels.box_cost.minor.sum()
        if exact_max == 0 and int(items.quantity.sum()) > 1:
            assert plan.orders.method[0] in ("bound", "heuristic")

    def test_many_orders_and_heuristic(self) -> None:
        rng = np.random.default_rng(0)
        n = 60
        oid = rng.integers(0, 20, n)
        dims = rng.choice([3.0, 5.0, 8.0, 12.0], size=(n, 3))
        items = OrderItems(oid, dims[:, 0], dims[:, 1], dims[:, 2], np.full(n, 0.3),
                           quantity=rng.integers(1, 3, n))  # fmt: skip
        plan = pack_cartons(items, POSTAL, exact_max_items=4)
        check_placements(plan, items, POSTAL)
        assert plan.orders.order_id.tolist() == sorted(set(oid.tolist()))
        assert set(plan.orders.method.tolist()) <= {"bound", "exact", "heuristic"}
        assert "heuristic" in plan.orders.method.tolist()
        heur = plan.orders.method == "heuristic"
        assert not plan.orders.proven_optimal[heur].any()


def pack_ship_cost(box: Box, weight_kg: float) -> int:
    """Shipping of one carton with ``dim_service(1000)``, by hand: first kilo ¥10, then
    ¥5 per kilo, on the greater of the weight and L x W x H / 1000 rounded up to 0.5 kg."""
    vol = np.prod([np.ceil(d) for d in (box.outer_length_cm, box.outer_width_cm,
                                        box.outer_height_cm)])  # fmt: skip
    billable = max(np.ceil(weight_kg / 0.5 - 1e-9), np.ceil(vol / 1000 / 0.5 - 1e-9)) * 0.5
    extra = max(0, int(np.ceil(billable - 1 - 1e-9)))
    return 1000 + 500 * extra


class TestExactMethodsAgree:
    """The two exact feasibility methods (enumeration for up to three units, the MILP)
    agree, and both return valid placements."""

    @settings(max_examples=40)
    @given(
        st.lists(st.tuples(st.sampled_from([2.0, 3.0, 4.0, 5.0]), st.sampled_from([2.0, 3.0]),
                           st.sampled_from([1.0, 2.0, 3.0]), st.booleans()),
                 min_size=2, max_size=3),
        st.tuples(st.sampled_from([4.0, 5.0, 6.0]), st.sampled_from([3.0, 4.0, 5.0]),
                  st.sampled_from([2.0, 3.0, 4.0])),
    )  # fmt: skip
    def test_enumeration_equals_milp(
        self, rows: list[tuple[float, float, float, bool]], box: tuple[float, float, float]
    ) -> None:
        from ecomops._logistics.placement import enumerate_pack, milp_pack, overlap

        items = [((a, b, c), up) for a, b, c, up in rows]
        enum = enumerate_pack(items, box)
        milp, proven = milp_pack(items, box, 30.0)
        assert proven
        assert (enum is None) == (milp is None)
        for placed in (enum, milp):
            if placed is None:
                continue
            for (dims, up), p in zip(items, placed, strict=True):
                assert sorted(p[3:]) == sorted(dims)
                if up:
                    assert p[5] == dims[2]
                assert all(p[k] >= -1e-9 and p[k] + p[k + 3] <= box[k] + 1e-6 for k in range(3))
            for i, j in itertools.combinations(range(len(placed)), 2):
                assert not overlap(placed[i], placed[j])
