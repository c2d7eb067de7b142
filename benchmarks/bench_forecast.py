"""Forecasting benchmarks: an M5-sized intermittent panel, every series at once.

The panel has the size of the M5 competition's SKU-store level (30,490 series
x 1,941 days) and its sparsity (about 68% zero days), generated in memory:
each series has its own probability of a sale on a day and its own mean size
(negative binomial sizes, shifted to be >= 1), drawn so that the share of
zero days and the spread of sparsity across series resemble M5's.

Workloads: Croston (classic and optimised), SBA, TSB, ADIDA, IMAPA and SES
with fitted parameters, each on the whole panel, horizon 28 days (M5's).
ecomops fits the panel in parts on the cores the process may use (two here);
its single-thread time is printed by ``python benchmarks/bench_forecast.py``.
Anchor: statsforecast 2.1.1 (``StatsForecast(..., n_jobs=1).forecast``) on
the same series, on a sample of series scaled linearly (its work is per
series; a process pool would divide it by at most the number of cores); its
first call, which compiles or loads its kernels, is timed apart and printed as
a note. TSB runs with given parameters on both sides
(statsforecast's TSB does not fit them); ecomops' fitted TSB is its own row.
``agreement`` is the largest relative difference of the point forecasts on
the sample.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from harness import Workload

from ecomops.forecast import fit_forecast

N_SERIES = 30_490
N_DAYS = 1_941
HORIZON = 28
#: Series the anchor runs on (scaled linearly to the panel).
SAMPLE = 1_000
TSB_GIVEN = {"smoothing_level": 0.2, "smoothing_probability": 0.05}

#: (ecomops method, statsforecast model factory name, extra kwargs for both)
MODELS: list[tuple[str, str]] = [
    ("croston", "CrostonClassic"),
    ("croston_optimized", "CrostonOptimized"),
    ("sba", "CrostonSBA"),
    ("tsb", "TSB"),
    ("adida", "ADIDA"),
    ("imapa", "IMAPA"),
    ("ses", "SimpleExponentialSmoothingOptimized"),
]


def m5_like_panel(n_series: int, n_days: int = N_DAYS, seed: int = 5) -> np.ndarray:
    """Intermittent daily demand with M5's SKU-store sparsity (about 68% zeros)."""
    rng = np.random.default_rng(seed)
    p_sale = rng.beta(0.55, 1.17, n_series)[:, None]  # share of days with a sale, per series
    mean_size = 1.0 + rng.gamma(1.2, 1.5, n_series)[:, None]  # mean units on a selling day
    sale = rng.random((n_series, n_days)) < p_sale
    extra = rng.negative_binomial(2, 2 / (2 + mean_size - 1.0), (n_series, n_days))
    return np.where(sale, 1.0 + extra, 0.0)


def _ours(method: str, **given: float) -> Any:
    def run(c: dict[str, Any]) -> np.ndarray:
        return np.asarray(
            fit_forecast(c["panel"], method=method, horizon=HORIZON, **given).forecast
        )

    return run


def _long_frame(panel: np.ndarray) -> Any:
    import pandas as pd

    n, t = panel.shape
    return pd.DataFrame(
        {
            "unique_id": np.repeat(np.arange(n), t),
            "ds": np.tile(np.arange(1, t + 1), n),
            "y": panel.reshape(-1),
        }
    )


def _anchor(model: Any) -> Any:
    from statsforecast import StatsForecast

    def run(c: dict[str, Any]) -> np.ndarray:
        sf = StatsForecast(models=[model], freq=1, n_jobs=1)
        out = sf.forecast(df=c["frame"], h=HORIZON)
        values = out.drop(columns=["unique_id", "ds"]).to_numpy()[:, 0]
        return np.asarray(values.reshape(-1, HORIZON))

    return run


def _agreement(c: dict[str, Any], ours: np.ndarray, theirs: np.ndarray) -> str:
    sample = ours[: c["sample"]]
    scale = np.maximum(np.abs(theirs), 1e-9)
    return f"max rel diff {np.max(np.abs(sample - theirs) / scale):.1e}"


def model_workloads(scale: float) -> list[Workload]:
    try:
        import statsforecast.models as sfm
    except ImportError as exc:  # pragma: no cover - depends on the bench extra
        raise ImportError(f"bench_forecast needs statsforecast: {exc}") from None

    n = max(int(N_SERIES * scale), 10)
    sample = min(SAMPLE, n)
    cache: dict[str, Any] = {}

    def setup() -> dict[str, Any]:
        if not cache:
            panel = m5_like_panel(n)
            cache.update(panel=panel, frame=_long_frame(panel[:sample]), sample=sample)
            cache["compile_s"] = _first_call_seconds(sfm)
        return cache

    notes = [
        f"panel {n:,} series x {N_DAYS:,} days, zero share computed at setup",
        f"statsforecast runs on {sample:,} series, n_jobs=1, scaled to {n:,}",
    ]
    out: list[Workload] = []
    for method, anchor_name in MODELS:
        given = TSB_GIVEN if method == "tsb" else {}
        kwargs = {"alpha_d": 0.2, "alpha_p": 0.05} if method == "tsb" else {}
        label = "tsb (given alpha)" if method == "tsb" else method
        out.append(
            Workload(
                name=f"forecast {label}, {n:,} x {N_DAYS:,}",
                rows=n,
                setup=setup,
                run=_ours(method, **given),
                anchor_name=f"statsforecast {anchor_name}",
                anchor=_anchor(getattr(sfm, anchor_name)(**kwargs)),
                anchor_rows=sample,
                check=_agreement,
                notes=notes if method == "croston" else [],
            )
        )
    out.append(
        Workload(
            name=f"forecast tsb (fitted), {n:,} x {N_DAYS:,}",
            rows=n,
            setup=setup,
            run=_ours("tsb"),
            anchor_name="-",
        )
    )
    out.append(
        Workload(
            name=f"forecast all 7 models, {n:,} x {N_DAYS:,}",
            rows=n,
            setup=setup,
            run=_all_models,
            anchor_name="-",
            notes=[_compile_note(cache)],
        )
    )
    return out


def _all_models(c: dict[str, Any]) -> None:
    for method, _ in MODELS:
        given = TSB_GIVEN if method == "tsb" else {}
        fit_forecast(c["panel"], method=method, horizon=HORIZON, **given)  # type: ignore[arg-type]


def _first_call_seconds(sfm: Any) -> float:
    """statsforecast's first call on one tiny series: kernel compilation and loading."""
    from statsforecast import StatsForecast

    tiny = _long_frame(m5_like_panel(2, 60, seed=1))
    models = [
        getattr(sfm, name)(**({"alpha_d": 0.2, "alpha_p": 0.05} if name == "TSB" else {}))
        for _, name in MODELS
    ]
    start = time.perf_counter()
    StatsForecast(models=models, freq=1, n_jobs=1).forecast(df=tiny, h=HORIZON)
    return time.perf_counter() - start


class _CompileNote:
    """A note that reads the compile time once setup has measured it."""

    def __init__(self, cache: dict[str, Any]) -> None:
        self.cache = cache

    def __str__(self) -> str:
        if "compile_s" not in self.cache:
            return "statsforecast first call: not measured"
        panel = self.cache["panel"]
        zeros = float(np.mean(panel == 0))
        return (
            f"statsforecast first call (compile/load, excluded above): "
            f"{self.cache['compile_s']:.2f} s; panel zero share {zeros:.1%}"
        )


def _compile_note(cache: dict[str, Any]) -> Any:
    return _CompileNote(cache)


# -- from forecast to reorder point, and the decision backtest ---------------------------------

#: SKUs of the lead-time workload, on two years of weekly history.
LTD_SKUS = 100_000
LTD_WEEKS = 104
#: SKUs and days of the backtest workload (two years of daily reviews).
BACKTEST_SKUS = 10_000
BACKTEST_DAYS = 730


def _ltd_setup(n: int) -> Any:
    cache: dict[str, Any] = {}

    def setup() -> dict[str, Any]:
        if not cache:
            rng = np.random.default_rng(3)
            weekly = rng.poisson(rng.gamma(2.0, 5.0, (n, 1)), (n, LTD_WEEKS)).astype(float)
            cache["forecast"] = fit_forecast(weekly, method="ses", horizon=1)
            _ = cache["forecast"].residuals  # built on first access: part of the fit, untimed
            cache["lead_time"] = rng.uniform(1.0, 6.0, n).round()
        return cache

    return setup


def _ltd_ours(kind: str) -> Any:
    def run(c: dict[str, Any]) -> np.ndarray:
        from ecomops.forecast import lead_time_demand_distribution

        ltd = lead_time_demand_distribution(
            c["forecast"], lead_time=c["lead_time"], lead_time_variance=kind
        )
        return np.asarray(ltd.reorder_point(cycle_service_level=0.95).reorder_point)

    return run


def _ltd_shortcut(c: dict[str, Any]) -> np.ndarray:
    """The plain numpy recipe a planner writes: mean * L + z * sigma_1 * sqrt(L)."""
    fc = c["forecast"]
    sigma = np.sqrt(np.nanmean(np.asarray(fc.residuals) ** 2, axis=1))
    lt = c["lead_time"]
    return np.asarray(fc.forecast[:, 0] * lt + 1.6448536269514722 * sigma * np.sqrt(lt))


def _ltd_agreement(c: dict[str, Any], ours: np.ndarray, theirs: np.ndarray) -> str:
    return f"median level ratio ours/shortcut {np.median(ours / np.maximum(theirs, 1e-9)):.3f}"


def _backtest_setup(n: int) -> Any:
    cache: dict[str, Any] = {}

    def setup() -> dict[str, Any]:
        if not cache:
            rng = np.random.default_rng(4)
            p = rng.uniform(0.15, 0.6, (n, 1))
            shape = rng.uniform(0.8, 3.0, (n, 1))
            size = rng.uniform(2.0, 10.0, (n, 1))
            sale = rng.random((n, BACKTEST_DAYS)) < p
            units = np.ceil(rng.gamma(shape, size / shape, (n, BACKTEST_DAYS)))
            cache["history"] = np.where(sale, units, 0.0)
            cache["lead_times"] = rng.integers(4, 9, (n, BACKTEST_DAYS))
        return cache

    return setup


def _backtest_ours(c: dict[str, Any]) -> float:
    from ecomops.forecast import backtest_policy

    bt = backtest_policy(
        c["history"], method="sba", lead_time=6.0, realised_lead_times=c["lead_times"],
        warmup_periods=365, cycle_service_level=0.95, distribution="empirical",
    )  # fmt: skip
    return bt.overall_cycle_service_level


def replenishment_workloads(scale: float) -> list[Workload]:
    """Lead-time demand and reorder points for 100k SKUs; the backtest of 10k SKUs x 2 years."""
    n_ltd = max(int(LTD_SKUS * scale), 10)
    n_bt = max(int(BACKTEST_SKUS * scale), 10)
    ltd_setup = _ltd_setup(n_ltd)
    return [
        *(
            Workload(
                name=f"lead-time demand ({kind}) + reorder points, {n_ltd:,} SKUs x "
                f"{LTD_WEEKS} weeks",
                rows=n_ltd,
                setup=ltd_setup,
                run=_ltd_ours(kind),
                anchor_name="numpy z*sigma*sqrt(L) shortcut",
                anchor=_ltd_shortcut,
                check=_ltd_agreement,
                notes=notes,
            )
            for kind, notes in (
                (
                    "empirical",
                    [
                        "empirical: bias-corrected mean and spread of the L-week cumulative "
                        "in-sample errors; analytic: the SES closed form; both then the "
                        "inventory engine at 95% CSL; the SES fit is in setup, not timed"
                    ],
                ),
                ("analytic", []),
            )
        ),
        Workload(
            name=f"decision backtest, {n_bt:,} SKUs x {BACKTEST_DAYS} daily reviews",
            rows=n_bt,
            setup=_backtest_setup(n_bt),
            run=_backtest_ours,
            anchor_name="-",
            notes=[
                "SBA re-forecast at every daily review, empirical lead-time law, random "
                "lead times 4-8 days, backorders; no anchor library reports achieved service"
            ],
        ),
    ]


def workloads(scale: float) -> list[Workload]:
    """The model workloads, then the lead-time and backtest workloads."""
    return [*model_workloads(scale), *replenishment_workloads(scale)]


def main() -> int:
    """All seven models on the M5-sized panel, on the machine's cores and on one thread."""
    from ecomops._forecast import parallel

    panel = m5_like_panel(N_SERIES)
    cores = parallel.thread_count()
    for threads in (cores, 1):
        parallel.thread_count = lambda n=threads: n  # type: ignore[assignment]
        start = time.perf_counter()
        _all_models({"panel": panel})
        print(f"all 7 models, {threads} thread(s): {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
