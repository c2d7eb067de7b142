"""Placement of units in one carton: extreme points, exact enumeration of orientations
and separating axes (batched), MILP (private).

Placements are tuples ``(x, y, z, dx, dy, dz)`` in cm, the corner and the
extents along the carton's inner length, width and height.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np

from ecomops._core.typing import BoolArray, FloatArray, IntArray
from ecomops._logistics.boxes import Box
from ecomops._logistics.units import SNAP

__all__ = [
    "PERMS",
    "TOL",
    "UPRIGHT",
    "Item",
    "Packer",
    "enumerate_pack",
    "ep_multi",
    "ep_pack",
    "fits_alone",
    "fits_sorted",
    "grid_pack",
    "milp_pack",
    "orientations",
    "overlap",
    "separation_many",
    "separation_pack",
]

#: A unit to pack: its (length, width, height) [cm], "this side up", its weight [kg].
Item: TypeAlias = tuple[tuple[float, float, float], bool, float]

TOL = 1e-9  # geometric tolerance [cm]
#: the most units `separation_pack` settles (3^6 axis assignments for four; 3^10 for five)
SEPARATION_MAX_UNITS = 4

# the six axis permutations: orientation o puts item dimension PERMS[o][k] along box axis k
PERMS = np.array(list(itertools.permutations(range(3))), dtype=np.int64)
# with "this side up" the item's height (index 2) stays on the box's height axis
UPRIGHT = np.array([p[2] == 2 for p in PERMS.tolist()], dtype=bool)


def orientations(dims: tuple[float, float, float], upright: bool) -> list[tuple[float, ...]]:
    """Distinct placed extents (along box x, y, z) of an item."""
    seen: list[tuple[float, ...]] = []
    for o, perm in enumerate(PERMS.tolist()):
        if upright and not UPRIGHT[o]:
            continue
        ext = tuple(dims[p] for p in perm)
        if ext not in seen:
            seen.append(ext)
    return seen


def overlap(a: Sequence[float], b: Sequence[float]) -> bool:
    """Whether two placed boxes (x, y, z, dx, dy, dz) share interior volume."""
    return all(a[k] < b[k] + b[k + 3] - TOL and b[k] < a[k] + a[k + 3] - TOL for k in range(3))


def ep_pack(
    items: Sequence[tuple[tuple[float, float, float], bool]],
    box: tuple[float, float, float],
    order: Sequence[int] | None = None,
    flat_axis: int = 2,
) -> list[tuple[float, ...]] | None:
    """Extreme-point best fit (Crainic, Perboli and Tadei 2008): placements or None.

    Items go in by decreasing volume (or ``order``); each at the lowest (z, y, x)
    extreme point where some allowed orientation fits without overlap, trying
    every orientation at every point (py3dbp tries only the first orientation
    that fits the bounds), the one with the shortest extent along ``flat_axis``
    first (default the height: lying flat).
    """
    if order is None:
        order = sorted(range(len(items)), key=lambda i: (-_prod(items[i][0]), -max(items[i][0]), i))
    rest = [j for j in range(3) if j != flat_axis]
    placed: list[tuple[float, ...]] = []
    out: list[tuple[float, ...] | None] = [None] * len(items)
    points = [(0.0, 0.0, 0.0)]
    for i in order:
        dims, upright = items[i]
        exts = sorted(
            orientations(dims, upright), key=lambda e: (e[flat_axis], -e[rest[0]] * e[rest[1]])
        )
        chosen = None
        for p in sorted(points, key=lambda q: (q[2], q[1], q[0])):
            for e in exts:
                if any(p[k] + e[k] > box[k] + TOL for k in range(3)):
                    continue
                cand = (*p, *e)
                if any(overlap(cand, q) for q in placed):
                    continue
                chosen = cand
                break
            if chosen is not None:
                break
        if chosen is None:
            return None
        placed.append(chosen)
        out[i] = chosen
        x, y, z, dx, dy, dz = chosen
        points.remove((x, y, z))
        for new in ((x + dx, y, z), (x, y + dy, z), (x, y, z + dz)):
            for proj in (new, *_projections(new, placed)):
                if proj not in points and all(proj[k] < box[k] - TOL for k in range(3)):
                    points.append(proj)
    return [p for p in out if p is not None]


def _count(length: float, e: float) -> int:
    """How many extents ``e`` fit along ``length`` (within the tolerance)."""
    c = int(length // e)
    while (c + 1) * e <= length + TOL:
        c += 1
    while c > 0 and c * e > length + TOL:
        c -= 1
    return c


def _cells(
    e: tuple[float, ...], counts: Sequence[int], origin: Sequence[float], n: int
) -> list[tuple[float, ...]]:
    """The first ``n`` cells of a grid of extents ``e``, bottom layer first."""
    out: list[tuple[float, ...]] = []
    for iz, iy, ix in itertools.product(*(range(c) for c in counts[::-1])):
        if len(out) == n:
            break
        pos = (origin[0] + ix * e[0], origin[1] + iy * e[1], origin[2] + iz * e[2])
        out.append((*pos, *e))
    return out


def grid_pack(
    items: Sequence[tuple[tuple[float, float, float], bool]],
    box: tuple[float, float, float],
) -> list[tuple[float, ...]] | None:
    """Identical units as whole grids: placements, or None if no grid takes them.

    Every allowed orientation is tried as one grid filling the box (which covers
    every factorisation a x b x c >= n that fits), then every split
    of the box along one axis into two grids of two orientations (a layer of
    units lying down beside a block standing up). Units that are not all
    identical give None at once.
    """
    n = len(items)
    if n == 0 or any(it != items[0] for it in items[1:]):
        return None
    dims, upright = items[0]
    exts = orientations(dims, upright)
    counts = {e: [_count(box[k], e[k]) for k in range(3)] for e in exts}
    for e in exts:
        c = counts[e]
        if c[0] * c[1] * c[2] >= n:
            return _cells(e, c, (0.0, 0.0, 0.0), n)
    for k in range(3):
        others = [j for j in range(3) if j != k]
        for a in exts:
            per_layer_a = counts[a][others[0]] * counts[a][others[1]]
            if per_layer_a == 0:
                continue
            for layers in range(1, counts[a][k]):
                rest = box[k] - layers * a[k]
                for b in exts:
                    per_layer_b = counts[b][others[0]] * counts[b][others[1]]
                    if layers * per_layer_a + _count(rest, b[k]) * per_layer_b < n:
                        continue
                    ca = list(counts[a])
                    ca[k] = layers
                    first = _cells(a, ca, (0.0, 0.0, 0.0), min(n, layers * per_layer_a))
                    cb = list(counts[b])
                    cb[k] = _count(rest, b[k])
                    origin = [0.0, 0.0, 0.0]
                    origin[k] = layers * a[k]
                    return first + _cells(b, cb, origin, n - len(first))
    return None


def _prod(d: Sequence[float]) -> float:
    return float(d[0] * d[1] * d[2])


def ep_multi(
    items: Sequence[tuple[tuple[float, float, float], bool]],
    box: tuple[float, float, float],
) -> list[tuple[float, ...]] | None:
    """Extreme-point packing tried with three item orders (volume, longest side,
    largest face) times three orientation orders (shortest extent along the
    height, the width, the length)."""
    n = len(items)
    keys = [
        lambda i: (-_prod(items[i][0]), -max(items[i][0]), i),
        lambda i: (-max(items[i][0]), -_prod(items[i][0]), i),
        lambda i: (-sorted(items[i][0])[1] * max(items[i][0]), i),
    ]
    orders = [tuple(sorted(range(n), key=k)) for k in keys]
    tried: set[tuple[tuple[int, ...], int]] = set()
    for flat_axis in (2, 1, 0):
        for order in orders:
            if (order, flat_axis) in tried:
                continue
            tried.add((order, flat_axis))
            placed = ep_pack(items, box, order, flat_axis)
            if placed is not None:
                return placed
    return None


def _projections(
    p: tuple[float, float, float], placed: Sequence[tuple[float, ...]]
) -> list[tuple[float, float, float]]:
    """``p`` slid towards the origin along each axis until it meets an item or a wall."""
    out = []
    for k in range(3):
        stop = 0.0
        for q in placed:
            top = q[k] + q[k + 3]
            others = [j for j in range(3) if j != k]
            inside = all(q[j] - TOL <= p[j] < q[j] + q[j + 3] - TOL for j in others)
            if inside and top <= p[k] + TOL:
                stop = max(stop, top)
        if stop < p[k] - TOL:
            moved = list(p)
            moved[k] = stop
            out.append((moved[0], moved[1], moved[2]))
    return out


def milp_pack(
    items: Sequence[tuple[tuple[float, float, float], bool]],
    box: tuple[float, float, float],
    time_limit: float,
) -> tuple[list[tuple[float, ...]] | None, bool]:
    """Exact feasibility by MILP (Chen, Lee and Shen 1995): (placements or None, proven)."""
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(items)
    exts = [orientations(d, up) for d, up in items]
    # variable layout: positions (3n), orientation binaries, pair binaries (6 per pair)
    o_start = [3 * n]
    for e in exts:
        o_start.append(o_start[-1] + len(e))
    pairs = list(itertools.combinations(range(n), 2))
    p_start = o_start[-1]
    n_var = p_start + 6 * len(pairs)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []
    r = 0

    def add(terms: list[tuple[int, float]], lower: float, upper: float) -> None:
        nonlocal r
        for c, v in terms:
            rows.append(r)
            cols.append(c)
            vals.append(v)
        lo.append(lower)
        hi.append(upper)
        r += 1

    for i in range(n):
        add([(o_start[i] + j, 1.0) for j in range(len(exts[i]))], 1.0, 1.0)
        for k in range(3):  # x_i + ext_i <= box
            terms = [(3 * i + k, 1.0)] + [(o_start[i] + j, e[k]) for j, e in enumerate(exts[i])]
            add(terms, -np.inf, box[k])
    # symmetry: mirroring the box along an axis keeps a packing valid, so the first
    # unit may be put in the lower half (x_0 + ext_0 / 2 <= X / 2) along every axis
    for k in range(3):
        terms = [(k, 1.0)] + [(o_start[0] + j, e[k] / 2.0) for j, e in enumerate(exts[0])]
        add(terms, -np.inf, box[k] / 2.0)
    # identical units are interchangeable: order them by x + X y + X Y z
    weights = (1.0, box[0] + 1.0, (box[0] + 1.0) * (box[1] + 1.0))
    for i, j in pairs:
        if items[i] == items[j] and all(items[m] != items[i] for m in range(i + 1, j)):
            add([(3 * i + k, weights[k]) for k in range(3)]
                + [(3 * j + k, -weights[k]) for k in range(3)], -np.inf, 0.0)  # fmt: skip
    for t, (i, j) in enumerate(pairs):
        base = p_start + 6 * t
        add([(base + m, 1.0) for m in range(6)], 1.0, np.inf)
        for k in range(3):
            for m, (a, b) in enumerate(((i, j), (j, i))):
                # pos_a + ext_a - pos_b + S * s <= S: a before b along k when s = 1
                terms = [(3 * a + k, 1.0), (3 * b + k, -1.0), (base + 2 * k + m, box[k])]
                terms += [(o_start[a] + q, e[k]) for q, e in enumerate(exts[a])]
                add(terms, -np.inf, box[k])
    a_mat = sparse.coo_array((vals, (rows, cols)), shape=(r, n_var)).tocsr()
    integrality = np.r_[np.zeros(3 * n), np.ones(n_var - 3 * n)]
    upper = np.r_[np.repeat(np.array(box, dtype=float)[None, :], n, axis=0).reshape(-1),
                  np.ones(n_var - 3 * n)]  # fmt: skip
    res = milp(
        np.zeros(n_var), constraints=LinearConstraint(a_mat, lo, hi), integrality=integrality,
        bounds=Bounds(np.zeros(n_var), upper), options={"time_limit": time_limit},
    )  # fmt: skip
    if res.x is None:
        return None, res.status == 2
    x = res.x
    out: list[tuple[float, ...]] = []
    for i in range(n):
        j = int(np.argmax(x[o_start[i] : o_start[i + 1]]))
        ext_i: tuple[float, ...] = exts[i][j]
        pos = [max(0.0, min(float(x[3 * i + k]), box[k] - ext_i[k])) for k in range(3)]
        out.append((*pos, *ext_i))
    if any(overlap(out[i], out[j]) for i, j in pairs):  # pragma: no cover - solver tolerance
        return None, False
    return out, True


def fits_alone(dims: tuple[float, ...], upright: bool, box: tuple[float, float, float]) -> bool:
    return any(all(e[k] <= box[k] + TOL for k in range(3)) for e in orientations(dims, upright))  # type: ignore[arg-type]


def fits_sorted(
    dims: tuple[float, float, float], upright: bool, box: tuple[float, float, float]
) -> bool:
    """`fits_alone` without listing orientations: sorted sides within sorted box sides
    (the height kept vertical and the two others sorted when ``upright``)."""
    if upright:
        if dims[2] > box[2] + TOL:
            return False
        pairs = zip(sorted(dims[:2]), sorted(box[:2]), strict=True)
    else:
        pairs = zip(sorted(dims), sorted(box), strict=True)
    return all(d <= b + TOL for d, b in pairs)


def _relabel(
    placed: list[tuple[float, ...]] | None,
    src: Sequence[tuple[tuple[float, float, float], bool]],
    dst: Sequence[tuple[tuple[float, float, float], bool]],
) -> list[tuple[float, ...]] | None:
    """Placements of items listed as ``src`` reordered to the listing ``dst``."""
    if placed is None:
        return None
    pool = list(range(len(src)))
    out = []
    for item in dst:
        i = next(j for j in pool if src[j] == item)
        pool.remove(i)
        out.append(placed[i])
    return out


_PAIRS3 = ((0, 1), (0, 2), (1, 2))
#: every assignment of a separating axis to each of the three pairs of three units
_ASSIGN3 = np.array(list(itertools.product(range(3), repeat=3)), dtype=np.int64)  # (27, 3)


def enumerate_pack(
    items: Sequence[tuple[tuple[float, float, float], bool]],
    box: tuple[float, float, float],
) -> list[tuple[float, ...]] | None:
    """Exact packing of up to three units by enumeration, vectorised.

    Two boxes are disjoint iff some axis separates them, so a packing is a choice of
    orientation per unit and, per pair, a separating axis and an order; along each
    axis the precedences form an acyclic graph whose longest path must fit the box
    (placing each unit at the longest path before it then packs them). Orders along
    different axes are independent, and with three units the shortest longest path
    along an axis is: the longest unit (no pair on it), ``e_u + e_v`` and the third
    (one pair), ``e_c + max(e_u, e_v)`` (two pairs sharing unit c), or the sum (all
    three). So checking every orientation choice against the 27 axis assignments is
    exact.
    """
    n = len(items)
    exts = []
    for dims, up in items:
        fit = [e for e in orientations(dims, up) if all(e[k] <= box[k] + TOL for k in range(3))]
        if not fit:
            return None
        exts.append(np.array(fit, dtype=np.float64))
    if n == 1:
        return [(0.0, 0.0, 0.0, *(float(v) for v in exts[0][0]))]
    combos = np.array(list(itertools.product(*(range(len(e)) for e in exts))), dtype=np.int64)
    e_all = np.stack([exts[i][combos[:, i]] for i in range(n)], axis=1)  # (C, n, 3)
    if n == 2:
        ok = np.zeros((combos.shape[0], 3), dtype=bool)
        for k in range(3):  # the pair separated along k
            others = [j for j in range(3) if j != k]
            ok[:, k] = e_all[:, 0, k] + e_all[:, 1, k] <= box[k] + TOL
            for j in others:
                ok[:, k] &= np.maximum(e_all[:, 0, j], e_all[:, 1, j]) <= box[j] + TOL
        hit = np.argwhere(ok)
        if hit.size == 0:
            return None
        c, k = (int(v) for v in hit[0])
        first = (0.0, 0.0, 0.0, *(float(v) for v in e_all[c, 0]))
        pos = [0.0, 0.0, 0.0]
        pos[k] = float(e_all[c, 0, k])
        return [first, (*pos, *(float(v) for v in e_all[c, 1]))]
    a = _ASSIGN3  # (27, 3): axis of pair (0,1), (0,2), (1,2)
    ok = np.ones((combos.shape[0], a.shape[0]), dtype=bool)
    for k in range(3):
        e = e_all[:, :, k]  # (C, 3)
        on = a == k  # (27, 3)
        count = on.sum(axis=1)
        longest = e.max(axis=1)[:, None]
        need = np.broadcast_to(longest, ok.shape).copy()
        for p, (u, v) in enumerate(_PAIRS3):  # one pair on k
            w = 3 - u - v
            one = (count == 1) & on[:, p]
            val = np.maximum(e[:, u] + e[:, v], e[:, w])[:, None]
            need = np.where(one[None, :], val, need)
        for c_ in range(3):  # two pairs on k, both touching unit c_
            u, v = (j for j in range(3) if j != c_)
            pc = [p for p, pair in enumerate(_PAIRS3) if c_ in pair]
            two = (count == 2) & on[:, pc[0]] & on[:, pc[1]]
            val = (e[:, c_] + np.maximum(e[:, u], e[:, v]))[:, None]
            need = np.where(two[None, :], val, need)
        need = np.where((count == 3)[None, :], e.sum(axis=1)[:, None], need)
        ok &= need <= box[k] + TOL
    hit = np.argwhere(ok)
    if hit.size == 0:
        return None
    c, ai = (int(v) for v in hit[0])
    ext = e_all[c]
    pos3 = np.zeros((3, 3))
    for k in range(3):
        pairs_k = [_PAIRS3[p] for p in range(3) if a[ai, p] == k]
        if len(pairs_k) == 1:
            u, v = pairs_k[0]
            pos3[v, k] = ext[u, k]
        elif len(pairs_k) == 2:
            c_ = next(j for j in range(3) if all(j in pr for pr in pairs_k))
            for j in range(3):
                if j != c_:
                    pos3[j, k] = ext[c_, k]
        elif len(pairs_k) == 3:
            pos3[1, k] = ext[0, k]
            pos3[2, k] = ext[0, k] + ext[1, k]
    return [(*(float(x) for x in pos3[i]), *(float(x) for x in ext[i])) for i in range(3)]


class Packer:
    """Feasibility of item sets in boxes, with caches and monotonicity."""

    def __init__(self, boxes: Sequence[Box], time_limit: float) -> None:
        self.inner = [b.inner_cm for b in boxes]
        self.vol = [b.volume_cm3 for b in boxes]
        self.maxw = [b.max_weight_kg if b.max_weight_kg is not None else np.inf for b in boxes]
        self.tare = [b.tare_weight_kg for b in boxes]
        self.time_limit = time_limit
        self.unproven = False
        self.cache: dict[Any, list[tuple[float, ...]] | None] = {}
        self.unproven_keys: set[Any] = set()

    def necessary(self, items: Sequence[Item], b: int) -> bool:
        vol = sum(d[0] * d[1] * d[2] for d, _, _ in items)
        weight = sum(w for _, _, w in items) + self.tare[b]
        if vol > self.vol[b] * (1 + SNAP) or weight > self.maxw[b] * (1 + SNAP):
            return False
        return all(fits_sorted(d, up, self.inner[b]) for d, up, _ in items)

    def pack(
        self,
        items: Sequence[Item],
        b: int,
        exact: bool,
        quick: bool = False,
    ) -> list[tuple[float, ...]] | None:
        """Placements of ``items`` in box ``b``, or None.

        ``exact``: proven (cached, flagged when a MILP hits its time limit);
        otherwise whole grids, then extreme points with every item and
        orientation order, or only the default orders if ``quick``.
        """
        if not self.necessary(items, b):
            return None
        geo = [(d, up) for d, up, _ in items]
        box = self.inner[b]
        if not exact:
            key_h = (tuple(sorted(geo)), b, "quick" if quick else "heuristic")
            if key_h not in self.cache:
                placed = grid_pack(key_h[0], box)
                if placed is None:
                    placed = ep_pack(key_h[0], box) if quick else ep_multi(key_h[0], box)
                self.cache[key_h] = placed
            return _relabel(self.cache[key_h], key_h[0], geo)
        placed, self.unproven = self.pack_many([(items, b)])[0]
        return placed

    def pack_many(
        self, requests: Sequence[tuple[Sequence[Item], int]]
    ) -> list[tuple[list[tuple[float, ...]] | None, bool]]:
        """Proven placements (or None) of many (items, box) requests, and whether a
        MILP hit its time limit; each item multiset and box is settled once (cached),
        sets of up to `SEPARATION_MAX_UNITS` units by one vectorised `separation_many`."""
        keys: list[Any] = []
        todo: dict[Any, None] = {}
        for items, b in requests:
            if not self.necessary(items, b):
                keys.append(None)
                continue
            key = (tuple(sorted((d, up) for d, up, _ in items)), b)
            keys.append(key)
            if key not in self.cache:
                todo[key] = None
        batch = []
        for key in todo:
            geo, b = list(key[0]), key[1]
            placed = grid_pack(geo, self.inner[b]) if len(geo) > 3 else None
            if placed is not None or len(geo) > SEPARATION_MAX_UNITS:
                if placed is None:
                    self.unproven = False
                    placed = self._exact(geo, b)
                    if self.unproven:
                        self.unproven_keys.add(key)
                self.cache[key] = placed
            else:
                batch.append(key)
        self._settle(batch)
        out: list[tuple[list[tuple[float, ...]] | None, bool]] = []
        for (items, _), key in zip(requests, keys, strict=True):
            if key is None:
                out.append((None, False))
            else:
                geo = [(d, up) for d, up, _ in items]
                out.append((_relabel(self.cache[key], key[0], geo), key in self.unproven_keys))
        return out

    def _settle(self, keys: list[Any]) -> None:
        """Cache the exact answers for (sorted units, box) keys of up to four units; a
        set of four holding three units already known not to fit is refused at once."""
        rest = []
        for geo, b in keys:
            if len(geo) == 4 and any(
                self.cache.get((trio, b), 0) is None for trio in itertools.combinations(geo, 3)
            ):
                self.cache[(geo, b)] = None
            else:
                rest.append((geo, b))
        solved = separation_many([(k[0], self.inner[k[1]]) for k in rest])
        self.cache.update(zip(rest, solved, strict=True))

    def _exact(
        self, geo: list[tuple[tuple[float, float, float], bool]], b: int
    ) -> list[tuple[float, ...]] | None:
        """Five units or more: extreme points, every three units, then the MILP."""
        box = self.inner[b]
        placed = ep_multi(geo, box)
        if placed is not None:
            return placed
        # every three units must fit (each settled exactly), else the set cannot
        for trio in itertools.combinations(range(len(geo)), 3):
            sub = [geo[i] for i in trio]
            key = (tuple(sorted(sub)), b)
            if key not in self.cache:
                self.cache[key] = _relabel(enumerate_pack(sub, box), sub, key[0])
            if self.cache[key] is None:
                return None
        placed, proven = milp_pack(geo, box, self.time_limit)
        if placed is None and not proven:
            self.unproven = True
        return placed


@functools.cache
def _separation_tables(n: int) -> tuple[list[tuple[int, int]], IntArray, IntArray]:
    """For n units: the pairs, ``chains[g, p]`` (bit s set when the units of subset s
    form a path of graph g, a set of pairs, taken in the order of permutation p) and
    ``graphs[a, k]`` (the pairs that assignment a of an axis to every pair puts on k)."""
    pairs = list(itertools.combinations(range(n), 2))
    perms = list(itertools.permutations(range(n)))
    chains = np.zeros((1 << len(pairs), len(perms)), dtype=np.int64)
    for g in range(1 << len(pairs)):
        edges = {pairs[t] for t in range(len(pairs)) if g >> t & 1}
        for p, perm in enumerate(perms):
            rank = {u: r for r, u in enumerate(perm)}
            for s in range(1, 1 << n):
                units = sorted((u for u in range(n) if s >> u & 1), key=rank.__getitem__)
                if all(tuple(sorted(uv)) in edges for uv in itertools.pairwise(units)):
                    chains[g, p] |= 1 << s
    assign = np.array(list(itertools.product(range(3), repeat=len(pairs))), dtype=np.int64)
    weights = 1 << np.arange(len(pairs))
    graphs = np.stack([((assign == k) * weights).sum(axis=1) for k in range(3)], axis=1)
    return pairs, chains, graphs


def separation_pack(
    items: Sequence[tuple[tuple[float, float, float], bool]],
    box: tuple[float, float, float],
) -> list[tuple[float, ...]] | None:
    """Exact packing of one to four units by enumeration of separating axes.

    Two boxes are disjoint iff an axis separates them, so a packing is an orientation
    per unit and, per pair, a separating axis; the pairs put on axis k form a graph
    whose units need, along k, the least over orders of the units of the longest
    path of that graph taken in that order (placing each unit after the path before
    it then packs them; conversely, the positions of a packing give such an order).
    A set of units with total extent above the box along k must therefore never be
    such a path. Every orientation choice is checked against every axis assignment
    (3^6 for four units), so the answer is exact, like the MILP's.
    """
    return separation_many([(items, box)])[0]


#: orientation choices and problems handled at once by `separation_many` (memory
#: bound: about 100 bytes per choice and 3^n x 2^n x 8 bytes per problem)
_COMBO_CHUNK = 100_000
_PROBLEM_CHUNK = 2_000


def separation_many(
    problems: Sequence[
        tuple[Sequence[tuple[tuple[float, float, float], bool]], tuple[float, float, float]]
    ],
) -> list[list[tuple[float, ...]] | None]:
    """`separation_pack` of many (units, box) problems, vectorised over problems of the
    same number of units (at most `SEPARATION_MAX_UNITS`)."""
    out: list[list[tuple[float, ...]] | None] = [None] * len(problems)
    by_n: dict[int, list[int]] = {}
    for i, (items, _) in enumerate(problems):
        by_n.setdefault(len(items), []).append(i)
    for n, idx in by_n.items():
        if not 1 <= n <= SEPARATION_MAX_UNITS:
            raise ValueError(f"separation_many takes 1 to {SEPARATION_MAX_UNITS} units; got {n}")
        dims = np.array([[d for d, _ in problems[i][0]] for i in idx], dtype=np.float64)
        up = np.array([[u for _, u in problems[i][0]] for i in idx], dtype=bool)
        box = np.array([problems[i][1] for i in idx], dtype=np.float64)
        ext, side, counts = _orientation_table(dims, up, box)  # (I, n, 6, 3) x 2, (I, n)
        rows = np.arange(len(idx))
        # first the two orientations of each unit best aligned with the box (most
        # packings that exist are found there), then every orientation for the rest
        for cap in (2, 6):
            capped = np.minimum(counts, cap)
            tables = (ext[rows], side[rows], dims[rows], capped[rows], box[rows])
            for r, placed in _separation_chunks(*tables, rows):
                out[idx[r]] = placed
            open_ = [r for r in rows.tolist() if out[idx[r]] is None]
            rows = np.array(open_, dtype=np.int64)
            rows = rows[(counts[rows] > cap).any(axis=1) & (counts[rows] > 0).all(axis=1)]
            if rows.size == 0:
                break
    return out


def _separation_chunks(
    ext: FloatArray,
    side: IntArray,
    dims: FloatArray,
    counts: IntArray,
    box: FloatArray,
    rows: IntArray,
) -> list[tuple[int, list[tuple[float, ...]] | None]]:
    """`_separation_chunk` over problems split so that no chunk holds more than
    ``_COMBO_CHUNK`` orientation choices (one problem alone has at most 6^4) nor more
    than ``_PROBLEM_CHUNK`` problems."""
    size = np.where((counts > 0).all(axis=1), counts.prod(axis=1), 0)
    out: list[tuple[int, list[tuple[float, ...]] | None]] = []
    start = 0
    while start < rows.size:
        stop, total = start + 1, int(size[start])
        while (
            stop < rows.size
            and stop - start < _PROBLEM_CHUNK
            and total + int(size[stop]) <= _COMBO_CHUNK
        ):
            total += int(size[stop])
            stop += 1
        part = slice(start, stop)
        placed = _separation_chunk(
            ext[part], side[part], dims[part], counts[part], size[part], box[part]
        )
        out.extend(zip(rows[part].tolist(), placed, strict=True))
        start = stop
    return out


def _orientation_table(
    dims: FloatArray, up: BoolArray, box: FloatArray
) -> tuple[FloatArray, IntArray, IntArray]:
    """Per problem and unit: its distinct allowed orientations that fit the box, first
    (the best aligned with the box first), as extents (I, n, 6, 3) and as the side put
    along each box axis (I, n, 6, 3), and how many (I, n)."""
    ext = dims[:, :, PERMS]  # (I, n, 6, 3)
    ok = np.where(up[:, :, None], UPRIGHT[None, None, :], True)
    ok &= np.all(ext <= box[:, None, None, :] + TOL, axis=3)
    for o in range(1, 6):  # a repeat of an earlier orientation (equal dimensions)
        ok[:, :, o] &= ~np.any(np.all(ext[:, :, :o] == ext[:, :, o : o + 1], axis=3), axis=2)
    # allowed orientations first, best aligned with the box first (largest e . box)
    score = np.where(ok, -np.einsum("inok,ik->ino", ext, box), np.inf)
    first = np.argsort(score, axis=2, kind="stable")
    ext = np.take_along_axis(ext, first[..., None], axis=2)
    return ext, PERMS[first], ok.sum(axis=2)


def _dense_unique(values: IntArray, bound: int) -> tuple[IntArray, IntArray]:
    """``np.unique(values, return_inverse=True)`` for values in [0, bound): by a table
    when the bound is small (no sort), else by sorting."""
    if bound > 1 << 24:
        uniq, inv = np.unique(values, return_inverse=True)
        return uniq, inv.reshape(-1)
    seen = np.zeros(bound, dtype=bool)
    seen[values] = True
    uniq = np.flatnonzero(seen)
    where = np.zeros(bound, dtype=np.int64)
    where[uniq] = np.arange(uniq.size)
    return uniq, where[values]


def _separation_chunk(
    ext: FloatArray,
    side: IntArray,
    dims: FloatArray,
    counts: IntArray,
    size: IntArray,
    box: FloatArray,
) -> list[list[tuple[float, ...]] | None]:
    """`separation_many` on problems of n units, every orientation choice at once."""
    n_i, n = counts.shape
    pairs, chains, graphs = _separation_tables(n)
    offsets = np.r_[0, np.cumsum(size)]
    inst = np.repeat(np.arange(n_i), size)
    r = np.arange(inst.size) - offsets[inst]
    tail = np.cumprod(counts[:, ::-1], axis=1)[:, ::-1]  # tail[:, i]: choices of units i..
    stride = np.c_[tail[:, 1:], np.ones(n_i, np.int64)]  # the last unit turns fastest
    pick = (r[:, None] // stride[inst]) % np.maximum(counts[inst], 1)  # (F, n)
    f_n = inst.size
    if f_n == 0:  # some unit of every problem fits the box in no orientation
        return [None] * n_i
    # a combination's bitmask of the unit sets too long along axis k depends only on
    # the side of each unit put along k: a table over the 3^n side choices
    place, base = 3 ** np.arange(n), 3**n
    # the three axes' side codes of each (problem, unit, orientation) in one integer
    packed = (side * place[None, :, None, None] * base ** np.arange(3)).sum(axis=3).reshape(-1)
    at = (inst * n)[:, None] * 6 + np.arange(n)[None, :] * 6 + pick  # (F, n) into packed
    joint = packed[at].sum(axis=1)
    digits = (np.arange(3**n)[:, None] // place[None, :]) % 3  # (3^n, n)
    along = dims[:, np.arange(n)[None, :], digits]  # (I, 3^n, n)
    limit = box[:, :, None] + TOL  # (I, 3, 1)
    sums = np.zeros((1 << n, n_i, 3**n))
    table = np.zeros((n_i, 3, 3**n), dtype=np.int64)
    for m in range(1, 1 << n):
        low = m & -m
        sums[m] = sums[m ^ low] + along[:, :, low.bit_length() - 1]
        table |= (sums[m][:, None, :] > limit).astype(np.int64) << m
    flat = table.reshape(-1)
    bad = np.stack(
        [flat[(inst * 3 + k) * base + joint // base**k % base] for k in range(3)], axis=1
    )  # (F, 3)
    uniq, inv_flat = _dense_unique(bad.reshape(-1), 1 << (1 << n))
    inv = inv_flat.reshape(bad.shape)  # (F, 3) index of each mask in uniq
    gf = ((chains[None, :, :] & uniq[:, None, None]) == 0).any(axis=2)  # (nU, G) graph fits
    gbit = np.left_shift(np.uint64(1), np.arange(gf.shape[1], dtype=np.uint64))
    gf_bits = np.bitwise_or.reduce(np.where(gf, gbit[None, :], np.uint64(0)), axis=1)
    # per pair of masks on axes 0 and 1: the graphs axis 2 may then be left with
    pkeys, p_inv = _dense_unique(inv[:, 0] * uniq.size + inv[:, 1], uniq.size**2)
    both = gf[pkeys // uniq.size][:, graphs[:, 0]] & gf[pkeys % uniq.size][:, graphs[:, 1]]
    need = np.bitwise_or.reduce(np.where(both, gbit[graphs[:, 2]], np.uint64(0)), axis=1)
    feasible = (need[p_inv] & gf_bits[inv[:, 2]]) != 0
    good = np.flatnonzero(feasible)  # feasible combinations, in order
    out: list[list[tuple[float, ...]] | None] = [None] * n_i
    firsts = np.unique(inst[good], return_index=True)
    perms = list(itertools.permutations(range(n)))
    pair_bit = {pair: 1 << t for t, pair in enumerate(pairs)}
    chain_rows = chains.tolist()
    for i, c in zip(firsts[0].tolist(), good[firsts[1]].tolist(), strict=True):
        row = gf[inv[c, 0]][graphs[:, 0]] & gf[inv[c, 1]][graphs[:, 1]]
        a = int(np.argmax(row & gf[inv[c, 2]][graphs[:, 2]]))
        e_c = ext[i, np.arange(n), pick[c]].tolist()  # (n, 3)
        pos = [[0.0, 0.0, 0.0] for _ in range(n)]
        for k in range(3):
            g, too_long = int(graphs[a, k]), int(uniq[inv[c, k]])
            p = perms[next(q for q, ch in enumerate(chain_rows[g]) if not ch & too_long)]
            for j, v in enumerate(p):  # each unit after the longest path before it
                for u in p[:j]:
                    if g & pair_bit[(min(u, v), max(u, v))]:
                        pos[v][k] = max(pos[v][k], pos[u][k] + e_c[u][k])
        out[i] = [(*pos[u], *e_c[u]) for u in range(n)]
    return out
