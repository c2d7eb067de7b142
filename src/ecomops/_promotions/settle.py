"""settle_cart and its result, the Settlement (private)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ecomops._core.results import Result, Table
from ecomops._core.typing import IntArray
from ecomops._core.validation import read_only
from ecomops._money import Currency, Money, MoneyArray
from ecomops._promotions.cart import Cart
from ecomops._promotions.compiled import Compiled
from ecomops._promotions.engine import EngineResult, run
from ecomops._promotions.models import Promotion
from ecomops._promotions.policy import StackingPolicy
from ecomops._promotions.trace import TraceEntry
from ecomops.exceptions import InvalidInputError

__all__ = [
    "Settlement",
    "SettlementLines",
    "check_inputs",
    "compile_promotions",
    "settle_cart",
    "settlement_from",
]

#: Most promotions one settlement takes (each is linear in the lines).
MAX_PROMOTIONS = 1_000


def compile_promotions(
    promotions: Iterable[Promotion], currency: Currency, policy: StackingPolicy
) -> tuple[tuple[Promotion, ...], list[Compiled]]:
    """The promotions as a tuple and their compiled rules, checked against a cart's currency.

    Refuses a non-promotion, a duplicate ``id``, another currency, or a level
    the policy does not list, naming the offending position.
    """
    candidate: Any = promotions
    if isinstance(candidate, Promotion | str | bytes) or not isinstance(candidate, Iterable):
        raise InvalidInputError(
            f"promotions must be a sequence of promotion models; got {type(promotions).__name__}"
        )
    promos = tuple(promotions)
    if len(promos) > MAX_PROMOTIONS:
        raise InvalidInputError(f"promotions must hold at most {MAX_PROMOTIONS}; got {len(promos)}")
    compiled = []
    seen: set[str] = set()
    stage = policy.__pydantic_private__["_stage"]  # type: ignore[index]
    for k, p in enumerate(promos):
        if not isinstance(p, Promotion):
            raise InvalidInputError(
                f"promotions[{k}] must be a promotion model; got {type(p).__name__}"
            )
        c = p.__pydantic_private__["_compiled"]  # type: ignore[index]
        if c.currency != currency.code:
            raise InvalidInputError(
                f"promotions[{k}].currency must be the cart's {currency.code}; got {c.currency}"
            )
        if c.id in seen:
            raise InvalidInputError(f"promotions[{k}].id must be unique; {c.id!r} repeats")
        if c.level not in stage:
            raise InvalidInputError(
                f"promotions[{k}].level {c.level!r} is not in the policy's levels {policy.levels}"
            )
        seen.add(c.id)
        compiled.append(c)
    return promos, compiled


def check_inputs(cart: Any, policy: Any) -> None:
    """Refuse a cart that is not a `Cart` or a policy that is not a `StackingPolicy`."""
    if not isinstance(cart, Cart):
        raise InvalidInputError(f"cart must be a Cart; got {type(cart).__name__}")
    if not isinstance(policy, StackingPolicy):
        raise InvalidInputError(f"policy must be a StackingPolicy; got {type(policy).__name__}")


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class SettlementLines(Table):
    """A settlement per cart line: what each line cost before and after its discounts.

    Attributes
    ----------
    sku, category, shop : ndarray of str
        The line's keys, in the caller's line order.
    quantity : ndarray of int64
        Pieces on the line. [pieces]
    unit_price : MoneyArray
        Unit price before promotions. [money/unit]
    line_subtotal : MoneyArray
        Unit price times quantity. [money]
    line_discount : MoneyArray
        All promotions' discounts on the line. [money]
    line_payable : MoneyArray
        ``line_subtotal - line_discount``, >= 0 (shipping not included). [money]

    Examples
    --------
    >>> from ecomops.promotions import Cart, PercentOff, StackingPolicy, settle_cart
    >>> s = settle_cart(Cart(["tea", "cup"], [100, 50], [1, 2]), [PercentOff(id="9折",
    ...                 rate="9折")], policy=StackingPolicy.preset("sequential_mall"))
    >>> s.lines().line_payable
    MoneyArray(['90.00', '90.00'], currency='CNY')
    """

    sku: np.ndarray
    category: np.ndarray
    shop: np.ndarray
    quantity: IntArray
    unit_price: MoneyArray
    line_subtotal: MoneyArray
    line_discount: MoneyArray
    line_payable: MoneyArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Settlement(Result):
    r"""A settled cart: subtotal, discounts, payable, their split over lines, and the trace.

    Every amount is exact; the per-line parts of each discount sum to it
    exactly, and no line is payable below zero.

    $$ \text{payable} = \text{subtotal} + \text{shipping fee} - \sum_j D_j $$

    Attributes
    ----------
    cart : Cart
        The cart settled.
    promotions : tuple of Promotion
        The promotions offered, in the caller's order (the columns of
        ``allocations``).
    policy : StackingPolicy
        The stacking policy used.
    trace : tuple of TraceEntry
        One entry per promotion, in application order: applied with its amount,
        or skipped with the reason (``entry.message``: "threshold 300.00 not met: 289.00").
    allocation_minor : tuple of tuple of int
        Per promotion (caller's order), the discount on each line (caller's
        line order), in minor units. [minor units]
    shipping_discount_minor : tuple of int
        Per promotion, the discount on the shipping fee, in minor units. [minor units]

    Properties: ``subtotal``, ``shipping_fee``, ``total_discount``, ``payable``
    ([`Money`][ecomops.money.Money]); ``effective_discount_rate`` and
    ``effective_zhe`` (floats); ``allocations`` (2-D int64, lines × promotions,
    minor units); ``discounts``, ``shipping_discounts`` (per promotion),
    ``line_subtotals``, ``line_discounts``, ``line_payables`` (per line) as
    [`MoneyArray`][ecomops.money.MoneyArray]; ``promotion_ids``.

    Examples
    --------
    >>> from ecomops.promotions import Cart, PercentOff, StackingPolicy, settle_cart
    >>> s = settle_cart(Cart(["a", "b", "c"], [100, 100, 100], [1, 1, 1]),
    ...                 [PercentOff(id="9折", rate="9折")],
    ...                 policy=StackingPolicy.preset("sequential_mall"))
    >>> s.payable, s.effective_zhe
    (Money('270.00', 'CNY'), 9.0)
    >>> s.line_payables
    MoneyArray(['90.00', '90.00', '90.00'], currency='CNY')
    """

    cart: Cart
    promotions: tuple[Promotion, ...]
    policy: StackingPolicy
    trace: tuple[TraceEntry, ...]
    allocation_minor: tuple[tuple[int, ...], ...]
    shipping_discount_minor: tuple[int, ...]

    def __post_init__(self) -> None:
        """No array fields to freeze: every field is immutable already (tuples, frozen models)."""

    # amounts --------------------------------------------------------------------
    @property
    def currency(self) -> Currency:
        """The cart's currency."""
        return self.cart.currency

    @property
    def subtotal(self) -> Money:
        """Sum of the line subtotals before promotions and shipping. [money]"""
        return self.cart.subtotal

    @property
    def shipping_fee(self) -> Money:
        """Shipping fee before shipping-level promotions. [money]"""
        return self.cart.shipping_fee

    @property
    def total_discount_minor(self) -> int:
        """Every discount, lines and shipping, in minor units. [minor units]"""
        return sum(map(sum, self.allocation_minor)) + sum(self.shipping_discount_minor)

    @property
    def payable_minor(self) -> int:
        """What the customer pays, in minor units. [minor units]"""
        return (
            sum(self.cart.lines.amounts) + self.cart.shipping_fee_minor - self.total_discount_minor
        )

    @property
    def total_discount(self) -> Money:
        """Every discount taken off, lines and shipping. [money]"""
        return Money.from_minor(self.total_discount_minor, self.currency)

    @property
    def payable(self) -> Money:
        """What the customer pays: subtotal + shipping fee - total discount, >= 0. [money]"""
        return Money.from_minor(self.payable_minor, self.currency)

    @property
    def effective_discount_rate(self) -> float:
        """Total discount over subtotal plus shipping fee (0 for an empty cart). [fraction]"""
        gross = sum(self.cart.lines.amounts) + self.cart.shipping_fee_minor
        return self.total_discount_minor / gross if gross else 0.0

    @property
    def effective_zhe(self) -> float:
        """The effective discount in 折: 10 × payable / (subtotal + shipping fee). [折]"""
        return 10.0 * (1.0 - self.effective_discount_rate)

    # per promotion and per line ----------------------------------------------------
    @property
    def promotion_ids(self) -> tuple[str, ...]:
        """The promotions' ids, in the caller's order."""
        return tuple(p.id for p in self.promotions)

    @property
    def allocations(self) -> IntArray:
        """Discount of each promotion on each line: int64 minor units, lines × promotions."""
        n, m = len(self.cart), len(self.promotions)
        out = np.zeros((n, m), dtype=np.int64)
        for j, column in enumerate(self.allocation_minor):
            out[:, j] = column
        return read_only(out)

    @property
    def discounts(self) -> MoneyArray:
        """Total discount of each promotion (lines and shipping), in the caller's order."""
        return MoneyArray(
            [
                sum(c) + s
                for c, s in zip(self.allocation_minor, self.shipping_discount_minor, strict=True)
            ],
            self.currency,
        )

    @property
    def shipping_discounts(self) -> MoneyArray:
        """Discount of each promotion on the shipping fee."""
        return MoneyArray(list(self.shipping_discount_minor), self.currency)

    @property
    def line_subtotals(self) -> MoneyArray:
        """Unit price times quantity of each line (caller's order)."""
        return self.cart.line_subtotals

    @property
    def line_discounts(self) -> MoneyArray:
        """Discount on each line, all promotions together (caller's order)."""
        return MoneyArray(self._line_discount_minor(), self.currency)

    @property
    def line_payables(self) -> MoneyArray:
        """What each line costs after its discounts (caller's order); shipping not included."""
        lines = self.cart.lines
        amounts = lines.to_caller(lines.amounts)
        paid = [a - d for a, d in zip(amounts, self._line_discount_minor(), strict=True)]
        return MoneyArray(paid, self.currency)

    def _line_discount_minor(self) -> list[int]:
        totals = [0] * len(self.cart)
        for column in self.allocation_minor:
            for i, v in enumerate(column):
                totals[i] += v
        return totals

    def lines(self) -> SettlementLines:
        """The settlement per line as a table (``to_pandas()``, ``to_polars()``).

        Examples
        --------
        >>> from ecomops.promotions import Cart, StackingPolicy, settle_cart
        >>> t = settle_cart(Cart(["tea"], [10], [3]), [],
        ...                 policy=StackingPolicy.preset("sequential_mall")).lines()
        >>> t.column_names[:5]
        ('sku', 'category', 'shop', 'quantity', 'unit_price')
        >>> t.line_payable
        MoneyArray(['30.00'], currency='CNY')
        """
        cart = self.cart
        return SettlementLines(
            np.array(cart.skus, dtype=str),
            np.array(cart.categories, dtype=str),
            np.array(cart.shops, dtype=str),
            cart.quantities,
            cart.unit_prices,
            cart.line_subtotals,
            self.line_discounts,
            self.line_payables,
        )

    def explain(self) -> str:
        """The trace as text, one line per promotion, then the totals.

        Examples
        --------
        >>> from ecomops.promotions import Cart, Coupon, StackingPolicy, settle_cart
        >>> s = settle_cart(Cart(["tea"], [289], [1]), [Coupon(id="满300减30", amount=30,
        ...     threshold=300)], policy=StackingPolicy.preset("sequential_mall"))
        >>> print(s.explain())
        满300减30 [shop]: threshold 300.00 not met: 289.00
        payable 289.00 CNY (subtotal 289.00, discount 0.00)
        """
        lines = [str(entry) for entry in self.trace]
        lines.append(
            f"payable {self.payable} (subtotal {self.subtotal.amount}, "
            f"discount {self.total_discount.amount})"
        )
        return "\n".join(lines)

    def __repr__(self) -> str:
        applied = [e.promotion_id for e in self.trace if e.applied]
        return (
            f"Settlement(subtotal={self.subtotal}, total_discount={self.total_discount}, "
            f"payable={self.payable}, applied={applied})"
        )


def settlement_from(
    cart: Cart,
    promos: tuple[Promotion, ...],
    compiled: Sequence[Compiled],
    policy: StackingPolicy,
    result: EngineResult,
) -> Settlement:
    """Wrap an engine result into a `Settlement` (caller's line and promotion order)."""
    lines = cart.lines
    n, m = lines.n, len(promos)
    order = lines.order
    zeros = (0,) * n
    columns: list[tuple[int, ...]] = [zeros] * m
    shipping = [0] * m
    currency = cart.currency
    trace = []
    for k, applied, total, reason, values, targets, shares in result.events:
        p = compiled[k]
        trace.append(TraceEntry(p.id, p.level, applied, total, reason, values, currency))
        if not applied:
            continue
        if targets and targets[0] == n:
            shipping[k] = shares[0]
            continue
        column = [0] * n
        for t, s in zip(targets, shares, strict=True):
            column[order[t]] = s
        columns[k] = tuple(column)
    return Settlement(cart, promos, policy, tuple(trace), tuple(columns), tuple(shipping))


def settle_cart(
    cart: Cart, promotions: Sequence[Promotion], *, policy: StackingPolicy
) -> Settlement:
    r"""Settle a cart under promotions and a stacking policy, exactly, with a trace.

    Promotions run stage by stage (the policy's ``levels``); each judges its
    threshold and computes its discount on the amounts the policy names, takes
    at most what is left of its eligible lines, and splits its discount over
    them by largest remainder:

    $$
    \text{payable} = \sum_i p_i q_i + f - \sum_j D_j \ge 0, \qquad
    \sum_i a_{ij} = D_j
    $$

    with $p_i, q_i$ the unit price and quantity of line $i$, $f$ the shipping
    fee, $D_j$ the discount of promotion $j$ and $a_{ij}$ its part on line $i$.

    Parameters
    ----------
    cart : Cart
        The cart (validated once, at its construction).
    promotions : sequence of Promotion
        The promotions and coupons offered, unique ``id``, in the cart's currency.
    policy : StackingPolicy
        How they stack; see [`StackingPolicy.preset`][ecomops.promotions.StackingPolicy.preset].

    Returns
    -------
    Settlement
        Subtotal, total discount, payable, the per-line allocation of every
        discount (minor units) and the trace.

    Raises
    ------
    InvalidInputError
        For a cart or policy of the wrong type, a promotion in another currency,
        a duplicate id, or a level the policy does not list.

    Notes
    -----
    Line order never changes an amount: ties (cheapest unit, largest remainder)
    are broken by the stable line key (sku, shop, category, unit price,
    quantity). Bounds: at most 1,000 promotions; each is linear in the lines
    (buy X get Y, bundles and graduated tiers sort them).

    References
    ----------
    1. 天猫, 《天猫跨店满减规则》; 淘宝, 《淘宝平台优惠券使用规则》 (parallel thresholds).
    2. commercetools, *Cart Discounts* (sort order, stacking mode), docs.commercetools.com.
    3. Balinski, M. L. and Young, H. P. (2001), *Fair Representation*, 2nd ed.
       (largest remainder).

    Examples
    --------
    >>> from ecomops.promotions import Cart, Coupon, StackingPolicy, ThresholdDiscount
    >>> cart = Cart(["tea", "cup"], ["199.00", "100.00"], [1, 1])
    >>> offers = [
    ...     ThresholdDiscount(id="每满200减30", threshold=200, off=30, repeat="every",
    ...                       level="cross_shop"),
    ...     Coupon(id="满200减20", amount=20, threshold=200, level="platform"),
    ... ]
    >>> s = settle_cart(cart, offers, policy=StackingPolicy.preset("china_platform"))
    >>> s.payable
    Money('249.00', 'CNY')
    >>> s.allocations.tolist()
    [[1997, 1331], [1003, 669]]
    """
    check_inputs(cart, policy)
    promos, compiled = compile_promotions(promotions, cart.currency, policy)
    result = run(cart.lines, cart.shipping_fee_minor, compiled, policy)
    return settlement_from(cart, promos, compiled, policy, result)
