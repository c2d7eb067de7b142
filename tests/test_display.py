"""Money-aware display of results, and data frames from every result.

Reprs and HTML views show money with the currency's decimals, thousands
separators and the currency, shares as percentages, counts as integers, and
never scientific notation for money. Every public result class converts to a
pandas and a polars data frame whose values round-trip, money as float64 major
units with the currency in ``frame.attrs["currency"]``.
"""

from __future__ import annotations

import contextlib
import doctest
import functools
import importlib
import inspect
import io
import math
import re
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

import ecomops
from ecomops._core.results import (
    FormattedColumn,
    Result,
    Table,
    format_count,
    format_money,
    format_number,
    format_share,
)
from ecomops.money import MoneyArray

MODULES = ("money", *ecomops._DOMAINS)
SCIENTIFIC = re.compile(r"\d[eE][+-]?\d")


def _result_classes() -> dict[str, type[Result]]:
    """Every public result class of every public module, by qualified name."""
    classes = {}
    for module_name in MODULES:
        module = importlib.import_module(f"ecomops.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, Result):
                classes[f"{module_name}.{name}"] = obj
    return classes


RESULT_CLASSES = _result_classes()


def _visit(value: Any, found: dict[type, Result], depth: int = 0) -> None:
    if isinstance(value, Result):
        found.setdefault(type(value), value)
        if depth < 2:
            for name in getattr(value, "__dataclass_fields__", {}):
                _visit(getattr(value, name, None), found, depth + 1)
    elif isinstance(value, tuple | list) and depth < 2:
        for item in value[:3]:
            _visit(item, found, depth + 1)


@functools.cache
def _instances() -> dict[type, Result]:
    """One instance of each result class, from the public docstrings' examples."""
    found: dict[type, Result] = {}
    finder = doctest.DocTestFinder()
    for module_name in MODULES:
        module = importlib.import_module(f"ecomops.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            home = vars(importlib.import_module(obj.__module__))
            for test in finder.find(obj, name, module=False, globs=dict(home)):
                globs = dict(test.globs)
                for example in test.examples:
                    with contextlib.suppress(Exception), contextlib.redirect_stdout(io.StringIO()):
                        exec(compile(example.source, "<example>", "single"), globs)
                for value in list(globs.values()):
                    _visit(value, found)
    return found


@functools.cache
def _shop() -> Any:
    from ecomops.datasets import sample_shop

    return sample_shop(seed=0)


def _instance(cls: type[Result]) -> Result:
    if cls.__name__ == "NBDFit":  # no docstring example builds one
        from ecomops.segmentation import fit_nbd

        return fit_nbd([0, 1, 2, 0, 5], [0.0, 10.0, 20.0, 0.0, 30.0], [40.0, 40, 40, 40, 40])
    instances = _instances()
    if cls in instances:
        return instances[cls]
    for klass, value in instances.items():
        if issubclass(klass, cls):  # an abstract base: any concrete subclass
            return value
    raise AssertionError(f"no example builds a {cls.__name__}")


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------


def test_number_formats() -> None:
    assert format_number(1300380.0) == "1,300,380"
    assert format_number(0.0720623) == "0.0720623"
    assert format_number(42.94251) == "42.9425"
    assert format_number(1e14) == "100,000,000,000,000"
    assert format_number(np.float64(-3149.24)) == "-3,149.24"
    assert format_number(float("nan")) == "nan"
    assert format_number(12345) == "12345"  # ints (ids, codes) print as they are
    assert format_money(1300380.0) == "1,300,380.00"
    assert format_money(Decimal("24.5"), 2) == "24.50"
    assert format_money(1300.0, 0) == "1,300"
    assert format_money(1.0, 3) == "1.000"
    assert format_money(2.675) == "2.68"  # the shortest decimal, half-up, as money is read
    assert format_money(-0.005) == "-0.01"
    assert format_share(0.0720623) == "7.21%"
    assert format_share(1.0) == "100.00%"
    assert format_share(float("nan")) == "nan"
    assert format_count(20352) == "20,352"
    assert format_count(1715.0) == "1,715"
    for text in (format_number(1.30038e6), format_money(1.30038e6), format_money(9.9e14)):
        assert not SCIENTIFIC.search(text), text


def test_money_column_repr_names_its_currency() -> None:
    from ecomops.logistics import ParcelBatch, example_services, shop_rates

    parcels = ParcelBatch([0.3, 2.3, 60.0], [20, 30, 40], [15, 20, 30], [5, 10, 30], "HZ", "上海")
    plan = shop_rates(parcels, example_services("CN"))
    text = repr(plan)
    assert "cost [CNY]" in text.splitlines()[1]
    for amount in plan.cost.format_amounts():
        assert re.search(rf"\s{re.escape(amount)}\s", text + " ")
    assert re.fullmatch(r"\d{1,3}(,\d{3})*\.\d\d", plan.cost.format_amounts()[-1])
    assert "cost [CNY]" in plan._repr_html_()
    assert "currency=CNY" in text.splitlines()[0]


def test_quote_repr_shows_money_with_its_currency() -> None:
    from ecomops.logistics import ParcelBatch, example_services, quote

    q = quote(
        ParcelBatch([2450.0 / 1000], [20], [15], [5], "HZ", "上海"), example_services("CN")[:1]
    )
    text = repr(q)
    assert re.search(r"cost=CNY \[\d+\.\d\d\]", text), text
    assert "Currency(" not in text


def test_segment_summary_shows_money_shares_and_counts() -> None:
    from ecomops.segmentation import (
        SegmentMap,
        customer_summary,
        rfm_scores,
        segment_customers,
        segment_summary,
    )

    lines = _shop().order_lines
    summary = customer_summary(lines.customer_id, lines.timestamp, lines.amount, as_of="2026-10-31")
    segments = segment_customers(rfm_scores(summary), SegmentMap.preset("rf_10"))
    table = segment_summary(segments, summary)
    text = repr(table)
    header, *rows = text.splitlines()[1:]
    assert "customer_share" in header
    cells = [row.split() for row in rows]
    share_col = header.split().index("customer_share") + 1  # +1: the row number
    revenue_col = header.split().index("revenue") + 1
    for row in cells:
        if len(row) == len(header.split()) + 1:
            assert row[share_col].endswith("%")
            assert re.fullmatch(r"-?\d{1,3}(,\d{3})*\.\d\d", row[revenue_col]), row
    assert not SCIENTIFIC.search(text)
    html = table._repr_html_()
    assert "%" in html
    assert not SCIENTIFIC.search(html)


def test_sample_shop_tables_show_yuan() -> None:
    products = _shop().products
    text = repr(products)
    assert "unit_cost [CNY]" in text
    assert "list_price [CNY]" in text
    assert "249.00" in text  # a charm price of the first SKU, to the fen
    lines = repr(_shop().order_lines)
    assert lines.startswith("OrderLines: 20,352 rows")
    assert "amount [CNY]" in lines


def test_funnel_comparison_repr() -> None:
    from ecomops.funnel import FunnelComparison, two_proportions_ztest

    text = repr(_instance(FunnelComparison))
    assert "%" in text
    assert not SCIENTIFIC.search(text)
    test = repr(two_proportions_ztest(30, 1000, 45, 1000))
    assert "proportion_a=3.00%" in test
    assert "proportion_b=4.50%" in test


def test_scalar_results_show_money_and_shares() -> None:
    from ecomops.inventory import newsvendor_quantity

    res = newsvendor_quantity(100.0, 20.0, price=10.0, unit_cost=4.0, salvage_value=1.0)
    text = repr(res)
    assert re.search(r"critical_ratio=\d+\.\d\d%", text), text
    assert re.search(r"expected_profit=\d{1,3}(,\d{3})*\.\d\d\b", text), text
    assert not SCIENTIFIC.search(text)


def test_no_public_result_repr_prints_money_in_scientific_notation() -> None:
    for cls in RESULT_CLASSES.values():
        if inspect.isabstract(cls):
            continue
        res = _instance(cls)
        for name in res._fields():
            value = getattr(res, name)
            kind, _ = res._display(name, value)
            if kind == "money" and isinstance(value, float | np.ndarray | FormattedColumn):
                text = res._short(name, value)
                assert not SCIENTIFIC.search(text), (cls.__name__, name, text)


# ---------------------------------------------------------------------------
# Data frames
# ---------------------------------------------------------------------------


def test_every_result_class_has_frame_conversions() -> None:
    missing = [
        qualname
        for qualname, cls in RESULT_CLASSES.items()
        if not (callable(getattr(cls, "to_pandas", None)) and callable(cls.to_polars))
    ]
    assert not missing, missing
    assert len(RESULT_CLASSES) > 50


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


@pytest.mark.parametrize("qualname", sorted(RESULT_CLASSES))
def test_frames_round_trip(qualname: str) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    cls = RESULT_CLASSES[qualname]
    if inspect.isabstract(cls):
        pytest.skip("abstract base")
    res = _instance(cls)
    if qualname == "segmentation.CohortMatrix":  # a matrix: cohorts x offsets
        frame = res.to_pandas()
        assert frame.shape == res.values.shape
        assert res.to_polars().shape == (frame.shape[0], frame.shape[1] + 1)
        return
    frame = res.to_pandas()
    polars_frame = res.to_polars()
    assert isinstance(frame, pd.DataFrame)
    assert isinstance(polars_frame, pl.DataFrame)
    assert list(frame.columns) == polars_frame.columns
    assert frame.shape == polars_frame.shape
    assert frame.shape[0] >= 1
    assert frame.shape[1] >= 1
    columns = res._frame_source()
    for name, column in columns.items():
        values = frame[name].to_numpy()
        if isinstance(column, MoneyArray):
            assert frame[name].dtype == np.float64
            assert frame.attrs["currency"][name] == column.currency.code
            back = MoneyArray.from_amounts(values, column.currency)
            assert back == column, name  # exact round trip through float64 major units
            continue
        expected = np.asarray(column)
        if expected.dtype.kind in "fc":
            np.testing.assert_array_equal(values.astype(float), expected, err_msg=name)
        elif expected.dtype.kind in "iub":
            assert values.tolist() == expected.tolist(), name
        polars_values = polars_frame[name].to_list()
        if expected.dtype.kind in "iufb":
            assert all(map(_same, polars_values, expected.tolist())), name
    if isinstance(res, Table) and res.column_names:
        assert list(columns) == list(res.column_names) or type(res).__name__ == "FunnelResult"


def test_scalar_result_is_one_row_of_its_fields() -> None:
    from ecomops.inventory import newsvendor_quantity

    res = newsvendor_quantity(100.0, 20.0, price=10.0, unit_cost=4.0, salvage_value=1.0)
    frame = res.to_pandas()
    assert frame.shape[0] == 1
    assert frame["order_quantity"].iloc[0] == res.order_quantity
    assert frame["expected_profit"].iloc[0] == res.expected_profit


def test_funnel_result_frame_is_its_steps() -> None:
    import datetime as dt

    from ecomops.funnel import FunnelSpec, compute_funnel

    t = np.array(["2025-01-01T00:00", "2025-01-01T00:10", "2025-01-01T00:00"], "M8[s]")
    res = compute_funnel(
        [1, 1, 2], t, ["a", "b", "a"], FunnelSpec(["a", "b"], window=dt.timedelta(hours=1))
    )
    frame = res.to_pandas()
    assert frame["step_name"].tolist() == ["a", "b"]
    assert frame["count"].tolist() == [2, 1]
    assert frame["conversion_from_previous"].tolist() == [1.0, 0.5]
    assert res.to_polars()["count"].to_list() == [2, 1]


def test_money_array_to_pandas_matches_result_frames() -> None:
    pytest.importorskip("pandas")
    column = MoneyArray([129900, 5], "CNY")
    series = column.to_pandas()
    assert series.dtype == np.float64
    assert series.attrs["currency"] == "CNY"
    assert series.tolist() == [1299.0, 0.05]


def test_field_metadata_declares_display_kinds() -> None:
    import dataclasses

    from ecomops._core.results import COUNT, SHARE, money
    from ecomops.money import Currency

    @dataclasses.dataclass(frozen=True, slots=True, repr=False)
    class _Shop(Table):
        sku: np.ndarray
        revenue: np.ndarray = dataclasses.field(metadata=money())
        share: np.ndarray = dataclasses.field(metadata=SHARE)
        orders: np.ndarray = dataclasses.field(metadata=COUNT)
        currency: Currency

    shop = _Shop(
        np.array(["a"]),
        np.array([1300380.0]),
        np.array([0.0720623]),
        np.array([20352]),
        Currency("JPY"),
    )
    text = repr(shop)
    assert "revenue [JPY]" in text
    assert "1,300,380" in text
    assert "1,300,380.0" not in text  # yen have no minor unit
    assert "7.21%" in text
    assert "20,352" in text
    assert shop.to_pandas().attrs["currency"] == {"revenue": "JPY"}


def test_rate_cards_show_a_price_grid() -> None:
    from ecomops.logistics import FirstAdditionalRates, ZoneRateTable

    table = ZoneRateTable(
        effective_from="2025-01-01",
        currency="USD",
        zones=("2", "8"),
        weight_breaks=(1, 2),
        prices=(("10", "1245.5"), ("14.00", None)),
    )
    html = table._repr_html_()
    assert "ZoneRateTable [USD]" in html
    assert "<td>1,245.50</td>" in html
    assert "<td>10.00</td>" in html
    assert "<td>—</td>" in html
    card = FirstAdditionalRates(
        effective_from="2025-01-01",
        currency="JPY",
        zones=("A",),
        first_weight=1,
        first_prices=("2450",),
        additional_step=1,
        additional_prices=("300",),
    )
    assert "<td>2,450</td>" in card._repr_html_()  # yen: no decimals
