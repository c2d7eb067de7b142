"""Results never alias the caller's arrays, and never freeze them.

For a representative set of public functions (at least one per module) the
caller's arrays are written into after the call: the result must not change,
and the caller's arrays must still be writeable. Every array kept on a result
(at any depth) must be read-only, so that two views of one result can never
disagree.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import numpy as np
import pytest

from ecomops import datasets, funnel, inventory, logistics, money, pricing, segmentation, seo
from ecomops._core.results import Result, Table


def _arrays(obj: Any, path: str = "result", depth: int = 0) -> Iterator[tuple[str, np.ndarray]]:
    """Every numpy array kept on ``obj``: its fields, nested results and containers."""
    if depth > 6:
        return
    if isinstance(obj, np.ndarray):
        yield path, obj
    elif isinstance(obj, money.MoneyArray):
        yield f"{path}._minor", obj._minor
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _arrays(getattr(obj, f.name, None), f"{path}.{f.name}", depth + 1)
    elif isinstance(obj, tuple | list):
        for i, item in enumerate(obj):
            yield from _arrays(item, f"{path}[{i}]", depth + 1)
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from _arrays(item, f"{path}[{key!r}]", depth + 1)


def _snapshot(result: Any) -> dict[str, np.ndarray]:
    return {path: np.array(arr, copy=True) for path, arr in _arrays(result)}


def _scribble(arr: np.ndarray) -> None:
    """Overwrite a caller's array with different values of its own dtype."""
    if arr.dtype.kind in "US":
        arr[...] = "zz-overwritten"
    elif arr.dtype.kind == "M":
        arr[...] = arr[::-1] + np.timedelta64(7, "D")
    elif arr.dtype.kind == "b":
        arr[...] = ~arr
    else:
        arr[...] = arr[::-1] * 3 + 1


_T0 = np.datetime64("2025-11-11T20:00", "s")


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    call: Callable[..., Any]
    inputs: Callable[[], dict[str, np.ndarray]]


CASES = [
    Case(
        "money.allocate",
        lambda weights: money.allocate(100, weights),
        lambda: {"weights": np.array([1.0, 2.0, 3.0])},
    ),
    Case(
        "money.MoneyArray",
        lambda minor: money.MoneyArray(minor, "CNY"),
        lambda: {"minor": np.array([100, 250, 3])},
    ),
    Case(
        "pricing.fit_demand",
        lambda p, q: pricing.fit_demand(p, q),
        lambda: {"p": np.array([5.0, 8.0, 10.0, 12.0]), "q": np.array([25.0, 21.0, 23.0, 15.0])},
    ),
    Case(
        "pricing.van_westendorp",
        lambda a, b, c, d: pricing.van_westendorp(a, b, c, d),
        lambda: {
            "a": np.array([5.0, 6, 7, 8, 10]),
            "b": np.array([8.0, 9, 10, 11, 12]),
            "c": np.array([12.0, 14, 15, 16, 18]),
            "d": np.array([15.0, 18, 20, 22, 25]),
        },
    ),
    Case(
        "pricing.markdown_projection",
        lambda start, now: pricing.markdown_projection(start, 16, 2, now, 150),
        lambda: {"start": np.array([1000.0, 500.0]), "now": np.array([825.0, 300.0])},
    ),
    Case(
        "inventory.economic_order_quantity",
        lambda d, k: inventory.economic_order_quantity(d, k, 0.225),
        lambda: {"d": np.array([1300.0, 800.0]), "k": np.array([8.0, 12.0])},
    ),
    Case(
        "inventory.abc_classification",
        lambda v: inventory.abc_classification(v),
        lambda: {"v": np.array([5.0, 50.0, 15.0, 30.0])},
    ),
    Case(
        "inventory.demand_statistics",
        lambda h: inventory.demand_statistics(h),
        lambda: {"h": np.array([[0.0, 2, 0, 0, 7, 0, 1, 0], [3.0, 4, 5, 3, 4, 5, 3, 4]])},
    ),
    Case(
        "inventory.rq_policy",
        lambda m, s: inventory.rq_policy(m, s, 1 / 12, 8, 0.225, 7.5),
        lambda: {"m": np.array([1300.0, 900.0]), "s": np.array([150.0, 90.0])},
    ),
    Case(
        "inventory.safety_stock",
        lambda s: inventory.safety_stock(None, s, 2, cycle_service_level=0.95),
        lambda: {"s": np.array([0.7, 1.5])},
    ),
    Case(
        "inventory.newsvendor_quantity",
        lambda m, s: inventory.newsvendor_quantity(
            m, s, holding_cost=0.18, shortage_cost_per_unit=0.7
        ),
        lambda: {"m": np.array([50.0, 80.0]), "s": np.array([8.0, 10.0])},
    ),
    Case(
        "funnel.funnel_from_counts (benchmark)",
        lambda counts, benchmark: funnel.funnel_from_counts(
            ["a", "b", "c", "d", "e"], counts, benchmark=benchmark
        ),
        lambda: {
            "counts": np.array([1000, 500, 100, 60, 30]),
            "benchmark": np.array([0.6, 0.18, 0.7, 0.5]),
        },
    ),
    Case(
        "funnel.sample_size_proportions",
        lambda baseline: funnel.sample_size_proportions(baseline, 0.01),
        lambda: {"baseline": np.array([0.1, 0.2])},
    ),
    Case(
        "funnel.two_proportions_ztest",
        lambda ca, cb: funnel.two_proportions_ztest(ca, 10_000, cb, 10_000),
        lambda: {"ca": np.array([300, 120]), "cb": np.array([345, 150])},
    ),
    Case(
        "funnel.compute_funnel",
        lambda ids, ts, ev: funnel.compute_funnel(
            ids, ts, ev, funnel.FunnelSpec(["view", "pay"], window=timedelta(hours=1))
        ),
        lambda: {
            "ids": np.array([1, 1, 2]),
            "ts": np.array([_T0, _T0 + np.timedelta64(300, "s"), _T0]),
            "ev": np.array(["view", "pay", "view"]),
        },
    ),
    Case(
        "segmentation.customer_summary",
        lambda ids, ts, amounts: segmentation.customer_summary(
            ids, ts, amounts, as_of="2024-01-31"
        ),
        lambda: {
            "ids": np.array(["a", "a", "b", "b"]),
            "ts": np.array(
                ["2024-01-02", "2024-01-10", "2024-01-05", "2024-01-15"], "datetime64[s]"
            ),
            "amounts": np.array([30.0, 20.0, 25.0, 99.0]),
        },
    ),
    Case(
        "segmentation.rfm_scores_from_values",
        lambda r, f, m: segmentation.rfm_scores_from_values(r, f, m, bins=4),
        lambda: {
            "r": np.array([3.0, 40, 200, 10]),
            "f": np.array([5.0, 2, 1, 1]),
            "m": np.array([500.0, 80, 20, 35]),
        },
    ),
    Case(
        "segmentation.fit_gamma_gamma",
        lambda x, m: segmentation.fit_gamma_gamma(x, m),
        lambda: {
            # spends whose maximum likelihood estimate is interior (p = 5.17); the
            # previous ones only fitted because the optimiser stopped short of p -> inf
            "x": np.array([5.0, 2, 1, 2, 3, 5, 3, 1]),
            "m": np.array([7.0, 30, 12, 4, 12, 10, 20, 10]),
        },
    ),
    Case(
        "segmentation.cohort_matrix",
        lambda ids, ts: segmentation.cohort_matrix(ids, ts, as_of="2024-03-31"),
        lambda: {
            "ids": np.array([1, 2, 1, 1, 3, 3]),
            "ts": np.array(
                [
                    "2024-01-03",
                    "2024-01-20",
                    "2024-02-03",
                    "2024-03-05",
                    "2024-02-10",
                    "2024-03-01",
                ],
                "datetime64[D]",
            ),
        },
    ),
    Case(
        "logistics.quote",
        lambda w, size: logistics.quote(
            logistics.ParcelBatch(w, size, size, size, "100", "101"),
            [logistics.example_services("US")[0]],
            ship_date="2025-03-03",
        ),
        lambda: {"w": np.array([0.8, 2.3]), "size": np.array([30.0, 60.0])},
    ),
    Case(
        "seo.keyword_scores",
        lambda v, d, c: seo.keyword_scores(v, d, c),
        lambda: {
            "v": np.array([12_000.0, 900, 40]),
            "d": np.array([80.0, 30, 10]),
            "c": np.array([2.5, 1.2, 0.3]),
        },
    ),
    Case(
        "seo.estimated_clicks",
        lambda v, p: seo.estimated_clicks(v, p),
        lambda: {"v": np.array([10_000.0, 500.0]), "p": np.array([3.0, 1.0])},
    ),
    Case(
        "logistics.billable_weight",
        lambda w, size: logistics.billable_weight(w, size, size, size, divisor=6000),
        lambda: {"w": np.array([0.8, 2.3]), "size": np.array([30.0, 60.0])},
    ),
    Case(
        "logistics.free_shipping_threshold",
        lambda baskets, thresholds: logistics.free_shipping_threshold(
            baskets, thresholds, margin_rate=0.4, shipping_cost=8.0, shipping_fee=10.0
        ),
        lambda: {"baskets": np.array([50.0, 80.0, 120.0]), "thresholds": np.array([59.0, 99.0])},
    ),
    Case(
        "logistics.ParcelBatch",
        lambda w, size: logistics.ParcelBatch(w, size, size, size, "100", "101"),
        lambda: {"w": np.array([0.8, 2.3]), "size": np.array([30.0, 60.0])},
    ),
    Case(
        "datasets.DemandHistory",
        lambda sku, dates, units: datasets.DemandHistory(sku, dates, units),
        lambda: {
            "sku": np.array(["A", "B"]),
            "dates": np.array(["2025-01-01", "2025-01-02", "2025-01-03"], "datetime64[D]"),
            "units": np.array([[1, 2, 3], [4, 5, 6]]),
        },
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_result_survives_writes_to_the_callers_arrays(case: Case) -> None:
    inputs = case.inputs()
    result = case.call(**inputs)
    before = _snapshot(result)
    for name, arr in inputs.items():
        assert arr.flags.writeable, f"{case.name} made the caller's {name} read-only"
        _scribble(arr)
    after = _snapshot(result)
    assert before.keys() == after.keys()
    for path, value in before.items():
        assert np.array_equal(value, after[path], equal_nan=value.dtype.kind in "fc"), (
            f"{case.name}: {path} changed after a write into the caller's array"
        )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_array_kept_on_a_result_is_read_only(case: Case) -> None:
    inputs = case.inputs()
    result = case.call(**inputs)
    for path, arr in _arrays(result):
        for name, given in inputs.items():
            assert not np.shares_memory(arr, given), f"{case.name}: {path} is a view of {name}"
        if path != "result":  # a plain array answer is the caller's own, fresh array
            assert not arr.flags.writeable, f"{case.name}: {path} is writeable"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_writeable_array_is_shared_between_views_of_a_result(case: Case) -> None:
    # issue example: result arrays writeable and shared between two views of one result
    result = case.call(**case.inputs())
    if isinstance(result, np.ndarray):
        return
    kept = [arr for _, arr in _arrays(result)]
    for name, attr in inspect.getmembers(type(result)):
        if not isinstance(attr, property):
            continue
        first = list(_arrays(getattr(result, name), name))
        again = [arr for _, arr in _arrays(getattr(result, name), name)]
        for path, arr in first:
            if not arr.flags.writeable:
                continue
            assert not any(np.shares_memory(arr, k) for k in kept), (
                f"{case.name}: {path} is a writeable view of an array the result keeps"
            )
            assert not any(np.shares_memory(arr, a) for a in again), (
                f"{case.name}: {path} is one writeable array shared by two accesses"
            )


def test_building_a_table_leaves_the_callers_arrays_writeable() -> None:
    # issue example: building a result table made the caller's arrays read-only
    @dataclasses.dataclass(frozen=True, slots=True, repr=False)
    class Two(Table):
        a: np.ndarray
        b: np.ndarray

    a, b = np.arange(3.0), np.array([1, 2, 3])
    t = Two(a, b)
    assert a.flags.writeable
    assert b.flags.writeable
    assert not t.a.flags.writeable
    assert not t.b.flags.writeable
    a[0] = 99.0
    assert t.a[0] == 0.0
    # a view of the caller's array is copied too
    base = np.arange(6.0)
    t2 = Two(base[:3], base[3:])
    base[:] = -1
    assert t2.a.tolist() == [0.0, 1.0, 2.0]
    assert t2.b.tolist() == [3.0, 4.0, 5.0]


def test_plain_result_arrays_are_read_only_copies() -> None:
    @dataclasses.dataclass(frozen=True, slots=True, repr=False)
    class One(Result):
        x: np.ndarray

    x = np.arange(3.0)
    r = One(x)
    assert x.flags.writeable
    assert not r.x.flags.writeable
    x[0] = 5.0
    assert r.x[0] == 0.0
    # a read-only array that owns its data is kept as it is: nobody can write through it
    frozen = np.arange(3.0)
    frozen.setflags(write=False)
    assert One(frozen).x is frozen


def test_funnel_from_counts_keeps_no_view_of_benchmark() -> None:
    # issue example: funnel_from_counts(..., benchmark=arr) kept a view of arr
    bench = np.array([0.6, 0.18, 0.7, 0.5])
    res = funnel.funnel_from_counts(
        ["a", "b", "c", "d", "e"], [1000, 500, 100, 60, 30], benchmark=bench
    )
    gap = np.array(res.benchmark_gap, copy=True)
    bench[:] = 0.0
    assert res.benchmark is not None
    assert res.benchmark.tolist() == [0.6, 0.18, 0.7, 0.5]
    assert np.array_equal(res.benchmark_gap, gap)
    assert bench.flags.writeable


def test_sample_size_proportions_keeps_no_view_of_baseline() -> None:
    # issue example: sample_size_proportions(arr, ...) kept a view of arr
    baseline = np.array([0.1, 0.2])
    res = funnel.sample_size_proportions(baseline, 0.01)
    baseline[:] = 0.5
    assert np.asarray(res.baseline).tolist() == [0.1, 0.2]
    assert baseline.flags.writeable
