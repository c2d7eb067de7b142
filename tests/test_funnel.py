"""Tests of event-log funnels: FunnelSpec, Exclusion and compute_funnel.

The hand-checkable log (``HAND_LOG``) separates the semantic rules: a repeated
step 1 that restarts the window, a purchase just outside the window, the
inclusive boundary, an out-of-order user, same-timestamp ties, a strict-order
break, exclusions, per-step gaps and right-censoring. Every expected count was
worked out by hand (comments next to each user and each variant). A pure-Python
reference (``reference_funnel``), written from the definitions by enumerating
every chain of events, is checked against the vectorised kernels on random logs
with many ties.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops._funnel.compute import _compute as compute_with_kernel
from ecomops.exceptions import InvalidInputError
from ecomops.funnel import Exclusion, FunnelResult, FunnelSpec, compute_funnel

T0 = np.datetime64("2025-11-11T00:00", "s")
MIN = np.timedelta64(60, "s")
HOUR = dt.timedelta(hours=1)

# --------------------------------------------------------------------------- the hand log
# Funnel view (step 0) -> cart (step 1) -> pay (step 2), window 60 minutes.
# (unit, minute, event, channel). Rows are deliberately not sorted.
HAND_LOG: list[tuple[int, int, str, str]] = [
    # u1, a repeated step 0 restarts the window: the attempt at 50 reaches pay at
    # 100 (50 minutes), the first attempt at 0 cannot (cart at 70 > 60).
    (1, 0, "view", "ads"), (1, 50, "view", "search"), (1, 70, "cart", "search"),
    (1, 100, "pay", "search"),
    # u2, the purchase just outside the window: pay at 61 > 60.
    (2, 0, "view", "ads"), (2, 30, "cart", "ads"), (2, 61, "pay", "ads"),
    # u3, the inclusive boundary: pay at exactly 60 counts.
    (3, 0, "view", "search"), (3, 59, "cart", "search"), (3, 60, "pay", "search"),
    # u4, rows out of order, and a pay before any view (ignored in ordered funnels).
    (4, 20, "pay", "email"), (4, 0, "view", "email"), (4, 10, "cart", "email"),
    (4, -5, "pay", "email"),
    # u5, a same-timestamp tie, rows in reverse step order: counts in step order.
    (5, 5, "pay", "ads"), (5, 5, "cart", "ads"), (5, 5, "view", "ads"),
    # u6, an other event between view and cart: breaks strict order only.
    (6, 0, "view", "search"), (6, 5, "browse", "search"), (6, 10, "cart", "search"),
    (6, 20, "pay", "search"),
    # u7, the exclusion event between cart and pay.
    (7, 0, "view", "ads"), (7, 10, "cart", "ads"), (7, 15, "coupon_error", "ads"),
    (7, 20, "pay", "ads"),
    # u8, never views: exposed, never entered (ordered); 2 of 3 steps (unordered).
    (8, 0, "cart", "email"), (8, 5, "pay", "email"),
    # u9, a clean conversion.
    (9, 0, "view", "search"), (9, 1, "cart", "search"), (9, 2, "pay", "search"),
    # u10, a slow cart: 40 minutes after the view (fails a 30-minute step window).
    (10, 0, "view", "ads"), (10, 40, "cart", "ads"), (10, 45, "pay", "ads"),
    # u11, two carts: only the later one is within 20 minutes of the pay
    # (a greedy "first cart" matcher misses it under per-step windows).
    (11, 0, "view", "email"), (11, 2, "cart", "email"), (11, 25, "cart", "email"),
    (11, 40, "pay", "email"),
    # u12, the exclusion event comes before a second cart: a chain avoids it.
    (12, 0, "view", "ads"), (12, 10, "cart", "ads"), (12, 15, "coupon_error", "ads"),
    (12, 20, "view", "search"), (12, 25, "cart", "search"), (12, 30, "pay", "search"),
    # u13, a late user: pays at 140, after as_of = 130 in the censoring variant.
    (13, 100, "view", "search"), (13, 110, "cart", "search"), (13, 140, "pay", "search"),
]  # fmt: skip
STEPS = ["view", "cart", "pay"]


def hand_columns() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    units = np.array([r[0] for r in HAND_LOG])
    times = T0 + np.array([r[1] for r in HAND_LOG]) * MIN
    events = np.array([r[2] for r in HAND_LOG])
    channels = np.array([r[3] for r in HAND_LOG])
    return units, times, events, channels


def run_hand(**spec_kwargs: Any) -> FunnelResult:
    units, times, events, _ = hand_columns()
    as_of = spec_kwargs.pop("as_of", None)
    spec = FunnelSpec(STEPS, window=HOUR, **spec_kwargs)
    return compute_funnel(units, times, events, spec, as_of=as_of)


COUPON = "coupon_error"

# (variant kwargs, furthest step of u1..u13, step counts, n_excluded)
HAND_VARIANTS = [
    (
        # V1 ordered, furthest: everyone who views converts except u2 (pay outside).
        {},
        [2, 1, 2, 2, 2, 2, 2, -1, 2, 2, 2, 2, 2],
        [12, 12, 11],
        0,
    ),
    (
        # V2 ordered, first: u1's first view at 0 cannot reach the cart at 70.
        {"attempt": "first"},
        [0, 1, 2, 2, 2, 2, 2, -1, 2, 2, 2, 2, 2],
        [12, 11, 10],
        0,
    ),
    (
        # V3 strict, furthest: u6 (browse) stops at view; u7 (coupon_error between
        # cart and pay) and u11 (cart, cart) stop at cart; u12's second attempt
        # (view 20, cart 25, pay 30) is consecutive; u2 still misses the window.
        {"step_order": "strict"},
        [2, 1, 2, 2, 2, 0, 1, -1, 2, 2, 1, 2, 2],
        [12, 11, 8],
        0,
    ),
    (
        # V4 strict, first: u1's first view is followed by another view; u12's first
        # attempt breaks at coupon_error after the cart.
        {"step_order": "strict", "attempt": "first"},
        [0, 1, 2, 2, 2, 0, 1, -1, 2, 2, 1, 1, 2],
        [12, 10, 6],
        0,
    ),
    (
        # V5 ordered, furthest, drop_unit(coupon_error, 1, 2): u7 is dropped (error
        # between its cart at 10 and pay at 20); u12's counted attempt (view 20,
        # cart 25, pay 30) has no error after its cart: kept.
        {"exclusions": [Exclusion(COUPON, 1, 2)]},
        [2, 1, 2, 2, 2, 2, 2, -1, 2, 2, 2, 2, 2],
        [11, 11, 10],
        1,
    ),
    (
        # V6 ordered, first, drop_unit: u7 dropped; u12's counted chain is view 0,
        # cart 25 (the latest cart before the pay), pay 30: the error at 15 precedes it.
        {"attempt": "first", "exclusions": [Exclusion(COUPON, 1, 2)]},
        [0, 1, 2, 2, 2, 2, 2, -1, 2, 2, 2, 2, 2],
        [11, 10, 9],
        1,
    ),
    (
        # V7 ordered, furthest, stop_at_step: u7 stops at cart; u12 converts through
        # its second cart.
        {"exclusions": [Exclusion(COUPON, 1, 2, effect="stop_at_step")]},
        [2, 1, 2, 2, 2, 2, 1, -1, 2, 2, 2, 2, 2],
        [12, 12, 10],
        0,
    ),
    (
        # V8 ordered, first, stop_at_step: as V2 but u7 stops at cart; u12 converts
        # (view 0, cart 25, pay 30 avoids the error).
        {"attempt": "first", "exclusions": [Exclusion(COUPON, 1, 2, effect="stop_at_step")]},
        [0, 1, 2, 2, 2, 2, 1, -1, 2, 2, 2, 2, 2],
        [12, 11, 9],
        0,
    ),
    (
        # V9 ordered, furthest, step windows cart <= 30 min after view, pay <= 20 min
        # after cart: u1 (pay 30 after cart) and u13 (30) stop at cart; u3 (59) and
        # u10 (40) stop at view; u2 stops at cart (window); u11 converts through its
        # second cart (25 -> 40).
        {"step_windows": [dt.timedelta(minutes=30), dt.timedelta(minutes=20)]},
        [1, 1, 0, 2, 2, 2, 2, -1, 2, 0, 2, 2, 1],
        [12, 10, 7],
        0,
    ),
    (
        # V10 as V9 with attempt="first": u1's first view cannot reach a cart.
        {
            "attempt": "first",
            "step_windows": [dt.timedelta(minutes=30), dt.timedelta(minutes=20)],
        },
        [0, 1, 0, 2, 2, 2, 2, -1, 2, 0, 2, 2, 1],
        [12, 9, 7],
        0,
    ),
    (
        # V11 unordered, furthest ("k of 3 steps in one hour"): u8 did cart and pay
        # (2 of 3); u2 never has all three within an hour; u4's pay at -5 counts.
        {"step_order": "unordered"},
        [2, 1, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2],
        [13, 13, 11],
        0,
    ),
    (
        # V12 unordered, first: the window opens at the first funnel event; u1's
        # [0, 60] holds only views (1 of 3).
        {"step_order": "unordered", "attempt": "first"},
        [0, 1, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2],
        [13, 12, 10],
        0,
    ),
]


class TestHandLog:
    @pytest.mark.parametrize(("kwargs", "furthest", "counts", "excluded"), HAND_VARIANTS)
    def test_variant(
        self, kwargs: dict[str, Any], furthest: list[int], counts: list[int], excluded: int
    ) -> None:
        res = run_hand(**kwargs)
        np.testing.assert_array_equal(res.per_unit.unit_id, np.arange(1, 14))
        np.testing.assert_array_equal(res.per_unit.furthest_step, furthest)
        np.testing.assert_array_equal(res.step_counts, counts)
        assert res.n_excluded == excluded
        assert res.n_exposed == 13 - excluded
        # every variant agrees with the pure-Python reference
        ref = reference_from_log(HAND_LOG, FunnelSpec(STEPS, window=HOUR, **kwargs), None)
        check_against_reference(res, ref)

    def test_counts_rates_and_dropoff(self) -> None:
        res = run_hand()
        # V1: 13 exposed, 12 view, 12 cart, 11 pay; u2 is the only drop-off (at cart)
        np.testing.assert_array_equal(res.dropoff, [0, 1, 0])
        np.testing.assert_array_equal(res.denominator_previous, [13, 12, 12])
        np.testing.assert_allclose(res.conversion_from_previous, [12 / 13, 1.0, 11 / 12])
        np.testing.assert_allclose(res.conversion_from_first, [1.0, 1.0, 11 / 12])
        np.testing.assert_allclose(res.conversion_from_exposed, [12 / 13, 12 / 13, 11 / 13])
        # Wilson interval of 11/12 (statsmodels 0.15.0 proportion_confint(11, 12,
        # method="wilson")): (0.646120088858883, 0.9851349055950829); of 12/12:
        # (0.7575059933447589, 0.9999999999999999), whose upper bound is exactly 1 here
        previous = res.confidence_interval(denominator="previous")
        np.testing.assert_allclose(
            [previous.low[2], previous.high[2]], [0.646120088858883, 0.9851349055950829], rtol=1e-12
        )
        first = res.confidence_interval(denominator="first")
        assert first.low[0] == pytest.approx(0.7575059933447589, rel=1e-12)
        assert first.high[0] == 1.0
        table = res.steps_table()
        np.testing.assert_array_equal(table.conversion_from_previous_low, previous.low)
        np.testing.assert_array_equal(table.conversion_from_first_high, first.high)
        wider = res.confidence_interval(0.99, denominator="exposed")
        assert np.all(wider.low <= res.confidence_interval(denominator="exposed").low)
        with pytest.raises(InvalidInputError, match="denominator must be one of"):
            res.confidence_interval(denominator="last")  # type: ignore[arg-type]

    def test_censoring_at_as_of(self) -> None:
        # as_of = minute 130: u13's pay at 140 is ignored and its window (view at 100,
        # open until 160) is still open: in progress at cart, not a drop-off.
        res = run_hand(as_of=T0 + 130 * MIN)
        np.testing.assert_array_equal(res.step_counts, [12, 12, 10])
        np.testing.assert_array_equal(res.n_in_progress, [0, 1, 0])
        np.testing.assert_array_equal(res.dropoff, [0, 1, 0])  # only u2
        assert res.per_unit.is_in_progress.tolist() == [False] * 12 + [True]
        # settled denominators: u13 is left out of cart -> pay
        np.testing.assert_array_equal(res.denominator_previous, [13, 12, 11])
        np.testing.assert_allclose(res.conversion_from_previous[2], 10 / 11)
        np.testing.assert_allclose(res.conversion_from_first[2], 10 / 11)
        assert res.as_of == T0 + 130 * MIN
        # at minute 161 every window is closed: u13 is a drop-off at cart
        late = run_hand(as_of=T0 + 139 * MIN)
        assert late.n_in_progress.tolist() == [0, 1, 0]
        closed = run_hand(as_of=np.datetime64("2025-11-11T02:41"))
        assert closed.step_counts.tolist() == [12, 12, 11]
        assert closed.n_in_progress.tolist() == [0, 0, 0]
        # before u13's first event, u13 is not even exposed
        early = run_hand(as_of=dt.datetime(2025, 11, 11, 1, 39))
        assert early.n_exposed == 12

    def test_time_to_convert(self) -> None:
        res = run_hand()
        secs = dict(zip(res.per_unit.unit_id.tolist(), res.seconds_to_step.tolist(), strict=True))
        assert secs[1] == [0.0, 1200.0, 3000.0]  # view 50, cart 70, pay 100
        assert secs[3] == [0.0, 3540.0, 3600.0]  # the inclusive boundary
        assert secs[5] == [0.0, 0.0, 0.0]  # the tie
        assert secs[11] == [0.0, 1500.0, 2400.0]  # latest cart before the pay: 25
        assert secs[2][:2] == [0.0, 1800.0]
        assert np.isnan(secs[2][2])
        assert all(np.isnan(secs[8]))
        ttc = res.time_to_convert
        np.testing.assert_array_equal(ttc.count, [12, 12, 11])
        pay = [v[2] for v in secs.values() if not np.isnan(v[2])]
        assert ttc.median_seconds_from_first[2] == np.median(pay)
        assert ttc.mean_seconds_from_first[2] == pytest.approx(np.mean(pay))
        assert ttc.p90_seconds_from_first[2] == pytest.approx(np.quantile(pay, 0.9))
        q = res.time_to_convert_quantiles([0.5, 0.9])
        assert q.shape == (2, 3)
        assert q[0, 2] == np.median(pay)
        prev = res.time_to_convert_quantiles(0.5, reference="previous")
        assert np.isnan(prev[0])
        assert prev[2] == ttc.median_seconds_from_previous[2]
        assert res.per_unit.seconds_to_furthest[0] == 3000.0
        assert res.per_unit.entered_at[0] == T0 + 50 * MIN  # the counted attempt's start
        assert np.isnat(res.per_unit.entered_at[7])

    def test_breakdown_attribution(self) -> None:
        units, times, events, channels = hand_columns()
        spec = FunnelSpec(STEPS, window=HOUR)
        first = compute_funnel(units, times, events, spec, breakdown=channels)
        groups = dict(zip(first.per_unit.unit_id.tolist(), first.unit_group.tolist(), strict=True))
        # counted attempts: u1 starts at its view at 50 ("search"), u12 at 20 ("search")
        assert groups[1] == "search"
        assert groups[12] == "search"
        assert groups[8] == "email"  # never entered: its first event
        b = first.breakdown
        assert b is not None
        # entries by channel: search u1 u3 u6 u9 u12 u13 = 6; ads u2 u5 u7 u10 = 4;
        # email u4 u11 = 2 (u8 exposed only)
        assert b.groups == ("search", "ads", "email")
        np.testing.assert_array_equal(b.step_counts(), [[6, 6, 6], [4, 4, 3], [2, 2, 2]])
        np.testing.assert_array_equal(b.n_exposed[::3], [6, 4, 3])
        np.testing.assert_allclose(b.conversion_from_previous[3:6], [1.0, 1.0, 0.75])
        # step-2 attribution: only converters have a group; u2 and u8 are "(not reached)"
        step2 = compute_funnel(units, times, events, spec, breakdown=channels, attribution=2)
        assert step2.breakdown is not None
        assert step2.breakdown.groups[-1] == "(not reached)"
        assert step2.breakdown.attribution == "step 2"
        # top-1 keeps "search" and merges the rest into "(other)"
        top1 = compute_funnel(units, times, events, spec, breakdown=channels, breakdown_top=1)
        assert top1.breakdown is not None
        assert top1.breakdown.groups == ("search", "(other)")
        np.testing.assert_array_equal(top1.breakdown.step_counts()[1], [6, 6, 5])
        last = compute_funnel(
            units, times, events, spec, breakdown=channels, attribution="last_touch"
        )
        assert last.unit_group is not None
        assert last.unit_group[0] == "search"

    def test_repr_prints_the_semantics(self) -> None:
        res = run_hand(attempt="first")
        text = repr(res)
        assert "attempt='first'" in text
        assert "window 1 hour, inclusive, from the attempt's first step" in text
        assert "ties in step order" in text
        assert "pay" in text.splitlines()[-1]
        assert "<pre>" in res._repr_html_()
        table = res.steps_table()
        assert table.count.tolist() == [12, 11, 10]
        pd = pytest.importorskip("pandas")
        assert isinstance(table.to_pandas(), pd.DataFrame)

    def test_both_kernels_agree(self) -> None:
        units, times, events, channels = hand_columns()
        for excl in ([], [Exclusion(COUPON, 1, 2)], [Exclusion(COUPON, 0, 2)]):
            # the sort-free kernel judges the counted attempt only
            spec = FunnelSpec(
                STEPS, window=HOUR, attempt="first", exclusions=excl,
                exclusion_rule="counted_attempt",
            )  # fmt: skip
            outs = [
                compute_with_kernel(
                    units, times, events, spec, as_of=T0 + 130 * MIN, breakdown=channels,
                    attribution="first_touch", breakdown_top=10, confidence_level=0.95,
                    method="wilson", kernel=kernel,
                )
                for kernel in ("first_pass", "sorted")
            ]  # fmt: skip
            assert_same_result(*outs)


def assert_same_result(a: FunnelResult, b: FunnelResult) -> None:
    np.testing.assert_array_equal(a.per_unit.furthest_step, b.per_unit.furthest_step)
    np.testing.assert_array_equal(a.per_unit.is_excluded, b.per_unit.is_excluded)
    np.testing.assert_array_equal(a.per_unit.is_in_progress, b.per_unit.is_in_progress)
    np.testing.assert_array_equal(a.seconds_to_step, b.seconds_to_step)
    np.testing.assert_array_equal(a.step_counts, b.step_counts)
    if a.unit_group is not None:
        np.testing.assert_array_equal(a.unit_group, b.unit_group)


# --------------------------------------------------------------------------- reference


@dataclass
class RefUnit:
    furthest: int
    excluded: bool
    in_progress: bool
    seconds: list[float]  # NaN where not reached


def _sorted_events(
    rows: list[tuple[int, int, str]], spec: FunnelSpec
) -> list[tuple[int, int, int, str]]:
    """(t, rank, row, name) sorted: ties by the steps each event matches, then by row."""
    sets = {e: tuple(j for j, step in enumerate(spec.steps) if e in step) for s in spec.steps for e in s}  # fmt: skip
    distinct = sorted(set(sets.values()))

    def rank(name: str) -> int:
        return distinct.index(sets[name]) if name in sets else len(distinct)

    return sorted((t, rank(name), row, name) for row, t, name in rows)


def _ordered_chains(
    ev: list[tuple[int, int, int, str]], spec: FunnelSpec, w: int, extra_stops: tuple[Exclusion, ...] = ()
) -> list[list[int]]:  # fmt: skip
    """Every valid chain (list of event indices), by brute force; ``extra_stops`` bar more events."""
    k = spec.n_steps
    gaps = [None] + [
        None if g is None else int(g.total_seconds() // 60) for g in (spec.step_windows or [None] * (k - 1))
    ]  # fmt: skip
    stops = [e for e in spec.exclusions if e.effect == "stop_at_step"] + list(extra_stops)
    anchors = [i for i, e in enumerate(ev) if e[3] in spec.steps[0]]
    if spec.attempt == "first":
        anchors = anchors[:1]
    chains: list[list[int]] = []

    def grow(chain: list[int]) -> None:
        chains.append(chain)
        j = len(chain)
        if j == k:
            return
        for p in range(chain[-1] + 1, len(ev)):
            if spec.step_order == "strict" and p != chain[-1] + 1:
                break
            if ev[p][3] not in spec.steps[j]:
                continue
            if ev[p][0] - ev[chain[0]][0] > w:
                continue
            gap = gaps[j]
            if gap is not None and ev[p][0] - ev[chain[-1]][0] > gap:
                continue
            blocked = any(
                a < j <= b and any(ev[q][3] == x for q in range(chain[a] + 1, p))
                for x, a, b in ((e.event, e.from_step, e.to_step) for e in stops)
            )
            if blocked:
                continue
            grow([*chain, p])

    for a in anchors:
        grow([a])
    return chains


def _reference_unit(
    rows: list[tuple[int, int, str]], spec: FunnelSpec, as_of: int | None
) -> RefUnit:
    """One unit, from the definitions. Times in minutes."""
    k = spec.n_steps
    w = int(spec.window.total_seconds() // 60)
    if as_of is not None:
        rows = [r for r in rows if r[1] <= as_of]
    ev = _sorted_events(rows, spec)
    nan = float("nan")
    if spec.step_order == "unordered":
        step_of = {e: j for j, step in enumerate(spec.steps) for e in step}
        funnel = [i for i, e in enumerate(ev) if e[3] in step_of]
        anchors = funnel[:1] if spec.attempt == "first" else funnel
        best: tuple[int, int, int] | None = None  # (count, -done, anchor)
        for a in anchors:
            firsts: dict[int, int] = {}
            for q, e in enumerate(ev):
                if e[3] in step_of and ev[a][0] <= e[0] <= ev[a][0] + w:
                    firsts.setdefault(step_of[e[3]], q)
            times = sorted(ev[q][0] for q in firsts.values())
            key = (len(times), -times[-1], a)
            if best is None or key > best:
                best = key
                best_times = [t - ev[a][0] for t in times]
        if best is None:
            return RefUnit(-1, False, False, [nan] * k)
        furthest = best[0] - 1
        seconds = [60.0 * t for t in best_times] + [nan] * (k - len(best_times))
        latest = max(ev[i][0] for i in funnel) if spec.attempt == "furthest" else ev[funnel[0]][0]
        open_ = as_of is not None and as_of < latest + w
        return RefUnit(furthest, False, open_ and furthest < k - 1, seconds)

    chains = _ordered_chains(ev, spec, w)
    if not chains:
        return RefUnit(-1, False, False, [nan] * k)
    furthest = max(len(c) for c in chains) - 1
    longest = [c for c in chains if len(c) == furthest + 1]
    end = min(c[-1] for c in longest)
    counted = max((c for c in longest if c[-1] == end), key=lambda c: c[::-1])
    seconds = [60.0 * (ev[p][0] - ev[counted[0]][0]) for p in counted]
    seconds += [nan] * (k - len(seconds))
    drops = tuple(e for e in spec.exclusions if e.effect == "drop_unit")
    excluded = False
    if drops and spec.exclusion_rule == "clean_attempt":
        clean = _clean_counted(ev, spec, w, drops, furthest)
        excluded = clean is None
        if clean is not None:  # reported from the clean chain; else from the counted one
            counted = clean
            seconds = [60.0 * (ev[p][0] - ev[counted[0]][0]) for p in counted]
            seconds += [nan] * (k - len(seconds))
        drops = ()  # judged
    for ex in drops:
        if furthest < ex.from_step:
            continue
        start = counted[ex.from_step]
        for q in range(start + 1, len(ev)):
            if ev[q][3] != ex.event:
                continue
            if furthest >= ex.to_step:
                excluded |= q < counted[ex.to_step]
            else:
                excluded |= ev[q][0] <= ev[counted[0]][0] + w
    step0 = [i for i, e in enumerate(ev) if e[3] in spec.steps[0]]
    latest = ev[step0[-1]][0] if spec.attempt == "furthest" else ev[step0[0]][0]
    open_ = as_of is not None and as_of < latest + w
    in_progress = open_ and furthest < k - 1 and not excluded
    return RefUnit(furthest, excluded, in_progress, seconds)


def _clean_counted(
    ev: list[tuple[int, int, int, str]],
    spec: FunnelSpec,
    w: int,
    drops: tuple[Exclusion, ...],
    furthest: int,
) -> list[int] | None:
    """The clean-attempt rule, from its definition: the counted chain among the
    chains reaching the furthest step that meet no excluded event (None: none).

    A chain is clean when no excluded event lies between its from-step and
    to-step events, and, for a to-step it does not reach, none follows its
    from-step event up to the end of the window of the latest start of a
    clean chain ending at its last event.
    """
    full = [c for c in _ordered_chains(ev, spec, w, drops) if len(c) == furthest + 1]
    latest: dict[int, int] = {}
    for c in full:
        latest[c[-1]] = max(latest.get(c[-1], -1), c[0])

    def pending_clean(c: list[int]) -> bool:
        close = ev[latest[c[-1]]][0] + w
        return not any(
            ev[q][3] == ex.event and ev[q][0] <= close
            for ex in drops
            if ex.from_step <= furthest < ex.to_step
            for q in range(c[ex.from_step] + 1, len(ev))
        )

    good = [c for c in full if pending_clean(c)]
    if not good:
        return None
    end = min(c[-1] for c in good)
    return max((c for c in good if c[-1] == end), key=lambda c: c[::-1])


def reference_funnel(
    units: list[Any], minutes: list[int], events: list[str], spec: FunnelSpec, as_of: int | None
) -> dict[Any, RefUnit]:
    by_unit: dict[Any, list[tuple[int, int, str]]] = {}
    for row, (u, t, e) in enumerate(zip(units, minutes, events, strict=True)):
        by_unit.setdefault(u, []).append((row, t, e))
    out = {}
    for u, rows in by_unit.items():
        if as_of is not None and all(t > as_of for _, t, _ in rows):
            continue  # not yet exposed at as_of
        out[u] = _reference_unit(rows, spec, as_of)
    return out


def reference_from_log(
    log: list[tuple[int, int, str, str]], spec: FunnelSpec, as_of: int | None
) -> dict[Any, RefUnit]:
    return reference_funnel(
        [r[0] for r in log], [r[1] for r in log], [r[2] for r in log], spec, as_of
    )


def check_against_reference(res: FunnelResult, ref: dict[Any, RefUnit]) -> None:
    ids = sorted(ref)
    assert res.per_unit.unit_id.tolist() == ids
    np.testing.assert_array_equal(res.per_unit.furthest_step, [ref[u].furthest for u in ids])
    np.testing.assert_array_equal(res.per_unit.is_excluded, [ref[u].excluded for u in ids])
    np.testing.assert_array_equal(res.per_unit.is_in_progress, [ref[u].in_progress for u in ids])
    k = res.step_counts.shape[0]
    expected = np.array([ref[u].seconds for u in ids], dtype=float).reshape(-1, k)
    np.testing.assert_array_equal(res.seconds_to_step, expected)
    kept = [u for u in ids if not ref[u].excluded]
    assert res.step_counts.tolist() == [sum(ref[u].furthest >= j for u in kept) for j in range(k)]


# --------------------------------------------------------------------------- property


@st.composite
def random_funnels(draw: st.DrawFn) -> tuple[list[Any], list[int], list[str], FunnelSpec, int | None]:  # fmt: skip
    order = draw(st.sampled_from(["ordered", "strict", "unordered"]))
    attempt = draw(st.sampled_from(["furthest", "first"]))
    k = draw(st.integers(2, 4))
    if order == "unordered":
        steps: list[Any] = ["a", "b", "c", "d"][:k]
    else:  # steps may share events: one event still fills at most one step
        pool = [["a"], ["b"], ["c"], ["a", "b"], ["b", "c"], ["d"]]
        steps = [draw(st.sampled_from(pool)) for _ in range(k)]
    window = dt.timedelta(minutes=draw(st.integers(1, 8)))
    step_windows = None
    exclusions: list[Exclusion] = []
    if order != "unordered":
        if draw(st.booleans()):
            step_windows = [
                draw(st.one_of(st.none(), st.integers(1, 6).map(lambda m: dt.timedelta(minutes=m))))
                for _ in range(k - 1)
            ]  # fmt: skip
        for _ in range(draw(st.integers(0, 2))):
            a = draw(st.integers(0, k - 2))
            b = draw(st.integers(a + 1, k - 1))
            effect = draw(st.sampled_from(["drop_unit", "stop_at_step"]))
            exclusions.append(Exclusion("x", a, b, effect=effect))
    spec = FunnelSpec(
        steps, window=window, step_windows=step_windows, step_order=order, attempt=attempt,
        exclusions=exclusions, exclusion_rule=draw(st.sampled_from(["clean_attempt", "counted_attempt"])),
    )  # fmt: skip
    n_units = draw(st.integers(1, 5))
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(0, n_units - 1),
                st.integers(0, 12),  # a narrow range of minutes: many ties
                st.sampled_from(["a", "b", "c", "d", "x", "o"]),
            ),
            max_size=28,
        )
    )
    as_of = draw(st.one_of(st.none(), st.integers(0, 14)))
    as_str = draw(st.booleans())
    units = [f"u{u}" if as_str else 100 + 7 * u for u, _, _ in rows]
    return units, [r[1] for r in rows], [r[2] for r in rows], spec, as_of


class TestReferenceProperty:
    @given(random_funnels())
    def test_kernel_equals_reference(
        self, case: tuple[list[Any], list[int], list[str], FunnelSpec, int | None]
    ) -> None:
        units, minutes, events, spec, as_of = case
        ref = reference_funnel(units, minutes, events, spec, as_of)
        times = T0 + np.array(minutes, dtype=np.int64) * MIN
        as_of_time = None if as_of is None else T0 + as_of * MIN
        res = compute_funnel(
            np.array(units) if units else np.array([], dtype=np.int64),
            times,
            np.array(events, dtype=str),
            spec,
            as_of=as_of_time,
        )
        check_against_reference(res, ref)
        if spec.step_order != "unordered":  # the general sorted kernel agrees too
            sorted_res = compute_with_kernel(
                np.array(units) if units else np.array([], dtype=np.int64),
                times, np.array(events, dtype=str), spec, as_of=as_of_time, breakdown=None,
                attribution="first_touch", breakdown_top=10, confidence_level=0.95,
                method="wilson", kernel="sorted",
            )  # fmt: skip
            assert_same_result(res, sorted_res)

    @given(random_funnels(), st.randoms(use_true_random=False))
    def test_row_order_does_not_matter(
        self, case: tuple[list[Any], list[int], list[str], FunnelSpec, int | None], rnd: Any
    ) -> None:
        units, minutes, events, spec, _ = case
        if not units:
            return
        perm = list(range(len(units)))
        rnd.shuffle(perm)
        # a permutation changes the tie-break among identical events only, which
        # never changes furthest steps, exclusions or times
        times = T0 + np.array(minutes, dtype=np.int64) * MIN
        a = compute_funnel(np.array(units), times, np.array(events), spec)
        b = compute_funnel(np.array(units)[perm], times[perm], np.array(events)[perm], spec)
        np.testing.assert_array_equal(a.per_unit.furthest_step, b.per_unit.furthest_step)
        np.testing.assert_array_equal(a.per_unit.is_excluded, b.per_unit.is_excluded)
        np.testing.assert_array_equal(a.seconds_to_step, b.seconds_to_step)


# --------------------------------------------------------------------------- rules


class TestRules:
    def test_furthest_dominates_first(self) -> None:
        rng = np.random.default_rng(5)
        n = 4000
        units = rng.integers(0, 300, n)
        times = T0 + rng.integers(0, 3 * 24 * 60, n) * MIN
        events = rng.choice(["visit", "view", "cart", "pay", "other"], n)
        for order in ("ordered", "strict", "unordered"):
            kw: dict[str, Any] = {"window": dt.timedelta(hours=6), "step_order": order}
            steps = ["visit", "view", "cart", "pay"]
            furthest = compute_funnel(units, times, events, FunnelSpec(steps, **kw))
            first = compute_funnel(units, times, events, FunnelSpec(steps, attempt="first", **kw))
            assert np.all(furthest.per_unit.furthest_step >= first.per_unit.furthest_step)
            assert np.all(np.diff(furthest.step_counts) <= 0)
        ordered = compute_funnel(units, times, events, FunnelSpec(steps, window=HOUR * 6))
        strict = compute_funnel(
            units, times, events, FunnelSpec(steps, window=HOUR * 6, step_order="strict")
        )
        assert np.all(strict.per_unit.furthest_step <= ordered.per_unit.furthest_step)

    def test_longer_window_never_hurts(self) -> None:
        rng = np.random.default_rng(6)
        n = 3000
        units = rng.integers(0, 200, n)
        times = T0 + rng.integers(0, 2 * 24 * 60, n) * MIN
        events = rng.choice(["a", "b", "c", "o"], n)
        prev = None
        for hours in (1, 3, 12, 48):
            res = compute_funnel(
                units, times, events, FunnelSpec(["a", "b", "c"], window=HOUR * hours)
            )
            if prev is not None:
                assert np.all(res.per_unit.furthest_step >= prev)
            prev = res.per_unit.furthest_step

    def test_event_in_two_steps_fills_one(self) -> None:
        # view -> view -> cart: one view cannot fill both view steps
        spec = FunnelSpec(["view", "view", "cart"], window=HOUR)
        one = compute_funnel([1, 1], [T0, T0 + MIN], ["view", "cart"], spec)
        assert one.per_unit.furthest_step.tolist() == [0]
        two = compute_funnel([1, 1, 1], [T0, T0, T0 + MIN], ["view", "view", "cart"], spec)
        assert two.per_unit.furthest_step.tolist() == [2]

    def test_ties_order_by_the_steps_matched_not_by_row(self) -> None:
        # "a" fills step 1 only, "b" fills step 1 or 2: at one timestamp "a" comes
        # first whatever the row order, so a -> b reaches step 2 both ways
        spec = FunnelSpec(["v", ["a", "b"], ["b", "c"]], window=HOUR)
        for events in (["v", "a", "b"], ["v", "b", "a"]):
            res = compute_funnel([1, 1, 1], [T0, T0 + MIN, T0 + MIN], events, spec)
            assert res.per_unit.furthest_step.tolist() == [2]

    def test_any_of_several_events_fills_a_step(self) -> None:
        spec = FunnelSpec(["visit", ["product_view", "quick_view"], "pay"], window=HOUR)
        res = compute_funnel(
            [1, 1, 1, 2, 2, 2],
            [T0, T0 + MIN, T0 + 2 * MIN] * 2,
            ["visit", "quick_view", "pay", "visit", "product_view", "pay"],
            spec,
        )
        assert res.step_counts.tolist() == [2, 2, 2]
        assert res.step_names == ("visit", "product_view|quick_view", "pay")

    def test_labels_and_unordered_names(self) -> None:
        spec = FunnelSpec(["a", "b"], window=HOUR, labels=["Visit", "Buy"])
        res = compute_funnel([1], [T0], ["a"], spec)
        assert res.step_names == ("Visit", "Buy")
        un = compute_funnel(
            [1], [T0], ["a"], FunnelSpec(["a", "b"], window=HOUR, step_order="unordered")
        )
        assert un.step_names == ("1 of 2", "2 of 2")

    def test_empty_log(self) -> None:
        spec = FunnelSpec(["a", "b"], window=HOUR)
        res = compute_funnel(np.array([], dtype=np.int64), np.array([], "datetime64[s]"), np.array([], str), spec)  # fmt: skip
        assert res.step_counts.tolist() == [0, 0]
        assert res.n_exposed == 0
        assert np.isnan(res.conversion_from_previous).all()
        assert len(res.per_unit) == 0


# --------------------------------------------------------------------------- inputs


class TestInputs:
    def test_pandas_and_polars_columns(self) -> None:
        pd = pytest.importorskip("pandas")
        pl = pytest.importorskip("polars")
        units, times, events, channels = hand_columns()
        spec = FunnelSpec(STEPS, window=HOUR)
        expected = compute_funnel(units, times, events, spec)
        df = pd.DataFrame({"u": units, "t": times, "e": events, "c": channels})
        got = compute_funnel(df["u"], df["t"], df["e"], spec)
        np.testing.assert_array_equal(got.per_unit.furthest_step, expected.per_unit.furthest_step)
        cat = compute_funnel(df["u"], df["t"], df["e"].astype("category"), spec)
        np.testing.assert_array_equal(cat.per_unit.furthest_step, expected.per_unit.furthest_step)
        pf = pl.DataFrame({"u": units, "t": times.astype("datetime64[us]"), "e": events})
        got = compute_funnel(pf["u"], pf["t"], pf["e"], spec)
        np.testing.assert_array_equal(got.per_unit.furthest_step, expected.per_unit.furthest_step)
        got = compute_funnel(pf["u"], pf["t"], pf["e"].cast(pl.Categorical), spec)
        np.testing.assert_array_equal(got.per_unit.furthest_step, expected.per_unit.furthest_step)
        # time-zone aware columns are read as wall-clock time in their zone
        aware = df["t"].dt.tz_localize("Asia/Shanghai")
        got = compute_funnel(df["u"], aware, df["e"], spec)
        np.testing.assert_array_equal(got.per_unit.furthest_step, expected.per_unit.furthest_step)
        assert got.per_unit.entered_at[0] == T0 + 50 * MIN

    def test_string_ids_python_datetimes_and_resolutions(self) -> None:
        units, times, events, _ = hand_columns()
        spec = FunnelSpec(STEPS, window=HOUR)
        expected = compute_funnel(units, times, events, spec)
        str_ids = np.array([f"user-{u:02d}" for u in units])
        got = compute_funnel(str_ids, times, events, spec)
        np.testing.assert_array_equal(got.per_unit.furthest_step, expected.per_unit.furthest_step)
        assert got.per_unit.unit_id[0] == "user-01"
        py_times = [t.astype(dt.datetime) for t in times]
        got = compute_funnel(units.tolist(), py_times, events.tolist(), spec)
        np.testing.assert_array_equal(got.per_unit.furthest_step, expected.per_unit.furthest_step)
        ns = compute_funnel(units, times.astype("datetime64[ns]"), events, spec)
        np.testing.assert_array_equal(ns.seconds_to_step, expected.seconds_to_step)
        ms = compute_funnel(units, times.astype("datetime64[ms]"), events.astype(object), spec)
        np.testing.assert_array_equal(ms.seconds_to_step, expected.seconds_to_step)
        sparse = compute_funnel(units * 10**12, times, events, spec)  # ids far apart
        np.testing.assert_array_equal(
            sparse.per_unit.furthest_step, expected.per_unit.furthest_step
        )
        aware = [dt.datetime(2025, 11, 11, 8, tzinfo=dt.timezone(dt.timedelta(hours=8)))]
        res = compute_funnel([1], aware, ["view"], spec)
        assert res.per_unit.entered_at[0] == np.datetime64("2025-11-11T08:00")

    def test_other_id_and_time_types(self) -> None:
        spec = FunnelSpec(STEPS, window=HOUR)
        t = T0 + np.array([0, 5, 9]) * MIN
        ev = np.array(["view", "cart", "pay"])
        # integral float ids (pandas reads int columns with gaps as float) are ints
        res = compute_funnel(np.array([7.0, 7.0, 7.0]), t, ev, spec)
        assert res.per_unit.unit_id.dtype == np.int64
        assert res.per_unit.furthest_step.tolist() == [2]
        res = compute_funnel(np.array([0.5, 0.5, 1.5]), t, ev, spec)  # other floats stay
        assert res.per_unit.unit_id.tolist() == [0.5, 1.5]
        big = np.array([2**63 + 5, 2**63 + 5, 3], dtype=np.uint64)  # far apart: factorised
        assert compute_funnel(big, t, ev, spec).per_unit.furthest_step.tolist() == [-1, 1]
        days = np.array(["2025-11-01", "2025-11-01", "2025-11-02"], dtype="datetime64[D]")
        assert compute_funnel(days, t, ev, spec).per_unit.furthest_step.tolist() == [1, -1]
        objs = np.array([np.datetime64("2025-11-11T00:00"), dt.datetime(2025, 11, 11, 0, 5),
                         dt.date(2025, 11, 12)], dtype=object)  # fmt: skip
        res = compute_funnel([1, 1, 1], objs, ev, spec)
        assert res.per_unit.furthest_step.tolist() == [1]
        pd = pytest.importorskip("pandas")
        idx = pd.DatetimeIndex(t).tz_localize("Europe/Berlin")
        res = compute_funnel([1, 1, 1], idx, ev, spec, as_of=dt.datetime(2025, 11, 10, 23, 6, tzinfo=dt.UTC))  # fmt: skip
        assert res.per_unit.furthest_step.tolist() == [1]  # as_of 23:06 UTC = 00:06 in Berlin
        assert res.per_unit.is_in_progress.tolist() == [True]
        assert res.as_of == np.datetime64("2025-11-11T00:06")
        with pytest.raises(InvalidInputError, match="as_of must not be NaT"):
            compute_funnel([1, 1, 1], t, ev, spec, as_of=np.datetime64("NaT"))
        with pytest.raises(InvalidInputError, match="unit_ids must be 1-dimensional"):
            compute_funnel(np.ones((3, 1)), t, ev, spec)
        with pytest.raises(InvalidInputError, match="timestamps must be 1-dimensional"):
            compute_funnel([1, 1, 1], t.reshape(3, 1), ev, spec)
        with pytest.raises(InvalidInputError, match="unit_ids must not be missing; 1 value"):
            compute_funnel(np.array([1.0, np.nan, 2.0]), t, ev, spec)
        with pytest.raises(InvalidInputError, match="unit_ids must not be missing"):
            compute_funnel(np.array(["2025-01-01", "NaT", "NaT"], "datetime64[D]"), t, ev, spec)
        with pytest.raises(
            InvalidInputError, match="timestamps must be dates or datetimes; first other"
        ):
            compute_funnel([1, 1, 1], [t[0], "soon", t[2]], ev, spec)
        with pytest.raises(InvalidInputError, match="resolution from weeks to nanoseconds"):
            compute_funnel([1, 1, 1], t.astype("datetime64[Y]"), ev, spec)
        with pytest.raises(InvalidInputError, match="breakdown must be 1-dimensional"):
            compute_funnel([1, 1, 1], t, ev, spec, breakdown=np.ones((3, 1)))
        with pytest.raises(InvalidInputError, match="events must be 1-dimensional"):
            compute_funnel([1, 1, 1], t, ev.reshape(3, 1), spec)

    def test_fallbacks_for_keys_that_do_not_pack(self) -> None:
        # nanosecond times with a 1 ns offset (no coarser tick divides them) and a
        # unit 175 years later: (time, rank, row) no longer packs into 64 bits, so
        # the sort-free kernel hands over to the sorted one and the packed sort to a
        # lexicographic argsort. The results do not change.
        units, times, events, channels = hand_columns()
        ns = times.astype("datetime64[ns]")
        ns[0] += np.timedelta64(1, "ns")
        far = np.datetime64("2200-01-01T00:00:00", "ns")
        u2, t2, e2 = np.append(units, 99), np.append(ns, far), np.append(events, "view")
        for attempt, furthest in (
            ("furthest", HAND_VARIANTS[0][1]),
            ("first", HAND_VARIANTS[1][1]),
        ):
            spec = FunnelSpec(STEPS, window=HOUR, attempt=attempt)  # type: ignore[arg-type]
            res = compute_funnel(u2, t2, e2, spec, breakdown=np.append(channels, "ads"))
            assert res.per_unit.furthest_step.tolist() == [*furthest, 0]
            assert res.unit_group is not None
            assert res.unit_group[0] == ("search" if attempt == "furthest" else "ads")
            assert res.per_unit.entered_at[-1] == far
        # ticks are coarsened exactly: whole seconds stored as ns give the same result
        whole = compute_funnel(units, times.astype("datetime64[ns]"), events, FunnelSpec(STEPS, window=HOUR))  # fmt: skip
        assert whole.per_unit.furthest_step.tolist() == HAND_VARIANTS[0][1]
        assert whole.per_unit.entered_at.dtype == np.dtype("datetime64[ns]")
        assert whole.per_unit.entered_at[0] == T0 + 50 * MIN

    def test_caller_arrays_are_not_reordered(self) -> None:
        units, times, events, channels = hand_columns()
        copies = [a.copy() for a in (units, times, events, channels)]
        res = compute_funnel(units, times, events, FunnelSpec(STEPS, window=HOUR), breakdown=channels)  # fmt: skip
        for a, b in zip((units, times, events, channels), copies, strict=True):
            np.testing.assert_array_equal(a, b)
        assert not res.step_counts.flags.writeable
        assert not res.per_unit.furthest_step.flags.writeable

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"unit_ids": [1, 2]}, "inputs must have the same length; unit_ids has 2"),
            ({"unit_ids": [1, None, 3]}, "unit_ids must not be missing; 1 value is missing, first at index 1"),
            ({"unit_ids": [1.0, np.nan, 3.0]}, "unit_ids must not be missing; 1 value is missing, first at index 1"),
            ({"timestamps": np.array(["2025-01-01", "NaT", "NaT"], "datetime64[s]")},
             "timestamps must not be missing; 2 values are missing, first at index 1"),
            ({"timestamps": [dt.datetime(2025, 1, 1), None, dt.datetime(2025, 1, 1)]},
             "timestamps must not be missing"),
            ({"timestamps": [1, 2, 3]}, "timestamps must be dates or datetimes; got numbers \\(dtype int64: epoch seconds"),
            ({"events": [1, 2, 3]}, "events must be event names"),
            ({"unit_ids": ["a", 1, "b"]}, "unit_ids must not mix id types"),
            ({"attribution": 5}, "attribution must be 'first_touch', 'last_touch' or a step index"),
            ({"attribution": "step_1"}, "attribution must be"),
            ({"breakdown_top": 0}, "breakdown_top must be an int >= 1"),
            ({"confidence_level": 1.5}, "confidence_level must be in"),
            ({"method": "exact"}, "method must be one of"),
            ({"as_of": "soon"}, "as_of must be a date or datetime"),
            ({"spec": "view,cart"}, "spec must be a FunnelSpec"),
            ({"timestamps": [dt.datetime(2025, 1, 1), dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2025, 1, 1)]},
             "must not mix time-zone aware and naive"),
        ],
    )  # fmt: skip
    def test_bad_input(self, kwargs: dict[str, Any], message: str) -> None:
        args: dict[str, Any] = {
            "unit_ids": [1, 2, 3],
            "timestamps": np.array(["2025-01-01"] * 3, "datetime64[s]"),
            "events": ["view", "cart", "pay"],
            "spec": FunnelSpec(STEPS, window=HOUR),
        }
        args.update(kwargs)
        with pytest.raises(InvalidInputError, match=message):
            compute_funnel(**args)


# --------------------------------------------------------------------------- spec


class TestSpec:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"steps": ["view"]}, "a funnel needs at least two steps; got 1"),
            ({"steps": "view"}, "steps must be a sequence of steps"),
            ({"steps": ["view", []]}, "step 1 has no event"),
            ({"steps": ["view", ""]}, "step 1 must hold non-empty event names"),
            ({"steps": ["view", ["a", "a"]]}, "step 1 repeats an event"),
            ({"window": dt.timedelta(0)}, "window must be > 0"),
            ({"window": -HOUR}, "window must be > 0"),
            ({"step_windows": [HOUR]}, "step_windows must have one entry per step after the first \\(2\\)"),
            ({"step_windows": [HOUR, dt.timedelta(0)]}, "step_windows\\[1\\] must be > 0 or None"),
            ({"exclusions": [Exclusion("x", 1, 3)]}, "has to_step=3; steps are 0..2"),
            ({"exclusions": [Exclusion("cart", 0, 2)]}, "is a funnel step's event"),
            ({"step_order": "unordered", "exclusions": [Exclusion("x", 0, 1)]}, "exclusions are not defined for step_order='unordered'"),
            ({"step_order": "unordered", "step_windows": [HOUR, HOUR]}, "step_windows are not defined"),
            ({"step_order": "unordered", "steps": ["a", ["a", "b"]]}, "may belong to one step only"),
            ({"step_order": "any"}, "step_order"),
            ({"attempt": "last"}, "attempt"),
            ({"labels": ["a", "a", "b"]}, "labels must be unique"),
            ({"labels": ["a"]}, "labels must have 3 entries"),
            ({"unit_name": ""}, "unit_name must be a non-empty name"),
        ],
    )  # fmt: skip
    def test_errors(self, kwargs: dict[str, Any], message: str) -> None:
        args: dict[str, Any] = {"steps": STEPS, "window": HOUR}
        args.update(kwargs)
        steps = args.pop("steps")
        with pytest.raises(InvalidInputError, match=message):
            FunnelSpec(steps, **args)

    def test_exclusion_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="to_step must be > from_step"):
            Exclusion("x", 2, 2)
        with pytest.raises(InvalidInputError, match="from_step must be >= 0"):
            Exclusion("x", -1, 2)
        with pytest.raises(InvalidInputError, match="event must be a non-empty string"):
            Exclusion("", 0, 1)
        with pytest.raises(InvalidInputError, match="effect"):
            Exclusion("x", 0, 1, effect="drop")  # type: ignore[arg-type]

    def test_frozen_json_round_trip_and_pickle(self) -> None:
        spec = FunnelSpec(
            ["visit", ["view", "quick_view"], "pay"],
            window=dt.timedelta(days=7),
            step_windows=[None, dt.timedelta(hours=1)],
            exclusions=[Exclusion("refund", 1, 2, effect="stop_at_step")],
            unit_name="session",
        )
        again = FunnelSpec.model_validate_json(spec.model_dump_json())
        assert again == spec
        assert pickle.loads(pickle.dumps(spec)) == spec
        with pytest.raises(Exception, match="frozen"):
            spec.window = HOUR  # type: ignore[misc]
        assert spec.steps[1] == ("view", "quick_view")
        assert "step windows from the prior step [-, 1 hour]" in spec.describe()
        assert "exclude 'refund' between steps 1 and 2 (stop_at_step)" in spec.describe()

    def test_describe_unordered(self) -> None:
        spec = FunnelSpec(["a", "b"], window=dt.timedelta(seconds=90), step_order="unordered")
        assert "every funnel event opens an attempt" in spec.describe()
        assert "window 90 seconds" in spec.describe()


def test_module_surface() -> None:
    import ecomops.funnel as funnel

    assert funnel.__all__ == sorted(funnel.__all__)
    for name in funnel.__all__:
        obj = getattr(funnel, name)
        doc = obj.__doc__ or ""
        assert "Examples" in doc or "Attributes" in doc, name
        if callable(obj) and not isinstance(obj, type):
            assert "References" in doc, name
    assert list(itertools.chain(funnel.__all__))
