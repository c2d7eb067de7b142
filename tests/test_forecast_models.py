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
