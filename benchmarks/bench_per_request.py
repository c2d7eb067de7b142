"""Per-request benchmarks: one scalar call, as a shop backend makes per request.

Each workload times 10,000 scalar calls of one function against the bare Python
formula written below (the same inputs, no validation, no money type), so the
ratio is the price of ecomops' checks, exactness and result objects on one item.

Usage::

    python benchmarks/run.py --only per-request     # in the table of every benchmark
    python benchmarks/bench_per_request.py          # CPU microseconds per call and ratios
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable
from statistics import NormalDist
from typing import Any

from harness import Workload

from ecomops.funnel import proportion_interval
from ecomops.inventory import economic_order_quantity, reorder_point
from ecomops.logistics import ParcelBatch, billable_weight, example_services, quote, shop_rates
from ecomops.money import Money
from ecomops.pricing import PriceRule, charm_price, cost_plus_price

CALLS = 10_000
_Z95 = NormalDist().inv_cdf(0.975)


# ---------------------------------------------------------------------------
# The bare formulas: what a user would write by hand for one item
# ---------------------------------------------------------------------------


def _bare_eoq(d: float, k: float, h: float) -> float:
    return math.sqrt(2.0 * d * k / h)


def _bare_reorder_point(mu: float, sd: float, lt: float, csl: float) -> float:
    return mu * lt + NormalDist().inv_cdf(csl) * sd * math.sqrt(lt)


def _bare_charm(p: float) -> float:
    """Largest x.99 at or below ``p``, in cents."""
    cents = round(p * 100)
    return (cents - (cents - 99) % 100) / 100


def _bare_billable(w: float, a: float, b: float, c: float, divisor: float) -> float:
    return float(math.ceil(max(w, round(a) * round(b) * round(c) / divisor)))


def _bare_wilson(x: float, n: float) -> tuple[float, float]:
    z2 = _Z95 * _Z95
    center = (x + z2 / 2.0) / (n + z2)
    half = _Z95 * math.sqrt(x * (n - x) / n + z2 / 4.0) / (n + z2)
    return max(center - half, 0.0), min(center + half, 1.0)


def _bare_cost_plus(c: float, markup: float, fee: float) -> float:
    return c * (1.0 + markup) / (1.0 - fee)


def _bare_price_rule(c: float) -> float:
    """Cost-plus at a 35% margin after 5.6% fees, rounded to cents, then up to x9.90."""
    cents = math.floor(c / (1.0 - 0.056 - 0.35) * 100 + 0.5)
    return (cents + (990 - cents) % 1000) / 100


# ---------------------------------------------------------------------------
# Workloads
# ---------------------------------------------------------------------------


def _repeat(call: Callable[[], Any], n: int) -> Any:
    out = None
    for _ in range(n):
        out = call()
    return out


def _rate_context() -> dict[str, Any]:
    from bench_logistics import _compile_loop

    services = example_services("CN")
    parcel = ParcelBatch([0.8], [30.0], [20.0], [10.0], "HZ", ["上海"])
    quote(parcel, services)  # compile the cards once, as a running backend has
    rules = _compile_loop(services, {"HZ"}, {"上海"})
    row = (0.8, 30.0, 20.0, 10.0, "HZ", "上海", math.inf)
    return {"services": services, "parcel": parcel, "loop_rules": rules, "sample_rows": [row]}


def _bare_rates(ctx: dict[str, Any]) -> Any:
    from bench_logistics import _loop

    return _loop(ctx)


def _pairs(n: int) -> list[tuple[str, Callable[[], Any], Callable[[], Any]]]:
    """(name, ecomops call, bare call): one item each."""
    rule = PriceRule(currency="CNY", margin_on_price=0.35, fee_rates=(0.05, 0.006), ending="9.9")
    cost = Money("19.90", "CNY")
    return [
        ("economic_order_quantity", lambda: economic_order_quantity(1300.0, 8.0, 0.225),
         lambda: _bare_eoq(1300.0, 8.0, 0.225)),
        ("reorder_point", lambda: reorder_point(50.0, 5.0, 6.0, cycle_service_level=0.9),
         lambda: _bare_reorder_point(50.0, 5.0, 6.0, 0.9)),
        ("charm_price", lambda: charm_price(20.37, ending=".99", currency="USD"),
         lambda: _bare_charm(20.37)),
        ("billable_weight", lambda: billable_weight(2.0, 40.0, 30.0, 20.0, divisor=6000.0),
         lambda: _bare_billable(2.0, 40.0, 30.0, 20.0, 6000.0)),
        ("proportion_interval", lambda: proportion_interval(37, 820),
         lambda: _bare_wilson(37.0, 820.0)),
        ("cost_plus_price", lambda: cost_plus_price(10.0, markup_on_cost=0.5, fee_rates=0.05),
         lambda: _bare_cost_plus(10.0, 0.5, 0.05)),
        ("cost_plus_price (Money)",
         lambda: cost_plus_price(cost, markup_on_cost=0.5, fee_rates=0.05),
         lambda: _bare_cost_plus(19.9, 0.5, 0.05)),
        ("PriceRule.price", lambda: rule.price(cost), lambda: _bare_price_rule(19.9)),
    ]  # fmt: skip


def _per_request(name: str, call: Callable[[], Any], bare: Callable[[], Any], n: int) -> Workload:
    return Workload(
        name=f"per-request {name}",
        rows=n,
        setup=lambda: None,
        run=lambda _: _repeat(call, n),
        anchor_name="bare Python formula",
        anchor=lambda _: _repeat(bare, n),
        notes=[f"{n:,} scalar calls; ratio < 1 means slower than the bare formula"],
    )


def _rates_workload(name: str, func: Callable[..., Any], n: int) -> Workload:
    return Workload(
        name=f"per-request {name} 1 parcel x 15 services",
        rows=n,
        setup=_rate_context,
        run=lambda ctx: _repeat(lambda: func(ctx["parcel"], ctx["services"]), n),
        anchor_name="bare Python rate loop",
        anchor=lambda ctx: _repeat(lambda: _bare_rates(ctx), n),
        notes=[f"{n:,} calls of one parcel against 15 compiled services"],
    )


def workloads(scale: float) -> list[Workload]:
    n = max(100, int(CALLS * scale))
    out = [_per_request(name, call, bare, n) for name, call, bare in _pairs(n)]
    n_rates = max(10, n // 10)
    out += [
        _rates_workload("quote", quote, n_rates),
        _rates_workload("shop_rates", shop_rates, n_rates),
    ]
    return out


# ---------------------------------------------------------------------------
# Microseconds per call (python benchmarks/bench_per_request.py)
# ---------------------------------------------------------------------------


def _us_per_call(call: Callable[[], Any], n: int, repeat: int) -> float:
    """Median CPU time per call: on a shared machine, wall time also counts the
    time the process waits for a core, which inflates long runs more than short ones."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        _repeat(call, n)
        times.append(time.process_time() - start)
    return statistics.median(times) / n * 1e6


def main(argv: list[str]) -> int:
    repeat = int(argv[1]) if len(argv) > 1 else 5
    rows = [(name, call, bare, CALLS) for name, call, bare in _pairs(CALLS)]
    ctx = _rate_context()
    for name, func in (("quote", quote), ("shop_rates", shop_rates)):
        rows.append((f"{name} 1x15", lambda f=func: f(ctx["parcel"], ctx["services"]),
                     lambda: _bare_rates(ctx), CALLS // 10))  # fmt: skip
    print(f"medians of {repeat} runs")
    print("| call | ecomops [µs/call] | bare formula [µs/call] | ecomops / bare |")
    print("|---|---|---|---|")
    for name, call, bare, n in rows:
        ours, base = _us_per_call(call, n, repeat), _us_per_call(bare, n, repeat)
        print(f"| {name} | {ours:.2f} | {base:.2f} | {ours / base:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
