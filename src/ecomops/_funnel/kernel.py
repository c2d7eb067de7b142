"""Vectorised funnel kernels over event logs (private; see `ecomops.funnel`).

Every event log row is ordered within its unit by the key ``(timestamp, rank,
row)``: ``rank`` orders the sorted tuples of steps an event matches (so the
first step matched decides, then the later steps it can also fill; events
outside the funnel rank after every step) and ``row`` is the caller's row index,
which only orders interchangeable events. Ties at one timestamp therefore count
in step order, and one event fills at most one step of a chain (a chain's
events are strictly increasing in that key).

Three kernels compute, per unit, the furthest step reached and the events of
the counted attempt:

* ``first_pass`` (ordered order, ``attempt="first"``, no per-step windows and
  no ``stop_at_step`` exclusions): no sort at all. Per-unit lexicographic minima
  and maxima are taken with ``np.minimum.at`` / ``np.maximum.at``; O(n k).
* ``sorted`` (ordered and strict orders, both attempt rules, every option): one
  stable sort by ``(unit, timestamp, rank)``, then one vectorised pass per step.
  For each step-j event it finds the latest valid step-(j-1) event before it
  (``np.searchsorted`` on the sorted positions; the event just before it in
  strict order) and carries the latest possible attempt start ``S``, so an event
  is reached when ``t - S <= window``. This is the dynamic programme of
  ClickHouse's ``windowFunnel``: taking the latest predecessor is optimal for
  the window, the per-step gaps and the exclusions at once, because ``S`` is
  non-decreasing along the valid events of a step. Under the clean-attempt
  exclusion rule it runs twice, the second time with the ``drop_unit``
  exclusions as constraints on the chain.
* ``unordered``: one sort, then per step a ``searchsorted`` for the first event
  of that step at or after each anchor; anchors are processed in chunks to
  bound memory.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from ecomops._core.columns import column
from ecomops._core.typing import BoolArray, IntArray
from ecomops.exceptions import InvalidInputError

__all__ = [
    "BIG",
    "KernelOutput",
    "Prepared",
    "SpecArrays",
    "choose_kernel",
    "event_codes",
    "first_pass_fits",
    "lexmax_at",
    "lexmin_at",
    "run_kernel",
]

#: Sentinel for "no event": larger than every tick count.
BIG = np.iinfo(np.int64).max

_CHUNK = 1 << 20


# ---------------------------------------------------------------------------
# Input conversion
# ---------------------------------------------------------------------------


def event_codes(values: Any, names: Sequence[str], name: str) -> np.ndarray:
    """Index of each row's event in ``names`` (int16), -1 for other or missing events."""
    lookup = {n: i for i, n in enumerate(names)}
    module = type(values).__module__
    if module.startswith("polars"):
        import polars as pl

        codes = (
            values.cast(pl.String)
            .replace_strict(lookup, default=-1, return_dtype=pl.Int16)
            .fill_null(-1)
            .to_numpy()
        )
        return np.asarray(codes, dtype=np.int16)
    if module.startswith("pandas") and str(getattr(values, "dtype", "")) == "category":
        cats = [str(c) for c in values.cat.categories]
        table = np.array([lookup.get(c, -1) for c in cats] + [-1], dtype=np.int16)
        raw = np.asarray(values.cat.codes.to_numpy())  # int8/16/32 as is: no int64 copy
        picked: np.ndarray = table[raw]  # code -1 (missing) takes the last entry
        return picked
    arr = column(values, name)
    kind = arr.dtype.kind
    if kind in "biufcmM":
        raise InvalidInputError(f"{name} must be event names (strings); got dtype {arr.dtype}")
    out = np.full(arr.shape[0], -1, dtype=np.int16)
    for i, n in enumerate(names):
        key: Any = n.encode() if kind == "S" else n
        out[arr == key] = i
    return out


# ---------------------------------------------------------------------------
# Prepared log and spec arrays
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class SpecArrays:
    """The spec compiled to lookup tables over event-name codes and tie ranks.

    Ranks order events at one timestamp: first the distinct sets of steps an
    event can fill (sorted tuples: the first step decides, then the later steps
    it can also fill), then each exclusion event, then every other event.
    """

    k: int
    order: str
    attempt: str
    window: int  # ticks
    step_windows: list[int | None]  # ticks, for steps 1..k-1
    step_table: BoolArray  # (k, n_names + 1): code + 1 matches step j
    rank_table: np.ndarray  # (n_names + 1,) int16: tie rank of each name code + 1
    rank_steps: BoolArray  # (k, n_ranks): rank r fills step j
    n_ranks: int
    #: per exclusion: (rank of its event, from_step, to_step, effect)
    exclusions: Sequence[tuple[int, int, int, str]]
    #: which attempts a drop_unit exclusion judges ("clean_attempt", "counted_attempt")
    exclusion_rule: str = "counted_attempt"

    @property
    def judges_every_attempt(self) -> bool:
        """Whether drop_unit exclusions are judged on every attempt (the clean-attempt rule)."""
        return self.exclusion_rule == "clean_attempt" and any(
            effect == "drop_unit" for *_, effect in self.exclusions
        )


@dataclasses.dataclass
class Prepared:
    """A log reduced to the rows the kernels need, in the caller's order."""

    n_units: int
    ucode: np.ndarray  # int32 (int64 past 2**31 units) unit code per row, ascending id order
    t: IntArray  # ticks of tick_ns nanoseconds
    ecode: np.ndarray  # int16 event-name code, -1 for none
    rows: IntArray | None  # caller's row index of each kept row (None: all rows, in order)
    tick_ns: int  # length of one tick

    @property
    def n(self) -> int:
        return int(self.t.shape[0])


def unit_codes(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique ids (ascending) and the code of each row, without a sort for dense ints."""
    n = ids.shape[0]
    if ids.dtype.kind in "iu" and n:
        lo, hi = int(ids.min()), int(ids.max())
        span = hi - lo + 1
        if span <= max(4 * n, 1 << 16) and span < 2**31:
            dense = np.empty(n, dtype=np.int32)
            np.subtract(ids, lo, out=dense, casting="unsafe")  # exact: 0 <= id - lo < 2**31
            present = np.zeros(span, dtype=bool)
            present[dense] = True  # no intp copy of the codes, unlike bincount
            uniq = np.flatnonzero(present) + lo
            if uniq.shape[0] == span:  # already dense
                return uniq.astype(ids.dtype), dense
            remap = np.cumsum(present, dtype=np.int32) - 1
            return uniq.astype(ids.dtype), remap[dense]
    try:
        uniq, inverse = np.unique(ids, return_inverse=True)
    except TypeError as exc:
        raise InvalidInputError(f"unit_ids must be mutually comparable ids: {exc}") from None
    inverse = inverse.reshape(-1)
    return uniq, inverse.astype(np.int32) if uniq.shape[0] < 2**31 else inverse


# ---------------------------------------------------------------------------
# Lexicographic per-unit minima / maxima
# ---------------------------------------------------------------------------


def lexmin_at(n_units: int, c: IntArray, t: IntArray, s: IntArray) -> tuple[IntArray, IntArray]:
    """Per-unit lexicographic minimum of ``(t, s)`` (``BIG`` where a unit has no row)."""
    T = np.full(n_units, BIG, dtype=np.int64)
    np.minimum.at(T, c, t)
    sel = t == T[c]
    S = np.full(n_units, BIG, dtype=np.int64)
    np.minimum.at(S, c[sel], s[sel])
    return T, S


def lexmax_at(n_units: int, c: IntArray, t: IntArray, s: IntArray) -> tuple[IntArray, IntArray]:
    """Per-unit lexicographic maximum of ``(t, s)`` (``-BIG`` where a unit has no row)."""
    T = np.full(n_units, -BIG, dtype=np.int64)
    np.maximum.at(T, c, t)
    sel = t == T[c]
    S = np.full(n_units, -BIG, dtype=np.int64)
    np.maximum.at(S, c[sel], s[sel])
    return T, S


# ---------------------------------------------------------------------------
# Kernel output
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class KernelOutput:
    """Per-unit results of a kernel.

    Row fields index the prepared log and are filled only when rows were asked
    for (a breakdown needs them); they are -1 where there is no event.
    """

    furthest: IntArray  # (U,) furthest step reached, -1 if never entered
    reach_t: IntArray  # (U, k) ticks when each step (or k-th distinct step) was reached
    anchor_t: IntArray  # (U,) ticks of the counted attempt's start, BIG if none
    latest_anchor_t: IntArray  # (U,) start of the latest attempt (censoring), BIG if none
    dropped: BoolArray  # (U,) met a drop_unit exclusion
    chain_rows: IntArray | None = None  # (U, k) row of each step's event
    last_row: IntArray | None = None  # (U,) row of the event that reached the furthest step
    first_row: IntArray | None = None  # (U,) the unit's first row in the log order
    final_row: IntArray | None = None  # (U,) the unit's last row in the log order


def _empty_output(n_units: int, k: int, need_rows: bool) -> KernelOutput:
    rows = np.full(n_units, -1, dtype=np.int64)
    return KernelOutput(
        furthest=np.full(n_units, -1, dtype=np.int64),
        reach_t=np.full((n_units, k), BIG, dtype=np.int64),
        anchor_t=np.full(n_units, BIG, dtype=np.int64),
        latest_anchor_t=np.full(n_units, BIG, dtype=np.int64),
        dropped=np.zeros(n_units, dtype=bool),
        chain_rows=np.full((n_units, k), -1, dtype=np.int64) if need_rows else None,
        last_row=rows if need_rows else None,
        first_row=rows if need_rows else None,
        final_row=rows if need_rows else None,
    )


def choose_kernel(spec: SpecArrays) -> str:
    if spec.order == "unordered":
        return "unordered"
    if (
        spec.order == "ordered"
        and spec.attempt == "first"
        and all(w is None for w in spec.step_windows)
        and all(effect != "stop_at_step" for *_, effect in spec.exclusions)
        and not spec.judges_every_attempt
    ):
        return "first_pass"
    return "sorted"


def run_kernel(
    prep: Prepared, spec: SpecArrays, kernel: str = "auto", *, need_rows: bool = False
) -> KernelOutput:
    """Run the kernel the spec needs (or the one named, for cross-checks)."""
    if kernel == "auto":
        kernel = choose_kernel(spec)
    if prep.n == 0 or prep.n_units == 0:
        return _empty_output(prep.n_units, spec.k, need_rows)
    if kernel == "first_pass" and first_pass_fits(prep, spec) and not spec.judges_every_attempt:
        return _first_pass(prep, spec, need_rows)
    if kernel == "first_pass":
        kernel = "sorted"
    return _sorted(prep, spec, need_rows, unordered=kernel == "unordered")


def _last_rows(furthest: IntArray, chain: IntArray) -> IntArray:
    out = np.full(furthest.shape[0], -1, dtype=np.int64)
    idx = np.flatnonzero(furthest >= 0)
    out[idx] = chain[idx, furthest[idx]]
    return out


# ---------------------------------------------------------------------------
# Sort-free kernel: ordered order, first attempt
# ---------------------------------------------------------------------------


def first_pass_fits(prep: Prepared, spec: SpecArrays) -> bool:
    """Whether (time, rank, row) packs into one int64 key for the sort-free kernel."""
    if prep.n == 0:
        return True
    tspan = int(prep.t.max()) - int(prep.t.min()) + 1
    return (tspan + spec.window + 1) * spec.n_ranks * prep.n < 2**62


@dataclasses.dataclass
class _Keys:
    """Packed sort keys ``(t - tmin, rank, row)`` of the prepared log's rows."""

    prep: Prepared
    spec: SpecArrays
    code1: np.ndarray  # event code + 1 of each row (int16)
    rank: np.ndarray  # tie rank of each row (int16)
    tmin: int
    RN: int  # n_ranks * n: one tick in key units

    @classmethod
    def of(cls, prep: Prepared, spec: SpecArrays) -> _Keys:
        code1 = prep.ecode + np.int16(1)
        rank = spec.rank_table[code1]
        return cls(prep, spec, code1, rank, int(prep.t.min()), spec.n_ranks * prep.n)

    def step_rows(self, j: int) -> IntArray:
        """Rows of step-j events."""
        return np.flatnonzero(self.spec.step_table[j][self.code1])

    def key(self, r: IntArray) -> IntArray:
        out: IntArray = self.prep.t[r]  # a copy: the caller's times are never written
        out -= self.tmin
        out *= self.RN
        sub = self.rank[r].astype(np.int64)
        sub *= self.prep.n
        sub += r
        out += sub
        return out

    def reduce_at(
        self,
        into: IntArray,
        r: IntArray,
        op: np.ufunc,
        bounds: tuple[IntArray, IntArray] | None = None,
    ) -> None:
        """``op.at(into, unit, key)`` over the rows ``r`` (those whose key lies strictly
        within their unit's ``bounds``, when given), in chunks of ``_CHUNK`` rows so the
        temporaries stay chunk-sized."""
        uc = self.prep.ucode
        for start in range(0, r.shape[0], _CHUNK):
            rr = r[start : start + _CHUNK]
            c = uc[rr]
            p = self.key(rr)
            if bounds is not None:
                ok = p > bounds[0][c]
                ok &= p < bounds[1][c]
                c, p = c[ok], p[ok]
            op.at(into, c, p)


def _first_pass(prep: Prepared, spec: SpecArrays, need_rows: bool) -> KernelOutput:
    """Ordered funnel, first attempt, without sorting.

    Every event gets the packed key ``(t - tmin, rank, row)``, which orders a
    unit's events exactly as the sort would. The earliest reachable event of
    each step is a per-unit minimum of keys (``np.minimum.at``); the counted
    chain is then walked backwards with per-unit maxima.
    """
    U, n, k, W = prep.n_units, prep.n, spec.k, spec.window
    keys = _Keys.of(prep, spec)
    RN, tmin, uc = keys.RN, keys.tmin, prep.ucode
    E = _earliest_keys(keys, U, k, W)
    entered = E[0] != BIG
    furthest = np.where(entered, (E != BIG).sum(axis=0) - 1, -1).astype(np.int64)
    chain = _counted_keys(keys, E, furthest)
    anchor_t = np.where(entered, E[0] // RN + tmin, BIG)
    del E

    drops = [(rk, a, b) for rk, a, b, eff in spec.exclusions if eff == "drop_unit"]
    dropped = np.zeros(U, dtype=bool)
    for rk, a, b in drops:
        r = np.flatnonzero(keys.rank == rk)
        _drop(dropped, uc[r], keys.key(r), prep.t[r], chain, furthest, anchor_t, a, b, W)
    unreached = chain == BIG
    rows_of = None
    if need_rows:
        rows_of = chain % n
        rows_of[unreached] = -1
    reach_t = chain  # the keys become times, in place
    reach_t //= RN
    reach_t += tmin
    reach_t[unreached] = BIG
    out = KernelOutput(
        furthest=furthest,
        reach_t=reach_t,
        anchor_t=anchor_t,
        latest_anchor_t=anchor_t.copy(),
        dropped=dropped,
    )
    if rows_of is not None:
        out.chain_rows = rows_of
        out.last_row = _last_rows(furthest, rows_of)
        first = np.full(U, BIG, dtype=np.int64)
        final = np.full(U, -BIG, dtype=np.int64)
        every = np.arange(n, dtype=np.int64)
        keys.reduce_at(first, every, np.minimum)
        keys.reduce_at(final, every, np.maximum)
        out.first_row, out.final_row = first % n, final % n
    return out


def _earliest_keys(keys: _Keys, U: int, k: int, W: int) -> IntArray:
    """(k, U) key of each unit's earliest reachable event of each step (BIG: none)."""
    E = np.full((k, U), BIG, dtype=np.int64)
    keys.reduce_at(E[0], keys.step_rows(0), np.minimum)
    entered = E[0] != BIG
    end_key = np.where(entered, E[0] // keys.RN, 0)  # keys below end_key are in the window
    end_key += W + 1
    end_key *= keys.RN
    for j in range(1, k):  # nothing exceeds BIG: units that never entered drop out
        keys.reduce_at(E[j], keys.step_rows(j), np.minimum, (E[j - 1], end_key))
    return E


def _counted_keys(keys: _Keys, E: IntArray, furthest: IntArray) -> IntArray:
    """(U, k) keys of the counted chain: back from the furthest step, the latest
    event of each step that precedes the next one (BIG: not reached)."""
    U, k = furthest.shape[0], E.shape[0]
    chain = np.full((U, k), BIG, dtype=np.int64)
    cur = np.full(U, BIG, dtype=np.int64)
    for j in range(k - 1, 0, -1):
        start = furthest == j
        cur[start] = E[j][start]
        active = furthest >= j
        chain[active, j] = cur[active]
        if j == 1:
            break
        r = keys.step_rows(j - 1)
        r = r[active[keys.prep.ucode[r]]]
        latest = np.full(U, -BIG, dtype=np.int64)
        keys.reduce_at(latest, r, np.maximum, (E[j - 2], cur))
        del r
        cur = np.where(active, latest, BIG)
    entered = E[0] != BIG
    chain[entered, 0] = E[0][entered]
    return chain


def _drop(
    dropped: BoolArray,
    c: IntArray,
    x_key: IntArray,
    x_t: IntArray,
    chain_key: IntArray,
    furthest: IntArray,
    anchor_t: IntArray,
    a: int,
    b: int,
    window: int,
) -> None:
    """Mark units whose counted attempt meets exclusion events (``drop_unit``).

    An exclusion (X, a, b) drops the unit when an X event comes after the
    counted attempt's step-a event and before its step-b event, or, when the
    attempt never reached step b, while its window was still open
    (``t <= start + window``). Keys order a unit's events.
    """
    f = furthest[c]
    ok = f >= a
    c, x_key, x_t, f = c[ok], x_key[ok], x_t[ok], f[ok]
    hit = x_key > chain_key[c, a]
    reached_b = f >= b
    before_b = x_key < chain_key[c, b]
    in_window = x_t <= anchor_t[c] + window
    hit &= np.where(reached_b, before_b, in_window)
    dropped[c[hit]] = True


# ---------------------------------------------------------------------------
# Sorted kernels
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class _SortedLog:
    us: np.ndarray  # unit code per sorted position (int32 below 2**31 units)
    ts: IntArray  # ticks
    rank: np.ndarray  # tie rank (int16)
    rows: IntArray | None  # prepared row of each position (when asked for)


def _sort_log(
    ucode: IntArray, t: IntArray, rank: np.ndarray, n_units: int, n_ranks: int, need_rows: bool
) -> _SortedLog:
    """Sort by (unit, t, rank), ties in row order.

    The three keys are packed into one int64 and sorted by value (numpy's
    vectorised sort, several times faster than an argsort), then unpacked; the
    row index is packed too when rows are needed and it fits. Otherwise a
    stable lexicographic argsort is used.
    """
    n = t.shape[0]
    tmin = int(t.min())
    tspan = int(t.max()) - tmin + 1
    R = max(n_ranks, 1)
    base = n_units * tspan * R
    if base < 2**62 and (not need_rows or base * n < 2**62):
        key = ucode.astype(np.int64)
        key *= tspan
        key += t
        key -= tmin
        key *= R
        key += rank
        if need_rows:
            key *= n
            key += np.arange(n, dtype=np.int64)
        key.sort()
        rows = None
        if need_rows:
            rows = key % n
            key //= n
        # unpack in place, into the narrowest types (no full-size temporaries)
        rk = np.empty(n, dtype=np.int16)
        np.remainder(key, R, out=rk, casting="unsafe")
        key //= R
        us = np.empty(n, dtype=np.int32 if n_units < 2**31 else np.int64)
        np.floor_divide(key, tspan, out=us, casting="unsafe")
        ts = key  # what is left of the key becomes the times
        ts %= tspan
        ts += tmin
        return _SortedLog(us=us, ts=ts, rank=rk, rows=rows)
    order = np.lexsort((rank, t, ucode))
    return _SortedLog(us=ucode[order], ts=t[order], rank=rank[order].astype(np.int64), rows=order)


def _first_of_runs(units: IntArray) -> BoolArray:
    """True at the first element of each run of equal units (sorted input)."""
    out = np.ones(units.shape[0], dtype=bool)
    out[1:] = units[1:] != units[:-1]
    return out


def _last_of_runs(units: IntArray) -> BoolArray:
    out = np.ones(units.shape[0], dtype=bool)
    out[:-1] = units[1:] != units[:-1]
    return out


def _positions(a: IntArray, n: int) -> IntArray:
    """Positions in a sorted log of ``n`` events, as int32 while they fit (half the memory)."""
    return a.astype(np.int32) if n < 2**31 else a


def _sorted(prep: Prepared, spec: SpecArrays, need_rows: bool, unordered: bool) -> KernelOutput:
    U, k = prep.n_units, spec.k
    rank = spec.rank_table[prep.ecode + np.int16(1)]
    ucode, t, kept = prep.ucode, prep.t, None
    if spec.order != "strict":  # events outside the funnel only matter in strict order
        outside = rank == spec.n_ranks - 1
        if outside.any():
            kept = np.flatnonzero(~outside)
            ucode, t, rank = prep.ucode[kept], prep.t[kept], rank[kept]
        del outside
    if t.shape[0] == 0:
        return _empty_output(U, k, need_rows)
    log = _sort_log(ucode, t, rank, U, spec.n_ranks, need_rows)
    del ucode, t, rank  # the sorted log holds what the scans read
    if log.rows is not None and kept is not None:
        log.rows = kept[log.rows]
    out = _unordered_scan(log, spec, U) if unordered else _ordered_scan(log, spec, U)
    if need_rows:
        assert log.rows is not None
        assert out.chain_rows is not None
        assert out.last_row is not None
        rows = log.rows
        out.chain_rows = np.where(out.chain_rows >= 0, rows[np.maximum(out.chain_rows, 0)], -1)
        out.last_row = np.where(out.last_row >= 0, rows[np.maximum(out.last_row, 0)], -1)
        # each unit's first and last event of the whole log (outside the funnel too)
        full_rank = spec.rank_table[prep.ecode + np.int16(1)]
        sub = full_rank.astype(np.int64) * prep.n + np.arange(prep.n, dtype=np.int64)
        out.first_row = lexmin_at(U, prep.ucode, prep.t, sub)[1] % prep.n
        out.final_row = lexmax_at(U, prep.ucode, prep.t, sub)[1] % prep.n
    else:
        out.chain_rows = out.last_row = None
    return out


@dataclasses.dataclass
class _Chains:
    """The valid events of each step, found step by step (sorted positions).

    ``cands[j]`` are the positions of step-j events some attempt can reach,
    ``starts[j]`` the latest start of such an attempt (emptied after steps >= 1
    are done with it, unless a pending exclusion reads it), ``preds[j]`` the index in
    ``cands[j - 1]`` of the event before it. ``apos[e]`` carries, aligned with
    the last step found, the position of the chain's step-a event of the e-th
    ``stop_at_step`` exclusion (None before step a).
    """

    cands: list[IntArray]
    starts: list[IntArray]
    preds: list[IntArray]
    apos: list[IntArray | None]

    def append(self, cand: IntArray, start: IntArray, pred: IntArray) -> None:
        self.cands.append(cand)
        self.starts.append(start)
        self.preds.append(pred)


def _first_step(log: _SortedLog, spec: SpecArrays, stop: list[tuple[int, int, int]]) -> _Chains:
    """Step-0 events that open an attempt (a unit's first only, with ``attempt="first"``)."""
    cand = np.flatnonzero(spec.rank_steps[0][log.rank])
    if spec.attempt == "first":
        cand = cand[_first_of_runs(log.us[cand])]
    cand = _positions(cand, log.us.shape[0])
    apos: list[IntArray | None] = [cand if a == 0 else None for _, a, _ in stop]
    return _Chains([cand], [log.ts[cand]], [np.zeros(0, dtype=np.int64)], apos)


def _predecessors(
    P: IntArray, prev: IntArray, us: IntArray, strict: bool
) -> tuple[IntArray, BoolArray]:
    """Index in ``prev`` of the latest valid event before each of ``P``, and whether one is.

    The count of ``prev`` positions up to each position gives the index without a
    search (a cumulative sum over the log); in strict order the predecessor
    must be the event just before.
    """
    width: Any = np.int32 if us.shape[0] < 2**31 else np.int64
    upto: IntArray = np.zeros(us.shape[0], dtype=width)
    upto[prev] = 1
    np.cumsum(upto, out=upto)  # in place: one log-sized array, not two
    if strict:
        before = np.maximum(P - 1, 0)
        ok = P > 0
        ok &= us[before] == us[P]
        # the event just before is in ``prev`` when the count steps up there
        idx0 = upto[before]
        ok &= idx0 - _count_before(upto, before) == 1
        idx0 -= 1
        np.maximum(idx0, 0, out=idx0)
        return idx0, ok
    idx0 = _count_before(upto, P)  # prev positions strictly before P
    del upto
    ok = idx0 > 0
    idx0 -= 1
    np.maximum(idx0, 0, out=idx0)
    ok &= us[prev[idx0]] == us[P]
    return idx0, ok


def _count_before(upto: IntArray, P: IntArray) -> IntArray:
    """``upto[P - 1]`` (0 at position 0): how many marked positions come before each of ``P``."""
    q = P - 1
    np.maximum(q, 0, out=q)
    out = upto[q]
    del q
    out[P == 0] = 0
    return out


def _elapsed(ts: IntArray, P: IntArray, since: IntArray) -> IntArray:
    """``ts[P] - since``, computed in place (one temporary)."""
    out = ts[P]
    out -= since
    return out


def _carry_stops(
    chains: _Chains,
    j: int,
    P: IntArray,
    idx0: IntArray,
    ok: BoolArray,
    stop: list[tuple[int, int, int]],
    xpos: list[IntArray],
) -> list[IntArray | None]:
    """Step-a positions carried to the step-j events; clears ``ok`` where a stop event came."""
    carried: list[IntArray | None] = []
    for e, (_, a, b) in enumerate(stop):
        ap = chains.apos[e]
        if a < j and ap is not None:
            c_ap = ap[idx0]
            if j <= b:  # no exclusion event strictly between step a and here
                nxt = xpos[e][np.searchsorted(xpos[e], c_ap, side="right")]
                ok &= nxt >= P
            carried.append(c_ap)
        else:
            carried.append(None)
    return carried


def _next_step(
    chains: _Chains,
    j: int,
    log: _SortedLog,
    spec: SpecArrays,
    stop: list[tuple[int, int, int]],
    xpos: list[IntArray],
) -> None:
    """Find the step-j events an attempt can reach, with their latest start."""
    n = log.us.shape[0]
    P = _positions(np.flatnonzero(spec.rank_steps[j][log.rank]), n)
    prev = chains.cands[j - 1]
    if prev.size == 0 or P.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        chains.append(empty, empty, empty)
        chains.apos = [empty if ap is not None else None for ap in chains.apos]
        return
    idx0, ok = _predecessors(P, prev, log.us, spec.order == "strict")
    gap = spec.step_windows[j - 1]
    if gap is not None:
        ok &= _elapsed(log.ts, P, log.ts[prev[idx0]]) <= gap
    s_new = chains.starts[j - 1][idx0]
    ok &= _elapsed(log.ts, P, s_new) <= spec.window
    carried = _carry_stops(chains, j, P, idx0, ok, stop, xpos)
    # boolean selection (no index list), each source freed once selected
    cand_j: IntArray = P[ok]
    del P
    start_j = s_new[ok]
    del s_new
    chains.append(cand_j, start_j, idx0[ok])
    for e, (_, a, _) in enumerate(stop):
        moved = carried[e]
        if a == j:
            chains.apos[e] = cand_j
        else:
            chains.apos[e] = None if moved is None else moved[ok]


def _backtrack(
    chains: _Chains, us: IntArray, furthest: IntArray, k: int, ends: list[IntArray | None]
) -> IntArray:
    """Positions of the counted chain: back from the first event of each unit's furthest step.

    ``ends[j]`` are the indices in ``cands[j]`` that may end a counted chain
    (None: every one). The candidates of steps after 0 are released once
    walked past (step 0's are kept for the censoring starts).
    """
    width: Any = np.int32 if us.shape[0] < 2**31 else np.int64  # sorted positions
    chain: IntArray = np.full((furthest.shape[0], k), -1, dtype=width)
    cur_units = np.zeros(0, dtype=np.int64)
    cur_idx = np.zeros(0, dtype=np.int64)
    for j in range(k - 1, -1, -1):
        cj = chains.cands[j]
        if cj.size:
            idx = ends[j]
            if idx is None:
                firsts = np.flatnonzero(_first_of_runs(us[cj]))
            else:
                firsts = idx[_first_of_runs(us[cj[idx]])]
            units_j = us[cj[firsts]]
            new = furthest[units_j] == j
            cur_units = np.concatenate((cur_units, units_j[new]))
            cur_idx = np.concatenate((cur_idx, firsts[new]))
        if cur_units.size:
            chain[cur_units, j] = cj[cur_idx]
            if j > 0:
                cur_idx = chains.preds[j][cur_idx]
        if j > 0:
            del cj
            chains.cands[j] = chains.preds[j] = np.zeros(0, dtype=np.int64)
    return chain


def _latest_anchors(log: _SortedLog, chains: _Chains, n_units: int) -> IntArray:
    """Start of each unit's latest attempt (for censoring), BIG if none."""
    latest_anchor = np.full(n_units, BIG, dtype=np.int64)
    cand = chains.cands[0]
    if cand.size:
        last = _last_of_runs(log.us[cand])
        latest_anchor[log.us[cand[last]]] = chains.starts[0][last]
    return latest_anchor


def _ordered_scan(log: _SortedLog, spec: SpecArrays, U: int) -> KernelOutput:
    """The latest-start dynamic programme, one vectorised pass per step.

    Under the clean-attempt rule it runs twice: once without the ``drop_unit``
    exclusions (each unit's furthest step), once with them as constraints on
    the chain (no excluded event between the chain's from-step and to-step
    events; a chain ending before its to-step must see none after its
    from-step event while its latest start's window is open). A unit whose
    constrained furthest step falls short is dropped and reported from the
    first pass; the others are reported from their clean chain.
    """
    stop = [(rk, a, b) for rk, a, b, eff in spec.exclusions if eff == "stop_at_step"]
    drops = [(rk, a, b) for rk, a, b, eff in spec.exclusions if eff == "drop_unit"]
    if not spec.judges_every_attempt:
        return _scan(log, spec, U, stop, drops, [])
    every = _scan(log, spec, U, stop, [], [])
    clean = _scan(log, spec, U, stop + drops, [], drops)
    dropped = (every.furthest >= 0) & (clean.furthest != every.furthest)
    kept = ~dropped
    for name in ("reach_t", "anchor_t", "chain_rows", "last_row"):
        mine, theirs = getattr(every, name), getattr(clean, name)
        mine[kept] = theirs[kept]
    every.dropped = dropped
    return every


def _pending_ends(
    log: _SortedLog, chains: _Chains, spec: SpecArrays, pending: list[tuple[int, int, int]]
) -> list[IntArray | None]:
    """Indices of the step-j events that may end a clean chain (None: every one).

    A chain ending at step j before the to-step of a pending exclusion (X, a,
    b), ``a <= j < b``, is clean when the first X after its step-j event (the
    constraint already bars one between its step-a event and that event) comes
    after its latest start's window.
    """
    xpos = [np.flatnonzero(log.rank == rk) for rk, _, _ in pending]
    ends: list[IntArray | None] = []
    for j, cand in enumerate(chains.cands):
        if not any(a <= j < b for _, a, b in pending):
            ends.append(None)  # no index list as long as the candidates
            continue
        ok = np.ones(cand.shape[0], dtype=bool)
        for (_, a, b), xp in zip(pending, xpos, strict=True):
            if a <= j < b and cand.size and xp.size:
                nxt = np.searchsorted(xp, cand, side="right")  # the first X after it
                x = xp[np.minimum(nxt, xp.shape[0] - 1)]
                hit = (nxt < xp.shape[0]) & (log.us[x] == log.us[cand])
                ok &= ~(hit & (log.ts[x] <= chains.starts[j] + spec.window))
        ends.append(np.flatnonzero(ok))
    return ends


def _scan(
    log: _SortedLog,
    spec: SpecArrays,
    U: int,
    stop: list[tuple[int, int, int]],
    drops: list[tuple[int, int, int]],
    pending: list[tuple[int, int, int]],
) -> KernelOutput:
    """One latest-start pass: ``stop`` constrains chains, ``drops`` judge the counted one."""
    k, W = spec.k, spec.window
    us, ts = log.us, log.ts
    xpos = [np.append(np.flatnonzero(log.rank == rk), us.shape[0]) for rk, _, _ in stop]
    chains = _first_step(log, spec, stop)
    for j in range(1, k):
        _next_step(chains, j, log, spec, stop, xpos)
        if j >= 2 and not pending:  # a step's starts are read by the next step only
            chains.starts[j - 1] = np.zeros(0, dtype=np.int64)  # not a view: frees it
    if k >= 2 and not pending:
        chains.starts[k - 1] = np.zeros(0, dtype=np.int64)
    chains.apos = []  # read by the steps only
    ends = _pending_ends(log, chains, spec, pending)
    furthest = np.full(U, -1, dtype=np.int64)
    for j in range(k):
        ends_j = ends[j]
        cands_j = chains.cands[j] if ends_j is None else chains.cands[j][ends_j]
        furthest[us[cands_j]] = j
    chain = _backtrack(chains, us, furthest, k, ends)
    latest_anchor = None if spec.attempt == "first" else _latest_anchors(log, chains, U)
    del chains, ends  # the per-step candidates are done with before the (U, k) tables
    reach_t = _chain_times(chain, ts)
    anchor_t = np.where(furthest >= 0, reach_t[:, 0], BIG)
    if latest_anchor is None:
        latest_anchor = anchor_t.copy()
    dropped = np.zeros(U, dtype=bool)
    for rk, a, b in drops:
        x = np.flatnonzero(log.rank == rk)  # positions order a unit's events
        _drop(dropped, us[x], x, ts[x], chain, furthest, anchor_t, a, b, W)
    return KernelOutput(
        furthest=furthest,
        reach_t=reach_t,
        anchor_t=anchor_t,
        latest_anchor_t=latest_anchor,
        dropped=dropped,
        chain_rows=chain,  # positions; mapped to rows by the caller
        last_row=_last_rows(furthest, chain),
    )


def _chain_times(chain: IntArray, ts: IntArray) -> IntArray:
    """Times of the chain's events (``BIG`` where a step has none), one column at a time."""
    reach_t = np.full(chain.shape, BIG, dtype=np.int64)
    for j in range(chain.shape[1]):
        rows = np.flatnonzero(chain[:, j] >= 0)
        reach_t[rows, j] = ts[chain[rows, j]]
    return reach_t


def _unordered_scan(log: _SortedLog, spec: SpecArrays, U: int) -> KernelOutput:
    """k of n steps in one window: per step, its first event at or after each anchor."""
    k, W = spec.k, spec.window
    us, ts = log.us, log.ts
    n = us.shape[0]
    step_s = log.rank  # in an unordered funnel the tie rank is the step
    pos = [np.flatnonzero(step_s == j) for j in range(k)]
    # first position of each (unit, t) run: an anchor's window starts there
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = (us[1:] != us[:-1]) | (ts[1:] != ts[:-1])
    run_start = np.maximum.accumulate(np.where(new_run, np.arange(n), 0))

    anchors = np.arange(n, dtype=np.int64)
    if spec.attempt == "first":
        anchors = anchors[_first_of_runs(us)]
    n_anchor = anchors.shape[0]
    count = np.zeros(n_anchor, dtype=np.int64)
    done_t = np.zeros(n_anchor, dtype=np.int64)
    for lo in range(0, n_anchor, _CHUNK):
        a = anchors[lo : lo + _CHUNK]
        first_t = _first_times(a, run_start, pos, us, ts, W)[0]
        cnt = (first_t != BIG).sum(axis=1)
        first_t.sort(axis=1)
        count[lo : lo + _CHUNK] = cnt
        done_t[lo : lo + _CHUNK] = first_t[np.arange(a.shape[0]), cnt - 1]
    ua = us[anchors]
    # best anchor per unit: most steps, then earliest completion, then latest start
    best_count = np.zeros(U, dtype=np.int64)
    np.maximum.at(best_count, ua, count)
    sel = count == best_count[ua]
    best_done = np.full(U, BIG, dtype=np.int64)
    np.minimum.at(best_done, ua[sel], done_t[sel])
    sel &= done_t == best_done[ua]
    best_anchor = np.full(U, -1, dtype=np.int64)
    np.maximum.at(best_anchor, ua[sel], anchors[sel])

    units = np.flatnonzero(best_anchor >= 0)
    chosen = best_anchor[units]
    first_t, first_pos = _first_times(chosen, run_start, pos, us, ts, W)
    furthest = np.full(U, -1, dtype=np.int64)
    furthest[units] = best_count[units] - 1
    chain = np.full((U, k), -1, dtype=np.int64)
    chain[units] = first_pos
    reach_t = np.full((U, k), BIG, dtype=np.int64)
    reach_t[units] = np.sort(first_t, axis=1)
    # the event that completed the count: the latest first event (ties: the later step)
    masked = np.where(first_t == BIG, -BIG, first_t)[:, ::-1]
    which = k - 1 - np.argmax(masked, axis=1)
    last = np.full(U, -1, dtype=np.int64)
    last[units] = first_pos[np.arange(units.shape[0]), which]
    anchor_t = np.full(U, BIG, dtype=np.int64)
    anchor_t[units] = ts[chosen]
    if spec.attempt == "first":
        latest_anchor = anchor_t.copy()
    else:
        ends = _last_of_runs(us)
        latest_anchor = np.full(U, BIG, dtype=np.int64)
        latest_anchor[us[ends]] = ts[ends]
    return KernelOutput(
        furthest=furthest,
        reach_t=reach_t,
        anchor_t=anchor_t,
        latest_anchor_t=latest_anchor,
        dropped=np.zeros(U, dtype=bool),
        chain_rows=chain,  # positions; mapped to rows by the caller
        last_row=last,
    )


def _first_times(
    anchors: IntArray,
    run_start: IntArray,
    pos: list[IntArray],
    us: IntArray,
    ts: IntArray,
    W: int,
) -> tuple[IntArray, IntArray]:
    """Time and position of each step's first event in each anchor's window."""
    m, k = anchors.shape[0], len(pos)
    first_t = np.full((m, k), BIG, dtype=np.int64)
    first_pos = np.full((m, k), -1, dtype=np.int64)
    q = run_start[anchors]
    ua, end = us[anchors], ts[anchors] + W
    for j, pj in enumerate(pos):
        if pj.size == 0:
            continue
        idx = np.searchsorted(pj, q, side="left")
        idx0 = np.minimum(idx, pj.size - 1)
        p = pj[idx0]
        ok = (idx < pj.size) & (us[p] == ua) & (ts[p] <= end)
        first_t[ok, j] = ts[p[ok]]
        first_pos[ok, j] = p[ok]
    return first_t, first_pos
