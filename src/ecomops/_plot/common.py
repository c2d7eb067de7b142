"""Shared pieces of the plots: loading matplotlib, the Axes to draw into, axis formats.

matplotlib is an optional dependency (the ``plot`` extra). This module imports
it once, at import time of ``ecomops.plot``, and turns its absence into an
ImportError that says how to install it. Only matplotlib's public API is used,
and the backend is never chosen here: that is the caller's (or the notebook's)
decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ecomops._core.validation import as_float_array
from ecomops.exceptions import InvalidInputError
from ecomops.money import Currency

try:
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from matplotlib.ticker import FuncFormatter, PercentFormatter
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError('ecomops.plot needs matplotlib: pip install "ecomops[plot]"') from error

__all__ = [
    "MAX_CATEGORIES",
    "MAX_GRID",
    "Axes",
    "axes_or_new",
    "category_ticks",
    "check_bound",
    "expect_kind",
    "money_axis",
    "money_label",
    "percent_axis",
    "plain_floats",
]

#: Most bars, cells or labels per axis a plot draws (a documented bound on the
#: artists created from an input's size).
MAX_CATEGORIES = 200

#: Most rows or columns of a computed grid (the BG/NBD matrices).
MAX_GRID = 400


def expect_kind(value: Any, kinds: type | tuple[type, ...], name: str) -> None:
    """Raise a TypeError naming the result a plot expects when given another object."""
    if isinstance(value, kinds):
        return
    wanted = kinds if isinstance(kinds, tuple) else (kinds,)
    names = " or ".join(k.__name__ for k in wanted)
    raise TypeError(f"{name} must be a {names}; got {type(value).__name__}")


def axes_or_new(ax: Axes | None, *, figsize: tuple[float, float] = (6.4, 4.2)) -> Axes:
    """The caller's Axes, or the Axes of a new pyplot figure (so notebooks show it)."""
    if ax is None:
        _, new = plt.subplots(figsize=figsize, layout="constrained")
        out: Axes = new
        return out
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None; got {type(ax).__name__}")
    return ax


def check_bound(value: Any, name: str, low: int, high: int) -> int:
    """An integer in ``[low, high]``, or InvalidInputError naming the bound."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidInputError(f"{name} must be an integer; got {value!r}")
    if not low <= int(value) <= high:
        raise InvalidInputError(f"{name} must be in [{low}, {high}]; got {value}")
    return int(value)


def plain_floats(value: Any, name: str) -> np.ndarray:
    """A 1-D float64 copy of an array-like input."""
    arr = as_float_array(value, name)
    if arr.ndim != 1:
        raise InvalidInputError(f"{name} must be 1-D; got shape {arr.shape}")
    return np.array(arr, dtype=np.float64)


def money_label(what: str, currency: Currency | str | None) -> str:
    """``"Revenue [CNY]"``, or just ``"Revenue"`` when the currency is not known."""
    if currency is None:
        return what
    code = currency.code if isinstance(currency, Currency) else Currency(currency).code
    return f"{what} [{code}]"


def money_axis(axis: Any, currency: Currency | str | None) -> None:
    """Format an axis's ticks as amounts with the currency's decimals and thousands separators."""
    if currency is None:
        return
    cur = currency if isinstance(currency, Currency) else Currency(currency)
    decimals = cur.minor_units
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.{decimals}f}"))


def percent_axis(axis: Any, decimals: int | None = None) -> None:
    """Format an axis holding fractions in [0, 1] as percentages."""
    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=decimals))


def category_ticks(ax: Axes, labels: Sequence[str], *, horizontal: bool = False) -> None:
    """Label the categories 0..n-1 of a bar chart."""
    positions = np.arange(len(labels))
    if horizontal:
        ax.set_yticks(positions, [str(x) for x in labels])
    else:
        ax.set_xticks(positions, [str(x) for x in labels])
