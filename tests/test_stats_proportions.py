"""Tests of the shared statistics of proportions (ecomops._core.proportions).

Reference values are pinned as literals; each block names the exact anchor call
that produced them (statsmodels 0.15.0, scipy 1.17.1), so the tests need
neither library. Where an anchor differs from ecomops on purpose, a test shows
the difference and says why.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops import funnel
from ecomops._core.proportions import (
    ConfidenceInterval,
    holm_adjust,
    proportion_interval,
    proportions_chisquare,
    sample_ratio_mismatch,
    sample_size_proportions,
    two_proportions_ztest,
)
from ecomops._core.typing import INTERVAL_METHODS
from ecomops.exceptions import InvalidInputError

# ------------------------------------------------------------------ one proportion

# statsmodels 0.15.0:
#   statsmodels.stats.proportion.proportion_confint(count, nobs, alpha=1 - level, method=m)
# with m = "wilson", "agresti_coull", "jeffreys", "beta" (Clopper-Pearson), "normal".
INTERVALS = [
    # count, nobs, method, level, low, high
    (0, 20, "wilson", 0.95, 0.0, 0.16112515805281938),
    (0, 20, "wilson", 0.9, 0.0, 0.11915783736096455),
    (1, 20, "wilson", 0.95, 0.008881448800795402, 0.23613119344674205),
    (7, 20, "wilson", 0.95, 0.18119182410108206, 0.5671457233147638),
    (7, 20, "wilson", 0.9, 0.202260040056761, 0.5334873111515284),
    (19, 20, "wilson", 0.95, 0.763868806553258, 0.9911185511992047),
    (45, 1000, "wilson", 0.95, 0.03379951228563171, 0.059682837936223455),
    (3, 7, "wilson", 0.9, 0.186443190363956, 0.7105229089864071),
    (0, 20, "agresti_coull", 0.95, 0.0, 0.18980956054248885),
    (1, 20, "agresti_coull", 0.95, 0.0, 0.25411451392920276),
    (7, 20, "agresti_coull", 0.9, 0.20141263689081393, 0.5343347143174755),
    (19, 20, "agresti_coull", 0.95, 0.7458854860707973, 1.0),
    (45, 1000, "agresti_coull", 0.95, 0.03368335270816107, 0.059798997513694094),
    (1, 20, "jeffreys", 0.95, 0.0054490325814266025, 0.2108186362492652),
    (7, 20, "jeffreys", 0.95, 0.17227621363191203, 0.5677660938414961),
    (19, 20, "jeffreys", 0.9, 0.8204445799637781, 0.9911307906875414),
    (45, 1000, "jeffreys", 0.95, 0.03344034735254339, 0.059186840956654434),
    (3, 7, "jeffreys", 0.95, 0.13886421910489025, 0.7654987507479062),
    (0, 20, "clopper_pearson", 0.95, 0.0, 0.1684334709830853),
    (0, 20, "clopper_pearson", 0.9, 0.0, 0.13910834066826522),
    (1, 20, "clopper_pearson", 0.95, 0.0012650894979498047, 0.24873276277202777),
    (7, 20, "clopper_pearson", 0.95, 0.1539092047845412, 0.5921885345328282),
    (20, 20, "clopper_pearson", 0.95, 0.8315665290169147, 1.0),
    (45, 1000, "clopper_pearson", 0.9, 0.0347285917812413, 0.057326263253131136),
    (3, 7, "clopper_pearson", 0.95, 0.09898827844250789, 0.8159484323599169),
    (1, 20, "normal", 0.95, 0.0, 0.1455168294027212),
    (7, 20, "normal", 0.95, 0.14096269690460586, 0.5590373030953941),
    (19, 20, "normal", 0.9, 0.8698397498539543, 1.0),
    (45, 1000, "normal", 0.95, 0.03215139335105436, 0.05784860664894564),
]


class TestProportionInterval:
    @pytest.mark.parametrize(("count", "nobs", "method", "level", "low", "high"), INTERVALS)
    def test_statsmodels_reference(
        self, count: int, nobs: int, method: str, level: float, low: float, high: float
    ) -> None:
        got = proportion_interval(count, nobs, method=method, confidence_level=level)  # type: ignore[call-overload]
        assert isinstance(got[0], float)
        assert got == pytest.approx((low, high), rel=1e-12, abs=1e-15)

    @pytest.mark.parametrize(
        ("count", "nobs", "wilson", "exact"),
        # scipy 1.17.1: scipy.stats.binomtest(count, nobs).proportion_ci(0.95, method=...)
        # with method="wilson" and method="exact" (Clopper-Pearson)
        [
            (0, 20, (0.0, 0.16112515805281935), (0.0, 0.16843347098308548)),
            (7, 20, (0.1811918241010821, 0.5671457233147637), (0.1539092047845412, 0.5921885345328283)),
            (20, 20, (0.8388748419471808, 1.0), (0.8315665290169145, 1.0)),
            (45, 1000, (0.03379951228563171, 0.059682837936223455),
             (0.033009625431148736, 0.05975283269341042)),
        ],
    )  # fmt: skip
    def test_scipy_reference(
        self,
        count: int,
        nobs: int,
        wilson: tuple[float, float],
        exact: tuple[float, float],
    ) -> None:
        assert proportion_interval(count, nobs) == pytest.approx(wilson, rel=1e-12, abs=1e-15)
        got = proportion_interval(count, nobs, method="clopper_pearson")
        assert got == pytest.approx(exact, rel=1e-10, abs=1e-15)

    def test_jeffreys_boundaries_follow_brown_cai_dasgupta(self) -> None:
        # statsmodels 0.15.0 proportion_confint(0, 20, method="jeffreys") returns
        # (2.4246478459242774e-05, 0.11663898290487539) and at 20/20 an upper bound of
        # 0.9999757535215408: an interval that excludes the observed rate 0 (or 1).
        # Brown, Cai and DasGupta (2001, section 4.1.2) set the bound to 0 (1) there.
        low, high = proportion_interval(0, 20, method="jeffreys")
        assert low == 0.0
        assert high == pytest.approx(0.11663898290487539, rel=1e-12)
        low, high = proportion_interval(20, 20, method="jeffreys")
        assert high == 1.0
        assert low == pytest.approx(0.8833610170951246, rel=1e-12)

    def test_wilson_upper_bound_is_exactly_one_at_n(self) -> None:
        # statsmodels 0.15.0 proportion_confint(20, 20, method="wilson") gives an upper
        # bound of 0.9999999999999999 (rounding); the closed form is exactly 1.
        assert proportion_interval(20, 20)[1] == 1.0
        assert proportion_interval(0, 20)[0] == 0.0

    def test_vectorised_and_shapes(self) -> None:
        low, high = proportion_interval([[0, 7], [20, 45]], [[20, 20], [20, 1000]])
        assert low.shape == (2, 2)
        assert high[0, 1] == pytest.approx(0.5671457233147638, rel=1e-12)
        low, high = proportion_interval(np.array([3, 4]), 10)
        assert low.shape == (2,)
        low, high = proportion_interval([], [])
        assert low.shape == (0,)

    def test_one_return_type_for_every_shape(self) -> None:
        for got in (proportion_interval(7, 20), proportion_interval([7], [20])):
            assert isinstance(got, ConfidenceInterval)
        assert isinstance(proportion_interval(7, 20).low, float)
        assert isinstance(proportion_interval([7], [20]).low, np.ndarray)

    def test_nan_and_empty(self) -> None:
        low, high = proportion_interval([np.nan, 3, 0], [10, np.nan, 0])
        assert np.isnan(low).all()
        assert np.isnan(high).all()
        assert all(math.isnan(v) for v in proportion_interval(0, 0))

    def test_pandas_and_polars_columns(self) -> None:
        pd = pytest.importorskip("pandas")
        pl = pytest.importorskip("polars")
        expected = proportion_interval(np.array([7, 45]), np.array([20, 1000]))
        for col in (pd.Series([7, 45]), pl.Series([7, 45])):
            got = proportion_interval(col, [20, 1000])
            np.testing.assert_allclose(got, expected)

    @given(
        st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=1, max_size=12),
        st.sampled_from(INTERVAL_METHODS),
        st.floats(0.5, 0.999),
    )
    def test_vectorised_equals_scalar_loop_and_contains_estimate(
        self, pairs: list[tuple[int, int]], method: str, level: float
    ) -> None:
        counts = np.array([min(a, b) for a, b in pairs])
        nobs = np.array([max(a, b) for a, b in pairs])
        low, high = proportion_interval(counts, nobs, method=method, confidence_level=level)  # type: ignore[call-overload]
        for i in range(counts.size):
            one = proportion_interval(int(counts[i]), int(nobs[i]), method=method, confidence_level=level)  # type: ignore[call-overload]  # fmt: skip
            np.testing.assert_equal((low[i], high[i]), one)
            if nobs[i] == 0:
                assert math.isnan(one[0])
                continue
            p = counts[i] / nobs[i]
            assert 0.0 <= one[0] <= one[1] <= 1.0
            if method != "jeffreys":  # Jeffreys is equal-tailed Bayesian: may exclude p-hat
                assert one[0] <= p + 1e-12 <= one[1] + 2e-12

    @given(st.integers(1, 300), st.data(), st.sampled_from(INTERVAL_METHODS))
    def test_higher_confidence_gives_wider_interval(
        self, n: int, data: st.DataObject, method: str
    ) -> None:
        x = data.draw(st.integers(0, n))
        narrow = proportion_interval(x, n, method=method, confidence_level=0.8)  # type: ignore[call-overload]
        wide = proportion_interval(x, n, method=method, confidence_level=0.99)  # type: ignore[call-overload]
        assert wide[0] <= narrow[0] + 1e-12
        assert wide[1] >= narrow[1] - 1e-12

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"count": [1, -1], "nobs": [5, 5]}, "count must be >= 0; 1 value is not, first at index 1"),
            ({"count": [1, 6, 7], "nobs": [5, 5, 5]}, "count must be <= nobs; 2 values are not, first at index 1"),
            ({"count": 1, "nobs": -2}, "nobs must be >= 0"),
            ({"count": 1, "nobs": 5, "method": "wald"}, "method must be one of"),
            ({"count": 1, "nobs": 5, "confidence_level": 95}, "confidence_level must be in \\(0, 1\\)"),
            ({"count": 1, "nobs": 5, "confidence_level": "high"}, "confidence_level must be a number"),
            ({"count": ["a"], "nobs": [5]}, "count must be numeric"),
            ({"count": [1, 2], "nobs": [5, 5, 5]}, "inputs must broadcast"),
        ],
    )  # fmt: skip
    def test_errors(self, kwargs: dict[str, object], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            proportion_interval(**kwargs)  # type: ignore[arg-type]


# ------------------------------------------------------------------ two proportions

# statsmodels 0.15.0, with b the variant and a the baseline:
#   pooled:   proportions_ztest([count_b, count_a], [nobs_b, nobs_a])   (and alternative="larger")
#   score:    test_proportions_2indep(count_b, nobs_b, count_a, nobs_a, method="score",
#                                     compare="diff", correction=True)
#   Newcombe: confint_proportions_2indep(count_b, nobs_b, count_a, nobs_a, method="newcomb",
#                                        compare="diff")              (alpha=0.1 for 90%)
#   Katz:     confint_proportions_2indep(count_b, nobs_b, count_a, nobs_a, method="log",
#                                        compare="ratio")             (minus 1 for the lift)
ZTESTS = [
    # (xa, na, xb, nb), pooled z, p two-sided, p greater, score z, score p,
    # newcombe 95%, newcombe 90%, katz ratio 95%
    (
        (300, 10_000, 345, 10_000),
        1.8011549105652187, 0.07167846694046853, 0.035839233470234266,
        1.8011098811295798, 0.071685562620092,
        (-0.0004012735946249974, 0.009415902848984851),
        (0.0003887701611835631, 0.00862154941421193),
        (0.9876182306292467, 1.3390801819822509),
    ),
    (
        (12, 150, 25, 160),
        2.0693985013549607, 0.03850870703629571, 0.019254353518147856,
        2.0660580657609624, 0.03882299716553661,
        (0.003456414268632871, 0.14876618751978932),
        (0.015572160547973682, 0.1367714191032396),
        (1.0183199433678494, 3.7460694848112293),
    ),
    (
        (480, 12_000, 530, 11_800),
        1.8807594038462596, 0.06000465480503904, 0.03000232740251952,
        1.8807198916790298, 0.06001003232068564,
        (-0.00020939887143546672, 0.010054447638182912),
        (0.0006154346351473087, 0.009225322569613451),
        (0.9950574487613635, 1.2671253715749287),
    ),
]  # fmt: skip


class TestTwoProportionsZtest:
    @pytest.mark.parametrize(
        ("counts", "z", "p2", "pg", "zs", "ps", "newcombe", "newcombe90", "katz"), ZTESTS
    )
    def test_statsmodels_reference(
        self,
        counts: tuple[int, int, int, int],
        z: float,
        p2: float,
        pg: float,
        zs: float,
        ps: float,
        newcombe: tuple[float, float],
        newcombe90: tuple[float, float],
        katz: tuple[float, float],
    ) -> None:
        xa, na, xb, nb = counts
        t = two_proportions_ztest(xa, na, xb, nb)
        assert t.statistic == pytest.approx(z, rel=1e-12)
        assert t.pvalue == pytest.approx(p2, rel=1e-10)
        assert t.difference == pytest.approx(xb / nb - xa / na, rel=1e-14)
        assert (t.difference_low, t.difference_high) == pytest.approx(newcombe, rel=1e-10)
        assert t.relative_lift == pytest.approx((xb / nb) / (xa / na) - 1, rel=1e-14)
        assert (t.relative_lift_low + 1, t.relative_lift_high + 1) == pytest.approx(katz, rel=1e-10)
        g = two_proportions_ztest(xa, na, xb, nb, alternative="greater")
        assert g.pvalue == pytest.approx(pg, rel=1e-10)
        less = two_proportions_ztest(xa, na, xb, nb, alternative="less")
        assert less.pvalue == pytest.approx(1 - pg, rel=1e-10)
        s = two_proportions_ztest(xa, na, xb, nb, method="score")
        assert (s.statistic, s.pvalue) == pytest.approx((zs, ps), rel=1e-10)
        t90 = two_proportions_ztest(xa, na, xb, nb, confidence_level=0.9)
        assert (t90.difference_low, t90.difference_high) == pytest.approx(newcombe90, rel=1e-10)
        assert tuple(t.confidence_interval(0.9)) == pytest.approx(newcombe90, rel=1e-10)
        assert tuple(t.confidence_interval()) == pytest.approx(newcombe, rel=1e-10)
        lift = t.confidence_interval(estimate="relative_lift")
        assert (lift.low + 1, lift.high + 1) == pytest.approx(katz, rel=1e-10)

    def test_confidence_interval_follows_the_input(self) -> None:
        t = two_proportions_ztest([300, 12], [10_000, 150], [345, 25], [10_000, 160])
        ci = t.confidence_interval(0.9)
        assert isinstance(ci, ConfidenceInterval)
        assert ci.low.shape == (2,)
        np.testing.assert_allclose(ci.low, two_proportions_ztest(
            [300, 12], [10_000, 150], [345, 25], [10_000, 160], confidence_level=0.9
        ).difference_low, rtol=1e-14)  # fmt: skip
        with pytest.raises(InvalidInputError, match="estimate must be one of"):
            t.confidence_interval(estimate="ratio")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="confidence_level must be in"):
            t.confidence_interval(1.5)

    def test_score_with_non_zero_null_uses_the_true_constrained_mle(self) -> None:
        # statsmodels 0.15.0 test_proportions_2indep(345, 10000, 300, 10000, value=-0.005,
        # method="score", compare="diff", correction=True) returns statistic
        # 3.78357012153136: its cubic for the constrained MLE has count0 where nobs0
        # belongs (statsmodels issue #10269), so its null rates (0.0300887, 0.0350887)
        # do not maximise the restricted likelihood. The maximiser, checked here by a
        # direct search, is (0.0301020356, 0.0351020356) and gives z = 3.782821441126378.
        s = two_proportions_ztest(300, 10_000, 345, 10_000, method="score", null_difference=-0.005)
        assert s.statistic == pytest.approx(3.782821441126378, rel=1e-9)
        assert s.statistic != pytest.approx(3.78357012153136, rel=1e-6)

        def loglik(p_a: float) -> float:
            p_b = p_a - 0.005
            return (345 * math.log(p_b) + 9655 * math.log(1 - p_b)
                    + 300 * math.log(p_a) + 9700 * math.log(1 - p_a))  # fmt: skip

        grid = np.linspace(0.0340, 0.0360, 20_001)
        best = grid[np.argmax([loglik(p) for p in grid])]
        assert best == pytest.approx(0.0351020356, abs=2e-7)

    def test_score_null_mle_satisfies_score_equation(self) -> None:
        from ecomops._core.proportions import _restricted_mle

        rng = np.random.default_rng(3)
        n1, n2 = rng.integers(20, 5000, 50).astype(float), rng.integers(20, 5000, 50).astype(float)
        x1, x2 = (
            np.floor(n1 * rng.uniform(0.05, 0.6, 50)),
            np.floor(n2 * rng.uniform(0.05, 0.6, 50)),
        )
        for delta in (-0.04, 0.02, 0.1):
            p1, p2 = _restricted_mle(x1, n1, x2, n2, delta)
            np.testing.assert_allclose(p1 - p2, delta, atol=1e-12)
            score = x1 / p1 - (n1 - x1) / (1 - p1) + x2 / p2 - (n2 - x2) / (1 - p2)
            np.testing.assert_allclose(score / (n1 + n2), 0, atol=1e-8)

    def test_zero_variance_is_no_evidence(self) -> None:
        # statsmodels 0.15.0 proportions_ztest([0, 0], [100, 120]) returns (nan, nan) with
        # a RuntimeWarning; the observed difference is exactly 0, so ecomops reports z = 0
        # and p = 1
        for method in ("pooled", "score"):
            t = two_proportions_ztest(0, 100, 0, 120, method=method)  # type: ignore[arg-type]
            assert (t.statistic, t.pvalue) == (0.0, 1.0)
            t = two_proportions_ztest(50, 50, 80, 80, method=method)  # type: ignore[arg-type]
            assert (t.statistic, t.pvalue) == (0.0, 1.0)
        t = two_proportions_ztest(0, 100, 5, 100)
        assert math.isnan(t.relative_lift)
        assert math.isnan(t.relative_lift_low)
        assert math.isnan(t.relative_lift_high)
        assert t.difference_low < 0.05 < t.difference_high

    def test_vectorised(self) -> None:
        xa = np.array([300, 12, 480])
        na = np.array([10_000, 150, 12_000])
        xb = np.array([345, 25, 530])
        nb = np.array([10_000, 160, 11_800])
        t = two_proportions_ztest(xa, na, xb, nb)
        np.testing.assert_allclose(t.statistic, [row[1] for row in ZTESTS], rtol=1e-12)
        assert t.pvalue.shape == (3,)
        # broadcasting a shared control against three variants
        t = two_proportions_ztest(300, 10_000, [300, 345, 400], 10_000)
        assert t.statistic.shape == (3,)
        assert t.statistic[0] == 0.0

    @given(
        st.integers(1, 2000), st.integers(1, 2000), st.data(), st.sampled_from(["pooled", "score"])
    )
    def test_swapping_arms_negates(
        self, na: int, nb: int, data: st.DataObject, method: str
    ) -> None:
        xa = data.draw(st.integers(0, na))
        xb = data.draw(st.integers(0, nb))
        ab = two_proportions_ztest(xa, na, xb, nb, method=method)  # type: ignore[arg-type]
        ba = two_proportions_ztest(xb, nb, xa, na, method=method)  # type: ignore[arg-type]
        assert ab.statistic == pytest.approx(-ba.statistic, abs=1e-12)
        assert ab.pvalue == pytest.approx(ba.pvalue, abs=1e-12)
        assert ab.difference_low == pytest.approx(-ba.difference_high, abs=1e-12)
        assert -1.0 <= ab.difference_low <= ab.difference <= ab.difference_high <= 1.0
        assert 0.0 <= ab.pvalue <= 1.0

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"null_difference": 0.01}, "null_difference must be 0 with method='pooled'"),
            ({"null_difference": 1.5, "method": "score"}, "null_difference must be in"),
            ({"alternative": "larger"}, "alternative must be one of"),
            ({"method": "wald"}, "method must be one of"),
        ],
    )
    def test_option_errors(self, kwargs: dict[str, object], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            two_proportions_ztest(10, 100, 12, 100, **kwargs)  # type: ignore[arg-type]

    def test_input_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="nobs_a must be > 0"):
            two_proportions_ztest(0, 0, 1, 10)
        with pytest.raises(InvalidInputError, match="count_b must be <= nobs_b"):
            two_proportions_ztest(1, 10, 11, 10)


# ------------------------------------------------------------------ chi-square


class TestProportionsChisquare:
    def test_statsmodels_and_scipy_reference(self) -> None:
        # statsmodels 0.15.0 proportions_chisquare(np.array([300, 345, 320]),
        # np.array([10000, 10000, 10000]))[:2]
        res = proportions_chisquare([300, 345, 320], [10_000, 10_000, 10_000])
        assert (res.statistic, res.pvalue) == pytest.approx(
            (3.265667396236987, 0.19537515476089762), rel=1e-12
        )
        assert res.dof == 2
        # scipy 1.17.1 chi2_contingency([[12, 25, 30, 18], [138, 135, 140, 137]],
        # correction=False)[:3]
        res = proportions_chisquare([12, 25, 30, 18], [150, 160, 170, 155])
        assert (res.statistic, res.pvalue) == pytest.approx(
            (7.527477370394426, 0.056856628161659116), rel=1e-12
        )
        assert res.dof == 3
        assert res.pooled_proportion == pytest.approx(85 / 635)

    def test_no_silent_yates_correction(self) -> None:
        # scipy 1.17.1 chi2_contingency([[345, 9655], [300, 9700]]) applies Yates'
        # correction to 2x2 tables by default: (3.1015762207149566, 0.0782165300425769).
        # Without it (correction=False): (3.244159011853196, 0.0716784669404688), the
        # square of the pooled z statistic. ecomops never corrects silently.
        res = proportions_chisquare([300, 345], [10_000, 10_000])
        assert res.statistic == pytest.approx(3.244159011853196, rel=1e-12)
        assert res.pvalue == pytest.approx(0.0716784669404688, rel=1e-10)
        assert res.statistic != pytest.approx(3.1015762207149566, rel=1e-3)

    @given(st.integers(1, 3000), st.integers(1, 3000), st.data())
    def test_two_variants_equal_z_squared(self, na: int, nb: int, data: st.DataObject) -> None:
        xa = data.draw(st.integers(0, na))
        xb = data.draw(st.integers(0, nb))
        chi = proportions_chisquare([xa, xb], [na, nb])
        z = two_proportions_ztest(xa, na, xb, nb)
        assert chi.statistic == pytest.approx(z.statistic**2, rel=1e-9, abs=1e-12)
        assert chi.pvalue == pytest.approx(z.pvalue, rel=1e-8, abs=1e-14)

    def test_batches_and_flat_rates(self) -> None:
        res = proportions_chisquare([[300, 345, 320], [0, 0, 0]], [[10_000] * 3, [50, 60, 70]])
        assert res.statistic.shape == (2,)
        assert res.statistic[1] == 0.0
        assert res.pvalue[1] == 1.0

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="at least two variants"):
            proportions_chisquare([3], [10])
        with pytest.raises(InvalidInputError, match="same shape"):
            proportions_chisquare([3, 4], [10, 10, 10])
        with pytest.raises(InvalidInputError, match="nobs must be > 0"):
            proportions_chisquare([0, 4], [0, 10])
        with pytest.raises(InvalidInputError, match="counts must be <= nobs"):
            proportions_chisquare([11, 4], [10, 10])


# ------------------------------------------------------------------ sample ratio mismatch


class TestSampleRatioMismatch:
    @pytest.mark.parametrize(
        ("observed", "ratio", "statistic", "pvalue"),
        # scipy 1.17.1 scipy.stats.chisquare(observed, f_exp=sum(observed) * share)
        [
            ([50_500, 49_500], [1, 1], 10.0, 0.001565402258002549),
            ([3300, 3350, 3480], [1, 1, 1], 5.113524185587364, 0.07755545169030141),
            ([10_100, 19_800], [1, 2], 2.6755852842809364, 0.10189785829423224),
        ],
    )
    def test_scipy_reference(
        self, observed: list[int], ratio: list[float], statistic: float, pvalue: float
    ) -> None:
        res = sample_ratio_mismatch(observed, ratio)
        assert (res.statistic, res.pvalue) == pytest.approx((statistic, pvalue), rel=1e-12)
        assert res.dof == len(observed) - 1
        assert res.expected.sum() == pytest.approx(sum(observed))
        assert res.mismatch is False

    def test_threshold_and_scale_free_ratio(self) -> None:
        a = sample_ratio_mismatch([51_000, 49_000], [50, 50])
        b = sample_ratio_mismatch([51_000, 49_000], [0.5, 0.5])
        assert a.statistic == b.statistic
        assert a.mismatch is True  # p = 6.3e-10 < 0.0005 (Fabijan et al. 2019)
        assert (
            sample_ratio_mismatch([50_500, 49_500], [1, 1], confidence_level=0.99).mismatch is True
        )

    def test_batch(self) -> None:
        res = sample_ratio_mismatch([[50_500, 49_500], [500, 500]], [1, 1])
        np.testing.assert_allclose(res.statistic, [10.0, 0.0])
        np.testing.assert_array_equal(res.mismatch, [False, False])

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="at least two arms"):
            sample_ratio_mismatch([5], [1])
        with pytest.raises(InvalidInputError, match="expected_ratio must be > 0"):
            sample_ratio_mismatch([5, 5], [1, 0])
        with pytest.raises(InvalidInputError, match="not be all zero"):
            sample_ratio_mismatch([0, 0], [1, 1])
        with pytest.raises(InvalidInputError, match="observed must be >= 0"):
            sample_ratio_mismatch([-1, 5], [1, 1])
        with pytest.raises(InvalidInputError, match="confidence_level must be in"):
            sample_ratio_mismatch([5, 5], [1, 1], confidence_level=1)


# ------------------------------------------------------------------ sample size


class TestSampleSize:
    def test_issue_reference_values(self) -> None:
        # statsmodels 0.15.0:
        #   samplesize_proportions_2indep_onetail(0.003, 0.03, 0.8, ratio=1, alpha=0.05,
        #       value=0, alternative="two-sided")                      -> 53210.30120700835
        #   NormalIndPower().solve_power(effect_size=proportion_effectsize(0.033, 0.03),
        #       alpha=0.05, power=0.8, ratio=1)                         -> 53181.78971737066
        pooled = sample_size_proportions(0.03, 0.003)
        assert pooled.nobs_a == 53_211
        assert pooled.nobs_b == 53_211
        assert pooled.nobs_total == 106_422
        assert pooled.nobs_a_exact == pytest.approx(53210.30120700835, rel=1e-12)
        arcsine = sample_size_proportions(0.03, 0.003, method="arcsine")
        assert arcsine.nobs_a == 53_182
        # statsmodels' NormalIndPower adds the (negligible) power of the wrong tail
        assert arcsine.nobs_a_exact == pytest.approx(53181.78971737066, rel=5e-6)

    @pytest.mark.parametrize(
        ("baseline", "effect", "ratio", "pooled_b", "arcsine_a"),
        # statsmodels 0.15.0: samplesize_proportions_2indep_onetail(effect, baseline, 0.8,
        # ratio=1 / ratio, alpha=0.05, value=0, alternative="two-sided") is the variant arm
        # (its sample 1 has rate baseline + effect and ratio = nobs2 / nobs1);
        # NormalIndPower().solve_power(proportion_effectsize(baseline + effect, baseline),
        # alpha=0.05, power=0.8, ratio=ratio) is the baseline arm.
        [
            (0.10, 0.02, 1.0, 3840.8474824362734, 3834.595739884031),
            (0.03, 0.01, 2.0, 8092.767942891593, 3956.5004662930246),
            (0.5, -0.05, 0.5, 1174.0570022016384, 2346.7935168416825),
        ],
    )
    def test_statsmodels_reference(
        self, baseline: float, effect: float, ratio: float, pooled_b: float, arcsine_a: float
    ) -> None:
        res = sample_size_proportions(baseline, effect, ratio=ratio)
        assert res.nobs_a_exact * ratio == pytest.approx(pooled_b, rel=1e-12)
        assert res.nobs_b == math.ceil(pooled_b)
        arc = sample_size_proportions(baseline, effect, ratio=ratio, method="arcsine")
        assert arc.nobs_a_exact == pytest.approx(arcsine_a, rel=1e-5)

    def test_one_sided(self) -> None:
        # statsmodels 0.15.0 samplesize_proportions_2indep_onetail(0.003, 0.03, 0.9, ratio=1,
        # alpha=0.05, value=0, alternative="larger") -> 58056.72792484167; and
        # NormalIndPower().solve_power(proportion_effectsize(0.033, 0.03), alpha=0.05,
        # power=0.9, ratio=1, alternative="larger") -> 58026.35024964529
        res = sample_size_proportions(0.03, 0.003, power=0.9, alternative="greater")
        assert res.nobs_a_exact == pytest.approx(58056.72792484167, rel=1e-12)
        arc = sample_size_proportions(0.03, 0.003, power=0.9, alternative="greater", method="arcsine")  # fmt: skip
        assert arc.nobs_a_exact == pytest.approx(58026.35024964529, rel=1e-12)
        with pytest.raises(InvalidInputError, match="be < 0 for alternative='less'"):
            sample_size_proportions(0.03, 0.003, alternative="less")

    @given(
        st.floats(0.01, 0.9),
        st.floats(0.002, 0.08),
        st.sampled_from([0.5, 1.0, 3.0]),
        st.sampled_from(["pooled", "arcsine"]),
    )
    def test_achieves_power_and_is_monotone(
        self, baseline: float, effect: float, ratio: float, method: str
    ) -> None:
        if baseline + effect >= 0.99:
            return
        res = sample_size_proportions(baseline, effect, ratio=ratio, method=method)  # type: ignore[arg-type]
        # the test each formula approximates reaches the target power at the sizes
        from statistics import NormalDist

        pa, pb, na, nb = baseline, baseline + effect, res.nobs_a, res.nobs_b
        z = 1.959963984540054
        if method == "pooled":  # the pooled z test
            pbar = (pa * na + pb * nb) / (na + nb)
            se0 = math.sqrt(pbar * (1 - pbar) * (1 / na + 1 / nb))
            se1 = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
            power = NormalDist().cdf((effect - z * se0) / se1)
        else:  # the arcsine test: var(2 asin sqrt(p-hat)) = 1 / n
            h = 2 * math.asin(math.sqrt(pb)) - 2 * math.asin(math.sqrt(pa))
            power = NormalDist().cdf(abs(h) / math.sqrt(1 / na + 1 / nb) - z)
        assert power >= 0.8 - 1e-9
        bigger = sample_size_proportions(baseline, effect / 2, ratio=ratio, method=method)  # type: ignore[arg-type]
        assert bigger.nobs_a > res.nobs_a

    def test_vectorised(self) -> None:
        res = sample_size_proportions([0.03, 0.10], [[0.003], [0.01]])
        assert res.nobs_a.shape == (2, 2)
        assert res.nobs_a[0, 0] == 53_211
        assert res.nobs_a.dtype == np.int64

    @pytest.mark.parametrize(
        ("args", "kwargs", "message"),
        [
            ((0.0, 0.01), {}, "baseline must be > 0"),
            ((0.03, 0.0), {}, "minimum_detectable_effect must be != 0"),
            ((0.98, 0.05), {}, "keep baseline \\+ effect inside"),
            ((0.03, 0.01), {"power": 1.0}, "power must be in"),
            ((0.03, 0.01), {"ratio": 0}, "ratio must be a number > 0"),
            ((0.03, 0.01), {"method": "fleiss"}, "method must be one of"),
        ],
    )
    def test_errors(
        self, args: tuple[float, float], kwargs: dict[str, object], message: str
    ) -> None:
        with pytest.raises(InvalidInputError, match=message):
            sample_size_proportions(*args, **kwargs)  # type: ignore[arg-type]


# ------------------------------------------------------------------ Holm


class TestHolm:
    def test_statsmodels_reference(self) -> None:
        # statsmodels 0.15.0 multipletests([0.01, 0.04, 0.03, 0.2, 0.005], method="holm")[1]
        np.testing.assert_allclose(
            holm_adjust([0.01, 0.04, 0.03, 0.2, 0.005]), [0.04, 0.09, 0.09, 0.2, 0.025]
        )

    def test_nan_are_skipped(self) -> None:
        out = holm_adjust([0.01, np.nan, 0.04])
        np.testing.assert_allclose(out, [0.02, np.nan, 0.04])
        assert np.isnan(holm_adjust([np.nan])).all()


def test_reexported_from_funnel() -> None:
    for name in (
        "proportion_interval",
        "two_proportions_ztest",
        "proportions_chisquare",
        "sample_size_proportions",
        "sample_ratio_mismatch",
    ):
        assert getattr(funnel, name) is globals()[name]
