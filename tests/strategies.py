"""Shared Hypothesis strategies for ecomops tests."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ecomops.money import ROUNDING_MODES

#: Currencies covering every number of minor units (0, 2, 3, 4) and cash increments.
CURRENCIES = ("JPY", "CNY", "USD", "KWD", "CLF", "CHF", "DKK", "HUF", "SEK")
CASH_CURRENCIES = ("CHF", "DKK", "HUF", "SEK", "NZD")

rounding_modes = st.sampled_from(ROUNDING_MODES)
currencies = st.sampled_from(CURRENCIES)


@st.composite
def money_floats(draw: st.DrawFn, max_magnitude: float = 1e15) -> float:
    """Floats that stress exact rounding: decimal ties, near-ties, integers and raw floats."""
    kind = draw(st.integers(0, 4))
    if kind == 0:  # a decimal with a few places: hits ties such as 2.675 or 0.125
        places = draw(st.integers(0, 6))
        k = draw(st.integers(-(10**12), 10**12))
        return float(Decimal(k).scaleb(-places))
    if kind == 1:  # an arbitrary float
        return draw(st.floats(-max_magnitude, max_magnitude, allow_nan=False, allow_infinity=False))
    if kind == 2:  # neighbours of a tie, one or two ulps away
        places = draw(st.integers(1, 5))
        k = draw(st.integers(-(10**9), 10**9))
        x = float(Decimal(2 * k + 1).scaleb(-places) / 2)
        steps = draw(st.integers(-2, 2))
        for _ in range(abs(steps)):
            x = float(np.nextafter(x, np.inf if steps > 0 else -np.inf))
        return x
    if kind == 3:  # sums that pick up binary noise: 0.1 + 0.2 and friends
        a = draw(st.integers(0, 10**6)) / 100
        b = draw(st.integers(0, 10**6)) / 100
        return a + b
    # large magnitudes around the fast-path bounds
    exponent = draw(st.integers(30, 52))
    return draw(st.floats(2.0 ** (exponent - 1), 2.0**exponent)) * draw(st.sampled_from([1, -1]))


def money_arrays(max_size: int = 40) -> st.SearchStrategy[np.ndarray]:
    """1-D float64 arrays of :func:`money_floats`."""
    return hnp.arrays(np.float64, st.integers(0, max_size), elements=money_floats())


#: Non-negative weight vectors with at least one positive weight.
weights = st.one_of(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=30),
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=30),
).filter(lambda w: sum(w) > 0)
