"""Promotion rules one by one: quantity tiers, buy X get Y, bundles, stacking, shipping, refunds."""

from __future__ import annotations

import pytest

from ecomops.money import Money
from ecomops.promotions import (
    AmountOff,
    BundlePrice,
    BuyXGetY,
    Cart,
    Coupon,
    PercentOff,
    QuantityDiscount,
    StackingPolicy,
    ThresholdDiscount,
    refund_for_return,
    settle_cart,
)

MALL = StackingPolicy.preset("sequential_mall")
CHINA = StackingPolicy.preset("china_platform")


# --------------------------------------------------------------------------- quantity tiers


@pytest.mark.parametrize(
    ("mode", "discount"),
    [
        # volume (Stripe tiers_mode="volume"): 3 units reach the 3-unit tier: all at 20 % off
        # -> 3 x 100 x 0.2 = 60.00
        ("volume", "60.00"),
        # graduated (Stripe tiers_mode="graduated"): unit 1 full price, unit 2 at 10 % off,
        # unit 3 at 20 % off -> 10 + 20 = 30.00
        ("graduated", "30.00"),
    ],
)
def test_graduated_vs_volume_tiers(mode: str, discount: str) -> None:
    promo = QuantityDiscount(id="q", tiers=[(2, "9折"), (3, "8折")], tiers_mode=mode)  # type: ignore[arg-type]
    s = settle_cart(Cart(["tee"], [100], [3]), [promo], policy=MALL)
    assert s.total_discount == Money(discount, "CNY")


def test_graduated_discounts_the_cheapest_units() -> None:
    # 第2件起9折 over a 200 and a 100 item: the second (cheapest) unit gets 10 % off -> 10.00
    promo = QuantityDiscount(id="q", tiers=[(2, "9折")], tiers_mode="graduated")
    s = settle_cart(Cart(["a", "b"], [200, 100], [1, 1]), [promo], policy=MALL)
    assert s.allocations[:, 0].tolist() == [0, 1000]


# --------------------------------------------------------------------------- buy X get Y


def test_buy_two_get_one_repeats_for_multiples_and_respects_its_maximum() -> None:
    cart = Cart(["tee"], [50], [6])
    free = BuyXGetY(id="买2送1", buy=2, get=1)
    assert settle_cart(cart, [free], policy=MALL).total_discount == Money(100, "CNY")
    capped = BuyXGetY(id="买2送1", buy=2, get=1, max_applications=1)
    assert settle_cart(cart, [capped], policy=MALL).total_discount == Money(50, "CNY")


def test_free_unit_is_the_cheapest_eligible_not_the_cheapest_line() -> None:
    # the 5.00 socks are cheapest but not eligible: the free unit is the 80.00 shirt
    cart = Cart(
        ["shirt", "coat", "socks"], [80, 300, 5], [1, 1, 1], categories=["top", "top", "misc"]
    )
    promo = BuyXGetY(id="买1送1", buy=1, get=1, categories=("top",))
    s = settle_cart(cart, [promo], policy=MALL)
    assert s.allocations[:, 0].tolist() == [8000, 0, 0]


def test_second_item_half_price() -> None:
    # 第二件半价 = buy 1 get 1 at 5折: 4 units of 60 -> two at half price = 60.00 off
    promo = BuyXGetY(id="第二件半价", buy=1, get=1, rate="5折")
    s = settle_cart(Cart(["tee"], [60], [4]), [promo], policy=MALL)
    assert s.payable == Money(180, "CNY")


# --------------------------------------------------------------------------- bundles


def test_bundle_saving_is_split_by_relative_standalone_price() -> None:
    # tea 120 + cup 30 = 150 standalone, bundle 99: saving 51 split 120:30 = 40.80 / 10.20
    cart = Cart(["tea", "cup"], [120, 30], [1, 1])
    promo = BundlePrice(id="茶+杯", components={"tea": 1, "cup": 1}, price=99)
    s = settle_cart(cart, [promo], policy=MALL)
    assert s.allocations[:, 0].tolist() == [4080, 1020]
    assert s.payable == Money(99, "CNY")


def test_bundle_repeats_only_for_complete_sets() -> None:
    cart = Cart(["tea", "cup"], [120, 30], [3, 2])
    promo = BundlePrice(id="b", components={"tea": 1, "cup": 1}, price=99)
    s = settle_cart(cart, [promo], policy=MALL)
    assert s.total_discount == Money(102, "CNY")  # two bundles
    incomplete = settle_cart(Cart(["tea"], [120], [1]), [promo], policy=MALL)
    assert incomplete.trace[0].reason == "bundle_incomplete"


# --------------------------------------------------------------------------- stacking


def test_stop_further_rules_blocks_only_its_own_products() -> None:
    cart = Cart(["a", "b"], [100, 100], [1, 1], categories=["x", "y"])
    promos = [
        PercentOff(id="x9折", rate="9折", categories=("x",), stop_further=True),
        PercentOff(id="全场95折", rate="9.5折", level="shop"),
    ]
    s = settle_cart(cart, promos, policy=MALL)
    # line a keeps only its 10 % off; line b still gets the 5 % off
    assert s.allocations.tolist() == [[1000, 0], [0, 500]]


def test_stack_group_first_applicable_wins() -> None:
    cart = Cart(["a"], [150], [1])
    promos = [
        Coupon(id="A满200减30", amount=30, threshold=200, stack_group="shop"),
        Coupon(id="B满100减10", amount=10, threshold=100, stack_group="shop"),
        Coupon(id="C满100减15", amount=15, threshold=100, stack_group="shop"),
    ]
    s = settle_cart(cart, promos, policy=MALL)
    assert s.total_discount == Money(10, "CNY")  # A does not apply; B (before C by id) wins
    assert [e.reason for e in s.trace] == ["threshold_not_met", "applied", "stack_group_used"]


def test_order_voucher_on_top_of_a_40_percent_promotion_never_makes_the_order_free() -> None:
    # the bug: an order voucher computed on the undiscounted total on top of 40 % off.
    # Here a 50 % voucher after 40 % off 100 takes 50 % of 60 (compound) = 30.
    cart = Cart(["a"], [100], [1])
    promos = [PercentOff(id="6折", rate="6折"), Coupon(id="5折券", rate="5折", level="platform")]
    assert settle_cart(cart, promos, policy=MALL).payable == Money(30, "CNY")
    # adding percentages works on each stage's base: the platform stage starts from 60
    adding = StackingPolicy(percent_stacking="add")
    assert settle_cart(cart, promos, policy=adding).payable == Money(30, "CNY")
    # only an explicit original-price base for the voucher reproduces the 100 - 40 - 50
    on_list = StackingPolicy(percent_stacking="add", price_base={"platform": "original"})
    assert settle_cart(cart, promos, policy=on_list).payable == Money(10, "CNY")


def test_shipping_level_discounts_the_fee_only() -> None:
    cart = Cart(["a"], [120], [1], shipping_fee=10)
    promos = [
        Coupon(id="满99包邮", amount=10, threshold=99, level="shipping"),
        PercentOff(id="9折", rate="9折"),
    ]
    s = settle_cart(cart, promos, policy=MALL)
    assert s.shipping_discounts.minor.tolist() == [1000, 0]
    assert s.payable == Money(108, "CNY")


# --------------------------------------------------------------------------- refunds


def test_three_items_ten_percent_off_two_returned_refund_180_not_200() -> None:
    # the field's bug refunds the list price (200); the customer paid 90 per item
    cart = Cart(["tee"], [100], [3])
    order = settle_cart(cart, [PercentOff(id="9折", rate="9折")], policy=MALL)
    back = refund_for_return(order, {0: 2}, policy=MALL)
    assert back.refund == Money(180, "CNY")
    assert back.paid == Money(90, "CNY")


def test_three_lines_ten_percent_off_two_lines_returned() -> None:
    cart = Cart(["a", "b", "c"], [100, 100, 100], [1, 1, 1])
    order = settle_cart(cart, [PercentOff(id="9折", rate="9折")], policy=MALL)
    back = refund_for_return(order, [0, 2], policy=MALL)
    assert back.refund == Money(180, "CNY")
    assert back.line_refunds.minor.tolist() == [9000, 0, 9000]


def test_returning_the_item_that_met_the_threshold_takes_the_discount_back() -> None:
    cart = Cart(["coat", "socks"], [150, 60], [1, 1])
    order = settle_cart(cart, [ThresholdDiscount(id="满200减50", threshold=200, off=50)],
                        policy=MALL)  # fmt: skip
    assert order.payable == Money(160, "CNY")
    back = refund_for_return(order, [1], policy=MALL)
    assert back.refund == Money(10, "CNY")  # kept coat now costs 150 of the 160 paid
    assert back.settlement.payable == Money(150, "CNY")
    last = refund_for_return(back, [0], policy=MALL)
    assert last.refund == Money(150, "CNY")
    assert back.refund + last.refund == order.payable


def test_minimum_order_coupon_is_taken_back_and_refunds_never_go_negative() -> None:
    # returning a 10.00 item drops the kept 195.00 below the coupon's 200: the kept order
    # costs more than what was paid, so the refund is 0 and the customer keeps paying 155
    cart = Cart(["big", "small"], [195, 10], [1, 1])
    order = settle_cart(cart, [Coupon(id="满200减50", amount=50, threshold=200)], policy=MALL)
    back = refund_for_return(order, [1], policy=MALL)
    assert back.refund == Money(0, "CNY")
    assert back.paid == order.payable
    assert refund_for_return(back, [0], policy=MALL).refund == order.payable


def test_bad_returns_are_refused_by_name() -> None:
    order = settle_cart(Cart(["a"], [10], [1]), [], policy=MALL)
    with pytest.raises(ValueError, match="returned_lines"):
        refund_for_return(order, {0: 2}, policy=MALL)
    with pytest.raises(ValueError, match="returned_lines"):
        refund_for_return(order, [3], policy=MALL)


def test_amount_off_is_allocated_over_eligible_lines_by_base() -> None:
    s = settle_cart(Cart(["a", "b"], [300, 100], [1, 1]), [AmountOff(id="a", amount=20)],
                    policy=CHINA)  # fmt: skip
    assert s.allocations[:, 0].tolist() == [1500, 500]
