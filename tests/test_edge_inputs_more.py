"""More inputs that must be refused by name: confidence levels and other scalar
settings that are not one real number, money scaled past int64, RFM scores
that are NaN or not numbers, and order logs with masked values or a NaT date.

Each test names the example it pins.
"""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import pytest

from ecomops import funnel, money, segmentation
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


# ---------------------------------------------------------------------------
# Segmentation
# ---------------------------------------------------------------------------

GG = segmentation.GammaGammaFit(6.25, 3.74, 15.44)
BG = segmentation.BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)


@pytest.mark.parametrize(("repeat_count", "mean_repeat_spend"), [([], [20.0, 30.0]), ([1, 2], [])])
def test_expected_spend_shapes_named(repeat_count: Any, mean_repeat_spend: Any) -> None:
    # example: GammaGammaFit.expected_spend(repeat_count=[]) leaked numpy's ValueError
    with pytest.raises(InvalidInputError, match=r"repeat_count .*mean_repeat_spend"):
        GG.expected_spend(repeat_count, mean_repeat_spend)


class TestSegmentRuleMatches:
    RULE = segmentation.SegmentRule(label="x", recency_score=(4, 5), frequency_score=(1, 2))

    @pytest.mark.parametrize("param", ["recency_score", "frequency_score", "monetary_score"])
    @pytest.mark.parametrize(
        "value",
        [
            [5.0, np.nan],
            np.ma.masked_array([5, 3], mask=[False, True]),
            pd.Series([5, None], dtype="Float64"),
        ],
        ids=["NaN element", "masked", "pandas NA"],
    )
    def test_missing_scores_are_refused(self, param: str, value: Any) -> None:
        # example: SegmentRule.matches read a NaN score as a number (a bool cannot carry NaN)
        scores: dict[str, Any] = {
            "recency_score": [5, 3],
            "frequency_score": [1, 1],
            "monetary_score": [2, 2],
        }
        scores[param] = value
        with pytest.raises(InvalidInputError, match=rf"^{param} must"):
            self.RULE.matches(**scores)

    @pytest.mark.parametrize("value", ["abc", [5, "abc"], {}, [5 + 1j, 3], [[5], [5, 3]]])
    def test_non_numbers_are_refused(self, value: Any) -> None:
        # example: SegmentRule.matches accepted frequency_score="abc", {} and complex scores
        with pytest.raises(InvalidInputError, match=r"^frequency_score must"):
            self.RULE.matches([5, 3], value, [2, 2])

    def test_shapes_are_named(self) -> None:
        # example: SegmentRule.matches(frequency_score=[]) leaked numpy's ValueError
        with pytest.raises(InvalidInputError, match=r"inputs must broadcast.*frequency_score"):
            self.RULE.matches([5, 3], [], [2, 2])

    def test_valid_scores_unchanged(self) -> None:
        assert self.RULE.matches([5, 3], [1, 1], [2, 2]).tolist() == [True, False]
        cells = segmentation.SegmentRule(label="c", cells=("512",))
        assert cells.matches([5, 3], [1, 1], [2, 2]).tolist() == [True, False]


IDS = np.array([1, 1, 2, 3])
TS = np.array(["2024-01-02", "2024-01-09", "2024-01-05", "2024-01-20"], dtype="datetime64[D]")
AMT = np.array([10.0, 20.0, 15.0, 5.0])


@pytest.mark.parametrize("func", [segmentation.customer_summary, segmentation.cohort_matrix])
def test_order_log_refuses_nat_as_of(func: Any) -> None:
    # example: customer_summary / cohort_matrix(as_of=pd.NaT) leaked ValueError
    with pytest.raises(InvalidInputError, match=r"^as_of must not be NaT"):
        func(IDS, TS, AMT, as_of=pd.NaT)


@pytest.mark.parametrize("func", [segmentation.customer_summary, segmentation.cohort_matrix])
@pytest.mark.parametrize("param", ["customer_ids", "amounts"])
def test_order_log_refuses_masked_values(func: Any, param: str) -> None:
    # example: cohort_matrix(amounts=masked / customer_ids=masked) read hidden values as data
    columns: dict[str, Any] = {"customer_ids": IDS, "timestamps": TS, "amounts": AMT}
    columns[param] = np.ma.masked_array(columns[param], mask=[False, True, False, False])
    with pytest.raises(InvalidInputError, match=rf"^{param} must be unmasked .* at index 1"):
        func(**columns, as_of="2024-01-31")
    columns[param] = np.ma.masked_array(columns[param].data)  # nothing masked: read as its data
    plain = func(IDS, TS, AMT, as_of="2024-01-31")
    assert repr(func(**columns, as_of="2024-01-31")) == repr(plain)


class TestCustomerLifetimeValue:
    DATA: ClassVar[dict[str, Any]] = {
        "repeat_count": [2, 0],
        "t_x": [30.43, 0.0],
        "T": [38.86, 38.86],
    }

    def _clv(self, **changes: Any) -> Any:
        kwargs: dict[str, Any] = {
            **self.DATA,
            "mean_repeat_spend": [22.35, 0.0],
            "horizon": 12.0,
            "period_length": 4.0,
            "discount_rate": 0.01,
            **changes,
        }
        return segmentation.customer_lifetime_value(BG, GG, **kwargs)

    def test_decimal_settings_read_as_numbers(self) -> None:
        # example: customer_lifetime_value(horizon=Decimal) leaked TypeError
        assert np.allclose(self._clv(horizon=Decimal("12")), self._clv())
        assert np.allclose(self._clv(period_length=Decimal("4")), self._clv())

    def test_array_setting_refused_by_name(self) -> None:
        # example: customer_lifetime_value(period_length=2-D) leaked TypeError
        with pytest.raises(InvalidInputError, match=r"^period_length must be a number"):
            self._clv(period_length=np.array([[4.0, 4.0], [4.0, 4.0]]))

    def test_non_finite_settings_keep_their_message(self) -> None:
        with pytest.raises(InvalidInputError, match=r"^horizon must be finite; got nan"):
            self._clv(horizon=float("nan"))
        with pytest.raises(InvalidInputError, match=r"^profit_margin must be in \[0, 1\]"):
            self._clv(profit_margin=2.0)

    def test_mismatched_spend_named(self) -> None:
        # example: customer_lifetime_value(mean_repeat_spend=mismatched length) leaked ValueError
        with pytest.raises(InvalidInputError, match=r"^mean_repeat_spend must broadcast"):
            self._clv(mean_repeat_spend=[22.35, 0.0, 10.0])
