"""top_up_for_threshold (凑单): how much more to add to reach the next threshold (private).

For every threshold promotion whose next step the cart has not reached (a 满减
or coupon threshold not met, the next multiple of a 每满减 under its cap, the
next tier), the smallest extra spend is found by settling the cart with one
added line in the promotion's scope, its price searched exactly (doubling, then
bisection on minor units). With candidate items, the cheapest set of them that
reaches the step is found by a best-first enumeration of the candidate sets in
increasing added price, each checked by settling.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Sequence
from typing import Any

import numpy as np

from ecomops._core.results import Result, Table
from ecomops._money import Money, MoneyArray
from ecomops._promotions.arith import round_ratio
from ecomops._promotions.cart import Cart, Lines
from ecomops._promotions.compiled import Compiled
from ecomops._promotions.engine import run
from ecomops._promotions.models import Promotion
from ecomops._promotions.policy import StackingPolicy
from ecomops._promotions.rules import AmountRule, PercentRule, ThresholdRule
from ecomops._promotions.search import read_promotions
from ecomops._promotions.settle import (
    MAX_PROMOTIONS,
    Settlement,
    check_inputs,
    compile_promotions,
    settle_cart,
)
from ecomops.exceptions import InvalidInputError

__all__ = ["MAX_CANDIDATE_UNITS", "MAX_PLAN_NODES", "TopUp", "TopUpPlan", "top_up_for_threshold"]

#: Most candidate units (the candidates' quantities added up) one search takes.
MAX_CANDIDATE_UNITS = 64
#: Most candidate sets settled per promotion before the search gives up on it.
MAX_PLAN_NODES = 2_000
#: The added spend searched reaches at most this multiple of the step's threshold.
SPEND_FACTOR = 16
#: SKU of the line added to measure the smallest extra spend (when the scope names no SKU).
FILLER_SKU = "(top-up)"


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class TopUpPlan(Result):
    """Candidate items that reach one promotion's next step most cheaply.

    Attributes
    ----------
    promotion_id : str
        The promotion whose step the items reach.
    items : Cart
        The items to add (SKU, unit price, pieces, category, shop).
    added : Money
        Their price before promotions. [money]
    settlement : Settlement
        The settlement of the cart with the items added.
    payable : Money
        What the customer then pays. [money]
    unit_net_prices : MoneyArray
        到手价: each line's payable per piece after every discount, for the
        cart's lines then the added items (half-up to the minor unit; a line
        of 0 pieces shows its unit price). [money/unit]

    Examples
    --------
    >>> from ecomops.promotions import Cart, Coupon, StackingPolicy, top_up_for_threshold
    >>> top = top_up_for_threshold(Cart(["tea"], [180], [1]),
    ...     [Coupon(id="满200减30", amount=30, threshold=200)],
    ...     policy=StackingPolicy.preset("china_platform"),
    ...     candidates=Cart(["cup", "pot"], [25, 59], [2, 1]))
    >>> plan = top.plans[0]
    >>> plan.items.skus, plan.added, plan.payable
    (('cup',), Money('25.00', 'CNY'), Money('175.00', 'CNY'))
    >>> plan.unit_net_prices
    MoneyArray(['153.66', '21.34'], currency='CNY')
    """

    promotion_id: str
    items: Cart
    added: Money
    settlement: Settlement
    payable: Money
    unit_net_prices: MoneyArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class TopUp(Table):
    """凑单 options: one row per promotion whose next step is within reach.

    Attributes
    ----------
    promotion_id : ndarray of str
        The promotion.
    threshold : MoneyArray
        The step to reach: its threshold, the next multiple of a 每满减, or the
        next tier. [money]
    gap : MoneyArray
        The smallest extra spend (price before promotions of one added piece
        in the promotion's scope) that reaches it. [money]
    payable : MoneyArray
        What the customer pays after adding that spend. [money]
    current_payable : Money
        What the customer pays now. [money]
    plans : tuple of TopUpPlan or None
        With candidates, the cheapest candidate items reaching each row's step
        (``None`` where no candidate set does within the search's bounds);
        empty without candidates.

    Examples
    --------
    >>> from ecomops.promotions import Cart, StackingPolicy, ThresholdDiscount, top_up_for_threshold
    >>> top = top_up_for_threshold(Cart(["tea"], [350], [1]),
    ...     [ThresholdDiscount(id="每满200减30", threshold=200, off=30, repeat="every")],
    ...     policy=StackingPolicy.preset("china_platform"))
    >>> top.threshold
    MoneyArray(['400.00'], currency='CNY')
    >>> top.gap, top.payable
    (MoneyArray(['50.00'], currency='CNY'), MoneyArray(['340.00'], currency='CNY'))
    """

    promotion_id: np.ndarray
    threshold: MoneyArray
    gap: MoneyArray
    payable: MoneyArray
    current_payable: Money
    plans: tuple[TopUpPlan | None, ...] = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True)
class _Step:
    """The next step of one promotion: its threshold, and how to tell it is reached."""

    k: int  # index in the compiled list
    threshold: int
    discount: int  # the promotion's discount once the step is reached (0: any)


def _next_step(k: int, rule: Compiled, event: tuple[Any, ...]) -> _Step | None:
    """The step promotion ``k`` has not reached yet, from its event in the settlement."""
    _, applied, total, reason, _, _, _ = event
    kind = rule.rule
    if not applied and reason not in ("threshold_not_met", "no_eligible_lines"):
        return None
    if isinstance(kind, AmountRule | PercentRule):
        return None if applied or not kind.threshold else _Step(k, kind.threshold, 0)
    if not isinstance(kind, ThresholdRule):
        return None
    first, off = kind.tiers[0]
    if not applied:
        return _Step(k, first, off)
    if kind.repeat == "every":
        steps = total // off + 1
        if kind.cap is not None and steps * off > kind.cap:
            return None
        return _Step(k, steps * first, steps * off)
    higher = [(t, o) for t, o in kind.tiers if o > total]
    return _Step(k, higher[0][0], higher[0][1]) if kind.repeat == "tiered" and higher else None


def _reached(events: Sequence[tuple[Any, ...]], step: _Step) -> bool:
    for k, applied, total, *_ in events:
        if k == step.k:
            return bool(applied) and total >= step.discount
    return False  # pragma: no cover - every promotion has an event


class _Problem:
    """The cart, the compiled promotions and the policy, read once (private)."""

    def __init__(self, cart: Cart, compiled: list[Compiled], policy: StackingPolicy) -> None:
        self.cart = cart
        self.compiled = compiled
        self.policy = policy
        self.columns = (
            list(cart.skus), cart.unit_prices.minor.tolist(), cart.quantities.tolist(),
            list(cart.categories), list(cart.shops),
        )  # fmt: skip
        self.settles = 0

    def events(self, extra: Sequence[tuple[str, int, int, str, str]]) -> list[Any]:
        """Engine events of the cart with ``extra`` lines (sku, price, pieces, category, shop)."""
        self.settles += 1
        skus, prices, qty, cats, shops = (list(c) for c in self.columns)
        for sku, price, pieces, cat, shop in extra:
            skus.append(sku)
            prices.append(price)
            qty.append(pieces)
            cats.append(cat)
            shops.append(shop)
        lines = Lines(skus, prices, qty, cats, shops)
        result = run(lines, self.cart.shipping_fee_minor, self.compiled, self.policy)
        return result.events


def _filler(rule: Compiled) -> tuple[str, str, str]:
    """SKU, category and shop of an added piece in the promotion's scope."""
    sku = min(rule.skus) if rule.skus else FILLER_SKU
    cat = min(rule.categories) if rule.categories else ""
    shop = min(rule.shops) if rule.shops else ""
    return sku, cat, shop


def _smallest_spend(p: _Problem, step: _Step) -> int | None:
    """The least price of one added piece in scope that reaches the step (minor units)."""
    sku, cat, shop = _filler(p.compiled[step.k])

    def reaches(price: int) -> bool:
        return _reached(p.events([(sku, price, 1, cat, shop)]), step)

    limit = SPEND_FACTOR * step.threshold
    high = 1
    while not reaches(high):
        if high >= limit:
            return None
        high = min(2 * high, limit)
    low = high // 2  # does not reach (or 0)
    while high - low > 1:
        middle = (low + high) // 2
        if reaches(middle):
            high = middle
        else:
            low = middle
    return high


def _candidate_units(candidates: Cart) -> list[tuple[str, int, str, str]]:
    """The candidates as single pieces, cheapest first (ties by the cart's line key)."""
    lines = candidates.lines
    units = []
    for i in range(lines.n):
        unit = (lines.skus[i], lines.prices[i], lines.categories[i], lines.shops[i])
        units.extend([unit] * lines.quantities[i])
    if len(units) > MAX_CANDIDATE_UNITS:
        raise InvalidInputError(
            f"candidates must hold at most {MAX_CANDIDATE_UNITS} pieces in all; got {len(units)}"
        )
    return sorted(units, key=lambda u: (u[1], u[0], u[3], u[2]))


def _as_lines(units: list[tuple[str, int, str, str]], chosen: tuple[int, ...]) -> list[Any]:
    """Chosen pieces as extra lines, one line per distinct item with its pieces."""
    counts: dict[tuple[str, int, str, str], int] = {}
    for j in chosen:
        counts[units[j]] = counts.get(units[j], 0) + 1
    return [(s, price, n, c, h) for (s, price, c, h), n in counts.items()]


def _cheapest_set(
    p: _Problem, step: _Step, units: list[tuple[str, int, str, str]]
) -> tuple[int, ...] | None:
    """The cheapest set of candidate pieces reaching the step (best-first, bounded)."""
    if not units:
        return None
    heap: list[tuple[int, int, tuple[int, ...]]] = [(units[0][1], 1, (0,))]
    seen: set[tuple[Any, ...]] = set()
    nodes = 0
    while heap and nodes < MAX_PLAN_NODES:
        total, _, chosen = heapq.heappop(heap)
        last = chosen[-1]
        if last + 1 < len(units):  # every subset once, children never cheaper
            nxt = units[last + 1][1]
            heapq.heappush(heap, (total + nxt, len(chosen) + 1, (*chosen, last + 1)))
            swapped = (*chosen[:-1], last + 1)
            heapq.heappush(heap, (total - units[last][1] + nxt, len(chosen), swapped))
        key = tuple(sorted(_as_lines(units, chosen)))
        if key in seen:  # the same pieces as a set already checked (identical units)
            continue
        seen.add(key)
        nodes += 1
        if _reached(p.events(_as_lines(units, chosen)), step):
            return chosen
    return None


def _plan(
    p: _Problem, step: _Step, units: list[tuple[str, int, str, str]], promos: tuple[Any, ...]
) -> TopUpPlan | None:
    chosen = _cheapest_set(p, step, units)
    if chosen is None:
        return None
    extra = sorted(_as_lines(units, chosen))
    cart = p.cart
    items = Cart.from_minor(
        [e[0] for e in extra], [e[1] for e in extra], [e[2] for e in extra],
        categories=[e[3] for e in extra], shops=[e[4] for e in extra], currency=cart.currency,
    )  # fmt: skip
    sk, pr, qt, ca, sh = p.columns
    bigger = Cart.from_minor(
        [*sk, *items.skus], [*pr, *items.unit_prices.minor.tolist()],
        [*qt, *items.quantities.tolist()], categories=[*ca, *items.categories],
        shops=[*sh, *items.shops], currency=cart.currency,
        shipping_fee_minor=cart.shipping_fee_minor,
    )  # fmt: skip
    settlement = settle_cart(bigger, promos, policy=p.policy)
    return TopUpPlan(
        p.compiled[step.k].id, items, items.subtotal, settlement, settlement.payable,
        _unit_net_prices(settlement),
    )  # fmt: skip


def _unit_net_prices(settlement: Settlement) -> MoneyArray:
    """Each line's payable per piece, half-up; a line of 0 pieces shows its unit price."""
    payable = settlement.line_payables.minor.tolist()
    pieces = settlement.cart.quantities.tolist()
    prices = settlement.cart.unit_prices.minor.tolist()
    net = [
        round_ratio(v, q, "half_up") if q else price
        for v, q, price in zip(payable, pieces, prices, strict=True)
    ]
    return MoneyArray(np.array(net, dtype=np.int64), settlement.currency)


def top_up_for_threshold(
    cart: Cart,
    promotions: Sequence[Promotion],
    *,
    policy: StackingPolicy,
    candidates: Cart | None = None,
) -> TopUp:
    r"""凑单: the smallest extra spend that reaches each promotion's next threshold.

    For each threshold promotion (满减, 每满减, tiered 满减, 满X打N折, coupons
    with a minimum) whose next step the cart has not reached, the least price
    $x$ of one added piece in the promotion's scope such that, settled with
    the cart under ``policy``, the promotion reaches the step:

    $$
    x^* = \min\{x : D_j(\text{cart} + x) \ge D_j^{\text{next}}\}
    $$

    where $D_j^{\text{next}}$ is the promotion's discount at the step (any
    discount for a threshold not yet met; $(k+1)Y$ for the next multiple of a
    每满减 while under its cap; the next tier's off). With ``candidates``, the
    cheapest set of candidate pieces (least added price, then fewest pieces)
    that reaches the same step, with the new payable and the 到手价 of every
    piece.

    Parameters
    ----------
    cart : Cart
        The cart as it stands.
    promotions : sequence of Promotion
        The promotions and coupons in force.
    policy : StackingPolicy
        How they stack.
    candidates : Cart, optional
        Items the shopper could add (recommendations, the same shop's
        catalogue): each line's quantity is how many pieces of it may be
        added; at most 64 pieces in all.

    Returns
    -------
    TopUp
        One row per promotion whose next step is within reach, smallest gap
        first: the step's threshold, the gap, the payable after adding it; and
        with candidates one `TopUpPlan` per row.

    Raises
    ------
    InvalidInputError
        For the input errors of ``settle_cart``, candidates that are not a
        `Cart` in the cart's currency, or more than 64 candidate pieces.

    Notes
    -----
    The added piece takes the promotion's scope (its first SKU, category and
    shop when it names them) and so also gets the item discounts that scope
    gets: the gap is in prices before promotions. The search doubles the
    price from one minor unit, then bisects: about $2 \log_2 x^*$ settlements,
    up to 16 times the step's threshold (a step beyond that is left out). It
    is exact when the promotion's judged amount grows with the added price,
    which holds unless the added piece makes an earlier threshold promotion
    apply under sequential thresholds. Candidate sets are enumerated in
    increasing added price (each subset once, every child at least as dear as
    its parent), at most 2,000 settled per promotion. Quantity thresholds
    (满N件) are not searched.

    References
    ----------
    1. 淘宝, 《淘宝平台优惠券使用规则》 and 天猫, 《天猫跨店满减规则》 (凑单: the
       checkout's "还差 x 元" hint towards the next 满减 step).
    2. Lawler, E. L. (1972), "A procedure for computing the K best solutions to
       discrete optimization problems", *Management Science* 18(7), 401-405
       (enumerating solutions in order of cost).

    Examples
    --------
    >>> from ecomops.promotions import Cart, Coupon, StackingPolicy, top_up_for_threshold
    >>> top = top_up_for_threshold(Cart(["tea"], [180], [1]),
    ...     [Coupon(id="满200减30", amount=30, threshold=200)],
    ...     policy=StackingPolicy.preset("china_platform"))
    >>> top.gap, top.payable
    (MoneyArray(['20.00'], currency='CNY'), MoneyArray(['170.00'], currency='CNY'))
    >>> top.current_payable
    Money('180.00', 'CNY')
    """
    check_inputs(cart, policy)
    promos = read_promotions(promotions, "promotions", MAX_PROMOTIONS)
    promos, compiled = compile_promotions(promos, cart.currency, policy)
    units = _read_candidates(candidates, cart)
    p = _Problem(cart, compiled, policy)
    now = p.events([])
    steps = [s for k, e in enumerate(_by_promotion(now)) if (s := _next_step(k, compiled[k], e))]
    rows = []
    for step in steps:
        gap = _smallest_spend(p, step)
        if gap is not None:
            rows.append((gap, compiled[step.k].id, step))
    rows.sort(key=lambda r: (r[0], r[1]))
    return _table(p, rows, units, promos)


def _by_promotion(events: list[Any]) -> list[Any]:
    """Events in the caller's promotion order."""
    out: list[Any] = [None] * len(events)
    for event in events:
        out[event[0]] = event
    return out


def _read_candidates(candidates: Any, cart: Cart) -> list[tuple[str, int, str, str]] | None:
    if candidates is None:
        return None
    if not isinstance(candidates, Cart):
        raise InvalidInputError(f"candidates must be a Cart; got {type(candidates).__name__}")
    if candidates.currency != cart.currency:
        raise InvalidInputError(
            f"candidates must be in the cart's {cart.currency.code}; got {candidates.currency.code}"
        )
    return _candidate_units(candidates)


def _with_piece(p: _Problem, piece: tuple[str, int, str, str]) -> Cart:
    """The cart with one more line: one piece of (sku, price, category, shop)."""
    sku, price, cat, shop = piece
    s, pr, q, c, h = p.columns
    return Cart.from_minor(
        [*s, sku], [*pr, price], [*q, 1], categories=[*c, cat], shops=[*h, shop],
        currency=p.cart.currency, shipping_fee_minor=p.cart.shipping_fee_minor,
    )  # fmt: skip


def _table(
    p: _Problem,
    rows: list[tuple[int, str, _Step]],
    units: list[tuple[str, int, str, str]] | None,
    promos: tuple[Any, ...],
) -> TopUp:
    cur = p.cart.currency
    payables = []
    for gap, _, step in rows:
        sku, cat, shop = _filler(p.compiled[step.k])
        topped = _with_piece(p, (sku, gap, cat, shop))
        payables.append(settle_cart(topped, promos, policy=p.policy).payable_minor)
    plans = tuple(_plan(p, step, units, promos) for _, _, step in rows) if units is not None else ()
    current = settle_cart(p.cart, promos, policy=p.policy).payable
    return TopUp(
        np.array([r[1] for r in rows], dtype=str),
        MoneyArray(np.array([r[2].threshold for r in rows], dtype=np.int64), cur),
        MoneyArray(np.array([r[0] for r in rows], dtype=np.int64), cur),
        MoneyArray(np.array(payables, dtype=np.int64), cur),
        current,
        plans,
    )
