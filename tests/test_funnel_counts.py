"""Tests of aggregate funnels (funnel_from_counts, step_conversion) and compare_funnels."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops._core.proportions import holm_adjust
from ecomops.exceptions import InvalidInputError
from ecomops.funnel import (
    FunnelResult,
    FunnelSpec,
    compare_funnels,
    compute_funnel,
    funnel_from_counts,
    step_conversion,
    two_proportions_ztest,
)

STEPS = ["visitors", "product_view", "add_to_cart", "checkout", "paid"]
COUNTS = [10_000, 6_000, 1_200, 600, 300]


class TestStepConversion:
    def test_values(self) -> None:
        # worked by hand: 6000/10000, 1200/6000, 600/1200, 300/600
        np.testing.assert_allclose(step_conversion(COUNTS), [0.6, 0.2, 0.5, 0.5])
        np.testing.assert_allclose(
            step_conversion([[100, 50, 0], [10, 10, 5]]), [[0.5, 0.0], [1.0, 0.5]]
        )
        out = step_conversion([5, 0, 0])
        assert out[0] == 0.0
        assert np.isnan(out[1])

    @given(st.lists(st.integers(0, 10**6), min_size=2, max_size=8))
    def test_product_is_overall_conversion(self, raw: list[int]) -> None:
        counts = sorted(raw, reverse=True)
        rates = step_conversion(counts)
        if counts[-1] > 0:
            assert np.prod(rates) == pytest.approx(counts[-1] / counts[0], rel=1e-12)
        assert np.all((rates[~np.isnan(rates)] >= 0) & (rates[~np.isnan(rates)] <= 1))

    @pytest.mark.parametrize(
        ("counts", "message"),
        [
            ([100, 120, 50], "counts must not increase down the funnel; 1 value is not, first at index 1: 120"),
            ([100], "at least two steps"),
            ([100, -1], "counts must be >= 0"),
            ([100, 50.5], "counts must be a whole number"),
            ([[[1, 1]]], "1- or 2-dimensional"),
            ([[100, 50], [10, 20]], "not increase down the funnel; 1 value is not, first at index \\(1, 1\\)"),
        ],
    )  # fmt: skip
    def test_errors(self, counts: object, message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            step_conversion(counts)  # type: ignore[arg-type]


class TestFunnelFromCounts:
    def test_dashboard_funnel(self) -> None:
        f = funnel_from_counts(STEPS, COUNTS, average_order_value=150.0)
        np.testing.assert_allclose(f.step_conversion, [0.6, 0.2, 0.5, 0.5])
        np.testing.assert_array_equal(f.n_lost, [4000, 4800, 600, 300])
        np.testing.assert_allclose(f.loss_rate, [0.4, 0.8, 0.5, 0.5])
        assert f.overall_conversion == pytest.approx(0.03)
        # the largest absolute loss (4800) and loss rate (80%) are both view -> cart
        assert f.transitions[f.bottleneck_absolute] == "product_view → add_to_cart"
        assert f.bottleneck_relative == 1
        # GMV = visitors x conversion x AOV = 10000 x 0.03 x 150 = paid x AOV
        assert f.gmv == pytest.approx(45_000.0)
        assert f.gmv == pytest.approx(300 * 150.0)
        text = repr(f)
        assert "bottleneck product_view → add_to_cart" in text
        assert "GMV 45,000.00" in text

    def test_absolute_and_relative_bottlenecks_differ(self) -> None:
        # losses 5000 (50%), 4000 (80%): absolute -> transition 0, relative -> 1
        f = funnel_from_counts(["a", "b", "c"], [10_000, 5_000, 1_000])
        assert (f.bottleneck_absolute, f.bottleneck_relative) == (0, 1)

    def test_benchmark(self) -> None:
        # ours 0.6, 0.2, 0.5, 0.5 against 0.6, 0.18, 0.7, 0.5: the gap is largest at
        # cart -> checkout; opportunity = 300 x (0.7 / 0.5 - 1) = 120 more orders;
        # view -> cart beats its benchmark (300 x (0.18 / 0.2 - 1) = -30)
        f = funnel_from_counts(STEPS, COUNTS, benchmark=[0.6, 0.18, 0.7, 0.5])
        np.testing.assert_allclose(f.benchmark_gap, [0.0, 0.02, -0.2, 0.0], atol=1e-15)
        np.testing.assert_allclose(f.opportunity, [0.0, -30.0, 120.0, 0.0], atol=1e-9)
        assert f.transitions[f.bottleneck_absolute] == "add_to_cart → checkout"
        assert f.transitions[f.bottleneck_relative] == "add_to_cart → checkout"
        # the relative shortfall can pick a small step: 0.05 against 0.1 is half
        g = funnel_from_counts(["a", "b", "c"], [1000, 100, 5], benchmark=[0.15, 0.1])
        assert g.bottleneck_relative == 1  # 0.05 / 0.1 = 0.5 < 0.1 / 0.15 = 0.67
        assert g.bottleneck_absolute == 1  # 5 x (2 - 1) = 5 > 5 x (1.5 - 1) = 2.5

    def test_many_funnels(self) -> None:
        f = funnel_from_counts(
            ["v", "c", "p"], [[1000, 100, 50], [1000, 600, 20]], average_order_value=[100.0, 80.0]
        )
        # losses (900, 50) and (400, 580); loss rates (0.9, 0.5) and (0.4, 0.967)
        np.testing.assert_array_equal(f.bottleneck_absolute, [0, 1])
        np.testing.assert_array_equal(f.bottleneck_relative, [0, 1])
        np.testing.assert_allclose(f.overall_conversion, [0.05, 0.02])
        np.testing.assert_allclose(f.gmv, [5000.0, 1600.0])
        assert "2 funnels of 3 steps" in repr(f)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"step_names": ["a", "a", "b", "c", "d"]}, "step_names must be unique"),
            ({"step_names": ["a", "b"]}, "counts must have one entry per step \\(2\\); got 5"),
            ({"step_names": ["a", "", "c", "d", "e"]}, "non-empty strings"),
            ({"counts": [10_000, 6_000, 7_000, 600, 300]}, "not increase down the funnel"),
            ({"benchmark": [0.5, 0.2]}, "one rate per transition \\(4\\)"),
            ({"benchmark": [0.5, 0.2, 1.2, 0.1]}, "benchmark must be <= 1"),
            ({"average_order_value": -5.0}, "average_order_value must be >= 0"),
            ({"average_order_value": [1.0, 2.0]}, "must be a scalar for a single funnel"),
        ],
    )
    def test_errors(self, kwargs: dict[str, object], message: str) -> None:
        args: dict[str, object] = {"step_names": STEPS, "counts": COUNTS}
        args.update(kwargs)
        with pytest.raises(InvalidInputError, match=message):
            funnel_from_counts(**args)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- compare


def funnel_with(furthest: list[int], spec: FunnelSpec, as_of_open: int = 0) -> FunnelResult:
    """A log where unit i reaches step furthest[i] (-1: an other event only)."""
    t0 = np.datetime64("2025-11-03T00:00", "s")
    units, times, events = [], [], []
    for u, f in enumerate(furthest):
        if f < 0:
            units.append(u)
            times.append(t0)
            events.append("other")
        for j in range(f + 1):
            units.append(u)
            times.append(t0 + np.timedelta64(j, "m"))
            events.append(spec.steps[j][0])
    return compute_funnel(np.array(units), np.array(times), np.array(events), spec)


SPEC = FunnelSpec(["view", "cart", "pay"], window=dt.timedelta(days=1))


class TestCompareFunnels:
    def test_step_by_step(self) -> None:
        # week a: 1000 exposed, 800 view, 200 cart, 60 pay; week b: 1000, 820, 240, 90
        a = funnel_with([-1] * 200 + [0] * 600 + [1] * 140 + [2] * 60, SPEC)
        b = funnel_with([-1] * 180 + [0] * 580 + [1] * 150 + [2] * 90, SPEC)
        assert a.step_counts.tolist() == [800, 200, 60]
        assert b.step_counts.tolist() == [820, 240, 90]
        cmp = compare_funnels(a, b)
        assert cmp.step_name.tolist() == ["cart", "pay"]
        np.testing.assert_array_equal(cmp.nobs_a, [800, 200])
        np.testing.assert_array_equal(cmp.nobs_b, [820, 240])
        ref = two_proportions_ztest([200, 60], [800, 200], [240, 90], [820, 240])
        np.testing.assert_allclose(cmp.statistic, ref.statistic)
        np.testing.assert_allclose(cmp.difference_low, ref.difference_low)
        np.testing.assert_allclose(cmp.relative_lift, ref.relative_lift)
        np.testing.assert_allclose(cmp.pvalue_holm, holm_adjust(ref.pvalue))
        # statsmodels 0.15.0 proportions_ztest([240, 200], [820, 800]) ->
        # (1.9310622635403312, 0.053475353004025235)
        assert cmp.statistic[0] == pytest.approx(1.9310622635403312, rel=1e-12)
        assert cmp.pvalue[0] == pytest.approx(0.053475353004025235, rel=1e-10)
        exposed = compare_funnels(a, b, denominator="exposed")
        assert exposed.step_name.tolist() == ["view", "cart", "pay"]
        np.testing.assert_array_equal(exposed.nobs_a, [1000, 1000, 1000])
        first = compare_funnels(a, b, denominator="first", method="score", alternative="greater")
        np.testing.assert_array_equal(first.nobs_b, [820, 820])
        assert first.method == "score"
        assert first.alternative == "greater"
        pd = pytest.importorskip("pandas")
        assert isinstance(cmp.to_pandas(), pd.DataFrame)

    def test_zero_denominators_are_nan(self) -> None:
        a = funnel_with([0, 0, -1], SPEC)  # nobody reaches cart: pay has denominator 0
        b = funnel_with([0, 1, 2], SPEC)
        cmp = compare_funnels(a, b)
        assert np.isnan(cmp.statistic[1])
        assert np.isnan(cmp.pvalue_holm[1])
        assert cmp.pvalue_holm[0] == cmp.pvalue[0]  # a family of one test
        empty = compare_funnels(funnel_with([-1], SPEC), funnel_with([-1], SPEC))
        assert np.isnan(empty.statistic).all()

    def test_errors(self) -> None:
        a = funnel_with([0, 1], SPEC)
        other = funnel_with([0, 1], FunnelSpec(["view", "cart", "pay"], window=dt.timedelta(hours=1)))  # fmt: skip
        with pytest.raises(InvalidInputError, match="same FunnelSpec"):
            compare_funnels(a, other)
        with pytest.raises(InvalidInputError, match="denominator must be one of"):
            compare_funnels(a, a, denominator="last")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="result_b must be a FunnelResult"):
            compare_funnels(a, "b")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="method must be one of"):
            compare_funnels(funnel_with([-1], SPEC), funnel_with([-1], SPEC), method="x")  # type: ignore[arg-type]
