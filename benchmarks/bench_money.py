"""Exact money benchmarks: ``round_money`` against the per-item Decimal loop.

Both ecomops calls return money columns (:class:`~ecomops.money.MoneyArray`);
the checks compare their exact ``minor_units`` with the anchors' fen.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from harness import Workload

from ecomops.money import MoneyArray, allocate, round_money

SAMPLE = 200_000


def _amounts(n: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    # prices with up to three decimals (ties included) and float noise, as shop exports carry
    return np.round(rng.lognormal(3.5, 1.2, n), 3) + rng.choice([0.0, 0.1 + 0.2 - 0.3], n)


def _decimal_loop(values: np.ndarray) -> np.ndarray:
    q = Decimal("0.01")
    out = [int(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP) * 100) for x in values.tolist()]
    return np.array(out, dtype=np.int64)


def workloads(scale: float) -> list[Workload]:
    n = int(10_000_000 * scale)
    sample = min(SAMPLE, n)

    def setup() -> dict[str, Any]:
        x = _amounts(n)
        return {"x": x, "sample": x[:sample]}

    def check(ctx: dict[str, Any], ours: MoneyArray, theirs: np.ndarray) -> str:
        same = bool(np.array_equal(ours.minor[:sample], theirs))
        return f"exact on the {sample:,}-row sample: {same}"

    n_orders = int(1_000_000 * scale)

    def setup_alloc() -> dict[str, Any]:
        rng = np.random.default_rng(1)
        lines = rng.integers(1, 6, n_orders)
        groups = np.repeat(np.arange(n_orders), lines)
        weights = rng.integers(100, 100_000, groups.size)
        totals = MoneyArray(rng.integers(0, 5_000, n_orders), "CNY")  # up to ¥50 per order
        return {"g": groups, "w": weights, "t": totals, "k": min(20_000, n_orders)}

    def alloc_loop(ctx: dict[str, Any]) -> np.ndarray:
        # the usual recipe: per order, floor the quotas and hand out the rest in Python
        g, w, t, k = ctx["g"], ctx["w"], ctx["t"].minor, ctx["k"]
        bounds = np.searchsorted(g, np.arange(k + 1))
        out: list[int] = []
        for o in range(k):
            ws = w[bounds[o] : bounds[o + 1]].tolist()
            total, s = int(t[o]), sum(ws)
            base = [total * x // s for x in ws]
            rem = sorted(range(len(ws)), key=lambda i: (-(total * ws[i] % s), i))
            for i in rem[: total - sum(base)]:
                base[i] += 1
            out.extend(base)
        return np.array(out, dtype=np.int64)

    def alloc_check(ctx: dict[str, Any], ours: MoneyArray, theirs: np.ndarray) -> str:
        same = bool(np.array_equal(ours.minor[: theirs.size], theirs))
        return f"exact on the sample: {same}"

    return [
        Workload(
            name="money.round_money (10M floats, CNY half-up)",
            rows=n,
            setup=setup,
            run=lambda c: round_money(c["x"], "CNY"),
            anchor_name=f"Decimal loop on {sample:,} rows",
            anchor=lambda c: _decimal_loop(c["sample"]),
            anchor_rows=sample,
            check=check,
        ),
        Workload(
            name="money.allocate (1M orders, ~3M lines, grouped)",
            rows=n_orders,
            setup=setup_alloc,
            run=lambda c: allocate(c["t"], c["w"], groups=c["g"]),
            anchor_name="per-order Python loop on 20,000 orders",
            anchor=alloc_loop,
            anchor_rows=min(20_000, n_orders),
            check=alloc_check,
        ),
    ]
