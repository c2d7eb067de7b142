"""customer_summary at scale: one sort, chunked passes, int32 keys, duplicates within runs.

The reference for every check here is either a plain-Python definition of the
quantity (a set of the rows seen so far for duplicates) or the same call with
the chunked passes forced to tiny chunks, which must agree bit for bit.
"""

from __future__ import annotations

import itertools
import tracemalloc
from typing import Any

import numpy as np
import pytest

import ecomops._segmentation.log as log_module
from ecomops._segmentation.log import find, sort_runs
from ecomops.segmentation import customer_summary

AS_OF = "2024-01-30"


def _log(seed: int, n: int = 600) -> dict[str, Any]:
    """Rows with same-day lines, exact duplicates, refunds, zero amounts and later rows."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, 40, n)
    seconds = (rng.integers(0, 40, n) * 86_400) + rng.integers(0, 3, n) * 3_600
    amounts = np.round(rng.normal(20, 15, n), 0)
    amounts[rng.random(n) < 0.1] = 0.0
    orders = rng.integers(0, n // 3, n)
    again = rng.integers(0, n, n // 4)  # exact copies of a quarter of the rows
    ids, seconds, amounts, orders = (
        np.concatenate([a, a[again]]) for a in (ids, seconds, amounts, orders)
    )
    return {
        "ids": ids,
        "ts": np.datetime64("2024-01-01") + seconds.astype("timedelta64[s]"),
        "amounts": amounts,
        "orders": orders,
    }


def _summary(data: dict[str, Any], **options: Any) -> Any:
    return customer_summary(
        data["ids"], data["ts"], data["amounts"], as_of=AS_OF, order_ids=data["orders"], **options
    )


def _assert_same(a: Any, b: Any) -> None:
    assert a.column_names == b.column_names
    for name in a.column_names:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype, name
        np.testing.assert_array_equal(x, y, err_msg=name)
        if x.dtype.kind == "f":
            np.testing.assert_array_equal(np.signbit(x), np.signbit(y), err_msg=name)
    assert a.quality == b.quality


OPTIONS = [
    {"period": p, "occasion": o, "refunds": r, "duplicates": d}
    for p, o, r, d in itertools.product(
        ("D", "W", "h"), ("period", "order", "row"), ("net", "separate"), ("keep", "drop")
    )
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: "-".join(o.values()))
def test_tiny_chunks_give_the_same_summary(
    options: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _log(1)
    reference = _summary(data, **options)
    monkeypatch.setattr(log_module, "CHUNK_ROWS", 7)
    _assert_same(_summary(data, **options), reference)


@pytest.mark.parametrize("seed", range(4))
def test_duplicates_match_a_plain_python_count(seed: int) -> None:
    # reference: a row is a duplicate when an earlier row up to as_of has the same
    # customer, timestamp, amount, order and refund flag
    data = _log(seed)
    cutoff = np.datetime64(AS_OF) + np.timedelta64(1, "D")
    seen: set[tuple[Any, ...]] = set()
    first = []
    n_dup = 0
    for i, row in enumerate(
        zip(data["ids"], data["ts"], data["amounts"], data["orders"], strict=True)
    ):
        record = (int(row[0]), row[1], float(row[2]) + 0.0, int(row[3]), bool(row[2] < 0))
        if record in seen:
            n_dup += row[1] < cutoff
        else:
            seen.add(record)
            first.append(i)
    kept = _summary(data)
    assert n_dup > 50
    assert kept.quality.n_duplicate_rows == n_dup
    dropped = _summary(data, duplicates="drop")
    assert dropped.quality.n_duplicate_rows_dropped == n_dup
    unique = {k: v[first] for k, v in data.items()}
    deduplicated = _summary(unique)
    assert deduplicated.quality.n_duplicate_rows == 0
    for name in ("n_occasions", "monetary_total", "t_x", "T", "mean_repeat_spend"):
        np.testing.assert_array_equal(getattr(dropped, name), getattr(deduplicated, name))


def test_the_lexsort_fallback_gives_the_packed_sort() -> None:
    rng = np.random.default_rng(5)
    major, minor = rng.integers(0, 9, 1000), rng.integers(0, 50, 1000)

    def keys(rows: slice) -> tuple[Any, Any]:
        return major[rows], minor[rows]

    packed = sort_runs(1000, 9, 49, keys)
    fallback = sort_runs(1000, 9, 2**62, keys)  # 62 bits of minor key cannot be packed
    assert packed.perm.dtype == np.int32
    assert fallback.perm.dtype == np.int64
    for name in ("perm", "starts", "major", "minor"):
        np.testing.assert_array_equal(getattr(packed, name), getattr(fallback, name))
    np.testing.assert_array_equal(packed.perm, np.lexsort((minor, major)))


def test_find_does_not_wrap_around_an_int32_array() -> None:
    values = np.array([-5, 0, 7, 7, 2**31 - 1], dtype=np.int32)
    assert [find(values, v) for v in (-(2**40), -5, 7, 2**31 - 1, 2**40)] == [0, 0, 2, 4, 5]
    assert find(values, 7, side="right") == 4


def test_a_zero_refund_repeat_spends_plus_zero() -> None:
    # 0.0 flagged as a refund counts as -0.0; the repeat mean stays +0.0 as a sum from 0.0 gives
    day = np.array(["2024-01-01", "2024-01-05", "2024-01-09"], dtype="datetime64[D]")
    s = customer_summary(
        [1, 1, 1], day, [10.0, 0.0, 0.0], is_refund=[False, True, True], as_of=AS_OF
    )
    assert s.mean_repeat_spend[0] == 0.0
    assert not np.signbit(s.mean_repeat_spend[0])


def test_results_keep_their_dtypes_and_the_inputs_are_untouched() -> None:
    data = _log(2)
    copies = {k: v.copy() for k, v in data.items()}
    s = _summary(data, occasion="order")
    for k in data:
        np.testing.assert_array_equal(data[k], copies[k])
    assert s.customer_id.dtype == np.int64
    assert s.n_occasions.dtype == np.int64
    assert s.first_purchase.dtype == np.dtype("datetime64[s]")
    assert s.recency_days.dtype == np.int64
    assert s.repeat_count.dtype == np.int64


def test_peak_memory_stays_within_about_forty_bytes_a_row() -> None:
    # deterministic (tracemalloc counts numpy's buffers), not a timing: the bound
    # documents the design (an int64 key, int32 permutation, runs and codes)
    rng = np.random.default_rng(0)
    n = 1_000_000
    ids = rng.integers(0, 80_000, n)
    ts = np.datetime64("2024-01-01") + rng.integers(0, 365 * 86_400, n).astype("timedelta64[s]")
    amounts = np.round(rng.lognormal(3.5, 1.0, n), 2)
    tracemalloc.start()
    try:
        customer_summary(ids, ts, amounts, as_of="2024-12-31")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak / n < 56  # about 100 bytes a row with two sorts and a hash over every row


def test_hash_collisions_are_settled_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    # every row hashing alike leaves the exact comparison to tell rows apart
    import ecomops._segmentation.summary as summary_module

    data = _log(3)
    references = [_summary(data, duplicates=d) for d in ("keep", "drop")]

    def same_hash(codes: Any, *fields: Any) -> Any:
        return np.zeros(codes.shape[0], np.uint64)

    monkeypatch.setattr(summary_module, "_row_hash", same_hash)
    for d, reference in zip(("keep", "drop"), references, strict=True):
        _assert_same(_summary(data, duplicates=d), reference)
