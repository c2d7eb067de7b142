r"""Cartonization search: bounds over subsets, the partition DP and the heuristic (private).

Algorithm (documented in `pack_cartons`), for orders of at most
``exact_max_items`` units, vectorised over the orders of each size:

1. **Bounds** for every order x subset of its units x carton: each unit fits
   alone, volume and weight fit, every pair fits (exact for two units: an axis
   separates them), and the units longer than half the carton across an axis stack
   along it (Martello, Pisinger and Vigo 2000); a column stack along one carton
   axis proves fit and gives placements.
2. **Lazy set-partition DP**: the least-cost partition of each order's units into
   cartons, on lower bounds (each subset's cheapest carton passing the bounds);
   subsets on the optimal path whose carton is not yet proven are settled
   geometrically, all those of one round in one batch (exact enumeration of
   orientations and separating axes for up to four units, vectorised over the
   subsets; for more, an extreme-point heuristic, every three units checked, then
   a MILP on HiGHS), and the DP runs again until its optimum is proven.
3. **Heuristic** (larger orders): extreme-point best fit into the cheapest carton
   that takes everything, else a greedy split filling the largest carton first,
   each part then moved to its cheapest carton that takes it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from ecomops._core.typing import BoolArray, FloatArray, IntArray
from ecomops._logistics.boxes import Box
from ecomops._logistics.placement import PERMS, TOL, UPRIGHT, Item, Packer
from ecomops._logistics.quote import shop_rates
from ecomops._logistics.rules import Service
from ecomops._logistics.units import SNAP, ParcelBatch, StrArray
from ecomops.exceptions import InfeasibleProblemError

__all__ = [
    "GroupContext",
    "OrderSolution",
    "Part",
    "Shipper",
    "exact_group",
    "forced_extents",
    "solve_heuristic",
    "unit_extents",
]


def unit_extents(
    dims: FloatArray, upright: BoolArray, box: FloatArray
) -> tuple[FloatArray, IntArray]:
    """Per unit, box and stacking axis k: the least extent along k of an orientation
    whose other two extents fit the box, and that orientation (inf / -1 if none).

    Shapes: dims (U, 3), upright (U,), box (B, 3) -> (U, B, 3).
    """
    ext = dims[:, PERMS]  # (U, 6, 3): extent along box axis k of orientation o
    allowed = np.where(upright[:, None], UPRIGHT[None, :], True)  # (U, 6)
    fit = ext[:, None, :, :] <= box[None, :, None, :] + TOL  # (U, B, 6, 3)
    best = np.full((dims.shape[0], box.shape[0], 3), np.inf)
    which = np.full((dims.shape[0], box.shape[0], 3), -1, dtype=np.int64)
    for k in range(3):
        others = [j for j in range(3) if j != k]
        ok = fit[..., others[0]] & fit[..., others[1]] & allowed[:, None, :]  # (U, B, 6)
        val = np.where(ok, ext[:, None, :, k], np.inf)
        which[..., k] = np.where(np.isfinite(val).any(axis=2), np.argmin(val, axis=2), -1)
        best[..., k] = val.min(axis=2)
    return best, which


def forced_extents(dims: FloatArray, upright: BoolArray, box: FloatArray) -> FloatArray:
    """Per unit, box and axis k: the unit's least extent along k if, in every allowed
    orientation that fits the box, it is longer than half the box along both other
    axes (two such units cannot sit side by side, so they stack along k); else 0.

    The sum over a set of units must not exceed the box along k (Martello, Pisinger
    and Vigo 2000, bound L1 with p = half the box).
    """
    ext = dims[:, PERMS]  # (U, 6, 3)
    allowed = np.where(upright[:, None], UPRIGHT[None, :], True)
    fits = np.all(ext[:, None, :, :] <= box[None, :, None, :] + TOL, axis=3)
    fits &= allowed[:, None, :]
    half = box[None, :, None, :] / 2.0 + TOL
    out = np.zeros((dims.shape[0], box.shape[0], 3))
    for k in range(3):
        o1, o2 = (j for j in range(3) if j != k)
        big = (ext[:, None, :, o1] > half[..., o1]) & (ext[:, None, :, o2] > half[..., o2])
        forced = fits.any(axis=2) & np.all(~fits | big, axis=2)  # (U, B)
        least = np.where(fits, ext[:, None, :, k], np.inf).min(axis=2)
        out[..., k] = np.where(forced, least, 0.0)
    return out


# ---------------------------------------------------------------------------
# Shipping cost of candidate cartons
# ---------------------------------------------------------------------------


class Shipper:
    """Cheapest shipping of (lane, box, gross weight) rows, batched through shop_rates."""

    def __init__(self, services: Sequence[Service] | None, boxes: Sequence[Box], ship_date: Any):
        self.services = list(services) if services is not None else None
        self.outer = np.array(
            [(b.outer_length_cm, b.outer_width_cm, b.outer_height_cm) for b in boxes]
        )
        self.ship_date = ship_date

    def cost(
        self, origin: StrArray, destination: StrArray, box: IntArray, gross_kg: FloatArray
    ) -> tuple[IntArray, StrArray]:
        """Minor units (-1 where no service carries it) and the service label."""
        n = box.size
        if self.services is None or n == 0:
            return np.zeros(n, np.int64), np.full(n, "", dtype="<U1")
        d = self.outer[box]
        batch = ParcelBatch(gross_kg, d[:, 0], d[:, 1], d[:, 2], origin, destination)
        plan = shop_rates(batch, self.services, ship_date=self.ship_date)
        ok = plan.service_index >= 0
        return np.where(ok, plan.cost.minor, -1), plan.service


# ---------------------------------------------------------------------------
# Per-order search
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class Part:
    units: list[int]  # local unit indices
    box: int
    box_cost: int
    ship: int
    service: str
    placements: list[tuple[float, ...]]


@dataclasses.dataclass
class OrderSolution:
    parts: list[Part]
    proven: bool
    method: str


def solve_heuristic(
    items: list[Item],
    lane: tuple[str, str],
    packer: Packer,
    shipper: Shipper,
    box_cost: IntArray,
) -> OrderSolution:
    """Large orders: the cheapest single carton the extreme-point packer fills, or a
    greedy split (largest carton first, each part re-boxed), whichever costs less."""
    n = len(items)
    n_b = box_cost.size
    single: dict[int, tuple[int, Part] | None] = {}

    def best_single(m: int) -> tuple[int, Part] | None:
        if m in single:
            return single[m]
        units = [i for i in range(n) if m >> i & 1]
        sub = [items[i] for i in units]
        w = sum(x[2] for x in sub)
        bb = np.arange(n_b)
        ship, label = shipper.cost(
            np.full(n_b, lane[0]), np.full(n_b, lane[1]), bb, w + np.array(packer.tare)
        )
        found = None
        for _, _, b in sorted(
            (int(ship[b] + box_cost[b]), packer.vol[b], b) for b in range(n_b) if ship[b] >= 0
        ):
            placed = packer.pack(sub, b, False)
            if placed is not None:
                part = Part(units, b, int(box_cost[b]), int(ship[b]), str(label[b]), placed)
                found = (int(ship[b] + box_cost[b]), part)
                break
        single[m] = found
        return found

    options: list[tuple[int, list[Part]]] = []
    one = best_single((1 << n) - 1)
    if one is not None:
        options.append((one[0], [one[1]]))
    greedy = _greedy_split(items, packer, best_single)
    if greedy is not None:
        options.append(greedy)
    if not options:
        raise InfeasibleProblemError("no carton (or set of cartons) takes this order's items")
    _, parts = min(options, key=lambda t: (t[0], len(t[1])))
    return OrderSolution(parts, False, "heuristic")


@dataclasses.dataclass
class GroupContext:
    extent: FloatArray  # (U, B, 3)
    which: IntArray  # (U, B, 3)
    forced: FloatArray  # (U, B, 3)
    alone: BoolArray  # (U, B)
    dims: FloatArray  # (U, 3)
    upright: BoolArray  # (U,)
    wt: FloatArray  # (U,)
    inner: FloatArray  # (B, 3)
    vol_b: FloatArray
    tare: FloatArray
    maxw: FloatArray
    box_cost: IntArray
    shipper: Shipper
    packer: Packer


_BIG = np.iinfo(np.int64).max // 8


def exact_group(
    ctx: GroupContext, unit_idx: IntArray, lanes: tuple[StrArray, StrArray]
) -> list[tuple[list[Part] | None, bool, str]]:
    """Exact least-cost plans of G orders of n units each (vectorised over orders).

    Every subset (mask) of an order's units gets its cheapest carton: boxes in cost
    order; a box passing the necessary tests and the column-stack test is feasible
    (for one or two units the column stack is exact: two boxes fit iff an axis
    separates them); a cheaper box passing only the necessary tests is settled by
    the extreme-point packer, then an exact search. A set-partition dynamic programme over
    masks, vectorised over orders, then picks the cheapest split.
    """
    subsets = _Subsets(unit_idx.shape[1])
    tests = _subset_tests(ctx, unit_idx, subsets)
    cost, ship, labels = _subset_costs(ctx, tests, lanes)
    cost[~tests.necessary] = _BIG
    candidates = _Candidates(ctx, cost, tests.sufficient, subsets.size)
    search = _lazy_search(ctx, unit_idx, subsets, candidates)
    return _order_plans(ctx, unit_idx, subsets, tests, search, ship, labels)


@dataclasses.dataclass(frozen=True)
class _Subsets:
    """The non-empty subsets of n units, as masks 1 .. 2**n - 1."""

    n: int

    @property
    def count(self) -> int:
        return (1 << self.n) - 1

    @property
    def bits(self) -> BoolArray:  # (M, n)
        masks = np.arange(1, self.count + 1)[:, None]
        return ((masks >> np.arange(self.n)[None, :]) & 1).astype(bool)

    @property
    def size(self) -> IntArray:  # (M,)
        return np.asarray(self.bits.sum(axis=1), dtype=np.int64)


@dataclasses.dataclass(frozen=True)
class _SubsetTests:
    necessary: BoolArray  # (G, M, B): passes every necessary test
    sufficient: BoolArray  # (G, M, B): and a column stack proves fit
    stack_ok: BoolArray  # (G, M, B, 3): the column stack along each axis fits
    gross: FloatArray  # (G, M, B): gross weight [kg]


def _subset_tests(ctx: GroupContext, unit_idx: IntArray, subsets: _Subsets) -> _SubsetTests:
    """Per (order, subset, box): necessary and column-stack tests."""
    mf = subsets.bits.astype(np.float64)  # (M, n)
    bad = (~ctx.alone[unit_idx]).astype(np.float64)  # (G, n, B)
    fits_all = np.einsum("mn,gnb->gmb", mf, bad) == 0
    vol = ctx.dims.prod(axis=1)[unit_idx] @ mf.T  # (G, M)
    w = ctx.wt[unit_idx] @ mf.T
    gross = w[:, :, None] + ctx.tare[None, None, :]
    necessary = (
        fits_all
        & (vol[:, :, None] <= ctx.vol_b[None, None, :] * (1 + SNAP))
        & (gross <= ctx.maxw[None, None, :] * (1 + SNAP))
    )
    forced = np.einsum("mn,gnbk->gmbk", mf, ctx.forced[unit_idx])
    necessary &= np.all(forced <= ctx.inner[None, None, :, :] + TOL, axis=3)
    ext = np.where(np.isfinite(ctx.extent), ctx.extent, 1e12)[unit_idx]  # (G, n, B, 3)
    stack = np.einsum("mn,gnbk->gmbk", mf, ext)
    stack_ok = stack <= ctx.inner[None, None, :, :] + TOL
    sufficient = necessary & stack_ok.any(axis=3)
    # every pair inside a subset must fit on its own (exact for two units): a
    # necessary test that prunes most cheap boxes before any geometric search
    size = subsets.size
    pair_masks = [i for i in range(subsets.count) if size[i] == 2]
    for i in range(subsets.count):
        if size[i] >= 3:
            for pm in pair_masks:
                if (pm + 1) & (i + 1) == pm + 1:
                    necessary[:, i, :] &= sufficient[:, pm, :]
    return _SubsetTests(necessary, sufficient, stack_ok, gross)


def _subset_costs(
    ctx: GroupContext, tests: _SubsetTests, lanes: tuple[StrArray, StrArray]
) -> tuple[IntArray, IntArray, dict[tuple[int, int, int], str]]:
    """Carton plus shipping cost, shipping alone and the service, per candidate cell."""
    g_n, n_m, n_b = tests.gross.shape
    gi, mi, bi = np.nonzero(tests.necessary)
    ship_cells, label_cells = ctx.shipper.cost(
        lanes[0][gi], lanes[1][gi], bi, tests.gross[gi, mi, bi]
    )
    cost = np.full((g_n, n_m, n_b), _BIG, dtype=np.int64)
    ship = np.full((g_n, n_m, n_b), -1, dtype=np.int64)
    carried = ship_cells >= 0
    cost[gi[carried], mi[carried], bi[carried]] = ship_cells[carried] + ctx.box_cost[bi[carried]]
    ship[gi, mi, bi] = ship_cells
    labels: dict[tuple[int, int, int], str] = {}
    if ctx.shipper.services is not None:
        for g, m, b, lab in zip(gi.tolist(), mi.tolist(), bi.tolist(), label_cells.tolist(),
                                strict=True):  # fmt: skip
            labels[(g, m, b)] = lab
    return cost, ship, labels


class _Candidates:
    """Each subset's boxes in cost order (ties: smaller carton, then catalogue order)
    and a pointer to its current candidate."""

    def __init__(
        self, ctx: GroupContext, cost: IntArray, sufficient: BoolArray, size: IntArray
    ) -> None:
        g_n, n_m, n_b = cost.shape
        self.n_b = n_b
        self.order = np.lexsort(
            (np.broadcast_to(np.arange(n_b), cost.shape), np.broadcast_to(ctx.vol_b, cost.shape),
             cost), axis=2,
        )  # fmt: skip
        self.cost_sorted = np.take_along_axis(cost, self.order, axis=2)
        cand = self.cost_sorted < _BIG
        self.suff_sorted = np.take_along_axis(sufficient, self.order, axis=2) & cand
        # for one or two units the column stack is exact: start at the first sufficient box
        has_suff = self.suff_sorted.any(axis=2)
        first_suff = np.where(has_suff, np.argmax(self.suff_sorted, axis=2), n_b)
        self.ptr = np.where(size[None, :] <= 2, first_suff, 0)
        self.verified = np.zeros((g_n, n_m), dtype=bool)

    def current(self, rows: IntArray) -> tuple[IntArray, IntArray, BoolArray]:
        """Cost, box and proven fit of each subset's current candidate, for some orders."""
        ptr = self.ptr[rows]
        p = np.minimum(ptr, self.n_b - 1)[..., None]
        c = np.take_along_axis(self.cost_sorted[rows], p, axis=2)[..., 0]
        c = np.where(ptr < self.n_b, c, _BIG)
        box = np.take_along_axis(self.order[rows], p, axis=2)[..., 0]
        ok = np.take_along_axis(self.suff_sorted[rows], p, axis=2)[..., 0] & (ptr < self.n_b)
        return c, box, ok | self.verified[rows]


@dataclasses.dataclass
class _SearchResult:
    plans: dict[int, list[tuple[int, int]]]  # per order: (subset, box) parts; [] infeasible
    placed: dict[tuple[int, int, int], list[tuple[float, ...]]]  # found by a geometric search
    searched: BoolArray  # (G,) a geometric search ran
    unproven: BoolArray  # (G,) a MILP hit its time limit


def _dp_parts(choice: IntArray, box: IntArray, n_m: int) -> list[tuple[int, int]]:
    """The (subset, box) parts of one order's optimal partition."""
    parts = []
    m = n_m
    while m:
        sm = int(choice[m])
        parts.append((sm - 1, int(box[sm - 1])))
        m ^= sm
    return parts


def _lazy_search(
    ctx: GroupContext, unit_idx: IntArray, subsets: _Subsets, cand: _Candidates
) -> _SearchResult:
    """The partition DP on lower bounds (each subset's cheapest candidate box); subsets
    of the optimum whose box is not yet known to fit are settled by the extreme-point
    packer or an exact search, and the DP runs again."""
    g_n, n_m, bits = unit_idx.shape[0], subsets.count, subsets.bits
    out = _SearchResult({}, {}, np.zeros(g_n, dtype=bool), np.zeros(g_n, dtype=bool))
    active = np.arange(g_n)
    while active.size:
        c, box, ok = cand.current(active)
        best, choice = _partition_dp(c)
        still: list[int] = []
        requests: list[tuple[list[Item], int]] = []
        owners: list[tuple[int, int, int]] = []
        for r, g in enumerate(active.tolist()):
            parts = [] if best[r, n_m] >= _BIG else _dp_parts(choice[r], box[r], n_m)
            pending = [(mi_, b_) for mi_, b_ in parts if not ok[r, mi_]]
            if not pending:
                out.plans[g] = parts
                continue
            out.searched[g] = True
            for mi_, b_ in pending:
                units = unit_idx[g][bits[mi_]]
                sub = [
                    ((float(ctx.dims[u, 0]), float(ctx.dims[u, 1]), float(ctx.dims[u, 2])),
                     bool(ctx.upright[u]), float(ctx.wt[u]))
                    for u in units.tolist()
                ]  # fmt: skip
                requests.append((sub, b_))
                owners.append((g, mi_, b_))
            still.append(g)
        # every pending subset of every order of this round settled in one batch
        for (g, mi_, b_), (placed, unproven) in zip(
            owners, ctx.packer.pack_many(requests), strict=True
        ):
            out.unproven[g] |= unproven
            if placed is not None:
                cand.verified[g, mi_] = True
                out.placed[(g, mi_, b_)] = placed
            else:
                cand.ptr[g, mi_] += 1
        active = np.array(still, dtype=np.int64)
    return out


def _order_plans(
    ctx: GroupContext,
    unit_idx: IntArray,
    subsets: _Subsets,
    tests: _SubsetTests,
    search: _SearchResult,
    ship: IntArray,
    labels: dict[tuple[int, int, int], str],
) -> list[tuple[list[Part] | None, bool, str]]:
    """Per order: its cartons with placements (None if infeasible), proof and method."""
    bits = subsets.bits
    out: list[tuple[list[Part] | None, bool, str]] = []
    for g in range(unit_idx.shape[0]):
        if not search.plans[g]:
            out.append((None, False, ""))
            continue
        parts_out: list[Part] = []
        for mi_, b in search.plans[g]:
            local = [i for i in range(subsets.n) if bits[mi_, i]]
            placed = search.placed.get((g, mi_, b))
            if placed is None:
                placed = _stack_placements(ctx, unit_idx[g][local], b, tests.stack_ok[g, mi_, b])
            parts_out.append(
                Part(local, b, int(ctx.box_cost[b]), int(ship[g, mi_, b]),
                     labels.get((g, mi_, b), ""), placed)
            )  # fmt: skip
        method = "exact" if search.searched[g] else "bound"
        out.append((parts_out, not search.unproven[g], method))
    return out


def _partition_dp(single: IntArray) -> tuple[IntArray, IntArray]:
    """Set-partition DP over masks, vectorised over rows: ``best[:, m]`` is the least
    total of ``single[:, s - 1]`` over partitions of mask ``m`` (ties: fewer parts),
    ``choice[:, m]`` the part holding ``m``'s lowest unit."""
    g_n, n_m = single.shape
    best = np.full((g_n, n_m + 1), _BIG, dtype=np.int64)
    nbox = np.zeros((g_n, n_m + 1), dtype=np.int64)
    choice = np.zeros((g_n, n_m + 1), dtype=np.int64)
    best[:, 0] = 0
    for m in range(1, n_m + 1):
        low = m & -m
        rest = m ^ low
        subm = rest
        while True:
            sm = subm | low
            cand = np.minimum(single[:, sm - 1] + best[:, m ^ sm], _BIG)
            k = 1 + nbox[:, m ^ sm]
            better = (cand < best[:, m]) | ((cand == best[:, m]) & (k < nbox[:, m]))
            better &= cand < _BIG
            best[:, m] = np.where(better, cand, best[:, m])
            nbox[:, m] = np.where(better, k, nbox[:, m])
            choice[:, m] = np.where(better, sm, choice[:, m])
            if subm == 0:
                break
            subm = (subm - 1) & rest
    return best, choice


def _stack_placements(
    ctx: GroupContext, units: IntArray, b: int, axes_ok: BoolArray
) -> list[tuple[float, ...]]:
    """Units stacked along the first box axis whose column fits."""
    k = int(np.argmax(axes_ok))
    ext = np.take_along_axis(ctx.dims[units], PERMS[ctx.which[units, b, k]], axis=1)  # (n, 3)
    corner = np.zeros_like(ext)
    corner[1:, k] = np.cumsum(ext[:-1, k])  # each unit on top of the ones before it
    return [tuple(row) for row in np.c_[corner, ext].tolist()]


def _greedy_split(
    items: list[Item],
    packer: Packer,
    best_single: Any,
) -> tuple[int, list[Part]] | None:
    """Fill the largest carton first (decreasing volume), repeat; then re-box each part."""
    n = len(items)
    remaining = sorted(range(n), key=lambda i: -np.prod(items[i][0]))
    big = int(np.argmax(packer.vol))
    parts: list[Part] = []
    total = 0
    while remaining:
        group: list[int] = []
        for i in list(remaining):
            trial = [*group, i]
            if packer.pack([items[j] for j in trial], big, False, quick=True) is not None:
                group = trial
        if not group:
            return None
        for i in group:
            remaining.remove(i)
        m = sum(1 << i for i in group)
        one = best_single(m)
        if one is None:
            return None
        total += one[0]
        parts.append(one[1])
    return total, parts
