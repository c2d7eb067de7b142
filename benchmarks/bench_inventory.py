"""Inventory benchmarks: catalogue-wide EOQ, safety stock and reorder points against per-SKU loops.

Anchors: stockpyl and inventorize (one SKU per call, looped as a user would),
stockpyl's loss function with ``scipy.optimize.brentq`` for fill-rate reorder
points, and the bare numpy expression of the EOQ (to price ecomops' input
validation). The per-SKU loops run on a sample and are scaled to the full size.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from harness import Workload

from ecomops.inventory import economic_order_quantity, reorder_point

SAMPLE = 1_000
CSL = 0.95
FILL = 0.98


def _catalogue(n: int) -> dict[str, Any]:
    rng = np.random.default_rng(7)
    daily = rng.gamma(1.5, 4.0, n) + 0.05  # mean daily demand [units / day]
    return {
        "n": n,
        "daily": daily,
        "daily_std": np.sqrt(daily) * rng.uniform(0.8, 2.5, n),
        "lead": np.round(rng.uniform(3, 30, n), 1),  # [days]
        "unit_cost": np.round(rng.lognormal(3.5, 0.8, n), 2),  # [CNY]
        "order_cost": rng.uniform(20, 80, n),  # [CNY / order]
        "rate": np.full(n, 0.25),  # holding rate [1 / year]
    }


def _ours_plan(c: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    h_year = c["unit_cost"] * c["rate"]
    q = economic_order_quantity(c["daily"] * 365.0, c["order_cost"], h_year).order_quantity
    rop = reorder_point(c["daily"], c["daily_std"], c["lead"], cycle_service_level=CSL)
    return q, rop.reorder_point


def workloads(scale: float) -> list[Workload]:
    try:
        import inventorize
        import stockpyl.eoq
        import stockpyl.loss_functions
        from scipy import stats
        from scipy.optimize import brentq
    except ImportError as exc:  # pragma: no cover - depends on the bench extra
        raise ImportError(f"bench_inventory needs stockpyl and inventorize: {exc}") from None

    n = int(100_000 * scale)
    sample = min(SAMPLE, n)

    def setup() -> dict[str, Any]:
        c = _catalogue(n)
        c["sample"] = sample
        c["q_fill"] = economic_order_quantity(
            c["daily"] * 365.0, c["order_cost"], c["unit_cost"] * c["rate"]
        ).order_quantity
        return c

    def stockpyl_plan(c: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        # stockpyl has EOQ but no service-level solver: the user adds norm.ppf per SKU
        q = np.empty(sample)
        r = np.empty(sample)
        for i in range(sample):
            h = float(c["unit_cost"][i] * c["rate"][i])
            q[i] = stockpyl.eoq.economic_order_quantity(
                float(c["order_cost"][i]), h, float(c["daily"][i] * 365.0)
            )[0]
            sigma = float(c["daily_std"][i]) * np.sqrt(float(c["lead"][i]))
            r[i] = float(c["daily"][i] * c["lead"][i]) + stats.norm.ppf(CSL) * sigma
        return q, r

    def inventorize_plan(c: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        q = np.empty(sample)
        r = np.empty(sample)
        for i in range(sample):
            q[i] = inventorize.eoq(
                float(c["daily"][i] * 365.0),
                float(c["order_cost"][i]),
                float(c["unit_cost"][i]),
                float(c["rate"][i]),
            )["EOQ"]
            r[i] = inventorize.reorderpoint(
                float(c["daily"][i]), float(c["daily_std"][i]), float(c["lead"][i]), CSL
            )["reorder_point"]
        return q, r

    def plan_check(c: dict[str, Any], ours: Any, theirs: Any) -> str:
        dq = np.max(np.abs(ours[0][:sample] - theirs[0]) / theirs[0])
        dr = np.max(np.abs(ours[1][:sample] - theirs[1]) / np.abs(theirs[1]))
        return f"max rel. diff on the sample: Q {dq:.1e}, r {dr:.1e}"

    def ours_fill(c: dict[str, Any]) -> np.ndarray:
        res = reorder_point(
            c["daily"], c["daily_std"], c["lead"], fill_rate=FILL,
            order_quantity=c["q_fill"], method="approximate",
        )  # fmt: skip
        out: np.ndarray = res.reorder_point
        return out

    def brentq_fill(c: dict[str, Any]) -> np.ndarray:
        # what a stockpyl user writes: solve G(k) = (1 - beta) Q / sigma_L per SKU
        out = np.empty(sample)
        loss = stockpyl.loss_functions.standard_normal_loss
        for i in range(sample):
            sigma = float(c["daily_std"][i]) * np.sqrt(float(c["lead"][i]))
            target = (1.0 - FILL) * float(c["q_fill"][i]) / sigma
            k = brentq(lambda z, t=target: loss(z)[0] - t, -50.0, 50.0, xtol=1e-12)
            out[i] = float(c["daily"][i] * c["lead"][i]) + k * sigma
        return out

    def fill_check(c: dict[str, Any], ours: np.ndarray, theirs: np.ndarray) -> str:
        return f"max abs. diff on the sample: {np.max(np.abs(ours[:sample] - theirs)):.1e} units"

    def bare_eoq(c: dict[str, Any]) -> np.ndarray:
        out: np.ndarray = np.sqrt(2.0 * c["d_year"] * c["order_cost"] / c["h_year"])
        return out

    def setup_bare() -> dict[str, Any]:
        c = _catalogue(n)
        c["d_year"] = c["daily"] * 365.0
        c["h_year"] = c["unit_cost"] * c["rate"]
        return c

    def bare_check(c: dict[str, Any], ours: Any, theirs: np.ndarray) -> str:
        same = np.array_equal(ours.order_quantity, theirs)
        return f"identical: {same} (ratio < 1 is the validation overhead)"

    return [
        Workload(
            name="inventory.EOQ + safety stock + reorder point (CSL 95%)",
            rows=n,
            setup=setup,
            run=_ours_plan,
            anchor_name=f"stockpyl 1.0.2 EOQ + norm.ppf loop on {sample:,} SKUs",
            anchor=stockpyl_plan,
            anchor_rows=sample,
            check=plan_check,
        ),
        Workload(
            name="inventory.EOQ + safety stock + reorder point (CSL 95%) ",
            rows=n,
            setup=setup,
            run=_ours_plan,
            anchor_name=f"inventorize 1.2.6 eoq + reorderpoint loop on {sample:,} SKUs",
            anchor=inventorize_plan,
            anchor_rows=sample,
            check=plan_check,
        ),
        Workload(
            name="inventory.reorder_point, fill rate 98% (approximate)",
            rows=n,
            setup=setup,
            run=ours_fill,
            anchor_name=f"stockpyl loss + scipy brentq loop on {sample:,} SKUs",
            anchor=brentq_fill,
            anchor_rows=sample,
            check=fill_check,
        ),
        Workload(
            name="inventory.economic_order_quantity (validated)",
            rows=n,
            setup=setup_bare,
            run=lambda c: economic_order_quantity(c["d_year"], c["order_cost"], c["h_year"]),
            anchor_name="bare numpy sqrt(2DK/h), no validation",
            anchor=bare_eoq,
            check=bare_check,
        ),
    ]
