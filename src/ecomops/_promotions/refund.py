"""Refunds for returned lines: re-settle what is kept, refund the difference (private)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from ecomops._core.results import Result
from ecomops._money import Currency, Money, MoneyArray
from ecomops._promotions.arith import split
from ecomops._promotions.cart import Cart, Lines, cart_from_lines
from ecomops._promotions.policy import StackingPolicy
from ecomops._promotions.settle import Settlement, settle_cart
from ecomops.exceptions import InvalidInputError

__all__ = ["ReturnRefund", "refund_for_return"]


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class ReturnRefund(Result):
    r"""What a return refunds, per line, and the order as it stands afterwards.

    The order kept is settled again under the same promotions and policy; the
    refund is what the customer has paid so far minus what the kept order
    costs now, never below zero and never above what was paid:

    $$ R = \min\big(\max(H - P', 0),\, H\big), \qquad H \leftarrow H - R $$

    with $H$ the amount the customer still has paid and $P'$ the payable of
    the kept lines. A threshold discount or minimum-order coupon the kept lines
    no longer reach is taken back from the refund (``clawback``). When every
    unit is returned the shipping fee is refunded too, so the refunds of all
    successive returns of an order add up exactly to what was paid.

    Attributes
    ----------
    previous : Settlement
        The order before this return.
    settlement : Settlement
        The order after it: the same lines with the returned quantities taken
        off (lines may reach quantity 0), settled again.
    returned_quantities : tuple of int
        Pieces returned now, per line of the original cart (caller's order). [pieces]
    refund_minor : int
        The refund, in minor units. [minor units]
    line_refund_minor : tuple of int
        The refund split over the returned lines by what they had been paid,
        largest remainder, summing exactly to ``refund_minor``. [minor units]
    paid_minor : int
        What the customer has paid after this refund (the next return starts
        from it). [minor units]

    Properties: ``refund``, ``paid``, ``clawback`` ([`Money`][ecomops.money.Money]),
    ``line_refunds`` ([`MoneyArray`][ecomops.money.MoneyArray]), ``currency``.

    Examples
    --------
    >>> from ecomops.promotions import Cart, PercentOff, StackingPolicy, settle_cart
    >>> policy = StackingPolicy.preset("sequential_mall")
    >>> order = settle_cart(Cart(["tee"], [100], [3]), [PercentOff(id="9折", rate="9折")],
    ...                     policy=policy)
    >>> first = refund_for_return(order, {0: 2}, policy=policy)
    >>> first.refund, first.paid
    (Money('180.00', 'CNY'), Money('90.00', 'CNY'))
    >>> refund_for_return(first, [0], policy=policy).refund
    Money('90.00', 'CNY')
    """

    previous: Settlement
    settlement: Settlement
    returned_quantities: tuple[int, ...]
    refund_minor: int
    line_refund_minor: tuple[int, ...]
    paid_minor: int

    @property
    def currency(self) -> Currency:
        """The order's currency."""
        return self.settlement.currency

    @property
    def refund(self) -> Money:
        """What this return refunds. [money]"""
        return Money.from_minor(self.refund_minor, self.currency)

    @property
    def paid(self) -> Money:
        """What the customer has paid after this refund. [money]"""
        return Money.from_minor(self.paid_minor, self.currency)

    @property
    def line_refunds(self) -> MoneyArray:
        """The refund per line of the original cart (0 on lines not returned now). [money]"""
        return MoneyArray(list(self.line_refund_minor), self.currency)

    @property
    def clawback(self) -> Money:
        """Discount taken back: what the returned units had been paid, minus the refund. [money]"""
        before = self.previous.line_payables.minor
        after = self.settlement.line_payables.minor
        returned = [i for i, q in enumerate(self.returned_quantities) if q]
        value = sum(int(before[i]) - int(after[i]) for i in returned)
        shipping = _shipping_paid(self.previous) - _shipping_paid(self.settlement)
        return Money.from_minor(max(value + shipping - self.refund_minor, 0), self.currency)

    def __repr__(self) -> str:
        return f"ReturnRefund(refund={self.refund}, paid={self.paid})"


def _shipping_paid(s: Settlement) -> int:
    return s.cart.shipping_fee_minor - sum(s.shipping_discount_minor)


def _returned(returned_lines: Any, remaining: list[int]) -> list[int]:
    """Pieces returned per line from a mapping {line: pieces} or a sequence of whole lines."""
    n = len(remaining)
    out = [0] * n
    if isinstance(returned_lines, Mapping):
        items = list(returned_lines.items())
    elif isinstance(returned_lines, str | bytes) or not hasattr(returned_lines, "__iter__"):
        raise InvalidInputError(
            "returned_lines must be a mapping {line: pieces} or a sequence of line indices; "
            f"got {returned_lines!r}"
        )
    else:
        items = [(i, None) for i in returned_lines]
    for line, pieces in items:
        if isinstance(line, bool) or not hasattr(line, "__index__") or not 0 <= line < n:
            raise InvalidInputError(f"returned_lines must name lines in [0, {n}); got {line!r}")
        k = int(line)
        if pieces is None:
            out[k] += remaining[k] - out[k]
            continue
        if isinstance(pieces, bool) or not hasattr(pieces, "__index__") or pieces < 0:
            raise InvalidInputError(
                f"returned_lines[{k}] must be a whole number of pieces >= 0; got {pieces!r}"
            )
        out[k] += int(pieces)
        if out[k] > remaining[k]:
            raise InvalidInputError(
                f"returned_lines[{k}] returns {out[k]} pieces but only {remaining[k]} are kept"
            )
    return out


def _kept_cart(cart: Cart, kept: list[int]) -> Cart:
    """The same lines with ``kept`` pieces each (caller's order); no units left, no shipping."""
    lines = cart.lines
    prices = lines.to_caller(lines.prices)
    shipping = cart.shipping_fee_minor if any(kept) else 0
    new = Lines(list(cart.skus), prices, kept, list(cart.categories), list(cart.shops))
    return cart_from_lines(new, cart.currency, shipping)


def refund_for_return(
    settlement: Settlement | ReturnRefund,
    returned_lines: Mapping[int, int] | Iterable[int],
    *,
    policy: StackingPolicy,
) -> ReturnRefund:
    r"""Refund a return: settle the kept lines again and refund what no longer has to be paid.

    A threshold discount or a minimum-order coupon the kept lines no longer
    qualify for is taken back from the refund, so a returned threshold item
    cannot leave the customer a discount they no longer qualify for; the
    refunds of successive returns add up exactly to what was paid.

    $$ R = \min\big(\max(H - P', 0),\, H\big) $$

    with $H$ what the customer has paid so far and $P'$ the payable of the
    kept lines under the same promotions and policy.

    Parameters
    ----------
    settlement : Settlement or ReturnRefund
        The order: its settlement, or the result of its previous return.
    returned_lines : mapping of int to int, or sequence of int
        ``{line: pieces}`` returned now, or the indices of lines returned
        whole (all their kept pieces). Lines are indexed as in the original
        cart (caller's order). [pieces]
    policy : StackingPolicy
        The policy the order was settled with.

    Returns
    -------
    ReturnRefund
        The refund, its split over the returned lines, the clawback, and the
        order as it stands after the return.

    Raises
    ------
    InvalidInputError
        For a line index out of range, a negative or fractional number of
        pieces, or more pieces than are kept on a line.

    References
    ----------
    1. 淘宝, 《淘宝平台争议处理规则》 and 天猫, 《天猫跨店满减规则》: after a partial
       refund the order is recomputed and a 满减 discount the kept items no
       longer reach is deducted from the refund.

    Examples
    --------
    >>> from ecomops.promotions import Cart, Coupon, StackingPolicy, settle_cart
    >>> policy = StackingPolicy.preset("sequential_mall")
    >>> cart = Cart(["coat", "socks"], [150, 60], [1, 1])
    >>> order = settle_cart(cart, [Coupon(id="满200减50", amount=50, threshold=200)],
    ...                     policy=policy)
    >>> order.payable
    Money('160.00', 'CNY')
    >>> back = refund_for_return(order, [1], policy=policy)  # the socks met the threshold
    >>> back.refund, back.clawback
    (Money('10.00', 'CNY'), Money('35.71', 'CNY'))
    """
    if isinstance(settlement, ReturnRefund):
        current, held = settlement.settlement, settlement.paid_minor
    elif isinstance(settlement, Settlement):
        current, held = settlement, settlement.payable_minor
    else:
        raise InvalidInputError(
            f"settlement must be a Settlement or a ReturnRefund; got {type(settlement).__name__}"
        )
    if not isinstance(policy, StackingPolicy):
        raise InvalidInputError(f"policy must be a StackingPolicy; got {type(policy).__name__}")
    cart = current.cart
    lines = cart.lines
    remaining = lines.to_caller(lines.quantities)
    returned = _returned(returned_lines, remaining)
    kept = [r - q for r, q in zip(remaining, returned, strict=True)]
    after = settle_cart(_kept_cart(cart, kept), current.promotions, policy=policy)
    refund = min(max(held - after.payable_minor, 0), held)
    before_paid = current.line_payables.minor.tolist()
    after_paid = after.line_payables.minor.tolist()
    weights = [
        max(b - a, 0) if q else 0 for b, a, q in zip(before_paid, after_paid, returned, strict=True)
    ]
    if sum(weights) == 0:
        weights = list(returned) if any(returned) else [1] * len(returned)
    line_refunds = split(refund, weights) if weights and sum(weights) else []
    return ReturnRefund(current, after, tuple(returned), refund, tuple(line_refunds), held - refund)
