"""Segmentation benchmarks: summary + scores + segments, and a BG/NBD fit, against anchors.

* ``customer_summary`` + ``rfm_scores`` + ``segment_customers`` on 10M order lines
  (~800k customers) against lifetimes' ``summary_data_from_transaction_data`` and
  pymc-marketing's ``rfm_segments`` (both on a sample of customers, scaled) and a
  pandas groupby recipe (full size).
* ``fit_bgnbd`` on 1M simulated customers against lifetimes' ``BetaGeoFitter.fit``
  (on a sample, scaled).

Anchors: ``pip install lifetimes pymc-marketing pandas``.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from harness import Workload

from ecomops.segmentation import (
    SegmentMap,
    customer_summary,
    fit_bgnbd,
    rfm_scores,
    segment_customers,
)

AS_OF = "2025-12-31"
SAMPLE_CUSTOMERS = 40_000  # anchors run on the rows of this many customers


def _order_log(n_rows: int, seed: int = 0) -> dict[str, np.ndarray]:
    """A year of order lines: ~n_rows lines, ~n_rows / 12.5 customers, heavy-tailed counts."""
    rng = np.random.default_rng(seed)
    n_customers = max(int(n_rows / 12.5), 10)
    lines = 1 + rng.negative_binomial(0.8, 0.8 / (0.8 + 11.5), n_customers)
    ids = np.repeat(np.arange(1, n_customers + 1, dtype=np.int64) * 7 + 1000, lines)
    n = ids.shape[0]
    seconds = rng.integers(0, 365 * 86_400, n)
    order = np.argsort(seconds, kind="stable")  # an export sorted by time
    ts = np.datetime64("2025-01-01T00:00:00") + seconds[order].astype("timedelta64[s]")
    amount = np.round(rng.lognormal(3.5, 1.0, n), 2)
    refund = rng.random(n) < 0.02
    amount[refund] *= -1
    return {"ids": ids[order], "ts": ts, "amount": amount}


def _ours(ctx: dict[str, Any]) -> Any:
    s = customer_summary(ctx["ids"], ctx["ts"], ctx["amount"], as_of=AS_OF)
    return segment_customers(rfm_scores(s), SegmentMap.preset("rf_10")), s


def _pandas_recipe(ctx: dict[str, Any]) -> Any:
    """What a pandas user writes: daily occasions, per-customer RFM, quintiles, R x F map."""
    pd = ctx["pd"]
    df = ctx["frame"]
    df = df[df["ts"] <= pd.Timestamp(AS_OF) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)]
    day = df["ts"].dt.floor("D")
    daily = df.groupby([df["id"], day], sort=False)["amount"].sum().reset_index()
    per = daily.groupby("id").agg(last=("ts", "max"), n=("ts", "size"), total=("amount", "sum"))
    per["recency"] = (pd.Timestamp(AS_OF) - per["last"]).dt.days
    r = 5 - pd.qcut(per["recency"], 5, labels=False, duplicates="drop")
    f = 1 + pd.qcut(per["n"].rank(method="min"), 5, labels=False, duplicates="drop")
    return r.astype(str) + f.astype(str)  # the R x F code a segment map then looks up


def _sample(ctx: dict[str, Any]) -> dict[str, Any]:
    ids = ctx["ids"]
    cutoff = np.sort(np.unique(ids))[min(SAMPLE_CUSTOMERS, np.unique(ids).size) - 1]
    keep = ids <= cutoff
    pd = ctx["pd"]
    frame = pd.DataFrame({"id": ids[keep], "ts": ctx["ts"][keep], "amount": ctx["amount"][keep]})
    return {"ids": ids[keep], "ts": ctx["ts"][keep], "amount": ctx["amount"][keep],
            "frame": frame}  # fmt: skip


def _simulate_bgnbd(n: int, seed: int = 1) -> dict[str, np.ndarray]:
    """BG/NBD customers (r=0.25, alpha=4, a=0.8, b=2.5) observed for 10-52 weeks, in weeks."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(0.25, 1 / 4.0, n)
    p = rng.beta(0.8, 2.5, n)
    T = np.round(rng.uniform(10, 52, n) * 7) / 7
    x = np.zeros(n, dtype=np.int64)
    t = np.zeros(n)
    last = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():
        idx = np.flatnonzero(alive)
        t[idx] += rng.exponential(1 / np.maximum(lam[idx], 1e-12))
        ok = t[idx] <= T[idx]
        buy = idx[ok]
        x[buy] += 1
        last[buy] = t[buy]
        alive[idx[~ok]] = False
        alive[buy] = rng.random(buy.size) >= p[buy]
    t_x = np.round(last * 7) / 7
    return {"x": x.astype(np.float64), "t_x": np.minimum(t_x, T), "T": T}


def workloads(scale: float) -> list[Workload]:
    try:
        import pandas as pd
        from lifetimes import BetaGeoFitter
        from lifetimes.utils import summary_data_from_transaction_data
        from pymc_marketing.clv.utils import rfm_segments
    except ImportError as exc:  # the anchors of this module
        raise ImportError(f"bench_segmentation needs lifetimes and pymc-marketing: {exc}") from None

    n_rows = int(10_000_000 * scale)

    cache: dict[str, Any] = {}
    sampled: list[Workload] = []

    def setup() -> dict[str, Any]:
        if not cache:  # one order log for the three summary workloads
            ctx: dict[str, Any] = {"pd": pd, **_order_log(n_rows)}
            ctx["sample"] = _sample(ctx)
            ctx["frame"] = pd.DataFrame(
                {"id": ctx["ids"], "ts": ctx["ts"], "amount": ctx["amount"]}
            )
            cache.update(ctx)
        for w in sampled:  # the anchors' time is scaled from the rows they really ran
            w.anchor_rows = int(cache["sample"]["ids"].shape[0])
        return cache

    def lifetimes_anchor(ctx: dict[str, Any]) -> Any:
        return summary_data_from_transaction_data(
            ctx["sample"]["frame"], "id", "ts", "amount", observation_period_end=AS_OF, freq="D"
        )

    def pymc_anchor(ctx: dict[str, Any]) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return rfm_segments(
                ctx["sample"]["frame"], "id", "ts", "amount", observation_period_end=AS_OF
            )

    def check_lifetimes(ctx: dict[str, Any], ours: Any, theirs: Any) -> str:
        s = customer_summary(ctx["sample"]["ids"], ctx["sample"]["ts"], ctx["sample"]["amount"],
                             as_of=AS_OF).to_lifetimes()  # fmt: skip
        theirs = theirs.sort_index()
        same = all(np.array_equal(s[c].to_numpy(), theirs[c].to_numpy())
                   for c in ("frequency", "recency", "T"))  # fmt: skip
        close = np.allclose(s["monetary_value"], theirs["monetary_value"], rtol=1e-12, atol=1e-9)
        return f"sample x, t_x, T equal: {same}; spend to 1e-12: {close}"

    def check_pymc(ctx: dict[str, Any], ours: Any, theirs: Any) -> str:
        s = customer_summary(ctx["sample"]["ids"], ctx["sample"]["ts"], ctx["sample"]["amount"],
                             as_of=AS_OF)  # fmt: skip
        seg = segment_customers(rfm_scores(s, preset="pymc_marketing"),
                                SegmentMap.preset("pymc_marketing"))  # fmt: skip
        theirs = theirs.set_index("customer_id").loc[s.customer_id]
        same = np.mean(theirs["segment"].to_numpy() == seg.segment)
        return f"sample segments equal (preset): {same:.2%}"

    def check_pandas(ctx: dict[str, Any], ours: Any, theirs: Any) -> str:
        _, s = ours
        return f"{len(s):,} customers vs {len(theirs):,}"

    n_fit = int(1_000_000 * scale)
    fit_sample = min(50_000, n_fit)

    def setup_fit() -> dict[str, Any]:
        data = _simulate_bgnbd(n_fit)
        return {**data, "sample": {k: v[:fit_sample] for k, v in data.items()}}

    def lifetimes_fit(ctx: dict[str, Any]) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = ctx["sample"]
            return BetaGeoFitter().fit(s["x"], s["t_x"], s["T"]).params_

    def check_fit(ctx: dict[str, Any], ours: Any, theirs: Any) -> str:
        mine = fit_bgnbd(ctx["sample"]["x"], ctx["sample"]["t_x"], ctx["sample"]["T"]).params
        worst = max(abs(mine[k] - float(theirs[k])) / abs(float(theirs[k])) for k in mine)
        truth = {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}
        full = ", ".join(f"{k}={ours.params[k]:.3f} ({truth[k]})" for k in truth)
        return f"same sample: max rel. diff {worst:.1e}; 1M fit {full}"

    workloads = [
        Workload(
            name="segmentation.summary+rfm_scores+segments (10M lines) vs lifetimes",
            rows=n_rows,
            setup=setup,
            run=_ours,
            anchor_name=f"lifetimes summary_data_from_transaction_data, {SAMPLE_CUSTOMERS:,} "
            "customers' rows",
            anchor=lifetimes_anchor,
            anchor_rows=None,
            check=check_lifetimes,
        ),
        Workload(
            name="segmentation.summary+rfm_scores+segments (10M lines) vs pymc-marketing",
            rows=n_rows,
            setup=setup,
            run=_ours,
            anchor_name=f"pymc-marketing rfm_segments, {SAMPLE_CUSTOMERS:,} customers' rows",
            anchor=pymc_anchor,
            anchor_rows=None,
            check=check_pymc,
        ),
        Workload(
            name="segmentation.summary+rfm_scores+segments (10M lines) vs pandas",
            rows=n_rows,
            setup=setup,
            run=_ours,
            anchor_name="pandas groupby recipe (full size)",
            anchor=_pandas_recipe,
            check=check_pandas,
        ),
        Workload(
            name="segmentation.fit_bgnbd (1M customers)",
            rows=n_fit,
            setup=setup_fit,
            run=lambda c: fit_bgnbd(c["x"], c["t_x"], c["T"]),
            anchor_name=f"lifetimes BetaGeoFitter.fit on {fit_sample:,} customers",
            anchor=lifetimes_fit,
            anchor_rows=fit_sample,
            check=check_fit,
        ),
    ]
    sampled.extend(workloads[:2])
    return workloads
