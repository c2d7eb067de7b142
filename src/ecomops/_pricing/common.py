"""Shared pieces of `ecomops.pricing` (private).

* reading money inputs: `Money` and `MoneyArray` next to plain numbers, the
  currency they carry, and money answers (`Money` for a scalar, `MoneyArray`
  otherwise).
* `Record`: a table whose fields are either scalars (one item: a readable
  ``repr`` like a `Result`) or equal-length 1-D arrays (many items: a `Table`).
* fee-rate handling (a tuple lists fee components, summed; an array gives one
  total rate per element), infeasibility errors, bounds.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import numpy as np

from ecomops._core.results import Result, Table
from ecomops._core.typing import (
    INFEASIBLE_POLICIES,
    BoolArray,
    FloatArray,
    InfeasiblePolicy,
    IntArray,
)
from ecomops._core.validation import (
    as_float_array,
    check_option,
    first_index,
    is_scalar,
    raise_at,
)
from ecomops._money import Currency, CurrencyLike, Money, MoneyArray, to_decimal
from ecomops.exceptions import CurrencyMismatchError, InfeasibleProblemError, InvalidInputError

__all__ = [
    "Record",
    "all_scalar",
    "amount_array",
    "as_bounds",
    "fee_total",
    "handle_infeasible",
    "money_currency",
    "plain_amounts",
    "raise_infeasible",
    "to_money",
]


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Record(Table):
    """Scalars for one item, equal-length 1-D arrays (columns) for many.

    Fields set to ``None`` (statistics that do not apply) are hidden.
    """

    def _is_one(self) -> bool:
        return not self.column_names

    def _fields(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.repr and getattr(self, f.name) is not None
        }

    def _metadata(self) -> dict[str, Any]:
        cols = set(self.column_names)
        return {k: v for k, v in self._fields().items() if k not in cols}

    def columns(self) -> dict[str, np.ndarray]:
        """The fields as ``{name: array}``: one-row arrays for a single item.

        Examples
        --------
        >>> from ecomops.pricing import LinearDemand
        >>> LinearDemand(100.0, -2.0).columns()
        {'intercept': array([100.]), 'slope': array([-2.])}
        """
        if self._is_one():
            return {
                k: np.array([v]) for k, v in self._fields().items() if isinstance(v, int | float)
            }
        return Table.columns(self)

    def __len__(self) -> int:
        return 1 if self._is_one() else Table.__len__(self)

    def __repr__(self) -> str:
        if self._is_one():
            return Result.__repr__(self)
        return Table.__repr__(self)

    def _repr_html_(self) -> str:
        if self._is_one():
            return Result._repr_html_(self)
        return Table._repr_html_(self)


def all_scalar(*values: Any, fee_rates: Any = 0.0) -> bool:
    """True when the values and the fee rates are scalars: numbers, Money or 0-d arrays.

    The library's one scalar rule: a Python or numpy scalar or a 0-d array gives a
    Python float (or a Money). ``fee_rates`` may be a tuple of components: it
    counts when they all are scalars. A `MoneyArray` is always a column.
    """
    fees = fee_rates if isinstance(fee_rates, tuple) else (fee_rates,)
    return all(not isinstance(v, MoneyArray) and is_scalar(v) for v in (*values, *fees))


def plain_amounts(value: Any) -> Any:
    """A Money as its Decimal amount, a MoneyArray as float64 major units, others unchanged.

    The float of a money column's amount reads back as that amount (its shortest
    decimal form), so exact code downstream sees the same decimals.
    """
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, MoneyArray):
        return value.to_float()
    return value


def amount_array(value: Any, name: str, **kwargs: Any) -> FloatArray:
    """An amount input as float64 major units (``as_float_array`` options apply).

    Money and MoneyArray are read as their amounts, Decimal and numeric strings
    exactly (by their nearest float).
    """
    value = plain_amounts(value)
    if isinstance(value, Decimal | str):
        value = float(to_decimal(value, name))
    return as_float_array(value, name, **kwargs)


_NOT_MONEY = frozenset({float, int, str, Decimal, type(None)})


def money_currency(*values: Any, currency: CurrencyLike | None = None) -> Currency | None:
    """The currency of the money inputs and of ``currency=``; all must agree (None: no money)."""
    found = Currency(currency) if currency is not None else None
    for value in values:
        if type(value) in _NOT_MONEY:  # plain numbers (most inputs): nothing to read
            continue
        if isinstance(value, Money | MoneyArray):
            if found is None:
                found = value.currency
            elif value.currency is not found and value.currency != found:
                raise CurrencyMismatchError(
                    f"amounts in {value.currency.code} and {found.code} cannot be priced together"
                )
    return found


def to_money(minor: IntArray, currency: Currency, scalar: bool) -> Money | MoneyArray:
    """Money for a scalar answer, a MoneyArray of the same shape otherwise."""
    if scalar:
        return Money.from_minor(int(minor.reshape(-1)[0]), currency)
    return MoneyArray(minor, currency)


def fee_total(fee_rates: Any, name: str = "fee_rates") -> FloatArray:
    """Total fee rate: a tuple lists components (summed), anything else is per element.

    Each component must be in [0, 1); NaN is refused (a fee is never missing).
    """
    if isinstance(fee_rates, tuple):
        if not fee_rates:
            return np.zeros(())
        parts = [as_float_array(f, f"{name}[{i}]") for i, f in enumerate(fee_rates)]
        for i, part in enumerate(parts):
            raise_at(f"{name}[{i}]", "be in [0, 1)", (part < 0) | (part >= 1), part)
        try:
            total = np.asarray(sum(parts[1:], parts[0]), dtype=np.float64)
        except ValueError:
            shapes = ", ".join(str(p.shape) for p in parts)
            raise InvalidInputError(
                f"the components of {name} must broadcast to one shape; got {shapes}"
            ) from None
        return total
    arr = as_float_array(fee_rates, name)
    raise_at(name, "be in [0, 1)", (arr < 0) | (arr >= 1), arr)
    return arr


def raise_infeasible(what: str, mask: BoolArray, values: Any) -> None:
    """Raise `InfeasibleProblemError` naming the count and first index."""
    mask = np.asarray(mask, dtype=bool)
    count = int(np.count_nonzero(mask))
    if count == 0:
        return
    arr = np.asarray(values)
    if mask.ndim == 0:
        raise InfeasibleProblemError(f"{what}; got {arr.item()!r}")
    idx = first_index(mask)
    shown = arr[idx] if arr.ndim else arr[()]
    if isinstance(shown, np.generic):
        shown = shown.item()
    noun = "case has" if count == 1 else "cases have"
    raise InfeasibleProblemError(f"{what}; {count} {noun} none, first at index {idx}: {shown!r}")


def handle_infeasible(
    result: FloatArray, mask: BoolArray, values: Any, what: str, infeasible: InfeasiblePolicy
) -> FloatArray:
    """Raise for infeasible entries, or set them to NaN when the caller asked for it."""
    check_option(infeasible, "infeasible", INFEASIBLE_POLICIES)
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return result
    if infeasible == "raise":
        raise_infeasible(what, mask, values)
    out = np.array(result, dtype=np.float64, copy=True)
    out[mask] = np.nan
    return out


def as_bounds(bounds: Any) -> tuple[FloatArray, FloatArray]:
    """``(lower, upper)`` price bounds; ``None`` parts mean 0 and +inf."""
    if bounds is None:
        return np.zeros(()), np.full((), np.inf)
    if is_scalar(bounds) or len(bounds) != 2:
        raise InvalidInputError("bounds must be a pair (lower, upper); use None for no bound")
    lo_in, hi_in = bounds
    money_currency(lo_in, hi_in)  # money bounds: one currency
    lo = np.zeros(()) if lo_in is None else amount_array(lo_in, "bounds[0]")
    hi = np.full((), np.inf) if hi_in is None else amount_array(hi_in, "bounds[1]", allow_inf=True)
    raise_at("bounds[0]", "be >= 0", lo < 0, lo)
    raise_at("bounds[1]", "be > 0", hi <= 0, hi)
    return lo, hi
