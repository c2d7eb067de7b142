"""Segmentation benchmarks: summary + scores + segments, and a BG/NBD fit, against anchors.

* ``customer_summary`` + ``rfm_scores`` + ``segment_customers`` on 10M order lines
  (~800k customers) against lifetimes' ``summary_data_from_transaction_data`` and
  pymc-marketing's ``rfm_segments`` (both on a sample of customers, scaled) and a
  pandas groupby recipe (full size).
* ``fit_bgnbd`` on 1M simulated customers against lifetimes' ``BetaGeoFitter.fit``
  (on a sample, scaled), on day-grained and on continuous times.
* ``fit_gamma_gamma`` on 1M customers against lifetimes' ``GammaGammaFitter.fit``
  and ``fit_pareto_nbd`` on 100k customers against ``ParetoNBDFitter.fit``
  (on samples, scaled); each check reports the largest relative difference of
  the estimates on the anchor's sample and which fit has the higher likelihood.

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
    fit_gamma_gamma,
    fit_pareto_nbd,
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
    return workloads + _clv_workloads(scale)


def _continuous(data: dict[str, np.ndarray], seed: int = 3) -> dict[str, np.ndarray]:
    """The same customers with their times jittered within the day: no two alike."""
    rng = np.random.default_rng(seed)
    T = data["T"] + rng.uniform(0, 1 / 7, data["T"].shape[0])
    jitter = rng.uniform(0, 1 / 7, T.shape[0])
    t_x = np.where(data["x"] > 0, np.minimum(data["t_x"] + jitter, T), 0.0)
    return {"x": data["x"], "t_x": t_x, "T": T}


def _spend(x: np.ndarray, seed: int = 4) -> np.ndarray:
    """Mean repeat spend of Gamma-Gamma customers (p=6, q=4, gamma=16) with ``x`` repeats."""
    rng = np.random.default_rng(seed)
    nu = rng.gamma(4.0, 1 / 16.0, x.shape[0])
    return rng.gamma(6.0 * np.maximum(x, 1), 1 / (np.maximum(x, 1) * nu))  # mean of x draws


def _simulate_pareto_nbd(n: int, seed: int = 7) -> dict[str, np.ndarray]:
    """Pareto/NBD customers (r=0.5, alpha=5, s=0.8, beta=20), in weeks, 20-52 weeks observed."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(0.5, 1 / 5.0, n)
    lifetime = rng.exponential(1 / rng.gamma(0.8, 1 / 20.0, n))
    T = rng.integers(20, 53, n).astype(float)
    active = np.minimum(lifetime, T)
    x = rng.poisson(rate * active).astype(np.float64)
    t_x = np.where(x > 0, active * rng.random(n) ** (1 / np.maximum(x, 1)), 0.0)
    return {"x": x, "t_x": np.round(np.minimum(t_x, T) * 7) / 7, "T": T}


def _likelihood_at(model: str, columns: tuple[np.ndarray, ...], params: dict[str, float]) -> float:
    """Our log-likelihood of ``columns`` at ``params`` (an anchor's estimates, say).

    lifetimes stores a penalised, rescaled objective, so the two fits are
    compared on one likelihood: ours, reached through the private model code
    (a benchmark, not library code).
    """
    from ecomops._segmentation import clv  # the likelihood of given parameters is not public

    kind = {"bgnbd": clv._BGNBDLikelihood, "pnbd": clv._ParetoNBDLikelihood,
            "gg": clv._GammaGammaLikelihood}[model]  # fmt: skip
    if model == "gg":
        x, m = columns
        loglik = kind.of(x, m, np.ones(x.shape[0]))
    else:
        loglik = kind.of(*clv.frequency_data(*columns, None))
    return float(loglik(np.array(list(params.values())))[0])


def _compare(model: str, columns: tuple[np.ndarray, ...], mine: Any, theirs: Any) -> str:
    worst = max(abs(mine[k] - float(theirs[k])) / abs(float(theirs[k])) for k in mine)
    gap = _likelihood_at(model, columns, mine) - _likelihood_at(
        model, columns, {k: float(theirs[k]) for k in mine}
    )
    return f"same sample: max rel. diff {worst:.1e}; log-lik. ours - theirs {gap:+.1e}"


def _clv_workloads(scale: float) -> list[Workload]:
    import pandas as pd
    from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter

    n_fit = int(1_000_000 * scale)
    sample = min(50_000, n_fit)
    n_pnbd = int(100_000 * scale)
    pnbd_sample = min(10_000, n_pnbd)

    def setup_continuous() -> dict[str, Any]:
        data = _continuous(_simulate_bgnbd(n_fit))
        return {**data, "sample": {k: v[:sample] for k, v in data.items()}}

    def setup_spend() -> dict[str, Any]:
        data = _simulate_bgnbd(n_fit)
        rep = data["x"] > 0
        x, m = data["x"][rep], _spend(data["x"][rep])
        return {"x": x, "m": m, "sample": {"x": x[:sample], "m": m[:sample]}}

    def setup_pnbd() -> dict[str, Any]:
        data = _simulate_pareto_nbd(n_pnbd)
        return {**data, "sample": {k: v[:pnbd_sample] for k, v in data.items()}}

    def quiet(fit: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fit()

    def bgnbd_anchor(ctx: dict[str, Any]) -> Any:
        s = ctx["sample"]
        return quiet(lambda: BetaGeoFitter().fit(s["x"], s["t_x"], s["T"]))

    def gg_anchor(ctx: dict[str, Any]) -> Any:
        s = ctx["sample"]
        return quiet(lambda: GammaGammaFitter().fit(pd.Series(s["x"]), pd.Series(s["m"])))

    def pnbd_anchor(ctx: dict[str, Any]) -> Any:
        s = ctx["sample"]
        return quiet(lambda: ParetoNBDFitter().fit(s["x"], s["t_x"], s["T"]))

    def check_purchase(fit: Any, model: str) -> Any:
        def check(ctx: dict[str, Any], ours: Any, theirs: Any) -> str:
            s = ctx["sample"]
            columns = (s["x"], s["t_x"], s["T"])
            return _compare(model, columns, fit(*columns).params, theirs.params_)

        return check

    def check_gg(ctx: dict[str, Any], ours: Any, theirs: Any) -> str:
        s = ctx["sample"]
        mine = fit_gamma_gamma(s["x"], s["m"])
        names = {"p": "p", "q": "q", "gamma": "v"}
        theirs_params = {k: theirs.params_[v] for k, v in names.items()}
        return _compare("gg", (s["x"], s["m"]), mine.params, theirs_params)

    return [
        Workload(
            name="segmentation.fit_bgnbd (1M customers, continuous times)",
            rows=n_fit, setup=setup_continuous,
            run=lambda c: fit_bgnbd(c["x"], c["t_x"], c["T"]),
            anchor_name=f"lifetimes BetaGeoFitter.fit on {sample:,} customers",
            anchor=bgnbd_anchor, anchor_rows=sample, check=check_purchase(fit_bgnbd, "bgnbd"),
        ),
        Workload(
            name="segmentation.fit_gamma_gamma (1M customers)",
            rows=n_fit, setup=setup_spend,
            run=lambda c: fit_gamma_gamma(c["x"], c["m"]),
            anchor_name=f"lifetimes GammaGammaFitter.fit on {sample:,} customers",
            anchor=gg_anchor, anchor_rows=sample, check=check_gg,
        ),
        Workload(
            name="segmentation.fit_pareto_nbd (100k customers, days)",
            rows=n_pnbd, setup=setup_pnbd,
            run=lambda c: fit_pareto_nbd(c["x"], c["t_x"], c["T"]),
            anchor_name=f"lifetimes ParetoNBDFitter.fit on {pnbd_sample:,} customers",
            anchor=pnbd_anchor, anchor_rows=pnbd_sample,
            check=check_purchase(fit_pareto_nbd, "pnbd"),
        ),
    ]  # fmt: skip
