"""Hypothesis properties of settle_cart and refund_for_return.

Shuffling lines changes no amount; payable >= 0; discount <= subtotal; every
discount's per-line parts sum to it exactly; thresholds are inclusive; the
integer split equals ``money.allocate``; refunding every line, in any number
of returns, gives back exactly what was paid.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ecomops._promotions.arith import split
from ecomops.money import allocate
from ecomops.promotions import (
    AmountOff,
    BundlePrice,
    BuyXGetY,
    Cart,
    Coupon,
    PercentOff,
    Promotion,
    QuantityDiscount,
    StackingPolicy,
    ThresholdDiscount,
    ThresholdPercentOff,
    refund_for_return,
    settle_cart,
)

SKUS = ("a", "b", "c", "d", "e")
CATEGORIES = ("food", "home")
SHOPS = ("s1", "s2")
LEVELS = ("item", "shop", "cross_shop", "platform")


@st.composite
def carts(draw: st.DrawFn, max_lines: int = 8) -> Cart:
    n = draw(st.integers(0, max_lines))
    skus = [draw(st.sampled_from(SKUS)) for _ in range(n)]
    prices = [draw(st.integers(0, 50_000)) for _ in range(n)]
    quantities = [draw(st.integers(0, 4)) for _ in range(n)]
    categories = [draw(st.sampled_from(CATEGORIES)) for _ in range(n)]
    shops = [draw(st.sampled_from(SHOPS)) for _ in range(n)]
    fee = draw(st.sampled_from([0, 0, 800, 1200]))
    return Cart.from_minor(
        skus, prices, quantities, categories=categories, shops=shops, shipping_fee_minor=fee
    )


def _scope(draw: st.DrawFn) -> dict[str, object]:
    kind = draw(st.integers(0, 3))
    if kind == 1:
        return {"categories": (draw(st.sampled_from(CATEGORIES)),)}
    if kind == 2:
        return {"shops": (draw(st.sampled_from(SHOPS)),)}
    if kind == 3:
        return {"skus": tuple(draw(st.sets(st.sampled_from(SKUS), min_size=1, max_size=3)))}
    return {}


@st.composite
def promotions(draw: st.DrawFn) -> Promotion:
    common: dict[str, object] = {
        "id": draw(st.text("xyzw", min_size=3, max_size=3)),
        "level": draw(st.sampled_from(LEVELS)),
        "stop_further": draw(st.sampled_from([False, False, False, True])),
        "stack_group": draw(st.sampled_from([None, None, "g"])),
        **_scope(draw),
    }
    kind = draw(st.integers(0, 8))
    rate = draw(st.sampled_from(["0.05", "0.1", "0.15", "0.3", "0.5"]))
    threshold = draw(st.integers(1, 600))
    off = draw(st.integers(1, threshold)) if threshold > 1 else 1
    if kind == 0:
        return PercentOff(rate=rate, **common)
    if kind == 1:
        return AmountOff(amount=draw(st.integers(1, 200)), **common)
    if kind == 2 and off < threshold:
        repeat = draw(st.sampled_from(["once", "every"]))
        return ThresholdDiscount(threshold=threshold, off=off, repeat=repeat, **common)
    if kind == 3:
        return ThresholdPercentOff(threshold=threshold, rate=rate, **common)
    if kind == 4:
        tiers = ((2, "0.1"), (3, "0.2"))
        mode = draw(st.sampled_from(["volume", "graduated"]))
        return QuantityDiscount(tiers=tiers, tiers_mode=mode, **common)
    if kind == 5:
        return BuyXGetY(buy=draw(st.integers(1, 2)), get=1, rate=draw(st.sampled_from([1, "0.5"])),
                        **common)  # fmt: skip
    if kind == 6:
        return BundlePrice(components={"a": 1, "b": 1}, price=draw(st.integers(1, 400)), **common)
    if kind == 7 and off < threshold:
        return Coupon(amount=off, threshold=threshold, **common)
    return Coupon(rate=rate, threshold=threshold, cap=draw(st.integers(1, 100)), **common)


@st.composite
def offers(draw: st.DrawFn) -> list[Promotion]:
    promos = draw(st.lists(promotions(), max_size=5))
    seen: set[str] = set()
    unique = []
    for p in promos:
        if p.id not in seen:
            seen.add(p.id)
            unique.append(p)
    return unique


@st.composite
def policies(draw: st.DrawFn) -> StackingPolicy:
    if draw(st.booleans()):
        return StackingPolicy.preset(draw(st.sampled_from(["sequential_mall", "china_platform"])))
    return StackingPolicy(
        threshold_basis=draw(st.sampled_from(["sequential", "parallel"])),
        percent_stacking=draw(st.sampled_from(["compound", "add"])),
        rounding=draw(st.sampled_from(["half_up", "half_even", "down", "up"])),
        rounding_point=draw(st.sampled_from(["promotion", "line"])),
        price_base={"shop": draw(st.sampled_from(["original", "after_item", "running"]))},
    )


def _shuffled(cart: Cart, seed: int) -> tuple[Cart, list[int]]:
    n = len(cart)
    perm = list(range(n))
    random.Random(seed).shuffle(perm)
    prices = cart.unit_prices.minor.tolist()
    q = cart.quantities.tolist()
    new = Cart.from_minor(
        [cart.skus[i] for i in perm], [prices[i] for i in perm], [q[i] for i in perm],
        categories=[cart.categories[i] for i in perm], shops=[cart.shops[i] for i in perm],
        shipping_fee_minor=cart.shipping_fee_minor,
    )  # fmt: skip
    return new, perm


@settings(max_examples=150)
@given(carts(), offers(), policies(), st.integers(0, 10**6))
def test_shuffling_lines_changes_no_amount(
    cart: Cart, promos: list[Promotion], policy: StackingPolicy, seed: int
) -> None:
    a = settle_cart(cart, promos, policy=policy)
    shuffled, perm = _shuffled(cart, seed)
    b = settle_cart(shuffled, promos, policy=policy)
    assert a.payable == b.payable
    assert a.discounts == b.discounts
    assert [e.discount_minor for e in a.trace] == [e.discount_minor for e in b.trace]
    # every line keeps its amounts: line k of the shuffled cart is line perm[k]
    alloc_a = a.allocations
    alloc_b = b.allocations
    for k, i in enumerate(perm):
        assert alloc_b[k].tolist() == alloc_a[i].tolist()


@settings(max_examples=150)
@given(carts(), offers(), policies())
def test_invariants(cart: Cart, promos: list[Promotion], policy: StackingPolicy) -> None:
    s = settle_cart(cart, promos, policy=policy)
    gross = cart.subtotal + cart.shipping_fee
    assert s.payable_minor >= 0
    assert s.total_discount <= gross
    assert min(s.line_payables.minor.tolist(), default=0) >= 0
    assert s.shipping_discounts.minor.sum() <= cart.shipping_fee_minor
    for entry in s.trace:
        assert entry.applied == (entry.discount_minor > 0)
    # each promotion's parts (lines and shipping) sum exactly to its discount
    by_id = {e.promotion_id: e.discount_minor for e in s.trace}
    for j, p in enumerate(promos):
        part = int(s.allocations[:, j].sum()) + s.shipping_discount_minor[j]
        assert part == by_id[p.id]
    assert s.payable_minor == gross.minor - s.total_discount_minor


@settings(max_examples=200)
@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_thresholds_are_inclusive(threshold: int, off_seed: int) -> None:
    off = off_seed % threshold or 1
    if off >= threshold:
        return
    promo = ThresholdDiscount(id="t", threshold=threshold, off=off)
    policy = StackingPolicy()
    at = settle_cart(Cart(["a"], [threshold], [1]), [promo], policy=policy)
    below = settle_cart(Cart.from_minor(["a"], [threshold * 100 - 1], [1]), [promo], policy=policy)
    assert at.total_discount_minor == off * 100
    assert below.total_discount_minor == 0


@settings(max_examples=300)
@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**7), min_size=1, max_size=12))
def test_integer_split_equals_money_allocate(total: int, weights: list[int]) -> None:
    parts = split(total, weights)
    assert sum(parts) == (total if sum(weights) else 0)
    if sum(weights):
        assert parts == allocate(total, weights).tolist()


@settings(max_examples=100)
@given(carts(max_lines=6), offers(), policies(), st.integers(0, 10**6))
def test_refunding_every_line_returns_exactly_what_was_paid(
    cart: Cart, promos: list[Promotion], policy: StackingPolicy, seed: int
) -> None:
    order = settle_cart(cart, promos, policy=policy)
    rng = random.Random(seed)
    state: object = order
    refunded = 0
    kept = cart.quantities.tolist()
    while any(kept):
        line = rng.choice([i for i, q in enumerate(kept) if q])
        pieces = rng.randint(1, kept[line])
        kept[line] -= pieces
        back = refund_for_return(state, {line: pieces}, policy=policy)  # type: ignore[arg-type]
        assert back.refund_minor >= 0
        assert sum(back.line_refund_minor) == back.refund_minor
        refunded += back.refund_minor
        state = back
    if isinstance(state, type(order)):  # nothing to return: an empty cart
        assert order.payable_minor in (0, cart.shipping_fee_minor)
        return
    assert refunded == order.payable_minor


@settings(max_examples=100)
@given(carts(), offers(), policies(), st.integers(0, 10**6))
def test_the_order_promotions_are_listed_in_changes_no_amount(
    cart: Cart, promos: list[Promotion], policy: StackingPolicy, seed: int
) -> None:
    shuffled = list(promos)
    random.Random(seed).shuffle(shuffled)
    a = settle_cart(cart, promos, policy=policy)
    b = settle_cart(cart, shuffled, policy=policy)
    assert a.payable == b.payable
    by_id_a = dict(zip(a.promotion_ids, a.discounts.minor.tolist(), strict=True))
    by_id_b = dict(zip(b.promotion_ids, b.discounts.minor.tolist(), strict=True))
    assert by_id_a == by_id_b


@settings(max_examples=300)
@given(
    st.lists(st.integers(1, 10**7), min_size=1, max_size=8),
    st.sampled_from(["0.05", "0.15", "0.333", "0.5", "0.875"]),
    st.sampled_from(["half_up", "half_even", "half_down", "down", "up"]),
)
def test_percent_off_equals_decimal_quantize(prices: list[int], rate: str, rounding: str) -> None:
    # oracle: the discount is rate x total, rounded once to the fen by Decimal.quantize
    from decimal import (
        ROUND_DOWN,
        ROUND_HALF_DOWN,
        ROUND_HALF_EVEN,
        ROUND_HALF_UP,
        ROUND_UP,
        Decimal,
    )

    modes = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN,
             "half_down": ROUND_HALF_DOWN, "down": ROUND_DOWN, "up": ROUND_UP}  # fmt: skip
    cart = Cart.from_minor([f"s{i}" for i in range(len(prices))], prices, [1] * len(prices))
    policy = StackingPolicy(rounding=rounding)  # type: ignore[arg-type]
    s = settle_cart(cart, [PercentOff(id="p", rate=rate)], policy=policy)
    expected = (Decimal(rate) * Decimal(sum(prices))).quantize(Decimal(1), modes[rounding])
    assert s.total_discount_minor == int(expected)


@settings(max_examples=500)
@given(st.floats(-1e13, 1e13, allow_nan=False), st.sampled_from(["CNY", "JPY", "KWD"]))
def test_cart_reads_floats_exactly_as_their_shortest_decimal(value: float, currency: str) -> None:
    from decimal import Decimal

    from ecomops.exceptions import InvalidInputError
    from ecomops.money import Currency

    digits = Currency(currency).minor_units
    exact = Decimal(repr(value)) * 10**digits
    try:
        cart = Cart(["a"], [value], [1], currency=currency)
    except InvalidInputError:
        assert value < 0 or exact != exact.to_integral_value() or exact > 2**53
        return
    assert cart.unit_prices.minor.tolist() == [int(exact)]


@settings(max_examples=500)
@given(st.integers(0, 2**45), st.sampled_from(["CNY", "JPY", "KWD"]))
def test_cart_reads_decimal_floats_exactly(minor: int, currency: str) -> None:
    from decimal import Decimal

    from ecomops.money import Currency

    digits = Currency(currency).minor_units
    value = float(Decimal(minor).scaleb(-digits))  # the float nearest to minor / 10**digits
    exact = Decimal(repr(value)).scaleb(digits)
    if exact != exact.to_integral_value():
        return  # the float's shortest form is finer than the minor unit (huge values)
    cart = Cart(["a"], [value], [1], currency=currency)
    assert cart.unit_prices.minor.tolist() == [int(exact)]
