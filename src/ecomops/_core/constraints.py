"""Declared parameter constraints (private).

A function states the rule each numeric or option parameter obeys once, as
data, and converts its inputs through that declaration:

```python
_EOQ = Constraints(
    demand_rate=NON_NEGATIVE, ordering_cost=POSITIVE, holding_cost=POSITIVE
)

@_EOQ.declare
def economic_order_quantity(demand_rate, ordering_cost, holding_cost):
    d, s, h = _EOQ.convert(
        demand_rate=demand_rate, ordering_cost=ordering_cost, holding_cost=holding_cost
    )
    ...
```

The declaration is the check (so the two cannot drift apart), and it is
attached to the function (``constraints_of(func)``), so a common test can
generate the inputs that must be refused (``Interval.violations()``) for every
public function without a hand-kept list. The model is scikit-learn's
``utils/_param_validation.py`` (``Interval(Real, 0, None, closed="left")``,
``StrOptions``), without its per-call wrapper: declaring costs nothing at call
time.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeAlias, TypeVar

import numpy as np

from ecomops._core.typing import Closed, FloatArray
from ecomops._core.validation import (
    as_float_array,
    broadcast,
    check_option,
    check_range,
    is_scalar,
    real_scalar,
    to_output,
)

__all__ = [
    "FRACTION",
    "NON_NEGATIVE",
    "OPEN_FRACTION",
    "POSITIVE",
    "REAL",
    "Constraint",
    "Constraints",
    "Interval",
    "Options",
    "constraints_of",
]

_F = TypeVar("_F", bound=Callable[..., Any])
_ATTRIBUTE = "__ecomops_constraints__"


@dataclasses.dataclass(frozen=True, slots=True)
class Interval:
    """Numeric values in ``[low, high]`` (ends open or closed by ``closed``).

    ``None`` leaves an end unbounded; infinite values are always refused; NaN
    passes (it propagates to that element's answer) unless ``allow_nan`` is
    False.
    """

    low: float | None = None
    high: float | None = None
    closed: Closed = "both"
    allow_nan: bool = True
    _check: dict[str, float] = dataclasses.field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _range: list[float] = dataclasses.field(
        init=False, repr=False, compare=False, default_factory=list
    )

    def __post_init__(self) -> None:
        self._check.update(self._bounds())  # once: converting costs no more than the hand check
        low, high = self.low, self.high
        closed_low = self.closed in ("both", "left")
        closed_high = self.closed in ("both", "right")
        # The scalar path's bounds: ``lo <= x <= hi`` for closed ends; an open end is
        # the next float inwards, so one chained comparison decides every interval.
        lo = -math.inf if low is None else (low if closed_low else math.nextafter(low, math.inf))
        hi = (
            math.inf if high is None else (high if closed_high else math.nextafter(high, -math.inf))
        )
        self._range.extend((max(lo, -sys.float_info.max), min(hi, sys.float_info.max)))

    def accepts(self, value: float) -> bool:
        """Whether one float is finite and inside the interval (NaN is not: see ``convert``)."""
        lo, hi = self._range
        return lo <= value <= hi

    def convert_scalar(self, value: Any, name: str) -> float | None:
        """One real scalar inside the interval as a float, or ``None`` for the array path.

        Only values this interval accepts as they are take this path; NaN,
        infinities, values out of range and inputs of any other type return
        ``None``, so ``convert`` converts or refuses them with its messages.
        """
        x = real_scalar(value)
        if x is None:
            return None
        lo, hi = self._range
        return x if lo <= x <= hi else None

    def _bounds(self) -> dict[str, float]:
        bounds: dict[str, float] = {}
        if self.low is not None:
            bounds["ge" if self.closed in ("both", "left") else "gt"] = self.low
        if self.high is not None:
            bounds["le" if self.closed in ("both", "right") else "lt"] = self.high
        return bounds

    def convert(self, value: Any, name: str) -> FloatArray:
        """Convert ``value`` to float64 once and check the interval, vectorised."""
        arr = as_float_array(value, name, allow_nan=self.allow_nan)
        check_range(arr, name, **self._check)
        return arr

    def rule(self) -> str:
        """The rule in words: ``"> 0"``, ``">= 0 and <= 1"``, ``"finite"``."""
        symbols = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
        parts = [f"{symbols[op]} {bound:g}" for op, bound in self._bounds().items()]
        return " and ".join(parts) or "finite"

    def violations(self) -> tuple[float, ...]:
        """Values this constraint must refuse: just outside each end, infinity, NaN if so."""
        out: list[float] = [math.inf, -math.inf]
        if self.low is not None:
            out.append(self.low if self.closed in ("right", "neither") else self.low - 1.0)
        if self.high is not None:
            out.append(self.high if self.closed in ("left", "neither") else self.high + 1.0)
        if not self.allow_nan:
            out.append(math.nan)
        return tuple(out)

    def example(self) -> float:
        """A value inside the interval (for tests that need a valid input)."""
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2.0
        if self.low is not None:
            return self.low + 1.0
        if self.high is not None:
            return self.high - 1.0
        return 0.0


@dataclasses.dataclass(frozen=True, slots=True)
class Options:
    """One of a fixed set of exact option strings (no fuzzy matching)."""

    values: tuple[str, ...]

    def convert(self, value: Any, name: str) -> str:
        """Check the option; return it unchanged."""
        return str(check_option(value, name, self.values))

    def convert_scalar(self, value: Any, name: str) -> str | None:
        """The option when it is valid, else ``None`` (``convert`` then refuses it)."""
        return value if type(value) is str and value in self.values else None

    def rule(self) -> str:
        """The rule in words."""
        return "be one of " + ", ".join(repr(v) for v in self.values)

    def violations(self) -> tuple[object, ...]:
        """Values this constraint must refuse."""
        return ("not-an-option", self.values[0].upper() + "_", None)

    def example(self) -> str:
        """A valid option."""
        return self.values[0]


Constraint: TypeAlias = Interval | Options

#: The intervals most parameters obey.
REAL = Interval()
POSITIVE = Interval(0.0, None, "neither")
NON_NEGATIVE = Interval(0.0, None, "left")
FRACTION = Interval(0.0, 1.0, "both")
OPEN_FRACTION = Interval(0.0, 1.0, "neither")


class Constraints(Mapping[str, Constraint]):
    """The declared constraints of one function's parameters, by name."""

    __slots__ = ("_items", "_order", "_ranges")

    def __init__(self, **constraints: Constraint) -> None:
        self._items = dict(constraints)
        # The scalar plan, built once: each interval's ``(lo, hi)`` float bounds
        # (``Interval.accepts``), so a float is checked by one chained comparison
        # without a call per value; options keep their ``convert_scalar``.
        self._ranges: dict[str, tuple[float, float] | None] = {
            name: (c._range[0], c._range[1]) if isinstance(c, Interval) else None
            for name, c in constraints.items()
        }
        self._order = tuple(self._ranges.items())

    def __getitem__(self, name: str) -> Constraint:
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={v.rule()!r}" for k, v in self._items.items())
        return f"Constraints({body})"

    def declare(self, func: _F) -> _F:
        """Attach these constraints to ``func`` (no wrapper, no call-time cost)."""
        setattr(func, _ATTRIBUTE, self)
        return func

    def convert(self, **values: Any) -> tuple[Any, ...]:
        """Convert and check each named value by its declared constraint, in order."""
        items = self._items
        return tuple([items[name].convert(value, name) for name, value in values.items()])

    def convert_scalars(self, **values: Any) -> tuple[Any, ...] | None:
        """The scalar path of `convert`: Python floats (and options) or ``None``.

        When every value is a plain real scalar (or a valid option string) that
        its constraint accepts as it is, the checked floats come back without
        an array being built. Otherwise ``None``: the caller takes the array path
        (`convert`), which converts, lets NaN through, or refuses the input with
        the usual message, so both paths apply the same rules and messages.
        """
        ranges = self._ranges
        out = []
        for name, value in values.items():
            bounds = ranges[name]
            if bounds is None:  # an option
                x = self._items[name].convert_scalar(value, name)
                if x is None:
                    return None
            else:
                x = value if type(value) is float else real_scalar(value)
                if x is None or not bounds[0] <= x <= bounds[1]:
                    return None
            out.append(x)
        return tuple(out)

    def scalars(self, *values: Any) -> tuple[Any, ...] | None:
        """`convert_scalars` of values given by position, in the declared order.

        The per-request form (no keyword dictionary to build): the same rules,
        ``None`` whenever `convert_scalars` would give ``None``.
        """
        out = []
        for (name, bounds), value in zip(self._order, values, strict=True):
            if bounds is None:  # an option
                x = self._items[name].convert_scalar(value, name)
                if x is None:
                    return None
            else:
                x = value if type(value) is float else real_scalar(value)
                if x is None or not bounds[0] <= x <= bounds[1]:
                    return None
            out.append(x)
        return tuple(out)

    def evaluate(self, formula: Callable[..., Any], **values: Any) -> Any:
        """An element-wise function in one step: convert, broadcast, apply ``formula``.

        A Python scalar when every value is a scalar, an array of the broadcast
        shape otherwise (the house output rule of ``to_output``). Scalars that
        pass their constraints as they are skip the array conversion: ``formula``
        gets float64 scalars.
        """
        fast = self.convert_scalars(**values)
        if fast is not None:
            return to_output(formula(*[np.array(x) for x in fast]), True)
        scalar = all(is_scalar(v) for v in values.values())
        arrays = dict(zip(values, self.convert(**values), strict=True))
        return to_output(formula(*broadcast(**arrays)), scalar)


def constraints_of(func: Any) -> Constraints | None:
    """The constraints declared on ``func`` (a function or bound method), if any."""
    target = getattr(func, "__func__", func)
    found = getattr(target, _ATTRIBUTE, None)
    return found if isinstance(found, Constraints) else None
