"""DataFrame entry points: RFM segments from an orders frame in one call, against anchors.

* ``frames.segment_customers`` on a pandas orders frame (2M rows, ~160k
  customers) against pymc-marketing's ``rfm_segments``, the one-call anchor (on
  a sample of customers, scaled).
* The same call against the array API on the frame's numpy columns
  (``customer_summary`` + ``rfm_scores`` + ``segment_customers``): what the
  frame layer costs (a ratio below 1 is the layer's overhead).
* The same with a polars frame, when polars is installed.
* ``frames.compute_funnel`` on a pandas events frame (2M events) against the
  array API on its numpy columns (the layer's overhead on a funnel).

Anchors: ``pip install pymc-marketing pandas`` (and polars for the last row).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from harness import Workload

from ecomops import frames
from ecomops.funnel import FunnelSpec, compute_funnel
from ecomops.segmentation import SegmentMap, customer_summary, rfm_scores, segment_customers

AS_OF = "2025-12-31"
SAMPLE_CUSTOMERS = 20_000  # pymc-marketing runs on the rows of this many customers


def _orders(n_rows: int, seed: int = 0) -> dict[str, np.ndarray]:
    """A year of orders: ~n_rows rows, ~n_rows / 12.5 customers, heavy-tailed counts."""
    rng = np.random.default_rng(seed)
    n_customers = max(int(n_rows / 12.5), 10)
    counts = 1 + rng.negative_binomial(0.8, 0.8 / (0.8 + 11.5), n_customers)
    ids = np.repeat(np.arange(1, n_customers + 1, dtype=np.int64), counts)
    seconds = rng.integers(0, 365 * 86_400, ids.size)
    ts = np.datetime64("2025-01-01T00:00:00", "us") + (seconds * 10**6).astype("timedelta64[us]")
    amount = np.round(rng.lognormal(3.5, 1.0, ids.size), 2)
    return {"customer_id": ids, "order_ts": ts, "amount": amount}


SPEC = FunnelSpec(["visit", "product_view", "add_to_cart", "payment"], window="1d")


def _events(n_rows: int, seed: int = 2) -> dict[str, np.ndarray]:
    """A month of events: ~n_rows rows, ~n_rows / 8 users, five event names."""
    rng = np.random.default_rng(seed)
    names = np.array(["visit", "product_view", "add_to_cart", "checkout", "payment"])
    seconds = rng.integers(0, 30 * 86_400, n_rows)
    return {
        "user_id": rng.integers(0, max(n_rows // 8, 1), n_rows),
        "event_ts": np.datetime64("2025-11-01", "us") + (seconds * 10**6).astype("timedelta64[us]"),
        "event": names[rng.choice(5, n_rows, p=[0.35, 0.35, 0.15, 0.1, 0.05])],
    }


def _funnel_workload(pd: Any, scale: float) -> Workload:
    n_rows = int(2_000_000 * scale)
    cache: dict[str, Any] = {}

    def setup() -> dict[str, Any]:
        if not cache:
            columns = _events(n_rows)
            cache.update(columns=columns, frame=pd.DataFrame(columns))
        return cache

    def array_api(ctx: dict[str, Any]) -> Any:
        c = ctx["columns"]
        return compute_funnel(c["user_id"], c["event_ts"], c["event"], SPEC).steps_table()

    def check(ctx: dict[str, Any], ours: Any, theirs: Any) -> str:
        return f"step counts equal: {np.array_equal(ours['count'].to_numpy(), theirs.count)}"

    return Workload(
        name="frames.compute_funnel (pandas) vs the array API",
        rows=n_rows,
        setup=setup,
        run=lambda ctx: frames.compute_funnel(ctx["frame"], SPEC),
        anchor_name="array API on numpy columns",
        anchor=array_api,
        check=check,
    )


def _array_api(ctx: dict[str, Any]) -> Any:
    c = ctx["columns"]
    summary = customer_summary(c["customer_id"], c["order_ts"], c["amount"], as_of=AS_OF)
    return segment_customers(rfm_scores(summary), SegmentMap.preset("rf_10"))


def _check_same(ctx: dict[str, Any], ours: Any, theirs: Any) -> str:
    same = np.array_equal(np.asarray(ours["segment"]), np.asarray(theirs.segment)) and (
        np.array_equal(np.asarray(ours["customer_id"]), theirs.customer_id)
    )
    return f"segments and keys equal: {same}"


def workloads(scale: float) -> list[Workload]:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(f"bench_frames needs pandas: {exc}") from None
    try:
        from pymc_marketing.clv.utils import rfm_segments
    except ImportError:  # the overhead rows still run
        rfm_segments = None

    n_rows = int(2_000_000 * scale)
    cache: dict[str, Any] = {}

    def setup() -> dict[str, Any]:
        if not cache:
            columns = _orders(n_rows)
            frame = pd.DataFrame(columns)
            keep = columns["customer_id"] <= SAMPLE_CUSTOMERS
            cache.update(columns=columns, frame=frame, sample=frame[keep].copy())
            if pymc is not None:
                pymc.anchor_rows = int(keep.sum())
        return cache

    def ours(ctx: dict[str, Any]) -> Any:
        return frames.segment_customers(ctx["frame"], as_of=AS_OF)

    def pymc_anchor(ctx: dict[str, Any]) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return rfm_segments(
                ctx["sample"], "customer_id", "order_ts", "amount", observation_period_end=AS_OF
            )

    pymc: Workload | None = Workload(
        name="frames.segment_customers (pandas) vs pymc-marketing rfm_segments",
        rows=n_rows,
        setup=setup,
        run=ours,
        anchor_name="pymc-marketing rfm_segments",
        anchor=pymc_anchor,
        notes=["pymc-marketing runs on a sample of customers, scaled; its quartile map differs"],
    )
    overhead = Workload(
        name="frames.segment_customers (pandas) vs the array API",
        rows=n_rows,
        setup=setup,
        run=ours,
        anchor_name="array API on numpy columns",
        anchor=_array_api,
        check=_check_same,
    )
    if rfm_segments is None:
        pymc = None
    found = [w for w in (pymc, overhead, _funnel_workload(pd, scale)) if w is not None]
    try:
        import polars as pl
    except ImportError:
        return found

    def setup_polars() -> dict[str, Any]:
        ctx = setup()
        if "polars" not in ctx:
            ctx["polars"] = pl.DataFrame(ctx["columns"])
        return ctx

    found.append(
        Workload(
            name="frames.segment_customers (polars) vs the array API",
            rows=n_rows,
            setup=setup_polars,
            run=lambda ctx: frames.segment_customers(ctx["polars"], as_of=AS_OF),
            anchor_name="array API on numpy columns",
            anchor=_array_api,
            check=_check_same,
        )
    )
    return found
