"""DataFrame entry points: every one with pandas and polars, equal to the array API.

Each test builds the same frame in both libraries, calls the frame function,
and checks the answer column by column against the array API called on the
same columns (the array API is the reference), plus the frame contract: the
caller's kind of frame back, the caller's key column name, the inputs carried,
missing columns refused with the frame's columns listed, missing values refused
with the array API's own message.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest

from ecomops import (
    InfeasibleProblemError,
    InvalidInputError,
    frames,
    funnel,
    inventory,
    logistics,
    seo,
)
from ecomops import segmentation as seg
from ecomops.funnel import FunnelSpec
from ecomops.segmentation import SegmentMap

KINDS = ("pandas", "polars")
AS_OF = "2026-03-31"


def make(kind: str, columns: dict[str, Any]) -> Any:
    if kind == "pandas":
        return pd.DataFrame(columns)
    return pl.DataFrame(columns)


def as_dict(frame: Any) -> dict[str, list[Any]]:
    if isinstance(frame, pd.DataFrame):
        return {str(k): list(v) for k, v in frame.to_dict("list").items()}
    return frame.to_dict(as_series=False)


def assert_column(frame: Any, name: str, expected: Any) -> None:
    got = frame[name].to_numpy()
    expected = np.asarray(expected)
    if expected.dtype.kind == "f":
        np.testing.assert_allclose(got.astype(float), expected, rtol=1e-12, equal_nan=True)
    elif expected.dtype.kind == "M":
        np.testing.assert_array_equal(
            got.astype("datetime64[ns]"), expected.astype("datetime64[ns]")
        )
    else:
        assert got.tolist() == expected.tolist(), name


def assert_kind(frame: Any, kind: str) -> None:
    assert isinstance(frame, pd.DataFrame if kind == "pandas" else pl.DataFrame)


# --- orders ----------------------------------------------------------------


def order_columns(key: str = "customer_id") -> dict[str, Any]:
    rng = np.random.default_rng(7)
    n = 400
    start = np.datetime64("2025-06-01T00:00")
    minutes = rng.integers(0, 300 * 24 * 60, n)
    return {
        key: rng.integers(1, 60, n),
        "order_ts": (start + minutes.astype("timedelta64[m]")).astype("datetime64[us]"),
        "amount": rng.gamma(3.0, 40.0, n).round(2),
    }


def reference_summary(columns: dict[str, Any], key: str = "customer_id", **options: Any) -> Any:
    return seg.customer_summary(
        columns[key], columns["order_ts"], columns["amount"], as_of=AS_OF, **options
    )


@pytest.mark.parametrize("kind", KINDS)
def test_customer_summary_equals_the_array_api(kind: str) -> None:
    columns = order_columns()
    answer = frames.customer_summary(make(kind, columns), as_of=AS_OF, period="W")
    summary = reference_summary(columns, period="W")
    assert_kind(answer, kind)
    assert list(answer.columns) == list(summary.column_names)
    for name, values in summary.columns().items():
        assert_column(answer, name, values)


@pytest.mark.parametrize("kind", KINDS)
def test_rfm_scores_carry_values_next_to_scores(kind: str) -> None:
    columns = order_columns()
    answer = frames.rfm_scores(make(kind, columns), as_of=AS_OF, bins=4)
    scores = seg.rfm_scores(reference_summary(columns), bins=4)
    assert list(answer.columns) == list(scores.column_names)
    for name, values in scores.columns().items():
        assert_column(answer, name, values)


@pytest.mark.parametrize("kind", KINDS)
def test_acceptance_rfm_segments_in_one_call_keyed_by_customer_id(kind: str) -> None:
    """orders(customer_id, order_ts, amount) -> RFM segments keyed by customer_id, one call."""
    columns = order_columns()
    orders = make(kind, columns)
    answer = frames.segment_customers(orders, as_of=AS_OF)
    assert_kind(answer, kind)
    scores = seg.rfm_scores(reference_summary(columns))
    segments = seg.segment_customers(scores, SegmentMap.preset("rf_10"))
    assert list(answer.columns)[:4] == ["customer_id", "recency_days", "frequency", "monetary"]
    for name in ("customer_id", "recency_score", "frequency_score", "monetary_score", "rfm_code"):
        assert_column(answer, name, getattr(scores, name))
    assert_column(answer, "segment", segments.segment)
    assert_column(answer, "rule", segments.rule)
    if kind == "pandas":
        assert answer.index.equals(pd.RangeIndex(len(segments)))


@pytest.mark.parametrize("kind", KINDS)
def test_segments_join_back_onto_the_callers_customers(kind: str) -> None:
    columns = order_columns()
    ids = np.unique(columns["customer_id"])
    customers = make(kind, {"customer_id": np.r_[999, ids[::-1]], "city": ["x"] * (ids.size + 1)})
    answer = frames.segment_customers(make(kind, columns), as_of=AS_OF, customers=customers)
    assert_kind(answer, kind)
    assert answer["customer_id"].to_list() == [999, *ids[::-1].tolist()]
    assert list(answer.columns)[:2] == ["customer_id", "city"]
    alone = frames.segment_customers(make(kind, columns), as_of=AS_OF)
    segment_of = dict(zip(alone["customer_id"].to_list(), alone["segment"].to_list(), strict=True))
    got = answer["segment"].to_list()
    assert got[0] is None or got[0] != got[0]  # no purchase: missing (None or NaN)
    assert got[1:] == [segment_of[i] for i in ids[::-1].tolist()]


def test_segments_join_refuses_another_kind_and_missing_key() -> None:
    columns = order_columns()
    with pytest.raises(InvalidInputError, match="customers must be a pandas DataFrame"):
        frames.segment_customers(
            pd.DataFrame(columns), as_of=AS_OF, customers=pl.DataFrame({"customer_id": [1]})
        )
    with pytest.raises(
        InvalidInputError, match=r"customer_id='customer_id' is not a column of customers"
    ):
        frames.segment_customers(
            pd.DataFrame(columns), as_of=AS_OF, customers=pd.DataFrame({"id": [1]})
        )


@pytest.mark.parametrize("kind", KINDS)
def test_custom_key_name_is_kept(kind: str) -> None:
    columns = order_columns(key="user")
    columns["when"] = columns.pop("order_ts")
    columns["paid"] = columns.pop("amount")
    answer = frames.segment_customers(
        make(kind, columns), customer_id="user", timestamp="when", amount="paid", as_of=AS_OF
    )
    assert list(answer.columns)[:1] == ["user"]
    assert "customer_id" not in answer.columns
    assert_column(answer, "user", np.unique(columns["user"]))


@pytest.mark.parametrize("kind", KINDS)
def test_segment_summary_equals_the_array_api(kind: str) -> None:
    columns = order_columns()
    segment_map = SegmentMap.preset("pymc_marketing")
    answer = frames.segment_summary(make(kind, columns), segment_map, as_of=AS_OF)
    summary = reference_summary(columns)
    table = seg.segment_summary(
        seg.segment_customers(seg.rfm_scores(summary, bins=4), segment_map), summary
    )
    for name, values in table.columns().items():
        assert_column(answer, name, values)


@pytest.mark.parametrize("kind", KINDS)
def test_cohort_matrix_is_the_long_form_of_the_array_api(kind: str) -> None:
    columns = order_columns()
    answer = frames.cohort_matrix(
        make(kind, columns), amount="amount", as_of=AS_OF, metric="revenue"
    )
    matrix = seg.cohort_matrix(
        columns["customer_id"],
        columns["order_ts"],
        columns["amount"],
        as_of=AS_OF,
        metric="revenue",
    )
    n, k = matrix.values.shape
    assert len(answer) == n * k
    assert_column(answer, "cohort_value", matrix.values.reshape(-1))
    assert_column(answer, "retention", matrix.retention.reshape(-1))
    assert_column(answer, "is_partial", matrix.is_partial.reshape(-1))
    assert_column(answer, "offset", np.tile(matrix.offsets, n))
    assert_column(answer, "cohort_size", np.repeat(matrix.cohort_sizes, k))
    assert_column(answer, "cohort", np.repeat(matrix.cohorts, k).astype("datetime64[D]"))


# --- CLV -------------------------------------------------------------------


def dropout_orders() -> dict[str, Any]:
    """Customers who buy at Poisson rates, then drop out (so BG/NBD has dropout to fit)."""
    rng = np.random.default_rng(0)
    n = 1_000
    rate = rng.gamma(0.5, 0.5, n)
    alive = np.minimum(rng.exponential(20.0, n), 52)
    buys = 1 + rng.poisson(rate * alive)
    customer = np.repeat(np.arange(n), buys)
    week = rng.uniform(0, alive[customer])
    week[np.r_[0, np.cumsum(buys)[:-1]]] = 0
    ts = np.datetime64("2025-01-06T00:00:00", "ms") + (week * 7 * 86400e3).astype("timedelta64[ms]")
    return {"customer_id": customer, "order_ts": ts, "amount": rng.gamma(4, 10, customer.size)}


CLV_AS_OF = "2026-01-04"


@pytest.fixture(scope="module")
def weekly() -> Any:
    c = dropout_orders()
    return c, seg.customer_summary(
        c["customer_id"], c["order_ts"], c["amount"], as_of=CLV_AS_OF, period="W"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_clv_fits_and_predictions_equal_the_array_api(kind: str, weekly: Any) -> None:
    columns, s = weekly
    orders = make(kind, columns)
    options = {"as_of": CLV_AS_OF, "period": "W"}
    bg = frames.fit_bgnbd(orders, **options)
    assert bg == seg.fit_bgnbd(s.repeat_count, s.t_x, s.T)
    pareto = frames.fit_pareto_nbd(orders, **options)
    assert pareto == seg.fit_pareto_nbd(s.repeat_count, s.t_x, s.T)
    nbd = frames.fit_nbd(orders, **options)
    assert nbd == seg.fit_nbd(s.repeat_count, s.t_x, s.T)
    gg = frames.fit_gamma_gamma(orders, **options)
    assert gg == seg.fit_gamma_gamma(s.repeat_count, s.mean_repeat_spend)
    horizon = {"horizon": 52.0, "period_length": 52 / 12, "discount_rate": 0.01}
    answer = frames.customer_lifetime_value(orders, bg, gg, **horizon, **options)
    assert_column(answer, "customer_id", s.customer_id)
    assert_column(answer, "T", s.T)
    assert_column(answer, "probability_alive", bg.probability_alive(s.repeat_count, s.t_x, s.T))
    assert_column(
        answer, "expected_purchases", bg.expected_purchases(52.0, s.repeat_count, s.t_x, s.T)
    )
    assert_column(answer, "expected_spend", gg.expected_spend(s.repeat_count, s.mean_repeat_spend))
    clv = seg.customer_lifetime_value(
        bg, gg, s.repeat_count, s.t_x, s.T, s.mean_repeat_spend, **horizon
    )
    assert_column(answer, "customer_lifetime_value", clv)


# --- funnels ---------------------------------------------------------------

SPEC = FunnelSpec(["visit", "cart", "pay"], window=timedelta(hours=1))


def event_columns() -> dict[str, Any]:
    rng = np.random.default_rng(3)
    n = 3_000
    t0 = np.datetime64("2025-11-11T20:00", "ms")
    return {
        "user_id": rng.integers(0, 500, n),
        "event_ts": t0 + (rng.integers(0, 4 * 3600, n) * 1000).astype("timedelta64[ms]"),
        "event": rng.choice(["visit", "visit", "cart", "pay"], n),
        "variant": rng.choice(["A", "B"], n),
        "channel": rng.choice(["app", "web", "mini"], n),
    }


@pytest.mark.parametrize("kind", KINDS)
def test_acceptance_funnel_from_an_events_frame_in_one_call(kind: str) -> None:
    columns = event_columns()
    answer = frames.compute_funnel(make(kind, columns), SPEC)
    assert_kind(answer, kind)
    steps = funnel.compute_funnel(
        columns["user_id"], columns["event_ts"], columns["event"], SPEC
    ).steps_table()
    assert list(answer.columns) == list(steps.column_names)
    for name, values in steps.columns().items():
        assert_column(answer, name, values)


@pytest.mark.parametrize("kind", KINDS)
def test_funnel_units_are_keyed_by_the_callers_unit_column(kind: str) -> None:
    columns = event_columns()
    columns["visitor"] = columns.pop("user_id")
    answer = frames.funnel_units(make(kind, columns), SPEC, unit_id="visitor")
    units = funnel.compute_funnel(
        columns["visitor"], columns["event_ts"], columns["event"], SPEC
    ).per_unit
    assert list(answer.columns)[:3] == ["visitor", "furthest_step", "furthest_step_name"]
    for name, values in units.columns().items():
        assert_column(answer, "visitor" if name == "unit_id" else name, values)
    names = np.array(["visit", "cart", "pay", ""])
    assert_column(answer, "furthest_step_name", names[units.furthest_step])


@pytest.mark.parametrize("kind", KINDS)
def test_funnel_breakdown_names_the_group_column_as_the_caller(kind: str) -> None:
    columns = event_columns()
    answer = frames.funnel_breakdown(make(kind, columns), SPEC, breakdown="channel")
    table = funnel.compute_funnel(
        columns["user_id"], columns["event_ts"], columns["event"], SPEC,
        breakdown=columns["channel"],
    ).breakdown  # fmt: skip
    assert table is not None
    assert list(answer.columns)[:1] == ["channel"]
    assert_column(answer, "channel", table.group)
    assert_column(answer, "count", table.count)
    assert_column(answer, "conversion_from_first_low", table.conversion_from_first_low)


@pytest.mark.parametrize("kind", KINDS)
def test_compare_funnels_splits_the_frame_by_its_group_column(kind: str) -> None:
    columns = event_columns()
    answer = frames.compare_funnels(make(kind, columns), SPEC)
    arms = []
    for arm in ("A", "B"):
        mask = columns["variant"] == arm
        arms.append(
            funnel.compute_funnel(
                columns["user_id"][mask], columns["event_ts"][mask], columns["event"][mask], SPEC
            )
        )
    table = funnel.compare_funnels(*arms)
    for name, values in table.columns().items():
        assert_column(answer, name, values)
    reverse = frames.compare_funnels(make(kind, columns), SPEC, variants=("B", "A"))
    assert_column(reverse, "count_a", table.count_b)


def test_compare_funnels_needs_two_groups() -> None:
    columns = event_columns()
    with pytest.raises(InvalidInputError, match="exactly two values"):
        frames.compare_funnels(pd.DataFrame(columns), SPEC, variant="channel")
    with pytest.raises(InvalidInputError, match="which no row of variant holds"):
        frames.compare_funnels(pd.DataFrame(columns), SPEC, variants=("A", "C"))


# --- inventory ---------------------------------------------------------------


def sku_columns() -> dict[str, Any]:
    rng = np.random.default_rng(5)
    n = 50
    return {
        "sku": [f"SKU-{i:03d}" for i in range(n)],
        "revenue": rng.gamma(1.0, 1000.0, n),
        "cost_of_goods_sold": rng.uniform(100, 1000, n),
        "average_inventory_value": rng.uniform(50, 500, n),
        "on_hand": rng.uniform(0, 300, n),
        "demand_per_period": rng.uniform(1, 20, n),
        "gross_margin": rng.uniform(10, 500, n),
        "average_inventory_cost": rng.uniform(50, 500, n),
        "units_sold": rng.uniform(0, 50, n),
        "units_received": rng.uniform(50, 100, n),
        "beginning_inventory": rng.uniform(0, 20, n),
    }


@pytest.mark.parametrize("kind", KINDS)
def test_abc_classification_per_row_with_the_callers_index(kind: str) -> None:
    columns = sku_columns()
    data = make(kind, columns)
    if kind == "pandas":
        data.index = pd.Index(np.arange(100, 150), name="row")
    answer = frames.abc_classification(data)
    abc = inventory.abc_classification(columns["revenue"])
    assert list(answer.columns) == [
        "sku",
        "revenue",
        "share",
        "cumulative_share",
        "rank",
        "abc_class",
    ]
    assert_column(answer, "abc_class", abc.classes)
    assert_column(answer, "rank", abc.rank)
    assert_column(answer, "cumulative_share", abc.cumulative_share)
    assert_column(answer, "revenue", columns["revenue"])
    if kind == "pandas":
        assert answer.index.equals(data.index)


@pytest.mark.parametrize("kind", KINDS)
def test_inventory_kpis_equal_the_array_api(kind: str) -> None:
    c = sku_columns()
    data = make(kind, c)
    assert_column(
        frames.inventory_turnover(data), "inventory_turnover",
        inventory.inventory_turnover(c["cost_of_goods_sold"], c["average_inventory_value"]),
    )  # fmt: skip
    assert_column(
        frames.days_of_supply(data, period_days=7.0), "days_of_supply",
        inventory.days_of_supply(c["on_hand"], c["demand_per_period"], period_days=7.0),
    )  # fmt: skip
    assert_column(
        frames.gmroi(data), "gmroi", inventory.gmroi(c["gross_margin"], c["average_inventory_cost"])
    )
    answer = frames.sell_through_rate(data, beginning_inventory="beginning_inventory")
    assert list(answer.columns) == [
        "sku", "units_sold", "units_received", "beginning_inventory", "sell_through_rate",
    ]  # fmt: skip
    assert_column(
        answer, "sell_through_rate",
        inventory.sell_through_rate(
            c["units_sold"], c["units_received"], beginning_inventory=c["beginning_inventory"]
        ),
    )  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_xyz_classification_from_a_demand_log(kind: str) -> None:
    rng = np.random.default_rng(11)
    history = rng.poisson(rng.uniform(0.5, 30, (20, 1)), (20, 12)).astype(float)
    sku, period = np.nonzero(np.ones_like(history))
    keep = history.reshape(-1) > 0  # zero-demand periods left out of the log
    names = np.array([f"S{i:02d}" for i in range(20)])
    log = {"sku": names[sku][keep], "period": period[keep], "quantity": history.reshape(-1)[keep]}
    answer = frames.xyz_classification(make(kind, log))
    xyz = inventory.xyz_classification(history)
    assert_column(answer, "sku", names)
    assert_column(answer, "cv", xyz.cv)
    assert_column(answer, "xyz_class", xyz.classes)


def test_xyz_classification_sums_repeated_pairs_and_bounds_the_matrix(monkeypatch: Any) -> None:
    log = pd.DataFrame(
        {"sku": [1, 1, 1, 2], "period": [1, 1, 2, 2], "quantity": [2.0, 3.0, 5.0, 4.0]}
    )
    answer = frames.xyz_classification(log)
    assert answer["demand_mean"].tolist() == [5.0, 2.0]
    import ecomops._frames.inventory as module

    monkeypatch.setattr(module, "MAX_DEMAND_CELLS", 3)
    with pytest.raises(InvalidInputError, match="2 SKUs x 2 periods = 4 cells"):
        frames.xyz_classification(log)


# --- logistics -----------------------------------------------------------------


def parcel_columns() -> dict[str, Any]:
    rng = np.random.default_rng(9)
    n = 40
    provinces = ["上海", "浙江", "新疆", "广东", "北京"]
    return {
        "tracking": [f"P{i}" for i in range(n)],
        "weight_kg": rng.uniform(0.2, 8, n).round(2),
        "length_cm": rng.uniform(10, 50, n).round(0),
        "width_cm": rng.uniform(10, 40, n).round(0),
        "height_cm": rng.uniform(5, 30, n).round(0),
        "origin": ["HZ"] * n,
        "destination": rng.choice(provinces, n),
        "promised_days": rng.choice([2.0, 3.0, 7.0, np.nan], n),
    }


@pytest.mark.parametrize("kind", KINDS)
def test_shop_rates_over_a_parcel_table(kind: str) -> None:
    c = parcel_columns()
    services = logistics.example_services("CN")
    answer = frames.shop_rates(
        make(kind, c), services, parcel_id="tracking", max_transit_days="promised_days"
    )
    batch = logistics.ParcelBatch(
        c["weight_kg"], c["length_cm"], c["width_cm"], c["height_cm"], c["origin"], c["destination"]
    )
    plan = logistics.shop_rates(batch, services, max_transit_days=c["promised_days"])
    assert list(answer.columns)[:2] == ["tracking", "weight_kg"]
    assert_column(answer, "service", plan.service)
    assert_column(answer, "transit_days", plan.transit_days)
    assert_column(answer, "reason", plan.reason)
    money = plan.cost.to_pandas() if kind == "pandas" else plan.cost.to_polars()
    assert answer["cost"].to_list() == money.to_list()
    assert answer["cost"].dtype == money.dtype
    one_promise = frames.shop_rates(make(kind, c), services, max_transit_days=3)
    plan3 = logistics.shop_rates(batch, services, max_transit_days=3)
    assert_column(one_promise, "service", plan3.service)


@pytest.mark.parametrize("kind", KINDS)
def test_quote_is_the_long_form_of_the_array_api(kind: str) -> None:
    c = parcel_columns()
    services = logistics.example_services("CN")
    answer = frames.quote(make(kind, c), services, parcel_id="tracking")
    batch = logistics.ParcelBatch(
        c["weight_kg"], c["length_cm"], c["width_cm"], c["height_cm"], c["origin"], c["destination"]
    )
    table = logistics.quote(batch, services)
    n, s = table.cost.shape
    assert len(answer) == n * s
    assert_column(answer, "tracking", np.repeat(c["tracking"], s))
    assert_column(answer, "service", np.tile(table.services, n))
    assert_column(answer, "reason", table.reasons().reshape(-1))
    assert_column(answer, "billable_weight", table.billable_weight.reshape(-1))
    assert_column(answer, "cost", table.cost.to_float().reshape(-1))
    assert_column(answer, "base", table.base.to_float().reshape(-1))


@pytest.mark.parametrize("kind", KINDS)
def test_pack_cartons_with_string_order_ids(kind: str) -> None:
    lines = {
        "order_id": ["B-7", "A-1", "A-1", "C-3"],
        "length_cm": [45.0, 30.0, 10.0, 12.0],
        "width_cm": [30.0, 20.0, 10.0, 12.0],
        "height_cm": [25.0, 10.0, 5.0, 12.0],
        "weight_kg": [3.0, 1.0, 0.2, 0.5],
        "quantity": [1, 1, 2, 3],
        "origin": ["HZ"] * 4,
        "destination": ["新疆", "上海", "上海", "浙江"],
    }
    boxes, services = logistics.china_postal_cartons(), logistics.example_services("CN")
    answer = frames.pack_cartons(
        make(kind, lines), boxes, services, origin="origin", destination="destination"
    )
    items = logistics.OrderItems(
        np.array([1, 0, 0, 2]), lines["length_cm"], lines["width_cm"], lines["height_cm"],
        lines["weight_kg"], quantity=lines["quantity"], origin=lines["origin"],
        destination=lines["destination"],
    )  # fmt: skip
    plan = logistics.pack_cartons(items, boxes, services)
    names = np.array(["A-1", "B-7", "C-3"])
    assert_column(answer, "order_id", names[plan.parcels.order_id])
    assert_column(answer, "box", plan.parcels.box)
    assert_column(answer, "service", plan.parcels.service)
    money = (
        plan.parcels.shipping.to_pandas() if kind == "pandas" else plan.parcels.shipping.to_polars()
    )
    assert answer["shipping"].to_list() == money.to_list()


# --- SEO -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_keyword_scores_carry_the_export(kind: str) -> None:
    c = {
        "keyword": ["绿茶", "green tea", "乌龙茶", "tea set"],
        "monthly_volume": [5000.0, 300.0, 1200.0, 800.0],
        "difficulty": [70.0, 20.0, 45.0, 30.0],
        "cpc": [1.5, 0.8, 1.1, 0.4],
        "position": [3.0, np.nan, 12.0, 1.0],
    }
    answer = frames.keyword_scores(make(kind, c), volume="monthly_volume", position="position")
    scores = seo.keyword_scores(
        c["monthly_volume"], c["difficulty"], c["cpc"], position=c["position"]
    )
    assert list(answer.columns)[:5] == [
        "keyword",
        "monthly_volume",
        "difficulty",
        "cpc",
        "position",
    ]
    for name in ("score", "rank", "volume_score", "position_score"):
        assert_column(answer, name, getattr(scores, name))


# --- the frame contract ----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_missing_column_is_refused_with_the_frames_columns(kind: str) -> None:
    columns = order_columns()
    columns["ts"] = columns.pop("order_ts")
    with pytest.raises(InvalidInputError) as info:
        frames.segment_customers(make(kind, columns), as_of=AS_OF)
    message = str(info.value)
    assert "timestamp='order_ts' is not a column of data" in message
    assert "['customer_id', 'amount', 'ts']" in message


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda d: frames.compute_funnel(d, SPEC), "unit_id='user_id'"),
        (lambda d: frames.abc_classification(d), "sku='sku'"),
        (lambda d: frames.keyword_scores(d), "keyword='keyword'"),
        (lambda d: frames.shop_rates(d, logistics.example_services("CN")), "weight_kg='weight_kg'"),
    ],
)
def test_every_entry_point_lists_the_columns(call: Any, name: str) -> None:
    with pytest.raises(
        InvalidInputError, match=rf"{name} is not a column of data; its columns are \['x'\]"
    ):
        call(pl.DataFrame({"x": [1]}))


@pytest.mark.parametrize("kind", KINDS)
def test_missing_values_get_the_array_apis_error(kind: str) -> None:
    columns = order_columns()
    ids = columns["customer_id"].astype(float)
    ids[5] = np.nan
    data = make(kind, {**columns, "customer_id": ids})
    if kind == "polars":
        data = data.with_columns(pl.col("customer_id").fill_nan(None))
    with pytest.raises(InvalidInputError) as frame_error:
        frames.segment_customers(data, as_of=AS_OF)
    with pytest.raises(InvalidInputError) as array_error:
        seg.customer_summary(data["customer_id"], data["order_ts"], data["amount"], as_of=AS_OF)
    assert str(frame_error.value) == str(array_error.value)
    assert "index 5" in str(frame_error.value)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("frame_call", "array_call", "column"),
    [
        (
            frames.days_of_supply,
            lambda c: inventory.days_of_supply(c["on_hand"], c["demand_per_period"]),
            "on_hand",
        ),
        (
            frames.gmroi,
            lambda c: inventory.gmroi(c["gross_margin"], c["average_inventory_cost"]),
            "gross_margin",
        ),
        (
            frames.abc_classification,
            lambda c: inventory.abc_classification(c["revenue"]),
            "revenue",
        ),
    ],
)
def test_nan_in_a_sku_column_is_treated_as_the_array_api_treats_it(
    kind: str, frame_call: Any, array_call: Any, column: str
) -> None:
    c = sku_columns()
    c[column][3] = np.nan
    try:
        expected = array_call(c)
    except InvalidInputError as error:
        message = str(error)
    else:
        answer = frame_call(make(kind, c))
        assert np.isnan(answer.to_numpy()[3, -1]) == np.isnan(np.asarray(expected, dtype=float)[3])
        return
    with pytest.raises(InvalidInputError) as info:
        frame_call(make(kind, c))
    assert str(info.value) == message


def test_other_inputs_are_refused_by_name() -> None:
    with pytest.raises(InvalidInputError, match="data must be a pandas or polars DataFrame"):
        frames.customer_summary({"customer_id": [1]}, as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"collect\(\) a LazyFrame first"):
        frames.customer_summary(pl.DataFrame(order_columns()).lazy(), as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="customer_id must be a column name"):
        frames.customer_summary(pd.DataFrame(order_columns()), customer_id=1, as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="segment_map must be a SegmentMap"):
        frames.segment_customers(pd.DataFrame(order_columns()), "rf_10", as_of=AS_OF)  # type: ignore[arg-type]


def test_an_input_column_named_like_an_answer_column_is_refused() -> None:
    skus = pd.DataFrame({"sku": ["a", "b"], "share": [3.0, 1.0]})
    with pytest.raises(InvalidInputError, match="two columns named 'share'"):
        frames.abc_classification(skus, value="share")


@pytest.mark.parametrize("kind", KINDS)
def test_the_callers_frame_is_not_modified(kind: str) -> None:
    columns = order_columns()
    data = make(kind, columns)
    before = as_dict(data)
    frames.segment_customers(data, as_of=AS_OF)
    frames.abc_classification(make(kind, sku_columns()))
    assert as_dict(data) == before


def test_time_zone_aware_timestamps_are_read_as_wall_clock_in_both_libraries() -> None:
    ts = pd.to_datetime(["2026-03-01 00:30", "2026-02-28 23:00"]).tz_localize("Asia/Shanghai")
    data = pd.DataFrame({"customer_id": [1, 2], "order_ts": ts, "amount": [10.0, 20.0]})
    by_pandas = frames.customer_summary(data, as_of="2026-03-31")
    polars_data = pl.DataFrame(
        {
            "customer_id": [1, 2],
            "order_ts": [datetime(2026, 3, 1, 0, 30), datetime(2026, 2, 28, 23, 0)],
            "amount": [10.0, 20.0],
        }
    ).with_columns(pl.col("order_ts").dt.replace_time_zone("Asia/Shanghai"))
    by_polars = frames.customer_summary(polars_data, as_of="2026-03-31")
    assert by_pandas["first_purchase"].astype(str).tolist() == ["2026-03-01", "2026-02-28"]
    assert by_pandas["recency_days"].tolist() == by_polars["recency_days"].to_list() == [30, 31]


def test_infeasible_fits_raise_as_the_array_api() -> None:
    from ecomops.datasets import sample_shop

    lines = sample_shop(seed=0).order_lines.to_pandas()
    with pytest.raises(InfeasibleProblemError, match="no sign of dropout"):
        frames.fit_bgnbd(lines, timestamp="timestamp", as_of="2026-10-31", period="W")


def test_import_ecomops_loads_no_frame_library_and_frames_loads_them_on_use() -> None:
    code = (
        "import sys, ecomops; from ecomops import frames; "
        "print(sorted(m for m in ('pandas', 'polars', 'narwhals') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]", out


def test_the_key_column_keeps_the_callers_dtype_so_joins_work() -> None:
    ts = [datetime(2026, 1, 5), datetime(2026, 3, 1), datetime(2026, 2, 10), datetime(2026, 2, 11)]
    amounts = [1.0, 2.0, 3.0, 4.0]
    for ids in (
        pl.Series(["a", "a", "b", "c"], dtype=pl.Categorical),
        pl.Series([1, 1, 2, 3], dtype=pl.UInt32),
    ):
        orders = pl.DataFrame({"customer_id": ids, "order_ts": ts, "amount": amounts})
        answer = frames.segment_customers(orders, as_of=AS_OF)
        assert answer["customer_id"].dtype == ids.dtype
        customers = pl.DataFrame({"customer_id": ids.unique(maintain_order=True), "x": [1, 2, 3]})
        joined = frames.segment_customers(orders, as_of=AS_OF, customers=customers)
        assert joined["segment"].null_count() == 0
    category = pd.Categorical(["a", "a", "b", "c"])
    orders_pd = pd.DataFrame({"customer_id": category, "order_ts": ts, "amount": amounts})
    assert frames.customer_summary(orders_pd, as_of=AS_OF)["customer_id"].dtype == "category"


@pytest.mark.parametrize("kind", KINDS)
def test_row_order_and_the_pandas_index_do_not_change_a_per_customer_answer(kind: str) -> None:
    columns = order_columns()
    shuffled = np.random.default_rng(1).permutation(columns["amount"].size)
    data = make(kind, {k: np.asarray(v)[shuffled] for k, v in columns.items()})
    if kind == "pandas":
        data.index = pd.Index(np.full(len(data), 7))  # a duplicated, meaningless index
    answer = frames.segment_customers(data, as_of=AS_OF)
    expected = frames.segment_customers(make(kind, columns), as_of=AS_OF)
    assert as_dict(answer) == as_dict(expected)


@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_frame_gives_an_empty_frame_with_the_same_columns(kind: str) -> None:
    empty = {
        "customer_id": np.array([], dtype=np.int64),
        "order_ts": np.array([], dtype="datetime64[us]"),
        "amount": np.array([], dtype=float),
    }
    answer = frames.customer_summary(make(kind, empty), as_of=AS_OF)
    assert len(answer) == 0
    assert list(answer.columns) == list(
        frames.customer_summary(make(kind, order_columns()), as_of=AS_OF).columns
    )
    skus = {
        "sku": np.array([], dtype=str),
        "on_hand": np.array([]),
        "demand_per_period": np.array([]),
    }
    kpis = frames.days_of_supply(make(kind, skus))
    assert len(kpis) == 0
    assert list(kpis.columns) == ["sku", "on_hand", "demand_per_period", "days_of_supply"]
