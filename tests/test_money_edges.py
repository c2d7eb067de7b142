"""Money at its edges: exact beyond float range, and independent of global state."""

from __future__ import annotations

import decimal
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops.exceptions import InvalidInputError
from ecomops.money import Currency, Money, MoneyArray, allocate, round_money, to_minor_units

HOSTILE = {"prec": 4, "rounding": decimal.ROUND_FLOOR, "Emax": 10, "Emin": -10}


class TestIndependentOfTheDecimalContext:
    """Every money operation gives the same answer under a hostile ambient context."""

    def test_money_arithmetic(self) -> None:
        with decimal.localcontext(**HOSTILE):
            assert Money("123.45", "CNY") + Money("0.01", "CNY") == Money("123.46", "CNY")
            assert Money("99999.99", "CNY") * 3 == Money("299999.97", "CNY")
            assert -Money("12345.67", "CNY") == Money("-12345.67", "CNY")
            assert Money("12345.67", "CNY") - Money("0.01", "CNY") == Money("12345.66", "CNY")
            assert Money.of("123456.785", "CNY") == Money("123456.79", "CNY")
            assert Currency("CHF").cash_increment == Decimal("0.05")
            assert round_money(12345.675, "CNY") == Money("12345.68", "CNY")
            assert round_money(1234.43, "CHF", cash=True) == Money("1234.45", "CHF")

    def test_scale_rounds_once(self) -> None:
        # 1.28 x 0.0390624999... = 0.04999999...: one rounding down gives 0.04, two gave 0.05
        factor = Decimal("0.039062499999999999999999999997")
        with decimal.localcontext(**HOSTILE):
            assert Money("1.28", "CNY").scale(factor, rounding="down") == Money("0.04", "CNY")
        column = MoneyArray([128, 128], "CNY")
        assert column.scale(factor, rounding="down").minor.tolist() == [4, 4]

    def test_the_context_is_left_as_found(self) -> None:
        before = decimal.getcontext().copy()
        Money("1.00", "CNY").scale("0.85")
        round_money([2.675], "CNY")
        after = decimal.getcontext()
        assert (after.prec, after.rounding, after.Emax) == (
            before.prec,
            before.rounding,
            before.Emax,
        )


class TestExactBeyondFloat:
    def test_allocate_above_2_53(self) -> None:
        assert allocate(2**53 + 1, [1]).tolist() == [2**53 + 1]
        parts = Money("40000000000000000.01", "CNY").allocate([1, 1, 1])
        assert parts.sum() == Money("40000000000000000.01", "CNY")

    def test_allocate_extreme_weights(self) -> None:
        # exact quotas 99.99... and 1.08e-17: the unit left over goes to the first line
        assert allocate(100, [2**63 - 1, 1]).tolist() == [100, 0]
        assert allocate(100, [1e20, 3e20]).tolist() == [25, 75]
        # Python ints beyond int64 stay exact: quotas 99.99... and 5.4e-18
        assert allocate(100, [2**64, 1]).tolist() == [100, 0]
        assert allocate(3, [2**64, 2**64, 2**64 + 1]).tolist() == [1, 1, 1]
        assert allocate(2, [2**64, 2**64, 2**64 + 1]).tolist() == [1, 0, 1]  # tie: lower index

    @given(
        st.integers(-(2**62) + 1, 2**62 - 1),
        st.lists(st.integers(0, 2**40), min_size=1, max_size=8).filter(any),
    )
    def test_allocations_sum_exactly(self, total: int, weights: list[int]) -> None:
        parts = allocate(total, weights)
        assert int(parts.astype(object).sum()) == total
        assert all(p == 0 for p, w in zip(parts.tolist(), weights, strict=True) if w == 0)

    def test_minimum_int64_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="fit in int64 minor units"):
            to_minor_units(np.array([-(2**63)]), "CNY")

    def test_huge_scalars_are_exact_or_refused(self) -> None:
        assert round_money(1e300, "CNY").amount == Decimal("1e300")
        with pytest.raises(InvalidInputError, match="below 1e400"):
            round_money("1e999", "CNY")
        with pytest.raises(InvalidInputError, match="fit in int64"):
            MoneyArray([2**70], "CNY")

    def test_from_minor_refuses_fractions(self) -> None:
        with pytest.raises(InvalidInputError, match="minor must be an integer"):
            Money.from_minor(2.5, "CNY")  # type: ignore[arg-type]
