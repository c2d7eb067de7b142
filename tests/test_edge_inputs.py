"""Inputs that must be refused by name, leaked exceptions and warnings, and messages
that must name the parameter the caller passed.

Each test names the example it pins.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest
from pydantic import ValidationError

from ecomops import funnel, inventory, logistics, money, pricing, segmentation, seo
from ecomops._core.validation import (
    as_float_array,
    as_int_array,
    broadcast,
    check_flag,
    check_option,
)
from ecomops.exceptions import InvalidInputError


@pytest.fixture(autouse=True)
def _no_warnings() -> object:
    """Valid input raises no warning; every test here runs with warnings as errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---------------------------------------------------------------------------
# Inputs that should be refused
# ---------------------------------------------------------------------------


class TestComplexNumbers:
    """Complex numbers were accepted with the imaginary part dropped."""

    @pytest.mark.parametrize(
        "value",
        [1 + 2j, np.complex128(3 + 0j), np.array([1 + 1j, 2]), [1.0, np.complex64(1j)], [1j]],
    )
    def test_float_and_int_conversion_refuse_complex(self, value: object) -> None:
        with pytest.raises(InvalidInputError, match=r"^x must be numeric \(real\)"):
            as_float_array(value, "x")
        with pytest.raises(InvalidInputError, match=r"^x must be integer \(real\)"):
            as_int_array(value, "x")

    def test_public_functions_refuse_complex(self) -> None:
        with pytest.raises(InvalidInputError, match="price must be numeric"):
            pricing.margin_on_price(10 + 1j, 5)
        with pytest.raises(InvalidInputError, match="demand_rate must be numeric"):
            inventory.economic_order_quantity(np.array([100 + 1j]), 10, 1)
        with pytest.raises(InvalidInputError, match="amounts"):
            money.round_money(np.array([1 + 2j]), "CNY")
        with pytest.raises(InvalidInputError, match="amounts"):
            money.round_money(1 + 2j, "CNY")


class TestBooleanFlags:
    """Truthy strings passed as booleans: round_money(1.0, "CHF", cash="no") meant yes."""

    def test_cash_no_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="cash must be True or False; got 'no'"):
            money.round_money(1.0, "CHF", cash="no")
        with pytest.raises(InvalidInputError, match="cash must be True or False; got 1"):
            money.MoneyArray.from_amounts([1.0], "CHF", cash=1)

    def test_real_and_numpy_bools_are_accepted(self) -> None:
        assert money.round_money(1.03, "CHF", cash=np.True_) == money.Money("1.05", "CHF")
        assert money.round_money(1.03, "CHF", cash=False) == money.Money("1.03", "CHF")

    @pytest.mark.parametrize("value", ["no", "", 0, 1, 1.0, None, [True], np.array([True])])
    def test_check_flag_accepts_only_bools(self, value: object) -> None:
        with pytest.raises(InvalidInputError, match="flag must be True or False"):
            check_flag(value, "flag")
        assert check_flag(np.bool_(True), "flag") is True

    def test_inventory_and_logistics_flags(self) -> None:
        with pytest.raises(InvalidInputError, match="floor_at_zero must be True or False"):
            inventory.order_up_to_level(100, 20, 2, 7, cycle_service_level=0.95, floor_at_zero="no")
        with pytest.raises(InvalidInputError, match="cap must be True or False; got 'no'"):
            inventory.ss_policy(50, 8, 0, 2.5, 0.18, 0.70, cap="no")
        with pytest.raises(InvalidInputError, match="split_lines must be True or False"):
            logistics.split_order([1, 1], [[1, 0], [1, 1]], parcel_cost=[5, 6], split_lines="no")
        with pytest.raises(InvalidInputError, match="single_source must be True or False"):
            logistics.choose_warehouses(
                [50.0, 50.0, 500.0], [[1, 4], [4, 1], [1, 1]], [30, 30], single_source="no"
            )
        got = inventory.ss_policy(50, 8, 0, 2.5, 0.18, 0.70, cap=np.False_)
        assert round(got.order_up_to_level, 2) == 74.29

    def test_seo_flags(self) -> None:
        docs = ["green tea loose leaf", "green tea set"]
        with pytest.raises(InvalidInputError, match="sublinear_tf must be True or False"):
            seo.tfidf_similarity("green tea", docs, sublinear_tf="no")
        with pytest.raises(InvalidInputError, match="include_bare must be True or False"):
            seo.sem_keywords(["yoga mat"], ["buy"], include_bare="no")
        with pytest.raises(InvalidInputError, match="hmm must be True or False"):
            seo.ChineseTokenizer(hmm="no")


class TestMaskedArrays:
    """Masked arrays lost their mask: the hidden values were read as numbers."""

    def test_masked_values_are_refused_by_name_and_index(self) -> None:
        arr = np.ma.masked_array([100.0, 200.0], mask=[False, True])
        with pytest.raises(InvalidInputError, match=r"demand_rate must be unmasked.*index 1"):
            inventory.economic_order_quantity(arr, 10, 1)
        with pytest.raises(InvalidInputError, match=r"amounts must be unmasked.*index 1"):
            money.round_money(arr, "CNY")

    def test_filled_with_nan_follows_the_nan_rule(self) -> None:
        arr = np.ma.masked_array([100.0, 200.0], mask=[False, True])
        out = inventory.economic_order_quantity(arr.filled(np.nan), 10, 1).order_quantity
        assert np.isfinite(out[0])
        assert np.isnan(out[1])

    def test_nothing_masked_reads_the_data(self) -> None:
        arr = np.ma.masked_array([100.0, 200.0])
        got = inventory.economic_order_quantity(arr, 10, 1).order_quantity
        want = inventory.economic_order_quantity([100.0, 200.0], 10, 1).order_quantity
        np.testing.assert_array_equal(got, want)


class TestFramesDoNotBroadcastToGrids:
    """An (n, 1) frame against an (n,) array silently broadcast to n x n."""

    @pytest.mark.parametrize("make", [pd.DataFrame, pl.DataFrame])
    def test_one_column_frame_is_refused(self, make: type) -> None:
        frame = make({"price": [10.0, 11.0, 12.0]})
        with pytest.raises(InvalidInputError, match=r"price must be one column"):
            pricing.margin_on_price(frame, np.array([1.0, 2.0, 3.0]))
        with pytest.raises(InvalidInputError, match=r"amounts must be one column"):
            money.round_money(frame, "CNY")

    def test_a_column_aligns(self) -> None:
        frame = pd.DataFrame({"price": [10.0, 11.0, 12.0]})
        out = pricing.margin_on_price(frame["price"], np.array([1.0, 2.0, 3.0]))
        assert out.shape == (3,)

    def test_numpy_grids_asked_for_on_purpose_still_broadcast(self) -> None:
        a, b = broadcast(x=np.ones((2, 1)), y=np.ones(3))
        assert a.shape == b.shape == (2, 3)
        assert funnel.sample_size_proportions([0.03, 0.10], [[0.003], [0.01]]).nobs_a.shape == (
            2,
            2,
        )


class TestRaggedLists:
    """Ragged lists leaked numpy's own ValueError."""

    def test_ragged_is_refused_by_name(self) -> None:
        ragged = [[1.0], [1.0, 2.0]]
        with pytest.raises(InvalidInputError, match="price must be numeric of a regular shape"):
            pricing.margin_on_price(ragged, 1.0)
        with pytest.raises(InvalidInputError, match="amounts must be numeric of a regular shape"):
            money.round_money(ragged, "CNY")
        with pytest.raises(InvalidInputError, match="x must be integer of a regular shape"):
            as_int_array(ragged, "x")


class TestPricesAndTextsReadByTheSameRules:
    """The price-ending functions and the SEO sequences had their own conversion."""

    def test_price_endings(self) -> None:
        with pytest.raises(InvalidInputError, match="prices must be numeric of a regular shape"):
            pricing.prestige_price([[1.0], [1.0, 2.0]], step=10, currency="CNY")
        with pytest.raises(InvalidInputError, match=r"prices must be unmasked.*index 1"):
            pricing.prestige_price(
                np.ma.masked_array([93.0, 95.0], [0, 1]), step=10, currency="CNY"
            )
        with pytest.raises(InvalidInputError, match="prices must be one column"):
            pricing.prestige_price(pd.DataFrame({"p": [93.0]}), step=10, currency="CNY")

    def test_seo_sequences_refuse_frames_and_mappings(self) -> None:
        # list() of a frame gives its column names, of a dict its keys
        titles = pd.DataFrame({"title": ["yoga mat", "green tea"]})
        with pytest.raises(InvalidInputError, match="titles must be a sequence of strings"):
            seo.keyword_coverage(titles, ["yoga"])
        with pytest.raises(InvalidInputError, match="keywords must be a sequence of strings"):
            seo.keyword_coverage(["yoga mat"], {"yoga": 1})
        covered = seo.keyword_coverage(titles["title"], ["yoga"]).covered
        assert covered.tolist() == [[True], [False]]

    @pytest.mark.parametrize("value", [None, 3, [["exact"]], 1j])
    def test_sem_keywords_match_types(self, value: object) -> None:
        with pytest.raises(InvalidInputError, match="match_types"):
            seo.sem_keywords(["yoga mat"], ["buy"], match_types=value)  # type: ignore[arg-type]


class TestOptions:
    """None in an option leaked TypeError."""

    @pytest.mark.parametrize("value", [None, ["a"], {"a": 1}, 3, np.array(["a"]), b"a"])
    def test_check_option_refuses_non_strings(self, value: object) -> None:
        with pytest.raises(InvalidInputError, match="mode must be one of 'a', 'b'"):
            check_option(value, "mode", ("a", "b"))  # type: ignore[type-var]

    def test_public_options(self) -> None:
        with pytest.raises(InvalidInputError, match="rounding must be one of"):
            money.round_money(1.0, "CNY", rounding=None)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="method must be one of"):
            money.allocate(100, [1, 2], method=None)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Leaked exceptions and warnings
# ---------------------------------------------------------------------------


class TestLoneSurrogates:
    """Lone surrogates in SEO titles leaked UnicodeEncodeError."""

    TITLE = "abc\ud800def 连衣裙"

    @pytest.mark.parametrize("unit", ["chars", "gbk_bytes", "width"])
    def test_title_length(self, unit: str) -> None:
        with pytest.raises(InvalidInputError, match=r"text must be valid Unicode.*position 3"):
            seo.title_length(self.TITLE, length_unit=unit)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match=r"text\[1\] must be valid Unicode"):
            seo.title_length(["ok", self.TITLE], length_unit=unit)  # type: ignore[arg-type]

    def test_check_title_and_others(self) -> None:
        with pytest.raises(InvalidInputError, match="title must be valid Unicode"):
            seo.check_title(self.TITLE, "taobao")
        with pytest.raises(InvalidInputError, match="text must be valid Unicode"):
            seo.normalize_text(self.TITLE)
        with pytest.raises(InvalidInputError, match=r"titles\[0\] must be valid Unicode"):
            seo.keyword_coverage([self.TITLE], ["abc"])
        with pytest.raises(InvalidInputError, match="separator must be valid Unicode"):
            seo.build_title(["dress"], [1.0], rules="taobao", separator="\udc80")
        with pytest.raises(InvalidInputError, match="queries must be valid Unicode"):
            seo.bm25_scores(self.TITLE, ["abc", "def"])

    def test_valid_text_is_unchanged(self) -> None:
        assert seo.title_length("连衣裙 dress😀", length_unit="gbk_bytes") == 16


class TestToPolars:
    """CustomerSummary.to_polars() always failed on datetime resolution."""

    def test_customer_summary_to_polars(self) -> None:
        day = np.array(["2024-01-01", "2024-02-01", "2024-01-05"], dtype="datetime64[D]")
        s = segmentation.customer_summary(
            ["a", "a", "b"], day, [10.0, 20.0, 5.0], as_of="2024-03-01"
        )
        frame = s.to_polars()
        assert frame.height == 2
        assert frame["first_purchase"].dtype == pl.Datetime("ms")
        got = frame["last_purchase"].to_numpy().astype("datetime64[s]")
        np.testing.assert_array_equal(got, s.last_purchase)
        assert frame["recency_days"].to_list() == s.to_pandas()["recency_days"].tolist()


class TestModelEquality:
    """== on InventoryItems / SegmentMap raised (pydantic asked numpy for an array's truth)."""

    KW: dict[str, object] = {  # noqa: RUF012
        "unit_cost": [1.0, 2.0],
        "order_cost": [3.0, 4.0],
        "holding_rate": [0.2, 0.2],
        "lead_time_days": [5.0, 6.0],
        "cycle_service_level": 0.95,
    }

    def test_inventory_items(self) -> None:
        a = inventory.InventoryItems(**self.KW)  # type: ignore[arg-type]
        b = inventory.InventoryItems(**self.KW)  # type: ignore[arg-type]
        c = inventory.InventoryItems(**{**self.KW, "unit_cost": [1.0, 3.0]})  # type: ignore[arg-type]
        assert (a == b) is True
        assert (a != b) is False
        assert (a == c) is False
        assert hash(a) == hash(b)
        assert (a == 3) is False

    def test_segment_map(self) -> None:
        a = segmentation.SegmentMap.preset("champions_11")
        b = segmentation.SegmentMap.preset("champions_11")
        other = next(p for p in segmentation.SegmentMap.PRESETS if p != "champions_11")
        assert (a == b) is True
        assert hash(a) == hash(b)
        assert (a == segmentation.SegmentMap.preset(other)) is False

    def test_inventory_items_scalar_column(self) -> None:
        # a scalar column used to leak IndexError from the shape check
        kw = {**self.KW, "unit_cost": float("nan")}
        with pytest.raises(ValidationError, match="unit_cost must be 1-D"):
            inventory.InventoryItems(**kw)  # type: ignore[arg-type]
        kw = {**self.KW, "unit_cost": [1.0, float("nan")]}
        with pytest.raises(ValidationError, match="1 value is not, first at index 1: nan"):
            inventory.InventoryItems(**kw)  # type: ignore[arg-type]

    @pytest.mark.parametrize("index", [-1, 2, 1.0, None, True, "0", [0], 1j])
    def test_inventory_items_item_index(self, index: object) -> None:
        # leaked IndexError / TypeError; -1 silently gave the last row
        items = inventory.InventoryItems(**self.KW)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match=r"^index must be"):
            items.item(index)  # type: ignore[arg-type]
        assert items.item(np.int64(1)).unit_cost == 2.0

    def test_models_without_arrays_unchanged(self) -> None:
        item = inventory.InventoryItem(
            unit_cost=1, order_cost=3, holding_rate=0.2, lead_time_days=5, cycle_service_level=0.95
        )
        assert item == item.model_copy()
        assert hash(item) == hash(item.model_copy())
        assert item != item.model_copy(update={"unit_cost": 2.0})


class TestNoWarningsOnValidInput:
    """RuntimeWarnings escaped on valid input (fit_pareto_nbd, rq_policy with zero std)."""

    def test_keyword_effectiveness_index_huge_volume(self) -> None:
        # volume**2 overflowed to inf with a RuntimeWarning
        with pytest.raises(InvalidInputError, match=r"^volume must be < 1.341e\+154.*index 1"):
            seo.keyword_effectiveness_index([1.0, 1e300], 3)
        assert seo.keyword_effectiveness_index(1e150, 3) == pytest.approx(1e300 / 3)

    def test_rq_policy_zero_std_loss_function(self) -> None:
        res = inventory.rq_policy(100, 0.0, 5, 100, 2, 10, method="loss_function")
        assert np.isfinite(res.reorder_point)
        assert np.isfinite(res.order_quantity)
        both = inventory.rq_policy([100, 100], [0.0, 5.0], 5, 100, 2, 10, method="loss_function")
        assert both.reorder_point[0] == pytest.approx(res.reorder_point)

    @pytest.mark.parametrize("method", ["exact", "loss_function", "eoq_safety_stock"])
    @pytest.mark.parametrize("std", [1e-300, 1e-160, 1e-100])
    def test_rq_policy_tiny_std_is_the_deterministic_answer(self, method: str, std: float) -> None:
        # a positive std too small to matter gave -inf reorder points and NaN costs
        zero = inventory.rq_policy(100, 0.0, 5, 100, 2, 10, method=method)  # type: ignore[arg-type]
        tiny = inventory.rq_policy(100, std, 5, 100, 2, 10, method=method)  # type: ignore[arg-type]
        assert tiny.reorder_point == pytest.approx(zero.reorder_point, rel=1e-12)
        assert tiny.order_quantity == pytest.approx(zero.order_quantity, rel=1e-12)
        assert tiny.expected_cost == pytest.approx(zero.expected_cost, rel=1e-12)

    def test_fit_pareto_nbd(self) -> None:
        # Data whose optimiser path probes parameters where A0's hypergeometric term is NaN.
        rng = np.random.default_rng(1)
        n = 200
        rate = rng.gamma(0.2, 1 / 20.0, n)
        lifetime = rng.exponential(1 / rng.gamma(3.0, 1 / 5.0, n))
        big_t = rng.integers(20, 53, n).astype(float)
        active = np.minimum(lifetime, big_t)
        x = rng.poisson(rate * active)
        t_x = np.where(x > 0, active * rng.random(n) ** (1 / np.maximum(x, 1)), 0.0)
        fit = segmentation.fit_pareto_nbd(x, t_x, big_t)
        assert np.isfinite(fit.log_likelihood)


# ---------------------------------------------------------------------------
# Messages that name the wrong thing
# ---------------------------------------------------------------------------


class TestMessagesNameTheParameter:
    def test_economic_order_quantity_of_an_item_blames_demand_mean(self) -> None:
        """InventoryItem.economic_order_quantity(inf) blamed demand_rate."""
        item = inventory.InventoryItem(
            unit_cost=1, order_cost=3, holding_rate=0.2, lead_time_days=5, cycle_service_level=0.95
        )
        with pytest.raises(InvalidInputError, match=r"^demand_mean must not be infinite"):
            item.economic_order_quantity(float("inf"))
        with pytest.raises(InvalidInputError, match=r"^demand_mean must be >= 0; got -1"):
            item.economic_order_quantity(-1)
        with pytest.raises(InvalidInputError, match=r"^demand_mean must be < .*finite yearly"):
            item.economic_order_quantity(1e308)
        items = inventory.InventoryItems(**TestModelEquality.KW)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match=r"^demand_mean must not be infinite.*index 1"):
            items.economic_order_quantity([1.0, float("inf")])

    def test_sample_size_ratio_inf_blames_ratio(self) -> None:
        """sample_size_proportions(ratio=inf) blamed baseline."""
        with pytest.raises(InvalidInputError, match=r"^ratio must be a number > 0 \(finite\)"):
            funnel.sample_size_proportions(0.03, 0.01, ratio=float("inf"))
        with pytest.raises(InvalidInputError, match=r"^ratio must be a number > 0"):
            funnel.sample_size_proportions(0.03, 0.01, ratio=None)  # type: ignore[arg-type]

    def test_sample_size_never_overflows_int64(self) -> None:
        # ratio=1e300 used to give nobs_b = -2**63
        for ratio in (1e300, 1e-300):
            with pytest.raises(InvalidInputError, match=r"group sizes below 2\*\*62"):
                funnel.sample_size_proportions(0.03, 0.01, ratio=ratio)
        with pytest.raises(InvalidInputError, match=r"^minimum_detectable_effect must give"):
            funnel.sample_size_proportions(0.03, 1e-300)

    def test_sample_size_nan_names_its_parameter(self) -> None:
        with pytest.raises(InvalidInputError, match=r"^baseline must not be NaN.*index 1"):
            funnel.sample_size_proportions([0.03, np.nan], 0.01)
        with pytest.raises(InvalidInputError, match=r"^minimum_detectable_effect must not be NaN"):
            funnel.sample_size_proportions(0.03, np.nan)

    def test_price_points_huge_point(self) -> None:
        # leaked OverflowError from the int64 conversion of the points
        with pytest.raises(InvalidInputError, match=r"^points must be < 1e\+12 CNY.*index 0"):
            pricing.price_points(93.0, [1e300, 9.9], currency="CNY")

    def test_prestige_price_huge_step(self) -> None:
        """prestige_price(step=1e300) said 'prices must be < -1e+300'."""
        with pytest.raises(InvalidInputError, match=r"^step must be < 1e\+12 CNY"):
            pricing.prestige_price(99.0, step=1e300, currency="CNY")
        assert pricing.prestige_price(99.0, step=9e11, currency="CNY") == money.Money(
            "900000000000.00", "CNY"
        )


def test_edge_models_refuse_booleans_as_numbers() -> None:
    """``InventoryItem(unit_cost=True)`` was read as a unit cost of 1."""
    from pydantic import ValidationError

    from ecomops.inventory import InventoryItem
    from ecomops.pricing import Product

    with pytest.raises(ValidationError, match="unit_cost must be a number, not a boolean"):
        InventoryItem(
            sku="a", unit_cost=True, demand_mean=1, demand_std=1, lead_time_days=1,
            ordering_cost=1, holding_rate=0.2,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="extra_cost_per_unit must be a number"):
        Product(sku="a", unit_cost=10, extra_cost_per_unit=False)
