"""Edge inputs of pricing, inventory and SEO: refused by name, or a defined answer.

Each test names the example of the common contract it pins (the bad input that
used to leak a foreign exception or an error naming the wrong thing).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pydantic
import pytest

from ecomops import inventory, pricing, seo
from ecomops.exceptions import InvalidInputError

# --------------------------------------------------------------------------- pricing


class TestPricing:
    @pytest.mark.parametrize(
        ("model", "price"),
        [
            (pricing.LinearDemand(100.0, -2.0), np.array([20.0, 30.0, 40.0])),
            (pricing.ExponentialDemand(100.0, -0.05), np.array([20.0, 30.0, 40.0])),
            (pricing.ConstantElasticityDemand(1000.0, -2.0), np.array([20.0, 30.0, 40.0])),
        ],
    )
    def test_profit_fee_rates_empty_names_the_parameter(
        self, model: pricing.LinearDemand, price: np.ndarray
    ) -> None:
        # example: Demand.profit(fee_rates=[]) leaked numpy's broadcast ValueError
        with pytest.raises(InvalidInputError, match=r"fee_rates \(0,\)"):
            model.profit(price, 10.0, fee_rates=np.array([]))

    def test_profit_unit_cost_2d_names_the_parameter(self) -> None:
        # example: ConstantElasticityDemand.profit(unit_cost=2-D) leaked ValueError
        model = pricing.ConstantElasticityDemand(1000.0, -2.0)
        with pytest.raises(InvalidInputError, match=r"unit_cost \(2, 2\)"):
            model.profit(np.array([20.0, 30.0, 40.0]), np.ones((2, 2)))

    def test_profit_valid_shapes_unchanged(self) -> None:
        assert pricing.LinearDemand(100.0, -2.0).profit(30.0, 10.0) == 800.0
        out = pricing.LinearDemand(100.0, -2.0).profit([30.0, 20.0], [[10.0], [0.0]])
        assert out.shape == (2, 2)

    @pytest.mark.parametrize("cost", [1e300, float(np.iinfo(np.int64).max)])
    def test_price_rule_huge_unit_cost_names_unit_cost(self, cost: float) -> None:
        # example: PriceRule.price(unit_cost=[5, 1e300]) blamed "price", no parameter
        rule = pricing.PriceRule(currency="USD", markup_on_cost=1.0, ending=".99")
        with pytest.raises(InvalidInputError, match=r"unit_cost.*fit in int64 minor units"):
            rule.price(np.array([5.0, cost]))

    @pytest.mark.parametrize(
        "price",
        [float("inf"), -1e300, float("-inf"), None, True, 12.34 + 1j, {}, float("nan"), -13.34,
         [[1.0], [1.0, 2.0]], "abc"],
    )  # fmt: skip
    def test_product_charm_price_names_price(self, price: object) -> None:
        # example: Product.charm_price(None) said "prices must be ...", not the parameter
        product = pricing.Product(unit_cost=19, currency="USD")
        with pytest.raises(InvalidInputError, match=r"^price must"):
            product.charm_price(price, ending=".99")  # type: ignore[arg-type]

    def test_charm_price_function_still_names_prices(self) -> None:
        with pytest.raises(InvalidInputError, match=r"^prices must"):
            pricing.charm_price(-1.0, ending=".99", currency="USD")
        product = pricing.Product(unit_cost=19, currency="USD")
        assert str(product.charm_price(20.0, ending=".99").amount) == "19.99"

    @pytest.mark.parametrize("name", ["initial_inventory", "season_weeks"])
    def test_markdown_projection_2d_names_the_parameter(self, name: str) -> None:
        # example: markdown_projection(initial_inventory=2-D) said "inputs must be ..."
        args = {
            "initial_inventory": 1000.0,
            "season_weeks": 16.0,
            "current_week": 2.0,
            "inventory_now": 825.0,
            "target_end_inventory": 150.0,
        }
        args[name] = np.full((2, 2), args[name])
        with pytest.raises(InvalidInputError, match=rf"^{name} must be a scalar or 1-dim"):
            pricing.markdown_projection(**args)

    def test_optimal_price_2d_elasticity_names_elasticity(self) -> None:
        # example: optimal_price(elasticity=2-D) blamed the model's constant_elasticity
        with pytest.raises(InvalidInputError, match=r"^elasticity must be a scalar or 1-dim"):
            pricing.optimal_price(10.0, elasticity=np.full((2, 2), -2.0))


# --------------------------------------------------------------------------- inventory


class TestInventory:
    def test_items_eoq_empty_demand_names_demand_mean(self) -> None:
        # example: InventoryItems.economic_order_quantity([]) blamed "demand_rate"
        items = inventory.InventoryItems(
            unit_cost=[40.0, 8.0],
            order_cost=[50.0, 20.0],
            holding_rate=[0.25, 0.25],
            lead_time_days=[10, 4],
            cycle_service_level=0.95,
        )
        with pytest.raises(InvalidInputError, match=r"^demand_mean must be one value or one per"):
            items.economic_order_quantity(np.array([]))
        assert items.economic_order_quantity([12.0, 30.0]).order_quantity.shape == (2,)

    def test_days_of_supply_2d_period_days_names_it(self) -> None:
        # example: days_of_supply(period_days=2-D) leaked TypeError
        with pytest.raises(InvalidInputError, match=r"^period_days must be a single number"):
            inventory.days_of_supply(30, [[4, 6, 5, 5]], period_days=np.full((2, 2), 7.0))
        assert inventory.days_of_supply(30, [[4, 6, 5, 5]], period_days=7).tolist() == [42.0]

    @pytest.mark.parametrize("name", ["adi_threshold", "cv2_threshold"])
    @pytest.mark.parametrize(
        "bad", [[[1.5, 1.5], [1.5, 1.5]], 1.5 + 1j, {}, [[1.0], [1.0, 2.0]], "abc"]
    )
    def test_demand_pattern_thresholds_named(self, name: str, bad: object) -> None:
        # example: demand_pattern(adi_threshold="abc") leaked ValueError from float()
        with pytest.raises(InvalidInputError, match=rf"^{name} must"):
            inventory.demand_pattern([[5, 6, 5, 4, 6, 5]], **{name: bad})

    def test_demand_pattern_threshold_range_message_kept(self) -> None:
        with pytest.raises(InvalidInputError, match="adi_threshold must be > 1 and cv2"):
            inventory.demand_pattern([[5, 6, 5, 4, 6, 5]], adi_threshold=0.5)

    @pytest.mark.parametrize("method", ["exact", "loss_function"])
    def test_rq_policy_empty_demand_is_an_empty_answer(self, method: str) -> None:
        # example: rq_policy(demand_mean=[]) leaked "zero-size array to reduction" ValueError
        out = inventory.rq_policy(
            np.array([]), 3.0, 5.0, 50.0, 0.1,
            shortage_cost_per_unit_per_period=5.0, method=method,  # type: ignore[arg-type]
        )  # fmt: skip
        assert out.reorder_point.shape == (0,)
        assert out.order_quantity.shape == (0,)


# --------------------------------------------------------------------------- seo


def _coverage() -> seo.KeywordCoverage:
    return seo.keyword_coverage(["green tea set", "yoga mat"], ["green tea", "mat"])


class TestSeo:
    @pytest.mark.parametrize(
        "index",
        [float("inf"), -1e300, float("-inf"), 1e300, np.float64(0.0), None, True, 1 + 1j, {},
         np.array([]), np.iinfo(np.int64).max, np.iinfo(np.int64).min, float("nan"), -13.34,
         [[1], [1, 2]], "abc", 2, -3],
    )  # fmt: skip
    def test_keyword_coverage_title_index_named(self, index: object) -> None:
        # example: KeywordCoverage.missing(1e300) leaked IndexError
        cov = _coverage()
        for method in (cov.missing, cov.present):
            with pytest.raises(InvalidInputError, match=r"^title_index must"):
                method(index)  # type: ignore[arg-type]

    def test_keyword_coverage_valid_indices_unchanged(self) -> None:
        cov = _coverage()
        assert cov.present(0) == ["green tea"]
        assert cov.missing(np.int64(1)) == ["green tea"]
        assert cov.present(-1) == ["mat"]  # Python's negative index, as before

    def test_title_rules_nat_as_of_refused(self) -> None:
        # example: TitleRules(as_of=pd.NaT) leaked TypeError
        with pytest.raises(pydantic.ValidationError, match="as_of"):
            seo.TitleRules(
                platform="x", length_unit="chars", max_length=80, as_of=pd.NaT, source="s"
            )
        with pytest.raises(pydantic.ValidationError, match="as_of"):
            seo.TitleRules(
                platform="x",
                length_unit="chars",
                max_length=80,
                as_of=np.datetime64("NaT"),
                source="s",
            )
        ok = seo.TitleRules(
            platform="x", length_unit="chars", max_length=80, as_of="2026-01-01", source="s"
        )
        assert ok.as_of == dt.date(2026, 1, 1)

    def test_bm25_mapping_b_needs_mapping_documents(self) -> None:
        # example: bm25_scores(b={}) on plain documents was accepted (and ignored)
        docs = ["green tea cup", "yoga mat", "tea pot"]
        with pytest.raises(InvalidInputError, match=r"^b as a mapping"):
            seo.bm25_scores(["green tea"], docs, b={})
        fields = {"title": docs}
        np.testing.assert_allclose(
            seo.bm25_scores(["green tea"], fields, b={"title": 0.75}),
            seo.bm25_scores(["green tea"], docs),
        )

    @pytest.mark.parametrize("platform", [None, "a\ud800b", 7])
    def test_title_rules_names_platform(self, platform: object) -> None:
        # example: title_rules(None) said "rules must ...", not the parameter
        with pytest.raises(InvalidInputError, match=r"^platform must name rules"):
            seo.title_rules(platform)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match=r"^rules must be a TitleRules"):
            seo.check_title("x", platform)  # type: ignore[arg-type]
