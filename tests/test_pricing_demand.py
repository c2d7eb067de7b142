"""Tests of ecomops.pricing elasticity, demand models, optimal prices and demand fitting."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops.exceptions import InfeasibleProblemError, InvalidInputError, SmallSampleWarning
from ecomops.pricing import (
    ConstantElasticityDemand,
    ExponentialDemand,
    LinearDemand,
    LogitDemand,
    fit_demand,
    optimal_price,
    price_elasticity,
)

# inventorize 1.2.6, the docstring example of single_product_optimization:
#   single_product_optimization(x=[5, 8, 10, 12], y=[25, 21, 23, 15], degree=3,
#       service_product_name="Goat Cheese", current_price=8.5, cost=7)
INV_X = [5, 8, 10, 12]
INV_Y = [25, 21, 23, 15]
INV_INTERCEPT = 31.467289719626166  # its lm_model.intercept_
INV_SLOPE = -1.1962616822429906  # its lm_model.coef_
INV_SSR_LINEAR = 17.719626168224316  # its 'squared_error_linear'
INV_GRID_REVENUE_OPTIMUM = 13.62505814  # its 'optimum_linear' (a grid point)
INV_GRID_PROFIT_OPTIMUM = 16.62505814  # its point_of_maximum_profits['linear']
EXACT_REVENUE_OPTIMUM = 13.15234375  # a / (2 b); inventorize's linear_elasticity agrees
EXACT_PROFIT_OPTIMUM = 16.65234375  # (a / b + c) / 2 with c = 7


class TestElasticity:
    def test_midpoint_reference_values(self) -> None:
        # Pearson+ microeconomics practice problems (midpoint method, Mankiw ch. 5):
        # $44 -> $36 with 200,000 -> 280,000 units, and $8 -> $12 with 110 -> 90 units
        assert price_elasticity(44, 200_000, 36, 280_000) == pytest.approx(-5 / 3)
        assert price_elasticity(8, 110, 12, 90) == pytest.approx(-0.5)

    def test_midpoint_is_symmetric_and_simple_is_not(self) -> None:
        # Mankiw's point A ($4, 120) and B ($6, 80): 0.67 one way, 1.5 the other, 1.0 midpoint
        assert price_elasticity(4, 120, 6, 80) == pytest.approx(-1.0)
        assert price_elasticity(6, 80, 4, 120) == pytest.approx(-1.0)
        assert price_elasticity(4, 120, 6, 80, method="simple") == pytest.approx(-2 / 3)
        assert price_elasticity(6, 80, 4, 120, method="simple") == pytest.approx(-1.5)

    def test_vectorised_and_nan(self) -> None:
        out = price_elasticity([4, 4], [120, np.nan], [6, 6], [80, 80])
        assert out[0] == pytest.approx(-1.0)
        assert np.isnan(out[1])

    def test_bad_input(self) -> None:
        with pytest.raises(InvalidInputError, match="price_2 must differ from price_1"):
            price_elasticity(5, 10, 5, 12)
        with pytest.raises(InvalidInputError, match="price_1 must be > 0"):
            price_elasticity(0, 10, 5, 12)
        with pytest.raises(InvalidInputError, match="quantity_1 must be > 0"):
            price_elasticity(4, 0, 5, 12, method="simple")
        with pytest.raises(InvalidInputError, match="method must be one of"):
            price_elasticity(4, 1, 5, 2, method="arc")


class TestOptimalPrice:
    def test_winston_albright_madison(self) -> None:
        # Winston & Albright, Practical Management Science, ch. 7: d = 3,777,178 p^-2.154,
        # unit cost $50; the markup rule gives 50 * 2.154 / 1.154
        assert optimal_price(50, elasticity=-2.154) == pytest.approx(93.3275563, rel=1e-9)
        demand = ConstantElasticityDemand(3_777_178, -2.154)
        assert demand.optimal_price(50.0) == pytest.approx(93.3275563, rel=1e-9)

    def test_fees_raise_the_effective_cost(self) -> None:
        assert optimal_price(9.5, elasticity=-2.0, fee_rates=0.05) == pytest.approx(20.0)

    @pytest.mark.parametrize("e", [-1.0, -0.5, 0.3])
    def test_inelastic_demand_has_no_optimum(self, e: float) -> None:
        with pytest.raises(InfeasibleProblemError, match="rising"):
            optimal_price(10.0, elasticity=e)

    def test_bad_input(self) -> None:
        with pytest.raises(InvalidInputError, match="unit_cost must be > 0"):
            optimal_price(0.0, elasticity=-2.0)


def _grid_argmax(demand: Any, cost: float, lo: float, hi: float) -> float:
    grid = np.linspace(lo, hi, 40_001)
    profit = (grid - cost) * demand.quantity(grid)
    return float(grid[int(np.argmax(profit))])


models = st.one_of(
    st.builds(
        LinearDemand,
        st.floats(10, 1000),
        st.floats(-50, -0.1),
    ),
    st.builds(ConstantElasticityDemand, st.floats(1, 1e6), st.floats(-6, -1.2)),
    st.builds(ExponentialDemand, st.floats(1, 1e4), st.floats(-1, -0.01)),
    st.builds(LogitDemand, st.floats(10, 1e4), st.floats(-20, 5), st.floats(0.05, 2)),
)


class TestDemandModels:
    @given(demand=models, cost=st.floats(0.5, 20))
    def test_closed_form_is_the_argmax_and_above_cost(self, demand: Any, cost: float) -> None:
        if isinstance(demand, LinearDemand) and -demand.intercept / demand.slope <= cost:
            with pytest.raises(InfeasibleProblemError, match="choke price"):
                demand.optimal_price(cost)
            return
        p = demand.optimal_price(cost)
        assert p >= cost
        hi = max(4 * p, cost + 1)
        grid_p = _grid_argmax(demand, cost, cost, hi)
        assert p == pytest.approx(grid_p, abs=(hi - cost) / 40_000 * 2 + 1e-9)
        profit = demand.profit(p, cost)
        assert profit >= demand.profit(p * 1.01, cost) - 1e-9 * abs(profit)
        assert profit >= demand.profit(p * 0.99, cost) - 1e-9 * abs(profit)

    def test_logit_first_order_condition(self) -> None:
        # Phillips: b (p - c) = 1 + e^{-(a + b p)} at the optimum
        demand = LogitDemand(1000.0, -10.0, 0.5)
        p = demand.optimal_price(8.0)
        assert 0.5 * (p - 8.0) == pytest.approx(1 + np.exp(-(-10.0 + 0.5 * p)))
        assert demand.revenue_maximizing_price() == pytest.approx(
            (1 + float(np.real(__import__("scipy.special").special.lambertw(np.exp(9))))) / 0.5
        )

    def test_textbook_logit_shape(self) -> None:
        # d(p) = C e^{-(a+bp)} / (1 + e^{-(a+bp)}): half the market at p = -a/b
        demand = LogitDemand(1000.0, -10.0, 0.5)
        assert demand.quantity(20.0) == pytest.approx(500.0)
        assert demand.quantity(0.0) == pytest.approx(1000 * np.exp(10) / (1 + np.exp(10)))
        assert demand.elasticity(20.0) == pytest.approx(-0.5 * 20 * 0.5)
        assert demand.quantity(1e6) == 0.0  # no overflow warning

    def test_elasticities(self) -> None:
        assert LinearDemand(100.0, -2.0).elasticity(25.0) == -1.0
        assert LinearDemand(100.0, -2.0).elasticity(60.0) == -np.inf
        assert ExponentialDemand(10.0, -0.1).elasticity(30.0) == pytest.approx(-3.0)
        np.testing.assert_allclose(ConstantElasticityDemand(5.0, -1.7).elasticity([1, 9]), -1.7)

    def test_bounds_and_min_margin(self) -> None:
        demand = LinearDemand(100.0, -2.0)  # optimum 30 at cost 10
        assert demand.optimal_price(10.0, bounds=(32.0, None)) == 32.0
        assert demand.optimal_price(10.0, bounds=(None, 27.9)) == 27.9
        assert demand.optimal_price(10.0, min_margin_on_price=0.75) == pytest.approx(40.0)
        with pytest.raises(InfeasibleProblemError, match="lower bound"):
            demand.optimal_price(10.0, bounds=(35.0, 33.0))
        with pytest.raises(InfeasibleProblemError, match="below the effective unit cost"):
            demand.optimal_price(10.0, bounds=(1.0, 9.0))

    def test_unbounded_needs_bounds(self) -> None:
        inelastic = ConstantElasticityDemand(100.0, -0.8)
        with pytest.raises(InfeasibleProblemError, match="infinity"):
            inelastic.optimal_price(5.0)
        assert inelastic.optimal_price(5.0, bounds=(None, 40.0)) == 40.0
        with pytest.raises(InfeasibleProblemError, match="revenue"):
            ConstantElasticityDemand(100.0, -1.0).revenue_maximizing_price()
        with pytest.raises(InfeasibleProblemError, match="zero"):
            ConstantElasticityDemand(100.0, -2.0).revenue_maximizing_price()

    def test_vectorised_models(self) -> None:
        demand = LinearDemand([100.0, 80.0, 50.0], [-2.0, -1.0, 1.0])
        with pytest.raises(InfeasibleProblemError, match="first at index 2"):
            demand.optimal_price(10.0)
        out = demand.optimal_price(10.0, infeasible="nan")
        np.testing.assert_allclose(out[:2], [30.0, 45.0])
        assert np.isnan(out[2])
        # one price per SKU, a grid per SKU, a shared grid
        assert demand.quantity([10.0, 10.0, 10.0]).shape == (3,)
        assert demand.quantity(np.full((3, 4), 5.0)).shape == (3, 4)
        np.testing.assert_allclose(demand.quantity([[0.0, 10.0]])[:, 0], [100, 80, 50])
        with pytest.raises(InvalidInputError, match="does not match 3 SKUs"):
            demand.quantity([1.0, 2.0])

    def test_construction(self) -> None:
        with pytest.raises(InvalidInputError, match="scale must be > 0"):
            ConstantElasticityDemand(0.0, -2.0)
        with pytest.raises(InvalidInputError, match="one length"):
            LinearDemand([1.0, 2.0], [-1.0, -1.0, -1.0])
        demand = LinearDemand([1.0, 2.0], -1.0)  # a scalar broadcasts
        np.testing.assert_array_equal(demand.slope, [-1.0, -1.0])
        assert repr(LinearDemand(100.0, -2.0)) == "LinearDemand(intercept=100, slope=-2)"
        with pytest.raises(ValueError, match="read-only"):
            demand.slope[0] = 3.0  # type: ignore[index]


class TestFitDemand:
    def test_inventorize_linear_reference(self) -> None:
        demand = fit_demand(INV_X, INV_Y)
        assert demand.intercept == pytest.approx(INV_INTERCEPT, rel=1e-12)
        assert demand.slope == pytest.approx(INV_SLOPE, rel=1e-12)
        assert demand.r_squared == pytest.approx(1 - INV_SSR_LINEAR / 56.0, rel=1e-12)
        assert demand.n_observations == 4
        assert demand.revenue_maximizing_price() == pytest.approx(EXACT_REVENUE_OPTIMUM, 1e-12)
        assert demand.optimal_price(7.0) == pytest.approx(EXACT_PROFIT_OPTIMUM, rel=1e-12)

    def test_we_do_not_reproduce_the_inventorize_grid_optimum(self) -> None:
        # inventorize evaluates revenue on np.arange(min - 1.8 sd, max + 1.8 sd), step 1, and
        # reports the best grid point: 13.625 instead of the exact 13.152
        demand = fit_demand(INV_X, INV_Y)
        ours = demand.revenue_maximizing_price()
        assert abs(ours - INV_GRID_REVENUE_OPTIMUM) > 0.4
        assert demand.revenue(ours) > demand.revenue(INV_GRID_REVENUE_OPTIMUM)
        assert demand.profit(demand.optimal_price(7.0), 7.0) > demand.profit(
            INV_GRID_PROFIT_OPTIMUM, 7.0
        )

    def test_inventorize_live(self) -> None:
        inventorize = pytest.importorskip("inventorize")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = inventorize.single_product_optimization(
                x=INV_X, y=INV_Y, service_product_name="Goat Cheese", current_price=8.5, cost=7
            )
        grid = out["simulated data"]["x"].to_numpy()
        assert np.allclose(np.diff(grid), 1.0)  # a unit-step grid, hence the error
        assert f"{INV_GRID_REVENUE_OPTIMUM}" in out["optimum_linear"]

    def test_we_fit_the_textbook_logit_not_inventorizes_form(self) -> None:
        # inventorize's "logit" is c * exp(-(a + b x) / (1 + exp(-(a + b x)))), an exponential
        # of a ratio, not Phillips' ratio C e^{-(a+bp)} / (1 + e^{-(a+bp)}). On data drawn
        # from the textbook logit our fit is exact, and the two forms disagree.
        truth = LogitDemand(1000.0, -10.0, 0.5)
        prices = np.linspace(10, 30, 9)
        fit = fit_demand(prices, truth.quantity(prices), model="logit")
        assert fit.converged
        assert (fit.market_size, fit.location, fit.price_sensitivity) == pytest.approx(
            (1000.0, -10.0, 0.5), rel=1e-8
        )
        assert fit.r_squared == pytest.approx(1.0)
        z = -10.0 + 0.5 * 20.0
        inventorize_form = 1000.0 * np.exp(-z / (1 + np.exp(-z)))
        assert inventorize_form == 1000.0
        assert truth.quantity(20.0) == pytest.approx(500.0)

    @given(
        a=st.floats(200, 500),
        b=st.floats(-20, -0.5),
        prices=st.lists(st.floats(0.5, 10), min_size=3, max_size=12, unique=True),
    )
    def test_noise_free_linear_recovers_parameters(
        self, a: float, b: float, prices: list[float]
    ) -> None:
        q = a + b * np.array(prices)
        fit = fit_demand(prices, q)
        assert fit.intercept == pytest.approx(a, rel=1e-6, abs=1e-6)
        assert fit.slope == pytest.approx(b, rel=1e-6, abs=1e-6)

    @given(scale=st.floats(1, 1e5), e=st.floats(-5, -0.2), g=st.floats(-0.5, -0.001))
    def test_noise_free_log_models_recover_parameters(
        self, scale: float, e: float, g: float
    ) -> None:
        p = np.array([2.0, 3.0, 5.0, 8.0])
        ce = fit_demand(p, scale * p**e, model="constant_elasticity")
        assert (ce.scale, ce.constant_elasticity) == pytest.approx((scale, e), rel=1e-8)
        ex = fit_demand(p, scale * np.exp(g * p), model="exponential")
        assert (ex.scale, ex.semi_elasticity) == pytest.approx((scale, g), rel=1e-8)

    def test_noise_free_logit_recovers_parameters_for_many_skus(self) -> None:
        rng = np.random.default_rng(0)
        truth = LogitDemand(
            rng.uniform(500, 2000, 40), rng.uniform(-12, -8, 40), rng.uniform(0.4, 0.6, 40)
        )
        grid = np.tile(np.linspace(8, 32, 8), (40, 1))
        fit = fit_demand(grid, truth.quantity(grid), model="logit")
        assert fit.converged.all()
        np.testing.assert_allclose(fit.market_size, truth.market_size, rtol=1e-6)
        np.testing.assert_allclose(fit.price_sensitivity, truth.price_sensitivity, rtol=1e-6)

    def test_vectorised_equals_one_by_one(self) -> None:
        rng = np.random.default_rng(1)
        p = rng.uniform(5, 15, (30, 8))
        q = 100 - 4 * p + rng.normal(0, 3, p.shape)
        many = fit_demand(p, q)
        for i in range(30):
            one = fit_demand(p[i], q[i])
            assert many.slope[i] == pytest.approx(one.slope, rel=1e-10)
            assert many.intercept_se[i] == pytest.approx(one.intercept_se, rel=1e-10)
            assert many.r_squared[i] == pytest.approx(one.r_squared, rel=1e-10)
        # long columns with SKU labels give the same fits, labels sorted
        labels = np.repeat([f"SKU-{i:03d}" for i in range(30)], 8)
        grouped = fit_demand(p.ravel(), q.ravel(), skus=labels)
        np.testing.assert_allclose(grouped.slope, many.slope)
        assert grouped.sku[0] == "SKU-000"
        table = grouped.to_pandas() if _has_pandas() else None
        if table is not None:
            assert list(table.columns[:3]) == ["sku", "intercept", "slope"]
        np.testing.assert_allclose(
            many.optimal_price(np.full(30, 5.0)), (5.0 - many.intercept / many.slope) / 2
        )

    def test_nan_padding_for_ragged_skus(self) -> None:
        p = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, np.nan]])
        q = np.array([[10.0, 8.0, 6.0], [5.0, 4.0, np.nan]])
        with pytest.warns(SmallSampleWarning, match="1 SKU"):
            fit = fit_demand(p, q)
        np.testing.assert_allclose(fit.slope, [-2.0, -1.0])
        np.testing.assert_array_equal(fit.n_observations, [3, 2])
        assert np.isnan(fit.slope_se[1])
        with pytest.raises(InvalidInputError, match="NaN exactly where prices are"):
            fit_demand(p, np.nan_to_num(q))

    @pytest.mark.parametrize(
        ("prices", "quantities", "kwargs", "match"),
        [
            ([5, 5, 5], [1, 2, 3], {}, "at least 2 distinct values"),
            ([5, 6, 5], [1, 2, 3], {"model": "logit"}, "at least 3 distinct"),
            ([1, 2], [0, 2], {"model": "constant_elasticity"}, "quantities must be > 0"),
            ([0, 2], [1, 2], {"model": "constant_elasticity"}, "prices must be > 0"),
            ([1, 2], [1, -2], {}, "quantities must be >= 0"),
            ([1, 2], [1, 2, 3], {}, "one shape"),
            ([1, np.inf], [1, 2], {}, "prices must not be infinite"),
            ([1, 2], [1, 2], {"model": "quadratic"}, "model must be one of"),
        ],
    )
    def test_bad_input(
        self, prices: list[float], quantities: list[float], kwargs: dict[str, Any], match: str
    ) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallSampleWarning)
            with pytest.raises(InvalidInputError, match=match):
                fit_demand(prices, quantities, **kwargs)

    def test_too_few_prices_names_the_sku(self) -> None:
        with pytest.raises(InvalidInputError, match="first 'b' with 1"):
            fit_demand([1, 2, 3, 3], [4, 3, 2, 2], skus=["a", "a", "b", "b"])


def _has_pandas() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:  # pragma: no cover
        return False
    return True
