"""Series in, Series out: every element-wise public function keeps the caller's index.

The element-wise functions are found from the common contract's registry of valid
calls: those whose answer is a 1-D array (or a named tuple of them) as long as
one of their 1-D arguments. Given that argument as a pandas Series on a
non-default index, the answer is a pandas Series on that index with the
argument's name and the plain call's values; given a polars Series, a polars
Series of that name. Money answers stay `MoneyArray` (the money rule).
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest

from ecomops import funnel, inventory, pricing
from ecomops.money import MoneyArray
from tests.test_common_contract import VALID_CALLS


def _parts(result: Any) -> list[Any]:
    return list(result) if isinstance(result, tuple) and hasattr(result, "_fields") else [result]


def _element_wise() -> list[tuple[str, str]]:
    """``(callable, parameter)`` pairs: a 1-D numeric or text argument the answer follows."""
    found = []
    for name, make in VALID_CALLS.items():
        try:
            func, kwargs = make()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = func(**kwargs)
        except Exception:
            continue
        parts = _parts(result)
        if not all(isinstance(p, np.ndarray) and p.ndim == 1 for p in parts):
            continue
        n = len(parts[0])
        for param, value in kwargs.items():
            if not isinstance(value, list | np.ndarray) or isinstance(value, MoneyArray):
                continue
            arr = np.asarray(value)
            if arr.ndim == 1 and len(arr) == n and n > 1 and arr.dtype.kind in "iufU":
                found.append((name, param))
                break
    return found


ELEMENT_WISE = _element_wise()


def test_the_registry_finds_the_element_wise_functions() -> None:
    names = {name for name, _ in ELEMENT_WISE}
    for expected in (
        "pricing.margin_on_price",
        "pricing.cost_plus_price",
        "inventory.standard_normal_loss",
        "logistics.billable_weight",
        "funnel.proportion_interval",
        "seo.click_through_rate",
        "seo.title_length",
        "segmentation.BGNBDFit.probability_alive",
    ):
        assert expected in names
    assert len(names) >= 50


def _call(name: str, param: str, value: Any) -> tuple[Any, Any]:
    func, kwargs = VALID_CALLS[name]()
    plain = func(**kwargs)
    func, kwargs = VALID_CALLS[name]()
    original = kwargs[param]
    kwargs[param] = value(np.asarray(original))
    return plain, func(**kwargs)


@pytest.mark.parametrize(("name", "param"), ELEMENT_WISE)
def test_pandas_series_in_pandas_series_out(name: str, param: str) -> None:
    def series(arr: np.ndarray) -> pd.Series:
        return pd.Series(arr, index=np.arange(len(arr)) * 7 + 3, name="col")

    plain, out = _call(name, param, series)
    for p, o in zip(_parts(plain), _parts(out), strict=True):
        assert isinstance(o, pd.Series)
        assert o.name == "col"
        np.testing.assert_array_equal(o.index.to_numpy(), np.arange(len(p)) * 7 + 3)
        np.testing.assert_array_equal(o.to_numpy(), p)


@pytest.mark.parametrize(("name", "param"), ELEMENT_WISE)
def test_polars_series_in_polars_series_out(name: str, param: str) -> None:
    plain, out = _call(name, param, lambda arr: pl.Series("col", arr))
    for p, o in zip(_parts(plain), _parts(out), strict=True):
        assert isinstance(o, pl.Series)
        assert o.name == "col"
        np.testing.assert_array_equal(o.to_numpy(), p)


def test_the_first_series_sets_the_index_and_scalars_stay_scalars() -> None:
    price = pd.Series([10.0, 20.0], index=["a", "b"], name="price")
    cost = pd.Series([5.0, 5.0], index=["x", "y"])
    out = pricing.margin_on_price(price, cost)
    assert list(out.index) == ["a", "b"]
    assert out.name == "price"
    assert type(pricing.margin_on_price(10.0, 5.0)) is float
    ci = funnel.proportion_interval(pd.Series([1, 2], index=[5, 6]), 10)
    assert list(ci.low.index) == [5, 6]


def test_money_and_result_objects_are_not_wrapped() -> None:
    out = pricing.charm_price(pd.Series([10.2, 20.5]), ending=".99", currency="USD")
    assert isinstance(out, MoneyArray)
    res = inventory.economic_order_quantity(pd.Series([100.0, 200.0]), 8.0, 0.5)
    assert isinstance(res.order_quantity, np.ndarray)


def test_no_frame_library_is_imported_for_plain_input() -> None:
    code = (
        "import sys, numpy as np\n"
        "from ecomops import pricing, inventory\n"
        "pricing.margin_on_price(np.array([10.0, 12.0]), 5.0)\n"
        "inventory.standard_normal_loss([0.0, 1.0])\n"
        "print('pandas' in sys.modules, 'polars' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
