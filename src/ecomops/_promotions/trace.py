"""Trace entries: what each promotion did, formatted only when read (private)."""

from __future__ import annotations

from typing import Any, NamedTuple

from ecomops._money import Currency

__all__ = ["TraceEntry", "format_minor"]


def format_minor(minor: int, currency: Currency) -> str:
    """``12345`` fen as ``"123.45"`` (no currency code)."""
    digits = currency.minor_units
    if digits == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}"


_TEMPLATES = {
    "applied": "applied: {0}",
    "threshold_not_met": "threshold {0} not met: {1}",
    "quantity_not_met": "needs {0} eligible units: {1}",
    "no_eligible_lines": "no eligible lines",
    "blocked": "eligible lines taken by {0} (stop further rules)",
    "stack_group_used": "stack group {0!r} already used by {1}",
    "nothing_left": "nothing left to discount",
    "bundle_incomplete": "bundle incomplete: not enough {0}",
    "no_saving": "bundle price {0} not below the standalone price {1}",
}
#: Values of each reason that are amounts of money (formatted in the currency).
_MONEY_VALUES = {
    "applied": (0,),
    "threshold_not_met": (0, 1),
    "no_saving": (0, 1),
}


class TraceEntry(NamedTuple):
    """What one promotion did in a settlement: applied with its amount, or skipped and why.

    Attributes
    ----------
    promotion_id : str
        The promotion's ``id``.
    level : str
        Its level (stage).
    applied : bool
        Whether it took anything off.
    discount_minor : int
        Amount it took off, in minor units (0 when skipped). [minor units]
    reason : str
        ``"applied"``, or why it was skipped: ``"threshold_not_met"``,
        ``"quantity_not_met"``, ``"no_eligible_lines"``, ``"blocked"``,
        ``"stack_group_used"``, ``"nothing_left"``, ``"bundle_incomplete"``,
        ``"no_saving"``.
    values : tuple
        The numbers behind the reason (amounts in minor units), e.g. the
        threshold and the amount reached.
    currency : Currency
        Currency of the amounts.

    Examples
    --------
    >>> from ecomops.promotions import Cart, Coupon, StackingPolicy, settle_cart
    >>> s = settle_cart(Cart(["tea"], [289], [1]), [Coupon(id="满300减30", amount=30,
    ...     threshold=300)], policy=StackingPolicy.preset("sequential_mall"))
    >>> entry = s.trace[0]
    >>> entry.applied, entry.reason, entry.values
    (False, 'threshold_not_met', (30000, 28900))
    >>> entry.message
    'threshold 300.00 not met: 289.00'
    """

    promotion_id: str
    level: str
    applied: bool
    discount_minor: int
    reason: str
    values: tuple[Any, ...]
    currency: Currency

    @property
    def message(self) -> str:
        """The entry in words, e.g. ``"threshold 300.00 not met: 289.00"`` (formatted on read)."""
        money = _MONEY_VALUES.get(self.reason, ())
        shown = [
            format_minor(v, self.currency) if k in money else v for k, v in enumerate(self.values)
        ]
        return _TEMPLATES[self.reason].format(*shown)

    def __str__(self) -> str:
        return f"{self.promotion_id} [{self.level}]: {self.message}"
