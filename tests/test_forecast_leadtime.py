"""Lead-time demand from a forecast's errors, and the one call to a replenishment level."""

from __future__ import annotations

import numpy as np
import pytest

from ecomops.exceptions import InvalidInputError
from ecomops.forecast import (
    fit_forecast,
    lead_time_demand_distribution,
    replenishment_level,
)
from ecomops.inventory import newsvendor_quantity, reorder_point

ALPHA = 0.2


@pytest.fixture(scope="module")
def stationary() -> tuple[np.ndarray, np.ndarray]:
    """2000 series of iid N(10, 2^2) demand: 300 periods of history, 12 after."""
    rng = np.random.default_rng(11)
    demand = rng.normal(10.0, 2.0, size=(2000, 312))
    return demand[:, :300], demand[:, 300:]


def test_analytic_variance_matches_the_closed_form_and_a_simulation(
    stationary: tuple[np.ndarray, np.ndarray],
) -> None:
    # Prak, Teunter & Syntetos (2017): for iid demand (variance s^2) forecast by SES,
    # Var(sum of L demands - L * forecast) = s^2 (L + L^2 alpha / (2 - alpha)).
    # With s = 2, alpha = 0.2, L = 6: 4 * (6 + 36 * 0.2 / 1.8) = 40.
    history, future = stationary
    fc = fit_forecast(history, method="ses", smoothing_level=ALPHA, horizon=1)
    L = 6
    ltd = lead_time_demand_distribution(fc, lead_time=L, lead_time_variance="analytic")
    analytic = float(np.mean(ltd.lead_time_demand_std**2))
    assert analytic == pytest.approx(40.0, rel=0.03)
    simulated = float(np.mean((future[:, :L].sum(axis=1) - ltd.lead_time_demand_mean) ** 2))
    assert simulated == pytest.approx(40.0, rel=0.08)  # 2000 draws: ~3% standard error
    naive = lead_time_demand_distribution(fc, lead_time=L, lead_time_variance="sqrt_lead_time")
    # the shortcut understates by the factor 1 + alpha (L - 1) / 2 = 1.5
    assert analytic / float(np.mean(naive.lead_time_demand_std**2)) == pytest.approx(1.5)


def test_empirical_variance_matches_the_simulation(
    stationary: tuple[np.ndarray, np.ndarray],
) -> None:
    history, _ = stationary
    fc = fit_forecast(history, method="ses", smoothing_level=ALPHA, horizon=1)
    ltd = lead_time_demand_distribution(fc, lead_time=6)
    assert float(np.mean(ltd.lead_time_demand_std**2)) == pytest.approx(40.0, rel=0.06)


def test_naive_forecast_is_the_analytic_case_alpha_one() -> None:
    # naive: the forecast error is shared fully, Var = s1^2 L (L + 1) / 2
    rng = np.random.default_rng(2)
    fc = fit_forecast(rng.normal(10.0, 2.0, (3, 50)), method="naive", horizon=1)
    ltd = lead_time_demand_distribution(fc, lead_time=4, lead_time_variance="analytic")
    s1 = ltd.one_step_error_std
    np.testing.assert_allclose(ltd.lead_time_demand_std**2, s1**2 * 4 * 5 / 2)


def test_random_lead_time_adds_the_level_squared_times_its_variance() -> None:
    rng = np.random.default_rng(3)
    fc = fit_forecast(rng.poisson(5.0, (4, 60)).astype(float), method="ses", horizon=1)
    fixed = lead_time_demand_distribution(fc, lead_time=5, lead_time_variance="analytic")
    random = lead_time_demand_distribution(
        fc, lead_time=5, lead_time_std=1.5, lead_time_variance="analytic"
    )
    level = fc.forecast[:, 0]
    np.testing.assert_allclose(
        random.lead_time_demand_std**2, fixed.lead_time_demand_std**2 + (level * 1.5) ** 2
    )
    np.testing.assert_allclose(random.lead_time_demand_mean, 5 * level)
    assert random.demand_samples is None


def test_fractional_lead_time_interpolates_the_empirical_variance() -> None:
    rng = np.random.default_rng(4)
    fc = fit_forecast(rng.poisson(5.0, (2, 80)).astype(float), method="ses", horizon=1)
    v = {
        lt: lead_time_demand_distribution(fc, lead_time=lt).lead_time_demand_std ** 2
        for lt in (3, 3.25, 4)
    }
    np.testing.assert_allclose(v[3.25], v[3] + 0.25 * (v[4] - v[3]))


def test_review_period_extends_the_protection_interval() -> None:
    rng = np.random.default_rng(5)
    fc = fit_forecast(rng.poisson(5.0, (2, 80)).astype(float), method="ses", horizon=1)
    a = lead_time_demand_distribution(fc, lead_time=3, review_period=2)
    b = lead_time_demand_distribution(fc, lead_time=5)
    np.testing.assert_allclose(a.lead_time_demand_std, b.lead_time_demand_std)
    np.testing.assert_allclose(a.protection_interval, [5.0, 5.0])


def test_levels_equal_the_inventory_functions_with_these_moments() -> None:
    rng = np.random.default_rng(6)
    fc = fit_forecast(rng.poisson(4.0, (5, 90)).astype(float), method="sba", horizon=1)
    ltd = lead_time_demand_distribution(fc, lead_time=4)
    mine = ltd.reorder_point(cycle_service_level=0.95).reorder_point
    # the same distribution given to the inventory engine as one "period" of demand
    theirs = reorder_point(
        ltd.lead_time_demand_mean, ltd.lead_time_demand_std, 1.0, cycle_service_level=0.95
    ).reorder_point
    np.testing.assert_allclose(mine, theirs)
    np.testing.assert_allclose(
        mine, ltd.lead_time_demand_mean + 1.6448536269514722 * ltd.lead_time_demand_std
    )
    gamma = ltd.reorder_point(cycle_service_level=0.95, distribution="gamma").reorder_point
    theirs_gamma = reorder_point(
        ltd.lead_time_demand_mean, ltd.lead_time_demand_std, 1.0,
        cycle_service_level=0.95, distribution="gamma",
    ).reorder_point  # fmt: skip
    np.testing.assert_allclose(gamma, theirs_gamma)
    nv = ltd.newsvendor_quantity(holding_cost=1.0, shortage_cost_per_unit=4.0)
    ref = newsvendor_quantity(
        ltd.lead_time_demand_mean, ltd.lead_time_demand_std, holding_cost=1.0,
        shortage_cost_per_unit=4.0,
    )  # fmt: skip
    np.testing.assert_allclose(nv.order_quantity, ref.order_quantity)


def test_empirical_bootstrap_samples_are_the_forecast_plus_past_errors() -> None:
    history = np.array([[2.0, 4.0, 3.0, 5.0, 1.0, 3.0, 2.0, 4.0]])
    fc = fit_forecast(history, method="naive", horizon=1)
    ltd = lead_time_demand_distribution(fc, lead_time=2)
    # naive fitted from period 1: errors over 2 periods from origins 1..6:
    # (4 + 3) - 2*2 = 3, (3 + 5) - 2*4 = 0, (5 + 1) - 2*3 = 0, (1 + 3) - 2*5 = -6,
    # (3 + 2) - 2*1 = 3, (2 + 4) - 2*3 = 0; the forecast over 2 periods is 2*4 = 8
    np.testing.assert_allclose(ltd.demand_samples, [[11.0, 8.0, 8.0, 2.0, 11.0, 8.0]])
    level = ltd.reorder_point(cycle_service_level=0.8, distribution="empirical").reorder_point
    np.testing.assert_allclose(level, [11.0])


def test_a_series_without_demand_gets_zero_levels() -> None:
    history = np.array([[0.0] * 20, [1.0, 0.0, 2.0, 0.0] * 5])
    fc = fit_forecast(history, method="sba", horizon=1)
    ltd = lead_time_demand_distribution(fc, lead_time=3)
    assert ltd.lead_time_demand_mean[0] == 0.0
    assert ltd.lead_time_demand_std[0] == 0.0
    assert replenishment_level(fc, lead_time=3, cycle_service_level=0.9).reorder_point[0] == 0.0


def test_non_flat_forecast_sums_its_horizon() -> None:
    history = np.arange(1.0, 25.0)[None, :] + np.tile([0.0, 1.0], 12)
    fc = fit_forecast(history, method="holt", horizon=6)
    ltd = lead_time_demand_distribution(fc, lead_time=4, lead_time_variance="sqrt_lead_time")
    np.testing.assert_allclose(ltd.lead_time_demand_mean, fc.forecast[:, :4].sum(axis=1))
    with pytest.raises(InvalidInputError, match="flat forecast"):
        lead_time_demand_distribution(fc, lead_time=4)
    with pytest.raises(InvalidInputError, match="forecast horizon"):
        lead_time_demand_distribution(fc, lead_time=7, lead_time_variance="sqrt_lead_time")


def test_replenishment_level_is_the_two_steps_in_one() -> None:
    rng = np.random.default_rng(7)
    fc = fit_forecast(rng.poisson(6.0, (3, 100)).astype(float), method="ses", horizon=1)
    one = replenishment_level(
        fc, lead_time=[2.0, 3.0, 4.0], review_period=1, cycle_service_level=0.9
    )
    two = lead_time_demand_distribution(fc, lead_time=[2.0, 3.0, 4.0], review_period=1)
    np.testing.assert_allclose(
        one.order_up_to_level, two.order_up_to_level(cycle_service_level=0.9).order_up_to_level
    )


def test_many_series_at_once_equal_one_at_a_time() -> None:
    rng = np.random.default_rng(8)
    history = rng.poisson(3.0, (6, 70)).astype(float)
    fc = fit_forecast(history, method="ses", smoothing_level=0.3, horizon=1)
    panel = lead_time_demand_distribution(fc, lead_time=5).lead_time_demand_std
    for i in range(6):
        one = fit_forecast(history[i], method="ses", smoothing_level=0.3, horizon=1)
        assert lead_time_demand_distribution(one, lead_time=5).lead_time_demand_std[
            0
        ] == pytest.approx(panel[i])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lead_time": 0.0}, "lead_time must be > 0"),
        ({"lead_time": np.nan}, "lead_time must be finite"),
        ({"lead_time": [1.0, 2.0, 3.0]}, "lead_time must be one number or one per series"),
        ({"lead_time": 2.0, "lead_time_std": -1.0}, "lead_time_std must be >= 0"),
        ({"lead_time": 2.0, "review_period": 1e9}, "review_period must be <= 10000"),
        (
            {"lead_time": 2.0, "lead_time_variance": "bootstrap"},
            "lead_time_variance must be one of",
        ),
        ({"lead_time": 60.0}, "two lead-time windows"),
    ],
)
def test_bad_input_is_refused_by_name(kwargs: dict[str, object], message: str) -> None:
    rng = np.random.default_rng(9)
    fc = fit_forecast(rng.poisson(3.0, (2, 40)).astype(float), method="ses", horizon=1)
    with pytest.raises(InvalidInputError, match=message):
        lead_time_demand_distribution(fc, **kwargs)  # type: ignore[arg-type]


def test_analytic_needs_ses_and_forecast_must_be_a_forecast() -> None:
    fc = fit_forecast(np.array([[0.0, 2.0, 0.0, 1.0, 0.0, 3.0] * 4]), method="sba", horizon=1)
    with pytest.raises(InvalidInputError, match="analytic' needs a forecast by method='ses'"):
        lead_time_demand_distribution(fc, lead_time=2, lead_time_variance="analytic")
    with pytest.raises(InvalidInputError, match="forecast must be the result of fit_forecast"):
        lead_time_demand_distribution(np.ones((2, 3)), lead_time=2)
    ltd = lead_time_demand_distribution(fc, lead_time=2, lead_time_std=1.0)
    with pytest.raises(InvalidInputError, match="no demand_samples"):
        ltd.reorder_point(cycle_service_level=0.9, distribution="empirical")
    with pytest.raises(InvalidInputError, match="review_period > 0"):
        ltd.order_up_to_level(cycle_service_level=0.9)
