"""Every loop and allocation sized by an input has a bound, refused before any work.

Each refused case below must fail at once (before the work it would size), with
an ``InvalidInputError`` naming the parameter; no timing is asserted, but each
case runs in milliseconds where the unbounded work took seconds to minutes or
several GiB.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

from ecomops.datasets import sample_shop
from ecomops.exceptions import InfeasibleProblemError, InvalidInputError
from ecomops.inventory import rq_policy, ss_policy
from ecomops.segmentation import (
    BGNBDFit,
    GammaGammaFit,
    customer_lifetime_value,
    customer_summary,
    fit_pareto_nbd,
)


class TestSampleShopScale:
    def test_huge_scale_refused_up_front(self) -> None:
        # issue example: sample_shop(scale=1e4) tried to allocate 5 GiB before failing
        with pytest.raises(InvalidInputError, match=r"^scale must be <= 100 .*; got 10000"):
            sample_shop(scale=1e4)

    def test_just_above_the_bound(self) -> None:
        with pytest.raises(InvalidInputError, match=r"^scale must be <= 100"):
            sample_shop(scale=100.5)


class TestPoissonPolicySearches:
    def test_rq_exact_huge_demand_refused(self) -> None:
        # issue example: the Poisson (r, Q) search ran away on huge demand
        with pytest.raises(InvalidInputError, match=r"demand_mean.*200,000 stock levels.*index 1"):
            rq_policy([5.0, 1e12], 0, 1, 100, 1, 10, distribution="poisson")

    def test_rq_eoq_huge_order_quantity_refused(self) -> None:
        with pytest.raises(InvalidInputError, match=r"order_cost.*200,000 stock levels"):
            rq_policy(1e13, 0, 1, 100, 1, 10, distribution="poisson", method="eoq_safety_stock")

    def test_ss_exact_huge_demand_refused(self) -> None:
        # issue example: the Poisson (s, S) search ran away on huge demand
        with pytest.raises(InvalidInputError, match=r"demand_mean.*10,000 stock levels"):
            ss_policy(1e6, 0, 0, 100, 1, 10, method="exact", distribution="poisson")

    def test_below_the_bounds_still_answers(self) -> None:
        rq = rq_policy(1e6, 0, 1, 100, 1, 10, distribution="poisson")
        assert rq.order_quantity == pytest.approx(np.sqrt(2 * 100 * 1e6 * 11 / 10), rel=0.05)
        ss = ss_policy(1000, 0, 0, 100, 1, 10, method="exact", distribution="poisson")
        assert ss.order_up_to_level > ss.reorder_point

    def test_nan_demand_gives_nan_not_a_quantity(self) -> None:
        # a NaN row used to come back with an order quantity of 1 (and a cast warning)
        for method in ("exact", "eoq_safety_stock"):
            res = rq_policy([np.nan, 5.0], 0, 1, 100, 1, 10, distribution="poisson", method=method)
            assert np.isnan(res.order_quantity[0])
            assert np.isnan(res.reorder_point[0])
            assert np.isfinite(res.order_quantity[1])

    def test_ss_exact_raises_no_warning(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ss_policy(1000, 0, 0, 100, 1, 10, method="exact", distribution="poisson")


class TestCustomerLifetimeValueSteps:
    BG = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)
    GG = GammaGammaFit(6.25, 3.74, 15.44)

    def test_too_many_periods_refused(self) -> None:
        # issue example: the cost grew with horizon / period_length without a bound
        with pytest.raises(InvalidInputError, match=r"^horizon / period_length must be <= 2,000"):
            customer_lifetime_value(
                self.BG, self.GG, 2, 30.43, 38.86, 22.35,
                horizon=1e9, period_length=1.0, discount_rate=0.01,
            )  # fmt: skip

    def test_at_the_bound_answers(self) -> None:
        value = customer_lifetime_value(
            self.BG, self.GG, 2, 30.43, 38.86, 22.35,
            horizon=2000.0, period_length=1.0, discount_rate=0.01,
        )  # fmt: skip
        assert np.isfinite(value)
        assert value > 0


def test_pareto_nbd_without_dropout_refused_before_the_fit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # issue example: fit_pareto_nbd ran for minutes on data without dropout before saying so
    import ecomops._segmentation.clv as clv

    real_fit = clv._purchase_model_fit

    def no_pareto_fit(cls: type, model: str, *args: Any) -> Any:
        assert model != "Pareto/NBD", "the full Pareto/NBD fit ran"
        return real_fit(cls, model, *args)

    monkeypatch.setattr(clv, "_purchase_model_fit", no_pareto_fit)
    lines = sample_shop(seed=0).order_lines
    s = customer_summary(
        lines.customer_id, lines.timestamp, lines.amount, as_of="2026-10-31",
        is_refund=lines.is_refund, refunds="separate", period="W",
    )  # fmt: skip
    with pytest.raises(InfeasibleProblemError, match="no sign of dropout"):
        fit_pareto_nbd(s.repeat_count, s.t_x, s.T)
