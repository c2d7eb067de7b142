"""Tests of ecomops.pricing markdowns, Van Westendorp, price index and the edge models."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ecomops.exceptions import InvalidInputError
from ecomops.money import Money, MoneyArray
from ecomops.pricing import (
    CHARM_PRESETS,
    LinearDemand,
    PriceRule,
    Product,
    charm_price,
    cost_plus_price,
    margin_on_price,
    markdown_projection,
    price_index,
    van_westendorp,
)


class TestMarkdownProjection:
    def test_inventorize_possible_markdowns_reference(self) -> None:
        # inventorize 1.2.6: possible_markdowns(begining_inventory=1000, weeks=16,
        # current_week=2, inventory_at_week=825, expected_at_season_end=150) gives
        # expected_inventory_at_end_of_season 214.600924, status 'Slow moving', and
        # margin_sales_increase 1.265121 at markdown 0.9, 1.840585 at 0.8, NaN at 0.7
        proj = markdown_projection(1000, 16, 2, 825, 150)
        assert proj.projected_end_inventory == pytest.approx(214.600924, abs=1e-6)
        assert proj.needs_markdown is True
        assert proj.weekly_sell_through_rate == pytest.approx(1 - 0.825**0.5)
        multipliers = proj.break_even_multiplier([0.9, 0.8, 0.7])
        np.testing.assert_allclose(multipliers[:2], [1.265121, 1.840585], atol=1e-6)
        assert multipliers[2] == np.inf  # inventorize returns NaN and filters the row out

    def test_required_rate(self) -> None:
        proj = markdown_projection(1000, 16, 2, 825, 150)
        rate = proj.weekly_sell_through_rate * proj.required_rate_multiplier
        # selling at the required rate ends exactly at the target
        assert 825 * (1 - rate) ** 14 == pytest.approx(150.0)
        assert proj.choose_markdown([0.9, 0.8, 0.7, 0.5], elasticity=-2.0) == 0.8
        assert proj.choose_markdown([0.9], elasticity=-2.0) == 0.9  # the deepest step

    def test_vectorised_and_edge_cases(self) -> None:
        proj = markdown_projection([1000, 500, 400], 16, 2, [825, 300, 400], 150)
        np.testing.assert_array_equal(proj.needs_markdown, [True, False, True])
        assert proj.required_rate_multiplier[1] < 1.0  # could even sell slower
        assert proj.required_rate_multiplier[2] == np.inf  # nothing sold yet
        np.testing.assert_array_equal(
            proj.choose_markdown([0.9, 0.7], elasticity=-3.0), [0.9, 1.0, 0.7]
        )
        assert len(proj) == 3

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            ((1000, 2, 2, 900, 100), "season_weeks must be > current_week"),
            ((1000, 16, 0, 900, 100), "current_week must be > 0"),
            ((1000, 16, 2, 1200, 100), "inventory_now must be <= initial_inventory"),
            ((1000, 16, 2, 900, -1), "target_end_inventory must be >= 0"),
        ],
    )
    def test_bad_input(self, args: tuple[float, ...], match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            markdown_projection(*args)


def psm_oracle(answers: list[tuple[float, float, float, float]]) -> tuple[float, ...]:
    """Brute-force reference: shares at every answered price, linear crossings."""
    grid = sorted({x for row in answers for x in row})
    n = len(answers)

    def curve(j: int, at_or_above: bool) -> list[float]:
        if at_or_above:
            return [sum(row[j] >= p for row in answers) / n for p in grid]
        return [sum(row[j] <= p for row in answers) / n for p in grid]

    tc, c = curve(0, True), curve(1, True)
    e, te = curve(2, False), curve(3, False)

    def cross(falling: list[float], rising: list[float]) -> float:
        for i, p in enumerate(grid):
            d = rising[i] - falling[i]
            if d >= 0:
                if i == 0:
                    return p
                d0 = rising[i - 1] - falling[i - 1]
                return grid[i - 1] + (p - grid[i - 1]) * (-d0) / (d - d0)
        raise AssertionError("no crossing")

    return (
        cross(tc, [1 - x for x in c]),
        cross(tc, te),
        cross(c, e),
        cross([1 - x for x in e], te),
    )


answers = st.lists(
    st.tuples(*(st.integers(1, 60) for _ in range(4))).map(lambda t: tuple(sorted(set(t)))),
    min_size=2,
    max_size=40,
).map(lambda rows: [r for r in rows if len(r) == 4])


class TestVanWestendorp:
    def test_hand_computed_example(self) -> None:
        # five respondents; hand computation of the shares at each answered price:
        # PMC at 9 (too cheap 1/5 = not cheap 1/5), OPP at 11, IPP at 12, PME at 16
        res = van_westendorp(
            [5, 6, 7, 8, 10], [8, 9, 10, 11, 12], [12, 14, 15, 16, 18], [15, 18, 20, 22, 25]
        )
        assert (
            res.point_of_marginal_cheapness,
            res.optimal_price_point,
            res.indifference_price_point,
            res.point_of_marginal_expensiveness,
        ) == (9.0, 11.0, 12.0, 16.0)
        assert res.acceptable_range == (9.0, 16.0)
        assert res.n_respondents == 5
        assert res.n_inconsistent == 0

    def test_interpolated_crossing(self) -> None:
        # IPP between two answered prices: cheap falls 0.5 -> 0 and expensive rises 0 -> 0.5
        # from 4 to 5, so they cross halfway; too cheap and too expensive both sit at 0 from
        # 3 to 6, and the lowest such price is the OPP (R's intersection_method = "min")
        res = van_westendorp([1, 2], [3, 4], [5, 6], [7, 8])
        assert res.indifference_price_point == 4.5
        assert res.optimal_price_point == 3.0
        assert res.curves.share_too_cheap[0] == 1.0
        assert res.curves.share_too_expensive[-1] == 1.0

    @given(rows=answers)
    def test_matches_the_oracle_and_curves_are_monotone(
        self, rows: list[tuple[float, float, float, float]]
    ) -> None:
        if len(rows) < 2:
            return
        cols = list(zip(*rows, strict=True))
        res = van_westendorp(*cols)
        assert (
            res.point_of_marginal_cheapness,
            res.optimal_price_point,
            res.indifference_price_point,
            res.point_of_marginal_expensiveness,
        ) == pytest.approx(psm_oracle(rows))
        curves = res.curves
        assert np.all(np.diff(curves.share_too_cheap) <= 0)
        assert np.all(np.diff(curves.share_cheap) <= 0)
        assert np.all(np.diff(curves.share_expensive) >= 0)
        assert np.all(np.diff(curves.share_too_expensive) >= 0)
        lo, hi = curves.price[0], curves.price[-1]
        assert lo <= res.point_of_marginal_cheapness <= hi
        assert lo <= res.point_of_marginal_expensiveness <= hi

    def test_inconsistent_answers(self) -> None:
        tc, c, e, te = [5, 6, 9, 7], [8, 9, 8, 10], [12, 14, 15, 16], [15, 18, 20, 22]
        res = van_westendorp(tc, c, e, te)
        assert res.n_inconsistent == 1
        assert res.n_respondents == 3
        with pytest.raises(InvalidInputError, match=r"strictly increasing.*index 2"):
            van_westendorp(tc, c, e, te, inconsistent="raise")
        with pytest.raises(InvalidInputError, match="at least 2 consistent"):
            van_westendorp([1], [2], [3], [4])
        with pytest.raises(InvalidInputError, match="one length"):
            van_westendorp([1, 2], [2, 3], [3, 4], [4])


class TestPriceIndex:
    def test_reference_values(self) -> None:
        # ILO CPI Manual ch. 20: Jevons (geometric), Carli (arithmetic), Dutot (aggregate)
        own, comp = [110.0, 90.0], [100.0, 100.0]
        assert price_index(own, comp) == pytest.approx(100 * np.sqrt(1.1 * 0.9))
        assert price_index(own, comp, method="arithmetic") == pytest.approx(100.0)
        assert price_index(own, [50.0, 150.0], method="aggregate") == pytest.approx(100.0)

    @given(st.lists(st.tuples(st.floats(1, 1e4), st.floats(1, 1e4)), min_size=1, max_size=20))
    def test_geometric_is_symmetric(self, pairs: list[tuple[float, float]]) -> None:
        own, comp = (list(x) for x in zip(*pairs, strict=True))
        assert price_index(own, comp) * price_index(comp, own) == pytest.approx(1e4)

    def test_competitors_and_groups(self) -> None:
        comp = np.array([[9.0, 11.0, np.nan], [np.nan, np.nan, np.nan], [20.0, 20.0, 22.0]])
        own = [10.0, 99.0, 21.0]
        assert price_index(own, comp, reference="min") == pytest.approx(
            100 * np.sqrt(10 / 9 * 21 / 20)
        )
        table = price_index(own, comp, categories=["tea", "tea", "snacks"], method="arithmetic")
        np.testing.assert_array_equal(table.category, ["snacks", "tea"])
        np.testing.assert_allclose(table.price_index, [100 * 21 / 62 * 3, 100.0])
        np.testing.assert_array_equal(table.n_skus, [1, 1])
        with pytest.raises(InvalidInputError, match="in a category"):
            price_index(own, comp, categories=["tea", "coffee", "snacks"])
        with pytest.raises(InvalidInputError, match=r"own_prices must be > 0"):
            price_index([0.0], [1.0])


class TestEdgeModels:
    def test_product_methods_equal_the_functions(self) -> None:
        item = Product(
            unit_cost=Decimal("30.00"), currency="CNY", fee_rates=(0.05, 0.006),
            extra_cost_per_unit=Decimal("2.50"), min_margin_on_price=0.2, sku="SKU-1",
        )  # fmt: skip
        kw = {"fee_rates": (0.05, 0.006), "extra_cost_per_unit": 2.5}
        cost = Money("30.00", "CNY")
        assert item.price_for_margin(0.35) == cost_plus_price(cost, margin_on_price=0.35, **kw)
        assert item.floor_price() == cost_plus_price(
            cost, margin_on_price=0.2, rounding="ceiling", **kw
        )
        assert item.margin_on_price("54.90") == margin_on_price(54.9, 30.0, **kw)
        assert item.margin_on_price(Money("54.90", "CNY")) == margin_on_price(54.9, 30.0, **kw)
        assert item.charm_price(42.0, ending=".9") == charm_price(
            42.0, ending=".9", currency="CNY", floor=item.floor_price()
        )
        assert item.optimal_price(LinearDemand(200.0, -2.0)) == pytest.approx(
            LinearDemand(200.0, -2.0).optimal_price(
                32.5, fee_rates=(0.05, 0.006), min_margin_on_price=0.2
            )
        )
        assert Product.model_validate_json(item.model_dump_json()) == item

    def test_product_validation(self) -> None:
        with pytest.raises(ValidationError, match="sum to < 1"):
            Product(unit_cost=1, currency="CNY", fee_rates=(0.5,), min_margin_on_price=0.6)
        with pytest.raises(ValidationError, match="greater than or equal to 0"):
            Product(unit_cost=-1, currency="CNY")
        with pytest.raises(ValidationError, match="unknown currency"):
            Product(unit_cost=1, currency="RMBX")
        with pytest.raises(ValidationError, match="Extra inputs"):
            Product(unit_cost=1, currency="CNY", colour="red")  # type: ignore[call-arg]

    def test_price_rule_is_vectorised(self) -> None:
        rule = PriceRule(
            **CHARM_PRESETS["CNY_8"], margin_on_price=0.3, fee_rates=(0.05,),
            min_margin_on_price=0.25,
        )  # fmt: skip
        costs = np.array([12.0, 30.0, 31.0, 80.0])
        prices = rule.price(costs)
        assert isinstance(prices, MoneyArray)
        assert [rule.price(float(c)).minor for c in costs] == prices.minor.tolist()
        assert rule.price(MoneyArray.from_amounts(costs, "CNY")) == prices
        fen = prices.minor
        assert all(str(p // 100).endswith("8") and "4" not in str(p) for p in fen.tolist())
        floor = cost_plus_price(
            MoneyArray.from_amounts(costs, "CNY"), margin_on_price=0.25, fee_rates=0.05
        )
        assert (fen >= floor.minor).all()

    def test_price_rule_without_ending_and_validation(self) -> None:
        rule = PriceRule(currency="JPY", markup_on_cost=1.0)
        np.testing.assert_array_equal(rule.price([490, 1000]).minor, [980, 2000])
        with pytest.raises(ValidationError, match="exactly one"):
            PriceRule(currency="JPY")
        with pytest.raises(ValidationError, match="JPY allows 0"):
            PriceRule(currency="JPY", margin_on_price=0.2, ending=".9")
        with pytest.raises(ValidationError, match="avoided digit"):
            PriceRule(currency="CNY", margin_on_price=0.2, ending="4", avoid_digits=(4,))
