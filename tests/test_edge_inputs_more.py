"""More inputs that must be refused by name: confidence levels and other scalar
settings that are not one real number, money scaled past int64, RFM scores
that are NaN or not numbers, and order logs with masked values or a NaT date.

Each test names the example it pins.
"""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from ecomops import funnel, money
from ecomops._core.proportions import check_level
from ecomops._core.validation import as_real_scalar
from ecomops.exceptions import InvalidInputError


@pytest.fixture(autouse=True)
def _no_warnings() -> object:
    """Valid input raises no warning; every test here runs with warnings as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---------------------------------------------------------------------------
# One real number: confidence levels, powers, null differences
# ---------------------------------------------------------------------------

NOT_A_NUMBER: list[Any] = [None, 0.9 + 0j, {}, "0.95", True, [0.95], [[0.9], [0.9, 0.95]]]


class TestRealScalar:
    @pytest.mark.parametrize("value", NOT_A_NUMBER, ids=repr)
    def test_anything_but_one_real_number_is_refused_by_name(self, value: Any) -> None:
        # example: confidence_level=None / complex / dict leaked TypeError from float()
        with pytest.raises(InvalidInputError, match=r"^level must be a number"):
            as_real_scalar(value, "level")

    def test_numbers_of_every_kind_are_read_as_their_value(self) -> None:
        assert as_real_scalar(Decimal("0.9"), "x") == 0.9
        assert as_real_scalar(np.float32(0.5), "x") == 0.5
        assert as_real_scalar(np.int64(3), "x") == 3.0
        assert as_real_scalar(np.array(2.5), "x") == 2.5
        assert np.isnan(as_real_scalar(float("nan"), "x"))  # the caller's range check names it

    @pytest.mark.parametrize("value", NOT_A_NUMBER, ids=repr)
    def test_check_level_refuses_by_name(self, value: Any) -> None:
        # example: check_level, shared by every funnel and experiment function
        with pytest.raises(InvalidInputError, match=r"^power must be a number in \(0, 1\)"):
            check_level(value, "power")

    @pytest.mark.parametrize("value", [None, 1j, {}])
    def test_proportion_interval_confidence_level(self, value: Any) -> None:
        # example: funnel.proportion_interval(confidence_level=None/complex/dict) leaked TypeError
        with pytest.raises(InvalidInputError, match=r"^confidence_level must be a number"):
            funnel.proportion_interval(30, 100, confidence_level=value)

    @pytest.mark.parametrize("value", [None, 1j, {}])
    def test_compute_and_compare_funnels_confidence_level(self, value: Any) -> None:
        # example: funnel.compute_funnel / compare_funnels(confidence_level=None) leaked TypeError
        units = np.array([1, 1, 2])
        times = np.array(["2024-01-01T00:00", "2024-01-01T00:10", "2024-01-01T00:00"], "M8[s]")
        events = np.array(["view", "pay", "view"])
        spec = funnel.FunnelSpec(["view", "pay"], window=dt.timedelta(hours=1))
        with pytest.raises(InvalidInputError, match=r"^confidence_level must be a number"):
            funnel.compute_funnel(units, times, events, spec, confidence_level=value)
        result = funnel.compute_funnel(units, times, events, spec)
        if value is not None:  # None is the result's own level there
            with pytest.raises(InvalidInputError, match=r"^confidence_level must be a number"):
                result.confidence_interval(value)

    @pytest.mark.parametrize("value", [None, 1j, {}])
    def test_sample_ratio_mismatch_confidence_level(self, value: Any) -> None:
        # example: funnel.sample_ratio_mismatch(confidence_level=dict) leaked TypeError
        with pytest.raises(InvalidInputError, match=r"^confidence_level must be a number"):
            funnel.sample_ratio_mismatch([500, 480], [1, 1], confidence_level=value)

    @pytest.mark.parametrize("param", ["confidence_level", "power"])
    @pytest.mark.parametrize("value", [1j, {}])
    def test_sample_size_level_and_power(self, param: str, value: Any) -> None:
        # example: funnel.sample_size_proportions(power=complex/dict) leaked TypeError
        with pytest.raises(InvalidInputError, match=rf"^{param} must be a number"):
            funnel.sample_size_proportions(0.03, 0.01, **{param: value})

    @pytest.mark.parametrize("param", ["confidence_level", "null_difference"])
    @pytest.mark.parametrize("value", [1j, {}])
    def test_two_proportions_ztest_level_and_null_difference(self, param: str, value: Any) -> None:
        # example: funnel.two_proportions_ztest(null_difference=complex/dict) leaked TypeError
        with pytest.raises(InvalidInputError, match=rf"^{param} must be a number"):
            funnel.two_proportions_ztest(30, 100, 45, 110, method="score", **{param: value})
        test = funnel.two_proportions_ztest(30, 100, 45, 110)
        with pytest.raises(InvalidInputError, match=r"^confidence_level must be a number"):
            test.confidence_interval(value)

    def test_range_messages_are_unchanged(self) -> None:
        with pytest.raises(InvalidInputError, match=r"^confidence_level must be in \(0, 1\)"):
            funnel.proportion_interval(1, 5, confidence_level=95)
        with pytest.raises(InvalidInputError, match=r"^null_difference must be in \(-1, 1\)"):
            funnel.two_proportions_ztest(30, 100, 45, 110, method="score", null_difference=1.5)
        level = funnel.proportion_interval(1, 5, confidence_level=Decimal("0.9"))
        assert level == funnel.proportion_interval(1, 5, confidence_level=0.9)


# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("factor", [1e300, -1e300, 2**63 - 1, -(2**63)])
def test_money_array_scale_names_the_factor(factor: float) -> None:
    # example: MoneyArray.scale(factor=1e300 / int64 max): the error did not name factor
    column = money.MoneyArray.from_amounts([1.5, 2.25], "CNY")
    with pytest.raises(InvalidInputError, match=r"times factor\) must fit in int64 minor units"):
        column.scale(factor)
