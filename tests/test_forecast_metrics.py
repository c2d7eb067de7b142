"""Forecast accuracy metrics: reference values, conventions and bad input.

Reference values were computed with utilsforecast 0.2.17 (the evaluation
library statsforecast 2.1.1 uses) in the bench environment, on the panel below
(``unique_id`` a, b, c; the history as ``train_df``):

    from utilsforecast import losses
    losses.mae(df, ["m"]); losses.rmse(df, ["m"]); losses.mape(df, ["m"])
    losses.smape(df, ["m"]); losses.bias(df, ["m"])
    losses.mase(df, ["m"], seasonality=1 or 2, train_df=tr)
    losses.rmsse(df, ["m"], seasonality=1 or 2, train_df=tr)
    losses.quantile_loss(df, {"m": "q"}, q=0.9)
    losses.scaled_quantile_loss(df, {"m": "q"}, seasonality=1, train_df=tr, q=0.9)

utilsforecast is never imported here.
"""

from __future__ import annotations

import numpy as np
import pytest

from ecomops.exceptions import InvalidInputError
from ecomops.forecast import (
    forecast_bias,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_absolute_scaled_error,
    pinball_loss,
    revenue_weights,
    root_mean_squared_error,
    root_mean_squared_scaled_error,
    scaled_pinball_loss,
    symmetric_mean_absolute_percentage_error,
    weighted_absolute_percentage_error,
    weighted_root_mean_squared_scaled_error,
)

ACTUAL = np.array([[3.0, 0.0, 5.0, 2.0, 4.0], [4.0, 6.0, 5.0, 7.0, 6.0], [0.0, 0.0, 2.0, 0.0, 1.0]])
FORECAST = np.array(
    [[2.0, 1.0, 4.0, 4.0, 3.5], [5.0, 5.0, 5.0, 6.0, 6.5], [0.4, 0.4, 0.4, 0.0, 0.4]]
)
HISTORY = np.array(
    [
        [2.0, 4.0, 3.0, 5.0, 1.0, 0.0, 3.0, 2.0],
        [5.0, 6.0, 4.0, 5.0, 7.0, 6.0, 5.0, 6.0],
        [0.0, 1.0, 0.0, 0.0, 3.0, 0.0, 1.0, 0.0],
    ]
)


# -- reference values (utilsforecast 0.2.17) --------------------------------


def test_mae_rmse_bias_equal_utilsforecast() -> None:
    np.testing.assert_allclose(mean_absolute_error(ACTUAL, FORECAST), [1.1, 0.7, 0.6])
    np.testing.assert_allclose(
        root_mean_squared_error(ACTUAL, FORECAST),
        [1.2041594578792296, 0.806225774829855, 0.8049844718999244],
    )
    # utilsforecast's bias is forecast minus actual, as here
    np.testing.assert_allclose(forecast_bias(ACTUAL, FORECAST), [0.1, -0.1, -0.28])


def test_mape_exclude_equals_utilsforecast_which_drops_zero_actuals() -> None:
    np.testing.assert_allclose(
        mean_absolute_percentage_error(ACTUAL, FORECAST, zero_actual="exclude"),
        [0.4145833333333333, 0.12857142857142856, 0.7],
    )


def test_smape_is_twice_utilsforecast_which_omits_the_factor_two() -> None:
    ours = symmetric_mean_absolute_percentage_error(ACTUAL, FORECAST)
    np.testing.assert_allclose(
        ours / 2, [0.3422222222222222, 0.0637886557886558, 0.6190476190476191]
    )


@pytest.mark.parametrize(
    ("season_length", "mase", "rmsse"),
    [
        (
            1,
            [0.55, 0.5444444444444444, 0.42],
            [0.5309844107357997, 0.5916079783099616, 0.45407248119856175],
        ),
        (
            2,
            [0.5076923076923078, 0.525, 0.6],
            [0.4723101979387308, 0.4937104414532875, 0.5269860393922079],
        ),
    ],
)
def test_scaled_errors_equal_utilsforecast(
    season_length: int, mase: list[float], rmsse: list[float]
) -> None:
    np.testing.assert_allclose(
        mean_absolute_scaled_error(ACTUAL, FORECAST, HISTORY, season_length=season_length), mase
    )
    np.testing.assert_allclose(
        root_mean_squared_scaled_error(ACTUAL, FORECAST, HISTORY, season_length=season_length),
        rmsse,
    )


def test_pinball_and_scaled_pinball_equal_utilsforecast() -> None:
    np.testing.assert_allclose(pinball_loss(ACTUAL, FORECAST, quantile=0.9), [0.51, 0.39, 0.412])
    np.testing.assert_allclose(
        scaled_pinball_loss(ACTUAL, FORECAST, HISTORY, quantile=0.9),
        [0.255, 0.30333333333333334, 0.2884],
    )


# -- worked examples ----------------------------------------------------------


def test_mase_worked_example_hyndman_koehler() -> None:
    # Hyndman & Koehler (2006), eq. (5): out-of-sample MAE over the in-sample
    # naive MAE. In-sample |diffs| of [2, 4, 3, 5, 1] are 2, 1, 2, 4 (mean 2.25);
    # MAE of the forecasts is 5/4, so MASE = 1.25 / 2.25 = 5/9.
    assert mean_absolute_scaled_error([3, 0, 5, 2], [2, 1, 4, 4], [2, 4, 3, 5, 1]) == pytest.approx(
        5 / 9
    )


def test_pinball_at_the_median_is_half_the_mae() -> None:
    assert pinball_loss(ACTUAL, FORECAST, quantile=0.5) == pytest.approx(
        mean_absolute_error(ACTUAL, FORECAST) / 2
    )


def test_wape_is_mae_over_mean_absolute_actual() -> None:
    expected = mean_absolute_error(ACTUAL, FORECAST) / np.abs(ACTUAL).mean(axis=1)
    np.testing.assert_allclose(weighted_absolute_percentage_error(ACTUAL, FORECAST), expected)


def test_wrmsse_is_the_normalised_weighted_sum_of_rmsse() -> None:
    # M5 Competitors' Guide, section 4: WRMSSE = sum_i w_i RMSSE_i, sum w_i = 1
    rmsse = root_mean_squared_scaled_error(ACTUAL, FORECAST, HISTORY)
    weights = np.array([2.0, 1.0, 1.0])
    score = weighted_root_mean_squared_scaled_error(ACTUAL, FORECAST, HISTORY, weights=weights)
    assert score == pytest.approx(float(weights @ rmsse / 4))


def test_revenue_weights_are_dollar_sales_of_the_last_periods() -> None:
    # M5: cumulative dollar sales of the last 28 days; here the last 2 periods
    w = revenue_weights(HISTORY, np.array([1.0, 2.0, 10.0]), periods=2)
    revenue = np.array([3 + 2, 2 * (5 + 6), 10 * (1 + 0)])
    np.testing.assert_allclose(w, revenue / revenue.sum())
    assert w.sum() == pytest.approx(1.0)
    per_period = np.broadcast_to(np.array([1.0, 2.0, 10.0])[:, None], HISTORY.shape)
    np.testing.assert_allclose(revenue_weights(HISTORY, per_period, periods=2), w)


def test_smape_counts_both_zero_as_perfect_and_one_zero_as_maximum() -> None:
    assert symmetric_mean_absolute_percentage_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert symmetric_mean_absolute_percentage_error([0.0], [3.0]) == 2.0


def test_mape_asymmetry_under_forecast_is_capped_at_one() -> None:
    # the known flaw: a zero forecast of a positive actual costs 1, an over-forecast any amount
    assert mean_absolute_percentage_error([10.0], [0.0]) == 1.0
    assert mean_absolute_percentage_error([10.0], [30.0]) == 2.0


# -- shapes and vectorisation -------------------------------------------------


def test_one_series_gives_a_float_and_panels_give_one_value_per_series() -> None:
    one = mean_absolute_error(ACTUAL[0], FORECAST[0])
    assert isinstance(one, float)
    panel = mean_absolute_error(ACTUAL, FORECAST)
    assert panel.shape == (3,)
    assert panel[0] == one
    assert not panel.flags.writeable


def test_vectorised_equals_a_loop_over_series() -> None:
    rng = np.random.default_rng(3)
    a = rng.poisson(3.0, (20, 7)).astype(float) + 1
    f = rng.uniform(0, 6, (20, 7))
    h = rng.poisson(3.0, (20, 30)).astype(float)
    for func in (mean_absolute_error, root_mean_squared_error, mean_absolute_percentage_error):
        np.testing.assert_allclose(func(a, f), [func(a[i], f[i]) for i in range(20)])
    np.testing.assert_allclose(
        root_mean_squared_scaled_error(a, f, h),
        [root_mean_squared_scaled_error(a[i], f[i], h[i]) for i in range(20)],
    )


# -- bad input ------------------------------------------------------------------


def test_mape_refuses_a_zero_actual_by_default_and_names_it() -> None:
    with pytest.raises(
        InvalidInputError, match=r"actual must be non-zero.*first at index \(0, 1\)"
    ):
        mean_absolute_percentage_error(ACTUAL, FORECAST)


def test_mape_refuses_a_series_of_zero_actuals_even_when_excluding() -> None:
    with pytest.raises(InvalidInputError, match="non-zero value in each series"):
        mean_absolute_percentage_error(
            [[0.0, 0.0], [1.0, 2.0]], [[1.0, 1.0], [1.0, 1.0]], zero_actual="exclude"
        )


def test_wape_refuses_a_series_without_demand() -> None:
    with pytest.raises(InvalidInputError, match="WAPE"):
        weighted_absolute_percentage_error([[0.0, 0.0]], [[1.0, 1.0]])


def test_scaled_errors_refuse_a_constant_history() -> None:
    with pytest.raises(InvalidInputError, match="history must vary in-sample"):
        mean_absolute_scaled_error([1.0, 2.0], [1.0, 1.0], [3.0, 3.0, 3.0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"actual": [1.0, np.nan], "forecast": [1.0, 1.0]}, "actual must be finite"),
        ({"actual": [1.0, 2.0], "forecast": [1.0, np.inf]}, "forecast must be finite"),
        ({"actual": [1.0, 2.0], "forecast": [1.0, 2.0, 3.0]}, "forecast must have the shape"),
        ({"actual": np.ones((2, 2, 2)), "forecast": np.ones((2, 2, 2))}, "actual must be 1-D"),
        ({"actual": [], "forecast": []}, "actual must have at least one period"),
    ],
)
def test_bad_shapes_and_missing_values_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        mean_absolute_error(**kwargs)  # type: ignore[arg-type]


def test_history_must_match_series_and_be_longer_than_the_season() -> None:
    with pytest.raises(InvalidInputError, match="one row per series"):
        mean_absolute_scaled_error(ACTUAL, FORECAST, HISTORY[:2])
    with pytest.raises(InvalidInputError, match="more than season_length"):
        mean_absolute_scaled_error(ACTUAL, FORECAST, HISTORY, season_length=8)
    with pytest.raises(InvalidInputError, match="season_length must be an int"):
        mean_absolute_scaled_error(ACTUAL, FORECAST, HISTORY, season_length=1.5)  # type: ignore[arg-type]


def test_quantile_outside_the_unit_interval_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"quantile must be in \(0, 1\)"):
        pinball_loss(ACTUAL, FORECAST, quantile=1.0)
    with pytest.raises(InvalidInputError, match="one per series"):
        pinball_loss(ACTUAL, FORECAST, quantile=[0.5, 0.9])


def test_weights_are_checked() -> None:
    with pytest.raises(InvalidInputError, match="weights must be >= 0"):
        weighted_root_mean_squared_scaled_error(ACTUAL, FORECAST, HISTORY, weights=[1.0, -1.0, 1.0])
    with pytest.raises(InvalidInputError, match="weights must not all be 0"):
        weighted_root_mean_squared_scaled_error(ACTUAL, FORECAST, HISTORY, weights=[0.0, 0.0, 0.0])
    with pytest.raises(InvalidInputError, match="history must be >= 0"):
        revenue_weights(-HISTORY, [1.0, 1.0, 1.0], periods=2)
