"""One parcel takes the scalar path of quote and shop_rates: it must answer as the array engine.

A batch of one parcel is rated on Python numbers (`ecomops._logistics.single`);
a batch of two runs the array engine. Rating the same parcel twice in one batch
and alone must give the same matrices bit for bit (amounts, reasons, transit,
billable weights, surcharges and their order, dtypes), the same rate-shopping
choice and reason, and the same error for input the engine refuses. The scalar
twins of the engine's rounding steps are also held to their array versions.
"""

from __future__ import annotations

import datetime as dt
import gc
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops._logistics import engine, single
from ecomops._logistics.billable import dim_volume, dim_volume_of
from ecomops._logistics.units import (
    exceed_limit,
    exceeds,
    step_count,
    step_value,
    steps,
    steps_to_float,
)
from ecomops.exceptions import InvalidInputError
from ecomops.logistics import (
    DimWeightRule,
    FirstAdditionalRates,
    ParcelBatch,
    Quote,
    RatePlan,
    Service,
    Surcharge,
    ZoneMap,
    ZoneRateTable,
    ZoneRule,
    china_province_zone_map,
    example_services,
    quote,
    shop_rates,
)

D0 = dt.date(2025, 1, 1)
D1 = dt.date(2025, 3, 1)


def _table_service() -> Service:
    """A zone table with an extension beyond its brackets, a minimum, nearest rounding,
    two versions, a DIM rule with a threshold, and every kind of surcharge condition."""
    zm = ZoneMap(
        effective_from=D0,
        rules=(
            ZoneRule(origin="o", destination="A", zone="1"),
            ZoneRule(origin="*", destination="B", destination_to="D", zone="2"),
        ),
        default_zone=None,
    )

    def card(day: dt.date, bump: int) -> ZoneRateTable:
        return ZoneRateTable(
            effective_from=day, currency="CNY", zones=("1", "2"),  # type: ignore[arg-type]
            weight_breaks=(0.5, 1.0, 2.0, 5.0),
            prices=(tuple(Decimal(p + bump) for p in (5, 7, 9, 14)),
                    (Decimal(6), None, Decimal(11), Decimal(17))),  # type: ignore[arg-type]
            weight_step=0.5, weight_rounding="nearest", min_weight=1.0,
            additional_step=1.0, additional_prices=(Decimal("1.5"), Decimal("2.25")),
            max_weight=30.0,
        )  # fmt: skip

    flat = {"effective_from": D0, "kind": "flat"}
    surcharges = (
        Surcharge(name="zone2", amount=Decimal("0.70"), zones=("2",), **flat),  # type: ignore[arg-type]
        Surcharge(name="dest", amount=Decimal(2), destinations=("C",), **flat),  # type: ignore[arg-type]
        Surcharge(name="business", amount=Decimal(1), residential=False, **flat),  # type: ignore[arg-type]
        Surcharge(name="heavy", amount=Decimal(4), over_billable_weight=8.0, group="h", **flat),  # type: ignore[arg-type]
        Surcharge(name="long", amount=Decimal(6), over_length_plus_girth=150.0, group="h", **flat),  # type: ignore[arg-type]
        Surcharge(name="mid", amount=Decimal(6), over_second_longest_side=40.0, group="h", **flat),  # type: ignore[arg-type]
        Surcharge(name="actual", amount=Decimal(3), over_actual_weight=4.0, **flat),  # type: ignore[arg-type]
        Surcharge(effective_from=D0, name="discount", kind="percentage", rate=Decimal("-0.375")),
        Surcharge(effective_from=D1, name="discount", kind="percentage", rate=Decimal("-0.125")),
        Surcharge(effective_from=D0, name="fuel", kind="percentage", rate=Decimal("0.155"),
                  percentage_of=("base", "heavy", "long", "discount")),
    )  # fmt: skip
    return Service(
        carrier="T", name="table", zone_maps=(zm,), rates=(card(D0, 0), card(D1, 1)),
        dim_weight=(DimWeightRule(effective_from=D0, divisor=5000, min_volume=6000,
                                  dimension_rounding="nearest", dimension_step=0.5),),
        surcharges=surcharges, transit_days={"1": 1, "2": 4}, transit_basis="business",
        max_length=120.0, max_length_plus_girth=260.0, max_weight=40.0,
    )  # fmt: skip


def _late_service() -> Service:
    """A first + additional card in force only from D1 (not effective before)."""
    card = FirstAdditionalRates(
        effective_from=D1, currency="CNY", zones=("省内", "江浙沪", "全国", "偏远"),  # type: ignore[arg-type]
        first_weight=1, first_prices=(Decimal(8), Decimal(9), Decimal(12), Decimal(20)),
        additional_step=1, additional_prices=(Decimal(1), Decimal(2), Decimal(5), Decimal(12)),
    )  # fmt: skip
    return Service(
        carrier="L", name="late", zone_maps=china_province_zone_map(effective_from=D1),
        rates=card, transit_days={"省内": 1, "江浙沪": 2, "全国": 3, "偏远": 5},
        dim_weight=DimWeightRule(effective_from=D1, divisor=6000, dimension_rounding="none"),
    )  # fmt: skip


CN = example_services("CN")
US = example_services("US")
MIXED = [_table_service()]
LATE = [*CN[:3], _late_service()]

sides = st.floats(0.5, 160.0, allow_nan=False)
weights = st.floats(0.01, 70.0, allow_nan=False)
ship_dates = st.one_of(st.none(), st.dates(dt.date(2024, 12, 20), dt.date(2025, 4, 30)))


def _batch(
    n: int, w: float, a: float, b: float, c: float, o: str, d: str, res: bool
) -> ParcelBatch:
    return ParcelBatch([w] * n, [a] * n, [b] * n, [c] * n, o, [d] * n, res)


def _assert_same_quote(one: Quote, two: Quote) -> None:
    assert one.services == two.services
    assert one.currency == two.currency
    for name in ("cost", "base"):
        np.testing.assert_array_equal(getattr(one, name).minor, getattr(two, name).minor[:1])
    assert list(one.surcharges) == list(two.surcharges)
    for name, amounts in one.surcharges.items():
        np.testing.assert_array_equal(amounts.minor, two.surcharges[name].minor[:1])
    for name in ("reason_code", "transit_days", "billable_weight"):
        a, b = getattr(one, name), getattr(two, name)[:1]
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a.view(np.int64) if a.dtype == np.float64 else a,
                                      b.view(np.int64) if b.dtype == np.float64 else b)  # fmt: skip


def _assert_same_plan(one: RatePlan, two: RatePlan) -> None:
    for name in ("service_index", "service", "transit_days", "reason"):
        a, b = getattr(one, name), getattr(two, name)[:1]
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(one.cost.minor, two.cost.minor[:1])
    assert one.services == two.services
    assert one.currency == two.currency


def _compare(services: list[Service], row: tuple[Any, ...], **kw: Any) -> None:
    """The parcel alone and twice in one batch: same quote, same rate plan."""
    promise = kw.pop("max_transit_days", None)
    _assert_same_quote(quote(_batch(1, *row), services, **kw),
                       quote(_batch(2, *row), services, **kw))  # fmt: skip
    _assert_same_plan(
        shop_rates(_batch(1, *row), services, max_transit_days=promise, **kw),
        shop_rates(_batch(2, *row), services, max_transit_days=promise, **kw),
    )


class TestOneParcelEqualsTheEngine:
    @given(weights, sides, sides, sides, st.sampled_from(["HZ", "浙江", "广东", "北京"]),
           st.sampled_from(["上海", "浙江", "新疆", "广东", "台湾", "海南"]),
           st.sampled_from([None, 1, 2, 2.5, 4]))  # fmt: skip
    def test_example_cn_services(self, w: float, a: float, b: float, c: float, o: str, d: str,
                                 promise: Any) -> None:  # fmt: skip
        _compare(CN, (w, a, b, c, o, d, False), max_transit_days=promise)

    @given(st.floats(0.1, 180.0), st.floats(1.0, 120.0), st.floats(1.0, 60.0),
           st.floats(1.0, 40.0), st.sampled_from(["101", "150", "250", "500", "945", "999"]),
           st.booleans(), ship_dates, st.sampled_from([None, 3, 6]))  # fmt: skip
    def test_example_us_services_business_days(self, w: float, a: float, b: float, c: float,
                                               d: str, res: bool, ship: Any, promise: Any) -> None:  # fmt: skip
        kw: dict[str, Any] = {"ship_date": ship, "max_transit_days": promise}
        if ship is not None:
            kw["holidays"] = ["2025-01-20", "2025-02-17"]
        _compare(US, (w, a, b, c, "100", d, res), **kw)

    @given(st.floats(0.05, 45.0), st.floats(1.0, 130.0), st.floats(1.0, 70.0),
           st.floats(1.0, 50.0), st.sampled_from(["A", "B", "C", "D", "E"]), st.booleans(),
           ship_dates)  # fmt: skip
    def test_every_rule_and_condition(self, w: float, a: float, b: float, c: float, d: str,
                                      res: bool, ship: Any) -> None:  # fmt: skip
        _compare(MIXED, (w, a, b, c, "o", d, res), ship_date=ship)

    @given(weights, sides, sides, sides, ship_dates, st.sampled_from([None, 1, 3]))
    def test_versions_not_yet_effective(self, w: float, a: float, b: float, c: float,
                                        ship: Any, promise: Any) -> None:  # fmt: skip
        _compare(LATE, (w, a, b, c, "HZ", "新疆", False), ship_date=ship, max_transit_days=promise)

    def test_a_parcel_no_service_carries(self) -> None:
        _compare(CN, (80.0, 200, 10, 10, "HZ", "上海", False), max_transit_days=1)
        _compare(US, (10.0, 10, 10, 10, "100", "999", False))
        inches = 2.54
        long_thin = (2.0, 100 * inches, 8 * inches, 8 * inches, "100", "945", False)
        _compare(US, long_thin)
        assert quote(_batch(1, *long_thin), US).reasons().tolist() == [["ok", "over_size"]]

    def test_repeated_calls_reuse_the_plan(self) -> None:
        row = (0.8, 30.0, 20.0, 10.0, "HZ", "上海", False)
        first = quote(_batch(1, *row), CN)
        plan = single.plan_of(CN[0], engine.ShipCalendar(None, np.zeros(0, "datetime64[D]")))
        assert (
            single.plan_of(CN[0], engine.ShipCalendar(None, np.zeros(0, "datetime64[D]"))) is plan
        )
        assert quote(_batch(1, *row), CN).cost == first.cost

    def test_plans_go_with_their_services(self) -> None:
        services = example_services("CN")
        for ship in (None, "2025-03-03"):
            quote(_batch(1, 0.8, 30, 20, 10, "HZ", "上海", False), services, ship_date=ship)
        keys = {id(svc) for svc in services}
        assert keys <= set(single._PLANS._store)
        del services
        gc.collect()
        assert not keys & set(single._PLANS._store)


def _huge_service(**kw: Any) -> Service:
    """A card of 10^14 yuan (10^16 fen): beyond int64 once multiplied by a rate or a key."""
    card = FirstAdditionalRates(
        effective_from=D0, currency="CNY", zones=("A",), first_weight=1,  # type: ignore[arg-type]
        first_prices=(Decimal(10**14),), additional_step=1, additional_prices=(Decimal(1),),
    )  # fmt: skip
    chart = ZoneMap(effective_from=D0, rules=(), default_zone="A")
    return Service(
        carrier="T", name="big", zone_maps=(chart,), rates=(card,), transit_days={"A": 1}, **kw
    )


def _engine_only(*args: Any) -> Any:
    raise single.UnusualCaseError


def _errors(call: Any, *args: Any) -> tuple[str, str]:
    """The error of a call on the one-parcel path, and with the array engine forced."""
    messages = []
    for forced in (False, True):
        with pytest.MonkeyPatch.context() as mp:
            if forced:
                mp.setattr(single, "plan_of", _engine_only)
            with pytest.raises(InvalidInputError) as err:
                call(*args)
            messages.append(str(err.value))
    return messages[0], messages[1]


class TestSameErrors:
    @pytest.mark.parametrize("w", [1e300, 5e15])
    def test_step_counts_the_engine_refuses(self, w: float) -> None:
        scalar, array = _errors(quote, _batch(1, w, 10, 10, 10, "HZ", "上海", False), CN)
        assert scalar == array

    def test_dim_weight_the_engine_refuses(self) -> None:
        batch = _batch(1, 1.0, 1e7, 1e7, 1e7, "HZ", "上海", False)
        scalar, array = _errors(shop_rates, batch, CN)
        assert scalar == array
        assert "dimensional weight" in scalar

    def test_forced_engine_gives_the_same_answer(self) -> None:
        batch = _batch(1, 3.3, 120, 45, 30, "HZ", "新疆", False)
        scalar = quote(batch, CN)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(single, "plan_of", _engine_only)
            array = quote(batch, CN)
        _assert_same_quote(scalar, array)

    def test_sides_the_engine_refuses(self) -> None:
        batch = _batch(1, 1.0, 1e110, 1e110, 1e110, "HZ", "上海", False)
        scalar, array = _errors(quote, batch, CN)
        assert scalar == array

    def test_a_cost_beyond_the_shopping_key_goes_to_the_engine(self) -> None:
        svc = _huge_service()
        batch = _batch(1, 1.0, 1, 1, 1, "o", "X", False)
        scalar = shop_rates(batch, [svc])
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(single, "plan_of", _engine_only)
            array = shop_rates(batch, [svc])
        _assert_same_plan(scalar, array)

    def test_a_percentage_that_would_overflow(self) -> None:
        fuel = Surcharge(
            effective_from=D0, name="fuel", kind="percentage", rate=Decimal("0.123456789")
        )
        scalar, array = _errors(quote, _batch(1, 1.0, 1, 1, 1, "o", "X", False),
                                [_huge_service(surcharges=(fuel,))])  # fmt: skip
        assert scalar == array
        assert "overflows int64" in scalar


class TestScalarTwins:
    @given(st.floats(0.0, 1e6, allow_nan=False), st.sampled_from([0.0625, 0.1, 0.5, 1.0, 2.5]),
           st.sampled_from(["up", "nearest", "down"]))  # fmt: skip
    def test_step_count_and_value(self, x: float, step: float, mode: Any) -> None:
        k = step_count(x, step, mode)
        assert k == int(steps(np.array([x]), step, mode)[0])
        assert step_value(k, step) == float(steps_to_float(np.array([k]), step)[0])  # type: ignore[arg-type]

    @given(st.floats(0.01, 500.0), st.floats(0.01, 500.0), st.floats(0.01, 500.0),
           st.sampled_from([0.5, 1.0]), st.sampled_from(["nearest", "up", "none"]))  # fmt: skip
    def test_dim_volume(self, a: float, b: float, c: float, step: float, mode: str) -> None:
        arrays = [np.array([x]) for x in (a, b, c)]
        assert dim_volume_of(a, b, c, step, mode) == float(dim_volume(*arrays, step, mode)[0])

    @given(st.floats(0.0, 1e4), st.floats(0.0, 1e4))
    def test_exceeds(self, x: float, limit: float) -> None:
        assert (x > exceed_limit(limit)) == bool(exceeds(np.array([x]), limit)[0])

    @given(
        st.integers(-(10**11), 10**11),
        st.decimals(Decimal("-0.99"), Decimal(5), places=6, allow_nan=False),
    )
    def test_percent(self, base: int, rate: Decimal) -> None:
        num, den = engine.rate_fraction(rate)
        assert engine.percent_of(base, num, den) == int(engine.percent(np.array([base]), rate)[0])

    def test_not_step_counts(self) -> None:
        assert step_count(float("inf"), 1.0, "up") is None
        assert step_count(2.0**60, 1.0, "up") is None
