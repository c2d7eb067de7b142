"""Forecasting models: reference values, the result contract and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from ecomops.exceptions import InvalidInputError
from ecomops.forecast import Forecast, fit_forecast

#: A small intermittent series and a smooth one, used with statsforecast 2.1.1.
INTERMITTENT = [0.0, 2.0, 0.0, 0.0, 3.0, 0.0, 1.0, 0.0]
SMOOTH = [5.0, 6.0, 4.0, 5.0, 7.0, 6.0, 5.0, 6.0]
PANEL = np.array([INTERMITTENT, SMOOTH])


# ---------------------------------------------------------------- the result contract


def test_result_shapes_and_nan_rule() -> None:
    fc = fit_forecast(PANEL, method="ses", horizon=3)
    assert isinstance(fc, Forecast)
    assert fc.forecast.shape == (2, 3)
    assert fc.fitted.shape == (2, 8)
    assert fc.residuals.shape == (2, 8)
    assert fc.horizon == 3
    assert fc.n_series == 2
    assert fc.params["smoothing_level"].shape == (2,)
    t = np.arange(8)[None, :]
    defined = t >= fc.first_fitted[:, None]
    assert np.isfinite(fc.fitted[defined]).all()
    assert np.isnan(fc.fitted[~defined]).all()
    assert np.array_equal(np.isnan(fc.residuals), np.isnan(fc.fitted))
    np.testing.assert_allclose(fc.residuals[defined], (PANEL - fc.fitted)[defined])
    assert np.isfinite(fc.forecast).all()


def test_result_is_read_only() -> None:
    fc = fit_forecast(PANEL, method="naive", horizon=2)
    for arr in (fc.forecast, fc.fitted, fc.residuals, fc.start, fc.first_fitted, fc.no_demand):
        assert not arr.flags.writeable
    fc = fit_forecast(PANEL, method="ses", horizon=2)
    with pytest.raises(TypeError):
        fc.params["smoothing_level"] = np.zeros(2)  # type: ignore[index]
    assert not fc.params["smoothing_level"].flags.writeable


def test_one_series_gives_one_row() -> None:
    one = fit_forecast(SMOOTH, method="ses", horizon=2, smoothing_level=0.5)
    both = fit_forecast(PANEL, method="ses", horizon=2, smoothing_level=0.5)
    assert one.forecast.shape == (1, 2)
    np.testing.assert_array_equal(one.forecast[0], both.forecast[1])
    np.testing.assert_array_equal(one.fitted[0], both.fitted[1])


def test_caller_array_untouched() -> None:
    history = PANEL.copy()
    fit_forecast(history, method="ses", horizon=2)
    np.testing.assert_array_equal(history, PANEL)
    assert history.flags.writeable


# ---------------------------------------------------------------- simple models


def test_naive() -> None:
    fc = fit_forecast([3.0, 5.0, 4.0, 6.0], method="naive", horizon=2)
    np.testing.assert_array_equal(fc.forecast, [[6.0, 6.0]])
    np.testing.assert_array_equal(fc.fitted, [[np.nan, 3.0, 5.0, 4.0]])
    np.testing.assert_array_equal(fc.residuals, [[np.nan, 2.0, -1.0, 2.0]])


def test_seasonal_naive() -> None:
    y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    fc = fit_forecast(y, method="seasonal_naive", season_length=3, horizon=5)
    np.testing.assert_array_equal(fc.forecast, [[5.0, 6.0, 7.0, 5.0, 6.0]])
    np.testing.assert_array_equal(fc.fitted[0, 3:], [1.0, 2.0, 3.0, 4.0])
    assert fc.first_fitted[0] == 3
    assert fc.season_length == 3


def test_moving_average() -> None:
    # statsforecast 2.1.1: WindowAverage(window_size=3) on SMOOTH -> 5.666666...
    fc = fit_forecast(PANEL, method="moving_average", window_length=3, horizon=2)
    np.testing.assert_allclose(fc.forecast[:, 0], [1.0 / 3.0, 17.0 / 3.0], rtol=1e-15)
    np.testing.assert_allclose(fc.fitted[1, 3:], [5.0, 5.0, 16 / 3, 6.0, 6.0])


# ---------------------------------------------------------------- SES


def test_ses_given_alpha_equals_statsforecast() -> None:
    # statsforecast 2.1.1: SimpleExponentialSmoothing(alpha=0.5) (models._ses)
    fc = fit_forecast(PANEL, method="ses", horizon=3, smoothing_level=0.5)
    np.testing.assert_allclose(fc.forecast[:, 0], [0.453125, 5.7421875], rtol=1e-15)
    np.testing.assert_allclose(
        fc.fitted[0], [np.nan, 0.0, 1.0, 0.5, 0.25, 1.625, 0.8125, 0.90625], rtol=1e-15
    )
    np.testing.assert_allclose(
        fc.fitted[1], [np.nan, 5.0, 5.5, 4.75, 4.875, 5.9375, 5.96875, 5.484375], rtol=1e-15
    )


def test_ses_fitted_alpha_matches_statsforecast() -> None:
    # statsforecast 2.1.1: SimpleExponentialSmoothingOptimized (golden section in
    # [0.01, 0.99]) gives alpha 0.1262744680318083 / 0.14019905308202013 and
    # forecasts 0.47535985 / 5.41283145; ecomops' grid + Newton search finds the
    # same minimum to the optimisers' tolerance.
    fc = fit_forecast(PANEL, method="ses", horizon=1)
    np.testing.assert_allclose(
        fc.params["smoothing_level"], [0.1262744680318083, 0.14019905308202013], rtol=1e-6
    )
    np.testing.assert_allclose(fc.forecast[:, 0], [0.47535985, 5.41283145], rtol=1e-7)


# ---------------------------------------------------------------- ragged histories and bad input


def test_leading_nan_padding_equals_the_short_series() -> None:
    padded = np.array([[np.nan, np.nan, *SMOOTH[2:]], SMOOTH])
    fc = fit_forecast(padded, method="ses", horizon=1, smoothing_level=0.3)
    alone = fit_forecast(SMOOTH[2:], method="ses", horizon=1, smoothing_level=0.3)
    np.testing.assert_allclose(fc.forecast[0], alone.forecast[0], rtol=1e-15)
    np.testing.assert_allclose(fc.fitted[0, 2:], alone.fitted[0], rtol=1e-15)
    assert list(fc.start) == [2, 0]
    assert list(fc.first_fitted) == [3, 1]
    explicit = fit_forecast(
        np.array([SMOOTH, SMOOTH]), method="ses", horizon=1, smoothing_level=0.3, start=[2, 0]
    )
    np.testing.assert_allclose(explicit.forecast, fc.forecast, rtol=1e-15)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"history": [1.0, -1.0, 2.0]}, "history must be >= 0"),
        ({"history": [1.0, np.nan, 2.0]}, "history must have no NaN"),
        ({"history": [np.nan, np.nan]}, "at least one observation"),
        ({"horizon": 0}, "horizon must be in"),
        ({"horizon": 10_001}, "horizon must be in"),
        ({"horizon": 2.0}, "horizon must be a whole number"),
        ({"method": "SES"}, "method must be one of"),
        ({"smoothing_level": 1.5}, "smoothing_level must be in"),
        ({"smoothing_level": 0.0}, "smoothing_level must be in"),
        ({"smoothing_trend": 0.5}, "smoothing_trend does not apply"),
        ({"season_length": 2}, "season_length applies to seasonal methods only"),
        ({"gaps": "drop"}, "gaps must be one of"),
    ],
)
def test_bad_input(kwargs: dict[str, object], message: str) -> None:
    call: dict[str, object] = {"history": SMOOTH, "method": "ses", "horizon": 2, **kwargs}
    with pytest.raises(InvalidInputError, match=message):
        fit_forecast(**call)  # type: ignore[arg-type]


def test_gaps_zero_reads_nan_as_no_sales() -> None:
    fc = fit_forecast([1.0, np.nan, 2.0], method="naive", horizon=1, gaps="zero")
    np.testing.assert_array_equal(fc.fitted, [[np.nan, 1.0, 0.0]])


def test_too_short_for_the_season() -> None:
    with pytest.raises(InvalidInputError, match="at least 4 observations"):
        fit_forecast(
            [[1.0, 2.0, 3.0, 4.0], [np.nan, 1.0, 2.0, 3.0]],
            method="seasonal_naive",
            season_length=4,
            horizon=1,
        )
    with pytest.raises(InvalidInputError, match="window_length must be given"):
        fit_forecast(SMOOTH, method="moving_average", horizon=1)


# ---------------------------------------------------------------- intermittent models

#: Five intermittent series of 30 periods (Bernoulli x Poisson) and an all-zero one.
PANEL_SF = np.array(
    [
        [0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 2, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0],
        [0, 0, 4, 0, 0, 4, 0, 2, 0, 0, 3, 1, 0, 0, 0, 0, 0, 0, 4, 1, 0, 0, 2, 2, 1, 0, 0, 0, 0, 0],
        [3, 4, 0, 0, 0, 0, 5, 0, 1, 2, 2, 1, 2, 0, 0, 0, 0, 5, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0],
        [0, 2, 5, 1, 1, 3, 3, 1, 3, 0, 0, 7, 8, 0, 5, 0, 5, 6, 7, 1, 7, 2, 1, 1, 0, 2, 0, 1, 0, 5],
        [0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 6, 3, 3, 4, 5, 0, 0, 0, 0, 10, 0, 5, 0, 7, 5, 3, 0, 0, 0, 0],
        [0] * 30,
    ],
    dtype=float,
)

#: statsforecast 2.1.1, models._croston_classic / _croston_sba / _tsb(alpha_d=0.2,
#: alpha_p=0.05) / _ses(alpha=0.3) on each row of PANEL_SF: the same definitions,
#: equal up to float rounding.
SF_EXACT = {
    ("croston", ()): [
        0.5702237750708612, 1.0943852056319752, 1.0652983372005922,
        2.137108033651461, 2.149025035092544, 0.0,
    ],
    ("sba", ()): [
        0.5417125863173181, 1.0396659453503763, 1.0120334203405625,
        2.030252631968888, 2.041573783337917, 0.0,
    ],
    ("tsb", (("smoothing_level", 0.2), ("smoothing_probability", 0.05))): [
        0.40995494130957433, 0.5476270322708151, 0.9583401426873684,
        1.6948872020570425, 1.5765882331238206, 0.0,
    ],
    ("ses", (("smoothing_level", 0.3),)): [
        0.3588689500116246, 0.2046829246074645, 0.3495448979000903,
        2.0771955914308458, 0.9033899687177283, 0.0,
    ],
}  # fmt: skip

#: statsforecast 2.1.1, models._croston_optimized / _adida / _imapa /
#: _ses_optimized on PANEL_SF: the same definitions, parameters fitted by a
#: golden-section search there and by grid + Newton here, so equal to the
#: optimisers' tolerance (1e-6 relative).
SF_FITTED = {
    "croston_optimized": [
        0.5407535433734276, 0.7162721837208141, 0.695624284012998,
        1.7204854522136577, 2.983594957794858, 0.0,
    ],
    "adida": [
        0.6162146966429776, 0.5786691688730138, 0.46598442047752203,
        2.031736759045025, 1.7185537447563184, 0.0,
    ],
    "imapa": [
        0.4952050817093154, 0.5652273682270508, 0.43192239233649565,
        2.031736759045025, 1.760749702180942, 0.0,
    ],
    "ses": [
        0.4278980330407904, 0.5696074256151596, 0.39786036372344,
        2.0317367687914247, 1.8029456487667073, 0.0,
    ],
}  # fmt: skip


@pytest.mark.parametrize(("key", "expected"), list(SF_EXACT.items()), ids=lambda k: str(k)[:20])
def test_equal_to_statsforecast(
    key: tuple[str, tuple[tuple[str, float], ...]], expected: list[float]
) -> None:
    method, given = key
    fc = fit_forecast(PANEL_SF, method=method, horizon=4, **dict(given))  # type: ignore[arg-type]
    np.testing.assert_allclose(
        fc.forecast, np.repeat(np.array(expected)[:, None], 4, axis=1), rtol=1e-14, atol=1e-15
    )


@pytest.mark.parametrize(("method", "expected"), list(SF_FITTED.items()))
def test_fitted_parameters_match_statsforecast(method: str, expected: list[float]) -> None:
    fc = fit_forecast(PANEL_SF, method=method, horizon=1)  # type: ignore[arg-type]
    np.testing.assert_allclose(fc.forecast[:, 0], expected, rtol=1e-6, atol=1e-12)


def test_ses_alpha_matches_statsforecast() -> None:
    # statsforecast 2.1.1 SimpleExponentialSmoothingOptimized alphas; the all-zero
    # row has a flat SSE, where both take the middle of [0.01, 0.99]
    fc = fit_forecast(PANEL_SF, method="ses", horizon=1)
    expected = [0.0639323237857478, 0.08288235115910453, 0.19688991858732174,
                0.2029297382409314, 0.11628726278244192, 0.5]  # fmt: skip
    np.testing.assert_allclose(fc.params["smoothing_level"], expected, rtol=1e-5)


def test_croston_and_tsb_fitted_values() -> None:
    # statsforecast 2.1.1 _croston_classic(fitted=True) / _tsb(0.2, 0.05) on row 1:
    # equal from the period after the first demand; before it statsforecast gives
    # 0 where ecomops gives NaN (no forecast before any demand was seen)
    croston = [1.3333333333333333, 1.3333333333333333, 1.3333333333333333,
               1.3333333333333333, 1.3333333333333333, 1.3103448275862069,
               1.3103448275862069, 1.3103448275862069, 1.2783505154639176,
               1.2681132769400516]  # fmt: skip
    tsb = [0.2, 0.19, 0.1805, 0.371475, 0.35290125, 0.4817305687499999,
           0.45764404031249994, 0.434761838296875, 0.5732562881692969,
           0.6161732545121619]  # fmt: skip
    fc = fit_forecast(PANEL_SF[1], method="croston", horizon=1)
    assert fc.first_fitted[0] == 3
    assert np.isnan(fc.fitted[0, :3]).all()
    np.testing.assert_allclose(fc.fitted[0, 3:13], croston, rtol=1e-14)
    fc = fit_forecast(PANEL_SF[1], method="tsb", horizon=1, smoothing_level=0.2,
                      smoothing_probability=0.05)  # fmt: skip
    np.testing.assert_allclose(fc.fitted[0, 3:13], tsb, rtol=1e-14)


def test_sba_is_croston_times_bias_correction() -> None:
    # Syntetos & Boylan (2005), eq. (7): the SBA estimate is (1 - alpha/2) z/p
    for alpha in (0.05, 0.1, 0.2):
        c = fit_forecast(PANEL_SF, method="croston", horizon=1, smoothing_interval=alpha)
        s = fit_forecast(PANEL_SF, method="sba", horizon=1, smoothing_interval=alpha)
        np.testing.assert_allclose(s.forecast, (1 - alpha / 2) * c.forecast, rtol=1e-15)


@pytest.mark.parametrize(
    "method", ["croston", "croston_optimized", "sba", "tsb", "adida", "imapa", "ses", "naive"]
)
def test_all_zero_series_forecast_zero(method: str) -> None:
    fc = fit_forecast(PANEL_SF, method=method, horizon=3)  # type: ignore[arg-type]
    assert list(fc.no_demand) == [False] * 5 + [True]
    np.testing.assert_array_equal(fc.forecast[5], [0.0, 0.0, 0.0])
    assert np.isfinite(fc.fitted[5, fc.first_fitted[5] :]).all()
    np.testing.assert_array_equal(fc.fitted[5, fc.first_fitted[5] :], 0.0)
    for value in fc.params.values():
        assert np.isfinite(value).all()


def test_intermittent_ragged_equals_trimmed() -> None:
    padded = PANEL_SF.copy()
    padded[0, :6] = np.nan
    for method in ("croston", "tsb", "adida", "imapa", "croston_optimized"):
        fc = fit_forecast(padded[:5], method=method, horizon=1)  # type: ignore[arg-type]
        alone = fit_forecast(PANEL_SF[0, 6:], method=method, horizon=1)  # type: ignore[arg-type]
        np.testing.assert_allclose(fc.forecast[0], alone.forecast[0], rtol=1e-12)
        np.testing.assert_allclose(fc.fitted[0, 6:], alone.fitted[0], rtol=1e-12)
