"""Tests of ecomops.datasets: the deterministic synthetic sample shop."""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecomops._core.results import Table
from ecomops._datasets.generate import DROPOUT_BETA
from ecomops.datasets import (
    Customers,
    DailyDemand,
    DemandHistory,
    Events,
    Keywords,
    OrderLines,
    Parcels,
    Products,
    SampleShop,
    sample_shop,
)
from ecomops.exceptions import InfeasibleProblemError, InvalidInputError
from ecomops.segmentation import customer_summary, fit_bgnbd, fit_pareto_nbd

AS_OF = "2026-10-31"  # the last day of the sample shop's history

FUNNEL = ("visit", "product_view", "add_to_cart", "checkout", "payment")
TABLES = ("products", "customers", "order_lines", "events", "keywords", "parcels")
WINDOW_START = np.datetime64("2025-11-01T00:00:00", "s")
WINDOW_END = np.datetime64("2026-11-01T00:00:00", "s")

# Column dtypes: "str" means a numpy unicode array.
SCHEMA: dict[str, dict[str, str]] = {
    "products": {
        "sku": "str",
        "category": "str",
        "unit_cost": "float64",
        "list_price": "float64",
        "weight_kg": "float64",
        "length_cm": "float64",
        "width_cm": "float64",
        "height_cm": "float64",
        "lead_time_days": "float64",
        "lead_time_std_days": "float64",
    },
    "customers": {
        "customer_id": "int64",
        "signup_date": "datetime64[D]",
        "province": "str",
        "channel": "str",
    },
    "order_lines": {
        "order_id": "int64",
        "customer_id": "int64",
        "timestamp": "datetime64[s]",
        "sku": "str",
        "quantity": "int64",
        "unit_price": "float64",
        "amount": "float64",
        "is_refund": "bool",
    },
    "events": {
        "user_id": "int64",
        "session_id": "int64",
        "timestamp": "datetime64[s]",
        "event": "str",
    },
    "keywords": {
        "keyword": "str",
        "monthly_volume": "int64",
        "competing_pages": "int64",
        "cpc": "float64",
        "difficulty": "float64",
        "position": "float64",
    },
    "parcels": {
        "order_id": "int64",
        "weight_kg": "float64",
        "length_cm": "float64",
        "width_cm": "float64",
        "height_cm": "float64",
        "origin": "str",
        "destination_province": "str",
        "promised_days": "int64",
    },
}


@pytest.fixture(scope="module")
def shop() -> SampleShop:
    return sample_shop(seed=0)


def all_arrays(shop: SampleShop) -> dict[str, np.ndarray]:
    out = {f"{t}.{k}": v for t in TABLES for k, v in getattr(shop, t).columns().items()}
    out["demand.sku"] = shop.demand.sku
    out["demand.dates"] = shop.demand.dates
    out["demand.units"] = shop.demand.units
    return out


def orders_of(lines: OrderLines) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """order ids, their customer ids and timestamps (one row per order)."""
    order_id, first = np.unique(lines.order_id, return_index=True)
    return order_id, lines.customer_id[first], lines.timestamp[first]


def check_invariants(shop: SampleShop) -> None:
    """Invariants that hold at every seed and scale."""
    p, c, lines, ev, kw, parcels = (getattr(shop, t) for t in TABLES)

    # Products
    assert len(np.unique(p.sku)) == len(p)
    assert np.all(p.unit_cost > 0)
    assert np.all(p.list_price > p.unit_cost)
    assert np.array_equal(p.list_price, np.round(p.list_price, 2))
    for table in (p, parcels):
        assert np.all(table.length_cm >= table.width_cm)
        assert np.all(table.width_cm >= table.height_cm)
        assert np.all(table.height_cm > 0)
    assert np.all(p.weight_kg > 0)
    assert np.all(p.lead_time_days > 0)
    assert np.all(p.lead_time_std_days > 0)

    # Demand
    d = shop.demand
    assert d.units.dtype == np.int64
    assert d.units.shape == (len(p), 365)
    assert np.all(d.units >= 0)
    assert np.array_equal(d.sku, p.sku)
    assert d.dates[0] == np.datetime64("2025-11-01")
    assert d.dates[-1] == np.datetime64("2026-10-31")
    assert np.all(np.diff(d.dates) == np.timedelta64(1, "D"))

    # Customers
    assert np.array_equal(c.customer_id, np.arange(1, len(c) + 1))
    assert np.all(np.diff(c.signup_date) >= np.timedelta64(0, "D"))
    assert np.all(c.signup_date <= np.datetime64("2026-10-31"))
    assert set(c.channel.tolist()) <= {"taobao", "jd", "douyin", "shopify"}

    # Order lines
    assert len(lines) > 0
    assert np.all(lines.quantity >= 1)
    assert np.array_equal(lines.amount, np.round(lines.quantity * lines.unit_price, 2))
    assert np.all(lines.unit_price > 0)
    assert np.all(np.diff(lines.order_id) >= 0)  # sorted by order
    order_id, order_customer, order_time = orders_of(lines)
    assert np.array_equal(order_id, np.arange(1, order_id.size + 1))
    assert np.all(np.diff(order_time) >= np.timedelta64(0, "s"))  # ids in time order
    assert np.all((lines.timestamp >= WINDOW_START) & (lines.timestamp < WINDOW_END))
    assert np.all(np.isin(lines.customer_id, c.customer_id))
    assert np.all(np.isin(lines.sku, p.sku))
    signup = c.signup_date[np.searchsorted(c.customer_id, lines.customer_id)]
    assert np.all(lines.timestamp >= signup.astype("datetime64[s]"))
    key = lines.order_id * (len(p) + 1) + np.searchsorted(p.sku, lines.sku)
    assert np.unique(key).size == len(lines)  # one line per SKU within an order
    # every line of an order shares its customer and time
    assert np.unique(lines.order_id * (len(c) + 1) + lines.customer_id).size == order_id.size
    list_price = p.list_price[np.searchsorted(p.sku, lines.sku)]
    assert np.all(lines.unit_price <= list_price)

    # Parcels
    assert np.array_equal(parcels.order_id, order_id)
    assert set(parcels.origin.tolist()) <= {"HZ", "GZ", "BJ", "WH", "CD"}
    assert np.all((parcels.promised_days >= 1) & (parcels.promised_days <= 7))
    province = c.province[np.searchsorted(c.customer_id, order_customer)]
    assert np.array_equal(parcels.destination_province, province)
    item_kg = np.bincount(
        lines.order_id, weights=lines.quantity * p.weight_kg[np.searchsorted(p.sku, lines.sku)]
    )[1:]
    assert np.all(parcels.weight_kg >= item_kg - 1e-9)

    # Events
    check_funnel_order(ev)

    # Keywords
    assert np.unique(kw.keyword).size == len(kw)
    assert np.all(kw.monthly_volume >= 10)
    assert np.all(kw.competing_pages >= 0)
    assert np.all(kw.cpc >= 0.05)
    assert np.all((kw.difficulty >= 0) & (kw.difficulty <= 100))
    ranked = kw.position[~np.isnan(kw.position)]
    assert np.all((ranked >= 1) & (ranked <= 100))


def check_funnel_order(ev: Events) -> None:
    """Every session has one visit first, then its events in funnel order, in time."""
    names = np.array(FUNNEL)
    sorter = np.argsort(names)
    step = sorter[np.searchsorted(names, ev.event, sorter=sorter)]
    assert np.array_equal(names[step], ev.event)  # only funnel events
    order = np.lexsort((ev.timestamp, ev.session_id))
    session, time, step = ev.session_id[order], ev.timestamp[order], step[order]
    same = session[1:] == session[:-1]
    assert np.all(time[1:][same] > time[:-1][same])  # strictly increasing in a session
    assert np.all(step[1:][same] >= step[:-1][same])  # funnel order
    starts = np.flatnonzero(np.concatenate(([True], ~same)))
    assert np.all(step[starts] == 0)  # a session begins with its visit
    assert np.count_nonzero(step == 0) == starts.size  # one visit per session
    # a session's user is unique
    pairs = np.unique(np.stack([ev.session_id, ev.user_id], axis=1), axis=0)
    assert pairs.shape[0] == np.unique(ev.session_id).size


# ---------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------


def test_same_seed_gives_identical_arrays(shop: SampleShop) -> None:
    again = sample_shop(seed=0)
    a, b = all_arrays(shop), all_arrays(again)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name].dtype == b[name].dtype, name
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)


def test_seed_accepts_numpy_integers(shop: SampleShop) -> None:
    other = sample_shop(np.int64(0))  # type: ignore[arg-type]
    assert other.seed == 0
    assert isinstance(other.seed, int)
    np.testing.assert_array_equal(other.order_lines.amount, shop.order_lines.amount)


def test_different_seeds_differ(shop: SampleShop) -> None:
    other = sample_shop(seed=1)
    assert not np.array_equal(shop.products.unit_cost, other.products.unit_cost)
    assert not np.array_equal(shop.demand.units, other.demand.units)
    assert not np.array_equal(shop.customers.signup_date, other.customers.signup_date)
    assert len(shop.order_lines) != len(other.order_lines) or not np.array_equal(
        shop.order_lines.amount, other.order_lines.amount
    )
    assert len(shop.events) != len(other.events) or not np.array_equal(
        shop.events.timestamp, other.events.timestamp
    )
    assert not np.array_equal(shop.keywords.keyword, other.keywords.keyword)


def test_no_global_random_state_used() -> None:
    # The legacy global generator is the thing checked here, hence the noqa.
    np.random.seed(123)  # noqa: NPY002
    before = np.random.random()  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    sample_shop(seed=5, scale=0.05)
    assert np.random.random() == before  # noqa: NPY002


# ---------------------------------------------------------------------------
# Shapes, dtypes, types
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_columns_and_dtypes(shop: SampleShop, table: str) -> None:
    t = getattr(shop, table)
    assert isinstance(t, Table)
    assert t.column_names == tuple(SCHEMA[table])
    for name, kind in SCHEMA[table].items():
        col = getattr(t, name)
        assert isinstance(col, np.ndarray), name
        assert col.ndim == 1, name
        assert col.shape[0] == len(t), name
        if kind == "str":
            assert col.dtype.kind == "U", (name, col.dtype)
        else:
            assert col.dtype == np.dtype(kind), (name, col.dtype)


def test_table_classes(shop: SampleShop) -> None:
    expected = {
        "products": Products,
        "customers": Customers,
        "order_lines": OrderLines,
        "events": Events,
        "keywords": Keywords,
        "parcels": Parcels,
    }
    for name, cls in expected.items():
        assert type(getattr(shop, name)) is cls
    assert type(shop.demand) is DemandHistory
    names = [f.name for f in dataclasses.fields(SampleShop)]
    assert names == [
        "products",
        "demand",
        "customers",
        "order_lines",
        "events",
        "keywords",
        "parcels",
        "seed",
        "scale",
        "dropout",
    ]


def test_sizes_at_scale_one(shop: SampleShop) -> None:
    assert len(shop.products) == 200
    assert shop.demand.units.shape == (200, 365)
    assert len(shop.customers) == 2000
    assert len(shop.keywords) == 500
    assert np.unique(shop.events.session_id).size == 6000
    assert 6_500 <= len(shop.parcels) <= 9_500
    assert 16_000 <= len(shop.order_lines) <= 24_000
    assert 25_000 <= len(shop.events) <= 35_000
    assert shop.seed == 0
    assert shop.scale == 1.0


def test_columns_are_read_only(shop: SampleShop) -> None:
    for name, arr in all_arrays(shop).items():
        assert not arr.flags.writeable, name
    with pytest.raises(ValueError, match="read-only"):
        shop.order_lines.amount[0] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        shop.products = shop.products  # type: ignore[misc]


# ---------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------


def test_invariants_at_seed_zero(shop: SampleShop) -> None:
    check_invariants(shop)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    scale=st.floats(min_value=1e-4, max_value=0.3, allow_nan=False),
)
def test_invariants_hold_for_any_seed_and_small_scale(seed: int, scale: float) -> None:
    shop = sample_shop(seed, scale=scale)
    assert len(shop.products) >= 1
    assert len(shop.keywords) >= 1
    check_invariants(shop)


def test_orders_follow_customer_signup(shop: SampleShop) -> None:
    lines, customers = shop.order_lines, shop.customers
    signup = customers.signup_date[lines.customer_id - 1].astype("datetime64[s]")
    assert np.all(lines.timestamp >= signup)
    # customers who signed up inside the window order on their signup day
    _, order_customer, order_time = orders_of(lines)  # orders in time order
    buyer, first = np.unique(order_customer, return_index=True)
    first_day = order_time[first].astype("datetime64[D]")
    signup_day = customers.signup_date[buyer - 1]
    new = signup_day >= np.datetime64("2025-11-01")
    assert new.sum() > 100
    assert np.array_equal(first_day[new], signup_day[new])


def test_demand_is_intermittent_for_a_quarter_of_skus(shop: SampleShop) -> None:
    zero_share = (shop.demand.units == 0).mean(axis=1)
    assert (zero_share > 0.3).mean() >= 0.20
    assert (zero_share > 0.6).mean() >= 0.20  # the intermittent quarter is mostly zeros
    assert (zero_share < 0.1).mean() >= 0.20  # and many SKUs sell most days


def test_demand_seasonality(shop: SampleShop) -> None:
    daily = shop.demand.units.sum(axis=0)
    dates = shop.demand.dates
    median = np.median(daily)
    assert daily[dates == np.datetime64("2025-11-11")][0] > 2.5 * median  # Double-11
    assert daily[dates == np.datetime64("2026-06-18")][0] > 2.0 * median  # 618
    weekend = ((dates.astype(np.int64) + 3) % 7) >= 5  # Saturday, Sunday
    assert daily[weekend].mean() > 1.05 * daily[~weekend].mean()
    assert np.argmax(daily) == 10  # 2025-11-11 is the peak day


def test_orders_spike_on_double_11(shop: SampleShop) -> None:
    _, _, order_time = orders_of(shop.order_lines)
    day = (order_time.astype("datetime64[D]") - np.datetime64("2025-11-01")).astype(np.int64)
    per_day = np.bincount(day, minlength=365)
    assert per_day.shape == (365,)
    assert np.argmax(per_day) == 10
    assert per_day[10] > 3 * np.median(per_day)


def test_purchase_frequency_is_heavy_tailed(shop: SampleShop) -> None:
    _, order_customer, _ = orders_of(shop.order_lines)
    per_buyer = np.bincount(order_customer)
    per_buyer = per_buyer[per_buyer > 0]
    assert (per_buyer == 1).mean() > 0.4  # many buy once
    assert per_buyer.max() >= 24  # a few buy dozens of times
    top_decile = np.sort(per_buyer)[::-1][: per_buyer.size // 10]
    assert top_decile.sum() > 0.4 * per_buyer.sum()
    assert per_buyer.size < len(shop.customers)  # some registered customers never order
    spend = np.bincount(shop.order_lines.customer_id, weights=shop.order_lines.amount)
    spend = spend[spend > 0]
    assert spend.mean() > 1.5 * np.median(spend)  # skewed spend


def test_refunds_and_discounts(shop: SampleShop) -> None:
    lines, products = shop.order_lines, shop.products
    assert 0.015 < lines.is_refund.mean() < 0.05
    list_price = products.list_price[np.searchsorted(products.sku, lines.sku)]
    discounted = lines.unit_price < list_price
    assert 0.1 < discounted.mean() < 0.4


def test_list_prices_are_mostly_charm_prices(shop: SampleShop) -> None:
    cents = np.round(shop.products.list_price * 100).astype(np.int64)
    ends_point_nine = cents % 100 == 90
    ends_nine = (cents % 100 == 0) & ((cents // 100) % 10 == 9)
    assert (ends_point_nine | ends_nine).mean() > 0.7
    assert len(set(shop.products.category.tolist())) == 8


def test_funnel_drop_off(shop: SampleShop) -> None:
    ev = shop.events
    n_sessions = np.unique(ev.session_id).size
    share = {e: np.unique(ev.session_id[ev.event == e]).size / n_sessions for e in FUNNEL}
    assert share["visit"] == 1.0
    assert share["product_view"] == pytest.approx(0.60, abs=0.05)
    assert share["add_to_cart"] == pytest.approx(0.12, abs=0.03)
    assert share["checkout"] == pytest.approx(0.06, abs=0.02)
    assert share["payment"] == pytest.approx(0.03, abs=0.015)
    # repeated events within a session exist
    views = ev.session_id[ev.event == "product_view"]
    assert np.unique(views).size < views.size


def test_events_are_shuffled_and_some_users_return(shop: SampleShop) -> None:
    ev = shop.events
    assert not np.all(np.diff(ev.timestamp) >= np.timedelta64(0, "s"))
    assert not np.all(np.diff(ev.session_id) >= 0)
    pairs = np.unique(np.stack([ev.user_id, ev.session_id], axis=1), axis=0)
    sessions_per_user = np.bincount(pairs[:, 0])
    sessions_per_user = sessions_per_user[sessions_per_user > 0]
    assert (sessions_per_user == 1).mean() > 0.6
    assert sessions_per_user.max() >= 5
    assert np.all(ev.timestamp >= WINDOW_START)


def test_keywords_mix_languages_and_heavy_tail(shop: SampleShop) -> None:
    kw = shop.keywords
    chinese = np.array([any("\u4e00" <= ch <= "\u9fff" for ch in k) for k in kw.keyword])
    assert 0.6 < chinese.mean() < 0.8
    assert all(k == " ".join(k.split()) for k in kw.keyword.tolist())  # single spaces
    volume = kw.monthly_volume
    assert volume.max() > 20 * np.median(volume)
    assert 0.2 < np.isnan(kw.position).mean() < 0.8


def test_parcels_match_orders(shop: SampleShop) -> None:
    parcels, lines = shop.parcels, shop.order_lines
    assert len(parcels) == np.unique(lines.order_id).size
    assert np.array_equal(parcels.length_cm, np.ceil(parcels.length_cm))
    remote = parcels.destination_province == "新疆"
    near = parcels.destination_province == "浙江"
    assert parcels.promised_days[remote].mean() > parcels.promised_days[near].mean()


# ---------------------------------------------------------------------------
# Demand long form
# ---------------------------------------------------------------------------


def test_to_long_matches_matrix(shop: SampleShop) -> None:
    demand = shop.demand
    long = demand.to_long()
    assert isinstance(long, DailyDemand)
    assert long.column_names == ("sku", "date", "units")
    n_skus, n_days = demand.units.shape
    assert len(long) == n_skus * n_days
    np.testing.assert_array_equal(long.units.reshape(n_skus, n_days), demand.units)
    np.testing.assert_array_equal(long.sku.reshape(n_skus, n_days)[:, 0], demand.sku)
    np.testing.assert_array_equal(long.date[:n_days], demand.dates)
    assert long.date.dtype == np.dtype("datetime64[D]")
    for arr in long.columns().values():
        assert not arr.flags.writeable


def test_demand_history_checks_shape() -> None:
    with pytest.raises(InvalidInputError, match="units must have shape"):
        DemandHistory(
            sku=np.array(["A", "B"]),
            dates=np.array(["2026-01-01"], dtype="datetime64[D]"),
            units=np.zeros((3, 1), dtype=np.int64),
        )


# ---------------------------------------------------------------------------
# Scale
# ---------------------------------------------------------------------------


def test_scale_multiplies_rows(shop: SampleShop) -> None:
    double = sample_shop(seed=0, scale=2.0)
    assert len(double.products) == 2 * len(shop.products)
    assert len(double.customers) == 2 * len(shop.customers)
    assert len(double.keywords) == 2 * len(shop.keywords)
    assert double.demand.units.shape == (400, 365)
    sessions = np.unique(double.events.session_id).size
    assert sessions == 2 * np.unique(shop.events.session_id).size
    for table in ("order_lines", "events", "parcels"):
        ratio = len(getattr(double, table)) / len(getattr(shop, table))
        assert 1.7 < ratio < 2.3, (table, ratio)
    check_invariants(double)


def test_tiny_scale_keeps_one_row_per_table() -> None:
    tiny = sample_shop(seed=3, scale=1e-9)
    for table in TABLES:
        assert len(getattr(tiny, table)) >= 1, table
    assert tiny.demand.units.shape == (1, 365)
    check_invariants(tiny)


def test_integer_scale_is_stored_as_float() -> None:
    shop = sample_shop(seed=0, scale=1)
    assert isinstance(shop.scale, float)
    assert shop.scale == 1.0


# ---------------------------------------------------------------------------
# Customer dropout
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def churning() -> SampleShop:
    return sample_shop(seed=0, dropout=True)


def test_dropout_is_off_by_default(shop: SampleShop) -> None:
    assert shop.dropout is False
    off = sample_shop(seed=0, dropout=False)
    assert np.array_equal(off.order_lines.amount, shop.order_lines.amount)
    assert np.array_equal(off.parcels.weight_kg, shop.parcels.weight_kg)


def test_dropout_changes_only_the_orders(shop: SampleShop, churning: SampleShop) -> None:
    assert churning.dropout is True
    assert repr(churning).splitlines()[0] == "SampleShop(seed=0, scale=1, dropout=True)"
    for table in ("products", "customers", "events", "keywords"):
        for name, column in getattr(shop, table).columns().items():
            other = getattr(churning, table).columns()[name]
            assert np.array_equal(column, other, equal_nan=column.dtype.kind == "f"), name
    assert np.array_equal(shop.demand.units, churning.demand.units)
    # fewer orders: customers who left place none after leaving
    n_orders = np.unique(churning.order_lines.order_id).size
    assert n_orders < 0.8 * np.unique(shop.order_lines.order_id).size
    check_invariants(churning)


def test_with_dropout_the_bgnbd_finds_it(churning: SampleShop) -> None:
    lines = churning.order_lines
    summary = customer_summary(lines.customer_id, lines.timestamp, lines.amount, as_of=AS_OF)
    weeks, t_x = summary.T / 7.0, summary.t_x / 7.0
    fit = fit_bgnbd(summary.repeat_count, t_x, weeks)
    # the generator's Beta(0.8, 2.4) has mean 0.25; the fit sees it through the
    # seasonal calendar, within a few points
    assert fit.a / (fit.a + fit.b) == pytest.approx(DROPOUT_BETA[0] / sum(DROPOUT_BETA), abs=0.05)
    pareto = fit_pareto_nbd(summary.repeat_count, t_x, weeks)
    assert pareto.s > 0.1  # a finite, identified dropout rate
    alive = fit.probability_alive(summary.repeat_count, t_x, weeks)
    assert 0.2 < float(np.mean(alive)) < 0.9


def test_without_dropout_the_bgnbd_finds_none(shop: SampleShop) -> None:
    lines = shop.order_lines
    summary = customer_summary(lines.customer_id, lines.timestamp, lines.amount, as_of=AS_OF)
    with pytest.raises(InfeasibleProblemError, match="no sign of dropout"):
        fit_bgnbd(summary.repeat_count, summary.t_x / 7.0, summary.T / 7.0)


@pytest.mark.parametrize("dropout", [1, 0, "yes", None, 0.5])
def test_bad_dropout_raises(dropout: Any) -> None:
    with pytest.raises(InvalidInputError, match=r"^dropout must be True or False"):
        sample_shop(seed=0, scale=0.01, dropout=dropout)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scale", [0, 0.0, -1.0, -1e-9, math.nan, math.inf, -math.inf, "1", None, True, [1.0]]
)
def test_bad_scale_raises(scale: Any) -> None:
    with pytest.raises(InvalidInputError, match=r"^scale must"):
        sample_shop(seed=0, scale=scale)


@pytest.mark.parametrize("seed", [-1, -(2**40), 1.5, 0.0, "0", None, True, np.float64(1.0)])
def test_bad_seed_raises(seed: Any) -> None:
    with pytest.raises(InvalidInputError, match=r"^seed must"):
        sample_shop(seed=seed)


def test_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match=re.escape("scale must be > 0; got -2.0")):
        sample_shop(scale=-2)
    with pytest.raises(ValueError, match=re.escape("seed must be >= 0; got -3")):
        sample_shop(seed=-3)


def test_scale_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        sample_shop(0, 1.0)  # type: ignore[call-arg]


# ---------------------------------------------------------------------------
# Display and export
# ---------------------------------------------------------------------------


def test_repr_is_readable(shop: SampleShop) -> None:
    text = repr(shop)
    lines = text.splitlines()
    assert lines[0] == "SampleShop(seed=0, scale=1)"
    assert "200 SKUs × 365 days" in text
    for table in TABLES:
        assert f"{len(getattr(shop, table)):,} rows" in text
    html = shop._repr_html_()
    assert "SampleShop" in html
    assert "order_lines" in html
    assert repr(shop.products).startswith("Products: 200 rows × 10 columns")
    assert repr(shop.demand).startswith("DemandHistory(")


def test_to_pandas(shop: SampleShop) -> None:
    pytest.importorskip("pandas")
    frame = shop.order_lines.to_pandas()
    assert list(frame.columns) == list(SCHEMA["order_lines"])
    assert len(frame) == len(shop.order_lines)
