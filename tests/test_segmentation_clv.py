"""Tests of the BG/NBD, Pareto/NBD and Gamma-Gamma models and discounted CLV."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops.exceptions import InfeasibleProblemError, InvalidInputError
from ecomops.segmentation import (
    BGNBDFit,
    GammaGammaFit,
    NBDFit,
    ParetoNBDFit,
    customer_lifetime_value,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_nbd,
    fit_pareto_nbd,
)

CDNOW = pathlib.Path(__file__).parent / "reference" / "cdnow_summary.csv"


@pytest.fixture(scope="module")
def cdnow() -> dict[str, np.ndarray]:
    x, t_x, T, zbar, count = np.loadtxt(CDNOW, delimiter=",", comments="#", skiprows=7).T
    assert count.sum() == 2357
    assert x.shape[0] == 1030
    return {"x": x, "t_x": t_x, "T": T, "zbar": zbar, "count": count}


@pytest.fixture(scope="module")
def bgnbd(cdnow: dict[str, np.ndarray]) -> BGNBDFit:
    return fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"], weights=cdnow["count"])


@pytest.fixture(scope="module")
def pareto(cdnow: dict[str, np.ndarray]) -> ParetoNBDFit:
    return fit_pareto_nbd(cdnow["x"], cdnow["t_x"], cdnow["T"], weights=cdnow["count"])


@pytest.fixture(scope="module")
def gamma_gamma(cdnow: dict[str, np.ndarray]) -> GammaGammaFit:
    z = np.where(cdnow["x"] > 0, cdnow["zbar"], np.nan)
    return fit_gamma_gamma(cdnow["x"], z, weights=cdnow["count"])


# FHL = Fader, Hardie & Lee (2005), Marketing Science 24(2), 275-284, CDNOW (weeks)
BG = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)
PN = ParetoNBDFit(0.5534, 10.5776, 0.6061, 11.6650)
GG = GammaGammaFit(6.25, 3.74, 15.44)


class TestCDNOWEstimates:
    def test_bgnbd_published(self, bgnbd: BGNBDFit) -> None:
        # FHL 2005, section 4: r = 0.2426, alpha = 4.4135, a = 0.7929, b = 2.4258, LL = -9582.4
        published = {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}
        for k, v in published.items():
            assert bgnbd.params[k] == pytest.approx(v, abs=1e-3), k
        assert bgnbd.log_likelihood == pytest.approx(-9582.4, abs=0.05)
        # CLVTools tests/testthat/test_correctness_bgnbd.R (its own ML estimates on CDNOW)
        clvtools = {"r": 0.2425945, "alpha": 4.4136019, "a": 0.7929199, "b": 2.4258881}
        for k, v in clvtools.items():
            assert bgnbd.params[k] == pytest.approx(v, rel=2e-4), k
        assert bgnbd.n_customers == 2357
        assert bgnbd.n_unique < 1030

    def test_pareto_published(self, pareto: ParetoNBDFit) -> None:
        # Fader, Hardie & Lee (2005), "A note on implementing the Pareto/NBD model in MATLAB":
        # r = 0.5533, alpha = 10.5776, s = 0.6061, beta = 11.6650, LL = -9594.98. beta is weakly
        # identified (standard error 6.2), so it is pinned to 1e-3 relative.
        assert pareto.r == pytest.approx(0.5533, abs=1e-3)
        assert pareto.alpha == pytest.approx(10.5776, abs=1e-3)
        assert pareto.s == pytest.approx(0.6061, abs=1e-3)
        assert pareto.beta == pytest.approx(11.6650, rel=1e-3)
        assert pareto.log_likelihood == pytest.approx(-9594.98, abs=0.01)
        # CLVTools test_correctness_pnbd_nocovstaticcov.R standard errors
        se = {"r": 0.0476264, "alpha": 0.8427222, "s": 0.1872594, "beta": 6.2105448}
        for k, v in se.items():
            assert pareto.standard_errors[k] == pytest.approx(v, rel=2e-2), k

    def test_gamma_gamma_published(self, gamma_gamma: GammaGammaFit) -> None:
        # Fader & Hardie (2013), "The Gamma-Gamma model of monetary value": p = 6.25,
        # q = 3.74, gamma = 15.44; CLVTools test_correctness_gg.R: LL = -4055.9177 (its
        # unrounded spends; the lifetimes file rounds zbar to cents)
        assert gamma_gamma.p == pytest.approx(6.25, abs=5e-3)
        assert gamma_gamma.q == pytest.approx(3.74, abs=5e-3)
        assert gamma_gamma.gamma == pytest.approx(15.44, abs=1e-2)
        assert gamma_gamma.log_likelihood == pytest.approx(-4055.92, abs=0.01)
        assert gamma_gamma.n_customers == 946
        assert gamma_gamma.n_excluded == 84  # distinct rows of one-time buyers
        # FHL 2005b report a correlation of 0.11 between frequency and average spend
        assert gamma_gamma.frequency_spend_correlation == pytest.approx(0.11, abs=0.01)

    def test_standard_errors_bgnbd(self, bgnbd: BGNBDFit) -> None:
        assert set(bgnbd.standard_errors) == {"r", "alpha", "a", "b"}
        assert all(0 < v < 1 for k, v in bgnbd.standard_errors.items() if k != "alpha")


class TestPredictionsAgainstLifetimes:
    # lifetimes 0.11.3: BetaGeoFitter / ParetoNBDFitter / GammaGammaFitter with params_ set to
    # the published values, customer (x, t_x, T) = (2, 30.43, 38.86) of FHL 2005
    def test_bgnbd(self) -> None:
        assert BG.expected_purchases(39, 2, 30.43, 38.86) == pytest.approx(
            1.225911199899228, rel=1e-12
        )
        assert BG.expected_purchases_new_customer(78) == pytest.approx(
            1.8580217586441132, rel=1e-12
        )
        assert BG.probability_alive(2, 30.43, 38.86) == pytest.approx(0.726608, rel=1e-6)
        assert BG.probability_alive(0, 0, 38.86) == 1.0
        assert BG.expected_purchases(39, 0, 0, 38.86) == pytest.approx(
            0.19478655038715112, rel=1e-12
        )
        # FHL 2005, section 5: 1.226 expected purchases in the next 39 weeks
        assert round(BG.expected_purchases(39, 2, 30.43, 38.86), 3) == 1.226

    def test_pareto(self) -> None:
        assert PN.expected_purchases(39, 2, 30.43, 38.86) == pytest.approx(
            1.4552433220535899, rel=1e-12
        )
        assert PN.expected_purchases_new_customer(78) == pytest.approx(
            1.9103823500185135, rel=1e-12
        )
        assert PN.probability_alive(2, 30.43, 38.86) == pytest.approx(0.8691321852139634, rel=1e-12)
        assert PN.probability_alive(0, 0, 38.86) == pytest.approx(0.29508751415700313, rel=1e-12)

    def test_gamma_gamma_and_clv(self) -> None:
        assert GG.expected_spend(2, 22.35) == pytest.approx(24.663713910761153, rel=1e-12)
        assert GG.population_mean_spend == pytest.approx(6.25 * 15.44 / 2.74)
        assert GG.expected_spend(0, np.nan) == pytest.approx(GG.population_mean_spend)
        # lifetimes GammaGammaFitter.customer_lifetime_value(bgf, 2, 30.43, 38.86, 22.35,
        # time=12, discount_rate=0.01, freq="W"): a month is 4.345 weeks
        clv = customer_lifetime_value(BG, GG, 2, 30.43, 38.86, 22.35, horizon=12 * 4.345,
                                      period_length=4.345, discount_rate=0.01)  # fmt: skip
        assert clv == pytest.approx(36.286002768714994, rel=1e-12)


class TestPredictionContract:
    def test_scalars_and_arrays(self) -> None:
        assert isinstance(BG.probability_alive(1, 2.0, 5.0), float)
        out = BG.expected_purchases(5, [1, 2], [3.0, 4.0], [10.0, 10.0])
        assert isinstance(out, np.ndarray)
        assert out.shape == (2,)
        grid = PN.expected_purchases(np.array([[1.0], [2.0]]), [0, 3], [0.0, 5.0], 10.0)
        assert grid.shape == (2, 2)

    @given(x=st.integers(0, 400), frac=st.floats(0, 1), T=st.floats(0.5, 500),
           h=st.floats(0, 300))  # fmt: skip
    def test_finite_and_bounded(self, x: int, frac: float, T: float, h: float) -> None:
        t_x = 0.0 if x == 0 else frac * T
        for model in (BG, PN):
            p = model.probability_alive(x, t_x, T)
            assert 0.0 <= p <= 1.0
            e = model.expected_purchases(h, x, t_x, T)
            assert np.isfinite(e)
            assert e >= -1e-9
            assert model.expected_purchases(h + 1, x, t_x, T) >= e - 1e-9

    def test_pareto_s_equal_one_is_continuous(self) -> None:
        near = [ParetoNBDFit(0.5, 10.0, s, 12.0) for s in (1 - 1e-7, 1.0)]
        a, b = (m.expected_purchases(20, 3, 15.0, 30.0) for m in near)
        assert a == pytest.approx(b, rel=1e-6)

    def test_pareto_alpha_much_larger_than_beta(self) -> None:
        m = ParetoNBDFit(0.5, 5000.0, 0.6, 0.01)
        assert 0.0 <= m.probability_alive(3, 1.0, 300.0) <= 1.0

    def test_bad_prediction_inputs(self) -> None:
        with pytest.raises(InvalidInputError, match="t_x must be <= T"):
            BG.probability_alive(2, 40.0, 38.0)
        with pytest.raises(InvalidInputError, match="horizon must be >= 0"):
            BG.expected_purchases(-1, 2, 30.0, 38.0)
        with pytest.raises(InvalidInputError, match="mean_repeat_spend must not be NaN"):
            GG.expected_spend(2, np.nan)
        with pytest.raises(InvalidInputError, match="period_length must be > 0"):
            customer_lifetime_value(BG, GG, 2, 30.0, 38.0, 20.0, horizon=10, period_length=0,
                                    discount_rate=0.01)  # fmt: skip
        with pytest.raises(InvalidInputError, match="profit_margin must be in"):
            customer_lifetime_value(BG, GG, 2, 30.0, 38.0, 20.0, horizon=10, period_length=1,
                                    discount_rate=0.01, profit_margin=1.5)  # fmt: skip
        with pytest.raises(InvalidInputError, match="purchase_model must be"):
            customer_lifetime_value(GG, GG, 2, 30.0, 38.0, 20.0, horizon=10,  # type: ignore[arg-type]
                                    period_length=1, discount_rate=0.01)  # fmt: skip

    def test_clv_properties(self) -> None:
        kw = {"horizon": 52.0, "period_length": 4.0}
        base = customer_lifetime_value(BG, GG, 2, 30.0, 38.0, 20.0, discount_rate=0.0, **kw)
        # undiscounted CLV = spend x purchases over the horizon
        assert base == pytest.approx(
            GG.expected_spend(2, 20.0) * BG.expected_purchases(52, 2, 30.0, 38.0)
        )
        assert customer_lifetime_value(BG, GG, 2, 30.0, 38.0, 20.0, discount_rate=0.02, **kw) < base
        half = customer_lifetime_value(BG, GG, 2, 30.0, 38.0, 20.0, discount_rate=0.0,
                                       profit_margin=0.5, **kw)  # fmt: skip
        assert half == pytest.approx(base / 2)
        arr = customer_lifetime_value(PN, GG, [0, 2], [0.0, 30.0], [38.0, 38.0], [np.nan, 20.0],
                                      discount_rate=0.01, **kw)  # fmt: skip
        assert arr.shape == (2,)
        assert np.all(arr > 0)


class TestFitting:
    def test_weights_equal_expanded_rows(self, cdnow: dict[str, np.ndarray]) -> None:
        count = cdnow["count"].astype(int)
        rows = {k: np.repeat(cdnow[k], count) for k in ("x", "t_x", "T")}
        expanded = fit_bgnbd(rows["x"], rows["t_x"], rows["T"])
        weighted = fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"], weights=cdnow["count"])
        for k in weighted.params:
            assert expanded.params[k] == pytest.approx(weighted.params[k], rel=1e-6)

    def test_no_dropout(self) -> None:
        x = [0, 1, 4, 0, 2, 7, 1, 0]
        t_x = [0, 10, 30, 0, 18, 35, 5, 0]
        T = [40, 38, 36, 40, 30, 40, 39, 20]
        with pytest.raises(InfeasibleProblemError, match="no sign of dropout"):
            fit_bgnbd(x, t_x, T)

    def test_no_repeat_purchase(self) -> None:
        with pytest.raises(InfeasibleProblemError, match="no customer made a repeat purchase"):
            fit_bgnbd([0, 0], [0, 0], [10, 20])
        with pytest.raises(InfeasibleProblemError, match="no customer made a repeat purchase"):
            fit_pareto_nbd([0, 0], [0, 0], [10, 20])
        with pytest.raises(InfeasibleProblemError, match="no customer with a repeat purchase"):
            fit_gamma_gamma([0, 0], [np.nan, np.nan])

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            (([1, 2], [3.0, 4.0], [2.0, 10.0]), "t_x must be <= T; 1 value is not, first at index 0"),
            (([1.5], [1.0], [2.0]), "repeat_count must be a whole number"),
            (([0], [1.0], [2.0]), "t_x must be 0 when repeat_count is 0"),
            (([1], [0.0], [-1.0]), "T must be >= 0"),
            (([1, 2], [1.0], [2.0]), "same length"),
            (([-1], [0.0], [2.0]), "repeat_count must be >= 0"),
        ],
    )  # fmt: skip
    def test_bad_fit_inputs(self, args: tuple[list[float], ...], match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            fit_bgnbd(*args)

    def test_bad_spend(self) -> None:
        with pytest.raises(InvalidInputError, match="mean_repeat_spend must be > 0"):
            fit_gamma_gamma([1, 2], [10.0, -5.0])
        with pytest.raises(InvalidInputError, match="weights must be >= 0"):
            fit_bgnbd([1], [1.0], [2.0], weights=[-1.0])

    def test_sample_shop_has_no_dropout(self) -> None:
        # the sample shop draws NBD order counts (no dropout): BG/NBD and Pareto/NBD say so,
        # the NBD fits, and its CLV feeds on the summary columns
        from ecomops.datasets import sample_shop
        from ecomops.segmentation import customer_summary

        lines = sample_shop(seed=0).order_lines
        s = customer_summary(lines.customer_id, lines.timestamp, lines.amount,
                             as_of="2026-10-31", is_refund=lines.is_refund, refunds="separate",
                             period="W")  # fmt: skip
        for fit in (fit_bgnbd, fit_pareto_nbd):
            with pytest.raises(InfeasibleProblemError, match="no sign of dropout"):
                fit(s.repeat_count, s.t_x, s.T)
        nbd = fit_nbd(s.repeat_count, s.t_x, s.T)
        assert nbd.probability_alive(1, 2.0, 10.0) == 1.0
        gg = fit_gamma_gamma(s.repeat_count, s.mean_repeat_spend)
        clv = customer_lifetime_value(nbd, gg, s.repeat_count, s.t_x, s.T, s.mean_repeat_spend,
                                      horizon=52, period_length=4, discount_rate=0.0)  # fmt: skip
        assert clv.shape == (len(s),)
        expected = gg.expected_spend(s.repeat_count, s.mean_repeat_spend) * (
            (nbd.r + s.repeat_count) / (nbd.alpha + s.T) * 52
        )
        np.testing.assert_allclose(clv, expected, rtol=1e-12)
        assert repr(nbd).startswith("NBDFit(r=")

    def test_nbd_is_the_bgnbd_limit(self) -> None:
        nbd = NBDFit(0.4, 5.0)
        bg = BGNBDFit(0.4, 5.0, 1e-9, 1e3)
        assert bg.expected_purchases(20, 3, 10.0, 30.0) == pytest.approx(
            nbd.expected_purchases(20, 3, 10.0, 30.0), rel=1e-4
        )
