"""The shared validation layer: conversion once, vectorised rules, house messages."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from ecomops._core.validation import (
    as_float_array,
    as_int_array,
    broadcast,
    check_option,
    check_range,
    check_same_length,
    raise_at,
    to_output,
)
from ecomops.exceptions import InvalidInputError


def test_message_names_parameter_rule_count_and_first_index() -> None:
    values = np.ones(20)
    values[[17, 18, 19]] = 0.0
    with pytest.raises(
        InvalidInputError,
        match=r"^holding_cost must be > 0; 3 values are not, first at index 17: 0.0$",
    ):
        check_range(values, "holding_cost", gt=0)


def test_scalar_message() -> None:
    with pytest.raises(InvalidInputError, match=r"^rate must be <= 1; got 1.5$"):
        check_range(np.asarray(1.5), "rate", le=1)


def test_two_dimensional_index() -> None:
    with pytest.raises(InvalidInputError, match=r"first at index \(1, 0\): -1.0"):
        check_range(np.array([[1.0, 2.0], [-1.0, 3.0]]), "history", ge=0)


def test_nan_passes_range_checks_but_not_finiteness() -> None:
    check_range(np.array([np.nan, 1.0]), "x", gt=0)
    with pytest.raises(
        InvalidInputError, match="x must be finite; 1 value is not, first at index 0"
    ):
        as_float_array([np.nan, 1.0], "x")
    assert np.isnan(as_float_array([np.nan], "x", allow_nan=True)[0])
    with pytest.raises(InvalidInputError, match="x must not be infinite"):
        as_float_array([np.inf], "x", allow_nan=True)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("3", "x must be numeric; got the string '3'"),
        ([1, "a"], "first non-numeric value at index 1: 'a'"),
        ([1, None], "first non-numeric value at index 1: None"),
        ([[1, 2], [3]], "regular shape"),
        ([True], "got booleans"),
    ],
)
def test_non_numeric(value: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        as_float_array(value, "x")


def test_accepts_decimal_objects_and_columns() -> None:
    np.testing.assert_array_equal(as_float_array([Decimal("1.5"), 2], "x"), [1.5, 2.0])
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    np.testing.assert_array_equal(as_float_array(pd.Series([1, 2]), "x"), [1.0, 2.0])
    np.testing.assert_array_equal(as_float_array(pl.Series([1, 2]), "x"), [1.0, 2.0])


def test_ints() -> None:
    np.testing.assert_array_equal(as_int_array([1.0, 2.0], "n"), [1, 2])
    with pytest.raises(InvalidInputError, match="n must be a whole number; 1 value is not"):
        as_int_array([1.0, 2.5], "n")
    with pytest.raises(InvalidInputError, match="n must be 1-dimensional"):
        as_int_array([[1]], "n", ndim=1)


def test_shape_helpers() -> None:
    a, b = broadcast(a=np.ones(3), b=np.ones(1))
    assert a.shape == b.shape == (3,)
    with pytest.raises(InvalidInputError, match=r"a \(3,\), b \(2,\)"):
        broadcast(a=np.ones(3), b=np.ones(2))
    assert check_same_length(a=[1, 2], b=[3, 4]) == 2
    with pytest.raises(InvalidInputError, match="a has 2, b has 1"):
        check_same_length(a=[1, 2], b=[3])


def test_options_are_exact() -> None:
    assert check_option("wilson", "method", ("wilson", "normal")) == "wilson"
    with pytest.raises(
        InvalidInputError, match="method must be one of 'wilson', 'normal'; got 'Wilson'"
    ):
        check_option("Wilson", "method", ("wilson", "normal"))


def test_raise_at_without_violation_is_silent() -> None:
    raise_at("x", "be > 0", np.zeros(3, dtype=bool), np.ones(3))


def test_to_output() -> None:
    assert to_output(np.asarray(2.5), True) == 2.5
    assert isinstance(to_output(np.asarray(2.5), True), float)
    arr = np.array([1.0])
    assert to_output(arr, False) is arr


def test_inputs_are_not_mutated_or_aliased_writeably() -> None:
    src = np.array([1.0, 2.0])
    out = as_float_array(src, "x")
    assert src.flags.writeable
    np.testing.assert_array_equal(out, src)
