"""Promotions: reference settlements with their sources, stacking, allocation, 折, bad input."""

from __future__ import annotations

import pydantic
import pytest

from ecomops.exceptions import EcomopsError, InvalidInputError
from ecomops.money import Money, allocate
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
    ThresholdPercentOff,
    Zhe,
    settle_cart,
)

MALL = StackingPolicy.preset("sequential_mall")
CHINA = StackingPolicy.preset("china_platform")
BAD = (InvalidInputError, pydantic.ValidationError)


def _cart(prices: list[str | int], quantities: list[int] | None = None) -> Cart:
    skus = [f"sku{i}" for i in range(len(prices))]
    return Cart(skus, prices, quantities or [1] * len(prices))


def _every_and_coupon() -> list[ThresholdDiscount | Coupon]:
    return [
        ThresholdDiscount(
            id="每满200减30", threshold=200, off=30, repeat="every", level="cross_shop"
        ),
        Coupon(id="满200减20", amount=20, threshold=200, level="platform"),
    ]


# --------------------------------------------------------------------------- reference cases


@pytest.mark.parametrize("policy", [MALL, CHINA], ids=["sequential", "parallel"])
def test_299_with_every_200_minus_30_and_a_200_minus_20_coupon_pays_249(
    policy: StackingPolicy,
) -> None:
    # 每满200减30 gives 30 at 299 (one multiple); sequential: 269 still reaches the coupon's
    # 200; parallel: both judged on 299. Source: the stacking example of the issue,
    # worked by hand; Tmall's rule text (《天猫跨店满减规则》) for the parallel base.
    s = settle_cart(_cart(["199.00", "100.00"]), _every_and_coupon(), policy=policy)
    assert s.payable == Money("249.00", "CNY")
    assert s.total_discount == Money("50.00", "CNY")


def test_at_219_the_two_threshold_bases_differ() -> None:
    # sequential: 219 - 30 = 189 < 200, the coupon is skipped -> 189.00;
    # parallel: both thresholds judged on 219 -> 219 - 30 - 20 = 169.00 (hand computation)
    cart = _cart(["119.00", "100.00"])
    sequential = settle_cart(cart, _every_and_coupon(), policy=MALL)
    parallel = settle_cart(cart, _every_and_coupon(), policy=CHINA)
    assert sequential.payable == Money("189.00", "CNY")
    assert parallel.payable == Money("169.00", "CNY")
    skipped = sequential.trace[1]
    assert not skipped.applied
    assert skipped.message == "threshold 200.00 not met: 189.00"


def test_one_yuan_off_five_is_split_exactly_never_0_98() -> None:
    # 满5减1 over five 1-yuan lines: 0.20 each, summing to 1.00 (the field's bug: 0.98
    # from truncating each line's share)
    cart = _cart([1, 1, 1, 1, 1])
    s = settle_cart(cart, [ThresholdDiscount(id="满5减1", threshold=5, off=1)], policy=MALL)
    assert s.allocations[:, 0].tolist() == [20, 20, 20, 20, 20]
    assert int(s.allocations.sum()) == 100


def test_ten_over_three_lines_sums_exactly_and_matches_money_allocate() -> None:
    cart = _cart([100, 100, 100])
    s = settle_cart(cart, [ThresholdDiscount(id="满300减10", threshold=300, off=10)], policy=MALL)
    column = s.allocations[:, 0]
    assert sorted(column.tolist()) == [333, 333, 334]
    assert int(column.sum()) == 1000
    assert column.tolist() == allocate(Money(10, "CNY"), [10000, 10000, 10000]).minor.tolist()


def test_allocation_skips_ineligible_lines_and_never_loses_the_remainder() -> None:
    # the last line is not eligible: the whole 10.00 lands on the eligible lines
    cart = Cart(["a", "b", "z"], [100, 100, 100], [1, 1, 1], categories=["x", "x", "y"])
    promo = ThresholdDiscount(id="满200减10", threshold=200, off=10, categories=("x",))
    s = settle_cart(cart, [promo], policy=MALL)
    assert s.allocations[:, 0].tolist() == [500, 500, 0]


@pytest.mark.parametrize(("stacking", "payable"), [("compound", "85.50"), ("add", "85.00")])
def test_five_and_ten_percent_compound_or_add(stacking: str, payable: str) -> None:
    # 5% and 10% off 100: 100 x 0.95 x 0.90 = 85.50 compounding, 100 - 5 - 10 = 85.00 adding
    policy = StackingPolicy(percent_stacking=stacking)  # type: ignore[arg-type]
    promos = [PercentOff(id="5%", rate=0.05), PercentOff(id="10%", rate=0.10)]
    s = settle_cart(_cart([100]), promos, policy=policy)
    assert s.payable == Money(payable, "CNY")


def test_thresholds_are_inclusive() -> None:
    s = settle_cart(_cart([300]), [Coupon(id="满300减50", amount=50, threshold=300)], policy=MALL)
    assert s.payable == Money(250, "CNY")
    s = settle_cart(_cart(["299.99"]), [Coupon(id="满300减50", amount=50, threshold=300)],
                    policy=MALL)  # fmt: skip
    assert s.payable == Money("299.99", "CNY")


def test_every_with_cap() -> None:
    # 每满100减10, 最多减30: 450 gives 4 x 10 = 40, capped at 30
    promo = ThresholdDiscount(id="每满100减10", threshold=100, off=10, repeat="every", cap=30)
    assert settle_cart(_cart([450]), [promo], policy=MALL).total_discount == Money(30, "CNY")


def test_tiered_threshold_takes_the_highest_tier_reached() -> None:
    promo = ThresholdDiscount(id="满减", repeat="tiered", tiers=[(200, 20), (300, 40), (500, 80)])
    discounts = [
        settle_cart(_cart([amount]), [promo], policy=MALL).total_discount.amount
        for amount in (199, 200, 350, 800)
    ]
    assert [int(d) for d in discounts] == [0, 20, 40, 80]


def test_threshold_percent_off() -> None:
    promo = ThresholdPercentOff(id="满300打9折", threshold=300, rate="9折")
    assert settle_cart(_cart([300]), [promo], policy=MALL).payable == Money(270, "CNY")
    assert settle_cart(_cart([299]), [promo], policy=MALL).payable == Money(299, "CNY")


def test_percent_coupon_with_cap() -> None:
    coupon = Coupon(id="9折券", rate="9折", cap=50)
    assert settle_cart(_cart([1000]), [coupon], policy=MALL).total_discount == Money(50, "CNY")


def test_amount_off_per_unit_never_below_zero() -> None:
    promo = AmountOff(id="每件减5", amount=5, per_unit=True)
    s = settle_cart(Cart(["a", "b"], [3, 20], [2, 1]), [promo], policy=MALL)
    assert s.line_payables.minor.tolist() == [0, 1500]


def test_payable_floors_at_zero() -> None:
    promos = [AmountOff(id="a", amount=80), AmountOff(id="b", amount=80, level="shop")]
    s = settle_cart(_cart([100]), promos, policy=MALL)
    assert s.payable == Money(0, "CNY")
    assert s.total_discount == Money(100, "CNY")


# --------------------------------------------------------------------------- 折


@pytest.mark.parametrize(
    ("text", "paid"),
    [("8.5折", "0.85"), ("85折", "0.85"), ("7折", "0.7"), ("9.5折", "0.95"), ("95折", "0.95"),
     ("八五折", "0.85"), ("半价", "0.5"), ("打8折", "0.8")],
)  # fmt: skip
def test_zhe_parsing(text: str, paid: str) -> None:
    # 折 = tenths of the price paid (《现代汉语词典》 "折"): 8.5折 = 85折 = pay 85 %
    assert str(Zhe(text).paid_fraction) == paid


@pytest.mark.parametrize("text", ["10折", "85", "折", "x折", "100折", "8.5", "0折"])
def test_unparseable_zhe_is_refused(text: str) -> None:
    with pytest.raises(InvalidInputError, match="value"):
        Zhe(text)


def test_zhe_as_a_rate() -> None:
    assert PercentOff(id="p", rate="8.5折") == PercentOff(id="p", rate="0.15")
    assert PercentOff(id="p", rate=Zhe("7折")).rate == PercentOff(id="p", rate=0.3).rate


# --------------------------------------------------------------------------- bad input


def test_negative_price_or_quantity_is_refused_by_name() -> None:
    with pytest.raises(InvalidInputError, match=r"unit_prices\[1\]"):
        Cart(["a", "b"], [10, -1], [1, 1])
    with pytest.raises(InvalidInputError, match=r"quantities\[0\]"):
        Cart(["a"], [10], [-2])


@pytest.mark.parametrize(
    "make",
    [
        lambda: ThresholdDiscount(id="t", threshold=100, off=100),
        lambda: ThresholdDiscount(id="t", threshold=100, off=10, repeat="every", cap=5),
        lambda: ThresholdDiscount(id="t", threshold=100, off=10, cap=50),
        lambda: ThresholdDiscount(id="t", repeat="tiered", tiers=[(300, 40), (200, 20)]),
        lambda: PercentOff(id="p", rate=1.0),
        lambda: PercentOff(id="p", rate=0),
        lambda: PercentOff(id="p", rate="10折"),
        lambda: Coupon(id="c", amount=20, rate=0.1),
        lambda: Coupon(id="c", amount=200, threshold=200),
        lambda: AmountOff(id="a", amount="0.001"),
        lambda: BuyXGetY(id="b", buy=0, get=1),
        lambda: QuantityDiscount(id="q", tiers=[(3, 0.1), (2, 0.2)]),
        lambda: BundlePrice(id="b", components={}, price=10),
    ],
)
def test_bad_promotions_are_refused(make: object) -> None:
    with pytest.raises(BAD):
        make()  # type: ignore[operator]


def test_promotion_in_another_currency_is_refused() -> None:
    coupon = Coupon(id="usd", amount=Money(5, "USD"), threshold=Money(50, "USD"))
    with pytest.raises(InvalidInputError, match=r"promotions\[0\]\.currency"):
        settle_cart(_cart([100]), [coupon], policy=MALL)


def test_duplicate_ids_and_wrong_types_are_refused() -> None:
    promos = [PercentOff(id="x", rate=0.1), PercentOff(id="x", rate=0.2)]
    with pytest.raises(InvalidInputError, match="unique"):
        settle_cart(_cart([100]), promos, policy=MALL)
    with pytest.raises(EcomopsError, match="cart"):
        settle_cart([100], promos, policy=MALL)  # type: ignore[arg-type]
    with pytest.raises(EcomopsError, match="policy"):
        settle_cart(_cart([100]), promos, policy="parallel")  # type: ignore[arg-type]


def test_parallel_discounts_are_capped_at_what_is_left_hishop_2020() -> None:
    # Taobao's 平行满减 as described by HiShop (2020-09-25): a 400.00 item with a shop coupon
    # 满400减380 and a cross-shop 满400减50: both thresholds judged on 400.00; the cross-shop
    # discount is capped at the 20.00 left, so the order pays 0.00
    cart = Cart(["item"], [400], [1])
    promos = [
        Coupon(id="店铺券400-380", amount=380, threshold=400, level="shop"),
        ThresholdDiscount(id="跨店400-50", threshold=400, off=50, level="cross_shop"),
    ]
    parallel = settle_cart(cart, promos, policy=CHINA)
    assert parallel.payable == Money(0, "CNY")
    assert parallel.discounts.minor.tolist() == [38000, 2000]
    # a sequential mall judges the cross-shop threshold on the 20.00 left: skipped
    assert settle_cart(cart, promos, policy=MALL).payable == Money(20, "CNY")


def test_cart_reads_money_prices_in_its_currency_only() -> None:
    cart = Cart(["a"], [Money("19.90", "CNY")], [2], shipping_fee=Money(8, "CNY"))
    assert cart.subtotal == Money("39.80", "CNY")
    assert cart.shipping_fee == Money(8, "CNY")
    with pytest.raises(InvalidInputError, match=r"unit_prices\[0\]"):
        Cart(["a"], [Money("19.90", "USD")], [2])


def test_per_unit_amount_off_cannot_discount_shipping() -> None:
    with pytest.raises(BAD, match="per_unit"):
        AmountOff(id="a", amount=5, per_unit=True, level="shipping")


def test_cart_views_are_in_the_callers_order() -> None:
    cart = Cart.from_lines([("z", 1, 1, "c1", "s1"), ("a", 2, 3, "c2", "s2")])
    assert cart.skus == ("z", "a")
    assert cart.quantities.tolist() == [1, 3]
    assert cart.categories == ("c1", "c2")
    assert cart.shops == ("s1", "s2")
    assert cart.line_subtotals.minor.tolist() == [100, 600]
    assert len(cart) == 2
    assert cart == Cart(["a", "z"], [2, 1], [3, 1], categories=["c2", "c1"], shops=["s2", "s1"])
    with pytest.raises(AttributeError):
        cart.currency = "USD"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("rounding_point", "discounts"),
    [
        # 10 % of 3 x 1.05 = 0.315, rounded once (half up) to 0.32, split 11 + 11 + 10 fen
        ("promotion", [11, 11, 10]),
        # each line's 0.105 rounded (half up) to 0.11: 0.33 in total
        ("line", [11, 11, 11]),
    ],
)
def test_rounding_point(rounding_point: str, discounts: list[int]) -> None:
    policy = StackingPolicy(rounding_point=rounding_point)  # type: ignore[arg-type]
    s = settle_cart(_cart(["1.05", "1.05", "1.05"]), [PercentOff(id="9折", rate="9折")],
                    policy=policy)  # fmt: skip
    assert s.allocations[:, 0].tolist() == discounts
