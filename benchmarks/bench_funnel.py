"""Funnel benchmarks: ``compute_funnel`` against the pandas recipes an analyst would write.

The log: 10M events of ~1M users in ~2.5M sessions over 30 days, five steps
(visit, product_view, add_to_cart, checkout, payment) with funnel-like
continuation, shuffled; a 7-day window.

* ``attempt="furthest"`` against a ``groupby().apply`` scan (the windowFunnel
  dynamic programme per user, in Python): run on a 10% sample of users and
  scaled to the full log.
* ``attempt="first"`` against the usual pandas recipe: first step-1 time per
  user (``groupby().min()``), then per step a ``merge`` and a
  ``groupby().min()`` of the next event inside the window.
* Three-step runs of both, to read the time per step added.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from harness import Workload

from ecomops.funnel import FunnelSpec, compute_funnel

STEPS = ["visit", "product_view", "add_to_cart", "checkout", "payment"]
WINDOW = dt.timedelta(days=7)
SAMPLE_SHARE = 0.10


def make_log(n_events: int, seed: int = 0) -> dict[str, np.ndarray]:
    """A shuffled event log of about ``n_events`` rows (numpy columns)."""
    rng = np.random.default_rng(seed)
    n_sessions = max(1, n_events // 4)
    n_users = max(1, n_sessions * 2 // 5)  # ~1M users for 10M events
    cont = np.array([0.65, 0.35, 0.55, 0.65])
    go = rng.random((n_sessions, 4)) < cont
    depth = 1 + np.cumprod(go, axis=1).sum(axis=1)
    per_step = np.ones((n_sessions, 5), dtype=np.int64)
    per_step[:, 1] += rng.geometric(0.45, n_sessions) - 1
    per_step[:, 2] += rng.random(n_sessions) < 0.2
    per_step *= np.arange(5)[None, :] < depth[:, None]
    per_session = per_step.sum(axis=1)
    step = np.repeat(np.tile(np.arange(5), n_sessions), per_step.reshape(-1))
    session = np.repeat(np.arange(n_sessions), per_session)
    gaps = rng.exponential(90.0, step.size).astype(np.int64) + 1
    first = np.cumsum(per_session) - per_session
    gaps[first] = 0
    elapsed = np.cumsum(gaps)
    offset = elapsed - elapsed[first][session]
    start = rng.integers(0, 30 * 86_400, n_sessions)
    # every user has a session; the rest go to returning users (heavy-tailed)
    returning = (rng.pareto(1.2, n_sessions - n_users) * n_users / 8).astype(np.int64) % n_users
    user = rng.permutation(np.concatenate((np.arange(n_users), returning)))
    ts = np.datetime64("2025-11-01T00:00:00", "s") + (start[session] + offset).astype(
        "timedelta64[s]"
    )
    order = rng.permutation(step.size)
    return {
        "user": user[session][order] + 1,
        "ts": ts[order],
        "event": np.array(STEPS)[step][order],
        "step": step[order].astype(np.int8),
    }


def _frame(log: dict[str, np.ndarray]) -> Any:
    import pandas as pd

    return pd.DataFrame({"user": log["user"], "ts": log["ts"], "event": log["event"]})


def pandas_first(df: Any, steps: list[str], window: dt.timedelta) -> list[int]:
    """The usual recipe: first entry per user, then merge + groupby per step."""
    import pandas as pd

    w = pd.Timedelta(window)
    cur = df.loc[df["event"] == steps[0]].groupby("user", sort=False)["ts"].min().to_frame("t0")
    cur["prev"] = cur["t0"]
    counts = [len(cur)]
    for name in steps[1:]:
        ev = df.loc[df["event"] == name, ["user", "ts"]]
        m = ev.merge(cur, left_on="user", right_index=True)
        m = m[(m["ts"] >= m["prev"]) & (m["ts"] <= m["t0"] + w)]
        cur = m.groupby("user", sort=False).agg(prev=("ts", "min"), t0=("t0", "first"))
        counts.append(len(cur))
    return counts


def _scan(group: Any, n_steps: int, window: np.timedelta64) -> int:
    """windowFunnel for one user: latest start of a chain reaching each step."""
    starts: list[Any] = [None] * n_steps
    best = -1
    for t, s in zip(group["ts"].to_numpy(), group["step"].to_numpy(), strict=True):
        if s == 0:
            starts[0] = t
            best = max(best, 0)
        elif s < n_steps and starts[s - 1] is not None and t - starts[s - 1] <= window:
            starts[s] = starts[s - 1]
            best = max(best, int(s))
    return best


def pandas_furthest(df: Any, n_steps: int, window: dt.timedelta) -> Any:
    """``groupby().apply`` of the per-user scan (sorted by time, ties in step order)."""
    w = np.timedelta64(int(window.total_seconds()), "s")
    ordered = df.sort_values(["user", "ts", "step"], kind="stable")
    return ordered.groupby("user", sort=True)[["ts", "step"]].apply(_scan, n_steps, w)


def workloads(scale: float) -> list[Workload]:
    try:
        import pandas  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("bench_funnel needs pandas (the anchor)") from exc
    n = int(10_000_000 * scale)
    state: dict[str, Any] = {}

    def setup() -> dict[str, Any]:
        if "log" not in state:
            log = make_log(n)
            users = np.unique(log["user"])
            rng = np.random.default_rng(1)
            chosen = rng.choice(users, max(1, int(users.size * SAMPLE_SHARE)), replace=False)
            in_sample = np.isin(log["user"], chosen)
            df = _frame(log)
            df["step"] = log["step"]
            state["log"] = {
                **log,
                "df": df,
                "sample": df.loc[in_sample].reset_index(drop=True),
                "sample_users": np.sort(chosen),
            }
        return state["log"]

    def run(attempt: str, k: int) -> Any:
        spec = FunnelSpec(STEPS[:k], window=WINDOW, attempt=attempt)  # type: ignore[arg-type]
        return lambda c: compute_funnel(c["user"], c["ts"], c["event"], spec)

    def check_furthest(c: dict[str, Any], ours: Any, theirs: Any) -> str:
        idx = np.searchsorted(ours.per_unit.unit_id, theirs.index.to_numpy())
        same = np.array_equal(ours.per_unit.furthest_step[idx], theirs.to_numpy())
        full = int((ours.per_unit.furthest_step == 4).sum())
        return f"furthest step equal on the {len(theirs):,}-user sample: {same}; {full:,} converted"

    def check_first(c: dict[str, Any], ours: Any, theirs: list[int]) -> str:
        same = ours.step_counts.tolist() == theirs
        return f"step counts equal: {same}; {theirs[-1]:,} converted"

    def setup_sampled() -> dict[str, Any]:
        ctx = setup()
        furthest_workload.anchor_rows = int(ctx["sample"].shape[0])  # rows the anchor scans
        return ctx

    furthest_workload = Workload(
        name="funnel.compute_funnel furthest (5 steps, 7 days)",
        rows=n,
        setup=setup_sampled,
        run=run("furthest", 5),
        anchor_name=f"pandas groupby().apply scan on {SAMPLE_SHARE:.0%} of users",
        anchor=lambda c: pandas_furthest(c["sample"], 5, WINDOW),
        anchor_rows=n,
        check=check_furthest,
    )
    return [
        furthest_workload,
        Workload(
            name="funnel.compute_funnel first (5 steps, 7 days)",
            rows=n,
            setup=setup,
            run=run("first", 5),
            anchor_name="pandas merge + groupby recipe",
            anchor=lambda c: pandas_first(c["df"], STEPS, WINDOW),
            check=check_first,
        ),
        Workload(
            name="funnel.compute_funnel furthest (3 steps)",
            rows=n,
            setup=setup,
            run=run("furthest", 3),
            anchor_name="-",
        ),
        Workload(
            name="funnel.compute_funnel first (3 steps)",
            rows=n,
            setup=setup,
            run=run("first", 3),
            anchor_name="pandas merge + groupby recipe (3 steps)",
            anchor=lambda c: pandas_first(c["df"], STEPS[:3], WINDOW),
            check=check_first,
        ),
    ]
