"""Promotion benchmarks: settling carts, choosing coupons, simulating past orders.

* ``settle_cart`` on 100,000 random carts (3-10 lines, 2-4 promotions), one call
  per cart as a shop backend makes them: carts per second and the per-cart
  latency (aim: >= 20,000 carts/s on one core). No library settles Chinese
  promotions; the comparison row builds each cart from plain values first (a
  request's full path), on 10,000 carts scaled. The agreement column gives
  carts per second of CPU time, which the shared machine's load does not
  inflate.
* ``best_coupons`` with 20 coupons over a 50-line cart (aim: <= 10 ms), next
  to brute force over every subset of the coupons, timed on 1,024 subsets and
  scaled to the 2**20 (and checked equal to ours on a 12-coupon wallet).
* ``simulate_promotions`` on 1,000,000 past orders (aim: < 2 s), next to
  settling the same orders one by one with ``settle_cart``: a sample of 2,000
  orders is settled and its time scaled to the million; both agree exactly on
  the sample.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import numpy as np
from harness import Workload

from ecomops.money import MoneyArray
from ecomops.promotions import (
    AmountOff,
    Cart,
    Coupon,
    OrderBatch,
    PercentOff,
    Promotion,
    StackingPolicy,
    ThresholdDiscount,
    ThresholdPercentOff,
    best_coupons,
    settle_cart,
    simulate_promotions,
)

CATEGORIES = ("food", "home", "beauty", "digital")
SHOPS = ("s1", "s2", "s3")


def _promotion_pool() -> list[Promotion]:
    """The promotions random carts draw 2-4 from: a 双11-like mix of levels and kinds."""
    return [
        PercentOff(id="food 9.5折", rate="9.5折", level="item", categories=("food",)),
        AmountOff(id="立减5", amount=5, level="item", categories=("home",)),
        ThresholdDiscount(id="s1 满300减30", threshold=300, off=30, shops=("s1",)),
        ThresholdDiscount(
            id="s2 每满200减20", threshold=200, off=20, repeat="every", cap=100, shops=("s2",)
        ),
        ThresholdDiscount(
            id="跨店每满300减50", threshold=300, off=50, repeat="every", level="cross_shop"
        ),
        ThresholdPercentOff(id="满500打9折", threshold=500, rate="9折", level="cross_shop"),
        Coupon(id="平台满199减20", amount=20, threshold=199, level="platform"),
        Coupon(id="美妆9折券", rate="9折", cap=30, level="platform", categories=("beauty",)),
    ]


def _random_carts(n: int, seed: int) -> tuple[list[Cart], list[list[Promotion]]]:
    rng = np.random.default_rng(seed)
    pool = _promotion_pool()
    carts, offers = [], []
    for _ in range(n):
        k = int(rng.integers(3, 11))
        carts.append(
            Cart.from_minor(
                [f"sku{v}" for v in rng.integers(0, 500, k)],
                rng.integers(500, 40_000, k).tolist(),
                rng.integers(1, 4, k).tolist(),
                categories=[CATEGORIES[v] for v in rng.integers(0, 4, k)],
                shops=[SHOPS[v] for v in rng.integers(0, 3, k)],
            )
        )
        picks = rng.choice(len(pool), int(rng.integers(2, 5)), replace=False)
        offers.append([pool[i] for i in sorted(picks)])
    return carts, offers


def _settle_all(ctx: dict[str, Any]) -> int:
    policy = ctx["policy"]
    total = 0
    for cart, promos in zip(ctx["carts"], ctx["offers"], strict=True):
        total += settle_cart(cart, promos, policy=policy).payable_minor
    return total


def _build_and_settle(ctx: dict[str, Any]) -> int:
    """A request's full path: the cart built from plain values (yuan strings), then settled."""
    policy = ctx["policy"]
    total = 0
    k = min(10_000, len(ctx["carts"]))
    for cart, promos in zip(ctx["carts"][:k], ctx["offers"][:k], strict=True):
        fresh = Cart(
            list(cart.skus), cart.unit_prices.format_amounts(), cart.quantities.tolist(),
            categories=list(cart.categories), shops=list(cart.shops),
        )  # fmt: skip
        total += settle_cart(fresh, promos, policy=policy).payable_minor
    return total


def _check_settle(ctx: dict[str, Any], ours: int, _: Any) -> str:
    """Carts per second of CPU time on the first 10,000 carts (the wall clock is shared)."""
    k = min(10_000, len(ctx["carts"]))
    sample = dict(ctx, carts=ctx["carts"][:k], offers=ctx["offers"][:k])
    cpu = time.process_time()
    _settle_all(sample)
    cpu = time.process_time() - cpu
    return f"{k / cpu:,.0f} carts/s of CPU time ({cpu / k * 1e6:.0f} us per cart)"


def _coupon_wallet(n: int) -> list[Promotion]:
    """Coupons as a wallet holds them: shop coupons per shop, platform and category coupons."""
    wallet: list[Promotion] = []
    for k in range(n):
        shop = SHOPS[k % 3]
        kind = k % 4
        if kind == 0:
            wallet.append(
                Coupon(
                    id=f"{shop} 满{150 + 50 * k}减{15 + 5 * k}",
                    amount=15 + 5 * k,
                    threshold=150 + 50 * k,
                    shops=(shop,),
                    stack_group=f"shop {shop}",
                )
            )
        elif kind == 1:
            wallet.append(
                Coupon(
                    id=f"平台满{300 + 100 * k}减{20 + 4 * k}",
                    amount=20 + 4 * k,
                    threshold=300 + 100 * k,
                    level="platform",
                    stack_group="platform",
                )
            )
        elif kind == 2:
            cat = CATEGORIES[k % 4]
            wallet.append(
                Coupon(
                    id=f"{cat} {9 - k % 3}折券 #{k}",
                    rate=f"{9 - k % 3}折",
                    cap=20 + k,
                    categories=(cat,),
                    level="cross_shop",
                    stack_group="category",
                )
            )
        else:
            wallet.append(Coupon(id=f"无门槛{3 + k % 5} #{k}", amount=3 + k % 5, level="platform"))
    return wallet


def _coupon_cart(lines: int) -> Cart:
    rng = np.random.default_rng(7)
    return Cart.from_minor(
        [f"sku{v}" for v in range(lines)],
        rng.integers(500, 30_000, lines).tolist(),
        rng.integers(1, 3, lines).tolist(),
        categories=[CATEGORIES[v] for v in rng.integers(0, 4, lines)],
        shops=[SHOPS[v] for v in rng.integers(0, 3, lines)],
    )


def _coupon_base() -> list[Promotion]:
    return [
        PercentOff(id="food 9.5折", rate="9.5折", level="item", categories=("food",)),
        ThresholdDiscount(
            id="跨店每满300减50", threshold=300, off=50, repeat="every", level="cross_shop"
        ),
    ]


def _brute_force(ctx: dict[str, Any]) -> int:
    """Settle the first ``subsets`` subsets of the wallet (the anchor, scaled)."""
    cart, wallet, base, policy = ctx["cart"], ctx["wallet"], ctx["base"], ctx["policy"]
    best = None
    subsets = itertools.islice(
        itertools.chain.from_iterable(
            itertools.combinations(wallet, r) for r in range(len(wallet) + 1)
        ),
        ctx["subsets"],
    )
    for subset in subsets:
        payable = settle_cart(cart, [*base, *subset], policy=policy).payable_minor
        best = payable if best is None else min(best, payable)
    return int(best or 0)


def _check_coupons(ctx: dict[str, Any], ours: Any, _: Any) -> str:
    """Brute force over every subset of a 12-coupon wallet agrees with best_coupons."""
    wallet = ctx["wallet"][:12]
    small = dict(ctx, wallet=wallet, subsets=2**12)
    start = time.perf_counter()
    choice = best_coupons(ctx["cart"], wallet, promotions=ctx["base"], policy=ctx["policy"])
    ms = (time.perf_counter() - start) * 1e3
    same = choice.settlement.payable_minor == _brute_force(small)
    return f"{ours.nodes} nodes; 12 coupons: {ms:.1f} ms, equal to brute force: {same}"


SAMPLE_ORDERS = 2_000


def _past_orders(n_orders: int, seed: int) -> dict[str, np.ndarray]:
    """Flat columns of ``n_orders`` orders of 1-6 lines (about 3.5 lines per order)."""
    rng = np.random.default_rng(seed)
    lines = rng.integers(1, 7, n_orders)
    n = int(lines.sum())
    return {
        "order_ids": np.repeat(np.arange(n_orders) * 10 + 100_000, lines),
        "skus": np.array([f"sku{v:03d}" for v in range(500)])[rng.integers(0, 500, n)],
        "unit_prices": rng.integers(500, 40_000, n),
        "quantities": rng.integers(1, 4, n),
        "categories": np.array(CATEGORIES)[rng.integers(0, 4, n)],
        "shops": np.array(SHOPS)[rng.integers(0, 3, n)],
    }


def _simulation_offers() -> list[Promotion]:
    """A 双11 stack: item 折, shop 满减, cross-shop 每满减 with a cap, platform coupons."""
    return [
        PercentOff(id="food 9.5折", rate="9.5折", level="item", categories=("food",)),
        ThresholdDiscount(id="s1 满300减30", threshold=300, off=30, shops=("s1",)),
        ThresholdDiscount(
            id="跨店每满200减30", threshold=200, off=30, repeat="every", cap=300, level="cross_shop"
        ),
        Coupon(id="平台满199减20", amount=20, threshold=199, level="platform"),
    ]


def _one_by_one(ctx: dict[str, Any]) -> list[int]:
    """Build each sample order's cart and settle it (what a loop over orders does)."""
    cols, policy, offers = ctx["sample"], ctx["policy"], ctx["offers"]
    out = []
    for lo, hi in ctx["bounds"]:
        cart = Cart.from_minor(
            cols["skus"][lo:hi].tolist(),
            cols["unit_prices"][lo:hi].tolist(),
            cols["quantities"][lo:hi].tolist(),
            categories=cols["categories"][lo:hi].tolist(),
            shops=cols["shops"][lo:hi].tolist(),
        )
        out.append(settle_cart(cart, offers, policy=policy).payable_minor)
    return out


def _check_simulation(ctx: dict[str, Any], ours: Any, theirs: list[int]) -> str:
    same = ours.payable.minor[: len(theirs)].tolist() == theirs
    cpu = time.process_time()
    simulate_promotions(ctx["orders"], ctx["offers"], policy=ctx["policy"])
    cpu = time.process_time() - cpu
    return (
        f"sample of {len(theirs):,} orders equal: {same}; one run {cpu:.2f} s of CPU "
        f"(wall time is inflated on a loaded machine); OrderBatch built in "
        f"{ctx['build_s']:.2f} s wall (once per batch)"
    )


def workloads(scale: float) -> list[Workload]:
    n_carts = int(100_000 * scale)
    china = StackingPolicy.preset("china_platform")

    def setup_settle() -> dict[str, Any]:
        carts, offers = _random_carts(n_carts, 0)
        return {"carts": carts, "offers": offers, "policy": china}

    def setup_coupons() -> dict[str, Any]:
        return {
            "cart": _coupon_cart(50),
            "wallet": _coupon_wallet(20),
            "base": _coupon_base(),
            "policy": china,
            "subsets": 1024,
        }

    n_orders = int(1_000_000 * scale)

    def setup_simulation() -> dict[str, Any]:
        cols = _past_orders(n_orders, 3)
        start = time.perf_counter()
        prices = MoneyArray(cols["unit_prices"], "CNY")
        orders = OrderBatch(
            cols["order_ids"], cols["skus"], prices, cols["quantities"],
            categories=cols["categories"], shops=cols["shops"],
        )  # fmt: skip
        build_s = time.perf_counter() - start
        ends = np.flatnonzero(np.diff(cols["order_ids"])) + 1
        starts = np.r_[0, ends][:SAMPLE_ORDERS]
        stops = np.r_[ends, cols["order_ids"].size][:SAMPLE_ORDERS]
        sample = {k: v[: int(stops[-1])] for k, v in cols.items()}
        return {
            "orders": orders, "policy": china, "offers": _simulation_offers(),
            "sample": sample, "bounds": list(zip(starts.tolist(), stops.tolist(), strict=True)),
            "build_s": build_s,
        }  # fmt: skip

    return [
        Workload(
            name=f"promotions.simulate_promotions ({n_orders:,} past orders, ~3.5 lines each)",
            rows=n_orders,
            setup=setup_simulation,
            run=lambda c: simulate_promotions(c["orders"], c["offers"], policy=c["policy"]),
            anchor_name=f"settle_cart order by order ({SAMPLE_ORDERS:,} settled, scaled)",
            anchor=_one_by_one,
            anchor_rows=SAMPLE_ORDERS,
            check=_check_simulation,
        ),
        Workload(
            name=f"promotions.settle_cart ({n_carts:,} carts of 3-10 lines, 2-4 promotions)",
            rows=n_carts,
            setup=setup_settle,
            run=_settle_all,
            anchor_name="build each Cart from plain values, then settle (10,000, scaled)",
            anchor=_build_and_settle,
            anchor_rows=min(10_000, n_carts),
            check=_check_settle,
            notes=["carts/s = rows / time; per-cart latency = time / rows"],
        ),
        Workload(
            name="promotions.best_coupons (20 coupons, 50-line cart; rows = 2**20 subsets)",
            rows=2**20,
            setup=setup_coupons,
            run=lambda c: best_coupons(
                c["cart"], c["wallet"], promotions=c["base"], policy=c["policy"]
            ),
            anchor_name="brute force over subsets (1,024 settled, scaled)",
            anchor=_brute_force,
            anchor_rows=1024,
            check=_check_coupons,
        ),
    ]
