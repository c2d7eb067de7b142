"""The SES kernels the fits are built on: derivatives, last levels, the optimiser's answer."""

from __future__ import annotations

import numpy as np
import pytest

from ecomops._forecast.smoothing import fit_ses_alpha, ses_derivatives, ses_filter, ses_sse


def _panel(seed: int, n_series: int = 12, n_periods: int = 150) -> tuple[np.ndarray, np.ndarray]:
    """Time-major intermittent demand and its sold mask."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.9, n_series)
    y = np.where(
        rng.random((n_periods, n_series)) < p, rng.gamma(2.0, 3.0, (n_periods, n_series)), 0.0
    )
    return y, y > 0


@pytest.mark.parametrize("masked", [False, True], ids=["plain", "masked"])
def test_derivatives_equal_finite_differences_of_the_sse(masked: bool) -> None:
    y, sold = _panel(1)
    mask = sold if masked else None
    level = y[0] + 1.0
    alpha = np.linspace(0.05, 0.9, y.shape[1])
    value, gradient, curvature, none, _ = ses_derivatives(y, level, alpha, mask)
    assert none is None
    again = ses_derivatives(y, level, alpha, mask, order=3)
    h = 1e-5

    def sse(a: np.ndarray) -> np.ndarray:
        return ses_sse(y, level, a[:, None], mask)[0][:, 0]

    np.testing.assert_allclose(value, sse(alpha), rtol=1e-12)
    # central differences: O(h^2) truncation, well below the tolerance here
    np.testing.assert_allclose(gradient, (sse(alpha + h) - sse(alpha - h)) / (2 * h), rtol=1e-5)
    second = (sse(alpha + h) - 2 * sse(alpha) + sse(alpha - h)) / h**2
    np.testing.assert_allclose(curvature, second, rtol=1e-3, atol=1e-3 * np.abs(second).max())
    for low, high in zip(again[:3], (value, gradient, curvature), strict=True):
        np.testing.assert_array_equal(low, high)  # the third derivative changes nothing else

    # the third derivative: central differences of the exact second
    def second_exact(a: np.ndarray) -> np.ndarray:
        return ses_derivatives(y, level, a, mask)[2]

    third = (second_exact(alpha + h) - second_exact(alpha - h)) / (2 * h)
    np.testing.assert_allclose(again[3], third, rtol=1e-4, atol=1e-4 * np.abs(third).max())


@pytest.mark.parametrize("masked", [False, True], ids=["plain", "masked"])
def test_every_pass_ends_on_the_filters_last_level_bit_for_bit(masked: bool) -> None:
    y, sold = _panel(2)
    mask = sold if masked else None
    level = y[0].copy()
    alpha = np.linspace(0.01, 0.99, y.shape[1])
    last = ses_filter(y, level, alpha, None, mask)
    np.testing.assert_array_equal(ses_derivatives(y, level, alpha, mask)[4], last)
    np.testing.assert_array_equal(ses_derivatives(y, level, alpha, mask, order=3)[4], last)
    np.testing.assert_array_equal(ses_sse(y, level, alpha[:, None], mask)[1][:, 0], last)


@pytest.mark.parametrize("masked", [False, True], ids=["plain", "masked"])
def test_fit_returns_the_level_of_the_alpha_it_chose(masked: bool) -> None:
    y, sold = _panel(3)
    y[:, 4] = 2.0  # constant: a flat SSE, alpha is the middle of the interval
    y[:, 5] = 0.0
    y[-1, 5] = 3.0  # one demand: flat too when masked
    sold = y > 0
    mask = sold if masked else None
    level = y[0].copy()
    alpha, last = fit_ses_alpha(y, level, (0.1, 0.3), mask)
    np.testing.assert_array_equal(last, ses_filter(y, level, alpha, None, mask))
    assert alpha[4] == pytest.approx(0.2)


def test_blocks_sharing_a_mask_fit_as_they_would_alone() -> None:
    # Croston's two smoothings run side by side in one loop; each comes out as fitted alone
    y, sold = _panel(4, n_series=30)
    other = _panel(5, n_series=30)[0].astype(np.float32) + 1.0  # any second block
    level_y, level_o = y[0] + 0.5, np.ones(y.shape[1])
    bounds = (0.01, 0.99)
    both, last = fit_ses_alpha((y, other), np.concatenate([level_y, level_o]), bounds, sold)
    alone_y, last_y = fit_ses_alpha(y, level_y, bounds, sold)
    alone_o, last_o = fit_ses_alpha(other, level_o, bounds, sold)
    interior = (both > 0.011) & (both < 0.98)
    assert interior[:30].sum() >= 5  # Newton ran in both blocks
    assert interior[30:].sum() >= 5
    np.testing.assert_array_equal(both, np.concatenate([alone_y, alone_o]))
    np.testing.assert_array_equal(last, np.concatenate([last_y, last_o]))


def test_blocks_with_their_own_masks_fit_as_they_would_alone() -> None:
    # TSB's sizes (updated at demands) and demand occurrences (every period) in one loop
    y, sold = _panel(6, n_series=30)
    occurred = sold.copy()
    level_y, level_o = y[0] + 0.5, occurred[0].astype(float)
    bounds = (0.01, 0.99)
    start = np.concatenate([level_y, level_o])
    both, last = fit_ses_alpha((y, occurred), start, bounds, (sold, None))
    alone_y, last_y = fit_ses_alpha(y, level_y, bounds, sold)
    alone_o, last_o = fit_ses_alpha(occurred, level_o, bounds, None)
    interior = (both > 0.011) & (both < 0.98)
    assert interior[:30].sum() >= 5  # Newton ran in both blocks
    assert interior[30:].sum() >= 5
    np.testing.assert_array_equal(both, np.concatenate([alone_y, alone_o]))
    np.testing.assert_array_equal(last, np.concatenate([last_y, last_o]))


def test_adida_bucket_sums_at_low_and_high_levels() -> None:
    # levels up to 8 add a bucket's periods one by one, higher ones in one sum:
    # the forecast is SES (with the fitted alpha) on plain bucket sums either way
    from ecomops.forecast import fit_forecast

    rng = np.random.default_rng(9)
    p = np.array([0.9, 0.45, 0.3, 0.2, 0.12, 0.08, 0.05, 0.03])[:, None]
    y = np.where(rng.random((8, 600)) < p, rng.gamma(2.0, 2.3, (8, 600)), 0.0)
    fc = fit_forecast(y, method="adida", horizon=1)
    levels = fc.params["aggregation_level"].astype(int)
    assert levels.min() <= 2
    assert levels.max() > 8
    for i, (a, alpha) in enumerate(zip(levels, fc.params["smoothing_level"], strict=True)):
        k = y.shape[1] // a
        sums = y[i, y.shape[1] - k * a :].reshape(k, a).sum(axis=1)
        level = sums[0]
        for s in sums[1:]:
            level += alpha * (s - level)
        assert fc.forecast[i, 0] == pytest.approx(level / a, rel=1e-12)
