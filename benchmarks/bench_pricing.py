"""Pricing benchmarks: charm endings against a Decimal loop, demand fits against inventorize.

* ``charm_price`` on 1M prices against the per-item ``Decimal`` recipe a shop
  system would otherwise run (floor to the ending, step past forbidden digits),
  exact agreement of the ``MoneyArray``'s minor units checked on the sample the
  loop runs on.
* Fit + optimise linear demand for 100k SKUs with 8 price points each, against
  inventorize's ``single_product_optimization`` called once per SKU (on a
  sample, scaled); the agreement column gives each one's optimum-price error
  against the closed form :math:`(a/b + c)/2` of the fitted line.
"""

from __future__ import annotations

import warnings
from decimal import ROUND_FLOOR, Decimal
from typing import Any

import numpy as np
from harness import Workload

from ecomops.money import MoneyArray
from ecomops.pricing import charm_price, fit_demand

LOOP_SAMPLE = 100_000
INVENTORIZE_SAMPLE = 40
N_POINTS = 8


def _prices(n: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.round(10.0 + rng.lognormal(3.5, 1.2, n), 2)


def _decimal_loop(values: np.ndarray, ending: str, avoid: str, places: int) -> np.ndarray:
    """The per-item recipe: Decimal floor onto the ending, then step past forbidden digits."""
    e = Decimal(ending)
    interval = Decimal(1) if e < 1 else Decimal(10) ** len(ending.split(".")[0])
    fmt = f".{len(ending.partition('.')[2])}f"
    scale = Decimal(10) ** places
    out = []
    for x in values.tolist():
        k = ((Decimal(repr(x)) - e) / interval).to_integral_value(ROUND_FLOOR)
        while avoid and any(ch in format(k * interval + e, fmt) for ch in avoid):
            k -= 1
        out.append(int((k * interval + e) * scale))
    return np.array(out, dtype=np.int64)


def _demand_data(n_skus: int) -> dict[str, Any]:
    rng = np.random.default_rng(7)
    base = rng.uniform(10, 200, n_skus)
    prices = base[:, None] * rng.uniform(0.7, 1.3, (n_skus, N_POINTS))
    prices = np.round(prices, 1)
    slope = -rng.uniform(0.5, 3.0, n_skus) * 100 / base
    intercept = 100 - slope * base
    noise = rng.normal(0, 3, prices.shape)
    quantities = np.maximum(intercept[:, None] + slope[:, None] * prices + noise, 0.0)
    cost = np.round(base * rng.uniform(0.3, 0.6, n_skus), 2)
    return {"p": prices, "q": quantities, "c": cost}


def workloads(scale: float) -> list[Workload]:
    import inventorize  # noqa: F401  (the anchor of the demand workload; ImportError skips)

    n = int(1_000_000 * scale)
    sample = min(LOOP_SAMPLE, n)

    def setup_charm() -> dict[str, Any]:
        x = _prices(n)
        return {"x": x, "sample": x[:sample]}

    def charm_check(ctx: dict[str, Any], ours: MoneyArray, theirs: np.ndarray) -> str:
        same = bool(np.array_equal(ours.minor[:sample], theirs))
        return f"exact on the {sample:,}-row sample: {same}"

    n_skus = int(100_000 * scale)
    k = min(INVENTORIZE_SAMPLE, n_skus)

    def setup_fit() -> dict[str, Any]:
        return _demand_data(n_skus)

    def ours_fit(ctx: dict[str, Any]) -> np.ndarray:
        demand = fit_demand(ctx["p"], ctx["q"])
        out: np.ndarray = demand.optimal_price(ctx["c"], infeasible="nan")
        return out

    def inventorize_loop(ctx: dict[str, Any]) -> np.ndarray:
        from inventorize import single_product_optimization

        out = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i in range(k):
                res = single_product_optimization(
                    x=ctx["p"][i].tolist(), y=ctx["q"][i].tolist(), service_product_name="sku",
                    current_price=float(ctx["p"][i].mean()), cost=float(ctx["c"][i]),
                )  # fmt: skip
                out.append(float(np.ravel(res["point_of_maximum_profits"]["linear"])[0]))
        return np.array(out)

    def fit_check(ctx: dict[str, Any], ours: np.ndarray, theirs: np.ndarray) -> str:
        p, q, c = ctx["p"][:k], ctx["q"][:k], ctx["c"][:k]
        closed = np.empty(k)
        for i in range(k):  # the closed form from numpy's own least squares, per SKU
            slope, intercept = np.polyfit(p[i], q[i], 1)
            closed[i] = (c[i] - intercept / slope) / 2
        ours_err = float(np.nanmax(np.abs(ours[:k] - closed)))
        theirs_err = np.abs(theirs - closed)
        return (
            f"max |p* - closed form| on {k} SKUs: ecomops {ours_err:.1e}, "
            f"inventorize {theirs_err.max():.2f} (median {np.median(theirs_err):.2f})"
        )

    return [
        Workload(
            name="pricing.charm_price (1M prices, USD .99, down)",
            rows=n,
            setup=setup_charm,
            run=lambda c: charm_price(c["x"], ending=".99", currency="USD"),
            anchor_name=f"Decimal loop on {sample:,} rows",
            anchor=lambda c: _decimal_loop(c["sample"], ".99", "", 2),
            anchor_rows=sample,
            check=charm_check,
        ),
        Workload(
            name="pricing.charm_price (1M prices, CNY 8-ending avoiding 4)",
            rows=n,
            setup=setup_charm,
            run=lambda c: charm_price(c["x"], ending="8", currency="CNY", avoid_digits=(4,)),
            anchor_name=f"Decimal loop on {sample:,} rows",
            anchor=lambda c: _decimal_loop(c["sample"], "8", "4", 2),
            anchor_rows=sample,
            check=charm_check,
        ),
        Workload(
            name=f"pricing.fit_demand + optimal_price (100k SKUs x {N_POINTS} prices, linear)",
            rows=n_skus,
            setup=setup_fit,
            run=ours_fit,
            anchor_name=f"inventorize.single_product_optimization loop on {k} SKUs",
            anchor=inventorize_loop,
            anchor_rows=k,
            check=fit_check,
        ),
    ]
