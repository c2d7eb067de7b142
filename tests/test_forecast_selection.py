"""Model choice per series: by Syntetos-Boylan class, or by holdout error."""

from __future__ import annotations

import numpy as np
import pytest

from ecomops.exceptions import InvalidInputError
from ecomops.forecast import fit_forecast, select_forecast_method
from ecomops.inventory import demand_pattern

# one series per class (the examples of demand_pattern, Syntetos, Boylan & Croston 2005)
HISTORY = np.array(
    [
        [5, 6, 5, 4, 6, 5],
        [1, 9, 2, 12, 1, 8],
        [0, 4, 0, 0, 5, 0],
        [0, 0, 9, 0, 0, 1],
        [0, 0, 0, 0, 0, 0],
    ],
    dtype=float,
)


def test_demand_pattern_rule_maps_each_class() -> None:
    sel = select_forecast_method(HISTORY)
    assert sel.pattern.tolist() == ["smooth", "erratic", "intermittent", "lumpy", "no_demand"]
    assert sel.method.tolist() == ["ses", "sba", "sba", "sba", "naive"]
    assert sel.pattern.tolist() == demand_pattern(HISTORY).pattern.tolist()
    assert all("Syntetos" in r for r in sel.reason[1:4])
    assert sel.holdout_error is None
    assert sel.rule == "demand_pattern"


def test_groups_give_the_rows_of_each_model() -> None:
    groups = select_forecast_method(HISTORY).groups()
    assert {k: v.tolist() for k, v in groups.items()} == {
        "naive": [4],
        "sba": [1, 2, 3],
        "ses": [0],
    }


def test_holdout_rule_picks_the_lowest_rmse_per_series() -> None:
    rng = np.random.default_rng(0)
    history = np.vstack(
        [rng.poisson(5.0, 120), np.where(rng.random(120) < 0.2, rng.poisson(4.0, 120) + 1, 0)]
    ).astype(float)
    sel = select_forecast_method(history, rule="holdout", holdout_periods=28)
    assert sel.holdout_error is not None
    assert sel.holdout_error.shape == (2, 3)
    assert sel.candidates == ("ses", "sba", "tsb")
    # the errors are those of each candidate fitted on the first 92 periods
    for j, method in enumerate(sel.candidates):
        fc = fit_forecast(history[:, :92], method=method, horizon=28)
        rmse = np.sqrt(((fc.forecast - history[:, 92:]) ** 2).mean(axis=1))
        np.testing.assert_allclose(sel.holdout_error[:, j], rmse)
    best = np.asarray(sel.candidates)[np.argmin(sel.holdout_error, axis=1)]
    assert sel.method.tolist() == best.tolist()
    assert str(sel.reason[0]).startswith("lowest RMSE over the last 28 periods")


def test_holdout_with_given_candidates() -> None:
    rng = np.random.default_rng(1)
    history = rng.poisson(3.0, (3, 60)).astype(float)
    sel = select_forecast_method(
        history, rule="holdout", candidates=["naive", "ses"], holdout_periods=7
    )
    assert set(sel.method.tolist()) <= {"naive", "ses"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rule": "best"}, "rule must be one of"),
        ({"candidates": ["ses"]}, "candidates are only used with rule='holdout'"),
        ({"rule": "holdout", "candidates": ["ses", "prophet"]}, "candidates must be one of"),
        ({"rule": "holdout", "candidates": "ses"}, "candidates must be a non-empty sequence"),
        ({"rule": "holdout", "holdout_periods": 5}, r"holdout_periods must be in \[1, 4\]"),
        ({"holdout_periods": 2.5}, "holdout_periods must be an int"),
        ({"history": [[1.0, -1.0, 2.0, 0.0, 1.0, 1.0]]}, "history must be >= 0"),
        ({"history": [[1.0, np.nan, 2.0, 0.0, 1.0, 1.0]]}, "history must be finite"),
    ],
)
def test_bad_input_is_refused_by_name(kwargs: dict[str, object], message: str) -> None:
    call: dict[str, object] = {"history": HISTORY}
    call.update(kwargs)
    with pytest.raises(InvalidInputError, match=message):
        select_forecast_method(**call)  # type: ignore[arg-type]


def test_gaps_are_refused_or_read_as_no_sales() -> None:
    gappy = HISTORY.copy()
    gappy[0, 2] = np.nan
    with pytest.raises(InvalidInputError, match="history must be finite"):
        select_forecast_method(gappy)
    zeroed = HISTORY.copy()
    zeroed[0, 2] = 0.0
    assert (
        select_forecast_method(gappy, gaps="zero").method.tolist()
        == select_forecast_method(zeroed).method.tolist()
    )
