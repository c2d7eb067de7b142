"""Vectorised promotion kernels: reference values, exactness and bad input."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops._promotions.bulk import percent_discount, threshold_discount, tiered_discount
from ecomops.exceptions import CurrencyMismatchError, InvalidInputError
from ecomops.money import Money, MoneyArray


def cny(*amounts: object) -> MoneyArray:
    return MoneyArray.from_amounts([str(a) for a in amounts], "CNY")


# ----------------------------------------------------------------- reference values


def test_every_200_off_30_capped_at_60() -> None:
    # 每满200减30, 最多减60: the worked example of the promotion brief (hand-computed:
    # 199 reaches no step, 200 and 399 one, 400 and 599 two, 1000 five steps capped)
    s = cny(199, 200, 399, 400, 599, 1000)
    got = threshold_discount(s, threshold=200, off=30, repeat="every", cap=60)
    assert got.minor.tolist() == [0, 3000, 3000, 6000, 6000, 6000]
    uncapped = threshold_discount(s, threshold=200, off=30, repeat="every")
    assert uncapped.minor.tolist() == [0, 3000, 3000, 6000, 6000, 15000]


def test_once_is_inclusive_at_the_threshold() -> None:
    # 满300减50: 299.99 does not qualify, 300.00 does (thresholds are >=)
    got = threshold_discount(cny("299.99", "300.00", "0"), threshold=300, off=50)
    assert got.minor.tolist() == [0, 5000, 0]


def test_299_with_every_200_off_30_pays_269() -> None:
    # the 299 example of the promotion issue: 每满200减30 alone takes 30 off 299
    s = cny(299)
    assert (s - threshold_discount(s, threshold=200, off=30, repeat="every")).minor[0] == 26900


def test_volume_and_graduated_tiers() -> None:
    # 满200减20 / 满300减40 / 满500减80 (Tmall-style 阶梯满减): volume takes the highest
    # tier reached; graduated adds every tier reached (Stripe's graduated flat fees)
    s = cny(199, 200, 299, 300, 350, 500, 10_000)
    tiers = [(200, 20), (300, 40), (500, 80)]
    assert tiered_discount(s, tiers=tiers).minor.tolist() == [
        0, 2000, 2000, 4000, 4000, 8000, 8000,
    ]  # fmt: skip
    assert tiered_discount(s, tiers=tiers, tiers_mode="graduated").minor.tolist() == [
        0, 2000, 2000, 6000, 6000, 14000, 14000,
    ]  # fmt: skip
    capped = tiered_discount(s, tiers=tiers, tiers_mode="graduated", cap=100)
    assert capped.minor.tolist()[-2:] == [10000, 10000]


def test_percent_rounds_the_discount_once() -> None:
    # 8.5折 on 100.10: 15.015 -> 15.02 half up, 15.01 down, 15.02 half even (odd 1 -> even 2)
    s = cny("100.10")
    assert percent_discount(s, rate=0.15).minor[0] == 1502
    assert percent_discount(s, rate=0.15, rounding="down").minor[0] == 1501
    assert percent_discount(s, rate=0.15, rounding="half_even").minor[0] == 1502
    # 0.125 off 0.10 = 0.0125 -> 0.01 (half_up of 1.25 fen)
    assert percent_discount(cny("0.10"), rate="0.125").minor[0] == 1


def test_money_thresholds_and_other_currencies() -> None:
    jpy = MoneyArray.from_amounts([4999, 5000], "JPY")
    got = threshold_discount(jpy, threshold=Money("5000", "JPY"), off=Money("500", "JPY"))
    assert got == MoneyArray([0, 500], "JPY")
    with pytest.raises(CurrencyMismatchError, match="threshold"):
        threshold_discount(jpy, threshold=Money("50.00", "CNY"), off=500)


def test_empty_column_gives_empty_answer() -> None:
    empty = MoneyArray([], "CNY")
    assert threshold_discount(empty, threshold=200, off=30).size == 0
    assert tiered_discount(empty, tiers=[(200, 20)]).size == 0
    assert percent_discount(empty, rate=0.1).size == 0


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": 200, "off": 200}, "off must be < threshold"),
        ({"threshold": 200, "off": 0}, "off must be > 0"),
        ({"threshold": 0, "off": 10}, "threshold must be > 0"),
        ({"threshold": -5, "off": 10}, "threshold must be > 0"),
        ({"threshold": 200, "off": 30, "repeat": "every", "cap": 20}, "cap must be >="),
        ({"threshold": "199.999", "off": 30}, "whole number of CNY minor units"),
        ({"threshold": float("nan"), "off": 30}, "threshold must be finite"),
        ({"threshold": [200], "off": 30}, "threshold must be one amount"),
        ({"threshold": 200, "off": 30, "repeat": "each"}, "repeat must be one of"),
        ({"threshold": 200, "off": 30, "repeat": "tiered"}, "tiered_discount"),
    ],
)
def test_threshold_discount_refuses(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        threshold_discount(cny(100), **kwargs)  # type: ignore[arg-type]


def test_subtotals_must_be_non_negative_money() -> None:
    with pytest.raises(InvalidInputError, match="subtotals must be a MoneyArray"):
        threshold_discount([100.0], threshold=200, off=30)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"subtotals must be >= 0.*index 1"):
        threshold_discount(cny(1, -1), threshold=200, off=30)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tiers": []}, "1 to 1000 tiers"),
        ({"tiers": "200:20"}, "sequence of"),
        ({"tiers": [(200, 20, 1)]}, r"tiers\[0\] must be a"),
        ({"tiers": [(300, 20), (200, 40)]}, "increase"),
        ({"tiers": [(200, 40), (300, 20)]}, "not decrease"),
        ({"tiers": [(200, 200)]}, "below their threshold"),
        ({"tiers": [(200, 150), (300, 160)], "tiers_mode": "graduated"}, "below their threshold"),
        ({"tiers": [(200, 20)], "cap": 10}, "cap must be >="),
        ({"tiers": [(200, 20)], "tiers_mode": "stacked"}, "tiers_mode must be one of"),
    ],
)
def test_tiered_discount_refuses(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        tiered_discount(cny(100), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("rate", [0, 1, 1.5, -0.1, 15, "x", None, [0.1]])
def test_percent_rate_in_open_unit_interval(rate: object) -> None:
    with pytest.raises(InvalidInputError, match="rate"):
        percent_discount(cny(100), rate=rate)


# ----------------------------------------------------------------- properties

MINOR = st.lists(st.integers(0, 10**12), max_size=30)


def _steps_reference(s: int, x: int, y: int, repeat: str, cap: int | None) -> int:
    d = y * (1 if s >= x else 0) if repeat == "once" else y * (s // x)
    return d if cap is None else min(d, cap)


@given(
    MINOR,
    st.integers(1, 10**7),
    st.integers(1, 10**7),
    st.sampled_from(["once", "every"]),
    st.one_of(st.none(), st.integers(0, 10**8)),
)
def test_threshold_equals_scalar_rule(
    minor: list[int], x: int, y: int, repeat: str, cap_extra: int | None
) -> None:
    x, y = max(x, y + 1), min(y, max(x, y + 1) - 1)
    cap = None if cap_extra is None else y + cap_extra
    s = MoneyArray(minor, "CNY")
    got = threshold_discount(
        s,
        threshold=Money.from_minor(x, "CNY"),
        off=Money.from_minor(y, "CNY"),
        repeat=repeat,  # type: ignore[arg-type]
        cap=None if cap is None else Money.from_minor(cap, "CNY"),
    )
    assert got.minor.tolist() == [_steps_reference(v, x, y, repeat, cap) for v in minor]
    assert np.all(got.minor <= s.minor)
    assert np.all(got.minor >= 0)


@given(MINOR, st.lists(st.tuples(st.integers(1, 10**6), st.integers(1, 10**4)), min_size=1))
def test_tiers_equal_scalar_rule(minor: list[int], raw: list[tuple[int, int]]) -> None:
    thresholds = np.cumsum([t for t, _ in raw]) + 10**4  # increasing, above every off
    offs = np.maximum.accumulate([o for _, o in raw])
    tiers = [(Money.from_minor(int(t), "CNY"), Money.from_minor(int(o), "CNY")) for t, o in zip(
        thresholds, offs, strict=True
    )]  # fmt: skip
    s = MoneyArray(minor, "CNY")
    volume = tiered_discount(s, tiers=tiers).minor.tolist()
    for v, d in zip(minor, volume, strict=True):
        reached = [int(o) for t, o in zip(thresholds, offs, strict=True) if v >= t]
        assert d == (reached[-1] if reached else 0)
        assert 0 <= d <= v
    # volume discounts never fall as the subtotal grows
    order = np.argsort(minor, kind="stable")
    assert np.all(np.diff(np.asarray(volume, dtype=np.int64)[order]) >= 0)


MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


@given(
    MINOR,
    st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.9999"), places=4),
    st.sampled_from(sorted(MODES)),
)
def test_percent_equals_decimal(minor: list[int], rate: Decimal, mode: str) -> None:
    s = MoneyArray(minor, "CNY")
    got = percent_discount(s, rate=rate, rounding=mode)  # type: ignore[arg-type]
    want = [int((Decimal(v) * rate).quantize(Decimal(1), rounding=MODES[mode])) for v in minor]
    assert got.minor.tolist() == want
    assert np.all(got.minor <= s.minor)


# ----------------------------------------------------------------- equal to settle_cart


@given(
    st.lists(st.lists(st.integers(0, 30_000), min_size=1, max_size=4), min_size=1, max_size=12),
    st.integers(2, 400),
    st.sampled_from(["once", "every"]),
    st.sampled_from(["0.05", "0.1", "0.15", "0.333"]),
)
def test_kernels_equal_settle_cart(
    orders: list[list[int]], threshold: int, repeat: str, rate: str
) -> None:
    from ecomops.promotions import (
        Cart,
        PercentOff,
        StackingPolicy,
        ThresholdDiscount,
        settle_cart,
    )

    policy = StackingPolicy.preset("sequential_mall")
    carts = [Cart.from_minor([f"s{i}" for i in range(len(o))], o, [1] * len(o)) for o in orders]
    subtotals = MoneyArray([sum(o) for o in orders], "CNY")
    off = max(1, threshold // 5)
    rules = {
        "threshold": (
            ThresholdDiscount(id="t", threshold=threshold, off=off, repeat=repeat),  # type: ignore[arg-type]
            threshold_discount(subtotals, threshold=threshold, off=off, repeat=repeat),  # type: ignore[arg-type]
        ),
        "tiered": (
            ThresholdDiscount(
                id="t", repeat="tiered", tiers=((threshold, off), (2 * threshold, 3 * off))
            ),
            tiered_discount(subtotals, tiers=[(threshold, off), (2 * threshold, 3 * off)]),
        ),
        "percent": (PercentOff(id="p", rate=rate), percent_discount(subtotals, rate=rate)),
    }
    for promotion, kernel in rules.values():
        settled = [settle_cart(c, [promotion], policy=policy).total_discount_minor for c in carts]
        assert kernel.minor.tolist() == settled
