"""Forecasting from a demand log: the frame entry point against the array API."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from ecomops import frames
from ecomops.exceptions import InvalidInputError
from ecomops.forecast import fit_forecast


def _log(history: np.ndarray, skus: list[str], periods: np.ndarray) -> pd.DataFrame:
    """One row per listed (SKU, period) of a SKU x period history (NaN: not listed)."""
    i, t = np.nonzero(~np.isnan(history))
    return pd.DataFrame(
        {"sku": np.asarray(skus)[i], "period": periods[t], "quantity": history[i, t]}
    )


@pytest.mark.parametrize("kind", ["pandas", "polars"])
@pytest.mark.parametrize("method", ["ses", "sba", "imapa"])
def test_equals_the_array_api(kind: str, method: str) -> None:
    rng = np.random.default_rng(4)
    history = np.where(rng.random((5, 60)) < 0.4, rng.integers(1, 9, (5, 60)), 0).astype(float)
    history[2, :11] = np.nan  # starts later
    periods = np.arange(100, 160)
    log = _log(history, ["e", "a", "d", "c", "b"], periods).sample(frac=1.0, random_state=1)
    data = log if kind == "pandas" else pl.from_dict(log.to_dict("list"))
    out = frames.fit_forecast(data, method=method, horizon=3)  # type: ignore[arg-type]
    order = np.argsort(["e", "a", "d", "c", "b"])  # SKUs come out sorted
    expected = fit_forecast(history[order], method=method, horizon=3).forecast  # type: ignore[arg-type]
    assert list(out.columns) == ["sku", "periods_ahead", "period", "forecast"]
    assert list(out["sku"]) == [s for s in "abcde" for _ in range(3)]
    assert list(out["periods_ahead"]) == [1, 2, 3] * 5
    assert list(out["period"]) == [160, 161, 162] * 5
    np.testing.assert_array_equal(np.asarray(out["forecast"]), expected.reshape(-1))


def test_repeated_rows_are_summed_and_dates_step_on() -> None:
    days = pd.to_datetime(["2026-03-01", "2026-03-02", "2026-03-02", "2026-03-03"])
    log = pd.DataFrame({"sku": [1, 1, 1, 1], "period": days, "quantity": [2.0, 1.0, 4.0, 3.0]})
    out = frames.fit_forecast(log, method="moving_average", window_length=3, horizon=2)
    assert out["forecast"].tolist() == [pytest.approx((2 + 5 + 3) / 3)] * 2
    assert out["period"].tolist() == list(pd.to_datetime(["2026-03-04", "2026-03-05"]))
    assert out["sku"].dtype == log["sku"].dtype  # joins back onto the caller's tables


def test_gaps_are_refused_by_name_unless_read_as_zero() -> None:
    log = pd.DataFrame(
        {"sku": ["A", "A", "B", "B", "B"], "period": [1, 3, 1, 2, 3], "quantity": [1.0, 2, 3, 1, 1]}
    )
    with pytest.raises(InvalidInputError, match=r"no row for sku 'A' in period 2, after its first"):
        frames.fit_forecast(log, method="naive", horizon=1)
    out = frames.fit_forecast(log, method="moving_average", window_length=3, horizon=1, gaps="zero")
    assert out["forecast"].tolist() == [1.0, pytest.approx(5 / 3)]  # A: (1 + 0 + 2) / 3


def test_uneven_periods_are_refused() -> None:
    # day 3 is listed by no SKU: without the check it would vanish from every history
    log = pd.DataFrame({"sku": ["A"] * 4, "period": [1, 2, 4, 5], "quantity": [1.0, 2, 3, 4]})
    with pytest.raises(InvalidInputError, match=r"evenly spaced.*2 is followed by 4"):
        frames.fit_forecast(log, method="naive", horizon=1)


def test_plain_labels_have_no_future_period_column() -> None:
    log = pd.DataFrame({"sku": ["A", "A"], "period": ["w01", "w02"], "quantity": [1.0, 2.0]})
    out = frames.fit_forecast(log, method="naive", horizon=2)
    assert list(out.columns) == ["sku", "periods_ahead", "forecast"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sku": "item"}, "sku='item' is not a column"),
        ({"horizon": 0}, "horizon must be in"),
        ({"method": "prophet"}, "method must be one of"),
    ],
)
def test_bad_input(kwargs: dict[str, object], message: str) -> None:
    log = pd.DataFrame({"sku": ["A", "A"], "period": [1, 2], "quantity": [1.0, 2.0]})
    args: dict[str, object] = {"method": "naive", "horizon": 1, **kwargs}
    with pytest.raises(InvalidInputError, match=message):
        frames.fit_forecast(log, **args)  # type: ignore[arg-type]


def test_given_parameters_reach_the_model() -> None:
    log = pd.DataFrame({"sku": ["A"] * 6, "period": np.arange(6), "quantity": [4.0, 0, 2, 0, 0, 3]})
    out = frames.fit_forecast(log, method="ses", horizon=1, smoothing_level=0.3)
    alone = fit_forecast(log["quantity"].to_numpy(), method="ses", horizon=1, smoothing_level=0.3)
    assert out["forecast"].tolist() == [alone.forecast[0, 0]]
    weekly = frames.fit_forecast(
        log, method="seasonal_naive", season_length=3, horizon=3
    )  # the last season repeated
    assert weekly["forecast"].tolist() == [0.0, 0.0, 3.0]
