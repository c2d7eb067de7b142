"""Declared constraints: the declaration is the check, and it lists what it refuses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ecomops._core.constraints import (
    FRACTION,
    NON_NEGATIVE,
    OPEN_FRACTION,
    POSITIVE,
    REAL,
    Constraints,
    Interval,
    Options,
    constraints_of,
)
from ecomops.exceptions import InvalidInputError

INTERVALS = [REAL, POSITIVE, NON_NEGATIVE, FRACTION, OPEN_FRACTION, Interval(1, 5, "right")]


@pytest.mark.parametrize("interval", INTERVALS)
def test_every_violation_is_refused_naming_the_parameter(interval: Interval) -> None:
    for bad in interval.violations():
        with pytest.raises(InvalidInputError, match=r"^rate must"):
            interval.convert([interval.example(), bad], "rate")


@pytest.mark.parametrize("interval", INTERVALS)
def test_the_example_is_accepted_and_nan_propagates(interval: Interval) -> None:
    out = interval.convert([interval.example(), math.nan], "rate")
    assert out[0] == interval.example()
    assert math.isnan(out[1])


def test_rules_in_words() -> None:
    assert POSITIVE.rule() == "> 0"
    assert FRACTION.rule() == ">= 0 and <= 1"
    assert OPEN_FRACTION.rule() == "> 0 and < 1"
    assert REAL.rule() == "finite"


def test_nan_can_be_refused() -> None:
    strict = Interval(0, None, "left", allow_nan=False)
    assert any(math.isnan(v) for v in strict.violations())
    with pytest.raises(
        InvalidInputError, match="x must be finite; 1 value is not, first at index 1: nan"
    ):
        strict.convert([1.0, math.nan], "x")


def test_options() -> None:
    options = Options(("first", "furthest"))
    assert options.convert("first", "attempt") == "first"
    for bad in options.violations():
        with pytest.raises(InvalidInputError, match="attempt must be one of"):
            options.convert(bad, "attempt")


def test_declare_attaches_without_wrapping() -> None:
    spec = Constraints(price=POSITIVE, rate=FRACTION)

    def margin(price: float, rate: float) -> float:
        p, r = spec.convert(price=price, rate=rate)
        return float(p * r)

    declared = spec.declare(margin)
    assert declared is margin
    assert constraints_of(margin) is spec
    assert list(spec) == ["price", "rate"]
    assert "price='> 0'" in repr(spec)
    assert margin(10.0, 0.5) == 5.0
    with pytest.raises(InvalidInputError, match="rate must be <= 1"):
        margin(10.0, 1.5)
    assert constraints_of(len) is None
    np.testing.assert_array_equal(spec.convert(price=[1, 2])[0], [1.0, 2.0])
