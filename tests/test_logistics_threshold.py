"""Tests of ecomops.logistics.free_shipping_threshold and its top-up models."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops.exceptions import InvalidInputError
from ecomops.logistics import (
    ExponentialTopUp,
    ThresholdAnalysis,
    TopUpModel,
    free_shipping_threshold,
)


class StepTopUp:
    """Everyone within ``reach`` of the threshold tops up exactly to it; nobody else."""

    def __init__(self, reach: float) -> None:
        self.reach = reach

    def probability(self, gap: np.ndarray, basket: np.ndarray) -> np.ndarray:
        return np.where(gap <= self.reach, 1.0, 0.0)

    def added_value(self, gap: np.ndarray, basket: np.ndarray) -> np.ndarray:
        return np.asarray(gap, dtype=float)


class BadModel:
    def __init__(self, p: float, extra: float) -> None:
        self.p, self.extra = p, extra

    def probability(self, gap: np.ndarray, basket: np.ndarray) -> np.ndarray:
        return np.full(np.shape(gap), self.p)

    def added_value(self, gap: np.ndarray, basket: np.ndarray) -> np.ndarray:
        return np.asarray(gap) + self.extra


class TestReference:
    def test_hand_computed(self) -> None:
        # baskets ¥50, ¥80, ¥120; margin 40%; shipping costs ¥8; fee ¥10.
        # p(g) = 0.6 exp(-g / 25); a topping-up shopper adds 1.1 g.
        a = free_shipping_threshold(
            [50.0, 80.0, 120.0], [59.0, 99.0], margin_rate=0.4, shipping_cost=8.0,
            shipping_fee=10.0, top_up=ExponentialTopUp(max_probability=0.6, scale=25.0),
        )  # fmt: skip
        assert isinstance(a, ThresholdAnalysis)
        assert a.baseline_margin == pytest.approx(22 + 34 + 50)
        p9 = 0.6 * math.exp(-9 / 25)
        t59 = p9 * (0.4 * 59.9 - 8) + (1 - p9) * 22 + (0.4 * 80 - 8) + (0.4 * 120 - 8)
        p49, p19 = 0.6 * math.exp(-49 / 25), 0.6 * math.exp(-19 / 25)
        t99 = (
            p49 * (0.4 * 103.9 - 8) + (1 - p49) * 22
            + p19 * (0.4 * 100.9 - 8) + (1 - p19) * 34 + 40
        )  # fmt: skip
        np.testing.assert_allclose(a.expected_margin, [t59, t99])
        np.testing.assert_allclose(a.margin_uplift, [t59 - 106, t99 - 106])
        assert a.best_threshold == 99.0
        np.testing.assert_allclose(a.top_up_rate, [p9, (p49 + p19) / 2])
        np.testing.assert_allclose(a.expected_orders, [3.0, 3.0])
        np.testing.assert_allclose(a.free_shipping_share, [(p9 + 2) / 3, (p49 + p19 + 1) / 3])
        aov99 = (p49 * 103.9 + (1 - p49) * 50 + p19 * 100.9 + (1 - p19) * 80 + 120) / 3
        assert a.average_order_value[1] == pytest.approx(aov99)

    def test_pluggable_step_model_and_abandonment(self) -> None:
        # everyone within ¥20 tops up exactly to the threshold; 10% abandon a fee
        a = free_shipping_threshold(
            [50.0, 85.0, 120.0], [99.0], margin_rate=0.5, shipping_cost=6.0, shipping_fee=8.0,
            top_up=StepTopUp(20.0), abandon_rate=0.1,
        )  # fmt: skip
        assert isinstance(StepTopUp(1.0), TopUpModel)
        # 50: pays the fee (0.9 x (25 + 8 - 6)); 85 -> 99: 49.5 - 6; 120: 60 - 6
        expected = 0.9 * 27 + 43.5 + 54
        assert a.expected_margin[0] == pytest.approx(expected)
        assert a.baseline_margin == pytest.approx(0.9 * (27 + 44.5 + 62))
        assert a.expected_orders[0] == pytest.approx(2.9)
        assert a.top_up_rate[0] == pytest.approx(0.5)

    def test_limits(self) -> None:
        baskets = np.array([20.0, 60.0, 150.0])
        nobody = ExponentialTopUp(max_probability=0.0)
        a = free_shipping_threshold(baskets, [1.0, 1000.0], margin_rate=0.3, shipping_cost=7.0,
                                    shipping_fee=7.0, top_up=nobody)  # fmt: skip
        # below every basket: all ship free, the shop loses the fees
        assert a.expected_margin[0] == pytest.approx(float((0.3 * baskets - 7).sum()))
        # above every basket and nobody tops up: the baseline
        assert a.margin_uplift[1] == pytest.approx(0.0)
        assert a.free_shipping_share[1] == 0.0


class TestProperties:
    @given(
        st.lists(st.floats(5, 500), min_size=1, max_size=30),
        st.floats(10, 300),
        st.floats(10, 300),
    )
    def test_without_top_up_a_lower_threshold_never_helps(
        self, baskets: list[float], t1: float, t2: float
    ) -> None:
        lo, hi = sorted((t1, t2))
        a = free_shipping_threshold(baskets, [lo, hi], margin_rate=0.3, shipping_cost=6.0,
                                    shipping_fee=6.0, top_up=ExponentialTopUp(max_probability=0))  # fmt: skip
        assert a.expected_margin[0] <= a.expected_margin[1] + 1e-9

    @given(st.lists(st.floats(5, 500), min_size=1, max_size=20), st.floats(10, 300))
    def test_monte_carlo_agrees(self, baskets: list[float], threshold: float) -> None:
        model = ExponentialTopUp(max_probability=0.7, scale=40.0, overshoot=0.2)
        a = free_shipping_threshold(baskets, [threshold], margin_rate=0.35, shipping_cost=9.0,
                                    shipping_fee=5.0, top_up=model)  # fmt: skip
        rng = np.random.default_rng(0)
        b = np.array(baskets)
        gap = np.maximum(threshold - b, 0)
        p = np.where(gap > 0, model.probability(gap, b), 0.0)
        draws = rng.random((20_000, b.size)) < p
        margin = np.where(
            gap > 0,
            np.where(draws, 0.35 * (b + 1.2 * gap) - 9, 0.35 * b + 5 - 9),
            0.35 * b - 9,
        ).sum(axis=1)
        sd = margin.std() / math.sqrt(margin.size)
        assert abs(margin.mean() - a.expected_margin[0]) <= 5 * sd + 1e-9


class TestErrors:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"basket_values": [10.0, -1.0]}, "basket_values must be > 0; 1 value is not, first at index 1"),
            ({"thresholds": [0.0]}, "thresholds must be > 0"),
            ({"margin_rate": 1.5}, "margin_rate must be in \\[0, 1\\]"),
            ({"shipping_cost": [1.0, -2.0]}, "shipping_cost must be >= 0"),
            ({"shipping_fee": -1.0}, "shipping_fee must be finite and >= 0"),
            ({"abandon_rate": 2.0}, "abandon_rate must be in \\[0, 1\\]"),
            ({"top_up": BadModel(1.5, 0.0)}, "top_up probability must be in \\[0, 1\\]"),
            ({"top_up": BadModel(0.5, -1.0)}, "top_up added value must be >= the gap"),
            ({"top_up": object()}, "top_up must have probability"),
            ({"basket_values": []}, "must not be empty"),
        ],
    )  # fmt: skip
    def test_bad_input(self, kwargs: dict[str, Any], message: str) -> None:
        args: dict[str, Any] = {
            "basket_values": [10.0, 50.0], "thresholds": [49.0], "margin_rate": 0.3,
            "shipping_cost": 5.0, "shipping_fee": 6.0,
        }  # fmt: skip
        args.update(kwargs)
        with pytest.raises(InvalidInputError, match=message):
            free_shipping_threshold(**args)

    def test_model_validation(self) -> None:
        with pytest.raises(ValueError, match="less than or equal to 1"):
            ExponentialTopUp(max_probability=1.5)
