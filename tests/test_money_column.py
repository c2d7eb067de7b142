"""MoneyArray: an immutable, exact money column that converts only explicitly."""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal

import numpy as np
import pytest

from ecomops.exceptions import CurrencyMismatchError, InvalidInputError
from ecomops.money import Money, MoneyArray


@pytest.fixture
def prices() -> MoneyArray:
    return MoneyArray([129900, 2450, 30], "CNY")


class TestConstruction:
    def test_copies_and_freezes_the_callers_array(self) -> None:
        minor = np.array([100, 200])
        column = MoneyArray(minor, "CNY")
        minor[0] = 999
        assert column.minor.tolist() == [100, 200]
        assert minor.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            column.minor[0] = 5
        with pytest.raises(AttributeError, match="immutable"):
            column.currency = "USD"  # type: ignore[misc]

    def test_refuses_fractions_and_huge_values(self) -> None:
        with pytest.raises(InvalidInputError, match="minor must be a whole number"):
            MoneyArray([1.5], "CNY")
        with pytest.raises(InvalidInputError, match="minor must fit in int64 minor units"):
            MoneyArray([2**62], "CNY")
        with pytest.raises(InvalidInputError, match="unknown currency"):
            MoneyArray([1], "XYZ")

    def test_from_amounts_reads_shortest_decimals(self) -> None:
        column = MoneyArray.from_amounts([2.675, 1.005, "0.125"], "USD", rounding="half_even")
        assert column.minor.tolist() == [268, 100, 12]
        chf = MoneyArray.from_amounts([3.43], "CHF", cash=True)
        assert chf.minor.tolist() == [345]


class TestViews:
    def test_shape_len_iteration_and_indexing(self, prices: MoneyArray) -> None:
        assert (prices.shape, prices.ndim, prices.size, len(prices)) == ((3,), 1, 3, 3)
        assert prices[0] == Money("1299.00", "CNY")
        assert prices[1:] == MoneyArray([2450, 30], "CNY")
        assert prices[np.array([True, False, True])] == MoneyArray([129900, 30], "CNY")
        assert list(prices) == [
            Money("1299.00", "CNY"),
            Money("24.50", "CNY"),
            Money("0.30", "CNY"),
        ]

    def test_no_silent_bare_array(self, prices: MoneyArray) -> None:
        with pytest.raises(TypeError, match="does not convert to a bare array"):
            np.asarray(prices)

    def test_explicit_conversions(self, prices: MoneyArray) -> None:
        assert prices.to_float().tolist() == [1299.0, 24.5, 0.3]
        assert prices.to_decimal().tolist() == [
            Decimal("1299.00"),
            Decimal("24.50"),
            Decimal("0.30"),
        ]
        assert prices.format_amounts() == ["1,299.00", "24.50", "0.30"]
        # each float reads back exactly
        assert MoneyArray.from_amounts(prices.to_float(), "CNY") == prices

    def test_data_frames(self, prices: MoneyArray) -> None:
        pd = pytest.importorskip("pandas")
        pytest.importorskip("polars")
        assert pd.Series(prices.to_float()).equals(prices.to_pandas())
        assert prices.to_polars().to_list() == [1299.0, 24.5, 0.3]

    def test_repr(self, prices: MoneyArray) -> None:
        assert repr(prices) == "MoneyArray(['1,299.00', '24.50', '0.30'], currency='CNY')"
        long = MoneyArray(np.arange(10) * 100, "JPY")
        assert repr(long) == (
            "MoneyArray(['0', '100', '200', ..., '700', '800', '900'], currency='JPY')"
        )
        grid = MoneyArray([[1, 2], [3, 4]], "USD")
        assert repr(grid).endswith("currency='USD', shape=(2, 2))")

    def test_pickle_and_copy(self, prices: MoneyArray) -> None:
        assert pickle.loads(pickle.dumps(prices)) == prices
        assert copy.deepcopy(prices) == prices


class TestArithmetic:
    def test_sum_is_exact(self) -> None:
        column = MoneyArray([2**61, 2**61, 1], "JPY")
        assert column.sum().minor == 2**62 + 1
        assert MoneyArray([], "CNY").sum() == Money("0.00", "CNY")

    def test_add_subtract_negate(self, prices: MoneyArray) -> None:
        fee = Money("0.30", "CNY")
        assert (prices + fee).minor.tolist() == [129930, 2480, 60]
        assert (fee + prices) == prices + fee
        assert (prices - fee).minor.tolist() == [129870, 2420, 0]
        assert (fee - prices).minor.tolist() == [-129870, -2420, 0]
        assert (prices - prices).sum() == Money("0.00", "CNY")
        assert (-prices).minor.tolist() == [-129900, -2450, -30]
        assert abs(-prices) == prices

    def test_multiply_by_integers_only(self, prices: MoneyArray) -> None:
        assert (prices * 2).minor.tolist() == [259800, 4900, 60]
        assert (prices * np.array([1, 2, 3])).minor.tolist() == [129900, 4900, 90]
        assert (3 * prices) == prices * 3
        with pytest.raises(InvalidInputError, match=r"use \.scale"):
            prices * 0.5
        with pytest.raises(InvalidInputError, match="fit in int64 minor units"):
            MoneyArray([2**61], "CNY") * 4

    def test_scale_rounds_once(self, prices: MoneyArray) -> None:
        assert prices.scale("0.85").minor.tolist() == [110415, 2083, 26]
        assert prices.scale(0.85, rounding="down").minor.tolist() == [110415, 2082, 25]
        assert MoneyArray([-5], "CNY").scale("0.5", rounding="half_even").minor.tolist() == [-2]

    def test_currencies_must_match(self, prices: MoneyArray) -> None:
        with pytest.raises(CurrencyMismatchError, match="cannot add CNY and USD"):
            prices + MoneyArray([1, 2, 3], "USD")
        with pytest.raises(InvalidInputError, match="wrap the amounts"):
            prices + 1  # type: ignore[operator]

    def test_equality_is_whole_column(self, prices: MoneyArray) -> None:
        assert prices == MoneyArray([129900, 2450, 30], "CNY")
        assert prices != MoneyArray([129900, 2450, 30], "USD")
        assert prices != MoneyArray([129900, 2450], "CNY")
        assert prices != [129900, 2450, 30]
        with pytest.raises(TypeError, match="unhashable"):
            hash(prices)
