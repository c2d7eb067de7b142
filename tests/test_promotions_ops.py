"""Operations on promotions: best coupons, top-up (凑单), simulation over past orders."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecomops.exceptions import InvalidInputError
from ecomops.money import MoneyArray
from ecomops.promotions import (
    AmountOff,
    BuyXGetY,
    Cart,
    Coupon,
    OrderBatch,
    PercentOff,
    Promotion,
    QuantityDiscount,
    StackingPolicy,
    ThresholdDiscount,
    ThresholdPercentOff,
    best_coupons,
    settle_cart,
    simulate_promotions,
    top_up_for_threshold,
)

# ----------------------------------------------------------------- strategies
SKUS = ("a", "b", "c", "d", "e")
CATEGORIES = ("food", "home")
SHOPS = ("s1", "s2")
LEVELS = ("item", "shop", "cross_shop", "platform")
GROUPS = (None, None, "g1", "g2")


@st.composite
def carts(draw: st.DrawFn, max_lines: int = 5, max_price: int = 40_000) -> Cart:
    n = draw(st.integers(1, max_lines))
    return Cart.from_minor(
        [draw(st.sampled_from(SKUS)) for _ in range(n)],
        [draw(st.integers(0, max_price)) for _ in range(n)],
        [draw(st.integers(0, 3)) for _ in range(n)],
        categories=[draw(st.sampled_from(CATEGORIES)) for _ in range(n)],
        shops=[draw(st.sampled_from(SHOPS)) for _ in range(n)],
    )


@st.composite
def policies(draw: st.DrawFn) -> StackingPolicy:
    if draw(st.booleans()):
        return StackingPolicy.preset(draw(st.sampled_from(["sequential_mall", "china_platform"])))
    return StackingPolicy(
        threshold_basis=draw(st.sampled_from(["sequential", "parallel"])),
        percent_stacking=draw(st.sampled_from(["compound", "add"])),
        rounding=draw(st.sampled_from(["half_up", "half_even", "down", "up"])),
        rounding_point=draw(st.sampled_from(["promotion", "line"])),
        price_base=draw(
            st.sampled_from(
                [(), (("item", "original"), ("shop", "after_item"), ("platform", "after_item"))]
            )
        ),
    )


def _scope(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return {"categories": (draw(st.sampled_from(CATEGORIES)),)}
    if kind == 1:
        return {"shops": (draw(st.sampled_from(SHOPS)),)}
    if kind == 2:
        return {"skus": tuple(draw(st.sets(st.sampled_from(SKUS), min_size=1, max_size=3)))}
    return {}


def _common(draw: st.DrawFn, pid: str, *, stop: bool = True) -> dict[str, Any]:
    return {
        "id": pid,
        "level": draw(st.sampled_from(LEVELS)),
        "stack_group": draw(st.sampled_from(GROUPS)),
        "stop_further": stop and draw(st.integers(0, 9)) == 0,
        "priority": draw(st.integers(0, 2)),
        **_scope(draw),
    }


RATES = st.sampled_from(["0.05", "0.1", "0.15", "0.2", "0.3", "0.333"])


@st.composite
def coupons(draw: st.DrawFn, pid: str) -> Promotion:
    common = _common(draw, pid)
    threshold = draw(st.integers(0, 600)) * 100 // draw(st.sampled_from([1, 3]))
    if draw(st.booleans()):
        hi = max(threshold - 1, 1) if threshold else 20_000
        amount = draw(st.integers(1, max(1, min(hi, 20_000))))
        return Coupon(amount=f"{amount / 100:.2f}", threshold=f"{threshold / 100:.2f}", **common)
    cap = draw(st.sampled_from([None, "5.00", "30.00"]))
    return Coupon(rate=draw(RATES), threshold=f"{threshold / 100:.2f}", cap=cap, **common)


@st.composite
def promotions(draw: st.DrawFn, pid: str) -> Promotion:
    common = _common(draw, pid)
    kind = draw(st.integers(0, 5))
    if kind == 5:
        return QuantityDiscount(tiers=((2, "0.1"), (3, "0.2")), **common)
    if kind == 0:
        return PercentOff(rate=draw(RATES), **common)
    if kind == 1:
        return AmountOff(amount=str(draw(st.integers(1, 50))), **common)
    if kind == 2:
        x = draw(st.integers(50, 400))
        repeat = draw(st.sampled_from(["once", "every", "tiered"]))
        if repeat == "tiered":
            return ThresholdDiscount(
                repeat="tiered", tiers=((x, x // 10), (2 * x, x // 10 * 3)), **common
            )
        cap = str(x // 5 * 3) if repeat == "every" and draw(st.booleans()) else None
        return ThresholdDiscount(threshold=x, off=x // 5, repeat=repeat, cap=cap, **common)
    if kind == 3:
        return ThresholdPercentOff(threshold=draw(st.integers(50, 400)), rate=draw(RATES), **common)
    return draw(coupons(pid))


@st.composite
def wallets(draw: st.DrawFn, max_coupons: int = 12) -> list[Promotion]:
    n = draw(st.integers(0, max_coupons))
    return [draw(coupons(f"c{k}")) for k in range(n)]


@st.composite
def offers(draw: st.DrawFn, max_promotions: int = 3) -> list[Promotion]:
    n = draw(st.integers(0, max_promotions))
    return [draw(promotions(f"p{k}")) for k in range(n)]


# ----------------------------------------------------------------- best_coupons


def brute_force(
    cart: Cart, wallet: list[Promotion], base: list[Promotion], policy: StackingPolicy
) -> tuple[int, int, tuple[str, ...]]:
    """Min over every subset: (payable, number of coupons, sorted ids)."""
    best = None
    for size in range(len(wallet) + 1):
        for subset in itertools.combinations(wallet, size):
            payable = settle_cart(cart, [*base, *subset], policy=policy).payable_minor
            key = (payable, size, tuple(sorted(c.id for c in subset)))
            best = key if best is None or key < best else best
    assert best is not None
    return best


def _key(choice: Any) -> tuple[int, int, tuple[str, ...]]:
    return (
        choice.settlement.payable_minor,
        len(choice.coupons),
        tuple(sorted(choice.coupon_ids)),
    )


@settings(max_examples=40)
@given(carts(), wallets(max_coupons=9), offers(), policies())
def test_best_coupons_equals_brute_force(
    cart: Cart, wallet: list[Promotion], base: list[Promotion], policy: StackingPolicy
) -> None:
    choice = best_coupons(cart, wallet, promotions=base, policy=policy)
    assert _key(choice) == brute_force(cart, wallet, base, policy)
    assert choice.payable == choice.settlement.payable


@settings(max_examples=8)
@given(carts(max_lines=3), wallets(max_coupons=12).filter(lambda w: len(w) >= 10), policies())
def test_best_coupons_equals_brute_force_with_twelve(
    cart: Cart, wallet: list[Promotion], policy: StackingPolicy
) -> None:
    assert _key(best_coupons(cart, wallet, policy=policy)) == brute_force(cart, wallet, [], policy)


@given(carts(), wallets(max_coupons=8), coupons("extra"), offers(), policies(), st.randoms())
def test_one_more_coupon_never_raises_the_payable(
    cart: Cart,
    wallet: list[Promotion],
    extra: Promotion,
    base: list[Promotion],
    policy: StackingPolicy,
    rnd: random.Random,
) -> None:
    before = best_coupons(cart, wallet, promotions=base, policy=policy)
    more = [*wallet, extra]
    rnd.shuffle(more)
    after = best_coupons(cart, more, promotions=base, policy=policy)
    assert after.payable <= before.payable
    # the offered order never changes the choice
    rnd.shuffle(wallet)
    assert _key(best_coupons(cart, wallet, promotions=base, policy=policy)) == _key(before)


# ----------------------------------------------------------------- simulate_promotions


def _batch(carts_: list[Cart]) -> OrderBatch:
    ids, skus, prices, qty, cats, shops = [], [], [], [], [], []
    for k, cart in enumerate(carts_):
        ids += [k * 7 + 3] * len(cart)
        skus += cart.skus
        prices += cart.unit_prices.minor.tolist()
        qty += cart.quantities.tolist()
        cats += cart.categories
        shops += cart.shops
    order = list(range(len(ids)))
    random.Random(len(ids)).shuffle(order)  # an order's lines need not be adjacent
    pick = lambda xs: [xs[i] for i in order]  # noqa: E731
    return OrderBatch(
        pick(ids),
        pick(skus),
        MoneyArray(pick(prices), "CNY"),
        pick(qty),
        categories=pick(cats),
        shops=pick(shops),
    )


def _check_simulation(carts_: list[Cart], base: list[Promotion], policy: StackingPolicy) -> None:
    sim = simulate_promotions(_batch(carts_), base, policy=policy)
    settled = [settle_cart(c, base, policy=policy) for c in carts_]
    assert sim.order_id.tolist() == [k * 7 + 3 for k in range(len(carts_))]
    assert sim.payable.minor.tolist() == [s.payable_minor for s in settled]
    assert sim.subtotal.minor.tolist() == [s.subtotal.minor for s in settled]
    per_promotion = [sum(s.discounts.minor[j] for s in settled) for j in range(len(base))]
    assert [m.minor for m in sim.promotion_discounts] == per_promotion
    assert sim.total_discount.minor == sum(s.total_discount_minor for s in settled)


@given(st.lists(carts(max_lines=6), min_size=1, max_size=12), offers(max_promotions=5), policies())
def test_simulation_equals_settle_cart(
    carts_: list[Cart], base: list[Promotion], policy: StackingPolicy
) -> None:
    _check_simulation(carts_, base, policy)


def test_simulation_of_2000_orders_equals_settle_cart() -> None:
    rnd = random.Random(20261111)
    carts_ = [
        Cart.from_minor(
            [rnd.choice(SKUS) for _ in range(k)],
            [rnd.randrange(0, 40_000) for _ in range(k)],
            [rnd.randrange(0, 4) for _ in range(k)],
            categories=[rnd.choice(CATEGORIES) for _ in range(k)],
            shops=[rnd.choice(SHOPS) for _ in range(k)],
        )
        for k in (rnd.randrange(1, 9) for _ in range(2000))
    ]
    china = StackingPolicy.preset("china_platform")
    mall = StackingPolicy.preset("sequential_mall")
    offers_ = [
        PercentOff(id="food 9.5折", rate="9.5折", level="item", categories=("food",)),
        AmountOff(id="立减1", amount=1, level="item", skus=("a", "b"), per_unit=True),
        ThresholdDiscount(id="s1 满300减40", threshold=300, off=40, shops=("s1",)),
        ThresholdDiscount(
            id="每满200减30",
            threshold=200,
            off=30,
            repeat="every",
            cap=90,
            level="cross_shop",
            stack_group="大促",
        ),
        ThresholdDiscount(
            id="阶梯",
            repeat="tiered",
            tiers=((99, 10), (199, 30)),
            level="cross_shop",
            stack_group="大促",
        ),
        ThresholdPercentOff(
            id="满500打9折",
            threshold=500,
            rate="9折",
            cap=60,
            level="shop",
            stop_further=True,
            shops=("s2",),
        ),
        Coupon(id="平台满150减15", amount=15, threshold=150, level="platform"),
        Coupon(id="home 8.8折券", rate="8.8折", cap=25, categories=("home",), level="platform"),
    ]
    _check_simulation(carts_, offers_, china)
    _check_simulation(carts_, offers_, mall)


def test_simulation_refuses_what_it_does_not_vectorise() -> None:
    orders = OrderBatch([1, 1], ["a", "b"], [10, 20], [1, 1])
    policy = StackingPolicy.preset("china_platform")
    with pytest.raises(InvalidInputError, match=r"'买2送1' \(buy X get Y\) is not vectorised"):
        simulate_promotions(orders, [BuyXGetY(id="买2送1", buy=2, get=1)], policy=policy)
    with pytest.raises(InvalidInputError, match="orders must be OrderBatch"):
        simulate_promotions([1, 2], [], policy=policy)  # type: ignore[arg-type]


def test_order_lines_refuse_bad_columns() -> None:
    with pytest.raises(InvalidInputError, match="quantities must be >= 0"):
        OrderBatch([1], ["a"], [10], [-1])
    with pytest.raises(InvalidInputError, match="unit_prices must be a whole number"):
        OrderBatch([1], ["a"], ["1.005"], [1])
    with pytest.raises(InvalidInputError, match="skus must be strings"):
        OrderBatch([1], [5], [10], [1])
    with pytest.raises(InvalidInputError, match="unit_prices must have one value per line"):
        OrderBatch([1, 2], ["a", "b"], [10], [1, 1])


# ----------------------------------------------------------------- top_up_for_threshold

CHINA = StackingPolicy.preset("china_platform")


def test_top_up_reference_values() -> None:
    # 每满200减30 at 350: the next multiple is 400, 50.00 away; then 400 - 60 = 340
    every = ThresholdDiscount(id="每满200减30", threshold=200, off=30, repeat="every", cap=60)
    top = top_up_for_threshold(Cart(["tea"], [350], [1]), [every], policy=CHINA)
    assert top.gap.minor.tolist() == [5000]
    assert top.threshold.minor.tolist() == [40000]
    assert top.payable.minor.tolist() == [34000]
    # at 400 the cap (60) is reached: no next step
    assert len(top_up_for_threshold(Cart(["tea"], [400], [1]), [every], policy=CHINA)) == 0
    # tiers: 满200减20 / 满300减40 at 250 -> 50 to the next tier
    tiers = ThresholdDiscount(id="阶梯", repeat="tiered", tiers=((200, 20), (300, 40)))
    assert top_up_for_threshold(Cart(["a"], [250], [1]), [tiers], policy=CHINA).gap.minor[0] == 5000


def test_top_up_counts_item_discounts_on_the_added_piece() -> None:
    # an item-level 9折 on everything: 200 pays 180, and parallel thresholds judge the
    # price after item discounts; adding 22.22 makes 222.22, 10% of it 22.222 -> 22.22
    # (half up), leaving exactly 200.00: reached; 22.21 leaves 199.99 (hand-computed)
    offers = [
        PercentOff(id="9折", rate="9折", level="item"),
        Coupon(id="满200减30", amount=30, threshold=200),
    ]
    top = top_up_for_threshold(Cart(["tea"], [200], [1]), offers, policy=CHINA)
    assert top.gap.minor.tolist() == [2222]


@settings(max_examples=40)
@given(carts(max_lines=4), offers(max_promotions=3), policies())
def test_top_up_gap_is_the_smallest(
    cart: Cart, base: list[Promotion], policy: StackingPolicy
) -> None:
    top = top_up_for_threshold(cart, base, policy=policy)
    ids = [p.id for p in base]
    for pid, gap in zip(top.promotion_id.tolist(), top.gap.minor.tolist(), strict=True):
        j = ids.index(pid)
        promo = base[j]
        sku = sorted(promo.skus)[0] if promo.skus else "(top-up)"
        cat = sorted(promo.categories)[0] if promo.categories else ""
        shop = sorted(promo.shops)[0] if promo.shops else ""
        found = []
        for price in (gap - 1, gap):
            bigger = Cart.from_minor(
                [*cart.skus, sku], [*cart.unit_prices.minor.tolist(), price],
                [*cart.quantities.tolist(), 1], categories=[*cart.categories, cat],
                shops=[*cart.shops, shop],
            )  # fmt: skip
            found.append(int(settle_cart(bigger, base, policy=policy).discounts.minor[j]))
        assert found[1] > found[0]


@settings(max_examples=30)
@given(
    carts(max_lines=3),
    offers(max_promotions=3),
    st.lists(st.tuples(st.sampled_from(SKUS), st.integers(1, 30_000), st.integers(1, 2),
                       st.sampled_from(CATEGORIES), st.sampled_from(SHOPS)),
             min_size=1, max_size=4),
)  # fmt: skip
def test_top_up_plan_equals_brute_force(
    cart: Cart, base: list[Promotion], raw: list[tuple[str, int, int, str, str]]
) -> None:
    candidates = Cart.from_minor(
        [r[0] for r in raw], [r[1] for r in raw], [r[2] for r in raw],
        categories=[r[3] for r in raw], shops=[r[4] for r in raw],
    )  # fmt: skip
    top = top_up_for_threshold(cart, base, policy=CHINA, candidates=candidates)
    pieces = [r for r in raw for _ in range(r[2])]
    ids = [p.id for p in base]
    now = settle_cart(cart, base, policy=CHINA).discounts.minor
    for pid, plan in zip(top.promotion_id.tolist(), top.plans, strict=True):
        j = ids.index(pid)
        best = None
        for size in range(1, len(pieces) + 1):
            for subset in itertools.combinations(pieces, size):
                bigger = Cart.from_minor(
                    [*cart.skus, *(s[0] for s in subset)],
                    [*cart.unit_prices.minor.tolist(), *(s[1] for s in subset)],
                    [*cart.quantities.tolist(), *(1 for _ in subset)],
                    categories=[*cart.categories, *(s[3] for s in subset)],
                    shops=[*cart.shops, *(s[4] for s in subset)],
                )  # fmt: skip
                if settle_cart(bigger, base, policy=CHINA).discounts.minor[j] > now[j]:
                    key = (sum(s[1] for s in subset), size)
                    best = key if best is None or key < best else best
        if best is None:
            assert plan is None
        else:
            assert plan is not None
            assert (plan.added.minor, int(plan.items.quantities.sum())) == best
            assert plan.payable == plan.settlement.payable
