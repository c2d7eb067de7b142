"""Cartonization of identical units as whole grids, and py3dbp's own tracker examples.

The examples come from the issues of py3dbp's repository (enzoruiz/3dbinpacking);
each names its issue number. pack_cartons must never need more cartons than
py3dbp 1.1.2 does, filling one bin after another (checked when py3dbp is
installed), and every placement must be valid.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops._logistics.placement import TOL, grid_pack, overlap
from ecomops.logistics import OrderItems, pack_cartons
from tests.test_logistics_packing import catalogue, check_placements

Dims = tuple[float, float, float]

# (issue, bin inner (L, W, H), lines (l, w, h, quantity), cartons ecomops needs)
TRACKER = [
    # 27 cartons of 65 x 66 x 83 fit one 200 x 200 x 300 bin as a 3 x 3 x 3 grid
    ("#6", (200, 200, 300), [(65, 66, 83, 27)], 1),
    # the same reporter's 100 cartons: 27 per bin, so at least 4 bins
    ("#6", (200, 200, 300), [(65, 66, 83, 100)], 4),
    # a comment on #6: three 40 x 30 x 30 in 90 x 40 x 30, py3dbp fitted two
    ("#6", (90, 40, 30), [(40, 30, 30, 3)], 1),
    # ten 2-cubes in a 4-cube: eight fit
    ("#1", (4, 4, 4), [(2, 2, 2, 10)], 2),
    # the answer changed with the order of an item's sides
    ("#14", (3, 3, 3), [(3, 3, 1, 2), (3, 2, 1, 1)], 1),
    ("#14", (3, 3, 3), [(3, 3, 1, 2), (1, 2, 3, 1)], 1),
    # three 60 x 60 x 20 slabs fill a 60-cube; a 20-cube on top needs a second bin
    ("#22", (60, 60, 60), [(60, 60, 20, 1), (60, 20, 60, 1), (20, 60, 60, 1)], 1),
    (
        "#22",
        (60, 60, 60),
        [(60, 60, 20, 1), (60, 20, 60, 1), (20, 60, 60, 1), (20, 20, 20, 1)],
        2,
    ),
    # the README's nine powders, in the large box (#25) and the large-2 box (#12)
    ("#25", (12.0, 12.0, 5.5), [(3.9370, 1.9685, 1.9685, 3), (7.8740, 3.9370, 1.9685, 6)], 1),
    ("#12", (23.6875, 11.75, 3.0), [(3.9370, 1.9685, 1.9685, 3), (7.8740, 3.9370, 1.9685, 6)], 1),
]
IDS = [f"{t[0]}-{i}" for i, t in enumerate(TRACKER)]


def _order(lines: list[tuple[float, float, float, int]]) -> OrderItems:
    return OrderItems(
        [1] * len(lines),
        [ln[0] for ln in lines],
        [ln[1] for ln in lines],
        [ln[2] for ln in lines],
        [0.1] * len(lines),
        quantity=[ln[3] for ln in lines],
    )


@pytest.mark.parametrize(("issue", "box", "lines", "expected"), TRACKER, ids=IDS)
def test_tracker_examples(issue: str, box: Dims, lines: Any, expected: int) -> None:
    boxes = catalogue(("bin", *box, "1"))
    items = _order(lines)
    plan = pack_cartons(items, boxes)
    assert plan.orders.n_boxes.tolist() == [expected], issue
    check_placements(plan, items, boxes)


def _py3dbp_bins(py3dbp: Any, box: Dims, lines: Any) -> int:
    """Bins py3dbp 1.1.2 fills one after another (largest items first) until all fit."""
    flat = [ln[:3] for ln in lines for _ in range(ln[3])]
    remaining = list(range(len(flat)))
    bins = 0
    while remaining:
        packer = py3dbp.Packer()
        packer.add_bin(py3dbp.Bin("bin", *box, 1e9))
        for i in remaining:
            packer.add_item(py3dbp.Item(str(i), *flat[i], 1))
        packer.pack(bigger_first=True)
        fitted = {int(it.name) for it in packer.bins[0].items}
        assert fitted, "py3dbp fitted nothing"
        remaining = [i for i in remaining if i not in fitted]
        bins += 1
    return bins


@pytest.mark.parametrize(("issue", "box", "lines", "expected"), TRACKER, ids=IDS)
def test_never_worse_than_py3dbp(issue: str, box: Dims, lines: Any, expected: int) -> None:
    py3dbp = pytest.importorskip("py3dbp")
    assert expected <= _py3dbp_bins(py3dbp, box, lines), issue


def test_27_cartons_one_grid() -> None:
    # pack_cartons used two bins (24 + 3): its extreme-point heuristic tried one
    # orientation order only
    boxes = catalogue(("bin", 200, 200, 300, "1"))
    items = _order([(65, 66, 83, 27)])
    plan = pack_cartons(items, boxes)
    assert plan.orders.n_boxes.tolist() == [1]
    assert plan.orders.method.tolist() == ["heuristic"]
    pl = plan.placements
    assert sorted({round(float(v), 6) for v in pl.dz_cm}) == [83.0]
    assert (
        len(
            {
                (float(x), float(y), float(z))
                for x, y, z in zip(pl.x_cm, pl.y_cm, pl.z_cm, strict=True)
            }
        )
        == 27
    )


def _valid(placed: list[tuple[float, ...]], box: Dims, dims: Dims, upright: bool) -> None:
    for p in placed:
        assert sorted(p[3:]) == pytest.approx(sorted(dims))
        if upright:
            assert p[5] == dims[2]
        for k in range(3):
            assert p[k] >= -TOL
            assert p[k] + p[k + 3] <= box[k] + 1e-6
    for i in range(len(placed)):
        for j in range(i + 1, len(placed)):
            assert not overlap(placed[i], placed[j])


def test_two_orientation_blocks() -> None:
    # 2 x 1 x 1 units kept upright in a 5 x 3 x 1 tray: one grid takes 6, a block of
    # 2 x 3 lying along x and a column of 1 x 2 in the last centimetre take 7
    geo = [((2.0, 1.0, 1.0), True)] * 7
    placed = grid_pack(geo, (5.0, 3.0, 1.0))
    assert placed is not None
    _valid(placed, (5.0, 3.0, 1.0), (2.0, 1.0, 1.0), True)
    assert grid_pack([((2.0, 1.0, 1.0), True)] * 8, (5.0, 3.0, 1.0)) is None


def test_mixed_units_are_not_grids() -> None:
    assert grid_pack([((1.0, 1.0, 1.0), False), ((1.0, 1.0, 2.0), False)], (4.0, 4.0, 4.0)) is None


side = st.integers(1, 12).map(float)


@given(st.tuples(side, side, side), st.tuples(side, side, side), st.booleans(), st.integers(1, 40))
def test_grid_placements_are_valid(dims: Dims, box: Dims, upright: bool, n: int) -> None:
    placed = grid_pack([(dims, upright)] * n, box)
    if placed is not None:
        assert len(placed) == n
        _valid(placed, box, dims, upright)
