"""The common contract of every public callable, checked on generated bad inputs.

The callables are enumerated from the public modules' ``__all__`` (functions,
methods of public classes and the constructors callers use), so a new public
function fails :func:`test_every_public_callable_is_registered` until it has a
valid call in ``VALID_CALLS`` or a reason in ``EXCLUDED``.

For each callable the valid call must raise no warning, leave its inputs
untouched (values and writeability) and keep no view of them (writing into the
inputs afterwards leaves the result unchanged); a result object's arrays are
read-only, so no caller can change a result another holds. Then every numeric, array,
timestamp, option and flag argument of the valid call is replaced in turn by a
bad variant (NaN, infinities, negatives, zero, empty, ragged, mismatched and
2-D shapes, wrong types, int64 extremes, 1e300, read-only arrays, pandas with a
non-default index, nullable and categorical dtypes, polars, masked arrays,
tz-aware and timedelta timestamps). Each bad call must either raise an
``EcomopsError`` (or pydantic's ``ValidationError`` from an edge model) whose
message names the replaced parameter, or give an answer: an answer to a NaN
input must carry a NaN (NaN is never read as a number); an answer to the same
values in another container (read-only, pandas, polars, nullable) must equal
the valid answer; a string for a flag ("no") must be refused or read as False,
never by its truthiness. No call may leak another
exception type, mutate its inputs, run longer than ``TIME_LIMIT_S`` or allocate
more than ``MEMORY_LIMIT_BYTES``.

Callables that break the contract today are listed in ``KNOWN_FAILURES``; a
listed callable that starts passing fails its test, so the list only shrinks;
``python -m tests.test_common_contract`` prints the list as it stands.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import importlib
import inspect
import math
import random
import re
import signal
import tracemalloc
import warnings
import zlib
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pydantic
import pytest

import ecomops
from ecomops import (
    datasets,
    forecast,
    funnel,
    inventory,
    logistics,
    money,
    pricing,
    promotions,
    segmentation,
    seo,
)
from ecomops._core.results import Result, Table
from ecomops.exceptions import EcomopsError, InfeasibleProblemError

MODULES = ("money", *ecomops._DOMAINS)  # every public module with a subpackage

#: Wall-clock bound of one call (a runaway loop, not a speed target).
TIME_LIMIT_S = 5.0
#: Peak traced allocation of one call.
MEMORY_LIMIT_BYTES = 200 * 2**20
#: Bad variants run per callable (sampled with a fixed seed per callable).
MAX_VARIANTS = 48

#: Callables whose single call takes a large part of a second (model fits): fewer
#: variants, NaN probes first, to keep the whole module within the CI budget.
SLOW_CALLABLES = {
    "segmentation.fit_bgnbd": 16,
    "segmentation.fit_pareto_nbd": 16,
    "segmentation.fit_gamma_gamma": 16,
    "segmentation.fit_nbd": 24,
}

#: Methods every result table or model shares: no arguments, tested in test_results.py.
SHARED_METHODS = frozenset({"columns", "to_pandas", "to_polars", "model_post_init"})

# --------------------------------------------------------------------------- enumeration


def _public_classes() -> Iterator[tuple[str, type]]:
    for mod_name in MODULES:
        mod = importlib.import_module(f"ecomops.{mod_name}")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isclass(obj):
                yield f"{mod_name}.{name}", obj


def public_callables() -> list[str]:
    """Qualified names of every public function, method and user-built class."""
    names: list[str] = []
    for mod_name in MODULES:
        mod = importlib.import_module(f"ecomops.{mod_name}")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isfunction(obj):
                names.append(f"{mod_name}.{name}")
    for qual, cls in _public_classes():
        if issubclass(cls, BaseException):
            continue
        # a class is a public callable when callers build it (not a result type)
        if not issubclass(cls, Result) or qual in USER_BUILT_RESULTS:
            names.append(qual)
        for attr in dir(cls):
            if attr.startswith("_") or attr in SHARED_METHODS:
                continue
            raw = inspect.getattr_static(cls, attr)
            if not (inspect.isfunction(raw) or isinstance(raw, (classmethod, staticmethod))):
                continue
            if not getattr(getattr(cls, attr), "__module__", "").startswith("ecomops."):
                continue  # pydantic's own methods
            names.append(f"{qual}.{attr}")
    return sorted(names)


#: Result types that callers also build themselves as inputs.
USER_BUILT_RESULTS = frozenset({"logistics.ParcelBatch", "logistics.OrderItems"})

#: Public callables without an entry in VALID_CALLS, each with its reason.
EXCLUDED: dict[str, str] = {
    "pricing.CharmRule": "a TypedDict: a plain dict, nothing to validate",
    "funnel.ConfidenceInterval": "a NamedTuple result returned by ecomops",
    "logistics.TopUpModel": "a Protocol: callers implement it",
    "logistics.TopUpModel.probability": "a Protocol method: callers implement it",
    "logistics.TopUpModel.added_value": "a Protocol method: callers implement it",
    "seo.Tokenizer": "a Protocol: callers implement it",
    "seo.Tokenizer.tokenize": "a Protocol method: callers implement it",
    **{
        f"pricing.DemandModel.{m}": "an abstract base: covered through the four concrete models"
        for m in (
            "elasticity",
            "optimal_price",
            "profit",
            "quantity",
            "revenue",
            "revenue_maximizing_price",
        )
    },
    "money.Money.model_dump": "serialisation hook without arguments",
    "money.Money.model_validate": "pydantic hook: same path as Money.of, covered there",
    "seo.ChineseTokenizer": "needs the optional jieba dictionary load (seconds)",
    "seo.ChineseTokenizer.tokenize": "needs the optional jieba dictionary load (seconds)",
    "promotions.Promotion": "an abstract base: covered through the concrete promotions",
    "promotions.TraceEntry": "a NamedTuple result returned by ecomops",
}

# --------------------------------------------------------------------------- valid calls

T0 = np.datetime64("2024-01-01T00:00:00", "s")
MIN = np.timedelta64(60, "s")


@functools.cache
def _funnel_log() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rows = [
        (1, 0, "view", "ads"), (1, 5, "cart", "ads"), (1, 9, "pay", "ads"),
        (2, 0, "view", "seo"), (2, 3, "cart", "seo"),
        (3, 1, "view", "ads"), (4, 2, "view", "seo"), (4, 20, "cart", "seo"),
        (4, 30, "pay", "seo"), (5, 0, "view", "ads"),
    ]  # fmt: skip
    units = np.array([r[0] for r in rows])
    times = T0 + np.array([r[1] for r in rows]) * MIN
    events = np.array([r[2] for r in rows])
    channels = np.array([r[3] for r in rows])
    return units, times, events, channels


def _spec() -> funnel.FunnelSpec:
    return funnel.FunnelSpec(["view", "cart", "pay"], window=dt.timedelta(hours=1))


@functools.cache
def _funnel_result() -> funnel.FunnelResult:
    units, times, events, channels = _funnel_log()
    return funnel.compute_funnel(units, times, events, _spec(), breakdown=channels)


SUMMARY_IDS = np.array([1, 1, 2, 3, 3, 3, 4, 5, 5, 6])
SUMMARY_TS = np.array(
    [
        "2024-01-02T10:00", "2024-01-20T10:00", "2024-01-05T10:00", "2024-01-03T10:00",
        "2024-01-10T10:00", "2024-01-25T10:00", "2024-01-12T10:00", "2024-01-08T10:00",
        "2024-01-29T10:00", "2024-01-30T10:00",
    ],
    dtype="datetime64[s]",
)  # fmt: skip
SUMMARY_AMT = np.array([20.0, 35.0, 12.5, 60.0, 15.0, 45.0, 25.0, 33.0, 80.0, 8.0])


@functools.cache
def _summary() -> segmentation.CustomerSummary:
    return segmentation.customer_summary(SUMMARY_IDS, SUMMARY_TS, SUMMARY_AMT, as_of="2024-01-31")


@functools.cache
def _scores() -> segmentation.RFMScores:
    return segmentation.rfm_scores(_summary())


@functools.cache
def _segments() -> segmentation.CustomerSegments:
    return segmentation.segment_customers(_scores(), segmentation.SegmentMap.preset("rfm_package"))


def _clv_data() -> dict[str, Any]:
    return {
        "repeat_count": np.array([0, 1, 2, 5, 3, 0, 1, 4]),
        "t_x": np.array([0.0, 10.0, 20.0, 35.0, 12.0, 0.0, 30.0, 38.0]),
        "T": np.array([40.0, 40.0, 39.0, 40.0, 38.0, 20.0, 40.0, 40.0]),
    }


BG = segmentation.BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)
PN = segmentation.ParetoNBDFit(0.5534, 10.5776, 0.6061, 11.6650)
NB = segmentation.NBDFit(0.4, 8.0)
GG = segmentation.GammaGammaFit(6.25, 3.74, 15.44)
D0 = dt.date(2025, 1, 1)


def _zone_map() -> logistics.ZoneMap:
    return logistics.ZoneMap(
        effective_from=D0,
        rules=(logistics.ZoneRule(origin="*", destination="X", zone="A"),),
        default_zone="A",
    )


def _first_additional() -> logistics.FirstAdditionalRates:
    return logistics.FirstAdditionalRates(
        effective_from=D0,
        currency="CNY",
        zones=("A",),
        first_weight=1,
        first_prices=(Decimal(12),),
        additional_step=1,
        additional_prices=(Decimal(2),),
    )


def _zone_table() -> logistics.ZoneRateTable:
    return logistics.ZoneRateTable(
        effective_from=D0,
        currency="CNY",
        zones=("A",),
        weight_breaks=(1.0, 5.0),
        prices=((Decimal(10), Decimal(20)),),
    )


@functools.cache
def _service() -> logistics.Service:
    return logistics.Service(
        carrier="T",
        name="std",
        zone_maps=(_zone_map(),),
        rates=(_first_additional(),),
        transit_days={"A": 2},
    )


def _parcels() -> logistics.ParcelBatch:
    return logistics.ParcelBatch([1.0, 2.5], [10, 20], [5, 5], [1, 30], "HZ", ["X", "Y"])


def _order_items() -> logistics.OrderItems:
    return logistics.OrderItems([1, 1, 2], [10, 8, 20], [10, 6, 10], [5, 4, 5], [0.5, 0.2, 1.0])


@functools.cache
def _postal() -> logistics.BoxCatalogue:
    return logistics.china_postal_cartons()


@functools.cache
def _plan() -> logistics.PackingPlan:
    return logistics.pack_cartons(_order_items(), _postal())


@functools.cache
def _shop() -> datasets.SampleShop:
    return datasets.sample_shop(0, scale=0.05)


def _fixed(
    fn: Callable[..., Any], **kwargs: Any
) -> Callable[[], tuple[Callable[..., Any], dict[str, Any]]]:
    """A valid call whose arguments are rebuilt (fresh copies) for every use."""
    frozen = copy.deepcopy(kwargs)
    return lambda: (fn, copy.deepcopy(frozen))


def _bound(
    obj: Callable[[], Any], method: str, **kwargs: Any
) -> Callable[[], tuple[Callable[..., Any], dict[str, Any]]]:
    """A method call on an instance built by ``obj``."""
    frozen = copy.deepcopy(kwargs)
    return lambda: (getattr(obj(), method), copy.deepcopy(frozen))


A3 = np.array([10.0, 20.0, 12.5])
INV = inventory
PR = pricing
SEG = segmentation
LOG = logistics
PROMO = promotions


def _promo_cart() -> promotions.Cart:
    return PROMO.Cart(
        ["tea", "cup", "pot"], [89, "29.90", 120], [2, 1, 1], categories=["food", "home", "home"]
    )


def _promo_offers() -> list[promotions.Promotion]:
    return [
        PROMO.PercentOff(id="9.5折", rate="9.5折", categories=("food",), level="item"),
        PROMO.ThresholdDiscount(id="每满200减30", threshold=200, off=30, repeat="every"),
        PROMO.Coupon(id="满200减20", amount=20, threshold=200, level="platform"),
    ]


def _promo_policy() -> promotions.StackingPolicy:
    return PROMO.StackingPolicy.preset("china_platform")


def _promo_settlement() -> promotions.Settlement:
    return PROMO.settle_cart(_promo_cart(), _promo_offers(), policy=_promo_policy())


VALID_CALLS: dict[str, Callable[[], tuple[Callable[..., Any], dict[str, Any]]]] = {
    # ---------------------------------------------------------------- money
    "money.allocate": _fixed(money.allocate, total=100, weights=[1.0, 2.0, 3.0]),
    "money.from_minor_units": _fixed(
        money.from_minor_units, minor=np.array([1999, 5]), currency="CNY"
    ),
    "money.round_money": _fixed(
        money.round_money, amounts=np.array([2.675, 0.125]), currency="CNY"
    ),
    "money.to_minor_units": _fixed(
        money.to_minor_units, amounts=np.array([19.99, 0.5]), currency="CNY"
    ),
    "money.Currency": _fixed(money.Currency, code="CNY"),
    "money.Currency.all": _fixed(money.Currency.all),
    "money.Money": _fixed(money.Money, amount="19.99", currency="CNY"),
    "money.Money.of": _fixed(money.Money.of, amount=19.99, currency="CNY"),
    "money.Money.from_minor": _fixed(money.Money.from_minor, minor=1999, currency="CNY"),
    "money.Money.zero": _fixed(money.Money.zero, currency="CNY"),
    "money.Money.scale": _bound(lambda: money.Money.of("19.99", "CNY"), "scale", factor=0.5),
    "money.Money.allocate": _bound(
        lambda: money.Money.of("10.00", "CNY"), "allocate", weights=[1.0, 2.0]
    ),
    "money.MoneyArray": _fixed(money.MoneyArray.from_amounts, amounts=[1.5, 2.25], currency="CNY"),
    "money.MoneyArray.from_amounts": _fixed(
        money.MoneyArray.from_amounts, amounts=np.array([1.5, 2.25]), currency="CNY"
    ),
    "money.MoneyArray.scale": _bound(
        lambda: money.MoneyArray.from_amounts([1.5, 2.25], "CNY"), "scale", factor=0.5
    ),
    **{
        f"money.MoneyArray.{m}": _bound(
            lambda: money.MoneyArray.from_amounts([1.5, 2.25], "CNY"), m
        )
        for m in ("sum", "to_decimal", "to_float", "format_amounts")
    },
    # ---------------------------------------------------------------- pricing
    "pricing.break_even_revenue": _fixed(
        PR.break_even_revenue, fixed_costs=1000.0, price=A3, unit_cost=6.0
    ),
    "pricing.break_even_units": _fixed(
        PR.break_even_units, fixed_costs=1000.0, price=A3, unit_cost=6.0
    ),
    "pricing.break_even_volume_change": _fixed(
        PR.break_even_volume_change,
        price_change_rate=np.array([-0.1, 0.05]),
        contribution_margin_rate=0.4,
    ),
    "pricing.charm_price": _fixed(PR.charm_price, prices=A3, ending="0.99", currency="USD"),
    "pricing.contribution_margin": _fixed(
        PR.contribution_margin, price=A3, unit_cost=6.0, fee_rates=0.05
    ),
    "pricing.cost_plus_price": _fixed(PR.cost_plus_price, unit_cost=A3, margin_on_price=0.3),
    "pricing.fit_demand": _fixed(
        PR.fit_demand,
        prices=np.array([8.0, 10.0, 12.0, 14.0]),
        quantities=np.array([120.0, 100.0, 82.0, 61.0]),
    ),
    "pricing.left_digit_changed": _fixed(
        PR.left_digit_changed, price_1=np.array([19.99, 20.0]), price_2=np.array([20.0, 21.0])
    ),
    "pricing.margin_from_markup": _fixed(
        PR.margin_from_markup, markup_on_cost=np.array([0.25, 1.0])
    ),
    "pricing.margin_on_price": _fixed(PR.margin_on_price, price=A3, unit_cost=6.0),
    "pricing.markdown_projection": _fixed(
        PR.markdown_projection,
        initial_inventory=1000.0,
        season_weeks=12.0,
        current_week=4.0,
        inventory_now=700.0,
        target_end_inventory=50.0,
    ),
    "pricing.markup_from_margin": _fixed(
        PR.markup_from_margin, margin_on_price=np.array([0.2, 0.5])
    ),
    "pricing.markup_on_cost": _fixed(PR.markup_on_cost, price=A3, unit_cost=6.0),
    "pricing.optimal_price": _fixed(PR.optimal_price, unit_cost=A3, elasticity=-2.5),
    "pricing.prestige_price": _fixed(PR.prestige_price, prices=A3, step=5.0, currency="USD"),
    "pricing.price_elasticity": _fixed(
        PR.price_elasticity,
        price_1=10.0,
        quantity_1=100.0,
        price_2=np.array([11.0, 12.0]),
        quantity_2=np.array([90.0, 85.0]),
    ),
    "pricing.price_index": _fixed(
        PR.price_index, own_prices=A3, competitor_prices=np.array([11.0, 19.0, 12.0])
    ),
    "pricing.price_points": _fixed(
        PR.price_points, prices=A3, points=np.array([9.99, 14.99, 19.99]), currency="USD"
    ),
    "pricing.units_for_target_profit": _fixed(
        PR.units_for_target_profit, target_profit=500.0, fixed_costs=1000.0, price=A3, unit_cost=6.0
    ),
    "pricing.van_westendorp": _fixed(
        PR.van_westendorp,
        too_cheap=np.array([5.0, 6.0, 4.0, 7.0, 5.0]),
        cheap=np.array([8.0, 9.0, 7.0, 10.0, 8.0]),
        expensive=np.array([15.0, 14.0, 13.0, 18.0, 16.0]),
        too_expensive=np.array([20.0, 22.0, 18.0, 25.0, 21.0]),
    ),
    "pricing.MarkdownProjection.break_even_multiplier": _bound(
        lambda: PR.markdown_projection(1000.0, 12.0, 4.0, 700.0, 50.0),
        "break_even_multiplier",
        price_ratio=np.array([0.8, 0.7]),
    ),
    "pricing.MarkdownProjection.choose_markdown": _bound(
        lambda: PR.markdown_projection(1000.0, 12.0, 4.0, 700.0, 50.0),
        "choose_markdown",
        price_ratios=np.array([0.9, 0.8, 0.7]),
        elasticity=-2.0,
    ),
    "pricing.PriceRule": _fixed(PR.PriceRule, currency="CNY", margin_on_price=0.3),
    "pricing.PriceRule.price": _bound(
        lambda: PR.PriceRule(currency="CNY", margin_on_price=0.3), "price", unit_cost=A3
    ),
    "pricing.Product": _fixed(PR.Product, unit_cost=Decimal("6.00"), currency="CNY"),
    "pricing.Product.break_even_units": _bound(
        lambda: PR.Product(unit_cost=Decimal(6), currency="CNY"),
        "break_even_units",
        fixed_costs=1000.0,
        price=10.0,
    ),
    "pricing.Product.charm_price": _bound(
        lambda: PR.Product(unit_cost=Decimal(6), currency="CNY"),
        "charm_price",
        price=12.34,
        ending="0.99",
    ),
    "pricing.Product.contribution_margin": _bound(
        lambda: PR.Product(unit_cost=Decimal(6), currency="CNY"), "contribution_margin", price=10.0
    ),
    "pricing.Product.floor_price": _bound(
        lambda: PR.Product(unit_cost=Decimal(6), currency="CNY"), "floor_price"
    ),
    "pricing.Product.margin_on_price": _bound(
        lambda: PR.Product(unit_cost=Decimal(6), currency="CNY"), "margin_on_price", price=10.0
    ),
    "pricing.Product.markup_on_cost": _bound(
        lambda: PR.Product(unit_cost=Decimal(6), currency="CNY"), "markup_on_cost", price=10.0
    ),
    "pricing.Product.optimal_price": _bound(
        lambda: PR.Product(unit_cost=Decimal(6), currency="CNY"),
        "optimal_price",
        demand=PR.LinearDemand(200.0, -10.0),
    ),
    "pricing.Product.price_for_margin": _bound(
        lambda: PR.Product(unit_cost=Decimal(6), currency="CNY"),
        "price_for_margin",
        margin_on_price=0.3,
    ),
    "pricing.Product.price_for_markup": _bound(
        lambda: PR.Product(unit_cost=Decimal(6), currency="CNY"),
        "price_for_markup",
        markup_on_cost=0.5,
    ),
    # ---------------------------------------------------------------- inventory
    "inventory.abc_classification": _fixed(
        INV.abc_classification, values=np.array([500.0, 300.0, 100.0, 60.0, 40.0])
    ),
    "inventory.critical_ratio": _fixed(
        INV.critical_ratio, price=A3, unit_cost=6.0, salvage_value=2.0
    ),
    "inventory.cycle_service_level": _fixed(
        INV.cycle_service_level,
        demand_mean=10.0,
        demand_std=np.array([3.0, 4.0]),
        lead_time=5.0,
        reorder_point=60.0,
    ),
    "inventory.days_of_supply": _fixed(
        INV.days_of_supply, on_hand=np.array([100.0, 50.0]), demand_per_period=np.array([10.0, 5.0])
    ),
    "inventory.demand_pattern": _fixed(
        INV.demand_pattern,
        history=np.array([[0.0, 3.0, 0.0, 5.0, 4.0, 0.0], [5.0, 6.0, 5.0, 7.0, 6.0, 5.0]]),
    ),
    "inventory.demand_statistics": _fixed(
        INV.demand_statistics, history=np.array([[4.0, 3.0, 6.0, 5.0], [5.0, 6.0, 5.0, 7.0]])
    ),
    "inventory.economic_order_quantity": _fixed(
        INV.economic_order_quantity,
        demand_rate=np.array([1200.0, 600.0]),
        order_cost=50.0,
        holding_cost_per_year=2.5,
    ),
    "inventory.economic_order_quantity_with_backorders": _fixed(
        INV.economic_order_quantity_with_backorders,
        demand_rate=np.array([1200.0, 600.0]),
        order_cost=50.0,
        holding_cost_per_year=2.5,
        shortage_cost_per_unit_per_year=10.0,
    ),
    "inventory.economic_production_quantity": _fixed(
        INV.economic_production_quantity,
        demand_rate=np.array([1200.0, 600.0]),
        production_rate=5000.0,
        setup_cost=50.0,
        holding_cost_per_year=2.5,
    ),
    "inventory.eoq_cost_penalty": _fixed(
        INV.eoq_cost_penalty, order_quantity=np.array([100.0, 300.0]), optimal_quantity=200.0
    ),
    "inventory.eoq_with_quantity_discounts": _fixed(
        INV.eoq_with_quantity_discounts,
        demand_rate=2400.0,
        order_cost=100.0,
        holding_rate=0.25,
        breakpoints=[0.0, 300.0, 600.0],
        unit_costs=[10.0, 9.0, 8.5],
    ),
    "inventory.expected_shortage": _fixed(
        INV.expected_shortage,
        demand_mean=10.0,
        demand_std=np.array([3.0, 4.0]),
        lead_time=5.0,
        level=55.0,
    ),
    "inventory.fill_rate": _fixed(
        INV.fill_rate,
        demand_mean=10.0,
        demand_std=np.array([3.0, 4.0]),
        lead_time=5.0,
        reorder_point=55.0,
        order_quantity=100.0,
        method="exact",
    ),
    "inventory.gmroi": _fixed(
        INV.gmroi,
        gross_margin=np.array([5000.0, 300.0]),
        average_inventory_cost=np.array([2000.0, 150.0]),
    ),
    "inventory.inventory_turnover": _fixed(
        INV.inventory_turnover,
        cost_of_goods_sold=np.array([5000.0, 300.0]),
        average_inventory_value=np.array([2000.0, 150.0]),
    ),
    "inventory.inverse_standard_normal_loss": _fixed(
        INV.inverse_standard_normal_loss, loss=np.array([0.1, 0.02])
    ),
    "inventory.lead_time_demand": _fixed(
        INV.lead_time_demand, demand_mean=np.array([10.0, 4.0]), demand_std=3.0, lead_time=5.0
    ),
    "inventory.newsvendor_quantity": _fixed(
        INV.newsvendor_quantity,
        demand_mean=np.array([100.0, 40.0]),
        demand_std=20.0,
        price=10.0,
        unit_cost=6.0,
        salvage_value=2.0,
    ),
    "inventory.order_up_to_level": _fixed(
        INV.order_up_to_level,
        demand_mean=np.array([10.0, 4.0]),
        demand_std=3.0,
        lead_time=5.0,
        review_period=7.0,
        cycle_service_level=0.95,
    ),
    "inventory.ready_rate": _fixed(
        INV.ready_rate,
        demand_mean=10.0,
        demand_std=np.array([3.0, 4.0]),
        lead_time=5.0,
        reorder_point=55.0,
        order_quantity=100.0,
    ),
    "inventory.reorder_point": _fixed(
        INV.reorder_point,
        demand_mean=np.array([10.0, 4.0]),
        demand_std=3.0,
        lead_time=5.0,
        cycle_service_level=0.95,
    ),
    "inventory.round_order_quantity": _fixed(
        INV.round_order_quantity, order_quantity=np.array([37.0, 12.0]), case_pack=12.0
    ),
    "inventory.rq_policy": _fixed(
        INV.rq_policy,
        demand_mean=np.array([10.0, 4.0]),
        demand_std=3.0,
        lead_time=5.0,
        order_cost=50.0,
        holding_cost=0.1,
        shortage_cost_per_unit_per_period=5.0,
    ),
    "inventory.safety_stock": _fixed(
        INV.safety_stock,
        demand_mean=np.array([10.0, 4.0]),
        demand_std=3.0,
        lead_time=5.0,
        cycle_service_level=0.95,
    ),
    "inventory.sell_through_rate": _fixed(
        INV.sell_through_rate,
        units_sold=np.array([80.0, 10.0]),
        units_received=np.array([100.0, 40.0]),
    ),
    "inventory.ss_policy": _fixed(
        INV.ss_policy,
        demand_mean=np.array([10.0, 4.0]),
        demand_std=3.0,
        lead_time=5.0,
        order_cost=50.0,
        holding_cost=0.1,
        shortage_cost_per_unit_per_period=5.0,
    ),
    "inventory.standard_normal_loss": _fixed(
        INV.standard_normal_loss, k=np.array([-1.0, 0.0, 1.3])
    ),
    "inventory.standard_normal_second_loss": _fixed(
        INV.standard_normal_second_loss, k=np.array([-1.0, 0.0, 1.3])
    ),
    "inventory.xyz_classification": _fixed(
        INV.xyz_classification, history=np.array([[4.0, 3.0, 6.0, 5.0], [0.0, 9.0, 1.0, 7.0]])
    ),
    "inventory.EconomicOrderQuantity.cost_penalty": _bound(
        lambda: INV.economic_order_quantity(1200.0, 50.0, 2.5),
        "cost_penalty",
        order_quantity=np.array([150.0, 250.0]),
    ),
    "inventory.EconomicOrderQuantity.relevant_cost": _bound(
        lambda: INV.economic_order_quantity(1200.0, 50.0, 2.5),
        "relevant_cost",
        order_quantity=np.array([150.0, 250.0]),
    ),
    "inventory.InventoryItem": _fixed(
        INV.InventoryItem,
        unit_cost=10.0,
        order_cost=50.0,
        holding_rate=0.25,
        lead_time_days=5.0,
        cycle_service_level=0.95,
    ),
    **{
        f"inventory.InventoryItem.{m}": _bound(
            lambda: INV.InventoryItem(
                unit_cost=10.0,
                order_cost=50.0,
                holding_rate=0.25,
                lead_time_days=5.0,
                cycle_service_level=0.95,
            ),
            m,
            **kw,
        )
        for m, kw in {
            "economic_order_quantity": {"demand_mean": 10.0},
            "reorder_point": {"demand_mean": 10.0, "demand_std": 3.0},
            "safety_stock": {"demand_mean": 10.0, "demand_std": 3.0},
            "round_order_quantity": {"order_quantity": 37.5},
        }.items()
    },
    "inventory.InventoryItems": _fixed(
        INV.InventoryItems,
        unit_cost=np.array([10.0, 4.0]),
        order_cost=np.array([50.0, 20.0]),
        holding_rate=np.array([0.25, 0.2]),
        lead_time_days=np.array([5.0, 3.0]),
        cycle_service_level=0.95,
    ),
    "inventory.InventoryItems.from_items": _fixed(
        INV.InventoryItems.from_items,
        items=[
            INV.InventoryItem(
                unit_cost=10.0,
                order_cost=50.0,
                holding_rate=0.25,
                lead_time_days=5.0,
                cycle_service_level=0.95,
            )
        ],
    ),
    **{
        f"inventory.InventoryItems.{m}": _bound(
            lambda: INV.InventoryItems(
                unit_cost=np.array([10.0, 4.0]),
                order_cost=np.array([50.0, 20.0]),
                holding_rate=np.array([0.25, 0.2]),
                lead_time_days=np.array([5.0, 3.0]),
                cycle_service_level=0.95,
            ),
            m,
            **kw,
        )
        for m, kw in {
            "economic_order_quantity": {"demand_mean": np.array([10.0, 4.0])},
            "reorder_point": {
                "demand_mean": np.array([10.0, 4.0]),
                "demand_std": np.array([3.0, 2.0]),
            },
            "round_order_quantity": {"order_quantity": np.array([37.5, 12.0])},
            "item": {"index": 1},
        }.items()
    },
    # ---------------------------------------------------------------- funnel
    "funnel.compare_funnels": lambda: (
        funnel.compare_funnels,
        {"result_a": _funnel_result(), "result_b": _funnel_result()},
    ),
    "funnel.compute_funnel": lambda: (
        funnel.compute_funnel,
        dict(
            zip(
                ("unit_ids", "timestamps", "events"), copy.deepcopy(_funnel_log()[:3]), strict=True
            ),
            spec=_spec(),
        ),
    ),
    "funnel.funnel_from_counts": _fixed(
        funnel.funnel_from_counts,
        step_names=["view", "cart", "pay"],
        counts=np.array([1000, 300, 90]),
        benchmark=np.array([0.3, 0.25]),
    ),
    "funnel.proportion_interval": _fixed(
        funnel.proportion_interval, count=np.array([30, 5]), nobs=np.array([100, 50])
    ),
    "funnel.proportions_chisquare": _fixed(
        funnel.proportions_chisquare, counts=np.array([30, 45]), nobs=np.array([100, 110])
    ),
    "funnel.sample_ratio_mismatch": _fixed(
        funnel.sample_ratio_mismatch,
        observed=np.array([5010, 4990]),
        expected_ratio=np.array([0.5, 0.5]),
    ),
    "funnel.sample_size_proportions": _fixed(
        funnel.sample_size_proportions,
        baseline=np.array([0.1, 0.2]),
        minimum_detectable_effect=0.02,
    ),
    "funnel.step_conversion": _fixed(funnel.step_conversion, counts=np.array([1000, 300, 90])),
    "funnel.two_proportions_ztest": _fixed(
        funnel.two_proportions_ztest, count_a=30, nobs_a=100, count_b=45, nobs_b=110
    ),
    "funnel.Exclusion": _fixed(funnel.Exclusion, event="refund", from_step=0, to_step=2),
    "funnel.FunnelSpec": _fixed(
        funnel.FunnelSpec, steps=["view", "cart"], window=dt.timedelta(hours=1)
    ),
    "funnel.FunnelSpec.describe": _bound(_spec, "describe"),
    "funnel.FunnelBreakdown.step_counts": lambda: (_funnel_result().breakdown.step_counts, {}),
    "funnel.FunnelResult.confidence_interval": lambda: (
        _funnel_result().confidence_interval,
        {"confidence_level": 0.9},
    ),
    "funnel.FunnelResult.steps_table": lambda: (_funnel_result().steps_table, {}),
    "funnel.FunnelResult.time_to_convert_quantiles": lambda: (
        _funnel_result().time_to_convert_quantiles,
        {"q": np.array([0.5, 0.9])},
    ),
    "funnel.TwoProportionsTest.confidence_interval": _bound(
        lambda: funnel.two_proportions_ztest(30, 100, 45, 110),
        "confidence_interval",
        confidence_level=0.9,
    ),
    # ---------------------------------------------------------------- segmentation
    "segmentation.cohort_matrix": _fixed(
        SEG.cohort_matrix,
        customer_ids=SUMMARY_IDS,
        timestamps=SUMMARY_TS,
        amounts=SUMMARY_AMT,
        as_of="2024-01-31",
    ),
    "segmentation.customer_lifetime_value": _fixed(
        SEG.customer_lifetime_value,
        purchase_model=BG,
        spend_model=GG,
        **_clv_data(),
        mean_repeat_spend=np.array([0.0, 20.0, 30.0, 25.0, 40.0, 0.0, 10.0, 35.0]),
        horizon=12.0,
        period_length=4.0,
        discount_rate=0.01,
    ),
    "segmentation.customer_summary": _fixed(
        SEG.customer_summary,
        customer_ids=SUMMARY_IDS,
        timestamps=SUMMARY_TS,
        amounts=SUMMARY_AMT,
        as_of="2024-01-31",
    ),
    "segmentation.fit_bgnbd": _fixed(SEG.fit_bgnbd, **_clv_data()),
    "segmentation.fit_gamma_gamma": _fixed(
        SEG.fit_gamma_gamma,
        # spends with an interior estimate (p = 5.17); p -> inf on flatter spends
        repeat_count=np.array([5, 2, 1, 2, 3, 5, 3, 1]),
        mean_repeat_spend=np.array([7.0, 30.0, 12.0, 4.0, 12.0, 10.0, 20.0, 10.0]),
    ),
    "segmentation.fit_nbd": _fixed(SEG.fit_nbd, **_clv_data()),
    "segmentation.fit_pareto_nbd": _fixed(SEG.fit_pareto_nbd, **_clv_data()),
    "segmentation.rfm_scores": lambda: (SEG.rfm_scores, {"summary": _summary(), "bins": 3}),
    "segmentation.rfm_scores_from_values": _fixed(
        SEG.rfm_scores_from_values,
        recency_days=np.array([3.0, 10.0, 30.0, 1.0]),
        frequency=np.array([2.0, 1.0, 1.0, 4.0]),
        monetary=np.array([55.0, 12.5, 8.0, 120.0]),
        bins=2,
    ),
    "segmentation.segment_customers": lambda: (
        SEG.segment_customers,
        {"scores": _scores(), "segment_map": SEG.SegmentMap.preset("rfm_package")},
    ),
    "segmentation.segment_migration": lambda: (
        SEG.segment_migration,
        {"before": _segments(), "after": _segments()},
    ),
    "segmentation.segment_summary": lambda: (
        SEG.segment_summary,
        {"segments": _segments(), "summary": _summary()},
    ),
    **{
        f"segmentation.{cls}.{m}": _bound(lambda fit=fit: fit, m, **kw)
        for cls, fit in (("BGNBDFit", BG), ("ParetoNBDFit", PN), ("NBDFit", NB))
        for m, kw in {
            "expected_purchases": {"horizon": 10.0, **_clv_data()},
            "expected_purchases_new_customer": {"horizon": np.array([10.0, 20.0])},
            "probability_alive": _clv_data(),
        }.items()
    },
    "segmentation.GammaGammaFit.expected_spend": _bound(
        lambda: GG,
        "expected_spend",
        repeat_count=np.array([1, 4]),
        mean_repeat_spend=np.array([20.0, 35.0]),
    ),
    "segmentation.CustomerSummary.merge": lambda: (
        SEG.customer_summary(
            SUMMARY_IDS[:3], SUMMARY_TS[:3], SUMMARY_AMT[:3], as_of="2024-01-31"
        ).merge,
        {
            "*": (
                SEG.customer_summary(
                    SUMMARY_IDS[3:], SUMMARY_TS[3:], SUMMARY_AMT[3:], as_of="2024-01-31"
                ),
            )
        },
    ),
    "segmentation.CustomerSummary.to_lifetimes": lambda: (_summary().to_lifetimes, {}),
    "segmentation.DataQualityReport.issues": lambda: (_summary().quality.issues, {}),
    "segmentation.SegmentMap": _fixed(
        SEG.SegmentMap, rules=(SEG.SegmentRule(label="top", recency_score=(4, 5)),), default="other"
    ),
    "segmentation.SegmentMap.preset": _fixed(SEG.SegmentMap.preset, name="rfm_package"),
    "segmentation.SegmentMap.report": _bound(
        lambda: SEG.SegmentMap.preset("rfm_package"), "report"
    ),
    "segmentation.SegmentMigration.count": lambda: (
        SEG.segment_migration(_segments(), _segments()).count,
        {
            "segment_before": str(_segments().segment[0]),
            "segment_after": str(_segments().segment[0]),
        },
    ),
    "segmentation.SegmentRule": _fixed(SEG.SegmentRule, label="top", recency_score=(4, 5)),
    "segmentation.SegmentRule.matches": _bound(
        lambda: SEG.SegmentRule(label="top", recency_score=(4, 5)),
        "matches",
        recency_score=np.array([5, 3]),
        frequency_score=np.array([1, 2]),
        monetary_score=np.array([2, 2]),
    ),
    # ---------------------------------------------------------------- logistics
    "logistics.allocate_orders": _fixed(
        LOG.allocate_orders,
        capacity_units=np.array([100.0, 80.0]),
        demand_units=np.array([50.0, 60.0, 30.0]),
        shipping_cost_per_unit=np.array([[1.0, 2.0, 3.0], [2.5, 1.0, 1.5]]),
    ),
    "logistics.billable_weight": _fixed(
        LOG.billable_weight,
        weight=np.array([1.0, 2.5]),
        length=np.array([30.0, 40.0]),
        width=20.0,
        height=10.0,
        divisor=6000.0,
    ),
    "logistics.china_postal_cartons": _fixed(LOG.china_postal_cartons, wall_cm=0.3),
    "logistics.china_province_zone_map": _fixed(LOG.china_province_zone_map),
    "logistics.choose_warehouses": _fixed(
        LOG.choose_warehouses,
        fixed_cost=np.array([100.0, 120.0]),
        shipping_cost_per_unit=np.array([[1.0, 2.0, 3.0], [2.5, 1.0, 1.5]]),
        demand_units=np.array([50.0, 60.0, 30.0]),
    ),
    "logistics.example_services": _fixed(LOG.example_services, market="CN"),
    "logistics.free_shipping_threshold": _fixed(
        LOG.free_shipping_threshold,
        basket_values=np.array([30.0, 45.0, 60.0, 80.0, 120.0]),
        thresholds=np.array([49.0, 79.0]),
        margin_rate=0.3,
        shipping_cost=6.0,
        shipping_fee=8.0,
    ),
    "logistics.pack_cartons": lambda: (
        LOG.pack_cartons,
        {"order_items": _order_items(), "boxes": _postal()},
    ),
    "logistics.quote": lambda: (LOG.quote, {"parcels": _parcels(), "services": [_service()]}),
    "logistics.shop_rates": lambda: (
        LOG.shop_rates,
        {"parcels": _parcels(), "services": [_service()]},
    ),
    "logistics.split_order": _fixed(
        LOG.split_order,
        quantity=np.array([2, 1]),
        stock_units=np.array([[2, 0], [1, 1]]),
        parcel_cost=np.array([8.0, 10.0]),
    ),
    "logistics.Box": _fixed(
        LOG.Box,
        name="S",
        inner_length_cm=20.0,
        inner_width_cm=15.0,
        inner_height_cm=10.0,
        cost=Decimal("1.50"),
    ),
    "logistics.BoxCatalogue": lambda: (
        LOG.BoxCatalogue,
        {
            "currency": "CNY",
            "boxes": (
                LOG.Box(
                    name="S",
                    inner_length_cm=20.0,
                    inner_width_cm=15.0,
                    inner_height_cm=10.0,
                    cost=Decimal("1.50"),
                ),
            ),
        },
    ),
    "logistics.ChinaProvinceZones": _fixed(LOG.ChinaProvinceZones),
    "logistics.DimWeightRule": _fixed(LOG.DimWeightRule, effective_from=D0, divisor=6000.0),
    "logistics.DimWeightRule.billable_weight": _bound(
        lambda: LOG.DimWeightRule(effective_from=D0, divisor=6000.0),
        "billable_weight",
        weight=np.array([1.0, 2.5]),
        length=np.array([30.0, 40.0]),
        width=20.0,
        height=10.0,
    ),
    "logistics.ExponentialTopUp": _fixed(LOG.ExponentialTopUp, max_probability=0.4, scale=20.0),
    "logistics.ExponentialTopUp.added_value": _bound(
        LOG.ExponentialTopUp,
        "added_value",
        gap=np.array([5.0, 20.0]),
        basket=np.array([40.0, 30.0]),
    ),
    "logistics.ExponentialTopUp.probability": _bound(
        LOG.ExponentialTopUp,
        "probability",
        gap=np.array([5.0, 20.0]),
        basket=np.array([40.0, 30.0]),
    ),
    "logistics.FirstAdditionalRates": lambda: (
        LOG.FirstAdditionalRates,
        _first_additional().model_dump(),
    ),
    "logistics.FirstAdditionalRates.price": _bound(
        _first_additional, "price", zone="A", weight=2.3
    ),
    "logistics.ZoneRateTable": lambda: (LOG.ZoneRateTable, _zone_table().model_dump()),
    "logistics.ZoneRateTable.price": _bound(_zone_table, "price", zone="A", weight=2.3),
    "logistics.OrderItems": _fixed(
        LOG.OrderItems,
        order_id=[1, 1, 2],
        length_cm=[10.0, 8.0, 20.0],
        width_cm=[10.0, 6.0, 10.0],
        height_cm=[5.0, 4.0, 5.0],
        weight_kg=[0.5, 0.2, 1.0],
    ),
    "logistics.ParcelBatch": _fixed(
        LOG.ParcelBatch,
        weight_kg=[1.0, 2.5],
        length_cm=[10.0, 20.0],
        width_cm=[5.0, 5.0],
        height_cm=[1.0, 30.0],
        origin="HZ",
        destination=["X", "Y"],
    ),
    "logistics.ParcelBatch.from_imperial": _fixed(
        LOG.ParcelBatch.from_imperial,
        weight_lb=[1.0, 2.5],
        length_in=[10.0, 20.0],
        width_in=[5.0, 5.0],
        height_in=[1.0, 12.0],
        origin="HZ",
        destination=["X", "Y"],
    ),
    **{
        f"logistics.ParcelBatch.{m}": _bound(_parcels, m)
        for m in ("lane_codes", "lane_keys", "sorted_dims")
    },
    "logistics.PackingPlan.total": lambda: (_plan().total, {}),
    "logistics.Quote.reasons": lambda: (LOG.quote(_parcels(), [_service()]).reasons, {}),
    "logistics.RatePlan.total": lambda: (LOG.shop_rates(_parcels(), [_service()]).total, {}),
    "logistics.Service": lambda: (
        LOG.Service,
        {
            "carrier": "T",
            "name": "std",
            "zone_maps": (_zone_map(),),
            "rates": (_first_additional(),),
            "transit_days": {"A": 2},
        },
    ),
    "logistics.Service.as_of": _bound(_service, "as_of", ship_date=D0),
    "logistics.Service.effective_dates": _bound(_service, "effective_dates"),
    "logistics.Surcharge": _fixed(
        LOG.Surcharge, effective_from=D0, name="fuel", kind="percentage", rate=Decimal("0.1")
    ),
    "logistics.ZoneMap": lambda: (
        LOG.ZoneMap,
        {
            "effective_from": D0,
            "rules": (LOG.ZoneRule(origin="*", destination="X", zone="A"),),
            "default_zone": "A",
        },
    ),
    "logistics.ZoneMap.zone_of": _bound(_zone_map, "zone_of", origin="HZ", destination="X"),
    "logistics.ZoneRule": _fixed(LOG.ZoneRule, origin="*", destination="X", zone="A"),
    # ---------------------------------------------------------------- seo
    "seo.bm25_scores": _fixed(
        seo.bm25_scores, queries=["green tea"], documents=["green tea cup", "yoga mat", "tea pot"]
    ),
    "seo.build_title": _fixed(
        seo.build_title,
        keywords=["green tea", "gift box", "organic"],
        scores=np.array([3.0, 2.0, 1.0]),
        rules="amazon",
    ),
    "seo.check_title": _fixed(seo.check_title, title="Organic green tea gift box", rules="amazon"),
    "seo.click_through_rate": _fixed(seo.click_through_rate, position=np.array([1.0, 3.0, 12.0])),
    "seo.default_tokenizer": _fixed(seo.default_tokenizer),
    "seo.estimated_clicks": _fixed(
        seo.estimated_clicks, volume=np.array([1000.0, 500.0]), position=np.array([1.0, 4.0])
    ),
    "seo.keyword_coverage": _fixed(
        seo.keyword_coverage, titles=["green tea gift", "yoga mat"], keywords=["green tea", "mat"]
    ),
    "seo.keyword_density": _fixed(
        seo.keyword_density, text="green tea is a tea", keyword="tea", method="occurrences_per_word"
    ),
    "seo.keyword_effectiveness_index": _fixed(
        seo.keyword_effectiveness_index,
        volume=np.array([1000.0, 500.0]),
        competing_pages=np.array([2e5, 1e4]),
    ),
    "seo.keyword_opportunity": _fixed(
        seo.keyword_opportunity,
        volume=np.array([1000.0, 500.0]),
        position=np.array([5.0, 8.0]),
        difficulty=np.array([30.0, 60.0]),
    ),
    "seo.keyword_scores": _fixed(
        seo.keyword_scores,
        volume=np.array([1000.0, 500.0]),
        difficulty=np.array([30.0, 60.0]),
        cpc=np.array([1.2, 0.4]),
    ),
    "seo.normalize_text": _fixed(seo.normalize_text, text="Ｇreen  TEA"),
    "seo.sem_keywords": _fixed(seo.sem_keywords, product_terms=["green tea"], intent_words=["buy"]),
    "seo.tfidf_similarity": _fixed(
        seo.tfidf_similarity,
        queries=["green tea"],
        documents=["green tea cup", "yoga mat", "tea pot"],
    ),
    "seo.title_length": _fixed(seo.title_length, text=["green tea", "绿茶"]),
    "seo.title_rules": _fixed(seo.title_rules, platform="amazon"),
    "seo.Bm25Index": _fixed(seo.Bm25Index, documents=["green tea gift box", "yoga mat", "tea cup"]),
    "seo.Bm25Index.scores": _bound(
        lambda: seo.Bm25Index(["green tea gift box", "yoga mat", "tea cup"]),
        "scores",
        queries=["green tea", "mat"],
    ),
    "seo.Bm25Index.top_documents": _bound(
        lambda: seo.Bm25Index(["green tea gift box", "yoga mat", "tea cup"]),
        "top_documents",
        queries="green tea",
        top=2,
    ),
    "seo.Bm25Index.add": _bound(
        lambda: seo.Bm25Index(["green tea gift box", "yoga mat"]),
        "add",
        documents=["tea cup", "green tea"],
    ),
    "seo.KeywordCoverage.missing": _bound(
        lambda: seo.keyword_coverage(["green tea gift", "yoga mat"], ["green tea", "mat"]),
        "missing",
        title_index=0,
    ),
    "seo.KeywordCoverage.present": _bound(
        lambda: seo.keyword_coverage(["green tea gift", "yoga mat"], ["green tea", "mat"]),
        "present",
        title_index=1,
    ),
    "seo.KeywordScores.order": lambda: (
        seo.keyword_scores([1000.0, 500.0], [30.0, 60.0], [1.2, 0.4]).order,
        {},
    ),
    "seo.LatinTokenizer": _fixed(seo.LatinTokenizer),
    "seo.LatinTokenizer.tokenize": _bound(seo.LatinTokenizer, "tokenize", text="Green tea, 2 cups"),
    "seo.ScoreWeights": _fixed(seo.ScoreWeights, volume=0.4, ease=0.1),
    "seo.TitleRules": lambda: (seo.TitleRules, seo.title_rules("amazon").model_dump()),
    # ---------------------------------------------------------------- datasets
    "datasets.sample_shop": _fixed(datasets.sample_shop, seed=1, scale=0.05),
    "datasets.DemandHistory.to_long": lambda: (_shop().demand.to_long, {}),
    # ---------------------------------------------------------------- promotions
    "promotions.settle_cart": lambda: (
        PROMO.settle_cart,
        {"cart": _promo_cart(), "promotions": _promo_offers(), "policy": _promo_policy()},
    ),
    "promotions.Cart": _fixed(
        PROMO.Cart,
        skus=["tea", "cup", "pot"],
        unit_prices=np.array([89.0, 29.9, 120.0]),
        quantities=np.array([2, 1, 1]),
        categories=["food", "home", "home"],
        shops=["s1", "s1", "s2"],
        currency="CNY",
        shipping_fee=8.0,
    ),
    "promotions.Cart.from_lines": _fixed(
        PROMO.Cart.from_lines,
        lines=[("tea", "89.00", 2, "food", "s1"), ("cup", 29.9, 1)],
        currency="CNY",
        shipping_fee=0,
    ),
    "promotions.Cart.from_minor": _fixed(
        PROMO.Cart.from_minor,
        skus=["tea", "cup"],
        unit_prices_minor=np.array([8900, 2990]),
        quantities=np.array([2, 1]),
        currency="CNY",
        shipping_fee_minor=800,
    ),
    "promotions.Zhe": _fixed(PROMO.Zhe, value="8.5折"),
    "promotions.StackingPolicy": _fixed(
        PROMO.StackingPolicy,
        threshold_basis="parallel",
        percent_stacking="add",
        rounding="half_even",
        rounding_point="line",
        price_base={"shop": "after_item"},
    ),
    "promotions.StackingPolicy.preset": _fixed(PROMO.StackingPolicy.preset, name="china_platform"),
    "promotions.StackingPolicy.base_of": _bound(
        lambda: PROMO.StackingPolicy.preset("china_platform"), "base_of", level="shop"
    ),
    "promotions.PercentOff": _fixed(PROMO.PercentOff, id="p", rate=0.15, cap=20.0),
    "promotions.AmountOff": _fixed(PROMO.AmountOff, id="a", amount=10.0, per_unit=True),
    "promotions.ThresholdDiscount": _fixed(
        PROMO.ThresholdDiscount, id="t", threshold=200.0, off=30.0, repeat="every", cap=90.0
    ),
    "promotions.ThresholdPercentOff": _fixed(
        PROMO.ThresholdPercentOff, id="tp", threshold=300.0, rate="9折", cap=50.0
    ),
    "promotions.QuantityDiscount": _fixed(
        PROMO.QuantityDiscount, id="q", tiers=((2, 0.1), (3, 0.2)), tiers_mode="graduated"
    ),
    "promotions.BuyXGetY": _fixed(PROMO.BuyXGetY, id="b", buy=2, get=1, rate=1, max_applications=3),
    "promotions.BundlePrice": _fixed(
        PROMO.BundlePrice, id="bp", components={"tea": 1, "cup": 1}, price=99.0
    ),
    "promotions.Coupon": _fixed(PROMO.Coupon, id="c", amount=20.0, threshold=200.0),
    "promotions.Settlement.explain": lambda: (_promo_settlement().explain, {}),
    "promotions.Settlement.lines": lambda: (_promo_settlement().lines, {}),
    "promotions.refund_for_return": lambda: (
        PROMO.refund_for_return,
        {"settlement": _promo_settlement(), "returned_lines": {0: 1}, "policy": _promo_policy()},
    ),
}

# promotions: operations (choosing coupons, top-up, bulk kernels, simulation)
_SUBTOTALS = money.MoneyArray.from_amounts([199.0, 200.0, 399.0, 400.0], "CNY")
_WALLET = [
    PROMO.Coupon(id="满100减10", amount=10, threshold=100, stack_group="shop"),
    PROMO.Coupon(id="满300减35", amount=35, threshold=300, stack_group="shop"),
    PROMO.Coupon(id="9折券", rate="9折", cap=20, level="platform"),
]
VALID_CALLS.update(
    {
        "promotions.threshold_discount": _fixed(
            PROMO.threshold_discount,
            subtotals=_SUBTOTALS,
            threshold=200.0,
            off=30.0,
            repeat="every",
            cap=60.0,
        ),
        "promotions.tiered_discount": _fixed(
            PROMO.tiered_discount,
            subtotals=_SUBTOTALS,
            tiers=((200.0, 20.0), (300.0, 40.0)),
            tiers_mode="graduated",
            cap=50.0,
        ),
        "promotions.percent_discount": _fixed(
            PROMO.percent_discount,
            subtotals=_SUBTOTALS,
            rate=0.15,
            threshold=100.0,
            cap=40.0,
            rounding="half_even",
        ),
        "promotions.OrderBatch": _fixed(
            PROMO.OrderBatch,
            order_ids=np.array([7, 7, 9, 9]),
            skus=["tea", "cup", "tea", "pot"],
            unit_prices=np.array([89.0, 29.9, 89.0, 120.0]),
            quantities=np.array([2, 1, 1, 1]),
            categories=["food", "home", "food", "home"],
            shops=["s1", "s1", "s2", "s2"],
            currency="CNY",
        ),
        "promotions.simulate_promotions": lambda: (
            PROMO.simulate_promotions,
            {
                "orders": PROMO.OrderBatch(
                    [7, 7, 9],
                    ["tea", "cup", "tea"],
                    [89.0, 29.9, 189.0],
                    [2, 1, 1],
                    categories=["food", "home", "food"],
                ),
                "promotions": _promo_offers(),
                "policy": _promo_policy(),
            },
        ),
        "promotions.top_up_for_threshold": lambda: (
            PROMO.top_up_for_threshold,
            {
                "cart": PROMO.Cart(["tea", "cup"], [89, 29.9], [1, 1], categories=["food", "home"]),
                "promotions": _promo_offers(),
                "policy": _promo_policy(),
                "candidates": PROMO.Cart(["pot", "cup"], [59.0, 29.9], [1, 2]),
            },
        ),
        "promotions.best_coupons": lambda: (
            PROMO.best_coupons,
            {
                "cart": _promo_cart(),
                "coupons": list(_WALLET),
                "promotions": _promo_offers()[:2],
                "policy": _promo_policy(),
            },
        ),
    }
)

# concrete demand models: same six methods, four formulas
_DEMANDS: dict[str, Callable[[], Any]] = {
    "LinearDemand": lambda: PR.LinearDemand(200.0, -10.0),
    "ConstantElasticityDemand": lambda: PR.ConstantElasticityDemand(1000.0, -2.0),
    "ExponentialDemand": lambda: PR.ExponentialDemand(300.0, -0.1),
    "LogitDemand": lambda: PR.LogitDemand(500.0, 12.0, 0.3),
}
for _cls, _make in _DEMANDS.items():
    VALID_CALLS.update(
        {
            f"pricing.{_cls}.quantity": _bound(_make, "quantity", price=A3),
            f"pricing.{_cls}.elasticity": _bound(_make, "elasticity", price=A3),
            f"pricing.{_cls}.revenue": _bound(_make, "revenue", price=A3),
            f"pricing.{_cls}.profit": _bound(_make, "profit", price=A3, unit_cost=6.0),
            f"pricing.{_cls}.optimal_price": _bound(
                _make, "optimal_price", unit_cost=6.0, bounds=(1.0, 40.0)
            ),
            f"pricing.{_cls}.revenue_maximizing_price": _bound(
                _make, "revenue_maximizing_price", bounds=(1.0, 40.0)
            ),
        }
    )

# ---------------------------------------------------------------- forecast
FC_HISTORY = np.array(
    [[0.0, 2.0, 0.0, 0.0, 3.0, 0.0, 1.0, 0.0], [5.0, 6.0, 4.0, 5.0, 7.0, 6.0, 5.0, 6.0]]
)
VALID_CALLS.update(
    {
        "forecast.fit_forecast": _fixed(
            forecast.fit_forecast, history=FC_HISTORY, method="ses", horizon=3
        ),
    }
)

# forecast evaluation, lead-time demand and the replenishment backtest
FC_ACTUAL = np.array([[3.0, 0.0, 5.0, 2.0], [4.0, 6.0, 5.0, 7.0]])
FC_POINT = np.array([[2.0, 1.0, 4.0, 4.0], [5.0, 5.0, 5.0, 6.0]])
FC_LONG = np.array(
    [
        [0.0, 3.0, 0.0, 1.0, 0.0, 0.0, 4.0, 0.0, 2.0, 0.0, 0.0, 5.0, 0.0, 1.0, 0.0, 3.0],
        [5.0, 6.0, 4.0, 5.0, 7.0, 6.0, 5.0, 6.0, 4.0, 6.0, 5.0, 7.0, 6.0, 5.0, 4.0, 6.0],
    ]
)


def _fc_ses() -> Any:
    return forecast.fit_forecast(FC_LONG, method="ses", horizon=2, smoothing_level=0.2)


def _fc_ltd() -> Any:
    return forecast.lead_time_demand_distribution(_fc_ses(), lead_time=2.0)


def _with_forecast(
    fn: Callable[..., Any], **kwargs: Any
) -> Callable[[], tuple[Callable[..., Any], dict[str, Any]]]:
    """A valid call on a fresh SES forecast (a Forecast holds a read-only mapping)."""
    frozen = copy.deepcopy(kwargs)
    return lambda: (fn, {"forecast": _fc_ses(), **copy.deepcopy(frozen)})


FC_BACKTEST = np.tile(FC_LONG, (1, 3))
VALID_CALLS.update(
    {
        **{
            f"forecast.{name}": _fixed(getattr(forecast, name), actual=FC_ACTUAL, forecast=FC_POINT)
            for name in (
                "forecast_bias",
                "mean_absolute_error",
                "root_mean_squared_error",
                "symmetric_mean_absolute_percentage_error",
                "weighted_absolute_percentage_error",
            )
        },
        "forecast.mean_absolute_percentage_error": _fixed(
            forecast.mean_absolute_percentage_error,
            actual=FC_ACTUAL,
            forecast=FC_POINT,
            zero_actual="exclude",
        ),
        **{
            f"forecast.{name}": _fixed(
                getattr(forecast, name), actual=FC_ACTUAL, forecast=FC_POINT, history=FC_HISTORY
            )
            for name in ("mean_absolute_scaled_error", "root_mean_squared_scaled_error")
        },
        "forecast.weighted_root_mean_squared_scaled_error": _fixed(
            forecast.weighted_root_mean_squared_scaled_error,
            actual=FC_ACTUAL,
            forecast=FC_POINT,
            history=FC_HISTORY,
            weights=np.array([3.0, 1.0]),
        ),
        "forecast.pinball_loss": _fixed(
            forecast.pinball_loss, actual=FC_ACTUAL, forecast=FC_POINT, quantile=0.9
        ),
        "forecast.scaled_pinball_loss": _fixed(
            forecast.scaled_pinball_loss,
            actual=FC_ACTUAL,
            forecast=FC_POINT,
            history=FC_HISTORY,
            quantile=0.9,
        ),
        "forecast.revenue_weights": _fixed(
            forecast.revenue_weights, history=FC_HISTORY, prices=np.array([2.0, 1.0]), periods=4
        ),
        "forecast.lead_time_demand_distribution": _with_forecast(
            forecast.lead_time_demand_distribution,
            lead_time=np.array([2.0, 3.0]),
            lead_time_std=np.array([0.5, 1.0]),
        ),
        "forecast.replenishment_level": _with_forecast(
            forecast.replenishment_level,
            lead_time=np.array([2.0, 3.0]),
            cycle_service_level=0.95,
        ),
        "forecast.LeadTimeDemandForecast.reorder_point": _bound(
            _fc_ltd, "reorder_point", cycle_service_level=np.array([0.9, 0.95])
        ),
        "forecast.LeadTimeDemandForecast.order_up_to_level": _bound(
            lambda: forecast.lead_time_demand_distribution(
                _fc_ses(), lead_time=2.0, review_period=1.0
            ),
            "order_up_to_level",
            cycle_service_level=np.array([0.9, 0.95]),
        ),
        "forecast.LeadTimeDemandForecast.newsvendor_quantity": _bound(
            _fc_ltd,
            "newsvendor_quantity",
            holding_cost=np.array([1.0, 2.0]),
            shortage_cost_per_unit=np.array([9.0, 8.0]),
        ),
        "forecast.select_forecast_method": _fixed(forecast.select_forecast_method, history=FC_LONG),
        "forecast.MethodSelection.groups": _bound(
            lambda: forecast.select_forecast_method(FC_LONG), "groups"
        ),
        "forecast.backtest_policy": _fixed(
            forecast.backtest_policy,
            history=FC_BACKTEST,
            method="ses",
            lead_time=np.array([2.0, 3.0]),
            warmup_periods=20,
            cycle_service_level=0.9,
        ),
    }
)

# --------------------------------------------------------------------------- known failures

#: Callables that break the contract today, with what fails: "; "-separated
#: entries "parameter=variant: what fails" (or "valid call: ..."). The test
#: checks each list exactly: a new failure fails it, and so does a listed one
#: that no longer happens (remove it), so the list can only shrink.
#: ``python -m tests.test_common_contract`` prints the list as it stands.
#: Parameters where NaN has a documented meaning other than "unknown", so an
#: answer without NaN is the documented one (docs/conventions.md, General).
DOCUMENTED_NAN_MEANINGS: dict[tuple[str, str], str] = {
    ("seo.click_through_rate", "position"): "not ranking: no clicks (exports leave it empty)",
    ("seo.estimated_clicks", "position"): "not ranking: no clicks",
    ("seo.keyword_opportunity", "position"): "not ranking: the whole headroom is open",
    ("pricing.price_index", "competitor_prices"): "the competitor does not sell the SKU",
}

KNOWN_FAILURES: dict[str, str] = {}

# --------------------------------------------------------------------------- snapshots


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so no ``except Exception`` swallows it."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def _snap(obj: Any, depth: int = 0, nan: list[bool] | None = None) -> Any:
    """A comparable, NaN-safe copy of the values inside ``obj`` (not its identity)."""
    if depth > 8:
        return "..."
    rec = functools.partial(_snap, depth=depth + 1, nan=nan)
    if obj is None or isinstance(obj, (bool, int, str, bytes, Decimal, dt.date, dt.timedelta)):
        if isinstance(obj, Decimal) and obj.is_nan() and nan is not None:
            nan.append(True)
        return (type(obj).__name__, str(obj))
    if isinstance(obj, (float, complex, np.generic)):
        val = obj.item() if isinstance(obj, np.generic) else obj
        if isinstance(val, float):
            if math.isnan(val) and nan is not None:
                nan.append(True)
            return ("float", val.hex())
        return rec(val)
    if isinstance(obj, np.ma.MaskedArray):
        return ("masked", rec(np.ma.getdata(obj)), rec(np.ma.getmaskarray(obj)))
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "O":
            return ("objarr", obj.shape, tuple(rec(x) for x in obj.ravel()))
        if obj.dtype.kind in "fc" and nan is not None and np.isnan(obj).any():
            nan.append(True)
        if obj.dtype.kind in "mM" and nan is not None and np.isnat(obj).any():
            nan.append(True)
        return ("arr", obj.dtype.str, obj.shape, obj.tobytes())
    if isinstance(obj, (pd.Series, pd.Index)):
        return ("pd", rec(obj.to_numpy(dtype=object)), str(obj.dtype))
    if isinstance(obj, pd.DataFrame):
        return ("pdf", tuple(obj.columns), tuple(rec(obj[c]) for c in obj.columns))
    if isinstance(obj, pl.Series):
        return ("pl", rec(obj.to_list()), str(obj.dtype))
    if isinstance(obj, pl.DataFrame):
        return ("plf", tuple(obj.columns), tuple(rec(obj[c]) for c in obj.columns))
    if isinstance(obj, Mapping):
        return ("map", tuple((str(k), rec(v)) for k, v in obj.items()))
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj, key=repr) if isinstance(obj, (set, frozenset)) else obj
        return (type(obj).__name__, tuple(rec(x) for x in items))
    if isinstance(obj, pydantic.BaseModel):
        return (type(obj).__name__, rec({k: getattr(obj, k) for k in type(obj).model_fields}))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        values = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        values.update({name: getattr(obj, name) for name in getattr(obj, "_COMPUTED", ())})
        return (type(obj).__name__, rec(values))
    if hasattr(obj, "__dict__") and not callable(obj):
        return (type(obj).__name__, rec(vars(obj)))
    slots = [s for c in type(obj).__mro__ for s in getattr(c, "__slots__", ())]
    if slots:
        return (
            type(obj).__name__,
            rec({s: getattr(obj, s, None) for s in slots if not s.startswith("__")}),
        )
    if callable(obj):
        return ("callable", type(obj).__name__)
    return (type(obj).__name__, repr(obj))


def _series_values(obj: Any) -> Any:
    """The values of a Series answer (Series in, Series out): the container is not data.

    An element-wise function given a pandas or polars Series answers with a Series
    on its index; its values must equal the plain call's array.
    """
    if isinstance(obj, pd.Series | pl.Series):
        return obj.to_numpy()
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*(_series_values(part) for part in obj))
    return obj


def _has_nan(obj: Any) -> bool:
    found: list[bool] = []
    _snap(obj, nan=found)
    return bool(found)


def _result_arrays(obj: Any, path: str, depth: int = 0) -> Iterator[tuple[str, np.ndarray]]:
    """The arrays a result object holds (its fields, or its table columns)."""
    if depth > 3:
        return
    if isinstance(obj, np.ndarray):
        yield path, obj
    elif isinstance(obj, Result) and dataclasses.is_dataclass(obj):
        names = [f.name for f in dataclasses.fields(obj)] + list(obj._COMPUTED)
        for name in names:
            yield from _result_arrays(getattr(obj, name), f"{path}.{name}", depth + 1)
    elif isinstance(obj, Table):
        for key, column in obj.columns.items():
            yield from _result_arrays(column, f"{path}.{key}", depth + 1)


def _writeable_arrays(obj: Any) -> list[np.ndarray]:
    if isinstance(obj, np.ndarray):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [a for x in obj for a in _writeable_arrays(x)]
    return []


def _scribble(obj: Any) -> None:
    """Write new values into a caller's containers in place (aliasing probe)."""
    if isinstance(obj, np.ndarray) and obj.flags.writeable and obj.size:
        if obj.dtype.kind in "fiu":
            obj[...] = obj + 1
        elif obj.dtype.kind == "M":
            obj[...] = obj + np.timedelta64(1, "D")
        elif obj.dtype.kind in "UO":
            obj[...] = "zz"
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            if isinstance(x, (int, float)) and not isinstance(x, bool):
                obj[i] = x + 1
            else:
                _scribble(x)
    elif isinstance(obj, pd.Series) and len(obj) and obj.dtype.kind in "fi":
        obj.iloc[:] = obj.to_numpy() + 1


# --------------------------------------------------------------------------- bad variants

INT64_MAX = int(np.iinfo(np.int64).max)
INT64_MIN = int(np.iinfo(np.int64).min)


@dataclasses.dataclass(frozen=True)
class Variant:
    label: str
    value: Any
    #: "bad": error or answer; "nan": error or an answer carrying NaN; "refuse":
    #: must be an error (a string, dict, complex or ragged value has no right answer);
    #: "same": error or the valid answer;
    #: "as_false": error or the answer with the flag False
    kind: str


def _is_num(x: Any) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(
        x, (bool, np.bool_)
    )


def _numeric_array(value: Any) -> np.ndarray | None:
    """The values of a numeric list/array/Series argument, as a 1-D or 2-D array."""
    if isinstance(value, (np.ndarray, pd.Series)):
        arr = np.asarray(value)
        return arr if arr.dtype.kind in "fiu" and arr.size else None
    if isinstance(value, list) and value and all(_is_num(x) for x in value):
        return np.asarray(value)
    return None


def _with(arr: np.ndarray, index: int, item: Any) -> np.ndarray:
    out = arr.astype(float if isinstance(item, float) else object).copy()
    out.flat[index] = item
    return out


def _scalar_variants(v: Any) -> list[Variant]:
    mag = abs(float(v))
    return [
        Variant("nan", float("nan"), "nan"),
        Variant("+inf", float("inf"), "bad"),
        Variant("-inf", float("-inf"), "bad"),
        Variant("negative", -(mag + 1.0), "bad"),
        Variant("zero", 0, "bad"),
        Variant("None", None, "bad"),
        Variant("str", "abc", "refuse"),
        Variant("dict", {}, "refuse"),
        Variant("complex", complex(float(v), 1.0), "refuse"),
        Variant("bool", True, "bad"),
        Variant("Decimal", Decimal(str(v)), "bad"),
        Variant("int64 max", INT64_MAX, "bad"),
        Variant("int64 min", INT64_MIN, "bad"),
        Variant("1e300", 1e300, "bad"),
        Variant("-1e300", -1e300, "bad"),
        Variant("empty", [], "bad"),
        Variant("2-D", [[v, v], [v, v]], "bad"),
        Variant("ragged", [[v], [v, v]], "refuse"),
    ]


def _array_variants(value: Any, arr: np.ndarray) -> list[Variant]:
    i = min(1, arr.shape[0] - 1) if arr.ndim == 1 else 0
    flat = np.asarray(arr, dtype=float)
    first = flat.flat[0].item()
    out = [
        Variant("NaN element", _with(flat, i, float("nan")), "nan"),
        Variant("+inf element", _with(flat, i, float("inf")), "bad"),
        Variant("-inf element", _with(flat, i, float("-inf")), "bad"),
        Variant("negative element", _with(flat, i, -(abs(first) + 1.0)), "bad"),
        Variant("zero element", _with(flat, i, 0.0), "bad"),
        Variant("1e300 element", _with(flat, i, 1e300), "bad"),
        Variant(
            "int64 max element", _with(arr.astype(np.int64), i, INT64_MAX).astype(np.int64), "bad"
        ),
        Variant(
            "int64 min element", _with(arr.astype(np.int64), i, INT64_MIN).astype(np.int64), "bad"
        ),
        Variant("None element", _with(flat, i, None), "bad"),
        Variant("str element", _with(flat, i, "abc"), "refuse"),
        Variant("complex", flat + 1j, "refuse"),
        Variant("bool array", flat != 0, "bad"),
        Variant("Decimal list", [Decimal(repr(float(x))) for x in flat.ravel()], "bad"),
        Variant("empty", np.array([], dtype=float), "bad"),
        Variant("None", None, "bad"),
        Variant("str", "abc", "refuse"),
        Variant("dict", {}, "refuse"),
        Variant("read-only", _readonly(np.array(value)), "same"),
        Variant(
            "masked",
            np.ma.masked_array(flat, mask=np.arange(flat.size).reshape(flat.shape) == i),
            "nan",
        ),
    ]
    if arr.ndim == 1:
        n = arr.shape[0]
        items = flat.tolist()
        out += [
            Variant("ragged", [items[:1], items], "refuse"),
            Variant("mismatched length", flat[:-1] if n > 1 else np.repeat(flat, 3), "bad"),
            Variant("2-D", np.stack([flat, flat]), "bad"),
            Variant("(n, 1) column", flat[:, None], "bad"),
            Variant(
                "pandas, non-default index",
                pd.Series(np.array(value), index=np.arange(n) * 7 + 3),
                "same",
            ),
            Variant("pandas Float64", pd.Series(flat, dtype="Float64"), "same"),
            Variant("pandas nullable NA", pd.Series(_with(flat, i, None), dtype="Float64"), "nan"),
            Variant("pandas categorical", pd.Series(np.array(value)).astype("category"), "bad"),
            Variant("polars", pl.Series(np.array(value)), "same"),
        ]
        if np.array_equal(flat, np.round(flat)):
            out.append(
                Variant("pandas Int64", pd.Series(flat.astype(np.int64), dtype="Int64"), "same")
            )
    else:
        out.append(Variant("3-D", flat[None], "bad"))
    return out


def _readonly(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    a.flags.writeable = False
    return a


def _timestamp_variants(value: Any) -> list[Variant]:
    ts = pd.to_datetime(np.asarray(value))
    n = len(ts)
    aware = ts.tz_localize("Asia/Shanghai")
    mixed = list(ts.to_pydatetime())
    mixed[-1] = mixed[-1].replace(tzinfo=dt.UTC)
    nat = np.asarray(value).copy()
    nat[min(1, n - 1)] = np.datetime64("NaT")
    return [
        Variant("tz-aware pandas", pd.Series(aware), "bad"),
        Variant("tz-aware datetimes", list(aware.to_pydatetime()), "bad"),
        Variant("+08:00 strings", [t.isoformat() for t in aware], "bad"),
        Variant(
            "tz-aware polars",
            pl.Series(np.asarray(value).astype("datetime64[us]")).dt.replace_time_zone(
                "Asia/Shanghai"
            ),
            "bad",
        ),
        Variant("naive and aware mixed", mixed, "refuse"),
        Variant("timedelta", np.asarray(value) - np.asarray(value)[0], "refuse"),
        Variant("NaT element", nat, "bad"),
        Variant("pandas, non-default index", pd.Series(ts, index=np.arange(n) + 5), "same"),
        Variant("read-only", _readonly(np.asarray(value)), "same"),
    ]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TIMESTAMP_LABELS = frozenset(
    {
        "tz-aware pandas",
        "tz-aware datetimes",
        "+08:00 strings",
        "tz-aware polars",
        "tz-aware date",
        "+08:00 string date",
    }
)


def _is_timestamps(value: Any) -> bool:
    return (
        isinstance(value, np.ndarray)
        and value.dtype.kind == "M"
        and value.ndim == 1
        and value.size > 0
    )


def _variants_of(value: Any) -> list[Variant]:
    """Bad variants of one argument of a valid call (empty: not a data argument)."""
    if isinstance(value, (bool, np.bool_)):
        return [
            Variant("'no' for a flag", "no", "as_false"),
            Variant("None for a flag", None, "bad"),
        ]
    if _is_num(value):
        return _scalar_variants(value)
    if _is_timestamps(value):
        return _timestamp_variants(value)
    arr = _numeric_array(value)
    if arr is not None and arr.ndim in (1, 2):
        return _array_variants(value, arr)
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        day = pd.Timestamp(value)
        return [
            Variant("tz-aware date", day.tz_localize("Asia/Shanghai"), "bad"),
            Variant("+08:00 string date", day.tz_localize("Asia/Shanghai").isoformat(), "bad"),
            Variant("NaT date", pd.NaT, "bad"),
            Variant("not a date", "31/31/2024", "bad"),
            Variant("None for a date", None, "bad"),
            Variant("number for a date", 20240131, "bad"),
        ]
    if isinstance(value, str):
        return [
            Variant("None for a string", None, "bad"),
            Variant("number for a string", 7, "bad"),
            Variant("lone surrogate", "a\ud800b", "bad"),
        ]
    return []


#: Identifiers, not quantities: a complex id is an odd but distinct label.
ID_PARAMETERS = frozenset({"unit_ids", "customer_ids", "order_ids", "order_id", "skus"})


def variants_for(value: Any, param: str = "") -> list[Variant]:
    """Bad variants of one argument of a valid call (empty: not a data argument)."""
    out = _variants_of(value)
    if param in ID_PARAMETERS:
        out = [dataclasses.replace(v, kind="bad") if v.label == "complex" else v for v in out]
    return out


# --------------------------------------------------------------------------- running calls


@dataclasses.dataclass
class Outcome:
    result: Any = None
    error: BaseException | None = None
    peak: int = 0
    timed_out: bool = False


def _invoke(fn: Callable[..., Any], kwargs: dict[str, Any], *, strict_warnings: bool) -> Outcome:
    kwargs = dict(kwargs)
    positional = kwargs.pop("*", ())
    outcome = Outcome()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    tracemalloc.reset_peak()
    start = tracemalloc.get_traced_memory()[0]
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_S)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error" if strict_warnings else "ignore")
            outcome.result = fn(*positional, **kwargs)
    except _Timeout:
        outcome.timed_out = True
    except Exception as err:
        outcome.error = err
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    outcome.peak = tracemalloc.get_traced_memory()[1] - start
    return outcome


def _names_parameter(err: BaseException, param: str) -> bool:
    return (
        re.search(rf"(?<![A-Za-z0-9_]){re.escape(param.lstrip('*'))}(?![A-Za-z0-9_])", str(err))
        is not None
    )


#: Variants that break a shape shared by several parameters: naming any of them is enough.
SHAPE_VARIANTS = frozenset({"empty", "ragged", "mismatched length", "2-D", "(n, 1) column", "3-D"})


def _accepted_error(err: BaseException) -> bool:
    return isinstance(err, (EcomopsError, pydantic.ValidationError))


Problems = dict[str, str]  # a stable key ("param=variant: what fails") -> detail


def _bounds(label: str, out: Outcome, problems: Problems) -> None:
    if out.timed_out:
        problems[f"{label}: ran past the time limit"] = f"{TIME_LIMIT_S} s"
    if out.peak > MEMORY_LIMIT_BYTES:
        problems[f"{label}: over the memory limit"] = f"{out.peak / 2**20:.0f} MiB"


def _err(err: BaseException) -> str:
    return f"{type(err).__name__}: {str(err)[:160]}"


def check_valid_call(name: str, problems: Problems) -> Any:
    """Warnings, mutation and aliasing on the valid call; returns its result's snapshot."""
    fn, kwargs = VALID_CALLS[name]()
    before = _snap(kwargs)
    writeable = [a.flags.writeable for a in _writeable_arrays(list(kwargs.values()))]
    out = _invoke(fn, kwargs, strict_warnings=True)
    _bounds("valid call", out, problems)
    if out.error is not None:
        problems["valid call: raised"] = _err(out.error)
        return None
    if out.timed_out:
        return None
    if _snap(kwargs) != before:
        problems["valid call: mutated its input"] = ""
    if [a.flags.writeable for a in _writeable_arrays(list(kwargs.values()))] != writeable:
        problems["valid call: made an input array read-only"] = ""
    writeable_fields = [
        path
        for path, arr in (_result_arrays(out.result, "") if isinstance(out.result, Result) else ())
        if arr.flags.writeable
    ]
    if writeable_fields:
        problems["valid call: result arrays are writeable"] = ", ".join(writeable_fields)
    result = _snap(out.result)
    _scribble(list(kwargs.values()))
    if _snap(out.result) != result:
        problems["valid call: result changes when the caller writes into an input"] = ""
    return result


def _option_defaults(fn: Callable[..., Any], given: dict[str, Any]) -> dict[str, Any]:
    """Options, flags and numbers the valid call leaves at their (non-None) defaults."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return {}
    kinds = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return {
        p.name: p.default
        for p in params
        if p.name not in given
        and p.kind in kinds
        and isinstance(p.default, (str, bool, int, float))
    }


def _all_variants(name: str) -> list[tuple[str, Variant]]:
    fn, kwargs = VALID_CALLS[name]()
    kwargs = {**kwargs, **_option_defaults(fn, kwargs)}
    pairs = [
        (param, v)
        for param, value in kwargs.items()
        if param != "*"
        for v in variants_for(value, param)
    ]
    if len(pairs) <= MAX_VARIANTS and name not in SLOW_CALLABLES:
        return pairs
    # always: every NaN, flag and time-zone probe of every parameter; then one
    # variant of each remaining class (random parameter), then random ones
    rng = random.Random(zlib.crc32(name.encode()))
    chosen = [p for p in pairs if p[1].kind != "bad" or p[1].label in TIMESTAMP_LABELS]
    rest = [p for p in pairs if p not in chosen]
    rng.shuffle(rest)
    seen: set[str] = set()
    for p in rest:
        if p[1].label not in seen:
            seen.add(p[1].label)
            chosen.append(p)
    rest = [p for p in rest if p not in chosen]
    return (chosen + rest[: max(0, MAX_VARIANTS - len(chosen))])[: SLOW_CALLABLES.get(name)]


def _answer_with(name: str, param: str, value: Any) -> Any:
    fn, kwargs = VALID_CALLS[name]()
    kwargs[param] = value
    out = _invoke(fn, kwargs, strict_warnings=False)
    return None if out.error is not None or out.timed_out else _snap(out.result)


def check_bad_calls(name: str, valid_result: Any, problems: Problems) -> None:
    for param, variant in _all_variants(name):
        fn, kwargs = VALID_CALLS[name]()
        kwargs[param] = variant.value
        before = _snap(kwargs)
        out = _invoke(fn, kwargs, strict_warnings=False)
        label = f"{param}={variant.label}"
        _bounds(label, out, problems)
        if _snap(kwargs) != before:
            problems[f"{label}: mutated its input"] = ""
        if out.timed_out:
            continue
        if out.error is not None:
            if not _accepted_error(out.error):
                problems[f"{label}: leaked {type(out.error).__name__}"] = _err(out.error)
            elif isinstance(out.error, InfeasibleProblemError):
                pass  # a well-posed input without a solution: the error states the problem
            elif not (
                _names_parameter(out.error, param)
                or (
                    variant.label in SHAPE_VARIANTS
                    and any(_names_parameter(out.error, p) for p in kwargs)
                )
            ):
                problems[f"{label}: error does not name the parameter"] = _err(out.error)
            continue
        if variant.kind == "refuse":
            problems[f"{label}: accepted"] = repr(out.result)[:160]
        elif (
            variant.kind == "nan"
            and not _has_nan(out.result)
            and (name, param) not in DOCUMENTED_NAN_MEANINGS
        ):
            problems[f"{label}: NaN read as a number"] = repr(out.result)[:160]
        elif (
            variant.kind == "same"
            and valid_result is not None
            and _snap(_series_values(out.result)) != valid_result
        ):
            problems[f"{label}: answer differs from the plain call"] = repr(out.result)[:160]
        elif variant.kind == "as_false" and _snap(out.result) != _answer_with(name, param, False):
            problems[f"{label}: read as True"] = repr(out.result)[:160]


def contract_problems(name: str) -> Problems:
    problems: Problems = {}
    tracemalloc.start()
    try:
        result = check_valid_call(name, problems)
        check_bad_calls(name, result, problems)
    finally:
        tracemalloc.stop()
    return problems


# --------------------------------------------------------------------------- tests

PUBLIC = public_callables()


def test_every_public_callable_is_registered() -> None:
    missing = [n for n in PUBLIC if n not in VALID_CALLS and n not in EXCLUDED]
    assert not missing, f"register a valid call (or a reason to exclude) for: {missing}"
    stale = [n for n in (*VALID_CALLS, *EXCLUDED, *KNOWN_FAILURES) if n not in PUBLIC]
    assert not stale, f"no longer public: {stale}"
    assert not set(VALID_CALLS) & set(EXCLUDED)


def test_variants_cover_every_class_of_bad_input() -> None:
    labels = {
        v.label
        for name in VALID_CALLS
        for value in VALID_CALLS[name]()[1].values()
        for v in variants_for(value)
    }
    for needed in ("nan", "NaN element", "+inf", "negative", "zero", "empty", "ragged", "mismatched length",
                   "2-D", "None", "str", "dict", "complex", "bool", "Decimal", "int64 max", "1e300",
                   "read-only", "pandas, non-default index", "pandas Int64", "pandas categorical",
                   "polars", "tz-aware pandas", "masked"):  # fmt: skip
        assert needed in labels, needed


@pytest.mark.parametrize("name", sorted(VALID_CALLS))
def test_contract(name: str) -> None:
    problems = contract_problems(name)
    known = set(KNOWN_FAILURES[name].split("; ")) if name in KNOWN_FAILURES else set()
    new = {k: v for k, v in problems.items() if k not in known}
    assert not new, "breaks the contract:\n" + "\n".join(f"{k}  ({v})" for k, v in new.items())
    fixed = sorted(known - set(problems))
    assert not fixed, f"now meets the contract: remove from KNOWN_FAILURES[{name!r}]: {fixed}"


def _print_known_failures() -> None:
    """Print today's KNOWN_FAILURES, to paste after fixes land (``python -m tests.test_common_contract``)."""
    print("KNOWN_FAILURES: dict[str, str] = {")
    for name in sorted(VALID_CALLS):
        keys = sorted(contract_problems(name))
        if keys:
            body = "".join(
                f"\n        {k + ('; ' if i < len(keys) - 1 else '')!r}" for i, k in enumerate(keys)
            )
            print(f"    {name!r}: ({body}\n    ),")
    print("}")


if __name__ == "__main__":
    _print_known_failures()
