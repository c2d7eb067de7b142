"""The funnel kernels' memory-lean paths: narrow positions, in-place counts, freed steps.

Behaviour only (no timing or memory assertions): the helpers agree with their
plain definitions, and mid-sized logs (many events per step, so every
position array is non-trivial) agree with the reference implementation of
``tests/test_funnel.py`` under each kernel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from ecomops._funnel import kernel as k
from ecomops._funnel.compute import _compute as compute_with_kernel
from ecomops._funnel.compute import _present
from ecomops.funnel import Exclusion, FunnelSpec, compute_funnel
from tests.test_funnel import assert_same_result, check_against_reference, reference_funnel

T0 = np.datetime64("2025-11-11T00:00", "s")
MIN = np.timedelta64(60, "s")
EVENTS = ["a", "b", "c", "d", "x", "o"]


def _naive_predecessors(
    P: np.ndarray, prev: np.ndarray, us: np.ndarray, strict: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The plain definition: the latest ``prev`` position before each of ``P``."""
    idx0, ok = [], []
    prev_list = prev.tolist()
    for p in P.tolist():
        if strict:
            before = max(p - 1, 0)
            upto = sum(q <= before for q in prev_list)
            idx0.append(max(upto - 1, 0))
            ok.append(p > 0 and before in prev_list and us[before] == us[p])
        else:
            idx = sum(q < p for q in prev_list) - 1
            idx0.append(max(idx, 0))
            ok.append(idx >= 0 and us[prev_list[max(idx, 0)]] == us[p])
    return np.array(idx0, dtype=np.int64), np.array(ok, dtype=bool)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("seed", range(5))
def test_predecessors_match_their_definition(strict: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 300
    us = np.sort(rng.integers(0, 20, n)).astype(np.int32)
    prev = np.flatnonzero(rng.random(n) < 0.3).astype(np.int32)
    P = np.flatnonzero(rng.random(n) < 0.4).astype(np.int32)
    P[0] = 0  # the first position has nothing before it
    P = np.unique(P)
    snapshot = (P.copy(), prev.copy(), us.copy())
    idx0, ok = k._predecessors(P, prev, us, strict)
    want_idx, want_ok = _naive_predecessors(P, prev, us, strict)
    np.testing.assert_array_equal(ok, want_ok)
    np.testing.assert_array_equal(idx0[ok], want_idx[want_ok])
    assert idx0.dtype == np.int32  # positions of a log below 2**31 events stay narrow
    for before, after in zip(snapshot, (P, prev, us), strict=True):
        np.testing.assert_array_equal(before, after)  # inputs are read, not written


def test_count_before_is_the_count_strictly_before() -> None:
    upto = np.cumsum(np.array([1, 0, 1, 1, 0, 1], dtype=np.int32))
    P = np.array([0, 1, 2, 3, 5], dtype=np.int32)
    np.testing.assert_array_equal(k._count_before(upto, P), [0, 1, 1, 2, 3])


@pytest.mark.parametrize(
    ("ids", "uniq", "codes"),
    [
        ([7, 3, 3, 10, 7], [3, 7, 10], [1, 0, 0, 2, 1]),  # dense span with gaps
        ([2, 1, 0, 1], [0, 1, 2], [2, 1, 0, 1]),  # already dense
        ([5, 10**12, 5], [5, 10**12], [0, 1, 0]),  # a wide span: factorised by sorting
    ],
)
def test_unit_codes(ids: list[int], uniq: list[int], codes: list[int]) -> None:
    arr = np.array(ids, dtype=np.int64)
    got_uniq, got_codes = k.unit_codes(arr)
    assert got_uniq.tolist() == uniq
    assert got_codes.tolist() == codes
    assert got_codes.dtype == np.int32
    assert arr.tolist() == ids


def test_present_names() -> None:
    ecode = np.array([-1, 2, 0, 2, -1], dtype=np.int16)
    assert _present(ecode, 4).tolist() == [True, False, True, False]
    assert _present(np.zeros(0, dtype=np.int16), 2).tolist() == [False, False]


def _medium_log(seed: int) -> tuple[list[int], list[int], list[str]]:
    """A few thousand events of 80 units over a day, many ties and repeats."""
    rng = np.random.default_rng(seed)
    n = 2_400
    units = (rng.integers(0, 80, n) * 7 + 100).tolist()
    minutes = rng.integers(0, 24 * 60, n).tolist()
    events = rng.choice(EVENTS, n, p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05]).tolist()
    return units, minutes, events


SPECS = {
    "ordered furthest": FunnelSpec(["a", "b", "c", "d"], window=dt.timedelta(hours=3)),
    "strict furthest": FunnelSpec(
        ["a", "b", "c"], window=dt.timedelta(hours=2), step_order="strict"
    ),
    "ordered first, step windows": FunnelSpec(
        ["a", "b", "c"],
        window=dt.timedelta(hours=4),
        attempt="first",
        step_windows=[dt.timedelta(minutes=30), None],
    ),
    "stop at step": FunnelSpec(
        ["a", "b", "c", "d"],
        window=dt.timedelta(hours=3),
        exclusions=[Exclusion("x", 1, 3, effect="stop_at_step")],
    ),
    "drop unit, clean attempt": FunnelSpec(
        ["a", "b", "c"],
        window=dt.timedelta(hours=2),
        exclusions=[Exclusion("x", 0, 2, effect="drop_unit")],
        exclusion_rule="clean_attempt",
    ),
    "drop unit, counted attempt": FunnelSpec(
        ["a", "b", "c"],
        window=dt.timedelta(hours=2),
        attempt="first",
        exclusions=[Exclusion("x", 1, 2, effect="drop_unit")],
        exclusion_rule="counted_attempt",
    ),
}


@pytest.mark.parametrize("name", sorted(SPECS))
@pytest.mark.parametrize("seed", [0, 1])
def test_medium_logs_match_the_reference(name: str, seed: int) -> None:
    spec = SPECS[name]
    units, minutes, events = _medium_log(seed)
    times = T0 + np.array(minutes, dtype=np.int64) * MIN
    as_of = 20 * 60 if seed else None
    as_of_time = None if as_of is None else T0 + as_of * MIN
    res = compute_funnel(np.array(units), times, np.array(events), spec, as_of=as_of_time)
    check_against_reference(res, reference_funnel(units, minutes, events, spec, as_of))


def _run(kernel: str, columns: tuple[Any, ...], spec: FunnelSpec, **kwargs: Any) -> Any:
    return compute_with_kernel(
        *columns, spec, as_of=None, breakdown=kwargs.get("breakdown"),
        attribution="first_touch", breakdown_top=10, confidence_level=0.95,
        method="wilson", kernel=kernel,
    )  # fmt: skip


@pytest.mark.parametrize("with_breakdown", [False, True])
def test_first_pass_and_sorted_kernels_agree_on_read_only_columns(with_breakdown: bool) -> None:
    units, minutes, events = _medium_log(2)
    columns = (
        np.array(units),
        T0 + np.array(minutes, dtype=np.int64) * MIN,
        np.array(events),
    )
    for col in columns:
        col.flags.writeable = False  # any write into the caller's arrays would raise
    spec = FunnelSpec(["a", "b", "c", "d"], window=dt.timedelta(hours=5), attempt="first")
    breakdown = np.array(["ads", "search"])[np.arange(len(units)) % 2] if with_breakdown else None
    fast = _run("first_pass", columns, spec, breakdown=breakdown)
    general = _run("sorted", columns, spec, breakdown=breakdown)
    assert_same_result(fast, general)
    check_against_reference(fast, reference_funnel(units, minutes, events, spec, None))
    if with_breakdown:
        assert fast.breakdown is not None
        assert general.breakdown is not None
        np.testing.assert_array_equal(fast.breakdown.count, general.breakdown.count)
        np.testing.assert_array_equal(fast.unit_group, general.unit_group)


def test_categorical_events_read_by_their_narrow_codes() -> None:
    pd = pytest.importorskip("pandas")
    units, minutes, events = _medium_log(3)
    times = T0 + np.array(minutes, dtype=np.int64) * MIN
    spec = SPECS["ordered furthest"]
    with_missing: list[Any] = [None if i % 97 == 0 else ev for i, ev in enumerate(events)]
    cats = pd.Series(pd.Categorical(with_missing, categories=[*EVENTS, "never"]))
    assert cats.cat.codes.dtype == np.int8
    plain = np.array(["" if ev is None else ev for ev in with_missing])
    got = compute_funnel(np.array(units), times, cats, spec)
    want = compute_funnel(np.array(units), times, plain, spec)
    assert_same_result(got, want)
